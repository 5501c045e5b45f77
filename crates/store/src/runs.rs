//! Check runs as kept in the store: what is written for each run.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use tuanthu_core::{Finding, Status};

/// A `check` run being recorded.
#[derive(Debug, Clone)]
pub struct CheckRun {
    pub started_at: DateTime<Utc>,
    pub as_of: NaiveDate,
    pub pack_id: String,
    /// Rule ids selected (empty = all).
    pub rules: Vec<String>,
}

/// A recorded run with its counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunSummary {
    pub id: i64,
    pub started_at: DateTime<Utc>,
    pub as_of: NaiveDate,
    pub pack_id: String,
    pub finding_count: i64,
    /// `(rule, status, count)` over all units.
    pub counts: Vec<(String, String, i64)>,
}

/// The unit key that holds totals over all units.
pub const ALL_UNITS: &str = "*";

/// Findings kept in full: those that need attention. Passes and
/// not-applicable findings are only counted (at `customs` scale they are a
/// million rows per run, and history needs their numbers, not their text).
pub fn kept(findings: &[Finding]) -> impl Iterator<Item = &Finding> {
    findings.iter().filter(|f| Status::ATTENTION.contains(&f.status))
}

/// Counts per (rule, unit, status), with unit [`ALL_UNITS`] for totals; a
/// finding concerning several units counts once under each.
pub fn counts(findings: &[Finding]) -> BTreeMap<(String, String, &'static str), i64> {
    let mut out: BTreeMap<(String, String, &'static str), i64> = BTreeMap::new();
    for f in findings {
        *out.entry((f.rule.clone(), ALL_UNITS.to_string(), f.status.as_str())).or_default() += 1;
        for u in &f.units {
            *out.entry((f.rule.clone(), u.clone(), f.status.as_str())).or_default() += 1;
        }
    }
    out
}

pub fn join_evidence(f: &Finding) -> String {
    f.evidence.join("\n")
}

pub fn split_list(s: &str, sep: char) -> Vec<String> {
    s.split(sep).filter(|x| !x.is_empty()).map(str::to_string).collect()
}

/// Rebuilds a stored finding.
#[allow(clippy::too_many_arguments)]
pub fn finding_from_parts(
    rule: String,
    cite: String,
    status: &str,
    subject_kind: &str,
    subject_id: String,
    due: Option<NaiveDate>,
    overdue_days: Option<i64>,
    message_vi: String,
    message_en: String,
    evidence: &str,
    units: &str,
) -> Result<Finding, crate::StoreError> {
    use tuanthu_core::SubjectKind as K;
    let status = Status::parse(status).ok_or_else(|| crate::StoreError::Corrupt(format!("status {status:?}")))?;
    let kind = [K::Account, K::AccountException, K::Person, K::System, K::Unit]
        .into_iter()
        .find(|k| k.as_str() == subject_kind)
        .ok_or_else(|| crate::StoreError::Corrupt(format!("subject kind {subject_kind:?}")))?;
    let mut f = Finding::new(status, kind, subject_id).due(due).message(message_vi, message_en);
    f.rule = rule;
    f.cite = cite;
    f.overdue_days = overdue_days;
    f.evidence = split_list(evidence, '\n');
    f.units = split_list(units, ';');
    Ok(f)
}
