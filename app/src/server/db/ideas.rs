use super::{now_ms, Conn, DbError, DbResult, Tx};
use crate::ideas::rules::{random_multiplier, Sort, Status, IDEAS_PER_PAGE};
use crate::moderation::rules::Kind;

pub struct NewIdea<'a> {
    pub consultation_id: i64,
    pub author_id: i64,
    pub category_id: Option<i64>,
    pub title: &'a str,
    pub body: &'a str,
    pub excerpt: &'a str,
    /// Waits for a moderator's approval (pre-moderation): hidden and not counted until then.
    pub awaiting_approval: bool,
}

/// One idea as listed on a consultation page, with the viewer's own vote (0 when none).
#[derive(sqlx::FromRow)]
pub struct IdeaCardRow {
    pub id: i64,
    pub title: String,
    pub excerpt: String,
    pub status: String,
    /// The category's `Localized` name, if the idea has one.
    pub category: Option<String>,
    pub author_name: String,
    pub up_count: i64,
    pub down_count: i64,
    pub argument_count: i64,
    pub comment_count: i64,
    pub created_at: i64,
    pub my_vote: i64,
    /// 'idea' (a resident's) or 'measure' (the city's).
    #[sqlx(default)]
    pub kind: String,
    /// The first visible picture and its alt text.
    #[sqlx(default)]
    pub picture_id: Option<i64>,
    #[sqlx(default)]
    pub picture_alt: Option<String>,
    #[sqlx(default)]
    pub area_name: Option<String>,
}

#[derive(sqlx::FromRow)]
pub struct IdeaRow {
    pub id: i64,
    pub consultation_id: i64,
    pub community_id: i64,
    pub author_id: i64,
    pub category_id: Option<i64>,
    pub title: String,
    pub body: String,
    pub excerpt: String,
    pub status: String,
    pub status_note: Option<String>,
    /// The category's `Localized` name, if the idea has one.
    pub category: Option<String>,
    pub author_name: String,
    pub up_count: i64,
    pub down_count: i64,
    pub argument_count: i64,
    pub comment_count: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub my_vote: i64,
    pub hidden: i64,
    pub hidden_reason: Option<String>,
    pub hidden_note: Option<String>,
    /// When the text was last changed after people had voted on or argued about it.
    pub edited_at: Option<i64>,
    /// 'idea' (a resident's) or 'measure' (the city's).
    pub kind: String,
    /// Its place: an area of the community and, optionally, a point.
    pub area_id: Option<i64>,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
}

const CARD_COLUMNS: &str = "i.id, i.title, i.excerpt, i.status, k.name AS category,
    u.display_name AS author_name, i.up_count, i.down_count,
    i.argument_count, i.comment_count, i.created_at, COALESCE(v.value, 0) AS my_vote, i.kind,
    pp.id AS picture_id, pp.alt AS picture_alt, ar.name AS area_name";

/// The joins `CARD_COLUMNS` reads beside the idea `i`: its first visible picture and its area.
const CARD_JOINS: &str = "LEFT JOIN idea_pictures pp ON pp.id =
        (SELECT x.id FROM idea_pictures x WHERE x.idea_id = i.id AND x.hidden = 0
         ORDER BY x.position, x.id LIMIT 1)
    LEFT JOIN areas ar ON ar.id = i.area_id";

/// ORDER BY clauses are fixed strings chosen by `Sort`, never text from a request: one for
/// choosing the page on `ideas` alone, and the same order for its joined rows `i`.
fn order_by(sort: Sort) -> (&'static str, &'static str) {
    match sort {
        // A permutation of the ids keyed by the seed (see `random_multiplier`), computed in
        // SQL so that paging works with LIMIT/OFFSET.
        Sort::Random => (
            "(id * $5) % 2147483647, id",
            "(i.id * $5) % 2147483647, i.id",
        ),
        Sort::Top => (
            "(up_count - down_count) DESC, up_count DESC, id DESC",
            "(i.up_count - i.down_count) DESC, i.up_count DESC, i.id DESC",
        ),
        Sort::New => ("created_at DESC, id DESC", "i.created_at DESC, i.id DESC"),
        Sort::Debated => (
            "(argument_count + comment_count) DESC, id DESC",
            "(i.argument_count + i.comment_count) DESC, i.id DESC",
        ),
        // Written by the opinion groups' worker; ideas nobody voted on yet come last.
        Sort::CommonGround => (
            "consensus DESC NULLS LAST, id DESC",
            "i.consensus DESC NULLS LAST, i.id DESC",
        ),
    }
}

/// A page of a consultation's ideas. `viewer` is 0 for anonymous visitors (no user has id 0).
///
/// The page's ids are chosen from the indexes of `ideas` alone (an index walk for the
/// stored orders, a sort of the consultation's ids for the random one), and only those 20 rows
/// are read and joined with authors, categories and the viewer's votes: joining and
/// sorting a thousand whole rows per request was what made the random order slow.
pub async fn page(
    c: &mut Conn,
    consultation_id: i64,
    sort: Sort,
    seed: i64,
    page: i64,
    viewer: i64,
    area: Option<i64>,
) -> DbResult<Vec<IdeaCardRow>> {
    page_of(
        c,
        consultation_id,
        sort,
        seed,
        page,
        IDEAS_PER_PAGE,
        viewer,
        area,
    )
    .await
}

/// A page of `per_page` visible ideas of a consultation in `sort` order: residents' ideas only
/// (the city's measures are listed apart, see `measures_in`), those of one area when `area`.
#[allow(clippy::too_many_arguments)]
pub async fn page_of(
    c: &mut Conn,
    consultation_id: i64,
    sort: Sort,
    seed: i64,
    page: i64,
    per_page: i64,
    viewer: i64,
    area: Option<i64>,
) -> DbResult<Vec<IdeaCardRow>> {
    let (inner, outer) = order_by(sort);
    // A fixed string: the area's id is bound after the random order's seed (if any), never
    // written into the query.
    let in_area = match (area, sort) {
        (None, _) => "",
        (Some(_), Sort::Random) => "AND area_id = $6",
        (Some(_), _) => "AND area_id = $5",
    };
    let sql = format!(
        "SELECT {CARD_COLUMNS}
         FROM (SELECT id AS page_id FROM ideas
               WHERE consultation_id = $1 AND hidden = 0 AND kind = 'idea' {in_area}
               ORDER BY {inner} LIMIT $3 OFFSET $4) p
         JOIN ideas i ON i.id = p.page_id
         JOIN users u ON u.id = i.author_id
         LEFT JOIN categories k ON k.id = i.category_id
         LEFT JOIN idea_votes v ON v.idea_id = i.id AND v.user_id = $2
         {CARD_JOINS}
         ORDER BY {outer}"
    );
    let mut query = sqlx::query_as(&sql)
        .bind(consultation_id)
        .bind(viewer)
        .bind(per_page)
        .bind((page - 1) * per_page);
    // Only the random order uses the seed; an unused parameter is an error on SQLite.
    if sort == Sort::Random {
        query = query.bind(random_multiplier(seed));
    }
    if let Some(area) = area {
        query = query.bind(area);
    }
    Ok(query.fetch_all(c).await?)
}

/// The city's visible measures in a consultation, oldest first (a consultation has a few, not
/// pages of them: at most `limit`).
pub async fn measures_in(
    c: &mut Conn,
    consultation_id: i64,
    viewer: i64,
    limit: i64,
) -> DbResult<Vec<IdeaCardRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {CARD_COLUMNS}
         FROM ideas i
         JOIN users u ON u.id = i.author_id
         LEFT JOIN categories k ON k.id = i.category_id
         LEFT JOIN idea_votes v ON v.idea_id = i.id AND v.user_id = $2
         {CARD_JOINS}
         WHERE i.consultation_id = $1 AND i.hidden = 0 AND i.kind = 'measure'
         ORDER BY i.id LIMIT $3"
    ))
    .bind(consultation_id)
    .bind(viewer)
    .bind(limit)
    .fetch_all(c)
    .await?)
}

pub async fn by_id(c: &mut Conn, id: i64, viewer: i64) -> DbResult<Option<IdeaRow>> {
    Ok(sqlx::query_as(
        "SELECT i.id, i.consultation_id, g.community_id, i.author_id, i.category_id, i.title, i.body, i.excerpt, i.status,
                i.status_note, k.name AS category,
                u.display_name AS author_name, i.up_count, i.down_count, i.argument_count,
                i.comment_count, i.created_at, i.updated_at, COALESCE(v.value, 0) AS my_vote,
                i.hidden, i.hidden_reason, i.hidden_note, i.edited_at, i.kind, i.area_id,
                i.lon, i.lat
         FROM ideas i
         JOIN consultations g ON g.id = i.consultation_id
         JOIN users u ON u.id = i.author_id
         LEFT JOIN categories k ON k.id = i.category_id
         LEFT JOIN idea_votes v ON v.idea_id = i.id AND v.user_id = $2
         WHERE i.id = $1",
    )
    .bind(id)
    .bind(viewer)
    .fetch_optional(c)
    .await?)
}

/// Inserts the idea and bumps its consultation's counter; `NotFound` (nothing written) when the
/// consultation does not exist.
pub async fn create(tx: &mut Tx<'_>, idea: NewIdea<'_>) -> DbResult<i64> {
    // Touch the consultation first: it takes the write lock at once (no SQLite lock upgrade
    // later) and fails with NotFound before anything is inserted.
    let counted = if idea.awaiting_approval { 0 } else { 1 };
    let touched =
        sqlx::query("UPDATE consultations SET idea_count = idea_count + $2 WHERE id = $1")
            .bind(idea.consultation_id)
            .bind(counted)
            .execute(&mut **tx)
            .await?;
    if touched.rows_affected() == 0 {
        return Err(DbError::NotFound);
    }
    let now = now_ms();
    let id = sqlx::query_scalar(
        "INSERT INTO ideas (consultation_id, author_id, category_id, title, body, excerpt, created_at,
                            updated_at, hidden, hidden_reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9) RETURNING id",
    )
    .bind(idea.consultation_id)
    .bind(idea.author_id)
    .bind(idea.category_id)
    .bind(idea.title)
    .bind(idea.body)
    .bind(idea.excerpt)
    .bind(now)
    .bind(idea.awaiting_approval as i64)
    .bind(idea.awaiting_approval.then_some("awaiting_review"))
    .fetch_one(&mut **tx)
    .await?;
    super::activity::wrote(tx, idea.consultation_id, idea.author_id, Kind::Idea).await?;
    Ok(id)
}

/// Sets an idea's place: its area and point (both `None`: no place).
pub async fn set_place(
    tx: &mut Tx<'_>,
    id: i64,
    area_id: Option<i64>,
    point: Option<[f64; 2]>,
) -> DbResult<()> {
    sqlx::query("UPDATE ideas SET area_id = $2, lon = $3, lat = $4 WHERE id = $1")
        .bind(id)
        .bind(area_id)
        .bind(point.map(|p| p[0]))
        .bind(point.map(|p| p[1]))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Saves an edit. `keep_revision`: people have voted on or argued about the idea, so its
/// previous text is kept (with who changed it) and the idea shows "edited".
#[allow(clippy::too_many_arguments)]
pub async fn update(
    tx: &mut Tx<'_>,
    id: i64,
    title: &str,
    body: &str,
    excerpt: &str,
    category_id: Option<i64>,
    keep_revision: Option<i64>,
) -> DbResult<()> {
    if let Some(editor) = keep_revision {
        sqlx::query(
            "INSERT INTO idea_revisions (idea_id, title, body, edited_by, created_at)
             SELECT id, title, body, $2, $3 FROM ideas WHERE id = $1",
        )
        .bind(id)
        .bind(editor)
        .bind(now_ms())
        .execute(&mut **tx)
        .await?;
    }
    let done = sqlx::query(
        "UPDATE ideas SET title = $2, body = $3, excerpt = $4, category_id = $5, updated_at = $6,
                          edited_at = CASE WHEN $7 = 1 THEN $6 ELSE edited_at END
         WHERE id = $1",
    )
    .bind(id)
    .bind(title)
    .bind(body)
    .bind(excerpt)
    .bind(category_id)
    .bind(now_ms())
    .bind(keep_revision.is_some() as i64)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(DbError::NotFound);
    }
    Ok(())
}

/// Sets when an idea was posted (the demo seed dates ideas within the consultation).
pub async fn backdate(tx: &mut Tx<'_>, id: i64, created_at: i64) -> DbResult<()> {
    sqlx::query("UPDATE ideas SET created_at = $2, updated_at = $2 WHERE id = $1")
        .bind(id)
        .bind(created_at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Sets an idea's status with its public message and keeps the change in its history;
/// returns the change's id. `author`: who answered (`None` for the seed's old answers).
pub async fn set_status(
    tx: &mut Tx<'_>,
    id: i64,
    status: Status,
    message: &str,
    author: Option<i64>,
) -> DbResult<i64> {
    let done = sqlx::query("UPDATE ideas SET status = $2, status_note = $3 WHERE id = $1")
        .bind(id)
        .bind(status.as_str())
        .bind(message)
        .execute(&mut **tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(DbError::NotFound);
    }
    Ok(sqlx::query_scalar(
        "INSERT INTO idea_status_changes (idea_id, status, message, author_id, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(id)
    .bind(status.as_str())
    .bind(message)
    .bind(author)
    .bind(now_ms())
    .fetch_one(&mut **tx)
    .await?)
}

/// One official answer as the idea page lists it.
#[derive(sqlx::FromRow)]
pub struct StatusChangeRow {
    pub id: i64,
    pub status: String,
    pub message: String,
    pub created_at: i64,
}

/// An idea's official answers, oldest first.
pub async fn status_history(c: &mut Conn, idea_id: i64) -> DbResult<Vec<StatusChangeRow>> {
    Ok(sqlx::query_as(
        "SELECT id, status, message, created_at FROM idea_status_changes
         WHERE idea_id = $1 ORDER BY created_at, id",
    )
    .bind(idea_id)
    .fetch_all(c)
    .await?)
}

/// (id, community id) of those of `ids` that exist, for checking permission on each.
pub async fn communities_of(c: &mut Conn, ids: &[i64]) -> DbResult<Vec<(i64, i64)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    Ok(sqlx::query_as(&format!(
        "SELECT i.id, g.community_id FROM ideas i JOIN consultations g ON g.id = i.consultation_id
         WHERE i.id IN ({list})"
    ))
    .fetch_all(c)
    .await?)
}

/// (community id, author id) of an idea, for permission checks.
pub async fn owner(c: &mut Conn, idea_id: i64) -> DbResult<Option<(i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT g.community_id, i.author_id FROM ideas i
         JOIN consultations g ON g.id = i.consultation_id
         WHERE i.id = $1",
    )
    .bind(idea_id)
    .fetch_optional(c)
    .await?)
}

/// Counts one more argument or comment on an idea; `NotFound` when there is no such idea
/// (or it is hidden).
/// Called first in the transaction: it takes the write lock at once (no SQLite lock upgrade
/// later) and fails before anything else is written.
pub(super) async fn count_one_more(
    tx: &mut Tx<'_>,
    idea_id: i64,
    counter: &'static str,
) -> DbResult<()> {
    // A hidden idea takes no new arguments or comments.
    let sql = format!("UPDATE ideas SET {counter} = {counter} + 1 WHERE id = $1 AND hidden = 0");
    let touched = sqlx::query(&sql).bind(idea_id).execute(&mut **tx).await?;
    if touched.rows_affected() == 0 {
        return Err(DbError::NotFound);
    }
    Ok(())
}

/// Whether people have voted on or argued about an idea (then edits keep revisions).
pub async fn has_engagement(c: &mut Conn, id: i64) -> DbResult<bool> {
    let n: Option<i64> = sqlx::query_scalar(
        "SELECT up_count + down_count + argument_count FROM ideas WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(c)
    .await?;
    Ok(n.unwrap_or(0) > 0)
}

/// An idea's earlier versions, newest first: (title, body, editor's name, when replaced).
pub async fn revisions(c: &mut Conn, id: i64) -> DbResult<Vec<(String, String, String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT r.title, r.body, COALESCE(u.display_name, ''), r.created_at
         FROM idea_revisions r LEFT JOIN users u ON u.id = r.edited_by
         WHERE r.idea_id = $1 ORDER BY r.id DESC",
    )
    .bind(id)
    .fetch_all(c)
    .await?)
}
