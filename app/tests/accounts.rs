//! Accounts through their services on both back-ends: mailed links are single-use and expire,
//! and asking for one says nothing about whether an address has an account; a new password or
//! "sign out everywhere" ends old sessions; a deleted account keeps every counter equal to its
//! rows, with the person's votes still counted and nothing left that points to them.

use app::accounts::{links, personal_data, service as accounts, settings};
use app::both_backends;
use app::ctx::Ctx;
use app::error::AppError;
use app::i18n::{Lang, Msg};
use app::notifications::mail::{compose, Mail};
use app::server::db::{self, Db};
use app::testing::{count, demo, draft};
use app::{arguments, comments, ideas, votes};

const PASSWORD: &str = "correct horse battery";
const SITE: &str = "https://posvet.test";

/// Registers someone through the service, as the form does; returns them signed in.
async fn register(db: &Db, email: &str, name: &str) -> Ctx {
    let anonymous = Ctx::anonymous(db.clone(), Lang::Sl);
    let id = accounts::register(&anonymous, email, name, PASSWORD)
        .await
        .unwrap();
    Ctx::for_user(db.clone(), id, Lang::Sl).await.unwrap()
}

/// Sends what the outbox holds, as the mail worker does, and returns the mails.
async fn send_all(db: &Db) -> Vec<Mail> {
    let mut mails = Vec::new();
    for item in db::outbox::claim(db, "test", 60_000, 100).await.unwrap() {
        if let Some(mail) = compose(db, &item, SITE, "posvet.test").await.unwrap() {
            mails.push(mail);
        }
        db::outbox::mark_sent(db, item.id).await.unwrap();
    }
    mails
}

/// The secret of the one link in a mail.
fn secret(mail: &Mail) -> String {
    let start = mail.body.find("?token=").expect("a link") + "?token=".len();
    mail.body[start..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

fn invalid_link(result: Result<impl std::fmt::Debug, AppError>) {
    match result {
        Err(AppError::Validation(errors)) => assert_eq!(errors[0].msg, Msg::ErrLinkInvalid),
        other => panic!("expected an invalid link, got {other:?}"),
    }
}

async fn epoch(db: &Db, email: &str) -> i64 {
    let sql = format!("SELECT session_epoch FROM users WHERE email = '{email}'");
    count(db, &sql).await
}

both_backends!(
    reset_links_work_once_and_expire_and_never_tell_who_has_an_account,
    |db: Db, _url: String| async move {
        let ana = register(&db, "ana@example.org", "Ana").await;
        let anonymous = Ctx::anonymous(db.clone(), Lang::Sl);
        send_all(&db).await; // the confirmation mail of the registration

        // An unknown address gets the same answer and nothing is written or sent.
        let tokens = count(&db, "SELECT COUNT(*) FROM account_tokens").await;
        links::request_password_reset(&anonymous, "nobody@example.org")
            .await
            .unwrap();
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM account_tokens").await,
            tokens
        );
        assert!(send_all(&db).await.is_empty());

        links::request_password_reset(&anonymous, " ANA@example.org ")
            .await
            .unwrap();
        let mails = send_all(&db).await;
        assert_eq!(mails.len(), 1);
        assert_eq!(mails[0].to, "ana@example.org");
        assert!(mails[0]
            .body
            .contains("https://posvet.test/password/reset?token="));
        let link = secret(&mails[0]);
        // Only the hash is stored.
        let stored = count(
            &db,
            &format!("SELECT COUNT(*) FROM account_tokens WHERE token_hash = '{link}'"),
        )
        .await;
        assert_eq!(stored, 0);
        assert!(links::reset_link_usable(&anonymous, &link).await.unwrap());

        // A refused password spends nothing.
        let before = epoch(&db, "ana@example.org").await;
        let weak = links::reset_password(&anonymous, &link, "qwerty123456").await;
        assert!(
            matches!(weak, Err(AppError::Validation(ref e)) if e[0].msg == Msg::ErrPasswordCommon)
        );
        assert!(links::reset_link_usable(&anonymous, &link).await.unwrap());

        let id = links::reset_password(&anonymous, &link, "a new long passphrase")
            .await
            .unwrap();
        assert_eq!(Some(id), ana.actor.user_id);
        assert_eq!(
            accounts::authenticate(&anonymous, "ana@example.org", "a new long passphrase").await,
            Ok(id)
        );
        assert!(
            accounts::authenticate(&anonymous, "ana@example.org", PASSWORD)
                .await
                .is_err()
        );
        // Every session of before has ended; the address counts as confirmed.
        assert_eq!(epoch(&db, "ana@example.org").await, before + 1);
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM users WHERE email_verified_at IS NOT NULL"
            )
            .await,
            1
        );

        // Single use, also when two requests race with the same link.
        invalid_link(links::reset_password(&anonymous, &link, "yet another passphrase").await);
        assert!(!links::reset_link_usable(&anonymous, &link).await.unwrap());

        // A link whose hour is over no longer works.
        links::request_password_reset(&anonymous, "ana@example.org")
            .await
            .unwrap();
        let late = secret(&send_all(&db).await[0]);
        sqlx::query("UPDATE account_tokens SET expires_at = $1 WHERE used_at IS NULL")
            .bind(db::now_ms() - 1)
            .execute(&db.pool)
            .await
            .unwrap();
        invalid_link(links::reset_password(&anonymous, &late, "yet another passphrase").await);

        // A made-up link does not either.
        invalid_link(
            links::reset_password(&anonymous, &"0".repeat(64), "yet another passphrase").await,
        );

        // No more than three reset mails an hour reach one address.
        for _ in 0..3 {
            links::request_password_reset(&anonymous, "ana@example.org")
                .await
                .unwrap();
        }
        assert_eq!(
            send_all(&db).await.len(),
            1,
            "two in this hour already, one more allowed"
        );
    }
);

both_backends!(
    a_resent_mail_replaces_the_link_of_the_one_before,
    |db: Db, _url: String| async move {
        register(&db, "bojan@example.org", "Bojan").await;
        let anonymous = Ctx::anonymous(db.clone(), Lang::Sl);
        let item = db::outbox::claim(&db, "test", 60_000, 10)
            .await
            .unwrap()
            .remove(0);
        let first = compose(&db, &item, SITE, "posvet.test")
            .await
            .unwrap()
            .unwrap();
        // The transport failed; the worker composes the same mail again.
        let second = compose(&db, &item, SITE, "posvet.test")
            .await
            .unwrap()
            .unwrap();
        assert_ne!(secret(&first), secret(&second));
        invalid_link(links::confirm_email(&anonymous, &secret(&first)).await);
        links::confirm_email(&anonymous, &secret(&second))
            .await
            .unwrap();
        invalid_link(links::confirm_email(&anonymous, &secret(&second)).await);
        // A used link's mail is not sent again.
        assert_eq!(
            compose(&db, &item, SITE, "posvet.test").await.unwrap(),
            None
        );
    }
);

both_backends!(
    an_address_changes_only_when_the_new_one_is_confirmed,
    |db: Db, _url: String| async move {
        let ana = register(&db, "ana@example.org", "Ana").await;
        register(&db, "bojan@example.org", "Bojan").await;
        let anonymous = Ctx::anonymous(db.clone(), Lang::Sl);
        let mails = send_all(&db).await;
        assert_eq!(mails.len(), 2);
        let ana_mail = mails.iter().find(|m| m.to == "ana@example.org").unwrap();
        assert!(ana_mail.body.contains("/account/confirm?token="));
        links::confirm_email(&anonymous, &secret(ana_mail))
            .await
            .unwrap();
        assert!(settings::account_view(&ana).await.unwrap().verified);

        let wrong = settings::change_email(&ana, "ana.nova@example.org", "not my password").await;
        assert!(
            matches!(wrong, Err(AppError::Validation(ref e)) if e[0].msg == Msg::ErrCurrentPasswordWrong)
        );
        let taken = settings::change_email(&ana, "Bojan@example.org", PASSWORD).await;
        assert!(
            matches!(taken, Err(AppError::Validation(ref e)) if e[0].msg == Msg::ErrEmailTaken)
        );
        assert!(send_all(&db).await.is_empty());

        settings::change_email(&ana, "ana.nova@example.org", PASSWORD)
            .await
            .unwrap();
        let view = settings::account_view(&ana).await.unwrap();
        assert_eq!(view.email, "ana@example.org", "not moved before confirming");
        assert_eq!(view.pending_email.as_deref(), Some("ana.nova@example.org"));
        let mails = send_all(&db).await;
        assert_eq!(mails.len(), 1);
        assert_eq!(
            mails[0].to, "ana.nova@example.org",
            "the link goes to the new address"
        );
        links::confirm_email(&anonymous, &secret(&mails[0]))
            .await
            .unwrap();
        let view = settings::account_view(&ana).await.unwrap();
        assert_eq!(
            (view.email.as_str(), view.pending_email),
            ("ana.nova@example.org", None)
        );
        assert!(
            accounts::authenticate(&anonymous, "ana.nova@example.org", PASSWORD)
                .await
                .is_ok()
        );
        assert!(
            accounts::authenticate(&anonymous, "ana@example.org", PASSWORD)
                .await
                .is_err()
        );
    }
);

both_backends!(
    a_new_password_or_signing_out_everywhere_ends_old_sessions,
    |db: Db, _url: String| async move {
        let ana = register(&db, "ana@example.org", "Ana").await;
        let id = ana.actor.user_id.unwrap();
        let signed_in = |epoch: i64| {
            let db = db.clone();
            async move {
                let mut c = db.conn().await.unwrap();
                db::accounts::actor_in_epoch(&mut c, id, Some(epoch))
                    .await
                    .unwrap()
                    .is_some()
            }
        };
        assert!(signed_in(0).await);
        let short = settings::change_password(&ana, PASSWORD, "too short").await;
        assert!(
            matches!(short, Err(AppError::Validation(ref e)) if e[0].msg == Msg::ErrPasswordTooShort)
        );
        let wrong =
            settings::change_password(&ana, "not my password", "a new long passphrase").await;
        assert!(
            matches!(wrong, Err(AppError::Validation(ref e)) if e[0].field == "current_password")
        );
        assert!(signed_in(0).await, "a refused change ends nothing");

        let now = settings::change_password(&ana, PASSWORD, "a new long passphrase")
            .await
            .unwrap();
        assert_eq!(now, 1);
        assert!(!signed_in(0).await && signed_in(1).await);
        settings::sign_out_everywhere(&ana).await.unwrap();
        assert!(!signed_in(1).await && signed_in(2).await);
        let anonymous = Ctx::anonymous(db.clone(), Lang::Sl);
        assert_eq!(
            settings::sign_out_everywhere(&anonymous).await,
            Err(AppError::Unauthorized)
        );
        // Registration refuses a common password, also with a year added.
        let common = accounts::register(&anonymous, "c@example.org", "C", "Password2024!").await;
        assert!(
            matches!(common, Err(AppError::Validation(ref e)) if e[0].msg == Msg::ErrPasswordCommon)
        );
    }
);

/// Ideas whose counters differ from their rows, and consultations whose idea count does.
async fn counters_off(db: &Db) -> i64 {
    count(
        db,
        "SELECT COUNT(*) FROM ideas i WHERE
            i.up_count <> (SELECT COUNT(*) FROM idea_votes v WHERE v.idea_id = i.id AND v.value = 1)
         OR i.down_count <> (SELECT COUNT(*) FROM idea_votes v WHERE v.idea_id = i.id AND v.value = -1)
         OR i.argument_count <> (SELECT COUNT(*) FROM arguments a WHERE a.idea_id = i.id AND a.hidden = 0)
         OR i.comment_count <> (SELECT COUNT(*) FROM comments c WHERE c.idea_id = i.id AND c.hidden = 0)",
    )
    .await
        + count(
            db,
            "SELECT COUNT(*) FROM consultations c WHERE c.idea_count <>
                (SELECT COUNT(*) FROM ideas i WHERE i.consultation_id = c.id AND i.hidden = 0)",
        )
        .await
        + count(
            db,
            "SELECT COUNT(*) FROM arguments a WHERE
                a.helpful_count <> (SELECT COUNT(*) FROM argument_votes v WHERE v.argument_id = a.id AND v.value = 1)",
        )
        .await
}

/// Ana writes an idea that Bojan supports and argues on, and supports, argues on and comments
/// on Bojan's idea; then she deletes her account the given way.
async fn delete_ana(db: Db, erase: &str) -> (i64, i64, i64) {
    let d = demo(db.clone()).await;
    let ana = register(&db, "zala@example.org", "Zala").await;
    let me = ana.actor.user_id.unwrap();
    let mine = ideas::service::create_idea(&ana, d.consultation, &draft("Moja"))
        .await
        .unwrap();
    let theirs = ideas::service::create_idea(&d.resident, d.consultation, &draft("Tuja"))
        .await
        .unwrap();
    votes::service::vote_idea(&d.resident, mine, 1)
        .await
        .unwrap();
    let reply = arguments::service::add_argument(&d.resident, mine, "for", "Se strinjam.")
        .await
        .unwrap();
    votes::service::rate_argument(&ana, reply, 1).await.unwrap();
    votes::service::vote_idea(&ana, theirs, 1).await.unwrap();
    votes::service::vote_idea(&d.other_resident, theirs, 1)
        .await
        .unwrap();
    let argument = arguments::service::add_argument(&ana, theirs, "against", "Predrago.")
        .await
        .unwrap();
    votes::service::rate_argument(&d.resident, argument, 1)
        .await
        .unwrap();
    comments::service::add_comment(&ana, theirs, None, "Kdaj?")
        .await
        .unwrap();
    assert_eq!(counters_off(&db).await, 0, "consistent before");

    // The download holds what she wrote and voted, and nobody else's address.
    let data = personal_data::my_data(&ana).await.unwrap();
    assert_eq!(data["account"][0]["email"], "zala@example.org");
    assert_eq!(data["ideas"].as_array().unwrap().len(), 1);
    assert_eq!(data["arguments"][0]["body"], "Predrago.");
    assert_eq!(data["comments"][0]["body"], "Kdaj?");
    assert_eq!(data["idea_votes"][0]["idea_id"], theirs);
    assert_eq!(data["argument_votes"][0]["argument_id"], reply);
    assert!(!data.to_string().contains("ana@example.org"));
    assert_eq!(
        personal_data::my_data(&d.anonymous).await,
        Err(AppError::Unauthorized)
    );

    // Without the password, or without a choice, nothing happens.
    let wrong = personal_data::delete_account(&ana, erase, "not my password").await;
    assert!(matches!(wrong, Err(AppError::Validation(_))));
    let unchosen = personal_data::delete_account(&ana, "", PASSWORD).await;
    assert!(matches!(unchosen, Err(AppError::Validation(ref e)) if e[0].field == "erase"));
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM users WHERE deleted_at IS NOT NULL"
        )
        .await,
        0
    );

    personal_data::delete_account(&ana, erase, PASSWORD)
        .await
        .unwrap();
    assert_eq!(counters_off(&db).await, 0, "consistent after");
    // Nothing left that points to her: no address, name, password, session or settings.
    let row = format!("SELECT COUNT(*) FROM users WHERE id = {me} AND (email LIKE '%zala%' OR display_name = 'Zala' OR password_hash IS NOT NULL OR deleted_at IS NULL)");
    assert_eq!(count(&db, &row).await, 0);
    for table in [
        "notifications",
        "follows",
        "memberships",
        "account_tokens",
        "outbox",
    ] {
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE user_id = {me}");
        assert_eq!(count(&db, &sql).await, 0, "{table}");
    }
    let anonymous = Ctx::anonymous(db.clone(), Lang::Sl);
    assert!(
        accounts::authenticate(&anonymous, "zala@example.org", PASSWORD)
            .await
            .is_err()
    );
    let mut c = db.conn().await.unwrap();
    assert!(
        db::accounts::actor(&mut c, me).await.unwrap().is_none(),
        "sessions end"
    );
    // Her support of Bojan's idea still counts.
    let up = count(
        &db,
        &format!("SELECT up_count FROM ideas WHERE id = {theirs}"),
    )
    .await;
    assert_eq!(up, 2);
    (me, mine, theirs)
}

both_backends!(
    an_anonymised_account_keeps_its_content_and_votes_under_no_name,
    |db: Db, _url: String| async move {
        let (me, mine, theirs) = delete_ana(db.clone(), "anonymise").await;
        let name = format!(
            "SELECT COUNT(*) FROM users WHERE id = {me} AND display_name = '{}'",
            personal_data::DELETED_NAME
        );
        assert_eq!(count(&db, &name).await, 1);
        assert_eq!(
            count(
                &db,
                &format!("SELECT COUNT(*) FROM ideas WHERE id = {mine}")
            )
            .await,
            1
        );
        let arguments = count(
            &db,
            &format!("SELECT argument_count FROM ideas WHERE id = {theirs}"),
        )
        .await;
        assert_eq!(arguments, 1);
        assert_eq!(
            count(
                &db,
                &format!("SELECT COUNT(*) FROM argument_votes WHERE user_id = {me}")
            )
            .await,
            1
        );
    }
);

both_backends!(
    deleting_an_account_with_its_content_keeps_its_votes_counted,
    |db: Db, _url: String| async move {
        let (me, mine, theirs) = delete_ana(db.clone(), "delete").await;
        assert_eq!(
            count(
                &db,
                &format!("SELECT COUNT(*) FROM ideas WHERE id = {mine}")
            )
            .await,
            0
        );
        let counts = count(
            &db,
            &format!("SELECT argument_count + comment_count FROM ideas WHERE id = {theirs}"),
        )
        .await;
        assert_eq!(counts, 0);
        let left = format!("SELECT (SELECT COUNT(*) FROM arguments WHERE author_id = {me}) + (SELECT COUNT(*) FROM comments WHERE author_id = {me})");
        assert_eq!(count(&db, &left).await, 0);
        assert_eq!(
            count(
                &db,
                &format!("SELECT COUNT(*) FROM idea_votes WHERE user_id = {me}")
            )
            .await,
            1
        );
    }
);

both_backends!(
    a_provider_account_signs_in_and_links_only_after_the_password,
    |db: Db, _url: String| async move {
        use app::accounts::oidc::{account_for, link, Identity, Outcome, ProviderConfig};
        let city = ProviderConfig {
            id: "city".into(),
            name: "MOL".into(),
            issuer: "https://id.example.org".into(),
            client_id: "posvet".into(),
            client_secret: None,
        };
        let anonymous = Ctx::anonymous(db.clone(), Lang::Sl);
        let person = |subject: &str, email: &str, verified: bool| Identity {
            subject: subject.into(),
            email: Some(email.into()),
            email_verified: verified,
            name: Some("Nika".into()),
        };
        // A first sign-in makes an account with the verified address, confirmed.
        let Outcome::SignedIn(nika) =
            account_for(&anonymous, &city, person("s-1", "nika@example.org", true))
                .await
                .unwrap()
        else {
            panic!("a new account");
        };
        let Outcome::SignedIn(again) =
            account_for(&anonymous, &city, person("s-1", "nika@example.org", true))
                .await
                .unwrap()
        else {
            panic!("the same account");
        };
        assert_eq!(nika, again);
        let row = format!("SELECT COUNT(*) FROM users WHERE id = {nika} AND email = 'nika@example.org' AND email_verified_at IS NOT NULL AND password_hash IS NULL");
        assert_eq!(count(&db, &row).await, 1);

        // A verified address that is someone's account is not signed in to on the provider's
        // word: it waits for that account's password.
        let ana = register(&db, "ana@example.org", "Ana").await;
        let users = count(&db, "SELECT COUNT(*) FROM users").await;
        let Outcome::Link(pending) =
            account_for(&anonymous, &city, person("s-2", "ana@example.org", true))
                .await
                .unwrap()
        else {
            panic!("a link to confirm");
        };
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM users").await,
            users,
            "no account made"
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM identities WHERE subject = 's-2'").await,
            0
        );
        assert!(link(&ana, pending).await.unwrap());
        let Outcome::SignedIn(linked) =
            account_for(&anonymous, &city, person("s-2", "ana@example.org", true))
                .await
                .unwrap()
        else {
            panic!("signed in after linking");
        };
        assert_eq!(Some(linked), ana.actor.user_id);

        // An unverified address of someone else's account gets an account of its own, with a
        // placeholder address that receives no mail.
        let Outcome::SignedIn(other) =
            account_for(&anonymous, &city, person("s-3", "ana@example.org", false))
                .await
                .unwrap()
        else {
            panic!("an account of its own");
        };
        assert_ne!(Some(other), ana.actor.user_id);
        let placeholder = format!("SELECT COUNT(*) FROM users WHERE id = {other} AND email LIKE 'city-%@oidc.invalid' AND mail_mode = 'off'");
        assert_eq!(count(&db, &placeholder).await, 1);

        // A deleted account's provider account signs in to nothing of it any more.
        let nika_ctx = Ctx::for_user(db.clone(), nika, Lang::Sl).await.unwrap();
        personal_data::delete_account(&nika_ctx, "anonymise", "")
            .await
            .unwrap();
        let Outcome::SignedIn(fresh) =
            account_for(&anonymous, &city, person("s-1", "nika@example.org", true))
                .await
                .unwrap()
        else {
            panic!("a new account");
        };
        assert_ne!(fresh, nika);
    }
);
