//! Moderation's server functions: page loaders and plain forms. Each builds the request's
//! context and calls a service (`service` for writes, `service::pages` for what pages show).

use super::{BanFormView, ItemView, LogView, MembersView, QueueView};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::rules::ContentRef;

#[cfg(feature = "ssr")]
fn parse_target(target: &str) -> Result<ContentRef, AppError> {
    ContentRef::parse(target).ok_or(AppError::NotFound)
}

/// One item for the report, appeal and moderation pages.
#[server]
pub async fn item_data(target: String) -> Result<ItemView, AppError> {
    use crate::request::{request_ctx, take_flash};
    let ctx = request_ctx().await?;
    let view = super::service::item_page(&ctx, parse_target(&target)?).await?;
    Ok(ItemView {
        flash: take_flash().await?,
        ..view
    })
}

/// `reason` is a radio group: a form sent with none chosen has no such field at all.
#[server]
pub async fn report_content(
    target: String,
    reason: Option<String>,
    note: String,
) -> Result<(), AppError> {
    let reason = reason.unwrap_or_default();
    use crate::request::{check_rate, finish_form, request_ctx};
    use crate::server::rate_limit::Limit;
    let result = async {
        let ctx = request_ctx().await?;
        check_rate(Limit::Posting)?;
        let r = parse_target(&target)?;
        super::service::report(&ctx, r, &reason, &note).await?;
        let idea = super::service::idea_of(&ctx, r).await?;
        leptos_axum::redirect(&crate::notices::with_notice(
            &format!("/ideas/{idea}"),
            crate::notices::Notice::Reported,
        ));
        Ok(())
    }
    .await;
    let values = [
        ("reason", reason.as_str(), 20),
        ("note", note.as_str(), super::rules::MAX_REPORT_NOTE_CHARS),
    ];
    finish_form("report", &values, result).await
}

#[server]
pub async fn appeal_content(target: String, body: String) -> Result<(), AppError> {
    use crate::request::{check_rate, finish_form, request_ctx};
    use crate::server::rate_limit::Limit;
    let result = async {
        let ctx = request_ctx().await?;
        check_rate(Limit::Posting)?;
        let r = parse_target(&target)?;
        super::service::appeal(&ctx, r, &body).await?;
        let idea = super::service::idea_of(&ctx, r).await?;
        leptos_axum::redirect(&crate::notices::with_notice(
            &format!("/ideas/{idea}"),
            crate::notices::Notice::Appealed,
        ));
        Ok(())
    }
    .await;
    let values = [("body", body.as_str(), super::rules::MAX_APPEAL_CHARS)];
    finish_form("appeal", &values, result).await
}

/// The queue's form and the one-item moderation form. `decision` applies to every checked
/// `items[N]`; the button `single=page` applies it to every item of the page (`page_items[N]`),
/// so a page of the queue is cleared with one press, also without JavaScript; a button
/// `single` of one entry ("approve:idea:12") decides that entry alone.
#[server]
pub async fn decide_items(
    items: Option<Vec<String>>,
    page_items: Option<Vec<String>>,
    decision: Option<String>,
    reason: Option<String>,
    note: Option<String>,
    single: Option<String>,
    back: Option<String>,
) -> Result<(), AppError> {
    use crate::request::{finish_form, request_ctx};
    let (reason, note) = (reason.unwrap_or_default(), note.unwrap_or_default());
    // What the moderator chose comes back with a mistake: the decision and the ticked items.
    let chosen_decision = decision.clone().unwrap_or_default();
    let ticked = items.clone().unwrap_or_default().join(",");
    let result = async {
        let ctx = request_ctx().await?;
        let parse_all = |keys: Option<Vec<String>>| {
            keys.unwrap_or_default()
                .iter()
                .map(|t| parse_target(t))
                .collect::<Result<Vec<_>, _>>()
        };
        let decision_of_form = decision.unwrap_or_default();
        let (decision, targets) = match single.as_deref() {
            Some("page") => (decision_of_form, parse_all(page_items)?),
            Some(button) => {
                let (decision, target) = button.split_once(':').ok_or(AppError::BadRequest)?;
                (decision.to_string(), vec![parse_target(target)?])
            }
            None => (decision_of_form, parse_all(items)?),
        };
        let n = super::service::decide(&ctx, &targets, &decision, &reason, &note).await? as i64;
        let back = crate::accounts::safe_next(back.as_deref());
        use super::rules::Decision;
        use crate::notices::Notice;
        let notice = match Decision::parse(&decision)? {
            Decision::Approve => Notice::Approved(n),
            Decision::Hide => Notice::Hid(n),
            Decision::Restore => Notice::Restored(n),
            Decision::KeepHidden => Notice::KeptHidden(n),
            Decision::Delete => Notice::Deleted(n),
        };
        leptos_axum::redirect(&crate::notices::with_notice(&back, notice));
        Ok(())
    }
    .await;
    let values = [
        ("decision", chosen_decision.as_str(), 20),
        ("items", ticked.as_str(), 4000),
        ("reason", reason.as_str(), 20),
        (
            "note",
            note.as_str(),
            super::rules::MAX_MODERATOR_NOTE_CHARS,
        ),
    ];
    finish_form("decide", &values, result).await
}

#[server]
pub async fn queue_data(
    slug: String,
    kind: String,
    reason: String,
    page: String,
) -> Result<QueueView, AppError> {
    use crate::request::{request_ctx, take_flash};
    let ctx = request_ctx().await?;
    let view = super::service::queue_page(&ctx, &slug, &kind, &reason, &page).await?;
    Ok(QueueView {
        flash: take_flash().await?,
        ..view
    })
}

/// The public moderation log (`audit` false: anyone) or the audit log (administrators).
#[server]
pub async fn log_data(
    slug: String,
    audit: bool,
    action: String,
    page: String,
) -> Result<LogView, AppError> {
    let ctx = crate::request::request_ctx().await?;
    super::service::log_page(&ctx, &slug, audit, &action, &page).await
}

#[server]
pub async fn members_data(slug: String, q: String) -> Result<MembersView, AppError> {
    use crate::request::{request_ctx, take_flash};
    let ctx = request_ctx().await?;
    let view = super::service::members_page(&ctx, &slug, &q).await?;
    Ok(MembersView {
        flash: take_flash().await?,
        ..view
    })
}

#[server]
pub async fn set_member_role(
    community_id: i64,
    user_id: i64,
    role: String,
    back: String,
) -> Result<(), AppError> {
    use crate::authz::Role;
    use crate::request::{finish_form, request_ctx};
    let result = async {
        let ctx = request_ctx().await?;
        let role = Role::ALL
            .into_iter()
            .find(|r| r.as_str() == role)
            .ok_or(AppError::BadRequest)?;
        crate::accounts::service::set_role_of(&ctx, community_id, user_id, role).await?;
        leptos_axum::redirect(&crate::notices::with_notice(
            &crate::accounts::safe_next(Some(&back)),
            crate::notices::Notice::RoleSaved,
        ));
        Ok(())
    }
    .await;
    finish_form("members", &[], result).await
}

#[server]
pub async fn ban_form_data(slug: String, user_id: i64) -> Result<BanFormView, AppError> {
    use crate::request::{request_ctx, take_flash};
    let ctx = request_ctx().await?;
    let view = super::service::ban_form(&ctx, &slug, user_id).await?;
    Ok(BanFormView {
        flash: take_flash().await?,
        ..view
    })
}

#[server]
pub async fn ban_person(
    community_id: i64,
    user_id: i64,
    reason: String,
    note: String,
    until: String,
    hide_all: Option<String>,
    back: String,
) -> Result<(), AppError> {
    use crate::request::{finish_form, request_ctx};
    let result = async {
        let ctx = request_ctx().await?;
        let request = super::service::BanRequest {
            community_id,
            user_id,
            reason: &reason,
            note: &note,
            until: &until,
            hide_all: hide_all.is_some(),
        };
        super::service::ban(&ctx, request).await?;
        leptos_axum::redirect(&crate::notices::with_notice(
            &crate::accounts::safe_next(Some(&back)),
            crate::notices::Notice::Banned,
        ));
        Ok(())
    }
    .await;
    let values = [
        ("reason", reason.as_str(), 20),
        (
            "note",
            note.as_str(),
            super::rules::MAX_MODERATOR_NOTE_CHARS,
        ),
        ("until", until.as_str(), 10),
    ];
    finish_form("ban", &values, result).await
}

#[server]
pub async fn unban_person(community_id: i64, user_id: i64, back: String) -> Result<(), AppError> {
    use crate::request::{finish_form, request_ctx};
    let result = async {
        let ctx = request_ctx().await?;
        super::service::unban(&ctx, community_id, user_id).await?;
        leptos_axum::redirect(&crate::notices::with_notice(
            &crate::accounts::safe_next(Some(&back)),
            crate::notices::Notice::Unbanned,
        ));
        Ok(())
    }
    .await;
    finish_form("members", &[], result).await
}

/// The administrators' settings on the queue page: the auto-hide threshold and which
/// consultations pre-moderate new ideas (`premoderated[N]` = a consultation id).
#[server]
pub async fn save_moderation_settings(
    slug: String,
    threshold: String,
    min_days: Option<String>,
    premoderated: Option<Vec<String>>,
) -> Result<(), AppError> {
    let min_days = min_days.unwrap_or_default();
    use crate::request::{finish_form, request_ctx};
    let result = async {
        let ctx = request_ctx().await?;
        let community = super::service::community_id(&ctx, &slug).await?;
        let on: Vec<i64> = premoderated
            .unwrap_or_default()
            .iter()
            .filter_map(|id| id.parse().ok())
            .collect();
        let form = super::service::ModerationSettings {
            threshold: &threshold,
            min_days: Some(min_days.as_str()).filter(|d| !d.is_empty()),
            premoderated: &on,
        };
        super::service::save_settings(&ctx, community, &form).await?;
        leptos_axum::redirect(&crate::notices::with_notice(
            &format!("/communities/{slug}/moderation"),
            crate::notices::Notice::Saved,
        ));
        Ok(())
    }
    .await;
    let values = [
        ("threshold", threshold.as_str(), 3),
        ("min_days", min_days.as_str(), 3),
    ];
    finish_form("settings", &values, result).await
}
