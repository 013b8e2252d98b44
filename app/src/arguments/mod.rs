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
    /// More people marked it helpful than not in every opinion group.
    pub every_group: bool,
}

#[cfg(feature = "ssr")]
impl ArgumentView {
    /// A stored argument as `viewer` sees it in its community (see `moderation::seen`).
    pub fn new(
        mut r: crate::server::db::ArgumentRow,
        community_id: i64,
        viewer: &crate::authz::Actor,
        appeals: &[crate::server::db::moderation::AppealRow],
    ) -> Self {
        use crate::moderation::rules::{ContentRef, Kind};
        use crate::moderation::seen::{as_seen_by, Stored};
        let stored = Stored {
            item: ContentRef::new(Kind::Argument, r.id),
            community_id,
            author_id: Some(r.author_id),
            hidden: r.hidden,
            reason: r.hidden_reason.as_deref(),
            note: r.hidden_note.take(),
        };
        let (seen, hidden) = as_seen_by(stored, viewer, appeals);
        let (mine, shown) = (seen.mine, seen.text);
        ArgumentView {
            id: r.id,
            side: Side::parse(&r.side).unwrap_or(Side::For),
            body: if shown { r.body } else { String::new() },
            author_name: if shown { r.author_name } else { String::new() },
            created_at: r.created_at,
            rating: Tally::from_counts(r.helpful_count, r.unhelpful_count, r.my_vote),
            mine,
            hidden,
            every_group: r.every_group == 1,
        }
    }
}
