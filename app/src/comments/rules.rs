//! What makes a comment acceptable.

use crate::error::{AppError, Errors};
use crate::i18n::Msg;

pub const MAX_COMMENT_CHARS: usize = 2000;

pub fn validate_comment(body: &str) -> Result<String, AppError> {
    let body = body.trim();
    let mut errors = Errors::default();
    errors.text("body", body, MAX_COMMENT_CHARS, Msg::ErrCommentTooLong);
    errors.into_result(body.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_required_and_limited() {
        assert_eq!(validate_comment(" Good point ").unwrap(), "Good point");
        assert!(validate_comment("").is_err());
        assert!(validate_comment(&"x".repeat(2000)).is_ok());
        assert!(validate_comment(&"x".repeat(2001)).is_err());
    }
}
