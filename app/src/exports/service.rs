//! Making an export: who may, what it holds, and the audit row when hidden content is in it.

use super::rules::{Format, Table};
use super::write::{self, Out};
use crate::authz::{Permission, Target};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::moderation::service::{audit_target, AuditTarget};
use crate::server::db::{self, exports::Scope};

/// Rows read from the database at a time.
const PAGE: i64 = 1000;

/// A finished export file.
pub struct Export {
    pub file_name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// What to export: a community's content, or one consultation's (`consultation` Some), with
/// or without hidden content. Links in it start with `base_url`.
pub struct ExportRequest<'a> {
    pub community_slug: &'a str,
    pub consultation: Option<i64>,
    pub format: Format,
    pub include_hidden: bool,
    pub base_url: &'a str,
}

/// The community's administrators (and site administrators) only. Asking for hidden content
/// writes an audit row first, so the log shows it even if the download is never finished.
pub async fn export(ctx: &Ctx, req: &ExportRequest<'_>) -> Result<Export, AppError> {
    let mut c = ctx.db.conn().await?;
    let community = db::consultations::community_by_slug(&mut c, req.community_slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let scope = match req.consultation {
        Some(id) => {
            let g = db::consultations::by_id(&mut c, id)
                .await?
                .ok_or(AppError::NotFound)?;
            // Another community's consultation is not found here.
            if g.community_id != community.id {
                return Err(AppError::NotFound);
            }
            Scope::Consultation(id)
        }
        None => Scope::Community(community.id),
    };
    drop(c);
    ctx.authorize_admin(Permission::ExportResults, Target::community(community.id))?;
    if req.include_hidden {
        let mut tx = ctx.db.begin().await?;
        let target = match scope {
            Scope::Consultation(id) => AuditTarget::Consultation(id),
            Scope::Community(id) => AuditTarget::Community(id),
        };
        let me = ctx.actor.user_id;
        audit_target(
            &mut tx,
            me,
            community.id,
            "export_with_hidden",
            target,
            None,
            None,
        )
        .await?;
        tx.commit().await?;
    }
    let mut out: Box<dyn Out + Send> = match req.format {
        Format::Csv(_) => Box::new(write::Csv::default()),
        Format::Xlsx => Box::new(write::Xlsx::default()),
        Format::Json => Box::new(write::Json::default()),
    };
    let tables = match req.format {
        Format::Csv(table) => vec![table],
        Format::Xlsx | Format::Json => vec![Table::Ideas, Table::Arguments, Table::Comments],
    };
    let failed = |e: String| {
        tracing::error!(error = %e, "writing an export failed");
        AppError::Internal
    };
    let hidden = req.include_hidden;
    for table in tables {
        out.table(table).map_err(failed)?;
        let mut after = 0;
        loop {
            // A connection per page: a long export does not hold one for its whole length.
            let mut c = ctx.db.conn().await?;
            let (rows, last) = match table {
                Table::Ideas => {
                    let rows = db::exports::ideas(&mut c, scope, hidden, after, PAGE).await?;
                    let last = rows.last().map(|r| r.id);
                    let cells: Vec<_> = rows
                        .into_iter()
                        .map(|r| write::idea_cells(r, ctx.lang, req.base_url))
                        .collect();
                    (cells, last)
                }
                Table::Arguments => {
                    let rows = db::exports::arguments(&mut c, scope, hidden, after, PAGE).await?;
                    let last = rows.last().map(|r| r.id);
                    (rows.into_iter().map(write::argument_cells).collect(), last)
                }
                Table::Comments => {
                    let rows = db::exports::comments(&mut c, scope, hidden, after, PAGE).await?;
                    let last = rows.last().map(|r| r.id);
                    (rows.into_iter().map(write::comment_cells).collect(), last)
                }
            };
            drop(c);
            let full = rows.len() as i64 == PAGE;
            for row in rows {
                out.row(row).map_err(failed)?;
            }
            match last {
                Some(id) if full => after = id,
                _ => break,
            }
        }
    }
    let day = crate::time::local_day(db::now_ms());
    let what = match scope {
        Scope::Community(_) => req.community_slug.to_string(),
        Scope::Consultation(id) => format!("{}-{id}", req.community_slug),
    };
    Ok(Export {
        file_name: req.format.file_name(&what, &day),
        content_type: req.format.content_type(),
        bytes: out.finish().map_err(failed)?,
    })
}
