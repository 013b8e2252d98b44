//! Defects found by black-box testing of the release (issue "Trust") that show in what a
//! browser receives: text written where the page's escaping does not reach (`<title>`,
//! `<meta>`, `<textarea>`, the Atom feed), and hidden content named on secondary pages.
//! Both back-ends, through the whole router.

mod client;

use app::both_backends;
use app::testing as common;

use app::ctx::Ctx;
use app::moderation::rules::{ContentRef, Kind, Reason};
use app::server::{db, Db};
use client::{
    app, first_consultation, get, idea_of, log_in_as_admin, path_of, post_idea, register, send,
};
use http::StatusCode;

/// 55 characters: fits an idea's title (60) and closes the page's title if written raw.
const TITLE_ATTACK: &str = "</title><meta http-equiv=refresh content=0;url=//e.vil>";
/// 33 characters: fits a display name (40).
const NAME_ATTACK: &str = "</title><meta http-equiv=refresh>";

/// What the page's `<head>` holds: one title, no element that the text smuggled in.
fn assert_head_is_whole(body: &str, what: &str) {
    let head = body.split("</head>").next().unwrap_or("");
    assert_eq!(head.matches("<title>").count(), 1, "{what}: {head}");
    assert_eq!(head.matches("</title>").count(), 1, "{what}: {head}");
    assert!(!head.contains("<meta http-equiv"), "{what}: {head}");
    assert!(!body.contains("<meta http-equiv"), "{what}: {body}");
}

/// The demo community's address name.
async fn demo_slug(db: &Db) -> String {
    sqlx::query_scalar("SELECT slug FROM communities ORDER BY id LIMIT 1")
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

async fn ctx_of(db: &Db, email: &str) -> Ctx {
    common::as_user(db, email).await
}

both_backends!(
    user_text_in_the_head_and_in_textareas_stays_text,
    |db: Db, url: String| async move {
        let app = app(&url).await;
        let g = first_consultation(&db).await;
        let cookie = register(&app, "napadalec@example.org", NAME_ATTACK).await;
        let body = "</textarea><meta http-equiv=refresh content=0;url=//e.vil>";
        let r = post_idea(&app, g, TITLE_ATTACK, body, &cookie).await;
        assert_eq!(r.status, StatusCode::FOUND, "{}", r.body);
        let idea = path_of(&r.location);

        // Anonymous (from the page cache too: asked twice) and signed in.
        for _ in 0..2 {
            let page = send(&app, get(&idea, None)).await;
            assert_eq!(page.status, StatusCode::OK);
            assert_head_is_whole(&page.body, "idea page");
            assert!(page
                .body
                .contains("&lt;/title&gt;&lt;meta http-equiv=refresh"));
        }
        let edit = send(&app, get(&format!("{idea}/edit"), Some(&cookie))).await;
        assert_eq!(edit.status, StatusCode::OK);
        assert_head_is_whole(&edit.body, "edit page");
        assert!(edit.body.contains("&lt;/textarea&gt;"), "{}", edit.body);

        // Names and descriptions of consultations and communities reach the head too.
        sqlx::query("UPDATE consultations SET name = $1, description = $2 WHERE id = $3")
            .bind(format!(r#"{{"sl":"{TITLE_ATTACK}","en":"x"}}"#))
            .bind(r#"{"sl":"\"><meta http-equiv=refresh content=0>","en":"x"}"#)
            .bind(g)
            .execute(&db.pool)
            .await
            .unwrap();
        let page = send(&app, get(&format!("/consultations/{g}"), None)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert_head_is_whole(&page.body, "consultation page");

        // A display name, on the administrators' ban page.
        let admin = log_in_as_admin(&app).await;
        let me: i64 =
            sqlx::query_scalar("SELECT id FROM users WHERE email = 'napadalec@example.org'")
                .fetch_one(&db.pool)
                .await
                .unwrap();
        let slug = demo_slug(&db).await;
        let ban = send(
            &app,
            get(&format!("/communities/{slug}/ban/{me}"), Some(&admin)),
        )
        .await;
        assert_eq!(ban.status, StatusCode::OK, "{}", ban.body);
        assert_head_is_whole(&ban.body, "ban page");
        assert!(ban
            .body
            .contains("&lt;/title&gt;&lt;meta http-equiv=refresh&gt;"));

        // A measure's title, on its page and on its administrators' page.
        let admin_ctx = ctx_of(&db, server::seed::DEMO_ADMIN_EMAIL).await;
        let draft = app::measures::rules::MeasureDraft {
            title: TITLE_ATTACK.into(),
            body: body.into(),
            responsible: "Služba".into(),
            status: "planned".into(),
            ..Default::default()
        };
        let measure = app::measures::service::create_measure(&admin_ctx, g, &draft, &[])
            .await
            .unwrap();
        for path in [
            format!("/ideas/{measure}"),
            format!("/measures/{measure}/manage"),
        ] {
            let page = send(&app, get(&path, Some(&admin))).await;
            assert_eq!(page.status, StatusCode::OK, "{path}");
            assert_head_is_whole(&page.body, &path);
        }
    }
);

both_backends!(
    a_feed_is_well_formed_whatever_an_update_holds,
    |db: Db, url: String| async move {
        let app = app(&url).await;
        let g = first_consultation(&db).await;
        let admin = ctx_of(&db, server::seed::DEMO_ADMIN_EMAIL).await;
        let draft = app::measures::rules::MeasureDraft {
            title: "Ukrep <b>&</b>".into(),
            body: "Opis.".into(),
            responsible: "Služba".into(),
            status: "planned".into(),
            ..Default::default()
        };
        let measure = app::measures::service::create_measure(&admin, g, &draft, &[])
            .await
            .unwrap();
        app::measures::service::post_update(&admin, measure, "Napredek\u{1}\u{1b}[31m rdeče\u{b}")
            .await
            .unwrap();
        let slug = demo_slug(&db).await;
        let feed = send(
            &app,
            get(&format!("/communities/{slug}/updates.atom"), None),
        )
        .await;
        assert_eq!(feed.status, StatusCode::OK);
        assert!(feed.body.contains("Napredek[31m rdeče"), "{}", feed.body);
        assert!(
            !feed
                .body
                .chars()
                .any(|c| c < ' ' && !matches!(c, '\t' | '\n' | '\r')),
            "a character XML forbids: {:?}",
            feed.body
        );
        assert!(feed.body.contains("Ukrep &lt;b&gt;&amp;&lt;/b&gt;"));
    }
);

both_backends!(
    what_is_under_a_hidden_idea_is_hidden_on_the_report_page_too,
    |db: Db, url: String| async move {
        let app = app(&url).await;
        let g = first_consultation(&db).await;
        let author = register(&app, "avtorica@example.org", "Avtorica").await;
        let r = post_idea(&app, g, "Skrita zamisel", "Besedilo.", &author).await;
        let idea = idea_of(&r.location);
        let arguer = register(&app, "sogovornik@example.org", "Sogovornik").await;
        let arguer_ctx = ctx_of(&db, "sogovornik@example.org").await;
        let argument =
            app::arguments::service::add_argument(&arguer_ctx, idea, "for", "Strinjam se.")
                .await
                .unwrap();
        let mut tx = db.begin().await.unwrap();
        db::moderation::hide(
            &mut tx,
            ContentRef::new(Kind::Idea, idea),
            Reason::Spam,
            None,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();

        let page = format!("/report/argument/{argument}");
        let stranger = register(&app, "tujec@example.org", "Tujec").await;
        let seen = send(&app, get(&page, Some(&stranger))).await;
        assert_eq!(seen.status, StatusCode::NOT_FOUND, "{}", seen.body);
        assert!(!seen.body.contains("Skrita zamisel"));
        assert!(!seen.body.contains("Strinjam se."));
        // The argument's own author still reaches it, without the hidden idea's title.
        let own = send(&app, get(&page, Some(&arguer))).await;
        assert_eq!(own.status, StatusCode::OK, "{}", own.body);
        assert!(!own.body.contains("Skrita zamisel"));
        // The idea's author and moderators see both.
        let authors = send(&app, get(&page, Some(&author))).await;
        assert!(authors.body.contains("Skrita zamisel"));
    }
);
