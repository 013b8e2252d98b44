//! Publishing and editing measures, their indicators, readings and progress updates, and
//! reading them for pages. Only administrators of the community change anything; every edit
//! of a measure or its indicators keeps a version, every correction of a reading too.

use super::rules::{self, MeasureDraft, ProgressNode, Snapshot};
use crate::moderation::rules::sight;

use super::*;
use crate::authz::{Permission, Target};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::{Localized, Msg};
use crate::server::db::measures::{
    self as data, IndicatorFields, MeasureRow, NewMeasure, ReadingFields,
};
use crate::server::db::{self, Conn, NewIdea};
use std::collections::HashMap;

/// How many updates a measure's page and the feed show.
const UPDATES_SHOWN: i64 = 20;
/// How many of a consultation's ideas the form offers to link.
const CANDIDATES: i64 = 100;

/// The measure, its community, after asking for `ManageMeasures` there.
async fn managed(ctx: &Ctx, c: &mut Conn, id: i64) -> Result<MeasureRow, AppError> {
    let m = data::by_id(c, id).await?.ok_or(AppError::NotFound)?;
    ctx.authorize_admin(
        Permission::ManageMeasures,
        Target::community(m.community_id),
    )?;
    Ok(m)
}

/// The consultation, after asking for `ManageMeasures` in its community.
async fn managed_consultation(
    ctx: &Ctx,
    c: &mut Conn,
    id: i64,
) -> Result<db::ConsultationRow, AppError> {
    let g = db::consultations::by_id(c, id)
        .await?
        .ok_or(AppError::NotFound)?;
    ctx.authorize_admin(
        Permission::ManageMeasures,
        Target::community(g.community_id),
    )?;
    Ok(g)
}

/// Publishes a measure in a consultation, from the ideas it came from; returns its id.
pub async fn create_measure(
    ctx: &Ctx,
    consultation_id: i64,
    draft: &MeasureDraft,
    ideas: &[i64],
) -> Result<i64, AppError> {
    let mut c = ctx.db.conn().await?;
    let g = managed_consultation(ctx, &mut c, consultation_id).await?;
    // The measure is the city's, but a person publishes it: the operator cannot.
    let me = ctx.actor.user_id.ok_or(AppError::Unauthorized)?;
    let valid = rules::validate_measure(draft)?;
    check_parent(&mut c, g.community_id, None, valid.parent_id).await?;
    let ideas = check_sources(&mut c, g.community_id, ideas).await?;
    let mut tx = db::begin(&mut c).await?;
    let id = db::ideas::create(
        &mut tx,
        NewIdea {
            consultation_id,
            author_id: me,
            category_id: None,
            title: &valid.title,
            body: &valid.body,
            excerpt: &excerpt_of(&valid.body),
            awaiting_approval: false,
        },
    )
    .await?;
    data::create(&mut tx, fields(id, &valid)).await?;
    data::set_sources(&mut tx, id, &ideas).await?;
    data::save_version(&mut tx, id, 1, Some(me)).await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes a measure's text, fields and the ideas it came from: a new version.
pub async fn update_measure(
    ctx: &Ctx,
    id: i64,
    draft: &MeasureDraft,
    ideas: &[i64],
) -> Result<(), AppError> {
    let mut c = ctx.db.conn().await?;
    let m = managed(ctx, &mut c, id).await?;
    let valid = rules::validate_measure(draft)?;
    check_parent(&mut c, m.community_id, Some(id), valid.parent_id).await?;
    if valid.progress_set.is_some() && !has_children(&mut c, m.community_id, id).await? {
        return Err(AppError::invalid(
            "progress",
            Msg::ErrProgressFromIndicators,
        ));
    }
    let ideas = check_sources(&mut c, m.community_id, ideas).await?;
    let mut tx = db::begin(&mut c).await?;
    let version = data::update(
        &mut tx,
        fields(id, &valid),
        &valid.title,
        &valid.body,
        &excerpt_of(&valid.body),
    )
    .await?;
    data::set_sources(&mut tx, id, &ideas).await?;
    data::save_version(&mut tx, id, version, ctx.actor.user_id).await?;
    tx.commit().await?;
    Ok(())
}

/// Adds an indicator (`indicator_id` 0) to a measure or changes one: a new version of the
/// measure. Returns the indicator's id.
pub async fn save_indicator(
    ctx: &Ctx,
    measure_id: i64,
    indicator_id: i64,
    draft: &rules::IndicatorDraft,
) -> Result<i64, AppError> {
    let mut c = ctx.db.conn().await?;
    if indicator_id > 0 {
        let owner = data::measure_of_indicator(&mut c, indicator_id).await?;
        if owner != Some(measure_id) {
            return Err(AppError::NotFound);
        }
    }
    managed(ctx, &mut c, measure_id).await?;
    let v = rules::validate_indicator(draft)?;
    let f = IndicatorFields {
        name: &v.name,
        unit: &v.unit,
        baseline: v.baseline,
        target: v.target,
        due_on: v.due_on.as_deref(),
    };
    let mut tx = db::begin(&mut c).await?;
    let id = match indicator_id {
        0 => data::add_indicator(&mut tx, measure_id, f).await?,
        id => {
            data::update_indicator(&mut tx, id, f).await?;
            id
        }
    };
    let version = data::bump(&mut tx, measure_id).await?;
    data::save_version(&mut tx, measure_id, version, ctx.actor.user_id).await?;
    tx.commit().await?;
    Ok(id)
}

/// Adds a reading (`reading_id` 0) to an indicator or corrects one (kept as its next
/// version). Returns the reading's id.
pub async fn save_reading(
    ctx: &Ctx,
    indicator_id: i64,
    reading_id: i64,
    draft: &rules::ReadingDraft,
) -> Result<i64, AppError> {
    let mut c = ctx.db.conn().await?;
    let measure_id = match reading_id {
        0 => data::measure_of_indicator(&mut c, indicator_id).await?,
        id => data::owner_of_reading(&mut c, id)
            .await?
            .filter(|(i, _)| *i == indicator_id)
            .map(|(_, m)| m),
    }
    .ok_or(AppError::NotFound)?;
    managed(ctx, &mut c, measure_id).await?;
    let today = crate::time::local_day(db::now_ms());
    let v = rules::validate_reading(draft, &today)?;
    let f = ReadingFields {
        taken_on: &v.taken_on,
        value: v.value,
        note: &v.note,
        source: &v.source,
    };
    let mut tx = db::begin(&mut c).await?;
    let id = match reading_id {
        0 => data::add_reading(&mut tx, indicator_id, f, ctx.actor.user_id).await?,
        id => {
            data::correct_reading(&mut tx, id, f, ctx.actor.user_id).await?;
            id
        }
    };
    tx.commit().await?;
    Ok(id)
}

/// Posts a progress update and tells, once each, everyone who took part in the measure or an
/// idea it came from. Returns (the update's id, how many were told).
pub async fn post_update(ctx: &Ctx, measure_id: i64, body: &str) -> Result<(i64, u64), AppError> {
    let mut c = ctx.db.conn().await?;
    managed(ctx, &mut c, measure_id).await?;
    let body = rules::validate_update(body)?;
    let me = ctx.actor.user_id;
    let mut tx = db::begin(&mut c).await?;
    let id = data::add_update(&mut tx, measure_id, me, &body).await?;
    let told = db::notifications::fan_out_update(&mut tx, measure_id, id, me).await?;
    tx.commit().await?;
    Ok((id, told))
}

fn fields(id: i64, v: &rules::ValidMeasure) -> NewMeasure<'_> {
    NewMeasure {
        idea_id: id,
        parent_id: v.parent_id,
        responsible: &v.responsible,
        starts_on: v.starts_on.as_deref(),
        ends_on: v.ends_on.as_deref(),
        status: v.status.as_str(),
        progress_set: v.progress_set,
    }
}

/// A parent must be another measure of the same community, not the measure's own
/// descendant, and the tree no deeper than `MAX_DEPTH`.
async fn check_parent(
    c: &mut Conn,
    community_id: i64,
    me: Option<i64>,
    parent: Option<i64>,
) -> Result<(), AppError> {
    let Some(parent) = parent else {
        return Ok(());
    };
    let all = data::of_community(c, community_id).await?;
    let parent_of: HashMap<i64, Option<i64>> = all.iter().map(|m| (m.id, m.parent_id)).collect();
    let bad = || AppError::invalid("parent", Msg::ErrChooseParent);
    if !parent_of.contains_key(&parent) || Some(parent) == me {
        return Err(bad());
    }
    // Walk up from the parent: meeting the measure itself would make a cycle.
    let mut depth = 1;
    let mut at = Some(parent);
    while let Some(p) = at {
        if Some(p) == me || depth > rules::MAX_DEPTH {
            return Err(bad());
        }
        depth += 1;
        at = parent_of.get(&p).copied().flatten();
    }
    // The measure's own sub-measures move down with it.
    let below = me.map(|m| height(&all, m)).unwrap_or(0);
    if depth + below > rules::MAX_DEPTH + 1 {
        return Err(bad());
    }
    Ok(())
}

/// How many levels of sub-measures hang below `id`.
fn height(all: &[MeasureRow], id: i64) -> usize {
    all.iter()
        .filter(|m| m.parent_id == Some(id))
        .map(|m| 1 + height(all, m.id))
        .max()
        .unwrap_or(0)
}

async fn has_children(c: &mut Conn, community_id: i64, id: i64) -> Result<bool, AppError> {
    let all = data::of_community(c, community_id).await?;
    Ok(all.iter().any(|m| m.parent_id == Some(id)))
}

/// The ideas a measure may come from: residents' ideas of the same community; anything else
/// is refused with the field's message.
async fn check_sources(
    c: &mut Conn,
    community_id: i64,
    ideas: &[i64],
) -> Result<Vec<i64>, AppError> {
    let mut ideas: Vec<i64> = ideas.to_vec();
    ideas.sort_unstable();
    ideas.dedup();
    let found = data::kinds_of(c, &ideas).await?;
    let ok = found.len() == ideas.len()
        && found
            .iter()
            .all(|(_, community, kind)| *community == community_id && kind == "idea");
    match ok {
        true => Ok(ideas),
        false => Err(AppError::invalid("ideas", Msg::ErrChooseIdeas)),
    }
}

fn excerpt_of(body: &str) -> String {
    crate::ideas::rules::excerpt(&crate::server::markdown::plain_text(body), 180)
}

/// Everything a community's measures need for their progress: the rows, their indicators
/// (with their readings for the one measure a page shows), and the progress of each.
struct Tree {
    measures: Vec<MeasureRow>,
    indicators: Vec<IndicatorView>,
    progress: HashMap<i64, Option<f64>>,
    /// Indicator id → its latest reading's value.
    latest: HashMap<i64, Option<f64>>,
    /// Indicator id → measure id.
    owner: HashMap<i64, i64>,
}

/// Progress needs only each indicator's latest value (one row per indicator); the readings
/// themselves are read for `readings_of` alone (0: none), the measure a page shows. Reading
/// every reading of the community made a measure's page 10 ms of row transfers.
async fn tree(c: &mut Conn, community_id: i64, readings_of: i64) -> Result<Tree, AppError> {
    let measures = data::of_community(c, community_id).await?;
    let rows = data::indicators(c, community_id, 0).await?;
    let readings = match readings_of {
        0 => Vec::new(),
        id => data::readings(c, community_id, id).await?,
    };
    let mut by_indicator: HashMap<i64, Vec<ReadingView>> = HashMap::new();
    for r in readings {
        by_indicator
            .entry(r.indicator_id)
            .or_default()
            .push(ReadingView {
                id: r.id,
                taken_on: r.taken_on,
                value: r.value,
                note: r.note,
                source: r.source,
                corrected: r.version > 1,
            });
    }
    let mut latest = HashMap::new();
    let mut owner = HashMap::new();
    let mut raw: HashMap<i64, Vec<Option<f64>>> = HashMap::new();
    let indicators: Vec<IndicatorView> = rows
        .into_iter()
        .map(|i| {
            let readings = by_indicator.remove(&i.id).unwrap_or_default();
            let p = rules::indicator_progress(i.baseline, i.target, i.latest);
            latest.insert(i.id, i.latest);
            raw.entry(i.measure_id).or_default().push(p);
            owner.insert(i.id, i.measure_id);
            IndicatorView {
                id: i.id,
                name: i.name,
                unit: i.unit,
                baseline: i.baseline,
                target: i.target,
                due_on: i.due_on,
                progress: p.map(rules::percent),
                readings,
            }
        })
        .collect();
    let nodes: Vec<ProgressNode> = measures
        .iter()
        .map(|m| ProgressNode {
            id: m.id,
            parent_id: m.parent_id,
            status: rules::MeasureStatus::from_stored(&m.status),
            progress_set: m.progress_set,
            indicators: raw.remove(&m.id).unwrap_or_default(),
        })
        .collect();
    let progress = rules::progress_of_all(&nodes);
    Ok(Tree {
        measures,
        indicators,
        progress,
        latest,
        owner,
    })
}

impl Tree {
    fn link(&self, m: &MeasureRow) -> MeasureLink {
        MeasureLink {
            id: m.id,
            title: m.title.clone(),
            status: rules::MeasureStatus::from_stored(&m.status),
            progress: self
                .progress
                .get(&m.id)
                .copied()
                .flatten()
                .map(rules::percent),
        }
    }

    fn find(&self, id: i64) -> Option<&MeasureRow> {
        self.measures.iter().find(|m| m.id == id)
    }

    fn indicators_of(&self, id: i64) -> Vec<IndicatorView> {
        self.indicators
            .iter()
            .filter(|i| self.owner.get(&i.id) == Some(&id))
            .cloned()
            .collect()
    }
}

/// Progress of a community's measures and indicators, in percent, with each indicator's latest
/// value: (measure → progress, indicator → (latest, progress)). For exports and the API.
pub type Figures = (
    HashMap<i64, Option<i64>>,
    HashMap<i64, (Option<f64>, Option<i64>)>,
);

pub async fn figures(c: &mut Conn, community_id: i64) -> Result<Figures, AppError> {
    let t = tree(c, community_id, 0).await?;
    let measures = t
        .measures
        .iter()
        .map(|m| {
            (
                m.id,
                t.progress.get(&m.id).copied().flatten().map(rules::percent),
            )
        })
        .collect();
    let indicators = t
        .indicators
        .iter()
        .map(|i| (i.id, (t.latest.get(&i.id).copied().flatten(), i.progress)))
        .collect();
    Ok((measures, indicators))
}

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

/// The description's change word by word ("=", "-", "+"), for `<del>` and `<ins>`.
pub fn word_diff(before: &str, after: &str) -> Vec<(String, String)> {
    use similar::{ChangeTag, TextDiff};
    let diff = TextDiff::from_words(before, after);
    let mut out: Vec<(String, String)> = Vec::new();
    for change in diff.iter_all_changes() {
        let tag = match change.tag() {
            ChangeTag::Equal => "=",
            ChangeTag::Delete => "-",
            ChangeTag::Insert => "+",
        };
        match out.last_mut() {
            Some((t, text)) if t == tag => text.push_str(change.value()),
            _ => out.push((tag.to_string(), change.value().to_string())),
        }
    }
    out
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
