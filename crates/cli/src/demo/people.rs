//! Staff, their HR events, and the plan of what happens to their accounts.
//!
//! Every person is generated up front (200,000 at the 10x scale is a few tens
//! of MB): the accounts file is then streamed person by person from this
//! plan. Leavers and transfers get their outcome here, by quota, so that each
//! case the rules must catch shows up in the expected share and at least
//! twice even in the `small` files.

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::Path;

use chrono::NaiveDate;

use super::csv_out::{CsvWriter, DateFmt};
use super::dates::{add_days, later, weekday_back};
use super::hr::{plan_leavers, plan_transfers, Leave, Outcome, Transfer};
use super::names;
use super::org::{Org, System};
use super::rng::{share_at_least, Rng, Strata};
use super::{Progress, Sizes};

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
    let mut used = UsedNames::default();
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
        let (login_short, login_dotted) = used.logins(given, &family_middle);
        let email = used.email(&name);
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
        let n = (i64::from(sizes.user_accounts) + r.range(-3, 3) + if it { 4 } else { 0 }).max(1) as usize;
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

/// Usernames and e-mail addresses already given out.
#[derive(Default)]
struct UsedNames {
    short: HashSet<String>,
    dotted: HashSet<String>,
    email: HashSet<String>,
    /// The next suffix to try per base, so a common name costs O(1).
    next: HashMap<String, u32>,
}

impl UsedNames {
    /// `annv` and `an.nguyenvan`, with the smallest suffix free in both styles.
    fn logins(&mut self, given: &str, family_middle: &[&str]) -> (String, String) {
        let g = names::fold(given);
        let initials: String = family_middle.iter().filter_map(|w| names::fold(w).chars().next()).collect();
        let base_short = format!("{g}{initials}");
        let base_dotted = format!("{g}.{}", family_middle.iter().map(|w| names::fold(w)).collect::<String>());
        let mut n = self.next.get(&base_short).copied().unwrap_or(1);
        loop {
            let suffix = if n == 1 { String::new() } else { n.to_string() };
            let (a, b) = (format!("{base_short}{suffix}"), format!("{base_dotted}{suffix}"));
            if !self.short.contains(&a) && !self.dotted.contains(&b) {
                self.short.insert(a.clone());
                self.dotted.insert(b.clone());
                self.next.insert(base_short, n + 1);
                return (a, b);
            }
            n += 1;
        }
    }

    /// `nguyenvanan3@customs.gov.vn`.
    fn email(&mut self, name: &str) -> String {
        let base: String = names::fold(name).chars().filter(|c| !c.is_whitespace()).collect();
        let key = format!("@{base}");
        let mut n = self.next.get(&key).copied().unwrap_or(1);
        loop {
            let e = if n == 1 { format!("{base}@customs.gov.vn") } else { format!("{base}{n}@customs.gov.vn") };
            if self.email.insert(e.clone()) {
                self.next.insert(key, n + 1);
                return e;
            }
            n += 1;
        }
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
        _ => r.weighted(if it { names::IT_POSITIONS } else { names::POSITIONS }).unwrap_or(&"Công chức"),
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
        for (i, _) in systems.iter().enumerate().filter(|(_, s)| s.kv.is_none() && s.in_operation) {
            acc += 1.0 / (central.len() as f64 + 1.5);
            central.push((i, acc));
        }
        let local = org
            .kvs
            .iter()
            .map(|kv| kv.systems.iter().copied().filter(|&i| systems[i].in_operation).collect())
            .collect();
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
        p.n_admin = ops.len();
        ops.extend(rest);
        p.systems = ops;
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
