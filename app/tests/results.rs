//! Results pages and the dashboard through their services on both back-ends: public figures
//! leave hidden content out, the ranking is by net support, the day series add up to the
//! totals, only administrators see the dashboard, and reports decided give a median time.

use app::both_backends;
use app::error::AppError;
use app::ideas::rules::Status;
use app::moderation::rules::{ContentRef, Kind};
use app::results::service::{consultation_results, dashboard};
use app::server::Db;
use app::testing::{as_user, demo, draft, SLUG};
use app::{arguments, comments, ideas, moderation, votes};

both_backends!(
    results_count_public_content_only,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        let liked = ideas::service::create_idea(&d.resident, d.consultation, &draft("Več klopi"))
            .await
            .unwrap();
        let disputed = ideas::service::create_idea(&d.resident, d.consultation, &draft("Žičnica"))
            .await
            .unwrap();
        let hidden =
            ideas::service::create_idea(&d.other_resident, d.consultation, &draft("Skrito"))
                .await
                .unwrap();
        for voter in [&d.resident, &d.other_resident, &d.moderator] {
            votes::service::vote_idea(voter, liked, 1).await.unwrap();
        }
        votes::service::vote_idea(&d.other_resident, disputed, 1)
            .await
            .unwrap();
        votes::service::vote_idea(&d.moderator, disputed, -1)
            .await
            .unwrap();
        votes::service::vote_idea(&d.admin, disputed, -1)
            .await
            .unwrap();
        // Someone votes only on the idea about to be hidden: they took part all the same.
        let hidden_voter = as_user(&db, app::testing::ELSEWHERE).await;
        votes::service::vote_idea(&hidden_voter, hidden, 1)
            .await
            .unwrap();
        arguments::service::add_argument(&d.other_resident, liked, "for", "Prav.")
            .await
            .unwrap();
        arguments::service::add_argument(&d.moderator, disputed, "against", "Drago.")
            .await
            .unwrap();
        arguments::service::add_argument(&d.resident, disputed, "against", "Hrup.")
            .await
            .unwrap();
        comments::service::add_comment(&d.other_resident, liked, None, "Kje?")
            .await
            .unwrap();
        ideas::service::answer_ideas(&d.admin, &[liked], "adopted", "Postavimo jih spomladi.")
            .await
            .unwrap();
        sqlx::query("INSERT INTO categories (community_id, name, position) VALUES ($1, $2, 1)")
            .bind(d.community)
            .bind(r#"{"sl":"Promet","en":"Transport"}"#)
            .execute(&db.pool)
            .await
            .unwrap();
        sqlx::query(
            "UPDATE ideas SET category_id = (SELECT MAX(id) FROM categories) WHERE id = $1",
        )
        .bind(disputed)
        .execute(&db.pool)
        .await
        .unwrap();
        moderation::service::decide(
            &d.moderator,
            &[ContentRef {
                kind: Kind::Idea,
                id: hidden,
            }],
            "hide",
            "spam",
            "",
        )
        .await
        .unwrap();

        let r = consultation_results(&d.anonymous, d.consultation)
            .await
            .unwrap();
        assert_eq!(r.ideas, 2, "the hidden idea is not counted");
        assert_eq!((r.votes_for, r.votes_against), (4, 2));
        assert_eq!((r.arguments_for, r.arguments_against), (1, 2));
        assert_eq!(r.comments, 1);
        // resident, other resident, moderator, admin, and the voter of the hidden idea.
        assert_eq!(r.participants, 5);
        let ranked: Vec<i64> = r.ranking.iter().map(|i| i.id).collect();
        assert_eq!(ranked, vec![liked, disputed]);
        assert_eq!(r.ranking[0].status, Status::Adopted);
        let per_day: i64 = r.votes_per_day.iter().map(|v| v.up + v.down).sum();
        assert_eq!(
            per_day, 6,
            "the days add up to the votes, the hidden idea's taken out"
        );
        assert_eq!(
            r.votes_per_day.last().map(|v| v.day),
            Some(app::time::day_number(app::server::db::now_ms()))
        );
        assert_eq!(r.participants_per_day.iter().map(|p| p.n).max(), Some(5));
        assert_eq!(
            r.categories,
            vec![
                ("Promet".to_string(), 1),
                ("Brez kategorije".to_string(), 1)
            ]
        );
        assert_eq!(r.statuses, vec![(Status::Open, 1), (Status::Adopted, 1)]);
        assert_eq!(
            consultation_results(&d.anonymous, 999_999).await.err(),
            Some(AppError::NotFound)
        );
    }
);

both_backends!(
    dashboard_is_for_administrators,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        let idea = ideas::service::create_idea(&d.resident, d.consultation, &draft("Ideja"))
            .await
            .unwrap();
        let other = ideas::service::create_idea(&d.resident, d.consultation, &draft("Druga"))
            .await
            .unwrap();
        votes::service::vote_idea(&d.other_resident, idea, 1)
            .await
            .unwrap();
        arguments::service::add_argument(&d.other_resident, idea, "for", "Da.")
            .await
            .unwrap();
        let reported = |id| ContentRef {
            kind: Kind::Idea,
            id,
        };
        moderation::service::report(&d.other_resident, reported(idea), "spam", "")
            .await
            .unwrap();
        moderation::service::report(&d.other_resident, reported(other), "spam", "")
            .await
            .unwrap();
        // One report was made an hour and a half before the decision.
        sqlx::query("UPDATE reports SET created_at = created_at - 5400000 WHERE target_id = $1")
            .bind(idea)
            .execute(&db.pool)
            .await
            .unwrap();
        moderation::service::decide(&d.moderator, &[reported(idea)], "approve", "", "")
            .await
            .unwrap();

        for who in [&d.anonymous, &d.resident, &d.moderator] {
            assert!(dashboard(who, SLUG, 30).await.is_err());
        }
        let v = dashboard(&d.admin, SLUG, 7).await.unwrap();
        assert_eq!(v.activity.len(), 7);
        let today = v.activity.last().unwrap();
        assert_eq!((today.ideas, today.arguments, today.votes), (2, 1, 1));
        assert_eq!(today.participants, 2);
        assert_eq!((v.participants, v.participants_ever), (2, 2));
        assert_eq!((v.reports_opened, v.reports_closed, v.queue), (2, 1, 1));
        let median = v.median_decision_ms.unwrap();
        assert!((5_400_000..5_460_000).contains(&median), "{median}");
        assert_eq!(
            dashboard(&d.admin, "nobody", 7).await.err(),
            Some(AppError::NotFound)
        );
    }
);

both_backends!(
    kept_days_follow_the_day_of_each_part,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        const DAY: i64 = 86_400_000;
        let old = ideas::service::create_idea(&d.resident, d.consultation, &draft("Včerajšnja"))
            .await
            .unwrap();
        votes::service::vote_idea(&d.other_resident, old, 1)
            .await
            .unwrap();
        ideas::service::create_idea(&d.resident, d.consultation, &draft("Današnja"))
            .await
            .unwrap();
        let kept = || async {
            sqlx::query_as::<_, (i64, i64, i64, i64, i64, i64)>(
                "SELECT day, ideas, votes_for, votes_against, participants, newcomers
                 FROM consultation_days ORDER BY consultation_id, day",
            )
            .fetch_all(&db.pool)
            .await
            .unwrap()
        };
        let forget = || async {
            for table in [
                "consultation_days",
                "community_days",
                "consultation_participants",
                "community_participants",
            ] {
                sqlx::query(&format!("DELETE FROM {table}"))
                    .execute(&db.pool)
                    .await
                    .unwrap();
            }
        };
        // What the writes kept is what the server fills from the rows when it is missing
        // (a database migrated to the kept days).
        let written = kept().await;
        assert_eq!(written.len(), 1, "{written:?}");
        forget().await;
        app::server::db::activity::fill_if_missing(&db)
            .await
            .unwrap();
        assert_eq!(kept().await, written);

        // The first idea and its vote happened yesterday at noon.
        let today = app::time::day_number(app::server::db::now_ms());
        let noon = app::time::day_start(today - 1) + DAY / 2;
        for sql in [
            "UPDATE ideas SET created_at = $2 WHERE id = $1",
            "UPDATE idea_votes SET created_at = $2 WHERE idea_id = $1",
        ] {
            sqlx::query(sql)
                .bind(old)
                .bind(noon)
                .execute(&db.pool)
                .await
                .unwrap();
        }
        forget().await;
        app::server::db::activity::fill_if_missing(&db)
            .await
            .unwrap();
        assert_eq!(db.counter_mismatches().await.unwrap(), Vec::<String>::new());

        let v = dashboard(&d.admin, SLUG, 7).await.unwrap();
        let [.., yesterday, today] = v.activity.as_slice() else {
            panic!("seven days");
        };
        assert_eq!((yesterday.ideas, yesterday.votes), (1, 1));
        assert_eq!((yesterday.participants, today.participants), (2, 1));
        assert_eq!((today.ideas, today.votes), (1, 0));
        // Both residents took part in the last two days, and ever.
        assert_eq!((v.participants, v.participants_ever), (2, 2));

        // A vote withdrawn leaves the day it was cast; cast again, it counts today, and the
        // voter takes part today too.
        votes::service::vote_idea(&d.other_resident, old, 0)
            .await
            .unwrap();
        let v = dashboard(&d.admin, SLUG, 6).await.unwrap();
        let [.., yesterday, today] = v.activity.as_slice() else {
            panic!("six days");
        };
        assert_eq!(
            (yesterday.votes, today.votes, today.participants),
            (0, 0, 1)
        );
        votes::service::vote_idea(&d.other_resident, old, -1)
            .await
            .unwrap();
        let v = dashboard(&d.admin, SLUG, 5).await.unwrap();
        let [.., yesterday, today] = v.activity.as_slice() else {
            panic!("five days");
        };
        assert_eq!(
            (yesterday.votes, today.votes, today.participants),
            (0, 1, 2)
        );
        assert_eq!(
            (v.participants, v.participants_ever),
            (2, 2),
            "nobody counted twice"
        );
        let r = consultation_results(&d.anonymous, d.consultation)
            .await
            .unwrap();
        assert_eq!(r.participants, 2);
        assert_eq!(db.counter_mismatches().await.unwrap(), Vec::<String>::new());
    }
);
