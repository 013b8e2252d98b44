//! The command line: every command has `--help`, which only prints; a command that writes
//! refuses flags it does not know instead of running with defaults.

use std::process::{Command, Output};

/// Runs `posvet ARGS` against a database file that must not come into being.
fn posvet(args: &[&str]) -> (Output, bool) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("untouched.db");
    let out = Command::new(env!("CARGO_BIN_EXE_posvet"))
        .args(args)
        .env("DATABASE_URL", format!("sqlite://{}", db.display()))
        .env("RUST_LOG", "error")
        .output()
        .expect("posvet runs");
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
