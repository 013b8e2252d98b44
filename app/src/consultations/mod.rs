//! Communities and their consultations ("consultations"): the home, community and consultation pages.

#[cfg(feature = "ssr")]
pub mod cover;
pub mod pages;
pub mod rules;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod service;
pub mod settings;
pub mod view;

use crate::ideas::rules::Sort;
use crate::ideas::IdeaCard;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommunityCard {
    pub slug: String,
    pub name: String,
    /// The description as plain text (cards, meta description) and as HTML (its own page).
    pub description: String,
    pub description_html: String,
    pub consultation_count: i64,
    pub idea_count: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConsultationCard {
    pub id: i64,
    pub name: String,
    /// The description as plain text (cards, meta description) and as HTML (its own page).
    pub description: String,
    pub description_html: String,
    pub archived: bool,
    pub idea_count: i64,
    /// The phase when the page was made, and when it ends.
    pub phase: rules::Phase,
    pub phase_ends: Option<i64>,
    /// The dates the phases change on (the step indicator shows them).
    pub opens_at: i64,
    pub proposals_until: Option<i64>,
    pub voting_until: Option<i64>,
    pub cover: Option<CoverImage>,
    /// Short statements voted agree / disagree / pass, one at a time (Pol.is's format).
    pub statements: bool,
}

/// A category as its settings form shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CategorySettings {
    pub id: i64,
    pub name_sl: String,
    pub name_en: String,
    pub position: i64,
}

/// A consultation's cover picture, where it is and how large (so the page does not jump).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoverImage {
    pub src: String,
    pub width: i64,
    pub height: i64,
}

#[cfg(feature = "ssr")]
impl ConsultationCard {
    /// A stored consultation as a reader of `lang` sees it.
    pub fn from_row(lang: crate::i18n::Lang, g: &crate::server::db::ConsultationRow) -> Self {
        use crate::i18n::Localized;
        let now = crate::server::db::now_ms();
        let schedule = g.schedule();
        ConsultationCard {
            phase: schedule.phase_at(now),
            phase_ends: schedule.phase_ends(now),
            opens_at: schedule.opens_at,
            proposals_until: schedule.proposals_until,
            voting_until: schedule.voting_until,
            id: g.id,
            name: Localized::pick(&g.name, lang),
            description: crate::server::markdown::plain_text(&Localized::pick(
                &g.description,
                lang,
            )),
            description_html: crate::server::markdown::render_markdown(&Localized::pick(
                &g.description,
                lang,
            )),
            archived: g.archived == 1,
            statements: g.format == "statements",
            idea_count: g.idea_count,
            cover: match (g.cover_image_id, g.cover_width, g.cover_height) {
                (Some(id), Some(width), Some(height)) => Some(CoverImage {
                    src: format!("/covers/{id}.jpg"),
                    width,
                    height,
                }),
                _ => None,
            },
        }
    }
}

/// The home page: every community and what is open now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HomeView {
    pub communities: Vec<CommunityCard>,
    pub open: Vec<ConsultationCard>,
    pub can_create: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommunityView {
    pub community: CommunityCard,
    pub consultations: Vec<ConsultationCard>,
    /// The viewer moderates the community (sees the link to its queue).
    pub moderator: bool,
    /// The viewer runs the community (sees the link to its settings).
    pub admin: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConsultationView {
    pub consultation: ConsultationCard,
    pub community_slug: String,
    pub community_name: String,
    pub ideas: Vec<IdeaCard>,
    /// The city's measures in the consultation, listed apart from residents' ideas.
    pub measures: Vec<IdeaCard>,
    pub sort: Sort,
    pub seed: i64,
    pub page: i64,
    pub pages: i64,
    pub signed_in: bool,
    /// The viewer gives official answers here (sees the link to the answers page).
    pub can_answer: bool,
    /// Taking part without an account, the statistics questions, or why a guest cannot.
    pub taking: crate::participation::TakingPart,
    /// The consultation's surveys the reader may answer or read.
    pub surveys: Vec<crate::surveys::SurveyCard>,
    /// The community's areas, to filter ideas by (`None` when it has none).
    pub areas: Option<crate::places::AreaFilter>,
}

impl ConsultationView {
    /// The link to another page or order of this list; the seed keeps a random order stable.
    pub fn href(&self, sort: Sort, page: i64) -> String {
        let mut href = format!(
            "/consultations/{}?sort={}",
            self.consultation.id,
            sort.as_str()
        );
        if sort == Sort::Random {
            href.push_str(&format!("&seed={}", self.seed));
        }
        if let Some(area) = self.areas.as_ref().and_then(|a| a.current.as_ref()) {
            href.push_str(&format!("&area={}", area.id));
        }
        if page > 1 {
            href.push_str(&format!("&page={page}"));
        }
        href
    }
}

/// A community's settings page: its texts, its consultations and categories.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommunitySettingsView {
    pub community_id: i64,
    pub slug: String,
    pub name: String,
    pub texts: rules::Texts,
    /// (id, name, archived) in the community's order.
    pub consultations: Vec<(i64, String, bool)>,
    /// (id, Slovenian name, English name).
    pub categories: Vec<CategorySettings>,
    /// The community's areas (districts).
    pub areas: crate::places::AreasSettings,
    pub flash: Option<crate::form::Flash>,
}

/// The form of a new consultation or of an existing one's settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConsultationSettingsView {
    pub community_id: i64,
    pub community_slug: String,
    pub community_name: String,
    pub consultation_id: Option<i64>,
    /// What is stored (or, for a new one, sensible defaults).
    pub form: rules::ConsultationForm,
    pub cover: Option<CoverImage>,
    /// The questions it asks its participants.
    pub questions: Vec<crate::participation::QuestionSettings>,
    pub flash: Option<crate::form::Flash>,
}
