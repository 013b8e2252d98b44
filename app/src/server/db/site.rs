//! The site's own look: one row at most (`site_look`), none until an administrator sets it.

use super::{now_ms, Conn, DbResult, Tx};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct LookRow {
    pub name: String,
    /// `Localized` JSON.
    pub tagline: String,
    pub colour: String,
    pub logo_image_id: Option<i64>,
    pub logo_width: Option<i64>,
    pub logo_height: Option<i64>,
    pub updated_at: i64,
}

pub async fn look(c: &mut Conn) -> DbResult<Option<LookRow>> {
    Ok(sqlx::query_as(
        "SELECT s.name, s.tagline, s.colour, s.logo_image_id, i.width AS logo_width,
                i.height AS logo_height, s.updated_at
         FROM site_look s LEFT JOIN images i ON i.id = s.logo_image_id
         WHERE s.id = 1",
    )
    .fetch_optional(c)
    .await?)
}

/// Sets the name, tagline and colour, keeping the logo.
pub async fn save(tx: &mut Tx<'_>, name: &str, tagline: &str, colour: &str) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO site_look (id, name, tagline, colour, updated_at) VALUES (1, $1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET name = $1, tagline = $2, colour = $3, updated_at = $4",
    )
    .bind(name)
    .bind(tagline)
    .bind(colour)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Sets (or with `None` removes) the logo and deletes the image it replaces. The look must
/// exist (the logo form is shown only once it does).
pub async fn set_logo(tx: &mut Tx<'_>, image_id: Option<i64>) -> DbResult<bool> {
    let old: Option<Option<i64>> =
        sqlx::query_scalar("SELECT logo_image_id FROM site_look WHERE id = 1")
            .fetch_optional(&mut **tx)
            .await?;
    let Some(old) = old else {
        return Ok(false);
    };
    sqlx::query("UPDATE site_look SET logo_image_id = $1, updated_at = $2 WHERE id = 1")
        .bind(image_id)
        .bind(now_ms())
        .execute(&mut **tx)
        .await?;
    if let Some(old) = old {
        sqlx::query("DELETE FROM images WHERE id = $1")
            .bind(old)
            .execute(&mut **tx)
            .await?;
    }
    Ok(true)
}
