//! Statements: a consultation of short statements (Pol.is's format), which residents answer
//! agree / disagree / pass one at a time and may add to. A statement is stored as an idea of
//! a consultation whose format is 'statements' (its text in the title, no description), so
//! moderation, search, exports, results and the opinion groups serve it unchanged; an answer
//! is a vote, a pass one of 0.

#[cfg(feature = "hydrate")]
mod enhance;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod polis;
pub mod rules;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    pub id: i64,
    pub text: String,
}

/// Where a person stands in a consultation's statements: what the deck shows, and what an
/// answer sent from it returns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Deck {
    pub consultation_id: i64,
    /// The next statement the person has not answered; `None` when none is left.
    pub next: Option<Statement>,
    /// How many of the visible statements the person answered, and how many there are.
    pub answered: i64,
    pub total: i64,
}

/// The statements page of a consultation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatementsView {
    pub consultation: crate::consultations::ConsultationCard,
    pub community_slug: String,
    pub community_name: String,
    pub deck: Deck,
    /// The reader may answer now (signed in, while the consultation takes votes).
    pub can_answer: bool,
    /// The reader may add a statement now (signed in, while it takes proposals).
    pub can_add: bool,
    /// New statements wait for a moderator before anyone sees them.
    pub premoderation: bool,
    pub signed_in: bool,
    /// Taking part without an account, the statistics questions, or why a guest cannot.
    pub taking: crate::participation::TakingPart,
    pub flash: Option<crate::form::Flash>,
}
