//! Scanner reports in the store, on SQLite and PostgreSQL: deduplication
//! across scans, first/last seen, fixed and reopened, order independence,
//! re-imports, and all-or-nothing per report.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, Utc};
use tuanthu_core::evidence::schema_scan::{SCANS, SCAN_COVERAGE, SCAN_TARGETS, VULNERABILITIES, VULN_PLANS};
use tuanthu_core::evidence::{Scan, ScanCoverage, Severity, Vulnerability};
use tuanthu_store::scratch::ScratchPg;
use tuanthu_store::{ScanImport, ScanOutcome, Store};

struct Backend {
    name: &'static str,
    store: Store,
    _keep: (Option<tempfile::TempDir>, Option<ScratchPg>),
}

fn backends(label: &str) -> Vec<Backend> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("t.db").display());
    let mut out = vec![Backend { name: "sqlite", store: Store::open(&url).unwrap(), _keep: (Some(dir), None) }];
    if std::env::var_os("TUANTHU_SKIP_PG").is_none() {
        let pg = ScratchPg::create(label).unwrap_or_else(|e| panic!("PostgreSQL is required for these tests: {e}"));
        let store = Store::open(pg.url()).unwrap();
        out.push(Backend { name: "postgres", store, _keep: (None, Some(pg)) });
    }
    out
}

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("{s}T03:00:00Z")).unwrap().with_timezone(&Utc)
}

fn vuln(target: &str, id: &str, severity: Severity) -> Vulnerability {
    Vulnerability {
        key: format!("openvas|{target}|{id}|80/tcp"),
        system_id: "SYS-A".into(),
        tool: "openvas".into(),
        target: target.into(),
        rule_id: id.into(),
        title: format!("Lỗ hổng {id}"),
        severity,
        tool_severity: Some("High".into()),
        cvss: Some(7.5),
        cves: vec!["CVE-2024-0001".into()],
        port: Some("80/tcp".into()),
        package: None,
        location: None,
        first_seen: t("2000-01-01"),
        last_seen: t("2000-01-01"),
        fixed_on: None,
        first_scan: 0,
        last_scan: 0,
    }
}

/// A report scanning `targets` on `day` and finding `ids` on the first target.
fn report(fp: &str, day: &str, targets: &[&str], ids: &[&str]) -> ScanImport {
    ScanImport {
        scan: Scan {
            scan_id: 0,
            tool: "openvas".into(),
            tool_name: "OpenVAS/Greenbone".into(),
            tool_version: None,
            file: format!("{fp}.xml"),
            fingerprint: fp.into(),
            started_at: Some(t(day)),
            ended_at: None,
            scanned_at: t(day),
            imported_at: t(day),
            targets: targets.iter().map(|s| (*s).to_string()).collect(),
            systems: vec!["SYS-A".into()],
            findings: ids.len() as i64,
        },
        coverage: targets
            .iter()
            .map(|tg| ScanCoverage {
                scan_id: 0,
                tool: "openvas".into(),
                target: (*tg).into(),
                system_id: "SYS-A".into(),
                scanned_at: t(day),
            })
            .collect(),
        vulnerabilities: ids.iter().map(|id| vuln(targets[0], id, Severity::High)).collect(),
    }
}

/// `(rule_id, first_seen day, last_seen day, fixed_on day, first_scan, last_scan)` sorted by key.
fn state(store: &mut Store) -> Vec<(String, String, String, Option<String>)> {
    let mut v: Vec<Vulnerability> = store.vulnerabilities().unwrap();
    v.sort_by(|a, b| a.key.cmp(&b.key));
    let day = |d: DateTime<Utc>| d.format("%Y-%m-%d").to_string();
    v.into_iter().map(|v| (v.rule_id, day(v.first_seen), day(v.last_seen), v.fixed_on.map(day))).collect()
}

fn s(rule: &str, first: &str, last: &str, fixed: Option<&str>) -> (String, String, String, Option<String>) {
    (rule.into(), first.into(), last.into(), fixed.map(Into::into))
}

#[test]
fn every_scan_table_exists_with_the_schema_columns() {
    for mut b in backends("scantables") {
        for kind in [&SCAN_TARGETS, &VULN_PLANS, &VULNERABILITIES, &SCANS, &SCAN_COVERAGE] {
            b.store.load_rows(kind).unwrap_or_else(|e| panic!("{} {}: {e}", b.name, kind.name));
        }
    }
}

#[test]
fn vulnerabilities_are_deduplicated_and_fixed_when_a_later_scan_misses_them() {
    for mut b in backends("scanmerge") {
        let out = b.store.import_scan(&report("s1", "2025-01-10", &["10.0.0.1"], &["V1", "V2"])).unwrap();
        assert_eq!(
            out,
            ScanOutcome::Imported { scan_id: 1, new: 2, seen_again: 0, fixed: 0, reopened: 0 },
            "{}",
            b.name
        );
        let out = b.store.import_scan(&report("s2", "2025-02-10", &["10.0.0.1"], &["V1"])).unwrap();
        assert_eq!(
            out,
            ScanOutcome::Imported { scan_id: 2, new: 0, seen_again: 1, fixed: 1, reopened: 0 },
            "{}",
            b.name
        );
        assert_eq!(
            state(&mut b.store),
            vec![s("V1", "2025-01-10", "2025-02-10", None), s("V2", "2025-01-10", "2025-01-10", Some("2025-02-10"))],
            "{}",
            b.name
        );
        // V2 comes back: reopened; V1 now missing: fixed.
        let out = b.store.import_scan(&report("s3", "2025-03-10", &["10.0.0.1"], &["V2"])).unwrap();
        assert_eq!(
            out,
            ScanOutcome::Imported { scan_id: 3, new: 0, seen_again: 1, fixed: 1, reopened: 1 },
            "{}",
            b.name
        );
        assert_eq!(
            state(&mut b.store),
            vec![s("V1", "2025-01-10", "2025-02-10", Some("2025-03-10")), s("V2", "2025-01-10", "2025-03-10", None)],
            "{}",
            b.name
        );
        let v = b.store.vulnerabilities().unwrap();
        let v2 = v.iter().find(|v| v.rule_id == "V2").unwrap();
        assert_eq!(
            (v2.first_scan, v2.last_scan, v2.cvss, v2.cves.clone()),
            (1, 3, Some(7.5), vec!["CVE-2024-0001".to_string()])
        );
        // A scan of another target does not touch these.
        b.store.import_scan(&report("s4", "2025-04-10", &["10.0.0.2"], &[])).unwrap();
        assert_eq!(state(&mut b.store)[1], s("V2", "2025-01-10", "2025-03-10", None), "{}", b.name);
        let scans = b.store.scans().unwrap();
        assert_eq!(scans.iter().map(|s| s.scan_id).collect::<Vec<_>>(), vec![1, 2, 3, 4]);
        assert_eq!(b.store.scan_coverage().unwrap().len(), 4);
    }
}

#[test]
fn older_reports_imported_late_give_the_same_result_as_in_time_order() {
    let reports = [
        report("a", "2025-01-10", &["10.0.0.1"], &["V1", "V2"]),
        report("b", "2025-02-10", &["10.0.0.1"], &["V1"]),
        report("c", "2025-03-10", &["10.0.0.1"], &["V1", "V3"]),
        report("d", "2025-04-10", &["10.0.0.1"], &["V3"]),
    ];
    let expected = vec![
        s("V1", "2025-01-10", "2025-03-10", Some("2025-04-10")),
        s("V2", "2025-01-10", "2025-01-10", Some("2025-02-10")),
        s("V3", "2025-03-10", "2025-04-10", None),
    ];
    for order in [[0, 1, 2, 3], [3, 2, 1, 0], [2, 0, 3, 1], [1, 3, 0, 2]] {
        for mut b in backends("scanorder") {
            for i in order {
                b.store.import_scan(&reports[i]).unwrap();
            }
            assert_eq!(state(&mut b.store), expected, "{} order {order:?}", b.name);
        }
    }
}

#[test]
fn the_same_report_imported_twice_is_skipped() {
    for mut b in backends("scantwice") {
        b.store.import_scan(&report("same", "2025-01-10", &["10.0.0.1"], &["V1"])).unwrap();
        let out = b.store.import_scan(&report("same", "2025-01-10", &["10.0.0.1"], &["V1"])).unwrap();
        assert_eq!(out, ScanOutcome::AlreadyImported { scan_id: 1 }, "{}", b.name);
        assert_eq!(b.store.scans().unwrap().len(), 1);
    }
}

#[test]
fn a_report_that_fails_to_store_leaves_nothing_behind() {
    for mut b in backends("scanatomic") {
        b.store.import_scan(&report("ok", "2025-01-10", &["10.0.0.1"], &["V1"])).unwrap();
        // The same target twice in one report violates the coverage key
        // after the scan row and the first coverage row are written.
        let mut bad = report("bad", "2025-02-10", &["10.0.0.1"], &["V2"]);
        bad.coverage.push(bad.coverage[0].clone());
        assert!(b.store.import_scan(&bad).is_err(), "{}", b.name);
        assert_eq!(b.store.scans().unwrap().len(), 1, "{}", b.name);
        assert_eq!(b.store.scan_coverage().unwrap().len(), 1, "{}", b.name);
        assert_eq!(state(&mut b.store), vec![s("V1", "2025-01-10", "2025-01-10", None)], "{}", b.name);
        // The store keeps working.
        b.store.import_scan(&report("next", "2025-03-10", &["10.0.0.1"], &[])).unwrap();
        assert_eq!(state(&mut b.store), vec![s("V1", "2025-01-10", "2025-01-10", Some("2025-03-10"))], "{}", b.name);
        let snap = b.store.load_snapshot().unwrap();
        assert_eq!((snap.vulnerabilities.len(), snap.scans.len(), snap.scan_coverage.len()), (1, 2, 2));
        assert_eq!(snap.scan_coverage_of("SYS-A").count(), 2);
    }
}
