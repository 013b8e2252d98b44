//! The mail outbox: claiming due mail for one worker, and recording how sending went.

use super::{now_ms, Backend, Conn, Db, DbResult, Tx};

/// After this many failed attempts a mail is given up (kept, with its last error).
pub const MAX_ATTEMPTS: i64 = 8;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OutboxItem {
    pub id: i64,
    pub user_id: i64,
    pub notification_id: Option<i64>,
    /// A link's mail (a password reset, an address to confirm).
    pub account_token_id: Option<i64>,
    pub attempts: i64,
}

/// Claims up to `limit` due mails for `lease_ms`: no other worker takes them meanwhile, and
/// if this one dies they are due again once the lease ends. The claim is its own short
/// transaction, committed before anything is sent.
pub async fn claim(db: &Db, worker: &str, lease_ms: i64, limit: i64) -> DbResult<Vec<OutboxItem>> {
    let now = now_ms();
    // PostgreSQL: two workers skip each other's rows instead of waiting for them. SQLite
    // has one writer at a time, so the UPDATE alone decides.
    let lock = match db.backend {
        Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let sql = format!(
        "UPDATE outbox SET claimed_until = $1, claimed_by = $3, attempts = attempts + 1
         WHERE id IN (SELECT id FROM outbox
                      WHERE sent_at IS NULL AND next_attempt_at <= $2 AND claimed_until < $2
                        AND attempts < {MAX_ATTEMPTS}
                      ORDER BY next_attempt_at, id LIMIT {limit} {lock})
           AND claimed_until < $2
         RETURNING id, user_id, notification_id, account_token_id, attempts"
    );
    let mut tx = db.begin().await?;
    let items = sqlx::query_as(&sql)
        .bind(now + lease_ms)
        .bind(now)
        .bind(worker)
        .fetch_all(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(items)
}

/// The mails due now and not yet sent, for monitoring.
pub struct Due {
    pub due: i64,
    /// Since when the longest-waiting one has been due (Unix ms).
    pub oldest_due_at: Option<i64>,
}

/// What waits in the outbox at `now` (uses the `outbox_due` index).
pub async fn due_now(db: &Db, now: i64) -> DbResult<Due> {
    let (due, oldest_due_at): (i64, Option<i64>) = sqlx::query_as(&format!(
        "SELECT COUNT(*), MIN(next_attempt_at) FROM outbox
         WHERE sent_at IS NULL AND next_attempt_at <= $1 AND attempts < {MAX_ATTEMPTS}"
    ))
    .bind(now)
    .fetch_one(&db.pool)
    .await?;
    Ok(Due { due, oldest_due_at })
}

/// Renews `worker`'s claim on a mail right before it is sent; false when the claim lapsed and
/// another worker took the mail (or sent it): then this one must not send it.
pub async fn still_mine(db: &Db, id: i64, worker: &str, lease_ms: i64) -> DbResult<bool> {
    let now = now_ms();
    let done = sqlx::query(
        "UPDATE outbox SET claimed_until = $3
         WHERE id = $1 AND claimed_by = $2 AND sent_at IS NULL AND claimed_until >= $4",
    )
    .bind(id)
    .bind(worker)
    .bind(now + lease_ms)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn mark_sent(db: &Db, id: i64) -> DbResult<()> {
    sqlx::query(
        "UPDATE outbox SET sent_at = $2, claimed_until = 0, last_error = NULL WHERE id = $1",
    )
    .bind(id)
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Releases a mail that failed, to be tried again at `retry_at`.
pub async fn mark_failed(db: &Db, id: i64, retry_at: i64, error: &str) -> DbResult<()> {
    sqlx::query(
        "UPDATE outbox SET claimed_until = 0, next_attempt_at = $2, last_error = $3 WHERE id = $1",
    )
    .bind(id)
    .bind(retry_at)
    .bind(error)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The address and language of a recipient.
pub async fn recipient(c: &mut Conn, user_id: i64) -> DbResult<Option<(String, String)>> {
    Ok(
        // Only a confirmed address gets notifications: anyone can register a stranger's.
        sqlx::query_as(
            "SELECT email, lang FROM users WHERE id = $1 AND email_verified_at IS NOT NULL",
        )
        .bind(user_id)
        .fetch_optional(c)
        .await?,
    )
}

/// People who want a daily digest and have notifications from before `before` not yet in one.
pub async fn digest_readers(c: &mut Conn, before: i64) -> DbResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT n.user_id FROM notifications n JOIN users u ON u.id = n.user_id
         WHERE n.mailed = 0 AND n.created_at < $1 AND u.mail_mode = 'daily'
           AND u.email_verified_at IS NOT NULL",
    )
    .bind(before)
    .fetch_all(c)
    .await?)
}

/// Puts a person's waiting notifications from before `before` into the digest of `day`;
/// returns false when that digest exists already (another worker made it).
pub async fn make_digest(tx: &mut Tx<'_>, user_id: i64, day: &str, before: i64) -> DbResult<bool> {
    let now = now_ms();
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO outbox (user_id, digest_day, created_at, next_attempt_at) VALUES ($1, $2, $3, $3)
         ON CONFLICT (user_id, digest_day) DO NOTHING RETURNING id",
    )
    .bind(user_id)
    .bind(day)
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(id) = id else {
        return Ok(false);
    };
    sqlx::query(
        "UPDATE notifications SET mailed = 1, digest_id = $3
         WHERE user_id = $1 AND mailed = 0 AND created_at < $2",
    )
    .bind(user_id)
    .bind(before)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(true)
}

/// The notifications a digest holds, oldest first.
pub async fn digest_contents(c: &mut Conn, outbox_id: i64) -> DbResult<Vec<i64>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM notifications WHERE digest_id = $1 ORDER BY id")
            .bind(outbox_id)
            .fetch_all(c)
            .await?,
    )
}
