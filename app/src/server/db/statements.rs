//! Statements (see `crate::statements`): where a person stands, and what they answer next.

use super::{Conn, DbResult, Tx};
use std::collections::HashMap;

const VISIBLE: &str = "i.consultation_id = $1 AND i.hidden = 0 AND i.kind = 'idea'";

/// (how many visible statements `user_id` answered, how many there are). Anyone not signed
/// in (0) has answered none.
pub async fn progress(c: &mut Conn, consultation_id: i64, user_id: i64) -> DbResult<(i64, i64)> {
    let sql = format!(
        "SELECT CAST((SELECT COUNT(*) FROM idea_votes v JOIN ideas i ON i.id = v.idea_id
                      WHERE v.user_id = $2 AND {VISIBLE}) AS BIGINT),
                CAST((SELECT COUNT(*) FROM ideas i WHERE {VISIBLE}) AS BIGINT)"
    );
    Ok(sqlx::query_as(&sql)
        .bind(consultation_id)
        .bind(user_id)
        .fetch_one(c)
        .await?)
}

/// The visible statement `user_id` answers next: one not answered yet, in an order of their
/// own (`multiplier`, see `ideas::rules::random_multiplier`), so that the first statements of
/// a consultation are not the only ones everybody answers before tiring.
pub async fn next_for(
    c: &mut Conn,
    consultation_id: i64,
    user_id: i64,
    multiplier: i64,
) -> DbResult<Option<(i64, String)>> {
    let sql = format!(
        "SELECT i.id, i.title FROM ideas i
         WHERE {VISIBLE}
           AND NOT EXISTS (SELECT 1 FROM idea_votes v WHERE v.idea_id = i.id AND v.user_id = $2)
         ORDER BY (i.id * $3) % 2147483647, i.id LIMIT 1"
    );
    Ok(sqlx::query_as(&sql)
        .bind(consultation_id)
        .bind(user_id)
        .bind(multiplier)
        .fetch_optional(c)
        .await?)
}

/// Whether `idea_id` is a visible statement of `consultation_id`, a consultation of statements.
pub async fn is_statement_of(c: &mut Conn, consultation_id: i64, idea_id: i64) -> DbResult<bool> {
    let sql = format!(
        "SELECT i.id FROM ideas i JOIN consultations g ON g.id = i.consultation_id
         WHERE i.id = $2 AND g.format = 'statements' AND {VISIBLE}"
    );
    let found: Option<i64> = sqlx::query_scalar(&sql)
        .bind(consultation_id)
        .bind(idea_id)
        .fetch_optional(c)
        .await?;
    Ok(found.is_some())
}

/// An account for a participant of an imported conversation: pseudonymous (`display_name`),
/// with no address that receives mail, no password and no mail, keeping the participant's id
/// in the source as its external id. `n` makes the address unique within the consultation.
pub async fn import_participant(
    tx: &mut Tx<'_>,
    consultation_id: i64,
    n: usize,
    display_name: &str,
    external_id: &str,
) -> DbResult<i64> {
    let email = format!("import-{consultation_id}-{n}@import.invalid");
    let user = super::NewUser {
        email: &email,
        display_name,
        password_hash: None,
    };
    let id = super::accounts::create_user(tx, user).await?;
    sqlx::query("UPDATE users SET external_id = $2, mail_mode = 'off' WHERE id = $1")
        .bind(id)
        .bind(external_id)
        .execute(&mut **tx)
        .await?;
    Ok(id)
}

/// Imported votes, (idea, person, value, cast at), written many to a statement; the ideas'
/// counters and the kept days are made afterwards (`recount`, `activity::rebuild`).
pub async fn import_votes(tx: &mut Tx<'_>, votes: &[(i64, i64, i64, i64)]) -> DbResult<()> {
    // Four parameters a row, well under SQLite's limit of 32,766 a statement.
    for chunk in votes.chunks(500) {
        let mut sql =
            String::from("INSERT INTO idea_votes (idea_id, user_id, value, created_at) VALUES ");
        for i in 0..chunk.len() {
            let p = 4 * i;
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("(${}, ${}, ${}, ${})", p + 1, p + 2, p + 3, p + 4));
        }
        let mut query = sqlx::query(&sql);
        for (idea, user, value, at) in chunk {
            query = query.bind(idea).bind(user).bind(value).bind(at);
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Sets the vote counters of a consultation's ideas from their votes.
pub async fn recount(tx: &mut Tx<'_>, consultation_id: i64) -> DbResult<()> {
    sqlx::query(
        "UPDATE ideas SET
           up_count = (SELECT COUNT(*) FROM idea_votes v WHERE v.idea_id = ideas.id AND v.value = 1),
           down_count = (SELECT COUNT(*) FROM idea_votes v WHERE v.idea_id = ideas.id AND v.value = -1)
         WHERE consultation_id = $1",
    )
    .bind(consultation_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The external ids (e.g. Pol.is's participant ids) of the people who voted in a
/// consultation and have one, by account.
pub async fn external_ids(c: &mut Conn, consultation_id: i64) -> DbResult<HashMap<i64, String>> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT u.id, u.external_id FROM users u
         WHERE u.external_id IS NOT NULL AND EXISTS (
           SELECT 1 FROM idea_votes v JOIN ideas i ON i.id = v.idea_id
           WHERE v.user_id = u.id AND i.consultation_id = $1)",
    )
    .bind(consultation_id)
    .fetch_all(c)
    .await?;
    Ok(rows.into_iter().collect())
}
