//! Tests of Điều 22 (security assessments), computed by hand from the article.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::super::testkit::*;
use super::super::testkit_ops::*;
use crate::evidence::{AssessmentKind as K, System};
use crate::finding::Status;

fn sys(id: &str, level: Option<u8>, internet: bool, since: &str) -> System {
    let mut s = system(id, level);
    s.internet_facing = internet;
    s.in_operation_since = Some(d(since));
    s
}

fn judged(f: &crate::Finding) -> (Status, Option<chrono::NaiveDate>, Option<i64>) {
    (f.status, f.due, f.overdue_days)
}

// 22.3: "a) Sáu tháng một lần đối với hệ thống thông tin mức độ 5 (…); b) Một
// năm một lần đối với các hệ thống thông tin mức độ 3, 4 và các trang thiết bị
// giao tiếp trực tiếp với môi trường bên ngoài như Internet (…); c) Hai năm
// một lần đối với hệ thống thông tin mức độ 1, 2."

#[test]
fn dieu_22_3_period_by_level_5_six_months_3_4_a_year_1_2_two_years() {
    let systems = vec![
        sys("L5", Some(5), false, "2015-01-01"),
        sys("L4", Some(4), false, "2015-01-01"),
        sys("L3", Some(3), false, "2015-01-01"),
        sys("L2", Some(2), false, "2015-01-01"),
        sys("L1", Some(1), false, "2015-01-01"),
        sys("L2NET", Some(2), true, "2015-01-01"),
    ];
    let assessments = systems.iter().map(|s| assessment(&s.system_id, K::Full, "2024-08-31")).collect();
    let f = Evidence { systems, assessments, ..Evidence::default() }.run("ASSESS-PERIOD", "2025-06-01");
    // 31/08/2024 + 6 months = 28/02/2025 (clamped): 93 days overdue on 01/06/2025.
    assert_eq!(judged(only(&f, "L5")), (Status::Fail, Some(d("2025-02-28")), Some(93)));
    assert_eq!(judged(only(&f, "L4")), (Status::Pass, Some(d("2025-08-31")), None));
    assert_eq!(judged(only(&f, "L3")), (Status::Pass, Some(d("2025-08-31")), None));
    assert_eq!(judged(only(&f, "L2")), (Status::Pass, Some(d("2026-08-31")), None));
    assert_eq!(judged(only(&f, "L1")), (Status::Pass, Some(d("2026-08-31")), None));
    // Internet-facing: at most a year whatever the level.
    assert_eq!(judged(only(&f, "L2NET")), (Status::Pass, Some(d("2025-08-31")), None));
    assert!(only(&f, "L2NET").message_en.contains("12 months (level 2, connected to the Internet"));
    assert_eq!(&*only(&f, "L5").cite, "Điều 22.3");
}

#[test]
fn dieu_22_3_third_party_connection_counts_as_external() {
    let mut s = sys("TP", Some(1), false, "2015-01-01");
    s.third_party_connected = true;
    let e = Evidence {
        systems: vec![s],
        assessments: vec![assessment("TP", K::Full, "2024-01-15")],
        ..Evidence::default()
    };
    assert_eq!(
        judged(only(&e.run("ASSESS-PERIOD", "2025-02-01"), "TP")),
        (Status::Fail, Some(d("2025-01-15")), Some(17))
    );
}

// 22.1.a-b: an assessment covers the architecture and the configuration; parts done separately count once both are done.

#[test]
fn dieu_22_1_parts_count_when_all_done_from_the_oldest_part() {
    let e = Evidence {
        systems: vec![sys("S", Some(3), false, "2015-01-01"), sys("HALF", Some(3), false, "2015-01-01")],
        assessments: vec![
            assessment("S", K::Architecture, "2025-02-10"),
            assessment("S", K::Configuration, "2024-09-01"),
            assessment("S", K::Full, "2024-03-01"),
            assessment("HALF", K::Configuration, "2025-01-01"),
        ],
        ..Evidence::default()
    };
    let f = e.run("ASSESS-PERIOD", "2025-06-01");
    // Both parts last done by 01/09/2024 → due 01/09/2025.
    assert_eq!(judged(only(&f, "S")), (Status::Pass, Some(d("2025-09-01")), None));
    assert_eq!(only(&f, "S").evidence.len(), 3, "system + the two rows");
    // Only the configuration part: never completely assessed since go-live (2015) → 12 months after go-live.
    assert_eq!(judged(only(&f, "HALF")), (Status::Fail, Some(d("2016-01-01")), Some(3439)));
}

// A system in operation never assessed: fail once its first period has run out since go-live.

#[test]
fn dieu_22_3_never_assessed_is_pending_in_the_first_period_then_fails() {
    let e = || Evidence { systems: vec![sys("NEW", Some(3), false, "2024-07-01")], ..Evidence::default() };
    assert_eq!(
        judged(only(&e().run("ASSESS-PERIOD", "2025-07-01"), "NEW")),
        (Status::Pending, Some(d("2025-07-01")), None)
    );
    assert_eq!(
        judged(only(&e().run("ASSESS-PERIOD", "2025-07-02"), "NEW")),
        (Status::Fail, Some(d("2025-07-01")), Some(1))
    );
    let mut unknown = sys("OLD", Some(2), false, "2024-07-01");
    unknown.in_operation_since = None;
    let f = Evidence { systems: vec![unknown], ..Evidence::default() }.run("ASSESS-PERIOD", "2025-07-02");
    assert_eq!(judged(only(&f, "OLD")), (Status::Fail, None, None));
}

#[test]
fn dieu_22_3_unknown_level_is_no_evidence_and_not_in_operation_not_applicable() {
    let mut off = sys("OFF", Some(3), false, "2024-07-01");
    off.in_operation = false;
    let future = sys("SOON", Some(3), false, "2025-09-01");
    let e = Evidence {
        systems: vec![sys("NOLEVEL", None, false, "2015-01-01"), off, future],
        assessments: vec![assessment("NOLEVEL", K::Full, "2025-01-01")],
        ..Evidence::default()
    };
    let f = e.run("ASSESS-PERIOD", "2025-07-02");
    assert_eq!(status_of(&f, "NOLEVEL"), Status::NoEvidence);
    assert!(only(&f, "NOLEVEL").message_en.contains("Last assessed on 2025-01-01"));
    assert_eq!(status_of(&f, "OFF"), Status::NotApplicable);
    assert_eq!(status_of(&f, "SOON"), Status::NotApplicable, "goes live after the as-of date");
}

#[test]
fn dieu_22_3_assessments_after_the_as_of_date_do_not_count() {
    let e = Evidence {
        systems: vec![sys("S", Some(4), false, "2015-01-01")],
        assessments: vec![assessment("S", K::Full, "2024-01-10"), assessment("S", K::Full, "2025-03-01")],
        ..Evidence::default()
    };
    assert_eq!(
        judged(only(&e.run("ASSESS-PERIOD", "2025-02-01"), "S")),
        (Status::Fail, Some(d("2025-01-10")), Some(22))
    );
}

// 22.1.c: "Kiểm tra thử nghiệm mức độ an toàn mạng (Penetration Test), bắt buộc
// phải thực hiện đối với các hệ thống thông tin có kết nối và cung cấp thông
// tin, dịch vụ ra Internet, kết nối với doanh nghiệp và bên thứ ba."

#[test]
fn dieu_22_1_c_internet_or_third_party_systems_have_a_pentest_each_period() {
    let mut tp = sys("TP", Some(5), false, "2015-01-01");
    tp.third_party_connected = true;
    let e = Evidence {
        systems: vec![
            sys("NET", Some(3), true, "2015-01-01"),
            tp,
            sys("INTERNAL", Some(3), false, "2015-01-01"),
            sys("NOPT", Some(2), true, "2024-01-01"),
        ],
        assessments: vec![
            assessment("NET", K::Pentest, "2024-09-15"),
            assessment("NET", K::Full, "2023-05-01"),
            assessment("TP", K::Full, "2024-10-01"),
            assessment("NOPT", K::Architecture, "2024-12-01"),
            assessment("NOPT", K::Configuration, "2024-12-01"),
        ],
        ..Evidence::default()
    };
    let f = e.run("ASSESS-PENTEST", "2025-06-01");
    assert_eq!(judged(only(&f, "NET")), (Status::Pass, Some(d("2025-09-15")), None));
    // Level 5: every 6 months; the full assessment of 01/10/2024 included the pentest → due 01/04/2025.
    assert_eq!(judged(only(&f, "TP")), (Status::Fail, Some(d("2025-04-01")), Some(61)));
    assert_eq!(status_of(&f, "INTERNAL"), Status::NotApplicable);
    // Assessed without a pentest; live since 01/01/2024, 12 months for an Internet-facing system.
    assert_eq!(judged(only(&f, "NOPT")), (Status::Fail, Some(d("2025-01-01")), Some(151)));
    assert_eq!(&*only(&f, "NET").cite, "Điều 22.1.c");
}
