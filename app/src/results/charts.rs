//! Charts drawn on the server as SVG, so they need no JavaScript. Text stays HTML beside
//! the drawing (it wraps and zooms like the rest of the page), and every chart comes with its
//! numbers as a table: a bar chart *is* a table with a bar in each row; a chart of days has
//! its table under it.

use super::rules::{format_number, scale_top};
use crate::i18n::{tr, use_lang, Msg};
use crate::time::{format_day, format_day_short};
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

/// Columns per day, the series stacked, with the scale's top and the first and last days
/// written beside it; the numbers follow as a table (in a disclosure: a quarter's days make
/// a long table).
#[component]
pub fn DayChart(
    /// A unique id on the page (for the caption and the table).
    id: &'static str,
    #[prop(into)] caption: String,
    days: Vec<i64>,
    series: Vec<Series>,
) -> impl IntoView {
    let lang = use_lang();
    let totals: Vec<i64> = (0..days.len())
        .map(|i| {
            series
                .iter()
                .map(|s| s.values.get(i).copied().unwrap_or(0))
                .sum()
        })
        .collect();
    let top = scale_top(totals.iter().copied().max().unwrap_or(0));
    let width = days.len().max(1) * 10;
    let busiest = totals
        .iter()
        .enumerate()
        .max_by_key(|(i, n)| (**n, std::cmp::Reverse(*i)))
        .map(|(i, n)| (days[i], *n));
    let summary = match (days.first(), days.last(), busiest) {
        (Some(first), Some(last), Some((day, n))) => crate::i18n::tf(
            lang,
            Msg::ChartSummary,
            &[
                ("from", &format_day(lang, *first)),
                ("to", &format_day(lang, *last)),
                ("day", &format_day(lang, day)),
                ("count", &format_number(lang, n)),
            ],
        ),
        _ => tr(Msg::NoActivityYet).to_string(),
    };
    let mut columns = Vec::new();
    for (i, _) in days.iter().enumerate() {
        let mut y = 100.0;
        for s in &series {
            let n = s.values.get(i).copied().unwrap_or(0);
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
    let first = days
        .first()
        .map(|d| format_day_short(lang, *d))
        .unwrap_or_default();
    let last = days
        .last()
        .map(|d| format_day_short(lang, *d))
        .unwrap_or_default();
    view! {
        <figure class="chart" aria-labelledby=caption_id.clone()>
            <figcaption id=caption_id.clone()>{figcaption}</figcaption>
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
                                <th scope="col">{tr(Msg::ColDay)}</th>
                                {series.iter().map(|s| view! { <th scope="col" class="num">{s.name.clone()}</th> }).collect_view()}
                            </tr>
                        </thead>
                        <tbody>
                            {days.iter().enumerate().map(|(i, d)| view! {
                                <tr>
                                    <th scope="row">{format_day(lang, *d)}</th>
                                    {series.iter().map(|s| view! {
                                        <td class="num">{format_number(lang, s.values.get(i).copied().unwrap_or(0))}</td>
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
