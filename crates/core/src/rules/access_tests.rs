//! Tests of Điều 7.3.d (periodic part), 11.1.b, 11.3.a (configured policy),
//! 11.3.b-c, 11.4, 11.5 and 12.2-12.4, computed by hand from the article text.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::super::testkit::*;
use super::super::testkit_org_a::*;
use crate::evidence::{
    AccountKind, AccountStatus, AssetCategory, AssetRole, ExposureKind, LocalMemberKind, PasswordExposure,
    PersonStatus, UnitRole,
};
use crate::finding::{Status, SubjectKind};

fn sys(id: &str, since: &str, units: &str) -> crate::evidence::System {
    let mut s = system(id, Some(2));
    s.in_operation_since = Some(d(since));
    s.owner_unit = Some(units.into());
    s.operator_unit = Some(units.into());
    s.security_unit = Some(units.into());
    s
}

// 7.3.d: "Rà soát, kiểm tra đối chiếu định kỳ giữa bộ phận quản lý nhân sự
// và bộ phận quản lý cấp phát, thu hồi quyền truy cập hệ thống thông tin" —
// every 12 months (pack default).

fn reconciling() -> Evidence {
    let mut disabled = account("SYS-D", "old", AccountKind::User, Some("P1"));
    disabled.status = AccountStatus::Disabled;
    disabled.disabled_on = Some(d("2024-01-01"));
    Evidence {
        persons: vec![person("P1", PersonStatus::Active)],
        systems: vec![
            sys("SYS-A", "2021-06-01", "CNTT"),
            sys("SYS-B", "2021-06-01", "CNTT"),
            sys("SYS-C", "2024-10-01", "KV05"),
            sys("SYS-D", "2020-01-01", "KV05"),
            sys("SYS-E", "2020-01-01", "KV06"),
        ],
        accounts: vec![
            account("SYS-A", "a", AccountKind::User, Some("P1")),
            account("SYS-B", "b", AccountKind::Admin, Some("P1")),
            account("SYS-C", "c", AccountKind::User, Some("P1")),
            disabled,
            account("SYS-E", "e", AccountKind::User, Some("P1")),
            account("SYS-E", "svc", AccountKind::Service, None),
        ],
        hr_reconciliations: vec![
            reconciliation("R1", None, Some("SYS-A"), "2024-09-01"),
            reconciliation("R2", Some("CNTT"), None, "2024-01-15"),
            reconciliation("R3", Some("KV06"), None, "2025-06-01"),
        ],
        ..Evidence::default()
    }
}

#[test]
fn dieu_7_3_d_each_system_with_personal_accounts_is_reconciled_with_hr_every_12_months() {
    let f = reconciling().run("PERSON-HR-RECONCILE", "2025-04-01");
    let a = only(&f, "SYS-A");
    assert_eq!((a.status, a.subject_kind, a.due), (Status::Pass, SubjectKind::System, Some(d("2025-09-01"))));
    assert!(a.evidence.contains(&"hr_reconciliations/R1".to_string()));
    let b = only(&f, "SYS-B");
    assert_eq!((b.status, b.due, b.overdue_days), (Status::Fail, Some(d("2025-01-15")), Some(76)), "by its unit CNTT");
    let c = only(&f, "SYS-C");
    assert_eq!((c.status, c.due), (Status::Pass, Some(d("2025-10-01"))), "in operation since 01/10/2024");
    let e = only(&f, "SYS-E");
    assert_eq!((e.status, e.due), (Status::Fail, Some(d("2021-01-01"))), "R3 is after the as-of date");
    assert!(f.iter().all(|x| x.subject_id != "SYS-D"), "no active personal account to reconcile");
    // The per-account reconciliation is unchanged.
    assert_eq!(status_of(&f, "SYS-A/a"), Status::Pass);
}

#[test]
fn dieu_7_3_d_without_reconciliation_records_the_periodic_part_is_no_evidence() {
    let mut e = reconciling();
    e.hr_reconciliations.clear();
    let f = e.run("PERSON-HR-RECONCILE", "2025-04-01");
    assert_eq!(status_of(&f, "SYS-A"), Status::NoEvidence);
    assert_eq!(status_of(&f, "SYS-C"), Status::Pass, "first reconciliation not due yet");
}

// 11.5: "Hệ thống tài khoản công nghệ thông tin phải được rà soát hàng năm".

fn reviewed(reviews: bool) -> Evidence {
    let mut e = reconciling();
    e.systems[3].in_operation = false;
    if reviews {
        e.account_reviews = vec![
            review("RV1", "SYS-A", "2024-05-01"),
            review("RV2", "SYS-B", "2024-02-29"),
            review("RV3", "SYS-E", "2025-05-01"),
        ];
    }
    e
}

#[test]
fn dieu_11_5_accounts_and_rights_of_each_system_reviewed_every_year() {
    let f = reviewed(true).run("ACCT-ANNUAL-REVIEW", "2025-04-01");
    assert_eq!((status_of(&f, "SYS-A"), only(&f, "SYS-A").due), (Status::Pass, Some(d("2025-05-01"))));
    let b = only(&f, "SYS-B");
    assert_eq!((b.status, b.due, b.overdue_days), (Status::Fail, Some(d("2025-02-28")), Some(32)), "29/02 + 12 months");
    assert_eq!((status_of(&f, "SYS-C"), only(&f, "SYS-C").due), (Status::Pass, Some(d("2025-10-01"))));
    assert_eq!(status_of(&f, "SYS-D"), Status::NotApplicable, "not in operation");
    assert_eq!(status_of(&f, "SYS-E"), Status::Fail, "a review after the as-of date does not count");
}

#[test]
fn dieu_11_5_without_review_records_is_no_evidence() {
    let f = reviewed(false).run("ACCT-ANNUAL-REVIEW", "2025-04-01");
    assert_eq!(status_of(&f, "SYS-A"), Status::NoEvidence, "no review imported at all");
    assert_eq!(status_of(&f, "SYS-C"), Status::Pass, "first review not due yet");
}

// 11.4: "lãnh đạo đơn vị Hải quan (…) đang quản lý người dùng có tài khoản cần
// khóa phải yêu cầu bằng văn bản (…). Đơn vị vận hành hệ thống thông tin thực
// hiện việc khóa quyền truy cập của tài khoản" — within 1 working day.

fn locking() -> Evidence {
    let mut p1 = person("P1", PersonStatus::Active);
    p1.unit_code = Some("KV01-P1".into());
    let accounts = ["l1", "l2", "l3", "l4", "l5", "l6", "l7"]
        .iter()
        .map(|u| {
            let mut a = account("SYS-A", u, AccountKind::User, Some("P1"));
            a.status = AccountStatus::Disabled;
            a.disabled_on = Some(d("2025-03-04"));
            a
        })
        .collect();
    Evidence {
        units: vec![
            unit("CHQ", None, &[UnitRole::Owner]),
            unit("KV01", Some("CHQ"), &[]),
            unit("KV01-P1", Some("KV01"), &[]),
            unit("KV02", Some("CHQ"), &[]),
        ],
        persons: vec![p1],
        systems: vec![system("SYS-A", Some(3))],
        accounts,
        ..Evidence::default()
    }
}

#[test]
fn dieu_11_4_written_lock_request_executed_by_the_next_working_day_passes() {
    let mut e = locking();
    e.lock_requests = vec![lock_request("L1", "SYS-A", "l1", "KV01", "2025-03-03", Some("2025-03-04"))];
    let f = e.run("ACCT-LOCK-REQUEST", "2025-04-01");
    let l1 = only(&f, "SYS-A/l1");
    assert_eq!((l1.status, l1.due), (Status::Pass, Some(d("2025-03-04"))));
    assert!(l1.evidence.contains(&"lock_requests/L1".to_string()));
}

#[test]
fn dieu_11_4_lock_executed_late_or_not_at_all_fails_and_is_pending_before_the_deadline() {
    let mut e = locking();
    e.accounts[2].status = AccountStatus::Active;
    e.accounts[2].disabled_on = None;
    e.lock_requests = vec![
        lock_request("L2", "SYS-A", "l2", "KV01", "2025-03-03", Some("2025-03-06")),
        lock_request("L3", "SYS-A", "l3", "KV01", "2025-03-28", None),
    ];
    let f = e.clone_run("2025-04-01");
    assert_eq!((status_of(&f, "SYS-A/l2"), only(&f, "SYS-A/l2").overdue_days), (Status::Fail, Some(2)));
    assert_eq!((status_of(&f, "SYS-A/l3"), only(&f, "SYS-A/l3").overdue_days), (Status::Fail, Some(1)));
    let f = e.clone_run("2025-03-31");
    assert_eq!((status_of(&f, "SYS-A/l3"), only(&f, "SYS-A/l3").due), (Status::Pending, Some(d("2025-03-31"))));
}

#[test]
fn dieu_11_4_request_not_in_writing_or_not_from_the_managing_unit_fails() {
    let mut e = locking();
    let mut no_doc = lock_request("L5", "SYS-A", "l5", "KV01", "2025-03-03", Some("2025-03-04"));
    no_doc.document_no = None;
    e.lock_requests = vec![lock_request("L4", "SYS-A", "l4", "KV02", "2025-03-03", Some("2025-03-04")), no_doc];
    let f = e.run("ACCT-LOCK-REQUEST", "2025-04-01");
    assert_eq!(status_of(&f, "SYS-A/l4"), Status::Fail);
    assert!(only(&f, "SYS-A/l4").message_en.contains("KV02 does not manage the user"));
    assert_eq!(status_of(&f, "SYS-A/l5"), Status::Fail);
    assert!(only(&f, "SYS-A/l5").message_en.contains("not in writing"));
}

#[test]
fn dieu_11_4_the_account_list_tells_whether_the_lock_happened() {
    let mut e = locking();
    e.accounts[5].status = AccountStatus::Active;
    e.accounts[5].disabled_on = None;
    e.lock_requests = vec![
        lock_request("L6", "SYS-A", "l6", "KV01", "2025-03-03", Some("2025-03-04")),
        lock_request("L7", "SYS-A", "l7", "KV01", "2025-03-03", None),
    ];
    let f = e.run("ACCT-LOCK-REQUEST", "2025-04-01");
    assert_eq!(status_of(&f, "SYS-A/l6"), Status::Fail, "recorded as locked but the account is active");
    assert_eq!(status_of(&f, "SYS-A/l7"), Status::Pass, "disabled on 04/03 per the accounts evidence");
}

trait CloneRun {
    fn clone_run(&self, as_of: &str) -> Vec<crate::finding::Finding>;
}

impl CloneRun for Evidence {
    fn clone_run(&self, as_of: &str) -> Vec<crate::finding::Finding> {
        Evidence {
            units: self.units.clone(),
            persons: self.persons.clone(),
            systems: self.systems.clone(),
            accounts: self.accounts.clone(),
            lock_requests: self.lock_requests.clone(),
            ..Evidence::default()
        }
        .run("ACCT-LOCK-REQUEST", as_of)
    }
}

// 11.3.b: "Mật khẩu phải được đổi ngay sau khi nhận bàn giao từ người khác
// hoặc có thông báo về sự cố an toàn thông tin, điểm yếu liên quan đến khả
// năng lộ mật khẩu" — by the next working day (handover Fri 07/03/2025 → Mon 10/03).

fn handed_over(changed: Option<&str>) -> Evidence {
    let mut a = account("SYS-A", "admin01", AccountKind::Admin, Some("P2"));
    a.password_changed_at = changed.map(ts);
    let mut h = handover("BB-1", "P1", None, "2025-03-07");
    h.accounts = vec!["SYS-A/admin01".into(), "SYS-A/ghost".into()];
    Evidence {
        persons: vec![person("P1", PersonStatus::Left), person("P2", PersonStatus::Active)],
        systems: vec![system("SYS-A", Some(3))],
        accounts: vec![a],
        handovers: vec![h],
        ..Evidence::default()
    }
}

#[test]
fn dieu_11_3_b_password_changed_by_the_next_working_day_after_a_handover_passes() {
    let f = handed_over(Some("2025-03-10")).run("PWD-AFTER-HANDOVER", "2025-04-01");
    let a = only(&f, "SYS-A/admin01");
    assert_eq!((a.status, a.due), (Status::Pass, Some(d("2025-03-10"))));
    assert!(a.evidence.contains(&"handovers/BB-1".to_string()));
    assert_eq!(status_of(&f, "SYS-A/ghost"), Status::NoEvidence, "account not in the accounts evidence");
}

#[test]
fn dieu_11_3_b_password_not_changed_since_the_handover_is_pending_then_fails() {
    let f = handed_over(Some("2025-03-05")).run("PWD-AFTER-HANDOVER", "2025-03-10");
    assert_eq!(status_of(&f, "SYS-A/admin01"), Status::Pending);
    let f = handed_over(Some("2025-03-05")).run("PWD-AFTER-HANDOVER", "2025-03-12");
    assert_eq!((status_of(&f, "SYS-A/admin01"), only(&f, "SYS-A/admin01").overdue_days), (Status::Fail, Some(2)));
}

#[test]
fn dieu_11_3_b_a_later_change_alone_cannot_show_the_immediate_change() {
    let f = handed_over(Some("2025-03-20")).run("PWD-AFTER-HANDOVER", "2025-04-01");
    assert_eq!(status_of(&f, "SYS-A/admin01"), Status::NoEvidence);
    assert!(only(&f, "SYS-A/admin01").message_en.contains("cannot be told"));
}

#[test]
fn dieu_11_3_b_disabling_the_handed_over_account_in_time_also_removes_the_risk() {
    let mut e = handed_over(None);
    e.accounts[0].status = AccountStatus::Disabled;
    e.accounts[0].disabled_on = Some(d("2025-03-08"));
    assert_eq!(status_of(&e.run("PWD-AFTER-HANDOVER", "2025-04-01"), "SYS-A/admin01"), Status::Pass);
}

#[test]
fn dieu_11_3_b_an_incident_notice_without_usernames_concerns_every_active_account_of_the_system() {
    let mut b1 = account("SYS-B", "b1", AccountKind::User, Some("P2"));
    b1.password_changed_at = Some(ts("2025-03-07"));
    let mut b2 = account("SYS-B", "b2", AccountKind::User, Some("P2"));
    b2.password_changed_at = Some(ts("2025-01-01"));
    let mut b3 = account("SYS-B", "b3", AccountKind::User, Some("P2"));
    b3.status = AccountStatus::Disabled;
    b3.disabled_on = Some(d("2025-01-01"));
    let e = Evidence {
        systems: vec![system("SYS-B", Some(2))],
        accounts: vec![b1, b2, b3],
        password_exposures: vec![PasswordExposure {
            exposure_id: "SC-01".into(),
            kind: ExposureKind::Incident,
            system_id: "SYS-B".into(),
            usernames: vec![],
            notified_on: d("2025-03-07"),
            reference: Some("INC-2025-07".into()),
        }],
        ..Evidence::default()
    };
    let f = e.run("PWD-AFTER-HANDOVER", "2025-03-20");
    assert_eq!(status_of(&f, "SYS-B/b1"), Status::Pass);
    assert_eq!((status_of(&f, "SYS-B/b2"), only(&f, "SYS-B/b2").overdue_days), (Status::Fail, Some(10)));
    assert!(f.iter().all(|x| x.subject_id != "SYS-B/b3"), "disabled before the notice");
    assert!(only(&f, "SYS-B/b2").evidence.contains(&"password_exposures/SC-01".to_string()));
}

// 11.1.b: "Tài khoản của người dùng không được cấp quyền quản trị trên máy
// tính nối mạng."

fn endpoints() -> Evidence {
    let mut off = asset("PC-3", AssetCategory::Desktop, &[AssetRole::Workstation]);
    off.networked = Some(false);
    Evidence {
        systems: vec![system("AD", Some(3))],
        accounts: vec![
            account("AD", "annv", AccountKind::User, Some("P1")),
            account("AD", "adm.it", AccountKind::Admin, Some("P2")),
        ],
        assets: vec![
            asset("PC-1", AssetCategory::Desktop, &[AssetRole::Workstation]),
            asset("PC-2", AssetCategory::Laptop, &[AssetRole::Workstation]),
            off,
            asset("PC-6", AssetCategory::Desktop, &[AssetRole::Workstation]),
        ],
        local_admins: vec![
            local_admin("PC-1", "PC-1\\Administrator", None),
            local_admin("PC-1", "HQ\\adm.it", None),
            local_admin("PC-2", "HQ\\adm.it", None),
            local_admin("PC-2", "HQ\\ANNV", None),
            local_admin("PC-3", "HQ\\annv", None),
            local_admin("PC-4", "xyz", None),
            local_admin("PC-5", "nguyenvanb", Some(LocalMemberKind::User)),
            local_admin("PC-5", "HQ\\IT Desktop Admins", Some(LocalMemberKind::Group)),
        ],
        ..Evidence::default()
    }
}

#[test]
fn dieu_11_1_b_user_account_in_the_local_administrators_group_fails() {
    let f = endpoints().run("ACCT-NO-LOCAL-ADMIN", "2025-04-01");
    let pc1 = only(&f, "PC-1");
    assert_eq!((pc1.status, pc1.subject_kind), (Status::Pass, SubjectKind::Asset));
    let pc2 = only(&f, "PC-2");
    assert_eq!(pc2.status, Status::Fail, "HQ\\ANNV is the ordinary account annv");
    assert!(pc2.message_en.contains("HQ\\ANNV"));
    assert_eq!(status_of(&f, "PC-5"), Status::Fail, "declared a user account");
}

#[test]
fn dieu_11_1_b_only_networked_computers_and_members_of_known_kind_are_judged() {
    let f = endpoints().run("ACCT-NO-LOCAL-ADMIN", "2025-04-01");
    assert_eq!(status_of(&f, "PC-3"), Status::NotApplicable, "not networked");
    assert_eq!(status_of(&f, "PC-4"), Status::NoEvidence, "unknown member xyz");
    assert_eq!(status_of(&f, "PC-6"), Status::NoEvidence, "networked computer with no export");
}
