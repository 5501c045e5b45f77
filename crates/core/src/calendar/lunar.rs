//! The Vietnamese lunar calendar (âm lịch), computed astronomically.
//!
//! This follows Hồ Ngọc Đức's algorithm, which is the reference used for
//! Vietnamese calendars: new moons and the sun's longitude come from the
//! low-precision series of Jean Meeus, "Astronomical Algorithms", and every
//! instant is reduced to a civil date in **UTC+7**. The time zone matters:
//! the Chinese calendar uses the same rules at UTC+8, and when a new moon
//! falls between 16:00 and 17:00 UTC the two calendars start a month (even a
//! year, e.g. Tết 1985 and 2007) on different days.
//!
//! The rules of the lunisolar calendar:
//! * a month starts on the day (UTC+7) of a new moon;
//! * month 11 is the month containing the winter solstice;
//! * a lunar year with 13 months between two months 11 has a leap month: the
//!   first month after month 11 that contains no major solar term (the sun
//!   does not enter a new 30° sector of longitude), which repeats the number
//!   of the month before it.
//!
//! Computations are done with Julian day numbers (JDN) and `f64`; the series
//! are accurate enough for the supported range 1900-2100 and results outside
//! it are refused rather than silently wrong. Two known limits:
//! * UTC+7 is applied to the whole range. Vietnam's calendar followed UTC+8
//!   until 1967, so lunar dates before 1968 can differ by a day (or a leap
//!   month) from calendars printed at the time.
//! * The low-precision series are off by a minute or two, so a month whose
//!   new moon falls within that of midnight can start a day away from more
//!   precise tables: after 1968 this happens for the months starting around
//!   2054-05-07, 2072-12-09 and 2077-11-15, none of which moves a holiday.

use std::f64::consts::PI;
use std::fmt;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// Civil time zone of the Vietnamese calendar, in hours east of UTC.
const TIME_ZONE_HOURS: f64 = 7.0;

/// `num_days_from_ce() + JDN_OFFSET` is the Julian day number of a date
/// (0001-01-01 proleptic Gregorian is day 1 from CE and JDN 1 721 426).
const JDN_OFFSET: i64 = 1_721_425;

/// Mean length of a synodic month, in days (value used by the algorithm).
const SYNODIC_MONTH: f64 = 29.530_588_853;

/// Julian date of the mean new moon numbered 0 (1900-01-01 ~13:51 UT); new
/// moons are numbered from it.
const NEW_MOON_EPOCH: f64 = 2_415_021.076_998_695;

/// First and last solar years covered by the calendar.
pub(crate) const FIRST_YEAR: i32 = 1900;
pub(crate) const LAST_YEAR: i32 = 2100;

/// Errors of the calendar; messages are bilingual because they reach users.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The date (or year) is outside 1900-2100, where the astronomical series
    /// are not checked.
    #[error("date out of range 1900-2100 / ngày ngoài phạm vi 1900-2100: {0}")]
    OutOfRange(String),
    /// The lunar date does not exist (day 30 of a 29-day month, a leap month
    /// the year does not have, month 13...).
    #[error("lunar date {0} does not exist / ngày âm lịch {0} không tồn tại")]
    NoSuchLunarDate(LunarDate),
}

/// A date of the Vietnamese lunar calendar. `year` is the lunar year, which
/// starts at Tết and so differs from the solar year in January/February.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LunarDate {
    pub day: u8,
    pub month: u8,
    pub year: i32,
    /// Whether `month` is the leap (nhuận) repetition of that month.
    pub leap: bool,
}

impl fmt::Display for LunarDate {
    /// The usual Vietnamese notation: `10/3/2025`, `1/2 nhuận/2023`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let leap = if self.leap { " nhuận" } else { "" };
        write!(f, "{}/{}{}/{}", self.day, self.month, leap, self.year)
    }
}

/// Can-chi name of a lunar year in Vietnamese, e.g. 2024 → "Giáp Thìn".
#[must_use]
pub fn year_name(year: i32) -> String {
    const CAN: [&str; 10] = ["Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý"];
    const CHI: [&str; 12] = ["Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi"];
    // rem_euclid keeps the index valid for any year, including negative ones;
    // the casts cannot truncate because the values are below 12.
    let can = CAN[(i64::from(year) + 6).rem_euclid(10) as usize];
    let chi = CHI[(i64::from(year) + 8).rem_euclid(12) as usize];
    format!("{can} {chi}")
}

/// Converts a solar (Gregorian) date of 1900-2100 to the lunar calendar.
///
/// # Errors
/// [`CalendarError::OutOfRange`] outside 1900-01-01..=2100-12-31.
pub fn solar_to_lunar(d: NaiveDate) -> Result<LunarDate, CalendarError> {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&d.year()) {
        return Err(CalendarError::OutOfRange(d.to_string()));
    }
    let day_number = jdn_from_date(d);
    // Start of the lunar month containing the day: the last new moon day on
    // or before it. The estimate from the mean month can be one off in
    // either direction (the true new moon strays up to ~14 h from the mean
    // one; e.g. 2054-05-07), so it is corrected both ways rather than only
    // once as in the published code.
    let mut k = ((day_number as f64 - NEW_MOON_EPOCH) / SYNODIC_MONTH).floor() as i64;
    while new_moon_day(k + 1) <= day_number {
        k += 1;
    }
    while new_moon_day(k) > day_number {
        k -= 1;
    }
    let month_start = new_moon_day(k);
    // Bracket the date between two consecutive months 11 (a11 ≤ date < b11).
    let solar_year = d.year();
    let (span, mut lunar_year) = if year_span(solar_year).a11 >= month_start {
        (year_span(solar_year - 1), solar_year)
    } else {
        (year_span(solar_year), solar_year + 1)
    };
    let day = day_number - month_start + 1;
    // Months elapsed since month 11; 29 (not 29.53) makes the integer
    // division robust to the spread of real month lengths.
    let diff = (month_start - span.a11).div_euclid(29);
    let mut leap = false;
    let mut month = diff + 11;
    if let Some(leap_offset) = span.leap_offset {
        // 13 months in this span: months from the leap month on are shifted.
        if diff >= leap_offset {
            month = diff + 10;
            leap = diff == leap_offset;
        }
    }
    if month > 12 {
        month -= 12;
    }
    // Months 11 and 12 before Tết belong to the previous lunar year.
    if month >= 11 && diff < 4 {
        lunar_year -= 1;
    }
    Ok(LunarDate { day: small(day), month: small(month), year: lunar_year, leap })
}

/// Converts a lunar date to the solar calendar.
///
/// # Errors
/// [`CalendarError::NoSuchLunarDate`] if the lunar date does not exist,
/// [`CalendarError::OutOfRange`] if its solar date is outside 1900-2100.
pub fn lunar_to_solar(day: u8, month: u8, year: i32, leap: bool) -> Result<NaiveDate, CalendarError> {
    let asked = LunarDate { day, month, year, leap };
    let k = month_index(asked)?;
    let start = new_moon_day(k);
    let length = new_moon_day(k + 1) - start;
    if day == 0 || i64::from(day) > length {
        return Err(CalendarError::NoSuchLunarDate(asked));
    }
    let jdn = start + i64::from(day) - 1;
    jdn_to_date(jdn)
        .filter(|d| (FIRST_YEAR..=LAST_YEAR).contains(&d.year()))
        .ok_or_else(|| CalendarError::OutOfRange(asked.to_string()))
}

/// Number of days (29 or 30) of a lunar month.
///
/// # Errors
/// As [`lunar_to_solar`], for the first day of the month.
pub fn lunar_month_length(month: u8, year: i32, leap: bool) -> Result<u8, CalendarError> {
    let asked = LunarDate { day: 1, month, year, leap };
    let k = month_index(asked)?;
    let start = new_moon_day(k);
    // The month is accepted when it starts inside the supported range, even
    // if it ends just after it (month 12 of 2100).
    match jdn_to_date(start) {
        Some(d) if (FIRST_YEAR..=LAST_YEAR).contains(&d.year()) => Ok(small(new_moon_day(k + 1) - start)),
        _ => Err(CalendarError::OutOfRange(asked.to_string())),
    }
}

/// The number `k` of the new moon that starts lunar month `month` (leap or
/// not) of lunar year `year`.
fn month_index(asked: LunarDate) -> Result<i64, CalendarError> {
    let LunarDate { month, year, leap, .. } = asked;
    if !(1..=12).contains(&month) {
        return Err(CalendarError::NoSuchLunarDate(asked));
    }
    // Lunar year 1899 is accepted because its last month lies in January 1900.
    if !(FIRST_YEAR - 1..=LAST_YEAR).contains(&year) {
        return Err(CalendarError::OutOfRange(asked.to_string()));
    }
    let month = i64::from(month);
    // Months 1-10 of lunar year Y follow month 11 of lunar year Y-1; months
    // 11 and 12 of Y follow month 11 of Y.
    let span = year_span(if month < 11 { year - 1 } else { year });
    let mut offset = (month - 11).rem_euclid(12);
    if let Some(leap_offset) = span.leap_offset {
        // The leap month repeats the month before it; offset 1 is month 12,
        // so offset o repeats month ((o - 2) mod 12), written 1-based here
        // so that offset 2 gives 12 rather than 0.
        let leap_month = (leap_offset + 9).rem_euclid(12) + 1;
        if leap && month != leap_month {
            return Err(CalendarError::NoSuchLunarDate(asked));
        }
        if leap || offset >= leap_offset {
            offset += 1;
        }
    } else if leap {
        return Err(CalendarError::NoSuchLunarDate(asked));
    }
    let k = (0.5 + (span.a11 as f64 - NEW_MOON_EPOCH) / SYNODIC_MONTH).floor() as i64;
    Ok(k + offset)
}

/// Narrows a day or month number known to be in 1..=30.
fn small(v: i64) -> u8 {
    u8::try_from(v).unwrap_or(u8::MAX)
}

/// Julian day number of a Gregorian date.
fn jdn_from_date(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce()) + JDN_OFFSET
}

/// Gregorian date of a Julian day number (None beyond chrono's range).
fn jdn_to_date(jdn: i64) -> Option<NaiveDate> {
    i32::try_from(jdn - JDN_OFFSET).ok().and_then(NaiveDate::from_num_days_from_ce_opt)
}

/// Julian date (dynamical time corrected to UT) of new moon number `k`,
/// Meeus chapter 47 (low-precision terms) as used by Hồ Ngọc Đức.
fn new_moon(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1236.85; // Julian centuries since 1900-01-00.5
    let t2 = t * t;
    let t3 = t2 * t;
    let dr = PI / 180.0;
    // Mean new moon.
    let mut jd1 = 2_415_020.759_33 + 29.530_588_68 * k + 0.000_117_8 * t2 - 0.000_000_155 * t3;
    jd1 += 0.000_33 * ((166.56 + 132.87 * t - 0.009_173 * t2) * dr).sin();
    // Sun's mean anomaly, moon's mean anomaly, moon's argument of latitude.
    let m = 359.224_2 + 29.105_356_08 * k - 0.000_033_3 * t2 - 0.000_003_47 * t3;
    let mpr = 306.025_3 + 385.816_918_06 * k + 0.010_730_6 * t2 + 0.000_012_36 * t3;
    let f = 21.296_4 + 390.670_506_46 * k - 0.001_652_8 * t2 - 0.000_002_39 * t3;
    // Periodic corrections to the true new moon.
    let mut c1 = (0.173_4 - 0.000_393 * t) * (m * dr).sin() + 0.002_1 * (2.0 * dr * m).sin();
    c1 = c1 - 0.406_8 * (mpr * dr).sin() + 0.016_1 * (dr * 2.0 * mpr).sin();
    c1 -= 0.000_4 * (dr * 3.0 * mpr).sin();
    c1 = c1 + 0.010_4 * (dr * 2.0 * f).sin() - 0.005_1 * (dr * (m + mpr)).sin();
    c1 = c1 - 0.007_4 * (dr * (m - mpr)).sin() + 0.000_4 * (dr * (2.0 * f + m)).sin();
    c1 = c1 - 0.000_4 * (dr * (2.0 * f - m)).sin() - 0.000_6 * (dr * (2.0 * f + mpr)).sin();
    c1 = c1 + 0.001_0 * (dr * (2.0 * f - mpr)).sin() + 0.000_5 * (dr * (2.0 * mpr + m)).sin();
    // ΔT (TT − UT) in days, two polynomial fits split around 1800.
    let delta_t = if t < -11.0 {
        0.001 + 0.000_839 * t + 0.000_226_1 * t2 - 0.000_008_45 * t3 - 0.000_000_081 * t * t3
    } else {
        -0.000_278 + 0.000_265 * t + 0.000_262 * t2
    };
    jd1 + c1 - delta_t
}

/// Day number (UTC+7 civil day) on which new moon `k` falls.
fn new_moon_day(k: i64) -> i64 {
    (new_moon(k) + 0.5 + TIME_ZONE_HOURS / 24.0).floor() as i64
}

/// Apparent longitude of the sun, in radians in [0, 2π), at Julian date
/// `jdn` (Meeus chapter 25, low precision).
fn sun_longitude(jdn: f64) -> f64 {
    let t = (jdn - 2_451_545.0) / 36_525.0; // Julian centuries since J2000
    let t2 = t * t;
    let dr = PI / 180.0;
    let m = 357.529_10 + 35_999.050_30 * t - 0.000_155_9 * t2 - 0.000_000_48 * t * t2;
    let l0 = 280.466_45 + 36_000.769_83 * t + 0.000_303_2 * t2;
    let mut dl = (1.914_600 - 0.004_817 * t - 0.000_014 * t2) * (dr * m).sin();
    dl += (0.019_993 - 0.000_101 * t) * (dr * 2.0 * m).sin() + 0.000_290 * (dr * 3.0 * m).sin();
    let l = (l0 + dl) * dr;
    l.rem_euclid(2.0 * PI)
}

/// The 30° sector (0-11) of the sun's longitude at the start (00:00 UTC+7)
/// of day `day_number`. Sector 9 starts at the winter solstice (270°); a
/// change of sector within a month is a major solar term (trung khí).
fn sun_sector(day_number: i64) -> i64 {
    let at_midnight = day_number as f64 - 0.5 - TIME_ZONE_HOURS / 24.0;
    (sun_longitude(at_midnight) / PI * 6.0).floor() as i64
}

/// The months from month 11 of one lunar year to the next month 11.
#[derive(Debug, Clone, Copy)]
struct YearSpan {
    /// Day number on which month 11 starts.
    a11: i64,
    /// Offset after `a11` of the leap month, when the span has 13 months.
    leap_offset: Option<i64>,
}

/// The span starting with month 11 of `year` (in the winter of solar year
/// `year`). Spans of 1898-2100, all that conversions in range need, are
/// computed once and cached: every conversion needs one, and computing it
/// (two months 11 and up to 13 new moons for the leap month) is most of the
/// cost, which matters to building a [`super::Calendar`] and to the
/// day-by-day round-trip test.
fn year_span(year: i32) -> YearSpan {
    static SPANS: OnceLock<Vec<YearSpan>> = OnceLock::new();
    const FIRST_SPAN: i32 = FIRST_YEAR - 2;
    let spans = SPANS.get_or_init(|| {
        let starts: Vec<i64> = (FIRST_SPAN..=LAST_YEAR + 1).map(lunar_month_11).collect();
        starts.windows(2).map(|w| span_between(w[0], w[1])).collect()
    });
    usize::try_from(year - FIRST_SPAN)
        .ok()
        .and_then(|i| spans.get(i).copied())
        .unwrap_or_else(|| span_between(lunar_month_11(year), lunar_month_11(year + 1)))
}

fn span_between(a11: i64, b11: i64) -> YearSpan {
    // 12 lunar months last 354-355 days, 13 last 383-385.
    let leap_offset = (b11 - a11 > 365).then(|| leap_month_offset(a11));
    YearSpan { a11, leap_offset }
}

/// Day number of the start of lunar month 11 of `year`, i.e. the month
/// containing the winter solstice of solar year `year`.
fn lunar_month_11(year: i32) -> i64 {
    let dec31 = NaiveDate::from_ymd_opt(year, 12, 31).map_or(0, jdn_from_date);
    let off = dec31 as f64 - 2_415_021.0;
    let k = (off / SYNODIC_MONTH).floor() as i64;
    let nm = new_moon_day(k);
    // The last new moon before 31 Dec starts month 11 unless the sun has
    // already passed the solstice at that point: then it is month 12.
    if sun_sector(nm) >= 9 {
        new_moon_day(k - 1)
    } else {
        nm
    }
}

/// For a 13-month span starting with month 11 at day `a11`, the offset (in
/// months after a11) of the leap month: the first month whose start has the
/// same sun sector as the start of the next month, i.e. a month without a
/// major solar term.
fn leap_month_offset(a11: i64) -> i64 {
    let k = ((a11 as f64 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5).floor() as i64;
    let mut i = 1;
    let mut arc = sun_sector(new_moon_day(k + i));
    loop {
        let last = arc;
        i += 1;
        arc = sun_sector(new_moon_day(k + i));
        if arc == last || i >= 14 {
            break;
        }
    }
    i - 1
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn lunar(day: u8, month: u8, year: i32, leap: bool) -> LunarDate {
        LunarDate { day, month, year, leap }
    }

    #[test]
    fn tet_dates_follow_utc7() {
        // 1985, 2007 and 1968 are the years where UTC+7 and the Chinese
        // calendar (UTC+8) disagree on Tết.
        let cases = [
            (1968, ymd(1968, 1, 29)),
            (1985, ymd(1985, 1, 21)),
            (2007, ymd(2007, 2, 17)),
            (2020, ymd(2020, 1, 25)),
            (2023, ymd(2023, 1, 22)),
            (2024, ymd(2024, 2, 10)),
            (2025, ymd(2025, 1, 29)),
            (2026, ymd(2026, 2, 17)),
        ];
        for (year, tet) in cases {
            assert_eq!(lunar_to_solar(1, 1, year, false).unwrap(), tet, "Tết {year}");
            assert_eq!(solar_to_lunar(tet).unwrap(), lunar(1, 1, year, false), "{tet}");
            // The day before Tết is the last day of the previous lunar year.
            let eve = solar_to_lunar(tet.pred_opt().unwrap()).unwrap();
            assert_eq!((eve.month, eve.year), (12, year - 1), "eve of Tết {year}");
            assert!(eve.day == 29 || eve.day == 30);
        }
    }

    /// Tết (as MMDD) and leap month (0 for none) of every lunar year
    /// 1968-2100, as in Hồ Ngọc Đức's published Vietnamese calendar tables
    /// (which follow UTC+8 before 1968, hence the start year). 2033 has the
    /// rare leap month 11.
    #[rustfmt::skip]
    const TET_AND_LEAP_1968_2100: [(u32, u8); 133] = [
        (129, 7), (216, 0), (206, 0), (127, 5), (215, 0), (203, 0), (123, 4), (211, 0), (131, 8), (218, 0),
        (207, 0), (128, 6), (216, 0), (205, 0), (125, 4), (213, 0), (202, 0), (121, 2), (209, 0), (129, 7),
        (217, 0), (206, 0), (127, 5), (215, 0), (204, 0), (123, 3), (210, 0), (131, 8), (219, 0), (207, 0),
        (128, 5), (216, 0), (205, 0), (124, 4), (212, 0), (201, 0), (122, 2), (209, 0), (129, 7), (217, 0),
        (207, 0), (126, 5), (214, 0), (203, 0), (123, 4), (210, 0), (131, 9), (219, 0), (208, 0), (128, 6),
        (216, 0), (205, 0), (125, 4), (212, 0), (201, 0), (122, 2), (210, 0), (129, 6), (217, 0), (206, 0),
        (126, 5), (213, 0), (202, 0), (123, 3), (211, 0), (131, 11), (219, 0), (208, 0), (128, 6), (215, 0),
        (204, 0), (124, 5), (212, 0), (201, 0), (122, 2), (210, 0), (130, 7), (217, 0), (206, 0), (126, 5),
        (214, 0), (202, 0), (123, 3), (211, 0), (201, 8), (218, 0), (208, 0), (128, 6), (215, 0), (204, 0),
        (124, 4), (212, 0), (202, 0), (121, 3), (209, 0), (129, 7), (217, 0), (205, 0), (126, 5), (214, 0),
        (203, 0), (123, 4), (211, 0), (131, 8), (219, 0), (207, 0), (127, 6), (215, 0), (205, 0), (124, 4),
        (212, 0), (202, 0), (122, 3), (209, 0), (129, 7), (217, 0), (206, 0), (126, 5), (214, 0), (203, 0),
        (124, 4), (210, 0), (130, 8), (218, 0), (207, 0), (127, 6), (215, 0), (205, 0), (125, 4), (212, 0),
        (201, 0), (121, 2), (209, 0),
    ];

    #[test]
    fn tet_and_leap_months_1968_2100_match_published_tables() {
        for (year, &(mmdd, leap_month)) in (1968..).zip(TET_AND_LEAP_1968_2100.iter()) {
            let tet = ymd(year, mmdd / 100, mmdd % 100);
            assert_eq!(lunar_to_solar(1, 1, year, false).unwrap(), tet, "Tết {year}");
            for month in 1..=12 {
                assert_eq!(lunar_to_solar(1, month, year, true).is_ok(), month == leap_month, "{year} leap {month}");
            }
        }
    }

    #[test]
    fn leap_months() {
        for (date, month, year) in
            [(ymd(2023, 3, 22), 2, 2023), (ymd(2020, 5, 23), 4, 2020), (ymd(2025, 7, 25), 6, 2025)]
        {
            assert_eq!(solar_to_lunar(date).unwrap(), lunar(1, month, year, true), "{date}");
            assert_eq!(lunar_to_solar(1, month, year, true).unwrap(), date);
            // The ordinary month of the same number comes just before.
            let ordinary_len = lunar_month_length(month, year, false).unwrap();
            let before = date - chrono::Duration::days(i64::from(ordinary_len));
            assert_eq!(solar_to_lunar(before).unwrap(), lunar(1, month, year, false));
        }
    }

    #[test]
    fn hung_kings_day() {
        assert_eq!(lunar_to_solar(10, 3, 2024, false).unwrap(), ymd(2024, 4, 18));
        assert_eq!(lunar_to_solar(10, 3, 2025, false).unwrap(), ymd(2025, 4, 7));
        assert_eq!(lunar_to_solar(10, 3, 2026, false).unwrap(), ymd(2026, 4, 26));
    }

    #[test]
    fn nonexistent_lunar_dates_are_refused() {
        // 2024 has no leap month; 2023's leap month is 2, not 3.
        assert!(matches!(lunar_to_solar(1, 3, 2024, true), Err(CalendarError::NoSuchLunarDate(_))));
        assert!(matches!(lunar_to_solar(1, 3, 2023, true), Err(CalendarError::NoSuchLunarDate(_))));
        assert!(matches!(lunar_month_length(5, 2024, true), Err(CalendarError::NoSuchLunarDate(_))));
        assert!(matches!(lunar_to_solar(1, 13, 2024, false), Err(CalendarError::NoSuchLunarDate(_))));
        assert!(matches!(lunar_to_solar(0, 1, 2024, false), Err(CalendarError::NoSuchLunarDate(_))));
        assert!(matches!(lunar_to_solar(31, 1, 2024, false), Err(CalendarError::NoSuchLunarDate(_))));
        // Day 30 exists exactly in the 30-day months.
        for month in 1..=12 {
            let len = lunar_month_length(month, 2024, false).unwrap();
            assert!(len == 29 || len == 30);
            assert_eq!(lunar_to_solar(30, month, 2024, false).is_ok(), len == 30, "month {month}");
        }
    }

    #[test]
    fn range_is_1900_to_2100() {
        assert!(matches!(solar_to_lunar(ymd(1899, 12, 31)), Err(CalendarError::OutOfRange(_))));
        assert!(matches!(solar_to_lunar(ymd(2101, 1, 1)), Err(CalendarError::OutOfRange(_))));
        assert!(matches!(lunar_to_solar(1, 1, 2101, false), Err(CalendarError::OutOfRange(_))));
        assert!(matches!(lunar_to_solar(1, 1, 1899, false), Err(CalendarError::OutOfRange(_))));
        // January 1900 is still lunar year 1899 (Tết 1900 is 31 January).
        assert_eq!(solar_to_lunar(ymd(1900, 1, 1)).unwrap().year, 1899);
        assert_eq!(lunar_to_solar(1, 1, 1900, false).unwrap(), ymd(1900, 1, 31));
        assert!(solar_to_lunar(ymd(2100, 12, 31)).is_ok());
        let msg = CalendarError::OutOfRange("2101-01-01".into()).to_string();
        assert!(msg.contains("date out of range 1900-2100") && msg.contains("ngày ngoài phạm vi 1900-2100"));
    }

    #[test]
    fn year_names() {
        assert_eq!(year_name(1985), "Ất Sửu");
        assert_eq!(year_name(2024), "Giáp Thìn");
        assert_eq!(year_name(2025), "Ất Tỵ");
        assert_eq!(year_name(2026), "Bính Ngọ");
        assert_eq!(year_name(1900), "Canh Tý");
    }

    #[test]
    fn display_uses_vietnamese_notation() {
        assert_eq!(lunar(1, 2, 2023, true).to_string(), "1/2 nhuận/2023");
        assert_eq!(lunar(10, 3, 2025, false).to_string(), "10/3/2025");
    }

    /// Every solar day of the supported range converts to lunar and back to
    /// itself, and consecutive days are consecutive lunar days (so no lunar
    /// date is skipped or repeated, and month lengths agree).
    #[test]
    fn round_trip_1900_to_2100() {
        let last = ymd(2100, 12, 31);
        let mut d = ymd(1900, 1, 31);
        let mut prev = solar_to_lunar(d).unwrap();
        assert_eq!(prev, lunar(1, 1, 1900, false));
        let mut months = 0;
        while d < last {
            d = d.succ_opt().unwrap();
            let cur = solar_to_lunar(d).unwrap();
            assert_eq!(lunar_to_solar(cur.day, cur.month, cur.year, cur.leap).unwrap(), d, "{d} = {cur}");
            if cur.day == 1 {
                // A new month: the previous one had prev.day days.
                assert_eq!(lunar_month_length(prev.month, prev.year, prev.leap).unwrap(), prev.day, "{d}");
                let expected_month = if cur.leap { prev.month } else { prev.month % 12 + 1 };
                assert_eq!(cur.month, expected_month, "{d}");
                assert_eq!(cur.year, if cur.month == 1 && !cur.leap { prev.year + 1 } else { prev.year }, "{d}");
                months += 1;
            } else {
                assert_eq!((cur.day, cur.month, cur.year, cur.leap), (prev.day + 1, prev.month, prev.year, prev.leap));
            }
            prev = cur;
        }
        assert!(months > 2480, "{months} lunar months");
    }
}
