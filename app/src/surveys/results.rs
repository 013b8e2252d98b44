//! `/surveys/:id/results`: per question, counts and shares as bar tables (the bar drawn in
//! SVG on the server, the numbers in the table), mean and median for scales and numbers,
//! ranking scores, published text answers (all of them, with publishing, for administrators),
//! and a breakdown by one of the consultation's statistics questions with small cells hidden.

use super::server_fns::{survey_results_data, PublishAnswer};
use super::tally::{CrossTab, QuestionResult, Summary, SurveyResults};
use super::Kind;
use crate::i18n::{tf, tr, use_lang, Lang, Msg};
use crate::results::charts::{BarRow, BarTable};
use crate::results::rules::{format_number, format_percent};
use crate::ui::{loaded, param, query, Breadcrumbs, PageMeta};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn SurveyResultsPage() -> impl IntoView {
    let id = param("id");
    let by = query("by");
    let data = Resource::new(
        move || (id().parse::<i64>().unwrap_or(0), by()),
        |(id, by)| survey_results_data(id, by),
    );
    loaded(data, Msg::SurveyResultsLink, |r| view! { <Results r/> })
}

/// A decimal as people here write it: "3,4" in Slovenian, "3.4" in English.
fn decimal(lang: Lang, x: f64) -> String {
    let s = format!("{x:.1}");
    match lang {
        Lang::Sl => s.replace('.', ","),
        Lang::En => s,
    }
}

#[component]
fn Results(r: SurveyResults) -> impl IntoView {
    let lang = use_lang();
    let h = r.head.clone();
    let title = tf(lang, Msg::ResultsTitleOf, &[("name", &h.title)]);
    let too_few = r.respondents < r.min_cell && !r.manage;
    let by = r.by;
    view! {
        <PageMeta title=title.clone() description=tr(Msg::SurveyResultsIntro)/>
        <Breadcrumbs items=vec![
            (format!("/communities/{}", h.community_slug), h.community_name.clone()),
            (format!("/consultations/{}", h.consultation_id), h.consultation_name.clone()),
            (format!("/surveys/{}", h.id), h.title.clone()),
            (format!("/surveys/{}/results", h.id), tr(Msg::SurveyResultsLink).to_string()),
        ]/>
        <h1>{title}</h1>
        <p>{tr(Msg::SurveyResultsIntro)}</p>
        {(!h.results_public).then(|| view! { <p class="notice" role="status">{tr(Msg::SurveyResultsPrivate)}</p> })}
        <dl class="figures">
            <div class="figure">
                <dt>{tr(Msg::SubmittedResponses)}</dt>
                <dd>{format_number(lang, r.respondents)}</dd>
            </div>
        </dl>
        {too_few.then(|| view! {
            <p class="empty">{tf(lang, Msg::SurveyTooFew, &[("count", &r.min_cell.to_string())])}</p>
        })}
        {(!too_few && !r.breakdowns.is_empty()).then(|| view! {
            <form method="get" action=format!("/surveys/{}/results", h.id) class="search-form inline">
                <label for="survey-by">{tr(Msg::BreakDownBy)}</label>
                <select id="survey-by" name="by">
                    <option value="">{tr(Msg::NoBreakdown)}</option>
                    {r.breakdowns.iter().map(|(id, text)| view! {
                        <option value=*id selected=by == Some(*id)>{text.clone()}</option>
                    }).collect_view()}
                </select>
                <button type="submit">{tr(Msg::Show)}</button>
            </form>
        })}
        {(!too_few).then(|| r.questions.iter().map(|q| view! {
            <QuestionResults q=q.clone() survey_id=h.id manage=r.manage min_cell=r.min_cell/>
        }).collect_view())}
    }
}

fn summary_list(lang: Lang, s: &Summary) -> impl IntoView {
    view! {
        <dl class="figures small">
            <div class="figure"><dt>{tr(Msg::Mean)}</dt><dd>{decimal(lang, s.mean)}</dd></div>
            <div class="figure"><dt>{tr(Msg::Median)}</dt><dd>{decimal(lang, s.median)}</dd></div>
            <div class="figure"><dt>{tr(Msg::Lowest)}</dt><dd>{decimal(lang, s.min)}</dd></div>
            <div class="figure"><dt>{tr(Msg::Highest)}</dt><dd>{decimal(lang, s.max)}</dd></div>
        </dl>
    }
}

#[component]
fn QuestionResults(
    q: QuestionResult,
    survey_id: i64,
    manage: bool,
    min_cell: i64,
) -> impl IntoView {
    let lang = use_lang();
    let col = |m: Msg| tr(m).to_string();
    let heading = format!("question-{}-heading", q.id);
    let answered = tf(
        lang,
        Msg::AnsweredBy,
        &[("count", &format_number(lang, q.answered))],
    );
    let counts = (!q.counts.is_empty()).then(|| {
        let rows: Vec<BarRow> = q
            .counts
            .iter()
            .map(|(label, n)| BarRow {
                label: label.clone(),
                href: None,
                cells: vec![format_number(lang, *n), format_percent(lang, *n, q.answered)],
                parts: vec![(*n, "main")],
            })
            .collect();
        let first = match q.kind {
            Kind::Scale => col(Msg::ScalePoint),
            _ => col(Msg::ExportColAnswer),
        };
        view! {
            <BarTable caption=q.text.clone() headers=vec![first, col(Msg::PeopleCol), col(Msg::ColShare)] rows/>
            {(q.kind == Kind::Multiple).then(|| view! { <p class="hint">{tr(Msg::MoreThanOneNote)}</p> })}
        }
    });
    let ranking = (!q.ranking.is_empty()).then(|| {
        let mut scores = q.ranking.clone();
        scores.sort_by_key(|s| std::cmp::Reverse(s.points));
        let rows: Vec<BarRow> = scores
            .iter()
            .map(|s| BarRow {
                label: s.label.clone(),
                href: None,
                cells: vec![format_number(lang, s.points), decimal(lang, s.mean_place)],
                parts: vec![(s.points, "main")],
            })
            .collect();
        view! {
            <BarTable caption=q.text.clone() headers=vec![col(Msg::ExportColAnswer), col(Msg::RankPoints), col(Msg::MeanPlace)] rows/>
            <p class="hint">{tr(Msg::RankPointsNote)}</p>
        }
    });
    let matrix = (!q.rows.is_empty()).then(|| {
        let rows: Vec<BarRow> = q
            .rows
            .iter()
            .map(|(label, s)| BarRow {
                label: label.clone(),
                href: None,
                cells: vec![format_number(lang, s.n), decimal(lang, s.mean), decimal(lang, s.median)],
                // Tenths of the mean, so the bars compare the rows.
                parts: vec![((s.mean * 10.0).round() as i64, "main")],
            })
            .collect();
        view! {
            <BarTable caption=q.text.clone() headers=vec![col(Msg::StatementCol), col(Msg::PeopleCol), col(Msg::Mean), col(Msg::Median)] rows/>
        }
    });
    let summary = q
        .summary
        .filter(|_| matches!(q.kind, Kind::Scale | Kind::Number))
        .map(|s| summary_list(lang, &s));
    let crosstab = q
        .crosstab
        .clone()
        .map(|t| view! { <CrossTable t caption=q.text.clone() min_cell/> });
    let texts = (!q.texts.is_empty() || (manage && q.kind.is_text())).then(|| {
        let qid = q.id;
        view! {
            <h3 class="h4">{tr(if manage { Msg::TextAnswers } else { Msg::PublishedAnswers })}</h3>
            {manage.then(|| view! { <p class="hint">{tr(Msg::PublishHint)}</p> })}
            {(manage && q.text_count > q.texts.len() as i64).then(|| view! {
                <p class="hint">{tf(lang, Msg::TextsListedOf, &[
                    ("shown", &format_number(lang, q.texts.len() as i64)),
                    ("count", &format_number(lang, q.text_count)),
                ])}</p>
            })}
            <ul class="text-answers">
                {q.texts.iter().map(|t| view! {
                    <li class="card">
                        <p>{t.body.clone()}</p>
                        {manage.then(|| view! {
                            <form method="post" action=PublishAnswer::url() class="inline-form">
                                <input type="hidden" name="survey_id" value=survey_id/>
                                <input type="hidden" name="response_id" value=t.response_id/>
                                <input type="hidden" name="question_id" value=qid/>
                                {match t.published {
                                    true => view! {
                                        <span class="tag">{tr(Msg::PublishedTag)}</span> " "
                                        <button type="submit">{tr(Msg::Withdraw)}</button>
                                    }.into_any(),
                                    false => view! {
                                        <button type="submit" name="publish" value="1">{tr(Msg::Publish)}</button>
                                    }.into_any(),
                                }}
                            </form>
                        })}
                    </li>
                }).collect_view()}
            </ul>
        }
    });
    view! {
        <section id=format!("question-{}", q.id) class="question-results" aria-labelledby=heading.clone()>
            <h2 id=heading.clone() class="h3">{q.text.clone()}</h2>
            <p class="meta">{answered}</p>
            {counts}
            {summary}
            {ranking}
            {matrix}
            {crosstab}
            {texts}
        </section>
    }
}

/// The breakdown: answers in rows, groups in columns, hidden cells as "< n".
#[component]
fn CrossTable(t: CrossTab, caption: String, min_cell: i64) -> impl IntoView {
    let lang = use_lang();
    let hidden = format!("< {min_cell}");
    let cell = move |n: Option<i64>| n.map_or(hidden.clone(), |n| format_number(lang, n));
    let region = tf(lang, Msg::BreakdownOf, &[("question", &caption)]);
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=region.clone()>
            <table class="crosstab">
                <caption>{region.clone()}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tr(Msg::ExportColAnswer)}</th>
                        {t.columns.iter().map(|c| view! { <th scope="col" class="num">{c.clone()}</th> }).collect_view()}
                        <th scope="col" class="num">{tr(Msg::Total)}</th>
                    </tr>
                </thead>
                <tbody>
                    {t.rows.iter().map(|(label, cells, total)| view! {
                        <tr>
                            <th scope="row">{label.clone()}</th>
                            {cells.iter().map(|n| view! { <td class="num">{cell(*n)}</td> }).collect_view()}
                            <td class="num">{format_number(lang, *total)}</td>
                        </tr>
                    }).collect_view()}
                    <tr class="total">
                        <th scope="row">{tr(Msg::Total)}</th>
                        {t.column_totals.iter().map(|n| view! { <td class="num">{cell(*n)}</td> }).collect_view()}
                        <td class="num">{format_number(lang, t.total)}</td>
                    </tr>
                </tbody>
            </table>
        </div>
        <p class="hint">{tf(lang, Msg::SuppressedNote, &[("count", &min_cell.to_string())])}</p>
    }
}
