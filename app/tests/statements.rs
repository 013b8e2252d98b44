//! Statements through their services on both back-ends: adding one (checked, pre-moderated
//! where set), answering one at a time with agree / disagree / pass, progress, refusals that
//! change nothing, and the "common ground" order the opinion groups' worker makes possible.

use app::both_backends;
use app::ctx::Ctx;
use app::error::AppError;
use app::i18n::{Lang, Localized, Msg};
use app::ideas::rules::Sort;
use app::opinions::service::{self as groups, MIN_AGE_MS};
use app::server::db::{self, Db};
use app::statements::service as statements;
use app::testing::{count, demo, draft, person, raw_pool, Demo, SLUG};

/// Makes the demo's consultation one of statements (through the data layer: the services
/// under test do not set up their own fixture).
async fn statements_consultation(d: &Demo) {
    let mut tx = d.db.begin().await.unwrap();
    db::consultations::set_format(&mut tx, d.consultation, true)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

async fn voter(db: &Db, k: usize) -> Ctx {
    person(db, &format!("izjave{k}@example.org")).await
}

fn field_errors(e: AppError) -> Vec<(String, Msg)> {
    e.form_errors()
        .into_iter()
        .map(|e| (e.field, e.msg))
        .collect()
}

both_backends!(
    statements_are_answered_one_at_a_time,
    |db: Db, url: String| async move {
        let d = demo(db.clone()).await;
        statements_consultation(&d).await;
        let g = d.consultation;
        let mut ids = Vec::new();
        for text in [
            "Več klopi v parkih.",
            "Manj avtomobilov v središču.",
            "Več  kolesarskih\npoti.",
        ] {
            let (id, waits) = statements::add_statement(&d.resident, g, text)
                .await
                .unwrap();
            assert!(!waits);
            ids.push(id);
        }
        let stored: String = sqlx::query_scalar("SELECT title FROM ideas WHERE id = $1")
            .bind(ids[2])
            .fetch_one(&raw_pool(&url).await)
            .await
            .unwrap();
        assert_eq!(stored, "Več kolesarskih poti.", "one line");

        // Refusals change nothing.
        let long = "č".repeat(141);
        let e = statements::add_statement(&d.resident, g, &long)
            .await
            .unwrap_err();
        assert_eq!(
            field_errors(e),
            vec![("text".into(), Msg::ErrStatementTooLong)]
        );
        assert_eq!(
            statements::add_statement(&d.anonymous, g, "Da.").await,
            Err(AppError::Unauthorized)
        );
        let ideas_consultation = {
            let mut tx = db.begin().await.unwrap();
            let text = Localized::new(&[(Lang::Sl, "Ideje")]);
            let id = db::consultations::create_consultation(&mut tx, d.community, 1, &text, &text)
                .await
                .unwrap();
            tx.commit().await.unwrap();
            id
        };
        assert_eq!(
            statements::add_statement(&d.resident, ideas_consultation, "Da.").await,
            Err(AppError::NotFound),
            "a consultation of ideas takes no statements"
        );
        assert_eq!(
            statements::statements_page(&d.resident, ideas_consultation)
                .await
                .map(|_| ()),
            Err(AppError::NotFound)
        );
        assert_eq!(count(&db, "SELECT COUNT(*) FROM ideas").await, 3);

        // A visitor reads the first statement but has nothing to press.
        let page = statements::statements_page(&d.anonymous, g).await.unwrap();
        assert!(!page.can_answer && !page.can_add);
        assert_eq!((page.deck.answered, page.deck.total), (0, 3));
        assert!(page.deck.next.is_some());
        assert_eq!(
            statements::answer(&d.anonymous, g, ids[0], "agree").await,
            Err(AppError::Unauthorized)
        );

        // Someone signed in answers each statement once, in an order of their own.
        let me = &d.other_resident;
        let page = statements::statements_page(me, g).await.unwrap();
        assert!(page.can_answer && page.can_add);
        let mut seen = Vec::new();
        let mut deck = page.deck;
        for answer in ["agree", "pass", "disagree"] {
            let next = deck.next.clone().expect("a statement left");
            assert!(!seen.contains(&next.id), "never the same statement twice");
            seen.push(next.id);
            deck = statements::answer(me, g, next.id, answer).await.unwrap();
            assert_eq!(deck.answered, seen.len() as i64);
        }
        assert_eq!((deck.answered, deck.total, deck.next), (3, 3, None));
        // A pass is a vote in neither counter.
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM idea_votes WHERE value = 0").await,
            1
        );
        assert_eq!(
            count(
                &db,
                "SELECT CAST(SUM(up_count + down_count) AS BIGINT) FROM ideas"
            )
            .await,
            2
        );
        let matrix = db::opinions::votes(&mut db.conn().await.unwrap(), g)
            .await
            .unwrap();
        assert_eq!(matrix.len(), 3, "the pass is in the opinion groups' matrix");
        // An answer can change: agree becomes disagree.
        statements::answer(me, g, seen[0], "disagree")
            .await
            .unwrap();
        assert_eq!(
            count(&db, "SELECT CAST(SUM(up_count) AS BIGINT) FROM ideas").await,
            0
        );
        assert_eq!(
            count(&db, "SELECT CAST(SUM(down_count) AS BIGINT) FROM ideas").await,
            2
        );
        assert!(db.counter_mismatches().await.unwrap().is_empty());

        // Nonsense answers and statements of another consultation are refused.
        let e = statements::answer(me, g, ids[0], "maybe")
            .await
            .unwrap_err();
        assert_eq!(
            field_errors(e),
            vec![("answer".into(), Msg::ErrVoteInvalid)]
        );
        let elsewhere =
            app::ideas::service::create_idea(&d.resident, ideas_consultation, &draft("Drugje"))
                .await
                .unwrap();
        assert_eq!(
            statements::answer(me, g, elsewhere, "agree").await,
            Err(AppError::NotFound)
        );
        assert_eq!(count(&db, "SELECT COUNT(*) FROM idea_votes").await, 3);
    }
);

both_backends!(
    premoderated_statements_wait_for_a_moderator,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        statements_consultation(&d).await;
        let mut tx = db.begin().await.unwrap();
        db::moderation::set_premoderation(&mut tx, d.consultation, true)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let (id, waits) =
            statements::add_statement(&d.resident, d.consultation, "Več senc na igriščih.")
                .await
                .unwrap();
        assert!(waits);
        let page = statements::statements_page(&d.other_resident, d.consultation)
            .await
            .unwrap();
        assert!(page.premoderation);
        assert_eq!(
            (page.deck.total, page.deck.next),
            (0, None),
            "not shown before approval"
        );
        assert_eq!(
            count(
                &db,
                &format!("SELECT COUNT(*) FROM queue_items WHERE target_id = {id}")
            )
            .await,
            1
        );
    }
);

both_backends!(
    common_ground_orders_by_group_informed_consensus,
    |db: Db, url: String| async move {
        let d = demo(db.clone()).await;
        statements_consultation(&d).await;
        let g = d.consultation;
        let mut ids = Vec::new();
        for i in 0..6 {
            let text = format!("Izjava {i}");
            ids.push(
                statements::add_statement(&d.resident, g, &text)
                    .await
                    .unwrap()
                    .0,
            );
        }
        // Two camps of eight: everyone agrees with 0 and disagrees with 4; 1–3 split them; 5 is
        // left unanswered.
        for k in 0..16 {
            let ctx = voter(&db, k).await;
            let camp = if k % 2 == 0 { "agree" } else { "disagree" };
            let other = if k % 2 == 0 { "disagree" } else { "agree" };
            for (i, &id) in ids[..5].iter().enumerate() {
                let answer = match i {
                    0 => "agree",
                    1 | 2 => camp,
                    3 => other,
                    _ => "disagree",
                };
                statements::answer(&ctx, g, id, answer).await.unwrap();
            }
        }
        assert_eq!(groups::run_due(&db, "one").await.unwrap(), 1);
        let page = app::consultations::service::consultation_page(
            &d.anonymous,
            g,
            "common-ground",
            "1",
            "",
            "",
        )
        .await
        .unwrap();
        assert_eq!(page.sort, Sort::CommonGround);
        let order: Vec<i64> = page.ideas.iter().map(|i| i.id).collect();
        assert_eq!(order.len(), 6);
        assert_eq!(order[0], ids[0], "what everyone agrees with comes first");
        assert_eq!(order[4], ids[4], "what everyone rejects, after the divides");
        assert_eq!(order[5], ids[5], "nobody answered it yet: last");
        // The results page speaks of statements (its groups' section).
        let results = app::results::service::results_page(&d.anonymous, g)
            .await
            .unwrap();
        assert!(results.groups.is_some_and(|v| v.statements));

        // Hiding a statement with answers makes the groups due again (its column goes).
        sqlx::query("UPDATE opinion_groups SET computed_at = computed_at - $1")
            .bind(MIN_AGE_MS + 1)
            .execute(&raw_pool(&url).await)
            .await
            .unwrap();
        assert_eq!(
            groups::run_due(&db, "one").await.unwrap(),
            0,
            "nothing changed"
        );
        let mut tx = db.begin().await.unwrap();
        let r = app::moderation::rules::ContentRef::new(app::moderation::rules::Kind::Idea, ids[1]);
        db::moderation::hide(&mut tx, r, app::moderation::rules::Reason::OffTopic, None)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(groups::run_due(&db, "one").await.unwrap(), 1);
        let hidden: Option<f64> = sqlx::query_scalar("SELECT consensus FROM ideas WHERE id = $1")
            .bind(ids[1])
            .fetch_one(&raw_pool(&url).await)
            .await
            .unwrap();
        assert_eq!(hidden, None, "a hidden statement has no place in the order");
    }
);

both_backends!(
    an_administrator_chooses_the_format,
    |db: Db, _url: String| async move {
        use app::consultations::service::{consultation_settings, save_consultation};
        let d = demo(db.clone()).await;
        let mut form = consultation_settings(&d.admin, SLUG, d.consultation)
            .await
            .unwrap()
            .form;
        assert!(!form.statements, "ideas by default");
        form.statements = true;
        assert_eq!(
            save_consultation(&d.resident, d.community, Some(d.consultation), &form).await,
            Err(AppError::Forbidden)
        );
        save_consultation(&d.admin, d.community, Some(d.consultation), &form)
            .await
            .unwrap();
        let settings = consultation_settings(&d.admin, SLUG, d.consultation)
            .await
            .unwrap();
        assert!(settings.form.statements);
        let page = app::consultations::service::consultation_page(
            &d.anonymous,
            d.consultation,
            "",
            "",
            "",
            "",
        )
        .await
        .unwrap();
        assert!(page.consultation.statements);
        assert!(statements::statements_page(&d.anonymous, d.consultation)
            .await
            .is_ok());
    }
);

both_backends!(
    a_statement_is_edited_as_a_statement,
    |db: Db, url: String| async move {
        let d = demo(db.clone()).await;
        statements_consultation(&d).await;
        let (id, _) = statements::add_statement(&d.resident, d.consultation, "Več klopi v parkih.")
            .await
            .unwrap();
        // Longer than an idea's title may be, with no description: a statement's rules.
        let text = "Več klopi v parkih in ob Ljubljanici, da se starejši lahko spočijejo na poti.";
        assert!(text.chars().count() > 60);
        let edit = |title: &str| app::ideas::rules::IdeaDraft {
            title: title.into(),
            ..Default::default()
        };
        app::ideas::service::update_idea(&d.moderator, id, &edit(text))
            .await
            .unwrap();
        let stored: String = sqlx::query_scalar("SELECT title FROM ideas WHERE id = $1")
            .bind(id)
            .fetch_one(&raw_pool(&url).await)
            .await
            .unwrap();
        assert_eq!(stored, text);
        let e = app::ideas::service::update_idea(&d.moderator, id, &edit(&"č".repeat(141)))
            .await
            .unwrap_err();
        assert_eq!(
            field_errors(e),
            vec![("title".into(), Msg::ErrStatementTooLong)]
        );
    }
);
