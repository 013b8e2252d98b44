//! Comments under an idea: plain text, shown oldest first.

pub mod rules;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod service;
pub mod view;

use serde::{Deserialize, Serialize};

/// A comment as stored and as shown (read straight from the database: one type for both).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct CommentView {
    pub id: i64,
    pub body: String,
    pub author_name: String,
    pub created_at: i64,
}
