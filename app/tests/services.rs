//! Every use case through its service, on both back-ends, without a router or a browser:
//! who may do it, who is refused (and that a refusal changes nothing), what is stored.

use app::both_backends;
use app::testing as common;
use app::testing::{count, draft};

use app::authz::Role;
use app::ctx::Ctx;
use app::error::AppError;
use app::i18n::{Lang, Msg};
use app::server::Db;
use app::votes::rules::Vote;
use app::{accounts, arguments, comments, ideas, votes};

use common::{as_user, demo, moderator_elsewhere, OTHER_RESIDENT, SLUG};

async fn title(db: &Db, idea: i64) -> String {
    common::idea_row(db, idea, 0).await.unwrap().unwrap().title
}

fn field_errors(e: AppError) -> Vec<(String, Msg)> {
    e.form_errors()
        .into_iter()
        .map(|f| (f.field, f.msg))
        .collect()
}

both_backends!(
    ideas_are_posted_and_edited_only_by_those_allowed,
    |db: Db, _url: String| async move {
        let d = demo(db).await;
        let ideas_now = || count(&d.db, "SELECT COUNT(*) FROM ideas");
        let before = ideas_now().await;

        let refused =
            ideas::service::create_idea(&d.anonymous, d.consultation, &draft("Predlog")).await;
        assert_eq!(refused, Err(AppError::Unauthorized));
        let invalid = ideas::service::create_idea(&d.resident, d.consultation, &draft(""))
            .await
            .unwrap_err();
        assert_eq!(
            field_errors(invalid),
            vec![("title".into(), Msg::ErrRequired)]
        );
        let missing = ideas::service::create_idea(&d.resident, 424_242, &draft("Predlog")).await;
        assert_eq!(missing, Err(AppError::NotFound));
        assert_eq!(ideas_now().await, before, "refusals store nothing");

        let id = ideas::service::create_idea(&d.resident, d.consultation, &draft("Predlog"))
            .await
            .unwrap();
        assert_eq!(ideas_now().await, before + 1);
        assert_eq!(title(&d.db, id).await, "Predlog");

        let edit = |ctx: &Ctx, t: &str| {
            let (ctx, t) = (ctx.clone(), t.to_string());
            async move { ideas::service::update_idea(&ctx, id, &draft(&t)).await }
        };
        assert_eq!(edit(&d.anonymous, "A").await, Err(AppError::Unauthorized));
        assert_eq!(edit(&d.other_resident, "B").await, Err(AppError::Forbidden));
        let elsewhere = moderator_elsewhere(&d).await;
        assert_eq!(edit(&elsewhere, "C").await, Err(AppError::Forbidden));
        assert_eq!(
            title(&d.db, id).await,
            "Predlog",
            "refused edits change nothing"
        );

        edit(&d.resident, "Avtor").await.unwrap();
        assert_eq!(title(&d.db, id).await, "Avtor");
        edit(&d.moderator, "Moderator").await.unwrap();
        assert_eq!(title(&d.db, id).await, "Moderator");
        edit(&d.admin, "Skrbnik").await.unwrap();
        assert_eq!(title(&d.db, id).await, "Skrbnik");
        let missing = ideas::service::update_idea(&d.resident, 424_242, &draft("X")).await;
        assert_eq!(missing, Err(AppError::NotFound));
        assert!(d.db.counter_mismatches().await.unwrap().is_empty());
    }
);

both_backends!(
    arguments_and_comments_need_a_person_and_valid_text,
    |db: Db, _url: String| async move {
        let d = demo(db).await;
        let idea = ideas::service::create_idea(&d.resident, d.consultation, &draft("Predlog"))
            .await
            .unwrap();
        let add_argument = |ctx: &Ctx, side: &str, body: &str| {
            let (ctx, side, body) = (ctx.clone(), side.to_string(), body.to_string());
            async move { arguments::service::add_argument(&ctx, idea, &side, &body).await }
        };
        assert_eq!(
            add_argument(&d.anonymous, "for", "Da.").await,
            Err(AppError::Unauthorized)
        );
        let bad_side = add_argument(&d.other_resident, "maybe", "Da.")
            .await
            .unwrap_err();
        assert_eq!(
            field_errors(bad_side),
            vec![("side".into(), Msg::ErrSideInvalid)]
        );
        let too_long = add_argument(&d.other_resident, "for", &"x".repeat(501))
            .await
            .unwrap_err();
        assert_eq!(
            field_errors(too_long),
            vec![("body".into(), Msg::ErrArgumentTooLong)]
        );
        add_argument(&d.other_resident, "against", "Ne, ker …")
            .await
            .unwrap();
        add_argument(&d.resident, "for", "Da, ker …").await.unwrap();

        let add_comment = |ctx: &Ctx, body: &str| {
            let (ctx, body) = (ctx.clone(), body.to_string());
            async move { comments::service::add_comment(&ctx, idea, None, &body).await }
        };
        assert_eq!(
            add_comment(&d.anonymous, "Hm.").await,
            Err(AppError::Unauthorized)
        );
        assert!(add_comment(&d.resident, "   ").await.is_err());
        add_comment(&d.other_resident, "Zanimivo.").await.unwrap();
        let missing = comments::service::add_comment(&d.resident, 424_242, None, "Hm.").await;
        assert_eq!(missing, Err(AppError::NotFound));

        let row = common::idea_row(&d.db, idea, 0).await.unwrap().unwrap();
        assert_eq!((row.argument_count, row.comment_count), (2, 1));
        assert!(d.db.counter_mismatches().await.unwrap().is_empty());
    }
);

both_backends!(
    votes_and_ratings_count_once_per_person,
    |db: Db, _url: String| async move {
        let d = demo(db).await;
        let idea = ideas::service::create_idea(&d.resident, d.consultation, &draft("Predlog"))
            .await
            .unwrap();
        let vote = |ctx: &Ctx, value: i64| {
            let ctx = ctx.clone();
            async move { votes::service::vote_idea(&ctx, idea, value).await }
        };
        assert_eq!(vote(&d.anonymous, 1).await, Err(AppError::Unauthorized));
        let odd = vote(&d.resident, 2).await.unwrap_err();
        assert_eq!(
            field_errors(odd),
            vec![("value".into(), Msg::ErrVoteInvalid)]
        );
        assert_eq!(
            count(
                &d.db,
                &format!("SELECT COUNT(*) FROM idea_votes WHERE idea_id = {idea}")
            )
            .await,
            0
        );

        let t = vote(&d.resident, 1).await.unwrap();
        assert_eq!((t.up, t.down, t.mine), (1, 0, Some(Vote::Up)));
        let t = vote(&d.resident, 1).await.unwrap();
        assert_eq!((t.up, t.down), (1, 0), "the same vote twice counts once");
        let t = vote(&d.other_resident, -1).await.unwrap();
        assert_eq!((t.up, t.down, t.mine), (1, 1, Some(Vote::Down)));
        let t = vote(&d.resident, 0).await.unwrap();
        assert_eq!((t.up, t.down, t.mine), (0, 1, None));
        let missing = votes::service::vote_idea(&d.resident, 424_242, 1).await;
        assert_eq!(missing, Err(AppError::NotFound));

        let argument = arguments::service::add_argument(&d.other_resident, idea, "for", "Da.")
            .await
            .unwrap();
        let rate = |ctx: &Ctx, value: i64| {
            let ctx = ctx.clone();
            async move { votes::service::rate_argument(&ctx, argument, value).await }
        };
        assert_eq!(rate(&d.anonymous, 1).await, Err(AppError::Unauthorized));
        let t = rate(&d.resident, 1).await.unwrap();
        assert_eq!((t.up, t.down), (1, 0));
        let t = rate(&d.resident, -1).await.unwrap();
        assert_eq!((t.up, t.down, t.mine), (0, 1, Some(Vote::Down)));
        let missing = votes::service::rate_argument(&d.resident, 424_242, 1).await;
        assert_eq!(missing, Err(AppError::NotFound));
        assert!(d.db.counter_mismatches().await.unwrap().is_empty());
    }
);

both_backends!(
    accounts_register_once_and_authenticate,
    |db: Db, _url: String| async move {
        let ctx = Ctx::anonymous(db.clone(), Lang::En);
        let id = accounts::service::register(&ctx, " Nova@Example.org ", "Nova", "dolgo geslo 123")
            .await
            .unwrap();
        let again =
            accounts::service::register(&ctx, "nova@example.org", "Druga", "dolgo geslo 456")
                .await
                .unwrap_err();
        assert_eq!(
            field_errors(again),
            vec![("email".into(), Msg::ErrEmailTaken)]
        );
        let short = accounts::service::register(&ctx, "x@example.org", "X", "kratko")
            .await
            .unwrap_err();
        assert_eq!(
            field_errors(short),
            vec![("password".into(), Msg::ErrPasswordTooShort)]
        );
        assert_eq!(count(&db, "SELECT COUNT(*) FROM users").await, 1);

        let signed_in =
            accounts::service::authenticate(&ctx, "NOVA@example.org", "dolgo geslo 123")
                .await
                .unwrap();
        assert_eq!(signed_in, id);
        let wrong = accounts::service::authenticate(&ctx, "nova@example.org", "napačno geslo")
            .await
            .unwrap_err();
        let unknown =
            accounts::service::authenticate(&ctx, "nikogar@example.org", "dolgo geslo 123")
                .await
                .unwrap_err();
        assert_eq!(
            wrong, unknown,
            "the answer never tells whether an account exists"
        );
        assert_eq!(
            field_errors(wrong),
            vec![("".into(), Msg::ErrBadCredentials)]
        );
    }
);

both_backends!(
    roles_are_given_by_community_and_site_administrators,
    |db: Db, _url: String| async move {
        use accounts::service::{set_role, set_site_admin};
        let d = demo(db).await;
        let slug = SLUG;
        let resident = OTHER_RESIDENT;
        for (who, expected) in [
            (&d.anonymous, AppError::Unauthorized),
            (&d.resident, AppError::Forbidden),
            (&d.moderator, AppError::Forbidden),
        ] {
            assert_eq!(
                set_role(who, slug, resident, Role::Moderator).await,
                Err(expected)
            );
        }
        assert_eq!(
            count(&d.db, "SELECT COUNT(*) FROM memberships").await,
            2,
            "refusals change nothing"
        );
        let nobody = set_role(&d.admin, slug, "nobody@example.org", Role::Moderator)
            .await
            .unwrap_err();
        assert_eq!(
            field_errors(nobody),
            vec![("email".into(), Msg::ErrNoSuchAccount)]
        );
        let nowhere = set_role(&d.admin, "nowhere", resident, Role::Moderator).await;
        assert_eq!(nowhere, Err(AppError::NotFound));

        set_role(&d.admin, slug, resident, Role::Moderator)
            .await
            .unwrap();
        let promoted = as_user(&d.db, resident).await;
        let community = count(&d.db, "SELECT id FROM communities WHERE slug = 'testna'").await;
        assert_eq!(promoted.actor.role_in(community), Some(Role::Moderator));
        set_role(&d.admin, slug, resident, Role::Resident)
            .await
            .unwrap();
        let demoted = as_user(&d.db, resident).await;
        assert_eq!(demoted.actor.role_in(community), Some(Role::Resident));

        // Site administrators are made by a site administrator or the operator only.
        assert_eq!(
            set_site_admin(&d.admin, resident, true).await,
            Err(AppError::Forbidden)
        );
        let operator = Ctx::operator(d.db.clone(), Lang::En);
        set_site_admin(&operator, resident, true).await.unwrap();
        assert!(as_user(&d.db, resident).await.actor.site_admin);
        let audited = count(
            &d.db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'site_admin' AND community_id IS NULL",
        )
        .await;
        assert_eq!(audited, 1, "site-wide changes are audited too");
        // The operator runs the site but is nobody on it.
        let posted =
            ideas::service::create_idea(&operator, d.consultation, &draft("Operater")).await;
        assert_eq!(posted, Err(AppError::Unauthorized));
    }
);

both_backends!(
    nobody_rates_their_own_argument,
    |db: Db, _url: String| async move {
        let d = demo(db).await;
        let idea = ideas::service::create_idea(&d.resident, d.consultation, &draft("Predlog"))
            .await
            .unwrap();
        let own = arguments::service::add_argument(&d.other_resident, idea, "for", "Moj razlog.")
            .await
            .unwrap();
        assert_eq!(
            votes::service::rate_argument(&d.other_resident, own, 1).await,
            Err(AppError::Forbidden)
        );
        let ratings = count(&d.db, "SELECT COUNT(*) FROM argument_votes").await;
        assert_eq!(ratings, 0, "the refusal stored nothing");
        votes::service::rate_argument(&d.resident, own, 1)
            .await
            .unwrap();
    }
);
