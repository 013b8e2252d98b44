//! Configuration from the environment. Every setting has a default that runs Posvet on a
//! laptop with no set-up: a SQLite file under `data/` and the demo consultation.

#[derive(Clone, Debug)]
pub struct Config {
    /// `sqlite://…` (default `sqlite://data/posvet.db`) or `postgres://…`.
    pub database_url: String,
    /// Seed the demo consultation into an empty database (`POSVET_DEMO=0` turns it off).
    pub demo: bool,
    /// Mark the session cookie `Secure`: by default when `POSVET_PUBLIC_URL` is https (an
    /// operator behind HTTPS need not remember a second setting); `POSVET_SECURE_COOKIES=1`
    /// or `0` decides otherwise. See `secure_cookies`.
    pub secure_cookies: bool,
    /// Per-address limits on login, registration and posting (`POSVET_RATE_LIMIT=0` turns
    /// them off, for load tests from one address).
    pub rate_limit: bool,
    /// How long a page rendered for anonymous visitors is reused, in milliseconds
    /// (`POSVET_PAGE_CACHE_MS`, default 1000; 0 turns the cache off). See `page_cache`.
    pub page_cache_ms: u64,
    /// Reverse proxies in front of Posvet whose `X-Forwarded-For` is believed for rate
    /// limits (`POSVET_TRUSTED_PROXIES`, comma-separated addresses; default none).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Mail (notifications): sent only when `POSVET_SMTP_URL` is set; see `mailer`.
    pub mail: Option<crate::mailer::MailConfig>,
    /// Where `/metrics` is served (`POSVET_METRICS_ADDR`, such as 127.0.0.1:9464; off when
    /// unset). Never the site's own address: see `metrics`.
    pub metrics_addr: Option<Result<std::net::SocketAddr, String>>,
    /// Guest accounts that never took part are removed this many days after they were made
    /// (`POSVET_GUEST_DAYS`, default 30).
    pub guest_days: i64,
    /// The time zone dates are shown in (`POSVET_TIME_ZONE`, default Europe/Ljubljana).
    pub time_zone: String,
    /// OpenID Connect providers shown on the login page (`POSVET_OIDC_PROVIDERS` and its
    /// per-provider variables, see `app::accounts::oidc::configs_from_env`); an error if one is
    /// half configured.
    pub oidc: Result<Vec<app::accounts::oidc::ProviderConfig>, String>,
}

impl Config {
    /// The site's address as people reach it (`POSVET_PUBLIC_URL`): the mail's, when mail is
    /// set up, else the variable itself, else the local default.
    pub fn public_url(&self) -> String {
        match &self.mail {
            Some(m) => m.public_url.clone(),
            None => std::env::var("POSVET_PUBLIC_URL")
                .ok()
                .filter(|v| !v.trim().is_empty())
                .unwrap_or_else(|| "http://127.0.0.1:3000".into()),
        }
    }

    pub fn from_env() -> Config {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let mut config = Config {
            database_url: var("DATABASE_URL").unwrap_or_else(|| "sqlite://data/posvet.db".into()),
            demo: var("POSVET_DEMO").is_none_or(|v| v != "0"),
            secure_cookies: false,
            rate_limit: var("POSVET_RATE_LIMIT").is_none_or(|v| v != "0"),
            page_cache_ms: var("POSVET_PAGE_CACHE_MS")
                .and_then(|v| v.parse().ok())
                .unwrap_or(1000),
            trusted_proxies: var("POSVET_TRUSTED_PROXIES")
                .map(|v| parse_addresses(&v))
                .unwrap_or_default(),
            mail: var("POSVET_SMTP_URL").map(|smtp_url| crate::mailer::MailConfig {
                smtp_url,
                from: var("POSVET_MAIL_FROM").unwrap_or_else(|| "Posvet <posvet@localhost>".into()),
                public_url: var("POSVET_PUBLIC_URL")
                    .unwrap_or_else(|| "http://127.0.0.1:3000".into()),
                poll: std::time::Duration::from_millis(
                    var("POSVET_MAIL_POLL_MS")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1000),
                ),
                lease_ms: var("POSVET_MAIL_LEASE_MS")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(300_000),
            }),
            metrics_addr: var("POSVET_METRICS_ADDR").map(|v| {
                v.trim()
                    .parse()
                    .map_err(|_| format!("POSVET_METRICS_ADDR: {v} is not an address:port"))
            }),
            guest_days: var("POSVET_GUEST_DAYS")
                .and_then(|v| v.trim().parse().ok())
                .filter(|d| *d >= 1)
                .unwrap_or(30),
            time_zone: var("POSVET_TIME_ZONE")
                .unwrap_or_else(|| app::time::DEFAULT_TIME_ZONE.into()),
            oidc: app::accounts::oidc::configs_from_env(var),
        };
        config.secure_cookies = secure_cookies(
            var("POSVET_SECURE_COOKIES").as_deref(),
            &config.public_url(),
        );
        config
    }

    /// The SQLite database's file; `None` for PostgreSQL.
    pub fn sqlite_file(&self) -> Option<std::path::PathBuf> {
        let rest = self.database_url.strip_prefix("sqlite:")?;
        let path = rest.trim_start_matches("//").split('?').next();
        Some(std::path::PathBuf::from(path.unwrap_or_default()))
    }

    /// For SQLite: the URL with `mode=rwc` (create the file), after creating its folder.
    pub fn prepared_database_url(&self) -> std::io::Result<String> {
        let url = &self.database_url;
        let Some(path) = self.sqlite_file() else {
            return Ok(url.clone());
        };
        if let Some(dir) = path.parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)?;
            }
        }
        Ok(if url.contains("mode=") {
            url.clone()
        } else if url.contains('?') {
            format!("{url}&mode=rwc")
        } else {
            format!("{url}?mode=rwc")
        })
    }
}

/// Whether the session cookie is `Secure`: as `POSVET_SECURE_COOKIES` says when it is set,
/// else whenever the site's public address is https.
fn secure_cookies(setting: Option<&str>, public_url: &str) -> bool {
    match setting.map(str::trim) {
        Some("1") => true,
        Some("0") => false,
        _ => public_url
            .trim()
            .to_ascii_lowercase()
            .starts_with("https://"),
    }
}

/// Comma-separated IP addresses; one that does not parse stops the server at start-up rather
/// than being silently ignored (a mistyped proxy would make every client share its limits).
fn parse_addresses(list: &str) -> Vec<std::net::IpAddr> {
    list.split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|a| {
            a.parse()
                .unwrap_or_else(|_| panic!("POSVET_TRUSTED_PROXIES: {a:?} is not an IP address"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::secure_cookies;

    #[test]
    fn cookies_are_secure_when_the_site_is_https_unless_told_otherwise() {
        assert!(secure_cookies(None, "https://posvet.ljubljana.si"));
        assert!(secure_cookies(None, "HTTPS://posvet.ljubljana.si"));
        assert!(!secure_cookies(None, "http://127.0.0.1:3000"));
        assert!(secure_cookies(Some("1"), "http://127.0.0.1:3000"));
        assert!(!secure_cookies(Some("0"), "https://posvet.ljubljana.si"));
        // Anything but 0 or 1 leaves the decision to the address.
        assert!(secure_cookies(Some("yes"), "https://posvet.ljubljana.si"));
    }
}
