//! Arguing for or against an idea.

use crate::authz::Permission;
use crate::consultations::rules::Activity;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::server::db;

/// Adds an argument on `side` ("for" or "against"); returns its id.
pub async fn add_argument(
    ctx: &Ctx,
    idea_id: i64,
    side: &str,
    body: &str,
) -> Result<i64, AppError> {
    let mut c = ctx.db.conn().await?;
    let me = ctx
        .authorize_on_idea(&mut c, Permission::AddArgument, idea_id)
        .await?;
    let schedule = db::consultations::schedule_of_idea(&mut c, idea_id)
        .await?
        .ok_or(AppError::NotFound)?;
    ctx.require_open(&schedule, Activity::Discuss)?;
    let side = super::rules::Side::parse(side)?;
    let body = super::rules::validate_argument(body)?;
    let mut tx = db::begin(&mut c).await?;
    let id = db::arguments::add(&mut tx, idea_id, me, side, &body).await?;
    // The idea's author hears of the reply (in the same transaction as the reply).
    if let Some((_, author)) = ctx.db.owners.idea(&mut tx, idea_id).await? {
        db::notifications::notify_one(&mut tx, author, idea_id, "argument", id, Some(me)).await?;
    }
    tx.commit().await?;
    Ok(id)
}
