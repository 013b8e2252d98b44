//! The demo's survey through the HTTP application as a browser without JavaScript uses it, on
//! both back-ends: a guest takes part from the survey's page and comes back to it, a page
//! refused for a missing answer comes back with the error linked to its field and what was
//! chosen kept, the pages lead to the answers to check, the submission is counted, and the
//! results, breakdowns and export are what they should be for each reader.

mod client;

use app::both_backends;
use app::server::Db;
use client::{app, form, get, log_in_as_admin, path_of, send};
use http::StatusCode;

/// The demo's survey, in the consultation open to guests; its first questions (which
/// services, required; Prominfo, required) are 1 and 2.
const SURVEY: &str = "/surveys/1";

both_backends!(
    a_guest_answers_the_demo_survey_without_javascript,
    |db: Db, url: String| async move {
        let app = app(&url).await;
        let consultation = send(&app, get("/consultations/5", None)).await;
        assert!(consultation
            .body
            .contains("Digitalne storitve in vaši podatki"));
        assert!(consultation.body.contains("href=\"/surveys/1\""));

        // Not signed in: taking part, and then back here.
        let page = send(&app, get(SURVEY, None)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("name=\"next\" value=\"/surveys/1\""));
        let guest = send(
            &app,
            form("/consultations/5/guest", SURVEY, &[("next", SURVEY)], None),
        )
        .await;
        assert_eq!(path_of(&guest.location), "/surveys/1?notice=guest#notice");
        let cookie = guest.cookie.expect("signed in");
        let c = Some(cookie.as_str());
        let page = send(&app, get(SURVEY, c)).await;
        assert!(page.body.contains("Stran 1 od 3"));
        assert!(page.body.contains(
            "<legend class=\"question-label\">Katere mestne digitalne storitve poznate?"
        ));

        // A required question left out: back at the page, the error linked to its field and
        // the other answer kept.
        let refused = send(
            &app,
            form(
                "/surveys/1/answers",
                SURVEY,
                &[("page", "1"), ("q2", "3")],
                c,
            ),
        )
        .await;
        assert_eq!(refused.status, StatusCode::SEE_OTHER);
        let back = path_of(&refused.location);
        assert!(back.starts_with("/surveys/1?page=1&__err="), "{back}");
        assert!(back.ends_with("#error-summary"));
        let page = send(&app, get(&back, c)).await;
        assert!(page.body.contains("href=\"#survey-q1\""));
        assert!(page.body.contains("Odgovorite na to vprašanje."));
        assert!(page
            .body
            .contains("id=\"survey-q2-3\" name=\"q2\" value=\"3\" checked"));
        let drafts =
            "SELECT COUNT(*) FROM survey_responses WHERE submitted_at IS NULL AND answers <> '{}'";
        assert_eq!(app::testing::count(&db, drafts).await, 0);

        // Page by page to the answers to check.
        let steps: [&[(&str, &str)]; 3] = [
            &[("page", "1"), ("q1", "0"), ("q1", "2"), ("q2", "3")],
            &[("page", "2"), ("q3", "5"), ("q4", "1"), ("q4", "3")],
            &[("page", "3"), ("q8", "Da bi vedel zanj."), ("q7", "2,5")],
        ];
        let mut to = String::new();
        for fields in steps {
            let r = send(&app, form("/surveys/1/answers", SURVEY, fields, c)).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.location);
            to = path_of(&r.location);
        }
        assert_eq!(to, "/surveys/1?page=check&notice=page_saved#notice");
        let check = send(&app, get(&to, c)).await;
        assert!(check.body.contains("Da bi vedel zanj."));
        assert!(check
            .body
            .contains("Prominfo (prometne informacije); BicikeLJ"));
        // Still a draft: the results count the demo's 64 respondents.
        let admin = log_in_as_admin(&app).await;
        let results = send(&app, get("/surveys/1/results", Some(&admin))).await;
        assert!(
            results.body.contains("<dd>64</dd>"),
            "drafts are not counted"
        );

        let done = send(
            &app,
            form("/surveys/1/answers", &to, &[("page", "check")], c),
        )
        .await;
        assert_eq!(
            path_of(&done.location),
            "/surveys/1?page=check&notice=survey_submitted#notice"
        );
        let submitted = "SELECT COUNT(*) FROM survey_responses WHERE submitted_at IS NOT NULL";
        assert_eq!(app::testing::count(&db, submitted).await, 65);

        // A breakdown by district hides the small cells.
        let by = send(&app, get("/surveys/1/results?by=1", None)).await;
        assert_eq!(by.status, StatusCode::OK);
        assert!(by.body.contains("&lt; 5"));
        assert!(by.body.contains("<svg"));

        // The export: the consultation's administrators only.
        let refused = send(
            &app,
            form(
                "/surveys/1/export",
                "/surveys/1/build",
                &[("format", "csv")],
                c,
            ),
        )
        .await;
        assert!(path_of(&refused.location).starts_with("/surveys/1/build?__err="));
        let file = send(
            &app,
            form(
                "/surveys/1/export",
                "/surveys/1/build",
                &[("format", "csv")],
                Some(&admin),
            ),
        )
        .await;
        assert_eq!(file.status, StatusCode::OK);
        assert_eq!(file.body.lines().count(), 66, "a heading and 65 responses");
        assert!(
            !file.body.contains("Da bi vedel zanj."),
            "texts only when asked"
        );
        assert!(!file.body.contains("@"));

        // Public results are open data too; none while they are not public.
        let api = send(&app, get("/api/v1/surveys/1/results", None)).await;
        assert_eq!(api.status, StatusCode::OK);
        let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
        assert_eq!(json["respondents"], 65);
        assert_eq!(
            json["questions"][1]["counts"][3]["people"]
                .as_i64()
                .map(|n| n >= 1),
            Some(true)
        );
        assert!(!api.body.contains("Da bi vedel zanj."));
        let mut tx = db.begin().await.unwrap();
        sqlx::query("UPDATE surveys SET results_public = 0")
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let closed = send(&app, get("/api/v1/surveys/1/results", None)).await;
        assert_eq!(closed.status, StatusCode::NOT_FOUND);
    }
);
