//! Surveys inside a consultation: an administrator builds one (questions of eight kinds on
//! pages, in both languages, a question shown only after a given earlier answer), residents
//! answer it page by page (one response each, a draft until submitted, editable while it is
//! open), and its results are counted from submitted responses only, broken down by the
//! consultation's statistics questions with small cells suppressed.

pub mod build;
#[cfg(feature = "ssr")]
pub mod export;
pub mod pages;
pub mod results;
pub mod rules;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod service;
pub mod tally;

use crate::i18n::{Lang, Localized, Msg};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    /// One option (radio buttons, or a dropdown), optionally "other, please say".
    Single,
    /// Several options, optionally at most so many, optionally "other".
    Multiple,
    /// One whole number on a scale with labelled ends (1–5, 0–10).
    Scale,
    /// Several statements, each on the same scale.
    Matrix,
    /// The options put in order.
    Ranking,
    /// A number, optionally within a range.
    Number,
    ShortText,
    LongText,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Single,
        Kind::Multiple,
        Kind::Scale,
        Kind::Matrix,
        Kind::Ranking,
        Kind::Number,
        Kind::ShortText,
        Kind::LongText,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Single => "single",
            Kind::Multiple => "multiple",
            Kind::Scale => "scale",
            Kind::Matrix => "matrix",
            Kind::Ranking => "ranking",
            Kind::Number => "number",
            Kind::ShortText => "short_text",
            Kind::LongText => "long_text",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> Msg {
        match self {
            Kind::Single => Msg::KindSingle,
            Kind::Multiple => Msg::KindMultiple,
            Kind::Scale => Msg::KindScale,
            Kind::Matrix => Msg::KindMatrix,
            Kind::Ranking => Msg::KindRanking,
            Kind::Number => Msg::KindNumber,
            Kind::ShortText => Msg::KindShortText,
            Kind::LongText => Msg::KindLongText,
        }
    }

    /// Answered by choosing among options (which the settings list).
    pub fn has_options(self) -> bool {
        matches!(self, Kind::Single | Kind::Multiple | Kind::Ranking)
    }

    /// Answered on a scale from `min` to `max` with end labels.
    pub fn has_scale(self) -> bool {
        matches!(self, Kind::Scale | Kind::Matrix)
    }

    pub fn is_text(self) -> bool {
        matches!(self, Kind::ShortText | Kind::LongText)
    }
}

/// A question's settings, as far as its kind has them (stored as JSON).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Spec {
    pub options: Vec<Localized>,
    /// Choice questions: "other, please say" after the options.
    pub other: bool,
    /// Single choice: a dropdown rather than radio buttons (for long lists).
    pub dropdown: bool,
    /// Multiple choice: at most this many.
    pub max_choices: Option<usize>,
    /// Matrix: the statements, each answered on the scale.
    pub rows: Vec<Localized>,
    /// Scale and matrix: the ends (required); number: the range (optional).
    pub min: Option<i64>,
    pub max: Option<i64>,
    /// Scale and matrix: what the ends mean ("not at all", "very much").
    pub low: Localized,
    pub high: Localized,
}

/// A question with its texts in every language it was written in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: i64,
    pub page: usize,
    pub kind: Kind,
    pub required: bool,
    pub text: Localized,
    pub spec: Spec,
    /// Shown only when the answer to this (single-choice, earlier page) question is one of
    /// these options.
    pub shown_if: Option<Condition>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub question: i64,
    pub options: Vec<usize>,
}

impl Question {
    /// The options' texts in `lang`, in order.
    pub fn options(&self, lang: Lang) -> Vec<String> {
        self.spec
            .options
            .iter()
            .map(|o| o.get(lang).to_string())
            .collect()
    }

    /// The scale's points, lowest first.
    pub fn scale(&self) -> std::ops::RangeInclusive<i64> {
        self.spec.min.unwrap_or(1)..=self.spec.max.unwrap_or(5)
    }
}

/// One person's answer to one question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    /// Single choice: the option's place.
    Choice(usize),
    /// Single choice: "other", and what.
    Other(String),
    /// Multiple choice: the options' places, and "other" if chosen.
    Choices(Vec<usize>, Option<String>),
    /// Scale or number.
    Value(f64),
    /// Matrix: a point of the scale per row (None: that row not answered).
    Rows(Vec<Option<i64>>),
    /// Ranking: the options' places, first choice first.
    Order(Vec<usize>),
    Text(String),
}

/// Where a person stands with a survey.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Progress {
    NotStarted,
    /// Saved pages, not submitted: counted nowhere.
    Draft,
    Submitted,
}

/// A survey as a consultation's page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurveyCard {
    pub id: i64,
    pub title: String,
    pub open: bool,
    pub closes_at: Option<i64>,
    pub progress: Progress,
    /// The reader may see the results (public, or they run the consultation).
    pub results: bool,
    /// The reader builds it.
    pub manage: bool,
}

/// What every survey page shows at the top.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurveyHead {
    pub id: i64,
    pub consultation_id: i64,
    pub consultation_name: String,
    pub community_slug: String,
    pub community_name: String,
    pub title: String,
    pub description_html: String,
    /// Takes answers now.
    pub open: bool,
    pub opens_at: Option<i64>,
    pub closes_at: Option<i64>,
    pub pages: usize,
    pub results_public: bool,
    /// The reader builds it and reads its results whatever their setting.
    pub can_manage: bool,
}

/// The answering page: one page of questions, or (page `pages + 1`) the answers to check and
/// submit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurveyView {
    pub head: SurveyHead,
    pub page: usize,
    /// This page's questions the person is shown (conditions applied).
    pub questions: Vec<Question>,
    /// The person's saved answers (question id, answer).
    pub answers: Vec<(i64, Answer)>,
    pub progress: Progress,
    pub submitted_at: Option<i64>,
    pub can_answer: bool,
    pub signed_in: bool,
    pub taking: crate::participation::TakingPart,
    /// The check-your-answers page: each page's shown questions with the answers.
    pub review: Vec<(usize, Vec<Question>)>,
    pub flash: Option<crate::form::Flash>,
}

/// The page where administrators build a survey.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BuildView {
    pub head: SurveyHead,
    pub title: Localized,
    pub description: Localized,
    /// Dates as typed in the form (`YYYY-MM-DD`), "" when not set.
    pub opens_on: String,
    pub closes_on: String,
    pub min_cell: i64,
    pub questions: Vec<Question>,
    /// Answers exist: questions keep their meaning (texts change, options are added).
    pub locked: bool,
    pub drafts: i64,
    pub submitted: i64,
    /// The question being edited (`?edit=`), if any.
    pub editing: Option<Question>,
    pub flash: Option<crate::form::Flash>,
}

/// A consultation's surveys, for its page and its administrators.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurveysView {
    pub consultation_id: i64,
    pub consultation_name: String,
    pub community_slug: String,
    pub community_name: String,
    pub surveys: Vec<SurveyCard>,
    pub can_manage: bool,
    pub flash: Option<crate::form::Flash>,
}
