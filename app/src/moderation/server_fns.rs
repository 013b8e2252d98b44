//! Moderation's server functions: page loaders and plain forms. Each builds the request's
//! context and calls a service (writes) or reads after asking `authorize` (pages).

use super::{BanFormView, ItemView, LogView, MembersView, QueueView};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::rules::{sight, ContentRef, Kind, Reason};
#[cfg(feature = "ssr")]
use super::seen::{as_seen_by, Stored};
#[cfg(feature = "ssr")]
use crate::{
    authz::{Permission, Target},
    ctx::Ctx,
    i18n::Localized,
    server::db::{self, moderation as m, CommunityRow},
};

#[cfg(feature = "ssr")]
fn parse_target(target: &str) -> Result<ContentRef, AppError> {
    ContentRef::parse(target).ok_or(AppError::NotFound)
}

#[cfg(feature = "ssr")]
async fn community(ctx: &Ctx, slug: &str) -> Result<CommunityRow, AppError> {
    let mut c = ctx.db.conn().await?;
    db::consultations::community_by_slug(&mut c, slug)
        .await?
        .ok_or(AppError::NotFound)
}

/// One item for the report, appeal and moderation pages.
#[server]
pub async fn item_data(target: String) -> Result<ItemView, AppError> {
    use crate::server::context::{request_ctx, take_flash};
    let ctx = request_ctx().await?;
    let r = parse_target(&target)?;
    let me = ctx.actor.user_id.ok_or(AppError::Unauthorized)?;
    let mut c = ctx.db.conn().await?;
    let facts = m::facts(&mut c, r).await?.ok_or(AppError::NotFound)?;
    let idea = db::ideas::by_id(&mut c, facts.idea_id, 0)
        .await?
        .ok_or(AppError::NotFound)?;
    let community = db::consultations::by_id(&mut c, idea.consultation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mine = facts.author_id == me;
    // An argument or comment under a hidden idea is out of sight with it: only the idea's
    // author and moderators see the idea, and only the item's own author learns the item exists.
    let idea_seen = sight(
        &ctx.actor,
        facts.community_id,
        Some(idea.author_id),
        idea.hidden == 1,
    );
    let idea_visible = idea_seen.text;
    if !idea_visible && !mine {
        return Err(AppError::NotFound);
    }
    let (text, author_name) = match r.kind {
        Kind::Idea => (idea.excerpt.clone(), idea.author_name.clone()),
        Kind::Argument => {
            let a = db::arguments::of_idea(&mut c, idea.id, 0).await?;
            let a = a
                .into_iter()
                .find(|a| a.id == r.id)
                .ok_or(AppError::NotFound)?;
            (a.body, a.author_name)
        }
        Kind::Comment => {
            let cs = db::comments::of_idea(&mut c, idea.id).await?;
            let x = cs
                .into_iter()
                .find(|x| x.id == r.id)
                .ok_or(AppError::NotFound)?;
            (x.body, x.author_name)
        }
    };
    let appeals = m::appeals_on_idea(&mut c, facts.author_id, idea.id).await?;
    let stored = Stored {
        item: r,
        community_id: facts.community_id,
        author_id: Some(facts.author_id),
        hidden: facts.hidden,
        reason: facts.hidden_reason.as_deref(),
        note: match r.kind {
            Kind::Idea => idea.hidden_note.clone(),
            _ => None,
        },
    };
    let (seen, hidden) = as_seen_by(stored, &ctx.actor, &appeals);
    let sees_text = seen.text;
    let already_reported = m::has_reported(&mut c, r, me).await?;
    drop(c);
    Ok(ItemView {
        target: r,
        idea_id: idea.id,
        community_slug: community.community_slug,
        idea_title: if idea_visible && (sees_text || r.kind != Kind::Idea) {
            idea.title
        } else {
            String::new()
        },
        text: if sees_text { text } else { String::new() },
        author_name: if sees_text {
            author_name
        } else {
            String::new()
        },
        author_id: facts.author_id,
        hidden,
        already_reported,
        flash: take_flash().await?,
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
    use crate::server::context::{check_rate, finish_form, request_ctx};
    use crate::server::rate_limit::Limit;
    let result = async {
        let ctx = request_ctx().await?;
        check_rate(Limit::Posting)?;
        let r = parse_target(&target)?;
        super::service::report(&ctx, r, &reason, &note).await?;
        let mut c = ctx.db.conn().await?;
        let idea = m::facts(&mut c, r).await?.map_or(0, |f| f.idea_id);
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
    use crate::server::context::{check_rate, finish_form, request_ctx};
    use crate::server::rate_limit::Limit;
    let result = async {
        let ctx = request_ctx().await?;
        check_rate(Limit::Posting)?;
        let r = parse_target(&target)?;
        super::service::appeal(&ctx, r, &body).await?;
        let mut c = ctx.db.conn().await?;
        let idea = m::facts(&mut c, r).await?.map_or(0, |f| f.idea_id);
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
    use crate::server::context::{finish_form, request_ctx};
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
    use crate::server::context::{request_ctx, take_flash};
    let ctx = request_ctx().await?;
    let lang = ctx.lang;
    let row = community(&ctx, &slug).await?;
    ctx.authorize_admin(Permission::Moderate, Target::community(row.id))?;
    let admin = ctx.may(Permission::ConfigureModeration, Target::community(row.id));
    let kind = Kind::parse(&kind).map_or("", Kind::as_str).to_string();
    let reason = Reason::chosen(&reason)
        .map_or("", Reason::as_str)
        .to_string();
    let page = crate::ideas::rules::parse_page(Some(&page));
    let mut c = ctx.db.conn().await?;
    let (rows, total) = m::queue_page(&mut c, row.id, &kind, &reason, page).await?;
    let reports = m::open_reports(&mut c, row.id, &kind, &reason, page).await?;
    let consultations = match admin {
        true => db::consultations::of_community(&mut c, row.id)
            .await?
            .into_iter()
            .map(|g| (g.id, Localized::pick(&g.name, lang), g.premoderation == 1))
            .collect(),
        false => Vec::new(),
    };
    let threshold = m::auto_hide_threshold(&mut c, row.id).await?;
    let min_days = m::report_min_account_days(&mut c, row.id).await?;
    drop(c);
    let entries = rows
        .into_iter()
        .filter_map(|q| {
            let target = ContentRef::new(Kind::parse(&q.target_kind)?, q.target_id);
            Some(super::QueueEntry {
                target,
                idea_id: q.idea_id,
                title: q.title,
                text: q.text,
                author_id: q.author_id,
                author_name: q.author_name,
                urgent: q.urgent == 1,
                awaiting_approval: q.awaiting_approval == 1,
                hidden_reason: (q.hidden == 1)
                    .then(|| Reason::from_stored(q.hidden_reason.as_deref().unwrap_or(""))),
                report_count: q.report_count,
                reports: reports
                    .iter()
                    .filter(|(k, id, _, _)| *k == q.target_kind && *id == q.target_id)
                    .map(|(_, _, reason, note)| (Reason::from_stored(reason), note.clone()))
                    .collect(),
                appeal: q.appeal,
                opened_at: q.opened_at,
            })
        })
        .collect();
    let per_page = super::rules::QUEUE_PAGE_SIZE;
    Ok(QueueView {
        community_slug: row.slug,
        community_name: Localized::pick(&row.name, lang),
        entries,
        total,
        page,
        pages: super::rules::page_count(total, per_page),
        kind,
        reason,
        admin,
        threshold,
        min_days,
        consultations,
        flash: take_flash().await?,
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
    use crate::server::context::request_ctx;
    let ctx = request_ctx().await?;
    let row = community(&ctx, &slug).await?;
    if audit {
        ctx.authorize_admin(Permission::ReadAuditLog, Target::community(row.id))?;
    }
    let action: String = action
        .chars()
        .filter(|c| c.is_ascii_lowercase() || *c == '_')
        .take(30)
        .collect();
    let page = crate::ideas::rules::parse_page(Some(&page));
    let mut c = ctx.db.conn().await?;
    let filter = super::rules::AuditAction::parse(&action);
    let (rows, total) = m::audit_page(&mut c, row.id, !audit, filter, page).await?;
    drop(c);
    let per_page = super::rules::LOG_PAGE_SIZE;
    Ok(LogView {
        community_slug: row.slug,
        community_name: Localized::pick(&row.name, ctx.lang),
        entries: rows
            .into_iter()
            .map(|r| super::LogEntry {
                // Where to read it: only while it and its idea are visible.
                href: match (r.visible, r.idea_id, r.target_kind.as_str()) {
                    (1, Some(idea), "idea") => Some(format!("/ideas/{idea}")),
                    (1, Some(idea), kind) => Some(format!("/ideas/{idea}#{kind}-{}", r.target_id)),
                    _ => None,
                },
                action: r.action,
                target_kind: r.target_kind,
                target_id: r.target_id,
                reason: r.reason.as_deref().map(Reason::from_stored),
                created_at: r.created_at,
                title: r.idea_title,
                actor_name: if audit { r.actor_name } else { None },
                note: if audit { r.note } else { None },
            })
            .collect(),
        page,
        pages: super::rules::page_count(total, per_page),
        action,
        audit,
    })
}

#[server]
pub async fn members_data(slug: String, q: String) -> Result<MembersView, AppError> {
    use crate::authz::Role;
    use crate::server::context::{request_ctx, take_flash};
    let ctx = request_ctx().await?;
    let row = community(&ctx, &slug).await?;
    ctx.authorize_admin(Permission::Ban, Target::community(row.id))?;
    let query: String = q.trim().chars().take(40).collect();
    let mut c = ctx.db.conn().await?;
    let people = m::people(&mut c, row.id, &query).await?;
    let bans = m::bans(&mut c, row.id).await?;
    drop(c);
    Ok(MembersView {
        community_id: row.id,
        community_slug: row.slug,
        community_name: Localized::pick(&row.name, ctx.lang),
        query,
        people: people
            .into_iter()
            .map(|(id, name, role)| (id, name, Role::parse(role.as_deref().unwrap_or(""))))
            .collect(),
        bans: bans
            .into_iter()
            .map(|b| {
                let reason = Reason::from_stored(b.ban_reason.as_deref().unwrap_or(""));
                (b.user_id, b.display_name, reason, b.banned_until)
            })
            .collect(),
        may_manage_roles: ctx.may(Permission::ManageRoles, Target::community(row.id)),
        flash: take_flash().await?,
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
    use crate::server::context::{finish_form, request_ctx};
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
    use crate::server::context::{request_ctx, take_flash};
    let ctx = request_ctx().await?;
    let row = community(&ctx, &slug).await?;
    ctx.authorize_admin(Permission::Ban, Target::community(row.id))?;
    let mut c = ctx.db.conn().await?;
    let (user, _) = db::accounts::actor(&mut c, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(c);
    Ok(BanFormView {
        community_id: row.id,
        community_slug: row.slug,
        community_name: Localized::pick(&row.name, ctx.lang),
        user_id,
        display_name: user.display_name,
        flash: take_flash().await?,
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
    use crate::server::context::{finish_form, request_ctx};
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
    use crate::server::context::{finish_form, request_ctx};
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
    use crate::server::context::{finish_form, request_ctx};
    let result = async {
        let ctx = request_ctx().await?;
        let row = community(&ctx, &slug).await?;
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
        super::service::save_settings(&ctx, row.id, &form).await?;
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
