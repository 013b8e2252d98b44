use super::rules::Phase;
use super::server_fns::{community_data, consultation_data, home_data};
use super::view::PhaseNotice;
use super::ConsultationView;
use crate::i18n::{count, tf, tr, use_lang, Counted, Msg};
use crate::ideas::rules::Sort;
use crate::ideas::view::IdeaCardView;
use crate::time::format_date;
use crate::ui::{Breadcrumbs, ErrorNotice, PageMeta, Pagination};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let communities = Resource::new(|| (), |_| home_data());
    view! {
        <PageMeta title=tr(Msg::HomeTitle) description=tr(Msg::HomeIntro)/>
        <section class="hero">
            <h1>{tr(Msg::HomeTitle)}</h1>
            <p class="lead">{tr(Msg::HomeIntro)}</p>
            <form method="get" action="/search" class="search-form hero-search" role="search">
                <label for="home-search">{tr(Msg::SearchFor)}</label>
                <div class="search-row">
                    <input id="home-search" type="search" name="q" maxlength="200"/>
                    <button type="submit" class="primary">{tr(Msg::Search)}</button>
                </div>
            </form>
        </section>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match communities.await {
                    Ok(home) => view! {
                        {(!home.open.is_empty()).then(|| view! {
                            <h2>{tr(Msg::OpenNow)}</h2>
                            <ConsultationCards list=home.open.clone()/>
                        })}
                        <h2>{tr(Msg::CommunitiesHeading)}</h2>
                        {home.communities.is_empty().then(|| view! { <p>{tr(Msg::NoConsultations)}</p> })}
                        {home.can_create.then(|| view! {
                            <nav class="community-links" aria-label=tr(Msg::SiteAdministration)>
                                <ul class="inline-links">
                                    <li><a href="/communities/new">{tr(Msg::NewCommunity)}</a></li>
                                    <li><a href="/site/look">{tr(Msg::SiteLookTitle)}</a></li>
                                </ul>
                            </nav>
                        })}
                        <ul class="cards">
                            {home.communities.into_iter().map(|c| view! {
                                <li class="card">
                                    <div class="card-body">
                                        <h3 class="card-title"><a href=format!("/communities/{}", c.slug)>{c.name}</a></h3>
                                        <p class="card-text">{c.description}</p>
                                        <p class="meta">
                                            {tf(lang, Msg::ConsultationCount, &[("count", &c.consultation_count.to_string())])}
                                            " · " {count(lang, Counted::Ideas, c.idea_count)}
                                        </p>
                                    </div>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn CommunityPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        community_data,
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => {
                        let c = page.community;
                        let (archived, current): (Vec<_>, Vec<_>) =
                            page.consultations.into_iter().partition(|g| g.archived);
                        view! {
                            <PageMeta title=c.name.clone() description=c.description.clone()/>
                            <Breadcrumbs items=vec![(format!("/communities/{}", c.slug), c.name.clone())]/>
                            <section class="intro">
                                <h1>{c.name.clone()}</h1>
                                <div class="prose" inner_html=c.description_html.clone()></div>
                            </section>
                            <nav class="community-links" aria-label=tr(Msg::ModerationPages)>
                                <ul class="inline-links">
                                    {page.admin.then(|| view! {
                                        <li><a href=format!("/communities/{}/settings", c.slug)>{tr(Msg::CommunitySettings)}</a></li>
                                        <li><a href=format!("/communities/{}/dashboard", c.slug)>{tr(Msg::DashboardTitle)}</a></li>
                                    })}
                                    {page.moderator.then(|| view! {
                                        <li><a href=format!("/communities/{}/moderation", c.slug)>{tr(Msg::QueueTitle)}</a></li>
                                    })}
                                    <li><a href=format!("/communities/{}/implementation", c.slug)>{tr(Msg::ImplementationTitle)}</a></li>
                                    <li><a href=format!("/communities/{}/moderation/log", c.slug)>{tr(Msg::PublicLogTitle)}</a></li>
                                </ul>
                            </nav>
                            <h2>{tr(Msg::Consultations)}</h2>
                            <ConsultationCards list=current/>
                            {(!archived.is_empty()).then(|| view! {
                                <h2>{tr(Msg::ArchivedConsultations)}</h2>
                                <ConsultationCards list=archived/>
                            })}
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ConsultationCards(list: Vec<super::ConsultationCard>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ul class="cards">
            {list.into_iter().map(|g| {
                let until = g.phase_ends.map(|t| tf(lang, Msg::StepUntil, &[("date", &format_date(lang, t))]));
                view! {
                    <li class="card">
                        // Decoration: the title says what the consultation is about.
                        {g.cover.clone().map(|c| view! {
                            <img class="card-image" src=c.src alt="" width=c.width height=c.height loading="lazy"/>
                        })}
                        <div class="card-body">
                            <p class="card-tags">
                                <span class=format!("tag tag-{}", g.phase.as_str())>{tr(g.phase.tag())}</span>
                                {until.map(|u| view! { " " <span class="meta">{u}</span> })}
                            </p>
                            <h3 class="card-title"><a href=format!("/consultations/{}", g.id)>{g.name}</a></h3>
                            <p class="card-text">{g.description}</p>
                            <p class="meta">{count(lang, if g.statements { Counted::Statements } else { Counted::Ideas }, g.idea_count)}</p>
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
pub fn ConsultationPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (
                params
                    .read()
                    .get("id")
                    .and_then(|v| v.parse::<i64>().ok())
                    .unwrap_or(0),
                q.get("sort").unwrap_or_default(),
                q.get("page").unwrap_or_default(),
                q.get("seed").unwrap_or_default(),
                q.get("area").unwrap_or_default(),
            )
        },
        |(id, sort, page, seed, area)| consultation_data(id, sort, page, seed, area),
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <ConsultationContent page/> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ConsultationContent(page: ConsultationView) -> impl IntoView {
    let lang = use_lang();
    let sorts = Sort::ALL
        .into_iter()
        .map(|s| {
            let current = s == page.sort;
            view! {
                <li><a href=page.href(s, 1) aria-current=current.then_some("true")>{tr(s.label())}</a></li>
            }
        })
        .collect_view();
    let prev = (page.page > 1).then(|| page.href(page.sort, page.page - 1));
    let next = (page.page < page.pages).then(|| page.href(page.sort, page.page + 1));
    let empty = page.ideas.is_empty();
    let g = page.consultation.clone();
    // Vote buttons only while the phase takes votes; statements are answered one at a time
    // on their own page, so their cards show the counts alone.
    let open = matches!(g.phase, Phase::Proposals | Phase::Voting);
    let signed_in = page.signed_in && open && !g.statements;
    let statements = g.statements;

    view! {
        <PageMeta title=g.name.clone() description=g.description.clone()/>
        <Breadcrumbs items=vec![
            (format!("/communities/{}", page.community_slug), page.community_name.clone()),
            (format!("/consultations/{}", g.id), g.name.clone()),
        ]/>
        <section class="intro">
            // Decoration: the name and description say what the consultation is about.
            {g.cover.clone().map(|c| view! {
                <img class="cover" src=c.src alt="" width=c.width height=c.height/>
            })}
            <h1>{g.name.clone()}</h1>
            <PhaseSteps g=g.clone()/>
            <div class="prose" inner_html=g.description_html.clone()></div>
            <p class="meta">
                {count(lang, if statements { Counted::Statements } else { Counted::Ideas }, g.idea_count)} " · "
                <a href=format!("/consultations/{}/results", g.id)>{tr(Msg::ResultsLink)}</a>
            </p>
            <PhaseNotice phase=g.phase ends=g.phase_ends statements/>
            {(statements && open).then(|| view! {
                <p><a href=format!("/consultations/{}/statements", g.id) class="button primary">{tr(Msg::AnswerStatements)}</a></p>
            })}
            // Only someone who may post sees the button; a visitor, how they could.
            {(g.phase == Phase::Proposals && !statements).then(|| match (page.signed_in, page.taking.account_needed) {
                (true, _) => view! {
                    <p><a href=format!("/consultations/{}/new", g.id) class="button primary">{tr(Msg::PostIdea)}</a></p>
                }.into_any(),
                (false, false) => view! {
                    <p class="hint">
                        <a href=format!("/login?next=%2Fconsultations%2F{}%2Fnew", g.id)>{tr(Msg::LogInToPostIdea)}</a>
                    </p>
                }.into_any(),
                // A guest where accounts are needed: `TakePart` below says why and what to do.
                (false, true) => ().into_any(),
            })}
            <crate::participation::pages::TakePart consultation_id=g.id taking=page.taking.clone()
                signed_in=page.signed_in
                open={matches!(g.phase, Phase::Proposals | Phase::Voting)}/>
            {page.can_answer.then(|| view! {
                <nav class="community-links" aria-label=tr(Msg::ModerationPages)>
                <ul class="inline-links">
                    <li><a href=format!("/consultations/{}/answers", g.id)>{tr(Msg::AnswersTitle)}</a></li>
                    <li><a href=format!("/consultations/{}/settings", g.id)>{tr(Msg::ConsultationSettings)}</a></li>
                    <li><a href=format!("/consultations/{}/measures/new", g.id)>{tr(Msg::NewMeasure)}</a></li>
                    <li><a href=format!("/consultations/{}/surveys", g.id)>{tr(Msg::SurveysLink)}</a></li>
                </ul>
                </nav>
            })}
        </section>
        <crate::surveys::pages::SurveyList surveys=page.surveys.clone()/>
        <form method="get" action="/search" class="search-form inline" role="search">
            <input type="hidden" name="consultation" value=g.id/>
            <label for="consultation-search">{tr(Msg::SearchThisConsultation)}</label>
            <input id="consultation-search" type="search" name="q" maxlength="200"/>
            <button type="submit">{tr(Msg::Search)}</button>
        </form>
        // The city's own measures, apart from what residents proposed.
        {(!page.measures.is_empty()).then(|| view! {
            <section aria-labelledby="measures-heading">
                <h2 id="measures-heading">{tr(Msg::CityMeasuresHere)}</h2>
                <div class="idea-list">
                    {page.measures.clone().into_iter().map(|idea| view! { <IdeaCardView idea signed_in/> }).collect_view()}
                </div>
            </section>
        })}
        {page.areas.clone().filter(|_| !statements).map(|filter| view! {
            <crate::places::view::AreaFilterView filter base=format!("/consultations/{}", g.id)/>
        })}
        <section aria-labelledby="ideas-heading">
            <h2 id="ideas-heading">{match page.areas.as_ref().and_then(|a| a.current.as_ref()) {
                Some(area) => tf(lang, Msg::IdeasInArea, &[("area", &area.name)]),
                None => tr(if statements { Msg::StatementsHeading } else { Msg::ResidentsIdeas }).to_string(),
            }}</h2>
            <nav class="sort" aria-label=tr(Msg::SortBy)>
                <span aria-hidden="true">{tr(Msg::SortBy)} ": "</span>
                <ul>{sorts}</ul>
            </nav>
            {empty.then(|| view! { <p class="empty">{tr(if statements { Msg::NoStatementsYet } else { Msg::NoIdeasYet })}</p> })}
            <div class="idea-list">
                {page.ideas.into_iter().map(|idea| match statements {
                    true => view! { <crate::statements::pages::StatementCard idea/> }.into_any(),
                    false => view! { <IdeaCardView idea signed_in/> }.into_any(),
                }).collect_view()}
            </div>
            <Pagination page=page.page pages=page.pages prev next/>
        </section>
    }
}

/// The consultation's phases as steps, the current one marked ("Proposals until 4 Feb 2027 ·
/// Voting until … · Results"): where the consultation stands at a glance.
#[component]
pub fn PhaseSteps(g: super::ConsultationCard) -> impl IntoView {
    let lang = use_lang();
    let date =
        |t: Option<i64>, msg: Msg| t.map(|t| tf(lang, msg, &[("date", &format_date(lang, t))]));
    let position = match g.phase {
        Phase::Upcoming => 0,
        Phase::Proposals => 1,
        Phase::Voting => 2,
        Phase::Closed => 3,
    };
    let steps = [
        (
            1,
            Msg::StepProposals,
            date(g.proposals_until, Msg::StepUntil),
        ),
        (2, Msg::StepVoting, date(g.voting_until, Msg::StepUntil)),
        (3, Msg::StepResults, None),
    ];
    view! {
        <ol class="steps" aria-label=tr(Msg::StepsLabel)>
            {(position == 0).then(|| view! {
                <li class="step current" aria-current="step">
                    <span class="step-name">{tr(Msg::StepUpcoming)}</span>
                    {date(Some(g.opens_at), Msg::StepOpens).map(|d| view! { <span class="step-date">{d}</span> })}
                </li>
            })}
            {steps.into_iter().map(|(n, name, until)| {
                let state = match n.cmp(&position) {
                    std::cmp::Ordering::Less => "step done",
                    std::cmp::Ordering::Equal => "step current",
                    std::cmp::Ordering::Greater => "step",
                };
                view! {
                    <li class=state aria-current=(n == position).then_some("step")>
                        <span class="step-name">{tr(name)}</span>
                        {until.map(|d| view! { <span class="step-date">{d}</span> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
