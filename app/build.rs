//! sqlx::migrate! embeds the migration files: rebuild when they change. And the browser's
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
