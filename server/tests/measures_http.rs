//! Measures through the HTTP application on the demo (goal 2's measures with indicators and
//! readings), both back-ends: the pages render for anyone, the open-data API and the Atom feed
//! carry them, the CSV goes out and comes back through the upload form (a rejected file
//! reports its rows in the page and changes nothing), and only an administrator gets either.

mod client;

use app::both_backends;
use app::server::Db;
use app::testing::count;
use axum::body::Body;
use client::{app, get, log_in_as_admin, path_of, register, send};
use http::{header, Request, StatusCode};

const SLUG: &str = "digitalna-ljubljana";
const BOUNDARY: &str = "posvet-test-boundary";

fn upload(file: &[u8], cookie: Option<&str>) -> Request<Body> {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ukrepi.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    let mut b = Request::post(format!("/communities/{SLUG}/measures.csv"))
        .header(header::HOST, "localhost")
        .header(header::ORIGIN, "http://localhost")
        .header(header::ACCEPT, "text/html")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        );
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    b.body(Body::from(body)).unwrap()
}

both_backends!(
    the_demo_measures_are_on_the_pages_the_api_and_the_feed,
    |_db: Db, url: String| async move {
        let app = app(&url).await;
        let page = send(
            &app,
            get(&format!("/communities/{SLUG}/implementation"), None),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("Razvoj službe za digitalizacijo"),
            "{}",
            page.body
        );
        assert!(page.body.contains("Načrt kibernetske varnosti"));
        assert!(page.body.contains("application/atom+xml"));
        let filtered = send(
            &app,
            get(
                &format!("/communities/{SLUG}/implementation?status=planned"),
                None,
            ),
        )
        .await;
        assert!(filtered
            .body
            .contains("Digitalna delovna okolja v mestni upravi"));
        assert!(!filtered.body.contains("Načrt kibernetske varnosti"));

        let api = send(
            &app,
            get(&format!("/api/v1/communities/{SLUG}/measures"), None),
        )
        .await;
        assert_eq!(api.status, StatusCode::OK);
        let list: serde_json::Value = serde_json::from_str(&api.body).unwrap();
        let items = list["items"].as_array().unwrap();
        assert_eq!(items.len(), 5);
        let parent = &items[0];
        assert!(parent["parent_id"].is_null());
        // The parent's progress is the mean of its four sub-measures' (none is dropped).
        let children: Vec<i64> = items[1..]
            .iter()
            .map(|m| m["progress_percent"].as_i64().unwrap())
            .collect();
        let mean = children.iter().sum::<i64>() as f64 / 4.0;
        assert!((parent["progress_percent"].as_i64().unwrap() as f64 - mean).abs() <= 1.0);
        let cyber = items
            .iter()
            .find(|m| m["title"] == "Načrt kibernetske varnosti")
            .unwrap();
        // Plan adopted (100 %), activities at 60 %: 80 %.
        assert_eq!(cyber["progress_percent"], 80);
        assert_eq!(cyber["indicators"][1]["readings"][1]["value"], 60.0);
        assert_eq!(cyber["source_ideas"].as_array().unwrap().len(), 2);
        assert!(!api.body.contains("@"), "no addresses");
        let id = cyber["id"].as_i64().unwrap();
        let one = send(&app, get(&format!("/api/v1/measures/{id}"), None)).await;
        assert_eq!(one.status, StatusCode::OK);
        // One measure reads as it does in the list (sources, updates and votes are read per
        // list and shared out, not asked per measure).
        let one: serde_json::Value = serde_json::from_str(&one.body).unwrap();
        assert_eq!(&one, cyber);
        assert!(
            items
                .iter()
                .any(|m| !m["updates"].as_array().unwrap().is_empty()),
            "progress updates are listed"
        );
        let not_a_measure = send(&app, get("/api/v1/measures/1", None)).await;
        assert_eq!(not_a_measure.status, StatusCode::NOT_FOUND);

        // The measure's page: the chart as SVG with its summary, the table, sources, update.
        let measure = send(&app, get(&format!("/ideas/{id}"), None)).await;
        assert!(measure.body.contains("role=\"img\""));
        assert!(
            measure.body.contains("Zadnja meritev 60\u{a0}%"),
            "{}",
            measure.body
        );
        assert!(measure
            .body
            .contains("Načrt kibernetske varnosti z letnim poročilom"));
        assert!(measure.body.contains("usposabljanje vseh zaposlenih"));
        // The idea it came from names it.
        let idea = send(&app, get("/ideas/10", None)).await;
        assert!(idea.body.contains("Ukrepi, ki izhajajo iz te ideje"));

        let feed = send(
            &app,
            get(&format!("/communities/{SLUG}/updates.atom"), None),
        )
        .await;
        assert_eq!(feed.status, StatusCode::OK);
        assert!(feed.body.starts_with("<?xml"));
        assert_eq!(feed.body.matches("<entry>").count(), 3);
        assert!(feed
            .body
            .contains("&lt;p&gt;Načrt kibernetske varnosti je sprejet"));
        // Opened in a browser, it says what it is and is styled by Posvet's own sheet; each
        // update also comes as plain text (the summary the sheet shows).
        assert!(feed
            .body
            .contains("<?xml-stylesheet type=\"text/css\" href=\"/feed.css\"?>"));
        assert!(feed
            .body
            .contains("kopirajte naslov te strani v bralnik virov"));
        assert!(feed
            .body
            .contains("<summary type=\"text\">Načrt kibernetske varnosti je sprejet"));
        let sheet = send(&app, get("/feed.css", None)).await;
        assert_eq!(sheet.status, StatusCode::OK);
        assert!(sheet.body.contains("@namespace atom"));
        let missing = send(&app, get("/communities/nobody/updates.atom", None)).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
    }
);

both_backends!(
    the_csv_goes_out_and_comes_back_through_the_forms,
    |db: Db, url: String| async move {
        let app = app(&url).await;
        let csv = format!("/communities/{SLUG}/measures.csv");
        let resident = register(&app, "rezi@example.org", "Rezi").await;
        for cookie in [None, Some(resident.as_str())] {
            let r = send(&app, get(&csv, cookie)).await;
            assert!(
                matches!(r.status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN),
                "{:?}",
                r.status
            );
        }
        let admin = log_in_as_admin(&app).await;
        let file = send(&app, get(&csv, Some(&admin))).await;
        assert_eq!(file.status, StatusCode::OK);
        assert!(file.body.contains("Načrt kibernetske varnosti"));
        assert!(!file.body.contains("@"));

        // Another status for the first measure.
        let edited = file.body.replacen(",in_progress,", ",done,", 1);
        let r = send(&app, upload(edited.as_bytes(), Some(&admin))).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert!(r.location.contains("updated=1"), "{}", r.location);
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM measures WHERE status = 'done'").await,
            1
        );

        // A bad row: the page lists it, in the reader's language, and nothing changed.
        let versions = count(&db, "SELECT COUNT(*) FROM measure_versions").await;
        let broken = edited.replacen(",done,", ",finished,", 1);
        let r = send(&app, upload(broken.as_bytes(), Some(&admin))).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let page = send(&app, get(&path_of(&r.location), Some(&admin))).await;
        assert!(page.body.contains("Datoteka ni uvožena"), "{}", page.body);
        assert!(
            page.body.contains("Vrstica 2, stolpec status"),
            "{}",
            page.body
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM measure_versions").await,
            versions
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM measures WHERE status = 'done'").await,
            1
        );

        // A resident's upload is refused.
        let r = send(&app, upload(edited.as_bytes(), Some(&resident))).await;
        assert!(r.location.contains("__err="), "{}", r.location);
    }
);
