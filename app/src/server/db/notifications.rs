//! Who hears about what: follows, notifications and their mail in the outbox.

use super::{now_ms, Conn, DbResult, Tx};

/// Everyone who took part in an idea and did not stop following it: its author, voters,
/// arguers, commenters and followers. `$1` is the idea.
const TOOK_PART: &str = "
    SELECT author_id AS user_id FROM ideas WHERE id = $1
    UNION SELECT user_id FROM idea_votes WHERE idea_id = $1
    UNION SELECT author_id FROM arguments WHERE idea_id = $1
    UNION SELECT author_id FROM comments WHERE idea_id = $1
    UNION SELECT user_id FROM follows WHERE idea_id = $1 AND following = 1";

/// Notifies everyone who took part in `idea_id` (but `actor`, and those who unfollowed it) of
/// an event, once: a second call for the same subject adds nothing. Returns how many were told.
pub async fn fan_out(
    tx: &mut Tx<'_>,
    idea_id: i64,
    kind: &str,
    subject_id: i64,
    actor: Option<i64>,
) -> DbResult<u64> {
    let sql = format!(
        "INSERT INTO notifications (user_id, kind, idea_id, subject_id, mailed, created_at)
         SELECT p.user_id, $2, $1, $3, CASE WHEN u.mail_mode = 'daily' THEN 0 ELSE 1 END, $5
         FROM ({TOOK_PART}) p JOIN users u ON u.id = p.user_id
         WHERE p.user_id <> $4
           AND NOT EXISTS (SELECT 1 FROM follows f
                           WHERE f.idea_id = $1 AND f.user_id = p.user_id AND f.following = 0)
         ON CONFLICT (user_id, kind, subject_id) DO NOTHING"
    );
    let done = sqlx::query(&sql)
        .bind(idea_id)
        .bind(kind)
        .bind(subject_id)
        .bind(actor.unwrap_or(0))
        .bind(now_ms())
        .execute(&mut **tx)
        .await?;
    queue_instant_mail(tx, kind, subject_id).await?;
    Ok(done.rows_affected())
}

/// Notifies, once each, everyone who took part in a measure or in an idea it came from, or
/// follows one of them, of a progress update (`subject_id`): not `actor`, and not on behalf of
/// an idea or measure the person stopped following. Returns how many were told.
pub async fn fan_out_update(
    tx: &mut Tx<'_>,
    measure_id: i64,
    subject_id: i64,
    actor: Option<i64>,
) -> DbResult<u64> {
    // Each (person, idea) they took part in; a person counts if any of their ideas still
    // reaches them.
    let linked =
        "(SELECT CAST($1 AS BIGINT) UNION SELECT idea_id FROM measure_ideas WHERE measure_id = $1)";
    let sql = format!(
        "INSERT INTO notifications (user_id, kind, idea_id, subject_id, mailed, created_at)
         SELECT DISTINCT p.user_id, 'update', $1, $2,
                CASE WHEN u.mail_mode = 'daily' THEN 0 ELSE 1 END, $4
         FROM (SELECT author_id AS user_id, id AS idea_id FROM ideas WHERE id IN {linked}
               UNION SELECT user_id, idea_id FROM idea_votes WHERE idea_id IN {linked}
               UNION SELECT author_id, idea_id FROM arguments WHERE idea_id IN {linked}
               UNION SELECT author_id, idea_id FROM comments WHERE idea_id IN {linked}
               UNION SELECT user_id, idea_id FROM follows
                     WHERE following = 1 AND idea_id IN {linked}) p
         JOIN users u ON u.id = p.user_id
         WHERE p.user_id <> $3
           AND NOT EXISTS (SELECT 1 FROM follows f
                           WHERE f.idea_id = p.idea_id AND f.user_id = p.user_id AND f.following = 0)
         ON CONFLICT (user_id, kind, subject_id) DO NOTHING"
    );
    let done = sqlx::query(&sql)
        .bind(measure_id)
        .bind(subject_id)
        .bind(actor.unwrap_or(0))
        .bind(now_ms())
        .execute(&mut **tx)
        .await?;
    queue_instant_mail(tx, "update", subject_id).await?;
    Ok(done.rows_affected())
}

/// Notifies one person (the author of the idea replied to, of the content moderated), unless
/// they are the actor or stopped following the idea.
pub async fn notify_one(
    tx: &mut Tx<'_>,
    user_id: i64,
    idea_id: i64,
    kind: &str,
    subject_id: i64,
    actor: Option<i64>,
) -> DbResult<u64> {
    if actor == Some(user_id) {
        return Ok(0);
    }
    let done = sqlx::query(
        "INSERT INTO notifications (user_id, kind, idea_id, subject_id, mailed, created_at)
         SELECT u.id, $2, $3, $4, CASE WHEN u.mail_mode = 'daily' THEN 0 ELSE 1 END, $5
         FROM users u WHERE u.id = $1
           AND NOT EXISTS (SELECT 1 FROM follows f
                           WHERE f.idea_id = $3 AND f.user_id = u.id AND f.following = 0)
         ON CONFLICT (user_id, kind, subject_id) DO NOTHING",
    )
    .bind(user_id)
    .bind(kind)
    .bind(idea_id)
    .bind(subject_id)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    queue_instant_mail(tx, kind, subject_id).await?;
    Ok(done.rows_affected())
}

/// One mail per new notification of a subject for those who want mail at once, in the same
/// transaction (the outbox), so the mail exists exactly when the change does.
async fn queue_instant_mail(tx: &mut Tx<'_>, kind: &str, subject_id: i64) -> DbResult<()> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO outbox (user_id, notification_id, created_at, next_attempt_at)
         SELECT n.user_id, n.id, $3, $3 FROM notifications n JOIN users u ON u.id = n.user_id
         WHERE n.kind = $1 AND n.subject_id = $2 AND u.mail_mode = 'instant'
           AND u.email_verified_at IS NOT NULL
         ON CONFLICT (notification_id) DO NOTHING",
    )
    .bind(kind)
    .bind(subject_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Follows (true) or stops following (false) an idea; stopping is remembered, so taking part
/// again later does not bring the notifications back.
pub async fn set_follow(tx: &mut Tx<'_>, user_id: i64, idea_id: i64, follow: bool) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO follows (user_id, idea_id, following, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (idea_id, user_id) DO UPDATE SET following = excluded.following",
    )
    .bind(user_id)
    .bind(idea_id)
    .bind(follow as i64)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Whether the person hears about the idea: they follow it, or took part and did not unfollow.
pub async fn is_following(c: &mut Conn, user_id: i64, idea_id: i64) -> DbResult<bool> {
    let sql = format!(
        "SELECT CASE
            WHEN EXISTS (SELECT 1 FROM follows WHERE idea_id = $1 AND user_id = $2 AND following = 0) THEN 0
            WHEN EXISTS (SELECT 1 FROM ({TOOK_PART}) p WHERE p.user_id = $2) THEN 1
            ELSE 0 END"
    );
    let yes: i64 = sqlx::query_scalar(&sql)
        .bind(idea_id)
        .bind(user_id)
        .fetch_one(c)
        .await?;
    Ok(yes == 1)
}

/// A notification with what its text needs, in one row.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct NotificationRow {
    pub id: i64,
    pub kind: String,
    pub idea_id: Option<i64>,
    pub subject_id: i64,
    pub is_read: i64,
    pub created_at: i64,
    pub idea_title: Option<String>,
    /// status: the status; argument: its side; moderation: the action; comment: 'reply' when
    /// it answers the reader's own comment (told of it for no other reason than that, or as
    /// the author of the comment it sits under).
    pub detail: Option<String>,
    /// status: the message; moderation: the rule; argument and comment: who wrote it.
    pub extra: Option<String>,
    /// moderation: the kind of content (idea, argument, comment).
    pub target_kind: Option<String>,
}

const ROW: &str = "n.id, n.kind, n.idea_id, n.subject_id, n.is_read, n.created_at,
    i.title AS idea_title,
    CASE n.kind WHEN 'status' THEN s.status WHEN 'argument' THEN a.side
                WHEN 'moderation' THEN l.action
                WHEN 'comment' THEN CASE WHEN c.parent_id IS NOT NULL
                    AND (pc.author_id = n.user_id OR n.user_id <> i.author_id) THEN 'reply' END
                ELSE NULL END AS detail,
    CASE n.kind WHEN 'status' THEN s.message WHEN 'argument' THEN ua.display_name
                WHEN 'comment' THEN uc.display_name WHEN 'moderation' THEN l.reason
                ELSE NULL END AS extra,
    l.target_kind
    FROM notifications n
    LEFT JOIN ideas i ON i.id = n.idea_id
    LEFT JOIN idea_status_changes s ON n.kind = 'status' AND s.id = n.subject_id
    LEFT JOIN arguments a ON n.kind = 'argument' AND a.id = n.subject_id
    LEFT JOIN users ua ON ua.id = a.author_id
    LEFT JOIN comments c ON n.kind = 'comment' AND c.id = n.subject_id
    LEFT JOIN users uc ON uc.id = c.author_id
    LEFT JOIN comments pc ON pc.id = c.parent_id
    LEFT JOIN audit_log l ON n.kind = 'moderation' AND l.id = n.subject_id";

/// One page of a person's notifications, newest first, and how many they have in all.
pub async fn page(
    c: &mut Conn,
    user_id: i64,
    page: i64,
    per_page: i64,
) -> DbResult<(Vec<NotificationRow>, i64)> {
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(&mut *c)
        .await?;
    let offset = (page - 1).max(0) * per_page;
    let rows = sqlx::query_as(&format!(
        "SELECT {ROW} WHERE n.user_id = $1 ORDER BY n.id DESC LIMIT {per_page} OFFSET {offset}"
    ))
    .bind(user_id)
    .fetch_all(c)
    .await?;
    Ok((rows, total))
}

/// One notification, for its mail.
pub async fn by_id(c: &mut Conn, id: i64) -> DbResult<Option<NotificationRow>> {
    Ok(sqlx::query_as(&format!("SELECT {ROW} WHERE n.id = $1"))
        .bind(id)
        .fetch_optional(c)
        .await?)
}

pub async fn mark_all_read(tx: &mut Tx<'_>, user_id: i64) -> DbResult<u64> {
    let done =
        sqlx::query("UPDATE notifications SET is_read = 1 WHERE user_id = $1 AND is_read = 0")
            .bind(user_id)
            .execute(&mut **tx)
            .await?;
    Ok(done.rows_affected())
}

/// A person's mail setting and language.
/// (mail mode, mail language, time zone) of a person.
pub async fn settings(
    c: &mut Conn,
    user_id: i64,
) -> DbResult<Option<(String, String, Option<String>)>> {
    Ok(
        sqlx::query_as("SELECT mail_mode, lang, time_zone FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(c)
            .await?,
    )
}

pub async fn save_settings(
    tx: &mut Tx<'_>,
    user_id: i64,
    mail_mode: &str,
    lang: &str,
    time_zone: Option<&str>,
) -> DbResult<()> {
    sqlx::query("UPDATE users SET mail_mode = $2, lang = $3, time_zone = $4 WHERE id = $1")
        .bind(user_id)
        .bind(mail_mode)
        .bind(lang)
        .bind(time_zone)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// How many notifications the person has not read.
pub async fn unread(c: &mut Conn, user_id: i64) -> DbResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND is_read = 0")
            .bind(user_id)
            .fetch_one(c)
            .await?,
    )
}
