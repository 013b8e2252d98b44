//! The opinion groups' section of the results page: a map of the groups (areas sized by their
//! members, drawn on the server) with its table, what sets each group apart, where all groups
//! agree and where they divide. Works without JavaScript; nothing in it is about one person.

use super::{GroupsView, IdeaAcross};
use crate::i18n::Lang;
use crate::i18n::{tf, tr, use_lang, Msg};
use crate::results::rules::{format_number, format_percent};

/// "88.0% of 245": a group's share and how many of it voted.
fn share_of(lang: Lang, n: u32, of: u32) -> String {
    tf(
        lang,
        Msg::GroupShareOf,
        &[
            ("percent", &format_percent(lang, n as i64, of as i64)),
            ("count", &format_number(lang, of as i64)),
        ],
    )
}
use leptos::prelude::*;

#[component]
pub fn GroupsSection(g: GroupsView, mine: Option<String>) -> impl IntoView {
    let lang = use_lang();
    let w = words(g.statements);
    let share = move |n: u32, of: u32| share_of(lang, n, of);
    let labels: Vec<String> = g.groups.iter().map(|x| x.label.clone()).collect();
    let total = g.participants.max(1);
    let name = |label: &str| tf(lang, Msg::GroupName, &[("label", label)]);
    let map_summary = g
        .groups
        .iter()
        .map(|x| {
            tf(
                lang,
                Msg::GroupOnMap,
                &[
                    ("label", &x.label),
                    ("count", &format_number(lang, x.size as i64)),
                ],
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    view! {
        <section aria-labelledby="groups-heading" class="opinion-groups">
            <h2 id="groups-heading">{tr(Msg::GroupsHeading)}</h2>
            <p>{tf(lang, w.intro, &[("count", &format_number(lang, g.participants as i64)), ("groups", &crate::i18n::count(lang, crate::i18n::Counted::IntoGroups, g.groups.len() as i64))])}</p>
            {mine.map(|label| view! {
                <p class="notice">{tf(lang, Msg::YourGroup, &[("label", &label)])}</p>
            })}
            <figure class="group-map">
                <svg viewBox="0 0 100 100" role="img" aria-labelledby="group-map-caption">
                    <title>{map_summary}</title>
                    {g.groups.iter().enumerate().map(|(i, x)| view! {
                        <g class=format!("group g{}", i % 5)>
                            <circle cx=format!("{:.1}", x.x) cy=format!("{:.1}", x.y) r=format!("{:.1}", x.r.max(4.0))/>
                            <text x=format!("{:.1}", x.x) y=format!("{:.1}", x.y) text-anchor="middle" dominant-baseline="central">{x.label.clone()}</text>
                        </g>
                    }).collect_view()}
                </svg>
                <figcaption id="group-map-caption">{tr(Msg::GroupMapCaption)}</figcaption>
            </figure>
            <div class="table-wrap"><table class="data">
                <caption>{tr(Msg::GroupsTableCaption)}</caption>
                <thead><tr>
                    <th scope="col">{tr(Msg::ColGroup)}</th>
                    <th scope="col" class="num">{tr(Msg::ColMembers)}</th>
                    <th scope="col" class="num">{tr(Msg::ColShare)}</th>
                </tr></thead>
                <tbody>
                    {g.groups.iter().map(|x| view! {
                        <tr>
                            <th scope="row">{name(&x.label)}</th>
                            <td class="num">{format_number(lang, x.size as i64)}</td>
                            <td class="num">{format_percent(lang, x.size as i64, total as i64)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
            {g.groups.iter().map(|x| {
                let heading = format!("group-{}-heading", x.label.to_lowercase());
                view! {
                    <h3 id=heading.clone()>{tf(lang, Msg::GroupSetsApart, &[("label", &x.label)])}</h3>
                    {if x.representative.is_empty() {
                        view! { <p class="empty">{tr(w.nothing_apart)}</p> }.into_any()
                    } else {
                        view! {
                            <div class="table-wrap"><table class="data" aria-labelledby=heading>
                                <thead><tr>
                                    <th scope="col">{tr(w.column)}</th>
                                    <th scope="col">{tr(Msg::ColGroupSide)}</th>
                                </tr></thead>
                                <tbody>
                                    {x.representative.iter().map(|r| view! {
                                        <tr>
                                            <th scope="row"><a href=format!("/ideas/{}", r.idea_id)>{r.title.clone()}</a></th>
                                            <td>
                                                <strong class=if r.agree { "side for" } else { "side against" }>
                                                    {tr(if r.agree { Msg::GroupAgrees } else { Msg::GroupDisagrees })}
                                                </strong>
                                                <span class="share">{share(r.count, r.seen)}</span>
                                            </td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                        }.into_any()
                    }}
                }
            }).collect_view()}
            <h3 id="common-heading">{tr(Msg::CommonGroundHeading)}</h3>
            <p class="meta">{tr(w.common_note)}</p>
            <AcrossTable labelled="common-heading" ideas=g.common labels=labels.clone() empty=w.no_common column=w.column/>
            <h3 id="divide-heading">{tr(Msg::DivideHeading)}</h3>
            <p class="meta">{tr(w.divide_note)}</p>
            <AcrossTable labelled="divide-heading" ideas=g.divisive labels empty=w.no_divide column=w.column/>
        </section>
    }
}

/// Ideas with their consensus and each group's share agreeing.
#[component]
fn AcrossTable(
    labelled: &'static str,
    ideas: Vec<IdeaAcross>,
    labels: Vec<String>,
    empty: Msg,
    column: Msg,
) -> impl IntoView {
    let lang = use_lang();
    if ideas.is_empty() {
        return view! { <p class="empty">{tr(empty)}</p> }.into_any();
    }
    view! {
        <div class="table-wrap"><table class="data" aria-labelledby=labelled>
            <thead><tr>
                <th scope="col">{tr(column)}</th>
                <th scope="col" class="num">{tr(Msg::ColConsensus)}</th>
                {labels.iter().map(|l| view! {
                    <th scope="col" class="num">{tf(lang, Msg::ColGroupAgree, &[("label", l)])}</th>
                }).collect_view()}
            </tr></thead>
            <tbody>
                {ideas.into_iter().map(|i| view! {
                    <tr>
                        <th scope="row"><a href=format!("/ideas/{}", i.idea_id)>{i.title}</a></th>
                        <td class="num">{format_percent(lang, (i.consensus * 1000.0).round() as i64, 1000)}</td>
                        {i.agree.into_iter().map(|a| match a {
                            Some((n, of)) => view! { <td class="num">{format_percent(lang, n as i64, of as i64)}</td> }.into_any(),
                            None => view! {
                                <td class="num"><span aria-hidden="true">"–"</span>
                                    <span class="visually-hidden">{tr(Msg::TooFewToSay)}</span></td>
                            }.into_any(),
                        }).collect_view()}
                    </tr>
                }).collect_view()}
            </tbody>
        </table></div>
    }
    .into_any()
}

/// The section's words for a consultation of ideas, or of statements (`statements`).
#[derive(Clone, Copy)]
struct Words {
    intro: Msg,
    column: Msg,
    nothing_apart: Msg,
    common_note: Msg,
    no_common: Msg,
    divide_note: Msg,
    no_divide: Msg,
}

fn words(statements: bool) -> Words {
    match statements {
        false => Words {
            intro: Msg::GroupsIntro,
            column: Msg::ColIdea,
            nothing_apart: Msg::GroupNothingApart,
            common_note: Msg::CommonGroundNote,
            no_common: Msg::NoCommonGround,
            divide_note: Msg::DivideNote,
            no_divide: Msg::NoDivide,
        },
        true => Words {
            intro: Msg::GroupsIntroStatements,
            column: Msg::ColStatement,
            nothing_apart: Msg::GroupNothingApartStatements,
            common_note: Msg::CommonGroundNoteStatements,
            no_common: Msg::NoCommonGroundStatements,
            divide_note: Msg::DivideNoteStatements,
            no_divide: Msg::NoDivideStatements,
        },
    }
}
