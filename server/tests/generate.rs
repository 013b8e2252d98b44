//! The benchmark generator (`posvet generate`) on both back-ends: what it writes is consistent
//! and usable by the server (logins, sessions, ids that continue after it).

use app::both_backends;
use app::ideas::rules::Sort;
use app::server::db::{self, NewUser};
use app::server::Db;
use app::testing::count;

async fn create_user(db: &Db, user: NewUser<'_>) -> db::DbResult<i64> {
    let mut tx = db.begin().await?;
    let id = db::accounts::create_user(&mut tx, user).await?;
    tx.commit().await?;
    Ok(id)
}

both_backends!(
    generated_consultation_is_consistent,
    |db: Db, url: String| async move {
        use server::generate::{generate, generated_email, Scale, GENERATED_PASSWORD};
        let scale = Scale::times(0.002);
        let made = generate(&db, scale, 5).await.unwrap();
        assert_eq!(
            (
                made.users,
                made.consultations,
                made.ideas,
                made.arguments,
                made.votes,
                made.reports,
                made.measures
            ),
            (100, 1, 20, 200, 2_000, 20, 5)
        );
        // Five of the ideas are measures, each with two indicators of twelve readings.
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM ideas WHERE kind = 'measure'").await,
            5
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM indicator_readings").await,
            120
        );
        // The reported arguments wait in the queue of user 1, who moderates the community.
        let (queue, total) =
            db::moderation::queue_page(&mut db.conn().await.unwrap(), 1, "", "", 1)
                .await
                .unwrap();
        assert_eq!((queue.len(), total), (20, 20));
        let moderator = app::ctx::Ctx::for_user(db.clone(), 1, app::i18n::Lang::Sl)
            .await
            .unwrap();
        assert_eq!(
            moderator.actor.role_in(1),
            Some(app::authz::Role::Moderator)
        );
        assert_eq!(count(&db, "SELECT COUNT(*) FROM idea_votes").await, 2_000);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM arguments").await, 200);
        assert!(db.counter_mismatches().await.unwrap().is_empty());
        // The top order starts with the idea of the highest score.
        let top = db::ideas::page(&mut db.conn().await.unwrap(), 1, Sort::Top, 0, 1, 0, None)
            .await
            .unwrap();
        let best = count(&db, "SELECT MAX(up_count - down_count) FROM ideas").await;
        assert_eq!(top[0].up_count - top[0].down_count, best);
        // Generated people can log in with the documented password.
        let (id, hash) =
            db::accounts::login_record(&mut db.conn().await.unwrap(), &generated_email(7))
                .await
                .unwrap()
                .expect("user 7");
        assert_eq!(id, 7);
        assert!(app::server::password::verify_password(
            GENERATED_PASSWORD,
            hash.as_deref().unwrap()
        ));
        // New rows continue after the generated ids (PostgreSQL identity sequences).
        let id = create_user(
            &db,
            NewUser {
                email: "new@example.org",
                display_name: "New",
                password_hash: None,
            },
        )
        .await
        .unwrap();
        assert_eq!(id, 101);
        // Sessions for load clients are real sessions of the store.
        let store = server::session_store::DbSessionStore::open(&url)
            .await
            .unwrap();
        let cookie = store.create_signed_in(7).await.unwrap();
        assert!(cookie.len() >= 20);
        // A second run never mixes synthetic rows into a used database.
        assert!(generate(&db, scale, 5).await.is_err());
    }
);
