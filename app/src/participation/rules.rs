//! Taking part: the rules of registration questions and guest names, without I/O.

use crate::error::{AppError, Errors};
use crate::i18n::{Lang, Localized, Msg};
use serde::{Deserialize, Serialize};

pub const MAX_QUESTION_CHARS: usize = 200;
pub const MAX_OPTION_CHARS: usize = 100;
/// A statistics question is a short list to pick from (age groups, a city's districts).
pub const MIN_OPTIONS: usize = 2;
pub const MAX_OPTIONS: usize = 30;
/// Questions one consultation may ask: a few, so taking part stays quick.
pub const MAX_QUESTIONS: usize = 5;

/// A question as an administrator typed it: the answers one per line, per language.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionForm {
    pub question_sl: String,
    pub question_en: String,
    pub options_sl: String,
    pub options_en: String,
}

/// A checked question: its text and its answers, each per language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidQuestion {
    pub question: Localized,
    pub options: Vec<Localized>,
}

fn lines(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

/// Checks a new question. The Slovenian text and answers are required; the English ones are
/// optional, but if given there must be one for each Slovenian answer, in the same order (an
/// answer is stored as its place in the list, so both lists must mean the same).
pub fn validate_question(f: &QuestionForm) -> Result<ValidQuestion, AppError> {
    let mut errors = Errors::default();
    let (q_sl, q_en) = (f.question_sl.trim(), f.question_en.trim());
    errors.text(
        "question_sl",
        q_sl,
        MAX_QUESTION_CHARS,
        Msg::ErrQuestionTooLong,
    );
    errors.check(
        q_en.chars().count() <= MAX_QUESTION_CHARS,
        "question_en",
        Msg::ErrQuestionTooLong,
    );
    let (sl, en) = (lines(&f.options_sl), lines(&f.options_en));
    let short = |list: &[&str]| list.iter().all(|o| o.chars().count() <= MAX_OPTION_CHARS);
    errors.check(
        (MIN_OPTIONS..=MAX_OPTIONS).contains(&sl.len()),
        "options_sl",
        Msg::ErrOptionCount,
    );
    errors.check(short(&sl), "options_sl", Msg::ErrOptionTooLong);
    errors.check(short(&en), "options_en", Msg::ErrOptionTooLong);
    errors.check(
        en.is_empty() || en.len() == sl.len(),
        "options_en",
        Msg::ErrOptionsNotMatching,
    );
    errors.into_result(())?;
    let texts = |sl: &str, en: Option<&&str>| match en {
        Some(en) => Localized::new(&[(Lang::Sl, sl), (Lang::En, en)]),
        None => Localized::new(&[(Lang::Sl, sl)]),
    };
    Ok(ValidQuestion {
        question: texts(q_sl, Some(&q_en).filter(|q| !q.is_empty())),
        options: sl
            .iter()
            .enumerate()
            .map(|(i, o)| texts(o, en.get(i)))
            .collect(),
    })
}

/// An answer as the form sends it: "" for "I would rather not say", else the option's place.
/// Anything else no form of ours sends.
pub fn parse_choice(value: &str, options: usize) -> Result<Option<i64>, AppError> {
    match value.trim() {
        "" => Ok(None),
        v => match v.parse::<usize>() {
            Ok(i) if i < options => Ok(Some(i as i64)),
            _ => Err(AppError::BadRequest),
        },
    }
}

/// A guest's pseudonym: "Udeleženec 4821" / "Participant 4821", numbered at random so the
/// number says nothing about when the guest came.
pub fn guest_name(lang: Lang, number: u32) -> String {
    crate::i18n::tf(
        lang,
        Msg::GuestName,
        &[("number", &(1000 + number % 9000).to_string())],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(sl: &str, en: &str) -> QuestionForm {
        QuestionForm {
            question_sl: "Starost".into(),
            question_en: "Age group".into(),
            options_sl: sl.into(),
            options_en: en.into(),
        }
    }

    fn fields(r: Result<ValidQuestion, AppError>) -> Vec<(String, Msg)> {
        match r {
            Err(AppError::Validation(e)) => e.into_iter().map(|e| (e.field, e.msg)).collect(),
            other => panic!("expected errors, got {other:?}"),
        }
    }

    #[test]
    fn a_question_keeps_its_answers_in_order_in_both_languages() {
        let q = validate_question(&form("do 30\n\n 30–64 \n65 in več", "under 30\n30–64\n65+"))
            .unwrap();
        assert_eq!(q.question.get(Lang::En), "Age group");
        let sl: Vec<_> = q.options.iter().map(|o| o.get(Lang::Sl)).collect();
        let en: Vec<_> = q.options.iter().map(|o| o.get(Lang::En)).collect();
        assert_eq!(sl, ["do 30", "30–64", "65 in več"]);
        assert_eq!(en, ["under 30", "30–64", "65+"]);
        // Without English, English readers see the Slovenian text.
        let q = validate_question(&form("a\nb", "")).unwrap();
        assert_eq!(q.options[1].get(Lang::En), "b");
    }

    #[test]
    fn a_question_needs_its_text_two_answers_and_matching_translations() {
        let mut f = form("samo ena", "");
        f.question_sl = " ".into();
        assert_eq!(
            fields(validate_question(&f)),
            [
                ("question_sl".to_string(), Msg::ErrRequired),
                ("options_sl".to_string(), Msg::ErrOptionCount)
            ]
        );
        assert_eq!(
            fields(validate_question(&form("a\nb\nc", "a\nb"))),
            [("options_en".to_string(), Msg::ErrOptionsNotMatching)]
        );
        let long = "x".repeat(MAX_OPTION_CHARS + 1);
        assert_eq!(
            fields(validate_question(&form(&format!("a\n{long}"), ""))),
            [("options_sl".to_string(), Msg::ErrOptionTooLong)]
        );
    }

    #[test]
    fn a_choice_is_an_option_or_nothing() {
        assert_eq!(parse_choice("", 3).unwrap(), None);
        assert_eq!(parse_choice("2", 3).unwrap(), Some(2));
        for bad in ["3", "-1", "x", "1.0"] {
            assert!(
                matches!(parse_choice(bad, 3), Err(AppError::BadRequest)),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_guest_name_has_four_digits() {
        assert_eq!(guest_name(Lang::En, 0), "Participant 1000");
        assert_eq!(guest_name(Lang::Sl, 8999), "Udeleženec 9999");
        assert_eq!(guest_name(Lang::En, 9000), "Participant 1000");
    }
}
