//! The words of a notification, in the reader's language: the same for the centre and mail.

use super::NotificationView;
use crate::i18n::{t, tf, Lang, Msg};
use crate::ideas::rules::Status;
use crate::moderation::rules::AuditAction;
use crate::server::db::notifications::NotificationRow;

/// The sentence and the link of a notification.
pub fn describe(lang: Lang, n: &NotificationRow) -> NotificationView {
    let title = n.idea_title.clone().unwrap_or_default();
    let idea = n.idea_id.unwrap_or(0);
    let extra = n.extra.clone().unwrap_or_default();
    let (text, href) = match n.kind.as_str() {
        "status" => {
            let status = Status::parse(n.detail.as_deref().unwrap_or(""));
            let text = tf(
                lang,
                Msg::NotifStatus,
                &[
                    ("title", &title),
                    ("status", t(lang, status.label())),
                    ("message", &extra),
                ],
            );
            (text, format!("/ideas/{idea}#answers"))
        }
        "argument" => {
            let msg = match n.detail.as_deref() {
                Some("against") => Msg::NotifArgumentAgainst,
                _ => Msg::NotifArgumentFor,
            };
            let text = tf(lang, msg, &[("title", &title), ("name", &extra)]);
            (text, format!("/ideas/{idea}#argument-{}", n.subject_id))
        }
        "comment" => {
            let msg = match n.detail.as_deref() {
                Some("reply") => Msg::NotifReply,
                _ => Msg::NotifComment,
            };
            let text = tf(lang, msg, &[("title", &title), ("name", &extra)]);
            (text, format!("/ideas/{idea}#comment-{}", n.subject_id))
        }
        "update" => {
            let text = tf(lang, Msg::NotifUpdate, &[("title", &title)]);
            (text, format!("/ideas/{idea}#update-{}", n.subject_id))
        }
        _ => {
            let action = t(
                lang,
                AuditAction::label_of(n.detail.as_deref().unwrap_or("")),
            );
            let text = tf(
                lang,
                Msg::NotifModeration,
                &[("title", &title), ("action", action)],
            );
            (text, format!("/ideas/{idea}"))
        }
    };
    NotificationView {
        text,
        href,
        created_at: n.created_at,
        read: n.is_read == 1,
    }
}
