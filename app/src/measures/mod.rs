//! The city's measures (ukrepi): published in a consultation beside residents' ideas and
//! debated like them, linked to the ideas they came from, measured by indicators with dated
//! readings, reported on by progress updates, and shown per community on the implementation
//! page and its Atom feed.

pub mod chart;
#[cfg(feature = "ssr")]
pub mod csv;
pub mod pages;
pub mod rules;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod service;

use crate::form::Flash;
use rules::MeasureStatus;
use serde::{Deserialize, Serialize};

/// A measure named elsewhere (an idea's, a parent's, a sub-measure).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeasureLink {
    pub id: i64,
    pub title: String,
    pub status: MeasureStatus,
    /// Percent; `None` while nothing can be said.
    pub progress: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReadingView {
    pub id: i64,
    /// "YYYY-MM-DD".
    pub taken_on: String,
    pub value: f64,
    pub note: String,
    pub source: String,
    /// Corrected after it was first entered (its versions are on the history page).
    pub corrected: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorView {
    pub id: i64,
    pub name: String,
    pub unit: String,
    pub baseline: f64,
    pub target: f64,
    pub due_on: Option<String>,
    pub progress: Option<i64>,
    /// Oldest first.
    pub readings: Vec<ReadingView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UpdateView {
    pub id: i64,
    pub measure_id: i64,
    pub measure_title: String,
    pub body_html: String,
    pub created_at: i64,
}

/// A progress update as the Atom feed carries it: the update and its text without markup (the
/// summary a browser shows when someone opens the feed itself).
#[derive(Clone, Debug, PartialEq)]
pub struct FeedEntry {
    pub update: UpdateView,
    pub summary: String,
}

/// An idea a measure came from, with its votes and arguments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourceIdea {
    pub id: i64,
    pub title: String,
    pub up: i64,
    pub down: i64,
    pub arguments_for: i64,
    pub arguments_against: i64,
}

/// What the idea page shows of a measure beyond what every idea has.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeasurePanel {
    pub status: MeasureStatus,
    pub responsible: String,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub progress: Option<i64>,
    /// The progress was set by hand (else derived from readings and sub-measures).
    pub progress_set: bool,
    pub parent: Option<MeasureLink>,
    pub children: Vec<MeasureLink>,
    pub indicators: Vec<IndicatorView>,
    /// Newest first.
    pub updates: Vec<UpdateView>,
    pub sources: Vec<SourceIdea>,
    pub version: i64,
    pub can_manage: bool,
}

/// The administrators' page of one measure: its fields, sources, indicators, readings and
/// updates, each with its form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManageView {
    /// 0 for a new measure.
    pub id: i64,
    pub consultation_id: i64,
    pub consultation_name: String,
    pub community_slug: String,
    pub community_name: String,
    pub draft: rules::MeasureDraft,
    /// Ideas to choose from (id, title) and those chosen.
    pub candidates: Vec<(i64, String)>,
    pub sources: Vec<i64>,
    /// Other measures of the community that can be the parent (id, title).
    pub parents: Vec<(i64, String)>,
    pub indicators: Vec<IndicatorView>,
    pub flash: Option<Flash>,
}

/// One version of a measure, and what it changed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VersionView {
    pub version: i64,
    pub author_name: String,
    pub created_at: i64,
    pub changes: Vec<rules::Change>,
    /// The description word by word: (kind, text) with kind "=", "-" or "+"; empty when the
    /// description did not change.
    pub body_diff: Vec<(String, String)>,
}

/// A correction of a reading: its versions in order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CorrectionView {
    pub indicator: String,
    /// (version, date, value, note, source, who, when)
    pub versions: Vec<(i64, String, f64, String, String, String, i64)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryView {
    pub id: i64,
    pub title: String,
    /// Newest first.
    pub versions: Vec<VersionView>,
    pub corrections: Vec<CorrectionView>,
}

/// A measure on the implementation page, with its sub-measures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeasureSummary {
    pub link: MeasureLink,
    pub responsible: String,
    pub ends_on: Option<String>,
    pub latest: Option<UpdateView>,
    pub children: Vec<MeasureSummary>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoalMeasures {
    pub id: i64,
    pub name: String,
    pub measures: Vec<MeasureSummary>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImplementationView {
    pub community_slug: String,
    pub community_name: String,
    pub goals: Vec<GoalMeasures>,
    /// Every goal (id, name), for the filter.
    pub all_goals: Vec<(i64, String)>,
    pub status: Option<MeasureStatus>,
    pub goal: Option<i64>,
    /// How many measures each status has, over all goals.
    pub counts: Vec<(MeasureStatus, i64)>,
    pub can_manage: bool,
    /// An import's report (administrators).
    pub flash: Option<Flash>,
}
