//! Per-address limits on logging in, registering and posting, so that guessing passwords,
//! mass registration and flooding a consultation are slow, and a per-account limit on failed
//! logins, so that guessing one person's password from many addresses is slow too. Checked
//! inside the server functions, so a refusal reaches the person as a normal form error in
//! their language.
//!
//! The address is the peer's, or, when the peer is a trusted reverse proxy
//! (`POSVET_TRUSTED_PROXIES`), the client address the proxy put in `X-Forwarded-For`. IPv6
//! clients are keyed by their /64: one household or server gets a whole /64 and could
//! otherwise rotate through billions of addresses.

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Failed logins one account may have in `FAILURE_WINDOW` before further attempts are refused.
const MAX_FAILURES: u32 = 10;
const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Accounts whose failed logins are remembered at most (about 100 bytes each).
const MAX_TRACKED_ACCOUNTS: usize = 100_000;
/// Every this many checks, forget addresses whose buckets are full again (bounded memory).
const PRUNE_EVERY: u64 = 4096;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// Login and registration: 10 at once, then one every 6 seconds.
    Auth,
    /// Ideas, arguments and comments: 20 at once, then one every 3 seconds.
    Posting,
    /// The open-data API: 120 at once, then 10 a second.
    Api,
}

#[derive(Clone)]
pub struct RateLimits {
    auth: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    posting: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    api: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    failed_logins: Arc<Mutex<HashMap<String, (u32, Instant)>>>,
    checks: Arc<AtomicU64>,
    trusted_proxies: Arc<Vec<IpAddr>>,
    enabled: bool,
}

fn limiter(burst: u32, per_minute: u32) -> Arc<DefaultKeyedRateLimiter<IpAddr>> {
    let n = |v: u32| NonZeroU32::new(v).expect("limits are positive");
    Arc::new(RateLimiter::keyed(
        Quota::per_minute(n(per_minute)).allow_burst(n(burst)),
    ))
}

impl RateLimits {
    /// `enabled = false` (POSVET_RATE_LIMIT=0) is for load tests from one address.
    pub fn new(enabled: bool, trusted_proxies: Vec<IpAddr>) -> RateLimits {
        RateLimits {
            auth: limiter(10, 10),
            posting: limiter(20, 20),
            api: limiter(120, 600),
            failed_logins: Arc::default(),
            checks: Arc::default(),
            trusted_proxies: Arc::new(trusted_proxies),
            enabled,
        }
    }

    /// True when `ip` may go ahead (and counts the attempt).
    pub fn allow(&self, limit: Limit, ip: Option<IpAddr>) -> bool {
        if !self.enabled {
            return true;
        }
        // Without a peer address (in-process tests) everyone shares one bucket.
        let key = bucket(ip.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)));
        let limiter = match limit {
            Limit::Auth => &self.auth,
            Limit::Posting => &self.posting,
            Limit::Api => &self.api,
        };
        if self.checks.fetch_add(1, Ordering::Relaxed) % PRUNE_EVERY == PRUNE_EVERY - 1 {
            self.prune();
        }
        limiter.check_key(&key).is_ok()
    }

    /// Forgets what no longer limits anyone.
    fn prune(&self) {
        for limiter in [&self.auth, &self.posting, &self.api] {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
        if let Ok(mut failed) = self.failed_logins.lock() {
            failed.retain(|_, (_, first)| first.elapsed() < FAILURE_WINDOW);
        }
    }

    /// The address of the client that sent a request (see `client_address`): the one way
    /// server functions, the open-data API and the plain handlers find it.
    pub fn client_of(&self, parts: &http::request::Parts) -> Option<IpAddr> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip());
        let forwarded = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok());
        self.client_address(peer, forwarded)
    }

    /// The client's address: the peer, or what a trusted proxy in front of Posvet says the
    /// client was (the right-most address in `X-Forwarded-For` that is not one of our proxies:
    /// anything left of it was written by the client and proves nothing).
    pub fn client_address(
        &self,
        peer: Option<IpAddr>,
        forwarded_for: Option<&str>,
    ) -> Option<IpAddr> {
        let peer = peer?;
        if !self.trusted_proxies.contains(&peer) {
            return Some(peer);
        }
        let mut client = peer;
        for hop in forwarded_for.unwrap_or("").rsplit(',') {
            match hop.trim().parse::<IpAddr>() {
                Ok(ip) if self.trusted_proxies.contains(&ip) => client = ip,
                Ok(ip) => return Some(ip),
                Err(_) => break,
            }
        }
        Some(client)
    }

    /// False when `account` (a normalised e-mail) had too many failed logins lately.
    pub fn account_may_try(&self, account: &str) -> bool {
        if !self.enabled {
            return true;
        }
        let Ok(failed) = self.failed_logins.lock() else {
            return false;
        };
        failed
            .get(account)
            .is_none_or(|(n, first)| *n < MAX_FAILURES || first.elapsed() >= FAILURE_WINDOW)
    }

    /// Counts a failed login of `account`; a success forgets its failures.
    pub fn record_login(&self, account: &str, succeeded: bool) {
        let Ok(mut failed) = self.failed_logins.lock() else {
            return;
        };
        if succeeded {
            failed.remove(account);
            return;
        }
        // The key is whatever address a visitor types: bounded, so made-up addresses from many
        // peers cannot fill memory (the window's entries go first, then all of them).
        if failed.len() >= MAX_TRACKED_ACCOUNTS && !failed.contains_key(account) {
            failed.retain(|_, (_, first)| first.elapsed() < FAILURE_WINDOW);
            if failed.len() >= MAX_TRACKED_ACCOUNTS {
                failed.clear();
            }
        }
        let entry = failed
            .entry(account.to_string())
            .or_insert((0, Instant::now()));
        if entry.1.elapsed() >= FAILURE_WINDOW {
            *entry = (0, Instant::now());
        }
        entry.0 += 1;
    }
}

/// The key of an address's bucket: IPv4 as it is, IPv6 by its /64.
fn bucket(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_attempts_are_cut_off_after_the_burst_per_address() {
        let limits = RateLimits::new(true, vec![]);
        let a = Some(IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1)));
        let b = Some(IpAddr::V4(Ipv4Addr::new(10, 0, 0, 2)));
        for _ in 0..10 {
            assert!(limits.allow(Limit::Auth, a));
        }
        assert!(!limits.allow(Limit::Auth, a));
        assert!(
            limits.allow(Limit::Auth, b),
            "another address has its own budget"
        );
        assert!(
            limits.allow(Limit::Posting, a),
            "posting has its own budget"
        );
    }

    #[test]
    fn disabled_limits_allow_everything() {
        let limits = RateLimits::new(false, vec![]);
        assert!((0..100).all(|_| limits.allow(Limit::Auth, None)));
    }

    #[test]
    fn one_ipv6_network_shares_one_bucket() {
        let limits = RateLimits::new(true, vec![]);
        let addr = |last: u16| {
            Some(IpAddr::V6(Ipv6Addr::new(
                0x2001, 0xdb8, 1, 2, 0, 0, 0, last,
            )))
        };
        for n in 0..10 {
            assert!(limits.allow(Limit::Auth, addr(n)));
        }
        assert!(
            !limits.allow(Limit::Auth, addr(999)),
            "a new address in the same /64"
        );
        let next_net = Some(IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 1, 3, 0, 0, 0, 1)));
        assert!(limits.allow(Limit::Auth, next_net));
    }

    #[test]
    fn forwarded_addresses_are_believed_only_from_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let limits = RateLimits::new(true, vec![proxy]);
        let client: IpAddr = "203.0.113.7".parse().unwrap();
        let stranger: IpAddr = "198.51.100.9".parse().unwrap();
        // From the proxy: the right-most untrusted hop; what the client wrote left of it is ignored.
        let forwarded = Some("1.2.3.4, 203.0.113.7");
        assert_eq!(limits.client_address(Some(proxy), forwarded), Some(client));
        assert_eq!(
            limits.client_address(Some(proxy), Some("203.0.113.7, 10.0.0.1")),
            Some(client)
        );
        // From anyone else the header is a claim, not a fact.
        assert_eq!(
            limits.client_address(Some(stranger), forwarded),
            Some(stranger)
        );
        // A proxy that forwards garbage (or nothing) is limited as itself.
        assert_eq!(
            limits.client_address(Some(proxy), Some("not an address")),
            Some(proxy)
        );
        assert_eq!(limits.client_address(Some(proxy), None), Some(proxy));
    }

    #[test]
    fn failed_logins_lock_one_account_until_a_success_or_the_window_ends() {
        let limits = RateLimits::new(true, vec![]);
        for _ in 0..MAX_FAILURES {
            assert!(limits.account_may_try("ana@example.org"));
            limits.record_login("ana@example.org", false);
        }
        assert!(!limits.account_may_try("ana@example.org"));
        assert!(
            limits.account_may_try("bojan@example.org"),
            "other accounts are not affected"
        );
        limits.record_login("ana@example.org", true);
        assert!(limits.account_may_try("ana@example.org"));
    }

    #[test]
    fn pruning_keeps_limits_in_force() {
        let limits = RateLimits::new(true, vec![]);
        let a = Some(IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1)));
        for _ in 0..10 {
            assert!(limits.allow(Limit::Auth, a));
        }
        limits.prune();
        assert!(
            !limits.allow(Limit::Auth, a),
            "an exhausted bucket is recent: it stays"
        );
    }
}
