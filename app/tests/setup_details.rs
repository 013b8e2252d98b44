//! The rest of setting up a consultation, through its services on both back-ends: cover
//! images kept without their metadata, categories put in order or removed, and the time zone
//! a person reads dates in.

use app::both_backends;
use app::consultations::rules::Texts;
use app::consultations::service as setup;
use app::error::AppError;
use app::server::db;
use app::server::Db;
use app::testing::{count, demo, draft, phone_photo};

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn field_of(r: Result<(), AppError>) -> String {
    match r {
        Err(AppError::Validation(e)) => e[0].field.clone(),
        other => panic!("{other:?}"),
    }
}

both_backends!(
    covers_are_stored_without_metadata_by_administrators_only,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        let id = d.consultation;
        for ctx in [&d.resident, &d.moderator] {
            let r = setup::set_cover(ctx, id, Some(phone_photo(120, 80))).await;
            assert_eq!(r.err(), Some(AppError::Forbidden));
        }
        assert_eq!(count(&db, "SELECT COUNT(*) FROM images").await, 0);

        setup::set_cover(&d.admin, id, Some(phone_photo(120, 80)))
            .await
            .unwrap();
        let g = db::consultations::by_id(&mut db.conn().await.unwrap(), id)
            .await
            .unwrap()
            .unwrap();
        // Turned upright as the photo's orientation said, then stored without it.
        assert_eq!((g.cover_width, g.cover_height), (Some(80), Some(120)));
        let first = g.cover_image_id.unwrap();
        let stored = db::consultations::image(&mut db.conn().await.unwrap(), first)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(&stored[..2], &[0xFF, 0xD8]);
        assert!(!contains(&stored, b"Exif") && !contains(&stored, b"GPS"));

        // Not a picture: a field error, and the cover stays as it was.
        let r = setup::set_cover(&d.admin, id, Some(b"%PDF-1.7".to_vec())).await;
        assert_eq!(field_of(r), "cover");
        // A new cover replaces the old one, whose bytes go.
        setup::set_cover(&d.admin, id, Some(phone_photo(64, 48)))
            .await
            .unwrap();
        assert_eq!(count(&db, "SELECT COUNT(*) FROM images").await, 1);
        let sql = format!("SELECT COUNT(*) FROM images WHERE id = {first}");
        assert_eq!(count(&db, &sql).await, 0);
        setup::set_cover(&d.admin, id, None).await.unwrap();
        assert_eq!(count(&db, "SELECT COUNT(*) FROM images").await, 0);
        let sql = "SELECT COUNT(*) FROM consultations WHERE cover_image_id IS NOT NULL";
        assert_eq!(count(&db, sql).await, 0);
        let sql = "SELECT COUNT(*) FROM audit_log WHERE action IN ('cover', 'cover_removed')";
        assert_eq!(count(&db, sql).await, 3);
        assert_eq!(
            setup::set_cover(&d.admin, 999_999, None).await.err(),
            Some(AppError::NotFound)
        );
    }
);

fn names(sl: &str, en: &str) -> Texts {
    Texts {
        name_sl: sl.into(),
        name_en: en.into(),
        ..Texts::default()
    }
}

both_backends!(
    categories_are_put_in_order_and_removed_keeping_their_ideas,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        let c = d.community;
        for name in ["Promet", "Zelenje", "Šole"] {
            setup::save_category(&d.admin, c, None, &names(name, ""), "")
                .await
                .unwrap();
        }
        let order = || async {
            db::consultations::categories_in_order(&mut db.conn().await.unwrap(), c)
                .await
                .unwrap()
        };
        // New categories go to the end.
        let listed = order().await;
        let ids: Vec<i64> = listed.iter().map(|r| r.0).collect();
        assert_eq!(listed.iter().map(|r| r.2).collect::<Vec<_>>(), [1, 2, 3]);

        // "Šole" first.
        setup::save_category(&d.admin, 0, Some(ids[2]), &names("Šole", "Schools"), "0")
            .await
            .unwrap();
        assert_eq!(order().await[0].0, ids[2]);
        let promet = names("Promet", "");
        let r = setup::save_category(&d.admin, 0, Some(ids[0]), &promet, "first").await;
        assert_eq!(field_of(r), "position");

        // Removing "Promet" keeps its idea, without a category.
        let mut idea_draft = draft("Več kolesarskih stez");
        idea_draft.category = ids[0].to_string();
        let idea = app::ideas::service::create_idea(&d.resident, d.consultation, &idea_draft)
            .await
            .unwrap();
        assert_eq!(
            setup::remove_category(&d.resident, ids[0]).await.err(),
            Some(AppError::Forbidden)
        );
        setup::remove_category(&d.admin, ids[0]).await.unwrap();
        assert_eq!(order().await.len(), 2);
        let sql = format!("SELECT COUNT(*) FROM ideas WHERE id = {idea} AND category_id IS NULL");
        assert_eq!(count(&db, &sql).await, 1);
        assert_eq!(
            setup::remove_category(&d.admin, ids[0]).await.err(),
            Some(AppError::NotFound)
        );
    }
);

both_backends!(
    a_person_chooses_the_time_zone_dates_are_shown_in,
    |db: Db, _url: String| async move {
        use app::notifications::service::save_settings;
        let d = demo(db.clone()).await;
        let me = d.resident.actor.user_id.unwrap();
        let zone_of = || async {
            let mut c = db.conn().await.unwrap();
            let (user, _) = db::accounts::actor(&mut c, me).await.unwrap().unwrap();
            user.time_zone
        };
        assert_eq!(zone_of().await, None);
        save_settings(&d.resident, "off", "en", "America/New_York")
            .await
            .unwrap();
        assert_eq!(zone_of().await.as_deref(), Some("America/New_York"));
        let r = save_settings(&d.resident, "off", "en", "Mars/Olympus").await;
        assert_eq!(field_of(r), "time_zone");
        assert_eq!(zone_of().await.as_deref(), Some("America/New_York"));
        save_settings(&d.resident, "off", "en", "").await.unwrap();
        assert_eq!(zone_of().await, None);
    }
);
