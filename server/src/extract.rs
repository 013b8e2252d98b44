//! What a plain axum handler asks of its request, found the same way for each: who is calling
//! (`Caller`: context, session, language) and from where (`Peer`, for the rate limits).

use crate::state::AppState;
use app::ctx::Ctx;
use app::error::AppError;
use app::i18n::Lang;
use app::lang::lang_from_headers;
use app::request::{ctx_for_session, Viewer};
use app::server::db::Db;
use app::server::rate_limit::Limit;
use axum::extract::FromRequestParts;
use axum::extract::Multipart;
use axum::http::request::Parts;
use axum::http::StatusCode;
use std::convert::Infallible;
use std::net::IpAddr;
use tower_sessions::Session;

/// The person a handler acts for, as server functions find theirs: the session (a handler may
/// sign someone in or leave a flash), the reader's language, and on asking (`ctx`) the context
/// a service runs in. Asked for, not found up front: a request the rate limit refuses costs no
/// account query.
pub struct Caller {
    pub lang: Lang,
    pub session: Session,
    db: Db,
    /// A page's GET had its viewer found already (`middleware::find_viewer`).
    found: Option<Ctx>,
}

impl Caller {
    /// The context of the request, or why it could not be made (the database did not answer):
    /// each handler reports that its own way, usually back at its form.
    pub async fn ctx(&self) -> Result<Ctx, AppError> {
        match &self.found {
            Some(ctx) => Ok(ctx.clone()),
            None => ctx_for_session(self.db.clone(), &self.session, self.lang)
                .await
                .map(|(ctx, _)| ctx),
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    /// Only a route without the session layer fails here: a mistake in the router.
    type Rejection = <Session as FromRequestParts<AppState>>::Rejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Caller {
            lang: lang_from_headers(&parts.headers),
            session: Session::from_request_parts(parts, state).await?,
            db: state.db.clone(),
            found: parts.extensions.get::<Viewer>().map(|v| v.0.clone()),
        })
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

/// A multipart form's text fields (the first ten) and its one file (`file_field`; empty when
/// none was chosen), the file's size bounded by the route's limit: `too_large` is the error
/// when it is over, and anything unreadable a bad request.
pub async fn multipart_form(
    mut form: Multipart,
    file_field: &str,
    too_large: AppError,
) -> Result<(Vec<(String, String)>, Vec<u8>), AppError> {
    let unreadable = |e: axum::extract::multipart::MultipartError| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => too_large.clone(),
        _ => AppError::BadRequest,
    };
    let (mut fields, mut file) = (Vec::new(), Vec::new());
    while let Some(field) = form.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == file_field {
            file = field.bytes().await.map_err(unreadable)?.to_vec();
        } else if fields.len() < 10 {
            fields.push((name, field.text().await.map_err(unreadable)?));
        }
    }
    Ok((fields, file))
}
