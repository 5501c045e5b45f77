//! Vulnerability management (Điều 23): the CSV/XLSX kinds `scan_targets` and
//! `vuln_plans`, and the tables the scanner-report importer keeps
//! (`vulnerabilities`, `scans`, `scan_coverage`).
//!
//! The last three are not importable as CSV (they are not in
//! [`super::schema::ALL_KINDS`]): they are written by `tuanthu import scan`
//! from native scanner reports. Their schemas here drive the store's generic
//! row loading and the typed records of [`super::records_scan`].

use super::schema::{ColType, Column, KindSchema};

const fn col(name: &'static str, vi: &'static str, ty: ColType, required: bool, doc: &'static str) -> Column {
    Column { name, vi, ty, required, doc }
}

use ColType::{Date, Enum, IntRange, List, Text, Timestamp};

/// What a scan target names.
pub const SCAN_TARGET_KINDS: &[&str] = &["host", "ip", "image", "repository"];
/// Normalised severities, most severe first.
pub const SEVERITIES: &[&str] = &["critical", "high", "medium", "low", "info"];
/// Where a remediation plan stands.
pub const VULN_PLAN_STATUSES: &[&str] = &["planned", "in_progress", "done", "accepted"];
/// The scanner report formats `tuanthu import scan` reads.
pub const SCAN_TOOLS: &[&str] = &["openvas", "nessus", "trivy", "sarif"];

pub static SCAN_TARGETS: KindSchema = KindSchema {
    name: "scan_targets",
    columns: &[
        col(
            "target",
            "Đối tượng dò quét",
            Text,
            true,
            "Host name, IP address, container image or repository, as the scanner names it.",
        ),
        col("system_id", "Mã hệ thống", Text, true, "System the target belongs to."),
        col("kind", "Loại", Enum(SCAN_TARGET_KINDS), false, "`host`, `ip`, `image` or `repository` (informative)."),
        col("note", "Ghi chú", Text, false, "Free text."),
    ],
    key: &[0],
};

pub static VULN_PLANS: KindSchema = KindSchema {
    name: "vuln_plans",
    columns: &[
        col("vuln_key", "Mã lỗ hổng", Text, true, "Key of the vulnerability (`key` in `tuanthu vulns`)."),
        col(
            "risk_rating",
            "Mức độ rủi ro",
            Enum(SEVERITIES),
            false,
            "Risk rated by the unit (Điều 23.3): `critical`, `high`, `medium`, `low` or `info`.",
        ),
        col("plan", "Phương án xử lý", Text, false, "Remediation plan (Điều 23.3)."),
        col("due_date", "Thời hạn xử lý", Date, false, "Date the plan must be carried out by."),
        col("owner", "Người chịu trách nhiệm", Text, false, "Person or unit in charge."),
        col(
            "status",
            "Trạng thái",
            Enum(VULN_PLAN_STATUSES),
            false,
            "`planned`, `in_progress`, `done` or `accepted` (risk accepted).",
        ),
    ],
    key: &[0],
};

/// Vulnerabilities found by imported scanner reports, deduplicated by key.
pub static VULNERABILITIES: KindSchema = KindSchema {
    name: "vulnerabilities",
    columns: &[
        col("key", "Mã lỗ hổng", Text, true, "Stable key: tool, target and the tool's identity of the finding."),
        col("system_id", "Mã hệ thống", Text, true, "System the target was attributed to (latest scan)."),
        col("tool", "Công cụ", Enum(SCAN_TOOLS), true, "`openvas`, `nessus`, `trivy` or `sarif`."),
        col("target", "Đối tượng dò quét", Text, true, "Host, IP, image or repository."),
        col("rule_id", "Mã kiểm tra", Text, true, "NVT OID, plugin id, vulnerability id or rule id."),
        col("title", "Tên", Text, true, "Title."),
        col("severity", "Mức độ", Enum(SEVERITIES), true, "Normalised severity."),
        col("tool_severity", "Mức độ theo công cụ", Text, false, "Severity as the tool wrote it."),
        col("cvss", "CVSS", Text, false, "CVSS base score, when the report has one."),
        col("cves", "CVE", List, false, "CVE ids."),
        col("port", "Cổng", Text, false, "Port/protocol (network scanners)."),
        col("package", "Gói", Text, false, "Package and installed version (Trivy)."),
        col("location", "Vị trí", Text, false, "Where inside the target (Trivy result target, SARIF file)."),
        col("first_seen", "Phát hiện lần đầu", Timestamp, true, "Time of the first scan that found it."),
        col("last_seen", "Thấy lần cuối", Timestamp, true, "Time of the last scan that found it."),
        col("fixed_on", "Đã khắc phục", Timestamp, false, "First later scan of the target without it."),
        col("first_scan", "Lần quét đầu", IntRange(0, i64::MAX), true, "Scan id of `first_seen`."),
        col("last_scan", "Lần quét cuối", IntRange(0, i64::MAX), true, "Scan id of `last_seen`."),
    ],
    key: &[0],
};

/// One row per imported scanner report.
pub static SCANS: KindSchema = KindSchema {
    name: "scans",
    columns: &[
        col("scan_id", "Mã lần quét", IntRange(0, i64::MAX), true, "Scan id (1, 2, …)."),
        col("tool", "Công cụ", Enum(SCAN_TOOLS), true, "Report format."),
        col("tool_name", "Tên công cụ", Text, true, "Tool as named in the report."),
        col("tool_version", "Phiên bản", Text, false, "Tool version."),
        col("file", "Tệp", Text, true, "File name imported."),
        col("fingerprint", "Dấu vân tay", Text, true, "FNV-1a 64 of the file's bytes (re-imports are skipped)."),
        col("started_at", "Bắt đầu", Timestamp, false, "Scan start, as the report says."),
        col("ended_at", "Kết thúc", Timestamp, false, "Scan end, as the report says."),
        col("scanned_at", "Thời điểm quét", Timestamp, true, "Time the scan counts at."),
        col("imported_at", "Thời điểm nhập", Timestamp, true, "Import time."),
        col("targets", "Đối tượng", List, false, "Targets scanned."),
        col("systems", "Hệ thống", List, false, "Systems the targets belong to."),
        col("findings", "Số phát hiện", IntRange(0, i64::MAX), true, "Distinct vulnerabilities in the report."),
    ],
    key: &[0],
};

/// Which scan covered which target of which system (one row per scan and target).
pub static SCAN_COVERAGE: KindSchema = KindSchema {
    name: "scan_coverage",
    columns: &[
        col("scan_id", "Mã lần quét", IntRange(0, i64::MAX), true, "Scan id."),
        col("tool", "Công cụ", Enum(SCAN_TOOLS), true, "Report format."),
        col("target", "Đối tượng dò quét", Text, true, "Target scanned."),
        col("system_id", "Mã hệ thống", Text, true, "System it was attributed to."),
        col("scanned_at", "Thời điểm quét", Timestamp, true, "When this target was scanned."),
    ],
    key: &[0, 2],
};
