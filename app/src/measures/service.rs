//! Publishing and editing measures, their indicators, readings and progress updates. Only
//! administrators of the community change anything; every edit of a measure or its indicators
//! keeps a version, every correction of a reading too. What the pages show is `pages`; the
//! progress of a community's measures, which both use, is `progress`.

use super::rules::{self, MeasureDraft};
use crate::authz::{Permission, Target};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::server::db::measures::{
    self as data, IndicatorFields, MeasureRow, NewMeasure, ReadingFields,
};
use crate::server::db::{self, Conn, NewIdea};
use std::collections::HashMap;

mod pages;
mod progress;
pub use pages::{feed, history, implementation, manage_view, on_idea_page};
pub use progress::{figures, Figures};

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
