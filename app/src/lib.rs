//! Posvet: participatory consultations. Everything that renders lives here and is compiled
//! twice: with `ssr` for the server and with `hydrate` for the browser. Pages are rendered on
//! the server only; the browser bundle holds just the islands (`#[island]`), the few parts
//! that change in place: the vote and helpfulness buttons. Forms are plain HTML forms.

// The idea page's nested view type is deeper than the default limit allows (release builds).
#![recursion_limit = "256"]

pub mod accounts;
pub mod arguments;
pub mod authz;
pub mod comments;
pub mod consultations;
#[cfg(feature = "ssr")]
pub mod ctx;
pub mod error;
pub mod exports;
pub mod form;
pub mod i18n;
pub mod ideas;
pub mod lang;
pub mod measures;
pub mod moderation;
pub mod notices;
pub mod notifications;
#[cfg(feature = "ssr")]
pub mod open_data;
pub mod opinions;
pub mod participation;
pub mod pictures;
pub mod places;
pub mod query;
pub mod results;
pub mod search;
pub mod site;
pub mod statements;
pub mod surveys;
pub mod time;
pub mod ui;
pub mod votes;

#[cfg(feature = "ssr")]
pub mod request;
#[cfg(feature = "ssr")]
pub mod server;
/// A fresh database per test on either back-end, for this crate's tests and the server's.
#[cfg(feature = "test-support")]
pub mod testing;

use i18n::{tr, Msg};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The HTML document around the app. Runs only on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let lang = {
        server::csp::csp_for_page();
        lang::request_lang()
    };
    #[cfg(not(feature = "ssr"))]
    let lang = i18n::Lang::default();
    // The server names the bundle by its fingerprint (`output_name`), so the stylesheet's
    // address is known here, not in the browser: it is part of the document, not of `App`.
    let stylesheet = format!("/{}/{}.css", options.site_pkg_dir, options.output_name);
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="data:,"/>
                <link rel="stylesheet" id="leptos" href=stylesheet/>
                // A site's own colour, when one is set (its version in the address).
                {site_stylesheet()}
                <IslandScript options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

fn site_stylesheet() -> impl IntoView {
    let look = ui::page_look();
    (look.version > 0).then(|| {
        view! { <link rel="stylesheet" href=format!("/site.css?v={}", look.version)/> }
    })
}

/// Loads the bundle and wakes the islands, in place of Leptos' `HydrationScripts`: a page
/// without islands (most pages for a signed-out reader) loads no wasm at all, and no
/// `modulepreload` link is written (Leptos puts the CSP nonce into its `crossorigin`, which is
/// invalid HTML). Marks `<body data-hydrated>` when done, which the browser tests wait for.
#[component]
fn IslandScript(options: LeptosOptions) -> impl IntoView {
    // Outside islands nothing is hydrated: no resource data is written into the page.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let base = format!("/{}/{}", options.site_pkg_dir, options.output_name);
    let script = include_str!("islands.js")
        .replace("{js}", &format!("{base}.js"))
        .replace("{wasm}", &format!("{base}.wasm"));
    view! { <script type="module" nonce=leptos::nonce::use_nonce()>{script}</script> }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(lang::page_lang());
    // Dates in the zone the signed-in reader chose (their pages are never cached).
    #[cfg(feature = "ssr")]
    {
        let user = request::page_user();
        if let Some(zone) = user.and_then(|u| time::ViewerZone::named(u.time_zone.as_deref())) {
            provide_context(zone);
        }
    }
    // Async rendering sends complete HTML: readable without JavaScript and by screen
    // readers from the first byte, with correct status codes.
    let ssr = SsrMode::Async;
    view! {
        <Router>
            <ui::SiteHeader/>
            <main id="main" tabindex="-1">
                <ui::RefusalNotice/>
                <notices::NoticeBanner/>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=consultations::pages::HomePage ssr=ssr.clone()/>
                    <Route path=path!("/communities/new") view=consultations::settings::NewCommunityPage ssr=ssr.clone()/>
                    <Route path=path!("/communities/:slug") view=consultations::pages::CommunityPage ssr=ssr.clone()/>
                    <Route path=path!("/communities/:slug/settings") view=consultations::settings::CommunitySettingsPage ssr=ssr.clone()/>
                    <Route path=path!("/communities/:slug/consultations/new") view=consultations::settings::NewConsultationPage ssr=ssr.clone()/>
                    <Route path=path!("/consultations/:id/settings") view=consultations::settings::ConsultationSettingsPage ssr=ssr.clone()/>
                    <Route path=path!("/consultations/:id") view=consultations::pages::ConsultationPage ssr=ssr.clone()/>
                    <Route path=path!("/consultations/:id/new") view=ideas::pages::NewIdeaPage ssr=ssr.clone()/>
                    <Route path=path!("/consultations/:id/statements") view=statements::pages::StatementsPage ssr=ssr.clone()/>
                    <Route path=path!("/consultations/:id/surveys") view=surveys::pages::SurveysPage ssr=ssr.clone()/>
                    <Route path=path!("/surveys/:id") view=surveys::pages::SurveyPage ssr=ssr.clone()/>
                    <Route path=path!("/surveys/:id/build") view=surveys::build::BuildPage ssr=ssr.clone()/>
                    <Route path=path!("/surveys/:id/results") view=surveys::results::SurveyResultsPage ssr=ssr.clone()/>
                    <Route path=path!("/ideas/:id") view=ideas::pages::IdeaPage ssr=ssr.clone()/>
                    <Route path=path!("/ideas/:id/edit") view=ideas::pages::EditIdeaPage ssr=ssr.clone()/>
                    <Route path=path!("/ideas/:id/history") view=ideas::pages::IdeaHistoryPage ssr=ssr.clone()/>
                    <Route path=path!("/consultations/:id/measures/new") view=measures::pages::NewMeasurePage ssr=ssr.clone()/>
                    <Route path=path!("/measures/:id/manage") view=measures::pages::ManageMeasurePage ssr=ssr.clone()/>
                    <Route path=path!("/measures/:id/history") view=measures::pages::MeasureHistoryPage ssr=ssr.clone()/>
                    <Route path=path!("/communities/:slug/implementation") view=measures::pages::ImplementationPage ssr=ssr.clone()/>
                    <Route path=path!("/site/look") view=site::pages::LookPage ssr=ssr.clone()/>
                    <Route path=path!("/search") view=search::pages::SearchPage ssr=ssr.clone()/>
                    <Route path=path!("/notifications") view=notifications::pages::NotificationsPage ssr=ssr.clone()/>
                    <Route path=path!("/consultations/:id/answers") view=ideas::answers::AnswersPage ssr=ssr.clone()/>
                    <Route path=path!("/consultations/:id/results") view=results::pages::ResultsPage ssr=ssr.clone()/>
                    <Route path=path!("/communities/:slug/dashboard") view=results::pages::DashboardPage ssr=ssr.clone()/>
                    <Route path=path!("/login") view=accounts::pages::LoginPage ssr=ssr.clone()/>
                    <Route path=path!("/register") view=accounts::pages::RegisterPage ssr=ssr.clone()/>
                    <Route path=path!("/password/forgot") view=accounts::pages::ForgotPasswordPage ssr=ssr.clone()/>
                    <Route path=path!("/password/reset") view=accounts::pages::ResetPasswordPage ssr=ssr.clone()/>
                    <Route path=path!("/account") view=accounts::pages::AccountPage ssr=ssr.clone()/>
                    <Route path=path!("/account/confirm") view=accounts::pages::ConfirmEmailPage ssr=ssr.clone()/>
                    <Route path=path!("/report/:kind/:id") view=moderation::pages::ReportPage ssr=ssr.clone()/>
                    <Route path=path!("/appeal/:kind/:id") view=moderation::pages::AppealPage ssr=ssr.clone()/>
                    <Route path=path!("/moderate/:kind/:id") view=moderation::pages::ModerateItemPage ssr=ssr.clone()/>
                    <Route path=path!("/communities/:slug/moderation") view=moderation::pages::QueuePage ssr=ssr.clone()/>
                    <Route path=path!("/communities/:slug/moderation/log") view=moderation::pages::PublicLogPage ssr=ssr.clone()/>
                    <Route path=path!("/communities/:slug/audit") view=moderation::pages::AuditLogPage ssr=ssr.clone()/>
                    <Route path=path!("/communities/:slug/members") view=moderation::pages::MembersPage ssr=ssr.clone()/>
                    <Route path=path!("/communities/:slug/ban/:user") view=moderation::pages::BanPage ssr=ssr/>
                </Routes>
            </main>
            <ui::SiteFooter/>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    error::AppError::NotFound.set_page_status();
    view! {
        <ui::PageMeta title=tr(Msg::PageNotFound) description=tr(Msg::MetaNotFound)/>
        <section class="error-page">
            <h1>{tr(Msg::PageNotFound)}</h1>
            <p>{tr(Msg::PageNotFoundText)}</p>
            <p><a href="/">{tr(Msg::BackHome)}</a></p>
        </section>
    }
}
