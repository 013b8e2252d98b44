use super::{now_ms, Conn, DbResult, Tx};

use crate::comments::CommentRow;

/// Adds a comment (a reply when `parent` is set: the comment it answers and the depth it
/// sits at) and bumps the idea's counter; `NotFound` (nothing written) when the idea does not
/// exist.
pub async fn add(
    tx: &mut Tx<'_>,
    idea_id: i64,
    author_id: i64,
    body: &str,
    parent: Option<(i64, i64)>,
) -> DbResult<i64> {
    super::ideas::count_one_more(tx, idea_id, "comment_count").await?;
    let id = sqlx::query_scalar(
        "INSERT INTO comments (idea_id, author_id, body, created_at, parent_id, depth)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(idea_id)
    .bind(author_id)
    .bind(body)
    .bind(now_ms())
    .bind(parent.map(|(id, _)| id))
    .bind(parent.map_or(0, |(_, depth)| depth))
    .fetch_one(&mut **tx)
    .await?;
    super::activity::wrote_on_idea(
        tx,
        idea_id,
        author_id,
        crate::moderation::rules::Kind::Comment,
    )
    .await?;
    Ok(id)
}

/// Sets when a comment was written (the demo seed dates them within the consultation).
pub async fn backdate(tx: &mut Tx<'_>, id: i64, created_at: i64) -> DbResult<()> {
    sqlx::query("UPDATE comments SET created_at = $2 WHERE id = $1")
        .bind(id)
        .bind(created_at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// What a reply needs to know of the comment it answers.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Parent {
    pub idea_id: i64,
    pub author_id: i64,
    pub parent_id: Option<i64>,
    pub depth: i64,
}

pub async fn parent(c: &mut Conn, id: i64) -> DbResult<Option<Parent>> {
    Ok(
        sqlx::query_as("SELECT idea_id, author_id, parent_id, depth FROM comments WHERE id = $1")
            .bind(id)
            .fetch_optional(c)
            .await?,
    )
}

/// An idea's comments, oldest first (the page arranges them into threads).
pub async fn of_idea(c: &mut Conn, idea_id: i64) -> DbResult<Vec<CommentRow>> {
    Ok(sqlx::query_as(
        "SELECT c.id, c.body, u.display_name AS author_name, c.created_at, c.author_id, c.hidden,
                c.hidden_reason, c.hidden_note, c.parent_id
         FROM comments c JOIN users u ON u.id = c.author_id
         WHERE c.idea_id = $1 ORDER BY c.created_at, c.id",
    )
    .bind(idea_id)
    .fetch_all(c)
    .await?)
}
