//! A measure's indicators and their readings, with every correction of a reading kept.

use crate::server::db::{now_ms, Conn, DbResult, Tx};

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
