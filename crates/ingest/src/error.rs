//! Import errors: where (file, row, column, value) and what (bilingual).

use std::fmt;

/// What is wrong with a cell, a row or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The file cannot be read as the expected format.
    Unreadable {
        detail: String,
    },
    /// Bytes that are not UTF-8 text.
    NotUtf8,
    /// A UTF-16 file (it has the byte-order mark) whose bytes are not valid
    /// UTF-16: an odd length (truncated) or broken surrogate pairs.
    BadUtf16,
    /// No header row.
    Empty,
    /// A required column is absent from the header.
    MissingColumn,
    /// Two header cells name the same column.
    DuplicateColumn {
        first_header: String,
    },
    /// The header looks `;`-separated.
    SemicolonSeparated,
    /// A quote opened on this row is never closed: the rest of the file was
    /// read as one cell.
    UnclosedQuote,
    /// A data row has more or fewer fields than the header.
    FieldCount {
        expected: usize,
        found: usize,
    },
    /// A required value is blank.
    Required,
    /// Not one of the allowed values.
    NotOneOf {
        allowed: Vec<String>,
    },
    /// Not an integer in range.
    NotInteger {
        min: i64,
        max: i64,
    },
    NotBool,
    NotDate,
    NotTimestamp,
    /// Two rows with the same key.
    DuplicateKey {
        first_row: usize,
    },
    /// A problem specific to a native format (e.g. AD exports).
    Other {
        vi: String,
        en: String,
    },
    /// A reference to a row of another kind that does not exist (checked
    /// after parsing, against the import and the database).
    UnknownReference {
        /// `kind.column` referred to, e.g. `assets.asset_id`.
        target: String,
    },
    /// A date after the day of the import in a column that records the past.
    FutureDate {
        today: chrono::NaiveDate,
    },
}

impl Problem {
    #[must_use]
    pub fn message_vi(&self) -> String {
        match self {
            Problem::Unreadable { detail } => format!("không đọc được tệp ({detail})"),
            Problem::NotUtf8 => "không phải văn bản UTF-8; hãy lưu tệp dạng \"CSV UTF-8\"".into(),
            Problem::BadUtf16 => {
                "tệp UTF-16 (có BOM) bị hỏng hoặc bị cắt cụt; hãy xuất lại hoặc lưu dạng \"CSV UTF-8\"".into()
            }
            Problem::Empty => "tệp rỗng, không có dòng tiêu đề".into(),
            Problem::MissingColumn => "thiếu cột bắt buộc trong dòng tiêu đề".into(),
            Problem::DuplicateColumn { first_header } => format!("cột bị lặp (đã có \"{first_header}\")"),
            Problem::SemicolonSeparated => {
                "dòng tiêu đề dùng dấu chấm phẩy (;); hãy lưu tệp dạng CSV phân cách bằng dấu phẩy (,)".into()
            }
            Problem::UnclosedQuote => {
                "dấu ngoặc kép (\") mở ở dòng này không bao giờ được đóng: phần còn lại của tệp bị đọc thành một ô"
                    .into()
            }
            Problem::FieldCount { expected, found } => format!("dòng có {found} trường, tiêu đề có {expected}"),
            Problem::Required => "giá trị bắt buộc nhưng để trống".into(),
            Problem::NotOneOf { allowed } => format!("giá trị không hợp lệ; phải là một trong: {}", allowed.join(", ")),
            Problem::NotInteger { min, max } => format!("phải là số nguyên từ {min} đến {max}"),
            Problem::NotBool => "phải là có/không, yes/no, true/false hoặc 1/0".into(),
            Problem::NotDate => "ngày không hợp lệ; dùng YYYY-MM-DD hoặc DD/MM/YYYY".into(),
            Problem::NotTimestamp => {
                "thời điểm không hợp lệ; dùng RFC 3339, YYYY-MM-DD HH:MM[:SS] hoặc DD/MM/YYYY HH:MM[:SS] (giờ Việt Nam)"
                    .into()
            }
            Problem::DuplicateKey { first_row } => format!("trùng khóa với dòng {first_row}"),
            Problem::Other { vi, .. } => vi.clone(),
            Problem::UnknownReference { target } => format!("không có trong {target}"),
            Problem::FutureDate { today } => {
                format!("ngày trong tương lai (sau hôm nay {}); cột này ghi việc đã xảy ra", today.format("%d/%m/%Y"))
            }
        }
    }

    #[must_use]
    pub fn message_en(&self) -> String {
        match self {
            Problem::Unreadable { detail } => format!("cannot read the file ({detail})"),
            Problem::NotUtf8 => "not UTF-8 text; save the file as \"CSV UTF-8\"".into(),
            Problem::BadUtf16 => "a UTF-16 file (it has the byte-order mark) that is damaged or truncated; export it again or save it as \"CSV UTF-8\"".into(),
            Problem::Empty => "empty file, no header row".into(),
            Problem::MissingColumn => "required column missing from the header row".into(),
            Problem::DuplicateColumn { first_header } => {
                format!("column repeated (already given as \"{first_header}\")")
            }
            Problem::SemicolonSeparated => {
                "the header is semicolon-separated; save the file as comma-separated CSV".into()
            }
            Problem::UnclosedQuote => {
                "a quote (\") opened on this row is never closed: the rest of the file was read as one cell".into()
            }
            Problem::FieldCount { expected, found } => format!("row has {found} fields, the header has {expected}"),
            Problem::Required => "required value is blank".into(),
            Problem::NotOneOf { allowed } => format!("invalid value; expected one of: {}", allowed.join(", ")),
            Problem::NotInteger { min, max } => format!("must be an integer from {min} to {max}"),
            Problem::NotBool => "must be yes/no, true/false, 1/0 or có/không".into(),
            Problem::NotDate => "invalid date; use YYYY-MM-DD or DD/MM/YYYY".into(),
            Problem::NotTimestamp => {
                "invalid timestamp; use RFC 3339, YYYY-MM-DD HH:MM[:SS] or DD/MM/YYYY HH:MM[:SS] (Vietnam time)".into()
            }
            Problem::DuplicateKey { first_row } => format!("duplicate key, same as row {first_row}"),
            Problem::Other { en, .. } => en.clone(),
            Problem::UnknownReference { target } => format!("not found in {target}"),
            Problem::FutureDate { today } => {
                format!("date in the future (after today, {today}); this column records something that happened")
            }
        }
    }

    /// A stable machine-readable code.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Problem::Unreadable { .. } => "unreadable",
            Problem::NotUtf8 => "not_utf8",
            Problem::BadUtf16 => "bad_utf16",
            Problem::Empty => "empty",
            Problem::MissingColumn => "missing_column",
            Problem::DuplicateColumn { .. } => "duplicate_column",
            Problem::SemicolonSeparated => "semicolon_separated",
            Problem::UnclosedQuote => "unclosed_quote",
            Problem::FieldCount { .. } => "field_count",
            Problem::Required => "required",
            Problem::NotOneOf { .. } => "not_one_of",
            Problem::NotInteger { .. } => "not_integer",
            Problem::NotBool => "not_bool",
            Problem::NotDate => "not_date",
            Problem::NotTimestamp => "not_timestamp",
            Problem::DuplicateKey { .. } => "duplicate_key",
            Problem::Other { .. } => "invalid",
            Problem::UnknownReference { .. } => "unknown_reference",
            Problem::FutureDate { .. } => "future_date",
        }
    }
}

/// One bad cell, row or file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub file: String,
    /// Spreadsheet row number: the header is row 1, the first data row is row 2.
    /// `0` when the problem concerns the whole file.
    pub row: usize,
    /// Column as named in the schema (canonical English header), if any.
    pub column: Option<String>,
    /// The offending value as found in the file.
    pub value: Option<String>,
    pub problem: Problem,
}

impl ImportError {
    #[must_use]
    pub fn file_level(file: &str, problem: Problem) -> Self {
        ImportError { file: file.to_string(), row: 0, column: None, value: None, problem }
    }
}

impl fmt::Display for ImportError {
    /// `accounts.csv:17: status = "actve": giá trị không hợp lệ… / invalid value…`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.row > 0 {
            write!(f, ":{}", self.row)?;
        }
        write!(f, ":")?;
        match (&self.column, &self.value) {
            (Some(c), Some(v)) => write!(f, " {c} = \"{v}\":")?,
            (Some(c), None) => write!(f, " {c}:")?,
            _ => {}
        }
        write!(f, " {} / {}", self.problem.message_vi(), self.problem.message_en())
    }
}
