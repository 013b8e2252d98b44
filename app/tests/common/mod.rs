//! A fresh database per test, on SQLite (a temporary file) or PostgreSQL (a uniquely named
//! database, dropped afterwards). `both_backends!` runs one test body on each.
#![allow(dead_code)]

use app::server::db::Backend;
use app::server::Db;
use std::sync::atomic::{AtomicU32, Ordering};

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// Where PostgreSQL tests create their databases (trust auth on these machines).
pub fn pg_admin_url() -> String {
    std::env::var("POSVET_TEST_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

pub struct Fresh {
    pub db: Db,
    pub url: String,
    pg_name: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

pub async fn fresh(backend: Backend) -> Fresh {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}/posvet.db?mode=rwc", dir.path().display());
            let db = Db::connect(&url).await.expect("open sqlite");
            Fresh {
                db,
                url,
                pg_name: None,
                _dir: Some(dir),
            }
        }
        Backend::Postgres => {
            let name = format!("posvet_test_{}_{}_{}", std::process::id(), n, rand_suffix());
            let admin = pg_admin_url();
            admin_exec(&admin, &format!("CREATE DATABASE {name}")).await;
            let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
            let url = format!("{base}/{name}");
            let db = Db::connect(&url).await.expect("open postgres");
            Fresh {
                db,
                url,
                pg_name: Some(name),
                _dir: None,
            }
        }
    }
}

impl Fresh {
    /// Closes the pool and drops a PostgreSQL test database.
    pub async fn finish(self) {
        self.db.pool.close().await;
        if let Some(name) = &self.pg_name {
            admin_exec(
                &pg_admin_url(),
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            )
            .await;
        }
    }
}

fn rand_suffix() -> u64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos() as u64)
        .unwrap_or(0)
}

async fn admin_exec(admin_url: &str, sql: &str) {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(admin_url)
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL at {admin_url} is required for the tests: {e}"));
    sqlx::query(sql).execute(&mut conn).await.expect(sql);
}

/// Defines `mod NAME { sqlite(); postgres() }`, each running `BODY(db: Db)` on a fresh database.
#[macro_export]
macro_rules! both_backends {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn sqlite() {
                let fresh = common::fresh(app::server::db::Backend::Sqlite).await;
                ($body)(fresh.db.clone(), fresh.url.clone()).await;
                fresh.finish().await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn postgres() {
                let fresh = common::fresh(app::server::db::Backend::Postgres).await;
                ($body)(fresh.db.clone(), fresh.url.clone()).await;
                fresh.finish().await;
            }
        }
    };
}
