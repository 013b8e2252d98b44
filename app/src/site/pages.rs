//! The site administrator's page for the site's look, and the header's brand.

use super::server_fns::{look_settings_data, SaveSiteLook};
use super::LookSettings;
use crate::form::{FormErrorSummary, FormState};
use crate::i18n::{tr, Msg};
use crate::ui::{loaded, Field, PageMeta};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn LookPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| look_settings_data());
    loaded(data, Msg::SiteLookTitle, |s| view! { <LookForm s/> })
}

#[component]
fn LookForm(s: LookSettings) -> impl IntoView {
    let state = FormState::new("look", s.flash.clone());
    let f = s.form.clone();
    let v = |field: &str, stored: &str| state.value_or(field, stored.to_string());
    let colour = v("colour", &f.colour);
    let colour_error = state.error("colour");
    view! {
        <PageMeta title=tr(Msg::SiteLookTitle) description=tr(Msg::SiteLookIntro)/>
        <section class="narrow">
            <h1>{tr(Msg::SiteLookTitle)}</h1>
            <p>{tr(Msg::SiteLookIntro)}</p>
            <form method="post" action=SaveSiteLook::url() class="stack" novalidate>
                <FormErrorSummary state=state.clone()/>
                <Field form="look" name="name" label=Msg::SiteName hint=Msg::SiteNameHint
                    state=state.clone() value=v("name", &f.name)/>
                <Field form="look" name="tagline_sl" label=Msg::TaglineSl hint=Msg::TaglineHint
                    state=state.clone() value=v("tagline_sl", &f.tagline_sl)/>
                <Field form="look" name="tagline_en" label=Msg::TaglineEn
                    state=state.clone() value=v("tagline_en", &f.tagline_en)/>
                <div class="field" class:has-error=colour_error.is_some()>
                    <label for="look-colour">{tr(Msg::BrandColour)}</label>
                    <p class="hint" id="look-colour-hint">{tr(Msg::BrandColourHint)}</p>
                    // A text field: it takes a typed code and works in every browser; a swatch
                    // beside it would need a style attribute, which the page policy refuses.
                    <input id="look-colour" name="colour" value=colour maxlength="20"
                        autocomplete="off" aria-describedby="look-colour-hint"
                        aria-invalid=colour_error.is_some().then_some("true")/>
                    {colour_error.map(|m| view! { <p class="field-error">{tr(m)}</p> })}
                </div>
                <button type="submit" class="primary">{tr(Msg::SaveSettings)}</button>
            </form>
            {s.stored.then(|| view! { <LogoForm logo=s.logo.clone() flash=s.flash.clone()/> })}
        </section>
    }
}

#[component]
fn LogoForm(
    logo: Option<crate::consultations::CoverImage>,
    flash: Option<crate::form::Flash>,
) -> impl IntoView {
    let state = FormState::new("logo", flash);
    view! {
        <section id="logo" aria-labelledby="logo-heading">
            <h2 id="logo-heading">{tr(Msg::SiteLogo)}</h2>
            {logo.clone().map(|l| view! {
                <p><img class="logo-preview" src=l.src alt=tr(Msg::SiteLogoCurrent) width=l.width height=l.height/></p>
            })}
            <form method="post" action="/site/logo" enctype="multipart/form-data" class="stack" novalidate>
                <FormErrorSummary state=state.clone()/>
                <Field form="logo" name="logo" label=Msg::SiteLogoFile hint=Msg::SiteLogoHint
                    state=state.clone() kind="file" accept="image/jpeg,image/png,image/webp" value=""/>
                <div class="actions">
                    <button type="submit" class="primary">{tr(Msg::UploadLogo)}</button>
                    {logo.is_some().then(|| view! {
                        <button type="submit" name="remove" value="1">{tr(Msg::RemoveLogo)}</button>
                    })}
                </div>
            </form>
        </section>
    }
}
