//! The look's settings page and form: build the request's context, call the service, report.

use super::LookSettings;
use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn look_settings_data() -> Result<LookSettings, AppError> {
    use crate::request::{request_ctx, take_flash};
    let ctx = request_ctx().await?;
    let mut settings = super::service::settings(&ctx).await?;
    settings.flash = take_flash().await?;
    Ok(settings)
}

#[server]
pub async fn save_site_look(
    name: String,
    tagline_sl: String,
    tagline_en: String,
    colour: String,
) -> Result<(), AppError> {
    use super::rules::{LookForm, MAX_NAME_CHARS, MAX_TAGLINE_CHARS};
    use crate::request::{finish_form, request_ctx};
    let form = LookForm {
        name,
        tagline_sl,
        tagline_en,
        colour,
    };
    let result = async {
        let ctx = request_ctx().await?;
        super::service::save(&ctx, &form).await?;
        leptos_axum::redirect(&crate::notices::with_notice(
            "/site/look",
            crate::notices::Notice::Saved,
        ));
        Ok(())
    }
    .await;
    let values = [
        ("name", form.name.as_str(), MAX_NAME_CHARS),
        ("tagline_sl", form.tagline_sl.as_str(), MAX_TAGLINE_CHARS),
        ("tagline_en", form.tagline_en.as_str(), MAX_TAGLINE_CHARS),
        ("colour", form.colour.as_str(), 20),
    ];
    finish_form("look", &values, result).await
}
