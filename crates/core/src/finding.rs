//! Findings: what a rule says about one subject on one as-of date.

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};

/// Outcome of a rule for one subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// The obligation holds (for recurring obligations: until `due`).
    Pass,
    /// A one-off obligation is open and not yet due.
    Pending,
    /// The obligation was not met by its deadline, or does not hold.
    Fail,
    /// A valid written exception (Điều 11.1.c) covers the subject.
    Excepted,
    /// The evidence needed to judge is missing. Never silently a pass.
    NoEvidence,
    /// The rule does not apply to this subject.
    NotApplicable,
}

impl Status {
    pub const ALL: [Status; 6] =
        [Status::Pass, Status::Pending, Status::Fail, Status::Excepted, Status::NoEvidence, Status::NotApplicable];

    /// The statuses `check` shows by default: those that need attention.
    pub const ATTENTION: [Status; 4] = [Status::Fail, Status::Pending, Status::Excepted, Status::NoEvidence];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Pending => "pending",
            Status::Fail => "fail",
            Status::Excepted => "excepted",
            Status::NoEvidence => "no_evidence",
            Status::NotApplicable => "not_applicable",
        }
    }

    /// Parses a status name; `no-evidence` and `not-applicable` are accepted too.
    #[must_use]
    pub fn parse(s: &str) -> Option<Status> {
        let s = s.trim().to_ascii_lowercase().replace('-', "_");
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SubjectKind {
    Account,
    AccountException,
    Person,
    System,
    Unit,
    /// A vulnerability found by scans (subject id = its key).
    Vulnerability,
    /// A change record (`changes`), id `change_id`.
    Change,
    /// A network device, id its host name.
    Device,
    /// A switch port, id `DEVICE/INTERFACE`.
    Port,
    /// A computer (`endpoints`), id its host name.
    Endpoint,
    Contract,
    VendorStaff,
    Incident,
    Asset,
    Application,
    AccessPath,
    NetworkZone,
    RemovableMedia,
    /// The central log itself (issue 4).
    Log,
    /// A log source (`log_sources`, issue 4).
    LogSource,
}

impl SubjectKind {
    /// Every subject kind (for parsing stored findings).
    pub const ALL: [SubjectKind; 20] = [
        SubjectKind::Account,
        SubjectKind::AccountException,
        SubjectKind::Person,
        SubjectKind::System,
        SubjectKind::Unit,
        SubjectKind::Vulnerability,
        SubjectKind::Change,
        SubjectKind::Device,
        SubjectKind::Port,
        SubjectKind::Endpoint,
        SubjectKind::Contract,
        SubjectKind::VendorStaff,
        SubjectKind::Incident,
        SubjectKind::Asset,
        SubjectKind::Application,
        SubjectKind::AccessPath,
        SubjectKind::NetworkZone,
        SubjectKind::RemovableMedia,
        SubjectKind::Log,
        SubjectKind::LogSource,
    ];

    /// Parses a subject kind name.
    #[must_use]
    pub fn parse(s: &str) -> Option<SubjectKind> {
        SubjectKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            SubjectKind::Account => "account",
            SubjectKind::AccountException => "account_exception",
            SubjectKind::Person => "person",
            SubjectKind::System => "system",
            SubjectKind::Unit => "unit",
            SubjectKind::Vulnerability => "vulnerability",
            SubjectKind::Change => "change",
            SubjectKind::Device => "device",
            SubjectKind::Port => "port",
            SubjectKind::Endpoint => "endpoint",
            SubjectKind::Contract => "contract",
            SubjectKind::VendorStaff => "vendor_staff",
            SubjectKind::Incident => "incident",
            SubjectKind::Asset => "asset",
            SubjectKind::Application => "application",
            SubjectKind::AccessPath => "access_path",
            SubjectKind::NetworkZone => "network_zone",
            SubjectKind::RemovableMedia => "removable_media",
            SubjectKind::Log => "log",
            SubjectKind::LogSource => "log_source",
        }
    }
}

/// One finding. `rule` and `cite` are filled by the engine from the pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Shared by every finding of the rule (no allocation per finding).
    pub rule: Arc<str>,
    pub cite: Arc<str>,
    pub status: Status,
    pub subject_kind: SubjectKind,
    pub subject_id: String,
    pub due: Option<NaiveDate>,
    pub overdue_days: Option<i64>,
    pub message_vi: String,
    pub message_en: String,
    /// References to the evidence rows used, e.g. `hr_events/E17`.
    pub evidence: Vec<String>,
    /// Units the finding concerns (system's owner/operator/security unit,
    /// the person's unit), used by `--unit` filters and the console's scoping.
    /// Not part of the `jsonl` contract. Interned by the snapshot.
    pub units: Vec<Arc<str>>,
}

/// The last date a `due` can hold (four-digit years only).
const LAST_DUE: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

impl Finding {
    /// A finding about `subject`, to be completed with the builder methods.
    #[must_use]
    pub fn new(status: Status, subject_kind: SubjectKind, subject_id: impl Into<String>) -> Self {
        Finding {
            rule: Arc::from(""),
            cite: Arc::from(""),
            status,
            subject_kind,
            subject_id: subject_id.into(),
            due: None,
            overdue_days: None,
            message_vi: String::new(),
            message_en: String::new(),
            evidence: Vec::new(),
            units: Vec::new(),
        }
    }

    #[must_use]
    pub fn due(mut self, due: Option<NaiveDate>) -> Self {
        // Dates are written YYYY-MM-DD: a deadline counted from evidence
        // dated 9999-12-31 ("never") stays on the last such date.
        self.due = due.map(|d| d.min(LAST_DUE));
        self
    }

    /// Sets `overdue_days` to the calendar days from `due` to `until` (≥ 0).
    #[must_use]
    pub fn overdue_from(mut self, due: NaiveDate, until: NaiveDate) -> Self {
        self.overdue_days = Some((until - due).num_days().max(0));
        self
    }

    #[must_use]
    pub fn message(mut self, vi: impl Into<String>, en: impl Into<String>) -> Self {
        self.message_vi = vi.into();
        self.message_en = en.into();
        self
    }

    #[must_use]
    pub fn evidence(mut self, reference: impl Into<String>) -> Self {
        self.evidence.push(reference.into());
        self
    }

    /// Adds units the finding concerns (duplicates are skipped).
    #[must_use]
    pub fn units<'a>(mut self, units: impl IntoIterator<Item = &'a Arc<str>>) -> Self {
        for u in units {
            if !self.units.iter().any(|x| x == u) {
                self.units.push(Arc::clone(u));
            }
        }
        self
    }
}

/// Columns of the flat form of a finding (CSV, XLSX): the `jsonl` fields, in order.
pub const FLAT_COLUMNS: [&str; 10] = [
    "rule",
    "cite",
    "status",
    "subject_kind",
    "subject_id",
    "due",
    "overdue_days",
    "message_vi",
    "message_en",
    "evidence",
];

impl Finding {
    /// The values of [`FLAT_COLUMNS`]: dates `YYYY-MM-DD`, blanks for nulls,
    /// evidence references `;`-joined.
    #[must_use]
    pub fn flat_fields(&self) -> [String; 10] {
        [
            self.rule.to_string(),
            self.cite.to_string(),
            self.status.as_str().to_string(),
            self.subject_kind.as_str().to_string(),
            self.subject_id.clone(),
            self.due.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
            self.overdue_days.map(|n| n.to_string()).unwrap_or_default(),
            self.message_vi.clone(),
            self.message_en.clone(),
            self.evidence.join(";"),
        ]
    }
}

/// Formats a date the Vietnamese way (dd/mm/yyyy) for messages.
#[must_use]
pub fn vn_date(d: NaiveDate) -> String {
    // Hand-rolled: chrono's strftime parser is measurably slow at a million findings.
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_due_date_past_year_9999_stays_printable() {
        let far = NaiveDate::from_ymd_opt(10_000, 3, 31).unwrap();
        let f = Finding::new(Status::Pass, SubjectKind::Account, "S/u").due(Some(far));
        assert_eq!(f.due, NaiveDate::from_ymd_opt(9999, 12, 31));
        let near = NaiveDate::from_ymd_opt(2026, 3, 31);
        assert_eq!(Finding::new(Status::Pass, SubjectKind::Account, "S/u").due(near).due, near);
    }
}
