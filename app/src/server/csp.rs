//! The Content-Security-Policy of every response: pages get one with the nonce of their
//! inline scripts, everything else one that allows no inline script at all.

use http::HeaderValue;
use leptos::prelude::*;

/// Everything from this origin only: no CDN, fonts or analytics can load. Pages get a
/// per-response nonce for the inline island loader (see `csp_for_page`); every other
/// response allows no inline script at all.
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let scripts = match nonce {
        Some(n) => format!("'self' 'nonce-{n}' 'wasm-unsafe-eval'"),
        None => "'self' 'wasm-unsafe-eval'".to_string(),
    };
    format!(
        "default-src 'self'; script-src {scripts}; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; \
         object-src 'none'"
    )
}

/// Sets the page's CSP with the nonce Leptos put on its inline scripts. Called while the
/// page renders on the server.
pub fn csp_for_page() {
    if let (Some(nonce), Some(res)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) {
        if let Ok(value) = HeaderValue::from_str(&content_security_policy(Some(&nonce))) {
            res.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
}
