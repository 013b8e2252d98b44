//! Taking part without an account through the HTTP application, both back-ends: the demo's
//! last consultation takes guests and asks two questions; a plain form post makes a guest
//! signed in on that browser; consultations that take accounts only refuse, forged answers
//! make nothing, and making guests is limited per address like registering.

mod client;

use app::both_backends;
use app::server::Db;
use client::{app, form, get, log_in_as_admin, path_of, send};
use http::StatusCode;

/// The demo's consultation open to guests, and one for full accounts only.
const OPEN: &str = "/consultations/5";
const ACCOUNTS_ONLY: &str = "/consultations/1";

both_backends!(
    a_plain_form_makes_a_guest_who_takes_part_where_welcome,
    |db: Db, url: String| async move {
        let app = app(&url).await;
        let users = || async { app::testing::count(&db, "SELECT COUNT(*) FROM users").await };
        let page = send(&app, get(OPEN, None)).await;
        assert!(page.body.contains("Sodelujte brez računa"));
        assert!(page.body.contains("Četrtna skupnost") && page.body.contains("Šmarna gora"));
        assert!(!send(&app, get(ACCOUNTS_ONLY, None))
            .await
            .body
            .contains("id=\"take-part\""));

        // Refused where accounts only take part, and for an answer no form offers.
        let before = users().await;
        let refused = send(
            &app,
            form(&format!("{ACCOUNTS_ONLY}/guest"), ACCOUNTS_ONLY, &[], None),
        )
        .await;
        assert_eq!(refused.status, StatusCode::SEE_OTHER);
        assert!(path_of(&refused.location).starts_with("/consultations/1?__err="));
        let forged = send(
            &app,
            form(&format!("{OPEN}/guest"), OPEN, &[("q1", "17")], None),
        )
        .await;
        assert!(path_of(&forged.location).starts_with("/consultations/5?__err="));
        assert_eq!(users().await, before, "nothing was made");

        let made = send(
            &app,
            form(
                &format!("{OPEN}/guest"),
                OPEN,
                &[("q1", "13"), ("q2", "")],
                None,
            ),
        )
        .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER);
        assert_eq!(
            path_of(&made.location),
            "/consultations/5?notice=guest#notice"
        );
        let guest = made.cookie.expect("signed in on this browser");
        let page = send(&app, get(&path_of(&made.location), Some(&guest))).await;
        assert!(page.body.contains("Sodelujete kot gost."));
        assert!(
            page.body.contains("Udeleženec "),
            "the pseudonym in the header"
        );
        assert!(!page.body.contains("id=\"take-part\"") && !page.body.contains("id=\"about-you\""));
        let answered = "SELECT COUNT(*) FROM registration_answers
             WHERE user_id = (SELECT MAX(id) FROM users) AND (choice = 13 OR choice IS NULL)";
        assert_eq!(app::testing::count(&db, answered).await, 2);
        // The administrators see how many answered each question (a declined one counts; the
        // demo survey's respondents answered them too).
        let admin = log_in_as_admin(&app).await;
        let settings = send(&app, get(&format!("{OPEN}/settings"), Some(&admin))).await;
        for question in [1, 2] {
            let sql =
                format!("SELECT COUNT(*) FROM registration_answers WHERE question_id = {question}");
            let n = app::testing::count(&db, &sql).await;
            assert!(n > 1);
            assert!(
                settings.body.contains(&format!("odgovorov: {n}")),
                "question {question}: {n}"
            );
        }

        // Where only full accounts take part, the guest reads and is told how to write.
        let page = send(&app, get(ACCOUNTS_ONLY, Some(&guest))).await;
        assert!(page
            .body
            .contains("V tem posvetu sodelujejo le polni računi"));
        let account = send(&app, get("/account", Some(&guest))).await;
        assert!(account.body.contains("id=\"full-account\""));
        assert!(
            !account.body.contains("@guest.invalid"),
            "the placeholder address is never shown"
        );
    }
);

both_backends!(
    making_guests_is_limited_per_address,
    |_db: Db, url: String| async move {
        let app = app(&url).await;
        let mut limited = None;
        for n in 0..20 {
            let r = send(&app, form(&format!("{OPEN}/guest"), OPEN, &[], None)).await;
            if path_of(&r.location) == "/consultations/5?notice=guest#notice" {
                continue;
            }
            assert!(path_of(&r.location).starts_with("/consultations/5?__err="));
            let page = send(&app, get(&path_of(&r.location), None)).await;
            assert!(page.body.contains("Preveč poskusov"));
            limited = Some(n);
            break;
        }
        let n = limited.expect("never limited");
        assert!(n >= 10, "ten pass at once, limited at {n}");
    }
);
