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
            {group_by_idea(s.hits).into_iter().map(|(h, arguments)| view! {
                <li class="search-hit">
                    <h2><a href=format!("/ideas/{}", h.idea_id) inner_html=h.title_html.clone()></a></h2>
                    <p class="meta">
                        <span class=format!("status status-{}", h.status.as_str())>{tr(h.status.label())}</span>
                        {h.category.clone().map(|c| view! { " · " {c} })}
                        " · " {h.consultation.clone()}
                    </p>
                    {(!h.is_argument).then(|| view! { <p class="snippet" inner_html=h.snippet_html.clone()></p> })}
                    {(!arguments.is_empty()).then(|| view! {
                        <ul class="search-arguments">
                            {arguments.into_iter().map(|a| view! {
                                <li>
                                    <a href=a.href>{tr(Msg::KindArgument)}</a> ": "
                                    <span class="snippet" inner_html=a.snippet_html></span>
                                </li>
                            }).collect_view()}
                        </ul>
                    })}
                </li>
            }).collect_view()}
        </ol>
        <Pagination page=s.page pages=s.pages prev next/>
    }
}

/// One entry per idea, in the order its first hit came: the idea (its own hit, or a copy of
/// its first argument's, which carries the same title, as a stand-in) and the arguments that
/// matched.
fn group_by_idea(hits: Vec<super::Hit>) -> Vec<(super::Hit, Vec<super::Hit>)> {
    let mut groups: Vec<(super::Hit, Vec<super::Hit>)> = Vec::new();
    for hit in hits {
        match groups.iter_mut().find(|(h, _)| h.idea_id == hit.idea_id) {
            Some((head, arguments)) => match (hit.is_argument, head.is_argument) {
                // The idea itself matched after one of its arguments: it heads the group.
                (false, true) => *head = hit,
                (true, _) => arguments.push(hit),
                (false, false) => {}
            },
            None if hit.is_argument => groups.push((hit.clone(), vec![hit])),
            None => groups.push((hit, Vec::new())),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(idea_id: i64, is_argument: bool, n: i64) -> super::super::Hit {
        super::super::Hit {
            idea_id,
            is_argument,
            href: format!("#{n}"),
            title_html: String::new(),
            snippet_html: String::new(),
            consultation: String::new(),
            status: crate::ideas::rules::Status::Open,
            category: None,
        }
    }

    #[test]
    fn arguments_are_listed_under_their_idea_once() {
        let groups = group_by_idea(vec![
            hit(1, true, 10),
            hit(2, false, 20),
            hit(1, false, 11),
            hit(1, true, 12),
            hit(3, true, 30),
        ]);
        let shape: Vec<(i64, bool, Vec<String>)> = groups
            .iter()
            .map(|(h, a)| {
                (
                    h.idea_id,
                    h.is_argument,
                    a.iter().map(|a| a.href.clone()).collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            vec![
                (1, false, vec!["#10".to_string(), "#12".to_string()]),
                (2, false, vec![]),
                (3, true, vec!["#30".to_string()]),
            ]
        );
    }
}
