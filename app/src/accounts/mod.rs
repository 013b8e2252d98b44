//! Accounts: registration, login, logout and the signed-in person.

#[cfg(feature = "ssr")]
pub mod links;
#[cfg(feature = "ssr")]
pub mod oidc;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod personal_data;
pub mod rules;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod settings;

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// What the account page shows (the person's own address, to nobody else).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub email: String,
    pub verified: bool,
    /// A change of address waiting for its link to be opened.
    pub pending_email: Option<String>,
    pub display_name: String,
    pub lang: Lang,
    /// Signed in through OpenID providers only: nothing to confirm changes with.
    pub has_password: bool,
    /// The providers (id, name) that also sign this account in.
    pub providers: Vec<(String, String)>,
    /// A guest's account, bound to this browser until it is made a full one.
    pub guest: bool,
}

/// The signed-in person as pages see them (never their email).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub display_name: String,
    /// Notifications not read yet (shown in the header).
    pub unread: i64,
    /// For a moderator: the community whose queue has the most items waiting (its slug), and
    /// how many (shown in the header with a link to that queue).
    pub waiting: Option<(String, i64)>,
    /// The time zone the person reads dates in; `None`: the site's.
    pub time_zone: Option<String>,
}

/// Where to go after logging in, out or switching language: only a path on this site, so
/// `next` cannot send people elsewhere (an open redirect). Browsers drop tabs and newlines
/// when they parse a URL ("/\t/evil.example" becomes "//evil.example") and read a backslash
/// as a slash, so anything but visible ASCII, and any second slash or backslash at the
/// start, falls back to the home page. Such a value is also always a valid header.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n[1..].starts_with(['/', '\\'])
                && n.bytes().all(|b| b.is_ascii_graphic() && b != b'\\') =>
        {
            n.to_string()
        }
        _ => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/ideas/3")), "/ideas/3");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn bytes_a_browser_would_drop_or_reinterpret_never_lead_away() {
        for bad in [
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/ /evil.example",
            "/\\/evil.example",
            "/ideas/1\r\nSet-Cookie: x=1",
            "/\u{0}",
            "/č",
            "",
            "evil.example",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(
            safe_next(Some("/consultations/1?sort=top&page=2")),
            "/consultations/1?sort=top&page=2"
        );
        // Every accepted value is a valid header (axum's Redirect panics on an invalid one).
        assert!(http::HeaderValue::from_str(&safe_next(Some("/a?b=%20c#d"))).is_ok());
    }
}
