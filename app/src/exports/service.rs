//! Making an export: who may, what it holds, and the audit row when hidden content is in it.

use super::rules::{Format, Table};
use super::write::{self, Out};
use crate::authz::{Permission, Target};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::moderation::rules::AuditAction;
use crate::moderation::service::{audit_target, AuditTarget};
use crate::server::db::{self, exports::Scope};

/// Rows read from the database at a time.
const PAGE: i64 = 1000;

/// One export at a time per process: a community's whole workbook keeps a core busy for
/// seconds, and two administrators must not take both cores from residents' pages. A second
/// waits this long for the first, then is told to try again.
static ONE_AT_A_TIME: std::sync::LazyLock<std::sync::Arc<tokio::sync::Semaphore>> =
    std::sync::LazyLock::new(|| std::sync::Arc::new(tokio::sync::Semaphore::new(1)));
const WAIT_FOR_ANOTHER: std::time::Duration = std::time::Duration::from_secs(3);

/// An export under way: its name and type are known, its bytes come a page at a time.
pub struct Export {
    pub file_name: String,
    pub content_type: &'static str,
    ctx: Ctx,
    scope: Scope,
    community_id: i64,
    include_hidden: bool,
    base_url: String,
    /// Tables still to write, and the one being written with the last id written.
    tables: std::collections::VecDeque<Table>,
    current: Option<(Table, i64)>,
    out: Box<dyn Out + Send + Sync>,
    done: bool,
    /// Held until the export is dropped: finished, failed or its download cancelled.
    _turn: tokio::sync::OwnedSemaphorePermit,
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

/// Starts an export: the community's administrators (and site administrators) only. Asking
/// for hidden content writes an audit row first, so the log shows it even if the download is
/// never finished. The file is then read with `next_chunk`: CSV and JSON a page of rows at a
/// time (constant memory however large), XLSX whole at the end (a zip is written last).
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
    let turn = tokio::time::timeout(WAIT_FOR_ANOTHER, ONE_AT_A_TIME.clone().acquire_owned())
        .await
        .ok()
        .and_then(Result::ok)
        .ok_or_else(|| AppError::invalid("", Msg::ErrExportBusy))?;
    if req.include_hidden {
        let mut tx = ctx.db.begin().await?;
        let target = match scope {
            Scope::Consultation(id) => AuditTarget::Consultation(id),
            Scope::Community(id) => AuditTarget::Community(id),
        };
        let me = ctx.actor.user_id;
        let action = AuditAction::ExportWithHidden;
        audit_target(&mut tx, me, community.id, action, target, None, None).await?;
        tx.commit().await?;
    }
    let out: Box<dyn Out + Send + Sync> = match req.format {
        Format::Csv(_) => Box::new(write::Csv::default()),
        Format::Xlsx => Box::new(write::Xlsx::new(ctx.lang)),
        Format::Json => Box::new(write::Json::default()),
    };
    let tables = match req.format {
        Format::Csv(table) => vec![table],
        Format::Xlsx | Format::Json => vec![
            Table::Ideas,
            Table::Arguments,
            Table::Comments,
            Table::Measures,
            Table::Indicators,
            Table::Readings,
            Table::Participants,
            Table::OpinionGroups,
        ],
    };
    let day = crate::time::local_day(db::now_ms());
    let what = match scope {
        Scope::Community(_) => req.community_slug.to_string(),
        Scope::Consultation(id) => format!("{}-{id}", req.community_slug),
    };
    Ok(Export {
        file_name: req.format.file_name(&what, &day),
        content_type: req.format.content_type(),
        ctx: ctx.clone(),
        scope,
        community_id: community.id,
        include_hidden: req.include_hidden,
        base_url: req.base_url.to_string(),
        tables: tables.into(),
        current: None,
        out,
        done: false,
        _turn: turn,
    })
}

impl Export {
    /// The next piece of the file; `None` once it is complete.
    pub async fn next_chunk(&mut self) -> Result<Option<Vec<u8>>, AppError> {
        if self.done {
            // What a workbook still has to hand over after `finish`.
            let rest = self.out.take();
            return Ok((!rest.is_empty()).then_some(rest));
        }
        loop {
            let Some((table, after)) = self.current else {
                match self.tables.pop_front() {
                    Some(table) => {
                        self.out.table(table).map_err(failed)?;
                        self.current = Some((table, 0));
                        continue;
                    }
                    None => {
                        self.done = true;
                        let bytes = self.finish().await?;
                        return Ok((!bytes.is_empty()).then_some(bytes));
                    }
                }
            };
            let (rows, last) = self.page(table, after).await?;
            let full = rows.len() as i64 == PAGE;
            for row in rows {
                self.out.row(row).map_err(failed)?;
            }
            self.current = match last {
                Some(id) if full => Some((table, id)),
                _ => None,
            };
            let bytes = self.out.take();
            if !bytes.is_empty() {
                return Ok(Some(bytes));
            }
        }
    }

    /// Ends the file off the async threads: zipping a large workbook takes seconds of CPU.
    async fn finish(&mut self) -> Result<Vec<u8>, AppError> {
        write::finish_apart(&mut self.out).await?.map_err(failed)
    }

    /// The whole file's size in bytes, when it is known before it is all sent: a workbook,
    /// after its first chunk (CSV and JSON are written as they are sent).
    pub fn size(&self) -> Option<u64> {
        self.out.size()
    }

    /// The whole file at once (tests, small exports).
    pub async fn collect(mut self) -> Result<Vec<u8>, AppError> {
        let mut all = Vec::new();
        while let Some(chunk) = self.next_chunk().await? {
            all.extend(chunk);
        }
        Ok(all)
    }

    /// A page of a table's rows as cells, and the last id in it. A connection per page: a
    /// long export does not hold one for its whole length.
    async fn page(
        &self,
        table: Table,
        after: i64,
    ) -> Result<(Vec<Vec<write::Cell>>, Option<i64>), AppError> {
        let (scope, hidden) = (self.scope, self.include_hidden);
        let mut c = self.ctx.db.conn().await?;
        Ok(match table {
            Table::Ideas => {
                let rows = db::exports::ideas(&mut c, scope, hidden, after, PAGE).await?;
                let last = rows.last().map(|r| r.id);
                let lang = self.ctx.lang;
                let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
                let pictures = db::pictures::visible_of(&mut c, &ids).await?;
                let cells = rows
                    .into_iter()
                    .map(|r| {
                        let of: Vec<i64> = pictures
                            .iter()
                            .filter(|p| p.0 == r.id)
                            .map(|p| p.1)
                            .collect();
                        write::idea_cells(r, lang, &self.base_url, &of)
                    })
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
            Table::Measures => {
                let rows = db::exports::measures(&mut c, scope, hidden, after, PAGE).await?;
                let last = rows.last().map(|r| r.id);
                let (progress, _) =
                    crate::measures::service::figures(&mut c, self.community_id).await?;
                let mut cells = Vec::with_capacity(rows.len());
                for r in rows {
                    let sources = db::exports::sources_of(&mut c, r.id).await?;
                    let p = progress.get(&r.id).copied().flatten();
                    cells.push(write::measure_cells(r, p, sources, &self.base_url));
                }
                (cells, last)
            }
            Table::Indicators => {
                let rows = db::exports::indicators(&mut c, scope, hidden, after, PAGE).await?;
                let last = rows.last().map(|r| r.id);
                let (_, figures) =
                    crate::measures::service::figures(&mut c, self.community_id).await?;
                let cells = rows
                    .into_iter()
                    .map(|r| {
                        let f = figures.get(&r.id).copied().unwrap_or((None, None));
                        write::indicator_cells(r, f)
                    })
                    .collect();
                (cells, last)
            }
            Table::Readings => {
                let rows = db::exports::readings(&mut c, scope, hidden, after, PAGE).await?;
                let last = rows.last().map(|r| r.id);
                (rows.into_iter().map(write::reading_cells).collect(), last)
            }
            // A few rows per question, all in one page.
            Table::Participants => (participant_rows(&mut c, scope, self.ctx.lang).await?, None),
            // A row per idea and group, all in one page (a few thousand at most).
            Table::OpinionGroups => {
                drop(c);
                (group_rows(&self.ctx, scope, self.community_id).await?, None)
            }
        })
    }
}

/// Every answer of every registration question in the scope with how many gave it, those
/// nobody chose included, and "would rather not say" last: sums only, never a person.
async fn participant_rows(
    c: &mut db::Conn,
    scope: Scope,
    lang: crate::i18n::Lang,
) -> Result<Vec<Vec<write::Cell>>, AppError> {
    use crate::i18n::{t, Msg};
    let questions = db::participation::questions_in(c, scope).await?;
    let tallies = db::participation::tallies(c, scope).await?;
    let count = |question: i64, choice: Option<i64>| {
        tallies
            .iter()
            .find(|(q, ch, _)| *q == question && *ch == choice)
            .map_or(0, |(_, _, n)| *n)
    };
    let mut rows = Vec::new();
    for q in questions {
        let question =
            crate::participation::service::question_of(q.id, &q.question, &q.options, lang);
        let answers = question
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| (Some(i as i64), o.as_str()));
        for (choice, answer) in answers.chain([(None, t(lang, Msg::RatherNotSay))]) {
            rows.push(write::participant_cells(
                q.consultation_id,
                &question.text,
                answer,
                count(q.id, choice),
            ));
        }
    }
    Ok(rows)
}

/// The opinion groups of the consultations in the scope that show them: each group's size and
/// votes on each public idea, and the idea's group-informed consensus. Sizes and tallies only:
/// nobody's group.
async fn group_rows(
    ctx: &Ctx,
    scope: Scope,
    community_id: i64,
) -> Result<Vec<Vec<write::Cell>>, AppError> {
    use crate::opinions::service::{label, published};
    let consultations = match scope {
        Scope::Consultation(id) => vec![id],
        Scope::Community(_) => {
            db::consultations::of_community(&mut *ctx.db.conn().await?, community_id)
                .await?
                .into_iter()
                .map(|g| g.id)
                .collect()
        }
    };
    let mut rows = Vec::new();
    for id in consultations {
        let Some((_, s, visible)) = published(ctx, id).await? else {
            continue;
        };
        for (idea, tallies) in s.ideas.iter().zip(&s.tallies) {
            if !visible.contains_key(idea) {
                continue;
            }
            let consensus = crate::opinions::tally::consensus(tallies);
            for (g, (t, (size, _))) in tallies.iter().zip(&s.groups).enumerate() {
                rows.push(write::group_cells(
                    id,
                    *idea,
                    label(g),
                    *size,
                    *t,
                    consensus,
                ));
            }
        }
    }
    Ok(rows)
}

fn failed(e: String) -> AppError {
    tracing::error!(error = %e, "writing an export failed");
    AppError::Internal
}

impl super::Pieces for Export {
    fn next_piece(
        &mut self,
    ) -> impl std::future::Future<Output = Result<Option<Vec<u8>>, AppError>> + Send {
        self.next_chunk()
    }

    fn size(&self) -> Option<u64> {
        Export::size(self)
    }
}
