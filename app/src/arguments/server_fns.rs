//! The argument form: build the request's context, call the service, report the outcome.

use crate::error::AppError;
use leptos::prelude::*;

/// `side` is "for" or "against".
#[server]
pub async fn add_argument(idea_id: i64, side: String, body: String) -> Result<(), AppError> {
    use crate::request::{check_rate, finish_form, request_ctx};
    use crate::server::rate_limit::Limit;
    let result = async {
        let ctx = request_ctx().await?;
        check_rate(Limit::Posting)?;
        let id = super::service::add_argument(&ctx, idea_id, &side, &body).await?;
        // The form is a plain post: the browser follows this back to the idea, where the
        // banner says it worked and links down to the new argument.
        leptos_axum::redirect(&crate::notices::with_notice_at(
            &format!("/ideas/{idea_id}"),
            crate::notices::Notice::ArgumentAdded,
            &format!("argument-{id}"),
        ));
        Ok(())
    }
    .await;
    finish_form(
        &format!("argument-{side}"),
        &[("body", body.as_str(), super::rules::MAX_ARGUMENT_CHARS)],
        result,
    )
    .await
}
