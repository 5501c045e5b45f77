//! End to end, on SQLite and PostgreSQL: `import DIR` with a `scans/`
//! folder (OpenVAS, Trivy, SARIF), a later scan that fixes a vulnerability,
//! `vulns`, and the findings of VULN-SCAN-PERIOD (Điều 23.2.b) and
//! VULN-REMEDIATION (Điều 23.3-4) computed by hand; bad reports.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use serde_json::Value;

fn finding<'a>(all: &'a [Value], rule: &str, subject: &str) -> &'a Value {
    all.iter()
        .find(|f| f["rule"] == rule && f["subject_id"] == subject)
        .unwrap_or_else(|| panic!("no {rule} finding for {subject}"))
}

fn sdo(f: &Value) -> (String, Value, Value) {
    (f["status"].as_str().unwrap().to_string(), f["due"].clone(), f["overdue_days"].clone())
}

fn j(s: &str) -> Value {
    Value::String(s.into())
}

const CRIT: &str = "openvas|10.1.0.10|1.3.6.1.4.1.25623.1.0.100001|443/tcp";
const MED: &str = "openvas|10.1.0.10|1.3.6.1.4.1.25623.1.0.100002|80/tcp";
const SSH: &str = "openvas|10.1.0.20|1.3.6.1.4.1.25623.1.0.100003|22/tcp";
const T_HIGH: &str =
    "trivy|registry.customs.gov.vn/core-api:2.3|registry.customs.gov.vn/core-api:2.3 (alpine 3.19.1)|CVE-2025-1111|openssl@3.1.4-r0";
const T_LOW: &str =
    "trivy|registry.customs.gov.vn/core-api:2.3|registry.customs.gov.vn/core-api:2.3 (alpine 3.19.1)|CVE-2025-2222|busybox@1.36.1-r15";
const SQLI: &str = "sarif|https://git.customs.gov.vn/web/portal|CodeQL|js/sql-injection|src/db.js|L42";

#[test]
fn dieu_23_scan_periods_and_remediation_end_to_end() {
    for db in both("scane2e") {
        let dir = fixture("scan");
        let o = tuanthu(&db, &["import", dir.to_str().unwrap()]);
        assert_eq!(code(&o), 0, "{}: {}", db.name, stderr(&o));
        assert!(
            stdout(&o).contains("imported 3 scanner reports (7 vulnerabilities, 7 new, 0 fixed; 0 skipped)"),
            "{}",
            stdout(&o)
        );

        let o = tuanthu(&db, &["vulns", "--format", "jsonl", "--as-of", "2025-06-30"]);
        let v = jsonl(&o);
        // 4 OpenVAS results (one informational), 2 Trivy, 1 SARIF.
        assert_eq!(v.len(), 7, "{}", db.name);
        let crit = v.iter().find(|x| x["key"] == CRIT).unwrap();
        assert_eq!(
            (&crit["system_id"], &crit["target"], &crit["severity"], &crit["status"]),
            (&j("WEB"), &j("10.1.0.10"), &j("critical"), &j("open"))
        );
        assert_eq!((&crit["first_seen"], &crit["last_seen"]), (&j("2025-01-10T02:00:00Z"), &j("2025-01-10T02:00:00Z")));
        assert_eq!(
            (&crit["risk_rating"], &crit["due_date"], &crit["overdue"]),
            (&j("critical"), &j("2025-01-31"), &Value::Bool(true))
        );
        let sqli = v.iter().find(|x| x["key"] == SQLI).unwrap();
        assert_eq!((&sqli["system_id"], &sqli["severity"]), (&j("WEB"), &j("high")));
        let t = v.iter().find(|x| x["key"] == T_HIGH).unwrap();
        assert_eq!(
            (&t["system_id"], &t["package"], &t["cvss"]),
            (&j("CORE"), &j("openssl@3.1.4-r0"), &serde_json::json!(7.5))
        );

        let o = tuanthu(
            &db,
            &[
                "check",
                "--as-of",
                "2025-06-30",
                "--status",
                "all",
                "--format",
                "jsonl",
                "--rule",
                "VULN-SCAN-PERIOD",
                "--rule",
                "VULN-REMEDIATION",
            ],
        );
        assert_eq!(code(&o), 1, "{}", stderr(&o));
        let f = jsonl(&o);
        // 23.2.b — WEB (Internet): last scan 01/02/2025 (SARIF) + 6 months.
        assert_eq!(sdo(finding(&f, "VULN-SCAN-PERIOD", "WEB")), ("pass".into(), j("2025-08-01"), Value::Null));
        // CORE (level 4): Trivy 20/05/2025 + 6 months.
        assert_eq!(sdo(finding(&f, "VULN-SCAN-PERIOD", "CORE")), ("pass".into(), j("2025-11-20"), Value::Null));
        // HR (level 2) never scanned, in operation since 01/03/2024: due 01/03/2025, 121 days late.
        assert_eq!(
            sdo(finding(&f, "VULN-SCAN-PERIOD", "HR")),
            ("fail".into(), j("2025-03-01"), serde_json::json!(121))
        );
        // NEW never scanned, since 15/01/2025: first scan due 15/01/2026.
        assert_eq!(sdo(finding(&f, "VULN-SCAN-PERIOD", "NEW")), ("pending".into(), j("2026-01-15"), Value::Null));
        // 23.3-4 — planned, due 31/01/2025, still open: 150 days late.
        assert_eq!(
            sdo(finding(&f, "VULN-REMEDIATION", CRIT)),
            ("fail".into(), j("2025-01-31"), serde_json::json!(150))
        );
        assert_eq!(sdo(finding(&f, "VULN-REMEDIATION", MED)), ("pass".into(), j("2025-09-30"), Value::Null));
        // No plan, high, found 10/01/2025: default 30 days → 09/02/2025, 141 days late.
        assert_eq!(sdo(finding(&f, "VULN-REMEDIATION", SSH)), ("fail".into(), j("2025-02-09"), serde_json::json!(141)));
        // No plan, high, found 20/05/2025 → 19/06/2025, 11 days late; low → 16/11/2025, pending.
        assert_eq!(
            sdo(finding(&f, "VULN-REMEDIATION", T_HIGH)),
            ("fail".into(), j("2025-06-19"), serde_json::json!(11))
        );
        assert_eq!(sdo(finding(&f, "VULN-REMEDIATION", T_LOW)), ("pending".into(), j("2025-11-16"), Value::Null));
        // Risk rated and accepted.
        assert_eq!(sdo(finding(&f, "VULN-REMEDIATION", SQLI)), ("pass".into(), Value::Null, Value::Null));
        assert_eq!(
            f.iter().filter(|x| x["rule"] == "VULN-REMEDIATION").count(),
            6,
            "the informational result needs no plan"
        );
        let ev = finding(&f, "VULN-REMEDIATION", CRIT)["evidence"].clone();
        assert_eq!(
            ev,
            serde_json::json!([format!("vulnerabilities/{CRIT}"), "systems/WEB", format!("vuln_plans/{CRIT}")])
        );

        // A later scan of 10.1.0.10 no longer finds the critical one: fixed.
        let later = fixture("scan-later").join("openvas-2025-06.xml");
        let o = tuanthu(&db, &["import", "scan", later.to_str().unwrap()]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert!(
            stdout(&o).contains("(1 mới / new")
                || stdout(&o).contains("0 mới / new, 1 thấy lại / seen again, 1 đã khắc phục / fixed"),
            "{}",
            stdout(&o)
        );
        let o = tuanthu(&db, &["vulns", "--status", "fixed", "--format", "jsonl"]);
        let fixed = jsonl(&o);
        assert_eq!(fixed.len(), 1);
        assert_eq!((&fixed[0]["key"], &fixed[0]["fixed_on"]), (&j(CRIT), &j("2025-06-05T02:00:00Z")));
        let o = tuanthu(
            &db,
            &[
                "check",
                "--as-of",
                "2025-06-30",
                "--status",
                "all",
                "--format",
                "jsonl",
                "--rule",
                "VULN-SCAN-PERIOD",
                "--rule",
                "VULN-REMEDIATION",
            ],
        );
        let f = jsonl(&o);
        assert!(!f.iter().any(|x| x["subject_id"] == CRIT), "a fixed vulnerability needs no plan");
        assert_eq!(sdo(finding(&f, "VULN-SCAN-PERIOD", "WEB")), ("pass".into(), j("2025-12-05"), Value::Null));
        let med = finding(&f, "VULN-REMEDIATION", MED);
        assert_eq!(med["status"], "pass");

        // vulns filters and formats.
        let o = tuanthu(&db, &["vulns", "--system", "CORE", "--severity", "high,critical", "--format", "csv"]);
        let csv = stdout(&o);
        assert!(csv.starts_with("\u{feff}key,system_id,target,"), "{csv}");
        assert_eq!(csv.lines().count(), 1 + 2, "{csv}");
        let o = tuanthu(&db, &["vulns", "--status", "all"]);
        assert_eq!(code(&o), 0);
        assert!(stderr(&o).contains("7 lỗ hổng / vulnerabilities"), "{}", stderr(&o));
    }
}

#[test]
fn import_scan_with_system_attributes_every_target_and_reimports_are_skipped() {
    for db in both("scansystem") {
        let dir = fixture("scan").join("scans");
        let o = tuanthu(&db, &["import", "scan", dir.to_str().unwrap(), "--system", "SYS-X"]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let v = jsonl(&tuanthu(&db, &["vulns", "--format", "jsonl"]));
        assert!(v.iter().all(|x| x["system_id"] == "SYS-X"));
        let o = tuanthu(
            &db,
            &["import", "scan", dir.join("portal.sarif").to_str().unwrap(), "--format", "sarif", "--system", "SYS-X"],
        );
        assert_eq!(code(&o), 0);
        assert!(stderr(&o).contains("already imported (scan #"), "{}", stderr(&o));
    }
}

#[test]
fn an_unmapped_target_is_an_error_naming_file_line_and_target_and_nothing_is_imported() {
    for db in both("scanunmapped") {
        let dir = fixture("scan");
        assert_eq!(code(&tuanthu(&db, &["import", dir.to_str().unwrap()])), 0);
        let later = fixture("scan-later");
        // Two files: one good, one with a target no scan_targets row names.
        let o = tuanthu(
            &db,
            &[
                "import",
                "scan",
                later.join("openvas-2025-06.xml").to_str().unwrap(),
                later.join("unmapped.xml").to_str().unwrap(),
            ],
        );
        assert_eq!(code(&o), 2);
        let err = stderr(&o);
        assert!(err.contains("unmapped.xml:4:1: đối tượng dò quét \"10.9.9.9\""), "{err}");
        assert!(err.contains("scan target \"10.9.9.9\" maps to no system"), "{err}");
        // Nothing from either file was written.
        let v = jsonl(&tuanthu(&db, &["vulns", "--status", "fixed", "--format", "jsonl"]));
        assert!(v.is_empty(), "{v:?}");
    }
}

#[test]
fn bad_reports_exit_2_with_file_and_place_and_the_cli_keeps_working() {
    let db = sqlite();
    let dir = tempfile::tempdir().unwrap();
    let bomb = dir.path().join("bomb.xml");
    std::fs::write(
        &bomb,
        "<?xml version=\"1.0\"?>\n<!DOCTYPE report [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n<report>&b;</report>\n",
    )
    .unwrap();
    let o = tuanthu(&db, &["import", "scan", bomb.to_str().unwrap(), "--system", "S"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("bomb.xml:2:1:") && stderr(&o).contains("DOCTYPE"), "{}", stderr(&o));

    let unknown = dir.path().join("nmap.xml");
    std::fs::write(&unknown, "<?xml version=\"1.0\"?><nmaprun scanner=\"nmap\"></nmaprun>").unwrap();
    let o = tuanthu(&db, &["import", "scan", unknown.to_str().unwrap(), "--system", "S"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("nmap.xml: ") && stderr(&o).contains("unknown scanner report"), "{}", stderr(&o));

    let cut = dir.path().join("cut.json");
    std::fs::write(&cut, "{\"SchemaVersion\": 2, \"ArtifactName\": \"a:1\", \"Results\": [{\"Target\": \"a\",")
        .unwrap();
    let o = tuanthu(&db, &["import", "scan", cut.to_str().unwrap(), "--system", "S"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("cut.json:1:") && stderr(&o).contains("truncated"), "{}", stderr(&o));

    let huge = dir.path().join("huge.nessus");
    std::fs::File::create(&huge).unwrap().set_len(2 * 1024 * 1024 * 1024).unwrap();
    let start = std::time::Instant::now();
    let o = tuanthu(&db, &["import", "scan", huge.to_str().unwrap(), "--system", "S"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("huge.nessus:") && stderr(&o).contains("too large"), "{}", stderr(&o));
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
    let o = tuanthu(&db, &["import", "scan", huge.to_str().unwrap(), "--system", "S", "--max-size", "1K"]);
    assert_eq!(code(&o), 2);

    // Still working: a good report imports.
    let good = fixture("scan").join("scans").join("trivy-core-api.json");
    let o = tuanthu(&db, &["import", "scan", good.to_str().unwrap(), "--system", "S"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}
