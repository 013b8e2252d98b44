use super::server_fns::AddComment;
use super::CommentView;
use crate::form::{Flash, FormErrorSummary, FormState};
use crate::i18n::{t, tr, use_lang, Msg};
use crate::moderation::rules::{ContentRef, Kind};
use crate::moderation::view::{HiddenNotice, ItemActions};
use crate::moderation::Rights;
use crate::time::format_date;
use crate::ui::{raw_element_text, Field};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The comments of an idea in threads. A reply form opens in place at its "Reply" link; the
/// server draws one open when a reply to it came back with an error.
#[component]
pub fn CommentSection(
    idea_id: i64,
    comments: Vec<CommentView>,
    rights: Rights,
    flash: Option<Flash>,
) -> impl IntoView {
    let writes = rights.signed_in && rights.discuss && !rights.banned;
    let empty = comments.is_empty();
    let failed_reply = flash
        .as_ref()
        .and_then(|f| f.form.strip_prefix("reply-"))
        .and_then(|id| id.parse::<i64>().ok());
    let thread = Thread {
        idea_id,
        rights,
        writes,
        open: failed_reply,
        flash: flash.clone(),
    };
    view! {
        <section class="comments" aria-labelledby="comments-heading">
            <h2 id="comments-heading">{tr(Msg::Comments)}</h2>
            {empty.then(|| view! { <p class="empty">{tr(Msg::NoCommentsYet)}</p> })}
            <ol class="comment-list">
                {comments.into_iter().map(|c| thread.item(c)).collect_view()}
            </ol>
            {writes.then(|| view! { <CommentForm idea_id flash/> })}
        </section>
    }
}

/// What every comment of a thread is drawn with.
#[derive(Clone)]
struct Thread {
    idea_id: i64,
    rights: Rights,
    writes: bool,
    /// The comment whose reply form the server draws open.
    open: Option<i64>,
    flash: Option<Flash>,
}

impl Thread {
    /// One comment and, beneath it, its replies (a plain function: a component cannot nest
    /// itself).
    fn item(&self, c: CommentView) -> AnyView {
        let lang = use_lang();
        let target = ContentRef::new(Kind::Comment, c.id);
        let hidden = c.hidden.is_some();
        let (id, idea_id, rights) = (c.id, self.idea_id, self.rights);
        // "Reply" among the comment's actions; its form below them, shown at its link
        // (`:target`), or open when a reply to this comment came back with an error.
        let writes = self.writes && !hidden;
        let link = writes.then(|| {
            view! { <a href=format!("#reply-{id}") class="reply-link">{tr(Msg::Reply)}</a> }
        });
        let form = writes.then(|| {
            let flash = (self.open == Some(id))
                .then(|| self.flash.clone())
                .flatten();
            view! { <ReplyForm idea_id comment_id=id flash open=self.open == Some(id)/> }
        });
        let replies = (!c.replies.is_empty()).then(|| {
            let items = c.replies.into_iter().map(|r| self.item(r)).collect_view();
            view! {
                <ol class="comment-list replies" aria-label=t(lang, Msg::RepliesLabel)>{items}</ol>
            }
        });
        view! {
            <li class="comment" class:is-hidden=hidden id=format!("comment-{id}")>
                <div class="comment-own">
                    {c.hidden.map(|h| view! { <HiddenNotice hidden=h target mine=c.mine/> })}
                    {(!c.body.is_empty()).then(|| view! {
                        <p class="comment-body">{c.body}</p>
                        <p class="meta">{c.author_name} " · " {format_date(lang, c.created_at)}</p>
                    })}
                    <div class="comment-actions">
                        {link}
                        <ItemActions target rights mine=c.mine hidden/>
                    </div>
                    {form}
                </div>
                {replies}
            </li>
        }
        .into_any()
    }
}

/// A comment's reply form: drawn with the comment and shown only when the address names it
/// (`#reply-ID`, CSS `:target`), so it opens in place at its link, with or without
/// JavaScript, and Back closes it; no script is loaded for it. `open` when a reply to this
/// comment came back with an error (then with its errors and what was typed; its fields' ids
/// are then the error summary's `reply-…`, the others' per comment).
#[component]
fn ReplyForm(idea_id: i64, comment_id: i64, flash: Option<Flash>, open: bool) -> impl IntoView {
    let ids = match open {
        true => "reply".to_string(),
        false => format!("reply-{comment_id}"),
    };
    let state = FormState::new(&super::form_key(Some(comment_id)), flash).with_ids(&ids);
    let field = format!("{ids}-body");
    let error = state.error("body");
    let described = error.map(|_| format!("{field}-error"));
    view! {
        <form method="post" action=AddComment::url() class="stack reply-form" class:is-open=open
            id=format!("reply-{comment_id}") novalidate>
            <FormErrorSummary state=state.clone()/>
            <input type="hidden" name="idea_id" value=idea_id/>
            <input type="hidden" name="reply_to" value=comment_id/>
            <div class="field" class:has-error=error.is_some()>
                <label for=field.clone()>{tr(Msg::ReplyText)}</label>
                {error.map(|m| view! { <p class="field-error" id=format!("{field}-error")>{tr(m)}</p> })}
                <textarea id=field.clone() name="body" rows="3" aria-describedby=described
                    aria-invalid=error.map(|_| "true")>{raw_element_text(state.value("body"))}</textarea>
            </div>
            <button type="submit">{tr(Msg::PublishReply)}</button>
        </form>
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
