//! Backups (Điều 15).
//!
//! > Điều 15. Quản lý sao lưu dự phòng (Backup)
//! > 1. Lập danh sách hệ thống thông tin theo mức độ quan trọng cần được sao
//! >    lưu, kèm theo thời gian lưu trữ, định kỳ sao lưu, phương pháp sao lưu và
//! >    thời gian kiểm tra phục hồi hệ thống từ dữ liệu sao lưu.
//! > 2. Dữ liệu của các hệ thống thông tin từ mức độ 2 trở lên phải có phương án
//! >    tự động sao lưu phù hợp với tần suất thay đổi của dữ liệu và bảo đảm
//! >    nguyên tắc dữ liệu phát sinh phải được sao lưu trong vòng 24 giờ. Dữ liệu
//! >    sao lưu phải được lưu trữ ra phương tiện lưu trữ ngoài (như băng từ, đĩa
//! >    cứng, đĩa quang hoặc phương tiện lưu trữ khác) và cất giữ, bảo quản an
//! >    toàn tách rời với khu vực lắp đặt hệ thống thông tin nguồn.
//! > 3. Đối với hệ thống thông tin từ mức độ 2 trở lên phải kiểm tra, phục hồi
//! >    dữ liệu sao lưu từ phương tiện lưu trữ ngoài tối thiểu 3 (ba) tháng một
//! >    lần.

use chrono::{DateTime, Duration, Utc};

use super::ops_common::{
    judge_recurring, months_text, names_param, not_operating, operating, system_finding, systems_in_scope, Recurring,
};
use super::recency::add_months;
use super::{Context, Rule};
use crate::evidence::{BackupFrequency, BackupRun, Medium, RestoreResult, System};
use crate::finding::{vn_date, Finding, Status};
use crate::rulepack::{Params, RuleDef, RulePackError};
use crate::vietnam_date;

const PLAN_FIELDS: &[&str] = &["retention", "frequency", "method", "restore_test_schedule"];

/// Kind `backup_plan`: BAK-PLAN (Điều 15.1; for level ≥ `automatic_min_level`
/// also the plan side of 15.2). Every system in operation is on the backup
/// list with retention, frequency, method and restore-test interval; from
/// level 2 the plan is automatic, at least daily, and copies to an external
/// medium stored apart.
pub struct BackupPlanRule {
    required: Vec<String>,
    automatic_min_level: u8,
}

impl BackupPlanRule {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        let p = Params::of(def);
        Ok(BackupPlanRule {
            required: names_param(&p, "required_fields", PLAN_FIELDS, PLAN_FIELDS)?,
            automatic_min_level: u8::try_from(p.uint("automatic_min_level", Some(2))?).unwrap_or(u8::MAX),
        })
    }

    fn judge(&self, ctx: &Context<'_>, s: &System) -> Finding {
        let f = system_finding(ctx, s, Status::Pass);
        if !operating(s, ctx.as_of) {
            return not_operating(f, s);
        }
        let Some(plan) = ctx.snapshot.backup_plan(&s.system_id) else {
            return Finding { status: Status::Fail, ..f }.message(
                "Hệ thống không có trong danh sách sao lưu (không có kế hoạch sao lưu).",
                "System is not on the backup list (no backup plan).",
            );
        };
        let f = f.evidence(format!("backup_plans/{}", s.system_id));
        let mut vi = Vec::new();
        let mut en = Vec::new();
        for field in &self.required {
            let (missing, fvi, fen) = match field.as_str() {
                "retention" => (plan.retention_days.is_none(), "thời gian lưu trữ", "retention"),
                "frequency" => (plan.frequency.is_none(), "định kỳ sao lưu", "frequency"),
                "method" => (plan.method.is_none(), "phương pháp sao lưu", "method"),
                _ => (plan.restore_test_months.is_none(), "thời gian kiểm tra phục hồi", "restore-test interval"),
            };
            if missing {
                vi.push(format!("thiếu {fvi}"));
                en.push(format!("no {fen}"));
            }
        }
        // 15.2 applies from level 2; a system of unknown level is judged as if it did.
        if s.level.is_none_or(|l| l >= self.automatic_min_level) {
            if plan.automatic != Some(true) {
                vi.push("không sao lưu tự động".into());
                en.push("not automatic".into());
            }
            if matches!(plan.frequency, Some(BackupFrequency::Weekly | BackupFrequency::Monthly)) {
                let fr = plan.frequency.map_or("", BackupFrequency::as_str);
                vi.push(format!("định kỳ {fr} không bảo đảm sao lưu trong vòng 24 giờ"));
                en.push(format!("a {fr} frequency cannot back up new data within 24 hours"));
            }
            match plan.external_medium {
                None | Some(Medium::None) => {
                    vi.push("không lưu ra phương tiện lưu trữ ngoài".into());
                    en.push("no external medium".into());
                }
                Some(_) if plan.stored_apart != Some(true) => {
                    vi.push("phương tiện lưu trữ ngoài không cất giữ tách rời khu vực hệ thống nguồn".into());
                    en.push("external media not stored apart from the source site".into());
                }
                Some(_) => {}
            }
        }
        if vi.is_empty() {
            f.message(
                "Kế hoạch sao lưu có đủ thời gian lưu trữ, định kỳ, phương pháp và thời gian kiểm tra phục hồi.",
                "Backup plan states retention, frequency, method and restore-test interval.",
            )
        } else {
            Finding { status: Status::Fail, ..f }
                .message(format!("Kế hoạch sao lưu: {}.", vi.join("; ")), format!("Backup plan: {}.", en.join("; ")))
        }
    }
}

impl Rule for BackupPlanRule {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        systems_in_scope(ctx).map(|s| self.judge(ctx, s)).for_each(out)
    }
}

/// Kind `backup_freshness`: BAK-24H (Điều 15.2). The newest run that counts
/// (completed; automatic and copied to an external medium when the pack
/// requires it) started at most `max_age_hours` before the end of the as-of
/// date: `due` is the Vietnam date of its start plus `max_age_hours`.
pub struct BackupFreshness {
    max_age_hours: u32,
    require_automatic: bool,
    require_external_media: bool,
}

impl BackupFreshness {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        let p = Params::of(def);
        Ok(BackupFreshness {
            max_age_hours: p.uint("max_age_hours", Some(24))?,
            require_automatic: p.boolean("require_automatic", true)?,
            require_external_media: p.boolean("require_external_media", true)?,
        })
    }

    fn counts(&self, r: &BackupRun, ctx: &Context<'_>) -> bool {
        r.completed()
            && vietnam_date(r.started_at) <= ctx.as_of
            && (!self.require_automatic || r.automatic == Some(true))
            && (!self.require_external_media || r.external_copy_at.is_some_and(|c| vietnam_date(c) <= ctx.as_of))
    }

    fn due_after(&self, t: DateTime<Utc>) -> chrono::NaiveDate {
        vietnam_date(t + Duration::hours(i64::from(self.max_age_hours)))
    }

    /// Why the newest completed run does not count.
    fn why_not(&self, r: &BackupRun, ctx: &Context<'_>) -> (String, String) {
        let on = vn_date(vietnam_date(r.started_at));
        let on_en = vietnam_date(r.started_at);
        if self.require_automatic && r.automatic != Some(true) {
            (format!("lần sao lưu ngày {on} không tự động"), format!("the run of {on_en} was not automatic"))
        } else if self.require_external_media && r.external_copy_at.is_none_or(|c| vietnam_date(c) > ctx.as_of) {
            (
                format!("lần sao lưu ngày {on} chưa được chép ra phương tiện lưu trữ ngoài"),
                format!("the run of {on_en} was not copied to an external medium"),
            )
        } else {
            (format!("lần sao lưu ngày {on}"), format!("the run of {on_en}"))
        }
    }
}

impl Rule for BackupFreshness {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        let hours = self.max_age_hours;
        let period = (format!("{hours} giờ"), format!("{hours} hours"));
        for s in systems_in_scope(ctx) {
            let f = system_finding(ctx, s, Status::Pass);
            if !operating(s, ctx.as_of) {
                out(not_operating(f, s));
                continue;
            }
            let runs = || ctx.snapshot.backup_runs_of(&s.system_id);
            let best = runs().filter(|r| self.counts(r, ctx)).max_by_key(|r| r.started_at);
            let newest_completed = runs()
                .filter(|r| r.completed() && vietnam_date(r.started_at) <= ctx.as_of)
                .max_by_key(|r| r.started_at);
            let mut f = f;
            if let Some(r) = best {
                f = f.evidence(r.evidence_ref());
            }
            let what = match (self.require_automatic, self.require_external_media) {
                (true, true) => {
                    ("Sao lưu tự động, chép ra phương tiện lưu trữ ngoài", "Automatic backup copied to external media")
                }
                (true, false) => ("Sao lưu tự động", "Automatic backup"),
                (false, true) => ("Sao lưu chép ra phương tiện lưu trữ ngoài", "Backup copied to external media"),
                (false, false) => ("Sao lưu", "Backup"),
            };
            let r = Recurring { what, period: period.clone() };
            // Go-live at 00:00 Vietnam time: the first backup is due `hours` later.
            let mut finding = judge_recurring(
                ctx,
                f,
                best.map(|r| vietnam_date(r.started_at)),
                |d| match best {
                    Some(r) => self.due_after(r.started_at),
                    None => d + Duration::days(i64::from(hours) / 24),
                },
                s.in_operation_since,
                &r,
            );
            if let Some(n) = newest_completed.filter(|n| best.is_none_or(|b| n.started_at > b.started_at)) {
                let (vi, en) = self.why_not(n, ctx);
                finding = finding.evidence(n.evidence_ref());
                finding.message_vi.push_str(&format!(" Lưu ý: {vi}."));
                finding.message_en.push_str(&format!(" Note: {en}."));
            }
            out(finding);
        }
    }
}

/// Kind `restore_test_recency`: BAK-RESTORE-TEST (Điều 15.3). A successful
/// restore from an external medium at least every `months` months.
pub struct RestoreTestRecency {
    months: u32,
}

impl RestoreTestRecency {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        Ok(RestoreTestRecency { months: Params::of(def).uint("months", Some(3))? })
    }
}

impl Rule for RestoreTestRecency {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        let r = Recurring {
            what: (
                "Kiểm tra phục hồi thành công từ phương tiện lưu trữ ngoài",
                "Successful restore test from external media",
            ),
            period: months_text(self.months),
        };
        for s in systems_in_scope(ctx) {
            let f = system_finding(ctx, s, Status::Pass);
            if !operating(s, ctx.as_of) {
                out(not_operating(f, s));
                continue;
            }
            let tests = || ctx.snapshot.restore_tests_of(&s.system_id).filter(|t| t.tested_on <= ctx.as_of);
            let best = tests()
                .filter(|t| t.result == RestoreResult::Success && t.from_external_medium == Some(true))
                .max_by_key(|t| t.tested_on);
            let latest = tests().max_by_key(|t| t.tested_on);
            let mut f = f;
            if let Some(t) = best {
                f = f.evidence(t.evidence_ref());
            }
            let mut finding = judge_recurring(
                ctx,
                f,
                best.map(|t| t.tested_on),
                |d| add_months(d, self.months),
                s.in_operation_since,
                &r,
            );
            if let Some(t) = latest.filter(|t| best.is_none_or(|b| t.tested_on > b.tested_on)) {
                let (vi, en) = if t.from_external_medium != Some(true) {
                    ("không phục hồi từ phương tiện lưu trữ ngoài", "not restored from external media")
                } else if t.result == RestoreResult::Partial {
                    ("chỉ phục hồi được một phần", "only partly restored")
                } else {
                    ("không phục hồi được", "the restore failed")
                };
                finding = finding.evidence(t.evidence_ref());
                finding.message_vi.push_str(&format!(" Lần kiểm tra ngày {} {vi}.", vn_date(t.tested_on)));
                finding.message_en.push_str(&format!(" The test of {}: {en}.", t.tested_on));
            }
            out(finding);
        }
    }
}

/// Kinds implemented in this file (see `rules::registry`).
pub(super) const KINDS: &[(&str, super::Constructor)] = &[
    ("backup_plan", |d| Ok(Box::new(BackupPlanRule::from_def(d)?))),
    ("backup_freshness", |d| Ok(Box::new(BackupFreshness::from_def(d)?))),
    ("restore_test_recency", |d| Ok(Box::new(RestoreTestRecency::from_def(d)?))),
];

#[cfg(test)]
#[path = "ops_backup_tests.rs"]
mod tests;
