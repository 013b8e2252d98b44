//! Running a consultation through its services on both back-ends: phases enforced by the
//! services, official answers with their history (one idea or many), and notifications that
//! reach exactly the people who took part, once per change, with mail queued in the outbox.

use app::both_backends;
use app::testing as common;
use app::testing::{count, draft};

use app::consultations::rules::Schedule;
use app::ctx::Ctx;
use app::error::AppError;
use app::ideas::rules::IdeaDraft;
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
        refused(comments::service::add_comment(&d.other_resident, idea, "Še.").await);
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
        comments::service::add_comment(&d.moderator, idea, "Dobro.")
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
        let later = comments::service::add_comment(&d.other_resident, idea, "Še.")
            .await
            .unwrap();
        assert!(notified(&db, "comment", later).await.is_empty());
    }
);
