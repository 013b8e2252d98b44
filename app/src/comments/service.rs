//! Commenting on an idea.

use crate::authz::Permission;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::server::db;

/// Adds a comment; returns its id.
pub async fn add_comment(ctx: &Ctx, idea_id: i64, body: &str) -> Result<i64, AppError> {
    let mut c = ctx.db.conn().await?;
    let me = ctx
        .authorize_on_idea(&mut c, Permission::AddComment, idea_id)
        .await?;
    let body = super::rules::validate_comment(body)?;
    let mut tx = db::begin(&mut c).await?;
    let id = db::comments::add(&mut tx, idea_id, me, &body).await?;
    tx.commit().await?;
    Ok(id)
}
