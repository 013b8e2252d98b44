//! Rules for ideas: what a valid idea is, who may edit it, how lists are sorted and paged.

use crate::error::{AppError, Errors};
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

pub const MAX_TITLE_CHARS: usize = 60;
pub const MAX_DESCRIPTION_CHARS: usize = 10_000;
pub const IDEAS_PER_PAGE: i64 = 20;

/// What a person typed into the idea form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdeaDraft {
    pub title: String,
    pub body: String,
    /// The `<select>` value: "" for no category, otherwise a category id.
    pub category: String,
    /// The area's `<select>` value: "" for none, otherwise an area id.
    #[serde(default)]
    pub area: String,
    /// The point marked on the map, "longitude,latitude", or "".
    #[serde(default)]
    pub point: String,
}

/// A draft that passed validation.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidIdea {
    pub title: String,
    pub body: String,
    pub category_id: Option<i64>,
    /// Its place (checked against the community's areas by the service).
    pub area_id: Option<i64>,
    pub point: Option<[f64; 2]>,
}

/// Checks every field at once, so the person sees all problems in one round.
pub fn validate_idea(draft: &IdeaDraft, categories: &[i64]) -> Result<ValidIdea, AppError> {
    let title = draft.title.trim();
    let body = draft.body.trim();
    let mut errors = Errors::default();
    errors.text("title", title, MAX_TITLE_CHARS, Msg::ErrTitleTooLong);
    errors.text(
        "body",
        body,
        MAX_DESCRIPTION_CHARS,
        Msg::ErrDescriptionTooLong,
    );
    let category_id = match draft.category.trim() {
        "" => None,
        raw => match raw.parse::<i64>() {
            Ok(id) if categories.contains(&id) => Some(id),
            _ => {
                errors.add("category", Msg::ErrCategoryInvalid);
                None
            }
        },
    };
    errors.into_result(ValidIdea {
        title: title.to_string(),
        body: body.to_string(),
        category_id,
        area_id: None,
        point: None,
    })
}

/// What the city did with an idea.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    Open,
    UnderConsideration,
    InProgress,
    Adopted,
    Rejected,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Open,
        Status::UnderConsideration,
        Status::InProgress,
        Status::Adopted,
        Status::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::UnderConsideration => "under_consideration",
            Status::InProgress => "in_progress",
            Status::Adopted => "adopted",
            Status::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Status {
        match s {
            "under_consideration" => Status::UnderConsideration,
            "in_progress" => Status::InProgress,
            "adopted" => Status::Adopted,
            "rejected" => Status::Rejected,
            _ => Status::Open,
        }
    }

    pub fn label(self) -> Msg {
        match self {
            Status::Open => Msg::StatusOpen,
            Status::UnderConsideration => Msg::StatusUnderConsideration,
            Status::InProgress => Msg::StatusInProgress,
            Status::Adopted => Msg::StatusAdopted,
            Status::Rejected => Msg::StatusRejected,
        }
    }
}

/// The longest public message of an official answer.
pub const MAX_ANSWER_CHARS: usize = 2000;

/// An official answer as the form sent it: a known status and a public message (required:
/// residents are owed a reason, whatever the decision).
pub fn validate_answer(status: &str, message: &str) -> Result<(Status, String), AppError> {
    let status = Status::ALL.into_iter().find(|s| s.as_str() == status);
    let message = message.trim();
    let mut errors = Errors::default();
    errors.check(status.is_some(), "status", Msg::ErrChooseStatus);
    errors.text("message", message, MAX_ANSWER_CHARS, Msg::ErrAnswerTooLong);
    errors.into_result((status.unwrap_or(Status::Open), message.to_string()))
}

/// Orders of the idea list on a consultation page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Sort {
    /// Random, but stable for one visitor's seed so that paging neither repeats nor skips.
    #[default]
    Random,
    Top,
    New,
    Debated,
    /// By group-informed consensus: what every opinion group agrees with first.
    CommonGround,
}

impl Sort {
    pub const ALL: [Sort; 5] = [
        Sort::Random,
        Sort::Top,
        Sort::New,
        Sort::Debated,
        Sort::CommonGround,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Random => "random",
            Sort::Top => "top",
            Sort::New => "new",
            Sort::Debated => "debated",
            Sort::CommonGround => "common-ground",
        }
    }

    /// Unknown values fall back to the default rather than failing the page.
    pub fn parse(s: &str) -> Sort {
        Sort::ALL
            .into_iter()
            .find(|o| o.as_str() == s)
            .unwrap_or_default()
    }

    pub fn label(self) -> Msg {
        match self {
            Sort::Random => Msg::SortRandom,
            Sort::Top => Msg::SortTop,
            Sort::New => Msg::SortNew,
            Sort::Debated => Msg::SortDebated,
            Sort::CommonGround => Msg::SortCommonGround,
        }
    }
}

/// A page number from the query string: missing, malformed, zero or negative means 1,
/// and absurdly large numbers are capped so OFFSET stays meaningful.
pub fn parse_page(raw: Option<&str>) -> i64 {
    raw.and_then(|p| p.trim().parse::<i64>().ok())
        .unwrap_or(1)
        .clamp(1, 1_000_000)
}

/// A random-order seed from the query string, kept within what the SQL expects.
pub fn parse_seed(raw: Option<&str>) -> Option<i64> {
    raw.and_then(|s| s.trim().parse::<i64>().ok())
        .map(|s| s.rem_euclid(SEED_MODULUS))
}

pub const SEED_MODULUS: i64 = 1_000_003;

/// The prime modulus of the random order (2^31 − 1).
pub const RANDOM_PRIME: i64 = 2_147_483_647;

/// The multiplier that turns a seed into a permutation: ideas are ordered by
/// `id × multiplier mod RANDOM_PRIME`. A different multiplier is a different stride through
/// the ids, so different seeds give genuinely different orders, while one seed always gives
/// the same order (stable paging). Never 0, so no two ids collide.
pub fn random_multiplier(seed: i64) -> i64 {
    1 + (seed.rem_euclid(SEED_MODULUS) * 2_654_435_761).rem_euclid(RANDOM_PRIME - 1)
}

pub fn page_count(total: i64) -> i64 {
    ((total + IDEAS_PER_PAGE - 1) / IDEAS_PER_PAGE).max(1)
}

/// A plain-text excerpt: the first `max` characters, cut at a word boundary.
pub fn excerpt(plain: &str, max: usize) -> String {
    let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    if plain.chars().count() <= max {
        return plain;
    }
    let cut: String = plain.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_needs_a_known_status_and_a_message() {
        assert_eq!(
            validate_answer("adopted", "  Part of measure 2.1. "),
            Ok((Status::Adopted, "Part of measure 2.1.".to_string()))
        );
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), s);
            assert!(validate_answer(s.as_str(), "Why").is_ok());
        }
        let fields = |r: Result<_, AppError>| match r {
            Err(AppError::Validation(e)) => e.into_iter().map(|e| e.field).collect::<Vec<_>>(),
            _ => vec![],
        };
        assert_eq!(fields(validate_answer("done", "Why")), ["status"]);
        assert_eq!(fields(validate_answer("adopted", "   ")), ["message"]);
        let long = "x".repeat(MAX_ANSWER_CHARS + 1);
        assert_eq!(fields(validate_answer("adopted", &long)), ["message"]);
    }

    fn draft(title: &str, body: &str, category: &str) -> IdeaDraft {
        IdeaDraft {
            title: title.into(),
            body: body.into(),
            category: category.into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_draft_is_trimmed() {
        let v = validate_idea(&draft("  Open bus data ", " Publish it. ", "3"), &[3]).unwrap();
        assert_eq!(v.title, "Open bus data");
        assert_eq!(v.body, "Publish it.");
        assert_eq!(v.category_id, Some(3));
        assert_eq!(
            validate_idea(&draft("T", "B", ""), &[])
                .unwrap()
                .category_id,
            None
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let err = validate_idea(&draft("", "", "99"), &[1, 2]).unwrap_err();
        let errors = err.form_errors();
        let fields: Vec<_> = errors.iter().map(|e| (e.field.as_str(), e.msg)).collect();
        assert_eq!(
            fields,
            vec![
                ("title", Msg::ErrRequired),
                ("body", Msg::ErrRequired),
                ("category", Msg::ErrCategoryInvalid)
            ]
        );
    }

    #[test]
    fn title_limit_counts_characters_not_bytes() {
        assert!(validate_idea(&draft(&"ž".repeat(60), "b", ""), &[]).is_ok());
        let err = validate_idea(&draft(&"a".repeat(61), "b", ""), &[]).unwrap_err();
        assert_eq!(err.form_errors()[0].msg, Msg::ErrTitleTooLong);
    }

    #[test]
    fn hostile_page_numbers_become_sane() {
        assert_eq!(parse_page(None), 1);
        assert_eq!(parse_page(Some("-5")), 1);
        assert_eq!(parse_page(Some("0")), 1);
        assert_eq!(parse_page(Some("abc")), 1);
        assert_eq!(parse_page(Some("3")), 3);
        assert_eq!(parse_page(Some("99999999999999999999")), 1);
        assert_eq!(parse_page(Some("9223372036854775807")), 1_000_000);
    }

    #[test]
    fn sorts_round_trip_and_default_to_random() {
        for s in Sort::ALL {
            assert_eq!(Sort::parse(s.as_str()), s);
        }
        assert_eq!(Sort::parse("'; DROP TABLE ideas"), Sort::Random);
    }

    #[test]
    fn seeds_stay_in_range() {
        assert_eq!(parse_seed(Some("-1")), Some(SEED_MODULUS - 1));
        assert_eq!(parse_seed(Some("x")), None);
    }

    #[test]
    fn random_multipliers_are_in_range_and_differ() {
        for seed in [0, 1, 2, 999_999, -5, i64::MAX] {
            let m = random_multiplier(seed);
            assert!((1..RANDOM_PRIME).contains(&m));
        }
        assert_ne!(random_multiplier(1), random_multiplier(2));
    }

    #[test]
    fn pages_are_counted_up() {
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(20), 1);
        assert_eq!(page_count(21), 2);
    }

    #[test]
    fn excerpts_cut_at_a_word() {
        assert_eq!(excerpt("short   text", 50), "short text");
        assert_eq!(excerpt("one two three four five", 12), "one two…");
    }
}
