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
    let rows = sqlx::query(
        "SELECT u.id, u.display_name, u.site_admin, u.time_zone, m.community_id, m.role,
                (SELECT COUNT(*) FROM notifications n WHERE n.user_id = u.id AND n.is_read = 0) AS unread,
                CASE WHEN m.banned = 1 AND (m.banned_until IS NULL OR m.banned_until > $2)
                     THEN 1 ELSE 0 END AS banned
         FROM users u LEFT JOIN memberships m ON m.user_id = u.id
         WHERE u.id = $1",
    )
    .bind(id)
    .bind(super::now_ms())
    .fetch_all(c)
    .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let user = CurrentUser {
        id: first.try_get("id")?,
        display_name: first.try_get("display_name")?,
        unread: first.try_get("unread")?,
        time_zone: first.try_get("time_zone")?,
    };
    let mut actor = Actor {
        user_id: Some(id),
        site_admin: first.try_get::<i64, _>("site_admin")? == 1,
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
    Ok(Some((user, actor)))
}
