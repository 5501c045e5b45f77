//! accounts.csv and account_exceptions.csv, streamed.
//!
//! Accounts are written person by person from the plan in `people.rs`, then
//! system by system for the accounts that belong to no listed person
//! (service, shared, built-in admin, and accounts of unknown persons). Rare
//! cases on active accounts (dormant, never used, old or missing password,
//! ordinary account with admin rights) are spread with [`Strata`], so their
//! share is exact whatever the scale.

use std::collections::HashSet;
use std::io;
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};

use super::csv_out::{CsvWriter, DateFmt};
use super::dates::{add_days, add_weekdays, later, office_time};
use super::hr::{self, ExcKind, Outcome};
use super::names;
use super::org::{Org, System};
use super::people::{self, People, Person};
use super::rng::{quota, share_at_least, Rng, Strata};
use super::Progress;

pub const ACCOUNTS_HEADER: &[&str] = &[
    "system_id",
    "username",
    "kind",
    "shared",
    "person_id",
    "responsible_person_ids",
    "status",
    "created_on",
    "disabled_on",
    "rights_changed_on",
    "last_login_at",
    "password_changed_at",
    "privileges",
];

pub const EXCEPTIONS_HEADER: &[&str] = &[
    "exception_id",
    "system_id",
    "username",
    "requested_by_unit",
    "reason",
    "rights_kept",
    "valid_from",
    "valid_until",
    "document_no",
];

/// One account row.
struct Row<'a> {
    sys: &'a System,
    username: &'a str,
    kind: &'static str,
    shared: bool,
    person: Option<u32>,
    responsible: &'a str,
    status: &'static str,
    created: Option<NaiveDate>,
    disabled: Option<NaiveDate>,
    rights: Option<NaiveDate>,
    last: Option<NaiveDateTime>,
    pwd: Option<NaiveDateTime>,
    privileges: &'a str,
}

fn write_row(w: &mut CsvWriter, row: &Row<'_>) -> io::Result<()> {
    let f = row.sys.date_fmt;
    w.field(&row.sys.id)?;
    w.field(row.username)?;
    w.field(row.kind)?;
    w.bool(row.shared)?;
    match row.person {
        Some(id) => w.fmt(format_args!("HQ{id:06}"))?,
        None => w.blank()?,
    }
    w.field(row.responsible)?;
    w.field(row.status)?;
    w.date(row.created, f)?;
    w.date(row.disabled, f)?;
    w.date(row.rights, f)?;
    w.ts(row.last, row.sys.login_fmt)?;
    w.ts(row.pwd, row.sys.pwd_fmt)?;
    w.field(row.privileges)?;
    w.end_row()
}

/// An account kept after its owner left, under a written request.
pub struct Exception {
    sys: usize,
    username: String,
    unit: usize,
    kind: ExcKind,
    left_on: NaiveDate,
}

/// Rare cases among active accounts of active persons.
struct Mix {
    login: Strata,
    login_widths: [f64; 4],
    pwd_user: Strata,
    pwd_admin: Strata,
    pwd_user_widths: [f64; 2],
    pwd_admin_widths: [f64; 2],
    privileges: Strata,
    privileges_width: [f64; 1],
}

const DORMANT: usize = 0;
const NEVER_USED: usize = 1;
const NO_EVIDENCE: usize = 2;
const NEW_UNUSED: usize = 3;

impl Mix {
    fn new(people: &People, rng: &mut Rng) -> Self {
        let (mut users, mut admins) = (0u64, 0u64);
        for p in people.persons.iter().filter(|p| p.active()) {
            users += p.systems.len() as u64;
            admins += p.n_admin as u64;
        }
        Self {
            login: Strata::new(rng),
            // dormant 3 %, never used and over a year old 0.5 %, no evidence at all, new and not used yet 0.3 %
            login_widths: [0.03, 0.005, share_at_least(0.0005, 2, users + admins), 0.003],
            pwd_user: Strata::new(rng),
            pwd_admin: Strata::new(rng),
            // blank ~1 %, older than the limit ~15 %
            pwd_user_widths: [share_at_least(0.01, 2, users), 0.15],
            pwd_admin_widths: [share_at_least(0.01, 2, admins), share_at_least(0.15, 2, admins)],
            privileges: Strata::new(rng),
            privileges_width: [share_at_least(0.002, 2, users)],
        }
    }
}

/// The extra accounts of each system, planned up front so the total is known.
struct Extras {
    service: Vec<u8>,
    builtin_admin: Vec<bool>,
    /// Shared accounts per system: (admin, with responsible persons).
    shared: Vec<Vec<(bool, bool)>>,
    unknown: Vec<u32>,
    total: u64,
}

impl Extras {
    fn plan(systems: &[System], person_accounts: u64, rng: &mut Rng) -> Self {
        let n = systems.len();
        let pa = person_accounts as usize;
        let service: Vec<u8> = (0..n).map(|_| 1 + rng.below(3) as u8).collect();
        let mut builtin_admin = vec![false; n];
        let n_builtin = quota(0.001, 3, pa).min(n);
        for k in 0..n_builtin {
            builtin_admin[k * n / n_builtin.max(1)] = true;
        }
        let mut shared = vec![Vec::new(); n];
        let n_shared = quota(0.01, 6, pa);
        let mut s = Strata::new(rng);
        for k in 0..n_shared {
            let kind = match k {
                0 | 1 => (true, false),
                2 | 3 => (true, true),
                4 | 5 => (false, false),
                _ => match s.category(&[0.05, 0.10, 0.17]) {
                    0 => (true, false),
                    1 => (true, true),
                    2 => (false, false),
                    _ => (false, true),
                },
            };
            shared[(k * n / n_shared.max(1) + rng.index(2)) % n.max(1)].push(kind);
        }
        let mut unknown = vec![0u32; n];
        let n_unknown = quota(0.003, 3, pa);
        for _ in 0..n_unknown {
            unknown[rng.index(n)] += 1;
        }
        let total = service.iter().map(|&x| u64::from(x)).sum::<u64>() + (n_builtin + n_shared + n_unknown) as u64;
        Self { service, builtin_admin, shared, unknown, total }
    }
}

/// Writes accounts.csv; returns the row count and the exceptions to write.
pub fn write_accounts(
    path: &Path,
    org: &Org,
    systems: &[System],
    people: &People,
    today: NaiveDate,
    seed: u64,
    progress: &mut Progress<'_>,
) -> io::Result<(u64, Vec<Exception>)> {
    let mut rng = Rng::derive(seed, 30, 0);
    let person_accounts: u64 = people.persons.iter().map(|p| (p.systems.len() + p.n_admin) as u64).sum();
    let extras = Extras::plan(systems, person_accounts, &mut rng);
    let total = person_accounts + extras.total;
    let mut mix = Mix::new(people, &mut rng);
    let mut exceptions = Vec::new();
    let mut w = CsvWriter::create(path, ACCOUNTS_HEADER)?;
    for (i, p) in people.persons.iter().enumerate() {
        let mut r = Rng::derive(seed, 31, i as u64);
        let n_user = p.systems.len();
        for k in 0..n_user + p.n_admin {
            let admin = k >= n_user;
            let s_idx = p.systems.get(if admin { k - n_user } else { k }).copied().unwrap_or(0) as usize;
            let Some(sys) = systems.get(s_idx) else { continue };
            let login = if sys.dotted_logins { &p.login_dotted } else { &p.login_short };
            let username = if admin { format!("adm.{login}") } else { login.clone() };
            let privileges = privileges(sys, admin, &mut r);
            let mut row = Row {
                sys,
                username: &username,
                kind: if admin { "admin" } else { "user" },
                shared: false,
                person: Some(p.id),
                responsible: "",
                status: "active",
                created: None,
                disabled: None,
                rights: None,
                last: None,
                pwd: None,
                privileges: &privileges,
            };
            let base = later(p.hired, sys.opened(today));
            let created = add_days(base, r.range(0, 365)).min(p.created_limit(today));
            row.created = Some(created);
            let extra_right;
            match (&p.leave, p.outcomes.get(k)) {
                (Some(l), Some(&outcome)) => {
                    leaver_account(&mut row, l.date, outcome, today, &mut r);
                    if let Outcome::Kept(kind) = outcome {
                        exceptions.push(Exception {
                            sys: s_idx,
                            username: username.clone(),
                            unit: p.unit,
                            kind,
                            left_on: l.date,
                        });
                    }
                }
                _ => {
                    active_account(&mut row, p, admin, &mut mix, today, &mut r);
                    if !admin && row.status == "active" && mix.privileges.category(&mix.privileges_width) == 0 {
                        extra_right = format!("{privileges};{}", r.word(names::USER_ADMIN_RIGHTS));
                        row.privileges = &extra_right;
                    }
                }
            }
            write_row(&mut w, &row)?;
            progress.tick(w.rows(), total);
        }
    }
    write_extras(&mut w, org, systems, people, &extras, today, seed, progress, total)?;
    super::vendors_ir::write_vendor_accounts(&mut w, org, systems, people, today, seed)?;
    Ok((w.finish()?, exceptions))
}

fn privileges(sys: &System, admin: bool, r: &mut Rng) -> String {
    if admin {
        return r.word(names::ADMIN_PRIVILEGES).to_string();
    }
    let n = r.range(1, 3).min(sys.privileges.len() as i64) as usize;
    let start = r.index(sys.privileges.len());
    (0..n).filter_map(|j| sys.privileges.get((start + j) % sys.privileges.len()).copied()).collect::<Vec<_>>().join(";")
}

/// A timestamp `days` days before today during office hours, not before `floor`.
fn at(today: NaiveDate, days: i64, floor: Option<NaiveDate>, r: &mut Rng) -> NaiveDateTime {
    let d = add_days(today, -days);
    office_time(r, floor.map_or(d, |f| d.max(f)))
}

fn leaver_account(row: &mut Row<'_>, left_on: NaiveDate, outcome: Outcome, today: NaiveDate, r: &mut Rng) {
    let last = add_days(left_on, -r.range(0, 20)).max(row.created.unwrap_or(left_on));
    row.last = Some(office_time(r, last));
    let pwd = add_days(last, -r.range(0, 120)).max(row.created.unwrap_or(last));
    row.pwd = Some(office_time(r, pwd));
    let disable = |row: &mut Row<'_>, d: NaiveDate, r: &mut Rng| {
        row.status = if r.chance(0.8) { "disabled" } else { "deleted" };
        row.disabled = Some(d.min(today));
    };
    match outcome {
        Outcome::OnTime => disable(row, add_weekdays(left_on, r.range(0, 3) as u32), r),
        Outcome::Late => disable(row, add_weekdays(left_on, r.range(9, 22) as u32), r),
        Outcome::Active => {}
        Outcome::Kept(_) => row.last = Some(at(today, r.range(1, 20), Some(left_on), r)),
        Outcome::Recent => {
            let d = add_weekdays(left_on, r.range(0, 3) as u32);
            if d <= today && r.chance(0.7) {
                disable(row, d, r);
            }
        }
        Outcome::Pending => {
            if r.chance(0.15) {
                disable(row, left_on, r);
            }
        }
    }
}

fn active_account(row: &mut Row<'_>, p: &Person, admin: bool, mix: &mut Mix, today: NaiveDate, r: &mut Rng) {
    let created = row.created.unwrap_or(today);
    if let Some(t) = &p.transfer {
        row.rights = hr::rights_changed(t, today, r);
    } else if r.chance(0.08) {
        let span = (today - created).num_days().max(2);
        row.rights = Some(add_days(created, r.range(1, span - 1)));
    }
    if r.chance(0.01) {
        // Closed for some ordinary reason (moved off the system).
        let span = (today - created).num_days().max(2);
        let d = add_days(created, r.range(1, span - 1));
        row.status = "disabled";
        row.disabled = Some(d);
        row.last = Some(at(d, r.range(0, 30), Some(created), r));
        row.pwd = Some(at(d, r.range(0, 90), Some(created), r));
        return;
    }
    let floor = later(p.hired, row.sys.opened(today));
    match mix.login.category(&mix.login_widths) {
        DORMANT if floor <= add_days(today, -400) => {
            let last = add_days(today, -r.range(380, 3 * 365)).max(add_days(floor, 30));
            row.created = Some(created.min(add_days(last, -r.range(7, 300))).max(floor));
            row.last = Some(office_time(r, last));
        }
        NEVER_USED if floor <= add_days(today, -400) => {
            row.created = Some(add_days(today, -r.range(400, 1500)).max(floor).min(add_days(today, -380)));
        }
        NO_EVIDENCE => row.created = None,
        NEW_UNUSED => row.created = Some(add_days(today, -r.range(1, 60)).max(floor).min(p.created_limit(today))),
        _ => {
            let recent = r.range(0, 45);
            let days = r.range(0, recent);
            row.last = Some(at(today, days, Some(created), r));
        }
    }
    let (strata, widths, normal, old) = if admin {
        (&mut mix.pwd_admin, &mix.pwd_admin_widths, 56, (65, 90))
    } else {
        (&mut mix.pwd_user, &mix.pwd_user_widths, 88, (95, 150))
    };
    row.pwd = match strata.category(widths) {
        0 => None,
        1 => Some(at(today, r.range(old.0, old.1), row.created, r)),
        _ => Some(at(today, r.range(0, normal), row.created, r)),
    };
}

/// Service, built-in admin, shared and unknown-person accounts, per system.
#[allow(clippy::too_many_arguments)]
fn write_extras(
    w: &mut CsvWriter,
    org: &Org,
    systems: &[System],
    people: &People,
    extras: &Extras,
    today: NaiveDate,
    seed: u64,
    progress: &mut Progress<'_>,
    total: u64,
) -> io::Result<()> {
    let mut used_unknown = HashSet::new();
    let central = org.kvs.len();
    for (s_idx, sys) in systems.iter().enumerate() {
        let mut r = Rng::derive(seed, 32, s_idx as u64);
        let group = sys.kv.unwrap_or(central);
        let opened = sys.opened(today);
        let created = |r: &mut Rng| add_days(opened, r.range(0, (today - opened).num_days().clamp(0, 900)));
        let blank = Row {
            sys,
            username: "",
            kind: "user",
            shared: false,
            person: None,
            responsible: "",
            status: "active",
            created: None,
            disabled: None,
            rights: None,
            last: None,
            pwd: None,
            privileges: "",
        };
        for k in 0..usize::from(extras.service.get(s_idx).copied().unwrap_or(0)) {
            let name = names::SERVICE_NAMES.get(k).copied().unwrap_or("svc");
            let it = people.it_by_kv.get(group).filter(|v| !v.is_empty()).or(people.it_by_kv.get(central));
            let resp = if r.chance(0.8) { responsible(people, it, 1, &mut r) } else { String::new() };
            let c = created(&mut r);
            let row = Row {
                username: name,
                kind: "service",
                responsible: &resp,
                created: Some(c),
                last: Some(at(today, r.range(0, 1), Some(c), &mut r)),
                pwd: Some(at(today, r.range(0, 400), Some(c), &mut r)),
                privileges: r.word(names::SERVICE_PRIVILEGES),
                ..blank
            };
            write_row(w, &row)?;
            progress.tick(w.rows(), total);
        }
        if extras.builtin_admin.get(s_idx).copied().unwrap_or(false) {
            let c = opened;
            let row = Row {
                username: names::BUILTIN_ADMINS[s_idx % names::BUILTIN_ADMINS.len()],
                kind: "admin",
                created: Some(c),
                last: Some(at(today, r.range(0, 60), Some(c), &mut r)),
                pwd: Some(at(today, r.range(0, 200), Some(c), &mut r)),
                privileges: "quản trị hệ thống;sysadmin",
                ..blank
            };
            write_row(w, &row)?;
            progress.tick(w.rows(), total);
        }
        let staff = people.active_by_kv.get(group).filter(|v| !v.is_empty()).or(people.active_by_kv.get(central));
        for (k, &(admin, with_resp)) in extras.shared.get(s_idx).map_or(&[][..], Vec::as_slice).iter().enumerate() {
            let username = if admin {
                format!("quantri.chung{:02}", k + 1)
            } else {
                format!("{}{:02}", names::SHARED_STEMS[k % names::SHARED_STEMS.len()], k + 1)
            };
            let resp =
                if with_resp { responsible(people, staff, r.range(1, 3) as usize, &mut r) } else { String::new() };
            let privileges = privileges(sys, admin, &mut r);
            let c = created(&mut r);
            let (normal, max) = if admin { (56, 90) } else { (88, 150) };
            let row = Row {
                username: &username,
                kind: if admin { "admin" } else { "user" },
                shared: true,
                responsible: &resp,
                created: Some(c),
                last: Some(at(today, r.range(0, 10), Some(c), &mut r)),
                pwd: Some(at(
                    today,
                    if r.chance(0.8) { r.range(0, normal) } else { r.range(normal, max) },
                    Some(c),
                    &mut r,
                )),
                privileges: &privileges,
                ..blank
            };
            write_row(w, &row)?;
            progress.tick(w.rows(), total);
        }
        for _ in 0..extras.unknown.get(s_idx).copied().unwrap_or(0) {
            let Some(id) = people.unknown_id(&mut r, &mut used_unknown) else { continue };
            let (_, given, family_middle) = people::full_name(&mut r);
            let initials: String = family_middle.iter().filter_map(|w| names::fold(w).chars().next()).collect();
            let username = format!("{}{initials}.{id}", names::fold(given));
            let privileges = privileges(sys, false, &mut r);
            let c = created(&mut r);
            let row = Row {
                username: &username,
                person: Some(id),
                created: Some(c),
                last: Some(at(today, r.range(0, 90), Some(c), &mut r)),
                pwd: Some(at(today, r.range(0, 120), Some(c), &mut r)),
                privileges: &privileges,
                ..blank
            };
            write_row(w, &row)?;
            progress.tick(w.rows(), total);
        }
    }
    Ok(())
}

/// Up to `n` distinct person codes from `pool`, `;`-joined.
fn responsible(people: &People, pool: Option<&Vec<u32>>, n: usize, r: &mut Rng) -> String {
    let Some(pool) = pool.filter(|p| !p.is_empty()) else { return String::new() };
    let mut picked: Vec<u32> = Vec::with_capacity(n);
    for _ in 0..n * 4 {
        if picked.len() == n {
            break;
        }
        if let Some(&i) = r.pick(pool) {
            if !picked.contains(&i) {
                picked.push(i);
            }
        }
    }
    picked.iter().filter_map(|&i| people.persons.get(i as usize)).map(Person::code).collect::<Vec<_>>().join(";")
}

/// Writes account_exceptions.csv.
pub fn write_exceptions(
    path: &Path,
    org: &Org,
    systems: &[System],
    exceptions: &[Exception],
    today: NaiveDate,
    seed: u64,
    progress: &mut Progress<'_>,
) -> io::Result<u64> {
    let mut w = CsvWriter::create(path, EXCEPTIONS_HEADER)?;
    let total = exceptions.len() as u64;
    for (k, e) in exceptions.iter().enumerate() {
        let mut r = Rng::derive(seed, 40, k as u64);
        let unit = org.code(org.top(e.unit));
        let from = add_weekdays(e.left_on, r.range(0, 2) as u32);
        let until = match e.kind {
            ExcKind::Expired => Some(add_days(today, -r.range(3, 30))),
            ExcKind::NoUntil => None,
            _ => Some(add_days(today, r.range(20, 180))),
        };
        w.fmt(format_args!("EX{:05}", k + 1))?;
        w.field(systems.get(e.sys).map_or("", |s| s.id.as_str()))?;
        w.field(&e.username)?;
        w.field(unit)?;
        w.field(if e.kind == ExcKind::NoReason { "" } else { r.word(names::EXCEPTION_REASONS) })?;
        w.field(if e.kind == ExcKind::NoRights { "" } else { r.word(names::EXCEPTION_RIGHTS) })?;
        w.date(Some(from), DateFmt::Iso)?;
        w.date(until, DateFmt::Iso)?;
        w.fmt(format_args!("{}/CV-{unit}", 100 + r.below(900)))?;
        w.end_row()?;
        progress.tick(w.rows(), total);
    }
    w.finish()
}
