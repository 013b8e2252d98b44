//! The audit log: every moderation and settings action, and its public part (the moderation
//! log).

use crate::moderation::rules::AuditAction;
use crate::server::db::{now_ms, Conn, DbResult, Tx};

/// One entry of the audit log, as written.
pub struct AuditEntry<'a> {
    /// `None` for site-wide actions.
    pub community_id: Option<i64>,
    /// `None` for the system (hidden by reports) or the operator at the command line.
    pub actor_id: Option<i64>,
    pub action: AuditAction,
    pub target: (&'a str, i64),
    pub reason: Option<&'a str>,
    pub note: Option<&'a str>,
    /// Shown in the community's public moderation log.
    pub public: bool,
}

/// Writes an audit entry; returns its id.
pub async fn audit(tx: &mut Tx<'_>, e: AuditEntry<'_>) -> DbResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO audit_log (community_id, actor_id, actor_name, action, target_kind, target_id,
                                reason, note, public, created_at)
         VALUES ($1, $2, (SELECT display_name FROM users WHERE id = $2), $3, $4, $5, $6, $7, $8, $9)
         RETURNING id",
    )
    .bind(e.community_id)
    .bind(e.actor_id)
    .bind(e.action.as_str())
    .bind(e.target.0)
    .bind(e.target.1)
    .bind(e.reason)
    .bind(e.note)
    .bind(e.public as i64)
    .bind(now_ms())
    .fetch_one(&mut **tx)
    .await?)
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub actor_name: Option<String>,
    pub action: String,
    pub target_kind: String,
    pub target_id: i64,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub created_at: i64,
    /// The idea the entry is about or under, while it exists: its id and title, and whether
    /// the item and that idea are both visible now.
    pub idea_id: Option<i64>,
    pub idea_title: Option<String>,
    pub visible: i64,
}

/// A page of a community's log, newest first: everything (`public_only` false, for its
/// administrators) or the public moderation log, of one action or all.
pub async fn audit_page(
    c: &mut Conn,
    community_id: i64,
    public_only: bool,
    action: Option<AuditAction>,
    page: i64,
) -> DbResult<(Vec<AuditRow>, i64)> {
    const WHERE: &str =
        "WHERE community_id = $1 AND ($2 = 0 OR public = 1) AND ($3 = '' OR action = $3)";
    let per_page = crate::moderation::rules::LOG_PAGE_SIZE;
    // The page's entries first (a walk of the log's index), then what each is about.
    let rows = sqlx::query_as(&format!(
        "SELECT l.id, l.actor_name, l.action, l.target_kind, l.target_id, l.reason, l.note,
                l.created_at, p.id AS idea_id, p.title AS idea_title,
                CAST(CASE WHEN p.hidden = 0
                               AND COALESCE(i.hidden, a.hidden, m.hidden, x.hidden, 1) = 0
                          THEN 1 ELSE 0 END AS BIGINT) AS visible
         FROM (SELECT * FROM audit_log {WHERE} ORDER BY id DESC LIMIT $4 OFFSET $5) l
         LEFT JOIN ideas i ON l.target_kind = 'idea' AND i.id = l.target_id
         LEFT JOIN arguments a ON l.target_kind = 'argument' AND a.id = l.target_id
         LEFT JOIN comments m ON l.target_kind = 'comment' AND m.id = l.target_id
         LEFT JOIN idea_pictures x ON l.target_kind = 'picture' AND x.id = l.target_id
         LEFT JOIN ideas p ON p.id = COALESCE(i.id, a.idea_id, m.idea_id, x.idea_id)
         ORDER BY l.id DESC"
    ))
    .bind(community_id)
    .bind(public_only as i64)
    .bind(action.map_or("", AuditAction::as_str))
    .bind(per_page)
    .bind((page - 1) * per_page)
    .fetch_all(&mut *c)
    .await?;
    let total = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM audit_log {WHERE}"))
        .bind(community_id)
        .bind(public_only as i64)
        .bind(action.map_or("", AuditAction::as_str))
        .fetch_one(c)
        .await?;
    Ok((rows, total))
}
