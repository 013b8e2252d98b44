//! Commands beside serving, for benchmarks and operators (both use DATABASE_URL):
//! - `posvet generate [--scale F] [--seed N] [--sessions N --sessions-file PATH]` fills an
//!   empty database with a large synthetic consultation and can write signed-in session
//!   cookies for load clients;
//! - `posvet check-counters` compares every stored counter with the rows it counts.

use app::server::db::Db;
use app::server::generate::{self, Scale};
use app::server::session_store::DbSessionStore;
use app::server::Config;
use std::time::Instant;

pub async fn generate(args: &[String]) -> i32 {
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let scale = match flag("--scale").map(|v| v.parse::<f64>()) {
        None => Scale::FULL,
        Some(Ok(f)) if f > 0.0 && f <= 10.0 => Scale::times(f),
        Some(_) => return usage("--scale takes a number between 0 and 10"),
    };
    let Ok(seed) = flag("--seed")
        .unwrap_or_else(|| "2023".into())
        .parse::<u64>()
    else {
        return usage("--seed takes a whole number");
    };
    let Ok(sessions) = flag("--sessions")
        .unwrap_or_else(|| "0".into())
        .parse::<i64>()
    else {
        return usage("--sessions takes a whole number");
    };
    let sessions_file = flag("--sessions-file");
    if sessions > 0 && sessions_file.is_none() {
        return usage("--sessions needs --sessions-file");
    }
    let sessions = sessions.min(scale.users);

    let (db, url) = match open().await {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    let started = Instant::now();
    eprintln!("generating {scale:?} (seed {seed}) …");
    let made = match generate::generate(&db, scale, seed).await {
        Ok(made) => made,
        Err(e) => return fail(&e.to_string()),
    };
    println!(
        "generated {} users, {} groups, {} ideas, {} arguments, {} votes in {:.1} s",
        made.users,
        made.groups,
        made.ideas,
        made.arguments,
        made.votes,
        started.elapsed().as_secs_f64()
    );
    if let Some(path) = sessions_file {
        let store = match DbSessionStore::open(&url).await {
            Ok(store) => store,
            Err(e) => return fail(&format!("cannot open the session store: {e}")),
        };
        let mut cookies = String::new();
        for user in 1..=sessions {
            match store.create_signed_in(user).await {
                Ok(id) => cookies.push_str(&format!("{id}\n")),
                Err(e) => return fail(&format!("cannot create a session: {e}")),
            }
        }
        if let Err(e) = std::fs::write(&path, cookies) {
            return fail(&format!("cannot write {path}: {e}"));
        }
        println!("wrote {sessions} signed-in session cookies to {path}");
    }
    0
}

pub async fn check_counters() -> i32 {
    let (db, _) = match open().await {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    match db.counter_mismatches().await {
        Ok(wrong) if wrong.is_empty() => {
            println!("every counter equals its rows");
            0
        }
        Ok(wrong) => {
            println!(
                "{} counters differ from their rows: {}",
                wrong.len(),
                wrong.join(", ")
            );
            1
        }
        Err(e) => fail(&e.to_string()),
    }
}

async fn open() -> Result<(Db, String), i32> {
    let url = Config::from_env()
        .prepared_database_url()
        .map_err(|e| fail(&format!("cannot prepare the database folder: {e}")))?;
    let db = Db::connect(&url)
        .await
        .map_err(|e| fail(&format!("cannot open the database: {e}")))?;
    Ok((db, url))
}

fn usage(problem: &str) -> i32 {
    eprintln!("posvet generate: {problem}");
    eprintln!("usage: posvet generate [--scale F] [--seed N] [--sessions N --sessions-file PATH]");
    2
}

fn fail(problem: &str) -> i32 {
    eprintln!("posvet: {problem}");
    1
}
