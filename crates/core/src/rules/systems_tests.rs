//! Tests of Điều 5.2-5.5.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::super::testkit::*;
use crate::evidence::{LevelStatus, UnitRole};
use crate::finding::Status;

fn org() -> Vec<crate::evidence::Unit> {
    vec![
        unit("BTC", None, &[UnitRole::Ministry]),
        unit("CHQ", Some("BTC"), &[UnitRole::Owner]),
        unit("CNTT", Some("CHQ"), &[UnitRole::CentralItSecurity, UnitRole::SecurityUnit, UnitRole::Operator]),
    ]
}

fn with(systems: Vec<crate::evidence::System>) -> Evidence {
    Evidence { units: org(), systems, ..Evidence::default() }
}

// 5.5: levels are approved by the competent authority before the protection plan is deployed (5.10).

#[test]
fn dieu_5_5_system_in_operation_needs_an_approved_level() {
    let mut proposed = system("S2", Some(3));
    proposed.level_status = Some(LevelStatus::Proposed);
    let mut none = system("S3", None);
    none.level_status = None;
    let mut not_running = system("S4", Some(2));
    not_running.in_operation = false;
    not_running.level_status = None;
    let f = with(vec![system("S1", Some(2)), proposed, none, not_running]).run("SYS-LEVEL-APPROVED", "2025-04-01");
    assert_eq!(status_of(&f, "S1"), Status::Pass);
    assert_eq!(status_of(&f, "S2"), Status::Fail);
    assert_eq!(status_of(&f, "S3"), Status::Fail);
    assert_eq!(status_of(&f, "S4"), Status::NotApplicable);
    assert_eq!(&*only(&f, "S1").cite, "Điều 5.5");
}

// 5.5.b: levels 1-2 by the owner's IT-security unit; level 3 by the owner; 4-5 per QĐ 201/QĐ-BTC (the Ministry).

#[test]
fn dieu_5_5_b_approver_must_match_the_level() {
    let mut l2_ok = system("L2OK", Some(2));
    l2_ok.level_approved_by = Some("CNTT".into());
    let mut l2_bad = system("L2BAD", Some(2));
    l2_bad.level_approved_by = Some("CHQ".into());
    let mut l3_ok = system("L3OK", Some(3));
    l3_ok.level_approved_by = Some("CHQ".into());
    let mut l3_bad = system("L3BAD", Some(3));
    l3_bad.level_approved_by = Some("CNTT".into());
    let mut l4_ok = system("L4OK", Some(4));
    l4_ok.level_approved_by = Some("BTC".into());
    let mut l5_bad = system("L5BAD", Some(5));
    l5_bad.level_approved_by = Some("CHQ".into());
    let mut no_approver = system("NOAPP", Some(1));
    no_approver.level_approved_by = None;
    let f =
        with(vec![l2_ok, l2_bad, l3_ok, l3_bad, l4_ok, l5_bad, no_approver]).run("SYS-LEVEL-AUTHORITY", "2025-04-01");
    for (s, want) in [
        ("L2OK", Status::Pass),
        ("L2BAD", Status::Fail),
        ("L3OK", Status::Pass),
        ("L3BAD", Status::Fail),
        ("L4OK", Status::Pass),
        ("L5BAD", Status::Fail),
        ("NOAPP", Status::Fail),
    ] {
        assert_eq!(status_of(&f, s), want, "{s}");
    }
}

#[test]
fn dieu_5_5_b_unapproved_levels_are_left_to_sys_level_approved() {
    let mut s = system("S1", Some(2));
    s.level_status = Some(LevelStatus::Appraised);
    assert!(with(vec![s]).run("SYS-LEVEL-AUTHORITY", "2025-04-01").is_empty());
}

// 5.2-5.4: every system has a chủ quản, an đơn vị vận hành and an đơn vị chuyên trách.

#[test]
fn dieu_5_2_to_5_4_system_names_owner_operator_and_security_unit() {
    let mut no_operator = system("S2", Some(2));
    no_operator.operator_unit = None;
    let mut unknown_unit = system("S3", Some(2));
    unknown_unit.security_unit = Some("XYZ".into());
    let f = with(vec![system("S1", Some(2)), no_operator, unknown_unit]).run("SYS-ROLES", "2025-04-01");
    assert_eq!(status_of(&f, "S1"), Status::Pass);
    assert_eq!(status_of(&f, "S2"), Status::Fail);
    assert!(only(&f, "S2").message_en.contains("no operator"));
    assert_eq!(status_of(&f, "S3"), Status::Fail);
    assert!(only(&f, "S3").message_en.contains("XYZ"));
}
