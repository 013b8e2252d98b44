//! "Download my data" and "Delete my account".

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::moderation::rules::{ContentRef, Kind};
use crate::server::db;

/// The name a deleted account's remaining content and votes stand under: nobody's, in both
/// languages (it is stored once, not translated per reader).
pub const DELETED_NAME: &str = "Izbrisan račun · Deleted account";

/// What happens to what a person wrote when they delete their account. Their votes stay
/// counted either way, no longer pointing to anyone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Erase {
    /// Ideas, arguments and comments are deleted (with what others wrote under the ideas).
    Content,
    /// They stay, under `DELETED_NAME`.
    Anonymise,
}

impl Erase {
    pub fn parse(s: &str) -> Option<Erase> {
        match s {
            "delete" => Some(Erase::Content),
            "anonymise" => Some(Erase::Anonymise),
            _ => None,
        }
    }
}

/// Everything stored of and by the signed-in person, as one JSON document.
pub async fn my_data(ctx: &Ctx) -> Result<serde_json::Value, AppError> {
    let id = super::settings::me(ctx)?;
    let mut c = ctx.db.conn().await?;
    let mut data = db::personal_data::export(&mut c, id).await?;
    data.insert("exported_at".into(), db::now_ms().into());
    Ok(data.into())
}

/// Deletes the signed-in person's account, given their password, in one transaction: what
/// they wrote is deleted or anonymised as they chose, everything else that points to them
/// goes, and every session of theirs ends.
pub async fn delete_account(ctx: &Ctx, erase: &str, password: &str) -> Result<(), AppError> {
    let id = super::settings::me(ctx)?;
    let Some(erase) = Erase::parse(erase) else {
        return Err(AppError::invalid("erase", Msg::ErrChooseDeletion));
    };
    super::settings::check_password(ctx, id, "password", password).await?;
    let mut tx = ctx.db.begin().await?;
    if erase == Erase::Content {
        // Ideas first: their arguments and comments go with them, then whatever is left.
        for pass in [true, false] {
            for (kind, item, hidden) in db::personal_data::authored(&mut tx, id).await? {
                let kind = match kind.as_str() {
                    "idea" => Kind::Idea,
                    "argument" => Kind::Argument,
                    "picture" => Kind::Picture,
                    _ => Kind::Comment,
                };
                if (kind == Kind::Idea) == pass {
                    db::moderation::delete(&mut tx, ContentRef::new(kind, item), hidden == 0)
                        .await?;
                }
            }
        }
        db::personal_data::delete_appeals(&mut tx, id).await?;
    }
    db::personal_data::erase(&mut tx, id, DELETED_NAME).await?;
    tx.commit().await?;
    if erase == Erase::Content {
        ctx.db.owners.forget_all();
    }
    Ok(())
}
