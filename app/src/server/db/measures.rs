//! Measures, their links to ideas, indicators, readings, progress updates and versions.
//! A measure is an idea row of kind 'measure' (votes, arguments, comments and moderation as on
//! ideas) with a `measures` row beside it.

use super::{now_ms, Conn, DbResult, Tx};

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

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct IndicatorRow {
    pub id: i64,
    pub measure_id: i64,
    pub name: String,
    pub unit: String,
    pub baseline: f64,
    pub target: f64,
    pub due_on: Option<String>,
    /// The value of its latest reading (by date, then the last entered).
    pub latest: Option<f64>,
}

pub struct IndicatorFields<'a> {
    pub name: &'a str,
    pub unit: &'a str,
    pub baseline: f64,
    pub target: f64,
    pub due_on: Option<&'a str>,
}

pub async fn add_indicator(
    tx: &mut Tx<'_>,
    measure_id: i64,
    f: IndicatorFields<'_>,
) -> DbResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO indicators (measure_id, name, unit, baseline, target, due_on, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(measure_id)
    .bind(f.name)
    .bind(f.unit)
    .bind(f.baseline)
    .bind(f.target)
    .bind(f.due_on)
    .bind(now_ms())
    .fetch_one(&mut **tx)
    .await?)
}

pub async fn update_indicator(tx: &mut Tx<'_>, id: i64, f: IndicatorFields<'_>) -> DbResult<()> {
    sqlx::query(
        "UPDATE indicators SET name = $2, unit = $3, baseline = $4, target = $5, due_on = $6
         WHERE id = $1",
    )
    .bind(id)
    .bind(f.name)
    .bind(f.unit)
    .bind(f.baseline)
    .bind(f.target)
    .bind(f.due_on)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The measure an indicator belongs to.
pub async fn measure_of_indicator(c: &mut Conn, id: i64) -> DbResult<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT measure_id FROM indicators WHERE id = $1")
            .bind(id)
            .fetch_optional(c)
            .await?,
    )
}

/// (indicator, measure) of a reading.
pub async fn owner_of_reading(c: &mut Conn, id: i64) -> DbResult<Option<(i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT r.indicator_id, i.measure_id FROM indicator_readings r
         JOIN indicators i ON i.id = r.indicator_id WHERE r.id = $1",
    )
    .bind(id)
    .fetch_optional(c)
    .await?)
}

/// The indicators of a community's measures (`measure` 0) or of one measure, in the order
/// they were added.
pub async fn indicators(
    c: &mut Conn,
    community_id: i64,
    measure: i64,
) -> DbResult<Vec<IndicatorRow>> {
    Ok(sqlx::query_as(
        "SELECT n.id, n.measure_id, n.name, n.unit, n.baseline, n.target, n.due_on,
                (SELECT r.value FROM indicator_readings r WHERE r.indicator_id = n.id
                 ORDER BY r.taken_on DESC, r.id DESC LIMIT 1) AS latest
         FROM indicators n CROSS JOIN ideas i CROSS JOIN consultations g
         WHERE i.id = n.measure_id AND g.id = i.consultation_id
           AND g.community_id = $1 AND ($2 = 0 OR n.measure_id = $2)
         ORDER BY n.measure_id, n.id",
    )
    .bind(community_id)
    .bind(measure)
    .fetch_all(c)
    .await?)
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ReadingRow {
    pub id: i64,
    pub indicator_id: i64,
    pub taken_on: String,
    pub value: f64,
    pub note: String,
    pub source: String,
    pub version: i64,
}

/// Readings of a community's indicators (`measure` 0) or of one measure's, by date.
pub async fn readings(c: &mut Conn, community_id: i64, measure: i64) -> DbResult<Vec<ReadingRow>> {
    Ok(sqlx::query_as(
        "SELECT r.id, r.indicator_id, r.taken_on, r.value, r.note, r.source, r.version
         FROM indicators n CROSS JOIN indicator_readings r CROSS JOIN ideas i
         CROSS JOIN consultations g
         WHERE r.indicator_id = n.id AND i.id = n.measure_id AND g.id = i.consultation_id
           AND g.community_id = $1 AND ($2 = 0 OR n.measure_id = $2)
         ORDER BY r.indicator_id, r.taken_on, r.id",
    )
    .bind(community_id)
    .bind(measure)
    .fetch_all(c)
    .await?)
}

pub struct ReadingFields<'a> {
    pub taken_on: &'a str,
    pub value: f64,
    pub note: &'a str,
    pub source: &'a str,
}

/// A new reading and its first version.
pub async fn add_reading(
    tx: &mut Tx<'_>,
    indicator_id: i64,
    f: ReadingFields<'_>,
    author: Option<i64>,
) -> DbResult<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO indicator_readings (indicator_id, taken_on, value, note, source, version, created_at)
         VALUES ($1, $2, $3, $4, $5, 1, $6) RETURNING id",
    )
    .bind(indicator_id)
    .bind(f.taken_on)
    .bind(f.value)
    .bind(f.note)
    .bind(f.source)
    .bind(now_ms())
    .fetch_one(&mut **tx)
    .await?;
    reading_version(tx, id, 1, &f, author).await?;
    Ok(id)
}

/// A corrected reading: the row changes and the correction is kept as its next version.
pub async fn correct_reading(
    tx: &mut Tx<'_>,
    id: i64,
    f: ReadingFields<'_>,
    author: Option<i64>,
) -> DbResult<i64> {
    let version: i64 = sqlx::query_scalar(
        "UPDATE indicator_readings SET taken_on = $2, value = $3, note = $4, source = $5,
                version = version + 1
         WHERE id = $1 RETURNING version",
    )
    .bind(id)
    .bind(f.taken_on)
    .bind(f.value)
    .bind(f.note)
    .bind(f.source)
    .fetch_one(&mut **tx)
    .await?;
    reading_version(tx, id, version, &f, author).await?;
    Ok(version)
}

async fn reading_version(
    tx: &mut Tx<'_>,
    id: i64,
    version: i64,
    f: &ReadingFields<'_>,
    author: Option<i64>,
) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO reading_versions (reading_id, version, taken_on, value, note, source, author_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(version)
    .bind(f.taken_on)
    .bind(f.value)
    .bind(f.note)
    .bind(f.source)
    .bind(author)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A reading as one version left it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ReadingVersionRow {
    pub reading_id: i64,
    pub indicator_name: String,
    pub version: i64,
    pub taken_on: String,
    pub value: f64,
    pub note: String,
    pub source: String,
    pub author_name: Option<String>,
    pub created_at: i64,
}

/// Every version of the readings of a measure's indicators that were corrected at least once.
pub async fn corrections(c: &mut Conn, measure_id: i64) -> DbResult<Vec<ReadingVersionRow>> {
    Ok(sqlx::query_as(
        "SELECT v.reading_id, n.name AS indicator_name, v.version, v.taken_on, v.value, v.note,
                v.source, u.display_name AS author_name, v.created_at
         FROM reading_versions v JOIN indicator_readings r ON r.id = v.reading_id
         JOIN indicators n ON n.id = r.indicator_id
         LEFT JOIN users u ON u.id = v.author_id
         WHERE n.measure_id = $1 AND r.version > 1
         ORDER BY v.reading_id, v.version",
    )
    .bind(measure_id)
    .fetch_all(c)
    .await?)
}

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
