//! Full-text search over ideas and arguments, in a consultation or site-wide, and the similar
//! ideas shown before a new idea is posted.

pub mod pages;
pub mod rules;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod service;

use crate::ideas::rules::Status;
use serde::{Deserialize, Serialize};

/// One hit: an idea, or an argument about one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// The idea it is, or is about (hits are grouped under their idea).
    pub idea_id: i64,
    pub is_argument: bool,
    pub href: String,
    /// The idea's title as HTML, matched words in `<mark>` (escaped otherwise).
    pub title_html: String,
    pub snippet_html: String,
    pub consultation: String,
    pub status: Status,
    pub category: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchView {
    pub q: String,
    /// The consultation searched in ("" site-wide), with its name.
    pub consultation: Option<(i64, String)>,
    /// The consultation's community's categories (filters), when scoped to one.
    pub categories: Vec<(i64, String)>,
    pub category: String,
    pub status: String,
    pub hits: Vec<Hit>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
}

impl SearchView {
    /// The address of another page of these results.
    pub fn href(&self, page: i64) -> String {
        let mut href = format!("/search?q={}", crate::query::encode(&self.q));
        if let Some((id, _)) = &self.consultation {
            href.push_str(&format!("&consultation={id}"));
        }
        for (k, v) in [("category", &self.category), ("status", &self.status)] {
            if !v.is_empty() {
                href.push_str(&format!("&{k}={}", crate::query::encode(v)));
            }
        }
        href.push_str(&format!("&page={page}"));
        href
    }
}

/// An idea like the one being written (shown before it is posted).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimilarIdea {
    pub id: i64,
    pub title_html: String,
    pub status: Status,
}
