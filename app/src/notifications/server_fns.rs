//! The notification centre's server functions: the request's context, then `service`.

use super::NotificationsView;
use crate::error::AppError;
use leptos::prelude::*;

/// The notification centre of the signed-in person, one page of it.
#[server]
pub async fn notifications_data(page: String) -> Result<NotificationsView, AppError> {
    use crate::request::{request_ctx, take_flash};
    let ctx = request_ctx().await?;
    let view = super::service::notifications_page(&ctx, &page).await?;
    Ok(NotificationsView {
        flash: take_flash().await?,
        ..view
    })
}

#[server]
pub async fn mark_notifications_read() -> Result<(), AppError> {
    use crate::request::{finish_form, request_ctx};
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
    use crate::request::{finish_form, request_ctx};
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
    use crate::request::{finish_form, request_ctx};
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
