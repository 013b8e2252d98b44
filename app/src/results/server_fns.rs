use super::{DashboardView, ResultsView};
use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn results_data(id: i64) -> Result<ResultsView, AppError> {
    let ctx = crate::request::request_ctx().await?;
    super::service::results_page(&ctx, id).await
}

#[server]
pub async fn dashboard_data(slug: String, days: String) -> Result<DashboardView, AppError> {
    let ctx = crate::request::request_ctx().await?;
    super::service::dashboard(&ctx, &slug, super::rules::parse_period(&days)).await
}
