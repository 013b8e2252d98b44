//! Vote buttons. Each is a real form (works without JavaScript); the buttons of a signed-in
//! reader are islands, so the counts change in place from the server's answer and focus stays
//! on the pressed button. A signed-out reader gets the counts alone, with no script.

use super::rules::Vote;
use super::server_fns::{RateArgument, VoteIdea};
use super::Tally;
use crate::error::AppError;
use crate::i18n::{count, t, tf, tr, use_lang, Counted, Msg};
use leptos::ev::MouseEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// What a row of vote buttons shows and what a press does. In the browser: the tally is the
/// server's answer to the last press on this page, else what the page loaded (a server
/// action also starts with an error Leptos decodes from the address after a failed plain
/// form post, so only answers to presses made here count, version > 0), and a press sends
/// `request(value)`. On the server nothing is pressed: the island renders from the loaded
/// values without creating an action or a memo per button.
fn buttons<S>(
    loaded: Tally,
    request: impl Fn(i64) -> S + Copy + Send + Sync + 'static,
) -> (
    Signal<Tally>,
    Signal<Option<AppError>>,
    impl Fn(Vote, MouseEvent) + Copy + 'static,
)
where
    S: leptos::server_fn::ServerFn<Output = Tally, Error = AppError>
        + serde::de::DeserializeOwned
        + Clone
        + Send
        + Sync
        + 'static,
{
    #[cfg(feature = "hydrate")]
    {
        let action = ServerAction::<S>::new();
        let answer = Signal::derive(move || match action.version().get() {
            0 => None,
            _ => action.value().get(),
        });
        let tally = Memo::new(move |_| match answer.get() {
            Some(Ok(t)) => t,
            _ => loaded,
        });
        let error = Signal::derive(move || answer.get().and_then(|a| a.err()));
        let press = move |vote: Vote, ev: MouseEvent| {
            ev.prevent_default();
            action.dispatch(request(value_of(tally.get_untracked(), vote)));
        };
        (tally.into(), error, press)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = request;
        (
            Signal::stored(loaded),
            Signal::stored(None),
            |_: Vote, _: MouseEvent| {},
        )
    }
}

/// Pressing the button of one's current vote withdraws it (value 0).
fn value_of(tally: Tally, vote: Vote) -> i64 {
    if tally.mine == Some(vote) {
        0
    } else {
        vote.value()
    }
}

fn is_pressed(tally: Tally, vote: Vote) -> &'static str {
    if tally.mine == Some(vote) {
        "true"
    } else {
        "false"
    }
}

fn error_line(error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error
            .get()
            .map(|e| view! { <p class="field-error" role="alert">{tr(e.message())}</p> })
    }
}

/// The id of an idea's title, which its vote buttons point to (`aria-describedby`) so each
/// button says which idea it is for, on a card and on the idea's own page.
pub fn idea_title_id(idea_id: i64) -> String {
    format!("idea-{idea_id}-title")
}

/// The words of an idea's votes, or of a statement's answers (`statement`).
#[derive(Clone, Copy)]
struct Words {
    up_count: Counted,
    down_count: Counted,
    up: Msg,
    down: Msg,
    mine_up: Msg,
    mine_down: Msg,
}

fn words(statement: bool) -> Words {
    match statement {
        false => Words {
            up_count: Counted::VotesFor,
            down_count: Counted::VotesAgainst,
            up: Msg::Endorse,
            down: Msg::Oppose,
            mine_up: Msg::YouEndorsed,
            mine_down: Msg::YouOpposed,
        },
        true => Words {
            up_count: Counted::Agree,
            down_count: Counted::Disagree,
            up: Msg::Agree,
            down: Msg::Disagree,
            mine_up: Msg::YouAgree,
            mine_down: Msg::YouDisagree,
        },
    }
}

/// An idea's votes (a statement's answers, `statement`): buttons for a signed-in reader, the
/// counts alone for anyone else.
#[component]
pub fn IdeaVoteBox(
    idea_id: i64,
    tally: Tally,
    signed_in: bool,
    #[prop(optional)] statement: bool,
) -> impl IntoView {
    if signed_in {
        return view! { <IdeaVotes idea_id tally statement/> }.into_any();
    }
    let lang = use_lang();
    let w = words(statement);
    view! {
        <div class="votes">
            <p class="tally">
                <span class="count up">{count(lang, w.up_count, tally.up)}</span>
                <span class="count down">{count(lang, w.down_count, tally.down)}</span>
            </p>
        </div>
    }
    .into_any()
}

/// A plain form whose buttons post `value` (works without JavaScript); with it, a press is
/// sent by the island and the page stays where it is.
#[island]
pub fn IdeaVotes(idea_id: i64, tally: Tally, statement: bool) -> impl IntoView {
    let lang = use_lang();
    let w = words(statement);
    let (tally, error, press) = buttons(tally, move |value| VoteIdea { idea_id, value });
    let title_id = idea_title_id(idea_id);
    let value = move |vote: Vote| move || value_of(tally.get(), vote);
    let pressed = move |vote: Vote| move || is_pressed(tally.get(), vote);
    let mine = move || match tally.get().mine {
        Some(Vote::Up) => t(lang, w.mine_up),
        Some(Vote::Down) => t(lang, w.mine_down),
        Some(Vote::Pass) | None => "",
    };
    view! {
        <div class="votes">
            <p class="tally">
                <span class="count up">{move || count(lang, w.up_count, tally.get().up)}</span>
                <span class="count down">{move || count(lang, w.down_count, tally.get().down)}</span>
            </p>
            <form method="post" action=VoteIdea::url() class="vote-form">
                <input type="hidden" name="idea_id" value=idea_id/>
                <button type="submit" name="value" class="vote up" value=value(Vote::Up)
                    aria-pressed=pressed(Vote::Up) aria-describedby=title_id.clone()
                    on:click=move |ev| press(Vote::Up, ev)>
                    {t(lang, w.up)}
                </button>
                <button type="submit" name="value" class="vote down" value=value(Vote::Down)
                    aria-pressed=pressed(Vote::Down) aria-describedby=title_id
                    on:click=move |ev| press(Vote::Down, ev)>
                    {t(lang, w.down)}
                </button>
            </form>
            <p class="my-vote" aria-live="polite">{mine}</p>
            {error_line(error)}
        </div>
    }
}

/// How helpful readers found an argument: buttons for a signed-in reader, counts for others.
#[component]
pub fn ArgumentRatingBox(argument_id: i64, tally: Tally, signed_in: bool) -> impl IntoView {
    if signed_in {
        return view! { <ArgumentRating argument_id tally/> }.into_any();
    }
    let lang = use_lang();
    view! {
        <p class="rating-summary">
            {tf(lang, Msg::HelpfulCount, &[("count", &tally.up.to_string())])} " · "
            {tf(lang, Msg::NotHelpfulCount, &[("count", &tally.down.to_string())])}
        </p>
    }
    .into_any()
}

#[island]
pub fn ArgumentRating(argument_id: i64, tally: Tally) -> impl IntoView {
    let lang = use_lang();
    let (tally, error, press) = buttons(tally, move |value| RateArgument { argument_id, value });
    let body_id = format!("argument-{argument_id}-body");
    let value = move |vote: Vote| move || value_of(tally.get(), vote);
    let pressed = move |vote: Vote| move || is_pressed(tally.get(), vote);
    view! {
        <form method="post" action=RateArgument::url() class="rating-form">
            <input type="hidden" name="argument_id" value=argument_id/>
            <span class="visually-hidden">{t(lang, Msg::HelpfulnessOf)}</span>
            <button type="submit" name="value" class="rate up" value=value(Vote::Up)
                aria-pressed=pressed(Vote::Up) aria-describedby=body_id.clone()
                on:click=move |ev| press(Vote::Up, ev)>
                {move || tf(lang, Msg::HelpfulButton, &[("count", &tally.get().up.to_string())])}
            </button>
            <button type="submit" name="value" class="rate down" value=value(Vote::Down)
                aria-pressed=pressed(Vote::Down) aria-describedby=body_id
                on:click=move |ev| press(Vote::Down, ev)>
                {move || tf(lang, Msg::NotHelpfulButton, &[("count", &tally.get().down.to_string())])}
            </button>
            {error_line(error)}
        </form>
    }
}
