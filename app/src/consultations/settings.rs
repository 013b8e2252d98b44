//! Setting up from the browser: a new community (site administrators), a community's texts,
//! consultations and categories, and each consultation's texts, order, dates and archive.

use super::rules::{ConsultationForm, Texts};
use super::server_fns::{
    community_settings_data, consultation_settings_data, SaveCategory, SaveCommunity,
    SaveConsultation,
};
use super::{CategorySettings, CommunitySettingsView, ConsultationSettingsView};
use crate::form::{Flash, FormErrorSummary, FormState};
use crate::i18n::{tf, tr, use_lang, Msg};
use crate::ui::{loaded, param, Breadcrumbs, Field, PageMeta};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// Name and description in each language; `form` is the flash key and id prefix.
#[component]
fn TextFields(form: &'static str, state: FormState, stored: Texts) -> impl IntoView {
    let v = |field: &str, stored: &str| state.value_or(field, stored.to_string());
    view! {
        <Field form=form name="name_sl" label=Msg::NameSl state=state.clone() value=v("name_sl", &stored.name_sl)/>
        <Field form=form name="name_en" label=Msg::NameEn hint=Msg::NameEnHint state=state.clone()
            value=v("name_en", &stored.name_en)/>
        <Field form=form name="description_sl" label=Msg::DescriptionSl hint=Msg::MarkdownHint
            state=state.clone() multiline=true rows=5 value=v("description_sl", &stored.description_sl)/>
        <Field form=form name="description_en" label=Msg::DescriptionEn hint=Msg::MarkdownHint
            state=state.clone() multiline=true rows=5 value=v("description_en", &stored.description_en)/>
    }
}

#[component]
pub fn NewCommunityPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| super::server_fns::new_community_data());
    loaded(
        data,
        Msg::NewCommunity,
        |flash| view! { <NewCommunity flash/> },
    )
}

#[component]
fn NewCommunity(flash: Option<Flash>) -> impl IntoView {
    let state = FormState::new("community", flash);
    view! {
        <PageMeta title=tr(Msg::NewCommunity) description=tr(Msg::NewCommunityIntro)/>
        <section class="narrow">
            <h1>{tr(Msg::NewCommunity)}</h1>
            <p>{tr(Msg::NewCommunityIntro)}</p>
            <form method="post" action=SaveCommunity::url() class="stack" novalidate>
                <FormErrorSummary state=state.clone()/>
                <input type="hidden" name="community_id" value="0"/>
                <Field form="community" name="slug" label=Msg::Slug hint=Msg::SlugHint state=state.clone()
                    value=state.value("slug")/>
                <TextFields form="community" state=state.clone() stored=Texts::default()/>
                <button type="submit" class="primary">{tr(Msg::CreateCommunity)}</button>
            </form>
        </section>
    }
}

#[component]
pub fn CommunitySettingsPage() -> impl IntoView {
    let slug = param("slug");
    let data = Resource::new(slug, community_settings_data);
    loaded(
        data,
        Msg::CommunitySettings,
        |s| view! { <CommunitySettings s/> },
    )
}

#[component]
fn CommunitySettings(s: CommunitySettingsView) -> impl IntoView {
    let lang = use_lang();
    let state = FormState::new("community", s.flash.clone());
    let title = tf(lang, Msg::CommunitySettingsOf, &[("name", &s.name)]);
    let base = format!("/communities/{}", s.slug);
    let export_choices: Vec<(i64, String)> = s
        .consultations
        .iter()
        .map(|(id, name, _)| (*id, name.clone()))
        .collect();
    view! {
        <PageMeta title=title.clone() description=tr(Msg::CommunitySettingsIntro)/>
        <Breadcrumbs items=vec![
            (base.clone(), s.name.clone()),
            (format!("{base}/settings"), tr(Msg::CommunitySettings).to_string()),
        ]/>
        <h1>{title}</h1>
        <p>{tr(Msg::CommunitySettingsIntro)}</p>
        <section aria-labelledby="consultations-heading">
            <h2 id="consultations-heading">{tr(Msg::Consultations)}</h2>
            <ul class="people">
                {s.consultations.into_iter().map(|(id, name, archived)| view! {
                    <li class="person">
                        <a class="person-name" href=format!("/consultations/{id}")>{name}</a>
                        {archived.then(|| view! { <span class="meta">{tr(Msg::Archived)}</span> })}
                        <a href=format!("/consultations/{id}/settings")>{tr(Msg::EditSettings)}</a>
                    </li>
                }).collect_view()}
            </ul>
            <p><a class="button primary" href=format!("{base}/consultations/new")>{tr(Msg::NewConsultation)}</a></p>
        </section>
        <section id="categories" aria-labelledby="categories-heading">
            <h2 id="categories-heading">{tr(Msg::Categories)}</h2>
            <p>{tr(Msg::CategoriesIntro)}</p>
            {s.categories.into_iter().map(|c| view! {
                <CategoryForm community_id=s.community_id slug=s.slug.clone() c=Some(c) flash=s.flash.clone()/>
            }).collect_view()}
            <CategoryForm community_id=s.community_id slug=s.slug.clone() c=None flash=s.flash.clone()/>
        </section>
        <crate::places::view::AreasSection slug=s.slug.clone() areas=s.areas.clone() flash=s.flash.clone()/>
        <section id="export" aria-labelledby="export-heading">
            <h2 id="export-heading">{tr(Msg::ExportResults)}</h2>
            <p>{tr(Msg::ExportIntro)}</p>
            <form method="post" action=format!("{base}/export") class="stack" id="export-form"
                data-preparing=tr(Msg::ExportPreparing) data-received=tr(Msg::ExportReceived)
                data-done=tr(Msg::ExportDone) data-failed=tr(Msg::ExportFailed)>
                <div class="field">
                    <label for="export-consultation">{tr(Msg::ExportScope)}</label>
                    <select id="export-consultation" name="consultation">
                        <option value="">{tr(Msg::ExportAllConsultations)}</option>
                        {export_choices.into_iter().map(|(id, name)| view! {
                            <option value=id>{name}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="export-format">{tr(Msg::ExportFormat)}</label>
                    <select id="export-format" name="format">
                        {crate::exports::rules::Format::ALL.into_iter().map(|(value, label)| view! {
                            <option value=value>{tr(label)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="choice">
                    <input type="checkbox" id="export-hidden" name="hidden" value="1"/>
                    <label for="export-hidden">{tr(Msg::ExportIncludeHidden)}</label>
                </div>
                <button type="submit">{tr(Msg::Download)}</button>
                <progress id="export-bar" hidden aria-labelledby="export-heading"></progress>
                <p id="export-status" role="status" hidden></p>
            </form>
            // Raw (not escaped as text): it is our own file.
            <script type="module" nonce=leptos::nonce::use_nonce() inner_html=include_str!("../exports/progress.js")></script>
        </section>
        <section aria-labelledby="texts-heading">
            <h2 id="texts-heading">{tr(Msg::CommunityTexts)}</h2>
            <form method="post" action=SaveCommunity::url() class="stack" novalidate>
                <FormErrorSummary state=state.clone()/>
                <input type="hidden" name="community_id" value=s.community_id/>
                <input type="hidden" name="slug" value=s.slug.clone()/>
                <TextFields form="community" state=state.clone() stored=s.texts/>
                <button type="submit" class="primary">{tr(Msg::SaveSettings)}</button>
            </form>
        </section>
    }
}

/// One category's names and place in the list (`c` None: a new category), a small form of
/// its own; an existing one can also be removed (its ideas stay, without a category).
#[component]
fn CategoryForm(
    community_id: i64,
    slug: String,
    c: Option<CategorySettings>,
    flash: Option<Flash>,
) -> impl IntoView {
    let id = c.as_ref().map_or(0, |c| c.id);
    let key = format!("category-{id}");
    let state = FormState::new(&key, flash);
    let stored = c.clone().unwrap_or(CategorySettings {
        id: 0,
        name_sl: String::new(),
        name_en: String::new(),
        position: 0,
    });
    let sl = state.value_or("name_sl", stored.name_sl.clone());
    let en = state.value_or("name_en", stored.name_en.clone());
    let position = state.value_or("position", stored.position.to_string());
    let invalid = |field: &str| state.error(field).is_some().then_some("true");
    let (sl_invalid, position_invalid) = (invalid("name_sl"), invalid("position"));
    let (sl_id, en_id, pos_id) = (
        format!("{key}-name_sl"),
        format!("{key}-name_en"),
        format!("{key}-position"),
    );
    let (legend, button) = match id {
        0 => (tr(Msg::NewCategory).to_string(), Msg::AddCategory),
        _ => (stored.name_sl.clone(), Msg::SaveCategory),
    };
    view! {
        <form method="post" action=SaveCategory::url() class="category-form" novalidate>
            <fieldset>
                <legend>{legend}</legend>
                <FormErrorSummary state=state.clone()/>
                <input type="hidden" name="community_id" value=community_id/>
                <input type="hidden" name="category_id" value=id/>
                <input type="hidden" name="slug" value=slug/>
                <div class="field">
                    <label for=sl_id.clone()>{tr(Msg::NameSl)}</label>
                    <input id=sl_id name="name_sl" value=sl aria-invalid=sl_invalid/>
                </div>
                <div class="field">
                    <label for=en_id.clone()>{tr(Msg::NameEn)}</label>
                    <input id=en_id name="name_en" value=en/>
                </div>
                {(id > 0).then(|| view! {
                    <div class="field">
                        <label for=pos_id.clone()>{tr(Msg::Position)}</label>
                        <input id=pos_id type="number" min="0" max="10000" name="position" value=position
                            aria-invalid=position_invalid/>
                    </div>
                })}
                <div class="actions">
                    <button type="submit">{tr(button)}</button>
                    {(id > 0).then(|| view! {
                        <button type="submit" name="remove" value="1">{tr(Msg::RemoveCategory)}</button>
                    })}
                </div>
            </fieldset>
        </form>
    }
}

#[component]
pub fn NewConsultationPage() -> impl IntoView {
    let slug = param("slug");
    let data = Resource::new(slug, |s| consultation_settings_data(s, 0));
    loaded(
        data,
        Msg::NewConsultation,
        |s| view! { <ConsultationSettings s/> },
    )
}

#[component]
pub fn ConsultationSettingsPage() -> impl IntoView {
    let id = param("id");
    let data = Resource::new(
        move || id().parse::<i64>().unwrap_or(-1),
        |id| consultation_settings_data(String::new(), id),
    );
    loaded(
        data,
        Msg::ConsultationSettings,
        |s| view! { <ConsultationSettings s/> },
    )
}

#[component]
fn ConsultationSettings(s: ConsultationSettingsView) -> impl IntoView {
    let lang = use_lang();
    let state = FormState::new("consultation", s.flash.clone());
    let f: ConsultationForm = s.form.clone();
    let title = match s.consultation_id {
        Some(_) => tf(
            lang,
            Msg::ConsultationSettingsOf,
            &[("name", &f.texts.name_sl)],
        ),
        None => tr(Msg::NewConsultation).to_string(),
    };
    let v = |field: &str, stored: &str| state.value_or(field, stored.to_string());
    let archived = match state.has_errors() {
        true => state.value("archived") == "1",
        false => f.archived,
    };
    let guests = match state.has_errors() {
        true => state.value("guests") == "1",
        false => f.guests,
    };
    let statements = match state.has_errors() {
        true => state.value("format") == "statements",
        false => f.statements,
    };
    let base = format!("/communities/{}", s.community_slug);
    view! {
        <PageMeta title=title.clone() description=tr(Msg::ConsultationSettingsIntro)/>
        <Breadcrumbs items=vec![
            (base.clone(), s.community_name.clone()),
            (format!("{base}/settings"), tr(Msg::CommunitySettings).to_string()),
        ]/>
        <section class="narrow">
            <h1>{title}</h1>
            <p>{tr(Msg::ConsultationSettingsIntro)}</p>
                <form method="post" action=SaveConsultation::url() class="stack" novalidate>
                <FormErrorSummary state=state.clone()/>
                <input type="hidden" name="community_id" value=s.community_id/>
                <input type="hidden" name="consultation_id" value=s.consultation_id.unwrap_or(0)/>
                <TextFields form="consultation" state=state.clone() stored=f.texts.clone()/>
                <Field form="consultation" name="position" label=Msg::Position hint=Msg::PositionHint
                    kind="number" state=state.clone() value=v("position", &f.position)/>
                <fieldset>
                    <legend>{tr(Msg::Phases)}</legend>
                    <p class="hint">{tf(lang, Msg::PhasesHint, &[("zone", crate::time::site_zone_name())])}</p>
                    <Field form="consultation" name="opens_at" label=Msg::OpensAt kind="datetime-local"
                        state=state.clone() value=v("opens_at", &f.opens_at)/>
                    <Field form="consultation" name="proposals_until" label=Msg::ProposalsUntil
                        hint=Msg::ProposalsUntilHint kind="datetime-local" state=state.clone()
                        value=v("proposals_until", &f.proposals_until)/>
                    <Field form="consultation" name="voting_until" label=Msg::VotingUntil
                        hint=Msg::VotingUntilHint kind="datetime-local" state=state.clone()
                        value=v("voting_until", &f.voting_until)/>
                </fieldset>
                <div class="choice">
                    <input type="checkbox" id="consultation-archived" name="archived" value="1" checked=archived/>
                    <label for="consultation-archived">{tr(Msg::ArchiveConsultation)}</label>
                </div>
                <fieldset>
                    <legend>{tr(Msg::ConsultationFormat)}</legend>
                    <div class="choice">
                        <input type="radio" id="consultation-format-ideas" name="format" value="ideas"
                            checked=!statements aria-describedby="consultation-format-ideas-hint"/>
                        <label for="consultation-format-ideas">{tr(Msg::FormatIdeas)}</label>
                    </div>
                    <p class="hint" id="consultation-format-ideas-hint">{tr(Msg::FormatIdeasHint)}</p>
                    <div class="choice">
                        <input type="radio" id="consultation-format-statements" name="format" value="statements"
                            checked=statements aria-describedby="consultation-format-statements-hint"/>
                        <label for="consultation-format-statements">{tr(Msg::FormatStatements)}</label>
                    </div>
                    <p class="hint" id="consultation-format-statements-hint">{tr(Msg::FormatStatementsHint)}</p>
                </fieldset>
                <fieldset>
                    <legend>{tr(Msg::Participation)}</legend>
                    <div class="choice">
                        <input type="checkbox" id="consultation-guests" name="guests" value="1" checked=guests
                            aria-describedby="consultation-guests-hint"/>
                        <label for="consultation-guests">{tr(Msg::GuestsWelcome)}</label>
                    </div>
                    <p class="hint" id="consultation-guests-hint">{tr(Msg::GuestsWelcomeHint)}</p>
                </fieldset>
                <button type="submit" class="primary">{tr(match s.consultation_id {
                    Some(_) => Msg::SaveSettings,
                    None => Msg::CreateConsultation,
                })}</button>
            </form>
            {s.consultation_id.map(|id| view! {
                <crate::participation::pages::QuestionsSettings consultation_id=id
                    questions=s.questions.clone() flash=s.flash.clone()/>
                <CoverForm id cover=s.cover.clone() flash=s.flash.clone()/>
            })}
        </section>
    }
}

/// Uploads or removes the cover picture: a form of its own (a file goes as multipart, to a
/// handler with a larger body limit; see the server's `covers`).
#[component]
fn CoverForm(id: i64, cover: Option<super::CoverImage>, flash: Option<Flash>) -> impl IntoView {
    let state = FormState::new("cover", flash);
    let has_cover = cover.is_some();
    view! {
        <section id="cover" aria-labelledby="cover-heading">
            <h2 id="cover-heading">{tr(Msg::CoverImage)}</h2>
            <p>{tr(Msg::CoverIntro)}</p>
            {cover.map(|c| view! {
                <img class="cover-preview" src=c.src alt=tr(Msg::CurrentCover) width=c.width height=c.height/>
            })}
            <form method="post" action=format!("/consultations/{id}/cover") enctype="multipart/form-data"
                class="stack" novalidate>
                <FormErrorSummary state=state.clone()/>
                <Field form="cover" name="cover" label=Msg::CoverFile hint=Msg::CoverFileHint kind="file"
                    accept="image/jpeg,image/png,image/webp" state=state.clone() value=""/>
                <div class="actions">
                    <button type="submit" class="primary">{tr(Msg::UploadCover)}</button>
                    {has_cover.then(|| view! {
                        <button type="submit" name="remove" value="1">{tr(Msg::RemoveCover)}</button>
                    })}
                </div>
            </form>
        </section>
    }
}
