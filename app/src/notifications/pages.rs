//! The notification centre and the person's mail settings.

use super::rules::MailMode;
use super::server_fns::{notifications_data, MarkNotificationsRead, SaveNotificationSettings};
use super::NotificationsView;
use crate::form::{FieldErrorText, FormErrorSummary, FormState};
use crate::i18n::{count, tf, tr, use_lang, Counted, Lang, Msg};
use crate::time::format_date_time;
use crate::ui::{loaded, query, PageMeta, Pagination};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let page = query("page");
    let data = Resource::new(page, notifications_data);
    loaded(
        data,
        Msg::NotificationsTitle,
        |n| view! { <Notifications n/> },
    )
}

#[component]
fn Notifications(n: NotificationsView) -> impl IntoView {
    let lang = use_lang();
    let prev = (n.page > 1).then(|| format!("/notifications?page={}", n.page - 1));
    let next = (n.page < n.pages).then(|| format!("/notifications?page={}", n.page + 1));
    let empty = n.items.is_empty();
    let state = FormState::new("settings", n.flash.clone());
    let mode = state.value_or("mail_mode", n.mail_mode.as_str().to_string());
    let mail_lang = state.value_or("lang", n.lang.code().to_string());
    let zone = state.value_or("time_zone", n.time_zone.clone());
    let zone_invalid = state.error("time_zone").is_some().then_some("true");
    let other = !zone.is_empty() && !crate::time::COMMON_ZONES.contains(&zone.as_str());
    let site_zone = tf(lang, Msg::SiteTimeZone, &[("zone", &n.site_zone)]);
    view! {
        <PageMeta title=tr(Msg::NotificationsTitle) description=tr(Msg::NotificationsIntro)/>
        <section class="narrow">
            <h1>{tr(Msg::NotificationsTitle)}</h1>
            <p>{tr(Msg::NotificationsIntro)}</p>
            <p class="meta">{count(lang, Counted::Unread, n.unread)}</p>
            {(n.unread > 0).then(|| view! {
                <form method="post" action=MarkNotificationsRead::url()>
                    <button type="submit">{tr(Msg::MarkAllRead)}</button>
                </form>
            })}
            {empty.then(|| view! { <p class="empty">{tr(Msg::NoNotifications)}</p> })}
            <ol class="notification-list">
                {n.items.into_iter().map(|item| view! {
                    <li class="notification" class:unread=!item.read>
                        {(!item.read).then(|| view! { <span class="badge">{tr(Msg::New)}</span> " " })}
                        <a href=item.href>{item.text}</a>
                        <p class="meta">{format_date_time(lang, item.created_at)}</p>
                    </li>
                }).collect_view()}
            </ol>
            <Pagination page=n.page pages=n.pages prev next/>
        </section>
        <section class="narrow" aria-labelledby="settings-heading">
            <h2 id="settings-heading">{tr(Msg::MailSettings)}</h2>
            <form method="post" action=SaveNotificationSettings::url() class="stack" novalidate>
                <FormErrorSummary state=state.clone()/>
                <fieldset>
                    <legend>{tr(Msg::MailHowOften)}</legend>
                    {MailMode::ALL.into_iter().map(|m| {
                        let id = format!("mail-{}", m.as_str());
                        view! {
                            <div class="choice">
                                <input type="radio" id=id.clone() name="mail_mode" value=m.as_str()
                                    checked=mode == m.as_str()/>
                                <label for=id>{tr(m.label())}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="field">
                    <label for="mail-lang">{tr(Msg::MailLanguage)}</label>
                    <select id="mail-lang" name="lang">
                        {Lang::ALL.into_iter().map(|l| view! {
                            <option value=l.code() selected=mail_lang == l.code()>{l.native_name()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="settings-time_zone">{tr(Msg::TimeZone)}</label>
                    <p class="hint" id="time-zone-hint">{tr(Msg::TimeZoneHint)}</p>
                    // A short list of common zones; any other is typed, with every name as a
                    // suggestion (a datalist: a search without JavaScript).
                    <select id="settings-time_zone" name="time_zone" aria-describedby="time-zone-hint"
                        aria-invalid=zone_invalid>
                        <option value="" selected=zone.is_empty()>{site_zone}</option>
                        {crate::time::COMMON_ZONES.into_iter().map(|z| view! {
                            <option value=z selected=z == zone>{z.replace('_', " ")}</option>
                        }).collect_view()}
                        <option value="other" selected=other>{tr(Msg::OtherTimeZone)}</option>
                    </select>
                    <FieldErrorText form="settings" field="time_zone" state=state.clone()/>
                </div>
                <div class="field">
                    <label for="settings-other_zone">{tr(Msg::OtherTimeZoneLabel)}</label>
                    <p class="hint" id="other-zone-hint">{tr(Msg::OtherTimeZoneHint)}</p>
                    <input id="settings-other_zone" name="other_zone" list="zone-names" autocomplete="off"
                        aria-describedby="other-zone-hint" value=other.then(|| zone.clone())/>
                    <datalist id="zone-names">
                        {n.zones.into_iter().map(|z| view! { <option value=z></option> }).collect_view()}
                    </datalist>
                </div>
                <button type="submit" class="primary">{tr(Msg::SaveSettings)}</button>
            </form>
        </section>
    }
}
