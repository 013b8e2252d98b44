//! Posting and editing ideas.

use super::rules::{self, IdeaDraft, ValidIdea};
use crate::authz::{Permission, Target};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::server::db::{self, Conn, NewIdea};

/// Posts an idea in a consultation; returns its id.
pub async fn create_idea(
    ctx: &Ctx,
    consultation_id: i64,
    draft: &IdeaDraft,
) -> Result<i64, AppError> {
    let mut c = ctx.db.conn().await?;
    let consultation = db::consultations::by_id(&mut c, consultation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let author_id = ctx.authorize(
        Permission::PostIdea,
        Target::community(consultation.community_id),
    )?;
    let valid = validate(&mut c, consultation.community_id, draft).await?;
    let mut tx = db::begin(&mut c).await?;
    let id = db::ideas::create(
        &mut tx,
        NewIdea {
            consultation_id,
            author_id,
            category_id: valid.category_id,
            title: &valid.title,
            body: &valid.body,
            excerpt: &excerpt_of(&valid.body),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes an idea's title, description and category.
pub async fn update_idea(ctx: &Ctx, idea_id: i64, draft: &IdeaDraft) -> Result<(), AppError> {
    let mut c = ctx.db.conn().await?;
    let (community_id, author_id) = ctx
        .db
        .owners
        .idea(&mut c, idea_id)
        .await?
        .ok_or(AppError::NotFound)?;
    ctx.authorize(
        Permission::EditIdea,
        Target::content(community_id, author_id),
    )?;
    let valid = validate(&mut c, community_id, draft).await?;
    let mut tx = db::begin(&mut c).await?;
    db::ideas::update(
        &mut tx,
        idea_id,
        &valid.title,
        &valid.body,
        &excerpt_of(&valid.body),
        valid.category_id,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn validate(
    c: &mut Conn,
    community_id: i64,
    draft: &IdeaDraft,
) -> Result<ValidIdea, AppError> {
    let allowed: Vec<i64> = db::consultations::categories(c, community_id)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    rules::validate_idea(draft, &allowed)
}

/// The excerpt shown on cards, derived from the Markdown when the idea is saved.
fn excerpt_of(body: &str) -> String {
    rules::excerpt(&crate::server::markdown::plain_text(body), 180)
}
