//! The open-data API's content: public communities, consultations, ideas (with their counts
//! and status history), arguments and comments, as JSON documents described by an OpenAPI
//! schema (`utoipa`). The HTTP side (routes, CORS, ETags) is `server::api`. Nothing hidden,
//! and no author: the city publishes what was said and decided, not who said it.

pub mod rules;
pub mod service;

use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// A text in several languages: language code → text.
pub type Texts = BTreeMap<String, String>;

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Community {
    pub slug: String,
    pub name: Texts,
    /// Markdown.
    pub description: Texts,
    pub consultation_count: i64,
    #[schema(format = DateTime)]
    pub created_at: String,
    pub url: String,
}

/// A community with its consultations.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct CommunityDetail {
    pub slug: String,
    pub name: Texts,
    pub description: Texts,
    #[schema(format = DateTime)]
    pub created_at: String,
    pub url: String,
    pub consultations: Vec<Consultation>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Category {
    pub id: i64,
    pub name: Texts,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Consultation {
    pub id: i64,
    /// The community's slug.
    pub community: String,
    pub name: Texts,
    /// Markdown.
    pub description: Texts,
    /// What it takes now: `upcoming`, `proposals`, `voting` or `closed`.
    pub phase: String,
    #[schema(format = DateTime)]
    pub opens_at: String,
    #[schema(format = DateTime)]
    pub proposals_until: Option<String>,
    #[schema(format = DateTime)]
    pub voting_until: Option<String>,
    pub archived: bool,
    /// `ideas` (proposed, voted for or against) or `statements` (short, answered agree,
    /// disagree or pass; the ideas of the API are its statements).
    pub format: String,
    /// Public ideas.
    pub idea_count: i64,
    pub categories: Vec<Category>,
    #[schema(format = DateTime)]
    pub created_at: String,
    pub url: String,
}

/// An official answer: the status it gave the idea and its public message.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct StatusChange {
    pub status: String,
    pub message: String,
    #[schema(format = DateTime)]
    pub at: String,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Idea {
    pub id: i64,
    pub consultation_id: i64,
    pub title: String,
    /// Markdown.
    pub body: String,
    pub category_id: Option<i64>,
    /// `open`, `under_consideration`, `in_progress`, `adopted` or `rejected`.
    pub status: String,
    pub votes_for: i64,
    pub votes_against: i64,
    /// Public arguments.
    pub arguments_for: i64,
    pub arguments_against: i64,
    /// Public comments.
    pub comments: i64,
    /// Official answers, oldest first; the last gave the current status.
    pub status_history: Vec<StatusChange>,
    #[schema(format = DateTime)]
    pub created_at: String,
    /// The last edit of the title or text (the creation if never edited).
    #[schema(format = DateTime)]
    pub edited_at: String,
    pub url: String,
    /// Its pictures as Posvet re-encoded them (never the file uploaded), in their order.
    pub pictures: Vec<Picture>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Picture {
    /// A JPEG of at most 1600 × 1200 pixels.
    pub url: String,
    /// A JPEG of 480 × 320 pixels, cut from the middle.
    pub thumbnail_url: String,
    /// What it shows, as its author described it.
    pub alt: String,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Argument {
    pub id: i64,
    pub idea_id: i64,
    /// `for` or `against`.
    pub side: String,
    pub body: String,
    pub helpful: i64,
    pub not_helpful: i64,
    #[schema(format = DateTime)]
    pub created_at: String,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Comment {
    pub id: i64,
    pub idea_id: i64,
    /// The comment this one replies to (which may be hidden, and then not listed).
    pub reply_to: Option<i64>,
    /// Markdown.
    pub body: String,
    #[schema(format = DateTime)]
    pub created_at: String,
}

/// One of the city's measures: what it plans, how far it has got, the residents' ideas it
/// came from, its indicators with their readings, and its progress updates. A measure is
/// also an idea (its id is the idea's): votes, arguments and comments are read there.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Measure {
    pub id: i64,
    pub consultation_id: i64,
    pub parent_id: Option<i64>,
    pub title: String,
    /// Markdown.
    pub body: String,
    /// The city unit that carries it out.
    pub responsible: String,
    #[schema(format = Date)]
    pub starts_on: Option<String>,
    #[schema(format = Date)]
    pub ends_on: Option<String>,
    /// `proposed`, `planned`, `in_progress`, `done` or `dropped`.
    pub status: String,
    /// 0–100, from the indicators' readings and the sub-measures (null: nothing to say yet).
    pub progress_percent: Option<i64>,
    pub votes_for: i64,
    pub votes_against: i64,
    /// Ids of the public ideas it came from.
    pub source_ideas: Vec<i64>,
    pub indicators: Vec<Indicator>,
    /// Newest first.
    pub updates: Vec<ProgressUpdate>,
    pub url: String,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Indicator {
    pub id: i64,
    pub name: String,
    pub unit: String,
    pub baseline: f64,
    pub target: f64,
    #[schema(format = Date)]
    pub due_on: Option<String>,
    /// 0–100 by the latest reading (null without readings).
    pub progress_percent: Option<i64>,
    /// Oldest first.
    pub readings: Vec<Reading>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Reading {
    #[schema(format = Date)]
    pub taken_on: String,
    pub value: f64,
    pub note: String,
    pub source: String,
    /// Corrected after it was first published (the versions are on the measure's history page).
    pub corrected: bool,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ProgressUpdate {
    pub id: i64,
    /// Markdown.
    pub body: String,
    #[schema(format = DateTime)]
    pub at: String,
}

/// All the public measures of a community (a strategy has dozens: one list, not pages).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct MeasureList {
    pub items: Vec<Measure>,
}

/// A page of a list: `next_cursor` is null on the last page; otherwise pass it as `cursor`
/// for the next. (Concrete types: the schema names each list's items.)
macro_rules! page {
    ($name:ident, $item:ty) => {
        #[derive(Clone, Debug, Serialize, ToSchema)]
        pub struct $name {
            pub items: Vec<$item>,
            pub next_cursor: Option<String>,
        }
    };
}
page!(CommunityPage, Community);
page!(IdeaPage, Idea);
page!(ArgumentPage, Argument);
page!(CommentPage, Comment);

/// Why a request failed.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ApiError {
    /// `bad_request`, `not_found`, `rate_limited` or `unavailable`.
    pub error: String,
    pub message: String,
}

/// A consultation's opinion groups, as the results page shows them: how many people each
/// group has and how each group voted on each public idea. Never who is in which group.
/// Empty lists until there are two groups of at least five people.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct OpinionGroups {
    pub consultation: i64,
    /// When the groups were last computed from the votes (absent before the first time).
    #[schema(format = DateTime)]
    pub computed_at: Option<String>,
    /// People who voted, and of them those counted into groups (who voted on enough ideas).
    pub participants: i64,
    pub counted: i64,
    pub groups: Vec<OpinionGroup>,
    pub ideas: Vec<IdeaAcrossGroups>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct OpinionGroup {
    /// A, B, C, …: the group's label on the results page.
    pub group: String,
    pub size: i64,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct IdeaAcrossGroups {
    pub idea: i64,
    /// Group-informed consensus: the product over groups of (agrees + 1) / (votes + 2).
    pub consensus: f64,
    /// Each group's votes on the idea, in the order of `groups`; null where fewer than five
    /// of the group voted on it.
    pub groups: Vec<Option<GroupTally>>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct GroupTally {
    pub agree: i64,
    pub disagree: i64,
    /// Votes including passes.
    pub votes: i64,
}

/// A survey's results where its administrators made them public: per question, how many
/// answered and the counts, means and rankings the results page shows, and the text answers
/// they published. Never a response or who gave it; nothing at all while fewer people than
/// the survey's smallest cell have submitted.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct SurveyResults {
    pub survey: i64,
    pub consultation: i64,
    pub title: String,
    /// Submitted responses (drafts are never counted).
    pub respondents: i64,
    pub questions: Vec<SurveyQuestion>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct SurveyQuestion {
    pub question: i64,
    pub text: String,
    /// single, multiple, scale, matrix, ranking, number, short_text or long_text.
    pub kind: String,
    pub answered: i64,
    /// Choice and scale questions: people per answer (or point of the scale).
    pub counts: Vec<SurveyCount>,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    /// Ranking questions: Borda points and the average place, per answer.
    pub ranking: Vec<SurveyRank>,
    /// Matrix questions: per statement.
    pub rows: Vec<SurveyRow>,
    /// Text answers published by the administrators.
    pub published_texts: Vec<String>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct SurveyCount {
    pub answer: String,
    pub people: i64,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct SurveyRank {
    pub answer: String,
    pub points: i64,
    pub mean_place: f64,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct SurveyRow {
    pub statement: String,
    pub people: i64,
    pub mean: f64,
    pub median: f64,
}
