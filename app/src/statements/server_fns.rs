//! The statements page's data and its two forms: answer a statement, add one.

use super::{Deck, StatementsView};
use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn statements_data(id: i64) -> Result<StatementsView, AppError> {
    use crate::request::{request_ctx, take_flash};
    let ctx = request_ctx().await?;
    let view = super::service::statements_page(&ctx, id).await?;
    Ok(StatementsView {
        flash: take_flash().await?,
        ..view
    })
}

/// `answer`: agree, disagree or pass. Without JavaScript the browser comes back to the page,
/// which shows the next statement; the deck's island takes the returned deck instead.
#[server]
pub async fn answer_statement(
    consultation_id: i64,
    statement_id: i64,
    answer: String,
) -> Result<Deck, AppError> {
    use crate::request::{finish_form, is_plain_form_post, request_ctx};
    let result = async {
        let ctx = request_ctx().await?;
        let deck = super::service::answer(&ctx, consultation_id, statement_id, &answer).await?;
        if is_plain_form_post() {
            leptos_axum::redirect(&crate::notices::with_notice(
                &format!("/consultations/{consultation_id}/statements"),
                crate::notices::Notice::AnswerSaved,
            ));
        }
        Ok(deck)
    }
    .await;
    finish_form(&format!("answer-{consultation_id}"), &[], result).await
}

#[server]
pub async fn add_statement(consultation_id: i64, text: String) -> Result<(), AppError> {
    use crate::notices::{with_notice, Notice};
    use crate::request::{check_rate, finish_form, request_ctx};
    use crate::server::rate_limit::Limit;
    let result = async {
        let ctx = request_ctx().await?;
        check_rate(Limit::Posting)?;
        let (_, waits) = super::service::add_statement(&ctx, consultation_id, &text).await?;
        let notice = match waits {
            true => Notice::StatementAwaitsApproval,
            false => Notice::StatementAdded,
        };
        leptos_axum::redirect(&with_notice(
            &format!("/consultations/{consultation_id}/statements"),
            notice,
        ));
        Ok(())
    }
    .await;
    let max = super::rules::MAX_STATEMENT_CHARS;
    finish_form("statement", &[("text", text.as_str(), max)], result).await
}
