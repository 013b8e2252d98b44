//! Phases of a consultation: what residents may do now, decided from its dates alone.

use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

/// A consultation's dates (Unix milliseconds). `None` ends mean "no end set yet".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub opens_at: i64,
    pub proposals_until: Option<i64>,
    pub voting_until: Option<i64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    /// Not open yet: everything can be read, nothing written.
    Upcoming,
    /// Ideas, arguments, comments and votes.
    Proposals,
    /// Votes only (on ideas and on arguments' helpfulness).
    Voting,
    /// Read-only; the results stand.
    Closed,
}

/// What a resident asks to do in a consultation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Activity {
    /// Post or edit an idea.
    Propose,
    /// Add an argument or a comment.
    Discuss,
    /// Vote on an idea or rate an argument.
    Vote,
}

impl Schedule {
    /// The phase at `now`. Voting ends no earlier than proposals do, whatever is stored.
    pub fn phase_at(&self, now: i64) -> Phase {
        if now < self.opens_at {
            Phase::Upcoming
        } else if self.proposals_until.is_none_or(|end| now < end) {
            Phase::Proposals
        } else if self.voting_until.is_none_or(|end| now < end) {
            Phase::Voting
        } else {
            Phase::Closed
        }
    }

    /// When the phase that holds at `now` ends, if an end is set.
    pub fn phase_ends(&self, now: i64) -> Option<i64> {
        match self.phase_at(now) {
            Phase::Upcoming => Some(self.opens_at),
            Phase::Proposals => self.proposals_until,
            Phase::Voting => self.voting_until,
            Phase::Closed => None,
        }
    }

    /// `NotNow` unless `activity` is open at `now`.
    pub fn require(&self, activity: Activity, now: i64) -> Result<(), crate::error::AppError> {
        match self.allows(activity, now) {
            true => Ok(()),
            false => Err(crate::error::AppError::NotNow),
        }
    }

    /// Whether `activity` is open at `now`.
    pub fn allows(&self, activity: Activity, now: i64) -> bool {
        match self.phase_at(now) {
            Phase::Proposals => true,
            Phase::Voting => activity == Activity::Vote,
            Phase::Upcoming | Phase::Closed => false,
        }
    }
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Upcoming => "upcoming",
            Phase::Proposals => "proposals",
            Phase::Voting => "voting",
            Phase::Closed => "closed",
        }
    }

    /// The phase's name.
    pub fn label(self) -> Msg {
        match self {
            Phase::Upcoming => Msg::PhaseUpcoming,
            Phase::Proposals => Msg::PhaseProposals,
            Phase::Voting => Msg::PhaseVoting,
            Phase::Closed => Msg::PhaseClosed,
        }
    }

    /// What residents can do now, with `{date}` for the phase's end (the `…Until` messages).
    pub fn explanation(self, has_end: bool) -> Msg {
        match (self, has_end) {
            (Phase::Upcoming, _) => Msg::PhaseUpcomingUntil,
            (Phase::Proposals, true) => Msg::PhaseProposalsUntil,
            (Phase::Proposals, false) => Msg::PhaseProposalsOpenEnded,
            (Phase::Voting, true) => Msg::PhaseVotingUntil,
            (Phase::Voting, false) => Msg::PhaseVotingOpenEnded,
            (Phase::Closed, _) => Msg::PhaseClosedExplained,
        }
    }
}

/// Checks the dates an administrator entered: each end after the start before it.
pub fn validate_schedule(s: &Schedule) -> Result<(), crate::error::AppError> {
    let mut errors = crate::error::Errors::default();
    errors.check(
        s.proposals_until.is_none_or(|p| p > s.opens_at),
        "proposals_until",
        Msg::ErrProposalsEndBeforeStart,
    );
    let voting_start = s.proposals_until.unwrap_or(s.opens_at);
    errors.check(
        s.voting_until
            .is_none_or(|v| v >= voting_start && s.proposals_until.is_some()),
        "voting_until",
        Msg::ErrVotingEndBeforeProposalsEnd,
    );
    errors.into_result(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400_000;

    fn schedule() -> Schedule {
        Schedule {
            opens_at: 10 * DAY,
            proposals_until: Some(20 * DAY),
            voting_until: Some(30 * DAY),
        }
    }

    #[test]
    fn the_phase_follows_the_dates_with_ends_excluded() {
        let s = schedule();
        assert_eq!(s.phase_at(10 * DAY - 1), Phase::Upcoming);
        assert_eq!(s.phase_at(10 * DAY), Phase::Proposals);
        assert_eq!(s.phase_at(20 * DAY - 1), Phase::Proposals);
        assert_eq!(s.phase_at(20 * DAY), Phase::Voting);
        assert_eq!(s.phase_at(30 * DAY - 1), Phase::Voting);
        assert_eq!(s.phase_at(30 * DAY), Phase::Closed);
    }

    #[test]
    fn open_ends_keep_a_phase_going() {
        let mut s = schedule();
        s.voting_until = None;
        assert_eq!(s.phase_at(1000 * DAY), Phase::Voting);
        assert_eq!(s.phase_ends(1000 * DAY), None);
        s.proposals_until = None;
        assert_eq!(s.phase_at(1000 * DAY), Phase::Proposals);
    }

    #[test]
    fn each_phase_allows_what_it_says() {
        use Activity::*;
        let s = schedule();
        let allowed = |now| [Propose, Discuss, Vote].map(|a| s.allows(a, now));
        assert_eq!(allowed(DAY), [false, false, false]);
        assert_eq!(allowed(15 * DAY), [true, true, true]);
        assert_eq!(allowed(25 * DAY), [false, false, true]);
        assert_eq!(allowed(35 * DAY), [false, false, false]);
    }

    #[test]
    fn ends_must_follow_their_starts() {
        assert!(validate_schedule(&schedule()).is_ok());
        let mut s = schedule();
        s.proposals_until = Some(5 * DAY);
        assert!(validate_schedule(&s).is_err());
        let mut s = schedule();
        s.voting_until = Some(15 * DAY);
        assert!(validate_schedule(&s).is_err());
        // A voting end without a proposals end would never be reached.
        let mut s = schedule();
        s.proposals_until = None;
        assert!(validate_schedule(&s).is_err());
        s.voting_until = None;
        assert!(validate_schedule(&s).is_ok());
    }
}
