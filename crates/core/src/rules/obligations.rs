//! Shared judgements of the organisational rules (issue 5, part A):
//! recurring obligations ("định kỳ", "hàng năm") and one-off deadlines after
//! an event, so that every rule words and dates them the same way.
//!
//! * A **recurring** obligation is met until `due` = last time done + the
//!   period (calendar months, docs/rules.md 1.6). Never done: the first `due`
//!   is counted from the start date (go-live, hiring, acquisition) when known.
//!   With neither, the subject `fail`s when the evidence kind has rows (the
//!   records exist, this subject has none) and is `no_evidence` when the kind
//!   was not imported at all. When the kind was not imported and a first
//!   `due` from the start date has passed, the subject is `no_evidence` too
//!   (the records may simply be missing); before it, `pass`.
//! * A **deadline** after an event is `pending` until `due`, then `fail`
//!   with `overdue_days`; done late is `fail` with the days late.

use chrono::NaiveDate;

use super::recency::add_months;
use super::Context;
use crate::finding::{vn_date, Finding, Status};
use crate::rulepack::{Params, RulePackError};

/// What a recurring obligation is, for messages: (Vietnamese, English).
pub(super) type What<'a> = (&'a str, &'a str);

/// Judges a recurring obligation; `last` and `start` must already be limited
/// to dates on or before the as-of date.
pub(super) fn recurring(
    ctx: &Context<'_>,
    f: Finding,
    last: Option<NaiveDate>,
    start: Option<NaiveDate>,
    months: u32,
    any_records: bool,
    what: What<'_>,
) -> Finding {
    let (vi, en) = (capitalised(what.0), capitalised(what.1));
    let (vi, en) = (vi.as_str(), en.as_str());
    let (lvi, len) = what;
    let as_of = ctx.as_of;
    match (last, start.filter(|s| *s <= as_of)) {
        (Some(l), _) => {
            let due = add_months(l, months);
            if as_of > due {
                Finding { status: Status::Fail, ..f }.due(Some(due)).overdue_from(due, as_of).message(
                    format!("{vi} lần gần nhất ngày {}; phải thực hiện lại trước {}.", vn_date(l), vn_date(due)),
                    format!("{en} last on {l}; was due again by {due}."),
                )
            } else {
                f.due(Some(due)).message(
                    format!("{vi} lần gần nhất ngày {}; hạn tiếp theo {}.", vn_date(l), vn_date(due)),
                    format!("{en} last on {l}; next due by {due}."),
                )
            }
        }
        (None, Some(s)) if any_records || as_of <= add_months(s, months) => {
            let due = add_months(s, months);
            if as_of > due {
                Finding { status: Status::Fail, ..f }.due(Some(due)).overdue_from(due, as_of).message(
                    format!("Chưa có hồ sơ {lvi}; hạn lần đầu {} (tính từ {}).", vn_date(due), vn_date(s)),
                    format!("No record: {len} never; first due by {due} (counted from {s})."),
                )
            } else {
                f.due(Some(due)).message(
                    format!("Chưa có hồ sơ {lvi}; hạn lần đầu {} (tính từ {}).", vn_date(due), vn_date(s)),
                    format!("No record yet: {len}; first due by {due} (counted from {s})."),
                )
            }
        }
        (None, _) if any_records => Finding { status: Status::Fail, ..f }
            .message(format!("Không có hồ sơ {vi} nào."), format!("No record: {en} never.")),
        (None, _) => Finding { status: Status::NoEvidence, ..f }.message(
            format!("Chưa nhập dữ liệu để xác định {lvi}."),
            format!("No evidence imported to tell whether: {len}."),
        ),
    }
}

/// The text with its first letter in upper case.
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// Judges a one-off obligation with deadline `due`; `done` must already be
/// limited to dates on or before the as-of date. `what` describes what was
/// (or must be) done, `after` the event it follows.
pub(super) fn deadline(
    ctx: &Context<'_>,
    f: Finding,
    due: NaiveDate,
    done: Option<NaiveDate>,
    what: What<'_>,
    after: What<'_>,
) -> Finding {
    let ((vi, en), (avi, aen)) = (what, after);
    let f = f.due(Some(due));
    match done {
        Some(d) if d <= due => f.message(
            format!("{vi} ngày {}, trong hạn {} ({avi}).", vn_date(d), vn_date(due)),
            format!("{en} on {d}, within the deadline {due} ({aen})."),
        ),
        Some(d) => Finding { status: Status::Fail, ..f }.overdue_from(due, d).message(
            format!("{vi} muộn, ngày {} (hạn {}; {avi}).", vn_date(d), vn_date(due)),
            format!("{en} late, on {d} (deadline {due}; {aen})."),
        ),
        None if ctx.as_of <= due => Finding { status: Status::Pending, ..f }.message(
            format!("Chưa thực hiện: {vi}; hạn {} ({avi}).", vn_date(due)),
            format!("Not yet done: {en}; due by {due} ({aen})."),
        ),
        None => Finding { status: Status::Fail, ..f }.overdue_from(due, ctx.as_of).message(
            format!("Chưa thực hiện: {vi}; đã quá hạn {} ({avi}).", vn_date(due)),
            format!("Not done: {en}; past the deadline {due} ({aen})."),
        ),
    }
}

/// A `DD/MM` day of the year from the pack (`due_day_month` convention).
pub(super) fn day_month(p: &Params<'_>, name: &str, default: &str) -> Result<(u32, u32), RulePackError> {
    let s = p.string(name, Some(default))?;
    let parsed = s
        .split_once('/')
        .and_then(|(d, m)| Some((d.trim().parse::<u32>().ok()?, m.trim().parse::<u32>().ok()?)))
        .filter(|&(d, m)| NaiveDate::from_ymd_opt(2024, m, d).is_some());
    parsed.ok_or_else(|| {
        RulePackError::rule(
            p.rule,
            format!("tham số {name} = \"{s}\" phải có dạng DD/MM"),
            format!("parameter {name} = \"{s}\" must be DD/MM"),
        )
    })
}

/// The date of a `DD/MM` day in `year` (29/02 falls back to 28/02).
pub(super) fn on_day(year: i32, (d, m): (u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, m, d)
        .or_else(|| NaiveDate::from_ymd_opt(year, m, d.saturating_sub(1)))
        .unwrap_or(NaiveDate::MIN)
}

/// A `YYYY-MM-DD` date parameter.
pub(super) fn date_param(p: &Params<'_>, name: &str, default: &str) -> Result<NaiveDate, RulePackError> {
    let s = p.string(name, Some(default))?;
    NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| {
        RulePackError::rule(
            p.rule,
            format!("tham số {name} = \"{s}\" phải là ngày YYYY-MM-DD"),
            format!("parameter {name} = \"{s}\" must be a YYYY-MM-DD date"),
        )
    })
}

/// A list of enumerated values given as strings, each checked against `allowed`.
pub(super) fn names(
    p: &Params<'_>,
    name: &str,
    default: &[&str],
    allowed: &[&str],
) -> Result<Vec<String>, RulePackError> {
    let v = p.strings(name, default)?;
    if let Some(bad) = v.iter().find(|s| !allowed.contains(&s.as_str())) {
        return Err(RulePackError::rule(
            p.rule,
            format!("tham số {name}: giá trị \"{bad}\" không hợp lệ (một trong: {})", allowed.join(", ")),
            format!("parameter {name}: invalid value \"{bad}\" (one of: {})", allowed.join(", ")),
        ));
    }
    Ok(v)
}

/// Joins a list for a message, or `—` when empty.
pub(super) fn list(items: &[String]) -> String {
    if items.is_empty() {
        "—".into()
    } else {
        items.join(", ")
    }
}
