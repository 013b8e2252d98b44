//! What a statement may be.

use crate::error::{AppError, Errors};
use crate::i18n::Msg;

/// As in Pol.is: short enough to read and answer in a moment on a phone.
pub const MAX_STATEMENT_CHARS: usize = 140;

/// A statement is one line: runs of spaces and line breaks become one space. Required, at
/// most `MAX_STATEMENT_CHARS` characters; an error names `field` (the form's).
pub fn validate_statement(field: &str, typed: &str) -> Result<String, AppError> {
    let text = typed.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut errors = Errors::default();
    errors.text(field, &text, MAX_STATEMENT_CHARS, Msg::ErrStatementTooLong);
    errors.into_result(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_statement_is_one_line_of_at_most_140_characters() {
        assert_eq!(
            validate_statement("text", "  Več  dreves\nob Ljubljanici. ").unwrap(),
            "Več dreves ob Ljubljanici."
        );
        // Characters as a person counts them: 140 letters with diacritics pass.
        assert!(validate_statement("text", &"č".repeat(140)).is_ok());
        let too_long = validate_statement("text", &"č".repeat(141)).unwrap_err();
        assert_eq!(too_long.form_errors()[0].field, "text");
        assert_eq!(too_long.form_errors()[0].msg, Msg::ErrStatementTooLong);
        let empty = validate_statement("text", " \n ").unwrap_err();
        assert_eq!(empty.form_errors()[0].msg, Msg::ErrRequired);
    }
}
