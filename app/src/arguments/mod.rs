//! Arguments for and against an idea, and whether readers found them helpful.

pub mod rules;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod service;
pub mod view;

use crate::votes::Tally;
use rules::Side;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArgumentView {
    pub id: i64,
    pub side: Side,
    pub body: String,
    pub author_name: String,
    pub created_at: i64,
    pub rating: Tally,
    /// Written by the viewer.
    pub mine: bool,
    pub hidden: Option<crate::moderation::Hidden>,
}

#[cfg(feature = "ssr")]
impl ArgumentView {
    /// A stored argument as `viewer` sees it: hidden text reaches only its author and the
    /// moderators (`moderator`).
    pub fn new(
        r: crate::server::db::ArgumentRow,
        viewer: i64,
        moderator: bool,
        appeals: &[crate::server::db::moderation::AppealRow],
    ) -> Self {
        use crate::moderation::rules::{ContentRef, Kind};
        let (mine, hidden, shown) = crate::moderation::server_fns::as_seen_by(
            ContentRef::new(Kind::Argument, r.id),
            r.author_id,
            r.hidden,
            r.hidden_reason.as_deref(),
            r.hidden_note,
            viewer,
            moderator,
            appeals,
        );
        ArgumentView {
            id: r.id,
            side: Side::parse(&r.side).unwrap_or(Side::For),
            body: if shown { r.body } else { String::new() },
            author_name: if shown { r.author_name } else { String::new() },
            created_at: r.created_at,
            rating: Tally::from_counts(r.helpful_count, r.unhelpful_count, r.my_vote),
            mine,
            hidden,
        }
    }
}
