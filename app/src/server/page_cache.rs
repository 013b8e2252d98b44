//! A short-lived cache of pages for anonymous visitors ("microcaching").
//!
//! Everyone without a session sees the same HTML for the same address and language, so
//! under load most anonymous page views can reuse a page rendered moments ago instead of
//! querying and rendering again. Signed-in people never get a cached page (theirs shows
//! their own votes and forms), so nobody sees their own action delayed; anonymous visitors
//! may see counts up to the cache's lifetime old (1 s by default, `POSVET_PAGE_CACHE_MS`),
//! plus the time one render takes while its replacement is being made.
//! Every reuse gets a fresh CSP nonce, so no two responses share one.

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Beyond this many bytes of cached HTML, old entries are dropped first, then everything.
const MAX_BYTES: usize = 16 * 1024 * 1024;
/// How many lifetimes an expired page may still be served while its replacement renders.
const STALE_LIFETIMES: u32 = 5;
/// Pages are buffered whole to be cached. No page comes near this; it only bounds memory.
const MAX_PAGE_BYTES: usize = 64 * 1024 * 1024;

#[derive(Clone)]
pub struct PageCache {
    inner: Arc<Inner>,
}

struct Inner {
    lifetime: Duration,
    entries: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    pages: HashMap<(String, crate::i18n::Lang), Arc<Page>>,
    bytes: usize,
}

struct Page {
    stored: Instant,
    /// Set by the one request that renders a replacement once this page has expired.
    refreshing: AtomicBool,
    nonce: String,
    html: String,
}

impl PageCache {
    /// A lifetime of zero turns the cache off.
    pub fn new(lifetime: Duration) -> PageCache {
        PageCache {
            inner: Arc::new(Inner {
                lifetime,
                entries: Mutex::new(Entries::default()),
            }),
        }
    }

    /// The cache key of a request that may be answered from the cache, if it is one.
    fn key(&self, req: &Request) -> Option<(String, crate::i18n::Lang)> {
        let headers = req.headers();
        let path = req.uri().path();
        let cacheable = !self.inner.lifetime.is_zero()
            && req.method() == Method::GET
            && super::context::cookie(headers, super::http::SESSION_COOKIE).is_none()
            && !["/api/", "/pkg/", "/healthz", "/lang/"]
                .iter()
                .any(|p| path.starts_with(p))
            // A random order with its own seed is one visitor's view: caching every seed
            // would fill memory with pages nobody else asks for.
            && !req.uri().query().is_some_and(|q| q.contains("seed="));
        cacheable.then(|| {
            (
                req.uri().to_string(),
                super::context::lang_from_headers(headers),
            )
        })
    }

    /// A page to answer with: a fresh one, or, while one request renders its replacement, the
    /// expired one (at most a few lifetimes old). Without that, every request arriving
    /// while a page expires renders it again at once, and those requests make the p99.
    fn fresh(&self, key: &(String, crate::i18n::Lang)) -> Option<Arc<Page>> {
        let entries = self.inner.entries.lock().ok()?;
        let page = entries.pages.get(key)?;
        let age = page.stored.elapsed();
        if age < self.inner.lifetime {
            return Some(page.clone());
        }
        let someone_else_renders = page.refreshing.swap(true, Ordering::AcqRel);
        (someone_else_renders && age < self.inner.lifetime * STALE_LIFETIMES).then(|| page.clone())
    }

    fn store(&self, key: (String, crate::i18n::Lang), page: Arc<Page>) {
        let Ok(mut entries) = self.inner.entries.lock() else {
            return;
        };
        let size = page.html.len() + key.0.len();
        if entries.bytes + size > MAX_BYTES {
            let lifetime = self.inner.lifetime;
            entries.pages.retain(|_, p| p.stored.elapsed() < lifetime);
            entries.bytes = entries
                .pages
                .iter()
                .map(|(k, p)| p.html.len() + k.0.len())
                .sum();
            if entries.bytes + size > MAX_BYTES {
                entries.pages.clear();
                entries.bytes = 0;
            }
        }
        if let Some(old) = entries.pages.insert(key.clone(), page) {
            entries.bytes -= old.html.len() + key.0.len();
        }
        entries.bytes += size;
    }
}

impl Page {
    /// The page with a new nonce in its scripts and its policy.
    fn respond(&self) -> Response {
        let nonce = leptos::nonce::Nonce::new().to_string();
        let html = self.html.replace(&self.nonce, &nonce);
        let csp = super::http::content_security_policy(Some(&nonce));
        let mut res = html.into_response();
        let headers = res.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        if let Ok(v) = HeaderValue::from_str(&csp) {
            headers.insert(header::CONTENT_SECURITY_POLICY, v);
        }
        res
    }
}

/// Middleware: answers anonymous page views from the cache, and fills it.
pub async fn serve_cached(State(cache): State<PageCache>, req: Request, next: Next) -> Response {
    let Some(key) = cache.key(&req) else {
        return next.run(req).await;
    };
    if let Some(page) = cache.fresh(&key) {
        return page.respond();
    }
    let res = next.run(req).await;
    let headers = res.headers();
    // The nonce Leptos put on this page's scripts, as its policy names it (see `csp_for_page`).
    let nonce = headers
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .and_then(|c| c.split("'nonce-").nth(1))
        .and_then(|r| r.split('\'').next())
        .map(str::to_string);
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    let Some(nonce) = nonce else {
        return res;
    };
    // Only complete, successful, cookie-free pages are shared.
    if res.status() != StatusCode::OK
        || !is_html
        || headers.contains_key(header::SET_COOKIE)
        || nonce.len() < 16
    {
        return res;
    }
    let (parts, body) = res.into_parts();
    let bytes = match to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::error!(error = %e, "could not buffer a page for the cache");
            return (StatusCode::INTERNAL_SERVER_ERROR, "").into_response();
        }
    };
    let html = match String::from_utf8(bytes.into()) {
        Ok(html) => html,
        Err(e) => return Response::from_parts(parts, Body::from(e.into_bytes())),
    };
    let page = Arc::new(Page {
        stored: Instant::now(),
        refreshing: AtomicBool::new(false),
        nonce,
        html,
    });
    cache.store(key, page.clone());
    page.respond()
}
