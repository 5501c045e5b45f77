//! Who answers for each account: Điều 11.1.a, 11.2.a and Điều 7.3.d.
//!
//! > 11.1.a) Mỗi người dùng khi sử dụng hệ thống thông tin phải được cấp và sử
//! > dụng tài khoản truy cập với định danh duy nhất gắn với người dùng đó.
//! > Trường hợp sử dụng tài khoản dùng chung cho một nhóm người hay một đơn vị
//! > phải có cơ chế xác định các cá nhân có trách nhiệm quản lý tài khoản.
//! >
//! > 11.2.a) Tài khoản quản trị hệ thống (…) phải tách biệt với tài khoản truy
//! > cập của người sử dụng thông thường. Tài khoản hệ thống phải được giao đích
//! > danh cá nhân làm công tác quản trị. Hạn chế dùng chung tài khoản quản trị.
//! >
//! > 7.3.d) Rà soát, kiểm tra đối chiếu định kỳ giữa bộ phận quản lý nhân sự và
//! > bộ phận quản lý cấp phát, thu hồi quyền truy cập hệ thống thông tin để đảm
//! > bảo tài khoản người dùng của cán bộ (…) đã nghỉ việc được thu hồi.

use super::{Context, Rule};
use crate::evidence::{Account, AccountKind, PersonStatus};
use crate::finding::{Finding, Status};
use crate::rulepack::{Params, RuleDef, RulePackError};

fn active_in_scope<'a>(ctx: &'a Context<'_>, kinds: &'a [AccountKind]) -> impl Iterator<Item = &'a Account> + 'a {
    ctx.snapshot
        .accounts
        .iter()
        .filter(move |a| a.active_on(ctx.as_of) && kinds.contains(&a.kind) && ctx.system_in_scope(&a.system_id))
}

/// Kind `account_owner`: ACCT-UNIQUE-OWNER (Điều 11.1.a). An active account
/// belongs to exactly one person, or is shared with named responsible persons.
pub struct AccountOwner {
    kinds: Vec<AccountKind>,
}

impl AccountOwner {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        Ok(AccountOwner { kinds: Params::of(def).enums("account_kinds", &["user", "admin"], AccountKind::parse)? })
    }
}

impl Rule for AccountOwner {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        active_in_scope(ctx, &self.kinds)
            .map(|a| {
                let f = ctx.account_finding(a, Status::Pass);
                match (a.shared, a.person_id.as_deref()) {
                    (true, _) if a.responsible_person_ids.is_empty() => Finding { status: Status::Fail, ..f }.message(
                        "Tài khoản dùng chung không xác định cá nhân chịu trách nhiệm quản lý.",
                        "Shared account names no responsible person.",
                    ),
                    (true, _) => f.message(
                        format!(
                            "Tài khoản dùng chung; người chịu trách nhiệm: {}.",
                            a.responsible_person_ids.join(", ")
                        ),
                        format!("Shared account; responsible persons: {}.", a.responsible_person_ids.join(", ")),
                    ),
                    (false, Some(p)) => {
                        f.message(format!("Tài khoản gắn với cán bộ {p}."), format!("Account belongs to person {p}."))
                    }
                    (false, None) => Finding { status: Status::Fail, ..f }.message(
                        "Tài khoản không gắn với người dùng nào và không khai báo dùng chung.",
                        "Account belongs to no person and is not declared shared.",
                    ),
                }
            })
            .for_each(out)
    }
}

/// Kind `admin_account_separate`: ACCT-ADMIN-SEPARATE (Điều 11.2.a). An
/// admin account is named to one person; an ordinary (`user`) account holding
/// admin privileges is not separate from the admin account.
pub struct AdminAccountSeparate {
    markers: Vec<String>,
}

impl AdminAccountSeparate {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        let markers = Params::of(def)
            .strings("admin_privilege_markers", &["admin", "root", "sysadmin", "superuser", "dba", "quản trị"])?
            .into_iter()
            .map(|m| m.to_lowercase())
            .collect();
        Ok(AdminAccountSeparate { markers })
    }

    fn admin_privilege<'a>(&self, a: &'a Account) -> Option<&'a str> {
        a.privileges.iter().map(String::as_str).find(|p| {
            let p = p.to_lowercase();
            self.markers.iter().any(|m| p.contains(m.as_str()))
        })
    }
}

impl Rule for AdminAccountSeparate {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        for a in active_in_scope(ctx, &[AccountKind::Admin, AccountKind::User]) {
            // Built only for the accounts judged: most user accounts give no finding.
            let f = || ctx.account_finding(a, Status::Pass);
            match a.kind {
                AccountKind::Admin if a.shared => {} // ACCT-ADMIN-SHARED judges shared admin accounts
                AccountKind::Admin => out(match a.person_id.as_deref() {
                    Some(p) => f().message(
                        format!("Tài khoản quản trị riêng, giao đích danh cán bộ {p}."),
                        format!("Separate admin account, named to person {p}."),
                    ),
                    None => Finding { status: Status::Fail, ..f() }.message(
                        "Tài khoản quản trị không được giao đích danh cho cá nhân nào.",
                        "Admin account is not named to any person.",
                    ),
                }),
                _ => {
                    if let Some(privilege) = self.admin_privilege(a) {
                        out(Finding { status: Status::Fail, ..f() }.message(
                            format!("Tài khoản người dùng thông thường có quyền quản trị \"{privilege}\"; phải dùng tài khoản quản trị riêng."),
                            format!("Ordinary user account holds admin privilege \"{privilege}\"; a separate admin account is required."),
                        ));
                    }
                }
            }
        }
    }
}

/// Kind `shared_admin_responsible`: ACCT-ADMIN-SHARED (Điều 11.2.a). Shared
/// admin accounts are the exception and must list their responsible persons.
pub struct SharedAdminResponsible;

impl Rule for SharedAdminResponsible {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        active_in_scope(ctx, &[AccountKind::Admin])
            .filter(|a| a.shared)
            .map(|a| {
                let f = ctx.account_finding(a, Status::Pass);
                if a.responsible_person_ids.is_empty() {
                    Finding { status: Status::Fail, ..f }.message(
                        "Tài khoản quản trị dùng chung không có danh sách người chịu trách nhiệm.",
                        "Shared admin account lists no responsible persons.",
                    )
                } else {
                    f.message(
                        format!(
                            "Tài khoản quản trị dùng chung; người chịu trách nhiệm: {}.",
                            a.responsible_person_ids.join(", ")
                        ),
                        format!("Shared admin account; responsible persons: {}.", a.responsible_person_ids.join(", ")),
                    )
                }
            })
            .for_each(out)
    }
}

/// Kind `hr_reconcile`: PERSON-HR-RECONCILE (Điều 7.3.d). Every active
/// account maps to a person who is active in the HR records. Accounts with no
/// person at all are ACCT-UNIQUE-OWNER's concern and are skipped here. The
/// periodic reconciliation itself (one finding per system with such
/// accounts, every `months`) is judged in `access.rs`.
pub struct HrReconcile {
    kinds: Vec<AccountKind>,
    months: u32,
}

impl HrReconcile {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        let p = Params::of(def);
        Ok(HrReconcile {
            kinds: p.enums("account_kinds", &["user", "admin"], AccountKind::parse)?,
            months: p.uint("months", Some(12))?,
        })
    }
}

impl Rule for HrReconcile {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        for a in active_in_scope(ctx, &self.kinds) {
            let owners: Vec<&str> = match a.person_id.as_deref() {
                Some(p) => vec![p],
                None => a.responsible_person_ids.iter().map(String::as_str).collect(),
            };
            if owners.is_empty() {
                continue;
            }
            let mut f = ctx.account_finding(a, Status::Pass);
            let mut unknown = Vec::new();
            let mut left = Vec::new();
            for p in &owners {
                match ctx.snapshot.person(p) {
                    None => unknown.push(*p),
                    Some(person) => {
                        f = f.evidence(format!("persons/{p}"));
                        if person.status == PersonStatus::Left {
                            left.push(*p);
                        }
                    }
                }
            }
            f = if !left.is_empty() {
                Finding { status: Status::Fail, ..f }.message(
                    format!("Tài khoản đang hoạt động của cán bộ đã nghỉ việc: {}.", left.join(", ")),
                    format!("Active account of person(s) who left: {}.", left.join(", ")),
                )
            } else if !unknown.is_empty() {
                Finding { status: Status::Fail, ..f }.message(
                    format!(
                        "Tài khoản đang hoạt động gắn với mã cán bộ không có trong dữ liệu nhân sự: {}.",
                        unknown.join(", ")
                    ),
                    format!("Active account mapped to person id(s) not in the HR records: {}.", unknown.join(", ")),
                )
            } else {
                f.message("Tài khoản gắn với cán bộ đang công tác.", "Account maps to an active person.")
            };
            out(f);
        }
        super::access::hr_reconciliation_period(ctx, &self.kinds, self.months, out);
    }
}

/// Kinds implemented in this file (see `rules::registry`).
pub(super) const KINDS: &[(&str, super::Constructor)] = &[
    ("account_owner", |d| Ok(Box::new(AccountOwner::from_def(d)?))),
    ("admin_account_separate", |d| Ok(Box::new(AdminAccountSeparate::from_def(d)?))),
    ("shared_admin_responsible", |_| Ok(Box::new(SharedAdminResponsible))),
    ("hr_reconcile", |d| Ok(Box::new(HrReconcile::from_def(d)?))),
];

#[cfg(test)]
#[path = "accounts_tests.rs"]
mod tests;
