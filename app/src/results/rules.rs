//! The arithmetic of results: filling day series, medians, chart scales, and numbers and
//! durations written as each language writes them.

use crate::i18n::Lang;

/// The periods the dashboard offers, in days; the first is the default.
pub const PERIODS: [i64; 3] = [30, 7, 90];

/// A `?days=` value: one of `PERIODS`, else the default.
pub fn parse_period(s: &str) -> i64 {
    s.trim()
        .parse::<i64>()
        .ok()
        .filter(|d| PERIODS.contains(d))
        .unwrap_or(PERIODS[0])
}

/// Every day from `first` to `last` (day numbers, inclusive), with the rows' values where
/// there are rows and `empty(day)` where there are none. Rows must be sorted by day; rows
/// outside the range are dropped.
pub fn fill_days<T: Copy>(
    first: i64,
    last: i64,
    rows: &[T],
    day_of: impl Fn(&T) -> i64,
    empty: impl Fn(i64) -> T,
) -> Vec<T> {
    let mut rows = rows.iter().peekable();
    (first..=last)
        .map(|day| {
            while rows.next_if(|r| day_of(r) < day).is_some() {}
            match rows.next_if(|r| day_of(r) == day) {
                Some(r) => *r,
                None => empty(day),
            }
        })
        .collect()
}

/// What one column of a chart over time stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Bin {
    Day,
    Week,
    Month,
}

/// Up to two months a chart shows days, up to a year weeks, beyond that months: between 8 and
/// about 60 columns, each wide enough to see on a phone.
pub fn bin_for(span_days: usize) -> Bin {
    match span_days {
        0..=62 => Bin::Day,
        63..=371 => Bin::Week,
        _ => Bin::Month,
    }
}

/// The days from the first to the last on which any series has something: a consultation
/// whose ten active days lie in a three-year span is drawn over those ten days.
pub fn busy_span(series: &[Vec<i64>]) -> Option<(usize, usize)> {
    let len = series.iter().map(Vec::len).max().unwrap_or(0);
    let busy = |i: &usize| series.iter().any(|s| s.get(*i).copied().unwrap_or(0) != 0);
    let first = (0..len).find(busy)?;
    let last = (0..len).rev().find(busy)?;
    Some((first, last))
}

/// Consecutive days (`days[i]` with each series' `values[i]`) summed into bins: each bin's
/// first day, and per series the sums. `key` says which bin a day falls in (its week or
/// month); a bin cut by the range's ends holds the days in range only.
pub fn bin_days(
    days: &[i64],
    series: &[Vec<i64>],
    key: impl Fn(i64) -> i64,
) -> (Vec<i64>, Vec<Vec<i64>>) {
    let mut starts: Vec<i64> = Vec::new();
    let mut sums: Vec<Vec<i64>> = vec![Vec::new(); series.len()];
    let mut current = None;
    for (i, day) in days.iter().enumerate() {
        let k = key(*day);
        if current != Some(k) {
            current = Some(k);
            starts.push(*day);
            sums.iter_mut().for_each(|s| s.push(0));
        }
        for (s, values) in sums.iter_mut().zip(series) {
            *s.last_mut().expect("a bin was opened") += values.get(i).copied().unwrap_or(0);
        }
    }
    (starts, sums)
}

/// The Monday on or before a day number (day 0, 1 January 1970, was a Thursday).
pub fn week_of(day: i64) -> i64 {
    day - (day + 3).rem_euclid(7)
}

/// The median of some values (the mean of the middle two for an even count).
pub fn median(mut values: Vec<i64>) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    Some(match values.len() % 2 {
        1 => values[mid],
        _ => (values[mid - 1] + values[mid]) / 2,
    })
}

/// The top of a chart's scale: the smallest 1, 2 or 5 × 10ⁿ at least `max` (1 for nothing).
pub fn scale_top(max: i64) -> i64 {
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            if m * step >= max {
                return m * step;
            }
        }
        step *= 10;
    }
}

/// "12.345" / "12,345": thousands grouped as each language does.
pub fn format_number(lang: Lang, n: i64) -> String {
    let sep = match lang {
        Lang::Sl => '.',
        Lang::En => ',',
    };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    match n < 0 {
        true => format!("−{out}"),
        false => out,
    }
}

/// A share as a percentage with one decimal: "12,5 %" / "12.5%".
pub fn format_percent(lang: Lang, part: i64, whole: i64) -> String {
    let tenths = match whole {
        0 => 0,
        _ => (part * 1000 + whole / 2) / whole,
    };
    let (int, frac) = (tenths / 10, tenths % 10);
    match lang {
        Lang::Sl => format!("{int},{frac}\u{a0}%"),
        Lang::En => format!("{int}.{frac}%"),
    }
}

/// A duration in the units that suit it: "45 min", "5 h 20 min", "3 d 4 h" (SI symbols, the
/// same in both languages).
pub fn format_duration(ms: i64) -> String {
    let minutes = (ms.max(0) + 30_000) / 60_000;
    let (d, h, m) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    match (d, h) {
        (0, 0) => format!("{m}\u{a0}min"),
        (0, _) => format!("{h}\u{a0}h {m}\u{a0}min"),
        _ => format!("{d}\u{a0}d {h}\u{a0}h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_filled_without_gaps() {
        let rows = [(3, 5), (5, 1), (9, 9)];
        let filled = fill_days(2, 6, &rows, |r| r.0, |d| (d, 0));
        assert_eq!(filled, vec![(2, 0), (3, 5), (4, 0), (5, 1), (6, 0)]);
        assert!(fill_days(5, 4, &rows, |r| r.0, |d| (d, 0)).is_empty());
    }

    #[test]
    fn charts_bin_by_the_range() {
        assert_eq!(bin_for(10), Bin::Day);
        assert_eq!(bin_for(62), Bin::Day);
        assert_eq!(bin_for(90), Bin::Week);
        assert_eq!(bin_for(3 * 365), Bin::Month);
        // 1970-01-05 was a Monday: the Thursday before belongs to the week of 29 December.
        assert_eq!(week_of(4), 4);
        assert_eq!(week_of(10), 4);
        assert_eq!(week_of(3), -3);
        assert_eq!(week_of(-3), -3);
        let days: Vec<i64> = (3..=12).collect();
        let votes = vec![vec![1; 10], (0..10).collect()];
        let (starts, sums) = bin_days(&days, &votes, week_of);
        // 3 (Sunday), 4..=10 (a whole week), 11..=12.
        assert_eq!(starts, vec![3, 4, 11]);
        assert_eq!(
            sums,
            vec![vec![1, 7, 2], vec![0, 1 + 2 + 3 + 4 + 5 + 6 + 7, 8 + 9]]
        );
    }

    #[test]
    fn a_chart_spans_only_the_busy_days() {
        let quiet_then_busy = vec![vec![0, 0, 3, 0, 1, 0], vec![0, 0, 0, 2, 0, 0]];
        assert_eq!(busy_span(&quiet_then_busy), Some((2, 4)));
        assert_eq!(busy_span(&[vec![0, 0]]), None);
        assert_eq!(busy_span(&[]), None);
    }

    #[test]
    fn medians() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![7, 1, 3]), Some(3));
        assert_eq!(median(vec![10, 1, 3, 20]), Some(6));
    }

    #[test]
    fn scales_are_round() {
        assert_eq!(scale_top(0), 1);
        assert_eq!(scale_top(3), 5);
        assert_eq!(scale_top(11), 20);
        assert_eq!(scale_top(5001), 10_000);
    }

    #[test]
    fn numbers_per_language() {
        assert_eq!(format_number(Lang::Sl, 1_234_567), "1.234.567");
        assert_eq!(format_number(Lang::En, 1_234_567), "1,234,567");
        assert_eq!(format_number(Lang::En, 999), "999");
        assert_eq!(format_number(Lang::Sl, -1200), "−1.200");
        assert_eq!(format_percent(Lang::Sl, 1, 8), "12,5\u{a0}%");
        assert_eq!(format_percent(Lang::En, 2, 3), "66.7%");
        assert_eq!(format_percent(Lang::En, 0, 0), "0.0%");
    }

    #[test]
    fn durations() {
        assert_eq!(format_duration(44 * 60_000 + 40_000), "45\u{a0}min");
        assert_eq!(
            format_duration(5 * 3_600_000 + 20 * 60_000),
            "5\u{a0}h 20\u{a0}min"
        );
        assert_eq!(format_duration(76 * 3_600_000), "3\u{a0}d 4\u{a0}h");
    }

    #[test]
    fn periods() {
        assert_eq!(parse_period("7"), 7);
        assert_eq!(parse_period("8"), 30);
        assert_eq!(parse_period(""), 30);
    }
}
