//! What a valid account is.

use crate::error::{AppError, Errors};
use crate::i18n::Msg;

pub const MIN_PASSWORD_CHARS: usize = 10;
pub const MAX_PASSWORD_CHARS: usize = 200;
pub const MAX_NAME_CHARS: usize = 40;
pub const MAX_EMAIL_CHARS: usize = 254;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidRegistration {
    pub email: String,
    pub display_name: String,
    pub password: String,
}

/// Emails are compared in lower case so one person cannot register twice by capitalisation.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A pragmatic check: one `@`, something on each side, a dot in the domain, no spaces.
/// Whether the address really exists is for a confirmation email to find out.
pub fn is_plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(char::is_whitespace)
        && email.len() <= MAX_EMAIL_CHARS
}

pub fn validate_registration(
    email: &str,
    display_name: &str,
    password: &str,
) -> Result<ValidRegistration, AppError> {
    let email = normalize_email(email);
    let display_name = display_name.trim();
    let mut errors = Errors::default();
    if email.is_empty() {
        errors.add("email", Msg::ErrRequired);
    } else {
        errors.check(is_plausible_email(&email), "email", Msg::ErrEmailInvalid);
    }
    errors.text(
        "display_name",
        display_name,
        MAX_NAME_CHARS,
        Msg::ErrNameTooLong,
    );
    let len = password.chars().count();
    errors.check(
        len >= MIN_PASSWORD_CHARS,
        "password",
        Msg::ErrPasswordTooShort,
    );
    errors.check(
        len <= MAX_PASSWORD_CHARS,
        "password",
        Msg::ErrPasswordTooLong,
    );
    errors.into_result(ValidRegistration {
        email,
        display_name: display_name.to_string(),
        password: password.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registration_normalises_email_and_name() {
        let r = validate_registration(" Ana@Example.ORG ", " Ana ", "correct horse").unwrap();
        assert_eq!(r.email, "ana@example.org");
        assert_eq!(r.display_name, "Ana");
    }

    #[test]
    fn registration_reports_each_field() {
        let err = validate_registration("not-an-email", "", "short").unwrap_err();
        let fields: Vec<_> = err.form_errors().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["email", "display_name", "password"]);
    }

    #[test]
    fn emails_need_a_domain_with_a_dot() {
        assert!(is_plausible_email("a@b.si"));
        assert!(!is_plausible_email("a@b"));
        assert!(!is_plausible_email("@b.si"));
        assert!(!is_plausible_email("a b@c.si"));
        assert!(!is_plausible_email("a@@b.si"));
    }
}
