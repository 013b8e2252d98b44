//! What makes an argument acceptable.

use crate::error::{AppError, Errors};
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

pub const MAX_ARGUMENT_CHARS: usize = 500;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Side {
    For,
    Against,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::For => "for",
            Side::Against => "against",
        }
    }

    pub fn parse(s: &str) -> Result<Side, AppError> {
        match s {
            "for" => Ok(Side::For),
            "against" => Ok(Side::Against),
            _ => Err(AppError::invalid("side", Msg::ErrSideInvalid)),
        }
    }
}

/// Trims the text and checks its length (in characters, as a person counts them).
pub fn validate_argument(body: &str) -> Result<String, AppError> {
    let body = body.trim();
    let mut errors = Errors::default();
    errors.text("body", body, MAX_ARGUMENT_CHARS, Msg::ErrArgumentTooLong);
    errors.into_result(body.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_trimmed_and_limited_to_500_characters() {
        assert_eq!(
            validate_argument("  Yes, because.  ").unwrap(),
            "Yes, because."
        );
        assert!(validate_argument("   ").is_err());
        // 500 two-byte characters are fine: the limit counts characters, not bytes.
        assert!(validate_argument(&"č".repeat(500)).is_ok());
        let err = validate_argument(&"a".repeat(501)).unwrap_err();
        assert_eq!(err.form_errors()[0].msg, Msg::ErrArgumentTooLong);
    }

    #[test]
    fn only_for_and_against_are_sides() {
        assert_eq!(Side::parse("for").unwrap(), Side::For);
        assert_eq!(Side::parse("against").unwrap(), Side::Against);
        assert!(Side::parse("maybe").is_err());
    }
}
