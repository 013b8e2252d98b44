//! Mail from the outbox: what each mail says, in its recipient's language, and the daily
//! digests. Sending is the server's mail worker (`server/src/mailer.rs`); this module decides
//! nothing about transport, so its text is tested without an SMTP server.

use super::text::describe;
use crate::i18n::{t, tf, Lang, Msg};
use crate::server::db::{self, outbox::OutboxItem, Db, DbResult};

/// A mail ready for the transport.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
    /// The same for every attempt at the same outbox row, so a repeat is recognisable.
    pub message_id: String,
}

/// The mail of one outbox row; `None` when there is nothing left to tell (the idea or the
/// notifications were deleted meanwhile).
pub async fn compose(db: &Db, item: &OutboxItem, site: &str, host: &str) -> DbResult<Option<Mail>> {
    let message_id = format!("<outbox-{}@{host}>", item.id);
    if let Some(token) = item.account_token_id {
        let mail = crate::accounts::links::compose(db, token, site).await?;
        return Ok(mail.map(|(to, subject, body)| Mail {
            to,
            subject,
            body,
            message_id,
        }));
    }
    let mut c = db.conn().await?;
    let Some((to, lang)) = db::outbox::recipient(&mut c, item.user_id).await? else {
        return Ok(None);
    };
    let lang = Lang::from_code(&lang).unwrap_or_default();
    let ids = match item.notification_id {
        Some(id) => vec![id],
        None => db::outbox::digest_contents(&mut c, item.id).await?,
    };
    let mut lines = Vec::new();
    for id in ids {
        if let Some(n) = db::notifications::by_id(&mut c, id).await? {
            let v = describe(lang, &n);
            lines.push(format!("{}\n{site}{}", v.text, v.href));
        }
    }
    if lines.is_empty() {
        return Ok(None);
    }
    let subject = match item.notification_id {
        Some(_) => t(lang, Msg::MailSubjectOne).to_string(),
        None => tf(
            lang,
            Msg::MailSubjectDigest,
            &[("count", &lines.len().to_string())],
        ),
    };
    let footer = tf(
        lang,
        Msg::MailFooter,
        &[("link", &format!("{site}/notifications"))],
    );
    Ok(Some(Mail {
        to,
        subject,
        body: format!(
            "{}\n\n{}\n\n-- \n{footer}\n",
            t(lang, Msg::MailGreeting),
            lines.join("\n\n")
        ),
        message_id,
    }))
}

/// Makes the digests due at `now`: everything a daily reader was told before today (in the
/// site's time zone) goes into one mail per person and day. Safe to run from several workers
/// at once (one digest per person and day, by the outbox's unique key).
pub async fn make_digests(db: &Db, now: i64) -> DbResult<usize> {
    let today = crate::time::local_day(now);
    let midnight = crate::time::parse_input(&today).unwrap_or(now);
    let readers = db::outbox::digest_readers(&mut *db.conn().await?, midnight).await?;
    let mut made = 0;
    for user in readers {
        let mut tx = db.begin().await?;
        if db::outbox::make_digest(&mut tx, user, &today, midnight).await? {
            made += 1;
        }
        tx.commit().await?;
    }
    Ok(made)
}

/// When to try a failed mail again: 1, 2, 4, … minutes after the `attempts`th try, at most
/// two hours.
pub fn retry_delay_ms(attempts: i64) -> i64 {
    let minutes = 1i64 << attempts.clamp(1, 8).saturating_sub(1);
    minutes.min(120) * 60_000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_and_stop_growing() {
        assert_eq!(retry_delay_ms(1), 60_000);
        assert_eq!(retry_delay_ms(2), 120_000);
        assert_eq!(retry_delay_ms(4), 480_000);
        assert_eq!(retry_delay_ms(8), 120 * 60_000);
        assert_eq!(retry_delay_ms(50), 120 * 60_000);
    }
}
