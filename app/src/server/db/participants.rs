//! Who has taken part in each community, and when last (`community_participants`): kept by
//! the inserts of ideas, idea votes, arguments and comments, in their transaction, so the
//! dashboard counts people with one indexed count instead of reading all they ever wrote.

use super::{now_ms, Conn, DbResult, Tx};

/// `user_id` took part now in the community of the consultation `consultation_id`.
pub async fn took_part(tx: &mut Tx<'_>, consultation_id: i64, user_id: i64) -> DbResult<()> {
    upsert(
        tx,
        "SELECT g.community_id, $1, $2 FROM consultations g WHERE g.id = $3",
        user_id,
        consultation_id,
    )
    .await
}

/// `user_id` took part now in the community of the idea `idea_id`.
pub async fn took_part_on_idea(tx: &mut Tx<'_>, idea_id: i64, user_id: i64) -> DbResult<()> {
    upsert(
        tx,
        "SELECT g.community_id, $1, $2 FROM ideas i
         JOIN consultations g ON g.id = i.consultation_id WHERE i.id = $3",
        user_id,
        idea_id,
    )
    .await
}

/// `select` gives (community, `$1` user, `$2` time) for the row `$3`.
async fn upsert(tx: &mut Tx<'_>, select: &str, user_id: i64, row: i64) -> DbResult<()> {
    sqlx::query(&format!(
        "INSERT INTO community_participants (community_id, user_id, last_at) {select}
         ON CONFLICT (community_id, user_id) DO UPDATE SET last_at = excluded.last_at"
    ))
    .bind(user_id)
    .bind(now_ms())
    .bind(row)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Everyone who took part in a community since `since` (0: ever).
pub async fn count_since(c: &mut Conn, community_id: i64, since: i64) -> DbResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM community_participants
         WHERE community_id = $1 AND last_at >= $2",
    )
    .bind(community_id)
    .bind(since)
    .fetch_one(c)
    .await?)
}

/// Makes the table anew from the rows (after `posvet generate` writes rows in bulk): the
/// same statement as the migration that made it.
pub async fn rebuild(tx: &mut Tx<'_>) -> DbResult<()> {
    sqlx::query("DELETE FROM community_participants")
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO community_participants (community_id, user_id, last_at)
         SELECT g.community_id, p.user_id, MAX(p.at)
         FROM (SELECT i.consultation_id AS cid, i.author_id AS user_id, i.created_at AS at FROM ideas i
               UNION ALL SELECT i.consultation_id, v.user_id, v.created_at
                         FROM idea_votes v JOIN ideas i ON i.id = v.idea_id
               UNION ALL SELECT i.consultation_id, a.author_id, a.created_at
                         FROM arguments a JOIN ideas i ON i.id = a.idea_id
               UNION ALL SELECT i.consultation_id, m.author_id, m.created_at
                         FROM comments m JOIN ideas i ON i.id = m.idea_id) p
         JOIN consultations g ON g.id = p.cid
         WHERE p.user_id IS NOT NULL
         GROUP BY g.community_id, p.user_id",
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
