//! The Atom feed of a community's progress updates (`/communities/SLUG/updates.atom`), for
//! feed readers and the city's own sites. Anonymous, like the implementation page it mirrors.
//!
//! Written by hand: an Atom document is a dozen elements, and the one thing that matters —
//! escaping every text — is `escape` below; a feed crate would bring a builder for that.

use crate::http::AppState;
use app::ctx::Ctx;
use app::error::AppError;
use app::i18n::{t, tf, Msg};
use app::server::context::lang_from_headers;
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
        Ok((community, updates)) => {
            let base = state.public_url.trim_end_matches('/');
            let page = format!("{base}/communities/{slug}/implementation");
            let updated = updates.first().map(|u| u.created_at).unwrap_or(0);
            let mut xml = format!(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n<id>{}</id>\n<link rel=\"alternate\" href=\"{}\"/>\n<link rel=\"self\" href=\"{}/communities/{}/updates.atom\"/>\n<updated>{}</updated>\n",
                lang.code(),
                escape(&tf(lang, Msg::ImplementationOf, &[("name", &community)])),
                escape(&page),
                escape(&page),
                base,
                escape(&slug),
                rfc3339(updated),
            );
            for u in updates {
                let link = format!("{base}/ideas/{}#update-{}", u.measure_id, u.id);
                xml.push_str(&format!(
                    "<entry>\n<title>{}</title>\n<id>{}/updates/{}</id>\n<link rel=\"alternate\" href=\"{}\"/>\n<updated>{}</updated>\n<author><name>{}</name></author>\n<content type=\"html\">{}</content>\n</entry>\n",
                    escape(&u.measure_title),
                    base,
                    u.id,
                    escape(&link),
                    rfc3339(u.created_at),
                    escape(&community),
                    escape(&u.body_html),
                ));
            }
            xml.push_str("</feed>\n");
            (
                [
                    (header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
                    (header::CACHE_CONTROL, "public, max-age=60"),
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
