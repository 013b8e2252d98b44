//! Moderation through the HTTP application as a browser without JavaScript drives it: report,
//! hide with a reason, the author's appeal, restore; the public and the page cache see each
//! change at once; a resident calling a moderator's server function gets 403 and nothing
//! changes. Both back-ends.

mod client;

use app::both_backends;
use app::testing as common;

use app::accounts::server_fns::Login;
use app::comments::server_fns::AddComment;
use app::ideas::server_fns::UpdateIdea;
use app::moderation::server_fns::{AppealContent, BanPerson, DecideItems, ReportContent};
use app::server::Db;
use app::votes::server_fns::VoteIdea;
use axum::body::Body;
use axum::Router;
use client::{app, first_consultation, form, get, page_of, path_of, post_idea, register, send};
use http::{header, Request, StatusCode};
use leptos::server_fn::ServerFn;

async fn log_in(app: &Router, email: &str) -> String {
    let fields = [
        ("email", email),
        ("password", "posvet-demo-2023"),
        ("next", ""),
    ];
    let r = send(app, form(Login::PATH, "/login", &fields, None)).await;
    assert_eq!(r.status, StatusCode::FOUND, "{}", r.body);
    r.cookie.expect("a session")
}

async fn audit_rows(db: &Db) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

both_backends!(
    report_hide_appeal_restore_without_javascript,
    |db: Db, url: String| async move {
        let app = app(&url).await;
        let author = register(&app, "avtor@example.org", "Avtor").await;
        let reader = register(&app, "bralka@example.org", "Bralka").await;
        let g = first_consultation(&db).await;
        let r = post_idea(
            &app,
            g,
            "Klopi z vtičnicami",
            "Polnjenje telefona na postaji.",
            &author,
        )
        .await;
        let idea_path = page_of(&r.location);
        let idea: i64 = idea_path.trim_start_matches("/ideas/").parse().unwrap();
        let target = format!("idea:{idea}");

        // An anonymous visitor's page is cached before anything happens.
        let before = send(&app, get(&idea_path, None)).await;
        assert!(before.body.contains("Polnjenje telefona"));

        // A reader reports it from the report page.
        let report_page = format!("/report/idea/{idea}");
        let page = send(&app, get(&report_page, Some(&reader))).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Sporočilo o neprimerni vsebini"));
        // No reason chosen: a radio group sends nothing; the form comes back with the error.
        let fields = [("target", target.as_str()), ("note", "Kar tako.")];
        let r = send(
            &app,
            form(ReportContent::PATH, &report_page, &fields, Some(&reader)),
        )
        .await;
        let page = send(&app, get(&path_of(&r.location), Some(&reader))).await;
        assert!(page.body.contains("Izberite razlog."), "{}", page.body);
        assert!(page.body.contains("Kar tako."), "what was typed is kept");
        let fields = [
            ("target", target.as_str()),
            ("reason", "spam"),
            ("note", ""),
        ];
        let r = send(
            &app,
            form(ReportContent::PATH, &report_page, &fields, Some(&reader)),
        )
        .await;
        assert_eq!(
            path_of(&r.location),
            format!("{idea_path}?notice=reported#notice")
        );
        let page = send(&app, get(&path_of(&r.location), Some(&reader))).await;
        assert!(page
            .body
            .contains("Sporočilo o neprimerni vsebini smo prejeli"));

        // The resident calls the moderators' server function directly: 403, nothing changes.
        let call = Request::post(DecideItems::PATH)
            .header(header::HOST, "localhost")
            .header(header::ACCEPT, "application/json")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &reader);
        let body = format!("items[0]={target}&decision=hide&reason=spam&note=&back=/");
        let refused = send(&app, call.body(Body::from(body)).unwrap()).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
        assert_eq!(audit_rows(&db).await, 0);
        assert_eq!(
            common::idea_row(&db, idea, 0)
                .await
                .unwrap()
                .unwrap()
                .hidden,
            0
        );
        let queue_path = "/communities/digitalna-ljubljana/moderation";
        let queue = send(&app, get(queue_path, Some(&reader))).await;
        assert_eq!(queue.status, StatusCode::FORBIDDEN);

        // The moderator sees it in the queue and hides it with a rule and a message; the
        // checkbox names are indexed by position on the page (only checked ones are sent).
        let moderator = log_in(&app, "moderator@posvet.example").await;
        let queue = send(&app, get(queue_path, Some(&moderator))).await;
        assert_eq!(queue.status, StatusCode::OK);
        assert!(queue.body.contains("Klopi z vtičnicami"));
        assert!(
            queue.body.contains("Neželena vsebina ali oglaševanje"),
            "the report's reason"
        );
        assert!(!queue.body.contains("Bralka"), "never who reported");
        let fields = [
            ("back", queue_path),
            ("items[3]", target.as_str()),
            ("decision", "hide"),
            ("reason", "off_topic"),
            ("note", "Predlog ne sodi v to posvetovanje."),
        ];
        let r = send(
            &app,
            form(DecideItems::PATH, queue_path, &fields, Some(&moderator)),
        )
        .await;
        assert_eq!(
            path_of(&r.location),
            format!("{queue_path}?notice=hidden&n=1#notice"),
            "{}",
            r.body
        );
        assert_eq!(
            common::idea_row(&db, idea, 0)
                .await
                .unwrap()
                .unwrap()
                .hidden,
            1
        );

        // At once, for everyone: the anonymous page (cached a moment ago) is gone.
        let public = send(&app, get(&idea_path, None)).await;
        assert_eq!(public.status, StatusCode::GONE);
        assert!(!public.body.contains("Polnjenje telefona"));
        assert!(public.body.contains("Ne sodi k temi"));
        let log = send(
            &app,
            get("/communities/digitalna-ljubljana/moderation/log", None),
        )
        .await;
        assert!(log.body.contains("Skrito") && log.body.contains("Ne sodi k temi"));
        assert!(
            !log.body.contains("Moderator (demo)"),
            "no names in the public log"
        );
        let listing = send(&app, get(&format!("/consultations/{g}?sort=new"), None)).await;
        assert!(!listing.body.contains("Klopi z vtičnicami"));

        // The author sees why, and appeals once.
        let own = send(&app, get(&idea_path, Some(&author))).await;
        assert_eq!(own.status, StatusCode::OK);
        assert!(own.body.contains("Predlog ne sodi v to posvetovanje."));
        let appeal_page = format!("/appeal/idea/{idea}");
        assert!(own.body.contains(&appeal_page));
        let fields = [
            ("target", target.as_str()),
            ("body", "Sodi, gre za javni prostor."),
        ];
        let r = send(
            &app,
            form(AppealContent::PATH, &appeal_page, &fields, Some(&author)),
        )
        .await;
        assert_eq!(
            path_of(&r.location),
            format!("{idea_path}?notice=appealed#notice")
        );
        let again = send(
            &app,
            form(AppealContent::PATH, &appeal_page, &fields, Some(&author)),
        )
        .await;
        // Refused: the page it returns to says the appeal is waiting, and offers no form.
        let back = send(&app, get(&path_of(&again.location), Some(&author))).await;
        assert!(!back.body.contains(AppealContent::PATH));
        assert!(
            back.body.contains("Vaša pritožba čaka na moderatorja."),
            "{}",
            back.body
        );

        // The moderator grants it with the item's own button.
        let queue = send(&app, get(queue_path, Some(&moderator))).await;
        assert!(queue.body.contains("Sodi, gre za javni prostor."));
        let single = format!("restore:{target}");
        let fields = [("back", queue_path), ("single", single.as_str())];
        send(
            &app,
            form(DecideItems::PATH, queue_path, &fields, Some(&moderator)),
        )
        .await;
        let public = send(&app, get(&idea_path, None)).await;
        assert_eq!(public.status, StatusCode::OK);
        assert!(public.body.contains("Polnjenje telefona"));

        // A whole page of the queue is cleared with one press: two reported comments.
        for text in ["Prvi komentar.", "Drugi komentar."] {
            let fields = [("idea_id", idea.to_string()), ("body", text.to_string())];
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            send(
                &app,
                form(AddComment::PATH, &idea_path, &fields, Some(&author)),
            )
            .await;
        }
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM comments WHERE idea_id = $1")
            .bind(idea)
            .fetch_all(&db.pool)
            .await
            .unwrap();
        let keys: Vec<String> = ids.iter().map(|id| format!("comment:{id}")).collect();
        for key in &keys {
            let fields = [
                ("target", key.as_str()),
                ("reason", "other"),
                ("note", "Dvomljivo."),
            ];
            send(
                &app,
                form(ReportContent::PATH, &idea_path, &fields, Some(&reader)),
            )
            .await;
        }
        let queue = send(&app, get(queue_path, Some(&moderator))).await;
        assert!(queue.body.contains("Dvomljivo."), "a report's own words");
        let fields = [
            ("back", queue_path),
            ("page_items[0]", keys[0].as_str()),
            ("page_items[1]", keys[1].as_str()),
            ("decision", "approve"),
            ("reason", ""),
            ("note", ""),
            ("single", "page"),
        ];
        send(
            &app,
            form(DecideItems::PATH, queue_path, &fields, Some(&moderator)),
        )
        .await;
        let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM queue_items")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(open, 0);

        // Once someone voted, an edit keeps the earlier version, readable by everyone.
        let vote = [("idea_id", idea.to_string()), ("value", "1".to_string())];
        let vote: Vec<(&str, &str)> = vote.iter().map(|(k, v)| (*k, v.as_str())).collect();
        send(&app, form(VoteIdea::PATH, &idea_path, &vote, Some(&reader))).await;
        let edit = [
            ("idea_id", idea.to_string()),
            ("title", "Klopi z USB vtičnicami".to_string()),
            ("body", "Polnjenje telefona na vsaki postaji.".to_string()),
            ("category", String::new()),
        ];
        let edit: Vec<(&str, &str)> = edit.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let edit_page = format!("{idea_path}/edit");
        send(
            &app,
            form(UpdateIdea::PATH, &edit_page, &edit, Some(&author)),
        )
        .await;
        // (Signed in: an anonymous page may come from the page cache, up to 1 s old.)
        let page = send(&app, get(&idea_path, Some(&reader))).await;
        assert!(
            page.body.contains(&format!("{idea_path}/history")),
            "marked as edited"
        );
        let history = send(&app, get(&format!("{idea_path}/history"), None)).await;
        assert_eq!(history.status, StatusCode::OK);
        assert!(history.body.contains("Klopi z vtičnicami") && history.body.contains("Avtor"));

        // A ban: the person reads why and until when, and can no longer comment.
        let reader_id: i64 =
            sqlx::query_scalar("SELECT id FROM users WHERE email = 'bralka@example.org'")
                .fetch_one(&db.pool)
                .await
                .unwrap();
        let community: i64 =
            sqlx::query_scalar("SELECT id FROM communities WHERE slug = 'digitalna-ljubljana'")
                .fetch_one(&db.pool)
                .await
                .unwrap();
        let ban = [
            ("community_id", community.to_string()),
            ("user_id", reader_id.to_string()),
            ("reason", "offensive".to_string()),
            ("note", String::new()),
            ("until", "2099-12-31".to_string()),
            (
                "back",
                "/communities/digitalna-ljubljana/members".to_string(),
            ),
        ];
        let ban: Vec<(&str, &str)> = ban.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let ban_page = format!("/communities/digitalna-ljubljana/ban/{reader_id}");
        send(
            &app,
            form(BanPerson::PATH, &ban_page, &ban, Some(&moderator)),
        )
        .await;
        let page = send(&app, get(&idea_path, Some(&reader))).await;
        assert!(page.body.contains("Žaljivo ali sovražno") && page.body.contains("31. 12. 2099"));
        assert!(
            !page.body.contains(AddComment::PATH),
            "no forms for a banned person"
        );
        let comment = [
            ("idea_id", idea.to_string()),
            ("body", "Še vedno tu.".to_string()),
        ];
        let comment: Vec<(&str, &str)> = comment.iter().map(|(k, v)| (*k, v.as_str())).collect();
        send(
            &app,
            form(AddComment::PATH, &idea_path, &comment, Some(&reader)),
        )
        .await;
        let stored: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM comments WHERE body = 'Še vedno tu.'")
                .fetch_one(&db.pool)
                .await
                .unwrap();
        assert_eq!(stored, 0);

        // Administrators read the audit log; moderators may not.
        let audit = "/communities/digitalna-ljubljana/audit";
        assert_eq!(
            send(&app, get(audit, Some(&moderator))).await.status,
            StatusCode::FORBIDDEN
        );
        let admin = log_in(&app, "admin@posvet.example").await;
        let page = send(&app, get(audit, Some(&admin))).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Moderator (demo)") && page.body.contains("Pritožbi ugodeno"));
        assert!(db.counter_mismatches().await.unwrap().is_empty());
    }
);
