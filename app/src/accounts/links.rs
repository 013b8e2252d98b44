//! Links sent by mail: reset a forgotten password, confirm an address. A link is single-use and
//! expires. Its secret is made when the mail is composed and only its SHA-256 is stored, so a
//! copy of the database opens no account. Asking for a reset says the same whether or not the
//! address has an account.

use crate::ctx::Ctx;
use crate::error::{AppError, Errors};
use crate::i18n::{t, tf, Lang, Msg};
use crate::server::db::{self, now_ms, Db, DbError, DbResult};
use crate::server::password::hash_password_blocking;
use sha2::{Digest, Sha256};

/// How long a reset link works after its mail is composed.
pub const RESET_TTL_MS: i64 = 60 * 60_000;
/// How long a link confirming an address works.
pub const VERIFY_TTL_MS: i64 = 48 * 60 * 60_000;
/// At most this many links of one kind to one person an hour: nobody's inbox gets flooded
/// through the forgotten-password form.
const LINKS_PER_HOUR: i64 = 3;

pub const RESET: &str = "reset";
pub const VERIFY: &str = "verify";

/// The stored form of a link's secret.
pub fn token_hash(secret: &str) -> String {
    hex(&Sha256::digest(secret.trim().as_bytes()))
}

fn new_secret() -> String {
    hex(&rand::random::<[u8; 32]>())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn ttl(purpose: &str) -> i64 {
    match purpose {
        RESET => RESET_TTL_MS,
        _ => VERIFY_TTL_MS,
    }
}

fn link_invalid() -> AppError {
    AppError::invalid("", Msg::ErrLinkInvalid)
}

/// Queues a link to `user_id` unless three were asked for within the hour; in the caller's
/// transaction. Returns whether one was queued.
pub async fn queue_link(
    tx: &mut db::Tx<'_>,
    user_id: i64,
    purpose: &str,
    new_email: Option<&str>,
) -> DbResult<bool> {
    let now = now_ms();
    let since = now - 3_600_000;
    let queued = db::accounts::queue_token(
        tx,
        user_id,
        purpose,
        new_email,
        now,
        now + ttl(purpose),
        since,
        LINKS_PER_HOUR,
    )
    .await?;
    Ok(queued.is_some())
}

/// "I forgot my password": mails a reset link if the address has an account. The answer is
/// the same either way; only a malformed address is an error.
pub async fn request_password_reset(ctx: &Ctx, email: &str) -> Result<(), AppError> {
    let email = super::rules::normalize_email(email);
    let mut errors = Errors::default();
    errors.check(
        super::rules::is_plausible_email(&email),
        "email",
        Msg::ErrEmailInvalid,
    );
    errors.into_result(())?;
    let mut c = ctx.db.conn().await?;
    let Some((user_id, _)) = db::accounts::login_record(&mut c, &email).await? else {
        return Ok(());
    };
    let mut tx = db::begin(&mut c).await?;
    queue_link(&mut tx, user_id, RESET, None).await?;
    tx.commit().await?;
    Ok(())
}

/// Whether a reset link still works (its page says so before asking for a new password).
pub async fn reset_link_usable(ctx: &Ctx, secret: &str) -> Result<bool, AppError> {
    let mut c = ctx.db.conn().await?;
    Ok(db::accounts::token_usable(&mut c, &token_hash(secret), RESET, now_ms()).await?)
}

/// Sets a new password with a reset link; returns the person's id to sign them in. Every
/// session of theirs ends and every other reset link dies; the address counts as confirmed
/// (the link reached it).
pub async fn reset_password(ctx: &Ctx, secret: &str, password: &str) -> Result<i64, AppError> {
    let mut errors = Errors::default();
    super::rules::check_new_password(&mut errors, "password", password);
    errors.into_result(())?;
    let hash = hash_password_blocking(password.to_string()).await;
    let now = now_ms();
    let mut tx = ctx.db.begin().await?;
    let Some(token) = db::accounts::take_token(&mut tx, &token_hash(secret), RESET, now).await?
    else {
        // Ended now, not when dropped: on SQLite the UPDATE's write lock would otherwise stay
        // until the connection is next used, and other writers fail meanwhile.
        tx.rollback().await?;
        return Err(link_invalid());
    };
    db::accounts::set_password(&mut tx, token.user_id, &hash).await?;
    db::accounts::retire_tokens(&mut tx, token.user_id, RESET, now).await?;
    db::accounts::confirm_email(&mut tx, token.user_id, None, now).await?;
    db::accounts::end_sessions(&mut tx, token.user_id).await?;
    tx.commit().await?;
    Ok(token.user_id)
}

/// Confirms an address with its link (no sign-in needed: the mail may be opened on another
/// device). A link for a new address moves the account to it.
pub async fn confirm_email(ctx: &Ctx, secret: &str) -> Result<(), AppError> {
    let now = now_ms();
    let mut tx = ctx.db.begin().await?;
    let Some(token) = db::accounts::take_token(&mut tx, &token_hash(secret), VERIFY, now).await?
    else {
        tx.rollback().await?;
        return Err(link_invalid());
    };
    let moved =
        db::accounts::confirm_email(&mut tx, token.user_id, token.new_email.as_deref(), now).await;
    match moved {
        Err(DbError::Unique) => {
            tx.rollback().await?;
            return Err(AppError::invalid("", Msg::ErrEmailTaken));
        }
        other => other?,
    }
    if token.new_email.is_some() {
        // Older links to other new addresses must not move the account again.
        db::accounts::retire_tokens(&mut tx, token.user_id, VERIFY, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The mail of a link, composed as it is sent: a fresh secret, its hash stored, the link in
/// the recipient's language. `None` if the link was used meanwhile (nothing to send).
pub async fn compose(
    db: &Db,
    token_id: i64,
    site: &str,
) -> DbResult<Option<(String, String, String)>> {
    let secret = new_secret();
    let mut tx = db.begin().await?;
    let Some((email, lang, purpose)) = db::accounts::token_mail(&mut tx, token_id).await? else {
        tx.rollback().await?;
        return Ok(None);
    };
    let expires_at = now_ms() + ttl(&purpose);
    let Some(token) =
        db::accounts::arm_token(&mut tx, token_id, &token_hash(&secret), expires_at).await?
    else {
        tx.rollback().await?;
        return Ok(None);
    };
    tx.commit().await?;
    let lang = Lang::from_code(&lang).unwrap_or_default();
    let to = token.new_email.clone().unwrap_or(email);
    let (subject, body, path) = match purpose.as_str() {
        RESET => (Msg::MailResetSubject, Msg::MailResetBody, "/password/reset"),
        _ => (
            Msg::MailVerifySubject,
            Msg::MailVerifyBody,
            "/account/confirm",
        ),
    };
    let link = format!("{site}{path}?token={secret}");
    let text = format!("{}\n", tf(lang, body, &[("link", &link)]));
    Ok(Some((to, t(lang, subject).to_string(), text)))
}
