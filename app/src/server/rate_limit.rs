//! Per-address limits on logging in, registering and posting, so that guessing passwords,
//! mass registration and flooding a consultation are slow. Checked inside the server
//! functions, so a refusal reaches the person as a normal form error in their language.

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::{IpAddr, Ipv4Addr};
use std::num::NonZeroU32;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// Login and registration: 10 at once, then one every 6 seconds.
    Auth,
    /// Ideas, arguments and comments: 20 at once, then one every 3 seconds.
    Posting,
}

#[derive(Clone)]
pub struct RateLimits {
    auth: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    posting: Arc<DefaultKeyedRateLimiter<IpAddr>>,
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
    pub fn new(enabled: bool) -> RateLimits {
        RateLimits {
            auth: limiter(10, 10),
            posting: limiter(20, 20),
            enabled,
        }
    }

    /// True when `ip` may go ahead (and counts the attempt).
    pub fn allow(&self, limit: Limit, ip: Option<IpAddr>) -> bool {
        if !self.enabled {
            return true;
        }
        // Without a peer address (in-process tests) everyone shares one bucket.
        let ip = ip.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        let limiter = match limit {
            Limit::Auth => &self.auth,
            Limit::Posting => &self.posting,
        };
        limiter.check_key(&ip).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_attempts_are_cut_off_after_the_burst_per_address() {
        let limits = RateLimits::new(true);
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
        let limits = RateLimits::new(false);
        assert!((0..100).all(|_| limits.allow(Limit::Auth, None)));
    }
}
