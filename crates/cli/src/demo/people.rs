//! Staff, their HR events, and the plan of what happens to their accounts.
//!
//! Every person is generated up front (200,000 at the 10x scale is a few tens
//! of MB): the accounts file is then streamed person by person from this
//! plan. Leavers and transfers get their outcome here, by quota, so that each
//! case the rules must catch shows up in the expected share and at least
//! twice even in the `small` files.

use std::collections::HashSet;
use std::io;
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use super::csv_out::{CsvWriter, DateFmt};
use super::dates::{add_days, add_weekdays, later, weekday_back};
use super::names;
use super::org::{Org, System};
use super::rng::{quota, share_at_least, Rng, Strata};
use super::{Progress, Sizes};

/// Why and when a person left Customs.
pub struct Leave {
    pub kind: &'static str,
    pub date: NaiveDate,
    pub class: LeaveClass,
}

/// How long ago a person left: decides which outcomes their accounts can have.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum LeaveClass {
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

/// One staff member.
pub struct Person {
    pub id: u32,
    pub name: String,
    /// Username styles `annv` and `an.nguyenvan` (with the same clash suffix).
    pub login_short: String,
    pub login_dotted: String,
    pub email: String,
    pub unit: usize,
    pub position: &'static str,
    pub it: bool,
    pub sensitive: bool,
    pub background: Option<NaiveDate>,
    pub nda: Option<NaiveDate>,
    pub hired: NaiveDate,
    pub leave: Option<Leave>,
    pub transfer: Option<Transfer>,
    pub appointment: Option<NaiveDate>,
    /// Systems with an ordinary account; the first `n_admin` also have an admin account.
    pub systems: Vec<u32>,
    pub n_admin: usize,
    /// Leavers only: outcome of each account (user accounts, then admin ones).
    pub outcomes: Vec<Outcome>,
}

impl Person {
    pub fn active(&self) -> bool {
        self.leave.is_none()
    }

    /// `HQ000123`.
    pub fn code(&self) -> String {
        person_code(self.id)
    }

    /// The last day the accounts can have been created: before any HR event.
    pub fn created_limit(&self, today: NaiveDate) -> NaiveDate {
        let event = self.leave.as_ref().map(|l| l.date).or(self.transfer.as_ref().map(|t| t.date));
        event.map_or(add_days(today, -1), |d| add_days(d, -1))
    }
}

/// `HQ` and six digits.
pub fn person_code(id: u32) -> String {
    format!("HQ{id:06}")
}

/// Everyone, plus the indexes the account generator needs.
pub struct People {
    pub persons: Vec<Person>,
    /// Active persons per Chi cục (`kvs.len()` = central units).
    pub active_by_kv: Vec<Vec<u32>>,
    /// Active IT staff per Chi cục (last = CNTT).
    pub it_by_kv: Vec<Vec<u32>>,
}

impl People {
    /// A person id that is not in persons.csv (a gap in the numbering).
    pub fn unknown_id(&self, rng: &mut Rng, used: &mut HashSet<u32>) -> Option<u32> {
        for _ in 0..10_000 {
            let i = rng.index(self.persons.len().saturating_sub(1));
            let (a, b) = (self.persons.get(i)?.id, self.persons.get(i + 1)?.id);
            if b > a + 1 && used.insert(a + 1) {
                return Some(a + 1);
            }
        }
        None
    }
}

/// Generates all persons and plans their events and account outcomes.
pub fn build_people(org: &Org, systems: &[System], sizes: &Sizes, today: NaiveDate, seed: u64) -> People {
    let mut rng = Rng::derive(seed, 10, 0);
    let weights = unit_weights(org);
    let pools = Pools::new(org, systems);
    let mut used_short = HashSet::new();
    let mut used_dotted = HashSet::new();
    let mut used_email = HashSet::new();
    let mut heads = vec![0u32; org.units.len()];
    let mut id = 100u32 + rng.below(400) as u32;
    let mut persons = Vec::with_capacity(sizes.persons);
    let mut s_bg = Strata::new(&mut rng);
    let mut s_nda = Strata::new(&mut rng);
    let bg_missing = share_at_least(0.05, 2, (sizes.persons / 10) as u64);
    let nda_missing = share_at_least(0.05, 2, (sizes.persons / 14) as u64);
    for i in 0..sizes.persons {
        let mut r = Rng::derive(seed, 11, i as u64);
        id += 1 + r.below(3) as u32;
        let unit = *r.weighted(&weights).unwrap_or(&org.chq);
        let it = org.is_it_central(unit) || org.is_kv_it(unit);
        let (name, given, family_middle) = full_name(&mut r);
        let (login_short, login_dotted) = logins(&given, &family_middle, &mut used_short, &mut used_dotted);
        let email = email(&name, &mut used_email);
        let position = position(org, unit, it, &mut heads, &mut r);
        let leader = names::LEADER_POSITIONS.contains(&position);
        let hired = add_days(today, -r.range(60, 34 * 365));
        let sensitive = if leader || it { r.chance(0.45) } else { r.chance(0.06) };
        let background = if sensitive {
            (s_bg.next() >= bg_missing).then(|| add_days(hired, -r.range(10, 60)))
        } else {
            r.chance(0.8).then(|| add_days(hired, -r.range(10, 90)))
        };
        let nda_ok = if it { s_nda.next() >= nda_missing } else { r.chance(0.9) };
        let nda = nda_ok.then(|| {
            let campaign = add_days(today, -r.range(3 * 365, 4 * 365));
            later(add_days(hired, r.range(0, 20)), campaign).min(add_days(today, -1))
        });
        let mut p = Person {
            id,
            name,
            login_short,
            login_dotted,
            email,
            unit,
            position,
            it,
            sensitive,
            background,
            nda,
            hired,
            leave: None,
            transfer: None,
            appointment: None,
            systems: Vec::new(),
            n_admin: 0,
            outcomes: Vec::new(),
        };
        let n = (i64::from(sizes.user_accounts) + r.range(-3, 3) + if it { 3 } else { 0 }).max(1) as usize;
        pools.pick(&mut p, org, systems, n, &mut r);
        if leader && r.chance(0.3) {
            p.appointment = Some(later(weekday_back(&mut r, today, 30, 1500), add_days(hired, 30)));
        }
        persons.push(p);
    }
    plan_leavers(&mut persons, today, &mut rng);
    plan_transfers(&mut persons, org, today, &mut rng);
    let n_groups = org.kvs.len() + 1;
    let mut active_by_kv = vec![Vec::new(); n_groups];
    let mut it_by_kv = vec![Vec::new(); n_groups];
    for (i, p) in persons.iter().enumerate() {
        if p.active() {
            let g = org.units.get(p.unit).and_then(|u| u.kv).unwrap_or(org.kvs.len());
            active_by_kv[g].push(i as u32);
            if p.it {
                it_by_kv[g].push(i as u32);
            }
        }
    }
    People { persons, active_by_kv, it_by_kv }
}

/// How persons spread over units: 3 % in CNTT, 10 % in CHQ and its Ban,
/// the rest in the Chi cục (3.5 % of each in its IT phòng).
fn unit_weights(org: &Org) -> Vec<(usize, u32)> {
    let mut w = Vec::new();
    let share = |total: u32, n: usize| (total / n.max(1) as u32).max(1);
    for &u in &org.it_units {
        w.push((u, share(30_000, org.it_units.len())));
    }
    w.push((org.chq, 5_000));
    for &u in &org.departments {
        w.push((u, share(95_000, org.departments.len())));
    }
    let per_kv = share(870_000, org.kvs.len());
    for kv in &org.kvs {
        w.push((kv.unit, per_kv / 250));
        w.push((kv.it_phong, per_kv * 35 / 1000));
        let others = kv.subunits.iter().filter(|&&u| u != kv.it_phong).count();
        for &u in kv.subunits.iter().filter(|&&u| u != kv.it_phong) {
            w.push((u, share(per_kv * 961 / 1000, others)));
        }
    }
    w
}

/// A full name, the given name and the family + middle names.
pub fn full_name(r: &mut Rng) -> (String, &'static str, Vec<&'static str>) {
    let female = r.chance(0.5);
    let family = *r.weighted(names::FAMILY).unwrap_or(&"Nguyễn");
    let mut parts = vec![family];
    parts.push(r.word(if female { names::MIDDLE_FEMALE } else { names::MIDDLE_MALE }));
    if r.chance(0.15) {
        parts.push(r.word(names::MIDDLE_SECOND));
    }
    let given = r.word(if female { names::GIVEN_FEMALE } else { names::GIVEN_MALE });
    let mut name = parts.join(" ");
    name.push(' ');
    name.push_str(given);
    (name, given, parts)
}

/// `annv` and `an.nguyenvan`, with the smallest suffix free in both styles.
fn logins(given: &str, family_middle: &[&str], short: &mut HashSet<String>, dotted: &mut HashSet<String>) -> (String, String) {
    let g = names::fold(given);
    let initials: String = family_middle.iter().filter_map(|w| names::fold(w).chars().next()).collect();
    let base_short = format!("{g}{initials}");
    let base_dotted = format!("{g}.{}", family_middle.iter().map(|w| names::fold(w)).collect::<String>());
    let mut n = 1u32;
    loop {
        let suffix = if n == 1 { String::new() } else { n.to_string() };
        let (a, b) = (format!("{base_short}{suffix}"), format!("{base_dotted}{suffix}"));
        if !short.contains(&a) && !dotted.contains(&b) {
            short.insert(a.clone());
            dotted.insert(b.clone());
            return (a, b);
        }
        n += 1;
    }
}

/// `nguyenvanan3@customs.gov.vn`.
fn email(name: &str, used: &mut HashSet<String>) -> String {
    let base: String = names::fold(name).chars().filter(|c| !c.is_whitespace()).collect();
    let mut n = 1u32;
    loop {
        let e = if n == 1 { format!("{base}@customs.gov.vn") } else { format!("{base}{n}@customs.gov.vn") };
        if used.insert(e.clone()) {
            return e;
        }
        n += 1;
    }
}

fn position(org: &Org, unit: usize, it: bool, heads: &mut [u32], r: &mut Rng) -> &'static str {
    let seen = heads.get(unit).copied().unwrap_or(0);
    if let Some(h) = heads.get_mut(unit) {
        *h += 1;
    }
    let is_kv = org.kvs.iter().any(|k| k.unit == unit);
    let head = if unit == org.chq || unit == org.cntt {
        Some(("Cục trưởng", "Phó Cục trưởng"))
    } else if is_kv {
        Some(("Chi cục trưởng", "Phó Chi cục trưởng"))
    } else if org.departments.contains(&unit) {
        Some(("Trưởng ban", "Phó Trưởng ban"))
    } else {
        None
    };
    match head {
        Some((chief, _)) if seen == 0 => chief,
        Some((_, deputy)) if seen < 4 || is_kv => deputy,
        _ => *r.weighted(if it { names::IT_POSITIONS } else { names::POSITIONS }).unwrap_or(&"Công chức"),
    }
}

/// Which systems a person can have accounts on.
struct Pools {
    /// In-operation central systems, most used first, with cumulative weights.
    central: Vec<(usize, f64)>,
    /// In-operation local systems per Chi cục.
    local: Vec<Vec<usize>>,
}

impl Pools {
    fn new(org: &Org, systems: &[System]) -> Self {
        let mut central = Vec::new();
        let mut acc = 0.0;
        for (i, s) in systems.iter().enumerate().filter(|(_, s)| s.kv.is_none() && s.in_operation) {
            acc += 1.0 / (central.len() as f64 + 1.5);
            central.push((i, acc));
        }
        let local = org.kvs.iter().map(|kv| kv.systems.iter().copied().filter(|&i| systems[i].in_operation).collect()).collect();
        Self { central, local }
    }

    /// Picks `n` distinct systems (e-mail first); operated ones first for IT staff.
    fn pick(&self, p: &mut Person, org: &Org, systems: &[System], n: usize, r: &mut Rng) {
        let kv = org.units.get(p.unit).and_then(|u| u.kv);
        let local: &[usize] = kv.and_then(|k| self.local.get(k)).map_or(&[], Vec::as_slice);
        let k_local = ((n as f64 * 0.4).round() as usize).min(local.len());
        let k_central = (n - k_local).min(self.central.len());
        let mut chosen: Vec<u32> = Vec::with_capacity(n);
        if let Some(&(first, _)) = self.central.first() {
            chosen.push(first as u32);
        }
        let total = self.central.last().map_or(0.0, |c| c.1);
        let mut tries = 0;
        while chosen.len() < k_central && tries < 50 * n {
            tries += 1;
            let x = r.unit() * total;
            let j = self.central.partition_point(|c| c.1 <= x);
            if let Some(&(s, _)) = self.central.get(j) {
                if !chosen.contains(&(s as u32)) {
                    chosen.push(s as u32);
                }
            }
        }
        let mut locals: Vec<usize> = local.to_vec();
        r.shuffle(&mut locals);
        chosen.extend(locals.iter().take(k_local).map(|&s| s as u32));
        // IT staff administer what their unit operates.
        let operated = |s: &u32| {
            let sys = &systems[*s as usize];
            match sys.kv {
                None => org.is_it_central(p.unit),
                Some(k) => org.is_kv_it(p.unit) && kv == Some(k) && org.kvs.get(k).is_some_and(|x| x.full_roles),
            }
        };
        let (mut ops, rest): (Vec<u32>, Vec<u32>) = chosen.into_iter().partition(|s| p.it && operated(s));
        p.n_admin = (ops.len() as f64 * 0.75).round() as usize;
        ops.extend(rest);
        p.systems = ops;
    }
}

/// ~3 % of persons left: a few in the last 2 days (pending), a few 3-10 days
/// ago, the rest over the last 18 months; their accounts get outcomes by quota.
fn plan_leavers(persons: &mut [Person], today: NaiveDate, rng: &mut Rng) {
    let n = persons.len();
    let mut idx: Vec<usize> = (0..n).filter(|&i| !names::LEADER_POSITIONS[..4].contains(&persons[i].position)).collect();
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
        p.leave = Some(Leave { kind, date, class });
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
fn plan_transfers(persons: &mut [Person], org: &Org, today: NaiveDate, rng: &mut Rng) {
    let mut idx: Vec<usize> = (0..persons.len()).filter(|&i| persons[i].active() && persons[i].appointment.is_none()).collect();
    rng.shuffle(&mut idx);
    let n_recent_year = quota(0.05, 10, persons.len());
    let n_older = quota(0.02, 2, persons.len());
    let mut late_ok = Vec::new();
    for (k, &i) in idx.iter().take(n_recent_year + n_older).enumerate() {
        let date = if k < n_recent_year { weekday_back(rng, today, 1, 365) } else { weekday_back(rng, today, 366, 3 * 365) };
        let p = &mut persons[i];
        let kv = org.units.get(p.unit).and_then(|u| u.kv);
        let internal = rng.chance(0.6) || org.kvs.len() < 2 || kv.is_none();
        let from = match (internal, kv) {
            (true, Some(k)) => *rng.pick(&org.kvs[k].subunits).unwrap_or(&org.kvs[k].unit),
            (true, None) => *rng.pick(&org.departments).unwrap_or(&org.chq),
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
        p.transfer = Some(Transfer { kind, date, from: if from == p.unit { org.top(p.unit) } else { from }, outcome });
    }
    let n_late = quota(0.1, 2, late_ok.len());
    let n_never = quota(0.1, 2, late_ok.len().saturating_sub(n_late));
    for (k, &i) in late_ok.iter().take(n_late + n_never).enumerate() {
        if let Some(t) = persons[i].transfer.as_mut() {
            t.outcome = if k < n_late { TransferOutcome::Late } else { TransferOutcome::Never };
        }
    }
}

pub const PERSONS_HEADER: &[&str] = &[
    "person_id",
    "full_name",
    "unit_code",
    "position",
    "email",
    "status",
    "sensitive_position",
    "background_checked_on",
    "nda_signed_on",
    "hired_on",
];

pub fn write_persons(path: &Path, org: &Org, people: &People, progress: &mut Progress<'_>) -> io::Result<u64> {
    let mut w = CsvWriter::create(path, PERSONS_HEADER)?;
    let total = people.persons.len() as u64;
    for p in &people.persons {
        w.field(&p.code())?;
        w.field(&p.name)?;
        w.field(org.code(p.unit))?;
        w.field(p.position)?;
        w.field(&p.email)?;
        w.field(if p.active() { "active" } else { "left" })?;
        w.bool(p.sensitive)?;
        w.date(p.background, DateFmt::Iso)?;
        w.date(p.nda, DateFmt::Iso)?;
        w.date(Some(p.hired), DateFmt::Iso)?;
        w.end_row()?;
        progress.tick(w.rows(), total);
    }
    w.finish()
}

pub const HR_EVENTS_HEADER: &[&str] = &["event_id", "person_id", "kind", "effective_date", "decision_no", "from_unit", "to_unit"];

struct Event {
    date: NaiveDate,
    person: usize,
    kind: &'static str,
    from: Option<usize>,
    to: Option<usize>,
}

/// Hires (last 3 years), appointments, transfers and departures, by date.
pub fn write_hr_events(path: &Path, org: &Org, people: &People, today: NaiveDate, seed: u64, progress: &mut Progress<'_>) -> io::Result<u64> {
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
