//! Recurring obligations measured from a last date: password age (Điều
//! 11.3.b) and dormant accounts (Điều 11.5).
//!
//! > 11.3.b) (…) mật khẩu phải được đổi tối thiểu 03 tháng một lần đối với tài
//! > khoản của người dùng và 02 tháng một lần đối với tài khoản quản trị hệ
//! > thống.
//! >
//! > 11.5. (…) Các tài khoản không sử dụng trong thời gian 01 năm phải bị khóa
//! > hoặc xóa bỏ (sau khi trao đổi, xác nhận với đơn vị sử dụng).
//!
//! Months are calendar months (3 months after 20/12/2025 is 20/03/2026; the
//! 31st clamps to the month's last day). An obligation is `pass` up to and
//! including `due`, `fail` from the day after.

use chrono::{Months, NaiveDate};

use super::{Context, Rule};
use crate::evidence::{Account, AccountKind};
use crate::finding::{vn_date, Finding, Status};
use crate::rulepack::{Params, RuleDef, RulePackError};
use crate::vietnam_date;

/// `date` plus `months` calendar months (clamped to the month end).
#[must_use]
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
}

fn judge_recurring(ctx: &Context<'_>, f: Finding, last: NaiveDate, due: NaiveDate, what: (&str, &str)) -> Finding {
    let (vi, en) = what;
    if ctx.as_of > due {
        Finding { status: Status::Fail, ..f }.due(Some(due)).overdue_from(due, ctx.as_of).message(
            format!("{vi} lần cuối ngày {}; phải thực hiện trước {}.", vn_date(last), vn_date(due)),
            format!("{en} last on {last}; was due by {due}."),
        )
    } else if ctx.only_counted(Status::Pass) {
        Finding { status: Status::Pass, ..f }.due(Some(due))
    } else {
        Finding { status: Status::Pass, ..f }.due(Some(due)).message(
            format!("{vi} lần cuối ngày {}; hạn tiếp theo {}.", vn_date(last), vn_date(due)),
            format!("{en} last on {last}; next due by {due}."),
        )
    }
}

fn active_of_kinds<'a>(ctx: &'a Context<'_>, kinds: &'a [AccountKind]) -> impl Iterator<Item = &'a Account> + 'a {
    ctx.snapshot
        .accounts
        .iter()
        .filter(move |a| a.active_on(ctx.as_of) && kinds.contains(&a.kind) && ctx.system_in_scope(&a.system_id))
}

/// Kind `password_age`: PWD-AGE-USER (3 months) and PWD-AGE-ADMIN (2 months).
pub struct PasswordAge {
    months: u32,
    kinds: Vec<AccountKind>,
}

impl PasswordAge {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        let p = Params::of(def);
        Ok(PasswordAge { months: p.uint("months", None)?, kinds: p.enums("account_kinds", &[], AccountKind::parse)? })
    }
}

impl Rule for PasswordAge {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        active_of_kinds(ctx, &self.kinds)
            .map(|a| {
                let f = ctx.account_finding(a, Status::Pass);
                match a.password_changed_at.map(vietnam_date) {
                    Some(last) => judge_recurring(
                        ctx,
                        f,
                        last,
                        add_months(last, self.months),
                        ("Đổi mật khẩu", "Password changed"),
                    ),
                    None => Finding { status: Status::NoEvidence, ..f }.message(
                        "Không có ngày đổi mật khẩu (password_changed_at).",
                        "No password change date (password_changed_at).",
                    ),
                }
            })
            .for_each(out)
    }
}

/// Kind `dormant_account`: ACCT-DORMANT. The last use is the last login, or
/// the creation date for an account never used; an account unused for
/// `months` must be disabled or deleted.
pub struct DormantAccount {
    months: u32,
    kinds: Vec<AccountKind>,
}

impl DormantAccount {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        let p = Params::of(def);
        Ok(DormantAccount {
            months: p.uint("months", Some(12))?,
            kinds: p.enums("account_kinds", &["user", "admin", "service"], AccountKind::parse)?,
        })
    }
}

impl Rule for DormantAccount {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        active_of_kinds(ctx, &self.kinds)
            .map(|a| {
                let f = ctx.account_finding(a, Status::Pass);
                let login = a.last_login_at.map(vietnam_date);
                // An account re-created after its last login starts afresh.
                let last = match (login, a.created_on) {
                    (Some(l), Some(c)) => Some(l.max(c)),
                    (l, c) => l.or(c),
                };
                match (last, login) {
                    (Some(last), Some(_)) => judge_recurring(
                        ctx,
                        f,
                        last,
                        add_months(last, self.months),
                        ("Sử dụng (đăng nhập)", "Used (logged in)"),
                    ),
                    (Some(last), None) => judge_recurring(
                        ctx,
                        f,
                        last,
                        add_months(last, self.months),
                        ("Chưa từng đăng nhập; tạo", "Never logged in; created"),
                    ),
                    (None, _) => Finding { status: Status::NoEvidence, ..f }.message(
                        "Không có ngày đăng nhập cuối (last_login_at) và ngày tạo (created_on).",
                        "No last login (last_login_at) and no creation date (created_on).",
                    ),
                }
            })
            .for_each(out)
    }
}

/// Kinds implemented in this file (see `rules::registry`).
pub(super) const KINDS: &[(&str, super::Constructor)] = &[
    ("dormant_account", |d| Ok(Box::new(DormantAccount::from_def(d)?))),
    ("password_age", |d| Ok(Box::new(PasswordAge::from_def(d)?))),
];

#[cfg(test)]
#[path = "recency_tests.rs"]
mod tests;
