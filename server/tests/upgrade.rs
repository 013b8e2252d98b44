//! Upgrading keeps every row: a database made by the previous release's migrations, with
//! people, ideas, votes, arguments, comments and signed-in sessions in it, is opened by the
//! new binary, which migrates it; then every row, counter and session is still there.
//!
//! Keep this test for every schema change: when a release ships, raise `PREVIOUS_RELEASE` to
//! its last migration and extend `fill_previous_release` only if the old rows need it.

use app::testing as common;
use app::testing::count;
mod support;

use app::i18n::{Lang, Localized};
use app::server::db::{Backend, Db};
use server::session_store::DbSessionStore;
use sqlx::migrate::Migrator;
use sqlx::AnyPool;
use support::Server;

/// The last migration of the previous release (0001 core schema, 0002 sort indexes).
const PREVIOUS_RELEASE: i64 = 2;

/// Rows per table as the previous release left them.
const TABLES: [(&str, i64); 9] = [
    ("users", 3),
    ("communities", 2),
    ("consultations", 1),
    ("categories", 1),
    ("ideas", 2),
    ("idea_votes", 3),
    ("arguments", 2),
    ("argument_votes", 1),
    ("comments", 1),
];

/// Applies only the migrations the previous release had.
async fn migrate_as_previous_release(pool: &AnyPool, backend: Backend) {
    let mut migrator: Migrator = match backend {
        Backend::Sqlite => sqlx::migrate!("../migrations/sqlite"),
        Backend::Postgres => sqlx::migrate!("../migrations/postgres"),
    };
    let old: Vec<_> = migrator
        .migrations
        .iter()
        .filter(|m| m.version <= PREVIOUS_RELEASE)
        .cloned()
        .collect();
    assert_eq!(old.len() as i64, PREVIOUS_RELEASE);
    migrator.migrations = old.into();
    migrator.run(pool).await.expect("old migrations");
}

/// Data in the previous release's schema (global `users.role`), counters consistent.
async fn fill_previous_release(pool: &AnyPool) {
    let statements = [
        "INSERT INTO users (id, email, display_name, password_hash, role, created_at) VALUES
            (1, 'ana@example.org', 'Ana Nadgradnja', NULL, 'resident', 1),
            (2, 'bojan@example.org', 'Bojan', NULL, 'moderator', 2),
            (3, 'cvetka@example.org', 'Cvetka', NULL, 'admin', 3)",
        "INSERT INTO communities (id, slug, name_sl, name_en, description_sl, description_en, created_at) VALUES
            (1, 'prva', 'Prva', 'First', 'Opis', 'Description', 1),
            (2, 'druga', 'Druga', 'Second', 'Opis', 'Description', 1)",
        "INSERT INTO consultations (id, community_id, position, name_sl, name_en, description_sl, description_en, idea_count, created_at) VALUES
            (1, 1, 0, 'Skupina', 'Consultation', 'Opis', 'Description', 2, 1)",
        "INSERT INTO categories (id, community_id, name_sl, name_en) VALUES (1, 1, 'Promet', 'Mobility')",
        "INSERT INTO ideas (id, consultation_id, author_id, category_id, title, body, excerpt, status, up_count, down_count, argument_count, comment_count, created_at, updated_at) VALUES
            (1, 1, 1, 1, 'Kolesarske steze', 'Več **stez**.', 'Več stez.', 'in_progress', 2, 1, 2, 1, 10, 10),
            (2, 1, 1, NULL, 'Klopi', 'Več klopi.', 'Več klopi.', 'open', 0, 0, 0, 0, 11, 11)",
        "INSERT INTO idea_votes (idea_id, user_id, value, created_at) VALUES (1, 1, 1, 12), (1, 2, 1, 12), (1, 3, -1, 12)",
        "INSERT INTO arguments (id, idea_id, author_id, side, body, helpful_count, unhelpful_count, created_at) VALUES
            (1, 1, 2, 'for', 'Varneje.', 1, 0, 13),
            (2, 1, 3, 'against', 'Drago.', 0, 0, 14)",
        "INSERT INTO argument_votes (argument_id, user_id, value, created_at) VALUES (1, 1, 1, 15)",
        "INSERT INTO comments (id, idea_id, author_id, body, created_at) VALUES (1, 1, 2, 'Strinjam se.', 16)",
    ];
    for sql in statements {
        sqlx::query(sql).execute(pool).await.expect(sql);
    }
}

async fn upgrade_keeps_every_row(backend: Backend) {
    let fresh = common::fresh_empty(backend).await;
    let pool = common::raw_pool(&fresh.url).await;
    migrate_as_previous_release(&pool, backend).await;
    fill_previous_release(&pool).await;
    pool.close().await;
    let store = DbSessionStore::open(&fresh.url)
        .await
        .expect("session store");
    let session = store.create_signed_in(1).await.expect("a session");

    let server = Server::start(&fresh.url).await;
    let db = Db::connect(&fresh.url).await.expect("open upgraded");
    for (table, rows) in TABLES {
        let now = count(&db, &format!("SELECT COUNT(*) FROM {table}")).await;
        assert_eq!(now, rows, "{table} after the upgrade");
    }
    assert_eq!(db.counter_mismatches().await.unwrap(), Vec::<String>::new());
    // The old global roles became a site administrator and community moderators.
    assert_eq!(
        count(&db, "SELECT site_admin FROM users WHERE id = 3").await,
        1
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM users WHERE site_admin = 1").await,
        1
    );
    let moderated = "SELECT COUNT(*) FROM memberships WHERE user_id = 2 AND role = 'moderator'";
    assert_eq!(
        count(&db, moderated).await,
        2,
        "a moderator of every community"
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM memberships").await, 2);
    // Names and descriptions in both languages became one text per language each.
    let texts: Vec<(String, String)> = sqlx::query_as(
        "SELECT c.name, k.name FROM communities c JOIN categories k ON k.community_id = c.id",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let (community, category) = &texts[0];
    assert_eq!(Localized::pick(community, Lang::En), "First");
    assert_eq!(Localized::pick(community, Lang::Sl), "Prva");
    assert_eq!(Localized::pick(category, Lang::En), "Mobility");
    let category_of_idea = "SELECT COUNT(*) FROM ideas WHERE category_id = 1";
    assert_eq!(
        count(&db, category_of_idea).await,
        1,
        "ideas keep their category"
    );

    // The session made before the upgrade is still signed in, and the pages read old rows.
    let cookie = format!("posvet_session={session}");
    let page = support::request(
        server.port,
        "GET",
        "/ideas/1",
        &[("Accept", "text/html"), ("Cookie", &cookie)],
        "",
    )
    .await
    .expect("idea page");
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Ana Nadgradnja"), "still signed in");
    assert!(page.body.contains("Kolesarske steze") && page.body.contains("Varneje."));
    assert!(page.body.contains("Promet") && page.body.contains("Skupina"));
    // And the upgraded database takes new writes.
    let vote = server.vote(&session, 2, 1).await.expect("vote");
    assert_eq!(vote.status, 200, "{}", vote.body);
    assert_eq!(
        count(&db, "SELECT up_count FROM ideas WHERE id = 2").await,
        1
    );
    db.pool.close().await;
    drop(server);
    fresh.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_upgrade_keeps_every_row() {
    upgrade_keeps_every_row(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_upgrade_keeps_every_row() {
    upgrade_keeps_every_row(Backend::Postgres).await;
}
