//! Taking part, through the services on both back-ends: guests write only where a
//! consultation takes guests, never report, and keep everything when their account becomes a
//! full one; registration answers are checked against the questions, leave only as sums, are
//! the person's own data and go with a deleted account.

use app::accounts::{personal_data, service as accounts};
use app::both_backends;
use app::consultations::rules::ConsultationForm;
use app::ctx::Ctx;
use app::error::AppError;
use app::exports::rules::Format;
use app::exports::service::{export, ExportRequest};
use app::i18n::{Lang, Msg};
use app::moderation::rules::{ContentRef, Kind};
use app::participation::{rules::QuestionForm, service as participation};
use app::server::db::Db;
use app::testing::{count, demo, draft, Demo};
use app::{arguments, ideas, votes};

/// Opens the demo consultation to guests (or not), as its administrator does.
async fn set_guests(d: &Demo, guests: bool) {
    let form = ConsultationForm {
        texts: app::consultations::rules::Texts {
            name_sl: "Cilj".into(),
            ..Default::default()
        },
        position: "0".into(),
        opens_at: "2020-01-01T00:00".into(),
        archived: false,
        guests,
        ..Default::default()
    };
    app::consultations::service::save_consultation(
        &d.admin,
        d.community,
        Some(d.consultation),
        &form,
    )
    .await
    .unwrap();
}

fn question(sl: &str, options: &str) -> QuestionForm {
    QuestionForm {
        question_sl: sl.into(),
        options_sl: options.into(),
        ..Default::default()
    }
}

/// A guest who came to the demo consultation, signed in as the browser would be.
async fn guest(d: &Demo, answers: &[(i64, &str)]) -> Ctx {
    let answers: Vec<(i64, String)> = answers.iter().map(|(q, v)| (*q, v.to_string())).collect();
    let id = participation::start_guest(&d.anonymous, d.consultation, &answers)
        .await
        .unwrap();
    Ctx::for_user(d.db.clone(), id, Lang::En).await.unwrap()
}

fn message(result: Result<impl std::fmt::Debug, AppError>) -> Msg {
    match result {
        Err(AppError::Validation(e)) => e[0].msg,
        other => panic!("expected a message, got {other:?}"),
    }
}

both_backends!(
    guests_take_part_only_where_welcome_and_never_report,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        // Signed-in only by default: no guest account is made, and nothing is written.
        let users = count(&db, "SELECT COUNT(*) FROM users").await;
        let refused = participation::start_guest(&d.anonymous, d.consultation, &[]).await;
        assert_eq!(message(refused), Msg::ErrGuestsNotWelcome);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM users").await, users);

        set_guests(&d, true).await;
        let g = guest(&d, &[]).await;
        assert!(g.actor.guest);
        let me = g.actor.user_id.unwrap();
        // A pseudonym, no address anyone could write to, no password, no mail.
        let row = format!(
            "SELECT COUNT(*) FROM users WHERE id = {me} AND display_name LIKE 'Udeleženec %'
             AND email LIKE '%@guest.invalid' AND password_hash IS NULL AND mail_mode = 'off'"
        );
        assert_eq!(count(&db, &row).await, 1);

        let idea = ideas::service::create_idea(&g, d.consultation, &draft("Gostov predlog"))
            .await
            .unwrap();
        let theirs = ideas::service::create_idea(&d.resident, d.consultation, &draft("Anin"))
            .await
            .unwrap();
        votes::service::vote_idea(&g, theirs, 1).await.unwrap();
        let argument = arguments::service::add_argument(&g, theirs, "for", "Dobro.")
            .await
            .unwrap();
        // Reports would let one person hide anything with guests made on demand.
        let report =
            app::moderation::service::report(&g, ContentRef::new(Kind::Idea, theirs), "spam", "")
                .await;
        assert_eq!(message(report), Msg::ErrAccountNeeded);

        // Back to signed-in only: the guest reads, writes nothing, and what they wrote stays.
        set_guests(&d, false).await;
        let vote = votes::service::vote_idea(&g, theirs, -1).await;
        assert_eq!(message(vote), Msg::ErrAccountNeeded);
        let again = arguments::service::add_argument(&g, theirs, "for", "Še enkrat.").await;
        assert_eq!(message(again), Msg::ErrAccountNeeded);
        let post = ideas::service::create_idea(&g, d.consultation, &draft("Drugi")).await;
        assert_eq!(message(post), Msg::ErrAccountNeeded);
        let up = format!("SELECT up_count FROM ideas WHERE id = {theirs}");
        assert_eq!(count(&db, &up).await, 1, "the earlier vote still counts");
        let kept =
            format!("SELECT COUNT(*) FROM arguments WHERE id = {argument} AND author_id = {me}");
        assert_eq!(count(&db, &kept).await, 1);
        assert!(idea > 0);
        // Full accounts are not affected.
        votes::service::vote_idea(&d.other_resident, theirs, 1)
            .await
            .unwrap();
        // Already signed in: no second account.
        set_guests(&d, true).await;
        let twice = participation::start_guest(&g, d.consultation, &[]).await;
        assert_eq!(message(twice), Msg::ErrAlreadySignedIn);
    }
);

both_backends!(
    a_guest_becomes_a_full_account_keeping_everything,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        set_guests(&d, true).await;
        let g = guest(&d, &[]).await;
        let me = g.actor.user_id.unwrap();
        let idea = ideas::service::create_idea(&g, d.consultation, &draft("Moj predlog"))
            .await
            .unwrap();
        votes::service::vote_idea(&g, idea, 1).await.unwrap();

        // Bad input changes nothing: a taken address, a common password.
        let taken = participation::make_full_account(
            &g,
            app::testing::RESIDENT,
            "Nina",
            "correct horse battery",
        )
        .await;
        assert_eq!(message(taken), Msg::ErrEmailTaken);
        let weak =
            participation::make_full_account(&g, "nina@example.org", "Nina", "password1234").await;
        assert!(matches!(weak, Err(AppError::Validation(ref e)) if e[0].field == "password"));
        assert_eq!(
            count(&db, &format!("SELECT guest FROM users WHERE id = {me}")).await,
            1
        );
        // Someone else's account is no guest's.
        let not_guest = participation::make_full_account(
            &d.resident,
            "x@example.org",
            "X",
            "correct horse battery",
        )
        .await;
        assert_eq!(message(not_guest), Msg::ErrNotAGuest);

        participation::make_full_account(&g, "Nina@Example.org", "Nina", "correct horse battery")
            .await
            .unwrap();
        // The same account: its idea and vote, now under the new name, and a password login.
        let signed_in =
            accounts::authenticate(&d.anonymous, "nina@example.org", "correct horse battery")
                .await
                .unwrap();
        assert_eq!(signed_in, me);
        let full = Ctx::for_user(db.clone(), me, Lang::Sl).await.unwrap();
        assert!(!full.actor.guest);
        let own = format!(
            "SELECT COUNT(*) FROM ideas WHERE id = {idea} AND author_id = {me} AND up_count = 1"
        );
        assert_eq!(count(&db, &own).await, 1);
        let named = format!("SELECT COUNT(*) FROM users WHERE id = {me} AND display_name = 'Nina' AND mail_mode = 'instant'");
        assert_eq!(count(&db, &named).await, 1);
        // A link to confirm the address is on its way; and now it may report.
        let link = format!(
            "SELECT COUNT(*) FROM account_tokens WHERE user_id = {me} AND purpose = 'verify'"
        );
        assert_eq!(count(&db, &link).await, 1);
        set_guests(&d, false).await;
        votes::service::vote_idea(&full, idea, -1).await.unwrap();
    }
);

both_backends!(
    answers_are_checked_summed_up_in_exports_and_the_persons_own,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        set_guests(&d, true).await;
        // Only the consultation's administrators ask questions, and they must make sense.
        let district = question("Četrtna skupnost", "Center\nŠiška\nVič");
        let resident = participation::add_question(&d.resident, d.consultation, &district).await;
        assert_eq!(resident, Err(AppError::Forbidden));
        let one =
            participation::add_question(&d.admin, d.consultation, &question("Starost", "vsi"))
                .await;
        assert!(matches!(one, Err(AppError::Validation(ref e)) if e[0].field == "options_sl"));
        let q1 = participation::add_question(&d.admin, d.consultation, &district)
            .await
            .unwrap();
        let q2 = participation::add_question(
            &d.admin,
            d.consultation,
            &question("Starost", "do 29\n30 in več"),
        )
        .await
        .unwrap();

        // A forged choice makes no account and stores no answer.
        let users = count(&db, "SELECT COUNT(*) FROM users").await;
        let forged =
            participation::start_guest(&d.anonymous, d.consultation, &[(q1, "3".into())]).await;
        assert_eq!(forged, Err(AppError::BadRequest));
        let elsewhere = participation::start_guest(
            &d.anonymous,
            d.consultation,
            &[(q1 + q2 + 100, "0".into())],
        )
        .await;
        assert_eq!(elsewhere, Err(AppError::BadRequest));
        assert_eq!(count(&db, "SELECT COUNT(*) FROM users").await, users);
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM registration_answers").await,
            0
        );

        // Two guests in Šiška (one of them would rather not give an age), a resident in Vič
        // who changes their mind to Center.
        let g1 = guest(&d, &[(q1, "1"), (q2, "0")]).await;
        let g2 = guest(&d, &[(q1, "1")]).await;
        participation::save_answers(
            &d.resident,
            d.consultation,
            &[(q1, "2".into()), (q2, "1".into())],
        )
        .await
        .unwrap();
        participation::save_answers(
            &d.resident,
            d.consultation,
            &[(q1, "0".into()), (q2, "1".into())],
        )
        .await
        .unwrap();
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM registration_answers").await,
            6
        );
        // Nobody signed in, or a guest once guests are no longer welcome: nothing changes.
        let zeros_sql = "SELECT COUNT(*) FROM registration_answers WHERE choice = 0";
        let zeros = count(&db, zeros_sql).await;
        let anonymous =
            participation::save_answers(&d.anonymous, d.consultation, &[(q1, "0".into())]).await;
        assert_eq!(anonymous, Err(AppError::Unauthorized));
        set_guests(&d, false).await;
        let refused = participation::save_answers(&g2, d.consultation, &[(q1, "0".into())]).await;
        assert_eq!(message(refused), Msg::ErrAccountNeeded);
        set_guests(&d, true).await;
        assert_eq!(count(&db, zeros_sql).await, zeros);

        // The export: every answer with its count, none per person.
        let request = ExportRequest {
            community_slug: app::testing::SLUG,
            consultation: None,
            format: Format::parse("csv-participants").unwrap(),
            include_hidden: false,
            base_url: "https://posvet.example",
        };
        let bytes = export(&d.admin, &request)
            .await
            .unwrap()
            .collect()
            .await
            .unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
        let c = d.consultation;
        assert_eq!(
            lines,
            [
                "consultation_id,question,answer,participants".to_string(),
                format!("{c},Četrtna skupnost,Center,1"),
                format!("{c},Četrtna skupnost,Šiška,2"),
                format!("{c},Četrtna skupnost,Vič,0"),
                format!("{c},Četrtna skupnost,Ne želim odgovoriti,0"),
                format!("{c},Starost,do 29,1"),
                format!("{c},Starost,30 in več,1"),
                format!("{c},Starost,Ne želim odgovoriti,1"),
            ]
        );
        assert!(!text.contains("Participant") && !text.contains("@"));
        let json = export(
            &d.admin,
            &ExportRequest {
                format: Format::Json,
                ..request
            },
        )
        .await
        .unwrap()
        .collect()
        .await
        .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(json["participants"].as_array().unwrap().len(), 7);

        // The person's own answers are in their data, and go with their account.
        let data = personal_data::my_data(&g1).await.unwrap();
        let answers = data["registration_answers"].as_array().unwrap();
        assert_eq!(answers.len(), 2);
        assert_eq!(answers[0]["choice"], 1);
        personal_data::delete_account(&g1, "anonymise", "")
            .await
            .unwrap();
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM registration_answers").await,
            4
        );

        // Removing a question removes its answers; administrators only.
        let refused = participation::remove_question(&d.resident, q1).await;
        assert_eq!(refused, Err(AppError::Forbidden));
        participation::remove_question(&d.admin, q1).await.unwrap();
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM registration_answers").await,
            2
        );
    }
);

both_backends!(
    guests_who_never_took_part_are_removed_after_a_while,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        set_guests(&d, true).await;
        let looked = guest(&d, &[]).await;
        let voted = guest(&d, &[]).await;
        let wrote = guest(&d, &[]).await;
        let followed = guest(&d, &[]).await;
        let fresh = guest(&d, &[]).await;
        let idea = ideas::service::create_idea(&wrote, d.consultation, &draft("Gostova ideja"))
            .await
            .unwrap();
        votes::service::vote_idea(&voted, idea, 1).await.unwrap();
        app::notifications::service::set_follow(&followed, idea, true)
            .await
            .unwrap();
        let old = app::server::db::now_ms() - 31 * 86_400_000;
        for g in [&looked, &voted, &wrote, &followed] {
            sqlx::query("UPDATE users SET created_at = $1 WHERE id = $2")
                .bind(old)
                .bind(g.actor.user_id.unwrap())
                .execute(&db.pool)
                .await
                .unwrap();
        }
        // Residents may not; the operator (the server's worker) may.
        assert!(matches!(
            participation::remove_idle_guests(&d.admin, 30).await,
            Err(AppError::Forbidden)
        ));
        let operator = Ctx::operator(db.clone(), Lang::En);
        let removed = participation::remove_idle_guests(&operator, 30)
            .await
            .unwrap();
        // The one who only looked and the one who only followed: nothing of theirs counts.
        assert_eq!(removed, 2);
        let exists = |id: i64| {
            let db = db.clone();
            async move { count(&db, &format!("SELECT COUNT(*) FROM users WHERE id = {id}")).await }
        };
        assert_eq!(exists(looked.actor.user_id.unwrap()).await, 0);
        assert_eq!(exists(followed.actor.user_id.unwrap()).await, 0);
        assert_eq!(exists(voted.actor.user_id.unwrap()).await, 1);
        assert_eq!(exists(wrote.actor.user_id.unwrap()).await, 1);
        assert_eq!(exists(fresh.actor.user_id.unwrap()).await, 1);
        assert_eq!(db.counter_mismatches().await.unwrap(), Vec::<String>::new());
        // Run again: nothing more to do.
        assert_eq!(
            participation::remove_idle_guests(&operator, 30)
                .await
                .unwrap(),
            0
        );
    }
);
