//! Dates and times as people read them, written per language: pages show them in the reader's
//! time zone (a signed-in person may choose one; everyone else gets the site's), while forms
//! and the days of digests use the site's zone (Europe/Ljubljana unless `POSVET_TIME_ZONE`
//! names another), which the forms say. Stored times are UTC milliseconds.

use crate::lang::Lang;
use jiff::{civil::DateTime, tz::TimeZone, Timestamp};
use std::sync::OnceLock;

pub const DEFAULT_TIME_ZONE: &str = "Europe/Ljubljana";

static ZONE: OnceLock<TimeZone> = OnceLock::new();

/// Sets the site's time zone once, at start-up; an unknown name is refused.
pub fn set_site_zone(name: &str) -> Result<(), String> {
    let tz = TimeZone::get(name).map_err(|e| format!("unknown time zone {name:?}: {e}"))?;
    let _ = ZONE.set(tz);
    Ok(())
}

/// The zone's name, e.g. "Europe/Ljubljana".
pub fn site_zone_name() -> &'static str {
    site_zone().iana_name().unwrap_or("UTC")
}

pub fn site_zone() -> &'static TimeZone {
    ZONE.get_or_init(|| TimeZone::get(DEFAULT_TIME_ZONE).unwrap_or(TimeZone::UTC))
}

/// The zone of the page being rendered, when its reader chose one (provided by the app for
/// a signed-in person; pages for everyone else, which may be cached and shared, have none).
#[derive(Clone, Debug)]
pub struct ViewerZone(pub TimeZone);

impl ViewerZone {
    /// The zone a person chose, if it is one we know.
    pub fn named(name: Option<&str>) -> Option<Self> {
        name.filter(|n| is_zone(n))
            .and_then(|n| TimeZone::get(n).ok())
            .map(ViewerZone)
    }
}

/// Whether a name is one of the zones a person may choose (see `zone_names`).
pub fn is_zone(name: &str) -> bool {
    zone_names().iter().any(|z| z == name)
}

/// The zones most people here choose, offered first (the rest by name, typed with suggestions).
pub const COMMON_ZONES: [&str; 14] = [
    "Europe/Ljubljana",
    "Europe/London",
    "Europe/Lisbon",
    "Europe/Berlin",
    "Europe/Athens",
    "Europe/Istanbul",
    "Europe/Moscow",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
];

/// The zones offered in the settings: the geographic ones of the bundled database, sorted.
pub fn zone_names() -> &'static [String] {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        const AREAS: [&str; 9] = [
            "Africa/",
            "America/",
            "Antarctica/",
            "Asia/",
            "Atlantic/",
            "Australia/",
            "Europe/",
            "Indian/",
            "Pacific/",
        ];
        let mut names: Vec<String> = jiff::tz::db()
            .available()
            .map(|n| n.to_string())
            .filter(|n| AREAS.iter().any(|a| n.starts_with(a)))
            .collect();
        names.push("UTC".into());
        names.sort();
        names.dedup();
        names
    })
}

/// The reader's zone on a page, the site's elsewhere.
fn reader_zone() -> TimeZone {
    leptos::prelude::use_context::<ViewerZone>()
        .map(|z| z.0)
        .unwrap_or_else(|| site_zone().clone())
}

fn in_zone(zone: &TimeZone, unix_ms: i64) -> DateTime {
    let instant = Timestamp::from_millisecond(unix_ms).unwrap_or(Timestamp::UNIX_EPOCH);
    zone.to_datetime(instant)
}

/// A stored time in the site's zone (forms, digests).
fn local(unix_ms: i64) -> DateTime {
    in_zone(site_zone(), unix_ms)
}

const EN_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "24. 11. 2026" / "24 Nov 2026", in the reader's zone.
pub fn format_date(lang: Lang, unix_ms: i64) -> String {
    write_date(lang, in_zone(&reader_zone(), unix_ms))
}

fn write_date(lang: Lang, d: DateTime) -> String {
    let (y, m, day) = (d.year(), d.month(), d.day());
    match lang {
        Lang::Sl => format!("{day}. {m}. {y}"),
        Lang::En => format!("{day} {} {y}", EN_MONTHS[(m - 1) as usize]),
    }
}

/// "24. 11. 2026 ob 18.05" / "24 Nov 2026, 18:05", in the reader's zone.
pub fn format_date_time(lang: Lang, unix_ms: i64) -> String {
    let d = in_zone(&reader_zone(), unix_ms);
    let date = write_date(lang, d);
    match lang {
        Lang::Sl => format!("{date} ob {}.{:02}", d.hour(), d.minute()),
        Lang::En => format!("{date}, {}:{:02}", d.hour(), d.minute()),
    }
}

/// The value of an `<input type="datetime-local">` for a stored time: "2026-11-24T18:05".
pub fn to_input(unix_ms: i64) -> String {
    local(unix_ms).strftime("%Y-%m-%dT%H:%M").to_string()
}

/// An `<input type="datetime-local">` value (or a bare date, meaning its midnight) in the
/// site's time zone; `None` when it is not a date and time. A time that does not exist
/// locally (the hour skipped in spring) is taken as the instant after the gap.
pub fn parse_input(s: &str) -> Option<i64> {
    let s = s.trim();
    let dt: DateTime = s.parse().ok().or_else(|| {
        s.parse::<jiff::civil::Date>()
            .ok()
            .map(|d| d.to_datetime(jiff::civil::Time::midnight()))
    })?;
    let zoned = site_zone()
        .to_ambiguous_zoned_datetime(dt)
        .compatible()
        .ok()?;
    Some(zoned.timestamp().as_millisecond())
}

/// The end of a day given as "YYYY-MM-DD": the first moment of the next day, local time.
pub fn end_of_day(date: &str) -> Option<i64> {
    let day: jiff::civil::Date = date.trim().parse().ok()?;
    let next = day.tomorrow().ok()?;
    parse_input(&next.to_string())
}

/// The site zone's UTC offsets from `from_ms` until `to_ms`, as `(since, offset)` pairs in
/// milliseconds, the first since `from_ms`. With them the data layer groups stored times by
/// the site's local day in SQL, exactly also across daylight-saving changes.
pub fn site_offsets(from_ms: i64, to_ms: i64) -> Vec<(i64, i64)> {
    let zone = site_zone();
    let start = Timestamp::from_millisecond(from_ms).unwrap_or(Timestamp::UNIX_EPOCH);
    let ms = |o: jiff::tz::Offset| i64::from(o.seconds()) * 1000;
    let mut out = vec![(from_ms, ms(zone.to_offset(start)))];
    for t in zone.following(start) {
        let at = t.timestamp().as_millisecond();
        if at >= to_ms {
            break;
        }
        out.push((at, ms(t.offset())));
    }
    out
}

/// The site's local day of a time as a day number (days since 1970-01-01), as the data layer
/// groups them.
pub fn day_number(unix_ms: i64) -> i64 {
    let epoch = jiff::civil::date(1970, 1, 1);
    epoch
        .until(local(unix_ms).date())
        .map_or(0, |span| i64::from(span.get_days()))
}

fn day_date(day: i64) -> jiff::civil::Date {
    let epoch = jiff::civil::date(1970, 1, 1);
    epoch
        .checked_add(jiff::Span::new().days(day))
        .unwrap_or(epoch)
}

/// The first moment of a day number's day on the site's calendar.
pub fn day_start(day: i64) -> i64 {
    site_zone()
        .to_ambiguous_zoned_datetime(day_date(day).to_datetime(jiff::civil::Time::midnight()))
        .compatible()
        .map_or(day * 86_400_000, |z| z.timestamp().as_millisecond())
}

/// A day number as a date: "24. 11. 2026" / "24 Nov 2026".
pub fn format_day(lang: Lang, day: i64) -> String {
    write_date(
        lang,
        day_date(day).to_datetime(jiff::civil::Time::midnight()),
    )
}

/// Which month a day number falls in, as one number (year × 12 + month).
pub fn month_of(day: i64) -> i64 {
    let d = day_date(day);
    i64::from(d.year()) * 12 + i64::from(d.month())
}

/// The year of a day number.
pub fn year_of(day: i64) -> i64 {
    i64::from(day_date(day).year())
}

/// A day number's month: "november 2026" / "November 2026".
pub fn format_month(lang: Lang, day: i64) -> String {
    let d = day_date(day);
    let m = (d.month() - 1) as usize;
    match lang {
        Lang::Sl => format!("{} {}", SL_MONTHS_FULL[m], d.year()),
        Lang::En => format!("{} {}", EN_MONTHS_FULL[m], d.year()),
    }
}

const SL_MONTHS_FULL: [&str; 12] = [
    "januar",
    "februar",
    "marec",
    "april",
    "maj",
    "junij",
    "julij",
    "avgust",
    "september",
    "oktober",
    "november",
    "december",
];
const EN_MONTHS_FULL: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A day number in short, for a chart's axis: "24. 11." / "24 Nov".
pub fn format_day_short(lang: Lang, day: i64) -> String {
    let d = day_date(day);
    match lang {
        Lang::Sl => format!("{}. {}.", d.day(), d.month()),
        Lang::En => format!("{} {}", d.day(), EN_MONTHS[(d.month() - 1) as usize]),
    }
}

/// The local calendar day of a time, "2026-11-24" (the key of a daily digest).
pub fn local_day(unix_ms: i64) -> String {
    local(unix_ms).date().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-11-24 17:05 UTC is 18:05 in Ljubljana (CET, UTC+1).
    const WINTER: i64 = 1_795_539_900_000;

    #[test]
    fn local_days_follow_summer_time() {
        // 2026-03-29: Ljubljana moves from UTC+1 to UTC+2 at 01:00 UTC.
        let march_28 = 1_774_656_000_000; // 2026-03-28 00:00 UTC
        let offsets = site_offsets(march_28, march_28 + 3 * 86_400_000);
        assert_eq!(offsets.len(), 2);
        assert_eq!(offsets[0].1, 3_600_000);
        assert_eq!(offsets[1], (1_774_746_000_000, 7_200_000));
        // 22:30 UTC on 29 March is already 30 March in Ljubljana.
        let late = 1_774_823_400_000;
        assert_eq!(format_day(Lang::En, day_number(late)), "30 Mar 2026");
        assert_eq!(format_day_short(Lang::Sl, day_number(late)), "30. 3.");
        assert_eq!((late + offsets[1].1) / 86_400_000, day_number(late));
        assert_eq!(day_start(day_number(late)), 1_774_821_600_000); // 22:00 UTC
    }

    #[test]
    fn times_are_written_in_ljubljana_time_per_language() {
        assert_eq!(format_date_time(Lang::Sl, WINTER), "24. 11. 2026 ob 18.05");
        assert_eq!(format_date_time(Lang::En, WINTER), "24 Nov 2026, 18:05");
        assert_eq!(to_input(WINTER), "2026-11-24T18:05");
    }

    #[test]
    fn input_round_trips_and_summer_time_counts() {
        assert_eq!(parse_input(&to_input(WINTER)), Some(WINTER));
        // 1 July 12:00 in Ljubljana is 10:00 UTC (CEST, UTC+2).
        let summer = parse_input("2027-07-01T12:00").unwrap();
        assert_eq!(
            Timestamp::from_millisecond(summer).unwrap().to_string(),
            "2027-07-01T10:00:00Z"
        );
        assert_eq!(parse_input("2027-07-01"), parse_input("2027-07-01T00:00"));
        assert_eq!(parse_input("soon"), None);
        assert_eq!(parse_input(""), None);
    }

    #[test]
    fn a_day_ends_at_the_next_local_midnight() {
        assert_eq!(end_of_day("2026-12-01"), parse_input("2026-12-02T00:00"));
        // The night the clocks go back is 25 hours long.
        let start = parse_input("2026-10-25").unwrap();
        assert_eq!(end_of_day("2026-10-25").unwrap() - start, 25 * 3_600_000);
        assert_eq!(end_of_day("2026-13-01"), None);
        assert_eq!(end_of_day("tomorrow"), None);
    }

    #[test]
    fn a_reader_who_chose_a_zone_reads_times_in_it() {
        let owner = leptos::prelude::Owner::new();
        owner.with(|| {
            leptos::prelude::provide_context(ViewerZone::named(Some("America/New_York")).unwrap());
            // 17:05 UTC is 12:05 in New York (EST, UTC−5).
            assert_eq!(format_date_time(Lang::En, WINTER), "24 Nov 2026, 12:05");
            // Forms keep the site's zone, which they name.
            assert_eq!(to_input(WINTER), "2026-11-24T18:05");
        });
        assert!(ViewerZone::named(Some("Mars/Olympus")).is_none());
        assert!(ViewerZone::named(Some("Europe/Ljubljana")).is_some());
        assert!(is_zone("Europe/Ljubljana") && is_zone("UTC") && !is_zone("posixrules"));
        assert!(zone_names().len() > 300);
    }

    #[test]
    fn the_local_day_changes_at_local_midnight() {
        // 23:30 UTC on 24 Nov is already 25 Nov in Ljubljana.
        let late = parse_input("2026-11-25T00:30").unwrap();
        assert_eq!(local_day(late), "2026-11-25");
        assert_eq!(local_day(late - 3_600_000), "2026-11-24");
    }
}
