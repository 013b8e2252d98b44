#[cfg(feature = "ssr")]
use super::rules::IdeaDraft;
use super::{IdeaFormView, IdeaView};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{i18n::Lang, server::db};

#[cfg(feature = "ssr")]
fn pick(lang: Lang, sl: Option<String>, en: Option<String>) -> Option<String> {
    match lang {
        Lang::Sl => sl,
        Lang::En => en,
    }
}

#[cfg(feature = "ssr")]
fn tally(up: i64, down: i64, mine: i64) -> crate::votes::Tally {
    crate::votes::Tally {
        up,
        down,
        mine: crate::votes::rules::Vote::from_value(mine),
    }
}

#[cfg(feature = "ssr")]
pub(crate) fn idea_card(lang: Lang, r: db::IdeaCardRow) -> super::IdeaCard {
    super::IdeaCard {
        id: r.id,
        title: r.title,
        excerpt: r.excerpt,
        category: pick(lang, r.category_sl, r.category_en),
        status: super::rules::Status::parse(&r.status),
        tally: tally(r.up_count, r.down_count, r.my_vote),
        argument_count: r.argument_count,
        comment_count: r.comment_count,
        author_name: r.author_name,
        created_at: r.created_at,
    }
}

/// The excerpt shown on cards, derived from the Markdown when the idea is saved.
#[cfg(feature = "ssr")]
fn excerpt_of(body: &str) -> String {
    super::rules::excerpt(&crate::server::markdown::plain_text(body), 180)
}

#[server]
pub async fn idea_data(id: i64) -> Result<IdeaView, AppError> {
    use crate::server::context::{current_user, db, request_lang, take_flash};
    let lang = request_lang();
    let db = db()?;
    let viewer = current_user().await?;
    let viewer_id = viewer.as_ref().map(|u| u.id).unwrap_or(0);
    let idea = db.idea(id, viewer_id).await?.ok_or(AppError::NotFound)?;
    let group = db
        .group(idea.consultation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let arguments = db.arguments_of(id, viewer_id).await?;
    let comments = db.comments_of(id).await?;
    let group_card = crate::consultations::api::group_card(lang, &group);
    Ok(IdeaView {
        id: idea.id,
        group_id: group.id,
        group_name: group_card.name,
        community_slug: group.community_slug,
        community_name: match lang {
            Lang::Sl => group.community_name_sl,
            Lang::En => group.community_name_en,
        },
        title: idea.title,
        body_html: crate::server::markdown::render_markdown(&idea.body),
        category: pick(lang, idea.category_sl, idea.category_en),
        status: super::rules::Status::parse(&idea.status),
        status_note: idea.status_note,
        author_name: idea.author_name,
        created_at: idea.created_at,
        tally: tally(idea.up_count, idea.down_count, idea.my_vote),
        can_edit: viewer
            .as_ref()
            .is_some_and(|u| super::rules::can_edit_idea(u.id, u.role, idea.author_id)),
        signed_in: viewer.is_some(),
        arguments: arguments
            .into_iter()
            .map(crate::arguments::ArgumentView::from)
            .collect(),
        comments: comments
            .into_iter()
            .map(crate::comments::CommentView::from)
            .collect(),
        flash: take_flash().await?,
    })
}

/// The form for a new idea in `group_id`, or for editing `idea_id`.
#[server]
pub async fn idea_form_data(
    group_id: Option<i64>,
    idea_id: Option<i64>,
) -> Result<IdeaFormView, AppError> {
    use crate::server::context::{db, request_lang, require_user, take_flash};
    let lang = request_lang();
    let user = require_user().await?;
    let db = db()?;
    let (group_id, draft) = match idea_id {
        Some(id) => {
            let idea = db.idea(id, user.id).await?.ok_or(AppError::NotFound)?;
            if !super::rules::can_edit_idea(user.id, user.role, idea.author_id) {
                return Err(AppError::Forbidden);
            }
            let draft = IdeaDraft {
                title: idea.title,
                body: idea.body,
                category: idea.category_id.map(|c| c.to_string()).unwrap_or_default(),
            };
            (idea.consultation_id, draft)
        }
        None => (group_id.ok_or(AppError::NotFound)?, IdeaDraft::default()),
    };
    let group = db.group(group_id).await?.ok_or(AppError::NotFound)?;
    let categories = db
        .categories(group.community_id)
        .await?
        .into_iter()
        .map(|(id, sl, en)| (id, if lang == Lang::Sl { sl } else { en }))
        .collect();
    Ok(IdeaFormView {
        group_id,
        group_name: crate::consultations::api::group_card(lang, &group).name,
        idea_id,
        draft,
        categories,
        flash: take_flash().await?,
    })
}

#[cfg(feature = "ssr")]
async fn validated(
    db: &db::Db,
    group_id: i64,
    draft: &IdeaDraft,
) -> Result<super::rules::ValidIdea, AppError> {
    let group = db.group(group_id).await?.ok_or(AppError::NotFound)?;
    let allowed: Vec<i64> = db
        .categories(group.community_id)
        .await?
        .into_iter()
        .map(|(id, _, _)| id)
        .collect();
    super::rules::validate_idea(draft, &allowed)
}

#[server]
pub async fn create_idea(
    group_id: i64,
    title: String,
    body: String,
    category: String,
) -> Result<(), AppError> {
    use crate::server::context::{check_rate, db, finish_form, require_user};
    let draft = IdeaDraft {
        title,
        body,
        category,
    };
    let result = async {
        let user = require_user().await?;
        check_rate(crate::server::rate_limit::Limit::Posting)?;
        let db = db()?;
        let valid = validated(&db, group_id, &draft).await?;
        let id = db
            .create_idea(db::NewIdea {
                group_id,
                author_id: user.id,
                category_id: valid.category_id,
                title: &valid.title,
                body: &valid.body,
                excerpt: &excerpt_of(&valid.body),
            })
            .await?;
        leptos_axum::redirect(&format!("/ideas/{id}"));
        Ok(())
    }
    .await;
    finish_form("idea", &draft_values(&draft), result).await
}

#[server]
pub async fn update_idea(
    idea_id: i64,
    title: String,
    body: String,
    category: String,
) -> Result<(), AppError> {
    use crate::server::context::{check_rate, db, finish_form, require_user};
    let draft = IdeaDraft {
        title,
        body,
        category,
    };
    let result = async {
        let user = require_user().await?;
        check_rate(crate::server::rate_limit::Limit::Posting)?;
        let db = db()?;
        let idea = db.idea(idea_id, user.id).await?.ok_or(AppError::NotFound)?;
        if !super::rules::can_edit_idea(user.id, user.role, idea.author_id) {
            return Err(AppError::Forbidden);
        }
        let valid = validated(&db, idea.consultation_id, &draft).await?;
        db.update_idea(
            idea_id,
            &valid.title,
            &valid.body,
            &excerpt_of(&valid.body),
            valid.category_id,
        )
        .await?;
        leptos_axum::redirect(&format!("/ideas/{idea_id}"));
        Ok(())
    }
    .await;
    finish_form("idea", &draft_values(&draft), result).await
}

#[cfg(feature = "ssr")]
fn draft_values(d: &IdeaDraft) -> [(&str, &str); 3] {
    [
        ("title", &d.title),
        ("body", &d.body),
        ("category", &d.category),
    ]
}
