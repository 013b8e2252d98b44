//! A community's areas and its map's projection; ideas per area.

use super::{Conn, DbResult, Tx};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AreaRow {
    pub id: i64,
    pub name: String,
    pub path: Option<String>,
    pub label_x: Option<f64>,
    pub label_y: Option<f64>,
}

/// A community's areas in their order.
pub async fn of_community(c: &mut Conn, community_id: i64) -> DbResult<Vec<AreaRow>> {
    Ok(sqlx::query_as(
        "SELECT id, name, path, label_x, label_y FROM areas
         WHERE community_id = $1 ORDER BY position, id",
    )
    .bind(community_id)
    .fetch_all(c)
    .await?)
}

/// The community's map projection (JSON), when its areas have shapes.
pub async fn projection(c: &mut Conn, community_id: i64) -> DbResult<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT projection FROM area_maps WHERE community_id = $1")
            .bind(community_id)
            .fetch_optional(c)
            .await?,
    )
}

/// The shapes (JSON) of a community's areas that have one, with their ids.
pub async fn shapes(c: &mut Conn, community_id: i64) -> DbResult<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT id, shape FROM areas WHERE community_id = $1 AND shape IS NOT NULL
         ORDER BY position, id",
    )
    .bind(community_id)
    .fetch_all(c)
    .await?)
}

/// An area's community and its shape (JSON), if it has one.
pub async fn shape(c: &mut Conn, id: i64) -> DbResult<Option<(i64, Option<String>)>> {
    Ok(
        sqlx::query_as("SELECT community_id, shape FROM areas WHERE id = $1")
            .bind(id)
            .fetch_optional(c)
            .await?,
    )
}

/// An area to store: its name and, when drawn, its shape (JSON), SVG path and label point.
pub struct NewArea {
    pub name: String,
    pub drawn: Option<Drawn>,
}

pub struct Drawn {
    pub shape: String,
    pub path: String,
    pub label: Option<[f64; 2]>,
}

/// Makes `areas` the community's areas, in their order. An area whose name stays keeps its id
/// (ideas keep naming it); one not named any more is removed and its ideas name no area. With
/// `projection` (an upload of shapes) every shape is replaced; without it (a list of names)
/// the areas that stay keep their shapes.
pub async fn replace(
    tx: &mut Tx<'_>,
    community_id: i64,
    areas: &[NewArea],
    projection: Option<&str>,
) -> DbResult<()> {
    let existing: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, name FROM areas WHERE community_id = $1")
            .bind(community_id)
            .fetch_all(&mut **tx)
            .await?;
    for (id, name) in &existing {
        if !areas.iter().any(|a| &a.name == name) {
            sqlx::query(
                "UPDATE ideas SET area_id = NULL, lon = NULL, lat = NULL WHERE area_id = $1",
            )
            .bind(id)
            .execute(&mut **tx)
            .await?;
            sqlx::query("DELETE FROM areas WHERE id = $1")
                .bind(id)
                .execute(&mut **tx)
                .await?;
        }
    }
    for (position, area) in areas.iter().enumerate() {
        let kept = existing
            .iter()
            .find(|(_, n)| n == &area.name)
            .map(|(id, _)| *id);
        let id: i64 = match kept {
            Some(id) => {
                sqlx::query("UPDATE areas SET position = $2 WHERE id = $1")
                    .bind(id)
                    .bind(position as i64)
                    .execute(&mut **tx)
                    .await?;
                id
            }
            None => {
                sqlx::query_scalar(
                    "INSERT INTO areas (community_id, position, name) VALUES ($1, $2, $3)
                     RETURNING id",
                )
                .bind(community_id)
                .bind(position as i64)
                .bind(&area.name)
                .fetch_one(&mut **tx)
                .await?
            }
        };
        if projection.is_some() {
            let drawn = area.drawn.as_ref();
            sqlx::query(
                "UPDATE areas SET shape = $2, path = $3, label_x = $4, label_y = $5 WHERE id = $1",
            )
            .bind(id)
            .bind(drawn.map(|d| d.shape.as_str()))
            .bind(drawn.map(|d| d.path.as_str()))
            .bind(drawn.and_then(|d| d.label).map(|l| l[0]))
            .bind(drawn.and_then(|d| d.label).map(|l| l[1]))
            .execute(&mut **tx)
            .await?;
        }
    }
    if let Some(projection) = projection {
        sqlx::query("DELETE FROM area_maps WHERE community_id = $1")
            .bind(community_id)
            .execute(&mut **tx)
            .await?;
        sqlx::query("INSERT INTO area_maps (community_id, projection) VALUES ($1, $2)")
            .bind(community_id)
            .bind(projection)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Per area of a consultation: visible residents' ideas and the votes on them; the ideas
/// that name no area under area 0.
pub async fn counts(c: &mut Conn, consultation_id: i64) -> DbResult<Vec<(i64, i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT COALESCE(area_id, 0), COUNT(*), CAST(COALESCE(SUM(up_count + down_count), 0) AS BIGINT)
         FROM ideas WHERE consultation_id = $1 AND hidden = 0 AND kind = 'idea'
         GROUP BY COALESCE(area_id, 0)",
    )
    .bind(consultation_id)
    .fetch_all(c)
    .await?)
}

/// How many visible residents' ideas of a consultation name `area_id` (a filtered list's
/// pages).
pub async fn idea_count(c: &mut Conn, consultation_id: i64, area_id: i64) -> DbResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM ideas
         WHERE consultation_id = $1 AND area_id = $2 AND hidden = 0 AND kind = 'idea'",
    )
    .bind(consultation_id)
    .bind(area_id)
    .fetch_one(c)
    .await?)
}
