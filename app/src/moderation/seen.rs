//! How stored content reads for its viewer, by the one rule for hidden content
//! (`rules::sight`): everyone learns that an item is hidden and under which rule; its text,
//! author and the moderator's message reach its author and the community's moderators.

use super::rules::{sight, ContentRef, Reason, Sight};
use super::{AppealState, Hidden};
use crate::authz::Actor;
use crate::server::db::moderation::AppealRow;

/// What an item keeps about its hiding, as stored.
pub struct Stored<'a> {
    pub item: ContentRef,
    pub community_id: i64,
    pub author_id: Option<i64>,
    pub hidden: i64,
    pub reason: Option<&'a str>,
    pub note: Option<String>,
}

/// The item as `viewer` sees it: what they may see of it, and its hidden state (with the
/// author's appeal among `appeals`, the viewer's own).
pub fn as_seen_by(s: Stored<'_>, viewer: &Actor, appeals: &[AppealRow]) -> (Sight, Option<Hidden>) {
    let sight = sight(viewer, s.community_id, s.author_id, s.hidden == 1);
    let appeal = appeals
        .iter()
        .find(|a| a.target_kind == s.item.kind.as_str() && a.target_id == s.item.id);
    let note = s.note.filter(|_| sight.why);
    (sight, hidden_state(s.hidden, s.reason, note, appeal))
}

/// How a hidden item reads, with its author's appeal; `None` for a visible one.
pub fn hidden_state(
    hidden: i64,
    reason: Option<&str>,
    note: Option<String>,
    appeal: Option<&AppealRow>,
) -> Option<Hidden> {
    (hidden == 1).then(|| Hidden {
        reason: Reason::from_stored(reason.unwrap_or("other")),
        note,
        appeal: match appeal.map(|a| a.decision.as_deref()) {
            None => AppealState::None,
            Some(None) => AppealState::Pending,
            Some(Some(_)) => AppealState::Refused,
        },
    })
}
