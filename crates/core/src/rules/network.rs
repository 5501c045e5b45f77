//! Internet connections (Điều 9.3).
//!
//! > 9.3.d) Không kết nối Internet cho các trường hợp sau: - Máy tính sử dụng
//! > để đọc, soạn thảo, lưu trữ, in ấn văn bản thuộc bí mật nhà nước; - Máy
//! > tính xử lý thông tin trên hệ thống thông tin cấp độ 4 trở lên; - Máy tính
//! > phục vụ quản trị hệ thống thông tin; - Toàn bộ máy chủ và thiết bị công
//! > nghệ thông tin không phải máy tính ngoại trừ các hệ thống bắt buộc phải có
//! > giao tiếp với Internet (…).
//! >
//! > 9.3.đ) Truy cập mạng, ứng dụng nội bộ từ Internet phải thực hiện xác thực
//! > đa yếu tố hoặc qua mạng riêng ảo VPN.
//! >
//! > 9.3.e) Mạng riêng hoặc mạng không dây chỉ phục vụ truy cập Internet phải
//! > được cách ly với mạng làm việc (từ vùng mạng riêng hoặc mạng không dây
//! > này không truy cập được vào vùng mạng làm việc).

use std::collections::VecDeque;

use super::access::system_finding;
use super::assets::asset_finding;
use super::obligations::names;
use super::{Context, Rule};
use crate::evidence::schema_org_a::{ACCESS_METHODS, ASSET_ROLES, ZONE_KINDS};
use crate::evidence::{AccessTarget, Asset, AssetCategory, AssetKind, AssetRole, AssetStatus, ZoneKind};
use crate::finding::{Finding, Status, SubjectKind};
use crate::fxhash::FxHashMap;
use crate::rulepack::{Params, RuleDef, RulePackError};

/// Kind `no_internet_connectivity`: NET-NO-INTERNET (Điều 9.3.d).
pub struct NoInternet {
    restricted: Vec<AssetRole>,
    non_pc_devices: bool,
    pc_min_level: u8,
    exempt: Vec<AssetRole>,
}

impl NoInternet {
    /// Why the asset must not reach the Internet, and whether the
    /// "must face the Internet" exemption can apply (only to servers and
    /// other non-computer devices).
    fn restriction(&self, ctx: &Context<'_>, a: &Asset) -> Option<(String, String, bool)> {
        if let Some(r) = a.roles.iter().find(|r| self.restricted.contains(r) && **r != AssetRole::Server) {
            let (vi, en) = match r {
                AssetRole::StateSecretPc => ("Máy tính xử lý văn bản mật", "Computer for state-secret documents"),
                AssetRole::AdminPc => ("Máy tính quản trị hệ thống", "System administration computer"),
                AssetRole::HighLevelPc => {
                    ("Máy tính xử lý thông tin hệ thống cấp độ 4 trở lên", "Computer processing a level 4+ system")
                }
                _ => (r.as_str(), r.as_str()),
            };
            return Some((format!("{vi} ({})", r.as_str()), format!("{en} ({})", r.as_str()), false));
        }
        if a.is_pc() {
            let level = a.system_id.as_deref().and_then(|s| ctx.snapshot.system(s)).and_then(|s| s.level);
            return level.filter(|l| *l >= self.pc_min_level).map(|l| {
                (format!("Máy tính của hệ thống cấp độ {l}"), format!("Computer of a level {l} system"), false)
            });
        }
        let server = a.category == Some(AssetCategory::Server) || a.has_role(AssetRole::Server);
        if server && self.restricted.contains(&AssetRole::Server) {
            return Some(("Máy chủ".into(), "Server".into(), true));
        }
        let device = a.kind == AssetKind::Hardware
            && matches!(
                a.category,
                Some(
                    AssetCategory::NetworkDevice
                        | AssetCategory::SecurityDevice
                        | AssetCategory::StorageDevice
                        | AssetCategory::Printer
                        | AssetCategory::OtherHardware
                )
            );
        (device && self.non_pc_devices)
            .then(|| ("Thiết bị CNTT không phải máy tính".into(), "Non-computer IT device".into(), true))
    }
}

impl Rule for NoInternet {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        for a in &ctx.snapshot.assets {
            if a.kind != AssetKind::Hardware
                || a.status != AssetStatus::Active
                || a.system_id.as_deref().is_some_and(|s| !ctx.system_in_scope(s))
            {
                continue;
            }
            let Some((vi, en, exemptable)) = self.restriction(ctx, a) else { continue };
            let f = asset_finding(ctx, a, Status::Pass);
            if exemptable {
                if let Some(r) = a.roles.iter().find(|r| self.exempt.contains(r)) {
                    out(Finding { status: Status::NotApplicable, ..f }.message(
                        format!("{vi} bắt buộc giao tiếp với Internet ({}).", r.as_str()),
                        format!("{en} that must face the Internet ({}).", r.as_str()),
                    ));
                    continue;
                }
            }
            out(match (a.networked, a.internet_connected) {
                (_, Some(true)) => Finding { status: Status::Fail, ..f }
                    .message(format!("{vi} có kết nối Internet."), format!("{en} is connected to the Internet.")),
                (Some(false), _) | (_, Some(false)) => {
                    f.message(format!("{vi} không kết nối Internet."), format!("{en} has no Internet connection."))
                }
                (_, None) => Finding { status: Status::NoEvidence, ..f }.message(
                    format!("{vi}: chưa khai báo kết nối Internet (internet_connected)."),
                    format!("{en}: Internet connection not declared (internet_connected)."),
                ),
            });
        }
    }
}

/// Kind `remote_access_mfa`: NET-REMOTE-MFA (Điều 9.3.đ).
pub struct RemoteAccessMfa {
    accepted: Vec<String>,
}

impl Rule for RemoteAccessMfa {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        let s = ctx.snapshot;
        for p in s.access_paths.iter().filter(|p| p.from_internet && ctx.system_in_scope(&p.system_id)) {
            let f = Finding::new(Status::Pass, SubjectKind::AccessPath, p.path_id.clone())
                .evidence(format!("access_paths/{}", p.path_id))
                .units(s.system_units(&p.system_id));
            let methods = p.methods.join(", ");
            out(if p.target == AccessTarget::PublicService {
                Finding { status: Status::NotApplicable, ..f }.message(
                    format!(
                        "Dịch vụ công khai trên Internet của hệ thống {}, không phải mạng/ứng dụng nội bộ.",
                        p.system_id
                    ),
                    format!("Public Internet service of {}, not an internal network or application.", p.system_id),
                )
            } else if p.methods.iter().any(|m| self.accepted.contains(m)) {
                f.message(
                    format!("Truy cập {} từ Internet qua: {methods}.", p.system_id),
                    format!("Access to {} from the Internet through: {methods}.", p.system_id),
                )
            } else {
                Finding { status: Status::Fail, ..f }.message(
                    format!(
                        "Truy cập {} từ Internet chỉ qua: {methods}; phải xác thực đa yếu tố hoặc qua VPN.",
                        p.system_id
                    ),
                    format!(
                        "Access to {} from the Internet only through: {methods}; MFA or VPN required.",
                        p.system_id
                    ),
                )
            });
        }
        // Internet-facing systems that declare no access path.
        for sys in s.systems.iter().filter(|x| x.in_operation && x.internet_facing && ctx.def.applies_to_level(x.level))
        {
            if s.access_paths_of(&sys.system_id).next().is_none() {
                out(system_finding(ctx, &sys.system_id, Status::NoEvidence).message(
                    "Hệ thống kết nối Internet nhưng không khai báo đường truy cập (access_paths).",
                    "Internet-facing system with no declared access path (access_paths).",
                ));
            }
        }
    }
}

/// Kind `network_isolation`: NET-GUEST-ISOLATED (Điều 9.3.e). No chain of
/// allowed flows leads from an Internet-only zone to a protected zone. Flows
/// out of the Internet itself are not followed (reaching the work network
/// from the Internet is NET-REMOTE-MFA's concern).
pub struct NetworkIsolation {
    isolated: Vec<ZoneKind>,
    protected: Vec<ZoneKind>,
}

impl Rule for NetworkIsolation {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        let s = ctx.snapshot;
        let mut next: FxHashMap<&str, Vec<&str>> = FxHashMap::default();
        for fl in s.zone_flows.iter().filter(|f| f.allow) {
            next.entry(fl.from_zone.as_str()).or_default().push(&fl.to_zone);
        }
        for z in s.network_zones.iter().filter(|z| self.isolated.contains(&z.kind)) {
            let mut f = Finding::new(Status::Pass, SubjectKind::NetworkZone, z.zone_id.clone())
                .evidence(format!("network_zones/{}", z.zone_id));
            if let Some(u) = &z.unit_code {
                f = f.units([&s.unit_ref(u)]);
            }
            if s.zone_flows.is_empty() {
                out(Finding { status: Status::NoEvidence, ..f }.message(
                    "Chưa nhập luồng kết nối giữa các vùng mạng (zone_flows).",
                    "No flows between zones imported (zone_flows).",
                ));
                continue;
            }
            // Breadth-first search, remembering where each zone was reached from.
            let mut from: FxHashMap<&str, &str> = FxHashMap::default();
            let mut queue: VecDeque<&str> = VecDeque::from([z.zone_id.as_str()]);
            let mut reached = None;
            while let Some(cur) = queue.pop_front() {
                let kind = s.zone(cur).map(|x| x.kind);
                if cur != z.zone_id && kind.is_some_and(|k| self.protected.contains(&k)) {
                    reached = Some(cur);
                    break;
                }
                if cur != z.zone_id && kind == Some(ZoneKind::Internet) {
                    continue;
                }
                for &n in next.get(cur).into_iter().flatten() {
                    if n != z.zone_id && !from.contains_key(n) {
                        from.insert(n, cur);
                        queue.push_back(n);
                    }
                }
            }
            out(match reached {
                Some(target) => {
                    let mut path = vec![target];
                    let mut cur = target;
                    while let Some(&p) = from.get(cur) {
                        path.push(p);
                        cur = p;
                        if p == z.zone_id {
                            break;
                        }
                    }
                    path.reverse();
                    let path = path.join(" → ");
                    let kind = s.zone(target).map_or("", |x| x.kind.as_str());
                    Finding { status: Status::Fail, ..f }.message(
                        format!(
                            "Từ vùng mạng chỉ truy cập Internet {} truy cập được vùng {target} ({kind}): {path}.",
                            z.zone_id
                        ),
                        format!("Internet-only zone {} can reach zone {target} ({kind}): {path}.", z.zone_id),
                    )
                }
                None => f.message(
                    format!("Vùng mạng chỉ truy cập Internet {} được cách ly với mạng làm việc.", z.zone_id),
                    format!("Internet-only zone {} is isolated from the work network.", z.zone_id),
                ),
            });
        }
    }
}

fn roles(p: &Params<'_>, name: &str, default: &[&str]) -> Result<Vec<AssetRole>, RulePackError> {
    names(p, name, default, ASSET_ROLES)?;
    p.enums(name, default, AssetRole::parse)
}

fn zone_kinds(p: &Params<'_>, name: &str, default: &[&str]) -> Result<Vec<ZoneKind>, RulePackError> {
    names(p, name, default, ZONE_KINDS)?;
    p.enums(name, default, ZoneKind::parse)
}

fn no_internet(d: &RuleDef) -> Result<Box<dyn Rule>, RulePackError> {
    let p = Params::of(d);
    let level = p.uint("pc_system_min_level", Some(4))?;
    Ok(Box::new(NoInternet {
        restricted: roles(&p, "restricted_roles", &["state_secret_pc", "admin_pc", "high_level_pc", "server"])?,
        non_pc_devices: p.boolean("restrict_non_pc_devices", true)?,
        pc_min_level: u8::try_from(level).unwrap_or(u8::MAX),
        exempt: roles(
            &p,
            "exempt_roles",
            &["internet_access_gateway", "public_website", "public_service", "email", "update_server"],
        )?,
    }))
}

/// Kinds implemented in this file (see `rules::registry`).
pub(super) const KINDS: &[(&str, super::Constructor)] = &[
    ("no_internet_connectivity", no_internet),
    ("remote_access_mfa", |d| {
        let p = Params::of(d);
        Ok(Box::new(RemoteAccessMfa { accepted: names(&p, "accepted_methods", &["mfa", "vpn"], ACCESS_METHODS)? }))
    }),
    ("network_isolation", |d| {
        let p = Params::of(d);
        Ok(Box::new(NetworkIsolation {
            isolated: zone_kinds(&p, "isolated_kinds", &["internet_only"])?,
            protected: zone_kinds(&p, "protected_kinds", &["work", "server", "management"])?,
        }))
    }),
];

#[cfg(test)]
#[path = "network_tests.rs"]
mod tests;
