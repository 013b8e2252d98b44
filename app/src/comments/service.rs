//! Commenting on an idea.

use crate::authz::Permission;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::server::db;

/// Adds a comment; returns its id.
pub async fn add_comment(ctx: &Ctx, idea_id: i64, body: &str) -> Result<i64, AppError> {
    let me = ctx
        .authorize_on_idea(Permission::AddComment, idea_id)
        .await?;
    let body = super::rules::validate_comment(body)?;
    let mut tx = ctx.db.begin().await?;
    let id = db::comments::add(&mut tx, idea_id, me, &body).await?;
    tx.commit().await?;
    Ok(id)
}
