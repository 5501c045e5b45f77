//! Revocation of accounts after HR events, and the written exceptions that
//! may keep them (Điều 11.1.c).
//!
//! > Tài khoản công nghệ thông tin phải được điều chỉnh, thu hồi, hủy bỏ trong
//! > thời gian không quá 03 ngày làm việc tính từ ngày người dùng chính thức
//! > chuyển công tác ra khỏi ngành Hải quan, thôi việc, nghỉ hưu; không quá 05
//! > ngày làm việc trong trường hợp thay đổi vị trí công tác trong nội bộ đơn vị
//! > hoặc chuyển công tác tới đơn vị khác thuộc ngành Hải quan.
//! >
//! > Phải có văn bản đề nghị của đơn vị Hải quan (…) quản lý người dùng trong
//! > trường hợp cần duy trì tài khoản của người dùng sau thời điểm người dùng
//! > chính thức thay đổi vị trí công tác, chuyển công tác, thôi việc, nghỉ hưu;
//! > trong đó nêu rõ lý do, các quyền sử dụng cần duy trì và thời gian duy trì.
//!
//! Deadlines count working days per Bộ luật Dân sự 2015 Điều 147: the day
//! after the effective date is day one.

use chrono::NaiveDate;

use super::{Context, Rule};
use crate::evidence::{Account, AccountException, HrEvent, HrEventKind};
use crate::finding::{vn_date, Finding, Status, SubjectKind};
use crate::rulepack::{Params, RuleDef, RulePackError};

/// What completes the obligation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completion {
    /// The account is disabled or deleted (leaving Customs, resigning, retiring).
    Disabled,
    /// The rights were adjusted, or the account disabled, on or after the
    /// effective date (transfers).
    RightsChangedOrDisabled,
}

/// Kind `revocation_deadline`: ACCT-REVOKE-EXIT and ACCT-REVOKE-TRANSFER.
pub struct RevocationDeadline {
    working_days: u32,
    hr_kinds: Vec<HrEventKind>,
    completion: Completion,
}

impl RevocationDeadline {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        let p = Params::of(def);
        let completion = match p.string("completion", Some("disabled"))?.as_str() {
            "disabled" => Completion::Disabled,
            "rights_changed_or_disabled" => Completion::RightsChangedOrDisabled,
            other => {
                return Err(RulePackError::rule(
                    &def.id,
                    format!("completion = \"{other}\" không hợp lệ (disabled | rights_changed_or_disabled)"),
                    format!("invalid completion = \"{other}\" (disabled | rights_changed_or_disabled)"),
                ))
            }
        };
        Ok(RevocationDeadline {
            working_days: p.uint("working_days", None)?,
            hr_kinds: p.enums("hr_kinds", &[], HrEventKind::parse)?,
            completion,
        })
    }

    /// The date the obligation was met, if it was met by `as_of`.
    /// `Err(())` when the account is disabled but the date is unknown.
    fn completed_on(&self, a: &Account, effective: NaiveDate, as_of: NaiveDate) -> Result<Option<NaiveDate>, ()> {
        let seen = |d: Option<NaiveDate>| d.filter(|d| *d <= as_of);
        match self.completion {
            Completion::Disabled => {
                if a.is_active() {
                    return Ok(None);
                }
                // A disabling dated after as-of had not happened yet on as-of.
                match a.disabled_on {
                    Some(d) => Ok(seen(Some(d))),
                    None => Err(()),
                }
            }
            Completion::RightsChangedOrDisabled => {
                let after_event = |d: Option<NaiveDate>| seen(d).filter(|d| *d >= effective);
                let done = [after_event(a.rights_changed_on), after_event(a.disabled_on)].into_iter().flatten().min();
                if done.is_none() && !a.is_active() && a.disabled_on.is_none() && a.rights_changed_on.is_none() {
                    return Err(());
                }
                Ok(done)
            }
        }
    }

    fn judge(&self, ctx: &Context<'_>, ev: &HrEvent, a: &Account) -> Finding {
        let as_of = ctx.as_of;
        let deadline = ctx.calendar.add_working_days(ev.effective_date, self.working_days);
        let n = self.working_days;
        let base =
            ctx.account_finding(a, Status::Pass).evidence(format!("hr_events/{}", ev.event_id)).due(Some(deadline));
        let what_vi = match self.completion {
            Completion::Disabled => "khóa/thu hồi",
            Completion::RightsChangedOrDisabled => "điều chỉnh quyền",
        };
        let what_en = match self.completion {
            Completion::Disabled => "disabled",
            Completion::RightsChangedOrDisabled => "adjusted",
        };
        let event = format!("{} ({}, {})", ev.event_id, ev.kind.as_str(), vn_date(ev.effective_date));
        let f = match self.completed_on(a, ev.effective_date, as_of) {
            Ok(Some(done)) if done <= deadline => Finding { status: Status::Pass, ..base }.message(
                format!("Tài khoản đã được {what_vi} ngày {}, trong hạn {n} ngày làm việc (hạn {}) sau sự kiện {event}.", vn_date(done), vn_date(deadline)),
                format!("Account {what_en} on {done}, within {n} working days (deadline {deadline}) of event {event}."),
            ),
            Ok(Some(done)) => Finding { status: Status::Fail, ..base }.overdue_from(deadline, done).message(
                format!("Tài khoản được {what_vi} muộn, ngày {} (hạn {}: {n} ngày làm việc sau sự kiện {event}).", vn_date(done), vn_date(deadline)),
                format!("Account {what_en} late, on {done} (deadline {deadline}: {n} working days after event {event})."),
            ),
            Ok(None) if as_of <= deadline => Finding { status: Status::Pending, ..base }.message(
                format!("Tài khoản chưa được {what_vi}; hạn {} ({n} ngày làm việc sau sự kiện {event}).", vn_date(deadline)),
                format!("Account not yet {what_en}; due {deadline} ({n} working days after event {event})."),
            ),
            Ok(None) => Finding { status: Status::Fail, ..base }.overdue_from(deadline, as_of).message(
                format!("Tài khoản vẫn chưa được {what_vi}, quá hạn {} ({n} ngày làm việc sau sự kiện {event}).", vn_date(deadline)),
                format!("Account still not {what_en}, past the deadline {deadline} ({n} working days after event {event})."),
            ),
            // Disabled on as-of, which is before the deadline: met whenever it happened.
            Err(()) if as_of <= deadline => Finding { status: Status::Pass, ..base }.message(
                format!("Tài khoản đã bị khóa trước hạn {} (sự kiện {event}).", vn_date(deadline)),
                format!("Account disabled before the deadline {deadline} (event {event})."),
            ),
            Err(()) => Finding { status: Status::NoEvidence, ..base }.message(
                format!("Tài khoản đã bị khóa nhưng không có ngày khóa (disabled_on) để xác định có đúng hạn {} hay không (sự kiện {event}).", vn_date(deadline)),
                format!("Account is disabled but has no disabled_on date to tell whether the deadline {deadline} was met (event {event})."),
            ),
        };
        except_if_covered(ctx, a, f)
    }
}

/// Turns an open or failed revocation into `excepted` when a written
/// exception is in force on the as-of date.
fn except_if_covered(ctx: &Context<'_>, a: &Account, f: Finding) -> Finding {
    if !matches!(f.status, Status::Fail | Status::Pending) {
        return f;
    }
    match ctx.snapshot.exceptions_for(a).find(|e| e.in_force_on(ctx.as_of)) {
        Some(e) => {
            let until = e.valid_until.map(vn_date).unwrap_or_default();
            let until_en = e.valid_until.map(|d| d.to_string()).unwrap_or_default();
            Finding {
                status: Status::Excepted,
                overdue_days: None,
                message_vi: format!(
                    "{} Được duy trì theo văn bản đề nghị {} đến {until}.",
                    f.message_vi, e.exception_id
                ),
                message_en: format!("{} Kept under written request {} until {until_en}.", f.message_en, e.exception_id),
                ..f
            }
            .evidence(format!("account_exceptions/{}", e.exception_id))
        }
        None => f,
    }
}

impl Rule for RevocationDeadline {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        for ev in &ctx.snapshot.hr_events {
            // An event not yet effective on as-of creates no obligation yet.
            if !self.hr_kinds.contains(&ev.kind) || ev.effective_date > ctx.as_of {
                continue;
            }
            for a in ctx.snapshot.accounts_of_person(&ev.person_id) {
                if !ctx.system_in_scope(&a.system_id) || a.created_on.is_some_and(|c| c > ev.effective_date) {
                    continue; // created after the event: granted for the new position
                }
                if self.completion == Completion::RightsChangedOrDisabled
                    && !a.is_active()
                    && a.disabled_on.is_some_and(|d| d < ev.effective_date)
                {
                    out(ctx
                        .account_finding(a, Status::NotApplicable)
                        .evidence(format!("hr_events/{}", ev.event_id))
                        .message(
                            "Tài khoản đã bị khóa trước ngày điều chuyển.",
                            "Account was already disabled before the transfer.",
                        ));
                    continue;
                }
                out(self.judge(ctx, ev, a));
            }
        }
    }
}

/// Kind `exception_validity`: ACCT-EXCEPTION-VALID. A written request to keep
/// an account must name the requesting unit, the reason, the rights kept and
/// the period; once the period ends the account must not stay active.
pub struct ExceptionValidity {
    required: Vec<String>,
}

const EXCEPTION_FIELDS: &[&str] =
    &["requested_by_unit", "reason", "rights_kept", "valid_from", "valid_until", "document_no"];

impl ExceptionValidity {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        let required = Params::of(def)
            .strings("required_fields", &["requested_by_unit", "reason", "rights_kept", "valid_until"])?;
        if let Some(bad) = required.iter().find(|f| !EXCEPTION_FIELDS.contains(&f.as_str())) {
            return Err(RulePackError::rule(
                &def.id,
                format!("required_fields: \"{bad}\" không phải cột của account_exceptions"),
                format!("required_fields: \"{bad}\" is not a column of account_exceptions"),
            ));
        }
        Ok(ExceptionValidity { required })
    }

    fn missing(&self, e: &AccountException) -> Vec<&str> {
        self.required
            .iter()
            .map(String::as_str)
            .filter(|f| match *f {
                "requested_by_unit" => e.requested_by_unit.is_none(),
                "reason" => e.reason.is_none(),
                "rights_kept" => e.rights_kept.is_none(),
                "valid_from" => e.valid_from.is_none(),
                "valid_until" => e.valid_until.is_none(),
                "document_no" => e.document_no.is_none(),
                _ => false,
            })
            .collect()
    }
}

fn field_vi(f: &str) -> &'static str {
    match f {
        "requested_by_unit" => "đơn vị đề nghị",
        "reason" => "lý do",
        "rights_kept" => "quyền duy trì",
        "valid_from" => "ngày bắt đầu",
        "valid_until" => "thời gian duy trì (ngày hết hạn)",
        "document_no" => "số văn bản",
        _ => "?",
    }
}

impl Rule for ExceptionValidity {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        for e in &ctx.snapshot.account_exceptions {
            if !ctx.system_in_scope(&e.system_id) {
                continue;
            }
            let account = ctx.snapshot.account(&e.system_id, &e.username);
            let mut f = Finding::new(Status::Pass, SubjectKind::AccountException, e.exception_id.clone())
                .evidence(format!("account_exceptions/{}", e.exception_id))
                .due(e.valid_until);
            if let Some(a) = account {
                f = f.evidence(a.evidence_ref());
            }
            f = f.units(ctx.snapshot.system_units(&e.system_id));
            if let Some(u) = e.requested_by_unit.as_deref() {
                f = f.units([&ctx.snapshot.unit_ref(u)]);
            }
            let account_id = format!("{}/{}", e.system_id, e.username);
            let missing = self.missing(e);
            let still_active = account.is_some_and(|a| a.active_on(ctx.as_of));
            f = if !missing.is_empty() {
                let vi: Vec<&str> = missing.iter().map(|m| field_vi(m)).collect();
                Finding { status: Status::Fail, ..f }.message(
                    format!("Văn bản đề nghị duy trì tài khoản {account_id} thiếu: {}.", vi.join(", ")),
                    format!("Written request to keep account {account_id} lacks: {}.", missing.join(", ")),
                )
            } else if let (Some(from), Some(until)) = (e.valid_from, e.valid_until) {
                if from > until {
                    Finding { status: Status::Fail, ..f }.message(
                        format!("Thời gian duy trì không hợp lệ: từ {} đến {}.", vn_date(from), vn_date(until)),
                        format!("Invalid period: from {from} to {until}."),
                    )
                } else {
                    self.judge_expiry(ctx, f, &account_id, until, still_active)
                }
            } else if let Some(until) = e.valid_until {
                self.judge_expiry(ctx, f, &account_id, until, still_active)
            } else {
                // valid_until not required by this pack and absent: nothing expires.
                f.message(
                    format!("Văn bản đề nghị duy trì tài khoản {account_id} đủ nội dung."),
                    format!("Written request to keep account {account_id} is complete."),
                )
            };
            out(f);
        }
    }
}

impl ExceptionValidity {
    fn judge_expiry(&self, ctx: &Context<'_>, f: Finding, account_id: &str, until: NaiveDate, active: bool) -> Finding {
        if ctx.as_of > until && active {
            Finding { status: Status::Fail, ..f }.overdue_from(until, ctx.as_of).message(
                format!("Hết thời gian duy trì ngày {} nhưng tài khoản {account_id} vẫn hoạt động.", vn_date(until)),
                format!("The period ended on {until} but account {account_id} is still active."),
            )
        } else if ctx.as_of > until {
            f.message(
                format!("Hết thời gian duy trì ngày {}; tài khoản {account_id} không còn hoạt động.", vn_date(until)),
                format!("The period ended on {until}; account {account_id} is no longer active."),
            )
        } else {
            f.message(
                format!("Văn bản đề nghị đủ nội dung; duy trì tài khoản {account_id} đến {}.", vn_date(until)),
                format!("Written request complete; account {account_id} kept until {until}."),
            )
        }
    }
}

/// Kinds implemented in this file (see `rules::registry`).
pub(super) const KINDS: &[(&str, super::Constructor)] = &[
    ("revocation_deadline", |d| Ok(Box::new(RevocationDeadline::from_def(d)?))),
    ("exception_validity", |d| Ok(Box::new(ExceptionValidity::from_def(d)?))),
];

#[cfg(test)]
#[path = "revocation_tests.rs"]
mod tests;
