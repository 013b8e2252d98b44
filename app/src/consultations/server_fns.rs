#[cfg(feature = "ssr")]
use super::ConsultationCard;
use super::{CommunityView, ConsultationView};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{
    i18n::{Lang, Localized},
    server::db,
};

#[cfg(feature = "ssr")]
fn community_card(lang: Lang, c: db::CommunityRow) -> super::CommunityCard {
    super::CommunityCard {
        slug: c.slug,
        name: Localized::pick(&c.name, lang),
        description: crate::server::markdown::plain_text(&Localized::pick(&c.description, lang)),
        description_html: crate::server::markdown::render_markdown(&Localized::pick(
            &c.description,
            lang,
        )),
        consultation_count: c.consultation_count,
        idea_count: c.idea_count,
    }
}

/// The communities, the consultations open now (taking ideas or votes), and whether the viewer
/// may create a community (a site administrator).
#[server]
pub async fn home_data() -> Result<super::HomeView, AppError> {
    use super::rules::Phase;
    use crate::authz::{Permission, Target};
    use crate::server::context::request_ctx;
    let ctx = request_ctx().await?;
    let mut c = ctx.db.conn().await?;
    let rows = db::consultations::communities(&mut c).await?;
    let mut open = Vec::new();
    // A city runs a few communities: one query each is cheap, and the page is cached.
    for community in rows.iter().take(20) {
        for g in db::consultations::of_community(&mut c, community.id).await? {
            let card = ConsultationCard::from_row(ctx.lang, &g);
            if matches!(card.phase, Phase::Proposals | Phase::Voting) {
                open.push(card);
            }
        }
    }
    drop(c);
    Ok(super::HomeView {
        communities: rows
            .into_iter()
            .map(|c| community_card(ctx.lang, c))
            .collect(),
        open,
        can_create: ctx.may(Permission::CreateCommunity, Target::site()),
    })
}

#[server]
pub async fn community_data(slug: String) -> Result<CommunityView, AppError> {
    use crate::authz::{Permission, Target};
    use crate::server::context::request_ctx;
    let ctx = request_ctx().await?;
    let lang = ctx.lang;
    let mut c = ctx.db.conn().await?;
    let row = db::consultations::community_by_slug(&mut c, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let consultations = db::consultations::of_community(&mut c, row.id).await?;
    Ok(CommunityView {
        consultations: consultations
            .iter()
            .map(|g| ConsultationCard::from_row(lang, g))
            .collect(),
        moderator: ctx.may(Permission::Moderate, Target::community(row.id)),
        admin: ctx.may(Permission::ManageConsultations, Target::community(row.id)),
        community: community_card(lang, row),
    })
}

/// One page of a consultation's ideas. Query values arrive as typed by anyone, so they are parsed
/// leniently: a bad page number shows page 1 rather than an error.
#[server]
pub async fn consultation_data(
    id: i64,
    sort: String,
    page: String,
    seed: String,
) -> Result<ConsultationView, AppError> {
    use crate::ideas::rules::{page_count, parse_page, parse_seed, Sort, SEED_MODULUS};
    use crate::server::context::request_ctx;
    let ctx = request_ctx().await?;
    let lang = ctx.lang;
    let mut c = ctx.db.conn().await?;
    let consultation = db::consultations::by_id(&mut c, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let sort = Sort::parse(&sort);
    let seed =
        parse_seed(Some(&seed)).unwrap_or_else(|| rand::random::<u32>() as i64 % SEED_MODULUS);
    let measures = db::ideas::measures_in(&mut c, id, ctx.viewer_id(), 100).await?;
    // The counter holds measures too; they are listed apart.
    let pages = page_count(consultation.idea_count - measures.len() as i64);
    let page = parse_page(Some(&page)).min(pages);
    let rows = db::ideas::page(&mut c, id, sort, seed, page, ctx.viewer_id()).await?;
    let guests_welcome = consultation.participation == "guests";
    let account_needed = ctx.actor.guest && !guests_welcome;
    // Someone not signed in sees every question with "take part without an account"; someone
    // signed in, only until they have answered.
    let asked = match ctx.actor.user_id {
        None => guests_welcome,
        Some(me) => !account_needed && !db::participation::answered_all(&mut c, id, me).await?,
    };
    let questions = match asked {
        true => crate::participation::service::questions(&mut c, id, lang).await?,
        false => Vec::new(),
    };
    drop(c);
    Ok(ConsultationView {
        consultation: ConsultationCard::from_row(lang, &consultation),
        community_slug: consultation.community_slug.clone(),
        community_name: Localized::pick(&consultation.community_name, lang),
        ideas: rows
            .into_iter()
            .map(|r| crate::ideas::IdeaCard::from_row(lang, r))
            .collect(),
        measures: measures
            .into_iter()
            .map(|r| crate::ideas::IdeaCard::from_row(lang, r))
            .collect(),
        sort,
        seed,
        page,
        pages,
        // A guest where full accounts only take part sees the page as a reader does.
        signed_in: ctx.actor.user_id.is_some() && !account_needed,
        can_answer: ctx.may(
            crate::authz::Permission::AnswerIdeas,
            crate::authz::Target::community(consultation.community_id),
        ),
        taking: crate::participation::TakingPart {
            guests_welcome,
            account_needed,
            questions,
        },
    })
}

#[cfg(feature = "ssr")]
fn stored_texts(name: &str, description: &str) -> super::rules::Texts {
    let (name, description) = (
        Localized::from_json(name),
        Localized::from_json(description),
    );
    super::rules::Texts {
        name_sl: name.exact(Lang::Sl).to_string(),
        name_en: name.exact(Lang::En).to_string(),
        description_sl: description.exact(Lang::Sl).to_string(),
        description_en: description.exact(Lang::En).to_string(),
    }
}

/// The settings page of a community (its administrators).
#[server]
pub async fn community_settings_data(
    slug: String,
) -> Result<super::CommunitySettingsView, AppError> {
    use crate::authz::{Permission, Target};
    use crate::server::context::{request_ctx, take_flash};
    let ctx = request_ctx().await?;
    let mut c = ctx.db.conn().await?;
    let row = db::consultations::community_by_slug(&mut c, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    ctx.authorize_admin(Permission::ManageConsultations, Target::community(row.id))?;
    let consultations = db::consultations::of_community(&mut c, row.id).await?;
    let categories = db::consultations::categories_in_order(&mut c, row.id).await?;
    drop(c);
    Ok(super::CommunitySettingsView {
        community_id: row.id,
        slug: row.slug.clone(),
        name: Localized::pick(&row.name, ctx.lang),
        texts: stored_texts(&row.name, &row.description),
        consultations: consultations
            .iter()
            .map(|g| (g.id, Localized::pick(&g.name, ctx.lang), g.archived == 1))
            .collect(),
        categories: categories
            .iter()
            .map(|(id, name, position)| {
                let name = Localized::from_json(name);
                super::CategorySettings {
                    id: *id,
                    name_sl: name.exact(Lang::Sl).to_string(),
                    name_en: name.exact(Lang::En).to_string(),
                    position: *position,
                }
            })
            .collect(),
        flash: take_flash().await?,
    })
}

/// The settings of a consultation (`id` > 0) or the form of a new one in `slug`'s community.
#[server]
pub async fn consultation_settings_data(
    slug: String,
    id: i64,
) -> Result<super::ConsultationSettingsView, AppError> {
    use super::rules::ConsultationForm;
    use crate::authz::{Permission, Target};
    use crate::server::context::{request_ctx, take_flash};
    use crate::time::to_input;
    let ctx = request_ctx().await?;
    let mut c = ctx.db.conn().await?;
    let (community, existing) = if id > 0 {
        let g = db::consultations::by_id(&mut c, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let community = db::consultations::community_by_slug(&mut c, &g.community_slug)
            .await?
            .ok_or(AppError::NotFound)?;
        (community, Some(g))
    } else {
        let community = db::consultations::community_by_slug(&mut c, &slug)
            .await?
            .ok_or(AppError::NotFound)?;
        (community, None)
    };
    let (questions, counts) = match &existing {
        Some(g) => (
            db::participation::questions(&mut c, g.id).await?,
            db::participation::answer_counts(&mut c, g.id).await?,
        ),
        None => (Vec::new(), Vec::new()),
    };
    drop(c);
    ctx.authorize_admin(
        Permission::ManageConsultations,
        Target::community(community.id),
    )?;
    let questions = questions
        .into_iter()
        .map(|q| crate::participation::QuestionSettings {
            question: crate::participation::service::question_of(
                q.id,
                &q.question,
                &q.options,
                ctx.lang,
            ),
            answers: counts
                .iter()
                .find(|(id, _)| *id == q.id)
                .map_or(0, |(_, n)| *n),
        })
        .collect();
    let form = match &existing {
        Some(g) => ConsultationForm {
            texts: stored_texts(&g.name, &g.description),
            position: g.position.to_string(),
            opens_at: to_input(g.opens_at),
            proposals_until: g.proposals_until.map(to_input).unwrap_or_default(),
            voting_until: g.voting_until.map(to_input).unwrap_or_default(),
            archived: g.archived == 1,
            guests: g.participation == "guests",
        },
        // A new consultation opens now, and its ends are left for the administrator to set.
        None => ConsultationForm {
            opens_at: to_input(db::now_ms()),
            position: "0".into(),
            ..ConsultationForm::default()
        },
    };
    Ok(super::ConsultationSettingsView {
        community_id: community.id,
        community_slug: community.slug.clone(),
        community_name: Localized::pick(&community.name, ctx.lang),
        cover: existing
            .as_ref()
            .and_then(|g| super::ConsultationCard::from_row(ctx.lang, g).cover),
        consultation_id: existing.map(|g| g.id),
        form,
        questions,
        flash: take_flash().await?,
    })
}

/// The form of a new community, for site administrators only.
#[server]
pub async fn new_community_data() -> Result<Option<crate::form::Flash>, AppError> {
    use crate::authz::{Permission, Target};
    use crate::server::context::{request_ctx, take_flash};
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
    use crate::server::context::{finish_form, request_ctx};
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
) -> Result<(), AppError> {
    use crate::server::context::{finish_form, request_ctx};
    let form = super::rules::ConsultationForm {
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
    use crate::server::context::{finish_form, request_ctx};
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
