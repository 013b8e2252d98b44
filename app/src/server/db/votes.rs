use super::{now_ms, DbError, DbResult, Tx};
use crate::votes::rules::{vote_change, Vote};
use crate::votes::Tally;

/// The two tables that hold one-per-person votes, with their counters.
struct VoteTable {
    target: &'static str,
    votes: &'static str,
    key: &'static str,
    up: &'static str,
    down: &'static str,
}

const IDEA_VOTES: VoteTable = VoteTable {
    target: "ideas",
    votes: "idea_votes",
    key: "idea_id",
    up: "up_count",
    down: "down_count",
};

const ARGUMENT_VOTES: VoteTable = VoteTable {
    target: "arguments",
    votes: "argument_votes",
    key: "argument_id",
    up: "helpful_count",
    down: "unhelpful_count",
};

pub async fn vote_idea(
    tx: &mut Tx<'_>,
    idea_id: i64,
    user_id: i64,
    requested: Option<Vote>,
) -> DbResult<Tally> {
    vote(tx, &IDEA_VOTES, idea_id, user_id, requested).await
}

pub async fn vote_argument(
    tx: &mut Tx<'_>,
    argument_id: i64,
    user_id: i64,
    requested: Option<Vote>,
) -> DbResult<Tally> {
    vote(tx, &ARGUMENT_VOTES, argument_id, user_id, requested).await
}

/// Lock the target row, read the voter's current vote, apply the rule, change the vote row
/// and the counters together. Locking the target first serialises votes on the same idea on
/// PostgreSQL (READ COMMITTED) and takes SQLite's write lock up front, so the counters always
/// equal the rows.
async fn vote(
    tx: &mut Tx<'_>,
    t: &VoteTable,
    target_id: i64,
    user_id: i64,
    requested: Option<Vote>,
) -> DbResult<Tally> {
    let locked = sqlx::query(&format!(
        // Hidden content takes no votes (they would change counts nobody sees).
        "UPDATE {} SET {up} = {up} WHERE id = $1 AND hidden = 0",
        t.target,
        up = t.up
    ))
    .bind(target_id)
    .execute(&mut **tx)
    .await?;
    if locked.rows_affected() == 0 {
        return Err(DbError::NotFound);
    }
    let current: Option<(i64, i64)> = sqlx::query_as(&format!(
        "SELECT value, created_at FROM {} WHERE {} = $1 AND user_id = $2",
        t.votes, t.key
    ))
    .bind(target_id)
    .bind(user_id)
    .fetch_optional(&mut **tx)
    .await?;
    let change = vote_change(current.and_then(|(v, _)| Vote::from_value(v)), requested);
    if !change.is_noop() {
        write_vote(tx, t, target_id, user_id, change.new).await?;
        // Votes on ideas are taking part (helpfulness marks on arguments are not), counted
        // on the day they were cast, which a change keeps.
        if t.votes == IDEA_VOTES.votes {
            let cast_at = current.map_or_else(now_ms, |(_, at)| at);
            let deltas = (change.up_delta, change.down_delta);
            let voting = change.new.is_some();
            super::activity::vote_changed(tx, target_id, user_id, cast_at, deltas, voting).await?;
        } else {
            super::activity::argument_rated(tx, target_id).await?;
        }
        sqlx::query(&format!(
            "UPDATE {} SET {up} = {up} + $2, {down} = {down} + $3 WHERE id = $1",
            t.target,
            up = t.up,
            down = t.down
        ))
        .bind(target_id)
        .bind(change.up_delta)
        .bind(change.down_delta)
        .execute(&mut **tx)
        .await?;
    }
    let (up, down): (i64, i64) = sqlx::query_as(&format!(
        "SELECT {}, {} FROM {} WHERE id = $1",
        t.up, t.down, t.target
    ))
    .bind(target_id)
    .fetch_one(&mut **tx)
    .await?;
    Ok(Tally {
        up,
        down,
        mine: change.new,
    })
}

async fn write_vote(
    tx: &mut Tx<'_>,
    t: &VoteTable,
    target_id: i64,
    user_id: i64,
    new: Option<Vote>,
) -> DbResult<()> {
    match new {
        Some(vote) => {
            sqlx::query(&format!(
                "INSERT INTO {votes} ({key}, user_id, value, created_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT ({key}, user_id) DO UPDATE SET value = excluded.value",
                votes = t.votes,
                key = t.key
            ))
            .bind(target_id)
            .bind(user_id)
            .bind(vote.value())
            .bind(now_ms())
            .execute(&mut **tx)
            .await?;
        }
        None => {
            sqlx::query(&format!(
                "DELETE FROM {} WHERE {} = $1 AND user_id = $2",
                t.votes, t.key
            ))
            .bind(target_id)
            .bind(user_id)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}
