//! sqlx::migrate! embeds the migration files: rebuild when they change. The messages' names
//! (`i18n::Msg`, `i18n::Counted`) from the keys of the translation files. And the browser's
//! translation catalog: only the messages listed in `locales/browser.txt`, so the wasm bundle
//! does not carry every text of every page in every language.

use std::collections::BTreeMap;

fn main() {
    println!("cargo:rerun-if-changed=../migrations");
    println!("cargo:rerun-if-changed=locales");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let wanted = std::fs::read_to_string("locales/browser.txt").expect("locales/browser.txt");
    let keys: Vec<&str> = wanted
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    write_names(&out);
    for lang in ["sl", "en"] {
        let file = std::fs::read_to_string(format!("locales/{lang}.json")).expect("a locale file");
        let all: BTreeMap<String, serde_json::Value> =
            serde_json::from_str(&file).expect("valid JSON (tested)");
        let subset: BTreeMap<&str, &serde_json::Value> = keys
            .iter()
            .map(|k| {
                (
                    *k,
                    all.get(*k)
                        .unwrap_or_else(|| panic!("{k} is not in {lang}.json")),
                )
            })
            .collect();
        let json = serde_json::to_string(&subset).expect("serialisable");
        std::fs::write(format!("{out}/{lang}.browser.json"), json).expect("OUT_DIR is writable");
    }
}

/// `messages! { Key, … }` for every text of the English file and `counted! { Name, … }` for
/// every `Count<Name>` with a text per plural form (a test checks that the files have the
/// same keys).
fn write_names(out: &str) {
    let file = std::fs::read_to_string("locales/en.json").expect("locales/en.json");
    let all: BTreeMap<String, serde_json::Value> =
        serde_json::from_str(&file).expect("valid JSON (tested)");
    let mut messages = String::from("messages! {\n");
    let mut counted = String::from("counted! {\n");
    for (key, value) in &all {
        assert!(
            key.chars().all(|c| c.is_ascii_alphanumeric()) && key.starts_with(char::is_uppercase),
            "{key}: a key is a name in CamelCase"
        );
        match (value, key.strip_prefix("Count")) {
            (serde_json::Value::Object(_), Some(name)) => {
                counted.push_str(&format!("    {name},\n"))
            }
            (serde_json::Value::String(_), _) => messages.push_str(&format!("    {key},\n")),
            _ => panic!("{key}: a text, or Count<Name> with a text per plural form"),
        }
    }
    let names = format!("{messages}}}\n{counted}}}\n");
    std::fs::write(format!("{out}/messages.rs"), names).expect("OUT_DIR is writable");
}
