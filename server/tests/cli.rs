//! The command line: every command has `--help`, which only prints; a command that writes
//! refuses flags it does not know instead of running with defaults.

mod support;

use std::process::Output;

/// Runs `posvet ARGS` against a database file that must not come into being.
fn posvet(args: &[&str]) -> (Output, bool) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("untouched.db");
    let out = support::posvet(args, &format!("sqlite://{}", db.display()));
    (out, db.exists())
}

#[test]
fn help_prints_and_touches_nothing() {
    for args in [
        &["--help"][..],
        &["generate", "--help"],
        &["check-counters", "--help"],
        &["help", "generate"],
    ] {
        let (out, db_made) = posvet(args);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{args:?}: {out:?}");
        assert!(text.contains("Usage: posvet"), "{args:?}: {text}");
        assert!(!db_made, "{args:?} opened the database");
    }
    let (out, _) = posvet(&["generate", "--help"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("--scale") && text.contains("--sessions-file"),
        "{text}"
    );
}

#[test]
fn unknown_commands_and_flags_are_refused_before_anything_is_written() {
    for args in [
        &["generate", "--scael", "0.1"][..],
        &["generate", "extra"],
        &["generate", "--scale", "-1"],
        &["generate", "--sessions", "5"],
        &["frobnicate"],
    ] {
        let (out, db_made) = posvet(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        assert!(!out.stderr.is_empty(), "{args:?} says what is wrong");
        assert!(!db_made, "{args:?} opened the database");
    }
}

/// The first administrator of a new installation is made on the command line, through the
/// same service (and permission check) as on the site.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn roles_are_given_on_the_command_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}/posvet.db?mode=rwc", dir.path().display());
    let db = app::server::Db::connect(&url).await.expect("open");
    server::seed::seed_demo(&db).await.expect("demo");
    let run = |args: &[&str]| support::posvet(args, &url);
    let ok = run(&[
        "set-role",
        "--email",
        "Demo@Posvet.example",
        "--community",
        "digitalna-ljubljana",
        "--role",
        "admin",
    ]);
    assert!(ok.status.success(), "{ok:?}");
    let role: String = sqlx::query_scalar(
        "SELECT m.role FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE u.email = 'demo@posvet.example'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(role, "admin");

    let unknown = run(&["site-admin", "--email", "nobody@example.org"]);
    assert_eq!(unknown.status.code(), Some(1));
    let said = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        said.contains("There is no account with this email address."),
        "{said}"
    );
    let made = run(&["site-admin", "--email", "demo@posvet.example"]);
    assert!(made.status.success(), "{made:?}");
    let admins: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE site_admin = 1")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(admins, 1);
}

/// An export on the command line (for scheduled open-data uploads) writes the same file the
/// form gives; an unknown community is a clear error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_are_exported_on_the_command_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}/posvet.db?mode=rwc", dir.path().display());
    let db = app::server::Db::connect(&url).await.expect("open");
    server::seed::seed_demo(&db).await.expect("demo");
    let out = dir.path().join("ideas.csv");
    let out_path = out.display().to_string();
    let run = |community: &str| {
        support::posvet(
            &[
                "export",
                "--community",
                community,
                "--format",
                "csv-ideas",
                "--output",
                &out_path,
            ],
            &url,
        )
    };
    let ok = run("digitalna-ljubljana");
    assert!(ok.status.success(), "{ok:?}");
    let text = std::fs::read_to_string(&out).unwrap();
    let ideas: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ideas WHERE hidden = 0")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    // A header, then one record per idea (texts may hold line breaks: count records).
    let records = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .count() as i64;
    assert_eq!(records, ideas);
    assert!(!app::testing::contains_email_address(&text));
    let unknown = run("nowhere");
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no such community"));
}

/// Each voter's opinion group for the operator, as CSV and JSON; a consultation that does not
/// exist is a clear error; --synthetic times the computation without a database.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opinion_groups_on_the_command_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}/posvet.db?mode=rwc", dir.path().display());
    let db = app::server::Db::connect(&url).await.expect("open");
    server::seed::seed_demo(&db).await.expect("demo");
    let run = |args: &[&str]| support::posvet(args, &url);
    let csv = run(&["opinion-groups", "--consultation", "1"]);
    assert!(csv.status.success(), "{csv:?}");
    let text = String::from_utf8_lossy(&csv.stdout);
    let voters: i64 = sqlx::query_scalar(
        "SELECT COUNT(DISTINCT v.user_id) FROM idea_votes v JOIN ideas i ON i.id = v.idea_id
         WHERE i.consultation_id = 1 AND i.hidden = 0",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("participant,group"));
    assert_eq!(lines.count() as i64, voters, "{text}");
    let json = run(&["opinion-groups", "--consultation", "1", "--format", "json"]);
    let parsed: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(parsed["voters"].as_i64(), Some(voters));
    assert_eq!(
        parsed["participants"].as_array().map(Vec::len),
        Some(voters as usize)
    );
    let missing = run(&["opinion-groups", "--consultation", "999"]);
    assert_eq!(missing.status.code(), Some(1), "{missing:?}");
    let timed = run(&[
        "opinion-groups",
        "--synthetic",
        "600x40",
        "--votes-each",
        "20",
    ]);
    let said = String::from_utf8_lossy(&timed.stdout);
    assert!(
        said.contains("600 participants x 40 ideas (12000 votes): 3 groups"),
        "{said}"
    );
}

/// A Pol.is export imported as a consultation of statements: `consultation N` on stdout, and
/// then each participant's group by their Pol.is id. A folder without the files, or an
/// unknown community, is a clear error that writes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_polis_on_the_command_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}/posvet.db?mode=rwc", dir.path().display());
    let db = app::server::Db::connect(&url).await.expect("open");
    server::seed::seed_demo(&db).await.expect("demo");
    let run = |args: &[&str]| support::posvet(args, &url);
    let export = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../app/data/polis/bg2050-volunteers"
    );
    let consultations = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM consultations")
            .fetch_one(&db.pool)
            .await
            .unwrap()
    };
    let before = consultations().await;
    let refused = run(&["import-polis", export, "--community", "no-such"]);
    assert_eq!(refused.status.code(), Some(1), "{refused:?}");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("no such community"));
    let empty = dir.path().to_str().unwrap();
    let refused = run(&["import-polis", empty, "--community", "digitalna-ljubljana"]);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("has no comments.csv"));
    assert_eq!(consultations().await, before, "nothing written");

    let done = run(&["import-polis", export, "--community", "digitalna-ljubljana"]);
    assert!(done.status.success(), "{done:?}");
    let said = String::from_utf8_lossy(&done.stdout);
    let id: i64 = said
        .trim()
        .strip_prefix("consultation ")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{said}"));
    assert_eq!(consultations().await, before + 1);
    let csv = run(&["opinion-groups", "--consultation", &id.to_string()]);
    let text = String::from_utf8_lossy(&csv.stdout);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("participant,group"));
    let rows: Vec<(String, String)> = lines
        .map(|l| {
            let (p, g) = l.split_once(',').unwrap();
            (p.to_string(), g.to_string())
        })
        .collect();
    // Pol.is's participant ids (0–125), not account ids, and two groups.
    assert!(rows
        .iter()
        .all(|(p, _)| p.parse::<i64>().is_ok_and(|p| (0..126).contains(&p))));
    let mut groups: Vec<&str> = rows
        .iter()
        .map(|(_, g)| g.as_str())
        .filter(|g| !g.is_empty())
        .collect();
    groups.sort();
    groups.dedup();
    assert_eq!(groups, vec!["A", "B"]);
}
