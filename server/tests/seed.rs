//! The demo consultation seeded into an empty database: complete, consistent, and with a
//! moderator and an administrator of its community (the demo logins in README).

use app::authz::Role;
use app::both_backends;
use app::ctx::Ctx;
use app::error::AppError;
use app::i18n::{Lang, Localized};
use app::server::db;
use app::server::Db;
use app::testing::count;
use server::seed::{seed_demo, DEMO_ADMIN_EMAIL, DEMO_EMAIL, DEMO_MODERATOR_EMAIL};

async fn as_user(db: &Db, email: &str) -> Ctx {
    let (id, _) = db::accounts::login_record(&mut db.conn().await.unwrap(), email)
        .await
        .unwrap()
        .expect(email);
    Ctx::for_user(db.clone(), id, Lang::Sl).await.unwrap()
}

struct Demo {
    db: Db,
    resident: Ctx,
    moderator: Ctx,
    admin: Ctx,
    anonymous: Ctx,
}

async fn demo(db: Db) -> Demo {
    seed_demo(&db).await.unwrap();
    Demo {
        resident: as_user(&db, DEMO_EMAIL).await,
        moderator: as_user(&db, DEMO_MODERATOR_EMAIL).await,
        admin: as_user(&db, DEMO_ADMIN_EMAIL).await,
        anonymous: Ctx::anonymous(db.clone(), Lang::Sl),
        db,
    }
}

both_backends!(
    demo_seed_is_complete_and_consistent,
    |db: Db, _url: String| async move {
        assert!(db.is_empty().await.unwrap());
        seed_demo(&db).await.unwrap();
        assert!(!db.is_empty().await.unwrap());
        let communities = db::consultations::communities(&mut db.conn().await.unwrap())
            .await
            .unwrap();
        assert_eq!(communities.len(), 1);
        assert_eq!(
            Localized::pick(&communities[0].name, Lang::Sl),
            "Digitalna Ljubljana 2023–2027"
        );
        assert_eq!(
            Localized::pick(&communities[0].name, Lang::En),
            "Digital Ljubljana 2023–2027"
        );
        let consultations =
            db::consultations::of_community(&mut db.conn().await.unwrap(), communities[0].id)
                .await
                .unwrap();
        // Five of ideas, one per strategic goal, and one of statements: a real Pol.is
        // conversation with its votes, its rejected comments hidden.
        assert_eq!(consultations.len(), 6);
        assert!(consultations.iter().all(|g| g.idea_count > 0));
        let formats: Vec<&str> = consultations.iter().map(|g| g.format.as_str()).collect();
        assert_eq!(
            formats,
            ["ideas", "ideas", "ideas", "ideas", "ideas", "statements"]
        );
        let statements = consultations[5].id;
        assert_eq!(
            count(&db, &format!("SELECT COUNT(*) FROM ideas WHERE consultation_id = {statements} AND hidden = 0")).await,
            316
        );
        assert_eq!(
            count(&db, &format!("SELECT COUNT(*) FROM idea_votes v JOIN ideas i ON i.id = v.idea_id WHERE i.consultation_id = {statements}")).await,
            14_283
        );
        assert!(
            count(
                &db,
                "SELECT COUNT(*) FROM ideas WHERE status = 'in_progress'"
            )
            .await
                > 0
        );
        assert!(count(&db, "SELECT COUNT(*) FROM ideas WHERE status = 'adopted'").await > 0);
        assert!(count(&db, "SELECT COUNT(*) FROM arguments WHERE side = 'against'").await > 0);
        assert!(db.counter_mismatches().await.unwrap().is_empty());
    }
);

both_backends!(
    the_demo_seeds_a_moderator_and_an_administrator,
    |db: Db, _url: String| async move {
        let d = demo(db).await;
        let community = count(&d.db, "SELECT id FROM communities").await;
        assert_eq!(d.moderator.actor.role_in(community), Some(Role::Moderator));
        assert_eq!(d.admin.actor.role_in(community), Some(Role::Admin));
        assert_eq!(d.resident.actor.role_in(community), Some(Role::Resident));
        assert_eq!(d.anonymous.actor.role_in(community), None);
        assert!(
            !d.admin.actor.site_admin,
            "the demo has no site administrator"
        );
        assert_eq!(
            Ctx::for_user(d.db.clone(), 424_242, Lang::Sl).await.err(),
            Some(AppError::NotFound)
        );
    }
);
