//! What came of a consultation, in figures: its public results page (rankings, activity per
//! day, categories and statuses as server-rendered SVG charts, each with its data as a
//! table) and the community administrators' dashboard (participation, activity, moderation
//! load).

pub mod charts;
pub mod pages;
pub mod rules;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod service;

use crate::ideas::rules::Status;
use serde::{Deserialize, Serialize};

/// A consultation's public results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultsView {
    pub consultation_id: i64,
    pub consultation_name: String,
    pub community_slug: String,
    pub community_name: String,
    pub participants: i64,
    pub ideas: i64,
    pub votes_for: i64,
    pub votes_against: i64,
    pub arguments_for: i64,
    pub arguments_against: i64,
    pub comments: i64,
    /// The ideas with the most net support, best first.
    pub ranking: Vec<RankedIdea>,
    /// Each day from the first activity to the last, without gaps.
    pub votes_per_day: Vec<DayVotes>,
    pub participants_per_day: Vec<DayCount>,
    /// Category names in the community's order, then "no category"; only those with ideas.
    pub categories: Vec<(String, i64)>,
    pub statuses: Vec<(Status, i64)>,
    /// The opinion groups, once there are two groups large enough to show.
    pub groups: Option<crate::opinions::GroupsView>,
    /// The group the signed-in reader's votes are closest to: theirs alone, added per request
    /// after the shared figures (`service::results_page`).
    pub my_group: Option<String>,
    /// Ideas and votes per area, when the community has areas.
    pub areas: Option<crate::places::AreaResults>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RankedIdea {
    pub id: i64,
    pub title: String,
    pub status: Status,
    pub up: i64,
    pub down: i64,
}

/// A day number (see `time::day_number`) with a count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DayCount {
    pub day: i64,
    pub n: i64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DayVotes {
    pub day: i64,
    pub up: i64,
    pub down: i64,
}

/// A community's dashboard over its last `days` days.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DashboardView {
    pub community_slug: String,
    pub community_name: String,
    pub days: i64,
    pub participants: i64,
    pub participants_ever: i64,
    pub activity: Vec<DayActivity>,
    pub reports_opened: i64,
    pub reports_closed: i64,
    /// Entries in the moderation queue now.
    pub queue: i64,
    /// The median time from a report to the decision that closed it, in milliseconds.
    pub median_decision_ms: Option<i64>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DayActivity {
    pub day: i64,
    pub ideas: i64,
    pub arguments: i64,
    pub votes: i64,
    pub participants: i64,
}
