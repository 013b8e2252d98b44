//! `POST /communities/{slug}/export`: the export form's download. A plain form post (the
//! origin check covers it), answered with the file, or sent back to the settings page with
//! the reason.

use crate::extract::Caller;
use crate::state::AppState;
use app::error::AppError;
use app::exports::rules::Format;
use app::exports::service::{export, ExportRequest};
use app::exports::Pieces;
use axum::body::Body;
use axum::extract::{Form, Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

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
    caller: Caller,
    Form(form): Form<ExportForm>,
) -> Response {
    let result = async {
        let ctx = caller.ctx().await?;
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
    // A workbook is finished before the answer starts (a zip cannot be streamed), so its
    // size is known: browsers then show how much of the download is done.
    let result = match result {
        Ok(mut file) if file.content_type == Format::Xlsx.content_type() => {
            match file.next_chunk().await {
                Ok(first) => Ok((file, first)),
                Err(e) => Err(e),
            }
        }
        other => other.map(|file| (file, None)),
    };
    match result {
        Ok((file, first)) => {
            let name = file.file_name.clone();
            let content_type = file.content_type;
            attachment(file, first, &name, content_type)
        }
        Err(error) => {
            let back = format!(
                "/communities/{}/settings?__err={}#export",
                app::query::encode(&slug),
                error.to_address()
            );
            Redirect::to(&back).into_response()
        }
    }
}

/// A file sent as it is written (a page of rows at a time for CSV and JSON), `first` being
/// what was made of it already. Personal to whoever asked: never kept by a cache.
pub fn attachment<P: Pieces>(
    file: P,
    first: Option<Vec<u8>>,
    name: &str,
    content_type: &'static str,
) -> Response {
    let size = file.size();
    let chunks = futures::stream::unfold(Some(file), |state| async move {
        let mut file = state?;
        match file.next_piece().await {
            Ok(Some(bytes)) => Some((Ok(bytes), Some(file))),
            Ok(None) => None,
            // Headers are gone already: the download ends short, and the browser reports it
            // failed.
            Err(e) => Some((Err(std::io::Error::other(e.to_string())), None)),
        }
    });
    let first = futures::stream::iter(first.map(Ok::<_, std::io::Error>));
    // Fused: the compression layer polls once more after the end.
    let all = futures::StreamExt::chain(first, futures::StreamExt::fuse(chunks));
    let mut res = Body::from_stream(all).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Some(size) = size {
        h.insert(header::CONTENT_LENGTH, HeaderValue::from(size));
    }
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}
