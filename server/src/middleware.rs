//! The layers of the router that look at a request before any handler: who is signed in (for
//! pages), bodies that are too large or not UTF-8, and writes from another site.

use app::server::db::Db;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Finds who is signed in before a page renders (see `app::request::Viewer`): one
/// session read and one account query, done before rendering starts, so that the header
/// needs no resource of its own. Server functions and files find it themselves if they need it.
pub async fn find_viewer(State(db): State<Db>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let page = req.method() == Method::GET
        // Files and feeds, not pages: nobody's session or the look needs reading for them.
        && !["/pkg/", "/api/", "/healthz", "/robots.txt", "/site.css", "/feed.css"]
            .iter()
            .any(|p| path.starts_with(p));
    let session = req.extensions().get::<tower_sessions::Session>().cloned();
    if let (true, Some(session)) = (page, session) {
        let lang = app::lang::lang_from_headers(req.headers());
        // The header shows the site's look on every page (kept in memory a few seconds).
        match app::site::service::look(&db, lang).await {
            Ok(look) => {
                req.extensions_mut().insert(app::request::PageLook(look));
            }
            Err(e) => tracing::warn!(error = ?e, "reading the site's look failed"),
        }
        let found = app::request::ctx_for_session(db, &session, lang).await;
        if let Ok((ctx, user)) = found {
            let viewer = app::request::Viewer(ctx, user);
            req.extensions_mut().insert(viewer);
        }
    }
    next.run(req).await
}

/// The largest request body Posvet reads. The longest form (a 10,000-character idea) is at
/// most 120 KB even when every character is percent-encoded.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// Checks request bodies before anything reads them: an oversized one gets 413, a form
/// whose text is not valid UTF-8 gets 400 (server_fn would decode it lossily and store
/// replacement characters), each with a sentence in the sender's language.
pub async fn check_bodies(req: Request, next: Next) -> Response {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
    if declared.is_none_or(|n| n <= MAX_BODY_BYTES as u64) && !is_form {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let refuse = |status: StatusCode, msg: app::i18n::Msg| {
        let lang = app::lang::lang_from_headers(&parts.headers);
        (status, app::i18n::t(lang, msg)).into_response()
    };
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, app::i18n::Msg::ErrTooLarge);
    }
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, app::i18n::Msg::ErrTooLarge);
    };
    if !form_is_utf8(&bytes) {
        return refuse(StatusCode::BAD_REQUEST, app::i18n::Msg::ErrMalformedRequest);
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// Whether an `application/x-www-form-urlencoded` body is UTF-8 both as sent and once its
/// percent-escapes are decoded.
pub fn form_is_utf8(body: &[u8]) -> bool {
    // Decoding the whole body at once is the same as decoding each name and value: the
    // separators `&` and `=` are ASCII and never part of a multi-byte character.
    std::str::from_utf8(body).is_ok()
        && percent_encoding::percent_decode(body).decode_utf8().is_ok()
}

/// Refuses state-changing requests sent from another site (CSRF), on top of SameSite=Lax
/// cookies: browsers send `Origin` (or `Sec-Fetch-Site`) with every cross-site POST. `https`:
/// the site is served over HTTPS (secure cookies), so a page of the same host over plain HTTP
/// (which anyone on the network path can write) is another origin too.
pub async fn same_origin_writes(https: bool, req: Request, next: Next) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        && is_cross_site(&req, https)
    {
        return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
    }
    next.run(req).await
}

fn is_cross_site(req: &Request, https: bool) -> bool {
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if site == "cross-site" || site == "same-site" {
            return true;
        }
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match (
        headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        host,
    ) {
        (Some("null"), _) => true,
        (Some(origin), Some(host)) => {
            let allowed = if https {
                &["https"][..]
            } else {
                &["http", "https"][..]
            };
            match origin.split_once("://") {
                Some((scheme, origin_host)) => {
                    !allowed.contains(&scheme.to_ascii_lowercase().as_str()) || origin_host != host
                }
                None => true,
            }
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(origin: &str) -> Request {
        Request::post("/api/x")
            .header(header::HOST, "posvet.example")
            .header(header::ORIGIN, origin)
            .body(axum::body::Body::empty())
            .unwrap()
    }

    #[test]
    fn the_origin_must_be_this_host_over_this_scheme() {
        assert!(!is_cross_site(&post("https://posvet.example"), true));
        assert!(!is_cross_site(&post("http://posvet.example"), false));
        // Over HTTPS, a plain-HTTP page of the same host (rewritable by anyone on the path)
        // is another origin.
        assert!(is_cross_site(&post("http://posvet.example"), true));
        assert!(is_cross_site(&post("ftp://posvet.example"), false));
        assert!(is_cross_site(&post("posvet.example"), false));
        assert!(is_cross_site(&post("https://evil.example"), true));
        assert!(is_cross_site(&post("null"), false));
    }
}
