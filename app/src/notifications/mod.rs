//! Notifications: what happened to ideas a person took part in, replies to their ideas and
//! moderators' decisions about their content — in the notification centre and by mail.

#[cfg(feature = "ssr")]
pub mod mail;
pub mod pages;
pub mod rules;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod text;

use crate::form::Flash;
use serde::{Deserialize, Serialize};

/// One notification as the centre lists it, written in the reader's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotificationView {
    pub text: String,
    pub href: String,
    pub created_at: i64,
    pub read: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotificationsView {
    pub items: Vec<NotificationView>,
    pub unread: i64,
    pub page: i64,
    pub pages: i64,
    pub mail_mode: rules::MailMode,
    pub lang: crate::i18n::Lang,
    /// The zone chosen ("" for the site's), the zones to choose from, and the site's.
    pub time_zone: String,
    pub zones: Vec<String>,
    pub site_zone: String,
    pub flash: Option<Flash>,
}
