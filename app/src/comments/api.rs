use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn add_comment(idea_id: i64, body: String) -> Result<(), AppError> {
    use crate::server::context::{check_rate, db, finish_form, require_user};
    let result = async {
        let user = require_user().await?;
        check_rate(crate::server::rate_limit::Limit::Posting)?;
        let body = super::rules::validate_comment(&body)?;
        db()?.add_comment(idea_id, user.id, &body).await?;
        Ok(())
    }
    .await;
    finish_form("comment", &[("body", body.as_str())], result).await
}
