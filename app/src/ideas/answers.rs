//! Official answers: an idea's status history, the answer form of its administrators, the
//! consultation's page for answering many ideas at once, and following an idea.

use super::rules::{Status, MAX_ANSWER_CHARS};
use super::server_fns::{answers_data, AnswerIdeas};
use super::{AnswersView, StatusChange};
use crate::form::{FieldErrorText, FormErrorSummary, FormState};
use crate::i18n::{tf, tr, use_lang, Msg};
use crate::notifications::server_fns::FollowIdea;
use crate::time::format_date;
use crate::ui::{loaded, param, query, Breadcrumbs, Field, PageMeta, Pagination};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The official answers an idea received, oldest first; the latest is its status now.
#[component]
pub fn StatusHistory(answers: Vec<StatusChange>) -> impl IntoView {
    let lang = use_lang();
    (!answers.is_empty()).then(|| view! {
        <section class="official" id="answers" aria-labelledby="answers-heading">
            <h2 id="answers-heading">{tr(Msg::OfficialResponse)}</h2>
            <ol class="status-history">
                {answers.into_iter().rev().map(|a| view! {
                    <li>
                        <p class="meta">
                            <span class=format!("status status-{}", a.status.as_str())>{tr(a.status.label())}</span>
                            " · " {format_date(lang, a.created_at)}
                        </p>
                        <p>{a.message}</p>
                    </li>
                }).collect_view()}
            </ol>
        </section>
    })
}

/// The status select and public message of an answer; `ideas` are hidden inputs of a single
/// idea (none on the bulk page, whose checkboxes name them).
#[component]
pub fn AnswerForm(
    ideas: Vec<i64>,
    back: String,
    state: FormState,
    current: Status,
) -> impl IntoView {
    let status = state.value_or("status", current.as_str().to_string());
    let status_error = state.error("status");
    view! {
        <FormErrorSummary state=state.clone()/>
        {ideas.into_iter().enumerate().map(|(n, id)| view! {
            <input type="hidden" name=format!("ideas[{n}]") value=id/>
        }).collect_view()}
        <input type="hidden" name="back" value=back/>
        <div class="field" class:has-error=status_error.is_some()>
            <label for="answer-status">{tr(Msg::NewStatus)}</label>
            <select id="answer-status" name="status" aria-invalid=status_error.is_some().then_some("true")
                aria-describedby=status_error.map(|_| crate::form::error_id("answer", "status"))>
                {Status::ALL.into_iter().map(|s| view! {
                    <option value=s.as_str() selected=status == s.as_str()>{tr(s.label())}</option>
                }).collect_view()}
            </select>
            <FieldErrorText form="answer" field="status" state=state.clone()/>
        </div>
        <Field form="answer" name="message" label=Msg::PublicMessage hint=Msg::PublicMessageHint
            state=state.clone() multiline=true rows=4 value=state.value("message")/>
        <p class="meta">{tf(use_lang(), Msg::AtMostChars, &[("max", &MAX_ANSWER_CHARS.to_string())])}</p>
    }
}

/// An administrator's answer on the idea page.
#[component]
pub fn AnswerIdeaForm(
    idea_id: i64,
    current: Status,
    flash: Option<crate::form::Flash>,
) -> impl IntoView {
    let state = FormState::new("answer", flash);
    let open = state.has_errors();
    view! {
        <details class="answer-form" open=open>
            <summary>{tr(Msg::AnswerIdea)}</summary>
            <form method="post" action=AnswerIdeas::url() class="stack" novalidate>
                <AnswerForm ideas=vec![idea_id] back=format!("/ideas/{idea_id}#answers") state current/>
                <button type="submit" class="primary">{tr(Msg::PublishAnswer)}</button>
            </form>
        </details>
    }
}

/// Follow or stop following (signed-in readers).
#[component]
pub fn FollowButton(idea_id: i64, following: bool) -> impl IntoView {
    let (value, label, note) = match following {
        true => ("0", Msg::Unfollow, Msg::YouFollow),
        false => ("1", Msg::Follow, Msg::YouDoNotFollow),
    };
    view! {
        <form method="post" action=FollowIdea::url() class="follow" id="follow">
            <input type="hidden" name="idea_id" value=idea_id/>
            <input type="hidden" name="follow" value=value/>
            <span class="meta">{tr(note)}</span> " "
            <button type="submit" class="link-button">{tr(label)}</button>
        </form>
    }
}

#[component]
pub fn AnswersPage() -> impl IntoView {
    let id = param("id");
    let page = query("page");
    let data = Resource::new(
        move || (id().parse::<i64>().unwrap_or(0), page()),
        |(id, page)| answers_data(id, page),
    );
    loaded(data, Msg::AnswersTitle, |a| view! { <Answers a/> })
}

#[component]
fn Answers(a: AnswersView) -> impl IntoView {
    let lang = use_lang();
    let base = format!("/consultations/{}/answers", a.consultation_id);
    let back = format!("{base}?page={}", a.page);
    let prev = (a.page > 1).then(|| format!("{base}?page={}", a.page - 1));
    let next = (a.page < a.pages).then(|| format!("{base}?page={}", a.page + 1));
    let answered = query("answered")();
    let state = FormState::new("answer", a.flash.clone());
    let title = tf(lang, Msg::AnswersTitleOf, &[("name", &a.consultation_name)]);
    let empty = a.ideas.is_empty();
    view! {
        <PageMeta title=title.clone() description=tr(Msg::AnswersIntro)/>
        <Breadcrumbs items=vec![
            (format!("/communities/{}", a.community_slug), a.community_name.clone()),
            (format!("/consultations/{}", a.consultation_id), a.consultation_name.clone()),
            (base.clone(), tr(Msg::AnswersTitle).to_string()),
        ]/>
        <h1>{title}</h1>
        <p>{tr(Msg::AnswersIntro)}</p>
        {(!answered.is_empty()).then(|| view! {
            <p class="notice success" role="status">{tf(lang, Msg::IdeasAnswered, &[("count", &answered)])}</p>
        })}
        <form method="post" action=AnswerIdeas::url() class="stack" novalidate>
            {empty.then(|| view! { <p class="empty">{tr(Msg::NoIdeasYet)}</p> })}
            <table class="answers">
                <caption class="visually-hidden">{tr(Msg::Ideas)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tr(Msg::ColSelect)}</th>
                        <th scope="col">{tr(Msg::ColIdea)}</th>
                        <th scope="col">{tr(Msg::ColStatus)}</th>
                        <th scope="col">{tr(Msg::ColSupport)}</th>
                    </tr>
                </thead>
                <tbody>
                    {a.ideas.into_iter().enumerate().map(|(n, idea)| {
                        let check = format!("answer-idea-{}", idea.id);
                        view! {
                            <tr>
                                <td><input type="checkbox" id=check.clone() name=format!("ideas[{n}]") value=idea.id/></td>
                                <td><label for=check>{idea.title}</label> " " <a href=format!("/ideas/{}", idea.id)>{tr(Msg::OpenIdea)}</a></td>
                                <td><span class=format!("status status-{}", idea.status.as_str())>{tr(idea.status.label())}</span></td>
                                <td>{format!("+{} / −{}", idea.tally.up, idea.tally.down)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <fieldset>
                <legend>{tr(Msg::AnswerSelected)}</legend>
                <AnswerForm ideas=vec![] back state current=Status::UnderConsideration/>
                <button type="submit" class="primary">{tr(Msg::PublishAnswer)}</button>
            </fieldset>
        </form>
        <Pagination page=a.page pages=a.pages prev next/>
    }
}
