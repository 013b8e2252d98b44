//! Durability under faults, on SQLite and PostgreSQL, against the real server binary:
//! a vote storm interrupted by SIGKILL, and a graceful stop on SIGTERM.

use app::both_backends;
mod support;

use app::server::db::Db;
use app::votes::server_fns::VoteIdea;
use leptos::server_fn::ServerFn;
use rand::{Rng, SeedableRng};
use server::generate::{generate, Scale};
use server::session_store::DbSessionStore;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::{head, posvet, read_reply, vote, vote_headers, Server};
use tokio::io::AsyncWriteExt;

const VOTERS: i64 = 40;
const IDEAS: i64 = 10;

/// A small generated consultation (1 consultation, 10 ideas, 50 users) and signed-in sessions.
async fn consultation(db: &Db, url: &str) -> Vec<String> {
    let made = generate(db, Scale::times(0.001), 11)
        .await
        .expect("generate");
    assert_eq!(made.ideas, IDEAS as u64);
    let store = DbSessionStore::open(url).await.expect("session store");
    let mut cookies = Vec::new();
    for user in 1..=VOTERS {
        cookies.push(store.create_signed_in(user).await.expect("session"));
    }
    cookies
}

async fn stored_votes(db: &Db) -> HashMap<(i64, i64), i64> {
    let rows: Vec<(i64, i64, i64)> =
        sqlx::query_as("SELECT user_id, idea_id, value FROM idea_votes")
            .fetch_all(&db.pool)
            .await
            .expect("votes");
    rows.into_iter().map(|(u, i, v)| ((u, i), v)).collect()
}

/// What one voter knows: per idea, the last vote the server acknowledged with 2xx, and the
/// votes sent since then that got no answer (the server may or may not have stored them).
#[derive(Default)]
struct Ledger {
    acked: HashMap<i64, i64>,
    unanswered: HashMap<i64, HashSet<i64>>,
    acknowledged: u64,
}

/// One voter endorsing, opposing and withdrawing at random until told to stop or until the
/// server is gone.
async fn voter(port: u16, user: i64, cookie: String, stop: Arc<AtomicBool>) -> (i64, Ledger) {
    let mut ledger = Ledger::default();
    let mut rng = rand::rngs::StdRng::seed_from_u64(user as u64);
    while !stop.load(Ordering::Relaxed) {
        let idea = rng.gen_range(1..=IDEAS);
        let value = [1, -1, 0][rng.gen_range(0..3)];
        match vote(port, &cookie, idea, value).await {
            Ok(reply) if reply.status == 200 => {
                let expected = if value == 0 {
                    "\"mine\":null".to_string()
                } else {
                    format!("\"mine\":\"{}\"", if value == 1 { "Up" } else { "Down" })
                };
                assert!(reply.body.contains(&expected), "{}", reply.body);
                ledger.acked.insert(idea, value);
                ledger.unanswered.remove(&idea);
                ledger.acknowledged += 1;
            }
            _ => {
                ledger.unanswered.entry(idea).or_default().insert(value);
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                // The server is gone (killed): stop like a client whose requests fail.
                tokio::time::sleep(Duration::from_millis(5)).await;
                if vote(port, &cookie, idea, value).await.is_err() {
                    break;
                }
            }
        }
    }
    (user, ledger)
}

async fn vote_storm_survives_sigkill(db: Db, url: String) {
    let cookies = consultation(&db, &url).await;
    let before = stored_votes(&db).await;
    let mut server = Server::start(&url).await;
    let stop = Arc::new(AtomicBool::new(false));
    let voters: Vec<_> = cookies
        .iter()
        .enumerate()
        .map(|(i, c)| tokio::spawn(voter(server.port, i as i64 + 1, c.clone(), stop.clone())))
        .collect();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill();
    stop.store(true, Ordering::Relaxed);
    let mut ledgers = Vec::new();
    for v in voters {
        ledgers.push(v.await.expect("voter"));
    }
    let acknowledged: u64 = ledgers.iter().map(|(_, l)| l.acknowledged).sum();
    assert!(
        acknowledged >= 100,
        "only {acknowledged} votes were answered before the kill"
    );
    eprintln!("{acknowledged} votes acknowledged before SIGKILL");

    // Restarted on the same database: every acknowledged vote is there, exactly as answered.
    let server = Server::start(&url).await;
    let after = stored_votes(&db).await;
    let mut wrong = Vec::new();
    for (user, ledger) in &ledgers {
        for idea in 1..=IDEAS {
            let stored = after.get(&(*user, idea)).copied().unwrap_or(0);
            let mut allowed: HashSet<i64> =
                ledger.unanswered.get(&idea).cloned().unwrap_or_default();
            allowed.insert(
                ledger
                    .acked
                    .get(&idea)
                    .copied()
                    .unwrap_or_else(|| before.get(&(*user, idea)).copied().unwrap_or(0)),
            );
            if !allowed.contains(&stored) {
                wrong.push(format!(
                    "user {user} idea {idea}: stored {stored}, expected one of {allowed:?}"
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{acknowledged} acknowledged; lost or changed: {wrong:?}"
    );
    assert_eq!(db.counter_mismatches().await.unwrap(), Vec::<String>::new());

    // And the restarted server takes votes again.
    let reply = server
        .vote(&cookies[0], 1, 1)
        .await
        .expect("vote after restart");
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(stored_votes(&db).await.get(&(1, 1)), Some(&1));
}
both_backends!(vote_storm_killed_and_restarted, vote_storm_survives_sigkill);

async fn sigterm_finishes_in_flight_requests(db: Db, url: String) {
    let cookies = consultation(&db, &url).await;
    let mut server = Server::start(&url).await;
    // A vote whose body is only half sent when the server is told to stop. It changes the
    // stored vote, so finding it afterwards proves it was carried out.
    let value = match stored_votes(&db).await.get(&(5, 3)) {
        Some(-1) => 1,
        _ => -1,
    };
    let body = format!("idea_id=3&value={value}");
    let headers = vote_headers(&cookies[4]);
    let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", server.port))
        .await
        .expect("connect");
    let request = head(server.port, "POST", VoteIdea::PATH, &headers, body.len());
    stream.write_all(request.as_bytes()).await.unwrap();
    stream.write_all(&body.as_bytes()[..8]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;

    server.terminate();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        server.get("/healthz").await.is_err(),
        "a stopping server takes no new connections"
    );
    assert!(
        server.exited(Duration::from_millis(10)).await.is_none(),
        "the server waits for the request in flight"
    );

    stream.write_all(&body.as_bytes()[8..]).await.unwrap();
    let reply = read_reply(&mut stream)
        .await
        .expect("the in-flight request is answered");
    assert_eq!(reply.status, 200, "{}", reply.body);
    let status = server
        .exited(Duration::from_secs(10))
        .await
        .expect("the server exits once the request is done");
    assert!(status.success(), "exit status {status}");
    assert_eq!(stored_votes(&db).await.get(&(5, 3)), Some(&value));
}
both_backends!(sigterm_is_graceful, sigterm_finishes_in_flight_requests);

/// One vote as its voter saw it: when it was sent and when (if ever) it was acknowledged.
struct Sent {
    idea: i64,
    value: i64,
    sent: Instant,
    acked: Option<Instant>,
}

/// A voter voting at random until told to stop, remembering every vote.
async fn storm_voter(
    port: u16,
    user: i64,
    cookie: String,
    stop: Arc<AtomicBool>,
) -> (i64, Vec<Sent>) {
    let mut rng = rand::rngs::StdRng::seed_from_u64(user as u64 + 1000);
    let mut sent = Vec::new();
    while !stop.load(Ordering::Relaxed) {
        let idea = rng.gen_range(1..=IDEAS);
        let value = [1, -1, 0][rng.gen_range(0..3)];
        let at = Instant::now();
        let ok = matches!(vote(port, &cookie, idea, value).await, Ok(r) if r.status == 200);
        sent.push(Sent {
            idea,
            value,
            sent: at,
            acked: ok.then(Instant::now),
        });
    }
    (user, sent)
}

/// The restore drill: `posvet backup` while votes pour in, `posvet restore` into a new file,
/// and the restored file served. Every vote acknowledged before the backup began is in it
/// (or a later one of the same person on the same idea, sent while the backup ran), and every
/// counter equals its rows. SQLite only: PostgreSQL is backed up with pg_dump.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn backup_during_a_vote_storm_restores_every_acknowledged_vote() {
    let fresh = app::testing::fresh(app::server::db::Backend::Sqlite).await;
    let cookies = consultation(&fresh.db, &fresh.url).await;
    let before = stored_votes(&fresh.db).await;
    let server = Server::start(&fresh.url).await;
    let stop = Arc::new(AtomicBool::new(false));
    let voters: Vec<_> = cookies
        .iter()
        .enumerate()
        .map(|(i, c)| {
            tokio::spawn(storm_voter(
                server.port,
                i as i64 + 1,
                c.clone(),
                stop.clone(),
            ))
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(800)).await;

    let dir = tempfile::tempdir().expect("temp dir");
    let backup = dir.path().join("backup.db");
    let began = Instant::now();
    let out = posvet(
        &["backup", "--output", backup.to_str().unwrap()],
        &fresh.url,
    );
    let ended = Instant::now();
    assert!(out.status.success(), "{out:?}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    let mut ledgers = Vec::new();
    for v in voters {
        ledgers.push(v.await.expect("voter"));
    }
    let during = ledgers
        .iter()
        .flat_map(|(_, s)| s)
        .filter(|s| s.acked.is_some_and(|a| a > began && a < ended))
        .count();
    eprintln!(
        "backup took {:?}; {during} votes acknowledged meanwhile",
        ended - began
    );
    // A second backup to the same file is refused: nothing is overwritten.
    let again = posvet(
        &["backup", "--output", backup.to_str().unwrap()],
        &fresh.url,
    );
    assert_eq!(again.status.code(), Some(1), "{again:?}");

    // Restored into a new file, refused over a database in use unless forced.
    let restored_url = format!("sqlite://{}/restored.db", dir.path().display());
    let out = posvet(
        &["restore", "--input", backup.to_str().unwrap()],
        &restored_url,
    );
    assert!(out.status.success(), "{out:?}");
    let over = posvet(
        &["restore", "--input", backup.to_str().unwrap()],
        &fresh.url,
    );
    assert_eq!(over.status.code(), Some(1), "{over:?}");
    assert!(String::from_utf8_lossy(&over.stderr).contains("--force"));
    let not_ours = dir.path().join("not-a-database.db");
    std::fs::write(&not_ours, b"hello").unwrap();
    let junk = posvet(
        &["restore", "--input", not_ours.to_str().unwrap()],
        &restored_url,
    );
    assert_eq!(junk.status.code(), Some(1), "{junk:?}");

    let restored = app::server::Db::connect(&format!("{restored_url}?mode=rw"))
        .await
        .expect("the restored file opens");
    let stored = stored_votes(&restored).await;
    let acknowledged: usize = ledgers
        .iter()
        .flat_map(|(_, s)| s)
        .filter(|s| s.acked.is_some_and(|a| a < began))
        .count();
    assert!(
        acknowledged >= 50,
        "only {acknowledged} votes before the backup"
    );
    let mut wrong = Vec::new();
    for (user, sent) in &ledgers {
        for idea in 1..=IDEAS {
            let on_idea: Vec<&Sent> = sent.iter().filter(|s| s.idea == idea).collect();
            // The last vote acknowledged before the backup began, or what was there before.
            let settled = on_idea
                .iter()
                .rfind(|s| s.acked.is_some_and(|a| a < began))
                .map(|s| s.value)
                .unwrap_or_else(|| before.get(&(*user, idea)).copied().unwrap_or(0));
            // Votes that may have landed while the snapshot was taken.
            let mut allowed: HashSet<i64> = on_idea
                .iter()
                .filter(|s| s.sent < ended && s.acked.is_none_or(|a| a >= began))
                .map(|s| s.value)
                .collect();
            allowed.insert(settled);
            let value = stored.get(&(*user, idea)).copied().unwrap_or(0);
            if !allowed.contains(&value) {
                wrong.push(format!(
                    "user {user} idea {idea}: {value}, expected {allowed:?}"
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{acknowledged} acknowledged before: {wrong:?}"
    );
    assert_eq!(
        restored.counter_mismatches().await.unwrap(),
        Vec::<String>::new()
    );
    restored.pool.close().await;
    drop(server);

    // Served from the restored file: the consultation's page answers.
    let served = Server::start(&restored_url).await;
    let page = served.get("/consultations/1").await.expect("page");
    assert_eq!(page.status, 200);
    fresh.finish().await;
}
