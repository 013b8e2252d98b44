//! Opinion groups through their services on both back-ends: the worker computes a
//! consultation whose votes changed (once, whichever worker claims it), the results page shows
//! the groups' sizes and tallies, and each voter alone learns which group they are closest to.

use app::both_backends;
use app::ctx::Ctx;
use app::opinions::service::{self as groups, MIN_AGE_MS};
use app::server::db::{self, Db};
use app::testing::{count, demo, draft, person, raw_pool};
use app::{ideas, votes};

/// `n` voters in each of two camps: camp A agrees with ideas 1–3 and disagrees with 4–6, camp
/// B the other way round; everyone agrees with idea 0 and idea 7 is left to chance.
async fn two_camps(d: &app::testing::Demo, n: usize) -> (Vec<i64>, Vec<Ctx>, Vec<Ctx>) {
    let mut ids = Vec::new();
    for i in 0..8 {
        let id = ideas::service::create_idea(
            &d.resident,
            d.consultation,
            &draft(&format!("Predlog {i}")),
        )
        .await
        .unwrap();
        ids.push(id);
    }
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for k in 0..2 * n {
        let ctx = person(&d.db, &format!("glas{k}@example.org")).await;
        let camp = if k % 2 == 0 { 1 } else { -1 };
        for (i, &idea) in ids.iter().enumerate() {
            let v = match i {
                0 => 1,
                1..=3 => camp,
                4..=6 => -camp,
                _ => {
                    if k % 3 == 0 {
                        1
                    } else {
                        -1
                    }
                }
            };
            votes::service::vote_idea(&ctx, idea, v).await.unwrap();
        }
        if camp == 1 {
            a.push(ctx)
        } else {
            b.push(ctx)
        }
    }
    (ids, a, b)
}

both_backends!(
    the_worker_finds_two_camps_and_the_page_shows_them,
    |db: Db, url: String| async move {
        let d = demo(db.clone()).await;
        let (ids, a, b) = two_camps(&d, 10).await;
        // Nothing is computed on a page request.
        let before = groups::groups_view(&d.anonymous, d.consultation)
            .await
            .unwrap();
        assert!(before.is_none());
        assert_eq!(groups::run_due(&db, "one").await.unwrap(), 1);
        assert_eq!(
            groups::run_due(&db, "two").await.unwrap(),
            0,
            "nothing changed since"
        );

        let view = groups::groups_view(&d.anonymous, d.consultation)
            .await
            .unwrap()
            .expect("two groups of ten");
        assert_eq!(view.participants, 20);
        let sizes: Vec<usize> = view.groups.iter().map(|g| g.size).collect();
        assert_eq!(sizes, vec![10, 10]);
        // Everyone agrees with idea 0: common ground, with every group at 100 %.
        assert_eq!(view.common[0].idea_id, ids[0]);
        assert_eq!(view.common[0].agree, vec![Some((10, 10)), Some((10, 10))]);
        // The camps' ideas set each group apart and divide them.
        let apart: Vec<i64> = view.groups[0]
            .representative
            .iter()
            .map(|r| r.idea_id)
            .collect();
        assert!(apart.iter().all(|i| ids[1..7].contains(i)) && !apart.is_empty());
        assert!(ids[1..7].contains(&view.divisive[0].idea_id));
        assert!(!view.common.iter().any(|c| ids[1..7].contains(&c.idea_id)));

        // Each voter alone learns their group; the two camps get different ones.
        let mine_a = groups::my_group(&a[0], d.consultation)
            .await
            .unwrap()
            .unwrap();
        let mine_b = groups::my_group(&b[0], d.consultation)
            .await
            .unwrap()
            .unwrap();
        assert_ne!(mine_a, mine_b);
        assert_eq!(
            groups::my_group(&a[3], d.consultation).await.unwrap(),
            Some(mine_a.clone())
        );
        assert_eq!(
            groups::my_group(&d.anonymous, d.consultation)
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            groups::my_group(&d.moderator, d.consultation)
                .await
                .unwrap(),
            None,
            "no votes"
        );
        // The results page carries the reader's group only for them.
        let page = app::results::service::results_page(&a[0], d.consultation)
            .await
            .unwrap();
        assert_eq!(page.my_group, Some(mine_a));
        let public = app::results::service::results_page(&d.anonymous, d.consultation)
            .await
            .unwrap();
        assert!(public.groups.is_some() && public.my_group.is_none());

        // A new vote makes the consultation due, but not again within the minimum age; once
        // that has passed, one worker computes it.
        votes::service::vote_idea(&a[1], ids[7], 1).await.unwrap();
        assert_eq!(groups::run_due(&db, "one").await.unwrap(), 0);
        sqlx::query("UPDATE opinion_groups SET computed_at = computed_at - $1")
            .bind(MIN_AGE_MS + 1)
            .execute(&raw_pool(&url).await)
            .await
            .unwrap();
        assert_eq!(groups::run_due(&db, "two").await.unwrap(), 1);
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM opinion_groups WHERE claimed_by IS NULL"
            )
            .await,
            1
        );
    }
);

both_backends!(
    a_claim_keeps_other_workers_off,
    |db: Db, url: String| async move {
        let d = demo(db.clone()).await;
        two_camps(&d, 3).await;
        assert!(db::opinions::claim(&db, d.consultation, "one", 60_000, 0)
            .await
            .unwrap());
        assert!(!db::opinions::claim(&db, d.consultation, "two", 60_000, 0)
            .await
            .unwrap());
        assert_eq!(groups::run_due(&db, "two").await.unwrap(), 0, "held by one");
        // Too few people for two groups of five: nothing is shown.
        sqlx::query("UPDATE opinion_groups SET claimed_until = 0")
            .execute(&raw_pool(&url).await)
            .await
            .unwrap();
        assert_eq!(groups::run_due(&db, "two").await.unwrap(), 1);
        assert!(groups::groups_view(&d.anonymous, d.consultation)
            .await
            .unwrap()
            .is_none());
    }
);

both_backends!(
    arguments_helpful_to_every_group_come_first,
    |db: Db, url: String| async move {
        let d = demo(db.clone()).await;
        let (ids, a, b) = two_camps(&d, 10).await;
        let idea = ids[0];
        let add = |body: &'static str| {
            let ctx = &d.resident;
            async move {
                app::arguments::service::add_argument(ctx, idea, "for", body)
                    .await
                    .unwrap()
            }
        };
        // By counts alone the partisan argument leads (10 helpful, from camp A only) over the
        // shared one (8 helpful, 4 from each camp); across the groups, the shared one does.
        let partisan = add("Dobro za naš del mesta.").await;
        let shared = add("Dobro za vse.").await;
        for ctx in &a {
            votes::service::rate_argument(ctx, partisan, 1)
                .await
                .unwrap();
        }
        for ctx in a[..4].iter().chain(&b[..4]) {
            votes::service::rate_argument(ctx, shared, 1).await.unwrap();
        }
        let by_counts = db::arguments::of_idea(&mut db.conn().await.unwrap(), idea, 0)
            .await
            .unwrap();
        assert_eq!(by_counts[0].id, partisan, "before the groups are known");
        assert_eq!(groups::run_due(&db, "one").await.unwrap(), 1);
        let page = app::ideas::service::idea_page(&d.anonymous, ids[0])
            .await
            .unwrap();
        let order: Vec<(i64, bool)> = page
            .arguments
            .iter()
            .map(|x| (x.id, x.every_group))
            .collect();
        assert_eq!(order, vec![(shared, true), (partisan, false)]);

        // A rating makes the consultation due again (after the minimum age).
        votes::service::rate_argument(&b[0], partisan, 1)
            .await
            .unwrap();
        sqlx::query("UPDATE opinion_groups SET computed_at = computed_at - $1")
            .bind(MIN_AGE_MS + 1)
            .execute(&raw_pool(&url).await)
            .await
            .unwrap();
        assert_eq!(groups::run_due(&db, "one").await.unwrap(), 1);
    }
);

both_backends!(
    the_export_carries_group_sizes_and_tallies_only,
    |db: Db, _url: String| async move {
        use app::exports::rules::Format;
        use app::exports::service::{export, ExportRequest};
        let d = demo(db.clone()).await;
        let (ids, _, _) = two_camps(&d, 10).await;
        let request = |format: &'static str| ExportRequest {
            community_slug: app::testing::SLUG,
            consultation: Some(d.consultation),
            format: Format::parse(format).unwrap(),
            include_hidden: false,
            base_url: "https://posvet.example",
        };
        let read = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
        // Before the worker has computed them there are none to export.
        let before = read(
            export(&d.admin, &request("csv-opinion-groups"))
                .await
                .unwrap()
                .collect()
                .await
                .unwrap(),
        );
        assert_eq!(
            before.trim_start_matches('\u{feff}').trim(),
            "consultation_id,idea_id,group,group_size,agree,disagree,votes,consensus"
        );
        assert_eq!(groups::run_due(&db, "one").await.unwrap(), 1);
        let text = read(
            export(&d.admin, &request("csv-opinion-groups"))
                .await
                .unwrap()
                .collect()
                .await
                .unwrap(),
        );
        let mut rows = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 8 * 2, "every idea for each of the two groups");
        // Idea 0, which everyone agrees with: each group of ten, all ten agreeing.
        let first: Vec<&csv::StringRecord> =
            rows.iter().filter(|r| r[1] == ids[0].to_string()).collect();
        for r in first {
            assert_eq!((&r[3], &r[4], &r[5], &r[6]), ("10", "10", "0", "10"));
        }
        // Nobody's group: the columns are the header's (sizes and tallies), none names a person.
        assert!(rows.iter().all(|r| r.len() == 8));
        assert_eq!(
            export(&d.resident, &request("csv-opinion-groups"))
                .await
                .err(),
            Some(app::error::AppError::Forbidden)
        );
        // The workbook and the JSON file carry it as a table of its own.
        let json = read(
            export(&d.admin, &request("json"))
                .await
                .unwrap()
                .collect()
                .await
                .unwrap(),
        );
        let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(parsed["opinion_groups"].as_array().map(Vec::len), Some(16));
    }
);
