//! Vote forms: build the request's context, call the service, report the outcome.

use super::Tally;
use crate::error::AppError;
use leptos::prelude::*;

/// `value`: 1 endorse, -1 oppose, 0 withdraw.
#[server]
pub async fn vote_idea(idea_id: i64, value: i64) -> Result<Tally, AppError> {
    use crate::request::{finish_form, request_ctx};
    let result =
        async { super::service::vote_idea(&request_ctx().await?, idea_id, value).await }.await;
    finish_form(&format!("vote-{idea_id}"), &[], result).await
}

/// `value`: 1 helpful, -1 not helpful, 0 withdraw.
#[server]
pub async fn rate_argument(argument_id: i64, value: i64) -> Result<Tally, AppError> {
    use crate::request::{finish_form, request_ctx};
    let result =
        async { super::service::rate_argument(&request_ctx().await?, argument_id, value).await }
            .await;
    finish_form(&format!("rate-{argument_id}"), &[], result).await
}
