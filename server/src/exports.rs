//! `POST /communities/{slug}/export`: the export form's download. A plain form post (the
//! origin check covers it), answered with the file, or sent back to the settings page with
//! the reason.

use crate::http::AppState;
use app::error::AppError;
use app::exports::rules::Format;
use app::exports::service::{export, ExportRequest};
use app::server::context::{ctx_for_session, lang_from_headers};
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
            let mut res = file.bytes.into_response();
            let h = res.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(file.content_type),
            );
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
