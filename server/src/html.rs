//! HTML as a browser and the Nu HTML Checker receive it: valid. Leptos 0.8 writes two things
//! no HTML parser accepts silently: a `<!>` marker between adjacent text nodes and for empty
//! views (a "bogus comment"), and its resource scripts after `</html>` (a "stray start tag").
//! The markers matter only where the browser hydrates, inside `<leptos-island>`: there each
//! becomes `<!---->`, which a parser turns into the same empty comment node (so hydration sees
//! the same DOM) without an error; elsewhere they are dropped. The scripts (islands read the
//! globals they set) move to the end of `<body>`.

use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// The largest page rewritten; a larger one (none is near it) is sent as it is.
const MAX_PAGE_BYTES: usize = 16 * 1024 * 1024;

/// Middleware: rewrites every complete HTML page on its way out.
pub async fn valid_html(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if !is_html || res.headers().contains_key(header::CONTENT_ENCODING) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::error!(error = %e, "could not read a page to rewrite it");
            return Response::from_parts(parts, Body::empty());
        }
    };
    let html = match String::from_utf8(bytes.into()) {
        Ok(html) => cleaned(&html),
        Err(e) => return Response::from_parts(parts, Body::from(e.into_bytes())),
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    if let Ok(length) = HeaderValue::from_str(&html.len().to_string()) {
        parts.headers.insert(header::CONTENT_LENGTH, length);
    }
    Response::from_parts(parts, Body::from(html))
}

const MARKER: &str = "<!>";
/// What a parser makes of `<!>`: an empty comment, written validly.
const EMPTY_COMMENT: &str = "<!---->";
const ISLAND_START: &str = "<leptos-island";
const ISLAND_END: &str = "</leptos-island>";
const SCRIPT_START: &str = "<script";
const SCRIPT_END: &str = "</script>";

/// The page with markers dropped outside islands and written validly inside them, and with
/// anything after `</html>` moved into the body.
pub fn cleaned(html: &str) -> String {
    let (page, after) = match html.rfind("</html>") {
        Some(end) => html.split_at(end + "</html>".len()),
        None => (html, ""),
    };
    let mut out = String::with_capacity(html.len());
    drop_markers(page, &mut out);
    // The scripts after `</html>` come with markers of their own (views with erased types
    // put one before them).
    let mut moved = String::new();
    drop_markers(after.trim(), &mut moved);
    if !moved.is_empty() {
        match out.rfind("</body>") {
            Some(body_end) => out.insert_str(body_end, &moved),
            None => out.push_str(&moved),
        }
    }
    out
}

/// Appends `html` to `out` with markers dropped outside islands and scripts, and written as
/// empty comments inside islands.
fn drop_markers(html: &str, out: &mut String) {
    let mut rest = html;
    loop {
        // The next place where markers stop being ours to drop: an island or a script (whose
        // text is not HTML), whichever comes first.
        let island = rest.find(ISLAND_START).map(|i| (i, ISLAND_END));
        let script = rest.find(SCRIPT_START).map(|i| (i, SCRIPT_END));
        let kept = match (island, script) {
            (Some(a), Some(b)) => Some(if a.0 < b.0 { a } else { b }),
            (a, b) => a.or(b),
        };
        let Some((start, end_tag)) = kept else {
            out.push_str(&rest.replace(MARKER, ""));
            break;
        };
        out.push_str(&rest[..start].replace(MARKER, ""));
        let end = rest[start..]
            .find(end_tag)
            .map_or(rest.len(), |e| start + e + end_tag.len());
        match end_tag {
            ISLAND_END => out.push_str(&rest[start..end].replace(MARKER, EMPTY_COMMENT)),
            _ => out.push_str(&rest[start..end]),
        }
        rest = &rest[end..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_go_outside_islands_are_valid_inside_and_scripts_move_into_the_body() {
        let page = concat!(
            "<!DOCTYPE html><html><head><script>let a = '<!>';</script></head><body>",
            "<p>Ana<!> · <!>1. 2. 2027</p><!>",
            "<leptos-island data-component=\"Votes\"><b>3<!> glasovi</b></leptos-island>",
            "<p>&lt;!&gt; ostane</p><!></body></html>",
            "<!><script nonce=\"n\">__RESOLVED_RESOURCES=[];</script><script nonce=\"n\">__X=[];</script>"
        );
        assert_eq!(
            cleaned(page),
            concat!(
                "<!DOCTYPE html><html><head><script>let a = '<!>';</script></head><body>",
                "<p>Ana · 1. 2. 2027</p>",
                "<leptos-island data-component=\"Votes\"><b>3<!----> glasovi</b></leptos-island>",
                "<p>&lt;!&gt; ostane</p>",
                "<script nonce=\"n\">__RESOLVED_RESOURCES=[];</script><script nonce=\"n\">__X=[];</script>",
                "</body></html>"
            )
        );
    }

    #[test]
    fn a_page_without_anything_to_change_stays_as_it_is() {
        let page = "<!DOCTYPE html><html><head></head><body><p>x</p></body></html>";
        assert_eq!(cleaned(page), page);
        assert_eq!(cleaned("not a page <!>"), "not a page ");
    }
}
