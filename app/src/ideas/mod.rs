//! Ideas: the consultation page's cards, the idea page, and the form to post or edit one.

pub mod answers;
pub mod pages;
pub mod rules;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod service;
pub mod view;

use crate::arguments::ArgumentView;
use crate::comments::CommentView;
use crate::form::Flash;
use crate::votes::Tally;
use rules::Status;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IdeaCard {
    pub id: i64,
    pub title: String,
    pub excerpt: String,
    pub category: Option<String>,
    pub status: Status,
    pub tally: Tally,
    pub argument_count: i64,
    pub comment_count: i64,
    pub author_name: String,
    pub created_at: i64,
    /// One of the city's measures (not a resident's idea).
    pub measure: bool,
    /// Its first picture, shown small.
    pub picture: Option<crate::pictures::CardPicture>,
    /// The name of its area.
    pub area: Option<String>,
}

#[cfg(feature = "ssr")]
impl IdeaCard {
    /// A stored idea as its card shows it to a reader of `lang`.
    pub fn from_row(lang: crate::i18n::Lang, r: crate::server::db::IdeaCardRow) -> IdeaCard {
        IdeaCard {
            id: r.id,
            title: r.title,
            excerpt: r.excerpt,
            category: r.category.map(|c| crate::i18n::Localized::pick(&c, lang)),
            status: Status::parse(&r.status),
            tally: Tally::from_counts(r.up_count, r.down_count, r.my_vote),
            argument_count: r.argument_count,
            comment_count: r.comment_count,
            author_name: r.author_name,
            created_at: r.created_at,
            measure: r.kind == "measure",
            picture: r
                .picture_id
                .zip(r.picture_alt)
                .map(|(id, alt)| crate::pictures::CardPicture { id, alt }),
            area: r.area_name,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IdeaView {
    pub id: i64,
    pub consultation_id: i64,
    pub consultation_name: String,
    pub community_slug: String,
    pub community_name: String,
    pub title: String,
    /// The description's first sentences as plain text (for the page's meta description).
    pub excerpt: String,
    /// Sanitised HTML from the Markdown description (see `server::markdown`).
    pub body_html: String,
    pub category: Option<String>,
    pub status: Status,
    /// Every official answer, oldest first.
    pub answers: Vec<StatusChange>,
    /// The viewer may answer (an administrator of the community).
    pub can_answer: bool,
    /// Whether the signed-in viewer hears about this idea (`None` when not signed in).
    pub following: Option<bool>,
    pub author_name: String,
    pub created_at: i64,
    pub tally: Tally,
    pub can_edit: bool,
    /// The consultation's phase and when it ends.
    pub phase: crate::consultations::rules::Phase,
    pub phase_ends: Option<i64>,
    /// A statement (its consultation's format): answered agree / disagree.
    pub statement: bool,
    pub signed_in: bool,
    /// What the viewer may do about the page's content (report, moderate).
    pub rights: crate::moderation::Rights,
    /// Set when the viewer is banned in this community: why and until when.
    pub ban: Option<crate::moderation::BanNotice>,
    /// Written by the viewer.
    pub mine: bool,
    /// Set when the idea is hidden; then its text reaches only its author and the moderators.
    pub hidden: Option<crate::moderation::Hidden>,
    /// When the text was changed after people had voted on or argued about it.
    pub edited_at: Option<i64>,
    pub arguments: Vec<ArgumentView>,
    pub comments: Vec<CommentView>,
    /// Set when this is one of the city's measures: its status, indicators, updates, sources.
    pub measure: Option<crate::measures::MeasurePanel>,
    /// The measures a resident's idea led to.
    pub led_to: Vec<crate::measures::MeasureLink>,
    /// Its pictures, and whether the viewer may add or remove them.
    pub pictures: crate::pictures::Pictures,
    /// Its area (and point) when it names one.
    pub place: Option<crate::places::PlaceView>,
    /// The idea is hidden from this viewer: the page shows only that, and why (410 Gone).
    pub withheld: bool,
    pub flash: Option<Flash>,
}

/// What the new/edit idea form needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IdeaFormView {
    pub consultation_id: i64,
    pub consultation_name: String,
    /// Set when editing an existing idea.
    pub idea_id: Option<i64>,
    pub draft: rules::IdeaDraft,
    pub categories: Vec<(i64, String)>,
    /// The community's areas to choose from (none: the form asks for no place).
    pub areas: crate::places::AreaChoice,
    /// Ideas like the draft, once the author asked for them (`None` before).
    pub similar: Option<Vec<crate::search::SimilarIdea>>,
    pub flash: Option<Flash>,
}

/// The flash key of the idea form: an edit names its idea and a new idea its consultation, so a
/// failed edit of one idea never pre-fills the form of another.
pub fn form_key(idea_id: Option<i64>, consultation_id: i64) -> String {
    match idea_id {
        Some(id) => format!("idea-{id}"),
        None => format!("idea-new-{consultation_id}"),
    }
}

/// An idea's earlier versions (kept once people had voted on or argued about it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IdeaHistoryView {
    pub id: i64,
    pub title: String,
    /// Newest first: the version's title, its description as sanitised HTML, who replaced it
    /// and when.
    pub revisions: Vec<Revision>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    pub title: String,
    pub body_html: String,
    pub replaced_by: String,
    pub replaced_at: i64,
}

/// The official-answers page of a consultation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswersView {
    pub consultation_id: i64,
    pub consultation_name: String,
    pub community_slug: String,
    pub community_name: String,
    pub ideas: Vec<IdeaCard>,
    pub page: i64,
    pub pages: i64,
    pub flash: Option<Flash>,
}

/// One official answer in an idea's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatusChange {
    pub status: Status,
    pub message: String,
    pub created_at: i64,
}
