//! The column schema of every evidence kind.
//!
//! One table drives the importer (header aliases, value parsing, required
//! columns), the store (which columns exist, their SQL type) and
//! `docs/formats.md`. Adding a column is one line here plus a migration.

use chrono::{DateTime, NaiveDate, Utc};

/// The type of a column, as the importer parses it and the store keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColType {
    /// Free text, trimmed.
    Text,
    /// One of the listed values (matched case-insensitively, stored lower-case).
    Enum(&'static [&'static str]),
    /// An integer in the inclusive range.
    IntRange(i64, i64),
    /// `yes/no`, `true/false`, `1/0`, `có/không`.
    Bool,
    /// `YYYY-MM-DD` or `DD/MM/YYYY`.
    Date,
    /// RFC 3339, or `YYYY-MM-DD HH:MM[:SS]` / `DD/MM/YYYY HH:MM[:SS]` in Vietnam time.
    Timestamp,
    /// `;`-separated list of text items.
    List,
    /// `;`-separated list whose items are each one of the listed values.
    EnumList(&'static [&'static str]),
}

/// One column of an evidence kind.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Canonical (English) header.
    pub name: &'static str,
    /// Vietnamese header accepted as an alias.
    pub vi: &'static str,
    pub ty: ColType,
    pub required: bool,
    /// What the column means (for `docs/formats.md` and error hints).
    pub doc: &'static str,
}

/// An evidence kind: its file name, columns and key.
#[derive(Debug)]
pub struct KindSchema {
    /// File stem and table name, e.g. `accounts`.
    pub name: &'static str,
    pub columns: &'static [Column],
    /// Indexes into `columns` that together identify a row (unique per import).
    pub key: &'static [usize],
}

impl KindSchema {
    /// Index of a column by canonical name.
    #[must_use]
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }
}

/// A parsed cell value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Value {
    Null,
    Text(String),
    Int(i64),
    Bool(bool),
    Date(NaiveDate),
    Timestamp(DateTime<Utc>),
    List(Vec<String>),
}

impl Value {
    #[must_use]
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The value as it is written in a CSV file and in key comparisons.
    #[must_use]
    pub fn to_text(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Text(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Bool(b) => if *b { "true" } else { "false" }.to_string(),
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
            Value::Timestamp(t) => t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            Value::List(items) => items.join(";"),
        }
    }
}

const fn col(name: &'static str, vi: &'static str, ty: ColType, required: bool, doc: &'static str) -> Column {
    Column { name, vi, ty, required, doc }
}

use ColType::{Bool, Date, EnumList, IntRange, List, Text, Timestamp};

pub const UNIT_ROLES: &[&str] = &["central_it_security", "security_unit", "operator", "owner", "ministry"];
pub const PERSON_STATUSES: &[&str] = &["active", "left"];
pub const HR_EVENT_KINDS: &[&str] =
    &["hire", "transfer_internal", "transfer_customs", "leave_customs", "resign", "retire", "appointment"];
pub const LEVEL_STATUSES: &[&str] = &["proposed", "appraised", "approved"];
pub const ACCOUNT_KINDS: &[&str] = &["user", "admin", "service"];
pub const ACCOUNT_STATUSES: &[&str] = &["active", "disabled", "deleted"];
pub const HOLIDAY_KINDS: &[&str] = &["holiday", "workday"];

pub static UNITS: KindSchema = KindSchema {
    name: "units",
    columns: &[
        col("code", "Mã đơn vị", Text, true, "Unit code, unique."),
        col("name", "Tên đơn vị", Text, true, "Unit name."),
        col("parent_code", "Đơn vị cấp trên", Text, false, "Code of the parent unit; blank for the root."),
        col("roles", "Vai trò", EnumList(UNIT_ROLES), false, "Roles of the unit under the regulation."),
    ],
    key: &[0],
};

pub static PERSONS: KindSchema = KindSchema {
    name: "persons",
    columns: &[
        col("person_id", "Mã cán bộ", Text, true, "Staff id, unique."),
        col("full_name", "Họ và tên", Text, true, "Full name."),
        col("unit_code", "Mã đơn vị", Text, false, "Unit the person belongs to."),
        col("position", "Chức vụ", Text, false, "Position."),
        col("email", "Email", Text, false, "E-mail address."),
        col("status", "Trạng thái", ColType::Enum(PERSON_STATUSES), true, "`active` or `left`."),
        col("sensitive_position", "Vị trí nhạy cảm", Bool, false, "Works with sensitive data (Điều 7.1.b)."),
        col("background_checked_on", "Ngày thẩm tra lý lịch", Date, false, "Background check date."),
        col("nda_signed_on", "Ngày ký cam kết bảo mật", Date, false, "Confidentiality commitment date."),
        col("hired_on", "Ngày tuyển dụng", Date, false, "Hiring date."),
    ],
    key: &[0],
};

pub static HR_EVENTS: KindSchema = KindSchema {
    name: "hr_events",
    columns: &[
        col("event_id", "Mã sự kiện", Text, true, "Event id, unique."),
        col("person_id", "Mã cán bộ", Text, true, "The person concerned."),
        col("kind", "Loại", ColType::Enum(HR_EVENT_KINDS), true, "What happened."),
        col("effective_date", "Ngày hiệu lực", Date, true, "Date the decision takes effect."),
        col("decision_no", "Số quyết định", Text, false, "Number of the HR decision."),
        col("from_unit", "Từ đơn vị", Text, false, "Unit the person leaves."),
        col("to_unit", "Đến đơn vị", Text, false, "Unit the person joins."),
    ],
    key: &[0],
};

pub static SYSTEMS: KindSchema = KindSchema {
    name: "systems",
    columns: &[
        col("system_id", "Mã hệ thống", Text, true, "System id, unique."),
        col("name", "Tên hệ thống", Text, true, "System name."),
        col("owner_unit", "Đơn vị chủ quản", Text, false, "Owner (chủ quản), Điều 5.2."),
        col("operator_unit", "Đơn vị vận hành", Text, false, "Operator (vận hành), Điều 5.3."),
        col("security_unit", "Đơn vị chuyên trách", Text, false, "IT-security unit (chuyên trách ATTT), Điều 5.4."),
        col("level", "Cấp độ", IntRange(1, 5), false, "Security level 1-5 (NĐ 85/2016)."),
        col(
            "level_status",
            "Trạng thái cấp độ",
            ColType::Enum(LEVEL_STATUSES),
            false,
            "`proposed`, `appraised` or `approved`.",
        ),
        col("level_approved_by", "Đơn vị phê duyệt cấp độ", Text, false, "Unit code that approved the level."),
        col("level_approved_on", "Ngày phê duyệt cấp độ", Date, false, "Approval date."),
        col("in_operation", "Đang vận hành", Bool, true, "Whether the system is in operation."),
        col("in_operation_since", "Ngày đưa vào vận hành", Date, false, "Go-live date."),
        col("internet_facing", "Kết nối Internet", Bool, false, "Reachable from the Internet."),
        col("third_party_connected", "Kết nối bên thứ ba", Bool, false, "Connected to third parties."),
        col(
            "national_security",
            "Quan trọng về an ninh quốc gia",
            Bool,
            false,
            "Designated important to national security (Điều 25.2); blank = not declared.",
        ),
    ],
    key: &[0],
};

pub static ACCOUNTS: KindSchema = KindSchema {
    name: "accounts",
    columns: &[
        col("system_id", "Mã hệ thống", Text, true, "System the account is on."),
        col("username", "Tên tài khoản", Text, true, "Account name; the subject id is `system_id/username`."),
        col("kind", "Loại tài khoản", ColType::Enum(ACCOUNT_KINDS), true, "`user`, `admin` or `service`."),
        col("shared", "Dùng chung", Bool, false, "Shared by a group (default no)."),
        col("person_id", "Mã cán bộ", Text, false, "The one owner; blank when shared or service."),
        col(
            "responsible_person_ids",
            "Người chịu trách nhiệm",
            List,
            false,
            "Responsible persons; required when shared.",
        ),
        col("status", "Trạng thái", ColType::Enum(ACCOUNT_STATUSES), true, "`active`, `disabled` or `deleted`."),
        col("created_on", "Ngày tạo", Date, false, "Creation date."),
        col("disabled_on", "Ngày khóa", Date, false, "Date disabled or deleted."),
        col("rights_changed_on", "Ngày điều chỉnh quyền", Date, false, "Date the rights were last adjusted."),
        col("last_login_at", "Đăng nhập lần cuối", Timestamp, false, "Last successful login."),
        col("password_changed_at", "Ngày đổi mật khẩu", Timestamp, false, "Last password change."),
        col("privileges", "Quyền", List, false, "Privileges or groups."),
    ],
    key: &[0, 1],
};

pub static ACCOUNT_EXCEPTIONS: KindSchema = KindSchema {
    name: "account_exceptions",
    columns: &[
        col("exception_id", "Mã ngoại lệ", Text, true, "Exception id, unique."),
        col("system_id", "Mã hệ thống", Text, true, "System of the account kept."),
        col("username", "Tên tài khoản", Text, true, "Account kept."),
        col(
            "requested_by_unit",
            "Đơn vị đề nghị",
            Text,
            false,
            "Customs unit that asked in writing (required by Điều 11.1.c).",
        ),
        col("reason", "Lý do", Text, false, "Reason (required by Điều 11.1.c)."),
        col("rights_kept", "Quyền duy trì", Text, false, "Rights kept (required by Điều 11.1.c)."),
        col("valid_from", "Hiệu lực từ", Date, false, "Start of the period."),
        col("valid_until", "Hiệu lực đến", Date, false, "End of the period (required by Điều 11.1.c)."),
        col("document_no", "Số văn bản", Text, false, "Number of the written request."),
    ],
    key: &[0],
};

pub static HOLIDAYS: KindSchema = KindSchema {
    name: "holidays",
    columns: &[
        col("date", "Ngày", Date, true, "The date."),
        col(
            "kind",
            "Loại",
            ColType::Enum(HOLIDAY_KINDS),
            true,
            "`holiday` (day off) or `workday` (working day, e.g. a swapped Saturday).",
        ),
        col("name", "Tên", Text, false, "Name of the day or of the decision."),
    ],
    key: &[0],
};

/// Every kind, in dependency order (a kind only refers to kinds before it).
pub static ALL_KINDS: &[&KindSchema] = &[
    &UNITS,
    &PERSONS,
    &SYSTEMS,
    &HR_EVENTS,
    &ACCOUNTS,
    &ACCOUNT_EXCEPTIONS,
    &HOLIDAYS,
    &super::schema_scan::SCAN_TARGETS,
    &super::schema_scan::VULN_PLANS,
    &super::schema_ops::BACKUP_PLANS,
    &super::schema_ops::BACKUP_RUNS,
    &super::schema_ops::RESTORE_TESTS,
    &super::schema_ops::ASSESSMENTS,
    &super::schema_ops::CHANGES,
    &super::schema_ops::DOCUMENTS,
    &super::schema_ops::NETWORK_DEVICES,
    &super::schema_ops::NETWORK_PORTS,
    &super::schema_ops::CONFIG_BACKUPS,
    &super::schema_ops::ENDPOINTS,
    &super::schema_ops::TEST_ENVIRONMENTS,
    &super::schema_vendors_ir::VENDORS,
    &super::schema_vendors_ir::CONTRACTS,
    &super::schema_vendors_ir::VENDOR_STAFF,
    &super::schema_vendors_ir::VENDOR_SERVICE_LOG,
    &super::schema_vendors_ir::VENDOR_ACCOUNTS,
    &super::schema_vendors_ir::MONITORING,
    &super::schema_vendors_ir::FOCAL_POINTS,
    &super::schema_vendors_ir::INCIDENTS,
    &super::schema_vendors_ir::IR_PLANS,
    &super::schema_vendors_ir::DRILLS,
    &super::schema_vendors_ir::REPORTS,
    &super::schema_org_a::HR_RECONCILIATIONS,
    &super::schema_org_a::ACCOUNT_REVIEWS,
    &super::schema_org_a::LOCK_REQUESTS,
    &super::schema_org_a::TRAININGS,
    &super::schema_org_a::TRAINING_NEEDS,
    &super::schema_org_a::HANDOVERS,
    &super::schema_org_a::PASSWORD_EXPOSURES,
    &super::schema_org_a::ASSETS,
    &super::schema_org_a::ASSET_EVENTS,
    &super::schema_org_a::LOCAL_ADMINS,
    &super::schema_org_a::REMOVABLE_MEDIA_APPROVALS,
    &super::schema_org_a::APP_CONFIGS,
    &super::schema_org_a::ACCESS_PATHS,
    &super::schema_org_a::NETWORK_ZONES,
    &super::schema_org_a::ZONE_FLOWS,
    &super::schema_logs::LOG_SOURCES,
];

/// The schema of a kind by name.
#[must_use]
pub fn kind_by_name(name: &str) -> Option<&'static KindSchema> {
    ALL_KINDS.iter().copied().find(|k| k.name == name)
}
