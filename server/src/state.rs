//! What every handler of the server finds: the database, the rate limits, the site's address
//! and the OpenID providers; and what pages and server functions find in their Leptos context.

use app::server::db::Db;
use app::server::rate_limit::RateLimits;
use axum::extract::FromRef;
use leptos::prelude::*;

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub limits: RateLimits,
    /// The site's address as people reach it (links in exports, OpenID redirects).
    pub public_url: String,
    /// The OpenID Connect providers people may sign in with.
    pub oidc: app::accounts::oidc::Providers,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// What pages and server functions find in their Leptos context.
pub fn app_context(state: &AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    let (db, limits, oidc) = (state.db.clone(), state.limits.clone(), state.oidc.clone());
    move || {
        provide_context(db.clone());
        provide_context(limits.clone());
        provide_context(oidc.clone());
    }
}
