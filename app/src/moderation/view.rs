//! Moderation's pieces of other pages: what a hidden item shows in its place, and the links
//! to report or moderate an item.

use super::rules::{ContentRef, Reason};
use super::{AppealState, Hidden, Rights};
use crate::i18n::{tf, tr, use_lang, Msg};
use leptos::prelude::*;

/// In place of (or, for its author and the moderators, above) a hidden item's text: why it is
/// hidden, the moderator's message, and for the author the appeal and its outcome.
#[component]
pub fn HiddenNotice(hidden: Hidden, target: ContentRef, mine: bool) -> impl IntoView {
    let lang = use_lang();
    let why = match hidden.reason {
        Reason::AwaitingReview => tr(Msg::AwaitingReview).to_string(),
        rule => tf(lang, Msg::HiddenBecause, &[("rule", tr(rule.label()))]),
    };
    let moderator_hid = hidden.reason != Reason::AwaitingReview;
    let appeal = (mine && moderator_hid).then(|| match hidden.appeal {
        AppealState::None => view! {
            <p><a href=format!("/appeal/{}/{}", target.kind.as_str(), target.id)>{tr(Msg::AppealLink)}</a></p>
        }
        .into_any(),
        AppealState::Pending => view! { <p>{tr(Msg::AppealPending)}</p> }.into_any(),
        AppealState::Refused => view! { <p>{tr(Msg::AppealRefused)}</p> }.into_any(),
    });
    view! {
        <div class="hidden-notice">
            <p><strong>{why}</strong></p>
            {hidden.note.map(|n| view! { <p>{tf(lang, Msg::ModeratorMessage, &[("message", &n)])}</p> })}
            {appeal}
        </div>
    }
}

/// "Report" for signed-in readers of other people's visible content; "Moderate" for
/// moderators. Plain links to pages with the form, so the idea page carries no forms for them.
#[component]
pub fn ItemActions(target: ContentRef, rights: Rights, mine: bool, hidden: bool) -> impl IntoView {
    let kind = target.kind.as_str();
    let report = rights.signed_in && !rights.banned && !mine && !hidden;
    let label = tr(target.kind.label());
    (report || rights.moderator).then(|| {
        view! {
            <p class="item-actions">
                {report.then(|| view! {
                    <a href=format!("/report/{kind}/{}", target.id)>
                        {tr(Msg::Report)}<span class="visually-hidden">" (" {label} " " {target.id} ")"</span>
                    </a>
                })}
                {rights.moderator.then(|| view! {
                    <a href=format!("/moderate/{kind}/{}", target.id)>
                        {tr(Msg::Moderate)}<span class="visually-hidden">" (" {label} " " {target.id} ")"</span>
                    </a>
                })}
            </p>
        }
    })
}

/// The rules a moderator hides by, as options of a `<select>`.
pub fn rule_options(selected: String) -> impl IntoView {
    Reason::CHOSEN
        .into_iter()
        .map(|r| {
            let sel = r.as_str() == selected;
            view! { <option value=r.as_str() selected=sel>{tr(r.label())}</option> }
        })
        .collect_view()
}
