//! CSV and XLSX exports of a filtered set of findings: the columns of
//! `check --format csv|xlsx` (the `jsonl` fields).

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use tuanthu_core::Finding;

use crate::http::Problem;

pub use tuanthu_core::finding::FLAT_COLUMNS as HEADER;

/// CSV with a UTF-8 BOM, so that Excel shows Vietnamese correctly.
pub fn csv<'a>(findings: impl Iterator<Item = &'a Finding>) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    out.push_str(&HEADER.join(","));
    out.push('\n');
    for f in findings {
        let row: Vec<String> = f.flat_fields().iter().map(|s| tuanthu_core::text::csv_cell(s)).collect();
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out.into_bytes()
}

pub fn xlsx<'a>(findings: impl Iterator<Item = &'a Finding>) -> anyhow::Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("findings")?;
    let bold = Format::new().set_bold();
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    let mut row: u32 = 1;
    for f in findings {
        for (c, v) in f.flat_fields().iter().enumerate() {
            match (c, f.overdue_days) {
                (6, Some(n)) => {
                    sheet.write_number(row, c as u16, n as f64)?;
                }
                _ => {
                    sheet.write_string(row, c as u16, v)?;
                }
            }
        }
        row += 1;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, row.saturating_sub(1).max(1), (HEADER.len() - 1) as u16)?;
    for (c, w) in [22.0, 14.0, 12.0, 12.0, 28.0, 12.0, 10.0, 70.0, 70.0, 40.0].iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    Ok(book.save_to_buffer()?)
}

/// An attachment response in the requested format (`csv` or `xlsx`).
pub fn respond<'a>(format: &str, findings: impl Iterator<Item = &'a Finding>) -> Result<Response, Problem> {
    let stamp = tuanthu_core::today_in_vietnam().format("%Y-%m-%d");
    let (bytes, ctype, ext) = match format {
        "xlsx" => (xlsx(findings)?, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
        "csv" => (csv(findings), "text/csv; charset=utf-8", "csv"),
        other => {
            return Err(Problem::bad_request(
                &format!("định dạng không hỗ trợ \"{other}\" (csv, xlsx)"),
                &format!("unsupported format \"{other}\" (csv, xlsx)"),
            ))
        }
    };
    let mut r = bytes.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"tuanthu-findings-{stamp}.{ext}\"")) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}
