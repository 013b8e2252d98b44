//! The only place that turns user text into HTML: pulldown-cmark, then ammonia.
//! Raw HTML in the source is escaped (not passed through), and ammonia's allow-list removes
//! anything else: no script, no event handlers, no `javascript:`/`data:` URLs.

use pulldown_cmark::{html, Event, Options, Parser};
use std::collections::HashSet;

pub fn render_markdown(source: &str) -> String {
    let parser = Parser::new_ext(
        source,
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES,
    )
    // Show raw HTML as text: people see what they typed, and nothing executes.
    .map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut unsafe_html = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut unsafe_html, parser);
    SANITIZER.clean(&unsafe_html).to_string()
}

/// Built once: the allow-lists are the same for every call.
static SANITIZER: std::sync::LazyLock<ammonia::Builder<'static>> =
    std::sync::LazyLock::new(sanitizer);

fn sanitizer() -> ammonia::Builder<'static> {
    let tags: HashSet<&str> = [
        "p",
        "br",
        "strong",
        "em",
        "del",
        "a",
        "ul",
        "ol",
        "li",
        "blockquote",
        "code",
        "pre",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    ]
    .into_iter()
    .collect();
    let mut builder = ammonia::Builder::default();
    builder
        .tags(tags)
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("nofollow noopener noreferrer ugc"))
        .clean_content_tags(["script", "style"].into_iter().collect());
    builder
}

/// Plain text of a Markdown document, for excerpts and search.
pub fn plain_text(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for event in Parser::new(source) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_rendered() {
        let html = render_markdown("**Open** data, *now*.\n\n- one\n- two");
        assert!(html.contains("<strong>Open</strong>"));
        assert!(html.contains("<em>now</em>"));
        assert!(html.contains("<li>one</li>"));
    }

    /// The tags of an HTML fragment (escaped text like `&lt;img` is not a tag).
    fn tags(html: &str) -> Vec<String> {
        html.split('<')
            .skip(1)
            .map(|rest| rest.split('>').next().unwrap_or("").to_lowercase())
            .collect()
    }

    #[test]
    fn scripts_and_handlers_never_reach_the_page() {
        for hostile in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<iframe src=//evil.example></iframe>",
            "![a](x\" onerror=\"alert(1))",
            "[a](JaVaScRiPt:alert(1))",
            "<svg onload=alert(1)>",
        ] {
            let html = render_markdown(hostile);
            for tag in tags(&html) {
                let name = tag
                    .trim_start_matches('/')
                    .split_whitespace()
                    .next()
                    .unwrap_or("");
                assert!(
                    !["script", "img", "iframe", "svg", "style"].contains(&name),
                    "{hostile} -> {html}"
                );
                assert!(!tag.contains(" on"), "{hostile} -> {html}");
                assert!(!tag.contains("javascript:"), "{hostile} -> {html}");
                assert!(!tag.contains("data:"), "{hostile} -> {html}");
            }
        }
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        assert!(render_markdown("a <b>bold</b> claim").contains("&lt;b&gt;bold&lt;/b&gt;"));
    }

    #[test]
    fn links_get_safe_rel() {
        let html = render_markdown("[MOL](https://www.ljubljana.si)");
        assert!(html.contains("rel=\"nofollow noopener noreferrer ugc\""));
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("**Bus** data\n\n- now")
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["Bus", "data", "now"]
        );
    }
}
