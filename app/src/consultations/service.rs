//! Communities, consultations and categories: the pages that show them (the home page, a
//! community, a consultation's ideas, the settings forms) and setting them up from the browser.

use super::rules::{self, ConsultationForm, Texts};
use crate::authz::{Permission, Target};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::{Lang, Localized, Msg};
use crate::moderation::rules::AuditAction;
use crate::moderation::service::{audit_settings, audit_target, AuditTarget};
use crate::server::db::{self, DbError};

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
pub async fn home(ctx: &Ctx) -> Result<super::HomeView, AppError> {
    use super::rules::Phase;
    let mut c = ctx.db.conn().await?;
    let rows = db::consultations::communities(&mut c).await?;
    let mut open = Vec::new();
    // A city runs a few communities: one query each is cheap, and the page is cached.
    for community in rows.iter().take(20) {
        for g in db::consultations::of_community(&mut c, community.id).await? {
            let card = super::ConsultationCard::from_row(ctx.lang, &g);
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

pub async fn community_page(ctx: &Ctx, slug: &str) -> Result<super::CommunityView, AppError> {
    let lang = ctx.lang;
    let mut c = ctx.db.conn().await?;
    let row = db::consultations::community_by_slug(&mut c, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let consultations = db::consultations::of_community(&mut c, row.id).await?;
    Ok(super::CommunityView {
        consultations: consultations
            .iter()
            .map(|g| super::ConsultationCard::from_row(lang, g))
            .collect(),
        moderator: ctx.may(Permission::Moderate, Target::community(row.id)),
        admin: ctx.may(Permission::ManageConsultations, Target::community(row.id)),
        community: community_card(lang, row),
    })
}

/// One page of a consultation's ideas. Query values arrive as typed by anyone, so they are parsed
/// leniently: a bad page number shows page 1 rather than an error.
pub async fn consultation_page(
    ctx: &Ctx,
    id: i64,
    sort: &str,
    page: &str,
    seed: &str,
    area: &str,
) -> Result<super::ConsultationView, AppError> {
    use crate::ideas::rules::{page_count, parse_page, parse_seed, Sort, SEED_MODULUS};
    let lang = ctx.lang;
    let mut c = ctx.db.conn().await?;
    let consultation = db::consultations::by_id(&mut c, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let sort = Sort::parse(sort);
    let seed =
        parse_seed(Some(seed)).unwrap_or_else(|| rand::random::<u32>() as i64 % SEED_MODULUS);
    let measures = db::ideas::measures_in(&mut c, id, ctx.viewer_id(), 100).await?;
    let community_id = consultation.community_id;
    let area = area.parse::<i64>().ok();
    let areas = crate::places::service::filter(&mut c, community_id, id, area).await?;
    // Only an area of this community filters.
    let area = areas
        .as_ref()
        .and_then(|a| a.current.as_ref())
        .map(|a| a.id);
    let listed = match area {
        Some(area) => db::areas::idea_count(&mut c, id, area).await?,
        // The counter holds measures too; they are listed apart.
        None => consultation.idea_count - measures.len() as i64,
    };
    let pages = page_count(listed);
    let page = parse_page(Some(page)).min(pages);
    let rows = db::ideas::page(&mut c, id, sort, seed, page, ctx.viewer_id(), area).await?;
    let taking = crate::participation::service::taking_part(ctx, &mut c, &consultation).await?;
    let surveys = crate::surveys::service::cards(ctx, &mut c, &consultation).await?;
    drop(c);
    Ok(super::ConsultationView {
        consultation: super::ConsultationCard::from_row(lang, &consultation),
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
        signed_in: ctx.actor.user_id.is_some() && !taking.account_needed,
        can_answer: ctx.may(
            crate::authz::Permission::AnswerIdeas,
            crate::authz::Target::community(consultation.community_id),
        ),
        taking,
        surveys,
        areas,
    })
}

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
/// (The form's flash is the request's: the server function adds it.)
pub async fn community_settings(
    ctx: &Ctx,
    slug: &str,
) -> Result<super::CommunitySettingsView, AppError> {
    let mut c = ctx.db.conn().await?;
    let row = db::consultations::community_by_slug(&mut c, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    ctx.authorize_admin(Permission::ManageConsultations, Target::community(row.id))?;
    let consultations = db::consultations::of_community(&mut c, row.id).await?;
    let categories = db::consultations::categories_in_order(&mut c, row.id).await?;
    let areas = crate::places::service::settings(&mut c, row.id).await?;
    drop(c);
    Ok(super::CommunitySettingsView {
        community_id: row.id,
        slug: row.slug.clone(),
        name: Localized::pick(&row.name, ctx.lang),
        texts: stored_texts(&row.name, &row.description),
        areas,
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
        flash: None,
    })
}

/// The settings of a consultation (`id` > 0) or the form of a new one in `slug`'s community.
/// (The form's flash is the request's: the server function adds it.)
pub async fn consultation_settings(
    ctx: &Ctx,
    slug: &str,
    id: i64,
) -> Result<super::ConsultationSettingsView, AppError> {
    use crate::time::to_input;
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
        let community = db::consultations::community_by_slug(&mut c, slug)
            .await?
            .ok_or(AppError::NotFound)?;
        (community, None)
    };
    ctx.authorize_admin(
        Permission::ManageConsultations,
        Target::community(community.id),
    )?;
    let (questions, counts) = match &existing {
        Some(g) => (
            db::participation::questions(&mut c, g.id).await?,
            db::participation::answer_counts(&mut c, g.id).await?,
        ),
        None => (Vec::new(), Vec::new()),
    };
    drop(c);
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
            statements: g.format == "statements",
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
        flash: None,
    })
}

/// Creates a community (site administrators); returns its slug.
pub async fn create_community(ctx: &Ctx, slug: &str, texts: &Texts) -> Result<String, AppError> {
    ctx.authorize_admin(Permission::CreateCommunity, Target::site())?;
    let slug = rules::validate_slug(slug);
    let valid = rules::validate_texts(texts);
    let (slug, (name, description)) = merge(slug, valid)?;
    let mut tx = ctx.db.begin().await?;
    let id = match db::consultations::create_community(&mut tx, &slug, &name, &description).await {
        Err(DbError::Unique) => return Err(AppError::invalid("slug", Msg::ErrSlugTaken)),
        other => other?,
    };
    audit_settings(&mut tx, ctx, id, AuditTarget::Community(id)).await?;
    tx.commit().await?;
    Ok(slug)
}

/// Changes a community's name and description (its administrators).
pub async fn update_community(ctx: &Ctx, community_id: i64, texts: &Texts) -> Result<(), AppError> {
    ctx.authorize_admin(
        Permission::ManageConsultations,
        Target::community(community_id),
    )?;
    let (name, description) = rules::validate_texts(texts)?;
    let mut tx = ctx.db.begin().await?;
    db::consultations::update_community(&mut tx, community_id, &name, &description).await?;
    let target = AuditTarget::Community(community_id);
    audit_settings(&mut tx, ctx, community_id, target).await?;
    tx.commit().await?;
    Ok(())
}

/// Creates a consultation in a community (`consultation_id` None) or changes one; returns its
/// id. Its administrators only; the dates must be in order.
pub async fn save_consultation(
    ctx: &Ctx,
    community_id: i64,
    consultation_id: Option<i64>,
    form: &ConsultationForm,
) -> Result<i64, AppError> {
    let community_id = match consultation_id {
        // An existing consultation is changed in its own community, whatever the form says.
        Some(id) => {
            db::consultations::by_id(&mut *ctx.db.conn().await?, id)
                .await?
                .ok_or(AppError::NotFound)?
                .community_id
        }
        None => community_id,
    };
    ctx.authorize_admin(
        Permission::ManageConsultations,
        Target::community(community_id),
    )?;
    let v = rules::validate_consultation(form)?;
    let mut tx = ctx.db.begin().await?;
    let id = match consultation_id {
        Some(id) => {
            db::consultations::update_consultation(
                &mut tx,
                id,
                v.position,
                &v.name,
                &v.description,
            )
            .await?;
            id
        }
        None => {
            db::consultations::create_consultation(
                &mut tx,
                community_id,
                v.position,
                &v.name,
                &v.description,
            )
            .await?
        }
    };
    db::consultations::set_schedule(&mut tx, id, v.schedule).await?;
    db::consultations::set_format(&mut tx, id, v.statements).await?;
    let target = AuditTarget::Consultation(id);
    audit_settings(&mut tx, ctx, community_id, target).await?;
    tx.commit().await?;
    Ok(id)
}

/// Adds a category (`category_id` None) to a community, or renames and moves one.
pub async fn save_category(
    ctx: &Ctx,
    community_id: i64,
    category_id: Option<i64>,
    texts: &Texts,
    position: &str,
) -> Result<(), AppError> {
    let community_id = match category_id {
        Some(id) => community_of_category(ctx, id).await?,
        None => community_id,
    };
    ctx.authorize_admin(
        Permission::ManageConsultations,
        Target::community(community_id),
    )?;
    let texts = Texts {
        name_sl: texts.name_sl.clone(),
        name_en: texts.name_en.clone(),
        ..Texts::default()
    };
    let position = rules::parse_position(position)
        .ok_or_else(|| AppError::invalid("position", Msg::ErrPosition));
    let ((name, _), position) = merge(rules::validate_texts(&texts), position)?;
    let mut tx = ctx.db.begin().await?;
    match category_id {
        Some(id) => db::consultations::update_category(&mut tx, id, &name, position).await?,
        None => {
            db::consultations::create_category(&mut tx, community_id, &name).await?;
        }
    }
    let target = AuditTarget::Community(community_id);
    audit_settings(&mut tx, ctx, community_id, target).await?;
    tx.commit().await?;
    Ok(())
}

/// Removes a category; its ideas stay, without a category.
pub async fn remove_category(ctx: &Ctx, category_id: i64) -> Result<(), AppError> {
    let community_id = community_of_category(ctx, category_id).await?;
    ctx.authorize_admin(
        Permission::ManageConsultations,
        Target::community(community_id),
    )?;
    let mut tx = ctx.db.begin().await?;
    db::consultations::delete_category(&mut tx, category_id).await?;
    let me = ctx.actor.user_id;
    let target = AuditTarget::Community(community_id);
    audit_target(
        &mut tx,
        me,
        community_id,
        AuditAction::CategoryRemoved,
        target,
        None,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn community_of_category(ctx: &Ctx, category_id: i64) -> Result<i64, AppError> {
    db::consultations::community_of_category(&mut *ctx.db.conn().await?, category_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Sets a consultation's cover image from an upload (`None` removes it). The upload is
/// re-encoded first (see `cover`), so no metadata of the original file is ever stored.
pub async fn set_cover(
    ctx: &Ctx,
    consultation_id: i64,
    upload: Option<Vec<u8>>,
) -> Result<(), AppError> {
    let community_id = ctx
        .authorize_on_consultation(Permission::ManageConsultations, consultation_id)
        .await?;
    let cover = match upload {
        // Decoding a photo takes tens of milliseconds of CPU: not on the async threads.
        Some(bytes) => Some(super::cover::reencode_in_turn(bytes).await?),
        None => None,
    };
    let me = ctx.actor.user_id;
    let mut tx = ctx.db.begin().await?;
    let image_id = match &cover {
        Some(c) => {
            let (w, h) = (c.width as i64, c.height as i64);
            Some(db::consultations::insert_image(&mut tx, &c.jpeg, w, h, me).await?)
        }
        None => None,
    };
    db::consultations::set_cover(&mut tx, consultation_id, image_id).await?;
    let target = AuditTarget::Consultation(consultation_id);
    let action = match image_id {
        Some(_) => AuditAction::Cover,
        None => AuditAction::CoverRemoved,
    };
    audit_target(&mut tx, me, community_id, action, target, None, None).await?;
    tx.commit().await?;
    Ok(())
}

/// Both results' field errors together, so a form shows every mistake at once.
fn merge<A, B>(a: Result<A, AppError>, b: Result<B, AppError>) -> Result<(A, B), AppError> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (Err(AppError::Validation(mut x)), Err(AppError::Validation(y))) => {
            x.extend(y);
            Err(AppError::Validation(x))
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}
