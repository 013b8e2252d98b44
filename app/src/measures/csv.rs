//! Measures and indicators as one CSV file, for the strategy team's spreadsheet: export, edit
//! in LibreOffice or Excel, import. Rows keep their ids, so an import updates the same
//! measures and indicators; rows without an id are new. An import is all or nothing: every
//! row is checked first, and one bad row rejects the file with a report of every bad row.
//!
//! Columns (the header row names them; their order may change):
//! `kind` ("measure" or "indicator"), `id`, `goal` (a measure's consultation id), `parent` (a
//! measure's parent measure, an indicator's measure), `title` (a measure's title, an
//! indicator's name), `description`, `responsible`, `starts_on`, `ends_on`, `status`, `unit`,
//! `baseline`, `target`, `due_on`.

use super::rules::{self, IndicatorDraft, MeasureDraft};
use crate::authz::{Permission, Target};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::exports::rules::csv_safe;
use crate::i18n::Msg;
use crate::server::db::measures::{self as data, IndicatorFields, MeasureRow, NewMeasure};
use crate::server::db::{self, NewIdea};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub const COLUMNS: [&str; 14] = [
    "kind",
    "id",
    "goal",
    "parent",
    "title",
    "description",
    "responsible",
    "starts_on",
    "ends_on",
    "status",
    "unit",
    "baseline",
    "target",
    "due_on",
];

/// The largest file an import reads.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;

/// One problem of an imported file: the line (1 is the header), the column, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RowError {
    pub line: usize,
    pub column: String,
    pub msg: Msg,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Imported {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Imported(Imported),
    /// Nothing was written.
    Rejected(Vec<RowError>),
}

async fn community(ctx: &Ctx, slug: &str) -> Result<i64, AppError> {
    let mut c = ctx.db.conn().await?;
    let row = db::consultations::community_by_slug(&mut c, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    ctx.authorize_admin(Permission::ManageMeasures, Target::community(row.id))?;
    Ok(row.id)
}

/// A number as written in the file: whole numbers without ".0".
fn number(v: f64) -> String {
    match v.fract() == 0.0 && v.abs() < 1e15 {
        true => format!("{}", v as i64),
        false => format!("{v}"),
    }
}

/// The community's measures and indicators as CSV (UTF-8 with a byte-order mark, which
/// spreadsheets need to read č, š and ž right).
pub async fn export(ctx: &Ctx, slug: &str) -> Result<Vec<u8>, AppError> {
    let community_id = community(ctx, slug).await?;
    let mut c = ctx.db.conn().await?;
    let measures = data::of_community(&mut c, community_id).await?;
    let indicators = data::indicators(&mut c, community_id, 0).await?;
    drop(c);
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let fail = |_| AppError::Internal;
    out.write_record(COLUMNS).map_err(fail)?;
    // Text cells that a spreadsheet would run as a formula keep a leading apostrophe;
    // reading the file back takes it off again (`undefused`).
    let text = |s: &str| csv_safe(s).into_owned();
    for m in &measures {
        out.write_record([
            "measure",
            &m.id.to_string(),
            &m.consultation_id.to_string(),
            &m.parent_id.map(|p| p.to_string()).unwrap_or_default(),
            &text(&m.title),
            &text(&m.body),
            &text(&m.responsible),
            m.starts_on.as_deref().unwrap_or(""),
            m.ends_on.as_deref().unwrap_or(""),
            &m.status,
            "",
            "",
            "",
            "",
        ])
        .map_err(fail)?;
        for i in indicators.iter().filter(|i| i.measure_id == m.id) {
            out.write_record([
                "indicator",
                &i.id.to_string(),
                "",
                &m.id.to_string(),
                &text(&i.name),
                "",
                "",
                "",
                "",
                "",
                &text(&i.unit),
                &number(i.baseline),
                &number(i.target),
                i.due_on.as_deref().unwrap_or(""),
            ])
            .map_err(fail)?;
        }
    }
    out.into_inner().map_err(|_| AppError::Internal)
}

/// A date as a spreadsheet may have rewritten it: "2024-01-31", or "31. 1. 2024" / "31.1.2024"
/// (Slovenian). Anything else stays as it is, for the rules to refuse.
fn civil(s: &str) -> String {
    let t = s.trim();
    let parts: Vec<&str> = t
        .split('.')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() == 3 && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())) {
        return format!("{}-{:0>2}-{:0>2}", parts[2], parts[1], parts[0]);
    }
    t.to_string()
}

/// A row of the file, by column name.
struct Row {
    line: usize,
    cells: HashMap<String, String>,
}

impl Row {
    fn get(&self, column: &str) -> String {
        self.cells.get(column).cloned().unwrap_or_default()
    }
}

/// Reads the file: the delimiter LibreOffice was told to use (comma or semicolon), the header
/// row, then the rows. `Err` for a file that is not such a CSV at all.
fn read(bytes: &[u8]) -> Result<Vec<Row>, Vec<RowError>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let whole = |msg| {
        vec![RowError {
            line: 1,
            column: String::new(),
            msg,
        }]
    };
    let text = std::str::from_utf8(bytes).map_err(|_| whole(Msg::ErrCsvNotUtf8))?;
    let first = text.lines().next().unwrap_or("");
    let delimiter = match first.matches(';').count() > first.matches(',').count() {
        true => b';',
        false => b',',
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|_| whole(Msg::ErrCsvUnreadable))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    if !["kind", "id", "title"]
        .iter()
        .all(|c| headers.iter().any(|h| h == c))
    {
        return Err(whole(Msg::ErrCsvColumns));
    }
    let mut rows = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let line = n + 2;
        let record = record.map_err(|_| {
            vec![RowError {
                line,
                column: String::new(),
                msg: Msg::ErrCsvUnreadable,
            }]
        })?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cells = headers
            .iter()
            .zip(record.iter())
            .map(|(h, v)| (h.clone(), undefused(v).to_string()))
            .collect();
        rows.push(Row { line, cells });
    }
    Ok(rows)
}

/// A cell as it was before the export defused it: "'=SUM(A1)" was "=SUM(A1)".
fn undefused(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if csv_safe(rest) != rest => rest,
        _ => cell,
    }
}

/// A checked row, ready to write.
enum Change {
    Measure {
        id: Option<i64>,
        goal: i64,
        valid: rules::ValidMeasure,
    },
    Indicator {
        id: Option<i64>,
        measure: i64,
        valid: rules::ValidIndicator,
    },
}

fn id_of(row: &Row, column: &str, errors: &mut Vec<RowError>) -> Option<i64> {
    let raw = row.get(column);
    match raw.trim() {
        "" => None,
        s => match s.parse::<i64>() {
            Ok(id) if id > 0 => Some(id),
            _ => {
                errors.push(RowError {
                    line: row.line,
                    column: column.into(),
                    msg: Msg::ErrCsvUnknownId,
                });
                None
            }
        },
    }
}

/// Checks every row against the rules and the community's measures, indicators and goals.
fn check(
    rows: &[Row],
    measures: &[MeasureRow],
    indicator_owner: &HashMap<i64, i64>,
    goals: &[i64],
) -> Result<Vec<Change>, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut changes = Vec::new();
    let field_errors =
        |line: usize, e: AppError, errors: &mut Vec<RowError>, rename: &dyn Fn(&str) -> String| {
            for f in e.form_errors() {
                errors.push(RowError {
                    line,
                    column: rename(&f.field),
                    msg: f.msg,
                });
            }
        };
    for row in rows {
        let before = errors.len();
        let id = id_of(row, "id", &mut errors);
        let parent = id_of(row, "parent", &mut errors);
        match row.get("kind").trim().to_lowercase().as_str() {
            "measure" => {
                if id.is_some_and(|id| !measures.iter().any(|m| m.id == id)) {
                    errors.push(RowError {
                        line: row.line,
                        column: "id".into(),
                        msg: Msg::ErrCsvUnknownId,
                    });
                }
                let goal = row
                    .get("goal")
                    .trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|g| goals.contains(g));
                if goal.is_none() {
                    errors.push(RowError {
                        line: row.line,
                        column: "goal".into(),
                        msg: Msg::ErrCsvUnknownId,
                    });
                }
                if parent.is_some_and(|p| !measures.iter().any(|m| m.id == p) || Some(p) == id) {
                    errors.push(RowError {
                        line: row.line,
                        column: "parent".into(),
                        msg: Msg::ErrChooseParent,
                    });
                }
                let existing = id.and_then(|id| measures.iter().find(|m| m.id == id));
                let draft = MeasureDraft {
                    title: row.get("title"),
                    body: row.get("description"),
                    responsible: row.get("responsible"),
                    starts_on: civil(&row.get("starts_on")),
                    ends_on: civil(&row.get("ends_on")),
                    status: row.get("status").trim().to_lowercase(),
                    parent: parent.map(|p| p.to_string()).unwrap_or_default(),
                    // A progress set by hand is not a column: an import keeps it.
                    progress: existing
                        .and_then(|m| m.progress_set)
                        .map(|p| p.to_string())
                        .unwrap_or_default(),
                };
                let rename = |f: &str| match f {
                    "body" => "description".to_string(),
                    f => f.to_string(),
                };
                match rules::validate_measure(&draft) {
                    Ok(valid) if errors.len() == before => changes.push(Change::Measure {
                        id,
                        goal: goal.unwrap_or(0),
                        valid,
                    }),
                    Ok(_) => {}
                    Err(e) => field_errors(row.line, e, &mut errors, &rename),
                }
            }
            "indicator" => {
                if id.is_some_and(|id| !indicator_owner.contains_key(&id)) {
                    errors.push(RowError {
                        line: row.line,
                        column: "id".into(),
                        msg: Msg::ErrCsvUnknownId,
                    });
                }
                let measure = parent.filter(|p| measures.iter().any(|m| m.id == *p));
                // An indicator stays with its measure: moving it would rewrite two histories.
                let moved = id
                    .and_then(|id| indicator_owner.get(&id))
                    .is_some_and(|m| Some(*m) != measure);
                if measure.is_none() || moved {
                    errors.push(RowError {
                        line: row.line,
                        column: "parent".into(),
                        msg: Msg::ErrCsvUnknownId,
                    });
                }
                let draft = IndicatorDraft {
                    name: row.get("title"),
                    unit: row.get("unit"),
                    baseline: row.get("baseline"),
                    target: row.get("target"),
                    due_on: civil(&row.get("due_on")),
                };
                let rename = |f: &str| match f {
                    "name" => "title".to_string(),
                    f => f.to_string(),
                };
                match rules::validate_indicator(&draft) {
                    Ok(valid) if errors.len() == before => changes.push(Change::Indicator {
                        id,
                        measure: measure.unwrap_or(0),
                        valid,
                    }),
                    Ok(_) => {}
                    Err(e) => field_errors(row.line, e, &mut errors, &rename),
                }
            }
            _ => errors.push(RowError {
                line: row.line,
                column: "kind".into(),
                msg: Msg::ErrCsvKind,
            }),
        }
    }
    if errors.is_empty() {
        errors.extend(check_tree(rows, measures, &changes));
    }
    match errors.is_empty() {
        true => Ok(changes),
        false => Err(errors),
    }
}

/// The tree as the file would leave it must have no cycle and at most `MAX_DEPTH` levels; if
/// not, each row that gives a measure a new parent is named.
fn check_tree(rows: &[Row], measures: &[MeasureRow], changes: &[Change]) -> Vec<RowError> {
    let mut parent_of: HashMap<i64, Option<i64>> =
        measures.iter().map(|m| (m.id, m.parent_id)).collect();
    let mut moved = Vec::new();
    for (row, change) in rows
        .iter()
        .filter(|r| r.get("kind").trim().eq_ignore_ascii_case("measure"))
        .zip(
            changes
                .iter()
                .filter(|c| matches!(c, Change::Measure { .. })),
        )
    {
        if let Change::Measure { id, valid, .. } = change {
            let before = id.and_then(|id| parent_of.get(&id).copied().flatten());
            if let Some(id) = id {
                parent_of.insert(*id, valid.parent_id);
            }
            if valid.parent_id.is_some() && valid.parent_id != before {
                moved.push((row.line, *id, valid.parent_id));
            }
        }
    }
    let depth_ok = |start: Option<i64>, extra: usize| {
        let (mut at, mut levels) = (start, extra);
        while let Some(p) = at {
            levels += 1;
            if levels > rules::MAX_DEPTH {
                return false;
            }
            at = parent_of.get(&p).copied().flatten();
        }
        true
    };
    // Every existing measure, and each new one below its parent.
    let all_ok = parent_of.keys().all(|id| depth_ok(Some(*id), 0))
        && moved
            .iter()
            .filter(|(_, id, _)| id.is_none())
            .all(|(_, _, p)| depth_ok(*p, 1));
    match all_ok {
        true => Vec::new(),
        false => moved
            .into_iter()
            .map(|(line, _, _)| RowError {
                line,
                column: "parent".into(),
                msg: Msg::ErrChooseParent,
            })
            .collect(),
    }
}

/// Imports the file into the community's measures and indicators, in one transaction: all of
/// it, or nothing and the list of what is wrong. A measure or indicator whose row changed
/// nothing keeps its version; any other change makes a new version of its measure.
pub async fn import(ctx: &Ctx, slug: &str, bytes: &[u8]) -> Result<Outcome, AppError> {
    let community_id = community(ctx, slug).await?;
    if bytes.len() > MAX_BYTES {
        return Err(AppError::invalid("file", Msg::ErrCsvTooLarge));
    }
    let me = ctx.actor.user_id;
    let author = me.ok_or(AppError::Unauthorized)?;
    let rows = match read(bytes) {
        Ok(rows) => rows,
        Err(e) => return Ok(Outcome::Rejected(e)),
    };
    let mut c = ctx.db.conn().await?;
    let measures = data::of_community(&mut c, community_id).await?;
    let indicators = data::indicators(&mut c, community_id, 0).await?;
    let goals: Vec<i64> = db::consultations::of_community(&mut c, community_id)
        .await?
        .iter()
        .map(|g| g.id)
        .collect();
    let owner: HashMap<i64, i64> = indicators.iter().map(|i| (i.id, i.measure_id)).collect();
    let changes = match check(&rows, &measures, &owner, &goals) {
        Ok(changes) => changes,
        Err(e) => return Ok(Outcome::Rejected(e)),
    };
    let mut done = Imported::default();
    let mut touched: Vec<i64> = Vec::new();
    let mut tx = db::begin(&mut c).await?;
    for change in changes {
        match change {
            Change::Measure { id, goal, valid } => {
                let fields = NewMeasure {
                    idea_id: id.unwrap_or(0),
                    parent_id: valid.parent_id,
                    responsible: &valid.responsible,
                    starts_on: valid.starts_on.as_deref(),
                    ends_on: valid.ends_on.as_deref(),
                    status: valid.status.as_str(),
                    progress_set: valid.progress_set,
                };
                let excerpt = crate::ideas::rules::excerpt(
                    &crate::server::markdown::plain_text(&valid.body),
                    180,
                );
                match id.and_then(|id| measures.iter().find(|m| m.id == id)) {
                    Some(m) if same_measure(m, &valid) => done.unchanged += 1,
                    Some(m) => {
                        let fields = NewMeasure {
                            idea_id: m.id,
                            ..fields
                        };
                        let version =
                            data::update(&mut tx, fields, &valid.title, &valid.body, &excerpt)
                                .await?;
                        data::save_version(&mut tx, m.id, version, me).await?;
                        done.updated += 1;
                    }
                    None => {
                        let id = db::ideas::create(
                            &mut tx,
                            NewIdea {
                                consultation_id: goal,
                                author_id: author,
                                category_id: None,
                                title: &valid.title,
                                body: &valid.body,
                                excerpt: &excerpt,
                                awaiting_approval: false,
                            },
                        )
                        .await?;
                        data::create(
                            &mut tx,
                            NewMeasure {
                                idea_id: id,
                                ..fields
                            },
                        )
                        .await?;
                        data::save_version(&mut tx, id, 1, me).await?;
                        done.created += 1;
                    }
                }
            }
            Change::Indicator { id, measure, valid } => {
                let f = IndicatorFields {
                    name: &valid.name,
                    unit: &valid.unit,
                    baseline: valid.baseline,
                    target: valid.target,
                    due_on: valid.due_on.as_deref(),
                };
                match id.and_then(|id| indicators.iter().find(|i| i.id == id)) {
                    Some(i)
                        if i.name == valid.name
                            && i.unit == valid.unit
                            && i.baseline == valid.baseline
                            && i.target == valid.target
                            && i.due_on == valid.due_on =>
                    {
                        done.unchanged += 1
                    }
                    Some(i) => {
                        data::update_indicator(&mut tx, i.id, f).await?;
                        touched.push(measure);
                        done.updated += 1;
                    }
                    None => {
                        data::add_indicator(&mut tx, measure, f).await?;
                        touched.push(measure);
                        done.created += 1;
                    }
                }
            }
        }
    }
    // One new version per measure whose indicators changed.
    touched.sort_unstable();
    touched.dedup();
    for m in touched {
        let version = data::bump(&mut tx, m).await?;
        data::save_version(&mut tx, m, version, me).await?;
    }
    tx.commit().await?;
    Ok(Outcome::Imported(done))
}

fn same_measure(m: &MeasureRow, v: &rules::ValidMeasure) -> bool {
    m.title == v.title
        && m.body == v.body
        && m.responsible == v.responsible
        && m.starts_on == v.starts_on
        && m.ends_on == v.ends_on
        && m.status == v.status.as_str()
        && m.parent_id == v.parent_id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_spreadsheets_rewrite_them_are_read_back() {
        assert_eq!(civil("2024-01-31"), "2024-01-31");
        assert_eq!(civil("31. 1. 2024"), "2024-01-31");
        assert_eq!(civil("31.01.2024"), "2024-01-31");
        assert_eq!(
            civil("01/31/24"),
            "01/31/24",
            "left for the rules to refuse"
        );
    }

    #[test]
    fn semicolons_a_byte_order_mark_and_any_column_order_are_read() {
        let file = "\u{feff}title;kind;id\n\"Načrt; nov\";measure;3\n;;\n";
        let rows = read(file.as_bytes()).ok().unwrap();
        assert_eq!(rows.len(), 1, "the empty row is skipped");
        assert_eq!(rows[0].get("title"), "Načrt; nov");
        assert_eq!(rows[0].get("kind"), "measure");
        assert_eq!(rows[0].line, 2);
        assert!(read(b"name,value\n1,2\n").is_err());
        assert!(read(b"\xff\xfe").is_err());
    }

    #[test]
    fn defused_formulas_are_read_back_as_written() {
        let file = "kind,id,title,unit\nmeasure,1,'=HYPERLINK(\"x\"),'-5\nmeasure,2,'Tisto',kos\n";
        let rows = read(file.as_bytes()).ok().unwrap();
        assert_eq!(rows[0].get("title"), "=HYPERLINK(\"x\")");
        assert_eq!(rows[0].get("unit"), "-5");
        assert_eq!(
            rows[1].get("title"),
            "'Tisto'",
            "an apostrophe of the text's own stays"
        );
    }
}
