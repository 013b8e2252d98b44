//! The context every use case runs in: the database, the person acting and their language.
//!
//! Each entry point builds one the same way — a server function or an axum handler from the
//! request's session (`server::context`), a CLI command or the worker with `Ctx::for_user` or
//! `Ctx::anonymous` — and hands it to a service. Nothing in a service reads Leptos context,
//! so tests call services directly.

use crate::authz::{authorize, Actor, Permission, Target};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::server::db::{self, Db};

#[derive(Clone, Debug)]
pub struct Ctx {
    pub db: Db,
    pub actor: Actor,
    pub lang: Lang,
}

impl Ctx {
    pub fn anonymous(db: Db, lang: Lang) -> Ctx {
        Ctx {
            db,
            actor: Actor::anonymous(),
            lang,
        }
    }

    /// The operator at the server's command line (see `Actor::operator`).
    pub fn operator(db: Db, lang: Lang) -> Ctx {
        Ctx {
            db,
            actor: Actor::operator(),
            lang,
        }
    }

    /// Acting as the person with `user_id`, with their roles as stored; `NotFound` when there
    /// is no such person.
    pub async fn for_user(db: Db, user_id: i64, lang: Lang) -> Result<Ctx, AppError> {
        let mut c = db.conn().await?;
        let (_, actor) = db::accounts::actor(&mut c, user_id)
            .await?
            .ok_or(AppError::NotFound)?;
        drop(c);
        Ok(Ctx { db, actor, lang })
    }

    /// Asks the one permission function; on success returns the acting person's id (the
    /// operator, who is nobody on the site, gets `Unauthorized` where a person is needed).
    pub fn authorize(&self, permission: Permission, target: Target) -> Result<i64, AppError> {
        authorize(&self.actor, permission, target)?;
        self.actor.user_id.ok_or(AppError::Unauthorized)
    }

    /// Asks for a permission whose use needs no acting person (administration).
    pub fn authorize_admin(&self, permission: Permission, target: Target) -> Result<(), AppError> {
        Ok(authorize(&self.actor, permission, target)?)
    }

    /// Asks for `permission` on an idea (in its community, with its author), reading it
    /// through `c`; `NotFound` when there is no such idea.
    pub async fn authorize_on_idea(
        &self,
        c: &mut db::Conn,
        permission: Permission,
        idea_id: i64,
    ) -> Result<i64, AppError> {
        let owner = self.db.owners.idea(c, idea_id).await?;
        self.authorize_on(permission, owner)
    }

    /// Asks for an administration `permission` in the community of a consultation (setting it
    /// up: its questions, cover, …); returns the community. `NotFound` when there is no such
    /// consultation.
    pub async fn authorize_on_consultation(
        &self,
        permission: Permission,
        consultation_id: i64,
    ) -> Result<i64, AppError> {
        let community_id = db::consultations::by_id(&mut *self.db.conn().await?, consultation_id)
            .await?
            .ok_or(AppError::NotFound)?
            .community_id;
        self.authorize_admin(permission, Target::community(community_id))?;
        Ok(community_id)
    }

    /// Asks for `permission` on an argument; `NotFound` when there is no such argument.
    pub async fn authorize_on_argument(
        &self,
        c: &mut db::Conn,
        permission: Permission,
        argument_id: i64,
    ) -> Result<i64, AppError> {
        let owner = self.db.owners.argument(c, argument_id).await?;
        self.authorize_on(permission, owner)
    }

    /// `owner`: (community id, author id) of the content, if it exists.
    fn authorize_on(
        &self,
        permission: Permission,
        owner: Option<(i64, i64)>,
    ) -> Result<i64, AppError> {
        let (community_id, author_id) = owner.ok_or(AppError::NotFound)?;
        self.authorize(permission, Target::content(community_id, author_id))
    }

    /// Whether this person may do `activity` in a consultation with `schedule` now: its phase,
    /// and whether it takes guests (`authz::admit`).
    pub fn require_open(
        &self,
        schedule: &crate::consultations::rules::Schedule,
        activity: crate::consultations::rules::Activity,
    ) -> Result<(), AppError> {
        crate::authz::admit(&self.actor, schedule.guests)?;
        schedule.require(activity, db::now_ms())
    }

    /// Whether the permission would be granted, for showing or hiding a control on a page.
    pub fn may(&self, permission: Permission, target: Target) -> bool {
        authorize(&self.actor, permission, target).is_ok()
    }

    /// The viewer's id for queries that show "my vote": 0 (no user has it) when anonymous.
    pub fn viewer_id(&self) -> i64 {
        self.actor.user_id.unwrap_or(0)
    }
}
