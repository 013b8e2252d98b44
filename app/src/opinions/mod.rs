//! Opinion groups and common ground: how the participants of a consultation divide, and where
//! they agree across their divides (the method of Pol.is, inside the consultation). `math`
//! finds the groups from the votes; `tally` says what the groups think of each idea; `service`
//! computes them in the background, keeps the result and reads it for the results page.

#[cfg(feature = "ssr")]
pub mod math;
#[cfg(feature = "ssr")]
pub mod service;
pub mod tally;
pub mod view;

use serde::{Deserialize, Serialize};

/// A consultation's opinion groups as the results page shows them: sizes and tallies only,
/// never who is in which group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupsView {
    /// People counted (they voted on enough ideas).
    pub participants: usize,
    pub computed_at: i64,
    pub groups: Vec<GroupView>,
    /// Ideas every group agrees with, by group-informed consensus.
    pub common: Vec<IdeaAcross>,
    /// Ideas the groups divide on most.
    pub divisive: Vec<IdeaAcross>,
    /// A consultation of statements: the section speaks of statements and answers.
    #[serde(default)]
    pub statements: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupView {
    /// "A", "B", … in order of size.
    pub label: String,
    pub size: usize,
    /// Where the group sits on the map (0–100 both ways) and its radius, by its size.
    pub x: f64,
    pub y: f64,
    pub r: f64,
    pub representative: Vec<Representative>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Representative {
    pub idea_id: i64,
    pub title: String,
    /// The group agrees with it (or disagrees).
    pub agree: bool,
    /// How many of the group take that side, of how many of it who voted.
    pub count: u32,
    pub seen: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IdeaAcross {
    pub idea_id: i64,
    pub title: String,
    /// Group-informed consensus (0–1).
    pub consensus: f64,
    /// Each group's agreeing and voting members (`None`: too few of the group voted to say).
    pub agree: Vec<Option<(u32, u32)>>,
}
