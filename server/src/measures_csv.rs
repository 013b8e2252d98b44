//! Measures and indicators as a CSV file: `GET` downloads it, `POST` (a file upload, so a
//! plain axum handler with a body limit of its own) imports it, then goes back to the
//! implementation page with what was done, or with every rejected row and nothing written.

use crate::extract::Caller;
use crate::state::AppState;
use app::error::AppError;
use app::form::Flash;
use app::i18n::{t, tf, Msg};
use app::measures::csv::{export, import, Outcome, MAX_BYTES};
use app::request::{flash_errors, set_flash};
use axum::extract::{DefaultBodyLimit, Multipart, Path};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;

/// `GET` and `POST /communities/{slug}/measures.csv` (needs the session layer).
pub fn route() -> Router<AppState> {
    Router::new().route(
        "/communities/{slug}/measures.csv",
        get(download)
            .post(upload)
            .layer(DefaultBodyLimit::max(MAX_BYTES + 64 * 1024)),
    )
}

async fn download(Path(slug): Path<String>, caller: Caller) -> Response {
    let lang = caller.lang;
    let result = async {
        let ctx = caller.ctx().await?;
        export(&ctx, &slug).await
    }
    .await;
    match result {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{slug}-measures.csv\""),
                ),
                (header::CACHE_CONTROL, "private, no-store".to_string()),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => (
            StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST),
            t(lang, e.message()),
        )
            .into_response(),
    }
}

async fn upload(Path(slug): Path<String>, caller: Caller, multipart: Multipart) -> Response {
    let (lang, session) = (caller.lang, &caller.session);
    let back = format!("/communities/{slug}/implementation");
    let result = async {
        let ctx = caller.ctx().await?;
        if ctx.actor.user_id.is_none() {
            return Err(AppError::Unauthorized);
        }
        let bytes = read_file(multipart).await?;
        import(&ctx, &slug, &bytes).await
    }
    .await;
    match result {
        Ok(Outcome::Imported(done)) => Redirect::to(&format!(
            "{back}?created={}&updated={}&unchanged={}#import",
            done.created, done.updated, done.unchanged
        ))
        .into_response(),
        Ok(Outcome::Rejected(rows)) => {
            // Every rejected row, in the reader's language, for the page to list.
            let values = rows
                .iter()
                .map(|r| {
                    let text = tf(
                        lang,
                        Msg::CsvRowError,
                        &[
                            ("line", &r.line.to_string()),
                            ("column", &r.column),
                            ("message", t(lang, r.msg)),
                        ],
                    );
                    ("row".to_string(), text)
                })
                .take(200)
                .collect();
            let flash = Flash {
                form: "import".into(),
                values,
                errors: vec![app::error::FieldError::new("file", Msg::ErrCsvRejected)],
            };
            let _ = set_flash(session, flash).await;
            Redirect::to(&format!("{back}#import")).into_response()
        }
        Err(error) => {
            if matches!(error, AppError::Validation(_)) {
                let _ = flash_errors(session, "import", &error).await;
            }
            Redirect::to(&format!("{back}?__err={}#import", error.to_address())).into_response()
        }
    }
}

async fn read_file(mut form: Multipart) -> Result<Vec<u8>, AppError> {
    let unreadable = |e: axum::extract::multipart::MultipartError| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => AppError::invalid("file", Msg::ErrCsvTooLarge),
        _ => AppError::BadRequest,
    };
    while let Some(field) = form.next_field().await.map_err(unreadable)? {
        if field.name() == Some("file") {
            let bytes = field.bytes().await.map_err(unreadable)?;
            if bytes.is_empty() {
                return Err(AppError::invalid("file", Msg::ErrCsvChooseFile));
            }
            return Ok(bytes.to_vec());
        }
    }
    Err(AppError::invalid("file", Msg::ErrCsvChooseFile))
}
