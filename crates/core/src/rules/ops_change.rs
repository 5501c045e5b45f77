//! Changes to systems (Điều 21) and the level review they trigger (Điều 5.9).
//!
//! > 21.1. Thực hiện ghi chép lại các thay đổi; lập kế hoạch thay đổi; thực
//! > hiện kiểm tra. thử nghiệm sự thay đổi, báo cáo kết quả; phê duyệt kế hoạch
//! > thay đổi trước khi áp dụng chính thức thay đổi phiên bản phần mềm, cấu
//! > hình phần cứng, tham số phần mềm hệ thống, quy trình vận hành. Có phương
//! > án dự phòng cho việc phục hồi hệ thống trong trường hợp thực hiện thay đổi
//! > không thành công hoặc gặp các sự cố không có khả năng dự tính trước.
//! >
//! > 21.2. Kiểm tra, đánh giá tác động để bảo đảm hệ thống thông tin hoạt động
//! > ổn định, an toàn trên môi trường mới đối với hệ thống thông tin từ mức độ
//! > 2 trở lên khi thay đổi phiên bản hoặc thay đổi hệ Điều hành, cơ sở dữ
//! > liệu, phần mềm lớp giữa.
//! >
//! > 5.9. Khi thực hiện nâng cấp, mở rộng, thay thế một phần hệ thống thông
//! > tin, phải rà soát cấp độ, phương án bảo đảm an toàn hệ thống thông tin của
//! > hệ thống thông tin và thực hiện điều chỉnh, bổ sung hoặc thay mới hồ sơ đề
//! > xuất cấp độ trong trường hợp cần thiết.

use chrono::Duration;

use super::ops_common::names_param;
use super::{Context, Rule};
use crate::evidence::schema_ops::CHANGE_KINDS as CHANGE_KIND_NAMES;
use crate::evidence::{Change, ChangeKind};
use crate::finding::{vn_date, Finding, Status, SubjectKind};
use crate::rulepack::{Params, RuleDef, RulePackError};

fn change_finding(ctx: &Context<'_>, c: &Change, status: Status) -> Finding {
    Finding::new(status, SubjectKind::Change, c.change_id.clone())
        .evidence(c.evidence_ref())
        .evidence(format!("systems/{}", c.system_id))
        .units(ctx.snapshot.system_units(&c.system_id))
}

fn not_applied(f: Finding) -> Finding {
    Finding { status: Status::NotApplicable, ..f }
        .message("Thay đổi chưa được áp dụng chính thức.", "Change not applied in production yet.")
}

fn kinds_param(p: &Params<'_>, name: &str, default: &[&str]) -> Result<Vec<ChangeKind>, RulePackError> {
    Ok(names_param(p, name, default, CHANGE_KIND_NAMES)?.iter().filter_map(|k| ChangeKind::parse(k)).collect())
}

const CONTROL_FIELDS: &[&str] = &["plan", "test", "test_report", "approval_before_apply", "rollback_plan"];

/// Kind `change_control`: CHG-CONTROLLED (Điều 21.1). Every change applied
/// by the as-of date had a plan, a test before it was applied, a test
/// report, an approval (approver and date) on or before the day it was
/// applied, and a rollback plan (`required_fields` chooses among these).
pub struct ChangeControl {
    required: Vec<String>,
}

impl ChangeControl {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        Ok(ChangeControl {
            required: names_param(&Params::of(def), "required_fields", CONTROL_FIELDS, CONTROL_FIELDS)?,
        })
    }

    fn judge(&self, ctx: &Context<'_>, c: &Change) -> Finding {
        let f = change_finding(ctx, c, Status::Pass);
        let Some(applied) = c.applied_by(ctx.as_of) else { return not_applied(f) };
        let mut vi: Vec<String> = Vec::new();
        let mut en: Vec<String> = Vec::new();
        for field in &self.required {
            match field.as_str() {
                "plan" if c.plan.is_none() => {
                    vi.push("không có kế hoạch thay đổi".into());
                    en.push("no change plan".into());
                }
                "test" => match c.tested_on {
                    None => {
                        vi.push("không kiểm tra thử nghiệm".into());
                        en.push("not tested".into());
                    }
                    Some(t) if t > applied => {
                        vi.push(format!("kiểm tra thử nghiệm ngày {} sau khi áp dụng", vn_date(t)));
                        en.push(format!("tested on {t}, after it was applied"));
                    }
                    Some(_) => {}
                },
                "test_report" if c.test_report.is_none() => {
                    vi.push("không có báo cáo kết quả thử nghiệm".into());
                    en.push("no test report".into());
                }
                "approval_before_apply" => {
                    match c.approved_on {
                        None => {
                            vi.push("kế hoạch thay đổi chưa được phê duyệt".into());
                            en.push("change plan not approved".into());
                        }
                        Some(a) if a > applied => {
                            vi.push(format!("phê duyệt ngày {}, sau khi áp dụng", vn_date(a)));
                            en.push(format!("approved on {a}, after it was applied"));
                        }
                        Some(_) => {}
                    }
                    if c.approved_on.is_some() && c.approved_by.is_none() {
                        vi.push("không ghi người phê duyệt".into());
                        en.push("approver not recorded".into());
                    }
                }
                "rollback_plan" if c.rollback_plan.is_none() => {
                    vi.push("không có phương án phục hồi".into());
                    en.push("no rollback plan".into());
                }
                _ => {}
            }
        }
        if vi.is_empty() {
            f.message(
                format!(
                    "Thay đổi áp dụng ngày {} có kế hoạch, kiểm tra thử nghiệm, báo cáo, phê duyệt trước và phương án phục hồi.",
                    vn_date(applied)
                ),
                format!("Change applied on {applied} was planned, tested, reported, approved beforehand and has a rollback plan."),
            )
        } else {
            Finding { status: Status::Fail, ..f }.message(
                format!("Thay đổi áp dụng ngày {}: {}.", vn_date(applied), vi.join("; ")),
                format!("Change applied on {applied}: {}.", en.join("; ")),
            )
        }
    }
}

impl Rule for ChangeControl {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        ctx.snapshot
            .changes
            .iter()
            .filter(|c| ctx.system_in_scope(&c.system_id))
            .map(|c| self.judge(ctx, c))
            .for_each(out)
    }
}

/// Kind `change_impact_assessment`: CHG-IMPACT (Điều 21.2). A change of a
/// kind in `change_targets` (OS, database, middleware) on a system of the
/// rule's levels has an impact assessment. Other changes give no finding.
pub struct ChangeImpact {
    targets: Vec<ChangeKind>,
}

impl ChangeImpact {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        Ok(ChangeImpact {
            targets: kinds_param(&Params::of(def), "change_targets", &["os", "database", "middleware"])?,
        })
    }
}

impl Rule for ChangeImpact {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        for c in ctx.snapshot.changes.iter().filter(|c| ctx.system_in_scope(&c.system_id)) {
            let hit: Vec<&str> = c.kinds.iter().filter(|k| self.targets.contains(k)).map(|k| k.as_str()).collect();
            if hit.is_empty() {
                continue;
            }
            let f = change_finding(ctx, c, Status::Pass);
            let what = hit.join(", ");
            out(match (c.applied_by(ctx.as_of), &c.impact_assessment) {
                (None, _) => not_applied(f),
                (Some(_), Some(doc)) => f.message(
                    format!("Thay đổi {what} có đánh giá tác động ({doc})."),
                    format!("The {what} change has an impact assessment ({doc})."),
                ),
                (Some(applied), None) => Finding { status: Status::Fail, ..f }.message(
                    format!("Thay đổi {what} áp dụng ngày {} không có đánh giá tác động.", vn_date(applied)),
                    format!("The {what} change applied on {applied} has no impact assessment."),
                ),
            });
        }
    }
}

/// Kind `level_review_after_change`: SYS-LEVEL-REVIEW (Điều 5.9). A change
/// of a kind in `trigger_change_kinds` (upgrade, expansion, partial
/// replacement) has its level review (`level_reviewed_on`) by `due` = the day
/// it is applied + `max_days_after_apply`.
pub struct LevelReviewAfterChange {
    triggers: Vec<ChangeKind>,
    max_days: u32,
}

impl LevelReviewAfterChange {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        let p = Params::of(def);
        Ok(LevelReviewAfterChange {
            triggers: kinds_param(&p, "trigger_change_kinds", &["upgrade", "expansion", "replacement"])?,
            max_days: p.uint("max_days_after_apply", Some(0))?,
        })
    }
}

impl Rule for LevelReviewAfterChange {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        for c in ctx.snapshot.changes.iter().filter(|c| ctx.system_in_scope(&c.system_id)) {
            let hit: Vec<&str> = c.kinds.iter().filter(|k| self.triggers.contains(k)).map(|k| k.as_str()).collect();
            if hit.is_empty() {
                continue;
            }
            let what = hit.join(", ");
            let f = change_finding(ctx, c, Status::Pass);
            let due = c.applied_on.map(|a| a + Duration::days(i64::from(self.max_days)));
            let reviewed = c.level_reviewed_on.filter(|&r| r <= ctx.as_of);
            let f = f.due(due);
            out(match (reviewed, due) {
                (Some(r), Some(due)) if r > due => Finding { status: Status::Fail, ..f }.overdue_from(due, r).message(
                    format!("Thay đổi ({what}) rà soát cấp độ muộn, ngày {} (hạn {}).", vn_date(r), vn_date(due)),
                    format!("Level review for the change ({what}) done late, on {r} (due by {due})."),
                ),
                (Some(r), _) => f.message(
                    format!("Thay đổi ({what}) đã rà soát cấp độ, phương án bảo đảm an toàn ngày {}.", vn_date(r)),
                    format!("Level and protection plan reviewed for the change ({what}) on {r}."),
                ),
                (None, Some(due)) if ctx.as_of > due => {
                    Finding { status: Status::Fail, ..f }.overdue_from(due, ctx.as_of).message(
                        format!(
                            "Thay đổi ({what}) chưa rà soát cấp độ, phương án bảo đảm an toàn; hạn {}.",
                            vn_date(due)
                        ),
                        format!("No level review for the change ({what}); it was due by {due}."),
                    )
                }
                (None, Some(due)) => Finding { status: Status::Pending, ..f }.message(
                    format!("Thay đổi ({what}) cần rà soát cấp độ, phương án bảo đảm an toàn trước {}.", vn_date(due)),
                    format!("The change ({what}) needs a level review by {due}."),
                ),
                (None, None) => Finding { status: Status::Pending, ..f }.message(
                    format!("Thay đổi ({what}) chưa áp dụng; cần rà soát cấp độ khi thực hiện."),
                    format!("The change ({what}) is not applied yet; the level must be reviewed when it is."),
                ),
            });
        }
    }
}

/// Kinds implemented in this file (see `rules::registry`).
pub(super) const KINDS: &[(&str, super::Constructor)] = &[
    ("change_control", |d| Ok(Box::new(ChangeControl::from_def(d)?))),
    ("change_impact_assessment", |d| Ok(Box::new(ChangeImpact::from_def(d)?))),
    ("level_review_after_change", |d| Ok(Box::new(LevelReviewAfterChange::from_def(d)?))),
];

#[cfg(test)]
#[path = "ops_change_tests.rs"]
mod tests;
