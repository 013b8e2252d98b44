use super::{now_ms, Conn, DbResult, Tx};
use crate::consultations::rules::Schedule;
use crate::i18n::Localized;

/// Names and descriptions are `Localized` JSON text (see `i18n::Localized`).
#[derive(sqlx::FromRow)]
pub struct CommunityRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub consultation_count: i64,
    pub idea_count: i64,
}

#[derive(sqlx::FromRow)]
pub struct ConsultationRow {
    pub id: i64,
    pub community_id: i64,
    pub community_slug: String,
    pub community_name: String,
    pub name: String,
    pub description: String,
    pub idea_count: i64,
    /// New ideas wait for a moderator's approval (0/1).
    pub premoderation: i64,
    pub opens_at: i64,
    pub proposals_until: Option<i64>,
    pub voting_until: Option<i64>,
    pub archived: i64,
    /// The community's categories are not here; its position in the community's list is.
    pub position: i64,
    /// The cover image, if one was uploaded, and its size in pixels.
    pub cover_image_id: Option<i64>,
    pub cover_width: Option<i64>,
    pub cover_height: Option<i64>,
    /// 'accounts' (signed-in people only) or 'guests' (also guest accounts).
    pub participation: String,
    /// 'ideas' or 'statements' (short, voted agree / disagree / pass, one at a time).
    pub format: String,
}

impl ConsultationRow {
    pub fn schedule(&self) -> Schedule {
        Schedule {
            opens_at: self.opens_at,
            proposals_until: self.proposals_until,
            voting_until: self.voting_until,
            archived: self.archived == 1,
            guests: self.participation == "guests",
        }
    }
}

const COMMUNITY_COLUMNS: &str = "c.id, c.slug, c.name, c.description,
    CAST((SELECT COUNT(*) FROM consultations g WHERE g.community_id = c.id) AS BIGINT) AS consultation_count,
    CAST(COALESCE((SELECT SUM(g.idea_count) FROM consultations g WHERE g.community_id = c.id), 0) AS BIGINT) AS idea_count";

const CONSULTATION_COLUMNS: &str = "g.id, g.community_id, c.slug AS community_slug,
    c.name AS community_name, g.name, g.description, g.idea_count, g.premoderation,
    g.opens_at, g.proposals_until, g.voting_until, g.archived, g.position, g.cover_image_id,
    (SELECT i.width FROM images i WHERE i.id = g.cover_image_id) AS cover_width,
    (SELECT i.height FROM images i WHERE i.id = g.cover_image_id) AS cover_height,
    g.participation, g.format";

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

/// (id, name) of a community's categories, the name as stored (`Localized` JSON).
pub async fn categories(c: &mut Conn, community_id: i64) -> DbResult<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT id, name FROM categories WHERE community_id = $1 ORDER BY position, id",
    )
    .bind(community_id)
    .fetch_all(c)
    .await?)
}

pub async fn create_community(
    tx: &mut Tx<'_>,
    slug: &str,
    name: &Localized,
    description: &Localized,
) -> DbResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO communities (slug, name, description, created_at)
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(slug)
    .bind(name.to_json())
    .bind(description.to_json())
    .bind(now_ms())
    .fetch_one(&mut **tx)
    .await?)
}

pub async fn create_consultation(
    tx: &mut Tx<'_>,
    community_id: i64,
    position: i64,
    name: &Localized,
    description: &Localized,
) -> DbResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO consultations (community_id, position, name, description, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(community_id)
    .bind(position)
    .bind(name.to_json())
    .bind(description.to_json())
    .bind(now_ms())
    .fetch_one(&mut **tx)
    .await?)
}

pub async fn create_category(
    tx: &mut Tx<'_>,
    community_id: i64,
    name: &Localized,
) -> DbResult<i64> {
    // A new category goes to the end of the list.
    Ok(sqlx::query_scalar(
        "INSERT INTO categories (community_id, name, position)
             VALUES ($1, $2, (SELECT COALESCE(MAX(position), 0) + 1 FROM categories
                              WHERE community_id = $1))
             RETURNING id",
    )
    .bind(community_id)
    .bind(name.to_json())
    .fetch_one(&mut **tx)
    .await?)
}

type ScheduleRow = (i64, Option<i64>, Option<i64>, i64, String);

fn to_schedule(
    (opens_at, proposals_until, voting_until, archived, participation): ScheduleRow,
) -> Schedule {
    Schedule {
        opens_at,
        proposals_until,
        voting_until,
        archived: archived == 1,
        guests: participation == "guests",
    }
}

/// The dates of the consultation an idea is in; `None` when there is no such idea.
pub async fn schedule_of_idea(c: &mut Conn, idea_id: i64) -> DbResult<Option<Schedule>> {
    let row: Option<ScheduleRow> = sqlx::query_as(
        "SELECT g.opens_at, g.proposals_until, g.voting_until, g.archived, g.participation FROM ideas i
         JOIN consultations g ON g.id = i.consultation_id WHERE i.id = $1",
    )
    .bind(idea_id)
    .fetch_optional(c)
    .await?;
    Ok(row.map(to_schedule))
}

/// The dates of the consultation an argument is in; `None` when there is no such argument.
pub async fn schedule_of_argument(c: &mut Conn, argument_id: i64) -> DbResult<Option<Schedule>> {
    let row: Option<ScheduleRow> = sqlx::query_as(
        "SELECT g.opens_at, g.proposals_until, g.voting_until, g.archived, g.participation FROM arguments a
         JOIN ideas i ON i.id = a.idea_id
         JOIN consultations g ON g.id = i.consultation_id WHERE a.id = $1",
    )
    .bind(argument_id)
    .fetch_optional(c)
    .await?;
    Ok(row.map(to_schedule))
}

/// Sets a consultation's phase dates, archive and participation mode.
pub async fn set_schedule(tx: &mut Tx<'_>, id: i64, s: Schedule) -> DbResult<()> {
    sqlx::query(
        "UPDATE consultations SET opens_at = $2, proposals_until = $3, voting_until = $4,
                archived = $5, participation = $6 WHERE id = $1",
    )
    .bind(id)
    .bind(s.opens_at)
    .bind(s.proposals_until)
    .bind(s.voting_until)
    .bind(s.archived as i64)
    .bind(if s.guests { "guests" } else { "accounts" })
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Makes a consultation one of statements (`true`) or of ideas.
pub async fn set_format(tx: &mut Tx<'_>, id: i64, statements: bool) -> DbResult<()> {
    sqlx::query("UPDATE consultations SET format = $2 WHERE id = $1")
        .bind(id)
        .bind(if statements { "statements" } else { "ideas" })
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn update_community(
    tx: &mut Tx<'_>,
    id: i64,
    name: &Localized,
    description: &Localized,
) -> DbResult<()> {
    sqlx::query("UPDATE communities SET name = $2, description = $3 WHERE id = $1")
        .bind(id)
        .bind(name.to_json())
        .bind(description.to_json())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn update_consultation(
    tx: &mut Tx<'_>,
    id: i64,
    position: i64,
    name: &Localized,
    description: &Localized,
) -> DbResult<()> {
    sqlx::query(
        "UPDATE consultations SET position = $2, name = $3, description = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(position)
    .bind(name.to_json())
    .bind(description.to_json())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn update_category(
    tx: &mut Tx<'_>,
    id: i64,
    name: &Localized,
    position: i64,
) -> DbResult<()> {
    sqlx::query("UPDATE categories SET name = $2, position = $3 WHERE id = $1")
        .bind(id)
        .bind(name.to_json())
        .bind(position)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Removes a category; its ideas stay, without a category (the foreign key's ON DELETE).
pub async fn delete_category(tx: &mut Tx<'_>, id: i64) -> DbResult<()> {
    sqlx::query("DELETE FROM categories WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// (id, name, place in the list) of a community's categories, for its settings page.
pub async fn categories_in_order(
    c: &mut Conn,
    community_id: i64,
) -> DbResult<Vec<(i64, String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT id, name, position FROM categories WHERE community_id = $1 ORDER BY position, id",
    )
    .bind(community_id)
    .fetch_all(c)
    .await?)
}

/// The community a category belongs to; `None` when there is no such category.
pub async fn community_of_category(c: &mut Conn, id: i64) -> DbResult<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT community_id FROM categories WHERE id = $1")
            .bind(id)
            .fetch_optional(c)
            .await?,
    )
}

/// Stores a re-encoded cover image; returns its id.
pub async fn insert_image(
    tx: &mut Tx<'_>,
    jpeg: &[u8],
    width: i64,
    height: i64,
    by: Option<i64>,
) -> DbResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO images (bytes, width, height, created_at, created_by)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(jpeg)
    .bind(width)
    .bind(height)
    .bind(now_ms())
    .bind(by)
    .fetch_one(&mut **tx)
    .await?)
}

/// Sets (or with `None` removes) a consultation's cover and deletes the one it replaces.
pub async fn set_cover(tx: &mut Tx<'_>, id: i64, image_id: Option<i64>) -> DbResult<()> {
    let old: Option<Option<i64>> =
        sqlx::query_scalar("SELECT cover_image_id FROM consultations WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
    sqlx::query("UPDATE consultations SET cover_image_id = $2 WHERE id = $1")
        .bind(id)
        .bind(image_id)
        .execute(&mut **tx)
        .await?;
    if let Some(Some(old)) = old {
        sqlx::query("DELETE FROM images WHERE id = $1")
            .bind(old)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// A stored image's JPEG bytes.
pub async fn image(c: &mut Conn, id: i64) -> DbResult<Option<Vec<u8>>> {
    Ok(sqlx::query_scalar("SELECT bytes FROM images WHERE id = $1")
        .bind(id)
        .fetch_optional(c)
        .await?)
}
