//! The PostgreSQL backend, for several tuanthu instances sharing one database.

use chrono::{DateTime, NaiveDate, Utc};
use postgres::{Client, NoTls};
use tuanthu_core::engine::Counts;
use tuanthu_core::evidence::schema::{KindSchema, Value};
use tuanthu_core::Finding;

use crate::codec::{column_list, from_pg, pg_param, upsert_tail};
use crate::runs::{self, CheckRun, RunSummary};
#[path = "pg_web.rs"]
mod web;

use crate::{migrate, Backend, ImportMode, ImportTable, StoreError};

/// Rows per multi-row INSERT: well under PostgreSQL's 65,535 parameters.
const BATCH_ROWS: usize = 1000;

/// Serialises migrations of instances starting together.
const MIGRATION_LOCK: i64 = 0x0074_7561_6e74_6875; // "tuanthu"

pub struct PgBackend {
    client: Client,
}

impl PgBackend {
    pub fn open(url: &str) -> Result<Self, StoreError> {
        let client = Client::connect(url, NoTls)?;
        let mut backend = PgBackend { client };
        backend.migrate()?;
        Ok(backend)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS \"schema_migrations\" (\"version\" BIGINT PRIMARY KEY, \"applied_at\" TIMESTAMPTZ NOT NULL)",
        )?;
        let applied: Vec<i64> =
            tx.query("SELECT \"version\" FROM \"schema_migrations\"", &[])?.iter().map(|r| r.get(0)).collect();
        if let Some(found) = migrate::unknown(migrate::POSTGRES, &applied) {
            return Err(StoreError::TooNew { found, known: migrate::latest(migrate::POSTGRES) });
        }
        for (version, sql) in migrate::pending(migrate::POSTGRES, &applied) {
            tx.batch_execute(sql)?;
            tx.execute(
                "INSERT INTO \"schema_migrations\" (\"version\", \"applied_at\") VALUES ($1, $2)",
                &[&version, &Utc::now()],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}

fn insert_sql(kind: &KindSchema, rows: usize, merge: bool) -> String {
    let width = kind.columns.len() + 1;
    let groups: Vec<String> = (0..rows)
        .map(|r| {
            let ps: Vec<String> = (1..=width).map(|c| format!("${}", r * width + c)).collect();
            format!("({})", ps.join(", "))
        })
        .collect();
    let mut sql =
        format!("INSERT INTO \"{}\" (\"seq\", {}) VALUES {}", kind.name, column_list(kind), groups.join(", "));
    if merge {
        sql.push_str(&upsert_tail(kind));
    }
    sql
}

impl Backend for PgBackend {
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
        let mut tx = self.client.transaction()?;
        for t in tables {
            let kind = t.kind;
            // Serialise concurrent imports of the same kind across instances.
            tx.execute(&format!("LOCK TABLE \"{}\" IN SHARE ROW EXCLUSIVE MODE", kind.name), &[])?;
            let mut seq: i64 = match mode {
                ImportMode::Replace if t.scope.is_some() => {
                    let value = t.scope.map(|(_, v)| v).unwrap_or_default();
                    tx.execute(&format!("DELETE FROM \"{}\"{}", kind.name, t.scope_clause("$1")), &[&value])?;
                    tx.query_one(&format!("SELECT COALESCE(MAX(\"seq\") + 1, 0) FROM \"{}\"", kind.name), &[])?.get(0)
                }
                ImportMode::Replace => {
                    tx.execute(&format!("DELETE FROM \"{}\"", kind.name), &[])?;
                    0
                }
                ImportMode::Merge => {
                    tx.query_one(&format!("SELECT COALESCE(MAX(\"seq\") + 1, 0) FROM \"{}\"", kind.name), &[])?.get(0)
                }
            };
            for chunk in t.rows.chunks(BATCH_ROWS) {
                let sql = insert_sql(kind, chunk.len(), mode == ImportMode::Merge);
                let stmt = tx.prepare(&sql)?;
                let mut params: Vec<Box<dyn postgres::types::ToSql + Sync + Send>> =
                    Vec::with_capacity(chunk.len() * (kind.columns.len() + 1));
                for row in chunk {
                    params.push(Box::new(seq));
                    seq += 1;
                    for (col, v) in kind.columns.iter().zip(row) {
                        params.push(pg_param(col.ty, v));
                    }
                }
                let refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
                    params.iter().map(|p| p.as_ref() as &(dyn postgres::types::ToSql + Sync)).collect();
                tx.execute(&stmt, &refs)?;
                written += chunk.len() as u64;
                progress(written);
            }
            tx.execute(
                "INSERT INTO \"imports\" (\"imported_at\", \"kind\", \"source\", \"mode\", \"rows\") VALUES ($1, $2, $3, $4, $5)",
                &[&at, &kind.name, &t.source, &mode.as_str(), &(t.rows.len() as i64)],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    fn load_rows(&mut self, kind: &'static KindSchema) -> Result<Vec<Vec<Value>>, StoreError> {
        let sql = format!("SELECT {} FROM \"{}\" ORDER BY \"seq\"", column_list(kind), kind.name);
        let rows = self.client.query(&sql, &[])?;
        rows.iter().map(|row| kind.columns.iter().enumerate().map(|(i, c)| from_pg(c.ty, row, i)).collect()).collect()
    }

    fn count_rows(&mut self, kind: &'static KindSchema) -> Result<u64, StoreError> {
        let n: i64 = self.client.query_one(&format!("SELECT COUNT(*) FROM \"{}\"", kind.name), &[])?.get(0);
        Ok(n.unsigned_abs())
    }

    fn record_run(&mut self, run: &CheckRun, findings: &[Finding], counts: &Counts) -> Result<i64, StoreError> {
        let mut tx = self.client.transaction()?;
        let run_id: i64 = tx
            .query_one(
                "INSERT INTO \"check_runs\" (\"started_at\", \"as_of\", \"pack_id\", \"rules\", \"finding_count\") VALUES ($1, $2, $3, $4, $5) RETURNING \"id\"",
                &[&run.started_at, &run.as_of, &run.pack_id, &run.rules.join(","), &i64::try_from(counts.findings()).unwrap_or(i64::MAX)],
            )?
            .get(0);
        let stmt = tx.prepare(
            "INSERT INTO \"run_findings\" (\"run_id\", \"seq\", \"rule\", \"cite\", \"status\", \"subject_kind\", \"subject_id\", \"due\", \"overdue_days\", \"message_vi\", \"message_en\", \"evidence\", \"units\") SELECT $1, * FROM UNNEST($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::date[], $9::bigint[], $10::text[], $11::text[], $12::text[], $13::text[])",
        )?;
        let kept: Vec<&Finding> = runs::kept(findings).collect();
        const CHUNK: usize = 5000;
        for (n, chunk) in kept.chunks(CHUNK).enumerate() {
            let start = (n * CHUNK) as i64;
            let seqs: Vec<i64> = (0..chunk.len() as i64).map(|i| start + i).collect();
            let col = |f: fn(&Finding) -> String| chunk.iter().map(|x| f(x)).collect::<Vec<String>>();
            let dues: Vec<Option<NaiveDate>> = chunk.iter().map(|f| f.due).collect();
            let overdue: Vec<Option<i64>> = chunk.iter().map(|f| f.overdue_days).collect();
            tx.execute(
                &stmt,
                &[
                    &run_id,
                    &seqs,
                    &col(|f| f.rule.to_string()),
                    &col(|f| f.cite.to_string()),
                    &col(|f| f.status.as_str().to_string()),
                    &col(|f| f.subject_kind.as_str().to_string()),
                    &col(|f| f.subject_id.clone()),
                    &dues,
                    &overdue,
                    &col(|f| f.message_vi.clone()),
                    &col(|f| f.message_en.clone()),
                    &col(runs::join_evidence),
                    &col(|f| f.units.iter().map(|u| &**u).collect::<Vec<_>>().join(";")),
                ],
            )?;
        }
        let (mut rules, mut units, mut statuses, mut ns) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (rule, unit, status, n) in runs::count_rows(counts) {
            rules.push(rule);
            units.push(unit);
            statuses.push(status.to_string());
            ns.push(n);
        }
        tx.execute(
            "INSERT INTO \"run_counts\" (\"run_id\", \"rule\", \"unit\", \"status\", \"count\") SELECT $1, * FROM UNNEST($2::text[], $3::text[], $4::text[], $5::bigint[])",
            &[&run_id, &rules, &units, &statuses, &ns],
        )?;
        tx.commit()?;
        Ok(run_id)
    }

    fn runs(&mut self, limit: u32) -> Result<Vec<RunSummary>, StoreError> {
        let heads = self.client.query(
            "SELECT \"id\", \"started_at\", \"as_of\", \"pack_id\", \"finding_count\" FROM \"check_runs\" ORDER BY \"id\" DESC LIMIT $1",
            &[&i64::from(limit)],
        )?;
        let mut out = Vec::new();
        for h in heads {
            let id: i64 = h.get(0);
            let counts = self
                .client
                .query(
                    "SELECT \"rule\", \"status\", \"count\" FROM \"run_counts\" WHERE \"run_id\" = $1 AND \"unit\" = $2 ORDER BY \"rule\", \"status\"",
                    &[&id, &runs::ALL_UNITS],
                )?
                .iter()
                .map(|r| (r.get(0), r.get(1), r.get(2)))
                .collect();
            out.push(RunSummary {
                id,
                started_at: h.get(1),
                as_of: h.get(2),
                pack_id: h.get(3),
                finding_count: h.get(4),
                counts,
            });
        }
        Ok(out)
    }

    fn import_scan(&mut self, scan: &crate::ScanImport, at: DateTime<Utc>) -> Result<crate::ScanOutcome, StoreError> {
        let mut tx = self.client.transaction()?;
        // Serialise concurrent scan imports across instances (ids, merges).
        tx.execute("LOCK TABLE \"scans\" IN SHARE ROW EXCLUSIVE MODE", &[])?;
        let outcome = crate::scan::merge(&mut crate::scan::PgTx(&mut tx, std::collections::HashMap::new()), scan, at)?;
        tx.commit()?;
        Ok(outcome)
    }

    fn run_findings(&mut self, run_id: i64) -> Result<Vec<Finding>, StoreError> {
        self.client
            .query(
                "SELECT \"rule\", \"cite\", \"status\", \"subject_kind\", \"subject_id\", \"due\", \"overdue_days\", \"message_vi\", \"message_en\", \"evidence\", \"units\" FROM \"run_findings\" WHERE \"run_id\" = $1 ORDER BY \"seq\"",
                &[&run_id],
            )?
            .iter()
            .map(|r| {
                runs::finding_from_parts(
                    r.get(0),
                    r.get(1),
                    r.get::<_, &str>(2),
                    r.get::<_, &str>(3),
                    r.get(4),
                    r.get(5),
                    r.get(6),
                    r.get(7),
                    r.get(8),
                    r.get::<_, &str>(9),
                    r.get::<_, &str>(10),
                )
            })
            .collect()
    }
}
