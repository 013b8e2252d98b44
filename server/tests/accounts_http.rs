//! Accounts through the HTTP application, both back-ends: "Download my data" is the signed-in
//! person's own data and nobody else's, and sign-ins through a provider share the login
//! form's per-address limit.

mod client;

use app::both_backends;
use app::server::Db;
use client::{app, get, path_of, register, send};
use http::StatusCode;

both_backends!(
    my_data_is_mine_and_only_when_signed_in,
    |_db: Db, url: String| async move {
        let app = app(&url).await;
        let anonymous = send(&app, get("/account/data.json", None)).await;
        assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
        assert_eq!(
            path_of(&anonymous.location),
            "/login?next=%2Faccount%2Fdata.json"
        );

        let zala = register(&app, "zala@example.org", "Zala").await;
        register(&app, "jure@example.org", "Jure").await;
        let data = send(&app, get("/account/data.json", Some(&zala))).await;
        assert_eq!(data.status, StatusCode::OK);
        let json: serde_json::Value = serde_json::from_str(&data.body).unwrap();
        assert_eq!(json["account"][0]["email"], "zala@example.org");
        assert!(!data.body.contains("jure@example.org"));

        let page = send(&app, get("/account", Some(&zala))).await;
        assert!(
            page.body.contains("zala@example.org"),
            "the account page shows one's own address"
        );
    }
);

both_backends!(
    provider_sign_ins_are_rate_limited_per_address,
    |_db: Db, url: String| async move {
        let app = app(&url).await;
        // No provider is configured: an unknown one is not found, until the budget is spent.
        let mut limited = None;
        for n in 0..20 {
            let r = send(&app, get("/auth/nope", None)).await;
            if r.status == StatusCode::NOT_FOUND {
                continue;
            }
            assert_eq!(r.status, StatusCode::SEE_OTHER);
            assert_eq!(path_of(&r.location), "/login");
            let page = send(&app, get("/login", r.cookie.as_deref())).await;
            assert!(page
                .body
                .contains("Preveč poskusov. Počakajte minuto in poskusite znova."));
            limited = Some(n);
            break;
        }
        let n = limited.expect("never limited");
        assert!(n >= 10, "ten sign-ins pass at once, limited at {n}");
    }
);
