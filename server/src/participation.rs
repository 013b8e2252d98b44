//! The two forms whose fields are a consultation's own questions (`q<question id>`), so they
//! post to plain handlers rather than to server functions with fixed arguments: taking part
//! without an account, and answering the questions once signed in. Both go back to the
//! consultation's page; a refusal travels in its address (`__err`) like any form's.

use crate::extract::{Caller, Peer};
use crate::state::AppState;
use app::error::AppError;
use app::notices::{with_notice, Notice};
use app::participation::service;
use app::request::log_in_session;
use app::server::rate_limit::Limit;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;

/// The answers in a posted form: `q12=3` is option 3 of question 12. Other fields are ignored;
/// a question id that is no number is no form of ours.
fn answers(fields: &[(String, String)]) -> Result<Vec<(i64, String)>, AppError> {
    fields
        .iter()
        .filter_map(|(k, v)| k.strip_prefix('q').map(|id| (id, v)))
        .map(|(id, v)| {
            let id = id.parse::<i64>().map_err(|_| AppError::BadRequest)?;
            Ok((id, v.clone()))
        })
        .collect()
}

/// Back to the consultation's page, or to the page of it the form came from (`next`: a
/// survey, the statements), with the outcome.
fn back(id: i64, fields: &[(String, String)], outcome: Result<Notice, AppError>) -> Response {
    let next = fields
        .iter()
        .find(|(k, _)| k == "next")
        .map(|(_, v)| v.as_str());
    let page = match next {
        Some(n) => app::accounts::safe_next(Some(n)),
        None => format!("/consultations/{id}"),
    };
    let to = match outcome {
        Ok(notice) => with_notice(&page, notice),
        Err(e) => {
            let join = if page.contains('?') { '&' } else { '?' };
            format!("{page}{join}__err={}", e.to_address())
        }
    };
    Redirect::to(&to).into_response()
}

/// `POST /consultations/{id}/guest`: a guest account for this browser, signed in at once.
/// Limited per address like registering, since each makes an account.
pub async fn take_part(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    caller: Caller,
    peer: Peer,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    // Limited like registering: each makes an account.
    if !peer.may(&state, Limit::Auth) {
        return back(id, &fields, Err(AppError::RateLimited));
    }
    let session = &caller.session;
    let result = async {
        let answers = answers(&fields)?;
        let user = service::start_guest(&caller.ctx().await?, id, &answers).await?;
        log_in_session(&state.db, session, user).await
    }
    .await;
    back(id, &fields, result.map(|()| Notice::TakingPartAsGuest))
}

/// `POST /consultations/{id}/about-you`: the signed-in person's answers.
pub async fn about_you(
    Path(id): Path<i64>,
    caller: Caller,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let result = async {
        let answers = answers(&fields)?;
        service::save_answers(&caller.ctx().await?, id, &answers).await
    }
    .await;
    back(id, &fields, result.map(|()| Notice::AnswersSaved))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_the_q_fields() {
        let form = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        assert_eq!(
            answers(&form(&[("q3", "1"), ("q7", ""), ("other", "x")])).unwrap(),
            vec![(3, "1".to_string()), (7, String::new())]
        );
        assert!(matches!(
            answers(&form(&[("qx", "1")])),
            Err(AppError::BadRequest)
        ));
    }
}
