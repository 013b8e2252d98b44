//! Account forms: build the request's context, call the service, turn the person it returns
//! into a session, report the outcome.

use crate::error::AppError;
use crate::form::Flash;
use leptos::prelude::*;

/// The flash left for a page without a loader of its own (login, registration).
#[server]
pub async fn page_flash() -> Result<Option<Flash>, AppError> {
    crate::request::take_flash().await
}

#[server]
pub async fn register(
    email: String,
    display_name: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    use crate::request::{check_rate, finish_form, log_in, request_ctx};
    use crate::server::rate_limit::Limit;
    let result = async {
        check_rate(Limit::Auth)?;
        let ctx = request_ctx().await?;
        let id = super::service::register(&ctx, &email, &display_name, &password).await?;
        log_in(id).await?;
        let next = super::safe_next(next.as_deref());
        leptos_axum::redirect(&crate::notices::with_notice(
            &next,
            crate::notices::Notice::Registered,
        ));
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
    use crate::request::{
        check_account, check_rate, finish_form, link_waiting_identity, log_in, record_login,
        request_ctx,
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
        let id = outcome?;
        log_in(id).await?;
        let next = super::safe_next(next.as_deref());
        if link_waiting_identity(id).await? {
            leptos_axum::redirect(&crate::notices::with_notice(
                "/account",
                crate::notices::Notice::Linked,
            ));
        } else {
            leptos_axum::redirect(&crate::notices::with_notice(
                &next,
                crate::notices::Notice::SignedIn,
            ));
        }
        Ok(())
    }
    .await;
    let values = [("email", email.as_str(), super::rules::MAX_EMAIL_CHARS)];
    finish_form("login", &values, result).await
}

#[server]
pub async fn logout() -> Result<(), AppError> {
    crate::request::log_out().await?;
    leptos_axum::redirect(&crate::notices::with_notice(
        "/",
        crate::notices::Notice::LoggedOut,
    ));
    Ok(())
}

/// The account page's data: the person's own account and what a failed form left.
#[server]
pub async fn account_data() -> Result<(super::AccountView, Option<Flash>), AppError> {
    use crate::request::{request_ctx, take_flash};
    let ctx = request_ctx().await?;
    let view = super::settings::account_view(&ctx).await?;
    Ok((view, take_flash().await?))
}

/// Whether a reset link still works, for its page.
#[server]
pub async fn reset_link_data(token: String) -> Result<(bool, Option<Flash>), AppError> {
    use crate::request::{request_ctx, take_flash};
    let ctx = request_ctx().await?;
    let usable = super::links::reset_link_usable(&ctx, &token).await?;
    Ok((usable, take_flash().await?))
}

#[server]
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    use crate::request::{check_rate, finish_form, request_ctx};
    use crate::server::rate_limit::Limit;
    let result = async {
        check_rate(Limit::Auth)?;
        let ctx = request_ctx().await?;
        super::links::request_password_reset(&ctx, &email).await?;
        leptos_axum::redirect(&crate::notices::with_notice(
            "/password/forgot",
            crate::notices::Notice::ResetLinkSent,
        ));
        Ok(())
    }
    .await;
    let values = [("email", email.as_str(), super::rules::MAX_EMAIL_CHARS)];
    finish_form("forgot", &values, result).await
}

/// Sets a new password from a mailed link and signs the person in (every other session of
/// theirs has just ended).
#[server]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    use crate::request::{check_rate, finish_form, log_in, request_ctx};
    use crate::server::rate_limit::Limit;
    let result = async {
        check_rate(Limit::Auth)?;
        let ctx = request_ctx().await?;
        let id = super::links::reset_password(&ctx, &token, &password).await?;
        log_in(id).await?;
        leptos_axum::redirect(&crate::notices::with_notice(
            "/account",
            crate::notices::Notice::PasswordReset,
        ));
        Ok(())
    }
    .await;
    finish_form("reset", &[], result).await
}

#[server]
pub async fn confirm_email(token: String) -> Result<(), AppError> {
    use crate::request::{check_rate, finish_form, request_ctx};
    use crate::server::rate_limit::Limit;
    let result = async {
        check_rate(Limit::Auth)?;
        let ctx = request_ctx().await?;
        super::links::confirm_email(&ctx, &token).await?;
        leptos_axum::redirect(&crate::notices::with_notice(
            "/account/confirm",
            crate::notices::Notice::EmailConfirmed,
        ));
        Ok(())
    }
    .await;
    finish_form("confirm", &[], result).await
}

/// Saves the display name and language, then switches the pages to that language.
#[server]
pub async fn save_profile(display_name: String, lang: String) -> Result<(), AppError> {
    use crate::request::{finish_form, request_ctx};
    let result = async {
        let ctx = request_ctx().await?;
        super::settings::save_profile(&ctx, &display_name, &lang).await?;
        let code = crate::i18n::Lang::from_code(&lang)
            .unwrap_or_default()
            .code();
        leptos_axum::redirect(&format!("/lang/{code}?back=%2Faccount%3Fnotice%3Dsaved"));
        Ok(())
    }
    .await;
    let values = [
        (
            "display_name",
            display_name.as_str(),
            super::rules::MAX_NAME_CHARS,
        ),
        ("lang", lang.as_str(), 5),
    ];
    finish_form("profile", &values, result).await
}

/// A new password; this session stays signed in, every other one ends.
#[server]
pub async fn change_password(
    #[server(default)] current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use crate::request::{check_rate, finish_form, keep_session, request_ctx};
    use crate::server::rate_limit::Limit;
    let result = async {
        check_rate(Limit::Auth)?;
        let ctx = request_ctx().await?;
        let epoch =
            super::settings::change_password(&ctx, &current_password, &new_password).await?;
        keep_session(epoch).await?;
        leptos_axum::redirect(&crate::notices::with_notice(
            "/account",
            crate::notices::Notice::PasswordChanged,
        ));
        Ok(())
    }
    .await;
    finish_form("password", &[], result).await
}

#[server]
pub async fn change_email(
    email: String,
    #[server(default)] password: String,
) -> Result<(), AppError> {
    use crate::request::{check_rate, finish_form, request_ctx};
    use crate::server::rate_limit::Limit;
    let result = async {
        check_rate(Limit::Auth)?;
        let ctx = request_ctx().await?;
        super::settings::change_email(&ctx, &email, &password).await?;
        leptos_axum::redirect(&crate::notices::with_notice(
            "/account",
            crate::notices::Notice::EmailChangeSent,
        ));
        Ok(())
    }
    .await;
    let values = [("email", email.as_str(), super::rules::MAX_EMAIL_CHARS)];
    finish_form("email", &values, result).await
}

#[server]
pub async fn resend_confirmation() -> Result<(), AppError> {
    use crate::request::{finish_form, request_ctx};
    let result = async {
        super::settings::resend_confirmation(&request_ctx().await?).await?;
        leptos_axum::redirect(&crate::notices::with_notice(
            "/account",
            crate::notices::Notice::ConfirmationSent,
        ));
        Ok(())
    }
    .await;
    finish_form("resend", &[], result).await
}

/// Stops a provider from signing the person in (the account page's list of providers).
#[server]
pub async fn unlink_provider(provider: String) -> Result<(), AppError> {
    use crate::request::{finish_form, request_ctx};
    let result = async {
        super::settings::unlink(&request_ctx().await?, &provider).await?;
        leptos_axum::redirect(&crate::notices::with_notice(
            "/account",
            crate::notices::Notice::Unlinked,
        ));
        Ok(())
    }
    .await;
    finish_form("unlink", &[], result).await
}

#[server]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    use crate::request::{finish_form, log_out, request_ctx};
    let result = async {
        super::settings::sign_out_everywhere(&request_ctx().await?).await?;
        log_out().await?;
        leptos_axum::redirect(&crate::notices::with_notice(
            "/login",
            crate::notices::Notice::SignedOut,
        ));
        Ok(())
    }
    .await;
    finish_form("sessions", &[], result).await
}

#[server]
pub async fn delete_account(
    #[server(default)] erase: String,
    #[server(default)] password: String,
) -> Result<(), AppError> {
    use crate::request::{check_rate, finish_form, log_out, request_ctx};
    use crate::server::rate_limit::Limit;
    let result = async {
        check_rate(Limit::Auth)?;
        let ctx = request_ctx().await?;
        super::personal_data::delete_account(&ctx, &erase, &password).await?;
        log_out().await?;
        leptos_axum::redirect(&crate::notices::with_notice(
            "/",
            crate::notices::Notice::AccountDeleted,
        ));
        Ok(())
    }
    .await;
    let values = [("erase", erase.as_str(), 10)];
    finish_form("delete", &values, result).await
}
