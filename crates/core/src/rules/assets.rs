//! IT assets (Điều 6), removable media (Điều 10.6) and computers for
//! classified documents (Điều 13.3).
//!
//! > 6.2.a) Giao, gắn trách nhiệm cho cá nhân hoặc tập thể quản lý, sử dụng
//! > tài sản công nghệ thông tin.
//! >
//! > 6.2.c) Tài sản phần cứng có lưu trữ dữ liệu nhạy cảm khi thay đổi mục đích
//! > sử dụng hoặc thanh lý, đơn vị phải thực hiện các biện pháp xóa, tiêu hủy
//! > dữ liệu đó đảm bảo không có khả năng phục hồi. Trường hợp không thể tiêu
//! > hủy được dữ liệu, đơn vị phải thực hiện tiêu hủy cấu phần lưu trữ dữ liệu
//! > trên trang thiết bị công nghệ thông tin đó.
//! >
//! > 6.2.d) Trang thiết bị công nghệ thông tin có bộ phận lưu trữ dữ liệu hoặc
//! > thiết bị lưu trữ dữ liệu khi mang đi bảo hành, bảo dưỡng, sửa chữa bên
//! > ngoài hoặc ngừng sử dụng phải tháo bộ phận lưu trữ khỏi thiết bị hoặc xóa
//! > thông tin, dữ liệu lưu trữ trên thiết bị (trừ trường hợp để khôi phục dữ
//! > liệu).
//! >
//! > 6.2.đ) (…) định kỳ kiểm tra, sửa chữa, bảo trì thiết bị (bao gồm thiết bị
//! > đang hoạt động và thiết bị dự phòng).
//! >
//! > 10.6. (…) Chỉ sử dụng thiết bị lưu trữ di động cho các hoạt động nghiệp vụ,
//! > quản lý khi được sự đồng ý của Lãnh đạo đơn vị. Thực hiện các biện pháp
//! > bảo đảm an ninh, an toàn cho thiết bị lưu trữ di động như quét mã độc định
//! > kỳ, mã hóa dữ liệu.
//! >
//! > 13.3. Các đơn vị Hải quan (…) bố trí máy tính riêng không kết nối mạng, đặt
//! > mật khẩu, mã hóa dữ liệu (…) để soạn thảo, lưu trữ dữ liệu, thông tin và
//! > tài liệu quan trọng ở các mức độ mật, tuyệt mật, tối mật.

use std::collections::HashSet;

use super::obligations::{list, names, recurring};
use super::{Context, Rule};
use crate::evidence::schema_org_a::{ASSET_CATEGORIES, WIPE_METHODS};
use crate::evidence::{
    Asset, AssetCategory, AssetEvent, AssetEventKind, AssetKind, AssetRole, AssetStatus, PersonStatus,
    RemovableMediaApproval,
};
use crate::finding::{vn_date, Finding, Status, SubjectKind};
use crate::rulepack::{Params, RuleDef, RulePackError};

type Problems = Vec<(String, String)>;

/// A finding about an asset, concerning its custodian unit, its custodian's
/// unit and the units of its system.
pub(super) fn asset_finding(ctx: &Context<'_>, a: &Asset, status: Status) -> Finding {
    let s = ctx.snapshot;
    let mut f = Finding::new(status, SubjectKind::Asset, a.asset_id.clone()).evidence(a.evidence_ref());
    if let Some(u) = &a.custodian_unit {
        f = f.units([&s.unit_ref(u)]);
    }
    if let Some(u) = a.custodian_person.as_deref().and_then(|p| s.person_unit(p)) {
        f = f.units([u]);
    }
    if let Some(sys) = &a.system_id {
        f = f.units(s.system_units(sys));
    }
    f
}

/// Whether the asset's system (if any) is covered by the rule's levels.
fn in_scope(ctx: &Context<'_>, a: &Asset) -> bool {
    a.system_id.as_deref().is_none_or(|s| ctx.system_in_scope(s))
}

/// Kind `asset_custodian`: ASSET-CUSTODIAN (Điều 6.2.a). Every asset not
/// disposed of is assigned to a person (still working here) or a unit.
pub struct AssetCustodian;

impl Rule for AssetCustodian {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        let s = ctx.snapshot;
        for a in s.assets.iter().filter(|a| a.status != AssetStatus::Disposed && in_scope(ctx, a)) {
            let mut f = asset_finding(ctx, a, Status::Pass);
            let mut problems: Vec<(String, String)> = Vec::new();
            if let Some(p) = &a.custodian_person {
                match s.person(p) {
                    Some(person) => {
                        f = f.evidence(format!("persons/{p}"));
                        if person.status == PersonStatus::Left {
                            problems
                                .push((format!("cán bộ quản lý {p} đã nghỉ việc"), format!("custodian {p} has left")));
                        }
                    }
                    None if !s.persons.is_empty() => problems.push((
                        format!("cán bộ {p} không có trong dữ liệu nhân sự"),
                        format!("person {p} is not in the HR records"),
                    )),
                    None => {}
                }
            }
            if let Some(u) = &a.custodian_unit {
                if s.unit(u).is_none() && !s.units.is_empty() {
                    problems.push((
                        format!("đơn vị {u} không có trong danh mục đơn vị"),
                        format!("unit {u} is not among the units"),
                    ));
                }
            }
            let who =
                [a.custodian_person.as_deref(), a.custodian_unit.as_deref()].into_iter().flatten().collect::<Vec<_>>();
            out(if who.is_empty() {
                Finding { status: Status::Fail, ..f }.message(
                    "Tài sản chưa được giao cho cá nhân hoặc tập thể quản lý, sử dụng.",
                    "The asset is not assigned to a person or a team.",
                )
            } else if !problems.is_empty() {
                let vi: Vec<&str> = problems.iter().map(|p| p.0.as_str()).collect();
                let en: Vec<&str> = problems.iter().map(|p| p.1.as_str()).collect();
                Finding { status: Status::Fail, ..f }.message(
                    format!("Người/đơn vị quản lý không hợp lệ: {}.", vi.join("; ")),
                    format!("Invalid custodian: {}.", en.join("; ")),
                )
            } else {
                f.message(format!("Giao cho {}.", who.join(", ")), format!("Assigned to {}.", who.join(", ")))
            });
        }
    }
}

/// Hardware with a storage component that may hold sensitive data.
fn holds_data(a: &Asset) -> bool {
    a.kind == AssetKind::Hardware && a.stores_data()
}

fn method_text(e: &AssetEvent) -> (String, String) {
    match (e.storage_removed, e.wipe_method) {
        (Some(true), _) => ("đã tháo bộ phận lưu trữ".into(), "storage removed".into()),
        (_, Some(m)) => (format!("phương pháp xóa \"{}\"", m.as_str()), format!("wipe method \"{}\"", m.as_str())),
        _ => ("không ghi biện pháp xóa dữ liệu".into(), "no wipe recorded".into()),
    }
}

/// Kind `disposal_wipe`: ASSET-DISPOSAL-WIPE (Điều 6.2.c).
pub struct DisposalWipe {
    methods: Vec<String>,
    accept_storage_removed: bool,
}

impl Rule for DisposalWipe {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        let s = ctx.snapshot;
        let mut recorded: HashSet<&str> = HashSet::new();
        for e in &s.asset_events {
            if !matches!(e.event, AssetEventKind::Repurpose | AssetEventKind::Dispose) || e.event_date > ctx.as_of {
                continue;
            }
            recorded.insert(&e.asset_id);
            let asset = s.asset(&e.asset_id);
            if asset.is_some_and(|a| !holds_data(a) || !in_scope(ctx, a)) {
                continue;
            }
            let f = match asset {
                Some(a) => asset_finding(ctx, a, Status::Pass),
                None => Finding::new(Status::Pass, SubjectKind::Asset, e.asset_id.clone()),
            }
            .evidence(e.evidence_ref());
            let what = if e.event == AssetEventKind::Dispose {
                ("Thanh lý", "Disposal")
            } else {
                ("Thay đổi mục đích sử dụng", "Repurposing")
            };
            if asset.is_some_and(|a| a.sensitive_data == Some(false)) {
                out(Finding { status: Status::NotApplicable, ..f }
                    .message("Tài sản không lưu dữ liệu nhạy cảm.", "The asset holds no sensitive data."));
                continue;
            }
            let wiped = e.wipe_method.is_some_and(|m| self.methods.iter().any(|x| x == m.as_str()));
            let removed = self.accept_storage_removed && e.storage_removed == Some(true);
            let (mvi, men) = method_text(e);
            out(if wiped || removed {
                f.message(
                    format!("{} ngày {}: {mvi}.", what.0, vn_date(e.event_date)),
                    format!("{} on {}: {men}.", what.1, e.event_date),
                )
            } else {
                Finding { status: Status::Fail, ..f }.message(
                    format!(
                        "{} ngày {} không có biện pháp xóa, tiêu hủy dữ liệu không thể phục hồi ({mvi}).",
                        what.0,
                        vn_date(e.event_date)
                    ),
                    format!("{} on {} without irrecoverable wiping or destruction ({men}).", what.1, e.event_date),
                )
            });
        }
        // Assets already repurposed or disposed of with no record of how.
        let any = !s.asset_events.is_empty();
        for a in &s.assets {
            if !matches!(a.status, AssetStatus::Repurposed | AssetStatus::Disposed)
                || recorded.contains(a.asset_id.as_str())
                || !holds_data(a)
                || a.sensitive_data == Some(false)
                || !in_scope(ctx, a)
                || a.status_date.is_some_and(|d| d > ctx.as_of)
            {
                continue;
            }
            let f = asset_finding(ctx, a, if any { Status::Fail } else { Status::NoEvidence });
            out(f.message(
                format!(
                    "Tài sản ở tình trạng \"{}\" nhưng không có biên bản xóa, tiêu hủy dữ liệu (asset_events).",
                    a.status.as_str()
                ),
                format!(
                    "The asset is \"{}\" but no wipe or destruction record exists (asset_events).",
                    a.status.as_str()
                ),
            ));
        }
    }
}

/// Kind `repair_storage_removed`: ASSET-REPAIR-STORAGE (Điều 6.2.d).
pub struct RepairStorageRemoved {
    methods: Vec<String>,
}

impl Rule for RepairStorageRemoved {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        let s = ctx.snapshot;
        let mut recorded: HashSet<&str> = HashSet::new();
        for e in s.asset_events.iter().filter(|e| e.event == AssetEventKind::Repair && e.event_date <= ctx.as_of) {
            recorded.insert(&e.asset_id);
            let asset = s.asset(&e.asset_id);
            if asset.is_some_and(|a| !holds_data(a) || !in_scope(ctx, a)) {
                continue;
            }
            let f = match asset {
                Some(a) => asset_finding(ctx, a, Status::Pass),
                None => Finding::new(Status::Pass, SubjectKind::Asset, e.asset_id.clone()),
            }
            .evidence(e.evidence_ref());
            let day = vn_date(e.event_date);
            out(if e.external == Some(false) {
                Finding { status: Status::NotApplicable, ..f }.message(
                    format!("Sửa chữa tại đơn vị ngày {day}."),
                    format!("Repaired in house on {}.", e.event_date),
                )
            } else if e.data_recovery == Some(true) {
                Finding { status: Status::NotApplicable, ..f }.message(
                    format!("Mang đi ngày {day} để khôi phục dữ liệu (ngoại lệ của Điều 6.2.d)."),
                    format!("Sent out on {} to recover its data (the exception of Điều 6.2.d).", e.event_date),
                )
            } else if e.storage_removed == Some(true)
                || e.wipe_method.is_some_and(|m| self.methods.iter().any(|x| x == m.as_str()))
            {
                let (vi, en) = method_text(e);
                f.message(
                    format!("Mang đi sửa chữa ngày {day}: {vi}."),
                    format!("Sent out for repair on {}: {en}.", e.event_date),
                )
            } else {
                let (vi, en) = method_text(e);
                Finding { status: Status::Fail, ..f }.message(
                    format!(
                        "Mang đi sửa chữa bên ngoài ngày {day} mà không tháo bộ phận lưu trữ hoặc xóa dữ liệu ({vi})."
                    ),
                    format!(
                        "Sent out for repair on {} without removing the storage or wiping it ({en}).",
                        e.event_date
                    ),
                )
            });
        }
        let any = !s.asset_events.is_empty();
        for a in &s.assets {
            if a.status != AssetStatus::Repair
                || recorded.contains(a.asset_id.as_str())
                || !holds_data(a)
                || !in_scope(ctx, a)
                || a.status_date.is_some_and(|d| d > ctx.as_of)
            {
                continue;
            }
            out(asset_finding(ctx, a, if any { Status::Fail } else { Status::NoEvidence }).message(
                "Tài sản đang sửa chữa nhưng không có biên bản sửa chữa ghi việc tháo bộ phận lưu trữ hoặc xóa dữ liệu.",
                "The asset is out for repair but no repair record says its storage was removed or wiped.",
            ));
        }
    }
}

/// Kind `maintenance_period`: ASSET-MAINTENANCE (Điều 6.2.đ). Active (and
/// spare) hardware, except `exclude_categories` (removable media by default),
/// is inspected, maintained or repaired at least every `months`.
pub struct MaintenancePeriod {
    months: u32,
    include_spares: bool,
    exclude: Vec<AssetCategory>,
}

impl Rule for MaintenancePeriod {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        let s = ctx.snapshot;
        let any = !s.asset_events.is_empty();
        for a in &s.assets {
            let wanted = a.status == AssetStatus::Active || (self.include_spares && a.status == AssetStatus::Spare);
            let excluded = a.category.is_some_and(|c| self.exclude.contains(&c));
            if a.kind != AssetKind::Hardware || !wanted || excluded || !in_scope(ctx, a) {
                continue;
            }
            let last = s
                .events_of_asset(&a.asset_id)
                .filter(|e| {
                    matches!(e.event, AssetEventKind::Inspection | AssetEventKind::Maintenance | AssetEventKind::Repair)
                        && e.event_date <= ctx.as_of
                })
                .max_by_key(|e| e.event_date);
            let mut f = asset_finding(ctx, a, Status::Pass);
            if let Some(e) = last {
                f = f.evidence(e.evidence_ref());
            }
            out(recurring(
                ctx,
                f,
                last.map(|e| e.event_date),
                a.acquired_on,
                self.months,
                any,
                ("kiểm tra, bảo trì thiết bị", "inspection or maintenance"),
            ));
        }
    }
}

/// Kind `removable_media_approval`: EP-REMOVABLE-MEDIA (Điều 10.6). Each
/// removable device in use is approved by a leader of the user's unit and
/// encrypted.
pub struct RemovableMediaRule {
    leader_markers: Vec<String>,
}

impl RemovableMediaRule {
    fn judge(&self, ctx: &Context<'_>, r: &RemovableMediaApproval) -> Finding {
        let s = ctx.snapshot;
        let mut f = Finding::new(Status::Pass, SubjectKind::RemovableMedia, format!("{}/{}", r.person_id, r.device))
            .evidence(format!("removable_media_approvals/{}/{}", r.person_id, r.device));
        let user = s.person(&r.person_id);
        if let Some(u) = s.person_unit(&r.person_id) {
            f = f.units([u]);
        }
        let (mut bad, mut unknown): (Problems, Problems) = (Vec::new(), Vec::new());
        match (&r.approved_by, r.approved_on.filter(|d| *d <= ctx.as_of)) {
            (None, _) | (_, None) => {
                bad.push(("không có phê duyệt của lãnh đạo đơn vị".into(), "no approval by the unit leader".into()));
            }
            (Some(by), Some(_)) if *by == r.person_id => {
                bad.push(("người dùng tự phê duyệt".into(), "the user approved their own use".into()));
            }
            (Some(by), Some(_)) => match s.person(by) {
                None if !s.persons.is_empty() => bad.push((
                    format!("người phê duyệt {by} không có trong dữ liệu nhân sự"),
                    format!("approver {by} is not in the HR records"),
                )),
                None => {}
                Some(approver) => {
                    let position = approver.position.as_deref().map(str::to_lowercase);
                    if let Some(pos) = &position {
                        if !self.leader_markers.iter().any(|m| pos.contains(m.as_str())) {
                            bad.push((
                                format!("người phê duyệt {by} ({pos}) không phải lãnh đạo đơn vị"),
                                format!("approver {by} ({pos}) is not a unit leader"),
                            ));
                        }
                    }
                    if let (Some(uu), Some(au)) =
                        (user.and_then(|u| u.unit_code.as_deref()), approver.unit_code.as_deref())
                    {
                        if s.unit(uu).is_some() && !s.unit_within(uu, au) {
                            bad.push((
                                format!("người phê duyệt thuộc đơn vị {au}, không phải đơn vị của người dùng ({uu})"),
                                format!("approver belongs to {au}, not to the user's unit ({uu})"),
                            ));
                        }
                    }
                }
            },
        }
        match r.encrypted {
            Some(true) => {}
            Some(false) => bad.push(("dữ liệu không được mã hóa".into(), "data not encrypted".into())),
            None => unknown.push(("mã hóa (encrypted)".into(), "encryption (encrypted)".into())),
        }
        let join = |v: &[(String, String)], vi: bool| {
            v.iter().map(|p| if vi { p.0.as_str() } else { p.1.as_str() }).collect::<Vec<_>>().join("; ")
        };
        if !bad.is_empty() {
            Finding { status: Status::Fail, ..f }.message(
                format!("Thiết bị lưu trữ di động {}: {}.", r.device, join(&bad, true)),
                format!("Removable device {}: {}.", r.device, join(&bad, false)),
            )
        } else if !unknown.is_empty() {
            Finding { status: Status::NoEvidence, ..f }.message(
                format!("Thiết bị {} được lãnh đạo phê duyệt; chưa khai báo: {}.", r.device, join(&unknown, true)),
                format!("Device {} approved by a leader; not declared: {}.", r.device, join(&unknown, false)),
            )
        } else {
            let by = r.approved_by.clone().unwrap_or_default();
            f.message(
                format!("Thiết bị {} được {by} phê duyệt và mã hóa dữ liệu.", r.device),
                format!("Device {} approved by {by} and encrypted.", r.device),
            )
        }
    }
}

impl Rule for RemovableMediaRule {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        let s = ctx.snapshot;
        let mut approved: HashSet<(&str, &str)> = HashSet::new();
        for r in &s.removable_media_approvals {
            if s.person(&r.person_id).is_some_and(|p| p.status == PersonStatus::Left) {
                continue;
            }
            approved.insert((&r.person_id, &r.device));
            out(self.judge(ctx, r));
        }
        // Removable media of the inventory handed to a person with no approval.
        for a in &s.assets {
            if a.category != Some(AssetCategory::RemovableMedia) || a.status != AssetStatus::Active {
                continue;
            }
            let Some(p) = a.custodian_person.as_deref() else { continue };
            if approved.contains(&(p, a.asset_id.as_str()))
                || s.person(p).is_some_and(|x| x.status == PersonStatus::Left)
            {
                continue;
            }
            let f = Finding::new(Status::Fail, SubjectKind::RemovableMedia, format!("{p}/{}", a.asset_id))
                .evidence(a.evidence_ref())
                .units(s.person_unit(p));
            out(f.message(
                format!(
                    "Thiết bị lưu trữ di động {} giao cho {p} nhưng không có phê duyệt của lãnh đạo đơn vị.",
                    a.asset_id
                ),
                format!("Removable device {} is assigned to {p} without the unit leader's approval.", a.asset_id),
            ));
        }
    }
}

/// Kind `secret_pc_airgap`: DATA-SECRET-AIRGAP (Điều 13.3). A computer for
/// classified documents is not networked and encrypts its data.
pub struct SecretPcAirgap;

impl Rule for SecretPcAirgap {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        for a in &ctx.snapshot.assets {
            if !a.has_role(AssetRole::StateSecretPc) || a.status == AssetStatus::Disposed || !in_scope(ctx, a) {
                continue;
            }
            let (mut bad, mut unknown) = (Vec::new(), Vec::new());
            match a.networked {
                Some(true) => bad.push(("có kết nối mạng".to_string(), "networked".to_string())),
                Some(false) => {}
                None => unknown.push(("nối mạng (networked)".to_string(), "networked".to_string())),
            }
            if a.internet_connected == Some(true) {
                bad.push(("có kết nối Internet".into(), "connected to the Internet".into()));
            }
            match a.encrypted {
                Some(true) => {}
                Some(false) => bad.push(("không mã hóa dữ liệu".into(), "data not encrypted".into())),
                None => unknown.push(("mã hóa dữ liệu (encrypted)".into(), "encrypted".into())),
            }
            let vi: Vec<String> = bad.iter().map(|p: &(String, String)| p.0.clone()).collect();
            let en: Vec<String> = bad.iter().map(|p| p.1.clone()).collect();
            let uvi: Vec<String> = unknown.iter().map(|p: &(String, String)| p.0.clone()).collect();
            let uen: Vec<String> = unknown.iter().map(|p| p.1.clone()).collect();
            let f = asset_finding(ctx, a, Status::Pass);
            out(if !bad.is_empty() {
                Finding { status: Status::Fail, ..f }.message(
                    format!("Máy tính soạn thảo, lưu trữ tài liệu mật: {}.", list(&vi)),
                    format!("Computer for classified documents: {}.", list(&en)),
                )
            } else if !unknown.is_empty() {
                Finding { status: Status::NoEvidence, ..f }.message(
                    format!("Máy tính soạn thảo tài liệu mật: chưa khai báo {}.", list(&uvi)),
                    format!("Computer for classified documents: not declared: {}.", list(&uen)),
                )
            } else {
                f.message(
                    "Máy tính soạn thảo, lưu trữ tài liệu mật không nối mạng và mã hóa dữ liệu.",
                    "Computer for classified documents is not networked and encrypts its data.",
                )
            });
        }
    }
}

fn wipe_methods(p: &Params<'_>, name: &str, default: &[&str]) -> Result<Vec<String>, RulePackError> {
    names(p, name, default, WIPE_METHODS)
}

fn disposal_wipe(d: &RuleDef) -> Result<Box<dyn Rule>, RulePackError> {
    let p = Params::of(d);
    Ok(Box::new(DisposalWipe {
        methods: wipe_methods(&p, "irrecoverable_methods", &["overwrite", "crypto_erase", "degauss", "destroyed"])?,
        accept_storage_removed: p.boolean("accept_storage_removed", true)?,
    }))
}

/// Kinds implemented in this file (see `rules::registry`).
pub(super) const KINDS: &[(&str, super::Constructor)] = &[
    ("asset_custodian", |_| Ok(Box::new(AssetCustodian))),
    ("disposal_wipe", disposal_wipe),
    ("repair_storage_removed", |d| {
        let p = Params::of(d);
        Ok(Box::new(RepairStorageRemoved {
            methods: wipe_methods(
                &p,
                "accepted_wipe_methods",
                &["delete", "format", "overwrite", "crypto_erase", "degauss", "destroyed"],
            )?,
        }))
    }),
    ("maintenance_period", |d| {
        let p = Params::of(d);
        names(&p, "exclude_categories", &["removable_media"], ASSET_CATEGORIES)?;
        Ok(Box::new(MaintenancePeriod {
            months: p.uint("months", Some(12))?,
            include_spares: p.boolean("include_spares", true)?,
            exclude: p.enums("exclude_categories", &["removable_media"], AssetCategory::parse)?,
        }))
    }),
    ("removable_media_approval", |d| {
        let markers = Params::of(d)
            .strings("leader_position_markers", &["trưởng", "lãnh đạo", "giám đốc"])?
            .into_iter()
            .map(|m| m.to_lowercase())
            .collect();
        Ok(Box::new(RemovableMediaRule { leader_markers: markers }))
    }),
    ("secret_pc_airgap", |_| Ok(Box::new(SecretPcAirgap))),
];

#[cfg(test)]
#[path = "assets_tests.rs"]
mod tests;
