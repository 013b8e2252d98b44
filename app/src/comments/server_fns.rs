//! The comment form: build the request's context, call the service, report the outcome.

use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn add_comment(
    idea_id: i64,
    reply_to: Option<i64>,
    body: String,
) -> Result<(), AppError> {
    use crate::request::{check_rate, finish_form, request_ctx};
    use crate::server::rate_limit::Limit;
    let result = async {
        let ctx = request_ctx().await?;
        check_rate(Limit::Posting)?;
        let id = super::service::add_comment(&ctx, idea_id, reply_to, &body).await?;
        leptos_axum::redirect(&crate::notices::with_notice_at(
            &format!("/ideas/{idea_id}"),
            match reply_to {
                Some(_) => crate::notices::Notice::ReplyAdded,
                None => crate::notices::Notice::CommentAdded,
            },
            &format!("comment-{id}"),
        ));
        Ok(())
    }
    .await;
    let values = [("body", body.as_str(), super::rules::MAX_COMMENT_CHARS)];
    finish_form(&super::form_key(reply_to), &values, result).await
}
