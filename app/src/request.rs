//! What a server function needs from the request it serves: the context a service runs in
//! (database, acting person, language), the session, and how a form reports its outcome.

use crate::accounts::CurrentUser;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::form::Flash;
use crate::i18n::Lang;
use crate::server::db::Db;
use http::request::Parts;
use http::StatusCode;
use leptos::prelude::*;
use tower_sessions::Session;

/// The session key that holds the signed-in person's id.
pub const USER_KEY: &str = "user_id";
/// The person's session epoch when the session was made; sessions from an older epoch are
/// signed out (see `db::accounts::end_sessions`). Missing in sessions made before it existed,
/// which count as epoch 0.
pub const EPOCH_KEY: &str = "epoch";
const FLASH_KEY: &str = "flash";

pub fn request_db() -> Result<Db, AppError> {
    use_context::<Db>().ok_or_else(|| {
        tracing::error!("Db missing from context");
        AppError::Internal
    })
}

/// The rate limits of this server, if it has any (tests may build a context without).
fn limits() -> Option<crate::server::rate_limit::RateLimits> {
    use_context::<crate::server::rate_limit::RateLimits>()
}

/// Refuses the request with `RateLimited` when the client's address used up `limit`.
pub fn check_rate(limit: crate::server::rate_limit::Limit) -> Result<(), AppError> {
    let Some(limits) = limits() else {
        return Ok(());
    };
    let ip = with_context::<Parts, _>(|p| limits.client_of(p)).flatten();
    if limits.allow(limit, ip) {
        Ok(())
    } else {
        Err(AppError::RateLimited)
    }
}

/// Refuses a login to an account with too many recent failures, whatever the address.
pub fn check_account(account: &str) -> Result<(), AppError> {
    match limits() {
        Some(limits) if !limits.account_may_try(account) => Err(AppError::RateLimited),
        _ => Ok(()),
    }
}

/// Counts a login attempt of an account towards (or, on success, clears) its limit.
pub fn record_login(account: &str, succeeded: bool) {
    if let Some(limits) = limits() {
        limits.record_login(account, succeeded);
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

/// The context of a request, from its session: the same for server functions and for plain
/// axum handlers (which pass the `Session` they extracted). Also returns the signed-in person
/// for pages that show their name.
pub async fn ctx_for_session(
    db: Db,
    session: &Session,
    lang: Lang,
) -> Result<(Ctx, Option<CurrentUser>), AppError> {
    let Some(id) = session.get::<i64>(USER_KEY).await.map_err(store_error)? else {
        return Ok((Ctx::anonymous(db, lang), None));
    };
    let epoch = session
        .get::<i64>(EPOCH_KEY)
        .await
        .map_err(store_error)?
        .unwrap_or(0);
    let mut c = db.conn().await?;
    let found = crate::server::db::accounts::actor_in_epoch(&mut c, id, Some(epoch)).await?;
    drop(c);
    Ok(match found {
        Some((user, actor)) => (Ctx { db, actor, lang }, Some(user)),
        None => (Ctx::anonymous(db, lang), None),
    })
}

/// Who is signed in, found once before a page renders (the server's `find_viewer` layer puts
/// it into the request): the header and the page's loader both read it, with no session or
/// account query of their own and no waiting in the header.
#[derive(Clone)]
pub struct Viewer(pub Ctx, pub Option<CurrentUser>);

/// The context of the request a server function or page serves, and who is signed in.
pub async fn request_viewer() -> Result<(Ctx, Option<CurrentUser>), AppError> {
    if let Some(Viewer(ctx, user)) = found_viewer() {
        return Ok((ctx, user));
    }
    ctx_for_session(request_db()?, &session().await?, request_lang()).await
}

/// The site's look, found before a page renders (the server's `find_viewer` layer).
#[derive(Clone)]
pub struct PageLook(pub crate::site::SiteLook);

/// The look of the page being rendered; `None` outside a page (the default look applies).
pub fn page_look() -> Option<crate::site::SiteLook> {
    with_context::<Parts, _>(|p| p.extensions.get::<PageLook>().map(|l| l.0.clone())).flatten()
}

fn found_viewer() -> Option<Viewer> {
    with_context::<Parts, _>(|p| p.extensions.get::<Viewer>().cloned()).flatten()
}

/// The signed-in person of the page being rendered, as found before it renders; `None` also
/// when it could not be found (the page's own loader then reports why).
pub fn page_user() -> Option<CurrentUser> {
    found_viewer().and_then(|v| v.1)
}

/// The context of the request a server function serves.
pub async fn request_ctx() -> Result<Ctx, AppError> {
    Ok(request_viewer().await?.0)
}

/// A new session id on login, so a session id planted before login is worthless after it.
pub async fn log_in(user_id: i64) -> Result<(), AppError> {
    log_in_session(&request_db()?, &session().await?, user_id).await
}

/// After a password login: links the verified provider account that was waiting for it (see
/// `accounts::oidc`), if any. Returns whether one was linked.
pub async fn link_waiting_identity(user_id: i64) -> Result<bool, AppError> {
    let pending = session()
        .await?
        .remove::<crate::accounts::oidc::PendingLink>(PENDING_LINK_KEY)
        .await
        .map_err(store_error)?;
    let Some(link) = pending else {
        return Ok(false);
    };
    let ctx = crate::ctx::Ctx::for_user(request_db()?, user_id, request_lang()).await?;
    crate::accounts::oidc::link(&ctx, link).await
}

/// Where a verified provider account waits for its owner to sign in with a password.
pub const PENDING_LINK_KEY: &str = "oidc_link";

/// Signs `user_id` in on a session (a server function's, or a plain handler's).
pub async fn log_in_session(db: &Db, session: &Session, user_id: i64) -> Result<(), AppError> {
    let epoch = crate::server::db::accounts::session_epoch(&mut *db.conn().await?, user_id).await?;
    session.cycle_id().await.map_err(store_error)?;
    session
        .insert(USER_KEY, user_id)
        .await
        .map_err(store_error)?;
    session.insert(EPOCH_KEY, epoch).await.map_err(store_error)
}

/// Keeps this session signed in after the person's other sessions were ended (a new password).
pub async fn keep_session(epoch: i64) -> Result<(), AppError> {
    session()
        .await?
        .insert(EPOCH_KEY, epoch)
        .await
        .map_err(store_error)
}

pub async fn log_out() -> Result<(), AppError> {
    session().await?.flush().await.map_err(store_error)
}

fn header<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts.headers.get(name).and_then(|v| v.to_str().ok())
}

pub use crate::lang::{cookie, lang_from_headers, request_lang};

/// A browser posting a form without JavaScript asks for HTML; the wasm client asks for JSON.
pub fn is_plain_form_post() -> bool {
    with_context::<Parts, _>(|p| header(p, "accept").is_some_and(|a| a.contains("text/html")))
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

/// Leaves a whole flash (values and errors) for the page the browser goes to next, from a
/// plain axum handler: an import's report of rejected rows.
pub async fn set_flash(session: &Session, flash: Flash) -> Result<(), AppError> {
    session.insert(FLASH_KEY, flash).await.map_err(store_error)
}

/// Leaves a form's field errors for the page the browser goes to next, from a plain axum
/// handler (a file upload), which has its session in hand.
pub async fn flash_errors(session: &Session, form: &str, error: &AppError) -> Result<(), AppError> {
    flash_form(session, form, error, &[]).await
}

/// `flash_errors` with what was typed in the form's text fields, to fill them in again.
pub async fn flash_form(
    session: &Session,
    form: &str,
    error: &AppError,
    values: &[(&str, &str, usize)],
) -> Result<(), AppError> {
    let flash = Flash {
        form: form.to_string(),
        values: values
            .iter()
            .map(|(k, v, max)| (k.to_string(), v.chars().take(2 * max).collect()))
            .collect(),
        errors: error.form_errors(),
    };
    session.insert(FLASH_KEY, flash).await.map_err(store_error)
}

/// Keeps what was typed for the page the browser goes to next, with no error: a step of a
/// form (looking for similar ideas before posting one), not a failure.
pub async fn keep_form(form: &str, values: &[(&str, &str, usize)]) -> Result<(), AppError> {
    let flash = Flash {
        form: form.to_string(),
        values: values
            .iter()
            .map(|(k, v, max)| (k.to_string(), v.chars().take(*max).collect()))
            .collect(),
        errors: Vec::new(),
    };
    session()
        .await?
        .insert(FLASH_KEY, flash)
        .await
        .map_err(store_error)
}

/// Ends a form's server function. A JavaScript call gets the proper HTTP status (422, 401,
/// …) instead of 500. A plain form post is redirected back by Leptos with the error in the
/// address, where `RefusalNotice` shows why it was refused; what was typed is kept in the
/// session for the page it returns to, with the field errors if that was the problem.
///
/// Values come as `(name, value, the field's maximum in characters)`. A person who typed a
/// little too much must get it all back to shorten it, but a client posting a quarter of a
/// megabyte must not get it stored in a session row: each value is cut at twice its field's
/// maximum.
///
/// Someone without a session (not signed in, or refused before signing in) gets no flash
/// unless their form needs its field errors: a flash would create a session row for every
/// such request.
pub async fn finish_form<T>(
    form: &str,
    values: &[(&str, &str, usize)],
    result: Result<T, AppError>,
) -> Result<T, AppError> {
    let Err(error) = result else {
        return result;
    };
    if is_plain_form_post() {
        let invalid = matches!(error, AppError::Validation(_));
        // A form with neither typed values nor field errors (a vote) has nothing to keep.
        let something_to_keep = invalid || !values.is_empty();
        let session = match something_to_keep {
            true => session().await.ok(),
            false => None,
        };
        if let Some(session) = session {
            let signed_in = matches!(session.get::<i64>(USER_KEY).await, Ok(Some(_)));
            if signed_in || invalid {
                let flash = Flash {
                    form: form.to_string(),
                    values: values
                        .iter()
                        .map(|(k, v, max)| (k.to_string(), v.chars().take(2 * max).collect()))
                        .collect(),
                    errors: if invalid {
                        error.form_errors()
                    } else {
                        Vec::new()
                    },
                };
                let _ = session.insert(FLASH_KEY, flash).await;
            }
        }
    } else if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST));
    }
    Err(error)
}
