//! Cell values as found in files, and their parsing into schema values.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use tuanthu_core::evidence::schema::{ColType, Value};
use tuanthu_core::VIETNAM_UTC_OFFSET_SECS;

use crate::error::Problem;

/// A cell as read: text from CSV, or typed values from XLSX.
#[derive(Debug, Clone, PartialEq)]
pub enum RawCell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    DateTime(NaiveDateTime),
}

impl RawCell {
    /// The cell as the user sees it, for error messages.
    #[must_use]
    pub fn display(&self) -> String {
        match self {
            RawCell::Empty => String::new(),
            RawCell::Text(s) => s.clone(),
            RawCell::Number(n) => number_text(*n),
            RawCell::Bool(b) => b.to_string(),
            RawCell::DateTime(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
        }
    }

    pub(crate) fn is_blank(&self) -> bool {
        match self {
            RawCell::Empty => true,
            RawCell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// Integral numbers print without a fraction (Excel stores ids as floats).
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

/// Parses a cell for a column type. Blank cells give `Value::Null`; whether
/// that is allowed is the caller's business (required columns).
pub fn parse_cell(ty: ColType, cell: &RawCell) -> Result<Value, Problem> {
    if cell.is_blank() {
        return Ok(Value::Null);
    }
    let text = cell.display();
    let t = text.trim();
    match ty {
        ColType::Text => Ok(Value::Text(t.to_string())),
        ColType::Enum(allowed) => one_of(allowed, t).map(|s| Value::Text(s.to_string())),
        ColType::IntRange(min, max) => {
            let n = match cell {
                RawCell::Number(n) if n.fract() == 0.0 => Some(*n as i64),
                _ => t.parse::<i64>().ok(),
            };
            n.filter(|n| (min..=max).contains(n)).map(Value::Int).ok_or(Problem::NotInteger { min, max })
        }
        ColType::Bool => match cell {
            RawCell::Bool(b) => Ok(Value::Bool(*b)),
            _ => parse_bool(t).map(Value::Bool).ok_or(Problem::NotBool),
        },
        ColType::Date => match cell {
            RawCell::DateTime(dt) => Ok(Value::Date(dt.date())),
            _ => parse_date(t).map(Value::Date).ok_or(Problem::NotDate),
        },
        ColType::Timestamp => match cell {
            RawCell::DateTime(dt) => Ok(Value::Timestamp(vietnam_local_to_utc(*dt))),
            _ => parse_timestamp(t).map(Value::Timestamp).ok_or(Problem::NotTimestamp),
        },
        ColType::List => Ok(Value::List(split_list(t))),
        ColType::EnumList(allowed) => {
            let items = split_list(t);
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                out.push(one_of(allowed, &item)?.to_string());
            }
            Ok(Value::List(out))
        }
    }
}

fn one_of(allowed: &'static [&'static str], t: &str) -> Result<&'static str, Problem> {
    let lower = t.to_lowercase();
    allowed
        .iter()
        .copied()
        .find(|a| *a == lower)
        .ok_or_else(|| Problem::NotOneOf { allowed: allowed.iter().map(|s| (*s).to_string()).collect() })
}

fn split_list(t: &str) -> Vec<String> {
    t.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// `yes/no`, `true/false`, `1/0`, `có/không` (also without diacritics).
#[must_use]
pub fn parse_bool(t: &str) -> Option<bool> {
    match crate::text::fold_diacritics(&t.trim().to_lowercase()).as_str() {
        "yes" | "true" | "1" | "co" => Some(true),
        "no" | "false" | "0" | "khong" => Some(false),
        _ => None,
    }
}

/// `YYYY-MM-DD` or `DD/MM/YYYY` (day and month may have one digit).
#[must_use]
pub fn parse_date(t: &str) -> Option<NaiveDate> {
    let t = t.trim();
    if t.len() == 10 && t.as_bytes()[4] == b'-' {
        return NaiveDate::parse_from_str(t, "%Y-%m-%d").ok();
    }
    let mut parts = t.split('/');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || d.is_empty() || d.len() > 2 || m.is_empty() || m.len() > 2 || y.len() != 4 {
        return None;
    }
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !(all_digits(d) && all_digits(m) && all_digits(y)) {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// A wall-clock time in Vietnam (UTC+7) as an instant.
#[must_use]
pub fn vietnam_local_to_utc(local: NaiveDateTime) -> DateTime<Utc> {
    Utc.from_utc_datetime(&(local - chrono::Duration::seconds(i64::from(VIETNAM_UTC_OFFSET_SECS))))
}

/// RFC 3339, or `YYYY-MM-DD HH:MM[:SS]` / `DD/MM/YYYY HH:MM[:SS]` in Vietnam
/// time. A date alone is accepted as 00:00 Vietnam time (spreadsheets often
/// drop the time of day).
#[must_use]
pub fn parse_timestamp(t: &str) -> Option<DateTime<Utc>> {
    // Only instants whose UTC year has four digits: the store keeps them as
    // RFC 3339 text, which cannot hold "+10000-…" or "-0001-…" (e.g.
    // 9999-12-31T23:59:59-01:00 or 0000-01-01 00:00 in Vietnam time).
    parse_timestamp_any(t).filter(|ts| (0..=9999).contains(&ts.year()))
}

fn parse_timestamp_any(t: &str) -> Option<DateTime<Utc>> {
    let t = t.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Some(dt.with_timezone(&Utc));
    }
    let (date_part, time_part) = match t.split_once([' ', 'T']) {
        Some((d, rest)) => (d, Some(rest.trim())),
        None => (t, None),
    };
    let date = parse_date(date_part)?;
    let time = match time_part {
        None => NaiveTime::MIN,
        Some(tp) => {
            NaiveTime::parse_from_str(tp, "%H:%M:%S").or_else(|_| NaiveTime::parse_from_str(tp, "%H:%M")).ok()?
        }
    };
    Some(vietnam_local_to_utc(date.and_time(time)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn timestamps_whose_utc_year_has_not_four_digits_are_refused() {
        assert!(parse_timestamp("9999-12-31T23:59:59-01:00").is_none());
        assert!(parse_timestamp("0000-01-01 00:00").is_none());
        assert!(parse_timestamp("9999-12-31T23:59:59Z").is_some());
        assert!(parse_timestamp("9999-12-31 23:59").is_some());
    }

    #[test]
    fn dates_in_both_formats_and_nothing_else() {
        assert_eq!(parse_date("2025-03-07"), NaiveDate::from_ymd_opt(2025, 3, 7));
        assert_eq!(parse_date("07/03/2025"), NaiveDate::from_ymd_opt(2025, 3, 7));
        assert_eq!(parse_date("7/3/2025"), NaiveDate::from_ymd_opt(2025, 3, 7));
        for bad in ["2025-02-30", "31/02/2025", "03-07-2025", "2025/03/07", "yesterday", "07/03/25", "1/2/3/2025"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn timestamps_without_offset_are_vietnam_time() {
        let utc = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        assert_eq!(parse_timestamp("2025-03-07 08:30"), Some(utc("2025-03-07T01:30:00Z")));
        assert_eq!(parse_timestamp("07/03/2025 08:30:15"), Some(utc("2025-03-07T01:30:15Z")));
        assert_eq!(parse_timestamp("2025-03-07T08:30:00+07:00"), Some(utc("2025-03-07T01:30:00Z")));
        assert_eq!(parse_timestamp("2025-03-07T01:30:00Z"), Some(utc("2025-03-07T01:30:00Z")));
        assert_eq!(parse_timestamp("2025-03-07"), Some(utc("2025-03-06T17:00:00Z")));
        for bad in ["2025-03-07 25:00", "07/03/2025 8h30", "now", "2025-03-07 08:30 PM"] {
            assert_eq!(parse_timestamp(bad), None, "{bad}");
        }
    }

    #[test]
    fn booleans_in_four_languages_of_yes() {
        for (t, b) in [
            ("yes", true),
            ("Có", true),
            ("co", true),
            ("TRUE", true),
            ("1", true),
            ("không", false),
            ("No", false),
            ("0", false),
        ] {
            assert_eq!(parse_bool(t), Some(b), "{t}");
        }
        assert_eq!(parse_bool("y"), None);
    }

    #[test]
    fn excel_numbers_become_integers_and_text() {
        assert_eq!(parse_cell(ColType::IntRange(1, 5), &RawCell::Number(3.0)), Ok(Value::Int(3)));
        assert_eq!(parse_cell(ColType::Text, &RawCell::Number(12345.0)), Ok(Value::Text("12345".into())));
        assert!(parse_cell(ColType::IntRange(1, 5), &RawCell::Number(6.0)).is_err());
        assert!(parse_cell(ColType::IntRange(1, 5), &RawCell::Text("2.5".into())).is_err());
    }
}
