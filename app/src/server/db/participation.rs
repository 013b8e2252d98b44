//! Guests and registration questions. Answers are read back only summed up per option
//! (`tallies`) or by the person who gave them (`personal_data`).

use super::exports::Scope;
use super::{now_ms, Conn, DbResult, Tx};

/// A stored question: its text and its answers as `Localized` JSON (an array for the answers).
#[derive(sqlx::FromRow)]
pub struct QuestionRow {
    pub id: i64,
    pub question: String,
    pub options: String,
}

pub async fn questions(c: &mut Conn, consultation_id: i64) -> DbResult<Vec<QuestionRow>> {
    Ok(sqlx::query_as(
        "SELECT id, question, options FROM registration_questions
         WHERE consultation_id = $1 ORDER BY position, id",
    )
    .bind(consultation_id)
    .fetch_all(c)
    .await?)
}

/// How many people answered each of a consultation's questions: (question id, people), for
/// its administrators' list only (counting reads every answer, so pages that ask do not).
pub async fn answer_counts(c: &mut Conn, consultation_id: i64) -> DbResult<Vec<(i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT a.question_id, CAST(COUNT(*) AS BIGINT) FROM registration_answers a
         JOIN registration_questions q ON q.id = a.question_id
         WHERE q.consultation_id = $1 GROUP BY a.question_id",
    )
    .bind(consultation_id)
    .fetch_all(c)
    .await?)
}

/// The consultation a question belongs to; `None` when there is no such question.
pub async fn consultation_of(c: &mut Conn, question_id: i64) -> DbResult<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT consultation_id FROM registration_questions WHERE id = $1")
            .bind(question_id)
            .fetch_optional(c)
            .await?,
    )
}

pub async fn add_question(
    tx: &mut Tx<'_>,
    consultation_id: i64,
    question: &str,
    options: &str,
) -> DbResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO registration_questions (consultation_id, position, question, options, created_at)
         VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM registration_questions
                      WHERE consultation_id = $1), $2, $3, $4)
         RETURNING id",
    )
    .bind(consultation_id)
    .bind(question)
    .bind(options)
    .bind(now_ms())
    .fetch_one(&mut **tx)
    .await?)
}

/// Removes a question; its answers go with it (`ON DELETE CASCADE`).
pub async fn remove_question(tx: &mut Tx<'_>, question_id: i64) -> DbResult<()> {
    sqlx::query("DELETE FROM registration_questions WHERE id = $1")
        .bind(question_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Whether the person has answered (or declined) every question of the consultation.
pub async fn answered_all(c: &mut Conn, consultation_id: i64, user_id: i64) -> DbResult<bool> {
    let missing: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM registration_questions q
         WHERE q.consultation_id = $1 AND NOT EXISTS
               (SELECT 1 FROM registration_answers a WHERE a.question_id = q.id AND a.user_id = $2)",
    )
    .bind(consultation_id)
    .bind(user_id)
    .fetch_one(c)
    .await?;
    Ok(missing == 0)
}

/// Stores an answer (`choice` None: "I would rather not say"), replacing an earlier one.
pub async fn save_answer(
    tx: &mut Tx<'_>,
    question_id: i64,
    user_id: i64,
    choice: Option<i64>,
) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO registration_answers (question_id, user_id, choice, created_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (question_id, user_id) DO UPDATE SET choice = excluded.choice",
    )
    .bind(question_id)
    .bind(user_id)
    .bind(choice)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Marks a new account as a guest's.
pub async fn make_guest(tx: &mut Tx<'_>, user_id: i64) -> DbResult<()> {
    sqlx::query("UPDATE users SET guest = 1 WHERE id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Removes guest accounts made before `created_before` that never took part: no idea,
/// argument, comment, vote (not even one withdrawn since: the kept days count them),
/// rating, report, appeal or answer, and never named in the audit
/// log. Their sessions end with them (a session's account is looked up on every request), and
/// what hangs on them (memberships, follows, notifications) goes by ON DELETE CASCADE.
/// Returns how many were removed.
pub async fn remove_idle_guests(tx: &mut Tx<'_>, created_before: i64) -> DbResult<u64> {
    let done = sqlx::query(
        "DELETE FROM users WHERE guest = 1 AND created_at < $1
           AND NOT EXISTS (SELECT 1 FROM ideas WHERE author_id = users.id)
           AND NOT EXISTS (SELECT 1 FROM arguments WHERE author_id = users.id)
           AND NOT EXISTS (SELECT 1 FROM comments WHERE author_id = users.id)
           AND NOT EXISTS (SELECT 1 FROM idea_votes WHERE user_id = users.id)
           AND NOT EXISTS (SELECT 1 FROM community_participants WHERE user_id = users.id)
           AND NOT EXISTS (SELECT 1 FROM argument_votes WHERE user_id = users.id)
           AND NOT EXISTS (SELECT 1 FROM reports WHERE reporter_id = users.id)
           AND NOT EXISTS (SELECT 1 FROM appeals WHERE author_id = users.id)
           AND NOT EXISTS (SELECT 1 FROM registration_answers WHERE user_id = users.id)
           AND NOT EXISTS (SELECT 1 FROM audit_log
                           WHERE actor_id = users.id OR (target_kind = 'user' AND target_id = users.id))",
    )
    .bind(created_before)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected())
}

/// Makes a guest's account a full one, in place: the same id, so everything it wrote and
/// voted stays its own. `DbError::Unique` when the address is someone else's.
pub async fn make_full(
    tx: &mut Tx<'_>,
    user_id: i64,
    email: &str,
    display_name: &str,
    password_hash: &str,
) -> DbResult<()> {
    sqlx::query(
        "UPDATE users SET email = $2, display_name = $3, password_hash = $4, guest = 0
         WHERE id = $1 AND guest = 1",
    )
    .bind(user_id)
    .bind(email)
    .bind(display_name)
    .bind(password_hash)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A question of a community or one consultation, for the exports' tallies.
#[derive(sqlx::FromRow)]
pub struct ScopedQuestion {
    pub consultation_id: i64,
    pub id: i64,
    pub question: String,
    pub options: String,
}

fn scope_filter(scope: Scope) -> (&'static str, i64) {
    match scope {
        Scope::Community(id) => ("g.community_id = $1", id),
        Scope::Consultation(id) => ("g.id = $1", id),
    }
}

pub async fn questions_in(c: &mut Conn, scope: Scope) -> DbResult<Vec<ScopedQuestion>> {
    let (filter, id) = scope_filter(scope);
    let sql = format!(
        "SELECT q.consultation_id, q.id, q.question, q.options
         FROM registration_questions q JOIN consultations g ON g.id = q.consultation_id
         WHERE {filter} ORDER BY q.consultation_id, q.position, q.id"
    );
    Ok(sqlx::query_as(&sql).bind(id).fetch_all(c).await?)
}

/// How many people gave each answer: (question id, choice, people), `choice` None for "would
/// rather not say". The only way answers leave the database for anyone but their author.
pub async fn tallies(c: &mut Conn, scope: Scope) -> DbResult<Vec<(i64, Option<i64>, i64)>> {
    let (filter, id) = scope_filter(scope);
    let sql = format!(
        "SELECT a.question_id, a.choice, CAST(COUNT(*) AS BIGINT)
         FROM registration_answers a
         JOIN registration_questions q ON q.id = a.question_id
         JOIN consultations g ON g.id = q.consultation_id
         WHERE {filter}
         GROUP BY a.question_id, a.choice"
    );
    Ok(sqlx::query_as(&sql).bind(id).fetch_all(c).await?)
}
