//! The whole HTTP application driven like a browser without JavaScript would drive it:
//! real router, real sessions, real database (both back-ends), forms posted as
//! `application/x-www-form-urlencoded`.

mod client;

use app::both_backends;
use app::testing as common;

use app::accounts::server_fns::{Login, Register};
use app::arguments::server_fns::AddArgument;
use app::comments::server_fns::AddComment;
use app::ideas::server_fns::UpdateIdea;
use app::server::Db;
use app::votes::server_fns::{RateArgument, VoteIdea};
use axum::body::Body;
use axum::Router;
use client::{app, first_consultation, form, get, page_of, path_of, post_idea, register, send};
use http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use leptos::server_fn::ServerFn;
use tower::ServiceExt;

both_backends!(
    pages_render_in_both_languages,
    |db: Db, url: String| async move {
        let app = app(&url).await;
        let home = send(&app, get("/", None)).await;
        assert_eq!(home.status, StatusCode::OK);
        assert!(
            home.body.contains("<html lang=\"sl\""),
            "Slovenian is the default"
        );
        assert!(home.body.contains("Digitalna Ljubljana 2023–2027"));
        assert!(home.body.contains("<main"));
        let en = send(
            &app,
            Request::get("/")
                .header(header::COOKIE, "lang=en")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert!(en.body.contains("<html lang=\"en\""));
        assert!(en.body.contains("Digital Ljubljana 2023–2027"));
        assert!(en.body.contains("Public consultations"));
        let accept = send(
            &app,
            Request::get("/")
                .header(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert!(accept.body.contains("Public consultations"));

        let community = send(&app, get("/communities/digitalna-ljubljana", None)).await;
        assert_eq!(community.status, StatusCode::OK);
        assert!(community.body.contains("Upravljanje podatkov"));
        let g = first_consultation(&db).await;
        let consultation = send(&app, get(&format!("/consultations/{g}?sort=top"), None)).await;
        assert_eq!(consultation.status, StatusCode::OK);
        assert!(
            consultation
                .body
                .contains("Delavnice digitalnih veščin za starejše"),
            "{}",
            consultation.body
        );
        // Only the chosen order is marked current.
        assert!(consultation.body.contains(&format!(
            "href=\"/consultations/{g}?sort=top\" aria-current=\"true\""
        )));
        assert!(!consultation.body.contains(&format!(
            "href=\"/consultations/{g}?sort=new\" aria-current"
        )));
        // Hostile query values still give the page, not an error.
        let odd = send(
            &app,
            get(
                &format!("/consultations/{g}?sort=%27%3Bdrop&page=-4&seed=x"),
                None,
            ),
        )
        .await;
        assert_eq!(odd.status, StatusCode::OK);

        let health = send(&app, get("/healthz", None)).await;
        assert_eq!(
            (health.status, health.body.as_str()),
            (StatusCode::OK, "ok")
        );
        let missing = send(&app, get("/ideas/987654", None)).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert!(missing.body.contains("Tega nismo našli"));
        let nowhere = send(&app, get("/no/such/page", None)).await;
        assert_eq!(nowhere.status, StatusCode::NOT_FOUND);
        assert!(nowhere.body.contains("Stran ne obstaja"));
    }
);

both_backends!(
    failed_form_keeps_input_then_idea_is_posted,
    |db: Db, url: String| async move {
        let app = app(&url).await;
        let cookie = register(&app, "ana@example.org", "Ana").await;
        let g = first_consultation(&db).await;
        let new_page = format!("/consultations/{g}/new");
        let too_long = "x".repeat(61);
        let typed = "My **careful** description <script>alert(1)</script></textarea><script>alert(2)</script>";
        let r = post_idea(&app, g, &too_long, typed, &cookie).await;
        assert_eq!(r.status, StatusCode::FOUND);
        assert!(
            path_of(&r.location).starts_with(&new_page),
            "back to the form: {}",
            r.location
        );
        let ideas_before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ideas")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        let page = send(&app, get(&path_of(&r.location), Some(&cookie))).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("Naslov je lahko dolg največ 60 znakov."),
            "{}",
            page.body
        );
        assert!(
            page.body
                .contains("My **careful** description &lt;script&gt;"),
            "typed text kept: {}",
            page.body
        );
        assert!(page.body.contains(&too_long));
        assert!(
            !page.body.contains("<script>alert"),
            "typed text cannot break out of the textarea"
        );
        // The flash is shown once.
        let again = send(&app, get(&new_page, Some(&cookie))).await;
        assert!(!again.body.contains("careful"));

        let r = post_idea(&app, g, "Open bus data", typed, &cookie).await;
        assert_eq!(r.status, StatusCode::FOUND);
        let idea_path = page_of(&r.location);
        assert!(idea_path.starts_with("/ideas/"), "{}", r.location);
        assert!(
            r.location.ends_with("?notice=idea_posted#notice"),
            "the idea page says it was published: {}",
            r.location
        );
        let ideas_after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ideas")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(ideas_after, ideas_before + 1);
        let idea = send(&app, get(&idea_path, Some(&cookie))).await;
        assert_eq!(idea.status, StatusCode::OK);
        assert!(idea.body.contains("Open bus data"));
        assert!(idea.body.contains("<strong>careful</strong>"));
        assert!(
            !idea.body.contains("<script>alert(1)"),
            "markdown is sanitised"
        );
        assert!(
            !idea.body.contains("ana@example.org"),
            "emails are never shown"
        );
    }
);

both_backends!(
    voting_needs_login_and_answers_json_clients,
    |db: Db, url: String| async move {
        let app = app(&url).await;
        let idea: i64 = sqlx::query_scalar("SELECT MIN(id) FROM ideas")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        let before = common::idea_row(&db, idea, 0).await.unwrap().unwrap();
        // The wasm client asks for JSON and gets real status codes.
        let json = |cookie: Option<&str>, value: &str| {
            let mut b = Request::post(VoteIdea::PATH)
                .header(header::HOST, "localhost")
                .header(header::ACCEPT, "application/json")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            if let Some(c) = cookie {
                b = b.header(header::COOKIE, c);
            }
            b.body(Body::from(format!("idea_id={idea}&value={value}")))
                .unwrap()
        };
        let anonymous = send(&app, json(None, "1")).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
        let cookie = register(&app, "bojan@example.org", "Bojan").await;
        let bad = send(&app, json(Some(&cookie), "7")).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let ok = send(&app, json(Some(&cookie), "-1")).await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
        assert!(
            ok.body
                .contains(&format!("\"down\":{}", before.down_count + 1)),
            "{}",
            ok.body
        );
        // Without JavaScript: redirected back to the idea, which shows the new count.
        let back = format!("/ideas/{idea}");
        let r = send(
            &app,
            form(
                VoteIdea::PATH,
                &back,
                &[("idea_id", &idea.to_string()), ("value", "0")],
                Some(&cookie),
            ),
        )
        .await;
        // (server_fn leaves a bare "?" where it strips its error parameters)
        assert_eq!(
            (r.status, path_of(&r.location).trim_end_matches('?')),
            (StatusCode::FOUND, back.as_str())
        );
        let after = common::idea_row(&db, idea, 0).await.unwrap().unwrap();
        assert_eq!(after.down_count, before.down_count);
        assert!(db.counter_mismatches().await.unwrap().is_empty());
    }
);

both_backends!(
    login_logout_and_sessions_survive_restart,
    |_db: Db, url: String| async move {
        let first = app(&url).await;
        register(&first, "cvetka@example.org", "Cvetka").await;
        let wrong = send(
            &first,
            form(
                Login::PATH,
                "/login",
                &[
                    ("email", "cvetka@example.org"),
                    ("password", "not the password"),
                    ("next", ""),
                ],
                None,
            ),
        )
        .await;
        assert_eq!(wrong.status, StatusCode::FOUND);
        let cookie = wrong.cookie.expect("flash needs a session");
        let page = send(&first, get(&path_of(&wrong.location), Some(&cookie))).await;
        assert!(page.body.contains("E-poštni naslov ali geslo ni pravilno."));
        assert!(
            page.body.contains("value=\"cvetka@example.org\""),
            "the email is kept"
        );
        let ok = send(
            &first,
            form(
                Login::PATH,
                "/login",
                &[
                    ("email", "CVETKA@example.org"),
                    ("password", "correct horse battery"),
                    ("next", "/communities/digitalna-ljubljana"),
                ],
                Some(&cookie),
            ),
        )
        .await;
        assert_eq!(
            path_of(&ok.location),
            "/communities/digitalna-ljubljana?notice=signed_in#notice"
        );
        let session = ok.cookie.expect("a new session id on login");
        assert_ne!(session, cookie, "the session id is rotated on login");
        // A new server on the same database still knows the session.
        let second = app(&url).await;
        let home = send(&second, get("/", Some(&session))).await;
        assert!(home.body.contains("Cvetka"));
    }
);

/// Headers of a non-page response: a strict policy without a nonce; returns Referrer-Policy.
async fn h_ref_policy(app: &Router) -> String {
    let res = app.clone().oneshot(get("/healthz", None)).await.unwrap();
    let h = res.headers();
    let csp = h.get("content-security-policy").unwrap().to_str().unwrap();
    assert!(
        !csp.contains("nonce") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    h.get("referrer-policy")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string()
}

both_backends!(
    cross_site_posts_are_refused,
    |_db: Db, url: String| async move {
        let app = app(&url).await;
        let mut req = form(
            Register::PATH,
            "/register",
            &[
                ("email", "x@example.org"),
                ("display_name", "X"),
                ("password", "correct horse battery"),
            ],
            None,
        );
        req.headers_mut()
            .insert(header::ORIGIN, "https://evil.example".parse().unwrap());
        let r = send(&app, req).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let res = app.clone().oneshot(get("/", None)).await.unwrap();
        let h = res.headers().clone();
        assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
        let csp = h
            .get("content-security-policy")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        // Every inline script of the page carries the nonce that its policy names.
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|r| r.split('\'').next())
            .expect("a nonce")
            .to_string();
        let body = res.into_body().collect().await.unwrap().to_bytes();
        let body = String::from_utf8_lossy(&body);
        let scripts = body.matches("<script").count();
        assert!(scripts > 0);
        assert_eq!(
            scripts,
            body.matches(&format!("nonce=\"{nonce}\">")).count()
        );
        assert_eq!(h_ref_policy(&app).await, "same-origin");
    }
);

both_backends!(
    password_guessing_is_slowed_down,
    |_db: Db, url: String| async move {
        let app = app(&url).await;
        let attempt = |n: usize| {
            let password = format!("guess {n}");
            form(
                Login::PATH,
                "/login",
                &[
                    ("email", "victim@example.org"),
                    ("password", &password),
                    ("next", ""),
                ],
                None,
            )
        };
        // 10 attempts pass at once, then one per 6 seconds: well before 20 quick attempts,
        // one is refused with a message in the person's language.
        let mut refused = None;
        for n in 0..20 {
            let r = send(&app, attempt(n)).await;
            assert_eq!(r.status, StatusCode::FOUND);
            let page = send(&app, get(&path_of(&r.location), r.cookie.as_deref())).await;
            if page
                .body
                .contains("Preveč poskusov. Počakajte minuto in poskusite znova.")
            {
                assert!(r.cookie.is_none(), "a refused attempt creates no session");
                refused = Some(n);
                break;
            }
            assert!(
                r.cookie.is_some(),
                "a wrong password comes back through the flash"
            );
            assert!(page.body.contains("E-poštni naslov ali geslo ni pravilno."));
        }
        let n = refused.expect("guessing was never refused");
        assert!(
            n >= 10,
            "the first ten attempts are allowed, refused at {n}"
        );
    }
);

both_backends!(
    authors_edit_others_cannot_and_everyone_discusses,
    |db: Db, url: String| async move {
        let app = app(&url).await;
        let author = register(&app, "eva@example.org", "Eva").await;
        let g = first_consultation(&db).await;
        let r = post_idea(
            &app,
            g,
            "Benches with sockets",
            "Charge a phone while waiting.",
            &author,
        )
        .await;
        let idea_path = page_of(&r.location);
        let id: i64 = idea_path.trim_start_matches("/ideas/").parse().unwrap();
        let edit_page = format!("{idea_path}/edit");

        let page = send(&app, get(&edit_page, Some(&author))).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("Charge a phone while waiting."),
            "the form is filled with the idea"
        );
        let r = send(
            &app,
            form(
                UpdateIdea::PATH,
                &edit_page,
                &[
                    ("idea_id", &id.to_string()),
                    ("title", "Benches with USB sockets"),
                    ("body", "Charge a phone while waiting for the bus."),
                    ("category", ""),
                ],
                Some(&author),
            ),
        )
        .await;
        assert_eq!(
            path_of(&r.location),
            format!("{idea_path}?notice=idea_saved#notice")
        );
        assert_eq!(
            common::idea_row(&db, id, 0).await.unwrap().unwrap().title,
            "Benches with USB sockets"
        );

        // Another resident may not edit it: the form is refused and so is the post.
        let other = register(&app, "filip@example.org", "Filip").await;
        let page = send(&app, get(&edit_page, Some(&other))).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        let r = send(
            &app,
            form(
                UpdateIdea::PATH,
                &edit_page,
                &[
                    ("idea_id", &id.to_string()),
                    ("title", "Hijacked"),
                    ("body", "x"),
                    ("category", ""),
                ],
                Some(&other),
            ),
        )
        .await;
        assert_eq!(r.status, StatusCode::FOUND);
        assert_eq!(
            common::idea_row(&db, id, 0).await.unwrap().unwrap().title,
            "Benches with USB sockets"
        );
        let anonymous = send(&app, get(&edit_page, None)).await;
        assert!(anonymous
            .body
            .contains("Za glasovanje, argumente in komentarje se prijavite"));

        // The other resident argues, comments and rates the argument as helpful.
        send(
            &app,
            form(
                AddArgument::PATH,
                &idea_path,
                &[
                    ("idea_id", &id.to_string()),
                    ("side", "against"),
                    ("body", "Sockets get vandalised."),
                ],
                Some(&other),
            ),
        )
        .await;
        send(
            &app,
            form(
                AddComment::PATH,
                &idea_path,
                &[
                    ("idea_id", &id.to_string()),
                    ("body", "Solar panels could power them."),
                ],
                Some(&other),
            ),
        )
        .await;
        let bad_side = send(
            &app,
            form(
                AddArgument::PATH,
                &idea_path,
                &[
                    ("idea_id", &id.to_string()),
                    ("side", "sideways"),
                    ("body", "?"),
                ],
                Some(&other),
            ),
        )
        .await;
        assert_eq!(bad_side.status, StatusCode::FOUND);
        let args = common::arguments_of(&db, id, 0).await.unwrap();
        assert_eq!(args.len(), 1);
        send(
            &app,
            form(
                RateArgument::PATH,
                &idea_path,
                &[("argument_id", &args[0].id.to_string()), ("value", "1")],
                Some(&author),
            ),
        )
        .await;
        let page = send(&app, get(&idea_path, Some(&author))).await;
        assert!(page.body.contains("Sockets get vandalised."));
        assert!(page.body.contains("Solar panels could power them."));
        let rated = format!(
            "aria-pressed=\"true\" aria-describedby=\"argument-{}-body\"",
            args[0].id
        );
        assert!(
            page.body.contains(&rated),
            "the author's helpful vote is shown as pressed"
        );
        assert!(page.body.contains("Koristen (1)"), "helpful count shown");
        assert!(!page.body.contains("filip@example.org") && !page.body.contains("eva@example.org"));
        let row = common::idea_row(&db, id, 0).await.unwrap().unwrap();
        assert_eq!((row.argument_count, row.comment_count), (1, 1));
        assert!(db.counter_mismatches().await.unwrap().is_empty());
    }
);

both_backends!(
    bundle_files_are_fingerprinted_and_kept_for_a_year,
    |_db: Db, url: String| async move {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(site.path().join("pkg")).unwrap();
        for (file, text) in [
            ("posvet.css", "body { color: black; }\n"),
            ("posvet.js", "export default function init() {}\n"),
            ("posvet.wasm", "\0asm"),
        ] {
            std::fs::write(site.path().join("pkg").join(file), text.repeat(200)).unwrap();
        }
        let app = client::app_with_site(&url, site.path().to_str().unwrap()).await;
        let fetch = |path: &str| {
            let req = Request::get(path)
                .header(header::ACCEPT_ENCODING, "gzip")
                .body(Body::empty())
                .unwrap();
            app.clone().oneshot(req)
        };
        let cache_control = |res: &http::Response<Body>| {
            let value = res.headers().get(header::CACHE_CONTROL).unwrap();
            value.to_str().unwrap().to_string()
        };

        // The page names the files by their fingerprint.
        let page = app
            .clone()
            .oneshot(Request::get("/").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert!(
            cache_control(&page).contains("no-cache"),
            "pages are revalidated"
        );
        let html = String::from_utf8(
            page.into_body()
                .collect()
                .await
                .unwrap()
                .to_bytes()
                .to_vec(),
        )
        .unwrap();
        let css = html
            .split("href=\"/pkg/")
            .nth(1)
            .and_then(|h| h.split('"').next())
            .expect("a stylesheet link")
            .to_string();
        let stem = css.trim_end_matches(".css");
        assert!(
            stem.starts_with("posvet.") && stem.len() == "posvet.".len() + 16,
            "{css}"
        );
        assert!(html.contains(&format!("/pkg/{stem}.js")), "the script too");

        let res = fetch(&format!("/pkg/{css}")).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers().get(header::CONTENT_ENCODING).unwrap(), "gzip");
        assert_eq!(cache_control(&res), "public, max-age=31536000, immutable");
        let wasm = fetch(&format!("/pkg/{stem}.wasm")).await.unwrap();
        assert_eq!(wasm.status(), StatusCode::OK);
        // Plain names still work and are revalidated; another release's names are not served.
        let plain = fetch("/pkg/posvet.css").await.unwrap();
        assert!(cache_control(&plain).contains("must-revalidate"));
        let stale = fetch("/pkg/posvet.0000000000000000.css").await.unwrap();
        assert_eq!(stale.status(), StatusCode::NOT_FOUND);
        // A revalidation of the plain name costs no body.
        let etag = plain.headers().get(header::ETAG).unwrap().clone();
        let again = app
            .clone()
            .oneshot(
                Request::get("/pkg/posvet.css")
                    .header(header::IF_NONE_MATCH, etag)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    }
);

/// The nonce of a page's CSP, checked against every inline script of its body.
fn page_nonce(reply: &client::Reply) -> String {
    let nonce = reply
        .csp
        .split("'nonce-")
        .nth(1)
        .and_then(|r| r.split('\'').next())
        .expect("a nonce in the page's policy")
        .to_string();
    assert_eq!(
        reply.body.matches("<script").count(),
        reply.body.matches(&format!("nonce=\"{nonce}\"")).count(),
        "every inline script carries this response's nonce"
    );
    nonce
}

both_backends!(
    anonymous_pages_are_reused_with_fresh_nonces,
    |db: Db, url: String| async move {
        let app = app(&url).await;
        let g = first_consultation(&db).await;
        let path = format!("/consultations/{g}?sort=top");
        let first = send(&app, get(&path, None)).await;
        let second = send(&app, get(&path, None)).await;
        assert_eq!(
            (first.status, second.status),
            (StatusCode::OK, StatusCode::OK)
        );
        let (n1, n2) = (page_nonce(&first), page_nonce(&second));
        assert_ne!(n1, n2, "no two responses share a nonce");
        assert_eq!(first.body.replace(&n1, "N"), second.body.replace(&n2, "N"));

        // A signed-in person's page is never a cached one: their vote shows at once.
        let cookie = register(&app, "gaja@example.org", "Gaja").await;
        let top = app::server::db::ideas::page(
            &mut db.conn().await.unwrap(),
            g,
            app::ideas::rules::Sort::Top,
            0,
            1,
            0,
            None,
        )
        .await
        .unwrap();
        let idea = top[0].id;
        let before = send(&app, get(&path, Some(&cookie))).await;
        assert!(before.body.contains("vote-form"), "signed in: vote forms");
        let vote = send(
            &app,
            form(
                VoteIdea::PATH,
                &path,
                &[("idea_id", &idea.to_string()), ("value", "1")],
                Some(&cookie),
            ),
        )
        .await;
        assert_eq!(vote.status, StatusCode::FOUND);
        let after = send(&app, get(&path, Some(&cookie))).await;
        assert!(
            after.body.contains("aria-pressed=\"true\""),
            "the new vote is shown"
        );
        // The person is looked up once per request, never shared between requests.
        let other = register(&app, "luka@example.org", "Luka").await;
        let theirs = send(&app, get(&path, Some(&other))).await;
        assert!(theirs.body.contains("Luka") && !theirs.body.contains("Gaja"));
        let hers = send(&app, get(&path, Some(&cookie))).await;
        assert!(hers.body.contains("Gaja") && !hers.body.contains("Luka"));
        // Anonymous visitors get the shared page, without anyone's forms.
        let anonymous = send(&app, get(&path, None)).await;
        assert!(!anonymous.body.contains("vote-form"));
        assert!(!anonymous.body.contains("Gaja"));
    }
);

// Links saved under the old name of consultations (`/groups/…`) lead to the same page.
both_backends!(
    old_group_links_are_redirected,
    |_db: Db, url: String| async move {
        let app = app(&url).await;
        let r = send(&app, get("/groups/1?sort=top&page=2", None)).await;
        assert_eq!(r.status, StatusCode::PERMANENT_REDIRECT);
        assert_eq!(r.location, "/consultations/1?sort=top&page=2");
        let r = send(&app, get("/groups/1/new", None)).await;
        assert_eq!(r.location, "/consultations/1/new");
        let r = send(&app, get("/groups//evil.example", None)).await;
        assert!(
            r.location.starts_with("/consultations/"),
            "stays here: {}",
            r.location
        );
    }
);

// Every page says what it is: its own <title> and a meta description, also when it only asks
// the visitor to log in or says that nothing is there.
both_backends!(
    every_page_has_a_title_and_a_description,
    |db: Db, url: String| async move {
        let app = app(&url).await;
        let g = first_consultation(&db).await;
        let mut titles = Vec::new();
        for path in [
            "/".to_string(),
            "/communities/digitalna-ljubljana".into(),
            format!("/consultations/{g}"),
            "/ideas/1".into(),
            format!("/consultations/{g}/new"),
            "/ideas/1/edit".into(),
            "/login".into(),
            "/register".into(),
            "/no-such-page".into(),
            "/ideas/999999".into(),
        ] {
            let page = send(&app, get(&path, None)).await;
            let title = page
                .body
                .split("<title>")
                .nth(1)
                .and_then(|t| t.split("</title>").next())
                .unwrap_or_else(|| panic!("{path} has no <title>"));
            // The demo's look names the site.
            assert!(
                title.ends_with(" — Posvet Ljubljana") && title.len() > 22,
                "{path}: {title}"
            );
            let description = page
                .body
                .split("<meta name=\"description\" content=\"")
                .nth(1)
                .and_then(|d| d.split('"').next())
                .unwrap_or_else(|| panic!("{path} has no meta description"));
            assert!(description.len() > 20, "{path}: {description:?}");
            titles.push(title.to_string());
        }
        titles.sort();
        titles.dedup();
        assert!(
            titles.len() >= 8,
            "pages have titles of their own: {titles:?}"
        );
    }
);

both_backends!(
    lists_show_page_navigation_only_when_there_is_more_than_one_page,
    |db: Db, url: String| async move {
        let app = app(&url).await;
        let g = first_consultation(&db).await;
        let nothing = send(&app, get("/search?q=zzqqxxwwnothing", None)).await;
        assert_eq!(nothing.status, StatusCode::OK);
        assert!(
            !nothing.body.contains("class=\"pagination\""),
            "{}",
            nothing.body
        );
        let one = send(&app, get(&format!("/consultations/{g}"), None)).await;
        assert!(!one.body.contains("class=\"pagination\""));

        let author = common::as_user(&db, server::seed::DEMO_EMAIL).await;
        for n in 0..app::ideas::rules::IDEAS_PER_PAGE {
            let draft = common::draft(&format!("Predlog številka {n}"));
            app::ideas::service::create_idea(&author, g, &draft)
                .await
                .unwrap();
        }
        let many = send(&app, get(&format!("/consultations/{g}?sort=new"), None)).await;
        assert!(many.body.contains("class=\"pagination\""), "{}", many.body);
        assert!(many.body.contains("rel=\"next\""));
    }
);
