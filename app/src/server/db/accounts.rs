use super::{now_ms, Db, DbResult};
use crate::accounts::{CurrentUser, Role};
use sqlx::Row;

pub struct NewUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: Option<&'a str>,
    pub role: Role,
}

impl Db {
    /// Inserts a user; `DbError::Unique` when the email is taken (the UNIQUE constraint
    /// decides, so two simultaneous registrations cannot both win).
    pub async fn create_user(&self, user: NewUser<'_>) -> DbResult<i64> {
        let id = sqlx::query_scalar(
            "INSERT INTO users (email, display_name, password_hash, role, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(user.email)
        .bind(user.display_name)
        .bind(user.password_hash)
        .bind(user.role.as_str())
        .bind(now_ms())
        .fetch_one(&self.pool)
        .await?;
        Ok(id)
    }

    /// The id and password hash for a login attempt.
    pub async fn login_record(&self, email: &str) -> DbResult<Option<(i64, Option<String>)>> {
        let row = sqlx::query("SELECT id, password_hash FROM users WHERE email = $1")
            .bind(email)
            .fetch_optional(&self.pool)
            .await?;
        let record = row
            .map(|r| -> Result<(i64, Option<String>), sqlx::Error> {
                Ok((r.try_get("id")?, r.try_get("password_hash")?))
            })
            .transpose()?;
        Ok(record)
    }

    pub async fn user_by_id(&self, id: i64) -> DbResult<Option<CurrentUser>> {
        let row = sqlx::query("SELECT id, display_name, role FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            Ok(CurrentUser {
                id: r.try_get("id")?,
                display_name: r.try_get("display_name")?,
                role: Role::parse(&r.try_get::<String, _>("role")?),
            })
        })
        .transpose()
        .map_err(|e: sqlx::Error| e.into())
    }
}
