//! XLSX evidence files: the same columns as CSV, in the sheet named after the
//! kind (e.g. `accounts`) or else the first sheet. Excel dates, numbers and
//! booleans are taken as typed cells; text cells are parsed like CSV.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use tuanthu_core::evidence::schema::KindSchema;

use crate::cells::RawCell;
use crate::error::{ImportError, Problem};
use crate::table::{build_table, Table};

/// Parses an XLSX evidence file of `kind`.
pub fn parse(kind: &'static KindSchema, file: &str, bytes: &[u8]) -> Result<Table, Vec<ImportError>> {
    let unreadable = |detail: String| vec![ImportError::file_level(file, Problem::Unreadable { detail })];
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    let names = book.sheet_names();
    let sheet = names
        .iter()
        .find(|n| n.trim().eq_ignore_ascii_case(kind.name))
        .or_else(|| names.first())
        .cloned()
        .ok_or_else(|| vec![ImportError::file_level(file, Problem::Empty)])?;
    let range = book.worksheet_range(&sheet).map_err(|e| unreadable(e.to_string()))?;
    // `range` starts at the first used cell; spreadsheet rows are 1-based.
    let (first_row, first_col) = range.start().map_or((0, 0), |(r, c)| (r as usize, c as usize));
    let mut rows = range.rows();
    let header: Vec<String> = match rows.next() {
        None => return Err(vec![ImportError::file_level(file, Problem::Empty)]),
        Some(cells) => cells.iter().map(|c| raw(c).display()).collect(),
    };
    if first_col > 0 && header.iter().all(String::is_empty) {
        return Err(vec![ImportError::file_level(file, Problem::Empty)]);
    }
    let header_row = first_row + 1;
    let data = rows.enumerate().map(move |(i, cells)| (header_row + 1 + i, cells.iter().map(raw).collect::<Vec<_>>()));
    build_table(kind, file, header_row, &header, data)
}

fn raw(cell: &Data) -> RawCell {
    match cell {
        Data::Empty => RawCell::Empty,
        Data::String(s) => RawCell::Text(s.clone()),
        Data::Int(i) => RawCell::Number(*i as f64),
        Data::Float(f) => RawCell::Number(*f),
        Data::Bool(b) => RawCell::Bool(*b),
        Data::DateTime(dt) => {
            dt.as_datetime().map_or_else(|| RawCell::Text(dt.as_f64().to_string()), RawCell::DateTime)
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => RawCell::Text(s.clone()),
        Data::Error(e) => RawCell::Text(format!("#{e:?}")),
    }
}
