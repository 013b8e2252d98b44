//! Prometheus metrics, served at `GET /metrics` on an address of their own
//! (`POSVET_METRICS_ADDR`, off by default): never on the public port, so residents cannot read
//! them and the operator's firewall decides who can. Requests by route and status, their
//! latency, page-cache hits, the mail outbox, database connections and the mail worker's lag.
//!
//! Written in Prometheus' text format by hand: a dozen series of three line shapes. The
//! client crates write OpenMetrics (counter families named without `_total`), which Debian's
//! `promtool check metrics` reads as a different format; this text passes it unchanged.

use app::server::db::Db;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::fmt::{Display, Write};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Instant;

/// Upper bounds of the latency buckets, in seconds: a cached page takes well under a
/// millisecond, an export many seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Default)]
struct Route {
    by_status: Vec<(u16, u64)>,
    /// Requests at or below each bound of `BUCKETS` (not yet cumulative).
    buckets: [u64; BUCKETS.len()],
    count: u64,
    seconds: f64,
}

#[derive(Default)]
struct Counts {
    routes: Mutex<HashMap<Arc<str>, Route>>,
    cache_hits: AtomicU64,
    cache_misses: AtomicU64,
    /// When the mail worker last finished a pass (Unix ms; 0: it is not running).
    mail_pass_ms: AtomicI64,
}

/// One set per process, as Prometheus scrapes a process.
static COUNTS: LazyLock<Counts> = LazyLock::new(Counts::default);
/// When serving began (Unix ms).
static STARTED: LazyLock<i64> = LazyLock::new(app::server::db::now_ms);

/// Middleware: counts every request under its route (the pattern, such as `/ideas/{id}`, so
/// the number of series stays that of the routes) and its time.
pub async fn record(req: Request, next: Next) -> Response {
    // The matched path is an `Arc` inside; a route's name is allocated once, when first seen.
    let matched = req.extensions().get::<MatchedPath>().cloned();
    let route = matched.as_ref().map_or("other", |p| p.as_str());
    let started = Instant::now();
    let res = next.run(req).await;
    let seconds = started.elapsed().as_secs_f64();
    let status = res.status().as_u16();
    if let Ok(mut routes) = COUNTS.routes.lock() {
        if !routes.contains_key(route) {
            routes.insert(Arc::from(route), Route::default());
        }
        let Some(r) = routes.get_mut(route) else {
            return res;
        };
        match r.by_status.iter_mut().find(|(s, _)| *s == status) {
            Some((_, n)) => *n += 1,
            None => r.by_status.push((status, 1)),
        }
        if let Some(i) = BUCKETS.iter().position(|b| seconds <= *b) {
            r.buckets[i] += 1;
        }
        r.count += 1;
        r.seconds += seconds;
    }
    res
}

/// Notes the start time that `posvet_start_time_seconds` reports (called when serving begins).
pub fn started() {
    LazyLock::force(&STARTED);
}

/// The page cache answered from memory (`hit`) or had to render.
pub fn page_cache(hit: bool) {
    let counter = if hit {
        &COUNTS.cache_hits
    } else {
        &COUNTS.cache_misses
    };
    counter.fetch_add(1, Ordering::Relaxed);
}

/// The mail worker finished a pass over the outbox.
pub fn mail_pass_done() {
    COUNTS
        .mail_pass_ms
        .store(app::server::db::now_ms(), Ordering::Relaxed);
}

/// `GET /metrics`.
pub async fn scrape(State(db): State<Db>) -> Response {
    match render(&db).await {
        Ok(text) => (
            [(
                header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            )],
            text,
        )
            .into_response(),
        Err(e) => (StatusCode::SERVICE_UNAVAILABLE, e).into_response(),
    }
}

/// The router of the metrics address: `/metrics` and nothing else.
pub fn router(db: Db) -> axum::Router {
    axum::Router::new()
        .route("/metrics", axum::routing::get(scrape))
        .with_state(db)
}

async fn render(db: &Db) -> Result<String, String> {
    let now = app::server::db::now_ms();
    let outbox = app::server::db::outbox::due_now(db, now)
        .await
        .map_err(|e| e.to_string())?;
    let mut out = String::new();
    let family = |out: &mut String, name: &str, kind: &str, help: &str| {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
    };
    // A family of one series without labels.
    let single = |out: &mut String, name: &str, kind: &str, help: &str, value: &dyn Display| {
        family(out, name, kind, help);
        let _ = writeln!(out, "{name} {value}");
    };

    family(
        &mut out,
        "posvet_http_requests_total",
        "counter",
        "HTTP requests answered, by route and status.",
    );
    let routes = COUNTS.routes.lock().map_err(|_| "poisoned")?;
    let mut names: Vec<&Arc<str>> = routes.keys().collect();
    names.sort();
    for name in &names {
        let mut statuses = routes[*name].by_status.clone();
        statuses.sort();
        for (status, n) in statuses {
            let route = label(name);
            let _ = writeln!(
                out,
                "posvet_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {n}"
            );
        }
    }
    family(
        &mut out,
        "posvet_http_request_duration_seconds",
        "histogram",
        "Time to answer an HTTP request, by route.",
    );
    for name in &names {
        let r = &routes[*name];
        let route = label(name);
        let mut cumulative = 0;
        for (bound, n) in BUCKETS.iter().zip(r.buckets) {
            cumulative += n;
            let _ = writeln!(out, "posvet_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {cumulative}");
        }
        let _ = writeln!(
            out,
            "posvet_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
            r.count
        );
        let _ = writeln!(
            out,
            "posvet_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
            r.seconds
        );
        let _ = writeln!(
            out,
            "posvet_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
            r.count
        );
    }
    drop(routes);

    single(
        &mut out,
        "posvet_page_cache_hits_total",
        "counter",
        "Pages for visitors answered from the page cache.",
        &COUNTS.cache_hits.load(Ordering::Relaxed),
    );
    single(
        &mut out,
        "posvet_page_cache_misses_total",
        "counter",
        "Cacheable pages that had to be rendered.",
        &COUNTS.cache_misses.load(Ordering::Relaxed),
    );

    single(
        &mut out,
        "posvet_outbox_due",
        "gauge",
        "Mails due to be sent now (not yet sent).",
        &outbox.due,
    );
    let age = outbox.oldest_due_at.map_or(0, |at| (now - at).max(0));
    single(
        &mut out,
        "posvet_outbox_oldest_due_age_seconds",
        "gauge",
        "How long the oldest due mail has been waiting (0 when none waits).",
        &(age as f64 / 1000.0),
    );
    let pass = COUNTS.mail_pass_ms.load(Ordering::Relaxed);
    if pass > 0 {
        single(
            &mut out,
            "posvet_mail_worker_lag_seconds",
            "gauge",
            "Time since the mail worker last finished a pass.",
            &((now - pass).max(0) as f64 / 1000.0),
        );
    }

    family(
        &mut out,
        "posvet_db_connections",
        "gauge",
        "Database connections of this process, by state.",
    );
    let (size, idle) = (db.pool.size() as usize, db.pool.num_idle());
    let _ = writeln!(
        out,
        "posvet_db_connections{{state=\"in_use\"}} {}",
        size.saturating_sub(idle)
    );
    let _ = writeln!(out, "posvet_db_connections{{state=\"idle\"}} {idle}");

    single(
        &mut out,
        "posvet_start_time_seconds",
        "gauge",
        "When this process started (Unix time).",
        &(*STARTED / 1000),
    );
    family(
        &mut out,
        "posvet_build_info",
        "gauge",
        "The running version (always 1).",
    );
    let _ = writeln!(
        out,
        "posvet_build_info{{version=\"{}\"}} 1",
        env!("CARGO_PKG_VERSION")
    );
    Ok(out)
}

/// A label value in the text format: backslash, quote and line feed escaped.
fn label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::label;

    #[test]
    fn label_values_cannot_break_the_line() {
        assert_eq!(label("/ideas/{id}"), "/ideas/{id}");
        assert_eq!(label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
