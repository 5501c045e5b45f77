//! Dates in AD exports: culture-formatted strings (en-US / vi-VN), ISO and
//! generalized time, and Windows FILETIME integers; culture detection.

/// FILETIME (100-ns intervals since 1601-01-01 UTC) to an instant; `0` and
/// `i64::MAX` are "never" (`Ok(None)`).
#[allow(clippy::wildcard_imports)]
use super::*;

pub(super) fn filetime_to_utc(raw: &str) -> Result<Option<DateTime<Utc>>, ()> {
    const TICKS_PER_SEC: i64 = 10_000_000;
    const SECS_1601_TO_1970: i64 = 11_644_473_600;
    let n: i64 = raw.trim().parse().map_err(|_| ())?;
    if n == 0 || n == i64::MAX {
        return Ok(None);
    }
    if n < 0 {
        return Err(());
    }
    let secs = n / TICKS_PER_SEC - SECS_1601_TO_1970;
    let nanos = u32::try_from((n % TICKS_PER_SEC) * 100).map_err(|_| ())?;
    // Years past 9999 (e.g. a bogus 0x7FFF… value) cannot be stored as RFC 3339.
    DateTime::from_timestamp(secs, nanos).filter(|t| t.year() <= 9999).map(Some).ok_or(())
}

/// Culture-independent forms: `YYYY-MM-DD[ HH:MM[:SS]]` (Vietnam time),
/// RFC 3339, and LDAP generalized time `YYYYMMDDHHMMSS[.f]Z` (UTC).
pub(super) fn parse_iso(raw: &str) -> Option<DateTime<Utc>> {
    let b = raw.as_bytes();
    if b.len() >= 5 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' {
        return parse_timestamp(raw);
    }
    if b.len() >= 15 && b[..14].iter().all(u8::is_ascii_digit) && raw.ends_with(['Z', 'z']) {
        let digits = raw.get(..14)?;
        let frac = raw.get(14..raw.len() - 1)?;
        if !(frac.is_empty() || (frac.starts_with('.') && frac[1..].bytes().all(|c| c.is_ascii_digit()))) {
            return None;
        }
        let t = NaiveDateTime::parse_from_str(digits, "%Y%m%d%H%M%S").ok()?;
        return Some(t.and_utc());
    }
    None
}

/// A 12-hour clock marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Marker {
    None,
    Am,
    Pm,
    Sa,
    Ch,
}

/// A date-time as written, before the culture says which field is the day:
/// `A/B/YYYY [h:mm[:ss]] [marker]`.
#[derive(Debug, Clone, Copy)]
pub(super) struct DateShape {
    a: u32,
    b: u32,
    year: i32,
    time: Option<(u32, u32, u32)>,
    marker: Marker,
}

impl DateShape {
    pub(super) fn parse(raw: &str) -> Option<DateShape> {
        // Any Unicode space: .NET with ICU puts U+202F before AM/PM.
        let mut parts = raw.split(char::is_whitespace).filter(|p| !p.is_empty());
        let date = parts.next()?;
        let mut time = None;
        let mut marker = Marker::None;
        for part in parts {
            if marker != Marker::None {
                return None;
            }
            match part.to_ascii_uppercase().as_str() {
                "AM" => marker = Marker::Am,
                "PM" => marker = Marker::Pm,
                "SA" => marker = Marker::Sa,
                "CH" => marker = Marker::Ch,
                _ if time.is_none() => time = Some(parse_time(part)?),
                _ => return None,
            }
        }
        if marker != Marker::None && time.is_none() {
            return None;
        }
        let mut fields = date.split('/');
        let (a, b, y) = (fields.next()?, fields.next()?, fields.next()?);
        if fields.next().is_some() || y.len() != 4 {
            return None;
        }
        Some(DateShape { a: small_number(a)?, b: small_number(b)?, year: y.parse().ok()?, time, marker })
    }

    /// Which culture the shape itself points to, if any, and why.
    pub(super) fn clues(&self) -> [Option<(Culture, &'static str)>; 2] {
        let by_marker = match self.marker {
            Marker::Am | Marker::Pm => Some((Culture::EnUs, "AM/PM")),
            Marker::Sa | Marker::Ch => Some((Culture::ViVn, "SA/CH")),
            Marker::None => None,
        };
        let by_fields = match (self.a > 12, self.b > 12) {
            (true, false) => Some((Culture::ViVn, "day-first")),
            (false, true) => Some((Culture::EnUs, "month-first")),
            _ => None,
        };
        [by_marker, by_fields]
    }

    pub(super) fn resolve(&self, culture: Culture) -> Option<NaiveDateTime> {
        let (day, month) = match culture {
            Culture::EnUs => (self.b, self.a),
            Culture::ViVn => (self.a, self.b),
        };
        let date = NaiveDate::from_ymd_opt(self.year, month, day)?;
        let (h, m, s) = self.time.unwrap_or((0, 0, 0));
        let hour = match (culture, self.marker) {
            (_, Marker::None) => h,
            (Culture::EnUs, Marker::Am) | (Culture::ViVn, Marker::Sa) if (1..=12).contains(&h) => h % 12,
            (Culture::EnUs, Marker::Pm) | (Culture::ViVn, Marker::Ch) if (1..=12).contains(&h) => h % 12 + 12,
            _ => return None,
        };
        Some(date.and_time(NaiveTime::from_hms_opt(hour, m, s)?))
    }
}

/// `h:mm[:ss]`.
pub(super) fn parse_time(t: &str) -> Option<(u32, u32, u32)> {
    let mut f = t.split(':');
    let h = small_number(f.next()?)?;
    let m = f.next()?;
    let s = f.next();
    if f.next().is_some() || m.len() != 2 || s.is_some_and(|s| s.len() != 2) {
        return None;
    }
    Some((h, small_number(m)?, s.map_or(Some(0), small_number)?))
}

/// One or two ASCII digits.
pub(super) fn small_number(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Where a culture clue was found.
pub(super) struct Clue {
    row: usize,
    column: String,
    value: String,
    why: &'static str,
}

/// Detects the culture from the culture-date cells (see the module doc).
/// `Ok(None)`: no mapped column holds a culture-formatted date, none needed.
pub(super) fn detect_culture(
    file: &str,
    header: &[String],
    rows: &[(usize, Vec<String>)],
    cols: &Columns,
) -> Result<Option<Culture>, Vec<ImportError>> {
    let scanned: Vec<(usize, bool)> =
        CULTURE_DATE_COLUMNS.iter().filter_map(|n| cols.get(n).map(|i| (i, MAPPED_DATE_COLUMNS.contains(n)))).collect();
    let mut en: Option<Clue> = None;
    let mut vi: Option<Clue> = None;
    let mut needed: Option<Clue> = None;
    for (row, cells) in rows {
        for &(i, mapped) in &scanned {
            let Some(raw) = cells.get(i).map(|c| c.trim()) else { continue };
            if raw.is_empty() || parse_iso(raw).is_some() {
                continue;
            }
            let Some(shape) = DateShape::parse(raw) else { continue };
            let clue = |why| Clue { row: *row, column: header[i].clone(), value: raw.to_string(), why };
            if mapped && needed.is_none() {
                needed = Some(clue(""));
            }
            for (culture, why) in shape.clues().into_iter().flatten() {
                let slot = match culture {
                    Culture::EnUs => &mut en,
                    Culture::ViVn => &mut vi,
                };
                if slot.is_none() {
                    *slot = Some(clue(why));
                }
            }
        }
    }
    let Some(example) = needed else { return Ok(None) };
    match (en, vi) {
        (Some(_), None) => Ok(Some(Culture::EnUs)),
        (None, Some(_)) => Ok(Some(Culture::ViVn)),
        (Some(e), Some(v)) => Err(vec![ImportError::file_level(
            file,
            Problem::Other {
                vi: format!(
                    "định dạng ngày trong tệp không nhất quán: \"{}\" (dòng {}, cột {}) là kiểu en-US ({}), nhưng \
                     \"{}\" (dòng {}, cột {}) là kiểu vi-VN ({}); hãy xuất lại tệp trên một máy, hoặc chỉ rõ \
                     --culture en-US hay --culture vi-VN",
                    e.value,
                    e.row,
                    e.column,
                    why_vi(e.why),
                    v.value,
                    v.row,
                    v.column,
                    why_vi(v.why)
                ),
                en: format!(
                    "the dates of the file disagree: \"{}\" (row {}, column {}) looks en-US ({}), but \"{}\" (row {}, \
                     column {}) looks vi-VN ({}); export the file again from one machine, or pass --culture en-US or \
                     --culture vi-VN",
                    e.value, e.row, e.column, e.why, v.value, v.row, v.column, v.why
                ),
            },
        )]),
        (None, None) => Err(vec![ImportError::file_level(
            file,
            Problem::Other {
                vi: format!(
                    "không xác định được định dạng ngày của tệp: mọi ngày (ví dụ \"{}\", dòng {}, cột {}) đều có ngày \
                     và tháng không quá 12 và không có SA/CH hay AM/PM, nên có thể là ngày/tháng hoặc tháng/ngày; hãy \
                     chỉ rõ --culture vi-VN (ngày/tháng/năm) hoặc --culture en-US (tháng/ngày/năm)",
                    example.value, example.row, example.column
                ),
                en: format!(
                    "cannot tell the date format of the file: every date (e.g. \"{}\", row {}, column {}) has day and \
                     month ≤ 12 and no AM/PM or SA/CH marker, so it may be day/month or month/day; pass --culture \
                     vi-VN (day/month/year) or --culture en-US (month/day/year)",
                    example.value, example.row, example.column
                ),
            },
        )]),
    }
}

pub(super) fn why_vi(why: &str) -> &'static str {
    match why {
        "AM/PM" => "có AM/PM",
        "SA/CH" => "có SA/CH",
        "day-first" => "số đầu lớn hơn 12 nên là ngày",
        _ => "số thứ hai lớn hơn 12 nên là ngày",
    }
}
