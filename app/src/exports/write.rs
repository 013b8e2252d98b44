//! The rows of an export as cells, and the three file formats they are written in.

use super::rules::{csv_safe, Table};
use crate::i18n::{t, Lang, Localized, Msg};
use crate::server::db::exports::{
    ArgumentExportRow, CommentExportRow, IdeaExportRow, IndicatorExportRow, MeasureExportRow,
    ReadingExportRow,
};
use rust_xlsxwriter::{Format as CellFormat, Workbook, Worksheet};

/// One value of a row: text, or a whole number (kept a number in XLSX and JSON).
pub enum Cell {
    Text(String),
    Int(i64),
    /// A measured value (an indicator's), kept a number in XLSX and JSON.
    Num(f64),
    /// Nothing to show (a group's share withheld because too few of it voted): an empty CSV
    /// field, an empty cell, JSON null.
    Empty,
}

pub fn headers(table: Table) -> &'static [&'static str] {
    match table {
        Table::Ideas => &[
            "id",
            "consultation_id",
            "title",
            "text",
            "category",
            "status",
            "status_message",
            "author",
            "created",
            "votes_for",
            "votes_against",
            "arguments_for",
            "arguments_against",
            "comments",
            "url",
            "hidden",
            // Added last, so that the columns scripts already read keep their places.
            "area",
            "pictures",
        ],
        Table::Arguments => &[
            "id",
            "idea_id",
            "idea_title",
            "side",
            "text",
            "author",
            "created",
            "helpful",
            "not_helpful",
            "hidden",
        ],
        Table::Comments => &[
            "id",
            "idea_id",
            "idea_title",
            "text",
            "author",
            "created",
            "hidden",
            // Added last, so that the columns scripts already read keep their places.
            "reply_to",
        ],
        Table::Measures => &[
            "id",
            "consultation_id",
            "parent_id",
            "title",
            "text",
            "responsible",
            "starts_on",
            "ends_on",
            "status",
            "progress_percent",
            "votes_for",
            "votes_against",
            "source_ideas",
            "url",
            "hidden",
        ],
        Table::Indicators => &[
            "id",
            "measure_id",
            "name",
            "unit",
            "baseline",
            "target",
            "due_on",
            "latest",
            "progress_percent",
        ],
        Table::Readings => &[
            "id",
            "indicator_id",
            "measure_id",
            "taken_on",
            "value",
            "note",
            "source",
            "version",
        ],
        Table::Participants => &["consultation_id", "question", "answer", "participants"],
        Table::OpinionGroups => &[
            "consultation_id",
            "idea_id",
            "group",
            "group_size",
            "agree",
            "disagree",
            "votes",
            "consensus",
        ],
    }
}

/// The sheet's or JSON key's name of a table.
/// A column's heading as a person reads it in a workbook (the CSV and JSON keep the stable
/// names above, which scripts rely on).
pub fn column_label(key: &str) -> Option<Msg> {
    Some(match key {
        "agree" => Msg::ExportColAgree,
        "answer" => Msg::ExportColAnswer,
        "arguments" => Msg::ExportColArguments,
        "arguments_against" => Msg::ExportColArgumentsAgainst,
        "arguments_for" => Msg::ExportColArgumentsFor,
        "author" => Msg::ExportColAuthor,
        "baseline" => Msg::ExportColBaseline,
        "category" => Msg::ExportColCategory,
        "comments" => Msg::ExportColComments,
        "consensus" => Msg::ExportColConsensus,
        "consultation_id" => Msg::ExportColConsultationId,
        "created" => Msg::ExportColCreated,
        "disagree" => Msg::ExportColDisagree,
        "due_on" => Msg::ExportColDueOn,
        "ends_on" => Msg::ExportColEndsOn,
        "group" => Msg::ExportColGroup,
        "group_size" => Msg::ExportColGroupSize,
        "helpful" => Msg::ExportColHelpful,
        "hidden" => Msg::ExportColHidden,
        "id" => Msg::ExportColId,
        "idea_id" => Msg::ExportColIdeaId,
        "idea_title" => Msg::ExportColIdeaTitle,
        "ideas" => Msg::ExportColIdeas,
        "indicator_id" => Msg::ExportColIndicatorId,
        "indicators" => Msg::ExportColIndicators,
        "latest" => Msg::ExportColLatest,
        "measure_id" => Msg::ExportColMeasureId,
        "measures" => Msg::ExportColMeasures,
        "name" => Msg::ExportColName,
        "not_helpful" => Msg::ExportColNotHelpful,
        "note" => Msg::ExportColNote,
        "parent_id" => Msg::ExportColParentId,
        "reply_to" => Msg::ExportColReplyTo,
        "participants" => Msg::ExportColParticipants,
        "pictures" => Msg::ExportColPictures,
        "area" => Msg::ExportColArea,
        "progress_percent" => Msg::ExportColProgressPercent,
        "question" => Msg::ExportColQuestion,
        "readings" => Msg::ExportColReadings,
        "responsible" => Msg::ExportColResponsible,
        "side" => Msg::ExportColSide,
        "source" => Msg::ExportColSource,
        "source_ideas" => Msg::ExportColSourceIdeas,
        "starts_on" => Msg::ExportColStartsOn,
        "status" => Msg::ExportColStatus,
        "status_message" => Msg::ExportColStatusMessage,
        "taken_on" => Msg::ExportColTakenOn,
        "target" => Msg::ExportColTarget,
        "text" => Msg::ExportColText,
        "title" => Msg::ExportColTitle,
        "unit" => Msg::ExportColUnit,
        "url" => Msg::ExportColUrl,
        "value" => Msg::ExportColValue,
        "version" => Msg::ExportColVersion,
        "votes" => Msg::ExportColVotes,
        "votes_against" => Msg::ExportColVotesAgainst,
        "votes_for" => Msg::ExportColVotesFor,
        _ => return None,
    })
}

pub fn table_name(table: Table) -> &'static str {
    match table {
        Table::Ideas => "ideas",
        Table::Arguments => "arguments",
        Table::Comments => "comments",
        Table::Measures => "measures",
        Table::Indicators => "indicators",
        Table::Readings => "readings",
        Table::Participants => "participants",
        Table::OpinionGroups => "opinion_groups",
    }
}

/// One group's votes on one idea: withheld (empty) where fewer than `MIN_SEEN` of it voted.
pub fn group_cells(
    consultation_id: i64,
    idea_id: i64,
    group: String,
    size: usize,
    tally: crate::opinions::tally::Tally,
    consensus: f64,
) -> Vec<Cell> {
    let shown = tally.seen >= crate::opinions::service::MIN_SEEN;
    let n = |v: u32| match shown {
        true => Cell::Int(v as i64),
        false => Cell::Empty,
    };
    vec![
        Cell::Int(consultation_id),
        Cell::Int(idea_id),
        Cell::Text(group),
        Cell::Int(size as i64),
        n(tally.agree),
        n(tally.disagree),
        n(tally.seen),
        Cell::Num(consensus),
    ]
}

pub fn participant_cells(
    consultation_id: i64,
    question: &str,
    answer: &str,
    people: i64,
) -> Vec<Cell> {
    vec![
        Cell::Int(consultation_id),
        Cell::Text(question.to_string()),
        Cell::Text(answer.to_string()),
        Cell::Int(people),
    ]
}

/// A stored time as the site's local time, "2026-11-24 18:05" (what a report quotes).
fn when(ms: i64) -> Cell {
    Cell::Text(crate::time::to_input(ms).replace('T', " "))
}

/// `pictures`: the ids of its visible pictures, in order (written as their addresses).
pub fn idea_cells(r: IdeaExportRow, lang: Lang, base_url: &str, pictures: &[i64]) -> Vec<Cell> {
    let base = base_url.trim_end_matches('/');
    use Cell::{Int, Text};
    vec![
        Int(r.id),
        Int(r.consultation_id),
        Text(r.title),
        Text(r.body),
        Text(
            r.category
                .map(|c| Localized::pick(&c, lang))
                .unwrap_or_default(),
        ),
        Text(r.status),
        Text(r.status_note.unwrap_or_default()),
        Text(r.author),
        when(r.created_at),
        Int(r.votes_for),
        Int(r.votes_against),
        Int(r.arguments_for),
        Int(r.arguments_against),
        Int(r.comments),
        Text(format!("{base}/ideas/{}", r.id)),
        Int(r.hidden),
        opt_text(r.area),
        Text(
            pictures
                .iter()
                .map(|p| format!("{base}{}", crate::pictures::url(*p)))
                .collect::<Vec<_>>()
                .join(" "),
        ),
    ]
}

pub fn argument_cells(r: ArgumentExportRow) -> Vec<Cell> {
    use Cell::{Int, Text};
    vec![
        Int(r.id),
        Int(r.idea_id),
        Text(r.idea_title),
        Text(r.side),
        Text(r.body),
        Text(r.author),
        when(r.created_at),
        Int(r.helpful),
        Int(r.not_helpful),
        Int(r.hidden),
    ]
}

pub fn comment_cells(r: CommentExportRow) -> Vec<Cell> {
    use Cell::{Int, Text};
    vec![
        Int(r.id),
        Int(r.idea_id),
        Text(r.idea_title),
        Text(r.body),
        Text(r.author),
        when(r.created_at),
        Int(r.hidden),
        opt_text(r.parent_id.map(|p| p.to_string())),
    ]
}

/// An empty cell where there is no value (an unknown progress, a missing date).
fn opt_text(s: Option<String>) -> Cell {
    Cell::Text(s.unwrap_or_default())
}

pub fn measure_cells(
    r: MeasureExportRow,
    progress: Option<i64>,
    sources: String,
    base_url: &str,
) -> Vec<Cell> {
    use Cell::{Int, Text};
    vec![
        Int(r.id),
        Int(r.consultation_id),
        opt_text(r.parent_id.map(|p| p.to_string())),
        Text(r.title),
        Text(r.body),
        Text(r.responsible),
        opt_text(r.starts_on),
        opt_text(r.ends_on),
        Text(r.status),
        progress.map(Int).unwrap_or(Text(String::new())),
        Int(r.votes_for),
        Int(r.votes_against),
        Text(sources),
        Text(format!("{}/ideas/{}", base_url.trim_end_matches('/'), r.id)),
        Int(r.hidden),
    ]
}

/// `figures`: the indicator's latest value and progress in percent.
pub fn indicator_cells(r: IndicatorExportRow, figures: (Option<f64>, Option<i64>)) -> Vec<Cell> {
    use Cell::{Int, Num, Text};
    vec![
        Int(r.id),
        Int(r.measure_id),
        Text(r.name),
        Text(r.unit),
        Num(r.baseline),
        Num(r.target),
        opt_text(r.due_on),
        figures.0.map(Num).unwrap_or(Text(String::new())),
        figures.1.map(Int).unwrap_or(Text(String::new())),
    ]
}

pub fn reading_cells(r: ReadingExportRow) -> Vec<Cell> {
    use Cell::{Int, Num, Text};
    vec![
        Int(r.id),
        Int(r.indicator_id),
        Int(r.measure_id),
        Text(r.taken_on),
        Num(r.value),
        Text(r.note),
        Text(r.source),
        Int(r.version),
    ]
}

/// Ends a file off the async threads (zipping a large workbook takes seconds of CPU): the
/// writer back, and the file's last bytes.
pub async fn finish_apart(
    out: &mut Box<dyn Out + Send + Sync>,
) -> Result<Result<Vec<u8>, String>, crate::error::AppError> {
    let mut taken = std::mem::replace(out, Box::new(Csv::default()));
    let (taken, bytes) = tokio::task::spawn_blocking(move || {
        let bytes = taken.finish();
        (taken, bytes)
    })
    .await
    .map_err(|_| crate::error::AppError::Internal)?;
    *out = taken;
    Ok(bytes)
}

/// Where the rows go: tables one after the other, then the end of the file. `take` hands
/// over what is written so far (CSV and JSON as they go; a workbook, which is a zip with its
/// directory at the end, only after `finish`, a piece at a time until it is empty).
pub trait Out {
    /// Starts one of Posvet's own tables.
    fn table(&mut self, table: Table) -> Result<(), String> {
        let keys: Vec<String> = headers(table).iter().map(|h| h.to_string()).collect();
        self.sheet(table_name(table), &keys, Some(table))
    }
    /// Starts a table whose columns are `keys` (a survey's questions): `table` is Posvet's
    /// own table it is, if any, whose headings a workbook translates.
    fn sheet(&mut self, name: &str, keys: &[String], table: Option<Table>) -> Result<(), String>;
    fn row(&mut self, cells: Vec<Cell>) -> Result<(), String>;
    fn take(&mut self) -> Vec<u8>;
    fn finish(&mut self) -> Result<Vec<u8>, String>;
    /// The whole file's size, once it is known before it is sent (a finished workbook).
    fn size(&self) -> Option<u64> {
        None
    }
}

/// One table as CSV: UTF-8 with a byte-order mark, so spreadsheets do not guess another
/// encoding and garble č, š, ž.
pub struct Csv {
    rows: csv::Writer<Vec<u8>>,
}

impl Default for Csv {
    fn default() -> Self {
        Csv {
            rows: csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec()),
        }
    }
}

impl Out for Csv {
    fn sheet(&mut self, _: &str, keys: &[String], _: Option<Table>) -> Result<(), String> {
        let safe: Vec<_> = keys.iter().map(|k| csv_safe(k).into_owned()).collect();
        self.rows.write_record(&safe).map_err(|e| e.to_string())
    }

    fn row(&mut self, cells: Vec<Cell>) -> Result<(), String> {
        let texts: Vec<String> = cells
            .into_iter()
            .map(|c| match c {
                Cell::Text(t) => csv_safe(&t).into_owned(),
                Cell::Int(n) => n.to_string(),
                Cell::Num(v) => v.to_string(),
                Cell::Empty => String::new(),
            })
            .collect();
        self.rows.write_record(&texts).map_err(|e| e.to_string())
    }

    fn take(&mut self) -> Vec<u8> {
        let full = std::mem::replace(&mut self.rows, csv::Writer::from_writer(Vec::new()));
        full.into_inner().unwrap_or_default()
    }

    fn finish(&mut self) -> Result<Vec<u8>, String> {
        Ok(self.take())
    }
}

/// All tables as sheets of one workbook. Text is always written as text, so nothing a
/// resident wrote can become a formula. Sheets keep their rows in temporary files
/// (rust_xlsxwriter's constant-memory mode), and the finished workbook is written to another
/// and read back a piece at a time: memory stays flat however many rows there are.
pub struct Xlsx {
    /// The language of the column headings.
    lang: Lang,
    book: Workbook,
    sheet: Option<usize>,
    next_row: u32,
    /// The finished file, being read out by `take`.
    done: Option<std::fs::File>,
}

impl Xlsx {
    pub fn new(lang: Lang) -> Self {
        Xlsx {
            lang,
            book: Workbook::new(),
            sheet: None,
            next_row: 0,
            done: None,
        }
    }
}

/// How much of a finished workbook `take` hands over at a time.
const PIECE: usize = 256 * 1024;

impl Xlsx {
    fn sheet(&mut self) -> Result<&mut Worksheet, String> {
        let i = self.sheet.ok_or("no sheet")?;
        self.book.worksheet_from_index(i).map_err(|e| e.to_string())
    }
}

impl Out for Xlsx {
    fn sheet(&mut self, name: &str, keys: &[String], table: Option<Table>) -> Result<(), String> {
        self.book
            .add_worksheet_with_constant_memory()
            .map_err(|e| e.to_string())?
            .set_name(name)
            .map_err(|e| e.to_string())?;
        self.sheet = Some(self.book.worksheets().len() - 1);
        let bold = CellFormat::new().set_bold();
        let lang = self.lang;
        let sheet = self.sheet()?;
        for (col, h) in keys.iter().enumerate() {
            let label = match table {
                Some(_) => column_label(h).map_or(h.as_str(), |m| t(lang, m)),
                None => h.as_str(),
            };
            sheet
                .write_string_with_format(0, col as u16, label, &bold)
                .map_err(|e| e.to_string())?;
        }
        sheet.set_freeze_panes(1, 0).map_err(|e| e.to_string())?;
        self.next_row = 1;
        Ok(())
    }

    fn row(&mut self, cells: Vec<Cell>) -> Result<(), String> {
        let row = self.next_row;
        let sheet = self.sheet()?;
        for (col, cell) in cells.into_iter().enumerate() {
            let col = col as u16;
            match cell {
                Cell::Text(t) => sheet.write_string(row, col, t),
                Cell::Int(n) => sheet.write_number(row, col, n as f64),
                Cell::Num(v) => sheet.write_number(row, col, v),
                Cell::Empty => continue,
            }
            .map_err(|e| e.to_string())?;
        }
        self.next_row += 1;
        Ok(())
    }

    fn take(&mut self) -> Vec<u8> {
        use std::io::Read;
        let Some(file) = self.done.as_mut() else {
            return Vec::new();
        };
        let mut piece = Vec::with_capacity(PIECE);
        match file.take(PIECE as u64).read_to_end(&mut piece) {
            Ok(_) => piece,
            Err(e) => {
                tracing::error!(error = %e, "reading a finished workbook failed");
                Vec::new()
            }
        }
    }

    fn size(&self) -> Option<u64> {
        self.done.as_ref()?.metadata().ok().map(|m| m.len())
    }

    /// Zips the workbook into a temporary file (already unlinked, so nothing is left behind
    /// however the download ends); `take` then reads it out.
    fn finish(&mut self) -> Result<Vec<u8>, String> {
        use std::io::Seek;
        let mut file = tempfile::tempfile().map_err(|e| e.to_string())?;
        self.book
            .save_to_writer(&mut file)
            .map_err(|e| e.to_string())?;
        file.rewind().map_err(|e| e.to_string())?;
        self.done = Some(file);
        Ok(self.take())
    }
}

/// All tables as arrays of objects: `{"ideas": [...], "arguments": [...], …}`.
pub struct Json {
    out: Vec<u8>,
    keys: Vec<String>,
    /// A table was started (so the next closes it first).
    started: bool,
    first_row: bool,
}

impl Default for Json {
    fn default() -> Self {
        Json {
            out: b"{".to_vec(),
            keys: Vec::new(),
            started: false,
            first_row: true,
        }
    }
}

impl Out for Json {
    fn sheet(&mut self, name: &str, keys: &[String], _: Option<Table>) -> Result<(), String> {
        if self.started {
            self.out.extend(b"],");
        }
        self.started = true;
        self.keys = keys.to_vec();
        let key = serde_json::to_string(name).map_err(|e| e.to_string())?;
        self.out.extend(format!("{key}:[").as_bytes());
        self.first_row = true;
        Ok(())
    }

    fn row(&mut self, cells: Vec<Cell>) -> Result<(), String> {
        let mut object = serde_json::Map::new();
        for (key, cell) in self.keys.iter().zip(cells) {
            let value = match cell {
                Cell::Text(t) => serde_json::Value::String(t),
                Cell::Int(n) => serde_json::Value::from(n),
                Cell::Num(v) => serde_json::Value::from(v),
                Cell::Empty => serde_json::Value::Null,
            };
            object.insert(key.clone(), value);
        }
        if !self.first_row {
            self.out.push(b',');
        }
        self.first_row = false;
        serde_json::to_writer(&mut self.out, &object).map_err(|e| e.to_string())
    }

    fn take(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.out)
    }

    fn finish(&mut self) -> Result<Vec<u8>, String> {
        self.out.extend(match self.started {
            true => b"]}".as_slice(),
            false => b"}".as_slice(),
        });
        Ok(self.take())
    }
}
