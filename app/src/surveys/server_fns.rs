//! The survey pages' data and their forms with fixed fields. (The answering form and the
//! question form, whose fields depend on the survey, post to the server's `surveys` handlers.)

use super::tally::SurveyResults;
use super::{BuildView, SurveyView, SurveysView};
use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn surveys_data(consultation_id: i64) -> Result<SurveysView, AppError> {
    use crate::request::{request_ctx, take_flash};
    let ctx = request_ctx().await?;
    let view = super::service::surveys_page(&ctx, consultation_id).await?;
    Ok(SurveysView {
        flash: take_flash().await?,
        ..view
    })
}

#[server]
pub async fn survey_data(id: i64, page: String) -> Result<SurveyView, AppError> {
    use crate::request::{request_ctx, take_flash};
    let ctx = request_ctx().await?;
    let view = super::service::survey_page(&ctx, id, &page).await?;
    Ok(SurveyView {
        flash: take_flash().await?,
        ..view
    })
}

#[server]
pub async fn build_data(id: i64, edit: String) -> Result<BuildView, AppError> {
    use crate::request::{request_ctx, take_flash};
    let ctx = request_ctx().await?;
    let view = super::service::build_page(&ctx, id, edit.parse().ok()).await?;
    Ok(BuildView {
        flash: take_flash().await?,
        ..view
    })
}

#[server]
pub async fn survey_results_data(id: i64, by: String) -> Result<SurveyResults, AppError> {
    use crate::request::request_ctx;
    let ctx = request_ctx().await?;
    super::service::results(&ctx, id, &by).await
}

/// A new survey in a consultation; the browser goes on to build it.
#[server]
pub async fn create_survey(
    consultation_id: i64,
    title_sl: String,
    #[server(default)] title_en: String,
) -> Result<(), AppError> {
    use crate::notices::{with_notice, Notice};
    use crate::request::{finish_form, request_ctx};
    let result = async {
        let ctx = request_ctx().await?;
        let id = super::service::create(&ctx, consultation_id, &title_sl, &title_en).await?;
        leptos_axum::redirect(&with_notice(
            &format!("/surveys/{id}/build"),
            Notice::SurveyCreated,
        ));
        Ok(())
    }
    .await;
    let max = super::rules::MAX_TITLE_CHARS;
    let values = [
        ("title_sl", title_sl.as_str(), max),
        ("title_en", title_en.as_str(), max),
    ];
    finish_form("new-survey", &values, result).await
}

#[server]
#[allow(clippy::too_many_arguments)]
pub async fn save_survey(
    survey_id: i64,
    #[server(default)] title_sl: String,
    #[server(default)] title_en: String,
    #[server(default)] description_sl: String,
    #[server(default)] description_en: String,
    #[server(default)] opens_on: String,
    #[server(default)] closes_on: String,
    #[server(default)] min_cell: String,
    results_public: Option<String>,
) -> Result<(), AppError> {
    use crate::notices::{with_notice_at, Notice};
    use crate::request::{finish_form, request_ctx};
    let form = super::rules::SurveyForm {
        title_sl,
        title_en,
        description_sl,
        description_en,
        opens_on,
        closes_on,
        results_public: results_public.is_some(),
        min_cell,
    };
    let result = async {
        let ctx = request_ctx().await?;
        super::service::save_settings(&ctx, survey_id, &form).await?;
        leptos_axum::redirect(&with_notice_at(
            &format!("/surveys/{survey_id}/build"),
            Notice::Saved,
            "settings",
        ));
        Ok(())
    }
    .await;
    let (title, text) = (
        super::rules::MAX_TITLE_CHARS,
        super::rules::MAX_DESCRIPTION_CHARS,
    );
    let values = [
        ("title_sl", form.title_sl.as_str(), title),
        ("title_en", form.title_en.as_str(), title),
        ("description_sl", form.description_sl.as_str(), text),
        ("description_en", form.description_en.as_str(), text),
        ("opens_on", form.opens_on.as_str(), 20),
        ("closes_on", form.closes_on.as_str(), 20),
        ("min_cell", form.min_cell.as_str(), 10),
        (
            "results_public",
            if form.results_public { "on" } else { "" },
            2,
        ),
    ];
    finish_form("survey-settings", &values, result).await
}

/// Moves a question up or down its page (`change` "up" / "down"), or removes it ("remove").
#[server]
pub async fn change_question(question_id: i64, change: String) -> Result<(), AppError> {
    use super::service::QuestionMove;
    use crate::notices::{with_notice_at, Notice};
    use crate::request::{finish_form, request_ctx};
    let result = async {
        let ctx = request_ctx().await?;
        let change = match change.as_str() {
            "up" => QuestionMove::Up,
            "down" => QuestionMove::Down,
            "remove" => QuestionMove::Remove,
            _ => return Err(AppError::BadRequest),
        };
        let survey = super::service::change_question(&ctx, question_id, change).await?;
        let notice = match change {
            QuestionMove::Remove => Notice::QuestionRemoved,
            _ => Notice::Saved,
        };
        leptos_axum::redirect(&with_notice_at(
            &format!("/surveys/{survey}/build"),
            notice,
            "questions",
        ));
        Ok(())
    }
    .await;
    finish_form("questions", &[], result).await
}

/// Publishes a text answer on the results page (`publish` set) or takes it back.
#[server]
pub async fn publish_answer(
    survey_id: i64,
    response_id: i64,
    question_id: i64,
    publish: Option<String>,
) -> Result<(), AppError> {
    use crate::notices::{with_notice_at, Notice};
    use crate::request::{finish_form, request_ctx};
    let result = async {
        let ctx = request_ctx().await?;
        let on = publish.is_some();
        super::service::publish_text(&ctx, survey_id, response_id, question_id, on).await?;
        let notice = match on {
            true => Notice::AnswerPublished,
            false => Notice::AnswerWithdrawn,
        };
        leptos_axum::redirect(&with_notice_at(
            &format!("/surveys/{survey_id}/results"),
            notice,
            &format!("question-{question_id}"),
        ));
        Ok(())
    }
    .await;
    finish_form("publish", &[], result).await
}
