//! The search page's server function: the request's context, then `service::search_page`.

use super::SearchView;
use crate::error::AppError;
use leptos::prelude::*;

/// A search, as the address gives it; unparsable filters are ignored rather than refused.
#[server]
pub async fn search_data(
    q: String,
    consultation: String,
    category: String,
    status: String,
    page: String,
) -> Result<SearchView, AppError> {
    let ctx = crate::request::request_ctx().await?;
    super::service::search_page(&ctx, &q, &consultation, &category, &status, &page).await
}
