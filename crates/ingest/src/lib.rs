//! tuanthu-ingest: evidence files in, typed rows and row-numbered errors out.
//!
//! Pure: bytes in, [`Table`]s or [`ImportError`]s out; no database, no
//! network. Every error names the file, the spreadsheet row (header = row 1),
//! the column and the value, and says in Vietnamese and English what is wrong
//! and what to do. A file with any bad row yields no table at all, so callers
//! can never import half a file.

mod cells;
mod csv_file;
mod error;
mod header;
mod table;
mod xlsx_file;

pub mod ad;
pub mod cisco;
pub mod scan;
mod text;

pub use error::{ImportError, Problem};
pub use table::{Table, Warning};

use tuanthu_core::evidence::schema::KindSchema;

/// Parses an evidence file of `kind`, choosing CSV or XLSX by the file name's
/// extension (`.xlsx` → XLSX, anything else → CSV).
pub fn parse_file(kind: &'static KindSchema, file_name: &str, bytes: &[u8]) -> Result<Table, Vec<ImportError>> {
    if file_name.to_ascii_lowercase().ends_with(".xlsx") {
        xlsx_file::parse(kind, file_name, bytes)
    } else {
        csv_file::parse(kind, file_name, bytes)
    }
}

pub use cells::{parse_bool, parse_date, parse_timestamp};
pub use csv_file::parse as parse_csv;
pub use xlsx_file::parse as parse_xlsx;
