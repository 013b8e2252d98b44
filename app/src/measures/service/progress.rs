//! The progress of a community's measures, worked out from their indicators' latest readings:
//! for the pages (`pages`), the exports and the open-data API (`figures`).

use crate::error::AppError;
use crate::measures::rules::{self, ProgressNode};
use crate::measures::{IndicatorView, MeasureLink, ReadingView};
use crate::server::db::measures::{self as data, MeasureRow};
use crate::server::db::Conn;
use std::collections::HashMap;

/// Everything a community's measures need for their progress: the rows, their indicators
/// (with their readings for the one measure a page shows), and the progress of each.
pub(super) struct Tree {
    pub(super) measures: Vec<MeasureRow>,
    pub(super) indicators: Vec<IndicatorView>,
    pub(super) progress: HashMap<i64, Option<f64>>,
    /// Indicator id → its latest reading's value.
    pub(super) latest: HashMap<i64, Option<f64>>,
    /// Indicator id → measure id.
    pub(super) owner: HashMap<i64, i64>,
}

/// Progress needs only each indicator's latest value (one row per indicator); the readings
/// themselves are read for `readings_of` alone (0: none), the measure a page shows. Reading
/// every reading of the community made a measure's page 10 ms of row transfers.
pub(super) async fn tree(
    c: &mut Conn,
    community_id: i64,
    readings_of: i64,
) -> Result<Tree, AppError> {
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
    pub(super) fn link(&self, m: &MeasureRow) -> MeasureLink {
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

    pub(super) fn find(&self, id: i64) -> Option<&MeasureRow> {
        self.measures.iter().find(|m| m.id == id)
    }

    pub(super) fn indicators_of(&self, id: i64) -> Vec<IndicatorView> {
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
