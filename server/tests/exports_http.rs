//! The export form through the HTTP application, as a browser without JavaScript posts it:
//! the administrator gets a file to save (never cached), anyone else is sent back with the
//! reason, and another site's form is refused. Both back-ends.

mod client;

use app::both_backends;
use app::server::Db;
use axum::body::Body;
use axum::Router;
use client::{app, form, log_in_as_admin, register, send};
use http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

const EXPORT: &str = "/communities/digitalna-ljubljana/export";

/// The whole response, headers and bytes (an XLSX is not text).
async fn fetch(app: &Router, req: Request<Body>) -> (http::response::Parts, Vec<u8>) {
    let res = app.clone().oneshot(req).await.expect("response");
    let (parts, body) = res.into_parts();
    (
        parts,
        body.collect().await.expect("body").to_bytes().to_vec(),
    )
}

both_backends!(
    an_administrator_downloads_an_export_without_javascript,
    |_db: Db, url: String| async move {
        let app = app(&url).await;
        let admin = log_in_as_admin(&app).await;
        let settings = "/communities/digitalna-ljubljana/settings";
        let page = send(&app, client::get(settings, Some(&admin))).await;
        assert!(page.body.contains(&format!("action=\"{EXPORT}\"")));

        // A workbook is finished before it is sent: its size is announced (the browser shows
        // the download's progress), and it is not compressed again, also when gzip is offered.
        let fields = [("consultation", ""), ("format", "xlsx")];
        let mut req = form(EXPORT, settings, &fields, Some(&admin));
        req.headers_mut()
            .insert(header::ACCEPT_ENCODING, "gzip".parse().unwrap());
        let (head, bytes) = fetch(&app, req).await;
        assert_eq!(head.status, StatusCode::OK);
        assert!(!head.headers.contains_key(header::CONTENT_ENCODING));
        assert_eq!(
            head.headers[header::CONTENT_LENGTH],
            bytes.len().to_string().as_str()
        );
        let disposition = head.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
        assert!(disposition.starts_with("attachment; filename=\"posvet-digitalna-ljubljana-"));
        assert!(disposition.ends_with(".xlsx\""), "{disposition}");
        assert_eq!(head.headers[header::CACHE_CONTROL], "no-store");
        assert_eq!(&bytes[..2], b"PK", "a zip container");

        // Streamed through the compression layer as a browser asks for it (gzip), to the end.
        let fields = [("consultation", ""), ("format", "csv-ideas")];
        let mut req = form(EXPORT, settings, &fields, Some(&admin));
        req.headers_mut()
            .insert(header::ACCEPT_ENCODING, "gzip".parse().unwrap());
        let (head, gzipped) = fetch(&app, req).await;
        assert_eq!(head.status, StatusCode::OK);
        assert_eq!(head.headers[header::CONTENT_ENCODING], "gzip");
        let mut text = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gzipped[..]), &mut text)
            .unwrap();
        assert!(text.starts_with("\u{feff}id,consultation_id,title"));
        assert!(
            !app::testing::contains_email_address(&text),
            "no e-mail address"
        );

        // A resident, a wrong choice, another site.
        let resident = register(&app, "izvoz@example.org", "Izvoz").await;
        let fields = [("consultation", ""), ("format", "xlsx")];
        let r = send(&app, form(EXPORT, settings, &fields, Some(&resident))).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert!(r.location.contains("__err="), "{}", r.location);
        let fields = [("consultation", ""), ("format", "pdf")];
        let r = send(&app, form(EXPORT, settings, &fields, Some(&admin))).await;
        assert!(r.location.contains("__err="), "{}", r.location);
        let mut cross = form(EXPORT, settings, &[("format", "xlsx")], Some(&admin));
        cross
            .headers_mut()
            .insert(header::ORIGIN, "https://evil.example".parse().unwrap());
        let r = send(&app, cross).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
);
