//! Moderation's use cases: report, decide (one item or many), appeal, ban and unban, and the
//! community's moderation settings. Each authorizes, applies its rules and writes one
//! transaction that includes its audit rows.

use super::rules::{self, AuditAction, ContentRef, Decision, Kind, Reason};
use crate::authz::{Permission, Target};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::server::db::{self, moderation as m, DbError};
use crate::server::visibility;

mod pages;
pub use pages::{ban_form, community_id, idea_of, item_page, log_page, members_page, queue_page};

/// Reports an item. Returns whether the report hid it (it reached the community's threshold).
pub async fn report(ctx: &Ctx, r: ContentRef, reason: &str, note: &str) -> Result<bool, AppError> {
    let mut c = ctx.db.conn().await?;
    let facts = m::facts(&mut c, r).await?.ok_or(AppError::NotFound)?;
    let me = ctx.authorize(
        Permission::Report,
        Target::content(facts.community_id, facts.author_id),
    )?;
    if me == facts.author_id {
        return Err(AppError::invalid("reason", Msg::ErrReportOwn));
    }
    let valid = rules::validate_report(reason, note)?;
    let threshold = m::auto_hide_threshold(&mut c, facts.community_id).await?;
    let min_days = m::report_min_account_days(&mut c, facts.community_id).await?;
    let mut tx = db::begin(&mut c).await?;
    let note = valid.note.as_deref();
    match m::add_report(&mut tx, r, facts.community_id, me, valid.reason, note).await {
        Err(DbError::Unique) => return Err(AppError::invalid("reason", Msg::ErrAlreadyReported)),
        other => other?,
    }
    let cause = m::Cause {
        report: true,
        ..m::Cause::default()
    };
    // Every report reaches the queue; only reports from confirmed accounts old enough count
    // towards hiding (throwaway registrations must not hide what others wrote).
    m::enqueue(&mut tx, r, facts.community_id, cause).await?;
    let created_before = db::now_ms() - min_days * 86_400_000;
    let reports = m::weighty_reports(&mut tx, r, created_before).await?;
    let mut hid = false;
    if rules::reaches_threshold(reports, threshold) {
        hid = m::hide(&mut tx, r, Reason::AwaitingReview, None).await?;
        if hid {
            m::mark_urgent(&mut tx, r).await?;
            audit(
                &mut tx,
                None,
                facts.community_id,
                AuditAction::AutoHide,
                r,
                Some(Reason::AwaitingReview),
                None,
            )
            .await?;
        }
    }
    tx.commit().await?;
    if hid {
        visibility::changed();
    }
    Ok(hid)
}

/// Takes one decision on every item in `items` (from the queue or from a page), all in one
/// transaction: either every item is decided or none is. Items deleted meanwhile are skipped.
/// Returns how many items were decided.
pub async fn decide(
    ctx: &Ctx,
    items: &[ContentRef],
    decision: &str,
    reason: &str,
    note: &str,
) -> Result<usize, AppError> {
    let valid = rules::validate_decision(decision, reason, note)?;
    if items.is_empty() {
        return Err(AppError::invalid("items", Msg::ErrChooseItems));
    }
    let mut c = ctx.db.conn().await?;
    let mut found = Vec::with_capacity(items.len());
    for r in items {
        if let Some(facts) = m::facts(&mut c, *r).await? {
            ctx.authorize_admin(
                Permission::Moderate,
                Target::content(facts.community_id, facts.author_id),
            )?;
            found.push((*r, facts));
        }
    }
    let me = ctx.actor.user_id;
    let note = valid.note.as_deref();
    let mut tx = db::begin(&mut c).await?;
    let mut changed = false;
    let mut deleted = false;
    for (r, facts) in &found {
        let (r, community) = (*r, facts.community_id);
        let hidden_by_system = facts.hidden == 1
            && facts.hidden_reason.as_deref() == Some(Reason::AwaitingReview.as_str());
        // The audit entry of a decision the author should hear of.
        let told = match valid.decision {
            Decision::Approve => {
                let shown = hidden_by_system && m::show(&mut tx, r).await?;
                changed |= shown;
                let id = audit(&mut tx, me, community, AuditAction::Approve, r, None, note).await?;
                shown.then_some(id)
            }
            Decision::Hide => {
                let rule = valid.reason.unwrap_or(Reason::Other);
                changed |= m::hide(&mut tx, r, rule, note).await?;
                m::decide_appeal(&mut tx, r, false).await?;
                Some(
                    audit(
                        &mut tx,
                        me,
                        community,
                        AuditAction::Hide,
                        r,
                        Some(rule),
                        note,
                    )
                    .await?,
                )
            }
            Decision::Restore => {
                changed |= m::show(&mut tx, r).await?;
                let appealed = m::decide_appeal(&mut tx, r, true).await?;
                let action = match appealed {
                    true => AuditAction::AppealGranted,
                    false => AuditAction::Restore,
                };
                Some(audit(&mut tx, me, community, action, r, None, note).await?)
            }
            Decision::KeepHidden => {
                // Refuses a pending appeal; without one, closes the entry as it stands.
                let refused = m::decide_appeal(&mut tx, r, false).await?;
                let action = match refused {
                    true => AuditAction::AppealRefused,
                    false => AuditAction::Dismiss,
                };
                let id = audit(&mut tx, me, community, action, r, None, note).await?;
                refused.then_some(id)
            }
            Decision::Delete => {
                m::delete(&mut tx, r, facts.hidden == 0).await?;
                changed = true;
                deleted = true;
                let id = audit(&mut tx, me, community, AuditAction::Delete, r, None, note).await?;
                // A deleted idea takes its notifications with it; its author learns of it
                // from the public log.
                (r.kind != Kind::Idea).then_some(id)
            }
        };
        if let Some(entry) = told {
            let (author, idea) = (facts.author_id, facts.idea_id);
            db::notifications::notify_one(&mut tx, author, idea, "moderation", entry, me).await?;
        }
        m::dequeue(&mut tx, r).await?;
    }
    tx.commit().await?;
    if deleted {
        ctx.db.owners.forget_all();
    }
    if changed {
        visibility::changed();
    }
    Ok(found.len())
}

/// The author of a hidden item asks once that it be looked at again.
pub async fn appeal(ctx: &Ctx, r: ContentRef, body: &str) -> Result<(), AppError> {
    let mut c = ctx.db.conn().await?;
    let facts = m::facts(&mut c, r).await?.ok_or(AppError::NotFound)?;
    let me = ctx.authorize(
        Permission::Appeal,
        Target::content(facts.community_id, facts.author_id),
    )?;
    let moderator_hid = facts.hidden == 1
        && facts.hidden_reason.as_deref() != Some(Reason::AwaitingReview.as_str());
    if !moderator_hid {
        return Err(AppError::invalid("body", Msg::ErrNothingToAppeal));
    }
    let body = rules::validate_appeal(body)?;
    let mut tx = db::begin(&mut c).await?;
    match m::add_appeal(&mut tx, r, me, &body).await {
        Err(DbError::Unique) => return Err(AppError::invalid("body", Msg::ErrAlreadyAppealed)),
        other => other?,
    }
    let cause = m::Cause {
        appealed: true,
        ..m::Cause::default()
    };
    m::enqueue(&mut tx, r, facts.community_id, cause).await?;
    tx.commit().await?;
    Ok(())
}

/// What a ban form sends.
pub struct BanRequest<'a> {
    pub community_id: i64,
    pub user_id: i64,
    pub reason: &'a str,
    pub note: &'a str,
    /// "YYYY-MM-DD" (the last day of the ban) or "" for no end.
    pub until: &'a str,
    /// Also hide everything the person wrote in the community that is still visible.
    pub hide_all: bool,
}

/// Bans a resident from writing in a community. Returns how many items were hidden with it.
pub async fn ban(ctx: &Ctx, req: BanRequest<'_>) -> Result<usize, AppError> {
    ctx.authorize_admin(Permission::Ban, Target::community(req.community_id))?;
    let valid = rules::validate_ban(req.reason, req.note, req.until, db::now_ms())?;
    let mut c = ctx.db.conn().await?;
    let (_, target) = db::accounts::actor(&mut c, req.user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if ctx.actor.user_id == Some(req.user_id) {
        return Err(AppError::invalid("reason", Msg::ErrBanSelf));
    }
    if target.site_admin || target.role_in(req.community_id) > Some(crate::authz::Role::Resident) {
        return Err(AppError::invalid("reason", Msg::ErrBanModerator));
    }
    let to_hide = match req.hide_all {
        true => m::visible_content_by(&mut c, req.community_id, req.user_id).await?,
        false => Vec::new(),
    };
    let me = ctx.actor.user_id;
    let note = valid.note.as_deref();
    let mut tx = db::begin(&mut c).await?;
    m::ban(
        &mut tx,
        req.community_id,
        req.user_id,
        valid.reason.as_str(),
        valid.until,
    )
    .await?;
    let person = AuditTarget::User(req.user_id);
    audit_target(
        &mut tx,
        me,
        req.community_id,
        AuditAction::Ban,
        person,
        Some(valid.reason),
        note,
    )
    .await?;
    for r in &to_hide {
        m::hide(&mut tx, *r, valid.reason, note).await?;
        m::dequeue(&mut tx, *r).await?;
        audit(
            &mut tx,
            me,
            req.community_id,
            AuditAction::Hide,
            *r,
            Some(valid.reason),
            note,
        )
        .await?;
    }
    tx.commit().await?;
    if !to_hide.is_empty() {
        visibility::changed();
    }
    Ok(to_hide.len())
}

pub async fn unban(ctx: &Ctx, community_id: i64, user_id: i64) -> Result<(), AppError> {
    ctx.authorize_admin(Permission::Ban, Target::community(community_id))?;
    let mut c = ctx.db.conn().await?;
    let mut tx = db::begin(&mut c).await?;
    if !m::unban(&mut tx, community_id, user_id).await? {
        return Err(AppError::NotFound);
    }
    let person = AuditTarget::User(user_id);
    audit_target(
        &mut tx,
        ctx.actor.user_id,
        community_id,
        AuditAction::Unban,
        person,
        None,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A community's moderation settings, as the queue page's form sends them.
pub struct ModerationSettings<'a> {
    /// How many distinct reports hide an item until a moderator looks.
    pub threshold: &'a str,
    /// How many days old an account with a confirmed address must be for its reports to count
    /// towards hiding; `None` leaves it as it is.
    pub min_days: Option<&'a str>,
    /// The community's consultations that pre-moderate new ideas; the others do not.
    pub premoderated: &'a [i64],
}

/// Saves a community's moderation settings in one transaction, an audit row per change: all
/// of them, or nothing when one is wrong.
pub async fn save_settings(
    ctx: &Ctx,
    community_id: i64,
    form: &ModerationSettings<'_>,
) -> Result<(), AppError> {
    ctx.authorize_admin(
        Permission::ConfigureModeration,
        Target::community(community_id),
    )?;
    let threshold = rules::validate_threshold(form.threshold)?;
    let min_days = form
        .min_days
        .map(rules::validate_min_account_days)
        .transpose()?;
    let mut c = ctx.db.conn().await?;
    let threshold_now = m::auto_hide_threshold(&mut c, community_id).await?;
    let min_days_now = m::report_min_account_days(&mut c, community_id).await?;
    let consultations = db::consultations::of_community(&mut c, community_id).await?;
    let mut tx = db::begin(&mut c).await?;
    let community = AuditTarget::Community;
    if threshold != threshold_now {
        m::set_auto_hide_threshold(&mut tx, community_id, threshold).await?;
        let note = format!("auto_hide_threshold={threshold}");
        audit_setting(&mut tx, ctx, community_id, community(community_id), &note).await?;
    }
    if let Some(n) = min_days.filter(|n| *n != min_days_now) {
        m::set_report_min_account_days(&mut tx, community_id, n).await?;
        let note = format!("report_min_account_days={n}");
        audit_setting(&mut tx, ctx, community_id, community(community_id), &note).await?;
    }
    for g in consultations {
        let on = form.premoderated.contains(&g.id);
        if on != (g.premoderation == 1) {
            m::set_premoderation(&mut tx, g.id, on).await?;
            let target = AuditTarget::Consultation(g.id);
            let note = format!("premoderation={}", on as i64);
            audit_setting(&mut tx, ctx, community_id, target, &note).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// The audit row of a changed setting: which one and its new value.
async fn audit_setting(
    tx: &mut db::Tx<'_>,
    ctx: &Ctx,
    community_id: i64,
    target: AuditTarget,
    setting: &str,
) -> Result<i64, AppError> {
    let actor = ctx.actor.user_id;
    audit_target(
        tx,
        actor,
        community_id,
        AuditAction::Settings,
        target,
        None,
        Some(setting),
    )
    .await
}

/// The audit row of settings saved in a community (its own, or a consultation's).
pub async fn audit_settings(
    tx: &mut db::Tx<'_>,
    ctx: &Ctx,
    community_id: i64,
    target: AuditTarget,
) -> Result<i64, AppError> {
    let actor = ctx.actor.user_id;
    let action = AuditAction::Settings;
    audit_target(tx, actor, community_id, action, target, None, None).await
}

/// What an audit entry is about.
pub enum AuditTarget {
    Content(ContentRef),
    User(i64),
    Community(i64),
    Consultation(i64),
}

/// An audit row about content; hiding, restoring and deleting (and the outcome of appeals)
/// also appear in the public moderation log.
pub async fn audit(
    tx: &mut db::Tx<'_>,
    actor_id: Option<i64>,
    community_id: i64,
    action: AuditAction,
    r: ContentRef,
    reason: Option<Reason>,
    note: Option<&str>,
) -> Result<i64, AppError> {
    let target = AuditTarget::Content(r);
    audit_target(tx, actor_id, community_id, action, target, reason, note).await
}

pub async fn audit_target(
    tx: &mut db::Tx<'_>,
    actor_id: Option<i64>,
    community_id: i64,
    action: AuditAction,
    target: AuditTarget,
    reason: Option<Reason>,
    note: Option<&str>,
) -> Result<i64, AppError> {
    let target = match target {
        AuditTarget::Content(r) => (r.kind.as_str(), r.id),
        AuditTarget::User(id) => ("user", id),
        AuditTarget::Community(id) => ("community", id),
        AuditTarget::Consultation(id) => ("consultation", id),
    };
    let public = action.is_public() && Kind::parse(target.0).is_some();
    Ok(m::audit(
        tx,
        m::AuditEntry {
            community_id: Some(community_id),
            actor_id,
            action,
            target,
            reason: reason.map(Reason::as_str),
            note,
            public,
        },
    )
    .await?)
}
