//! What a server function needs from the request it serves: the database, the session,
//! the signed-in person and the language. Server functions stay thin by calling these.

use super::db::Db;
use crate::accounts::CurrentUser;
use crate::error::AppError;
use crate::form::Flash;
use crate::i18n::Lang;
use http::request::Parts;
use http::StatusCode;
use leptos::prelude::*;
use tower_sessions::Session;

pub(crate) const USER_KEY: &str = "user_id";
const FLASH_KEY: &str = "flash";

pub fn db() -> Result<Db, AppError> {
    use_context::<Db>().ok_or_else(|| {
        tracing::error!("Db missing from context");
        AppError::Internal
    })
}

/// Refuses the request with `RateLimited` when the client's address used up `limit`.
pub fn check_rate(limit: super::rate_limit::Limit) -> Result<(), AppError> {
    let Some(limits) = use_context::<super::rate_limit::RateLimits>() else {
        return Ok(());
    };
    let ip = use_context::<Parts>().and_then(|p| {
        p.extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip())
    });
    if limits.allow(limit, ip) {
        Ok(())
    } else {
        Err(AppError::RateLimited)
    }
}

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|e| {
        // Seen when a client disconnects while its page still renders (the request context
        // is gone); a missing session layer would fail every request and every test.
        tracing::debug!(error = %e, "no request context for the session");
        AppError::Internal
    })
}

fn store_error(e: tower_sessions::session::Error) -> AppError {
    tracing::warn!(error = %e, "session store failed");
    AppError::Unavailable
}

pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
    let session = session().await?;
    let Some(id) = session.get::<i64>(USER_KEY).await.map_err(store_error)? else {
        return Ok(None);
    };
    Ok(db()?.user_by_id(id).await?)
}

pub async fn require_user() -> Result<CurrentUser, AppError> {
    current_user().await?.ok_or(AppError::Unauthorized)
}

/// The viewer's id for queries that show "my vote": 0 (nobody) when anonymous.
pub async fn viewer_id() -> Result<i64, AppError> {
    Ok(current_user().await?.map(|u| u.id).unwrap_or(0))
}

/// A new session id on login, so a session id planted before login is worthless after it.
pub async fn log_in(user_id: i64) -> Result<(), AppError> {
    let session = session().await?;
    session.cycle_id().await.map_err(store_error)?;
    session.insert(USER_KEY, user_id).await.map_err(store_error)
}

pub async fn log_out() -> Result<(), AppError> {
    session().await?.flush().await.map_err(store_error)
}

fn header<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts.headers.get(name).and_then(|v| v.to_str().ok())
}

/// The value of one cookie of the request.
pub fn cookie<'a>(headers: &'a http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|c| c.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

pub fn lang_from_headers(headers: &http::HeaderMap) -> Lang {
    let accept = headers
        .get(http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    Lang::negotiate(cookie(headers, "lang"), accept)
}

pub fn lang_from_parts(parts: &Parts) -> Lang {
    lang_from_headers(&parts.headers)
}

pub fn request_lang() -> Lang {
    use_context::<Parts>()
        .map(|p| lang_from_parts(&p))
        .unwrap_or_default()
}

/// A browser posting a form without JavaScript asks for HTML; the wasm client asks for JSON.
pub fn is_plain_form_post() -> bool {
    use_context::<Parts>()
        .and_then(|p| header(&p, "accept").map(|a| a.contains("text/html")))
        .unwrap_or(false)
}

/// Takes the flash left by a failed form post without JavaScript, if any.
pub async fn take_flash() -> Result<Option<Flash>, AppError> {
    let session = session().await?;
    // `remove` marks the session modified (a database write per page view), so look first.
    if session
        .get_value(FLASH_KEY)
        .await
        .map_err(store_error)?
        .is_none()
    {
        return Ok(None);
    }
    session
        .remove::<Flash>(FLASH_KEY)
        .await
        .map_err(store_error)
}

/// Ends a form's server function. On failure, a plain form post keeps what was typed (in
/// the session, for the page it is redirected back to); a JavaScript call gets the proper
/// HTTP status (422, 401, …) instead of 500.
pub async fn finish_form<T>(
    form: &str,
    values: &[(&str, &str)],
    result: Result<T, AppError>,
) -> Result<T, AppError> {
    let Err(error) = result else {
        return result;
    };
    if is_plain_form_post() {
        let flash = Flash {
            form: form.to_string(),
            values: values
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            errors: error.form_errors(),
        };
        if let Ok(session) = session().await {
            let _ = session.insert(FLASH_KEY, flash).await;
        }
    } else if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST));
    }
    Err(error)
}

/// Sets the HTTP status of a page response (404 for a missing idea, …) during SSR.
pub fn set_page_status(error: &AppError) {
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        );
    }
}
