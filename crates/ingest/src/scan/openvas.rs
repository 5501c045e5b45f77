//! OpenVAS / Greenbone (GVM) XML reports, as `gvm-cli`/the web UI export
//! them: `<report>` (usually a `<report>` wrapping the real `<report>`, or a
//! `<get_reports_response>`) with `<results><result>…</result></results>`,
//! one `<host>` per scanned host, `<scan_start>` and `<scan_end>`.
//!
//! * Target: the result's `<host>` text (an IP), its `<hostname>` as alias;
//!   hosts listed in `<host><ip>` without results are covered too (with
//!   their `<start>` time).
//! * Key: `openvas|HOST|NVT_OID|PORT` (e.g. `openvas|10.0.101.2|1.3.6.1.4.1.25623.1.0.832260|general/tcp`).
//! * Severity: the numeric `<severity>` on the CVSS v3 scale (0 → info,
//!   0.1-3.9 low, 4-6.9 medium, 7-8.9 high, 9-10 critical); without a number,
//!   the `<threat>` word. Negative severities (false positive, debug, error)
//!   and the `False Positive` threat are skipped.
//! * CVSS: `<nvt><cvss_base>`, else the severity. CVEs: `<nvt><refs><ref
//!   type="cve" id=…>` and the older `<nvt><cve>` list.

use std::io::BufRead;

use tuanthu_core::evidence::Severity;

use super::xml::{Elem, Item, XmlStream};
use super::{
    add_target, cves_in, cvss_score, rfc3339, severity_word, title, Findings, Place, ScanError, ScanFinding,
    ScanFormat, ScanReport, ScannedTarget,
};

pub fn parse<R: BufRead>(file: &str, input: R) -> Result<ScanReport, Vec<ScanError>> {
    let mut xml = XmlStream::new(file, input);
    let mut report = ScanReport {
        file: file.to_string(),
        format: ScanFormat::OpenVas,
        tool_name: "OpenVAS/Greenbone".into(),
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
    let mut saw_root = false;
    loop {
        match xml.next().map_err(|e| vec![e])? {
            Item::Eof => break,
            Item::End | Item::Text(_) => {}
            Item::Start(elem) => {
                let depth = xml.stack.len();
                let parent = if depth >= 2 { xml.stack[depth - 2].as_str() } else { "" };
                if depth == 1 {
                    if elem.name != "report" && elem.name != "get_reports_response" {
                        return Err(vec![ScanError::at_offset(
                            file,
                            elem.offset,
                            "wrong_format",
                            format!("không phải báo cáo OpenVAS/Greenbone (phần tử gốc <{}>)", elem.name),
                            format!("not an OpenVAS/Greenbone report (root element <{}>)", elem.name),
                        )]);
                    }
                    saw_root = true;
                    continue;
                }
                match (elem.name.as_str(), parent) {
                    ("result", "results") => {
                        let r = xml.subtree(elem).map_err(|e| vec![e])?;
                        match result(file, &r, &mut report.targets).map_err(|e| vec![e])? {
                            Some(f) => findings.push(f),
                            None => report.skipped += 1,
                        }
                    }
                    ("host", "report") => {
                        let h = xml.subtree(elem).map_err(|e| vec![e])?;
                        if let Some(ip) = h.child_text("ip") {
                            let aliases = h
                                .children("detail")
                                .filter(|d| d.child_text("name") == Some("hostname"))
                                .filter_map(|d| d.child_text("value").map(str::to_string))
                                .collect();
                            let scanned_at = h.child_text("start").and_then(rfc3339);
                            add_target(
                                &mut report.targets,
                                ScannedTarget {
                                    name: ip.to_string(),
                                    aliases,
                                    scanned_at,
                                    place: Place::Offset(h.offset),
                                },
                            );
                        }
                    }
                    ("scan_start", "report") => {
                        let t = xml.subtree(elem).map_err(|e| vec![e])?;
                        report.started_at = report.started_at.or_else(|| t.trimmed().and_then(rfc3339));
                    }
                    ("scan_end", "report") => {
                        let t = xml.subtree(elem).map_err(|e| vec![e])?;
                        report.ended_at = report.ended_at.or_else(|| t.trimmed().and_then(rfc3339));
                    }
                    ("gmp" | "omp", "report") => {
                        let t = xml.subtree(elem).map_err(|e| vec![e])?;
                        if let Some(v) = t.child_text("version") {
                            report.tool_version.get_or_insert_with(|| format!("{} {v}", t.name.to_uppercase()));
                        }
                    }
                    ("description" | "detection" | "notes" | "overrides" | "delta", _) => {
                        xml.skip().map_err(|e| vec![e])?;
                    }
                    _ => {}
                }
            }
        }
    }
    if !saw_root {
        return Err(vec![ScanError::new(
            file,
            Place::File,
            "empty",
            "tệp không có phần tử XML nào",
            "the file has no XML element",
        )]);
    }
    report.duplicates = findings.duplicates;
    report.findings = findings.into_vec();
    Ok(report)
}

fn missing(file: &str, at: &Elem, what: &str) -> ScanError {
    ScanError::at_offset(
        file,
        at.offset,
        "missing_field",
        format!("<result> thiếu {what}"),
        format!("<result> has no {what}"),
    )
}

/// One `<result>`: `None` when it is not an open vulnerability.
fn result(file: &str, r: &Elem, targets: &mut Vec<ScannedTarget>) -> Result<Option<ScanFinding>, ScanError> {
    let host_elem = r.child("host").ok_or_else(|| missing(file, r, "<host>"))?;
    let host = host_elem.trimmed().ok_or_else(|| missing(file, r, "<host>"))?.to_string();
    let aliases: Vec<String> = host_elem.child_text("hostname").map(str::to_string).into_iter().collect();
    add_target(
        targets,
        ScannedTarget { name: host.clone(), aliases, scanned_at: None, place: Place::Offset(r.offset) },
    );

    let nvt = r.child("nvt").ok_or_else(|| missing(file, r, "<nvt>"))?;
    let oid =
        nvt.attr("oid").map(str::trim).filter(|s| !s.is_empty()).ok_or_else(|| missing(file, r, "<nvt oid=…>"))?;
    let threat = r.child_text("threat");
    let score = r.child_text("severity").and_then(cvss_score_signed);
    if score.is_some_and(|s| s < 0.0) || threat.is_some_and(|t| t.eq_ignore_ascii_case("false positive")) {
        return Ok(None);
    }
    let severity = match (score, threat.and_then(severity_word)) {
        (Some(s), _) => Severity::from_cvss(s),
        (None, Some(w)) => w,
        (None, None) => {
            return Err(ScanError::at_offset(
                file,
                r.offset,
                "bad_value",
                format!("<result> của {oid} không có <severity> hoặc <threat> hợp lệ"),
                format!("<result> of {oid} has no valid <severity> or <threat>"),
            ))
        }
    };
    let port = r.child_text("port").map(str::to_string);
    let name = r.child_text("name").or_else(|| nvt.child_text("name")).unwrap_or(oid);
    let mut cves = Vec::new();
    if let Some(refs) = nvt.child("refs") {
        for rf in refs.children("ref").filter(|x| x.attr("type").is_some_and(|t| t.eq_ignore_ascii_case("cve"))) {
            if let Some(id) = rf.attr("id") {
                cves_in(id, &mut cves);
            }
        }
    }
    if let Some(list) = nvt.child_text("cve") {
        cves_in(list, &mut cves);
    }
    let cvss = nvt.child_text("cvss_base").and_then(cvss_score).or(score.filter(|s| *s > 0.0));
    let tool_severity = match (threat, score) {
        (Some(t), Some(s)) => Some(format!("{t} ({s:.1})")),
        (Some(t), None) => Some(t.to_string()),
        (None, Some(s)) => Some(format!("{s:.1}")),
        (None, None) => None,
    };
    Ok(Some(ScanFinding {
        key: format!("openvas|{host}|{oid}|{}", port.as_deref().unwrap_or("")),
        target: host,
        rule_id: oid.to_string(),
        title: title(name),
        severity,
        tool_severity,
        cvss,
        cves,
        port,
        package: None,
        location: None,
    }))
}

/// A severity number, negative values included (OpenVAS: -1 false positive…).
fn cvss_score_signed(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|v| v.is_finite() && *v <= 10.0)
}
