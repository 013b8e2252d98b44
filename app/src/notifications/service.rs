//! The notification centre (one page of it), following ideas, reading notifications, and the
//! person's mail settings.

use super::rules::MailMode;
use crate::authz::{Permission, Target};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::server::db;

/// The notification centre of the signed-in person, one page of it.
/// (The settings form's flash is the request's: the server function adds it.)
pub async fn notifications_page(
    ctx: &Ctx,
    page: &str,
) -> Result<super::NotificationsView, AppError> {
    use super::rules::PER_PAGE;
    let me = ctx.actor.user_id.ok_or(AppError::Unauthorized)?;
    let me = ctx.authorize(Permission::ManageOwnAccount, Target::account(me))?;
    let page = crate::ideas::rules::parse_page(Some(page));
    let mut c = ctx.db.conn().await?;
    let (rows, total) = db::notifications::page(&mut c, me, page, PER_PAGE).await?;
    let unread = db::notifications::unread(&mut c, me).await?;
    let (mode, lang, time_zone) = db::notifications::settings(&mut c, me)
        .await?
        .ok_or(AppError::Unauthorized)?;
    drop(c);
    Ok(super::NotificationsView {
        items: rows
            .iter()
            .map(|r| super::text::describe(ctx.lang, r))
            .collect(),
        unread,
        page,
        pages: crate::moderation::rules::page_count(total, PER_PAGE),
        mail_mode: MailMode::from_stored(&mode),
        lang: crate::i18n::Lang::from_code(&lang).unwrap_or_default(),
        time_zone: time_zone.unwrap_or_default(),
        zones: crate::time::zone_names().to_vec(),
        site_zone: crate::time::site_zone_name().to_string(),
        flash: None,
    })
}

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
