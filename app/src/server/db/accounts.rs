use super::{now_ms, Conn, DbResult, Tx};
use crate::accounts::CurrentUser;
use crate::authz::{Actor, Role};
use sqlx::Row;

pub struct NewUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: Option<&'a str>,
}

/// Inserts a user; `DbError::Unique` when the email is taken (the UNIQUE constraint decides,
/// so two simultaneous registrations cannot both win).
pub async fn create_user(tx: &mut Tx<'_>, user: NewUser<'_>) -> DbResult<i64> {
    let id = sqlx::query_scalar(
        "INSERT INTO users (email, display_name, password_hash, created_at)
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(user.email)
    .bind(user.display_name)
    .bind(user.password_hash)
    .bind(now_ms())
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// Gives a person a role in a community (or changes it).
pub async fn set_role(
    tx: &mut Tx<'_>,
    community_id: i64,
    user_id: i64,
    role: Role,
) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO memberships (community_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (community_id, user_id) DO UPDATE SET role = excluded.role",
    )
    .bind(community_id)
    .bind(user_id)
    .bind(role.as_str())
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Makes a person a plain resident of a community again (a ban, if any, stays).
pub async fn remove_role(tx: &mut Tx<'_>, community_id: i64, user_id: i64) -> DbResult<()> {
    for sql in [
        "UPDATE memberships SET role = 'resident' WHERE community_id = $1 AND user_id = $2",
        "DELETE FROM memberships WHERE community_id = $1 AND user_id = $2 AND banned = 0",
    ] {
        sqlx::query(sql)
            .bind(community_id)
            .bind(user_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

pub async fn set_site_admin(tx: &mut Tx<'_>, user_id: i64, site_admin: bool) -> DbResult<()> {
    sqlx::query("UPDATE users SET site_admin = $2 WHERE id = $1")
        .bind(user_id)
        .bind(site_admin as i64)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The id and password hash for a login attempt.
pub async fn login_record(c: &mut Conn, email: &str) -> DbResult<Option<(i64, Option<String>)>> {
    let row = sqlx::query("SELECT id, password_hash FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(c)
        .await?;
    let record = row
        .map(|r| -> Result<(i64, Option<String>), sqlx::Error> {
            Ok((r.try_get("id")?, r.try_get("password_hash")?))
        })
        .transpose()?;
    Ok(record)
}

/// The person with `id` and what they may do, in one round trip (it runs on every signed-in
/// request), or `None` if there is no such person (an account deleted while its session lived).
pub async fn actor(c: &mut Conn, id: i64) -> DbResult<Option<(CurrentUser, Actor)>> {
    actor_in_epoch(c, id, None).await
}

/// As `actor`, but `None` also when the session was made before the person's sessions were
/// ended (`epoch` is the session's): "sign out everywhere", a new password, a deleted account.
pub async fn actor_in_epoch(
    c: &mut Conn,
    id: i64,
    epoch: Option<i64>,
) -> DbResult<Option<(CurrentUser, Actor)>> {
    let rows = sqlx::query(
        "SELECT u.id, u.display_name, u.site_admin, u.guest, u.time_zone, m.community_id, m.role,
                (SELECT COUNT(*) FROM notifications n WHERE n.user_id = u.id AND n.is_read = 0) AS unread,
                CASE WHEN m.role IN ('moderator', 'admin')
                     THEN (SELECT COUNT(*) FROM queue_items q WHERE q.community_id = m.community_id)
                     ELSE 0 END AS waiting,
                (SELECT c.slug FROM communities c WHERE c.id = m.community_id) AS slug,
                CASE WHEN m.banned = 1 AND (m.banned_until IS NULL OR m.banned_until > $2)
                     THEN 1 ELSE 0 END AS banned
         FROM users u LEFT JOIN memberships m ON m.user_id = u.id
         WHERE u.id = $1 AND u.deleted_at IS NULL AND u.session_epoch = COALESCE($3, u.session_epoch)",
    )
    .bind(id)
    .bind(super::now_ms())
    .bind(epoch)
    .fetch_all(c)
    .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let mut user = CurrentUser {
        id: first.try_get("id")?,
        display_name: first.try_get("display_name")?,
        unread: first.try_get("unread")?,
        waiting: None,
        time_zone: first.try_get("time_zone")?,
    };
    let mut actor = Actor {
        user_id: Some(id),
        site_admin: first.try_get::<i64, _>("site_admin")? == 1,
        guest: first.try_get::<i64, _>("guest")? == 1,
        ..Actor::default()
    };
    for row in &rows {
        if let Some(community) = row.try_get::<Option<i64>, _>("community_id")? {
            let role: String = row.try_get("role")?;
            actor.roles.push((community, Role::parse(&role)));
            if row.try_get::<i64, _>("banned")? == 1 {
                actor.banned_in.push(community);
            }
        }
    }
    for row in &rows {
        let waiting: i64 = row.try_get("waiting")?;
        let most = user.waiting.as_ref().map_or(0, |(_, n)| *n);
        if waiting > most {
            user.waiting = Some((row.try_get("slug")?, waiting));
        }
    }
    Ok(Some((user, actor)))
}

/// The epoch a new session of this person starts in.
pub async fn session_epoch(c: &mut Conn, id: i64) -> DbResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT session_epoch FROM users WHERE id = $1")
            .bind(id)
            .fetch_one(c)
            .await?,
    )
}

/// Ends every session of the person made until now; returns the new epoch.
pub async fn end_sessions(tx: &mut Tx<'_>, id: i64) -> DbResult<i64> {
    Ok(sqlx::query_scalar(
        "UPDATE users SET session_epoch = session_epoch + 1 WHERE id = $1 RETURNING session_epoch",
    )
    .bind(id)
    .fetch_one(&mut **tx)
    .await?)
}

/// What the account page shows and checks of the signed-in person.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AccountRow {
    pub email: String,
    pub display_name: String,
    pub email_verified_at: Option<i64>,
    pub password_hash: Option<String>,
    pub lang: String,
    pub created_at: i64,
    /// A guest's account (0/1): no address or password of its own yet.
    pub guest: i64,
}

pub async fn account(c: &mut Conn, id: i64) -> DbResult<Option<AccountRow>> {
    Ok(sqlx::query_as(
        "SELECT email, display_name, email_verified_at, password_hash, lang, created_at, guest
         FROM users WHERE id = $1 AND deleted_at IS NULL",
    )
    .bind(id)
    .fetch_optional(c)
    .await?)
}

/// The address a pending change of e-mail would move to (the newest link not used yet).
pub async fn pending_email(c: &mut Conn, id: i64, now: i64) -> DbResult<Option<String>> {
    Ok(sqlx::query_scalar(
        "SELECT new_email FROM account_tokens
         WHERE user_id = $1 AND purpose = 'verify' AND new_email IS NOT NULL
           AND used_at IS NULL AND expires_at > $2
         ORDER BY id DESC LIMIT 1",
    )
    .bind(id)
    .bind(now)
    .fetch_optional(c)
    .await?)
}

pub async fn set_password(tx: &mut Tx<'_>, id: i64, hash: &str) -> DbResult<()> {
    sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
        .bind(id)
        .bind(hash)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn set_profile(tx: &mut Tx<'_>, id: i64, display_name: &str, lang: &str) -> DbResult<()> {
    sqlx::query("UPDATE users SET display_name = $2, lang = $3 WHERE id = $1")
        .bind(id)
        .bind(display_name)
        .bind(lang)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Marks the address confirmed, moving the account to `new_email` first if given;
/// `DbError::Unique` if that address has meanwhile become another account's.
pub async fn confirm_email(
    tx: &mut Tx<'_>,
    id: i64,
    new_email: Option<&str>,
    now: i64,
) -> DbResult<()> {
    sqlx::query(
        "UPDATE users SET email = COALESCE($2, email), email_verified_at = $3 WHERE id = $1",
    )
    .bind(id)
    .bind(new_email)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Whether an address belongs to an account (a deleted one has none).
pub async fn email_taken(c: &mut Conn, email: &str) -> DbResult<bool> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(c)
        .await?;
    Ok(found.is_some())
}

/// A one-use link, as taken.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct TokenRow {
    pub id: i64,
    pub user_id: i64,
    pub purpose: String,
    pub new_email: Option<String>,
}

/// Records a link to be mailed and puts its mail in the outbox, in the caller's transaction,
/// unless `limit` links of this purpose were made for the person since `since` (`None` then).
/// One statement checks and writes: on SQLite a read followed by a write in one transaction
/// can fail at once when another connection wrote in between. The link's secret is made
/// when the mail is composed (`arm_token`), so it is never stored.
#[allow(clippy::too_many_arguments)]
pub async fn queue_token(
    tx: &mut Tx<'_>,
    user_id: i64,
    purpose: &str,
    new_email: Option<&str>,
    now: i64,
    expires_at: i64,
    since: i64,
    limit: i64,
) -> DbResult<Option<i64>> {
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO account_tokens (user_id, purpose, new_email, expires_at, created_at)
         SELECT $1, $2, $3, $5, $4
         WHERE (SELECT COUNT(*) FROM account_tokens
                WHERE user_id = $1 AND purpose = $2 AND created_at >= $6) < $7
         RETURNING id",
    )
    .bind(user_id)
    .bind(purpose)
    .bind(new_email)
    .bind(now)
    .bind(expires_at)
    .bind(since)
    .bind(limit)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(id) = id else {
        return Ok(None);
    };
    sqlx::query(
        "INSERT INTO outbox (user_id, account_token_id, created_at, next_attempt_at)
         VALUES ($1, $2, $3, $3)",
    )
    .bind(user_id)
    .bind(id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(Some(id))
}

/// Gives a link its secret's hash and its expiry as its mail is composed; a new attempt at the
/// mail replaces both, so only the newest mail's link works. `None` if the link was used.
pub async fn arm_token(
    tx: &mut Tx<'_>,
    id: i64,
    hash: &str,
    expires_at: i64,
) -> DbResult<Option<TokenRow>> {
    Ok(sqlx::query_as(
        "UPDATE account_tokens SET token_hash = $2, expires_at = $3
         WHERE id = $1 AND used_at IS NULL
         RETURNING id, user_id, purpose, new_email",
    )
    .bind(id)
    .bind(hash)
    .bind(expires_at)
    .fetch_optional(&mut **tx)
    .await?)
}

/// Uses a link: the one UPDATE both checks and spends it, so two requests with the same link
/// cannot both succeed. `None` if unknown, used, expired or of another purpose.
pub async fn take_token(
    tx: &mut Tx<'_>,
    hash: &str,
    purpose: &str,
    now: i64,
) -> DbResult<Option<TokenRow>> {
    Ok(sqlx::query_as(
        "UPDATE account_tokens SET used_at = $3
         WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3
         RETURNING id, user_id, purpose, new_email",
    )
    .bind(hash)
    .bind(purpose)
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?)
}

/// Whether a link would still work (the page that asks for a new password shows this first).
pub async fn token_usable(c: &mut Conn, hash: &str, purpose: &str, now: i64) -> DbResult<bool> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM account_tokens
         WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(hash)
    .bind(purpose)
    .bind(now)
    .fetch_optional(c)
    .await?;
    Ok(found.is_some())
}

/// Spends every other link of the person for `purpose` (after a reset, older reset mails die).
pub async fn retire_tokens(tx: &mut Tx<'_>, user_id: i64, purpose: &str, now: i64) -> DbResult<()> {
    sqlx::query(
        "UPDATE account_tokens SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL",
    )
    .bind(user_id)
    .bind(purpose)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The account's address, language and the link's purpose, for the mail of an unused link.
pub async fn token_mail(c: &mut Conn, token_id: i64) -> DbResult<Option<(String, String, String)>> {
    Ok(sqlx::query_as(
        "SELECT u.email, u.lang, t.purpose FROM account_tokens t JOIN users u ON u.id = t.user_id
         WHERE t.id = $1 AND t.used_at IS NULL AND u.deleted_at IS NULL",
    )
    .bind(token_id)
    .fetch_optional(c)
    .await?)
}

/// The account an OpenID provider's subject signs in to (not a deleted one).
pub async fn identity_user(c: &mut Conn, provider: &str, subject: &str) -> DbResult<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT i.user_id FROM identities i JOIN users u ON u.id = i.user_id
         WHERE i.provider = $1 AND i.subject = $2 AND u.deleted_at IS NULL",
    )
    .bind(provider)
    .bind(subject)
    .fetch_optional(c)
    .await?)
}

/// Lets a provider's subject sign in to an account; `DbError::Unique` if it already signs in
/// to one.
pub async fn add_identity(
    tx: &mut Tx<'_>,
    provider: &str,
    subject: &str,
    user_id: i64,
) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO identities (provider, subject, user_id, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(provider)
    .bind(subject)
    .bind(user_id)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The providers an account can sign in with.
/// Stops `provider` from signing `user_id` in.
pub async fn remove_identity(tx: &mut Tx<'_>, user_id: i64, provider: &str) -> DbResult<()> {
    sqlx::query("DELETE FROM identities WHERE user_id = $1 AND provider = $2")
        .bind(user_id)
        .bind(provider)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn identities_of(c: &mut Conn, user_id: i64) -> DbResult<Vec<String>> {
    Ok(
        sqlx::query_scalar("SELECT provider FROM identities WHERE user_id = $1 ORDER BY provider")
            .bind(user_id)
            .fetch_all(c)
            .await?,
    )
}
