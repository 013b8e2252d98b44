//! Drives the whole router in-process (`oneshot`) the way a browser would.
#![allow(dead_code, unused_imports)]

use app::accounts::server_fns::{Login, Register};
use app::ideas::server_fns::CreateIdea;
use axum::body::Body;
use axum::Router;
use http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use leptos::server_fn::ServerFn;
use server::config::Config;
use server::router::build_router;
use tower::ServiceExt;

/// The settings of a test server on `url`: the demo, rate limits and the page cache on.
pub fn config(url: &str) -> Config {
    Config {
        database_url: url.to_string(),
        demo: true,
        secure_cookies: false,
        rate_limit: true,
        page_cache_ms: 1000,
        trusted_proxies: Vec::new(),
        mail: None,
        metrics_addr: None,
        guest_days: 30,
        time_zone: app::time::DEFAULT_TIME_ZONE.into(),
        oidc: Ok(Vec::new()),
    }
}

/// The whole router on `url`, serving the built site's files.
pub async fn app(url: &str) -> Router {
    app_with_site(url, "target/site").await
}

/// The whole router on `url`, serving the files under `site_root`.
pub async fn app_with_site(url: &str, site_root: &str) -> Router {
    let options = LeptosOptions::builder()
        .output_name("posvet")
        .site_root(site_root)
        .build();
    build_router(&config(url), options).await.expect("router").0
}

pub struct Reply {
    pub status: StatusCode,
    pub location: String,
    pub cookie: Option<String>,
    pub csp: String,
    pub body: String,
}

pub async fn send(app: &Router, req: Request<Body>) -> Reply {
    let what = format!("{} {}", req.method(), req.uri());
    let res = tokio::time::timeout(std::time::Duration::from_secs(20), app.clone().oneshot(req))
        .await
        .unwrap_or_else(|_| panic!("no answer to {what} in 20 s"))
        .expect("response");
    let status = res.status();
    let location = res
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let cookie = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("posvet_session="))
        .map(|c| c.split(';').next().unwrap().to_string());
    let csp = res
        .headers()
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let bytes = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        res.into_body().collect(),
    )
    .await
    .unwrap_or_else(|_| panic!("the body of {what} did not end in 20 s"))
    .expect("body")
    .to_bytes();
    Reply {
        status,
        location,
        cookie,
        csp,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

pub fn get(path: &str, cookie: Option<&str>) -> Request<Body> {
    let mut b = Request::get(path)
        .header(header::HOST, "localhost")
        .header(header::ACCEPT, "text/html");
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    b.body(Body::empty()).unwrap()
}

/// A form post as a browser without JavaScript sends it, from the page `from`.
pub fn form(
    path: &str,
    from: &str,
    fields: &[(&str, &str)],
    cookie: Option<&str>,
) -> Request<Body> {
    let body = fields
        .iter()
        .map(|(k, v)| format!("{k}={}", app::query::encode(v).replace('/', "%2F")))
        .collect::<Vec<_>>()
        .join("&");
    let mut b = Request::post(path)
        .header(header::HOST, "localhost")
        .header(header::ORIGIN, "http://localhost")
        .header(header::REFERER, format!("http://localhost{from}"))
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    b.body(Body::from(body)).unwrap()
}

pub fn path_of(location: &str) -> String {
    location.trim_start_matches("http://localhost").to_string()
}

/// The page a redirect leads to, without the notice or error it carries.
pub fn page_of(location: &str) -> String {
    let path = path_of(location);
    let end = path.find(['?', '#']).unwrap_or(path.len());
    path[..end].to_string()
}

/// The id of the idea a redirect leads to (`/ideas/12?notice=…`).
pub fn idea_of(location: &str) -> i64 {
    let page = page_of(location);
    page.trim_start_matches("/ideas/")
        .parse()
        .unwrap_or_else(|_| panic!("not an idea's page: {location}"))
}

/// Registers a person through the no-JS form; returns their session cookie.
pub async fn register(app: &Router, email: &str, name: &str) -> String {
    let r = send(
        app,
        form(
            Register::PATH,
            "/register",
            &[
                ("email", email),
                ("display_name", name),
                ("password", "correct horse battery"),
                ("next", ""),
            ],
            None,
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::FOUND, "{}", r.body);
    // Home, saying the account is made and a confirmation mail is on its way.
    assert_eq!(r.location, "/?notice=registered#notice");
    r.cookie.expect("a session cookie after registration")
}

pub use app::testing::first_consultation;

/// Logs in as the demo community's administrator through the no-JS form; returns the session
/// cookie.
pub async fn log_in_as_admin(app: &Router) -> String {
    let fields = [
        ("email", server::seed::DEMO_ADMIN_EMAIL),
        ("password", server::seed::DEMO_PASSWORD),
        ("next", ""),
    ];
    let r = send(app, form(Login::PATH, "/login", &fields, None)).await;
    assert_eq!(r.status, StatusCode::FOUND, "{}", r.body);
    r.cookie.expect("a session")
}

/// Posts a new idea to consultation `consultation` the way the no-JS form on `/consultations/{consultation}/new` does.
pub async fn post_idea(
    app: &Router,
    consultation: i64,
    title: &str,
    body: &str,
    cookie: &str,
) -> Reply {
    let from = format!("/consultations/{consultation}/new");
    let fields = [
        ("consultation_id", consultation.to_string()),
        ("title", title.to_string()),
        ("body", body.to_string()),
        ("category", String::new()),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    send(app, form(CreateIdea::PATH, &from, &fields, Some(cookie))).await
}
