//! `tuanthu import scan FILE...`, and the `scans/` folder of `import DIR`:
//! native scanner reports (OpenVAS/Greenbone XML, Nessus v2, Trivy JSON,
//! SARIF 2.1.0).
//!
//! Every report is parsed and every target attributed to a system first
//! (`--system`, or through the `scan_targets` evidence); a report with any
//! problem makes the whole command write nothing. Reports are then stored in
//! scan-time order, each in its own transaction.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use anyhow::{bail, Context, Result};
use chrono::{DateTime, Utc};
use tuanthu_core::evidence::records::Row;
use tuanthu_core::evidence::schema_scan::SCAN_TARGETS;
use tuanthu_core::evidence::{Scan, ScanCoverage, ScanTarget, Vulnerability};
use tuanthu_ingest::scan::{locate, parse_scan_file, Place, ScanFormat, ScanOptions, ScanReport, ScannedTarget};
use tuanthu_ingest::Table;
use tuanthu_store::{ScanImport, ScanOutcome, Store};

use crate::args::{Global, ImportArgs, ImportFormat};
use crate::EXIT_ERROR;

/// Scan targets → systems, compared case-insensitively, ignoring a trailing
/// `/` or `.git`.
pub struct TargetMap {
    map: HashMap<String, String>,
}

fn norm(s: &str) -> String {
    let t = s.trim().trim_end_matches('/');
    t.strip_suffix(".git").unwrap_or(t).to_lowercase()
}

impl TargetMap {
    pub fn new(rows: &[ScanTarget]) -> Self {
        TargetMap { map: rows.iter().map(|r| (norm(&r.target), r.system_id.clone())).collect() }
    }

    pub fn from_table(t: &Table) -> Result<Self> {
        let rows: Vec<ScanTarget> = t
            .rows
            .iter()
            .map(|r| ScanTarget::from_row(&Row::new(SCAN_TARGETS.name, r)))
            .collect::<Result<_, _>>()
            .map_err(|e| anyhow::anyhow!("scan_targets: {e}"))?;
        Ok(Self::new(&rows))
    }

    fn system_of(&self, t: &ScannedTarget) -> Option<&str> {
        std::iter::once(&t.name).chain(&t.aliases).find_map(|n| self.map.get(&norm(n))).map(String::as_str)
    }
}

/// The files of `import scan`: files as given, directories expanded to their files.
fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("không đọc được thư mục / cannot read directory {}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.is_file())
                .collect();
            files.sort();
            out.extend(files);
        } else if p.is_file() {
            out.push(p.clone());
        } else {
            bail!("không tìm thấy tệp / no such file: {}", p.display());
        }
    }
    Ok(out)
}

fn scan_format(f: Option<ImportFormat>) -> Result<Option<ScanFormat>> {
    Ok(match f {
        None | Some(ImportFormat::Auto) => None,
        Some(ImportFormat::Openvas) => Some(ScanFormat::OpenVas),
        Some(ImportFormat::Nessus) => Some(ScanFormat::Nessus),
        Some(ImportFormat::Trivy) => Some(ScanFormat::Trivy),
        Some(ImportFormat::Sarif) => Some(ScanFormat::Sarif),
        Some(other) => bail!(
            "--format {other:?} không dùng cho báo cáo dò quét (auto, openvas, nessus, trivy, sarif) / is not a scanner report format (auto, openvas, nessus, trivy, sarif)"
        ),
    })
}

fn timestamp_arg(s: &str) -> Result<DateTime<Utc>> {
    if let Some(t) = tuanthu_ingest::parse_timestamp(s) {
        return Ok(t);
    }
    let d = super::parse_date_arg(s)?;
    let offset = chrono::FixedOffset::east_opt(tuanthu_core::VIETNAM_UTC_OFFSET_SECS).context("offset")?;
    use chrono::TimeZone;
    offset
        .from_local_datetime(&d.and_time(chrono::NaiveTime::MIN))
        .single()
        .map(|t| t.with_timezone(&Utc))
        .context("--scanned-at")
}

/// A parsed report ready to store.
pub struct Prepared {
    pub file: String,
    pub import: ScanImport,
}

/// Parses and attributes every report. `Err` holds the error lines to print.
pub fn prepare(
    paths: &[PathBuf],
    args: &ImportArgs,
    map: Option<&TargetMap>,
) -> Result<Result<Vec<Prepared>, Vec<String>>> {
    let opts = ScanOptions {
        format: scan_format(args.format)?,
        max_bytes: args.max_size,
        default_target: args.system.clone(),
    };
    let fallback = args.scanned_at.as_deref().map(timestamp_arg).transpose()?;
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get).min(paths.len().max(1));
    let next = AtomicUsize::new(0);
    type Parsed = (usize, Result<Prepared, Vec<String>>);
    let results: Mutex<Vec<Parsed>> = Mutex::new(Vec::with_capacity(paths.len()));
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = paths.get(i) else { break };
                let r = one(path, &opts, args.system.as_deref(), map, fallback);
                if let Ok(mut v) = results.lock() {
                    v.push((i, r));
                }
            });
        }
    });
    let mut results = results.into_inner().map_err(|_| anyhow::anyhow!("parser thread failed"))?;
    results.sort_by_key(|(i, _)| *i);
    let mut ok = Vec::new();
    let mut errors = Vec::new();
    for (_, r) in results {
        match r {
            Ok(p) => ok.push(p),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        // Store in scan-time order (the merge does not depend on it, the ids do).
        ok.sort_by(|a, b| a.import.scan.scanned_at.cmp(&b.import.scan.scanned_at).then_with(|| a.file.cmp(&b.file)));
        Ok(Ok(ok))
    } else {
        Ok(Err(errors))
    }
}

fn display_name(path: &Path) -> String {
    path.file_name().and_then(|n| n.to_str()).map_or_else(|| path.display().to_string(), str::to_string)
}

fn one(
    path: &Path,
    opts: &ScanOptions,
    system: Option<&str>,
    map: Option<&TargetMap>,
    fallback: Option<DateTime<Utc>>,
) -> Result<Prepared, Vec<String>> {
    let report: ScanReport =
        parse_scan_file(path, opts).map_err(|e| e.iter().map(ToString::to_string).collect::<Vec<_>>())?;
    let file = display_name(path);
    let scanned_at = match report.scanned_at().or(fallback) {
        Some(t) => t,
        None => {
            let mtime = std::fs::metadata(path).and_then(|m| m.modified()).map(DateTime::<Utc>::from);
            match mtime {
                Ok(t) => {
                    eprintln!(
                        "cảnh báo / warning: {file}: báo cáo không ghi thời điểm quét; dùng thời điểm sửa tệp {} (hoặc --scanned-at) / the report carries no scan time; using the file's modification time (or give --scanned-at)",
                        t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                    );
                    t
                }
                Err(e) => return Err(vec![format!("{file}: không xác định được thời điểm quét ({e}); dùng --scanned-at / cannot tell the scan time; use --scanned-at")]),
            }
        }
    };
    let mut systems_of: HashMap<&str, String> = HashMap::new();
    let mut errors = Vec::new();
    for t in &report.targets {
        let sys = match system {
            Some(s) => Some(s.to_string()),
            None => map.and_then(|m| m.system_of(t)).map(str::to_string),
        };
        match sys {
            Some(s) => {
                systems_of.insert(t.name.as_str(), s);
            }
            None => {
                let place = locate(path, &t.place);
                let at = match &place {
                    Place::File => String::new(),
                    p => format!("{p}:"),
                };
                errors.push(format!(
                    "{file}:{at} đối tượng dò quét \"{0}\" không thuộc hệ thống nào (thêm vào scan_targets hoặc dùng --system) / scan target \"{0}\" maps to no system (add it to scan_targets or use --system)",
                    t.name
                ));
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let time_of =
        |name: &str| report.targets.iter().find(|t| t.name == name).and_then(|t| t.scanned_at).unwrap_or(scanned_at);
    let tool = report.format.as_str().to_string();
    let coverage: Vec<ScanCoverage> = report
        .targets
        .iter()
        .map(|t| ScanCoverage {
            scan_id: 0,
            tool: tool.clone(),
            target: t.name.clone(),
            system_id: systems_of.get(t.name.as_str()).cloned().unwrap_or_default(),
            scanned_at: time_of(&t.name),
        })
        .collect();
    let vulnerabilities: Vec<Vulnerability> = report
        .findings
        .iter()
        .map(|f| {
            let when = time_of(&f.target);
            Vulnerability {
                key: f.key.clone(),
                system_id: systems_of.get(f.target.as_str()).cloned().unwrap_or_default(),
                tool: tool.clone(),
                target: f.target.clone(),
                rule_id: f.rule_id.clone(),
                title: f.title.clone(),
                severity: f.severity,
                tool_severity: f.tool_severity.clone(),
                cvss: f.cvss,
                cves: f.cves.clone(),
                port: f.port.clone(),
                package: f.package.clone(),
                location: f.location.clone(),
                first_seen: when,
                last_seen: when,
                fixed_on: None,
                first_scan: 0,
                last_scan: 0,
            }
        })
        .collect();
    let systems: BTreeSet<String> = systems_of.values().cloned().collect();
    let scan = Scan {
        scan_id: 0,
        tool,
        tool_name: report.tool_name.clone(),
        tool_version: report.tool_version.clone(),
        file: file.clone(),
        fingerprint: report.fingerprint.clone(),
        started_at: report.started_at,
        ended_at: report.ended_at,
        scanned_at,
        imported_at: Utc::now(),
        targets: report.targets.iter().map(|t| t.name.clone()).collect(),
        systems: systems.into_iter().collect(),
        findings: report.findings.len() as i64,
    };
    Ok(Prepared { file, import: ScanImport { scan, coverage, vulnerabilities } })
}

/// Prints the error lines and the summary; returns the exit code.
pub fn report_errors(errors: &[String]) -> u8 {
    for e in errors {
        eprintln!("{e}");
    }
    let files: BTreeSet<&str> = errors.iter().filter_map(|e| e.split(':').next()).collect();
    eprintln!(
        "\n{} lỗi trong {} tệp; không nhập dữ liệu nào. / {} errors in {} file(s); nothing was imported.",
        errors.len(),
        files.len(),
        errors.len(),
        files.len()
    );
    EXIT_ERROR
}

/// Stores the prepared reports, one transaction each, and prints a line per report.
pub fn write(store: &mut Store, prepared: &[Prepared]) -> Result<()> {
    let (mut new, mut fixed, mut vulns, mut skipped) = (0usize, 0usize, 0usize, 0usize);
    let quiet = prepared.len() > 50;
    for p in prepared {
        let outcome = store.import_scan(&p.import).with_context(|| {
            format!(
                "{}: nhập thất bại, không ghi gì từ tệp này / import failed, nothing written from this file ({})",
                p.file,
                store.url()
            )
        })?;
        match outcome {
            ScanOutcome::Imported { scan_id, new: n, seen_again, fixed: f, reopened } => {
                new += n;
                fixed += f;
                vulns += p.import.vulnerabilities.len();
                if !quiet {
                    println!(
                        "{:<8} #{scan_id:<5} {:>6} lỗ hổng / vulnerabilities ({n} mới / new, {seen_again} thấy lại / seen again, {f} đã khắc phục / fixed, {reopened} tái xuất hiện / reopened)  ← {}",
                        p.import.scan.tool,
                        p.import.vulnerabilities.len(),
                        p.file
                    );
                }
            }
            ScanOutcome::AlreadyImported { scan_id } => {
                skipped += 1;
                eprintln!(
                    "cảnh báo / warning: {}: đã nhập trước đây (lần quét #{scan_id}), bỏ qua / already imported (scan #{scan_id}), skipped",
                    p.file
                );
            }
        }
    }
    println!(
        "Đã nhập {} báo cáo dò quét ({vulns} lỗ hổng, {new} mới, {fixed} đã khắc phục; {skipped} bỏ qua) vào {} / imported {} scanner reports ({vulns} vulnerabilities, {new} new, {fixed} fixed; {skipped} skipped) into {}",
        prepared.len() - skipped,
        store.url(),
        prepared.len() - skipped,
        store.url()
    );
    Ok(())
}

/// `tuanthu import scan FILE...`
pub fn run(g: &Global, args: &ImportArgs) -> Result<u8> {
    let mut given: Vec<PathBuf> = args.file.iter().cloned().collect();
    given.extend(args.more_files.iter().cloned());
    if given.is_empty() {
        bail!("thiếu tệp báo cáo / missing the report file(s): tuanthu import scan FILE...");
    }
    let paths = expand(&given)?;
    if paths.is_empty() {
        bail!(
            "không có tệp báo cáo nào / no report files in {}",
            given.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
        );
    }
    let mut existing = super::open_existing_store(g)?;
    let map = match (&args.system, existing.as_mut()) {
        (Some(system), Some(store)) => {
            let known = store
                .load_rows(&tuanthu_core::evidence::schema::SYSTEMS)
                .map(|rows| rows.is_empty() || rows.iter().any(|r| r[0].to_text() == *system))
                .unwrap_or(true);
            if !known {
                eprintln!("cảnh báo / warning: hệ thống {system} không có trong systems / system {system} is not among the imported systems");
            }
            None
        }
        (Some(_), None) => None,
        (None, Some(store)) => Some(TargetMap::new(&store.scan_targets()?)),
        (None, None) => Some(TargetMap::new(&[])),
    };
    drop(existing);
    let prepared = match prepare(&paths, args, map.as_ref())? {
        Ok(p) => p,
        Err(errors) => return Ok(report_errors(&errors)),
    };
    if args.dry_run {
        for p in &prepared {
            println!(
                "{:<8} {:>6} lỗ hổng hợp lệ / valid vulnerabilities, {} đối tượng / targets ({})",
                p.import.scan.tool,
                p.import.vulnerabilities.len(),
                p.import.coverage.len(),
                p.file
            );
        }
        return Ok(0);
    }
    let mut store = super::open_store(g)?;
    write(&mut store, &prepared)?;
    let files: Vec<&str> = prepared.iter().map(|p| p.file.as_str()).collect();
    let detail = format!("scan: {} reports: {}", prepared.len(), files.join(", "));
    super::audit::record(g, &mut store, "import", "ok", args.system.as_deref(), Some(&detail));
    Ok(0)
}

/// The scanner reports of `import DIR`: the files of `DIR/scans/`, if any.
pub fn reports_in_dir(dir: &Path) -> Result<Vec<PathBuf>> {
    let scans = dir.join("scans");
    if scans.is_dir() {
        expand(&[scans])
    } else {
        Ok(Vec::new())
    }
}
