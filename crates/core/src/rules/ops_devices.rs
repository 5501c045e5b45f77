//! Network devices (Điều 9) and endpoints (Điều 10, 14).
//!
//! > 9.1.d) Ngắt kết nối (shutdown hoặc disable) cổng mạng không sử dụng.
//! > 9.1.đ) Định kỳ sao lưu cấu hình thiết bị kết nối mạng LAN.
//! > 9.2.c) Định kỳ sao lưu cấu hình thiết bị kết nối mạng WAN.
//! > 10.3. Cài đặt phần mềm xử lý phần mềm độc hại và thiết lập chế độ tự động
//! >    cập nhật cơ sở dữ liệu cho phần mềm (…).
//! > 14.2. Phải triển khai biện pháp, giải pháp phòng chống mã độc cho toàn bộ
//! >    hệ thống thông tin của đơn vị.

use std::sync::Arc;

use chrono::Duration;

use super::ops_common::{months_text, names_param};
use super::recency::add_months;
use super::{Context, Rule};
use crate::evidence::schema_ops::PORT_STATUSES;
use crate::evidence::{NetworkPort, PortStatus};
use crate::finding::{vn_date, Finding, Status, SubjectKind};
use crate::rulepack::{Params, RuleDef, RulePackError};
use crate::vietnam_date;

/// The units a device finding concerns: its system's units and its own unit.
fn device_units(ctx: &Context<'_>, device: &str, system: Option<&str>) -> Vec<Arc<str>> {
    let mut units: Vec<Arc<str>> = system.map(|s| ctx.snapshot.system_units(s).to_vec()).unwrap_or_default();
    if let Some(u) = ctx.snapshot.network_device(device).and_then(|d| d.unit_code.as_deref()) {
        units.push(ctx.snapshot.unit_ref(u));
    }
    units
}

/// Kind `config_backup_period`: NET-CONFIG-BACKUP (Điều 9.1.đ, 9.2.c). Every
/// known network device (the `network_devices` inventory, devices whose
/// ports were imported, devices with configuration backups) had its
/// configuration backed up within `months` months.
pub struct ConfigBackupPeriod {
    months: u32,
}

impl ConfigBackupPeriod {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        Ok(ConfigBackupPeriod { months: Params::of(def).uint("months", Some(6))? })
    }
}

impl Rule for ConfigBackupPeriod {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        let (pvi, pen) = months_text(self.months);
        for (device, system) in ctx.snapshot.devices() {
            if !system.as_deref().is_none_or(|s| ctx.system_in_scope(s)) {
                continue;
            }
            let mut f = Finding::new(Status::Pass, SubjectKind::Device, device.clone()).units(&device_units(
                ctx,
                device,
                system.as_deref(),
            ));
            if ctx.snapshot.network_device(device).is_some() {
                f = f.evidence(format!("network_devices/{device}"));
            }
            let last = ctx
                .snapshot
                .config_backups_of(device)
                .filter(|b| vietnam_date(b.backed_up_at) <= ctx.as_of)
                .max_by_key(|b| b.backed_up_at);
            let Some(b) = last else {
                out(Finding { status: Status::Fail, ..f }.message(
                    format!("Không có bản sao lưu cấu hình nào của thiết bị {device} (định kỳ {pvi})."),
                    format!("No configuration backup of device {device} on record (required every {pen})."),
                ));
                continue;
            };
            let day = vietnam_date(b.backed_up_at);
            let due = add_months(day, self.months);
            let f = f.evidence(b.evidence_ref()).due(Some(due));
            out(if ctx.as_of > due {
                Finding { status: Status::Fail, ..f }.overdue_from(due, ctx.as_of).message(
                    format!(
                        "Sao lưu cấu hình lần gần nhất ngày {}; định kỳ {pvi}, hạn {} đã qua.",
                        vn_date(day),
                        vn_date(due)
                    ),
                    format!("Configuration last backed up on {day}; required every {pen}, was due by {due}."),
                )
            } else {
                f.message(
                    format!("Sao lưu cấu hình lần gần nhất ngày {}; hạn tiếp theo {}.", vn_date(day), vn_date(due)),
                    format!("Configuration last backed up on {day}; next due by {due}."),
                )
            });
        }
    }
}

/// Kind `unused_ports_disabled`: NET-UNUSED-PORTS (Điều 9.1.d). A port whose
/// link state is one of `unused_statuses` must be shut down (`shutdown` in
/// the running configuration, or state `disabled`). Ports in use give no
/// finding.
pub struct UnusedPortsDisabled {
    unused: Vec<PortStatus>,
}

impl UnusedPortsDisabled {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        let p = Params::of(def);
        Ok(UnusedPortsDisabled {
            unused: names_param(
                &p,
                "unused_statuses",
                &["notconnect", "err-disabled", "sfpabsent", "xcvrabsent"],
                PORT_STATUSES,
            )?
            .iter()
            .filter_map(|s| PortStatus::parse(s))
            .collect(),
        })
    }

    fn judge(&self, p: &NetworkPort, f: Finding) -> Option<Finding> {
        let shut = p.shutdown == Some(true) || p.status == Some(PortStatus::Disabled);
        let desc = p.description.as_deref().map(|d| format!(" (\"{d}\")")).unwrap_or_default();
        match p.status {
            Some(st) if shut && (st == PortStatus::Disabled || self.unused.contains(&st)) => Some(f.message(
                format!("Cổng không sử dụng{desc} đã được tắt (shutdown)."),
                format!("Unused port{desc} is shut down."),
            )),
            Some(st) if self.unused.contains(&st) => {
                let (vi, en) = if st == PortStatus::ErrDisabled {
                    (
                        "bị err-disabled do lỗi, không phải tắt bởi quản trị; errdisable recovery có thể bật lại",
                        "is err-disabled by an error, not shut down by an administrator; errdisable recovery may bring it up",
                    )
                } else {
                    ("không kết nối nhưng chưa được tắt (shutdown)", "is not connected but not shut down")
                };
                Some(Finding { status: Status::Fail, ..f }.message(
                    format!("Cổng {}{desc} ({}) {vi}.", p.interface, st.as_str()),
                    format!("Port {}{desc} ({}) {en}.", p.interface, st.as_str()),
                ))
            }
            Some(_) => None, // in use
            None if p.shutdown == Some(true) => Some(f.message(
                format!("Cổng{desc} đã được tắt (shutdown); không có trạng thái kết nối."),
                format!("Port{desc} is shut down; no link state collected."),
            )),
            None => Some(Finding { status: Status::NoEvidence, ..f }.message(
                format!(
                    "Cổng {}{desc} chưa tắt; không có kết quả \"show interfaces status\" để biết có sử dụng hay không.",
                    p.interface
                ),
                format!(
                    "Port {}{desc} is not shut down; no \"show interfaces status\" output tells whether it is used.",
                    p.interface
                ),
            )),
        }
    }
}

impl Rule for UnusedPortsDisabled {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        let mut last_device: Option<(&str, Vec<Arc<str>>, bool)> = None;
        for p in &ctx.snapshot.network_ports {
            let system = p
                .system_id
                .as_deref()
                .or_else(|| ctx.snapshot.network_device(&p.device).and_then(|d| d.system_id.as_deref()));
            // Ports come grouped by device: compute the device's units once.
            if last_device.as_ref().is_none_or(|(d, _, _)| *d != p.device) {
                let in_scope = system.is_none_or(|s| ctx.system_in_scope(s));
                last_device = Some((p.device.as_str(), device_units(ctx, &p.device, system), in_scope));
            }
            let Some((_, units, true)) = &last_device else { continue };
            let f = Finding::new(Status::Pass, SubjectKind::Port, p.subject_id())
                .evidence(format!("network_ports/{}/{}", p.device, p.interface))
                .units(units);
            if let Some(f) = self.judge(p, f) {
                out(f);
            }
        }
    }
}

/// Kind `antimalware_freshness`: EP-ANTIMALWARE (Điều 10.3, 14.2). Every
/// endpoint runs an anti-malware product whose signatures were updated at
/// most `max_signature_age_days` days before the as-of date, and real-time
/// protection is not reported off.
pub struct AntimalwareFreshness {
    days: u32,
}

impl AntimalwareFreshness {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        Ok(AntimalwareFreshness { days: Params::of(def).uint("max_signature_age_days", Some(7))? })
    }
}

impl Rule for AntimalwareFreshness {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        let days = self.days;
        for e in &ctx.snapshot.endpoints {
            if !e.system_id.as_deref().is_none_or(|s| ctx.system_in_scope(s)) {
                continue;
            }
            let mut f = Finding::new(Status::Pass, SubjectKind::Endpoint, e.host.clone())
                .evidence(format!("endpoints/{}", e.host));
            if let Some(s) = &e.system_id {
                f = f.units(ctx.snapshot.system_units(s));
            }
            if let Some(u) = &e.unit_code {
                f = f.units(&[ctx.snapshot.unit_ref(u)]);
            }
            let Some(product) = &e.antimalware_product else {
                out(Finding { status: Status::Fail, ..f }
                    .message("Máy tính không cài phần mềm phòng chống mã độc.", "No anti-malware software installed."));
                continue;
            };
            let (mut vi, mut en) = (Vec::new(), Vec::new());
            if e.realtime_protection == Some(false) {
                vi.push("tắt bảo vệ thời gian thực".to_string());
                en.push("real-time protection is off".to_string());
            }
            let updated = e.signatures_updated_at.map(vietnam_date);
            let due = updated.map(|u| u + Duration::days(i64::from(days)));
            let mut f = f.due(due);
            match (updated, due) {
                (Some(u), Some(due)) if ctx.as_of > due => {
                    f = f.overdue_from(due, ctx.as_of);
                    vi.push(format!("mẫu mã độc cập nhật lần cuối ngày {} (quá {days} ngày)", vn_date(u)));
                    en.push(format!("signatures last updated on {u} (older than {days} days)"));
                }
                (None, _) if vi.is_empty() => {
                    out(Finding { status: Status::NoEvidence, ..f }.message(
                        format!("{product}: không có thời điểm cập nhật mẫu mã độc."),
                        format!("{product}: no signature update time."),
                    ));
                    continue;
                }
                _ => {}
            }
            out(if vi.is_empty() {
                let (u, due) = (updated.unwrap_or(ctx.as_of), due.unwrap_or(ctx.as_of));
                f.message(
                    format!(
                        "{product}: mẫu mã độc cập nhật ngày {}; cần cập nhật lại trước {}.",
                        vn_date(u),
                        vn_date(due)
                    ),
                    format!("{product}: signatures updated on {u}; next update due by {due}."),
                )
            } else {
                Finding { status: Status::Fail, ..f }
                    .message(format!("{product}: {}.", vi.join("; ")), format!("{product}: {}.", en.join("; ")))
            });
        }
    }
}

/// Kinds implemented in this file (see `rules::registry`).
pub(super) const KINDS: &[(&str, super::Constructor)] = &[
    ("config_backup_period", |d| Ok(Box::new(ConfigBackupPeriod::from_def(d)?))),
    ("unused_ports_disabled", |d| Ok(Box::new(UnusedPortsDisabled::from_def(d)?))),
    ("antimalware_freshness", |d| Ok(Box::new(AntimalwareFreshness::from_def(d)?))),
];

#[cfg(test)]
#[path = "ops_devices_tests.rs"]
mod tests;
