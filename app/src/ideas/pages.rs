use super::server_fns::{idea_data, idea_form_data, CreateIdea, UpdateIdea};
use super::{IdeaCard, IdeaFormView, IdeaView};
use crate::arguments::rules::Side;
use crate::arguments::server_fns::AddArgument;
use crate::arguments::view::ArgumentColumn;
use crate::comments::server_fns::AddComment;
use crate::comments::view::CommentSection;
use crate::form::{FormErrorSummary, FormState};
use crate::i18n::{count, format_date, tf, tr, use_lang, Counted, Msg};
use crate::ui::{Breadcrumbs, ErrorNotice, Field, PageMeta};
use crate::votes::view::IdeaVotes;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

fn id_param(name: &'static str) -> Memo<i64> {
    let params = use_params_map();
    Memo::new(move |_| {
        params
            .read()
            .get(name)
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    })
}

/// An idea on a consultation page.
#[component]
pub fn IdeaCardView(idea: IdeaCard, signed_in: bool) -> impl IntoView {
    let lang = use_lang();
    let title_id = format!("idea-{}-title", idea.id);
    let labelled_by = title_id.clone();
    let heading_id = title_id.clone();
    view! {
        <article class="idea-card" aria-labelledby=labelled_by>
            <h3 id=heading_id><A href=format!("/ideas/{}", idea.id)>{idea.title}</A></h3>
            <p class="meta">
                <span class=format!("status status-{}", idea.status.as_str())>{tr(idea.status.label())}</span>
                {idea.category.map(|c| view! { " · " <span class="category">{c}</span> })}
                " · " {count(lang, Counted::Arguments, idea.argument_count)}
                " · " {count(lang, Counted::Comments, idea.comment_count)}
            </p>
            <p class="excerpt">{idea.excerpt}</p>
            <IdeaVotes idea_id=idea.id initial=idea.tally signed_in=signed_in title_id=title_id/>
        </article>
    }
}

#[component]
pub fn IdeaPage() -> impl IntoView {
    let id = id_param("id");
    let add_for = ServerAction::<AddArgument>::new();
    let add_against = ServerAction::<AddArgument>::new();
    let add_comment = ServerAction::<AddComment>::new();
    // Reload after a successful post only: after a failed one the form must keep its text.
    let saved = RwSignal::new(0u32);
    for ok in [
        Signal::derive(move || matches!(add_for.value().get(), Some(Ok(_)))),
        Signal::derive(move || matches!(add_against.value().get(), Some(Ok(_)))),
        Signal::derive(move || matches!(add_comment.value().get(), Some(Ok(_)))),
    ] {
        Effect::new(move |_| {
            if ok.get() {
                saved.update(|n| *n += 1);
            }
        });
    }
    let idea = Resource::new(move || (id.get(), saved.get()), |(id, _)| idea_data(id));
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match idea.await {
                    Ok(idea) => view! { <IdeaDetail idea add_for add_against add_comment/> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn IdeaDetail(
    idea: IdeaView,
    add_for: ServerAction<AddArgument>,
    add_against: ServerAction<AddArgument>,
    add_comment: ServerAction<AddComment>,
) -> impl IntoView {
    let lang = use_lang();
    let (pro, con): (Vec<_>, Vec<_>) = idea
        .arguments
        .into_iter()
        .partition(|a| a.side == Side::For);
    let crumbs = vec![
        (
            format!("/communities/{}", idea.community_slug),
            idea.community_name.clone(),
        ),
        (
            format!("/consultations/{}", idea.consultation_id),
            idea.consultation_name.clone(),
        ),
        (format!("/ideas/{}", idea.id), idea.title.clone()),
    ];
    let flash = idea.flash;
    view! {
        <PageMeta title=idea.title.clone() description=idea.excerpt.clone()/>
        <Breadcrumbs items=crumbs/>
        <article class="idea">
            <header class="idea-header">
                <h1 id="idea-title">{idea.title.clone()}</h1>
                <p class="meta">
                    <span class=format!("status status-{}", idea.status.as_str())>{tr(idea.status.label())}</span>
                    {idea.category.map(|c| view! { " · " <span class="category">{c}</span> })}
                    " · " {tf(lang, Msg::PostedByOn, &[("author", &idea.author_name), ("date", &format_date(lang, idea.created_at))])}
                </p>
                {idea.can_edit.then(|| view! {
                    <p><A href=format!("/ideas/{}/edit", idea.id)>{tr(Msg::EditIdea)}</A></p>
                })}
            </header>
            <div class="prose" inner_html=idea.body_html></div>
            {idea.status_note.map(|note| view! {
                <aside class="official" aria-labelledby="official-heading">
                    <h2 id="official-heading">{tr(Msg::OfficialResponse)}</h2>
                    <p>{note}</p>
                </aside>
            })}
            <section class="idea-votes" aria-labelledby="vote-heading">
                <h2 id="vote-heading" class="visually-hidden">{tr(Msg::VoteOnIdea)}</h2>
                <IdeaVotes idea_id=idea.id initial=idea.tally signed_in=idea.signed_in title_id="idea-title".to_string()/>
            </section>
            {(!idea.signed_in).then(|| view! {
                <p class="notice">
                    <A href=format!("/login?next=/ideas/{}", idea.id)>{tr(Msg::LogInToTakePart)}</A>
                </p>
            })}
            <div class="debate">
                <ArgumentColumn side=Side::For idea_id=idea.id arguments=pro signed_in=idea.signed_in
                    flash=flash.clone() action=add_for/>
                <ArgumentColumn side=Side::Against idea_id=idea.id arguments=con signed_in=idea.signed_in
                    flash=flash.clone() action=add_against/>
            </div>
            <CommentSection idea_id=idea.id comments=idea.comments signed_in=idea.signed_in
                flash=flash action=add_comment/>
        </article>
    }
}

#[component]
pub fn NewIdeaPage() -> impl IntoView {
    let consultation = id_param("id");
    let form = Resource::new(
        move || consultation.get(),
        |g| idea_form_data(Some(g), None),
    );
    view! { <IdeaFormPage form/> }
}

#[component]
pub fn EditIdeaPage() -> impl IntoView {
    let idea = id_param("id");
    let form = Resource::new(move || idea.get(), |i| idea_form_data(None, Some(i)));
    view! { <IdeaFormPage form/> }
}

#[component]
fn IdeaFormPage(form: Resource<Result<IdeaFormView, crate::error::AppError>>) -> impl IntoView {
    let create = ServerAction::<CreateIdea>::new();
    let update = ServerAction::<UpdateIdea>::new();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match form.await {
                    Ok(data) => view! { <IdeaForm data create update/> }.into_any(),
                    Err(crate::error::AppError::Unauthorized) => view! {
                        <PageMeta title=tr(Msg::NewIdeaTitle) description=tr(Msg::MetaIdeaForm)/>
                        <section class="narrow">
                            <h1>{tr(Msg::NewIdeaTitle)}</h1>
                            <p><A href="/login">{tr(Msg::LogInToTakePart)}</A></p>
                        </section>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn IdeaForm(
    data: IdeaFormView,
    create: ServerAction<CreateIdea>,
    update: ServerAction<UpdateIdea>,
) -> impl IntoView {
    let editing = data.idea_id.is_some();
    let (created, updated) = (crate::form::outcome(create), crate::form::outcome(update));
    let result = Signal::derive(move || {
        if editing {
            updated.get()
        } else {
            created.get()
        }
    });
    let state = FormState::new(
        &super::form_key(data.idea_id, data.consultation_id),
        data.flash.clone(),
        result,
    );
    let draft = data.draft.clone();
    let selected = state.value_or("category", draft.category.clone());
    let heading = if editing {
        Msg::EditIdeaTitle
    } else {
        Msg::NewIdeaTitle
    };
    let cancel = match data.idea_id {
        Some(id) => format!("/ideas/{id}"),
        None => format!("/consultations/{}", data.consultation_id),
    };
    let category_error = state.error("category");
    let fields = view! {
        <FormErrorSummary state=state/>
        <Field form="idea" name="title" label=Msg::IdeaTitle hint=Msg::IdeaTitleHint state=state
            value=state.value_or("title", draft.title.clone())/>
        <Field form="idea" name="body" label=Msg::IdeaDescription hint=Msg::IdeaDescriptionHint
            state=state multiline=true rows=10 value=state.value_or("body", draft.body.clone())/>
        <div class="field" class:has-error=move || category_error.get().is_some()>
            <label for="idea-category">{tr(Msg::Category)}</label>
            <select id="idea-category" name="category"
                aria-invalid=move || category_error.get().is_some().then_some("true")>
                <option value="" selected=selected.is_empty()>{tr(Msg::NoCategory)}</option>
                {data.categories.iter().map(|(id, name)| {
                    let v = id.to_string();
                    let sel = v == selected;
                    view! { <option value=v selected=sel>{name.clone()}</option> }
                }).collect_view()}
            </select>
            <crate::form::FieldErrorText form="idea".to_string() field="category" state=state/>
        </div>
        <div class="actions">
            <button type="submit" class="primary">
                {tr(if editing { Msg::SaveChanges } else { Msg::Publish })}
            </button>
            <A href=cancel>{tr(Msg::Cancel)}</A>
        </div>
    };
    let form = match data.idea_id {
        Some(id) => view! {
            <ActionForm action=update attr:class="stack" attr:novalidate=true>
                <input type="hidden" name="idea_id" value=id/>
                {fields}
            </ActionForm>
        }
        .into_any(),
        None => view! {
            <ActionForm action=create attr:class="stack" attr:novalidate=true>
                <input type="hidden" name="consultation_id" value=data.consultation_id/>
                {fields}
            </ActionForm>
        }
        .into_any(),
    };
    view! {
        <PageMeta title=tr(heading) description=tr(Msg::MetaIdeaForm)/>
        <section class="narrow">
            <p class="eyebrow">{data.consultation_name.clone()}</p>
            <h1>{tr(heading)}</h1>
            {form}
        </section>
    }
}
