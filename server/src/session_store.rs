//! Sessions live in the same database as everything else, so they survive restarts and are
//! shared by several server instances. tower-sessions needs one concrete store type; this
//! enum forwards to the SQLite or PostgreSQL store of tower-sessions-sqlx-store.

use async_trait::async_trait;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

#[derive(Clone, Debug)]
pub enum DbSessionStore {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl DbSessionStore {
    /// Opens a pool of the concrete type the store needs and creates its table.
    pub async fn open(database_url: &str) -> Result<DbSessionStore, sqlx::Error> {
        let store = if database_url.starts_with("postgres") {
            let pool = sqlx::postgres::PgPoolOptions::new()
                .max_connections(8)
                .acquire_timeout(std::time::Duration::from_secs(5))
                .connect(database_url)
                .await?;
            DbSessionStore::Postgres(PostgresStore::new(pool))
        } else {
            use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
            use std::str::FromStr;
            let options = SqliteConnectOptions::from_str(database_url)?
                .journal_mode(SqliteJournalMode::Wal)
                .busy_timeout(std::time::Duration::from_secs(10));
            let pool = SqlitePoolOptions::new()
                .max_connections(4)
                .connect_with(options)
                .await?;
            DbSessionStore::Sqlite(SqliteStore::new(pool))
        };
        match &store {
            DbSessionStore::Sqlite(s) => s.migrate().await?,
            DbSessionStore::Postgres(s) => s.migrate().await?,
        }
        tokio::spawn(store.clone().delete_expired_hourly());
        Ok(store)
    }

    /// A signed-in session for `user_id`, exactly as logging in leaves it; returns the
    /// cookie value. Gives benchmark clients real sessions without 50,000 password checks.
    pub async fn create_signed_in(&self, user_id: i64) -> session_store::Result<String> {
        use tower_sessions::cookie::time::{Duration, OffsetDateTime};
        let mut record = Record {
            id: Id::default(),
            data: [(
                app::request::USER_KEY.to_string(),
                serde_json::Value::from(user_id),
            )]
            .into_iter()
            .collect(),
            expiry_date: OffsetDateTime::now_utc() + Duration::days(14),
        };
        self.create(&mut record).await?;
        Ok(record.id.to_string())
    }

    /// Expired sessions are refused on load anyway; this keeps the table from growing.
    async fn delete_expired_hourly(self) {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            let result = match &self {
                DbSessionStore::Sqlite(s) => s.delete_expired().await,
                DbSessionStore::Postgres(s) => s.delete_expired().await,
            };
            if let Err(e) = result {
                tracing::warn!(error = %e, "could not delete expired sessions");
            }
        }
    }
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            DbSessionStore::Sqlite(s) => s.create(record).await,
            DbSessionStore::Postgres(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            DbSessionStore::Sqlite(s) => s.save(record).await,
            DbSessionStore::Postgres(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            DbSessionStore::Sqlite(s) => s.load(id).await,
            DbSessionStore::Postgres(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            DbSessionStore::Sqlite(s) => s.delete(id).await,
            DbSessionStore::Postgres(s) => s.delete(id).await,
        }
    }
}
