//! Which language a page is in: the supported languages and how a request picks one (the
//! `lang` cookie, then `Accept-Language`). Kept apart from the texts (`i18n`) so that the
//! request context, the server's handlers and the translation layer can all ask without
//! depending on one another.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Lang {
    /// Slovenian is the city's language and the default.
    #[default]
    Sl,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Sl, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Sl => "sl",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "sl" => Some(Lang::Sl),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language's own name, as shown in the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Sl => "Slovenščina",
            Lang::En => "English",
        }
    }

    /// Picks a language: the `lang` cookie wins, then the first supported `Accept-Language`.
    pub fn negotiate(cookie: Option<&str>, accept_language: Option<&str>) -> Lang {
        if let Some(lang) = cookie.and_then(Lang::from_code) {
            return lang;
        }
        let mut ranged: Vec<(f32, Lang)> = accept_language
            .unwrap_or("")
            .split(',')
            .filter_map(|part| {
                let mut it = part.split(';');
                let tag = it.next()?.trim();
                let primary = tag.split('-').next()?;
                let lang = Lang::from_code(primary)?;
                let q = it
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                Some((q, lang))
            })
            .collect();
        // A stable sort keeps the header's order among equal weights.
        ranged.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
        ranged.first().map(|(_, l)| *l).unwrap_or_default()
    }
}

/// The value of one cookie of the request.
#[cfg(feature = "ssr")]
pub fn cookie<'a>(headers: &'a http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|c| c.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The language a request asks for.
#[cfg(feature = "ssr")]
pub fn lang_from_headers(headers: &http::HeaderMap) -> Lang {
    let accept = headers
        .get(http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    Lang::negotiate(cookie(headers, "lang"), accept)
}

/// The language of the request being rendered (`with_context`: `use_context` would clone the
/// request's headers on every call).
#[cfg(feature = "ssr")]
pub fn request_lang() -> Lang {
    leptos::prelude::with_context::<http::request::Parts, _>(|p| lang_from_headers(&p.headers))
        .unwrap_or_default()
}

/// The language of this page: negotiated on the server, read back from `<html lang>` in the
/// browser (once), so both render the same text.
pub fn page_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        request_lang()
    }
    #[cfg(not(feature = "ssr"))]
    {
        static PAGE: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();
        *PAGE.get_or_init(|| {
            leptos::prelude::document()
                .document_element()
                .and_then(|e| e.get_attribute("lang"))
                .and_then(|code| Lang::from_code(&code))
                .unwrap_or_default()
        })
    }
}
