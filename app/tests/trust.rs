//! Defects found by black-box testing of the release (issue "Trust"), each through its service
//! on both back-ends: ids never reused, link mails composed side by side, OpenID addresses and
//! pending links, bounded caches, reports that hide, scoped look-ups, closed consultations,
//! the whole of a person's data, defused spreadsheet cells.

use app::both_backends;
use app::testing as common;
use app::testing::{count, draft};

use app::accounts::oidc::{self, Identity, Outcome, ProviderConfig};
use app::ctx::Ctx;
use app::error::AppError;
use app::i18n::{Lang, Localized, Msg};
use app::measures::rules::MeasureDraft;
use app::moderation::rules::{ContentRef, Kind, Reason};
use app::moderation::service as moderation;
use app::server::db;
use app::server::Db;
use app::{accounts, arguments, ideas, measures, participation};
use common::demo;

fn msg(e: AppError) -> Msg {
    e.form_errors()[0].msg
}

async fn new_user(db: &Db, email: &str) -> Ctx {
    let mut tx = db.begin().await.unwrap();
    let user = db::NewUser {
        email,
        display_name: email.split('@').next().unwrap(),
        password_hash: None,
    };
    let id = db::accounts::create_user(&mut tx, user).await.unwrap();
    tx.commit().await.unwrap();
    Ctx::for_user(db.clone(), id, Lang::Sl).await.unwrap()
}

both_backends!(
    ids_of_deleted_content_are_never_given_again,
    |db: Db, _url: String| async move {
        let d = demo(db).await;
        let first = ideas::service::create_idea(&d.resident, d.consultation, &draft("Prvi"))
            .await
            .unwrap();
        // The author's edit puts the idea's owner into the process's cache.
        ideas::service::update_idea(&d.resident, first, &draft("Prvi, popravljen"))
            .await
            .unwrap();
        assert!(!d.db.owners.is_empty());
        let r = ContentRef::new(Kind::Idea, first);
        moderation::decide(&d.moderator, &[r], "delete", "spam", "")
            .await
            .unwrap();
        assert!(d.db.owners.is_empty(), "deleting content empties the cache");

        let next = ideas::service::create_idea(&d.other_resident, d.consultation, &draft("Drugi"))
            .await
            .unwrap();
        assert!(
            next > first,
            "the newest deleted id {first} came back as {next}"
        );
        assert_eq!(
            ideas::service::update_idea(&d.resident, next, &draft("Prevzet")).await,
            Err(AppError::Forbidden)
        );
        assert_eq!(
            ideas::service::update_idea(&d.resident, first, &draft("Prevzet")).await,
            Err(AppError::NotFound)
        );
        let title = common::idea_row(&d.db, next, 0)
            .await
            .unwrap()
            .unwrap()
            .title;
        assert_eq!(title, "Drugi");
    }
);

both_backends!(
    link_mails_falling_due_together_are_all_composed,
    |db: Db, _url: String| async move {
        let anonymous = Ctx::anonymous(db.clone(), Lang::Sl);
        for n in 0..12 {
            accounts::service::register(
                &anonymous,
                &format!("nova{n}@example.org"),
                &format!("Nova {n}"),
                "correct horse battery",
            )
            .await
            .unwrap();
        }
        let items = db::outbox::claim(&db, "test", 60_000, 32).await.unwrap();
        assert_eq!(items.len(), 12);
        // As the mail worker does: side by side, each composing its link (read, then write).
        let tasks: Vec<_> = items
            .into_iter()
            .map(|item| {
                let db = db.clone();
                tokio::spawn(async move {
                    app::notifications::mail::compose(&db, &item, "http://x", "x").await
                })
            })
            .collect();
        for task in tasks {
            assert!(task.await.unwrap().expect("composed").is_some());
        }
        let hashed = count(
            &db,
            "SELECT COUNT(*) FROM account_tokens WHERE token_hash IS NOT NULL",
        )
        .await;
        assert_eq!(hashed, 12);
    }
);

fn provider() -> ProviderConfig {
    ProviderConfig {
        id: "city".into(),
        name: "Mestni račun".into(),
        issuer: "http://127.0.0.1:1".into(),
        client_id: "posvet".into(),
        client_secret: None,
    }
}

fn identity(subject: &str, email: &str, verified: bool) -> Identity {
    Identity {
        subject: subject.into(),
        email: Some(email.into()),
        email_verified: verified,
        name: Some("Nekdo".into()),
    }
}

async fn address_of(db: &Db, id: i64) -> String {
    db::accounts::account(&mut db.conn().await.unwrap(), id)
        .await
        .unwrap()
        .unwrap()
        .email
}

both_backends!(
    provider_addresses_count_only_when_verified_and_links_bind_to_their_account,
    |db: Db, _url: String| async move {
        let d = demo(db).await;
        let ctx = Ctx::anonymous(d.db.clone(), Lang::Sl);
        // Unverified: neither the account's address, nor a way into the account that has it.
        let Outcome::SignedIn(id) = oidc::account_for(
            &ctx,
            &provider(),
            identity("s1", "tujec@example.org", false),
        )
        .await
        .unwrap() else {
            panic!("an unverified address asks for no link");
        };
        assert!(address_of(&d.db, id).await.ends_with("@oidc.invalid"));
        let Outcome::SignedIn(other) =
            oidc::account_for(&ctx, &provider(), identity("s2", common::RESIDENT, false))
                .await
                .unwrap()
        else {
            panic!("someone else's unverified address asks for no link");
        };
        assert_ne!(Some(other), d.resident.actor.user_id);
        assert!(address_of(&d.db, other).await.ends_with("@oidc.invalid"));

        // Verified and taken: linked only by the account with that address signing in.
        let Outcome::Link(pending) =
            oidc::account_for(&ctx, &provider(), identity("s3", common::RESIDENT, true))
                .await
                .unwrap()
        else {
            panic!("a verified address of an account asks to link");
        };
        let linked = || {
            count(
                &d.db,
                "SELECT COUNT(*) FROM identities WHERE subject = 's3'",
            )
        };
        assert!(!oidc::link(&d.other_resident, pending.clone())
            .await
            .unwrap());
        assert_eq!(
            linked().await,
            0,
            "another account signing in links nothing"
        );
        assert!(oidc::link(&d.resident, pending).await.unwrap());
        assert_eq!(linked().await, 1);

        // The owner sees the provider and removes it; an account with no password keeps its
        // last way in.
        let view = accounts::settings::account_view(&d.resident).await.unwrap();
        assert_eq!(
            view.providers,
            vec![("city".to_string(), "city".to_string())]
        );
        assert_eq!(
            app::accounts::settings::unlink(&d.other_resident, "city").await,
            Err(AppError::NotFound)
        );
        let last = app::accounts::settings::unlink(&d.resident, "city")
            .await
            .unwrap_err();
        assert_eq!(msg(last), Msg::ErrLastWayIn, "the resident has no password");
        sqlx::query("UPDATE users SET password_hash = 'x' WHERE email = $1")
            .bind(common::RESIDENT)
            .execute(&d.db.pool)
            .await
            .unwrap();
        app::accounts::settings::unlink(&d.resident, "city")
            .await
            .unwrap();
        assert_eq!(linked().await, 0);
    }
);

both_backends!(
    results_of_consultations_that_do_not_exist_are_not_kept,
    |db: Db, _url: String| async move {
        let ctx = Ctx::anonymous(db.clone(), Lang::Sl);
        let before = app::results::service::kept_figures();
        for id in 1_000_000..1_000_400 {
            let r = app::results::service::consultation_results(&ctx, id).await;
            assert_eq!(r.err(), Some(AppError::NotFound));
        }
        let grown = app::results::service::kept_figures().saturating_sub(before);
        // Other tests in this process may keep a few real pages meanwhile.
        assert!(grown < 50, "{grown} entries for pages that do not exist");
    }
);

both_backends!(
    only_reports_from_confirmed_established_accounts_hide,
    |db: Db, _url: String| async move {
        let d = demo(db).await;
        let id = ideas::service::create_idea(&d.resident, d.consultation, &draft("Predlog"))
            .await
            .unwrap();
        let r = ContentRef::new(Kind::Idea, id);
        let hidden = || async {
            let mut c = d.db.conn().await.unwrap();
            db::moderation::facts(&mut c, r)
                .await
                .unwrap()
                .unwrap()
                .hidden
                == 1
        };
        // Three throwaway registrations (no confirmed address) report: the queue hears them,
        // nothing is hidden.
        for n in 0..3 {
            let ctx = new_user(&d.db, &format!("enkratni{n}@example.org")).await;
            assert!(!moderation::report(&ctx, r, "spam", "").await.unwrap());
        }
        assert!(!hidden().await);
        // Three confirmed but brand-new accounts: still not (the default is 7 days).
        let mut fresh = Vec::new();
        for n in 0..4 {
            let ctx = new_user(&d.db, &format!("nov{n}@example.org")).await;
            let id = ctx.actor.user_id.unwrap();
            sqlx::query("UPDATE users SET email_verified_at = 1 WHERE id = $1")
                .bind(id)
                .execute(&d.db.pool)
                .await
                .unwrap();
            fresh.push(ctx);
        }
        for ctx in &fresh[..3] {
            assert!(!moderation::report(ctx, r, "spam", "").await.unwrap());
        }
        assert!(!hidden().await);
        let mut c = d.db.conn().await.unwrap();
        let (queue, _) = db::moderation::queue_page(&mut c, d.community, "", "", 1)
            .await
            .unwrap();
        drop(c);
        assert_eq!(queue[0].report_count, 6, "every report reaches the queue");

        // The administrators may lower the age; a mistake changes nothing.
        let days = |min_days| moderation::ModerationSettings {
            threshold: "3",
            min_days: Some(min_days),
            premoderated: &[],
        };
        let wrong = moderation::save_settings(&d.admin, d.community, &days("a week"))
            .await
            .unwrap_err();
        assert_eq!(msg(wrong), Msg::ErrMinAccountDaysInvalid);
        assert_eq!(
            moderation::save_settings(&d.resident, d.community, &days("0")).await,
            Err(AppError::Forbidden)
        );
        moderation::save_settings(&d.admin, d.community, &days("0"))
            .await
            .unwrap();
        assert!(moderation::report(&fresh[3], r, "spam", "").await.unwrap());
        assert!(hidden().await);
    }
);

both_backends!(
    the_measure_form_finds_only_ideas_of_its_community_that_the_reader_may_see,
    |db: Db, _url: String| async move {
        let d = demo(db).await;
        let text = |t: &str| Localized::new(&[(Lang::Sl, t), (Lang::En, t)]);
        let mut tx = d.db.begin().await.unwrap();
        let other =
            db::consultations::create_community(&mut tx, "druga", &text("Druga"), &text(""))
                .await
                .unwrap();
        let goal =
            db::consultations::create_consultation(&mut tx, other, 0, &text("Cilj"), &text(""))
                .await
                .unwrap();
        tx.commit().await.unwrap();
        let theirs = ideas::service::create_idea(&d.other_resident, goal, &draft("Skrivnost"))
            .await
            .unwrap();
        let mut tx = d.db.begin().await.unwrap();
        db::moderation::hide(
            &mut tx,
            ContentRef::new(Kind::Idea, theirs),
            Reason::Spam,
            None,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let ours = ideas::service::create_idea(&d.resident, d.consultation, &draft("Naš"))
            .await
            .unwrap();

        let view = measures::service::manage_view(&d.admin, 0, d.consultation, &[theirs, ours])
            .await
            .unwrap();
        let titles: Vec<&str> = view.candidates.iter().map(|(_, t)| t.as_str()).collect();
        assert!(titles.contains(&"Naš"));
        assert!(
            !titles.contains(&"Skrivnost"),
            "another community's hidden idea leaked: {titles:?}"
        );
    }
);

both_backends!(
    statistics_answers_are_refused_once_a_consultation_closes,
    |db: Db, _url: String| async move {
        let d = demo(db).await;
        let form = participation::rules::QuestionForm {
            question_sl: "Četrt".into(),
            options_sl: "Center\nŠiška".into(),
            ..Default::default()
        };
        let q = participation::service::add_question(&d.admin, d.consultation, &form)
            .await
            .unwrap();
        participation::service::save_answers(&d.resident, d.consultation, &[(q, "1".into())])
            .await
            .unwrap();
        sqlx::query("UPDATE consultations SET archived = 1 WHERE id = $1")
            .bind(d.consultation)
            .execute(&d.db.pool)
            .await
            .unwrap();
        let late = participation::service::save_answers(
            &d.other_resident,
            d.consultation,
            &[(q, "2".into())],
        )
        .await;
        assert_eq!(late, Err(AppError::NotNow));
        let answers = count(&d.db, "SELECT COUNT(*) FROM registration_answers").await;
        assert_eq!(answers, 1, "the late answer was not stored");
    }
);

/// The tables with a column that points to a person: foreign keys to `users`, and the two
/// columns that name a person without one.
async fn tables_referring_to_people(db: &Db) -> Vec<String> {
    let sql = match db.backend {
        db::Backend::Sqlite => {
            "SELECT DISTINCT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f
             WHERE m.type = 'table' AND f.\"table\" = 'users'"
        }
        db::Backend::Postgres => {
            "SELECT DISTINCT c.relname::text FROM pg_constraint k
             JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid
             WHERE k.contype = 'f' AND r.relname = 'users'"
        }
    };
    let mut tables: Vec<String> = sqlx::query_scalar(sql).fetch_all(&db.pool).await.unwrap();
    tables.extend(["idea_revisions".to_string(), "audit_log".to_string()]);
    tables.sort();
    tables.dedup();
    tables
}

both_backends!(
    my_data_holds_every_table_that_refers_to_me_and_my_earlier_versions,
    |db: Db, _url: String| async move {
        let d = demo(db).await;
        let covered: Vec<&str> = db::personal_data::SECTIONS.iter().map(|s| s.1).collect();
        for table in tables_referring_to_people(&d.db).await {
            assert!(
                covered.contains(&table.as_str()),
                "{table} refers to a person but is not in the download"
            );
        }
        let id = ideas::service::create_idea(&d.resident, d.consultation, &draft("Prva različica"))
            .await
            .unwrap();
        // Once others have engaged with an idea, its earlier versions are kept (and public).
        arguments::service::add_argument(&d.other_resident, id, "for", "Se strinjam.")
            .await
            .unwrap();
        ideas::service::update_idea(&d.resident, id, &draft("Druga različica"))
            .await
            .unwrap();
        let data = accounts::personal_data::my_data(&d.resident).await.unwrap();
        let versions = data["idea_versions"].as_array().expect("a section");
        assert!(
            versions.iter().any(|v| v["title"] == "Prva različica"),
            "{versions:?}"
        );
        for (name, _, _) in db::personal_data::SECTIONS {
            assert!(data.get(*name).is_some(), "{name}");
        }
    }
);

both_backends!(
    measures_exported_for_spreadsheets_carry_no_formulas,
    |db: Db, _url: String| async move {
        let d = demo(db).await;
        let formula = "=HYPERLINK(\"http://x\",\"klik\")";
        let m = MeasureDraft {
            title: formula.into(),
            body: "Opis.".into(),
            responsible: "@Služba".into(),
            status: "planned".into(),
            ..MeasureDraft::default()
        };
        measures::service::create_measure(&d.admin, d.consultation, &m, &[])
            .await
            .unwrap();
        let csv = measures::csv::export(&d.admin, common::SLUG).await.unwrap();
        let csv = String::from_utf8(csv).unwrap();
        assert!(csv.contains("'=HYPERLINK"), "{csv}");
        assert!(csv.contains("'@Služba"), "{csv}");
        // Read back, the file changes nothing.
        let outcome = measures::csv::import(&d.admin, common::SLUG, csv.as_bytes())
            .await
            .unwrap();
        match outcome {
            measures::csv::Outcome::Imported(i) => {
                assert_eq!((i.created, i.updated), (0, 0), "{i:?}")
            }
            rejected => panic!("{rejected:?}"),
        }
    }
);

both_backends!(
    only_confirmed_addresses_are_sent_notifications,
    |db: Db, _url: String| async move {
        let d = demo(db).await;
        // Someone registered a stranger's address: the stranger gets no mail of what others
        // write, though the account's own notifications are kept.
        let unconfirmed = new_user(&d.db, "tujec@example.org").await;
        let theirs = ideas::service::create_idea(&unconfirmed, d.consultation, &draft("Tuja"))
            .await
            .unwrap();
        let ours = ideas::service::create_idea(&d.other_resident, d.consultation, &draft("Naša"))
            .await
            .unwrap();
        for idea in [theirs, ours] {
            arguments::service::add_argument(&d.resident, idea, "for", "Dobro.")
                .await
                .unwrap();
        }
        let of = |id: i64, table: &'static str| {
            let db = d.db.clone();
            async move {
                count(
                    &db,
                    &format!("SELECT COUNT(*) FROM {table} WHERE user_id = {id}"),
                )
                .await
            }
        };
        let stranger = unconfirmed.actor.user_id.unwrap();
        let other = d.other_resident.actor.user_id.unwrap();
        assert_eq!(of(stranger, "notifications").await, 1);
        assert_eq!(
            of(stranger, "outbox").await,
            0,
            "no mail to an unconfirmed address"
        );
        assert_eq!(of(other, "outbox").await, 1);
        // Nor in a daily digest.
        sqlx::query("UPDATE users SET mail_mode = 'daily' WHERE id = $1")
            .bind(stranger)
            .execute(&d.db.pool)
            .await
            .unwrap();
        let made = app::notifications::mail::make_digests(&d.db, db::now_ms() + 2 * 86_400_000)
            .await
            .unwrap();
        assert_eq!(made, 0);
    }
);
