//! Writers for findings: table, JSON lines, CSV, XLSX.
//!
//! The `jsonl` fields are a contract (`docs/formats.md`): `rule`, `cite`,
//! `status`, `subject_kind`, `subject_id`, `due`, `overdue_days`,
//! `message_vi`, `message_en`, `evidence` — exactly these, in this order.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;
use tuanthu_core::Finding;

use crate::args::Lang;

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    cite: &'a str,
    status: &'a str,
    subject_kind: &'a str,
    subject_id: &'a str,
    due: Option<String>,
    overdue_days: Option<i64>,
    message_vi: &'a str,
    message_en: &'a str,
    evidence: &'a [String],
}

fn json_finding(f: &Finding) -> JsonFinding<'_> {
    JsonFinding {
        rule: &f.rule,
        cite: &f.cite,
        status: f.status.as_str(),
        subject_kind: f.subject_kind.as_str(),
        subject_id: &f.subject_id,
        due: f.due.map(|d| d.format("%Y-%m-%d").to_string()),
        overdue_days: f.overdue_days,
        message_vi: &f.message_vi,
        message_en: &f.message_en,
        evidence: &f.evidence,
    }
}

pub fn write_jsonl<'a>(w: &mut dyn Write, findings: impl Iterator<Item = &'a Finding>) -> Result<()> {
    for f in findings {
        serde_json::to_writer(&mut *w, &json_finding(f))?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

pub use tuanthu_core::finding::FLAT_COLUMNS as CSV_HEADER;

/// CSV with a UTF-8 BOM, so that Excel shows Vietnamese correctly.
pub fn write_csv<'a>(w: &mut dyn Write, findings: impl Iterator<Item = &'a Finding>) -> Result<()> {
    w.write_all("\u{feff}".as_bytes())?;
    writeln!(w, "{}", CSV_HEADER.join(","))?;
    for f in findings {
        let fields: Vec<String> = f.flat_fields().iter().map(|s| tuanthu_core::text::csv_cell(s)).collect();
        writeln!(w, "{}", fields.join(","))?;
    }
    Ok(())
}

pub fn xlsx_bytes<'a>(findings: impl Iterator<Item = &'a Finding>) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("findings")?;
    let bold = Format::new().set_bold();
    for (c, h) in CSV_HEADER.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    let mut row: u32 = 1;
    for f in findings {
        for (c, v) in f.flat_fields().iter().enumerate() {
            if c == 6 && !v.is_empty() {
                if let Ok(n) = v.parse::<f64>() {
                    sheet.write_number(row, c as u16, n)?;
                    continue;
                }
            }
            sheet.write_string(row, c as u16, v)?;
        }
        row += 1;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, row.saturating_sub(1).max(1), (CSV_HEADER.len() - 1) as u16)?;
    for (c, w) in [22.0, 14.0, 12.0, 12.0, 28.0, 12.0, 10.0, 70.0, 70.0, 40.0].iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    Ok(book.save_to_buffer()?)
}

pub fn status_label(s: tuanthu_core::Status, lang: Lang) -> &'static str {
    use tuanthu_core::Status as S;
    match (lang, s) {
        (Lang::En, s) => s.as_str(),
        (Lang::Vi, S::Pass) => "đạt",
        (Lang::Vi, S::Pending) => "chờ hạn",
        (Lang::Vi, S::Fail) => "vi phạm",
        (Lang::Vi, S::Excepted) => "ngoại lệ",
        (Lang::Vi, S::NoEvidence) => "thiếu dữ liệu",
        (Lang::Vi, S::NotApplicable) => "không áp dụng",
    }
}

/// A table for people: status, rule, subject, due (dd/mm/yyyy), days overdue, message.
pub fn write_table<'a>(w: &mut dyn Write, findings: impl Iterator<Item = &'a Finding>, lang: Lang) -> Result<()> {
    let (h_status, h_rule, h_subject, h_due, h_over, h_msg) = match lang {
        Lang::Vi => ("TRẠNG THÁI", "QUY TẮC", "ĐỐI TƯỢNG", "HẠN", "QUÁ HẠN", "NỘI DUNG"),
        Lang::En => ("STATUS", "RULE", "SUBJECT", "DUE", "OVERDUE", "MESSAGE"),
    };
    writeln!(w, "{h_status:<14} {h_rule:<22} {h_subject:<28} {h_due:<10} {h_over:>7}  {h_msg}")?;
    for f in findings {
        let due = f.due.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default();
        let over = f.overdue_days.map(|n| n.to_string()).unwrap_or_default();
        let msg = match lang {
            Lang::Vi => &f.message_vi,
            Lang::En => &f.message_en,
        };
        writeln!(
            w,
            "{:<14} {:<22} {:<28} {:<10} {:>7}  {}",
            status_label(f.status, lang),
            &*f.rule,
            f.subject_id,
            due,
            over,
            msg
        )?;
    }
    Ok(())
}
