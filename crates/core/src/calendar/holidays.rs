//! Statutory days off of a solar year (Bộ luật Lao động 2019, Điều 112).
//!
//! The statute fixes the holidays; the Government's yearly decisions then
//! choose details the statute leaves open (which day adjoins Quốc khánh,
//! swapped working Saturdays). This module computes the statutory default;
//! users import the official decisions, which [`super::Calendar`] applies on
//! top.
//!
//! Weekend rule (Điều 112 khoản 3): a holiday falling on the weekly rest day
//! (Saturday or Sunday for the offices this tool audits) gives a
//! compensatory day off on the next working day.

use std::borrow::Cow;
use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Serialize;

use super::lunar::{lunar_to_solar, solar_to_lunar, CalendarError, FIRST_YEAR, LAST_YEAR};

/// Why a date is a day off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DayOffSource {
    /// A holiday of Điều 112 itself.
    Statutory,
    /// A compensatory day for a statutory holiday on a weekend.
    Compensatory,
    /// An official decision imported by the user.
    Official,
}

/// One day off, with names for reports in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayOff {
    pub date: NaiveDate,
    pub name_vi: String,
    pub name_en: String,
    pub source: DayOffSource,
}

/// A statutory holiday before compensation, with the short name of its
/// festival used to name the compensatory day. Names are borrowed constants
/// except when holidays coincide, which keeps building a whole
/// [`super::Calendar`] (2 400 holidays) cheap.
struct Statutory {
    date: NaiveDate,
    name_vi: Cow<'static, str>,
    name_en: Cow<'static, str>,
    festival_vi: Cow<'static, str>,
    festival_en: Cow<'static, str>,
}

/// (Vietnamese, English) names.
type Names = (&'static str, &'static str);

const NEW_YEAR: Names = ("Tết Dương lịch", "New Year's Day");
const TET: Names = ("Tết Nguyên đán", "Lunar New Year");
/// The last day of the lunar year is day 29 or 30 of the last month.
const TET_EVE_29: Names =
    ("Tết Nguyên đán (29 Tết, ngày cuối năm âm lịch)", "Lunar New Year (last day of the lunar year)");
const TET_EVE_30: Names =
    ("Tết Nguyên đán (30 Tết, ngày cuối năm âm lịch)", "Lunar New Year (last day of the lunar year)");
const TET_DAYS: [Names; 4] = [
    ("Tết Nguyên đán (mùng 1)", "Lunar New Year (day 1)"),
    ("Tết Nguyên đán (mùng 2)", "Lunar New Year (day 2)"),
    ("Tết Nguyên đán (mùng 3)", "Lunar New Year (day 3)"),
    ("Tết Nguyên đán (mùng 4)", "Lunar New Year (day 4)"),
];
const HUNG_KINGS: Names = ("Giỗ Tổ Hùng Vương", "Hung Kings' Commemoration Day");
const HUNG_KINGS_DAY: Names = ("Giỗ Tổ Hùng Vương (10/3 âm lịch)", "Hung Kings' Commemoration Day");
const VICTORY: Names = ("Ngày Chiến thắng", "Reunification Day");
const LABOUR: Names = ("Ngày Quốc tế Lao động", "International Labour Day");
const NATIONAL: Names = ("Quốc khánh", "National Day");
const NATIONAL_ADJACENT: Names = ("Nghỉ liền kề Quốc khánh", "Day adjacent to National Day");

impl Statutory {
    fn new(date: NaiveDate, festival: Names, name: Names) -> Self {
        Statutory {
            date,
            name_vi: Cow::Borrowed(name.0),
            name_en: Cow::Borrowed(name.1),
            festival_vi: Cow::Borrowed(festival.0),
            festival_en: Cow::Borrowed(festival.1),
        }
    }

    /// Joins a holiday falling on the same date into this one.
    fn absorb(&mut self, other: Statutory) {
        for (mine, theirs, and) in [
            (&mut self.name_vi, other.name_vi, " và "),
            (&mut self.name_en, other.name_en, " and "),
            (&mut self.festival_vi, other.festival_vi, " và "),
            (&mut self.festival_en, other.festival_en, " and "),
        ] {
            *mine = Cow::Owned(format!("{mine}{and}{theirs}"));
        }
    }
}

/// Merges holidays (sorted by date) that fall on the same date. Giỗ Tổ can
/// coincide with 30/4 or 1/5 (e.g. 30/4/1947); the statute grants days off,
/// not one per festival, so a coincidence is a single day off (with a single
/// compensatory day if it is a weekend), named after both festivals.
fn merge_same_dates(sorted: Vec<Statutory>) -> Vec<Statutory> {
    let mut merged: Vec<Statutory> = Vec::with_capacity(sorted.len());
    for h in sorted {
        match merged.last_mut() {
            Some(last) if last.date == h.date => last.absorb(h),
            _ => merged.push(h),
        }
    }
    merged
}

/// The statutory days off whose solar date falls in `year`, sorted by date:
/// every statutory holiday (listed even on a weekend, so users see it) and
/// the compensatory days the weekend rule adds.
///
/// # Errors
/// [`CalendarError::OutOfRange`] for a year outside 1900-2100.
pub fn statutory_days_off(year: i32) -> Result<Vec<DayOff>, CalendarError> {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Err(CalendarError::OutOfRange(year.to_string()));
    }
    let date = |m, d| NaiveDate::from_ymd_opt(year, m, d).ok_or_else(|| CalendarError::OutOfRange(year.to_string()));

    let mut holidays = Vec::with_capacity(16);
    holidays.push(Statutory::new(date(1, 1)?, NEW_YEAR, NEW_YEAR));
    // The Tết block of lunar year `year` always falls in solar year `year`
    // (Tết is never before 21 January), but days are attributed by solar
    // date, so the next lunar year's block is computed too and filtered out
    // below; it does not exist in the data for 2101.
    push_tet_block(&mut holidays, year)?;
    if year < LAST_YEAR {
        push_tet_block(&mut holidays, year + 1)?;
    }
    holidays.push(Statutory::new(lunar_to_solar(10, 3, year, false)?, HUNG_KINGS, HUNG_KINGS_DAY));
    holidays.push(Statutory::new(date(4, 30)?, VICTORY, VICTORY));
    holidays.push(Statutory::new(date(5, 1)?, LABOUR, LABOUR));
    let national_day = date(9, 2)?;
    holidays.push(Statutory::new(national_day, NATIONAL, NATIONAL));
    holidays.push(Statutory::new(national_day_adjacent(national_day), NATIONAL, NATIONAL_ADJACENT));
    holidays.sort_by_key(|h| h.date);
    let holidays = merge_same_dates(holidays);

    let mut days: Vec<DayOff> = holidays
        .iter()
        .filter(|h| h.date.year() == year)
        .map(|h| DayOff {
            date: h.date,
            name_vi: h.name_vi.clone().into_owned(),
            name_en: h.name_en.clone().into_owned(),
            source: DayOffSource::Statutory,
        })
        .collect();
    days.extend(compensatory_days(&holidays).into_iter().filter(|d| d.date.year() == year));
    days.sort_by_key(|d| d.date);
    Ok(days)
}

/// The five days of Tết of lunar year `lunar_year`: the last day of the
/// previous lunar year (29 or 30 of month 12, whichever ends it, so taken as
/// the day before Tết) and days 1-4 of month 1.
fn push_tet_block(holidays: &mut Vec<Statutory>, lunar_year: i32) -> Result<(), CalendarError> {
    let new_year = lunar_to_solar(1, 1, lunar_year, false)?;
    let eve = new_year - Duration::days(1);
    let eve_name = if solar_to_lunar(eve)?.day == 30 { TET_EVE_30 } else { TET_EVE_29 };
    holidays.push(Statutory::new(eve, TET, eve_name));
    for (i, names) in (0..).zip(TET_DAYS) {
        holidays.push(Statutory::new(new_year + Duration::days(i), TET, names));
    }
    Ok(())
}

/// The day the Government adds next to 2 September. It chooses each year;
/// the default joins the holiday to a weekend where possible: 1/9 when 2/9
/// is a Tuesday (long weekend Sat-Tue), Friday or Saturday, otherwise 3/9.
fn national_day_adjacent(national_day: NaiveDate) -> NaiveDate {
    match national_day.weekday() {
        Weekday::Tue | Weekday::Fri | Weekday::Sat => national_day - Duration::days(1),
        _ => national_day + Duration::days(1),
    }
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Applies the weekend rule to `holidays` (sorted by date). All holidays
/// count as days off from the start, and each compensatory day joins them as
/// it is chosen, so a Fri-Tue Tết block compensates its Saturday and Sunday
/// with the Wednesday and Thursday after it rather than with its own Monday.
fn compensatory_days(holidays: &[Statutory]) -> Vec<DayOff> {
    let mut off: BTreeSet<NaiveDate> = holidays.iter().map(|h| h.date).collect();
    let mut result = Vec::new();
    for h in holidays.iter().filter(|h| is_weekend(h.date)) {
        let mut d = h.date;
        // Terminates within a few days: only finitely many dates are off.
        loop {
            d += Duration::days(1);
            if !is_weekend(d) && !off.contains(&d) {
                break;
            }
        }
        off.insert(d);
        result.push(DayOff {
            date: d,
            name_vi: format!("Nghỉ bù {}", h.festival_vi),
            name_en: format!("Compensatory day off ({})", h.festival_en),
            source: DayOffSource::Compensatory,
        });
    }
    result
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// (date, source) pairs of a year, for compact assertions.
    fn listing(year: i32) -> Vec<(NaiveDate, DayOffSource)> {
        statutory_days_off(year).unwrap().into_iter().map(|d| (d.date, d.source)).collect()
    }

    use DayOffSource::{Compensatory as C, Statutory as S};

    #[test]
    fn year_2025() {
        assert_eq!(
            listing(2025),
            vec![
                (ymd(2025, 1, 1), S),
                // Tết: 29 tháng Chạp (Tue 28/1) to mùng 4 (Sat 1/2).
                (ymd(2025, 1, 28), S),
                (ymd(2025, 1, 29), S),
                (ymd(2025, 1, 30), S),
                (ymd(2025, 1, 31), S),
                (ymd(2025, 2, 1), S),
                (ymd(2025, 2, 3), C),
                (ymd(2025, 4, 7), S),
                (ymd(2025, 4, 30), S),
                (ymd(2025, 5, 1), S),
                // 2/9 is a Tuesday: the adjacent day is Monday 1/9.
                (ymd(2025, 9, 1), S),
                (ymd(2025, 9, 2), S),
            ]
        );
    }

    #[test]
    fn year_2026() {
        assert_eq!(
            listing(2026),
            vec![
                (ymd(2026, 1, 1), S),
                // Tết Bính Ngọ is Tue 17/2; Mon 16/2 ends the year Ất Tỵ.
                (ymd(2026, 2, 16), S),
                (ymd(2026, 2, 17), S),
                (ymd(2026, 2, 18), S),
                (ymd(2026, 2, 19), S),
                (ymd(2026, 2, 20), S),
                // Giỗ Tổ on Sunday 26/4, compensated on Monday 27/4.
                (ymd(2026, 4, 26), S),
                (ymd(2026, 4, 27), C),
                (ymd(2026, 4, 30), S),
                (ymd(2026, 5, 1), S),
                // 2/9 is a Wednesday: the adjacent day is Thursday 3/9.
                (ymd(2026, 9, 2), S),
                (ymd(2026, 9, 3), S),
            ]
        );
    }

    #[test]
    fn new_year_on_sunday_2023() {
        let days = listing(2023);
        assert_eq!(&days[..2], &[(ymd(2023, 1, 1), S), (ymd(2023, 1, 2), C)]);
        // 2/9/2023 is a Saturday: 1/9 (Fri) adjoins it and the Saturday is
        // compensated on Monday 4/9.
        assert!(days.ends_with(&[(ymd(2023, 9, 1), S), (ymd(2023, 9, 2), S), (ymd(2023, 9, 4), C)]));
    }

    #[test]
    fn weekend_inside_a_block_is_compensated_after_it() {
        // Tết 2021 (Tân Sửu) was Fri 12/2: block Thu 11/2 - Mon 15/2 contains
        // Sat 13/2 and Sun 14/2, compensated Tue 16/2 and Wed 17/2.
        let tet: Vec<_> = listing(2021).into_iter().filter(|(d, _)| d.month() == 2).collect();
        assert_eq!(
            tet,
            vec![
                (ymd(2021, 2, 11), S),
                (ymd(2021, 2, 12), S),
                (ymd(2021, 2, 13), S),
                (ymd(2021, 2, 14), S),
                (ymd(2021, 2, 15), S),
                (ymd(2021, 2, 16), C),
                (ymd(2021, 2, 17), C),
            ]
        );
        // 30/4/2022 Sat and 1/5/2022 Sun: compensated Mon 2/5 and Tue 3/5.
        let may: Vec<_> = listing(2022).into_iter().filter(|(d, _)| (4..=5).contains(&d.month())).collect();
        assert_eq!(
            &may[may.len() - 4..],
            &[(ymd(2022, 4, 30), S), (ymd(2022, 5, 1), S), (ymd(2022, 5, 2), C), (ymd(2022, 5, 3), C)]
        );
    }

    #[test]
    fn names_are_bilingual() {
        let days = statutory_days_off(2026).unwrap();
        let by_date = |d: NaiveDate| days.iter().find(|x| x.date == d).unwrap();
        assert_eq!(by_date(ymd(2026, 1, 1)).name_vi, "Tết Dương lịch");
        assert_eq!(by_date(ymd(2026, 1, 1)).name_en, "New Year's Day");
        let eve = by_date(ymd(2026, 2, 16));
        assert!(eve.name_vi.starts_with("Tết Nguyên đán (") && eve.name_vi.contains("ngày cuối năm âm lịch"));
        assert_eq!(eve.name_en, "Lunar New Year (last day of the lunar year)");
        assert_eq!(by_date(ymd(2026, 2, 17)).name_vi, "Tết Nguyên đán (mùng 1)");
        assert_eq!(by_date(ymd(2026, 2, 20)).name_en, "Lunar New Year (day 4)");
        assert_eq!(by_date(ymd(2026, 4, 26)).name_vi, "Giỗ Tổ Hùng Vương (10/3 âm lịch)");
        assert_eq!(by_date(ymd(2026, 4, 27)).name_vi, "Nghỉ bù Giỗ Tổ Hùng Vương");
        assert_eq!(by_date(ymd(2026, 4, 27)).name_en, "Compensatory day off (Hung Kings' Commemoration Day)");
        assert_eq!(by_date(ymd(2026, 9, 3)).name_vi, "Nghỉ liền kề Quốc khánh");
        let json = serde_json::to_string(by_date(ymd(2026, 4, 27))).unwrap();
        assert!(json.contains(r#""source":"compensatory""#), "{json}");
    }

    #[test]
    fn coinciding_holidays_are_one_day_off() {
        // 10/3 Đinh Hợi fell on 30/4/1947 (a Wednesday).
        let days = statutory_days_off(1947).unwrap();
        let day = days.iter().find(|d| d.date == ymd(1947, 4, 30)).unwrap();
        assert_eq!(day.name_vi, "Giỗ Tổ Hùng Vương (10/3 âm lịch) và Ngày Chiến thắng");
        assert_eq!(day.name_en, "Hung Kings' Commemoration Day and Reunification Day");
        assert_eq!(days.iter().filter(|d| d.date.month() == 4).count(), 1);
    }

    #[test]
    fn every_year_is_computable_and_well_formed() {
        for year in FIRST_YEAR..=LAST_YEAR {
            let days = statutory_days_off(year).unwrap();
            assert!(days.windows(2).all(|w| w[0].date < w[1].date), "{year}: sorted, no duplicates");
            assert!(days.iter().all(|d| d.date.year() == year));
            // 11 statutory days, fewer when Giỗ Tổ meets 30/4 or 1/5.
            let statutory = days.iter().filter(|d| d.source == DayOffSource::Statutory).count();
            assert!(statutory == 11 || statutory == 10, "{year}");
        }
        assert!(statutory_days_off(1899).is_err());
        assert!(statutory_days_off(2101).is_err());
    }
}
