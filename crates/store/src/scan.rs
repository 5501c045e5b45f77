//! Scanner reports in the store: one transaction per report, vulnerabilities
//! deduplicated across scans by key.
//!
//! For each vulnerability key (which includes the tool and the target):
//!
//! * `first_seen` = the earliest scan time that found it, `last_seen` = the
//!   latest (with the scan ids);
//! * `fixed_on` = the earliest scan time of the same tool and target that is
//!   later than `last_seen` (a later scan that covered the target and did not
//!   find it), or null while no such scan exists.
//!
//! These are order-independent: importing old reports after newer ones gives
//! the same rows as importing them in time order. Descriptive columns
//! (title, severity, system, …) follow the latest scan that found the key.
//! A report whose bytes were already imported (same fingerprint) is skipped.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use tuanthu_core::evidence::records::Row;
use tuanthu_core::evidence::schema::{KindSchema, Value};
use tuanthu_core::evidence::schema_scan::{SCANS, SCAN_COVERAGE, VULNERABILITIES};
use tuanthu_core::evidence::{Scan, ScanCoverage, Vulnerability};

use crate::codec::{column_list, from_pg, from_sqlite, pg_param, sqlite_value, upsert_tail};
use crate::{Store, StoreError};

/// One report to store. `scan.scan_id`, `first_scan`/`last_scan` and
/// `fixed_on` are assigned by the store; each vulnerability's `first_seen`
/// and `last_seen` are the time its target was scanned.
#[derive(Debug, Clone)]
pub struct ScanImport {
    pub scan: Scan,
    pub coverage: Vec<ScanCoverage>,
    pub vulnerabilities: Vec<Vulnerability>,
}

/// What storing a report did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanOutcome {
    Imported {
        scan_id: i64,
        /// Keys never seen before.
        new: usize,
        /// Keys already known, found again.
        seen_again: usize,
        /// Keys of the covered targets that this scan shows fixed.
        fixed: usize,
        /// Keys that were fixed and are found again.
        reopened: usize,
    },
    /// The same bytes were imported before as this scan.
    AlreadyImported { scan_id: i64 },
}

fn ts(t: DateTime<Utc>) -> Value {
    // Whole seconds: the same text on every import of the same instant.
    Value::Timestamp(t.with_timezone(&Utc).with_nanosecond_zero())
}

trait NanoZero {
    fn with_nanosecond_zero(self) -> Self;
}

impl NanoZero for DateTime<Utc> {
    fn with_nanosecond_zero(self) -> Self {
        use chrono::Timelike;
        self.with_nanosecond(0).unwrap_or(self)
    }
}

fn opt_text(s: &Option<String>) -> Value {
    s.as_ref().map_or(Value::Null, |s| Value::Text(s.clone()))
}

pub(crate) fn vuln_row(v: &Vulnerability) -> Vec<Value> {
    vec![
        Value::Text(v.key.clone()),
        Value::Text(v.system_id.clone()),
        Value::Text(v.tool.clone()),
        Value::Text(v.target.clone()),
        Value::Text(v.rule_id.clone()),
        Value::Text(v.title.clone()),
        Value::Text(v.severity.as_str().to_string()),
        opt_text(&v.tool_severity),
        v.cvss.map_or(Value::Null, |c| Value::Text(format!("{c:.1}"))),
        Value::List(v.cves.clone()),
        opt_text(&v.port),
        opt_text(&v.package),
        opt_text(&v.location),
        ts(v.first_seen),
        ts(v.last_seen),
        v.fixed_on.map_or(Value::Null, ts),
        Value::Int(v.first_scan),
        Value::Int(v.last_scan),
    ]
}

fn scan_row(s: &Scan) -> Vec<Value> {
    vec![
        Value::Int(s.scan_id),
        Value::Text(s.tool.clone()),
        Value::Text(s.tool_name.clone()),
        opt_text(&s.tool_version),
        Value::Text(s.file.clone()),
        Value::Text(s.fingerprint.clone()),
        s.started_at.map_or(Value::Null, ts),
        s.ended_at.map_or(Value::Null, ts),
        ts(s.scanned_at),
        ts(s.imported_at),
        Value::List(s.targets.clone()),
        Value::List(s.systems.clone()),
        Value::Int(s.findings),
    ]
}

fn coverage_row(c: &ScanCoverage) -> Vec<Value> {
    vec![
        Value::Int(c.scan_id),
        Value::Text(c.tool.clone()),
        Value::Text(c.target.clone()),
        Value::Text(c.system_id.clone()),
        ts(c.scanned_at),
    ]
}

/// What the merge needs from a transaction, implemented for both backends.
pub(crate) trait ScanTx {
    fn scan_with_fingerprint(&mut self, fingerprint: &str) -> Result<Option<i64>, StoreError>;
    /// `MAX(column) + 1` (or 1 / 0 for an empty table).
    fn next_value(&mut self, table: &str, column: &str, empty: i64) -> Result<i64, StoreError>;
    /// Inserts (or, with `upsert`, inserts or updates by key) one row.
    fn write(&mut self, kind: &'static KindSchema, seq: i64, row: &[Value], upsert: bool) -> Result<(), StoreError>;
    /// `(seq, row)` of the rows of `kind` whose `tool` and `target` match.
    fn rows_of(
        &mut self,
        kind: &'static KindSchema,
        tool: &str,
        target: &str,
    ) -> Result<Vec<(i64, Vec<Value>)>, StoreError>;
}

fn load<T>(
    kind: &'static KindSchema,
    row: &[Value],
    build: fn(&Row<'_>) -> Result<T, tuanthu_core::evidence::RowError>,
) -> Result<T, StoreError> {
    build(&Row::new(kind.name, row)).map_err(StoreError::from)
}

/// Stores one report in the open transaction `tx`.
pub(crate) fn merge(tx: &mut dyn ScanTx, imp: &ScanImport, at: DateTime<Utc>) -> Result<ScanOutcome, StoreError> {
    if let Some(scan_id) = tx.scan_with_fingerprint(&imp.scan.fingerprint)? {
        return Ok(ScanOutcome::AlreadyImported { scan_id });
    }
    let scan_id = tx.next_value("scans", "scan_id", 1)?;
    let mut scan = imp.scan.clone();
    scan.scan_id = scan_id;
    scan.imported_at = at;
    let seq = tx.next_value("scans", "seq", 0)?;
    tx.write(&SCANS, seq, &scan_row(&scan), false)?;
    let first_cov_seq = tx.next_value("scan_coverage", "seq", 0)?;
    for (cov_seq, c) in (first_cov_seq..).zip(&imp.coverage) {
        let c = ScanCoverage { scan_id, ..c.clone() };
        tx.write(&SCAN_COVERAGE, cov_seq, &coverage_row(&c), false)?;
    }
    let mut vuln_seq = tx.next_value("vulnerabilities", "seq", 0)?;
    let (mut new, mut seen_again, mut fixed, mut reopened) = (0, 0, 0, 0);
    for c in &imp.coverage {
        // Times of every scan of this tool that covered this target (this one included).
        let mut times: Vec<DateTime<Utc>> = Vec::new();
        for (_, row) in tx.rows_of(&SCAN_COVERAGE, &scan.tool, &c.target)? {
            times.push(load(&SCAN_COVERAGE, &row, ScanCoverage::from_row)?.scanned_at.with_nanosecond_zero());
        }
        times.sort();
        let mut known: HashMap<String, (i64, Vulnerability, bool)> = HashMap::new();
        let mut order: Vec<String> = Vec::new();
        for (seq, row) in tx.rows_of(&VULNERABILITIES, &scan.tool, &c.target)? {
            let v = load(&VULNERABILITIES, &row, Vulnerability::from_row)?;
            order.push(v.key.clone());
            known.insert(v.key.clone(), (seq, v, false));
        }
        let when = c.scanned_at.with_nanosecond_zero();
        for f in imp.vulnerabilities.iter().filter(|f| f.target == c.target) {
            match known.get_mut(&f.key) {
                Some((_, v, changed)) => {
                    seen_again += 1;
                    *changed = true;
                    if when < v.first_seen {
                        v.first_seen = when;
                        v.first_scan = scan_id;
                    }
                    if when >= v.last_seen {
                        let (first_seen, first_scan, fixed_on) = (v.first_seen, v.first_scan, v.fixed_on);
                        *v = Vulnerability {
                            first_seen,
                            first_scan,
                            fixed_on,
                            last_seen: when,
                            last_scan: scan_id,
                            ..f.clone()
                        };
                    }
                }
                None => {
                    new += 1;
                    let v = Vulnerability {
                        first_seen: when,
                        last_seen: when,
                        first_scan: scan_id,
                        last_scan: scan_id,
                        fixed_on: None,
                        ..f.clone()
                    };
                    order.push(v.key.clone());
                    known.insert(v.key.clone(), (vuln_seq, v, true));
                    vuln_seq += 1;
                }
            }
        }
        for key in &order {
            let Some((seq, v, changed)) = known.get_mut(key) else { continue };
            let fixed_on = times.iter().copied().find(|t| *t > v.last_seen);
            let (was, now) = (v.fixed_on.map(|t| t.with_nanosecond_zero()), fixed_on.map(|t| t.with_nanosecond_zero()));
            if was != now {
                match (was, now) {
                    (None, Some(_)) => fixed += 1,
                    (Some(_), None) => reopened += 1,
                    _ => {}
                }
                v.fixed_on = fixed_on;
                *changed = true;
            }
            if *changed {
                tx.write(&VULNERABILITIES, *seq, &vuln_row(v), true)?;
            }
        }
    }
    Ok(ScanOutcome::Imported { scan_id, new, seen_again, fixed, reopened })
}

// ── SQLite ──────────────────────────────────────────────────────────────────

pub(crate) struct SqliteTx<'a>(pub &'a rusqlite::Transaction<'a>);

impl ScanTx for SqliteTx<'_> {
    fn scan_with_fingerprint(&mut self, fingerprint: &str) -> Result<Option<i64>, StoreError> {
        let mut stmt = self.0.prepare_cached(
            "SELECT \"scan_id\" FROM \"scans\" WHERE \"fingerprint\" = ?1 ORDER BY \"scan_id\" LIMIT 1",
        )?;
        let mut rows = stmt.query([fingerprint])?;
        Ok(match rows.next()? {
            Some(r) => Some(r.get(0)?),
            None => None,
        })
    }

    fn next_value(&mut self, table: &str, column: &str, empty: i64) -> Result<i64, StoreError> {
        let sql = format!("SELECT COALESCE(MAX(\"{column}\") + 1, {empty}) FROM \"{table}\"");
        Ok(self.0.query_row(&sql, [], |r| r.get(0))?)
    }

    fn write(&mut self, kind: &'static KindSchema, seq: i64, row: &[Value], upsert: bool) -> Result<(), StoreError> {
        let placeholders: Vec<String> = (1..=kind.columns.len() + 1).map(|i| format!("?{i}")).collect();
        let mut sql = format!(
            "INSERT INTO \"{}\" (\"seq\", {}) VALUES ({})",
            kind.name,
            column_list(kind),
            placeholders.join(", ")
        );
        if upsert {
            sql.push_str(&upsert_tail(kind));
        }
        let mut stmt = self.0.prepare_cached(&sql)?;
        let mut values = Vec::with_capacity(row.len() + 1);
        values.push(rusqlite::types::Value::Integer(seq));
        values.extend(row.iter().map(sqlite_value));
        stmt.execute(rusqlite::params_from_iter(values.iter()))?;
        Ok(())
    }

    fn rows_of(
        &mut self,
        kind: &'static KindSchema,
        tool: &str,
        target: &str,
    ) -> Result<Vec<(i64, Vec<Value>)>, StoreError> {
        let sql = format!(
            "SELECT \"seq\", {} FROM \"{}\" WHERE \"tool\" = ?1 AND \"target\" = ?2 ORDER BY \"seq\"",
            column_list(kind),
            kind.name
        );
        let mut stmt = self.0.prepare_cached(&sql)?;
        let mut rows = stmt.query([tool, target])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let seq: i64 = r.get(0)?;
            let mut values = Vec::with_capacity(kind.columns.len());
            for (i, col) in kind.columns.iter().enumerate() {
                values.push(from_sqlite(col.ty, r.get_ref(i + 1)?)?);
            }
            out.push((seq, values));
        }
        Ok(out)
    }
}

// ── PostgreSQL ──────────────────────────────────────────────────────────────

pub(crate) struct PgTx<'a, 'b>(pub &'a mut postgres::Transaction<'b>, pub HashMap<String, postgres::Statement>);

impl PgTx<'_, '_> {
    fn statement(&mut self, sql: &str) -> Result<postgres::Statement, StoreError> {
        if let Some(s) = self.1.get(sql) {
            return Ok(s.clone());
        }
        let stmt = self.0.prepare(sql)?;
        self.1.insert(sql.to_string(), stmt.clone());
        Ok(stmt)
    }
}

impl ScanTx for PgTx<'_, '_> {
    fn scan_with_fingerprint(&mut self, fingerprint: &str) -> Result<Option<i64>, StoreError> {
        let rows = self.0.query(
            "SELECT \"scan_id\" FROM \"scans\" WHERE \"fingerprint\" = $1 ORDER BY \"scan_id\" LIMIT 1",
            &[&fingerprint],
        )?;
        Ok(rows.first().map(|r| r.get(0)))
    }

    fn next_value(&mut self, table: &str, column: &str, empty: i64) -> Result<i64, StoreError> {
        let sql = format!("SELECT COALESCE(MAX(\"{column}\") + 1, {empty})::BIGINT FROM \"{table}\"");
        Ok(self.0.query_one(&sql, &[])?.get(0))
    }

    fn write(&mut self, kind: &'static KindSchema, seq: i64, row: &[Value], upsert: bool) -> Result<(), StoreError> {
        let placeholders: Vec<String> = (1..=kind.columns.len() + 1).map(|i| format!("${i}")).collect();
        let mut sql = format!(
            "INSERT INTO \"{}\" (\"seq\", {}) VALUES ({})",
            kind.name,
            column_list(kind),
            placeholders.join(", ")
        );
        if upsert {
            sql.push_str(&upsert_tail(kind));
        }
        let stmt = self.statement(&sql)?;
        let mut params: Vec<Box<dyn postgres::types::ToSql + Sync + Send>> = Vec::with_capacity(row.len() + 1);
        params.push(Box::new(seq));
        for (col, v) in kind.columns.iter().zip(row) {
            params.push(pg_param(col.ty, v));
        }
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
            params.iter().map(|p| p.as_ref() as &(dyn postgres::types::ToSql + Sync)).collect();
        self.0.execute(&stmt, &refs)?;
        Ok(())
    }

    fn rows_of(
        &mut self,
        kind: &'static KindSchema,
        tool: &str,
        target: &str,
    ) -> Result<Vec<(i64, Vec<Value>)>, StoreError> {
        let sql = format!(
            "SELECT {}, \"seq\" FROM \"{}\" WHERE \"tool\" = $1 AND \"target\" = $2 ORDER BY \"seq\"",
            column_list(kind),
            kind.name
        );
        let stmt = self.statement(&sql)?;
        let rows = self.0.query(&stmt, &[&tool, &target])?;
        rows.iter()
            .map(|r| {
                let values =
                    kind.columns.iter().enumerate().map(|(i, c)| from_pg(c.ty, r, i)).collect::<Result<Vec<_>, _>>()?;
                Ok((r.get::<_, i64>(kind.columns.len()), values))
            })
            .collect()
    }
}

impl Store {
    /// Stores one scanner report in its own transaction: all of it or nothing.
    pub fn import_scan(&mut self, scan: &ScanImport) -> Result<ScanOutcome, StoreError> {
        self.backend.import_scan(scan, Utc::now())
    }

    /// Vulnerabilities, scans and coverage, without the rest of the evidence.
    pub fn vulnerabilities(&mut self) -> Result<Vec<Vulnerability>, StoreError> {
        self.load(&VULNERABILITIES, Vulnerability::from_row)
    }

    pub fn scans(&mut self) -> Result<Vec<Scan>, StoreError> {
        self.load(&SCANS, Scan::from_row)
    }

    pub fn scan_coverage(&mut self) -> Result<Vec<ScanCoverage>, StoreError> {
        self.load(&SCAN_COVERAGE, ScanCoverage::from_row)
    }

    pub fn vuln_plans(&mut self) -> Result<Vec<tuanthu_core::evidence::VulnPlan>, StoreError> {
        self.load(&tuanthu_core::evidence::schema_scan::VULN_PLANS, tuanthu_core::evidence::VulnPlan::from_row)
    }

    pub fn scan_targets(&mut self) -> Result<Vec<tuanthu_core::evidence::ScanTarget>, StoreError> {
        self.load(&tuanthu_core::evidence::schema_scan::SCAN_TARGETS, tuanthu_core::evidence::ScanTarget::from_row)
    }
}
