use super::{now_ms, Conn, DbResult, Tx};

use crate::comments::CommentRow;

/// Adds a comment and bumps the idea's counter; `NotFound` (nothing written) when the idea
/// does not exist.
pub async fn add(tx: &mut Tx<'_>, idea_id: i64, author_id: i64, body: &str) -> DbResult<i64> {
    super::ideas::count_one_more(tx, idea_id, "comment_count").await?;
    let id = sqlx::query_scalar(
        "INSERT INTO comments (idea_id, author_id, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(idea_id)
    .bind(author_id)
    .bind(body)
    .bind(now_ms())
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

pub async fn of_idea(c: &mut Conn, idea_id: i64) -> DbResult<Vec<CommentRow>> {
    Ok(sqlx::query_as(
        "SELECT c.id, c.body, u.display_name AS author_name, c.created_at, c.author_id, c.hidden,
                c.hidden_reason, c.hidden_note
         FROM comments c JOIN users u ON u.id = c.author_id
         WHERE c.idea_id = $1 ORDER BY c.created_at, c.id",
    )
    .bind(idea_id)
    .fetch_all(c)
    .await?)
}
