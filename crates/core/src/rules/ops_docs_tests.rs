//! Tests of Điều 17 (security design), 24 (maintenance regulation) and 20.2 (test data).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::super::testkit::*;
use super::super::testkit_ops::*;
use crate::evidence::{ChangeKind, DocumentKind as D, MaintenanceContent as M, System};
use crate::finding::Status;

fn judged(f: &crate::Finding) -> (Status, Option<chrono::NaiveDate>, Option<i64>) {
    (f.status, f.due, f.overdue_days)
}

fn live(id: &str, level: u8, since: Option<&str>) -> System {
    let mut s = system(id, Some(level));
    s.in_operation_since = since.map(d);
    s
}

// 17.1-2: level 2+: "Xây dựng tài liệu thiết kế, mô tả về các phương án bảo
// đảm an toàn (…). Kết quả kiểm tra phải lập thành báo cáo và được cấp có thẩm
// quyền phê duyệt trước khi đưa vào vận hành chính thức."

#[test]
fn dieu_17_design_and_verification_report_approved_before_go_live() {
    let e = Evidence {
        systems: vec![
            live("OK", 3, Some("2023-03-01")),
            live("LATE", 2, Some("2023-03-01")),
            live("NODESIGN", 4, Some("2023-03-01")),
            live("NOREPORT", 2, Some("2023-03-01")),
            live("L1", 1, Some("2023-03-01")),
        ],
        documents: vec![
            doc("OK", D::SecurityDesign, "TK-01", Some("2022-10-01"), None),
            doc("OK", D::VerificationReport, "BC-01", Some("2023-02-20"), None),
            doc("LATE", D::SecurityDesign, "TK-02", None, None),
            doc("LATE", D::VerificationReport, "BC-02", Some("2023-03-11"), None),
            doc("NODESIGN", D::VerificationReport, "BC-03", Some("2023-02-01"), None),
            doc("NOREPORT", D::SecurityDesign, "TK-04", Some("2022-12-01"), None),
            doc("NOREPORT", D::VerificationReport, "BC-04", None, None),
        ],
        ..Evidence::default()
    };
    let f = e.run("SYS-SECURITY-DESIGN", "2025-06-01");
    assert_eq!(judged(only(&f, "OK")), (Status::Pass, Some(d("2023-03-01")), None));
    assert_eq!(judged(only(&f, "LATE")), (Status::Fail, Some(d("2023-03-01")), Some(10)));
    assert!(only(&f, "LATE").message_en.contains("approved on 2023-03-11, after the go-live"));
    // No design at all: overdue from go-live to the as-of date (01/03/2023 → 01/06/2025 = 823 days).
    assert_eq!(judged(only(&f, "NODESIGN")), (Status::Fail, Some(d("2023-03-01")), Some(823)));
    assert_eq!(
        judged(only(&f, "NOREPORT")),
        (Status::Fail, Some(d("2023-03-01")), Some(823)),
        "an unapproved report does not count"
    );
    assert!(f.iter().all(|x| x.subject_id != "L1"), "levels 2-5");
    assert_eq!(&*only(&f, "OK").cite, "Điều 17.1-2");
}

#[test]
fn dieu_17_an_upgrade_needs_a_new_report_after_the_previous_event() {
    let mut up = change("UP1", "S", &[ChangeKind::Upgrade], Some("2024-09-01"));
    up.level_reviewed_on = None;
    let e = || Evidence {
        systems: vec![live("S", 3, Some("2021-01-01"))],
        documents: vec![
            doc("S", D::SecurityDesign, "TK", Some("2020-11-01"), None),
            doc("S", D::VerificationReport, "BC-2020", Some("2020-12-15"), None),
        ],
        changes: vec![up.clone()],
        ..Evidence::default()
    };
    let f = e().run("SYS-SECURITY-DESIGN", "2024-08-31");
    assert_eq!(judged(only(&f, "S")), (Status::Pass, Some(d("2021-01-01")), None), "before the upgrade");
    let f = e().run("SYS-SECURITY-DESIGN", "2024-09-11");
    assert_eq!(judged(only(&f, "S")), (Status::Fail, Some(d("2024-09-01")), Some(10)));
    assert!(only(&f, "S").evidence.contains(&"changes/UP1".to_string()));
    let mut with_report = e();
    with_report.documents.push(doc("S", D::VerificationReport, "BC-2024", Some("2024-08-25"), None));
    assert_eq!(status_of(&with_report.run("SYS-SECURITY-DESIGN", "2024-09-11"), "S"), Status::Pass);
}

#[test]
fn dieu_17_timing_before_the_decision_took_effect_is_not_judged() {
    let e = Evidence {
        systems: vec![live("LEGACY", 4, Some("2014-04-01")), live("BARE", 4, Some("2014-04-01"))],
        documents: vec![
            doc("LEGACY", D::SecurityDesign, "TK", None, None),
            doc("LEGACY", D::VerificationReport, "BC", Some("2021-06-01"), None),
        ],
        ..Evidence::default()
    };
    let f = e.run("SYS-SECURITY-DESIGN", "2025-06-01");
    assert_eq!(judged(only(&f, "LEGACY")), (Status::Pass, None, None));
    assert_eq!(judged(only(&f, "BARE")), (Status::Fail, None, None));
}

#[test]
fn dieu_17_system_not_yet_live_is_pending_and_unknown_go_live_cannot_be_timed() {
    let mut building = live("NEW", 3, Some("2025-09-01"));
    building.in_operation = false;
    let e = Evidence {
        systems: vec![building, live("NODATE", 3, None)],
        documents: vec![
            doc("NODATE", D::SecurityDesign, "TK", Some("2020-01-01"), None),
            doc("NODATE", D::VerificationReport, "BC", Some("2020-02-01"), None),
        ],
        ..Evidence::default()
    };
    let f = e.run("SYS-SECURITY-DESIGN", "2025-06-01");
    assert_eq!(judged(only(&f, "NEW")), (Status::Pending, Some(d("2025-09-01")), None));
    assert_eq!(status_of(&f, "NODATE"), Status::NoEvidence);
}

// 24.1: "Ban hành quy định bảo trì hệ thống thông tin ngay sau khi đưa vào
// hoạt động chính thức"; 24.3: "Rà soát quy định bảo trì tối thiểu một năm một
// lần hoặc khi hệ thống thông tin có sự thay đổi."

#[test]
fn dieu_24_3_maintenance_regulation_reviewed_every_year() {
    let e = || Evidence {
        systems: vec![
            live("S1", 2, Some("2018-01-01")),
            live("S2", 3, Some("2018-01-01")),
            live("S3", 1, Some("2018-01-01")),
        ],
        documents: vec![
            doc("S1", D::MaintenanceRegulation, "QĐ-BT-1", Some("2019-02-01"), Some("2024-07-15")),
            doc("S2", D::MaintenanceRegulation, "QĐ-BT-2", Some("2023-05-31"), None),
        ],
        ..Evidence::default()
    };
    let f = e().run("MAINT-REGULATION", "2025-06-01");
    assert_eq!(judged(only(&f, "S1")), (Status::Pass, Some(d("2025-07-15")), None));
    assert_eq!(judged(only(&f, "S2")), (Status::Fail, Some(d("2024-05-31")), Some(366)));
    // Never issued; live since 2018 → due 30 days later (31/01/2018).
    assert_eq!(judged(only(&f, "S3")), (Status::Fail, Some(d("2018-01-31")), Some(2678)));
    assert_eq!(&*only(&f, "S1").cite, "Điều 24.1, 24.3");
}

#[test]
fn dieu_24_3_a_change_brings_the_review_forward() {
    let e = Evidence {
        systems: vec![live("S1", 2, Some("2018-01-01"))],
        documents: vec![doc("S1", D::MaintenanceRegulation, "QĐ-BT-1", Some("2025-01-10"), None)],
        changes: vec![change("EXP", "S1", &[ChangeKind::Expansion], Some("2025-03-01"))],
        ..Evidence::default()
    };
    let f = e.run("MAINT-REGULATION", "2025-04-15");
    // Review due 30 days after the expansion: 31/03/2025; 15 days overdue.
    assert_eq!(judged(only(&f, "S1")), (Status::Fail, Some(d("2025-03-31")), Some(15)));
    assert!(only(&f, "S1").evidence.contains(&"changes/EXP".to_string()));
}

#[test]
fn dieu_24_1_declared_contents_must_cover_a_to_dd() {
    let mut partial = doc("S1", D::MaintenanceRegulation, "QĐ-BT-1", Some("2025-01-10"), None);
    partial.contents = Some(vec![M::Scope, M::Schedule, M::Procedure]);
    let mut full = doc("S2", D::MaintenanceRegulation, "QĐ-BT-2", Some("2025-01-10"), None);
    full.contents = Some(vec![M::Scope, M::Schedule, M::Procedure, M::IncidentReporting, M::Responsibilities]);
    let mut new = live("S3", 2, Some("2025-05-20"));
    new.level = Some(2);
    let e = Evidence {
        systems: vec![live("S1", 2, Some("2018-01-01")), live("S2", 2, Some("2018-01-01")), new],
        documents: vec![partial, full],
        ..Evidence::default()
    };
    let f = e.run("MAINT-REGULATION", "2025-06-01");
    assert_eq!(status_of(&f, "S1"), Status::Fail);
    assert!(only(&f, "S1").message_en.contains("missing contents incident_reporting, responsibilities"));
    assert_eq!(judged(only(&f, "S2")), (Status::Pass, Some(d("2026-01-10")), None));
    assert_eq!(judged(only(&f, "S3")), (Status::Pending, Some(d("2025-06-19")), None));
}

// 20.2: "Không sử dụng dữ liệu thật của hệ thống thông tin vận hành chính thức
// cho hoạt động kiểm thử khi chưa thực hiện các biện pháp che giấu hoặc thay
// đổi đối với dữ liệu chứa thông tin nghiệp vụ và thông tin bí mật."

#[test]
fn dieu_20_2_test_environments_never_hold_unmasked_production_data() {
    let e = Evidence {
        systems: vec![system("S1", Some(2)), system("S2", Some(3)), system("S3", Some(1))],
        test_environments: vec![
            test_env("S1", "UAT", true, Some(true)),
            test_env("S1", "DEV", false, None),
            test_env("S2", "UAT", true, Some(false)),
            test_env("S2", "STAGING", true, None),
            test_env("GHOST", "TEST", true, Some(false)),
        ],
        ..Evidence::default()
    };
    let f = e.run("DEV-TEST-DATA", "2025-06-01");
    assert_eq!(status_of(&f, "S1"), Status::Pass);
    assert_eq!(status_of(&f, "S2"), Status::Fail);
    assert!(only(&f, "S2").message_en.contains("UAT, STAGING"));
    assert_eq!(status_of(&f, "S3"), Status::NoEvidence, "no declaration");
    assert_eq!(status_of(&f, "GHOST"), Status::Fail, "a system not imported is still judged");
    assert_eq!(&*only(&f, "S1").cite, "Điều 20.2");
}
