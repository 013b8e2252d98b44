//! Paging and formats of the open-data API.

use crate::error::AppError;

pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 100;

/// Where a page starts (after this id) and how long it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paging {
    pub after: i64,
    pub limit: i64,
}

/// `cursor` (from the page before; absent for the first) and `limit` (1–100, 50 if absent)
/// as a client sent them; anything else is a bad request.
pub fn paging(cursor: Option<&str>, limit: Option<&str>) -> Result<Paging, AppError> {
    let after = match cursor {
        None => 0,
        Some(c) => c
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or(AppError::BadRequest)?,
    };
    let limit = match limit {
        None => DEFAULT_LIMIT,
        Some(l) => l
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=MAX_LIMIT).contains(n))
            .ok_or(AppError::BadRequest)?,
    };
    Ok(Paging { after, limit })
}

/// The page's items and the next page's cursor, from a query that read one row more than
/// the page holds (so a full last page has no next).
pub fn page_of<T>(
    mut rows: Vec<T>,
    limit: i64,
    id: impl Fn(&T) -> i64,
) -> (Vec<T>, Option<String>) {
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next = more
        .then(|| rows.last().map(|r| id(r).to_string()))
        .flatten();
    (rows, next)
}

/// A stored time as RFC 3339 in UTC: "2026-11-24T17:05:00Z".
pub fn timestamp(unix_ms: i64) -> String {
    jiff::Timestamp::from_millisecond(unix_ms)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_is_checked() {
        assert_eq!(
            paging(None, None),
            Ok(Paging {
                after: 0,
                limit: 50
            })
        );
        assert_eq!(
            paging(Some("7"), Some("100")),
            Ok(Paging {
                after: 7,
                limit: 100
            })
        );
        for (c, l) in [
            (Some("x"), None),
            (Some("-1"), None),
            (None, Some("0")),
            (None, Some("101")),
        ] {
            assert_eq!(paging(c, l), Err(AppError::BadRequest), "{c:?} {l:?}");
        }
    }

    #[test]
    fn a_page_knows_whether_more_follow() {
        assert_eq!(
            page_of(vec![1, 2, 3], 2, |n| *n),
            (vec![1, 2], Some("2".into()))
        );
        assert_eq!(page_of(vec![1, 2], 2, |n| *n), (vec![1, 2], None));
        assert_eq!(timestamp(1_795_539_900_000), "2026-11-24T17:05:00Z");
    }
}
