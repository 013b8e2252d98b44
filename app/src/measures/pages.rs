//! What pages show of measures: the panel on a measure's page (an idea page of kind measure),
//! the measures an idea led to, the administrators' page of a measure, its history, and the
//! community's implementation page. Every form is a plain post.

use super::chart::IndicatorChart;
use super::rules::{format_civil, format_value, MeasureStatus};
use super::server_fns::{
    history_data, implementation_data, manage_data, PostUpdate, SaveIndicator, SaveMeasure,
    SaveReading,
};
use super::*;
use crate::form::{error_id, FormErrorSummary, FormState};
use crate::i18n::{tf, tr, use_lang, Msg};
use crate::time::{format_date, format_date_time};
use crate::ui::{loaded, param, query, Breadcrumbs, Field, PageMeta};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// A status as a badge.
#[component]
pub fn MeasureBadge(status: MeasureStatus) -> impl IntoView {
    view! { <span class=format!("status measure-{}", status.as_str())>{tr(status.label())}</span> }
}

/// A progress bar with its number, or "no data yet".
#[component]
pub fn ProgressLine(progress: Option<i64>) -> impl IntoView {
    let lang = use_lang();
    match progress {
        Some(p) => view! {
            <span class="progress-line">
                <progress max="100" value=p aria-hidden="true"></progress>
                " " {tf(lang, Msg::PercentDone, &[("percent", &p.to_string())])}
            </span>
        }
        .into_any(),
        None => view! { <span class="meta">{tr(Msg::NoProgressYet)}</span> }.into_any(),
    }
}

fn measure_list(links: Vec<MeasureLink>) -> impl IntoView {
    view! {
        <ul class="measure-list">
            {links.into_iter().map(|m| view! {
                <li>
                    <a href=format!("/ideas/{}", m.id)>{m.title}</a> " "
                    <MeasureBadge status=m.status/> " "
                    <ProgressLine progress=m.progress/>
                </li>
            }).collect_view()}
        </ul>
    }
}

/// On an idea's page: the measures it led to.
#[component]
pub fn LedTo(measures: Vec<MeasureLink>) -> impl IntoView {
    (!measures.is_empty()).then(|| {
        view! {
            <section class="led-to" aria-labelledby="led-to-heading">
                <h2 id="led-to-heading">{tr(Msg::LedToMeasures)}</h2>
                {measure_list(measures)}
            </section>
        }
    })
}

/// On a measure's page: what the city plans, how far it has got, and where it came from.
#[component]
pub fn MeasureDetails(id: i64, panel: MeasurePanel) -> impl IntoView {
    let lang = use_lang();
    let p = panel;
    let dates = match (&p.starts_on, &p.ends_on) {
        (None, None) => None,
        (s, e) => Some(tf(
            lang,
            Msg::PlannedFromTo,
            &[
                (
                    "from",
                    &s.as_deref()
                        .map(|d| format_civil(lang, d))
                        .unwrap_or("—".into()),
                ),
                (
                    "to",
                    &e.as_deref()
                        .map(|d| format_civil(lang, d))
                        .unwrap_or("—".into()),
                ),
            ],
        )),
    };
    let how = match (p.progress_set, p.children.is_empty()) {
        (true, _) => Msg::ProgressSetByHand,
        (false, false) => Msg::ProgressFromParts,
        (false, true) => Msg::ProgressFromReadings,
    };
    view! {
        <section class="measure-panel" aria-labelledby="measure-heading">
            <h2 id="measure-heading" class="visually-hidden">{tr(Msg::MeasureDetails)}</h2>
            <dl class="measure-facts">
                <div><dt>{tr(Msg::ColStatus)}</dt><dd><MeasureBadge status=p.status/></dd></div>
                <div><dt>{tr(Msg::Responsible)}</dt><dd>{p.responsible.clone()}</dd></div>
                {dates.map(|d| view! { <div><dt>{tr(Msg::Planned)}</dt><dd>{d}</dd></div> })}
                <div><dt>{tr(Msg::Progress)}</dt><dd><ProgressLine progress=p.progress/> " " <span class="hint">{tr(how)}</span></dd></div>
                {p.parent.clone().map(|parent| view! {
                    <div><dt>{tr(Msg::ParentMeasure)}</dt><dd><a href=format!("/ideas/{}", parent.id)>{parent.title}</a></dd></div>
                })}
            </dl>
            <p class="meta">
                <a href=format!("/measures/{id}/history")>{tf(lang, Msg::VersionsLink, &[("count", &p.version.to_string())])}</a>
                {p.can_manage.then(|| view! { " · " <a href=format!("/measures/{id}/manage")>{tr(Msg::ManageMeasure)}</a> })}
            </p>
            {(!p.children.is_empty()).then(|| view! {
                <h2>{tr(Msg::SubMeasures)}</h2>
                {measure_list(p.children.clone())}
            })}
            <h2 id="indicators">{tr(Msg::Indicators)}</h2>
            {match p.indicators.is_empty() {
                true => view! { <p class="empty">{tr(Msg::NoIndicatorsYet)}</p> }.into_any(),
                false => p.indicators.into_iter().map(|i| view! { <IndicatorChart indicator=i/> }).collect_view().into_any(),
            }}
            <h2 id="updates">{tr(Msg::ProgressUpdates)}</h2>
            {match p.updates.is_empty() {
                true => view! { <p class="empty">{tr(Msg::NoUpdatesYet)}</p> }.into_any(),
                false => view! {
                    <ol class="updates">
                        {p.updates.into_iter().map(|u| view! {
                            <li id=format!("update-{}", u.id)>
                                <p class="meta">{format_date(lang, u.created_at)}</p>
                                <div class="prose" inner_html=u.body_html></div>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any(),
            }}
            {(!p.sources.is_empty()).then(|| view! {
                <h2 id="sources">{tr(Msg::SourceIdeas)}</h2>
                <ul class="sources">
                    {p.sources.into_iter().map(|s| view! {
                        <li>
                            <a href=format!("/ideas/{}", s.id)>{s.title}</a>
                            <span class="meta">" · "
                                {tf(lang, Msg::SourceIdeaCounts, &[
                                    ("up", &s.up.to_string()), ("down", &s.down.to_string()),
                                    ("for", &s.arguments_for.to_string()), ("against", &s.arguments_against.to_string()),
                                ])}
                            </span>
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}

/// A labelled input of a form whose id is made at run time (one per indicator or reading).
#[component]
fn Input(
    #[prop(into)] form: String,
    name: &'static str,
    label: Msg,
    state: FormState,
    #[prop(into)] value: String,
    #[prop(default = "text")] kind: &'static str,
) -> impl IntoView {
    let id = format!("{form}-{name}");
    let error = state.error(name);
    let err_id = error_id(&form, name);
    let described = error.is_some().then(|| err_id.clone());
    let invalid = error.is_some().then_some("true");
    // One line only: multi-line text goes through `ui::Field`, which escapes textarea text.
    let control = view! { <input id=id.clone() name=name type=kind value=value aria-describedby=described aria-invalid=invalid/> };
    view! {
        <div class="field" class:has-error=error.is_some()>
            <label for=id>{tr(label)}</label>
            {control}
            {error.map(|m| view! { <p class="field-error" id=err_id>{tr(m)}</p> })}
        </div>
    }
}

#[component]
pub fn NewMeasurePage() -> impl IntoView {
    let id = param("id");
    let ideas = query("ideas");
    let data = Resource::new(
        move || (id().parse::<i64>().unwrap_or(0), ideas()),
        |(g, ideas)| manage_data(0, g, ideas),
    );
    loaded(data, Msg::NewMeasure, |m| view! { <Manage m/> })
}

#[component]
pub fn ManageMeasurePage() -> impl IntoView {
    let id = param("id");
    let data = Resource::new(
        move || id().parse::<i64>().unwrap_or(0),
        |id| manage_data(id, 0, String::new()),
    );
    loaded(data, Msg::ManageMeasure, |m| view! { <Manage m/> })
}

#[component]
fn Manage(m: ManageView) -> impl IntoView {
    let lang = use_lang();
    let is_new = m.id == 0;
    let title = match is_new {
        true => tf(lang, Msg::NewMeasureIn, &[("name", &m.consultation_name)]),
        false => tf(lang, Msg::ManageMeasureTitle, &[("title", &m.draft.title)]),
    };
    let mut crumbs = vec![
        (
            format!("/communities/{}", m.community_slug),
            m.community_name.clone(),
        ),
        (
            format!("/consultations/{}", m.consultation_id),
            m.consultation_name.clone(),
        ),
    ];
    if !is_new {
        crumbs.push((format!("/ideas/{}", m.id), m.draft.title.clone()));
    }
    let told = query("told")();
    let flash = m.flash.clone();
    let state = FormState::new("measure", flash.clone());
    let d = m.draft.clone();
    let v = |field: &str, stored: &str| state.value_or(field, stored.to_string());
    let chosen: Vec<i64> = match state.has_errors() {
        true => state
            .value("ideas")
            .split(',')
            .filter_map(|s| s.parse().ok())
            .collect(),
        false => m.sources.clone(),
    };
    let status = v("status", &d.status);
    let parent = v("parent", &d.parent);
    let status_error = state.error("status");
    let parent_error = state.error("parent");
    let ideas_error = state.error("ideas");
    let measure_id = m.id;
    view! {
        <PageMeta title=title.clone() description=title.clone()/>
        <Breadcrumbs items=crumbs/>
        <h1>{title}</h1>
        {(!told.is_empty()).then(|| view! {
            <p class="notice success" role="status">{tf(lang, Msg::UpdatePostedTold, &[("count", &told)])}</p>
        })}
        {(!is_new).then(|| view! {
            <p><a href=format!("/ideas/{measure_id}")>{tr(Msg::ViewMeasure)}</a> " · "
               <a href=format!("/measures/{measure_id}/history")>{tr(Msg::MeasureHistory)}</a></p>
        })}
        <section aria-labelledby="measure-form-heading">
            <h2 id="measure-form-heading">{tr(Msg::MeasureFields)}</h2>
            <form method="post" action=SaveMeasure::url() class="stack" novalidate>
                <FormErrorSummary state=state.clone()/>
                <input type="hidden" name="measure_id" value=m.id/>
                <input type="hidden" name="consultation_id" value=m.consultation_id/>
                <Field form="measure" name="title" label=Msg::MeasureTitle state=state.clone() value=v("title", &d.title)/>
                <Field form="measure" name="body" label=Msg::Description hint=Msg::MarkdownHint state=state.clone()
                    multiline=true rows=6 value=v("body", &d.body)/>
                <Field form="measure" name="responsible" label=Msg::Responsible hint=Msg::ResponsibleHint state=state.clone()
                    value=v("responsible", &d.responsible)/>
                <Field form="measure" name="starts_on" label=Msg::StartsOn kind="date" state=state.clone() value=v("starts_on", &d.starts_on)/>
                <Field form="measure" name="ends_on" label=Msg::EndsOn kind="date" state=state.clone() value=v("ends_on", &d.ends_on)/>
                <div class="field" class:has-error=status_error.is_some()>
                    <label for="measure-status">{tr(Msg::ColStatus)}</label>
                    <select id="measure-status" name="status" aria-invalid=status_error.map(|_| "true")>
                        {MeasureStatus::ALL.into_iter().map(|s| view! {
                            <option value=s.as_str() selected=status == s.as_str()>{tr(s.label())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field" class:has-error=parent_error.is_some()>
                    <label for="measure-parent">{tr(Msg::ParentMeasure)}</label>
                    <select id="measure-parent" name="parent" aria-invalid=parent_error.map(|_| "true")
                        aria-describedby=parent_error.map(|_| error_id("measure", "parent"))>
                        <option value="" selected=parent.is_empty()>{tr(Msg::NoParent)}</option>
                        {m.parents.iter().map(|(id, t)| view! {
                            <option value=*id selected=parent == id.to_string()>{t.clone()}</option>
                        }).collect_view()}
                    </select>
                    {parent_error.map(|e| view! { <p class="field-error" id=error_id("measure", "parent")>{tr(e)}</p> })}
                </div>
                <Field form="measure" name="progress" label=Msg::ProgressSet hint=Msg::ProgressSetHint state=state.clone()
                    value=v("progress", &d.progress)/>
                <fieldset class:has-error=ideas_error.is_some()>
                    <legend>{tr(Msg::SourceIdeas)}</legend>
                    <p class="hint">{tr(Msg::SourceIdeasHint)}</p>
                    {ideas_error.map(|e| view! { <p class="field-error">{tr(e)}</p> })}
                    {match m.candidates.is_empty() {
                        true => view! { <p class="empty">{tr(Msg::NoIdeasYet)}</p> }.into_any(),
                        false => view! {
                            <ul class="checklist">
                                {m.candidates.iter().enumerate().map(|(n, (id, t))| {
                                    let box_id = format!("source-{id}");
                                    view! {
                                        <li>
                                            <input type="checkbox" id=box_id.clone() name=format!("ideas[{n}]") value=*id checked=chosen.contains(id)/>
                                            " " <label for=box_id>{t.clone()}</label>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }}
                </fieldset>
                <button type="submit" class="primary">{tr(if is_new { Msg::PublishMeasure } else { Msg::SaveMeasure })}</button>
            </form>
        </section>
        {(!is_new).then(|| view! {
            <IndicatorForms measure_id indicators=m.indicators.clone() flash=flash.clone()/>
            <UpdateForm measure_id flash=flash.clone()/>
        })}
    }
}

#[component]
fn IndicatorForms(
    measure_id: i64,
    indicators: Vec<IndicatorView>,
    flash: Option<crate::form::Flash>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section aria-labelledby="indicators-heading">
            <h2 id="indicators-heading">{tr(Msg::Indicators)}</h2>
            {indicators.into_iter().map(|i| {
                let form = format!("indicator-{}", i.id);
                let st = FormState::new(&form, flash.clone());
                let reading_form = format!("reading-{}-0", i.id);
                let rs = FormState::new(&reading_form, flash.clone());
                let adding = rs.has_errors();
                let open = st.has_errors();
                let readings = i.readings.clone();
                let iid = i.id;
                let flash = flash.clone();
                view! {
                    <article class="indicator-admin" id=format!("indicator-{}", i.id) aria-labelledby=format!("indicator-{}-name", i.id)>
                        <h3 id=format!("indicator-{}-name", i.id)>{i.name.clone()}</h3>
                        <p class="meta">{tf(lang, Msg::FromBaselineToTarget, &[
                            ("baseline", &format_value(lang, i.baseline)), ("target", &format_value(lang, i.target)),
                        ])} " " {i.unit.clone()}</p>
                        <details open=open>
                            <summary>{tr(Msg::EditIndicator)}</summary>
                            <IndicatorForm measure_id indicator=Some(i.clone()) state=st form=form.clone()/>
                        </details>
                        <h4>{tr(Msg::Readings)}</h4>
                        <ul class="readings-admin">
                            {readings.into_iter().map(|r| {
                                let form = format!("reading-{iid}-{}", r.id);
                                let cs = FormState::new(&form, flash.clone());
                                let open = cs.has_errors();
                                view! {
                                    <li>
                                        {format_civil(lang, &r.taken_on)} ": " {format_value(lang, r.value)}
                                        {(!r.note.is_empty()).then(|| view! { " — " {r.note.clone()} })}
                                        <details open=open>
                                            <summary>{tr(Msg::CorrectReading)}</summary>
                                            <ReadingForm measure_id indicator_id=iid reading=Some(r.clone()) state=cs form/>
                                        </details>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <details open=adding>
                            <summary>{tr(Msg::AddReading)}</summary>
                            <ReadingForm measure_id indicator_id=iid reading=None state=rs form=reading_form/>
                        </details>
                    </article>
                }
            }).collect_view()}
            <h3>{tr(Msg::AddIndicator)}</h3>
            {
                let st = FormState::new("indicator-0", flash.clone());
                view! { <IndicatorForm measure_id indicator=None state=st form="indicator-0".to_string()/> }
            }
        </section>
    }
}

#[component]
fn IndicatorForm(
    measure_id: i64,
    indicator: Option<IndicatorView>,
    state: FormState,
    form: String,
) -> impl IntoView {
    let lang = use_lang();
    let stored = |f: fn(&IndicatorView) -> String| indicator.as_ref().map(f).unwrap_or_default();
    let v = |field: &str, s: String| state.value_or(field, s);
    let name = v("name", stored(|i| i.name.clone()));
    let unit = v("unit", stored(|i| i.unit.clone()));
    let baseline = v(
        "baseline",
        indicator
            .as_ref()
            .map(|i| format_value(lang, i.baseline))
            .unwrap_or_default(),
    );
    let target = v(
        "target",
        indicator
            .as_ref()
            .map(|i| format_value(lang, i.target))
            .unwrap_or_default(),
    );
    let due_on = v("due_on", stored(|i| i.due_on.clone().unwrap_or_default()));
    let id = indicator.as_ref().map(|i| i.id).unwrap_or(0);
    view! {
        <form method="post" action=SaveIndicator::url() class="stack" novalidate>
            <FormErrorSummary state=state.clone()/>
            <input type="hidden" name="measure_id" value=measure_id/>
            <input type="hidden" name="indicator_id" value=id/>
            <Input form=form.clone() name="name" label=Msg::IndicatorName state=state.clone() value=name/>
            <Input form=form.clone() name="unit" label=Msg::Unit state=state.clone() value=unit/>
            <Input form=form.clone() name="baseline" label=Msg::Baseline state=state.clone() value=baseline/>
            <Input form=form.clone() name="target" label=Msg::Target state=state.clone() value=target/>
            <Input form=form.clone() name="due_on" label=Msg::DueDate kind="date" state=state.clone() value=due_on/>
            <button type="submit">{tr(if id == 0 { Msg::AddIndicator } else { Msg::SaveIndicator })}</button>
        </form>
    }
}

#[component]
fn ReadingForm(
    measure_id: i64,
    indicator_id: i64,
    reading: Option<ReadingView>,
    state: FormState,
    form: String,
) -> impl IntoView {
    let lang = use_lang();
    let v = |field: &str, s: String| state.value_or(field, s);
    let taken_on = v(
        "taken_on",
        reading
            .as_ref()
            .map(|r| r.taken_on.clone())
            .unwrap_or_default(),
    );
    let value = v(
        "value",
        reading
            .as_ref()
            .map(|r| format_value(lang, r.value))
            .unwrap_or_default(),
    );
    let note = v(
        "note",
        reading.as_ref().map(|r| r.note.clone()).unwrap_or_default(),
    );
    let source = v(
        "source",
        reading
            .as_ref()
            .map(|r| r.source.clone())
            .unwrap_or_default(),
    );
    let id = reading.as_ref().map(|r| r.id).unwrap_or(0);
    view! {
        <form method="post" action=SaveReading::url() class="stack" novalidate>
            <FormErrorSummary state=state.clone()/>
            <input type="hidden" name="measure_id" value=measure_id/>
            <input type="hidden" name="indicator_id" value=indicator_id/>
            <input type="hidden" name="reading_id" value=id/>
            <Input form=form.clone() name="taken_on" label=Msg::ReadingDate kind="date" state=state.clone() value=taken_on/>
            <Input form=form.clone() name="value" label=Msg::ColValue state=state.clone() value=value/>
            <Input form=form.clone() name="note" label=Msg::ColNote state=state.clone() value=note/>
            <Input form=form.clone() name="source" label=Msg::ColSource state=state.clone() value=source/>
            <button type="submit">{tr(if id == 0 { Msg::AddReading } else { Msg::SaveCorrection })}</button>
        </form>
    }
}

#[component]
fn UpdateForm(measure_id: i64, flash: Option<crate::form::Flash>) -> impl IntoView {
    let state = FormState::new("update", flash);
    view! {
        <section aria-labelledby="updates">
            <h2 id="updates">{tr(Msg::PostUpdate)}</h2>
            <p class="hint">{tr(Msg::PostUpdateHint)}</p>
            <form method="post" action=PostUpdate::url() class="stack" novalidate>
                <FormErrorSummary state=state.clone()/>
                <input type="hidden" name="measure_id" value=measure_id/>
                <Field form="update" name="body" label=Msg::UpdateText hint=Msg::MarkdownHint state=state.clone()
                    multiline=true rows=5 value=state.value("body")/>
                <button type="submit" class="primary">{tr(Msg::PublishUpdate)}</button>
            </form>
        </section>
    }
}

#[component]
pub fn MeasureHistoryPage() -> impl IntoView {
    let id = param("id");
    let data = Resource::new(move || id().parse::<i64>().unwrap_or(0), history_data);
    loaded(data, Msg::MeasureHistory, |h| view! { <History h/> })
}

#[component]
fn History(h: HistoryView) -> impl IntoView {
    let lang = use_lang();
    let title = tf(lang, Msg::MeasureHistoryOf, &[("title", &h.title)]);
    view! {
        <PageMeta title=title.clone() description=title.clone()/>
        <Breadcrumbs items=vec![(format!("/ideas/{}", h.id), h.title.clone())]/>
        <h1>{title}</h1>
        <ol class="versions" reversed>
            {h.versions.into_iter().map(|v| view! {
                <li>
                    <h2>{tf(lang, Msg::VersionBy, &[
                        ("version", &v.version.to_string()),
                        ("name", &v.author_name),
                        ("date", &format_date_time(lang, v.created_at)),
                    ])}</h2>
                    {(v.changes.is_empty() && v.body_diff.is_empty()).then(|| view! { <p class="meta">{tr(Msg::NoChanges)}</p> })}
                    <dl class="changes">
                        {v.changes.into_iter().map(|c| view! {
                            <div>
                                <dt>{tr(c.field)}</dt>
                                <dd>
                                    {(!c.before.is_empty()).then(|| view! { <del>{c.before}</del> " " })}
                                    {(!c.after.is_empty()).then(|| view! { <ins>{c.after}</ins> })}
                                </dd>
                            </div>
                        }).collect_view()}
                        {(!v.body_diff.is_empty()).then(|| view! {
                            <div>
                                <dt>{tr(Msg::Description)}</dt>
                                <dd class="word-diff">
                                    {v.body_diff.into_iter().map(|(tag, text)| match tag.as_str() {
                                        "-" => view! { <del>{text}</del> }.into_any(),
                                        "+" => view! { <ins>{text}</ins> }.into_any(),
                                        _ => view! { <span>{text}</span> }.into_any(),
                                    }).collect_view()}
                                </dd>
                            </div>
                        })}
                    </dl>
                </li>
            }).collect_view()}
        </ol>
        {(!h.corrections.is_empty()).then(|| view! {
            <h2>{tr(Msg::CorrectedReadings)}</h2>
            {h.corrections.into_iter().map(|c| view! {
                <h3>{c.indicator}</h3>
                <ol class="versions">
                    {c.versions.into_iter().map(|(version, date, value, note, source, who, when)| view! {
                        <li>
                            {tf(lang, Msg::VersionBy, &[("version", &version.to_string()), ("name", &who), ("date", &format_date_time(lang, when))])}
                            ": " {format_civil(lang, &date)} " — " {format_value(lang, value)}
                            {(!note.is_empty()).then(|| view! { " — " {note} })}
                            {(!source.is_empty()).then(|| view! { " (" {source} ")" })}
                        </li>
                    }).collect_view()}
                </ol>
            }).collect_view()}
        })}
    }
}

#[component]
pub fn ImplementationPage() -> impl IntoView {
    let slug = param("slug");
    let status = query("status");
    let goal = query("goal");
    let data = Resource::new(
        move || (slug(), status(), goal()),
        |(slug, status, goal)| implementation_data(slug, status, goal),
    );
    loaded(
        data,
        Msg::ImplementationTitle,
        |v| view! { <Implementation v/> },
    )
}

fn summaries(list: Vec<MeasureSummary>, lang: crate::i18n::Lang) -> impl IntoView {
    view! {
        <ul class="measures">
            {list.into_iter().map(|s| view! {
                <li class="measure-summary">
                    <h3 class="measure-title"><a href=format!("/ideas/{}", s.link.id)>{s.link.title.clone()}</a></h3>
                    <p class="meta">
                        <MeasureBadge status=s.link.status/> " "
                        <ProgressLine progress=s.link.progress/>
                        " · " {s.responsible.clone()}
                        {s.ends_on.as_deref().map(|d| view! { " · " {tf(lang, Msg::DueOn, &[("date", &format_civil(lang, d))])} })}
                    </p>
                    {s.latest.clone().map(|u| view! {
                        <div class="latest-update">
                            <p class="meta">{tf(lang, Msg::LatestUpdateOn, &[("date", &format_date(lang, u.created_at))])}</p>
                            <div class="prose" inner_html=u.body_html></div>
                        </div>
                    })}
                    {(!s.children.is_empty()).then(|| summaries(s.children.clone(), lang).into_any())}
                </li>
            }).collect_view()}
        </ul>
    }
}

#[component]
fn Implementation(v: ImplementationView) -> impl IntoView {
    let lang = use_lang();
    let title = tf(lang, Msg::ImplementationOf, &[("name", &v.community_name)]);
    let base = format!("/communities/{}/implementation", v.community_slug);
    let feed = format!("/communities/{}/updates.atom", v.community_slug);
    let status = v.status.map(|s| s.as_str()).unwrap_or("");
    let goal = v.goal.map(|g| g.to_string()).unwrap_or_default();
    let empty = v.goals.iter().all(|g| g.measures.is_empty());
    view! {
        <PageMeta title=title.clone() description=tr(Msg::ImplementationIntro)/>
        <leptos_meta::Link rel="alternate" type_="application/atom+xml" href=feed.clone() title=tr(Msg::UpdatesFeed)/>
        <Breadcrumbs items=vec![
            (format!("/communities/{}", v.community_slug), v.community_name.clone()),
            (base.clone(), tr(Msg::ImplementationTitle).to_string()),
        ]/>
        <h1>{title}</h1>
        <p>{tr(Msg::ImplementationIntro)}</p>
        <p class="figures-line">
            {v.counts.iter().map(|(s, n)| view! { <span><MeasureBadge status=*s/> " " {n.to_string()}</span> " " }).collect_view()}
        </p>
        <form method="get" action=base.clone() class="filters">
            <div class="field">
                <label for="filter-status">{tr(Msg::ColStatus)}</label>
                <select id="filter-status" name="status">
                    <option value="" selected=status.is_empty()>{tr(Msg::AllStatuses)}</option>
                    {MeasureStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.as_str() selected=status == s.as_str()>{tr(s.label())}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-goal">{tr(Msg::Goal)}</label>
                <select id="filter-goal" name="goal">
                    <option value="" selected=goal.is_empty()>{tr(Msg::AllGoals)}</option>
                    {v.all_goals.iter().map(|(id, name)| view! {
                        <option value=*id selected=goal == id.to_string()>{name.clone()}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit">{tr(Msg::ApplyFilter)}</button>
        </form>
        {empty.then(|| view! { <p class="empty">{tr(Msg::NoMeasuresFound)}</p> })}
        {v.goals.into_iter().filter(|g| !g.measures.is_empty()).map(|g| view! {
            <section class="goal" aria-labelledby=format!("goal-{}", g.id)>
                <h2 id=format!("goal-{}", g.id)><a href=format!("/consultations/{}", g.id)>{g.name}</a></h2>
                {summaries(g.measures, lang)}
            </section>
        }).collect_view()}
        // A feed address means nothing to most people: say what it is for.
        <section class="notice feed-note" aria-labelledby="feed-heading">
            <h2 id="feed-heading">{tr(Msg::FollowInFeedReader)}</h2>
            <p>{tr(Msg::FeedExplained)}</p>
            <p><a href=feed>{tr(Msg::UpdatesFeed)}</a></p>
        </section>
        {v.can_manage.then(|| view! { <CsvForms slug=v.community_slug.clone() flash=v.flash.clone()/> })}
    }
}

/// Measures and indicators as a CSV file: download, edit in a spreadsheet, upload.
#[component]
fn CsvForms(slug: String, flash: Option<crate::form::Flash>) -> impl IntoView {
    let lang = use_lang();
    let url = format!("/communities/{slug}/measures.csv");
    let rows: Vec<String> = flash
        .as_ref()
        .filter(|f| f.form == "import")
        .map(|f| {
            f.values
                .iter()
                .filter(|(k, _)| k == "row")
                .map(|(_, v)| v.clone())
                .collect()
        })
        .unwrap_or_default();
    let state = FormState::new("import", flash);
    let created = query("created")();
    let updated = query("updated")();
    let unchanged = query("unchanged")();
    view! {
        <section id="import" aria-labelledby="import-heading">
            <h2 id="import-heading">{tr(Msg::MeasuresCsv)}</h2>
            <p>{tr(Msg::MeasuresCsvIntro)}</p>
            {(!created.is_empty()).then(|| view! {
                <p class="notice success" role="status">{tf(lang, Msg::CsvImported, &[
                    ("created", &created), ("updated", &updated), ("unchanged", &unchanged),
                ])}</p>
            })}
            <p><a href=url.clone() download="">{tr(Msg::DownloadCsv)}</a></p>
            <form method="post" action=url enctype="multipart/form-data" class="stack" novalidate>
                <FormErrorSummary state=state.clone()/>
                {(!rows.is_empty()).then(|| view! {
                    <ul class="import-report">
                        {rows.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
                    </ul>
                })}
                <Field form="import" name="file" kind="file" accept=".csv,text/csv" label=Msg::CsvFile
                    hint=Msg::CsvFileHint state=state.clone() value=""/>
                <button type="submit">{tr(Msg::ImportCsv)}</button>
            </form>
        </section>
    }
}
