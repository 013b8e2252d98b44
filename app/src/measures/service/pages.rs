//! What the measures' pages show: the idea page's panel, the administrators' form, a measure's
//! history, the public implementation page and the updates' feed. Public reads ask nothing;
//! the form asks for `ManageMeasures` (`super::managed`).

use super::progress::tree;
use super::{managed, managed_consultation};
use crate::authz::{Permission, Target};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::{Localized, Msg};
use crate::measures::rules::{self, word_diff, MeasureDraft, Snapshot};
use crate::measures::*;
use crate::moderation::rules::sight;
use crate::server::db::measures::{self as data, MeasureRow};
use crate::server::db::{self, Conn};
use std::collections::HashMap;

/// How many updates a measure's page and the feed show.
const UPDATES_SHOWN: i64 = 20;
/// How many of a consultation's ideas the form offers to link.
const CANDIDATES: i64 = 100;

fn update_view(u: data::UpdateRow) -> UpdateView {
    UpdateView {
        id: u.id,
        measure_id: u.measure_id,
        measure_title: u.measure_title,
        body_html: crate::server::markdown::render_markdown(&u.body),
        created_at: u.created_at,
    }
}

/// What the idea page adds for a measure (`Some`), or the measures an idea led to.
pub async fn on_idea_page(
    ctx: &Ctx,
    c: &mut Conn,
    idea_id: i64,
    community_id: i64,
    kind: &str,
) -> Result<(Option<MeasurePanel>, Vec<MeasureLink>), AppError> {
    if kind != "measure" {
        let ids = data::led_to(c, idea_id).await?;
        if ids.is_empty() {
            return Ok((None, Vec::new()));
        }
        let t = tree(c, community_id, 0).await?;
        let links = ids
            .iter()
            .filter_map(|id| t.find(*id))
            .map(|m| t.link(m))
            .collect();
        return Ok((None, links));
    }
    let t = tree(c, community_id, idea_id).await?;
    let m = t.find(idea_id).ok_or(AppError::NotFound)?;
    let visible = |x: &&MeasureRow| x.hidden == 0;
    let sources = data::sources(c, idea_id).await?;
    let updates = data::updates(c, community_id, idea_id, UPDATES_SHOWN).await?;
    let panel = MeasurePanel {
        status: rules::MeasureStatus::from_stored(&m.status),
        responsible: m.responsible.clone(),
        starts_on: m.starts_on.clone(),
        ends_on: m.ends_on.clone(),
        progress: t.link(m).progress,
        progress_set: m.progress_set.is_some()
            && t.measures.iter().any(|x| x.parent_id == Some(m.id)),
        parent: m
            .parent_id
            .and_then(|p| t.find(p))
            .filter(visible)
            .map(|p| t.link(p)),
        children: t
            .measures
            .iter()
            .filter(|x| x.parent_id == Some(m.id))
            .filter(visible)
            .map(|x| t.link(x))
            .collect(),
        indicators: t.indicators_of(m.id),
        updates: updates.into_iter().map(update_view).collect(),
        sources: sources
            .into_iter()
            .map(|s| SourceIdea {
                id: s.id,
                title: s.title,
                up: s.up_count,
                down: s.down_count,
                arguments_for: s.arguments_for,
                arguments_against: s.arguments_against,
            })
            .collect(),
        version: m.version,
        can_manage: ctx.may(Permission::ManageMeasures, Target::community(community_id)),
    };
    Ok((Some(panel), Vec::new()))
}

/// The administrators' page of a measure (`id` > 0) or the form of a new one in
/// `consultation_id` (with `ideas` chosen in advance).
pub async fn manage_view(
    ctx: &Ctx,
    id: i64,
    consultation_id: i64,
    ideas: &[i64],
) -> Result<ManageView, AppError> {
    let mut c = ctx.db.conn().await?;
    let (existing, consultation_id) = match id {
        0 => (None, consultation_id),
        id => {
            let m = managed(ctx, &mut c, id).await?;
            let g = m.consultation_id;
            (Some(m), g)
        }
    };
    let g = managed_consultation(ctx, &mut c, consultation_id).await?;
    let t = tree(&mut c, g.community_id, id).await?;
    let sources = match &existing {
        Some(m) => data::source_ids(&mut c, m.id).await?,
        None => ideas.to_vec(),
    };
    let mut candidates = data::candidates(&mut c, consultation_id, CANDIDATES).await?;
    let missing: Vec<i64> = sources
        .iter()
        .filter(|s| !candidates.iter().any(|(id, _)| id == *s))
        .copied()
        .collect();
    let with_hidden = ctx.may(Permission::Moderate, Target::community(g.community_id));
    candidates.extend(data::titles(&mut c, g.community_id, &missing, with_hidden).await?);
    let draft = match &existing {
        Some(m) => MeasureDraft {
            title: m.title.clone(),
            body: m.body.clone(),
            responsible: m.responsible.clone(),
            starts_on: m.starts_on.clone().unwrap_or_default(),
            ends_on: m.ends_on.clone().unwrap_or_default(),
            status: m.status.clone(),
            parent: m.parent_id.map(|p| p.to_string()).unwrap_or_default(),
            progress: m.progress_set.map(|p| p.to_string()).unwrap_or_default(),
        },
        None => MeasureDraft {
            status: "proposed".into(),
            ..MeasureDraft::default()
        },
    };
    Ok(ManageView {
        id,
        consultation_id,
        consultation_name: Localized::pick(&g.name, ctx.lang),
        community_slug: g.community_slug.clone(),
        community_name: Localized::pick(&g.community_name, ctx.lang),
        draft,
        candidates,
        sources,
        parents: t
            .measures
            .iter()
            .filter(|m| m.id != id)
            .map(|m| (m.id, m.title.clone()))
            .collect(),
        indicators: t.indicators_of(id),
        flash: None,
    })
}

/// A measure's versions with what each changed, and its readings' corrections. Public: what
/// the city changed in a measure people voted on is part of the record.
pub async fn history(ctx: &Ctx, id: i64) -> Result<HistoryView, AppError> {
    let mut c = ctx.db.conn().await?;
    let m = data::by_id(&mut c, id).await?.ok_or(AppError::NotFound)?;
    if !sight(&ctx.actor, m.community_id, m.author_id, m.hidden == 1).text {
        return Err(AppError::NotFound);
    }
    let rows = data::versions(&mut c, id).await?;
    let corrections = data::corrections(&mut c, id).await?;
    drop(c);
    let lang = ctx.lang;
    let snapshots: Vec<Snapshot> = rows
        .iter()
        .map(|r| serde_json::from_str(&r.fields).unwrap_or_default())
        .collect();
    let mut versions: Vec<VersionView> = rows
        .iter()
        .enumerate()
        .map(|(n, r)| {
            let before = n.checked_sub(1).map(|p| &snapshots[p]);
            let after = &snapshots[n];
            let mut changes = rules::changes(lang, before, after);
            let body_diff = match changes.iter().position(|ch| ch.field == Msg::Description) {
                Some(at) if before.is_some() => {
                    changes.remove(at);
                    word_diff(
                        &before.map(|b| b.body.clone()).unwrap_or_default(),
                        &after.body,
                    )
                }
                _ => Vec::new(),
            };
            VersionView {
                version: r.version,
                author_name: r.author_name.clone().unwrap_or_default(),
                created_at: r.created_at,
                changes,
                body_diff,
            }
        })
        .collect();
    versions.reverse();
    let mut grouped: Vec<(i64, CorrectionView)> = Vec::new();
    for v in corrections {
        let entry = (
            v.version,
            v.taken_on,
            v.value,
            v.note,
            v.source,
            v.author_name.unwrap_or_default(),
            v.created_at,
        );
        match grouped.last_mut() {
            Some((id, g)) if *id == v.reading_id => g.versions.push(entry),
            _ => grouped.push((
                v.reading_id,
                CorrectionView {
                    indicator: v.indicator_name,
                    versions: vec![entry],
                },
            )),
        }
    }
    Ok(HistoryView {
        id,
        title: m.title,
        versions,
        corrections: grouped.into_iter().map(|(_, g)| g).collect(),
    })
}

/// The public implementation page of a community: goals → measures with status, progress
/// and the latest update; filtered by status and goal.
pub async fn implementation(
    ctx: &Ctx,
    slug: &str,
    status: &str,
    goal: &str,
) -> Result<ImplementationView, AppError> {
    let lang = ctx.lang;
    let mut c = ctx.db.conn().await?;
    let community = db::consultations::community_by_slug(&mut c, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let goals = db::consultations::of_community(&mut c, community.id).await?;
    let t = tree(&mut c, community.id, 0).await?;
    let updates = data::latest_updates(&mut c, community.id).await?;
    drop(c);
    let status = rules::MeasureStatus::parse(status);
    let goal = goal
        .parse::<i64>()
        .ok()
        .filter(|g| goals.iter().any(|x| x.id == *g));
    let latest: HashMap<i64, UpdateView> = updates
        .into_iter()
        .map(|u| (u.measure_id, update_view(u)))
        .collect();
    let visible: Vec<&MeasureRow> = t.measures.iter().filter(|m| m.hidden == 0).collect();
    let summary = |m: &MeasureRow, children: Vec<MeasureSummary>| MeasureSummary {
        link: t.link(m),
        responsible: m.responsible.clone(),
        ends_on: m.ends_on.clone(),
        latest: latest.get(&m.id).cloned(),
        children,
    };
    // Sub-measures under their parents (three levels at most); a status filter keeps the
    // measures that have it, each shown with its sub-measures.
    let build = |parent: Option<i64>, goal_id: i64| -> Vec<MeasureSummary> {
        let kids = |p: i64| -> Vec<MeasureSummary> {
            visible
                .iter()
                .filter(|m| m.parent_id == Some(p))
                .map(|m| {
                    let grand = visible
                        .iter()
                        .filter(|x| x.parent_id == Some(m.id))
                        .map(|x| summary(x, Vec::new()))
                        .collect();
                    summary(m, grand)
                })
                .collect()
        };
        visible
            .iter()
            .filter(|m| m.consultation_id == goal_id)
            .filter(|m| match parent {
                // Top level: no parent, or a parent that is hidden or in another goal.
                None => m
                    .parent_id
                    .and_then(|p| visible.iter().find(|x| x.id == p))
                    .is_none_or(|p| p.consultation_id != goal_id),
                Some(p) => m.parent_id == Some(p),
            })
            .map(|m| summary(m, kids(m.id)))
            .collect()
    };
    let keep = |s: &MeasureSummary| status.is_none_or(|st| s.link.status == st);
    fn filter(
        list: Vec<MeasureSummary>,
        keep: &dyn Fn(&MeasureSummary) -> bool,
    ) -> Vec<MeasureSummary> {
        list.into_iter()
            .filter_map(|mut s| {
                if keep(&s) {
                    return Some(s);
                }
                s.children = filter(std::mem::take(&mut s.children), keep);
                // A parent stays as a heading for its matching sub-measures.
                (!s.children.is_empty()).then_some(s)
            })
            .collect()
    }
    let all_goals: Vec<(i64, String)> = goals
        .iter()
        .map(|g| (g.id, Localized::pick(&g.name, lang)))
        .collect();
    let shown_goals = goals
        .iter()
        .filter(|g| goal.is_none_or(|x| x == g.id))
        .map(|g| GoalMeasures {
            id: g.id,
            name: Localized::pick(&g.name, lang),
            measures: filter(build(None, g.id), &keep),
        })
        .filter(|g| !g.measures.is_empty() || goal.is_some())
        .collect();
    let can_manage = ctx.may(Permission::ManageMeasures, Target::community(community.id));
    let counts = rules::MeasureStatus::ALL
        .into_iter()
        .map(|s| {
            (
                s,
                visible.iter().filter(|m| m.status == s.as_str()).count() as i64,
            )
        })
        .collect();
    Ok(ImplementationView {
        community_slug: community.slug.clone(),
        community_name: Localized::pick(&community.name, lang),
        goals: shown_goals,
        all_goals,
        status,
        goal,
        counts,
        flash: None,
        can_manage,
    })
}

/// The feed of a community's progress updates: (community name, updates newest first).
pub async fn feed(ctx: &Ctx, slug: &str) -> Result<(String, Vec<FeedEntry>), AppError> {
    let mut c = ctx.db.conn().await?;
    let community = db::consultations::community_by_slug(&mut c, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let updates = data::updates(&mut c, community.id, 0, UPDATES_SHOWN).await?;
    Ok((
        Localized::pick(&community.name, ctx.lang),
        updates
            .into_iter()
            .map(|u| FeedEntry {
                summary: crate::server::markdown::plain_text(&u.body),
                update: update_view(u),
            })
            .collect(),
    ))
}
