//! The router: every address Posvet answers and the layers every response passes through
//! (sessions, the page cache, compression, body limits, the origin check, security headers,
//! metrics), and the few small addresses that are not pages (health, language, the look's
//! stylesheet, old links).

use crate::bundle::Bundle;
use crate::config::Config;
use crate::middleware::{check_bodies, find_viewer, same_origin_writes, MAX_BODY_BYTES};
use crate::page_cache::{serve_cached, PageCache};
use crate::seed;
use crate::session_store::DbSessionStore;
use crate::state::{app_context, AppState};
use app::server::csp::content_security_policy;
use app::server::db::{Db, DbError};
use app::server::rate_limit::RateLimits;
use app::{shell, App};
use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, handle_server_fns_with_context, LeptosRoutes};
use std::collections::HashMap;
use std::time::Duration;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// The session cookie's name (the page cache looks for it to tell visitors apart).
pub const SESSION_COOKIE: &str = "posvet_session";

/// Opens the database (migrating, and seeding the demo if empty) and builds the router.
pub async fn build_router(
    config: &Config,
    mut leptos_options: LeptosOptions,
) -> Result<(Router, Db), sqlx::Error> {
    let url = config.prepared_database_url().map_err(sqlx::Error::Io)?;
    let db = Db::connect(&url).await?;
    let as_sqlx = |e: DbError| match e {
        DbError::Unavailable(e) | DbError::Other(e) => e,
        other => sqlx::Error::Protocol(other.to_string()),
    };
    if config.demo && db.is_empty().await.map_err(as_sqlx)? {
        seed::seed_demo(&db).await.map_err(as_sqlx)?;
        tracing::info!("seeded the demo consultation");
    }
    app::server::db::activity::fill_if_missing(&db)
        .await
        .map_err(as_sqlx)?;
    let sessions = SessionManagerLayer::new(DbSessionStore::open(&url).await?)
        .with_name(SESSION_COOKIE)
        .with_same_site(SameSite::Lax)
        .with_http_only(true)
        .with_secure(config.secure_cookies)
        .with_expiry(Expiry::OnInactivity(
            tower_sessions::cookie::time::Duration::days(14),
        ));

    let pkg_dir = format!(
        "{}/{}",
        leptos_options.site_root, leptos_options.site_pkg_dir
    );
    // Pages name the bundle by its fingerprint (see `bundle`); without built files, plainly.
    let bundle = Bundle::for_site(std::path::Path::new(&pkg_dir), &leptos_options.output_name);
    if let Some(bundle) = &bundle {
        leptos_options.output_name = bundle.name().into();
    }
    let limits = RateLimits::new(config.rate_limit, config.trusted_proxies.clone());
    let state = AppState {
        leptos_options: leptos_options.clone(),
        db: db.clone(),
        limits: limits.clone(),
        public_url: config.public_url(),
        oidc: app::accounts::oidc::Providers::new(config.oidc.clone().unwrap_or_default()),
    };
    let routes = route_list();
    let fallback_context = app_context(&state);
    let fallback_options = leptos_options.clone();
    let router = Router::new()
        .route("/api/{*fn_name}", post(server_fn_handler))
        .route("/healthz", get(healthz))
        .route("/communities/{slug}/export", post(crate::exports::download))
        .route(
            "/communities/{slug}/updates.atom",
            get(crate::feeds::updates),
        )
        .route("/account/data.json", get(crate::personal_data::download))
        .route(
            "/consultations/{id}/guest",
            post(crate::participation::take_part),
        )
        .route(
            "/consultations/{id}/about-you",
            post(crate::participation::about_you),
        )
        .route("/surveys/{id}/answers", post(crate::surveys::answers))
        .route("/surveys/{id}/questions", post(crate::surveys::question))
        .route("/surveys/{id}/export", post(crate::surveys::download))
        .route("/auth/{provider}", get(crate::oidc::start))
        .route("/auth/{provider}/callback", get(crate::oidc::callback))
        .route("/lang/{code}", get(set_language))
        .route("/groups/{*rest}", get(moved_to_consultations))
        .route("/robots.txt", get(|| async { "User-agent: *\nAllow: /\n" }))
        .route("/site.css", get(site_stylesheet))
        .route("/feed.css", get(crate::feeds::stylesheet))
        .route("/pkg/{name}", get(crate::bundle::serve).with_state(bundle))
        // Also mounts every server function at its own path, with the same context.
        .leptos_routes_with_context(&state, routes, app_context(&state), {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(move |req: Request| {
            let context = fallback_context.clone();
            let options = fallback_options.clone();
            async move {
                let handler = leptos_axum::render_app_async_with_context(context, move || {
                    shell(options.clone())
                });
                handler(req).await
            }
        })
        // Valid HTML as served (see `html`); inside the page cache, which keeps the result.
        .layer(middleware::from_fn(crate::html::valid_html))
        .layer(middleware::from_fn_with_state(
            state.db.clone(),
            find_viewer,
        ))
        .layer(sessions.clone())
        .layer(middleware::from_fn_with_state(
            PageCache::new(Duration::from_millis(config.page_cache_ms)),
            serve_cached,
        ))
        // Workbooks are zips already; compressing them again would only hide their length.
        .layer(
            CompressionLayer::new()
                .gzip(true)
                .compress_when(DefaultPredicate::new().and(NotForContentType::const_new(
                    "application/vnd.openxmlformats",
                ))),
        )
        // Any body beyond the limit is cut off here (the server function then answers
        // 400); declared lengths and forms are refused up front with a clear message.
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(middleware::from_fn(check_bodies))
        // Added after the body limits, which apply only to the routes above: an upload has
        // a limit of its own. The origin check below covers it like every other write.
        .merge(crate::covers::upload_route().layer(sessions.clone()))
        .merge(crate::pictures::upload_routes().layer(sessions.clone()))
        .merge(crate::pictures::serve_route().layer(sessions.clone()))
        .merge(crate::measures_csv::route().layer(sessions))
        .merge(crate::covers::serve_route())
        // Read-only and sessionless: no cookie is read or set for open data.
        .merge(crate::api::router())
        // A failed post returns to its page once, at the error (see `form_return`).
        .layer(middleware::from_fn(crate::form_return::back_to_the_error))
        .layer(middleware::from_fn({
            let https = config.secure_cookies;
            move |req, next| same_origin_writes(https, req, next)
        }))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&content_security_policy(None)).expect("valid header"),
        ))
        // Outermost: every request is counted and timed, and logs with its id.
        .layer(middleware::from_fn(crate::metrics::record))
        .layer(middleware::from_fn(crate::request_log::with_request_id))
        .with_state(state);
    Ok((router, db))
}

/// The app's routes, worked out once per process. Generating them runs the app with a
/// process-wide "don't load resources" flag set (leptos_server's SuppressResourceLoad), and a
/// page rendering meanwhile on another thread waits forever for its data (leptos#4773).
/// A server builds one router; tests build many side by side, which hit exactly that.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The brand colours of the site's look, after the design system's own stylesheet. Its address
/// carries the look's version (`?v=`), so it may be kept for good.
async fn site_stylesheet(State(state): State<AppState>) -> Response {
    let lang = app::i18n::Lang::default();
    match app::site::service::look(&state.db, lang).await {
        Ok(look) => (
            [
                (header::CONTENT_TYPE, "text/css; charset=utf-8"),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            app::site::rules::stylesheet(&look.colour),
        )
            .into_response(),
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

/// Answers `/api/…` paths that no server function claims (a clear 400).
async fn server_fn_handler(State(state): State<AppState>, req: Request<Body>) -> impl IntoResponse {
    handle_server_fns_with_context(app_context(&state), req).await
}

async fn healthz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

/// `/groups/…` was the old name of `/consultations/…`: links people saved keep working.
async fn moved_to_consultations(uri: axum::http::Uri) -> Response {
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let new = format!("/consultations/{}", path.trim_start_matches("/groups/"));
    Redirect::permanent(&app::accounts::safe_next(Some(&new))).into_response()
}

/// Remembers the chosen language in a cookie and goes back to the page it was chosen on.
/// A plain link, so it works without JavaScript.
async fn set_language(
    Path(code): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let back = app::accounts::safe_next(q.get("back").map(String::as_str));
    let Some(lang) = app::i18n::Lang::from_code(&code) else {
        return (StatusCode::NOT_FOUND, "unknown language").into_response();
    };
    let cookie = format!(
        "lang={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    );
    let mut res = Redirect::to(&back).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}
