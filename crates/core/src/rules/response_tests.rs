//! Tests of Điều 28-30 and 32 (monitoring, alerts, incident response,
//! reports), computed by hand from the article text.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, Utc};

use super::super::testkit::*;
use crate::evidence::{
    Drill, DrillResult, FocalPoint, FocalRole, Holiday, HolidayKind, Incident, IncidentSeverity, IncidentType, IrPlan,
    Monitoring, MonitoringCoverage, PersonStatus, Report, ReportKind, UnitRole,
};
use crate::finding::Status;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn org() -> Vec<crate::evidence::Unit> {
    vec![
        unit("CHQ", None, &[UnitRole::Owner]),
        unit("CNTT", Some("CHQ"), &[UnitRole::CentralItSecurity, UnitRole::SecurityUnit, UnitRole::Operator]),
        unit("CNTT-ATTT", Some("CNTT"), &[]),
        unit("KV01", Some("CHQ"), &[UnitRole::Owner, UnitRole::SecurityUnit]),
        unit("KV02", Some("CHQ"), &[UnitRole::Owner]),
    ]
}

fn monitored(system: &str, coverage: MonitoringCoverage) -> Monitoring {
    Monitoring { system_id: system.into(), coverage, monitored_by: Some("CNTT".into()), since: None }
}

// ── 28.2-3: "Đối tượng giám sát bắt buộc: Hệ thống thông tin từ cấp độ 3 trở lên. Thời gian giám sát tối thiểu:
//    Giám sát 24 giờ/ngày và 7 ngày/tuần đối với hệ thống cấp độ 4, 5; Giám sát trong giờ làm việc đối với hệ
//    thống cấp độ 3." ──────────────────────────────────────────────────────────────────────────────────

const MON: &str = "MON-COVERAGE";

#[test]
fn dieu_28_3_levels_4_and_5_need_24x7_level_3_working_hours() {
    let mut off = system("S3-OFF", Some(3));
    off.in_operation = false;
    let e = Evidence {
        systems: vec![
            system("S5", Some(5)),
            system("S4", Some(4)),
            system("S4-WH", Some(4)),
            system("S3", Some(3)),
            system("S3-24", Some(3)),
            system("S3-NONE", Some(3)),
            system("S2", Some(2)),
            off,
        ],
        monitoring: vec![
            monitored("S5", MonitoringCoverage::TwentyFourSeven),
            monitored("S4", MonitoringCoverage::TwentyFourSeven),
            monitored("S4-WH", MonitoringCoverage::WorkingHours),
            monitored("S3", MonitoringCoverage::WorkingHours),
            monitored("S3-24", MonitoringCoverage::TwentyFourSeven),
            monitored("S3-NONE", MonitoringCoverage::None),
        ],
        ..Evidence::default()
    };
    let f = e.run(MON, "2025-03-01");
    assert_eq!(status_of(&f, "S5"), Status::Pass);
    assert_eq!(status_of(&f, "S4"), Status::Pass);
    assert_eq!(status_of(&f, "S4-WH"), Status::Fail);
    assert_eq!(status_of(&f, "S3"), Status::Pass);
    assert_eq!(status_of(&f, "S3-24"), Status::Pass);
    assert_eq!(status_of(&f, "S3-NONE"), Status::Fail);
    assert_eq!(status_of(&f, "S3-OFF"), Status::NotApplicable);
    assert!(f.iter().all(|x| x.subject_id != "S2"), "28.2: level 2 is not a mandatory subject");
    assert_eq!(&*only(&f, "S4").cite, "Điều 28.2-3");
    assert!(only(&f, "S4").evidence.contains(&"monitoring/S4".to_string()));
}

#[test]
fn dieu_28_2_level_3_system_missing_from_the_declarations_fails_and_no_declarations_is_no_evidence() {
    let e = Evidence {
        systems: vec![system("S4", Some(4)), system("S3", Some(3))],
        monitoring: vec![monitored("S4", MonitoringCoverage::TwentyFourSeven)],
        ..Evidence::default()
    };
    let f = e.run(MON, "2025-03-01");
    assert_eq!(status_of(&f, "S3"), Status::Fail);
    let e = Evidence { systems: vec![system("S4", Some(4))], ..Evidence::default() };
    assert_eq!(status_of(&e.run(MON, "2025-03-01"), "S4"), Status::NoEvidence);
}

#[test]
fn dieu_28_3_system_without_a_level_passes_only_when_monitored_24x7() {
    let e = Evidence {
        systems: vec![system("SX", None), system("SY", None)],
        monitoring: vec![
            monitored("SX", MonitoringCoverage::TwentyFourSeven),
            monitored("SY", MonitoringCoverage::WorkingHours),
        ],
        ..Evidence::default()
    };
    let f = e.run(MON, "2025-03-01");
    assert_eq!(status_of(&f, "SX"), Status::Pass);
    assert_eq!(status_of(&f, "SY"), Status::NoEvidence);
}

// ── 29.1: "Đơn vị chuyên trách về an toàn thông tin cử 01 lãnh đạo đơn vị chuyên trách an toàn thông tin và 01
//    cán bộ thuộc đơn vị chuyên trách về an toàn thông tin làm đầu mối tiếp nhận cảnh báo" ─────────────────

const FOCAL: &str = "ALERT-FOCAL-POINTS";

fn focal(unit: &str, person: &str, role: FocalRole) -> FocalPoint {
    FocalPoint {
        unit_code: unit.into(),
        person_id: person.into(),
        role,
        appointed_on: Some(d("2024-01-02")),
        until: None,
        document_no: None,
    }
}

fn staff_of(id: &str, unit: &str, status: PersonStatus) -> crate::evidence::Person {
    let mut p = person(id, status);
    p.unit_code = Some(unit.into());
    p
}

#[test]
fn dieu_29_1_security_unit_with_a_leader_and_an_officer_passes() {
    let e = Evidence {
        units: org(),
        persons: vec![staff_of("P1", "CNTT", PersonStatus::Active), staff_of("P2", "CNTT-ATTT", PersonStatus::Active)],
        focal_points: vec![focal("CNTT", "P1", FocalRole::Leader), focal("CNTT", "P2", FocalRole::Officer)],
        ..Evidence::default()
    };
    let f = e.run(FOCAL, "2025-03-01");
    let c = only(&f, "CNTT");
    assert_eq!(c.status, Status::Pass, "{}", c.message_en);
    assert_eq!(c.subject_kind.as_str(), "unit");
    assert_eq!(&*c.cite, "Điều 29.1");
    assert_eq!(status_of(&f, "KV01"), Status::Fail, "KV01 is a security unit with no focal point");
    assert!(f.iter().all(|x| x.subject_id != "KV02"), "KV02 is not a security unit");
}

#[test]
fn dieu_29_1_missing_leader_or_persons_who_left_or_belong_elsewhere_fail() {
    let persons = vec![
        staff_of("P1", "CNTT", PersonStatus::Left),
        staff_of("P2", "CNTT-ATTT", PersonStatus::Active),
        staff_of("P3", "KV02", PersonStatus::Active),
    ];
    let e = Evidence {
        units: org(),
        persons: persons.clone(),
        focal_points: vec![focal("CNTT", "P1", FocalRole::Leader), focal("CNTT", "P2", FocalRole::Officer)],
        ..Evidence::default()
    };
    let c = e.run(FOCAL, "2025-03-01");
    let c = only(&c, "CNTT");
    assert_eq!(c.status, Status::Fail);
    assert!(c.message_en.contains("P1 (has left)"), "{}", c.message_en);
    let e = Evidence {
        units: org(),
        persons,
        focal_points: vec![focal("CNTT", "P3", FocalRole::Leader), focal("CNTT", "P2", FocalRole::Officer)],
        ..Evidence::default()
    };
    let c = e.run(FOCAL, "2025-03-01");
    assert!(only(&c, "CNTT").message_en.contains("P3 (belongs to KV02)"));
    assert_eq!(status_of(&c, "CNTT"), Status::Fail);
}

#[test]
fn dieu_29_1_assignment_ended_does_not_count_and_no_designations_is_no_evidence() {
    let mut ended = focal("CNTT", "P1", FocalRole::Leader);
    ended.until = Some(d("2025-01-31"));
    let e = Evidence {
        units: org(),
        focal_points: vec![ended, focal("CNTT", "P2", FocalRole::Officer)],
        ..Evidence::default()
    };
    assert_eq!(status_of(&e.run(FOCAL, "2025-03-01"), "CNTT"), Status::Fail);
    let e = Evidence { units: org(), ..Evidence::default() };
    assert_eq!(status_of(&e.run(FOCAL, "2025-03-01"), "CNTT"), Status::NoEvidence);
}

// ── 30.3.b: "Kế hoạch ứng phó sự cố được rà soát và điều chỉnh hàng năm (nếu cần thiết) trước ngày 31 tháng 10"
//    — the last day is 30/10. ──────────────────────────────────────────────────────────────────────────

const PLAN: &str = "IR-PLAN-REVIEW";

fn plan(id: &str, unit: &str, approved: Option<&str>, reviewed: Option<&str>) -> IrPlan {
    IrPlan {
        plan_id: id.into(),
        unit_code: unit.into(),
        title: None,
        system_ids: Vec::new(),
        approved_on: approved.map(d),
        reviewed_on: reviewed.map(d),
        drill_every_months: Some(12),
    }
}

fn plans(p: Vec<IrPlan>) -> Evidence {
    Evidence { units: org(), systems: vec![system("S1", Some(3))], ir_plans: p, ..Evidence::default() }
}

#[test]
fn dieu_30_3_b_review_on_30_october_passes_until_next_year() {
    let f = plans(vec![plan("KH1", "CNTT", Some("2022-03-01"), Some("2025-10-30"))]).run(PLAN, "2025-11-15");
    let f = only(&f, "CNTT");
    assert_eq!((f.status, f.due), (Status::Pass, Some(d("2026-10-30"))));
    assert_eq!(&*f.cite, "Điều 30.3");
    assert!(f.evidence.contains(&"ir_plans/KH1".to_string()));
}

#[test]
fn dieu_30_3_b_review_on_31_october_is_late_by_one_day() {
    let f = plans(vec![plan("KH1", "CNTT", Some("2022-03-01"), Some("2025-10-31"))]).run(PLAN, "2025-11-15");
    let f = only(&f, "CNTT");
    assert_eq!((f.status, f.due, f.overdue_days), (Status::Fail, Some(d("2025-10-30")), Some(1)));
}

#[test]
fn dieu_30_3_b_no_review_this_year_fails_after_the_deadline() {
    let f = plans(vec![plan("KH1", "CNTT", Some("2022-03-01"), Some("2024-06-01"))]).run(PLAN, "2025-11-15");
    let f = only(&f, "CNTT");
    assert_eq!((f.status, f.due, f.overdue_days), (Status::Fail, Some(d("2025-10-30")), Some(16)));
}

#[test]
fn dieu_30_3_b_before_the_deadline_last_years_review_keeps_it_passing() {
    let f = plans(vec![plan("KH1", "CNTT", Some("2022-03-01"), Some("2024-09-01"))]).run(PLAN, "2025-03-01");
    assert_eq!((only(&f, "CNTT").status, only(&f, "CNTT").due), (Status::Pass, Some(d("2025-10-30"))));
    // ...but a plan not reviewed last year is still overdue from last year's deadline.
    let f = plans(vec![plan("KH1", "CNTT", Some("2022-03-01"), Some("2023-09-01"))]).run(PLAN, "2025-03-01");
    let f = only(&f, "CNTT");
    assert_eq!((f.status, f.due, f.overdue_days), (Status::Fail, Some(d("2024-10-30")), Some(122)));
}

#[test]
fn dieu_30_3_b_every_revision_row_counts_and_the_earliest_of_the_year_decides() {
    let f = plans(vec![
        plan("KH-2024", "CNTT", Some("2024-02-01"), None),
        plan("KH-2025", "CNTT", Some("2025-11-20"), Some("2025-10-01")),
    ])
    .run(PLAN, "2025-12-01");
    assert_eq!(status_of(&f, "CNTT"), Status::Pass);
}

#[test]
fn dieu_30_3_b_an_approval_is_not_a_review() {
    // Plan adopted in January 2025, never reviewed: the 2024 review is missing,
    // and the 2025 one is due by 30/10/2025 whatever the approval date.
    let f = plans(vec![plan("KH1", "CNTT", Some("2025-01-10"), None)]).run(PLAN, "2025-03-01");
    assert_eq!((only(&f, "CNTT").status, only(&f, "CNTT").due), (Status::Fail, Some(d("2024-10-30"))));
    let f = plans(vec![plan("KH1", "CNTT", Some("2025-01-10"), Some("2025-01-10"))]).run(PLAN, "2025-11-01");
    assert_eq!((only(&f, "CNTT").status, only(&f, "CNTT").due), (Status::Pass, Some(d("2026-10-30"))));
}

#[test]
fn dieu_30_3_a_operator_without_a_plan_fails_and_no_plans_at_all_is_no_evidence() {
    let mut e = plans(vec![plan("KH1", "KV01", Some("2024-01-10"), Some("2024-10-01"))]);
    e.systems[0].operator_unit = Some("CNTT".into());
    let f = e.run(PLAN, "2025-03-01");
    assert_eq!(status_of(&f, "CNTT"), Status::Fail);
    assert_eq!(status_of(&f, "KV01"), Status::Pass);
    assert_eq!(status_of(&plans(vec![]).run(PLAN, "2025-03-01"), "CNTT"), Status::NoEvidence);
}

// ── 30.4 (Diễn tập) a): "Chủ quản hệ thống thông tin tổ chức diễn tập ứng cứu sự cố theo kế hoạch ứng phó sự cố
//    được phê duyệt." ──────────────────────────────────────────────────────────────────────────────────

const DRILL: &str = "IR-DRILL";

fn drill(id: &str, unit: &str, date: &str, result: Option<DrillResult>) -> Drill {
    Drill { drill_id: id.into(), unit_code: unit.into(), plan_id: None, date: d(date), scenario: None, result }
}

#[test]
fn dieu_30_4_a_drill_every_12_months_as_scheduled_passes_then_fails_the_day_after() {
    let mut e = plans(vec![plan("KH1", "CNTT", Some("2023-03-01"), None)]);
    e.drills =
        vec![drill("DT1", "CNTT", "2023-06-01", Some(DrillResult::Passed)), drill("DT2", "CNTT", "2024-06-01", None)];
    let f = e.run(DRILL, "2025-06-01");
    let c = only(&f, "CNTT");
    assert_eq!((c.status, c.due), (Status::Pass, Some(d("2025-06-01"))));
    assert_eq!(&*c.cite, "Điều 30.4");
    let mut e = plans(vec![plan("KH1", "CNTT", Some("2023-03-01"), None)]);
    e.drills = vec![drill("DT2", "CNTT", "2024-06-01", Some(DrillResult::Failed))];
    let f = e.run(DRILL, "2025-06-02");
    assert_eq!((only(&f, "CNTT").status, only(&f, "CNTT").overdue_days), (Status::Fail, Some(1)));
}

#[test]
fn dieu_30_4_a_cancelled_drill_does_not_count_and_the_first_approval_starts_the_clock() {
    let mut p = plan("KH1", "CNTT", Some("2024-01-15"), None);
    p.drill_every_months = Some(6);
    let mut e = plans(vec![p, {
        let mut p2 = plan("KH2", "CNTT", Some("2024-12-01"), None);
        p2.drill_every_months = Some(6);
        p2
    }]);
    e.drills = vec![drill("DT1", "CNTT", "2024-05-01", Some(DrillResult::Cancelled))];
    let f = e.run(DRILL, "2025-01-01");
    let c = only(&f, "CNTT");
    // First plan approved 15/01/2024 + 6 months = 15/07/2024.
    assert_eq!((c.status, c.due, c.overdue_days), (Status::Fail, Some(d("2024-07-15")), Some(170)));
    assert!(c.evidence.contains(&"ir_plans/KH2".to_string()), "the schedule of the latest approved plan");
}

#[test]
fn dieu_30_4_a_plan_not_approved_or_without_schedule_is_no_evidence() {
    let f = plans(vec![plan("KH1", "CNTT", None, None)]).run(DRILL, "2025-01-01");
    assert_eq!(status_of(&f, "CNTT"), Status::NoEvidence);
    let mut p = plan("KH1", "CNTT", Some("2024-01-15"), None);
    p.drill_every_months = None;
    assert_eq!(status_of(&plans(vec![p]).run(DRILL, "2025-01-01"), "CNTT"), Status::NoEvidence);
}

// ── 30.4.b: "Khi xảy ra sự cố an toàn thông tin mạng thuộc loại hình tấn công mạng, đơn vị vận hành (…) đồng thời
//    báo cáo Cục CNTT&TK Hải quan" — within 5 days of detection (QĐ 05/2017 Điều 11.1.a, TT 20/2017 Điều 9). ─

const IR: &str = "IR-REPORTED";

fn incident(id: &str, kind: IncidentType, detected: &str, reported: Option<&str>) -> Incident {
    Incident {
        incident_id: id.into(),
        system_id: Some("S1".into()),
        unit_code: Some("CNTT".into()),
        incident_type: kind,
        detected_at: at(detected),
        reported_at: reported.map(at),
        severity: Some(IncidentSeverity::High),
        status: None,
        closed_at: None,
        description: None,
    }
}

fn incidents(i: Vec<Incident>) -> Evidence {
    Evidence { systems: vec![system("S1", Some(4))], incidents: i, ..Evidence::default() }
}

#[test]
fn dieu_30_4_b_reported_on_the_5th_day_after_detection_passes() {
    // Detected Monday 03/03/2025 10:00: day 1 is 04/03, day 5 is Saturday 08/03.
    let f = incidents(vec![incident(
        "SC1",
        IncidentType::Malware,
        "2025-03-03T10:00:00+07:00",
        Some("2025-03-08T21:00:00+07:00"),
    )])
    .run(IR, "2025-04-01");
    let f = only(&f, "SC1");
    assert_eq!((f.status, f.due, f.overdue_days), (Status::Pass, Some(d("2025-03-08")), None));
    assert_eq!(f.subject_kind.as_str(), "incident");
    assert_eq!(&*f.cite, "Điều 30.4.b");
    assert!(f.units.iter().any(|u| &**u == "CNTT"));
}

#[test]
fn dieu_30_4_b_reported_on_the_6th_day_fails_by_one_day() {
    let f = incidents(vec![incident(
        "SC1",
        IncidentType::DenialOfService,
        "2025-03-03T10:00:00+07:00",
        Some("2025-03-09T08:00:00+07:00"),
    )])
    .run(IR, "2025-04-01");
    assert_eq!((only(&f, "SC1").status, only(&f, "SC1").overdue_days), (Status::Fail, Some(1)));
}

#[test]
fn dieu_30_4_b_not_reported_is_pending_then_fails() {
    let e = || incidents(vec![incident("SC1", IncidentType::Defacement, "2025-03-03T10:00:00+07:00", None)]);
    assert_eq!(status_of(&e().run(IR, "2025-03-08"), "SC1"), Status::Pending);
    let f = e().run(IR, "2025-03-10");
    assert_eq!((only(&f, "SC1").status, only(&f, "SC1").overdue_days), (Status::Fail, Some(2)));
    assert!(e().run(IR, "2025-03-02").is_empty(), "not detected yet on the as-of date");
}

#[test]
fn dieu_30_4_b_dates_are_vietnam_dates() {
    // 18:00 UTC on 02/03 is 01:00 on 03/03 in Hà Nội: the deadline is 08/03.
    let f =
        incidents(vec![incident("SC1", IncidentType::Spoofing, "2025-03-02T18:00:00Z", Some("2025-03-08T16:30:00Z"))])
            .run(IR, "2025-04-01");
    // Reported 23:30 on 08/03 Vietnam time: in time.
    assert_eq!((only(&f, "SC1").status, only(&f, "SC1").due), (Status::Pass, Some(d("2025-03-08"))));
}

#[test]
fn dieu_30_4_b_unclassified_incident_fails_after_the_deadline_and_non_attacks_are_not_applicable() {
    let mut i = incident(
        "SC1",
        IncidentType::UnauthorizedAccess,
        "2025-03-03T10:00:00+07:00",
        Some("2025-03-04T10:00:00+07:00"),
    );
    i.severity = None;
    let f = incidents(vec![i.clone()]).run(IR, "2025-03-05");
    assert_eq!(status_of(&f, "SC1"), Status::Pending);
    let f = incidents(vec![i]).run(IR, "2025-03-12");
    assert_eq!((only(&f, "SC1").status, only(&f, "SC1").overdue_days), (Status::Fail, Some(4)));
    let f = incidents(vec![incident("SC2", IncidentType::NotAttack, "2025-03-03T10:00:00+07:00", None)])
        .run(IR, "2025-04-01");
    assert_eq!(status_of(&f, "SC2"), Status::NotApplicable);
}

#[test]
fn dieu_30_4_b_every_attack_type_of_30_1_must_be_reported() {
    for t in IncidentType::ALL.iter().copied().filter(|t| *t != IncidentType::NotAttack) {
        let f = incidents(vec![incident("SC", t, "2025-03-03T10:00:00+07:00", None)]).run(IR, "2025-04-01");
        assert_eq!(status_of(&f, "SC"), Status::Fail, "{t:?}");
    }
}

#[test]
fn dieu_30_4_b_a_pack_may_move_a_deadline_off_a_day_off() {
    // The built-in pack does not extend; a deadline on Saturday stays Saturday.
    let mut e = incidents(vec![incident("SC1", IncidentType::Malware, "2025-03-03T10:00:00+07:00", None)]);
    e.holidays = vec![Holiday { date: d("2025-03-10"), kind: HolidayKind::Holiday, name: None }];
    assert_eq!(only(&e.run(IR, "2025-04-01"), "SC1").due, Some(d("2025-03-08")));
}

// ── 32.3.a: "gửi Cục CNTT&TK Hải quan trước ngày 01 tháng 11 hàng năm" (annual, 32.1.a) and "trước ngày 01 tháng 6
//    và 01 tháng 12 hàng năm" (monitoring, 32.1.b): the last days are 31/10, 31/05 and 30/11. ─────────────

fn report(id: &str, kind: ReportKind, unit: &str, period: &str, sent: Option<&str>) -> Report {
    Report {
        report_id: id.into(),
        kind,
        unit_code: unit.into(),
        period: Some(period.into()),
        sent_on: sent.map(d),
        document_no: None,
        incident_id: None,
    }
}

fn reports(r: Vec<Report>) -> Evidence {
    let mut s1 = system("S1", Some(3));
    s1.owner_unit = Some("KV01".into());
    let mut s2 = system("S2", Some(2));
    s2.owner_unit = Some("KV02".into());
    Evidence { units: org(), systems: vec![s1, s2], reports: r, ..Evidence::default() }
}

#[test]
fn dieu_32_3_annual_report_sent_on_31_october_passes() {
    let f = reports(vec![report("BC1", ReportKind::Annual, "KV01", "2025", Some("2025-10-31"))])
        .run("RPT-ANNUAL", "2025-11-05");
    let k = only(&f, "KV01");
    assert_eq!((k.status, k.due), (Status::Pass, Some(d("2026-10-31"))));
    assert_eq!(&*k.cite, "Điều 32.1.a, 32.3");
    assert!(k.evidence.contains(&"reports/BC1".to_string()));
    // KV02 owns a system too and sent nothing for 2025.
    let k2 = only(&f, "KV02");
    assert_eq!((k2.status, k2.due, k2.overdue_days), (Status::Fail, Some(d("2025-10-31")), Some(5)));
}

#[test]
fn dieu_32_3_annual_report_sent_on_1_november_is_late() {
    let f = reports(vec![report("BC1", ReportKind::Annual, "KV01", "2025", Some("2025-11-01"))])
        .run("RPT-ANNUAL", "2025-11-05");
    assert_eq!((only(&f, "KV01").status, only(&f, "KV01").overdue_days), (Status::Fail, Some(1)));
}

#[test]
fn dieu_32_3_annual_report_before_the_deadline_is_judged_on_last_year() {
    let f = reports(vec![report("BC1", ReportKind::Annual, "KV01", "2024", Some("2024-10-20"))])
        .run("RPT-ANNUAL", "2025-06-01");
    assert_eq!((only(&f, "KV01").status, only(&f, "KV01").due), (Status::Pass, Some(d("2025-10-31"))));
    // A report sent for the wrong period does not count.
    let f = reports(vec![report("BC1", ReportKind::Annual, "KV01", "2023", Some("2024-10-20"))])
        .run("RPT-ANNUAL", "2025-06-01");
    assert_eq!(status_of(&f, "KV01"), Status::Fail);
    // A draft (not sent) does not count; no annual report at all is no evidence.
    let f = reports(vec![report("BC1", ReportKind::Annual, "KV01", "2024", None)]).run("RPT-ANNUAL", "2025-06-01");
    assert_eq!(status_of(&f, "KV01"), Status::Fail);
    let f = reports(vec![report("BC1", ReportKind::Monitoring, "KV01", "2025-H1", Some("2025-05-20"))])
        .run("RPT-ANNUAL", "2025-06-01");
    assert_eq!(status_of(&f, "KV01"), Status::NoEvidence);
}

#[test]
fn dieu_32_3_monitoring_report_h1_by_31_may_and_h2_by_30_november() {
    let r = |sent: &str| reports(vec![report("GS1", ReportKind::Monitoring, "KV01", "2025-H1", Some(sent))]);
    let f = r("2025-05-31").run("RPT-MONITORING", "2025-06-10");
    let k = only(&f, "KV01");
    assert_eq!((k.status, k.due), (Status::Pass, Some(d("2025-11-30"))));
    assert_eq!(&*k.cite, "Điều 32.1.b, 32.3");
    assert!(f.iter().all(|x| x.subject_id != "KV02"), "KV02 owns only a level 2 system");
    let f = r("2025-06-01").run("RPT-MONITORING", "2025-06-10");
    assert_eq!((only(&f, "KV01").status, only(&f, "KV01").overdue_days), (Status::Fail, Some(1)));
    let f = r("2025-05-31").run("RPT-MONITORING", "2025-12-05");
    let k = only(&f, "KV01");
    assert_eq!((k.status, k.due, k.overdue_days), (Status::Fail, Some(d("2025-11-30")), Some(5)));
}

#[test]
fn dieu_30_4_b_with_extend_to_working_day_a_deadline_on_a_day_off_moves_to_the_next_working_day() {
    use crate::calendar::Calendar;
    use crate::engine::{evaluate, Selection};
    use crate::rulepack::{RulePack, BUILTIN_QD_1048};
    let text = BUILTIN_QD_1048.replace("extend_to_working_day = false", "extend_to_working_day = true");
    let pack = RulePack::from_toml(&text).unwrap();
    let e = incidents(vec![incident("SC1", IncidentType::Malware, "2025-03-03T10:00:00+07:00", None)]);
    let calendar = Calendar::new(&[]);
    let snap = Run::snapshot(e);
    let sel = Selection { rules: vec![IR.to_string()], ..Selection::default() };
    let f = evaluate(&pack, &snap, d("2025-04-01"), &calendar, &sel, &|_| true).unwrap().findings;
    // Day 5 is Saturday 08/03/2025 → Monday 10/03/2025 (BLDS 2015 Điều 148.5).
    assert_eq!(only(&f, "SC1").due, Some(d("2025-03-10")));
}
