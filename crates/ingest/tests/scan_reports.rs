//! Native scanner reports: the real samples of `shared/samples/scans/`
//! (counts per target and severity computed independently with Python on the
//! files, see the comments) and bad input of every kind.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use tuanthu_core::evidence::Severity;
use tuanthu_ingest::scan::{
    parse_scan_bytes, parse_scan_file, sniff, Place, ScanError, ScanFormat, ScanOptions, ScanReport,
};

/// `shared/samples/scans`, found beside the repository (CI) or any ancestor.
fn samples() -> PathBuf {
    if let Some(dir) = std::env::var_os("TUANTHU_SHARED_DIR") {
        return PathBuf::from(dir).join("samples/scans");
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for dir in manifest.ancestors() {
        let candidate = dir.join("shared/samples/scans");
        if candidate.is_dir() {
            return candidate;
        }
    }
    panic!("shared/samples/scans not found beside the repository; set TUANTHU_SHARED_DIR")
}

fn sample(rel: &str) -> ScanReport {
    parse_scan_file(&samples().join(rel), &ScanOptions::default()).unwrap_or_else(|e| panic!("{rel}: {e:?}"))
}

fn sample_with(rel: &str, default_target: &str) -> ScanReport {
    let opts = ScanOptions { default_target: Some(default_target.into()), ..ScanOptions::default() };
    parse_scan_file(&samples().join(rel), &opts).unwrap_or_else(|e| panic!("{rel}: {e:?}"))
}

/// target → severity → count.
fn counts(r: &ScanReport) -> BTreeMap<String, BTreeMap<&'static str, usize>> {
    let mut out: BTreeMap<String, BTreeMap<&'static str, usize>> = BTreeMap::new();
    for f in &r.findings {
        *out.entry(f.target.clone()).or_default().entry(f.severity.as_str()).or_default() += 1;
    }
    out
}

fn expect(pairs: &[(&str, &[(&'static str, usize)])]) -> BTreeMap<String, BTreeMap<&'static str, usize>> {
    pairs.iter().map(|(t, sev)| ((*t).to_string(), sev.iter().copied().collect())).collect()
}

fn t(s: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&chrono::Utc)
}

fn errors(name: &str, bytes: &[u8], opts: &ScanOptions) -> Vec<ScanError> {
    match parse_scan_bytes(name, bytes, opts) {
        Ok(r) => panic!("{name} parsed: {} findings", r.findings.len()),
        Err(e) => e,
    }
}

fn one_error(name: &str, bytes: &[u8]) -> ScanError {
    let mut e = errors(name, bytes, &ScanOptions::default());
    assert_eq!(e.len(), 1, "{e:?}");
    e.remove(0)
}

// ── OpenVAS ─────────────────────────────────────────────────────────────────

#[test]
fn openvas_one_vuln_sample() {
    // One result, severity 10.0 (threat "High") on 10.0.101.2 → critical.
    let r = sample("openvas/one_vuln.xml");
    assert_eq!(r.format, ScanFormat::OpenVas);
    assert_eq!(counts(&r), expect(&[("10.0.101.2", &[("critical", 1)])]));
    assert_eq!(r.started_at, Some(t("2023-09-28T14:48:02Z")));
    assert_eq!(r.ended_at, Some(t("2023-09-28T16:12:15Z")));
    assert_eq!(r.targets.len(), 1);
    assert_eq!(r.targets[0].scanned_at, Some(t("2023-09-28T14:48:02Z")));
    let f = &r.findings[0];
    assert_eq!(f.key, "openvas|10.0.101.2|1.3.6.1.4.1.25623.1.0.832260|general/tcp");
    assert_eq!(f.title, "Mozilla Firefox Security Update (mfsa_2023-32_2023-36) - Windows");
    assert_eq!(f.cvss, Some(10.0));
    assert_eq!(f.cves.len(), 12);
    assert_eq!(f.cves[0], "CVE-2023-4573");
    assert_eq!(f.tool_severity.as_deref(), Some("High (10.0)"));
    assert_eq!(r.fingerprint.len(), 16);
}

#[test]
fn openvas_many_vuln_sample() {
    // 44 results on 192.168.1.1001 (an anonymised, invalid IP kept as is):
    // severities ≥ 9.0 → 8 critical, 7.0-8.9 → 11 high, 4.0-6.9 → 25 medium
    // (two of them have an empty <threat> and severity 4.0).
    let r = sample("openvas/many_vuln.xml");
    assert_eq!(counts(&r), expect(&[("192.168.1.1001", &[("critical", 8), ("high", 11), ("medium", 25)])]));
    assert_eq!((r.duplicates, r.skipped), (0, 0));
    assert_eq!(r.started_at, Some(t("2023-09-26T10:50:34Z")));
    let empty_threat = r.findings.iter().find(|f| f.rule_id == "1.3.6.1.4.1.25623.1.0.106223").unwrap();
    assert_eq!((empty_threat.severity, empty_threat.tool_severity.as_deref()), (Severity::Medium, Some("4.0")));
    // The same NVT on two ports is two vulnerabilities.
    assert_eq!(r.findings.iter().filter(|f| f.rule_id == "1.3.6.1.4.1.25623.1.0.809883").count(), 2);
}

#[test]
fn openvas_no_vuln_sample_covers_no_host_and_needs_a_system() {
    // No result and no <host>: nothing names a target.
    let e = parse_scan_file(&samples().join("openvas/no_vuln.xml"), &ScanOptions::default()).unwrap_err();
    assert_eq!(e[0].code, "no_target");
    assert!(e[0].to_string().starts_with("no_vuln.xml: "), "{}", e[0]);
    let r = sample_with("openvas/no_vuln.xml", "SYS-HP");
    assert!(r.findings.is_empty());
    assert_eq!(r.targets.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), vec!["SYS-HP"]);
    assert_eq!((r.started_at, r.ended_at), (Some(t("2023-09-25T10:46:09Z")), Some(t("2023-09-25T10:54:26Z"))));
}

// ── Nessus ──────────────────────────────────────────────────────────────────

#[test]
fn nessus_sample() {
    // One ReportHost, 7 ReportItems all severity 0 (informational); plugin
    // 11219 (SYN scanner) on ports 443 and 264 is two findings.
    let r = sample("nessus/nessus_many_vuln.xml");
    assert_eq!(r.format, ScanFormat::Nessus);
    assert_eq!(counts(&r), expect(&[("preprod.boardvantage.net", &[("info", 7)])]));
    let host = &r.targets[0];
    assert_eq!(host.aliases, vec!["12.233.108.201".to_string()]);
    // HOST_START "Tue Jun 25 10:32:42 2013" read as Vietnam time (UTC+7).
    assert_eq!(r.started_at, Some(t("2013-06-25T10:32:42+07:00")));
    assert_eq!(r.ended_at, Some(t("2013-06-25T10:39:42+07:00")));
    assert!(r.findings.iter().any(|f| f.key == "nessus|preprod.boardvantage.net|11219|443/tcp"));
    assert!(r.findings.iter().any(|f| f.key == "nessus|preprod.boardvantage.net|11219|264/tcp"));
    assert_eq!(r.findings[0].tool_severity.as_deref(), Some("None"));
}

#[test]
fn sniffing_recognises_every_sample() {
    for (rel, fmt) in [
        ("openvas/one_vuln.xml", ScanFormat::OpenVas),
        ("openvas/no_vuln.xml", ScanFormat::OpenVas),
        ("nessus/nessus_many_vuln.xml", ScanFormat::Nessus),
        ("trivy/legacy_many_vulns.json", ScanFormat::Trivy),
        ("trivy/scheme_2_no_vuln.json", ScanFormat::Trivy),
        ("sarif/no_runs.sarif", ScanFormat::Sarif),
        ("sarif/appendix_k.sarif", ScanFormat::Sarif),
    ] {
        let bytes = std::fs::read(samples().join(rel)).unwrap();
        assert_eq!(sniff(&bytes[..bytes.len().min(16 * 1024)]), Some(fmt), "{rel}");
    }
}

// ── Trivy ───────────────────────────────────────────────────────────────────

#[test]
fn trivy_legacy_sample() {
    // Top-level array, one result "debian (debian 10.8)", 93 vulnerabilities:
    // LOW 65, HIGH 18, MEDIUM 9 and one UNKNOWN without CVSS (→ low).
    let r = sample("trivy/legacy_many_vulns.json");
    assert_eq!(counts(&r), expect(&[("debian", &[("high", 18), ("medium", 9), ("low", 66)])]));
    assert_eq!(r.targets[0].name, "debian");
    assert_eq!(r.started_at, None, "legacy Trivy reports carry no time");
    let f = r.findings.iter().find(|f| f.rule_id == "CVE-2011-3374").unwrap();
    assert_eq!(f.key, "trivy|debian|debian (debian 10.8)|CVE-2011-3374|apt@1.8.2.2");
    assert_eq!(
        (f.package.as_deref(), f.cvss, f.cves.clone()),
        (Some("apt@1.8.2.2"), Some(3.7), vec!["CVE-2011-3374".to_string()])
    );
    let unknown = r.findings.iter().find(|f| f.rule_id == "TEMP-0981404-911A2F").unwrap();
    assert_eq!((unknown.severity, unknown.tool_severity.as_deref()), (Severity::Low, Some("UNKNOWN")));
    assert!(unknown.cves.is_empty());
}

#[test]
fn trivy_schema_2_sample() {
    // ArtifactName teamdojo:latest; results: alpine packages (CRITICAL,
    // HIGH, MEDIUM), a jar without vulnerabilities, commons-compress (2 MEDIUM).
    let r = sample("trivy/scheme_2_many_vulns.json");
    assert_eq!(counts(&r), expect(&[("teamdojo:latest", &[("critical", 1), ("high", 1), ("medium", 3)])]));
    assert_eq!(r.targets[0].aliases, vec!["teamdojo".to_string()]);
    let f = r.findings.iter().find(|f| f.rule_id == "CVE-2020-15999").unwrap();
    // SeveritySource nvd → NVD's V3 score.
    assert_eq!((f.cvss, f.location.as_deref()), (Some(6.5), Some("teamdojo:latest (alpine 3.9.4)")));
    assert_eq!(f.key, "trivy|teamdojo:latest|teamdojo:latest (alpine 3.9.4)|CVE-2020-15999|freetype@2.9.1-r2");
}

#[test]
fn trivy_schema_2_without_vulnerabilities_covers_its_image() {
    let r = sample("trivy/scheme_2_no_vuln.json");
    assert!(r.findings.is_empty());
    assert_eq!(r.targets[0].name, "trivy-unittest:latest");
}

// ── SARIF ───────────────────────────────────────────────────────────────────

#[test]
fn sarif_appendix_k_sample_has_only_a_suppressed_result() {
    // The SARIF spec's appendix K: one result, suppressed (external, accepted).
    let r = sample("sarif/appendix_k.sarif");
    assert_eq!((r.findings.len(), r.skipped), (0, 1));
    assert_eq!(r.targets[0].name, "https://github.com/example-corp/browser");
    assert_eq!(r.tool_name, "CodeScanner");
    assert_eq!((r.started_at, r.ended_at), (Some(t("2016-07-16T14:18:25Z")), Some(t("2016-07-16T14:19:01Z"))));
}

#[test]
fn sarif_bash_report_sample_merges_repeated_results() {
    // 27 results, all level note with issue_severity LOW; only 12 distinct
    // (rule, file, fingerprint): the tool repeats results.
    let r = sample("sarif/bash-report.sarif");
    assert_eq!(counts(&r), expect(&[("https://github.com/damiencarol/django-DefectDojo", &[("low", 12)])]));
    assert_eq!(r.duplicates, 15);
    assert_eq!(r.ended_at, Some(t("2021-03-08T15:39:40Z")));
    let f = r.findings.iter().find(|f| f.rule_id == "2076").unwrap();
    assert_eq!(f.title, "Don't quote right-hand side of =~, it'll match literally rather than as a regex.");
    assert_eq!(f.location.as_deref(), Some("file:///home/damien/dd/docker/setEnv.sh:134"));
    assert!(f.key.ends_with("|scanFileHash=f196e70ba8d8dace,scanPrimaryLocationHash=47f57f9669991906"), "{}", f.key);
}

#[test]
fn sarif_dependency_check_sample_needs_a_target() {
    // 13 results (dependency-check 6.1.2), no repository: one RETIREJS
    // result "low", 3 RETIREJS "medium", 9 NVD CVEs with cvssv3_baseScore 6.1.
    let e = parse_scan_file(&samples().join("sarif/dependency_check.sarif"), &ScanOptions::default()).unwrap_err();
    assert_eq!(e[0].code, "no_target");
    let r = sample_with("sarif/dependency_check.sarif", "SYS-DOJO");
    assert_eq!(counts(&r), expect(&[("SYS-DOJO", &[("low", 1), ("medium", 12)])]));
    let f = r.findings.iter().find(|f| f.rule_id == "CVE-2012-6708").unwrap();
    assert_eq!((f.cvss, f.cves.clone()), (Some(6.1), vec!["CVE-2012-6708".to_string()]));
    assert!(f.key.starts_with("sarif|SYS-DOJO|dependency-check|CVE-2012-6708|file:////src/"), "{}", f.key);
}

#[test]
fn sarif_without_runs_is_an_empty_scan() {
    let r = sample_with("sarif/no_runs.sarif", "SYS-X");
    assert!(r.findings.is_empty());
    assert_eq!(r.tool_name, "SARIF");
}

// ── Bad input ───────────────────────────────────────────────────────────────

#[test]
fn unknown_tool_is_refused_naming_the_file() {
    let e = one_error("scan.xml", b"<?xml version=\"1.0\"?><html><body>hello</body></html>");
    assert_eq!(e.code, "unknown_format");
    assert!(e.to_string().starts_with("scan.xml: "), "{e}");
    let e = one_error("scan.json", b"{\"foo\": [1, 2, 3]}");
    assert_eq!(e.code, "unknown_format");
    let e = one_error("empty.json", b"");
    assert_eq!(e.code, "empty");
}

#[test]
fn a_report_given_the_wrong_format_is_refused() {
    let bytes = std::fs::read(samples().join("nessus/nessus_many_vuln.xml")).unwrap();
    let opts = ScanOptions { format: Some(ScanFormat::OpenVas), ..ScanOptions::default() };
    let e = errors("nessus.xml", &bytes, &opts);
    assert_eq!((e[0].code, e[0].place.clone()), ("wrong_format", Place::Line(2, 1)));
}

#[test]
fn truncated_xml_names_the_line() {
    let bytes = std::fs::read(samples().join("openvas/many_vuln.xml")).unwrap();
    let cut = &bytes[..bytes.len() / 2];
    let e = one_error("many_vuln.xml", cut);
    assert_eq!(e.code, "truncated");
    let Place::Line(line, _) = e.place else { panic!("{e}") };
    let lines = cut.iter().filter(|&&b| b == b'\n').count() as u64;
    assert!(line >= lines.saturating_sub(2) && line <= lines + 1, "{e} (file cut at line {lines})");
}

#[test]
fn malformed_xml_names_the_line_and_column() {
    let xml = b"<report>\n<report>\n<results>\n<result><host>10.0.0.1</hots></result>\n</results></report></report>";
    let e = one_error("bad.xml", xml);
    assert_eq!(e.code, "malformed");
    assert!(matches!(e.place, Place::Line(4, _)), "{e}");
    assert!(e.to_string().starts_with("bad.xml:4:"), "{e}");
}

#[test]
fn xml_bomb_is_refused_without_expanding_anything() {
    // "Billion laughs": 10 levels of 10 references = 10^9 "lol"s if expanded.
    let mut bomb = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE report [\n <!ENTITY lol \"lol\">\n");
    bomb.push_str(" <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
    for i in 2..=9 {
        let p = i - 1;
        bomb.push_str(&format!(" <!ENTITY lol{i} \"{}\">\n", format!("&lol{p};").repeat(10)));
    }
    bomb.push_str("]>\n<report><results><result><host>&lol9;</host></result></results></report>\n");
    let start = std::time::Instant::now();
    let e = one_error("bomb.xml", bomb.as_bytes());
    assert_eq!(e.code, "dtd_forbidden");
    assert!(matches!(e.place, Place::Line(2, 1)), "{e}");
    assert!(start.elapsed() < std::time::Duration::from_secs(1));
    // Same for a Nessus root, and for an external entity (XXE).
    let xxe = b"<?xml version=\"1.0\"?>\n<!DOCTYPE NessusClientData_v2 [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<NessusClientData_v2>&xxe;</NessusClientData_v2>";
    assert_eq!(one_error("xxe.nessus", xxe).code, "dtd_forbidden");
}

#[test]
fn one_huge_xml_text_is_refused_instead_of_buffered_whole() {
    // 12 MiB in one <description>: quick-xml would buffer it whole.
    let mut xml = String::from("<report><report><results><result><host>10.0.0.1</host><port>80/tcp</port><nvt oid=\"1.2\"><name>A</name></nvt><severity>5.0</severity>\n<description>");
    xml.push_str(&"x".repeat(12 << 20));
    xml.push_str("</description></result></results></report></report>");
    let e = one_error("huge.xml", xml.as_bytes());
    assert_eq!(e.code, "too_large", "{e}");
    assert!(matches!(e.place, Place::Line(2, _)), "{e}");
    assert!(e.to_string().contains("MiB"), "{e}");
    // The same text, 1 MiB long, is read (and kept capped).
    let ok = xml.replacen(&"x".repeat(12 << 20), &"x".repeat(1 << 20), 1);
    let r = parse_scan_bytes("ok.xml", ok.as_bytes(), &ScanOptions::default()).unwrap();
    assert_eq!(r.findings.len(), 1);
}

#[test]
fn undeclared_entities_are_refused_and_predefined_ones_read() {
    let xml = b"<report><report><results><result><host>10.0.0.1</host><port>80/tcp</port><nvt oid=\"1.2\"><name>A &amp; B</name></nvt><severity>5.0</severity>\n<name>&evil;</name></result></results></report></report>";
    let e = one_error("ent.xml", xml);
    assert_eq!((e.code, e.place.clone()), ("entity_forbidden", Place::Line(2, 7)));
    let ok = b"<report><report><results><result><host>10.0.0.1</host><port>80/tcp</port><nvt oid=\"1.2\"><name>A &amp; B &#233;</name></nvt><severity>5.0</severity></result></results></report></report>";
    let r = parse_scan_bytes("ok.xml", ok, &ScanOptions::default()).unwrap();
    assert_eq!(r.findings[0].title, "A & B é");
}

#[test]
fn truncated_and_malformed_json_name_line_and_column() {
    let bytes = std::fs::read(samples().join("trivy/scheme_2_many_vulns.json")).unwrap();
    let e = one_error("trivy.json", &bytes[..bytes.len() / 3]);
    assert_eq!(e.code, "truncated");
    assert!(matches!(e.place, Place::Line(l, _) if l > 10), "{e}");
    let e = one_error("trivy.json", b"{\n  \"SchemaVersion\": 2,\n  \"Results\": [ {\"Target\": 5} ]\n}");
    assert_eq!((e.code, e.place.clone()), ("malformed", Place::Line(3, 28)));
}

#[test]
fn json_semantic_errors_name_the_json_path() {
    let trivy = br#"{"SchemaVersion": 2, "ArtifactName": "app:1", "Results": [{"Target": "app", "Vulnerabilities": [{"PkgName": "x", "Severity": "HIGH"}]}]}"#;
    let e = one_error("t.json", trivy);
    assert_eq!(
        (e.code, e.place.clone()),
        ("missing_field", Place::Path("$.Results[0].Vulnerabilities[0].VulnerabilityID".into()))
    );
    assert!(e.to_string().starts_with("t.json: $.Results[0].Vulnerabilities[0].VulnerabilityID: "), "{e}");
    let sarif = br#"{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}}]}]}"#;
    let e = one_error("s.sarif", sarif);
    assert_eq!((e.code, e.place.clone()), ("missing_field", Place::Path("$.runs[0].results[0]".into())));
    let old = br#"{"version": "1.0.0", "runs": []}"#;
    assert_eq!(one_error("old.sarif", old).code, "wrong_format");
}

#[test]
fn huge_file_is_refused_before_reading() {
    // A 2 GB (sparse) file: refused from its size alone, at once.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.nessus");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(2 * 1024 * 1024 * 1024).unwrap();
    let start = std::time::Instant::now();
    let e = parse_scan_file(&path, &ScanOptions::default()).unwrap_err();
    assert_eq!((e.len(), e[0].code), (1, "too_large"));
    assert!(e[0].to_string().starts_with("huge.nessus: "), "{}", e[0]);
    assert!(start.elapsed() < std::time::Duration::from_secs(1));
}

#[test]
fn a_stream_longer_than_the_limit_is_cut_and_refused() {
    // The limit also holds while reading (a file growing, a pipe).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.xml");
    let mut f = std::fs::File::create(&path).unwrap();
    write!(f, "<report><report><results>").unwrap();
    for i in 0..2000 {
        write!(
            f,
            "<result><host>10.0.{}.{}</host><port>80/tcp</port><nvt oid=\"1.{i}\"/><severity>5.0</severity></result>",
            i / 250,
            i % 250
        )
        .unwrap();
    }
    write!(f, "</results></report></report>").unwrap();
    drop(f);
    let len = std::fs::metadata(&path).unwrap().len();
    let ok = parse_scan_file(&path, &ScanOptions { max_bytes: len, ..ScanOptions::default() }).unwrap();
    assert_eq!(ok.findings.len(), 2000);
    // Same bytes through the reader's own limit (no size known up front).
    let bytes = std::fs::read(&path).unwrap();
    let opts = ScanOptions { max_bytes: 10_000, ..ScanOptions::default() };
    let e = parse_scan_file(&path, &opts).unwrap_err();
    assert_eq!(e[0].code, "too_large");
    let e = errors("big.xml", &bytes, &opts);
    assert_eq!(e[0].code, "too_large");
}

#[test]
fn utf16_and_bom_reports_are_read() {
    let bytes = std::fs::read(samples().join("trivy/scheme_2_many_vulns.json")).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let mut utf16: Vec<u8> = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let r = parse_scan_bytes("ps.json", &utf16, &ScanOptions::default()).unwrap();
    assert_eq!(r.findings.len(), 5);
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(&bytes);
    assert_eq!(parse_scan_bytes("bom.json", &bom, &ScanOptions::default()).unwrap().findings.len(), 5);
}

#[test]
fn same_bytes_same_fingerprint() {
    let bytes = std::fs::read(samples().join("openvas/one_vuln.xml")).unwrap();
    let a = parse_scan_bytes("a.xml", &bytes, &ScanOptions::default()).unwrap();
    let b = sample("openvas/one_vuln.xml");
    assert_eq!(a.fingerprint, b.fingerprint);
    let mut other = bytes.clone();
    other.push(b'\n');
    assert_ne!(parse_scan_bytes("a.xml", &other, &ScanOptions::default()).unwrap().fingerprint, a.fingerprint);
}
