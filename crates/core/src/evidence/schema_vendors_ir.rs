//! Evidence kinds of third parties (Điều 25-27) and of monitoring, alerts,
//! incident response and reports (Điều 28-30, 32) — issue 5, part B.
//!
//! Same conventions as [`super::schema`]: canonical English header,
//! Vietnamese header, type, required, doc; `key` = the columns that identify
//! a row. Cross-file checks (references between kinds, dates that must not
//! be in the future, report periods) are declared at the bottom and applied
//! by the importer after parsing.

use super::schema::{Column, KindSchema};

const fn col(name: &'static str, vi: &'static str, ty: ColType, required: bool, doc: &'static str) -> Column {
    Column { name, vi, ty, required, doc }
}

use super::schema::ColType;
use ColType::{Bool, Date, Enum, EnumList, IntRange, List, Text, Timestamp};

/// Admin work a vendor may do on a system (Điều 25.2: "chỉnh sửa cấu hình,
/// quản lý dữ liệu, quản lý nhật ký").
pub const ADMIN_FUNCTIONS: &[&str] = &["configuration", "data", "logs"];
/// Monitoring coverage (Điều 28.3), weakest first.
pub const MONITORING_COVERAGES: &[&str] = &["none", "working_hours", "24x7"];
/// Role of an alert focal point (Điều 29.1).
pub const FOCAL_ROLES: &[&str] = &["leader", "officer"];
/// Incident types of Điều 30.1, plus `not_attack` for incidents that harm a
/// system without being a cyber-attack (the reporting duty of 30.4.b does not
/// apply to them).
pub const INCIDENT_TYPES: &[&str] = &[
    "denial_of_service",
    "spoofing",
    "malware",
    "unauthorized_access",
    "defacement",
    "encryption",
    "destruction",
    "espionage_data_theft",
    "other_attack",
    "not_attack",
];
pub const INCIDENT_SEVERITIES: &[&str] = &["low", "medium", "high", "critical"];
pub const INCIDENT_STATUSES: &[&str] = &["open", "closed"];
pub const DRILL_RESULTS: &[&str] = &["passed", "partial", "failed", "cancelled"];
pub const REPORT_KINDS: &[&str] = &["annual", "monitoring", "incident", "ad_hoc"];

pub static VENDORS: KindSchema = KindSchema {
    name: "vendors",
    columns: &[
        col("vendor_id", "Mã đối tác", Text, true, "Vendor (third party, bên thứ ba) id, unique."),
        col("name", "Tên đối tác", Text, true, "Vendor name."),
        col("tax_code", "Mã số thuế", Text, false, "Tax code."),
        col(
            "focal_unit",
            "Đơn vị đầu mối",
            Text,
            false,
            "Customs unit that works with the vendor and keeps its service log (Điều 26.2).",
        ),
    ],
    key: &[0],
};

pub static CONTRACTS: KindSchema = KindSchema {
    name: "contracts",
    columns: &[
        col("contract_id", "Số hợp đồng", Text, true, "Contract id or number, unique."),
        col("vendor_id", "Mã đối tác", Text, true, "The vendor (`vendors.vendor_id`)."),
        col("unit_code", "Đơn vị ký hợp đồng", Text, false, "Customs unit party to the contract."),
        col("service", "Dịch vụ", Text, false, "Service or work contracted."),
        col("system_ids", "Hệ thống", List, false, "Systems the vendor works on (`;`-separated system ids)."),
        col("signed_on", "Ngày ký", Date, false, "Signature date (not in the future)."),
        col("start_date", "Ngày bắt đầu", Date, true, "First day of the contract."),
        col(
            "end_date",
            "Ngày kết thúc",
            Date,
            false,
            "Day the work was completed or the contract ended (the planned end while it runs); blank: open-ended.",
        ),
        col(
            "clause_security_duties",
            "Điều khoản an toàn thông tin",
            Bool,
            false,
            "Has security duties and obligations (Điều 25.1).",
        ),
        col(
            "clause_non_disclosure",
            "Cam kết không tiết lộ thông tin",
            Bool,
            false,
            "Has a non-disclosure commitment (Điều 25.1).",
        ),
        col(
            "clause_vulnerability_patching",
            "Trách nhiệm vá lỗ hổng",
            Bool,
            false,
            "Makes the vendor responsible for handling and patching software vulnerabilities (Điều 25.1).",
        ),
        col(
            "clause_violation_handling",
            "Điều khoản xử lý vi phạm",
            Bool,
            false,
            "Has clauses on handling violations (penalties) (Điều 25.1).",
        ),
        col(
            "clause_damages_liability",
            "Trách nhiệm bồi thường thiệt hại",
            Bool,
            false,
            "Makes the vendor liable for damage its violations cause (Điều 25.1).",
        ),
        col(
            "admin_functions",
            "Công việc quản trị",
            EnumList(ADMIN_FUNCTIONS),
            false,
            "Admin work the vendor does on the systems: configuration, data, logs (all three = all admin work, Điều 25.2).",
        ),
        col(
            "access_revoked_on",
            "Ngày thu hồi quyền truy cập",
            Date,
            false,
            "Day all access granted to the vendor was revoked (Điều 26.7; not in the future).",
        ),
        col(
            "keys_handed_over",
            "Nhận bàn giao khóa",
            Bool,
            false,
            "Whether the vendor handed over keys or secret codes (Điều 26.7).",
        ),
        col(
            "keys_changed_on",
            "Ngày thay đổi khóa",
            Date,
            false,
            "Day the handed-over keys and secret codes were changed (not in the future).",
        ),
    ],
    key: &[0],
};

pub static VENDOR_STAFF: KindSchema = KindSchema {
    name: "vendor_staff",
    columns: &[
        col("vendor_id", "Mã đối tác", Text, true, "The vendor (`vendors.vendor_id`)."),
        col("full_name", "Họ và tên", Text, true, "Name of the vendor's staff member; unique per vendor."),
        col("contract_id", "Số hợp đồng", Text, false, "Contract the person works on (`contracts.contract_id`)."),
        col("role", "Vai trò", Text, false, "Role in the project."),
        col(
            "approved_on",
            "Ngày chấp thuận",
            Date,
            false,
            "Day the Customs unit approved the person on the staff list (Điều 27.2; not in the future).",
        ),
        col("approved_by_unit", "Đơn vị chấp thuận", Text, false, "Customs unit that approved the list."),
        col(
            "nda_signed_on",
            "Ngày ký cam kết bảo mật",
            Date,
            false,
            "Day the person signed the non-disclosure commitment (Điều 27.2; not in the future).",
        ),
    ],
    key: &[0, 1],
};

pub static VENDOR_SERVICE_LOG: KindSchema = KindSchema {
    name: "vendor_service_log",
    columns: &[
        col("entry_id", "Mã bản ghi", Text, true, "Log entry id, unique."),
        col("vendor_id", "Mã đối tác", Text, true, "Partner (tên đối tác, `vendors.vendor_id`)."),
        col("contract_id", "Số hợp đồng", Text, false, "Contract the service belongs to."),
        col("service", "Dịch vụ cung cấp", Text, false, "Service provided."),
        col("date", "Ngày thực hiện", Date, true, "Day the service was performed (not in the future)."),
        col(
            "security_issues",
            "Vấn đề an toàn thông tin",
            Text,
            false,
            "Security issues: outages, data loss or leaks, vulnerabilities, fix times; write `không` / `none` when there were none.",
        ),
        col("other_changes", "Thay đổi khác", Text, false, "Other changes to the service (if any)."),
        col("recorded_by_unit", "Đơn vị lập", Text, false, "Customs unit that kept the entry."),
    ],
    key: &[0],
};

pub static VENDOR_ACCOUNTS: KindSchema = KindSchema {
    name: "vendor_accounts",
    columns: &[
        col("system_id", "Mã hệ thống", Text, true, "System of the account."),
        col("username", "Tên tài khoản", Text, true, "Account held by the vendor (an `accounts` row)."),
        col("vendor_id", "Mã đối tác", Text, true, "The vendor holding it (`vendors.vendor_id`)."),
        col("contract_id", "Số hợp đồng", Text, false, "Contract the account was granted for."),
        col("staff_name", "Nhân sự sử dụng", Text, false, "Vendor staff member using it (`vendor_staff.full_name`)."),
    ],
    key: &[0, 1],
};

pub static MONITORING: KindSchema = KindSchema {
    name: "monitoring",
    columns: &[
        col("system_id", "Mã hệ thống", Text, true, "The system monitored."),
        col(
            "coverage",
            "Thời gian giám sát",
            Enum(MONITORING_COVERAGES),
            true,
            "`24x7` (24 giờ/ngày, 7 ngày/tuần), `working_hours` (trong giờ làm việc) or `none`.",
        ),
        col("monitored_by", "Đơn vị giám sát", Text, false, "Unit or service that monitors (e.g. a SOC)."),
        col("since", "Giám sát từ ngày", Date, false, "Day the monitoring started."),
    ],
    key: &[0],
};

pub static FOCAL_POINTS: KindSchema = KindSchema {
    name: "focal_points",
    columns: &[
        col("unit_code", "Mã đơn vị", Text, true, "The IT-security unit (đơn vị chuyên trách ATTT)."),
        col("person_id", "Mã cán bộ", Text, true, "The person named (`persons.person_id`)."),
        col(
            "role",
            "Vai trò đầu mối",
            Enum(FOCAL_ROLES),
            true,
            "`leader` (lãnh đạo đơn vị) or `officer` (cán bộ), Điều 29.1.",
        ),
        col("appointed_on", "Ngày cử", Date, false, "Day the person was named (not in the future)."),
        col("until", "Đến ngày", Date, false, "Last day of the assignment; blank while it lasts."),
        col("document_no", "Số văn bản", Text, false, "Number of the designation document."),
    ],
    key: &[0, 1],
};

pub static INCIDENTS: KindSchema = KindSchema {
    name: "incidents",
    columns: &[
        col("incident_id", "Mã sự cố", Text, true, "Incident id, unique."),
        col("system_id", "Mã hệ thống", Text, false, "System affected."),
        col("unit_code", "Đơn vị vận hành", Text, false, "Operating unit that handles and reports it."),
        col("type", "Loại sự cố", Enum(INCIDENT_TYPES), true, "Type (Điều 30.1), see below."),
        col("detected_at", "Thời điểm phát hiện", Timestamp, true, "When it was detected (not in the future)."),
        col(
            "reported_at",
            "Thời điểm báo cáo",
            Timestamp,
            false,
            "When it was reported to Cục CNTT&TK Hải quan (Điều 30.4.b; not before detection, not in the future).",
        ),
        col(
            "severity",
            "Mức độ",
            Enum(INCIDENT_SEVERITIES),
            false,
            "Classification: `low`, `medium`, `high`, `critical`.",
        ),
        col("status", "Trạng thái", Enum(INCIDENT_STATUSES), false, "`open` or `closed`."),
        col(
            "closed_at",
            "Thời điểm kết thúc",
            Timestamp,
            false,
            "When it was closed (not before detection, not in the future).",
        ),
        col("description", "Mô tả", Text, false, "What happened."),
    ],
    key: &[0],
};

pub static IR_PLANS: KindSchema = KindSchema {
    name: "ir_plans",
    columns: &[
        col("plan_id", "Mã kế hoạch", Text, true, "Plan id, unique (one row per plan, or per yearly revision)."),
        col("unit_code", "Mã đơn vị", Text, true, "Unit whose systems the plan covers (Điều 30.3.a)."),
        col("title", "Tên kế hoạch", Text, false, "Title."),
        col("system_ids", "Hệ thống", List, false, "Systems covered."),
        col("approved_on", "Ngày phê duyệt", Date, false, "Approval date (not in the future)."),
        col("reviewed_on", "Ngày rà soát", Date, false, "Date of the latest review (Điều 30.3.b; not in the future)."),
        col(
            "drill_every_months",
            "Chu kỳ diễn tập (tháng)",
            IntRange(1, 60),
            false,
            "Drill schedule of the plan: one drill every N months (Điều 30.4.a).",
        ),
    ],
    key: &[0],
};

pub static DRILLS: KindSchema = KindSchema {
    name: "drills",
    columns: &[
        col("drill_id", "Mã diễn tập", Text, true, "Drill id, unique."),
        col("unit_code", "Mã đơn vị", Text, true, "Unit that held the drill."),
        col("plan_id", "Mã kế hoạch", Text, false, "Plan it implements (`ir_plans.plan_id`)."),
        col("date", "Ngày diễn tập", Date, true, "Day of the drill (not in the future)."),
        col("scenario", "Kịch bản", Text, false, "Scenario."),
        col(
            "result",
            "Kết quả",
            Enum(DRILL_RESULTS),
            false,
            "`passed`, `partial`, `failed` (held) or `cancelled` (not held).",
        ),
    ],
    key: &[0],
};

pub static REPORTS: KindSchema = KindSchema {
    name: "reports",
    columns: &[
        col("report_id", "Mã báo cáo", Text, true, "Report id, unique."),
        col(
            "kind",
            "Loại báo cáo",
            Enum(REPORT_KINDS),
            true,
            "`annual` (Điều 32.1.a), `monitoring` (32.1.b), `incident` or `ad_hoc` (32.2).",
        ),
        col("unit_code", "Đơn vị báo cáo", Text, true, "Unit that sends it."),
        col(
            "period",
            "Kỳ báo cáo",
            Text,
            false,
            "Period covered: `YYYY` for annual reports, `YYYY-H1` / `YYYY-H2` for monitoring reports (required for both).",
        ),
        col(
            "sent_on",
            "Ngày gửi",
            Date,
            false,
            "Day it was sent to Cục CNTT&TK Hải quan (not in the future); blank: not sent yet.",
        ),
        col("document_no", "Số văn bản", Text, false, "Document number."),
        col("incident_id", "Mã sự cố", Text, false, "Incident reported (`incidents.incident_id`), for incident reports."),
    ],
    key: &[0],
};

/// How bad a reference to a missing row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefLevel {
    /// The row is useless without its target: nothing is imported.
    Error,
    /// The target may come later from another source; the row is imported.
    Warning,
}

/// `from.column` names the key of a `to` row (for a `List` column: each item).
#[derive(Debug, Clone, Copy)]
pub struct Reference {
    pub from: &'static str,
    pub column: &'static str,
    pub to: &'static str,
    pub level: RefLevel,
}

const fn reference(from: &'static str, column: &'static str, to: &'static str, level: RefLevel) -> Reference {
    Reference { from, column, to, level }
}

/// References of this area's kinds. References inside the third-party and
/// response records (vendors, contracts, plans, incidents) are errors: a row
/// naming a vendor that does not exist can be judged by no rule. References
/// to units, persons and systems are warnings, as for the first kinds: those
/// lists come from other sources with their own timing, and the rules report
/// what they cannot resolve.
pub static REFERENCES: &[Reference] = &[
    reference("vendors", "focal_unit", "units", RefLevel::Warning),
    reference("contracts", "vendor_id", "vendors", RefLevel::Error),
    reference("contracts", "unit_code", "units", RefLevel::Warning),
    reference("contracts", "system_ids", "systems", RefLevel::Warning),
    reference("vendor_staff", "vendor_id", "vendors", RefLevel::Error),
    reference("vendor_staff", "contract_id", "contracts", RefLevel::Error),
    reference("vendor_staff", "approved_by_unit", "units", RefLevel::Warning),
    reference("vendor_service_log", "vendor_id", "vendors", RefLevel::Error),
    reference("vendor_service_log", "contract_id", "contracts", RefLevel::Error),
    reference("vendor_service_log", "recorded_by_unit", "units", RefLevel::Warning),
    reference("vendor_accounts", "vendor_id", "vendors", RefLevel::Error),
    reference("vendor_accounts", "contract_id", "contracts", RefLevel::Error),
    reference("vendor_accounts", "system_id", "systems", RefLevel::Warning),
    reference("monitoring", "system_id", "systems", RefLevel::Warning),
    reference("focal_points", "unit_code", "units", RefLevel::Warning),
    reference("focal_points", "person_id", "persons", RefLevel::Warning),
    reference("incidents", "system_id", "systems", RefLevel::Warning),
    reference("incidents", "unit_code", "units", RefLevel::Warning),
    reference("ir_plans", "unit_code", "units", RefLevel::Warning),
    reference("ir_plans", "system_ids", "systems", RefLevel::Warning),
    reference("drills", "unit_code", "units", RefLevel::Warning),
    reference("drills", "plan_id", "ir_plans", RefLevel::Error),
    reference("reports", "unit_code", "units", RefLevel::Warning),
    reference("reports", "incident_id", "incidents", RefLevel::Error),
];

/// Rows whose `contract_id` must belong to the row's `vendor_id`:
/// (kind, vendor column, contract column).
pub static CONTRACT_VENDOR_MATCH: &[(&str, &str, &str)] = &[
    ("vendor_staff", "vendor_id", "contract_id"),
    ("vendor_service_log", "vendor_id", "contract_id"),
    ("vendor_accounts", "vendor_id", "contract_id"),
];

/// Date and timestamp columns that record something that has happened: a
/// value after the import day (Vietnam time) is an error.
pub static PAST_ONLY: &[(&str, &str)] = &[
    ("contracts", "signed_on"),
    ("contracts", "access_revoked_on"),
    ("contracts", "keys_changed_on"),
    ("vendor_staff", "approved_on"),
    ("vendor_staff", "nda_signed_on"),
    ("vendor_service_log", "date"),
    ("focal_points", "appointed_on"),
    ("incidents", "detected_at"),
    ("incidents", "reported_at"),
    ("incidents", "closed_at"),
    ("ir_plans", "approved_on"),
    ("ir_plans", "reviewed_on"),
    ("drills", "date"),
    ("reports", "sent_on"),
];

/// Pairs of dates of one row where the second may not come before the first:
/// (kind, earlier column, later column).
pub static ORDERED: &[(&str, &str, &str)] = &[
    ("contracts", "start_date", "end_date"),
    ("incidents", "detected_at", "reported_at"),
    ("incidents", "detected_at", "closed_at"),
];

/// A report period: `YYYY` (annual) or `YYYY-H1` / `YYYY-H2` (six-monthly).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    pub year: i32,
    /// `None` for a year, `Some(1)` / `Some(2)` for a half-year.
    pub half: Option<u8>,
}

impl Period {
    /// Parses `2025`, `2025-H1`, `2025-h2` (spaces around are trimmed).
    #[must_use]
    pub fn parse(s: &str) -> Option<Period> {
        let s = s.trim();
        let (year, half) = match s.split_once('-') {
            None => (s, None),
            Some((y, h)) => match h.to_ascii_uppercase().as_str() {
                "H1" => (y, Some(1)),
                "H2" => (y, Some(2)),
                _ => return None,
            },
        };
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(Period { year: year.parse().ok()?, half })
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.half {
            None => write!(f, "{}", self.year),
            Some(h) => write!(f, "{}-H{h}", self.year),
        }
    }
}

/// The period a report kind must name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodForm {
    /// `YYYY` (annual reports).
    Year,
    /// `YYYY-H1` / `YYYY-H2` (six-monthly monitoring reports).
    HalfYear,
}

impl PeriodForm {
    /// The form required for a report kind; `None`: the period is free text.
    #[must_use]
    pub fn of(report_kind: &str) -> Option<PeriodForm> {
        match report_kind {
            "annual" => Some(PeriodForm::Year),
            "monitoring" => Some(PeriodForm::HalfYear),
            _ => None,
        }
    }

    #[must_use]
    pub fn accepts(self, p: &Period) -> bool {
        match self {
            PeriodForm::Year => p.half.is_none(),
            PeriodForm::HalfYear => p.half.is_some(),
        }
    }

    #[must_use]
    pub fn example(self) -> &'static str {
        match self {
            PeriodForm::Year => "YYYY (vd./e.g. 2025)",
            PeriodForm::HalfYear => "YYYY-H1 / YYYY-H2 (vd./e.g. 2025-H1)",
        }
    }
}
