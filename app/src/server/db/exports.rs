//! What an export reads: ideas, arguments and comments of some consultations, in id order, a
//! page at a time (keyset paging: each page starts after the last id of the one before).
//! Authors appear by their display name; no e-mail address is ever selected.

use super::{Conn, DbResult};

/// Which content: the consultations of a community, or one consultation.
#[derive(Clone, Copy, Debug)]
pub enum Scope {
    Community(i64),
    Consultation(i64),
}

impl Scope {
    /// The condition on an idea alias `i`, with the scope's id as `$1`.
    fn condition(self) -> &'static str {
        match self {
            Scope::Community(_) => {
                "i.consultation_id IN (SELECT g.id FROM consultations g WHERE g.community_id = $1)"
            }
            Scope::Consultation(_) => "i.consultation_id = $1",
        }
    }

    fn id(self) -> i64 {
        match self {
            Scope::Community(id) | Scope::Consultation(id) => id,
        }
    }
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct IdeaExportRow {
    pub id: i64,
    pub consultation_id: i64,
    pub title: String,
    pub body: String,
    /// The category's name as stored (`Localized` JSON).
    pub category: Option<String>,
    pub status: String,
    pub status_note: Option<String>,
    pub author: String,
    pub created_at: i64,
    pub votes_for: i64,
    pub votes_against: i64,
    pub arguments_for: i64,
    pub arguments_against: i64,
    pub comments: i64,
    pub hidden: i64,
    /// The name of its area, if it names one.
    pub area: Option<String>,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ArgumentExportRow {
    pub id: i64,
    pub idea_id: i64,
    pub idea_title: String,
    pub side: String,
    pub body: String,
    pub author: String,
    pub created_at: i64,
    pub helpful: i64,
    pub not_helpful: i64,
    pub hidden: i64,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CommentExportRow {
    pub id: i64,
    pub idea_id: i64,
    pub idea_title: String,
    /// The comment it answers.
    pub parent_id: Option<i64>,
    pub body: String,
    pub author: String,
    pub created_at: i64,
    pub hidden: i64,
}

/// Hidden rows are left out unless asked for; an argument or comment of a hidden idea
/// counts as hidden.
fn visible(alias: &str, include_hidden: bool) -> String {
    match include_hidden {
        true => String::new(),
        false if alias == "i" => " AND i.hidden = 0".into(),
        false => format!(" AND {alias}.hidden = 0 AND i.hidden = 0"),
    }
}

/// One page of an export query: `$1` the scope, `$2` the last id of the page before, `$3`
/// the page's size.
async fn page<T>(c: &mut Conn, sql: &str, scope: Scope, after: i64, limit: i64) -> DbResult<Vec<T>>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    Ok(sqlx::query_as(sql)
        .bind(scope.id())
        .bind(after)
        .bind(limit)
        .fetch_all(c)
        .await?)
}

pub async fn ideas(
    c: &mut Conn,
    scope: Scope,
    include_hidden: bool,
    after: i64,
    limit: i64,
) -> DbResult<Vec<IdeaExportRow>> {
    let args_visible = match include_hidden {
        true => "",
        false => " AND a.hidden = 0",
    };
    let comments_visible = match include_hidden {
        true => "",
        false => " AND m.hidden = 0",
    };
    let sql = format!(
        "SELECT i.id, i.consultation_id, i.title, i.body, k.name AS category, i.status,
                i.status_note, u.display_name AS author, i.created_at,
                i.up_count AS votes_for, i.down_count AS votes_against,
                CAST((SELECT COUNT(*) FROM arguments a WHERE a.idea_id = i.id AND a.side = 'for'{args_visible}) AS BIGINT) AS arguments_for,
                CAST((SELECT COUNT(*) FROM arguments a WHERE a.idea_id = i.id AND a.side = 'against'{args_visible}) AS BIGINT) AS arguments_against,
                CAST((SELECT COUNT(*) FROM comments m WHERE m.idea_id = i.id{comments_visible}) AS BIGINT) AS comments,
                i.hidden, ar.name AS area
         FROM ideas i JOIN users u ON u.id = i.author_id
         LEFT JOIN categories k ON k.id = i.category_id
         LEFT JOIN areas ar ON ar.id = i.area_id
         WHERE {} AND i.id > $2{}
         ORDER BY i.id LIMIT $3",
        scope.condition(),
        visible("i", include_hidden)
    );
    page(c, &sql, scope, after, limit).await
}

pub async fn arguments(
    c: &mut Conn,
    scope: Scope,
    include_hidden: bool,
    after: i64,
    limit: i64,
) -> DbResult<Vec<ArgumentExportRow>> {
    let sql = format!(
        "SELECT a.id, a.idea_id, i.title AS idea_title, a.side, a.body,
                u.display_name AS author, a.created_at, a.helpful_count AS helpful,
                a.unhelpful_count AS not_helpful, CASE WHEN a.hidden = 1 OR i.hidden = 1 THEN 1 ELSE 0 END AS hidden
         FROM arguments a JOIN ideas i ON i.id = a.idea_id JOIN users u ON u.id = a.author_id
         WHERE {} AND a.id > $2{}
         ORDER BY a.id LIMIT $3",
        scope.condition(),
        visible("a", include_hidden)
    );
    page(c, &sql, scope, after, limit).await
}

pub async fn comments(
    c: &mut Conn,
    scope: Scope,
    include_hidden: bool,
    after: i64,
    limit: i64,
) -> DbResult<Vec<CommentExportRow>> {
    let sql = format!(
        "SELECT m.id, m.idea_id, i.title AS idea_title, m.parent_id, m.body,
                u.display_name AS author,
                m.created_at, CASE WHEN m.hidden = 1 OR i.hidden = 1 THEN 1 ELSE 0 END AS hidden
         FROM comments m JOIN ideas i ON i.id = m.idea_id JOIN users u ON u.id = m.author_id
         WHERE {} AND m.id > $2{}
         ORDER BY m.id LIMIT $3",
        scope.condition(),
        visible("m", include_hidden)
    );
    page(c, &sql, scope, after, limit).await
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct MeasureExportRow {
    pub id: i64,
    pub consultation_id: i64,
    pub parent_id: Option<i64>,
    pub title: String,
    pub body: String,
    pub responsible: String,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub status: String,
    pub votes_for: i64,
    pub votes_against: i64,
    pub hidden: i64,
}

/// The city's measures (ideas of kind 'measure') with their own fields.
pub async fn measures(
    c: &mut Conn,
    scope: Scope,
    include_hidden: bool,
    after: i64,
    limit: i64,
) -> DbResult<Vec<MeasureExportRow>> {
    let sql = format!(
        "SELECT i.id, i.consultation_id, m.parent_id, i.title, i.body, m.responsible,
                m.starts_on, m.ends_on, m.status, i.up_count AS votes_for,
                i.down_count AS votes_against, i.hidden
         FROM measures m JOIN ideas i ON i.id = m.idea_id
         WHERE {} AND i.id > $2{}
         ORDER BY i.id LIMIT $3",
        scope.condition(),
        visible("i", include_hidden)
    );
    page(c, &sql, scope, after, limit).await
}

/// The ideas a measure came from, as "3, 8".
pub async fn sources_of(c: &mut Conn, measure: i64) -> DbResult<String> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT idea_id FROM measure_ideas WHERE measure_id = $1 ORDER BY idea_id",
    )
    .bind(measure)
    .fetch_all(c)
    .await?;
    Ok(ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", "))
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct IndicatorExportRow {
    pub id: i64,
    pub measure_id: i64,
    pub name: String,
    pub unit: String,
    pub baseline: f64,
    pub target: f64,
    pub due_on: Option<String>,
}

pub async fn indicators(
    c: &mut Conn,
    scope: Scope,
    include_hidden: bool,
    after: i64,
    limit: i64,
) -> DbResult<Vec<IndicatorExportRow>> {
    let sql = format!(
        "SELECT n.id, n.measure_id, n.name, n.unit, n.baseline, n.target, n.due_on
         FROM indicators n JOIN ideas i ON i.id = n.measure_id
         WHERE {} AND n.id > $2{}
         ORDER BY n.id LIMIT $3",
        scope.condition(),
        visible("i", include_hidden)
    );
    page(c, &sql, scope, after, limit).await
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ReadingExportRow {
    pub id: i64,
    pub indicator_id: i64,
    pub measure_id: i64,
    pub taken_on: String,
    pub value: f64,
    pub note: String,
    pub source: String,
    pub version: i64,
}

pub async fn readings(
    c: &mut Conn,
    scope: Scope,
    include_hidden: bool,
    after: i64,
    limit: i64,
) -> DbResult<Vec<ReadingExportRow>> {
    let sql = format!(
        "SELECT r.id, r.indicator_id, n.measure_id, r.taken_on, r.value, r.note, r.source, r.version
         FROM indicator_readings r JOIN indicators n ON n.id = r.indicator_id
         JOIN ideas i ON i.id = n.measure_id
         WHERE {} AND r.id > $2{}
         ORDER BY r.id LIMIT $3",
        scope.condition(),
        visible("i", include_hidden)
    );
    page(c, &sql, scope, after, limit).await
}
