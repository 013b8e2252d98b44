use super::answers::{AnswerIdeaForm, FollowButton, StatusHistory};
use super::server_fns::{idea_data, idea_form_data, idea_history, CreateIdea, UpdateIdea};
use super::{IdeaFormView, IdeaView};
use crate::arguments::rules::Side;
use crate::arguments::view::ArgumentColumn;
use crate::comments::view::CommentSection;
use crate::consultations::view::PhaseNotice;
use crate::form::{FormErrorSummary, FormState};
use crate::i18n::{tf, tr, use_lang, Msg};
use crate::measures::pages::{LedTo, MeasureDetails};
use crate::moderation::rules::{ContentRef, Kind};
use crate::moderation::view::{HiddenNotice, ItemActions};
use crate::moderation::Rights;
use crate::pictures::view::Gallery;
use crate::places::view::{AreaField, PlaceOfIdea};
use crate::time::format_date;
use crate::ui::{Breadcrumbs, ErrorNotice, Field, PageMeta};
use crate::votes::view::{idea_title_id, IdeaVoteBox};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

fn id_param(name: &'static str) -> Memo<i64> {
    let params = use_params_map();
    Memo::new(move |_| {
        params
            .read()
            .get(name)
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    })
}

#[component]
pub fn IdeaPage() -> impl IntoView {
    let id = id_param("id");
    let idea = Resource::new(move || id.get(), idea_data);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match idea.await {
                    Ok(idea) => view! { <IdeaDetail idea/> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn IdeaDetail(idea: IdeaView) -> impl IntoView {
    let lang = use_lang();
    let (pro, con): (Vec<_>, Vec<_>) = idea
        .arguments
        .into_iter()
        .partition(|a| a.side == Side::For);
    let crumbs = vec![
        (
            format!("/communities/{}", idea.community_slug),
            idea.community_name.clone(),
        ),
        (
            format!("/consultations/{}", idea.consultation_id),
            idea.consultation_name.clone(),
        ),
        (format!("/ideas/{}", idea.id), idea.title.clone()),
    ];
    let flash = idea.flash;
    let title_id = idea_title_id(idea.id);
    let target = ContentRef::new(Kind::Idea, idea.id);
    let rights = idea.rights;
    let visible = idea.hidden.is_none();
    if !visible && !idea.mine && !rights.moderator {
        // The public sees that the idea was hidden and by which rule, nothing of its text.
        let log = format!("/communities/{}/moderation/log", idea.community_slug);
        return view! {
            <PageMeta title=idea.title.clone() description=idea.title.clone()/>
            <Breadcrumbs items=crumbs/>
            <article class="idea">
                <h1 id=title_id>{idea.title.clone()}</h1>
                {idea.hidden.map(|h| view! { <HiddenNotice hidden=h target mine=false/> })}
                <p><a href=log>{tr(Msg::PublicLogTitle)}</a></p>
            </article>
        }
        .into_any();
    }
    // A hidden idea takes no votes, arguments or comments; a banned reader writes nothing.
    let takes_part = visible && rights.signed_in && !rights.banned;
    let rights_here = Rights {
        signed_in: takes_part,
        ..rights
    };
    let votes_now = takes_part && rights.vote;
    view! {
        <PageMeta title=idea.title.clone() description=idea.excerpt.clone()/>
        <Breadcrumbs items=crumbs/>
        {idea.ban.clone().map(|b| {
            let until = match b.until {
                // The stored end is the first moment after the last day.
                Some(t) => tf(lang, Msg::BannedUntil, &[("date", &format_date(lang, t - 1))]),
                None => tr(Msg::BannedIndefinitely).to_string(),
            };
            let text = tf(lang, Msg::BannedNotice, &[("rule", tr(b.reason.label())), ("until", &until)]);
            view! { <p class="notice" role="status">{text}</p> }
        })}
        <PhaseNotice phase=idea.phase ends=idea.phase_ends statements=idea.statement/>
        <article class="idea">
            <header class="idea-header">
                {idea.measure.is_some().then(|| view! { <p class="badge city">{tr(Msg::CityMeasure)}</p> })}
                <h1 id=title_id>{idea.title.clone()}</h1>
                <p class="meta">
                    {idea.measure.is_none().then(|| view! {
                        <span class=format!("status status-{}", idea.status.as_str())>{tr(idea.status.label())}</span>
                        " · "
                    })}
                    {idea.category.map(|c| view! { <span class="category">{c}</span> " · " })}
                    {tf(lang, Msg::PostedByOn, &[("author", &idea.author_name), ("date", &format_date(lang, idea.created_at))])}
                    {idea.edited_at.map(|t| view! {
                        " · " <a href=format!("/ideas/{}/history", idea.id)>{tf(lang, Msg::EditedOn, &[("date", &format_date(lang, t))])}</a>
                    })}
                </p>
                {idea.can_edit.then(|| view! {
                    <p><a href=format!("/ideas/{}/edit", idea.id)>{tr(Msg::EditIdea)}</a></p>
                })}
                {idea.hidden.clone().map(|h| view! { <HiddenNotice hidden=h target mine=idea.mine/> })}
            </header>
            <div class="prose" inner_html=idea.body_html></div>
            <Gallery idea_id=idea.id pictures=idea.pictures rights=rights_here flash=flash.clone()/>
            {idea.place.map(|place| view! { <PlaceOfIdea place/> })}
            {idea.measure.map(|panel| view! { <MeasureDetails id=idea.id panel/> })}
            <LedTo measures=idea.led_to/>
            <ItemActions target rights=rights_here mine=idea.mine hidden=!visible/>
            <StatusHistory answers=idea.answers/>
            {idea.can_answer.then(|| view! { <AnswerIdeaForm idea_id=idea.id current=idea.status flash=flash.clone()/> })}
            {idea.following.map(|following| view! { <FollowButton idea_id=idea.id following/> })}
            <section class="idea-votes" aria-labelledby="vote-heading">
                <h2 id="vote-heading" class="visually-hidden">{tr(Msg::VoteOnIdea)}</h2>
                <IdeaVoteBox idea_id=idea.id tally=idea.tally signed_in=votes_now statement=idea.statement/>
            </section>
            {(!idea.signed_in).then(|| view! {
                <p class="notice">
                    <a href=format!("/login?next=/ideas/{}", idea.id)>{tr(Msg::LogInToTakePart)}</a>
                </p>
            })}
            <div class="debate">
                <ArgumentColumn side=Side::For idea_id=idea.id arguments=pro rights=rights_here
                    flash=flash.clone()/>
                <ArgumentColumn side=Side::Against idea_id=idea.id arguments=con rights=rights_here
                    flash=flash.clone()/>
            </div>
            <CommentSection idea_id=idea.id comments=idea.comments rights=rights_here flash=flash/>
        </article>
    }
    .into_any()
}

#[component]
pub fn IdeaHistoryPage() -> impl IntoView {
    let id = id_param("id");
    let history = Resource::new(move || id.get(), idea_history);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match history.await {
                    Ok(h) => view! { <IdeaHistory h/> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn IdeaHistory(h: super::IdeaHistoryView) -> impl IntoView {
    let lang = use_lang();
    let title = tf(lang, Msg::HistoryTitle, &[("title", &h.title)]);
    let empty = h.revisions.is_empty();
    view! {
        <PageMeta title=title.clone() description=tr(Msg::HistoryIntro)/>
        <section class="narrow">
            <h1>{title}</h1>
            <p>{tr(Msg::HistoryIntro)}</p>
            <p><a href=format!("/ideas/{}", h.id)>{tr(Msg::CurrentVersion)}</a></p>
            {empty.then(|| view! { <p class="empty">{tr(Msg::NoRevisions)}</p> })}
            <ol class="revisions">
                {h.revisions.into_iter().map(|r| view! {
                    <li class="revision">
                        <h2>{r.title}</h2>
                        <p class="meta">{tf(lang, Msg::ReplacedOnBy, &[("date", &format_date(lang, r.replaced_at)), ("editor", &r.replaced_by)])}</p>
                        <div class="prose" inner_html=r.body_html></div>
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
pub fn NewIdeaPage() -> impl IntoView {
    let consultation = id_param("id");
    let form = Resource::new(
        move || consultation.get(),
        |g| idea_form_data(Some(g), None),
    );
    view! { <IdeaFormPage form/> }
}

#[component]
pub fn EditIdeaPage() -> impl IntoView {
    let idea = id_param("id");
    let form = Resource::new(move || idea.get(), |i| idea_form_data(None, Some(i)));
    view! { <IdeaFormPage form/> }
}

#[component]
fn IdeaFormPage(form: Resource<Result<IdeaFormView, crate::error::AppError>>) -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match form.await {
                    Ok(data) => {
                        let heading = if data.idea_id.is_some() { Msg::EditIdeaTitle } else { Msg::NewIdeaTitle };
                        view! {
                            <PageMeta title=tr(heading) description=tr(Msg::MetaIdeaForm)/>
                            <section class="narrow">
                                <p class="eyebrow">{data.consultation_name.clone()}</p>
                                <h1>{tr(heading)}</h1>
                                <IdeaForm data/>
                            </section>
                        }.into_any()
                    }
                    Err(crate::error::AppError::Unauthorized) => view! {
                        <PageMeta title=tr(Msg::NewIdeaTitle) description=tr(Msg::MetaIdeaForm)/>
                        <section class="narrow">
                            <h1>{tr(Msg::NewIdeaTitle)}</h1>
                            <p><a href="/login">{tr(Msg::LogInToTakePart)}</a></p>
                        </section>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A plain form: a mistake comes back with the page, each error next to its field and
/// nothing typed lost; a saved idea opens its page (the server redirects there).
#[component]
fn IdeaForm(data: IdeaFormView) -> impl IntoView {
    let editing = data.idea_id.is_some();
    let state = FormState::new(
        &super::form_key(data.idea_id, data.consultation_id),
        data.flash,
    )
    .with_ids("idea");
    let draft = data.draft;
    let selected = state.value_or("category", draft.category);
    let (action, cancel) = match data.idea_id {
        Some(id) => (UpdateIdea::url(), format!("/ideas/{id}")),
        None => (
            CreateIdea::url(),
            format!("/consultations/{}", data.consultation_id),
        ),
    };
    let category_error = state.error("category");
    let area = state.value_or("area", draft.area);
    let point = state.value_or("point", draft.point);
    let area_error = state.error("area");
    let similar = data.similar.map(|ideas| view! { <SimilarIdeas ideas/> });
    view! {
        {similar}
        <form method="post" action=action class="stack" novalidate>
            {match data.idea_id {
                Some(id) => view! { <input type="hidden" name="idea_id" value=id/> }.into_any(),
                None => view! { <input type="hidden" name="consultation_id" value=data.consultation_id/> }.into_any(),
            }}
            <FormErrorSummary state=state.clone()/>
            <Field form="idea" name="title" label=Msg::IdeaTitle hint=Msg::IdeaTitleHint state=state.clone()
                value=state.value_or("title", draft.title)/>
            <Field form="idea" name="body" label=Msg::IdeaDescription hint=Msg::IdeaDescriptionHint
                state=state.clone() multiline=true rows=10 value=state.value_or("body", draft.body)/>
            <div class="field" class:has-error=category_error.is_some()>
                <label for="idea-category">{tr(Msg::Category)}</label>
                <select id="idea-category" name="category"
                    aria-invalid=category_error.is_some().then_some("true")>
                    <option value="" selected=selected.is_empty()>{tr(Msg::NoCategory)}</option>
                    {data.categories.into_iter().map(|(id, name)| {
                        let v = id.to_string();
                        let sel = v == selected;
                        view! { <option value=v selected=sel>{name}</option> }
                    }).collect_view()}
                </select>
                <crate::form::FieldErrorText form="idea" field="category" state=state/>
            </div>
            <AreaField choice=data.areas selected=area point error=area_error/>
            {(!editing).then(|| view! { <p class="hint">{tr(Msg::PicturesAfterPosting)}</p> })}
            <div class="actions">
                {(!editing).then(|| view! {
                    <button type="submit" name="check" value="1">{tr(Msg::CheckSimilar)}</button>
                })}
                <button type="submit" class="primary">
                    {tr(if editing { Msg::SaveChanges } else { Msg::Publish })}
                </button>
                <a href=cancel>{tr(Msg::Cancel)}</a>
            </div>
        </form>
    }
}

/// Ideas like the one being written, so a resident can support one instead of repeating it.
#[component]
fn SimilarIdeas(ideas: Vec<crate::search::SimilarIdea>) -> impl IntoView {
    let empty = ideas.is_empty();
    view! {
        <section class="similar" id="similar" aria-labelledby="similar-heading">
            <h2 id="similar-heading">{tr(Msg::SimilarIdeas)}</h2>
            {match empty {
                true => view! { <p role="status">{tr(Msg::NoSimilarIdeas)}</p> }.into_any(),
                false => view! {
                    <p role="status">{tr(Msg::SimilarIdeasIntro)}</p>
                    <ul>
                        {ideas.into_iter().map(|i| view! {
                            <li>
                                <a href=format!("/ideas/{}", i.id) inner_html=i.title_html></a>
                                " " <span class=format!("status status-{}", i.status.as_str())>{tr(i.status.label())}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}
