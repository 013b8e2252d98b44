//! Moderation: residents report content; moderators work through the queue (approve, hide
//! with a rule and a message, restore, delete — one item or many), ban people from writing in
//! a community, and decide appeals; administrators read the audit log and set the community's
//! moderation settings; everyone reads the public moderation log.

pub mod pages;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod seen;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod service;
pub mod view;

use rules::{ContentRef, Reason};
use serde::{Deserialize, Serialize};

/// What the viewer of an idea page may do about its content.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Rights {
    pub signed_in: bool,
    /// The consultation's phase takes arguments and comments now.
    pub discuss: bool,
    /// The consultation's phase takes votes (on ideas, on arguments' helpfulness) now.
    pub vote: bool,
    /// Banned in this community: reads, writes nothing.
    pub banned: bool,
    pub moderator: bool,
}

/// What a banned person reads about their ban: the rule and the last day (None: no end).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BanNotice {
    pub reason: Reason,
    pub until: Option<i64>,
}

/// A hidden item as a page shows it. Its text reaches only its author and the moderators.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hidden {
    pub reason: Reason,
    /// The moderator's message to the author (shown to the author and moderators only).
    pub note: Option<String>,
    pub appeal: AppealState,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum AppealState {
    /// Not appealed (yet).
    None,
    Pending,
    /// A moderator looked again and kept it hidden (final).
    Refused,
}

/// One item on the report, appeal or moderation page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemView {
    pub target: ContentRef,
    pub idea_id: i64,
    pub community_slug: String,
    /// The idea's title (for arguments and comments, the idea they belong to).
    pub idea_title: String,
    /// Shown only to people who may see it (author, moderators); else empty.
    pub text: String,
    pub author_name: String,
    pub author_id: i64,
    pub hidden: Option<Hidden>,
    pub already_reported: bool,
    pub flash: Option<crate::form::Flash>,
}

/// One entry of the queue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueEntry {
    pub target: ContentRef,
    pub idea_id: i64,
    pub title: String,
    pub text: String,
    pub author_id: i64,
    pub author_name: String,
    pub urgent: bool,
    pub awaiting_approval: bool,
    pub hidden_reason: Option<Reason>,
    pub report_count: i64,
    /// (reason, note) of each open report; never who reported.
    pub reports: Vec<(Reason, Option<String>)>,
    pub appeal: Option<String>,
    pub opened_at: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueView {
    pub community_slug: String,
    pub community_name: String,
    pub entries: Vec<QueueEntry>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub kind: String,
    pub reason: String,
    pub admin: bool,
    /// For administrators: the auto-hide threshold and each consultation's pre-moderation.
    pub threshold: i64,
    /// For administrators: how old (days) a confirmed account must be for its reports to hide.
    pub min_days: i64,
    pub consultations: Vec<(i64, String, bool)>,
    pub flash: Option<crate::form::Flash>,
}

impl QueueView {
    pub fn href(&self, page: i64) -> String {
        format!(
            "/communities/{}/moderation?kind={}&reason={}&page={page}",
            self.community_slug, self.kind, self.reason
        )
    }
}

/// One line of the audit log or of the public moderation log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogEntry {
    pub action: String,
    pub target_kind: String,
    pub target_id: i64,
    pub reason: Option<Reason>,
    pub created_at: i64,
    /// The title of the idea the item is (or is under), while it exists; and where to read
    /// it, while it is visible.
    pub title: Option<String>,
    pub href: Option<String>,
    /// Only in the audit log (administrators): who acted and their note.
    pub actor_name: Option<String>,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogView {
    pub community_slug: String,
    pub community_name: String,
    pub entries: Vec<LogEntry>,
    pub page: i64,
    pub pages: i64,
    pub action: String,
    pub audit: bool,
}

/// The members page: people found by name with their roles, and who is banned.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MembersView {
    pub community_id: i64,
    pub community_slug: String,
    pub community_name: String,
    pub query: String,
    /// (user id, display name, role)
    pub people: Vec<(i64, String, crate::authz::Role)>,
    /// (user id, display name, rule, until)
    pub bans: Vec<(i64, String, Reason, Option<i64>)>,
    pub may_manage_roles: bool,
    pub flash: Option<crate::form::Flash>,
}

/// The ban form for one person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BanFormView {
    pub community_id: i64,
    pub community_slug: String,
    pub community_name: String,
    pub user_id: i64,
    pub display_name: String,
    pub flash: Option<crate::form::Flash>,
}
