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

/// Beyond this many bytes of cached HTML, the oldest entries are dropped.
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
    pages: HashMap<(String, app::i18n::Lang), Arc<Page>>,
    bytes: usize,
}

struct Page {
    stored: Instant,
    /// Set by the one request that renders a replacement once this page has expired.
    refreshing: AtomicBool,
    /// `app::server::visibility::epoch()` when rendering began: once content is hidden or
    /// restored, pages rendered before are never served again (not even while stale).
    epoch: u64,
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
    ///
    /// Fails closed: only a GET with no cookie but the language, no credentials, and no query
    /// parameter a page does not read is shared. The key is the path and the parameters pages
    /// read, in one order, so `?page=2&sort=top` and `?sort=top&page=2&` share one entry and
    /// made-up parameters cannot fill the cache with copies.
    fn key(&self, req: &Request) -> Option<(String, app::i18n::Lang)> {
        let path = req.uri().path();
        let cacheable = !self.inner.lifetime.is_zero()
            && req.method() == Method::GET
            && !is_personal(req)
            && !["/api/", "/pkg/", "/healthz", "/lang/", "/auth/", "/account"]
                .iter()
                .any(|p| path.starts_with(p));
        if !cacheable {
            return None;
        }
        let mut params = Vec::new();
        for (name, value) in form_urlencoded_pairs(req.uri().query().unwrap_or("")) {
            // A random order with its own seed is one visitor's view: caching every seed would
            // fill memory with pages nobody else asks for.
            if !SHARED_PARAMS.contains(&name.as_str()) {
                return None;
            }
            params.push((name, value));
        }
        params.sort();
        // A parameter given twice is not cached: the key would keep one value and the page
        // might read the other, and the cached page would then answer for the wrong order.
        if params.windows(2).any(|w| w[0].0 == w[1].0) {
            return None;
        }
        let mut key = path.to_string();
        for (i, (name, value)) in params.iter().enumerate() {
            key.push(if i == 0 { '?' } else { '&' });
            key.push_str(&format!("{name}={value}"));
        }
        Some((key, app::lang::lang_from_headers(req.headers())))
    }

    /// A page to answer with: a fresh one, or, while one request renders its replacement, the
    /// expired one (at most a few lifetimes old). Without that, every request arriving
    /// while a page expires renders it again at once, and those requests make the p99.
    fn fresh(&self, key: &(String, app::i18n::Lang)) -> Option<Arc<Page>> {
        let entries = self.inner.entries.lock().ok()?;
        let page = entries.pages.get(key)?;
        if page.epoch != app::server::visibility::epoch() {
            return None;
        }
        let age = page.stored.elapsed();
        if age < self.inner.lifetime {
            return Some(page.clone());
        }
        let someone_else_renders = page.refreshing.swap(true, Ordering::AcqRel);
        (someone_else_renders && age < self.inner.lifetime * STALE_LIFETIMES).then(|| page.clone())
    }

    fn store(&self, key: (String, app::i18n::Lang), page: Arc<Page>) {
        let Ok(mut entries) = self.inner.entries.lock() else {
            return;
        };
        let size = page.html.len() + key.0.len();
        if let Some(old) = entries.pages.insert(key.clone(), page) {
            entries.bytes -= old.html.len() + key.0.len();
        }
        entries.bytes += size;
        if entries.bytes > MAX_BYTES {
            entries.evict_oldest(MAX_BYTES * 3 / 4);
        }
    }
}

impl Entries {
    /// Drops the oldest pages until at most `target` bytes are left. Popular pages are
    /// re-stored every lifetime, so they are the newest and stay: a flood of one-off pages
    /// pushes out one-off pages, not the home page.
    fn evict_oldest(&mut self, target: usize) {
        let mut by_age: Vec<_> = self
            .pages
            .iter()
            .map(|(k, p)| (p.stored, k.clone(), p.html.len() + k.0.len()))
            .collect();
        by_age.sort_by_key(|(stored, _, _)| *stored);
        for (_, key, size) in by_age {
            if self.bytes <= target {
                break;
            }
            self.pages.remove(&key);
            self.bytes -= size;
        }
    }
}

/// Query parameters that change what a shareable page shows (consultation pages' order and page;
/// the login page's way back). A request with any other parameter is not cached.
const SHARED_PARAMS: [&str; 3] = ["sort", "page", "next"];

/// A request that could make its page personal: any cookie but the language (a session in
/// any spelling, a cookie we do not know), a cookie header we cannot read, or credentials.
fn is_personal(req: &Request) -> bool {
    let headers = req.headers();
    headers.contains_key(header::AUTHORIZATION)
        || headers.get_all(header::COOKIE).iter().any(|v| {
            v.to_str().map_or(true, |c| {
                c.split(';')
                    .map(str::trim)
                    .filter(|kv| !kv.is_empty())
                    .any(|kv| {
                        kv.split_once('=')
                            .is_none_or(|(name, _)| name.trim() != "lang")
                    })
            })
        })
}

/// The name/value pairs of a query string, as written (not decoded: the key only compares).
fn form_urlencoded_pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    query.split('&').filter(|p| !p.is_empty()).map(|p| {
        let (name, value) = p.split_once('=').unwrap_or((p, ""));
        (name.to_string(), value.to_string())
    })
}

/// Personal responses (for a person with a session, or setting a cookie) must not be kept by
/// a browser's shared cache or a proxy; every HTML page is revalidated.
fn mark_cache_control(res: &mut Response, personal: bool) {
    let headers = res.headers_mut();
    if headers.contains_key(header::CACHE_CONTROL) {
        return;
    }
    let value = if personal || headers.contains_key(header::SET_COOKIE) {
        "private, no-store"
    } else {
        "no-cache"
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
}

impl Page {
    /// The page with a new nonce in its scripts and its policy.
    fn respond(&self) -> Response {
        let nonce = leptos::nonce::Nonce::new().to_string();
        let html = self.html.replace(&self.nonce, &nonce);
        let csp = app::server::csp::content_security_policy(Some(&nonce));
        let mut res = html.into_response();
        let headers = res.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        if let Ok(v) = HeaderValue::from_str(&csp) {
            headers.insert(header::CONTENT_SECURITY_POLICY, v);
        }
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        res
    }
}

/// Middleware: answers anonymous page views from the cache, and fills it; says in
/// `Cache-Control` whether a response may be kept by anyone else.
pub async fn serve_cached(State(cache): State<PageCache>, req: Request, next: Next) -> Response {
    let Some(key) = cache.key(&req) else {
        let personal = is_personal(&req);
        let mut res = next.run(req).await;
        mark_cache_control(&mut res, personal);
        return res;
    };
    if let Some(page) = cache.fresh(&key) {
        crate::metrics::page_cache(true);
        return page.respond();
    }
    crate::metrics::page_cache(false);
    let epoch = app::server::visibility::epoch();
    let mut res = next.run(req).await;
    mark_cache_control(&mut res, false);
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
        epoch,
        nonce,
        html,
    });
    cache.store(key, page.clone());
    page.respond()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key_of(uri: &str, cookie: Option<&str>) -> Option<String> {
        let mut req = Request::builder().uri(uri);
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        let cache = PageCache::new(Duration::from_secs(1));
        cache.key(&req.body(Body::empty()).unwrap()).map(|k| k.0)
    }

    #[test]
    fn only_requests_that_cannot_be_personal_are_shared() {
        assert!(key_of("/consultations/1", None).is_some());
        assert!(key_of("/consultations/1", Some("lang=en")).is_some());
        for cookie in [
            "posvet_session=abc",
            "Posvet_Session=abc",
            "posvet%5Fsession=abc",
            "lang=en; id=1",
            " x=1",
            "lang",
            "lang=en;posvet_session=abc",
        ] {
            assert_eq!(key_of("/consultations/1", Some(cookie)), None, "{cookie}");
        }
        let with_credentials = Request::builder()
            .uri("/")
            .header(header::AUTHORIZATION, "Basic eDp5")
            .body(Body::empty())
            .unwrap();
        assert!(PageCache::new(Duration::from_secs(1))
            .key(&with_credentials)
            .is_none());
        assert!(PageCache::new(Duration::ZERO)
            .key(&Request::builder().uri("/").body(Body::empty()).unwrap())
            .is_none());
    }

    #[test]
    fn keys_are_built_from_the_parameters_pages_read() {
        assert_eq!(
            key_of("/consultations/1?page=2&sort=top", None),
            key_of("/consultations/1?sort=top&page=2&", None)
        );
        assert_eq!(
            key_of("/consultations/1?sort=top", None).unwrap(),
            "/consultations/1?sort=top"
        );
        assert_eq!(key_of("/consultations/1?sort=top&seed=5", None), None);
        assert_eq!(key_of("/consultations/1?utm=x", None), None);
        assert_eq!(key_of("/ideas/1?__err=x", None), None);
        assert_eq!(key_of("/consultations/1?sort=new&sort=top", None), None);
        assert_eq!(
            key_of("/consultations/1?sort=top&page=2&sort=top", None),
            None
        );
    }

    #[test]
    fn eviction_drops_the_oldest_pages_not_all() {
        let mut entries = Entries::default();
        let start = Instant::now();
        for n in 0..10u64 {
            let key = (format!("/p{n}"), app::i18n::Lang::Sl);
            let html = "x".repeat(100);
            entries.bytes += html.len() + key.0.len();
            let page = Page {
                stored: start + Duration::from_millis(n),
                refreshing: AtomicBool::new(false),
                epoch: 0,
                nonce: String::new(),
                html,
            };
            entries.pages.insert(key, Arc::new(page));
        }
        entries.evict_oldest(entries.bytes / 2);
        assert_eq!(entries.pages.len(), 5);
        assert!(entries.pages.keys().all(|(p, _)| p.as_str() >= "/p5"));
        assert_eq!(
            entries.bytes,
            entries
                .pages
                .iter()
                .map(|(k, p)| k.0.len() + p.html.len())
                .sum::<usize>()
        );
    }
}
