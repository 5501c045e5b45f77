//! SARIF 2.1.0 logs (static analysis, dependency and secret scanners).
//!
//! * Target: per run, the repository (`versionControlProvenance[0]
//!   .repositoryUri`, without a trailing `/` or `.git`), else the
//!   `SRCROOT`/`PROJECTROOT` base URI, else the first invocation's working
//!   directory; a run naming none of these has no target (give `--system`).
//! * Key: `sarif|TARGET|DRIVER|RULE_ID|FILE_URI|FINGERPRINT`, where the
//!   fingerprint is the result's `fingerprints` (else `partialFingerprints`),
//!   `name=value` sorted and joined, else `L<startLine>`: line numbers move
//!   when code changes, fingerprints do not.
//! * Severity, first found: a numeric `security-severity` (result or rule
//!   properties, the GitHub convention) or `cvssv3_baseScore` on the CVSS
//!   scale; a `severity` / `issue_severity` / `cvssv3_baseSeverity` property
//!   word; else the level (`result.level`, the rule's default level, else
//!   `warning`): error → high, warning → medium, note → low, none → info.
//! * Skipped (not open vulnerabilities): results of kind `pass` or
//!   `notApplicable`, `baselineState` `absent`, and results with an accepted
//!   suppression (`suppressions[].state` absent or `accepted`).
//! * Time: the invocations' `startTimeUtc` / `endTimeUtc`.

use std::io::BufRead;

use serde::Deserialize;
use serde_json::{Map, Value};
use tuanthu_core::evidence::Severity;

use super::{
    add_target, cves_in, cvss_score, rfc3339, severity_word, title, Findings, Place, ScanError, ScanFinding,
    ScanFormat, ScanReport, ScannedTarget,
};

#[derive(Deserialize)]
struct Log {
    version: Option<String>,
    runs: Option<Vec<Run>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Option<Tool>,
    results: Option<Vec<SResult>>,
    invocations: Option<Vec<Invocation>>,
    version_control_provenance: Option<Vec<Vcs>>,
    original_uri_base_ids: Option<Map<String, Value>>,
}

#[derive(Deserialize)]
struct Tool {
    driver: Option<Driver>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: Option<String>,
    version: Option<String>,
    semantic_version: Option<String>,
    rules: Option<Vec<Rule>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: Option<String>,
    name: Option<String>,
    short_description: Option<Message>,
    full_description: Option<Message>,
    default_configuration: Option<Configuration>,
    properties: Option<Map<String, Value>>,
}

#[derive(Deserialize)]
struct Configuration {
    level: Option<String>,
}

#[derive(Deserialize)]
struct Message {
    text: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    start_time_utc: Option<String>,
    end_time_utc: Option<String>,
    working_directory: Option<ArtifactLocation>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Vcs {
    repository_uri: Option<String>,
}

#[derive(Deserialize)]
struct ArtifactLocation {
    uri: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SResult {
    rule_id: Option<String>,
    rule_index: Option<usize>,
    rule: Option<RuleRef>,
    kind: Option<String>,
    level: Option<String>,
    message: Option<Message>,
    locations: Option<Vec<Location>>,
    fingerprints: Option<Map<String, Value>>,
    partial_fingerprints: Option<Map<String, Value>>,
    properties: Option<Map<String, Value>>,
    suppressions: Option<Vec<Suppression>>,
    baseline_state: Option<String>,
}

#[derive(Deserialize)]
struct RuleRef {
    id: Option<String>,
    index: Option<usize>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: Option<PhysicalLocation>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: Option<ArtifactLocation>,
    region: Option<Region>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: Option<u64>,
}

#[derive(Deserialize)]
struct Suppression {
    state: Option<String>,
}

fn json_error(file: &str, e: &serde_json::Error) -> ScanError {
    let (code, vi, en) = if e.is_eof() {
        ("truncated", format!("tệp JSON bị cắt cụt ({e})"), format!("truncated JSON ({e})"))
    } else if e.is_io() {
        return ScanError::new(file, Place::File, "unreadable", e.to_string(), e.to_string());
    } else {
        (
            "malformed",
            format!("JSON không hợp lệ hoặc sai cấu trúc SARIF ({e})"),
            format!("malformed JSON or not SARIF's structure ({e})"),
        )
    };
    ScanError::new(file, Place::Line(e.line() as u64, e.column() as u64), code, vi, en)
}

pub fn parse<R: BufRead>(file: &str, input: R) -> Result<ScanReport, Vec<ScanError>> {
    let log: Log = serde_json::from_reader(input).map_err(|e| vec![json_error(file, &e)])?;
    match log.version.as_deref() {
        Some("2.1.0") => {}
        other => {
            return Err(vec![ScanError::at_path(
                file,
                "$.version",
                "wrong_format",
                format!("chỉ hỗ trợ SARIF 2.1.0 (tệp ghi {})", other.unwrap_or("không có version")),
                format!("only SARIF 2.1.0 is supported (the file says {})", other.unwrap_or("no version")),
            )])
        }
    }
    let runs = log
        .runs
        .ok_or_else(|| vec![ScanError::at_path(file, "$.runs", "missing_field", "thiếu runs", "runs is missing")])?;
    let mut report = ScanReport {
        file: file.to_string(),
        format: ScanFormat::Sarif,
        tool_name: String::new(),
        tool_version: None,
        started_at: None,
        ended_at: None,
        targets: Vec::new(),
        findings: Vec::new(),
        fingerprint: String::new(),
        duplicates: 0,
        skipped: 0,
    };
    let mut findings = Findings::default();
    let mut errors = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for (i, run) in runs.iter().enumerate() {
        let driver = run.tool.as_ref().and_then(|t| t.driver.as_ref());
        let tool = driver.and_then(|d| d.name.as_deref()).map(str::trim).filter(|s| !s.is_empty()).unwrap_or("sarif");
        if !names.iter().any(|n| n == tool) {
            names.push(tool.to_string());
        }
        if report.tool_version.is_none() {
            report.tool_version = driver.and_then(|d| d.semantic_version.clone().or_else(|| d.version.clone()));
        }
        for inv in run.invocations.iter().flatten() {
            if let Some(t) = inv.start_time_utc.as_deref().and_then(rfc3339) {
                report.started_at = Some(report.started_at.map_or(t, |s| s.min(t)));
            }
            if let Some(t) = inv.end_time_utc.as_deref().and_then(rfc3339) {
                report.ended_at = Some(report.ended_at.map_or(t, |s| s.max(t)));
            }
        }
        let (target, place) = run_target(run, i);
        if !target.is_empty() {
            add_target(
                &mut report.targets,
                ScannedTarget {
                    name: target.clone(),
                    aliases: Vec::new(),
                    scanned_at: None,
                    place: Place::Path(place),
                },
            );
        }
        let rules: &[Rule] = driver.and_then(|d| d.rules.as_deref()).unwrap_or(&[]);
        for (j, r) in run.results.iter().flatten().enumerate() {
            let path = format!("$.runs[{i}].results[{j}]");
            match result(file, &path, tool, &target, rules, r) {
                Ok(Some(f)) => findings.push(f),
                Ok(None) => report.skipped += 1,
                Err(e) => errors.push(e),
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    report.tool_name = if names.is_empty() { "SARIF".into() } else { names.join(" + ") };
    report.duplicates = findings.duplicates;
    report.findings = findings.into_vec();
    Ok(report)
}

fn clean_repo(uri: &str) -> String {
    let u = uri.trim().trim_end_matches('/');
    u.strip_suffix(".git").unwrap_or(u).to_string()
}

fn run_target(run: &Run, i: usize) -> (String, String) {
    if let Some(uri) = run
        .version_control_provenance
        .iter()
        .flatten()
        .find_map(|v| v.repository_uri.as_deref())
        .filter(|u| !u.trim().is_empty())
    {
        return (clean_repo(uri), format!("$.runs[{i}].versionControlProvenance[0].repositoryUri"));
    }
    if let Some(bases) = &run.original_uri_base_ids {
        for key in ["SRCROOT", "PROJECTROOT"] {
            let uri = bases.get(key).and_then(|v| v.get("uri")).and_then(Value::as_str).map(str::trim);
            if let Some(uri) = uri.filter(|u| u.contains("://")) {
                return (clean_repo(uri), format!("$.runs[{i}].originalUriBaseIds.{key}.uri"));
            }
        }
    }
    if let Some(uri) = run
        .invocations
        .iter()
        .flatten()
        .find_map(|inv| inv.working_directory.as_ref().and_then(|w| w.uri.as_deref()))
        .filter(|u| !u.trim().is_empty())
    {
        return (clean_repo(uri), format!("$.runs[{i}].invocations[0].workingDirectory.uri"));
    }
    (String::new(), format!("$.runs[{i}]"))
}

fn prop_number(props: Option<&Map<String, Value>>, name: &str) -> Option<f64> {
    match props?.get(name)? {
        Value::Number(n) => n.as_f64().filter(|v| (0.0..=10.0).contains(v)),
        Value::String(s) => cvss_score(s),
        _ => None,
    }
}

fn prop_str<'a>(props: Option<&'a Map<String, Value>>, name: &str) -> Option<&'a str> {
    props?.get(name)?.as_str().map(str::trim).filter(|s| !s.is_empty())
}

fn fingerprint(map: Option<&Map<String, Value>>) -> Option<String> {
    let map = map.filter(|m| !m.is_empty())?;
    let mut pairs: Vec<String> =
        map.iter().map(|(k, v)| format!("{k}={}", v.as_str().map_or_else(|| v.to_string(), str::to_string))).collect();
    pairs.sort();
    Some(pairs.join(","))
}

fn result(
    file: &str,
    path: &str,
    tool: &str,
    target: &str,
    rules: &[Rule],
    r: &SResult,
) -> Result<Option<ScanFinding>, ScanError> {
    if matches!(r.kind.as_deref(), Some("pass" | "notApplicable")) || r.baseline_state.as_deref() == Some("absent") {
        return Ok(None);
    }
    if r.suppressions.iter().flatten().any(|s| s.state.as_deref().is_none_or(|st| st == "accepted")) {
        return Ok(None);
    }
    let index = r.rule_index.or_else(|| r.rule.as_ref().and_then(|x| x.index));
    let rule_id = r
        .rule_id
        .as_deref()
        .or_else(|| r.rule.as_ref().and_then(|x| x.id.as_deref()))
        .or_else(|| index.and_then(|k| rules.get(k)).and_then(|x| x.id.as_deref()))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            ScanError::at_path(file, path, "missing_field", "kết quả không có ruleId", "result has no ruleId")
        })?;
    let rule = index
        .and_then(|k| rules.get(k))
        .filter(|x| x.id.as_deref() == Some(rule_id))
        .or_else(|| rules.iter().find(|x| x.id.as_deref() == Some(rule_id)));
    let rprops = r.properties.as_ref();
    let ruleprops = rule.and_then(|x| x.properties.as_ref());
    let numeric = prop_number(rprops, "security-severity")
        .map(|s| (s, "security-severity"))
        .or_else(|| prop_number(ruleprops, "security-severity").map(|s| (s, "security-severity")))
        .or_else(|| prop_number(rprops, "cvssv3_baseScore").map(|s| (s, "cvssv3_baseScore")));
    let word = ["severity", "issue_severity", "cvssv3_baseSeverity"]
        .iter()
        .find_map(|k| prop_str(rprops, k).and_then(|w| severity_word(w).map(|s| (s, *k, w))));
    let level = r
        .level
        .as_deref()
        .or_else(|| rule.and_then(|x| x.default_configuration.as_ref()).and_then(|c| c.level.as_deref()))
        .unwrap_or("warning");
    let (severity, tool_severity) = if r.kind.as_deref() == Some("informational") {
        (Severity::Info, "kind=informational".to_string())
    } else if let Some((s, name)) = numeric {
        (Severity::from_cvss(s), format!("{name}={s}"))
    } else if let Some((s, name, w)) = word {
        (s, format!("{name}={w}"))
    } else {
        let s = match level {
            "error" => Severity::High,
            "warning" => Severity::Medium,
            "note" => Severity::Low,
            "none" => Severity::Info,
            other => {
                return Err(ScanError::at_path(
                    file,
                    &format!("{path}.level"),
                    "bad_value",
                    format!("level \"{other}\" không hợp lệ (error, warning, note, none)"),
                    format!("invalid level \"{other}\" (error, warning, note, none)"),
                ))
            }
        };
        (s, format!("level={level}"))
    };
    let cvss = numeric.map(|(s, _)| s).or_else(|| prop_number(rprops, "cvssv2_score"));
    let physical = r.locations.iter().flatten().find_map(|l| l.physical_location.as_ref());
    let uri = physical.and_then(|p| p.artifact_location.as_ref()).and_then(|a| a.uri.as_deref()).unwrap_or("").trim();
    let line = physical.and_then(|p| p.region.as_ref()).and_then(|g| g.start_line);
    let fp = fingerprint(r.fingerprints.as_ref())
        .or_else(|| fingerprint(r.partial_fingerprints.as_ref()))
        .or_else(|| line.map(|l| format!("L{l}")))
        .unwrap_or_default();
    let text = rule
        .and_then(|x| x.short_description.as_ref().and_then(|m| m.text.as_deref()))
        .filter(|t| !t.trim().is_empty())
        .or_else(|| rule.and_then(|x| x.name.as_deref()).filter(|t| !t.trim().is_empty()))
        .or_else(|| r.message.as_ref().and_then(|m| m.text.as_deref()).filter(|t| !t.trim().is_empty()))
        .or_else(|| rule.and_then(|x| x.full_description.as_ref().and_then(|m| m.text.as_deref())))
        .unwrap_or(rule_id);
    let mut cves = Vec::new();
    cves_in(rule_id, &mut cves);
    if let Some(Value::Array(tags)) = ruleprops.and_then(|p| p.get("tags")) {
        for t in tags.iter().filter_map(Value::as_str) {
            cves_in(t, &mut cves);
        }
    }
    let location =
        if uri.is_empty() { None } else { Some(line.map_or_else(|| uri.to_string(), |l| format!("{uri}:{l}"))) };
    Ok(Some(ScanFinding {
        key: format!("sarif|{target}|{tool}|{rule_id}|{uri}|{fp}"),
        target: target.to_string(),
        rule_id: rule_id.to_string(),
        title: title(text),
        severity,
        tool_severity: Some(tool_severity),
        cvss,
        cves,
        port: None,
        package: None,
        location,
    }))
}
