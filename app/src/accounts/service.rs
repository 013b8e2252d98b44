//! Accounts: registering and signing in (these run before anyone is known, so they ask no
//! permission; the caller turns the returned id into a session), and who has which role.

use crate::authz::{Permission, Role, Target};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::moderation::rules::AuditAction;
use crate::server::db::{self, DbError, NewUser};
use crate::server::password::{hash_password, hash_password_blocking, verify_password_blocking};

/// Creates an account; returns the new person's id.
pub async fn register(
    ctx: &Ctx,
    email: &str,
    display_name: &str,
    password: &str,
) -> Result<i64, AppError> {
    let valid = super::rules::validate_registration(email, display_name, password)?;
    let hash = hash_password_blocking(valid.password).await;
    let mut tx = ctx.db.begin().await?;
    let created = db::accounts::create_user(
        &mut tx,
        NewUser {
            email: &valid.email,
            display_name: &valid.display_name,
            password_hash: Some(&hash),
        },
    )
    .await;
    let id = match created {
        Err(DbError::Unique) => return Err(AppError::invalid("email", Msg::ErrEmailTaken)),
        other => other?,
    };
    // Mail is written in the language the person registered in (changeable in settings).
    db::notifications::save_settings(&mut tx, id, "instant", ctx.lang.code(), None).await?;
    // A link to confirm the address goes out with the account.
    super::links::queue_link(&mut tx, id, super::links::VERIFY, None).await?;
    tx.commit().await?;
    Ok(id)
}

/// Checks an e-mail and password; returns the person's id.
pub async fn authenticate(ctx: &Ctx, email: &str, password: &str) -> Result<i64, AppError> {
    let email = super::rules::normalize_email(email);
    let mut c = ctx.db.conn().await?;
    let record = db::accounts::login_record(&mut c, &email).await?;
    drop(c);
    // Verify against a throwaway hash when the account does not exist, so the response time
    // does not tell whether an e-mail is registered.
    let (id, stored) = match record {
        Some((id, Some(hash))) => (Some(id), hash),
        _ => (None, dummy_hash().to_string()),
    };
    let ok = verify_password_blocking(password.to_string(), stored).await;
    match (id, ok) {
        (Some(id), true) => Ok(id),
        _ => Err(AppError::invalid("", Msg::ErrBadCredentials)),
    }
}

fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("posvet-timing-equaliser"))
}

/// Gives the person with `email` a role in the community `slug` (`Resident` takes a
/// moderator's or administrator's role away). Community administrators and site
/// administrators may.
pub async fn set_role(ctx: &Ctx, slug: &str, email: &str, role: Role) -> Result<(), AppError> {
    let mut c = ctx.db.conn().await?;
    let community = db::consultations::community_by_slug(&mut c, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    ctx.authorize_admin(Permission::ManageRoles, Target::community(community.id))?;
    let user = account_id(&mut c, email).await?;
    drop(c);
    set_role_of(ctx, community.id, user, role).await
}

/// Gives the person with `user_id` a role in a community, audited. Their next request sees
/// it: roles are read with the session on every request.
pub async fn set_role_of(
    ctx: &Ctx,
    community_id: i64,
    user_id: i64,
    role: Role,
) -> Result<(), AppError> {
    ctx.authorize_admin(Permission::ManageRoles, Target::community(community_id))?;
    let mut c = ctx.db.conn().await?;
    db::accounts::actor(&mut c, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut tx = db::begin(&mut c).await?;
    match role {
        Role::Resident => db::accounts::remove_role(&mut tx, community_id, user_id).await?,
        role => db::accounts::set_role(&mut tx, community_id, user_id, role).await?,
    }
    let action = AuditAction::role(role);
    let target = crate::moderation::service::AuditTarget::User(user_id);
    crate::moderation::service::audit_target(
        &mut tx,
        ctx.actor.user_id,
        community_id,
        action,
        target,
        None,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Makes the person with `email` a site administrator, or no longer one.
pub async fn set_site_admin(ctx: &Ctx, email: &str, site_admin: bool) -> Result<(), AppError> {
    ctx.authorize_admin(Permission::ManageSiteAdmins, Target::site())?;
    let mut c = ctx.db.conn().await?;
    let user = account_id(&mut c, email).await?;
    let mut tx = db::begin(&mut c).await?;
    db::accounts::set_site_admin(&mut tx, user, site_admin).await?;
    // Site-wide: the audit row belongs to no community.
    let entry = db::moderation::AuditEntry {
        community_id: None,
        actor_id: ctx.actor.user_id,
        action: match site_admin {
            true => AuditAction::SiteAdmin,
            false => AuditAction::SiteAdminRevoked,
        },
        target: ("user", user),
        reason: None,
        note: None,
        public: false,
    };
    db::moderation::audit(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

async fn account_id(c: &mut db::Conn, email: &str) -> Result<i64, AppError> {
    let email = super::rules::normalize_email(email);
    let record = db::accounts::login_record(c, &email).await?;
    record
        .map(|(id, _)| id)
        .ok_or_else(|| AppError::invalid("email", Msg::ErrNoSuchAccount))
}
