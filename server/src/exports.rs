//! `POST /communities/{slug}/export`: the export form's download. A plain form post (the
//! origin check covers it), answered with the file, or sent back to the settings page with
//! the reason.

use crate::http::AppState;
use app::error::AppError;
use app::exports::rules::Format;
use app::exports::service::{export, ExportRequest};
use app::server::context::{ctx_for_session, lang_from_headers};
use axum::body::Body;
use axum::extract::{Form, Path, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

#[derive(Deserialize)]
pub struct ExportForm {
    /// A consultation's id, or empty for the whole community.
    #[serde(default)]
    consultation: String,
    format: String,
    hidden: Option<String>,
}

pub async fn download(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    session: Session,
    headers: HeaderMap,
    Form(form): Form<ExportForm>,
) -> Response {
    let lang = lang_from_headers(&headers);
    let result = async {
        let (ctx, _) = ctx_for_session(state.db.clone(), &session, lang).await?;
        let consultation = match form.consultation.trim() {
            "" => None,
            id => Some(id.parse::<i64>().map_err(|_| AppError::BadRequest)?),
        };
        let request = ExportRequest {
            community_slug: &slug,
            consultation,
            format: Format::parse(&form.format)?,
            include_hidden: form.hidden.is_some(),
            base_url: &state.public_url,
        };
        export(&ctx, &request).await
    }
    .await;
    match result {
        Ok(file) => {
            let disposition = format!("attachment; filename=\"{}\"", file.file_name);
            let content_type = file.content_type;
            // Sent as it is written: a page of rows at a time for CSV and JSON.
            let chunks = futures::stream::unfold(Some(file), |state| async move {
                let mut file = state?;
                match file.next_chunk().await {
                    Ok(Some(bytes)) => Some((Ok(bytes), Some(file))),
                    Ok(None) => None,
                    // Headers are gone already: the download ends short, and the browser
                    // reports it failed.
                    Err(e) => Some((Err(std::io::Error::other(e.to_string())), None)),
                }
            });
            // Fused: the compression layer polls once more after the end.
            // Fused: the compression layer polls once more after the end.
            let mut res = Body::from_stream(futures::StreamExt::fuse(chunks)).into_response();
            let h = res.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            if let Ok(v) = HeaderValue::from_str(&disposition) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            // Personal to the administrator who asked: never kept by a cache.
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
        Err(error) => {
            let back = format!(
                "/communities/{}/settings?__err={}#export",
                app::ui::encode(&slug),
                error.to_address()
            );
            Redirect::to(&back).into_response()
        }
    }
}
