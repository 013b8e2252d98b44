//! The two addresses of an OpenID Connect sign-in: `/auth/ID` sends the browser to the
//! provider, `/auth/ID/callback` takes it back. What passes between them (state, nonce, PKCE
//! verifier) stays in the session, in the database, so any instance can take the way back.
//! Checking and account matching are `app::accounts::oidc`.

use crate::http::AppState;
use app::accounts::oidc::{self, Callback, Outcome, Pending, PendingLink};
use app::error::AppError;
use app::form::Flash;
use app::server::context::{
    ctx_for_session, lang_from_headers, log_in_session, set_flash, PENDING_LINK_KEY,
};
use app::server::rate_limit::Limit;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use std::collections::HashMap;
use std::net::SocketAddr;
use tower_sessions::Session;

const PENDING_KEY: &str = "oidc_pending";

/// The peer's address, when the server was started with it (tests send requests without).
pub(crate) type Peer = Option<Extension<ConnectInfo<SocketAddr>>>;

/// Sign-ins through a provider share the login form's per-address budget: each one makes the
/// server fetch from the provider.
pub(crate) fn allowed(state: &AppState, peer: Peer, headers: &HeaderMap) -> bool {
    let forwarded = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
    let ip = state
        .limits
        .client_address(peer.map(|Extension(ConnectInfo(a))| a.ip()), forwarded);
    state.limits.allow(Limit::Auth, ip)
}

pub async fn start(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    session: Session,
    headers: HeaderMap,
    peer: Peer,
) -> Response {
    if !allowed(&state, peer, &headers) {
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
    session: Session,
    headers: HeaderMap,
    peer: Peer,
) -> Response {
    if !allowed(&state, peer, &headers) {
        return refused(&session, AppError::RateLimited).await;
    }
    // Taken, not read: the same answer cannot be used twice.
    let pending: Option<Pending> = session.remove(PENDING_KEY).await.ok().flatten();
    let next = pending
        .as_ref()
        .map(|p| p.next.clone())
        .unwrap_or_else(|| "/".into());
    let lang = lang_from_headers(&headers);
    let result = async {
        let (ctx, _) = ctx_for_session(state.db.clone(), &session, lang).await?;
        oidc::finish(&ctx, &state.oidc, &id, pending, &answer, &state.public_url).await
    }
    .await;
    match result {
        Ok(Outcome::SignedIn(user)) => match log_in_session(&state.db, &session, user).await {
            Ok(()) => Redirect::to(&next).into_response(),
            Err(e) => refused(&session, e).await,
        },
        Ok(Outcome::Link(link)) => ask_for_password(&session, link, &next).await,
        Err(e) => refused(&session, e).await,
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
        app::ui::encode(next)
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
