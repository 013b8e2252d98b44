//! Pictures, places and replies through their services on both back-ends: who may add and
//! remove pictures, what is kept of an upload (no metadata; bombs refused), a picture hidden
//! alone; a community's areas from GeoJSON or names, an idea's area and point, the filter, the
//! results per area; replies threaded three deep with their authors told once.

use app::both_backends;
use app::error::AppError;
use app::i18n::Msg;
use app::moderation::rules::{ContentRef, Kind};
use app::server::db::Db;
use app::testing::{count, demo, draft, jpeg, phone_photo, png_claiming, Demo, DISTRICTS, SLUG};
use app::{comments, consultations, ideas, pictures, places};

fn field_error(result: Result<impl std::fmt::Debug, AppError>) -> (String, Msg) {
    match result {
        Err(AppError::Validation(e)) => (e[0].field.clone(), e[0].msg),
        other => panic!("expected a field error, got {other:?}"),
    }
}

/// The consultation page, newest first, as an anonymous reader sees it.
async fn newest(d: &Demo) -> app::consultations::ConsultationView {
    consultations::service::consultation_page(&d.anonymous, d.consultation, "new", "1", "", "")
        .await
        .unwrap()
}

async fn idea_of(d: &Demo) -> i64 {
    ideas::service::create_idea(&d.resident, d.consultation, &draft("Klopi ob Ljubljanici"))
        .await
        .unwrap()
}

both_backends!(
    pictures_lose_their_metadata_and_hostile_uploads_are_refused,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        let idea = idea_of(&d).await;
        // Someone else's idea: refused, nothing stored.
        let refused =
            pictures::service::add_picture(&d.other_resident, idea, "Klop", jpeg(64, 48)).await;
        assert_eq!(refused.err(), Some(AppError::Forbidden));
        // Alt text is required; both fields' errors come at once.
        let both = pictures::service::add_picture(&d.resident, idea, " ", Vec::new()).await;
        match both {
            Err(AppError::Validation(e)) => {
                let found: Vec<_> = e.iter().map(|e| (e.field.as_str(), e.msg)).collect();
                assert_eq!(
                    found,
                    [
                        ("alt", Msg::ErrAltMissing),
                        ("picture", Msg::ErrCoverMissing)
                    ]
                );
            }
            other => panic!("{other:?}"),
        }
        // A PNG claiming 100,000 × 100,000 pixels, and a file over 8 MB: refused by size.
        let bomb = png_claiming(100_000, 100_000);
        assert!(bomb.len() < 100);
        let refused = pictures::service::add_picture(&d.resident, idea, "Bomba", bomb).await;
        assert_eq!(
            field_error(refused),
            ("picture".into(), Msg::ErrCoverTooLarge)
        );
        let huge = vec![0xFF; 20 * 1024 * 1024];
        let refused = pictures::service::add_picture(&d.resident, idea, "Velika", huge).await;
        assert_eq!(
            field_error(refused),
            ("picture".into(), Msg::ErrCoverTooLarge)
        );
        assert_eq!(count(&db, "SELECT COUNT(*) FROM images").await, 0);
        // A phone photo with GPS: kept upright, without any of its metadata, with a thumbnail.
        let photo = phone_photo(900, 600);
        let id = pictures::service::add_picture(&d.resident, idea, "Klop ob reki", photo)
            .await
            .unwrap();
        let full = pictures::service::file(&db, id, false).await.unwrap();
        let thumb = pictures::service::file(&db, id, true).await.unwrap();
        for f in [&full, &thumb] {
            let has = |needle: &[u8]| f.bytes.windows(needle.len()).any(|w| w == needle);
            assert!(!has(b"Exif") && !has(b"GPS") && !has(b"46.0569"));
            assert_eq!(f.public, 1);
        }
        let shown = image::load_from_memory(&full.bytes).unwrap();
        assert_eq!(
            (shown.width(), shown.height()),
            (600, 900),
            "turned upright"
        );
        let small = image::load_from_memory(&thumb.bytes).unwrap();
        assert_eq!((small.width(), small.height()), (480, 320));
        // Three at most.
        for n in 0..2 {
            pictures::service::add_picture(&d.resident, idea, &format!("Slika {n}"), jpeg(64, 48))
                .await
                .unwrap();
        }
        let fourth =
            pictures::service::add_picture(&d.resident, idea, "Četrta", jpeg(64, 48)).await;
        assert_eq!(
            field_error(fourth),
            ("picture".into(), Msg::ErrTooManyPictures)
        );
        // The card shows the first; the page all three, with their sizes.
        let page = newest(&d).await;
        let card = page.ideas.iter().find(|c| c.id == idea).unwrap();
        assert_eq!(
            card.picture.as_ref().map(|p| (p.id, p.alt.as_str())),
            Some((id, "Klop ob reki"))
        );
        let view = ideas::service::idea_page(&d.anonymous, idea).await.unwrap();
        assert_eq!(view.pictures.shown.len(), 3);
        assert_eq!(
            (view.pictures.shown[0].width, view.pictures.shown[0].height),
            (600, 900)
        );
        assert!(!view.pictures.can_change);
        assert!(
            ideas::service::idea_page(&d.resident, idea)
                .await
                .unwrap()
                .pictures
                .can_change
        );
        // A moderator hides the first picture alone: gone from the card and the page for the
        // public, its file refused to them; its author still sees it, marked hidden.
        let r = ContentRef::new(Kind::Picture, id);
        // Reported first: it waits in the queue with its alt text.
        app::moderation::service::report(&d.other_resident, r, "offensive", "")
            .await
            .unwrap();
        let queued = "SELECT COUNT(*) FROM queue_items WHERE target_kind = 'picture'";
        assert_eq!(count(&db, queued).await, 1);
        app::moderation::service::decide(&d.moderator, &[r], "hide", "offensive", "")
            .await
            .unwrap();
        let view = ideas::service::idea_page(&d.anonymous, idea).await.unwrap();
        assert_eq!(view.pictures.shown.len(), 2);
        assert_eq!(view.title, "Klopi ob Ljubljanici", "the idea stays");
        let page = newest(&d).await;
        let card = page.ideas.iter().find(|c| c.id == idea).unwrap();
        assert_ne!(card.picture.as_ref().map(|p| p.id), Some(id));
        let f = pictures::service::file(&db, id, false).await.unwrap();
        assert_eq!(f.public, 0);
        assert!(!pictures::service::may_see(&d.other_resident, &f));
        assert!(pictures::service::may_see(&d.resident, &f));
        let mine = ideas::service::idea_page(&d.resident, idea).await.unwrap();
        let notice = mine.pictures.shown[0]
            .hidden
            .clone()
            .expect("shown to its author, hidden");
        assert_eq!(notice.appeal, app::moderation::AppealState::None);
        // Its author appeals; the page says the appeal waits.
        app::moderation::service::appeal(&d.resident, r, "Na sliki je le klop.")
            .await
            .unwrap();
        let mine = ideas::service::idea_page(&d.resident, idea).await.unwrap();
        let notice = mine.pictures.shown[0].hidden.clone().unwrap();
        assert_eq!(notice.appeal, app::moderation::AppealState::Pending);
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM audit_log WHERE target_kind = 'picture'"
            )
            .await,
            1
        );
        // Removing one takes its two files with it.
        let before = count(&db, "SELECT COUNT(*) FROM images").await;
        let removed = pictures::service::remove_picture(&d.other_resident, id).await;
        assert_eq!(removed.err(), Some(AppError::Forbidden));
        assert_eq!(
            pictures::service::remove_picture(&d.resident, id)
                .await
                .unwrap(),
            idea
        );
        assert_eq!(count(&db, "SELECT COUNT(*) FROM images").await, before - 2);
    }
);

both_backends!(
    areas_from_geojson_give_ideas_a_place_a_filter_and_results,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        // A resident may not set areas; a broken file is refused with its reason.
        let refused = places::service::save_geojson(&d.resident, SLUG, DISTRICTS.to_vec()).await;
        assert_eq!(refused.err(), Some(AppError::Forbidden));
        let open_ring = br#"{"type":"Feature","properties":{"name":"A"},"geometry":{"type":"Polygon","coordinates":[[[14.5,46],[14.6,46],[14.6,46.1]]]}}"#;
        let refused = places::service::save_geojson(&d.admin, SLUG, open_ring.to_vec()).await;
        assert_eq!(
            field_error(refused),
            ("geojson".into(), Msg::ErrGeoOpenRing)
        );
        assert_eq!(count(&db, "SELECT COUNT(*) FROM areas").await, 0);
        assert_eq!(
            places::service::save_geojson(&d.admin, SLUG, DISTRICTS.to_vec())
                .await
                .unwrap(),
            17
        );
        let settings = places::service::settings(&mut db.conn().await.unwrap(), d.community)
            .await
            .unwrap();
        let map = settings.map.expect("a map");
        assert_eq!(map.areas.len(), 17);
        assert!(map
            .areas
            .iter()
            .all(|a| a.path.starts_with('M') && a.label.is_some()));
        let area = |name: &str| settings.areas.iter().find(|a| a.name == name).unwrap().id;
        let (siska, center) = (area("Šiška"), area("Center"));
        // An idea in Šiška at a point inside it; a point outside the chosen area is refused.
        let mut here = draft("Več klopi v Šiški");
        here.area = siska.to_string();
        here.point = "14.4890,46.0700".into();
        let placed = ideas::service::create_idea(&d.resident, d.consultation, &here)
            .await
            .unwrap();
        let mut wrong = draft("Drugje");
        wrong.area = siska.to_string();
        wrong.point = "14.6400,46.0400".into();
        let refused = ideas::service::create_idea(&d.resident, d.consultation, &wrong).await;
        assert_eq!(
            field_error(refused),
            ("area".into(), Msg::ErrPointOutsideArea)
        );
        wrong.area = "424242".into();
        wrong.point = String::new();
        let refused = ideas::service::create_idea(&d.resident, d.consultation, &wrong).await;
        assert_eq!(field_error(refused), ("area".into(), Msg::ErrUnknownArea));
        // A point alone finds its area.
        let mut point_only = draft("Kolesarnica");
        point_only.point = "14.5060,46.0510".into();
        let in_center = ideas::service::create_idea(&d.resident, d.consultation, &point_only)
            .await
            .unwrap();
        let elsewhere = ideas::service::create_idea(&d.resident, d.consultation, &draft("Povsod"))
            .await
            .unwrap();
        // The idea page shows the place, its area marked and the point on the map.
        let view = ideas::service::idea_page(&d.anonymous, placed)
            .await
            .unwrap();
        let place = view.place.expect("a place");
        assert_eq!(place.area, "Šiška");
        let map = place.map.unwrap();
        assert!(map.point.is_some());
        assert_eq!(map.areas.iter().filter(|a| a.current).count(), 1);
        // The consultation page filters by area, and counts pages of the area alone.
        let area_s = siska.to_string();
        let page = consultations::service::consultation_page(
            &d.anonymous,
            d.consultation,
            "new",
            "1",
            "",
            &area_s,
        )
        .await
        .unwrap();
        let listed: Vec<i64> = page.ideas.iter().map(|c| c.id).collect();
        assert_eq!(listed, [placed]);
        assert_eq!(page.ideas[0].area.as_deref(), Some("Šiška"));
        let filter = page.areas.unwrap();
        assert_eq!(filter.current.map(|a| a.name), Some("Šiška".into()));
        assert!(filter.map.unwrap().areas.iter().any(|a| a
            .href
            .as_deref()
            .is_some_and(|h| h.contains(&format!("area={center}")))));
        // In random order too (the area's parameter follows the seed's).
        let page = consultations::service::consultation_page(
            &d.anonymous,
            d.consultation,
            "random",
            "1",
            "7",
            &center.to_string(),
        )
        .await
        .unwrap();
        assert_eq!(
            page.ideas.iter().map(|c| c.id).collect::<Vec<_>>(),
            [in_center]
        );
        let all = newest(&d).await;
        assert_eq!(all.ideas.len(), 3);
        assert!(all.ideas.iter().any(|c| c.id == elsewhere));
        // Results per area: two maps of 17 areas and the same numbers in the table.
        let results = app::results::service::results_page(&d.anonymous, d.consultation)
            .await
            .unwrap();
        let by_area = results.areas.expect("areas");
        let row = |name: &str| by_area.rows.iter().find(|r| r.name == name).unwrap().ideas;
        assert_eq!((row("Šiška"), row("Center"), row("Vič")), (1, 1, 0));
        assert_eq!(by_area.unplaced, 1);
        let ideas_map = by_area.ideas_map.unwrap();
        let shade = |name: &str| {
            ideas_map
                .areas
                .iter()
                .find(|a| a.name == name)
                .unwrap()
                .shade
        };
        assert_eq!((shade("Šiška"), shade("Vič")), (Some(5), Some(0)));
        // Names only: areas that stay keep their shapes and ideas; a removed one lets go.
        places::service::save_names(&d.admin, SLUG, "Šiška\nNovo naselje\n")
            .await
            .unwrap();
        let settings = places::service::settings(&mut db.conn().await.unwrap(), d.community)
            .await
            .unwrap();
        let names: Vec<_> = settings.areas.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["Šiška", "Novo naselje"]);
        assert_eq!(
            settings.map.unwrap().areas.len(),
            1,
            "only Šiška has a shape now"
        );
        let view = ideas::service::idea_page(&d.anonymous, in_center)
            .await
            .unwrap();
        assert!(view.place.is_none());
        assert_eq!(
            ideas::service::idea_page(&d.anonymous, placed)
                .await
                .unwrap()
                .place
                .unwrap()
                .area,
            "Šiška"
        );
        let twice = places::service::save_names(&d.admin, SLUG, "A\nA").await;
        assert_eq!(field_error(twice), ("names".into(), Msg::ErrAreaNameTwice));
    }
);

both_backends!(
    replies_thread_three_deep_and_tell_whom_they_answer_once,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        let idea = idea_of(&d).await;
        let add = |ctx, reply_to, body: &'static str| {
            let ctx: &app::ctx::Ctx = ctx;
            let ctx = ctx.clone();
            async move {
                comments::service::add_comment(&ctx, idea, reply_to, body)
                    .await
                    .unwrap()
            }
        };
        let top = add(&d.other_resident, None, "Kje točno?").await;
        let first = add(&d.moderator, Some(top), "Ob Ljubljanici.").await;
        let second = add(&d.other_resident, Some(first), "Na katerem bregu?").await;
        // A reply to the third level joins the third level, answering the same comment.
        let third = add(&d.resident, Some(second), "Na levem.").await;
        let depth = |id: i64| {
            let db = db.clone();
            async move { count(&db, &format!("SELECT depth FROM comments WHERE id = {id}")).await }
        };
        assert_eq!(
            [
                depth(top).await,
                depth(first).await,
                depth(second).await,
                depth(third).await
            ],
            [0, 1, 2, 2]
        );
        assert_eq!(
            count(
                &db,
                &format!("SELECT parent_id FROM comments WHERE id = {third}")
            )
            .await,
            first
        );
        // A reply to a comment of another idea is refused.
        let other = idea_of(&d).await;
        let wrong = comments::service::add_comment(&d.resident, other, Some(top), "?").await;
        assert_eq!(wrong.err(), Some(AppError::NotFound));
        // The page: one thread, in order.
        let view = ideas::service::idea_page(&d.anonymous, idea).await.unwrap();
        assert_eq!(view.comments.len(), 1);
        let t = &view.comments[0];
        assert_eq!(t.replies[0].id, first);
        assert_eq!(
            t.replies[0]
                .replies
                .iter()
                .map(|c| c.id)
                .collect::<Vec<_>>(),
            [second, third]
        );
        // Who is told: the author of the comment answered (once, as a reply) and the idea's
        // author (as a comment), never the writer.
        let told = |user: i64, kind: &str, subject: i64| {
            let db = db.clone();
            let sql = format!("SELECT COUNT(*) FROM notifications WHERE user_id = {user} AND kind = '{kind}' AND subject_id = {subject}");
            async move { count(&db, &sql).await }
        };
        let resident = d.resident.actor.user_id.unwrap();
        let other_r = d.other_resident.actor.user_id.unwrap();
        let moderator = d.moderator.actor.user_id.unwrap();
        assert_eq!(
            told(other_r, "comment", first).await,
            1,
            "the answered author"
        );
        assert_eq!(
            told(resident, "comment", first).await,
            1,
            "the idea's author"
        );
        assert_eq!(told(moderator, "comment", first).await, 0, "not the writer");
        // The idea's author answered herself: told once only.
        assert_eq!(told(resident, "comment", third).await, 0);
        // The third reply sits under `first` but answers `second`: its author is told.
        assert_eq!(told(other_r, "comment", third).await, 1);
        assert_eq!(told(moderator, "comment", third).await, 0);
        let mine = app::notifications::service::notifications_page(&d.other_resident, "1")
            .await
            .unwrap();
        assert!(
            mine.items
                .iter()
                .any(|n| n.href.ends_with(&format!("#comment-{first}"))
                    && n.text.contains("odgovor")),
            "{:?}",
            mine.items
        );
        // A hidden comment with replies keeps its place: "hidden" in place of its text.
        let r = ContentRef::new(Kind::Comment, first);
        app::moderation::service::decide(&d.moderator, &[r], "hide", "off_topic", "")
            .await
            .unwrap();
        let view = ideas::service::idea_page(&d.anonymous, idea).await.unwrap();
        let hidden = &view.comments[0].replies[0];
        assert!(hidden.hidden.is_some() && hidden.body.is_empty());
        assert_eq!(hidden.replies.len(), 2);
        // Replies are counted, exported with what they answer, and in the API.
        assert_eq!(
            count(
                &db,
                &format!("SELECT comment_count FROM ideas WHERE id = {idea}")
            )
            .await,
            3
        );
        let page = app::open_data::service::comments(
            &d.anonymous,
            idea,
            app::open_data::rules::paging(None, None).unwrap(),
        )
        .await
        .unwrap();
        let second_doc = page.items.iter().find(|c| c.id == second).unwrap();
        assert_eq!(second_doc.reply_to, Some(first));
    }
);
