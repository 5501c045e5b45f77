//! `tuanthu calendar …`: the Vietnamese lunar calendar and working days.

use anyhow::{Context, Result};
use chrono::{Datelike, NaiveDate};
use serde_json::json;
use tuanthu_core::calendar::{lunar_to_solar, solar_to_lunar, year_name, Calendar, DayOffSource};

use crate::args::{CalendarCommand, Global, TextOrJson};

/// The calendar with official decisions imported into the database, if any.
fn calendar(g: &Global) -> Result<Calendar> {
    match super::open_existing_store(g)? {
        Some(mut store) => Ok(Calendar::new(&store.holidays()?)),
        None => Ok(Calendar::statutory()),
    }
}

const WEEKDAYS_VI: [&str; 7] = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"];

fn weekday_vi(d: chrono::NaiveDate) -> &'static str {
    WEEKDAYS_VI[d.weekday().num_days_from_monday() as usize]
}

pub fn run(g: &Global, cmd: &CalendarCommand) -> Result<u8> {
    match cmd {
        CalendarCommand::Lunar { date, format } => {
            let d = super::parse_date_arg(date)?;
            let l = solar_to_lunar(d)?;
            let name = year_name(l.year);
            match format {
                TextOrJson::Json => println!(
                    "{}",
                    json!({"day": l.day, "month": l.month, "year": l.year, "leap": l.leap, "year_name": name})
                ),
                TextOrJson::Text => println!(
                    "{}/{}{}/{} âm lịch (năm {name})",
                    l.day,
                    l.month,
                    if l.leap { " nhuận" } else { "" },
                    l.year
                ),
            }
        }
        CalendarCommand::Solar { day, month, year, leap, format } => {
            let d = lunar_to_solar(*day, *month, *year, *leap)?;
            match format {
                TextOrJson::Json => println!("{}", json!({"date": d.format("%Y-%m-%d").to_string()})),
                TextOrJson::Text => println!("{} ({}, {})", d.format("%Y-%m-%d"), d.format("%d/%m/%Y"), weekday_vi(d)),
            }
        }
        CalendarCommand::AddWorkdays { date, n, format } => {
            let start = super::parse_date_arg(date)?;
            // The holidays are known for 1900-2100 only: a date beyond would
            // silently ignore them. (Working days never outnumber calendar
            // days, so a too large N is refused before counting.)
            let (first, last) = (NaiveDate::from_ymd_opt(1900, 1, 1), NaiveDate::from_ymd_opt(2100, 12, 31));
            let in_range = |d: NaiveDate| first.is_some_and(|f| d >= f) && last.is_some_and(|l| d <= l);
            let room = last.map_or(0, |l| (l - start).num_days());
            if !in_range(start) || i64::from(*n) > room {
                anyhow::bail!(
                    "ngày bắt đầu và kết quả phải trong phạm vi lịch 1900-2100 / the start and the result must lie within the calendar's range, 1900-2100"
                );
            }
            let end = calendar(g)?.add_working_days(start, *n);
            if !in_range(end) {
                anyhow::bail!(
                    "kết quả {end} ngoài phạm vi lịch 1900-2100 / the result {end} lies outside the calendar's range, 1900-2100"
                );
            }
            match format {
                TextOrJson::Json => println!(
                    "{}",
                    json!({"start": start.format("%Y-%m-%d").to_string(), "working_days": n, "date": end.format("%Y-%m-%d").to_string()})
                ),
                TextOrJson::Text => {
                    println!("{} ({}, {})", end.format("%Y-%m-%d"), end.format("%d/%m/%Y"), weekday_vi(end))
                }
            }
        }
        CalendarCommand::Due(args) => return super::due::run(g, args),
        CalendarCommand::Holidays { year, format } => {
            if !(1900..=2100).contains(year) {
                anyhow::bail!("năm phải từ 1900 đến 2100 / the year must be 1900-2100");
            }
            let cal = calendar(g)?;
            let days = cal.days_off(*year);
            let workdays = cal.official_workdays(*year);
            let source = |s: DayOffSource| match s {
                DayOffSource::Statutory => "statutory",
                DayOffSource::Compensatory => "compensatory",
                DayOffSource::Official => "official",
            };
            match format {
                TextOrJson::Json => {
                    let mut out: Vec<serde_json::Value> = days
                        .iter()
                        .map(|d| {
                            json!({"date": d.date.format("%Y-%m-%d").to_string(), "kind": "holiday", "name_vi": d.name_vi, "name_en": d.name_en, "source": source(d.source)})
                        })
                        .collect();
                    for (d, name) in &workdays {
                        out.push(json!({"date": d.format("%Y-%m-%d").to_string(), "kind": "workday", "name_vi": name.clone().unwrap_or_else(|| "Ngày làm việc bù".into()), "name_en": name.clone().unwrap_or_else(|| "Official working day".into()), "source": "official"}));
                    }
                    out.sort_by(|a, b| a["date"].as_str().cmp(&b["date"].as_str()));
                    println!("{}", serde_json::to_string_pretty(&out).context("json")?);
                }
                TextOrJson::Text => {
                    println!("Ngày nghỉ lễ, Tết năm {year} / public holidays of {year}:");
                    for d in &days {
                        println!(
                            "  {} {:<9} {} / {}",
                            d.date.format("%d/%m/%Y"),
                            weekday_vi(d.date),
                            d.name_vi,
                            d.name_en
                        );
                    }
                    for (d, name) in &workdays {
                        println!(
                            "  {} {:<9} làm việc / working day{}",
                            d.format("%d/%m/%Y"),
                            weekday_vi(*d),
                            name.as_deref().map(|n| format!(" ({n})")).unwrap_or_default()
                        );
                    }
                }
            }
        }
    }
    Ok(0)
}
