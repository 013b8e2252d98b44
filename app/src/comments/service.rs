//! Commenting on an idea.

use crate::authz::{Permission, Target};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::server::db;

/// Adds a comment; returns its id.
pub async fn add_comment(ctx: &Ctx, idea_id: i64, body: &str) -> Result<i64, AppError> {
    let mut c = ctx.db.conn().await?;
    let (community_id, author_id) = db::ideas::owner(&mut c, idea_id)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(c);
    let me = ctx.authorize(
        Permission::AddComment,
        Target::content(community_id, author_id),
    )?;
    let body = super::rules::validate_comment(body)?;
    let mut tx = ctx.db.begin().await?;
    let id = db::comments::add(&mut tx, idea_id, me, &body).await?;
    tx.commit().await?;
    Ok(id)
}
