//! Turning what someone typed into a full-text query, and search hits into safe HTML.

/// At most this many words of a query count (the rest is ignored).
pub const MAX_TERMS: usize = 8;
pub const PER_PAGE: i64 = 20;
/// Marks around a matched word in the text the database returns (Unicode private use, so
/// no real text contains them); replaced by `<mark>` after the text is escaped.
pub const MARK_START: char = '\u{E000}';
pub const MARK_END: char = '\u{E001}';

/// The words to look for: letters and digits only (nothing of a query language gets through),
/// lower-case, each cut to its stem-like beginning so the usual Slovenian endings match:
/// a word of five letters or more loses a final vowel and is matched as a prefix, so
/// "čebele" finds "čebela", "čebelami" and "čebelnjak". (Neither back-end has a Slovenian
/// stemmer; this is the part of one that helps most for the cost of a few extra matches.)
pub fn terms(query: &str) -> Vec<String> {
    query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let w: String = w.to_lowercase().chars().take(40).collect();
            let n = w.chars().count();
            match w.chars().last() {
                Some(last) if n >= 5 && "aeiou".contains(last) => w.chars().take(n - 1).collect(),
                _ => w,
            }
        })
        .take(MAX_TERMS)
        .collect()
}

/// How the words combine: every word (a search), or any (similar ideas).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Combine {
    All,
    Any,
}

/// An FTS5 MATCH expression: each term quoted (so no word is read as an operator) and
/// matched as a prefix.
pub fn fts5_query(terms: &[String], combine: Combine) -> String {
    let joiner = match combine {
        Combine::All => " ",
        Combine::Any => " OR ",
    };
    terms
        .iter()
        .map(|t| format!("\"{t}\"*"))
        .collect::<Vec<_>>()
        .join(joiner)
}

/// A PostgreSQL `to_tsquery` text: terms hold only letters and digits, each a prefix.
pub fn tsquery(terms: &[String], combine: Combine) -> String {
    let joiner = match combine {
        Combine::All => " & ",
        Combine::Any => " | ",
    };
    terms
        .iter()
        .map(|t| format!("{t}:*"))
        .collect::<Vec<_>>()
        .join(joiner)
}

/// Text with match marks as HTML: escaped, each marked run in `<mark>`.
pub fn marked_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            MARK_START => out.push_str("<mark>"),
            MARK_END => out.push_str("</mark>"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_lose_a_final_vowel_and_every_operator() {
        assert_eq!(terms("Čebele na strehah!"), ["čebel", "na", "strehah"]);
        assert_eq!(terms("cebela"), ["cebel"]);
        assert_eq!(terms("\" OR * NEAR( -x"), ["or", "near", "x"]);
        assert_eq!(terms(""), Vec::<String>::new());
        assert_eq!(terms(&"a ".repeat(50)).len(), MAX_TERMS);
    }

    #[test]
    fn queries_are_built_from_terms_only() {
        let t = terms("zelene strehe");
        assert_eq!(fts5_query(&t, Combine::All), "\"zelen\"* \"streh\"*");
        assert_eq!(fts5_query(&t, Combine::Any), "\"zelen\"* OR \"streh\"*");
        assert_eq!(tsquery(&t, Combine::All), "zelen:* & streh:*");
        assert_eq!(tsquery(&t, Combine::Any), "zelen:* | streh:*");
    }

    #[test]
    fn hits_are_escaped_before_they_are_marked() {
        let text = format!("<b>{MARK_START}čebela{MARK_END}</b> & med");
        assert_eq!(
            marked_html(&text),
            "&lt;b&gt;<mark>čebela</mark>&lt;/b&gt; &amp; med"
        );
    }
}
