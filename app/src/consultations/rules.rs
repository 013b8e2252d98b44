//! Phases of a consultation: what residents may do now, decided from its dates alone.

use crate::error::{AppError, Errors};
use crate::i18n::{Lang, Localized, Msg};
use serde::{Deserialize, Serialize};

/// A consultation's dates (Unix milliseconds). `None` ends mean "no end set yet".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub opens_at: i64,
    pub proposals_until: Option<i64>,
    pub voting_until: Option<i64>,
    /// Archived: read-only whatever the dates say, and off the community's list.
    pub archived: bool,
    /// Guests (pseudonymous accounts bound to a browser) take part too, not only full accounts.
    pub guests: bool,
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
        if self.archived {
            Phase::Closed
        } else if now < self.opens_at {
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
    pub fn require(&self, activity: Activity, now: i64) -> Result<(), AppError> {
        match self.allows(activity, now) {
            true => Ok(()),
            false => Err(AppError::NotNow),
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

    /// The phase as a tag on a card ("Voting").
    pub fn tag(self) -> Msg {
        match self {
            Phase::Upcoming => Msg::StepUpcoming,
            Phase::Proposals => Msg::StepProposals,
            Phase::Voting => Msg::StepVoting,
            Phase::Closed => Msg::StepClosed,
        }
    }

    /// What residents can do now, with `{date}` for the phase's end (the `…Until` messages).
    pub fn explanation(self, has_end: bool) -> Msg {
        self.explained(has_end, false)
    }

    /// As `explanation`, in the words of a consultation of statements (`statements`).
    pub fn explained(self, has_end: bool, statements: bool) -> Msg {
        match (self, has_end, statements) {
            (Phase::Proposals, true, true) => Msg::PhaseStatementsUntil,
            (Phase::Proposals, false, true) => Msg::PhaseStatementsOpenEnded,
            (Phase::Voting, true, true) => Msg::PhaseAnswersUntil,
            (Phase::Voting, false, true) => Msg::PhaseAnswersOpenEnded,
            _ => self.fallback_explanation(has_end),
        }
    }

    fn fallback_explanation(self, has_end: bool) -> Msg {
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
pub fn validate_schedule(s: &Schedule) -> Result<(), AppError> {
    let mut errors = Errors::default();
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

pub const MAX_NAME_CHARS: usize = 120;
pub const MAX_DESCRIPTION_CHARS: usize = 5000;

/// Names and descriptions as an administrator typed them, one per language.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Texts {
    pub name_sl: String,
    pub name_en: String,
    pub description_sl: String,
    pub description_en: String,
}

/// Checked texts: the Slovenian name is required (the city's language, and what every other
/// language falls back to); other languages are optional.
pub fn validate_texts(t: &Texts) -> Result<(Localized, Localized), AppError> {
    let mut errors = Errors::default();
    errors.text(
        "name_sl",
        t.name_sl.trim(),
        MAX_NAME_CHARS,
        Msg::ErrTitleTooLong120,
    );
    errors.check(
        t.name_en.trim().chars().count() <= MAX_NAME_CHARS,
        "name_en",
        Msg::ErrTitleTooLong120,
    );
    for (field, text) in [
        ("description_sl", &t.description_sl),
        ("description_en", &t.description_en),
    ] {
        errors.check(
            text.trim().chars().count() <= MAX_DESCRIPTION_CHARS,
            field,
            Msg::ErrIntroTooLong,
        );
    }
    let pick = |sl: &str, en: &str| {
        let texts: Vec<(Lang, &str)> = [(Lang::Sl, sl.trim()), (Lang::En, en.trim())]
            .into_iter()
            .filter(|(_, t)| !t.is_empty())
            .collect();
        Localized::new(&texts)
    };
    errors.into_result((
        pick(&t.name_sl, &t.name_en),
        pick(&t.description_sl, &t.description_en),
    ))
}

/// A consultation's settings form: its texts, place in the list, dates and whether archived.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsultationForm {
    pub texts: Texts,
    pub position: String,
    /// `<input type="datetime-local">` values in the site's time zone; "" for no end.
    pub opens_at: String,
    pub proposals_until: String,
    pub voting_until: String,
    pub archived: bool,
    /// Open to guests (see `Schedule::guests`).
    pub guests: bool,
    /// Short statements voted agree / disagree / pass, one at a time, instead of ideas.
    pub statements: bool,
}

pub struct ValidConsultation {
    pub name: Localized,
    pub description: Localized,
    pub position: i64,
    pub schedule: Schedule,
    pub statements: bool,
}

/// A place in a list as typed: a whole number from 0 to 10,000; empty means 0.
pub fn parse_position(typed: &str) -> Option<i64> {
    match typed.trim() {
        "" => Some(0),
        p => p.parse::<i64>().ok().filter(|p| (0..=10_000).contains(p)),
    }
}

pub fn validate_consultation(f: &ConsultationForm) -> Result<ValidConsultation, AppError> {
    let mut errors = Errors::default();
    let texts = validate_texts(&f.texts);
    if let Err(AppError::Validation(e)) = &texts {
        for e in e {
            errors.add(&e.field, e.msg);
        }
    }
    let position = parse_position(&f.position);
    errors.check(position.is_some(), "position", Msg::ErrPosition);
    let date = |field: &str, value: &str, errors: &mut Errors| -> Option<i64> {
        if value.trim().is_empty() {
            return None;
        }
        let parsed = crate::time::parse_input(value);
        errors.check(parsed.is_some(), field, Msg::ErrDateTime);
        parsed
    };
    let opens_at = match f.opens_at.trim().is_empty() {
        true => {
            errors.add("opens_at", Msg::ErrRequired);
            None
        }
        false => date("opens_at", &f.opens_at, &mut errors),
    };
    let proposals_until = date("proposals_until", &f.proposals_until, &mut errors);
    let voting_until = date("voting_until", &f.voting_until, &mut errors);
    let schedule = Schedule {
        opens_at: opens_at.unwrap_or(0),
        proposals_until,
        voting_until,
        archived: f.archived,
        guests: f.guests,
    };
    if opens_at.is_some() {
        if let Err(AppError::Validation(e)) = validate_schedule(&schedule) {
            for e in e {
                errors.add(&e.field, e.msg);
            }
        }
    }
    let (name, description) = texts.unwrap_or_default();
    errors.into_result(ValidConsultation {
        name,
        description,
        position: position.unwrap_or(0),
        schedule,
        statements: f.statements,
    })
}

/// A community's address: 2–60 lower-case letters, digits and hyphens, starting with a letter.
pub fn validate_slug(slug: &str) -> Result<String, AppError> {
    let slug = slug.trim();
    let ok = (2..=60).contains(&slug.len())
        && slug.starts_with(|c: char| c.is_ascii_lowercase())
        && slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        // Taken by the address of the new-community form.
        && slug != "new";
    match ok {
        true => Ok(slug.to_string()),
        false => Err(AppError::invalid("slug", Msg::ErrSlug)),
    }
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
            archived: false,
            guests: false,
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
        let archived = Schedule {
            archived: true,
            ..s
        };
        assert_eq!(archived.phase_at(15 * DAY), Phase::Closed);
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

    fn form() -> ConsultationForm {
        ConsultationForm {
            texts: Texts {
                name_sl: " Mobilnost ".into(),
                description_sl: "Kako se premikamo.".into(),
                ..Texts::default()
            },
            position: "2".into(),
            opens_at: "2027-01-10T08:00".into(),
            proposals_until: "2027-02-10T23:59".into(),
            voting_until: "".into(),
            archived: false,
            guests: false,
            statements: false,
        }
    }

    fn fields(r: Result<ValidConsultation, AppError>) -> Vec<String> {
        match r {
            Err(AppError::Validation(e)) => e.into_iter().map(|e| e.field).collect(),
            Err(e) => panic!("{e:?}"),
            Ok(_) => vec![],
        }
    }

    #[test]
    fn a_consultation_needs_a_slovenian_name_and_an_opening() {
        let v = validate_consultation(&form()).unwrap();
        assert_eq!(
            v.name.get(Lang::En),
            "Mobilnost",
            "English falls back to Slovenian"
        );
        assert_eq!(v.position, 2);
        assert_eq!(
            v.schedule.opens_at,
            crate::time::parse_input("2027-01-10T08:00").unwrap()
        );
        assert_eq!(v.schedule.voting_until, None);
        let mut f = form();
        f.texts.name_sl = "  ".into();
        f.opens_at = "".into();
        f.position = "first".into();
        assert_eq!(
            fields(validate_consultation(&f)),
            ["name_sl", "position", "opens_at"]
        );
    }

    #[test]
    fn dates_must_be_dates_in_order() {
        let mut f = form();
        f.proposals_until = "2027-01-01T00:00".into();
        assert_eq!(fields(validate_consultation(&f)), ["proposals_until"]);
        let mut f = form();
        f.voting_until = "next week".into();
        assert_eq!(fields(validate_consultation(&f)), ["voting_until"]);
    }

    #[test]
    fn slugs_are_plain_lower_case_words() {
        assert_eq!(validate_slug(" mobilnost-2027 ").unwrap(), "mobilnost-2027");
        for bad in [
            "",
            "a",
            "new",
            "Mobilnost",
            "2027",
            "čebele",
            "a b",
            &"a".repeat(61),
        ] {
            assert!(validate_slug(bad).is_err(), "{bad:?}");
        }
    }
}
