//! The translation layer: every string a person reads comes from here, and its text from
//! one file per language, `app/locales/<code>.json` (a translator edits those, not Rust).
//!
//! `Msg` names every message; its variant name is the key in each file, and build.rs makes
//! one variant per key (adding a text is adding it to each file). Messages take named
//! arguments (`"Page {page} of {pages}"`), so no sentence is glued from pieces, and counted
//! things have one text per plural category of the language (Slovenian: one, two, few,
//! other). A test checks that every file has every key, no unknown one, and the same
//! arguments in each language. Errors travel from server to browser as `Msg` values.
//!
//! Why not leptos_i18n or Fluent: both would replace the serialisable `Msg` keys our
//! validation errors carry, and add a formatter to the browser bundle; here a lookup is an
//! index into a table built once from the files, and formatting is a substitution.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

pub use crate::lang::Lang;

/// The language's translation file: the whole of it on the server; in the browser only
/// the messages the islands show (`locales/browser.txt`, extracted by build.rs).
fn file(lang: Lang) -> &'static str {
    #[cfg(feature = "ssr")]
    match lang {
        Lang::Sl => include_str!("../locales/sl.json"),
        Lang::En => include_str!("../locales/en.json"),
    }
    #[cfg(not(feature = "ssr"))]
    match lang {
        Lang::Sl => include_str!(concat!(env!("OUT_DIR"), "/sl.browser.json")),
        Lang::En => include_str!(concat!(env!("OUT_DIR"), "/en.browser.json")),
    }
}

/// A text people wrote in several languages (the name of a community, a consultation's
/// description, …), stored as a JSON object from language code to text, so a third language
/// needs no new column.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Localized(BTreeMap<String, String>);

impl Localized {
    pub fn new(texts: &[(Lang, &str)]) -> Localized {
        Localized(
            texts
                .iter()
                .map(|(lang, text)| (lang.code().to_string(), text.to_string()))
                .collect(),
        )
    }

    /// As stored; anything unreadable is no text at all rather than an error on a page.
    pub fn from_json(json: &str) -> Localized {
        serde_json::from_str(json).unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_else(|_| "{}".into())
    }

    /// The text in `lang`; else in the default language; else in any language there is.
    pub fn get(&self, lang: Lang) -> &str {
        self.0
            .get(lang.code())
            .or_else(|| self.0.get(Lang::default().code()))
            .or_else(|| self.0.values().next())
            .map_or("", String::as_str)
    }

    /// The text written in `lang` itself, "" if none (to fill a form with what is stored).
    pub fn exact(&self, lang: Lang) -> &str {
        self.0.get(lang.code()).map_or("", String::as_str)
    }

    /// The stored JSON's text in `lang` (see `get`).
    pub fn pick(json: &str, lang: Lang) -> String {
        Localized::from_json(json).get(lang).to_string()
    }
}

/// A key that sorts names alphabetically for people: case-insensitive, and with Slovenian's
/// č, š, ž as letters of their own right after c, s, z (not after z, as code points would).
pub fn sort_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len() + 4);
    for c in name.to_lowercase().chars() {
        match c {
            'č' => key.push_str("c\u{10FFFF}"),
            'š' => key.push_str("s\u{10FFFF}"),
            'ž' => key.push_str("z\u{10FFFF}"),
            other => key.push(other),
        }
    }
    key
}

/// The current language: provided by the app on the server; an island in the browser has no
/// context from the page around it and reads the page's `<html lang>`.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_else(crate::lang::page_lang)
}

/// Translates a message into the current language.
pub fn tr(msg: Msg) -> &'static str {
    t(use_lang(), msg)
}

macro_rules! counted {
    ($($name:ident,)*) => {
        /// Things that are counted on pages; each has a text per plural category, under the
        /// key `Count<Name>` in the files.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Counted {
            $($name,)*
        }

        impl Counted {
            const ALL: &'static [Counted] = &[$(Counted::$name,)*];

            fn key(self) -> &'static str {
                match self {
                    $(Counted::$name => concat!("Count", stringify!($name)),)*
                }
            }
        }
    };
}

/// CLDR plural categories; each language uses some of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PluralForm {
    One,
    Two,
    Few,
    Other,
}

impl PluralForm {
    const ALL: [PluralForm; 4] = [
        PluralForm::One,
        PluralForm::Two,
        PluralForm::Few,
        PluralForm::Other,
    ];

    fn key(self) -> &'static str {
        match self {
            PluralForm::One => "one",
            PluralForm::Two => "two",
            PluralForm::Few => "few",
            PluralForm::Other => "other",
        }
    }
}

/// The CLDR plural rule of each language for whole numbers. Slovenian has four forms, by
/// the last two digits: 1, 2, 3–4 and the rest.
pub fn plural_form(lang: Lang, n: i64) -> PluralForm {
    let n = n.unsigned_abs();
    match lang {
        Lang::En if n == 1 => PluralForm::One,
        Lang::En => PluralForm::Other,
        Lang::Sl => match n % 100 {
            1 => PluralForm::One,
            2 => PluralForm::Two,
            3 | 4 => PluralForm::Few,
            _ => PluralForm::Other,
        },
    }
}

/// "3 ideas" / "3 ideje".
pub fn count(lang: Lang, what: Counted, n: i64) -> String {
    let form = plural_form(lang, n) as usize;
    let template = catalog(lang).counted[what as usize][form];
    fill(template, &[("count", &n.to_string())])
}

macro_rules! messages {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// Every fixed string of the interface; the variant name is the key in the files.
        /// Debug and serde go through `key` (see below), not derives.
        #[derive(Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Msg {
            $($(#[$doc])* $name,)*
        }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$name,)*];

            pub fn key(self) -> &'static str {
                match self {
                    $(Msg::$name => stringify!($name),)*
                }
            }
        }
    };
}

// A message travels (in errors, in flashes) as its key, the same text a derive would write.
// By hand, because the derives generate a match over every variant's name per trait: with
// seven hundred messages that was kilobytes of the browser's bundle, and it grows with each
// new text; `key` holds the names once, and reading one back is a scan of `Msg::ALL`.
impl Msg {
    pub fn from_key(key: &str) -> Option<Msg> {
        Msg::ALL.iter().copied().find(|m| m.key() == key)
    }
}

impl std::fmt::Debug for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

impl Serialize for Msg {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

impl<'de> Deserialize<'de> for Msg {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Msg, D::Error> {
        let key = String::deserialize(d)?;
        Msg::from_key(&key)
            .ok_or_else(|| serde::de::Error::custom(format_args!("unknown message {key}")))
    }
}

// `Msg` and `Counted`, one variant per key of the translation files (build.rs writes them).
include!(concat!(env!("OUT_DIR"), "/messages.rs"));

/// A language's texts, read once from its file: plain lookups are an index, not a hash.
struct Catalog {
    texts: Vec<&'static str>,
    /// Per `Counted`, a template per plural form (a form the language lacks holds "other").
    counted: Vec<[&'static str; 4]>,
}

static CATALOGS: LazyLock<Vec<Catalog>> =
    LazyLock::new(|| Lang::ALL.iter().map(|l| load(file(*l))).collect());

fn catalog(lang: Lang) -> &'static Catalog {
    &CATALOGS[lang as usize]
}

/// Builds a catalog. A key missing from a file shows as its name rather than failing the
/// page; the tests make sure no file ships with one missing.
fn load(file: &str) -> Catalog {
    let entries: HashMap<String, serde_json::Value> =
        serde_json::from_str(file).expect("the translation files are valid JSON (tested)");
    // The texts live as long as the process; leaking them once gives `&'static str`.
    let text = |v: Option<&serde_json::Value>| -> Option<&'static str> {
        v.and_then(|v| v.as_str())
            .map(|s| &*Box::leak(s.to_string().into_boxed_str()))
    };
    let texts = Msg::ALL
        .iter()
        .map(|m| text(entries.get(m.key())).unwrap_or(m.key()))
        .collect();
    let counted = Counted::ALL
        .iter()
        .map(|c| {
            let forms = entries.get(c.key());
            let other = text(forms.and_then(|f| f.get("other"))).unwrap_or(c.key());
            PluralForm::ALL.map(|p| text(forms.and_then(|f| f.get(p.key()))).unwrap_or(other))
        })
        .collect();
    Catalog { texts, counted }
}

/// The text of a message in a language.
pub fn t(lang: Lang, msg: Msg) -> &'static str {
    catalog(lang).texts[msg as usize]
}

/// A message with its `{name}` arguments filled in.
pub fn tf(lang: Lang, msg: Msg, args: &[(&str, &str)]) -> String {
    fill(t(lang, msg), args)
}

/// Replaces each `{name}` in `template` with its argument (unknown names stay as written).
fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], close)) {
            Some((name, close)) => {
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, value)) => out.push_str(value),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn messages_travel_as_their_keys() {
        for m in Msg::ALL {
            let json = serde_json::to_string(m).unwrap();
            assert_eq!(json, format!("\"{}\"", m.key()));
            assert_eq!(serde_json::from_str::<Msg>(&json).unwrap(), *m);
            assert_eq!(format!("{m:?}"), m.key());
        }
        assert!(serde_json::from_str::<Msg>("\"NoSuchMessage\"").is_err());
    }

    use super::*;
    use crate::time::format_date;

    #[test]
    fn slovenian_plurals_follow_the_last_two_digits() {
        assert_eq!(count(Lang::Sl, Counted::Ideas, 1), "1 ideja");
        assert_eq!(count(Lang::Sl, Counted::Ideas, 2), "2 ideji");
        assert_eq!(count(Lang::Sl, Counted::Ideas, 3), "3 ideje");
        assert_eq!(count(Lang::Sl, Counted::Ideas, 4), "4 ideje");
        assert_eq!(count(Lang::Sl, Counted::Ideas, 5), "5 idej");
        assert_eq!(count(Lang::Sl, Counted::Ideas, 101), "101 ideja");
        assert_eq!(count(Lang::Sl, Counted::Ideas, 111), "111 idej");
        assert_eq!(count(Lang::Sl, Counted::Arguments, 0), "0 argumentov");
        assert_eq!(count(Lang::En, Counted::Arguments, 1), "1 argument");
        assert_eq!(count(Lang::En, Counted::Arguments, 2), "2 arguments");
    }

    #[test]
    fn cookie_beats_accept_language_which_beats_default() {
        assert_eq!(Lang::negotiate(Some("en"), Some("sl")), Lang::En);
        assert_eq!(
            Lang::negotiate(None, Some("de-DE,en-GB;q=0.8,sl;q=0.5")),
            Lang::En
        );
        assert_eq!(Lang::negotiate(None, Some("sl-SI,en;q=0.9")), Lang::Sl);
        assert_eq!(Lang::negotiate(Some("xx"), Some("fr")), Lang::Sl);
        assert_eq!(Lang::negotiate(None, None), Lang::Sl);
    }

    #[test]
    fn dates_are_written_per_language() {
        // 2023-05-30, the day the strategy went to the City Council.
        let ms = 1_685_404_800_000;
        assert_eq!(format_date(Lang::Sl, ms), "30. 5. 2023");
        assert_eq!(format_date(Lang::En, ms), "30 May 2023");
        assert_eq!(format_date(Lang::En, 0), "1 Jan 1970");
        // Midnight UTC is one in the morning in Ljubljana; 23:30 UTC on 31 Dec is New Year.
        assert_eq!(format_date(Lang::En, 1_704_065_400_000), "1 Jan 2024");
    }

    #[test]
    fn stored_texts_fall_back_to_the_default_language() {
        let both = Localized::new(&[(Lang::Sl, "Promet"), (Lang::En, "Mobility")]);
        let json = both.to_json();
        assert_eq!(Localized::pick(&json, Lang::En), "Mobility");
        assert_eq!(Localized::pick(&json, Lang::Sl), "Promet");
        let slovenian_only = Localized::new(&[(Lang::Sl, "Promet")]).to_json();
        assert_eq!(Localized::pick(&slovenian_only, Lang::En), "Promet");
        // A language Posvet has no interface for yet is kept and read back.
        let third = r#"{"de": "Verkehr", "sl": "Promet"}"#;
        assert_eq!(
            Localized::from_json(third).to_json(),
            third.replace(' ', "")
        );
        assert_eq!(Localized::pick("not json", Lang::Sl), "");
    }

    #[test]
    fn names_sort_as_people_expect() {
        let mut names = vec![
            "Zasebnost",
            "čebele",
            "Cesta",
            "Šola",
            "Splet",
            "avtobus",
            "Žito",
            "Dan",
        ];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(
            names,
            [
                "avtobus",
                "Cesta",
                "čebele",
                "Dan",
                "Splet",
                "Šola",
                "Zasebnost",
                "Žito"
            ]
        );
    }

    #[test]
    fn messages_take_arguments() {
        assert_eq!(
            tf(Lang::Sl, Msg::PageNofM, &[("page", "2"), ("pages", "7")]),
            "Stran 2 od 7"
        );
        assert_eq!(
            tf(Lang::En, Msg::PageNofM, &[("page", "2"), ("pages", "7")]),
            "Page 2 of 7"
        );
        assert_eq!(fill("{a} and {b}", &[("a", "x")]), "x and {b}");
        assert_eq!(fill("no { end", &[]), "no { end");
        assert_eq!(fill("{a}{a}", &[("a", "č")]), "čč");
    }

    /// The `{name}` arguments a template uses.
    fn arguments(template: &str) -> Vec<String> {
        let mut names: Vec<String> = template
            .split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
            .collect();
        names.sort();
        names
    }

    /// Every file has a text for every message and counted thing (all plural forms its
    /// language uses), no key the code does not know, and the same arguments as the others.
    #[test]
    fn every_language_file_is_complete() {
        let files: Vec<(Lang, HashMap<String, serde_json::Value>)> = Lang::ALL
            .iter()
            .map(|l| (*l, serde_json::from_str(file(*l)).expect("valid JSON")))
            .collect();
        let reference = &files[0].1;
        for (lang, entries) in &files {
            for msg in Msg::ALL {
                let text = entries.get(msg.key()).and_then(|v| v.as_str());
                let text = text.unwrap_or_else(|| panic!("{lang:?}: no text for {}", msg.key()));
                assert!(!text.trim().is_empty(), "{lang:?}: {} is empty", msg.key());
                let theirs = reference[msg.key()].as_str().unwrap();
                assert_eq!(
                    arguments(text),
                    arguments(theirs),
                    "{lang:?}: arguments of {}",
                    msg.key()
                );
            }
            for what in Counted::ALL {
                let forms = entries
                    .get(what.key())
                    .unwrap_or_else(|| panic!("{lang:?}: no {}", what.key()));
                for n in 0..200 {
                    let form = plural_form(*lang, n).key();
                    let text = forms.get(form).and_then(|v| v.as_str());
                    let text =
                        text.unwrap_or_else(|| panic!("{lang:?}: {} lacks {form}", what.key()));
                    assert_eq!(arguments(text), vec!["count"], "{lang:?}: {}", what.key());
                }
            }
            let known: Vec<&str> = Msg::ALL
                .iter()
                .map(|m| m.key())
                .chain(Counted::ALL.iter().map(|c| c.key()))
                .collect();
            for key in entries.keys() {
                assert!(known.contains(&key.as_str()), "{lang:?}: unknown key {key}");
            }
        }
        assert_ne!(t(Lang::Sl, Msg::Endorse), t(Lang::En, Msg::Endorse));
    }
}
