//! Turning what someone typed into a full-text query, and search hits into safe HTML.

/// At most this many words of a query count (the rest is ignored).
pub const MAX_TERMS: usize = 8;
pub const PER_PAGE: i64 = 20;
/// Words of context around the first match in a snippet.
pub const SNIPPET_WORDS: usize = 24;

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

#[cfg(feature = "ssr")]
/// A word as the index sees it: lower-case, without diacritics ("Čebele" → "cebele").
fn folded(word: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    word.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(feature = "ssr")]
/// Whether a word of the text matches one of the terms (as a prefix, diacritics ignored).
fn matches(word: &str, terms: &[String]) -> bool {
    let w = folded(word);
    !w.is_empty() && terms.iter().any(|t| w.starts_with(&folded(t)))
}

#[cfg(feature = "ssr")]
/// Escapes text for HTML.
fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

#[cfg(feature = "ssr")]
/// Splits text into words (letters and digits) and what lies between, in order.
fn pieces(text: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_word = None;
    for (i, c) in text.char_indices() {
        let w = c.is_alphanumeric();
        if in_word != Some(w) {
            if i > start {
                out.push((in_word.unwrap_or(false), &text[start..i]));
            }
            start = i;
            in_word = Some(w);
        }
    }
    if start < text.len() {
        out.push((in_word.unwrap_or(false), &text[start..]));
    }
    out
}

#[cfg(feature = "ssr")]
/// The text as HTML, escaped, with every matching word in `<mark>`.
pub fn marked_html(text: &str, terms: &[String]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (is_word, piece) in pieces(text) {
        if is_word && matches(piece, terms) {
            out.push_str("<mark>");
            escape(piece, &mut out);
            out.push_str("</mark>");
        } else {
            escape(piece, &mut out);
        }
    }
    out
}

#[cfg(feature = "ssr")]
/// About `SNIPPET_WORDS` words of the text around its first match, marked (see
/// `marked_html`), with "…" where text was left out.
pub fn snippet_html(text: &str, terms: &[String]) -> String {
    let parts = pieces(text);
    let words: Vec<usize> = (0..parts.len()).filter(|&i| parts[i].0).collect();
    let first = words
        .iter()
        .position(|&i| matches(parts[i].1, terms))
        .unwrap_or(0);
    let from = first.saturating_sub(SNIPPET_WORDS / 3);
    let to = (from + SNIPPET_WORDS).min(words.len());
    if words.is_empty() {
        return String::new();
    }
    // Whole text at either end keeps its punctuation; cut ends stop at a word.
    let start = if from == 0 { 0 } else { words[from] };
    let end = if to == words.len() {
        parts.len() - 1
    } else {
        words[to - 1]
    };
    let piece: String = parts[start..=end].iter().map(|(_, p)| *p).collect();
    let mut out = String::new();
    if from > 0 {
        out.push_str("… ");
    }
    out.push_str(&marked_html(&piece, terms));
    if to < words.len() {
        out.push_str(" …");
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
    fn matching_words_are_marked_after_escaping() {
        let t = terms("cebela");
        assert_eq!(
            marked_html("<b>Čebele</b> & med", &t),
            "&lt;b&gt;<mark>Čebele</mark>&lt;/b&gt; &amp; med"
        );
        assert_eq!(marked_html("Nič tu.", &t), "Nič tu.");
    }

    #[test]
    fn snippets_show_the_first_match_in_context() {
        let words: Vec<String> = (1..=60).map(|i| format!("w{i}")).collect();
        let text = words.join(" ") + " čebelnjak konec";
        let s = snippet_html(&text, &terms("čebela"));
        assert!(
            s.starts_with("… w") && s.contains("<mark>čebelnjak</mark>"),
            "{s}"
        );
        assert_eq!(
            snippet_html("Kratko besedilo.", &terms("x")),
            "Kratko besedilo."
        );
    }
}
