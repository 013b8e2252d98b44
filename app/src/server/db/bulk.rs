//! Multi-row inserts for loading a large synthetic consultation (the benchmark generator).
//! Values are always bound as parameters, never spliced into the SQL text.

use super::{Backend, Db, DbResult};
use sqlx::{Any, Transaction};

/// One column value of a bulk row.
#[derive(Clone, Debug)]
pub enum Value {
    Int(i64),
    Text(String),
    Null,
}

/// Rows for one table, written in multi-row INSERT statements inside one transaction.
pub struct BulkInsert<'a> {
    tx: Transaction<'a, Any>,
    table: &'static str,
    columns: &'static [&'static str],
    buffer: Vec<Value>,
    rows_per_statement: usize,
    written: u64,
}

/// Parameters per statement, well below SQLite's 32,766 and PostgreSQL's 65,535.
const PARAMS_PER_STATEMENT: usize = 8_000;

impl Db {
    pub async fn bulk_insert(
        &self,
        table: &'static str,
        columns: &'static [&'static str],
    ) -> DbResult<BulkInsert<'static>> {
        Ok(BulkInsert {
            tx: self.begin().await?,
            table,
            columns,
            buffer: Vec::new(),
            rows_per_statement: (PARAMS_PER_STATEMENT / columns.len()).max(1),
            written: 0,
        })
    }

    /// After explicit ids were inserted: PostgreSQL's identity sequences must continue after
    /// them (SQLite's INTEGER PRIMARY KEY does so by itself), and the planner needs fresh
    /// statistics for tables that grew from nothing.
    pub async fn finish_bulk_load(&self, tables: &[&str]) -> DbResult<()> {
        if self.backend == Backend::Postgres {
            for table in tables {
                sqlx::query(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                     (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
                ))
                .execute(&self.pool)
                .await?;
            }
        }
        sqlx::query("ANALYZE").execute(&self.pool).await?;
        if self.backend == Backend::Sqlite {
            // SQLite (built with STAT4, as libsqlite3-sys is) plans a statement afresh each
            // time a value is bound to a parameter that meets an indexed column once sample
            // statistics exist: the group page was parsed and planned on every request (0.4 M
            // of its 2.4 M instructions). The per-index row counts of sqlite_stat1 are what
            // the planner needs here.
            sqlx::query("DELETE FROM sqlite_stat4")
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }
}

impl BulkInsert<'_> {
    pub async fn push(&mut self, row: Vec<Value>) -> DbResult<()> {
        debug_assert_eq!(row.len(), self.columns.len());
        self.buffer.extend(row);
        if self.buffer.len() >= self.rows_per_statement * self.columns.len() {
            self.flush().await?;
        }
        Ok(())
    }

    async fn flush(&mut self) -> DbResult<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let width = self.columns.len();
        let rows = self.buffer.len() / width;
        let mut sql = format!(
            "INSERT INTO {} ({}) VALUES ",
            self.table,
            self.columns.join(", ")
        );
        for r in 0..rows {
            sql.push_str(if r == 0 { "(" } else { ", (" });
            for c in 0..width {
                if c > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&format!("${}", r * width + c + 1));
            }
            sql.push(')');
        }
        let mut query = sqlx::query(&sql);
        for value in self.buffer.drain(..) {
            query = match value {
                Value::Int(v) => query.bind(v),
                Value::Text(v) => query.bind(v),
                Value::Null => query.bind(None::<i64>),
            };
        }
        query.execute(&mut *self.tx).await?;
        self.written += rows as u64;
        Ok(())
    }

    /// Writes what is left and commits; returns the number of rows written.
    pub async fn finish(mut self) -> DbResult<u64> {
        self.flush().await?;
        self.tx.commit().await?;
        Ok(self.written)
    }
}
