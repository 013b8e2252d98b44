//! Full-text search on both back-ends: Slovenian text found without its diacritics and in
//! other word forms, ranked and marked, filtered and paged; hidden content never appears;
//! edits reach the index; similar ideas for a draft.

use app::both_backends;
use app::testing::{self as common, count};

use app::ideas::rules::IdeaDraft;
use app::moderation::rules::{ContentRef, Kind};
use app::search::rules::{marked_html, snippet_html, terms, Combine};
use app::server::db::{self, search::Filter};
use app::server::Db;
use app::{arguments, ideas};
use common::demo;

async fn find(db: &Db, q: &str, f: &Filter) -> (Vec<db::search::HitRow>, i64) {
    let mut c = db.conn().await.unwrap();
    db::search::search(&mut c, db.backend, &terms(q), Combine::All, f, 1, 20)
        .await
        .unwrap()
}

fn idea(title: &str, body: &str) -> IdeaDraft {
    IdeaDraft {
        title: title.into(),
        body: body.into(),
        ..Default::default()
    }
}

both_backends!(
    slovenian_is_found_without_diacritics_and_hidden_content_never,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        let all = Filter::default();
        let bees = ideas::service::create_idea(
            &d.resident,
            d.consultation,
            &idea("Čebele na strehah", "Panji na mestnih stavbah."),
        )
        .await
        .unwrap();
        let other = ideas::service::create_idea(
            &d.resident,
            d.consultation,
            &idea("Klopi v parkih", "Več senčnih klopi."),
        )
        .await
        .unwrap();
        let arg = arguments::service::add_argument(
            &d.other_resident,
            other,
            "for",
            "Tudi čebelnjak bi sodil v park.",
        )
        .await
        .unwrap();

        // "cebela" finds "Čebele" (no diacritics, another ending) and "čebelnjak".
        let (hits, total) = find(&db, "cebela", &all).await;
        assert_eq!(total, 2, "{hits:?}");
        // The title match ranks first; its words come back marked, the rest escaped.
        assert_eq!((hits[0].kind.as_str(), hits[0].idea_id), ("idea", bees));
        assert!(
            marked_html(&hits[0].title, &terms("cebela")).contains("<mark>Čebele</mark>"),
            "{}",
            hits[0].title
        );
        assert_eq!(
            (hits[1].kind.as_str(), hits[1].ref_id, hits[1].idea_id),
            ("argument", arg, other)
        );
        assert!(
            snippet_html(&hits[1].body, &terms("cebela")).contains("<mark>čebelnjak</mark>"),
            "{}",
            hits[1].body
        );
        // Every word must match.
        assert_eq!(find(&db, "čebele klopi", &all).await.1, 0);
        assert_eq!(find(&db, "strehe panji", &all).await.1, 1);
        // Query syntax typed by someone is only words (no error, no operator).
        assert_eq!(find(&db, "\"čebele\" *( -^", &all).await.1, 2);
        assert_eq!(
            find(&db, "čebele OR klopi", &all).await.1,
            0,
            "OR is a word here"
        );

        // Filters: status, consultation.
        ideas::service::answer_ideas(&d.admin, &[bees], "adopted", "Da.")
            .await
            .unwrap();
        let adopted = Filter {
            status: Some("adopted".into()),
            ..Filter::default()
        };
        assert_eq!(find(&db, "cebel", &adopted).await.1, 1);
        let elsewhere = Filter {
            consultation: Some(d.consultation + 1000),
            ..Filter::default()
        };
        assert_eq!(find(&db, "cebel", &elsewhere).await.1, 0);

        // Hidden: the argument, then the idea it is about.
        let m = app::moderation::service::decide;
        m(
            &d.moderator,
            &[ContentRef::new(Kind::Argument, arg)],
            "hide",
            "spam",
            "",
        )
        .await
        .unwrap();
        assert_eq!(find(&db, "cebel", &all).await.1, 1);
        m(
            &d.moderator,
            &[ContentRef::new(Kind::Idea, bees)],
            "hide",
            "spam",
            "",
        )
        .await
        .unwrap();
        assert_eq!(find(&db, "cebel", &all).await.1, 0);
        m(
            &d.moderator,
            &[ContentRef::new(Kind::Argument, arg)],
            "restore",
            "",
            "",
        )
        .await
        .unwrap();
        let hidden_idea_args =
            arguments::service::add_argument(&d.other_resident, other, "against", "Čebele pikajo.")
                .await;
        assert!(hidden_idea_args.is_ok());
        assert_eq!(
            find(&db, "cebel", &all).await.1,
            2,
            "both arguments of the visible idea"
        );

        // An edit reaches the index: the new words are found, the old ones are not.
        ideas::service::update_idea(
            &d.resident,
            other,
            &idea("Pitniki v parkih", "Voda za vse."),
        )
        .await
        .unwrap();
        assert_eq!(find(&db, "klopi", &all).await.1, 0);
        assert_eq!(find(&db, "pitnik", &all).await.1, 1);
        // The index holds visible content only: the hidden idea is not in it; restored, it is.
        let docs = "SELECT COUNT(*) FROM search_docs";
        let (bees_ref, other_ref) = (
            ContentRef::new(Kind::Idea, bees),
            ContentRef::new(Kind::Idea, other),
        );
        assert_eq!(
            count(&db, docs).await,
            3,
            "the visible idea and its two arguments"
        );
        m(&d.moderator, &[bees_ref], "restore", "", "")
            .await
            .unwrap();
        assert_eq!(find(&db, "strehe panji", &all).await.1, 1);
        // Hiding an idea takes its arguments out with it; restoring puts them back.
        m(&d.moderator, &[other_ref], "hide", "spam", "")
            .await
            .unwrap();
        assert_eq!(count(&db, docs).await, 1);
        m(&d.moderator, &[other_ref], "restore", "", "")
            .await
            .unwrap();
        assert_eq!(count(&db, docs).await, 4);
        // Deleting an idea takes its documents with it.
        m(&d.moderator, &[other_ref], "delete", "", "")
            .await
            .unwrap();
        assert_eq!(count(&db, docs).await, 1, "the bees idea alone");
    }
);

both_backends!(
    results_are_paged_and_similar_ideas_found,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        for i in 0..25 {
            ideas::service::create_idea(
                &d.resident,
                d.consultation,
                &idea(&format!("Kolesarska steza {i}"), "Varna pot."),
            )
            .await
            .unwrap();
        }
        let mut c = db.conn().await.unwrap();
        let (f, words) = (Filter::default(), terms("kolesarske"));
        let (first, total) =
            db::search::search(&mut c, db.backend, &words, Combine::All, &f, 1, 20)
                .await
                .unwrap();
        assert_eq!((first.len(), total), (20, 25));
        let (second, _) = db::search::search(&mut c, db.backend, &words, Combine::All, &f, 2, 20)
            .await
            .unwrap();
        assert_eq!(second.len(), 5);
        drop(c);

        // A draft about the same thing finds them (any shared word counts), at most five.
        let similar = app::search::service::similar_ideas(
            &d.resident,
            d.consultation,
            "Steze za kolesarje",
            "",
        )
        .await
        .unwrap();
        assert_eq!(similar.len(), 5);
        assert!(similar[0].title_html.contains("<mark>"));
        let none =
            app::search::service::similar_ideas(&d.resident, d.consultation, "Javna stranišča", "")
                .await
                .unwrap();
        assert!(none.is_empty());
    }
);
