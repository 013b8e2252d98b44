//! Building blocks shared by pages: form fields, the page frame, small formatting helpers.

use crate::accounts::server_fns::{Login, Logout, Register};
use crate::accounts::CurrentUser;
use crate::error::AppError;
use crate::form::{error_id, FieldErrorText, FormState};
use crate::i18n::{tf, tr, use_lang, Lang, Msg};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// Account actions and the signed-in person, shared by the header and the account pages so
/// that logging in or out refreshes the header without a reload.
#[derive(Clone, Copy)]
pub struct Auth {
    pub login: ServerAction<Login>,
    pub register: ServerAction<Register>,
    pub logout: ServerAction<Logout>,
    pub me: Resource<Result<Option<CurrentUser>, AppError>>,
}

impl Auth {
    #[allow(clippy::new_without_default)] // creating actions is not a "default"
    pub fn new() -> Auth {
        let login = ServerAction::<Login>::new();
        let register = ServerAction::<Register>::new();
        let logout = ServerAction::<Logout>::new();
        let me = Resource::new(
            move || {
                (
                    login.version().get(),
                    register.version().get(),
                    logout.version().get(),
                )
            },
            |_| crate::accounts::server_fns::me(),
        );
        Auth {
            login,
            register,
            logout,
            me,
        }
    }
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

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
    #[prop(optional)] multiline: bool,
    #[prop(default = 6)] rows: u32,
) -> impl IntoView {
    let id = format!("{form}-{name}");
    let hint_id = format!("{id}-hint");
    let err_id = error_id(form, name);
    let error = state.error(name);
    let described = {
        let hint_id = hint_id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(err_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let invalid = move || error.get().is_some().then_some("true");
    let control = if multiline {
        let value = textarea_text(value);
        view! {
            <textarea id=id.clone() name=name rows=rows aria-describedby=described.clone()
                aria-invalid=invalid>{value}</textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() name=name type=kind value=value autocomplete=autocomplete
                aria-describedby=described aria-invalid=invalid/>
        }
        .into_any()
    };
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id>{tr(label)}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{tr(h)}</p> })}
            {control}
            <FieldErrorText form=form.to_string() field=name state=state/>
        </div>
    }
}

/// Leptos 0.8 writes `<textarea>` children unescaped during SSR, so text containing
/// `</textarea>` could break out of the element. Escape it ourselves on the server; in the
/// browser the text becomes a DOM text node, where escaping would show the entities.
fn textarea_text(value: String) -> String {
    if cfg!(feature = "ssr") {
        value
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    } else {
        value
    }
}

/// Skip link, header with navigation, language switch and account links.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let auth = use_auth();
    let lang = use_lang();
    let location = use_location();
    let back = move || {
        let search = location.search.get();
        let path = location.pathname.get();
        if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        }
    };
    let here = Signal::derive(back);
    view! {
        <a class="skip-link" href="#main">{tr(Msg::SkipToContent)}</a>
        <header class="site-header">
            <div class="brand">
                <A href="/">"Posvet"</A>
                <span class="tagline">{tr(Msg::AppTagline)}</span>
            </div>
            <nav aria-label=tr(Msg::MainNavigation)>
                <ul class="nav-list">
                    <li><A href="/">{tr(Msg::Home)}</A></li>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            match auth.me.await {
                                Ok(Some(user)) => view! {
                                    <li class="signed-in">
                                        <span class="visually-hidden">{tf(use_lang(), Msg::SignedInAs, &[("name", &user.display_name)])}</span>
                                        <span class="user-name" aria-hidden="true">{user.display_name.clone()}</span>
                                    </li>
                                    <li>
                                        <ActionForm action=auth.logout>
                                            <button type="submit" class="link-button">{tr(Msg::LogOut)}</button>
                                        </ActionForm>
                                    </li>
                                }.into_any(),
                                _ => view! {
                                    <li><A href=move || login_href("/login", &here.get())>{tr(Msg::LogIn)}</A></li>
                                    <li><A href=move || login_href("/register", &here.get())>{tr(Msg::Register)}</A></li>
                                }.into_any(),
                            }
                        })}
                    </Transition>
                </ul>
            </nav>
            <nav class="lang-switch" aria-label=tr(Msg::Language)>
                <ul>
                    {Lang::ALL.into_iter().map(|l| {
                        let href = move || format!("/lang/{}?back={}", l.code(), encode(&here.get()));
                        view! {
                            <li>
                                <a href=href rel="external" hreflang=l.code() lang=l.code()
                                    aria-current=(l == lang).then_some("true")>{l.native_name()}</a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </nav>
        </header>
    }
}

fn login_href(page: &str, here: &str) -> String {
    if here.starts_with("/login") || here.starts_with("/register") || here == "/" {
        page.to_string()
    } else {
        format!("{page}?next={}", encode(here))
    }
}

/// Percent-encodes a value for a query string.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
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
    view! {
        <leptos_meta::Title text=format!("{title} — Posvet")/>
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
            <p><A href="/">{tr(Msg::BackHome)}</A></p>
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
                <div class="notice error" role="alert">
                    <p>{tr(msg)}</p>
                    {(msg == Msg::ErrLoginRequired).then(|| view! {
                        <p><A href="/login">{tr(Msg::LogIn)}</A></p>
                    })}
                </div>
            }
        })
    }
}

/// A trail of links from the home page, as a labelled navigation landmark.
#[component]
pub fn Breadcrumbs(items: Vec<(String, String)>) -> impl IntoView {
    let last = items.len().saturating_sub(1);
    view! {
        <nav class="breadcrumbs" aria-label=tr(Msg::Breadcrumbs)>
            <ol>
                <li><A href="/">{tr(Msg::Home)}</A></li>
                {items.into_iter().enumerate().map(|(i, (href, label))| {
                    if i == last {
                        view! { <li><a href=href aria-current="page">{label}</a></li> }.into_any()
                    } else {
                        view! { <li><A href=href>{label}</A></li> }.into_any()
                    }
                }).collect_view()}
            </ol>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_encoded() {
        assert_eq!(
            encode("/consultations/1?sort=top&page=2"),
            "/consultations/1%3Fsort%3Dtop%26page%3D2"
        );
        assert_eq!(encode("č"), "%C4%8D");
    }
}
