use crate::error::AppError;
use leptos::prelude::*;

/// `side` is "for" or "against".
#[server]
pub async fn add_argument(idea_id: i64, side: String, body: String) -> Result<(), AppError> {
    use crate::server::context::{check_rate, db, finish_form, require_user};
    let result = async {
        let user = require_user().await?;
        check_rate(crate::server::rate_limit::Limit::Posting)?;
        let side = super::rules::Side::parse(&side)?;
        let body = super::rules::validate_argument(&body)?;
        db()?.add_argument(idea_id, user.id, side, &body).await?;
        Ok(())
    }
    .await;
    finish_form(
        &format!("argument-{side}"),
        &[("body", body.as_str())],
        result,
    )
    .await
}
