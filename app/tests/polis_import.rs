//! `posvet import-polis`'s service on both back-ends, with the two real conversations in
//! `data/polis` (Pol.is open data, compdemocracy/openData, CC BY 4.0; see its README): what
//! it writes, who may run it, and that the opinion groups computed from the database match
//! Pol.is's own `group-id` for each participant (found by the external id the import keeps).

use app::both_backends;
use app::error::AppError;
use app::i18n::Lang;
use app::opinions::math::adjusted_rand_index;
use app::server::db::{self, Db};
use app::statements::polis::{self, Conversation, Files};
use app::statements::service::import_polis;
use app::testing::{count, demo, SLUG};
use std::collections::HashMap;
use std::path::PathBuf;

fn read(name: &str, file: &str) -> Option<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("data/polis")
        .join(name)
        .join(file);
    std::fs::read_to_string(path).ok()
}

fn conversation(name: &str) -> Conversation {
    let comments = read(name, "comments.csv").unwrap();
    let table = read(name, "participants-votes.csv");
    let summary = read(name, "summary.csv");
    polis::parse(&Files {
        comments: &comments,
        votes: None,
        participants_votes: table.as_deref(),
        summary: summary.as_deref(),
    })
    .unwrap()
}

/// Pol.is's own group of each participant, by participant id.
fn polis_groups(name: &str) -> HashMap<String, Option<usize>> {
    let table = read(name, "participants-votes.csv").unwrap();
    let mut reader = csv::Reader::from_reader(table.as_bytes());
    let header = reader.headers().unwrap().clone();
    let pid = header.iter().position(|h| h == "participant").unwrap();
    let group = header.iter().position(|h| h == "group-id").unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[pid].to_string(), r[group].parse().ok())
        })
        .collect()
}

async fn imports_and_matches(db: Db, name: &str) {
    let d = demo(db.clone()).await;
    let conv = conversation(name);
    let operator = app::ctx::Ctx::operator(db.clone(), Lang::En);
    let done = import_polis(&operator, SLUG, &conv).await.unwrap();
    let rejected = conv.comments.iter().filter(|c| c.rejected).count();
    assert_eq!(done.statements, conv.comments.len());
    assert_eq!(done.hidden, rejected);
    assert_eq!(done.votes, conv.votes.len());
    let g = done.consultation_id;
    assert_eq!(
        count(
            &db,
            &format!("SELECT idea_count FROM consultations WHERE id = {g}")
        )
        .await,
        (conv.comments.len() - rejected) as i64,
        "rejected statements are hidden and not counted"
    );
    assert_eq!(
        count(
            &db,
            &format!("SELECT COUNT(*) FROM consultations WHERE id = {g} AND format = 'statements'")
        )
        .await,
        1
    );
    // Pseudonymous accounts: no address that receives mail, no password, no mail.
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM users WHERE external_id IS NOT NULL AND (password_hash IS NOT NULL OR mail_mode <> 'off' OR email NOT LIKE '%@import.invalid')").await,
        0
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM users WHERE external_id IS NOT NULL"
        )
        .await,
        done.participants as i64
    );
    assert!(db.counter_mismatches().await.unwrap().is_empty());

    // The groups from the database, by Pol.is's participant id, against Pol.is's own.
    let (_, members) = app::opinions::service::assignments(&db, g).await.unwrap();
    let external = db::statements::external_ids(&mut db.conn().await.unwrap(), g)
        .await
        .unwrap();
    let theirs = polis_groups(name);
    let labels: Vec<Option<String>> = members.iter().map(|(_, l)| l.clone()).collect();
    let mut names: Vec<&String> = labels.iter().flatten().collect();
    names.sort();
    names.dedup();
    let ours: Vec<Option<usize>> = labels
        .iter()
        .map(|l| l.as_ref().and_then(|l| names.iter().position(|n| *n == l)))
        .collect();
    let polis: Vec<Option<usize>> = members
        .iter()
        .map(|(user, _)| theirs[&external[user]])
        .collect();
    let ari = adjusted_rand_index(&ours, &polis);
    println!("{name}: ARI {ari:.4} after the import");
    assert!(ari >= 0.9, "adjusted Rand index {ari}");

    // The worker computes the imported consultation like any other.
    assert_eq!(app::opinions::service::run_due(&db, "w").await.unwrap(), 1);
    let view = app::opinions::service::groups_view(&d.anonymous, g)
        .await
        .unwrap()
        .expect("groups");
    assert_eq!(view.groups.len(), 2);
}

both_backends!(
    bowling_green_2050_imports_with_its_groups,
    |db: Db, _url: String| async move { imports_and_matches(db, "bg2050-volunteers").await }
);

both_backends!(
    scoop_hivemind_imports_with_its_groups,
    |db: Db, _url: String| async move { imports_and_matches(db, "scoop-hivemind.biodiversity").await }
);

both_backends!(
    only_the_operator_or_an_administrator_imports,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        let conv = conversation("bg2050-volunteers");
        assert_eq!(
            import_polis(&d.resident, SLUG, &conv).await,
            Err(AppError::Forbidden)
        );
        let operator = app::ctx::Ctx::operator(db.clone(), Lang::En);
        assert_eq!(
            import_polis(&operator, "no-such-community", &conv).await,
            Err(AppError::NotFound)
        );
        assert_eq!(count(&db, "SELECT COUNT(*) FROM consultations").await, 1);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM idea_votes").await, 0);
    }
);
