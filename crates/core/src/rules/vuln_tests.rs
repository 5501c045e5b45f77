//! Tests of Điều 23.2.b (periodic vulnerability scans) and 23.3-4
//! (risk rating and remediation plan of every vulnerability), computed by
//! hand from the article text.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::super::testkit::*;
use crate::evidence::{PlanStatus, ScanCoverage, Severity, VulnPlan, Vulnerability};
use crate::finding::{Status, SubjectKind};

fn coverage(scan_id: i64, system: &str, day: &str) -> ScanCoverage {
    ScanCoverage {
        scan_id,
        tool: "openvas".into(),
        target: format!("10.0.0.{scan_id}"),
        system_id: system.into(),
        scanned_at: ts(day),
    }
}

fn scanned(level: Option<u8>, internet: bool, scans: &[&str]) -> Evidence {
    let mut s = system("SYS-A", level);
    s.internet_facing = internet;
    s.in_operation_since = Some(d("2020-01-15"));
    Evidence {
        systems: vec![s],
        scan_coverage: scans.iter().enumerate().map(|(i, day)| coverage(i as i64 + 1, "SYS-A", day)).collect(),
        ..Evidence::default()
    }
}

// 23.2.b: "(i) Sáu tháng một lần đối với hệ thống thông tin mức độ 4 trở lên
// hoặc các hệ thống thông tin có kết nối với mạng Internet; (ii) Một năm một
// lần đối với các hệ thống thông tin còn lại."

#[test]
fn dieu_23_2_b_level_4_system_scanned_every_6_months() {
    let f = scanned(Some(4), false, &["2025-03-10"]).run("VULN-SCAN-PERIOD", "2025-09-10");
    let f = only(&f, "SYS-A");
    assert_eq!((f.status, f.due, f.overdue_days), (Status::Pass, Some(d("2025-09-10")), None));
    assert_eq!(f.evidence, vec!["systems/SYS-A".to_string(), "scans/1".to_string()]);
    let f = scanned(Some(4), false, &["2025-03-10"]).run("VULN-SCAN-PERIOD", "2025-09-14");
    let f = only(&f, "SYS-A");
    assert_eq!((f.status, f.due, f.overdue_days), (Status::Fail, Some(d("2025-09-10")), Some(4)));
}

#[test]
fn dieu_23_2_b_level_5_is_level_4_or_above() {
    let f = scanned(Some(5), false, &["2025-03-10"]).run("VULN-SCAN-PERIOD", "2025-09-11");
    assert_eq!((status_of(&f, "SYS-A"), only(&f, "SYS-A").overdue_days), (Status::Fail, Some(1)));
}

#[test]
fn dieu_23_2_b_internet_connected_level_2_system_every_6_months() {
    let f = scanned(Some(2), true, &["2025-01-31"]).run("VULN-SCAN-PERIOD", "2025-08-01");
    let f = only(&f, "SYS-A");
    // 31/01 + 6 months = 31/07/2025.
    assert_eq!((f.status, f.due, f.overdue_days), (Status::Fail, Some(d("2025-07-31")), Some(1)));
}

#[test]
fn dieu_23_2_b_other_systems_every_year() {
    let f = scanned(Some(3), false, &["2025-03-10"]).run("VULN-SCAN-PERIOD", "2026-03-10");
    let f = only(&f, "SYS-A");
    assert_eq!((f.status, f.due), (Status::Pass, Some(d("2026-03-10"))));
    let f = scanned(Some(3), false, &["2025-03-10"]).run("VULN-SCAN-PERIOD", "2026-03-12");
    assert_eq!((status_of(&f, "SYS-A"), only(&f, "SYS-A").overdue_days), (Status::Fail, Some(2)));
}

#[test]
fn dieu_23_2_b_the_latest_scan_counts_and_later_scans_are_not_seen_yet() {
    let e = || scanned(Some(3), false, &["2024-01-05", "2025-02-01", "2026-05-01"]);
    let f = e().run("VULN-SCAN-PERIOD", "2025-12-31");
    let f = only(&f, "SYS-A");
    assert_eq!((f.status, f.due), (Status::Pass, Some(d("2026-02-01"))));
    assert!(f.evidence.contains(&"scans/2".to_string()));
    // As of a day before any scan, the system has never been scanned: in
    // operation since 15/01/2020, first scan was due 15/01/2021.
    let f = e().run("VULN-SCAN-PERIOD", "2023-12-31");
    let f = only(&f, "SYS-A");
    assert_eq!((f.status, f.due), (Status::Fail, Some(d("2021-01-15"))));
}

#[test]
fn dieu_23_2_b_a_system_never_scanned_fails_once_its_first_period_has_run_out() {
    let mut e = scanned(Some(4), false, &[]);
    e.systems[0].in_operation_since = Some(d("2025-01-20"));
    let f = e.run("VULN-SCAN-PERIOD", "2025-07-20");
    let f = only(&f, "SYS-A");
    assert_eq!((f.status, f.due, f.overdue_days), (Status::Pending, Some(d("2025-07-20")), None));
    let mut e = scanned(Some(4), false, &[]);
    e.systems[0].in_operation_since = Some(d("2025-01-20"));
    let f = e.run("VULN-SCAN-PERIOD", "2025-07-25");
    let f = only(&f, "SYS-A");
    assert_eq!((f.status, f.due, f.overdue_days), (Status::Fail, Some(d("2025-07-20")), Some(5)));
}

#[test]
fn dieu_23_2_b_never_scanned_without_go_live_date_is_no_evidence() {
    let mut e = scanned(Some(2), false, &[]);
    e.systems[0].in_operation_since = None;
    assert_eq!(status_of(&e.run("VULN-SCAN-PERIOD", "2025-07-25"), "SYS-A"), Status::NoEvidence);
}

#[test]
fn dieu_23_2_b_applies_to_systems_in_use_only() {
    let mut e = scanned(Some(4), false, &[]);
    e.systems[0].in_operation = false;
    assert_eq!(status_of(&e.run("VULN-SCAN-PERIOD", "2025-07-25"), "SYS-A"), Status::NotApplicable);
}

#[test]
fn dieu_23_2_b_unknown_level_takes_the_6_month_period() {
    let f = scanned(None, false, &["2025-01-10"]).run("VULN-SCAN-PERIOD", "2025-07-11");
    assert_eq!((status_of(&f, "SYS-A"), only(&f, "SYS-A").due), (Status::Fail, Some(d("2025-07-10"))));
}

#[test]
fn dieu_23_2_b_scans_of_other_systems_do_not_count() {
    let mut e = scanned(Some(3), false, &[]);
    e.scan_coverage.push(coverage(9, "SYS-B", "2025-06-01"));
    let f = e.run("VULN-SCAN-PERIOD", "2025-07-01");
    assert_eq!(status_of(&f, "SYS-A"), Status::Fail);
}

#[test]
fn dieu_23_2_b_scan_time_is_read_in_vietnam_time() {
    // 2025-03-09T18:00Z is 10/03/2025 01:00 in Vietnam: due 10/09/2025.
    let mut e = scanned(Some(4), false, &["2025-03-01"]);
    e.scan_coverage[0].scanned_at =
        chrono::DateTime::parse_from_rfc3339("2025-03-09T18:00:00Z").unwrap().with_timezone(&chrono::Utc);
    let f = e.run("VULN-SCAN-PERIOD", "2025-09-10");
    assert_eq!((status_of(&f, "SYS-A"), only(&f, "SYS-A").due), (Status::Pass, Some(d("2025-09-10"))));
}

// 23.3: "Đánh giá mức độ tác động, rủi ro của từng lỗ hổng, điểm yếu về mặt kỹ
// thuật được phát hiện (…) và đưa ra phương án, kế hoạch xử lý."
// 23.4: "Xây dựng, tổ chức triển khai các giải pháp xử lý, khắc phục (…)"

fn vuln(key: &str, severity: Severity, first: &str) -> Vulnerability {
    Vulnerability {
        key: key.into(),
        system_id: "SYS-A".into(),
        tool: "openvas".into(),
        target: "10.0.0.1".into(),
        rule_id: "1.3.6.1.4.1.25623.1.0.100111".into(),
        title: "OpenSSH lỗi".into(),
        severity,
        tool_severity: None,
        cvss: None,
        cves: vec![],
        port: Some("22/tcp".into()),
        package: None,
        location: None,
        first_seen: ts(first),
        last_seen: ts(first),
        fixed_on: None,
        first_scan: 1,
        last_scan: 1,
    }
}

fn plan(key: &str, due: Option<&str>, status: Option<PlanStatus>) -> VulnPlan {
    VulnPlan {
        vuln_key: key.into(),
        risk_rating: Some(Severity::High),
        plan: Some("Nâng cấp OpenSSH".into()),
        due_date: due.map(d),
        owner: Some("CNTT".into()),
        status,
    }
}

fn with(vulns: Vec<Vulnerability>, plans: Vec<VulnPlan>) -> Evidence {
    Evidence {
        systems: vec![system("SYS-A", Some(3))],
        vulnerabilities: vulns,
        vuln_plans: plans,
        ..Evidence::default()
    }
}

#[test]
fn dieu_23_3_vulnerability_with_rating_and_plan_passes_until_its_due_date() {
    let e = || with(vec![vuln("V1", Severity::High, "2025-03-01")], vec![plan("V1", Some("2025-04-15"), None)]);
    let f = e().run("VULN-REMEDIATION", "2025-04-15");
    let f = only(&f, "V1");
    assert_eq!((f.status, f.subject_kind, f.due), (Status::Pass, SubjectKind::Vulnerability, Some(d("2025-04-15"))));
    assert_eq!(f.evidence, vec!["vulnerabilities/V1", "systems/SYS-A", "vuln_plans/V1"]);
    let f = e().run("VULN-REMEDIATION", "2025-04-20");
    let f = only(&f, "V1");
    assert_eq!((f.status, f.due, f.overdue_days), (Status::Fail, Some(d("2025-04-15")), Some(5)));
}

#[test]
fn dieu_23_3_vulnerability_without_plan_is_pending_until_the_default_deadline_then_fails() {
    // High: 30 days from discovery on 01/03/2025 → 31/03/2025.
    let e = || with(vec![vuln("V1", Severity::High, "2025-03-01")], vec![]);
    let f = e().run("VULN-REMEDIATION", "2025-03-31");
    let f = only(&f, "V1");
    assert_eq!((f.status, f.due), (Status::Pending, Some(d("2025-03-31"))));
    let f = e().run("VULN-REMEDIATION", "2025-04-02");
    let f = only(&f, "V1");
    assert_eq!((f.status, f.due, f.overdue_days), (Status::Fail, Some(d("2025-03-31")), Some(2)));
}

#[test]
fn dieu_23_3_default_deadlines_by_severity_come_from_the_pack() {
    for (sev, due) in [
        (Severity::Critical, "2025-03-16"),
        (Severity::High, "2025-03-31"),
        (Severity::Medium, "2025-05-30"),
        (Severity::Low, "2025-08-28"),
    ] {
        let f = with(vec![vuln("V1", sev, "2025-03-01")], vec![]).run("VULN-REMEDIATION", "2025-03-02");
        assert_eq!(only(&f, "V1").due, Some(d(due)), "{sev:?}");
    }
}

#[test]
fn dieu_23_3_incomplete_plan_is_judged_like_a_missing_one_and_named() {
    let mut p = plan("V1", None, Some(PlanStatus::Planned));
    p.risk_rating = None;
    let f = with(vec![vuln("V1", Severity::Critical, "2025-03-01")], vec![p]).run("VULN-REMEDIATION", "2025-03-20");
    let f = only(&f, "V1");
    assert_eq!((f.status, f.due, f.overdue_days), (Status::Fail, Some(d("2025-03-16")), Some(4)));
    assert!(f.message_en.contains("risk_rating, due_date"), "{}", f.message_en);
}

#[test]
fn dieu_23_3_accepted_risk_with_rating_and_plan_passes_without_due_date() {
    let f = with(vec![vuln("V1", Severity::Medium, "2024-01-01")], vec![plan("V1", None, Some(PlanStatus::Accepted))])
        .run("VULN-REMEDIATION", "2025-06-01");
    let f = only(&f, "V1");
    assert_eq!((f.status, f.due), (Status::Pass, None));
}

#[test]
fn dieu_23_4_plan_marked_done_while_the_scanner_still_finds_it_fails_after_due() {
    let f = with(
        vec![vuln("V1", Severity::High, "2025-03-01")],
        vec![plan("V1", Some("2025-04-01"), Some(PlanStatus::Done))],
    )
    .run("VULN-REMEDIATION", "2025-05-01");
    let f = only(&f, "V1");
    assert_eq!((f.status, f.overdue_days), (Status::Fail, Some(30)));
    assert!(f.message_en.contains("still found it"), "{}", f.message_en);
}

#[test]
fn dieu_23_4_fixed_vulnerabilities_and_info_findings_need_no_plan() {
    let mut fixed = vuln("V1", Severity::High, "2025-01-01");
    fixed.fixed_on = Some(ts("2025-02-01"));
    let info = vuln("V2", Severity::Info, "2025-01-01");
    let f = with(vec![fixed.clone(), info], vec![]).run("VULN-REMEDIATION", "2025-06-01");
    assert!(f.is_empty(), "{f:#?}");
    // Before its fix, the vulnerability was open (an earlier as-of date).
    let f = with(vec![fixed], vec![]).run("VULN-REMEDIATION", "2025-01-31");
    assert_eq!((status_of(&f, "V1"), only(&f, "V1").due), (Status::Pending, Some(d("2025-01-31"))));
}

#[test]
fn dieu_23_4_vulnerability_found_after_the_as_of_date_is_not_seen() {
    let f = with(vec![vuln("V1", Severity::High, "2025-06-01")], vec![]).run("VULN-REMEDIATION", "2025-05-31");
    assert!(f.is_empty());
}
