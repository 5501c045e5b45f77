//! Tests of Điều 21 (changes) and 5.9 (level review after a change).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::super::testkit::*;
use super::super::testkit_ops::*;
use crate::evidence::ChangeKind as K;
use crate::finding::{Status, SubjectKind};

fn judged(f: &crate::Finding) -> (Status, Option<chrono::NaiveDate>, Option<i64>) {
    (f.status, f.due, f.overdue_days)
}

// 21.1: "lập kế hoạch thay đổi; thực hiện kiểm tra. thử nghiệm sự thay đổi, báo
// cáo kết quả; phê duyệt kế hoạch thay đổi trước khi áp dụng chính thức (…). Có
// phương án dự phòng cho việc phục hồi hệ thống".

#[test]
fn dieu_21_1_change_is_planned_tested_reported_approved_before_and_reversible() {
    let ok = change("C1", "S1", &[K::Configuration], Some("2025-05-10"));
    let mut no_plan = change("C2", "S1", &[K::Software], Some("2025-05-10"));
    no_plan.plan = None;
    no_plan.rollback_plan = None;
    let mut approved_after = change("C3", "S1", &[K::Hardware], Some("2025-05-10"));
    approved_after.approved_on = Some(d("2025-05-12"));
    let mut tested_after = change("C4", "S1", &[K::Emergency, K::Configuration], Some("2025-05-10"));
    tested_after.tested_on = Some(d("2025-05-11"));
    tested_after.test_report = None;
    let mut unapproved = change("C5", "S1", &[K::Procedure], Some("2025-05-10"));
    unapproved.approved_on = None;
    unapproved.approved_by = None;
    let planned = change("C6", "S1", &[K::Os], Some("2025-07-01"));
    let e = Evidence {
        systems: vec![system("S1", Some(2))],
        changes: vec![ok, no_plan, approved_after, tested_after, unapproved, planned],
        ..Evidence::default()
    };
    let f = e.run("CHG-CONTROLLED", "2025-06-01");
    assert_eq!(status_of(&f, "C1"), Status::Pass);
    assert_eq!(only(&f, "C1").subject_kind, SubjectKind::Change);
    assert_eq!(only(&f, "C1").evidence, vec!["changes/C1", "systems/S1"]);
    for (c, text) in [
        ("C2", "no change plan; no rollback plan"),
        ("C3", "approved on 2025-05-12, after it was applied"),
        ("C4", "tested on 2025-05-11, after it was applied; no test report"),
        ("C5", "change plan not approved"),
    ] {
        assert_eq!(status_of(&f, c), Status::Fail, "{c}");
        assert!(only(&f, c).message_en.contains(text), "{c}: {}", only(&f, c).message_en);
    }
    assert_eq!(status_of(&f, "C6"), Status::NotApplicable, "not applied by the as-of date");
}

#[test]
fn dieu_21_1_a_written_no_is_not_a_document() {
    use crate::evidence::{records::Row, Change, Value};
    let t = |s: &str| Value::Text(s.into());
    let mut cells = vec![Value::Null; 13];
    cells[0] = t("C1");
    cells[1] = t("S1");
    cells[2] = Value::List(vec!["software".into()]);
    cells[4] = t("Không");
    cells[6] = t("-");
    cells[10] = t("PA-01");
    let c = Change::from_row(&Row::new("changes", &cells)).unwrap();
    assert_eq!((c.plan, c.test_report, c.rollback_plan.as_deref()), (None, None, Some("PA-01")));
}

// 21.2: "Kiểm tra, đánh giá tác động (…) đối với hệ thống thông tin từ mức độ 2
// trở lên khi thay đổi phiên bản hoặc thay đổi hệ điều hành, cơ sở dữ liệu,
// phần mềm lớp giữa."

#[test]
fn dieu_21_2_os_database_middleware_changes_of_level_2_plus_have_an_impact_assessment() {
    let mut assessed = change("DB1", "S2", &[K::Database], Some("2025-05-01"));
    assessed.impact_assessment = Some("ĐGTĐ-01".into());
    let e = Evidence {
        systems: vec![system("S1", Some(1)), system("S2", Some(2))],
        changes: vec![
            change("OS1", "S1", &[K::Os], Some("2025-05-01")),
            assessed,
            change("MW1", "S2", &[K::Upgrade, K::Middleware], Some("2025-05-01")),
            change("CFG", "S2", &[K::Configuration], Some("2025-05-01")),
        ],
        ..Evidence::default()
    };
    let f = e.run("CHG-IMPACT", "2025-06-01");
    assert!(f.iter().all(|x| x.subject_id != "OS1"), "level 1 is out of scope");
    assert!(f.iter().all(|x| x.subject_id != "CFG"), "configuration changes are not OS/DB/middleware");
    assert_eq!(status_of(&f, "DB1"), Status::Pass);
    assert_eq!(status_of(&f, "MW1"), Status::Fail);
    assert!(only(&f, "MW1").message_en.contains("middleware change applied on 2025-05-01"));
}

// 5.9: "Khi thực hiện nâng cấp, mở rộng, thay thế một phần hệ thống thông tin,
// phải rà soát cấp độ, phương án bảo đảm an toàn".

#[test]
fn dieu_5_9_upgrade_expansion_replacement_needs_a_level_review_when_applied() {
    let mut reviewed = change("U1", "S1", &[K::Upgrade], Some("2025-05-10"));
    reviewed.level_reviewed_on = Some(d("2025-04-20"));
    let mut late = change("U2", "S1", &[K::Expansion], Some("2025-05-10"));
    late.level_reviewed_on = Some(d("2025-05-15"));
    let never = change("U3", "S1", &[K::Replacement, K::Hardware], Some("2025-05-10"));
    let today = change("U4", "S1", &[K::Upgrade], Some("2025-06-01"));
    let planned = change("U5", "S1", &[K::Upgrade], Some("2025-07-01"));
    let undated = change("U6", "S1", &[K::Upgrade], None);
    let other = change("X", "S1", &[K::Configuration], Some("2025-05-10"));
    let e = Evidence {
        systems: vec![system("S1", Some(3))],
        changes: vec![reviewed, late, never, today, planned, undated, other],
        ..Evidence::default()
    };
    let f = e.run("SYS-LEVEL-REVIEW", "2025-06-01");
    assert_eq!(judged(only(&f, "U1")), (Status::Pass, Some(d("2025-05-10")), None));
    assert_eq!(judged(only(&f, "U2")), (Status::Fail, Some(d("2025-05-10")), Some(5)));
    assert_eq!(judged(only(&f, "U3")), (Status::Fail, Some(d("2025-05-10")), Some(22)));
    assert_eq!(judged(only(&f, "U4")), (Status::Pending, Some(d("2025-06-01")), None));
    assert_eq!(judged(only(&f, "U5")), (Status::Pending, Some(d("2025-07-01")), None));
    assert_eq!(judged(only(&f, "U6")), (Status::Pending, None, None));
    assert!(f.iter().all(|x| x.subject_id != "X"));
    assert_eq!(&*only(&f, "U1").cite, "Điều 5.9");
}
