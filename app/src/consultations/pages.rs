use super::rules::Phase;
use super::server_fns::{community_data, consultation_data, home_data};
use super::ConsultationView;
use crate::i18n::{count, format_date_time, tf, tr, use_lang, Counted, Msg};
use crate::ideas::pages::IdeaCardView;
use crate::ideas::rules::Sort;
use crate::ui::{Breadcrumbs, ErrorNotice, PageMeta, Pagination};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let communities = Resource::new(|| (), |_| home_data());
    let deleted = crate::ui::query("notice")() == "account_deleted";
    view! {
        <PageMeta title=tr(Msg::HomeTitle) description=tr(Msg::HomeIntro)/>
        <section class="intro">
            {deleted.then(|| view! {
                <p class="notice success" role="status">{tr(Msg::AccountDeleted)}</p>
            })}
            <h1>{tr(Msg::HomeTitle)}</h1>
            <p>{tr(Msg::HomeIntro)}</p>
        </section>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match communities.await {
                    Ok((list, can_create)) => view! {
                        {list.is_empty().then(|| view! { <p>{tr(Msg::NoConsultations)}</p> })}
                        {can_create.then(|| view! {
                            <p><a class="button" href="/communities/new">{tr(Msg::NewCommunity)}</a></p>
                        })}
                        <ul class="cards">
                            {list.into_iter().map(|c| view! {
                                <li class="card">
                                    <h2><a href=format!("/communities/{}", c.slug)>{c.name}</a></h2>
                                    <p>{c.description}</p>
                                    <p class="meta">{count(lang, Counted::Ideas, c.idea_count)}</p>
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
                            <h2>{tr(Msg::Consultations)}</h2>
                            <ConsultationCards list=current/>
                            {(!archived.is_empty()).then(|| view! {
                                <h2>{tr(Msg::ArchivedConsultations)}</h2>
                                <ConsultationCards list=archived/>
                            })}
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
            {list.into_iter().map(|g| view! {
                <li class="card">
                    <h3><a href=format!("/consultations/{}", g.id)>{g.name}</a></h3>
                    <p>{g.description}</p>
                    <p class="meta">{tr(g.phase.label())} " · " {count(lang, Counted::Ideas, g.idea_count)}</p>
                </li>
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
            )
        },
        |(id, sort, page, seed)| consultation_data(id, sort, page, seed),
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
    // Vote buttons only while the phase takes votes.
    let signed_in = page.signed_in && matches!(g.phase, Phase::Proposals | Phase::Voting);

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
            {notice_of(&crate::ui::query("notice")())
                .map(|m| view! { <p class="notice success" role="status">{tr(m)}</p> })}
            <div class="prose" inner_html=g.description_html.clone()></div>
            <p class="meta">
                {count(lang, Counted::Ideas, g.idea_count)} " · "
                <a href=format!("/consultations/{}/results", g.id)>{tr(Msg::ResultsLink)}</a>
            </p>
            <PhaseNotice phase=g.phase ends=g.phase_ends/>
            {(g.phase == Phase::Proposals).then(|| view! {
                <p><a href=format!("/consultations/{}/new", g.id) class="button primary">{tr(Msg::PostIdea)}</a></p>
            })}
            <crate::participation::pages::TakePart consultation_id=g.id taking=page.taking.clone()
                signed_in=page.signed_in
                open={matches!(g.phase, Phase::Proposals | Phase::Voting)}/>
            {page.can_answer.then(|| view! {
                <ul class="inline-links">
                    <li><a href=format!("/consultations/{}/answers", g.id)>{tr(Msg::AnswersTitle)}</a></li>
                    <li><a href=format!("/consultations/{}/settings", g.id)>{tr(Msg::ConsultationSettings)}</a></li>
                    <li><a href=format!("/consultations/{}/measures/new", g.id)>{tr(Msg::NewMeasure)}</a></li>
                </ul>
            })}
        </section>
        <form method="get" action="/search" class="search-form inline" role="search">
            <input type="hidden" name="consultation" value=g.id/>
            <label for="consultation-search">{tr(Msg::SearchThisConsultation)}</label>
            <input id="consultation-search" type="search" name="q" maxlength="200"/>
            <button type="submit">{tr(Msg::Search)}</button>
        </form>
        <section aria-labelledby="ideas-heading">
            <h2 id="ideas-heading">{tr(Msg::Ideas)}</h2>
            <nav class="sort" aria-label=tr(Msg::SortBy)>
                <span aria-hidden="true">{tr(Msg::SortBy)} ": "</span>
                <ul>{sorts}</ul>
            </nav>
            {empty.then(|| view! { <p class="empty">{tr(Msg::NoIdeasYet)}</p> })}
            <div class="idea-list">
                {page.ideas.into_iter().map(|idea| view! { <IdeaCardView idea signed_in/> }).collect_view()}
            </div>
            <Pagination page=page.page pages=page.pages prev next/>
        </section>
    }
}

/// What a consultation's page says after someone took part without an account or answered
/// its questions.
fn notice_of(notice: &str) -> Option<Msg> {
    match notice {
        "guest" => Some(Msg::TakingPartAsGuest),
        "answered" => Some(Msg::AnswersSaved),
        _ => None,
    }
}

/// What residents can do in the consultation now, and until when (in the site's time zone).
#[component]
pub fn PhaseNotice(phase: Phase, ends: Option<i64>) -> impl IntoView {
    let lang = use_lang();
    let date = ends.map(|t| format_date_time(lang, t)).unwrap_or_default();
    let text = tf(lang, phase.explanation(ends.is_some()), &[("date", &date)]);
    view! {
        <p class=format!("phase phase-{}", phase.as_str())>
            <strong>{tr(phase.label())}</strong> " " {text}
        </p>
    }
}
