use super::{thumb_url, url, CardPicture, Pictures, MAX_PICTURES, THUMB_HEIGHT, THUMB_WIDTH};
use crate::form::{Flash, FormErrorSummary, FormState};
use crate::i18n::{tf, tr, use_lang, Msg};
use crate::moderation::rules::{ContentRef, Kind};
use crate::moderation::view::{HiddenNotice, ItemActions};
use crate::moderation::Rights;
use crate::ui::Field;
use leptos::prelude::*;

/// The idea page's pictures, each with its alt text, a link to the picture itself and what
/// its viewer may do about it; then, for those who may, the form to add one (a plain
/// multipart form: it works without JavaScript).
#[component]
pub fn Gallery(
    idea_id: i64,
    pictures: Pictures,
    rights: Rights,
    flash: Option<Flash>,
) -> impl IntoView {
    let lang = use_lang();
    let can_add = pictures.can_change && pictures.count < MAX_PICTURES;
    let can_change = pictures.can_change;
    if pictures.shown.is_empty() && !can_add {
        return None;
    }
    let figures = pictures
        .shown
        .into_iter()
        .map(|p| {
            let target = ContentRef::new(Kind::Picture, p.id);
            let hidden = p.hidden.is_some();
            let remove = format!("/pictures/{}/remove", p.id);
            view! {
                <figure class="picture" class:is-hidden=hidden id=format!("picture-{}", p.id)>
                    {p.hidden.map(|h| view! { <HiddenNotice hidden=h target mine=p.mine/> })}
                    <a href=url(p.id)>
                        <img src=url(p.id) alt=p.alt.clone() width=p.width height=p.height
                            loading="lazy" decoding="async"/>
                    </a>
                    <div class="picture-actions">
                        {can_change.then(|| view! {
                            <form method="post" action=remove class="inline-form">
                                <button type="submit" class="link-button">
                                    {tf(lang, Msg::RemovePictureNamed, &[("alt", &p.alt)])}
                                </button>
                            </form>
                        })}
                        <ItemActions target rights mine=p.mine hidden/>
                    </div>
                </figure>
            }
        })
        .collect_view();
    Some(view! {
        <section class="pictures" aria-labelledby="pictures-heading">
            <h2 id="pictures-heading" class="visually-hidden">{tr(Msg::Pictures)}</h2>
            <div class="picture-grid">{figures}</div>
            {can_add.then(|| view! { <PictureForm idea_id flash/> })}
        </section>
    })
}

#[component]
fn PictureForm(idea_id: i64, flash: Option<Flash>) -> impl IntoView {
    let state = FormState::new("picture", flash);
    let action = format!("/ideas/{idea_id}/pictures");
    view! {
        <details class="picture-add" open=state.has_errors()>
            <summary>{tr(Msg::AddPicture)}</summary>
            <form method="post" action=action enctype="multipart/form-data" class="stack"
                novalidate id="picture">
                <FormErrorSummary state=state.clone()/>
                <Field form="picture" name="picture" label=Msg::PictureFile state=state.clone()
                    kind="file" accept="image/jpeg,image/png,image/webp" hint=Msg::PictureFileHint
                    value=""/>
                <Field form="picture" name="alt" label=Msg::PictureAlt state=state.clone()
                    hint=Msg::PictureAltHint value=state.value("alt")/>
                <button type="submit">{tr(Msg::AddPicture)}</button>
            </form>
        </details>
    }
}

/// A card's picture: its thumbnail, sized so the page does not move when it arrives.
#[component]
pub fn CardThumb(picture: CardPicture) -> impl IntoView {
    view! {
        <img class="card-picture" src=thumb_url(picture.id) alt=picture.alt width=THUMB_WIDTH
            height=THUMB_HEIGHT loading="lazy" decoding="async"/>
    }
}
