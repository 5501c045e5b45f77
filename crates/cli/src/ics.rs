//! iCalendar (RFC 5545) output of due obligations: one all-day VEVENT per
//! finding, so that a unit can subscribe to its deadlines.
//!
//! Conformance points (tested below and in `tests/vendors_ir.rs`):
//! * every line ends with CRLF (3.1);
//! * content lines longer than 75 octets are folded: CRLF followed by one
//!   space, never inside a UTF-8 sequence (3.1);
//! * TEXT values escape `\`, `;`, `,` and line breaks (3.3.11);
//! * `DTSTART;VALUE=DATE` / `DTEND;VALUE=DATE` (the day after, exclusive) for
//!   all-day events (3.6.1), `DTSTAMP` and `UID` in every VEVENT (3.6.1);
//! * a VTIMEZONE for Vietnam time, so that the calendar has a component even
//!   when no obligation falls due (3.6).

use std::io::Write;

use chrono::NaiveDate;

/// One all-day event.
pub struct Event {
    pub uid: String,
    pub date: NaiveDate,
    pub summary: String,
    pub description: String,
    pub categories: Vec<String>,
}

/// Escapes a TEXT value (RFC 5545 3.3.11): `\` `;` `,` and newlines.
#[must_use]
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes one content line, folded at 75 octets (continuation lines start
/// with a space, which counts), each physical line ending with CRLF.
pub fn write_line(w: &mut dyn Write, line: &str) -> std::io::Result<()> {
    const LIMIT: usize = 75;
    let mut rest = line;
    let mut first = true;
    while !rest.is_empty() {
        let room = if first { LIMIT } else { LIMIT - 1 };
        let mut cut = rest.len().min(room);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        if !first {
            w.write_all(b" ")?;
        }
        w.write_all(&rest.as_bytes()[..cut])?;
        w.write_all(b"\r\n")?;
        rest = &rest[cut..];
        first = false;
    }
    if line.is_empty() {
        w.write_all(b"\r\n")?;
    }
    Ok(())
}

fn ics_date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// FNV-1a, 64 bits: a stable hash for UIDs (the same on every run and platform).
#[must_use]
pub fn fnv1a(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Writes a VCALENDAR. `stamp` is the DTSTAMP of every event (the as-of
/// date, so that the same inputs give the same file).
pub fn write_calendar(w: &mut dyn Write, name: &str, stamp: NaiveDate, events: &[Event]) -> std::io::Result<()> {
    write_line(w, "BEGIN:VCALENDAR")?;
    write_line(w, "VERSION:2.0")?;
    write_line(w, "PRODID:-//tuanthu//QD 1048/QD-TCHQ//VI")?;
    write_line(w, "CALSCALE:GREGORIAN")?;
    write_line(w, "METHOD:PUBLISH")?;
    write_line(w, &format!("X-WR-CALNAME:{}", escape_text(name)))?;
    write_line(w, "X-WR-TIMEZONE:Asia/Ho_Chi_Minh")?;
    // Vietnam time, UTC+7 without daylight saving. The events are all-day
    // DATE values and do not refer to it; it also keeps a calendar with no
    // event valid (RFC 5545 3.6 requires at least one component).
    for line in [
        "BEGIN:VTIMEZONE",
        "TZID:Asia/Ho_Chi_Minh",
        "BEGIN:STANDARD",
        "DTSTART:19750613T000000",
        "TZOFFSETFROM:+0700",
        "TZOFFSETTO:+0700",
        "TZNAME:ICT",
        "END:STANDARD",
        "END:VTIMEZONE",
    ] {
        write_line(w, line)?;
    }
    let dtstamp = format!("DTSTAMP:{}T000000Z", ics_date(stamp));
    for e in events {
        write_line(w, "BEGIN:VEVENT")?;
        write_line(w, &format!("UID:{}", escape_text(&e.uid)))?;
        write_line(w, &dtstamp)?;
        write_line(w, &format!("DTSTART;VALUE=DATE:{}", ics_date(e.date)))?;
        let next = e.date.succ_opt().unwrap_or(e.date);
        write_line(w, &format!("DTEND;VALUE=DATE:{}", ics_date(next)))?;
        write_line(w, &format!("SUMMARY:{}", escape_text(&e.summary)))?;
        write_line(w, &format!("DESCRIPTION:{}", escape_text(&e.description)))?;
        if !e.categories.is_empty() {
            let cats: Vec<String> = e.categories.iter().map(|c| escape_text(c)).collect();
            write_line(w, &format!("CATEGORIES:{}", cats.join(",")))?;
        }
        write_line(w, "TRANSP:TRANSPARENT")?;
        write_line(w, "END:VEVENT")?;
    }
    write_line(w, "END:VCALENDAR")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    fn folded(line: &str) -> String {
        let mut v = Vec::new();
        write_line(&mut v, line).unwrap();
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn escapes_backslash_semicolon_comma_and_newlines() {
        assert_eq!(escape_text(r"a\b;c,d"), r"a\\b\;c\,d");
        assert_eq!(escape_text("x\ny\r\nz"), r"x\ny\nz");
        assert_eq!(escape_text("Điều 11.1.c"), "Điều 11.1.c");
    }

    #[test]
    fn short_lines_are_not_folded_and_end_with_crlf() {
        assert_eq!(folded("BEGIN:VEVENT"), "BEGIN:VEVENT\r\n");
        let exactly = "X".repeat(75);
        assert_eq!(folded(&exactly), format!("{exactly}\r\n"));
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_utf8() {
        let line = format!("SUMMARY:{}", "Hạn báo cáo an toàn thông tin ".repeat(8));
        let out = folded(&line);
        let physical: Vec<&str> = out.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert!(physical.len() > 2);
        for (i, p) in physical.iter().enumerate() {
            assert!(p.len() <= 75, "line {i} has {} octets", p.len());
            assert_eq!(p.starts_with(' '), i > 0);
        }
        // Unfolding restores the line exactly.
        assert_eq!(out.replace("\r\n ", "").trim_end_matches("\r\n"), line);
        assert!(!out.contains('\n') || out.matches('\n').count() == out.matches("\r\n").count());
    }

    #[test]
    fn fnv_is_stable() {
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
