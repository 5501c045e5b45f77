//! End to end: third parties, monitoring, alerts, incidents, plans, drills
//! and reports (issue 5, part B), through the binary, on SQLite and
//! PostgreSQL; the due-date calendar and its iCalendar output; bad input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use serde_json::Value;

const RULES: [&str; 12] = [
    "VENDOR-CONTRACT",
    "VENDOR-NO-FULL-ADMIN",
    "VENDOR-SERVICE-LOG",
    "VENDOR-STAFF",
    "VENDOR-OFFBOARD",
    "MON-COVERAGE",
    "ALERT-FOCAL-POINTS",
    "IR-PLAN-REVIEW",
    "IR-DRILL",
    "IR-REPORTED",
    "RPT-ANNUAL",
    "RPT-MONITORING",
];

fn find<'a>(findings: &'a [Value], rule: &str, subject: &str) -> &'a Value {
    let m: Vec<&Value> = findings.iter().filter(|f| f["rule"] == rule && f["subject_id"] == subject).collect();
    assert_eq!(m.len(), 1, "{rule} {subject}: {findings:#?}");
    m[0]
}

/// (status, due, overdue_days) of one finding.
fn sdo(findings: &[Value], rule: &str, subject: &str) -> (String, Option<String>, Option<i64>) {
    let f = find(findings, rule, subject);
    (f["status"].as_str().unwrap().to_string(), f["due"].as_str().map(str::to_string), f["overdue_days"].as_i64())
}

fn t(status: &str, due: Option<&str>, overdue: Option<i64>) -> (String, Option<String>, Option<i64>) {
    (status.to_string(), due.map(str::to_string), overdue)
}

#[test]
fn scenario_vendors_monitoring_incidents_and_reports_on_both_backends() {
    let dir = fixture("vendors_ir");
    let mut outputs = Vec::new();
    for db in both("vendors_ir") {
        let o = tuanthu(&db, &["import", dir.to_str().unwrap()]);
        assert_eq!(code(&o), 0, "{}: {}", db.name, stderr(&o));
        let mut args = vec!["check", "--as-of", "2025-11-15", "--format", "jsonl", "--status", "all", "--no-record"];
        for r in RULES {
            args.extend(["--rule", r]);
        }
        let o = tuanthu(&db, &args);
        assert_eq!(code(&o), 1, "{}", stderr(&o));
        let f = jsonl(&o);
        // Điều 25.1
        assert_eq!(sdo(&f, "VENDOR-CONTRACT", "HD-01"), t("pass", None, None));
        assert_eq!(sdo(&f, "VENDOR-CONTRACT", "HD-02"), t("fail", None, None));
        assert_eq!(sdo(&f, "VENDOR-CONTRACT", "HD-03"), t("no_evidence", None, None));
        assert_eq!(find(&f, "VENDOR-CONTRACT", "HD-02")["subject_kind"], "contract");
        // Điều 25.2
        assert_eq!(sdo(&f, "VENDOR-NO-FULL-ADMIN", "VNACCS").0, "fail");
        assert_eq!(sdo(&f, "VENDOR-NO-FULL-ADMIN", "EMAIL").0, "not_applicable");
        assert_eq!(sdo(&f, "VENDOR-NO-FULL-ADMIN", "KV01-KB").0, "no_evidence");
        assert_eq!(sdo(&f, "VENDOR-NO-FULL-ADMIN", "WEB").0, "pass");
        // Điều 26.2: 3-month log; HD-02 measured to its end 30/06/2025, HD-03 from its start.
        assert_eq!(sdo(&f, "VENDOR-SERVICE-LOG", "HD-01"), t("pass", Some("2025-12-10"), None));
        assert_eq!(sdo(&f, "VENDOR-SERVICE-LOG", "HD-02"), t("fail", Some("2025-04-15"), Some(76)));
        assert_eq!(sdo(&f, "VENDOR-SERVICE-LOG", "HD-03"), t("fail", Some("2025-04-01"), Some(228)));
        // Điều 27.2
        assert_eq!(sdo(&f, "VENDOR-STAFF", "V1/Phạm Văn Đức").0, "pass");
        assert_eq!(sdo(&f, "VENDOR-STAFF", "V2/Lê Thị Lan").0, "fail");
        assert_eq!(sdo(&f, "VENDOR-STAFF", "KV01-KB/nt.hung").0, "fail");
        assert_eq!(sdo(&f, "VENDOR-STAFF", "HD-03").0, "no_evidence");
        // Điều 26.7: HD-01 ends Thu 31/12/2026, 01/01/2027 is a holiday → Mon 04/01/2027.
        assert_eq!(sdo(&f, "VENDOR-OFFBOARD", "HD-01"), t("pass", Some("2027-01-04"), None));
        assert_eq!(sdo(&f, "VENDOR-OFFBOARD", "HD-02"), t("fail", Some("2025-07-01"), Some(1)));
        assert!(f.iter().all(|x| !(x["rule"] == "VENDOR-OFFBOARD" && x["subject_id"] == "HD-03")));
        // Điều 28.2-3
        assert_eq!(sdo(&f, "MON-COVERAGE", "VNACCS").0, "pass");
        assert_eq!(sdo(&f, "MON-COVERAGE", "EMAIL").0, "pass");
        assert_eq!(sdo(&f, "MON-COVERAGE", "KV01-KB").0, "fail");
        // Điều 29.1
        assert_eq!(sdo(&f, "ALERT-FOCAL-POINTS", "CNTT").0, "pass");
        assert_eq!(sdo(&f, "ALERT-FOCAL-POINTS", "KV01").0, "fail");
        // Điều 30.3.b: last day 30/10.
        assert_eq!(sdo(&f, "IR-PLAN-REVIEW", "CNTT"), t("pass", Some("2026-10-30"), None));
        assert_eq!(sdo(&f, "IR-PLAN-REVIEW", "KV01"), t("fail", Some("2025-10-30"), Some(16)));
        // Điều 30.4.a
        assert_eq!(sdo(&f, "IR-DRILL", "CNTT"), t("pass", Some("2026-04-10"), None));
        assert_eq!(sdo(&f, "IR-DRILL", "KV01"), t("fail", Some("2025-03-20"), Some(240)));
        // Điều 30.4.b: 5 calendar days after detection.
        assert_eq!(sdo(&f, "IR-REPORTED", "SC-01"), t("pass", Some("2025-10-06"), None));
        assert_eq!(sdo(&f, "IR-REPORTED", "SC-02"), t("fail", Some("2025-10-25"), Some(2)));
        assert_eq!(sdo(&f, "IR-REPORTED", "SC-03"), t("pending", Some("2025-11-17"), None));
        assert_eq!(sdo(&f, "IR-REPORTED", "SC-04").0, "not_applicable");
        // Điều 32.3: before 1/11 = by 31/10; before 1/6 = by 31/05.
        assert_eq!(sdo(&f, "RPT-ANNUAL", "CHQ"), t("pass", Some("2026-10-31"), None));
        assert_eq!(sdo(&f, "RPT-ANNUAL", "KV01"), t("fail", Some("2025-10-31"), Some(3)));
        assert_eq!(sdo(&f, "RPT-ANNUAL", "KV02"), t("fail", Some("2025-10-31"), Some(15)));
        assert_eq!(sdo(&f, "RPT-MONITORING", "CHQ"), t("pass", Some("2025-11-30"), None));
        assert_eq!(sdo(&f, "RPT-MONITORING", "KV01"), t("fail", Some("2025-05-31"), Some(168)));
        assert_eq!(f.len(), 34, "no other finding");
        // --unit scopes unit subjects too.
        let o = tuanthu(&db, &["check", "--as-of", "2025-11-15", "--format", "jsonl", "--unit", "KV02", "--no-record"]);
        let kv02 = jsonl(&o);
        assert!(kv02.iter().any(|x| x["rule"] == "RPT-ANNUAL" && x["subject_id"] == "KV02"));
        assert!(kv02.iter().all(|x| x["subject_id"] != "KV01"));
        outputs.push(stdout(&tuanthu(&db, &args)));
    }
    if outputs.len() == 2 {
        assert_eq!(outputs[0], outputs[1], "same findings on both backends");
    }
}

#[test]
fn calendar_due_lists_the_obligations_of_every_rule_in_the_window() {
    let dir = fixture("vendors_ir");
    for db in both("due") {
        assert_eq!(code(&tuanthu(&db, &["import", dir.to_str().unwrap()])), 0);
        let o = tuanthu(&db, &["calendar", "due", "--as-of", "2025-11-15", "--format", "jsonl"]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let due = jsonl(&o);
        let got: Vec<(String, String, String)> = due
            .iter()
            .map(|f| {
                (
                    f["due"].as_str().unwrap().to_string(),
                    f["rule"].as_str().unwrap().to_string(),
                    f["subject_id"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        // Default window: 15/11/2025 to 15/12/2025, sorted by date.
        assert_eq!(
            got,
            vec![
                ("2025-11-17".into(), "IR-REPORTED".into(), "SC-03".into()),
                ("2025-11-30".into(), "RPT-MONITORING".into(), "CHQ".into()),
                ("2025-12-10".into(), "VENDOR-SERVICE-LOG".into(), "HD-01".into()),
            ]
        );
        // A longer window reaches the obligations of other rules (ACCT-DORMANT).
        let o = tuanthu(&db, &["calendar", "due", "--as-of", "2025-11-15", "--to", "2026-12-31", "--format", "jsonl"]);
        let rules: Vec<String> = jsonl(&o).iter().map(|f| f["rule"].as_str().unwrap().to_string()).collect();
        for r in ["ACCT-DORMANT", "IR-DRILL", "IR-PLAN-REVIEW", "RPT-ANNUAL"] {
            assert!(rules.iter().any(|x| x == r), "{r} in {rules:?}");
        }
        // --unit, --from in the past (a failing obligation of that period shows).
        let o = tuanthu(
            &db,
            &[
                "calendar",
                "due",
                "--as-of",
                "2025-11-15",
                "--from",
                "2025-10-01",
                "--to",
                "2025-11-01",
                "--unit",
                "KV01",
                "--format",
                "jsonl",
            ],
        );
        let kv01: Vec<(String, String)> = jsonl(&o)
            .iter()
            .map(|f| (f["rule"].as_str().unwrap().to_string(), f["status"].as_str().unwrap().to_string()))
            .collect();
        assert_eq!(
            kv01,
            vec![("IR-PLAN-REVIEW".to_string(), "fail".to_string()), ("RPT-ANNUAL".to_string(), "fail".to_string())]
        );
        let table = stdout(&tuanthu(&db, &["calendar", "due", "--as-of", "2025-11-15"]));
        assert!(table.contains("17/11/2025") && table.contains("chờ hạn"), "{table}");
        let o = tuanthu(&db, &["calendar", "due", "--from", "2025-12-01", "--to", "2025-11-01"]);
        assert_eq!(code(&o), 2, "window backwards");
    }
}

/// Unfolds an iCalendar text (RFC 5545 3.1) into content lines.
fn unfold(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for physical in text.split("\r\n") {
        if let Some(rest) = physical.strip_prefix(' ') {
            lines.last_mut().unwrap().push_str(rest);
        } else if !physical.is_empty() {
            lines.push(physical.to_string());
        }
    }
    lines
}

/// Unescapes a TEXT value (RFC 5545 3.3.11).
fn unescape(v: &str) -> String {
    let mut out = String::new();
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(x @ ('\\' | ';' | ',')) => out.push(x),
                other => panic!("bad escape \\{other:?} in {v}"),
            }
        } else {
            assert!(c != ';' && c != ',', "unescaped {c:?} in TEXT {v}");
            out.push(c);
        }
    }
    out
}

#[test]
fn calendar_due_ics_is_rfc_5545_and_parses_back_to_the_findings() {
    let dir = fixture("vendors_ir");
    let db = sqlite();
    assert_eq!(code(&tuanthu(&db, &["import", dir.to_str().unwrap()])), 0);
    let window = ["--as-of", "2025-11-15", "--to", "2026-12-31"];
    let ics = stdout(&tuanthu(&db, &[&["calendar", "due", "--format", "ics"][..], &window[..]].concat()));
    let json = jsonl(&tuanthu(&db, &[&["calendar", "due", "--format", "jsonl"][..], &window[..]].concat()));
    // CRLF everywhere, no bare LF or CR; every physical line at most 75 octets.
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(ics.matches('\n').count(), ics.matches("\r\n").count());
    assert_eq!(ics.matches('\r').count(), ics.matches("\r\n").count());
    for l in ics.split("\r\n") {
        assert!(l.len() <= 75, "{} octets: {l}", l.len());
    }
    assert!(ics.split("\r\n").any(|l| l.starts_with(' ')), "long lines are folded");
    let lines = unfold(&ics);
    assert_eq!(lines[0], "BEGIN:VCALENDAR");
    assert!(lines.contains(&"VERSION:2.0".to_string()));
    assert!(lines.iter().any(|l| l.starts_with("PRODID:")));
    assert!(lines.contains(&"BEGIN:VTIMEZONE".to_string()) && lines.contains(&"TZOFFSETTO:+0700".to_string()));
    // Every BEGIN has its END, properly nested.
    let mut stack = Vec::new();
    for l in &lines {
        if let Some(c) = l.strip_prefix("BEGIN:") {
            stack.push(c.to_string());
        } else if let Some(c) = l.strip_prefix("END:") {
            assert_eq!(stack.pop().as_deref(), Some(c), "nesting");
        }
    }
    assert!(stack.is_empty());
    // An empty window is still a valid calendar.
    let empty = stdout(&tuanthu(
        &db,
        &["calendar", "due", "--format", "ics", "--as-of", "2025-11-15", "--from", "2030-01-01", "--to", "2030-01-31"],
    ));
    assert!(empty.contains("BEGIN:VTIMEZONE\r\n") && !empty.contains("BEGIN:VEVENT"));
    // Parse the events back.
    let mut events: Vec<std::collections::HashMap<String, String>> = Vec::new();
    let mut cur: Option<std::collections::HashMap<String, String>> = None;
    for l in &lines {
        match l.as_str() {
            "BEGIN:VEVENT" => cur = Some(Default::default()),
            "END:VEVENT" => events.push(cur.take().unwrap()),
            _ => {
                if let Some(ev) = cur.as_mut() {
                    let (name, value) = l.split_once(':').unwrap();
                    ev.insert(name.to_string(), value.to_string());
                }
            }
        }
    }
    assert_eq!(events.len(), json.len());
    let mut uids = std::collections::HashSet::new();
    for (ev, f) in events.iter().zip(&json) {
        for p in ["UID", "DTSTAMP", "DTSTART;VALUE=DATE", "DTEND;VALUE=DATE", "SUMMARY", "DESCRIPTION"] {
            assert!(ev.contains_key(p), "{p} in {ev:?}");
        }
        assert_eq!(ev["DTSTAMP"], "20251115T000000Z");
        assert_eq!(ev["DTSTART;VALUE=DATE"], f["due"].as_str().unwrap().replace('-', ""));
        assert!(uids.insert(ev["UID"].clone()), "UIDs are unique");
        let summary = unescape(&ev["SUMMARY"]);
        assert!(summary.contains(f["rule"].as_str().unwrap()) && summary.contains(f["subject_id"].as_str().unwrap()));
        let description = unescape(&ev["DESCRIPTION"]);
        assert!(description.starts_with(f["cite"].as_str().unwrap()), "{description}");
        assert!(description.contains(f["message_vi"].as_str().unwrap()));
        assert!(description.contains(f["message_en"].as_str().unwrap()));
    }
    // Escaping: messages carry `;` and `,`, which appear escaped.
    assert!(ics.contains("\\;") && ics.contains("\\,"));
    let summaries: Vec<String> = events.iter().map(|e| unescape(&e["SUMMARY"])).collect();
    assert!(
        summaries.iter().any(|s| s.starts_with("[đạt] RPT-ANNUAL CHQ: Báo cáo an toàn thông tin định kỳ hàng năm")),
        "{summaries:?}"
    );
    // UIDs are stable: the same obligation evaluated later keeps its UID.
    let later =
        stdout(&tuanthu(&db, &["calendar", "due", "--format", "ics", "--as-of", "2025-11-16", "--to", "2026-12-31"]));
    let uid_of =
        |text: &str, rule: &str| unfold(text).into_iter().find(|l| l.starts_with(&format!("UID:{rule}-"))).unwrap();
    assert_eq!(uid_of(&ics, "RPT-ANNUAL"), uid_of(&later, "RPT-ANNUAL"));
}

fn write(dir: &std::path::Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

/// A valid directory of this area's kinds (plus what they refer to).
fn valid_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(fixture("vendors_ir")).unwrap() {
        let p = f.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    dir
}

#[test]
fn unknown_enumeration_values_name_the_allowed_ones() {
    let db = sqlite();
    let dir = valid_dir();
    write(dir.path(), "monitoring.csv", "system_id,coverage\nVNACCS,24/7\n");
    write(dir.path(), "incidents.csv", "incident_id,type,detected_at\nSC-9,ransomware,2025-01-01\n");
    let o = tuanthu(&db, &["import", dir.path().to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains("monitoring.csv:2: coverage = \"24/7\": giá trị không hợp lệ; phải là một trong: none, working_hours, 24x7 / invalid value; expected one of: none, working_hours, 24x7"),
        "{err}"
    );
    assert!(err.contains("incidents.csv:2: type = \"ransomware\"") && err.contains("denial_of_service"), "{err}");
    assert!(err.contains("không nhập dữ liệu nào") && err.contains("nothing was imported"), "{err}");
    assert!(!std::path::Path::new(db.url.trim_start_matches("sqlite:")).exists(), "no database created");
}

#[test]
fn references_to_missing_vendors_contracts_or_plans_are_errors_naming_the_row() {
    for db in both("refs") {
        let dir = valid_dir();
        assert_eq!(code(&tuanthu(&db, &["import", dir.path().to_str().unwrap()])), 0);
        let before = stdout(&tuanthu(&db, &["check", "--as-of", "2025-11-15", "--format", "jsonl", "--no-record"]));
        write(
            dir.path(),
            "contracts.csv",
            "contract_id,vendor_id,start_date,system_ids\nHD-01,V1,2024-01-01,VNACCS\nHD-02,V9,2024-01-01,VNACCS;NO-SUCH\nHD-03,V2,2025-01-01,\n",
        );
        write(
            dir.path(),
            "vendor_staff.csv",
            "vendor_id,full_name,contract_id\nV1,Phạm Văn Đức,HD-03\nV2,Lê Thị Lan,HD-99\n",
        );
        write(dir.path(), "drills.csv", "drill_id,unit_code,plan_id,date\nDT-1,CNTT,KH-NONE,2025-04-10\n");
        let o = tuanthu(&db, &["import", dir.path().to_str().unwrap()]);
        assert_eq!(code(&o), 2, "{}", stderr(&o));
        let err = stderr(&o);
        for line in [
            "contracts.csv:3: vendor_id = \"V9\": không có trong vendors (nhập tệp vendors.csv trước hoặc cùng lúc) / not found in vendors (import vendors.csv first or in the same run)",
            "vendor_staff.csv:2: contract_id = \"HD-03\": hợp đồng HD-03 là của đối tác V2, không phải V1 / contract HD-03 belongs to vendor V2, not V1",
            "vendor_staff.csv:3: contract_id = \"HD-99\": không có trong contracts",
            "drills.csv:2: plan_id = \"KH-NONE\": không có trong ir_plans",
        ] {
            assert!(err.contains(line), "{line}\n---\n{err}");
        }
        // Systems are a warning naming the row, not an error.
        assert!(
            err.contains("cảnh báo / warning: contracts.csv:3: system_ids = \"NO-SUCH\": không có trong systems"),
            "{err}"
        );
        assert!(err.contains("6 lỗi trong 5 tệp"), "{err}"); // HD-02 now names V9: the log and account rows of V2 no longer match
        let after = stdout(&tuanthu(&db, &["check", "--as-of", "2025-11-15", "--format", "jsonl", "--no-record"]));
        assert_eq!(before, after, "{}: nothing was imported", db.name);
    }
}

#[test]
fn unknown_systems_units_and_persons_are_warnings_and_the_rows_are_imported() {
    let db = sqlite();
    let dir = valid_dir();
    write(dir.path(), "monitoring.csv", "system_id,coverage\nVNACCS,24x7\nVNACS,24x7\n");
    write(
        dir.path(),
        "focal_points.csv",
        "unit_code,person_id,role\nCNTT,P1,leader\nCNTT,P77,officer\nKV9,P3,leader\n",
    );
    let o = tuanthu(&db, &["import", dir.path().to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("monitoring.csv:3: system_id = \"VNACS\": không có trong systems"), "{err}");
    assert!(err.contains("focal_points.csv:3: person_id = \"P77\": không có trong persons"), "{err}");
    assert!(err.contains("focal_points.csv:4: unit_code = \"KV9\": không có trong units"), "{err}");
}

#[test]
fn future_dates_where_the_past_is_required_are_errors() {
    let db = sqlite();
    let dir = valid_dir();
    write(dir.path(), "reports.csv", "report_id,kind,unit_code,period,sent_on\nBC-1,annual,CHQ,2098,2099-10-01\n");
    write(
        dir.path(),
        "incidents.csv",
        "incident_id,type,detected_at,reported_at\nSC-1,malware,2099-01-01 09:00,\nSC-2,malware,2025-03-03 10:00,2025-03-02 09:00\n",
    );
    write(
        dir.path(),
        "vendor_staff.csv",
        "vendor_id,full_name,approved_on,nda_signed_on\nV1,Phạm Văn Đức,01/01/2099,2024-01-05\n",
    );
    let o = tuanthu(&db, &["import", dir.path().to_str().unwrap(), "--dry-run"]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    for needle in [
        "reports.csv:2: sent_on = \"2099-10-01\": ngày trong tương lai",
        "incidents.csv:2: detected_at = \"2099-01-01 09:00:00+07:00\": ngày trong tương lai",
        "incidents.csv:3: reported_at = \"2025-03-02 09:00:00+07:00\": trước detected_at (2025-03-03 10:00:00+07:00) / before detected_at",
        "vendor_staff.csv:2: approved_on = \"2099-01-01\": ngày trong tương lai",
        "this column records something that has happened",
    ] {
        assert!(err.contains(needle), "{needle}\n---\n{err}");
    }
}

#[test]
fn report_periods_must_be_years_or_half_years() {
    let db = sqlite();
    let dir = valid_dir();
    write(
        dir.path(),
        "reports.csv",
        "report_id,kind,unit_code,period,sent_on\nA,annual,CHQ,2025-H1,2025-10-01\nB,monitoring,CHQ,2025,2025-05-01\nC,monitoring,CHQ,,2025-05-01\nD,ad_hoc,CHQ,đột xuất tháng 3,2025-03-05\nE,monitoring,CHQ,2025-h2,2025-11-20\n",
    );
    let o = tuanthu(&db, &["import", dir.path().to_str().unwrap(), "--dry-run"]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(err.contains("reports.csv:2: period = \"2025-H1\": báo cáo annual phải ghi kỳ báo cáo dạng YYYY"), "{err}");
    assert!(
        err.contains("reports.csv:3: period = \"2025\": báo cáo monitoring phải ghi kỳ báo cáo dạng YYYY-H1 / YYYY-H2")
    );
    assert!(err.contains("reports.csv:4: period = \"\""));
    assert!(!err.contains("reports.csv:5") && !err.contains("reports.csv:6"), "{err}");
}

#[test]
fn systems_without_the_national_security_column_still_import() {
    let db = sqlite();
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "systems.csv", "system_id,name,in_operation\nS1,Một,yes\n");
    assert_eq!(code(&tuanthu(&db, &["import", dir.path().to_str().unwrap()])), 0);
    let o = tuanthu(
        &db,
        &["check", "--rule", "VENDOR-NO-FULL-ADMIN", "--status", "all", "--format", "jsonl", "--no-record"],
    );
    assert_eq!(jsonl(&o)[0]["status"], "pass");
}
