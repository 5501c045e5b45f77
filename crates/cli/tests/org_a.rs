//! Organisational evidence, part A (issue 5), end to end through the real
//! binary on SQLite and PostgreSQL: a hand-computed scenario
//! (`fixtures/org_a`, as of 01/04/2025) and the bad-input contract
//! (unknown values, unknown references, future dates: nothing imported).
//!
//! Calendar facts used: Fri 07/03/2025 + 1 working day = Mon 10/03; + 5 =
//! Fri 14/03. Wed 05/03 + 1 = Thu 06/03.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;

use common::*;

type Want = (&'static str, Option<&'static str>, Option<i64>);

const RULES: &[&str] = &[
    "PERSON-BACKGROUND",
    "PERSON-NDA",
    "PERSON-ONBOARD-BRIEFING",
    "PERSON-HANDOVER",
    "PERSON-HR-RECONCILE",
    "ACCT-NO-LOCAL-ADMIN",
    "ACCT-LOCK-REQUEST",
    "ACCT-ANNUAL-REVIEW",
    "PWD-AFTER-HANDOVER",
    "APP-AUTH-CONTROLS",
    "PWD-POLICY",
    "ASSET-CUSTODIAN",
    "ASSET-DISPOSAL-WIPE",
    "ASSET-REPAIR-STORAGE",
    "ASSET-MAINTENANCE",
    "NET-NO-INTERNET",
    "NET-REMOTE-MFA",
    "NET-GUEST-ISOLATED",
    "EP-REMOVABLE-MEDIA",
    "DATA-SECRET-AIRGAP",
    "TRAIN-PLAN",
];

fn expected() -> BTreeMap<(String, String), Want> {
    type Row = (&'static str, &'static str, &'static str, Option<&'static str>, Option<i64>);
    let rows: &[Row] = &[
        // 6.2.a: PC-002 has nobody in charge; PC-OLD is disposed of.
        ("ASSET-CUSTODIAN", "PC-001", "pass", None, None),
        ("ASSET-CUSTODIAN", "PC-002", "fail", None, None),
        ("ASSET-CUSTODIAN", "PC-ADM", "pass", None, None),
        ("ASSET-CUSTODIAN", "PC-MAT", "pass", None, None),
        ("ASSET-CUSTODIAN", "SRV-01", "pass", None, None),
        ("ASSET-CUSTODIAN", "SRV-WEB", "pass", None, None),
        ("ASSET-CUSTODIAN", "USB-01", "pass", None, None),
        // 6.2.c: disposed of after a mere format.
        ("ASSET-DISPOSAL-WIPE", "PC-OLD", "fail", None, None),
        // 6.2.d: storage removed before the external repair.
        ("ASSET-REPAIR-STORAGE", "SRV-01", "pass", None, None),
        // 6.2.đ: 12 months after the last inspection, or after acquisition.
        ("ASSET-MAINTENANCE", "PC-001", "pass", Some("2025-11-01"), None),
        ("ASSET-MAINTENANCE", "PC-002", "pass", Some("2025-06-01"), None),
        ("ASSET-MAINTENANCE", "PC-ADM", "pass", Some("2025-09-01"), None),
        ("ASSET-MAINTENANCE", "PC-MAT", "fail", Some("2023-01-10"), Some(812)),
        ("ASSET-MAINTENANCE", "SRV-01", "pass", Some("2026-02-10"), None),
        ("ASSET-MAINTENANCE", "SRV-WEB", "fail", Some("2022-05-01"), Some(1066)),
        // 7.1.b: P3 administers SYS-B without a background check.
        ("PERSON-BACKGROUND", "P2", "pass", None, None),
        ("PERSON-BACKGROUND", "P3", "fail", None, None),
        ("PERSON-NDA", "P2", "pass", None, None),
        ("PERSON-NDA", "P3", "pass", None, None),
        // 7.2.a: 30 days after hiring; P3 hired 04/01/2021 never briefed.
        ("PERSON-ONBOARD-BRIEFING", "P3", "fail", Some("2021-02-03"), Some(1518)),
        ("PERSON-ONBOARD-BRIEFING", "P5", "pass", Some("2025-04-02"), None),
        // 7.3.b: resignation Fri 07/03/2025, handover the same day.
        ("PERSON-HANDOVER", "P4", "pass", Some("2025-03-14"), None),
        // 7.3.d: per account, and per system every 12 months.
        ("PERSON-HR-RECONCILE", "SYS-A/annv", "pass", None, None),
        ("PERSON-HR-RECONCILE", "SYS-A/kt_chung", "fail", None, None),
        ("PERSON-HR-RECONCILE", "SYS-B/adm.cuong", "pass", None, None),
        ("PERSON-HR-RECONCILE", "SYS-B/emhv", "pass", None, None),
        ("PERSON-HR-RECONCILE", "SYS-A", "pass", Some("2025-10-01"), None),
        ("PERSON-HR-RECONCILE", "SYS-B", "fail", Some("2022-06-01"), Some(1035)),
        // 11.1.b: annv (an ordinary account) is a local administrator of PC-001.
        ("ACCT-NO-LOCAL-ADMIN", "PC-001", "fail", None, None),
        ("ACCT-NO-LOCAL-ADMIN", "PC-002", "pass", None, None),
        ("ACCT-NO-LOCAL-ADMIN", "PC-ADM", "no_evidence", None, None),
        // 11.3.a configured policy: SYS-B allows 6 characters.
        ("PWD-POLICY", "SYS-A", "pass", None, None),
        ("PWD-POLICY", "SYS-B", "fail", None, None),
        // 11.3.b: handover Fri 07/03 → Mon 10/03; exposure Wed 05/03 → Thu 06/03, last change 10/03.
        ("PWD-AFTER-HANDOVER", "SYS-A/kt_chung", "pass", Some("2025-03-10"), None),
        ("PWD-AFTER-HANDOVER", "SYS-B/adm.cuong", "no_evidence", Some("2025-03-06"), None),
        // 11.4: request Fri 07/03, locked Mon 10/03.
        ("ACCT-LOCK-REQUEST", "SYS-A/dungpt", "pass", Some("2025-03-10"), None),
        // 11.5: yearly review.
        ("ACCT-ANNUAL-REVIEW", "SYS-A", "fail", Some("2025-03-15"), Some(17)),
        ("ACCT-ANNUAL-REVIEW", "SYS-B", "pass", Some("2025-12-01"), None),
        // 12.2: SYS-B has no failed-login limit.
        ("APP-AUTH-CONTROLS", "SYS-A", "pass", None, None),
        ("APP-AUTH-CONTROLS", "SYS-B", "fail", None, None),
        // 9.3.d
        ("NET-NO-INTERNET", "PC-ADM", "fail", None, None),
        ("NET-NO-INTERNET", "PC-MAT", "pass", None, None),
        ("NET-NO-INTERNET", "SRV-01", "pass", None, None),
        ("NET-NO-INTERNET", "SRV-WEB", "not_applicable", None, None),
        // 9.3.đ, 9.3.e
        ("NET-REMOTE-MFA", "AP1", "fail", None, None),
        ("NET-GUEST-ISOLATED", "GUEST", "pass", None, None),
        // 10.6, 13.3
        ("EP-REMOVABLE-MEDIA", "P1/USB-01", "pass", None, None),
        ("DATA-SECRET-AIRGAP", "PC-MAT", "pass", None, None),
        // 31: needs for 2025 due 31/12/2024; basic training yearly.
        ("TRAIN-PLAN", "CNTT", "fail", Some("2024-12-31"), Some(91)),
        ("TRAIN-PLAN", "KV01", "pass", Some("2025-12-31"), None),
        ("TRAIN-PLAN", "P1", "pass", Some("2025-05-10"), None),
        ("TRAIN-PLAN", "P2", "fail", Some("2024-12-01"), Some(121)),
        ("TRAIN-PLAN", "P3", "pass", Some("2026-01-15"), None),
        ("TRAIN-PLAN", "P5", "pass", Some("2026-03-03"), None),
    ];
    rows.iter().map(|(r, s, st, due, od)| ((r.to_string(), s.to_string()), (*st, *due, *od))).collect()
}

#[test]
fn organisational_scenario_gives_the_hand_computed_findings_on_sqlite_and_postgres() {
    let mut outputs = Vec::new();
    for db in both("org_a") {
        let imp = tuanthu(&db, &["import", fixture("org_a").to_str().unwrap()]);
        assert_eq!(code(&imp), 0, "{}: {}", db.name, stderr(&imp));
        let mut args = vec!["check", "--as-of", "2025-04-01", "--status", "all", "--format", "jsonl", "--no-record"];
        for r in RULES {
            args.extend(["--rule", r]);
        }
        let out = tuanthu(&db, &args);
        assert_eq!(code(&out), 1, "{}: {}", db.name, stderr(&out));
        let mut got = BTreeMap::new();
        for f in jsonl(&out) {
            let key = (f["rule"].as_str().unwrap().to_string(), f["subject_id"].as_str().unwrap().to_string());
            let status: &'static str = Box::leak(f["status"].as_str().unwrap().to_string().into_boxed_str());
            let due: Option<&'static str> = f["due"].as_str().map(|s| &*Box::leak(s.to_string().into_boxed_str()));
            assert!(f["cite"].as_str().unwrap().starts_with("Điều "));
            assert!(!f["message_vi"].as_str().unwrap().is_empty());
            assert!(got.insert(key.clone(), (status, due, f["overdue_days"].as_i64())).is_none(), "duplicate {key:?}");
        }
        let want = expected();
        for (k, w) in &want {
            assert_eq!(got.get(k), Some(w), "{}: {k:?}", db.name);
        }
        for k in got.keys() {
            assert!(want.contains_key(k), "{}: unexpected finding {k:?} = {:?}", db.name, got[k]);
        }
        outputs.push(stdout(&out));
    }
    if outputs.len() == 2 {
        assert_eq!(outputs[0], outputs[1], "SQLite and PostgreSQL must give identical output");
    }
}

#[test]
fn organisational_findings_carry_subject_kinds_and_evidence_references() {
    let db = sqlite();
    assert_eq!(code(&tuanthu(&db, &["import", fixture("org_a").to_str().unwrap()])), 0);
    let out = tuanthu(&db, &["check", "--as-of", "2025-04-01", "--format", "jsonl", "--rule", "ASSET-DISPOSAL-WIPE"]);
    let f = &jsonl(&out)[0];
    assert_eq!(f["subject_kind"], "asset");
    assert_eq!(f["evidence"], serde_json::json!(["assets/PC-OLD", "asset_events/EV3"]));
    let out = tuanthu(&db, &["check", "--as-of", "2025-04-01", "--format", "jsonl", "--rule", "NET-REMOTE-MFA"]);
    assert_eq!(jsonl(&out)[0]["subject_kind"], "access_path");
    // Findings about assets concern their custodian's unit: PC-ADM (P3, CNTT).
    let out = tuanthu(
        &db,
        &["check", "--as-of", "2025-04-01", "--format", "jsonl", "--rule", "NET-NO-INTERNET", "--unit", "CNTT"],
    );
    assert_eq!(jsonl(&out).len(), 1);
    assert_eq!(jsonl(&out)[0]["subject_id"], "PC-ADM");
}

fn write(dir: &std::path::Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn unknown_values_references_and_future_dates_are_errors_and_nothing_is_imported() {
    for db in both("org_a_bad") {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "units.csv", "code,name\nKV01,Chi cục KV01\n");
        write(dir.path(), "persons.csv", "person_id,full_name,status\nP1,Nguyễn Văn An,active\n");
        write(dir.path(), "systems.csv", "system_id,name,in_operation\nSYS-A,Hệ thống A,yes\n");
        write(
            dir.path(),
            "assets.csv",
            "asset_id,kind,category,status\nPC-1,hardware,desktop,active\nPC-3,hardware,desktop,active\n",
        );
        write(
            dir.path(),
            "asset_events.csv",
            "event_id,asset_id,event,event_date\nEV1,PC-1,inspection,2025-01-10\nEV2,PC-9,repair,2025-01-10\n",
        );
        write(
            dir.path(),
            "access_paths.csv",
            "path_id,system_id,from_internet,target,methods\nAP1,SYS-A,có,nội bộ,vpn\n",
        );
        write(
            dir.path(),
            "trainings.csv",
            "person_id,kind,trained_on\nP1,basic,2025-01-10\nP7,basic,2025-01-10\nP1,awareness,2099-01-01\n",
        );
        write(dir.path(), "account_reviews.csv", "review_id,system_id,reviewed_on\nRV1,SYS-Z,2025-01-10\n");
        write(dir.path(), "hr_reconciliations.csv", "reconciliation_id,reconciled_on\nR1,2025-01-10\n");
        write(dir.path(), "zone_flows.csv", "from_zone,to_zone\nGUEST,WORK\n");
        write(dir.path(), "network_zones.csv", "zone_id,kind\nGUEST,internet_only\n");
        write(
            dir.path(),
            "handovers.csv",
            "record_no,person_id,hr_event_id,handover_date,accounts\nBB1,P1,,2025-01-10,annv\n",
        );
        let out = tuanthu(&db, &["import", dir.path().to_str().unwrap()]);
        assert_eq!(code(&out), 2, "{}: {}", db.name, stderr(&out));
        let err = stderr(&out);
        for line in [
            "access_paths.csv:2: target = \"nội bộ\": giá trị không hợp lệ; phải là một trong: internal_network, internal_app, public_service / invalid value; expected one of: internal_network, internal_app, public_service",
            "asset_events.csv:3: asset_id = \"PC-9\": không có trong assets.asset_id / not found in assets.asset_id",
            "trainings.csv:3: person_id = \"P7\": không có trong persons.person_id",
            "trainings.csv:4: trained_on = \"2099-01-01\": ngày trong tương lai",
            "account_reviews.csv:2: system_id = \"SYS-Z\"",
            "hr_reconciliations.csv:2: unit_code+system_id",
            "zone_flows.csv:2: to_zone = \"WORK\": không có trong network_zones.zone_id",
            "handovers.csv:2: accounts = \"annv\"",
        ] {
            assert!(err.contains(line), "{}: missing «{line}» in\n{err}", db.name);
        }
        assert!(err.contains("nothing was imported"), "{err}");
        // Nothing at all was written: no units either.
        let out = tuanthu(&db, &["check", "--as-of", "2025-04-01", "--status", "all", "--format", "jsonl"]);
        // (LOG-INTEGRITY judges the central log, not imported evidence: it is
        // `no_evidence` whenever no log directory is given.)
        assert!(jsonl(&out).iter().all(|f| f["rule"] == "LOG-INTEGRITY"), "{}: {}", db.name, stdout(&out));
    }
}

#[test]
fn references_a_rule_judges_are_warnings_and_later_imports_are_checked_against_the_database() {
    let db = sqlite();
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "persons.csv", "person_id,full_name,status\nP1,Nguyễn Văn An,active\n");
    write(
        dir.path(),
        "assets.csv",
        "asset_id,kind,category,custodian_person,status\nPC-1,hardware,desktop,P9,active\n",
    );
    write(dir.path(), "local_admins.csv", "host,account\nPC-7,HQ\\annv\n");
    let out = tuanthu(&db, &["import", dir.path().to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("assets.csv: 1 giá trị custodian_person không có trong persons (vd. P9)"), "{err}");
    assert!(err.contains("local_admins.csv: 1 giá trị host không có trong assets (vd. PC-7)"), "{err}");
    // An event of an asset the database does not hold is an error.
    let more = dir.path().join("more");
    std::fs::create_dir(&more).unwrap();
    write(&more, "events.csv", "event_id,asset_id,event,event_date\nEV1,PC-2,inspection,10/01/2025\n");
    let out = tuanthu(&db, &["import", "asset_events", more.join("events.csv").to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("events.csv:2: asset_id = \"PC-2\""), "{}", stderr(&out));
    write(&more, "ok.csv", "Mã sự kiện,Mã tài sản,Loại sự kiện,Ngày\nEV1,PC-1,inspection,10/01/2025\n");
    let out = tuanthu(&db, &["import", "asset_events", more.join("ok.csv").to_str().unwrap()]);
    assert_eq!(code(&out), 0, "Vietnamese headers: {}", stderr(&out));
}

#[test]
fn demo_data_imports_cleanly_and_shows_passes_and_failures_of_every_part_a_rule() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("demo");
    let db = sqlite();
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
            "2026-03-16",
            "--out",
            data.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let mut outputs = Vec::new();
    for db in both("org_a_demo") {
        let o = tuanthu(&db, &["import", data.to_str().unwrap()]);
        assert_eq!(code(&o), 0, "{}: {}", db.name, stderr(&o));
        assert!(!stderr(&o).contains("warning"), "the demo data references only what exists: {}", stderr(&o));
        let mut args = vec!["check", "--as-of", "2026-03-16", "--status", "all", "--format", "jsonl", "--no-record"];
        for r in RULES {
            args.extend(["--rule", r]);
        }
        let o = tuanthu(&db, &args);
        assert_eq!(code(&o), 1);
        let findings = jsonl(&o);
        for rule in RULES {
            for status in ["pass", "fail"] {
                assert!(
                    findings.iter().any(|f| f["rule"] == *rule && f["status"] == status),
                    "{}: demo data shows a {rule} {status}",
                    db.name
                );
            }
        }
        outputs.push(stdout(&o));
    }
    if outputs.len() == 2 {
        assert_eq!(outputs[0], outputs[1]);
    }
}
