//! Mail through a real SMTP server: Python's aiosmtpd (from PyPI, installed by
//! scripts/setup.sh) runs on a loopback port and writes what it receives into a Maildir,
//! which the tests read. Recipients, language, links, Message-IDs, retries after the server
//! was down, daily digests, and no mail sent twice. Both back-ends.

mod support;

use app::both_backends;
use app::testing as common;
use app::testing::{count, draft};

use app::server::db;
use app::server::Db;
use server::mailer::{self, MailConfig};
use std::time::Duration;
use support::free_port;
use support::smtp::SmtpServer;

const SITE: &str = "http://posvet.test";

fn config(port: u16) -> MailConfig {
    MailConfig {
        smtp_url: format!("smtp://127.0.0.1:{port}"),
        from: "Posvet <posvet@posvet.test>".into(),
        public_url: SITE.into(),
        poll: Duration::from_millis(100),
        lease_ms: 60_000,
    }
}

both_backends!(
    answers_are_mailed_once_in_each_recipients_language,
    |db: Db, _url: String| async move {
        let d = common::demo(db.clone()).await;
        let idea = app::ideas::service::create_idea(
            &d.resident,
            d.consultation,
            &draft("Klopi ob Ljubljanici"),
        )
        .await
        .unwrap();
        app::votes::service::vote_idea(&d.other_resident, idea, 1)
            .await
            .unwrap();
        // Bojan reads English.
        app::notifications::service::save_settings(&d.other_resident, "instant", "en", "")
            .await
            .unwrap();

        // The SMTP server is down at first: the mails wait and are retried later.
        let dead = free_port();
        let worker = tokio::spawn(mailer::run(db.clone(), config(dead)));
        app::ideas::service::answer_ideas(&d.admin, &[idea], "adopted", "Postavimo jih spomladi.")
            .await
            .unwrap();
        for _ in 0..100 {
            if count(
                &db,
                "SELECT COUNT(*) FROM outbox WHERE last_error IS NOT NULL",
            )
            .await
                == 2
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        worker.abort();
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM outbox WHERE last_error IS NOT NULL AND sent_at IS NULL"
            )
            .await,
            2
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM outbox WHERE attempts = 1").await,
            2
        );
        // Backed off: not due again for a while.
        let due = count(
            &db,
            &format!(
                "SELECT COUNT(*) FROM outbox WHERE next_attempt_at <= {}",
                db::now_ms()
            ),
        )
        .await;
        assert_eq!(due, 0);

        // The server is up; the retry comes due.
        let smtp = SmtpServer::start();
        sqlx::query("UPDATE outbox SET next_attempt_at = 0")
            .execute(&db.pool)
            .await
            .unwrap();
        let worker = tokio::spawn(mailer::run(db.clone(), config(smtp.port)));
        let mails = smtp.wait_for(2).await;
        // Some more turns of the worker: nothing is sent twice.
        tokio::time::sleep(Duration::from_millis(600)).await;
        worker.abort();
        let mails_after = smtp.mails();
        assert_eq!(mails_after.len(), 2, "{mails_after:#?}");
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL").await,
            2
        );

        let by_to = |to: &str| {
            mails
                .iter()
                .find(|m| m.header("to").contains(to))
                .expect(to)
        };
        let ana = by_to(common::RESIDENT);
        let bojan = by_to(common::OTHER_RESIDENT);
        assert!(ana.header("subject").contains("Novo na Posvetu"), "{ana:?}");
        assert!(
            bojan.header("subject").contains("News from Posvet"),
            "{bojan:?}"
        );
        assert!(
            ana.body.contains("ima nov status: Sprejeta"),
            "{}",
            ana.body
        );
        assert!(
            bojan
                .body
                .contains("is now Adopted: Postavimo jih spomladi."),
            "{}",
            bojan.body
        );
        let link = format!("{SITE}/ideas/{idea}#answers");
        assert!(ana.body.contains(&link) && bojan.body.contains(&link));
        assert!(bojan.body.contains(&format!("{SITE}/notifications")));
        assert!(ana.header("message-id").starts_with("<outbox-"));
        assert_ne!(ana.header("message-id"), bojan.header("message-id"));
        // Nobody is told of their own answer, and nobody else's address appears in a mail.
        assert!(mails
            .iter()
            .all(|m| !m.header("to").contains(common::ADMIN)));
        assert!(
            !ana.body.contains(common::OTHER_RESIDENT) && !bojan.body.contains(common::RESIDENT)
        );
    }
);

both_backends!(
    a_daily_reader_gets_one_digest_of_the_day,
    |db: Db, _url: String| async move {
        let d = common::demo(db.clone()).await;
        app::notifications::service::save_settings(&d.resident, "daily", "sl", "")
            .await
            .unwrap();
        let a = app::ideas::service::create_idea(&d.resident, d.consultation, &draft("Prva"))
            .await
            .unwrap();
        let b = app::ideas::service::create_idea(&d.resident, d.consultation, &draft("Druga"))
            .await
            .unwrap();
        app::ideas::service::answer_ideas(&d.admin, &[a, b], "under_consideration", "Preučujemo.")
            .await
            .unwrap();
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM outbox").await,
            0,
            "no mail at once"
        );
        // Today's notifications wait for tomorrow's digest.
        assert_eq!(
            app::notifications::mail::make_digests(&db, db::now_ms())
                .await
                .unwrap(),
            0
        );
        // As if they came yesterday: the digest is made once, however often it is asked for.
        sqlx::query(&format!(
            "UPDATE notifications SET created_at = created_at - {}",
            86_400_000
        ))
        .execute(&db.pool)
        .await
        .unwrap();
        let now = db::now_ms();
        assert_eq!(
            app::notifications::mail::make_digests(&db, now)
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            app::notifications::mail::make_digests(&db, now)
                .await
                .unwrap(),
            0
        );

        let smtp = SmtpServer::start();
        let worker = tokio::spawn(mailer::run(db.clone(), config(smtp.port)));
        let mails = smtp.wait_for(1).await;
        tokio::time::sleep(Duration::from_millis(400)).await;
        worker.abort();
        assert_eq!(smtp.mails().len(), 1);
        let digest = &mails[0];
        assert!(
            digest.header("subject").contains("dnevni povzetek (2)"),
            "{digest:?}"
        );
        assert!(
            digest.body.contains("»Prva«") && digest.body.contains("»Druga«"),
            "{}",
            digest.body
        );
        assert!(digest.body.contains(&format!("{SITE}/ideas/{a}#answers")));
    }
);
