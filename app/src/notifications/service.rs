//! Following ideas, reading notifications, and the person's mail settings.

use super::rules::MailMode;
use crate::authz::{Permission, Target};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::server::db;

/// Follows an idea (or stops following it) to hear of its official answers.
pub async fn set_follow(ctx: &Ctx, idea_id: i64, follow: bool) -> Result<(), AppError> {
    let mut c = ctx.db.conn().await?;
    let (community_id, _) = ctx
        .db
        .owners
        .idea(&mut c, idea_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let me = ctx.authorize(Permission::Follow, Target::community(community_id))?;
    let mut tx = db::begin(&mut c).await?;
    db::notifications::set_follow(&mut tx, me, idea_id, follow).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn mark_all_read(ctx: &Ctx) -> Result<u64, AppError> {
    let me = ctx.actor.user_id.ok_or(AppError::Unauthorized)?;
    let mut tx = ctx.db.begin().await?;
    let n = db::notifications::mark_all_read(&mut tx, me).await?;
    tx.commit().await?;
    Ok(n)
}

/// How the person wants mail, and the language Posvet writes to them in.
/// Saves how often mail comes, its language and the zone dates are shown in ("" for the
/// site's).
pub async fn save_settings(
    ctx: &Ctx,
    mail_mode: &str,
    lang: &str,
    time_zone: &str,
) -> Result<(), AppError> {
    let me = ctx.actor.user_id.ok_or(AppError::Unauthorized)?;
    let mode = MailMode::parse(mail_mode)?;
    let lang =
        Lang::from_code(lang).ok_or_else(|| AppError::invalid("lang", Msg::ErrChooseLanguage))?;
    let zone = match time_zone.trim() {
        "" => None,
        z if crate::time::is_zone(z) => Some(z),
        _ => return Err(AppError::invalid("time_zone", Msg::ErrChooseTimeZone)),
    };
    let mut tx = ctx.db.begin().await?;
    db::notifications::save_settings(&mut tx, me, mode.as_str(), lang.code(), zone).await?;
    tx.commit().await?;
    Ok(())
}
