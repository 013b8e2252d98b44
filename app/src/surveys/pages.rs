//! Answering a survey: a consultation's list of surveys, one page of questions at a time (each
//! question a fieldset with its legend, errors linked to their fields, what was typed kept on
//! any error), and the answers to check and submit. Plain forms: the same without JavaScript.

use super::rules::{answer_text, fields_of};
use super::server_fns::{survey_data, surveys_data, CreateSurvey};
use super::{Kind, Progress, Question, SurveyCard, SurveyView, SurveysView};
use crate::form::{FormErrorSummary, FormState};
use crate::i18n::{tf, tr, use_lang, Lang, Msg};
use crate::time::format_date;
use crate::ui::{loaded, param, query, Breadcrumbs, Field, PageMeta};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// A consultation's surveys as its page lists them (under a heading of their own unless the
/// page is theirs: `heading` false).
#[component]
pub fn SurveyList(
    surveys: Vec<SurveyCard>,
    #[prop(default = true)] heading: bool,
) -> impl IntoView {
    let lang = use_lang();
    let labelled = heading.then_some("surveys-heading");
    (!surveys.is_empty()).then(|| view! {
        <section class="surveys" aria-labelledby=labelled>
            {heading.then(|| view! { <h2 id="surveys-heading">{tr(Msg::SurveysHeading)}</h2> })}
            <ul class="survey-list">
                {surveys.into_iter().map(|s| {
                    let state = match (s.open, s.progress) {
                        (_, Progress::Submitted) => tr(Msg::SurveySubmittedTag),
                        (true, Progress::Draft) => tr(Msg::SurveyDraftTag),
                        (true, Progress::NotStarted) => tr(Msg::SurveyOpenTag),
                        (false, _) => tr(Msg::SurveyClosedTag),
                    };
                    let closes = s.closes_at.filter(|_| s.open).map(|t| {
                        tf(lang, Msg::SurveyClosesOn, &[("date", &format_date(lang, t - 1))])
                    });
                    let action = match (s.open, s.progress) {
                        (true, Progress::NotStarted) => Some(Msg::StartSurvey),
                        (true, Progress::Draft) => Some(Msg::ContinueSurvey),
                        (true, Progress::Submitted) => Some(Msg::ChangeSurveyAnswers),
                        (false, _) => None,
                    };
                    view! {
                        <li class="card survey-card">
                            // Under the page's own heading on the surveys page, else under "Surveys".
                            {match heading {
                                true => view! { <h3><a href=format!("/surveys/{}", s.id)>{s.title}</a></h3> }.into_any(),
                                false => view! { <h2 class="h3"><a href=format!("/surveys/{}", s.id)>{s.title}</a></h2> }.into_any(),
                            }}
                            <p class="meta"><span class="tag">{state}</span> {closes.map(|c| view! { " " {c} })}</p>
                            <p class="inline-links">
                                {action.map(|m| view! { <a href=format!("/surveys/{}", s.id) class="button">{tr(m)}</a> })}
                                {s.results.then(|| view! { " " <a href=format!("/surveys/{}/results", s.id)>{tr(Msg::SurveyResultsLink)}</a> })}
                                {s.manage.then(|| view! { " " <a href=format!("/surveys/{}/build", s.id)>{tr(Msg::BuildSurvey)}</a> })}
                            </p>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}

/// `/consultations/:id/surveys`: the list, and for administrators a new survey.
#[component]
pub fn SurveysPage() -> impl IntoView {
    let id = param("id");
    let data = Resource::new(move || id().parse::<i64>().unwrap_or(0), surveys_data);
    loaded(data, Msg::SurveysHeading, |v| view! { <Surveys v/> })
}

#[component]
fn Surveys(v: SurveysView) -> impl IntoView {
    let state = FormState::new("new-survey", v.flash.clone());
    let id = v.consultation_id;
    let empty = v.surveys.is_empty();
    view! {
        <PageMeta title=format!("{} · {}", tr(Msg::SurveysHeading), v.consultation_name) description=tr(Msg::SurveysIntro)/>
        <Breadcrumbs items=vec![
            (format!("/communities/{}", v.community_slug), v.community_name.clone()),
            (format!("/consultations/{id}"), v.consultation_name.clone()),
            (format!("/consultations/{id}/surveys"), tr(Msg::SurveysHeading).to_string()),
        ]/>
        <h1>{tr(Msg::SurveysHeading)}</h1>
        <p class="lead">{tr(Msg::SurveysIntro)}</p>
        {empty.then(|| view! { <p class="empty">{tr(Msg::NoSurveysYet)}</p> })}
        <SurveyList surveys=v.surveys heading=false/>
        {v.can_manage.then(|| view! {
            <section id="new-survey" aria-labelledby="new-survey-heading">
                <h2 id="new-survey-heading">{tr(Msg::NewSurvey)}</h2>
                <form method="post" action=CreateSurvey::url() class="stack" novalidate>
                    <FormErrorSummary state=state.clone()/>
                    <input type="hidden" name="consultation_id" value=id/>
                    <Field form="new-survey" name="title_sl" label=Msg::NameSl state=state.clone() value=state.value("title_sl")/>
                    <Field form="new-survey" name="title_en" label=Msg::NameEn hint=Msg::NameEnHint state=state.clone() value=state.value("title_en")/>
                    <button type="submit" class="primary">{tr(Msg::CreateSurvey)}</button>
                </form>
            </section>
        })}
    }
}

/// `/surveys/:id?page=N` (or `page=check`).
#[component]
pub fn SurveyPage() -> impl IntoView {
    let id = param("id");
    let page = query("page");
    let data = Resource::new(
        move || (id().parse::<i64>().unwrap_or(0), page()),
        |(id, page)| survey_data(id, page),
    );
    loaded(data, Msg::SurveyTitle, |v| view! { <Survey v/> })
}

#[component]
fn Survey(v: SurveyView) -> impl IntoView {
    let lang = use_lang();
    let h = v.head.clone();
    let pages = h.pages;
    let checking = v.page > pages;
    let step = match checking {
        true => tr(Msg::CheckAnswersHeading).to_string(),
        false => tf(
            lang,
            Msg::SurveyPageOf,
            &[("page", &v.page.to_string()), ("pages", &pages.to_string())],
        ),
    };
    let title = format!("{} · {}", step, h.title);
    let here = format!("/surveys/{}", h.id);
    let body = match (v.can_answer, checking) {
        (true, false) => view! { <AnswerForm v=v.clone()/> }.into_any(),
        (true, true) => view! { <CheckAnswers v=v.clone()/> }.into_any(),
        (false, _) => view! { <CannotAnswer v=v.clone()/> }.into_any(),
    };
    let submitted = v.submitted_at.map(|t| {
        tf(
            lang,
            Msg::SurveySubmittedOn,
            &[("date", &format_date(lang, t))],
        )
    });
    view! {
        <PageMeta title=title description=h.title.clone()/>
        <Breadcrumbs items=vec![
            (format!("/communities/{}", h.community_slug), h.community_name.clone()),
            (format!("/consultations/{}", h.consultation_id), h.consultation_name.clone()),
            (here.clone(), h.title.clone()),
        ]/>
        <section class="survey narrow">
            <p class="caption">{step.clone()}</p>
            <h1>{h.title.clone()}</h1>
            {(v.page == 1 && !checking).then(|| view! { <div class="prose" inner_html=h.description_html.clone()></div> })}
            {submitted.filter(|_| v.can_answer).map(|s| view! { <p class="notice" role="status">{s}</p> })}
            {body}
            <nav class="community-links" aria-label=tr(Msg::SurveyMore)>
                <ul class="inline-links">
                    <li><a href=format!("/consultations/{}", h.consultation_id)>{tr(Msg::BackToConsultation)}</a></li>
                    {(h.results_public || h.can_manage).then(|| view! {
                        <li><a href=format!("{here}/results")>{tr(Msg::SurveyResultsLink)}</a></li>
                    })}
                    {h.can_manage.then(|| view! {
                        <li><a href=format!("{here}/build")>{tr(Msg::BuildSurvey)}</a></li>
                    })}
                </ul>
            </nav>
        </section>
    }
}

/// Someone who may not answer (now): why, and what would help.
#[component]
fn CannotAnswer(v: SurveyView) -> impl IntoView {
    let h = v.head;
    let next = format!("/login?next=%2Fsurveys%2F{}", h.id);
    let reason = match (h.open, h.pages) {
        (_, 0) => Msg::SurveyHasNoQuestions,
        (false, _) => Msg::SurveyClosed,
        (true, _) => Msg::SurveyTakePart,
    };
    view! {
        <p class="notice" role="status">{tr(reason)}</p>
        {(h.open && !v.signed_in && !v.taking.guests_welcome && h.pages > 0).then(|| view! {
            <p><a href=next.clone() class="button primary">{tr(Msg::LogInToAnswer)}</a></p>
        })}
        {(h.open && h.pages > 0).then(|| view! {
            <crate::participation::pages::TakePart consultation_id=h.consultation_id taking=v.taking.clone()
                signed_in=v.signed_in open=true next=format!("/surveys/{}", h.id)/>
        })}
    }
}

/// The values the page's form shows: what was typed in a failed post, else what is saved.
fn form_values(v: &SurveyView) -> Vec<(String, String)> {
    // A refused submission leaves errors without values: the saved answers stand.
    match v
        .flash
        .as_ref()
        .filter(|f| f.form == "survey" && !f.values.is_empty())
    {
        Some(f) => f.values.clone(),
        None => v
            .questions
            .iter()
            .filter_map(|q| {
                let a = v.answers.iter().find(|(id, _)| *id == q.id)?;
                Some(fields_of(q, &a.1))
            })
            .flatten()
            .collect(),
    }
}

#[component]
fn AnswerForm(v: SurveyView) -> impl IntoView {
    let state = FormState::new("survey", v.flash.clone());
    let values = form_values(&v);
    let h = &v.head;
    let last = v.page >= h.pages;
    let back = match v.page {
        1 => None,
        p => Some(format!("/surveys/{}?page={}", h.id, p - 1)),
    };
    view! {
        <form method="post" action=format!("/surveys/{}/answers", h.id) class="stack survey-form" novalidate>
            <FormErrorSummary state=state.clone()/>
            <input type="hidden" name="page" value=v.page/>
            {v.questions.iter().map(|q| view! {
                <QuestionInput q=q.clone() values=values.clone() state=state.clone()/>
            }).collect_view()}
            <div class="actions">
                <button type="submit" class="primary">{tr(if last { Msg::SaveAndCheck } else { Msg::SaveAndContinue })}</button>
                {back.map(|b| view! { <a href=b>{tr(Msg::PreviousPage)}</a> })}
            </div>
            <p class="hint">{tr(Msg::SurveySavedPerPage)}</p>
        </form>
    }
}

/// One question as a fieldset (a single text field has a label instead), its error under the
/// legend, its input(s) filled in from `values`.
#[component]
fn QuestionInput(q: Question, values: Vec<(String, String)>, state: FormState) -> impl IntoView {
    let lang = use_lang();
    let name = format!("q{}", q.id);
    let id = format!("survey-{name}");
    let error = state
        .error(&name)
        .or_else(|| state.error(&format!("{name}-other")));
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let hint = hint_of(&q, lang);
    let described = {
        let mut d = Vec::new();
        if hint.is_some() {
            d.push(hint_id.clone());
        }
        if error.is_some() {
            d.push(error_id.clone());
        }
        (!d.is_empty()).then(|| d.join(" "))
    };
    let value = |field: &str| {
        values
            .iter()
            .find(|(k, _)| k == field)
            .map_or(String::new(), |(_, v)| v.clone())
    };
    let checked = |field: &str, v: &str| values.iter().any(|(k, x)| k == field && x == v);
    let text = q.text.get(lang).to_string();
    let legend = view! {
        {text.clone()}
        {(!q.required).then(|| view! { " " <span class="optional">{tr(Msg::Optional)}</span> })}
    };
    let hint_view = hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> });
    let error_view =
        error.map(|m| view! { <p class="field-error" id=error_id.clone()>{tr(m)}</p> });
    let invalid = error.is_some().then_some("true");
    let class = if error.is_some() {
        "field question has-error"
    } else {
        "field question"
    };
    // A single text or number field: a label, no fieldset.
    if matches!(q.kind, Kind::Number | Kind::ShortText | Kind::LongText) {
        let control = match q.kind {
            Kind::LongText => view! {
                <textarea id=id.clone() name=name.clone() rows="6" aria-describedby=described.clone() aria-invalid=invalid
                    maxlength=super::rules::MAX_LONG_TEXT>{value(&name)}</textarea>
            }.into_any(),
            Kind::Number => view! {
                <input id=id.clone() name=name.clone() type="text" inputmode="decimal" class="short" value=value(&name)
                    aria-describedby=described.clone() aria-invalid=invalid/>
            }.into_any(),
            _ => view! {
                <input id=id.clone() name=name.clone() type="text" value=value(&name)
                    maxlength=super::rules::MAX_SHORT_TEXT aria-describedby=described.clone() aria-invalid=invalid/>
            }.into_any(),
        };
        return view! {
            <div class=class>
                <label for=id.clone() class="question-label">{legend}</label>
                {hint_view}
                {error_view}
                {control}
            </div>
        }
        .into_any();
    }
    let options = q.options(lang);
    let input_id = move |i: usize| match i {
        0 => id.clone(),
        i => format!("{id}-{i}"),
    };
    let other_field = format!("{name}-other");
    let other_id = format!("survey-{other_field}");
    let other_input = q.spec.other.then(|| view! {
        <div class="other-text">
            <label for=other_id.clone()>{tr(Msg::OtherPleaseSay)}</label>
            <input id=other_id.clone() name=other_field.clone() type="text" maxlength=super::rules::MAX_SHORT_TEXT
                value=value(&other_field)/>
        </div>
    });
    let controls = match q.kind {
        Kind::Single if q.spec.dropdown => view! {
            <select id=input_id(0) name=name.clone() aria-describedby=described.clone() aria-invalid=invalid>
                <option value="">{tr(Msg::ChooseOne)}</option>
                {options.iter().enumerate().map(|(i, o)| view! {
                    <option value=i selected=checked(&name, &i.to_string())>{o.clone()}</option>
                }).collect_view()}
                {q.spec.other.then(|| view! { <option value="other" selected=checked(&name, "other")>{tr(Msg::OtherAnswer)}</option> })}
            </select>
            {other_input}
        }.into_any(),
        Kind::Single | Kind::Multiple => {
            let kind = if q.kind == Kind::Single { "radio" } else { "checkbox" };
            let n = options.len();
            view! {
                <div class="choices">
                    {options.iter().enumerate().map(|(i, o)| {
                        let iid = input_id(i);
                        view! {
                            <div class="choice">
                                <input type=kind id=iid.clone() name=name.clone() value=i checked=checked(&name, &i.to_string())/>
                                <label for=iid>{o.clone()}</label>
                            </div>
                        }
                    }).collect_view()}
                    {q.spec.other.then(|| {
                        let iid = input_id(n);
                        view! {
                            <div class="choice">
                                <input type=kind id=iid.clone() name=name.clone() value="other" checked=checked(&name, "other")/>
                                <label for=iid>{tr(Msg::OtherAnswer)}</label>
                            </div>
                        }
                    })}
                </div>
                {other_input}
            }.into_any()
        }
        Kind::Scale => view! {
            <ScalePoints q=q.clone() field=name.clone() first_id=input_id(0) selected=value(&name) ends=true/>
        }.into_any(),
        Kind::Matrix => q.spec.rows.iter().enumerate().map(|(r, row)| {
            let field = format!("{name}-r{r}");
            let first = match r {
                0 => input_id(0),
                r => format!("survey-{name}-r{r}"),
            };
            view! {
                <fieldset class="matrix-row">
                    <legend>{row.get(lang).to_string()}</legend>
                    <ScalePoints q=q.clone() field=field.clone() first_id=first selected=value(&field) ends=false/>
                </fieldset>
            }
        }).collect_view().into_any(),
        Kind::Ranking => {
            let n = options.len();
            view! {
                <div class="ranking">
                    {options.iter().enumerate().map(|(o, label)| {
                        let field = format!("{name}-o{o}");
                        let iid = match o {
                            0 => input_id(0),
                            _ => format!("survey-{field}"),
                        };
                        let current = value(&field);
                        view! {
                            <div class="rank">
                                <select id=iid.clone() name=field>
                                    <option value="">"–"</option>
                                    {(1..=n).map(|p| view! {
                                        <option value=p selected=current == p.to_string()>{p}</option>
                                    }).collect_view()}
                                </select>
                                <label for=iid>{label.clone()}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            }.into_any()
        }
        Kind::Number | Kind::ShortText | Kind::LongText => ().into_any(),
    };
    view! {
        <div class=class>
            <fieldset aria-describedby=described>
                <legend class="question-label">{legend}</legend>
                {hint_view}
                {error_view}
                {controls}
            </fieldset>
        </div>
    }
    .into_any()
}

/// The points of a scale as radio buttons, the ends' labels under their numbers (`ends`; a
/// matrix's rows leave them to the hint, or each row would take several lines on a phone).
#[component]
fn ScalePoints(
    q: Question,
    field: String,
    first_id: String,
    selected: String,
    ends: bool,
) -> impl IntoView {
    let lang = use_lang();
    let (low, high) = (
        q.spec.low.get(lang).to_string(),
        q.spec.high.get(lang).to_string(),
    );
    let range = q.scale();
    let (start, end) = (*range.start(), *range.end());
    view! {
        <div class="scale">
            {range.map(|p| {
                let id = match p == start {
                    true => first_id.clone(),
                    false => format!("survey-{field}-p{p}"),
                };
                let end_label = match p {
                    _ if !ends => None,
                    p if p == start && !low.is_empty() => Some(low.clone()),
                    p if p == end && !high.is_empty() => Some(high.clone()),
                    _ => None,
                };
                view! {
                    <div class="scale-point">
                        <input type="radio" id=id.clone() name=field.clone() value=p checked=selected == p.to_string()/>
                        <label for=id>
                            <span class="scale-number">{p}</span>
                            {end_label.map(|l| view! { <span class="scale-end">{l}</span> })}
                        </label>
                    </div>
                }
            }).collect_view()}
        </div>
    }
}

/// What the question asks of the answer beyond its text.
fn hint_of(q: &Question, lang: Lang) -> Option<String> {
    let low = q.spec.low.get(lang);
    let high = q.spec.high.get(lang);
    let range = q.scale();
    match q.kind {
        Kind::Multiple => Some(match q.spec.max_choices {
            Some(n) => tf(lang, Msg::ChooseUpTo, &[("count", &n.to_string())]),
            None => tr(Msg::ChooseAllThatApply).to_string(),
        }),
        Kind::Scale | Kind::Matrix if !low.is_empty() || !high.is_empty() => Some(tf(
            lang,
            Msg::ScaleHint,
            &[
                ("min", &range.start().to_string()),
                ("low", low),
                ("max", &range.end().to_string()),
                ("high", high),
            ],
        )),
        Kind::Ranking => Some(tr(Msg::RankingHint).to_string()),
        Kind::Number => match (q.spec.min, q.spec.max) {
            (Some(a), Some(b)) => Some(tf(
                lang,
                Msg::NumberBetween,
                &[("min", &a.to_string()), ("max", &b.to_string())],
            )),
            _ => None,
        },
        _ => None,
    }
}

/// The answers to check, each page with a link to change it, and the button that submits.
#[component]
fn CheckAnswers(v: SurveyView) -> impl IntoView {
    let lang = use_lang();
    let state = FormState::new("survey", v.flash.clone());
    let h = v.head.clone();
    let submitted = v.progress == Progress::Submitted;
    view! {
        <FormErrorSummary state=state.clone()/>
        <p>{tr(if submitted { Msg::CheckAnswersSubmitted } else { Msg::CheckAnswersIntro })}</p>
        {v.review.iter().map(|(page, questions)| {
            let change = format!("/surveys/{}?page={page}", h.id);
            view! {
                <section class="check-page" aria-labelledby=format!("check-{page}")>
                    <h2 id=format!("check-{page}") class="h3">{tf(lang, Msg::SurveyPageOf, &[("page", &page.to_string()), ("pages", &h.pages.to_string())])}</h2>
                    <dl class="check-list">
                        {questions.iter().map(|q| {
                            let answer = v.answers.iter().find(|(id, _)| *id == q.id)
                                .map(|(_, a)| answer_text(q, a, lang))
                                .unwrap_or_else(|| tr(Msg::NotAnswered).to_string());
                            view! {
                                <div class="check-row">
                                    <dt>{q.text.get(lang).to_string()}</dt>
                                    <dd>{answer}</dd>
                                </div>
                            }
                        }).collect_view()}
                    </dl>
                    <p><a href=change>{tr(Msg::ChangeAnswers)}<span class="visually-hidden">{format!(" ({})", tf(lang, Msg::SurveyPageOf, &[("page", &page.to_string()), ("pages", &h.pages.to_string())]))}</span></a></p>
                </section>
            }
        }).collect_view()}
        {(!submitted).then(|| view! {
            <form method="post" action=format!("/surveys/{}/answers", h.id) class="stack">
                <input type="hidden" name="page" value="check"/>
                <p class="hint">{tr(Msg::SubmitHint)}</p>
                <button type="submit" class="primary">{tr(Msg::SubmitSurvey)}</button>
            </form>
        })}
    }
}
