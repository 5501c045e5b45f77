//! Vulnerability scans of the demo (Điều 23): `scan_targets.csv`,
//! `vuln_plans.csv` and native scanner reports in `scans/` — OpenVAS XML and
//! Nessus v2 for hosts, Trivy JSON (schema 2) for container images, SARIF
//! for repositories — as the tools write them.
//!
//! Each system has 1-3 hosts (central systems also an image, Internet-facing
//! ones a repository). Its scan history follows its period (6 months for
//! level ≥ 4 or Internet-facing, else 12): ~80 % of systems in operation
//! were last scanned within their period, ~13 % are overdue by 1-6 months,
//! ~5 % were never scanned (VULN-SCAN-PERIOD fails). Between scans each open
//! vulnerability is fixed with probability ½ and new ones appear. Of the
//! vulnerabilities open at the last scan (info excluded) ~55 % have a
//! complete plan due in the future, ~8 % a plan already overdue, ~8 % an
//! incomplete plan, ~4 % an accepted risk, the rest none (pending or late
//! against the default deadlines).
//!
//! At `customs` scale this is about 2,000 reports and 100,000 vulnerability
//! entries (the `bench --with-scans` load).

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::csv_out::{CsvWriter, DateFmt};
use super::org::System;
use super::rng::{Rng, Strata};
use super::{Progress, Scale};

/// The folder of scanner reports inside the demo directory.
pub const SCANS_DIR: &str = "scans";

/// Vulnerabilities open on a target after each scan, per scale.
fn per_host(scale: Scale) -> (u64, u64) {
    match scale {
        Scale::Small => (3, 8),
        Scale::Customs | Scale::TenX => (30, 60),
    }
}

const STEMS: &[(&str, &str, f64)] = &[
    ("OpenSSH Terrapin prefix truncation", "22/tcp", 5.9),
    ("OpenSSL heap buffer overflow", "443/tcp", 9.8),
    ("Apache HTTP Server mod_proxy SSRF", "80/tcp", 7.5),
    ("Apache Tomcat request smuggling", "8080/tcp", 7.5),
    ("Microsoft SQL Server remote code execution", "1433/tcp", 8.8),
    ("Oracle WebLogic Server T3 deserialization", "7001/tcp", 9.8),
    ("SSL/TLS weak cipher suites supported", "443/tcp", 5.3),
    ("SSL/TLS certificate expired", "443/tcp", 5.0),
    ("TLS 1.0 and 1.1 protocols enabled", "443/tcp", 4.3),
    ("HTTP TRACE method enabled", "80/tcp", 5.8),
    ("jQuery cross-site scripting", "443/tcp", 6.1),
    ("PHP-FPM out-of-bounds write", "443/tcp", 9.8),
    ("Nginx DNS resolver off-by-one", "80/tcp", 7.7),
    ("SMB signing not required", "445/tcp", 5.3),
    ("Microsoft Windows SMBv1 enabled", "445/tcp", 8.1),
    ("Remote Desktop Protocol NLA not enforced", "3389/tcp", 4.8),
    ("SNMP default community name (public)", "161/udp", 7.5),
    ("Oracle Database TNS listener poisoning", "1521/tcp", 7.5),
    ("PostgreSQL weak password authentication", "5432/tcp", 6.5),
    ("Redis unauthenticated access", "6379/tcp", 9.8),
    ("Elasticsearch unauthenticated access", "9200/tcp", 7.5),
    ("VMware vCenter Server file upload", "443/tcp", 9.8),
    ("Outdated antivirus signatures detected", "general/tcp", 3.5),
    ("ICMP timestamp reply information disclosure", "general/icmp", 2.1),
    ("TCP timestamps information disclosure", "general/tcp", 2.6),
    ("OS end of life detection", "general/tcp", 10.0),
    ("OS detection consolidation and reporting", "general/tcp", 0.0),
    ("Services detected on open ports", "general/tcp", 0.0),
];

const PACKAGES: &[(&str, &str)] = &[
    ("openssl", "3.0.11-r0"),
    ("libcurl", "8.4.0-r0"),
    ("busybox", "1.36.1-r2"),
    ("zlib", "1.2.13-r1"),
    ("libxml2", "2.11.4-r0"),
    ("musl", "1.2.4-r1"),
    ("expat", "2.5.0-r1"),
    ("sqlite-libs", "3.41.2-r2"),
    ("ncurses-libs", "6.4_p20230506-r0"),
    ("org.apache.logging.log4j:log4j-core", "2.14.1"),
    ("com.fasterxml.jackson.core:jackson-databind", "2.13.2"),
    ("org.springframework:spring-web", "5.3.20"),
];

const RULES: &[(&str, &str, &str)] = &[
    ("js/sql-injection", "Database query built from user-controlled sources", "8.8"),
    ("js/xss", "Client-side cross-site scripting", "6.1"),
    ("js/path-injection", "Uncontrolled data used in path expression", "7.5"),
    ("java/hardcoded-credentials", "Hard-coded credentials", "9.8"),
    ("java/weak-cryptographic-algorithm", "Use of a broken or risky cryptographic algorithm", "7.5"),
    ("js/missing-rate-limiting", "Missing rate limiting", "4.3"),
    ("js/clear-text-logging", "Clear-text logging of sensitive information", "3.3"),
];

/// One vulnerability on a target, as the generator tracks it.
#[derive(Clone)]
struct Open {
    /// Template index.
    idx: u64,
    /// First found (Vietnam time).
    first: NaiveDateTime,
}

/// What a target is, with the state of its vulnerabilities.
struct Target {
    name: String,
    kind: &'static str,
    open: Vec<Open>,
    /// Nessus instead of OpenVAS for hosts.
    nessus: bool,
}

/// A key and its first-seen time and severity, open after the last scan.
struct LastOpen {
    key: String,
    first: NaiveDateTime,
    severity: f64,
}

fn utc(t: NaiveDateTime) -> String {
    (t - Duration::hours(7)).format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn add_months_back(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_sub_months(chrono::Months::new(months)).unwrap_or(d)
}

fn host_tpl(idx: u64) -> (String, &'static str, f64, String) {
    let (stem, port, cvss) = STEMS[(idx % STEMS.len() as u64) as usize];
    let variant = idx / STEMS.len() as u64;
    let title = if variant == 0 { stem.to_string() } else { format!("{stem} (variant {})", variant + 1) };
    let cve = format!("CVE-{}-{}", 2019 + idx % 6, 10_000 + (idx * 7919) % 89_999);
    let cvss = (cvss - (variant % 3) as f64 * 0.4).max(if cvss == 0.0 { 0.0 } else { 0.1 });
    (title, port, (cvss * 10.0).round() / 10.0, cve)
}

fn image_tpl(idx: u64) -> (String, &'static str, &'static str, &'static str, f64) {
    let (pkg, ver) = PACKAGES[(idx % PACKAGES.len() as u64) as usize];
    let id = format!("CVE-{}-{}", 2020 + idx % 6, 20_000 + (idx * 6271) % 79_999);
    let (sev, cvss) = match idx % 10 {
        0 => ("CRITICAL", 9.8),
        1 | 2 => ("HIGH", 7.5),
        3..=6 => ("MEDIUM", 5.5),
        _ => ("LOW", 3.3),
    };
    (id, pkg, ver, sev, cvss)
}

fn evolve(rng: &mut Rng, open: &mut Vec<Open>, when: NaiveDateTime, pool: u64, want: (u64, u64)) {
    open.retain(|_| rng.chance(0.5));
    let target = rng.range(want.0 as i64, want.1 as i64) as usize;
    let mut guard = 0;
    while open.len() < target && guard < 200 {
        guard += 1;
        let idx = rng.below(pool);
        if !open.iter().any(|o| o.idx == idx) {
            open.push(Open { idx, first: when });
        }
    }
}

/// Writes `scan_targets.csv`, `vuln_plans.csv` and `scans/`; returns the rows
/// of the two CSV files and the number of reports.
pub fn write_scan_evidence(
    dir: &Path,
    systems: &[System],
    scale: Scale,
    today: NaiveDate,
    seed: u64,
    progress: &mut Progress<'_>,
) -> io::Result<(u64, u64, u64)> {
    let scans_dir = dir.join(SCANS_DIR);
    if scans_dir.is_dir() {
        for e in std::fs::read_dir(&scans_dir)? {
            let p = e?.path();
            if p.is_file() {
                std::fs::remove_file(p)?;
            }
        }
    }
    std::fs::create_dir_all(&scans_dir)?;
    let mut targets_csv = CsvWriter::create(&dir.join("scan_targets.csv"), &["target", "system_id", "kind", "note"])?;
    let mut rng = Rng::derive(seed, 60, 0);
    let mut strata = Strata::new(&mut rng);
    let want = per_host(scale);
    let mut reports = 0u64;
    let mut last_open: Vec<LastOpen> = Vec::new();
    for (si, s) in systems.iter().enumerate() {
        let mut r = Rng::derive(seed, 61, si as u64);
        // Targets of the system.
        let n_hosts = 1 + r.below(3);
        let mut targets: Vec<Target> = (0..n_hosts)
            .map(|h| Target {
                name: format!("10.{}.{}.{}", 10 + si / 250, si % 250, 10 + h),
                kind: "ip",
                open: Vec::new(),
                nessus: si % 10 < 3,
            })
            .collect();
        if s.kv.is_none() {
            let name = format!("registry.customs.gov.vn/{}:{}.{}", s.id.to_lowercase(), 1 + r.below(4), r.below(10));
            targets.push(Target { name, kind: "image", open: Vec::new(), nessus: false });
        }
        if s.internet {
            let name = format!("https://git.customs.gov.vn/he-thong/{}", s.id.to_lowercase());
            targets.push(Target { name, kind: "repository", open: Vec::new(), nessus: false });
        }
        for t in &targets {
            targets_csv.field(&t.name)?;
            targets_csv.field(&s.id)?;
            targets_csv.field(t.kind)?;
            targets_csv.blank()?;
            targets_csv.end_row()?;
        }
        // Schedule: last scan within the period, overdue, or never.
        let months = if s.level.unwrap_or(5) >= 4 || s.internet { 6 } else { 12 };
        let case = strata.category(&[0.05, 0.13]);
        if !s.in_operation || case == 0 {
            continue;
        }
        let since = s.since.unwrap_or(today);
        let last = if case == 1 {
            let back = add_months_back(today, months + 1 + r.below(5) as u32);
            back - Duration::days(r.range(0, 25))
        } else {
            add_months_back(today, r.below(u64::from(months)) as u32) - Duration::days(r.range(1, 25))
        };
        let n_scans = 3 + r.below(3) as u32;
        let mut dates: Vec<NaiveDate> = (0..n_scans)
            .map(|k| add_months_back(last, k * months) + Duration::days(r.range(-5, 5)))
            .filter(|d| *d >= since && *d < today)
            .collect();
        dates.sort();
        dates.dedup();
        for d in dates {
            let when = d.and_hms_opt(8 + r.below(9) as u32, r.below(60) as u32, 0).unwrap_or_default();
            let hosts: Vec<usize> = (0..targets.len()).filter(|&i| targets[i].kind == "ip").collect();
            for &i in &hosts {
                evolve(&mut r, &mut targets[i].open, when, 600, want);
            }
            let nessus = targets.first().is_some_and(|t| t.nessus);
            let file =
                scans_dir.join(format!("{}-{}.{}", s.id, d.format("%Y%m%d"), if nessus { "nessus" } else { "xml" }));
            if nessus {
                write_nessus(&file, &targets, &hosts, when)?;
            } else {
                write_openvas(&file, &targets, &hosts, when, &s.name)?;
            }
            reports += 1;
            progress.tick(reports, reports);
            for (i, target) in targets.iter_mut().enumerate() {
                let kind = target.kind;
                if kind == "ip" {
                    continue;
                }
                let w = if kind == "image" { (want.0 / 2 + 2, want.1 / 2 + 4) } else { (2, 6) };
                let t_when = when + Duration::minutes(30);
                evolve(&mut r, &mut target.open, t_when, if kind == "image" { 300 } else { RULES.len() as u64 * 8 }, w);
                let ext = if kind == "image" { "trivy.json" } else { "sarif" };
                let file = scans_dir.join(format!("{}-{}-{}.{ext}", s.id, d.format("%Y%m%d"), i));
                if kind == "image" {
                    write_trivy(&file, target, t_when)?;
                } else {
                    write_sarif(&file, target, t_when)?;
                }
                reports += 1;
            }
        }
        for t in &targets {
            for o in &t.open {
                let (key, sev) = key_of(t, o.idx);
                if sev > 0.0 {
                    last_open.push(LastOpen { key, first: o.first, severity: sev });
                }
            }
        }
    }
    let n_targets = targets_csv.finish()?;
    let n_plans = write_plans(&dir.join("vuln_plans.csv"), &last_open, today, seed)?;
    Ok((n_targets, n_plans, reports))
}

/// The importer's key of a vulnerability, and its CVSS (0 = informational).
fn key_of(t: &Target, idx: u64) -> (String, f64) {
    match t.kind {
        "ip" => {
            let (_, port, cvss, _) = host_tpl(idx);
            if t.nessus {
                let (p, proto) = port.split_once('/').unwrap_or(("0", "tcp"));
                let p = if p == "general" { "0" } else { p };
                (format!("nessus|{}|{}|{p}/{proto}", t.name, 100_000 + idx), cvss)
            } else {
                (format!("openvas|{}|1.3.6.1.4.1.25623.1.0.{}|{port}", t.name, 800_000 + idx), cvss)
            }
        }
        "image" => {
            let (id, pkg, ver, _, cvss) = image_tpl(idx);
            (format!("trivy|{0}|{0} (alpine 3.18.4)|{id}|{pkg}@{ver}", t.name), cvss)
        }
        _ => {
            let (rule, _, sev) = RULES[(idx % RULES.len() as u64) as usize];
            let line = 10 + idx * 7;
            (
                format!("sarif|{}|CodeQL|{rule}|src/module{}.js|L{line}", t.name, idx / RULES.len() as u64),
                sev.parse().unwrap_or(5.0),
            )
        }
    }
}

fn write_openvas(path: &Path, targets: &[Target], hosts: &[usize], when: NaiveDateTime, name: &str) -> io::Result<()> {
    let mut w = BufWriter::new(File::create(path)?);
    let start = utc(when);
    let end = utc(when + Duration::minutes(45));
    writeln!(w, "<report id=\"demo\" format_id=\"a994b278-1f62-11e1-96ac-406186ea4fc5\" extension=\"xml\" content_type=\"text/xml\">")?;
    writeln!(w, "<name>{}</name><report id=\"demo-inner\"><gmp><version>22.4</version></gmp>", esc(name))?;
    writeln!(
        w,
        "<scan_run_status>Done</scan_run_status><timestamp>{start}</timestamp><scan_start>{start}</scan_start>"
    )?;
    writeln!(w, "<results start=\"1\" max=\"-1\">")?;
    let mut buf = String::new();
    for &i in hosts {
        let t = &targets[i];
        for o in &t.open {
            let (title, port, cvss, cve) = host_tpl(o.idx);
            let threat = if cvss >= 7.0 {
                "High"
            } else if cvss >= 4.0 {
                "Medium"
            } else if cvss > 0.0 {
                "Low"
            } else {
                "Log"
            };
            buf.clear();
            let _ = write!(
                buf,
                "<result id=\"{}-{}\"><name>{}</name><owner><name>admin</name></owner><host>{}<asset asset_id=\"\"/><hostname></hostname></host><port>{port}</port>\
<nvt oid=\"1.3.6.1.4.1.25623.1.0.{}\"><type>nvt</type><name>{}</name><family>General</family><cvss_base>{cvss:.1}</cvss_base>\
<tags>summary=Demo finding|solution_type=VendorFix</tags><refs><ref id=\"{cve}\" type=\"cve\"/></refs></nvt>\
<threat>{threat}</threat><severity>{cvss:.1}</severity><qod><value>80</value><type>remote_banner</type></qod><description>Installed version: demo</description></result>",
                t.name,
                o.idx,
                esc(&title),
                t.name,
                800_000 + o.idx,
                esc(&title)
            );
            writeln!(w, "{buf}")?;
        }
    }
    writeln!(w, "</results>")?;
    for &i in hosts {
        writeln!(w, "<host><ip>{}</ip><start>{start}</start><end>{end}</end></host>", targets[i].name)?;
    }
    writeln!(w, "<scan_end>{end}</scan_end></report></report>")?;
    w.flush()
}

fn write_nessus(path: &Path, targets: &[Target], hosts: &[usize], when: NaiveDateTime) -> io::Result<()> {
    let mut w = BufWriter::new(File::create(path)?);
    writeln!(
        w,
        "<?xml version=\"1.0\" ?>\n<NessusClientData_v2>\n<Policy><policyName>Quét định kỳ</policyName></Policy>"
    )?;
    writeln!(w, "<Report name=\"Demo\" xmlns:cm=\"http://www.nessus.org/cm\">")?;
    let ctime = |t: NaiveDateTime| t.format("%a %b %e %H:%M:%S %Y").to_string();
    for &i in hosts {
        let t = &targets[i];
        writeln!(
            w,
            "<ReportHost name=\"{0}\"><HostProperties><tag name=\"HOST_END\">{1}</tag><tag name=\"host-ip\">{0}</tag><tag name=\"HOST_START\">{2}</tag></HostProperties>",
            t.name,
            ctime(when + Duration::minutes(40)),
            ctime(when)
        )?;
        for o in &t.open {
            let (title, port, cvss, cve) = host_tpl(o.idx);
            let (p, proto) = port.split_once('/').unwrap_or(("0", "tcp"));
            let p = if p == "general" { "0" } else { p };
            let (sev, risk) = if cvss >= 9.0 {
                (4, "Critical")
            } else if cvss >= 7.0 {
                (3, "High")
            } else if cvss >= 4.0 {
                (2, "Medium")
            } else if cvss > 0.0 {
                (1, "Low")
            } else {
                (0, "None")
            };
            writeln!(
                w,
                "<ReportItem port=\"{p}\" svc_name=\"svc\" protocol=\"{proto}\" severity=\"{sev}\" pluginID=\"{}\" pluginName=\"{}\" pluginFamily=\"General\">\
<risk_factor>{risk}</risk_factor><cvss3_base_score>{cvss:.1}</cvss3_base_score><cve>{cve}</cve><plugin_output>demo</plugin_output></ReportItem>",
                100_000 + o.idx,
                esc(&title)
            )?;
        }
        writeln!(w, "</ReportHost>")?;
    }
    writeln!(w, "</Report>\n</NessusClientData_v2>")?;
    w.flush()
}

fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn write_trivy(path: &Path, t: &Target, when: NaiveDateTime) -> io::Result<()> {
    let mut w = BufWriter::new(File::create(path)?);
    let result_target = format!("{} (alpine 3.18.4)", t.name);
    writeln!(
        w,
        "{{\n  \"SchemaVersion\": 2,\n  \"CreatedAt\": \"{}\",\n  \"ArtifactName\": {},\n  \"ArtifactType\": \"container_image\",\n  \"Results\": [\n    {{\n      \"Target\": {},\n      \"Class\": \"os-pkgs\",\n      \"Type\": \"alpine\",\n      \"Vulnerabilities\": [",
        utc(when),
        json_str(&t.name),
        json_str(&result_target)
    )?;
    for (k, o) in t.open.iter().enumerate() {
        let (id, pkg, ver, sev, cvss) = image_tpl(o.idx);
        let comma = if k + 1 < t.open.len() { "," } else { "" };
        writeln!(
            w,
            "        {{\"VulnerabilityID\": \"{id}\", \"PkgName\": \"{pkg}\", \"InstalledVersion\": \"{ver}\", \"Severity\": \"{sev}\", \"Title\": \"{pkg}: {id}\", \"CVSS\": {{\"nvd\": {{\"V3Score\": {cvss}}}}}}}{comma}"
        )?;
    }
    writeln!(w, "      ]\n    }}\n  ]\n}}")?;
    w.flush()
}

fn write_sarif(path: &Path, t: &Target, when: NaiveDateTime) -> io::Result<()> {
    let mut w = BufWriter::new(File::create(path)?);
    let rules: Vec<String> = RULES
        .iter()
        .map(|(id, text, sev)| {
            format!("{{\"id\": \"{id}\", \"shortDescription\": {{\"text\": {}}}, \"properties\": {{\"security-severity\": \"{sev}\"}}}}", json_str(text))
        })
        .collect();
    let results: Vec<String> = t
        .open
        .iter()
        .map(|o| {
            let k = (o.idx % RULES.len() as u64) as usize;
            let (rule, _, _) = RULES[k];
            format!(
                "{{\"ruleId\": \"{rule}\", \"ruleIndex\": {k}, \"level\": \"error\", \"message\": {{\"text\": \"Finding\"}}, \"locations\": [{{\"physicalLocation\": {{\"artifactLocation\": {{\"uri\": \"src/module{}.js\"}}, \"region\": {{\"startLine\": {}}}}}}}]}}",
                o.idx / RULES.len() as u64,
                10 + o.idx * 7
            )
        })
        .collect();
    writeln!(
        w,
        "{{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [{{\n    \"tool\": {{\"driver\": {{\"name\": \"CodeQL\", \"semanticVersion\": \"2.20.1\", \"rules\": [{}]}}}},\n    \"versionControlProvenance\": [{{\"repositoryUri\": {}}}],\n    \"invocations\": [{{\"executionSuccessful\": true, \"startTimeUtc\": \"{}\", \"endTimeUtc\": \"{}\"}}],\n    \"results\": [\n      {}\n    ]\n  }}]\n}}",
        rules.join(", "),
        json_str(&t.name),
        utc(when),
        utc(when + Duration::minutes(5)),
        results.join(",\n      ")
    )?;
    w.flush()
}

/// `vuln_plans.csv` for the vulnerabilities open after the last scans.
fn write_plans(path: &Path, open: &[LastOpen], today: NaiveDate, seed: u64) -> io::Result<u64> {
    let mut w = CsvWriter::create(path, &["vuln_key", "risk_rating", "plan", "due_date", "owner", "status"])?;
    let mut rng = Rng::derive(seed, 62, 0);
    let mut strata = Strata::new(&mut rng);
    let owners = ["CNTT", "CNTT-HT", "CNTT-AN", "Đội vận hành"];
    for (i, v) in open.iter().enumerate() {
        // 0 complete, 1 overdue, 2 incomplete, 3 accepted, else no plan.
        let case = strata.category(&[0.55, 0.08, 0.08, 0.04]);
        if case >= 4 {
            continue;
        }
        let rating = if v.severity >= 9.0 {
            "critical"
        } else if v.severity >= 7.0 {
            "high"
        } else if v.severity >= 4.0 {
            "medium"
        } else {
            "low"
        };
        let first = v.first.date();
        let due = match case {
            1 => Some(today - Duration::days(rng.range(5, 60))),
            2 if i % 2 == 0 => None,
            3 => None,
            _ => Some((first + Duration::days(rng.range(20, 120))).max(today + Duration::days(rng.range(7, 90)))),
        };
        w.field(&v.key)?;
        if case == 2 && i % 2 == 1 {
            w.blank()?;
        } else {
            w.field(rating)?;
        }
        w.field(match case {
            3 => "Chấp nhận rủi ro; giám sát bổ sung",
            _ => "Cập nhật bản vá theo khuyến nghị của nhà cung cấp",
        })?;
        w.date(due, DateFmt::Iso)?;
        w.field(owners[i % owners.len()])?;
        w.field(match case {
            3 => "accepted",
            1 => "in_progress",
            _ => "planned",
        })?;
        w.end_row()?;
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use std::collections::{BTreeMap, HashSet};

    use super::super::{generate, DemoOptions, Scale};
    use tuanthu_ingest::scan::{parse_scan_file, ScanFormat, ScanOptions};

    fn gen(tag: &str, seed: u64) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("tuanthu-demo-scan-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 16).unwrap();
        generate(&DemoOptions { scale: Scale::Small, seed, today, out_dir: dir.clone() }, &mut |_, _, _| {}).unwrap();
        dir
    }

    fn files(dir: &std::path::Path) -> BTreeMap<String, Vec<u8>> {
        std::fs::read_dir(dir.join("scans"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
            .collect()
    }

    #[test]
    fn demo_scanner_reports_are_deterministic_parse_and_map_to_systems() {
        let a = gen("a", 5);
        let b = gen("b", 5);
        assert_eq!(files(&a), files(&b), "same seed, same reports");
        let targets: HashSet<String> = std::fs::read_to_string(a.join("scan_targets.csv"))
            .unwrap()
            .lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap().to_string())
            .collect();
        let mut keys = HashSet::new();
        let mut formats = HashSet::new();
        for name in files(&a).keys() {
            let r = parse_scan_file(&a.join("scans").join(name), &ScanOptions::default())
                .unwrap_or_else(|e| panic!("{name}: {e:?}"));
            assert!(r.scanned_at().is_some(), "{name}");
            formats.insert(r.format);
            for t in &r.targets {
                assert!(targets.contains(&t.name), "{name}: {} not in scan_targets.csv", t.name);
            }
            keys.extend(r.findings.into_iter().map(|f| f.key));
        }
        assert_eq!(formats.len(), 4, "{formats:?}");
        assert!(formats.contains(&ScanFormat::Nessus));
        let plans = std::fs::read_to_string(a.join("vuln_plans.csv")).unwrap();
        assert!(plans.lines().count() > 10);
        for line in plans.lines().skip(1) {
            let key = line.split(',').next().unwrap();
            assert!(keys.contains(key), "plan for unknown key {key}");
        }
        for d in [a, b] {
            std::fs::remove_dir_all(d).unwrap();
        }
    }
}
