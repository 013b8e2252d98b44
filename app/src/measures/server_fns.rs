//! The measures' pages' loaders and forms. Thin: context → service → redirect or kept form.

use super::{HistoryView, ImplementationView, ManageView};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn ids(list: Option<Vec<String>>) -> Result<Vec<i64>, AppError> {
    list.unwrap_or_default()
        .iter()
        .map(|s| s.trim().parse().map_err(|_| AppError::BadRequest))
        .collect()
}

/// The page of a measure's administrators (`id` > 0), or the form of a new measure in
/// `consultation` with `ideas` ("3,8") ticked.
#[server]
pub async fn manage_data(
    id: i64,
    consultation: i64,
    ideas: String,
) -> Result<ManageView, AppError> {
    use crate::request::{request_ctx, take_flash};
    let ctx = request_ctx().await?;
    let chosen: Vec<i64> = ideas
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let mut view = super::service::manage_view(&ctx, id, consultation, &chosen).await?;
    view.flash = take_flash().await?;
    Ok(view)
}

#[server]
pub async fn history_data(id: i64) -> Result<HistoryView, AppError> {
    use crate::request::request_ctx;
    super::service::history(&request_ctx().await?, id).await
}

#[server]
pub async fn implementation_data(
    slug: String,
    status: String,
    goal: String,
) -> Result<ImplementationView, AppError> {
    use crate::request::{request_ctx, take_flash};
    let mut view =
        super::service::implementation(&request_ctx().await?, &slug, &status, &goal).await?;
    // Only an administrator has an import's report waiting; nobody else gets a session read.
    if view.can_manage {
        view.flash = take_flash().await?;
    }
    Ok(view)
}

/// A new measure (`measure_id` 0, in `consultation_id`) or a measure's changed fields and
/// sources (`ideas[N]` = an idea id).
#[server]
#[allow(clippy::too_many_arguments)]
pub async fn save_measure(
    measure_id: i64,
    consultation_id: i64,
    title: String,
    body: String,
    responsible: String,
    starts_on: String,
    ends_on: String,
    status: String,
    parent: String,
    progress: String,
    ideas: Option<Vec<String>>,
) -> Result<(), AppError> {
    use super::rules::*;
    use crate::request::{finish_form, request_ctx};
    let draft = MeasureDraft {
        title,
        body,
        responsible,
        starts_on,
        ends_on,
        status,
        parent,
        progress,
    };
    let chosen = ideas.clone().unwrap_or_default().join(",");
    let result = async {
        let ctx = request_ctx().await?;
        let ideas = ids(ideas)?;
        let id = match measure_id {
            0 => super::service::create_measure(&ctx, consultation_id, &draft, &ideas).await?,
            id => {
                super::service::update_measure(&ctx, id, &draft, &ideas).await?;
                id
            }
        };
        leptos_axum::redirect(&crate::notices::with_notice(
            &format!("/measures/{id}/manage"),
            crate::notices::Notice::MeasureSaved,
        ));
        Ok(())
    }
    .await;
    let values = [
        ("title", draft.title.as_str(), MAX_TITLE_CHARS),
        ("body", draft.body.as_str(), MAX_BODY_CHARS),
        (
            "responsible",
            draft.responsible.as_str(),
            MAX_RESPONSIBLE_CHARS,
        ),
        ("starts_on", draft.starts_on.as_str(), 10),
        ("ends_on", draft.ends_on.as_str(), 10),
        ("status", draft.status.as_str(), 20),
        ("parent", draft.parent.as_str(), 20),
        ("progress", draft.progress.as_str(), 10),
        ("ideas", chosen.as_str(), 2000),
    ];
    finish_form("measure", &values, result).await
}

/// A new indicator of a measure (`indicator_id` 0) or an indicator's changed definition.
#[server]
pub async fn save_indicator(
    measure_id: i64,
    indicator_id: i64,
    name: String,
    unit: String,
    baseline: String,
    target: String,
    due_on: String,
) -> Result<(), AppError> {
    use super::rules::*;
    use crate::request::{finish_form, request_ctx};
    let draft = IndicatorDraft {
        name,
        unit,
        baseline,
        target,
        due_on,
    };
    let result = async {
        let ctx = request_ctx().await?;
        let id = super::service::save_indicator(&ctx, measure_id, indicator_id, &draft).await?;
        leptos_axum::redirect(&crate::notices::with_notice_at(
            &format!("/measures/{measure_id}/manage"),
            crate::notices::Notice::Saved,
            &format!("indicator-{id}"),
        ));
        Ok(())
    }
    .await;
    let values = [
        ("name", draft.name.as_str(), MAX_INDICATOR_NAME_CHARS),
        ("unit", draft.unit.as_str(), MAX_UNIT_CHARS),
        ("baseline", draft.baseline.as_str(), 30),
        ("target", draft.target.as_str(), 30),
        ("due_on", draft.due_on.as_str(), 10),
    ];
    finish_form(&format!("indicator-{indicator_id}"), &values, result).await
}

/// A new reading of an indicator (`reading_id` 0) or a correction of one.
#[server]
pub async fn save_reading(
    measure_id: i64,
    indicator_id: i64,
    reading_id: i64,
    taken_on: String,
    value: String,
    note: String,
    source: String,
) -> Result<(), AppError> {
    use super::rules::*;
    use crate::request::{finish_form, request_ctx};
    let draft = ReadingDraft {
        taken_on,
        value,
        note,
        source,
    };
    let result = async {
        let ctx = request_ctx().await?;
        super::service::save_reading(&ctx, indicator_id, reading_id, &draft).await?;
        leptos_axum::redirect(&crate::notices::with_notice_at(
            &format!("/measures/{measure_id}/manage"),
            crate::notices::Notice::Saved,
            &format!("indicator-{indicator_id}"),
        ));
        Ok(())
    }
    .await;
    let values = [
        ("taken_on", draft.taken_on.as_str(), 10),
        ("value", draft.value.as_str(), 30),
        ("note", draft.note.as_str(), MAX_NOTE_CHARS),
        ("source", draft.source.as_str(), MAX_SOURCE_CHARS),
    ];
    finish_form(
        &format!("reading-{indicator_id}-{reading_id}"),
        &values,
        result,
    )
    .await
}

/// A progress update on a measure; everyone concerned is told.
#[server]
pub async fn post_update(measure_id: i64, body: String) -> Result<(), AppError> {
    use crate::request::{finish_form, request_ctx};
    let result = async {
        let ctx = request_ctx().await?;
        let (_, told) = super::service::post_update(&ctx, measure_id, &body).await?;
        leptos_axum::redirect(&format!(
            "/measures/{measure_id}/manage?told={told}#updates"
        ));
        Ok(())
    }
    .await;
    let values = [("body", body.as_str(), super::rules::MAX_UPDATE_CHARS)];
    finish_form("update", &values, result).await
}
