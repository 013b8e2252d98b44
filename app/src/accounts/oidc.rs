//! Signing in through OpenID Connect providers: a city's own (Keycloak, a national eID broker)
//! or a common one. The authorization-code flow with PKCE; the state and the nonce are checked;
//! the ID token's signature, issuer, audience and expiry are checked against the keys named by
//! the provider's discovery document. All of that is the `openidconnect` crate (built on
//! `oauth2`); this module decides which account a verified identity signs in to.
//!
//! An identity signs in to the account it was linked to. A provider account whose verified
//! address is an existing account's is not linked on its word: the person must sign in to
//! that account with its password first (`PendingLink`). Anyone else gets a new account.

use super::rules::{normalize_email, MAX_NAME_CHARS};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::server::db::{self, now_ms, DbError, NewUser};
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreIdToken, CoreIdTokenVerifier, CoreProviderMetadata,
};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet,
    EndpointSet, IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope,
    TokenResponse,
};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A client made from a discovery document: authorization endpoint known, token and userinfo
/// endpoints as the document says.
type DiscoveredClient = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// How long a sign-in may stay at the provider, and a found account wait for its password.
const PENDING_MS: i64 = 10 * 60_000;
/// How long a provider's discovery document and keys are reused before being fetched again
/// (providers rotate their keys).
const METADATA_TTL: Duration = Duration::from_secs(3600);

/// One configured provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderConfig {
    /// In the callback's path (`/auth/ID/callback`) and in the `identities` table.
    pub id: String,
    /// On the login page's button.
    pub name: String,
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Option<String>,
}

struct Provider {
    config: ProviderConfig,
    metadata: tokio::sync::Mutex<Option<(Instant, CoreProviderMetadata)>>,
}

/// The configured providers, shared by every request.
#[derive(Clone)]
pub struct Providers {
    list: Arc<Vec<Provider>>,
    http: openidconnect::reqwest::Client,
}

impl Default for Providers {
    fn default() -> Providers {
        Providers::new(Vec::new())
    }
}

impl Providers {
    pub fn new(configs: Vec<ProviderConfig>) -> Providers {
        let http = openidconnect::reqwest::ClientBuilder::new()
            // A provider's answer must not send the server elsewhere (SSRF).
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .expect("an HTTP client with these settings always builds");
        let list = configs
            .into_iter()
            .map(|config| Provider {
                config,
                metadata: tokio::sync::Mutex::new(None),
            })
            .collect();
        Providers {
            list: Arc::new(list),
            http,
        }
    }

    /// `(id, name)` of each provider, for the login page.
    pub fn listed(&self) -> Vec<(String, String)> {
        self.list
            .iter()
            .map(|p| (p.config.id.clone(), p.config.name.clone()))
            .collect()
    }

    fn get(&self, id: &str) -> Result<&Provider, AppError> {
        self.list
            .iter()
            .find(|p| p.config.id == id)
            .ok_or(AppError::NotFound)
    }

    async fn client(
        &self,
        provider: &Provider,
        base_url: &str,
    ) -> Result<DiscoveredClient, AppError> {
        let metadata = {
            let mut cached = provider.metadata.lock().await;
            match &*cached {
                Some((at, m)) if at.elapsed() < METADATA_TTL => m.clone(),
                _ => {
                    let issuer = IssuerUrl::new(provider.config.issuer.clone()).map_err(|e| {
                        tracing::error!(provider = %provider.config.id, error = %e, "bad issuer URL");
                        unavailable()
                    })?;
                    let m = CoreProviderMetadata::discover_async(issuer, &self.http)
                        .await
                        .map_err(|e| {
                            tracing::warn!(provider = %provider.config.id, error = %e, "discovery failed");
                            unavailable()
                        })?;
                    *cached = Some((Instant::now(), m.clone()));
                    m
                }
            }
        };
        let redirect = format!(
            "{}/auth/{}/callback",
            base_url.trim_end_matches('/'),
            provider.config.id
        );
        let client = CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(provider.config.client_id.clone()),
            provider.config.client_secret.clone().map(ClientSecret::new),
        )
        .set_redirect_uri(RedirectUrl::new(redirect).map_err(|_| AppError::Internal)?);
        Ok(client)
    }
}

fn unavailable() -> AppError {
    AppError::invalid("", Msg::ErrOidcUnavailable)
}

fn failed() -> AppError {
    AppError::invalid("", Msg::ErrOidcFailed)
}

/// What the session keeps while the person is at the provider.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Pending {
    pub provider: String,
    state: String,
    nonce: String,
    verifier: String,
    /// Where to go once signed in (already checked to be on this site).
    pub next: String,
    created_at: i64,
}

/// A verified provider account waiting for the person to sign in to the existing account with
/// its address, which then links it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PendingLink {
    pub provider: String,
    pub provider_name: String,
    subject: String,
    pub email: String,
    /// The account whose address the provider gave: only signing in to it links.
    account: i64,
    created_at: i64,
}

/// Where the provider's answer leads.
pub enum Outcome {
    SignedIn(i64),
    /// An account with the provider's verified address exists: prove it is yours first.
    Link(PendingLink),
}

/// The provider's answer at the callback, as its query string has it.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Callback {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
}

/// The verified identity an ID token carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub subject: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub name: Option<String>,
}

/// Starts a sign-in: the provider's address to send the browser to, and what to keep for the
/// way back.
pub async fn start(
    providers: &Providers,
    id: &str,
    base_url: &str,
    next: &str,
) -> Result<(String, Pending), AppError> {
    let provider = providers.get(id)?;
    let client = providers.client(provider, base_url).await?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("email".into()))
        .add_scope(Scope::new("profile".into()))
        .set_pkce_challenge(challenge)
        .url();
    let pending = Pending {
        provider: id.to_string(),
        state: state.secret().clone(),
        nonce: nonce.secret().clone(),
        verifier: verifier.secret().clone(),
        next: super::safe_next(Some(next)),
        created_at: now_ms(),
    };
    Ok((url.to_string(), pending))
}

/// Checks the ID token (signature, issuer, audience, expiry, nonce) and reads the identity.
pub fn verify(
    token: &CoreIdToken,
    verifier: &CoreIdTokenVerifier<'_>,
    nonce: &str,
) -> Result<Identity, String> {
    let claims = token
        .claims(verifier, &Nonce::new(nonce.to_string()))
        .map_err(|e| e.to_string())?;
    Ok(Identity {
        subject: claims.subject().to_string(),
        email: claims.email().map(|e| normalize_email(e)),
        email_verified: claims.email_verified() == Some(true),
        name: claims
            .name()
            .and_then(|n| n.get(None))
            .map(|n| n.to_string())
            .or_else(|| claims.preferred_username().map(|u| u.to_string())),
    })
}

/// Ends a sign-in at the callback: checks what came back against what was kept, exchanges the
/// code (with the PKCE verifier) and verifies the ID token, then finds or makes the account.
/// Every failure is an error with no session (the caller signs in only on `SignedIn`).
pub async fn finish(
    ctx: &Ctx,
    providers: &Providers,
    id: &str,
    pending: Option<Pending>,
    callback: &Callback,
    base_url: &str,
) -> Result<Outcome, AppError> {
    let pending = pending
        .filter(|p| p.provider == id && now_ms() - p.created_at < PENDING_MS)
        .ok_or_else(failed)?;
    if let Some(error) = &callback.error {
        tracing::info!(
            provider = id,
            error,
            "sign-in not completed at the provider"
        );
        return Err(AppError::invalid(
            "",
            match error.as_str() {
                "access_denied" => Msg::ErrOidcCancelled,
                _ => Msg::ErrOidcFailed,
            },
        ));
    }
    let state_ok = callback
        .state
        .as_deref()
        .is_some_and(|s| constant_time_eq(s.as_bytes(), pending.state.as_bytes()));
    let code = callback.code.clone().filter(|_| state_ok).ok_or_else(|| {
        tracing::warn!(provider = id, "callback with a wrong or missing state");
        failed()
    })?;
    let provider = providers.get(id)?;
    let client = providers.client(provider, base_url).await?;
    let response = client
        .exchange_code(AuthorizationCode::new(code))
        .map_err(|_| unavailable())?
        .set_pkce_verifier(PkceCodeVerifier::new(pending.verifier.clone()))
        .request_async(&providers.http)
        .await
        .map_err(|e| {
            tracing::warn!(provider = id, error = %e, "code exchange refused");
            failed()
        })?;
    let token = response.id_token().ok_or_else(failed)?;
    let identity = verify(token, &client.id_token_verifier(), &pending.nonce).map_err(|e| {
        tracing::warn!(provider = id, error = %e, "ID token refused");
        failed()
    })?;
    account_for(ctx, &provider.config, identity).await
}

/// Compares secrets without an early exit (the time taken tells nothing about the prefix).
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The account a verified identity signs in to; a new one if it has none and its address is
/// nobody's.
pub async fn account_for(
    ctx: &Ctx,
    provider: &ProviderConfig,
    identity: Identity,
) -> Result<Outcome, AppError> {
    let mut c = ctx.db.conn().await?;
    if let Some(user) = db::accounts::identity_user(&mut c, &provider.id, &identity.subject).await?
    {
        return Ok(Outcome::SignedIn(user));
    }
    let email = identity
        .email
        .filter(|e| super::rules::is_plausible_email(e));
    // An address the provider has not verified proves nothing: anyone can type any address
    // into an account at some provider. It is neither linked to nor given to an account.
    let email = email.filter(|_| identity.email_verified);
    let owner = match &email {
        Some(e) => db::accounts::login_record(&mut c, e)
            .await?
            .map(|(id, _)| id),
        None => None,
    };
    if let (Some(email), Some(account)) = (&email, owner) {
        return Ok(Outcome::Link(PendingLink {
            provider: provider.id.clone(),
            provider_name: provider.name.clone(),
            subject: identity.subject,
            email: email.clone(),
            account,
            created_at: now_ms(),
        }));
    }
    // A verified address nobody has becomes the account's (confirmed); without one, the account
    // gets a placeholder that receives no mail and can be changed on the account page.
    let (address, real) = match email {
        Some(e) => (e, true),
        None => (placeholder_address(&provider.id, &identity.subject), false),
    };
    let name: String = identity
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .or_else(|| address.split('@').next().filter(|_| real))
        .unwrap_or(crate::i18n::t(ctx.lang, Msg::NewParticipantName))
        .chars()
        .take(MAX_NAME_CHARS)
        .collect();
    let mut tx = db::begin(&mut c).await?;
    let user = NewUser {
        email: &address,
        display_name: &name,
        password_hash: None,
    };
    let id = match db::accounts::create_user(&mut tx, user).await {
        // Someone took the address or the identity meanwhile: a retry finds it.
        Err(DbError::Unique) => {
            tx.rollback().await?;
            return Err(failed());
        }
        other => other?,
    };
    db::accounts::add_identity(&mut tx, &provider.id, &identity.subject, id).await?;
    let mode = if real { "instant" } else { "off" };
    db::notifications::save_settings(&mut tx, id, mode, ctx.lang.code(), None).await?;
    if real {
        db::accounts::confirm_email(&mut tx, id, None, now_ms()).await?;
    }
    tx.commit().await?;
    Ok(Outcome::SignedIn(id))
}

fn placeholder_address(provider: &str, subject: &str) -> String {
    let hash = super::links::token_hash(&format!("{provider}:{subject}"));
    format!("{provider}-{}@oidc.invalid", &hash[..16])
}

/// Links a provider account to the account the person has just signed in to with its
/// password, if that is the account whose address the provider gave (someone else signing in
/// on the same browser links nothing). A link older than ten minutes is dropped.
pub async fn link(ctx: &Ctx, pending: PendingLink) -> Result<bool, AppError> {
    let me = ctx.actor.user_id.ok_or(AppError::Unauthorized)?;
    if now_ms() - pending.created_at >= PENDING_MS || pending.account != me {
        return Ok(false);
    }
    let mut tx = ctx.db.begin().await?;
    match db::accounts::add_identity(&mut tx, &pending.provider, &pending.subject, me).await {
        // Linked already (to this account or, by a race, another): nothing to do.
        Err(DbError::Unique) => {
            tx.rollback().await?;
            return Ok(false);
        }
        other => other?,
    }
    tx.commit().await?;
    Ok(true)
}

/// Providers from the environment: `POSVET_OIDC_PROVIDERS=city,google` and, for each id,
/// `POSVET_OIDC_<ID>_ISSUER`, `_CLIENT_ID`, `_CLIENT_SECRET` and `_NAME`. The ids `google` and
/// `microsoft` are presets that know their issuer and name (`microsoft` needs
/// `POSVET_OIDC_MICROSOFT_TENANT`). A provider missing its issuer or client id stops the
/// server from starting rather than showing a button that cannot work.
pub fn configs_from_env(
    var: impl Fn(&str) -> Option<String>,
) -> Result<Vec<ProviderConfig>, String> {
    let Some(ids) = var("POSVET_OIDC_PROVIDERS") else {
        return Ok(Vec::new());
    };
    let mut configs = Vec::new();
    for id in ids.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        if !id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(format!("OpenID provider id {id:?}: use a-z, 0-9 and -"));
        }
        let key = |k: &str| {
            var(&format!(
                "POSVET_OIDC_{}_{k}",
                id.to_uppercase().replace('-', "_")
            ))
        };
        let (preset_issuer, preset_name) = match id {
            "google" => (Some("https://accounts.google.com".to_string()), "Google"),
            "microsoft" => (
                key("TENANT").map(|t| format!("https://login.microsoftonline.com/{t}/v2.0")),
                "Microsoft",
            ),
            _ => (None, id),
        };
        let issuer = key("ISSUER").or(preset_issuer).ok_or_else(|| {
            format!(
                "OpenID provider {id}: set POSVET_OIDC_{}_ISSUER",
                id.to_uppercase()
            )
        })?;
        let client_id = key("CLIENT_ID").ok_or_else(|| {
            format!(
                "OpenID provider {id}: set POSVET_OIDC_{}_CLIENT_ID",
                id.to_uppercase()
            )
        })?;
        configs.push(ProviderConfig {
            id: id.to_string(),
            name: key("NAME").unwrap_or_else(|| preset_name.to_string()),
            issuer,
            client_id,
            client_secret: key("CLIENT_SECRET"),
        });
    }
    Ok(configs)
}

/// The providers of the page being rendered (the server provides them as context).
pub fn listed() -> Vec<(String, String)> {
    leptos::prelude::use_context::<Providers>()
        .map(|p| p.listed())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
