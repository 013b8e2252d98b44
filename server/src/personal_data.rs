//! "Download my data" (`GET /account/data.json`): everything Posvet stores of and by the
//! signed-in person, as one JSON file. A plain link, so it works without JavaScript; reading
//! one's own data changes nothing, so a GET is right, and another site cannot read the answer.

use crate::extract::Caller;
use app::error::AppError;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};

pub async fn download(caller: Caller) -> Response {
    let result = async {
        let ctx = caller.ctx().await?;
        app::accounts::personal_data::my_data(&ctx).await
    }
    .await;
    match result {
        Ok(data) => {
            let body = serde_json::to_vec_pretty(&data).unwrap_or_default();
            let mut res = body.into_response();
            let h = res.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json; charset=utf-8"),
            );
            h.insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"posvet-my-data.json\""),
            );
            // One person's data: never kept by a cache.
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
        Err(AppError::Unauthorized) => {
            Redirect::to("/login?next=%2Faccount%2Fdata.json").into_response()
        }
        Err(error) => {
            Redirect::to(&format!("/account?__err={}", error.to_address())).into_response()
        }
    }
}
