//! Surveys through their services on both back-ends: building one (administrators only, and
//! questions keep their meaning once answered), answering page by page (conditions, drafts
//! not counted, required questions on submitting, one response per person under concurrent
//! submits), results (public or not, small cells hidden) and the export.

use app::both_backends;
use app::ctx::Ctx;
use app::error::AppError;
use app::i18n::Msg;
use app::server::db::{self, Db};
use app::surveys::export::{export, SurveyFormat};
use app::surveys::rules::{QuestionForm, SurveyForm};
use app::surveys::service::{self as surveys, Next, QuestionMove};
use app::surveys::{Answer, Progress};
use app::testing::{contains_email_address, count, demo, person, Demo};

fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn question(kind: &str, page: &str, text: &str) -> QuestionForm {
    QuestionForm {
        kind: kind.into(),
        page: page.into(),
        text_sl: text.into(),
        options_sl: "Šiška\nCenter\nMoste".into(),
        min: "1".into(),
        max: "5".into(),
        ..QuestionForm::default()
    }
}

/// A survey of three questions: which district (required), why (shown after "Moste" only),
/// and a scale; its ids.
async fn survey(d: &Demo) -> (i64, [i64; 3]) {
    let id = surveys::create(&d.admin, d.consultation, "Anketa", "Survey")
        .await
        .unwrap();
    let mut first = question("single", "1", "Kje živite?");
    first.required = true;
    let q1 = surveys::save_question(&d.admin, id, None, &first)
        .await
        .unwrap();
    let mut why = question("short_text", "2", "Zakaj?");
    why.shown_if = vec![format!("{q1}:2")];
    let q2 = surveys::save_question(&d.admin, id, None, &why)
        .await
        .unwrap();
    let q3 = surveys::save_question(
        &d.admin,
        id,
        None,
        &question("scale", "2", "Kako ste zadovoljni?"),
    )
    .await
    .unwrap();
    (id, [q1, q2, q3])
}

async fn respondent(db: &Db, k: usize) -> Ctx {
    person(db, &format!("anketa{k}@example.org")).await
}

fn errors(e: AppError) -> Vec<(String, Msg)> {
    e.form_errors()
        .into_iter()
        .map(|e| (e.field, e.msg))
        .collect()
}

both_backends!(
    a_survey_is_answered_page_by_page_and_counted_when_submitted,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        // Only the consultation's administrators build surveys; a refusal changes nothing.
        assert_eq!(
            surveys::create(&d.resident, d.consultation, "Moja", "").await,
            Err(AppError::Forbidden)
        );
        assert_eq!(count(&db, "SELECT COUNT(*) FROM surveys").await, 0);
        let (id, [q1, q2, q3]) = survey(&d).await;
        assert_eq!(
            surveys::save_question(&d.resident, id, None, &question("number", "1", "?")).await,
            Err(AppError::Forbidden)
        );
        assert_eq!(count(&db, "SELECT COUNT(*) FROM survey_questions").await, 3);

        // Page 1, with a mistake first: nothing is saved.
        let e = surveys::save_page(&d.resident, id, 1, &fields(&[("q1x", "")])).await;
        assert_eq!(
            errors(e.unwrap_err()),
            vec![(format!("q{q1}"), Msg::ErrAnswerRequired)]
        );
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM survey_responses WHERE answers <> '{}'"
            )
            .await,
            0
        );
        let q = |id: i64| format!("q{id}");
        let next = surveys::save_page(&d.resident, id, 1, &fields(&[(&q(q1), "2")])).await;
        assert_eq!(next, Ok(Next::Page(2)));
        // Coming back, a draft goes on where it was left.
        let back = surveys::survey_page(&d.resident, id, "").await.unwrap();
        assert_eq!(back.page, 2);
        // "Moste" shows the follow-up question on page 2.
        let page = surveys::survey_page(&d.resident, id, "2").await.unwrap();
        let shown: Vec<i64> = page.questions.iter().map(|q| q.id).collect();
        assert_eq!(shown, vec![q2, q3]);
        assert_eq!(page.progress, Progress::Draft);
        let next = surveys::save_page(
            &d.resident,
            id,
            2,
            &fields(&[(&q(q2), "Ker je blizu."), (&q(q3), "4")]),
        )
        .await;
        assert_eq!(next, Ok(Next::Check));

        // Another person answers "Center": the follow-up is not shown, a stale answer to it
        // is dropped.
        let other = &d.other_resident;
        surveys::save_page(other, id, 1, &fields(&[(&q(q1), "2")]))
            .await
            .unwrap();
        surveys::save_page(other, id, 2, &fields(&[(&q(q2), "Zaradi parka.")]))
            .await
            .unwrap();
        surveys::save_page(other, id, 1, &fields(&[(&q(q1), "1")]))
            .await
            .unwrap();
        let page = surveys::survey_page(other, id, "2").await.unwrap();
        assert_eq!(page.questions.len(), 1);
        assert!(!page.answers.iter().any(|(qid, _)| *qid == q2));

        // Drafts are not counted; submitted responses are.
        surveys::submit(&d.resident, id).await.unwrap();
        let mut survey_form = SurveyForm {
            title_sl: "Anketa".into(),
            results_public: true,
            ..SurveyForm::default()
        };
        surveys::save_settings(&d.admin, id, &survey_form)
            .await
            .unwrap();
        let r = surveys::results(&d.anonymous, id, "").await.unwrap();
        assert_eq!(r.respondents, 1);
        let first = &r.questions[0];
        assert_eq!(first.counts[2], ("Moste".to_string(), 1));
        assert_eq!(r.questions[2].summary.unwrap().mean, 4.0);
        // Texts are the administrators' until one is published.
        assert!(r.questions[1].texts.is_empty());

        // Not public: read by administrators only.
        survey_form.results_public = false;
        surveys::save_settings(&d.admin, id, &survey_form)
            .await
            .unwrap();
        assert_eq!(
            surveys::results(&d.resident, id, "").await.unwrap_err(),
            AppError::NotFound
        );
        let r = surveys::results(&d.admin, id, "").await.unwrap();
        let response = r.questions[1].texts[0].response_id;
        assert_eq!(r.questions[1].texts[0].body, "Ker je blizu.");
        surveys::publish_text(&d.admin, id, response, q2, true)
            .await
            .unwrap();
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM survey_published_texts").await,
            1
        );
        assert_eq!(
            surveys::publish_text(&d.resident, id, response, q2, true).await,
            Err(AppError::Forbidden)
        );

        // Changing the published answer takes the publication away.
        surveys::save_page(
            &d.resident,
            id,
            2,
            &fields(&[(&q(q2), "Zaradi šole."), (&q(q3), "4")]),
        )
        .await
        .unwrap();
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM survey_published_texts").await,
            0
        );

        // Answered questions keep their meaning; texts change, options are added.
        let mut changed = question("multiple", "1", "Kje živite?");
        let e = surveys::save_question(&d.admin, id, Some(q1), &changed).await;
        assert_eq!(
            errors(e.unwrap_err()),
            vec![(String::new(), Msg::ErrQuestionHasAnswers)]
        );
        changed.kind = "single".into();
        changed.required = true;
        changed.text_sl = "V kateri četrtni skupnosti živite?".into();
        changed.options_sl = "Šiška\nCenter\nMoste\nVič".into();
        surveys::save_question(&d.admin, id, Some(q1), &changed)
            .await
            .unwrap();
        assert!(matches!(
            surveys::change_question(&d.admin, q3, QuestionMove::Remove).await,
            Err(AppError::Validation(_))
        ));
        assert_eq!(count(&db, "SELECT COUNT(*) FROM survey_questions").await, 3);

        // Anyone not signed in answers nothing.
        assert_eq!(
            surveys::save_page(&d.anonymous, id, 1, &fields(&[(&q(q1), "0")])).await,
            Err(AppError::Unauthorized)
        );
        // A submission needs every shown required question.
        let late = respondent(&db, 1).await;
        let missing = surveys::submit(&late, id).await.unwrap_err();
        assert_eq!(missing.1, Some(1));
        assert_eq!(
            errors(missing.0),
            vec![(format!("q{q1}"), Msg::ErrAnswerRequired)]
        );
    }
);

both_backends!(
    one_response_per_person_under_concurrent_submits,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        let (id, [q1, _, q3]) = survey(&d).await;
        let mut tasks = Vec::new();
        for k in 0..8 {
            let ctx = d.resident.clone();
            tasks.push(tokio::spawn(async move {
                let choice = (k % 2).to_string();
                surveys::save_page(&ctx, id, 1, &fields(&[(&format!("q{q1}"), &choice)]))
                    .await
                    .unwrap();
                surveys::save_page(&ctx, id, 2, &fields(&[(&format!("q{q3}"), "3")]))
                    .await
                    .unwrap();
                surveys::submit(&ctx, id).await.unwrap();
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        assert_eq!(count(&db, "SELECT COUNT(*) FROM survey_responses").await, 1);
        let page = surveys::survey_page(&d.resident, id, "check")
            .await
            .unwrap();
        assert_eq!(page.progress, Progress::Submitted);
        assert!(page
            .answers
            .iter()
            .any(|(q, a)| *q == q3 && *a == Answer::Value(3.0)));
    }
);

both_backends!(
    breakdowns_hide_small_cells_and_exports_carry_no_identity,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        let (id, [q1, q2, q3]) = survey(&d).await;
        // A statistics question of the consultation: two groups.
        let mut tx = db.begin().await.unwrap();
        let options = r#"[{"sl":"do 30"},{"sl":"30 ali več"}]"#;
        let age = db::participation::add_question(
            &mut tx,
            d.consultation,
            r#"{"sl":"Starost"}"#,
            options,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        // 12 people: 9 young in Šiška, 3 older in Moste (who also say why).
        for k in 0..12 {
            let p = respondent(&db, 100 + k).await;
            let (district, group) = if k < 9 { ("0", 0) } else { ("2", 1) };
            let mut tx = db.begin().await.unwrap();
            db::participation::save_answer(&mut tx, age, p.actor.user_id.unwrap(), Some(group))
                .await
                .unwrap();
            tx.commit().await.unwrap();
            surveys::save_page(&p, id, 1, &fields(&[(&format!("q{q1}"), district)]))
                .await
                .unwrap();
            let why = format!("Razlog {k}, piši na oseba{k}@example.org");
            surveys::save_page(
                &p,
                id,
                2,
                &fields(&[(&format!("q{q2}"), &why), (&format!("q{q3}"), "5")]),
            )
            .await
            .unwrap();
            surveys::submit(&p, id).await.unwrap();
        }
        let r = surveys::results(&d.admin, id, &age.to_string())
            .await
            .unwrap();
        assert_eq!(r.respondents, 12);
        let t = r.questions[0].crosstab.clone().unwrap();
        // Moste × "30 or more" is 3 people: hidden, and so is another number of its lines.
        assert_eq!(t.rows[2].1[1], None);
        assert_eq!(t.rows[0].1[0], Some(9));
        for (_, cells, _) in &t.rows {
            assert_ne!(cells.iter().filter(|c| c.is_none()).count(), 1);
        }

        // The export: one row per response, in no order of time, no identity, texts only when
        // asked, and asking is audited.
        let csv = export(&d.admin, id, SurveyFormat::Csv, false)
            .await
            .unwrap()
            .collect()
            .await
            .unwrap();
        let text = String::from_utf8(csv).unwrap();
        assert_eq!(text.lines().count(), 13);
        assert!(!text.contains("Razlog"));
        assert!(!contains_email_address(&text));
        let audits = "SELECT COUNT(*) FROM audit_log WHERE action = 'export_survey_texts'";
        assert_eq!(count(&db, audits).await, 0);
        let with_texts = export(&d.admin, id, SurveyFormat::Json, true)
            .await
            .unwrap()
            .collect()
            .await
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&with_texts).unwrap();
        assert_eq!(json["responses"].as_array().unwrap().len(), 12);
        assert!(json["summary"].as_array().unwrap().len() >= 5);
        assert!(String::from_utf8_lossy(&with_texts).contains("Razlog"));
        assert_eq!(count(&db, audits).await, 1);
        // Whoever may not export gets nothing.
        assert!(matches!(
            export(&d.moderator, id, SurveyFormat::Csv, false).await,
            Err(AppError::Forbidden)
        ));
    }
);
