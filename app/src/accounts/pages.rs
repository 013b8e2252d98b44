use super::server_fns::page_flash;
use crate::form::{FormErrorSummary, FormState};
use crate::i18n::{tr, Msg};
use crate::ui::{use_auth, Field, PageMeta};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

fn next_param() -> String {
    use_query_map()
        .read_untracked()
        .get("next")
        .unwrap_or_default()
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let auth = use_auth();
    let flash = Resource::new(|| (), |_| page_flash());
    let next = next_param();
    let register_href = if next.is_empty() {
        "/register".to_string()
    } else {
        format!("/register?next={}", crate::ui::encode(&next))
    };
    view! {
        <PageMeta title=tr(Msg::LogInTitle) description=tr(Msg::MetaLogIn)/>
        <section class="narrow">
            <h1>{tr(Msg::LogInTitle)}</h1>
            <Suspense fallback=|| ()>
                {move || {
                    let next = next.clone();
                    Suspend::new(async move {
                        let flash = flash.await.ok().flatten();
                        let state = FormState::new("login", flash, crate::form::outcome(auth.login));
                        view! {
                            <ActionForm action=auth.login attr:novalidate=true attr:class="stack">
                                <FormErrorSummary state=state/>
                                <input type="hidden" name="next" value=next/>
                                <Field form="login" name="email" label=Msg::Email state=state
                                    kind="email" autocomplete="email" value=state.value("email")/>
                                <Field form="login" name="password" label=Msg::Password state=state
                                    kind="password" autocomplete="current-password" value=""/>
                                <button type="submit" class="primary">{tr(Msg::LogIn)}</button>
                            </ActionForm>
                        }
                    })
                }}
            </Suspense>
            <p>{tr(Msg::NoAccountYet)} " " <A href=register_href>{tr(Msg::Register)}</A></p>
        </section>
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let auth = use_auth();
    let flash = Resource::new(|| (), |_| page_flash());
    let next = next_param();
    view! {
        <PageMeta title=tr(Msg::RegisterTitle) description=tr(Msg::MetaRegister)/>
        <section class="narrow">
            <h1>{tr(Msg::RegisterTitle)}</h1>
            <Suspense fallback=|| ()>
                {move || {
                    let next = next.clone();
                    Suspend::new(async move {
                        let flash = flash.await.ok().flatten();
                        let state = FormState::new("register", flash, crate::form::outcome(auth.register));
                        view! {
                            <ActionForm action=auth.register attr:novalidate=true attr:class="stack">
                                <FormErrorSummary state=state/>
                                <input type="hidden" name="next" value=next/>
                                <Field form="register" name="display_name" label=Msg::DisplayName
                                    hint=Msg::DisplayNameHint state=state autocomplete="nickname"
                                    value=state.value("display_name")/>
                                <Field form="register" name="email" label=Msg::Email hint=Msg::EmailHint
                                    state=state kind="email" autocomplete="email" value=state.value("email")/>
                                <Field form="register" name="password" label=Msg::Password
                                    hint=Msg::PasswordHint state=state kind="password"
                                    autocomplete="new-password" value=""/>
                                <button type="submit" class="primary">{tr(Msg::Register)}</button>
                            </ActionForm>
                        }
                    })
                }}
            </Suspense>
            <p>{tr(Msg::HaveAccount)} " " <A href="/login">{tr(Msg::LogIn)}</A></p>
        </section>
    }
}
