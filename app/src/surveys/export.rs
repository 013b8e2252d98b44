//! A survey's responses as a file: one row per submitted response, no identity, rows in a
//! random order (each response's `shuffle`), text answers only when asked (and then audited);
//! and its summary (the results page's counts). Written a thousand rows at a time, so memory
//! stays flat however many responses there are.

use super::rules;
use super::tally::SurveyResults;
use super::{Answer, Kind, Question};
use crate::authz::{Permission, Target};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::exports::write::{self, Cell, Out};
use crate::i18n::{t, Lang, Msg};
use crate::moderation::rules::AuditAction;
use crate::server::db;

const PAGE: i64 = 1000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SurveyFormat {
    Csv,
    Xlsx,
    Json,
    /// The summary alone, as CSV.
    Summary,
}

impl SurveyFormat {
    pub fn parse(value: &str) -> Result<SurveyFormat, AppError> {
        Ok(match value {
            "csv" => SurveyFormat::Csv,
            "xlsx" => SurveyFormat::Xlsx,
            "json" => SurveyFormat::Json,
            "summary" => SurveyFormat::Summary,
            _ => return Err(AppError::invalid("format", Msg::ErrExportFormat)),
        })
    }

    pub fn content_type(self) -> &'static str {
        match self {
            SurveyFormat::Csv | SurveyFormat::Summary => "text/csv; charset=utf-8",
            SurveyFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            SurveyFormat::Json => "application/json",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            SurveyFormat::Csv | SurveyFormat::Summary => "csv",
            SurveyFormat::Xlsx => "xlsx",
            SurveyFormat::Json => "json",
        }
    }
}

/// The columns a question takes in the responses table: one, or one per option of a multiple
/// choice (1 if chosen) or ranking (its place), per row of a matrix; "other" texts in a
/// column of their own when texts are asked for.
fn columns(q: &Question, lang: Lang, texts: bool) -> Vec<String> {
    let text = q.text.get(lang);
    let each = |list: &[crate::i18n::Localized]| {
        list.iter()
            .map(|o| format!("{text}: {}", o.get(lang)))
            .collect::<Vec<_>>()
    };
    let mut cols = match q.kind {
        Kind::Multiple | Kind::Ranking => each(&q.spec.options),
        Kind::Matrix => each(&q.spec.rows),
        Kind::ShortText | Kind::LongText if !texts => Vec::new(),
        _ => vec![text.to_string()],
    };
    if q.spec.other && texts && matches!(q.kind, Kind::Single | Kind::Multiple) {
        cols.push(format!("{text}: {}", t(lang, Msg::OtherAnswer)));
    }
    cols
}

/// A response's cells, in the order of `columns`.
fn cells(q: &Question, a: Option<&Answer>, lang: Lang, texts: bool) -> Vec<Cell> {
    let option = |i: usize| {
        q.spec
            .options
            .get(i)
            .map_or(Cell::Empty, |o| Cell::Text(o.get(lang).to_string()))
    };
    let other_text = |t: Option<&String>| match t {
        Some(t) => Cell::Text(t.clone()),
        None => Cell::Empty,
    };
    let with_other = q.spec.other && texts;
    let n = q.spec.options.len();
    match (q.kind, a) {
        (Kind::Single, Some(Answer::Choice(i))) => {
            let mut c = vec![option(*i)];
            if with_other {
                c.push(Cell::Empty);
            }
            c
        }
        (Kind::Single, Some(Answer::Other(t))) => {
            let mut c = vec![Cell::Text(t_other(lang))];
            if with_other {
                c.push(Cell::Text(t.clone()));
            }
            c
        }
        (Kind::Multiple, Some(Answer::Choices(chosen, other))) => {
            let mut c: Vec<Cell> = (0..n)
                .map(|i| Cell::Int(i64::from(chosen.contains(&i))))
                .collect();
            if with_other {
                c.push(other_text(other.as_ref()));
            }
            c
        }
        (Kind::Ranking, Some(Answer::Order(order))) => (0..n)
            .map(|i| match order.iter().position(|o| *o == i) {
                Some(p) => Cell::Int(p as i64 + 1),
                None => Cell::Empty,
            })
            .collect(),
        (Kind::Matrix, Some(Answer::Rows(rows))) => (0..q.spec.rows.len())
            .map(|r| match rows.get(r).copied().flatten() {
                Some(v) => Cell::Int(v),
                None => Cell::Empty,
            })
            .collect(),
        (Kind::Scale | Kind::Number, Some(Answer::Value(x))) => vec![Cell::Num(*x)],
        (Kind::ShortText | Kind::LongText, Some(Answer::Text(t))) if texts => {
            vec![Cell::Text(t.clone())]
        }
        _ => (0..columns(q, lang, texts).len())
            .map(|_| Cell::Empty)
            .collect(),
    }
}

fn t_other(lang: Lang) -> String {
    t(lang, Msg::OtherAnswer).to_string()
}

/// The summary's rows: per question and answer, how many and what share; means and medians.
fn summary_rows(r: &SurveyResults, lang: Lang) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    let num = Cell::Num;
    for q in &r.questions {
        let text = || Cell::Text(q.text.clone());
        let share = |n: i64| match q.answered {
            0 => Cell::Empty,
            a => Cell::Num((n as f64 * 1000.0 / a as f64).round() / 10.0),
        };
        for (label, n) in &q.counts {
            rows.push(vec![
                text(),
                Cell::Text(label.clone()),
                Cell::Int(*n),
                share(*n),
                Cell::Empty,
                Cell::Empty,
            ]);
        }
        for s in &q.ranking {
            let label = format!("{} ({})", s.label, t(lang, Msg::RankPoints));
            rows.push(vec![
                text(),
                Cell::Text(label),
                Cell::Int(s.points),
                Cell::Empty,
                num(s.mean_place),
                Cell::Empty,
            ]);
        }
        for (label, s) in &q.rows {
            rows.push(vec![
                text(),
                Cell::Text(label.clone()),
                Cell::Int(s.n),
                Cell::Empty,
                num(s.mean),
                num(s.median),
            ]);
        }
        if let (Some(s), Kind::Scale | Kind::Number) = (q.summary, q.kind) {
            let all = t(lang, Msg::AllAnswers).to_string();
            rows.push(vec![
                text(),
                Cell::Text(all),
                Cell::Int(s.n),
                Cell::Empty,
                num(s.mean),
                num(s.median),
            ]);
        }
        if q.kind.is_text() {
            let answered = t(lang, Msg::AllAnswers).to_string();
            rows.push(vec![
                text(),
                Cell::Text(answered),
                Cell::Int(q.answered),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
            ]);
        }
    }
    rows
}

/// An export under way.
pub struct SurveyExport {
    pub file_name: String,
    pub content_type: &'static str,
    ctx: Ctx,
    survey_id: i64,
    questions: Vec<Question>,
    format: SurveyFormat,
    texts: bool,
    /// The last response written, `None` once they are all written.
    after: Option<(i64, i64)>,
    row: i64,
    summary: Option<SurveyResults>,
    out: Box<dyn Out + Send + Sync>,
    done: bool,
}

/// Starts an export of a survey: its consultation's administrators only. Asking for text
/// answers writes an audit row first.
pub async fn export(
    ctx: &Ctx,
    survey_id: i64,
    format: SurveyFormat,
    texts: bool,
) -> Result<SurveyExport, AppError> {
    let mut c = ctx.db.conn().await?;
    let l = super::service::load(&mut c, survey_id).await?;
    let g = &l.consultation;
    ctx.authorize_admin(Permission::ExportResults, Target::community(g.community_id))?;
    if texts {
        let mut tx = db::begin(&mut c).await?;
        let note = format!("survey {survey_id}");
        super::service::audit_survey(&mut tx, ctx, g, AuditAction::ExportSurveyTexts, &note)
            .await?;
        tx.commit().await?;
    }
    drop(c);
    let summary = match format {
        SurveyFormat::Csv => None,
        _ => Some(super::service::results(ctx, survey_id, "").await?),
    };
    let out: Box<dyn Out + Send + Sync> = match format {
        SurveyFormat::Csv | SurveyFormat::Summary => Box::new(write::Csv::default()),
        SurveyFormat::Xlsx => Box::new(write::Xlsx::new(ctx.lang)),
        SurveyFormat::Json => Box::new(write::Json::default()),
    };
    let day = crate::time::local_day(db::now_ms());
    let part = match format {
        SurveyFormat::Summary => "summary",
        _ => "responses",
    };
    Ok(SurveyExport {
        file_name: format!(
            "posvet-survey-{survey_id}-{part}-{day}.{}",
            format.extension()
        ),
        content_type: format.content_type(),
        ctx: ctx.clone(),
        survey_id,
        questions: l.questions,
        format,
        texts,
        after: (format != SurveyFormat::Summary).then_some((i64::MIN, i64::MIN)),
        row: 0,
        summary,
        out,
        done: false,
    })
}

fn failed(e: String) -> AppError {
    tracing::error!(error = %e, "writing a survey export failed");
    AppError::Internal
}

impl SurveyExport {
    /// The next piece of the file; `None` once it is complete.
    pub async fn next_chunk(&mut self) -> Result<Option<Vec<u8>>, AppError> {
        if self.done {
            let rest = self.out.take();
            return Ok((!rest.is_empty()).then_some(rest));
        }
        let lang = self.ctx.lang;
        if let Some(after) = self.after {
            if self.row == 0 && after.0 == i64::MIN {
                let mut keys = vec![t(lang, Msg::ResponseCol).to_string()];
                for q in &self.questions {
                    keys.extend(columns(q, lang, self.texts));
                }
                self.out.sheet("responses", &keys, None).map_err(failed)?;
            }
            let mut c = self.ctx.db.conn().await?;
            let page = db::surveys::page_for_export(&mut c, self.survey_id, after, PAGE).await?;
            drop(c);
            self.after = match page.len() as i64 == PAGE {
                true => page.last().map(|(s, id, _)| (*s, *id)),
                false => None,
            };
            for (_, _, json) in page {
                self.row += 1;
                let answers = rules::decode_all(&self.questions, &json);
                let mut row = vec![Cell::Int(self.row)];
                for q in &self.questions {
                    row.extend(cells(q, answers.get(&q.id), lang, self.texts));
                }
                self.out.row(row).map_err(failed)?;
            }
            if self.after.is_some() {
                return Ok(Some(self.out.take()));
            }
        }
        if let Some(summary) = self.summary.take() {
            let keys: Vec<String> = [
                Msg::ExportColQuestion,
                Msg::ExportColAnswer,
                Msg::PeopleCol,
                Msg::SharePercentCol,
                Msg::Mean,
                Msg::Median,
            ]
            .iter()
            .map(|m| t(lang, *m).to_string())
            .collect();
            // The summary is a sheet of its own; a CSV of responses has no room for it.
            if self.format != SurveyFormat::Csv {
                self.out.sheet("summary", &keys, None).map_err(failed)?;
                for row in summary_rows(&summary, lang) {
                    self.out.row(row).map_err(failed)?;
                }
            }
        }
        self.done = true;
        let bytes = write::finish_apart(&mut self.out).await?.map_err(failed)?;
        Ok((!bytes.is_empty()).then_some(bytes))
    }

    /// The whole file at once (tests).
    pub async fn collect(mut self) -> Result<Vec<u8>, AppError> {
        let mut all = Vec::new();
        while let Some(chunk) = self.next_chunk().await? {
            all.extend(chunk);
        }
        Ok(all)
    }

    pub fn size(&self) -> Option<u64> {
        self.out.size()
    }
}

impl crate::exports::Pieces for SurveyExport {
    fn next_piece(
        &mut self,
    ) -> impl std::future::Future<Output = Result<Option<Vec<u8>>, AppError>> + Send {
        self.next_chunk()
    }

    fn size(&self) -> Option<u64> {
        SurveyExport::size(self)
    }
}
