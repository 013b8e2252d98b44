//! Who owns an idea or an argument — the community it is in and its author — never changes
//! while the row exists, and every vote's permission check needs it. Kept in memory once read,
//! so checking costs a vote no query.
//!
//! Correct across server instances because ids are never handed out twice (migration 0016:
//! AUTOINCREMENT on SQLite, identity sequences on PostgreSQL): an entry of a deleted row can
//! only name that row, whose write is then refused (NotFound), never someone else's new one.
//! Deleting content still empties this process's cache (`forget_all`), so nothing relies on
//! that alone. Whatever one day moves content to another community must do the same.

use super::{Conn, DbResult};
use std::collections::HashMap;
use std::sync::Mutex;

/// Enough for every idea and argument of a large city's consultations (about 32 bytes each);
/// past it, everything is forgotten and read again as needed.
const MAX_ENTRIES: usize = 200_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Kind {
    Idea,
    Argument,
}

#[derive(Debug, Default)]
pub struct Owners {
    known: Mutex<HashMap<(Kind, i64), (i64, i64)>>,
}

impl Owners {
    /// (community id, author id) of an idea; `None` if there is no such idea.
    pub async fn idea(&self, c: &mut Conn, id: i64) -> DbResult<Option<(i64, i64)>> {
        self.read_through(Kind::Idea, id, super::ideas::owner(c, id))
            .await
    }

    /// (community id, author id) of an argument; `None` if there is no such argument.
    pub async fn argument(&self, c: &mut Conn, id: i64) -> DbResult<Option<(i64, i64)>> {
        self.read_through(Kind::Argument, id, super::arguments::owner(c, id))
            .await
    }

    /// Forgets everything: called after content is deleted (rare: moderation, a deleted
    /// account), when the arguments that went with an idea are not known one by one.
    pub fn forget_all(&self) {
        if let Ok(mut known) = self.known.lock() {
            known.clear();
        }
    }

    /// How many entries are kept (for tests).
    pub fn len(&self) -> usize {
        self.known.lock().map_or(0, |k| k.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    async fn read_through(
        &self,
        kind: Kind,
        id: i64,
        read: impl std::future::Future<Output = DbResult<Option<(i64, i64)>>>,
    ) -> DbResult<Option<(i64, i64)>> {
        if let Some(owner) = self
            .known
            .lock()
            .ok()
            .and_then(|k| k.get(&(kind, id)).copied())
        {
            return Ok(Some(owner));
        }
        let owner = read.await?;
        if let (Some(owner), Ok(mut known)) = (owner, self.known.lock()) {
            if known.len() >= MAX_ENTRIES {
                known.clear();
            }
            known.insert((kind, id), owner);
        }
        Ok(owner)
    }
}
