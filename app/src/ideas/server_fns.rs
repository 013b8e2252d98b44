#[cfg(feature = "ssr")]
use super::rules::IdeaDraft;
use super::{IdeaFormView, IdeaView};
use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn idea_data(id: i64) -> Result<IdeaView, AppError> {
    use crate::request::{request_ctx, take_flash};
    let ctx = request_ctx().await?;
    let mut page = super::service::idea_page(&ctx, id).await?;
    if page.withheld {
        // Nothing of a hidden idea leaves the server but the fact and its rule.
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(http::StatusCode::GONE);
        }
    }
    page.flash = take_flash().await?;
    Ok(page)
}

/// An idea's earlier versions. A hidden idea's history is as hidden as the idea.
#[server]
pub async fn idea_history(id: i64) -> Result<super::IdeaHistoryView, AppError> {
    let ctx = crate::request::request_ctx().await?;
    super::service::idea_history(&ctx, id).await
}

/// The form for a new idea in `consultation_id`, or for editing `idea_id`.
#[server]
pub async fn idea_form_data(
    consultation_id: Option<i64>,
    idea_id: Option<i64>,
) -> Result<IdeaFormView, AppError> {
    use crate::request::{request_ctx, take_flash};
    let ctx = request_ctx().await?;
    let flash = take_flash().await?;
    super::service::idea_form(&ctx, consultation_id, idea_id, flash).await
}

#[server]
pub async fn create_idea(
    consultation_id: i64,
    title: String,
    body: String,
    category: String,
    area: Option<String>,
    point: Option<String>,
    check: Option<String>,
) -> Result<(), AppError> {
    let draft = IdeaDraft {
        title,
        body,
        category,
        area: area.unwrap_or_default(),
        point: point.unwrap_or_default(),
    };
    if check.is_some() {
        // The form's first step: back to it, filled in, with the similar ideas listed.
        use crate::request::keep_form;
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
    area: Option<String>,
    point: Option<String>,
) -> Result<(), AppError> {
    let draft = IdeaDraft {
        title,
        body,
        category,
        area: area.unwrap_or_default(),
        point: point.unwrap_or_default(),
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
    use crate::request::{check_rate, finish_form, request_ctx};
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
fn draft_values(d: &IdeaDraft) -> [(&str, &str, usize); 5] {
    use super::rules::{MAX_DESCRIPTION_CHARS, MAX_TITLE_CHARS};
    [
        ("title", &d.title, MAX_TITLE_CHARS),
        ("body", &d.body, MAX_DESCRIPTION_CHARS),
        ("category", &d.category, 20),
        ("area", &d.area, 20),
        ("point", &d.point, 50),
    ]
}

/// The official-answers page of a consultation (its administrators): ideas by support, 50 a
/// page, to answer one by one or many at once.
#[server]
pub async fn answers_data(id: i64, page: String) -> Result<super::AnswersView, AppError> {
    use crate::request::{request_ctx, take_flash};
    let ctx = request_ctx().await?;
    let mut view = super::service::answers_page(&ctx, id, &page).await?;
    view.flash = take_flash().await?;
    Ok(view)
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
    use crate::request::{finish_form, request_ctx};
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
