//! Cover images: the upload form's handler and the images themselves. The upload is a plain
//! axum handler, not a server function: a file comes as `multipart/form-data`, and a photo is
//! far beyond the body limit every other request has, so this route alone has a larger one.

use crate::extract::Caller;
use crate::state::AppState;
use app::consultations::cover::MAX_UPLOAD_BYTES;
use app::error::AppError;
use app::notices::{with_notice_at, Notice};
use app::request::flash_errors;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

/// The form's other fields and multipart framing, beyond the file itself.
const FORM_OVERHEAD: usize = 64 * 1024;

/// `POST /consultations/{id}/cover` and `POST /site/logo` (both need the session layer).
pub fn upload_route() -> Router<AppState> {
    Router::new()
        .route(
            "/consultations/{id}/cover",
            post(upload).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES + FORM_OVERHEAD)),
        )
        .route(
            "/site/logo",
            post(upload_logo).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES + FORM_OVERHEAD)),
        )
}

pub fn serve_route() -> Router<AppState> {
    Router::new().route("/covers/{file}", get(serve))
}

/// Sets or removes a cover, then goes back to the settings page: with "saved", or with the
/// reason beside the file field (and in the address for anything but a field error).
async fn upload(Path(id): Path<i64>, caller: Caller, multipart: Multipart) -> Response {
    let session = &caller.session;
    let back = format!("/consultations/{id}/settings");
    let result = async {
        let ctx = caller.ctx().await?;
        // Nobody signed in: refused before the body is read.
        if ctx.actor.user_id.is_none() {
            return Err(AppError::Unauthorized);
        }
        let upload = read_form(multipart, "cover").await?;
        app::consultations::service::set_cover(&ctx, id, upload).await
    }
    .await;
    match result {
        Ok(()) => {
            let to = with_notice_at(&back, Notice::Saved, "cover");
            Redirect::to(&to).into_response()
        }
        Err(error) => {
            if matches!(error, AppError::Validation(_)) {
                let _ = flash_errors(session, "cover", &error).await;
            }
            let to = format!("{back}?__err={}#cover", error.to_address());
            Redirect::to(&to).into_response()
        }
    }
}

/// Sets or removes the site's logo (a site administrator), then goes back to the look's page.
async fn upload_logo(caller: Caller, multipart: Multipart) -> Response {
    let session = &caller.session;
    let back = "/site/look";
    let result = async {
        let ctx = caller.ctx().await?;
        if ctx.actor.user_id.is_none() {
            return Err(AppError::Unauthorized);
        }
        let upload = read_form(multipart, "logo").await?;
        app::site::service::set_logo(&ctx, upload).await
    }
    .await;
    match result {
        Ok(()) => Redirect::to(&with_notice_at(back, Notice::Saved, "logo")).into_response(),
        Err(error) => {
            // The picture's checks speak of a cover's field; here the field is the logo.
            let error = match error {
                AppError::Validation(errors) => AppError::Validation(
                    errors
                        .into_iter()
                        .map(|e| app::error::FieldError::new("logo", e.msg))
                        .collect(),
                ),
                other => other,
            };
            if matches!(error, AppError::Validation(_)) {
                let _ = flash_errors(session, "logo", &error).await;
            }
            let to = format!("{back}?__err={}#logo", error.to_address());
            Redirect::to(&to).into_response()
        }
    }
}

/// The file (field `file_field`) or the request to remove it (`remove`), as the services take
/// it.
async fn read_form(form: Multipart, file_field: &str) -> Result<Option<Vec<u8>>, AppError> {
    let too_large = AppError::invalid(file_field, app::i18n::Msg::ErrCoverTooLarge);
    let (fields, file) = crate::extract::multipart_form(form, file_field, too_large).await?;
    // A form sent with no file chosen has an empty "cover": `reencode` says to choose one.
    Ok(match fields.iter().any(|(name, _)| name == "remove") {
        true => None,
        false => Some(file),
    })
}

/// A cover image. An image never changes (a new upload gets a new id), so it may be kept.
async fn serve(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(id) = file
        .strip_suffix(".jpg")
        .and_then(|n| n.parse::<i64>().ok())
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let found = async {
        let mut c = state.db.conn().await?;
        app::server::db::consultations::image(&mut c, id).await
    }
    .await;
    match found {
        Ok(Some(bytes)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg")),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "reading a cover failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
