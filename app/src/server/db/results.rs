//! The figures of the results pages and the administrators' dashboard: counts, rankings and
//! activity per day, read from the days kept as rows are written (`db::activity`). Days are
//! the site's local days, grouped in SQL with the zone's offsets where rows are counted (see
//! `time::site_offsets`).

use super::{Conn, DbResult};

/// `(from, offset)` pairs of the site's zone, in milliseconds, as `time::site_offsets` gives.
pub type Offsets = [(i64, i64)];

/// The SQL for the local day number of a time column: days since 1970-01-01 on the site's
/// calendar. The offsets are numbers we computed, never input, so they are written inline.
pub(super) fn day_of(column: &str, offsets: &Offsets) -> String {
    let mut offset = String::from("CASE");
    for (from, ms) in offsets.iter().rev() {
        offset.push_str(&format!(" WHEN {column} >= {from} THEN {ms}"));
    }
    let first = offsets.first().map_or(0, |o| o.1);
    offset.push_str(&format!(" ELSE {first} END"));
    format!("CAST(({column} + {offset}) / 86400000 AS BIGINT)")
}

/// The numbers at the top of a results page: public content only (an idea's counters count
/// its visible votes, arguments and comments).
#[derive(Clone, Debug, Default, sqlx::FromRow)]
pub struct Totals {
    pub ideas: i64,
    pub votes_for: i64,
    pub votes_against: i64,
    pub arguments_for: i64,
    pub arguments_against: i64,
    pub comments: i64,
}

pub async fn totals(c: &mut Conn, consultation_id: i64) -> DbResult<Totals> {
    Ok(sqlx::query_as(
        "SELECT
           CAST(COUNT(*) AS BIGINT) AS ideas,
           CAST(COALESCE(SUM(i.up_count), 0) AS BIGINT) AS votes_for,
           CAST(COALESCE(SUM(i.down_count), 0) AS BIGINT) AS votes_against,
           CAST((SELECT COUNT(*) FROM arguments a JOIN ideas j ON j.id = a.idea_id
                 WHERE j.consultation_id = $1 AND j.hidden = 0 AND a.hidden = 0
                   AND a.side = 'for') AS BIGINT) AS arguments_for,
           CAST((SELECT COUNT(*) FROM arguments a JOIN ideas j ON j.id = a.idea_id
                 WHERE j.consultation_id = $1 AND j.hidden = 0 AND a.hidden = 0
                   AND a.side = 'against') AS BIGINT) AS arguments_against,
           CAST(COALESCE(SUM(i.comment_count), 0) AS BIGINT) AS comments
         FROM ideas i WHERE i.consultation_id = $1 AND i.hidden = 0",
    )
    .bind(consultation_id)
    .fetch_one(c)
    .await?)
}

/// A consultation's kept day: everything written, hidden content included.
#[derive(Clone, Copy, Debug, Default, PartialEq, sqlx::FromRow)]
pub struct ConsultationDay {
    pub day: i64,
    pub votes_for: i64,
    pub votes_against: i64,
    pub participants: i64,
    pub newcomers: i64,
}

/// A consultation's kept days, by day.
pub async fn consultation_days(
    c: &mut Conn,
    consultation_id: i64,
) -> DbResult<Vec<ConsultationDay>> {
    Ok(sqlx::query_as(
        "SELECT day, votes_for, votes_against, participants, newcomers FROM consultation_days
         WHERE consultation_id = $1 ORDER BY day",
    )
    .bind(consultation_id)
    .fetch_all(c)
    .await?)
}

/// The votes standing on a consultation's hidden ideas, per local day they were cast:
/// `(day, for, against)`, to take out of its kept days. Few ideas are hidden, and they take
/// no new votes.
pub async fn hidden_votes_per_day(
    c: &mut Conn,
    consultation_id: i64,
    offsets: &Offsets,
) -> DbResult<Vec<(i64, i64, i64)>> {
    let sql = format!(
        "SELECT {day} AS day,
                CAST(SUM(CASE WHEN v.value = 1 THEN 1 ELSE 0 END) AS BIGINT),
                CAST(SUM(CASE WHEN v.value = -1 THEN 1 ELSE 0 END) AS BIGINT)
         FROM ideas i JOIN idea_votes v ON v.idea_id = i.id
         WHERE i.consultation_id = $1 AND i.hidden = 1
         GROUP BY 1 ORDER BY 1",
        day = day_of("v.created_at", offsets),
    );
    Ok(sqlx::query_as(&sql)
        .bind(consultation_id)
        .fetch_all(c)
        .await?)
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

/// Public ideas per category id (`None`: no category) and status: one pass over the
/// consultation's ideas for both charts.
pub async fn ideas_per_category_and_status(
    c: &mut Conn,
    consultation_id: i64,
) -> DbResult<Vec<(Option<i64>, String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT category_id, status, CAST(COUNT(*) AS BIGINT) FROM ideas
         WHERE consultation_id = $1 AND hidden = 0 GROUP BY category_id, status",
    )
    .bind(consultation_id)
    .fetch_all(c)
    .await?)
}

/// A community's activity on one local day, as the dashboard counts it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ActivityDay {
    pub day: i64,
    pub ideas: i64,
    pub arguments: i64,
    pub votes: i64,
    pub participants: i64,
}

/// A community's activity on the days `from..=to` (local day numbers) that had any, by day.
pub async fn community_days(
    c: &mut Conn,
    community_id: i64,
    from: i64,
    to: i64,
) -> DbResult<Vec<ActivityDay>> {
    // Written per consultation, people per community (one person in two consultations
    // counts once).
    let written: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT d.day, CAST(SUM(d.ideas) AS BIGINT), CAST(SUM(d.arguments) AS BIGINT),
                CAST(SUM(d.votes_for + d.votes_against) AS BIGINT)
         FROM consultation_days d JOIN consultations g ON g.id = d.consultation_id
         WHERE g.community_id = $1 AND d.day >= $2 AND d.day <= $3 GROUP BY d.day",
    )
    .bind(community_id)
    .bind(from)
    .bind(to)
    .fetch_all(&mut *c)
    .await?;
    let people: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT day, participants FROM community_days
         WHERE community_id = $1 AND day >= $2 AND day <= $3",
    )
    .bind(community_id)
    .bind(from)
    .bind(to)
    .fetch_all(c)
    .await?;
    let mut days: Vec<ActivityDay> = written
        .into_iter()
        .map(|(day, ideas, arguments, votes)| ActivityDay {
            day,
            ideas,
            arguments,
            votes,
            participants: 0,
        })
        .collect();
    for (day, participants) in people {
        match days.iter_mut().find(|d| d.day == day) {
            Some(d) => d.participants = participants,
            None => days.push(ActivityDay {
                day,
                participants,
                ..Default::default()
            }),
        }
    }
    days.sort_by_key(|d| d.day);
    Ok(days)
}

/// Everyone who ever took part in a community.
pub async fn community_participants_ever(c: &mut Conn, community_id: i64) -> DbResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(newcomers), 0) AS BIGINT) FROM community_days
         WHERE community_id = $1",
    )
    .bind(community_id)
    .fetch_one(c)
    .await?)
}

/// Reports about a community's content received since `since`, and `(created_at,
/// closed_at)` of those decided since then (for the time a decision took).
pub async fn reports_since(
    c: &mut Conn,
    community_id: i64,
    since: i64,
) -> DbResult<(i64, Vec<(i64, i64)>)> {
    let opened = sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM reports
         WHERE community_id = $1 AND created_at >= $2",
    )
    .bind(community_id)
    .bind(since)
    .fetch_one(&mut *c)
    .await?;
    let decided = sqlx::query_as(
        "SELECT created_at, closed_at FROM reports WHERE community_id = $1 AND closed_at >= $2",
    )
    .bind(community_id)
    .bind(since)
    .fetch_all(c)
    .await?;
    Ok((opened, decided))
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
