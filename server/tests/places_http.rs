//! Pictures, places and replies through the HTTP application as a browser without JavaScript
//! uses them, on both back-ends: an idea posted in a district with a photo (its GPS gone from
//! what is served), hostile uploads back at the form with the reason, the consultation filtered
//! by district with the picture on the card and the map's areas as links, a reply that failed
//! and one that did, and GeoJSON refused with its reason.

mod client;

use app::both_backends;
use app::comments::server_fns::AddComment;
use app::ideas::server_fns::CreateIdea;
use app::server::Db;
use app::testing::{count, phone_photo, png_claiming};
use axum::body::Body;
use client::{app, form, get, idea_of, log_in_as_admin, path_of, register, send};
use http::{header, Request, StatusCode};
use leptos::server_fn::ServerFn;

const BOUNDARY: &str = "----posvet-test-boundary";

/// A multipart form as a browser sends it: text fields, then the file.
fn multipart(
    path: &str,
    fields: &[(&str, &str)],
    file: (&str, &[u8]),
    cookie: &str,
) -> Request<Body> {
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"IMG_2041.jpg\"\r\n\
             Content-Type: image/jpeg\r\n\r\n",
            file.0
        )
        .as_bytes(),
    );
    body.extend_from_slice(file.1);
    body.extend(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    Request::post(path)
        .header(header::HOST, "localhost")
        .header(header::ORIGIN, "http://localhost")
        .header(header::REFERER, "http://localhost/")
        .header(header::ACCEPT, "text/html")
        .header(header::COOKIE, cookie)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(Body::from(body))
        .unwrap()
}

/// A file's status, `Cache-Control` and bytes.
async fn fetch(app: &axum::Router, path: &str) -> (StatusCode, Option<String>, Vec<u8>) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let res = app
        .clone()
        .oneshot(get(path, None))
        .await
        .expect("response");
    let cache = res
        .headers()
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let status = res.status();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    (status, cache, bytes.to_vec())
}

both_backends!(
    an_idea_with_a_picture_a_place_and_replies_without_javascript,
    |db: Db, url: String| async move {
        let app = app(&url).await;
        let ana = register(&app, "ana.slike@example.org", "Ana").await;
        let c = Some(ana.as_str());
        let siska = count(&db, "SELECT id FROM areas WHERE name = 'Šiška'").await;
        assert!(siska > 0, "the demo has its districts");
        // The form offers the districts as a list (the map needs JavaScript).
        let new = send(&app, get("/consultations/1/new", c)).await;
        assert!(new
            .body
            .contains(&format!("<option value=\"{siska}\">Šiška</option>")));
        assert!(new
            .body
            .contains("<div hidden data-size=\"1000 770\" data-projection="));
        let area = siska.to_string();
        let fields = [
            ("consultation_id", "1"),
            ("title", "Klopi pred knjižnico Šiška"),
            ("body", "Pred knjižnico ni kje sesti."),
            ("category", ""),
            ("area", area.as_str()),
        ];
        let r = send(
            &app,
            form(CreateIdea::PATH, "/consultations/1/new", &fields, c),
        )
        .await;
        let idea = idea_of(&r.location);
        let page = format!("/ideas/{idea}");
        let shown = send(&app, get(&page, c)).await;
        assert!(shown.body.contains("Šiška"));
        assert!(shown.body.contains("id=\"place-map\""));
        assert!(shown.body.contains("enctype=\"multipart/form-data\""));

        // Hostile or wrong uploads come back at the form with the reason; the alt text stays.
        let upload = |fields: Vec<(&'static str, String)>, file: Vec<u8>| {
            let fields: Vec<(&str, String)> = fields;
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            multipart(
                &format!("/ideas/{idea}/pictures"),
                &pairs,
                ("picture", &file),
                &ana,
            )
        };
        let bomb = send(
            &app,
            upload(
                vec![("alt", "Bomba".into())],
                png_claiming(100_000, 100_000),
            ),
        )
        .await;
        let back = path_of(&bomb.location);
        assert!(
            back.starts_with(&format!("{page}?__err=")) && back.ends_with("#error-summary"),
            "{back}"
        );
        let form_page = send(&app, get(&back, c)).await;
        assert!(form_page.body.contains("Slika je prevelika"));
        assert!(form_page.body.contains("value=\"Bomba\""));
        assert!(form_page
            .body
            .contains("<details open class=\"picture-add\">"));
        let huge = send(
            &app,
            upload(vec![("alt", "Velika".into())], vec![0xFF; 20 * 1024 * 1024]),
        )
        .await;
        let form_page = send(&app, get(&path_of(&huge.location), c)).await;
        assert!(
            form_page.body.contains("Slika je prevelika"),
            "{}",
            huge.location
        );
        let no_alt = send(
            &app,
            upload(vec![("alt", " ".into())], phone_photo(300, 200)),
        )
        .await;
        let form_page = send(&app, get(&path_of(&no_alt.location), c)).await;
        assert!(form_page.body.contains("Opišite, kaj je na sliki"));
        assert_eq!(count(&db, "SELECT COUNT(*) FROM idea_pictures").await, 0);

        // A phone photo with GPS: added, then served without any of it.
        let ok = send(
            &app,
            upload(
                vec![("alt", "Prazen pločnik pred knjižnico".into())],
                phone_photo(900, 600),
            ),
        )
        .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER);
        let picture = count(&db, "SELECT MAX(id) FROM idea_pictures").await;
        assert_eq!(
            path_of(&ok.location),
            format!("{page}?notice=picture_added&at=picture-{picture}#notice")
        );
        let shown = send(&app, get(&page, None)).await;
        assert!(shown.body.contains(&format!(
            "<img src=\"/pictures/{picture}.jpg\" alt=\"Prazen pločnik pred knjižnico\" width=\"600\" height=\"900\" loading=\"lazy\""
        )), "{}", shown.body);
        for file in [
            format!("/pictures/{picture}.jpg"),
            format!("/pictures/{picture}-thumb.jpg"),
        ] {
            let r = fetch(&app, &file).await;
            assert_eq!(r.0, StatusCode::OK);
            assert_eq!(r.1.as_deref(), Some("public, max-age=600"));
            assert!(!r.2.windows(4).any(|w| w == b"Exif") && !r.2.windows(3).any(|w| w == b"GPS"));
        }
        assert_eq!(
            fetch(&app, "/pictures/999999.jpg").await.0,
            StatusCode::NOT_FOUND
        );

        // The consultation filtered by Šiška: the idea, its thumbnail sized, the map's areas links.
        let filtered = send(&app, get(&format!("/consultations/1?area={siska}"), None)).await;
        assert!(filtered.body.contains("Klopi pred knjižnico Šiška"));
        assert!(filtered.body.contains(&format!(
            "<img src=\"/pictures/{picture}-thumb.jpg\" alt=\"Prazen pločnik pred knjižnico\" width=\"480\" height=\"320\" loading=\"lazy\" decoding=\"async\" class=\"card-picture\">"
        )));
        assert!(filtered.body.contains(&format!("<a href=\"/consultations/1?area={siska}#ideas-heading\" aria-label=\"Šiška\" aria-current=\"true\"")));
        assert!(
            !filtered.body.contains("Prihodi avtobusov LPP"),
            "only Šiška's ideas"
        );
        assert!(
            !filtered.body.contains("tile") && !filtered.body.contains("https://"),
            "nothing from elsewhere"
        );

        // Replies: the link opens the form at the comment; an empty reply comes back there.
        let comment = send(
            &app,
            form(
                AddComment::PATH,
                &page,
                &[("idea_id", &idea.to_string()), ("body", "Res je.")],
                c,
            ),
        )
        .await;
        assert_eq!(comment.status, StatusCode::FOUND);
        let top = count(&db, "SELECT MAX(id) FROM comments").await;
        let shown = send(&app, get(&page, c)).await;
        assert!(shown.body.contains(&format!(
            "<a href=\"#reply-{top}\" class=\"reply-link\">Odgovori</a>"
        )));
        let fields = [
            ("idea_id", idea.to_string()),
            ("reply_to", top.to_string()),
            ("body", " ".to_string()),
        ];
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let refused = send(&app, form(AddComment::PATH, &page, &pairs, c)).await;
        let back = path_of(&refused.location);
        assert!(back.ends_with("#error-summary"), "{back}");
        let again = send(&app, get(&back, c)).await;
        assert!(again.body.contains(&format!(
            "id=\"reply-{top}\" novalidate class=\"stack reply-form is-open\""
        )));
        assert!(again.body.contains("href=\"#reply-body\""));
        let fields = [
            ("idea_id", idea.to_string()),
            ("reply_to", top.to_string()),
            ("body", "Se strinjam.".to_string()),
        ];
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let replied = send(&app, form(AddComment::PATH, &page, &pairs, c)).await;
        assert!(
            path_of(&replied.location).contains("notice=reply_added"),
            "{}",
            replied.location
        );
        // (Signed in: an anonymous reader may get the page as rendered a moment ago.)
        let shown = send(&app, get(&page, c)).await;
        assert!(shown
            .body
            .contains("<ol aria-label=\"Odgovori\" class=\"comment-list replies\">"));
    }
);

both_backends!(
    areas_upload_refuses_what_is_not_named_polygons_in_degrees,
    |db: Db, url: String| async move {
        let app = app(&url).await;
        let admin = log_in_as_admin(&app).await;
        let settings = "/communities/digitalna-ljubljana/settings";
        let page = send(&app, get(settings, Some(&admin))).await;
        assert!(page.body.contains("id=\"areas-map\""));
        let metres = br#"{"type":"Feature","properties":{"name":"A"},"geometry":{"type":"Polygon","coordinates":[[[461000,101000],[462000,101000],[462000,102000],[461000,101000]]]}}"#;
        let req = multipart(
            "/communities/digitalna-ljubljana/areas",
            &[("mode", "file")],
            ("geojson", metres),
            &admin,
        );
        let r = send(&app, req).await;
        let back = path_of(&r.location);
        assert!(back.starts_with(&format!("{settings}?__err=")), "{back}");
        let again = send(&app, get(&back, Some(&admin))).await;
        assert!(again.body.contains("WGS 84"));
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM areas").await,
            17,
            "nothing changed"
        );
        // A resident may not.
        let ana = register(&app, "ana.obmocja@example.org", "Ana").await;
        let req = multipart(
            "/communities/digitalna-ljubljana/areas",
            &[("mode", "names")],
            ("geojson", b""),
            &ana,
        );
        let r = send(&app, req).await;
        assert!(path_of(&r.location).contains("__err="));
        assert_eq!(count(&db, "SELECT COUNT(*) FROM areas").await, 17);
    }
);
