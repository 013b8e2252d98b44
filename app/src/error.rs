//! One error type for every server function. User-facing text is a translation key (`Msg`);
//! internals are logged on the server and never reach a page.

use crate::i18n::Msg;
use leptos::server_fn::{codec::JsonEncoding, error::FromServerFnError, error::ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// A problem with one form field ("" for the form as a whole).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub msg: Msg,
}

impl FieldError {
    pub fn new(field: &str, msg: Msg) -> Self {
        Self {
            field: field.to_string(),
            msg,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("login required")]
    Unauthorized,
    #[error("invalid input: {0:?}")]
    Validation(Vec<FieldError>),
    /// A request no form of ours sends: undecodable, missing or out-of-range values.
    #[error("malformed request")]
    BadRequest,
    #[error("rate limited")]
    RateLimited,
    /// The consultation's phase does not take this now (closed, voting only, not open yet).
    #[error("not in this phase")]
    NotNow,
    #[error("database unavailable")]
    Unavailable,
    #[error("internal error")]
    Internal,
    /// The request never produced an answer of ours (network, decoding).
    #[error("transport: {0}")]
    Transport(String),
}

impl AppError {
    pub fn invalid(field: &str, msg: Msg) -> Self {
        AppError::Validation(vec![FieldError::new(field, msg)])
    }

    /// Both errors' field errors when both are about fields; otherwise the first error.
    pub fn merge(self, other: AppError) -> Self {
        match (self, other) {
            (AppError::Validation(mut a), AppError::Validation(b)) => {
                a.extend(b);
                AppError::Validation(a)
            }
            (first, _) => first,
        }
    }

    /// The sentence a person sees for this error.
    pub fn message(&self) -> Msg {
        match self {
            AppError::NotFound => Msg::ErrNotFound,
            AppError::Forbidden => Msg::ErrForbidden,
            AppError::Unauthorized => Msg::ErrLoginRequired,
            AppError::Validation(_) => Msg::FormHasErrors,
            AppError::BadRequest => Msg::ErrMalformedRequest,
            AppError::RateLimited => Msg::ErrRateLimited,
            AppError::NotNow => Msg::ErrNotNow,
            AppError::Unavailable => Msg::ErrUnavailable,
            AppError::Internal => Msg::ErrInternal,
            AppError::Transport(_) => Msg::ErrNetwork,
        }
    }

    /// How an error travels in the address a plain form post is redirected to (`__err`), as
    /// server_fn writes it; for handlers that are not server functions.
    pub fn to_address(&self) -> String {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE.encode(self.ser())
    }

    /// The error a failed plain form post left in the address it was redirected to
    /// (server_fn writes it as URL-safe base64 of its JSON); `None` for anything else.
    pub fn from_address(encoded: &str) -> Option<AppError> {
        use base64::Engine;
        let json = base64::engine::general_purpose::URL_SAFE
            .decode(encoded)
            .ok()?;
        serde_json::from_slice(&json).ok()
    }

    /// Sets the HTTP status of the page being rendered (404 for a missing idea, …).
    #[cfg(feature = "ssr")]
    pub fn set_page_status(&self) {
        use http::StatusCode;
        if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            let status = StatusCode::from_u16(self.status());
            res.set_status(status.unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
        }
    }

    /// The errors to show on a form: field errors, or one form-level error.
    pub fn form_errors(&self) -> Vec<FieldError> {
        match self {
            AppError::Validation(errors) => errors.clone(),
            other => vec![FieldError::new("", other.message())],
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Forbidden => 403,
            AppError::Unauthorized => 401,
            AppError::Validation(_) => 422,
            AppError::BadRequest => 400,
            AppError::RateLimited => 429,
            AppError::NotNow => 409,
            AppError::Unavailable => 503,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // A malformed post (bad values, invalid UTF-8, a body cut off at the size limit)
            // is the sender's mistake, not ours. Only the server decodes requests; in the
            // browser a decoding failure means the answer did not arrive intact.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => bad_request(),
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(_) => bad_request(),
            other => AppError::Transport(other.to_string()),
        }
    }
}

/// The request was never decoded, so the server function could not set its status itself:
/// set 400 here (server_fn would answer 500).
fn bad_request() -> AppError {
    #[cfg(feature = "ssr")]
    AppError::BadRequest.set_page_status();
    AppError::BadRequest
}

/// Collects field errors while validating, then turns them into a result.
#[derive(Default, Debug)]
pub struct Errors(Vec<FieldError>);

impl Errors {
    pub fn add(&mut self, field: &str, msg: Msg) {
        self.0.push(FieldError::new(field, msg));
    }

    pub fn check(&mut self, ok: bool, field: &str, msg: Msg) {
        if !ok {
            self.add(field, msg);
        }
    }

    /// A required text of at most `max` characters (as a person counts them, not bytes).
    pub fn text(&mut self, field: &str, value: &str, max: usize, too_long: Msg) {
        if value.is_empty() {
            self.add(field, Msg::ErrRequired);
        } else if value.chars().count() > max {
            self.add(field, too_long);
        }
    }

    pub fn into_result<T>(self, value: T) -> Result<T, AppError> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(AppError::Validation(self.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use leptos::server_fn::error::FromServerFnError;

    #[test]
    fn errors_come_back_from_the_address_leptos_writes() {
        use base64::Engine;
        for error in [
            AppError::Unauthorized,
            AppError::RateLimited,
            AppError::invalid("title", Msg::ErrRequired),
        ] {
            let encoded = base64::engine::general_purpose::URL_SAFE.encode(error.ser());
            assert_eq!(error.to_address(), encoded);
            assert_eq!(AppError::from_address(&encoded), Some(error));
        }
        assert_eq!(AppError::from_address("not base64!"), None);
        assert_eq!(AppError::from_address("bm90IGpzb24"), None);
    }
}
