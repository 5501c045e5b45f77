//! Nessus v2 reports (`.nessus`): `<NessusClientData_v2>` with a `<Policy>`
//! (skipped) and `<Report><ReportHost name=…><HostProperties>…
//! <ReportItem …>`.
//!
//! * Target: `ReportHost@name`; the `host-ip`, `host-fqdn`, `host-rdns` and
//!   `netbios-name` properties are aliases. Time: `HOST_START_TIMESTAMP`
//!   (Unix seconds) or `HOST_START` (`Tue Jun 25 10:32:42 2013`, the
//!   scanner's local time, read as Vietnam time).
//! * Key: `nessus|HOST|PLUGIN_ID|PORT/PROTOCOL` (e.g. `nessus|web01|19506|0/tcp`).
//! * Severity: the `severity` attribute, 0 info, 1 low, 2 medium, 3 high,
//!   4 critical (`risk_factor` is kept as the tool's wording).
//! * CVSS: `cvss3_base_score`, else `cvss_base_score`. CVEs: `<cve>` elements.

use std::io::BufRead;

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use tuanthu_core::evidence::Severity;

use super::xml::{Elem, Item, XmlStream};
use super::{
    add_target, cves_in, cvss_score, title, Findings, Place, ScanError, ScanFinding, ScanFormat, ScanReport,
    ScannedTarget,
};

pub fn parse<R: BufRead>(file: &str, input: R) -> Result<ScanReport, Vec<ScanError>> {
    let mut xml = XmlStream::new(file, input);
    let mut report = ScanReport {
        file: file.to_string(),
        format: ScanFormat::Nessus,
        tool_name: "Nessus".into(),
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
    let mut host: Option<String> = None;
    let mut saw_root = false;
    loop {
        match xml.next().map_err(|e| vec![e])? {
            Item::Eof => break,
            Item::End => {
                if xml.stack.len() < 3 {
                    host = None; // left a ReportHost
                }
            }
            Item::Text(_) => {}
            Item::Start(elem) => {
                let depth = xml.stack.len();
                if depth == 1 {
                    if elem.name != "NessusClientData_v2" {
                        return Err(vec![ScanError::at_offset(
                            file,
                            elem.offset,
                            "wrong_format",
                            format!("không phải báo cáo Nessus v2 (phần tử gốc <{}>)", elem.name),
                            format!("not a Nessus v2 report (root element <{}>)", elem.name),
                        )]);
                    }
                    saw_root = true;
                    continue;
                }
                match elem.name.as_str() {
                    "Policy" if depth == 2 => xml.skip().map_err(|e| vec![e])?,
                    "ReportHost" => {
                        let name = elem.attr("name").map(str::trim).filter(|s| !s.is_empty()).ok_or_else(|| {
                            vec![ScanError::at_offset(
                                file,
                                elem.offset,
                                "missing_field",
                                "<ReportHost> thiếu thuộc tính name",
                                "<ReportHost> has no name attribute",
                            )]
                        })?;
                        add_target(
                            &mut report.targets,
                            ScannedTarget {
                                name: name.to_string(),
                                aliases: Vec::new(),
                                scanned_at: None,
                                place: Place::Offset(elem.offset),
                            },
                        );
                        host = Some(name.to_string());
                    }
                    "HostProperties" => {
                        let props = xml.subtree(elem).map_err(|e| vec![e])?;
                        if let Some(h) = &host {
                            host_properties(&props, h, &mut report);
                        }
                    }
                    "ReportItem" => {
                        let item = xml.subtree(elem).map_err(|e| vec![e])?;
                        let Some(h) = &host else {
                            return Err(vec![ScanError::at_offset(
                                file,
                                item.offset,
                                "bad_value",
                                "<ReportItem> nằm ngoài <ReportHost>",
                                "<ReportItem> outside a <ReportHost>",
                            )]);
                        };
                        findings.push(report_item(file, h, &item).map_err(|e| vec![e])?);
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

fn host_properties(props: &Elem, host: &str, report: &mut ScanReport) {
    let tag = |name: &str| props.children("tag").find(|t| t.attr("name") == Some(name)).and_then(Elem::trimmed);
    let start = tag("HOST_START_TIMESTAMP").and_then(epoch).or_else(|| tag("HOST_START").and_then(ctime));
    let end = tag("HOST_END_TIMESTAMP").and_then(epoch).or_else(|| tag("HOST_END").and_then(ctime));
    let aliases: Vec<String> = ["host-ip", "host-fqdn", "host-rdns", "netbios-name"]
        .iter()
        .filter_map(|n| tag(n))
        .filter(|a| *a != host)
        .map(str::to_string)
        .collect();
    add_target(
        &mut report.targets,
        ScannedTarget { name: host.to_string(), aliases, scanned_at: start, place: Place::Offset(props.offset) },
    );
    report.started_at = match (report.started_at, start) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    report.ended_at = match (report.ended_at, end) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
}

fn epoch(s: &str) -> Option<DateTime<Utc>> {
    s.trim().parse::<i64>().ok().and_then(|secs| Utc.timestamp_opt(secs, 0).single())
}

/// `Tue Jun 25 10:32:42 2013`, in the scanner's local time, taken as Vietnam time.
fn ctime(s: &str) -> Option<DateTime<Utc>> {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let t = NaiveDateTime::parse_from_str(&s, "%a %b %d %H:%M:%S %Y").ok()?;
    let offset = chrono::FixedOffset::east_opt(tuanthu_core::VIETNAM_UTC_OFFSET_SECS)?;
    offset.from_local_datetime(&t).single().map(|t| t.with_timezone(&Utc))
}

fn report_item(file: &str, host: &str, item: &Elem) -> Result<ScanFinding, ScanError> {
    let need = |name: &str| {
        item.attr(name).map(str::trim).filter(|s| !s.is_empty()).ok_or_else(|| {
            ScanError::at_offset(
                file,
                item.offset,
                "missing_field",
                format!("<ReportItem> thiếu thuộc tính {name}"),
                format!("<ReportItem> has no {name} attribute"),
            )
        })
    };
    let plugin = need("pluginID")?;
    let sev_attr = need("severity")?;
    let severity = match sev_attr {
        "0" => Severity::Info,
        "1" => Severity::Low,
        "2" => Severity::Medium,
        "3" => Severity::High,
        "4" => Severity::Critical,
        other => {
            return Err(ScanError::at_offset(
                file,
                item.offset,
                "bad_value",
                format!("<ReportItem> severity=\"{other}\" không hợp lệ (0-4)"),
                format!("<ReportItem> severity=\"{other}\" is invalid (0-4)"),
            ))
        }
    };
    let port = item.attr("port").unwrap_or("0").trim();
    let protocol = item.attr("protocol").unwrap_or("tcp").trim();
    let port = format!("{port}/{protocol}");
    let name = item.attr("pluginName").or_else(|| item.child_text("plugin_name")).unwrap_or(plugin);
    let mut cves = Vec::new();
    for c in item.children("cve") {
        cves_in(&c.text, &mut cves);
    }
    let cvss = item
        .child_text("cvss3_base_score")
        .and_then(cvss_score)
        .or_else(|| item.child_text("cvss_base_score").and_then(cvss_score));
    Ok(ScanFinding {
        key: format!("nessus|{host}|{plugin}|{port}"),
        target: host.to_string(),
        rule_id: plugin.to_string(),
        title: title(name),
        severity,
        tool_severity: item.child_text("risk_factor").map(str::to_string).or_else(|| Some(sev_attr.to_string())),
        cvss,
        cves,
        port: Some(port),
        package: None,
        location: None,
    })
}
