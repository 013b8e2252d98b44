//! Opinion groups: the votes they are computed from, which consultations are due, the claim
//! that lets one worker of several compute a consultation, and the stored result.

use super::{now_ms, Conn, Db, DbResult};

/// The votes on a consultation's visible ideas: (person, idea, +1 / −1), by person.
pub async fn votes(c: &mut Conn, consultation_id: i64) -> DbResult<Vec<(i64, i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT v.user_id, v.idea_id, v.value FROM idea_votes v JOIN ideas i ON i.id = v.idea_id
         WHERE i.consultation_id = $1 AND i.hidden = 0",
    )
    .bind(consultation_id)
    .fetch_all(c)
    .await?)
}

/// The helpfulness ratings of the visible arguments on a consultation's visible ideas:
/// (argument, person, +1 / −1).
pub async fn argument_ratings(
    c: &mut Conn,
    consultation_id: i64,
) -> DbResult<Vec<(i64, i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT r.argument_id, r.user_id, r.value FROM argument_votes r
         JOIN arguments a ON a.id = r.argument_id JOIN ideas i ON i.id = a.idea_id
         WHERE i.consultation_id = $1 AND i.hidden = 0 AND a.hidden = 0",
    )
    .bind(consultation_id)
    .fetch_all(c)
    .await?)
}

/// How many of a consultation's hidden ideas had votes (they count as zeroed columns, as in
/// Pol.is: see `opinions::math::VoteMatrix::zeroed`).
pub async fn hidden_with_votes(c: &mut Conn, consultation_id: i64) -> DbResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM ideas i WHERE i.consultation_id = $1 AND i.hidden = 1
         AND EXISTS (SELECT 1 FROM idea_votes v WHERE v.idea_id = i.id)",
    )
    .bind(consultation_id)
    .fetch_one(c)
    .await?)
}

/// The votes of one person on a consultation's visible ideas: (idea, +1 / −1).
pub async fn votes_of(
    c: &mut Conn,
    consultation_id: i64,
    user_id: i64,
) -> DbResult<Vec<(i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT v.idea_id, v.value FROM idea_votes v JOIN ideas i ON i.id = v.idea_id
         WHERE v.user_id = $2 AND i.consultation_id = $1 AND i.hidden = 0",
    )
    .bind(consultation_id)
    .bind(user_id)
    .fetch_all(c)
    .await?)
}

/// Consultations whose votes changed after their stored result was computed, with the latest
/// change: (consultation, changed at).
pub async fn due(c: &mut Conn) -> DbResult<Vec<(i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT d.consultation_id, MAX(d.votes_changed_at) FROM consultation_days d
         LEFT JOIN opinion_groups o ON o.consultation_id = d.consultation_id
         GROUP BY d.consultation_id
         HAVING MAX(d.votes_changed_at) > MAX(COALESCE(o.votes_seen_at, 0))
         ORDER BY d.consultation_id",
    )
    .fetch_all(c)
    .await?)
}

/// Claims a consultation for `worker` for `lease_ms`, unless another worker holds it or its
/// result is younger than `min_age_ms` (a storm of votes recomputes at most that often).
pub async fn claim(
    db: &Db,
    consultation_id: i64,
    worker: &str,
    lease_ms: i64,
    min_age_ms: i64,
) -> DbResult<bool> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO opinion_groups (consultation_id) VALUES ($1)
         ON CONFLICT (consultation_id) DO NOTHING",
    )
    .bind(consultation_id)
    .execute(&mut *tx)
    .await?;
    let claimed = sqlx::query(
        "UPDATE opinion_groups SET claimed_until = $2, claimed_by = $3
         WHERE consultation_id = $1 AND claimed_until < $4 AND computed_at <= $5",
    )
    .bind(consultation_id)
    .bind(now + lease_ms)
    .bind(worker)
    .bind(now)
    .bind(now - min_age_ms)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok(claimed == 1)
}

/// Stores a result (JSON) and lets the claim go.
/// What a computation leaves: the stored result, each idea's group-informed consensus, and
/// each rated argument's (consensus of its ratings, helpful to every group).
pub struct Computed {
    pub json: String,
    pub consensus: Vec<(i64, f64)>,
    pub arguments: Vec<(i64, f64, bool)>,
}

pub async fn save(
    db: &Db,
    consultation_id: i64,
    votes_seen_at: i64,
    took_ms: i64,
    computed: &Computed,
) -> DbResult<()> {
    let mut tx = db.begin().await?;
    // Each idea's group-informed consensus, for the "common ground" order; an idea without
    // votes (or hidden since) has none. Likewise the arguments' order on their idea's page.
    sqlx::query("UPDATE ideas SET consensus = NULL WHERE consultation_id = $1")
        .bind(consultation_id)
        .execute(&mut *tx)
        .await?;
    for (idea_id, value) in &computed.consensus {
        sqlx::query("UPDATE ideas SET consensus = $2 WHERE id = $1")
            .bind(idea_id)
            .bind(value)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(
        "UPDATE arguments SET consensus = NULL, every_group = 0
         WHERE idea_id IN (SELECT id FROM ideas WHERE consultation_id = $1)
           AND (consensus IS NOT NULL OR every_group = 1)",
    )
    .bind(consultation_id)
    .execute(&mut *tx)
    .await?;
    for (argument_id, value, everywhere) in &computed.arguments {
        sqlx::query("UPDATE arguments SET consensus = $2, every_group = $3 WHERE id = $1")
            .bind(argument_id)
            .bind(value)
            .bind(*everywhere as i64)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(
        "UPDATE opinion_groups SET votes_seen_at = $2, computed_at = $3, took_ms = $4,
         result = $5, claimed_until = 0, claimed_by = NULL WHERE consultation_id = $1",
    )
    .bind(consultation_id)
    .bind(votes_seen_at)
    .bind(now_ms())
    .bind(took_ms)
    .bind(&computed.json)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The stored result of a consultation and when it was computed, if there is one.
pub async fn stored(c: &mut Conn, consultation_id: i64) -> DbResult<Option<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT computed_at, result FROM opinion_groups
         WHERE consultation_id = $1 AND result IS NOT NULL",
    )
    .bind(consultation_id)
    .fetch_optional(c)
    .await?)
}

/// (id, title) of a consultation's visible ideas.
pub async fn visible_titles(c: &mut Conn, consultation_id: i64) -> DbResult<Vec<(i64, String)>> {
    Ok(
        sqlx::query_as("SELECT id, title FROM ideas WHERE consultation_id = $1 AND hidden = 0")
            .bind(consultation_id)
            .fetch_all(c)
            .await?,
    )
}
