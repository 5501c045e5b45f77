//! `tuanthu vulns`: vulnerabilities found by imported scanner reports, with
//! their remediation plans (Điều 23.3-4).

use std::collections::HashMap;
use std::io::{BufWriter, IsTerminal, Write};

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use serde::Serialize;
use tuanthu_core::evidence::{Severity, VulnPlan, Vulnerability};
use tuanthu_core::vietnam_date;

use crate::args::{FindingsFormat, Global, VulnStatus, VulnsArgs};

/// One line of output: the `jsonl` object, also the CSV/XLSX columns.
#[derive(Serialize)]
struct Line<'a> {
    key: &'a str,
    system_id: &'a str,
    target: &'a str,
    tool: &'a str,
    rule_id: &'a str,
    title: &'a str,
    severity: &'a str,
    cvss: Option<f64>,
    cves: &'a [String],
    port: Option<&'a str>,
    package: Option<&'a str>,
    location: Option<&'a str>,
    first_seen: String,
    last_seen: String,
    fixed_on: Option<String>,
    status: &'static str,
    age_days: i64,
    risk_rating: Option<&'static str>,
    plan_status: Option<&'static str>,
    due_date: Option<String>,
    owner: Option<&'a str>,
    overdue: bool,
}

const COLUMNS: [&str; 22] = [
    "key",
    "system_id",
    "target",
    "tool",
    "rule_id",
    "title",
    "severity",
    "cvss",
    "cves",
    "port",
    "package",
    "location",
    "first_seen",
    "last_seen",
    "fixed_on",
    "status",
    "age_days",
    "risk_rating",
    "plan_status",
    "due_date",
    "owner",
    "overdue",
];

fn rfc(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn line<'a>(v: &'a Vulnerability, plan: Option<&'a VulnPlan>, as_of: NaiveDate) -> Line<'a> {
    let open = v.fixed_on.is_none();
    let end = v.fixed_on.map_or(as_of, vietnam_date);
    let due = plan.and_then(|p| p.due_date);
    Line {
        key: &v.key,
        system_id: &v.system_id,
        target: &v.target,
        tool: &v.tool,
        rule_id: &v.rule_id,
        title: &v.title,
        severity: v.severity.as_str(),
        cvss: v.cvss,
        cves: &v.cves,
        port: v.port.as_deref(),
        package: v.package.as_deref(),
        location: v.location.as_deref(),
        first_seen: rfc(v.first_seen),
        last_seen: rfc(v.last_seen),
        fixed_on: v.fixed_on.map(rfc),
        status: if open { "open" } else { "fixed" },
        age_days: (end - vietnam_date(v.first_seen)).num_days().max(0),
        risk_rating: plan.and_then(|p| p.risk_rating).map(Severity::as_str),
        plan_status: plan.map(|p| p.status.map_or("planned", |s| s.as_str())),
        due_date: due.map(|d| d.format("%Y-%m-%d").to_string()),
        owner: plan.and_then(|p| p.owner.as_deref()),
        overdue: open && due.is_some_and(|d| as_of > d),
    }
}

fn fields(l: &Line<'_>) -> [String; 22] {
    let o = |s: Option<&str>| s.unwrap_or("").to_string();
    [
        l.key.to_string(),
        l.system_id.to_string(),
        l.target.to_string(),
        l.tool.to_string(),
        l.rule_id.to_string(),
        l.title.to_string(),
        l.severity.to_string(),
        l.cvss.map(|c| format!("{c:.1}")).unwrap_or_default(),
        l.cves.join(";"),
        o(l.port),
        o(l.package),
        o(l.location),
        l.first_seen.clone(),
        l.last_seen.clone(),
        l.fixed_on.clone().unwrap_or_default(),
        l.status.to_string(),
        l.age_days.to_string(),
        o(l.risk_rating),
        o(l.plan_status),
        l.due_date.clone().unwrap_or_default(),
        o(l.owner),
        l.overdue.to_string(),
    ]
}

fn severities(arg: Option<&str>) -> Result<Vec<Severity>> {
    match arg.map(str::trim) {
        None | Some("") | Some("all") => Ok(Severity::ALL.to_vec()),
        Some(s) => s
            .split(',')
            .map(|x| {
                Severity::parse(&x.trim().to_ascii_lowercase()).with_context(|| {
                    format!(
                        "mức độ không hợp lệ \"{x}\" / invalid severity \"{x}\" (critical, high, medium, low, info)"
                    )
                })
            })
            .collect(),
    }
}

pub fn run(g: &Global, args: &VulnsArgs) -> Result<u8> {
    let wanted = severities(args.severity.as_deref())?;
    let as_of = match &args.as_of {
        Some(s) => super::parse_date_arg(s)?,
        None => tuanthu_core::today_in_vietnam(),
    };
    let Some(mut store) = super::open_existing_store(g)? else {
        bail!(
            "chưa có cơ sở dữ liệu {0}; hãy nhập báo cáo dò quét trước: tuanthu import scan TỆP / no database at {0}; import scanner reports first: tuanthu import scan FILE",
            g.db
        );
    };
    let mut vulns = store.vulnerabilities().context("không đọc được lỗ hổng / cannot load vulnerabilities")?;
    let plans = store.vuln_plans()?;
    let by_key: HashMap<&str, &VulnPlan> = plans.iter().map(|p| (p.vuln_key.as_str(), p)).collect();
    vulns.retain(|v| {
        wanted.contains(&v.severity)
            && args.system.as_deref().is_none_or(|s| s == v.system_id)
            && match args.status {
                VulnStatus::Open => v.fixed_on.is_none(),
                VulnStatus::Fixed => v.fixed_on.is_some(),
                VulnStatus::All => true,
            }
    });
    // By system, most severe first, oldest first.
    vulns.sort_by(|a, b| {
        (a.system_id.as_str(), a.severity, a.first_seen, a.key.as_str()).cmp(&(
            b.system_id.as_str(),
            b.severity,
            b.first_seen,
            b.key.as_str(),
        ))
    });
    let lines: Vec<Line<'_>> = vulns.iter().map(|v| line(v, by_key.get(v.key.as_str()).copied(), as_of)).collect();
    eprintln!("{} lỗ hổng / vulnerabilities", lines.len());
    if args.format == FindingsFormat::Xlsx {
        let bytes = xlsx(&lines)?;
        match &args.out {
            Some(path) => std::fs::write(path, bytes)
                .with_context(|| format!("không ghi được / cannot write {}", path.display()))?,
            None if std::io::stdout().is_terminal() => bail!("xlsx cần --out TỆP / xlsx needs --out FILE"),
            None => std::io::stdout().lock().write_all(&bytes)?,
        }
        return Ok(0);
    }
    let sink: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(
            std::fs::File::create(path).with_context(|| format!("không ghi được / cannot write {}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut w = BufWriter::with_capacity(1 << 20, sink);
    match args.format {
        FindingsFormat::Jsonl => {
            for l in &lines {
                serde_json::to_writer(&mut w, l)?;
                w.write_all(b"\n")?;
            }
        }
        FindingsFormat::Csv => {
            w.write_all("\u{feff}".as_bytes())?;
            writeln!(w, "{}", COLUMNS.join(","))?;
            for l in &lines {
                let f: Vec<String> = fields(l).iter().map(|s| tuanthu_core::text::csv_cell(s)).collect();
                writeln!(w, "{}", f.join(","))?;
            }
        }
        FindingsFormat::Table | FindingsFormat::Xlsx => {
            writeln!(
                w,
                "{:<12} {:<9} {:<6} {:>5} {:<22} {:<11} {:<10} TÊN / TITLE",
                "HỆ THỐNG", "MỨC ĐỘ", "TT", "NGÀY", "ĐỐI TƯỢNG", "KẾ HOẠCH", "HẠN"
            )?;
            for l in &lines {
                let title: String = l.title.chars().take(70).collect();
                writeln!(
                    w,
                    "{:<12} {:<9} {:<6} {:>5} {:<22} {:<11} {:<10} {title}",
                    l.system_id,
                    l.severity,
                    l.status,
                    l.age_days,
                    l.target.chars().take(22).collect::<String>(),
                    l.plan_status.unwrap_or("-"),
                    l.due_date.as_deref().unwrap_or("-"),
                )?;
            }
        }
    }
    match w.flush() {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(0),
        other => other.map(|()| 0).map_err(Into::into),
    }
}

fn xlsx(lines: &[Line<'_>]) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("vulnerabilities")?;
    let bold = Format::new().set_bold();
    for (c, h) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    let mut row: u32 = 1;
    for l in lines {
        for (c, v) in fields(l).iter().enumerate() {
            let numeric = matches!(COLUMNS[c], "cvss" | "age_days");
            match v.parse::<f64>() {
                Ok(n) if numeric => sheet.write_number(row, c as u16, n)?,
                _ => sheet.write_string(row, c as u16, v)?,
            };
        }
        row += 1;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, row.saturating_sub(1).max(1), (COLUMNS.len() - 1) as u16)?;
    Ok(book.save_to_buffer()?)
}
