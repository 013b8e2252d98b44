//! Taking part: who may take part in a consultation (signed-in people only, or guests too),
//! guest accounts bound to one browser and making them full accounts, and the optional
//! questions a consultation asks its participants for statistics (district, age group), which
//! leave the database only summed up.

pub mod pages;
pub mod rules;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

/// A registration question in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: i64,
    pub text: String,
    pub options: Vec<String>,
}

/// A question on the consultation's settings page: both languages, and how many answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionSettings {
    pub question: Question,
    pub answers: i64,
}

/// What a consultation's page offers about taking part, for the person reading it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TakingPart {
    /// Guests take part here too.
    pub guests_welcome: bool,
    /// The reader is a guest and this consultation takes full accounts only.
    pub account_needed: bool,
    /// Questions the reader is asked: all of them when not signed in (with "take part
    /// without an account"), or those not answered yet by someone signed in.
    pub questions: Vec<Question>,
}
