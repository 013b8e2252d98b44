//! Comments under an idea: plain text, shown oldest first.

pub mod rules;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod service;
pub mod view;

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: i64,
    pub body: String,
    pub author_name: String,
    pub created_at: i64,
}

#[cfg(feature = "ssr")]
impl From<crate::server::db::CommentRow> for CommentView {
    fn from(r: crate::server::db::CommentRow) -> Self {
        CommentView {
            id: r.id,
            body: r.body,
            author_name: r.author_name,
            created_at: r.created_at,
        }
    }
}
