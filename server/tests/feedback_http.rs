//! What a person is told after a form post, through the whole router on both back-ends: a
//! failed post comes back once to "There is a problem" at the top of the form (one error in
//! the address, the page opened at the summary, the title saying so); a successful one says
//! what happened in a banner. Also what the pages show only to whom it concerns: the waiting
//! items in a moderator's header, the measures apart from residents' ideas, the decided
//! item named in the public log.

mod client;

use app::both_backends;

use app::accounts::server_fns::Login;
use app::ideas::server_fns::CreateIdea;
use app::moderation::server_fns::{DecideItems, ReportContent};
use app::notifications::server_fns::SaveNotificationSettings;
use app::server::Db;
use app::site::server_fns::SaveSiteLook;
use axum::Router;
use client::{
    app, first_consultation, form, get, idea_of, page_of, path_of, post_idea, register, send,
};
use http::StatusCode;
use leptos::server_fn::ServerFn;

/// The `id`s of a page's elements that a link in its error summary points to, and whether
/// each exists on the page.
fn summary_targets(body: &str) -> Vec<(String, bool)> {
    let summary = body
        .split("id=\"error-summary\"")
        .nth(1)
        .and_then(|s| s.split("</div>").next())
        .unwrap_or("");
    summary
        .split("href=\"#")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|id| (id.to_string(), body.contains(&format!("id=\"{id}\""))))
        .collect()
}

async fn log_in(app: &Router, email: &str) -> String {
    let fields = [
        ("email", email),
        ("password", server::seed::DEMO_PASSWORD),
        ("next", ""),
    ];
    let r = send(app, form(Login::PATH, "/login", &fields, None)).await;
    assert_eq!(r.status, StatusCode::FOUND, "{}", r.body);
    r.cookie.expect("a session")
}

both_backends!(
    a_failed_post_returns_once_to_its_summary_and_a_success_says_so,
    |db: Db, url: String| async move {
        let app = app(&url).await;
        let g = first_consultation(&db).await;
        let cookie = register(&app, "povratna@example.org", "Povratna").await;
        let new_page = format!("/consultations/{g}/new");
        // Three tries with no title: each from the page the last one returned to, as a
        // browser sends it (the address without its fragment).
        let mut from = new_page.clone();
        let mut last = String::new();
        for _ in 0..3 {
            let fields = [
                ("consultation_id", g.to_string()),
                ("title", String::new()),
                ("body", "Besedilo ostane.".to_string()),
                ("category", String::new()),
            ];
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let r = send(&app, form(CreateIdea::PATH, &from, &fields, Some(&cookie))).await;
            assert_eq!(r.status, StatusCode::FOUND);
            last = path_of(&r.location);
            from = last.split('#').next().unwrap().to_string();
        }
        assert_eq!(last.matches("__err=").count(), 1, "{last}");
        assert!(!last.contains("__path"), "{last}");
        assert!(last.starts_with(&format!("{new_page}?__err=")), "{last}");
        assert!(last.ends_with("#error-summary"), "{last}");

        let page = send(&app, get(&last, Some(&cookie))).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("<title>Napaka: "),
            "the title says it failed"
        );
        assert!(page.body.contains("Prišlo je do težave"));
        assert!(
            page.body.contains("Besedilo ostane."),
            "nothing typed is lost"
        );
        let targets = summary_targets(&page.body);
        assert_eq!(targets, vec![("idea-title".to_string(), true)]);

        // The same form, filled in: the idea's page says it was published.
        let r = post_idea(&app, g, "Pitnike v parkih", "Več pitnikov.", &cookie).await;
        let idea_page = page_of(&r.location);
        assert_eq!(
            path_of(&r.location),
            format!("{idea_page}?notice=idea_posted#notice")
        );
        let page = send(&app, get(&path_of(&r.location), Some(&cookie))).await;
        assert!(page.body.contains("id=\"notice\""));
        assert!(page.body.contains("Vaša ideja je objavljena."));
        assert!(!page.body.contains("<title>Napaka"));
    }
);

both_backends!(
    a_time_zone_not_in_the_short_list_is_typed,
    |db: Db, url: String| async move {
        let app = app(&url).await;
        let cookie = register(&app, "pasovna@example.org", "Pasovna").await;
        let save = |zone: &'static str, other: &'static str| {
            let fields = [
                ("mail_mode", "instant"),
                ("lang", "sl"),
                ("time_zone", zone),
                ("other_zone", other),
            ];
            form(
                SaveNotificationSettings::PATH,
                "/notifications",
                &fields,
                Some(&cookie),
            )
        };
        let r = send(&app, save("other", "Europe/Vienna")).await;
        assert_eq!(
            path_of(&r.location),
            "/notifications?notice=saved&at=settings-heading#notice"
        );
        let zone: Option<String> =
            sqlx::query_scalar("SELECT time_zone FROM users WHERE display_name = 'Pasovna'")
                .fetch_one(&db.pool)
                .await
                .unwrap();
        assert_eq!(zone.as_deref(), Some("Europe/Vienna"));
        let page = send(&app, get("/notifications", Some(&cookie))).await;
        assert!(page.body.contains("value=\"Europe/Vienna\""), "shown typed");
        assert!(page.body.contains("<option value=\"other\" selected"));
        // A short list to choose from; every zone only as a suggestion for typing.
        let select = page.body.split("id=\"settings-time_zone\"").nth(1).unwrap();
        let select = select.split("</select>").next().unwrap();
        assert_eq!(select.matches("<option").count(), 1 + 14 + 1);
        assert!(page.body.contains("<datalist id=\"zone-names\">"));

        // A zone that does not exist: the summary leads to the list, the choice is kept.
        let r = send(&app, save("other", "Mars/Olympus")).await;
        let page = send(&app, get(&path_of(&r.location), Some(&cookie))).await;
        assert_eq!(
            summary_targets(&page.body),
            vec![("settings-time_zone".to_string(), true)]
        );
        assert!(page.body.contains("value=\"Mars/Olympus\""));
    }
);

both_backends!(
    moderators_see_what_waits_and_the_log_names_what_was_decided,
    |db: Db, url: String| async move {
        let app = app(&url).await;
        let g = first_consultation(&db).await;
        let author = register(&app, "avtor.dnevnika@example.org", "Avtor").await;
        let r = post_idea(&app, g, "Klopi ob Ljubljanici", "Več klopi.", &author).await;
        let idea = idea_of(&r.location);
        let slug: String = sqlx::query_scalar("SELECT slug FROM communities ORDER BY id LIMIT 1")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        let queue = format!("/communities/{slug}/moderation");

        let reader = register(&app, "bralec.dnevnika@example.org", "Bralec").await;
        let target = format!("idea:{idea}");
        let fields = [
            ("target", target.as_str()),
            ("reason", "spam"),
            ("note", ""),
        ];
        let from = format!("/report/idea/{idea}");
        send(
            &app,
            form(ReportContent::PATH, &from, &fields, Some(&reader)),
        )
        .await;

        // The moderator's header counts the queue and leads to it; a resident's does not.
        let moderator = log_in(&app, server::seed::DEMO_MODERATOR_EMAIL).await;
        let home = send(&app, get("/", Some(&moderator))).await;
        assert!(home.body.contains("class=\"queue-link\""), "{}", home.body);
        assert!(home.body.contains(&format!("href=\"{queue}\"")));
        let home = send(&app, get("/", Some(&reader))).await;
        assert!(!home.body.contains("queue-link"));

        // Hidden by a decision from the queue: the banner counts it, the log names it but
        // does not link to what cannot be read.
        let fields = [
            ("back", queue.as_str()),
            ("items[0]", target.as_str()),
            ("decision", "hide"),
            ("reason", "spam"),
            ("note", ""),
        ];
        let r = send(
            &app,
            form(DecideItems::PATH, &queue, &fields, Some(&moderator)),
        )
        .await;
        assert_eq!(
            path_of(&r.location),
            format!("{queue}?notice=hidden&n=1#notice")
        );
        let page = send(&app, get(&path_of(&r.location), Some(&moderator))).await;
        assert!(page.body.contains("1 vsebina je skrita."), "{}", page.body);
        let log = send(&app, get(&format!("{queue}/log"), None)).await;
        assert!(log.body.contains("Ideja »Klopi ob Ljubljanici«"));
        assert!(!log.body.contains(&format!("href=\"/ideas/{idea}\"")));

        // Shown again: now the log links to it.
        let fields = [
            ("back", queue.as_str()),
            ("single", &format!("restore:{target}")),
        ];
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, &**v)).collect();
        let r = send(
            &app,
            form(DecideItems::PATH, &queue, &fields, Some(&moderator)),
        )
        .await;
        assert!(r.location.contains("notice=restored&n=1"), "{}", r.location);
        let log = send(&app, get(&format!("{queue}/log?page=1"), None)).await;
        assert!(log.body.contains(&format!(
            "<a href=\"/ideas/{idea}\">Ideja »Klopi ob Ljubljanici«</a>"
        )));
    }
);

both_backends!(
    the_city_s_measures_are_listed_apart_from_residents_ideas,
    |db: Db, url: String| async move {
        let app = app(&url).await;
        let (consultation, title): (i64, String) = sqlx::query_as(
            "SELECT consultation_id, title FROM ideas WHERE kind = 'measure' AND hidden = 0
             ORDER BY id LIMIT 1",
        )
        .fetch_one(&db.pool)
        .await
        .unwrap();
        let page = send(&app, get(&format!("/consultations/{consultation}"), None)).await;
        let (measures, ideas) = page
            .body
            .split_once("id=\"ideas-heading\"")
            .expect("the residents' ideas");
        let measures = measures
            .split("id=\"measures-heading\"")
            .nth(1)
            .expect("a section of measures before the ideas");
        assert!(measures.contains(&title));
        assert!(!ideas.contains(&title), "a measure is not among the ideas");
    }
);

both_backends!(
    the_demo_looks_like_the_city_s_site_and_a_site_administrator_changes_it,
    |db: Db, url: String| async move {
        let app = app(&url).await;
        let home = send(&app, get("/", None)).await;
        assert!(home.body.contains(">Posvet Ljubljana</a>"), "{}", home.body);
        assert!(home.body.contains("class=\"logo\""));
        assert!(home
            .body
            .contains("Digitalna Ljubljana: predlagajte, razpravljajte, glasujte"));
        let sheet = home
            .body
            .split("href=\"/site.css?v=")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("the look's stylesheet is linked");
        let css = send(&app, get(&format!("/site.css?v={sheet}"), None)).await;
        assert!(css.body.contains("--brand:#00703c"), "{}", css.body);

        // Only a site administrator opens the settings; the demo's administrator runs a
        // community, so becomes one here.
        let admin = client::log_in_as_admin(&app).await;
        let page = send(&app, get("/site/look", Some(&admin))).await;
        assert!(
            !page.body.contains("action=\"/api/save_site_look"),
            "refused"
        );
        sqlx::query("UPDATE users SET site_admin = 1 WHERE email = $1")
            .bind(server::seed::DEMO_ADMIN_EMAIL)
            .execute(&db.pool)
            .await
            .unwrap();
        let page = send(&app, get("/site/look", Some(&admin))).await;
        assert!(page.body.contains("value=\"#00703c\""), "{}", page.body);

        // Too light a colour comes back to its field, with what was typed.
        let save = |colour: &'static str| {
            let fields = [
                ("name", "Posvet Maribor"),
                ("tagline_sl", ""),
                ("tagline_en", ""),
                ("colour", colour),
            ];
            form(SaveSiteLook::PATH, "/site/look", &fields, Some(&admin))
        };
        let r = send(&app, save("#ffdd00")).await;
        let page = send(&app, get(&path_of(&r.location), Some(&admin))).await;
        assert_eq!(
            summary_targets(&page.body),
            vec![("look-colour".to_string(), true)]
        );
        assert!(page.body.contains("value=\"Posvet Maribor\""));

        let r = send(&app, save("#6b1d5c")).await;
        assert_eq!(path_of(&r.location), "/site/look?notice=saved#notice");
        let home = send(&app, get("/", Some(&admin))).await;
        assert!(home.body.contains(">Posvet Maribor</a>"));
        // An empty tagline: Posvet's own.
        assert!(home
            .body
            .contains("Ideje, argumenti in glasovi za boljše mesto"));
    }
);
