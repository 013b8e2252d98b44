//! Voting on ideas and rating arguments. `value`: 1 up, -1 down, 0 withdraw.

use super::rules::Vote;
use super::Tally;
use crate::authz::Permission;
use crate::consultations::rules::Activity;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::server::db;

pub async fn vote_idea(ctx: &Ctx, idea_id: i64, value: i64) -> Result<Tally, AppError> {
    on_idea(ctx, idea_id, || super::rules::parse_request(value)).await
}

/// Answers a statement: agree (up), disagree (down) or pass. A second answer replaces the
/// first; none is withdrawn (a statement seen stays seen).
pub async fn answer_statement(ctx: &Ctx, idea_id: i64, answer: Vote) -> Result<Tally, AppError> {
    on_idea(ctx, idea_id, || Ok(Some(answer))).await
}

/// A vote on an idea (or a statement): the person may vote there, the consultation takes
/// votes now, then the rule: `requested` (`None` withdraws).
async fn on_idea(
    ctx: &Ctx,
    idea_id: i64,
    requested: impl FnOnce() -> Result<Option<Vote>, AppError>,
) -> Result<Tally, AppError> {
    let mut c = ctx.db.conn().await?;
    let me = ctx
        .authorize_on_idea(&mut c, Permission::VoteOnIdea, idea_id)
        .await?;
    let schedule = db::consultations::schedule_of_idea(&mut c, idea_id)
        .await?
        .ok_or(AppError::NotFound)?;
    ctx.require_open(&schedule, Activity::Vote)?;
    let requested = requested()?;
    let mut tx = db::begin(&mut c).await?;
    let tally = db::votes::vote_idea(&mut tx, idea_id, me, requested).await?;
    tx.commit().await?;
    Ok(tally)
}

pub async fn rate_argument(ctx: &Ctx, argument_id: i64, value: i64) -> Result<Tally, AppError> {
    let mut c = ctx.db.conn().await?;
    let me = ctx
        .authorize_on_argument(&mut c, Permission::RateArgument, argument_id)
        .await?;
    let schedule = db::consultations::schedule_of_argument(&mut c, argument_id)
        .await?
        .ok_or(AppError::NotFound)?;
    ctx.require_open(&schedule, Activity::Vote)?;
    let requested = super::rules::parse_request(value)?;
    let mut tx = db::begin(&mut c).await?;
    let tally = db::votes::vote_argument(&mut tx, argument_id, me, requested).await?;
    tx.commit().await?;
    Ok(tally)
}
