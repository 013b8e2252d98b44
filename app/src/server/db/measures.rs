//! Measures, their links to ideas, indicators, readings, progress updates and versions.
//! A measure is an idea row of kind 'measure' (votes, arguments, comments and moderation as on
//! ideas) with a `measures` row beside it.

use super::{now_ms, Conn, DbResult, Tx};

mod indicators;
mod updates;
pub use indicators::*;
pub use updates::*;

pub struct NewMeasure<'a> {
    pub idea_id: i64,
    pub parent_id: Option<i64>,
    pub responsible: &'a str,
    pub starts_on: Option<&'a str>,
    pub ends_on: Option<&'a str>,
    pub status: &'a str,
    pub progress_set: Option<i64>,
}

/// A measure with its idea's text and where it belongs.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct MeasureRow {
    pub id: i64,
    pub consultation_id: i64,
    pub community_id: i64,
    /// Who published it (an administrator; `None` once their account is gone).
    pub author_id: Option<i64>,
    pub title: String,
    pub body: String,
    pub excerpt: String,
    pub parent_id: Option<i64>,
    pub responsible: String,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub status: String,
    pub progress_set: Option<i64>,
    pub version: i64,
    pub hidden: i64,
    pub updated_at: i64,
    /// The measure's votes, as on any idea.
    pub up_count: i64,
    pub down_count: i64,
}

/// `CROSS JOIN` (an inner join whose WHERE gives the condition) makes SQLite start from the
/// few measures, as written: without statistics it walked all ideas instead, 40 ms a page on
/// 10,000 ideas. PostgreSQL plans it as any inner join.
const MEASURE: &str =
    "SELECT i.id, i.consultation_id, g.community_id, i.author_id, i.title, i.body, i.excerpt,
        m.parent_id, m.responsible, m.starts_on, m.ends_on, m.status, m.progress_set,
        m.version, i.hidden, m.updated_at, i.up_count, i.down_count
    FROM measures m CROSS JOIN ideas i CROSS JOIN consultations g
    WHERE i.id = m.idea_id AND g.id = i.consultation_id";

/// Marks a new idea row as a measure and adds its fields.
pub async fn create(tx: &mut Tx<'_>, m: NewMeasure<'_>) -> DbResult<()> {
    sqlx::query("UPDATE ideas SET kind = 'measure' WHERE id = $1")
        .bind(m.idea_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO measures (idea_id, parent_id, responsible, starts_on, ends_on, status,
                               progress_set, version, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8)",
    )
    .bind(m.idea_id)
    .bind(m.parent_id)
    .bind(m.responsible)
    .bind(m.starts_on)
    .bind(m.ends_on)
    .bind(m.status)
    .bind(m.progress_set)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Changes a measure's text and fields; returns its new version number.
pub async fn update(
    tx: &mut Tx<'_>,
    m: NewMeasure<'_>,
    title: &str,
    body: &str,
    excerpt: &str,
) -> DbResult<i64> {
    let now = now_ms();
    sqlx::query(
        "UPDATE ideas SET title = $2, body = $3, excerpt = $4, updated_at = $5 WHERE id = $1",
    )
    .bind(m.idea_id)
    .bind(title)
    .bind(body)
    .bind(excerpt)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    bump(tx, m.idea_id).await?;
    Ok(sqlx::query_scalar(
        "UPDATE measures SET parent_id = $2, responsible = $3, starts_on = $4, ends_on = $5,
                status = $6, progress_set = $7
         WHERE idea_id = $1 RETURNING version",
    )
    .bind(m.idea_id)
    .bind(m.parent_id)
    .bind(m.responsible)
    .bind(m.starts_on)
    .bind(m.ends_on)
    .bind(m.status)
    .bind(m.progress_set)
    .fetch_one(&mut **tx)
    .await?)
}

/// The next version of a measure whose indicators changed; returns its number.
pub async fn bump(tx: &mut Tx<'_>, id: i64) -> DbResult<i64> {
    Ok(sqlx::query_scalar(
        "UPDATE measures SET version = version + 1, updated_at = $2 WHERE idea_id = $1
         RETURNING version",
    )
    .bind(id)
    .bind(now_ms())
    .fetch_one(&mut **tx)
    .await?)
}

/// Keeps the measure's state as it is now in the transaction as version `version`: its
/// fields and its indicators' definitions (`rules::Snapshot`).
pub async fn save_version(
    tx: &mut Tx<'_>,
    id: i64,
    version: i64,
    author: Option<i64>,
) -> DbResult<()> {
    use crate::measures::rules::{IndicatorSnapshot, Snapshot};
    let m = by_id(tx, id).await?.ok_or(super::DbError::NotFound)?;
    let indicators = indicators(tx, m.community_id, id).await?;
    let sources = source_ids(tx, id).await?;
    let snapshot = Snapshot {
        title: m.title,
        body: m.body,
        responsible: m.responsible,
        starts_on: m.starts_on,
        ends_on: m.ends_on,
        status: m.status,
        parent_id: m.parent_id,
        progress_set: m.progress_set,
        indicators: indicators
            .into_iter()
            .map(|i| IndicatorSnapshot {
                id: i.id,
                name: i.name,
                unit: i.unit,
                baseline: i.baseline,
                target: i.target,
                due_on: i.due_on,
            })
            .collect(),
        sources,
    };
    // Plain strings and numbers: serialising cannot fail.
    let json = serde_json::to_string(&snapshot).unwrap_or_default();
    add_version(tx, id, version, author, &json).await
}

/// Keeps the state a measure has after an edit (`fields`: JSON of `rules::Snapshot`).
pub async fn add_version(
    tx: &mut Tx<'_>,
    id: i64,
    version: i64,
    author: Option<i64>,
    fields: &str,
) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO measure_versions (measure_id, version, author_id, fields, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(version)
    .bind(author)
    .bind(fields)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn by_id(c: &mut Conn, id: i64) -> DbResult<Option<MeasureRow>> {
    Ok(sqlx::query_as(&format!("{MEASURE} AND m.idea_id = $1"))
        .bind(id)
        .fetch_optional(c)
        .await?)
}

/// Every measure of a community, hidden ones included (for progress over the tree), in the
/// order of their goals, then as they were created.
pub async fn of_community(c: &mut Conn, community_id: i64) -> DbResult<Vec<MeasureRow>> {
    Ok(sqlx::query_as(&format!(
        "{MEASURE} AND g.community_id = $1 ORDER BY g.position, g.id, i.id"
    ))
    .bind(community_id)
    .fetch_all(c)
    .await?)
}

/// One version of a measure, with who made it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct VersionRow {
    pub version: i64,
    pub author_name: Option<String>,
    pub fields: String,
    pub created_at: i64,
}

/// A measure's versions, oldest first.
pub async fn versions(c: &mut Conn, id: i64) -> DbResult<Vec<VersionRow>> {
    Ok(sqlx::query_as(
        "SELECT v.version, u.display_name AS author_name, v.fields, v.created_at
         FROM measure_versions v LEFT JOIN users u ON u.id = v.author_id
         WHERE v.measure_id = $1 ORDER BY v.version",
    )
    .bind(id)
    .fetch_all(c)
    .await?)
}

/// Replaces the ideas a measure came from.
pub async fn set_sources(tx: &mut Tx<'_>, id: i64, ideas: &[i64]) -> DbResult<()> {
    sqlx::query("DELETE FROM measure_ideas WHERE measure_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    let now = now_ms();
    for idea in ideas {
        sqlx::query(
            "INSERT INTO measure_ideas (measure_id, idea_id, created_at) VALUES ($1, $2, $3)
             ON CONFLICT (measure_id, idea_id) DO NOTHING",
        )
        .bind(id)
        .bind(idea)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// An idea a measure came from, with what residents said of it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SourceRow {
    pub id: i64,
    pub title: String,
    pub status: String,
    pub up_count: i64,
    pub down_count: i64,
    pub arguments_for: i64,
    pub arguments_against: i64,
}

/// The visible ideas a measure came from, most supported first.
pub async fn sources(c: &mut Conn, id: i64) -> DbResult<Vec<SourceRow>> {
    Ok(sqlx::query_as(
        "SELECT i.id, i.title, i.status, i.up_count, i.down_count,
                (SELECT COUNT(*) FROM arguments a WHERE a.idea_id = i.id AND a.side = 'for' AND a.hidden = 0) AS arguments_for,
                (SELECT COUNT(*) FROM arguments a WHERE a.idea_id = i.id AND a.side = 'against' AND a.hidden = 0) AS arguments_against
         FROM measure_ideas l JOIN ideas i ON i.id = l.idea_id
         WHERE l.measure_id = $1 AND i.hidden = 0
         ORDER BY i.up_count - i.down_count DESC, i.id",
    )
    .bind(id)
    .fetch_all(c)
    .await?)
}

/// The visible ideas every measure of a community came from, as `(measure, idea)`: one query
/// for a whole list of measures (the open-data API), each measure's most supported first.
pub async fn source_links(c: &mut Conn, community_id: i64) -> DbResult<Vec<(i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT l.measure_id, i.id
         FROM measure_ideas l CROSS JOIN ideas i CROSS JOIN ideas mi CROSS JOIN consultations g
         WHERE i.id = l.idea_id AND mi.id = l.measure_id AND g.id = mi.consultation_id
           AND g.community_id = $1 AND i.hidden = 0
         ORDER BY l.measure_id, i.up_count - i.down_count DESC, i.id",
    )
    .bind(community_id)
    .fetch_all(c)
    .await?)
}

/// The ids of all the ideas a measure came from, hidden ones too (the form keeps them).
pub async fn source_ids(c: &mut Conn, id: i64) -> DbResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT idea_id FROM measure_ideas WHERE measure_id = $1 ORDER BY idea_id",
    )
    .bind(id)
    .fetch_all(c)
    .await?)
}

/// The visible measures an idea led to.
pub async fn led_to(c: &mut Conn, idea_id: i64) -> DbResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT l.measure_id FROM measure_ideas l JOIN ideas i ON i.id = l.measure_id
         WHERE l.idea_id = $1 AND i.hidden = 0 ORDER BY l.measure_id",
    )
    .bind(idea_id)
    .fetch_all(c)
    .await?)
}

/// (id, community, kind) of each of the ideas that exist.
pub async fn kinds_of(c: &mut Conn, ids: &[i64]) -> DbResult<Vec<(i64, i64, String)>> {
    let mut out = Vec::new();
    for id in ids {
        let row: Option<(i64, i64, String)> = sqlx::query_as(
            "SELECT i.id, g.community_id, i.kind FROM ideas i
             JOIN consultations g ON g.id = i.consultation_id WHERE i.id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *c)
        .await?;
        out.extend(row);
    }
    Ok(out)
}

/// Residents' visible ideas of a consultation a measure could come from: the most supported.
pub async fn candidates(
    c: &mut Conn,
    consultation_id: i64,
    limit: i64,
) -> DbResult<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT id, title FROM ideas
         WHERE consultation_id = $1 AND kind = 'idea' AND hidden = 0
         ORDER BY up_count - down_count DESC, id LIMIT $2",
    )
    .bind(consultation_id)
    .bind(limit)
    .fetch_all(c)
    .await?)
}

/// (id, title) of residents' ideas by id in `community_id`, for the form's list of linked
/// ideas from other goals; hidden ones only for someone who may see them (`with_hidden`).
/// Ids of other communities' ideas find nothing.
pub async fn titles(
    c: &mut Conn,
    community_id: i64,
    ids: &[i64],
    with_hidden: bool,
) -> DbResult<Vec<(i64, String)>> {
    let mut out = Vec::new();
    for id in ids {
        let row: Option<(i64, String)> = sqlx::query_as(
            "SELECT i.id, i.title FROM ideas i JOIN consultations g ON g.id = i.consultation_id
             WHERE i.id = $1 AND g.community_id = $2 AND i.kind = 'idea' AND (i.hidden = 0 OR $3 = 1)",
        )
        .bind(id)
        .bind(community_id)
        .bind(with_hidden as i64)
        .fetch_optional(&mut *c)
        .await?;
        out.extend(row);
    }
    Ok(out)
}

/// Backdates a demo row (`table` is one of the fixed names below, never from a request).
pub async fn backdate(tx: &mut Tx<'_>, table: &'static str, id: i64, at: i64) -> DbResult<()> {
    let sql = match table {
        "measure_updates" => "UPDATE measure_updates SET created_at = $2 WHERE id = $1",
        "measure_versions" => "UPDATE measure_versions SET created_at = $2 WHERE measure_id = $1",
        _ => return Ok(()),
    };
    sqlx::query(sql)
        .bind(id)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
