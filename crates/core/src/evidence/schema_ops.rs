//! Operational evidence (issue 6, part A): backups, restore tests, security
//! assessments, changes, system documents, network devices and their ports,
//! device configuration backups, endpoints and test environments.
//!
//! Same conventions as [`super::schema`]: canonical English header,
//! Vietnamese alias, type, required, meaning, key. `docs/formats.md` section
//! "Operational evidence (issue 6)" documents every column.

use super::schema::{ColType, Column, KindSchema};

const fn col(name: &'static str, vi: &'static str, ty: ColType, required: bool, doc: &'static str) -> Column {
    Column { name, vi, ty, required, doc }
}

use ColType::{Bool, Date, Enum, EnumList, IntRange, Text, Timestamp};

pub const BACKUP_FREQUENCIES: &[&str] = &["continuous", "hourly", "daily", "weekly", "monthly"];
pub const EXTERNAL_MEDIA: &[&str] = &["tape", "disk", "optical", "other", "none"];
pub const RUN_MEDIA: &[&str] = &["tape", "disk", "optical", "other"];
pub const BACKUP_RUN_STATUSES: &[&str] = &["success", "warning", "failed", "running"];
pub const RESTORE_RESULTS: &[&str] = &["success", "partial", "failed"];
/// `pentest` and `penetration_test` are the same kind.
pub const ASSESSMENT_KINDS: &[&str] = &["architecture", "configuration", "pentest", "penetration_test", "full"];
pub const CHANGE_KINDS: &[&str] = &[
    "upgrade",
    "expansion",
    "replacement",
    "os",
    "database",
    "middleware",
    "software",
    "hardware",
    "configuration",
    "procedure",
    "emergency",
];
pub const DOCUMENT_KINDS: &[&str] = &["security_design", "verification_report", "maintenance_regulation"];
/// The contents a maintenance regulation must have (Điều 24.1.a-đ).
pub const MAINTENANCE_CONTENTS: &[&str] = &["scope", "schedule", "procedure", "incident_reporting", "responsibilities"];
pub const NETWORK_ROLES: &[&str] = &["lan", "wan"];
/// Link states of `show interfaces status`, lower-cased (`sfpAbsent` → `sfpabsent`).
pub const PORT_STATUSES: &[&str] = &[
    "connected",
    "notconnect",
    "disabled",
    "err-disabled",
    "sfpabsent",
    "xcvrabsent",
    "inactive",
    "suspended",
    "monitoring",
    "other",
];
pub const PORT_MODES: &[&str] = &["access", "trunk", "routed", "other"];

pub static BACKUP_PLANS: KindSchema = KindSchema {
    name: "backup_plans",
    columns: &[
        col("system_id", "Mã hệ thống", Text, true, "System the plan covers (one plan per system)."),
        col(
            "retention_days",
            "Thời gian lưu trữ (ngày)",
            IntRange(1, 36_500),
            false,
            "How long backups are kept, in days (Điều 15.1 \"thời gian lưu trữ\").",
        ),
        col(
            "frequency",
            "Định kỳ sao lưu",
            Enum(BACKUP_FREQUENCIES),
            false,
            "How often backups run (Điều 15.1 \"định kỳ sao lưu\").",
        ),
        col(
            "method",
            "Phương pháp sao lưu",
            Text,
            false,
            "Backup method, e.g. `full hàng tuần + incremental hàng ngày` (Điều 15.1).",
        ),
        col("automatic", "Tự động", Bool, false, "Backups run automatically (Điều 15.2)."),
        col(
            "external_medium",
            "Phương tiện lưu trữ ngoài",
            Enum(EXTERNAL_MEDIA),
            false,
            "External medium backups are copied to (Điều 15.2); `none` if none.",
        ),
        col(
            "stored_apart",
            "Cất giữ tách rời",
            Bool,
            false,
            "External media kept away from the site of the source system (Điều 15.2).",
        ),
        col(
            "restore_test_months",
            "Định kỳ kiểm tra phục hồi (tháng)",
            IntRange(1, 120),
            false,
            "Planned interval between restore tests, in months (Điều 15.1 \"thời gian kiểm tra phục hồi\").",
        ),
        col("document_no", "Số văn bản", Text, false, "Number of the document that sets the plan."),
        col("approved_on", "Ngày phê duyệt", Date, false, "Date the plan was approved."),
    ],
    key: &[0],
};

pub static BACKUP_RUNS: KindSchema = KindSchema {
    name: "backup_runs",
    columns: &[
        col("system_id", "Mã hệ thống", Text, true, "System backed up."),
        col("job", "Tác vụ sao lưu", Text, true, "Backup job name (as the backup software names it)."),
        col("started_at", "Bắt đầu", Timestamp, true, "When the run started (the point in time it captures)."),
        col("ended_at", "Kết thúc", Timestamp, false, "When the run ended."),
        col(
            "status",
            "Trạng thái",
            Enum(BACKUP_RUN_STATUSES),
            true,
            "`success`, `warning` (completed with warnings), `failed` or `running`.",
        ),
        col("automatic", "Tự động", Bool, false, "Started by a schedule, not by hand (Điều 15.2)."),
        col(
            "external_copy_at",
            "Chép ra phương tiện ngoài lúc",
            Timestamp,
            false,
            "When this run's data was copied to an external medium; blank if not (yet).",
        ),
        col("medium", "Phương tiện lưu trữ ngoài", Enum(RUN_MEDIA), false, "External medium of the copy."),
        col("medium_label", "Nhãn phương tiện", Text, false, "Label of the tape or disk, e.g. `LTO-000123`."),
    ],
    key: &[0, 1, 2],
};

pub static RESTORE_TESTS: KindSchema = KindSchema {
    name: "restore_tests",
    columns: &[
        col("system_id", "Mã hệ thống", Text, true, "System whose backup was restored."),
        col("tested_on", "Ngày kiểm tra", Date, true, "Date of the restore test (one row per system and day)."),
        col(
            "from_external_medium",
            "Từ phương tiện lưu trữ ngoài",
            Bool,
            false,
            "Restored from the external medium (Điều 15.3).",
        ),
        col("result", "Kết quả", Enum(RESTORE_RESULTS), true, "`success`, `partial` or `failed`."),
        col("record_no", "Số biên bản", Text, false, "Number of the test record (biên bản)."),
        col("performed_by", "Người thực hiện", Text, false, "Who performed the test."),
    ],
    key: &[0, 1],
};

pub static ASSESSMENTS: KindSchema = KindSchema {
    name: "assessments",
    columns: &[
        col("system_id", "Mã hệ thống", Text, true, "System assessed."),
        col(
            "kind",
            "Loại đánh giá",
            Enum(ASSESSMENT_KINDS),
            true,
            "`architecture` (Điều 22.1.a), `configuration` (22.1.b), `pentest` or `penetration_test` (22.1.c), `full` (all of 22.1).",
        ),
        col("assessed_on", "Ngày đánh giá", Date, true, "Date the assessment was completed (date of its report)."),
        col("performed_by", "Đơn vị thực hiện", Text, false, "Who performed it."),
        col("report_no", "Số báo cáo", Text, false, "Number of the report (Điều 22.4)."),
        col(
            "open_findings",
            "Số tồn tại chưa khắc phục",
            IntRange(0, 1_000_000),
            false,
            "Findings of the assessment not yet remediated.",
        ),
    ],
    key: &[0, 1, 2],
};

pub static CHANGES: KindSchema = KindSchema {
    name: "changes",
    columns: &[
        col("change_id", "Mã thay đổi", Text, true, "Change id, unique."),
        col("system_id", "Mã hệ thống", Text, true, "System changed."),
        col(
            "kind",
            "Loại thay đổi",
            EnumList(CHANGE_KINDS),
            true,
            "What changes (one or more, `;`-separated), e.g. `upgrade;os`.",
        ),
        col("description", "Nội dung thay đổi", Text, false, "What the change is."),
        col("plan", "Kế hoạch thay đổi", Text, false, "Change plan (number or name of the document)."),
        col("tested_on", "Ngày kiểm tra thử nghiệm", Date, false, "Date the change was tested."),
        col("test_report", "Báo cáo kết quả thử nghiệm", Text, false, "Test report (number or name)."),
        col("approved_by", "Người phê duyệt", Text, false, "Who approved the change plan."),
        col("approved_on", "Ngày phê duyệt", Date, false, "Date the change plan was approved."),
        col("applied_on", "Ngày áp dụng", Date, false, "Date the change was applied in production; blank if not yet."),
        col("rollback_plan", "Phương án phục hồi", Text, false, "Rollback plan (number or name)."),
        col(
            "impact_assessment",
            "Đánh giá tác động",
            Text,
            false,
            "Impact assessment for OS, database or middleware changes (Điều 21.2).",
        ),
        col(
            "level_reviewed_on",
            "Ngày rà soát cấp độ",
            Date,
            false,
            "Date the security level and protection plan were reviewed for this change (Điều 5.9).",
        ),
    ],
    key: &[0],
};

pub static DOCUMENTS: KindSchema = KindSchema {
    name: "documents",
    columns: &[
        col("system_id", "Mã hệ thống", Text, true, "System the document is about."),
        col(
            "kind",
            "Loại tài liệu",
            Enum(DOCUMENT_KINDS),
            true,
            "`security_design` (Điều 17.1), `verification_report` (17.2), `maintenance_regulation` (24.1).",
        ),
        col("document_no", "Số văn bản", Text, true, "Document number."),
        col("title", "Tên tài liệu", Text, false, "Title."),
        col("approved_on", "Ngày phê duyệt", Date, false, "Date approved (issued)."),
        col("approved_by", "Cấp phê duyệt", Text, false, "Who approved it."),
        col("reviewed_on", "Ngày rà soát", Date, false, "Date last reviewed (Điều 24.3)."),
        col(
            "contents",
            "Nội dung",
            EnumList(MAINTENANCE_CONTENTS),
            false,
            "For a maintenance regulation, the contents of Điều 24.1.a-đ it covers.",
        ),
    ],
    key: &[0, 1, 2],
};

pub static NETWORK_DEVICES: KindSchema = KindSchema {
    name: "network_devices",
    columns: &[
        col("device", "Thiết bị", Text, true, "Device host name (as in `hostname`), unique."),
        col("system_id", "Mã hệ thống", Text, false, "System the device belongs to."),
        col("unit_code", "Mã đơn vị", Text, false, "Unit where the device is installed."),
        col("role", "Vai trò mạng", Enum(NETWORK_ROLES), false, "`lan` (Điều 9.1) or `wan` (Điều 9.2)."),
        col("model", "Model", Text, false, "Hardware model."),
        col("location", "Vị trí", Text, false, "Where it is installed."),
        col("management_ip", "Địa chỉ quản trị", Text, false, "Management address."),
    ],
    key: &[0],
};

pub static NETWORK_PORTS: KindSchema = KindSchema {
    name: "network_ports",
    columns: &[
        col("device", "Thiết bị", Text, true, "Device host name."),
        col(
            "interface",
            "Cổng",
            Text,
            true,
            "Interface, full name (`GigabitEthernet1/0/1`; abbreviations are expanded).",
        ),
        col(
            "status",
            "Trạng thái",
            Enum(PORT_STATUSES),
            false,
            "Link state from `show interfaces status`; blank if not collected.",
        ),
        col(
            "shutdown",
            "Đã tắt (shutdown)",
            Bool,
            false,
            "`shutdown` in the running configuration; blank if not collected.",
        ),
        col("mode", "Chế độ", Enum(PORT_MODES), false, "`access`, `trunk`, `routed` or `other`."),
        col("vlan", "VLAN", Text, false, "Access VLAN, or `trunk` / `routed`."),
        col("description", "Mô tả", Text, false, "Interface description."),
        col("system_id", "Mã hệ thống", Text, false, "System the device belongs to (`--system`)."),
        col("source", "Tệp nguồn", Text, false, "File the facts were read from."),
    ],
    key: &[0, 1],
};

pub static CONFIG_BACKUPS: KindSchema = KindSchema {
    name: "config_backups",
    columns: &[
        col("device", "Thiết bị", Text, true, "Device host name."),
        col("backed_up_at", "Thời điểm sao lưu", Timestamp, true, "When its configuration was backed up."),
        col("system_id", "Mã hệ thống", Text, false, "System the device belongs to."),
        col("location", "Nơi lưu", Text, false, "Where the copy is kept."),
    ],
    key: &[0, 1],
};

pub static ENDPOINTS: KindSchema = KindSchema {
    name: "endpoints",
    columns: &[
        col("host", "Máy tính", Text, true, "Computer name, unique."),
        col("unit_code", "Mã đơn vị", Text, false, "Unit using the computer."),
        col("system_id", "Mã hệ thống", Text, false, "System the computer belongs to (servers)."),
        col(
            "antimalware_product",
            "Phần mềm phòng chống mã độc",
            Text,
            false,
            "Anti-malware product installed; blank if none (Điều 10.3).",
        ),
        col(
            "signatures_updated_at",
            "Cập nhật mẫu mã độc lúc",
            Timestamp,
            false,
            "Last update of the malware signature database.",
        ),
        col("realtime_protection", "Bảo vệ thời gian thực", Bool, false, "Real-time protection is on."),
    ],
    key: &[0],
};

pub static TEST_ENVIRONMENTS: KindSchema = KindSchema {
    name: "test_environments",
    columns: &[
        col("system_id", "Mã hệ thống", Text, true, "System under development or test."),
        col("environment", "Môi trường", Text, true, "Environment name, e.g. `UAT`, `test`, `staging`."),
        col(
            "uses_production_data",
            "Dùng dữ liệu thật",
            Bool,
            true,
            "Holds data copied from the production system (Điều 20.2).",
        ),
        col(
            "data_masked",
            "Đã che giấu dữ liệu",
            Bool,
            false,
            "Business and secret information in that data is masked or altered.",
        ),
        col("masking_method", "Biện pháp che giấu", Text, false, "How the data is masked."),
        col("declared_on", "Ngày kê khai", Date, false, "Date of the declaration."),
        col("declared_by", "Người kê khai", Text, false, "Who declared it."),
    ],
    key: &[0, 1],
};
