//! Obligations due, per day and rule, within the caller's scope; and the
//! per-user iCalendar feed (RFC 5545).

use std::collections::BTreeMap;

use chrono::{NaiveDate, Utc};
use serde_json::{json, Value};
use tuanthu_core::{Finding, Status};

use crate::auth::Principal;
use crate::authz::Action;
use crate::cache::UPCOMING_DAYS;
use crate::http::Problem;
use crate::query::parse_date;
use crate::state::AppState;

/// Findings of one rule due on one day.
pub struct Obligation {
    pub date: NaiveDate,
    pub rule: String,
    pub cite: String,
    pub title_vi: String,
    pub title_en: String,
    pub pending: u64,
    pub pass: u64,
    pub fail: u64,
}

impl Obligation {
    #[must_use]
    pub fn total(&self) -> u64 {
        self.pending + self.pass + self.fail
    }

    #[must_use]
    pub fn to_json(&self) -> Value {
        json!({"date": self.date.format("%Y-%m-%d").to_string(), "rule": self.rule, "cite": self.cite,
            "title_vi": self.title_vi, "title_en": self.title_en,
            "counts": {"pending": self.pending, "pass": self.pass, "fail": self.fail}})
    }
}

/// Obligations due from `from` (default today) to `to` (default today + 45 days).
/// Passes are known only within 45 days of today (recurring obligations' next dates).
pub async fn obligations(
    state: &AppState,
    p: &Principal,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Vec<Obligation>, Problem> {
    let today = tuanthu_core::today_in_vietnam();
    let from = match from.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => parse_date("from", s)?,
        None => today,
    };
    let to = match to.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => parse_date("to", s)?,
        None => today + chrono::Duration::days(UPCOMING_DAYS),
    };
    if to < from || (to - from).num_days() > 366 {
        return Err(Problem::bad_request(
            "khoảng ngày không hợp lệ (tối đa 366 ngày)",
            "invalid date range (366 days at most)",
        ));
    }
    let (loaded, eval) = state.inner.cache.evaluation(state, today).await?;
    let scope = p.scope(Action::ReadCalendar, &loaded.snapshot);
    if !scope.allowed() {
        return Err(Problem::forbidden());
    }
    let mut by: BTreeMap<(NaiveDate, usize), Obligation> = BTreeMap::new();
    let rule_index = |f: &Finding| state.pack().rules.iter().position(|r| *r.id == *f.rule).unwrap_or(usize::MAX);
    for f in &eval.findings {
        let Some(due) = f.due else { continue };
        if due < from || due > to || !scope.sees(f.units.iter().map(|u| &**u)) {
            continue;
        }
        let idx = rule_index(f);
        let o = by.entry((due, idx)).or_insert_with(|| {
            let def = state.pack().rule(&f.rule);
            Obligation {
                date: due,
                rule: f.rule.to_string(),
                cite: f.cite.to_string(),
                title_vi: def.map(|d| d.title_vi.clone()).unwrap_or_default(),
                title_en: def.map(|d| d.title_en.clone()).unwrap_or_default(),
                pending: 0,
                pass: 0,
                fail: 0,
            }
        });
        match f.status {
            Status::Pending => o.pending += 1,
            Status::Pass => o.pass += 1,
            Status::Fail => o.fail += 1,
            _ => {}
        }
    }
    Ok(by.into_values().filter(|o| o.total() > 0).collect())
}

fn ics_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\n', "\\n")
}

/// Folds a content line at 75 octets (RFC 5545 §3.1), on character boundaries.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut len = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if len + n > 74 {
            out.push_str("\r\n ");
            len = 1;
        }
        out.push(c);
        len += n;
    }
    out.push_str("\r\n");
    out
}

/// The feed: one all-day event per (day, rule).
#[must_use]
pub fn ics(username: &str, obligations: &[Obligation], base_url: &str) -> String {
    let now = Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
    let mut s = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//tuanthu//QD 1048 TCHQ//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        s.push_str(&fold(l));
    }
    s.push_str(&fold(&format!("X-WR-CALNAME:tuanthu — {}", ics_escape(username))));
    s.push_str(&fold("X-WR-TIMEZONE:Asia/Ho_Chi_Minh"));
    for o in obligations {
        let date = o.date.format("%Y%m%d").to_string();
        let end = (o.date + chrono::Duration::days(1)).format("%Y%m%d").to_string();
        s.push_str(&fold("BEGIN:VEVENT"));
        s.push_str(&fold(&format!("UID:{date}-{}@tuanthu", o.rule)));
        s.push_str(&fold(&format!("DTSTAMP:{now}")));
        s.push_str(&fold(&format!("DTSTART;VALUE=DATE:{date}")));
        s.push_str(&fold(&format!("DTEND;VALUE=DATE:{end}")));
        s.push_str(&fold(&format!("SUMMARY:{}", ics_escape(&format!("[{}] {} ({})", o.rule, o.title_vi, o.total())))));
        s.push_str(&fold(&format!(
            "DESCRIPTION:{}",
            ics_escape(&format!(
                "{} — {}\nchờ hạn/pending {}, đạt/pass {}, vi phạm/fail {}\n{}",
                o.cite, o.title_en, o.pending, o.pass, o.fail, base_url
            ))
        )));
        s.push_str(&fold("END:VEVENT"));
    }
    s.push_str(&fold("END:VCALENDAR"));
    s
}
