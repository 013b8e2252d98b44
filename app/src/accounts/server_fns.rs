//! Account forms: build the request's context, call the service, turn the person it returns
//! into a session, report the outcome.

use crate::error::AppError;
use crate::form::Flash;
use leptos::prelude::*;

/// The flash left for a page without a loader of its own (login, registration).
#[server]
pub async fn page_flash() -> Result<Option<Flash>, AppError> {
    crate::server::context::take_flash().await
}

#[server]
pub async fn register(
    email: String,
    display_name: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    use crate::server::context::{check_rate, finish_form, log_in, request_ctx};
    use crate::server::rate_limit::Limit;
    let result = async {
        check_rate(Limit::Auth)?;
        let ctx = request_ctx().await?;
        let id = super::service::register(&ctx, &email, &display_name, &password).await?;
        log_in(id).await?;
        leptos_axum::redirect(&super::safe_next(next.as_deref()));
        Ok(())
    }
    .await;
    // The password is never kept: a failed form comes back with it empty.
    let values = [
        ("email", email.as_str(), super::rules::MAX_EMAIL_CHARS),
        (
            "display_name",
            display_name.as_str(),
            super::rules::MAX_NAME_CHARS,
        ),
    ];
    finish_form("register", &values, result).await
}

#[server]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::server::context::{
        check_account, check_rate, finish_form, log_in, record_login, request_ctx,
    };
    use crate::server::rate_limit::Limit;
    let result = async {
        check_rate(Limit::Auth)?;
        let account = super::rules::normalize_email(&email);
        check_account(&account)?;
        let ctx = request_ctx().await?;
        let outcome = super::service::authenticate(&ctx, &email, &password).await;
        // Only a wrong password counts against the account (not a database outage).
        match &outcome {
            Ok(_) => record_login(&account, true),
            Err(AppError::Validation(_)) => record_login(&account, false),
            Err(_) => {}
        }
        log_in(outcome?).await?;
        leptos_axum::redirect(&super::safe_next(next.as_deref()));
        Ok(())
    }
    .await;
    let values = [("email", email.as_str(), super::rules::MAX_EMAIL_CHARS)];
    finish_form("login", &values, result).await
}

#[server]
pub async fn logout() -> Result<(), AppError> {
    crate::server::context::log_out().await?;
    leptos_axum::redirect("/");
    Ok(())
}
