//! Copies of a SQLite database taken while the site serves, and the check of a copy before it
//! is restored (`posvet backup`, `posvet restore`). PostgreSQL has `pg_dump` for both
//! (docs/operating.md).

use super::{Backend, Db, DbError, DbResult};
use sqlx::Connection;
use std::path::Path;

/// Writes a consistent copy of the database to `path`, which must not exist yet. SQLite's
/// `VACUUM INTO` reads the whole database in one read transaction, so the copy is the
/// database at one moment; in WAL mode writers go on meanwhile. The copy is compacted and
/// complete in itself (no WAL beside it).
pub async fn snapshot_into(db: &Db, path: &Path) -> DbResult<()> {
    if db.backend != Backend::Sqlite {
        return Err(DbError::Other(sqlx::Error::Configuration(
            "a PostgreSQL database is backed up with pg_dump".into(),
        )));
    }
    let target = path.to_str().ok_or_else(|| {
        DbError::Other(sqlx::Error::Configuration("the path is not UTF-8".into()))
    })?;
    let mut conn = db.pool.acquire().await?;
    sqlx::query("VACUUM INTO $1")
        .bind(target)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// What a file offered for restoring holds: whether it is a sound SQLite database and how
/// many of Posvet's migrations it has (0: not a Posvet database).
pub struct CopyCheck {
    pub sound: bool,
    pub migrations: i64,
}

/// Opens the file read-only (nothing in it changes) and checks it page by page.
pub async fn check_copy(path: &Path) -> DbResult<CopyCheck> {
    sqlx::any::install_default_drivers();
    let url = format!("sqlite://{}?mode=ro", path.display());
    let mut conn = sqlx::AnyConnection::connect(&url).await?;
    let verdict: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await?;
    let has_migrations: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_one(&mut conn)
    .await?;
    let migrations = if has_migrations == 0 {
        0
    } else {
        sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success")
            .fetch_one(&mut conn)
            .await?
    };
    conn.close().await?;
    Ok(CopyCheck {
        sound: verdict == "ok",
        migrations,
    })
}
