//! The data layer: every SQL statement of Posvet lives under this module.
//!
//! One `Db` handle wraps an `AnyPool`, so the same SQL text runs on SQLite (the default, a
//! file) and PostgreSQL. Booleans are INTEGER 0/1 and times BIGINT Unix milliseconds because
//! the Any driver decodes only integers, floats, text and bytes.
//!
//! Functions that write take the caller's transaction (`&mut Tx`), so a service makes one
//! use case one transaction however many tables it touches; functions that only read take
//! any connection (`&mut Conn`: a pooled connection, or `&mut *tx` inside a transaction).

pub mod accounts;
pub mod activity;
pub mod areas;
pub mod arguments;
pub mod backup;
mod bulk;
pub mod comments;
pub mod consultations;
pub mod exports;
pub mod ideas;
pub mod measures;
pub mod moderation;
pub mod notifications;
pub mod open_data;
pub mod opinions;
pub mod outbox;
mod owners;
pub mod participation;
pub mod personal_data;
pub mod pictures;
pub mod results;
pub mod search;
pub mod site;
pub mod statements;
pub mod surveys;
pub mod votes;

pub use accounts::NewUser;
pub use arguments::ArgumentRow;
pub use bulk::{BulkInsert, Value};
pub use consultations::{CommunityRow, ConsultationRow};
pub use ideas::{IdeaCardRow, IdeaRow, NewIdea};

/// A transaction of the caller's: every write of one use case goes through the same one.
pub type Tx<'c> = sqlx::Transaction<'c, sqlx::Any>;
/// Any connection to read from: `&mut *pooled` or `&mut *tx`.
pub type Conn = sqlx::AnyConnection;
/// A connection taken from the pool for one use case.
pub type Pooled = sqlx::pool::PoolConnection<sqlx::Any>;

/// Starts the transaction of a use case on the connection it already read from: one
/// connection from the pool per use case, not one for the checks and one for the writes.
pub async fn begin(c: &mut Pooled) -> DbResult<Tx<'_>> {
    use sqlx::Connection;
    Ok(match c.backend_name() {
        "SQLite" => c.begin_with(SQLITE_BEGIN).await?,
        _ => sqlx::Acquire::begin(c).await?,
    })
}

/// Every transaction here writes, and most read first. SQLite's default (deferred) transaction
/// takes the write lock at its first write; if another connection wrote in between, that
/// upgrade fails at once with "database is locked" (busy_timeout does not wait for it), so
/// concurrent use cases failed instead of taking turns. Taking the write lock at the start
/// makes them wait (busy_timeout) and then see the other's committed rows.
const SQLITE_BEGIN: &str = "BEGIN IMMEDIATE";

use crate::error::AppError;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use std::str::FromStr;
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    /// Who owns each idea and argument, as permission checks need it (never changes).
    pub owners: std::sync::Arc<owners::Owners>,
    /// Tells databases apart (one per process in service; many side by side in tests), for
    /// what is kept in memory per database, such as computed results.
    pub instance: u64,
}

/// Database failures, sorted into the few cases callers act on.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("unique constraint violated")]
    Unique,
    #[error("not found")]
    NotFound,
    #[error("database unavailable: {0}")]
    Unavailable(sqlx::Error),
    #[error("database error: {0}")]
    Other(sqlx::Error),
}

impl From<sqlx::Error> for DbError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::Database(d) if d.is_unique_violation() => DbError::Unique,
            sqlx::Error::RowNotFound => DbError::NotFound,
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_) => DbError::Unavailable(e),
            _ => DbError::Other(e),
        }
    }
}

impl From<DbError> for AppError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::NotFound => AppError::NotFound,
            DbError::Unavailable(e) => {
                tracing::warn!(error = %e, "database unavailable");
                AppError::Unavailable
            }
            DbError::Unique => AppError::Internal,
            DbError::Other(e) => {
                tracing::error!(error = %e, "database error");
                AppError::Internal
            }
        }
    }
}

pub type DbResult<T> = Result<T, DbError>;

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Placeholders, RETURNING and ON CONFLICT read the same in both dialects; where they differ
/// (identity columns), the migrations differ, never the queries.
impl Db {
    /// Opens the pool and applies the migrations of the matching dialect.
    pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        };
        let options = AnyConnectOptions::from_str(url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                // SQLite has one writer at a time; a few readers beside it are plenty.
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(5))
            .after_connect(|conn, _meta| {
                Box::pin(async move {
                    if conn.backend_name() == "SQLite" {
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA busy_timeout = 10000").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                        // Readers map the file instead of copying each page into every
                        // connection's own cache: ranking a common word's 37,000 search hits
                        // spent most of its time in those copies.
                        conn.execute("PRAGMA mmap_size = 1073741824").await?;
                    } else {
                        // PostgreSQL re-plans a prepared statement on every run while its
                        // generic plan looks costlier than the custom ones: the group page's
                        // joins took 0.9 ms to plan for 0.4 ms to run, and the page rendered
                        // at half the rate. Every statement here is a key lookup or an index
                        // walk, whose generic plan is the same plan.
                        conn.execute("SET plan_cache_mode = force_generic_plan")
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        let db = Db {
            pool,
            backend,
            owners: Default::default(),
            instance: {
                static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
                NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            },
        };
        db.migrate().await?;
        Ok(db)
    }

    async fn migrate(&self) -> Result<(), sqlx::Error> {
        match self.backend {
            Backend::Sqlite => {
                // SQLite changes a constraint only by rebuilding the table, and dropping the
                // old one would cascade to the rows that refer to it: migrations run with
                // foreign keys off (SQLite's documented procedure), then every key is checked.
                let mut conn = self.pool.acquire().await?;
                conn.execute("PRAGMA foreign_keys = OFF").await?;
                let before = applied_migrations(&mut conn).await;
                let done = sqlx::migrate!("../migrations/sqlite").run(&mut *conn).await;
                // Checking every key reads the whole database (26 s at ten million votes):
                // only after a migration ran.
                let broken = match applied_migrations(&mut conn).await == before {
                    true => None,
                    false => {
                        sqlx::query("PRAGMA foreign_key_check")
                            .fetch_optional(&mut *conn)
                            .await?
                    }
                };
                conn.execute("PRAGMA foreign_keys = ON").await?;
                done?;
                if broken.is_some() {
                    return Err(sqlx::Error::Protocol(
                        "a migration left a foreign key pointing nowhere".into(),
                    ));
                }
            }
            Backend::Postgres => {
                sqlx::migrate!("../migrations/postgres")
                    .run(&self.pool)
                    .await?
            }
        }
        Ok(())
    }

    /// Starts the one transaction of a use case on a connection of its own.
    pub async fn begin(&self) -> DbResult<Tx<'static>> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with(SQLITE_BEGIN).await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// A connection for reading; a page reads all it shows through one.
    pub async fn conn(&self) -> DbResult<Pooled> {
        Ok(self.pool.acquire().await?)
    }

    pub async fn ping(&self) -> DbResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn is_empty(&self) -> DbResult<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM communities")
            .fetch_one(&self.pool)
            .await?;
        Ok(n == 0)
    }

    /// Every stored counter that disagrees with the rows it counts (the public counters count
    /// visible content only), as readable lines.
    /// Empty means consistent. Used by tests after concurrent writes.
    pub async fn counter_mismatches(&self) -> DbResult<Vec<String>> {
        let checks = [
            ("ideas.up_count", "SELECT id FROM ideas i WHERE up_count <> (SELECT COUNT(*) FROM idea_votes v WHERE v.idea_id = i.id AND v.value = 1)"),
            ("ideas.down_count", "SELECT id FROM ideas i WHERE down_count <> (SELECT COUNT(*) FROM idea_votes v WHERE v.idea_id = i.id AND v.value = -1)"),
            ("ideas.argument_count", "SELECT id FROM ideas i WHERE argument_count <> (SELECT COUNT(*) FROM arguments a WHERE a.idea_id = i.id AND a.hidden = 0)"),
            ("ideas.comment_count", "SELECT id FROM ideas i WHERE comment_count <> (SELECT COUNT(*) FROM comments c WHERE c.idea_id = i.id AND c.hidden = 0)"),
            ("arguments.helpful_count", "SELECT id FROM arguments a WHERE helpful_count <> (SELECT COUNT(*) FROM argument_votes v WHERE v.argument_id = a.id AND v.value = 1)"),
            ("arguments.unhelpful_count", "SELECT id FROM arguments a WHERE unhelpful_count <> (SELECT COUNT(*) FROM argument_votes v WHERE v.argument_id = a.id AND v.value = -1)"),
            ("consultations.idea_count", "SELECT id FROM consultations g WHERE idea_count <> (SELECT COUNT(*) FROM ideas i WHERE i.consultation_id = g.id AND i.hidden = 0)"),
            // The kept days (`activity`) count everything ever written, hidden or not.
            ("consultation_days.ideas", "SELECT id FROM consultations g WHERE (SELECT COALESCE(SUM(d.ideas), 0) FROM consultation_days d WHERE d.consultation_id = g.id) <> (SELECT COUNT(*) FROM ideas i WHERE i.consultation_id = g.id)"),
            ("consultation_days.arguments", "SELECT id FROM consultations g WHERE (SELECT COALESCE(SUM(d.arguments), 0) FROM consultation_days d WHERE d.consultation_id = g.id) <> (SELECT COUNT(*) FROM arguments a JOIN ideas i ON i.id = a.idea_id WHERE i.consultation_id = g.id)"),
            ("consultation_days.comments", "SELECT id FROM consultations g WHERE (SELECT COALESCE(SUM(d.comments), 0) FROM consultation_days d WHERE d.consultation_id = g.id) <> (SELECT COUNT(*) FROM comments m JOIN ideas i ON i.id = m.idea_id WHERE i.consultation_id = g.id)"),
            ("consultation_days.votes_for", "SELECT id FROM consultations g WHERE (SELECT COALESCE(SUM(d.votes_for), 0) FROM consultation_days d WHERE d.consultation_id = g.id) <> (SELECT COUNT(*) FROM idea_votes v JOIN ideas i ON i.id = v.idea_id WHERE i.consultation_id = g.id AND v.value = 1)"),
            ("consultation_days.votes_against", "SELECT id FROM consultations g WHERE (SELECT COALESCE(SUM(d.votes_against), 0) FROM consultation_days d WHERE d.consultation_id = g.id) <> (SELECT COUNT(*) FROM idea_votes v JOIN ideas i ON i.id = v.idea_id WHERE i.consultation_id = g.id AND v.value = -1)"),
            ("consultation_days.newcomers", "SELECT id FROM consultations g WHERE (SELECT COALESCE(SUM(d.newcomers), 0) FROM consultation_days d WHERE d.consultation_id = g.id) <> (SELECT COUNT(*) FROM consultation_participants p WHERE p.consultation_id = g.id)"),
            ("community_days.newcomers", "SELECT id FROM communities m WHERE (SELECT COALESCE(SUM(d.newcomers), 0) FROM community_days d WHERE d.community_id = m.id) <> (SELECT COUNT(*) FROM community_participants p WHERE p.community_id = m.id)"),
        ];
        let mut out = Vec::new();
        for (what, sql) in checks {
            let ids: Vec<i64> = sqlx::query_scalar(sql).fetch_all(&self.pool).await?;
            out.extend(ids.into_iter().map(|id| format!("{what} of #{id}")));
        }
        Ok(out)
    }
}

/// How many migrations the database has had (none before the first run made the table).
async fn applied_migrations(c: &mut Conn) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(c)
        .await
        .unwrap_or(0)
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        DbError::from(e).into()
    }
}
