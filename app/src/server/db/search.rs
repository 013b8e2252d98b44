//! Full-text search: FTS5 on SQLite, text search with unaccent on PostgreSQL (the one place
//! the dialects differ this much). Only visible ideas, and visible arguments of visible ideas,
//! are ever returned.

use super::{Backend, Conn, DbResult};
use crate::search::rules::{fts5_query, tsquery, Combine};

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
    /// The idea's title.
    pub title: String,
    /// The matching text: the idea's description or the argument.
    pub body: String,
    pub consultation_id: i64,
    pub status: String,
    pub category: Option<String>,
}

/// Hits counted at the most: beyond it a page says "more than 1,000" (counting every one of
/// 40,000 matches of a common word took longer than finding the best twenty).
pub const COUNT_CAP: i64 = 1000;

/// The filter's conditions on the documents of table (or alias) `t`, numbered from `$first`,
/// and the values to bind in order. Category and status are the idea's, read by a subquery.
fn conditions(t: &str, f: &Filter, first: usize) -> (String, Vec<FilterValue>) {
    let mut sql = String::new();
    let mut values = Vec::new();
    let mut n = first;
    if f.ideas_only {
        sql.push_str(&format!(" AND {t}.kind = 'idea'"));
    }
    if let Some(c) = f.consultation {
        sql.push_str(&format!(" AND {t}.consultation_id = ${n}"));
        values.push(FilterValue::Int(c));
        n += 1;
    }
    let mut of_idea = Vec::new();
    if let Some(k) = f.category {
        of_idea.push(format!("category_id = ${n}"));
        values.push(FilterValue::Int(k));
        n += 1;
    }
    if let Some(s) = &f.status {
        of_idea.push(format!("status = ${n}"));
        values.push(FilterValue::Text(s.clone()));
    }
    if !of_idea.is_empty() {
        sql.push_str(&format!(
            " AND {t}.idea_id IN (SELECT id FROM ideas WHERE {})",
            of_idea.join(" AND ")
        ));
    }
    (sql, values)
}

enum FilterValue {
    Int(i64),
    Text(String),
}

/// One page of hits for `terms`, best first, and how many there are (at most `COUNT_CAP` + 1).
/// The best page is chosen from the index alone; only its rows are joined to their ideas and
/// get their marked text.
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
    let cap = COUNT_CAP + 1;
    // The page's documents are ranked from the index alone (no text read, no join); only its
    // rows are then read whole and joined to their ideas. The words are marked in Rust
    // (`search::rules`): FTS5's snippet() re-ran a prefix query per row (150 ms for a common
    // word), ts_headline re-parses every text.
    let (query, count_sql, page_sql) = match backend {
        Backend::Sqlite => {
            let (cond, _) = conditions("search_docs", f, 2);
            let count_sql = format!(
                "SELECT COUNT(*) FROM (SELECT 1 FROM search_docs WHERE search_docs MATCH $1 {cond} LIMIT {cap})"
            );
            // Titles weigh ten times the text.
            let page_sql = format!(
                "SELECT d.kind, CAST(d.ref_id AS BIGINT) AS ref_id, CAST(d.idea_id AS BIGINT) AS idea_id,
                        i.title, d.body, i.consultation_id, i.status, k.name AS category
                 FROM (SELECT rowid AS doc, bm25(search_docs, 10.0, 1.0) AS rank FROM search_docs
                       WHERE search_docs MATCH $1 {cond} ORDER BY rank, rowid LIMIT {per_page} OFFSET {offset}) h
                 JOIN search_docs d ON d.rowid = h.doc
                 JOIN ideas i ON i.id = d.idea_id LEFT JOIN categories k ON k.id = i.category_id
                 ORDER BY h.rank, h.doc"
            );
            (fts5_query(terms, combine), count_sql, page_sql)
        }
        Backend::Postgres => {
            let (cond, _) = conditions("s", f, 2);
            let count_sql = format!(
                "SELECT COUNT(*) FROM (SELECT 1 FROM search_docs s
                 WHERE s.tsv @@ to_tsquery('posvet_sl', $1) {cond} LIMIT {cap}) c"
            );
            let page_sql = format!(
                "WITH hits AS (
                    SELECT s.doc_id, ts_rank_cd(s.tsv, q) AS rank
                    FROM search_docs s, to_tsquery('posvet_sl', $1) q
                    WHERE s.tsv @@ q {cond}
                    ORDER BY rank DESC, s.doc_id LIMIT {per_page} OFFSET {offset})
                 SELECT d.kind, d.ref_id, d.idea_id, i.title, d.body, i.consultation_id, i.status,
                        k.name AS category
                 FROM hits h JOIN search_docs d ON d.doc_id = h.doc_id
                 JOIN ideas i ON i.id = d.idea_id LEFT JOIN categories k ON k.id = i.category_id
                 ORDER BY h.rank DESC, h.doc_id"
            );
            (tsquery(terms, combine), count_sql, page_sql)
        }
    };
    let (_, values) = conditions("s", f, 2);
    let mut count = sqlx::query_scalar::<_, i64>(&count_sql).bind(query.clone());
    for v in &values {
        count = match v {
            FilterValue::Int(x) => count.bind(*x),
            FilterValue::Text(t) => count.bind(t.clone()),
        };
    }
    let total = count.fetch_one(&mut *c).await?;
    let mut rows = sqlx::query_as(&page_sql).bind(query);
    for v in values {
        rows = match v {
            FilterValue::Int(x) => rows.bind(x),
            FilterValue::Text(t) => rows.bind(t),
        };
    }
    Ok((rows.fetch_all(c).await?, total))
}
