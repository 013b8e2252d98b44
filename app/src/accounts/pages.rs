use super::server_fns::{page_flash, Login, Register};
use crate::form::{Flash, FormErrorSummary, FormState};
use crate::i18n::{tr, Msg};
use crate::ui::{Field, PageMeta};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

fn next_param() -> String {
    use_query_map()
        .read_untracked()
        .get("next")
        .unwrap_or_default()
}

/// An account page's form, filled in from what its failed post left in the session.
fn after_flash<V>(next: String, form: fn(String, Option<Flash>) -> V) -> impl IntoView
where
    V: IntoView + 'static,
{
    let flash = Resource::new(|| (), |_| page_flash());
    let form = Suspend::new(async move { form(next, flash.await.ok().flatten()) });
    view! { <Suspense fallback=|| ()>{form}</Suspense> }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let next = next_param();
    let register_href = if next.is_empty() {
        "/register".to_string()
    } else {
        format!("/register?next={}", crate::ui::encode(&next))
    };
    let form = after_flash(next, |next, flash| view! { <LoginForm next flash/> });
    view! {
        <PageMeta title=tr(Msg::LogInTitle) description=tr(Msg::MetaLogIn)/>
        <section class="narrow">
            <h1>{tr(Msg::LogInTitle)}</h1>
            {form}
            <p>{tr(Msg::NoAccountYet)} " " <a href=register_href>{tr(Msg::Register)}</a></p>
        </section>
    }
}

/// A mistake comes back with the page, next to its field; a successful sign-in loads the page
/// the person came from.
#[component]
fn LoginForm(next: String, flash: Option<Flash>) -> impl IntoView {
    let state = FormState::new("login", flash);
    view! {
        <form method="post" action=Login::url() novalidate class="stack">
            <FormErrorSummary state=state.clone()/>
            <input type="hidden" name="next" value=next/>
            <Field form="login" name="email" label=Msg::Email state=state.clone()
                kind="email" autocomplete="email" value=state.value("email")/>
            <Field form="login" name="password" label=Msg::Password state=state.clone()
                kind="password" autocomplete="current-password" value=""/>
            <button type="submit" class="primary">{tr(Msg::LogIn)}</button>
        </form>
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let form = after_flash(
        next_param(),
        |next, flash| view! { <RegisterForm next flash/> },
    );
    view! {
        <PageMeta title=tr(Msg::RegisterTitle) description=tr(Msg::MetaRegister)/>
        <section class="narrow">
            <h1>{tr(Msg::RegisterTitle)}</h1>
            {form}
            <p>{tr(Msg::HaveAccount)} " " <a href="/login">{tr(Msg::LogIn)}</a></p>
        </section>
    }
}

#[component]
fn RegisterForm(next: String, flash: Option<Flash>) -> impl IntoView {
    let state = FormState::new("register", flash);
    view! {
        <form method="post" action=Register::url() novalidate class="stack">
            <FormErrorSummary state=state.clone()/>
            <input type="hidden" name="next" value=next/>
            <Field form="register" name="display_name" label=Msg::DisplayName
                hint=Msg::DisplayNameHint state=state.clone() autocomplete="nickname"
                value=state.value("display_name")/>
            <Field form="register" name="email" label=Msg::Email hint=Msg::EmailHint
                state=state.clone() kind="email" autocomplete="email" value=state.value("email")/>
            <Field form="register" name="password" label=Msg::Password
                hint=Msg::PasswordHint state=state.clone() kind="password"
                autocomplete="new-password" value=""/>
            <button type="submit" class="primary">{tr(Msg::Register)}</button>
        </form>
    }
}
