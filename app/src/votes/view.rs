//! Vote buttons. Each is a real form (works without JavaScript); once hydrated, the counts
//! change in place from the server's answer and focus stays on the pressed button.

use super::rules::Vote;
use super::server_fns::{RateArgument, VoteIdea};
use super::Tally;
use crate::error::AppError;
use crate::i18n::{count, tf, tr, use_lang, Counted, Msg};
use leptos::prelude::*;

/// The latest tally: the server's answer to the last vote, else what the page loaded.
fn latest(initial: Tally, value: Signal<Option<Result<Tally, AppError>>>) -> Memo<Tally> {
    Memo::new(move |_| match value.get() {
        Some(Ok(t)) => t,
        _ => initial,
    })
}

/// Pressing the button of one's current vote withdraws it (value 0).
fn button_value(tally: Memo<Tally>, vote: Vote) -> impl Fn() -> String + Send + Sync + 'static {
    move || {
        if tally.get().mine == Some(vote) {
            "0".to_string()
        } else {
            vote.value().to_string()
        }
    }
}

fn pressed(tally: Memo<Tally>, vote: Vote) -> impl Fn() -> &'static str + Send + Sync + 'static {
    move || {
        if tally.get().mine == Some(vote) {
            "true"
        } else {
            "false"
        }
    }
}

fn error_line(value: Signal<Option<Result<Tally, AppError>>>) -> impl IntoView {
    move || match value.get() {
        Some(Err(e)) => Some(view! { <p class="field-error" role="alert">{tr(e.message())}</p> }),
        _ => None,
    }
}

#[component]
pub fn IdeaVotes(
    idea_id: i64,
    initial: Tally,
    signed_in: bool,
    /// The id of the idea's title, so each button says which idea it is for.
    title_id: String,
) -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<VoteIdea>::new();
    let value = crate::form::outcome(action);
    let tally = latest(initial, value);
    let mine = move || match tally.get().mine {
        Some(Vote::Up) => tr(Msg::YouEndorsed),
        Some(Vote::Down) => tr(Msg::YouOpposed),
        None => "",
    };
    view! {
        <div class="votes">
            <p class="tally">
                <span class="count up">{move || count(lang, Counted::VotesFor, tally.get().up)}</span>
                <span class="count down">{move || count(lang, Counted::VotesAgainst, tally.get().down)}</span>
            </p>
            {signed_in.then(|| view! {
                <ActionForm action=action attr:class="vote-form">
                    <input type="hidden" name="idea_id" value=idea_id/>
                    <button type="submit" name="value" class="vote up" value=button_value(tally, Vote::Up)
                        aria-pressed=pressed(tally, Vote::Up) aria-describedby=title_id.clone()>
                        {tr(Msg::Endorse)}
                    </button>
                    <button type="submit" name="value" class="vote down" value=button_value(tally, Vote::Down)
                        aria-pressed=pressed(tally, Vote::Down) aria-describedby=title_id.clone()>
                        {tr(Msg::Oppose)}
                    </button>
                </ActionForm>
                <p class="my-vote" aria-live="polite">{mine}</p>
                {error_line(value)}
            })}
        </div>
    }
}

#[component]
pub fn ArgumentRating(argument_id: i64, initial: Tally, signed_in: bool) -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<RateArgument>::new();
    let value = crate::form::outcome(action);
    let tally = latest(initial, value);
    let body_id = format!("argument-{argument_id}-body");
    if !signed_in {
        return view! {
            <p class="rating-summary">
                {move || tf(lang, Msg::HelpfulCount, &[("count", &tally.get().up.to_string())])} " · "
                {move || tf(lang, Msg::NotHelpfulCount, &[("count", &tally.get().down.to_string())])}
            </p>
        }
        .into_any();
    }
    view! {
        <ActionForm action=action attr:class="rating-form">
            <input type="hidden" name="argument_id" value=argument_id/>
            <span class="visually-hidden">{tr(Msg::HelpfulnessOf)}</span>
            <button type="submit" name="value" class="rate up" value=button_value(tally, Vote::Up)
                aria-pressed=pressed(tally, Vote::Up) aria-describedby=body_id.clone()>
                {move || tf(lang, Msg::HelpfulButton, &[("count", &tally.get().up.to_string())])}
            </button>
            <button type="submit" name="value" class="rate down" value=button_value(tally, Vote::Down)
                aria-pressed=pressed(tally, Vote::Down) aria-describedby=body_id>
                {move || tf(lang, Msg::NotHelpfulButton, &[("count", &tally.get().down.to_string())])}
            </button>
            {error_line(value)}
        </ActionForm>
    }
    .into_any()
}
