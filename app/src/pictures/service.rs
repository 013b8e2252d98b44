//! Adding, removing and showing an idea's pictures.

use super::{PictureView, Pictures, MAX_PICTURES};
use crate::authz::{Permission, Target};
use crate::consultations::cover::{decode, encode, in_turn, thumbnail, Cover};
use crate::consultations::rules::Activity;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::moderation::rules::{ContentRef, Kind};
use crate::moderation::seen::{as_seen_by, Stored};
use crate::server::db::{self, Conn};

/// Who may add or remove an idea's pictures: for a resident's idea whoever may edit it (its
/// author while proposals are open, the moderators); for a measure the community's
/// administrators. Returns the caller's id.
async fn authorize_change(ctx: &Ctx, c: &mut Conn, idea_id: i64) -> Result<i64, AppError> {
    let idea = db::ideas::by_id(c, idea_id, 0)
        .await?
        .ok_or(AppError::NotFound)?;
    let (community_id, author_id) = (idea.community_id, idea.author_id);
    if idea.kind == "measure" {
        return ctx.authorize(
            Permission::ManageConsultations,
            Target::community(community_id),
        );
    }
    let me = ctx.authorize(
        Permission::EditIdea,
        Target::content(community_id, author_id),
    )?;
    if !ctx.may(Permission::Moderate, Target::community(community_id)) {
        let schedule = db::consultations::schedule_of_idea(c, idea_id)
            .await?
            .ok_or(AppError::NotFound)?;
        ctx.require_open(&schedule, Activity::Propose)?;
    }
    Ok(me)
}

/// Adds a picture with its alt text; returns its id. The upload is refused with the reason
/// (field "picture") when it is not a picture of ours, too large, or one too many.
pub async fn add_picture(
    ctx: &Ctx,
    idea_id: i64,
    alt: &str,
    upload: Vec<u8>,
) -> Result<i64, AppError> {
    let mut c = ctx.db.conn().await?;
    let me = authorize_change(ctx, &mut c, idea_id).await?;
    let alt = super::validate_alt(alt);
    if db::pictures::count(&mut c, idea_id).await? >= MAX_PICTURES as i64 {
        return Err(AppError::invalid("picture", Msg::ErrTooManyPictures));
    }
    // Both fields' errors at once. The connection goes back to the pool while the picture is
    // decoded (tens of milliseconds, in turn with other uploads).
    drop(c);
    let pictures = in_turn(move || {
        let picture = decode(&upload, "picture")?;
        let full = encode(&picture, super::MAX_WIDTH, super::MAX_HEIGHT)?;
        let thumb = thumbnail(&picture, super::THUMB_WIDTH, super::THUMB_HEIGHT)?;
        Ok((full, thumb))
    })
    .await;
    let (alt, (full, thumb)) = match (alt, pictures) {
        (Ok(alt), Ok(pictures)) => (alt, pictures),
        (Err(a), Err(p)) => return Err(a.merge(p)),
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    let mut c = ctx.db.conn().await?;
    let mut tx = db::begin(&mut c).await?;
    let store = |cover: &Cover| (cover.width as i64, cover.height as i64);
    let (w, h) = store(&full);
    let image = db::consultations::insert_image(&mut tx, &full.jpeg, w, h, Some(me)).await?;
    let (w, h) = store(&thumb);
    let small = db::consultations::insert_image(&mut tx, &thumb.jpeg, w, h, Some(me)).await?;
    let id = db::pictures::add(&mut tx, idea_id, me, image, small, &alt).await?;
    // Two uploads at once must not make four: counted again inside the transaction.
    if db::pictures::count(&mut tx, idea_id).await? > MAX_PICTURES as i64 {
        return Err(AppError::invalid("picture", Msg::ErrTooManyPictures));
    }
    tx.commit().await?;
    Ok(id)
}

/// Removes a picture (and its files); returns the idea it was of.
pub async fn remove_picture(ctx: &Ctx, picture_id: i64) -> Result<i64, AppError> {
    let mut c = ctx.db.conn().await?;
    let (idea_id, _) = db::pictures::owner(&mut c, picture_id)
        .await?
        .ok_or(AppError::NotFound)?;
    authorize_change(ctx, &mut c, idea_id).await?;
    let mut tx = db::begin(&mut c).await?;
    db::pictures::remove(&mut tx, picture_id).await?;
    tx.commit().await?;
    Ok(idea_id)
}

/// The idea page's pictures as the viewer sees them: a hidden one only to its author and the
/// moderators (with why); `can_change` for those who may add and remove them.
pub async fn on_idea_page(
    ctx: &Ctx,
    c: &mut Conn,
    idea_id: i64,
    community_id: i64,
    measure: bool,
    can_edit: bool,
) -> Result<Pictures, AppError> {
    let rows = db::pictures::of_idea(c, idea_id).await?;
    let count = rows.len();
    // Only the author of a hidden picture has appeals to show (the notice offers one).
    let me = ctx.actor.user_id;
    let appeals = match rows
        .iter()
        .any(|p| p.hidden == 1 && Some(p.author_id) == me)
    {
        true => db::moderation::appeals_on_idea(c, ctx.viewer_id(), idea_id).await?,
        false => Vec::new(),
    };
    let shown = rows
        .into_iter()
        .filter_map(|mut p| {
            let stored = Stored {
                item: ContentRef::new(Kind::Picture, p.id),
                community_id,
                author_id: Some(p.author_id),
                hidden: p.hidden,
                reason: p.hidden_reason.as_deref(),
                note: p.hidden_note.take(),
            };
            let (seen, hidden) = as_seen_by(stored, &ctx.actor, &appeals);
            seen.text.then_some(PictureView {
                id: p.id,
                alt: p.alt,
                width: p.width,
                height: p.height,
                mine: seen.mine,
                hidden,
            })
        })
        .collect();
    let can_change = match measure {
        true => ctx.may(
            Permission::ManageConsultations,
            Target::community(community_id),
        ),
        false => can_edit,
    };
    Ok(Pictures {
        shown,
        can_change,
        count,
    })
}

/// A picture's file (its thumbnail when `thumb`), for anyone when it and its idea are visible
/// (`public`); otherwise `may_see` says who else.
pub async fn file(
    db: &crate::server::db::Db,
    id: i64,
    thumb: bool,
) -> Result<db::pictures::PictureFile, AppError> {
    let mut c = db.conn().await?;
    db::pictures::file(&mut c, id, thumb)
        .await?
        .ok_or(AppError::NotFound)
}

/// Whether `ctx`'s viewer sees a picture that is not public: its author and the moderators.
pub fn may_see(ctx: &Ctx, f: &db::pictures::PictureFile) -> bool {
    f.public == 1
        || ctx.may(
            Permission::SeeHidden,
            Target::content(f.community_id, f.author_id),
        )
}
