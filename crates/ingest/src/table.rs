//! A validated table of one evidence kind, built from header + raw rows.

use std::collections::HashMap;

use tuanthu_core::evidence::schema::{KindSchema, Value};

use crate::cells::{parse_cell, RawCell};
use crate::error::{ImportError, Problem};
use crate::header::map_header;

/// Something the user should know that does not stop the import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub file: String,
    pub row: usize,
    pub message_vi: String,
    pub message_en: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.row > 0 {
            write!(f, "{}:{}: {} / {}", self.file, self.row, self.message_vi, self.message_en)
        } else {
            write!(f, "{}: {} / {}", self.file, self.message_vi, self.message_en)
        }
    }
}

/// Rows of one kind, every value checked against the schema.
#[derive(Debug, Clone)]
pub struct Table {
    pub kind: &'static KindSchema,
    pub file: String,
    /// One entry per data row, one value per schema column (in schema order).
    pub rows: Vec<Vec<Value>>,
    /// The spreadsheet row of each entry of `rows` (header = row 1), for
    /// errors found after parsing (cross-file references); empty if unknown.
    pub row_numbers: Vec<usize>,
    pub warnings: Vec<Warning>,
}

/// Builds a table from a header (at spreadsheet row `header_row`) and
/// numbered raw rows, collecting every error. Rows whose cells are all blank
/// are skipped (spreadsheets keep them).
pub fn build_table(
    kind: &'static KindSchema,
    file: &str,
    header_row: usize,
    header: &[String],
    rows: impl Iterator<Item = (usize, Vec<RawCell>)>,
) -> Result<Table, Vec<ImportError>> {
    let map = map_header(kind, file, header_row, header)?;
    let mut errors = Vec::new();
    let mut out = Vec::new();
    let mut row_numbers = Vec::new();
    let mut keys: HashMap<Vec<Value>, usize> = HashMap::new();
    for (row_no, cells) in rows {
        if cells.iter().all(|c| matches!(c, RawCell::Empty) || matches!(c, RawCell::Text(s) if s.trim().is_empty())) {
            continue;
        }
        if cells.len() > header.len() && cells[header.len()..].iter().any(|c| !matches!(c, RawCell::Empty)) {
            errors.push(ImportError {
                file: file.to_string(),
                row: row_no,
                column: None,
                value: None,
                problem: Problem::FieldCount { expected: header.len(), found: cells.len() },
            });
            continue;
        }
        let mut values = vec![Value::Null; kind.columns.len()];
        let mut row_ok = true;
        let mut invalid = vec![false; kind.columns.len()];
        for (i, target) in map.columns.iter().enumerate() {
            let Some(col_idx) = *target else { continue };
            let cell = cells.get(i).unwrap_or(&RawCell::Empty);
            let col = &kind.columns[col_idx];
            match parse_cell(col.ty, cell) {
                Ok(v) => values[col_idx] = v,
                Err(problem) => {
                    row_ok = false;
                    invalid[col_idx] = true;
                    errors.push(ImportError {
                        file: file.to_string(),
                        row: row_no,
                        column: Some(col.name.to_string()),
                        value: Some(cell.display()),
                        problem,
                    });
                }
            }
        }
        for (col_idx, col) in kind.columns.iter().enumerate() {
            if col.required && values[col_idx].is_null() && !invalid[col_idx] {
                row_ok = false;
                errors.push(ImportError {
                    file: file.to_string(),
                    row: row_no,
                    column: Some(col.name.to_string()),
                    value: Some(String::new()),
                    problem: Problem::Required,
                });
            }
        }
        // Duplicate keys are found even on rows with other errors, so that
        // one pass reports everything wrong with the file.
        let key_ok = kind.key.iter().all(|&k| !values[k].is_null() && !invalid[k]);
        if key_ok {
            let key: Vec<Value> = kind.key.iter().map(|&k| values[k].clone()).collect();
            if let Some(&first_row) = keys.get(&key) {
                let names: Vec<&str> = kind.key.iter().map(|&k| kind.columns[k].name).collect();
                errors.push(ImportError {
                    file: file.to_string(),
                    row: row_no,
                    column: Some(names.join("+")),
                    value: Some(key.iter().map(Value::to_text).collect::<Vec<_>>().join("/")),
                    problem: Problem::DuplicateKey { first_row },
                });
                continue;
            }
            keys.insert(key, row_no);
        }
        if row_ok {
            out.push(values);
            row_numbers.push(row_no);
        }
    }
    if errors.is_empty() {
        Ok(Table { kind, file: file.to_string(), rows: out, row_numbers, warnings: map.warnings })
    } else {
        Err(errors)
    }
}
