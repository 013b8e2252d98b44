//! The two addresses of an OpenID Connect sign-in: `/auth/ID` sends the browser to the
//! provider, `/auth/ID/callback` takes it back. What passes between them (state, nonce, PKCE
//! verifier) stays in the session, in the database, so any instance can take the way back.
//! Checking and account matching are `app::accounts::oidc`.

use crate::extract::{Caller, Peer};
use crate::state::AppState;
use app::accounts::oidc::{self, Callback, Outcome, Pending, PendingLink};
use app::error::AppError;
use app::form::Flash;
use app::request::{log_in_session, set_flash, PENDING_LINK_KEY};
use app::server::rate_limit::Limit;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;
use tower_sessions::Session;

const PENDING_KEY: &str = "oidc_pending";

pub async fn start(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    session: Session,
    peer: Peer,
) -> Response {
    // Each sign-in through a provider makes the server fetch from it: limited like the login form.
    if !peer.may(&state, Limit::Auth) {
        return refused(&session, AppError::RateLimited).await;
    }
    let next = q.get("next").map(String::as_str).unwrap_or("/");
    let result = async {
        let (url, pending) = oidc::start(&state.oidc, &id, &state.public_url, next).await?;
        session
            .insert(PENDING_KEY, pending)
            .await
            .map_err(|_| AppError::Unavailable)?;
        Ok::<_, AppError>(url)
    }
    .await;
    match result {
        Ok(url) => Redirect::to(&url).into_response(),
        Err(AppError::NotFound) => axum::http::StatusCode::NOT_FOUND.into_response(),
        Err(e) => refused(&session, e).await,
    }
}

pub async fn callback(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(answer): Query<Callback>,
    caller: Caller,
    peer: Peer,
) -> Response {
    let session = &caller.session;
    if !peer.may(&state, Limit::Auth) {
        return refused(session, AppError::RateLimited).await;
    }
    // Taken, not read: the same answer cannot be used twice.
    let pending: Option<Pending> = session.remove(PENDING_KEY).await.ok().flatten();
    let next = pending
        .as_ref()
        .map(|p| p.next.clone())
        .unwrap_or_else(|| "/".into());
    let result = async {
        oidc::finish(
            &caller.ctx().await?,
            &state.oidc,
            &id,
            pending,
            &answer,
            &state.public_url,
        )
        .await
    }
    .await;
    match result {
        Ok(Outcome::SignedIn(user)) => match log_in_session(&state.db, session, user).await {
            Ok(()) => Redirect::to(&next).into_response(),
            Err(e) => refused(session, e).await,
        },
        Ok(Outcome::Link(link)) => ask_for_password(session, link, &next).await,
        Err(e) => refused(session, e).await,
    }
}

/// The provider's verified address is an existing account's: the person signs in to it with
/// its password, and the login links the two.
async fn ask_for_password(session: &Session, link: PendingLink, next: &str) -> Response {
    let email = link.email.clone();
    if session.insert(PENDING_LINK_KEY, link).await.is_err() {
        return refused(session, AppError::Unavailable).await;
    }
    let flash = Flash {
        form: "login".into(),
        values: vec![("email".into(), email)],
        errors: Vec::new(),
    };
    let _ = set_flash(session, flash).await;
    Redirect::to(&format!(
        "/login?notice=link&next={}",
        app::query::encode(next)
    ))
    .into_response()
}

/// Back to the login page with the reason, and no one signed in.
async fn refused(session: &Session, error: AppError) -> Response {
    let flash = Flash {
        form: "login".into(),
        values: Vec::new(),
        errors: error.form_errors(),
    };
    let _ = set_flash(session, flash).await;
    Redirect::to("/login").into_response()
}
