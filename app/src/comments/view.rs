use super::server_fns::AddComment;
use super::CommentView;
use crate::form::{Flash, FormErrorSummary, FormState};
use crate::i18n::{tr, use_lang, Msg};
use crate::moderation::rules::{ContentRef, Kind};
use crate::moderation::view::{HiddenNotice, ItemActions};
use crate::moderation::Rights;
use crate::time::format_date;
use crate::ui::Field;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn CommentSection(
    idea_id: i64,
    comments: Vec<CommentView>,
    rights: Rights,
    flash: Option<Flash>,
) -> impl IntoView {
    let writes = rights.signed_in && rights.discuss;
    let lang = use_lang();
    let empty = comments.is_empty();
    view! {
        <section class="comments" aria-labelledby="comments-heading">
            <h2 id="comments-heading">{tr(Msg::Comments)}</h2>
            {empty.then(|| view! { <p class="empty">{tr(Msg::NoCommentsYet)}</p> })}
            <ol class="comment-list">
                {comments.into_iter().map(|c| {
                    let target = ContentRef::new(Kind::Comment, c.id);
                    let hidden = c.hidden.is_some();
                    view! {
                        <li class="comment" class:is-hidden=hidden id=format!("comment-{}", c.id)>
                            {c.hidden.map(|h| view! { <HiddenNotice hidden=h target mine=c.mine/> })}
                            {(!c.body.is_empty()).then(|| view! {
                                <p class="comment-body">{c.body}</p>
                                <p class="meta">{c.author_name} " · " {format_date(lang, c.created_at)}</p>
                            })}
                            <ItemActions target rights mine=c.mine hidden/>
                        </li>
                    }
                }).collect_view()}
            </ol>
            {writes.then(|| view! { <CommentForm idea_id flash/> })}
        </section>
    }
}

/// A plain form, like the argument form; a saved comment loads the page at the new comment.
#[component]
fn CommentForm(idea_id: i64, flash: Option<Flash>) -> impl IntoView {
    let state = FormState::new("comment", flash);
    view! {
        <form method="post" action=AddComment::url() class="stack" novalidate>
            <h3>{tr(Msg::AddComment)}</h3>
            <FormErrorSummary state=state.clone()/>
            <input type="hidden" name="idea_id" value=idea_id/>
            <Field form="comment" name="body" label=Msg::CommentText state=state.clone()
                multiline=true rows=3 value=state.value("body")/>
            <button type="submit">{tr(Msg::PublishComment)}</button>
        </form>
    }
}
