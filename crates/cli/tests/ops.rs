//! Operational evidence (issue 6, part A) end to end through the binary, on
//! SQLite and PostgreSQL: `import DIR` of tests/fixtures/ops (CSV files and
//! Cisco outputs in `network/`), then every finding of the operational rules
//! as of 01/12/2025, compared with values computed by hand from the articles.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;

use common::*;

const RULES: &[&str] = &[
    "BAK-PLAN",
    "BAK-24H",
    "BAK-RESTORE-TEST",
    "ASSESS-PERIOD",
    "ASSESS-PENTEST",
    "CHG-CONTROLLED",
    "CHG-IMPACT",
    "SYS-SECURITY-DESIGN",
    "SYS-LEVEL-REVIEW",
    "MAINT-REGULATION",
    "NET-CONFIG-BACKUP",
    "NET-UNUSED-PORTS",
    "EP-ANTIMALWARE",
    "DEV-TEST-DATA",
];

type Want = (&'static str, Option<&'static str>, Option<i64>);
/// (rule, subject, status, due, overdue_days)
type Row = (&'static str, &'static str, &'static str, Option<&'static str>, Option<i64>);

fn expected() -> BTreeMap<(String, String), Want> {
    let rows: &[Row] = &[
        // 15.1 (+ 15.2 for the plan of level 2+): SYS-B has no external medium, SYS-C no method nor restore interval;
        // level-1 SYS-D may back up weekly by hand.
        ("BAK-PLAN", "SYS-A", "pass", None, None),
        ("BAK-PLAN", "SYS-B", "fail", None, None),
        ("BAK-PLAN", "SYS-C", "fail", None, None),
        ("BAK-PLAN", "SYS-D", "pass", None, None),
        ("BAK-PLAN", "SYS-E", "not_applicable", None, None),
        // 15.2: last counted run 30/11 01:00 → due 01/12; SYS-B 27/11 23:30 → due 28/11 (later runs failed or not
        // copied out); SYS-C never backed up since go-live 01/07/2025 → due 02/07.
        ("BAK-24H", "SYS-A", "pass", Some("2025-12-01"), None),
        ("BAK-24H", "SYS-B", "fail", Some("2025-11-28"), Some(3)),
        ("BAK-24H", "SYS-C", "fail", Some("2025-07-02"), Some(152)),
        ("BAK-24H", "SYS-E", "not_applicable", None, None),
        // 15.3: every 3 months from external media; SYS-B's October test was not from external media.
        ("BAK-RESTORE-TEST", "SYS-A", "pass", Some("2025-12-15"), None),
        ("BAK-RESTORE-TEST", "SYS-B", "fail", Some("2025-09-10"), Some(82)),
        ("BAK-RESTORE-TEST", "SYS-C", "fail", Some("2025-10-01"), Some(61)),
        ("BAK-RESTORE-TEST", "SYS-E", "not_applicable", None, None),
        // 22.3: level 3 yearly; level 5 six-monthly from the older part (01/03/2025); level 2 new system within
        // its first 24 months; level 1 every 24 months.
        ("ASSESS-PERIOD", "SYS-A", "pass", Some("2025-12-10"), None),
        ("ASSESS-PERIOD", "SYS-B", "fail", Some("2025-09-01"), Some(91)),
        ("ASSESS-PERIOD", "SYS-C", "pending", Some("2027-07-01"), None),
        ("ASSESS-PERIOD", "SYS-D", "fail", Some("2025-06-30"), Some(154)),
        ("ASSESS-PERIOD", "SYS-E", "not_applicable", None, None),
        // 22.1.c: only SYS-B is Internet/third-party connected; pentest 15/04/2025 + 6 months.
        ("ASSESS-PENTEST", "SYS-A", "not_applicable", None, None),
        ("ASSESS-PENTEST", "SYS-B", "fail", Some("2025-10-15"), Some(47)),
        ("ASSESS-PENTEST", "SYS-C", "not_applicable", None, None),
        ("ASSESS-PENTEST", "SYS-D", "not_applicable", None, None),
        ("ASSESS-PENTEST", "SYS-E", "not_applicable", None, None),
        // 21.1: CHG-002 approved the day after it was applied; CHG-003's rollback plan is "không".
        ("CHG-CONTROLLED", "CHG-001", "pass", None, None),
        ("CHG-CONTROLLED", "CHG-002", "fail", None, None),
        ("CHG-CONTROLLED", "CHG-003", "fail", None, None),
        ("CHG-CONTROLLED", "CHG-004", "pass", None, None),
        ("CHG-CONTROLLED", "CHG-005", "not_applicable", None, None),
        ("CHG-CONTROLLED", "CHG-006", "pass", None, None),
        // 21.2: database change of level-3 SYS-A without impact assessment; CHG-004 is on a level-1 system.
        ("CHG-IMPACT", "CHG-002", "fail", None, None),
        ("CHG-IMPACT", "CHG-003", "pass", None, None),
        // 17: SYS-A's upgrade of 02/11/2025 has a report approved 28/10/2025; SYS-B went live before the
        // Decision; SYS-C's report was approved 9 days after go-live; SYS-E is not live and has no report.
        ("SYS-SECURITY-DESIGN", "SYS-A", "pass", Some("2025-11-02"), None),
        ("SYS-SECURITY-DESIGN", "SYS-B", "pass", None, None),
        ("SYS-SECURITY-DESIGN", "SYS-C", "fail", Some("2025-07-01"), Some(9)),
        ("SYS-SECURITY-DESIGN", "SYS-E", "pending", None, None),
        // 5.9: reviewed 8 days after the upgrade; the expansion is planned for 15/01/2026.
        ("SYS-LEVEL-REVIEW", "CHG-002", "fail", Some("2025-11-02"), Some(8)),
        ("SYS-LEVEL-REVIEW", "CHG-005", "pending", Some("2026-01-15"), None),
        ("SYS-LEVEL-REVIEW", "CHG-006", "pass", Some("2025-02-01"), None),
        // 24: SYS-A reviewed 15/03/2025, upgraded 02/11/2025 → review due 02/12/2025; SYS-B last reviewed
        // 01/10/2024; SYS-C none 30 days after go-live; SYS-D lacks contents d) and đ).
        ("MAINT-REGULATION", "SYS-A", "pass", Some("2025-12-02"), None),
        ("MAINT-REGULATION", "SYS-B", "fail", Some("2025-10-01"), Some(61)),
        ("MAINT-REGULATION", "SYS-C", "fail", Some("2025-07-31"), Some(123)),
        ("MAINT-REGULATION", "SYS-D", "fail", Some("2026-01-20"), None),
        ("MAINT-REGULATION", "SYS-E", "not_applicable", None, None),
        // 9.1.đ, 9.2.c: every 6 months.
        ("NET-CONFIG-BACKUP", "SW-HQ-CORE01", "pass", Some("2026-04-15"), None),
        ("NET-CONFIG-BACKUP", "sw-kv01-p3", "fail", Some("2025-09-01"), Some(91)),
        ("NET-CONFIG-BACKUP", "RT-WAN-KV01", "fail", None, None),
        // 9.1.d: from network/ (a PuTTY log; an archived config with a separate status capture).
        ("NET-UNUSED-PORTS", "SW-HQ-CORE01/GigabitEthernet1/0/3", "fail", None, None),
        ("NET-UNUSED-PORTS", "SW-HQ-CORE01/GigabitEthernet1/0/4", "pass", None, None),
        ("NET-UNUSED-PORTS", "SW-HQ-CORE01/GigabitEthernet1/0/5", "fail", None, None),
        ("NET-UNUSED-PORTS", "SW-HQ-CORE01/GigabitEthernet1/0/6", "fail", None, None),
        ("NET-UNUSED-PORTS", "SW-HQ-CORE01/TenGigabitEthernet1/1/1", "pass", None, None),
        ("NET-UNUSED-PORTS", "SW-HQ-CORE01/TenGigabitEthernet1/1/2", "fail", None, None),
        ("NET-UNUSED-PORTS", "SW-HQ-CORE01/GigabitEthernet0/0", "no_evidence", None, None),
        ("NET-UNUSED-PORTS", "sw-kv01-p3/FastEthernet0/2", "fail", None, None),
        ("NET-UNUSED-PORTS", "sw-kv01-p3/FastEthernet0/3", "pass", None, None),
        ("NET-UNUSED-PORTS", "sw-kv01-p3/FastEthernet0/4", "fail", None, None),
        ("NET-UNUSED-PORTS", "sw-kv01-p3/FastEthernet0/5", "fail", None, None),
        ("NET-UNUSED-PORTS", "sw-kv01-p3/FastEthernet0/6", "pass", None, None),
        ("NET-UNUSED-PORTS", "sw-kv01-p3/GigabitEthernet0/2", "fail", None, None),
        // 10.3, 14.2: signatures at most 7 days old.
        ("EP-ANTIMALWARE", "HQ-CNTT-PC001", "pass", Some("2025-12-07"), None),
        ("EP-ANTIMALWARE", "HQ-CNTT-PC002", "fail", Some("2025-11-27"), Some(4)),
        ("EP-ANTIMALWARE", "KV01-PC003", "fail", None, None),
        ("EP-ANTIMALWARE", "KV01-PC004", "fail", Some("2025-12-06"), None),
        ("EP-ANTIMALWARE", "KV01-SRV01", "no_evidence", None, None),
        // 20.2
        ("DEV-TEST-DATA", "SYS-A", "pass", None, None),
        ("DEV-TEST-DATA", "SYS-B", "fail", None, None),
        ("DEV-TEST-DATA", "SYS-C", "no_evidence", None, None),
        ("DEV-TEST-DATA", "SYS-D", "no_evidence", None, None),
        ("DEV-TEST-DATA", "SYS-E", "pass", None, None),
    ];
    rows.iter().map(|(r, s, st, due, od)| ((r.to_string(), s.to_string()), (*st, *due, *od))).collect()
}

fn check(db: &Db, as_of: &str) -> Vec<serde_json::Value> {
    let mut args = vec!["check", "--as-of", as_of, "--format", "jsonl", "--status", "all", "--no-record"];
    for r in RULES {
        args.extend(["--rule", r]);
    }
    let o = tuanthu(db, &args);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    jsonl(&o)
}

#[test]
fn operational_scenario_on_both_backends() {
    let dir = fixture("ops");
    let mut outputs = Vec::new();
    for db in both("ops") {
        let o = tuanthu(&db, &["import", dir.to_str().unwrap()]);
        assert_eq!(code(&o), 0, "{}: {}", db.name, stderr(&o));
        let out = stdout(&o);
        assert!(out.contains("network_ports               12 dòng / rows  ← SW-HQ-CORE01.log (SW-HQ-CORE01)"), "{out}");
        let findings = check(&db, "2025-12-01");
        let mut got = BTreeMap::new();
        for f in &findings {
            let key = (f["rule"].as_str().unwrap().to_string(), f["subject_id"].as_str().unwrap().to_string());
            let val = (
                f["status"].as_str().unwrap().to_string(),
                f["due"].as_str().map(str::to_string),
                f["overdue_days"].as_i64(),
            );
            assert!(got.insert(key.clone(), val).is_none(), "{}: two findings for {key:?}", db.name);
        }
        let want = expected();
        for (key, (st, due, od)) in &want {
            let g = got.get(key).unwrap_or_else(|| panic!("{}: no finding for {key:?}", db.name));
            assert_eq!(g, &(st.to_string(), due.map(str::to_string), *od), "{}: {key:?}", db.name);
        }
        let extra: Vec<_> = got.keys().filter(|k| !want.contains_key(*k)).collect();
        assert!(extra.is_empty(), "{}: unexpected findings {extra:?}", db.name);
        // Messages in both languages, article cited, evidence referenced.
        let f = findings.iter().find(|f| f["rule"] == "BAK-24H" && f["subject_id"] == "SYS-B").unwrap();
        assert_eq!(f["cite"], "Điều 15.2");
        assert!(f["message_en"]
            .as_str()
            .unwrap()
            .contains("the run of 2025-11-29 was not copied to an external medium"));
        assert!(f["message_vi"].as_str().unwrap().contains("chưa được chép ra phương tiện lưu trữ ngoài"));
        assert!(f["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e == "backup_runs/SYS-B/NSW-full/2025-11-27T16:30:00Z"));
        outputs.push(findings);
    }
    if outputs.len() == 2 {
        assert_eq!(outputs[0], outputs[1], "SQLite and PostgreSQL agree");
    }
}

#[test]
fn import_network_file_or_directory_replaces_one_device_at_a_time() {
    let cisco = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ingest/tests/fixtures/cisco");
    for db in both("ops_network") {
        // A directory: notes.txt is skipped with a warning.
        let o = tuanthu(&db, &["import", "network", cisco.to_str().unwrap(), "--system", "HQ-LAN"]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert!(stderr(&o).contains("notes.txt: bỏ qua"), "{}", stderr(&o));
        assert!(stdout(&o).contains("imported 27 ports of 3 device(s)"), "{}", stdout(&o));
        // One file: only that device is replaced.
        let file = cisco.join("nx-dc-leaf01.log");
        let o = tuanthu(&db, &["import", "network", file.to_str().unwrap()]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let o = tuanthu(
            &db,
            &["check", "--as-of", "2025-12-01", "--rule", "NET-UNUSED-PORTS", "--format", "jsonl", "--no-record"],
        );
        let findings = jsonl(&o);
        let devices: std::collections::BTreeSet<&str> =
            findings.iter().map(|f| f["subject_id"].as_str().unwrap().split('/').next().unwrap()).collect();
        assert_eq!(devices.into_iter().collect::<Vec<_>>(), ["SW-HQ-CORE01", "nx-dc-leaf01", "sw-kv01-p3"]);
        // An explicit file that is no device output: error, nothing written.
        let o = tuanthu(&db, &["import", "network", cisco.join("notes.txt").to_str().unwrap()]);
        assert_eq!(code(&o), 2);
        assert!(stderr(&o).contains("notes.txt: không nhận ra"), "{}", stderr(&o));
        assert!(stderr(&o).contains("nothing was imported"));
        // Dry run prints and writes nothing.
        let o = tuanthu(&db, &["import", "network", file.to_str().unwrap(), "--dry-run"]);
        assert_eq!(code(&o), 0);
        assert!(stdout(&o).contains("7 dòng hợp lệ / valid rows (nx-dc-leaf01: nx-dc-leaf01.log)"), "{}", stdout(&o));
    }
}

#[test]
fn a_bad_row_in_an_operational_file_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["systems.csv", "units.csv", "backup_runs.csv"] {
        std::fs::copy(fixture("ops").join(f), dir.path().join(f)).unwrap();
    }
    std::fs::write(dir.path().join("assessments.csv"), "system_id,kind,assessed_on\nSYS-A,audit,2025-01-01\n").unwrap();
    let db = sqlite();
    let o = tuanthu(&db, &["import", dir.path().to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("assessments.csv:2: kind = \"audit\""), "{}", stderr(&o));
    let o = tuanthu(&db, &["check", "--as-of", "2025-12-01", "--rule", "BAK-24H"]);
    assert_eq!(code(&o), 2, "no database was written: {}", stderr(&o));
}

#[test]
fn demo_data_exercises_every_operational_rule_on_both_backends() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let db = sqlite();
    for out in [&a, &b] {
        let o = tuanthu(
            &db,
            &[
                "demo",
                "generate",
                "--scale",
                "small",
                "--seed",
                "11",
                "--today",
                "2026-11-25",
                "--out",
                out.to_str().unwrap(),
            ],
        );
        assert_eq!(code(&o), 0, "{}", stderr(&o));
    }
    // The Cisco outputs are deterministic too.
    let names = |d: &std::path::Path| {
        let mut v: Vec<_> = std::fs::read_dir(d.join("network")).unwrap().map(|e| e.unwrap().file_name()).collect();
        v.sort();
        v
    };
    assert_eq!(names(&a), names(&b));
    assert!(names(&a).len() >= 10);
    for n in names(&a) {
        assert_eq!(
            std::fs::read(a.join("network").join(&n)).unwrap(),
            std::fs::read(b.join("network").join(&n)).unwrap()
        );
    }
    let mut outputs = Vec::new();
    for db in both("ops_demo") {
        let o = tuanthu(&db, &["import", a.to_str().unwrap()]);
        assert_eq!(code(&o), 0, "{}: {}", db.name, stderr(&o));
        assert!(stdout(&o).contains("network_ports"), "{}", stdout(&o));
        let findings = check(&db, "2026-11-25");
        for rule in RULES {
            assert!(
                findings.iter().any(|f| f["rule"] == *rule && f["status"] == "fail"),
                "{}: demo data shows a {rule} failure",
                db.name
            );
            assert!(
                findings.iter().any(|f| f["rule"] == *rule && f["status"] == "pass"),
                "{}: {rule} passes too",
                db.name
            );
        }
        outputs.push(findings);
    }
    if outputs.len() == 2 {
        assert_eq!(outputs[0], outputs[1]);
    }
}
