//! Posting and editing ideas.

use super::rules::{self, IdeaDraft, ValidIdea};
use crate::authz::{Permission, Target};
use crate::consultations::rules::Activity;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::moderation::rules::{ContentRef, Kind};
use crate::moderation::service::audit;
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
    let schedule = consultation.schedule();
    ctx.require_open(&schedule, Activity::Propose)?;
    let valid = validate(&mut c, consultation.community_id, draft).await?;
    let awaiting_approval = consultation.premoderation == 1;
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
            awaiting_approval,
        },
    )
    .await?;
    if awaiting_approval {
        let cause = db::moderation::Cause {
            awaiting_approval: true,
            ..Default::default()
        };
        let r = ContentRef::new(Kind::Idea, id);
        db::moderation::enqueue(&mut tx, r, consultation.community_id, cause).await?;
    }
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
    let me = ctx.authorize(
        Permission::EditIdea,
        Target::content(community_id, author_id),
    )?;
    if db::ideas::by_id(&mut c, idea_id, 0)
        .await?
        .is_some_and(|i| i.kind == "measure")
    {
        // A measure changes through `measures::service`, which keeps each version.
        return Err(AppError::Forbidden);
    }
    if me == author_id {
        // Authors change their ideas while proposals are open; moderators at any time.
        let schedule = db::consultations::schedule_of_idea(&mut c, idea_id)
            .await?
            .ok_or(AppError::NotFound)?;
        ctx.require_open(&schedule, Activity::Propose)?;
    }
    let valid = validate(&mut c, community_id, draft).await?;
    let keep_revision = db::ideas::has_engagement(&mut c, idea_id)
        .await?
        .then_some(me);
    let mut tx = db::begin(&mut c).await?;
    db::ideas::update(
        &mut tx,
        idea_id,
        &valid.title,
        &valid.body,
        &excerpt_of(&valid.body),
        valid.category_id,
        keep_revision,
    )
    .await?;
    if me != author_id {
        // A moderator's change of someone else's words is never silent.
        let r = ContentRef::new(Kind::Idea, idea_id);
        audit(&mut tx, Some(me), community_id, "edit", r, None, None).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Gives ideas an official status with a public message, in one transaction: each change is
/// kept in the idea's history, audited, and told once to everyone who took part in the idea
/// (not to the one answering). All the ideas must be in communities the person runs.
/// Returns how many ideas were answered.
pub async fn answer_ideas(
    ctx: &Ctx,
    idea_ids: &[i64],
    status: &str,
    message: &str,
) -> Result<usize, AppError> {
    let mut c = ctx.db.conn().await?;
    let found = db::ideas::communities_of(&mut c, idea_ids).await?;
    if found.is_empty() {
        return Err(AppError::invalid("ideas", crate::i18n::Msg::ErrChooseIdeas));
    }
    for (_, community_id) in &found {
        ctx.authorize_admin(Permission::AnswerIdeas, Target::community(*community_id))?;
    }
    let (status, message) = rules::validate_answer(status, message)?;
    let me = ctx.actor.user_id;
    let mut tx = db::begin(&mut c).await?;
    for (idea_id, community_id) in &found {
        let change = db::ideas::set_status(&mut tx, *idea_id, status, &message, me).await?;
        db::notifications::fan_out(&mut tx, *idea_id, "status", change, me).await?;
        let r = ContentRef::new(Kind::Idea, *idea_id);
        audit(
            &mut tx,
            me,
            *community_id,
            "answer",
            r,
            None,
            Some(&message),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(found.len())
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
