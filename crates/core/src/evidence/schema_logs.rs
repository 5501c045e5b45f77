//! Evidence of the central log (issue 4): which log sources belong to which
//! system (Điều 12.5, 16).

use super::schema::{ColType, Column, KindSchema};

pub const LOG_SOURCE_KINDS: &[&str] = &["system", "application"];

const fn col(name: &'static str, vi: &'static str, ty: ColType, required: bool, doc: &'static str) -> Column {
    Column { name, vi, ty, required, doc }
}

pub static LOG_SOURCES: KindSchema = KindSchema {
    name: "log_sources",
    columns: &[
        col("source_id", "Mã nguồn nhật ký", ColType::Text, true, "Log source id, unique."),
        col("system_id", "Mã hệ thống", ColType::Text, true, "System whose logs this source sends."),
        col(
            "hosts",
            "Máy chủ / địa chỉ",
            ColType::List,
            true,
            "Host names (as in the syslog HOSTNAME field) and/or IP addresses the source sends from, `;`-separated.",
        ),
        col(
            "apps",
            "Ứng dụng",
            ColType::List,
            false,
            "Application names (syslog APP-NAME) of this source, `;`-separated; blank = all.",
        ),
        col(
            "kind",
            "Loại nguồn",
            ColType::Enum(LOG_SOURCE_KINDS),
            false,
            "`system` (OS/network device logs) or `application` (Điều 12.5 application logs); default `system`.",
        ),
    ],
    key: &[0],
};
