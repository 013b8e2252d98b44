//! What the moderation pages show: an item for its report, appeal or moderation form, the
//! queue, the public log and the audit log, the people of a community and the ban form. Each
//! asks `authorize` first, then reads; none writes.

use crate::authz::{Permission, Target};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Localized;
use crate::moderation::rules::{sight, ContentRef, Kind, Reason};
use crate::moderation::seen::{as_seen_by, Stored};
use crate::moderation::{BanFormView, ItemView, LogView, MembersView, QueueView};
use crate::server::db::{self, moderation as m, CommunityRow};

async fn community(ctx: &Ctx, slug: &str) -> Result<CommunityRow, AppError> {
    let mut c = ctx.db.conn().await?;
    db::consultations::community_by_slug(&mut c, slug)
        .await?
        .ok_or(AppError::NotFound)
}

/// The community of `slug`, for a form that names it (the moderation settings).
pub async fn community_id(ctx: &Ctx, slug: &str) -> Result<i64, AppError> {
    Ok(community(ctx, slug).await?.id)
}

/// The idea an item is on: where its report or appeal form goes back to (0: gone meanwhile).
pub async fn idea_of(ctx: &Ctx, r: ContentRef) -> Result<i64, AppError> {
    let mut c = ctx.db.conn().await?;
    Ok(m::facts(&mut c, r).await?.map_or(0, |f| f.idea_id))
}

/// One item for the report, appeal and moderation pages: what of it this viewer may see.
/// (The form's flash is the request's: the server function adds it.)
pub async fn item_page(ctx: &Ctx, r: ContentRef) -> Result<ItemView, AppError> {
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
        // A picture is judged by looking at it (the page links to it); its alt text is shown.
        Kind::Picture => {
            let x = db::pictures::of_idea(&mut c, idea.id)
                .await?
                .into_iter()
                .find(|x| x.id == r.id)
                .ok_or(AppError::NotFound)?;
            (x.alt, x.author_name)
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
        flash: None,
    })
}

/// A community's moderation queue, one page, filtered by kind and reason; for administrators
/// also the moderation settings.
pub async fn queue_page(
    ctx: &Ctx,
    slug: &str,
    kind: &str,
    reason: &str,
    page: &str,
) -> Result<QueueView, AppError> {
    let lang = ctx.lang;
    let row = community(ctx, slug).await?;
    ctx.authorize_admin(Permission::Moderate, Target::community(row.id))?;
    let admin = ctx.may(Permission::ConfigureModeration, Target::community(row.id));
    let kind = Kind::parse(kind).map_or("", Kind::as_str).to_string();
    let reason = Reason::chosen(reason)
        .map_or("", Reason::as_str)
        .to_string();
    let page = crate::ideas::rules::parse_page(Some(page));
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
            Some(crate::moderation::QueueEntry {
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
    let per_page = crate::moderation::rules::QUEUE_PAGE_SIZE;
    Ok(QueueView {
        community_slug: row.slug,
        community_name: Localized::pick(&row.name, lang),
        entries,
        total,
        page,
        pages: crate::moderation::rules::page_count(total, per_page),
        kind,
        reason,
        admin,
        threshold,
        min_days,
        consultations,
        flash: None,
    })
}

/// The public moderation log (`audit` false: anyone) or the audit log (administrators).
pub async fn log_page(
    ctx: &Ctx,
    slug: &str,
    audit: bool,
    action: &str,
    page: &str,
) -> Result<LogView, AppError> {
    let row = community(ctx, slug).await?;
    if audit {
        ctx.authorize_admin(Permission::ReadAuditLog, Target::community(row.id))?;
    }
    let action: String = action
        .chars()
        .filter(|c| c.is_ascii_lowercase() || *c == '_')
        .take(30)
        .collect();
    let page = crate::ideas::rules::parse_page(Some(page));
    let mut c = ctx.db.conn().await?;
    let filter = crate::moderation::rules::AuditAction::parse(&action);
    let (rows, total) = m::audit_page(&mut c, row.id, !audit, filter, page).await?;
    drop(c);
    let per_page = crate::moderation::rules::LOG_PAGE_SIZE;
    Ok(LogView {
        community_slug: row.slug,
        community_name: Localized::pick(&row.name, ctx.lang),
        entries: rows
            .into_iter()
            .map(|r| crate::moderation::LogEntry {
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
        pages: crate::moderation::rules::page_count(total, per_page),
        action,
        audit,
    })
}

/// The people of a community (found by name) and its bans, for who may ban.
pub async fn members_page(ctx: &Ctx, slug: &str, q: &str) -> Result<MembersView, AppError> {
    use crate::authz::Role;
    let row = community(ctx, slug).await?;
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
        flash: None,
    })
}

/// The form to ban one person from a community.
pub async fn ban_form(ctx: &Ctx, slug: &str, user_id: i64) -> Result<BanFormView, AppError> {
    let row = community(ctx, slug).await?;
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
        flash: None,
    })
}
