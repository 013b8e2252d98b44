//! Tells the anonymous page cache (in the `server` crate) that content was hidden, restored or
//! deleted: pages rendered before that moment are not served again, so hidden content drops
//! out of cached pages at once in this process. Other processes on the same database drop it
//! when their cached page expires (one cache lifetime, 1 s by default).

use std::sync::atomic::{AtomicU64, Ordering};

static EPOCH: AtomicU64 = AtomicU64::new(0);

/// Called after a transaction that changed what the public sees has committed.
pub fn changed() {
    EPOCH.fetch_add(1, Ordering::Release);
}

/// The number of such changes so far; a cached page remembers the value it was rendered at.
pub fn epoch() -> u64 {
    EPOCH.load(Ordering::Acquire)
}
