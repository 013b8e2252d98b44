//! The signed-in person's own account: profile, password, address, sessions. Each asks the
//! one permission check for the person's own account first.

use super::links::{queue_link, VERIFY};
use super::rules::{check_new_password, is_plausible_email, normalize_email, MAX_NAME_CHARS};
use super::AccountView;
use crate::authz::{Permission, Target};
use crate::ctx::Ctx;
use crate::error::{AppError, Errors};
use crate::i18n::{Lang, Msg};
use crate::server::db::{self, now_ms};
use crate::server::password::{hash_password_blocking, verify_password_blocking};

/// The person acting on their own account.
pub(super) fn me(ctx: &Ctx) -> Result<i64, AppError> {
    let id = ctx.actor.user_id.ok_or(AppError::Unauthorized)?;
    ctx.authorize(Permission::ManageOwnAccount, Target::account(id))
}

/// Stops a provider from signing the person in. The last way in of an account without a
/// password stays: without it nobody could sign in to the account again.
pub async fn unlink(ctx: &Ctx, provider: &str) -> Result<(), AppError> {
    let me = me(ctx)?;
    let mut c = ctx.db.conn().await?;
    let linked = db::accounts::identities_of(&mut c, me).await?;
    if !linked.iter().any(|p| p == provider) {
        return Err(AppError::NotFound);
    }
    let has_password = db::accounts::account(&mut c, me)
        .await?
        .ok_or(AppError::Unauthorized)?
        .password_hash
        .is_some();
    if !has_password && linked.len() == 1 {
        return Err(AppError::invalid("", Msg::ErrLastWayIn));
    }
    let mut tx = db::begin(&mut c).await?;
    db::accounts::remove_identity(&mut tx, me, provider).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn account_view(ctx: &Ctx) -> Result<AccountView, AppError> {
    let id = me(ctx)?;
    let mut c = ctx.db.conn().await?;
    let row = db::accounts::account(&mut c, id)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let pending_email = db::accounts::pending_email(&mut c, id, now_ms()).await?;
    let linked = db::accounts::identities_of(&mut c, id).await?;
    let names = super::oidc::listed();
    let providers = linked
        .into_iter()
        .map(|p| {
            let name = names
                .iter()
                .find(|(id, _)| *id == p)
                .map_or(p.clone(), |(_, n)| n.clone());
            (p, name)
        })
        .collect();
    Ok(AccountView {
        email: row.email,
        verified: row.email_verified_at.is_some(),
        pending_email,
        display_name: row.display_name,
        lang: Lang::from_code(&row.lang).unwrap_or_default(),
        has_password: row.password_hash.is_some(),
        providers,
        guest: row.guest == 1,
    })
}

/// Checks the person's current password; a wrong one is an error on `field`. An account that
/// signs in only through an OpenID provider has none to check: its session is the proof.
pub(super) async fn check_password(
    ctx: &Ctx,
    id: i64,
    field: &str,
    password: &str,
) -> Result<(), AppError> {
    let mut c = ctx.db.conn().await?;
    let stored = db::accounts::account(&mut c, id)
        .await?
        .ok_or(AppError::Unauthorized)?
        .password_hash;
    drop(c);
    let ok = match stored {
        Some(hash) => verify_password_blocking(password.to_string(), hash).await,
        None => true,
    };
    match ok {
        true => Ok(()),
        false => Err(AppError::invalid(field, Msg::ErrCurrentPasswordWrong)),
    }
}

/// Display name and language (of the pages and of the mail).
pub async fn save_profile(ctx: &Ctx, display_name: &str, lang: &str) -> Result<(), AppError> {
    let id = me(ctx)?;
    let display_name = display_name.trim();
    let mut errors = Errors::default();
    errors.text(
        "display_name",
        display_name,
        MAX_NAME_CHARS,
        Msg::ErrNameTooLong,
    );
    let lang = Lang::from_code(lang);
    errors.check(lang.is_some(), "lang", Msg::ErrChooseLanguage);
    let lang = errors.into_result(lang)?.unwrap_or_default();
    let mut tx = ctx.db.begin().await?;
    db::accounts::set_profile(&mut tx, id, display_name, lang.code()).await?;
    tx.commit().await?;
    Ok(())
}

/// A new password, given the current one. Every other session ends; returns the epoch the
/// caller's own session continues in.
pub async fn change_password(ctx: &Ctx, current: &str, new: &str) -> Result<i64, AppError> {
    let id = me(ctx)?;
    let mut errors = Errors::default();
    check_new_password(&mut errors, "new_password", new);
    errors.into_result(())?;
    check_password(ctx, id, "current_password", current).await?;
    let hash = hash_password_blocking(new.to_string()).await;
    let mut tx = ctx.db.begin().await?;
    db::accounts::set_password(&mut tx, id, &hash).await?;
    db::accounts::retire_tokens(&mut tx, id, super::links::RESET, now_ms()).await?;
    let epoch = db::accounts::end_sessions(&mut tx, id).await?;
    tx.commit().await?;
    Ok(epoch)
}

/// Asks to move the account to another address: a link goes to that address, and the account
/// moves only when it is opened. The current password is asked so that a session left open on
/// a shared computer cannot take the account over.
pub async fn change_email(ctx: &Ctx, new_email: &str, password: &str) -> Result<(), AppError> {
    let id = me(ctx)?;
    let email = normalize_email(new_email);
    let mut errors = Errors::default();
    if email.is_empty() {
        errors.add("email", Msg::ErrRequired);
    } else {
        errors.check(is_plausible_email(&email), "email", Msg::ErrEmailInvalid);
    }
    errors.into_result(())?;
    check_password(ctx, id, "password", password).await?;
    let mut c = ctx.db.conn().await?;
    if db::accounts::email_taken(&mut c, &email).await? {
        return Err(AppError::invalid("email", Msg::ErrEmailTaken));
    }
    let mut tx = db::begin(&mut c).await?;
    let queued = queue_link(&mut tx, id, VERIFY, Some(&email)).await?;
    tx.commit().await?;
    match queued {
        true => Ok(()),
        false => Err(AppError::RateLimited),
    }
}

/// Mails a new link confirming the account's address (the first went at registration).
pub async fn resend_confirmation(ctx: &Ctx) -> Result<(), AppError> {
    let id = me(ctx)?;
    let mut c = ctx.db.conn().await?;
    let row = db::accounts::account(&mut c, id)
        .await?
        .ok_or(AppError::Unauthorized)?;
    if row.email_verified_at.is_some() {
        return Ok(());
    }
    let mut tx = db::begin(&mut c).await?;
    let queued = queue_link(&mut tx, id, VERIFY, None).await?;
    tx.commit().await?;
    match queued {
        true => Ok(()),
        false => Err(AppError::RateLimited),
    }
}

/// Ends every session of the person, this one included.
pub async fn sign_out_everywhere(ctx: &Ctx) -> Result<(), AppError> {
    let id = me(ctx)?;
    let mut tx = ctx.db.begin().await?;
    db::accounts::end_sessions(&mut tx, id).await?;
    tx.commit().await?;
    Ok(())
}
