//! The opinion groups' worker: every few seconds it computes the consultations whose votes
//! changed (`app::opinions::service::run_due`). Every instance runs it; a claim in the
//! database keeps two of them off the same consultation.

use app::server::db::Db;
use std::time::Duration;

/// How often the worker looks for consultations to compute.
const POLL: Duration = Duration::from_secs(5);

pub async fn run(db: Db) {
    let worker = format!("{:016x}", rand::random::<u64>());
    let mut every = tokio::time::interval(POLL);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if let Err(e) = app::opinions::service::run_due(&db, &worker).await {
            tracing::warn!(error = %e, "opinion groups: could not compute, retrying");
        }
    }
}
