use super::server_fns::{
    account_data, page_flash, reset_link_data, ChangeEmail, ChangePassword, ConfirmEmail,
    DeleteAccount, ForgotPassword, Login, Register, ResendConfirmation, ResetPassword, SaveProfile,
    SignOutEverywhere, UnlinkProvider,
};
use super::AccountView;
use crate::form::{FieldErrorText, Flash, FormErrorSummary, FormState};
use crate::i18n::{tf, tr, use_lang, Lang, Msg};
use crate::ui::{loaded, query, Field, PageMeta};
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
        format!("/register?next={}", crate::query::encode(&next))
    };
    let form = after_flash(next, |next, flash| view! { <LoginForm next flash/> });
    let linking = query("notice")() == "link";
    #[cfg(feature = "ssr")]
    let providers = super::oidc::listed();
    #[cfg(not(feature = "ssr"))]
    let providers: Vec<(String, String)> = Vec::new();
    let next_query = if next_param().is_empty() {
        String::new()
    } else {
        format!("?next={}", crate::query::encode(&next_param()))
    };
    let lang = use_lang();
    view! {
        <PageMeta title=tr(Msg::LogInTitle) description=tr(Msg::MetaLogIn)/>
        <section class="narrow">
            <h1>{tr(Msg::LogInTitle)}</h1>
            {linking.then(|| view! { <p class="notice" role="status">{tr(Msg::LinkNotice)}</p> })}
            {form}
            {(!providers.is_empty() && !linking).then(|| view! {
                <h2>{tr(Msg::OrSignInWith)}</h2>
                <ul class="providers">
                    {providers.into_iter().map(|(id, name)| view! {
                        <li>
                            <a class="button" rel="external" href=format!("/auth/{id}{next_query}")>
                                {tf(lang, Msg::SignInWith, &[("name", &name)])}
                            </a>
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <p><a href="/password/forgot">{tr(Msg::ForgotPasswordLink)}</a></p>
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

/// "I forgot my password": asks for the address and says the same whatever it is.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let form = after_flash(String::new(), |_, flash| {
        let state = FormState::new("forgot", flash);
        view! {
            <form method="post" action=ForgotPassword::url() novalidate class="stack">
                <FormErrorSummary state=state.clone()/>
                <Field form="forgot" name="email" label=Msg::Email state=state.clone()
                    kind="email" autocomplete="email" value=state.value("email")/>
                <button type="submit" class="primary">{tr(Msg::SendResetLink)}</button>
            </form>
        }
    });
    view! {
        <PageMeta title=tr(Msg::ForgotPasswordTitle) description=tr(Msg::ForgotPasswordIntro)/>
        <section class="narrow">
            <h1>{tr(Msg::ForgotPasswordTitle)}</h1>
            <p>{tr(Msg::ForgotPasswordIntro)}</p>
            {form}
            <p><a href="/login">{tr(Msg::BackToLogIn)}</a></p>
        </section>
    }
}

/// A new password from a mailed link; a used or expired link says so and offers a new one.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let token = query("token")();
    let data = Resource::new(move || token.clone(), reset_link_data);
    let page = Suspend::new(async move {
        let token = query("token")();
        match data.await {
            Ok((true, flash)) => {
                let state = FormState::new("reset", flash);
                view! {
                    <form method="post" action=ResetPassword::url() novalidate class="stack">
                        <FormErrorSummary state=state.clone()/>
                        <input type="hidden" name="token" value=token/>
                        <Field form="reset" name="password" label=Msg::NewPassword
                            hint=Msg::PasswordHint state=state.clone() kind="password"
                            autocomplete="new-password" value=""/>
                        <button type="submit" class="primary">{tr(Msg::SetNewPassword)}</button>
                    </form>
                }
                .into_any()
            }
            _ => view! {
                <p class="notice error" role="alert">{tr(Msg::ErrLinkInvalid)}</p>
                <p><a href="/password/forgot">{tr(Msg::AskForNewLink)}</a></p>
            }
            .into_any(),
        }
    });
    view! {
        <PageMeta title=tr(Msg::ResetPasswordTitle) description=tr(Msg::ResetPasswordTitle)/>
        <section class="narrow">
            <h1>{tr(Msg::ResetPasswordTitle)}</h1>
            <Suspense fallback=|| ()>{page}</Suspense>
        </section>
    }
}

/// Confirms an address with a button, not on opening the link: mail scanners open links, and
/// must not spend them.
#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let token = query("token")();
    let done = query("notice")() == "confirmed";
    let form = after_flash(token, |token, flash| {
        let state = FormState::new("confirm", flash);
        let done = query("notice")() == "confirmed";
        (!done).then(|| {
            view! {
                <form method="post" action=ConfirmEmail::url() novalidate class="stack">
                    <FormErrorSummary state=state.clone()/>
                    <input type="hidden" name="token" value=token/>
                    <button type="submit" class="primary">{tr(Msg::ConfirmEmailButton)}</button>
                </form>
            }
        })
    });
    view! {
        <PageMeta title=tr(Msg::ConfirmEmailTitle) description=tr(Msg::ConfirmEmailIntro)/>
        <section class="narrow">
            <h1>{tr(Msg::ConfirmEmailTitle)}</h1>
            {(!done).then(|| view! { <p>{tr(Msg::ConfirmEmailIntro)}</p> })}
            {form}
            <p><a href="/account">{tr(Msg::AccountTitle)}</a></p>
        </section>
    }
}

/// The person's own account: profile, address, password, sessions, their data, deletion.
#[component]
pub fn AccountPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| account_data());
    loaded(data, Msg::AccountTitle, |(account, flash)| {
        view! { <Account account flash/> }
    })
}

#[component]
fn Account(account: AccountView, flash: Option<Flash>) -> impl IntoView {
    let lang = use_lang();
    let profile = FormState::new("profile", flash.clone());
    let email = FormState::new("email", flash.clone());
    let password = FormState::new("password", flash.clone());
    let delete = FormState::new("delete", flash.clone());
    let resend = FormState::new("resend", flash.clone());
    let chosen_lang = profile.value_or("lang", account.lang.code().to_string());
    let erase = delete.value("erase");
    let erase_invalid = delete.error("erase").is_some().then_some("true");
    let address = tf(lang, Msg::YourAddress, &[("email", &account.email)]);
    let pending = account
        .pending_email
        .map(|e| tf(lang, Msg::EmailChangePending, &[("email", &e)]));
    let has_password = account.has_password;
    let guest = account.guest;
    let providers = account.providers.clone();
    let unlink = FormState::new("unlink", flash.clone());
    view! {
        <PageMeta title=tr(Msg::AccountTitle) description=tr(Msg::AccountIntro)/>
        <section class="narrow">
            <h1>{tr(Msg::AccountTitle)}</h1>
            <p>{tr(if guest { Msg::GuestAccountStatus } else { Msg::AccountIntro })}</p>
        </section>
        <section class="narrow" aria-labelledby="profile-heading">
            <h2 id="profile-heading">{tr(Msg::ProfileHeading)}</h2>
            <form method="post" action=SaveProfile::url() novalidate class="stack">
                <FormErrorSummary state=profile.clone()/>
                <Field form="profile" name="display_name" label=Msg::DisplayName
                    hint=Msg::DisplayNameHint state=profile.clone() autocomplete="nickname"
                    value=profile.value_or("display_name", account.display_name.clone())/>
                <div class="field">
                    <label for="profile-lang">{tr(Msg::ProfileLanguage)}</label>
                    <select id="profile-lang" name="lang">
                        {Lang::ALL.into_iter().map(|l| view! {
                            <option value=l.code() selected=chosen_lang == l.code()>{l.native_name()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="primary">{tr(Msg::SaveProfile)}</button>
            </form>
            // A guest gets no mail until the account is a full one.
            {(!guest).then(|| view! {
                <p><a href="/notifications#settings-heading">{tr(Msg::NotificationSettingsLink)}</a></p>
            })}
        </section>
        {guest.then(|| view! {
            <div class="narrow">
                <crate::participation::pages::FullAccountForm display_name=account.display_name.clone()
                    flash=flash.clone()/>
            </div>
        })}
        {(!guest).then(|| view! {
        <section class="narrow" aria-labelledby="email-heading">
            <h2 id="email-heading">{tr(Msg::EmailHeading)}</h2>
            <p>{address} " "
                {if account.verified { tr(Msg::EmailIsConfirmed) } else { tr(Msg::EmailNotConfirmed) }}
            </p>
            {(!account.verified).then(|| view! {
                <form method="post" action=ResendConfirmation::url()>
                    <FormErrorSummary state=resend.clone()/>
                    <button type="submit">{tr(Msg::ResendConfirmation)}</button>
                </form>
            })}
            {pending.map(|p| view! { <p>{p}</p> })}
            <form method="post" action=ChangeEmail::url() novalidate class="stack">
                <FormErrorSummary state=email.clone()/>
                <Field form="email" name="email" label=Msg::NewEmail state=email.clone()
                    kind="email" autocomplete="email" value=email.value("email")/>
                {has_password.then(|| view! {
                    <Field form="email" name="password" label=Msg::CurrentPassword state=email.clone()
                        kind="password" autocomplete="current-password" value=""/>
                })}
                <button type="submit">{tr(Msg::ChangeEmail)}</button>
            </form>
        </section>
        {(!providers.is_empty()).then(|| view! {
            <section class="narrow" aria-labelledby="providers-heading">
                <h2 id="providers-heading">{tr(Msg::ProvidersHeading)}</h2>
                <p>{tr(Msg::ProvidersIntro)}</p>
                <FormErrorSummary state=unlink.clone()/>
                <ul class="linked-providers">
                    {providers.iter().map(|(id, name)| view! {
                        <li>
                            <form method="post" action=UnlinkProvider::url()>
                                <input type="hidden" name="provider" value=id.clone()/>
                                <span>{name.clone()}</span> " "
                                <button type="submit">{tf(lang, Msg::UnlinkProvider, &[("name", name)])}</button>
                            </form>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <section class="narrow" aria-labelledby="password-heading">
            <h2 id="password-heading">{tr(Msg::PasswordHeading)}</h2>
            <form method="post" action=ChangePassword::url() novalidate class="stack">
                <FormErrorSummary state=password.clone()/>
                {has_password.then(|| view! {
                    <Field form="password" name="current_password" label=Msg::CurrentPassword
                        state=password.clone() kind="password" autocomplete="current-password" value=""/>
                })}
                <Field form="password" name="new_password" label=Msg::NewPassword
                    hint=Msg::PasswordHint state=password.clone() kind="password"
                    autocomplete="new-password" value=""/>
                <button type="submit">{tr(Msg::ChangePassword)}</button>
            </form>
        </section>
        <section class="narrow" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{tr(Msg::SessionsHeading)}</h2>
            <p>{tr(Msg::SessionsIntro)}</p>
            <form method="post" action=SignOutEverywhere::url()>
                <button type="submit">{tr(Msg::SignOutEverywhere)}</button>
            </form>
        </section>
        })}
        <section class="narrow" aria-labelledby="data-heading">
            <h2 id="data-heading">{tr(Msg::YourDataHeading)}</h2>
            <p>{tr(Msg::YourDataIntro)}</p>
            <p><a class="button" href="/account/data.json" download="posvet-my-data.json" rel="external">
                {tr(Msg::DownloadMyData)}
            </a></p>
        </section>
        <section class="narrow danger-zone" aria-labelledby="delete-heading">
            <h2 id="delete-heading">{tr(Msg::DeleteAccountHeading)}</h2>
            <p>{tr(Msg::DeleteAccountIntro)}</p>
            <form method="post" action=DeleteAccount::url() novalidate class="stack">
                <FormErrorSummary state=delete.clone()/>
                <fieldset aria-invalid=erase_invalid>
                    <legend>{tr(Msg::DeleteWhatIWrote)}</legend>
                    <div class="choice">
                        <input type="radio" id="erase-anonymise" name="erase" value="anonymise"
                            checked=erase == "anonymise"/>
                        <label for="erase-anonymise">{tr(Msg::EraseAnonymise)}</label>
                    </div>
                    <div class="choice">
                        <input type="radio" id="erase-delete" name="erase" value="delete"
                            checked=erase == "delete"/>
                        <label for="erase-delete">{tr(Msg::EraseDelete)}</label>
                    </div>
                    <FieldErrorText form="delete" field="erase" state=delete.clone()/>
                </fieldset>
                {has_password.then(|| view! {
                    <Field form="delete" name="password" label=Msg::CurrentPassword state=delete.clone()
                        kind="password" autocomplete="current-password" value=""/>
                })}
                <button type="submit" class="danger">{tr(Msg::DeleteMyAccount)}</button>
            </form>
        </section>
    }
}
