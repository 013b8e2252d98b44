//! Moderation's pages: report and appeal (residents), one item's moderation, the queue, the
//! members and bans, the audit log and the public moderation log. All plain forms.

use super::rules::{self, Decision, Kind, Reason};
use super::server_fns::*;
use super::view::{rule_options, HiddenNotice};
use super::{AppealState, ItemView, LogView, MembersView, QueueView};
use crate::authz::Role;
use crate::form::{FieldErrorText, FormErrorSummary, FormState};
use crate::i18n::{count, tf, tr, use_lang, Counted, Msg};
use crate::time::format_date;
use crate::ui::{loaded, param, query, Field, PageMeta, Pagination};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The item a report, appeal or moderation page is about, as the viewer may see it.
#[component]
fn ItemSummary(item: ItemView) -> impl IntoView {
    let kind = tr(item.target.kind.label());
    let href = item.target.href(item.idea_id);
    view! {
        <section class="item-summary" aria-labelledby="item-heading">
            <h2 id="item-heading">{kind}</h2>
            {(!item.idea_title.is_empty()).then(|| view! { <p class="eyebrow"><a href=href>{item.idea_title.clone()}</a></p> })}
            {(!item.text.is_empty()).then(|| view! {
                <PictureOf target=item.target/>
                <blockquote class="quoted">{item.text.clone()}</blockquote>
                <p class="meta">{item.author_name.clone()}</p>
            })}
        </section>
    }
}

/// A picture is judged by looking at it: its thumbnail above its alt text (a picture's
/// "text", quoted below it, so the image itself needs no alt of its own). Nothing for other
/// kinds.
#[component]
fn PictureOf(target: crate::moderation::rules::ContentRef) -> impl IntoView {
    use crate::pictures::{thumb_url, THUMB_HEIGHT, THUMB_WIDTH};
    (target.kind == crate::moderation::rules::Kind::Picture).then(|| {
        view! {
            <img class="moderated-picture" src=thumb_url(target.id) alt="" width=THUMB_WIDTH
                height=THUMB_HEIGHT/>
        }
    })
}

fn target_param() -> impl Fn() -> String + Copy {
    let kind = param("kind");
    let id = param("id");
    move || format!("{}:{}", kind(), id())
}

#[component]
pub fn ReportPage() -> impl IntoView {
    let target = target_param();
    let item = Resource::new(target, item_data);
    loaded(item, Msg::ReportTitle, |item| view! { <ReportForm item/> })
}

#[component]
fn ReportForm(item: ItemView) -> impl IntoView {
    let state = FormState::new("report", item.flash.clone());
    let chosen = state.value("reason");
    let target = item.target.key();
    let already = item.already_reported;
    let reason_error = state.error("reason");
    view! {
        <PageMeta title=tr(Msg::ReportTitle) description=tr(Msg::ReportIntro)/>
        <section class="narrow">
            <h1>{tr(Msg::ReportTitle)}</h1>
            <ItemSummary item/>
            {if already {
                view! { <p class="notice" role="status">{tr(Msg::AlreadyReported)}</p> }.into_any()
            } else {
                view! {
                    <p>{tr(Msg::ReportIntro)}</p>
                    <form method="post" action=ReportContent::url() class="stack" novalidate>
                        <FormErrorSummary state=state.clone()/>
                        <input type="hidden" name="target" value=target/>
                        <fieldset class="field" class:has-error=reason_error.is_some()
                            aria-describedby=reason_error.map(|_| crate::form::error_id("report", "reason"))>
                            <legend>{tr(Msg::ReportReason)}</legend>
                            {Reason::CHOSEN.into_iter().map(|r| {
                                let id = format!("report-reason-{}", r.as_str());
                                let checked = chosen == r.as_str();
                                view! {
                                    <div class="choice">
                                        <input type="radio" id=id.clone() name="reason" value=r.as_str() checked=checked/>
                                        <label for=id>{tr(r.label())}</label>
                                    </div>
                                }
                            }).collect_view()}
                            <FieldErrorText form="report" field="reason" state=state.clone()/>
                        </fieldset>
                        <Field form="report" name="note" label=Msg::ReportNote hint=Msg::ReportNoteHint
                            state=state.clone() multiline=true rows=3 value=state.value("note")/>
                        <button type="submit" class="primary">{tr(Msg::SendReport)}</button>
                    </form>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn AppealPage() -> impl IntoView {
    let target = target_param();
    let item = Resource::new(target, item_data);
    loaded(item, Msg::AppealTitle, |item| view! { <AppealForm item/> })
}

#[component]
fn AppealForm(item: ItemView) -> impl IntoView {
    let state = FormState::new("appeal", item.flash.clone());
    let target = item.target;
    let open = matches!(&item.hidden, Some(h) if h.appeal == AppealState::None && h.reason != Reason::AwaitingReview);
    let hidden = item.hidden.clone();
    view! {
        <PageMeta title=tr(Msg::AppealTitle) description=tr(Msg::AppealIntro)/>
        <section class="narrow">
            <h1>{tr(Msg::AppealTitle)}</h1>
            <ItemSummary item/>
            // Once appealed, the author reads the appeal's state here (the link is this page).
            {hidden.map(|h| view! { <HiddenNotice hidden=h target mine=!open/> })}
            {open.then(|| view! {
                <p>{tr(Msg::AppealIntro)}</p>
                <form method="post" action=AppealContent::url() class="stack" novalidate>
                    <FormErrorSummary state=state.clone()/>
                    <input type="hidden" name="target" value=target.key()/>
                    <Field form="appeal" name="body" label=Msg::AppealText hint=Msg::AppealHint
                        state=state.clone() multiline=true rows=5 value=state.value("body")/>
                    <button type="submit" class="primary">{tr(Msg::SendAppeal)}</button>
                </form>
            })}
        </section>
    }
}

#[component]
pub fn ModerateItemPage() -> impl IntoView {
    let target = target_param();
    let item = Resource::new(target, item_data);
    loaded(
        item,
        Msg::ModerateTitle,
        |item| view! { <ModerateItem item/> },
    )
}

#[component]
fn ModerateItem(item: ItemView) -> impl IntoView {
    let state = FormState::new("decide", item.flash.clone());
    let target = item.target;
    let hidden = item.hidden.clone();
    let is_hidden = hidden.is_some();
    let appealed = matches!(&hidden, Some(h) if h.appeal == AppealState::Pending);
    let back = format!("/communities/{}/moderation", item.community_slug);
    let ban = format!(
        "/communities/{}/ban/{}",
        item.community_slug, item.author_id
    );
    let decisions: Vec<Decision> = Decision::ALL
        .into_iter()
        .filter(|d| match d {
            Decision::Restore => is_hidden,
            Decision::KeepHidden => appealed,
            _ => true,
        })
        .collect();
    view! {
        <PageMeta title=tr(Msg::ModerateTitle) description=tr(Msg::ModerateTitle)/>
        <section class="narrow">
            <h1>{tr(Msg::ModerateTitle)}</h1>
            <ItemSummary item/>
            {hidden.map(|h| view! { <HiddenNotice hidden=h target mine=false/> })}
            <p><a href=ban>{tr(Msg::BanAuthor)}</a></p>
            <form method="post" action=DecideItems::url() class="stack" novalidate>
                <FormErrorSummary state=state.clone()/>
                <input type="hidden" name="items[0]" value=target.key()/>
                <input type="hidden" name="back" value=back/>
                <DecisionControls state decisions/>
                <button type="submit" class="primary">{tr(Msg::ApplyDecision)}</button>
            </form>
        </section>
    }
}

/// The decision, the rule (for hiding) and the message to the author.
#[component]
fn DecisionControls(state: FormState, decisions: Vec<Decision>) -> impl IntoView {
    let rule_error = state.error("reason");
    let chosen = state.value("decision");
    view! {
        <div class="field">
            <label for="decide-decision">{tr(Msg::Decision)}</label>
            <select id="decide-decision" name="decision">
                {decisions.into_iter().map(|d| view! {
                    <option value=d.as_str() selected=chosen == d.as_str()>{tr(d.label())}</option>
                }).collect_view()}
            </select>
        </div>
        <div class="field" class:has-error=rule_error.is_some()>
            <label for="decide-reason">{tr(Msg::RuleWhenHiding)}</label>
            <select id="decide-reason" name="reason" aria-invalid=rule_error.is_some().then_some("true")
                aria-describedby=rule_error.map(|_| crate::form::error_id("decide", "reason"))>
                <option value="">{tr(Msg::NoRule)}</option>
                {rule_options(state.value("reason"))}
            </select>
            <FieldErrorText form="decide" field="reason" state=state.clone()/>
        </div>
        <Field form="decide" name="note" label=Msg::MessageToAuthor hint=Msg::MessageToAuthorHint
            state=state.clone() multiline=true rows=3 value=state.value("note")/>
    }
}

#[component]
pub fn QueuePage() -> impl IntoView {
    let slug = param("slug");
    let (kind, reason, page) = (query("kind"), query("reason"), query("page"));
    let data = Resource::new(
        move || (slug(), kind(), reason(), page()),
        |(s, k, r, p)| queue_data(s, k, r, p),
    );
    loaded(data, Msg::QueueTitle, |queue| view! { <Queue queue/> })
}

#[component]
fn Queue(queue: QueueView) -> impl IntoView {
    let lang = use_lang();
    let state = FormState::new("decide", queue.flash.clone());
    let ticked: Vec<String> = state.value("items").split(',').map(String::from).collect();
    let here = queue.href(queue.page);
    let slug = queue.community_slug.clone();
    let prev = (queue.page > 1).then(|| queue.href(queue.page - 1));
    let next = (queue.page < queue.pages).then(|| queue.href(queue.page + 1));
    let kinds = Kind::ALL
        .into_iter()
        .map(|k| {
            let sel = queue.kind == k.as_str();
            view! { <option value=k.as_str() selected=sel>{tr(k.label())}</option> }
        })
        .collect_view();
    let empty = queue.entries.is_empty();
    let keys: Vec<String> = queue.entries.iter().map(|e| e.target.key()).collect();
    let settings = queue.admin.then(|| view! {
        <Settings slug=slug.clone() threshold=queue.threshold min_days=queue.min_days consultations=queue.consultations.clone()
            flash=queue.flash.clone()/>
    });
    view! {
        <PageMeta title=tr(Msg::QueueTitle) description=tr(Msg::QueueTitle)/>
        <section class="intro">
            <p class="eyebrow"><a href=format!("/communities/{slug}")>{queue.community_name.clone()}</a></p>
            <h1>{tr(Msg::QueueTitle)}</h1>
            <p>{count(lang, Counted::QueueItems, queue.total)}</p>
            <nav aria-label=tr(Msg::ModerationPages)>
                <ul class="inline-links">
                    <li><a href=format!("/communities/{slug}/members")>{tr(Msg::MembersTitle)}</a></li>
                    <li><a href=format!("/communities/{slug}/moderation/log")>{tr(Msg::PublicLogTitle)}</a></li>
                    {queue.admin.then(|| view! { <li><a href=format!("/communities/{slug}/audit")>{tr(Msg::AuditTitle)}</a></li> })}
                </ul>
            </nav>
        </section>
        <form method="get" class="filters">
            <div class="field">
                <label for="filter-kind">{tr(Msg::FilterKind)}</label>
                <select id="filter-kind" name="kind">
                    <option value="">{tr(Msg::AnyKind)}</option>
                    {kinds}
                </select>
            </div>
            <div class="field">
                <label for="filter-reason">{tr(Msg::FilterReason)}</label>
                <select id="filter-reason" name="reason">
                    <option value="">{tr(Msg::AnyReason)}</option>
                    {rule_options(queue.reason.clone())}
                </select>
            </div>
            <button type="submit">{tr(Msg::ApplyFilter)}</button>
        </form>
        {empty.then(|| view! { <p class="empty">{tr(Msg::QueueEmpty)}</p> })}
        {(!empty).then(|| view! {
            <form method="post" action=DecideItems::url() class="queue-form" novalidate>
                <FormErrorSummary state=state.clone()/>
                <input type="hidden" name="back" value=here/>
                // The target of "choose at least one item" in the error summary.
                <ol class="queue" id="decide-items" tabindex="-1">
                    {queue.entries.into_iter().enumerate().map(|(n, e)| {
                        let ticked = ticked.contains(&e.target.key());
                        view! { <QueueItem n e ticked/> }
                    }).collect_view()}
                </ol>
                <fieldset class="bulk stack">
                    <legend>{tr(Msg::WithSelected)}</legend>
                    <DecisionControls state decisions=Decision::ALL.to_vec()/>
                    {keys.into_iter().enumerate().map(|(n, key)| view! {
                        <input type="hidden" name=format!("page_items[{n}]") value=key/>
                    }).collect_view()}
                    <div class="actions">
                        <button type="submit" class="primary">{tr(Msg::ApplyToSelected)}</button>
                        <button type="submit" name="single" value="page">{tr(Msg::ApplyToPage)}</button>
                    </div>
                </fieldset>
            </form>
        })}
        <Pagination page=queue.page pages=queue.pages prev next/>
        {settings}
    }
}

#[component]
fn QueueItem(n: usize, e: super::QueueEntry, ticked: bool) -> impl IntoView {
    let lang = use_lang();
    let key = e.target.key();
    let check_id = format!("queue-item-{n}");
    let heading = if e.title.is_empty() {
        tr(e.target.kind.label()).to_string()
    } else {
        format!("{}: {}", tr(e.target.kind.label()), e.title)
    };
    let status = match (e.awaiting_approval, e.hidden_reason) {
        (true, _) => Some(tr(Msg::AwaitingApproval).to_string()),
        (_, Some(Reason::AwaitingReview)) => Some(tr(Msg::HiddenByReports).to_string()),
        (_, Some(rule)) => Some(tf(lang, Msg::HiddenBecause, &[("rule", tr(rule.label()))])),
        _ => None,
    };
    let button = |d: Decision| {
        view! {
            <button type="submit" name="single" value=format!("{}:{key}", d.as_str())>
                {tr(d.label())}<span class="visually-hidden">" — " {heading.clone()}</span>
            </button>
        }
    };
    let hidden = e.hidden_reason.is_some();
    view! {
        <li class="queue-item" class:urgent=e.urgent>
            <div class="queue-head">
                <input type="checkbox" id=check_id.clone() name=format!("items[{n}]") value=key.clone()
                    checked=ticked/>
                <label for=check_id>{heading.clone()}</label>
            </div>
            <p class="meta">
                {status.map(|s| view! { <strong>{s}</strong> " · " })}
                {tf(lang, Msg::ByAuthor, &[("author", &e.author_name)])} " · "
                {format_date(lang, e.opened_at)}
            </p>
            <PictureOf target=e.target/>
            <blockquote class="quoted">{e.text.clone()}</blockquote>
            <p><a href=e.target.href(e.idea_id)>{tr(Msg::SeeInContext)}</a></p>
            {(e.report_count > 0).then(|| view! {
                <p>{count(lang, Counted::Reports, e.report_count)}</p>
                <ul class="reports">
                    {e.reports.into_iter().map(|(r, note)| view! {
                        <li>{tr(r.label())}{note.map(|n| view! { ": " <q>{n}</q> })}</li>
                    }).collect_view()}
                </ul>
            })}
            {e.appeal.map(|a| view! { <p class="appeal"><strong>{tr(Msg::AppealOfAuthor)}</strong> " " <q>{a}</q></p> })}
            <div class="actions">
                {button(Decision::Approve)}
                {hidden.then(|| button(Decision::Restore))}
                // Hiding needs a rule and may carry a message: the item's own page asks for both.
                <a class="button" href=format!("/moderate/{}/{}", e.target.kind.as_str(), e.target.id)>
                    {tr(Msg::HideWithRule)}<span class="visually-hidden">" — " {heading.clone()}</span>
                </a>
                {button(Decision::Delete)}
            </div>
        </li>
    }
}

#[component]
fn Settings(
    slug: String,
    threshold: i64,
    min_days: i64,
    consultations: Vec<(i64, String, bool)>,
    flash: Option<crate::form::Flash>,
) -> impl IntoView {
    let state = FormState::new("settings", flash);
    let value = state.value_or("threshold", threshold.to_string());
    let days = state.value_or("min_days", min_days.to_string());
    view! {
        <section class="settings" aria-labelledby="settings-heading">
            <h2 id="settings-heading">{tr(Msg::ModerationSettings)}</h2>
            <form method="post" action=SaveModerationSettings::url() class="stack" novalidate>
                <FormErrorSummary state=state.clone()/>
                <input type="hidden" name="slug" value=slug/>
                <Field form="settings" name="threshold" label=Msg::AutoHideThreshold hint=Msg::AutoHideThresholdHint
                    kind="number" state=state.clone() value=value/>
                <Field form="settings" name="min_days" label=Msg::ReportMinAccountDays hint=Msg::ReportMinAccountDaysHint
                    kind="number" state=state.clone() value=days/>
                <fieldset>
                    <legend>{tr(Msg::Premoderation)}</legend>
                    {consultations.into_iter().enumerate().map(|(n, (id, name, on))| {
                        let cid = format!("premoderated-{id}");
                        view! {
                            <div class="choice">
                                <input type="checkbox" id=cid.clone() name=format!("premoderated[{n}]") value=id checked=on/>
                                <label for=cid>{name}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <button type="submit">{tr(Msg::SaveChanges)}</button>
            </form>
        </section>
    }
}

#[component]
pub fn PublicLogPage() -> impl IntoView {
    log_page(false)
}

#[component]
pub fn AuditLogPage() -> impl IntoView {
    log_page(true)
}

fn log_page(audit: bool) -> impl IntoView {
    let slug = param("slug");
    let (action, page) = (query("action"), query("page"));
    let data = Resource::new(
        move || (slug(), action(), page()),
        move |(s, a, p)| log_data(s, audit, a, p),
    );
    let title = if audit {
        Msg::AuditTitle
    } else {
        Msg::PublicLogTitle
    };
    loaded(data, title, |log| view! { <Log log/> })
}

#[component]
fn Log(log: LogView) -> impl IntoView {
    let lang = use_lang();
    let (title, intro, path) = if log.audit {
        (Msg::AuditTitle, Msg::AuditIntro, "audit")
    } else {
        (Msg::PublicLogTitle, Msg::PublicLogIntro, "moderation/log")
    };
    let base = format!("/communities/{}/{path}", log.community_slug);
    let action = log.action.clone();
    let href = move |page: i64| format!("{base}?action={action}&page={page}");
    let prev = (log.page > 1).then(|| href(log.page - 1));
    let next = (log.page < log.pages).then(|| href(log.page + 1));
    let empty = log.entries.is_empty();
    let audit = log.audit;
    // A community's log: every action but the site-wide ones; the public log, moderators'
    // decisions on content.
    let actions: Vec<rules::AuditAction> = rules::AuditAction::ALL
        .into_iter()
        .filter(|a| match audit {
            true => !a.is_site_wide(),
            false => a.is_public(),
        })
        .collect();
    view! {
        <PageMeta title=tr(title) description=tr(intro)/>
        <section class="intro">
            <p class="eyebrow"><a href=format!("/communities/{}", log.community_slug)>{log.community_name.clone()}</a></p>
            <h1>{tr(title)}</h1>
            <p>{tr(intro)}</p>
        </section>
        <form method="get" class="filters">
            <div class="field">
                <label for="filter-action">{tr(Msg::FilterAction)}</label>
                <select id="filter-action" name="action">
                    <option value="">{tr(Msg::AnyAction)}</option>
                    {actions.into_iter().map(|a| {
                        let sel = log.action == a.as_str();
                        view! { <option value=a.as_str() selected=sel>{tr(a.label())}</option> }
                    }).collect_view()}
                </select>
            </div>
            <button type="submit">{tr(Msg::ApplyFilter)}</button>
        </form>
        {empty.then(|| view! { <p class="empty">{tr(Msg::LogEmpty)}</p> })}
        {(!empty).then(|| view! {
            // Scrolls sideways on a phone: focusable, so the keyboard can scroll it too.
            <div class="table-wrap" tabindex="0" role="region" aria-label=tr(title)>
                <table class="log">
                    <caption class="visually-hidden">{tr(title)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{tr(Msg::When)}</th>
                            <th scope="col">{tr(Msg::WhatHappened)}</th>
                            <th scope="col">{tr(Msg::Item)}</th>
                            <th scope="col">{tr(Msg::Rule)}</th>
                            {audit.then(|| view! { <th scope="col">{tr(Msg::Who)}</th><th scope="col">{tr(Msg::Note)}</th> })}
                        </tr>
                    </thead>
                    <tbody>
                        {log.entries.into_iter().map(|e| {
                            // What was decided, by its idea's title ("Argument on “…”"), linked
                            // while it can be read; by kind and number once deleted.
                            let kind = Kind::parse(&e.target_kind);
                            let item = match (kind, &e.title) {
                                (Some(Kind::Idea), Some(t)) => tf(lang, Msg::ItemIdea, &[("title", t)]),
                                (Some(k), Some(t)) => tf(lang, Msg::ItemOnIdea, &[("kind", tr(k.label())), ("title", t)]),
                                (Some(k), None) => format!("{} {}", tr(k.label()), e.target_id),
                                (None, _) => format!("{} {}", e.target_kind, e.target_id),
                            };
                            let item = match e.href.clone() {
                                Some(href) => view! { <a href=href>{item}</a> }.into_any(),
                                None => view! { <span>{item}</span> }.into_any(),
                            };
                            view! {
                                <tr>
                                    <td>{format_date(lang, e.created_at)}</td>
                                    <td>{tr(rules::AuditAction::label_of(&e.action))}</td>
                                    <td>{item}</td>
                                    <td>{e.reason.map(|r| tr(r.label()))}</td>
                                    {audit.then(|| view! {
                                        <td>{e.actor_name.clone().unwrap_or_else(|| tr(Msg::System).to_string())}</td>
                                        <td>{e.note.clone()}</td>
                                    })}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        })}
        <Pagination page=log.page pages=log.pages prev next/>
    }
}

#[component]
pub fn MembersPage() -> impl IntoView {
    let slug = param("slug");
    let q = query("q");
    let data = Resource::new(move || (slug(), q()), |(s, q)| members_data(s, q));
    loaded(data, Msg::MembersTitle, |m| view! { <Members m/> })
}

#[component]
fn Members(m: MembersView) -> impl IntoView {
    let lang = use_lang();
    let here = format!(
        "/communities/{}/members?q={}",
        m.community_slug,
        crate::query::encode(&m.query)
    );
    let slug = m.community_slug.clone();
    let manage = m.may_manage_roles;
    let community_id = m.community_id;
    let no_bans = m.bans.is_empty();
    let heading = if m.query.is_empty() {
        Msg::TeamHeading
    } else {
        Msg::SearchResults
    };
    let here_for_people = here.clone();
    view! {
        <PageMeta title=tr(Msg::MembersTitle) description=tr(Msg::MembersIntro)/>
        <section class="intro">
            <p class="eyebrow"><a href=format!("/communities/{slug}/moderation")>{m.community_name.clone()}</a></p>
            <h1>{tr(Msg::MembersTitle)}</h1>
            <p>{tr(Msg::MembersIntro)}</p>
        </section>
        <form method="get" class="filters" role="search">
            <div class="field">
                <label for="members-q">{tr(Msg::SearchByName)}</label>
                <input id="members-q" name="q" type="search" value=m.query.clone()/>
            </div>
            <button type="submit">{tr(Msg::Search)}</button>
        </form>
        <section aria-labelledby="people-heading">
            <h2 id="people-heading">{tr(heading)}</h2>
            <ul class="people">
                {m.people.into_iter().map(|(id, name, role)| {
                    let select_id = format!("role-{id}");
                    let ban = format!("/communities/{slug}/ban/{id}");
                    let here = here_for_people.clone();
                    view! {
                        <li class="person">
                            <span class="person-name">{name.clone()}</span>
                            <span class="meta">{tr(role_label(role))}</span>
                            {manage.then(|| view! {
                                <form method="post" action=SetMemberRole::url() class="inline-form">
                                    <input type="hidden" name="community_id" value=community_id/>
                                    <input type="hidden" name="user_id" value=id/>
                                    <input type="hidden" name="back" value=here/>
                                    <label for=select_id.clone() class="visually-hidden">{tf(lang, Msg::RoleOf, &[("name", &name)])}</label>
                                    <select id=select_id name="role">
                                        {Role::ALL.into_iter().map(|r| {
                                            view! { <option value=r.as_str() selected={r == role}>{tr(role_label(r))}</option> }
                                        }).collect_view()}
                                    </select>
                                    <button type="submit">{tr(Msg::SaveRole)}<span class="visually-hidden">" — " {name.clone()}</span></button>
                                </form>
                            })}
                            {(role == Role::Resident).then(|| view! {
                                <a href=ban>{tr(Msg::BanPerson)}<span class="visually-hidden">" — " {name.clone()}</span></a>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="bans-heading">
            <h2 id="bans-heading">{tr(Msg::BansHeading)}</h2>
            {no_bans.then(|| view! { <p class="empty">{tr(Msg::NoBans)}</p> })}
            <ul class="people">
                {m.bans.into_iter().map(|(id, name, reason, until)| {
                    let until = match until {
                        Some(t) => tf(lang, Msg::BannedUntil, &[("date", &format_date(lang, t - 1))]),
                        None => tr(Msg::BannedIndefinitely).to_string(),
                    };
                    view! {
                        <li class="person">
                            <span class="person-name">{name.clone()}</span>
                            <span class="meta">{tr(reason.label())} " · " {until}</span>
                            <form method="post" action=UnbanPerson::url() class="inline-form">
                                <input type="hidden" name="community_id" value=community_id/>
                                <input type="hidden" name="user_id" value=id/>
                                <input type="hidden" name="back" value=here.clone()/>
                                <button type="submit">{tr(Msg::Unban)}<span class="visually-hidden">" — " {name}</span></button>
                            </form>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

fn role_label(r: Role) -> Msg {
    match r {
        Role::Resident => Msg::RoleResident,
        Role::Moderator => Msg::RoleModerator,
        Role::Admin => Msg::RoleAdmin,
    }
}

#[component]
pub fn BanPage() -> impl IntoView {
    let slug = param("slug");
    let user = param("user");
    let data = Resource::new(
        move || (slug(), user().parse::<i64>().unwrap_or(0)),
        |(s, u)| ban_form_data(s, u),
    );
    loaded(data, Msg::BanTitle, |b| view! { <BanForm b/> })
}

#[component]
fn BanForm(b: super::BanFormView) -> impl IntoView {
    let lang = use_lang();
    let state = FormState::new("ban", b.flash.clone());
    let rule_error = state.error("reason");
    let back = format!("/communities/{}/members", b.community_slug);
    let title = tf(lang, Msg::BanTitleOf, &[("name", &b.display_name)]);
    view! {
        <PageMeta title=title.clone() description=tr(Msg::BanIntro)/>
        <section class="narrow">
            <p class="eyebrow">{b.community_name.clone()}</p>
            <h1>{title}</h1>
            <p>{tr(Msg::BanIntro)}</p>
            <form method="post" action=BanPerson::url() class="stack" novalidate>
                <FormErrorSummary state=state.clone()/>
                <input type="hidden" name="community_id" value=b.community_id/>
                <input type="hidden" name="user_id" value=b.user_id/>
                <input type="hidden" name="back" value=back/>
                <div class="field" class:has-error=rule_error.is_some()>
                    <label for="ban-reason">{tr(Msg::Rule)}</label>
                    <select id="ban-reason" name="reason" aria-invalid=rule_error.is_some().then_some("true")
                        aria-describedby=rule_error.map(|_| crate::form::error_id("ban", "reason"))>
                        <option value="">{tr(Msg::NoRule)}</option>
                        {rule_options(state.value("reason"))}
                    </select>
                    <FieldErrorText form="ban" field="reason" state=state.clone()/>
                </div>
                <Field form="ban" name="note" label=Msg::MessageToAuthor state=state.clone()
                    multiline=true rows=3 value=state.value("note")/>
                <Field form="ban" name="until" label=Msg::BanUntil hint=Msg::BanUntilHint kind="date"
                    state=state.clone() value=state.value("until")/>
                <div class="choice">
                    <input type="checkbox" id="ban-hide-all" name="hide_all" value="1"/>
                    <label for="ban-hide-all">{tr(Msg::HideEverything)}</label>
                </div>
                <button type="submit" class="primary">{tr(Msg::BanPerson)}</button>
            </form>
        </section>
    }
}
