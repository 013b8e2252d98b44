//! Building blocks shared by pages: form fields, the page frame, small formatting helpers.

use crate::accounts::server_fns::Logout;
use crate::error::AppError;
use crate::form::{error_id, FieldErrorText, FormState};
use crate::i18n::{tf, tr, use_lang, Lang, Msg};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};

/// A labelled input or textarea with its hint and error wired up for screen readers.
#[component]
pub fn Field(
    form: &'static str,
    name: &'static str,
    label: Msg,
    state: FormState,
    #[prop(into)] value: String,
    #[prop(optional)] hint: Option<Msg>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    /// The file types a file input offers (`kind="file"`).
    #[prop(optional)]
    accept: Option<&'static str>,
    #[prop(optional)] multiline: bool,
    #[prop(default = 6)] rows: u32,
) -> impl IntoView {
    let id = format!("{form}-{name}");
    let hint_id = format!("{id}-hint");
    let error = state.error(name);
    let mut described = Vec::new();
    if hint.is_some() {
        described.push(hint_id.clone());
    }
    if error.is_some() {
        described.push(error_id(form, name));
    }
    let described = (!described.is_empty()).then(|| described.join(" "));
    let invalid = error.is_some().then_some("true");
    // A file input has no value attribute (browsers never fill one in).
    let value = (kind != "file").then_some(value);
    let control = if multiline {
        let value = raw_element_text(value.unwrap_or_default());
        view! {
            <textarea id=id.clone() name=name rows=rows aria-describedby=described
                aria-invalid=invalid>{value}</textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() name=name type=kind value=value autocomplete=autocomplete
                accept=accept aria-describedby=described aria-invalid=invalid/>
        }
        .into_any()
    };
    view! {
        <div class="field" class:has-error=error.is_some()>
            <label for=id>{tr(label)}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{tr(h)}</p> })}
            {control}
            <FieldErrorText form=form field=name state=state/>
        </div>
    }
}

/// Text for an element whose content Leptos 0.8 writes unescaped during SSR: `<textarea>`
/// children and leptos_meta's `<title>`. Text containing `</textarea>` or `</title>` would
/// break out of the element (and a `<meta http-equiv=refresh>` after it would send every
/// reader elsewhere; the CSP does not stop that). Escaped here on the server; in the browser
/// the text becomes a DOM text node, where escaping would show the entities.
pub fn raw_element_text(value: String) -> String {
    if cfg!(feature = "ssr") {
        value
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    } else {
        value
    }
}

/// Skip link, header with navigation, language switch and account links. Rendered on the
/// server only: signing in or out is a page load, so nothing here changes in place.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let here = {
        let search = location.search.get_untracked();
        let path = location.pathname.get_untracked();
        if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        }
    };
    let back = crate::query::encode(&here);
    #[cfg(feature = "ssr")]
    let user = crate::request::page_user();
    #[cfg(not(feature = "ssr"))]
    let user: Option<crate::accounts::CurrentUser> = None;
    let account = match user {
            Some(user) => view! {
                // A moderator sees at once that reports are waiting, and where.
                {user.waiting.clone().map(|(slug, n)| view! {
                    <li>
                        <a href=format!("/communities/{slug}/moderation") class="queue-link">
                            {tr(Msg::QueueTitle)} " "
                            <span class="badge" aria-hidden="true">{n.min(99)}{(n > 99).then_some("+")}</span>
                            <span class="visually-hidden">{format!(" ({})", crate::i18n::count(lang, crate::i18n::Counted::QueueItems, n))}</span>
                        </a>
                    </li>
                })}
                <li>
                    <a href="/notifications" class="notifications-link">
                        {tr(Msg::NotificationsTitle)}
                        {(user.unread > 0).then(|| view! {
                            " " <span class="badge" aria-hidden="true">{user.unread.min(99)}{(user.unread > 99).then_some("+")}</span>
                            <span class="visually-hidden">{format!(" ({})", crate::i18n::count(lang, crate::i18n::Counted::Unread, user.unread))}</span>
                        })}
                    </a>
                </li>
                <li class="signed-in">
                    <a href="/account" class="user-name"
                        aria-label=tf(lang, Msg::YourAccountLink, &[("name", &user.display_name)])>
                        {user.display_name.clone()}
                    </a>
                </li>
                <li>
                    <form method="post" action=Logout::url()>
                        <button type="submit" class="link-button">{tr(Msg::LogOut)}</button>
                    </form>
                </li>
            }
            .into_any(),
            None => view! {
                <li><a href=login_href("/login", &here)>{tr(Msg::LogIn)}</a></li>
                <li><a href=login_href("/register", &here)>{tr(Msg::Register)}</a></li>
            }
            .into_any(),
    };
    // The site's own name, tagline and logo (a city's), else Posvet's.
    let look = page_look();
    let tagline = look
        .tagline
        .clone()
        .unwrap_or_else(|| tr(Msg::AppTagline).to_string());
    view! {
        <a class="skip-link" href="#main">{tr(Msg::SkipToContent)}</a>
        <header class="site-header">
            <div class="brand">
                <a href="/">
                    // Decoration: the name beside it says whose site this is.
                    {look.logo.clone().map(|l| view! {
                        <img class="logo" src=l.src alt="" width=l.width height=l.height/>
                    })}
                    {look.name.clone()}
                </a>
                <span class="tagline">{tagline}</span>
            </div>
            <nav aria-label=tr(Msg::MainNavigation)>
                <ul class="nav-list">
                    <li><a href="/">{tr(Msg::Home)}</a></li>
                    <li><a href="/search">{tr(Msg::Search)}</a></li>
                    {account}
                </ul>
            </nav>
            <nav class="lang-switch" aria-label=tr(Msg::Language)>
                <ul>
                    {Lang::ALL.into_iter().map(|l| view! {
                        <li>
                            <a href=format!("/lang/{}?back={back}", l.code()) rel="external" hreflang=l.code()
                                lang=l.code() aria-current=(l == lang).then_some("true")>{l.native_name()}</a>
                        </li>
                    }).collect_view()}
                </ul>
            </nav>
        </header>
    }
}

/// The look of the page being rendered (found before it renders, like the viewer).
pub fn page_look() -> crate::site::SiteLook {
    #[cfg(feature = "ssr")]
    return crate::request::page_look().unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    crate::site::SiteLook::default()
}

fn login_href(page: &str, here: &str) -> String {
    if here.starts_with("/login") || here.starts_with("/register") || here == "/" {
        page.to_string()
    } else {
        format!("{page}?next={}", crate::query::encode(here))
    }
}

#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>{tr(Msg::Footer)}</p>
            <p>{tr(Msg::FooterPrivacy)}</p>
        </footer>
    }
}

/// The page's `<title>` and the description search engines and link previews show.
#[component]
pub fn PageMeta(#[prop(into)] title: String, #[prop(into)] description: String) -> impl IntoView {
    // A page a failed post came back to says so first, as a screen reader announces the title.
    let failed = use_query_map().with_untracked(|q| q.get("__err").is_some());
    let title = match failed {
        true => format!("{}: {title}", tr(Msg::ErrorTitlePrefix)),
        false => title,
    };
    let site = page_look().name;
    view! {
        <leptos_meta::Title text=raw_element_text(format!("{title} — {site}"))/>
        <leptos_meta::Meta name="description" content=description/>
    }
}

/// A page-level error (not found, unavailable, …) in the reader's language.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    error.set_page_status();
    view! {
        <PageMeta title=tr(error.message()) description=tr(Msg::MetaNotFound)/>
        <section class="error-page">
            <h1>{tr(error.message())}</h1>
            <p><a href="/">{tr(Msg::BackHome)}</a></p>
        </section>
    }
}

/// Why a form posted without JavaScript was refused (not signed in, too many attempts, gone,
/// …). Leptos redirects such a post back with the error in the address (`__err`, base64 of
/// the JSON error); field errors are shown by their form instead, from the flash.
#[component]
pub fn RefusalNotice() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let refusal = move || {
        let raw = query.read().get("__err")?;
        let refusal = AppError::from_address(&raw)?;
        (!matches!(refusal, AppError::Validation(_))).then(|| refusal.message())
    };
    move || {
        refusal().map(|msg| {
            view! {
                <div class="error-summary" id=crate::form::ERROR_SUMMARY_ID role="alert" tabindex="-1"
                    aria-labelledby="error-summary-title">
                    <h2 class="error-summary-title" id="error-summary-title">{tr(Msg::ErrorSummaryTitle)}</h2>
                    <p>{tr(msg)}</p>
                    {(msg == Msg::ErrLoginRequired).then(|| view! {
                        <p><a href="/login">{tr(Msg::LogIn)}</a></p>
                    })}
                </div>
            }
        })
    }
}

/// "Previous page · Page 2 of 7 · Next page" under a paged list; `prev`/`next` are the
/// addresses of the neighbouring pages, if there are any.
#[component]
pub fn Pagination(
    page: i64,
    pages: i64,
    prev: Option<String>,
    next: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    let position = tf(
        lang,
        Msg::PageNofM,
        &[("page", &page.to_string()), ("pages", &pages.to_string())],
    );
    // One page (or nothing found) needs no navigation: "page 1 of 1" only adds noise.
    (pages > 1).then(|| {
        view! {
            <nav class="pagination" aria-label=tr(Msg::Pagination)>
                {prev.map(|href| view! { <a href=href rel="prev">{tr(Msg::PreviousPage)}</a> })}
                <span>{position}</span>
                {next.map(|href| view! { <a href=href rel="next">{tr(Msg::NextPage)}</a> })}
            </nav>
        }
    })
}

/// A trail of links from the home page, as a labelled navigation landmark.
#[component]
pub fn Breadcrumbs(items: Vec<(String, String)>) -> impl IntoView {
    let last = items.len().saturating_sub(1);
    view! {
        <nav class="breadcrumbs" aria-label=tr(Msg::Breadcrumbs)>
            <ol>
                <li><a href="/">{tr(Msg::Home)}</a></li>
                {items.into_iter().enumerate().map(|(i, (href, label))| {
                    if i == last {
                        view! { <li><a href=href aria-current="page">{label}</a></li> }.into_any()
                    } else {
                        view! { <li><a href=href>{label}</a></li> }.into_any()
                    }
                }).collect_view()}
            </ol>
        </nav>
    }
}

/// A route parameter of the page, as a closure for its loader.
pub fn param(name: &'static str) -> impl Fn() -> String + Copy {
    let params = use_params_map();
    move || params.read().get(name).unwrap_or_default()
}

/// A query value of the page's address.
pub fn query(name: &'static str) -> impl Fn() -> String + Copy {
    let q = use_query_map();
    move || q.read().get(name).unwrap_or_default()
}

/// A page's loader failed: sign in if that helps, else the error.
pub fn refused(e: AppError, title: Msg) -> AnyView {
    match e {
        AppError::Unauthorized => view! {
            <PageMeta title=tr(title) description=tr(title)/>
            <section class="narrow">
                <h1>{tr(title)}</h1>
                <p><a href="/login">{tr(Msg::LogInToTakePart)}</a></p>
            </section>
        }
        .into_any(),
        e => view! { <ErrorNotice error=e/> }.into_any(),
    }
}

/// A page that shows its loader's data, or why it could not.
pub fn loaded<T, V>(
    data: Resource<Result<T, AppError>>,
    title: Msg,
    show: fn(T) -> V,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => show(d).into_any(),
                    Err(e) => refused(e, title),
                }
            })}
        </Suspense>
    }
}
