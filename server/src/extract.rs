//! What a plain axum handler asks of its request, found the same way for each: who is calling
//! (`Caller`: context, session, language) and from where (`Peer`, for the rate limits).

use crate::state::AppState;
use app::ctx::Ctx;
use app::error::AppError;
use app::i18n::Lang;
use app::lang::lang_from_headers;
use app::request::{ctx_for_session, Viewer};
use app::server::rate_limit::Limit;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use std::convert::Infallible;
use std::net::IpAddr;
use tower_sessions::Session;

/// The person a handler acts for, as server functions find theirs: the context a service runs
/// in, the session (a handler may sign someone in or leave a flash) and the reader's language.
pub struct Caller {
    pub lang: Lang,
    pub session: Session,
    /// The context, or why it could not be made (the database did not answer): each handler
    /// reports that its own way, usually back at its form.
    pub ctx: Result<Ctx, AppError>,
}

impl FromRequestParts<AppState> for Caller {
    /// Only a route without the session layer fails here: a mistake in the router.
    type Rejection = <Session as FromRequestParts<AppState>>::Rejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let lang = lang_from_headers(&parts.headers);
        let session = Session::from_request_parts(parts, state).await?;
        // A page's GET had its viewer found already (`middleware::find_viewer`).
        let ctx = match parts.extensions.get::<Viewer>() {
            Some(Viewer(ctx, _)) => Ok(ctx.clone()),
            None => ctx_for_session(state.db.clone(), &session, lang)
                .await
                .map(|(ctx, _)| ctx),
        };
        Ok(Caller { lang, session, ctx })
    }
}

/// The client's address as the rate limits count it: the peer, or what a trusted proxy says
/// the client was. `None` when the server was started without peer addresses (tests).
pub struct Peer(pub Option<IpAddr>);

impl Peer {
    /// Whether this client may make one more request of the kind `limit` counts.
    pub fn may(&self, state: &AppState, limit: Limit) -> bool {
        state.limits.allow(limit, self.0)
    }
}

impl FromRequestParts<AppState> for Peer {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        Ok(Peer(state.limits.client_of(parts)))
    }
}
