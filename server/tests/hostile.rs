//! Hostile input through the whole router: oversized and undecodable bodies, absurd
//! numbers, SQL metacharacters and path traversal. Each gets a 4xx with a clear message
//! (or is shown as plain text), nothing half-written is stored, and nothing answers 500.

mod client;

use app::both_backends;

use app::accounts::server_fns::Login;
use app::ideas::server_fns::CreateIdea;
use app::server::Db;
use app::votes::server_fns::VoteIdea;
use axum::body::Body;
use client::{app, first_consultation, form, get, path_of, post_idea, register, send};
use http::{header, Request, StatusCode};
use leptos::server_fn::ServerFn;

async fn idea_count(db: &Db) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM ideas")
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

/// A post as the wasm client sends it, with raw body bytes.
fn json_post(path: &str, body: Vec<u8>, cookie: &str, declare_length: bool) -> Request<Body> {
    let mut b = Request::post(path)
        .header(header::HOST, "localhost")
        .header(header::ACCEPT, "application/json")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie);
    if declare_length {
        b = b.header(header::CONTENT_LENGTH, body.len());
    }
    b.body(Body::from(body)).unwrap()
}

both_backends!(
    oversized_and_undecodable_bodies_are_refused,
    |db: Db, url: String| async move {
        let app = app(&url).await;
        let cookie = register(&app, "maja@example.org", "Maja").await;
        let g = first_consultation(&db).await;
        let before = idea_count(&db).await;
        let huge = format!(
            "consultation_id={g}&title=Big&category=&body={}",
            "a".repeat(300_000)
        );

        let declared = send(
            &app,
            json_post(CreateIdea::PATH, huge.clone().into_bytes(), &cookie, true),
        )
        .await;
        assert_eq!(declared.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(
            declared
                .body
                .contains("Poslano je preveliko (največ 256 KB)"),
            "{}",
            declared.body
        );
        // Without a declared length the body is cut off at the limit and refused as well.
        let streamed = send(
            &app,
            json_post(CreateIdea::PATH, huge.into_bytes(), &cookie, false),
        )
        .await;
        assert_eq!(
            streamed.status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{}",
            streamed.body
        );

        // Invalid UTF-8, raw and percent-encoded.
        let mut raw = format!("consultation_id={g}&category=&body=Text&title=").into_bytes();
        raw.extend_from_slice(&[0xff, 0xfe, 0xc3]);
        let r = send(&app, json_post(CreateIdea::PATH, raw, &cookie, true)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
        assert!(
            r.body.contains("Zahteve ni bilo mogoče prebrati"),
            "{}",
            r.body
        );
        let encoded = format!("consultation_id={g}&category=&body=Text&title=%FF%FE%C3");
        let r = send(
            &app,
            json_post(CreateIdea::PATH, encoded.into_bytes(), &cookie, true),
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
        // A value the server function cannot decode (not a number) is a 400 from it too.
        let r = send(
            &app,
            json_post(
                CreateIdea::PATH,
                b"consultation_id=x&title=a&body=b&category=".to_vec(),
                &cookie,
                true,
            ),
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
        assert!(r.body.contains("BadRequest"), "{}", r.body);

        assert_eq!(idea_count(&db).await, before, "nothing was stored");
        assert!(db.counter_mismatches().await.unwrap().is_empty());
    }
);

both_backends!(
    absurd_numbers_give_404_400_or_a_sane_page,
    |db: Db, url: String| async move {
        let app = app(&url).await;
        let g = first_consultation(&db).await;
        for path in [
            "/consultations/99999999999999999999999".to_string(),
            "/consultations/-1".into(),
            "/ideas/-1".into(),
            "/ideas/18446744073709551617".into(),
            "/ideas/1e9".into(),
        ] {
            let r = send(&app, get(&path, None)).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
            assert!(r.body.contains("Tega nismo našli"), "{path}: {}", r.body);
        }
        // Page numbers and seeds out of range fall back to a valid page.
        for query in [
            "page=-5",
            "page=0",
            "page=99999999999999999999",
            "page=9223372036854775807",
            "sort=random&seed=-99999999999999999999",
            "sort=random&seed=9223372036854775807",
        ] {
            let r = send(&app, get(&format!("/consultations/{g}?{query}"), None)).await;
            assert_eq!(r.status, StatusCode::OK, "{query}");
            assert!(r.body.contains("idea-card"), "{query}");
        }

        let cookie = register(&app, "nejc@example.org", "Nejc").await;
        let vote = |body: &str| json_post(VoteIdea::PATH, body.as_bytes().to_vec(), &cookie, true);
        for (body, status) in [
            (
                "idea_id=99999999999999999999&value=1",
                StatusCode::BAD_REQUEST,
            ),
            (
                "idea_id=1&value=99999999999999999999",
                StatusCode::BAD_REQUEST,
            ),
            ("idea_id=abc&value=1", StatusCode::BAD_REQUEST),
            ("value=1", StatusCode::BAD_REQUEST),
            ("idea_id=-3&value=1", StatusCode::NOT_FOUND),
            ("idea_id=9223372036854775807&value=1", StatusCode::NOT_FOUND),
            (
                "idea_id=1&value=-9223372036854775808",
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
        ] {
            let r = send(&app, vote(body)).await;
            assert_eq!(r.status, status, "{body}: {}", r.body);
        }
        assert!(db.counter_mismatches().await.unwrap().is_empty());
    }
);

both_backends!(
    sql_metacharacters_are_just_text,
    |db: Db, url: String| async move {
        let app = app(&url).await;
        let cookie = register(&app, "petra@example.org", "Petra").await;
        let g = first_consultation(&db).await;
        let before = idea_count(&db).await;
        let title = "Robert'); DROP TABLE ideas;--";
        let body = "' OR 1=1 -- \"; DELETE FROM users; /* \\ %_ */";
        let r = post_idea(&app, g, title, body, &cookie).await;
        assert_eq!(r.status, StatusCode::FOUND);
        let page = send(&app, get(&path_of(&r.location), None)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("DROP TABLE ideas;--"),
            "the title is shown as typed"
        );
        assert_eq!(
            idea_count(&db).await,
            before + 1,
            "the table is intact, with one more idea"
        );
        let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert!(users > 1);

        // A login with an injection attempt is just a wrong login.
        let login = send(
            &app,
            form(
                Login::PATH,
                "/login",
                &[
                    ("email", "' OR '1'='1"),
                    ("password", "' OR '1'='1"),
                    ("next", ""),
                ],
                None,
            ),
        )
        .await;
        assert_eq!(login.status, StatusCode::FOUND);
        assert_eq!(path_of(&login.location).split('?').next(), Some("/login"));
        assert!(
            login.cookie.is_some(),
            "a flash session, not a signed-in one"
        );
        let me = send(&app, get("/", login.cookie.as_deref())).await;
        assert!(!me.body.contains("Odjava"), "nobody is signed in");
    }
);

both_backends!(
    path_traversal_finds_nothing,
    |_db: Db, url: String| async move {
        let app = app(&url).await;
        for path in [
            "/pkg/../Cargo.toml",
            "/pkg/%2e%2e/%2e%2e/Cargo.toml",
            "/pkg/..%2f..%2fCargo.toml",
            "/pkg/%2e%2e%5c%2e%2e%5cCargo.toml",
            "/pkg/....//....//Cargo.toml",
            "/pkg//etc/passwd",
            "/..%2f..%2fetc%2fpasswd",
        ] {
            let r = send(&app, get(path, None)).await;
            assert!(r.status.is_client_error(), "{path}: {}", r.status);
            assert!(!r.body.contains("[workspace]"), "{path} leaked Cargo.toml");
            assert!(!r.body.contains("root:"), "{path} leaked /etc/passwd");
        }
    }
);

// A failed form keeps what was typed, but a body of 100,000 characters is not copied into
// the session: the flash keeps at most twice the field's maximum.
both_backends!(
    flashed_values_are_bounded_by_their_field,
    |db: Db, url: String| async move {
        let app = app(&url).await;
        let cookie = register(&app, "zala@example.org", "Zala").await;
        let g = first_consultation(&db).await;
        let before = idea_count(&db).await;
        let title = "t".repeat(100_000);
        let r = post_idea(&app, g, &title, "Opis", &cookie).await;
        assert_eq!(r.status, StatusCode::FOUND);
        let page = send(&app, get(&path_of(&r.location), Some(&cookie))).await;
        assert!(page.body.contains("Naslov je lahko dolg največ 60 znakov."));
        let kept = app::ideas::rules::MAX_TITLE_CHARS * 2;
        assert!(page.body.contains(&"t".repeat(kept)));
        assert!(!page.body.contains(&"t".repeat(kept + 1)));
        assert_eq!(idea_count(&db).await, before);
    }
);

// Someone without a session who is refused (here: not signed in) gets no session row; the
// page they return to says why.
both_backends!(
    refusals_of_visitors_create_no_session,
    |db: Db, url: String| async move {
        let app = app(&url).await;
        let g = first_consultation(&db).await;
        let sessions = || async {
            let table = match db.backend {
                app::server::db::Backend::Sqlite => "tower_sessions",
                app::server::db::Backend::Postgres => "tower_sessions.session",
            };
            sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(&db.pool)
                .await
                .unwrap()
        };
        let before = sessions().await;
        let vote = form(
            VoteIdea::PATH,
            &format!("/consultations/{g}"),
            &[("idea_id", "1"), ("value", "1")],
            None,
        );
        let r = send(&app, vote).await;
        assert_eq!(r.status, StatusCode::FOUND);
        assert!(
            r.cookie.is_none(),
            "no session cookie for a refused visitor"
        );
        let page = send(&app, get(&path_of(&r.location), None)).await;
        assert!(
            page.body.contains("Najprej se prijavite."),
            "the reason is shown: {}",
            page.body
        );
        assert_eq!(sessions().await, before, "no session row was written");
    }
);
