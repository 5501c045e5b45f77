//! Tests of Điều 11.1.a, 11.2.a and 7.3.d.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::super::testkit::*;
use crate::evidence::{AccountKind, AccountStatus, PersonStatus};
use crate::finding::Status;

fn evidence(accounts: Vec<crate::evidence::Account>) -> Evidence {
    Evidence {
        persons: vec![person("P1", PersonStatus::Active), person("P2", PersonStatus::Left)],
        systems: vec![system("SYS-A", Some(3))],
        accounts,
        ..Evidence::default()
    }
}

// 11.1.a: "Mỗi người dùng (…) phải được cấp và sử dụng tài khoản truy cập với
// định danh duy nhất gắn với người dùng đó. Trường hợp sử dụng tài khoản dùng
// chung (…) phải có cơ chế xác định các cá nhân có trách nhiệm quản lý tài khoản."

#[test]
fn dieu_11_1_a_account_with_one_owner_passes_and_without_owner_fails() {
    let f = evidence(vec![
        account("SYS-A", "annv", AccountKind::User, Some("P1")),
        account("SYS-A", "orphan", AccountKind::User, None),
        account("SYS-A", "svc", AccountKind::Service, None),
    ])
    .run("ACCT-UNIQUE-OWNER", "2025-04-01");
    assert_eq!(status_of(&f, "SYS-A/annv"), Status::Pass);
    assert_eq!(status_of(&f, "SYS-A/orphan"), Status::Fail);
    assert!(f.iter().all(|x| x.subject_id != "SYS-A/svc"), "service accounts are not personal accounts");
}

#[test]
fn dieu_11_1_a_shared_account_needs_named_responsible_persons() {
    let mut named = account("SYS-A", "phongkt", AccountKind::User, None);
    named.shared = true;
    named.responsible_person_ids = vec!["P1".into()];
    let mut anonymous = account("SYS-A", "chung", AccountKind::User, None);
    anonymous.shared = true;
    let f = evidence(vec![named, anonymous]).run("ACCT-UNIQUE-OWNER", "2025-04-01");
    assert_eq!(status_of(&f, "SYS-A/phongkt"), Status::Pass);
    assert_eq!(status_of(&f, "SYS-A/chung"), Status::Fail);
}

#[test]
fn dieu_11_1_a_disabled_accounts_are_not_judged() {
    let mut a = account("SYS-A", "orphan", AccountKind::User, None);
    a.status = AccountStatus::Disabled;
    assert!(evidence(vec![a]).run("ACCT-UNIQUE-OWNER", "2025-04-01").is_empty());
}

// 11.2.a: "Tài khoản quản trị hệ thống (…) phải tách biệt với tài khoản truy
// cập của người sử dụng thông thường. Tài khoản hệ thống phải được giao đích
// danh cá nhân làm công tác quản trị. Hạn chế dùng chung tài khoản quản trị."

#[test]
fn dieu_11_2_a_admin_account_must_be_named_to_one_person() {
    let f = evidence(vec![
        account("SYS-A", "adm.annv", AccountKind::Admin, Some("P1")),
        account("SYS-A", "administrator", AccountKind::Admin, None),
    ])
    .run("ACCT-ADMIN-SEPARATE", "2025-04-01");
    assert_eq!(status_of(&f, "SYS-A/adm.annv"), Status::Pass);
    assert_eq!(status_of(&f, "SYS-A/administrator"), Status::Fail);
}

#[test]
fn dieu_11_2_a_ordinary_account_holding_admin_rights_is_not_separate() {
    let mut a = account("SYS-A", "annv", AccountKind::User, Some("P1"));
    a.privileges = vec!["tra_cuu".into(), "Quản trị hệ thống".into()];
    let mut b = account("SYS-A", "binhtt", AccountKind::User, Some("P1"));
    b.privileges = vec!["tra_cuu".into(), "khai_bao".into()];
    let f = evidence(vec![a, b]).run("ACCT-ADMIN-SEPARATE", "2025-04-01");
    assert_eq!(status_of(&f, "SYS-A/annv"), Status::Fail);
    assert!(f.iter().all(|x| x.subject_id != "SYS-A/binhtt"));
}

#[test]
fn dieu_11_2_a_shared_admin_account_lists_responsible_persons() {
    let mut listed = account("SYS-A", "root", AccountKind::Admin, None);
    listed.shared = true;
    listed.responsible_person_ids = vec!["P1".into(), "P2".into()];
    let mut unlisted = account("SYS-A", "sa", AccountKind::Admin, None);
    unlisted.shared = true;
    let f = evidence(vec![listed, unlisted]).run("ACCT-ADMIN-SHARED", "2025-04-01");
    assert_eq!(status_of(&f, "SYS-A/root"), Status::Pass);
    assert_eq!(status_of(&f, "SYS-A/sa"), Status::Fail);
    assert_eq!(f.len(), 2);
}

// 7.3.d: "Rà soát, kiểm tra đối chiếu định kỳ giữa bộ phận quản lý nhân sự và
// bộ phận quản lý cấp phát, thu hồi quyền truy cập (…) để đảm bảo tài khoản
// người dùng của cán bộ (…) đã nghỉ việc được thu hồi."

#[test]
fn dieu_7_3_d_active_account_of_a_person_who_left_or_is_unknown_fails() {
    let f = evidence(vec![
        account("SYS-A", "annv", AccountKind::User, Some("P1")),
        account("SYS-A", "left", AccountKind::User, Some("P2")),
        account("SYS-A", "ghost", AccountKind::Admin, Some("P9")),
    ])
    .run("PERSON-HR-RECONCILE", "2025-04-01");
    assert_eq!(status_of(&f, "SYS-A/annv"), Status::Pass);
    assert_eq!(status_of(&f, "SYS-A/left"), Status::Fail);
    assert_eq!(status_of(&f, "SYS-A/ghost"), Status::Fail);
    assert!(only(&f, "SYS-A/ghost").message_en.contains("P9"));
}

#[test]
fn dieu_7_3_d_disabled_account_of_a_leaver_is_not_a_finding() {
    let mut a = account("SYS-A", "left", AccountKind::User, Some("P2"));
    a.status = AccountStatus::Deleted;
    assert!(evidence(vec![a]).run("PERSON-HR-RECONCILE", "2025-04-01").is_empty());
}
