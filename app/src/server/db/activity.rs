//! Activity kept as it is written, so the results pages and the dashboard read a row per day
//! instead of every vote: per consultation and local day what was written and who took part
//! (`consultation_days`), the people per community and day (`community_days`), and who took
//! part in each consultation and community and on which day last (`*_participants`): a
//! person's first part on a day counts them for that day, once. Each write keeps these in its
//! own transaction; `rebuild` makes them anew from the rows.

use super::results::{day_of, Offsets};
use super::{now_ms, Backend, Conn, Db, DbError, DbResult, Tx};
use crate::moderation::rules::Kind;
use crate::time::{day_number, site_offsets};
use std::collections::BTreeMap;

/// The day's column that counts what was written.
fn column(kind: Kind) -> &'static str {
    match kind {
        Kind::Idea => "ideas",
        Kind::Argument => "arguments",
        Kind::Comment => "comments",
        // Not counted: a picture is part of its idea.
        Kind::Picture => "",
    }
}

/// `user_id` wrote `what` in the consultation `consultation_id` now.
pub async fn wrote(
    tx: &mut Tx<'_>,
    consultation_id: i64,
    user_id: i64,
    what: Kind,
) -> DbResult<()> {
    let day = day_number(now_ms());
    add_to_day(tx, consultation_id, day, column(what), 1).await?;
    took_part(tx, consultation_id, user_id, day).await
}

/// `user_id` wrote an argument or a comment on the idea `idea_id` now.
pub async fn wrote_on_idea(
    tx: &mut Tx<'_>,
    idea_id: i64,
    user_id: i64,
    what: Kind,
) -> DbResult<()> {
    let consultation_id = consultation_of(tx, idea_id).await?;
    wrote(tx, consultation_id, user_id, what).await
}

/// A vote on the idea `idea_id` cast at `cast_at` changed by these deltas; `voting`: the
/// person votes now (a withdrawal is not taking part).
pub async fn vote_changed(
    tx: &mut Tx<'_>,
    idea_id: i64,
    user_id: i64,
    cast_at: i64,
    (up, down): (i64, i64),
    voting: bool,
) -> DbResult<()> {
    // The idea's consultation comes back from the day it counts on: one statement per vote.
    let consultation_id: i64 = sqlx::query_scalar(
        "INSERT INTO consultation_days (consultation_id, day, votes_for, votes_against,
                                        votes_changed_at)
         SELECT consultation_id, $2, $3, $4, $5 FROM ideas WHERE id = $1
         ON CONFLICT (consultation_id, day) DO UPDATE SET
         votes_for = consultation_days.votes_for + excluded.votes_for,
         votes_against = consultation_days.votes_against + excluded.votes_against,
         votes_changed_at = excluded.votes_changed_at
         RETURNING consultation_id",
    )
    .bind(idea_id)
    .bind(day_number(cast_at))
    .bind(up)
    .bind(down)
    // The opinion groups' worker recomputes a consultation whose votes changed since.
    .bind(now_ms())
    .fetch_one(&mut **tx)
    .await?;
    if voting {
        took_part(tx, consultation_id, user_id, day_number(now_ms())).await?;
    }
    Ok(())
}

/// An idea with votes was hidden, shown or deleted: the opinion groups, computed from the
/// visible ideas' votes, are due again (the worker compares `votes_changed_at`).
pub async fn idea_seen_changed(tx: &mut Tx<'_>, idea_id: i64) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO consultation_days (consultation_id, day, votes_changed_at)
         SELECT consultation_id, $2, $3 FROM ideas i WHERE i.id = $1
           AND EXISTS (SELECT 1 FROM idea_votes v WHERE v.idea_id = i.id)
         ON CONFLICT (consultation_id, day) DO UPDATE
         SET votes_changed_at = excluded.votes_changed_at",
    )
    .bind(idea_id)
    .bind(day_number(now_ms()))
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// An argument's helpfulness rating changed: the opinion groups' worker ranks arguments by
/// how each group rated them, so the consultation is due again.
pub async fn argument_rated(tx: &mut Tx<'_>, argument_id: i64) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO consultation_days (consultation_id, day, votes_changed_at)
         SELECT i.consultation_id, $2, $3 FROM arguments a JOIN ideas i ON i.id = a.idea_id
         WHERE a.id = $1
         ON CONFLICT (consultation_id, day) DO UPDATE
         SET votes_changed_at = excluded.votes_changed_at",
    )
    .bind(argument_id)
    .bind(day_number(now_ms()))
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn consultation_of(tx: &mut Tx<'_>, idea_id: i64) -> DbResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT consultation_id FROM ideas WHERE id = $1")
            .bind(idea_id)
            .fetch_one(&mut **tx)
            .await?,
    )
}

async fn add_to_day(
    tx: &mut Tx<'_>,
    consultation_id: i64,
    day: i64,
    column: &str,
    n: i64,
) -> DbResult<()> {
    sqlx::query(&format!(
        "INSERT INTO consultation_days (consultation_id, day, {column}) VALUES ($1, $2, $3)
         ON CONFLICT (consultation_id, day) DO UPDATE
         SET {column} = consultation_days.{column} + excluded.{column}"
    ))
    .bind(consultation_id)
    .bind(day)
    .bind(n)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The person's day in the consultation and in its community. Most parts come from someone
/// already counted today: one read says so. Otherwise the guarded update or insert decides,
/// so two parts written at once count the person once (the second waits for the first's
/// row on PostgreSQL, and SQLite has one writer).
async fn took_part(tx: &mut Tx<'_>, consultation_id: i64, user_id: i64, day: i64) -> DbResult<()> {
    let (community_id, in_consultation, in_community): (i64, Option<i64>, Option<i64>) =
        sqlx::query_as(
            "SELECT g.community_id,
                    (SELECT p.last_day FROM consultation_participants p
                     WHERE p.consultation_id = g.id AND p.user_id = $2),
                    (SELECT q.last_day FROM community_participants q
                     WHERE q.community_id = g.community_id AND q.user_id = $2)
             FROM consultations g WHERE g.id = $1",
        )
        .bind(consultation_id)
        .bind(user_id)
        .fetch_one(&mut **tx)
        .await?;
    let places = [
        (Place::Consultation, consultation_id, in_consultation),
        (Place::Community, community_id, in_community),
    ];
    for (place, id, last_day) in places {
        if last_day.is_none_or(|last| last < day) {
            count_person(tx, place, id, user_id, day, last_day).await?;
        }
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Place {
    Consultation,
    Community,
}

/// Counts the person on `day` in `place`, where their last day was `last_day` when read:
/// moves it (or adds them, a newcomer) and adds them to the day. The statement's guard
/// decides, so a part written meanwhile by another transaction is not counted twice.
async fn count_person(
    tx: &mut Tx<'_>,
    place: Place,
    id: i64,
    user_id: i64,
    day: i64,
    last_day: Option<i64>,
) -> DbResult<()> {
    let (people, days, key) = match place {
        Place::Consultation => (
            "consultation_participants",
            "consultation_days",
            "consultation_id",
        ),
        Place::Community => ("community_participants", "community_days", "community_id"),
    };
    let add = format!(
        "INSERT INTO {people} ({key}, user_id, last_day) VALUES ($1, $2, $3)
         ON CONFLICT ({key}, user_id) DO NOTHING"
    );
    let step = format!(
        "UPDATE {people} SET last_day = $3 WHERE {key} = $1 AND user_id = $2 AND last_day < $3"
    );
    // New here: added, unless someone added them meanwhile; then, as for someone here before,
    // moved to today, unless moved meanwhile.
    let newcomer = if last_day.is_none() && changes(tx, &add, id, user_id, day).await? {
        true
    } else if changes(tx, &step, id, user_id, day).await? {
        false
    } else {
        return Ok(());
    };
    sqlx::query(&format!(
        "INSERT INTO {days} ({key}, day, participants, newcomers) VALUES ($1, $2, 1, $3)
         ON CONFLICT ({key}, day) DO UPDATE SET participants = {days}.participants + 1,
         newcomers = {days}.newcomers + excluded.newcomers"
    ))
    .bind(id)
    .bind(day)
    .bind(newcomer as i64)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Runs `sql` on a person's row (`$1` the place, `$2` the person, `$3` the day): whether it
/// changed one.
async fn changes(tx: &mut Tx<'_>, sql: &str, id: i64, user_id: i64, day: i64) -> DbResult<bool> {
    let done = sqlx::query(sql)
        .bind(id)
        .bind(user_id)
        .bind(day)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Takes out of the kept days what goes with an item deleted for good: an idea with its
/// arguments, comments and votes, or an argument, or a comment, each on the day it was
/// written. People stay counted on the days they took part.
pub async fn deleting(tx: &mut Tx<'_>, kind: Kind, id: i64) -> DbResult<()> {
    if kind == Kind::Picture {
        return Ok(());
    }
    let (consultation_id, written_at): (i64, i64) = sqlx::query_as(&format!(
        "SELECT i.consultation_id, x.created_at FROM {table} x
         JOIN ideas i ON i.id = {idea} WHERE x.id = $1",
        table = column(kind),
        idea = match kind {
            Kind::Idea => "x.id",
            Kind::Argument | Kind::Comment | Kind::Picture => "x.idea_id",
        },
    ))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(DbError::NotFound)?;
    let mut gone: Vec<(&str, i64)> = vec![(column(kind), written_at)];
    if kind == Kind::Idea {
        // An idea's rows, read to count them by day in the site's zone (moderators delete an
        // idea now and then; it has at most a few thousand rows).
        for (column, sql) in [
            (
                "arguments",
                "SELECT 0, created_at FROM arguments WHERE idea_id = $1",
            ),
            (
                "comments",
                "SELECT 0, created_at FROM comments WHERE idea_id = $1",
            ),
            (
                "votes",
                "SELECT value, created_at FROM idea_votes WHERE idea_id = $1",
            ),
        ] {
            let rows: Vec<(i64, i64)> = sqlx::query_as(sql).bind(id).fetch_all(&mut **tx).await?;
            // A pass (0) is in neither of the day's vote counters.
            gone.extend(
                rows.into_iter()
                    .filter_map(|(value, at)| match (column, value) {
                        ("votes", 1) => Some(("votes_for", at)),
                        ("votes", -1) => Some(("votes_against", at)),
                        ("votes", _) => None,
                        _ => Some((column, at)),
                    }),
            );
        }
    }
    let mut per_day: BTreeMap<(i64, &str), i64> = BTreeMap::new();
    for (column, at) in gone {
        *per_day.entry((day_number(at), column)).or_default() += 1;
    }
    for ((day, column), n) in per_day {
        add_to_day(tx, consultation_id, day, column, -n).await?;
    }
    Ok(())
}

/// Everyone who took part in a community on day `from` or later.
pub async fn participants_since(c: &mut Conn, community_id: i64, from: i64) -> DbResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM community_participants
         WHERE community_id = $1 AND last_day >= $2",
    )
    .bind(community_id)
    .bind(from)
    .fetch_one(c)
    .await?)
}

/// Fills the kept figures when they are missing while there is something to count: a
/// database just migrated to them. Instances starting together fill them once.
pub async fn fill_if_missing(db: &Db) -> DbResult<()> {
    // Read first: a start that finds the figures there writes nothing.
    if !missing(&mut *db.conn().await?).await? {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    if db.backend == Backend::Postgres {
        // Held to the commit: the second instance waits, then finds the figures there.
        sqlx::query("LOCK TABLE consultation_days IN EXCLUSIVE MODE")
            .execute(&mut *tx)
            .await?;
    }
    if missing(&mut tx).await? {
        rebuild(&mut tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// No kept figures while there are ideas to count.
async fn missing(c: &mut Conn) -> DbResult<bool> {
    let (kept, ideas): (i64, i64) = sqlx::query_as(
        "SELECT CAST((SELECT COUNT(*) FROM (SELECT 1 FROM consultation_days LIMIT 1) k) AS BIGINT),
                CAST((SELECT COUNT(*) FROM (SELECT 1 FROM ideas LIMIT 1) i) AS BIGINT)",
    )
    .fetch_one(c)
    .await?;
    Ok(kept == 0 && ideas > 0)
}

/// Makes the kept figures anew from the rows: after a migration, the demo seed dating its
/// rows, or `posvet generate` writing rows in bulk.
pub async fn rebuild(tx: &mut Tx<'_>) -> DbResult<()> {
    // The site's calendar from the earliest idea on (anything earlier, which only made-up
    // rows have, takes that first offset).
    let first: Option<i64> = sqlx::query_scalar("SELECT MIN(created_at) FROM ideas")
        .fetch_one(&mut **tx)
        .await?;
    let offsets: &Offsets = &site_offsets(first.unwrap_or(0), now_ms() + 86_400_000);
    for table in [
        "consultation_days",
        "community_days",
        "consultation_participants",
        "community_participants",
    ] {
        sqlx::query(&format!("DELETE FROM {table}"))
            .execute(&mut **tx)
            .await?;
    }
    // Every part once, with its consultation, community, person and local day.
    sqlx::query(
        "CREATE TEMPORARY TABLE parts (cid BIGINT, gid BIGINT, user_id BIGINT, day BIGINT,
         ideas BIGINT, arguments BIGINT, comments BIGINT, votes_for BIGINT, votes_against BIGINT)",
    )
    .execute(&mut **tx)
    .await?;
    let sources = [
        ("ideas i", "i.author_id", "i.created_at", "1, 0, 0, 0, 0"),
        (
            "idea_votes v JOIN ideas i ON i.id = v.idea_id",
            "v.user_id",
            "v.created_at",
            "0, 0, 0, CASE WHEN v.value = 1 THEN 1 ELSE 0 END, \
             CASE WHEN v.value = -1 THEN 1 ELSE 0 END",
        ),
        (
            "arguments a JOIN ideas i ON i.id = a.idea_id",
            "a.author_id",
            "a.created_at",
            "0, 1, 0, 0, 0",
        ),
        (
            "comments m JOIN ideas i ON i.id = m.idea_id",
            "m.author_id",
            "m.created_at",
            "0, 0, 1, 0, 0",
        ),
    ];
    for (from, user, at, counts) in sources {
        sqlx::query(&format!(
            "INSERT INTO parts SELECT i.consultation_id, g.community_id, {user}, {day}, {counts}
             FROM {from} JOIN consultations g ON g.id = i.consultation_id",
            day = day_of(at, offsets),
        ))
        .execute(&mut **tx)
        .await?;
    }
    // People count on each day they took part, and as newcomers on their first; their last
    // day is where the next part starts from.
    for statement in [
        "INSERT INTO consultation_days (consultation_id, day, ideas, arguments, comments,
                                        votes_for, votes_against, participants, newcomers)
         SELECT x.k, x.day, SUM(x.ideas), SUM(x.arguments), SUM(x.comments), SUM(x.votes_for),
                SUM(x.votes_against), SUM(x.people), SUM(x.newcomers)
         FROM (SELECT cid AS k, day, SUM(ideas) AS ideas, SUM(arguments) AS arguments,
                      SUM(comments) AS comments, SUM(votes_for) AS votes_for,
                      SUM(votes_against) AS votes_against,
                      COUNT(DISTINCT user_id) AS people, 0 AS newcomers
               FROM parts GROUP BY cid, day
               UNION ALL
               SELECT f.k, f.day, 0, 0, 0, 0, 0, 0, COUNT(*)
               FROM (SELECT cid AS k, MIN(day) AS day FROM parts WHERE user_id IS NOT NULL
                     GROUP BY cid, user_id) f
               GROUP BY f.k, f.day) x
         GROUP BY x.k, x.day",
        "INSERT INTO community_days (community_id, day, participants, newcomers)
         SELECT x.k, x.day, SUM(x.people), SUM(x.newcomers)
         FROM (SELECT gid AS k, day, COUNT(DISTINCT user_id) AS people, 0 AS newcomers
               FROM parts GROUP BY gid, day
               UNION ALL
               SELECT f.k, f.day, 0, COUNT(*)
               FROM (SELECT gid AS k, MIN(day) AS day FROM parts WHERE user_id IS NOT NULL
                     GROUP BY gid, user_id) f
               GROUP BY f.k, f.day) x
         GROUP BY x.k, x.day",
        "INSERT INTO consultation_participants (consultation_id, user_id, last_day)
         SELECT cid, user_id, MAX(day) FROM parts WHERE user_id IS NOT NULL GROUP BY cid, user_id",
        "INSERT INTO community_participants (community_id, user_id, last_day)
         SELECT gid, user_id, MAX(day) FROM parts WHERE user_id IS NOT NULL GROUP BY gid, user_id",
        "DROP TABLE parts",
    ] {
        sqlx::query(statement).execute(&mut **tx).await?;
    }
    // Votes written in bulk are new to the opinion groups' worker.
    sqlx::query(
        "UPDATE consultation_days SET votes_changed_at = $1 WHERE votes_for + votes_against > 0",
    )
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
