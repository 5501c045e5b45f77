//! Tests of Điều 7.1.b, 7.1.c, 7.2.a, 7.3.b and 31, computed by hand from
//! the article text.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::super::testkit::*;
use super::super::testkit_org_a::*;
use crate::evidence::{AccountKind, AccountStatus, HrEventKind, PersonStatus, TrainingKind, TrainingNeed, UnitRole};
use crate::finding::{Status, SubjectKind};

fn staff() -> Evidence {
    let mut p1 = person("P1", PersonStatus::Active);
    p1.sensitive_position = Some(true);
    p1.background_checked_on = Some(d("2020-01-15"));
    p1.nda_signed_on = Some(d("2020-01-20"));
    let mut p2 = person("P2", PersonStatus::Active);
    p2.sensitive_position = Some(true);
    let p3 = person("P3", PersonStatus::Active);
    let p4 = person("P4", PersonStatus::Active);
    let mut p5 = person("P5", PersonStatus::Left);
    p5.sensitive_position = Some(true);
    let mut p6 = person("P6", PersonStatus::Active);
    p6.sensitive_position = Some(true);
    p6.background_checked_on = Some(d("2025-06-01"));
    p6.nda_signed_on = Some(d("2025-06-01"));
    Evidence {
        persons: vec![p1, p2, p3, p4, p5, p6],
        systems: vec![system("SYS-A", Some(3))],
        accounts: vec![
            account("SYS-A", "p3", AccountKind::User, Some("P3")),
            account("SYS-A", "adm.p4", AccountKind::Admin, Some("P4")),
        ],
        ..Evidence::default()
    }
}

// 7.1.b: "người được phân công làm việc tại các vị trí có tiếp xúc với thông
// tin, dữ liệu nhạy cảm phải qua bước đánh giá, thẩm tra nhân thân và lý lịch
// tư pháp."

#[test]
fn dieu_7_1_b_sensitive_position_needs_a_background_check() {
    let f = staff().run("PERSON-BACKGROUND", "2025-04-01");
    assert_eq!(status_of(&f, "P1"), Status::Pass);
    assert_eq!(status_of(&f, "P2"), Status::Fail);
    assert_eq!(only(&f, "P1").subject_kind, SubjectKind::Person);
    assert_eq!(only(&f, "P1").evidence, vec!["persons/P1".to_string()]);
    assert!(f.iter().all(|x| x.subject_id != "P3"), "no sensitive position, no admin account: not judged");
    assert!(f.iter().all(|x| x.subject_id != "P5"), "people who left are not judged");
}

#[test]
fn dieu_7_1_b_system_administrators_are_in_a_sensitive_position() {
    let f = staff().run("PERSON-BACKGROUND", "2025-04-01");
    let p4 = only(&f, "P4");
    assert_eq!(p4.status, Status::Fail);
    assert!(p4.evidence.contains(&"accounts/SYS-A/adm.p4".to_string()));
    assert!(p4.message_en.contains("administrator"));
    // A disabled admin account no longer makes the position sensitive.
    let mut e = staff();
    e.accounts[1].status = AccountStatus::Disabled;
    e.accounts[1].disabled_on = Some(d("2025-01-01"));
    assert!(e.run("PERSON-BACKGROUND", "2025-04-01").iter().all(|x| x.subject_id != "P4"));
}

#[test]
fn dieu_7_1_b_a_check_dated_after_the_as_of_date_has_not_happened_yet() {
    assert_eq!(status_of(&staff().run("PERSON-BACKGROUND", "2025-04-01"), "P6"), Status::Fail);
    assert_eq!(status_of(&staff().run("PERSON-BACKGROUND", "2025-06-01"), "P6"), Status::Pass);
}

// 7.1.c / 7.2.a: "cam kết bảo mật thông tin bằng văn bản (…) đối với các vị
// trí tiếp xúc, quản lý các thông tin, dữ liệu quan trọng hoặc quản trị các
// hệ thống thông tin quan trọng".

#[test]
fn dieu_7_1_c_7_2_a_sensitive_staff_and_administrators_sign_a_confidentiality_commitment() {
    let f = staff().run("PERSON-NDA", "2025-04-01");
    assert_eq!(status_of(&f, "P1"), Status::Pass);
    assert!(only(&f, "P1").message_en.contains("2020-01-20"));
    assert_eq!(status_of(&f, "P2"), Status::Fail);
    assert_eq!(status_of(&f, "P4"), Status::Fail);
    assert_eq!(status_of(&f, "P6"), Status::Fail);
    assert_eq!(f.len(), 4);
}

// 7.2.a: "Sau khi tuyển dụng, tiếp nhận nhân sự mới, đơn vị phải có trách
// nhiệm phổ biến cho nhân sự mới các quy định về bảo đảm an toàn, an ninh
// thông tin tại đơn vị" — within days_after_hire = 30 calendar days.

fn newcomers() -> Evidence {
    let mut e = Evidence {
        persons: (1..=5).map(|i| person(&format!("P{i}"), PersonStatus::Active)).collect(),
        hr_events: vec![
            event("H1", "P1", HrEventKind::Hire, "2025-03-03"),
            event("H2", "P2", HrEventKind::Hire, "2025-03-03"),
        ],
        trainings: vec![
            training("P1", TrainingKind::OnboardingBriefing, "2025-03-20"),
            training("P2", TrainingKind::OnboardingBriefing, "2025-04-10"),
            training("P4", TrainingKind::OnboardingBriefing, "2024-12-01"),
        ],
        ..Evidence::default()
    };
    e.persons[2].hired_on = Some(d("2025-03-20"));
    e.persons[3].hired_on = Some(d("2025-01-10"));
    e.persons[4].hired_on = Some(d("2019-05-01"));
    e
}

#[test]
fn dieu_7_2_a_new_staff_briefed_within_30_days_passes_later_fails_by_the_days_late() {
    let f = newcomers().run("PERSON-ONBOARD-BRIEFING", "2025-04-20");
    let p1 = only(&f, "P1");
    assert_eq!((p1.status, p1.due, p1.overdue_days), (Status::Pass, Some(d("2025-04-02")), None));
    assert!(p1.evidence.contains(&"hr_events/H1".to_string()));
    assert!(p1.evidence.contains(&"trainings/P1/onboarding_briefing/2025-03-20".to_string()));
    let p2 = only(&f, "P2");
    assert_eq!((p2.status, p2.overdue_days), (Status::Fail, Some(8)));
}

#[test]
fn dieu_7_2_a_briefing_not_yet_held_is_pending_then_overdue() {
    let f = newcomers().run("PERSON-ONBOARD-BRIEFING", "2025-04-01");
    let p3 = only(&f, "P3");
    assert_eq!((p3.status, p3.due), (Status::Pending, Some(d("2025-04-19"))));
    // P4: hired 10/01/2025, the only briefing is older than the hiring → due 09/02, 51 days late.
    let p4 = only(&f, "P4");
    assert_eq!((p4.status, p4.due, p4.overdue_days), (Status::Fail, Some(d("2025-02-09")), Some(51)));
    assert_eq!(status_of(&f, "P2"), Status::Pending, "a briefing after the as-of date has not happened yet");
}

#[test]
fn dieu_7_2_a_staff_hired_before_the_regulation_or_without_a_date_are_not_judged() {
    let f = newcomers().run("PERSON-ONBOARD-BRIEFING", "2025-04-01");
    assert!(f.iter().all(|x| x.subject_id != "P5"), "hired 2019, before QĐ 1048");
    assert_eq!(f.len(), 4);
}

// 7.3.b: "Khi cán bộ (…) chấm dứt hoặc thay đổi công việc, cơ quan, đơn vị
// phải: (…) Lập biên bản bàn giao tài sản công nghệ thông tin." — within
// 5 working days (Fri 07/03/2025 + 5 = Fri 14/03/2025).

fn leavers() -> Evidence {
    Evidence {
        persons: (1..=5).map(|i| person(&format!("P{i}"), PersonStatus::Left)).collect(),
        hr_events: vec![
            event("E1", "P1", HrEventKind::Resign, "2025-03-07"),
            event("E2", "P2", HrEventKind::Retire, "2025-03-07"),
            event("E3", "P3", HrEventKind::TransferInternal, "2025-03-07"),
            event("E4", "P4", HrEventKind::Resign, "2025-03-28"),
            event("E5", "P5", HrEventKind::Hire, "2025-03-07"),
        ],
        handovers: vec![
            handover("BB-1", "P1", Some("E1"), "2025-03-10"),
            handover("BB-2", "P2", None, "2025-02-20"),
            handover("BB-3", "P3", Some("E-OTHER"), "2025-03-10"),
        ],
        ..Evidence::default()
    }
}

#[test]
fn dieu_7_3_b_handover_record_within_5_working_days_passes() {
    let f = leavers().run("PERSON-HANDOVER", "2025-04-01");
    let p1 = only(&f, "P1");
    assert_eq!((p1.status, p1.due), (Status::Pass, Some(d("2025-03-14"))));
    assert_eq!(p1.evidence, vec!["persons/P1".to_string(), "hr_events/E1".into(), "handovers/BB-1".into()]);
    assert_eq!(status_of(&f, "P2"), Status::Pass, "a record made in the 30 days before the departure counts");
}

#[test]
fn dieu_7_3_b_no_handover_record_fails_overdue_and_is_pending_before_the_deadline() {
    let f = leavers().run("PERSON-HANDOVER", "2025-04-01");
    let p3 = only(&f, "P3");
    assert_eq!((p3.status, p3.overdue_days), (Status::Fail, Some(18)), "the record names another event");
    let p4 = only(&f, "P4");
    assert_eq!((p4.status, p4.due), (Status::Pending, Some(d("2025-04-04"))));
    assert!(f.iter().all(|x| x.subject_id != "P5"), "hiring needs no handover");
}

#[test]
fn dieu_7_3_b_late_handover_fails_by_the_days_late() {
    let mut e = leavers();
    e.handovers.push(handover("BB-4", "P3", None, "2025-03-25"));
    let f = e.run("PERSON-HANDOVER", "2025-04-01");
    assert_eq!((status_of(&f, "P3"), only(&f, "P3").overdue_days), (Status::Fail, Some(11)));
}

// 31.1: "Các đơn vị thuộc và trực thuộc Tổng cục Hải quan xác định nhu cầu về
// đào tạo (…) gửi Cục CNTT&TK Hải quan"; 31.2: "đào tạo cơ bản về an toàn
// thông tin cho cán bộ quản lý, người sử dụng máy tính thuộc đơn vị."

fn training_org() -> Evidence {
    let mut e = Evidence {
        units: vec![
            unit("BTC", None, &[UnitRole::Ministry]),
            unit("CHQ", Some("BTC"), &[UnitRole::Owner]),
            unit("KV01", Some("CHQ"), &[]),
            unit("CNTT", Some("CHQ"), &[UnitRole::CentralItSecurity]),
            unit("KV02", Some("CHQ"), &[]),
            unit("KV01-P1", Some("KV01"), &[]),
        ],
        persons: (1..=5).map(|i| person(&format!("P{i}"), PersonStatus::Active)).collect(),
        training_needs: vec![
            TrainingNeed { unit_code: "KV01".into(), year: 2025, sent_on: Some(d("2024-11-20")), document_no: None },
            TrainingNeed { unit_code: "KV02".into(), year: 2025, sent_on: Some(d("2025-01-15")), document_no: None },
        ],
        trainings: vec![
            training("P1", TrainingKind::Basic, "2024-06-10"),
            training("P2", TrainingKind::Specialist, "2024-03-01"),
            training("P3", TrainingKind::Awareness, "2025-01-01"),
        ],
        ..Evidence::default()
    };
    e.persons[2].hired_on = Some(d("2020-01-01"));
    e.persons[3].hired_on = Some(d("2024-09-01"));
    e
}

#[test]
fn dieu_31_1_units_send_their_training_needs_for_the_year_by_31_12_of_the_year_before() {
    let f = training_org().run("TRAIN-PLAN", "2025-04-01");
    let kv01 = only(&f, "KV01");
    assert_eq!((kv01.status, kv01.subject_kind, kv01.due), (Status::Pass, SubjectKind::Unit, Some(d("2025-12-31"))));
    let cntt = only(&f, "CNTT");
    assert_eq!((cntt.status, cntt.due, cntt.overdue_days), (Status::Fail, Some(d("2024-12-31")), Some(91)));
    let kv02 = only(&f, "KV02");
    assert_eq!((kv02.status, kv02.overdue_days), (Status::Fail, Some(15)), "sent late");
    for top_or_below in ["BTC", "CHQ", "KV01-P1"] {
        assert!(f.iter().all(|x| x.subject_id != top_or_below), "{top_or_below} does not send needs");
    }
}

#[test]
fn dieu_31_2_every_user_has_basic_security_training_each_year() {
    let f = training_org().run("TRAIN-PLAN", "2025-04-01");
    let p1 = only(&f, "P1");
    assert_eq!((p1.status, p1.due), (Status::Pass, Some(d("2025-06-10"))));
    let p2 = only(&f, "P2");
    assert_eq!((p2.status, p2.overdue_days), (Status::Fail, Some(31)), "specialist training counts");
    let p3 = only(&f, "P3");
    assert_eq!(
        (p3.status, p3.due, p3.overdue_days),
        (Status::Fail, Some(d("2021-01-01")), Some(1551)),
        "awareness is not training"
    );
    let p4 = only(&f, "P4");
    assert_eq!((p4.status, p4.due), (Status::Pass, Some(d("2025-09-01"))), "hired 01/09/2024: first due a year later");
    let p5 = only(&f, "P5");
    assert_eq!((p5.status, p5.due), (Status::Fail, None), "no training and no hiring date");
}

#[test]
fn dieu_31_without_training_evidence_is_no_evidence() {
    let mut e = training_org();
    e.trainings.clear();
    e.training_needs.clear();
    let f = e.run("TRAIN-PLAN", "2025-04-01");
    assert_eq!(status_of(&f, "KV01"), Status::NoEvidence);
    assert_eq!(status_of(&f, "P1"), Status::NoEvidence);
    assert_eq!(status_of(&f, "P3"), Status::NoEvidence, "hired 2020: due in 2021, but no training records at all");
    assert_eq!(status_of(&f, "P4"), Status::Pass, "hired 09/2024: nothing due yet");
}
