//! `/surveys/:id/build`: where a consultation's administrators set a survey up — its texts,
//! dates and who sees the results; its questions page by page (add, edit, move, remove); and
//! its export.

use super::server_fns::{build_data, ChangeQuestion, SaveSurvey};
use super::{BuildView, Kind, Question};
use crate::form::{FormErrorSummary, FormState};
use crate::i18n::{tf, tr, use_lang, Lang, Msg};
use crate::ui::{loaded, param, query, Breadcrumbs, Field, PageMeta};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn BuildPage() -> impl IntoView {
    let id = param("id");
    let edit = query("edit");
    let data = Resource::new(
        move || (id().parse::<i64>().unwrap_or(0), edit()),
        |(id, edit)| build_data(id, edit),
    );
    loaded(data, Msg::BuildSurvey, |v| view! { <Build v/> })
}

#[component]
fn Build(v: BuildView) -> impl IntoView {
    let lang = use_lang();
    let h = v.head.clone();
    let here = format!("/surveys/{}", h.id);
    let counts = tf(
        lang,
        Msg::SurveyResponseCounts,
        &[
            ("submitted", &v.submitted.to_string()),
            ("drafts", &v.drafts.to_string()),
        ],
    );
    view! {
        <PageMeta title=format!("{} · {}", tr(Msg::BuildSurvey), h.title) description=tr(Msg::BuildSurveyIntro)/>
        <Breadcrumbs items=vec![
            (format!("/communities/{}", h.community_slug), h.community_name.clone()),
            (format!("/consultations/{}", h.consultation_id), h.consultation_name.clone()),
            (format!("/consultations/{}/surveys", h.consultation_id), tr(Msg::SurveysHeading).to_string()),
            (format!("{here}/build"), h.title.clone()),
        ]/>
        <h1>{h.title.clone()}</h1>
        <p class="lead">{tr(Msg::BuildSurveyIntro)}</p>
        <p class="meta">{counts}</p>
        <nav class="community-links" aria-label=tr(Msg::SurveyMore)>
            <ul class="inline-links">
                <li><a href=here.clone()>{tr(Msg::PreviewSurvey)}</a></li>
                <li><a href=format!("{here}/results")>{tr(Msg::SurveyResultsLink)}</a></li>
                <li><a href="#export">{tr(Msg::ExportResults)}</a></li>
            </ul>
        </nav>
        <SettingsForm v=v.clone()/>
        <QuestionList v=v.clone()/>
        <QuestionForm v=v.clone()/>
        <ExportForm survey_id=h.id/>
    }
}

#[component]
fn SettingsForm(v: BuildView) -> impl IntoView {
    let state = FormState::new("survey-settings", v.flash.clone());
    let value = |field: &str, stored: &str| state.value_or(field, stored.to_string());
    let public = match state.has_errors() {
        true => !state.value("results_public").is_empty(),
        false => v.head.results_public,
    };
    view! {
        <section id="settings" aria-labelledby="settings-heading">
            <h2 id="settings-heading">{tr(Msg::SurveySettings)}</h2>
            <form method="post" action=SaveSurvey::url() class="stack" novalidate>
                <FormErrorSummary state=state.clone()/>
                <input type="hidden" name="survey_id" value=v.head.id/>
                <Field form="survey-settings" name="title_sl" label=Msg::NameSl state=state.clone()
                    value=value("title_sl", v.title.exact(Lang::Sl))/>
                <Field form="survey-settings" name="title_en" label=Msg::NameEn hint=Msg::TextEnHint state=state.clone()
                    value=value("title_en", v.title.exact(Lang::En))/>
                <Field form="survey-settings" name="description_sl" label=Msg::DescriptionSl hint=Msg::MarkdownHint
                    multiline=true rows=5 state=state.clone() value=value("description_sl", v.description.exact(Lang::Sl))/>
                <Field form="survey-settings" name="description_en" label=Msg::DescriptionEn
                    multiline=true rows=5 state=state.clone() value=value("description_en", v.description.exact(Lang::En))/>
                <fieldset>
                    <legend>{tr(Msg::SurveyDates)}</legend>
                    <p class="hint">{tr(Msg::SurveyDatesHint)}</p>
                    <Field form="survey-settings" name="opens_on" label=Msg::SurveyOpensOn kind="date" state=state.clone()
                        value=value("opens_on", &v.opens_on)/>
                    <Field form="survey-settings" name="closes_on" label=Msg::SurveyClosesOnLabel kind="date" state=state.clone()
                        value=value("closes_on", &v.closes_on)/>
                </fieldset>
                <fieldset>
                    <legend>{tr(Msg::SurveyResultsWho)}</legend>
                    <div class="choice">
                        <input type="checkbox" id="survey-settings-results_public" name="results_public" value="on" checked=public/>
                        <label for="survey-settings-results_public">{tr(Msg::SurveyResultsPublic)}</label>
                    </div>
                    <Field form="survey-settings" name="min_cell" label=Msg::MinCell hint=Msg::MinCellHint state=state.clone()
                        value=value("min_cell", &v.min_cell.to_string())/>
                </fieldset>
                <button type="submit" class="primary">{tr(Msg::SaveSettings)}</button>
            </form>
        </section>
    }
}

/// A question's condition in words: "Shown when “…” is answered “a” or “b”".
fn condition_text(q: &Question, all: &[Question], lang: Lang) -> Option<String> {
    let c = q.shown_if.as_ref()?;
    let source = all.iter().find(|s| s.id == c.question)?;
    let options = source.options(lang);
    let chosen: Vec<String> = c
        .options
        .iter()
        .filter_map(|i| {
            options.get(*i).map(|o| match lang {
                Lang::Sl => format!("»{o}«"),
                Lang::En => format!("“{o}”"),
            })
        })
        .collect();
    Some(tf(
        lang,
        Msg::ShownWhen,
        &[
            ("question", source.text.get(lang)),
            ("answers", &chosen.join(" / ")),
        ],
    ))
}

#[component]
fn QuestionList(v: BuildView) -> impl IntoView {
    let lang = use_lang();
    let state = FormState::new("questions", v.flash.clone());
    let pages = super::rules::pages(&v.questions);
    let all = v.questions.clone();
    view! {
        <section id="questions" aria-labelledby="questions-heading">
            <h2 id="questions-heading">{tr(Msg::SurveyQuestions)}</h2>
            <FormErrorSummary state=state/>
            {v.locked.then(|| view! { <p class="notice" role="status">{tr(Msg::SurveyLocked)}</p> })}
            {pages.is_empty().then(|| view! { <p class="empty">{tr(Msg::NoQuestionsYet)}</p> })}
            {pages.into_iter().map(|page| {
                let on_page: Vec<Question> = all.iter().filter(|q| q.page == page).cloned().collect();
                let n = on_page.len();
                view! {
                    <h3>{tf(lang, Msg::SurveyPageN, &[("page", &page.to_string())])}</h3>
                    <ol class="question-list">
                        {on_page.into_iter().enumerate().map(|(i, q)| {
                            let condition = condition_text(&q, &all, lang);
                            let options = match q.kind {
                                Kind::Matrix => q.spec.rows.iter().map(|r| r.get(lang).to_string()).collect::<Vec<_>>(),
                                _ => q.options(lang),
                            };
                            let scale = q.kind.has_scale().then(|| format!("{}–{}", q.scale().start(), q.scale().end()));
                            let edit = format!("/surveys/{}/build?edit={}#question-form", v.head.id, q.id);
                            let label = q.text.get(lang).to_string();
                            view! {
                                <li class="card question-card">
                                    <p class="question-text">{label.clone()}</p>
                                    <p class="meta">
                                        <span class="tag">{tr(q.kind.label())}</span> " "
                                        {tr(if q.required { Msg::RequiredQuestion } else { Msg::NotRequired })}
                                        {scale.map(|s| view! { " · " {s} })}
                                    </p>
                                    {(!options.is_empty()).then(|| view! { <p class="meta">{options.join(" · ")}</p> })}
                                    {condition.map(|c| view! { <p class="meta">{c}</p> })}
                                    <div class="inline-forms">
                                        <a href=edit>{tr(Msg::EditSettings)}<span class="visually-hidden">{format!(": {label}")}</span></a>
                                        {(i > 0).then(|| view! { <MoveButton id=q.id change="up" label=Msg::MoveUp what=label.clone()/> })}
                                        {(i + 1 < n).then(|| view! { <MoveButton id=q.id change="down" label=Msg::MoveDown what=label.clone()/> })}
                                        {(!v.locked).then(|| view! { <MoveButton id=q.id change="remove" label=Msg::RemoveQuestion what=label.clone()/> })}
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }
            }).collect_view()}
        </section>
    }
}

#[component]
fn MoveButton(id: i64, change: &'static str, label: Msg, what: String) -> impl IntoView {
    view! {
        <form method="post" action=ChangeQuestion::url() class="inline-form">
            <input type="hidden" name="question_id" value=id/>
            <button type="submit" name="change" value=change>
                {tr(label)}<span class="visually-hidden">{format!(": {what}")}</span>
            </button>
        </form>
    }
}

/// Adds a question, or changes the one being edited. Every kind's settings are on the form
/// (grouped, each group saying which kinds it is for), so it needs no script.
#[component]
fn QuestionForm(v: BuildView) -> impl IntoView {
    let state = FormState::new("question", v.flash.clone());
    let q = v.editing.clone();
    let stored = |f: fn(&Question) -> String| q.as_ref().map(f).unwrap_or_default();
    let val = |field: &str, from: String| match state.has_errors() {
        true => state.value(field),
        false => from,
    };
    let lines = |list: &[crate::i18n::Localized], lang: Lang| {
        list.iter()
            .map(|o| o.exact(lang).to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let kind_now = val("kind", stored(|q| q.kind.as_str().to_string()));
    let kind_now = if kind_now.is_empty() {
        "single".to_string()
    } else {
        kind_now
    };
    let flag = |field: &str, from: bool| match state.has_errors() {
        true => !state.value(field).is_empty(),
        false => from,
    };
    let required = flag("required", q.as_ref().is_some_and(|q| q.required));
    let other = flag("other", q.as_ref().is_some_and(|q| q.spec.other));
    let dropdown = flag("dropdown", q.as_ref().is_some_and(|q| q.spec.dropdown));
    let heading = match q {
        Some(_) => Msg::EditQuestion,
        None => Msg::AddQuestion,
    };
    let page_default = v.questions.iter().map(|q| q.page).max().unwrap_or(1);
    let lang = use_lang();
    let this_page = q.as_ref().map_or(usize::MAX, |q| q.page);
    let sources: Vec<Question> = v
        .questions
        .iter()
        .filter(|s| {
            s.kind == Kind::Single && s.page < this_page && Some(s.id) != q.as_ref().map(|q| q.id)
        })
        .cloned()
        .collect();
    let ticked: Vec<String> = match state.has_errors() {
        true => state.values("shown_if"),
        false => q
            .as_ref()
            .and_then(|q| q.shown_if.as_ref())
            .map(|c| {
                c.options
                    .iter()
                    .map(|o| format!("{}:{o}", c.question))
                    .collect()
            })
            .unwrap_or_default(),
    };
    let locked_kind = v.locked && q.is_some();
    view! {
        <section id="question-form" aria-labelledby="question-form-heading">
            <h2 id="question-form-heading">{tr(heading)}</h2>
            {locked_kind.then(|| view! { <p class="hint">{tr(Msg::SurveyLockedEdit)}</p> })}
            <form method="post" action=format!("/surveys/{}/questions", v.head.id) class="stack" novalidate>
                <FormErrorSummary state=state.clone()/>
                {q.as_ref().map(|q| view! { <input type="hidden" name="question_id" value=q.id/> })}
                <div class="field">
                    <label for="question-kind">{tr(Msg::QuestionKind)}</label>
                    <select id="question-kind" name="kind">
                        {Kind::ALL.into_iter().map(|k| view! {
                            <option value=k.as_str() selected=kind_now == k.as_str()>{tr(k.label())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Field form="question" name="text_sl" label=Msg::QuestionSl multiline=true rows=2 state=state.clone()
                    value=val("text_sl", stored(|q| q.text.exact(Lang::Sl).to_string()))/>
                <Field form="question" name="text_en" label=Msg::QuestionEn hint=Msg::TextEnHint multiline=true rows=2 state=state.clone()
                    value=val("text_en", stored(|q| q.text.exact(Lang::En).to_string()))/>
                <Field form="question" name="page" label=Msg::QuestionPage hint=Msg::QuestionPageHint kind="number" state=state.clone()
                    value=val("page", q.as_ref().map_or(page_default, |q| q.page).to_string())/>
                <div class="choice">
                    <input type="checkbox" id="question-required" name="required" value="on" checked=required/>
                    <label for="question-required">{tr(Msg::QuestionRequired)}</label>
                </div>
                <fieldset>
                    <legend>{tr(Msg::ForChoiceQuestions)}</legend>
                    <Field form="question" name="options_sl" label=Msg::OptionsSl hint=Msg::SurveyOptionsHint multiline=true rows=5
                        state=state.clone() value=val("options_sl", stored(|q| q.spec.options.iter().map(|o| o.exact(Lang::Sl).to_string()).collect::<Vec<_>>().join("\n")))/>
                    <Field form="question" name="options_en" label=Msg::OptionsEn hint=Msg::OptionsEnHint multiline=true rows=5
                        state=state.clone() value=val("options_en", stored(|q| q.spec.options.iter().map(|o| o.exact(Lang::En).to_string()).collect::<Vec<_>>().join("\n")))/>
                    <div class="choice">
                        <input type="checkbox" id="question-other" name="other" value="on" checked=other/>
                        <label for="question-other">{tr(Msg::OfferOther)}</label>
                    </div>
                    <div class="choice">
                        <input type="checkbox" id="question-dropdown" name="dropdown" value="on" checked=dropdown/>
                        <label for="question-dropdown">{tr(Msg::AsDropdown)}</label>
                    </div>
                    <Field form="question" name="max_choices" label=Msg::MaxChoices hint=Msg::MaxChoicesHint kind="number" state=state.clone()
                        value=val("max_choices", stored(|q| q.spec.max_choices.map(|n| n.to_string()).unwrap_or_default()))/>
                </fieldset>
                <fieldset>
                    <legend>{tr(Msg::ForScales)}</legend>
                    <Field form="question" name="min" label=Msg::ScaleMin kind="number" state=state.clone()
                        value=val("min", stored(|q| q.spec.min.map(|n| n.to_string()).unwrap_or_default()))/>
                    <Field form="question" name="max" label=Msg::ScaleMax kind="number" state=state.clone()
                        value=val("max", stored(|q| q.spec.max.map(|n| n.to_string()).unwrap_or_default()))/>
                    <Field form="question" name="low_sl" label=Msg::LowLabelSl state=state.clone()
                        value=val("low_sl", stored(|q| q.spec.low.exact(Lang::Sl).to_string()))/>
                    <Field form="question" name="low_en" label=Msg::LowLabelEn state=state.clone()
                        value=val("low_en", stored(|q| q.spec.low.exact(Lang::En).to_string()))/>
                    <Field form="question" name="high_sl" label=Msg::HighLabelSl state=state.clone()
                        value=val("high_sl", stored(|q| q.spec.high.exact(Lang::Sl).to_string()))/>
                    <Field form="question" name="high_en" label=Msg::HighLabelEn state=state.clone()
                        value=val("high_en", stored(|q| q.spec.high.exact(Lang::En).to_string()))/>
                </fieldset>
                <fieldset>
                    <legend>{tr(Msg::ForMatrices)}</legend>
                    <Field form="question" name="rows_sl" label=Msg::RowsSl hint=Msg::RowsHint multiline=true rows=4 state=state.clone()
                        value=val("rows_sl", q.as_ref().map(|q| lines(&q.spec.rows, Lang::Sl)).unwrap_or_default())/>
                    <Field form="question" name="rows_en" label=Msg::RowsEn hint=Msg::OptionsEnHint multiline=true rows=4 state=state.clone()
                        value=val("rows_en", q.as_ref().map(|q| lines(&q.spec.rows, Lang::En)).unwrap_or_default())/>
                </fieldset>
                {(!sources.is_empty()).then(|| view! {
                    <fieldset id="question-shown_if">
                        <legend>{tr(Msg::ShowOnlyWhen)}</legend>
                        <p class="hint">{tr(Msg::ShowOnlyWhenHint)}</p>
                        {sources.iter().map(|s| view! {
                            <fieldset class="condition-source">
                                <legend>{s.text.get(lang).to_string()}</legend>
                                {s.options(lang).into_iter().enumerate().map(|(i, o)| {
                                    let value = format!("{}:{i}", s.id);
                                    let id = format!("question-shown_if-{}-{i}", s.id);
                                    view! {
                                        <div class="choice">
                                            <input type="checkbox" id=id.clone() name="shown_if" value=value.clone()
                                                checked=ticked.contains(&value)/>
                                            <label for=id>{o}</label>
                                        </div>
                                    }
                                }).collect_view()}
                            </fieldset>
                        }).collect_view()}
                    </fieldset>
                })}
                <button type="submit" class="primary">{tr(if q.is_some() { Msg::SaveChanges } else { Msg::AddQuestion })}</button>
                {q.is_some().then(|| view! { <a href=format!("/surveys/{}/build#questions", v.head.id)>{tr(Msg::Cancel)}</a> })}
            </form>
        </section>
    }
}

/// The responses (one row each, in random order, no identity) or the summary, as a file.
#[component]
fn ExportForm(survey_id: i64) -> impl IntoView {
    let formats = [
        ("csv", Msg::ExportResponsesCsv),
        ("xlsx", Msg::ExportResponsesXlsx),
        ("json", Msg::ExportResponsesJson),
        ("summary", Msg::ExportSummaryCsv),
    ];
    view! {
        <section id="export" aria-labelledby="export-heading">
            <h2 id="export-heading">{tr(Msg::ExportResults)}</h2>
            <p>{tr(Msg::SurveyExportIntro)}</p>
            <form method="post" action=format!("/surveys/{survey_id}/export") class="stack">
                <fieldset>
                    <legend>{tr(Msg::ExportFormat)}</legend>
                    {formats.into_iter().enumerate().map(|(i, (value, label))| {
                        let id = format!("survey-export-{value}");
                        view! {
                            <div class="choice">
                                <input type="radio" id=id.clone() name="format" value=value checked=i == 0/>
                                <label for=id>{tr(label)}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="choice">
                    <input type="checkbox" id="survey-export-texts" name="texts" value="1" aria-describedby="survey-export-texts-hint"/>
                    <label for="survey-export-texts">{tr(Msg::ExportTexts)}</label>
                </div>
                <p class="hint" id="survey-export-texts-hint">{tr(Msg::ExportTextsHint)}</p>
                <button type="submit">{tr(Msg::Download)}</button>
            </form>
        </section>
    }
}
