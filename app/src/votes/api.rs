use super::Tally;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
impl From<crate::server::db::VoteTally> for Tally {
    fn from(t: crate::server::db::VoteTally) -> Self {
        Tally {
            up: t.up,
            down: t.down,
            mine: t.mine,
        }
    }
}

/// `value`: 1 endorse, -1 oppose, 0 withdraw.
#[server]
pub async fn vote_idea(idea_id: i64, value: i64) -> Result<Tally, AppError> {
    use crate::server::context::{db, finish_form, require_user};
    let result = async {
        let user = require_user().await?;
        let requested = super::rules::parse_request(value)?;
        Ok(db()?.vote_idea(idea_id, user.id, requested).await?.into())
    }
    .await;
    finish_form(&format!("vote-{idea_id}"), &[], result).await
}

/// `value`: 1 helpful, -1 not helpful, 0 withdraw.
#[server]
pub async fn rate_argument(argument_id: i64, value: i64) -> Result<Tally, AppError> {
    use crate::server::context::{db, finish_form, require_user};
    let result = async {
        let user = require_user().await?;
        let requested = super::rules::parse_request(value)?;
        Ok(db()?
            .vote_argument(argument_id, user.id, requested)
            .await?
            .into())
    }
    .await;
    finish_form(&format!("rate-{argument_id}"), &[], result).await
}
