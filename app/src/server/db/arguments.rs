use super::{now_ms, Conn, DbResult, Tx};
use crate::arguments::rules::Side;

#[derive(sqlx::FromRow)]
pub struct ArgumentRow {
    pub id: i64,
    pub side: String,
    pub body: String,
    pub author_name: String,
    pub helpful_count: i64,
    pub unhelpful_count: i64,
    pub created_at: i64,
    pub my_vote: i64,
    pub author_id: i64,
    pub hidden: i64,
    pub hidden_reason: Option<String>,
    pub hidden_note: Option<String>,
    /// More people marked it helpful than not in every opinion group (0/1).
    pub every_group: i64,
}

/// Adds an argument and bumps the idea's counter; `NotFound` (nothing written) when the idea
/// does not exist.
pub async fn add(
    tx: &mut Tx<'_>,
    idea_id: i64,
    author_id: i64,
    side: Side,
    body: &str,
) -> DbResult<i64> {
    super::ideas::count_one_more(tx, idea_id, "argument_count").await?;
    let id = sqlx::query_scalar(
        "INSERT INTO arguments (idea_id, author_id, side, body, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(idea_id)
    .bind(author_id)
    .bind(side.as_str())
    .bind(body)
    .bind(now_ms())
    .fetch_one(&mut **tx)
    .await?;
    super::activity::wrote_on_idea(
        tx,
        idea_id,
        author_id,
        crate::moderation::rules::Kind::Argument,
    )
    .await?;
    Ok(id)
}

/// Sets when an argument was written (the demo seed dates them within the consultation).
pub async fn backdate(tx: &mut Tx<'_>, id: i64, created_at: i64) -> DbResult<()> {
    sqlx::query("UPDATE arguments SET created_at = $2 WHERE id = $1")
        .bind(id)
        .bind(created_at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// An idea's arguments, most helpful across the opinion groups first (where the groups are
/// known), then most helpful, with the viewer's helpfulness vote.
pub async fn of_idea(c: &mut Conn, idea_id: i64, viewer: i64) -> DbResult<Vec<ArgumentRow>> {
    Ok(sqlx::query_as(
        "SELECT a.id, a.side, a.body, u.display_name AS author_name, a.helpful_count,
                a.unhelpful_count, a.created_at, COALESCE(v.value, 0) AS my_vote,
                a.author_id, a.hidden, a.hidden_reason, a.hidden_note, a.every_group
         FROM arguments a
         JOIN users u ON u.id = a.author_id
         LEFT JOIN argument_votes v ON v.argument_id = a.id AND v.user_id = $2
         WHERE a.idea_id = $1
         ORDER BY a.consensus DESC NULLS LAST, (a.helpful_count - a.unhelpful_count) DESC, a.id",
    )
    .bind(idea_id)
    .bind(viewer)
    .fetch_all(c)
    .await?)
}

/// (community id, author id) of an argument, for permission checks.
pub async fn owner(c: &mut Conn, argument_id: i64) -> DbResult<Option<(i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT g.community_id, a.author_id FROM arguments a
         JOIN ideas i ON i.id = a.idea_id
         JOIN consultations g ON g.id = i.consultation_id
         WHERE a.id = $1",
    )
    .bind(argument_id)
    .fetch_optional(c)
    .await?)
}
