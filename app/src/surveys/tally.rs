//! Counting a survey's submitted responses, without I/O: per question counts, mean and median,
//! ranking scores, and breakdowns by a statistics question with small cells suppressed.

use super::{Answer, Kind, Question, SurveyHead};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A survey's results page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurveyResults {
    pub head: SurveyHead,
    /// Submitted responses (drafts are never counted).
    pub respondents: i64,
    pub min_cell: i64,
    pub questions: Vec<QuestionResult>,
    /// The consultation's statistics questions a breakdown may be by: (id, text).
    pub breakdowns: Vec<(i64, String)>,
    /// The breakdown shown (`?by=`), if any.
    pub by: Option<i64>,
    /// Text answers are listed in full with the controls to publish them: the reader runs
    /// the consultation.
    pub manage: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionResult {
    pub id: i64,
    pub text: String,
    pub kind: Kind,
    /// Respondents who answered it.
    pub answered: i64,
    /// Choice and scale questions: (label, people) per option or point, then "other".
    pub counts: Vec<(String, i64)>,
    /// Scale and number questions.
    pub summary: Option<Summary>,
    /// Ranking questions, in the options' order.
    pub ranking: Vec<RankScore>,
    /// Matrix questions: a summary per row.
    pub rows: Vec<(String, Summary)>,
    /// Text answers (and "other" texts): for administrators the first `MAX_LISTED` of them,
    /// for everyone else the published ones.
    pub texts: Vec<TextAnswer>,
    /// How many text answers there are in all.
    pub text_count: i64,
    pub crosstab: Option<CrossTab>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub n: i64,
    pub mean: f64,
    pub median: f64,
    pub min: f64,
    pub max: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RankScore {
    pub label: String,
    /// The average place given (1 = first).
    pub mean_place: f64,
    /// Borda points: an option placed k-th of n gets n − k points from each person.
    pub points: i64,
}

/// Text answers listed per question on the administrators' results page: enough to read and
/// choose from, not a page of 100,000 (the export has them all).
pub const MAX_LISTED: usize = 300;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextAnswer {
    pub response_id: i64,
    pub body: String,
    pub published: bool,
}

/// Answers × groups of a statistics question. `None` cells are suppressed ("< n").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrossTab {
    /// The groups (the statistics question's options, then "not said").
    pub columns: Vec<String>,
    /// Per answer: its label, its cells, its total (shown on the page already).
    pub rows: Vec<(String, Vec<Option<i64>>, i64)>,
    pub column_totals: Vec<Option<i64>>,
    pub total: i64,
}

/// The mean and median of `values` (sorted in place); `None` when there are none.
pub fn summarise(values: &mut [f64]) -> Option<Summary> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable_by(f64::total_cmp);
    let n = values.len();
    let median = match n % 2 {
        1 => values[n / 2],
        _ => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    };
    Some(Summary {
        n: n as i64,
        mean: values.iter().sum::<f64>() / n as f64,
        median,
        min: values[0],
        max: values[n - 1],
    })
}

/// Borda points of one ranking: the option placed first of n gets n − 1, the last 0.
pub fn borda(order: &[usize], options: usize) -> Vec<i64> {
    let mut points = vec![0; options];
    for (place, &o) in order.iter().enumerate() {
        if let Some(p) = points.get_mut(o) {
            *p = (order.len() - 1 - place) as i64;
        }
    }
    points
}

/// Hides the cells of a table that would single people out. `cells[r][c]` counts the people
/// who gave answer r in group c; each answer's total (across groups) and the grand total are
/// shown elsewhere, the groups' totals here. A cell (or a group's total) under `min` but not
/// zero is hidden; then, so no hidden number can be worked out by subtraction, every line that
/// adds up to a shown total — each answer's row, each group's column with its total, the row of
/// group totals — is made to hide none or at least two of its numbers, by also hiding the
/// smallest other one. Returns the cells and the group totals, hidden ones as `None`, or `None`
/// for the whole table when that cannot be done.
#[allow(clippy::type_complexity)]
pub fn suppress(cells: &[Vec<i64>], min: i64) -> Option<(Vec<Vec<Option<i64>>>, Vec<Option<i64>>)> {
    let rows = cells.len();
    let cols = cells.first().map_or(0, Vec::len);
    let col_totals: Vec<i64> = (0..cols)
        .map(|c| cells.iter().map(|r| r[c]).sum())
        .collect();
    let small = |n: i64| n > 0 && n < min;
    let mut hidden: Vec<Vec<bool>> = cells
        .iter()
        .map(|r| r.iter().map(|&n| small(n)).collect())
        .collect();
    let mut hidden_totals: Vec<bool> = col_totals.iter().map(|&n| small(n)).collect();
    // Each line is a list of places: Some((r, c)) a cell, None(c) a group's total.
    #[derive(Clone, Copy)]
    enum Place {
        Cell(usize, usize),
        Total(usize),
    }
    let mut lines: Vec<Vec<Place>> = Vec::new();
    for r in 0..rows {
        lines.push((0..cols).map(|c| Place::Cell(r, c)).collect());
    }
    for c in 0..cols {
        let mut line: Vec<Place> = (0..rows).map(|r| Place::Cell(r, c)).collect();
        line.push(Place::Total(c));
        lines.push(line);
    }
    lines.push((0..cols).map(Place::Total).collect());
    let value = |p: Place| match p {
        Place::Cell(r, c) => cells[r][c],
        Place::Total(c) => col_totals[c],
    };
    loop {
        let mut changed = false;
        for line in &lines {
            let is_hidden = |p: &Place, h: &Vec<Vec<bool>>, t: &Vec<bool>| match *p {
                Place::Cell(r, c) => h[r][c],
                Place::Total(c) => t[c],
            };
            let count = line
                .iter()
                .filter(|p| is_hidden(p, &hidden, &hidden_totals))
                .count();
            if count != 1 {
                continue;
            }
            // The smallest shown number of the line (a zero too: hidden beside a small cell it
            // still leaves two unknowns to one sum), so the table loses as little as it can.
            let pick = line
                .iter()
                .filter(|p| !is_hidden(p, &hidden, &hidden_totals))
                .min_by_key(|p| value(**p))
                .copied();
            match pick {
                Some(Place::Cell(r, c)) => hidden[r][c] = true,
                Some(Place::Total(c)) => hidden_totals[c] = true,
                None => return None,
            }
            changed = true;
        }
        if !changed {
            break;
        }
    }
    let shown = |n: i64, h: bool| (!h).then_some(n);
    Some((
        cells
            .iter()
            .zip(&hidden)
            .map(|(r, h)| r.iter().zip(h).map(|(&n, &h)| shown(n, h)).collect())
            .collect(),
        col_totals
            .iter()
            .zip(&hidden_totals)
            .map(|(&n, &h)| shown(n, h))
            .collect(),
    ))
}

/// The running count of one question over the responses.
#[derive(Clone, Debug)]
pub struct Acc {
    pub answered: i64,
    /// Per option (or scale point), then "other".
    pub counts: Vec<i64>,
    pub values: Vec<f64>,
    /// Ranking: points and the sum of places per option.
    pub points: Vec<i64>,
    pub places: Vec<i64>,
    /// Matrix: the values per row.
    pub rows: Vec<Vec<f64>>,
    /// Texts (and "other" texts) with the response they came from.
    pub texts: Vec<(i64, String)>,
    /// Per option or point: people per group (single choice and scale).
    pub by_group: Vec<Vec<i64>>,
}

impl Acc {
    fn new(q: &Question, groups: usize) -> Acc {
        let slots = match q.kind {
            Kind::Single | Kind::Multiple => q.spec.options.len() + 1,
            Kind::Scale => q.scale().count(),
            _ => 0,
        };
        let n = q.spec.options.len();
        Acc {
            answered: 0,
            counts: vec![0; slots],
            values: Vec::new(),
            points: vec![0; if q.kind == Kind::Ranking { n } else { 0 }],
            places: vec![0; if q.kind == Kind::Ranking { n } else { 0 }],
            rows: vec![Vec::new(); q.spec.rows.len()],
            texts: Vec::new(),
            by_group: match groups {
                0 => Vec::new(),
                g => vec![vec![0; g]; slots],
            },
        }
    }
}

/// Counts the responses: each (response id, its answers, its group among `groups`, if a
/// breakdown is asked for: `groups - 1` is "not said"). Texts are kept when `texts` says so.
pub fn count<'a>(
    questions: &[Question],
    responses: impl Iterator<Item = (i64, &'a HashMap<i64, Answer>, usize)>,
    groups: usize,
    texts: bool,
) -> Vec<Acc> {
    let mut accs = start(questions, groups);
    for (response, answers, group) in responses {
        add(&mut accs, questions, response, answers, group, texts);
    }
    accs
}

/// Empty counts, one per question.
pub fn start(questions: &[Question], groups: usize) -> Vec<Acc> {
    questions.iter().map(|q| Acc::new(q, groups)).collect()
}

/// Adds the counts of `more` (made from other responses) to `accs`: responses counted apart
/// (on several cores) are then counted together.
pub fn merge(accs: &mut [Acc], more: Vec<Acc>) {
    let sum = |a: &mut Vec<i64>, b: &[i64]| a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
    for (a, b) in accs.iter_mut().zip(more) {
        a.answered += b.answered;
        sum(&mut a.counts, &b.counts);
        a.values.extend(b.values);
        sum(&mut a.points, &b.points);
        sum(&mut a.places, &b.places);
        for (x, y) in a.rows.iter_mut().zip(b.rows) {
            x.extend(y);
        }
        a.texts.extend(b.texts);
        for (x, y) in a.by_group.iter_mut().zip(&b.by_group) {
            sum(x, y);
        }
    }
}

/// Counts one response.
pub fn add(
    accs: &mut [Acc],
    questions: &[Question],
    response: i64,
    answers: &HashMap<i64, Answer>,
    group: usize,
    texts: bool,
) {
    for (q, acc) in questions.iter().zip(accs.iter_mut()) {
        let Some(a) = answers.get(&q.id) else {
            continue;
        };
        acc.answered += 1;
        let other = acc.counts.len().saturating_sub(1);
        let mut slot = None;
        match a {
            Answer::Choice(i) => slot = Some((*i).min(other)),
            Answer::Other(t) => {
                slot = Some(other);
                if texts {
                    acc.texts.push((response, t.clone()));
                }
            }
            Answer::Choices(chosen, t) => {
                for &i in chosen {
                    if let Some(c) = acc.counts.get_mut(i.min(other)) {
                        *c += 1;
                    }
                }
                if let Some(t) = t {
                    acc.counts[other] += 1;
                    if texts {
                        acc.texts.push((response, t.clone()));
                    }
                }
            }
            Answer::Value(x) => {
                acc.values.push(*x);
                if q.kind == Kind::Scale {
                    slot = usize::try_from(*x as i64 - q.scale().start()).ok();
                }
            }
            Answer::Rows(rows) => {
                for (values, r) in acc.rows.iter_mut().zip(rows) {
                    if let Some(r) = r {
                        values.push(*r as f64);
                    }
                }
            }
            Answer::Order(order) => {
                for (o, p) in borda(order, acc.points.len()).into_iter().enumerate() {
                    acc.points[o] += p;
                }
                for (place, &o) in order.iter().enumerate() {
                    if let Some(s) = acc.places.get_mut(o) {
                        *s += place as i64 + 1;
                    }
                }
            }
            Answer::Text(t) => {
                if texts {
                    acc.texts.push((response, t.clone()));
                }
            }
        }
        if let Some(s) = slot.filter(|s| *s < acc.counts.len()) {
            acc.counts[s] += 1;
            if let Some(g) = acc.by_group.get_mut(s).and_then(|row| row.get_mut(group)) {
                *g += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether any line adding up to a shown total hides exactly one number.
    fn one_hidden_in_a_line(cells: &[Vec<Option<i64>>], totals: &[Option<i64>]) -> bool {
        let rows = cells
            .iter()
            .any(|r| r.iter().filter(|c| c.is_none()).count() == 1);
        let cols = (0..totals.len()).any(|c| {
            cells.iter().filter(|r| r[c].is_none()).count() + usize::from(totals[c].is_none()) == 1
        });
        rows || cols || totals.iter().filter(|t| t.is_none()).count() == 1
    }

    #[test]
    fn small_cells_are_hidden_and_cannot_be_worked_out() {
        // Answers × districts; 3 people in one cell.
        let cells = vec![vec![20, 3, 15], vec![12, 9, 30], vec![7, 11, 8]];
        let (shown, totals) = suppress(&cells, 5).unwrap();
        assert_eq!(shown[0][1], None);
        assert!(
            !one_hidden_in_a_line(&shown, &totals),
            "{shown:?} {totals:?}"
        );
        // What is not hidden is shown as counted.
        for (r, row) in shown.iter().enumerate() {
            for (c, n) in row.iter().enumerate() {
                assert!(n.is_none_or(|n| n == cells[r][c]));
            }
        }
        // Nothing small: nothing hidden; zeros are shown.
        let (shown, totals) = suppress(&[vec![10, 0], vec![6, 7]], 5).unwrap();
        assert_eq!(shown, vec![vec![Some(10), Some(0)], vec![Some(6), Some(7)]]);
        assert_eq!(totals, vec![Some(16), Some(7)]);
    }

    #[test]
    fn a_small_group_hides_its_total_and_another() {
        let cells = vec![vec![40, 2, 30], vec![35, 1, 25]];
        let (shown, totals) = suppress(&cells, 5).unwrap();
        assert_eq!(totals[1], None, "a group of 3 is not shown");
        assert!(totals.iter().filter(|t| t.is_none()).count() >= 2);
        assert!(!one_hidden_in_a_line(&shown, &totals));
    }

    #[test]
    fn a_table_that_cannot_hide_enough_is_withheld() {
        // One group only: the row's one cell equals its shown total.
        assert_eq!(suppress(&[vec![3], vec![10]], 5), None);
    }

    #[test]
    fn rankings_score_by_borda_points_and_mean_place() {
        assert_eq!(borda(&[2, 0, 1], 3), vec![1, 0, 2]);
        let q = Question {
            id: 1,
            page: 1,
            kind: Kind::Ranking,
            required: false,
            text: Default::default(),
            spec: super::super::Spec {
                options: vec![Default::default(); 3],
                ..Default::default()
            },
            shown_if: None,
        };
        let a = HashMap::from([(1, Answer::Order(vec![2, 0, 1]))]);
        let b = HashMap::from([(1, Answer::Order(vec![2, 1, 0]))]);
        let accs = count(
            std::slice::from_ref(&q),
            [(1, &a, 0), (2, &b, 0)].into_iter(),
            0,
            false,
        );
        assert_eq!(accs[0].points, vec![1, 1, 4]);
        assert_eq!(accs[0].places, vec![5, 5, 2]);
        assert_eq!(accs[0].answered, 2);
    }

    #[test]
    fn counts_made_apart_add_up() {
        let q = Question {
            id: 1,
            page: 1,
            kind: Kind::Single,
            required: false,
            text: Default::default(),
            spec: super::super::Spec {
                options: vec![Default::default(); 2],
                ..Default::default()
            },
            shown_if: None,
        };
        let qs = std::slice::from_ref(&q);
        let answers: Vec<HashMap<i64, Answer>> = (0..5)
            .map(|i| HashMap::from([(1, Answer::Choice(i % 2))]))
            .collect();
        let all = count(qs, answers.iter().map(|a| (1, a, 0)), 2, false);
        let mut merged = count(qs, answers[..2].iter().map(|a| (1, a, 0)), 2, false);
        merge(
            &mut merged,
            count(qs, answers[2..].iter().map(|a| (1, a, 0)), 2, false),
        );
        assert_eq!(merged[0].counts, all[0].counts);
        assert_eq!(merged[0].by_group, all[0].by_group);
        assert_eq!(merged[0].answered, 5);
    }

    #[test]
    fn mean_and_median() {
        let s = summarise(&mut [5.0, 1.0, 4.0, 2.0]).unwrap();
        assert_eq!(
            (s.mean, s.median, s.min, s.max, s.n),
            (3.0, 3.0, 1.0, 5.0, 4)
        );
        assert_eq!(summarise(&mut [3.0, 9.0, 4.0]).unwrap().median, 4.0);
        assert_eq!(summarise(&mut []), None);
    }
}
