//! The statements page: one statement at a time with three answers, progress ("Statement 12
//! of 40"), and the form to add one. Each answer is a plain form (the page comes back with
//! the next statement); with JavaScript the deck's island (`StatementDeck`) swaps the next
//! statement in place and moves focus to it.

use super::server_fns::{statements_data, AddStatement, AnswerStatement};
use super::{Deck, StatementsView};
use crate::form::{FormErrorSummary, FormState};
use crate::i18n::{t, tf, tr, use_lang, Lang, Msg};
use crate::ui::{Breadcrumbs, ErrorNotice, Field, PageMeta};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

#[component]
pub fn StatementsPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || {
            params
                .read()
                .get("id")
                .and_then(|v| v.parse::<i64>().ok())
                .unwrap_or(0)
        },
        statements_data,
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <StatementsContent page/> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn StatementsContent(page: StatementsView) -> impl IntoView {
    let g = page.consultation.clone();
    let id = g.id;
    let title = format!("{} · {}", tr(Msg::StatementsTitle), g.name);
    let deck = page.deck.clone();
    let state = FormState::new("statement", page.flash.clone());
    let next_here = format!("/login?next=%2Fconsultations%2F{id}%2Fstatements");
    let open = matches!(
        g.phase,
        crate::consultations::rules::Phase::Proposals | crate::consultations::rules::Phase::Voting
    );
    view! {
        <PageMeta title=title description=tr(Msg::StatementsIntro)/>
        <Breadcrumbs items=vec![
            (format!("/communities/{}", page.community_slug), page.community_name.clone()),
            (format!("/consultations/{id}"), g.name.clone()),
            (format!("/consultations/{id}/statements"), tr(Msg::StatementsTitle).to_string()),
        ]/>
        <section class="statements">
            <h1>{g.name.clone()}</h1>
            <p class="lead">{tr(Msg::StatementsIntro)}</p>
            {match page.can_answer {
                true => view! { <StatementDeck><DeckView deck answering=true/></StatementDeck> }.into_any(),
                false => view! {
                    <DeckView deck answering=false/>
                    {(open && !page.signed_in && !page.taking.guests_welcome).then(|| view! {
                        <p><a href=next_here.clone() class="button primary">{tr(Msg::LogInToAnswer)}</a></p>
                    })}
                    <crate::participation::pages::TakePart consultation_id=id taking=page.taking.clone()
                        signed_in=page.signed_in open next=format!("/consultations/{id}/statements")/>
                }.into_any(),
            }}
            {page.can_add.then(|| view! {
                <section id="add-statement" class="add-statement" aria-labelledby="add-statement-heading">
                    <h2 id="add-statement-heading">{tr(Msg::AddStatement)}</h2>
                    <p class="hint">{tr(match page.premoderation {
                        true => Msg::AddStatementHintModerated,
                        false => Msg::AddStatementHint,
                    })}</p>
                    <form method="post" action=AddStatement::url() class="stack" novalidate>
                        <FormErrorSummary state=state.clone()/>
                        <input type="hidden" name="consultation_id" value=id/>
                        <Field form="statement" name="text" label=Msg::StatementText
                            hint=Msg::StatementTextHint multiline=true rows=3
                            state=state.clone() value=state.value("text")/>
                        <button type="submit">{tr(Msg::AddStatementButton)}</button>
                    </form>
                </section>
            })}
            <nav class="community-links" aria-label=tr(Msg::StatementsMore)>
                <ul class="inline-links">
                    <li><a href=format!("/consultations/{id}?sort=common-ground")>{tr(Msg::AllStatements)}</a></li>
                    <li><a href=format!("/consultations/{id}/results")>{tr(Msg::StatementsResults)}</a></li>
                </ul>
            </nav>
        </section>
    }
}

/// The deck of someone who may answer. Its forms work without JavaScript (each answer posts
/// and the page comes back with the next statement); with it, this island posts the form with
/// `fetch` and swaps in the deck of the page that comes back, so the page stays where it is
/// and the next statement takes the focus. The deck itself is rendered on the server only:
/// the island carries no view code, which keeps the bundle small.
#[island]
pub fn StatementDeck(children: Children) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    let on_submit = {
        let lang = use_lang();
        move |ev: leptos::ev::SubmitEvent| super::enhance::answer(ev, lang)
    };
    #[cfg(not(feature = "hydrate"))]
    let on_submit = |_: leptos::ev::SubmitEvent| {};
    view! {
        <div class="deck-frame" tabindex="-1" on:submit=on_submit>{children()}</div>
    }
}

/// The statement, its progress and (for someone who may answer, `answering`) its three
/// answers.
#[component]
fn DeckView(deck: Deck, answering: bool) -> impl IntoView {
    let lang = use_lang();
    let progress = progress_text(lang, &deck);
    let Deck {
        consultation_id,
        next,
        answered,
        total,
    } = deck;
    let done = match total {
        0 => t(lang, Msg::NoStatementsYet).to_string(),
        n => tf(
            lang,
            Msg::AllStatementsAnswered,
            &[("count", &n.to_string())],
        ),
    };
    view! {
        <section class="deck" aria-labelledby="deck-progress">
            <p class="deck-progress" id="deck-progress">{progress}</p>
            <progress max=total.max(1) value=answered aria-labelledby="deck-progress"></progress>
            // The island says here that an answer was saved, and why one was not.
            <p class="deck-saved" role="status"></p>
            <p class="deck-error" role="alert"></p>
            {match next {
                Some(s) => view! {
                    <blockquote class="statement" id="deck-statement">
                        <p>{s.text}</p>
                    </blockquote>
                    {answering.then(|| view! {
                        <form method="post" action=AnswerStatement::url() class="answers">
                            <input type="hidden" name="consultation_id" value=consultation_id/>
                            <input type="hidden" name="statement_id" value=s.id/>
                            <AnswerButton answer="agree" label=Msg::Agree/>
                            <AnswerButton answer="disagree" label=Msg::Disagree/>
                            <AnswerButton answer="pass" label=Msg::PassUnsure/>
                        </form>
                    })}
                }.into_any(),
                None => view! { <p class="deck-done">{done}</p> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn AnswerButton(answer: &'static str, label: Msg) -> impl IntoView {
    view! {
        <button type="submit" name="answer" value=answer class=format!("answer {answer}")
            aria-describedby="deck-statement">
            {tr(label)}
        </button>
    }
}

/// "Statement 12 of 40", or that none is left.
fn progress_text(lang: Lang, d: &Deck) -> String {
    match d.next {
        Some(_) => tf(
            lang,
            Msg::StatementOf,
            &[
                ("n", &(d.answered + 1).to_string()),
                ("total", &d.total.to_string()),
            ],
        ),
        None => t(lang, Msg::StatementsDone).to_string(),
    }
}

/// A statement in a list (the consultation page): its words and how many agree and disagree.
/// Answering is on the statements page, one at a time, so the card has no buttons.
#[component]
pub fn StatementCard(idea: crate::ideas::IdeaCard) -> impl IntoView {
    use crate::i18n::{count, Counted};
    let lang = use_lang();
    let title_id = crate::votes::view::idea_title_id(idea.id);
    let labelled_by = title_id.clone();
    view! {
        <article class="idea-card statement-card" aria-labelledby=labelled_by>
            <h3 id=title_id><a href=format!("/ideas/{}", idea.id)>{idea.title}</a></h3>
            <p class="tally">
                <span class="count up">{count(lang, Counted::Agree, idea.tally.up)}</span>
                " · "
                <span class="count down">{count(lang, Counted::Disagree, idea.tally.down)}</span>
            </p>
        </article>
    }
}
