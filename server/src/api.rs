//! The open-data API under `/api/v1/`: read-only JSON of public content for anyone (CORS for
//! GET), paged with cursors, each answer with an ETag (a repeat with `If-None-Match` gets 304)
//! and, for an idea, `Last-Modified`; the OpenAPI document at `/api/v1/openapi.json` is
//! generated from these handlers and `app::open_data`'s types. Server functions live at
//! `/api/<name><hash>`, which no path here can take: theirs have no `v1/` segment.

use crate::extract::Peer;
use crate::state::AppState;
use app::ctx::Ctx;
use app::error::AppError;
use app::i18n::{t, Lang, Msg};
use app::lang::lang_from_headers;
use app::open_data::{self, rules::paging, service};
use app::server::rate_limit::Limit;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Serialize;
use sha2::{Digest, Sha256};
use tower_http::cors::{Any, CorsLayer};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Posvet open data",
        version = "1",
        description = "Public content of this Posvet site: communities, consultations, ideas with their votes and official answers, arguments, comments, and the city's measures with their indicators, readings and progress updates. Hidden content and authors are never included. Lists are paged: pass a page's `next_cursor` as `cursor` for the next one."
    ),
    paths(
        communities,
        community,
        consultation,
        ideas,
        idea,
        arguments,
        comments,
        measures,
        measure,
        opinion_groups,
        survey_results
    )
)]
struct ApiDoc;

/// The API's routes, with CORS for reading from any site.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi))
        .route("/api/v1/communities", get(communities))
        .route("/api/v1/communities/{slug}", get(community))
        .route("/api/v1/communities/{slug}/measures", get(measures))
        .route("/api/v1/measures/{id}", get(measure))
        .route("/api/v1/consultations/{id}", get(consultation))
        .route("/api/v1/consultations/{id}/ideas", get(ideas))
        .route(
            "/api/v1/consultations/{id}/opinion-groups",
            get(opinion_groups),
        )
        .route("/api/v1/surveys/{id}/results", get(survey_results))
        .route("/api/v1/ideas/{id}", get(idea))
        .route("/api/v1/ideas/{id}/arguments", get(arguments))
        .route("/api/v1/ideas/{id}/comments", get(comments))
        .layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_methods([Method::GET, Method::HEAD])
                .allow_headers([header::IF_NONE_MATCH])
                .expose_headers([header::ETAG, header::LAST_MODIFIED]),
        )
        .layer(tower_http::compression::CompressionLayer::new().gzip(true))
}

async fn openapi() -> Response {
    match ApiDoc::openapi().to_json() {
        Ok(json) => ([(header::CONTENT_TYPE, "application/json")], json).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// `cursor` and `limit` as sent; checked by `open_data::rules::paging`, so that a bad value
/// gets this API's JSON error rather than the framework's text.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // Describes the parameters in the document; `RawPage` reads them.
struct PageParams {
    /// The `next_cursor` of the page before; absent for the first page.
    #[param(pattern = "^[1-9][0-9]{0,17}$")]
    cursor: Option<String>,
    /// Items per page, 1 to 100 (50 if absent).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
}

/// `cursor` and `limit` from the query string as sent; a name given twice, or text that is
/// not UTF-8, is a bad request (JSON, like every other mistake). Other names are ignored.
fn page(raw: &Option<String>) -> Result<open_data::rules::Paging, AppError> {
    let (mut cursor, mut limit) = (None, None);
    for pair in raw
        .as_deref()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let slot = match name {
            "cursor" => &mut cursor,
            "limit" => &mut limit,
            _ => continue,
        };
        let value = percent_encoding::percent_decode_str(&value.replace('+', " "))
            .decode_utf8()
            .map_err(|_| AppError::BadRequest)?
            .into_owned();
        if slot.replace(value).is_some() {
            return Err(AppError::BadRequest);
        }
    }
    paging(cursor.as_deref(), limit.as_deref())
}

/// What every handler needs: the reader's language, a context, the site's address.
struct Call {
    ctx: Ctx,
    base: String,
    headers: HeaderMap,
}

/// Checks the rate limit and builds the call; a refusal comes with the reader's language.
fn call(state: &AppState, peer: Peer, headers: HeaderMap) -> Result<Call, (Lang, AppError)> {
    let lang = lang_from_headers(&headers);
    if !peer.may(state, Limit::Api) {
        return Err((lang, AppError::RateLimited));
    }
    Ok(Call {
        ctx: Ctx::anonymous(state.db.clone(), lang),
        base: state.public_url.clone(),
        headers,
    })
}

/// What every handler does around its read: the rate limit, then `read` (the value, and
/// when it last changed if that is known), then the JSON answer or the error.
async fn answer<T: Serialize>(
    state: &AppState,
    peer: Peer,
    headers: HeaderMap,
    read: impl AsyncFnOnce(&Call) -> Result<(T, Option<i64>), AppError>,
) -> Response {
    let call = match call(state, peer, headers) {
        Ok(c) => c,
        Err((lang, e)) => return error(lang, e),
    };
    match read(&call).await {
        Ok((value, modified)) => respond(&call, &value, modified),
        Err(e) => error(call.ctx.lang, e),
    }
}

/// A JSON answer with its validators, or 304 when the client has this version already.
fn respond<T: Serialize>(call: &Call, value: &T, modified: Option<i64>) -> Response {
    let Ok(body) = serde_json::to_vec(value) else {
        return error(call.ctx.lang, AppError::Internal);
    };
    let digest = Sha256::digest(&body);
    let etag = format!(
        "\"{}\"",
        digest[..16]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let fresh = call
        .headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim().trim_start_matches("W/") == etag || t.trim() == "*")
        });
    let mut res = match fresh {
        true => StatusCode::NOT_MODIFIED.into_response(),
        false => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
    };
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    if let Some(v) = modified.and_then(http_date) {
        h.insert(header::LAST_MODIFIED, v);
    }
    // Public content: shared caches may keep it briefly, then revalidate with the ETag.
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=10"),
    );
    res
}

/// "Tue, 24 Nov 2026 17:05:00 GMT".
fn http_date(unix_ms: i64) -> Option<HeaderValue> {
    let ts = jiff::Timestamp::from_millisecond(unix_ms).ok()?;
    let text = ts.strftime("%a, %d %b %Y %H:%M:%S GMT").to_string();
    HeaderValue::from_str(&text).ok()
}

fn error(lang: Lang, e: AppError) -> Response {
    let (status, code, msg) = match e {
        AppError::NotFound => (StatusCode::NOT_FOUND, "not_found", Msg::ApiNotFound),
        AppError::BadRequest | AppError::Validation(_) => {
            (StatusCode::BAD_REQUEST, "bad_request", Msg::ApiBadRequest)
        }
        AppError::RateLimited => (
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            Msg::ErrRateLimited,
        ),
        AppError::Unavailable => (
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            Msg::ApiUnavailable,
        ),
        _ => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            Msg::ApiUnavailable,
        ),
    };
    let body = open_data::ApiError {
        error: code.into(),
        message: t(lang, msg).into(),
    };
    (status, axum::Json(body)).into_response()
}

/// A numeric id from the path; anything else names nothing.
fn id(s: &str) -> Result<i64, AppError> {
    s.parse::<i64>().map_err(|_| AppError::NotFound)
}

/// Communities, in the order they were created.
#[utoipa::path(get, path = "/api/v1/communities", params(PageParams),
    responses(
        (status = 200, body = open_data::CommunityPage),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 400, body = open_data::ApiError),
        (status = 429, body = open_data::ApiError),
    ))]
async fn communities(
    State(s): State<AppState>,
    peer: Peer,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    answer(&s, peer, headers, async |c| {
        Ok((
            service::communities(&c.ctx, page(&q)?, &c.base).await?,
            None,
        ))
    })
    .await
}

/// A community with its consultations.
#[utoipa::path(get, path = "/api/v1/communities/{slug}",
    params(("slug" = String, Path, description = "The community's slug")),
    responses(
        (status = 200, body = open_data::CommunityDetail),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 404, body = open_data::ApiError),
        (status = 429, body = open_data::ApiError),
    ))]
async fn community(
    State(s): State<AppState>,
    peer: Peer,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Response {
    answer(&s, peer, headers, async |c| {
        Ok((
            service::community_detail(&c.ctx, &slug, &c.base).await?,
            None,
        ))
    })
    .await
}

/// A consultation: its phase, dates and categories.
#[utoipa::path(get, path = "/api/v1/consultations/{id}",
    params(("id" = i64, Path, description = "The consultation's id")),
    responses(
        (status = 200, body = open_data::Consultation),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 404, body = open_data::ApiError),
        (status = 429, body = open_data::ApiError),
    ))]
async fn consultation(
    State(s): State<AppState>,
    peer: Peer,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> Response {
    answer(&s, peer, headers, async |c| {
        Ok((
            service::consultation_detail(&c.ctx, id(&raw)?, &c.base).await?,
            None,
        ))
    })
    .await
}

/// A consultation's public ideas, oldest first, with counts and official answers.
#[utoipa::path(get, path = "/api/v1/consultations/{id}/ideas",
    params(("id" = i64, Path, description = "The consultation's id"), PageParams),
    responses(
        (status = 200, body = open_data::IdeaPage),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 400, body = open_data::ApiError),
        (status = 404, body = open_data::ApiError),
        (status = 429, body = open_data::ApiError),
    ))]
async fn ideas(
    State(s): State<AppState>,
    peer: Peer,
    headers: HeaderMap,
    Path(raw): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    answer(&s, peer, headers, async |c| {
        Ok((
            service::ideas(&c.ctx, id(&raw)?, page(&q)?, &c.base).await?,
            None,
        ))
    })
    .await
}

/// A consultation's opinion groups: how many people each has and how each voted on each
/// public idea (per group, and only where five or more of it voted); never who is in which.
#[utoipa::path(get, path = "/api/v1/consultations/{id}/opinion-groups",
    params(("id" = i64, Path, description = "The consultation's id")),
    responses(
        (status = 200, body = open_data::OpinionGroups),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 404, body = open_data::ApiError),
        (status = 429, body = open_data::ApiError),
    ))]
async fn opinion_groups(
    State(s): State<AppState>,
    peer: Peer,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> Response {
    answer(&s, peer, headers, async |c| {
        Ok((service::opinion_groups(&c.ctx, id(&raw)?).await?, None))
    })
    .await
}

/// A survey's results, where they are public.
#[utoipa::path(get, path = "/api/v1/surveys/{id}/results",
    params(("id" = i64, Path, description = "The survey's id")),
    responses(
        (status = 200, body = open_data::SurveyResults),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 404, body = open_data::ApiError),
        (status = 429, body = open_data::ApiError),
    ))]
async fn survey_results(
    State(s): State<AppState>,
    peer: Peer,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> Response {
    answer(&s, peer, headers, async |c| {
        Ok((service::survey_results(&c.ctx, id(&raw)?).await?, None))
    })
    .await
}

/// A public idea. `Last-Modified` is its last edit or official answer; its counts change
/// without it (the ETag covers them).
#[utoipa::path(get, path = "/api/v1/ideas/{id}",
    params(("id" = i64, Path, description = "The idea's id")),
    responses(
        (status = 200, body = open_data::Idea),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 404, body = open_data::ApiError),
        (status = 429, body = open_data::ApiError),
    ))]
async fn idea(
    State(s): State<AppState>,
    peer: Peer,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> Response {
    answer(&s, peer, headers, async |c| {
        let (idea, changed) = service::idea(&c.ctx, id(&raw)?, &c.base).await?;
        Ok((idea, Some(changed)))
    })
    .await
}

/// A public idea's public arguments, oldest first.
#[utoipa::path(get, path = "/api/v1/ideas/{id}/arguments",
    params(("id" = i64, Path, description = "The idea's id"), PageParams),
    responses(
        (status = 200, body = open_data::ArgumentPage),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 400, body = open_data::ApiError),
        (status = 404, body = open_data::ApiError),
        (status = 429, body = open_data::ApiError),
    ))]
async fn arguments(
    State(s): State<AppState>,
    peer: Peer,
    headers: HeaderMap,
    Path(raw): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    answer(&s, peer, headers, async |c| {
        Ok((
            service::arguments(&c.ctx, id(&raw)?, page(&q)?).await?,
            None,
        ))
    })
    .await
}

/// A public idea's public comments, oldest first.
#[utoipa::path(get, path = "/api/v1/ideas/{id}/comments",
    params(("id" = i64, Path, description = "The idea's id"), PageParams),
    responses(
        (status = 200, body = open_data::CommentPage),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 400, body = open_data::ApiError),
        (status = 404, body = open_data::ApiError),
        (status = 429, body = open_data::ApiError),
    ))]
async fn comments(
    State(s): State<AppState>,
    peer: Peer,
    headers: HeaderMap,
    Path(raw): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    answer(&s, peer, headers, async |c| {
        Ok((service::comments(&c.ctx, id(&raw)?, page(&q)?).await?, None))
    })
    .await
}

/// A community's public measures: status, progress, indicators with readings, updates, and
/// the ideas each came from.
#[utoipa::path(get, path = "/api/v1/communities/{slug}/measures",
    params(("slug" = String, Path, description = "The community's slug")),
    responses(
        (status = 200, body = open_data::MeasureList),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 404, body = open_data::ApiError),
        (status = 429, body = open_data::ApiError),
    ))]
async fn measures(
    State(s): State<AppState>,
    peer: Peer,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Response {
    answer(&s, peer, headers, async |c| {
        Ok((service::measures(&c.ctx, &slug, &c.base).await?, None))
    })
    .await
}

/// A public measure (its id is also an idea's: votes, arguments and comments are there).
#[utoipa::path(get, path = "/api/v1/measures/{id}",
    params(("id" = i64, Path, description = "The measure's id")),
    responses(
        (status = 200, body = open_data::Measure),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 404, body = open_data::ApiError),
        (status = 429, body = open_data::ApiError),
    ))]
async fn measure(
    State(s): State<AppState>,
    peer: Peer,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> Response {
    answer(&s, peer, headers, async |c| {
        Ok((service::measure(&c.ctx, id(&raw)?, &c.base).await?, None))
    })
    .await
}
