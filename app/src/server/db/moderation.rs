//! Reports, the moderation queue, hiding and restoring content, appeals, bans and the audit
//! log. Hiding keeps the row (and its votes); the counters shown to the public count visible
//! content only, so they change in the same transaction as the `hidden` flag.

use super::{now_ms, Conn, DbError, DbResult, Tx};
use crate::moderation::rules::{ContentRef, Kind, Reason};

mod audit;
mod bans;
pub use audit::*;
pub use bans::*;

/// The table of each kind of content.
fn table(kind: Kind) -> &'static str {
    match kind {
        Kind::Idea => "ideas",
        Kind::Argument => "arguments",
        Kind::Comment => "comments",
        Kind::Picture => "idea_pictures",
    }
}

/// What moderation needs to know about one item.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ContentFacts {
    pub community_id: i64,
    pub author_id: i64,
    /// The idea the item is (or belongs to), for links.
    pub idea_id: i64,
    pub hidden: i64,
    pub hidden_reason: Option<String>,
}

pub async fn facts(c: &mut Conn, r: ContentRef) -> DbResult<Option<ContentFacts>> {
    let sql = match r.kind {
        Kind::Idea => {
            "SELECT g.community_id, i.author_id, i.id AS idea_id, i.hidden, i.hidden_reason
             FROM ideas i JOIN consultations g ON g.id = i.consultation_id WHERE i.id = $1"
        }
        Kind::Argument => {
            "SELECT g.community_id, x.author_id, x.idea_id, x.hidden, x.hidden_reason
             FROM arguments x JOIN ideas i ON i.id = x.idea_id
             JOIN consultations g ON g.id = i.consultation_id WHERE x.id = $1"
        }
        Kind::Comment => {
            "SELECT g.community_id, x.author_id, x.idea_id, x.hidden, x.hidden_reason
             FROM comments x JOIN ideas i ON i.id = x.idea_id
             JOIN consultations g ON g.id = i.consultation_id WHERE x.id = $1"
        }
        Kind::Picture => {
            "SELECT g.community_id, x.author_id, x.idea_id, x.hidden, x.hidden_reason
             FROM idea_pictures x JOIN ideas i ON i.id = x.idea_id
             JOIN consultations g ON g.id = i.consultation_id WHERE x.id = $1"
        }
    };
    Ok(sqlx::query_as(sql).bind(r.id).fetch_optional(c).await?)
}

/// Adds one visible item to (`delta` 1) or takes one from (-1) the counter the public sees.
async fn count_visible(tx: &mut Tx<'_>, r: ContentRef, delta: i64) -> DbResult<()> {
    if r.kind == Kind::Idea {
        super::activity::idea_seen_changed(tx, r.id).await?;
    }
    let sql = match r.kind {
        // Nobody counts pictures.
        Kind::Picture => return Ok(()),
        Kind::Idea => {
            "UPDATE consultations SET idea_count = idea_count + $2
             WHERE id = (SELECT consultation_id FROM ideas WHERE id = $1)"
        }
        Kind::Argument => {
            "UPDATE ideas SET argument_count = argument_count + $2
             WHERE id = (SELECT idea_id FROM arguments WHERE id = $1)"
        }
        Kind::Comment => {
            "UPDATE ideas SET comment_count = comment_count + $2
             WHERE id = (SELECT idea_id FROM comments WHERE id = $1)"
        }
    };
    sqlx::query(sql)
        .bind(r.id)
        .bind(delta)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Hides an item with a reason and a message to its author (replacing those of an item
/// already hidden). Returns whether it was visible until now; `NotFound` if it does not exist.
pub async fn hide(
    tx: &mut Tx<'_>,
    r: ContentRef,
    reason: Reason,
    note: Option<&str>,
) -> DbResult<bool> {
    let t = table(r.kind);
    let newly = sqlx::query(&format!(
        "UPDATE {t} SET hidden = 1, hidden_reason = $2, hidden_note = $3 WHERE id = $1 AND hidden = 0"
    ))
    .bind(r.id)
    .bind(reason.as_str())
    .bind(note)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1;
    if newly {
        count_visible(tx, r, -1).await?;
        return Ok(true);
    }
    let found = sqlx::query(&format!(
        "UPDATE {t} SET hidden_reason = $2, hidden_note = $3 WHERE id = $1"
    ))
    .bind(r.id)
    .bind(reason.as_str())
    .bind(note)
    .execute(&mut **tx)
    .await?;
    if found.rows_affected() == 0 {
        return Err(DbError::NotFound);
    }
    Ok(false)
}

/// Shows a hidden item again. Returns whether it was hidden.
pub async fn show(tx: &mut Tx<'_>, r: ContentRef) -> DbResult<bool> {
    let t = table(r.kind);
    let shown = sqlx::query(&format!(
        "UPDATE {t} SET hidden = 0, hidden_reason = NULL, hidden_note = NULL WHERE id = $1 AND hidden = 1"
    ))
    .bind(r.id)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1;
    if shown {
        count_visible(tx, r, 1).await?;
    }
    Ok(shown)
}

/// Removes an item for good (an idea with its arguments, comments and votes).
pub async fn delete(tx: &mut Tx<'_>, r: ContentRef, was_visible: bool) -> DbResult<()> {
    if was_visible {
        count_visible(tx, r, -1).await?;
    }
    if r.kind == Kind::Idea {
        for (kind, table) in [
            ("argument", "arguments"),
            ("comment", "comments"),
            ("picture", "idea_pictures"),
        ] {
            let sql = format!(
                "DELETE FROM queue_items WHERE target_kind = '{kind}'
                 AND target_id IN (SELECT id FROM {table} WHERE idea_id = $1)"
            );
            sqlx::query(&sql).bind(r.id).execute(&mut **tx).await?;
        }
        // The idea's pictures go with it, and their files with them.
        let pictures: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM idea_pictures WHERE idea_id = $1")
                .bind(r.id)
                .fetch_all(&mut **tx)
                .await?;
        for id in pictures {
            super::pictures::remove(tx, id).await?;
        }
    }
    if r.kind == Kind::Picture {
        dequeue(tx, r).await?;
        return match super::pictures::remove(tx, r.id).await? {
            true => Ok(()),
            false => Err(DbError::NotFound),
        };
    }
    dequeue(tx, r).await?;
    super::activity::deleting(tx, r.kind, r.id).await?;
    let done = sqlx::query(&format!("DELETE FROM {} WHERE id = $1", table(r.kind)))
        .bind(r.id)
        .execute(&mut **tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(DbError::NotFound);
    }
    Ok(())
}

/// Stores a report; `DbError::Unique` when this person already reported the item.
pub async fn add_report(
    tx: &mut Tx<'_>,
    r: ContentRef,
    community_id: i64,
    reporter_id: i64,
    reason: Reason,
    note: Option<&str>,
) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO reports (target_kind, target_id, community_id, reporter_id, reason, note,
                              created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(r.kind.as_str())
    .bind(r.id)
    .bind(community_id)
    .bind(reporter_id)
    .bind(reason.as_str())
    .bind(note)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Whether this person reported the item.
pub async fn has_reported(c: &mut Conn, r: ContentRef, reporter_id: i64) -> DbResult<bool> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM reports WHERE target_kind = $1 AND target_id = $2 AND reporter_id = $3",
    )
    .bind(r.kind.as_str())
    .bind(r.id)
    .bind(reporter_id)
    .fetch_optional(c)
    .await?;
    Ok(found.is_some())
}

/// Why a queue item is in the queue (flags add up: an item may be reported and appealed).
#[derive(Clone, Copy, Debug, Default)]
pub struct Cause {
    pub report: bool,
    pub awaiting_approval: bool,
    pub appealed: bool,
}

/// Puts an item in the queue or adds a cause to its entry; returns its open report count.
/// Concurrent reports serialise on the entry's row, so each sees a distinct count.
pub async fn enqueue(
    tx: &mut Tx<'_>,
    r: ContentRef,
    community_id: i64,
    cause: Cause,
) -> DbResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO queue_items (target_kind, target_id, community_id, report_count,
                                  awaiting_approval, appealed, urgent, opened_at)
         VALUES ($1, $2, $3, $4, $5, $6, 0, $7)
         ON CONFLICT (target_kind, target_id) DO UPDATE SET
             report_count = queue_items.report_count + excluded.report_count,
             awaiting_approval = CASE WHEN excluded.awaiting_approval = 1 THEN 1
                                      ELSE queue_items.awaiting_approval END,
             appealed = CASE WHEN excluded.appealed = 1 THEN 1 ELSE queue_items.appealed END
         RETURNING report_count",
    )
    .bind(r.kind.as_str())
    .bind(r.id)
    .bind(community_id)
    .bind(cause.report as i64)
    .bind(cause.awaiting_approval as i64)
    .bind(cause.appealed as i64)
    .bind(now_ms())
    .fetch_one(&mut **tx)
    .await?)
}

/// Moves an entry to the top of the queue (reports hid it).
pub async fn mark_urgent(tx: &mut Tx<'_>, r: ContentRef) -> DbResult<()> {
    sqlx::query("UPDATE queue_items SET urgent = 1 WHERE target_kind = $1 AND target_id = $2")
        .bind(r.kind.as_str())
        .bind(r.id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Takes an item out of the queue and closes its reports (a decision was taken).
pub async fn dequeue(tx: &mut Tx<'_>, r: ContentRef) -> DbResult<()> {
    sqlx::query("DELETE FROM queue_items WHERE target_kind = $1 AND target_id = $2")
        .bind(r.kind.as_str())
        .bind(r.id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "UPDATE reports SET open = 0, closed_at = $3
         WHERE target_kind = $1 AND target_id = $2 AND open = 1",
    )
    .bind(r.kind.as_str())
    .bind(r.id)
    .bind(super::now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn auto_hide_threshold(c: &mut Conn, community_id: i64) -> DbResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT auto_hide_threshold FROM communities WHERE id = $1")
            .bind(community_id)
            .fetch_optional(c)
            .await?
            .unwrap_or(crate::moderation::rules::DEFAULT_AUTO_HIDE_THRESHOLD),
    )
}

/// How many days old an account must be (with a confirmed address) for its reports to count
/// towards hiding an item.
pub async fn report_min_account_days(c: &mut Conn, community_id: i64) -> DbResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT report_min_account_days FROM communities WHERE id = $1")
            .bind(community_id)
            .fetch_optional(c)
            .await?
            .unwrap_or(crate::moderation::rules::DEFAULT_REPORT_MIN_ACCOUNT_DAYS),
    )
}

pub async fn set_report_min_account_days(
    tx: &mut Tx<'_>,
    community_id: i64,
    days: i64,
) -> DbResult<()> {
    sqlx::query("UPDATE communities SET report_min_account_days = $2 WHERE id = $1")
        .bind(community_id)
        .bind(days)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The open reports of an item that count towards hiding it: from accounts with a confirmed
/// address, made before `created_before`, not guests and not deleted.
pub async fn weighty_reports(tx: &mut Tx<'_>, r: ContentRef, created_before: i64) -> DbResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM reports r JOIN users u ON u.id = r.reporter_id
         WHERE r.target_kind = $1 AND r.target_id = $2 AND r.open = 1
           AND u.email_verified_at IS NOT NULL AND u.guest = 0 AND u.deleted_at IS NULL
           AND u.created_at <= $3",
    )
    .bind(r.kind.as_str())
    .bind(r.id)
    .bind(created_before)
    .fetch_one(&mut **tx)
    .await?)
}

pub async fn set_auto_hide_threshold(tx: &mut Tx<'_>, community_id: i64, n: i64) -> DbResult<()> {
    sqlx::query("UPDATE communities SET auto_hide_threshold = $2 WHERE id = $1")
        .bind(community_id)
        .bind(n)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn set_premoderation(tx: &mut Tx<'_>, consultation_id: i64, on: bool) -> DbResult<()> {
    sqlx::query("UPDATE consultations SET premoderation = $2 WHERE id = $1")
        .bind(consultation_id)
        .bind(on as i64)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// An appeal as its author and the moderators see it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AppealRow {
    pub target_kind: String,
    pub target_id: i64,
    pub body: String,
    pub decision: Option<String>,
}

/// Stores an appeal; `DbError::Unique` when the item was appealed before.
pub async fn add_appeal(
    tx: &mut Tx<'_>,
    r: ContentRef,
    author_id: i64,
    body: &str,
) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO appeals (target_kind, target_id, author_id, body, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(r.kind.as_str())
    .bind(r.id)
    .bind(author_id)
    .bind(body)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Records the decision on an item's open appeal, if it has one; returns whether it had.
pub async fn decide_appeal(tx: &mut Tx<'_>, r: ContentRef, restored: bool) -> DbResult<bool> {
    let done = sqlx::query(
        "UPDATE appeals SET decision = $3, decided_at = $4
         WHERE target_kind = $1 AND target_id = $2 AND decision IS NULL",
    )
    .bind(r.kind.as_str())
    .bind(r.id)
    .bind(if restored { "restored" } else { "upheld" })
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The appeals a person made about content of one idea (the idea and what hangs on it).
pub async fn appeals_on_idea(
    c: &mut Conn,
    author_id: i64,
    idea_id: i64,
) -> DbResult<Vec<AppealRow>> {
    Ok(sqlx::query_as(
        "SELECT p.target_kind, p.target_id, p.body, p.decision FROM appeals p
         WHERE p.author_id = $1 AND (
             (p.target_kind = 'idea' AND p.target_id = $2)
          OR (p.target_kind = 'argument' AND p.target_id IN (SELECT id FROM arguments WHERE idea_id = $2))
          OR (p.target_kind = 'comment' AND p.target_id IN (SELECT id FROM comments WHERE idea_id = $2))
          OR (p.target_kind = 'picture' AND p.target_id IN (SELECT id FROM idea_pictures WHERE idea_id = $2)))",
    )
    .bind(author_id)
    .bind(idea_id)
    .fetch_all(c)
    .await?)
}

/// One entry of the queue with the content it is about.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct QueueRow {
    pub target_kind: String,
    pub target_id: i64,
    pub urgent: i64,
    pub report_count: i64,
    pub awaiting_approval: i64,
    pub appealed: i64,
    pub opened_at: i64,
    pub title: String,
    /// An idea's excerpt, or the whole argument or comment.
    pub text: String,
    pub hidden: i64,
    pub hidden_reason: Option<String>,
    pub idea_id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub appeal: Option<String>,
}

/// The queue's filter: kind "" or a kind; reason "" or a report reason.
const QUEUE_WHERE: &str = "WHERE q.community_id = $1 AND ($2 = '' OR q.target_kind = $2)
    AND ($3 = '' OR EXISTS (SELECT 1 FROM reports r WHERE r.target_kind = q.target_kind
                            AND r.target_id = q.target_id AND r.open = 1 AND r.reason = $3))";
const QUEUE_ORDER: &str = "ORDER BY q.urgent DESC, q.opened_at, q.target_kind, q.target_id";

/// A page of a community's queue: hidden-by-reports first, then oldest first.
///
/// The page's entries are chosen from `queue_items` alone (a walk of its index, however deep
/// the page), and only those 50 are joined with their content, author and appeal: joining
/// every skipped entry made the last page of a 10,000-item queue take seconds.
pub async fn queue_page(
    c: &mut Conn,
    community_id: i64,
    kind: &str,
    reason: &str,
    page: i64,
) -> DbResult<(Vec<QueueRow>, i64)> {
    let page_of_queue = page_of_queue(page);
    let rows = sqlx::query_as(&format!(
        "SELECT q.target_kind, q.target_id, q.urgent, q.report_count, q.awaiting_approval,
                q.appealed, q.opened_at,
                COALESCE(i.title, '') AS title,
                COALESCE(i.excerpt, a.body, m.body, x.alt, '') AS text,
                COALESCE(i.hidden, a.hidden, m.hidden, x.hidden, 0) AS hidden,
                COALESCE(i.hidden_reason, a.hidden_reason, m.hidden_reason, x.hidden_reason)
                    AS hidden_reason,
                COALESCE(i.id, a.idea_id, m.idea_id, x.idea_id, 0) AS idea_id,
                COALESCE(u.id, 0) AS author_id,
                COALESCE(u.display_name, '') AS author_name,
                p.body AS appeal
         FROM {page_of_queue} page
         JOIN queue_items q ON q.target_kind = page.kind AND q.target_id = page.id
         LEFT JOIN ideas i ON q.target_kind = 'idea' AND i.id = q.target_id
         LEFT JOIN arguments a ON q.target_kind = 'argument' AND a.id = q.target_id
         LEFT JOIN comments m ON q.target_kind = 'comment' AND m.id = q.target_id
         LEFT JOIN idea_pictures x ON q.target_kind = 'picture' AND x.id = q.target_id
         LEFT JOIN users u ON u.id = COALESCE(i.author_id, a.author_id, m.author_id, x.author_id)
         LEFT JOIN appeals p ON p.target_kind = q.target_kind AND p.target_id = q.target_id
                            AND p.decision IS NULL
         {QUEUE_ORDER}"
    ))
    .bind(community_id)
    .bind(kind)
    .bind(reason)
    .fetch_all(&mut *c)
    .await?;
    let total = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM queue_items q {QUEUE_WHERE}"))
        .bind(community_id)
        .bind(kind)
        .bind(reason)
        .fetch_one(c)
        .await?;
    Ok((rows, total))
}

/// The open reports of the entries on the same page of the queue (same filter and page):
/// (kind, id, reason, note). One query for the page, not one per entry: on PostgreSQL each
/// round trip costs more than the query.
pub async fn open_reports(
    c: &mut Conn,
    community_id: i64,
    kind: &str,
    reason: &str,
    page: i64,
) -> DbResult<Vec<(String, i64, String, Option<String>)>> {
    let page_of_queue = page_of_queue(page);
    Ok(sqlx::query_as(&format!(
        "SELECT r.target_kind, r.target_id, r.reason, r.note
         FROM {page_of_queue} page
         JOIN reports r ON r.target_kind = page.kind AND r.target_id = page.id
         WHERE r.open = 1
         ORDER BY r.created_at"
    ))
    .bind(community_id)
    .bind(kind)
    .bind(reason)
    .fetch_all(c)
    .await?)
}

/// The keys of one page of the queue, as a subquery. LIMIT and OFFSET are written into the
/// statement (numbers computed here, never text from a request): with them as parameters,
/// PostgreSQL's generic plan (see `Db::connect`) cannot know the page is 50 rows and joins
/// whole tables instead (32 ms against 8 ms for the last page of 10,000).
fn page_of_queue(page: i64) -> String {
    let per_page = crate::moderation::rules::QUEUE_PAGE_SIZE;
    let offset = (page.max(1) - 1) * per_page;
    format!(
        "(SELECT q.target_kind AS kind, q.target_id AS id FROM queue_items q
          {QUEUE_WHERE} {QUEUE_ORDER} LIMIT {per_page} OFFSET {offset})"
    )
}
