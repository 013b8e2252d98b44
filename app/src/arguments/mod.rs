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
}

#[cfg(feature = "ssr")]
impl From<crate::server::db::ArgumentRow> for ArgumentView {
    fn from(r: crate::server::db::ArgumentRow) -> Self {
        ArgumentView {
            id: r.id,
            side: Side::parse(&r.side).unwrap_or(Side::For),
            body: r.body,
            author_name: r.author_name,
            created_at: r.created_at,
            rating: Tally::from_counts(r.helpful_count, r.unhelpful_count, r.my_vote),
        }
    }
}
