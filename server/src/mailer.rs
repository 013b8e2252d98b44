//! The mail worker: sends what the outbox holds over SMTP (lettre), and makes the daily
//! digests. Every instance may run it; the outbox's claims keep two workers off the same mail.
//!
//! Delivery is at least once, made as close to exactly once as SMTP allows: a mail is marked
//! sent right after the SMTP server accepted it. A crash between those two moments (a few
//! milliseconds) sends the mails then in flight (at most `PARALLEL`) again once their claims
//! lapse, with the same Message-ID, so mail software can tell a repeat. A crash anywhere else loses nothing and repeats
//! nothing: unsent mail stays in the outbox, claimed mail comes back after its lease.

use app::notifications::mail::{compose, make_digests, retry_delay_ms, Mail};
use app::server::db::{self, outbox::OutboxItem, Db};
use lettre::message::{header::ContentType, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// Mails claimed at a time.
const BATCH: i64 = 32;
/// Mails sent at the same time, each on a connection of lettre's pool. lettre 0.11.23 leaves
/// Nagle's algorithm on, so each mail waits ~40 ms for the SMTP server's delayed ACK (fixed
/// upstream in lettre#1159, not yet released): one connection sends ~22 mails/s, eight ~170.
pub const PARALLEL: usize = 8;

#[derive(Clone, Debug)]
pub struct MailConfig {
    /// `smtp://host:port` (plain, e.g. a local relay), `smtp://…?tls=required` (STARTTLS) or
    /// `smtps://user:password@host` — lettre's URL format (`POSVET_SMTP_URL`).
    pub smtp_url: String,
    /// `POSVET_MAIL_FROM`, e.g. `Posvet <posvet@city.example>`.
    pub from: String,
    /// The site's public address for links in mails (`POSVET_PUBLIC_URL`).
    pub public_url: String,
    /// How often the worker looks for due mail (`POSVET_MAIL_POLL_MS`, default 1000).
    pub poll: Duration,
    /// How long a claimed mail is reserved for its worker before another may take it: the
    /// delay before mail claimed by a crashed instance is sent by another
    /// (`POSVET_MAIL_LEASE_MS`, default 300000 = 5 minutes; longer than any SMTP exchange).
    pub lease_ms: i64,
}

/// Runs until the process ends. Errors are logged and retried; nothing here stops the server.
pub async fn run(db: Db, config: MailConfig) {
    let transport = match AsyncSmtpTransport::<Tokio1Executor>::from_url(&config.smtp_url) {
        Ok(t) => t.build(),
        Err(e) => {
            tracing::error!(error = %e, "POSVET_SMTP_URL is not usable; no mail will be sent");
            return;
        }
    };
    let from: Mailbox = match config.from.parse() {
        Ok(f) => f,
        Err(e) => {
            tracing::error!(error = %e, "POSVET_MAIL_FROM is not an address; no mail will be sent");
            return;
        }
    };
    let host = from.email.domain().to_string();
    // Who holds a claim: this process, for as long as it runs.
    let worker = format!("{:016x}", rand::random::<u64>());
    let site = config.public_url.trim_end_matches('/').to_string();
    tracing::info!(smtp = %redact(&config.smtp_url), "mail worker started");
    loop {
        let w = Worker {
            transport: &transport,
            from: &from,
            site: &site,
            host: &host,
            id: &worker,
            lease_ms: config.lease_ms,
        };
        match work_once(&db, &w).await {
            // A full batch: there may be more waiting right away.
            Ok(n) if n as i64 >= BATCH => {
                crate::metrics::mail_pass_done();
                continue;
            }
            Ok(_) => crate::metrics::mail_pass_done(),
            Err(e) => tracing::warn!(error = %e, "mail worker: database unavailable, retrying"),
        }
        tokio::time::sleep(config.poll).await;
    }
}

/// One worker's transport and identity.
struct Worker<'a> {
    transport: &'a AsyncSmtpTransport<Tokio1Executor>,
    from: &'a Mailbox,
    site: &'a str,
    host: &'a str,
    id: &'a str,
    lease_ms: i64,
}

/// Makes due digests, then sends one batch, several mails at a time; returns how many mails
/// it claimed.
async fn work_once(db: &Db, w: &Worker<'_>) -> Result<usize, db::DbError> {
    use futures::stream::{self, StreamExt};
    make_digests(db, db::now_ms()).await?;
    let items = db::outbox::claim(db, w.id, w.lease_ms, BATCH).await?;
    // Each mail on its own: one mail's failure neither stops the others nor cancels them
    // half-way (a send dropped mid-transaction would return its SMTP connection to the pool
    // in the middle of a MAIL command, and the next mail on it would fail with 503).
    stream::iter(&items)
        .for_each_concurrent(PARALLEL, |item| async move {
            if let Err(e) = deliver(db, w, item).await {
                tracing::warn!(outbox = item.id, error = %e, "mail not composed; tried again later");
                let retry_at = db::now_ms() + retry_delay_ms(item.attempts);
                if let Err(e) = db::outbox::mark_failed(db, item.id, retry_at, &e.to_string()).await {
                    tracing::warn!(outbox = item.id, error = %e, "mail worker: database unavailable");
                }
            }
        })
        .await;
    Ok(items.len())
}

/// Sends one claimed mail unless the claim lapsed, and records how it went.
async fn deliver(db: &Db, w: &Worker<'_>, item: &OutboxItem) -> Result<(), db::DbError> {
    if !db::outbox::still_mine(db, item.id, w.id, w.lease_ms).await? {
        return Ok(());
    }
    let Some(mail) = compose(db, item, w.site, w.host).await? else {
        // Nothing left to say (the idea was deleted): done with it.
        return db::outbox::mark_sent(db, item.id).await;
    };
    match send(w.transport, w.from, &mail).await {
        Ok(()) => db::outbox::mark_sent(db, item.id).await,
        Err(e) => {
            tracing::warn!(outbox = item.id, attempt = item.attempts, error = %e, "mail not sent");
            let retry_at = db::now_ms() + retry_delay_ms(item.attempts);
            db::outbox::mark_failed(db, item.id, retry_at, &e).await
        }
    }
}

async fn send(
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    from: &Mailbox,
    mail: &Mail,
) -> Result<(), String> {
    let to: Mailbox = mail.to.parse().map_err(|e| format!("recipient: {e}"))?;
    let message = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(mail.subject.clone())
        .message_id(Some(mail.message_id.clone()))
        .header(ContentType::TEXT_PLAIN)
        .body(mail.body.clone())
        .map_err(|e| format!("message: {e}"))?;
    transport
        .send(message)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Hides a password in an SMTP URL before it is logged.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://…@{}", &url[..s], &url[at + 1..]),
        _ => url.to_string(),
    }
}
