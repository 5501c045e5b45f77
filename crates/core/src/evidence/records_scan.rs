//! Typed records of vulnerability management (Điều 23): scan targets,
//! remediation plans, and what the scanner-report importer stores
//! (vulnerabilities, scans, scan coverage).

use chrono::{DateTime, NaiveDate, Utc};

use super::records::{Row, RowError};
use super::schema::Value;

/// Normalised severity of a vulnerability, or a rated risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
    Info,
}

impl Severity {
    pub const ALL: [Severity; 5] =
        [Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Info];

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "critical" => Some(Severity::Critical),
            "high" => Some(Severity::High),
            "medium" => Some(Severity::Medium),
            "low" => Some(Severity::Low),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::Info => "info",
        }
    }

    /// Vietnamese label.
    #[must_use]
    pub fn vi(self) -> &'static str {
        match self {
            Severity::Critical => "nghiêm trọng",
            Severity::High => "cao",
            Severity::Medium => "trung bình",
            Severity::Low => "thấp",
            Severity::Info => "thông tin",
        }
    }

    /// The CVSS v3 qualitative rating of a base score: 0 → info (CVSS
    /// "none"), 0.1-3.9 low, 4.0-6.9 medium, 7.0-8.9 high, 9.0-10.0 critical.
    #[must_use]
    pub fn from_cvss(score: f64) -> Self {
        if score >= 9.0 {
            Severity::Critical
        } else if score >= 7.0 {
            Severity::High
        } else if score >= 4.0 {
            Severity::Medium
        } else if score > 0.0 {
            Severity::Low
        } else {
            Severity::Info
        }
    }
}

/// What a scan target names (informative).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    Host,
    Ip,
    Image,
    Repository,
}

impl TargetKind {
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "host" => Some(TargetKind::Host),
            "ip" => Some(TargetKind::Ip),
            "image" => Some(TargetKind::Image),
            "repository" => Some(TargetKind::Repository),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Host => "host",
            TargetKind::Ip => "ip",
            TargetKind::Image => "image",
            TargetKind::Repository => "repository",
        }
    }
}

/// Where a remediation plan stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanStatus {
    Planned,
    InProgress,
    Done,
    /// The risk was assessed and accepted.
    Accepted,
}

impl PlanStatus {
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "planned" => Some(PlanStatus::Planned),
            "in_progress" => Some(PlanStatus::InProgress),
            "done" => Some(PlanStatus::Done),
            "accepted" => Some(PlanStatus::Accepted),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            PlanStatus::Planned => "planned",
            PlanStatus::InProgress => "in_progress",
            PlanStatus::Done => "done",
            PlanStatus::Accepted => "accepted",
        }
    }
}

fn required<T>(kind: &'static str, column: usize, v: Option<T>, expected: &'static str) -> Result<T, RowError> {
    v.ok_or(RowError { kind, column, expected, found: Value::Null })
}

/// `scan_targets`: a host, IP, image or repository and the system it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanTarget {
    pub target: String,
    pub system_id: String,
    pub kind: Option<TargetKind>,
    pub note: Option<String>,
}

impl ScanTarget {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(ScanTarget {
            target: r.text(0)?,
            system_id: r.text(1)?,
            kind: r.opt_enumerated(2, TargetKind::parse)?,
            note: r.opt_text(3)?,
        })
    }
}

/// `vuln_plans`: the risk rating and remediation plan of one vulnerability.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VulnPlan {
    pub vuln_key: String,
    pub risk_rating: Option<Severity>,
    pub plan: Option<String>,
    pub due_date: Option<NaiveDate>,
    pub owner: Option<String>,
    pub status: Option<PlanStatus>,
}

impl VulnPlan {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(VulnPlan {
            vuln_key: r.text(0)?,
            risk_rating: r.opt_enumerated(1, Severity::parse)?,
            plan: r.opt_text(2)?,
            due_date: r.opt_date(3)?,
            owner: r.opt_text(4)?,
            status: r.opt_enumerated(5, PlanStatus::parse)?,
        })
    }
}

/// A vulnerability found by one or more imported scans.
#[derive(Debug, Clone, PartialEq)]
pub struct Vulnerability {
    pub key: String,
    pub system_id: String,
    pub tool: String,
    pub target: String,
    pub rule_id: String,
    pub title: String,
    pub severity: Severity,
    pub tool_severity: Option<String>,
    pub cvss: Option<f64>,
    pub cves: Vec<String>,
    pub port: Option<String>,
    pub package: Option<String>,
    pub location: Option<String>,
    pub first_seen: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
    pub fixed_on: Option<DateTime<Utc>>,
    pub first_scan: i64,
    pub last_scan: i64,
}

impl Vulnerability {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        const K: &str = "vulnerabilities";
        Ok(Vulnerability {
            key: r.text(0)?,
            system_id: r.text(1)?,
            tool: r.text(2)?,
            target: r.text(3)?,
            rule_id: r.text(4)?,
            title: r.text(5)?,
            severity: r.enumerated(6, Severity::parse)?,
            tool_severity: r.opt_text(7)?,
            cvss: r.opt_text(8)?.and_then(|s| s.parse().ok()),
            cves: r.list(9)?,
            port: r.opt_text(10)?,
            package: r.opt_text(11)?,
            location: r.opt_text(12)?,
            first_seen: required(K, 13, r.opt_timestamp(13)?, "timestamp")?,
            last_seen: required(K, 14, r.opt_timestamp(14)?, "timestamp")?,
            fixed_on: r.opt_timestamp(15)?,
            first_scan: required(K, 16, r.opt_int(16)?, "integer")?,
            last_scan: required(K, 17, r.opt_int(17)?, "integer")?,
        })
    }

    /// Whether the vulnerability was open on `day` (Vietnam dates): found on
    /// or before it and not yet fixed then.
    #[must_use]
    pub fn open_on(&self, day: NaiveDate) -> bool {
        crate::vietnam_date(self.first_seen) <= day && self.fixed_on.is_none_or(|f| crate::vietnam_date(f) > day)
    }

    /// Evidence reference: `vulnerabilities/KEY`.
    #[must_use]
    pub fn evidence_ref(&self) -> String {
        format!("vulnerabilities/{}", self.key)
    }
}

/// One imported scanner report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scan {
    pub scan_id: i64,
    pub tool: String,
    pub tool_name: String,
    pub tool_version: Option<String>,
    pub file: String,
    pub fingerprint: String,
    pub started_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    pub scanned_at: DateTime<Utc>,
    pub imported_at: DateTime<Utc>,
    pub targets: Vec<String>,
    pub systems: Vec<String>,
    pub findings: i64,
}

impl Scan {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        const K: &str = "scans";
        Ok(Scan {
            scan_id: required(K, 0, r.opt_int(0)?, "integer")?,
            tool: r.text(1)?,
            tool_name: r.text(2)?,
            tool_version: r.opt_text(3)?,
            file: r.text(4)?,
            fingerprint: r.text(5)?,
            started_at: r.opt_timestamp(6)?,
            ended_at: r.opt_timestamp(7)?,
            scanned_at: required(K, 8, r.opt_timestamp(8)?, "timestamp")?,
            imported_at: required(K, 9, r.opt_timestamp(9)?, "timestamp")?,
            targets: r.list(10)?,
            systems: r.list(11)?,
            findings: required(K, 12, r.opt_int(12)?, "integer")?,
        })
    }
}

/// A target covered by a scan, with the system it was attributed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanCoverage {
    pub scan_id: i64,
    pub tool: String,
    pub target: String,
    pub system_id: String,
    pub scanned_at: DateTime<Utc>,
}

impl ScanCoverage {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        const K: &str = "scan_coverage";
        Ok(ScanCoverage {
            scan_id: required(K, 0, r.opt_int(0)?, "integer")?,
            tool: r.text(1)?,
            target: r.text(2)?,
            system_id: r.text(3)?,
            scanned_at: required(K, 4, r.opt_timestamp(4)?, "timestamp")?,
        })
    }
}
