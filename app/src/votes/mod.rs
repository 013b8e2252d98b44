//! Votes on ideas (endorse / oppose) and on arguments (helpful / not helpful).

pub mod rules;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod service;
pub mod view;

use rules::Vote;
use serde::{Deserialize, Serialize};

/// Counters of one idea or argument and the viewer's own vote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub up: i64,
    pub down: i64,
    pub mine: Option<Vote>,
}

impl Tally {
    /// From stored counters and the viewer's stored vote (0 for none: the cards and idea
    /// pages that read this show no pass).
    pub fn from_counts(up: i64, down: i64, mine: i64) -> Tally {
        Tally {
            up,
            down,
            mine: Vote::from_value(mine).filter(|v| *v != Vote::Pass),
        }
    }
}
