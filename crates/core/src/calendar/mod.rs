//! The Vietnamese calendar: lunar dates ([`lunar`]), statutory holidays
//! ([`holidays`]) and the working-day calendar ([`Calendar`]) that deadlines
//! of the regulation ("within 5 working days") are counted in.
//!
//! A working day is a Monday to Friday that is not a statutory day off
//! (Bộ luật Lao động 2019 Điều 112, compensatory days included). The
//! Government's yearly decisions, imported by users as
//! [`Holiday`] rows, override the computed calendar date by date: a
//! `holiday` row makes the date a day off, a `workday` row makes it a working
//! day (a swapped Saturday, or a computed day off that was moved).

use std::collections::BTreeMap;
use std::fmt;

use chrono::{Datelike, NaiveDate};

use crate::evidence::records::{Holiday, HolidayKind};

pub mod holidays;
pub mod lunar;

pub use holidays::{statutory_days_off, DayOff, DayOffSource};
pub use lunar::{lunar_month_length, lunar_to_solar, solar_to_lunar, year_name, CalendarError, LunarDate};

use lunar::{FIRST_YEAR, LAST_YEAR};

/// `num_days_from_ce()` of 1900-01-01 and 2100-12-31, the precomputed span.
const FIRST_DAY: i64 = 693_596;
const LAST_DAY: i64 = 767_009;

/// An imported official decision for one date.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Override {
    kind: HolidayKind,
    name: Option<String>,
}

/// The working-day calendar, statutory rules plus official overrides.
///
/// Construction precomputes 1900-2100 into a bitset (one bit per day, ~9 KiB)
/// with a running count per 64-day word, so that [`Calendar::is_working_day`]
/// and [`Calendar::working_days_between`] are O(1) there. Outside that span
/// only weekends (and overrides) are known, which is the best guess available
/// and keeps the functions total.
#[derive(Clone)]
pub struct Calendar {
    /// Bit `i` is set when day `FIRST_DAY + i` is a working day.
    working: Vec<u64>,
    /// `before[w]`: working days in words `0..w` of `working`.
    before: Vec<u32>,
    /// Official decisions by date; for duplicates the last row wins.
    overrides: BTreeMap<NaiveDate, Override>,
}

impl fmt::Debug for Calendar {
    // The bitset is noise in debug output; the overrides are what differ
    // between calendars.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Calendar").field("overrides", &self.overrides).finish_non_exhaustive()
    }
}

impl Default for Calendar {
    fn default() -> Self {
        Self::statutory()
    }
}

impl Calendar {
    /// The calendar of the statute with the given official decisions applied.
    #[must_use]
    pub fn new(overrides: &[Holiday]) -> Calendar {
        let mut working = weekday_bits();
        for year in FIRST_YEAR..=LAST_YEAR {
            // Cannot fail for years of the supported span; a failure would
            // only leave that year with weekends alone.
            for day in statutory_days_off(year).unwrap_or_default() {
                set_bit(&mut working, day_number(day.date), false);
            }
        }
        let overrides: BTreeMap<NaiveDate, Override> =
            overrides.iter().map(|h| (h.date, Override { kind: h.kind, name: h.name.clone() })).collect();
        for (date, o) in &overrides {
            set_bit(&mut working, day_number(*date), o.kind == HolidayKind::Workday);
        }
        let mut before = Vec::with_capacity(working.len());
        let mut count = 0u32;
        for word in &working {
            before.push(count);
            count += word.count_ones();
        }
        Calendar { working, before, overrides }
    }

    /// The calendar of the statute alone, without official decisions.
    #[must_use]
    pub fn statutory() -> Calendar {
        Self::new(&[])
    }

    /// Whether `d` is a working day.
    #[must_use]
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        let n = day_number(d);
        match bit_index(n) {
            // `get` cannot miss (the bitset covers the span); it just keeps
            // lookups free of panicking paths.
            Some(i) => self.working.get(i / 64).is_some_and(|word| word & (1 << (i % 64)) != 0),
            None => self.overrides.get(&d).map_or(is_weekday(n), |o| o.kind == HolidayKind::Workday),
        }
    }

    /// The `n`-th working day after `d` (`d` itself for `n = 0`).
    ///
    /// Counting follows Bộ luật Dân sự 2015 Điều 147: a period starts on the
    /// day after the event, so `d` is never counted. Saturates at chrono's
    /// last date rather than overflowing.
    #[must_use]
    pub fn add_working_days(&self, d: NaiveDate, n: u32) -> NaiveDate {
        let mut current = d;
        let mut left = n;
        while left > 0 {
            match current.succ_opt() {
                Some(next) => current = next,
                None => return current,
            }
            if self.is_working_day(current) {
                left -= 1;
            }
        }
        current
    }

    /// Working days in the half-open interval (a, b] when `a <= b`, negated
    /// when `b < a`; so `working_days_between(d, add_working_days(d, n)) == n`.
    #[must_use]
    pub fn working_days_between(&self, a: NaiveDate, b: NaiveDate) -> i64 {
        self.count_through(day_number(b)) - self.count_through(day_number(a))
    }

    /// The days off of `year`: the statutory list with official decisions
    /// applied (a `holiday` decision adds or replaces the day as
    /// [`DayOffSource::Official`], a `workday` decision removes it), sorted
    /// by date. Outside 1900-2100 only official days off are listed.
    #[must_use]
    pub fn days_off(&self, year: i32) -> Vec<DayOff> {
        let mut by_date: BTreeMap<NaiveDate, DayOff> =
            statutory_days_off(year).unwrap_or_default().into_iter().map(|d| (d.date, d)).collect();
        for (date, o) in self.overrides_of(year) {
            match o.kind {
                HolidayKind::Workday => {
                    by_date.remove(date);
                }
                HolidayKind::Holiday => {
                    // An unnamed decision confirming a computed day keeps the
                    // computed (more informative) names.
                    let (name_vi, name_en) = match (&o.name, by_date.get(date)) {
                        (Some(name), _) => (name.clone(), name.clone()),
                        (None, Some(computed)) => (computed.name_vi.clone(), computed.name_en.clone()),
                        (None, None) => ("Ngày nghỉ theo quyết định".to_owned(), "Official day off".to_owned()),
                    };
                    by_date.insert(*date, DayOff { date: *date, name_vi, name_en, source: DayOffSource::Official });
                }
            }
        }
        by_date.into_values().collect()
    }

    /// The official `workday` decisions of `year` (swapped working
    /// Saturdays), sorted by date.
    #[must_use]
    pub fn official_workdays(&self, year: i32) -> Vec<(NaiveDate, Option<String>)> {
        self.overrides_of(year)
            .filter(|(_, o)| o.kind == HolidayKind::Workday)
            .map(|(date, o)| (*date, o.name.clone()))
            .collect()
    }

    fn overrides_of(&self, year: i32) -> impl Iterator<Item = (&NaiveDate, &Override)> {
        self.overrides.iter().filter(move |(date, _)| date.year() == year)
    }

    /// A running count of working days such that the count over (a, b] is
    /// `count_through(b) - count_through(a)`: working days in
    /// [1900-01-01, n] for n from 1900 on, minus those in (n, 1899-12-31]
    /// before it.
    fn count_through(&self, n: i64) -> i64 {
        if n < FIRST_DAY {
            return -self.count_outside(n + 1, FIRST_DAY - 1);
        }
        let inside = match bit_index(n.min(LAST_DAY)) {
            Some(i) => {
                let (w, b) = (i / 64, i % 64);
                // Bits 0..=b of the last word.
                let mask = if b == 63 { u64::MAX } else { (1u64 << (b + 1)) - 1 };
                let before = self.before.get(w).copied().unwrap_or(0);
                let word = self.working.get(w).copied().unwrap_or(0);
                i64::from(before) + i64::from((word & mask).count_ones())
            }
            None => 0,
        };
        inside + self.count_outside(LAST_DAY + 1, n)
    }

    /// Working days in [lo, hi] (day numbers) outside the precomputed span:
    /// weekdays, corrected by the overrides there.
    fn count_outside(&self, lo: i64, hi: i64) -> i64 {
        if lo > hi {
            return 0;
        }
        let weeks = (hi - lo + 1) / 7;
        let mut count = weeks * 5 + (lo + weeks * 7..=hi).filter(|&n| is_weekday(n)).count() as i64;
        for (date, o) in &self.overrides {
            let n = day_number(*date);
            if (lo..=hi).contains(&n) {
                count += i64::from(o.kind == HolidayKind::Workday) - i64::from(is_weekday(n));
            }
        }
        count
    }
}

/// Days since the common era (0001-01-01 is 1), the calendar's day index.
fn day_number(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

/// Monday to Friday. Day number 1 (0001-01-01) was a Monday.
fn is_weekday(n: i64) -> bool {
    (n - 1).rem_euclid(7) < 5
}

/// The bitset of 1900-2100 with Monday-Friday set. Built a word at a time
/// from the seven possible 64-day patterns (64 ≡ 1 mod 7, so each word
/// starts one weekday later than the previous one) rather than day by day.
fn weekday_bits() -> Vec<u64> {
    let patterns: Vec<u64> =
        (0..7).map(|start| (0..64).filter(|&i| is_weekday(start + i)).fold(0u64, |acc, i| acc | 1 << i)).collect();
    let len = LAST_DAY - FIRST_DAY + 1;
    let mut words: Vec<u64> = (0..(len + 63) / 64)
        .map(|w| patterns.get(usize::try_from((FIRST_DAY + w * 64).rem_euclid(7)).unwrap_or(0)).copied().unwrap_or(0))
        .collect();
    // Clear the bits past 2100-12-31 so that counts over the last word stay
    // exact.
    if let Some(last) = words.last_mut() {
        let used = len % 64;
        if used != 0 {
            *last &= (1u64 << used) - 1;
        }
    }
    words
}

/// Position of day number `n` in the bitset, if precomputed.
fn bit_index(n: i64) -> Option<usize> {
    if (FIRST_DAY..=LAST_DAY).contains(&n) {
        usize::try_from(n - FIRST_DAY).ok()
    } else {
        None
    }
}

fn set_bit(bits: &mut [u64], n: i64, value: bool) {
    if let Some(i) = bit_index(n) {
        if let Some(word) = bits.get_mut(i / 64) {
            if value {
                *word |= 1 << (i % 64);
            } else {
                *word &= !(1 << (i % 64));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn holiday(date: NaiveDate, kind: HolidayKind, name: Option<&str>) -> Holiday {
        Holiday { date, kind, name: name.map(str::to_owned) }
    }

    /// The official 2025 decision: Mon 27/1 off, swapped with Sat 8/2.
    fn official_2025() -> Calendar {
        Calendar::new(&[
            holiday(ymd(2025, 1, 27), HolidayKind::Holiday, Some("Nghỉ Tết (hoán đổi với 8/2)")),
            holiday(ymd(2025, 2, 8), HolidayKind::Workday, Some("Làm bù cho 27/1")),
        ])
    }

    #[test]
    fn span_constants_and_weekdays_match_chrono() {
        assert_eq!(FIRST_DAY, day_number(ymd(1900, 1, 1)));
        assert_eq!(LAST_DAY, day_number(ymd(2100, 12, 31)));
        let mut d = ymd(2024, 12, 20);
        for _ in 0..14 {
            let expected = !matches!(d.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun);
            assert_eq!(is_weekday(day_number(d)), expected, "{d}");
            d = d.succ_opt().unwrap();
        }
    }

    /// The precomputed bitset agrees, day by day, with the rule it encodes.
    #[test]
    fn bitset_matches_weekdays_and_statutory_days_off() {
        let cal = Calendar::statutory();
        let off: std::collections::HashSet<NaiveDate> =
            (FIRST_YEAR..=LAST_YEAR).flat_map(|y| statutory_days_off(y).unwrap()).map(|d| d.date).collect();
        let mut d = ymd(1900, 1, 1);
        let mut count = 0;
        while d <= ymd(2100, 12, 31) {
            let weekday = !matches!(d.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun);
            assert_eq!(cal.is_working_day(d), weekday && !off.contains(&d), "{d}");
            count += i64::from(cal.is_working_day(d));
            d = d.succ_opt().unwrap();
        }
        assert_eq!(cal.working_days_between(ymd(1899, 12, 31), ymd(2100, 12, 31)), count);
    }

    #[test]
    fn statutory_working_days() {
        let cal = Calendar::statutory();
        assert!(cal.is_working_day(ymd(2025, 3, 7)));
        assert!(!cal.is_working_day(ymd(2025, 3, 8)), "Saturday");
        assert!(!cal.is_working_day(ymd(2025, 1, 1)));
        assert!(!cal.is_working_day(ymd(2025, 2, 3)), "compensatory for Sat 1/2");
        assert!(cal.is_working_day(ymd(2025, 1, 27)), "working day by statute");
        assert!(!cal.is_working_day(ymd(2026, 4, 27)), "compensatory for Giỗ Tổ on Sunday");
    }

    #[test]
    fn add_working_days_examples() {
        let cal = Calendar::statutory();
        assert_eq!(cal.add_working_days(ymd(2025, 3, 7), 0), ymd(2025, 3, 7));
        assert_eq!(cal.add_working_days(ymd(2025, 3, 7), 1), ymd(2025, 3, 10));
        assert_eq!(cal.add_working_days(ymd(2025, 3, 7), 3), ymd(2025, 3, 12));
        // 28/1-1/2 Tết, 2/2 Sunday, 3/2 compensatory: 4/2, 5/2, 6/2.
        assert_eq!(cal.add_working_days(ymd(2025, 1, 27), 3), ymd(2025, 2, 6));
        assert_eq!(cal.working_days_between(ymd(2025, 1, 27), ymd(2025, 2, 6)), 3);
        assert_eq!(cal.working_days_between(ymd(2025, 2, 6), ymd(2025, 1, 27)), -3);
        assert_eq!(cal.working_days_between(ymd(2025, 3, 7), ymd(2025, 3, 7)), 0);
        // 2025: 250 working days (365 − 104 weekend days − 11 days off on
        // weekdays: 1/1, 28-31/1, 3/2, 7/4, 30/4, 1/5, 1/9, 2/9).
        assert_eq!(cal.working_days_between(ymd(2024, 12, 31), ymd(2025, 12, 31)), 250);
    }

    #[test]
    fn official_overrides_win() {
        let cal = official_2025();
        assert!(!cal.is_working_day(ymd(2025, 1, 27)));
        assert!(cal.is_working_day(ymd(2025, 2, 8)), "swapped working Saturday");
        // After Fri 24/1: Sat 25, Sun 26, Mon 27 (official), 28/1-1/2 Tết,
        // Sun 2/2, Mon 3/2 compensatory → Tue 4/2.
        assert_eq!(cal.add_working_days(ymd(2025, 1, 24), 1), ymd(2025, 2, 4));
        assert_eq!(cal.add_working_days(ymd(2025, 2, 7), 1), ymd(2025, 2, 8));
        assert_eq!(cal.add_working_days(ymd(2025, 2, 4), 4), ymd(2025, 2, 8));
        assert_eq!(cal.working_days_between(ymd(2025, 2, 7), ymd(2025, 2, 10)), 2);
        // A workday decision also beats a computed day off.
        let moved = Calendar::new(&[holiday(ymd(2025, 2, 3), HolidayKind::Workday, None)]);
        assert!(moved.is_working_day(ymd(2025, 2, 3)));
    }

    #[test]
    fn days_off_merge_official_decisions() {
        let cal = Calendar::new(&[
            holiday(ymd(2025, 1, 27), HolidayKind::Holiday, None),
            holiday(ymd(2025, 2, 8), HolidayKind::Workday, Some("Làm bù")),
            holiday(ymd(2025, 2, 3), HolidayKind::Workday, None),
            holiday(ymd(2025, 1, 28), HolidayKind::Holiday, None),
            holiday(ymd(2024, 2, 17), HolidayKind::Workday, None),
        ]);
        let days = cal.days_off(2025);
        assert!(days.windows(2).all(|w| w[0].date < w[1].date));
        let find = |d: NaiveDate| days.iter().find(|x| x.date == d);
        let added = find(ymd(2025, 1, 27)).unwrap();
        assert_eq!((added.name_vi.as_str(), added.name_en.as_str()), ("Ngày nghỉ theo quyết định", "Official day off"));
        assert_eq!(added.source, DayOffSource::Official);
        assert!(find(ymd(2025, 2, 3)).is_none(), "removed by a workday decision");
        let confirmed = find(ymd(2025, 1, 28)).unwrap();
        assert_eq!(confirmed.source, DayOffSource::Official);
        assert!(confirmed.name_vi.starts_with("Tết Nguyên đán"));
        assert_eq!(days.len(), statutory_days_off(2025).unwrap().len());
        assert_eq!(
            cal.official_workdays(2025),
            vec![(ymd(2025, 2, 3), None), (ymd(2025, 2, 8), Some("Làm bù".to_owned()))]
        );
        assert_eq!(cal.official_workdays(2024), vec![(ymd(2024, 2, 17), None)]);
        assert!(cal.official_workdays(2026).is_empty());
    }

    #[test]
    fn between_inverts_add() {
        let cal = official_2025();
        let mut d = ymd(2024, 12, 1);
        for step in 0..400 {
            for n in [0, 1, 2, 3, 5, 7, 10, 15, 30, 60] {
                let end = cal.add_working_days(d, n);
                assert_eq!(cal.working_days_between(d, end), i64::from(n), "{d} + {n}");
                assert_eq!(cal.working_days_between(end, d), -i64::from(n), "{d} + {n}");
                assert!(n == 0 || cal.is_working_day(end));
            }
            d += chrono::Duration::days(1 + step % 3);
        }
    }

    #[test]
    fn outside_1900_2100_weekends_only() {
        // 1/1/2101 is a Saturday, made a working day by an override.
        let cal = Calendar::new(&[holiday(ymd(2101, 1, 1), HolidayKind::Workday, None)]);
        assert!(cal.is_working_day(ymd(2101, 1, 1)), "override");
        assert!(!cal.is_working_day(ymd(2101, 1, 2)), "Sunday");
        assert!(cal.is_working_day(ymd(2102, 1, 2)), "no holidays computed after 2100");
        assert!(!cal.is_working_day(ymd(1899, 12, 31)), "Sunday");
        // Across both edges of the span.
        for (a, n) in [(ymd(1899, 12, 1), 40), (ymd(2100, 12, 20), 30), (ymd(1899, 6, 1), 200), (ymd(2101, 3, 1), 10)] {
            let end = cal.add_working_days(a, n);
            assert_eq!(cal.working_days_between(a, end), i64::from(n), "{a} + {n}");
        }
        assert_eq!(cal.working_days_between(ymd(2100, 12, 31), ymd(2101, 1, 7)), 6, "Saturday 1/1 + Mon-Fri 3-7/1");
        assert_eq!(
            cal.working_days_between(ymd(1899, 12, 29), ymd(1900, 1, 3)),
            2,
            "Mon 1/1/1900 is a holiday: Tue 2/1, Wed 3/1"
        );
        assert_eq!(cal.add_working_days(NaiveDate::MAX, 3), NaiveDate::MAX);
    }

    #[test]
    fn construction_is_cheap() {
        let start = std::time::Instant::now();
        let cal = Calendar::statutory();
        let elapsed = start.elapsed();
        assert!(cal.is_working_day(ymd(2025, 3, 7)));
        // Generous bound for unoptimised test builds on a busy machine; the
        // release build takes well under 10 ms.
        assert!(elapsed.as_millis() < 500, "{elapsed:?}");
    }
}
