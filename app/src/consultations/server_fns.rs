//! The consultations' pages and forms: each asks `service` for its data or its change.

use super::{CommunityView, ConsultationView};
use crate::error::AppError;
use leptos::prelude::*;

/// The communities, the consultations open now (taking ideas or votes), and whether the viewer
/// may create a community (a site administrator).
#[server]
pub async fn home_data() -> Result<super::HomeView, AppError> {
    let ctx = crate::request::request_ctx().await?;
    super::service::home(&ctx).await
}

#[server]
pub async fn community_data(slug: String) -> Result<CommunityView, AppError> {
    let ctx = crate::request::request_ctx().await?;
    super::service::community_page(&ctx, &slug).await
}

/// One page of a consultation's ideas. Query values arrive as typed by anyone, so they are parsed
/// leniently: a bad page number shows page 1 rather than an error.
#[server]
pub async fn consultation_data(
    id: i64,
    sort: String,
    page: String,
    seed: String,
    area: String,
) -> Result<ConsultationView, AppError> {
    let ctx = crate::request::request_ctx().await?;
    super::service::consultation_page(&ctx, id, &sort, &page, &seed, &area).await
}

/// The settings page of a community (its administrators).
#[server]
pub async fn community_settings_data(
    slug: String,
) -> Result<super::CommunitySettingsView, AppError> {
    use crate::request::{request_ctx, take_flash};
    let ctx = request_ctx().await?;
    let view = super::service::community_settings(&ctx, &slug).await?;
    Ok(super::CommunitySettingsView {
        flash: take_flash().await?,
        ..view
    })
}

/// The settings of a consultation (`id` > 0) or the form of a new one in `slug`'s community.
#[server]
pub async fn consultation_settings_data(
    slug: String,
    id: i64,
) -> Result<super::ConsultationSettingsView, AppError> {
    use crate::request::{request_ctx, take_flash};
    let ctx = request_ctx().await?;
    let view = super::service::consultation_settings(&ctx, &slug, id).await?;
    Ok(super::ConsultationSettingsView {
        flash: take_flash().await?,
        ..view
    })
}

/// The form of a new community, for site administrators only.
#[server]
pub async fn new_community_data() -> Result<Option<crate::form::Flash>, AppError> {
    use crate::authz::{Permission, Target};
    use crate::request::{request_ctx, take_flash};
    request_ctx()
        .await?
        .authorize_admin(Permission::CreateCommunity, Target::site())?;
    take_flash().await
}

/// A new community (`community_id` 0, site administrators) or a community's changed texts.
#[server]
pub async fn save_community(
    community_id: i64,
    slug: String,
    name_sl: String,
    name_en: String,
    description_sl: String,
    description_en: String,
) -> Result<(), AppError> {
    use crate::request::{finish_form, request_ctx};
    let texts = super::rules::Texts {
        name_sl,
        name_en,
        description_sl,
        description_en,
    };
    let result = async {
        let ctx = request_ctx().await?;
        let (slug, notice) = match community_id {
            0 => (
                super::service::create_community(&ctx, &slug, &texts).await?,
                crate::notices::Notice::CommunityCreated,
            ),
            id => {
                super::service::update_community(&ctx, id, &texts).await?;
                (slug.clone(), crate::notices::Notice::Saved)
            }
        };
        leptos_axum::redirect(&crate::notices::with_notice(
            &format!("/communities/{slug}/settings"),
            notice,
        ));
        Ok(())
    }
    .await;
    let mut values = text_values(&texts);
    values.push(("slug", slug.as_str(), 60));
    finish_form("community", &values, result).await
}

/// A new consultation (`consultation_id` 0) or changed settings of one: the form's fields.
#[server]
pub async fn save_consultation(
    community_id: i64,
    consultation_id: i64,
    name_sl: String,
    name_en: String,
    description_sl: String,
    description_en: String,
    position: String,
    opens_at: String,
    proposals_until: String,
    voting_until: String,
    archived: Option<String>,
    guests: Option<String>,
    #[server(default)] format: String,
) -> Result<(), AppError> {
    use crate::request::{finish_form, request_ctx};
    let form = super::rules::ConsultationForm {
        statements: format == "statements",
        texts: super::rules::Texts {
            name_sl,
            name_en,
            description_sl,
            description_en,
        },
        position,
        opens_at,
        proposals_until,
        voting_until,
        archived: archived.is_some(),
        guests: guests.is_some(),
    };
    let result = async {
        let ctx = request_ctx().await?;
        let existing = (consultation_id > 0).then_some(consultation_id);
        let id = super::service::save_consultation(&ctx, community_id, existing, &form).await?;
        let notice = match existing {
            Some(_) => crate::notices::Notice::Saved,
            None => crate::notices::Notice::ConsultationCreated,
        };
        leptos_axum::redirect(&crate::notices::with_notice(
            &format!("/consultations/{id}"),
            notice,
        ));
        Ok(())
    }
    .await;
    let mut values = text_values(&form.texts);
    values.extend([
        ("archived", if form.archived { "1" } else { "" }, 1),
        ("guests", if form.guests { "1" } else { "" }, 1),
        (
            "format",
            if form.statements {
                "statements"
            } else {
                "ideas"
            },
            10,
        ),
        ("position", form.position.as_str(), 6),
        ("opens_at", form.opens_at.as_str(), 20),
        ("proposals_until", form.proposals_until.as_str(), 20),
        ("voting_until", form.voting_until.as_str(), 20),
    ]);
    finish_form("consultation", &values, result).await
}

/// Adds a category (`category_id` 0) or renames one; back to the community's settings.
#[server]
pub async fn save_category(
    community_id: i64,
    category_id: i64,
    slug: String,
    name_sl: String,
    name_en: String,
    #[server(default)] position: String,
    remove: Option<String>,
) -> Result<(), AppError> {
    use crate::request::{finish_form, request_ctx};
    let result = async {
        let ctx = request_ctx().await?;
        let existing = (category_id > 0).then_some(category_id);
        match (existing, remove.is_some()) {
            (Some(id), true) => super::service::remove_category(&ctx, id).await?,
            _ => {
                let texts = super::rules::Texts {
                    name_sl: name_sl.clone(),
                    name_en: name_en.clone(),
                    ..Default::default()
                };
                super::service::save_category(&ctx, community_id, existing, &texts, &position)
                    .await?
            }
        }
        leptos_axum::redirect(&crate::notices::with_notice_at(
            &format!("/communities/{slug}/settings"),
            crate::notices::Notice::CategorySaved,
            "categories",
        ));
        Ok(())
    }
    .await;
    let values = [
        ("name_sl", name_sl.as_str(), 120),
        ("name_en", name_en.as_str(), 120),
        ("position", position.as_str(), 10),
    ];
    finish_form(&format!("category-{category_id}"), &values, result).await
}

#[cfg(feature = "ssr")]
fn text_values(t: &super::rules::Texts) -> Vec<(&'static str, &str, usize)> {
    use super::rules::{MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS};
    vec![
        ("name_sl", t.name_sl.as_str(), MAX_NAME_CHARS),
        ("name_en", t.name_en.as_str(), MAX_NAME_CHARS),
        (
            "description_sl",
            t.description_sl.as_str(),
            MAX_DESCRIPTION_CHARS,
        ),
        (
            "description_en",
            t.description_en.as_str(),
            MAX_DESCRIPTION_CHARS,
        ),
    ]
}
