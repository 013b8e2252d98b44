//! Where a failed form post sends the browser back to. Leptos answers a refused plain form
//! post with a redirect to the page it came from plus `__path` and `__err` (the error), and
//! appends them again on each failure, so a third try carried three errors in its address. Here
//! that address keeps the page's own parameters and one `__err`, loses any success notice of
//! an earlier action, and ends in `#error-summary`, where the form's "There is a problem" (or
//! the page's refusal) is: the browser opens the page scrolled to it.

use app::form::ERROR_SUMMARY_ID;
use app::notices::PARAMS;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;

/// The answer to a refused post of a plain handler: back to `to` with the error in its address
/// (the page shows the refusal or the form's summary; the middleware below adds the fragment).
pub fn refused(to: &str, error: &app::error::AppError) -> axum::response::Response {
    use axum::response::{IntoResponse, Redirect};
    let join = if to.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{to}{join}__err={}", error.to_address())).into_response()
}

/// Middleware: rewrites the `Location` of a redirect that answers a post with an error.
pub async fn back_to_the_error(req: Request, next: Next) -> Response {
    let post = req.method() == Method::POST;
    let mut res = next.run(req).await;
    if !post || !res.status().is_redirection() {
        return res;
    }
    let fixed = res
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .and_then(location);
    if let Some(value) = fixed.and_then(|l| HeaderValue::from_str(&l).ok()) {
        res.headers_mut().insert(header::LOCATION, value);
    }
    res
}

/// The cleaned address, or `None` when `to` carries no error (a success: left alone).
pub fn location(to: &str) -> Option<String> {
    let without_fragment = to.split_once('#').map_or(to, |(a, _)| a);
    let (path, query) = without_fragment.split_once('?')?;
    let mut error = None;
    let mut kept = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        if name == "__err" {
            error = Some(value);
        } else if !PARAMS.contains(&name) {
            kept.push(pair);
        }
    }
    let error = error?;
    kept.push("");
    let mut out = format!("{path}?");
    for pair in kept.iter().filter(|p| !p.is_empty()) {
        out.push_str(pair);
        out.push('&');
    }
    out.push_str("__err=");
    out.push_str(error);
    out.push('#');
    out.push_str(ERROR_SUMMARY_ID);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::location;

    #[test]
    fn one_error_and_the_page_parameters_stay() {
        // What Leptos writes on a third failure of the same form.
        let piled = "http://127.0.0.1:3000/ideas/3?sort=new&__path=%2Fapi%2Fadd&__err=AAA\
                     &__path=%2Fapi%2Fadd&__err=BBB&__path=%2Fapi%2Fadd&__err=CCC";
        assert_eq!(
            location(piled).as_deref(),
            Some("http://127.0.0.1:3000/ideas/3?sort=new&__err=CCC#error-summary")
        );
    }

    #[test]
    fn an_earlier_success_is_not_announced_with_the_failure() {
        assert_eq!(
            location("/communities/x/moderation?notice=hidden&n=3&at=q&__err=E#cover").as_deref(),
            Some("/communities/x/moderation?__err=E#error-summary")
        );
    }

    #[test]
    fn a_success_is_left_alone() {
        assert_eq!(location("/ideas/3?notice=argument_added#notice"), None);
        assert_eq!(location("/ideas/3"), None);
    }
}
