//! How a person wants to hear of things by mail.

use crate::error::AppError;
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

pub const PER_PAGE: i64 = 30;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MailMode {
    /// In the notification centre only.
    Off,
    /// A mail for each notification, as it happens.
    Instant,
    /// One mail a day with everything of that day.
    Daily,
}

impl MailMode {
    pub const ALL: [MailMode; 3] = [MailMode::Off, MailMode::Instant, MailMode::Daily];

    pub fn as_str(self) -> &'static str {
        match self {
            MailMode::Off => "off",
            MailMode::Instant => "instant",
            MailMode::Daily => "daily",
        }
    }

    /// A stored mode; anything unknown sends nothing (fail closed).
    pub fn from_stored(s: &str) -> MailMode {
        match s {
            "instant" => MailMode::Instant,
            "daily" => MailMode::Daily,
            _ => MailMode::Off,
        }
    }

    /// The mode a form sent; `Validation` for anything else.
    pub fn parse(s: &str) -> Result<MailMode, AppError> {
        MailMode::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| AppError::invalid("mail_mode", Msg::ErrChooseMailMode))
    }

    pub fn label(self) -> Msg {
        match self {
            MailMode::Off => Msg::MailOff,
            MailMode::Instant => Msg::MailInstant,
            MailMode::Daily => Msg::MailDaily,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_round_trip_and_unknown_ones_send_nothing() {
        for m in MailMode::ALL {
            assert_eq!(MailMode::parse(m.as_str()), Ok(m));
            assert_eq!(MailMode::from_stored(m.as_str()), m);
        }
        assert_eq!(MailMode::from_stored("hourly"), MailMode::Off);
        assert!(MailMode::parse("hourly").is_err());
    }
}
