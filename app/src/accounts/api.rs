//! Server functions for accounts. Thin: validate with `rules`, one data-layer call.

use super::CurrentUser;
use crate::error::AppError;
use crate::form::Flash;
use leptos::prelude::*;

#[server]
pub async fn me() -> Result<Option<CurrentUser>, AppError> {
    crate::server::context::current_user().await
}

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
    use crate::i18n::Msg;
    use crate::server::context::{check_rate, db, finish_form, log_in};
    use crate::server::db::{DbError, NewUser};
    use crate::server::password::hash_password_blocking;
    use crate::server::rate_limit::Limit;

    let result = async {
        check_rate(Limit::Auth)?;
        let valid = super::rules::validate_registration(&email, &display_name, &password)?;
        let hash = hash_password_blocking(valid.password.clone()).await;
        let created = db()?
            .create_user(NewUser {
                email: &valid.email,
                display_name: &valid.display_name,
                password_hash: Some(&hash),
                role: super::Role::Resident,
            })
            .await;
        let id = match created {
            Err(DbError::Unique) => return Err(AppError::invalid("email", Msg::ErrEmailTaken)),
            other => other?,
        };
        log_in(id).await?;
        leptos_axum::redirect(&super::safe_next(next.as_deref()));
        Ok(())
    }
    .await;
    // The password is never kept: a failed form comes back with it empty.
    let values = [
        ("email", email.as_str()),
        ("display_name", display_name.as_str()),
    ];
    finish_form("register", &values, result).await
}

#[server]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::i18n::Msg;
    use crate::server::context::{check_rate, db, finish_form, log_in};
    use crate::server::password::verify_password_blocking;
    use crate::server::rate_limit::Limit;

    let result = async {
        check_rate(Limit::Auth)?;
        let email_norm = super::rules::normalize_email(&email);
        let record = db()?.login_record(&email_norm).await?;
        // Verify against a throwaway hash when the account does not exist, so the response
        // time does not tell whether an email is registered.
        let (id, stored) = match record {
            Some((id, Some(hash))) => (Some(id), hash),
            _ => (None, dummy_hash().to_string()),
        };
        let ok = verify_password_blocking(password.clone(), stored).await;
        match (id, ok) {
            (Some(id), true) => {
                log_in(id).await?;
                leptos_axum::redirect(&super::safe_next(next.as_deref()));
                Ok(())
            }
            _ => Err(AppError::invalid("", Msg::ErrBadCredentials)),
        }
    }
    .await;
    finish_form("login", &[("email", email.as_str())], result).await
}

#[cfg(feature = "ssr")]
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| crate::server::password::hash_password("posvet-timing-equaliser"))
}

#[server]
pub async fn logout() -> Result<(), AppError> {
    crate::server::context::log_out().await?;
    leptos_axum::redirect("/");
    Ok(())
}
