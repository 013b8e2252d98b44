//! The rules of surveys without I/O: what a question may be, what an answer sent by a form
//! means, which questions a person is shown, and how answers are stored.

use super::{Answer, Condition, Kind, Question, Spec};
use crate::error::{AppError, Errors};
use crate::i18n::{Lang, Localized, Msg};
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const MAX_TITLE_CHARS: usize = 120;
pub const MAX_DESCRIPTION_CHARS: usize = 10_000;
pub const MAX_QUESTION_CHARS: usize = 500;
pub const MAX_OPTION_CHARS: usize = 200;
pub const MAX_OPTIONS: usize = 40;
pub const MAX_ROWS: usize = 20;
pub const MAX_PAGES: usize = 20;
pub const MAX_QUESTIONS: usize = 100;
/// The widest scale: 0–10 is the widest in common use.
pub const MAX_SCALE_POINTS: i64 = 11;
pub const MAX_SHORT_TEXT: usize = 300;
pub const MAX_LONG_TEXT: usize = 5000;
/// Cells of a breakdown with fewer people than this are hidden, unless the survey says more.
pub const DEFAULT_MIN_CELL: i64 = 5;

/// A survey's settings as an administrator typed them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyForm {
    pub title_sl: String,
    pub title_en: String,
    pub description_sl: String,
    pub description_en: String,
    /// `YYYY-MM-DD` or "".
    pub opens_on: String,
    pub closes_on: String,
    pub results_public: bool,
    pub min_cell: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ValidSurvey {
    pub title: Localized,
    pub description: Localized,
    pub opens_at: Option<i64>,
    pub closes_at: Option<i64>,
    pub results_public: bool,
    pub min_cell: i64,
}

fn localized(sl: &str, en: &str) -> Localized {
    match en.trim() {
        "" => Localized::new(&[(Lang::Sl, sl.trim())]),
        en => Localized::new(&[(Lang::Sl, sl.trim()), (Lang::En, en)]),
    }
}

/// Checks a survey's settings. Dates are whole days: it opens at the start of the first and
/// closes at the end of the last.
pub fn validate_survey(f: &SurveyForm) -> Result<ValidSurvey, AppError> {
    let mut errors = Errors::default();
    errors.text(
        "title_sl",
        f.title_sl.trim(),
        MAX_TITLE_CHARS,
        Msg::ErrTitleTooLong120,
    );
    errors.check(
        f.title_en.trim().chars().count() <= MAX_TITLE_CHARS,
        "title_en",
        Msg::ErrTitleTooLong120,
    );
    for (field, text) in [
        ("description_sl", &f.description_sl),
        ("description_en", &f.description_en),
    ] {
        errors.check(
            text.chars().count() <= MAX_DESCRIPTION_CHARS,
            field,
            Msg::ErrDescriptionTooLong,
        );
    }
    let date = |field: &str, typed: &str, end: bool, errors: &mut Errors| match typed.trim() {
        "" => None,
        d => {
            let parsed = match end {
                true => crate::time::end_of_day(d),
                false => crate::time::parse_input(d),
            };
            errors.check(parsed.is_some(), field, Msg::ErrDate);
            parsed
        }
    };
    let opens_at = date("opens_on", &f.opens_on, false, &mut errors);
    let closes_at = date("closes_on", &f.closes_on, true, &mut errors);
    if let (Some(a), Some(b)) = (opens_at, closes_at) {
        errors.check(a < b, "closes_on", Msg::ErrDatesOrder);
    }
    let min_cell = match f.min_cell.trim() {
        "" => Some(DEFAULT_MIN_CELL),
        n => n.parse::<i64>().ok().filter(|n| (2..=100).contains(n)),
    };
    errors.check(min_cell.is_some(), "min_cell", Msg::ErrMinCell);
    errors.into_result(())?;
    Ok(ValidSurvey {
        title: localized(&f.title_sl, &f.title_en),
        description: localized(&f.description_sl, &f.description_en),
        opens_at,
        closes_at,
        results_public: f.results_public,
        min_cell: min_cell.unwrap_or(DEFAULT_MIN_CELL),
    })
}

/// A question as the administrators' form sends it; lists one item per line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionForm {
    pub kind: String,
    pub page: String,
    pub required: bool,
    pub text_sl: String,
    pub text_en: String,
    pub options_sl: String,
    pub options_en: String,
    pub other: bool,
    pub dropdown: bool,
    pub max_choices: String,
    pub rows_sl: String,
    pub rows_en: String,
    pub min: String,
    pub max: String,
    pub low_sl: String,
    pub low_en: String,
    pub high_sl: String,
    pub high_en: String,
    /// "question id:option place" for each option that shows this question.
    pub shown_if: Vec<String>,
}

fn lines(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

/// The items of a list typed in both languages: the English list is optional, but when given
/// it has one line for each Slovenian one, in the same order (an answer is stored as its place).
fn list(
    sl: &str,
    en: &str,
    (field_sl, field_en): (&str, &str),
    max: usize,
    errors: &mut Errors,
) -> Vec<Localized> {
    let (sl, en) = (lines(sl), lines(en));
    let short = |l: &[&str]| l.iter().all(|o| o.chars().count() <= MAX_OPTION_CHARS);
    errors.check(
        (2..=max).contains(&sl.len()),
        field_sl,
        Msg::ErrSurveyOptionCount,
    );
    errors.check(short(&sl), field_sl, Msg::ErrOptionTooLong);
    errors.check(short(&en), field_en, Msg::ErrOptionTooLong);
    errors.check(
        en.is_empty() || en.len() == sl.len(),
        field_en,
        Msg::ErrOptionsNotMatching,
    );
    sl.iter()
        .enumerate()
        .map(|(i, o)| localized(o, en.get(i).copied().unwrap_or("")))
        .collect()
}

fn whole(typed: &str) -> Result<Option<i64>, ()> {
    match typed.trim() {
        "" => Ok(None),
        n => n.parse::<i64>().map(Some).map_err(|_| ()),
    }
}

/// What a checked question form makes: everything of a question but its id.
pub type ValidQuestion = Question;

/// Checks a question. `earlier` are the survey's questions on pages before this one's (a
/// condition names one of them); `was` is the question being edited, and `locked` says answers
/// exist, so it may change its texts and add options, nothing that changes what an answer means.
pub fn validate_question(
    f: &QuestionForm,
    earlier: &[Question],
    was: Option<&Question>,
    locked: bool,
) -> Result<ValidQuestion, AppError> {
    let mut errors = Errors::default();
    let Some(kind) = Kind::parse(&f.kind) else {
        return Err(AppError::BadRequest);
    };
    let page = f
        .page
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|p| (1..=MAX_PAGES).contains(p));
    errors.check(page.is_some(), "page", Msg::ErrSurveyPage);
    errors.text(
        "text_sl",
        f.text_sl.trim(),
        MAX_QUESTION_CHARS,
        Msg::ErrSurveyQuestionTooLong,
    );
    errors.check(
        f.text_en.trim().chars().count() <= MAX_QUESTION_CHARS,
        "text_en",
        Msg::ErrSurveyQuestionTooLong,
    );
    let mut spec = Spec::default();
    if kind.has_options() {
        spec.options = list(
            &f.options_sl,
            &f.options_en,
            ("options_sl", "options_en"),
            MAX_OPTIONS,
            &mut errors,
        );
        spec.other = f.other && kind != Kind::Ranking;
        spec.dropdown = f.dropdown && kind == Kind::Single;
    }
    if kind == Kind::Multiple {
        match whole(&f.max_choices) {
            Ok(n) => {
                let fits = n.is_none_or(|n| n >= 1 && n as usize <= spec.options.len());
                errors.check(fits, "max_choices", Msg::ErrMaxChoices);
                spec.max_choices = n.map(|n| n.max(1) as usize);
            }
            Err(()) => errors.add("max_choices", Msg::ErrMaxChoices),
        }
    }
    if kind == Kind::Matrix {
        spec.rows = list(
            &f.rows_sl,
            &f.rows_en,
            ("rows_sl", "rows_en"),
            MAX_ROWS,
            &mut errors,
        );
    }
    match (kind, whole(&f.min), whole(&f.max)) {
        (Kind::Scale | Kind::Matrix, Ok(Some(min)), Ok(Some(max))) => {
            errors.check(
                min >= 0 && min < max && max - min < MAX_SCALE_POINTS,
                "max",
                Msg::ErrScaleRange,
            );
            (spec.min, spec.max) = (Some(min), Some(max));
            spec.low = localized(&f.low_sl, &f.low_en);
            spec.high = localized(&f.high_sl, &f.high_en);
        }
        (Kind::Scale | Kind::Matrix, _, _) => errors.add("min", Msg::ErrScaleRange),
        (Kind::Number, Ok(min), Ok(max)) => {
            errors.check(
                min.zip(max).is_none_or(|(a, b)| a < b),
                "max",
                Msg::ErrNumberRange,
            );
            (spec.min, spec.max) = (min, max);
        }
        (Kind::Number, _, _) => errors.add("min", Msg::ErrNumberRange),
        _ => {}
    }
    let shown_if = condition(&f.shown_if, earlier, page.unwrap_or(1));
    errors.check(shown_if.is_ok(), "shown_if", Msg::ErrCondition);
    let question = Question {
        id: was.map_or(0, |q| q.id),
        page: page.unwrap_or(1),
        kind,
        required: f.required,
        text: localized(&f.text_sl, &f.text_en),
        spec,
        shown_if: shown_if.unwrap_or(None),
    };
    if let (Some(was), true) = (was, locked) {
        errors.check(
            keeps_meaning(was, &question),
            "",
            Msg::ErrQuestionHasAnswers,
        );
    }
    errors.into_result(question)
}

/// A condition from the form's ticked options: all of one earlier single-choice question.
fn condition(
    ticked: &[String],
    earlier: &[Question],
    page: usize,
) -> Result<Option<Condition>, ()> {
    let mut pairs = Vec::new();
    for t in ticked.iter().filter(|t| !t.is_empty()) {
        let (q, o) = t.split_once(':').ok_or(())?;
        let (q, o) = (
            q.parse::<i64>().map_err(|_| ())?,
            o.parse::<usize>().map_err(|_| ())?,
        );
        pairs.push((q, o));
    }
    let Some(&(question, _)) = pairs.first() else {
        return Ok(None);
    };
    let source = earlier.iter().find(|e| e.id == question).ok_or(())?;
    let fits = source.kind == Kind::Single
        && source.page < page
        && pairs
            .iter()
            .all(|(q, o)| *q == question && *o < source.spec.options.len());
    if !fits {
        return Err(());
    }
    let mut options: Vec<usize> = pairs.into_iter().map(|(_, o)| o).collect();
    options.sort_unstable();
    options.dedup();
    Ok(Some(Condition { question, options }))
}

/// Whether an edit of an answered question keeps what its stored answers mean: the same kind,
/// page, condition and range; the same options and rows in the same places (their texts may
/// change), new options only after them; "other" neither added nor taken away.
pub fn keeps_meaning(was: &Question, now: &Question) -> bool {
    let (a, b) = (&was.spec, &now.spec);
    was.kind == now.kind
        && was.page == now.page
        && was.shown_if == now.shown_if
        && a.min == b.min
        && a.max == b.max
        && a.other == b.other
        && b.options.len() >= a.options.len()
        && (was.kind != Kind::Ranking || b.options.len() == a.options.len())
        && a.rows.len() == b.rows.len()
}

/// The questions a person is shown, given their answers: those without a condition, and those
/// whose condition's question was answered with one of its options.
pub fn shown<'a>(
    questions: &'a [Question],
    answers: &'a std::collections::HashMap<i64, Answer>,
) -> impl Iterator<Item = &'a Question> + 'a {
    questions.iter().filter(move |q| is_shown(q, answers))
}

pub fn is_shown(q: &Question, answers: &std::collections::HashMap<i64, Answer>) -> bool {
    match &q.shown_if {
        None => true,
        Some(c) => {
            matches!(answers.get(&c.question), Some(Answer::Choice(i)) if c.options.contains(i))
        }
    }
}

/// How many pages a survey has: its last question's page (pages without questions are
/// skipped, so this is the number of pages that have any).
pub fn pages(questions: &[Question]) -> Vec<usize> {
    let mut pages: Vec<usize> = questions.iter().map(|q| q.page).collect();
    pages.sort_unstable();
    pages.dedup();
    pages
}

/// The values a form sent for one field name (checkboxes send several).
fn values<'a>(fields: &'a [(String, String)], name: &'a str) -> impl Iterator<Item = &'a str> {
    fields
        .iter()
        .filter(move |(k, _)| k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

fn value<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.trim())
}

/// A number as people type it here: "3,5" as well as "3.5", spaces between thousands.
pub fn parse_number(typed: &str) -> Option<f64> {
    let cleaned: String = typed
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    cleaned.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Reads one question's answer from a posted page (`q<id>`, `q<id>-other`, `q<id>-r<row>`,
/// `q<id>-o<option>`). `Ok(None)`: not answered. An error names the field it belongs to.
pub fn read_answer(
    q: &Question,
    fields: &[(String, String)],
) -> Result<Option<Answer>, (String, Msg)> {
    let name = format!("q{}", q.id);
    let other_name = format!("{name}-other");
    let n = q.spec.options.len();
    let bad = |msg: Msg| Err((name.clone(), msg));
    let other_text = || value(fields, &other_name).to_string();
    let answer = match q.kind {
        Kind::Single => match value(fields, &name) {
            "" => None,
            "other" if q.spec.other => match other_text() {
                t if t.is_empty() => return Err((other_name, Msg::ErrOtherNeeded)),
                t if t.chars().count() > MAX_SHORT_TEXT => {
                    return Err((other_name, Msg::ErrSurveyAnswerTooLong))
                }
                t => Some(Answer::Other(t)),
            },
            v => match v.parse::<usize>() {
                Ok(i) if i < n => Some(Answer::Choice(i)),
                _ => return bad(Msg::ErrNotAnOption),
            },
        },
        Kind::Multiple => {
            let mut chosen = Vec::new();
            let mut other = None;
            for v in values(fields, &name) {
                match v {
                    "other" if q.spec.other => other = Some(other_text()),
                    v => match v.parse::<usize>() {
                        Ok(i) if i < n => chosen.push(i),
                        _ => return bad(Msg::ErrNotAnOption),
                    },
                }
            }
            chosen.sort_unstable();
            chosen.dedup();
            if other.as_ref().is_some_and(|t| t.is_empty()) {
                return Err((other_name, Msg::ErrOtherNeeded));
            }
            if other
                .as_ref()
                .is_some_and(|t| t.chars().count() > MAX_SHORT_TEXT)
            {
                return Err((other_name, Msg::ErrSurveyAnswerTooLong));
            }
            let count = chosen.len() + usize::from(other.is_some());
            if q.spec.max_choices.is_some_and(|max| count > max) {
                return bad(Msg::ErrTooManyChoices);
            }
            (count > 0).then_some(Answer::Choices(chosen, other))
        }
        Kind::Scale => match value(fields, &name) {
            "" => None,
            v => match v.parse::<i64>() {
                Ok(p) if q.scale().contains(&p) => Some(Answer::Value(p as f64)),
                _ => return bad(Msg::ErrNotAnOption),
            },
        },
        Kind::Matrix => {
            let mut rows = Vec::with_capacity(q.spec.rows.len());
            for r in 0..q.spec.rows.len() {
                rows.push(match value(fields, &format!("{name}-r{r}")) {
                    "" => None,
                    v => match v.parse::<i64>() {
                        Ok(p) if q.scale().contains(&p) => Some(p),
                        _ => return bad(Msg::ErrNotAnOption),
                    },
                });
            }
            let answered = rows.iter().filter(|r| r.is_some()).count();
            if answered > 0 && answered < rows.len() && q.required {
                return bad(Msg::ErrAnswerEveryRow);
            }
            (answered > 0).then_some(Answer::Rows(rows))
        }
        Kind::Ranking => {
            // Each option's place as chosen ("" = none): all of them, each place once.
            let mut places = Vec::with_capacity(n);
            for o in 0..n {
                places.push(match value(fields, &format!("{name}-o{o}")) {
                    "" => None,
                    v => match v.parse::<usize>() {
                        Ok(p) if (1..=n).contains(&p) => Some(p),
                        _ => return bad(Msg::ErrNotAnOption),
                    },
                });
            }
            if places.iter().all(Option::is_none) {
                None
            } else {
                let mut order: Vec<(usize, usize)> = Vec::with_capacity(n);
                for (o, p) in places.iter().enumerate() {
                    match p {
                        Some(p) => order.push((*p, o)),
                        None => return bad(Msg::ErrRankEveryOption),
                    }
                }
                order.sort_unstable();
                if order.windows(2).any(|w| w[0].0 == w[1].0) {
                    return bad(Msg::ErrRankEveryOption);
                }
                Some(Answer::Order(order.into_iter().map(|(_, o)| o).collect()))
            }
        }
        Kind::Number => match value(fields, &name) {
            "" => None,
            v => match parse_number(v) {
                None => return bad(Msg::ErrNotANumber),
                Some(x)
                    if q.spec.min.is_some_and(|m| x < m as f64)
                        || q.spec.max.is_some_and(|m| x > m as f64) =>
                {
                    return bad(Msg::ErrNumberOutOfRange)
                }
                Some(x) => Some(Answer::Value(x)),
            },
        },
        Kind::ShortText | Kind::LongText => {
            let max = match q.kind {
                Kind::ShortText => MAX_SHORT_TEXT,
                _ => MAX_LONG_TEXT,
            };
            match fields
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.trim())
            {
                None | Some("") => None,
                Some(t) if t.chars().count() > max => return bad(Msg::ErrSurveyAnswerTooLong),
                Some(t) => Some(Answer::Text(t.to_string())),
            }
        }
    };
    if answer.is_none() && q.required {
        return bad(Msg::ErrAnswerRequired);
    }
    Ok(answer)
}

/// A stored answer as the form's fields, to fill the form in with it: the inverse of
/// `read_answer`.
pub fn fields_of(q: &Question, a: &Answer) -> Vec<(String, String)> {
    let name = format!("q{}", q.id);
    let field = |k: String, v: String| (k, v);
    let number = |x: f64| match x.fract() == 0.0 {
        true => format!("{x:.0}"),
        false => x.to_string(),
    };
    match a {
        Answer::Choice(i) => vec![field(name, i.to_string())],
        Answer::Other(t) => vec![
            field(format!("{name}-other"), t.clone()),
            field(name, "other".into()),
        ],
        Answer::Choices(chosen, other) => {
            let mut out: Vec<_> = chosen
                .iter()
                .map(|i| field(name.clone(), i.to_string()))
                .collect();
            if let Some(t) = other {
                out.push(field(name.clone(), "other".into()));
                out.push(field(format!("{name}-other"), t.clone()));
            }
            out
        }
        Answer::Value(x) => vec![field(name, number(*x))],
        Answer::Rows(rows) => rows
            .iter()
            .enumerate()
            .filter_map(|(r, v)| v.map(|v| field(format!("{name}-r{r}"), v.to_string())))
            .collect(),
        Answer::Order(order) => order
            .iter()
            .enumerate()
            .map(|(place, o)| field(format!("{name}-o{o}"), (place + 1).to_string()))
            .collect(),
        Answer::Text(t) => vec![field(name, t.clone())],
    }
}

/// Reads a posted page: an answer (or none) for each of `questions`, or every problem at once.
pub fn read_page(
    questions: &[&Question],
    fields: &[(String, String)],
) -> Result<Vec<(i64, Option<Answer>)>, AppError> {
    let mut errors = Errors::default();
    let mut out = Vec::with_capacity(questions.len());
    for q in questions {
        match read_answer(q, fields) {
            Ok(a) => out.push((q.id, a)),
            Err((field, msg)) => errors.add(&field, msg),
        }
    }
    errors.into_result(out)
}

/// The first shown required question without an answer, if any: what stops a submission.
pub fn first_missing<'a>(
    questions: &'a [Question],
    answers: &'a std::collections::HashMap<i64, Answer>,
) -> Option<&'a Question> {
    shown(questions, answers).find(|q| q.required && !answers.contains_key(&q.id))
}

/// An answer as stored: compact JSON, its shape given by the question's kind.
pub fn encode(a: &Answer) -> Value {
    match a {
        Answer::Choice(i) => Value::from(*i),
        Answer::Other(t) | Answer::Text(t) => Value::from(t.as_str()),
        Answer::Choices(chosen, other) => {
            let mut all: Vec<Value> = chosen.iter().map(|i| Value::from(*i)).collect();
            if let Some(t) = other {
                all.push(Value::from(t.as_str()));
            }
            Value::Array(all)
        }
        Answer::Value(x) => Value::from(*x),
        Answer::Rows(rows) => Value::Array(
            rows.iter()
                .map(|r| r.map_or(Value::Null, Value::from))
                .collect(),
        ),
        Answer::Order(order) => Value::Array(order.iter().map(|i| Value::from(*i)).collect()),
    }
}

/// A stored answer read back for its question; `None` for anything that does not fit (an
/// answer stored before an option was added still fits: options are only ever appended).
pub fn decode(kind: Kind, v: &Value) -> Option<Answer> {
    let index = |v: &Value| v.as_u64().map(|i| i as usize);
    Some(match (kind, v) {
        (Kind::Single, Value::String(t)) => Answer::Other(t.clone()),
        (Kind::Single, v) => Answer::Choice(index(v)?),
        (Kind::Multiple, Value::Array(items)) => {
            let mut chosen = Vec::new();
            let mut other = None;
            for item in items {
                match item {
                    Value::String(t) => other = Some(t.clone()),
                    v => chosen.push(index(v)?),
                }
            }
            Answer::Choices(chosen, other)
        }
        (Kind::Scale | Kind::Number, v) => Answer::Value(v.as_f64()?),
        (Kind::Matrix, Value::Array(rows)) => {
            Answer::Rows(rows.iter().map(Value::as_i64).collect())
        }
        (Kind::Ranking, Value::Array(items)) => {
            Answer::Order(items.iter().map(index).collect::<Option<_>>()?)
        }
        (Kind::ShortText | Kind::LongText, Value::String(t)) => Answer::Text(t.clone()),
        _ => return None,
    })
}

/// A stored response's answers, for the questions there are (answers to removed questions
/// and anything unreadable are left out).
pub fn decode_all(questions: &[Question], json: &str) -> std::collections::HashMap<i64, Answer> {
    // Keys read as numbers straight away: this runs once per response when results are counted.
    let Ok(map) = serde_json::from_str::<std::collections::HashMap<i64, Value>>(json) else {
        return Default::default();
    };
    map.into_iter()
        .filter_map(|(id, v)| {
            let q = questions.iter().find(|q| q.id == id)?;
            Some((id, decode(q.kind, &v)?))
        })
        .collect()
}

pub fn encode_all(answers: &std::collections::HashMap<i64, Answer>) -> String {
    let map: serde_json::Map<String, Value> = answers
        .iter()
        .map(|(id, a)| (id.to_string(), encode(a)))
        .collect();
    Value::Object(map).to_string()
}

/// An answer as a line of text for people (the check-your-answers page, the export).
pub fn answer_text(q: &Question, a: &Answer, lang: Lang) -> String {
    let option = |i: &usize| {
        q.spec
            .options
            .get(*i)
            .map_or_else(String::new, |o| o.get(lang).to_string())
    };
    // A decimal as people here write it: "3,5" in Slovenian.
    let number = |x: f64| match (x.fract() == 0.0, lang) {
        (true, _) => format!("{x:.0}"),
        (false, Lang::Sl) => x.to_string().replace('.', ","),
        (false, Lang::En) => x.to_string(),
    };
    match a {
        Answer::Choice(i) => option(i),
        Answer::Other(t) | Answer::Text(t) => t.clone(),
        Answer::Choices(chosen, other) => chosen
            .iter()
            .map(option)
            .chain(other.iter().cloned())
            .collect::<Vec<_>>()
            .join("; "),
        Answer::Value(x) => number(*x),
        Answer::Rows(rows) => q
            .spec
            .rows
            .iter()
            .zip(rows)
            .filter_map(|(label, r)| r.map(|r| format!("{}: {r}", label.get(lang))))
            .collect::<Vec<_>>()
            .join("; "),
        Answer::Order(order) => order
            .iter()
            .enumerate()
            .map(|(p, i)| format!("{}. {}", p + 1, option(i)))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn q(id: i64, kind: Kind, page: usize) -> Question {
        Question {
            id,
            page,
            kind,
            required: false,
            text: Localized::new(&[(Lang::Sl, "Vprašanje")]),
            spec: Spec {
                options: ["a", "b", "c"]
                    .iter()
                    .map(|o| Localized::new(&[(Lang::Sl, o)]))
                    .collect(),
                rows: ["r1", "r2"]
                    .iter()
                    .map(|o| Localized::new(&[(Lang::Sl, o)]))
                    .collect(),
                min: Some(1),
                max: Some(5),
                other: true,
                ..Spec::default()
            },
            shown_if: None,
        }
    }

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_question_is_shown_only_after_one_of_its_answers() {
        let mut later = q(2, Kind::ShortText, 2);
        later.shown_if = Some(Condition {
            question: 1,
            options: vec![0, 2],
        });
        let all = vec![q(1, Kind::Single, 1), later];
        let ids = |answers: HashMap<i64, Answer>| -> Vec<i64> {
            shown(&all, &answers).map(|q| q.id).collect()
        };
        assert_eq!(ids(HashMap::new()), [1]);
        assert_eq!(ids(HashMap::from([(1, Answer::Choice(1))])), [1]);
        assert_eq!(ids(HashMap::from([(1, Answer::Choice(2))])), [1, 2]);
        assert_eq!(ids(HashMap::from([(1, Answer::Other("x".into()))])), [1]);
    }

    fn form(kind: &str) -> QuestionForm {
        QuestionForm {
            kind: kind.into(),
            page: "2".into(),
            text_sl: "Katere storitve poznate?".into(),
            options_sl: "eUprava\nProminfo\nMOL Ljubljana".into(),
            min: "1".into(),
            max: "5".into(),
            rows_sl: "a\nb".into(),
            ..QuestionForm::default()
        }
    }

    fn errors(r: Result<ValidQuestion, AppError>) -> Vec<(String, Msg)> {
        match r {
            Err(AppError::Validation(e)) => e.into_iter().map(|e| (e.field, e.msg)).collect(),
            other => panic!("expected errors, got {other:?}"),
        }
    }

    #[test]
    fn a_condition_names_options_of_one_earlier_single_choice_question() {
        let earlier = vec![
            q(1, Kind::Single, 1),
            q(3, Kind::Multiple, 1),
            q(4, Kind::Single, 2),
        ];
        let mut f = form("short_text");
        f.shown_if = vec!["1:0".into(), "1:2".into()];
        let v = validate_question(&f, &earlier, None, false).unwrap();
        assert_eq!(
            v.shown_if,
            Some(Condition {
                question: 1,
                options: vec![0, 2]
            })
        );
        for bad in [
            vec!["1:0", "4:1"], // two questions
            vec!["3:0"],        // not single choice
            vec!["4:0"],        // the same page
            vec!["1:9"],        // no such option
            vec!["x"],
        ] {
            f.shown_if = bad.iter().map(|s| s.to_string()).collect();
            assert_eq!(
                errors(validate_question(&f, &earlier, None, false)),
                [("shown_if".to_string(), Msg::ErrCondition)],
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_question_form_is_checked_by_its_kind() {
        assert!(validate_question(&form("matrix"), &[], None, false).is_ok());
        let mut f = form("scale");
        f.max = "20".into();
        assert_eq!(
            errors(validate_question(&f, &[], None, false)),
            [("max".to_string(), Msg::ErrScaleRange)]
        );
        let mut f = form("multiple");
        f.max_choices = "4".into();
        f.options_en = "a\nb".into();
        assert_eq!(
            errors(validate_question(&f, &[], None, false)),
            [
                ("options_en".to_string(), Msg::ErrOptionsNotMatching),
                ("max_choices".to_string(), Msg::ErrMaxChoices)
            ]
        );
        assert!(matches!(
            validate_question(&form("essay"), &[], None, false),
            Err(AppError::BadRequest)
        ));
    }

    #[test]
    fn an_answered_question_keeps_its_meaning() {
        let was = validate_question(&form("single"), &[], None, false).unwrap();
        let mut f = form("single");
        f.text_sl = "Katere storitve poznate in uporabljate?".into();
        f.options_sl = "eUprava (e-uprava.gov.si)\nProminfo\nMOL Ljubljana\nUrbana".into();
        assert!(validate_question(&f, &[], Some(&was), true).is_ok());
        f.options_sl = "eUprava\nProminfo".into();
        assert_eq!(
            errors(validate_question(&f, &[], Some(&was), true)),
            [(String::new(), Msg::ErrQuestionHasAnswers)]
        );
        let mut f = form("multiple");
        assert!(validate_question(&f, &[], Some(&was), true).is_err());
        f.kind = "single".into();
        f.page = "3".into();
        assert!(validate_question(&f, &[], Some(&was), true).is_err());
        // Without answers anything may change.
        assert!(validate_question(&f, &[], Some(&was), false).is_ok());
    }

    #[test]
    fn answers_are_read_by_kind_and_refused_with_their_field() {
        let single = Question {
            spec: Spec {
                other: true,
                ..q(1, Kind::Single, 1).spec
            },
            ..q(1, Kind::Single, 1)
        };
        assert_eq!(
            read_answer(&single, &fields(&[("q1", "2")])),
            Ok(Some(Answer::Choice(2)))
        );
        assert_eq!(
            read_answer(
                &single,
                &fields(&[("q1", "other"), ("q1-other", " Urbana ")])
            ),
            Ok(Some(Answer::Other("Urbana".into())))
        );
        assert_eq!(
            read_answer(&single, &fields(&[("q1", "other")])),
            Err(("q1-other".into(), Msg::ErrOtherNeeded))
        );
        assert_eq!(
            read_answer(&single, &fields(&[("q1", "3")])),
            Err(("q1".into(), Msg::ErrNotAnOption))
        );
        let mut multiple = q(2, Kind::Multiple, 1);
        multiple.spec.max_choices = Some(2);
        assert_eq!(
            read_answer(&multiple, &fields(&[("q2", "2"), ("q2", "0")])),
            Ok(Some(Answer::Choices(vec![0, 2], None)))
        );
        assert_eq!(
            read_answer(&multiple, &fields(&[("q2", "2"), ("q2", "0"), ("q2", "1")])),
            Err(("q2".into(), Msg::ErrTooManyChoices))
        );
        let mut ranking = q(3, Kind::Ranking, 1);
        assert_eq!(
            read_answer(
                &ranking,
                &fields(&[("q3-o0", "2"), ("q3-o1", "3"), ("q3-o2", "1")])
            ),
            Ok(Some(Answer::Order(vec![2, 0, 1])))
        );
        assert_eq!(
            read_answer(
                &ranking,
                &fields(&[("q3-o0", "2"), ("q3-o1", "2"), ("q3-o2", "1")])
            ),
            Err(("q3".into(), Msg::ErrRankEveryOption))
        );
        ranking.required = true;
        assert_eq!(
            read_answer(&ranking, &fields(&[])),
            Err(("q3".into(), Msg::ErrAnswerRequired))
        );
        let mut number = q(4, Kind::Number, 1);
        number.spec.min = Some(0);
        number.spec.max = Some(120);
        assert_eq!(
            read_answer(&number, &fields(&[("q4", "37,5")])),
            Ok(Some(Answer::Value(37.5)))
        );
        assert_eq!(
            read_answer(&number, &fields(&[("q4", "121")])),
            Err(("q4".into(), Msg::ErrNumberOutOfRange))
        );
        assert_eq!(
            read_answer(&number, &fields(&[("q4", "veliko")])),
            Err(("q4".into(), Msg::ErrNotANumber))
        );
        let mut matrix = q(5, Kind::Matrix, 1);
        assert_eq!(
            read_answer(&matrix, &fields(&[("q5-r1", "4")])),
            Ok(Some(Answer::Rows(vec![None, Some(4)])))
        );
        matrix.required = true;
        assert_eq!(
            read_answer(&matrix, &fields(&[("q5-r1", "4")])),
            Err(("q5".into(), Msg::ErrAnswerEveryRow))
        );
        assert_eq!(
            read_answer(&q(6, Kind::Scale, 1), &fields(&[("q6", "6")])),
            Err(("q6".into(), Msg::ErrNotAnOption))
        );
    }

    #[test]
    fn stored_answers_read_back_as_they_were() {
        let questions = vec![
            q(1, Kind::Single, 1),
            q(2, Kind::Multiple, 1),
            q(3, Kind::Matrix, 1),
            q(4, Kind::Ranking, 1),
            q(5, Kind::Number, 1),
            q(6, Kind::LongText, 1),
        ];
        let answers = HashMap::from([
            (1, Answer::Other("drugo".into())),
            (2, Answer::Choices(vec![0, 2], Some("še kaj".into()))),
            (3, Answer::Rows(vec![Some(5), None])),
            (4, Answer::Order(vec![2, 1, 0])),
            (5, Answer::Value(2.5)),
            (6, Answer::Text("Več podatkov v odprti obliki.".into())),
        ]);
        assert_eq!(decode_all(&questions, &encode_all(&answers)), answers);
        // A form filled in with an answer sends the same answer back.
        for q in &questions {
            let a = &answers[&q.id];
            assert_eq!(
                read_answer(q, &fields_of(q, a)),
                Ok(Some(a.clone())),
                "{q:?}"
            );
        }
        // An answer of the wrong shape, or to a question that is gone, is left out.
        assert_eq!(
            decode_all(&questions, r#"{"1":[1],"99":3,"5":"x"}"#),
            HashMap::new()
        );
        assert_eq!(
            answer_text(&questions[3], &answers[&4], Lang::Sl),
            "1. c; 2. b; 3. a"
        );
    }
}
