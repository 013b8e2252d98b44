//! What the open-data API reads: public content only (nothing hidden, no hidden idea's
//! arguments or comments), in id order, a page at a time after a cursor (the last id of the
//! page before). No author is selected: the API publishes what was said, not who said it.

use super::{Conn, DbResult};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CommunityRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub created_at: i64,
    pub consultations: i64,
}

const COMMUNITY: &str = "SELECT c.id, c.slug, c.name, c.description, c.created_at,
    CAST((SELECT COUNT(*) FROM consultations g WHERE g.community_id = c.id) AS BIGINT) AS consultations
    FROM communities c";

pub async fn communities(c: &mut Conn, after: i64, limit: i64) -> DbResult<Vec<CommunityRow>> {
    let sql = format!("{COMMUNITY} WHERE c.id > $1 ORDER BY c.id LIMIT $2");
    Ok(sqlx::query_as(&sql)
        .bind(after)
        .bind(limit)
        .fetch_all(c)
        .await?)
}

pub async fn community(c: &mut Conn, slug: &str) -> DbResult<Option<CommunityRow>> {
    let sql = format!("{COMMUNITY} WHERE c.slug = $1");
    Ok(sqlx::query_as(&sql).bind(slug).fetch_optional(c).await?)
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ConsultationRow {
    pub id: i64,
    pub community_id: i64,
    pub community_slug: String,
    pub name: String,
    pub description: String,
    pub opens_at: i64,
    pub proposals_until: Option<i64>,
    pub voting_until: Option<i64>,
    pub archived: i64,
    pub ideas: i64,
    pub created_at: i64,
    pub format: String,
}

const CONSULTATION: &str = "SELECT g.id, g.community_id, c.slug AS community_slug, g.name, g.description,
    g.opens_at, g.proposals_until, g.voting_until, g.archived,
    CAST((SELECT COUNT(*) FROM ideas i WHERE i.consultation_id = g.id AND i.hidden = 0) AS BIGINT) AS ideas,
    g.created_at, g.format
    FROM consultations g JOIN communities c ON c.id = g.community_id";

pub async fn consultations_of(c: &mut Conn, community_id: i64) -> DbResult<Vec<ConsultationRow>> {
    let sql = format!("{CONSULTATION} WHERE g.community_id = $1 ORDER BY g.position, g.id");
    Ok(sqlx::query_as(&sql).bind(community_id).fetch_all(c).await?)
}

pub async fn consultation(c: &mut Conn, id: i64) -> DbResult<Option<ConsultationRow>> {
    let sql = format!("{CONSULTATION} WHERE g.id = $1");
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(c).await?)
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct IdeaRow {
    pub id: i64,
    pub consultation_id: i64,
    pub title: String,
    pub body: String,
    pub category_id: Option<i64>,
    pub status: String,
    pub votes_for: i64,
    pub votes_against: i64,
    pub arguments_for: i64,
    pub arguments_against: i64,
    pub comments: i64,
    pub created_at: i64,
    /// The last edit of the text, or the creation.
    pub edited_at: i64,
}

const IDEA: &str = "SELECT i.id, i.consultation_id, i.title, i.body, i.category_id, i.status,
    i.up_count AS votes_for, i.down_count AS votes_against,
    CAST((SELECT COUNT(*) FROM arguments a WHERE a.idea_id = i.id AND a.side = 'for' AND a.hidden = 0) AS BIGINT) AS arguments_for,
    CAST((SELECT COUNT(*) FROM arguments a WHERE a.idea_id = i.id AND a.side = 'against' AND a.hidden = 0) AS BIGINT) AS arguments_against,
    CAST((SELECT COUNT(*) FROM comments m WHERE m.idea_id = i.id AND m.hidden = 0) AS BIGINT) AS comments,
    i.created_at, COALESCE(i.edited_at, i.created_at) AS edited_at
    FROM ideas i";

pub async fn ideas(
    c: &mut Conn,
    consultation_id: i64,
    after: i64,
    limit: i64,
) -> DbResult<Vec<IdeaRow>> {
    let sql = format!(
        "{IDEA} WHERE i.consultation_id = $1 AND i.hidden = 0 AND i.id > $2 ORDER BY i.id LIMIT $3"
    );
    Ok(sqlx::query_as(&sql)
        .bind(consultation_id)
        .bind(after)
        .bind(limit)
        .fetch_all(c)
        .await?)
}

pub async fn idea(c: &mut Conn, id: i64) -> DbResult<Option<IdeaRow>> {
    let sql = format!("{IDEA} WHERE i.id = $1 AND i.hidden = 0");
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(c).await?)
}

/// The official answers of some ideas, oldest first: `(idea, status, message, at)`.
pub async fn status_history(
    c: &mut Conn,
    ideas: &[i64],
) -> DbResult<Vec<(i64, String, String, i64)>> {
    if ideas.is_empty() {
        return Ok(Vec::new());
    }
    // Ids we read from the database, written inline: a page has at most 100.
    let list = ideas
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let sql = format!(
        "SELECT idea_id, status, message, created_at FROM idea_status_changes
         WHERE idea_id IN ({list}) ORDER BY idea_id, created_at, id"
    );
    Ok(sqlx::query_as(&sql).fetch_all(c).await?)
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ArgumentRow {
    pub id: i64,
    pub idea_id: i64,
    pub side: String,
    pub body: String,
    pub helpful: i64,
    pub not_helpful: i64,
    pub created_at: i64,
}

pub async fn arguments(
    c: &mut Conn,
    idea_id: i64,
    after: i64,
    limit: i64,
) -> DbResult<Vec<ArgumentRow>> {
    Ok(sqlx::query_as(
        "SELECT id, idea_id, side, body, helpful_count AS helpful, unhelpful_count AS not_helpful,
                created_at
         FROM arguments WHERE idea_id = $1 AND hidden = 0 AND id > $2 ORDER BY id LIMIT $3",
    )
    .bind(idea_id)
    .bind(after)
    .bind(limit)
    .fetch_all(c)
    .await?)
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CommentRow {
    pub id: i64,
    pub idea_id: i64,
    pub parent_id: Option<i64>,
    pub body: String,
    pub created_at: i64,
}

pub async fn comments(
    c: &mut Conn,
    idea_id: i64,
    after: i64,
    limit: i64,
) -> DbResult<Vec<CommentRow>> {
    Ok(sqlx::query_as(
        "SELECT id, idea_id, parent_id, body, created_at FROM comments
         WHERE idea_id = $1 AND hidden = 0 AND id > $2 ORDER BY id LIMIT $3",
    )
    .bind(idea_id)
    .bind(after)
    .bind(limit)
    .fetch_all(c)
    .await?)
}
