//! What a page says after an action succeeded. The action redirects to an address carrying
//! `notice=<what>` (with `n=<count>` where it counted something, `at=<id>` where the change can
//! be seen further down); the page frame shows it as one banner at the top of the main
//! content, where the browser lands (`#notice`). In the address, not the session: it works
//! the same for cached pages, and a reload says it again rather than something stale.

use crate::i18n::{count, tr, use_lang, Counted, Msg};
use leptos::prelude::*;

/// Every success a page can announce; `key` is how it travels in the address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    Saved,
    Registered,
    SignedIn,
    SignedOut,
    LoggedOut,
    AccountDeleted,
    Linked,
    Unlinked,
    ResetLinkSent,
    PasswordReset,
    PasswordChanged,
    EmailChangeSent,
    ConfirmationSent,
    EmailConfirmed,
    FullAccount,
    TakingPartAsGuest,
    AnswersSaved,
    IdeaPosted,
    IdeaSaved,
    ArgumentAdded,
    CommentAdded,
    Reported,
    Appealed,
    Following,
    NotFollowing,
    MarkedRead,
    ConsultationCreated,
    CommunityCreated,
    CategorySaved,
    MeasureSaved,
    UpdatePosted,
    RoleSaved,
    Banned,
    Unbanned,
    AnswerSaved,
    StatementAdded,
    StatementAwaitsApproval,
    SurveyCreated,
    QuestionSaved,
    QuestionRemoved,
    AnswerPublished,
    AnswerWithdrawn,
    SurveyPageSaved,
    SurveySubmitted,
    ReplyAdded,
    PictureAdded,
    PictureRemoved,
    AreasSaved,
    /// Moderation decisions, with how many items they covered.
    Approved(i64),
    Hid(i64),
    Restored(i64),
    KeptHidden(i64),
    Deleted(i64),
}

use Notice::*;

/// The notices without a count, by key.
const PLAIN: [(Notice, &str, Msg); 48] = [
    (Saved, "saved", Msg::SettingsSaved),
    (Registered, "registered", Msg::NoticeRegistered),
    (SignedIn, "signed_in", Msg::NoticeSignedIn),
    (SignedOut, "signed_out", Msg::SignedOutEverywhere),
    (LoggedOut, "logged_out", Msg::NoticeLoggedOut),
    (AccountDeleted, "account_deleted", Msg::AccountDeleted),
    (Linked, "linked", Msg::IdentityLinked),
    (Unlinked, "unlinked", Msg::IdentityUnlinked),
    (ResetLinkSent, "sent", Msg::ResetLinkSent),
    (PasswordReset, "password_reset", Msg::PasswordWasReset),
    (PasswordChanged, "password_changed", Msg::PasswordChanged),
    (EmailChangeSent, "email_sent", Msg::EmailChangeSent),
    (ConfirmationSent, "confirmation_sent", Msg::ConfirmationSent),
    (EmailConfirmed, "confirmed", Msg::EmailConfirmed),
    (FullAccount, "full_account", Msg::FullAccountMade),
    (TakingPartAsGuest, "guest", Msg::TakingPartAsGuest),
    (AnswersSaved, "answered", Msg::AnswersSaved),
    (IdeaPosted, "idea_posted", Msg::NoticeIdeaPosted),
    (IdeaSaved, "idea_saved", Msg::NoticeIdeaSaved),
    (ArgumentAdded, "argument_added", Msg::NoticeArgumentAdded),
    (CommentAdded, "comment_added", Msg::NoticeCommentAdded),
    (Reported, "reported", Msg::NoticeReported),
    (Appealed, "appealed", Msg::NoticeAppealed),
    (Following, "following", Msg::NoticeFollowing),
    (NotFollowing, "not_following", Msg::NoticeNotFollowing),
    (MarkedRead, "read", Msg::NoticeMarkedRead),
    (
        ConsultationCreated,
        "consultation_created",
        Msg::NoticeConsultationCreated,
    ),
    (
        CommunityCreated,
        "community_created",
        Msg::NoticeCommunityCreated,
    ),
    (CategorySaved, "category_saved", Msg::NoticeCategorySaved),
    (MeasureSaved, "measure_saved", Msg::NoticeMeasureSaved),
    (UpdatePosted, "update_posted", Msg::NoticeUpdatePosted),
    (RoleSaved, "role_saved", Msg::NoticeRoleSaved),
    (Banned, "banned", Msg::NoticeBanned),
    (Unbanned, "unbanned", Msg::NoticeUnbanned),
    (AnswerSaved, "answer_saved", Msg::NoticeAnswerSaved),
    (StatementAdded, "statement_added", Msg::NoticeStatementAdded),
    (
        StatementAwaitsApproval,
        "statement_waits",
        Msg::NoticeStatementWaits,
    ),
    (SurveyCreated, "survey_created", Msg::NoticeSurveyCreated),
    (QuestionSaved, "question_saved", Msg::NoticeQuestionSaved),
    (
        QuestionRemoved,
        "question_removed",
        Msg::NoticeQuestionRemoved,
    ),
    (
        AnswerPublished,
        "answer_published",
        Msg::NoticeAnswerPublished,
    ),
    (
        AnswerWithdrawn,
        "answer_withdrawn",
        Msg::NoticeAnswerWithdrawn,
    ),
    (SurveyPageSaved, "page_saved", Msg::NoticeSurveyPageSaved),
    (
        SurveySubmitted,
        "survey_submitted",
        Msg::NoticeSurveySubmitted,
    ),
    (ReplyAdded, "reply_added", Msg::NoticeReplyAdded),
    (PictureAdded, "picture_added", Msg::NoticePictureAdded),
    (PictureRemoved, "picture_removed", Msg::NoticePictureRemoved),
    (AreasSaved, "areas_saved", Msg::NoticeAreasSaved),
];

impl Notice {
    pub fn key(self) -> &'static str {
        match self {
            Approved(_) => "approved",
            Hid(_) => "hidden",
            Restored(_) => "restored",
            KeptHidden(_) => "kept_hidden",
            Deleted(_) => "deleted",
            plain => PLAIN
                .iter()
                .find(|(n, _, _)| *n == plain)
                .map_or("", |(_, key, _)| key),
        }
    }

    fn counted(self) -> Option<i64> {
        match self {
            Approved(n) | Hid(n) | Restored(n) | KeptHidden(n) | Deleted(n) => Some(n),
            _ => None,
        }
    }

    /// The notice an address names; `None` for anything unknown (nothing is shown).
    pub fn parse(key: &str, n: Option<i64>) -> Option<Notice> {
        let n = n.filter(|n| *n > 0);
        match key {
            "approved" => n.map(Approved),
            "hidden" => n.map(Hid),
            "restored" => n.map(Restored),
            "kept_hidden" => n.map(KeptHidden),
            "deleted" => n.map(Deleted),
            key => PLAIN.iter().find(|(_, k, _)| *k == key).map(|(n, _, _)| *n),
        }
    }

    /// The sentence the banner shows.
    pub fn text(self, lang: crate::i18n::Lang) -> String {
        let counted = |what: Counted, n: i64| count(lang, what, n);
        match self {
            Approved(n) => counted(Counted::ItemsApproved, n),
            Hid(n) => counted(Counted::ItemsHidden, n),
            Restored(n) => counted(Counted::ItemsRestored, n),
            KeptHidden(n) => counted(Counted::ItemsKeptHidden, n),
            Deleted(n) => counted(Counted::ItemsDeleted, n),
            plain => PLAIN
                .iter()
                .find(|(n, _, _)| *n == plain)
                .map(|(_, _, msg)| tr(*msg).to_string())
                .unwrap_or_default(),
        }
    }
}

/// `path` (which may carry a query, not a fragment) announcing `notice` at the top of the page.
pub fn with_notice(path: &str, notice: Notice) -> String {
    announce(path, notice, None)
}

/// As `with_notice`, with a link in the banner down to the element `at` (the new argument, the
/// saved section of a settings page).
pub fn with_notice_at(path: &str, notice: Notice, at: &str) -> String {
    announce(path, notice, Some(at))
}

fn announce(path: &str, notice: Notice, at: Option<&str>) -> String {
    let path = path.split_once('#').map_or(path, |(p, _)| p);
    // The page's own parameters stay; an earlier notice or error (a `back` address) goes.
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            let name = pair.split_once('=').map_or(*pair, |(k, _)| k);
            !pair.is_empty() && !PARAMS.contains(&name)
        })
        .collect();
    let mut out = path.to_string();
    for (i, pair) in kept.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(pair);
    }
    out.push(if kept.is_empty() { '?' } else { '&' });
    out.push_str("notice=");
    out.push_str(notice.key());
    if let Some(n) = notice.counted() {
        out.push_str(&format!("&n={n}"));
    }
    if let Some(at) = at.filter(|a| is_anchor(a)) {
        out.push_str(&format!("&at={at}"));
    }
    out.push_str("#notice");
    out
}

/// The parameters that belong to a notice or to a failed post, never to the page itself.
pub const PARAMS: [&str; 5] = ["notice", "n", "at", "__err", "__path"];

/// An element id we link to: short, lowercase ASCII, digits and dashes (never markup).
fn is_anchor(at: &str) -> bool {
    !at.is_empty()
        && at.len() <= 60
        && at
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The banner for the notice in the page's address, if any.
#[component]
pub fn NoticeBanner() -> impl IntoView {
    let lang = use_lang();
    let query = leptos_router::hooks::use_query_map();
    let (notice, at) = query.with_untracked(|q| {
        let n = q.get("n").and_then(|n| n.parse().ok());
        let notice = q.get("notice").and_then(|k| Notice::parse(&k, n));
        let at = q.get("at").filter(|a| is_anchor(a));
        (notice, at)
    });
    notice.map(|notice| {
        view! {
            <div class="notification-banner success" id="notice" role="status" tabindex="-1">
                <p class="notification-banner-heading">{notice.text(lang)}</p>
                {at.map(|at| view! {
                    <p><a href=format!("#{at}")>{tr(Msg::NoticeShowIt)}</a></p>
                })}
            </div>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_notice_travels_and_comes_back() {
        for (notice, key, _) in PLAIN {
            assert_eq!(notice.key(), key);
            assert_eq!(Notice::parse(key, None), Some(notice));
        }
        for notice in [Approved(3), Hid(1), Restored(2), KeptHidden(5), Deleted(12)] {
            assert_eq!(Notice::parse(notice.key(), notice.counted()), Some(notice));
        }
        assert_eq!(Notice::parse("hidden", None), None, "a count is required");
        assert_eq!(Notice::parse("hidden", Some(0)), None);
        assert_eq!(Notice::parse("<script>", None), None);
    }

    #[test]
    fn the_address_lands_on_the_banner() {
        assert_eq!(
            with_notice("/ideas/4#argument-9", ArgumentAdded),
            "/ideas/4?notice=argument_added#notice"
        );
        assert_eq!(
            with_notice_at("/ideas/4", ArgumentAdded, "argument-9"),
            "/ideas/4?notice=argument_added&at=argument-9#notice"
        );
        assert_eq!(
            with_notice("/communities/x/moderation?page=2", Hid(5)),
            "/communities/x/moderation?page=2&notice=hidden&n=5#notice"
        );
        // Anything but a plain id is left out, never written into a link.
        assert_eq!(
            with_notice("/q?page=2&notice=hidden&n=5&__err=eA&x=1", Approved(2)),
            "/q?page=2&x=1&notice=approved&n=2#notice"
        );
        assert_eq!(
            with_notice_at("/a", Saved, "\"><script>"),
            "/a?notice=saved#notice"
        );
    }
}
