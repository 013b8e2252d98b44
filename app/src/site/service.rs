//! The site's look: read for every page (from a short-lived copy in memory), and set by a site
//! administrator.

use super::rules::{self, LookForm};
use super::{LookSettings, SiteLook};
use crate::authz::{Permission, Target};
use crate::consultations::CoverImage;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::{Lang, Localized};
use crate::moderation::rules::AuditAction;
use crate::server::db::{self, site::LookRow, Db};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a process shows a look before reading it again: a change made through another
/// instance sharing the database shows within this time; this instance's own at once.
const KEPT: Duration = Duration::from_secs(10);

/// Per database (`Db::instance`: tests run many side by side): when read, and what.
type Kept = Vec<(u64, Instant, Option<LookRow>)>;
static KEPT_LOOK: Mutex<Kept> = Mutex::new(Vec::new());

/// The look every page shows, in `lang`; the default (Posvet's own) until one is set.
pub async fn look(db: &Db, lang: Lang) -> Result<SiteLook, AppError> {
    let kept = KEPT_LOOK.lock().ok().and_then(|k| {
        k.iter()
            .find(|(instance, at, _)| *instance == db.instance && at.elapsed() < KEPT)
            .map(|(_, _, row)| row.clone())
    });
    let row = match kept {
        Some(row) => row,
        None => {
            let row = db::site::look(&mut *db.conn().await?).await?;
            if let Ok(mut k) = KEPT_LOOK.lock() {
                k.retain(|(instance, at, _)| *instance != db.instance && at.elapsed() < KEPT);
                k.push((db.instance, Instant::now(), row.clone()));
            }
            row
        }
    };
    Ok(row.map(|r| shown(r, lang)).unwrap_or_default())
}

fn forget(db: &Db) {
    if let Ok(mut k) = KEPT_LOOK.lock() {
        k.retain(|(instance, _, _)| *instance != db.instance);
    }
}

fn logo(r: &LookRow) -> Option<CoverImage> {
    match (r.logo_image_id, r.logo_width, r.logo_height) {
        (Some(id), Some(width), Some(height)) => Some(CoverImage {
            src: format!("/covers/{id}.jpg"),
            width,
            height,
        }),
        _ => None,
    }
}

fn shown(r: LookRow, lang: Lang) -> SiteLook {
    let tagline = Localized::pick(&r.tagline, lang);
    SiteLook {
        logo: logo(&r),
        tagline: (!tagline.is_empty()).then_some(tagline),
        name: r.name,
        colour: r.colour,
        version: r.updated_at,
    }
}

/// The settings page's data (site administrators).
pub async fn settings(ctx: &Ctx) -> Result<LookSettings, AppError> {
    ctx.authorize_admin(Permission::ManageSite, Target::site())?;
    let row = db::site::look(&mut *ctx.db.conn().await?).await?;
    Ok(match row {
        Some(r) => {
            let tagline = Localized::from_json(&r.tagline);
            LookSettings {
                logo: logo(&r),
                form: LookForm {
                    name: r.name.clone(),
                    tagline_sl: tagline.exact(Lang::Sl).to_string(),
                    tagline_en: tagline.exact(Lang::En).to_string(),
                    colour: r.colour.clone(),
                },
                stored: true,
                flash: None,
            }
        }
        None => LookSettings {
            form: LookForm {
                name: rules::DEFAULT_NAME.to_string(),
                colour: rules::DEFAULT_COLOUR.to_string(),
                ..LookForm::default()
            },
            logo: None,
            stored: false,
            flash: None,
        },
    })
}

/// Sets the name, tagline and colour.
pub async fn save(ctx: &Ctx, form: &LookForm) -> Result<(), AppError> {
    ctx.authorize_admin(Permission::ManageSite, Target::site())?;
    let valid = rules::validate(form)?;
    let tagline = Localized::new(&[
        (Lang::Sl, valid.tagline_sl.as_str()),
        (Lang::En, valid.tagline_en.as_str()),
    ]);
    let mut tx = ctx.db.begin().await?;
    db::site::save(&mut tx, &valid.name, &tagline.to_json(), &valid.colour).await?;
    audit(&mut tx, ctx, AuditAction::SiteLook).await?;
    tx.commit().await?;
    forget(&ctx.db);
    Ok(())
}

/// Sets the logo from an upload (re-encoded like a cover: no metadata, bounded size), or
/// removes it (`None`). `NotNow` before a look is saved.
pub async fn set_logo(ctx: &Ctx, upload: Option<Vec<u8>>) -> Result<(), AppError> {
    ctx.authorize_admin(Permission::ManageSite, Target::site())?;
    let picture = match upload {
        Some(bytes) => Some(crate::consultations::cover::reencode_in_turn(bytes).await?),
        None => None,
    };
    let me = ctx.actor.user_id;
    let mut tx = ctx.db.begin().await?;
    let image_id = match &picture {
        Some(p) => {
            let (w, h) = (i64::from(p.width), i64::from(p.height));
            Some(db::consultations::insert_image(&mut tx, &p.jpeg, w, h, me).await?)
        }
        None => None,
    };
    if !db::site::set_logo(&mut tx, image_id).await? {
        return Err(AppError::NotNow);
    }
    audit(&mut tx, ctx, AuditAction::SiteLogo).await?;
    tx.commit().await?;
    forget(&ctx.db);
    Ok(())
}

/// Site-wide changes go to the audit log without a community.
async fn audit(tx: &mut db::Tx<'_>, ctx: &Ctx, action: AuditAction) -> Result<(), AppError> {
    let entry = db::moderation::AuditEntry {
        community_id: None,
        actor_id: ctx.actor.user_id,
        action,
        target: ("site", 1),
        reason: None,
        note: None,
        public: false,
    };
    db::moderation::audit(tx, entry).await?;
    Ok(())
}
