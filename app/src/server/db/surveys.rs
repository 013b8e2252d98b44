//! Surveys (see `crate::surveys`): their settings and questions, each person's one response,
//! and the published text answers. Responses are read back whole only for counting and
//! exporting, never with who gave them.

use super::{now_ms, Conn, DbResult, Tx};

#[derive(sqlx::FromRow, Clone, Debug)]
pub struct SurveyRow {
    pub id: i64,
    pub consultation_id: i64,
    pub title: String,
    pub description: String,
    pub opens_at: Option<i64>,
    pub closes_at: Option<i64>,
    pub results_public: i64,
    pub min_cell: i64,
}

const SURVEY_COLUMNS: &str =
    "id, consultation_id, title, description, opens_at, closes_at, results_public, min_cell";

#[derive(sqlx::FromRow, Clone, Debug)]
pub struct QuestionRow {
    pub id: i64,
    pub page: i64,
    pub kind: String,
    pub required: i64,
    pub text: String,
    pub spec: String,
    pub shown_if: Option<i64>,
    pub shown_options: String,
}

/// A question's columns as a service writes them.
pub struct QuestionValues<'a> {
    pub page: i64,
    pub kind: &'a str,
    pub required: bool,
    pub text: &'a str,
    pub spec: &'a str,
    pub shown_if: Option<i64>,
    pub shown_options: &'a str,
}

#[derive(sqlx::FromRow, Clone, Debug)]
pub struct ResponseRow {
    pub id: i64,
    pub answers: String,
    pub page: i64,
    pub submitted_at: Option<i64>,
}

pub async fn by_id(c: &mut Conn, id: i64) -> DbResult<Option<SurveyRow>> {
    let sql = format!("SELECT {SURVEY_COLUMNS} FROM surveys WHERE id = $1");
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(c).await?)
}

pub async fn of_consultation(c: &mut Conn, consultation_id: i64) -> DbResult<Vec<SurveyRow>> {
    let sql =
        format!("SELECT {SURVEY_COLUMNS} FROM surveys WHERE consultation_id = $1 ORDER BY id");
    Ok(sqlx::query_as(&sql)
        .bind(consultation_id)
        .fetch_all(c)
        .await?)
}

pub async fn create(tx: &mut Tx<'_>, consultation_id: i64, title: &str) -> DbResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO surveys (consultation_id, title, created_at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(consultation_id)
    .bind(title)
    .bind(now_ms())
    .fetch_one(&mut **tx)
    .await?)
}

#[allow(clippy::too_many_arguments)]
pub async fn update(
    tx: &mut Tx<'_>,
    id: i64,
    title: &str,
    description: &str,
    opens_at: Option<i64>,
    closes_at: Option<i64>,
    results_public: bool,
    min_cell: i64,
) -> DbResult<()> {
    sqlx::query(
        "UPDATE surveys SET title = $2, description = $3, opens_at = $4, closes_at = $5,
                results_public = $6, min_cell = $7 WHERE id = $1",
    )
    .bind(id)
    .bind(title)
    .bind(description)
    .bind(opens_at)
    .bind(closes_at)
    .bind(i64::from(results_public))
    .bind(min_cell)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn questions(c: &mut Conn, survey_id: i64) -> DbResult<Vec<QuestionRow>> {
    Ok(sqlx::query_as(
        "SELECT id, page, kind, required, text, spec, shown_if, shown_options
         FROM survey_questions WHERE survey_id = $1 ORDER BY page, position, id",
    )
    .bind(survey_id)
    .fetch_all(c)
    .await?)
}

/// The survey a question belongs to.
pub async fn survey_of(c: &mut Conn, question_id: i64) -> DbResult<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT survey_id FROM survey_questions WHERE id = $1")
            .bind(question_id)
            .fetch_optional(c)
            .await?,
    )
}

pub async fn add_question(
    tx: &mut Tx<'_>,
    survey_id: i64,
    q: &QuestionValues<'_>,
) -> DbResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO survey_questions
             (survey_id, position, page, kind, required, text, spec, shown_if, shown_options, created_at)
         VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM survey_questions WHERE survey_id = $1),
                 $2, $3, $4, $5, $6, $7, $8, $9)
         RETURNING id",
    )
    .bind(survey_id)
    .bind(q.page)
    .bind(q.kind)
    .bind(i64::from(q.required))
    .bind(q.text)
    .bind(q.spec)
    .bind(q.shown_if)
    .bind(q.shown_options)
    .bind(now_ms())
    .fetch_one(&mut **tx)
    .await?)
}

pub async fn update_question(tx: &mut Tx<'_>, id: i64, q: &QuestionValues<'_>) -> DbResult<()> {
    sqlx::query(
        "UPDATE survey_questions SET page = $2, kind = $3, required = $4, text = $5, spec = $6,
                shown_if = $7, shown_options = $8 WHERE id = $1",
    )
    .bind(id)
    .bind(q.page)
    .bind(q.kind)
    .bind(i64::from(q.required))
    .bind(q.text)
    .bind(q.spec)
    .bind(q.shown_if)
    .bind(q.shown_options)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn remove_question(tx: &mut Tx<'_>, id: i64) -> DbResult<()> {
    sqlx::query("DELETE FROM survey_questions WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Swaps the places of two questions.
pub async fn swap(tx: &mut Tx<'_>, a: i64, b: i64) -> DbResult<()> {
    sqlx::query(
        "UPDATE survey_questions SET position = CASE id
             WHEN $1 THEN (SELECT position FROM survey_questions WHERE id = $2)
             ELSE (SELECT position FROM survey_questions WHERE id = $1) END
         WHERE id IN ($1, $2)",
    )
    .bind(a)
    .bind(b)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// (drafts, submitted responses).
pub async fn response_counts(c: &mut Conn, survey_id: i64) -> DbResult<(i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(CASE WHEN submitted_at IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN submitted_at IS NULL THEN 0 ELSE 1 END), 0) AS BIGINT)
         FROM survey_responses WHERE survey_id = $1",
    )
    .bind(survey_id)
    .fetch_one(c)
    .await?)
}

pub async fn response_of(
    c: &mut Conn,
    survey_id: i64,
    user_id: i64,
) -> DbResult<Option<ResponseRow>> {
    Ok(sqlx::query_as(
        "SELECT id, answers, page, submitted_at FROM survey_responses
         WHERE survey_id = $1 AND user_id = $2",
    )
    .bind(survey_id)
    .bind(user_id)
    .fetch_optional(c)
    .await?)
}

/// The person's response, made empty if there was none, and held for this transaction: two
/// pages saved at once by the same person are written one after the other, never over each
/// other (PostgreSQL locks the row the UPDATE touches; SQLite's writer is one at a time).
pub async fn hold_response(tx: &mut Tx<'_>, survey_id: i64, user_id: i64) -> DbResult<ResponseRow> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO survey_responses (survey_id, user_id, shuffle, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $4) ON CONFLICT (survey_id, user_id) DO NOTHING",
    )
    .bind(survey_id)
    .bind(user_id)
    .bind(rand::random::<u32>() as i64)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(sqlx::query_as(
        "UPDATE survey_responses SET updated_at = $3 WHERE survey_id = $1 AND user_id = $2
         RETURNING id, answers, page, submitted_at",
    )
    .bind(survey_id)
    .bind(user_id)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

pub async fn save_response(
    tx: &mut Tx<'_>,
    id: i64,
    answers: &str,
    page: i64,
    submitted_at: Option<i64>,
) -> DbResult<()> {
    sqlx::query(
        "UPDATE survey_responses SET answers = $2, page = $3, submitted_at = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(answers)
    .bind(page)
    .bind(submitted_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Takes back the publication of a response's answers to these questions (they changed).
pub async fn unpublish(tx: &mut Tx<'_>, response_id: i64, question_ids: &[i64]) -> DbResult<()> {
    for q in question_ids {
        sqlx::query(
            "DELETE FROM survey_published_texts WHERE response_id = $1 AND question_id = $2",
        )
        .bind(response_id)
        .bind(q)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub async fn publish(
    tx: &mut Tx<'_>,
    response_id: i64,
    question_id: i64,
    body: &str,
) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO survey_published_texts (response_id, question_id, body, published_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT (response_id, question_id) DO UPDATE SET body = $3",
    )
    .bind(response_id)
    .bind(question_id)
    .bind(body)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A submitted response's answers, for publishing one of its texts; `None` when there is no
/// such submitted response in the survey.
pub async fn submitted_answers(
    c: &mut Conn,
    survey_id: i64,
    response_id: i64,
) -> DbResult<Option<String>> {
    Ok(sqlx::query_scalar(
        "SELECT answers FROM survey_responses
         WHERE id = $1 AND survey_id = $2 AND submitted_at IS NOT NULL",
    )
    .bind(response_id)
    .bind(survey_id)
    .fetch_optional(c)
    .await?)
}

/// (question id, response id, text) of the published text answers of a survey.
pub async fn published(c: &mut Conn, survey_id: i64) -> DbResult<Vec<(i64, i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT p.question_id, p.response_id, p.body FROM survey_published_texts p
         JOIN survey_questions q ON q.id = p.question_id
         WHERE q.survey_id = $1 ORDER BY p.published_at, p.response_id",
    )
    .bind(survey_id)
    .fetch_all(c)
    .await?)
}

/// (response id, the person's answer to `statistics_question` or -1, answers) of every
/// submitted response, for counting. Who answered is not read.
pub async fn for_counting(
    c: &mut Conn,
    survey_id: i64,
    statistics_question: i64,
) -> DbResult<Vec<(i64, i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT r.id, COALESCE(a.choice, -1), r.answers FROM survey_responses r
         LEFT JOIN registration_answers a ON a.user_id = r.user_id AND a.question_id = $2
         WHERE r.survey_id = $1 AND r.submitted_at IS NOT NULL",
    )
    .bind(survey_id)
    .bind(statistics_question)
    .fetch_all(c)
    .await?)
}

/// A page of submitted responses in their random order, after `(shuffle, id)`: (shuffle, id,
/// answers).
pub async fn page_for_export(
    c: &mut Conn,
    survey_id: i64,
    after: (i64, i64),
    limit: i64,
) -> DbResult<Vec<(i64, i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT shuffle, id, answers FROM survey_responses
         WHERE survey_id = $1 AND submitted_at IS NOT NULL
           AND (shuffle > $2 OR (shuffle = $2 AND id > $3))
         ORDER BY shuffle, id LIMIT $4",
    )
    .bind(survey_id)
    .bind(after.0)
    .bind(after.1)
    .bind(limit)
    .fetch_all(c)
    .await?)
}

/// (survey id, submitted) for each survey of a consultation `user_id` has a response to.
pub async fn progress_of(
    c: &mut Conn,
    consultation_id: i64,
    user_id: i64,
) -> DbResult<Vec<(i64, bool)>> {
    let rows: Vec<(i64, Option<i64>)> = sqlx::query_as(
        "SELECT r.survey_id, r.submitted_at FROM survey_responses r
         JOIN surveys s ON s.id = r.survey_id
         WHERE s.consultation_id = $1 AND r.user_id = $2",
    )
    .bind(consultation_id)
    .bind(user_id)
    .fetch_all(c)
    .await?;
    Ok(rows.into_iter().map(|(s, t)| (s, t.is_some())).collect())
}
