//! Typed records of the operational evidence (see [`super::schema_ops`]).

use chrono::{DateTime, NaiveDate, Utc};

use super::records::{str_enum, Row, RowError};

str_enum!(
    /// How often a backup plan runs.
    BackupFrequency { Continuous = "continuous", Hourly = "hourly", Daily = "daily", Weekly = "weekly", Monthly = "monthly" }
);
str_enum!(
    /// An external storage medium (Điều 15.2: "băng từ, đĩa cứng, đĩa quang hoặc phương tiện lưu trữ khác").
    Medium { Tape = "tape", Disk = "disk", Optical = "optical", Other = "other", None = "none" }
);
str_enum!(BackupRunStatus { Success = "success", Warning = "warning", Failed = "failed", Running = "running" });
str_enum!(RestoreResult { Success = "success", Partial = "partial", Failed = "failed" });
str_enum!(
    /// The contents of Điều 22.1 an assessment covers.
    AssessmentKind {
        Architecture = "architecture",
        Configuration = "configuration",
        Pentest = "pentest" | "penetration_test",
        Full = "full",
    }
);
str_enum!(
    /// What a change touches.
    ChangeKind {
        Upgrade = "upgrade",
        Expansion = "expansion",
        Replacement = "replacement",
        Os = "os",
        Database = "database",
        Middleware = "middleware",
        Software = "software",
        Hardware = "hardware",
        Configuration = "configuration",
        Procedure = "procedure",
        Emergency = "emergency",
    }
);
str_enum!(
    DocumentKind {
        SecurityDesign = "security_design",
        VerificationReport = "verification_report",
        MaintenanceRegulation = "maintenance_regulation",
    }
);
str_enum!(
    /// The contents of a maintenance regulation (Điều 24.1.a-đ).
    MaintenanceContent {
        Scope = "scope",
        Schedule = "schedule",
        Procedure = "procedure",
        IncidentReporting = "incident_reporting",
        Responsibilities = "responsibilities",
    }
);
str_enum!(NetworkRole { Lan = "lan", Wan = "wan" });
str_enum!(
    /// Link state of a switch port (`show interfaces status`).
    PortStatus {
        Connected = "connected",
        NotConnect = "notconnect",
        Disabled = "disabled",
        ErrDisabled = "err-disabled",
        SfpAbsent = "sfpabsent",
        XcvrAbsent = "xcvrabsent",
        Inactive = "inactive",
        Suspended = "suspended",
        Monitoring = "monitoring",
        Other = "other",
    }
);
str_enum!(PortMode { Access = "access", Trunk = "trunk", Routed = "routed", Other = "other" });

/// A text cell that records a document: blank, or a "no" written in words
/// (`no`, `không`, `false`, `0`, `-`), means there is none.
fn present(value: Option<String>) -> Option<String> {
    value.filter(|v| {
        let f = crate::text::fold_diacritics(v.trim()).to_lowercase();
        !matches!(f.as_str(), "" | "no" | "khong" | "false" | "0" | "-" | "n/a" | "none" | "chua co")
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupPlan {
    pub system_id: String,
    pub retention_days: Option<i64>,
    pub frequency: Option<BackupFrequency>,
    pub method: Option<String>,
    pub automatic: Option<bool>,
    pub external_medium: Option<Medium>,
    pub stored_apart: Option<bool>,
    pub restore_test_months: Option<i64>,
    pub document_no: Option<String>,
    pub approved_on: Option<NaiveDate>,
}

impl BackupPlan {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(BackupPlan {
            system_id: r.text(0)?,
            retention_days: r.opt_int(1)?,
            frequency: r.opt_enumerated(2, BackupFrequency::parse)?,
            method: r.opt_text(3)?,
            automatic: r.opt_bool(4)?,
            external_medium: r.opt_enumerated(5, Medium::parse)?,
            stored_apart: r.opt_bool(6)?,
            restore_test_months: r.opt_int(7)?,
            document_no: r.opt_text(8)?,
            approved_on: r.opt_date(9)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupRun {
    pub system_id: String,
    pub job: String,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub status: BackupRunStatus,
    pub automatic: Option<bool>,
    pub external_copy_at: Option<DateTime<Utc>>,
    pub medium: Option<Medium>,
    pub medium_label: Option<String>,
}

impl BackupRun {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(BackupRun {
            system_id: r.text(0)?,
            job: r.text(1)?,
            started_at: r.opt_timestamp(2)?.ok_or(RowError {
                kind: "backup_runs",
                column: 2,
                expected: "timestamp",
                found: super::Value::Null,
            })?,
            ended_at: r.opt_timestamp(3)?,
            status: r.enumerated(4, BackupRunStatus::parse)?,
            automatic: r.opt_bool(5)?,
            external_copy_at: r.opt_timestamp(6)?,
            medium: r.opt_enumerated(7, Medium::parse)?,
            medium_label: r.opt_text(8)?,
        })
    }

    /// Evidence reference: `backup_runs/SYSTEM/JOB/STARTED_AT`.
    #[must_use]
    pub fn evidence_ref(&self) -> String {
        format!(
            "backup_runs/{}/{}/{}",
            self.system_id,
            self.job,
            self.started_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        )
    }

    /// Completed, with or without warnings.
    #[must_use]
    pub fn completed(&self) -> bool {
        matches!(self.status, BackupRunStatus::Success | BackupRunStatus::Warning)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreTest {
    pub system_id: String,
    pub tested_on: NaiveDate,
    pub from_external_medium: Option<bool>,
    pub result: RestoreResult,
    pub record_no: Option<String>,
    pub performed_by: Option<String>,
}

impl RestoreTest {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(RestoreTest {
            system_id: r.text(0)?,
            tested_on: r.date(1)?,
            from_external_medium: r.opt_bool(2)?,
            result: r.enumerated(3, RestoreResult::parse)?,
            record_no: r.opt_text(4)?,
            performed_by: r.opt_text(5)?,
        })
    }

    #[must_use]
    pub fn evidence_ref(&self) -> String {
        format!("restore_tests/{}/{}", self.system_id, self.tested_on)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub system_id: String,
    pub kind: AssessmentKind,
    pub assessed_on: NaiveDate,
    pub performed_by: Option<String>,
    pub report_no: Option<String>,
    pub open_findings: Option<i64>,
    /// The kind as written (`pentest` or `penetration_test`), for references.
    pub kind_text: String,
}

impl Assessment {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(Assessment {
            system_id: r.text(0)?,
            kind: r.enumerated(1, AssessmentKind::parse)?,
            kind_text: r.text(1)?,
            assessed_on: r.date(2)?,
            performed_by: r.opt_text(3)?,
            report_no: r.opt_text(4)?,
            open_findings: r.opt_int(5)?,
        })
    }

    #[must_use]
    pub fn evidence_ref(&self) -> String {
        format!("assessments/{}/{}/{}", self.system_id, self.kind_text, self.assessed_on)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub change_id: String,
    pub system_id: String,
    pub kinds: Vec<ChangeKind>,
    pub description: Option<String>,
    pub plan: Option<String>,
    pub tested_on: Option<NaiveDate>,
    pub test_report: Option<String>,
    pub approved_by: Option<String>,
    pub approved_on: Option<NaiveDate>,
    pub applied_on: Option<NaiveDate>,
    pub rollback_plan: Option<String>,
    pub impact_assessment: Option<String>,
    pub level_reviewed_on: Option<NaiveDate>,
}

impl Change {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(Change {
            change_id: r.text(0)?,
            system_id: r.text(1)?,
            kinds: r.list(2)?.iter().filter_map(|k| ChangeKind::parse(k)).collect(),
            description: r.opt_text(3)?,
            plan: present(r.opt_text(4)?),
            tested_on: r.opt_date(5)?,
            test_report: present(r.opt_text(6)?),
            approved_by: present(r.opt_text(7)?),
            approved_on: r.opt_date(8)?,
            applied_on: r.opt_date(9)?,
            rollback_plan: present(r.opt_text(10)?),
            impact_assessment: present(r.opt_text(11)?),
            level_reviewed_on: r.opt_date(12)?,
        })
    }

    #[must_use]
    pub fn evidence_ref(&self) -> String {
        format!("changes/{}", self.change_id)
    }

    #[must_use]
    pub fn is(&self, kind: ChangeKind) -> bool {
        self.kinds.contains(&kind)
    }

    /// Applied in production on or before `day`.
    #[must_use]
    pub fn applied_by(&self, day: NaiveDate) -> Option<NaiveDate> {
        self.applied_on.filter(|&a| a <= day)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub system_id: String,
    pub kind: DocumentKind,
    pub document_no: String,
    pub title: Option<String>,
    pub approved_on: Option<NaiveDate>,
    pub approved_by: Option<String>,
    pub reviewed_on: Option<NaiveDate>,
    /// `None` when the `contents` cell is blank (not declared).
    pub contents: Option<Vec<MaintenanceContent>>,
}

impl Document {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        let contents = r.list(7)?;
        Ok(Document {
            system_id: r.text(0)?,
            kind: r.enumerated(1, DocumentKind::parse)?,
            document_no: r.text(2)?,
            title: r.opt_text(3)?,
            approved_on: r.opt_date(4)?,
            approved_by: r.opt_text(5)?,
            reviewed_on: r.opt_date(6)?,
            contents: if contents.is_empty() {
                None
            } else {
                Some(contents.iter().filter_map(|c| MaintenanceContent::parse(c)).collect())
            },
        })
    }

    #[must_use]
    pub fn evidence_ref(&self) -> String {
        format!("documents/{}/{}/{}", self.system_id, self.kind.as_str(), self.document_no)
    }

    /// The latest of `approved_on` and `reviewed_on`, ignoring dates after `day`.
    #[must_use]
    pub fn last_dated_by(&self, day: NaiveDate) -> Option<NaiveDate> {
        [self.approved_on, self.reviewed_on].into_iter().flatten().filter(|&d| d <= day).max()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkDevice {
    pub device: String,
    pub system_id: Option<String>,
    pub unit_code: Option<String>,
    pub role: Option<NetworkRole>,
    pub model: Option<String>,
    pub location: Option<String>,
    pub management_ip: Option<String>,
}

impl NetworkDevice {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(NetworkDevice {
            device: r.text(0)?,
            system_id: r.opt_text(1)?,
            unit_code: r.opt_text(2)?,
            role: r.opt_enumerated(3, NetworkRole::parse)?,
            model: r.opt_text(4)?,
            location: r.opt_text(5)?,
            management_ip: r.opt_text(6)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkPort {
    pub device: String,
    pub interface: String,
    pub status: Option<PortStatus>,
    pub shutdown: Option<bool>,
    pub mode: Option<PortMode>,
    pub vlan: Option<String>,
    pub description: Option<String>,
    pub system_id: Option<String>,
    pub source: Option<String>,
}

impl NetworkPort {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(NetworkPort {
            device: r.text(0)?,
            interface: r.text(1)?,
            status: r.opt_enumerated(2, PortStatus::parse)?,
            shutdown: r.opt_bool(3)?,
            mode: r.opt_enumerated(4, PortMode::parse)?,
            vlan: r.opt_text(5)?,
            description: r.opt_text(6)?,
            system_id: r.opt_text(7)?,
            source: r.opt_text(8)?,
        })
    }

    /// `DEVICE/INTERFACE`, the subject id of a port.
    #[must_use]
    pub fn subject_id(&self) -> String {
        format!("{}/{}", self.device, self.interface)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigBackup {
    pub device: String,
    pub backed_up_at: DateTime<Utc>,
    pub system_id: Option<String>,
    pub location: Option<String>,
}

impl ConfigBackup {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(ConfigBackup {
            device: r.text(0)?,
            backed_up_at: r.opt_timestamp(1)?.ok_or(RowError {
                kind: "config_backups",
                column: 1,
                expected: "timestamp",
                found: super::Value::Null,
            })?,
            system_id: r.opt_text(2)?,
            location: r.opt_text(3)?,
        })
    }

    #[must_use]
    pub fn evidence_ref(&self) -> String {
        format!(
            "config_backups/{}/{}",
            self.device,
            self.backed_up_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub host: String,
    pub unit_code: Option<String>,
    pub system_id: Option<String>,
    pub antimalware_product: Option<String>,
    pub signatures_updated_at: Option<DateTime<Utc>>,
    pub realtime_protection: Option<bool>,
}

impl Endpoint {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(Endpoint {
            host: r.text(0)?,
            unit_code: r.opt_text(1)?,
            system_id: r.opt_text(2)?,
            antimalware_product: present(r.opt_text(3)?),
            signatures_updated_at: r.opt_timestamp(4)?,
            realtime_protection: r.opt_bool(5)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestEnvironment {
    pub system_id: String,
    pub environment: String,
    pub uses_production_data: bool,
    pub data_masked: Option<bool>,
    pub masking_method: Option<String>,
    pub declared_on: Option<NaiveDate>,
    pub declared_by: Option<String>,
}

impl TestEnvironment {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(TestEnvironment {
            system_id: r.text(0)?,
            environment: r.text(1)?,
            uses_production_data: r.opt_bool(2)?.unwrap_or(false),
            data_masked: r.opt_bool(3)?,
            masking_method: r.opt_text(4)?,
            declared_on: r.opt_date(5)?,
            declared_by: r.opt_text(6)?,
        })
    }

    #[must_use]
    pub fn evidence_ref(&self) -> String {
        format!("test_environments/{}/{}", self.system_id, self.environment)
    }
}
