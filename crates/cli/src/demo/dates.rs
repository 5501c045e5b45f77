//! Date helpers for the demo data.
//!
//! Deadlines in the generated cases are computed with weekends only. The
//! checker's calendar also removes public holidays, which can only move a
//! deadline later; so "on time" here is on time for the checker too, and the
//! "late" cases are made late by a wide margin (≥ 9 weekdays for a 3-day
//! deadline) so that a Tết holiday in between cannot turn them into passes.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};

use super::rng::Rng;

/// `d` plus `n` calendar days (negative goes back).
pub fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    d.checked_add_signed(Duration::days(n)).unwrap_or(d)
}

/// Whether `d` is a Saturday or Sunday.
pub fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The date `n` weekdays after `d` (Saturdays and Sundays skipped).
pub fn add_weekdays(d: NaiveDate, n: u32) -> NaiveDate {
    let mut out = d;
    let mut left = n;
    while left > 0 {
        out = add_days(out, 1);
        if !is_weekend(out) {
            left -= 1;
        }
    }
    out
}

/// The weekday on or before `d`.
pub fn weekday_on_or_before(d: NaiveDate) -> NaiveDate {
    let mut out = d;
    while is_weekend(out) {
        out = add_days(out, -1);
    }
    out
}

/// A random weekday between `today - max_back` and `today - min_back` days.
pub fn weekday_back(rng: &mut Rng, today: NaiveDate, min_back: i64, max_back: i64) -> NaiveDate {
    let d = add_days(today, -rng.range(min_back, max_back));
    let w = weekday_on_or_before(d);
    if w < add_days(today, -max_back) {
        d
    } else {
        w
    }
}

/// A time on day `d` during office hours (07:00-18:59) in Vietnam time.
pub fn office_time(rng: &mut Rng, d: NaiveDate) -> NaiveDateTime {
    let secs = rng.range(7 * 3600, 19 * 3600 - 1);
    let h = (secs / 3600) as u32;
    let m = ((secs / 60) % 60) as u32;
    let s = (secs % 60) as u32;
    d.and_hms_opt(h, m, s).unwrap_or_else(|| d.and_time(chrono::NaiveTime::MIN))
}

/// The later of two dates.
pub fn later(a: NaiveDate, b: NaiveDate) -> NaiveDate {
    a.max(b)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn weekdays_skip_weekends() {
        // Friday 2025-03-07 + 3 weekdays = Wednesday 2025-03-12.
        assert_eq!(add_weekdays(d(2025, 3, 7), 3), d(2025, 3, 12));
        assert_eq!(add_weekdays(d(2025, 3, 7), 0), d(2025, 3, 7));
        assert_eq!(weekday_on_or_before(d(2025, 3, 9)), d(2025, 3, 7));
    }
}
