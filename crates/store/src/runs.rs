//! Check runs as kept in the store: what is written for each run.

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
/// not-applicable findings are only counted (at `customs` scale they are
/// close to a million rows per run; history needs their numbers, not their text).
pub fn kept(findings: &[Finding]) -> impl Iterator<Item = &Finding> {
    findings.iter().filter(|f| Status::ATTENTION.contains(&f.status))
}

pub fn join_evidence(f: &Finding) -> String {
    f.evidence.join("\n")
}

/// Rows of `run_counts`: `(rule, unit or ALL_UNITS, status, count)`.
pub fn count_rows(counts: &tuanthu_core::engine::Counts) -> Vec<(String, String, &'static str, i64)> {
    counts
        .entries()
        .into_iter()
        .map(|(rule, unit, status, n)| {
            (
                rule.to_string(),
                unit.unwrap_or(ALL_UNITS).to_string(),
                status.as_str(),
                i64::try_from(n).unwrap_or(i64::MAX),
            )
        })
        .collect()
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
    let status = Status::parse(status).ok_or_else(|| crate::StoreError::Corrupt(format!("status {status:?}")))?;
    let kind = tuanthu_core::SubjectKind::parse(subject_kind)
        .ok_or_else(|| crate::StoreError::Corrupt(format!("subject kind {subject_kind:?}")))?;
    let mut f = Finding::new(status, kind, subject_id).due(due).message(message_vi, message_en);
    f.rule = rule.into();
    f.cite = cite.into();
    f.overdue_days = overdue_days;
    f.evidence = split_list(evidence, '\n');
    f.units = split_list(units, ';').into_iter().map(Into::into).collect();
    Ok(f)
}
