//! The idea card that consultation, search and home pages list.

use super::IdeaCard;
use crate::i18n::{count, tr, use_lang, Counted, Msg};
use crate::pictures::view::CardThumb;
use crate::votes::view::{idea_title_id, IdeaVoteBox};
use leptos::prelude::*;

/// An idea on a consultation page.
#[component]
pub fn IdeaCardView(idea: IdeaCard, signed_in: bool) -> impl IntoView {
    let lang = use_lang();
    let title_id = idea_title_id(idea.id);
    let labelled_by = title_id.clone();
    let has_picture = idea.picture.is_some();
    view! {
        <article class="idea-card" class:has-picture=has_picture aria-labelledby=labelled_by>
            {idea.picture.map(|picture| view! { <CardThumb picture/> })}
            <h3 id=title_id><a href=format!("/ideas/{}", idea.id)>{idea.title}</a></h3>
            <p class="meta">
                {match idea.measure {
                    true => view! { <span class="badge city">{tr(Msg::CityMeasure)}</span> }.into_any(),
                    false => view! { <span class=format!("status status-{}", idea.status.as_str())>{tr(idea.status.label())}</span> }.into_any(),
                }}
                {idea.category.map(|c| view! { " · " <span class="category">{c}</span> })}
                {idea.area.map(|a| view! { " · " <span class="area">{a}</span> })}
                " · " {count(lang, Counted::Arguments, idea.argument_count)}
                " · " {count(lang, Counted::Comments, idea.comment_count)}
            </p>
            <p class="excerpt">{idea.excerpt}</p>
            <IdeaVoteBox idea_id=idea.id tally=idea.tally signed_in=signed_in/>
        </article>
    }
}
