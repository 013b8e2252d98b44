//! Bans from a community, and the people of a community as moderators look for them.

use crate::moderation::rules::{ContentRef, Kind};
use crate::server::db::{now_ms, Conn, DbResult, Tx};

/// Bans a person in a community (keeping any role row), or changes their ban.
pub async fn ban(
    tx: &mut Tx<'_>,
    community_id: i64,
    user_id: i64,
    reason: &str,
    until: Option<i64>,
) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO memberships (community_id, user_id, role, created_at, banned, banned_until, ban_reason)
         VALUES ($1, $2, 'resident', $3, 1, $4, $5)
         ON CONFLICT (community_id, user_id) DO UPDATE SET
             banned = 1, banned_until = excluded.banned_until, ban_reason = excluded.ban_reason",
    )
    .bind(community_id)
    .bind(user_id)
    .bind(now_ms())
    .bind(until)
    .bind(reason)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Lifts a ban; returns whether there was one.
pub async fn unban(tx: &mut Tx<'_>, community_id: i64, user_id: i64) -> DbResult<bool> {
    let lifted = sqlx::query(
        "UPDATE memberships SET banned = 0, banned_until = NULL, ban_reason = NULL
         WHERE community_id = $1 AND user_id = $2 AND banned = 1",
    )
    .bind(community_id)
    .bind(user_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM memberships WHERE community_id = $1 AND user_id = $2 AND role = 'resident' AND banned = 0")
        .bind(community_id)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(lifted.rows_affected() == 1)
}

/// The rule and end (None: no end) of a person's ban in a community, if they have one.
pub async fn ban_of(
    c: &mut Conn,
    community_id: i64,
    user_id: i64,
) -> DbResult<Option<(Option<String>, Option<i64>)>> {
    Ok(sqlx::query_as(
        "SELECT ban_reason, banned_until FROM memberships
         WHERE community_id = $1 AND user_id = $2 AND banned = 1",
    )
    .bind(community_id)
    .bind(user_id)
    .fetch_optional(c)
    .await?)
}

/// A person banned in a community now.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct BanRow {
    pub user_id: i64,
    pub display_name: String,
    pub ban_reason: Option<String>,
    pub banned_until: Option<i64>,
}

pub async fn bans(c: &mut Conn, community_id: i64) -> DbResult<Vec<BanRow>> {
    Ok(sqlx::query_as(
        "SELECT m.user_id, u.display_name, m.ban_reason, m.banned_until
         FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.community_id = $1 AND m.banned = 1 AND (m.banned_until IS NULL OR m.banned_until > $2)
         ORDER BY u.display_name",
    )
    .bind(community_id)
    .bind(now_ms())
    .fetch_all(c)
    .await?)
}

/// Everything a person wrote in a community that is still visible.
pub async fn visible_content_by(
    c: &mut Conn,
    community_id: i64,
    author_id: i64,
) -> DbResult<Vec<ContentRef>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT 'idea', i.id FROM ideas i JOIN consultations g ON g.id = i.consultation_id
         WHERE g.community_id = $1 AND i.author_id = $2 AND i.hidden = 0
         UNION ALL
         SELECT 'argument', a.id FROM arguments a JOIN ideas i ON i.id = a.idea_id
         JOIN consultations g ON g.id = i.consultation_id
         WHERE g.community_id = $1 AND a.author_id = $2 AND a.hidden = 0
         UNION ALL
         SELECT 'comment', m.id FROM comments m JOIN ideas i ON i.id = m.idea_id
         JOIN consultations g ON g.id = i.consultation_id
         WHERE g.community_id = $1 AND m.author_id = $2 AND m.hidden = 0
         UNION ALL
         SELECT 'picture', x.id FROM idea_pictures x JOIN ideas i ON i.id = x.idea_id
         JOIN consultations g ON g.id = i.consultation_id
         WHERE g.community_id = $1 AND x.author_id = $2 AND x.hidden = 0",
    )
    .bind(community_id)
    .bind(author_id)
    .fetch_all(c)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(k, id)| Some(ContentRef::new(Kind::parse(&k)?, id)))
        .collect())
}

/// People whose display name contains `query` (case-insensitive), with their role in the
/// community, for its members page; at most 50.
pub async fn people(
    c: &mut Conn,
    community_id: i64,
    query: &str,
) -> DbResult<Vec<(i64, String, Option<String>)>> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.display_name, m.role FROM users u
         LEFT JOIN memberships m ON m.user_id = u.id AND m.community_id = $1
         WHERE ($2 = '' AND m.role IN ('moderator', 'admin'))
            OR ($2 <> '' AND LOWER(u.display_name) LIKE '%' || $2 || '%')
         ORDER BY u.display_name LIMIT 50",
    )
    .bind(community_id)
    .bind(query.to_lowercase())
    .fetch_all(c)
    .await?)
}
