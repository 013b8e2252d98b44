//! Full-text search: FTS5 on SQLite, text search with unaccent on PostgreSQL (the one place
//! the dialects differ this much). Only visible ideas, and visible arguments of visible ideas,
//! are ever returned.

use super::{Backend, Conn, DbResult};
use crate::search::rules::{fts5_query, tsquery, Combine, MARK_END, MARK_START};

#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub consultation: Option<i64>,
    pub category: Option<i64>,
    pub status: Option<String>,
    /// Ideas only (similar ideas), or ideas and arguments.
    pub ideas_only: bool,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct HitRow {
    pub kind: String,
    pub ref_id: i64,
    pub idea_id: i64,
    /// The idea's title; for an idea with the matched words marked.
    pub title: String,
    /// A piece of the matching text with the matched words marked.
    pub snippet: String,
    pub consultation_id: i64,
    pub status: String,
    pub category: Option<String>,
}

/// The filter's conditions on ideas `i` (and arguments `a`), numbered from `$first`, and
/// the values to bind in order.
fn conditions(f: &Filter, first: usize) -> (String, Vec<FilterValue>) {
    let mut sql = String::from(" AND i.hidden = 0 AND (s.kind = 'idea' OR a.hidden = 0)");
    let mut values = Vec::new();
    let mut n = first;
    if f.ideas_only {
        sql.push_str(" AND s.kind = 'idea'");
    }
    if let Some(c) = f.consultation {
        sql.push_str(&format!(" AND i.consultation_id = ${n}"));
        values.push(FilterValue::Int(c));
        n += 1;
    }
    if let Some(k) = f.category {
        sql.push_str(&format!(" AND i.category_id = ${n}"));
        values.push(FilterValue::Int(k));
        n += 1;
    }
    if let Some(s) = &f.status {
        sql.push_str(&format!(" AND i.status = ${n}"));
        values.push(FilterValue::Text(s.clone()));
    }
    (sql, values)
}

enum FilterValue {
    Int(i64),
    Text(String),
}

const JOINS: &str = "JOIN ideas i ON i.id = s.idea_id
    LEFT JOIN arguments a ON s.kind = 'argument' AND a.id = s.ref_id
    LEFT JOIN categories k ON k.id = i.category_id";

/// One page of hits for `terms`, best first, and how many there are in all.
pub async fn search(
    c: &mut Conn,
    backend: Backend,
    terms: &[String],
    combine: Combine,
    f: &Filter,
    page: i64,
    per_page: i64,
) -> DbResult<(Vec<HitRow>, i64)> {
    if terms.is_empty() {
        return Ok((Vec::new(), 0));
    }
    let offset = (page - 1).max(0) * per_page;
    let marks = (MARK_START.to_string(), MARK_END.to_string());
    match backend {
        Backend::Sqlite => {
            let (cond, values) = conditions(f, 2);
            let count_sql = format!(
                "SELECT COUNT(*) FROM search_docs s {JOINS} WHERE search_docs MATCH $1 {cond}"
            );
            let mut count =
                sqlx::query_scalar::<_, i64>(&count_sql).bind(fts5_query(terms, combine));
            for v in &values {
                count = match v {
                    FilterValue::Int(x) => count.bind(*x),
                    FilterValue::Text(t) => count.bind(t.clone()),
                };
            }
            let total = count.fetch_one(&mut *c).await?;
            let (cond, values) = conditions(f, 4);
            // Titles weigh ten times the text; an idea's whole title comes back marked.
            let sql = format!(
                "SELECT s.kind, CAST(s.ref_id AS BIGINT) AS ref_id, CAST(s.idea_id AS BIGINT) AS idea_id,
                        CASE s.kind WHEN 'idea' THEN highlight(search_docs, 0, $2, $3) ELSE i.title END AS title,
                        snippet(search_docs, 1, $2, $3, '…', 24) AS snippet,
                        i.consultation_id, i.status, k.name AS category
                 FROM search_docs s {JOINS}
                 WHERE search_docs MATCH $1 {cond}
                 ORDER BY bm25(search_docs, 10.0, 1.0), s.rowid
                 LIMIT {per_page} OFFSET {offset}"
            );
            let mut q = sqlx::query_as(&sql)
                .bind(fts5_query(terms, combine))
                .bind(marks.0)
                .bind(marks.1);
            for v in values {
                q = match v {
                    FilterValue::Int(x) => q.bind(x),
                    FilterValue::Text(t) => q.bind(t),
                };
            }
            Ok((q.fetch_all(c).await?, total))
        }
        Backend::Postgres => {
            let (cond, values) = conditions(f, 2);
            let count_sql = format!(
                "SELECT COUNT(*) FROM search_docs s {JOINS}
                 WHERE s.tsv @@ to_tsquery('posvet_sl', $1) {cond}"
            );
            let mut count = sqlx::query_scalar::<_, i64>(&count_sql).bind(tsquery(terms, combine));
            for v in &values {
                count = match v {
                    FilterValue::Int(x) => count.bind(*x),
                    FilterValue::Text(t) => count.bind(t.clone()),
                };
            }
            let total = count.fetch_one(&mut *c).await?;
            let (cond, values) = conditions(f, 3);
            // The page is chosen first; only its rows get the (costly) headlines.
            let options = format!(
                "StartSel={}, StopSel={}, MaxWords=30, MinWords=12, MaxFragments=1, FragmentDelimiter=\" … \"",
                marks.0, marks.1
            );
            let sql = format!(
                "WITH q AS (SELECT to_tsquery('posvet_sl', $1) AS q),
                 hits AS (
                    SELECT s.doc_id, ts_rank_cd(s.tsv, q.q) AS rank
                    FROM search_docs s CROSS JOIN q {JOINS}
                    WHERE s.tsv @@ q.q {cond}
                    ORDER BY rank DESC, s.doc_id LIMIT {per_page} OFFSET {offset})
                 SELECT s.kind, s.ref_id, s.idea_id,
                        CASE s.kind WHEN 'idea' THEN ts_headline('posvet_sl', s.title, q.q, $2 || ', HighlightAll=true')
                             ELSE i.title END AS title,
                        ts_headline('posvet_sl', s.body, q.q, $2) AS snippet,
                        i.consultation_id, i.status, k.name AS category
                 FROM hits h JOIN search_docs s ON s.doc_id = h.doc_id CROSS JOIN q {JOINS}
                 ORDER BY h.rank DESC, s.doc_id"
            );
            let mut query = sqlx::query_as(&sql)
                .bind(tsquery(terms, combine))
                .bind(options);
            for v in values {
                query = match v {
                    FilterValue::Int(x) => query.bind(x),
                    FilterValue::Text(t) => query.bind(t),
                };
            }
            Ok((query.fetch_all(c).await?, total))
        }
    }
}
