//! People: vetting, confidentiality, onboarding, hand-overs (Điều 7) and
//! training (Điều 31).
//!
//! > 7.1.b) Đảm bảo người được phân công làm việc tại các vị trí có tiếp xúc
//! > với thông tin, dữ liệu nhạy cảm phải qua bước đánh giá, thẩm tra nhân thân
//! > và lý lịch tư pháp.
//! >
//! > 7.1.c) Yêu cầu người được phân công phải cam kết bảo mật thông tin bằng văn
//! > bản riêng hoặc cam kết trong hợp đồng làm việc, hợp đồng lao động (…).
//! >
//! > 7.2.a) Sau khi tuyển dụng, tiếp nhận nhân sự mới, đơn vị phải có trách
//! > nhiệm phổ biến cho nhân sự mới các quy định về bảo đảm an toàn, an ninh
//! > thông tin tại đơn vị; đối với các vị trí tiếp xúc, quản lý các thông tin,
//! > dữ liệu quan trọng hoặc quản trị các hệ thống thông tin quan trọng, đơn vị
//! > phải yêu cầu nhân sự mới cam kết bảo mật thông tin (…).
//! >
//! > 7.3. Khi cán bộ (…) chấm dứt hoặc thay đổi công việc, cơ quan, đơn vị
//! > phải: (…) b) Lập biên bản bàn giao tài sản công nghệ thông tin.
//! >
//! > 31.1. Các đơn vị thuộc và trực thuộc Tổng cục Hải quan xác định nhu cầu về
//! > đào tạo nguồn nhân lực bảo đảm an toàn thông tin tại đơn vị mình gửi Cục
//! > CNTT&TK Hải quan. (…) 31.2. (…) đào tạo cơ bản về an toàn thông tin cho
//! > cán bộ quản lý, người sử dụng máy tính thuộc đơn vị.

use chrono::{Datelike, Duration, NaiveDate};

use super::obligations::{date_param, day_month, deadline, names, on_day, recurring};
use super::{Context, Rule};
use crate::evidence::schema::HR_EVENT_KINDS;
use crate::evidence::schema_org_a::TRAINING_KINDS;
use crate::evidence::{Account, AccountKind, HrEvent, HrEventKind, Person, PersonStatus, TrainingKind, UnitRole};
use crate::finding::{vn_date, Finding, Status, SubjectKind};
use crate::fxhash::FxHashMap;
use crate::rulepack::{Params, RulePackError};

/// A finding about a person, concerning the person's unit.
pub(super) fn person_finding(ctx: &Context<'_>, p: &Person, status: Status) -> Finding {
    let f = Finding::new(status, SubjectKind::Person, p.person_id.clone()).evidence(format!("persons/{}", p.person_id));
    match ctx.snapshot.person_unit(&p.person_id) {
        Some(u) => f.units([u]),
        None => f,
    }
}

/// For each person, one active admin account they hold (as owner or as a
/// responsible person of a shared one), on an in-scope system.
fn admin_holders<'a>(ctx: &'a Context<'_>) -> FxHashMap<&'a str, &'a Account> {
    let mut out: FxHashMap<&str, &Account> = FxHashMap::default();
    for a in &ctx.snapshot.accounts {
        if a.kind != AccountKind::Admin || !a.active_on(ctx.as_of) || !ctx.system_in_scope(&a.system_id) {
            continue;
        }
        for p in a.person_id.iter().chain(a.responsible_person_ids.iter()) {
            out.entry(p.as_str()).or_insert(a);
        }
    }
    out
}

/// Staff in positions that touch sensitive data: `sensitive_position` = yes,
/// or (when `include_admins`) holders of an active admin account.
fn sensitive_staff<'a>(
    ctx: &'a Context<'_>,
    include_admins: bool,
) -> impl Iterator<Item = (&'a Person, Option<&'a Account>)> + 'a {
    let admins = if include_admins { admin_holders(ctx) } else { FxHashMap::default() };
    ctx.snapshot.persons.iter().filter(|p| p.status == PersonStatus::Active).filter_map(move |p| {
        let admin = admins.get(p.person_id.as_str()).copied();
        (p.sensitive_position == Some(true) || admin.is_some()).then_some((p, admin))
    })
}

fn why(p: &Person, admin: Option<&Account>) -> (String, String) {
    match (p.sensitive_position == Some(true), admin) {
        (true, _) => ("vị trí tiếp xúc dữ liệu nhạy cảm".into(), "sensitive position".into()),
        (false, Some(a)) => {
            (format!("quản trị hệ thống (tài khoản {})", a.subject_id()), format!("administrator ({})", a.subject_id()))
        }
        (false, None) => (String::new(), String::new()),
    }
}

/// Kind `background_check`: PERSON-BACKGROUND (Điều 7.1.b).
pub struct BackgroundCheck {
    include_admins: bool,
}

impl Rule for BackgroundCheck {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        for (p, admin) in sensitive_staff(ctx, self.include_admins) {
            let (vi, en) = why(p, admin);
            let mut f = person_finding(ctx, p, Status::Pass);
            if let Some(a) = admin {
                f = f.evidence(a.evidence_ref());
            }
            out(match p.background_checked_on.filter(|d| *d <= ctx.as_of) {
                Some(d) => f.message(
                    format!("Đã thẩm tra nhân thân, lý lịch ngày {} ({vi}).", vn_date(d)),
                    format!("Background checked on {d} ({en})."),
                ),
                None => Finding { status: Status::Fail, ..f }.message(
                    format!("Chưa thẩm tra nhân thân, lý lịch tư pháp ({vi})."),
                    format!("No background check ({en})."),
                ),
            });
        }
    }
}

/// Kind `confidentiality_commitment`: PERSON-NDA (Điều 7.1.c, 7.2.a).
pub struct ConfidentialityCommitment {
    include_admins: bool,
}

impl Rule for ConfidentialityCommitment {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        for (p, admin) in sensitive_staff(ctx, self.include_admins) {
            let (vi, en) = why(p, admin);
            let mut f = person_finding(ctx, p, Status::Pass);
            if let Some(a) = admin {
                f = f.evidence(a.evidence_ref());
            }
            out(match p.nda_signed_on.filter(|d| *d <= ctx.as_of) {
                Some(d) => f.message(
                    format!("Đã ký cam kết bảo mật thông tin ngày {} ({vi}).", vn_date(d)),
                    format!("Confidentiality commitment signed on {d} ({en})."),
                ),
                None => Finding { status: Status::Fail, ..f }.message(
                    format!("Chưa ký cam kết bảo mật thông tin ({vi})."),
                    format!("No signed confidentiality commitment ({en})."),
                ),
            });
        }
    }
}

fn hr_kinds(p: &Params<'_>, default: &[&str]) -> Result<Vec<HrEventKind>, RulePackError> {
    names(p, "hr_kinds", default, HR_EVENT_KINDS)?;
    p.enums("hr_kinds", default, HrEventKind::parse)
}

fn training_kinds(p: &Params<'_>, name: &str, default: &[&str]) -> Result<Vec<TrainingKind>, RulePackError> {
    names(p, name, default, TRAINING_KINDS)?;
    p.enums(name, default, TrainingKind::parse)
}

/// HR events per person, of the given kinds, effective on or before as-of.
fn events_by_person<'a>(ctx: &'a Context<'_>, kinds: &[HrEventKind]) -> FxHashMap<&'a str, Vec<&'a HrEvent>> {
    let mut m: FxHashMap<&str, Vec<&HrEvent>> = FxHashMap::default();
    for e in &ctx.snapshot.hr_events {
        if kinds.contains(&e.kind) && e.effective_date <= ctx.as_of {
            m.entry(e.person_id.as_str()).or_default().push(e);
        }
    }
    m
}

/// Kind `onboarding_briefing`: PERSON-ONBOARD-BRIEFING (Điều 7.2.a). A person
/// hired on or after `hired_since` is briefed within `days_after_hire`
/// calendar days of the hiring date.
pub struct OnboardingBriefing {
    days: u32,
    hr_kinds: Vec<HrEventKind>,
    training_kinds: Vec<TrainingKind>,
    hired_since: NaiveDate,
}

impl Rule for OnboardingBriefing {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        let hires = events_by_person(ctx, &self.hr_kinds);
        for p in ctx.snapshot.persons.iter().filter(|p| p.status == PersonStatus::Active) {
            let event = hires.get(p.person_id.as_str()).and_then(|v| v.iter().max_by_key(|e| e.effective_date));
            let hired = match event {
                Some(e) => e.effective_date,
                None => match p.hired_on.filter(|d| *d <= ctx.as_of) {
                    Some(d) => d,
                    None => continue, // no hiring date: nothing tells that the person is new
                },
            };
            if hired < self.hired_since {
                continue;
            }
            let mut f = person_finding(ctx, p, Status::Pass);
            if let Some(e) = event {
                f = f.evidence(format!("hr_events/{}", e.event_id));
            }
            let briefing = ctx
                .snapshot
                .trainings_of(&p.person_id)
                .filter(|t| self.training_kinds.contains(&t.kind) && t.trained_on >= hired && t.trained_on <= ctx.as_of)
                .min_by_key(|t| t.trained_on);
            if let Some(t) = briefing {
                f = f.evidence(t.evidence_ref());
            }
            let due = hired + Duration::days(i64::from(self.days));
            out(deadline(
                ctx,
                f,
                due,
                briefing.map(|t| t.trained_on),
                ("Phổ biến quy định an toàn thông tin cho nhân sự mới", "Security rules briefing for new staff"),
                (
                    &format!("{} ngày sau khi tuyển dụng ngày {}", self.days, vn_date(hired)),
                    &format!("{} days after hiring on {hired}", self.days),
                ),
            ));
        }
    }
}

/// Kind `handover_record`: PERSON-HANDOVER (Điều 7.3.b). Every leaver or
/// transfer has an IT-asset handover record within `working_days` of the
/// effective date (a record dated up to `days_before` earlier counts).
pub struct HandoverRecord {
    hr_kinds: Vec<HrEventKind>,
    working_days: u32,
    days_before: u32,
}

impl Rule for HandoverRecord {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        for ev in &ctx.snapshot.hr_events {
            if !self.hr_kinds.contains(&ev.kind) || ev.effective_date > ctx.as_of {
                continue;
            }
            let earliest = ev.effective_date - Duration::days(i64::from(self.days_before));
            let record = ctx
                .snapshot
                .handovers_of(&ev.person_id)
                .filter(|h| h.handover_date <= ctx.as_of)
                .filter(|h| match h.hr_event_id.as_deref() {
                    Some(id) => id == ev.event_id,
                    None => h.handover_date >= earliest,
                })
                .min_by_key(|h| h.handover_date);
            let mut f = match ctx.snapshot.person(&ev.person_id) {
                Some(p) => person_finding(ctx, p, Status::Pass),
                None => Finding::new(Status::Pass, SubjectKind::Person, ev.person_id.clone()),
            }
            .evidence(format!("hr_events/{}", ev.event_id));
            if let Some(h) = record {
                f = f.evidence(format!("handovers/{}", h.record_no));
            }
            let due = ctx.calendar.add_working_days(ev.effective_date, self.working_days);
            let event = format!("{} ({}, {})", ev.event_id, ev.kind.as_str(), vn_date(ev.effective_date));
            out(deadline(
                ctx,
                f,
                due,
                record.map(|h| h.handover_date),
                ("Lập biên bản bàn giao tài sản CNTT", "IT asset handover record"),
                (
                    &format!("{} ngày làm việc sau sự kiện {event}", self.working_days),
                    &format!("{} working days after event {event}", self.working_days),
                ),
            ));
        }
    }
}

/// Kind `training_plan`: TRAIN-PLAN (Điều 31). Each unit directly under the
/// top Customs unit sends its training needs for a year by `needs_due` of
/// the year before; every active person has had basic (or specialist)
/// security training within `months`.
pub struct TrainingPlan {
    months: u32,
    kinds: Vec<TrainingKind>,
    needs_due: (u32, u32),
    needs_due_previous_year: bool,
}

impl TrainingPlan {
    /// Units "thuộc và trực thuộc" the top Customs unit: children of a unit
    /// that is not a ministry and whose parent is a ministry, absent or not
    /// imported.
    fn reporting_units<'a>(ctx: &'a Context<'_>) -> impl Iterator<Item = &'a crate::evidence::Unit> + 'a {
        let s = ctx.snapshot;
        let is_top = move |code: &str| {
            s.unit(code).is_some_and(|u| {
                !u.roles.contains(&UnitRole::Ministry)
                    && u.parent_code
                        .as_deref()
                        .and_then(|p| s.unit(p))
                        .is_none_or(|p| p.roles.contains(&UnitRole::Ministry))
            })
        };
        s.units.iter().filter(move |u| u.parent_code.as_deref().is_some_and(is_top))
    }

    fn needs_due(&self, year: i32) -> NaiveDate {
        on_day(if self.needs_due_previous_year { year - 1 } else { year }, self.needs_due)
    }

    fn judge_unit(&self, ctx: &Context<'_>, u: &crate::evidence::Unit) -> Finding {
        let s = ctx.snapshot;
        let year = ctx.as_of.year();
        let f = Finding::new(Status::Pass, SubjectKind::Unit, u.code.clone())
            .evidence(format!("units/{}", u.code))
            .units([&s.unit_ref(&u.code)]);
        let sent = |y: i32| {
            s.training_needs
                .iter()
                .find(|n| n.unit_code == u.code && n.year == y)
                .and_then(|n| n.sent_on.filter(|d| *d <= ctx.as_of).map(|d| (n, d)))
        };
        let due = self.needs_due(year);
        if s.training_needs.is_empty() {
            return Finding { status: Status::NoEvidence, ..f }.due(Some(due)).message(
                format!(
                    "Chưa nhập dữ liệu nhu cầu đào tạo (training_needs) để xác định đơn vị đã gửi nhu cầu năm {year}."
                ),
                format!("No training_needs imported to tell whether the needs for {year} were sent."),
            );
        }
        if as_of_before(ctx, due) {
            // The current year's needs are not due yet (due later this year).
            return f.due(Some(due)).message(
                format!("Nhu cầu đào tạo năm {year} phải gửi trước {}.", vn_date(due)),
                format!("Training needs for {year} are due by {due}."),
            );
        }
        match sent(year) {
            Some((n, d)) if d <= due => {
                let next = self.needs_due(year + 1);
                let (next_due, extra_vi, extra_en) = match sent(year + 1) {
                    Some((_, d2)) if d2 <= next => (
                        self.needs_due(year + 2),
                        format!("; năm {} đã gửi", year + 1),
                        format!("; {} already sent", year + 1),
                    ),
                    _ => (next, String::new(), String::new()),
                };
                f.evidence(format!("training_needs/{}/{}", n.unit_code, n.year)).due(Some(next_due)).message(
                    format!(
                        "Đã gửi nhu cầu đào tạo năm {year} ngày {}{extra_vi}; hạn tiếp theo {}.",
                        vn_date(d),
                        vn_date(next_due)
                    ),
                    format!("Training needs for {year} sent on {d}{extra_en}; next due by {next_due}."),
                )
            }
            Some((n, d)) => Finding { status: Status::Fail, ..f }
                .evidence(format!("training_needs/{}/{}", n.unit_code, n.year))
                .due(Some(due))
                .overdue_from(due, d)
                .message(
                    format!("Gửi nhu cầu đào tạo năm {year} muộn, ngày {} (hạn {}).", vn_date(d), vn_date(due)),
                    format!("Training needs for {year} sent late, on {d} (due by {due})."),
                ),
            None => Finding { status: Status::Fail, ..f }.due(Some(due)).overdue_from(due, ctx.as_of).message(
                format!("Chưa gửi nhu cầu đào tạo năm {year} cho Cục CNTT&TK (hạn {}).", vn_date(due)),
                format!("Training needs for {year} not sent to Cục CNTT&TK (due by {due})."),
            ),
        }
    }
}

fn as_of_before(ctx: &Context<'_>, d: NaiveDate) -> bool {
    ctx.as_of <= d
}

impl Rule for TrainingPlan {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        for u in Self::reporting_units(ctx) {
            out(self.judge_unit(ctx, u));
        }
        let any = !ctx.snapshot.trainings.is_empty();
        for p in ctx.snapshot.persons.iter().filter(|p| p.status == PersonStatus::Active) {
            let last = ctx
                .snapshot
                .trainings_of(&p.person_id)
                .filter(|t| self.kinds.contains(&t.kind) && t.trained_on <= ctx.as_of)
                .max_by_key(|t| t.trained_on);
            let mut f = person_finding(ctx, p, Status::Pass);
            if let Some(t) = last {
                f = f.evidence(t.evidence_ref());
            }
            out(recurring(
                ctx,
                f,
                last.map(|t| t.trained_on),
                p.hired_on,
                self.months,
                any,
                ("đào tạo cơ bản về an toàn thông tin", "basic security training"),
            ));
        }
    }
}

/// Kinds implemented in this file (see `rules::registry`).
pub(super) const KINDS: &[(&str, super::Constructor)] = &[
    ("background_check", |d| {
        Ok(Box::new(BackgroundCheck { include_admins: Params::of(d).boolean("include_admins", true)? }))
    }),
    ("confidentiality_commitment", |d| {
        Ok(Box::new(ConfidentialityCommitment { include_admins: Params::of(d).boolean("include_admins", true)? }))
    }),
    ("onboarding_briefing", |d| {
        let p = Params::of(d);
        Ok(Box::new(OnboardingBriefing {
            days: p.uint("days_after_hire", Some(30))?,
            hr_kinds: hr_kinds(&p, &["hire"])?,
            training_kinds: training_kinds(&p, "training_kinds", &["onboarding_briefing"])?,
            hired_since: date_param(&p, "hired_since", "2020-04-14")?,
        }))
    }),
    ("handover_record", |d| {
        let p = Params::of(d);
        Ok(Box::new(HandoverRecord {
            hr_kinds: hr_kinds(&p, &["leave_customs", "resign", "retire", "transfer_internal", "transfer_customs"])?,
            working_days: p.uint("working_days", Some(5))?,
            days_before: p.uint("days_before", Some(30))?,
        }))
    }),
    ("training_plan", |d| {
        let p = Params::of(d);
        Ok(Box::new(TrainingPlan {
            months: p.uint("months", Some(12))?,
            kinds: training_kinds(&p, "user_training_kinds", &["basic", "specialist"])?,
            needs_due: day_month(&p, "needs_due_day_month", "31/12")?,
            needs_due_previous_year: p.boolean("needs_due_previous_year", true)?,
        }))
    }),
];

#[cfg(test)]
#[path = "people_tests.rs"]
mod tests;
