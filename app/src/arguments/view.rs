use super::rules::Side;
use super::server_fns::AddArgument;
use super::ArgumentView;
use crate::form::{Flash, FormErrorSummary, FormState};
use crate::i18n::{format_date, tr, use_lang, Msg};
use crate::ui::Field;
use crate::votes::view::ArgumentRating;
use leptos::prelude::*;

/// One side of the debate: its arguments and, for signed-in people, a form to add one.
#[component]
pub fn ArgumentColumn(
    side: Side,
    idea_id: i64,
    arguments: Vec<ArgumentView>,
    signed_in: bool,
    flash: Option<Flash>,
    action: ServerAction<AddArgument>,
) -> impl IntoView {
    let lang = use_lang();
    let (heading, add_label, class) = match side {
        Side::For => (Msg::ArgumentsFor, Msg::AddArgumentFor, "arguments for"),
        Side::Against => (
            Msg::ArgumentsAgainst,
            Msg::AddArgumentAgainst,
            "arguments against",
        ),
    };
    let heading_id = format!("arguments-{}", side.as_str());
    let labelled_by = heading_id.clone();
    let form: &'static str = match side {
        Side::For => "argument-for",
        Side::Against => "argument-against",
    };
    let empty = arguments.is_empty();
    let state = FormState::new(form, flash, crate::form::outcome(action));
    view! {
        <section class=class aria-labelledby=labelled_by>
            <h2 id=heading_id>{tr(heading)}</h2>
            {empty.then(|| view! { <p class="empty">{tr(Msg::NoArgumentsYet)}</p> })}
            <ul class="argument-list">
                {arguments.into_iter().map(|a| view! {
                    <li class="argument">
                        <p class="argument-body" id=format!("argument-{}-body", a.id)>{a.body}</p>
                        <p class="meta">{a.author_name} " · " {format_date(lang, a.created_at)}</p>
                        <ArgumentRating argument_id=a.id initial=a.rating signed_in=signed_in/>
                    </li>
                }).collect_view()}
            </ul>
            {signed_in.then(|| view! {
                <ActionForm action=action attr:class="stack argument-form" attr:novalidate=true>
                    <h3>{tr(add_label)}</h3>
                    <FormErrorSummary state=state/>
                    <input type="hidden" name="idea_id" value=idea_id/>
                    <input type="hidden" name="side" value=side.as_str()/>
                    <Field form=form name="body" label=Msg::ArgumentText hint=Msg::ArgumentHint
                        state=state multiline=true rows=4 value=state.value("body")/>
                    <button type="submit">{tr(Msg::PublishArgument)}</button>
                </ActionForm>
            })}
        </section>
    }
}
