//! CSV evidence files: UTF-8 (with or without BOM) or UTF-16 with BOM,
//! comma-separated, RFC 4180 quoting, first row = header.

use tuanthu_core::evidence::schema::KindSchema;

use crate::cells::RawCell;
use crate::error::{ImportError, Problem};
use crate::table::{build_table, Table};

/// Decodes the bytes to text: UTF-8 (BOM optional) or UTF-16 LE/BE with BOM.
/// Invalid UTF-8 is reported at its spreadsheet row.
pub(crate) fn decode(file: &str, bytes: &[u8]) -> Result<String, Vec<ImportError>> {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        if encoding != encoding_rs::UTF_8 {
            let (text, _, had_errors) = encoding.decode(bytes);
            if had_errors {
                return Err(vec![ImportError::file_level(file, Problem::BadUtf16)]);
            }
            return Ok(text.into_owned());
        }
    }
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let row = body[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(vec![ImportError { file: file.to_string(), row, column: None, value: None, problem: Problem::NotUtf8 }])
        }
    }
}

/// Parses a CSV evidence file of `kind`.
pub fn parse(kind: &'static KindSchema, file: &str, bytes: &[u8]) -> Result<Table, Vec<ImportError>> {
    let text = decode(file, bytes)?;
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = reader.records();
    // The reader's position is where it started reading, before the blank
    // lines it skips; a record starts after them.
    let start_line = |pos: &csv::Position| {
        let from = usize::try_from(pos.byte()).map_or(text.len(), |b| b.min(text.len()));
        let blank = text.as_bytes()[from..].iter().take_while(|&&b| b == b'\n' || b == b'\r').filter(|&&b| b == b'\n');
        pos.line() + blank.count() as u64
    };
    let (header_row, header): (usize, Vec<String>) = match records.next() {
        None => return Err(vec![ImportError::file_level(file, Problem::Empty)]),
        Some(Err(e)) => return Err(vec![csv_error(file, 1, &e)]),
        Some(Ok(r)) => (r.position().map_or(1, |p| start_line(p) as usize), r.iter().map(str::to_string).collect()),
    };
    // Spreadsheet row numbers: a record spanning several physical lines (a
    // quoted field with line breaks) is still one row; blank lines are rows.
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut prev_row = header_row;
    let mut prev_end_line = header_row as u64 + header.iter().map(|f| f.matches('\n').count()).sum::<usize>() as u64;
    for rec in records {
        match rec {
            Ok(r) => {
                let start_line = r.position().map_or(prev_end_line + 1, start_line);
                let row = prev_row + 1 + (start_line.saturating_sub(prev_end_line + 1)) as usize;
                prev_end_line = start_line + r.iter().map(|f| f.matches('\n').count()).sum::<usize>() as u64;
                prev_row = row;
                let cells = r
                    .iter()
                    .map(|f| if f.is_empty() { RawCell::Empty } else { RawCell::Text(f.to_string()) })
                    .collect::<Vec<_>>();
                if cells.len() < header.len() && !(cells.len() == 1 && cells[0].is_blank()) {
                    // A quoted last cell holding line breaks and running to
                    // the end of the file: its quote was never closed.
                    let unclosed = r.iter().next_back().is_some_and(|f| {
                        f.contains('\n') && text.trim_end().ends_with(f.trim_end()) && !text.trim_end().ends_with('"')
                    });
                    errors.push(ImportError {
                        file: file.to_string(),
                        row,
                        column: None,
                        value: None,
                        problem: if unclosed {
                            Problem::UnclosedQuote
                        } else {
                            Problem::FieldCount { expected: header.len(), found: cells.len() }
                        },
                    });
                    continue;
                }
                rows.push((row, cells));
            }
            Err(e) => {
                let row = prev_row + 1;
                errors.push(csv_error(file, row, &e));
                break; // the reader cannot resynchronise after a syntax error
            }
        }
    }
    match build_table(kind, file, header_row, &header, rows.into_iter()) {
        Ok(t) if errors.is_empty() => Ok(t),
        Ok(_) => Err(errors),
        Err(mut e) => {
            errors.append(&mut e);
            errors.sort_by_key(|e| e.row);
            Err(errors)
        }
    }
}

fn csv_error(file: &str, row: usize, e: &csv::Error) -> ImportError {
    ImportError {
        file: file.to_string(),
        row,
        column: None,
        value: None,
        problem: Problem::Unreadable { detail: e.to_string() },
    }
}
