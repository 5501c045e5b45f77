//! A streaming CSV writer (RFC 4180) for the demo files.
//!
//! Rows go straight into a 1 MiB `BufWriter`: the 10x scale writes two
//! million accounts, so nothing is collected in memory. A field is quoted
//! only when it contains a comma, a double quote or a line break, quotes are
//! doubled, lines end with `\n`, and there is no BOM.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

/// How a date is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateFmt {
    /// `2025-03-14`
    Iso,
    /// `14/03/2025`
    Dmy,
}

/// How a Vietnam-time timestamp is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TsFmt {
    /// `2025-03-14T08:15:22+07:00`
    Rfc3339,
    /// `2025-03-14 08:15:22`
    IsoSpace,
    /// `14/03/2025 08:15`
    DmyMinutes,
}

/// Writes one CSV file row by row.
pub struct CsvWriter {
    out: BufWriter<File>,
    /// Reused buffer for formatted fields.
    scratch: String,
    at_row_start: bool,
    rows: u64,
}

impl CsvWriter {
    /// Creates `path` and writes the header row.
    pub fn create(path: &Path, header: &[&str]) -> io::Result<Self> {
        let file = File::create(path)?;
        let mut w = Self {
            out: BufWriter::with_capacity(1 << 20, file),
            scratch: String::with_capacity(128),
            at_row_start: true,
            rows: 0,
        };
        for h in header {
            w.field(h)?;
        }
        w.out.write_all(b"\n")?;
        w.at_row_start = true;
        Ok(w)
    }

    /// Data rows written so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Writes one field, quoting it when needed.
    pub fn field(&mut self, value: &str) -> io::Result<()> {
        if !self.at_row_start {
            self.out.write_all(b",")?;
        }
        self.at_row_start = false;
        if value.contains([',', '"', '\n', '\r']) {
            self.out.write_all(b"\"")?;
            self.out.write_all(value.replace('"', "\"\"").as_bytes())?;
            self.out.write_all(b"\"")
        } else {
            self.out.write_all(value.as_bytes())
        }
    }

    /// Writes an empty field.
    pub fn blank(&mut self) -> io::Result<()> {
        self.field("")
    }

    /// Writes a field formatted with `format_args!`.
    pub fn fmt(&mut self, args: std::fmt::Arguments<'_>) -> io::Result<()> {
        let mut s = std::mem::take(&mut self.scratch);
        s.clear();
        // Writing into a String cannot fail.
        let _ = s.write_fmt(args);
        let r = self.field(&s);
        self.scratch = s;
        r
    }

    /// Writes `true`/`false`.
    pub fn bool(&mut self, b: bool) -> io::Result<()> {
        self.field(if b { "true" } else { "false" })
    }

    /// Writes a date, or a blank field for `None`.
    pub fn date(&mut self, d: Option<NaiveDate>, f: DateFmt) -> io::Result<()> {
        match d {
            None => self.blank(),
            Some(d) => match f {
                DateFmt::Iso => self.fmt(format_args!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())),
                DateFmt::Dmy => self.fmt(format_args!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())),
            },
        }
    }

    /// Writes a Vietnam-time timestamp, or a blank field for `None`.
    pub fn ts(&mut self, t: Option<NaiveDateTime>, f: TsFmt) -> io::Result<()> {
        let Some(t) = t else { return self.blank() };
        let (y, mo, d, h, mi, s) = (t.year(), t.month(), t.day(), t.hour(), t.minute(), t.second());
        match f {
            TsFmt::Rfc3339 => self.fmt(format_args!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}+07:00")),
            TsFmt::IsoSpace => self.fmt(format_args!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")),
            TsFmt::DmyMinutes => self.fmt(format_args!("{d:02}/{mo:02}/{y:04} {h:02}:{mi:02}")),
        }
    }

    /// Ends the current row.
    pub fn end_row(&mut self) -> io::Result<()> {
        self.out.write_all(b"\n")?;
        self.at_row_start = true;
        self.rows += 1;
        Ok(())
    }

    /// Flushes the file and returns the number of data rows.
    pub fn finish(mut self) -> io::Result<u64> {
        self.out.flush()?;
        Ok(self.rows)
    }
}

/// Reports progress every `EVERY` rows of a file.
pub const EVERY: u64 = 10_000;

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn quotes_only_when_needed() {
        let dir = std::env::temp_dir().join(format!("tuanthu-csv-out-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.csv");
        let mut w = CsvWriter::create(&path, &["a", "b"]).unwrap();
        w.field("Hà Nội, Việt Nam").unwrap();
        w.field("say \"hi\"").unwrap();
        w.end_row().unwrap();
        w.field("line\nbreak").unwrap();
        w.date(NaiveDate::from_ymd_opt(2025, 3, 4), DateFmt::Dmy).unwrap();
        w.end_row().unwrap();
        let t = NaiveDate::from_ymd_opt(2025, 3, 4).unwrap().and_hms_opt(8, 5, 9).unwrap();
        w.ts(Some(t), TsFmt::Rfc3339).unwrap();
        w.ts(Some(t), TsFmt::DmyMinutes).unwrap();
        w.end_row().unwrap();
        assert_eq!(w.finish().unwrap(), 3);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            "a,b\n\"Hà Nội, Việt Nam\",\"say \"\"hi\"\"\"\n\"line\nbreak\",04/03/2025\n\
             2025-03-04T08:05:09+07:00,04/03/2025 08:05\n"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
