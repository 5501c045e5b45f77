//! Systems: owner, operator, security unit and the approved security level
//! (Điều 5).
//!
//! > 5.5.b) Thẩm quyền thẩm định và phê duyệt cấp độ:
//! > - Đơn vị chuyên trách về an toàn thông tin của chủ quản hệ thống thông tin
//! >   thực hiện thẩm định, phê duyệt hồ sơ đề xuất cấp độ đối với hệ thống
//! >   thông tin được đề xuất là cấp độ 1 hoặc cấp độ 2.
//! > - Đối với hệ thống thông tin được đề xuất là cấp độ 3: (…) Chủ quản hệ
//! >   thống thông tin phê duyệt hồ sơ đề xuất cấp độ.
//! > - Đối với các hệ thống thông tin được đề xuất cấp độ 4, 5: Việc đề xuất cấp
//! >   độ, thẩm định, phê duyệt cấp độ thực hiện theo quy định tại khoản 2 Điều 6
//! >   của Quyết định 201/QĐ-BTC.

use super::{Context, Rule};
use crate::evidence::{LevelStatus, System, UnitRole};
use crate::finding::{vn_date, Finding, Status, SubjectKind};
use crate::rulepack::{Params, RuleDef, RulePackError};

fn system_finding(ctx: &Context<'_>, s: &System, status: Status) -> Finding {
    Finding::new(status, SubjectKind::System, s.system_id.clone())
        .evidence(format!("systems/{}", s.system_id))
        .units(ctx.snapshot.system_units(&s.system_id))
}

fn in_scope<'a>(ctx: &'a Context<'_>) -> impl Iterator<Item = &'a System> + 'a {
    ctx.snapshot.systems.iter().filter(move |s| ctx.def.applies_to_level(s.level))
}

/// Kind `level_approved`: SYS-LEVEL-APPROVED (Điều 5.5, 5.10: the protection
/// plan is deployed after the level dossier is approved). A system in
/// operation has an approved level.
pub struct LevelApproved;

impl Rule for LevelApproved {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        in_scope(ctx)
            .map(|s| {
                let f = system_finding(ctx, s, Status::Pass);
                if !s.in_operation {
                    return Finding { status: Status::NotApplicable, ..f }
                        .message("Hệ thống chưa đưa vào vận hành.", "System not in operation.");
                }
                match (s.level, s.level_status) {
                    (Some(level), Some(LevelStatus::Approved)) => {
                        let on = s.level_approved_on.map(|d| format!(" ngày {}", vn_date(d))).unwrap_or_default();
                        let on_en = s.level_approved_on.map(|d| format!(" on {d}")).unwrap_or_default();
                        f.message(
                            format!("Cấp độ {level} đã được phê duyệt{on}."),
                            format!("Level {level} approved{on_en}."),
                        )
                    }
                    (None, Some(LevelStatus::Approved)) => Finding { status: Status::Fail, ..f }.message(
                        "Hệ thống đang vận hành được ghi là đã phê duyệt nhưng không có cấp độ.",
                        "System in operation is marked approved but has no level.",
                    ),
                    (_, status) => {
                        let st = status.map_or("chưa có hồ sơ", |s| match s {
                            LevelStatus::Proposed => "mới đề xuất",
                            LevelStatus::Appraised => "đã thẩm định, chưa phê duyệt",
                            LevelStatus::Approved => "đã phê duyệt",
                        });
                        let st_en = status.map_or("no dossier", LevelStatus::as_str);
                        Finding { status: Status::Fail, ..f }.message(
                            format!("Hệ thống đang vận hành chưa được phê duyệt cấp độ ({st})."),
                            format!("System in operation has no approved security level ({st_en})."),
                        )
                    }
                }
            })
            .for_each(out)
    }
}

/// Who must approve a level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Authority {
    /// The system's security unit (chuyên trách ATTT of the owner).
    SecurityUnit,
    /// The system's owner (chủ quản).
    Owner,
    /// A unit with role `ministry` (Bộ Tài chính, QĐ 201/QĐ-BTC).
    Ministry,
    /// A unit with role `central_it_security`.
    CentralItSecurity,
}

impl Authority {
    fn parse(s: &str) -> Option<Self> {
        match s {
            "security_unit" => Some(Authority::SecurityUnit),
            "owner" => Some(Authority::Owner),
            "ministry" => Some(Authority::Ministry),
            "central_it_security" => Some(Authority::CentralItSecurity),
            _ => None,
        }
    }

    fn describe(self) -> (&'static str, &'static str) {
        match self {
            Authority::SecurityUnit => ("đơn vị chuyên trách ATTT của chủ quản", "the owner's IT-security unit"),
            Authority::Owner => ("chủ quản hệ thống", "the system owner"),
            Authority::Ministry => ("Bộ Tài chính", "the Ministry of Finance"),
            Authority::CentralItSecurity => ("Cục CNTT&TK", "the central IT-security unit"),
        }
    }
}

/// Kind `level_authority`: SYS-LEVEL-AUTHORITY (Điều 5.5.b). The unit that
/// approved the level is the one the article names for that level.
pub struct LevelAuthority {
    by_level: [Option<Authority>; 5],
}

impl LevelAuthority {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        let mut by_level = [
            Some(Authority::SecurityUnit),
            Some(Authority::SecurityUnit),
            Some(Authority::Owner),
            Some(Authority::Ministry),
            Some(Authority::Ministry),
        ];
        if let Some(table) = Params::of(def).table("authority")? {
            for (key, value) in table {
                let level = key.parse::<usize>().ok().filter(|l| (1..=5).contains(l));
                let authority = value.as_str().and_then(Authority::parse);
                match (level, authority) {
                    (Some(l), Some(a)) => by_level[l - 1] = Some(a),
                    _ => {
                        return Err(RulePackError::rule(
                            &def.id,
                            format!("authority.{key} = {value:?}: cấp độ 1-5 → security_unit | owner | ministry | central_it_security"),
                            format!("authority.{key} = {value:?}: level 1-5 → security_unit | owner | ministry | central_it_security"),
                        ))
                    }
                }
            }
        }
        Ok(LevelAuthority { by_level })
    }
}

impl Rule for LevelAuthority {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        in_scope(ctx)
            .filter_map(|s| {
                let level = s.level?;
                if s.level_status != Some(LevelStatus::Approved) {
                    return None; // SYS-LEVEL-APPROVED reports unapproved systems
                }
                let authority = self.by_level.get(usize::from(level).saturating_sub(1)).copied().flatten()?;
                let (who_vi, who_en) = authority.describe();
                let f = system_finding(ctx, s, Status::Pass);
                let Some(approver) = s.level_approved_by.as_deref() else {
                    return Some(Finding { status: Status::Fail, ..f }.message(
                        format!("Không ghi đơn vị phê duyệt cấp độ {level}; thẩm quyền là {who_vi}."),
                        format!("No approving unit recorded for level {level}; the authority is {who_en}."),
                    ));
                };
                let f = f.evidence(format!("units/{approver}"));
                let expected: Result<bool, &str> = match authority {
                    Authority::SecurityUnit => s.security_unit.as_deref().map(|u| u == approver).ok_or("security_unit"),
                    Authority::Owner => s.owner_unit.as_deref().map(|u| u == approver).ok_or("owner_unit"),
                    Authority::Ministry | Authority::CentralItSecurity => {
                        let role = if authority == Authority::Ministry {
                            UnitRole::Ministry
                        } else {
                            UnitRole::CentralItSecurity
                        };
                        ctx.snapshot.unit(approver).map(|u| u.roles.contains(&role)).ok_or("units")
                    }
                };
                Some(match expected {
                    Ok(true) => f.message(
                        format!("Cấp độ {level} do {approver} ({who_vi}) phê duyệt, đúng thẩm quyền."),
                        format!("Level {level} approved by {approver} ({who_en}), the right authority."),
                    ),
                    Ok(false) => Finding { status: Status::Fail, ..f }.message(
                        format!("Cấp độ {level} do {approver} phê duyệt; thẩm quyền phê duyệt là {who_vi}."),
                        format!("Level {level} approved by {approver}; the approving authority is {who_en}."),
                    ),
                    Err(missing) => Finding { status: Status::NoEvidence, ..f }.message(
                        format!(
                            "Không xác định được {who_vi} để đối chiếu đơn vị phê duyệt {approver} (thiếu {missing})."
                        ),
                        format!("Cannot tell {who_en} to compare with approver {approver} (missing {missing})."),
                    ),
                })
            })
            .for_each(out)
    }
}

/// Kind `system_roles`: SYS-ROLES (Điều 5.2-5.4). Every system names its
/// owner, operator and IT-security unit, and (when units are imported) those
/// units exist.
pub struct SystemRoles;

impl Rule for SystemRoles {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        let check_units = !ctx.snapshot.units.is_empty();
        in_scope(ctx)
            .map(|s| {
                let mut missing_vi = Vec::new();
                let mut missing_en = Vec::new();
                for (value, vi, en) in [
                    (&s.owner_unit, "chủ quản", "owner"),
                    (&s.operator_unit, "đơn vị vận hành", "operator"),
                    (&s.security_unit, "đơn vị chuyên trách ATTT", "IT-security unit"),
                ] {
                    match value.as_deref() {
                        None => {
                            missing_vi.push(format!("thiếu {vi}"));
                            missing_en.push(format!("no {en}"));
                        }
                        Some(code) if check_units && ctx.snapshot.unit(code).is_none() => {
                            missing_vi.push(format!("{vi} {code} không có trong danh mục đơn vị"));
                            missing_en.push(format!("{en} {code} is not a known unit"));
                        }
                        Some(_) => {}
                    }
                }
                let f = system_finding(ctx, s, Status::Pass);
                if missing_vi.is_empty() {
                    f.message(
                        "Hệ thống xác định đủ chủ quản, đơn vị vận hành và đơn vị chuyên trách ATTT.",
                        "System names its owner, operator and IT-security unit.",
                    )
                } else {
                    Finding { status: Status::Fail, ..f }.message(
                        format!("Hệ thống {}: {}.", s.system_id, missing_vi.join("; ")),
                        format!("System {}: {}.", s.system_id, missing_en.join("; ")),
                    )
                }
            })
            .for_each(out)
    }
}

/// Kinds implemented in this file (see `rules::registry`).
pub(super) const KINDS: &[(&str, super::Constructor)] = &[
    ("level_approved", |_| Ok(Box::new(LevelApproved))),
    ("level_authority", |d| Ok(Box::new(LevelAuthority::from_def(d)?))),
    ("system_roles", |_| Ok(Box::new(SystemRoles))),
];

#[cfg(test)]
#[path = "systems_tests.rs"]
mod tests;
