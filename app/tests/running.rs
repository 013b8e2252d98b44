//! Running a consultation through its services on both back-ends: phases enforced by the
//! services, official answers with their history (one idea or many), and notifications that
//! reach exactly the people who took part, once per change, with mail queued in the outbox.

use app::both_backends;
use app::testing as common;
use app::testing::{count, draft};

use app::consultations::rules::{ConsultationForm, Schedule, Texts};
use app::ctx::Ctx;
use app::error::AppError;
use app::server::db;
use app::server::Db;
use app::{arguments, comments, ideas, notifications, votes};
use common::{demo, Demo};

const DAY: i64 = 86_400_000;

async fn schedule(d: &Demo, opens: i64, proposals: Option<i64>, voting: Option<i64>) {
    let now = db::now_ms();
    let mut tx = d.db.begin().await.unwrap();
    let s = Schedule {
        opens_at: now + opens,
        proposals_until: proposals.map(|p| now + p),
        voting_until: voting.map(|v| now + v),
        archived: false,
        guests: false,
    };
    db::consultations::set_schedule(&mut tx, d.consultation, s)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

/// The ids of the people notified of `kind` about `subject`, sorted.
async fn notified(db: &Db, kind: &str, subject: i64) -> Vec<i64> {
    sqlx::query_scalar(&format!(
        "SELECT user_id FROM notifications WHERE kind = '{kind}' AND subject_id = {subject} ORDER BY user_id"
    ))
    .fetch_all(&db.pool)
    .await
    .unwrap()
}

/// One more resident.
async fn person(db: &Db, email: &str) -> Ctx {
    let mut tx = db.begin().await.unwrap();
    let user = db::NewUser {
        email,
        display_name: "Nekdo",
        password_hash: None,
    };
    db::accounts::create_user(&mut tx, user).await.unwrap();
    tx.commit().await.unwrap();
    common::as_user(db, email).await
}

fn id(ctx: &Ctx) -> i64 {
    ctx.actor.user_id.unwrap()
}

both_backends!(
    phases_decide_what_residents_may_do,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        let idea = ideas::service::create_idea(&d.resident, d.consultation, &draft("Prej"))
            .await
            .unwrap();
        let argument = arguments::service::add_argument(&d.other_resident, idea, "for", "Da.")
            .await
            .unwrap();

        // Voting only: votes yes, new ideas, arguments, comments and author edits no.
        schedule(&d, -10 * DAY, Some(-DAY), Some(DAY)).await;
        let refused = |r: Result<i64, AppError>| assert_eq!(r.err(), Some(AppError::NotNow));
        refused(ideas::service::create_idea(&d.resident, d.consultation, &draft("Pozno")).await);
        refused(arguments::service::add_argument(&d.other_resident, idea, "for", "Še.").await);
        refused(comments::service::add_comment(&d.other_resident, idea, None, "Še.").await);
        let edit = ideas::service::update_idea(&d.resident, idea, &draft("Popravek")).await;
        assert_eq!(edit, Err(AppError::NotNow));
        votes::service::vote_idea(&d.other_resident, idea, 1)
            .await
            .unwrap();
        votes::service::rate_argument(&d.resident, argument, 1)
            .await
            .unwrap();
        // Moderators still edit (to remove personal data, say) in any phase.
        ideas::service::update_idea(&d.moderator, idea, &draft("Uredil moderator"))
            .await
            .unwrap();

        // Closed: nothing is written, whoever asks.
        schedule(&d, -10 * DAY, Some(-2 * DAY), Some(-DAY)).await;
        let vote = votes::service::vote_idea(&d.admin, idea, 1).await;
        assert_eq!(vote.err(), Some(AppError::NotNow));
        let rate = votes::service::rate_argument(&d.resident, argument, -1).await;
        assert_eq!(rate.err(), Some(AppError::NotNow));

        // Not open yet.
        schedule(&d, DAY, None, None).await;
        refused(ideas::service::create_idea(&d.resident, d.consultation, &draft("Zgodaj")).await);
        let vote = votes::service::vote_idea(&d.other_resident, idea, -1).await;
        assert_eq!(vote.err(), Some(AppError::NotNow));

        // The refused writes left no trace; the counters still equal the rows.
        assert_eq!(count(&db, "SELECT COUNT(*) FROM ideas").await, 1);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM arguments").await, 1);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM idea_votes").await, 1);
        assert!(db.counter_mismatches().await.unwrap().is_empty());
    }
);

both_backends!(
    an_answer_reaches_exactly_those_who_took_part_once,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        let follower = common::as_user(&db, common::ELSEWHERE).await;
        let idea = ideas::service::create_idea(&d.resident, d.consultation, &draft("Klopi"))
            .await
            .unwrap();
        votes::service::vote_idea(&d.other_resident, idea, 1)
            .await
            .unwrap();
        comments::service::add_comment(&d.moderator, idea, None, "Dobro.")
            .await
            .unwrap();
        notifications::service::set_follow(&follower, idea, true)
            .await
            .unwrap();
        // The administrator voted too, but is the one answering: not told of their own act.
        votes::service::vote_idea(&d.admin, idea, -1).await.unwrap();
        // Someone who took part and then stopped following hears nothing.
        let quitter = person(&db, "quit@example.org").await;
        votes::service::vote_idea(&quitter, idea, 1).await.unwrap();
        notifications::service::set_follow(&quitter, idea, false)
            .await
            .unwrap();
        // A person who wants a daily digest gets a notification now and a mail later.
        sqlx::query(&format!(
            "UPDATE users SET mail_mode = 'daily' WHERE id = {}",
            id(&follower)
        ))
        .execute(&db.pool)
        .await
        .unwrap();

        let n =
            ideas::service::answer_ideas(&d.admin, &[idea], "under_consideration", "Preučujemo.")
                .await
                .unwrap();
        assert_eq!(n, 1);
        let change: i64 = count(&db, "SELECT MAX(id) FROM idea_status_changes").await;
        let mut want = vec![
            id(&d.resident),
            id(&d.other_resident),
            id(&d.moderator),
            id(&follower),
        ];
        want.sort();
        assert_eq!(notified(&db, "status", change).await, want);
        // The comment told the idea's author (the resident) once, and nobody else.
        let comment: i64 = count(&db, "SELECT MAX(id) FROM comments").await;
        assert_eq!(
            notified(&db, "comment", comment).await,
            vec![id(&d.resident)]
        );

        // Mail at once for everyone but the digest reader; one outbox row per notification.
        let mails = count(
            &db,
            &format!(
                "SELECT COUNT(*) FROM outbox o JOIN notifications n ON n.id = o.notification_id
             WHERE n.kind = 'status' AND n.subject_id = {change}"
            ),
        )
        .await;
        assert_eq!(mails, 3);
        let waiting = count(
            &db,
            &format!(
                "SELECT COUNT(*) FROM notifications WHERE user_id = {} AND mailed = 0",
                id(&follower)
            ),
        )
        .await;
        assert_eq!(waiting, 1);

        // The same change fanned out again adds nothing: once per change, never twice.
        let mut tx = db.begin().await.unwrap();
        let again = db::notifications::fan_out(&mut tx, idea, "status", change, Some(id(&d.admin)))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(again, 0);
        assert_eq!(notified(&db, "status", change).await.len(), 4);

        // A second answer is a second change, told again, and the history keeps both.
        ideas::service::answer_ideas(&d.admin, &[idea], "adopted", "Sprejeto v ukrep 2.1.")
            .await
            .unwrap();
        let history = db::ideas::status_history(&mut db.conn().await.unwrap(), idea)
            .await
            .unwrap();
        let statuses: Vec<_> = history.iter().map(|h| h.status.as_str()).collect();
        assert_eq!(statuses, ["under_consideration", "adopted"]);
        assert_eq!(history[1].message, "Sprejeto v ukrep 2.1.");
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM notifications WHERE kind = 'status'"
            )
            .await,
            8
        );
        let row = common::idea_row(&db, idea, 0).await.unwrap().unwrap();
        assert_eq!(row.status, "adopted");
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'answer'"
            )
            .await,
            2
        );

        // The resident reads them and marks them read.
        let unread = db::notifications::unread(&mut db.conn().await.unwrap(), id(&d.resident))
            .await
            .unwrap();
        assert_eq!(unread, 3);
        notifications::service::mark_all_read(&d.resident)
            .await
            .unwrap();
        let unread = db::notifications::unread(&mut db.conn().await.unwrap(), id(&d.resident))
            .await
            .unwrap();
        assert_eq!(unread, 0);
    }
);

both_backends!(
    many_ideas_are_answered_at_once_or_not_at_all,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        let mut ids = Vec::new();
        for t in ["Ena", "Dve", "Tri"] {
            ids.push(
                ideas::service::create_idea(&d.resident, d.consultation, &draft(t))
                    .await
                    .unwrap(),
            );
        }
        // Only the community's administrators answer.
        for ctx in [&d.resident, &d.moderator, &d.anonymous] {
            let r = ideas::service::answer_ideas(ctx, &ids, "rejected", "Ne.").await;
            assert!(
                matches!(r, Err(AppError::Forbidden | AppError::Unauthorized)),
                "{r:?}"
            );
        }
        // A message is required; nothing is written when it is missing.
        let r = ideas::service::answer_ideas(&d.admin, &ids, "rejected", "  ").await;
        assert!(matches!(r, Err(AppError::Validation(_))));
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM idea_status_changes").await,
            0
        );
        assert_eq!(count(&db, "SELECT COUNT(*) FROM notifications").await, 0);

        let n = ideas::service::answer_ideas(&d.admin, &ids, "in_progress", "Izvajamo.")
            .await
            .unwrap();
        assert_eq!(n, 3);
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM idea_status_changes WHERE status = 'in_progress'"
            )
            .await,
            3
        );
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM ideas WHERE status = 'in_progress'"
            )
            .await,
            3
        );
        // The author of all three hears of each once.
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM notifications WHERE kind = 'status'"
            )
            .await,
            3
        );
    }
);

both_backends!(
    replies_tell_the_ideas_author_but_not_about_their_own,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        let idea = ideas::service::create_idea(&d.resident, d.consultation, &draft("Drevesa"))
            .await
            .unwrap();
        let own = arguments::service::add_argument(&d.resident, idea, "for", "Moj.")
            .await
            .unwrap();
        assert!(notified(&db, "argument", own).await.is_empty());
        let theirs = arguments::service::add_argument(&d.other_resident, idea, "against", "Ne.")
            .await
            .unwrap();
        assert_eq!(
            notified(&db, "argument", theirs).await,
            vec![id(&d.resident)]
        );
        // Having stopped following the idea, the author hears of no more replies.
        notifications::service::set_follow(&d.resident, idea, false)
            .await
            .unwrap();
        let later = comments::service::add_comment(&d.other_resident, idea, None, "Še.")
            .await
            .unwrap();
        assert!(notified(&db, "comment", later).await.is_empty());
    }
);

fn consultation_form(name: &str) -> ConsultationForm {
    ConsultationForm {
        texts: Texts {
            name_sl: name.into(),
            description_sl: "**Kako** se premikamo.".into(),
            ..Texts::default()
        },
        position: "3".into(),
        opens_at: "2020-01-01T08:00".into(),
        proposals_until: "2099-01-01T00:00".into(),
        voting_until: String::new(),
        archived: false,
        guests: false,
        statements: false,
    }
}

fn names(sl: &str, en: &str) -> Texts {
    Texts {
        name_sl: sl.into(),
        name_en: en.into(),
        ..Texts::default()
    }
}

fn field_names(e: AppError) -> Vec<String> {
    match e {
        AppError::Validation(v) => v.into_iter().map(|e| e.field).collect(),
        other => panic!("{other:?}"),
    }
}

both_backends!(
    administrators_set_up_consultations_and_categories,
    |db: Db, _url: String| async move {
        use app::consultations::service as setup;
        let d = demo(db.clone()).await;
        // Only the community's administrators set it up.
        for ctx in [&d.resident, &d.moderator, &d.anonymous] {
            let r =
                setup::save_consultation(ctx, d.community, None, &consultation_form("Ne")).await;
            assert!(
                matches!(r, Err(AppError::Forbidden | AppError::Unauthorized)),
                "{r:?}"
            );
        }
        // Dates out of order: every mistake named, nothing written.
        let mut bad = consultation_form("Mobilnost");
        bad.proposals_until = "2019-01-01T00:00".into();
        bad.texts.name_sl = String::new();
        let e = setup::save_consultation(&d.admin, d.community, None, &bad)
            .await
            .unwrap_err();
        assert_eq!(field_names(e), ["name_sl", "proposals_until"]);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM consultations").await, 1);

        let id =
            setup::save_consultation(&d.admin, d.community, None, &consultation_form("Mobilnost"))
                .await
                .unwrap();
        let g = db::consultations::by_id(&mut db.conn().await.unwrap(), id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (g.community_id, g.position, g.voting_until),
            (d.community, 3, None)
        );
        assert_eq!(
            g.proposals_until,
            app::time::parse_input("2099-01-01T00:00")
        );
        // A category, then a resident posts an idea in it.
        setup::save_category(&d.admin, d.community, None, &names("Promet", "Traffic"), "")
            .await
            .unwrap();
        let (category, _) =
            db::consultations::categories(&mut db.conn().await.unwrap(), d.community)
                .await
                .unwrap()[0]
                .clone();
        let renamed = names("Promet in parkiranje", "");
        setup::save_category(&d.admin, 0, Some(category), &renamed, "0")
            .await
            .unwrap();
        let draft = draft_in(category);
        let idea = ideas::service::create_idea(&d.resident, id, &draft)
            .await
            .unwrap();
        votes::service::vote_idea(&d.other_resident, idea, 1)
            .await
            .unwrap();

        // Archived: read-only, whatever the dates say.
        let mut archived = consultation_form("Mobilnost");
        archived.archived = true;
        setup::save_consultation(&d.admin, 0, Some(id), &archived)
            .await
            .unwrap();
        let vote = votes::service::vote_idea(&d.resident, idea, 1).await;
        assert_eq!(vote.err(), Some(AppError::NotNow));
        // Another community's administrator cannot touch it, whatever community the form names.
        let other = common::moderator_elsewhere(&d).await;
        let r =
            setup::save_consultation(&other, d.community, Some(id), &consultation_form("X")).await;
        assert_eq!(r.err(), Some(AppError::Forbidden));
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'settings'"
            )
            .await,
            4
        );

        // Communities are created by site administrators only; their addresses are unique.
        let texts = Texts {
            name_sl: "Maribor".into(),
            ..Texts::default()
        };
        let r = setup::create_community(&d.admin, "maribor", &texts).await;
        assert_eq!(r.err(), Some(AppError::Forbidden));
        let operator = Ctx::operator(db.clone(), app::i18n::Lang::Sl);
        assert_eq!(
            setup::create_community(&operator, "maribor", &texts)
                .await
                .unwrap(),
            "maribor"
        );
        let taken = setup::create_community(&operator, "maribor", &texts)
            .await
            .unwrap_err();
        assert_eq!(field_names(taken), ["slug"]);
        let both = setup::create_community(&operator, "Mari bor", &Texts::default())
            .await
            .unwrap_err();
        assert_eq!(field_names(both), ["slug", "name_sl"]);
    }
);

fn draft_in(category: i64) -> app::ideas::rules::IdeaDraft {
    app::ideas::rules::IdeaDraft {
        category: category.to_string(),
        ..draft("Kolesarske steze")
    }
}

both_backends!(
    authors_hear_of_moderators_decisions_about_their_content,
    |db: Db, _url: String| async move {
        use app::moderation::rules::{ContentRef, Kind};
        use app::moderation::service as moderation;
        let d = demo(db.clone()).await;
        let idea = ideas::service::create_idea(&d.resident, d.consultation, &draft("Parki"))
            .await
            .unwrap();
        let arg = arguments::service::add_argument(&d.other_resident, idea, "against", "Ne.")
            .await
            .unwrap();
        let r = ContentRef::new(Kind::Argument, arg);
        moderation::decide(
            &d.moderator,
            &[r],
            "hide",
            "offensive",
            "Prosimo za spoštljiv ton.",
        )
        .await
        .unwrap();
        let hidden: i64 = count(&db, "SELECT MAX(id) FROM audit_log WHERE action = 'hide'").await;
        assert_eq!(
            notified(&db, "moderation", hidden).await,
            vec![id(&d.other_resident)]
        );
        // Dismissing reports without a change tells nobody.
        moderation::decide(&d.moderator, &[r], "keep_hidden", "", "")
            .await
            .unwrap();
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM notifications WHERE kind = 'moderation'"
            )
            .await,
            1
        );
        // The notification reads as the decision, in the reader's language.
        let mut c = db.conn().await.unwrap();
        let rows = db::notifications::page(&mut c, id(&d.other_resident), 1, 10)
            .await
            .unwrap()
            .0;
        let text = app::notifications::text::describe(app::i18n::Lang::En, &rows[0]).text;
        assert!(
            text.contains("“Parki”") && text.contains("Hidden"),
            "{text}"
        );
    }
);
