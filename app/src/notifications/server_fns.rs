use super::NotificationsView;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::server::db;

/// The notification centre of the signed-in person, one page of it.
#[server]
pub async fn notifications_data(page: String) -> Result<NotificationsView, AppError> {
    use super::rules::{MailMode, PER_PAGE};
    use crate::server::context::{request_ctx, take_flash};
    let ctx = request_ctx().await?;
    let me = ctx.actor.user_id.ok_or(AppError::Unauthorized)?;
    let page = crate::ideas::rules::parse_page(Some(&page));
    let mut c = ctx.db.conn().await?;
    let (rows, total) = db::notifications::page(&mut c, me, page, PER_PAGE).await?;
    let unread = db::notifications::unread(&mut c, me).await?;
    let (mode, lang, time_zone) = db::notifications::settings(&mut c, me)
        .await?
        .ok_or(AppError::Unauthorized)?;
    drop(c);
    Ok(NotificationsView {
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
        flash: take_flash().await?,
    })
}

#[server]
pub async fn mark_notifications_read() -> Result<(), AppError> {
    use crate::server::context::{finish_form, request_ctx};
    let result = async {
        super::service::mark_all_read(&request_ctx().await?).await?;
        leptos_axum::redirect(&crate::notices::with_notice(
            "/notifications",
            crate::notices::Notice::MarkedRead,
        ));
        Ok(())
    }
    .await;
    finish_form("notifications", &[], result).await
}

#[server]
pub async fn save_notification_settings(
    mail_mode: String,
    lang: String,
    #[server(default)] time_zone: String,
    #[server(default)] other_zone: String,
) -> Result<(), AppError> {
    use crate::server::context::{finish_form, request_ctx};
    // "Another zone" in the list means the one typed under it.
    let time_zone = match time_zone.as_str() {
        "other" => other_zone.trim().to_string(),
        _ => time_zone,
    };
    let result = async {
        let ctx = request_ctx().await?;
        super::service::save_settings(&ctx, &mail_mode, &lang, &time_zone).await?;
        leptos_axum::redirect(&crate::notices::with_notice_at(
            "/notifications",
            crate::notices::Notice::Saved,
            "settings-heading",
        ));
        Ok(())
    }
    .await;
    let values = [
        ("mail_mode", mail_mode.as_str(), 10),
        ("lang", lang.as_str(), 5),
        ("time_zone", time_zone.as_str(), 64),
    ];
    finish_form("settings", &values, result).await
}

/// Follows (`follow` = "1") or stops following an idea, then returns to it.
#[server]
pub async fn follow_idea(idea_id: i64, follow: String) -> Result<(), AppError> {
    use crate::server::context::{finish_form, request_ctx};
    let result = async {
        let ctx = request_ctx().await?;
        let follows = follow == "1";
        super::service::set_follow(&ctx, idea_id, follows).await?;
        let notice = match follows {
            true => crate::notices::Notice::Following,
            false => crate::notices::Notice::NotFollowing,
        };
        leptos_axum::redirect(&crate::notices::with_notice_at(
            &format!("/ideas/{idea_id}"),
            notice,
            "follow",
        ));
        Ok(())
    }
    .await;
    finish_form("follow", &[], result).await
}
