//! Charts drawn on the server as SVG, so they need no JavaScript. Text stays HTML beside
//! the drawing (it wraps and zooms like the rest of the page), and every chart comes with its
//! numbers as a table: a bar chart *is* a table with a bar in each row; a chart of days has
//! its table under it.

use super::rules::{bin_days, bin_for, busy_span, format_number, scale_top, week_of, Bin};
use crate::i18n::{tr, use_lang, Msg};
use crate::time::{format_day, format_day_short, format_month, month_of, year_of};
use leptos::prelude::*;

/// One part of a bar, drawn in a CSS class (`for`, `against`, `main`, `alt`).
pub type Part = (i64, &'static str);

/// A row of a bar table: its label (a link when `href` is given), the cells after it, and
/// the parts of its bar.
#[derive(Clone, Debug)]
pub struct BarRow {
    pub label: String,
    pub href: Option<String>,
    pub cells: Vec<String>,
    pub parts: Vec<Part>,
}

/// A table whose last column draws each row's parts as a bar, all on one scale.
#[component]
pub fn BarTable(
    #[prop(into)] caption: String,
    /// The label column's heading, then one per cell.
    headers: Vec<String>,
    rows: Vec<BarRow>,
) -> impl IntoView {
    let top = scale_top(
        rows.iter()
            .map(|r| r.parts.iter().map(|p| p.0).sum::<i64>())
            .max()
            .unwrap_or(0),
    ) as f64;
    let region = caption.clone();
    let mut headers = headers.into_iter();
    let first = headers.next().unwrap_or_default();
    view! {
        // Scrolls sideways on a narrow screen: a keyboard can reach it, a reader knows it.
        <div class="table-scroll" tabindex="0" role="region" aria-label=region>
            <table class="bar-table">
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{first}</th>
                        {headers.map(|h| view! { <th scope="col" class="num">{h}</th> }).collect_view()}
                        <th scope="col" class="bar-cell"><span class="visually-hidden">{tr(Msg::ChartBar)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|row| {
                        let mut x = 0.0;
                        let rects = row.parts.iter().map(|(n, class)| {
                            let width = *n as f64 / top * 100.0;
                            let rect = view! {
                                <rect class=*class x=format!("{x:.2}") y="0" width=format!("{width:.2}") height="10"/>
                            };
                            x += width;
                            rect
                        }).collect_view();
                        view! {
                            <tr>
                                <th scope="row">{match row.href {
                                    Some(href) => view! { <a href=href>{row.label}</a> }.into_any(),
                                    None => view! { <span>{row.label}</span> }.into_any(),
                                }}</th>
                                {row.cells.into_iter().map(|c| view! { <td class="num">{c}</td> }).collect_view()}
                                <td class="bar-cell">
                                    <svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">{rects}</svg>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// A series of a chart of days: its name and a value for each day.
#[derive(Clone, Debug)]
pub struct Series {
    pub name: String,
    pub class: &'static str,
    pub values: Vec<i64>,
}

/// Columns over time, the series stacked, with the scale's top and the first and last dates
/// written beside it; the numbers follow as a table (in a disclosure: a quarter's days make
/// a long table). A column is a day, a week or a month, by the range (`rules::bin_for`);
/// with `fit`, the range is cut to the days that had anything (a results page: the
/// consultation's active days, not every day since).
#[component]
pub fn DayChart(
    /// A unique id on the page (for the caption and the table).
    id: &'static str,
    #[prop(into)] caption: String,
    days: Vec<i64>,
    series: Vec<Series>,
    #[prop(optional)] fit: bool,
) -> impl IntoView {
    let lang = use_lang();
    let mut values: Vec<Vec<i64>> = series.iter().map(|s| s.values.clone()).collect();
    let mut days = days;
    if let (true, Some((a, b))) = (fit, busy_span(&values)) {
        // At least a week, where the range has one: a single busy day is a column among
        // others, not a bar across the whole chart.
        let len = days.len();
        let a = a.min(b.saturating_sub(6));
        let b = b.max((a + 6).min(len.saturating_sub(1)));
        days = days.into_iter().skip(a).take(b - a + 1).collect();
        for v in values.iter_mut() {
            *v = v.iter().copied().skip(a).take(b - a + 1).collect();
        }
    }
    let unit = bin_for(days.len());
    let (starts, sums) = match unit {
        Bin::Day => (days.clone(), values),
        Bin::Week => bin_days(&days, &values, week_of),
        Bin::Month => bin_days(&days, &values, month_of),
    };
    let crosses_year = match (days.first(), days.last()) {
        (Some(a), Some(b)) => year_of(*a) != year_of(*b),
        _ => false,
    };
    // In the table and the summary: the whole date; on the axis: short, with the year when
    // the range crosses one.
    let long = move |day: i64| match unit {
        Bin::Day => format_day(lang, day),
        Bin::Week => crate::i18n::tf(lang, Msg::WeekOf, &[("date", &format_day(lang, day))]),
        Bin::Month => format_month(lang, day),
    };
    let short = move |day: i64| match (unit, crosses_year) {
        (Bin::Month, _) => format_month(lang, day),
        (_, true) => format_day(lang, day),
        (_, false) => format_day_short(lang, day),
    };
    let (unit_note, column) = match unit {
        Bin::Day => (Msg::ChartEachDay, Msg::ColDay),
        Bin::Week => (Msg::ChartEachWeek, Msg::ColWeek),
        Bin::Month => (Msg::ChartEachMonth, Msg::ColMonth),
    };
    let totals: Vec<i64> = (0..starts.len())
        .map(|i| sums.iter().map(|s| s.get(i).copied().unwrap_or(0)).sum())
        .collect();
    let top = scale_top(totals.iter().copied().max().unwrap_or(0));
    let width = starts.len().max(1) * 10;
    let busiest = totals
        .iter()
        .enumerate()
        .max_by_key(|(i, n)| (**n, std::cmp::Reverse(*i)))
        .map(|(i, n)| (starts[i], *n));
    let summary = match (days.first(), days.last(), busiest) {
        (Some(first), Some(last), Some((bin, n))) if n > 0 => crate::i18n::tf(
            lang,
            Msg::ChartSummary,
            &[
                ("from", &format_day(lang, *first)),
                ("to", &format_day(lang, *last)),
                ("day", &long(bin)),
                ("count", &format_number(lang, n)),
            ],
        ),
        _ => tr(Msg::NoActivityYet).to_string(),
    };
    let mut columns = Vec::new();
    for i in 0..starts.len() {
        let mut y = 100.0;
        for (s, v) in series.iter().zip(&sums) {
            let n = v.get(i).copied().unwrap_or(0);
            if n == 0 {
                continue;
            }
            let h = n as f64 / top as f64 * 100.0;
            y -= h;
            columns.push(view! {
                <rect class=s.class x=(i * 10 + 1).to_string() y=format!("{y:.2}") width="8" height=format!("{h:.2}")/>
            });
        }
    }
    let legend = (series.len() > 1).then(|| view! {
        <ul class="legend">
            {series.iter().map(|s| view! {
                <li><span class=format!("swatch {}", s.class) aria-hidden="true"></span>{s.name.clone()}</li>
            }).collect_view()}
        </ul>
    });
    let caption_id = format!("{id}-caption");
    let (figcaption, region) = (caption.clone(), caption.clone());
    let first = starts.first().map(|d| short(*d)).unwrap_or_default();
    let last = starts.last().map(|d| short(*d)).unwrap_or_default();
    let rows: Vec<(i64, Vec<i64>)> = starts
        .iter()
        .enumerate()
        .map(|(i, d)| {
            (
                *d,
                sums.iter()
                    .map(|s| s.get(i).copied().unwrap_or(0))
                    .collect(),
            )
        })
        .collect();
    view! {
        <figure class="chart" aria-labelledby=caption_id.clone()>
            <figcaption id=caption_id.clone()>{figcaption}</figcaption>
            <p class="meta chart-unit">{tr(unit_note)}</p>
            {legend}
            <div class="chart-area">
                <span class="axis-top">{format_number(lang, top)}</span>
                <svg viewBox=format!("0 0 {width} 100") preserveAspectRatio="none" role="img"
                    aria-label=summary focusable="false">
                    <line class="axis" x1="0" y1="100" x2=width.to_string() y2="100"/>
                    {columns}
                </svg>
                <span class="axis-days"><span>{first}</span><span>{last}</span></span>
            </div>
            <details class="chart-data">
                <summary>{tr(Msg::ChartTable)}</summary>
                <div class="table-scroll" tabindex="0" role="region" aria-label=region>
                    <table>
                        <caption class="visually-hidden">{caption}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{tr(column)}</th>
                                {series.iter().map(|s| view! { <th scope="col" class="num">{s.name.clone()}</th> }).collect_view()}
                            </tr>
                        </thead>
                        <tbody>
                            {rows.into_iter().map(|(d, ns)| view! {
                                <tr>
                                    <th scope="row">{long(d)}</th>
                                    {ns.into_iter().map(|n| view! {
                                        <td class="num">{format_number(lang, n)}</td>
                                    }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}
