//! Posvet: participatory consultations. Everything that renders lives here and is compiled
//! twice: with `ssr` for the server and with `hydrate` for the browser.

pub mod accounts;
pub mod arguments;
pub mod authz;
pub mod comments;
pub mod consultations;
#[cfg(feature = "ssr")]
pub mod ctx;
pub mod error;
pub mod form;
pub mod i18n;
pub mod ideas;
pub mod ui;
pub mod votes;

#[cfg(feature = "ssr")]
pub mod server;
/// A fresh database per test on either back-end, for this crate's tests and the server's.
#[cfg(feature = "test-support")]
pub mod testing;

use i18n::{tr, Lang, Msg};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags};
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::{path, SsrMode};

/// The HTML document around the app. Runs only on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let lang = {
        server::csp::csp_for_page();
        server::context::request_lang()
    };
    #[cfg(not(feature = "ssr"))]
    let lang = Lang::default();
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
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The language of this page: negotiated on the server, read back from `<html lang>` in the
/// browser, so both render the same text.
fn page_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        server::context::request_lang()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|code| Lang::from_code(&code))
            .unwrap_or_default()
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(page_lang());
    provide_context(ui::Auth::new());
    // Marks the page once the wasm bundle has taken over (browser tests wait for it).
    #[cfg(feature = "hydrate")]
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    // Async rendering sends complete HTML: readable without JavaScript and by screen
    // readers from the first byte, with correct status codes.
    let ssr = SsrMode::Async;
    view! {
        <Router>
            <ui::SiteHeader/>
            <main id="main" tabindex="-1">
                <ui::RefusalNotice/>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=consultations::pages::HomePage ssr=ssr.clone()/>
                    <Route path=path!("/communities/:slug") view=consultations::pages::CommunityPage ssr=ssr.clone()/>
                    <Route path=path!("/consultations/:id") view=consultations::pages::ConsultationPage ssr=ssr.clone()/>
                    <Route path=path!("/consultations/:id/new") view=ideas::pages::NewIdeaPage ssr=ssr.clone()/>
                    <Route path=path!("/ideas/:id") view=ideas::pages::IdeaPage ssr=ssr.clone()/>
                    <Route path=path!("/ideas/:id/edit") view=ideas::pages::EditIdeaPage ssr=ssr.clone()/>
                    <Route path=path!("/login") view=accounts::pages::LoginPage ssr=ssr.clone()/>
                    <Route path=path!("/register") view=accounts::pages::RegisterPage ssr=ssr/>
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
            <p><A href="/">{tr(Msg::BackHome)}</A></p>
        </section>
    }
}
