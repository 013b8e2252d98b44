//! Progress updates of measures, newest first.

use crate::server::db::{now_ms, Conn, DbResult, Tx};

pub async fn add_update(
    tx: &mut Tx<'_>,
    measure_id: i64,
    author: Option<i64>,
    body: &str,
) -> DbResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO measure_updates (measure_id, author_id, body, created_at)
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(measure_id)
    .bind(author)
    .bind(body)
    .bind(now_ms())
    .fetch_one(&mut **tx)
    .await?)
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct UpdateRow {
    pub id: i64,
    pub measure_id: i64,
    pub measure_title: String,
    pub body: String,
    pub created_at: i64,
}

/// Progress updates of a community's visible measures (`measure` 0) or of one measure,
/// newest first.
pub async fn updates(
    c: &mut Conn,
    community_id: i64,
    measure: i64,
    limit: i64,
) -> DbResult<Vec<UpdateRow>> {
    Ok(sqlx::query_as(
        "SELECT p.id, p.measure_id, i.title AS measure_title, p.body, p.created_at
         FROM measure_updates p CROSS JOIN ideas i CROSS JOIN consultations g
         WHERE i.id = p.measure_id AND g.id = i.consultation_id
           AND g.community_id = $1 AND ($2 = 0 OR p.measure_id = $2) AND i.hidden = 0
         ORDER BY p.created_at DESC, p.id DESC LIMIT $3",
    )
    .bind(community_id)
    .bind(measure)
    .bind(limit)
    .fetch_all(c)
    .await?)
}

/// The latest progress update of each visible measure of a community that has one.
pub async fn latest_updates(c: &mut Conn, community_id: i64) -> DbResult<Vec<UpdateRow>> {
    Ok(sqlx::query_as(
        "SELECT p.id, p.measure_id, i.title AS measure_title, p.body, p.created_at
         FROM measures m CROSS JOIN ideas i CROSS JOIN consultations g CROSS JOIN measure_updates p
         WHERE i.id = m.idea_id AND g.id = i.consultation_id AND g.community_id = $1
           AND i.hidden = 0
           AND p.id = (SELECT q.id FROM measure_updates q WHERE q.measure_id = m.idea_id
                       ORDER BY q.created_at DESC, q.id DESC LIMIT 1)",
    )
    .bind(community_id)
    .fetch_all(c)
    .await?)
}
