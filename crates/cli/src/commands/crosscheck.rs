//! Cross-file checks of the third-party and response kinds (issue 5, part
//! B), after every file has been parsed and before anything is written:
//!
//! * references (`contracts.vendor_id` → `vendors`, …): errors or warnings
//!   as declared in `schema_vendors_ir::REFERENCES`, each naming its row;
//! * a `contract_id` must belong to the row's `vendor_id`;
//! * dates that record something done may not be after today (Vietnam);
//! * dates that must not come before another of the same row;
//! * report periods (`YYYY`, `YYYY-H1`, `YYYY-H2`) for annual and monitoring
//!   reports.
//!
//! Errors stop the whole import (nothing is written); warnings do not.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use tuanthu_core::evidence::schema::{kind_by_name, KindSchema, Value};
use tuanthu_core::evidence::schema_vendors_ir::{
    Period, PeriodForm, RefLevel, CONTRACT_VENDOR_MATCH, ORDERED, PAST_ONLY, REFERENCES,
};
use tuanthu_ingest::{ImportError, Problem, Table};
use tuanthu_store::Store;

/// What the checks found.
#[derive(Default)]
pub struct Outcome {
    pub errors: Vec<ImportError>,
    pub warnings: Vec<String>,
}

/// Warnings printed per (file, column) before summarising the rest.
const WARNINGS_SHOWN: usize = 10;

/// The keys of a kind (`a/b` for two-column keys): from this import, else
/// from the database. `None` when they cannot be known (the kind's file is
/// in this import but failed to parse).
struct Keys<'a> {
    tables: &'a [Table],
    failed: &'a [&'static str],
    store: Option<&'a mut Store>,
    cache: HashMap<&'static str, Option<HashSet<String>>>,
}

fn key_text(kind: &KindSchema, row: &[Value]) -> String {
    kind.key.iter().map(|&k| row.get(k).map(Value::to_text).unwrap_or_default()).collect::<Vec<_>>().join("/")
}

impl Keys<'_> {
    fn of(&mut self, kind: &'static KindSchema) -> Option<&HashSet<String>> {
        if !self.cache.contains_key(kind.name) {
            let keys = if let Some(t) = self.tables.iter().find(|t| std::ptr::eq(t.kind, kind)) {
                Some(t.rows.iter().map(|r| key_text(kind, r)).collect())
            } else if self.failed.contains(&kind.name) {
                None
            } else {
                match self.store.as_deref_mut().map(|s| s.load_rows(kind)) {
                    Some(Ok(rows)) => Some(rows.iter().map(|r| key_text(kind, r)).collect()),
                    _ => Some(HashSet::new()),
                }
            };
            self.cache.insert(kind.name, keys);
        }
        self.cache.get(kind.name).and_then(Option::as_ref)
    }

    /// The vendor of each contract (this import, else the database).
    fn contract_vendors(&mut self) -> Option<HashMap<String, String>> {
        let kind = kind_by_name("contracts")?;
        let vendor = kind.index_of("vendor_id")?;
        let rows: Vec<Vec<Value>> = if let Some(t) = self.tables.iter().find(|t| std::ptr::eq(t.kind, kind)) {
            t.rows.clone()
        } else if self.failed.contains(&kind.name) {
            return None;
        } else {
            self.store.as_deref_mut().and_then(|s| s.load_rows(kind).ok()).unwrap_or_default()
        };
        Some(rows.iter().map(|r| (key_text(kind, r), r.get(vendor).map(Value::to_text).unwrap_or_default())).collect())
    }
}

fn err(t: &Table, i: usize, column: &str, value: String, vi: String, en: String) -> ImportError {
    ImportError {
        file: t.file.clone(),
        row: t.row_numbers.get(i).copied().unwrap_or(0),
        column: Some(column.to_string()),
        value: Some(value),
        problem: Problem::Other { vi, en },
    }
}

/// A value as shown in messages: dates as `YYYY-MM-DD`, timestamps in Vietnam time.
fn shown(v: &Value) -> String {
    match v {
        Value::Timestamp(t) => {
            let offset = chrono::FixedOffset::east_opt(tuanthu_core::VIETNAM_UTC_OFFSET_SECS);
            offset.map_or_else(|| v.to_text(), |o| t.with_timezone(&o).format("%Y-%m-%d %H:%M:%S%:z").to_string())
        }
        _ => v.to_text(),
    }
}

fn day_of(v: &Value) -> Option<NaiveDate> {
    match v {
        Value::Date(d) => Some(*d),
        Value::Timestamp(t) => Some(tuanthu_core::vietnam_date(*t)),
        _ => None,
    }
}

/// Runs every check on the parsed `tables`. `failed` names the kinds whose
/// files are in this import but failed to parse (their keys are unknown, so
/// references to them are not checked). `today` is the Vietnam date.
pub fn check(tables: &[Table], failed: &[&'static str], store: Option<&mut Store>, today: NaiveDate) -> Outcome {
    let mut out = Outcome::default();
    let mut keys = Keys { tables, failed, store, cache: HashMap::new() };
    let table = |name: &str| tables.iter().find(|t| t.kind.name == name);

    for r in REFERENCES {
        let (Some(from), Some(to)) = (table(r.from), kind_by_name(r.to)) else { continue };
        let Some(col) = from.kind.index_of(r.column) else { continue };
        let Some(known) = keys.of(to) else { continue };
        if r.level == RefLevel::Warning && known.is_empty() {
            continue; // nothing to compare with
        }
        let mut found = Vec::new();
        for (i, row) in from.rows.iter().enumerate() {
            let items: Vec<String> = match &row[col] {
                Value::Null => Vec::new(),
                Value::List(items) => items.clone(),
                v => vec![v.to_text()],
            };
            for item in items.into_iter().filter(|x| !known.contains(x)) {
                found.push(err(
                    from,
                    i,
                    r.column,
                    item,
                    format!("không có trong {} (nhập tệp {}.csv trước hoặc cùng lúc)", r.to, r.to),
                    format!("not found in {} (import {}.csv first or in the same run)", r.to, r.to),
                ));
            }
        }
        match r.level {
            RefLevel::Error => out.errors.extend(found),
            RefLevel::Warning => warn(&mut out.warnings, &found),
        }
    }

    // vendor_accounts must name accounts that exist (a warning: the accounts
    // may come from another export later).
    if let (Some(va), Some(accounts)) = (table("vendor_accounts"), kind_by_name("accounts")) {
        if let Some(known) = keys.of(accounts).filter(|k| !k.is_empty()) {
            let found: Vec<ImportError> = va
                .rows
                .iter()
                .enumerate()
                .filter(|(_, row)| !known.contains(&format!("{}/{}", row[0].to_text(), row[1].to_text())))
                .map(|(i, row)| {
                    err(
                        va,
                        i,
                        "system_id+username",
                        format!("{}/{}", row[0].to_text(), row[1].to_text()),
                        "tài khoản không có trong accounts".into(),
                        "account not found in accounts".into(),
                    )
                })
                .collect();
            warn(&mut out.warnings, &found);
        }
    }

    // A contract named on a row must be one of the row's vendor.
    if CONTRACT_VENDOR_MATCH.iter().any(|(k, _, _)| table(k).is_some()) {
        if let Some(vendors) = keys.contract_vendors() {
            for (kind, vcol, ccol) in CONTRACT_VENDOR_MATCH {
                let Some(t) = table(kind) else { continue };
                let (Some(vi), Some(ci)) = (t.kind.index_of(vcol), t.kind.index_of(ccol)) else { continue };
                for (i, row) in t.rows.iter().enumerate() {
                    let (vendor, contract) = (row[vi].to_text(), row[ci].to_text());
                    match vendors.get(&contract) {
                        Some(owner) if !contract.is_empty() && *owner != vendor => out.errors.push(err(
                            t,
                            i,
                            ccol,
                            contract.clone(),
                            format!("hợp đồng {contract} là của đối tác {owner}, không phải {vendor}"),
                            format!("contract {contract} belongs to vendor {owner}, not {vendor}"),
                        )),
                        _ => {}
                    }
                }
            }
        }
    }

    for (kind, column) in PAST_ONLY {
        let Some(t) = table(kind) else { continue };
        let Some(col) = t.kind.index_of(column) else { continue };
        for (i, row) in t.rows.iter().enumerate() {
            if day_of(&row[col]).is_some_and(|d| d > today) {
                out.errors.push(err(
                    t,
                    i,
                    column,
                    shown(&row[col]),
                    format!(
                        "ngày trong tương lai (hôm nay là {}); cột này ghi việc đã xảy ra",
                        today.format("%d/%m/%Y")
                    ),
                    format!("date in the future (today is {today}); this column records something that has happened"),
                ));
            }
        }
    }

    for (kind, earlier, later) in ORDERED {
        let Some(t) = table(kind) else { continue };
        let (Some(a), Some(b)) = (t.kind.index_of(earlier), t.kind.index_of(later)) else { continue };
        for (i, row) in t.rows.iter().enumerate() {
            let before = match (&row[a], &row[b]) {
                (Value::Timestamp(x), Value::Timestamp(y)) => y < x,
                (x, y) => matches!((day_of(x), day_of(y)), (Some(x), Some(y)) if y < x),
            };
            if before {
                out.errors.push(err(
                    t,
                    i,
                    later,
                    shown(&row[b]),
                    format!("trước {earlier} ({})", shown(&row[a])),
                    format!("before {earlier} ({})", shown(&row[a])),
                ));
            }
        }
    }

    if let Some(t) = table("reports") {
        if let (Some(k), Some(p)) = (t.kind.index_of("kind"), t.kind.index_of("period")) {
            for (i, row) in t.rows.iter().enumerate() {
                let kind = row[k].to_text();
                let Some(form) = PeriodForm::of(&kind) else { continue };
                let text = row[p].to_text();
                if !Period::parse(&text).is_some_and(|x| form.accepts(&x)) {
                    out.errors.push(err(
                        t,
                        i,
                        "period",
                        text,
                        format!("báo cáo {kind} phải ghi kỳ báo cáo dạng {}", form.example()),
                        format!("a {kind} report must name its period as {}", form.example()),
                    ));
                }
            }
        }
    }

    // Within a file, errors in row order; files in the order of `tables`.
    let order: HashMap<&str, usize> = tables.iter().enumerate().map(|(i, t)| (t.file.as_str(), i)).collect();
    out.errors.sort_by_key(|e| (order.get(e.file.as_str()).copied().unwrap_or(usize::MAX), e.row));
    out
}

/// Adds warnings naming each row, at most [`WARNINGS_SHOWN`] per (file,
/// column), then how many more.
fn warn(out: &mut Vec<String>, found: &[ImportError]) {
    let mut per: HashMap<(String, String), usize> = HashMap::new();
    let mut order: Vec<(String, String)> = Vec::new();
    for e in found {
        let k = (e.file.clone(), e.column.clone().unwrap_or_default());
        let n = per.entry(k.clone()).or_insert_with(|| {
            order.push(k.clone());
            0
        });
        *n += 1;
        if *n <= WARNINGS_SHOWN {
            out.push(e.to_string());
        }
    }
    for k in order {
        let n = per.get(&k).copied().unwrap_or(0);
        if n > WARNINGS_SHOWN {
            let (file, column) = k;
            let rest = n - WARNINGS_SHOWN;
            out.push(format!("{file}: {column}: … và {rest} dòng khác như trên / … and {rest} more rows like these"));
        }
    }
}
