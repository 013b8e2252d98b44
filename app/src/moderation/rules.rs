//! What moderation accepts: the reasons people report for, the rules moderators hide by, the
//! decisions they take, and the texts that come with them. Plain functions, no I/O.

use crate::authz::{authorize, Actor, Permission, Target};
use crate::error::{AppError, Errors};
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

pub const MAX_REPORT_NOTE_CHARS: usize = 500;
pub const MAX_MODERATOR_NOTE_CHARS: usize = 500;
pub const MAX_APPEAL_CHARS: usize = 1000;
/// Items on one page of the queue.
pub const QUEUE_PAGE_SIZE: i64 = 50;
/// Entries on one page of the audit log and of the public moderation log.
pub const LOG_PAGE_SIZE: i64 = 50;
/// Distinct reports that hide an item until a moderator looks, unless the community sets
/// another number.
pub const DEFAULT_AUTO_HIDE_THRESHOLD: i64 = 3;
/// How old an account (with a confirmed address) must be, in days, for its reports to count
/// towards hiding, unless the community sets another number.
pub const DEFAULT_REPORT_MIN_ACCOUNT_DAYS: i64 = 7;

/// What can be reported, hidden and appealed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    Idea,
    Argument,
    Comment,
    /// A picture of an idea or measure (hidden alone, the idea stays).
    Picture,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Idea, Kind::Argument, Kind::Comment, Kind::Picture];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Idea => "idea",
            Kind::Argument => "argument",
            Kind::Comment => "comment",
            Kind::Picture => "picture",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> Msg {
        match self {
            Kind::Idea => Msg::KindIdea,
            Kind::Argument => Msg::KindArgument,
            Kind::Comment => Msg::KindComment,
            Kind::Picture => Msg::KindPicture,
        }
    }
}

/// One idea, argument or comment. Written in forms as "idea:12".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ContentRef {
    pub kind: Kind,
    pub id: i64,
}

impl ContentRef {
    pub fn new(kind: Kind, id: i64) -> ContentRef {
        ContentRef { kind, id }
    }

    pub fn key(self) -> String {
        format!("{}:{}", self.kind.as_str(), self.id)
    }

    pub fn parse(s: &str) -> Option<ContentRef> {
        let (kind, id) = s.split_once(':')?;
        let id = id.parse::<i64>().ok().filter(|id| *id > 0)?;
        Some(ContentRef::new(Kind::parse(kind)?, id))
    }

    /// Where the item is seen: the idea page, at the argument or comment.
    pub fn href(self, idea_id: i64) -> String {
        match self.kind {
            Kind::Idea => format!("/ideas/{idea_id}"),
            Kind::Argument => format!("/ideas/{idea_id}#argument-{}", self.id),
            Kind::Comment => format!("/ideas/{idea_id}#comment-{}", self.id),
            Kind::Picture => format!("/ideas/{idea_id}#picture-{}", self.id),
        }
    }
}

/// Why something is reported, and the rule a moderator hides it by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Reason {
    Spam,
    Offensive,
    OffTopic,
    PersonalData,
    Other,
    /// Hidden by reports or by pre-moderation until a moderator looks; never chosen by a person.
    AwaitingReview,
}

impl Reason {
    /// The reasons a person may choose.
    pub const CHOSEN: [Reason; 5] = [
        Reason::Spam,
        Reason::Offensive,
        Reason::OffTopic,
        Reason::PersonalData,
        Reason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Spam => "spam",
            Reason::Offensive => "offensive",
            Reason::OffTopic => "off_topic",
            Reason::PersonalData => "personal_data",
            Reason::Other => "other",
            Reason::AwaitingReview => "awaiting_review",
        }
    }

    /// A stored reason; anything unknown reads as "other".
    pub fn from_stored(s: &str) -> Reason {
        match s {
            "awaiting_review" => Reason::AwaitingReview,
            s => Reason::chosen(s).unwrap_or(Reason::Other),
        }
    }

    /// A reason a person chose in a form.
    pub fn chosen(s: &str) -> Option<Reason> {
        Reason::CHOSEN.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label(self) -> Msg {
        match self {
            Reason::Spam => Msg::ReasonSpam,
            Reason::Offensive => Msg::ReasonOffensive,
            Reason::OffTopic => Msg::ReasonOffTopic,
            Reason::PersonalData => Msg::ReasonPersonalData,
            Reason::Other => Msg::ReasonOther,
            Reason::AwaitingReview => Msg::ReasonAwaitingReview,
        }
    }
}

/// What a moderator decides about queued or visible items.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    /// Nothing wrong: reports cleared, shown again if reports or pre-moderation hid it.
    Approve,
    /// Hidden with a rule and a message to the author.
    Hide,
    /// Shown again (also grants an appeal).
    Restore,
    /// Stays hidden: refuses an appeal.
    KeepHidden,
    /// Removed for good, with what hangs on it.
    Delete,
}

impl Decision {
    pub const ALL: [Decision; 5] = [
        Decision::Approve,
        Decision::Hide,
        Decision::Restore,
        Decision::KeepHidden,
        Decision::Delete,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::Hide => "hide",
            Decision::Restore => "restore",
            Decision::KeepHidden => "keep_hidden",
            Decision::Delete => "delete",
        }
    }

    pub fn parse(s: &str) -> Result<Decision, AppError> {
        Decision::ALL
            .into_iter()
            .find(|d| d.as_str() == s)
            .ok_or(AppError::BadRequest)
    }

    pub fn label(self) -> Msg {
        match self {
            Decision::Approve => Msg::DecideApprove,
            Decision::Hide => Msg::DecideHide,
            Decision::Restore => Msg::DecideRestore,
            Decision::KeepHidden => Msg::DecideKeepHidden,
            Decision::Delete => Msg::DecideDelete,
        }
    }
}

/// A report as accepted: its reason and, for "other", the required explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidReport {
    pub reason: Reason,
    pub note: Option<String>,
}

pub fn validate_report(reason: &str, note: &str) -> Result<ValidReport, AppError> {
    let note = note.trim();
    let mut errors = Errors::default();
    let reason = Reason::chosen(reason);
    errors.check(reason.is_some(), "reason", Msg::ErrChooseReason);
    if reason == Some(Reason::Other) {
        errors.text("note", note, MAX_REPORT_NOTE_CHARS, Msg::ErrNoteTooLong);
    } else {
        errors.check(
            note.chars().count() <= MAX_REPORT_NOTE_CHARS,
            "note",
            Msg::ErrNoteTooLong,
        );
    }
    errors.into_result(ValidReport {
        reason: reason.unwrap_or(Reason::Other),
        note: (!note.is_empty()).then(|| note.to_string()),
    })
}

/// A moderator's decision as accepted: hiding needs a rule; the note is optional.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidDecision {
    pub decision: Decision,
    pub reason: Option<Reason>,
    pub note: Option<String>,
}

pub fn validate_decision(
    decision: &str,
    reason: &str,
    note: &str,
) -> Result<ValidDecision, AppError> {
    let decision = Decision::parse(decision)?;
    let note = note.trim();
    let mut errors = Errors::default();
    let reason = Reason::chosen(reason);
    errors.check(
        decision != Decision::Hide || reason.is_some(),
        "reason",
        Msg::ErrChooseRule,
    );
    errors.check(
        note.chars().count() <= MAX_MODERATOR_NOTE_CHARS,
        "note",
        Msg::ErrNoteTooLong,
    );
    errors.into_result(ValidDecision {
        decision,
        reason: if decision == Decision::Hide {
            reason
        } else {
            None
        },
        note: (!note.is_empty()).then(|| note.to_string()),
    })
}

pub fn validate_appeal(body: &str) -> Result<String, AppError> {
    let body = body.trim();
    let mut errors = Errors::default();
    errors.text("body", body, MAX_APPEAL_CHARS, Msg::ErrAppealTooLong);
    errors.into_result(body.to_string())
}

/// A ban as accepted: a rule, an optional message and an optional end (Unix ms).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidBan {
    pub reason: Reason,
    pub note: Option<String>,
    pub until: Option<i64>,
}

/// `until` is a date as a date field sends it ("2026-12-31", end of that day UTC) or empty
/// for a ban without end; it must lie in the future.
pub fn validate_ban(
    reason: &str,
    note: &str,
    until: &str,
    now_ms: i64,
) -> Result<ValidBan, AppError> {
    let note = note.trim();
    let mut errors = Errors::default();
    let reason = Reason::chosen(reason);
    errors.check(reason.is_some(), "reason", Msg::ErrChooseRule);
    errors.check(
        note.chars().count() <= MAX_MODERATOR_NOTE_CHARS,
        "note",
        Msg::ErrNoteTooLong,
    );
    let until = match until.trim() {
        "" => None,
        date => {
            let end = crate::time::end_of_day(date);
            errors.check(
                end.is_some_and(|e| e > now_ms),
                "until",
                Msg::ErrBanEndInvalid,
            );
            end
        }
    };
    errors.into_result(ValidBan {
        reason: reason.unwrap_or(Reason::Other),
        note: (!note.is_empty()).then(|| note.to_string()),
        until,
    })
}

/// How many pages of `per_page` entries `total` entries make (at least one, for the empty list).
pub fn page_count(total: i64, per_page: i64) -> i64 {
    ((total + per_page - 1) / per_page).max(1)
}

/// Whether reports have reached the community's threshold.
pub fn reaches_threshold(report_count: i64, threshold: i64) -> bool {
    report_count >= threshold.max(1)
}

/// The community's auto-hide threshold from its settings form.
pub fn validate_threshold(s: &str) -> Result<i64, AppError> {
    s.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| (1..=100).contains(n))
        .ok_or_else(|| AppError::invalid("threshold", Msg::ErrThresholdInvalid))
}

/// The community's minimum account age for reports that hide, from its settings form.
pub fn validate_min_account_days(s: &str) -> Result<i64, AppError> {
    s.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| (0..=365).contains(n))
        .ok_or_else(|| AppError::invalid("min_days", Msg::ErrMinAccountDaysInvalid))
}

/// What of an item (an idea, argument, comment or measure) a viewer sees. Everyone sees
/// that hidden content is hidden and under which rule; its text, its author and the
/// moderator's message reach only those who may `SeeHidden` it: its author and the
/// community's moderators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sight {
    /// The viewer wrote it.
    pub mine: bool,
    /// Its text and author may be shown.
    pub text: bool,
    /// The moderator's message to the author may be shown.
    pub why: bool,
}

/// The one rule for hidden content; `author_id` `None` for an item without an author (a
/// deleted account's).
pub fn sight(actor: &Actor, community_id: i64, author_id: Option<i64>, hidden: bool) -> Sight {
    let target = match author_id {
        Some(author) => Target::content(community_id, author),
        None => Target::community(community_id),
    };
    let privileged = authorize(actor, Permission::SeeHidden, target).is_ok();
    Sight {
        mine: author_id.is_some() && actor.user_id == author_id,
        text: !hidden || privileged,
        why: privileged,
    }
}

/// Everything the audit log records, stored by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditAction {
    AutoHide,
    Hide,
    Restore,
    Delete,
    Approve,
    AppealGranted,
    AppealRefused,
    Dismiss,
    Ban,
    Unban,
    Edit,
    Answer,
    Settings,
    CategoryRemoved,
    Cover,
    CoverRemoved,
    ExportWithHidden,
    ExportSurveyTexts,
    SurveyTextPublished,
    SurveyTextWithdrawn,
    RoleResident,
    RoleModerator,
    RoleAdmin,
    SiteLook,
    SiteLogo,
    SiteAdmin,
    SiteAdminRevoked,
}

impl AuditAction {
    pub const ALL: [AuditAction; 27] = [
        AuditAction::AutoHide,
        AuditAction::Hide,
        AuditAction::Restore,
        AuditAction::Delete,
        AuditAction::Approve,
        AuditAction::AppealGranted,
        AuditAction::AppealRefused,
        AuditAction::Dismiss,
        AuditAction::Ban,
        AuditAction::Unban,
        AuditAction::Edit,
        AuditAction::Answer,
        AuditAction::Settings,
        AuditAction::CategoryRemoved,
        AuditAction::Cover,
        AuditAction::CoverRemoved,
        AuditAction::ExportWithHidden,
        AuditAction::ExportSurveyTexts,
        AuditAction::SurveyTextPublished,
        AuditAction::SurveyTextWithdrawn,
        AuditAction::RoleResident,
        AuditAction::RoleModerator,
        AuditAction::RoleAdmin,
        AuditAction::SiteLook,
        AuditAction::SiteLogo,
        AuditAction::SiteAdmin,
        AuditAction::SiteAdminRevoked,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::AutoHide => "auto_hide",
            AuditAction::Hide => "hide",
            AuditAction::Restore => "restore",
            AuditAction::Delete => "delete",
            AuditAction::Approve => "approve",
            AuditAction::AppealGranted => "appeal_granted",
            AuditAction::AppealRefused => "appeal_refused",
            AuditAction::Dismiss => "dismiss",
            AuditAction::Ban => "ban",
            AuditAction::Unban => "unban",
            AuditAction::Edit => "edit",
            AuditAction::Answer => "answer",
            AuditAction::Settings => "settings",
            AuditAction::CategoryRemoved => "category_removed",
            AuditAction::Cover => "cover",
            AuditAction::CoverRemoved => "cover_removed",
            AuditAction::ExportWithHidden => "export_with_hidden",
            AuditAction::ExportSurveyTexts => "export_survey_texts",
            AuditAction::SurveyTextPublished => "survey_text_published",
            AuditAction::SurveyTextWithdrawn => "survey_text_withdrawn",
            AuditAction::RoleResident => "role_resident",
            AuditAction::RoleModerator => "role_moderator",
            AuditAction::RoleAdmin => "role_admin",
            AuditAction::SiteLook => "site_look",
            AuditAction::SiteLogo => "site_logo",
            AuditAction::SiteAdmin => "site_admin",
            AuditAction::SiteAdminRevoked => "site_admin_revoked",
        }
    }

    pub fn parse(s: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// How the action reads in the logs and in notifications.
    pub fn label(self) -> Msg {
        match self {
            AuditAction::AutoHide => Msg::ActionAutoHide,
            AuditAction::Hide => Msg::ActionHide,
            AuditAction::Restore => Msg::ActionRestore,
            AuditAction::Delete => Msg::ActionDelete,
            AuditAction::Approve => Msg::ActionApprove,
            AuditAction::AppealGranted => Msg::ActionAppealGranted,
            AuditAction::AppealRefused => Msg::ActionAppealRefused,
            AuditAction::Dismiss => Msg::ActionDismiss,
            AuditAction::Ban => Msg::ActionBan,
            AuditAction::Unban => Msg::ActionUnban,
            AuditAction::Edit => Msg::ActionEdit,
            AuditAction::Answer => Msg::ActionAnswer,
            AuditAction::Settings => Msg::ActionSettings,
            AuditAction::CategoryRemoved => Msg::ActionCategoryRemoved,
            AuditAction::Cover => Msg::ActionCover,
            AuditAction::CoverRemoved => Msg::ActionCoverRemoved,
            AuditAction::ExportWithHidden => Msg::ActionExportWithHidden,
            AuditAction::ExportSurveyTexts => Msg::ActionExportSurveyTexts,
            AuditAction::SurveyTextPublished => Msg::ActionSurveyTextPublished,
            AuditAction::SurveyTextWithdrawn => Msg::ActionSurveyTextWithdrawn,
            AuditAction::RoleResident => Msg::ActionRoleResident,
            AuditAction::RoleModerator => Msg::ActionRoleModerator,
            AuditAction::RoleAdmin => Msg::ActionRoleAdmin,
            AuditAction::SiteLook => Msg::ActionSiteLook,
            AuditAction::SiteLogo => Msg::ActionSiteLogo,
            AuditAction::SiteAdmin => Msg::ActionSiteAdmin,
            AuditAction::SiteAdminRevoked => Msg::ActionSiteAdminRevoked,
        }
    }

    /// What a moderator did to content, which the community's public moderation log shows
    /// (without names or text).
    pub fn is_public(self) -> bool {
        matches!(
            self,
            AuditAction::AutoHide
                | AuditAction::Hide
                | AuditAction::Restore
                | AuditAction::Delete
                | AuditAction::AppealGranted
                | AuditAction::AppealRefused
        )
    }

    /// Recorded for the whole site rather than in a community's log.
    pub fn is_site_wide(self) -> bool {
        matches!(
            self,
            AuditAction::SiteLook
                | AuditAction::SiteLogo
                | AuditAction::SiteAdmin
                | AuditAction::SiteAdminRevoked
        )
    }

    /// A role given in a community.
    pub fn role(role: crate::authz::Role) -> AuditAction {
        match role {
            crate::authz::Role::Resident => AuditAction::RoleResident,
            crate::authz::Role::Moderator => AuditAction::RoleModerator,
            crate::authz::Role::Admin => AuditAction::RoleAdmin,
        }
    }

    /// The label of a stored action; a name this version does not know reads "other".
    pub fn label_of(stored: &str) -> Msg {
        AuditAction::parse(stored).map_or(Msg::ActionOther, AuditAction::label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_content_reaches_its_author_and_the_moderators_only() {
        use crate::authz::Role;
        const HERE: i64 = 7;
        const ME: i64 = 1;
        const THEM: i64 = 2;
        let moderator = Actor {
            roles: vec![(HERE, Role::Moderator)],
            ..Actor::resident(ME)
        };
        let moderator_elsewhere = Actor {
            roles: vec![(8, Role::Moderator)],
            ..Actor::resident(ME)
        };
        let banned = Actor {
            banned_in: vec![HERE],
            ..Actor::resident(ME)
        };
        let see = |text, why, mine| Sight { text, why, mine };
        // Viewer, author, hidden → what they see.
        let table = [
            (Actor::anonymous(), THEM, false, see(true, false, false)),
            (Actor::anonymous(), THEM, true, see(false, false, false)),
            (Actor::resident(ME), THEM, false, see(true, false, false)),
            (Actor::resident(ME), THEM, true, see(false, false, false)),
            (Actor::resident(ME), ME, false, see(true, true, true)),
            (Actor::resident(ME), ME, true, see(true, true, true)),
            (banned.clone(), ME, true, see(true, true, true)),
            (banned, THEM, true, see(false, false, false)),
            (moderator.clone(), THEM, false, see(true, true, false)),
            (moderator.clone(), THEM, true, see(true, true, false)),
            (moderator, ME, true, see(true, true, true)),
            (moderator_elsewhere, THEM, true, see(false, false, false)),
            (Actor::operator(), THEM, true, see(true, true, false)),
        ];
        for (viewer, author, hidden, want) in table {
            assert_eq!(
                sight(&viewer, HERE, Some(author), hidden),
                want,
                "{viewer:?} on {author}'s item, hidden: {hidden}"
            );
        }
        let orphan = sight(&Actor::resident(ME), HERE, None, true);
        assert_eq!(orphan, see(false, false, false));
    }

    #[test]
    fn audit_actions_round_trip_and_each_has_its_own_label() {
        let mut labels = std::collections::HashSet::new();
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), Some(a));
            assert!(labels.insert(a.label()), "{a:?} shares its label");
            assert_ne!(a.label(), Msg::ActionOther);
        }
        assert_eq!(AuditAction::label_of("made_up"), Msg::ActionOther);
        assert!(AuditAction::ALL.iter().any(|a| a.is_public()));
    }

    #[test]
    fn content_refs_round_trip_and_refuse_junk() {
        let r = ContentRef::new(Kind::Argument, 42);
        assert_eq!(ContentRef::parse(&r.key()), Some(r));
        for junk in [
            "", "idea", "idea:", "idea:0", "idea:-3", "poll:3", "idea:3x",
        ] {
            assert_eq!(ContentRef::parse(junk), None, "{junk}");
        }
    }

    #[test]
    fn a_report_needs_a_reason_and_other_needs_words() {
        assert!(validate_report("spam", "").is_ok());
        assert_eq!(
            validate_report("", "").unwrap_err().form_errors()[0].field,
            "reason"
        );
        assert_eq!(
            validate_report("awaiting_review", "")
                .unwrap_err()
                .form_errors()[0]
                .msg,
            Msg::ErrChooseReason,
            "nobody reports for the system's own reason"
        );
        assert_eq!(
            validate_report("other", "  ").unwrap_err().form_errors()[0].field,
            "note"
        );
        let long = "x".repeat(MAX_REPORT_NOTE_CHARS + 1);
        assert!(validate_report("spam", &long).is_err());
        assert_eq!(
            validate_report("other", " it names my neighbour ")
                .unwrap()
                .note,
            Some("it names my neighbour".into())
        );
    }

    #[test]
    fn hiding_needs_a_rule_other_decisions_do_not() {
        assert!(validate_decision("hide", "", "").is_err());
        let hide = validate_decision("hide", "off_topic", "Please stay on topic.").unwrap();
        assert_eq!(hide.reason, Some(Reason::OffTopic));
        let restore = validate_decision("restore", "spam", "").unwrap();
        assert_eq!(restore.reason, None, "only hiding keeps a rule");
        assert_eq!(
            validate_decision("promote", "", ""),
            Err(AppError::BadRequest)
        );
    }

    #[test]
    fn ban_ends_are_future_dates() {
        use crate::time::parse_input;
        let now = parse_input("2026-11-24T01:00").unwrap();
        assert_eq!(validate_ban("spam", "", "", now).unwrap().until, None);
        let ban = validate_ban("spam", "", "2026-12-01", now).unwrap();
        // The last day counts whole, in Ljubljana time.
        assert_eq!(ban.until, parse_input("2026-12-02T00:00"));
        assert!(validate_ban("spam", "", "2026-11-23", now).is_err());
        assert!(validate_ban("spam", "", "tomorrow", now).is_err());
        assert!(validate_ban("", "", "", now).is_err());
    }

    #[test]
    fn thresholds() {
        assert!(!reaches_threshold(2, 3));
        assert!(reaches_threshold(3, 3));
        assert!(reaches_threshold(1, 0), "a broken setting still hides");
        assert_eq!(validate_threshold(" 5 "), Ok(5));
        assert!(validate_threshold("0").is_err());
        assert!(validate_threshold("many").is_err());
        assert_eq!(validate_min_account_days(" 0 "), Ok(0));
        assert_eq!(validate_min_account_days("365"), Ok(365));
        assert!(validate_min_account_days("366").is_err());
        assert!(validate_min_account_days("-1").is_err());
    }
}
