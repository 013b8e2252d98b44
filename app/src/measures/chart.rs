//! An indicator's readings as an SVG line drawn on the server toward its target, with the
//! same numbers in a table beside it (what screen readers read; the SVG is one sentence).

use super::rules::{format_civil, format_value};
use super::IndicatorView;
use crate::i18n::{tf, tr, use_lang, Msg};
use leptos::prelude::*;

/// Days since 1970 of a "YYYY-MM-DD" date (the chart's x axis).
fn day_of(date: &str) -> Option<i64> {
    let d: jiff::civil::Date = date.parse().ok()?;
    let epoch = jiff::civil::date(1970, 1, 1);
    Some(epoch.until(d).ok()?.get_days() as i64)
}

#[component]
pub fn IndicatorChart(indicator: IndicatorView) -> impl IntoView {
    let lang = use_lang();
    let i = indicator;
    let unit = i.unit.clone();
    // From 0 to 1 with readings of 0 or 1 only: a yes/no indicator ("done" / "not yet"),
    // not a number ("1 yes = 1").
    let yes_no = i.baseline == 0.0
        && i.target == 1.0
        && i.readings.iter().all(|r| r.value == 0.0 || r.value == 1.0);
    let with_unit = move |v: f64| match (yes_no, unit.as_str()) {
        (true, _) if v >= 1.0 => tr(Msg::IndicatorDone).to_string(),
        (true, _) => tr(Msg::IndicatorNotYet).to_string(),
        (false, "") => format_value(lang, v),
        (false, u) => format!("{}\u{a0}{u}", format_value(lang, v)),
    };
    let latest = i.readings.last().cloned();
    let summary = match &latest {
        Some(r) => tf(
            lang,
            Msg::IndicatorSummary,
            &[
                ("value", &with_unit(r.value)),
                ("date", &format_civil(lang, &r.taken_on)),
                ("target", &with_unit(i.target)),
                ("baseline", &with_unit(i.baseline)),
                ("percent", &i.progress.unwrap_or(0).to_string()),
            ],
        ),
        None => tf(
            lang,
            Msg::IndicatorNoReadings,
            &[
                ("target", &with_unit(i.target)),
                ("baseline", &with_unit(i.baseline)),
            ],
        ),
    };
    let due = i
        .due_on
        .as_deref()
        .map(|d| tf(lang, Msg::DueOn, &[("date", &format_civil(lang, d))]));
    // x: days from the first reading (or the due date) to the last reading or the due date;
    // y: from the lowest to the highest of baseline, target and readings.
    let points: Vec<(i64, f64)> = i
        .readings
        .iter()
        .filter_map(|r| Some((day_of(&r.taken_on)?, r.value)))
        .collect();
    let due_day = i.due_on.as_deref().and_then(day_of);
    let xs: Vec<i64> = points.iter().map(|p| p.0).chain(due_day).collect();
    let (x0, x1) = match (xs.iter().min(), xs.iter().max()) {
        (Some(a), Some(b)) if a < b => (*a, *b),
        (Some(a), _) => (*a - 1, *a + 1),
        _ => (0, 1),
    };
    let ys: Vec<f64> = points
        .iter()
        .map(|p| p.1)
        .chain([i.baseline, i.target])
        .collect();
    let lo = ys.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = ys.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = if hi - lo < 1e-9 {
        (lo - 1.0, hi + 1.0)
    } else {
        (lo, hi)
    };
    // Drawn at its own aspect (not stretched), so the points stay round.
    let x = move |d: i64| 4.0 + (d - x0) as f64 / (x1 - x0) as f64 * 192.0;
    let y = move |v: f64| 76.0 - (v - lo) / (hi - lo) * 72.0;
    let day_label = move |d: i64| crate::time::format_day(lang, d);
    let (first_day, last_day) = (day_label(x0), day_label(x1));
    let (top_label, low_label) = (with_unit(hi), with_unit(lo));
    let line: String = points
        .iter()
        .map(|(d, v)| format!("{:.1},{:.1}", x(*d), y(*v)))
        .collect::<Vec<_>>()
        .join(" ");
    let dots = points
        .iter()
        .map(|(d, v)| view! { <circle class="reading" cx=format!("{:.1}", x(*d)) cy=format!("{:.1}", y(*v)) r="3"/> })
        .collect_view();
    let target_y = format!("{:.1}", y(i.target));
    let baseline_y = format!("{:.1}", y(i.baseline));
    let caption_id = format!("indicator-{}-caption", i.id);
    let labelled_by = caption_id.clone();
    let name = i.name.clone();
    let region = tf(lang, Msg::ReadingsOf, &[("name", &i.name)]);
    let rows = i.readings.clone();
    let with_unit_rows = with_unit.clone();
    view! {
        <figure class="chart indicator" id=format!("indicator-{}", i.id) aria-labelledby=labelled_by>
            <figcaption id=caption_id>{name}</figcaption>
            // The bar and its figure, and the date, each kept on one line.
            <p class="meta progress-line">
                {i.progress.map(|p| view! {
                    <span class="nowrap">
                        <progress max="100" value=p aria-label=tr(Msg::Progress)></progress>
                        " " {tf(lang, Msg::PercentDone, &[("percent", &p.to_string())])}
                    </span>
                    " · "
                })}
                {tf(lang, Msg::FromBaselineToTarget, &[("baseline", &with_unit(i.baseline)), ("target", &with_unit(i.target))])}
                {due.map(|d| view! { " · " <span class="nowrap">{d}</span> })}
            </p>
            <div class="chart-area indicator-area">
                <span class="axis-top">{top_label}</span>
                <span class="axis-low">{low_label}</span>
                <svg viewBox="0 0 200 80" role="img" aria-label=summary focusable="false">
                    <line class="axis" x1="2" y1="0" x2="2" y2="78"/>
                    <line class="axis" x1="2" y1="78" x2="200" y2="78"/>
                    <line class="target-line" x1="0" y1=target_y.clone() x2="200" y2=target_y/>
                    <line class="baseline-line" x1="0" y1=baseline_y.clone() x2="200" y2=baseline_y/>
                    {(!line.is_empty()).then(|| view! { <polyline class="readings" points=line/> })}
                    {dots}
                </svg>
                <span class="axis-days"><span>{first_day}</span><span>{last_day}</span></span>
            </div>
            <ul class="legend">
                <li><span class="swatch target-swatch" aria-hidden="true"></span>{tr(Msg::Target)}</li>
                <li><span class="swatch baseline-swatch" aria-hidden="true"></span>{tr(Msg::Baseline)}</li>
                <li><span class="swatch main" aria-hidden="true"></span>{tr(Msg::Readings)}</li>
            </ul>
            {(!rows.is_empty()).then(|| view! {
                <div class="table-scroll" tabindex="0" role="region" aria-label=region.clone()>
                    <table>
                        <caption class="visually-hidden">{region.clone()}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{tr(Msg::ColDate)}</th>
                                <th scope="col" class="num">{tr(Msg::ColValue)}</th>
                                <th scope="col">{tr(Msg::ColNote)}</th>
                                <th scope="col">{tr(Msg::ColSource)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows.into_iter().map(|r| view! {
                                <tr>
                                    <th scope="row">{format_civil(lang, &r.taken_on)}</th>
                                    <td class="num">{with_unit_rows(r.value)}
                                        {r.corrected.then(|| view! { " " <span class="meta">{tr(Msg::Corrected)}</span> })}
                                    </td>
                                    <td>{r.note}</td>
                                    <td>{r.source}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        </figure>
    }
}
