#[cfg(feature = "ssr")]
use super::rules::IdeaDraft;
use super::{IdeaFormView, IdeaView};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{consultations::ConsultationCard, i18n::Localized, server::db};

#[server]
pub async fn idea_data(id: i64) -> Result<IdeaView, AppError> {
    use crate::authz::{Permission, Target};
    use crate::consultations::rules::Activity;
    use crate::moderation::{server_fns::hidden_state, Rights};
    use crate::server::context::{request_ctx, take_flash};
    let ctx = request_ctx().await?;
    let lang = ctx.lang;
    let viewer = ctx.viewer_id();
    let mut c = ctx.db.conn().await?;
    let idea = db::ideas::by_id(&mut c, id, viewer)
        .await?
        .ok_or(AppError::NotFound)?;
    let consultation = db::consultations::by_id(&mut c, idea.consultation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let community = Target::community(idea.community_id);
    let schedule = consultation.schedule();
    let now = db::now_ms();
    let rights = Rights {
        signed_in: ctx.actor.user_id.is_some(),
        discuss: schedule.allows(Activity::Discuss, now),
        vote: schedule.allows(Activity::Vote, now),
        banned: ctx.actor.banned_in.contains(&idea.community_id),
        moderator: ctx.may(Permission::Moderate, community),
    };
    let mine = idea.author_id == viewer;
    let sees_hidden = mine || rights.moderator;
    if idea.hidden == 1 && !sees_hidden {
        // Nothing of a hidden idea leaves the server but the fact and its rule.
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(http::StatusCode::GONE);
        }
    }
    // Only a banned viewer (rare) costs this query.
    let ban = match rights.banned {
        true => db::moderation::ban_of(&mut c, idea.community_id, viewer)
            .await?
            .map(|(reason, until)| crate::moderation::BanNotice {
                reason: crate::moderation::rules::Reason::from_stored(
                    reason.as_deref().unwrap_or(""),
                ),
                until,
            }),
        false => None,
    };
    let arguments = db::arguments::of_idea(&mut c, id, viewer).await?;
    let comments = db::comments::of_idea(&mut c, id).await?;
    let answers = db::ideas::status_history(&mut c, id).await?;
    let following = match ctx.actor.user_id {
        Some(me) => Some(db::notifications::is_following(&mut c, me, id).await?),
        None => None,
    };
    // Only the author of something hidden has appeals to show.
    let any_mine_hidden = (idea.hidden == 1 && mine)
        || arguments
            .iter()
            .any(|a| a.hidden == 1 && a.author_id == viewer)
        || comments
            .iter()
            .any(|x| x.hidden == 1 && x.author_id == viewer);
    let appeals = match any_mine_hidden {
        true => db::moderation::appeals_on_idea(&mut c, viewer, id).await?,
        false => Vec::new(),
    };
    let shown_to_all = idea.hidden == 0 || sees_hidden;
    let (measure, led_to) = match shown_to_all {
        true => {
            crate::measures::service::on_idea_page(&ctx, &mut c, id, idea.community_id, &idea.kind)
                .await?
        }
        false => (None, Vec::new()),
    };
    drop(c);
    let idea_appeal = appeals
        .iter()
        .find(|a| a.target_kind == "idea" && a.target_id == id);
    let hidden = hidden_state(
        idea.hidden,
        idea.hidden_reason.as_deref(),
        idea.hidden_note.clone().filter(|_| sees_hidden),
        idea_appeal,
    );
    let shown = hidden.is_none() || sees_hidden;
    let consultation_card = ConsultationCard::from_row(lang, &consultation);
    Ok(IdeaView {
        id: idea.id,
        consultation_id: consultation.id,
        consultation_name: consultation_card.name.clone(),
        community_slug: consultation.community_slug,
        community_name: Localized::pick(&consultation.community_name, lang),
        title: if shown {
            idea.title
        } else {
            crate::i18n::t(lang, crate::i18n::Msg::HiddenIdea).to_string()
        },
        excerpt: if shown { idea.excerpt } else { String::new() },
        body_html: if shown {
            crate::server::markdown::render_markdown(&idea.body)
        } else {
            String::new()
        },
        category: idea.category.map(|c| Localized::pick(&c, lang)),
        status: super::rules::Status::parse(&idea.status),
        answers: answers
            .into_iter()
            .map(|a| super::StatusChange {
                status: super::rules::Status::parse(&a.status),
                message: a.message,
                created_at: a.created_at,
            })
            .collect(),
        // A measure's course is its own status, set on its page.
        can_answer: idea.kind == "idea" && ctx.may(Permission::AnswerIdeas, community),
        following,
        author_name: if shown {
            idea.author_name
        } else {
            String::new()
        },
        created_at: idea.created_at,
        tally: crate::votes::Tally::from_counts(idea.up_count, idea.down_count, idea.my_vote),
        // Authors change their ideas while proposals are open; moderators at any time.
        // A measure is edited on its own page, where each edit is a version.
        can_edit: idea.kind == "idea"
            && ctx.may(
                Permission::EditIdea,
                Target::content(idea.community_id, idea.author_id),
            )
            && (rights.moderator || schedule.allows(Activity::Propose, now)),
        phase: consultation_card.phase,
        phase_ends: consultation_card.phase_ends,
        signed_in: rights.signed_in,
        rights,
        ban,
        mine,
        hidden,
        edited_at: idea.edited_at,
        arguments: match shown {
            true => arguments
                .into_iter()
                .map(|a| crate::arguments::ArgumentView::new(a, viewer, rights.moderator, &appeals))
                .collect(),
            false => Vec::new(),
        },
        comments: match shown {
            true => comments
                .into_iter()
                .map(|x| crate::comments::CommentView::new(x, viewer, rights.moderator, &appeals))
                .collect(),
            false => Vec::new(),
        },
        measure,
        led_to,
        flash: take_flash().await?,
    })
}

/// An idea's earlier versions. A hidden idea's history is as hidden as the idea.
#[server]
pub async fn idea_history(id: i64) -> Result<super::IdeaHistoryView, AppError> {
    use crate::authz::{Permission, Target};
    use crate::server::context::request_ctx;
    let ctx = request_ctx().await?;
    let mut c = ctx.db.conn().await?;
    let idea = db::ideas::by_id(&mut c, id, 0)
        .await?
        .ok_or(AppError::NotFound)?;
    let sees_hidden = ctx.actor.user_id == Some(idea.author_id)
        || ctx.may(Permission::Moderate, Target::community(idea.community_id));
    if idea.hidden == 1 && !sees_hidden {
        return Err(AppError::NotFound);
    }
    let revisions = db::ideas::revisions(&mut c, id).await?;
    Ok(super::IdeaHistoryView {
        id,
        title: idea.title,
        revisions: revisions
            .into_iter()
            .map(|(title, body, editor, at)| super::Revision {
                title,
                body_html: crate::server::markdown::render_markdown(&body),
                replaced_by: editor,
                replaced_at: at,
            })
            .collect(),
    })
}

/// The form for a new idea in `consultation_id`, or for editing `idea_id`.
#[server]
pub async fn idea_form_data(
    consultation_id: Option<i64>,
    idea_id: Option<i64>,
) -> Result<IdeaFormView, AppError> {
    use crate::authz::{Permission, Target};
    use crate::server::context::{request_ctx, take_flash};
    let ctx = request_ctx().await?;
    let lang = ctx.lang;
    let mut c = ctx.db.conn().await?;
    let (consultation, draft) = match idea_id {
        Some(id) => {
            let idea = db::ideas::by_id(&mut c, id, 0)
                .await?
                .ok_or(AppError::NotFound)?;
            ctx.authorize(
                Permission::EditIdea,
                Target::content(idea.community_id, idea.author_id),
            )?;
            let draft = IdeaDraft {
                title: idea.title,
                body: idea.body,
                category: idea.category_id.map(|c| c.to_string()).unwrap_or_default(),
            };
            (idea.consultation_id, draft)
        }
        None => (
            consultation_id.ok_or(AppError::NotFound)?,
            IdeaDraft::default(),
        ),
    };
    let consultation = db::consultations::by_id(&mut c, consultation)
        .await?
        .ok_or(AppError::NotFound)?;
    if idea_id.is_none() {
        ctx.authorize(
            Permission::PostIdea,
            Target::community(consultation.community_id),
        )?;
    }
    let mut categories = db::consultations::categories(&mut c, consultation.community_id)
        .await?
        .into_iter()
        .map(|(id, name)| (id, Localized::pick(&name, lang)))
        .collect::<Vec<_>>();
    categories.sort_by_cached_key(|(_, name)| crate::i18n::sort_key(name));
    drop(c);
    let flash = take_flash().await?;
    // After "look for similar ideas" (a flash of this form without errors).
    let checked = flash.as_ref().filter(|f| {
        idea_id.is_none() && f.errors.is_empty() && f.form == super::form_key(None, consultation.id)
    });
    let similar = match checked {
        Some(f) => Some(
            crate::search::server_fns::similar_ideas(
                &ctx,
                consultation.id,
                &f.value("title"),
                &f.value("body"),
            )
            .await?,
        ),
        None => None,
    };
    Ok(IdeaFormView {
        consultation_id: consultation.id,
        consultation_name: ConsultationCard::from_row(lang, &consultation).name,
        idea_id,
        draft,
        categories,
        similar,
        flash,
    })
}

#[server]
pub async fn create_idea(
    consultation_id: i64,
    title: String,
    body: String,
    category: String,
    check: Option<String>,
) -> Result<(), AppError> {
    let draft = IdeaDraft {
        title,
        body,
        category,
    };
    if check.is_some() {
        // The form's first step: back to it, filled in, with the similar ideas listed.
        use crate::server::context::keep_form;
        let form = super::form_key(None, consultation_id);
        keep_form(&form, &draft_values(&draft)).await?;
        leptos_axum::redirect(&format!("/consultations/{consultation_id}/new#similar"));
        return Ok(());
    }
    save(None, consultation_id, draft).await
}

#[server]
pub async fn update_idea(
    idea_id: i64,
    title: String,
    body: String,
    category: String,
) -> Result<(), AppError> {
    let draft = IdeaDraft {
        title,
        body,
        category,
    };
    save(Some(idea_id), 0, draft).await
}

/// Both idea forms: post a new idea (`idea_id` None) or save an edit, then show the idea.
#[cfg(feature = "ssr")]
async fn save(
    idea_id: Option<i64>,
    consultation_id: i64,
    draft: IdeaDraft,
) -> Result<(), AppError> {
    use crate::server::context::{check_rate, finish_form, request_ctx};
    use crate::server::rate_limit::Limit;
    let result = async {
        let ctx = request_ctx().await?;
        check_rate(Limit::Posting)?;
        let id = match idea_id {
            Some(id) => {
                super::service::update_idea(&ctx, id, &draft).await?;
                id
            }
            None => super::service::create_idea(&ctx, consultation_id, &draft).await?,
        };
        let notice = match idea_id {
            Some(_) => crate::notices::Notice::IdeaSaved,
            None => crate::notices::Notice::IdeaPosted,
        };
        leptos_axum::redirect(&crate::notices::with_notice(
            &format!("/ideas/{id}"),
            notice,
        ));
        Ok(())
    }
    .await;
    let form = super::form_key(idea_id, consultation_id);
    finish_form(&form, &draft_values(&draft), result).await
}

#[cfg(feature = "ssr")]
fn draft_values(d: &IdeaDraft) -> [(&str, &str, usize); 3] {
    use super::rules::{MAX_DESCRIPTION_CHARS, MAX_TITLE_CHARS};
    [
        ("title", &d.title, MAX_TITLE_CHARS),
        ("body", &d.body, MAX_DESCRIPTION_CHARS),
        ("category", &d.category, 20),
    ]
}

/// The official-answers page of a consultation (its administrators): ideas by support, 50 a
/// page, to answer one by one or many at once.
#[server]
pub async fn answers_data(id: i64, page: String) -> Result<super::AnswersView, AppError> {
    use super::rules::{parse_page, Sort};
    use crate::authz::{Permission, Target};
    use crate::server::context::{request_ctx, take_flash};
    const PER_PAGE: i64 = 50;
    let ctx = request_ctx().await?;
    let mut c = ctx.db.conn().await?;
    let g = db::consultations::by_id(&mut c, id)
        .await?
        .ok_or(AppError::NotFound)?;
    ctx.authorize_admin(Permission::AnswerIdeas, Target::community(g.community_id))?;
    let pages = crate::moderation::rules::page_count(g.idea_count, PER_PAGE);
    let page = parse_page(Some(&page)).min(pages);
    let rows = db::ideas::page_of(&mut c, id, Sort::Top, 0, page, PER_PAGE, 0).await?;
    drop(c);
    Ok(super::AnswersView {
        consultation_id: id,
        consultation_name: Localized::pick(&g.name, ctx.lang),
        community_slug: g.community_slug.clone(),
        community_name: Localized::pick(&g.community_name, ctx.lang),
        ideas: rows
            .into_iter()
            .map(|r| super::IdeaCard::from_row(ctx.lang, r))
            .collect(),
        page,
        pages,
        flash: take_flash().await?,
    })
}

/// Answers the checked ideas (`ideas[N]` = an idea id) with one status and message; `back` is
/// the page to return to. From the idea page it is one idea.
#[server]
pub async fn answer_ideas(
    ideas: Option<Vec<String>>,
    status: String,
    message: String,
    back: String,
) -> Result<(), AppError> {
    use crate::server::context::{finish_form, request_ctx};
    let result = async {
        let ctx = request_ctx().await?;
        let ids: Vec<i64> = ideas
            .unwrap_or_default()
            .iter()
            .map(|s| s.parse().map_err(|_| AppError::BadRequest))
            .collect::<Result<_, _>>()?;
        let n = super::service::answer_ideas(&ctx, &ids, &status, &message).await?;
        let back = crate::accounts::safe_next(Some(&back));
        let sep = if back.contains('?') { '&' } else { '?' };
        let (path, anchor) = back.split_once('#').unwrap_or((&back, ""));
        let anchor = if anchor.is_empty() {
            String::new()
        } else {
            format!("#{anchor}")
        };
        leptos_axum::redirect(&format!("{path}{sep}answered={n}{anchor}"));
        Ok(())
    }
    .await;
    let values = [
        ("status", status.as_str(), 30),
        ("message", message.as_str(), super::rules::MAX_ANSWER_CHARS),
    ];
    finish_form("answer", &values, result).await
}
