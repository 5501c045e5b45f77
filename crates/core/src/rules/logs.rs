//! The central log (issue 4): integrity, centralisation and retention, time
//! synchronisation, application log fields. The rules read the log facts
//! computed from the log directory (`Evidence::log_facts`) and the imported
//! `log_sources`; they never read the log itself.
//!
//! > Điều 16.1: Dữ liệu nhật ký của các hệ thống thông tin từ mức độ 2 trở
//! > lên phải được lưu trữ trực tuyến tối thiểu 3 tháng theo hình thức tập
//! > trung và sao lưu tối thiểu một năm.
//! >
//! > Điều 16.2: Bảo vệ các chức năng ghi nhật ký và thông tin nhật ký, chống
//! > giả mạo và truy cập trái phép; bảo đảm người quản trị hệ thống và người
//! > sử dụng không thể xóa hay sửa đổi nhật ký hệ thống ghi lại các hoạt động
//! > của chính họ.
//! >
//! > Điều 16.3: Thực hiện việc đồng bộ thời gian giữa các hệ thống thông tin.
//! >
//! > Điều 12.5: Ghi và lưu giữ bản ghi nhật ký hệ thống của phần mềm, ứng
//! > dụng trong khoảng thời gian tối thiểu 03 tháng với những thông tin cơ
//! > bản: thời gian, địa chỉ, tài khoản (nếu có), nội dung truy cập và sử dụng
//! > phần mềm, ứng dụng; các lỗi phát sinh trong quá trình hoạt động; thông
//! > tin đăng nhập khi quản trị.

use chrono::{DateTime, Duration, Months, Utc};

use super::{Context, Rule};
use crate::evidence::{HostFacts, LogFacts, LogSource, LogSourceKind, System};
use crate::finding::{Finding, Status, SubjectKind};
use crate::rulepack::{Params, RuleDef, RulePackError};

/// A time in Vietnam (UTC+7), dd/mm/yyyy hh:mm.
fn ts(t: DateTime<Utc>) -> String {
    match chrono::FixedOffset::east_opt(7 * 3600) {
        Some(tz) => t.with_timezone(&tz).format("%d/%m/%Y %H:%M").to_string(),
        None => t.format("%d/%m/%Y %H:%M UTC").to_string(),
    }
}

fn no_log(f: Finding) -> Finding {
    Finding { status: Status::NoEvidence, ..f }.message(
        "Không có dữ liệu nhật ký tập trung (chạy `check --log-dir THƯ_MỤC` hoặc đặt TUANTHU_LOG_DIR).",
        "No central-log facts (run `check --log-dir DIR` or set TUANTHU_LOG_DIR).",
    )
}

/// Hosts of the log that a source covers.
fn hosts_of<'a>(facts: &'a LogFacts, src: &'a LogSource) -> impl Iterator<Item = &'a HostFacts> + 'a {
    facts.hosts.iter().filter(move |h| src.matches(h))
}

/// Kind `log_integrity`: LOG-INTEGRITY (Điều 16.2). The log verifies in full
/// and a witness (another unit) cosigned a recent checkpoint of it.
pub struct Integrity {
    max_witness_age_hours: u32,
    require_witness: bool,
}

impl Integrity {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        let p = Params::of(def);
        Ok(Integrity {
            max_witness_age_hours: p.uint("max_witness_age_hours", Some(24))?,
            require_witness: p.boolean("require_witness", true)?,
        })
    }
}

impl Rule for Integrity {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        let Some(facts) = &ctx.snapshot.log_facts else {
            out(no_log(Finding::new(Status::NoEvidence, SubjectKind::Log, "central-log")));
            return;
        };
        let f = Finding::new(Status::Pass, SubjectKind::Log, facts.origin.clone())
            .evidence(format!("log/{}", facts.origin));
        if !facts.verified {
            let first: Vec<&str> = facts.problems.iter().take(3).map(String::as_str).collect();
            out(Finding { status: Status::Fail, ..f }.message(
                format!("Nhật ký không toàn vẹn: {}", first.join("; ")),
                format!("The log does not verify: {}", first.join("; ")),
            ));
            return;
        }
        let limit = facts.computed_at - Duration::hours(i64::from(self.max_witness_age_hours));
        match (facts.witnessed_at, facts.witnessed_size) {
            (Some(at), Some(size)) if at >= limit => out(f.message(
                format!(
                    "Nhật ký toàn vẹn ({} bản ghi); checkpoint cỡ {size} được nhân chứng {} đồng ký lúc {}.",
                    facts.size,
                    facts.cosigners.join(", "),
                    ts(at)
                ),
                format!(
                    "The log verifies ({} entries); checkpoint of size {size} cosigned by {} at {}.",
                    facts.size,
                    facts.cosigners.join(", "),
                    ts(at)
                ),
            )),
            _ if !self.require_witness => out(f.message(
                format!("Nhật ký toàn vẹn ({} bản ghi); không yêu cầu nhân chứng.", facts.size),
                format!("The log verifies ({} entries); no witness required.", facts.size),
            )),
            (Some(at), _) => out(Finding { status: Status::Fail, ..f }.message(
                format!(
                    "Đồng ký gần nhất của nhân chứng lúc {} đã quá {} giờ: bên vận hành có thể viết lại lịch sử mà không bị phát hiện.",
                    ts(at),
                    self.max_witness_age_hours
                ),
                format!(
                    "The latest witness cosignature ({}) is older than {} hours: the operator could rewrite history undetected.",
                    ts(at),
                    self.max_witness_age_hours
                ),
            )),
            (None, _) => out(Finding { status: Status::Fail, ..f }.message(
                "Không có checkpoint nào được nhân chứng (đơn vị khác) đồng ký: bên vận hành có thể viết lại lịch sử mà không bị phát hiện.",
                "No checkpoint is cosigned by a witness (another unit): the operator could rewrite history undetected.",
            )),
        }
    }
}

/// Kind `log_retention`: LOG-CENTRAL (Điều 16.1). Each system in operation
/// of the pack's levels has a log source that sent entries to the central
/// log within `max_silence_hours`; nothing was archived before
/// `online_months` nor pruned before `archive_months`.
pub struct Central {
    online_months: u32,
    archive_months: u32,
    max_silence_hours: u32,
}

impl Central {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        let p = Params::of(def);
        let _ = p.uint("min_level", Some(2))?;
        Ok(Central {
            online_months: p.uint("online_months", Some(3))?,
            archive_months: p.uint("archive_months", Some(12))?,
            max_silence_hours: p.uint("max_silence_hours", Some(24))?,
        })
    }
}

fn system_finding(ctx: &Context<'_>, s: &System, status: Status) -> Finding {
    Finding::new(status, SubjectKind::System, s.system_id.clone())
        .evidence(format!("systems/{}", s.system_id))
        .units(ctx.snapshot.system_units(&s.system_id))
}

impl Rule for Central {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        for s in ctx.snapshot.systems.iter().filter(|s| ctx.def.applies_to_level(s.level)) {
            let f = system_finding(ctx, s, Status::Pass);
            if !s.in_operation {
                out(Finding { status: Status::NotApplicable, ..f }
                    .message("Hệ thống chưa đưa vào vận hành.", "System not in operation."));
                continue;
            }
            let sources: Vec<&LogSource> =
                ctx.snapshot.log_sources.iter().filter(|l| l.system_id == s.system_id).collect();
            if sources.is_empty() {
                out(Finding { status: Status::Fail, ..f }.message(
                    "Không có nguồn nhật ký nào của hệ thống gửi về hệ thống nhật ký tập trung (log_sources).",
                    "No log source of this system sends to the central log (log_sources).",
                ));
                continue;
            }
            let Some(facts) = &ctx.snapshot.log_facts else {
                out(no_log(f));
                continue;
            };
            let f = sources.iter().fold(f, |f, l| f.evidence(format!("log_sources/{}", l.source_id)));
            let last = sources.iter().flat_map(|l| hosts_of(facts, l)).filter_map(|h| h.last_received).max();
            let limit = facts.computed_at - Duration::hours(i64::from(self.max_silence_hours));
            let online_limit = facts.computed_at.checked_sub_months(Months::new(self.online_months));
            let archive_limit = facts.computed_at.checked_sub_months(Months::new(self.archive_months));
            if let (Some(p), Some(lim)) = (facts.pruned_newest_received, archive_limit) {
                if p > lim {
                    out(Finding { status: Status::Fail, ..f }.message(
                        format!(
                            "Nội dung nhật ký nhận lúc {} đã bị xoá trước khi đủ {} tháng sao lưu.",
                            ts(p),
                            self.archive_months
                        ),
                        format!(
                            "Log entries received at {} were pruned before the {}-month archive window.",
                            ts(p),
                            self.archive_months
                        ),
                    ));
                    continue;
                }
            }
            if let (Some(a), Some(lim)) = (facts.archived_newest_received, online_limit) {
                if a > lim {
                    out(Finding { status: Status::Fail, ..f }.message(
                        format!(
                            "Nhật ký nhận lúc {} đã rời khỏi lưu trữ trực tuyến trước {} tháng.",
                            ts(a),
                            self.online_months
                        ),
                        format!(
                            "Log entries received at {} left online storage before {} months.",
                            ts(a),
                            self.online_months
                        ),
                    ));
                    continue;
                }
            }
            match last {
                Some(t) if t >= limit => out(f.message(
                    format!("Nhật ký gửi về tập trung; bản ghi gần nhất lúc {}.", ts(t)),
                    format!("Logs reach the central log; latest entry at {}.", ts(t)),
                )),
                Some(t) => out(Finding { status: Status::Fail, ..f }.message(
                    format!(
                        "Không nhận được nhật ký trong {} giờ qua; bản ghi gần nhất lúc {}.",
                        self.max_silence_hours,
                        ts(t)
                    ),
                    format!("No entries in the last {} hours; latest at {}.", self.max_silence_hours, ts(t)),
                )),
                None => out(Finding { status: Status::Fail, ..f }.message(
                    format!(
                        "Không nhận được nhật ký nào của hệ thống trong {} giờ gần nhất đã quét.",
                        facts.scan_hours
                    ),
                    format!("No entries from this system in the {} hours scanned.", facts.scan_hours),
                )),
            }
        }
    }
}

/// Log sources whose system is in the rule's scope.
fn sources_in_scope<'a>(ctx: &'a Context<'_>) -> impl Iterator<Item = &'a LogSource> + 'a {
    ctx.snapshot.log_sources.iter().filter(move |l| ctx.system_in_scope(&l.system_id))
}

fn source_finding(ctx: &Context<'_>, l: &LogSource, status: Status) -> Finding {
    Finding::new(status, SubjectKind::LogSource, l.source_id.clone())
        .evidence(format!("log_sources/{}", l.source_id))
        .units(ctx.snapshot.system_units(&l.system_id))
}

/// Kind `time_sync`: LOG-TIME-SYNC (Điều 16.3). The 95th percentile of the
/// difference between a source's own timestamps and the receive time stays
/// within `max_skew_seconds`.
pub struct TimeSync {
    max_skew_seconds: u32,
}

impl TimeSync {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        Ok(TimeSync { max_skew_seconds: Params::of(def).uint("max_skew_seconds", Some(60))? })
    }
}

impl Rule for TimeSync {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        for l in sources_in_scope(ctx) {
            let f = source_finding(ctx, l, Status::Pass);
            let Some(facts) = &ctx.snapshot.log_facts else {
                out(no_log(f));
                continue;
            };
            let worst = hosts_of(facts, l)
                .filter(|h| h.timestamped > 0)
                .filter_map(|h| h.skew_p95_secs.map(|s| (s, h.host.as_str())))
                .max_by(|a, b| a.0.total_cmp(&b.0));
            match worst {
                None => out(Finding { status: Status::NoEvidence, ..f }.message(
                    format!("Không có bản ghi có dấu thời gian của nguồn trong {} giờ đã quét.", facts.scan_hours),
                    format!("No timestamped entries from this source in the {} hours scanned.", facts.scan_hours),
                )),
                Some((skew, host)) if skew > f64::from(self.max_skew_seconds) => {
                    out(Finding { status: Status::Fail, ..f }.message(
                        format!(
                            "Đồng hồ của {host} lệch {skew:.0} giây so với máy chủ nhật ký (tối đa {} giây).",
                            self.max_skew_seconds
                        ),
                        format!(
                            "{host}'s clock is {skew:.0} s off the log server's (at most {} s).",
                            self.max_skew_seconds
                        ),
                    ))
                }
                Some((skew, host)) => out(f.message(
                    format!("Đồng hồ đồng bộ: {host} lệch {skew:.1} giây (p95)."),
                    format!("Clocks in sync: {host} within {skew:.1} s (p95)."),
                )),
            }
        }
    }
}

const PER_ENTRY: &[&str] = &["time", "address", "account", "action"];
const KNOWN_FIELDS: &[&str] = &["time", "address", "account", "action", "errors", "admin_logins"];

/// Kind `app_log_fields`: LOG-APP-FIELDS (Điều 12.5). Of the sampled entries
/// of an application source, at least `min_share_percent` carry each
/// per-entry field (time, address, account, action). Errors and
/// administrator logins are events, not fields: their counts are reported.
pub struct AppFields {
    fields: Vec<String>,
    min_share_percent: u32,
}

impl AppFields {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        let p = Params::of(def);
        let fields = p.strings("required_fields", KNOWN_FIELDS)?;
        if let Some(bad) = fields.iter().find(|f| !KNOWN_FIELDS.contains(&f.as_str())) {
            return Err(RulePackError::rule(
                &def.id,
                format!("trường không biết {bad:?} (dùng {})", KNOWN_FIELDS.join(", ")),
                format!("unknown field {bad:?} (use {})", KNOWN_FIELDS.join(", ")),
            ));
        }
        let _ = p.uint("retention_months", Some(3))?;
        let min_share_percent = p.uint("min_share_percent", Some(90))?;
        if min_share_percent > 100 {
            return Err(RulePackError::rule(&def.id, "min_share_percent ≤ 100", "min_share_percent ≤ 100"));
        }
        Ok(AppFields { fields, min_share_percent })
    }
}

impl Rule for AppFields {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        for l in sources_in_scope(ctx).filter(|l| l.kind == LogSourceKind::Application) {
            let f = source_finding(ctx, l, Status::Pass);
            let Some(facts) = &ctx.snapshot.log_facts else {
                out(no_log(f));
                continue;
            };
            let apps: Vec<_> = hosts_of(facts, l).flat_map(|h| h.apps.iter()).filter(|a| l.has_app(&a.app)).collect();
            let n: u64 = apps.iter().map(|a| a.sampled).sum();
            if n == 0 {
                out(Finding { status: Status::NoEvidence, ..f }.message(
                    format!("Không có bản ghi ứng dụng của nguồn trong {} giờ đã quét.", facts.scan_hours),
                    format!("No application entries from this source in the {} hours scanned.", facts.scan_hours),
                ));
                continue;
            }
            let count = |field: &str| -> u64 {
                apps.iter()
                    .map(|a| match field {
                        "time" => a.with_time,
                        "address" => a.with_address,
                        "account" => a.with_account,
                        _ => a.with_action,
                    })
                    .sum()
            };
            let mut missing = Vec::new();
            for field in self.fields.iter().filter(|f| PER_ENTRY.contains(&f.as_str())) {
                let c = count(field);
                if c * 100 < u64::from(self.min_share_percent) * n {
                    missing.push(format!("{field} {}%", c * 100 / n));
                }
            }
            let errors: u64 = apps.iter().map(|a| a.errors).sum();
            let admins: u64 = apps.iter().map(|a| a.admin_logins).sum();
            let events = format!("errors: {errors}, admin_logins: {admins}");
            if missing.is_empty() {
                out(f.message(
                    format!("{n} bản ghi mẫu có đủ thời gian, địa chỉ, tài khoản, nội dung ({events})."),
                    format!("{n} sampled entries carry time, address, account and action ({events})."),
                ));
            } else {
                out(Finding { status: Status::Fail, ..f }.message(
                    format!(
                        "Trong {n} bản ghi mẫu, thiếu trường (tỉ lệ có / cần {}%): {} ({events}).",
                        self.min_share_percent,
                        missing.join(", ")
                    ),
                    format!(
                        "Of {n} sampled entries, fields below {}%: {} ({events}).",
                        self.min_share_percent,
                        missing.join(", ")
                    ),
                ));
            }
        }
    }
}

pub(super) const KINDS: &[(&str, super::Constructor)] = &[
    ("log_integrity", |d| Ok(Box::new(Integrity::from_def(d)?))),
    ("log_retention", |d| Ok(Box::new(Central::from_def(d)?))),
    ("time_sync", |d| Ok(Box::new(TimeSync::from_def(d)?))),
    ("app_log_fields", |d| Ok(Box::new(AppFields::from_def(d)?))),
];

#[cfg(test)]
#[path = "logs_tests.rs"]
mod tests;
