//! Cross-file checks after parsing: rows that name a system, person or unit
//! that no imported evidence has. They are warnings, not errors — an account
//! of an unknown person is exactly what PERSON-HR-RECONCILE reports — but a
//! user importing a directory wants to know at once.

use std::collections::HashSet;

use tuanthu_core::evidence::schema::{self, KindSchema, Value};
use tuanthu_core::evidence::schema_ops as ops;
use tuanthu_ingest::Table;
use tuanthu_store::Store;

/// One kind of reference: `from.column` should name a `to.key` value.
struct Reference {
    from: &'static KindSchema,
    column: &'static str,
    to: &'static KindSchema,
}

const REFERENCES: &[Reference] = &[
    Reference { from: &schema::ACCOUNTS, column: "system_id", to: &schema::SYSTEMS },
    Reference { from: &schema::HR_EVENTS, column: "person_id", to: &schema::PERSONS },
    Reference { from: &schema::ACCOUNT_EXCEPTIONS, column: "system_id", to: &schema::SYSTEMS },
    Reference { from: &schema::PERSONS, column: "unit_code", to: &schema::UNITS },
    Reference { from: &schema::SYSTEMS, column: "owner_unit", to: &schema::UNITS },
    // Operational evidence (issue 6).
    Reference { from: &ops::BACKUP_PLANS, column: "system_id", to: &schema::SYSTEMS },
    Reference { from: &ops::BACKUP_RUNS, column: "system_id", to: &schema::SYSTEMS },
    Reference { from: &ops::RESTORE_TESTS, column: "system_id", to: &schema::SYSTEMS },
    Reference { from: &ops::ASSESSMENTS, column: "system_id", to: &schema::SYSTEMS },
    Reference { from: &ops::CHANGES, column: "system_id", to: &schema::SYSTEMS },
    Reference { from: &ops::DOCUMENTS, column: "system_id", to: &schema::SYSTEMS },
    Reference { from: &ops::TEST_ENVIRONMENTS, column: "system_id", to: &schema::SYSTEMS },
    Reference { from: &ops::NETWORK_DEVICES, column: "unit_code", to: &schema::UNITS },
    Reference { from: &ops::ENDPOINTS, column: "unit_code", to: &schema::UNITS },
];

/// Warnings for rows naming unknown keys, checked against the tables being
/// imported or, for kinds not in this import, what the database holds.
pub fn warnings(tables: &[Table], store: Option<&mut Store>) -> Vec<String> {
    let mut store = store;
    let mut out = Vec::new();
    for r in REFERENCES {
        let Some(from) = tables.iter().find(|t| std::ptr::eq(t.kind, r.from)) else { continue };
        let Some(col) = r.from.index_of(r.column) else { continue };
        let known: HashSet<String> = match tables.iter().find(|t| std::ptr::eq(t.kind, r.to)) {
            Some(t) => t.rows.iter().map(|row| row[r.to.key[0]].to_text()).collect(),
            None => match store.as_deref_mut().map(|s| s.load_rows(r.to)) {
                Some(Ok(rows)) if !rows.is_empty() => rows.iter().map(|row| row[r.to.key[0]].to_text()).collect(),
                _ => continue, // nothing to compare with
            },
        };
        let unknown: Vec<String> = from
            .rows
            .iter()
            .filter_map(|row| match &row[col] {
                Value::Null => None,
                v => Some(v.to_text()).filter(|k| !known.contains(k)),
            })
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        if !unknown.is_empty() {
            let sample: Vec<&str> = unknown.iter().take(5).map(String::as_str).collect();
            out.push(format!(
                "{}: {} giá trị {} không có trong {} (vd. {}) / {} {} value(s) not found in {} (e.g. {})",
                from.file,
                unknown.len(),
                r.column,
                r.to.name,
                sample.join(", "),
                unknown.len(),
                r.column,
                r.to.name,
                sample.join(", ")
            ));
        }
    }
    out
}
