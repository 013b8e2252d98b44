//! The forms of taking part: without an account (on a consultation's page), the statistics
//! questions, a guest's way to a full account, and the administrators' questions.

use super::server_fns::{MakeFullAccount, SaveQuestion};
use super::{Question, QuestionSettings, TakingPart};
use crate::form::{Flash, FormErrorSummary, FormState};
use crate::i18n::{tf, tr, use_lang, Msg};
use crate::ui::Field;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// One select per question; "I would rather not say" comes first and is the default.
#[component]
fn QuestionFields(prefix: &'static str, questions: Vec<Question>) -> impl IntoView {
    questions
        .into_iter()
        .map(|q| {
            let id = format!("{prefix}-q{}", q.id);
            view! {
                <div class="field">
                    <label for=id.clone()>{q.text}</label>
                    <select id=id name=format!("q{}", q.id)>
                        <option value="">{tr(Msg::RatherNotSay)}</option>
                        {q.options.into_iter().enumerate().map(|(i, o)| view! {
                            <option value=i>{o}</option>
                        }).collect_view()}
                    </select>
                </div>
            }
        })
        .collect_view()
}

/// On a consultation's page: taking part without an account (for someone not signed in,
/// where guests are welcome), the statistics questions not answered yet (for someone signed
/// in), or why a guest cannot take part here. `open`: the phase takes part now.
#[component]
pub fn TakePart(
    consultation_id: i64,
    taking: TakingPart,
    signed_in: bool,
    open: bool,
    /// Where a guest goes once taking part (this site's path), else the consultation's page.
    #[prop(optional, into)]
    next: Option<String>,
) -> impl IntoView {
    let TakingPart {
        guests_welcome,
        account_needed,
        questions,
    } = taking;
    if account_needed {
        return view! {
            <p class="notice" role="status">
                {tr(Msg::AccountNeededHere)} " "
                <a href="/account#full-account">{tr(Msg::MakeFullAccount)}</a>
            </p>
        }
        .into_any();
    }
    if !open {
        return ().into_any();
    }
    let has_questions = !questions.is_empty();
    match signed_in {
        false if guests_welcome => view! {
            <section id="take-part" class="take-part" aria-labelledby="take-part-heading">
                <h2 id="take-part-heading">{tr(Msg::TakePartHeading)}</h2>
                <p>{tr(Msg::TakePartIntro)}</p>
                <form method="post" action=format!("/consultations/{consultation_id}/guest") class="stack">
                    {next.clone().map(|n| view! { <input type="hidden" name="next" value=n/> })}
                    {has_questions.then(|| view! { <p class="hint">{tr(Msg::QuestionsIntro)}</p> })}
                    <QuestionFields prefix="guest" questions/>
                    <button type="submit" class="primary">{tr(Msg::TakePartButton)}</button>
                </form>
                <p class="meta">
                    {tr(Msg::OrWithAccount)} " "
                    <a href=format!("/login?next={}", next.clone().unwrap_or_else(|| format!("/consultations/{consultation_id}")))>{tr(Msg::LogIn)}</a>
                </p>
            </section>
        }
        .into_any(),
        true if has_questions => view! {
            <section id="about-you" class="take-part" aria-labelledby="about-you-heading">
                <h2 id="about-you-heading">{tr(Msg::QuestionsHeading)}</h2>
                <p>{tr(Msg::QuestionsIntro)}</p>
                <form method="post" action=format!("/consultations/{consultation_id}/about-you") class="stack">
                    {next.clone().map(|n| view! { <input type="hidden" name="next" value=n/> })}
                    <QuestionFields prefix="about" questions/>
                    <button type="submit">{tr(Msg::SaveAnswers)}</button>
                </form>
            </section>
        }
        .into_any(),
        _ => ().into_any(),
    }
}

/// On a guest's account page: an address, a name and a password make the account a full one.
#[component]
pub fn FullAccountForm(display_name: String, flash: Option<Flash>) -> impl IntoView {
    let state = FormState::new("full-account", flash);
    let name = state.value_or("display_name", display_name);
    view! {
        <section id="full-account" aria-labelledby="full-account-heading">
            <h2 id="full-account-heading">{tr(Msg::MakeFullAccount)}</h2>
            <p>{tr(Msg::GuestAccountIntro)}</p>
            <form method="post" action=MakeFullAccount::url() class="stack" novalidate>
                <FormErrorSummary state=state.clone()/>
                <Field form="full-account" name="email" label=Msg::Email kind="email" autocomplete="email"
                    state=state.clone() value=state.value("email")/>
                <Field form="full-account" name="display_name" label=Msg::DisplayName autocomplete="nickname"
                    state=state.clone() value=name/>
                <Field form="full-account" name="password" label=Msg::Password hint=Msg::PasswordHint
                    kind="password" autocomplete="new-password" state=state.clone() value=""/>
                <button type="submit" class="primary">{tr(Msg::MakeFullAccountButton)}</button>
            </form>
        </section>
    }
}

/// The consultation's questions on its settings page: each with how many answered and a
/// button to remove it, then a form for a new one.
#[component]
pub fn QuestionsSettings(
    consultation_id: i64,
    questions: Vec<QuestionSettings>,
    flash: Option<Flash>,
) -> impl IntoView {
    let lang = use_lang();
    let state = FormState::new("question", flash);
    let full = questions.len() >= super::rules::MAX_QUESTIONS;
    view! {
        <section id="questions" aria-labelledby="questions-heading">
            <h2 id="questions-heading">{tr(Msg::QuestionsSettingsHeading)}</h2>
            <p>{tr(Msg::QuestionsSettingsIntro)}</p>
            <ul class="people">
                {questions.into_iter().map(|q| {
                    let answered = tf(lang, Msg::QuestionAnswered, &[("count", &q.answers.to_string())]);
                    view! {
                        <li class="person">
                            <span class="person-name">{q.question.text}</span>
                            <span class="meta">{q.question.options.join(" · ")}</span>
                            <span class="meta">{answered}</span>
                            <form method="post" action=SaveQuestion::url() class="inline-form">
                                <input type="hidden" name="consultation_id" value=consultation_id/>
                                <input type="hidden" name="question_id" value=q.question.id/>
                                <button type="submit" name="remove" value="1">{tr(Msg::RemoveQuestion)}</button>
                            </form>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {(!full).then(|| view! {
                <form method="post" action=SaveQuestion::url() class="stack" novalidate>
                    <FormErrorSummary state=state.clone()/>
                    <input type="hidden" name="consultation_id" value=consultation_id/>
                    <Field form="question" name="question_sl" label=Msg::QuestionSl state=state.clone()
                        value=state.value("question_sl")/>
                    <Field form="question" name="question_en" label=Msg::QuestionEn hint=Msg::NameEnHint
                        state=state.clone() value=state.value("question_en")/>
                    <Field form="question" name="options_sl" label=Msg::OptionsSl hint=Msg::OptionsHint
                        multiline=true rows=4 state=state.clone() value=state.value("options_sl")/>
                    <Field form="question" name="options_en" label=Msg::OptionsEn hint=Msg::OptionsEnHint
                        multiline=true rows=4 state=state.clone() value=state.value("options_en")/>
                    <button type="submit">{tr(Msg::AddQuestion)}</button>
                </form>
            })}
        </section>
    }
}
