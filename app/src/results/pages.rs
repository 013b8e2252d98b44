//! The public results page of a consultation and the administrators' dashboard of a
//! community.

use super::charts::{BarRow, BarTable, DayChart, Series};
use super::rules::{format_duration, format_number, format_percent, PERIODS};
use super::server_fns::{dashboard_data, results_data};
use super::{DashboardView, ResultsView};
use crate::i18n::{tf, tr, use_lang, Msg};
use crate::ui::{loaded, param, query, Breadcrumbs, PageMeta};
use leptos::prelude::*;

#[component]
pub fn ResultsPage() -> impl IntoView {
    let id = param("id");
    let data = Resource::new(move || id().parse::<i64>().unwrap_or(0), results_data);
    loaded(data, Msg::ResultsTitle, |r| view! { <Results r/> })
}

/// One figure of a summary: its number, then what it counts.
fn figure(lang: crate::i18n::Lang, n: i64, what: Msg) -> impl IntoView {
    view! {
        <div class="figure">
            <dt>{tr(what)}</dt>
            <dd>{format_number(lang, n)}</dd>
        </div>
    }
}

#[component]
fn Results(r: ResultsView) -> impl IntoView {
    let lang = use_lang();
    let title = tf(lang, Msg::ResultsTitleOf, &[("name", &r.consultation_name)]);
    let base = format!("/consultations/{}", r.consultation_id);
    let votes = r.votes_for + r.votes_against;
    let ranking: Vec<BarRow> = r
        .ranking
        .iter()
        .map(|i| BarRow {
            label: i.title.clone(),
            href: Some(format!("/ideas/{}", i.id)),
            cells: vec![
                format_number(lang, i.up - i.down),
                format_number(lang, i.up),
                format_number(lang, i.down),
                tr(i.status.label()).to_string(),
            ],
            parts: vec![(i.up, "for"), (i.down, "against")],
        })
        .collect();
    let arguments = vec![
        BarRow {
            label: tr(Msg::ArgumentsFor).into(),
            href: None,
            cells: vec![
                format_number(lang, r.arguments_for),
                format_percent(lang, r.arguments_for, r.arguments_for + r.arguments_against),
            ],
            parts: vec![(r.arguments_for, "for")],
        },
        BarRow {
            label: tr(Msg::ArgumentsAgainst).into(),
            href: None,
            cells: vec![
                format_number(lang, r.arguments_against),
                format_percent(
                    lang,
                    r.arguments_against,
                    r.arguments_for + r.arguments_against,
                ),
            ],
            parts: vec![(r.arguments_against, "against")],
        },
    ];
    let share = |n: i64| vec![format_number(lang, n), format_percent(lang, n, r.ideas)];
    let categories: Vec<BarRow> = r
        .categories
        .iter()
        .map(|(name, n)| BarRow {
            label: name.clone(),
            href: None,
            cells: share(*n),
            parts: vec![(*n, "main")],
        })
        .collect();
    let statuses: Vec<BarRow> = r
        .statuses
        .iter()
        .map(|(s, n)| BarRow {
            label: tr(s.label()).into(),
            href: None,
            cells: share(*n),
            parts: vec![(*n, "main")],
        })
        .collect();
    let days: Vec<i64> = r.votes_per_day.iter().map(|d| d.day).collect();
    let vote_series = vec![
        Series {
            name: tr(Msg::VotesForCol).into(),
            class: "for",
            values: r.votes_per_day.iter().map(|d| d.up).collect(),
        },
        Series {
            name: tr(Msg::VotesAgainstCol).into(),
            class: "against",
            values: r.votes_per_day.iter().map(|d| d.down).collect(),
        },
    ];
    let people_days: Vec<i64> = r.participants_per_day.iter().map(|d| d.day).collect();
    let people = vec![Series {
        name: tr(Msg::Participants).into(),
        class: "main",
        values: r.participants_per_day.iter().map(|d| d.n).collect(),
    }];
    let empty = r.ideas == 0;
    let col = |m: Msg| tr(m).to_string();
    view! {
        <PageMeta title=title.clone() description=tr(Msg::ResultsIntro)/>
        <Breadcrumbs items=vec![
            (format!("/communities/{}", r.community_slug), r.community_name.clone()),
            (base.clone(), r.consultation_name.clone()),
            (format!("{base}/results"), tr(Msg::ResultsTitle).to_string()),
        ]/>
        <h1>{title}</h1>
        <p>{tr(Msg::ResultsIntro)}</p>
        <dl class="figures">
            {figure(lang, r.participants, Msg::Participants)}
            {figure(lang, r.ideas, Msg::Ideas)}
            {figure(lang, votes, Msg::VotesCol)}
            {figure(lang, r.arguments_for + r.arguments_against, Msg::ArgumentsCol)}
            {figure(lang, r.comments, Msg::Comments)}
        </dl>
        {empty.then(|| view! { <p class="empty">{tr(Msg::NoIdeasYet)}</p> })}
        {(!empty).then(|| view! {
            <section aria-labelledby="ranking-heading">
                <h2 id="ranking-heading">{tr(Msg::RankingHeading)}</h2>
                <p class="meta">{tf(lang, Msg::RankingNote, &[("count", &r.ranking.len().to_string())])}</p>
                <BarTable caption=tr(Msg::RankingHeading)
                    headers=vec![col(Msg::ColIdea), col(Msg::NetSupport), col(Msg::VotesForCol), col(Msg::VotesAgainstCol), col(Msg::ColStatus)]
                    rows=ranking/>
            </section>
            {r.groups.clone().map(|g| view! { <crate::opinions::view::GroupsSection g mine=r.my_group.clone()/> })}
            <section aria-labelledby="time-heading">
                <h2 id="time-heading">{tr(Msg::ActivityHeading)}</h2>
                <DayChart id="votes-per-day" caption=tr(Msg::VotesPerDay) days series=vote_series fit=true/>
                <DayChart id="people-per-day" caption=tr(Msg::ParticipantsPerDay) days=people_days series=people fit=true/>
            </section>
            <section aria-labelledby="breakdown-heading">
                <h2 id="breakdown-heading">{tr(Msg::BreakdownHeading)}</h2>
                <BarTable caption=tr(Msg::ArgumentsForAgainst)
                    headers=vec![col(Msg::ColSide), col(Msg::ArgumentsCol), col(Msg::ColShare)] rows=arguments/>
                <BarTable caption=tr(Msg::IdeasPerCategory)
                    headers=vec![col(Msg::Category), col(Msg::Ideas), col(Msg::ColShare)] rows=categories/>
                <BarTable caption=tr(Msg::IdeasPerStatus)
                    headers=vec![col(Msg::ColStatus), col(Msg::Ideas), col(Msg::ColShare)] rows=statuses/>
            </section>
            {r.areas.clone().map(|results| view! { <crate::places::view::AreaResultsView results/> })}
        })}
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let slug = param("slug");
    let days = query("days");
    let data = Resource::new(move || (slug(), days()), |(s, d)| dashboard_data(s, d));
    loaded(data, Msg::DashboardTitle, |d| view! { <Dashboard d/> })
}

#[component]
fn Dashboard(d: DashboardView) -> impl IntoView {
    let lang = use_lang();
    let base = format!("/communities/{}", d.community_slug);
    let title = tf(lang, Msg::DashboardTitleOf, &[("name", &d.community_name)]);
    let days: Vec<i64> = d.activity.iter().map(|a| a.day).collect();
    let series = |name: Msg, class: &'static str, f: fn(&super::DayActivity) -> i64| Series {
        name: tr(name).into(),
        class,
        values: d.activity.iter().map(f).collect(),
    };
    let contributions = vec![
        series(Msg::Ideas, "main", |a| a.ideas),
        series(Msg::ArgumentsCol, "alt", |a| a.arguments),
    ];
    let votes = vec![series(Msg::VotesCol, "main", |a| a.votes)];
    let people = vec![series(Msg::Participants, "main", |a| a.participants)];
    let period = d.days.to_string();
    view! {
        <PageMeta title=title.clone() description=tr(Msg::DashboardIntro)/>
        <Breadcrumbs items=vec![
            (base.clone(), d.community_name.clone()),
            (format!("{base}/dashboard"), tr(Msg::DashboardTitle).to_string()),
        ]/>
        <h1>{title}</h1>
        <p>{tr(Msg::DashboardIntro)}</p>
        <nav aria-label=tr(Msg::PeriodLabel)>
            <ul class="inline-links">
                {PERIODS.iter().copied().map(|p| {
                    let current = p == d.days;
                    view! {
                        <li><a href=format!("{base}/dashboard?days={p}") aria-current=current.then_some("page")>
                            {tf(lang, Msg::LastDays, &[("count", &p.to_string())])}
                        </a></li>
                    }
                }).collect_view()}
            </ul>
        </nav>
        <section aria-labelledby="participation-heading">
            <h2 id="participation-heading">{tf(lang, Msg::LastDays, &[("count", &period)])}</h2>
            <dl class="figures">
                {figure(lang, d.participants, Msg::Participants)}
                {figure(lang, d.participants_ever, Msg::ParticipantsEver)}
                {figure(lang, d.activity.iter().map(|a| a.ideas).sum(), Msg::Ideas)}
                {figure(lang, d.activity.iter().map(|a| a.arguments).sum(), Msg::ArgumentsCol)}
                {figure(lang, d.activity.iter().map(|a| a.votes).sum(), Msg::VotesCol)}
            </dl>
            <DayChart id="people" caption=tr(Msg::ParticipantsPerDay) days=days.clone() series=people/>
            <DayChart id="contributions" caption=tr(Msg::ContributionsPerDay) days=days.clone() series=contributions/>
            <DayChart id="votes" caption=tr(Msg::VotesPerDay) days series=votes/>
        </section>
        <section aria-labelledby="moderation-heading">
            <h2 id="moderation-heading">{tr(Msg::ModerationLoad)}</h2>
            <dl class="figures">
                {figure(lang, d.reports_opened, Msg::ReportsOpened)}
                {figure(lang, d.reports_closed, Msg::ReportsClosed)}
                {figure(lang, d.queue, Msg::QueueNow)}
                <div class="figure">
                    <dt>{tr(Msg::MedianDecision)}</dt>
                    <dd>{d.median_decision_ms.map_or_else(|| "—".to_string(), format_duration)}</dd>
                </div>
            </dl>
            <p><a href=format!("{base}/moderation")>{tr(Msg::QueueTitle)}</a></p>
        </section>
    }
}
