use super::{now_ms, Db, DbError, DbResult};
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
}

impl Db {
    /// Adds an argument and bumps the idea's counter in one transaction.
    pub async fn add_argument(
        &self,
        idea_id: i64,
        author_id: i64,
        side: Side,
        body: &str,
    ) -> DbResult<i64> {
        let mut tx = self.pool.begin().await?;
        let touched =
            sqlx::query("UPDATE ideas SET argument_count = argument_count + 1 WHERE id = $1")
                .bind(idea_id)
                .execute(&mut *tx)
                .await?;
        if touched.rows_affected() == 0 {
            return Err(DbError::NotFound);
        }
        let id = sqlx::query_scalar(
            "INSERT INTO arguments (idea_id, author_id, side, body, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(idea_id)
        .bind(author_id)
        .bind(side.as_str())
        .bind(body)
        .bind(now_ms())
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// An idea's arguments, most helpful first, with the viewer's helpfulness vote.
    pub async fn arguments_of(&self, idea_id: i64, viewer: i64) -> DbResult<Vec<ArgumentRow>> {
        Ok(sqlx::query_as(
            "SELECT a.id, a.side, a.body, u.display_name AS author_name, a.helpful_count,
                    a.unhelpful_count, a.created_at, COALESCE(v.value, 0) AS my_vote
             FROM arguments a
             JOIN users u ON u.id = a.author_id
             LEFT JOIN argument_votes v ON v.argument_id = a.id AND v.user_id = $2
             WHERE a.idea_id = $1
             ORDER BY (a.helpful_count - a.unhelpful_count) DESC, a.id",
        )
        .bind(idea_id)
        .bind(viewer)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The idea an argument belongs to.
    pub async fn argument_idea(&self, argument_id: i64) -> DbResult<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT idea_id FROM arguments WHERE id = $1")
                .bind(argument_id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }
}
