//! Two real `posvet` processes on one PostgreSQL database, as a city runs several instances
//! behind a load balancer: a session made on one works on the other, votes sent to both are
//! counted exactly, and mail queued once is sent once although both run the mail worker —
//! also when one of them is killed (SIGKILL) in the middle of sending. Prints the mail
//! throughput (docs/benchmarks.md).

mod support;

use app::accounts::server_fns::Register;
use app::server::db::{self, Db};
use leptos::server_fn::ServerFn;
use server::generate::{generate, Scale};
use server::session_store::DbSessionStore;
use std::collections::HashSet;
use std::time::{Duration, Instant};
use support::smtp::SmtpServer;
use support::{request, vote, Server};

/// A generated consultation: 1,000 people, 100 ideas with votes.
async fn consultation(db: &Db) {
    generate(db, Scale::times(0.01), 7).await.expect("generate");
}

async fn count(db: &Db, sql: &str) -> i64 {
    app::testing::count(db, sql).await
}

fn instance_env(smtp_port: u16) -> Vec<(&'static str, String)> {
    vec![
        ("POSVET_DEMO", "0".into()),
        ("POSVET_SMTP_URL", format!("smtp://127.0.0.1:{smtp_port}")),
        ("POSVET_MAIL_FROM", "Posvet <posvet@posvet.test>".into()),
        ("POSVET_PUBLIC_URL", "http://posvet.test".into()),
        ("POSVET_MAIL_POLL_MS", "20".into()),
        // A crashed instance's claimed mail is taken over by the other after 2 s.
        ("POSVET_MAIL_LEASE_MS", "2000".into()),
    ]
}

async fn start(url: &str, env: &[(&'static str, String)]) -> Server {
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Server::start_with(url, &env).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_share_sessions_votes_and_the_outbox() {
    let fresh = app::testing::fresh(db::Backend::Postgres).await;
    let db = fresh.db.clone();
    consultation(&db).await;
    // The mail worker waits until the test has queued everything (no SMTP server yet).
    let smtp = SmtpServer::start();
    let env = instance_env(smtp.port);
    let mut a = start(&fresh.url, &env).await;
    let b = start(&fresh.url, &env).await;

    // A session made on A (registration through its form, as a browser posts it) works on B.
    let body = "email=zala%40example.org&display_name=Zala&password=correct+horse+battery&next=%2F";
    let origin = format!("http://127.0.0.1:{}", a.port);
    let headers = [
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Accept", "text/html"),
        ("Origin", origin.as_str()),
    ];
    let reply = request(a.port, "POST", Register::PATH, &headers, body)
        .await
        .unwrap();
    assert!(reply.status < 400, "{}", reply.head);
    let cookie = reply.session_cookie().expect("a session cookie from A");
    for server in [&a, &b] {
        let page = support::request(
            server.port,
            "GET",
            "/notifications",
            &[
                ("Cookie", &format!("posvet_session={cookie}")),
                ("Accept", "text/html"),
            ],
            "",
        )
        .await
        .unwrap();
        assert_eq!(page.status, 200);
        assert!(
            page.body.contains("Zala"),
            "signed in on port {}",
            server.port
        );
    }

    // Votes sent to both at once are all counted, once.
    let store = DbSessionStore::open(&fresh.url)
        .await
        .expect("session store");
    let mut cookies = Vec::new();
    for user in 1..=40 {
        cookies.push(store.create_signed_in(user).await.expect("session"));
    }
    let before = count(&db, "SELECT COUNT(*) FROM idea_votes").await;
    let mut tasks = Vec::new();
    for (n, cookie) in cookies.iter().enumerate() {
        let port = if n % 2 == 0 { a.port } else { b.port };
        let cookie = cookie.clone();
        tasks.push(tokio::spawn(async move {
            let mut ok = 0;
            for idea in 1..=10 {
                if vote(port, &cookie, idea, 1)
                    .await
                    .is_ok_and(|r| r.status == 200)
                {
                    ok += 1;
                }
            }
            ok
        }));
    }
    let mut acknowledged = 0;
    for t in tasks {
        acknowledged += t.await.unwrap();
    }
    assert_eq!(acknowledged, 400);
    let up: i64 = count(
        &db,
        "SELECT COUNT(*) FROM idea_votes WHERE idea_id <= 10 AND value = 1 AND user_id <= 40",
    )
    .await;
    assert_eq!(up, 400);
    assert!(count(&db, "SELECT COUNT(*) FROM idea_votes").await >= before);
    assert!(db.counter_mismatches().await.unwrap().is_empty());

    // Answers to ten ideas queue a mail to everyone who took part: about a thousand mails.
    let operator = app::ctx::Ctx::operator(db.clone(), app::i18n::Lang::Sl);
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM ideas ORDER BY id LIMIT 10")
        .fetch_all(&db.pool)
        .await
        .unwrap();
    let started = Instant::now();
    app::ideas::service::answer_ideas(&operator, &ids, "under_consideration", "Preučujemo.")
        .await
        .unwrap();
    let queued = count(&db, "SELECT COUNT(*) FROM outbox").await;
    assert!(queued > 500, "{queued} mails queued");

    // Kill A while both are sending; B takes over what A had claimed once its lease ends.
    while count(&db, "SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL").await < queued / 3 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    a.kill();
    let deadline = Instant::now() + Duration::from_secs(120);
    while count(&db, "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").await > 0 {
        assert!(Instant::now() < deadline, "the outbox did not drain");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let elapsed = started.elapsed();
    drop(b);
    let mails = smtp.wait_for(queued as usize).await;
    let ids: HashSet<&str> = mails.iter().map(|m| m.header("message-id")).collect();
    let repeated = mails.len() - ids.len();
    eprintln!(
        "mail: {queued} queued, {} received, {repeated} repeated after the kill, {:.1} s, {:.0} mails/s with 2 instances (one killed at a third)",
        mails.len(),
        elapsed.as_secs_f64(),
        queued as f64 / elapsed.as_secs_f64()
    );
    // Every mail arrived. A repeat is possible only for the mails A was sending when it was
    // killed (the SMTP server had the whole mail, A had not marked it sent): at most the
    // number it sends at a time, each with the same Message-ID.
    assert_eq!(ids.len(), queued as usize);
    assert!(
        repeated <= server::mailer::PARALLEL,
        "{repeated} mails sent twice"
    );
    drop(smtp);
    fresh.finish().await;
}
