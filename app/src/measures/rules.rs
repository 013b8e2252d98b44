//! The rules of measures and indicators: what a valid measure, indicator and reading are, how
//! progress follows from readings, and what changed between two versions of a measure.

use crate::error::{AppError, Errors};
use crate::i18n::{Lang, Msg};
use serde::{Deserialize, Serialize};

pub const MAX_TITLE_CHARS: usize = 60;
pub const MAX_BODY_CHARS: usize = 10_000;
pub const MAX_RESPONSIBLE_CHARS: usize = 200;
pub const MAX_INDICATOR_NAME_CHARS: usize = 200;
pub const MAX_UNIT_CHARS: usize = 40;
pub const MAX_NOTE_CHARS: usize = 500;
pub const MAX_SOURCE_CHARS: usize = 300;
pub const MAX_UPDATE_CHARS: usize = 10_000;
/// How deep measures nest (a goal's measure, its sub-measures, theirs).
pub const MAX_DEPTH: usize = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MeasureStatus {
    Proposed,
    Planned,
    InProgress,
    Done,
    Dropped,
}

impl MeasureStatus {
    pub const ALL: [MeasureStatus; 5] = [
        MeasureStatus::Proposed,
        MeasureStatus::Planned,
        MeasureStatus::InProgress,
        MeasureStatus::Done,
        MeasureStatus::Dropped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MeasureStatus::Proposed => "proposed",
            MeasureStatus::Planned => "planned",
            MeasureStatus::InProgress => "in_progress",
            MeasureStatus::Done => "done",
            MeasureStatus::Dropped => "dropped",
        }
    }

    pub fn parse(s: &str) -> Option<MeasureStatus> {
        MeasureStatus::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// A stored status; anything unknown reads as proposed.
    pub fn from_stored(s: &str) -> MeasureStatus {
        MeasureStatus::parse(s).unwrap_or(MeasureStatus::Proposed)
    }

    pub fn label(self) -> Msg {
        match self {
            MeasureStatus::Proposed => Msg::MeasureProposed,
            MeasureStatus::Planned => Msg::MeasurePlanned,
            MeasureStatus::InProgress => Msg::MeasureInProgress,
            MeasureStatus::Done => Msg::MeasureDone,
            MeasureStatus::Dropped => Msg::MeasureDropped,
        }
    }
}

/// A measure as its form sends it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MeasureDraft {
    pub title: String,
    pub body: String,
    pub responsible: String,
    pub starts_on: String,
    pub ends_on: String,
    pub status: String,
    /// The parent measure's id, "" for none.
    pub parent: String,
    /// Progress in percent set by hand, "" to derive it.
    pub progress: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValidMeasure {
    pub title: String,
    pub body: String,
    pub responsible: String,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub status: MeasureStatus,
    pub parent_id: Option<i64>,
    pub progress_set: Option<i64>,
}

/// A calendar date as "YYYY-MM-DD" (what `<input type="date">` sends); `None` if it is not one.
pub fn parse_date(s: &str) -> Option<String> {
    let s = s.trim();
    let d: jiff::civil::Date = s.parse().ok()?;
    (s.len() == 10).then(|| d.to_string())
}

/// An optional date field: empty is `Ok(None)`.
fn optional_date(errors: &mut Errors, field: &str, s: &str) -> Option<String> {
    if s.trim().is_empty() {
        return None;
    }
    let date = parse_date(s);
    errors.check(date.is_some(), field, Msg::ErrDate);
    date
}

/// A number as people type it: "12", "12.5", "12,5", "1 234,5", "−3".
pub fn parse_number(s: &str) -> Option<f64> {
    let cleaned: String = s
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .map(|c| match c {
            ',' => '.',
            '−' => '-',
            c => c,
        })
        .collect();
    if cleaned.is_empty() || cleaned.chars().filter(|c| *c == '.').count() > 1 {
        return None;
    }
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

pub fn validate_measure(d: &MeasureDraft) -> Result<ValidMeasure, AppError> {
    let mut e = Errors::default();
    let title = d.title.trim();
    let body = d.body.trim();
    let responsible = d.responsible.trim();
    e.text("title", title, MAX_TITLE_CHARS, Msg::ErrTitleTooLong);
    e.text("body", body, MAX_BODY_CHARS, Msg::ErrDescriptionTooLong);
    e.text(
        "responsible",
        responsible,
        MAX_RESPONSIBLE_CHARS,
        Msg::ErrTooLong,
    );
    let starts_on = optional_date(&mut e, "starts_on", &d.starts_on);
    let ends_on = optional_date(&mut e, "ends_on", &d.ends_on);
    if let (Some(a), Some(b)) = (&starts_on, &ends_on) {
        e.check(a <= b, "ends_on", Msg::ErrEndsBeforeStart);
    }
    let status = MeasureStatus::parse(d.status.trim());
    e.check(status.is_some(), "status", Msg::ErrChooseStatus);
    let parent_id = match d.parent.trim() {
        "" | "0" => None,
        p => {
            let id = p.parse::<i64>().ok().filter(|id| *id > 0);
            e.check(id.is_some(), "parent", Msg::ErrChooseParent);
            id
        }
    };
    let progress_set = match d.progress.trim().trim_end_matches('%').trim() {
        "" => None,
        p => {
            let v = parse_number(p)
                .filter(|v| (0.0..=100.0).contains(v))
                .map(|v| v.round() as i64);
            e.check(v.is_some(), "progress", Msg::ErrPercent);
            v
        }
    };
    e.into_result(ValidMeasure {
        title: title.to_string(),
        body: body.to_string(),
        responsible: responsible.to_string(),
        starts_on,
        ends_on,
        status: status.unwrap_or(MeasureStatus::Proposed),
        parent_id,
        progress_set,
    })
}

/// An indicator as its form sends it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IndicatorDraft {
    pub name: String,
    pub unit: String,
    pub baseline: String,
    pub target: String,
    pub due_on: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValidIndicator {
    pub name: String,
    pub unit: String,
    pub baseline: f64,
    pub target: f64,
    pub due_on: Option<String>,
}

pub fn validate_indicator(d: &IndicatorDraft) -> Result<ValidIndicator, AppError> {
    let mut e = Errors::default();
    let name = d.name.trim();
    let unit = d.unit.trim();
    e.text("name", name, MAX_INDICATOR_NAME_CHARS, Msg::ErrTooLong);
    e.check(
        unit.chars().count() <= MAX_UNIT_CHARS,
        "unit",
        Msg::ErrTooLong,
    );
    let baseline = parse_number(&d.baseline);
    e.check(baseline.is_some(), "baseline", Msg::ErrNumber);
    let target = parse_number(&d.target);
    e.check(target.is_some(), "target", Msg::ErrNumber);
    let due_on = optional_date(&mut e, "due_on", &d.due_on);
    e.into_result(ValidIndicator {
        name: name.to_string(),
        unit: unit.to_string(),
        baseline: baseline.unwrap_or(0.0),
        target: target.unwrap_or(0.0),
        due_on,
    })
}

/// A reading as its form sends it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReadingDraft {
    pub taken_on: String,
    pub value: String,
    pub note: String,
    pub source: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValidReading {
    pub taken_on: String,
    pub value: f64,
    pub note: String,
    pub source: String,
}

/// `today` ("YYYY-MM-DD"): a reading cannot be taken in the future.
pub fn validate_reading(d: &ReadingDraft, today: &str) -> Result<ValidReading, AppError> {
    let mut e = Errors::default();
    let taken_on = parse_date(&d.taken_on);
    match &taken_on {
        None => e.add("taken_on", Msg::ErrDate),
        Some(t) => e.check(t.as_str() <= today, "taken_on", Msg::ErrDateInFuture),
    }
    let value = parse_number(&d.value);
    e.check(value.is_some(), "value", Msg::ErrNumber);
    let note = d.note.trim();
    let source = d.source.trim();
    e.check(
        note.chars().count() <= MAX_NOTE_CHARS,
        "note",
        Msg::ErrTooLong,
    );
    e.check(
        source.chars().count() <= MAX_SOURCE_CHARS,
        "source",
        Msg::ErrTooLong,
    );
    e.into_result(ValidReading {
        taken_on: taken_on.unwrap_or_default(),
        value: value.unwrap_or(0.0),
        note: note.to_string(),
        source: source.to_string(),
    })
}

pub fn validate_update(body: &str) -> Result<String, AppError> {
    let mut e = Errors::default();
    let body = body.trim();
    e.text("body", body, MAX_UPDATE_CHARS, Msg::ErrDescriptionTooLong);
    e.into_result(body.to_string())
}

/// How far an indicator has come from its baseline toward its target, 0–1, by its latest
/// reading; `None` without readings. A target below the baseline (fewer incidents) works the
/// same way. A target equal to the baseline is met (1) or not (0).
pub fn indicator_progress(baseline: f64, target: f64, latest: Option<f64>) -> Option<f64> {
    let v = latest?;
    let span = target - baseline;
    if span.abs() < f64::EPSILON {
        return Some(if (v - target).abs() < 1e-9 { 1.0 } else { 0.0 });
    }
    Some(((v - baseline) / span).clamp(0.0, 1.0))
}

/// One measure as progress is derived over the tree.
#[derive(Clone, Debug, PartialEq)]
pub struct ProgressNode {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub status: MeasureStatus,
    /// Set by hand (0–100), for a measure with sub-measures.
    pub progress_set: Option<i64>,
    /// Each indicator's progress; `None` for one without readings yet.
    pub indicators: Vec<Option<f64>>,
}

/// Every measure's progress (0–1), or `None` where nothing can be said yet.
///
/// A measure's progress is the mean of its parts, each weighing the same: its indicators (one
/// without a reading counts as 0 — nothing shown yet) and its sub-measures whose progress is
/// known (dropped ones are left out). A progress set by hand on a measure with sub-measures
/// wins. A measure with no parts has no progress.
pub fn progress_of_all(nodes: &[ProgressNode]) -> std::collections::HashMap<i64, Option<f64>> {
    use std::collections::HashMap;
    let mut children: HashMap<i64, Vec<&ProgressNode>> = HashMap::new();
    for n in nodes {
        if let Some(p) = n.parent_id {
            children.entry(p).or_default().push(n);
        }
    }
    fn walk(
        n: &ProgressNode,
        children: &HashMap<i64, Vec<&ProgressNode>>,
        out: &mut HashMap<i64, Option<f64>>,
        depth: usize,
    ) -> Option<f64> {
        if let Some(p) = out.get(&n.id) {
            return *p;
        }
        let kids = children.get(&n.id).map(Vec::as_slice).unwrap_or(&[]);
        // The depth guard only matters for data written around the service (cycles).
        let kid_progress: Vec<f64> = match depth < 16 {
            true => kids
                .iter()
                .filter(|k| k.status != MeasureStatus::Dropped)
                .filter_map(|k| walk(k, children, out, depth + 1))
                .collect(),
            false => Vec::new(),
        };
        let progress = match (n.progress_set, kids.is_empty()) {
            (Some(set), false) => Some(set as f64 / 100.0),
            _ => {
                let parts: Vec<f64> = n
                    .indicators
                    .iter()
                    .map(|p| p.unwrap_or(0.0))
                    .chain(kid_progress)
                    .collect();
                (!parts.is_empty()).then(|| parts.iter().sum::<f64>() / parts.len() as f64)
            }
        };
        out.insert(n.id, progress);
        progress
    }
    let mut out = HashMap::new();
    for n in nodes {
        walk(n, &children, &mut out, 0);
    }
    out
}

/// Progress as a whole percentage (what pages show and `<progress>` takes).
pub fn percent(p: f64) -> i64 {
    (p * 100.0).round() as i64
}

/// A value as each language writes it: up to two decimals, "1.234,5" / "1,234.5".
pub fn format_value(lang: Lang, v: f64) -> String {
    let rounded = (v * 100.0).round() / 100.0;
    let int = rounded.trunc() as i64;
    let cents = ((rounded - rounded.trunc()).abs() * 100.0).round() as i64;
    let mut s = crate::results::rules::format_number(lang, int);
    if int == 0 && rounded < 0.0 {
        s = format!("−{s}");
    }
    if cents > 0 {
        let dec = match lang {
            Lang::Sl => ',',
            Lang::En => '.',
        };
        let frac = format!("{cents:02}");
        s = format!("{s}{dec}{}", frac.trim_end_matches('0'));
    }
    s
}

/// A date "YYYY-MM-DD" as each language writes it: "5. 3. 2026" / "5 Mar 2026".
pub fn format_civil(lang: Lang, date: &str) -> String {
    match date.parse::<jiff::civil::Date>() {
        Ok(d) => match lang {
            Lang::Sl => format!("{}. {}. {}", d.day(), d.month(), d.year()),
            Lang::En => d.strftime("%-d %b %Y").to_string(),
        },
        Err(_) => date.to_string(),
    }
}

/// What a version of a measure holds: its fields and its indicators' definitions.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub title: String,
    pub body: String,
    pub responsible: String,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub status: String,
    pub parent_id: Option<i64>,
    pub progress_set: Option<i64>,
    #[serde(default)]
    pub indicators: Vec<IndicatorSnapshot>,
    /// The ideas it came from, by id.
    #[serde(default)]
    pub sources: Vec<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IndicatorSnapshot {
    pub id: i64,
    pub name: String,
    pub unit: String,
    pub baseline: f64,
    pub target: f64,
    pub due_on: Option<String>,
}

/// One changed field between two versions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub field: Msg,
    pub before: String,
    pub after: String,
}

/// The changed fields from `before` (none for the first version) to `after`, as text in
/// `lang`. Descriptions are compared word by word by the page (see `word_diff`).
pub fn changes(lang: Lang, before: Option<&Snapshot>, after: &Snapshot) -> Vec<Change> {
    let empty = Snapshot::default();
    let b = before.unwrap_or(&empty);
    let opt = |d: &Option<String>| {
        d.as_deref()
            .map(|d| format_civil(lang, d))
            .unwrap_or_default()
    };
    let status = |s: &str| match s {
        "" => String::new(),
        s => crate::i18n::t(lang, MeasureStatus::from_stored(s).label()).to_string(),
    };
    let pct = |p: Option<i64>| p.map(|p| format!("{p} %")).unwrap_or_default();
    let parent = |p: Option<i64>| p.map(|p| format!("#{p}")).unwrap_or_default();
    let mut out = Vec::new();
    let mut push = |field: Msg, before: String, after: String| {
        if before != after {
            out.push(Change {
                field,
                before,
                after,
            });
        }
    };
    push(Msg::MeasureTitle, b.title.clone(), after.title.clone());
    push(Msg::Description, b.body.clone(), after.body.clone());
    push(
        Msg::Responsible,
        b.responsible.clone(),
        after.responsible.clone(),
    );
    push(Msg::StartsOn, opt(&b.starts_on), opt(&after.starts_on));
    push(Msg::EndsOn, opt(&b.ends_on), opt(&after.ends_on));
    push(Msg::ColStatus, status(&b.status), status(&after.status));
    push(
        Msg::ParentMeasure,
        parent(b.parent_id),
        parent(after.parent_id),
    );
    push(
        Msg::ProgressSet,
        pct(b.progress_set),
        pct(after.progress_set),
    );
    let ids = |v: &[i64]| {
        v.iter()
            .map(|i| format!("#{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    push(Msg::SourceIdeas, ids(&b.sources), ids(&after.sources));
    let ind = |i: &IndicatorSnapshot| {
        let due = i.due_on.as_deref().map(|d| format_civil(lang, d));
        format!(
            "{} ({}): {} → {}{}",
            i.name,
            i.unit,
            format_value(lang, i.baseline),
            format_value(lang, i.target),
            due.map(|d| format!(", {d}")).unwrap_or_default()
        )
    };
    for a in &after.indicators {
        let old = b.indicators.iter().find(|x| x.id == a.id).map(ind);
        push(Msg::Indicator, old.unwrap_or_default(), ind(a));
    }
    for old in &b.indicators {
        if !after.indicators.iter().any(|x| x.id == old.id) {
            push(Msg::Indicator, ind(old), String::new());
        }
    }
    out
}

#[cfg(feature = "ssr")]
/// The description's change word by word ("=", "-", "+"), for `<del>` and `<ins>`.
pub fn word_diff(before: &str, after: &str) -> Vec<(String, String)> {
    use similar::{ChangeTag, TextDiff};
    let diff = TextDiff::from_words(before, after);
    let mut out: Vec<(String, String)> = Vec::new();
    for change in diff.iter_all_changes() {
        let tag = match change.tag() {
            ChangeTag::Equal => "=",
            ChangeTag::Delete => "-",
            ChangeTag::Insert => "+",
        };
        match out.last_mut() {
            Some((t, text)) if t == tag => text.push_str(change.value()),
            _ => out.push((tag.to_string(), change.value().to_string())),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> MeasureDraft {
        MeasureDraft {
            title: "Načrt kibernetske varnosti".into(),
            body: "Sprejmemo načrt.".into(),
            responsible: "Služba za digitalizacijo".into(),
            starts_on: "2024-01-01".into(),
            ends_on: "2027-12-31".into(),
            status: "planned".into(),
            parent: String::new(),
            progress: String::new(),
        }
    }

    fn fields(e: AppError) -> Vec<(String, Msg)> {
        e.form_errors()
            .into_iter()
            .map(|f| (f.field, f.msg))
            .collect()
    }

    #[test]
    fn a_measure_is_checked_field_by_field() {
        let ok = validate_measure(&draft()).unwrap();
        assert_eq!(ok.status, MeasureStatus::Planned);
        assert_eq!(ok.starts_on.as_deref(), Some("2024-01-01"));
        let bad = MeasureDraft {
            title: String::new(),
            starts_on: "2027-02-30".into(),
            ends_on: "2023-01-01".into(),
            status: "finished".into(),
            progress: "140".into(),
            parent: "x".into(),
            ..draft()
        };
        let errors = fields(validate_measure(&bad).unwrap_err());
        assert!(errors.contains(&("title".into(), Msg::ErrRequired)));
        assert!(errors.contains(&("starts_on".into(), Msg::ErrDate)));
        assert!(errors.contains(&("status".into(), Msg::ErrChooseStatus)));
        assert!(errors.contains(&("progress".into(), Msg::ErrPercent)));
        assert!(errors.contains(&("parent".into(), Msg::ErrChooseParent)));
        let backwards = MeasureDraft {
            starts_on: "2027-01-01".into(),
            ends_on: "2024-01-01".into(),
            ..draft()
        };
        assert_eq!(
            fields(validate_measure(&backwards).unwrap_err()),
            vec![("ends_on".into(), Msg::ErrEndsBeforeStart)]
        );
    }

    #[test]
    fn numbers_are_read_as_people_type_them() {
        assert_eq!(parse_number("12,5"), Some(12.5));
        assert_eq!(parse_number(" 1 234.5 "), Some(1234.5));
        assert_eq!(parse_number("−3"), Some(-3.0));
        assert_eq!(
            parse_number("1.234,5"),
            None,
            "ambiguous: refused, not guessed"
        );
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number(""), None);
    }

    #[test]
    fn readings_in_the_future_or_without_a_number_are_refused() {
        let ok = ReadingDraft {
            taken_on: "2026-03-01".into(),
            value: "7".into(),
            note: String::new(),
            source: "Poročilo".into(),
        };
        assert_eq!(validate_reading(&ok, "2026-11-25").unwrap().value, 7.0);
        let future = ReadingDraft {
            taken_on: "2027-01-01".into(),
            ..ok.clone()
        };
        assert_eq!(
            fields(validate_reading(&future, "2026-11-25").unwrap_err()),
            vec![("taken_on".into(), Msg::ErrDateInFuture)]
        );
        let words = ReadingDraft {
            value: "veliko".into(),
            ..ok
        };
        assert_eq!(
            fields(validate_reading(&words, "2026-11-25").unwrap_err()),
            vec![("value".into(), Msg::ErrNumber)]
        );
    }

    #[test]
    fn progress_runs_from_baseline_to_target_either_way() {
        assert_eq!(indicator_progress(0.0, 12.0, None), None);
        assert_eq!(indicator_progress(0.0, 12.0, Some(3.0)), Some(0.25));
        assert_eq!(indicator_progress(0.0, 12.0, Some(20.0)), Some(1.0));
        assert_eq!(indicator_progress(0.0, 12.0, Some(-2.0)), Some(0.0));
        // Fewer incidents: from 40 down to 10.
        assert_eq!(indicator_progress(40.0, 10.0, Some(25.0)), Some(0.5));
        assert_eq!(indicator_progress(1.0, 1.0, Some(1.0)), Some(1.0));
        assert_eq!(indicator_progress(1.0, 1.0, Some(0.0)), Some(0.0));
    }

    fn node(id: i64, parent: Option<i64>, indicators: Vec<Option<f64>>) -> ProgressNode {
        ProgressNode {
            id,
            parent_id: parent,
            status: MeasureStatus::InProgress,
            progress_set: None,
            indicators,
        }
    }

    #[test]
    fn a_parent_s_progress_is_the_mean_of_its_parts_unless_set() {
        let mut nodes = vec![
            node(1, None, vec![]),
            node(2, Some(1), vec![Some(1.0), None]),
            node(3, Some(1), vec![Some(0.0)]),
            node(4, Some(1), vec![]),
            node(5, Some(1), vec![Some(1.0)]),
            node(6, None, vec![]),
        ];
        nodes[4].status = MeasureStatus::Dropped;
        let p = progress_of_all(&nodes);
        assert_eq!(p[&2], Some(0.5), "an indicator without readings counts 0");
        assert_eq!(p[&3], Some(0.0));
        assert_eq!(p[&4], None, "no indicators, no sub-measures: unknown");
        assert_eq!(p[&1], Some(0.25), "mean of 2 and 3; 4 unknown, 5 dropped");
        assert_eq!(p[&6], None);
        nodes[0].progress_set = Some(80);
        assert_eq!(progress_of_all(&nodes)[&1], Some(0.8));
        // Set by hand on a measure without sub-measures: ignored, readings decide.
        nodes[2].progress_set = Some(90);
        assert_eq!(progress_of_all(&nodes)[&3], Some(0.0));
    }

    #[test]
    fn values_and_dates_are_written_per_language() {
        assert_eq!(format_value(Lang::Sl, 1234.5), "1.234,5");
        assert_eq!(format_value(Lang::En, 1234.5), "1,234.5");
        assert_eq!(format_value(Lang::En, 12.0), "12");
        assert_eq!(format_value(Lang::Sl, -0.25), "−0,25");
        assert_eq!(format_civil(Lang::Sl, "2026-03-05"), "5. 3. 2026");
        assert_eq!(format_civil(Lang::En, "2026-03-05"), "5 Mar 2026");
    }

    #[test]
    fn a_version_lists_what_changed_and_nothing_else() {
        let first = Snapshot {
            title: "Načrt".into(),
            body: "Opis".into(),
            responsible: "Služba".into(),
            status: "proposed".into(),
            ..Snapshot::default()
        };
        let second = Snapshot {
            status: "in_progress".into(),
            indicators: vec![IndicatorSnapshot {
                id: 3,
                name: "Poročila".into(),
                unit: "število".into(),
                baseline: 0.0,
                target: 2.0,
                due_on: None,
            }],
            ..first.clone()
        };
        let c = changes(Lang::En, Some(&first), &second);
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].field, Msg::ColStatus);
        assert_eq!(
            (c[0].before.as_str(), c[0].after.as_str()),
            ("Proposed", "In progress")
        );
        assert_eq!(c[1].after, "Poročila (število): 0 → 2");
        assert_eq!(changes(Lang::En, Some(&second), &second), vec![]);
        let linked = Snapshot {
            sources: vec![3, 8],
            ..second.clone()
        };
        let c = changes(Lang::En, Some(&second), &linked);
        assert_eq!(
            (c[0].field, c[0].after.as_str()),
            (Msg::SourceIdeas, "#3, #8")
        );
        assert_eq!(changes(Lang::En, None, &first).len(), 4);
    }
}
