use super::{now_ms, Conn, DbResult, Tx};

#[derive(sqlx::FromRow)]
pub struct CommunityRow {
    pub id: i64,
    pub slug: String,
    pub name_sl: String,
    pub name_en: String,
    pub description_sl: String,
    pub description_en: String,
    pub consultation_count: i64,
    pub idea_count: i64,
}

#[derive(sqlx::FromRow)]
pub struct ConsultationRow {
    pub id: i64,
    pub community_id: i64,
    pub community_slug: String,
    pub community_name_sl: String,
    pub community_name_en: String,
    pub name_sl: String,
    pub name_en: String,
    pub description_sl: String,
    pub description_en: String,
    pub idea_count: i64,
}

const COMMUNITY_COLUMNS: &str = "c.id, c.slug, c.name_sl, c.name_en, c.description_sl, c.description_en,
    CAST((SELECT COUNT(*) FROM consultations g WHERE g.community_id = c.id) AS BIGINT) AS consultation_count,
    CAST(COALESCE((SELECT SUM(g.idea_count) FROM consultations g WHERE g.community_id = c.id), 0) AS BIGINT) AS idea_count";

const CONSULTATION_COLUMNS: &str = "g.id, g.community_id, c.slug AS community_slug,
    c.name_sl AS community_name_sl, c.name_en AS community_name_en,
    g.name_sl, g.name_en, g.description_sl, g.description_en, g.idea_count";

pub async fn communities(c: &mut Conn) -> DbResult<Vec<CommunityRow>> {
    let sql = format!("SELECT {COMMUNITY_COLUMNS} FROM communities c ORDER BY c.id");
    Ok(sqlx::query_as(&sql).fetch_all(c).await?)
}

pub async fn community_by_slug(c: &mut Conn, slug: &str) -> DbResult<Option<CommunityRow>> {
    let sql = format!("SELECT {COMMUNITY_COLUMNS} FROM communities c WHERE c.slug = $1");
    Ok(sqlx::query_as(&sql).bind(slug).fetch_optional(c).await?)
}

pub async fn of_community(c: &mut Conn, community_id: i64) -> DbResult<Vec<ConsultationRow>> {
    let sql = format!(
        "SELECT {CONSULTATION_COLUMNS} FROM consultations g JOIN communities c ON c.id = g.community_id
             WHERE g.community_id = $1 ORDER BY g.position, g.id"
    );
    Ok(sqlx::query_as(&sql).bind(community_id).fetch_all(c).await?)
}

pub async fn by_id(c: &mut Conn, id: i64) -> DbResult<Option<ConsultationRow>> {
    let sql = format!(
        "SELECT {CONSULTATION_COLUMNS} FROM consultations g JOIN communities c ON c.id = g.community_id
             WHERE g.id = $1"
    );
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(c).await?)
}

/// (id, Slovenian name, English name) of a community's categories.
pub async fn categories(c: &mut Conn, community_id: i64) -> DbResult<Vec<(i64, String, String)>> {
    Ok(sqlx::query_as(
        "SELECT id, name_sl, name_en FROM categories WHERE community_id = $1 ORDER BY name_en",
    )
    .bind(community_id)
    .fetch_all(c)
    .await?)
}

pub async fn create_community(
    tx: &mut Tx,
    slug: &str,
    names: (&str, &str),
    descriptions: (&str, &str),
) -> DbResult<i64> {
    Ok(sqlx::query_scalar(
            "INSERT INTO communities (slug, name_sl, name_en, description_sl, description_en, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(slug)
        .bind(names.0)
        .bind(names.1)
        .bind(descriptions.0)
        .bind(descriptions.1)
        .bind(now_ms())
        .fetch_one(&mut **tx)
        .await?)
}

pub async fn create_consultation(
    tx: &mut Tx,
    community_id: i64,
    position: i64,
    names: (&str, &str),
    descriptions: (&str, &str),
) -> DbResult<i64> {
    Ok(sqlx::query_scalar(
            "INSERT INTO consultations (community_id, position, name_sl, name_en, description_sl, description_en, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(community_id)
        .bind(position)
        .bind(names.0)
        .bind(names.1)
        .bind(descriptions.0)
        .bind(descriptions.1)
        .bind(now_ms())
        .fetch_one(&mut **tx)
        .await?)
}

pub async fn create_category(tx: &mut Tx, community_id: i64, names: (&str, &str)) -> DbResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO categories (community_id, name_sl, name_en) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(community_id)
    .bind(names.0)
    .bind(names.1)
    .fetch_one(&mut **tx)
    .await?)
}
