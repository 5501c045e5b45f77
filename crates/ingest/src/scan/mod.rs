//! Native scanner reports: OpenVAS/Greenbone XML, Nessus v2 (`.nessus`),
//! Trivy JSON (legacy top-level array and `SchemaVersion` 2) and SARIF 2.1.0.
//!
//! Each importer turns one report into a [`ScanReport`]: scan metadata (tool,
//! start/end, targets covered) and the report's vulnerabilities, each with a
//! stable dedup key (see [`ScanFinding::key`] and `docs/formats.md`), a
//! normalised severity and, where the report has them, CVSS and CVEs.
//!
//! Bad input never panics and never yields half a report: a file that is too
//! large, unreadable, of an unknown tool, malformed, truncated, or that
//! declares a DTD / uses non-predefined entities (XML bombs) gives
//! [`ScanError`]s naming the file and the place (line:column, or a JSON path).
//! Reading is streamed with a byte limit ([`ScanOptions::max_bytes`]), so
//! memory follows what is kept (the findings), not the file size.

mod nessus;
mod openvas;
mod sarif;
mod sniff;
mod trivy;
mod xml;

use std::fmt;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use chrono::{DateTime, Utc};
use tuanthu_core::evidence::Severity;

pub use sniff::sniff;

/// Default largest report accepted: 512 MiB (`--max-size`).
pub const DEFAULT_MAX_BYTES: u64 = 512 * 1024 * 1024;
/// Text kept per XML element or JSON string used as a title (longer text is cut).
pub(crate) const SIZE_CAP_TEXT: usize = 64 * 1024;
/// Longest title kept.
const TITLE_MAX_CHARS: usize = 300;

/// A report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScanFormat {
    OpenVas,
    Nessus,
    Trivy,
    Sarif,
}

impl ScanFormat {
    /// The tool name stored with vulnerabilities and scans.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ScanFormat::OpenVas => "openvas",
            ScanFormat::Nessus => "nessus",
            ScanFormat::Trivy => "trivy",
            ScanFormat::Sarif => "sarif",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "openvas" | "greenbone" | "gvm" => Some(ScanFormat::OpenVas),
            "nessus" => Some(ScanFormat::Nessus),
            "trivy" => Some(ScanFormat::Trivy),
            "sarif" => Some(ScanFormat::Sarif),
            _ => None,
        }
    }
}

/// How to read a report.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// `None`: sniff the format from the content.
    pub format: Option<ScanFormat>,
    /// Larger files are refused before being read.
    pub max_bytes: u64,
    /// The target of findings when the report names none (a SARIF log
    /// without repository, an OpenVAS report of no host): the system given
    /// with `--system`. Without it such a report is an error (`no_target`).
    pub default_target: Option<String>,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions { format: None, max_bytes: DEFAULT_MAX_BYTES, default_target: None }
    }
}

/// A target the scan covered: a host, an image, a repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannedTarget {
    /// The name findings use (IP, host name, image, repository URL).
    pub name: String,
    /// Other names of the same target (host name of an IP, FQDN, …), tried
    /// when mapping the target to a system.
    pub aliases: Vec<String>,
    /// When this target was scanned, if the report says (else the scan's time).
    pub scanned_at: Option<DateTime<Utc>>,
    /// Where the report names it, for error messages ([`locate`] turns a
    /// byte offset into a line).
    pub place: Place,
}

/// One vulnerability of a report (duplicates within the report merged).
#[derive(Debug, Clone, PartialEq)]
pub struct ScanFinding {
    /// Stable dedup key, `tool|target|…` (per tool: see `docs/formats.md`).
    pub key: String,
    /// `ScannedTarget::name` of its target.
    pub target: String,
    /// NVT OID, Nessus plugin id, Trivy vulnerability id, SARIF rule id.
    pub rule_id: String,
    pub title: String,
    pub severity: Severity,
    /// Severity as the tool wrote it.
    pub tool_severity: Option<String>,
    pub cvss: Option<f64>,
    pub cves: Vec<String>,
    pub port: Option<String>,
    /// `name@installed-version`.
    pub package: Option<String>,
    /// Where inside the target (Trivy result target, SARIF `file:line`).
    pub location: Option<String>,
}

/// One parsed report.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanReport {
    pub file: String,
    pub format: ScanFormat,
    /// Tool as the report names it (`OpenVAS`, `Nessus`, `Trivy`, the SARIF driver).
    pub tool_name: String,
    pub tool_version: Option<String>,
    pub started_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    pub targets: Vec<ScannedTarget>,
    pub findings: Vec<ScanFinding>,
    /// FNV-1a 64 of the file's bytes, hex: the same file imported twice is skipped.
    pub fingerprint: String,
    /// Entries merged into an earlier one with the same key.
    pub duplicates: usize,
    /// Entries that are not open vulnerabilities (false positives, suppressed
    /// or absent SARIF results, passes, debug/error entries).
    pub skipped: usize,
}

impl ScanReport {
    /// The time the scan counts at: its start, else its end, else the
    /// earliest target time.
    #[must_use]
    pub fn scanned_at(&self) -> Option<DateTime<Utc>> {
        self.started_at.or(self.ended_at).or_else(|| self.targets.iter().filter_map(|t| t.scanned_at).min())
    }
}

/// Where in a file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The whole file.
    File,
    /// A byte offset (XML), turned into [`Place::Line`] before reporting.
    Offset(u64),
    /// 1-based line and column.
    Line(u64, u64),
    /// A JSON path (`$.Results[2].Vulnerabilities[0]`), with its line when known.
    Path(String),
}

/// A problem with a scanner report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanError {
    pub file: String,
    pub place: Place,
    /// Stable machine-readable code (`too_large`, `unknown_format`,
    /// `malformed`, `truncated`, `dtd_forbidden`, `entity_forbidden`,
    /// `missing_field`, `bad_value`, `no_target`, `unmapped_target`, …).
    pub code: &'static str,
    pub vi: String,
    pub en: String,
}

impl ScanError {
    pub fn new(file: &str, place: Place, code: &'static str, vi: impl Into<String>, en: impl Into<String>) -> Self {
        ScanError { file: file.to_string(), place, code, vi: vi.into(), en: en.into() }
    }

    pub(crate) fn at_offset(
        file: &str,
        offset: u64,
        code: &'static str,
        vi: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Self::new(file, Place::Offset(offset), code, vi, en)
    }

    pub(crate) fn at_path(
        file: &str,
        path: &str,
        code: &'static str,
        vi: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Self::new(file, Place::Path(path.to_string()), code, vi, en)
    }

    pub(crate) fn io(file: &str, e: &io::Error) -> Self {
        if e.kind() == io::ErrorKind::FileTooLarge || e.to_string().starts_with(TOO_LARGE) {
            return Self::new(file, Place::File, "too_large", e.to_string(), e.to_string());
        }
        Self::new(
            file,
            Place::File,
            "unreadable",
            format!("không đọc được tệp ({e})"),
            format!("cannot read the file ({e})"),
        )
    }
}

impl fmt::Display for ScanError {
    /// `report.xml:147:9: <vi> / <en>`; `report.json: $.Results[0]: …`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.place {
            Place::File => write!(f, "{}:", self.file)?,
            Place::Offset(o) => write!(f, "{}: byte {o}:", self.file)?,
            Place::Line(l, c) => write!(f, "{}:{l}:{c}:", self.file)?,
            Place::Path(p) => write!(f, "{}: {p}:", self.file)?,
        }
        write!(f, " {} / {}", self.vi, self.en)
    }
}

const TOO_LARGE: &str = "tệp quá lớn";

/// A reader that counts and hashes the bytes it passes and refuses more than
/// `limit` of them.
pub(crate) struct Meter<R> {
    inner: R,
    pub pos: u64,
    limit: u64,
    hash: u64,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

impl<R: Read> Meter<R> {
    pub fn new(inner: R, limit: u64) -> Self {
        Meter { inner, pos: 0, limit, hash: FNV_OFFSET }
    }

    pub fn fingerprint(&self) -> String {
        format!("{:016x}", self.hash)
    }
}

impl<R: Read> Read for Meter<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        if self.pos > self.limit {
            return Err(io::Error::new(
                io::ErrorKind::FileTooLarge,
                format!(
                    "{TOO_LARGE}: hơn {} byte (giới hạn --max-size) / file too large: more than {} bytes (the --max-size limit)",
                    self.limit, self.limit
                ),
            ));
        }
        for &b in &buf[..n] {
            self.hash = (self.hash ^ u64::from(b)).wrapping_mul(FNV_PRIME);
        }
        Ok(n)
    }
}

/// Reads a report from a file.
pub fn parse_scan_file(path: &Path, opts: &ScanOptions) -> Result<ScanReport, Vec<ScanError>> {
    let name = path.file_name().and_then(|n| n.to_str()).map_or_else(|| path.display().to_string(), str::to_string);
    let open = || std::fs::File::open(path);
    let len = std::fs::metadata(path).map_err(|e| vec![ScanError::io(&name, &e)])?.len();
    parse_with(&name, Some(len), &open, opts)
}

/// Reads a report held in memory (tests, uploads).
pub fn parse_scan_bytes(name: &str, bytes: &[u8], opts: &ScanOptions) -> Result<ScanReport, Vec<ScanError>> {
    let open = || Ok(io::Cursor::new(bytes));
    parse_with(name, Some(bytes.len() as u64), &open, opts)
}

fn too_large(name: &str, len: u64, limit: u64) -> ScanError {
    ScanError::new(
        name,
        Place::File,
        "too_large",
        format!(
            "{TOO_LARGE} ({len} byte > giới hạn {limit} byte); tăng --max-size nếu đây đúng là một báo cáo dò quét"
        ),
        format!(
            "file too large ({len} bytes > limit {limit} bytes); raise --max-size if this really is a scanner report"
        ),
    )
}

fn parse_with<R: Read>(
    name: &str,
    len: Option<u64>,
    open: &dyn Fn() -> io::Result<R>,
    opts: &ScanOptions,
) -> Result<ScanReport, Vec<ScanError>> {
    if let Some(len) = len.filter(|l| *l > opts.max_bytes) {
        return Err(vec![too_large(name, len, opts.max_bytes)]);
    }
    let io_err = |e: io::Error| vec![ScanError::io(name, &e)];
    // Look at the first bytes: encoding (BOM) and, unless given, the format.
    let mut head = Vec::with_capacity(16 * 1024);
    open().map_err(io_err)?.take(16 * 1024).read_to_end(&mut head).map_err(io_err)?;
    if head.is_empty() {
        return Err(vec![ScanError::new(name, Place::File, "empty", "tệp rỗng", "empty file")]);
    }
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    let format = match opts.format {
        Some(f) => f,
        None => {
            let text = if utf16 { decode_utf16(&head) } else { String::from_utf8_lossy(&head).into_owned() };
            sniff(text.as_bytes()).ok_or_else(|| {
                vec![ScanError::new(
                    name,
                    Place::File,
                    "unknown_format",
                    "không nhận ra công cụ dò quét; hỗ trợ: OpenVAS/Greenbone XML, Nessus (.nessus), Trivy JSON, SARIF 2.1.0 (dùng --format nếu cần)",
                    "unknown scanner report; supported: OpenVAS/Greenbone XML, Nessus (.nessus), Trivy JSON, SARIF 2.1.0 (use --format if needed)",
                )]
            })?
        }
    };
    let mut meter = Meter::new(open().map_err(io_err)?, opts.max_bytes);
    let result = if utf16 {
        // Windows PowerShell's `>` writes UTF-16: decode it (bounded by the limit).
        let mut raw = Vec::new();
        let read = meter.read_to_end(&mut raw);
        match read {
            Err(e) => Err(vec![ScanError::io(name, &e)]),
            Ok(_) => {
                let text = decode_utf16(&raw);
                drop(raw);
                let mut inner = Meter::new(io::Cursor::new(text.as_bytes()), u64::MAX);
                parse_format(name, format, &mut BufReader::new(&mut inner))
            }
        }
    } else {
        parse_format(name, format, &mut BufReader::with_capacity(64 * 1024, &mut meter))
    };
    let mut report = match result {
        Ok(r) => r,
        Err(mut errors) => {
            // A read cut by the size limit explains any parse error.
            if meter.pos > opts.max_bytes {
                return Err(vec![too_large(name, meter.pos, opts.max_bytes)]);
            }
            resolve_offsets(&mut errors, open);
            return Err(errors);
        }
    };
    report.fingerprint = meter.fingerprint();
    apply_default_target(&mut report, opts.default_target.as_deref())?;
    Ok(report)
}

/// Gives findings without a target (and a report covering no target) the
/// default target, or fails with `no_target`.
fn apply_default_target(report: &mut ScanReport, default: Option<&str>) -> Result<(), Vec<ScanError>> {
    let untargeted = report.findings.iter().any(|f| f.target.is_empty());
    if !untargeted && !report.targets.is_empty() {
        return Ok(());
    }
    let Some(t) = default.map(str::trim).filter(|t| !t.is_empty()) else {
        return Err(vec![ScanError::new(
            &report.file,
            Place::File,
            "no_target",
            "báo cáo không nêu đối tượng dò quét (máy chủ, địa chỉ IP, image hay kho mã); dùng --system MÃ_HỆ_THỐNG",
            "the report names no scanned target (host, IP, image or repository); use --system ID",
        )]);
    };
    let prefix = format!("{}||", report.format.as_str());
    for f in report.findings.iter_mut().filter(|f| f.target.is_empty()) {
        f.target = t.to_string();
        if let Some(rest) = f.key.strip_prefix(&prefix) {
            f.key = format!("{}|{t}|{rest}", report.format.as_str());
        }
    }
    add_target(
        &mut report.targets,
        ScannedTarget { name: t.to_string(), aliases: Vec::new(), scanned_at: None, place: Place::File },
    );
    Ok(())
}

fn parse_format<B: BufRead>(name: &str, format: ScanFormat, input: &mut B) -> Result<ScanReport, Vec<ScanError>> {
    skip_utf8_bom(input).map_err(|e| vec![ScanError::io(name, &e)])?;
    match format {
        ScanFormat::OpenVas => openvas::parse(name, input),
        ScanFormat::Nessus => nessus::parse(name, input),
        ScanFormat::Trivy => trivy::parse(name, input),
        ScanFormat::Sarif => sarif::parse(name, input),
    }
}

fn skip_utf8_bom<B: BufRead>(input: &mut B) -> io::Result<()> {
    let buf = input.fill_buf()?;
    if buf.starts_with(&[0xEF, 0xBB, 0xBF]) {
        input.consume(3);
    }
    Ok(())
}

fn decode_utf16(bytes: &[u8]) -> String {
    let enc = if bytes.starts_with(&[0xFE, 0xFF]) { encoding_rs::UTF_16BE } else { encoding_rs::UTF_16LE };
    enc.decode_with_bom_removal(bytes).0.into_owned()
}

/// Turns byte offsets into line:column by reading the file again up to them.
fn resolve_offsets<R: Read>(errors: &mut [ScanError], open: &dyn Fn() -> io::Result<R>) {
    for e in errors.iter_mut() {
        let Place::Offset(offset) = e.place else { continue };
        let Ok(file) = open() else { continue };
        let mut reader = BufReader::with_capacity(64 * 1024, file);
        let (mut line, mut col, mut pos) = (1u64, 1u64, 0u64);
        while pos < offset {
            let Ok(buf) = reader.fill_buf() else { break };
            if buf.is_empty() {
                break;
            }
            let take = buf.len().min(usize::try_from(offset - pos).unwrap_or(usize::MAX));
            for &b in &buf[..take] {
                if b == b'\n' {
                    line += 1;
                    col = 1;
                } else if b & 0xC0 != 0x80 {
                    col += 1;
                }
            }
            reader.consume(take);
            pos += take as u64;
        }
        e.place = Place::Line(line, col);
    }
}

// ── Helpers shared by the importers ─────────────────────────────────────────

/// Collects findings, merging entries with the same key (the first one is
/// kept; the highest severity and every CVE win).
#[derive(Default)]
pub(crate) struct Findings {
    list: Vec<ScanFinding>,
    index: std::collections::HashMap<String, usize>,
    pub duplicates: usize,
}

impl Findings {
    pub fn push(&mut self, f: ScanFinding) {
        match self.index.get(&f.key) {
            Some(&i) => {
                self.duplicates += 1;
                let kept = &mut self.list[i];
                if f.severity < kept.severity {
                    kept.severity = f.severity;
                    kept.tool_severity = f.tool_severity;
                }
                if kept.cvss.is_none() || f.cvss > kept.cvss {
                    kept.cvss = f.cvss.or(kept.cvss);
                }
                for c in f.cves {
                    if !kept.cves.contains(&c) {
                        kept.cves.push(c);
                    }
                }
            }
            None => {
                self.index.insert(f.key.clone(), self.list.len());
                self.list.push(f);
            }
        }
    }

    pub fn into_vec(self) -> Vec<ScanFinding> {
        self.list
    }
}

/// Keeps `targets` unique by name, merging aliases and keeping the earliest time.
pub(crate) fn add_target(targets: &mut Vec<ScannedTarget>, t: ScannedTarget) {
    match targets.iter_mut().find(|x| x.name == t.name) {
        Some(x) => {
            for a in t.aliases {
                if !x.aliases.contains(&a) && a != x.name {
                    x.aliases.push(a);
                }
            }
            x.scanned_at = match (x.scanned_at, t.scanned_at) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        None => targets.push(t),
    }
}

/// A title: first line, trimmed, at most [`TITLE_MAX_CHARS`] characters.
pub(crate) fn title(s: &str) -> String {
    let line = s.trim().lines().next().unwrap_or("").trim();
    if line.chars().count() > TITLE_MAX_CHARS {
        let mut t: String = line.chars().take(TITLE_MAX_CHARS - 1).collect();
        t.push('…');
        t
    } else {
        line.to_string()
    }
}

/// CVE ids in a text (`CVE-2023-4573`), upper-cased, unique, in order.
pub(crate) fn cves_in(text: &str, out: &mut Vec<String>) {
    let upper = text.to_ascii_uppercase();
    let bytes = upper.as_bytes();
    let mut i = 0;
    while let Some(found) = upper[i..].find("CVE-") {
        let start = i + found;
        let mut j = start + 4;
        let year_start = j;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
        let ok_year = j - year_start == 4 && j < bytes.len() && bytes[j] == b'-';
        if ok_year {
            let num_start = j + 1;
            let mut k = num_start;
            while k < bytes.len() && bytes[k].is_ascii_digit() {
                k += 1;
            }
            if k - num_start >= 4 {
                let id = upper[start..k].to_string();
                if !out.contains(&id) {
                    out.push(id);
                }
            }
            i = k.max(start + 4);
        } else {
            i = start + 4;
        }
    }
}

/// A severity word as tools write it (`High`, `CRITICAL`, `Medium`, `Log`, `None`…).
pub(crate) fn severity_word(s: &str) -> Option<Severity> {
    match s.trim().to_ascii_lowercase().as_str() {
        "critical" | "urgent" => Some(Severity::Critical),
        "high" | "error" | "serious" => Some(Severity::High),
        "medium" | "moderate" | "warning" => Some(Severity::Medium),
        "low" | "note" | "minor" => Some(Severity::Low),
        "info" | "informational" | "information" | "none" | "log" | "debug" => Some(Severity::Info),
        _ => None,
    }
}

/// A CVSS score in 0..=10 from text.
pub(crate) fn cvss_score(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|v| v.is_finite() && (0.0..=10.0).contains(v))
}

/// An RFC 3339 instant (`2023-09-28T14:48:02Z`, fractions and offsets allowed).
pub(crate) fn rfc3339(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s.trim()).ok().map(|t| t.with_timezone(&Utc))
}

/// A place with byte offsets turned into `line:column` (reads the file again).
#[must_use]
pub fn locate(path: &Path, place: &Place) -> Place {
    let mut one = [ScanError::new("", place.clone(), "", "", "")];
    resolve_offsets(&mut one, &|| std::fs::File::open(path));
    one[0].place.clone()
}

impl fmt::Display for Place {
    /// `147:9`, `byte 1234`, `$.Results[0]`, or nothing for the whole file.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::File => Ok(()),
            Place::Offset(o) => write!(f, "byte {o}"),
            Place::Line(l, c) => write!(f, "{l}:{c}"),
            Place::Path(p) => f.write_str(p),
        }
    }
}
