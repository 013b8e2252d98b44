//! The open-data API through the HTTP application on the demo consultation, both back-ends:
//! cursor paging visits every public idea once, hidden content is not found, ETags give 304,
//! CORS lets any site read, bad paging is a JSON 400, and no e-mail address or author appears.
//! (The schema itself is checked against the running server by schemathesis, `make test`.)

mod client;

use app::both_backends;
use app::server::Db;
use axum::body::Body;
use axum::Router;
use http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

struct Answer {
    status: StatusCode,
    headers: http::HeaderMap,
    json: Value,
}

async fn api(app: &Router, path: &str, extra: &[(&str, &str)]) -> Answer {
    let mut req = Request::get(path)
        .header(header::HOST, "localhost")
        .header(header::ORIGIN, "https://data.example");
    for (k, v) in extra {
        req = req.header(*k, *v);
    }
    let res = app
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let (parts, body) = res.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("@example"), "an e-mail address in {path}");
    assert!(!text.contains("\"author"), "an author in {path}");
    Answer {
        status: parts.status,
        headers: parts.headers,
        json: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    }
}

both_backends!(
    open_data_pages_through_public_content,
    |db: Db, url: String| async move {
        let app = client::app(&url).await;

        let doc = api(&app, "/api/v1/openapi.json", &[]).await;
        assert_eq!(doc.status, StatusCode::OK);
        assert!(doc.json["openapi"].as_str().unwrap().starts_with("3."));
        assert!(doc.json["paths"]["/api/v1/ideas/{id}"]["get"].is_object());

        let list = api(&app, "/api/v1/communities", &[]).await;
        assert_eq!(list.status, StatusCode::OK);
        assert_eq!(list.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
        let slug = list.json["items"][0]["slug"].as_str().unwrap().to_string();
        let community = api(&app, &format!("/api/v1/communities/{slug}"), &[]).await;
        let consultation = community.json["consultations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|g| g["format"] == "ideas")
            .max_by_key(|g| g["idea_count"].as_i64())
            .unwrap()
            .clone();
        let (id, total) = (
            consultation["id"].as_i64().unwrap(),
            consultation["idea_count"].as_i64().unwrap(),
        );
        assert!(total >= 3, "the demo has ideas to page through");

        // Two at a time to the end: every public idea once, in id order.
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let path = match &cursor {
                Some(c) => format!("/api/v1/consultations/{id}/ideas?limit=2&cursor={c}"),
                None => format!("/api/v1/consultations/{id}/ideas?limit=2"),
            };
            let page = api(&app, &path, &[]).await;
            assert_eq!(page.status, StatusCode::OK);
            for idea in page.json["items"].as_array().unwrap() {
                seen.push(idea["id"].as_i64().unwrap());
            }
            match page.json["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_string()),
                None => break,
            }
        }
        assert_eq!(seen.len() as i64, total);
        assert!(seen.windows(2).all(|w| w[0] < w[1]));

        // An idea: an ETag, a repeat answered 304, and a Last-Modified date.
        let idea = seen[0];
        let one = api(&app, &format!("/api/v1/ideas/{idea}"), &[]).await;
        assert_eq!(one.status, StatusCode::OK);
        assert!(one.json["status_history"].is_array());
        assert!(one.json["url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/ideas/{idea}")));
        let etag = one.headers[header::ETAG].to_str().unwrap().to_string();
        assert!(one.headers[header::LAST_MODIFIED]
            .to_str()
            .unwrap()
            .ends_with(" GMT"));
        let again = api(
            &app,
            &format!("/api/v1/ideas/{idea}"),
            &[("if-none-match", &etag)],
        )
        .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED);

        // Hidden: gone from the list and not found, with its arguments.
        sqlx::query("UPDATE ideas SET hidden = 1 WHERE id = $1")
            .bind(idea)
            .execute(&db.pool)
            .await
            .unwrap();
        let gone = api(&app, &format!("/api/v1/ideas/{idea}"), &[]).await;
        assert_eq!(gone.status, StatusCode::NOT_FOUND);
        assert_eq!(gone.json["error"], "not_found");
        let args = api(&app, &format!("/api/v1/ideas/{idea}/arguments"), &[]).await;
        assert_eq!(args.status, StatusCode::NOT_FOUND);
        let first = api(
            &app,
            &format!("/api/v1/consultations/{id}/ideas?limit=100"),
            &[],
        )
        .await;
        assert_eq!(
            first.json["items"].as_array().unwrap().len() as i64,
            total - 1
        );
        // The ETag of the list changed with its content.
        let changed = api(
            &app,
            &format!("/api/v1/ideas/{}", seen[1]),
            &[("if-none-match", &etag)],
        )
        .await;
        assert_eq!(changed.status, StatusCode::OK);

        // Mistakes are JSON, in the reader's language.
        for bad in ["limit=0", "limit=101", "limit=x", "cursor=abc", "cursor=-5"] {
            let r = api(
                &app,
                &format!("/api/v1/consultations/{id}/ideas?{bad}"),
                &[("accept-language", "sl")],
            )
            .await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
            assert_eq!(r.json["error"], "bad_request");
            assert!(r.json["message"].as_str().unwrap().contains("Kazalec"));
        }
        let r = api(&app, "/api/v1/ideas/abc", &[]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(r.json["error"], "not_found");

        // Arguments and comments of a public idea page the same way.
        let with_arguments: i64 = sqlx::query_scalar(
            "SELECT i.id FROM ideas i WHERE i.hidden = 0
             AND EXISTS (SELECT 1 FROM arguments a WHERE a.idea_id = i.id AND a.hidden = 0)
             ORDER BY i.id LIMIT 1",
        )
        .fetch_one(&db.pool)
        .await
        .unwrap();
        let args = api(
            &app,
            &format!("/api/v1/ideas/{with_arguments}/arguments?limit=1"),
            &[],
        )
        .await;
        assert_eq!(args.status, StatusCode::OK);
        assert_eq!(args.json["items"][0]["idea_id"], with_arguments);
        let comments = api(
            &app,
            &format!("/api/v1/ideas/{with_arguments}/comments"),
            &[],
        )
        .await;
        assert_eq!(comments.status, StatusCode::OK);

        // A preflight from another site may ask for the ETag check.
        let pre = app
            .clone()
            .oneshot(
                Request::options("/api/v1/communities")
                    .header(header::HOST, "localhost")
                    .header(header::ORIGIN, "https://data.example")
                    .header("access-control-request-method", "GET")
                    .header("access-control-request-headers", "if-none-match")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert!(pre.status().is_success());
        assert_eq!(pre.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    }
);

both_backends!(
    opinion_groups_carry_sizes_and_tallies_only,
    |db: Db, url: String| async move {
        let app = client::app(&url).await;
        // The demo's consultation of statements (a real Pol.is conversation) has groups once
        // the worker has computed them; its consultations of ideas have too few voters.
        let bowling_green: i64 =
            sqlx::query_scalar("SELECT id FROM consultations WHERE format = 'statements'")
                .fetch_one(&db.pool)
                .await
                .unwrap();
        let path = format!("/api/v1/consultations/{bowling_green}/opinion-groups");
        let before = api(&app, &path, &[]).await;
        assert_eq!(before.status, StatusCode::OK);
        assert_eq!(before.json["groups"], serde_json::json!([]));
        assert_eq!(before.json["computed_at"], Value::Null);
        app::opinions::service::run_due(&db, "test").await.unwrap();
        let after = api(&app, &path, &[]).await;
        let groups = after.json["groups"].as_array().unwrap();
        assert_eq!(groups.len(), 2, "{}", after.json);
        let sizes: i64 = groups.iter().map(|g| g["size"].as_i64().unwrap()).sum();
        assert_eq!(Some(sizes), after.json["counted"].as_i64());
        let ideas = after.json["ideas"].as_array().unwrap();
        assert!(ideas.len() > 100);
        for idea in ideas {
            for tally in idea["groups"].as_array().unwrap() {
                // Shown only where five or more of the group voted.
                assert!(tally.is_null() || tally["votes"].as_i64().unwrap() >= 5);
            }
        }
        // Nobody's group: no participant or account in the document.
        let text = after.json.to_string();
        assert!(!text.contains("participant\"") && !text.contains("user"));
        let doc = api(&app, "/api/v1/openapi.json", &[]).await;
        assert!(doc.json["paths"]["/api/v1/consultations/{id}/opinion-groups"]["get"].is_object());
        let missing = api(&app, "/api/v1/consultations/9999/opinion-groups", &[]).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
    }
);
