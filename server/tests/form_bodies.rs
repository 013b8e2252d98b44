//! The UTF-8 check of form bodies (see `http::check_bodies`), fuzzed: every form a browser
//! can send passes, and every escaped byte that is not UTF-8 is caught.
//! `PROPTEST_CASES=200000 cargo test -p server --test form_bodies --release` for a long run.

use proptest::prelude::*;
use server::middleware::form_is_utf8;

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

proptest! {
    #![proptest_config(config())]

    #[test]
    fn forms_of_any_text_pass_the_utf8_check(text in any::<String>()) {
        let body = format!("title={}&body=x", app::query::encode(&text));
        prop_assert!(form_is_utf8(body.as_bytes()));
    }

    #[test]
    fn escaped_invalid_utf8_is_caught(prefix in "[a-z]{0,5}", byte in 0x80u8..=0xff) {
        // A lone byte of 0x80 or more is never valid UTF-8 by itself.
        let body = format!("title={prefix}%{byte:02X}");
        prop_assert!(!form_is_utf8(body.as_bytes()));
    }

}
