//! What the operational rules (issue 6: Điều 9, 10, 14, 15, 17, 20-22, 24)
//! share: findings about systems, whether a system is in operation on the
//! as-of date, and the judgement of a recurring obligation that may never
//! have been met.
//!
//! **Never done.** A system in operation with no record of a recurring
//! obligation has not met it. Its first deadline is counted from its go-live
//! date (`in_operation_since`): before that deadline the finding is
//! `pending`, after it `fail` with the days overdue. When the go-live date is
//! unknown no deadline can be computed, and the finding is `fail` without a
//! due date: the system is running and nothing shows the obligation was ever
//! met (recording `in_operation_since` turns it into a dated finding).

use chrono::NaiveDate;

use super::Context;
use crate::evidence::System;
use crate::finding::{vn_date, Finding, Status, SubjectKind};
use crate::rulepack::{Params, RulePackError};

/// A finding about a system, with its evidence reference and units.
pub(super) fn system_finding(ctx: &Context<'_>, s: &System, status: Status) -> Finding {
    Finding::new(status, SubjectKind::System, s.system_id.clone())
        .evidence(format!("systems/{}", s.system_id))
        .units(ctx.snapshot.system_units(&s.system_id))
}

/// Systems whose level the rule covers, in evidence order.
pub(super) fn systems_in_scope<'a>(ctx: &'a Context<'_>) -> impl Iterator<Item = &'a System> + 'a {
    ctx.snapshot.systems.iter().filter(move |s| ctx.def.applies_to_level(s.level))
}

/// In operation on `day`: `in_operation` is yes and the go-live date, if
/// known, is not after `day`.
pub(super) fn operating(s: &System, day: NaiveDate) -> bool {
    s.in_operation && s.in_operation_since.is_none_or(|d| d <= day)
}

/// The `not_applicable` finding of a system not in operation.
pub(super) fn not_operating(f: Finding, s: &System) -> Finding {
    let (vi, en) = match s.in_operation_since {
        Some(d) if s.in_operation => (
            format!("Hệ thống đưa vào vận hành ngày {}, sau ngày đánh giá.", vn_date(d)),
            format!("System goes live on {d}, after the as-of date."),
        ),
        _ => ("Hệ thống chưa đưa vào vận hành.".to_string(), "System not in operation.".to_string()),
    };
    Finding { status: Status::NotApplicable, ..f }.message(vi, en)
}

/// Vietnamese and English wording of what must recur ("Kiểm tra phục hồi dữ
/// liệu", "Restore test") and of the period ("3 tháng", "3 months").
pub(super) struct Recurring<'a> {
    pub what: (&'a str, &'a str),
    pub period: (String, String),
}

/// Judges a recurring obligation: last met on `last` (`None`: never), the
/// next deadline computed by `next` from a start date, and the go-live date
/// for the first deadline of a never-met obligation (see the module docs).
pub(super) fn judge_recurring(
    ctx: &Context<'_>,
    f: Finding,
    last: Option<NaiveDate>,
    next: impl Fn(NaiveDate) -> NaiveDate,
    since: Option<NaiveDate>,
    r: &Recurring<'_>,
) -> Finding {
    let (vi, en) = r.what;
    let (pvi, pen) = (&r.period.0, &r.period.1);
    match (last, since) {
        (Some(last), _) => {
            let due = next(last);
            if ctx.as_of > due {
                Finding { status: Status::Fail, ..f }.due(Some(due)).overdue_from(due, ctx.as_of).message(
                    format!("{vi} lần gần nhất ngày {}; định kỳ {pvi}, hạn {} đã qua.", vn_date(last), vn_date(due)),
                    format!("{en} last on {last}; required every {pen}, was due by {due}."),
                )
            } else if ctx.only_counted(Status::Pass) {
                Finding { status: Status::Pass, ..f }.due(Some(due))
            } else {
                Finding { status: Status::Pass, ..f }.due(Some(due)).message(
                    format!("{vi} lần gần nhất ngày {}; định kỳ {pvi}, hạn tiếp theo {}.", vn_date(last), vn_date(due)),
                    format!("{en} last on {last}; required every {pen}, next due by {due}."),
                )
            }
        }
        (None, Some(since)) => {
            let due = next(since);
            if ctx.as_of > due {
                Finding { status: Status::Fail, ..f }.due(Some(due)).overdue_from(due, ctx.as_of).message(
                    format!(
                        "Chưa có lần nào ({vi}) kể từ khi đưa vào vận hành ngày {}; định kỳ {pvi}, hạn lần đầu {} đã qua.",
                        vn_date(since),
                        vn_date(due)
                    ),
                    format!(
                        "No record ({en}) since go-live on {since}; required every {pen}, the first was due by {due}."
                    ),
                )
            } else {
                Finding { status: Status::Pending, ..f }.due(Some(due)).message(
                    format!(
                        "Chưa có lần nào ({vi}); đưa vào vận hành ngày {}, định kỳ {pvi}, hạn lần đầu {}.",
                        vn_date(since),
                        vn_date(due)
                    ),
                    format!("No record ({en}) yet; live since {since}, required every {pen}, first due by {due}."),
                )
            }
        }
        (None, None) => Finding { status: Status::Fail, ..f }.message(
            format!(
                "Chưa có lần nào ({vi}); định kỳ {pvi}. Không rõ ngày đưa vào vận hành (in_operation_since) nên không tính được hạn."
            ),
            format!(
                "No record ({en}) at all; required every {pen}. The go-live date (in_operation_since) is unknown, so no deadline can be computed."
            ),
        ),
    }
}

/// A date parameter written `"YYYY-MM-DD"`.
pub(super) fn date_param(
    p: &Params<'_>,
    name: &str,
    default: Option<&str>,
) -> Result<Option<NaiveDate>, RulePackError> {
    let text = match p.table.get(name) {
        None => default.map(str::to_string),
        Some(toml::Value::String(s)) => Some(s.clone()),
        Some(toml::Value::Datetime(d)) => Some(d.to_string()),
        Some(_) => None.ok_or_else(|| bad_date(p, name))?,
    };
    text.map(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|_| bad_date(p, name))).transpose()
}

fn bad_date(p: &Params<'_>, name: &str) -> RulePackError {
    RulePackError::rule(
        p.rule,
        format!("tham số {name} phải là ngày \"YYYY-MM-DD\""),
        format!("parameter {name} must be a \"YYYY-MM-DD\" date"),
    )
}

/// A list of names checked against the allowed ones.
pub(super) fn names_param(
    p: &Params<'_>,
    name: &str,
    default: &[&str],
    allowed: &[&str],
) -> Result<Vec<String>, RulePackError> {
    let v = p.strings(name, default)?;
    if let Some(bad) = v.iter().find(|x| !allowed.contains(&x.as_str())) {
        return Err(RulePackError::rule(
            p.rule,
            format!("tham số {name}: \"{bad}\" không hợp lệ (cho phép: {})", allowed.join(", ")),
            format!("parameter {name}: invalid \"{bad}\" (allowed: {})", allowed.join(", ")),
        ));
    }
    Ok(v)
}

/// "3 tháng" / "3 months".
pub(super) fn months_text(m: u32) -> (String, String) {
    (format!("{m} tháng"), if m == 1 { "1 month".into() } else { format!("{m} months") })
}
