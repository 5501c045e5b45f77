//! Organisational evidence, part A (issue 5): people (hand-overs, HR
//! reconciliations, account reviews, lock requests, endpoint admin groups,
//! trainings), assets (inventory, asset events, removable media), application
//! configuration and network access (access paths, zones, flows).
//!
//! Same conventions as [`super::schema`]: canonical English header,
//! Vietnamese header, type, required, doc; `key` identifies a row.
//! [`PAST_ONLY`] lists the date columns that record something that already
//! happened: the importer rejects a date after today there.

use super::schema::ColType::{self, Bool, Date, EnumList, IntRange, List, Text};
use super::schema::{Column, KindSchema};

const fn col(name: &'static str, vi: &'static str, ty: ColType, required: bool, doc: &'static str) -> Column {
    Column { name, vi, ty, required, doc }
}

/// Kinds of training (Điều 7.2.a, 31).
pub const TRAINING_KINDS: &[&str] = &["onboarding_briefing", "basic", "specialist", "awareness"];
/// Điều 6.1: hardware, software, information.
pub const ASSET_KINDS: &[&str] = &["hardware", "software", "information"];
pub const ASSET_CATEGORIES: &[&str] = &[
    "desktop",
    "laptop",
    "server",
    "network_device",
    "security_device",
    "storage_device",
    "removable_media",
    "printer",
    "mobile_device",
    "other_hardware",
    "system_software",
    "application",
    "database",
    "dev_tool",
    "dataset",
    "document",
    "other",
];
/// What an asset is used for (Điều 9.3.d, 13.3).
pub const ASSET_ROLES: &[&str] = &[
    "workstation",
    "admin_pc",
    "state_secret_pc",
    "high_level_pc",
    "internet_only_pc",
    "server",
    "internet_access_gateway",
    "public_website",
    "public_service",
    "email",
    "update_server",
];
pub const ASSET_STATUSES: &[&str] = &["active", "spare", "repair", "repurposed", "disposed"];
pub const ASSET_EVENT_KINDS: &[&str] = &["repair", "repurpose", "dispose", "inspection", "maintenance"];
pub const WIPE_METHODS: &[&str] = &["none", "delete", "format", "overwrite", "crypto_erase", "degauss", "destroyed"];
pub const LOCAL_MEMBER_KINDS: &[&str] = &["user", "admin", "service", "builtin", "group"];
pub const REMOTE_PROTOCOLS: &[&str] = &["none", "ssh", "https", "tls", "vpn", "rdp", "vnc", "telnet", "http", "ftp"];
pub const ACCESS_TARGETS: &[&str] = &["internal_network", "internal_app", "public_service"];
pub const ACCESS_METHODS: &[&str] = &["vpn", "mfa", "password", "certificate", "none"];
pub const ZONE_KINDS: &[&str] = &["work", "server", "management", "dmz", "internet_only", "internet", "other"];
pub const FLOW_ACTIONS: &[&str] = &["allow", "deny"];
pub const EXPOSURE_KINDS: &[&str] = &["incident", "vulnerability", "lent_for_urgent_work"];

pub static HR_RECONCILIATIONS: KindSchema = KindSchema {
    name: "hr_reconciliations",
    columns: &[
        col("reconciliation_id", "Mã đối chiếu", Text, true, "Id of the reconciliation, unique."),
        col(
            "unit_code",
            "Mã đơn vị",
            Text,
            false,
            "Unit whose systems were reconciled (every system it owns, operates or secures).",
        ),
        col(
            "system_id",
            "Mã hệ thống",
            Text,
            false,
            "System whose accounts were reconciled. At least one of unit_code, system_id.",
        ),
        col("reconciled_on", "Ngày đối chiếu", Date, true, "Date HR records and accounts were compared (Điều 7.3.d)."),
        col("document_no", "Số văn bản", Text, false, "Minutes or report number."),
    ],
    key: &[0],
};

pub static ACCOUNT_REVIEWS: KindSchema = KindSchema {
    name: "account_reviews",
    columns: &[
        col("review_id", "Mã rà soát", Text, true, "Id of the review, unique."),
        col("system_id", "Mã hệ thống", Text, true, "System whose accounts and rights were reviewed (Điều 11.5)."),
        col("reviewed_on", "Ngày rà soát", Date, true, "Date of the review."),
        col("reviewer", "Người rà soát", Text, false, "Person id of the reviewer."),
        col("document_no", "Số văn bản", Text, false, "Minutes or report number."),
    ],
    key: &[0],
};

pub static LOCK_REQUESTS: KindSchema = KindSchema {
    name: "lock_requests",
    columns: &[
        col("request_id", "Mã yêu cầu", Text, true, "Id of the request, unique."),
        col("system_id", "Mã hệ thống", Text, true, "System of the account to lock."),
        col("username", "Tên tài khoản", Text, true, "Account to lock."),
        col(
            "requested_by_unit",
            "Đơn vị yêu cầu",
            Text,
            false,
            "Customs unit whose leader asked in writing (the unit managing the user, Điều 11.4).",
        ),
        col("requested_on", "Ngày yêu cầu", Date, true, "Date of the written request."),
        col("document_no", "Số văn bản", Text, false, "Number of the written request."),
        col("executed_on", "Ngày thực hiện", Date, false, "Date the operator locked the account; blank if not yet."),
    ],
    key: &[0],
};

pub static TRAININGS: KindSchema = KindSchema {
    name: "trainings",
    columns: &[
        col("person_id", "Mã cán bộ", Text, true, "Person trained."),
        col(
            "kind",
            "Loại đào tạo",
            ColType::Enum(TRAINING_KINDS),
            true,
            "`onboarding_briefing`, `basic`, `specialist` or `awareness`.",
        ),
        col("trained_on", "Ngày đào tạo", Date, true, "Date of the training or briefing."),
        col("course", "Khóa học", Text, false, "Course or briefing title."),
        col("provider", "Đơn vị tổ chức", Text, false, "Who organised it."),
    ],
    key: &[0, 1, 2],
};

pub static TRAINING_NEEDS: KindSchema = KindSchema {
    name: "training_needs",
    columns: &[
        col("unit_code", "Mã đơn vị", Text, true, "Unit that determined its training needs (Điều 31.1)."),
        col("year", "Năm", IntRange(2000, 2100), true, "Year the needs are for."),
        col("sent_on", "Ngày gửi", Date, false, "Date sent to Cục CNTT&TK; blank if not sent."),
        col("document_no", "Số văn bản", Text, false, "Number of the letter."),
    ],
    key: &[0, 1],
};

pub static HANDOVERS: KindSchema = KindSchema {
    name: "handovers",
    columns: &[
        col("record_no", "Số biên bản", Text, true, "Number of the handover record, unique (Điều 7.3.b)."),
        col("person_id", "Mã cán bộ", Text, true, "Person handing over (leaving or changing job)."),
        col("hr_event_id", "Mã sự kiện", Text, false, "The HR event the handover closes (`hr_events.event_id`)."),
        col("handover_date", "Ngày bàn giao", Date, true, "Date of the handover."),
        col("received_by", "Người nhận bàn giao", Text, false, "Person id of the receiver."),
        col(
            "accounts",
            "Tài khoản bàn giao",
            List,
            false,
            "Accounts whose credentials were handed over, as `SYSTEM/username` (Điều 11.3.b).",
        ),
        col("assets", "Tài sản bàn giao", List, false, "Asset ids handed over."),
    ],
    key: &[0],
};

pub static PASSWORD_EXPOSURES: KindSchema = KindSchema {
    name: "password_exposures",
    columns: &[
        col("exposure_id", "Mã sự kiện", Text, true, "Id, unique."),
        col(
            "kind",
            "Loại",
            ColType::Enum(EXPOSURE_KINDS),
            true,
            "`incident`, `vulnerability` (notice of a possible password exposure) or `lent_for_urgent_work` (Điều 11.3.b-c).",
        ),
        col("system_id", "Mã hệ thống", Text, true, "System concerned."),
        col("usernames", "Tài khoản", List, false, "Accounts concerned; blank = every active account of the system."),
        col("notified_on", "Ngày thông báo", Date, true, "Date of the notice, or the day the urgent work ended."),
        col("reference", "Tham chiếu", Text, false, "Incident id, notice or document number."),
    ],
    key: &[0],
};

pub static ASSETS: KindSchema = KindSchema {
    name: "assets",
    columns: &[
        col("asset_id", "Mã tài sản", Text, true, "Asset id, unique (for computers: the host name)."),
        col("name", "Tên tài sản", Text, false, "Name or model."),
        col(
            "kind",
            "Loại tài sản",
            ColType::Enum(ASSET_KINDS),
            true,
            "`hardware`, `software` or `information` (Điều 6.1).",
        ),
        col("category", "Chủng loại", ColType::Enum(ASSET_CATEGORIES), false, "Category (see formats.md)."),
        col("roles", "Vai trò", EnumList(ASSET_ROLES), false, "What the asset is used for (Điều 9.3.d, 13.3)."),
        col("system_id", "Mã hệ thống", Text, false, "System the asset belongs to or processes information of."),
        col("custodian_person", "Cá nhân quản lý", Text, false, "Person id the asset is assigned to (Điều 6.2.a)."),
        col("custodian_unit", "Đơn vị quản lý", Text, false, "Unit or team the asset is assigned to (Điều 6.2.a)."),
        col("location", "Vị trí", Text, false, "Where it is."),
        col("sensitive_data", "Lưu dữ liệu nhạy cảm", Bool, false, "Holds sensitive data (Điều 6.2.c)."),
        col("has_storage", "Có bộ phận lưu trữ", Bool, false, "Has a storage component; blank = by category."),
        col("networked", "Nối mạng", Bool, false, "Connected to a network."),
        col("internet_connected", "Kết nối Internet", Bool, false, "Can reach the Internet."),
        col("encrypted", "Mã hóa dữ liệu", Bool, false, "Stored data is encrypted."),
        col(
            "status",
            "Tình trạng",
            ColType::Enum(ASSET_STATUSES),
            true,
            "`active`, `spare`, `repair`, `repurposed` or `disposed`.",
        ),
        col("status_date", "Ngày tình trạng", Date, false, "Date the status began."),
        col("acquired_on", "Ngày đưa vào sử dụng", Date, false, "Date put into service."),
    ],
    key: &[0],
};

pub static ASSET_EVENTS: KindSchema = KindSchema {
    name: "asset_events",
    columns: &[
        col("event_id", "Mã sự kiện", Text, true, "Id, unique."),
        col("asset_id", "Mã tài sản", Text, true, "The asset (`assets.asset_id`)."),
        col(
            "event",
            "Loại sự kiện",
            ColType::Enum(ASSET_EVENT_KINDS),
            true,
            "`repair`, `repurpose`, `dispose`, `inspection` or `maintenance`.",
        ),
        col("event_date", "Ngày", Date, true, "Date of the event (for a repair: the day it left)."),
        col("external", "Mang ra bên ngoài", Bool, false, "Repair or warranty outside the unit (blank = yes)."),
        col("storage_removed", "Đã tháo bộ phận lưu trữ", Bool, false, "Storage component removed and kept."),
        col("wipe_method", "Phương pháp xóa", ColType::Enum(WIPE_METHODS), false, "How the data was erased."),
        col(
            "data_recovery",
            "Để khôi phục dữ liệu",
            Bool,
            false,
            "Sent out to recover its data (Điều 6.2.d exception).",
        ),
        col("record_no", "Số biên bản", Text, false, "Record number."),
    ],
    key: &[0],
};

pub static LOCAL_ADMINS: KindSchema = KindSchema {
    name: "local_admins",
    columns: &[
        col("host", "Máy tính", Text, true, "Host name (`assets.asset_id` when inventoried)."),
        col("account", "Tài khoản", Text, true, "Member of the local administrators group (`DOMAIN\\user` or `user`)."),
        col(
            "account_kind",
            "Loại tài khoản",
            ColType::Enum(LOCAL_MEMBER_KINDS),
            false,
            "`user`, `admin`, `service`, `builtin` or `group`; blank = looked up in `accounts`.",
        ),
        col("collected_on", "Ngày thu thập", Date, false, "Date of the export."),
    ],
    key: &[0, 1],
};

pub static REMOVABLE_MEDIA_APPROVALS: KindSchema = KindSchema {
    name: "removable_media_approvals",
    columns: &[
        col("person_id", "Mã cán bộ", Text, true, "User of the device."),
        col("device", "Thiết bị", Text, true, "Device serial number or asset id."),
        col("approved_by", "Người phê duyệt", Text, false, "Person id of the unit leader who agreed (Điều 10.6)."),
        col("approved_on", "Ngày phê duyệt", Date, false, "Date of the approval."),
        col("encrypted", "Mã hóa", Bool, false, "Data on the device is encrypted."),
        col("purpose", "Mục đích", Text, false, "Business purpose."),
    ],
    key: &[0, 1],
};

pub static APP_CONFIGS: KindSchema = KindSchema {
    name: "app_configs",
    columns: &[
        col("app_id", "Mã ứng dụng", Text, true, "Application id, unique (a system id when it is the whole system)."),
        col(
            "system_id",
            "Mã hệ thống",
            Text,
            false,
            "System the application belongs to (blank: `app_id` is a system id).",
        ),
        col("auth_required", "Xác thực người dùng", Bool, false, "Users must authenticate (Điều 12.2)."),
        col(
            "failed_login_limit",
            "Số lần đăng nhập sai tối đa",
            IntRange(0, 1_000_000),
            false,
            "Consecutive failed logins before lock-out; 0 = no limit.",
        ),
        col(
            "session_timeout_minutes",
            "Thời gian chờ đóng phiên (phút)",
            IntRange(0, 1_000_000),
            false,
            "Idle minutes before the session closes; 0 = never.",
        ),
        col(
            "credentials_encrypted",
            "Mã hóa thông tin xác thực",
            Bool,
            false,
            "Credentials stored encrypted or hashed.",
        ),
        col("auto_login", "Cho phép đăng nhập tự động", Bool, false, "Automatic login (remember me) allowed."),
        col("pwd_min_length", "Độ dài mật khẩu tối thiểu", IntRange(0, 1000), false, "Configured minimum length."),
        col(
            "pwd_min_classes",
            "Số loại ký tự tối thiểu",
            IntRange(0, 4),
            false,
            "Configured minimum character classes.",
        ),
        col(
            "pwd_forbid_username",
            "Cấm chứa tên tài khoản",
            Bool,
            false,
            "Passwords containing the account name are refused.",
        ),
        col(
            "auth_delegated_to",
            "Xác thực qua",
            Text,
            false,
            "App or system that authenticates the users (single sign-on); its password policy applies.",
        ),
        col(
            "remote_admin_protocols",
            "Giao thức quản trị từ xa",
            EnumList(REMOTE_PROTOCOLS),
            false,
            "Protocols used to administer it remotely (Điều 12.4).",
        ),
        col("admin_port_separate", "Cổng quản trị riêng", Bool, false, "Admin interface on its own port (Điều 12.3)."),
        col("declared_on", "Ngày khai báo", Date, false, "Date of the declaration."),
    ],
    key: &[0],
};

pub static ACCESS_PATHS: KindSchema = KindSchema {
    name: "access_paths",
    columns: &[
        col("path_id", "Mã đường truy cập", Text, true, "Id, unique."),
        col("system_id", "Mã hệ thống", Text, true, "System or network reached."),
        col("from_internet", "Từ Internet", Bool, true, "Reachable from the Internet."),
        col(
            "target",
            "Đối tượng",
            ColType::Enum(ACCESS_TARGETS),
            true,
            "`internal_network`, `internal_app` or `public_service`.",
        ),
        col(
            "methods",
            "Phương thức",
            EnumList(ACCESS_METHODS),
            true,
            "`vpn`, `mfa`, `password`, `certificate`, `none`.",
        ),
        col("description", "Mô tả", Text, false, "Description."),
    ],
    key: &[0],
};

pub static NETWORK_ZONES: KindSchema = KindSchema {
    name: "network_zones",
    columns: &[
        col("zone_id", "Mã vùng mạng", Text, true, "Zone id, unique."),
        col("name", "Tên vùng mạng", Text, false, "Name."),
        col(
            "kind",
            "Loại vùng",
            ColType::Enum(ZONE_KINDS),
            true,
            "`work`, `server`, `management`, `dmz`, `internet_only`, `internet` or `other`.",
        ),
        col("wireless", "Không dây", Bool, false, "A wireless network."),
        col("unit_code", "Mã đơn vị", Text, false, "Unit whose network it is."),
    ],
    key: &[0],
};

pub static ZONE_FLOWS: KindSchema = KindSchema {
    name: "zone_flows",
    columns: &[
        col("from_zone", "Từ vùng", Text, true, "Source zone."),
        col("to_zone", "Đến vùng", Text, true, "Destination zone."),
        col("action", "Hành động", ColType::Enum(FLOW_ACTIONS), false, "`allow` (default) or `deny`."),
        col("services", "Dịch vụ", Text, false, "Ports or services."),
    ],
    key: &[0, 1],
};

/// `(kind, column)` of dates that record the past: a date after the day of
/// the import is an error (`future_date`).
pub const PAST_ONLY: &[(&str, &str)] = &[
    ("persons", "background_checked_on"),
    ("persons", "nda_signed_on"),
    ("hr_reconciliations", "reconciled_on"),
    ("account_reviews", "reviewed_on"),
    ("lock_requests", "requested_on"),
    ("lock_requests", "executed_on"),
    ("trainings", "trained_on"),
    ("training_needs", "sent_on"),
    ("handovers", "handover_date"),
    ("password_exposures", "notified_on"),
    ("assets", "status_date"),
    ("assets", "acquired_on"),
    ("asset_events", "event_date"),
    ("local_admins", "collected_on"),
    ("removable_media_approvals", "approved_on"),
    ("app_configs", "declared_on"),
];
