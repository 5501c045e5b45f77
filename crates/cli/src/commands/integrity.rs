//! Checks across files of the organisational evidence (issue 5, part A),
//! after every file parsed and before anything is written.
//!
//! **Errors** (nothing is imported): a record that proves something was done
//! (a training, a review, a reconciliation, a handover, an asset event, an
//! approval, a declaration, a flow) naming a person, unit, system, HR event,
//! asset, application or zone that does not exist. Such a row would count for
//! nobody: it is almost always a mistyped id, and importing it would turn
//! into a false `fail` elsewhere. Also dates after today in columns that
//! record the past ([`PAST_ONLY`]), `hr_reconciliations` rows naming neither
//! a unit nor a system, and `handovers.accounts` items not written
//! `SYSTEM/username`.
//!
//! **Warnings** (imported): references that a rule itself judges and reports
//! — an asset's custodian or system, an approver, a requesting unit, a host
//! that is not in the inventory, a handed-over account that is not in
//! `accounts`.
//!
//! A reference is checked against the rows of the referred kind in this
//! import (replace mode) or this import plus the database (`--merge`), or the
//! database alone when the import does not contain that kind. When neither
//! has any row of the referred kind, the reference is not checked (a warning
//! says so for error-level references).

use std::collections::HashSet;

use chrono::NaiveDate;
use tuanthu_core::evidence::schema::{self, KindSchema, Value};
use tuanthu_core::evidence::schema_org_a::{self as org, PAST_ONLY};
use tuanthu_ingest::{ImportError, Problem, Table};
use tuanthu_store::Store;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Error,
    Warning,
}

/// `from.column` names a key of `to` (its first key column).
struct Reference {
    from: &'static KindSchema,
    column: &'static str,
    to: &'static KindSchema,
    level: Level,
}

const fn r(from: &'static KindSchema, column: &'static str, to: &'static KindSchema, level: Level) -> Reference {
    Reference { from, column, to, level }
}

const REFERENCES: &[Reference] = &[
    r(&org::HR_RECONCILIATIONS, "system_id", &schema::SYSTEMS, Level::Error),
    r(&org::HR_RECONCILIATIONS, "unit_code", &schema::UNITS, Level::Error),
    r(&org::ACCOUNT_REVIEWS, "system_id", &schema::SYSTEMS, Level::Error),
    r(&org::ACCOUNT_REVIEWS, "reviewer", &schema::PERSONS, Level::Warning),
    r(&org::LOCK_REQUESTS, "system_id", &schema::SYSTEMS, Level::Error),
    r(&org::LOCK_REQUESTS, "requested_by_unit", &schema::UNITS, Level::Warning),
    r(&org::TRAININGS, "person_id", &schema::PERSONS, Level::Error),
    r(&org::TRAINING_NEEDS, "unit_code", &schema::UNITS, Level::Error),
    r(&org::HANDOVERS, "person_id", &schema::PERSONS, Level::Error),
    r(&org::HANDOVERS, "hr_event_id", &schema::HR_EVENTS, Level::Error),
    r(&org::HANDOVERS, "received_by", &schema::PERSONS, Level::Warning),
    r(&org::PASSWORD_EXPOSURES, "system_id", &schema::SYSTEMS, Level::Error),
    r(&org::ASSETS, "system_id", &schema::SYSTEMS, Level::Warning),
    r(&org::ASSETS, "custodian_person", &schema::PERSONS, Level::Warning),
    r(&org::ASSETS, "custodian_unit", &schema::UNITS, Level::Warning),
    r(&org::ASSET_EVENTS, "asset_id", &org::ASSETS, Level::Error),
    r(&org::LOCAL_ADMINS, "host", &org::ASSETS, Level::Warning),
    r(&org::REMOVABLE_MEDIA_APPROVALS, "person_id", &schema::PERSONS, Level::Error),
    r(&org::REMOVABLE_MEDIA_APPROVALS, "approved_by", &schema::PERSONS, Level::Warning),
    r(&org::APP_CONFIGS, "system_id", &schema::SYSTEMS, Level::Error),
    r(&org::APP_CONFIGS, "auth_delegated_to", &org::APP_CONFIGS, Level::Error),
    r(&org::ACCESS_PATHS, "system_id", &schema::SYSTEMS, Level::Error),
    r(&org::NETWORK_ZONES, "unit_code", &schema::UNITS, Level::Warning),
    r(&org::ZONE_FLOWS, "from_zone", &org::NETWORK_ZONES, Level::Error),
    r(&org::ZONE_FLOWS, "to_zone", &org::NETWORK_ZONES, Level::Error),
];

/// What the checks found.
#[derive(Default)]
pub struct Outcome {
    pub errors: Vec<ImportError>,
    pub warnings: Vec<String>,
}

fn row_no(t: &Table, i: usize) -> usize {
    t.row_numbers.get(i).copied().unwrap_or(0)
}

fn error(t: &Table, i: usize, column: &str, value: String, problem: Problem) -> ImportError {
    ImportError {
        file: t.file.clone(),
        row: row_no(t, i),
        column: Some(column.to_string()),
        value: Some(value),
        problem,
    }
}

/// Keys (first key column) of a kind, as this import will leave them.
fn known_keys(
    tables: &[Table],
    store: Option<&mut Store>,
    kind: &'static KindSchema,
    merge: bool,
) -> Option<HashSet<String>> {
    let key = kind.key[0];
    let mut keys: Option<HashSet<String>> = None;
    let in_import = tables.iter().find(|t| std::ptr::eq(t.kind, kind));
    if let Some(t) = in_import {
        keys = Some(t.rows.iter().map(|row| row[key].to_text()).collect());
    }
    if in_import.is_none() || merge {
        if let Some(Ok(rows)) = store.map(|s| s.load_rows(kind)) {
            if !rows.is_empty() {
                keys.get_or_insert_with(HashSet::new).extend(rows.iter().map(|row| row[key].to_text()));
            }
        }
    }
    keys.filter(|k| !k.is_empty())
}

/// Checks references and past-only dates of the parsed tables.
pub fn check(tables: &[Table], mut store: Option<&mut Store>, merge: bool, today: NaiveDate) -> Outcome {
    let mut out = Outcome::default();
    let mut cache: Vec<(&'static str, Option<HashSet<String>>)> = Vec::new();
    for rf in REFERENCES {
        let Some(from) = tables.iter().find(|t| std::ptr::eq(t.kind, rf.from)) else { continue };
        let Some(col) = rf.from.index_of(rf.column) else { continue };
        if from.rows.iter().all(|row| row[col].is_null()) {
            continue;
        }
        let known = match cache.iter().find(|(n, _)| *n == rf.to.name) {
            Some((_, k)) => k.clone(),
            None => {
                let k = known_keys(tables, store.as_deref_mut(), rf.to, merge);
                cache.push((rf.to.name, k.clone()));
                k
            }
        };
        let target = format!("{}.{}", rf.to.name, rf.to.columns[rf.to.key[0]].name);
        let Some(known) = known else {
            if rf.level == Level::Error {
                out.warnings.push(format!(
                    "{}: không kiểm tra được cột {} vì chưa có {} / cannot check column {}: no {} imported yet",
                    from.file, rf.column, rf.to.name, rf.column, rf.to.name
                ));
            }
            continue;
        };
        let mut unknown: Vec<String> = Vec::new();
        for (i, row) in from.rows.iter().enumerate() {
            let v = match &row[col] {
                Value::Null => continue,
                v => v.to_text(),
            };
            if known.contains(&v) {
                continue;
            }
            match rf.level {
                Level::Error => {
                    out.errors.push(error(from, i, rf.column, v, Problem::UnknownReference { target: target.clone() }))
                }
                Level::Warning => unknown.push(v),
            }
        }
        if !unknown.is_empty() {
            unknown.sort();
            unknown.dedup();
            let sample: Vec<&str> = unknown.iter().take(5).map(String::as_str).collect();
            out.warnings.push(format!(
                "{}: {} giá trị {} không có trong {} (vd. {}) / {} {} value(s) not found in {} (e.g. {})",
                from.file,
                unknown.len(),
                rf.column,
                rf.to.name,
                sample.join(", "),
                unknown.len(),
                rf.column,
                rf.to.name,
                sample.join(", ")
            ));
        }
    }
    handed_over_accounts(tables, store, merge, &mut out);
    for t in tables {
        shape_checks(t, &mut out);
        for (kind, column) in PAST_ONLY.iter().filter(|(k, _)| *k == t.kind.name) {
            let _ = kind;
            let Some(col) = t.kind.index_of(column) else { continue };
            for (i, row) in t.rows.iter().enumerate() {
                if let Value::Date(d) = &row[col] {
                    if *d > today {
                        out.errors.push(error(t, i, column, d.to_string(), Problem::FutureDate { today }));
                    }
                }
            }
        }
    }
    out.errors.sort_by(|a, b| (a.file.as_str(), a.row).cmp(&(b.file.as_str(), b.row)));
    out
}

/// Row-level rules the column schema cannot express.
fn shape_checks(t: &Table, out: &mut Outcome) {
    if std::ptr::eq(t.kind, &org::HR_RECONCILIATIONS) {
        let (u, s) = (t.kind.index_of("unit_code"), t.kind.index_of("system_id"));
        for (i, row) in t.rows.iter().enumerate() {
            let blank = |c: Option<usize>| c.is_none_or(|c| row[c].is_null());
            if blank(u) && blank(s) {
                out.errors.push(error(
                    t,
                    i,
                    "unit_code+system_id",
                    String::new(),
                    Problem::Other {
                        vi: "cần mã đơn vị hoặc mã hệ thống đã đối chiếu".into(),
                        en: "give the unit or the system that was reconciled".into(),
                    },
                ));
            }
        }
    }
    if std::ptr::eq(t.kind, &org::HANDOVERS) {
        let Some(c) = t.kind.index_of("accounts") else { return };
        for (i, row) in t.rows.iter().enumerate() {
            if let Value::List(items) = &row[c] {
                for item in items {
                    let ok = item.split_once('/').is_some_and(|(s, u)| !s.trim().is_empty() && !u.trim().is_empty());
                    if !ok {
                        out.errors.push(error(
                            t,
                            i,
                            "accounts",
                            item.clone(),
                            Problem::Other {
                                vi: "tài khoản phải ghi dạng MÃ_HỆ_THỐNG/tên_tài_khoản".into(),
                                en: "accounts must be written SYSTEM/username".into(),
                            },
                        ));
                    }
                }
            }
        }
    }
}

/// `handovers.accounts` items that are not in `accounts` (a warning:
/// PWD-AFTER-HANDOVER reports them as `no_evidence`).
fn handed_over_accounts(tables: &[Table], store: Option<&mut Store>, merge: bool, out: &mut Outcome) {
    let Some(h) = tables.iter().find(|t| std::ptr::eq(t.kind, &org::HANDOVERS)) else { return };
    let Some(c) = h.kind.index_of("accounts") else { return };
    let items: Vec<&String> =
        h.rows.iter().filter_map(|row| if let Value::List(v) = &row[c] { Some(v) } else { None }).flatten().collect();
    if items.is_empty() {
        return;
    }
    let acc = &schema::ACCOUNTS;
    let key = |row: &Vec<Value>| format!("{}/{}", row[acc.key[0]].to_text(), row[acc.key[1]].to_text());
    let in_import = tables.iter().find(|t| std::ptr::eq(t.kind, acc));
    let mut known: HashSet<String> = in_import.map(|t| t.rows.iter().map(key).collect()).unwrap_or_default();
    if in_import.is_none() || merge {
        if let Some(Ok(rows)) = store.map(|s| s.load_rows(acc)) {
            known.extend(rows.iter().map(key));
        }
    }
    if known.is_empty() {
        return;
    }
    let mut unknown: Vec<&str> = items.iter().map(|s| s.as_str()).filter(|k| !known.contains(*k)).collect();
    unknown.sort_unstable();
    unknown.dedup();
    if !unknown.is_empty() {
        let sample = unknown.iter().take(5).copied().collect::<Vec<_>>().join(", ");
        out.warnings.push(format!(
            "{}: {} tài khoản bàn giao không có trong accounts (vd. {sample}) / {} handed-over account(s) not found in accounts (e.g. {sample})",
            h.file,
            unknown.len(),
            unknown.len()
        ));
    }
}
