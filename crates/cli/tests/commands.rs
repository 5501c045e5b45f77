//! The other commands through the real binary: import errors, rules,
//! calendar, password check, demo data, Active Directory import.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;

fn write(dir: &std::path::Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn a_directory_with_bad_rows_imports_nothing_and_lists_every_bad_row() {
    for db in both("importerr") {
        assert_eq!(code(&tuanthu(&db, &["import", fixture("scenario").to_str().unwrap()])), 0);
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "persons.csv", "person_id,full_name,status\nQ1,Ngô Văn Hải,active\nQ2,Đỗ Thị Lan,actve\n");
        write(
            dir.path(),
            "accounts.csv",
            "system_id,username,kind,status,created_on\nSYS-A,hai,user,active,2025-02-30\nSYS-A,lan,user,active,2025-01-02\nSYS-A,hai,user,active,2025-01-02\n",
        );
        let out = tuanthu(&db, &["import", dir.path().to_str().unwrap()]);
        assert_eq!(code(&out), 2, "{}", db.name);
        let err = stderr(&out);
        assert!(err.contains("persons.csv:3: status = \"actve\""), "{err}");
        assert!(err.contains("accounts.csv:2: created_on = \"2025-02-30\""), "{err}");
        assert!(err.contains("accounts.csv:4:"), "duplicate key row: {err}");
        assert!(err.contains("3 lỗi") && err.contains("nothing was imported"), "{err}");
        // The earlier import is untouched: still the scenario's 4 persons.
        let out = tuanthu(
            &db,
            &[
                "check",
                "--as-of",
                "2025-04-01",
                "--rule",
                "PERSON-HR-RECONCILE",
                "--status",
                "all",
                "--format",
                "jsonl",
            ],
        );
        // 6 accounts + the periodic reconciliation of SYS-A and SYS-B (Điều 7.3.d).
        assert_eq!(jsonl(&out).len(), 8, "{}", db.name);
    }
}

#[test]
fn import_kind_file_replaces_and_merge_keeps_other_rows() {
    let db = sqlite();
    assert_eq!(code(&tuanthu(&db, &["import", fixture("scenario").to_str().unwrap()])), 0);
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "extra.csv", "person_id,full_name,status\nP9,Vũ Văn Khoa,active\n");
    let f = dir.path().join("extra.csv");
    let out = tuanthu(&db, &["import", "persons", f.to_str().unwrap(), "--merge"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // P9 now exists: the ghost account reconciles.
    let out = tuanthu(
        &db,
        &["check", "--as-of", "2025-04-01", "--rule", "PERSON-HR-RECONCILE", "--status", "fail", "--format", "jsonl"],
    );
    assert_eq!(jsonl(&out).len(), 2);
    let out = tuanthu(&db, &["import", "persons", f.to_str().unwrap()]);
    assert_eq!(code(&out), 0);
    let out = tuanthu(
        &db,
        &["check", "--as-of", "2025-04-01", "--rule", "PERSON-HR-RECONCILE", "--status", "fail", "--format", "jsonl"],
    );
    assert_eq!(jsonl(&out).len(), 5, "replace: only P9 is left among persons, every other owner is unknown");
    let out = tuanthu(&db, &["import", "people", f.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("people"));
    let out = tuanthu(&db, &["import", "/no/such/dir"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn rules_jsonl_lists_every_catalog_rule_with_its_coverage() {
    let db = sqlite();
    let out = tuanthu(&db, &["rules", "--format", "jsonl"]);
    assert_eq!(code(&out), 0);
    let rules = jsonl(&out);
    assert_eq!(rules.len(), 66, "every rule of the catalog");
    for r in &rules {
        for k in ["id", "cite", "kind", "status", "title_vi", "title_en"] {
            assert!(r[k].is_string(), "{k} in {r}");
        }
        assert!(r["cite"].as_str().unwrap().starts_with("Điều "));
    }
    let implemented: Vec<&str> =
        rules.iter().filter(|r| r["status"] == "implemented").map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(implemented.len(), 66, "every rule of the catalog is implemented: {implemented:?}");
    assert!(rules.iter().all(|r| ["implemented", "planned"].contains(&r["status"].as_str().unwrap())));
    let table = stdout(&tuanthu(&db, &["rules"]));
    assert!(table.contains(&format!("{}/66", implemented.len())), "{table}");
}

#[test]
fn calendar_commands_answer_in_text_and_json() {
    let db = sqlite();
    let out = tuanthu(&db, &["calendar", "lunar", "1985-01-21", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v, serde_json::json!({"day": 1, "month": 1, "year": 1985, "leap": false, "year_name": "Ất Sửu"}));
    let out = tuanthu(&db, &["calendar", "lunar", "22/03/2023", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!((v["day"].as_i64(), v["month"].as_i64(), v["leap"].as_bool()), (Some(1), Some(2), Some(true)));
    let out = tuanthu(&db, &["calendar", "solar", "1", "1", "2007", "--format", "json"]);
    assert_eq!(stdout(&out).trim(), r#"{"date":"2007-02-17"}"#);
    let out = tuanthu(&db, &["calendar", "solar", "30", "2", "2023", "--leap"]);
    assert_eq!(code(&out), 2, "leap month 2 of 2023 has 29 days");
    let out = tuanthu(&db, &["calendar", "add-workdays", "2025-01-27", "3"]);
    assert!(stdout(&out).starts_with("2025-02-06"), "{}", stdout(&out));
    // Holidays are known for 1900-2100 only: beyond, an error, not a guess.
    for (start, n) in [("2100-12-20", "10"), ("2026-01-01", "1000000000"), ("1899-12-30", "1")] {
        let out = tuanthu(&db, &["calendar", "add-workdays", start, n]);
        assert_eq!(code(&out), 2, "{start} + {n}: {}", stdout(&out));
        assert!(stderr(&out).contains("1900-2100"), "{}", stderr(&out));
    }
    let out = tuanthu(&db, &["calendar", "holidays", "2025", "--format", "json"]);
    let days: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).unwrap();
    let dates: Vec<&str> = days.iter().map(|d| d["date"].as_str().unwrap()).collect();
    for want in [
        "2025-01-01",
        "2025-01-28",
        "2025-02-01",
        "2025-02-03",
        "2025-04-07",
        "2025-04-30",
        "2025-05-01",
        "2025-09-01",
        "2025-09-02",
    ] {
        assert!(dates.contains(&want), "{want} in {dates:?}");
    }
    // Imported official decisions change the answers.
    assert_eq!(code(&tuanthu(&db, &["import", fixture("scenario").to_str().unwrap()])), 0);
    let out = tuanthu(&db, &["calendar", "add-workdays", "2025-03-07", "3", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["date"], "2025-03-13");
}

#[test]
fn calendar_does_not_create_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("none.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tuanthu"))
        .args(["--db", &format!("sqlite:{}", path.display()), "calendar", "lunar", "2026-02-17"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("1/1/2026"));
    assert!(!path.exists());
}

#[test]
fn password_check_reads_stdin_and_exits_0_or_1() {
    let db = sqlite();
    let out = tuanthu_stdin(&db, &["password", "check", "nguyenvana"], "Song-Hong^47 xe dap\n");
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let out = tuanthu_stdin(&db, &["password", "check", "nguyenvana"], "Nguyenvana@1\n");
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).contains("tên tài khoản") || stdout(&out).contains("account name"), "{}", stdout(&out));
    let out = tuanthu_stdin(&db, &["password", "check", "x", "--format", "json"], "abc12");
    assert_eq!(code(&out), 1);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let codes: Vec<&str> = v["reasons"].as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"too_short") && codes.contains(&"too_few_classes"), "{codes:?}");
    let out = tuanthu_stdin(&db, &["password", "check", "x"], "P@ssw0rd2024!\n");
    assert_eq!(code(&out), 1, "based on a common password");
}

#[test]
fn demo_data_is_deterministic_imports_and_checks_on_both_backends() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
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
                "7",
                "--today",
                "2026-11-25",
                "--out",
                out.to_str().unwrap(),
            ],
        );
        assert_eq!(code(&o), 0, "{}", stderr(&o));
    }
    for f in [
        "units.csv",
        "persons.csv",
        "systems.csv",
        "hr_events.csv",
        "accounts.csv",
        "account_exceptions.csv",
        "vendors.csv",
        "contracts.csv",
        "vendor_staff.csv",
        "vendor_service_log.csv",
        "vendor_accounts.csv",
        "monitoring.csv",
        "focal_points.csv",
        "incidents.csv",
        "ir_plans.csv",
        "drills.csv",
        "reports.csv",
    ] {
        assert_eq!(std::fs::read(a.join(f)).unwrap(), std::fs::read(b.join(f)).unwrap(), "{f}");
    }
    let mut outputs = Vec::new();
    for db in both("demo") {
        let o = tuanthu(&db, &["import", a.to_str().unwrap()]);
        assert_eq!(code(&o), 0, "{}: {}", db.name, stderr(&o));
        let o = tuanthu(&db, &["check", "--as-of", "2026-11-25", "--format", "jsonl"]);
        assert_eq!(code(&o), 1);
        let findings = jsonl(&o);
        for rule in [
            "ACCT-REVOKE-EXIT",
            "ACCT-REVOKE-TRANSFER",
            "ACCT-EXCEPTION-VALID",
            "ACCT-UNIQUE-OWNER",
            "ACCT-ADMIN-SEPARATE",
            "ACCT-ADMIN-SHARED",
            "ACCT-DORMANT",
            "PWD-AGE-USER",
            "PWD-AGE-ADMIN",
            "PERSON-HR-RECONCILE",
            "SYS-LEVEL-APPROVED",
            "SYS-LEVEL-AUTHORITY",
            "SYS-ROLES",
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
        ] {
            assert!(
                findings.iter().any(|f| f["rule"] == rule && f["status"] == "fail"),
                "demo data shows a {rule} failure"
            );
        }
        for status in ["pending", "excepted", "no_evidence"] {
            assert!(findings.iter().any(|f| f["status"] == status), "demo data shows {status}");
        }
        outputs.push(stdout(&o));
    }
    if outputs.len() == 2 {
        assert_eq!(outputs[0], outputs[1]);
    }
}

#[test]
fn active_directory_export_imports_as_accounts_of_a_system() {
    let db = sqlite();
    let ad = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ingest/tests/fixtures/ad");
    let file = std::fs::read_dir(&ad)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.file_name().unwrap().to_str().unwrap().contains("en_us"))
        .unwrap_or_else(|| panic!("an en-US AD fixture in {}", ad.display()));
    let out = tuanthu(&db, &["import", "accounts", file.to_str().unwrap(), "--format", "ad-csv", "--system", "AD-HQ"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = tuanthu(
        &db,
        &["check", "--as-of", "2026-04-01", "--rule", "ACCT-DORMANT", "--status", "all", "--format", "jsonl"],
    );
    let findings = jsonl(&out);
    assert!(!findings.is_empty());
    assert!(findings.iter().all(|f| f["subject_id"].as_str().unwrap().starts_with("AD-HQ/")));
    let out = tuanthu(&db, &["import", "accounts", file.to_str().unwrap(), "--format", "ad-csv"]);
    assert_eq!(code(&out), 2, "--system is required");
}

#[test]
fn rows_naming_unknown_systems_or_persons_are_imported_with_a_warning() {
    let db = sqlite();
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "systems.csv", "system_id,name,in_operation\nSYS-A,Hệ thống A,yes\n");
    write(dir.path(), "accounts.csv", "system_id,username,kind,status\nSYS-A,a,user,active\nSYS-Z,b,user,active\n");
    let out = tuanthu(&db, &["import", dir.path().to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("accounts.csv: 1 giá trị system_id không có trong systems (vd. SYS-Z)"),
        "{}",
        stderr(&out)
    );
    // Later imports are checked against what the database holds.
    write(dir.path(), "more.csv", "event_id,person_id,kind,effective_date\nE1,NOBODY,resign,2025-01-02\n");
    write(dir.path(), "persons.csv", "person_id,full_name,status\nP1,Lê Văn Tám,active\n");
    assert_eq!(code(&tuanthu(&db, &["import", "persons", dir.path().join("persons.csv").to_str().unwrap()])), 0);
    let out = tuanthu(&db, &["import", "hr_events", dir.path().join("more.csv").to_str().unwrap()]);
    assert_eq!(code(&out), 0);
    assert!(stderr(&out).contains("person_id") && stderr(&out).contains("NOBODY"), "{}", stderr(&out));
}
