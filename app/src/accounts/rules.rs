//! What a valid account is.

use crate::error::{AppError, Errors};
use crate::i18n::Msg;

pub const MIN_PASSWORD_CHARS: usize = 12;
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
    check_new_password(&mut errors, "password", password);
    errors.into_result(ValidRegistration {
        email,
        display_name: display_name.to_string(),
        password: password.to_string(),
    })
}

/// A new password: 12 characters or more, and not a common one. No other composition rules
/// (NIST SP 800-63B): length and a blocklist stop guessing; required digits and signs do not.
pub fn check_new_password(errors: &mut Errors, field: &str, password: &str) {
    let len = password.chars().count();
    if len < MIN_PASSWORD_CHARS {
        errors.add(field, Msg::ErrPasswordTooShort);
    } else if len > MAX_PASSWORD_CHARS {
        errors.add(field, Msg::ErrPasswordTooLong);
    } else if is_common_password(password) {
        errors.add(field, Msg::ErrPasswordCommon);
    }
}

/// Whether a password is on the shipped list of common ones, also with digits and signs added
/// at either end ("Password2024!"), or is one key repeated or a run along the keyboard or the
/// digits. The list is compiled into the server only, never into the browser's bundle.
#[cfg(feature = "ssr")]
pub fn is_common_password(password: &str) -> bool {
    use std::collections::HashSet;
    use std::sync::OnceLock;
    static COMMON: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let common = COMMON.get_or_init(|| {
        include_str!("common-passwords.txt")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect()
    });
    let lower = password.to_lowercase();
    let core = lower.trim_matches(|c: char| !c.is_alphabetic());
    let mut chars = lower.chars();
    let first = chars.next();
    let one_key = chars.all(|c| Some(c) == first);
    let run = [
        "01234567890123456789",
        "98765432109876543210",
        "qwertyuiopasdfghjklzxcvbnm",
    ]
    .iter()
    .any(|r| r.contains(lower.as_str()));
    one_key || run || common.contains(lower.as_str()) || common.contains(core)
}

/// The browser never decides this; the server checks again anyway.
#[cfg(not(feature = "ssr"))]
pub fn is_common_password(_password: &str) -> bool {
    false
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
    #[cfg(feature = "ssr")]
    fn common_passwords_are_refused_also_dressed_up() {
        for common in [
            "qwerty123456",
            "Password2024!",
            "1234ljubljana2023",
            "aaaaaaaaaaaaaa",
            "123456789012",
            "GESLO12345678",
        ] {
            assert!(is_common_password(common), "{common}");
        }
        for fine in [
            "correct horse battery",
            "posvet-demo-2023",
            "mačka na strehi",
        ] {
            assert!(!is_common_password(fine), "{fine}");
        }
        let mut errors = Errors::default();
        check_new_password(&mut errors, "password", "Password2024!");
        let err = errors.into_result(()).unwrap_err();
        assert_eq!(err.form_errors()[0].msg, Msg::ErrPasswordCommon);
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
