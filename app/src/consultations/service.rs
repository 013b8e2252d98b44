//! Setting up communities, consultations and categories from the browser.

use super::rules::{self, ConsultationForm, Texts};
use crate::authz::{Permission, Target};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::moderation::rules::AuditAction;
use crate::moderation::service::{audit_settings, audit_target, AuditTarget};
use crate::server::db::{self, DbError};

/// Creates a community (site administrators); returns its slug.
pub async fn create_community(ctx: &Ctx, slug: &str, texts: &Texts) -> Result<String, AppError> {
    ctx.authorize_admin(Permission::CreateCommunity, Target::site())?;
    let slug = rules::validate_slug(slug);
    let valid = rules::validate_texts(texts);
    let (slug, (name, description)) = merge(slug, valid)?;
    let mut tx = ctx.db.begin().await?;
    let id = match db::consultations::create_community(&mut tx, &slug, &name, &description).await {
        Err(DbError::Unique) => return Err(AppError::invalid("slug", Msg::ErrSlugTaken)),
        other => other?,
    };
    audit_settings(&mut tx, ctx, id, AuditTarget::Community(id)).await?;
    tx.commit().await?;
    Ok(slug)
}

/// Changes a community's name and description (its administrators).
pub async fn update_community(ctx: &Ctx, community_id: i64, texts: &Texts) -> Result<(), AppError> {
    ctx.authorize_admin(
        Permission::ManageConsultations,
        Target::community(community_id),
    )?;
    let (name, description) = rules::validate_texts(texts)?;
    let mut tx = ctx.db.begin().await?;
    db::consultations::update_community(&mut tx, community_id, &name, &description).await?;
    let target = AuditTarget::Community(community_id);
    audit_settings(&mut tx, ctx, community_id, target).await?;
    tx.commit().await?;
    Ok(())
}

/// Creates a consultation in a community (`consultation_id` None) or changes one; returns its
/// id. Its administrators only; the dates must be in order.
pub async fn save_consultation(
    ctx: &Ctx,
    community_id: i64,
    consultation_id: Option<i64>,
    form: &ConsultationForm,
) -> Result<i64, AppError> {
    let community_id = match consultation_id {
        // An existing consultation is changed in its own community, whatever the form says.
        Some(id) => {
            db::consultations::by_id(&mut *ctx.db.conn().await?, id)
                .await?
                .ok_or(AppError::NotFound)?
                .community_id
        }
        None => community_id,
    };
    ctx.authorize_admin(
        Permission::ManageConsultations,
        Target::community(community_id),
    )?;
    let v = rules::validate_consultation(form)?;
    let mut tx = ctx.db.begin().await?;
    let id = match consultation_id {
        Some(id) => {
            db::consultations::update_consultation(
                &mut tx,
                id,
                v.position,
                &v.name,
                &v.description,
            )
            .await?;
            id
        }
        None => {
            db::consultations::create_consultation(
                &mut tx,
                community_id,
                v.position,
                &v.name,
                &v.description,
            )
            .await?
        }
    };
    db::consultations::set_schedule(&mut tx, id, v.schedule).await?;
    let target = AuditTarget::Consultation(id);
    audit_settings(&mut tx, ctx, community_id, target).await?;
    tx.commit().await?;
    Ok(id)
}

/// Adds a category (`category_id` None) to a community, or renames and moves one.
pub async fn save_category(
    ctx: &Ctx,
    community_id: i64,
    category_id: Option<i64>,
    texts: &Texts,
    position: &str,
) -> Result<(), AppError> {
    let community_id = match category_id {
        Some(id) => community_of_category(ctx, id).await?,
        None => community_id,
    };
    ctx.authorize_admin(
        Permission::ManageConsultations,
        Target::community(community_id),
    )?;
    let texts = Texts {
        name_sl: texts.name_sl.clone(),
        name_en: texts.name_en.clone(),
        ..Texts::default()
    };
    let position = rules::parse_position(position)
        .ok_or_else(|| AppError::invalid("position", Msg::ErrPosition));
    let ((name, _), position) = merge(rules::validate_texts(&texts), position)?;
    let mut tx = ctx.db.begin().await?;
    match category_id {
        Some(id) => db::consultations::update_category(&mut tx, id, &name, position).await?,
        None => {
            db::consultations::create_category(&mut tx, community_id, &name).await?;
        }
    }
    let target = AuditTarget::Community(community_id);
    audit_settings(&mut tx, ctx, community_id, target).await?;
    tx.commit().await?;
    Ok(())
}

/// Removes a category; its ideas stay, without a category.
pub async fn remove_category(ctx: &Ctx, category_id: i64) -> Result<(), AppError> {
    let community_id = community_of_category(ctx, category_id).await?;
    ctx.authorize_admin(
        Permission::ManageConsultations,
        Target::community(community_id),
    )?;
    let mut tx = ctx.db.begin().await?;
    db::consultations::delete_category(&mut tx, category_id).await?;
    let me = ctx.actor.user_id;
    let target = AuditTarget::Community(community_id);
    audit_target(
        &mut tx,
        me,
        community_id,
        AuditAction::CategoryRemoved,
        target,
        None,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn community_of_category(ctx: &Ctx, category_id: i64) -> Result<i64, AppError> {
    db::consultations::community_of_category(&mut *ctx.db.conn().await?, category_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Sets a consultation's cover image from an upload (`None` removes it). The upload is
/// re-encoded first (see `cover`), so no metadata of the original file is ever stored.
pub async fn set_cover(
    ctx: &Ctx,
    consultation_id: i64,
    upload: Option<Vec<u8>>,
) -> Result<(), AppError> {
    let community_id = authorize_setup(ctx, consultation_id).await?;
    let cover = match upload {
        // Decoding a photo takes tens of milliseconds of CPU: not on the async threads.
        Some(bytes) => Some(super::cover::reencode_in_turn(bytes).await?),
        None => None,
    };
    let me = ctx.actor.user_id;
    let mut tx = ctx.db.begin().await?;
    let image_id = match &cover {
        Some(c) => {
            let (w, h) = (c.width as i64, c.height as i64);
            Some(db::consultations::insert_image(&mut tx, &c.jpeg, w, h, me).await?)
        }
        None => None,
    };
    db::consultations::set_cover(&mut tx, consultation_id, image_id).await?;
    let target = AuditTarget::Consultation(consultation_id);
    let action = match image_id {
        Some(_) => AuditAction::Cover,
        None => AuditAction::CoverRemoved,
    };
    audit_target(&mut tx, me, community_id, action, target, None, None).await?;
    tx.commit().await?;
    Ok(())
}

/// Both results' field errors together, so a form shows every mistake at once.
fn merge<A, B>(a: Result<A, AppError>, b: Result<B, AppError>) -> Result<(A, B), AppError> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (Err(AppError::Validation(mut x)), Err(AppError::Validation(y))) => {
            x.extend(y);
            Err(AppError::Validation(x))
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

/// The community of a consultation whose settings the actor changes, once they may
/// (`ManageConsultations` there); `NotFound` when there is no such consultation.
pub async fn authorize_setup(ctx: &Ctx, consultation_id: i64) -> Result<i64, AppError> {
    let community_id = db::consultations::by_id(&mut *ctx.db.conn().await?, consultation_id)
        .await?
        .ok_or(AppError::NotFound)?
        .community_id;
    ctx.authorize_admin(
        Permission::ManageConsultations,
        Target::community(community_id),
    )?;
    Ok(community_id)
}
