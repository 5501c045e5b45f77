//! Typed records of third parties (Điều 25-27) and of monitoring, alerts,
//! incident response and reports (Điều 28-30, 32), built from rows checked
//! against [`super::schema_vendors_ir`].

use chrono::{DateTime, NaiveDate, Utc};

use super::records::{str_enum, Row, RowError};
use super::schema_vendors_ir::Period;

str_enum!(
    /// Admin work on a system (Điều 25.2).
    AdminFunction { Configuration = "configuration", Data = "data", Logs = "logs" }
);
str_enum!(
    /// A security clause a vendor contract must contain (Điều 25.1); the
    /// contract column is `clause_<name>`.
    Clause {
        SecurityDuties = "security_duties",
        NonDisclosure = "non_disclosure",
        VulnerabilityPatching = "vulnerability_patching",
        ViolationHandling = "violation_handling",
        DamagesLiability = "damages_liability",
    }
);
str_enum!(
    /// Monitoring time (Điều 28.3), weakest first (the order compares).
    MonitoringCoverage { None = "none", WorkingHours = "working_hours", TwentyFourSeven = "24x7" }
);
str_enum!(FocalRole { Leader = "leader", Officer = "officer" });
str_enum!(
    /// Incident types of Điều 30.1 (`not_attack`: harm that is not an attack).
    IncidentType {
        DenialOfService = "denial_of_service",
        Spoofing = "spoofing",
        Malware = "malware",
        UnauthorizedAccess = "unauthorized_access",
        Defacement = "defacement",
        Encryption = "encryption",
        Destruction = "destruction",
        EspionageDataTheft = "espionage_data_theft",
        OtherAttack = "other_attack",
        NotAttack = "not_attack",
    }
);
str_enum!(IncidentSeverity { Low = "low", Medium = "medium", High = "high", Critical = "critical" });
str_enum!(IncidentStatus { Open = "open", Closed = "closed" });
str_enum!(DrillResult { Passed = "passed", Partial = "partial", Failed = "failed", Cancelled = "cancelled" });
str_enum!(ReportKind { Annual = "annual", Monitoring = "monitoring", Incident = "incident", AdHoc = "ad_hoc" });

impl Clause {
    /// Vietnamese name, as the article words it.
    #[must_use]
    pub fn name_vi(self) -> &'static str {
        match self {
            Clause::SecurityDuties => "điều khoản, nghĩa vụ về an toàn, an ninh thông tin",
            Clause::NonDisclosure => "cam kết không tiết lộ thông tin",
            Clause::VulnerabilityPatching => "trách nhiệm xử lý, vá lỗ hổng phần mềm",
            Clause::ViolationHandling => "điều khoản xử lý vi phạm",
            Clause::DamagesLiability => "trách nhiệm bồi thường thiệt hại",
        }
    }
}

impl IncidentType {
    /// Vietnamese name (Điều 30.1).
    #[must_use]
    pub fn name_vi(self) -> &'static str {
        match self {
            IncidentType::DenialOfService => "tấn công từ chối dịch vụ",
            IncidentType::Spoofing => "tấn công giả mạo",
            IncidentType::Malware => "tấn công sử dụng mã độc",
            IncidentType::UnauthorizedAccess => "truy cập trái phép, chiếm quyền điều khiển",
            IncidentType::Defacement => "tấn công thay đổi giao diện",
            IncidentType::Encryption => "tấn công mã hóa phần mềm, dữ liệu, thiết bị",
            IncidentType::Destruction => "phá hoại thông tin, dữ liệu, phần mềm",
            IncidentType::EspionageDataTheft => "nghe trộm, gián điệp, lấy cắp thông tin, dữ liệu",
            IncidentType::OtherAttack => "hình thức tấn công mạng khác",
            IncidentType::NotAttack => "sự cố không do tấn công mạng",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vendor {
    pub vendor_id: String,
    pub name: String,
    pub tax_code: Option<String>,
    pub focal_unit: Option<String>,
}

impl Vendor {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(Vendor { vendor_id: r.text(0)?, name: r.text(1)?, tax_code: r.opt_text(2)?, focal_unit: r.opt_text(3)? })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contract {
    pub contract_id: String,
    pub vendor_id: String,
    pub unit_code: Option<String>,
    pub service: Option<String>,
    pub system_ids: Vec<String>,
    pub signed_on: Option<NaiveDate>,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    /// One per [`Clause`], in [`Clause::ALL`] order; `None` = not recorded.
    pub clauses: [Option<bool>; 5],
    pub admin_functions: Vec<AdminFunction>,
    pub access_revoked_on: Option<NaiveDate>,
    pub keys_handed_over: Option<bool>,
    pub keys_changed_on: Option<NaiveDate>,
}

impl Contract {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(Contract {
            contract_id: r.text(0)?,
            vendor_id: r.text(1)?,
            unit_code: r.opt_text(2)?,
            service: r.opt_text(3)?,
            system_ids: r.list(4)?,
            signed_on: r.opt_date(5)?,
            start_date: r.date(6)?,
            end_date: r.opt_date(7)?,
            clauses: [r.opt_bool(8)?, r.opt_bool(9)?, r.opt_bool(10)?, r.opt_bool(11)?, r.opt_bool(12)?],
            admin_functions: r.list(13)?.iter().filter_map(|s| AdminFunction::parse(s)).collect(),
            access_revoked_on: r.opt_date(14)?,
            keys_handed_over: r.opt_bool(15)?,
            keys_changed_on: r.opt_date(16)?,
        })
    }

    /// Whether the contract records the clause (`None`: not recorded).
    #[must_use]
    pub fn clause(&self, c: Clause) -> Option<bool> {
        Clause::ALL.iter().position(|x| *x == c).and_then(|i| self.clauses[i])
    }

    /// Whether `day` is within the contract (start and end days included).
    #[must_use]
    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        self.start_date <= day && self.end_date.is_none_or(|e| day <= e)
    }

    /// Whether the contract concerns the system (a contract naming no system
    /// concerns none).
    #[must_use]
    pub fn covers(&self, system_id: &str) -> bool {
        self.system_ids.iter().any(|s| s == system_id)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorStaff {
    pub vendor_id: String,
    pub full_name: String,
    pub contract_id: Option<String>,
    pub role: Option<String>,
    pub approved_on: Option<NaiveDate>,
    pub approved_by_unit: Option<String>,
    pub nda_signed_on: Option<NaiveDate>,
}

impl VendorStaff {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(VendorStaff {
            vendor_id: r.text(0)?,
            full_name: r.text(1)?,
            contract_id: r.opt_text(2)?,
            role: r.opt_text(3)?,
            approved_on: r.opt_date(4)?,
            approved_by_unit: r.opt_text(5)?,
            nda_signed_on: r.opt_date(6)?,
        })
    }

    /// Subject id: `vendor_id/full_name`.
    #[must_use]
    pub fn subject_id(&self) -> String {
        format!("{}/{}", self.vendor_id, self.full_name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceLogEntry {
    pub entry_id: String,
    pub vendor_id: String,
    pub contract_id: Option<String>,
    pub service: Option<String>,
    pub date: NaiveDate,
    pub security_issues: Option<String>,
    pub other_changes: Option<String>,
    pub recorded_by_unit: Option<String>,
}

impl ServiceLogEntry {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(ServiceLogEntry {
            entry_id: r.text(0)?,
            vendor_id: r.text(1)?,
            contract_id: r.opt_text(2)?,
            service: r.opt_text(3)?,
            date: r.date(4)?,
            security_issues: r.opt_text(5)?,
            other_changes: r.opt_text(6)?,
            recorded_by_unit: r.opt_text(7)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorAccount {
    pub system_id: String,
    pub username: String,
    pub vendor_id: String,
    pub contract_id: Option<String>,
    pub staff_name: Option<String>,
}

impl VendorAccount {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(VendorAccount {
            system_id: r.text(0)?,
            username: r.text(1)?,
            vendor_id: r.text(2)?,
            contract_id: r.opt_text(3)?,
            staff_name: r.opt_text(4)?,
        })
    }

    /// `system_id/username`, as for accounts.
    #[must_use]
    pub fn subject_id(&self) -> String {
        format!("{}/{}", self.system_id, self.username)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Monitoring {
    pub system_id: String,
    pub coverage: MonitoringCoverage,
    pub monitored_by: Option<String>,
    pub since: Option<NaiveDate>,
}

impl Monitoring {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(Monitoring {
            system_id: r.text(0)?,
            coverage: r.enumerated(1, MonitoringCoverage::parse)?,
            monitored_by: r.opt_text(2)?,
            since: r.opt_date(3)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FocalPoint {
    pub unit_code: String,
    pub person_id: String,
    pub role: FocalRole,
    pub appointed_on: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub document_no: Option<String>,
}

impl FocalPoint {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(FocalPoint {
            unit_code: r.text(0)?,
            person_id: r.text(1)?,
            role: r.enumerated(2, FocalRole::parse)?,
            appointed_on: r.opt_date(3)?,
            until: r.opt_date(4)?,
            document_no: r.opt_text(5)?,
        })
    }

    /// Whether the assignment holds on `day`.
    #[must_use]
    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        self.appointed_on.is_none_or(|a| a <= day) && self.until.is_none_or(|u| day <= u)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incident {
    pub incident_id: String,
    pub system_id: Option<String>,
    pub unit_code: Option<String>,
    pub incident_type: IncidentType,
    pub detected_at: DateTime<Utc>,
    pub reported_at: Option<DateTime<Utc>>,
    pub severity: Option<IncidentSeverity>,
    pub status: Option<IncidentStatus>,
    pub closed_at: Option<DateTime<Utc>>,
    pub description: Option<String>,
}

impl Incident {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(Incident {
            incident_id: r.text(0)?,
            system_id: r.opt_text(1)?,
            unit_code: r.opt_text(2)?,
            incident_type: r.enumerated(3, IncidentType::parse)?,
            detected_at: r.opt_timestamp(4)?.ok_or(RowError {
                kind: "incidents",
                column: 4,
                expected: "timestamp",
                found: super::schema::Value::Null,
            })?,
            reported_at: r.opt_timestamp(5)?,
            severity: r.opt_enumerated(6, IncidentSeverity::parse)?,
            status: r.opt_enumerated(7, IncidentStatus::parse)?,
            closed_at: r.opt_timestamp(8)?,
            description: r.opt_text(9)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IrPlan {
    pub plan_id: String,
    pub unit_code: String,
    pub title: Option<String>,
    pub system_ids: Vec<String>,
    pub approved_on: Option<NaiveDate>,
    pub reviewed_on: Option<NaiveDate>,
    pub drill_every_months: Option<u32>,
}

impl IrPlan {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(IrPlan {
            plan_id: r.text(0)?,
            unit_code: r.text(1)?,
            title: r.opt_text(2)?,
            system_ids: r.list(3)?,
            approved_on: r.opt_date(4)?,
            reviewed_on: r.opt_date(5)?,
            drill_every_months: r.opt_int(6)?.and_then(|m| u32::try_from(m).ok()),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drill {
    pub drill_id: String,
    pub unit_code: String,
    pub plan_id: Option<String>,
    pub date: NaiveDate,
    pub scenario: Option<String>,
    pub result: Option<DrillResult>,
}

impl Drill {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(Drill {
            drill_id: r.text(0)?,
            unit_code: r.text(1)?,
            plan_id: r.opt_text(2)?,
            date: r.date(3)?,
            scenario: r.opt_text(4)?,
            result: r.opt_enumerated(5, DrillResult::parse)?,
        })
    }

    /// Whether the drill took place (a cancelled drill did not).
    #[must_use]
    pub fn held(&self) -> bool {
        self.result != Some(DrillResult::Cancelled)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub report_id: String,
    pub kind: ReportKind,
    pub unit_code: String,
    pub period: Option<String>,
    pub sent_on: Option<NaiveDate>,
    pub document_no: Option<String>,
    pub incident_id: Option<String>,
}

impl Report {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(Report {
            report_id: r.text(0)?,
            kind: r.enumerated(1, ReportKind::parse)?,
            unit_code: r.text(2)?,
            period: r.opt_text(3)?,
            sent_on: r.opt_date(4)?,
            document_no: r.opt_text(5)?,
            incident_id: r.opt_text(6)?,
        })
    }

    /// The period, when it is in one of the forms `YYYY`, `YYYY-H1`, `YYYY-H2`.
    #[must_use]
    pub fn parsed_period(&self) -> Option<Period> {
        self.period.as_deref().and_then(Period::parse)
    }
}
