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
        description: Localized::pick(&c.description, lang),
        consultation_count: c.consultation_count,
        idea_count: c.idea_count,
    }
}

#[server]
pub async fn home_data() -> Result<Vec<super::CommunityCard>, AppError> {
    use crate::server::context::{request_db, request_lang};
    let lang = request_lang();
    let rows = db::consultations::communities(&mut *request_db()?.conn().await?).await?;
    Ok(rows.into_iter().map(|c| community_card(lang, c)).collect())
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
    let pages = page_count(consultation.idea_count);
    let page = parse_page(Some(&page)).min(pages);
    let rows = db::ideas::page(&mut c, id, sort, seed, page, ctx.viewer_id()).await?;
    drop(c);
    Ok(ConsultationView {
        consultation: ConsultationCard::from_row(lang, &consultation),
        community_slug: consultation.community_slug.clone(),
        community_name: Localized::pick(&consultation.community_name, lang),
        ideas: rows
            .into_iter()
            .map(|r| crate::ideas::IdeaCard::from_row(lang, r))
            .collect(),
        sort,
        seed,
        page,
        pages,
        signed_in: ctx.actor.user_id.is_some(),
        can_answer: ctx.may(
            crate::authz::Permission::AnswerIdeas,
            crate::authz::Target::community(consultation.community_id),
        ),
    })
}
