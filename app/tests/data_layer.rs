//! The data layer on both back-ends: constraints, counters, ordering, concurrency.

use app::both_backends;
use app::testing as common;
use app::testing::count;

use app::arguments::rules::Side;
use app::i18n::{Lang, Localized};
use app::ideas::rules::{Sort, IDEAS_PER_PAGE};
use app::server::db::{self, DbError, DbResult, IdeaCardRow, NewIdea, NewUser};
use app::server::Db;
use app::votes::rules::Vote;
use app::votes::Tally;
use common::{arguments_of, idea_row};

// Each write below is one transaction of its own, as a service would make it.

async fn create_user(db: &Db, user: NewUser<'_>) -> DbResult<i64> {
    let mut tx = db.begin().await?;
    let id = db::accounts::create_user(&mut tx, user).await?;
    tx.commit().await?;
    Ok(id)
}

async fn create_idea(db: &Db, idea: NewIdea<'_>) -> DbResult<i64> {
    let mut tx = db.begin().await?;
    let id = db::ideas::create(&mut tx, idea).await?;
    tx.commit().await?;
    Ok(id)
}

async fn add_argument(db: &Db, idea: i64, author: i64, side: Side, body: &str) -> DbResult<i64> {
    let mut tx = db.begin().await?;
    let id = db::arguments::add(&mut tx, idea, author, side, body).await?;
    tx.commit().await?;
    Ok(id)
}

async fn add_comment(db: &Db, idea: i64, author: i64, body: &str) -> DbResult<i64> {
    let mut tx = db.begin().await?;
    let id = db::comments::add(&mut tx, idea, author, body, None).await?;
    tx.commit().await?;
    Ok(id)
}

async fn vote_idea(db: &Db, idea: i64, user: i64, vote: Option<Vote>) -> DbResult<Tally> {
    let mut tx = db.begin().await?;
    let tally = db::votes::vote_idea(&mut tx, idea, user, vote).await?;
    tx.commit().await?;
    Ok(tally)
}

async fn vote_argument(db: &Db, arg: i64, user: i64, vote: Option<Vote>) -> DbResult<Tally> {
    let mut tx = db.begin().await?;
    let tally = db::votes::vote_argument(&mut tx, arg, user, vote).await?;
    tx.commit().await?;
    Ok(tally)
}

async fn idea_page(
    db: &Db,
    consultation: i64,
    sort: Sort,
    seed: i64,
    page: i64,
    viewer: i64,
) -> DbResult<Vec<IdeaCardRow>> {
    db::ideas::page(
        &mut *db.conn().await?,
        consultation,
        sort,
        seed,
        page,
        viewer,
        None,
    )
    .await
}

async fn user(db: &Db, n: usize) -> i64 {
    create_user(
        db,
        NewUser {
            email: &format!("user{n}@test.example"),
            display_name: &format!("User {n}"),
            password_hash: None,
        },
    )
    .await
    .expect("create user")
}

/// A community with one consultation, and its id.
async fn consultation(db: &Db) -> i64 {
    let text = |sl: &str, en: &str| Localized::new(&[(Lang::Sl, sl), (Lang::En, en)]);
    let mut tx = db.begin().await.unwrap();
    let c = db::consultations::create_community(
        &mut tx,
        "test",
        &text("Test", "Test"),
        &text("Opis", "Description"),
    )
    .await
    .unwrap();
    let g = db::consultations::create_consultation(
        &mut tx,
        c,
        0,
        &text("Skupina", "Consultation"),
        &text("Opis", "Description"),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    g
}

async fn idea(db: &Db, consultation_id: i64, author: i64, title: &str) -> i64 {
    create_idea(
        db,
        NewIdea {
            consultation_id,
            author_id: author,
            category_id: None,
            title,
            body: "Body",
            excerpt: "Body",
            awaiting_approval: false,
        },
    )
    .await
    .expect("create idea")
}

both_backends!(votes_flip_and_withdraw, |db: Db, _url: String| async move {
    let g = consultation(&db).await;
    let (a, b) = (user(&db, 1).await, user(&db, 2).await);
    let i = idea(&db, g, a, "Idea").await;
    let t = vote_idea(&db, i, a, Some(Vote::Up)).await.unwrap();
    assert_eq!((t.up, t.down, t.mine), (1, 0, Some(Vote::Up)));
    let t = vote_idea(&db, i, b, Some(Vote::Down)).await.unwrap();
    assert_eq!((t.up, t.down), (1, 1));
    // Repeating a vote is harmless, flipping moves it, withdrawing removes it.
    let t = vote_idea(&db, i, a, Some(Vote::Up)).await.unwrap();
    assert_eq!((t.up, t.down), (1, 1));
    let t = vote_idea(&db, i, a, Some(Vote::Down)).await.unwrap();
    assert_eq!((t.up, t.down, t.mine), (0, 2, Some(Vote::Down)));
    let t = vote_idea(&db, i, b, None).await.unwrap();
    assert_eq!((t.up, t.down, t.mine), (0, 1, None));
    assert_eq!(count(&db, "SELECT COUNT(*) FROM idea_votes").await, 1);
    assert!(db.counter_mismatches().await.unwrap().is_empty());
    assert!(matches!(
        vote_idea(&db, 999_999, a, Some(Vote::Up)).await,
        Err(DbError::NotFound)
    ));
});

both_backends!(
    schema_enforces_one_vote_and_valid_values,
    |db: Db, _url: String| async move {
        let g = consultation(&db).await;
        let a = user(&db, 1).await;
        let i = idea(&db, g, a, "Idea").await;
        let insert =
            "INSERT INTO idea_votes (idea_id, user_id, value, created_at) VALUES ($1, $2, $3, 0)";
        sqlx::query(insert)
            .bind(i)
            .bind(a)
            .bind(1_i64)
            .execute(&db.pool)
            .await
            .unwrap();
        let dup = sqlx::query(insert)
            .bind(i)
            .bind(a)
            .bind(-1_i64)
            .execute(&db.pool)
            .await;
        assert!(matches!(dup.map_err(DbError::from), Err(DbError::Unique)));
        let b = user(&db, 2).await;
        let bad = sqlx::query(insert)
            .bind(i)
            .bind(b)
            .bind(2_i64)
            .execute(&db.pool)
            .await;
        assert!(bad.is_err(), "a vote of 2 must be refused by the CHECK");
        let orphan = sqlx::query(insert)
            .bind(424_242_i64)
            .bind(b)
            .bind(1_i64)
            .execute(&db.pool)
            .await;
        assert!(
            orphan.is_err(),
            "a vote on a missing idea must be refused by the foreign key"
        );
        let long = create_idea(
            &db,
            NewIdea {
                consultation_id: g,
                author_id: a,
                category_id: None,
                // The rules allow 60 (140 for a statement); imports may bring longer ones.
                title: &"x".repeat(401),
                body: "b",
                excerpt: "b",
                awaiting_approval: false,
            },
        )
        .await;
        assert!(
            long.is_err(),
            "a 401-character title must be refused by the CHECK"
        );
        // The failed insert left nothing behind, and the consultation counter was rolled back with it.
        // (The vote inserted by hand above bypassed the counters on purpose, so only the consultation
        // counter is checked here.)
        assert_eq!(count(&db, "SELECT COUNT(*) FROM ideas").await, 1);
        let mismatches = db.counter_mismatches().await.unwrap();
        assert!(
            !mismatches.iter().any(|m| m.starts_with("consultations")),
            "{mismatches:?}"
        );
    }
);

both_backends!(emails_are_unique, |db: Db, _url: String| async move {
    user(&db, 1).await;
    let again = create_user(
        &db,
        NewUser {
            email: "user1@test.example",
            display_name: "X",
            password_hash: None,
        },
    )
    .await;
    assert!(matches!(again, Err(DbError::Unique)));
});

both_backends!(
    idea_in_missing_consultation_saves_nothing,
    |db: Db, _url: String| async move {
        let a = user(&db, 1).await;
        let r = create_idea(
            &db,
            NewIdea {
                consultation_id: 77,
                author_id: a,
                category_id: None,
                title: "T",
                body: "B",
                excerpt: "B",
                awaiting_approval: false,
            },
        )
        .await;
        assert!(matches!(r, Err(DbError::NotFound)));
        assert_eq!(count(&db, "SELECT COUNT(*) FROM ideas").await, 0);
    }
);

both_backends!(
    arguments_comments_and_helpfulness_keep_counters,
    |db: Db, _url: String| async move {
        let g = consultation(&db).await;
        let (a, b) = (user(&db, 1).await, user(&db, 2).await);
        let i = idea(&db, g, a, "Idea").await;
        let arg = add_argument(&db, i, b, Side::Against, "No, because.")
            .await
            .unwrap();
        add_argument(&db, i, a, Side::For, "Yes, because.")
            .await
            .unwrap();
        add_comment(&db, i, b, "A comment").await.unwrap();
        let t = vote_argument(&db, arg, a, Some(Vote::Up)).await.unwrap();
        assert_eq!((t.up, t.down), (1, 0));
        let t = vote_argument(&db, arg, a, Some(Vote::Down)).await.unwrap();
        assert_eq!((t.up, t.down), (0, 1));
        let row = idea_row(&db, i, a).await.unwrap().unwrap();
        assert_eq!((row.argument_count, row.comment_count), (2, 1));
        let args = arguments_of(&db, i, a).await.unwrap();
        assert_eq!(args.len(), 2);
        assert_eq!(args.iter().find(|x| x.id == arg).unwrap().my_vote, -1);
        assert!(add_argument(&db, 999, a, Side::For, "x").await.is_err());
        assert!(db.counter_mismatches().await.unwrap().is_empty());
    }
);

both_backends!(
    sorting_and_stable_random_paging,
    |db: Db, _url: String| async move {
        let g = consultation(&db).await;
        let users: Vec<i64> = futures_join(&db, 5).await;
        let mut ids = Vec::new();
        for n in 0..45 {
            ids.push(idea(&db, g, users[0], &format!("Idea {n}")).await);
        }
        // Idea 10 gets 3 endorsements, idea 20 gets 2: they lead the "top" order.
        for u in &users[..3] {
            vote_idea(&db, ids[10], *u, Some(Vote::Up)).await.unwrap();
        }
        for u in &users[..2] {
            vote_idea(&db, ids[20], *u, Some(Vote::Up)).await.unwrap();
        }
        vote_idea(&db, ids[30], users[0], Some(Vote::Down))
            .await
            .unwrap();
        let top = idea_page(&db, g, Sort::Top, 0, 1, 0).await.unwrap();
        assert_eq!(top.len() as i64, IDEAS_PER_PAGE);
        assert_eq!((top[0].id, top[1].id), (ids[10], ids[20]));
        let last = idea_page(&db, g, Sort::Top, 0, 3, 0).await.unwrap();
        assert_eq!(last.last().unwrap().id, ids[30]);
        let newest = idea_page(&db, g, Sort::New, 0, 1, 0).await.unwrap();
        assert_eq!(newest[0].id, *ids.last().unwrap());
        // The same seed gives the same order; its pages neither repeat nor skip an idea.
        let mut seen = Vec::new();
        for page in 1..=3 {
            let a = idea_page(&db, g, Sort::Random, 4242, page, 0)
                .await
                .unwrap();
            let b = idea_page(&db, g, Sort::Random, 4242, page, 0)
                .await
                .unwrap();
            assert_eq!(
                a.iter().map(|r| r.id).collect::<Vec<_>>(),
                b.iter().map(|r| r.id).collect::<Vec<_>>()
            );
            seen.extend(a.into_iter().map(|r| r.id));
        }
        seen.sort();
        let mut all = ids.clone();
        all.sort();
        assert_eq!(seen, all);
        let other = idea_page(&db, g, Sort::Random, 77, 1, 0).await.unwrap();
        let first = idea_page(&db, g, Sort::Random, 4242, 1, 0).await.unwrap();
        assert_ne!(
            other.iter().map(|r| r.id).collect::<Vec<_>>(),
            first.iter().map(|r| r.id).collect::<Vec<_>>()
        );
        // The viewer's own vote comes with the card.
        let mine = idea_page(&db, g, Sort::Top, 0, 1, users[0]).await.unwrap();
        assert_eq!(mine[0].my_vote, 1);
    }
);

async fn futures_join(db: &Db, n: usize) -> Vec<i64> {
    let mut out = Vec::new();
    for i in 0..n {
        out.push(user(db, i).await);
    }
    out
}

// 200 concurrent vote requests from 50 people on one idea: the counters equal the rows.
both_backends!(
    concurrent_votes_keep_counters_equal_to_rows,
    |db: Db, _url: String| async move {
        let g = consultation(&db).await;
        let voters = futures_join(&db, 50).await;
        let i = idea(&db, g, voters[0], "Contested").await;
        let mut tasks = Vec::new();
        for k in 0..200usize {
            let db = db.clone();
            let voter = voters[k % 50];
            // Each person endorses, opposes, flips and withdraws in turn.
            let requested = match (k / 50) % 4 {
                0 => Some(Vote::Up),
                1 => Some(Vote::Down),
                2 => None,
                _ => {
                    if k % 2 == 0 {
                        Some(Vote::Up)
                    } else {
                        Some(Vote::Down)
                    }
                }
            };
            tasks.push(tokio::spawn(async move {
                vote_idea(&db, i, voter, requested).await
            }));
        }
        let mut ok = 0;
        for t in tasks {
            t.await.expect("task").expect("vote");
            ok += 1;
        }
        assert_eq!(ok, 200);
        let row = idea_row(&db, i, 0).await.unwrap().unwrap();
        let up = count(
            &db,
            &format!("SELECT COUNT(*) FROM idea_votes WHERE idea_id = {i} AND value = 1"),
        )
        .await;
        let down = count(
            &db,
            &format!("SELECT COUNT(*) FROM idea_votes WHERE idea_id = {i} AND value = -1"),
        )
        .await;
        assert_eq!((row.up_count, row.down_count), (up, down));
        assert!(up + down <= 50);
        assert!(db.counter_mismatches().await.unwrap().is_empty());
    }
);

// Who owns an idea is read once and then known; an idea that does not exist is not
// remembered as missing (it may be posted the next moment).
both_backends!(owners_are_read_once, |db: Db, _url: String| async move {
    let g = consultation(&db).await;
    let (a, b) = (user(&db, 1).await, user(&db, 2).await);
    let first = idea(&db, g, a, "Prva").await;
    let mut c = db.conn().await.unwrap();
    let community: i64 = sqlx::query_scalar("SELECT community_id FROM consultations")
        .fetch_one(&mut *c)
        .await
        .unwrap();
    assert_eq!(
        db.owners.idea(&mut c, first).await.unwrap(),
        Some((community, a))
    );
    assert_eq!(db.owners.idea(&mut c, first + 1).await.unwrap(), None);
    let second = idea(&db, g, b, "Druga").await;
    assert_eq!(second, first + 1);
    assert_eq!(
        db.owners.idea(&mut c, second).await.unwrap(),
        Some((community, b))
    );
    // Known from memory now: changed behind its back (nothing in Posvet does), it still says
    // what it read.
    sqlx::query("UPDATE ideas SET author_id = $1 WHERE id = $2")
        .bind(b)
        .bind(first)
        .execute(&mut *c)
        .await
        .unwrap();
    assert_eq!(
        db.owners.idea(&mut c, first).await.unwrap(),
        Some((community, a))
    );
});
