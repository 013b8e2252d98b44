//! The search page: a plain GET form (works without JavaScript, addresses can be shared),
//! ranked hits with the matched words marked, filters and pages.

use super::server_fns::search_data;
use super::SearchView;
use crate::i18n::{count, tf, tr, use_lang, Counted, Msg};
use crate::ideas::rules::Status;
use crate::ui::{loaded, query, PageMeta, Pagination};
use leptos::prelude::*;

#[component]
pub fn SearchPage() -> impl IntoView {
    let (q, consultation, category, status, page) = (
        query("q"),
        query("consultation"),
        query("category"),
        query("status"),
        query("page"),
    );
    let data = Resource::new(
        move || (q(), consultation(), category(), status(), page()),
        |(q, g, k, s, p)| search_data(q, g, k, s, p),
    );
    loaded(data, Msg::SearchTitle, |s| view! { <Results s/> })
}

#[component]
fn Results(s: SearchView) -> impl IntoView {
    let lang = use_lang();
    let title = match &s.consultation {
        Some((_, name)) => tf(lang, Msg::SearchIn, &[("name", name)]),
        None => tr(Msg::SearchTitle).to_string(),
    };
    let prev = (s.page > 1).then(|| s.href(s.page - 1));
    let next = (s.page < s.pages).then(|| s.href(s.page + 1));
    let searched = !s.q.trim().is_empty();
    let none = searched && s.hits.is_empty();
    view! {
        <PageMeta title=title.clone() description=tr(Msg::SearchIntro)/>
        <h1>{title}</h1>
        <form method="get" action="/search" class="search-form" role="search">
            {s.consultation.clone().map(|(id, _)| view! { <input type="hidden" name="consultation" value=id/> })}
            <div class="field">
                <label for="search-q">{tr(Msg::SearchFor)}</label>
                <input id="search-q" type="search" name="q" value=s.q.clone() maxlength="200"/>
            </div>
            {(!s.categories.is_empty()).then(|| view! {
                <div class="field">
                    <label for="search-category">{tr(Msg::Category)}</label>
                    <select id="search-category" name="category">
                        <option value="">{tr(Msg::AnyCategory)}</option>
                        {s.categories.iter().map(|(id, name)| view! {
                            <option value=*id selected=s.category == id.to_string()>{name.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
            })}
            <div class="field">
                <label for="search-status">{tr(Msg::ColStatus)}</label>
                <select id="search-status" name="status">
                    <option value="">{tr(Msg::AnyStatus)}</option>
                    {Status::ALL.into_iter().map(|st| view! {
                        <option value=st.as_str() selected=s.status == st.as_str()>{tr(st.label())}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="primary">{tr(Msg::Search)}</button>
        </form>
        {searched.then(|| {
            // Counting stops past a thousand (see `db::search::COUNT_CAP`).
            let found = match s.total > 1000 {
                true => tr(Msg::MoreThanThousandResults).to_string(),
                false => count(lang, Counted::Results, s.total),
            };
            view! { <p class="meta" role="status">{found}</p> }
        })}
        {none.then(|| view! { <p class="empty">{tr(Msg::NoResults)}</p> })}
        <ol class="search-hits">
            {s.hits.into_iter().map(|h| view! {
                <li class="search-hit">
                    <h2><a href=h.href inner_html=h.title_html></a></h2>
                    <p class="meta">
                        {h.is_argument.then(|| view! { {tr(Msg::KindArgument)} " · " })}
                        <span class=format!("status status-{}", h.status.as_str())>{tr(h.status.label())}</span>
                        {h.category.map(|c| view! { " · " {c} })}
                        " · " {h.consultation}
                    </p>
                    <p class="snippet" inner_html=h.snippet_html></p>
                </li>
            }).collect_view()}
        </ol>
        <Pagination page=s.page pages=s.pages prev next/>
    }
}
