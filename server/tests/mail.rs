//! Mail through a real SMTP server: Python's aiosmtpd (from PyPI, installed by
//! scripts/setup.sh) runs on a loopback port and writes what it receives into a Maildir,
//! which the tests read. Recipients, language, links, Message-IDs, retries after the server
//! was down, daily digests, and no mail sent twice. Both back-ends.

use app::both_backends;
use app::testing as common;
use app::testing::{count, draft};

use app::server::db;
use app::server::Db;
use server::mailer::{self, MailConfig};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const SITE: &str = "http://posvet.test";

/// An aiosmtpd process and the Maildir it writes into; killed when dropped.
struct SmtpServer {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl SmtpServer {
    fn start() -> SmtpServer {
        let port = free_port();
        let dir = tempfile::tempdir().unwrap();
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(dir.path().join("Maildir"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 -m aiosmtpd (scripts/setup.sh installs it)");
        let server = SmtpServer { child, port, dir };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return server;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("aiosmtpd did not start on port {port}");
    }

    fn maildir(&self) -> PathBuf {
        self.dir.path().join("Maildir").join("new")
    }

    /// Every mail received so far.
    fn mails(&self) -> Vec<Received> {
        let Ok(entries) = std::fs::read_dir(self.maildir()) else {
            return Vec::new();
        };
        entries
            .filter_map(|e| e.ok())
            .map(|e| Received::parse(&e.path()))
            .collect()
    }

    /// Waits until at least `n` mails arrived, then returns them.
    async fn wait_for(&self, n: usize) -> Vec<Received> {
        for _ in 0..200 {
            let mails = self.mails();
            if mails.len() >= n {
                return mails;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("expected {n} mails, got {}", self.mails().len());
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A received mail: its headers (lower-case names) and its decoded text.
#[derive(Debug)]
struct Received {
    headers: BTreeMap<String, String>,
    body: String,
}

impl Received {
    fn parse(path: &Path) -> Received {
        let raw = std::fs::read_to_string(path).unwrap().replace("\r\n", "\n");
        let (head, body) = raw.split_once("\n\n").unwrap_or((&raw, ""));
        let mut headers = BTreeMap::new();
        let mut last = String::new();
        for line in head.lines() {
            if line.starts_with([' ', '\t']) {
                if let Some(v) = headers.get_mut(&last) {
                    *v = format!("{v} {}", line.trim());
                }
            } else if let Some((k, v)) = line.split_once(':') {
                last = k.trim().to_ascii_lowercase();
                headers.insert(last.clone(), v.trim().to_string());
            }
        }
        let encoding = headers
            .get("content-transfer-encoding")
            .cloned()
            .unwrap_or_default();
        Received {
            body: decode(body, &encoding),
            headers,
        }
    }

    fn header(&self, name: &str) -> &str {
        self.headers.get(name).map(String::as_str).unwrap_or("")
    }
}

/// The body as written: quoted-printable or base64 as lettre chose, or as is.
fn decode(body: &str, encoding: &str) -> String {
    match encoding.to_ascii_lowercase().as_str() {
        "base64" => {
            use base64::Engine;
            let joined: String = body.split_whitespace().collect();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(joined)
                .unwrap();
            String::from_utf8(bytes).unwrap()
        }
        "quoted-printable" => {
            let soft = body.replace("=\n", "");
            let mut out = Vec::new();
            let b = soft.as_bytes();
            let mut i = 0;
            while i < b.len() {
                if b[i] == b'=' && i + 2 < b.len() {
                    let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap();
                    out.push(u8::from_str_radix(hex, 16).unwrap());
                    i += 3;
                } else {
                    out.push(b[i]);
                    i += 1;
                }
            }
            String::from_utf8(out).unwrap()
        }
        _ => body.to_string(),
    }
}

fn config(port: u16) -> MailConfig {
    MailConfig {
        smtp_url: format!("smtp://127.0.0.1:{port}"),
        from: "Posvet <posvet@posvet.test>".into(),
        public_url: SITE.into(),
        poll: Duration::from_millis(100),
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
        app::notifications::service::save_settings(&d.other_resident, "instant", "en")
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
        app::notifications::service::save_settings(&d.resident, "daily", "sl")
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
            digest.body.contains("„Prva“") && digest.body.contains("„Druga“"),
            "{}",
            digest.body
        );
        assert!(digest.body.contains(&format!("{SITE}/ideas/{a}#answers")));
    }
);
