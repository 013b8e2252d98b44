//! Measures through their services on both back-ends: only the community's administrators
//! publish and edit them while residents vote and argue on them; every edit is a version;
//! progress follows the readings; an update reaches exactly the people concerned, once.

use app::both_backends;
use app::ctx::Ctx;
use app::error::AppError;
use app::measures::rules::{IndicatorDraft, MeasureDraft, ReadingDraft};
use app::measures::service as measures;
use app::server::Db;
use app::testing::{as_user, count, demo, draft, user_id, ELSEWHERE, RESIDENT};
use app::{arguments, comments, ideas, notifications, votes};

fn measure(title: &str) -> MeasureDraft {
    MeasureDraft {
        title: title.into(),
        body: "Mesto bo **to** naredilo.".into(),
        responsible: "Služba za digitalizacijo".into(),
        starts_on: "2024-01-01".into(),
        ends_on: "2027-12-31".into(),
        status: "planned".into(),
        ..MeasureDraft::default()
    }
}

fn indicator(target: &str) -> IndicatorDraft {
    IndicatorDraft {
        name: "Sestanki".into(),
        unit: "sestankov".into(),
        baseline: "0".into(),
        target: target.into(),
        due_on: "2027-12-31".into(),
    }
}

fn reading(date: &str, value: &str) -> ReadingDraft {
    ReadingDraft {
        taken_on: date.into(),
        value: value.into(),
        note: String::new(),
        source: "Zapisniki".into(),
    }
}

/// The measure's progress as its page shows it.
async fn progress(ctx: &Ctx, db: &Db, id: i64, community: i64) -> Option<i64> {
    let mut c = db.conn().await.unwrap();
    let (panel, _) = measures::on_idea_page(ctx, &mut c, id, community, "measure")
        .await
        .unwrap();
    panel.unwrap().progress
}

both_backends!(
    only_administrators_change_measures_and_residents_debate_them,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        let idea = ideas::service::create_idea(&d.resident, d.consultation, &draft("Sestanki"))
            .await
            .unwrap();
        for who in [&d.resident, &d.moderator] {
            let refused =
                measures::create_measure(who, d.consultation, &measure("Ukrep"), &[idea]).await;
            assert_eq!(refused, Err(AppError::Forbidden));
        }
        assert_eq!(
            measures::create_measure(&d.anonymous, d.consultation, &measure("Ukrep"), &[]).await,
            Err(AppError::Unauthorized)
        );
        assert_eq!(count(&db, "SELECT COUNT(*) FROM measures").await, 0);
        let id = measures::create_measure(&d.admin, d.consultation, &measure("Ukrep"), &[idea])
            .await
            .unwrap();
        // A measure cannot come from another measure, nor be edited as an idea.
        assert!(matches!(
            measures::create_measure(&d.admin, d.consultation, &measure("Drugi"), &[id]).await,
            Err(AppError::Validation(_))
        ));
        let edit = ideas::service::update_idea(&d.admin, id, &draft("Spremenjen")).await;
        assert_eq!(edit, Err(AppError::Forbidden));
        for who in [&d.resident, &d.moderator] {
            assert_eq!(
                measures::save_indicator(who, id, 0, &indicator("12")).await,
                Err(AppError::Forbidden)
            );
            assert_eq!(
                measures::post_update(who, id, "Novica").await,
                Err(AppError::Forbidden)
            );
        }
        // Residents vote, argue and comment on a measure as on an idea, with the same counters.
        votes::service::vote_idea(&d.resident, id, 1).await.unwrap();
        votes::service::vote_idea(&d.other_resident, id, -1)
            .await
            .unwrap();
        arguments::service::add_argument(&d.other_resident, id, "against", "Predrago.")
            .await
            .unwrap();
        comments::service::add_comment(&d.resident, id, None, "Kdaj?")
            .await
            .unwrap();
        let row = app::testing::idea_row(&db, id, 0).await.unwrap().unwrap();
        assert_eq!(
            (
                row.up_count,
                row.down_count,
                row.argument_count,
                row.comment_count
            ),
            (1, 1, 1, 1)
        );
        assert_eq!(row.kind, "measure");
        // Everyone reads it; the idea it came from names it.
        let mut c = db.conn().await.unwrap();
        let (none, led_to) =
            measures::on_idea_page(&d.anonymous, &mut c, idea, d.community, "idea")
                .await
                .unwrap();
        assert!(none.is_none());
        assert_eq!(led_to.len(), 1);
        assert_eq!(led_to[0].id, id);
        let (panel, _) = measures::on_idea_page(&d.anonymous, &mut c, id, d.community, "measure")
            .await
            .unwrap();
        let panel = panel.unwrap();
        assert_eq!(panel.sources.len(), 1);
        assert!(!panel.can_manage);
    }
);

both_backends!(
    every_edit_of_a_measure_is_a_version,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        let id = measures::create_measure(&d.admin, d.consultation, &measure("Načrt"), &[])
            .await
            .unwrap();
        let mut changed = measure("Načrt");
        changed.status = "in_progress".into();
        changed.body = "Mesto bo **to** naredilo do konca leta.".into();
        measures::update_measure(&d.admin, id, &changed, &[])
            .await
            .unwrap();
        let ind = measures::save_indicator(&d.admin, id, 0, &indicator("12"))
            .await
            .unwrap();
        measures::save_indicator(&d.admin, id, ind, &indicator("24"))
            .await
            .unwrap();
        // A refused edit leaves no version.
        let bad = MeasureDraft {
            title: String::new(),
            ..changed.clone()
        };
        assert!(measures::update_measure(&d.admin, id, &bad, &[])
            .await
            .is_err());
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM measure_versions").await,
            4,
            "created, edited, indicator added, indicator changed"
        );
        let h = measures::history(&d.anonymous, id).await.unwrap();
        let versions: Vec<i64> = h.versions.iter().map(|v| v.version).collect();
        assert_eq!(versions, vec![4, 3, 2, 1]);
        let edit = &h.versions[2];
        assert!(edit
            .changes
            .iter()
            .any(|c| c.after == "V izvajanju" && c.before == "Načrtovan"));
        assert!(edit
            .body_diff
            .iter()
            .any(|(tag, text)| tag == "+" && text.contains("konca")));
        let target = &h.versions[0].changes;
        assert_eq!(target.len(), 1);
        assert!(
            target[0].before.ends_with("0 → 12, 31. 12. 2027"),
            "{target:?}"
        );
        assert!(target[0].after.ends_with("0 → 24, 31. 12. 2027"));
        // A corrected reading keeps what it said before.
        let r = measures::save_reading(&d.admin, ind, 0, &reading("2025-01-31", "5"))
            .await
            .unwrap();
        measures::save_reading(&d.admin, ind, r, &reading("2025-01-31", "6"))
            .await
            .unwrap();
        assert_eq!(count(&db, "SELECT COUNT(*) FROM reading_versions").await, 2);
        let h = measures::history(&d.anonymous, id).await.unwrap();
        assert_eq!(h.corrections.len(), 1);
        let values: Vec<f64> = h.corrections[0].versions.iter().map(|v| v.2).collect();
        assert_eq!(values, vec![5.0, 6.0]);
        // A reading belongs to its indicator: another indicator's id cannot reach it.
        let other = measures::save_indicator(&d.admin, id, 0, &indicator("3"))
            .await
            .unwrap();
        assert_eq!(
            measures::save_reading(&d.admin, other, r, &reading("2025-01-31", "1")).await,
            Err(AppError::NotFound)
        );
    }
);

both_backends!(
    progress_is_computed_from_readings_and_sub_measures,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        let parent = measures::create_measure(&d.admin, d.consultation, &measure("Razvoj"), &[])
            .await
            .unwrap();
        let mut child_draft = measure("Sestanki");
        child_draft.parent = parent.to_string();
        let child = measures::create_measure(&d.admin, d.consultation, &child_draft, &[])
            .await
            .unwrap();
        assert_eq!(progress(&d.anonymous, &db, child, d.community).await, None);
        let ind = measures::save_indicator(&d.admin, child, 0, &indicator("12"))
            .await
            .unwrap();
        assert_eq!(
            progress(&d.anonymous, &db, child, d.community).await,
            Some(0)
        );
        measures::save_reading(&d.admin, ind, 0, &reading("2024-12-31", "3"))
            .await
            .unwrap();
        assert_eq!(
            progress(&d.anonymous, &db, child, d.community).await,
            Some(25)
        );
        let later = measures::save_reading(&d.admin, ind, 0, &reading("2025-12-31", "6"))
            .await
            .unwrap();
        assert_eq!(
            progress(&d.anonymous, &db, child, d.community).await,
            Some(50)
        );
        measures::save_reading(&d.admin, ind, later, &reading("2025-12-31", "9"))
            .await
            .unwrap();
        assert_eq!(
            progress(&d.anonymous, &db, child, d.community).await,
            Some(75)
        );
        assert_eq!(
            progress(&d.anonymous, &db, parent, d.community).await,
            Some(75)
        );
        // Typed-in progress: refused where readings decide, kept on a parent.
        let mut set = child_draft.clone();
        set.progress = "90".into();
        assert!(matches!(
            measures::update_measure(&d.admin, child, &set, &[]).await,
            Err(AppError::Validation(_))
        ));
        let mut set_parent = measure("Razvoj");
        set_parent.progress = "40".into();
        measures::update_measure(&d.admin, parent, &set_parent, &[])
            .await
            .unwrap();
        assert_eq!(
            progress(&d.anonymous, &db, parent, d.community).await,
            Some(40)
        );
        // A measure cannot become its own descendant's child.
        let mut cycle = measure("Razvoj");
        cycle.parent = child.to_string();
        assert!(matches!(
            measures::update_measure(&d.admin, parent, &cycle, &[]).await,
            Err(AppError::Validation(_))
        ));
        // A reading from the future is refused and nothing is written.
        let before = count(&db, "SELECT COUNT(*) FROM indicator_readings").await;
        assert!(
            measures::save_reading(&d.admin, ind, 0, &reading("2999-01-01", "1"))
                .await
                .is_err()
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM indicator_readings").await,
            before
        );
    }
);

/// The people told of updates, by id.
async fn told(db: &Db) -> Vec<i64> {
    sqlx::query_scalar(
        "SELECT user_id FROM notifications WHERE kind = 'update' ORDER BY user_id, subject_id",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap()
}

both_backends!(
    an_update_reaches_exactly_those_concerned_once,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        let a = ideas::service::create_idea(&d.resident, d.consultation, &draft("Ideja A"))
            .await
            .unwrap();
        let b = ideas::service::create_idea(&d.other_resident, d.consultation, &draft("Ideja B"))
            .await
            .unwrap();
        let unrelated =
            ideas::service::create_idea(&d.other_resident, d.consultation, &draft("Drugo"))
                .await
                .unwrap();
        let measure_id =
            measures::create_measure(&d.admin, d.consultation, &measure("Ukrep"), &[a, b])
                .await
                .unwrap();
        // The moderator votes on A, then stops following A: not told.
        votes::service::vote_idea(&d.moderator, a, 1).await.unwrap();
        notifications::service::set_follow(&d.moderator, a, false)
            .await
            .unwrap();
        // Someone from elsewhere follows the measure; the resident also votes on it (told once).
        let follower = as_user(&db, ELSEWHERE).await;
        notifications::service::set_follow(&follower, measure_id, true)
            .await
            .unwrap();
        votes::service::vote_idea(&d.resident, measure_id, 1)
            .await
            .unwrap();
        // The administrator took part, but posts the update: not told.
        comments::service::add_comment(&d.admin, b, None, "Hvala.")
            .await
            .unwrap();
        // Taking part in another idea tells nothing.
        votes::service::vote_idea(&follower, unrelated, 1)
            .await
            .unwrap();
        let (_, n) = measures::post_update(&d.admin, measure_id, "Prvi sestanek je bil.")
            .await
            .unwrap();
        let resident = user_id(&db, RESIDENT).await;
        let other = user_id(&db, app::testing::OTHER_RESIDENT).await;
        let elsewhere = user_id(&db, ELSEWHERE).await;
        let mut expected = vec![resident, other, elsewhere];
        expected.sort_unstable();
        assert_eq!(n, 3);
        assert_eq!(told(&db).await, expected);
        // Each of them once per update; mail waits in the outbox for those who want it at once.
        measures::post_update(&d.admin, measure_id, "Drugi sestanek.")
            .await
            .unwrap();
        assert_eq!(told(&db).await.len(), 6);
        // The implementation page shows each measure's latest update (one row per measure).
        let slug: String = sqlx::query_scalar("SELECT slug FROM communities WHERE id = $1")
            .bind(d.community)
            .fetch_one(&mut *db.conn().await.unwrap())
            .await
            .unwrap();
        let page = measures::implementation(&d.anonymous, &slug, "", "")
            .await
            .unwrap();
        let shown = page
            .goals
            .iter()
            .flat_map(|g| &g.measures)
            .find(|m| m.link.id == measure_id)
            .expect("the measure is listed");
        let latest = shown.latest.as_ref().expect("with its latest update");
        assert!(latest.body_html.contains("Drugi sestanek."), "{latest:?}");
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM outbox o JOIN notifications n ON n.id = o.notification_id WHERE n.kind = 'update'").await,
            6
        );
        // The notification names the measure and links to the update.
        let mut c = db.conn().await.unwrap();
        let (rows, _) = app::server::db::notifications::page(&mut c, resident, 1, 10)
            .await
            .unwrap();
        let v = app::notifications::text::describe(app::i18n::Lang::En, &rows[0]);
        assert!(v.text.contains("“Ukrep”"), "{}", v.text);
        assert!(v.href.starts_with(&format!("/ideas/{measure_id}#update-")));
        // An empty update is refused.
        assert!(matches!(
            measures::post_update(&d.admin, measure_id, "  ").await,
            Err(AppError::Validation(_))
        ));
    }
);

/// The file as a spreadsheet saves it in Slovenian: semicolons, decimal commas, "31. 12. 2027".
fn as_libreoffice(rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    for r in rows {
        let cells: Vec<String> = r
            .iter()
            .map(|c| match c.split('-').collect::<Vec<_>>().as_slice() {
                [y, m, d] if c.len() == 10 && y.len() == 4 => {
                    format!(
                        "{}. {}. {y}",
                        d.trim_start_matches('0'),
                        m.trim_start_matches('0')
                    )
                }
                _ => c.clone(),
            })
            .collect();
        w.write_record(&cells).unwrap();
    }
    w.into_inner().unwrap()
}

fn parse(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes)
        .unwrap()
        .trim_start_matches('\u{feff}');
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

both_backends!(
    measures_go_to_a_spreadsheet_and_come_back,
    |db: Db, _url: String| async move {
        use app::measures::csv::{export, import, Imported, Outcome};
        let d = demo(db.clone()).await;
        let id = measures::create_measure(&d.admin, d.consultation, &measure("Načrt"), &[])
            .await
            .unwrap();
        let ind = measures::save_indicator(&d.admin, id, 0, &indicator("12"))
            .await
            .unwrap();
        measures::save_reading(&d.admin, ind, 0, &reading("2025-01-31", "3"))
            .await
            .unwrap();
        assert_eq!(
            export(&d.resident, app::testing::SLUG).await,
            Err(AppError::Forbidden)
        );
        let file = export(&d.admin, app::testing::SLUG).await.unwrap();
        assert!(file.starts_with(b"\xEF\xBB\xBF"));
        let mut rows = parse(&file);
        assert_eq!(rows.len(), 3, "header, the measure, its indicator");
        let header = rows[0].clone();
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        let (status, target, title) = (col("status"), col("target"), col("title"));
        assert_eq!(rows[1][col("id")], id.to_string());
        assert_eq!(rows[2][col("id")], ind.to_string());
        // Edited in the spreadsheet: a status, a target with a decimal comma, a new indicator
        // and a new measure.
        rows[1][status] = "done".into();
        rows[2][target] = "12,5".into();
        let mut new_indicator = rows[2].clone();
        new_indicator[col("id")] = String::new();
        new_indicator[title] = "Poročila".into();
        let mut new_measure = rows[1].clone();
        new_measure[col("id")] = String::new();
        new_measure[title] = "Nov ukrep".into();
        rows.push(new_indicator);
        rows.push(new_measure);
        let versions = count(&db, "SELECT COUNT(*) FROM measure_versions").await;
        let done = import(&d.admin, app::testing::SLUG, &as_libreoffice(&rows))
            .await
            .unwrap();
        assert_eq!(
            done,
            Outcome::Imported(Imported {
                created: 2,
                updated: 2,
                unchanged: 0
            })
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM measures WHERE status = 'done'").await,
            2
        );
        let targets: Vec<f64> = sqlx::query_scalar("SELECT target FROM indicators ORDER BY id")
            .fetch_all(&db.pool)
            .await
            .unwrap();
        assert_eq!(targets, vec![12.5, 12.5]);
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM measures WHERE starts_on = '2024-01-01'"
            )
            .await,
            2,
            "dates written as 1. 1. 2024 come back as dates"
        );
        // Measure edited (1), its indicators changed (1), the new measure (1).
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM measure_versions").await,
            versions + 3
        );
        // The same file again changes nothing and makes no version.
        let again = export(&d.admin, app::testing::SLUG).await.unwrap();
        let versions = count(&db, "SELECT COUNT(*) FROM measure_versions").await;
        assert_eq!(
            import(&d.admin, app::testing::SLUG, &again).await.unwrap(),
            Outcome::Imported(Imported {
                created: 0,
                updated: 0,
                unchanged: 4
            })
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM measure_versions").await,
            versions
        );
        // Bad rows: every one is reported, and nothing at all is written.
        let mut bad = parse(&again);
        let (baseline, idc) = (col("baseline"), col("id"));
        bad[1][status] = "started".into();
        bad[2][baseline] = "veliko".into();
        bad[3][idc] = "99999".into();
        let before = count(&db, "SELECT COUNT(*) FROM indicators").await;
        match import(&d.admin, app::testing::SLUG, &as_libreoffice(&bad))
            .await
            .unwrap()
        {
            Outcome::Rejected(errors) => {
                let found: Vec<(usize, &str)> =
                    errors.iter().map(|e| (e.line, e.column.as_str())).collect();
                assert_eq!(found, vec![(2, "status"), (3, "baseline"), (4, "id")]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(count(&db, "SELECT COUNT(*) FROM indicators").await, before);
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM measure_versions").await,
            versions
        );
        // A parent that would make a cycle is refused too.
        let mut cycle = parse(&again);
        let parent = col("parent");
        let second = cycle.iter().position(|r| r[title] == "Nov ukrep").unwrap();
        let first_id = cycle[1][idc].clone();
        let second_id = cycle[second][idc].clone();
        cycle[1][parent] = second_id;
        cycle[second][parent] = first_id;
        assert!(matches!(
            import(&d.admin, app::testing::SLUG, &as_libreoffice(&cycle))
                .await
                .unwrap(),
            Outcome::Rejected(_)
        ));
    }
);

both_backends!(
    measures_are_in_the_exports,
    |db: Db, _url: String| async move {
        use app::exports::rules::Format;
        use app::exports::service::{export, ExportRequest};
        let d = demo(db.clone()).await;
        let idea = ideas::service::create_idea(&d.resident, d.consultation, &draft("Sestanki"))
            .await
            .unwrap();
        let id = measures::create_measure(&d.admin, d.consultation, &measure("Načrt"), &[idea])
            .await
            .unwrap();
        let ind = measures::save_indicator(&d.admin, id, 0, &indicator("4"))
            .await
            .unwrap();
        measures::save_reading(&d.admin, ind, 0, &reading("2025-01-31", "1"))
            .await
            .unwrap();
        let req = ExportRequest {
            community_slug: app::testing::SLUG,
            consultation: None,
            format: Format::parse("json").unwrap(),
            include_hidden: false,
            base_url: "https://posvet.example",
        };
        let bytes = export(&d.admin, &req)
            .await
            .unwrap()
            .collect()
            .await
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(v["measures"][0]["title"], "Načrt");
        assert_eq!(v["measures"][0]["progress_percent"], 25);
        assert_eq!(v["measures"][0]["source_ideas"], idea.to_string());
        assert_eq!(v["indicators"][0]["target"], 4.0);
        assert_eq!(v["indicators"][0]["latest"], 1.0);
        assert_eq!(v["readings"][0]["value"], 1.0);
        assert_eq!(v["readings"][0]["taken_on"], "2025-01-31");
    }
);
