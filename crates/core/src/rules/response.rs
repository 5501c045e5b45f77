//! Monitoring, alerts, incident response and reports (Điều 28-30, 32).
//!
//! > 28.2. Đối tượng giám sát bắt buộc: Hệ thống thông tin từ cấp độ 3 trở
//! > lên. 28.3. Thời gian giám sát tối thiểu: Giám sát 24 giờ/ngày và 7
//! > ngày/tuần đối với hệ thống cấp độ 4, 5; Giám sát trong giờ làm việc đối
//! > với hệ thống cấp độ 3.
//! >
//! > 29.1. Đơn vị chuyên trách về an toàn thông tin cử 01 lãnh đạo đơn vị
//! > chuyên trách an toàn thông tin và 01 cán bộ thuộc đơn vị chuyên trách về
//! > an toàn thông tin làm đầu mối tiếp nhận cảnh báo (…)
//! >
//! > 30.3.b) Kế hoạch ứng phó sự cố được rà soát và điều chỉnh hàng năm (nếu
//! > cần thiết) trước ngày 31 tháng 10 (…)
//! >
//! > 30.4.a) [Diễn tập] Chủ quản hệ thống thông tin tổ chức diễn tập ứng cứu
//! > sự cố theo kế hoạch ứng phó sự cố được phê duyệt.
//! >
//! > 30.4.b) Khi xảy ra sự cố an toàn thông tin mạng thuộc loại hình tấn công
//! > mạng, đơn vị vận hành hệ thống thông tin thực hiện báo cáo theo quy định
//! > tại Điểm a Khoản 1 Điều 11 Quyết định 05/2017/QĐ-TTg và Điều 9 Thông tư
//! > 20/2017/TT-BTTTT, đồng thời báo cáo Cục CNTT&TK Hải quan (…)
//! >
//! > 32.3.a) (…) gửi Cục CNTT&TK Hải quan trước ngày 01 tháng 11 hàng năm
//! > (…) trước ngày 01 tháng 6 và 01 tháng 12 hàng năm (…)
//!
//! "Trước ngày D" (before day D) is met on D − 1 at the latest: the pack's
//! `due_day_month = "01/11"` makes 31/10 the last day, `"31/10"` makes it 30/10.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};

use super::{Context, Rule};
use crate::evidence::schema_vendors_ir::Period;
use crate::evidence::{FocalRole, IncidentType, MonitoringCoverage, PersonStatus, ReportKind, System, UnitRole};
use crate::finding::{vn_date, Finding, Status, SubjectKind};
use crate::rulepack::{Params, RuleDef, RulePackError};
use crate::vietnam_date;

fn unit_finding(ctx: &Context<'_>, unit: &str, status: Status) -> Finding {
    let mut f = Finding::new(status, SubjectKind::Unit, unit.to_string()).units([&ctx.snapshot.unit_ref(unit)]);
    if ctx.snapshot.unit(unit).is_some() {
        f = f.evidence(format!("units/{unit}"));
    }
    f
}

fn system_finding(ctx: &Context<'_>, s: &System, status: Status) -> Finding {
    Finding::new(status, SubjectKind::System, s.system_id.clone())
        .evidence(format!("systems/{}", s.system_id))
        .units(ctx.snapshot.system_units(&s.system_id))
}

// ─────────────────────────────────────────────────────────────────────────────
// Yearly deadlines ("trước ngày DD/MM hàng năm")
// ─────────────────────────────────────────────────────────────────────────────

/// One or more yearly deadlines, each the last day allowed (the day before
/// the "trước ngày" date of the pack), sorted in the year.
#[derive(Debug, Clone)]
struct Yearly {
    /// (month, day) of "trước ngày" dates, sorted.
    before: Vec<(u32, u32)>,
}

/// One occurrence of a yearly obligation: (year, index of the deadline in the year).
type Cycle = (i32, usize);

impl Yearly {
    fn from_params(def: &RuleDef) -> Result<Self, RulePackError> {
        let p = Params::of(def);
        let mut texts = Vec::new();
        if p.table.contains_key("due_day_month") {
            texts.push(p.string("due_day_month", None)?);
        }
        if p.table.contains_key("due_day_months") {
            texts.extend(p.strings("due_day_months", &[])?);
        }
        if texts.is_empty() {
            return Err(RulePackError::rule(
                &def.id,
                "thiếu tham số due_day_month (\"DD/MM\")",
                "missing parameter due_day_month (\"DD/MM\")",
            ));
        }
        let mut before = Vec::new();
        for t in &texts {
            let parsed = t
                .split_once('/')
                .and_then(|(d, m)| Some((m.trim().parse::<u32>().ok()?, d.trim().parse::<u32>().ok()?)));
            match parsed {
                // Checked against a leap year so 29/02 is accepted.
                Some((m, d)) if NaiveDate::from_ymd_opt(2024, m, d).is_some() => before.push((m, d)),
                _ => {
                    return Err(RulePackError::rule(
                        &def.id,
                        format!("due_day_month \"{t}\" không phải ngày DD/MM"),
                        format!("due_day_month \"{t}\" is not a DD/MM day"),
                    ))
                }
            }
        }
        before.sort_unstable();
        before.dedup();
        Ok(Yearly { before })
    }

    /// The last day allowed for a cycle.
    fn deadline(&self, (year, i): Cycle) -> NaiveDate {
        let (m, d) = self.before.get(i).copied().unwrap_or((1, 1));
        // 29/02 in a common year falls back to 01/03.
        let day = NaiveDate::from_ymd_opt(year, m, d)
            .or_else(|| NaiveDate::from_ymd_opt(year, m + 1, 1))
            .unwrap_or(NaiveDate::MIN);
        day.pred_opt().unwrap_or(day)
    }

    fn next(&self, (year, i): Cycle) -> Cycle {
        if i + 1 < self.before.len() {
            (year, i + 1)
        } else {
            (year + 1, 0)
        }
    }

    fn prev(&self, (year, i): Cycle) -> Cycle {
        if i > 0 {
            (year, i - 1)
        } else {
            (year - 1, self.before.len().saturating_sub(1))
        }
    }

    /// The open cycle on `day`: the first whose deadline is on or after it.
    fn current(&self, day: NaiveDate) -> Cycle {
        let mut c = (day.year() - 1, 0);
        // At most a few steps: the deadlines of two years cover any day.
        for _ in 0..(3 * self.before.len() + 3) {
            if self.deadline(c) >= day {
                break;
            }
            c = self.next(c);
        }
        c
    }
}

/// How a yearly obligation stands on the as-of date, given when each cycle
/// was met (the earliest completion date of the cycle, on or before as-of).
struct YearlyVerdict {
    status: Status,
    due: NaiveDate,
    overdue_until: Option<NaiveDate>,
    /// The cycle judged, and the date it was met, if it was.
    judged: Cycle,
    done: Option<NaiveDate>,
}

fn judge_yearly(y: &Yearly, as_of: NaiveDate, done: impl Fn(Cycle) -> Option<NaiveDate>) -> YearlyVerdict {
    let cur = y.current(as_of);
    if let Some(d) = done(cur) {
        return YearlyVerdict {
            status: Status::Pass,
            due: y.deadline(y.next(cur)),
            overdue_until: None,
            judged: cur,
            done: Some(d),
        };
    }
    let prev = y.prev(cur);
    let prev_deadline = y.deadline(prev);
    match done(prev) {
        Some(d) if d <= prev_deadline => YearlyVerdict {
            status: Status::Pass,
            due: y.deadline(cur),
            overdue_until: None,
            judged: prev,
            done: Some(d),
        },
        Some(d) => YearlyVerdict {
            status: Status::Fail,
            due: prev_deadline,
            overdue_until: Some(d),
            judged: prev,
            done: Some(d),
        },
        None => YearlyVerdict {
            status: Status::Fail,
            due: prev_deadline,
            overdue_until: Some(as_of),
            judged: prev,
            done: None,
        },
    }
}

// ─────────────────────────────────────────────────────────────────────────────
// MON-COVERAGE (Điều 28.2-3)
// ─────────────────────────────────────────────────────────────────────────────

/// Kind `monitoring_coverage`: MON-COVERAGE.
pub struct MonitoringCoverageRule {
    /// Coverage required by level.
    by_level: BTreeMap<u8, MonitoringCoverage>,
}

impl MonitoringCoverageRule {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        let p = Params::of(def);
        let mut by_level = BTreeMap::new();
        match p.table("coverage_by_level")? {
            Some(t) => {
                for (k, v) in t {
                    let level = k.parse::<u8>().ok().filter(|l| (1..=5).contains(l));
                    let cov = v.as_str().and_then(MonitoringCoverage::parse);
                    match (level, cov) {
                        (Some(l), Some(c)) => {
                            by_level.insert(l, c);
                        }
                        _ => {
                            return Err(RulePackError::rule(
                                &def.id,
                                format!("coverage_by_level: \"{k}\" = {v:?} không hợp lệ (cấp độ 1-5 = none | working_hours | 24x7)"),
                                format!("coverage_by_level: invalid \"{k}\" = {v:?} (level 1-5 = none | working_hours | 24x7)"),
                            ))
                        }
                    }
                }
            }
            None => {
                by_level.insert(3, MonitoringCoverage::WorkingHours);
                by_level.insert(4, MonitoringCoverage::TwentyFourSeven);
                by_level.insert(5, MonitoringCoverage::TwentyFourSeven);
            }
        }
        Ok(MonitoringCoverageRule { by_level })
    }
}

fn coverage_vi(c: MonitoringCoverage) -> &'static str {
    match c {
        MonitoringCoverage::None => "không giám sát",
        MonitoringCoverage::WorkingHours => "giám sát trong giờ làm việc",
        MonitoringCoverage::TwentyFourSeven => "giám sát 24/7",
    }
}

impl Rule for MonitoringCoverageRule {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        let snap = ctx.snapshot;
        let declared = !snap.monitoring.is_empty();
        for s in snap.systems.iter().filter(|s| ctx.def.applies_to_level(s.level)) {
            let required = s.level.and_then(|l| self.by_level.get(&l).copied());
            if s.level.is_some() && required.is_none() {
                continue; // a level the pack lists but maps to nothing: not judged
            }
            let mut f = system_finding(ctx, s, Status::Pass);
            if !s.in_operation {
                out(Finding { status: Status::NotApplicable, ..f }
                    .message("Hệ thống chưa đưa vào vận hành.", "System not in operation."));
                continue;
            }
            let m = snap.monitoring_of(&s.system_id);
            if let Some(m) = m {
                f = f.evidence(format!("monitoring/{}", m.system_id));
            }
            let level = s.level.map_or_else(|| "?".to_string(), |l| l.to_string());
            out(match (m, required) {
                (None, _) if !declared => Finding { status: Status::NoEvidence, ..f }.message(
                    "Chưa có dữ liệu giám sát (monitoring) để đánh giá.",
                    "No monitoring declarations to judge from.",
                ),
                (None, Some(req)) => Finding { status: Status::Fail, ..f }.message(
                    format!("Hệ thống cấp độ {level} không có trong danh sách giám sát; yêu cầu {}.", coverage_vi(req)),
                    format!(
                        "Level {level} system is not among the monitoring declarations; {} required.",
                        req.as_str()
                    ),
                ),
                (None, None) => Finding { status: Status::NoEvidence, ..f }.message(
                    "Hệ thống chưa xác định cấp độ và không có trong danh sách giám sát.",
                    "System has no level and is not among the monitoring declarations.",
                ),
                (Some(m), Some(req)) if m.coverage >= req => f.message(
                    format!(
                        "Hệ thống cấp độ {level}: {} (yêu cầu tối thiểu: {}).",
                        coverage_vi(m.coverage),
                        coverage_vi(req)
                    ),
                    format!("Level {level} system: {} (minimum {}).", m.coverage.as_str(), req.as_str()),
                ),
                (Some(m), Some(req)) => Finding { status: Status::Fail, ..f }.message(
                    format!(
                        "Hệ thống cấp độ {level}: {}; yêu cầu tối thiểu {}.",
                        coverage_vi(m.coverage),
                        coverage_vi(req)
                    ),
                    format!("Level {level} system: {}; at least {} required.", m.coverage.as_str(), req.as_str()),
                ),
                // Unknown level: the strongest requirement of the pack decides.
                (Some(m), None) => {
                    let strongest = self.by_level.values().copied().max().unwrap_or(MonitoringCoverage::None);
                    if m.coverage >= strongest {
                        f.message(
                            format!("Hệ thống chưa xác định cấp độ, {} (đáp ứng mọi cấp độ).", coverage_vi(m.coverage)),
                            format!("System without a level, {} (enough for any level).", m.coverage.as_str()),
                        )
                    } else {
                        Finding { status: Status::NoEvidence, ..f }.message(
                            format!(
                                "Hệ thống chưa xác định cấp độ, {}: không xác định được yêu cầu giám sát.",
                                coverage_vi(m.coverage)
                            ),
                            format!(
                                "System without a level, {}: the monitoring required cannot be told.",
                                m.coverage.as_str()
                            ),
                        )
                    }
                }
            });
        }
    }
}

// ─────────────────────────────────────────────────────────────────────────────
// ALERT-FOCAL-POINTS (Điều 29.1)
// ─────────────────────────────────────────────────────────────────────────────

/// Kind `alert_focal_points`: ALERT-FOCAL-POINTS. Each IT-security unit (a
/// unit with the role `security_unit`, or named as a system's
/// `security_unit`) has, on the as-of date, at least `leaders` leaders and
/// `officers` officers named as alert focal points. A person known to have
/// left, or known to belong to a unit outside the security unit's subtree,
/// does not count.
pub struct AlertFocalPoints {
    leaders: u32,
    officers: u32,
}

impl AlertFocalPoints {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        let p = Params::of(def);
        Ok(AlertFocalPoints { leaders: p.uint("leaders", Some(1))?, officers: p.uint("officers", Some(1))? })
    }
}

/// Whether `unit` is `root` or below it (walking up `parent_code`, cycles tolerated).
fn within(ctx: &Context<'_>, unit: &str, root: &str) -> bool {
    let mut cur = unit;
    for _ in 0..64 {
        if cur == root {
            return true;
        }
        match ctx.snapshot.unit(cur).and_then(|u| u.parent_code.as_deref()) {
            Some(p) => cur = p,
            None => return false,
        }
    }
    false
}

/// Security units: by role, then as named by systems, in evidence order.
fn security_units(ctx: &Context<'_>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for u in &ctx.snapshot.units {
        if u.roles.contains(&UnitRole::SecurityUnit) && seen.insert(u.code.clone()) {
            out.push(u.code.clone());
        }
    }
    for s in &ctx.snapshot.systems {
        if let Some(u) = &s.security_unit {
            if ctx.def.applies_to_level(s.level) && seen.insert(u.clone()) {
                out.push(u.clone());
            }
        }
    }
    out
}

impl Rule for AlertFocalPoints {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        let snap = ctx.snapshot;
        let declared = !snap.focal_points.is_empty();
        for unit in security_units(ctx) {
            let mut f = unit_finding(ctx, &unit, Status::Pass);
            if !declared {
                out(Finding { status: Status::NoEvidence, ..f }.message(
                    "Chưa có dữ liệu đầu mối tiếp nhận cảnh báo (focal_points) để đánh giá.",
                    "No alert focal point designations (focal_points) to judge from.",
                ));
                continue;
            }
            let (mut leaders, mut officers) = (Vec::new(), Vec::new());
            let mut discounted = Vec::new();
            let mut discounted_en = Vec::new();
            for fp in snap.focal_points_of(&unit).filter(|fp| fp.in_force_on(ctx.as_of)) {
                f = f.evidence(format!("focal_points/{}/{}", fp.unit_code, fp.person_id));
                let person = snap.person(&fp.person_id);
                if person.is_some_and(|p| p.status == PersonStatus::Left) {
                    discounted.push(format!("{} (đã nghỉ việc)", fp.person_id));
                    discounted_en.push(format!("{} (has left)", fp.person_id));
                    continue;
                }
                if let Some(pu) = person.and_then(|p| p.unit_code.as_deref()) {
                    if !within(ctx, pu, &unit) {
                        discounted.push(format!("{} (thuộc đơn vị {pu})", fp.person_id));
                        discounted_en.push(format!("{} (belongs to {pu})", fp.person_id));
                        continue;
                    }
                }
                match fp.role {
                    FocalRole::Leader => leaders.push(fp.person_id.clone()),
                    FocalRole::Officer => officers.push(fp.person_id.clone()),
                }
            }
            let ok = leaders.len() >= self.leaders as usize && officers.len() >= self.officers as usize;
            let names = |v: &[String]| if v.is_empty() { "-".to_string() } else { v.join(", ") };
            let (dvi, den) = if discounted.is_empty() {
                (String::new(), String::new())
            } else {
                (
                    format!(" Không tính: {}.", discounted.join(", ")),
                    format!(" Not counted: {}.", discounted_en.join(", ")),
                )
            };
            out(if ok {
                f.message(
                    format!(
                        "Đầu mối tiếp nhận cảnh báo: lãnh đạo {}; cán bộ {}.{dvi}",
                        names(&leaders),
                        names(&officers)
                    ),
                    format!("Alert focal points: leader(s) {}; officer(s) {}.{den}", names(&leaders), names(&officers)),
                )
            } else {
                Finding { status: Status::Fail, ..f }.message(
                    format!(
                        "Đơn vị chuyên trách phải cử {} lãnh đạo và {} cán bộ làm đầu mối tiếp nhận cảnh báo; hiện có {} lãnh đạo ({}), {} cán bộ ({}).{dvi}",
                        self.leaders,
                        self.officers,
                        leaders.len(),
                        names(&leaders),
                        officers.len(),
                        names(&officers)
                    ),
                    format!(
                        "The security unit must name {} leader(s) and {} officer(s) as alert focal points; it has {} leader(s) ({}), {} officer(s) ({}).{den}",
                        self.leaders,
                        self.officers,
                        leaders.len(),
                        names(&leaders),
                        officers.len(),
                        names(&officers)
                    ),
                )
            });
        }
    }
}

// ─────────────────────────────────────────────────────────────────────────────
// IR-PLAN-REVIEW (Điều 30.3)
// ─────────────────────────────────────────────────────────────────────────────

/// Units that must have an incident response plan: the operators of
/// in-operation systems in scope, then units that have a plan, in evidence order.
fn plan_units(ctx: &Context<'_>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for s in ctx.snapshot.systems.iter().filter(|s| s.in_operation && ctx.def.applies_to_level(s.level)) {
        if let Some(u) = &s.operator_unit {
            if seen.insert(u.clone()) {
                out.push(u.clone());
            }
        }
    }
    for p in &ctx.snapshot.ir_plans {
        if seen.insert(p.unit_code.clone()) {
            out.push(p.unit_code.clone());
        }
    }
    out
}

/// Kind `plan_review_deadline`: IR-PLAN-REVIEW. Each unit's incident
/// response plan is reviewed every calendar year on or before the day before
/// `due_day_month`. Every `reviewed_on` of the unit's plan rows counts as a
/// review in its year; an approval alone does not (the review before 31/10
/// is due every year, whenever the plan was adopted).
pub struct PlanReviewDeadline {
    yearly: Yearly,
}

impl PlanReviewDeadline {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        let yearly = Yearly::from_params(def)?;
        if yearly.before.len() != 1 {
            return Err(RulePackError::rule(
                &def.id,
                "cần đúng một due_day_month",
                "exactly one due_day_month is needed",
            ));
        }
        Ok(PlanReviewDeadline { yearly })
    }
}

impl Rule for PlanReviewDeadline {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        let snap = ctx.snapshot;
        let declared = !snap.ir_plans.is_empty();
        for unit in plan_units(ctx) {
            let mut f = unit_finding(ctx, &unit, Status::Pass);
            let mut reviews: Vec<NaiveDate> = Vec::new();
            let mut has_plan = false;
            for p in snap.ir_plans_of(&unit) {
                has_plan = true;
                f = f.evidence(format!("ir_plans/{}", p.plan_id));
                reviews.extend(p.reviewed_on.filter(|d| *d <= ctx.as_of));
            }
            if !declared {
                out(Finding { status: Status::NoEvidence, ..f }.message(
                    "Chưa có dữ liệu kế hoạch ứng phó sự cố (ir_plans) để đánh giá.",
                    "No incident response plans (ir_plans) to judge from.",
                ));
                continue;
            }
            if !has_plan {
                out(Finding { status: Status::Fail, ..f }.message(
                    "Đơn vị vận hành hệ thống thông tin chưa có kế hoạch ứng phó sự cố.",
                    "The unit operates information systems but has no incident response plan.",
                ));
                continue;
            }
            let v = judge_yearly(&self.yearly, ctx.as_of, |(year, _)| {
                reviews.iter().copied().filter(|d| d.year() == year).min()
            });
            let year = v.judged.0;
            let f = Finding { status: v.status, due: Some(v.due), ..f };
            out(match (v.status, v.done) {
                (Status::Pass, Some(d)) => f.message(
                    format!(
                        "Kế hoạch ứng phó sự cố năm {year} được rà soát ngày {}; hạn rà soát tiếp theo {}.",
                        vn_date(d),
                        vn_date(v.due)
                    ),
                    format!("Incident response plan for {year} reviewed on {d}; next review due by {}.", v.due),
                ),
                (_, Some(d)) => f.overdue_from(v.due, v.overdue_until.unwrap_or(d)).message(
                    format!(
                        "Kế hoạch ứng phó sự cố năm {year} được rà soát muộn, ngày {} (hạn {}).",
                        vn_date(d),
                        vn_date(v.due)
                    ),
                    format!("Incident response plan for {year} reviewed late, on {d} (deadline {}).", v.due),
                ),
                (_, None) => f.overdue_from(v.due, v.overdue_until.unwrap_or(ctx.as_of)).message(
                    format!("Kế hoạch ứng phó sự cố chưa được rà soát trong năm {year} (hạn {}).", vn_date(v.due)),
                    format!("Incident response plan not reviewed in {year} (deadline {}).", v.due),
                ),
            });
        }
    }
}

// ─────────────────────────────────────────────────────────────────────────────
// IR-DRILL (Điều 30.4.a)
// ─────────────────────────────────────────────────────────────────────────────

/// Kind `drill_schedule`: IR-DRILL. A unit with an approved incident
/// response plan holds a drill at least every `drill_every_months` months
/// (the schedule of its latest approved plan), counted from its last drill
/// held, or from the approval of its first plan.
pub struct DrillSchedule;

impl Rule for DrillSchedule {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        let snap = ctx.snapshot;
        let as_of = ctx.as_of;
        let mut units = Vec::new();
        let mut seen = BTreeSet::new();
        for p in &snap.ir_plans {
            if seen.insert(p.unit_code.as_str()) {
                units.push(p.unit_code.as_str());
            }
        }
        for unit in units {
            let mut f = unit_finding(ctx, unit, Status::Pass);
            let approved: Vec<_> =
                snap.ir_plans_of(unit).filter(|p| p.approved_on.is_some_and(|d| d <= as_of)).collect();
            // The plan in force: the latest approved (the last one in evidence order on a tie).
            let Some(current) = approved.iter().copied().max_by_key(|p| p.approved_on) else {
                out(Finding { status: Status::NoEvidence, ..f }.message(
                    "Kế hoạch ứng phó sự cố chưa được phê duyệt: không có lịch diễn tập để đánh giá.",
                    "No approved incident response plan: no drill schedule to judge against.",
                ));
                continue;
            };
            f = f.evidence(format!("ir_plans/{}", current.plan_id));
            let Some(every) = current.drill_every_months else {
                out(Finding { status: Status::NoEvidence, ..f }.message(
                    format!("Kế hoạch {} không ghi chu kỳ diễn tập (drill_every_months).", current.plan_id),
                    format!("Plan {} gives no drill schedule (drill_every_months).", current.plan_id),
                ));
                continue;
            };
            let first_approval = approved.iter().filter_map(|p| p.approved_on).min().unwrap_or(as_of);
            let last = snap.drills_of(unit).filter(|d| d.held() && d.date <= as_of).max_by_key(|d| d.date);
            if let Some(d) = last {
                f = f.evidence(format!("drills/{}", d.drill_id));
            }
            let base = last.map_or(first_approval, |d| d.date.max(first_approval));
            let due = super::recency::add_months(base, every);
            let (last_vi, last_en) = match last {
                Some(d) => (format!("diễn tập gần nhất ngày {}", vn_date(d.date)), format!("last drill on {}", d.date)),
                None => (
                    format!("chưa diễn tập kể từ khi phê duyệt kế hoạch ngày {}", vn_date(first_approval)),
                    format!("no drill since the plan was approved on {first_approval}"),
                ),
            };
            let f = f.due(Some(due));
            out(if as_of > due {
                Finding { status: Status::Fail, ..f }.overdue_from(due, as_of).message(
                    format!(
                        "Kế hoạch yêu cầu diễn tập {every} tháng một lần; {last_vi}, lẽ ra phải diễn tập trước {}.",
                        vn_date(due)
                    ),
                    format!("The plan schedules a drill every {every} months; {last_en}, one was due by {due}."),
                )
            } else {
                f.message(
                    format!("Diễn tập {every} tháng một lần; {last_vi}; lần tiếp theo trước {}.", vn_date(due)),
                    format!("Drills every {every} months; {last_en}; next due by {due}."),
                )
            });
        }
    }
}

// ─────────────────────────────────────────────────────────────────────────────
// IR-REPORTED (Điều 30.4.b)
// ─────────────────────────────────────────────────────────────────────────────

/// Kind `incident_reporting`: IR-REPORTED. An incident of one of the
/// `incident_types` (cyber-attacks, Điều 30.1) is reported to Cục CNTT&TK
/// Hải quan, with a severity (its classification), within `days` calendar
/// days of its detection (the day after detection is day 1; Vietnam dates).
/// With `extend_to_working_day`, a deadline falling on a day off moves to the
/// next working day (Bộ luật Dân sự 2015 Điều 148.5).
pub struct IncidentReporting {
    days: u32,
    types: Vec<IncidentType>,
    extend: bool,
}

impl IncidentReporting {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        let p = Params::of(def);
        let attacks: Vec<&str> =
            IncidentType::ALL.iter().filter(|t| **t != IncidentType::NotAttack).map(|t| t.as_str()).collect();
        Ok(IncidentReporting {
            days: p.uint("days", Some(5))?,
            types: p.enums("incident_types", &attacks, IncidentType::parse)?,
            extend: p.boolean("extend_to_working_day", false)?,
        })
    }
}

impl Rule for IncidentReporting {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        let snap = ctx.snapshot;
        let as_of = ctx.as_of;
        for inc in &snap.incidents {
            if inc.system_id.as_deref().is_some_and(|s| !ctx.system_in_scope(s)) {
                continue;
            }
            let detected = vietnam_date(inc.detected_at);
            if detected > as_of {
                continue; // not detected yet on the as-of date
            }
            let mut f = Finding::new(Status::Pass, SubjectKind::Incident, inc.incident_id.clone())
                .evidence(format!("incidents/{}", inc.incident_id));
            if let Some(s) = &inc.system_id {
                f = f.units(snap.system_units(s));
            }
            if let Some(u) = &inc.unit_code {
                f = f.units([&snap.unit_ref(u)]);
            }
            let kind_vi = inc.incident_type.name_vi();
            if !self.types.contains(&inc.incident_type) {
                out(Finding { status: Status::NotApplicable, ..f }.message(
                    format!(
                        "Sự cố loại \"{kind_vi}\" không thuộc loại hình tấn công mạng phải báo cáo theo Điều 30.4.b."
                    ),
                    format!(
                        "Incident type {} is not a cyber-attack to report under Article 30.4.b.",
                        inc.incident_type.as_str()
                    ),
                ));
                continue;
            }
            let mut deadline = detected + chrono::Duration::days(i64::from(self.days));
            if self.extend {
                while !ctx.calendar.is_working_day(deadline) {
                    deadline = deadline.succ_opt().unwrap_or(deadline);
                }
            }
            let f = f.due(Some(deadline));
            let reported = inc.reported_at.map(vietnam_date).filter(|d| *d <= as_of);
            let n = self.days;
            let det = vn_date(detected);
            out(match (reported, inc.severity) {
                (Some(r), _) if r > deadline => Finding { status: Status::Fail, ..f }.overdue_from(deadline, r).message(
                    format!("Sự cố \"{kind_vi}\" phát hiện ngày {det}, báo cáo Cục CNTT&TK muộn ngày {} (hạn {}: {n} ngày).", vn_date(r), vn_date(deadline)),
                    format!("Incident ({}) detected on {detected}, reported to Cục CNTT&TK late on {r} (deadline {deadline}: {n} days).", inc.incident_type.as_str()),
                ),
                (Some(r), Some(sev)) => f.message(
                    format!("Sự cố \"{kind_vi}\" phát hiện ngày {det}, đã báo cáo Cục CNTT&TK ngày {} (hạn {}), mức độ {}.", vn_date(r), vn_date(deadline), sev.as_str()),
                    format!("Incident ({}) detected on {detected}, reported to Cục CNTT&TK on {r} (deadline {deadline}), severity {}.", inc.incident_type.as_str(), sev.as_str()),
                ),
                // Reported in time, but not classified.
                (Some(r), None) if as_of <= deadline => Finding { status: Status::Pending, ..f }.message(
                    format!("Sự cố đã báo cáo ngày {} nhưng chưa phân loại mức độ (severity); hạn {}.", vn_date(r), vn_date(deadline)),
                    format!("Incident reported on {r} but not classified (severity); due {deadline}."),
                ),
                (Some(r), None) => Finding { status: Status::Fail, ..f }.overdue_from(deadline, as_of).message(
                    format!("Sự cố đã báo cáo ngày {} nhưng chưa được phân loại mức độ (severity), quá hạn {}.", vn_date(r), vn_date(deadline)),
                    format!("Incident reported on {r} but still not classified (severity), past the deadline {deadline}."),
                ),
                (None, _) if as_of <= deadline => Finding { status: Status::Pending, ..f }.message(
                    format!("Sự cố \"{kind_vi}\" phát hiện ngày {det} chưa được báo cáo Cục CNTT&TK; hạn {} ({n} ngày).", vn_date(deadline)),
                    format!("Incident ({}) detected on {detected} not yet reported to Cục CNTT&TK; due {deadline} ({n} days).", inc.incident_type.as_str()),
                ),
                (None, _) => Finding { status: Status::Fail, ..f }.overdue_from(deadline, as_of).message(
                    format!("Sự cố \"{kind_vi}\" phát hiện ngày {det} chưa được báo cáo Cục CNTT&TK, quá hạn {} ({n} ngày).", vn_date(deadline)),
                    format!("Incident ({}) detected on {detected} not reported to Cục CNTT&TK, past the deadline {deadline} ({n} days).", inc.incident_type.as_str()),
                ),
            });
        }
    }
}

// ─────────────────────────────────────────────────────────────────────────────
// RPT-ANNUAL, RPT-MONITORING (Điều 32.1, 32.3)
// ─────────────────────────────────────────────────────────────────────────────

/// Kind `report_deadline`: RPT-ANNUAL and RPT-MONITORING. The owner units of
/// in-operation systems in scope (and units that already send reports of the
/// kind) send each period's report of `report_kind` on or before the day
/// before each `due_day_month(s)`. A report counts for the period it names
/// (`YYYY`, or `YYYY-H1` / `YYYY-H2` for the first / second deadline of the
/// year) once its `sent_on` is set and not after the as-of date.
pub struct ReportDeadline {
    yearly: Yearly,
    kind: ReportKind,
}

impl ReportDeadline {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        let p = Params::of(def);
        let yearly = Yearly::from_params(def)?;
        let kind = p.string("report_kind", None)?;
        let kind = ReportKind::parse(&kind).ok_or_else(|| {
            RulePackError::rule(
                &def.id,
                format!("report_kind = \"{kind}\" không hợp lệ (annual | monitoring)"),
                format!("invalid report_kind = \"{kind}\" (annual | monitoring)"),
            )
        })?;
        let n = yearly.before.len();
        let ok = matches!((kind, n), (ReportKind::Annual, 1) | (ReportKind::Monitoring, 2));
        if !ok {
            return Err(RulePackError::rule(
                &def.id,
                "báo cáo annual cần một hạn trong năm, monitoring cần hai",
                "annual reports need one deadline a year, monitoring reports two",
            ));
        }
        Ok(ReportDeadline { yearly, kind })
    }

    fn period(&self, (year, i): Cycle) -> Period {
        match self.kind {
            ReportKind::Monitoring => Period { year, half: Some(u8::try_from(i + 1).unwrap_or(1)) },
            _ => Period { year, half: None },
        }
    }
}

impl Rule for ReportDeadline {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        let snap = ctx.snapshot;
        let declared = snap.reports.iter().any(|r| r.kind == self.kind);
        let mut units: Vec<Arc<str>> = Vec::new();
        let mut seen = BTreeSet::new();
        for s in snap.systems.iter().filter(|s| s.in_operation && ctx.def.applies_to_level(s.level)) {
            if let Some(u) = &s.owner_unit {
                if seen.insert(u.as_str()) {
                    units.push(snap.unit_ref(u));
                }
            }
        }
        for r in snap.reports.iter().filter(|r| r.kind == self.kind) {
            if seen.insert(r.unit_code.as_str()) {
                units.push(snap.unit_ref(&r.unit_code));
            }
        }
        let (what_vi, what_en) = match self.kind {
            ReportKind::Monitoring => ("Báo cáo hoạt động giám sát", "Monitoring report"),
            _ => ("Báo cáo an toàn thông tin hàng năm", "Annual security report"),
        };
        for unit in units {
            let mut f = unit_finding(ctx, &unit, Status::Pass);
            if !declared {
                out(Finding { status: Status::NoEvidence, ..f }.message(
                    format!("Chưa có dữ liệu báo cáo ({}) để đánh giá.", self.kind.as_str()),
                    format!("No {} reports to judge from.", self.kind.as_str()),
                ));
                continue;
            }
            let mine: Vec<_> = snap.reports_of(&unit).filter(|r| r.kind == self.kind).collect();
            let v = judge_yearly(&self.yearly, ctx.as_of, |c| {
                let p = self.period(c);
                mine.iter()
                    .filter(|r| r.parsed_period() == Some(p))
                    .filter_map(|r| r.sent_on.filter(|d| *d <= ctx.as_of))
                    .min()
            });
            let period = self.period(v.judged);
            for r in mine.iter().filter(|r| r.parsed_period() == Some(period)) {
                f = f.evidence(format!("reports/{}", r.report_id));
            }
            let f = Finding { status: v.status, due: Some(v.due), ..f };
            out(match (v.status, v.done) {
                (Status::Pass, Some(d)) => {
                    let next = self.period(self.yearly.current(v.due));
                    f.message(
                        format!("{what_vi} kỳ {period} đã gửi ngày {}; kỳ {next} hạn {}.", vn_date(d), vn_date(v.due)),
                        format!("{what_en} for {period} sent on {d}; {next} due by {}.", v.due),
                    )
                }
                (_, Some(d)) => f.overdue_from(v.due, v.overdue_until.unwrap_or(d)).message(
                    format!("{what_vi} kỳ {period} gửi muộn ngày {} (hạn {}).", vn_date(d), vn_date(v.due)),
                    format!("{what_en} for {period} sent late on {d} (deadline {}).", v.due),
                ),
                (_, None) => f.overdue_from(v.due, v.overdue_until.unwrap_or(ctx.as_of)).message(
                    format!("{what_vi} kỳ {period} chưa được gửi Cục CNTT&TK Hải quan (hạn {}).", vn_date(v.due)),
                    format!("{what_en} for {period} not sent to Cục CNTT&TK Hải quan (deadline {}).", v.due),
                ),
            });
        }
    }
}

/// Kinds implemented in this file (see `rules::registry`).
pub(super) const KINDS: &[(&str, super::Constructor)] = &[
    ("monitoring_coverage", |d| Ok(Box::new(MonitoringCoverageRule::from_def(d)?))),
    ("alert_focal_points", |d| Ok(Box::new(AlertFocalPoints::from_def(d)?))),
    ("plan_review_deadline", |d| Ok(Box::new(PlanReviewDeadline::from_def(d)?))),
    ("drill_schedule", |_| Ok(Box::new(DrillSchedule))),
    ("incident_reporting", |d| Ok(Box::new(IncidentReporting::from_def(d)?))),
    ("report_deadline", |d| Ok(Box::new(ReportDeadline::from_def(d)?))),
];

#[cfg(test)]
#[path = "response_tests.rs"]
mod tests;
