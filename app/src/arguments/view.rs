use super::rules::Side;
use super::server_fns::AddArgument;
use super::ArgumentView;
use crate::form::{Flash, FormErrorSummary, FormState};
use crate::i18n::{tr, use_lang, Msg};
use crate::moderation::rules::{ContentRef, Kind};
use crate::moderation::view::{HiddenNotice, ItemActions};
use crate::moderation::Rights;
use crate::time::format_date;
use crate::ui::Field;
use crate::votes::view::ArgumentRatingBox;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// One side of the debate: its arguments and, for signed-in people, a form to add one.
#[component]
pub fn ArgumentColumn(
    side: Side,
    idea_id: i64,
    arguments: Vec<ArgumentView>,
    rights: Rights,
    flash: Option<Flash>,
) -> impl IntoView {
    let rates = rights.signed_in && rights.vote;
    let writes = rights.signed_in && rights.discuss;
    let lang = use_lang();
    let (heading, class) = match side {
        Side::For => (Msg::ArgumentsFor, "arguments for"),
        Side::Against => (Msg::ArgumentsAgainst, "arguments against"),
    };
    let heading_id = format!("arguments-{}", side.as_str());
    let labelled_by = heading_id.clone();
    let empty = arguments.is_empty();
    view! {
        <section class=class aria-labelledby=labelled_by>
            <h2 id=heading_id>{tr(heading)}</h2>
            {empty.then(|| view! { <p class="empty">{tr(Msg::NoArgumentsYet)}</p> })}
            <ul class="argument-list">
                {arguments.into_iter().map(|a| {
                    let target = ContentRef::new(Kind::Argument, a.id);
                    let hidden = a.hidden.is_some();
                    view! {
                        <li class="argument" class:is-hidden=hidden id=format!("argument-{}", a.id)>
                            {a.hidden.map(|h| view! { <HiddenNotice hidden=h target mine=a.mine/> })}
                            {(a.every_group && !hidden).then(|| view! {
                                <p class="card-tags"><span class="tag tag-common">{tr(Msg::HelpfulToEveryGroup)}</span></p>
                            })}
                            {(!a.body.is_empty()).then(|| view! {
                                <p class="argument-body" id=format!("argument-{}-body", a.id)>{a.body}</p>
                                <p class="meta">{a.author_name} " · " {format_date(lang, a.created_at)}</p>
                            })}
                            {(!hidden).then(|| view! {
                                // One's own argument shows its counts, not buttons one may not use.
                                <ArgumentRatingBox argument_id=a.id tally=a.rating signed_in=rates && !a.mine/>
                            })}
                            <ItemActions target rights mine=a.mine hidden/>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {writes.then(|| view! { <ArgumentForm idea_id side flash/> })}
        </section>
    }
}

/// The flash key and element ids of a side's form.
pub fn form_key(side: Side) -> &'static str {
    match side {
        Side::For => "argument-for",
        Side::Against => "argument-against",
    }
}

/// A plain form: a mistake comes back with the page, next to the text, nothing lost; a saved
/// argument loads the page at the new argument (the server redirects there).
#[component]
fn ArgumentForm(idea_id: i64, side: Side, flash: Option<Flash>) -> impl IntoView {
    let form = form_key(side);
    let add_label = match side {
        Side::For => Msg::AddArgumentFor,
        Side::Against => Msg::AddArgumentAgainst,
    };
    let state = FormState::new(form, flash);
    view! {
        <form method="post" action=AddArgument::url() class="stack argument-form" novalidate>
            <h3>{tr(add_label)}</h3>
            <FormErrorSummary state=state.clone()/>
            <input type="hidden" name="idea_id" value=idea_id/>
            <input type="hidden" name="side" value=side.as_str()/>
            <Field form=form name="body" label=Msg::ArgumentText hint=Msg::ArgumentHint
                state=state.clone() multiline=true rows=4 value=state.value("body")/>
            <button type="submit">{tr(Msg::PublishArgument)}</button>
        </form>
    }
}
