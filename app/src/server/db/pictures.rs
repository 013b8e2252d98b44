//! Pictures of ideas and measures: each is two rows of `images` (the picture and its card
//! thumbnail) and one of `idea_pictures` (whose they are, their place and alt text).

use super::{now_ms, Conn, DbResult, Tx};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PictureRow {
    pub id: i64,
    pub idea_id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub alt: String,
    pub width: i64,
    pub height: i64,
    pub hidden: i64,
    pub hidden_reason: Option<String>,
    pub hidden_note: Option<String>,
}

/// An idea's pictures in their order, hidden ones included (the page decides who sees them).
pub async fn of_idea(c: &mut Conn, idea_id: i64) -> DbResult<Vec<PictureRow>> {
    Ok(sqlx::query_as(
        "SELECT p.id, p.idea_id, p.author_id, u.display_name AS author_name, p.alt, i.width,
                i.height, p.hidden, p.hidden_reason, p.hidden_note
         FROM idea_pictures p JOIN images i ON i.id = p.image_id JOIN users u ON u.id = p.author_id
         WHERE p.idea_id = $1 ORDER BY p.position, p.id",
    )
    .bind(idea_id)
    .fetch_all(c)
    .await?)
}

/// How many pictures an idea has (hidden ones count: they may come back).
pub async fn count(c: &mut Conn, idea_id: i64) -> DbResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM idea_pictures WHERE idea_id = $1")
            .bind(idea_id)
            .fetch_one(c)
            .await?,
    )
}

/// Adds a picture after the idea's others; `image_id` and `thumb_id` are stored images.
pub async fn add(
    tx: &mut Tx<'_>,
    idea_id: i64,
    author_id: i64,
    image_id: i64,
    thumb_id: i64,
    alt: &str,
) -> DbResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO idea_pictures (idea_id, author_id, image_id, thumb_id, position, alt, created_at)
         SELECT $1, $2, $3, $4, COALESCE(MAX(position), 0) + 1, $5, $6
         FROM idea_pictures WHERE idea_id = $1
         RETURNING id",
    )
    .bind(idea_id)
    .bind(author_id)
    .bind(image_id)
    .bind(thumb_id)
    .bind(alt)
    .bind(now_ms())
    .fetch_one(&mut **tx)
    .await?)
}

/// The idea a picture belongs to and who added it.
pub async fn owner(c: &mut Conn, id: i64) -> DbResult<Option<(i64, i64)>> {
    Ok(
        sqlx::query_as("SELECT idea_id, author_id FROM idea_pictures WHERE id = $1")
            .bind(id)
            .fetch_optional(c)
            .await?,
    )
}

/// Deletes a picture and its two images.
pub async fn remove(tx: &mut Tx<'_>, id: i64) -> DbResult<bool> {
    let images: Option<(i64, i64)> =
        sqlx::query_as("DELETE FROM idea_pictures WHERE id = $1 RETURNING image_id, thumb_id")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
    let Some((image, thumb)) = images else {
        return Ok(false);
    };
    sqlx::query("DELETE FROM images WHERE id IN ($1, $2)")
        .bind(image)
        .bind(thumb)
        .execute(&mut **tx)
        .await?;
    Ok(true)
}

/// What serving a picture needs: its JPEG (the thumbnail when `thumb`), and whether the
/// public may see it (neither it nor its idea hidden), with the community and author for the
/// check when not.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PictureFile {
    pub bytes: Vec<u8>,
    pub public: i64,
    pub community_id: i64,
    pub author_id: i64,
}

pub async fn file(c: &mut Conn, id: i64, thumb: bool) -> DbResult<Option<PictureFile>> {
    let column = if thumb { "thumb_id" } else { "image_id" };
    Ok(sqlx::query_as(&format!(
        "SELECT m.bytes, CASE WHEN p.hidden = 0 AND d.hidden = 0 THEN 1 ELSE 0 END AS public,
                g.community_id, p.author_id
         FROM idea_pictures p JOIN images m ON m.id = p.{column}
         JOIN ideas d ON d.id = p.idea_id JOIN consultations g ON g.id = d.consultation_id
         WHERE p.id = $1"
    ))
    .bind(id)
    .fetch_optional(c)
    .await?)
}

/// The visible pictures of `idea_ids` in their order (for exports and the API): idea id,
/// picture id, alt text.
pub async fn visible_of(c: &mut Conn, idea_ids: &[i64]) -> DbResult<Vec<(i64, i64, String)>> {
    if idea_ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = idea_ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    Ok(sqlx::query_as(&format!(
        "SELECT idea_id, id, alt FROM idea_pictures
         WHERE hidden = 0 AND idea_id IN ({list}) ORDER BY idea_id, position, id"
    ))
    .fetch_all(c)
    .await?)
}
