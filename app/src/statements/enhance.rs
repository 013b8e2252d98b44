//! The statements' deck in the browser: an answer's form is posted with `fetch` as the browser
//! would post it (the same address, the same fields, `Accept: text/html`), and the deck of the
//! page the server answers with replaces this one. The server renders every deck; this code
//! only moves it, so the bundle carries no view of its own. Anything unexpected falls back to
//! what the browser does without JavaScript: loading the page the server answered with.

use crate::i18n::{t, Lang, Msg};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DomParser, Headers, HtmlButtonElement, HtmlElement, HtmlFormElement, RequestInit, Response,
    SubmitEvent, SupportedType, UrlSearchParams,
};

/// Takes over the submission of an answer's form inside the deck (`ev.current_target()`).
pub fn answer(ev: SubmitEvent, lang: Lang) {
    let form = ev
        .target()
        .and_then(|t| t.dyn_into::<HtmlFormElement>().ok());
    let frame = ev
        .current_target()
        .and_then(|t| t.dyn_into::<HtmlElement>().ok());
    let button = ev
        .submitter()
        .and_then(|b| b.dyn_into::<HtmlButtonElement>().ok());
    let (Some(form), Some(frame), Some(button)) = (form, frame, button) else {
        return;
    };
    ev.prevent_default();
    // One answer at a time: a second press before the page comes back would answer the same
    // statement twice.
    if frame.get_attribute("aria-busy").is_some() {
        return;
    }
    let _ = frame.set_attribute("aria-busy", "true");
    leptos::task::spawn_local(async move {
        let result = post(&form, &button).await;
        let _ = frame.remove_attribute("aria-busy");
        match result {
            // A refusal comes back as the page with `__err` in its address: shown whole.
            Ok((url, _)) if url.contains("__err=") => go_to(&url),
            Ok((url, html)) => {
                if !swap(&frame, &html) {
                    go_to(&url);
                    return;
                }
                say(&frame, ".deck-saved", t(lang, Msg::NoticeAnswerSaved));
                let _ = frame.focus();
            }
            Err(_) => say(&frame, ".deck-error", t(lang, Msg::ErrNetwork)),
        }
    });
}

/// Posts the form's fields and the pressed button's value, URL-encoded as a browser would;
/// returns the address and the HTML of the page the server answered with.
async fn post(
    form: &HtmlFormElement,
    button: &HtmlButtonElement,
) -> Result<(String, String), JsValue> {
    let fields = web_sys::FormData::new_with_form(form)?;
    fields.append_with_str(&button.name(), &button.value())?;
    let body = UrlSearchParams::new_with_str_sequence_sequence(&fields)?.to_string();
    let headers = Headers::new()?;
    headers.set("Accept", "text/html")?;
    headers.set("Content-Type", "application/x-www-form-urlencoded")?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from(body));
    let window = web_sys::window().ok_or(JsValue::NULL)?;
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(&form.action(), &init))
        .await?
        .dyn_into()?;
    let html = JsFuture::from(response.text()?)
        .await?
        .as_string()
        .unwrap_or_default();
    Ok((response.url(), html))
}

/// Replaces the deck inside `frame` with the deck of `html`; false when either is missing.
fn swap(frame: &HtmlElement, html: &str) -> bool {
    let new = DomParser::new()
        .and_then(|p| p.parse_from_string(html, SupportedType::TextHtml))
        .ok()
        .and_then(|doc| doc.query_selector(".deck-frame .deck").ok().flatten());
    let old = frame.query_selector(".deck").ok().flatten();
    match (new, old) {
        (Some(new), Some(old)) => old.replace_with_with_node_1(&new).is_ok(),
        _ => false,
    }
}

fn say(frame: &HtmlElement, selector: &str, text: &str) {
    if let Ok(Some(el)) = frame.query_selector(selector) {
        el.set_text_content(Some(text));
    }
}

/// Shows the page the server answered with, as a plain form post would have.
fn go_to(url: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(url);
    }
}
