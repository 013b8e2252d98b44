//! Moderation through its services on both back-ends: reports and auto-hide under concurrent
//! reports, bulk decisions, bans, appeals, pre-moderation, roles, revisions, the queue, and the
//! audit log written in the same transaction as the action (and never changed afterwards).

use app::both_backends;
use app::testing as common;
use app::testing::{count, draft};

use app::authz::Role;
use app::ctx::Ctx;
use app::error::AppError;
use app::i18n::{Lang, Msg};
use app::moderation::rules::{AuditAction, ContentRef, Kind};
use app::moderation::service::{self as moderation, BanRequest};
use app::server::db;
use app::server::Db;
use app::{accounts, arguments, comments, ideas, votes};
use common::{demo, Demo};

fn msg(e: AppError) -> Msg {
    e.form_errors()[0].msg
}

async fn idea_of(d: &Demo, ctx: &Ctx, title: &str) -> ContentRef {
    let id = ideas::service::create_idea(ctx, d.consultation, &draft(title))
        .await
        .unwrap();
    ContentRef::new(Kind::Idea, id)
}

/// `n` more residents of the demo community.
async fn residents(d: &Demo, n: usize) -> Vec<Ctx> {
    let mut out = Vec::new();
    for i in 0..n {
        let email = format!("prijavitelj{i}@example.org");
        let mut tx = d.db.begin().await.unwrap();
        let user = db::NewUser {
            email: &email,
            display_name: &format!("Prijavitelj {i}"),
            password_hash: None,
        };
        let id = db::accounts::create_user(&mut tx, user).await.unwrap();
        common::make_trusted(&mut tx, id).await;
        tx.commit().await.unwrap();
        out.push(Ctx::for_user(d.db.clone(), id, Lang::Sl).await.unwrap());
    }
    out
}

async fn hidden(db: &Db, r: ContentRef) -> bool {
    let mut c = db.conn().await.unwrap();
    db::moderation::facts(&mut c, r)
        .await
        .unwrap()
        .unwrap()
        .hidden
        == 1
}

async fn audits(db: &Db, action: &str) -> i64 {
    count(
        db,
        &format!("SELECT COUNT(*) FROM audit_log WHERE action = '{action}'"),
    )
    .await
}

async fn idea_count(d: &Demo) -> i64 {
    let mut c = d.db.conn().await.unwrap();
    db::consultations::by_id(&mut c, d.consultation)
        .await
        .unwrap()
        .unwrap()
        .idea_count
}

both_backends!(
    concurrent_reports_hide_an_item_once_at_the_threshold,
    |db: Db, _url: String| async move {
        let d = demo(db).await;
        let idea = idea_of(&d, &d.resident, "Predlog").await;
        assert_eq!(
            moderation::report(&d.anonymous, idea, "spam", "").await,
            Err(AppError::Unauthorized)
        );
        let own = moderation::report(&d.resident, idea, "spam", "").await;
        assert_eq!(msg(own.unwrap_err()), Msg::ErrReportOwn);
        let invalid = moderation::report(&d.other_resident, idea, "other", "").await;
        assert_eq!(msg(invalid.unwrap_err()), Msg::ErrRequired);
        assert_eq!(count(&d.db, "SELECT COUNT(*) FROM reports").await, 0);
        let before = idea_count(&d).await;

        // Six people report at once; the default threshold is three.
        let reporters = residents(&d, 6).await;
        let handles: Vec<_> = reporters
            .iter()
            .cloned()
            .map(|ctx| {
                tokio::spawn(async move { moderation::report(&ctx, idea, "spam", "").await })
            })
            .collect();
        let mut hid = 0;
        for h in handles {
            hid += h.await.unwrap().unwrap() as i32;
        }
        assert_eq!(hid, 1, "exactly one report hides it");
        assert!(hidden(&d.db, idea).await);
        assert_eq!(audits(&d.db, "auto_hide").await, 1);
        assert_eq!(
            idea_count(&d).await,
            before - 1,
            "hidden ideas are not counted"
        );
        assert!(d.db.counter_mismatches().await.unwrap().is_empty());
        let again = moderation::report(&reporters[0], idea, "offensive", "").await;
        assert_eq!(msg(again.unwrap_err()), Msg::ErrAlreadyReported);
        let mut c = d.db.conn().await.unwrap();
        let (queue, total) = db::moderation::queue_page(&mut c, d.community, "", "", 1)
            .await
            .unwrap();
        assert_eq!(total, 1);
        assert_eq!((queue[0].report_count, queue[0].urgent), (6, 1));
        assert_eq!(queue[0].hidden_reason.as_deref(), Some("awaiting_review"));
    }
);

both_backends!(
    bulk_decisions_are_all_or_nothing_and_audited,
    |db: Db, _url: String| async move {
        let d = demo(db).await;
        let idea = idea_of(&d, &d.resident, "Predlog").await;
        let mut args = Vec::new();
        for n in 0..3 {
            let id = arguments::service::add_argument(
                &d.other_resident,
                idea.id,
                "for",
                &format!("Razlog {n}."),
            )
            .await
            .unwrap();
            args.push(ContentRef::new(Kind::Argument, id));
        }
        votes::service::vote_idea(&d.other_resident, idea.id, 1)
            .await
            .unwrap();
        let argument_count = || async {
            common::idea_row(&d.db, idea.id, 0)
                .await
                .unwrap()
                .unwrap()
                .argument_count
        };
        assert_eq!(argument_count().await, 3);

        // Refusals change nothing.
        for ctx in [&d.resident, &d.other_resident] {
            let refused = moderation::decide(ctx, &args, "hide", "spam", "").await;
            assert_eq!(refused, Err(AppError::Forbidden));
        }
        let elsewhere = common::moderator_elsewhere(&d).await;
        assert_eq!(
            moderation::decide(&elsewhere, &args, "hide", "spam", "").await,
            Err(AppError::Forbidden)
        );
        let no_rule = moderation::decide(&d.moderator, &args, "hide", "", "").await;
        assert_eq!(msg(no_rule.unwrap_err()), Msg::ErrChooseRule);
        assert_eq!(count(&d.db, "SELECT COUNT(*) FROM audit_log").await, 0);
        assert_eq!(argument_count().await, 3);

        let decided = moderation::decide(
            &d.moderator,
            &args,
            "hide",
            "off_topic",
            "Ostanite pri temi.",
        )
        .await
        .unwrap();
        assert_eq!(decided, 3);
        assert_eq!(argument_count().await, 0);
        assert_eq!(audits(&d.db, "hide").await, 3);
        let rows = common::arguments_of(&d.db, idea.id, 0).await.unwrap();
        assert!(rows
            .iter()
            .all(|a| a.hidden == 1 && a.hidden_reason.as_deref() == Some("off_topic")));
        // Hidden content takes no votes.
        let refused = votes::service::rate_argument(&d.resident, args[0].id, 1).await;
        assert_eq!(refused, Err(AppError::NotFound));

        moderation::decide(&d.admin, &args[..2], "restore", "", "")
            .await
            .unwrap();
        assert_eq!(argument_count().await, 2);

        // A hidden idea keeps its votes and they come back with it.
        moderation::decide(&d.moderator, &[idea], "hide", "spam", "")
            .await
            .unwrap();
        let tally = || async {
            let row = common::idea_row(&d.db, idea.id, 0).await.unwrap().unwrap();
            (row.hidden, row.up_count)
        };
        assert_eq!(tally().await, (1, 1));
        assert_eq!(count(&d.db, "SELECT COUNT(*) FROM idea_votes").await, 1);
        moderation::decide(&d.moderator, &[idea], "restore", "", "")
            .await
            .unwrap();
        assert_eq!(tally().await, (0, 1));

        moderation::decide(&d.moderator, &[args[0]], "delete", "", "")
            .await
            .unwrap();
        assert_eq!(count(&d.db, "SELECT COUNT(*) FROM arguments").await, 2);
        assert_eq!(
            count(&d.db, "SELECT COUNT(*) FROM audit_log WHERE public = 1").await,
            3 + 2 + 2 + 1,
            "hide, restore and delete appear in the public log"
        );
        assert!(d.db.counter_mismatches().await.unwrap().is_empty());
    }
);

both_backends!(
    a_ban_stops_writing_in_its_community_until_lifted,
    |db: Db, _url: String| async move {
        let d = demo(db).await;
        let idea = idea_of(&d, &d.resident, "Predlog").await;
        let comment = comments::service::add_comment(&d.resident, idea.id, None, "Komentar.")
            .await
            .unwrap();
        let resident = d.resident.actor.user_id.unwrap();
        let moderator = d.moderator.actor.user_id.unwrap();
        let ban = |user_id, until: &'static str, hide_all| BanRequest {
            community_id: d.community,
            user_id,
            reason: "spam",
            note: "Oglasi.",
            until,
            hide_all,
        };
        assert_eq!(
            moderation::ban(&d.other_resident, ban(resident, "", false)).await,
            Err(AppError::Forbidden)
        );
        let of_moderator = moderation::ban(&d.admin, ban(moderator, "", false)).await;
        assert_eq!(msg(of_moderator.unwrap_err()), Msg::ErrBanModerator);
        let past = moderation::ban(&d.moderator, ban(resident, "2001-01-01", false)).await;
        assert_eq!(msg(past.unwrap_err()), Msg::ErrBanEndInvalid);

        let hid = moderation::ban(&d.moderator, ban(resident, "", true))
            .await
            .unwrap();
        assert_eq!(hid, 2, "the idea and the comment");
        assert!(hidden(&d.db, idea).await);
        assert!(hidden(&d.db, ContentRef::new(Kind::Comment, comment)).await);
        let banned = common::as_user(&d.db, common::RESIDENT).await;
        assert_eq!(
            ideas::service::create_idea(&banned, d.consultation, &draft("Še en")).await,
            Err(AppError::Forbidden)
        );
        let other = idea_of(&d, &d.other_resident, "Drug").await;
        assert_eq!(
            votes::service::vote_idea(&banned, other.id, 1)
                .await
                .map(|_| ()),
            Err(AppError::Forbidden)
        );
        assert_eq!(
            moderation::report(&banned, other, "spam", "").await,
            Err(AppError::Forbidden)
        );
        assert_eq!(audits(&d.db, "ban").await, 1);

        moderation::unban(&d.moderator, d.community, resident)
            .await
            .unwrap();
        let unbanned = common::as_user(&d.db, common::RESIDENT).await;
        ideas::service::create_idea(&unbanned, d.consultation, &draft("Spet"))
            .await
            .unwrap();
        assert_eq!(
            moderation::unban(&d.moderator, d.community, resident).await,
            Err(AppError::NotFound)
        );
        // A ban with an end lets the person write again after it (the end is in the past).
        moderation::ban(&d.moderator, ban(resident, "2099-12-31", false))
            .await
            .unwrap();
        sqlx::query("UPDATE memberships SET banned_until = 1 WHERE user_id = $1")
            .bind(resident)
            .execute(&d.db.pool)
            .await
            .unwrap();
        let expired = common::as_user(&d.db, common::RESIDENT).await;
        assert!(expired.actor.banned_in.is_empty());
    }
);

both_backends!(
    an_author_appeals_once_and_the_decision_is_final,
    |db: Db, _url: String| async move {
        let d = demo(db).await;
        let idea = idea_of(&d, &d.resident, "Predlog").await;
        let comment = comments::service::add_comment(&d.other_resident, idea.id, None, "Žaljivo.")
            .await
            .unwrap();
        let comment = ContentRef::new(Kind::Comment, comment);
        let visible = moderation::appeal(&d.other_resident, comment, "Prosim.").await;
        assert_eq!(msg(visible.unwrap_err()), Msg::ErrNothingToAppeal);
        moderation::decide(&d.moderator, &[comment], "hide", "offensive", "")
            .await
            .unwrap();
        assert_eq!(
            moderation::appeal(&d.resident, comment, "Ni moje.").await,
            Err(AppError::Forbidden)
        );
        moderation::appeal(&d.other_resident, comment, "Ni bilo žaljivo.")
            .await
            .unwrap();
        let twice = moderation::appeal(&d.other_resident, comment, "Še enkrat.").await;
        assert_eq!(msg(twice.unwrap_err()), Msg::ErrAlreadyAppealed);
        let mut c = d.db.conn().await.unwrap();
        let (queue, _) = db::moderation::queue_page(&mut c, d.community, "comment", "", 1)
            .await
            .unwrap();
        assert_eq!(queue[0].appeal.as_deref(), Some("Ni bilo žaljivo."));
        drop(c);

        moderation::decide(&d.moderator, &[comment], "keep_hidden", "", "")
            .await
            .unwrap();
        assert!(hidden(&d.db, comment).await);
        assert_eq!(audits(&d.db, "appeal_refused").await, 1);
        let after = moderation::appeal(&d.other_resident, comment, "Prosim!").await;
        assert_eq!(msg(after.unwrap_err()), Msg::ErrAlreadyAppealed, "final");
        let decision: Option<String> = sqlx::query_scalar("SELECT decision FROM appeals")
            .fetch_one(&d.db.pool)
            .await
            .unwrap();
        assert_eq!(decision.as_deref(), Some("upheld"));
        // Without a pending appeal, "keep hidden" closes the entry and says so in the log.
        moderation::decide(&d.moderator, &[comment], "keep_hidden", "", "")
            .await
            .unwrap();
        assert_eq!(audits(&d.db, "appeal_refused").await, 1);
        assert_eq!(audits(&d.db, "dismiss").await, 1);
    }
);

both_backends!(
    pre_moderated_ideas_wait_for_approval,
    |db: Db, _url: String| async move {
        let d = demo(db).await;
        let settings = |threshold, premoderated| moderation::ModerationSettings {
            threshold,
            min_days: None,
            premoderated,
        };
        let on = [d.consultation];
        assert_eq!(
            moderation::save_settings(&d.moderator, d.community, &settings("3", &on)).await,
            Err(AppError::Forbidden),
            "administrators set it"
        );
        // One wrong value saves nothing.
        assert_eq!(
            moderation::save_settings(&d.admin, d.community, &settings("0", &on))
                .await
                .map_err(msg),
            Err(Msg::ErrThresholdInvalid)
        );
        assert_eq!(audits(&d.db, "settings").await, 0);
        moderation::save_settings(&d.admin, d.community, &settings("3", &on))
            .await
            .unwrap();
        assert_eq!(audits(&d.db, "settings").await, 1, "only what changed");
        let before = idea_count(&d).await;
        let idea = idea_of(&d, &d.resident, "Čaka").await;
        assert!(hidden(&d.db, idea).await);
        assert_eq!(idea_count(&d).await, before);
        let mut c = d.db.conn().await.unwrap();
        let (queue, _) = db::moderation::queue_page(&mut c, d.community, "", "", 1)
            .await
            .unwrap();
        assert_eq!(queue[0].awaiting_approval, 1);
        drop(c);
        // An idea waiting for approval is not the author's to appeal.
        let appeal = moderation::appeal(&d.resident, idea, "Zakaj?").await;
        assert_eq!(msg(appeal.unwrap_err()), Msg::ErrNothingToAppeal);
        moderation::decide(&d.moderator, &[idea], "approve", "", "")
            .await
            .unwrap();
        assert!(!hidden(&d.db, idea).await);
        assert_eq!(idea_count(&d).await, before + 1);
        assert_eq!(count(&d.db, "SELECT COUNT(*) FROM queue_items").await, 0);
        assert!(d.db.counter_mismatches().await.unwrap().is_empty());
        moderation::save_settings(&d.admin, d.community, &settings("1", &on))
            .await
            .unwrap();
        assert!(moderation::report(&d.other_resident, idea, "spam", "")
            .await
            .unwrap());
        assert_eq!(audits(&d.db, "settings").await, 2);
    }
);

both_backends!(
    roles_change_at_once_and_are_audited,
    |db: Db, _url: String| async move {
        let d = demo(db).await;
        let resident = d.resident.actor.user_id.unwrap();
        assert_eq!(
            accounts::service::set_role_of(&d.moderator, d.community, resident, Role::Moderator)
                .await,
            Err(AppError::Forbidden)
        );
        accounts::service::set_role_of(&d.admin, d.community, resident, Role::Moderator)
            .await
            .unwrap();
        let now = common::as_user(&d.db, common::RESIDENT).await;
        assert_eq!(now.actor.role_in(d.community), Some(Role::Moderator));
        accounts::service::set_role_of(&d.admin, d.community, resident, Role::Resident)
            .await
            .unwrap();
        let now = common::as_user(&d.db, common::RESIDENT).await;
        assert_eq!(now.actor.role_in(d.community), Some(Role::Resident));
        assert_eq!(audits(&d.db, "role_moderator").await, 1);
        assert_eq!(audits(&d.db, "role_resident").await, 1);
    }
);

both_backends!(
    edits_after_votes_keep_revisions_and_moderator_edits_are_audited,
    |db: Db, _url: String| async move {
        let d = demo(db).await;
        let idea = idea_of(&d, &d.resident, "Prvi").await;
        ideas::service::update_idea(&d.resident, idea.id, &draft("Drugi"))
            .await
            .unwrap();
        assert_eq!(
            count(&d.db, "SELECT COUNT(*) FROM idea_revisions").await,
            0,
            "nobody reacted yet"
        );
        votes::service::vote_idea(&d.other_resident, idea.id, 1)
            .await
            .unwrap();
        ideas::service::update_idea(&d.resident, idea.id, &draft("Tretji"))
            .await
            .unwrap();
        ideas::service::update_idea(&d.moderator, idea.id, &draft("Četrti"))
            .await
            .unwrap();
        let mut c = d.db.conn().await.unwrap();
        let revisions = db::ideas::revisions(&mut c, idea.id).await.unwrap();
        let titles: Vec<&str> = revisions.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(titles, ["Tretji", "Drugi"]);
        drop(c);
        let row = common::idea_row(&d.db, idea.id, 0).await.unwrap().unwrap();
        assert!(row.edited_at.is_some());
        assert_eq!(audits(&d.db, "edit").await, 1, "only the moderator's edit");
    }
);

both_backends!(
    the_audit_log_is_written_with_the_action_and_never_changed,
    |db: Db, _url: String| async move {
        let d = demo(db).await;
        let idea = idea_of(&d, &d.resident, "Predlog").await;
        // A transaction that hides and audits, then fails: neither stays.
        let mut tx = d.db.begin().await.unwrap();
        db::moderation::hide(&mut tx, idea, app::moderation::rules::Reason::Spam, None)
            .await
            .unwrap();
        moderation::audit(
            &mut tx,
            None,
            d.community,
            AuditAction::Hide,
            idea,
            None,
            None,
        )
        .await
        .unwrap();
        drop(tx);
        assert!(!hidden(&d.db, idea).await);
        assert_eq!(count(&d.db, "SELECT COUNT(*) FROM audit_log").await, 0);

        moderation::decide(&d.moderator, &[idea], "hide", "spam", "")
            .await
            .unwrap();
        for sql in ["UPDATE audit_log SET note = 'x'", "DELETE FROM audit_log"] {
            assert!(sqlx::query(sql).execute(&d.db.pool).await.is_err(), "{sql}");
        }
        assert_eq!(count(&d.db, "SELECT COUNT(*) FROM audit_log").await, 1);
    }
);

both_backends!(
    the_queue_pages_urgent_items_first_and_filters,
    |db: Db, _url: String| async move {
        let d = demo(db).await;
        let idea = idea_of(&d, &d.resident, "Predlog").await;
        let mut comments = Vec::new();
        for n in 0..55 {
            let id = comments::service::add_comment(&d.resident, idea.id, None, &format!("K {n}"))
                .await
                .unwrap();
            let r = ContentRef::new(Kind::Comment, id);
            let reason = if n % 2 == 0 { "spam" } else { "off_topic" };
            moderation::report(&d.other_resident, r, reason, "")
                .await
                .unwrap();
            comments.push(r);
        }
        let settings = moderation::ModerationSettings {
            threshold: "1",
            min_days: None,
            premoderated: &[],
        };
        moderation::save_settings(&d.admin, d.community, &settings)
            .await
            .unwrap();
        moderation::report(&d.other_resident, idea, "offensive", "")
            .await
            .unwrap();
        let mut c = d.db.conn().await.unwrap();
        let (page1, total) = db::moderation::queue_page(&mut c, d.community, "", "", 1)
            .await
            .unwrap();
        assert_eq!((page1.len(), total), (50, 56));
        assert_eq!(page1[0].target_kind, "idea", "hidden by reports: first");
        let (page2, _) = db::moderation::queue_page(&mut c, d.community, "", "", 2)
            .await
            .unwrap();
        assert_eq!(page2.len(), 6);
        let (_, spam) = db::moderation::queue_page(&mut c, d.community, "", "spam", 1)
            .await
            .unwrap();
        assert_eq!(spam, 28);
        let (_, only_comments) = db::moderation::queue_page(&mut c, d.community, "comment", "", 1)
            .await
            .unwrap();
        assert_eq!(only_comments, 55);
        drop(c);
        moderation::decide(&d.moderator, &comments, "approve", "", "")
            .await
            .unwrap();
        assert_eq!(count(&d.db, "SELECT COUNT(*) FROM queue_items").await, 1);
        assert_eq!(
            count(&d.db, "SELECT COUNT(*) FROM reports WHERE open = 1").await,
            1
        );
    }
);
