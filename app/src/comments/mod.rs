//! Comments under an idea: plain text, shown oldest first.

pub mod rules;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod service;
pub mod view;

use serde::{Deserialize, Serialize};

/// A comment as shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: i64,
    pub body: String,
    pub author_name: String,
    pub created_at: i64,
    /// Written by the viewer.
    pub mine: bool,
    pub hidden: Option<crate::moderation::Hidden>,
}

/// A comment as stored.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CommentRow {
    pub id: i64,
    pub body: String,
    pub author_name: String,
    pub created_at: i64,
    pub author_id: i64,
    pub hidden: i64,
    pub hidden_reason: Option<String>,
    pub hidden_note: Option<String>,
}

#[cfg(feature = "ssr")]
impl CommentView {
    /// A stored comment as `viewer` sees it (see `ArgumentView::new`).
    pub fn new(
        mut r: CommentRow,
        community_id: i64,
        viewer: &crate::authz::Actor,
        appeals: &[crate::server::db::moderation::AppealRow],
    ) -> Self {
        use crate::moderation::rules::{ContentRef, Kind};
        use crate::moderation::seen::{as_seen_by, Stored};
        let stored = Stored {
            item: ContentRef::new(Kind::Comment, r.id),
            community_id,
            author_id: Some(r.author_id),
            hidden: r.hidden,
            reason: r.hidden_reason.as_deref(),
            note: r.hidden_note.take(),
        };
        let (seen, hidden) = as_seen_by(stored, viewer, appeals);
        let (mine, shown) = (seen.mine, seen.text);
        CommentView {
            id: r.id,
            body: if shown { r.body } else { String::new() },
            author_name: if shown { r.author_name } else { String::new() },
            created_at: r.created_at,
            mine,
            hidden,
        }
    }
}
