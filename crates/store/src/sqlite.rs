//! The embedded SQLite backend (the default).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};
use tuanthu_core::engine::Counts;
use tuanthu_core::evidence::schema::{KindSchema, Value};
use tuanthu_core::Finding;

use crate::codec::{column_list, from_sqlite, sqlite_value, upsert_tail};
use crate::runs::{self, CheckRun, RunSummary};
#[path = "sqlite_web.rs"]
mod web;

use crate::{migrate, Backend, ImportMode, ImportTable, StoreError};

pub struct SqliteBackend {
    conn: Connection,
}

impl SqliteBackend {
    pub fn open(path: &str) -> Result<Self, StoreError> {
        let conn = if path == ":memory:" { Connection::open_in_memory()? } else { Connection::open(path)? };
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // WAL lets the console read while an import writes; NORMAL is durable
        // across application crashes and fast enough for bulk imports.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut backend = SqliteBackend { conn };
        backend.migrate()?;
        Ok(backend)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute_batch(
            "CREATE TABLE IF NOT EXISTS \"schema_migrations\" (\"version\" INTEGER PRIMARY KEY, \"applied_at\" TEXT NOT NULL)",
        )?;
        let applied: Vec<i64> = {
            let mut stmt = tx.prepare("SELECT \"version\" FROM \"schema_migrations\"")?;
            let rows = stmt.query_map([], |r| r.get(0))?.collect::<Result<Vec<i64>, _>>()?;
            rows
        };
        if let Some(found) = migrate::unknown(migrate::SQLITE, &applied) {
            return Err(StoreError::TooNew { found, known: migrate::latest(migrate::SQLITE) });
        }
        for (version, sql) in migrate::pending(migrate::SQLITE, &applied) {
            tx.execute_batch(sql)?;
            tx.execute(
                "INSERT INTO \"schema_migrations\" (\"version\", \"applied_at\") VALUES (?1, ?2)",
                params![version, Utc::now().to_rfc3339()],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}

impl Backend for SqliteBackend {
    fn web(&mut self) -> &mut dyn crate::web::WebBackend {
        self
    }

    fn import(
        &mut self,
        tables: &[ImportTable<'_>],
        mode: ImportMode,
        at: DateTime<Utc>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<(), StoreError> {
        let mut written: u64 = 0;
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        for t in tables {
            let kind = t.kind;
            let mut seq: i64 = match mode {
                ImportMode::Replace if t.scope.is_some() => {
                    let value = t.scope.map(|(_, v)| v).unwrap_or_default();
                    tx.execute(&format!("DELETE FROM \"{}\"{}", kind.name, t.scope_clause("?1")), [value])?;
                    tx.query_row(&format!("SELECT COALESCE(MAX(\"seq\") + 1, 0) FROM \"{}\"", kind.name), [], |r| {
                        r.get(0)
                    })?
                }
                ImportMode::Replace => {
                    tx.execute(&format!("DELETE FROM \"{}\"", kind.name), [])?;
                    0
                }
                ImportMode::Merge => {
                    tx.query_row(&format!("SELECT COALESCE(MAX(\"seq\") + 1, 0) FROM \"{}\"", kind.name), [], |r| {
                        r.get(0)
                    })?
                }
            };
            let placeholders: Vec<String> = (1..=kind.columns.len() + 1).map(|i| format!("?{i}")).collect();
            let mut sql = format!(
                "INSERT INTO \"{}\" (\"seq\", {}) VALUES ({})",
                kind.name,
                column_list(kind),
                placeholders.join(", ")
            );
            if mode == ImportMode::Merge {
                sql.push_str(&upsert_tail(kind));
            }
            let mut stmt = tx.prepare_cached(&sql)?;
            let mut values: Vec<rusqlite::types::Value> = Vec::with_capacity(kind.columns.len() + 1);
            #[allow(clippy::explicit_counter_loop)] // seq continues from the table's last value
            for row in t.rows {
                values.clear();
                values.push(rusqlite::types::Value::Integer(seq));
                values.extend(row.iter().map(sqlite_value));
                stmt.execute(rusqlite::params_from_iter(values.iter()))?;
                seq += 1;
                written += 1;
                if written.is_multiple_of(10_000) {
                    progress(written);
                }
            }
            drop(stmt);
            tx.execute(
                "INSERT INTO \"imports\" (\"imported_at\", \"kind\", \"source\", \"mode\", \"rows\") VALUES (?1, ?2, ?3, ?4, ?5)",
                params![at.to_rfc3339(), kind.name, t.source, mode.as_str(), t.rows.len() as i64],
            )?;
        }
        tx.commit()?;
        progress(written);
        Ok(())
    }

    fn load_rows(&mut self, kind: &'static KindSchema) -> Result<Vec<Vec<Value>>, StoreError> {
        let sql = format!("SELECT {} FROM \"{}\" ORDER BY \"seq\"", column_list(kind), kind.name);
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let mut values = Vec::with_capacity(kind.columns.len());
            for (i, col) in kind.columns.iter().enumerate() {
                values.push(from_sqlite(col.ty, row.get_ref(i)?)?);
            }
            out.push(values);
        }
        Ok(out)
    }

    fn count_rows(&mut self, kind: &'static KindSchema) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row(&format!("SELECT COUNT(*) FROM \"{}\"", kind.name), [], |r| r.get(0))?;
        Ok(n.unsigned_abs())
    }

    fn record_run(&mut self, run: &CheckRun, findings: &[Finding], counts: &Counts) -> Result<i64, StoreError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO \"check_runs\" (\"started_at\", \"as_of\", \"pack_id\", \"rules\", \"finding_count\") VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                run.started_at.to_rfc3339(),
                run.as_of.format("%Y-%m-%d").to_string(),
                run.pack_id,
                run.rules.join(","),
                i64::try_from(counts.findings()).unwrap_or(i64::MAX)
            ],
        )?;
        let run_id = tx.last_insert_rowid();
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO \"run_findings\" (\"run_id\", \"seq\", \"rule\", \"cite\", \"status\", \"subject_kind\", \"subject_id\", \"due\", \"overdue_days\", \"message_vi\", \"message_en\", \"evidence\", \"units\") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?;
            for (seq, f) in runs::kept(findings).enumerate() {
                stmt.execute(params![
                    run_id,
                    seq as i64,
                    &*f.rule,
                    &*f.cite,
                    f.status.as_str(),
                    f.subject_kind.as_str(),
                    f.subject_id,
                    f.due.map(|d| d.format("%Y-%m-%d").to_string()),
                    f.overdue_days,
                    f.message_vi,
                    f.message_en,
                    runs::join_evidence(f),
                    f.units.iter().map(|u| &**u).collect::<Vec<_>>().join(";"),
                ])?;
            }
            let mut stmt = tx.prepare_cached(
                "INSERT INTO \"run_counts\" (\"run_id\", \"rule\", \"unit\", \"status\", \"count\") VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for (rule, unit, status, n) in runs::count_rows(counts) {
                stmt.execute(params![run_id, rule, unit, status, n])?;
            }
        }
        tx.commit()?;
        Ok(run_id)
    }

    fn runs(&mut self, limit: u32) -> Result<Vec<RunSummary>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT \"id\", \"started_at\", \"as_of\", \"pack_id\", \"finding_count\" FROM \"check_runs\" ORDER BY \"id\" DESC LIMIT ?1",
        )?;
        let heads = stmt
            .query_map([limit], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut out = Vec::new();
        for (id, started, as_of, pack_id, finding_count) in heads {
            let mut c = self.conn.prepare_cached(
                "SELECT \"rule\", \"status\", \"count\" FROM \"run_counts\" WHERE \"run_id\" = ?1 AND \"unit\" = ?2 ORDER BY \"rule\", \"status\"",
            )?;
            let counts = c
                .query_map(params![id, runs::ALL_UNITS], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<Vec<_>, _>>()?;
            out.push(RunSummary {
                id,
                started_at: DateTime::parse_from_rfc3339(&started)
                    .map_err(|_| StoreError::Corrupt(format!("started_at {started:?}")))?
                    .with_timezone(&Utc),
                as_of: crate::parse_day(&as_of)?,
                pack_id,
                finding_count,
                counts,
            });
        }
        Ok(out)
    }

    fn import_scan(&mut self, scan: &crate::ScanImport, at: DateTime<Utc>) -> Result<crate::ScanOutcome, StoreError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let outcome = crate::scan::merge(&mut crate::scan::SqliteTx(&tx), scan, at)?;
        tx.commit()?;
        Ok(outcome)
    }

    fn run_findings(&mut self, run_id: i64) -> Result<Vec<Finding>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT \"rule\", \"cite\", \"status\", \"subject_kind\", \"subject_id\", \"due\", \"overdue_days\", \"message_vi\", \"message_en\", \"evidence\", \"units\" FROM \"run_findings\" WHERE \"run_id\" = ?1 ORDER BY \"seq\"",
        )?;
        let mut rows = stmt.query([run_id])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let due: Option<String> = r.get(5)?;
            out.push(runs::finding_from_parts(
                r.get(0)?,
                r.get(1)?,
                &r.get::<_, String>(2)?,
                &r.get::<_, String>(3)?,
                r.get(4)?,
                due.as_deref().map(crate::parse_day).transpose()?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                &r.get::<_, String>(9)?,
                &r.get::<_, String>(10)?,
            )?);
        }
        Ok(out)
    }
}
