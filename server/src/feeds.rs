//! The Atom feed of a community's progress updates (`/communities/SLUG/updates.atom`), for
//! feed readers and the city's own sites. Anonymous, like the implementation page it mirrors.
//!
//! Written by hand: an Atom document is a dozen elements, and the one thing that matters —
//! escaping every text — is `escape` below; a feed crate would bring a builder for that.

use crate::state::AppState;
use app::ctx::Ctx;
use app::error::AppError;
use app::i18n::{t, tf, Lang, Msg};
use app::lang::lang_from_headers;
use app::measures::FeedEntry;
use app::time::format_date;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

pub async fn updates(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Response {
    let lang = lang_from_headers(&headers);
    let ctx = Ctx::anonymous(state.db.clone(), lang);
    match app::measures::service::feed(&ctx, &slug).await {
        Ok((community, entries)) => {
            let base = state.public_url.trim_end_matches('/');
            let page = format!("{base}/communities/{slug}/implementation");
            let title = tf(lang, Msg::ImplementationOf, &[("name", &community)]);
            let updated = entries.first().map(|e| e.update.created_at).unwrap_or(0);
            let mut xml = format!(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<?xml-stylesheet type=\"text/css\" href=\"/feed.css\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:h=\"{XHTML}\" xml:lang=\"{}\">\n{}<title>{}</title>\n<id>{}</id>\n<link rel=\"alternate\" href=\"{}\"/>\n<link rel=\"self\" href=\"{}/communities/{}/updates.atom\"/>\n<updated>{}</updated>\n",
                lang.code(),
                about(lang, &title, &format!("/communities/{slug}/implementation")),
                escape(&title),
                escape(&page),
                escape(&page),
                base,
                escape(&slug),
                rfc3339(updated),
            );
            for FeedEntry { update: u, summary } in entries {
                let here = format!("/ideas/{}#update-{}", u.measure_id, u.id);
                let link = format!("{base}{here}");
                xml.push_str(&format!(
                    "<entry>\n<title>{}</title>\n<id>{}/updates/{}</id>\n<link rel=\"alternate\" href=\"{}\"/>\n<updated>{}</updated>\n<author><name>{}</name></author>\n<summary type=\"text\">{}</summary>\n<content type=\"html\">{}</content>\n<h:p class=\"entry-meta\">{} · <h:a href=\"{}\">{}</h:a></h:p>\n</entry>\n",
                    escape(&u.measure_title),
                    base,
                    u.id,
                    escape(&link),
                    rfc3339(u.created_at),
                    escape(&community),
                    escape(&summary),
                    escape(&u.body_html),
                    escape(&format_date(lang, u.created_at)),
                    escape(&here),
                    escape(t(lang, Msg::FeedOpenUpdate)),
                ));
            }
            xml.push_str("</feed>\n");
            (
                [
                    (header::CONTENT_TYPE, content_type(&headers)),
                    (header::CACHE_CONTROL, "public, max-age=60"),
                    (header::VARY, "Accept, Accept-Language"),
                ],
                xml,
            )
                .into_response()
        }
        Err(AppError::NotFound) => {
            (StatusCode::NOT_FOUND, t(lang, Msg::ErrNotFound)).into_response()
        }
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

/// Text for XML content and attributes. Characters XML 1.0 forbids (control characters but
/// tab and line breaks, U+FFFE, U+FFFF) are dropped: one of them in one update would make a
/// feed reader refuse the whole feed.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Feed readers get the feed's own type. A browser opening the link asks for HTML first; it
/// gets the same document as XML, because browsers show `application/atom+xml` as plain text
/// and never apply its stylesheet.
fn content_type(headers: &HeaderMap) -> &'static str {
    let browser = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"));
    if browser {
        "application/xml; charset=utf-8"
    } else {
        "application/atom+xml; charset=utf-8"
    }
}

const XHTML: &str = "http://www.w3.org/1999/xhtml";

/// What a person who opens the feed in a browser reads first: what a feed is and where the
/// page is. XHTML inside the feed (an Atom extension element, which feed readers skip), so a
/// browser shows a real heading and link (relative: it stays on the site the feed came
/// from); styled by `/feed.css`. Not XSLT: Chromium has
/// dropped it, and CSS on XML works in every browser.
fn about(lang: Lang, title: &str, page: &str) -> String {
    format!(
        "<h:div class=\"about\"><h:meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/><h:p class=\"kicker\">{}</h:p><h:h1>{}</h:h1><h:p>{}</h:p><h:p><h:a href=\"{}\">{}</h:a></h:p></h:div>\n",
        escape(t(lang, Msg::FeedKicker)),
        escape(title),
        escape(t(lang, Msg::FeedOpenedInBrowser)),
        escape(page),
        escape(t(lang, Msg::FeedToPage)),
    )
}

/// The feed's look in a browser (see `about`).
pub async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("../../style/feed.css"),
    )
        .into_response()
}

fn rfc3339(unix_ms: i64) -> String {
    jiff::Timestamp::from_millisecond(unix_ms)
        .map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_break_out_of_the_xml() {
        assert_eq!(
            escape("<script>\"a\" & b</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; b&lt;/script&gt;"
        );
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(escape("a\u{1}b\u{1b}c\td\ne\u{ffff}"), "abc\td\ne");
    }
}
