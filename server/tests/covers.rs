//! Cover images through the HTTP application, as a browser without JavaScript sends them: a
//! phone photo far larger than any other request may be is accepted on its own route, stored
//! and served without its metadata or anything appended to it; wrong files come back to the
//! form with the reason in the reader's language; strangers and other sites are refused.
//! Both back-ends.

mod client;

use app::both_backends;
use app::server::Db;
use app::testing::{count, phone_photo};
use axum::body::Body;
use axum::Router;
use client::{app, first_consultation, get, log_in_as_admin, path_of, send};
use http::{header, Request, StatusCode};

const BOUNDARY: &str = "----posvet-test-boundary";

/// A multipart form as a browser sends it: the file and, if asked, the remove button.
fn upload(consultation: i64, file: &[u8], origin: &str, cookie: Option<&str>) -> Request<Body> {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"cover\"; filename=\"IMG_2041.jpg\"\r\n\
         Content-Type: image/jpeg\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    let mut b = Request::post(format!("/consultations/{consultation}/cover"))
        .header(header::HOST, "localhost")
        .header(header::ORIGIN, origin)
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

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The stored images that are covers (the demo's logo is one too).
const COVERS: &str = "SELECT COUNT(*) FROM images i
    WHERE NOT EXISTS (SELECT 1 FROM site_look s WHERE s.logo_image_id = i.id)";

both_backends!(
    a_phone_photo_becomes_a_cover_without_its_metadata,
    |db: Db, url: String| async move {
        let app = app(&url).await;
        let g = first_consultation(&db).await;
        let admin = log_in_as_admin(&app).await;
        // The demo's consultations have covers of their own: a new one replaces g's.
        let demo_covers = count(&db, COVERS).await;
        assert!(demo_covers >= 1);
        let settings = format!("/consultations/{g}/settings");
        let page = send(&app, get(&settings, Some(&admin))).await;
        assert!(page.body.contains("enctype=\"multipart/form-data\""));
        assert!(page.body.contains("Naslovna slika"));

        // A photo with its EXIF (orientation, GPS) and 600 KB appended: more than twice the
        // limit of every other request.
        let mut photo = phone_photo(1200, 800);
        photo.extend(b"SECRET-TRAILER ".repeat(40_000));
        assert!(photo.len() > 600_000);
        let origin = "http://localhost";
        let r = send(&app, upload(g, &photo, origin, Some(&admin))).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(
            path_of(&r.location),
            format!("{settings}?notice=saved&at=cover#notice")
        );

        let page = send(&app, get(&format!("/consultations/{g}"), None)).await;
        let src = page
            .body
            .split("<img src=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("the cover on the consultation's page")
            .to_string();
        assert!(src.starts_with("/covers/"), "{src}");
        // Turned upright: the photo was landscape with "turn right" in its EXIF.
        assert!(
            page.body.contains("width=\"800\" height=\"1200\""),
            "{}",
            page.body
        );
        let served = fetch_bytes(&app, get(&src, None)).await;
        assert_eq!(served.0, StatusCode::OK);
        assert_eq!(served.1, "image/jpeg");
        assert!(!contains(&served.2, b"Exif") && !contains(&served.2, b"GPS"));
        assert!(!contains(&served.2, b"SECRET-TRAILER"));
        assert!(served.2.len() < photo.len() / 2);

        // Not a picture: back to the form with the reason, in Slovenian; nothing changes.
        let r = send(
            &app,
            upload(g, b"%PDF-1.7 not a picture", origin, Some(&admin)),
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let page = send(&app, get(&path_of(&r.location), Some(&admin))).await;
        assert!(
            page.body.contains("Izberite sliko JPEG, PNG ali WebP."),
            "{}",
            page.body
        );
        // Too large, however it starts.
        let huge = vec![0xFFu8; app::consultations::cover::MAX_UPLOAD_BYTES + 100_000];
        let r = send(&app, upload(g, &huge, origin, Some(&admin))).await;
        let page = send(&app, get(&path_of(&r.location), Some(&admin))).await;
        assert!(page.body.contains("Slika je prevelika"), "{}", page.body);
        assert_eq!(count(&db, COVERS).await, demo_covers);

        // Nobody signed in, or another site's form: refused, nothing stored.
        let r = send(&app, upload(g, &photo, origin, None)).await;
        assert!(r.location.contains("__err="), "{}", r.location);
        let r = send(
            &app,
            upload(g, &photo, "https://evil.example", Some(&admin)),
        )
        .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(count(&db, COVERS).await, demo_covers);
        let missing = send(&app, get("/covers/999999.jpg", None)).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
    }
);

/// Status, content type and bytes of a response (the images are not text).
async fn fetch_bytes(app: &Router, req: Request<Body>) -> (StatusCode, String, Vec<u8>) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let res = app.clone().oneshot(req).await.expect("response");
    let kind = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let status = res.status();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    (status, kind, bytes.to_vec())
}
