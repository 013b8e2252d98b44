//! Commenting on an idea.

use crate::authz::Permission;
use crate::consultations::rules::Activity;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::server::db;

/// Adds a comment, or a reply to comment `reply_to` of the same idea; returns its id.
pub async fn add_comment(
    ctx: &Ctx,
    idea_id: i64,
    reply_to: Option<i64>,
    body: &str,
) -> Result<i64, AppError> {
    let mut c = ctx.db.conn().await?;
    let me = ctx
        .authorize_on_idea(&mut c, Permission::AddComment, idea_id)
        .await?;
    let schedule = db::consultations::schedule_of_idea(&mut c, idea_id)
        .await?
        .ok_or(AppError::NotFound)?;
    ctx.require_open(&schedule, Activity::Discuss)?;
    let body = super::rules::validate_comment(body)?;
    // A reply answers a comment of this idea (a hidden one too: the thread still reads).
    let parent = match reply_to {
        Some(parent_id) => {
            let p = db::comments::parent(&mut c, parent_id)
                .await?
                .filter(|p| p.idea_id == idea_id)
                .ok_or(AppError::NotFound)?;
            let place = super::reply_place(parent_id, p.depth, p.parent_id);
            Some((place, p.author_id))
        }
        None => None,
    };
    let mut tx = db::begin(&mut c).await?;
    let id = db::comments::add(&mut tx, idea_id, me, &body, parent.map(|(p, _)| p)).await?;
    // Who wrote the comment answered, and the idea's author, hear of it once each (in the same
    // transaction as the comment); nobody hears of their own.
    let answered = parent.map(|(_, author)| author);
    if let Some(author) = answered {
        db::notifications::notify_one(&mut tx, author, idea_id, "comment", id, Some(me)).await?;
    }
    if let Some((_, author)) = ctx.db.owners.idea(&mut tx, idea_id).await? {
        if Some(author) != answered {
            db::notifications::notify_one(&mut tx, author, idea_id, "comment", id, Some(me))
                .await?;
        }
    }
    tx.commit().await?;
    Ok(id)
}
