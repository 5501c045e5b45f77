//! Matching a header row to a kind's columns.

use tuanthu_core::evidence::schema::KindSchema;

use crate::error::{ImportError, Problem};
use crate::table::Warning;
use crate::text::normalize_header;

/// For each header cell, the schema column it feeds (or `None`: ignored).
pub struct HeaderMap {
    pub columns: Vec<Option<usize>>,
    pub warnings: Vec<Warning>,
}

/// Maps header cells to columns by canonical name or Vietnamese alias,
/// case- and diacritics-insensitively. Missing required columns and repeated
/// columns are errors at the header's row; unknown columns are warnings.
pub fn map_header(
    kind: &KindSchema,
    file: &str,
    header_row: usize,
    cells: &[String],
) -> Result<HeaderMap, Vec<ImportError>> {
    let names: Vec<(String, String)> =
        kind.columns.iter().map(|c| (normalize_header(c.name), normalize_header(c.vi))).collect();
    let mut columns = Vec::with_capacity(cells.len());
    let mut seen: Vec<Option<String>> = vec![None; kind.columns.len()];
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for cell in cells {
        let norm = normalize_header(cell);
        if norm.is_empty() {
            columns.push(None);
            continue;
        }
        match names.iter().position(|(en, vi)| *en == norm || *vi == norm) {
            Some(i) => {
                if let Some(first) = &seen[i] {
                    errors.push(ImportError {
                        file: file.to_string(),
                        row: header_row,
                        column: Some(kind.columns[i].name.to_string()),
                        value: Some(cell.clone()),
                        problem: Problem::DuplicateColumn { first_header: first.clone() },
                    });
                    columns.push(None);
                } else {
                    seen[i] = Some(cell.clone());
                    columns.push(Some(i));
                }
            }
            None => {
                warnings.push(Warning {
                    file: file.to_string(),
                    row: header_row,
                    message_vi: format!("bỏ qua cột không xác định \"{cell}\""),
                    message_en: format!("ignoring unknown column \"{cell}\""),
                });
                columns.push(None);
            }
        }
    }
    if cells.len() == 1 && cells[0].contains(';') && seen.iter().all(Option::is_none) {
        return Err(vec![ImportError {
            file: file.to_string(),
            row: header_row,
            column: None,
            value: Some(cells[0].clone()),
            problem: Problem::SemicolonSeparated,
        }]);
    }
    for (i, col) in kind.columns.iter().enumerate() {
        if col.required && seen[i].is_none() {
            errors.push(ImportError {
                file: file.to_string(),
                row: header_row,
                column: Some(col.name.to_string()),
                value: None,
                problem: Problem::Other {
                    vi: format!("thiếu cột bắt buộc \"{}\" ({})", col.name, col.vi),
                    en: format!("required column \"{}\" ({}) is missing from the header row", col.name, col.vi),
                },
            });
        }
    }
    if errors.is_empty() {
        Ok(HeaderMap { columns, warnings })
    } else {
        Err(errors)
    }
}
