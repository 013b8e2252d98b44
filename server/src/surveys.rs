//! The survey forms whose fields depend on the survey, so they post to plain handlers rather
//! than to server functions with fixed arguments: a page of answers (`q<question id>…`), the
//! question form (its condition's ticked options), and the export's download. A refusal goes
//! back to the form with what was typed (a flash) and the error in the address, like any form.

use crate::extract::{Caller, Peer};
use crate::form_return::refused;
use crate::state::AppState;
use app::error::AppError;
use app::form::Flash;
use app::notices::{with_notice, with_notice_at, Notice};
use app::request::set_flash;
use app::server::rate_limit::Limit;
use app::surveys::export::{export, SurveyFormat};
use app::surveys::rules::{QuestionForm, MAX_LONG_TEXT};
use app::surveys::service::{self, Next};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use tower_sessions::Session;

type Fields = Vec<(String, String)>;

fn value<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// Keeps what was typed, and the field errors, for the form the browser goes back to. A value
/// is cut at twice the longest answer: a client posting megabytes gets no such session row.
async fn keep(session: &Session, form: &str, fields: &Fields, error: &AppError) {
    let flash = Flash {
        form: form.to_string(),
        values: fields
            .iter()
            .take(500)
            .map(|(k, v)| (k.clone(), v.chars().take(2 * MAX_LONG_TEXT).collect()))
            .collect(),
        errors: error.form_errors(),
    };
    let _ = set_flash(session, flash).await;
}

/// `POST /surveys/{id}/answers`: a page of answers (`page` its number), or the submission
/// (`page=check`). Limited per address like posting.
pub async fn answers(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    caller: Caller,
    peer: Peer,
    Form(fields): Form<Fields>,
) -> Response {
    let page = value(&fields, "page").to_string();
    let here = |p: &str| format!("/surveys/{id}?page={p}");
    if !peer.may(&state, Limit::Posting) {
        return refused(&here(&page), &AppError::RateLimited);
    }
    let ctx = match caller.ctx().await {
        Ok(ctx) => ctx,
        Err(e) => return refused(&here(&page), &e),
    };
    if page == "check" {
        return match service::submit(&ctx, id).await {
            Ok(()) => {
                Redirect::to(&with_notice(&here("check"), Notice::SurveySubmitted)).into_response()
            }
            Err((e, missing_on)) => {
                let back = missing_on.map_or_else(|| "check".to_string(), |p| p.to_string());
                if matches!(e, AppError::Validation(_)) {
                    keep(&caller.session, "survey", &Vec::new(), &e).await;
                }
                refused(&here(&back), &e)
            }
        };
    }
    let Ok(number) = page.parse::<usize>() else {
        return refused(&here("1"), &AppError::BadRequest);
    };
    match service::save_page(&ctx, id, number, &fields).await {
        Ok(next) => {
            let to = match next {
                Next::Page(n) => here(&n.to_string()),
                Next::Check => here("check"),
            };
            Redirect::to(&with_notice(&to, Notice::SurveyPageSaved)).into_response()
        }
        Err(e) => {
            if matches!(e, AppError::Validation(_)) {
                keep(&caller.session, "survey", &fields, &e).await;
            }
            refused(&here(&page), &e)
        }
    }
}

/// `POST /surveys/{id}/questions`: a new question, or changes to `question_id`.
pub async fn question(Path(id): Path<i64>, caller: Caller, Form(fields): Form<Fields>) -> Response {
    let flag = |name: &str| !value(&fields, name).is_empty();
    let text = |name: &str| value(&fields, name).to_string();
    let form = QuestionForm {
        kind: text("kind"),
        page: text("page"),
        required: flag("required"),
        text_sl: text("text_sl"),
        text_en: text("text_en"),
        options_sl: text("options_sl"),
        options_en: text("options_en"),
        other: flag("other"),
        dropdown: flag("dropdown"),
        max_choices: text("max_choices"),
        rows_sl: text("rows_sl"),
        rows_en: text("rows_en"),
        min: text("min"),
        max: text("max"),
        low_sl: text("low_sl"),
        low_en: text("low_en"),
        high_sl: text("high_sl"),
        high_en: text("high_en"),
        shown_if: fields
            .iter()
            .filter(|(k, _)| k == "shown_if")
            .map(|(_, v)| v.clone())
            .collect(),
    };
    let editing = value(&fields, "question_id").parse::<i64>().ok();
    let result = async {
        let ctx = caller.ctx().await?;
        service::save_question(&ctx, id, editing, &form).await
    }
    .await;
    match result {
        Ok(_) => {
            let to = with_notice_at(
                &format!("/surveys/{id}/build"),
                Notice::QuestionSaved,
                "questions",
            );
            Redirect::to(&to).into_response()
        }
        Err(e) => {
            // Only a form that was checked has something to show again; a refusal (not an
            // administrator, not signed in) leaves no session row behind.
            if matches!(e, AppError::Validation(_)) {
                keep(&caller.session, "question", &fields, &e).await;
            }
            let to = match editing {
                Some(q) => format!("/surveys/{id}/build?edit={q}"),
                None => format!("/surveys/{id}/build"),
            };
            refused(&to, &e)
        }
    }
}

/// `POST /surveys/{id}/export`: the file, sent as it is written; or back to the build page.
pub async fn download(Path(id): Path<i64>, caller: Caller, Form(fields): Form<Fields>) -> Response {
    let result = async {
        let ctx = caller.ctx().await?;
        let format = SurveyFormat::parse(value(&fields, "format"))?;
        export(&ctx, id, format, !value(&fields, "texts").is_empty()).await
    }
    .await;
    let file = match result {
        Ok(file) => file,
        Err(e) => return refused(&format!("/surveys/{id}/build"), &e),
    };
    let name = file.file_name.clone();
    let content_type = file.content_type;
    crate::exports::attachment(file, None, &name, content_type)
}
