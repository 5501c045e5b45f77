#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 16).unwrap()
}

/// Generates into a fresh directory under the temp dir; returns it.
fn gen(scale: Scale, seed: u64, tag: &str) -> (PathBuf, DemoSummary) {
    let dir = std::env::temp_dir().join(format!("tuanthu-demo-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let opts = DemoOptions { scale, seed, today: today(), out_dir: dir.clone() };
    let mut calls = 0u32;
    let summary = generate(&opts, &mut |_, _, _| calls += 1).unwrap();
    assert!(calls >= FILES.len() as u32);
    (dir, summary)
}

/// A minimal RFC 4180 reader for our own output.
fn read_csv(path: &std::path::Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(!text.starts_with('\u{feff}'), "no BOM");
    assert!(!text.contains('\r'), "\\n line ends");
    let mut rows = Vec::new();
    let (mut row, mut field) = (Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(row.is_empty() && field.is_empty(), "file ends with a newline");
    rows
}

/// Rows as maps from header to value.
fn table(dir: &std::path::Path, file: &str) -> Vec<HashMap<String, String>> {
    let rows = read_csv(&dir.join(file));
    let header = rows[0].clone();
    rows[1..]
        .iter()
        .map(|r| {
            assert_eq!(r.len(), header.len(), "{file}: {r:?}");
            header.iter().cloned().zip(r.iter().cloned()).collect()
        })
        .collect()
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y")).ok()
}

fn ts(s: &str) -> Option<NaiveDateTime> {
    if s.is_empty() {
        return None;
    }
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        assert_eq!(t.offset().local_minus_utc(), 7 * 3600);
        return Some(t.naive_local());
    }
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%d/%m/%Y %H:%M"))
        .map(Some)
        .unwrap_or_else(|_| panic!("bad timestamp {s}"))
}

#[test]
fn same_seed_gives_identical_bytes_and_other_seed_differs() {
    let (a, sa) = gen(Scale::Small, 42, "det-a");
    let (b, sb) = gen(Scale::Small, 42, "det-b");
    let (c, _) = gen(Scale::Small, 43, "det-c");
    assert_eq!(sa, sb);
    let mut differs = 0;
    for f in FILES {
        let (x, y, z) =
            (std::fs::read(a.join(f)).unwrap(), std::fs::read(b.join(f)).unwrap(), std::fs::read(c.join(f)).unwrap());
        assert_eq!(x, y, "{f} differs between two runs with the same seed");
        if x != z {
            differs += 1;
        }
    }
    assert!(differs >= 4, "another seed changes the data ({differs} files differ)");
    for d in [a, b, c] {
        std::fs::remove_dir_all(d).unwrap();
    }
}

#[test]
fn headers_match_formats_md() {
    let expected: [(&str, &[&str]); 6] = [
        ("units.csv", &["code", "name", "parent_code", "roles"]),
        (
            "persons.csv",
            &[
                "person_id",
                "full_name",
                "unit_code",
                "position",
                "email",
                "status",
                "sensitive_position",
                "background_checked_on",
                "nda_signed_on",
                "hired_on",
            ],
        ),
        (
            "systems.csv",
            &[
                "system_id",
                "name",
                "owner_unit",
                "operator_unit",
                "security_unit",
                "level",
                "level_status",
                "level_approved_by",
                "level_approved_on",
                "in_operation",
                "in_operation_since",
                "internet_facing",
                "third_party_connected",
                "national_security",
            ],
        ),
        ("hr_events.csv", &["event_id", "person_id", "kind", "effective_date", "decision_no", "from_unit", "to_unit"]),
        (
            "accounts.csv",
            &[
                "system_id",
                "username",
                "kind",
                "shared",
                "person_id",
                "responsible_person_ids",
                "status",
                "created_on",
                "disabled_on",
                "rights_changed_on",
                "last_login_at",
                "password_changed_at",
                "privileges",
            ],
        ),
        (
            "account_exceptions.csv",
            &[
                "exception_id",
                "system_id",
                "username",
                "requested_by_unit",
                "reason",
                "rights_kept",
                "valid_from",
                "valid_until",
                "document_no",
            ],
        ),
    ];
    let (dir, summary) = gen(Scale::Small, 7, "hdr");
    for (file, cols) in expected {
        let rows = read_csv(&dir.join(file));
        assert_eq!(rows[0], cols.iter().map(|c| c.to_string()).collect::<Vec<_>>(), "{file}");
        let rows_in_summary = summary.files.iter().find(|(f, _)| f == file).unwrap().1;
        assert_eq!(rows.len() - 1, rows_in_summary, "{file}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn small_row_counts_are_in_range() {
    let (dir, summary) = gen(Scale::Small, 1, "counts");
    let n: HashMap<&str, usize> = summary.files.iter().map(|(f, n)| (f.as_str(), *n)).collect();
    let names: Vec<&str> = summary.files.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(names, FILES.to_vec());
    assert!((35..=45).contains(&n["units.csv"]), "{n:?}");
    assert_eq!(n["persons.csv"], 300);
    assert_eq!(n["systems.csv"], 12);
    assert!((1_700..=2_300).contains(&n["accounts.csv"]), "{n:?}");
    assert!((40..=200).contains(&n["hr_events.csv"]), "{n:?}");
    assert!((12..=30).contains(&n["account_exceptions.csv"]), "{n:?}");
    std::fs::remove_dir_all(dir).unwrap();
}

/// Counts every planned case in the small files; each must be there twice.
fn case_counts(dir: &std::path::Path) -> HashMap<&'static str, usize> {
    let t = today();
    let units = table(dir, "units.csv");
    let unit_codes: HashSet<String> = units.iter().map(|u| u["code"].clone()).collect();
    let persons = table(dir, "persons.csv");
    let systems = table(dir, "systems.csv");
    let events = table(dir, "hr_events.csv");
    let accounts = table(dir, "accounts.csv");
    let exceptions = table(dir, "account_exceptions.csv");
    let person_ids: HashSet<String> = persons.iter().map(|p| p["person_id"].clone()).collect();
    let mut c: HashMap<&'static str, usize> = HashMap::new();
    let mut add = |k: &'static str| *c.entry(k).or_default() += 1;

    // Referential integrity of what is meant to be consistent.
    for u in &units {
        assert!(u["parent_code"].is_empty() || unit_codes.contains(&u["parent_code"]));
    }
    for p in &persons {
        assert!(unit_codes.contains(&p["unit_code"]));
    }
    let mut keys = HashSet::new();
    for a in &accounts {
        assert!(keys.insert((a["system_id"].clone(), a["username"].clone())), "duplicate {a:?}");
    }

    for s in &systems {
        let in_op = s["in_operation"] == "true";
        if in_op && s["level_status"] != "approved" {
            add("sys_not_approved");
        }
        if s["operator_unit"].is_empty() || s["security_unit"].is_empty() {
            add("sys_missing_role");
        }
        if s["level_status"] == "approved" && !s["security_unit"].is_empty() {
            let want = match s["level"].as_str() {
                "1" | "2" => s["security_unit"].as_str(),
                "3" => s["owner_unit"].as_str(),
                _ => "BTC",
            };
            if s["level_approved_by"] != want {
                add("sys_wrong_authority");
            }
        }
    }
    let leave: HashMap<String, NaiveDate> = events
        .iter()
        .filter(|e| ["leave_customs", "resign", "retire"].contains(&e["kind"].as_str()))
        .map(|e| (e["person_id"].clone(), date(&e["effective_date"]).unwrap()))
        .collect();
    let transfer: HashMap<String, NaiveDate> = events
        .iter()
        .filter(|e| e["kind"].starts_with("transfer"))
        .map(|e| (e["person_id"].clone(), date(&e["effective_date"]).unwrap()))
        .collect();
    let excepted: HashSet<(String, String)> =
        exceptions.iter().map(|e| (e["system_id"].clone(), e["username"].clone())).collect();
    for p in &persons {
        assert_eq!(p["status"] == "left", leave.contains_key(&p["person_id"]), "{p:?}");
        if p["sensitive_position"] == "true" && p["background_checked_on"].is_empty() {
            add("sensitive_no_background");
        }
        let it = p["unit_code"].starts_with("CNTT") || p["unit_code"].ends_with("-P3");
        if it && p["nda_signed_on"].is_empty() {
            add("it_no_nda");
        }
    }
    for a in &accounts {
        let pid = &a["person_id"];
        let active = a["status"] == "active";
        let last = ts(&a["last_login_at"]);
        let created = date(&a["created_on"]);
        let pwd = ts(&a["password_changed_at"]);
        if !pid.is_empty() && !person_ids.contains(pid) {
            add("unknown_person");
        }
        if let Some(&eff) = leave.get(pid) {
            let key = (a["system_id"].clone(), a["username"].clone());
            match (active, date(&a["disabled_on"])) {
                (true, _) if eff >= t - chrono::Duration::days(2) => add("leaver_pending"),
                (true, _) if excepted.contains(&key) => add("leaver_kept"),
                (true, _) if eff < t - chrono::Duration::days(20) => add("leaver_still_active"),
                (false, Some(d)) if (d - eff).num_days() > 8 => add("leaver_late"),
                (false, Some(_)) => add("leaver_on_time"),
                _ => {}
            }
        }
        if let Some(&eff) = transfer.get(pid) {
            if eff <= t - chrono::Duration::days(45) && eff > t - chrono::Duration::days(365) {
                match date(&a["rights_changed_on"]) {
                    None => add("transfer_never"),
                    Some(d) if (d - eff).num_days() > 10 => add("transfer_late"),
                    Some(d) if d >= eff => add("transfer_on_time"),
                    Some(_) => add("transfer_never"),
                }
            }
        }
        if active && a["kind"] != "service" {
            let year_ago = (t - chrono::Duration::days(365)).and_hms_opt(0, 0, 0).unwrap();
            match (last, created) {
                (Some(l), _) if l < year_ago => add("dormant"),
                (None, Some(c)) if c < t - chrono::Duration::days(365) => add("never_used_old"),
                (None, None) => add("dormant_no_evidence"),
                _ => {}
            }
            let age = pwd.map(|p| (t - p.date()).num_days());
            match (a["kind"].as_str(), age) {
                (_, None) => add("pwd_blank"),
                ("user", Some(d)) if d > 92 => add("pwd_user_old"),
                ("admin", Some(d)) if d > 62 => add("pwd_admin_old"),
                _ => {}
            }
        }
        let shared = a["shared"] == "true";
        let resp = !a["responsible_person_ids"].is_empty();
        match (shared, a["kind"].as_str(), resp) {
            (true, "admin", true) => add("shared_admin_with_resp"),
            (true, "admin", false) => add("shared_admin_no_resp"),
            (true, _, false) => add("shared_user_no_resp"),
            (false, "admin", _) if pid.is_empty() => add("admin_no_owner"),
            (false, "user", _) if a["privileges"].contains("admin") || a["privileges"].contains("quản trị") => {
                add("user_with_admin_rights")
            }
            _ => {}
        }
        if shared {
            add("shared");
        }
        if a["kind"] == "admin" {
            add("admin");
        }
    }
    for e in &exceptions {
        let until = date(&e["valid_until"]);
        if e["reason"].is_empty() {
            add("exc_no_reason");
        } else if e["rights_kept"].is_empty() {
            add("exc_no_rights");
        } else if until.is_none() {
            add("exc_no_until");
        } else if until < Some(t) {
            add("exc_expired");
        } else {
            add("exc_valid");
        }
    }
    c
}

#[test]
fn every_case_appears_at_least_twice_in_small() {
    for seed in [1, 2, 3] {
        let (dir, _) = gen(Scale::Small, seed, &format!("cases-{seed}"));
        let c = case_counts(&dir);
        for case in [
            "sys_not_approved",
            "sys_missing_role",
            "sensitive_no_background",
            "it_no_nda",
            "sys_wrong_authority",
            "unknown_person",
            "leaver_pending",
            "leaver_kept",
            "leaver_still_active",
            "leaver_late",
            "leaver_on_time",
            "transfer_never",
            "transfer_late",
            "transfer_on_time",
            "dormant",
            "never_used_old",
            "dormant_no_evidence",
            "pwd_blank",
            "pwd_user_old",
            "pwd_admin_old",
            "shared_admin_with_resp",
            "shared_admin_no_resp",
            "shared_user_no_resp",
            "admin_no_owner",
            "user_with_admin_rights",
            "exc_no_reason",
            "exc_no_rights",
            "exc_no_until",
            "exc_expired",
            "exc_valid",
        ] {
            let n = c.get(case).copied().unwrap_or(0);
            assert!(n >= 2, "seed {seed}: case {case} appears {n} times; all: {c:?}");
        }
        std::fs::remove_dir_all(dir).unwrap();
    }
}

#[test]
fn scale_parses() {
    assert_eq!("small".parse::<Scale>().unwrap(), Scale::Small);
    assert_eq!("Customs".parse::<Scale>().unwrap(), Scale::Customs);
    assert_eq!("10x".parse::<Scale>().unwrap(), Scale::TenX);
    assert!("huge".parse::<Scale>().is_err());
    assert_eq!(Scale::TenX.to_string(), "10x");
}

/// Prints the case mix of a scale: `cargo test -- --ignored --nocapture case_mix`.
#[test]
#[ignore = "prints statistics; slow for large scales"]
fn case_mix_report() {
    let scale: Scale = std::env::var("DEMO_SCALE").unwrap_or_else(|_| "small".into()).parse().unwrap();
    let start = std::time::Instant::now();
    let (dir, summary) = gen(scale, 1, "report");
    println!("{scale}: {:?} in {:?}", summary.files, start.elapsed());
    for f in FILES {
        println!("{f}: {} bytes", std::fs::metadata(dir.join(f)).unwrap().len());
    }
    let mut c: Vec<_> = case_counts(&dir).into_iter().collect();
    c.sort();
    for (k, v) in c {
        println!("{k:28} {v}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}
