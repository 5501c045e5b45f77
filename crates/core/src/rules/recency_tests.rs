//! Tests of Điều 11.3.b (password age) and 11.5 (dormant accounts).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::super::testkit::*;
use super::add_months;
use crate::evidence::{AccountKind, AccountStatus, PersonStatus};
use crate::finding::Status;

fn one(kind: AccountKind, tweak: impl FnOnce(&mut crate::evidence::Account)) -> Evidence {
    let mut a = account("SYS-A", "annv", kind, Some("P1"));
    tweak(&mut a);
    Evidence {
        persons: vec![person("P1", PersonStatus::Active)],
        systems: vec![system("SYS-A", Some(2))],
        accounts: vec![a],
        ..Evidence::default()
    }
}

#[test]
fn months_are_calendar_months_clamped_to_month_end() {
    assert_eq!(add_months(d("2025-12-20"), 3), d("2026-03-20"));
    assert_eq!(add_months(d("2025-11-30"), 3), d("2026-02-28"));
    assert_eq!(add_months(d("2024-02-29"), 12), d("2025-02-28"));
}

// 11.3.b: "mật khẩu phải được đổi tối thiểu 03 tháng một lần đối với tài khoản
// của người dùng và 02 tháng một lần đối với tài khoản quản trị hệ thống."

#[test]
fn dieu_11_3_b_user_password_changed_within_3_months_passes_until_due() {
    let f =
        one(AccountKind::User, |a| a.password_changed_at = Some(ts("2025-12-20"))).run("PWD-AGE-USER", "2026-03-20");
    let f = only(&f, "SYS-A/annv");
    assert_eq!((f.status, f.due, f.overdue_days), (Status::Pass, Some(d("2026-03-20")), None));
}

#[test]
fn dieu_11_3_b_user_password_older_than_3_months_fails_with_days_overdue() {
    let f =
        one(AccountKind::User, |a| a.password_changed_at = Some(ts("2025-12-20"))).run("PWD-AGE-USER", "2026-03-25");
    let f = only(&f, "SYS-A/annv");
    assert_eq!((f.status, f.due, f.overdue_days), (Status::Fail, Some(d("2026-03-20")), Some(5)));
}

#[test]
fn dieu_11_3_b_admin_password_must_change_every_2_months() {
    let set = |a: &mut crate::evidence::Account| a.password_changed_at = Some(ts("2026-01-10"));
    let f = one(AccountKind::Admin, set).run("PWD-AGE-ADMIN", "2026-03-11");
    assert_eq!((status_of(&f, "SYS-A/annv"), only(&f, "SYS-A/annv").overdue_days), (Status::Fail, Some(1)));
    assert_eq!(only(&f, "SYS-A/annv").due, Some(d("2026-03-10")));
    // The user rule does not judge admin accounts and vice versa.
    assert!(one(AccountKind::Admin, set).run("PWD-AGE-USER", "2026-03-11").is_empty());
    assert!(one(AccountKind::User, set).run("PWD-AGE-ADMIN", "2026-03-11").is_empty());
}

#[test]
fn dieu_11_3_b_password_change_time_is_read_in_vietnam_time() {
    // 2025-12-19T18:30Z is 20/12/2025 01:30 in Vietnam.
    let t = chrono::DateTime::parse_from_rfc3339("2025-12-19T18:30:00Z").unwrap().with_timezone(&chrono::Utc);
    let f = one(AccountKind::User, |a| a.password_changed_at = Some(t)).run("PWD-AGE-USER", "2026-03-20");
    assert_eq!(status_of(&f, "SYS-A/annv"), Status::Pass);
}

#[test]
fn dieu_11_3_b_missing_password_change_date_is_no_evidence_never_pass() {
    let f = one(AccountKind::User, |_| {}).run("PWD-AGE-USER", "2026-03-20");
    assert_eq!(status_of(&f, "SYS-A/annv"), Status::NoEvidence);
}

// 11.5: "Các tài khoản không sử dụng trong thời gian 01 năm phải bị khóa hoặc xóa bỏ"

#[test]
fn dieu_11_5_account_unused_for_one_year_fails() {
    let f = one(AccountKind::User, |a| a.last_login_at = Some(ts("2025-03-01"))).run("ACCT-DORMANT", "2026-03-02");
    let f = only(&f, "SYS-A/annv");
    assert_eq!((f.status, f.due, f.overdue_days), (Status::Fail, Some(d("2026-03-01")), Some(1)));
    let f = one(AccountKind::User, |a| a.last_login_at = Some(ts("2025-03-01"))).run("ACCT-DORMANT", "2026-03-01");
    assert_eq!(status_of(&f, "SYS-A/annv"), Status::Pass);
}

#[test]
fn dieu_11_5_never_used_account_counts_from_creation() {
    let f = one(AccountKind::Service, |a| a.created_on = Some(d("2024-06-30"))).run("ACCT-DORMANT", "2025-07-10");
    assert_eq!((status_of(&f, "SYS-A/annv"), only(&f, "SYS-A/annv").overdue_days), (Status::Fail, Some(10)));
}

#[test]
fn dieu_11_5_no_login_and_no_creation_date_is_no_evidence() {
    let f = one(AccountKind::User, |a| a.created_on = None).run("ACCT-DORMANT", "2025-07-10");
    assert_eq!(status_of(&f, "SYS-A/annv"), Status::NoEvidence);
}

#[test]
fn dieu_11_5_disabled_accounts_are_already_locked() {
    let f = one(AccountKind::User, |a| {
        a.status = AccountStatus::Disabled;
        a.last_login_at = Some(ts("2020-01-01"));
    })
    .run("ACCT-DORMANT", "2025-07-10");
    assert!(f.is_empty());
}

#[test]
fn dieu_11_5_an_account_disabled_after_as_of_was_still_active_then() {
    let f = one(AccountKind::User, |a| {
        a.status = AccountStatus::Disabled;
        a.disabled_on = Some(d("2025-08-01"));
        a.last_login_at = Some(ts("2024-01-01"));
    })
    .run("ACCT-DORMANT", "2025-07-10");
    assert_eq!(status_of(&f, "SYS-A/annv"), Status::Fail);
}

/// The fast path of `check` (messages of counted-only statuses skipped) must
/// count exactly what the full evaluation counts, and keep the same findings
/// of the other statuses, messages included.
#[test]
fn dieu_11_3_counted_only_passes_change_no_count_and_no_kept_finding() {
    use crate::engine::{evaluate, Selection};
    let mut accounts = Vec::new();
    for (i, changed) in ["2026-01-10", "2025-06-01", "2026-02-20"].iter().enumerate() {
        let mut a = account("SYS1", &format!("u{i}"), AccountKind::User, Some("P1"));
        a.password_changed_at = Some(ts(changed));
        a.last_login_at = Some(ts(changed));
        accounts.push(a);
    }
    let evidence = Evidence {
        persons: vec![person("P1", PersonStatus::Active)],
        systems: vec![system("SYS1", Some(2))],
        accounts,
        ..Evidence::default()
    };
    let pack = crate::RulePack::builtin().unwrap();
    let calendar = crate::Calendar::new(&[]);
    let snapshot = evidence.snapshot();
    let rules = vec!["PWD-AGE-USER".to_string(), "ACCT-DORMANT".to_string()];
    let full = evaluate(
        &pack,
        &snapshot,
        d("2026-03-31"),
        &calendar,
        &Selection { rules: rules.clone(), ..Selection::default() },
        &|_| true,
    )
    .unwrap();
    let fast_sel = Selection { rules, counted_only: vec![Status::Pass, Status::NotApplicable] };
    let fast = evaluate(&pack, &snapshot, d("2026-03-31"), &calendar, &fast_sel, &|_| true).unwrap();
    assert_eq!(full.counts, fast.counts);
    let not_pass: Vec<_> = full.findings.iter().filter(|f| f.status != Status::Pass).cloned().collect();
    assert!(!not_pass.is_empty() && not_pass.len() < full.findings.len(), "{full:#?}");
    assert_eq!(fast.findings, not_pass);
    assert!(fast.findings.iter().all(|f| !f.message_vi.is_empty() && !f.message_en.is_empty()));
}
