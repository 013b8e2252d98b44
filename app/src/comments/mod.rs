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
    /// The replies to it, oldest first (at most two levels below a comment).
    pub replies: Vec<CommentView>,
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
    pub parent_id: Option<i64>,
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
            replies: Vec::new(),
        }
    }
}

/// Comments in threads: each reply under the comment it answers, in the order given (oldest
/// first). A reply whose comment is gone stands at the top level.
pub fn threads(comments: Vec<(Option<i64>, CommentView)>) -> Vec<CommentView> {
    use std::collections::HashMap;
    let present: std::collections::HashSet<i64> = comments.iter().map(|(_, c)| c.id).collect();
    let mut children: HashMap<i64, Vec<CommentView>> = HashMap::new();
    let mut roots = Vec::new();
    for (parent, comment) in comments {
        match parent.filter(|p| present.contains(p)) {
            Some(p) => children.entry(p).or_default().push(comment),
            None => roots.push(comment),
        }
    }
    fn attach(mut c: CommentView, children: &mut HashMap<i64, Vec<CommentView>>) -> CommentView {
        let replies = children.remove(&c.id).unwrap_or_default();
        c.replies = replies.into_iter().map(|r| attach(r, children)).collect();
        c
    }
    roots
        .into_iter()
        .map(|r| attach(r, &mut children))
        .collect()
}

/// The flash key of the comment form, or of the reply form under one comment.
pub fn form_key(reply_to: Option<i64>) -> String {
    match reply_to {
        Some(id) => format!("reply-{id}"),
        None => "comment".into(),
    }
}

/// Replies are kept at most this deep (0 is a comment on the idea): a reply to the deepest
/// level joins that level, answering the same comment.
pub const MAX_DEPTH: i64 = 2;

/// Where a reply to a comment at `depth` (whose own parent is `grandparent`) is attached: the
/// comment it answers and its depth.
pub fn reply_place(parent_id: i64, depth: i64, grandparent: Option<i64>) -> (i64, i64) {
    match (depth >= MAX_DEPTH, grandparent) {
        (true, Some(g)) => (g, MAX_DEPTH),
        _ => (parent_id, (depth + 1).min(MAX_DEPTH)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(id: i64) -> CommentView {
        CommentView {
            id,
            body: id.to_string(),
            author_name: String::new(),
            created_at: id,
            mine: false,
            hidden: None,
            replies: Vec::new(),
        }
    }

    #[test]
    fn replies_go_under_their_comment_in_order() {
        let t = threads(vec![
            (None, c(1)),
            (Some(1), c(2)),
            (None, c(3)),
            (Some(2), c(4)),
            (Some(1), c(5)),
            (Some(99), c(6)),
        ]);
        let ids = |v: &[CommentView]| v.iter().map(|c| c.id).collect::<Vec<_>>();
        assert_eq!(ids(&t), [1, 3, 6]);
        assert_eq!(ids(&t[0].replies), [2, 5]);
        assert_eq!(ids(&t[0].replies[0].replies), [4]);
    }

    #[test]
    fn deeper_replies_join_the_deepest_level() {
        assert_eq!(reply_place(7, 0, None), (7, 1));
        assert_eq!(reply_place(8, 1, Some(7)), (8, 2));
        // A reply to a comment at depth 2 answers that comment's parent, at depth 2.
        assert_eq!(reply_place(9, 2, Some(8)), (8, 2));
    }
}
