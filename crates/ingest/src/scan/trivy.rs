//! Trivy JSON reports, both shapes Trivy has written:
//!
//! * schema 2 (Trivy ≥ 0.20): `{"SchemaVersion": 2, "ArtifactName": …,
//!   "ArtifactType": …, "Results": [{"Target", "Class", "Type",
//!   "Vulnerabilities": [...]}]}`;
//! * legacy: a top-level array of results `[{"Target": "debian (debian
//!   10.8)", "Type", "Vulnerabilities": [...]}]`.
//!
//! * Target: `ArtifactName` (an image such as `registry/app:1.2`, a
//!   repository, a path); in legacy reports, the first result's `Target`
//!   without its ` (os version)` suffix. For images the name without tag and
//!   the `RepoTags` are aliases.
//! * Key: `trivy|ARTIFACT|RESULT_TARGET|VULNERABILITY_ID|PKG@INSTALLED_VERSION`.
//! * Severity: `Severity` (`CRITICAL`…`LOW`); `UNKNOWN` or none → the CVSS
//!   score's rating if any, else low.
//! * CVSS: the V3 score of `SeveritySource`, else NVD's, else any; V2 last.
//! * Time: `CreatedAt` (newer Trivy) — older reports carry no time.

use std::collections::BTreeMap;
use std::io::BufRead;

use serde::Deserialize;
use tuanthu_core::evidence::Severity;

use super::{
    add_target, cves_in, rfc3339, severity_word, title, Findings, Place, ScanError, ScanFinding, ScanFormat,
    ScanReport, ScannedTarget,
};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct V2 {
    schema_version: Option<serde_json::Value>,
    artifact_name: Option<String>,
    artifact_type: Option<String>,
    created_at: Option<String>,
    metadata: Option<Metadata>,
    results: Option<Vec<TResult>>,
    trivy: Option<TrivyInfo>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TrivyInfo {
    version: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Metadata {
    repo_tags: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TResult {
    target: Option<String>,
    class: Option<String>,
    vulnerabilities: Option<Vec<TVuln>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TVuln {
    #[serde(rename = "VulnerabilityID")]
    vulnerability_id: Option<String>,
    pkg_name: Option<String>,
    installed_version: Option<String>,
    title: Option<String>,
    severity: Option<String>,
    severity_source: Option<String>,
    #[serde(rename = "CVSS")]
    cvss: Option<BTreeMap<String, TCvss>>,
}

#[derive(Deserialize)]
struct TCvss {
    #[serde(rename = "V3Score")]
    v3: Option<f64>,
    #[serde(rename = "V2Score")]
    v2: Option<f64>,
}

fn json_error(file: &str, e: &serde_json::Error) -> ScanError {
    let (code, vi, en) = if e.is_eof() {
        ("truncated", format!("tệp JSON bị cắt cụt ({e})"), format!("truncated JSON ({e})"))
    } else if e.is_io() {
        return ScanError::new(file, Place::File, "unreadable", e.to_string(), e.to_string());
    } else {
        (
            "malformed",
            format!("JSON không hợp lệ hoặc sai cấu trúc Trivy ({e})"),
            format!("malformed JSON or not Trivy's structure ({e})"),
        )
    };
    ScanError::new(file, Place::Line(e.line() as u64, e.column() as u64), code, vi, en)
}

pub fn parse<R: BufRead>(file: &str, mut input: R) -> Result<ScanReport, Vec<ScanError>> {
    let first = loop {
        let buf = input.fill_buf().map_err(|e| vec![ScanError::io(file, &e)])?;
        match buf.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => {
                let b = buf[i];
                input.consume(i);
                break Some(b);
            }
            None if buf.is_empty() => break None,
            None => {
                let n = buf.len();
                input.consume(n);
            }
        }
    };
    let (doc, legacy) = match first {
        Some(b'[') => {
            let results: Vec<TResult> = serde_json::from_reader(input).map_err(|e| vec![json_error(file, &e)])?;
            let doc = V2 {
                schema_version: None,
                artifact_name: None,
                artifact_type: None,
                created_at: None,
                metadata: None,
                results: Some(results),
                trivy: None,
            };
            (doc, true)
        }
        Some(b'{') => (serde_json::from_reader::<_, V2>(input).map_err(|e| vec![json_error(file, &e)])?, false),
        _ => {
            return Err(vec![ScanError::new(
                file,
                Place::Line(1, 1),
                "wrong_format",
                "không phải báo cáo Trivy JSON (cần một đối tượng hoặc mảng JSON)",
                "not a Trivy JSON report (expected a JSON object or array)",
            )])
        }
    };
    if !legacy && doc.schema_version.is_none() && doc.results.is_none() && doc.artifact_name.is_none() {
        return Err(vec![ScanError::at_path(
            file,
            "$",
            "wrong_format",
            "không phải báo cáo Trivy (không có SchemaVersion, ArtifactName hay Results)",
            "not a Trivy report (no SchemaVersion, ArtifactName or Results)",
        )]);
    }
    build(file, doc, legacy)
}

/// `debian (debian 10.8)` → `debian`; `app/Gemfile.lock` unchanged.
fn strip_os_suffix(target: &str) -> &str {
    match (target.rfind(" ("), target.ends_with(')')) {
        (Some(i), true) => target[..i].trim(),
        _ => target.trim(),
    }
}

fn build(file: &str, doc: V2, legacy: bool) -> Result<ScanReport, Vec<ScanError>> {
    let results = doc.results.unwrap_or_default();
    let root = if legacy { "$" } else { "$.Results" };
    let (artifact, place) = match doc.artifact_name.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(a) => (Some(a.to_string()), "$.ArtifactName".to_string()),
        None => (
            results.iter().find_map(|r| r.target.as_deref()).map(|t| strip_os_suffix(t).to_string()),
            format!("{root}[0].Target"),
        ),
    };
    let is_image = doc.artifact_type.as_deref() == Some("container_image")
        || (legacy && results.iter().any(|r| r.target.as_deref().is_some_and(|t| t.ends_with(')'))));
    let mut targets = Vec::new();
    if let Some(a) = &artifact {
        let mut aliases: Vec<String> = doc.metadata.and_then(|m| m.repo_tags).unwrap_or_default();
        if is_image {
            let bare = a.split('@').next().unwrap_or(a);
            let untagged = match bare.rfind(':') {
                Some(i) if !bare[i..].contains('/') => &bare[..i],
                _ => bare,
            };
            aliases.push(untagged.to_string());
        }
        aliases.retain(|x| x != a);
        aliases.dedup();
        add_target(
            &mut targets,
            ScannedTarget { name: a.clone(), aliases, scanned_at: None, place: Place::Path(place) },
        );
    }
    let mut findings = Findings::default();
    let mut errors = Vec::new();
    for (i, r) in results.iter().enumerate() {
        let result_target = r.target.as_deref().map(str::trim).unwrap_or("");
        let _ = &r.class;
        for (j, v) in r.vulnerabilities.iter().flatten().enumerate() {
            let path = format!("{root}[{i}].Vulnerabilities[{j}]");
            let artifact = artifact.as_deref().unwrap_or("");
            let Some(id) = v.vulnerability_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
                errors.push(ScanError::at_path(
                    file,
                    &format!("{path}.VulnerabilityID"),
                    "missing_field",
                    "thiếu VulnerabilityID",
                    "VulnerabilityID is missing",
                ));
                continue;
            };
            let pkg = v.pkg_name.as_deref().unwrap_or("").trim();
            let ver = v.installed_version.as_deref().unwrap_or("").trim();
            let cvss = pick_cvss(v);
            let severity = match v.severity.as_deref().and_then(severity_word) {
                Some(s) => s,
                None => cvss.map_or(Severity::Low, Severity::from_cvss),
            };
            let mut cves = Vec::new();
            cves_in(id, &mut cves);
            let package = if pkg.is_empty() {
                None
            } else {
                Some(if ver.is_empty() { pkg.to_string() } else { format!("{pkg}@{ver}") })
            };
            findings.push(ScanFinding {
                key: format!("trivy|{artifact}|{result_target}|{id}|{pkg}@{ver}"),
                target: artifact.to_string(),
                rule_id: id.to_string(),
                title: title(
                    v.title
                        .as_deref()
                        .filter(|t| !t.trim().is_empty())
                        .map_or_else(
                            || if pkg.is_empty() { id.to_string() } else { format!("{id} ({pkg})") },
                            str::to_string,
                        )
                        .as_str(),
                ),
                severity,
                tool_severity: v.severity.clone(),
                cvss,
                cves,
                port: None,
                package,
                location: Some(result_target.to_string()).filter(|s| !s.is_empty()),
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ScanReport {
        file: file.to_string(),
        format: ScanFormat::Trivy,
        tool_name: "Trivy".into(),
        tool_version: doc.trivy.and_then(|t| t.version),
        started_at: doc.created_at.as_deref().and_then(rfc3339),
        ended_at: None,
        targets,
        duplicates: findings.duplicates,
        findings: findings.into_vec(),
        fingerprint: String::new(),
        skipped: 0,
    })
}

fn pick_cvss(v: &TVuln) -> Option<f64> {
    let map = v.cvss.as_ref()?;
    let ok = |x: Option<f64>| x.filter(|s| s.is_finite() && (0.0..=10.0).contains(s));
    let source = v.severity_source.as_deref().and_then(|s| map.get(s));
    let nvd = map.get("nvd");
    source
        .and_then(|c| ok(c.v3))
        .or_else(|| nvd.and_then(|c| ok(c.v3)))
        .or_else(|| map.values().find_map(|c| ok(c.v3)))
        .or_else(|| source.and_then(|c| ok(c.v2)))
        .or_else(|| nvd.and_then(|c| ok(c.v2)))
        .or_else(|| map.values().find_map(|c| ok(c.v2)))
}
