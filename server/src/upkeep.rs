//! The installation's hourly upkeep, run by every instance (each step is safe to run twice):
//! guest accounts that never took part are removed once they are `guest_days` old.

use app::ctx::Ctx;
use app::i18n::Lang;
use app::server::db::Db;
use std::time::Duration;

pub async fn run(db: Db, guest_days: i64) {
    let mut every = tokio::time::interval(Duration::from_secs(3600));
    loop {
        every.tick().await;
        let operator = Ctx::operator(db.clone(), Lang::En);
        match app::participation::service::remove_idle_guests(&operator, guest_days).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(removed = n, "removed guest accounts that never took part"),
            Err(e) => tracing::warn!(error = %e, "upkeep: could not remove idle guests"),
        }
    }
}
