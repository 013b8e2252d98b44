//! Property-based fuzzing of everything that turns user text into stored or shown text.
//! Bounded for CI (1,000 cases per property); for a long run:
//!   PROPTEST_CASES=200000 cargo test -p app --features ssr --test fuzz --release

use app::arguments::rules::validate_argument;
use app::comments::rules::validate_comment;
use app::ideas::rules::{excerpt, parse_page, parse_seed, validate_idea, IdeaDraft, Sort};
use app::server::markdown::{plain_text, render_markdown};
use proptest::prelude::*;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text that looks like what an attacker (or a careless paste) sends: HTML and Markdown
/// fragments, URL schemes, entities and quotes, mixed with arbitrary Unicode.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<script>alert(1)</script>".to_string()),
        Just("<img src=x onerror=alert(1)>".to_string()),
        Just("<svg/onload=alert(1)>".to_string()),
        Just("<a href=\"javascript:alert(1)\">".to_string()),
        Just("</p></div></textarea>".to_string()),
        Just("<iframe src=//evil.example>".to_string()),
        Just("<style>*{}</style>".to_string()),
        Just("[x](javascript:alert(1))".to_string()),
        Just("[x](JAVASCRIPT:alert(1))".to_string()),
        Just("[x](java\tscript:alert(1))".to_string()),
        Just("[x](data:text/html;base64,PHNjcmlwdD4=)".to_string()),
        Just("![i](x \"t\" onerror=alert(1))".to_string()),
        Just("<x onclick=y>".to_string()),
        Just("&lt;script&gt;".to_string()),
        Just("&#106;avascript:".to_string()),
        Just("\" onmouseover=\"".to_string()),
        Just("`<b>`".to_string()),
        Just("```\n<script>\n```".to_string()),
        Just("| a | <b> |\n|---|---|\n| <i> | x |".to_string()),
        Just("> quote\n\n- list\n\n1. one".to_string()),
        Just("**".to_string()),
        Just("\n\n".to_string()),
        "[a-zA-Z<>\"'=/:&;() ]{0,12}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

/// Element names of an HTML fragment, in order, as (name, is_closing, attributes).
fn tags(html: &str) -> Vec<(String, bool, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let end = after
            .find('>')
            .expect("every '<' in the output opens a tag");
        let inside = &after[..end];
        let closing = inside.starts_with('/');
        let inside = inside.trim_start_matches('/');
        let (name, attrs) = inside.split_once(' ').unwrap_or((inside, ""));
        out.push((name.to_lowercase(), closing, attrs.to_lowercase()));
        rest = &after[end + 1..];
    }
    out
}

const VOID: [&str; 2] = ["br", "hr"];

proptest! {
    #![proptest_config(config())]

    #[test]
    fn markdown_output_is_safe_and_balanced(source in hostile_text()) {
        let html = render_markdown(&source);
        let mut open: Vec<String> = Vec::new();
        for (name, closing, attrs) in tags(&html) {
            prop_assert!(
                !["script", "style", "iframe", "img", "svg", "object", "embed", "form", "input"]
                    .contains(&name.as_str()),
                "<{}> in {:?}", name, html
            );
            // No event handler, and no URL with a dangerous scheme, in any attribute.
            for attr in attrs.split_whitespace() {
                prop_assert!(!attr.starts_with("on"), "{} in {:?}", attr, html);
            }
            prop_assert!(!attrs.contains("javascript:"), "{:?}", html);
            prop_assert!(!attrs.contains("data:"), "{:?}", html);
            prop_assert!(!attrs.contains("vbscript:"), "{:?}", html);
            if VOID.contains(&name.as_str()) {
                continue;
            }
            if closing {
                let last = open.pop();
                prop_assert_eq!(last.as_deref(), Some(name.as_str()), "unbalanced: {:?}", html);
            } else {
                open.push(name);
            }
        }
        prop_assert!(open.is_empty(), "unclosed {:?} in {:?}", open, html);
    }

    #[test]
    fn plain_text_and_excerpts_never_panic_and_stay_short(source in hostile_text()) {
        let plain = plain_text(&source);
        let cut = excerpt(&plain, 180);
        prop_assert!(cut.chars().count() <= 181);
    }

    #[test]
    fn idea_validation_accepts_only_what_the_schema_holds(
        title in hostile_text(),
        body in hostile_text(),
        category in "[0-9-]{0,25}|.{0,10}",
    ) {
        let draft = IdeaDraft { title, body, category, ..Default::default() };
        if let Ok(valid) = validate_idea(&draft, &[1, 2, 3]) {
            let title_len = valid.title.chars().count();
            prop_assert!((1..=60).contains(&title_len));
            prop_assert!((1..=10_000).contains(&valid.body.chars().count()));
            prop_assert!(valid.category_id.is_none_or(|c| [1, 2, 3].contains(&c)));
        }
    }

    #[test]
    fn argument_and_comment_validation_bound_their_text(body in hostile_text()) {
        if let Ok(text) = validate_argument(&body) {
            prop_assert!((1..=500).contains(&text.chars().count()));
        }
        if let Ok(text) = validate_comment(&body) {
            prop_assert!((1..=2000).contains(&text.chars().count()));
        }
    }

    #[test]
    fn query_values_never_fail(raw in ".{0,30}|-?[0-9]{1,40}") {
        prop_assert!(parse_page(Some(&raw)) >= 1);
        let _ = parse_seed(Some(&raw));
        let _ = Sort::parse(&raw);
    }
}
