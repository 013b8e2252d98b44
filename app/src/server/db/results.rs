//! The figures of the results pages and the administrators' dashboard: counts, rankings and
//! activity per day. Days are the site's local days, grouped in SQL with the zone's offsets
//! (see `time::site_offsets`), so a month of votes comes back as thirty rows, not a million.

use super::{Conn, DbResult, Tx};

/// What a count covers: one consultation's public content (results pages), or everything
/// in a community's consultations, hidden content included (the administrators' dashboard).
#[derive(Clone, Copy, Debug)]
pub enum Scope {
    PublicConsultation(i64),
    Community(i64),
}

impl Scope {
    /// The condition on an idea aliased `i`, with the scope's id as `$1`.
    fn ideas(self) -> &'static str {
        match self {
            Scope::PublicConsultation(_) => "i.consultation_id = $1 AND i.hidden = 0",
            Scope::Community(_) => {
                "i.consultation_id IN (SELECT g.id FROM consultations g WHERE g.community_id = $1)"
            }
        }
    }

    /// The same for a row aliased `alias` that hangs off an idea.
    fn under_idea(self, alias: &str) -> String {
        match self {
            Scope::PublicConsultation(_) => format!("{} AND {alias}.hidden = 0", self.ideas()),
            Scope::Community(_) => self.ideas().to_string(),
        }
    }

    /// Rows of `table` (aliased `alias`, each under an idea; `hidden` if they can be hidden
    /// themselves, as arguments and comments can, votes not) with their idea `i`: the FROM
    /// clause and its condition. A community's dashboard reads recent rows, so SQLite must
    /// start from the rows' time index (a CROSS JOIN keeps the written order) rather than walk
    /// every idea of the community; a consultation's results read all its ideas' rows, idea by
    /// idea. PostgreSQL plans either as an inner join.
    fn rows_of_ideas(self, table: &str, alias: &str, hidden: bool) -> (String, String) {
        // A comma join is an inner join that SQLite may reorder (and PostgreSQL accepts
        // without an ON clause, which a plain JOIN needs there).
        let join = match self {
            Scope::Community(_) => " CROSS JOIN",
            Scope::PublicConsultation(_) => ",",
        };
        (
            format!("{table} {alias}{join} ideas i"),
            format!(
                "i.id = {alias}.idea_id AND {}",
                match hidden {
                    true => self.under_idea(alias),
                    false => self.ideas().to_string(),
                }
            ),
        )
    }

    fn id(self) -> i64 {
        match self {
            Scope::PublicConsultation(id) | Scope::Community(id) => id,
        }
    }
}

/// `(from, offset)` pairs of the site's zone, in milliseconds, as `time::site_offsets` gives.
pub type Offsets = [(i64, i64)];

/// The SQL for the local day number of a time column: days since 1970-01-01 on the site's
/// calendar. The offsets are numbers we computed, never input, so they are written inline.
fn day_of(column: &str, offsets: &Offsets) -> String {
    let mut offset = String::from("CASE");
    for (from, ms) in offsets.iter().rev() {
        offset.push_str(&format!(" WHEN {column} >= {from} THEN {ms}"));
    }
    let first = offsets.first().map_or(0, |o| o.1);
    offset.push_str(&format!(" ELSE {first} END"));
    format!("CAST(({column} + {offset}) / 86400000 AS BIGINT)")
}

/// The numbers at the top of a results page.
#[derive(Clone, Debug, Default, sqlx::FromRow)]
pub struct Totals {
    pub ideas: i64,
    pub votes_for: i64,
    pub votes_against: i64,
    pub arguments_for: i64,
    pub arguments_against: i64,
    pub comments: i64,
}

pub async fn totals(c: &mut Conn, scope: Scope) -> DbResult<Totals> {
    let sql = format!(
        "SELECT
           CAST((SELECT COUNT(*) FROM ideas i WHERE {ideas}) AS BIGINT) AS ideas,
           CAST((SELECT COALESCE(SUM(i.up_count), 0) FROM ideas i WHERE {ideas}) AS BIGINT) AS votes_for,
           CAST((SELECT COALESCE(SUM(i.down_count), 0) FROM ideas i WHERE {ideas}) AS BIGINT) AS votes_against,
           CAST((SELECT COUNT(*) FROM arguments a JOIN ideas i ON i.id = a.idea_id
                 WHERE {args} AND a.side = 'for') AS BIGINT) AS arguments_for,
           CAST((SELECT COUNT(*) FROM arguments a JOIN ideas i ON i.id = a.idea_id
                 WHERE {args} AND a.side = 'against') AS BIGINT) AS arguments_against,
           CAST((SELECT COUNT(*) FROM comments m JOIN ideas i ON i.id = m.idea_id
                 WHERE {comments}) AS BIGINT) AS comments",
        ideas = scope.ideas(),
        args = scope.under_idea("a"),
        comments = scope.under_idea("m"),
    );
    Ok(sqlx::query_as(&sql).bind(scope.id()).fetch_one(c).await?)
}

/// Everyone who proposed, voted, argued or commented, as one `user_id, at` list.
fn participation(scope: Scope) -> String {
    let (votes, on_votes) = scope.rows_of_ideas("idea_votes", "v", false);
    let (args, on_args) = scope.rows_of_ideas("arguments", "a", true);
    let (comments, on_comments) = scope.rows_of_ideas("comments", "m", true);
    format!(
        "SELECT i.author_id AS user_id, i.created_at AS at FROM ideas i WHERE {ideas}
         UNION ALL SELECT v.user_id, v.created_at FROM {votes} WHERE {on_votes}
         UNION ALL SELECT a.author_id, a.created_at FROM {args} WHERE {on_args}
         UNION ALL SELECT m.author_id, m.created_at FROM {comments} WHERE {on_comments}",
        ideas = scope.ideas(),
    )
}

/// How many different people took part since `since` (0: ever).
pub async fn participants(c: &mut Conn, scope: Scope, since: i64) -> DbResult<i64> {
    let sql = format!(
        "SELECT CAST(COUNT(DISTINCT p.user_id) AS BIGINT) FROM ({}) p WHERE p.at >= $2",
        participation(scope)
    );
    Ok(sqlx::query_scalar(&sql)
        .bind(scope.id())
        .bind(since)
        .fetch_one(c)
        .await?)
}

/// Different people taking part, per local day since `since`: `(day, people)`.
pub async fn participants_per_day(
    c: &mut Conn,
    scope: Scope,
    since: i64,
    offsets: &Offsets,
) -> DbResult<Vec<(i64, i64)>> {
    let sql = format!(
        "SELECT d.day, CAST(COUNT(DISTINCT d.user_id) AS BIGINT)
         FROM (SELECT p.user_id, {day} AS day FROM ({all}) p WHERE p.at >= $2) d
         GROUP BY d.day ORDER BY d.day",
        day = day_of("p.at", offsets),
        all = participation(scope),
    );
    Ok(sqlx::query_as(&sql)
        .bind(scope.id())
        .bind(since)
        .fetch_all(c)
        .await?)
}

/// Votes per local day since `since`: `(day, for, against)`.
pub async fn votes_per_day(
    c: &mut Conn,
    scope: Scope,
    since: i64,
    offsets: &Offsets,
) -> DbResult<Vec<(i64, i64, i64)>> {
    let (votes, on_votes) = scope.rows_of_ideas("idea_votes", "v", false);
    let sql = format!(
        "SELECT {day} AS day,
                CAST(SUM(CASE WHEN v.value = 1 THEN 1 ELSE 0 END) AS BIGINT),
                CAST(SUM(CASE WHEN v.value = -1 THEN 1 ELSE 0 END) AS BIGINT)
         FROM {votes} WHERE {on_votes} AND v.created_at >= $2
         GROUP BY 1 ORDER BY 1",
        day = day_of("v.created_at", offsets),
    );
    Ok(sqlx::query_as(&sql)
        .bind(scope.id())
        .bind(since)
        .fetch_all(c)
        .await?)
}

/// New ideas, arguments or comments per local day since `since`: `(day, count)`.
pub async fn created_per_day(
    c: &mut Conn,
    scope: Scope,
    table: Created,
    since: i64,
    offsets: &Offsets,
) -> DbResult<Vec<(i64, i64)>> {
    let (from, condition, at) = match table {
        Created::Ideas => (
            "ideas i".to_string(),
            scope.ideas().to_string(),
            "i.created_at",
        ),
        Created::Arguments => {
            let (from, condition) = scope.rows_of_ideas("arguments", "a", true);
            (from, condition, "a.created_at")
        }
    };
    let sql = format!(
        "SELECT {day} AS day, CAST(COUNT(*) AS BIGINT) FROM {from}
         WHERE {condition} AND {at} >= $2 GROUP BY 1 ORDER BY 1",
        day = day_of(at, offsets),
    );
    Ok(sqlx::query_as(&sql)
        .bind(scope.id())
        .bind(since)
        .fetch_all(c)
        .await?)
}

#[derive(Clone, Copy, Debug)]
pub enum Created {
    Ideas,
    Arguments,
}

/// An idea in the ranking by net support (for minus against).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RankedIdea {
    pub id: i64,
    pub title: String,
    pub status: String,
    pub up_count: i64,
    pub down_count: i64,
}

/// The `limit` ideas with the most net support; ties go to more votes for, then the older.
pub async fn ranking(c: &mut Conn, consultation_id: i64, limit: i64) -> DbResult<Vec<RankedIdea>> {
    Ok(sqlx::query_as(
        "SELECT id, title, status, up_count, down_count FROM ideas
         WHERE consultation_id = $1 AND hidden = 0
         ORDER BY up_count - down_count DESC, up_count DESC, id LIMIT $2",
    )
    .bind(consultation_id)
    .bind(limit)
    .fetch_all(c)
    .await?)
}

/// Public ideas per category id (`None`: no category).
pub async fn ideas_per_category(
    c: &mut Conn,
    consultation_id: i64,
) -> DbResult<Vec<(Option<i64>, i64)>> {
    Ok(sqlx::query_as(
        "SELECT category_id, CAST(COUNT(*) AS BIGINT) FROM ideas
         WHERE consultation_id = $1 AND hidden = 0 GROUP BY category_id",
    )
    .bind(consultation_id)
    .fetch_all(c)
    .await?)
}

/// Public ideas per status.
pub async fn ideas_per_status(c: &mut Conn, consultation_id: i64) -> DbResult<Vec<(String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT status, CAST(COUNT(*) AS BIGINT) FROM ideas
         WHERE consultation_id = $1 AND hidden = 0 GROUP BY status",
    )
    .bind(consultation_id)
    .fetch_all(c)
    .await?)
}

/// The first moment anything happened in a scope (the start of its day series), if ever.
pub async fn first_activity(c: &mut Conn, scope: Scope) -> DbResult<Option<i64>> {
    let sql = format!("SELECT MIN(p.at) FROM ({}) p", participation(scope));
    Ok(sqlx::query_scalar::<_, Option<i64>>(&sql)
        .bind(scope.id())
        .fetch_one(c)
        .await?)
}

/// A community's activity on one local day, as the dashboard counts it.
#[derive(Clone, Copy, Debug, Default, PartialEq, sqlx::FromRow)]
pub struct ActivityDay {
    pub day: i64,
    pub ideas: i64,
    pub arguments: i64,
    pub votes: i64,
    pub participants: i64,
}

/// The kept activity of a community on the days `from..to` (local day numbers), by day.
pub async fn kept_days(
    c: &mut Conn,
    community_id: i64,
    from: i64,
    to: i64,
) -> DbResult<Vec<ActivityDay>> {
    Ok(sqlx::query_as(
        "SELECT day, ideas, arguments, votes, participants FROM activity_days
         WHERE community_id = $1 AND day >= $2 AND day < $3 ORDER BY day",
    )
    .bind(community_id)
    .bind(from)
    .bind(to)
    .fetch_all(c)
    .await?)
}

/// Keeps days that are over; a day already kept (by another instance) stays as it was.
pub async fn keep_days(tx: &mut Tx<'_>, community_id: i64, days: &[ActivityDay]) -> DbResult<()> {
    for d in days {
        sqlx::query(
            "INSERT INTO activity_days (community_id, day, ideas, arguments, votes, participants)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (community_id, day) DO NOTHING",
        )
        .bind(community_id)
        .bind(d.day)
        .bind(d.ideas)
        .bind(d.arguments)
        .bind(d.votes)
        .bind(d.participants)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Reports about a community's content: `(created_at, closed_at)` of those opened or
/// closed since `since`. A report names an idea, argument or comment; each leads to an idea.
pub async fn reports_since(
    c: &mut Conn,
    community_id: i64,
    since: i64,
) -> DbResult<Vec<(i64, Option<i64>)>> {
    Ok(sqlx::query_as(
        "SELECT r.created_at, r.closed_at FROM reports r
         JOIN ideas i ON i.id = CASE r.target_kind
              WHEN 'idea' THEN r.target_id
              WHEN 'argument' THEN (SELECT a.idea_id FROM arguments a WHERE a.id = r.target_id)
              ELSE (SELECT m.idea_id FROM comments m WHERE m.id = r.target_id) END
         JOIN consultations g ON g.id = i.consultation_id
         WHERE g.community_id = $1 AND (r.created_at >= $2 OR r.closed_at >= $2)",
    )
    .bind(community_id)
    .bind(since)
    .fetch_all(c)
    .await?)
}

/// Entries waiting in a community's moderation queue now.
pub async fn queue_length(c: &mut Conn, community_id: i64) -> DbResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM queue_items WHERE community_id = $1",
    )
    .bind(community_id)
    .fetch_one(c)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_use_the_offset_in_force() {
        let sql = day_of("t", &[(0, 3_600_000), (100, 7_200_000)]);
        assert_eq!(
            sql,
            "CAST((t + CASE WHEN t >= 100 THEN 7200000 WHEN t >= 0 THEN 3600000 \
             ELSE 3600000 END) / 86400000 AS BIGINT)"
        );
    }
}
