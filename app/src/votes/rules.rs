//! How a vote changes: one vote per person per idea (or argument), which can be flipped or
//! withdrawn. The same rule serves idea votes (endorse/oppose), statements (agree / disagree /
//! pass) and argument helpfulness.

use crate::error::AppError;
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Vote {
    Up,
    Down,
    /// A statement seen and passed (Pol.is's 0): in neither counter, but in the vote matrix.
    Pass,
}

impl Vote {
    pub fn value(self) -> i64 {
        match self {
            Vote::Up => 1,
            Vote::Down => -1,
            Vote::Pass => 0,
        }
    }

    pub fn from_value(v: i64) -> Option<Vote> {
        match v {
            1 => Some(Vote::Up),
            -1 => Some(Vote::Down),
            0 => Some(Vote::Pass),
            _ => None,
        }
    }
}

/// What a request asks for: `1` up, `-1` down, `0` withdraw. Anything else is refused.
pub fn parse_request(value: i64) -> Result<Option<Vote>, AppError> {
    match value {
        0 => Ok(None),
        1 => Ok(Some(Vote::Up)),
        -1 => Ok(Some(Vote::Down)),
        _ => Err(AppError::invalid("value", Msg::ErrVoteInvalid)),
    }
}

/// A statement's answer as its form posts it: `agree`, `disagree` or `pass`.
pub fn parse_answer(answer: &str) -> Result<Vote, AppError> {
    match answer {
        "agree" => Ok(Vote::Up),
        "disagree" => Ok(Vote::Down),
        "pass" => Ok(Vote::Pass),
        _ => Err(AppError::invalid("answer", Msg::ErrVoteInvalid)),
    }
}

/// The effect of a request on the stored vote and on the two counters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VoteChange {
    pub new: Option<Vote>,
    pub up_delta: i64,
    pub down_delta: i64,
    /// The stored vote changes (a pass changes no counter, but it is a vote).
    pub changed: bool,
}

impl VoteChange {
    pub fn is_noop(&self) -> bool {
        !self.changed
    }
}

/// Asking for the vote one already has changes nothing, so a double click or a retried
/// request is harmless; withdrawing removes the vote; the other direction flips it.
pub fn vote_change(current: Option<Vote>, requested: Option<Vote>) -> VoteChange {
    let count = |v: Option<Vote>| match v {
        Some(Vote::Up) => (1, 0),
        None | Some(Vote::Pass) => (0, 0),
        Some(Vote::Down) => (0, 1),
    };
    let (up_before, down_before) = count(current);
    let (up_after, down_after) = count(requested);
    VoteChange {
        new: requested,
        up_delta: up_after - up_before,
        down_delta: down_after - down_before,
        changed: current != requested,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Vote::*;

    #[test]
    fn first_vote_counts_once() {
        let c = vote_change(None, Some(Up));
        assert_eq!((c.new, c.up_delta, c.down_delta), (Some(Up), 1, 0));
        let c = vote_change(None, Some(Down));
        assert_eq!((c.new, c.up_delta, c.down_delta), (Some(Down), 0, 1));
    }

    #[test]
    fn flipping_moves_the_vote_between_counters() {
        let c = vote_change(Some(Up), Some(Down));
        assert_eq!((c.up_delta, c.down_delta), (-1, 1));
        let c = vote_change(Some(Down), Some(Up));
        assert_eq!((c.up_delta, c.down_delta), (1, -1));
    }

    #[test]
    fn withdrawing_removes_the_vote() {
        let c = vote_change(Some(Down), None);
        assert_eq!((c.new, c.up_delta, c.down_delta), (None, 0, -1));
        assert!(vote_change(None, None).is_noop());
    }

    #[test]
    fn repeating_a_vote_changes_nothing() {
        assert!(vote_change(Some(Up), Some(Up)).is_noop());
        assert!(vote_change(Some(Down), Some(Down)).is_noop());
    }

    #[test]
    fn a_pass_is_a_vote_in_neither_counter() {
        let c = vote_change(None, Some(Pass));
        assert_eq!((c.new, c.up_delta, c.down_delta), (Some(Pass), 0, 0));
        assert!(!c.is_noop(), "a first pass is stored");
        let c = vote_change(Some(Up), Some(Pass));
        assert_eq!((c.up_delta, c.down_delta), (-1, 0));
        assert!(vote_change(Some(Pass), Some(Pass)).is_noop());
        assert_eq!(parse_answer("pass"), Ok(Pass));
        assert_eq!(parse_answer("agree"), Ok(Up));
        assert_eq!(parse_answer("disagree"), Ok(Down));
        assert!(parse_answer("maybe").is_err());
    }

    #[test]
    fn only_minus_one_zero_and_one_are_accepted() {
        assert_eq!(parse_request(1), Ok(Some(Up)));
        assert_eq!(parse_request(-1), Ok(Some(Down)));
        assert_eq!(parse_request(0), Ok(None));
        assert!(parse_request(2).is_err());
        assert!(parse_request(i64::MIN).is_err());
    }
}
