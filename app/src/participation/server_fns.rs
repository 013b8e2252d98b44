//! Forms with fixed fields: making a guest's account a full one, and the administrators'
//! questions. (Forms whose fields are the questions themselves post to plain axum handlers:
//! the server's `participation` module.)

use crate::error::AppError;
use leptos::prelude::*;

/// Gives the signed-in guest's account an address, a name and a password.
#[server]
pub async fn make_full_account(
    email: String,
    display_name: String,
    password: String,
) -> Result<(), AppError> {
    use crate::request::{check_rate, finish_form, request_ctx};
    use crate::server::rate_limit::Limit;
    let result = async {
        check_rate(Limit::Auth)?;
        let ctx = request_ctx().await?;
        super::service::make_full_account(&ctx, &email, &display_name, &password).await?;
        leptos_axum::redirect(&crate::notices::with_notice(
            "/account",
            crate::notices::Notice::FullAccount,
        ));
        Ok(())
    }
    .await;
    let values = [
        (
            "email",
            email.as_str(),
            crate::accounts::rules::MAX_EMAIL_CHARS,
        ),
        (
            "display_name",
            display_name.as_str(),
            crate::accounts::rules::MAX_NAME_CHARS,
        ),
    ];
    finish_form("full-account", &values, result).await
}

/// Adds a question to a consultation, or (`remove` set) removes question `question_id`.
#[server]
pub async fn save_question(
    consultation_id: i64,
    #[server(default)] question_id: i64,
    #[server(default)] question_sl: String,
    #[server(default)] question_en: String,
    #[server(default)] options_sl: String,
    #[server(default)] options_en: String,
    remove: Option<String>,
) -> Result<(), AppError> {
    use crate::request::{finish_form, request_ctx};
    let form = super::rules::QuestionForm {
        question_sl,
        question_en,
        options_sl,
        options_en,
    };
    let result = async {
        let ctx = request_ctx().await?;
        let consultation = match remove {
            Some(_) => super::service::remove_question(&ctx, question_id).await?,
            None => {
                super::service::add_question(&ctx, consultation_id, &form).await?;
                consultation_id
            }
        };
        leptos_axum::redirect(&crate::notices::with_notice_at(
            &format!("/consultations/{consultation}/settings"),
            crate::notices::Notice::Saved,
            "questions",
        ));
        Ok(())
    }
    .await;
    let values = [
        ("question_sl", form.question_sl.as_str(), 200),
        ("question_en", form.question_en.as_str(), 200),
        ("options_sl", form.options_sl.as_str(), 4000),
        ("options_en", form.options_en.as_str(), 4000),
    ];
    finish_form("question", &values, result).await
}
