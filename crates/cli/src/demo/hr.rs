//! HR events: who left, who moved, and when their accounts were handled.
//!
//! Departures and transfers are planned here by quota (see the module doc of
//! `demo`), then written to hr_events.csv in date order with decision
//! numbers that restart each year (`123/QĐ-HQ`; a Chi cục's own transfers
//! are `45/QĐ-KV05`).

use std::io;
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use super::csv_out::{CsvWriter, DateFmt};
use super::dates::{add_days, add_weekdays, weekday_back};
use super::names;
use super::org::Org;
use super::people::{People, Person};
use super::rng::{quota, Rng};
use super::Progress;

/// Why and when a person left Customs.
pub struct Leave {
    pub kind: &'static str,
    pub date: NaiveDate,
}

/// How long ago a person left: decides which outcomes their accounts can have.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LeaveClass {
    /// Effective in the last 2 days: the 3-working-day deadline is still open.
    Pending,
    /// Effective 3-10 days ago: disabled on time, or still active.
    Recent,
    /// Effective 40 days to 18 months ago.
    Old,
}

/// A transfer within the last year (or an older one, handled on time).
pub struct Transfer {
    pub kind: &'static str,
    pub date: NaiveDate,
    pub from: usize,
    pub outcome: TransferOutcome,
}

/// Whether rights were adjusted within 5 working days of a transfer.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum TransferOutcome {
    OnTime,
    Late,
    Never,
    /// Effective in the last two weeks: adjusted already, or still open.
    Recent,
}

/// What happened to one account of a leaver.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Disabled within 3 working days.
    OnTime,
    /// Disabled 9-22 working days after.
    Late,
    /// Still active, no exception.
    Active,
    /// Still active under a written exception.
    Kept(ExcKind),
    /// Recent leaver: disabled on time or still active.
    Recent,
    /// Left in the last 2 days: still active.
    Pending,
}

/// The state of the exception row of a kept account.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ExcKind {
    Valid,
    Expired,
    NoReason,
    NoRights,
    NoUntil,
}

/// ~3 % of persons left: a few in the last 2 days (pending), a few 3-10 days
/// ago, the rest over the last 18 months; their accounts get outcomes by quota.
pub fn plan_leavers(persons: &mut [Person], today: NaiveDate, rng: &mut Rng) {
    let n = persons.len();
    let mut idx: Vec<usize> =
        (0..n).filter(|&i| !names::LEADER_POSITIONS[..4].contains(&persons[i].position)).collect();
    rng.shuffle(&mut idx);
    let n_left = quota(0.03, 12, idx.len());
    let n_pending = quota(0.0005, 2, n);
    let n_recent = quota(0.0005, 2, n);
    for (k, &i) in idx.iter().take(n_left).enumerate() {
        let p = &mut persons[i];
        let kind = *rng.weighted(&[("leave_customs", 45), ("resign", 25), ("retire", 30)]).unwrap_or(&"resign");
        let (class, date) = if k < n_pending {
            (LeaveClass::Pending, add_days(today, -rng.range(0, 2)))
        } else if k < n_pending + n_recent {
            (LeaveClass::Recent, add_days(today, -rng.range(3, 10)))
        } else {
            let d = weekday_back(rng, today, 40, 548);
            let first = d.with_day(1).unwrap_or(d);
            (LeaveClass::Old, if rng.chance(0.4) && first <= add_days(today, -40) { first } else { d })
        };
        if kind == "retire" {
            p.hired = p.hired.min(add_days(date, -rng.range(25 * 365, 36 * 365)));
        }
        p.hired = p.hired.min(add_days(date, -rng.range(90, 3000)));
        p.appointment = p.appointment.filter(|a| *a < date && *a > p.hired);
        let accounts = p.systems.len() + p.n_admin;
        let outcome = match class {
            LeaveClass::Pending => Outcome::Pending,
            LeaveClass::Recent => Outcome::Recent,
            LeaveClass::Old => Outcome::OnTime,
        };
        p.outcomes = vec![outcome; accounts];
        p.leave = Some(Leave { kind, date });
    }
    // Outcomes of the old leavers' accounts, by quota over all of them.
    let mut slots: Vec<(usize, usize)> = Vec::new();
    for &i in idx.iter().take(n_left).skip(n_pending + n_recent) {
        slots.extend((0..persons[i].outcomes.len()).map(|k| (i, k)));
    }
    rng.shuffle(&mut slots);
    let m = slots.len();
    let kept = quota(0.02, 12, m);
    let bad_each = ((kept as f64 * 0.075).round() as usize).max(2);
    let valid = kept.saturating_sub(4 * bad_each).max(2);
    let plan = [
        (Outcome::Kept(ExcKind::Valid), valid),
        (Outcome::Kept(ExcKind::Expired), bad_each),
        (Outcome::Kept(ExcKind::NoReason), bad_each),
        (Outcome::Kept(ExcKind::NoRights), bad_each),
        (Outcome::Kept(ExcKind::NoUntil), bad_each),
        (Outcome::Active, quota(0.05, 2, m)),
        (Outcome::Late, quota(0.08, 2, m)),
    ];
    let mut it = slots.into_iter();
    for (outcome, count) in plan {
        for (i, k) in it.by_ref().take(count) {
            if let Some(o) = persons[i].outcomes.get_mut(k) {
                *o = outcome;
            }
        }
    }
}

/// ~5 % of persons transferred within the last year (80 % adjusted on time),
/// ~2 % more 1-3 years ago (on time).
pub fn plan_transfers(persons: &mut [Person], org: &Org, today: NaiveDate, rng: &mut Rng) {
    let mut idx: Vec<usize> =
        (0..persons.len()).filter(|&i| persons[i].active() && persons[i].appointment.is_none()).collect();
    rng.shuffle(&mut idx);
    let n_recent_year = quota(0.05, 10, persons.len());
    let n_older = quota(0.02, 2, persons.len());
    let mut late_ok = Vec::new();
    for (k, &i) in idx.iter().take(n_recent_year + n_older).enumerate() {
        let date =
            if k < n_recent_year { weekday_back(rng, today, 1, 365) } else { weekday_back(rng, today, 366, 3 * 365) };
        let p = &mut persons[i];
        let kv = org.units.get(p.unit).and_then(|u| u.kv);
        let internal = rng.chance(0.6) || org.kvs.len() < 2 || kv.is_none();
        let from = match (internal, kv) {
            (true, Some(k)) => other_than(p.unit, &org.kvs[k].subunits, rng).unwrap_or(org.kvs[k].unit),
            (true, None) if org.is_it_central(p.unit) => other_than(p.unit, &org.it_units, rng).unwrap_or(org.cntt),
            (true, None) => other_than(p.unit, &org.departments, rng).unwrap_or(org.chq),
            (false, _) => {
                let other = (kv.unwrap_or(0) + 1 + rng.index(org.kvs.len().saturating_sub(1))) % org.kvs.len().max(1);
                org.kvs.get(other).map_or(org.chq, |x| *rng.pick(&x.subunits).unwrap_or(&x.unit))
            }
        };
        let kind = if internal { "transfer_internal" } else { "transfer_customs" };
        let outcome = if date > add_days(today, -14) { TransferOutcome::Recent } else { TransferOutcome::OnTime };
        if date <= add_days(today, -45) && k < n_recent_year {
            late_ok.push(i);
        }
        p.hired = p.hired.min(add_days(date, -rng.range(60, 3000)));
        p.transfer = Some(Transfer { kind, date, from, outcome });
    }
    let n_late = quota(0.1, 2, late_ok.len());
    let n_never = quota(0.1, 2, late_ok.len().saturating_sub(n_late));
    for (k, &i) in late_ok.iter().take(n_late + n_never).enumerate() {
        if let Some(t) = persons[i].transfer.as_mut() {
            t.outcome = if k < n_late { TransferOutcome::Late } else { TransferOutcome::Never };
        }
    }
}

pub const HR_EVENTS_HEADER: &[&str] =
    &["event_id", "person_id", "kind", "effective_date", "decision_no", "from_unit", "to_unit"];

struct Event {
    date: NaiveDate,
    person: usize,
    kind: &'static str,
    from: Option<usize>,
    to: Option<usize>,
}

/// Hires (last 3 years), appointments, transfers and departures, by date.
pub fn write_hr_events(
    path: &Path,
    org: &Org,
    people: &People,
    today: NaiveDate,
    seed: u64,
    progress: &mut Progress<'_>,
) -> io::Result<u64> {
    let mut events = Vec::new();
    let recent_hire = add_days(today, -3 * 365);
    for (i, p) in people.persons.iter().enumerate() {
        let first_unit = p.transfer.as_ref().map_or(p.unit, |t| t.from);
        if p.hired >= recent_hire {
            events.push(Event { date: p.hired, person: i, kind: "hire", from: None, to: Some(first_unit) });
        }
        if let Some(d) = p.appointment {
            events.push(Event { date: d, person: i, kind: "appointment", from: Some(p.unit), to: Some(p.unit) });
        }
        if let Some(t) = &p.transfer {
            events.push(Event { date: t.date, person: i, kind: t.kind, from: Some(t.from), to: Some(p.unit) });
        }
        if let Some(l) = &p.leave {
            events.push(Event { date: l.date, person: i, kind: l.kind, from: Some(p.unit), to: None });
        }
    }
    events.sort_by_key(|e| (e.date, e.person, e.kind));
    let mut rng = Rng::derive(seed, 20, 0);
    let mut year = 0;
    let mut number = 0u64;
    let total = events.len() as u64;
    let mut w = CsvWriter::create(path, HR_EVENTS_HEADER)?;
    for (k, e) in events.iter().enumerate() {
        if e.date.year() != year {
            year = e.date.year();
            number = rng.below(40);
        }
        number += 1 + rng.below(6);
        let issuer = match (e.kind, e.from.and_then(|u| org.units.get(u)).and_then(|u| u.kv)) {
            ("transfer_internal", Some(kv)) => org.code(org.kvs[kv].unit).to_string(),
            _ => "HQ".to_string(),
        };
        w.fmt(format_args!("E{:06}", k + 1))?;
        w.field(&people.persons[e.person].code())?;
        w.field(e.kind)?;
        w.date(Some(e.date), DateFmt::Iso)?;
        w.fmt(format_args!("{number}/QĐ-{issuer}"))?;
        w.field(e.from.map_or("", |u| org.code(u)))?;
        w.field(e.to.map_or("", |u| org.code(u)))?;
        w.end_row()?;
        progress.tick(w.rows(), total);
    }
    w.finish()
}

/// A unit of `units` other than `unit`, if there is one.
fn other_than(unit: usize, units: &[usize], rng: &mut Rng) -> Option<usize> {
    let others: Vec<usize> = units.iter().copied().filter(|&u| u != unit).collect();
    rng.pick(&others).copied()
}

/// The date rights were adjusted after a transfer, per the planned outcome.
pub fn rights_changed(t: &Transfer, today: NaiveDate, r: &mut Rng) -> Option<NaiveDate> {
    match t.outcome {
        TransferOutcome::OnTime => Some(add_weekdays(t.date, r.range(0, 5) as u32).min(today)),
        TransferOutcome::Late => Some(add_weekdays(t.date, r.range(14, 30) as u32).min(today)),
        TransferOutcome::Never => None,
        TransferOutcome::Recent => {
            let d = add_weekdays(t.date, r.range(0, 5) as u32);
            (d <= today && r.chance(0.6)).then_some(d)
        }
    }
}
