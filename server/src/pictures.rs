//! Pictures of ideas: the upload form's handler (a file comes as `multipart/form-data`, with a
//! body limit of its own), removing one, and serving them. Areas: the GeoJSON upload or the
//! list of names, posted the same way.

use crate::extract::{multipart_form, Caller, Peer};
use crate::state::AppState;
use app::consultations::cover::MAX_UPLOAD_BYTES;
use app::error::AppError;
use app::notices::{with_notice_at, Notice};
use app::places::geo::MAX_GEOJSON_BYTES;
use app::request::flash_form;
use app::server::rate_limit::Limit;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

/// The form's other fields and multipart framing, beyond the file itself.
const FORM_OVERHEAD: usize = 64 * 1024;

/// `POST /ideas/{id}/pictures`, `POST /pictures/{id}/remove` and `POST /communities/{slug}/areas`
/// (they need the session layer).
pub fn upload_routes() -> Router<AppState> {
    Router::new()
        .route(
            "/ideas/{id}/pictures",
            post(upload).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES + FORM_OVERHEAD)),
        )
        .route("/pictures/{id}/remove", post(remove))
        .route(
            "/communities/{slug}/areas",
            post(areas).layer(DefaultBodyLimit::max(MAX_GEOJSON_BYTES + FORM_OVERHEAD)),
        )
}

/// `GET /pictures/{id}.jpg` and `/pictures/{id}-thumb.jpg` (with the session layer, read only
/// for a picture the public may not see).
pub fn serve_route() -> Router<AppState> {
    Router::new().route("/pictures/{file}", get(serve))
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// Back to `to` at the error, with the form's field errors and what was typed.
async fn refused(
    caller: &Caller,
    to: &str,
    form: &str,
    error: AppError,
    values: &[(&str, &str, usize)],
) -> Response {
    if matches!(error, AppError::Validation(_)) {
        let _ = flash_form(&caller.session, form, &error, values).await;
    }
    crate::form_return::refused(to, &error)
}

/// Adds a picture to an idea, then shows it on the idea's page.
async fn upload(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    caller: Caller,
    peer: Peer,
    multipart: Multipart,
) -> Response {
    let back = format!("/ideas/{id}");
    let mut alt = String::new();
    let result = async {
        if !peer.may(&state, Limit::Posting) {
            return Err(AppError::RateLimited);
        }
        let ctx = caller.ctx().await?;
        // Nobody signed in: refused before the body is read.
        if ctx.actor.user_id.is_none() {
            return Err(AppError::Unauthorized);
        }
        let too_large = AppError::invalid("picture", app::i18n::Msg::ErrCoverTooLarge);
        let (fields, file) = multipart_form(multipart, "picture", too_large).await?;
        alt = field(&fields, "alt").to_string();
        app::pictures::service::add_picture(&ctx, id, &alt, file).await
    }
    .await;
    match result {
        Ok(picture) => {
            let to = with_notice_at(&back, Notice::PictureAdded, &format!("picture-{picture}"));
            Redirect::to(&to).into_response()
        }
        Err(error) => {
            let values = [("alt", alt.as_str(), app::pictures::MAX_ALT_CHARS)];
            refused(&caller, &back, "picture", error, &values).await
        }
    }
}

/// Removes a picture (its author, the moderators; a measure's administrators).
async fn remove(Path(id): Path<i64>, caller: Caller) -> Response {
    let result = async {
        let ctx = caller.ctx().await?;
        app::pictures::service::remove_picture(&ctx, id).await
    }
    .await;
    match result {
        Ok(idea) => {
            let to = with_notice_at(
                &format!("/ideas/{idea}"),
                Notice::PictureRemoved,
                "pictures-heading",
            );
            Redirect::to(&to).into_response()
        }
        Err(error) => refused(&caller, "/", "picture", error, &[]).await,
    }
}

/// A picture's JPEG. Public ones may be kept by any cache for a while (a picture never changes;
/// hiding one takes it from the page at once and from caches within minutes); the rest reach
/// only their author and the moderators, and are kept by nobody.
async fn serve(
    State(state): State<AppState>,
    Path(file): Path<String>,
    caller: Caller,
) -> Response {
    let Some(name) = file.strip_suffix(".jpg") else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let (id, thumb) = match name.strip_suffix("-thumb") {
        Some(id) => (id, true),
        None => (name, false),
    };
    let Ok(id) = id.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let found = app::pictures::service::file(&state.db, id, thumb).await;
    let f = match found {
        Ok(f) => f,
        Err(AppError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::warn!(error = ?e, "reading a picture failed");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let cache = match f.public == 1 {
        true => "public, max-age=600",
        false => match caller.ctx().await {
            Ok(ctx) if app::pictures::service::may_see(&ctx, &f) => "private, no-store",
            _ => return StatusCode::NOT_FOUND.into_response(),
        },
    };
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg")),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        f.bytes,
    )
        .into_response()
}

/// Sets a community's areas from a GeoJSON file (`mode=file`) or a list of names, then goes
/// back to its settings at the areas.
async fn areas(Path(slug): Path<String>, caller: Caller, multipart: Multipart) -> Response {
    let back = format!("/communities/{slug}/settings");
    let mut names = String::new();
    let mut form = "areas-file";
    let result = async {
        let ctx = caller.ctx().await?;
        if ctx.actor.user_id.is_none() {
            return Err(AppError::Unauthorized);
        }
        let too_large = AppError::invalid("geojson", app::i18n::Msg::ErrGeoTooLarge);
        let (fields, file) = multipart_form(multipart, "geojson", too_large).await?;
        match field(&fields, "mode") {
            "names" => {
                form = "areas-names";
                names = field(&fields, "names").to_string();
                app::places::service::save_names(&ctx, &slug, &names).await
            }
            _ => app::places::service::save_geojson(&ctx, &slug, file).await,
        }
    }
    .await;
    match result {
        Ok(_) => Redirect::to(&with_notice_at(&back, Notice::AreasSaved, "areas")).into_response(),
        Err(error) => {
            let values = [(
                "names",
                names.as_str(),
                app::places::service::MAX_NAMES_CHARS,
            )];
            refused(&caller, &back, form, error, &values).await
        }
    }
}
