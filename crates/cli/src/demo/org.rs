//! Organisation units and information systems of the demo.
//!
//! Shape after the 2025 restructuring: `BTC` (Bộ Tài chính, ministry) →
//! `CHQ` (Cục Hải quan, owner of the central systems) → the IT department
//! `CNTT` (central IT-security unit, operator and security unit of the central
//! systems), central departments (Ban …) and ~20 `KVxx` "Chi cục Hải quan khu
//! vực …", each with its phòng (`KVxx-P1`…, `P3` being the IT phòng) and its
//! border posts (`KVxx-HQCKnn`). Three Chi cục in five have their own security
//! team (roles `owner;security_unit;operator`); the others only own their
//! local systems, which CNTT then operates and secures.

use std::io;
use std::path::Path;

use chrono::NaiveDate;

use super::csv_out::{CsvWriter, DateFmt, TsFmt};
use super::dates::{add_days, later};
use super::names::{self, CentralSystem};
use super::rng::{quota, Rng};
use super::{Progress, Sizes};

/// One organisation unit.
pub struct Unit {
    pub code: String,
    pub name: String,
    pub parent: Option<usize>,
    pub roles: &'static str,
    /// Index into [`Org::kvs`] when the unit is a Chi cục or one of its sub-units.
    pub kv: Option<usize>,
}

/// A Chi cục Hải quan khu vực.
pub struct Kv {
    pub unit: usize,
    /// Has its own security unit and operator roles.
    pub full_roles: bool,
    /// Its IT phòng.
    pub it_phong: usize,
    /// Its sub-units (phòng and posts).
    pub subunits: Vec<usize>,
    /// Its local systems (filled by [`build_systems`]).
    pub systems: Vec<usize>,
}

/// The organisation: units plus the indexes the generators need.
pub struct Org {
    pub units: Vec<Unit>,
    pub btc: usize,
    pub chq: usize,
    pub cntt: usize,
    /// CNTT and its sub-units.
    pub it_units: Vec<usize>,
    /// The central departments (Ban …).
    pub departments: Vec<usize>,
    pub kvs: Vec<Kv>,
}

impl Org {
    fn push(
        &mut self,
        code: String,
        name: String,
        parent: Option<usize>,
        roles: &'static str,
        kv: Option<usize>,
    ) -> usize {
        self.units.push(Unit { code, name, parent, roles, kv });
        self.units.len() - 1
    }

    /// The unit code (empty for an out-of-range index).
    pub fn code(&self, unit: usize) -> &str {
        self.units.get(unit).map_or("", |u| u.code.as_str())
    }

    /// Whether a unit is CNTT or one of its sub-units.
    pub fn is_it_central(&self, unit: usize) -> bool {
        self.it_units.contains(&unit)
    }

    /// Whether a unit is the IT phòng of a Chi cục.
    pub fn is_kv_it(&self, unit: usize) -> bool {
        self.units.get(unit).and_then(|u| u.kv).and_then(|k| self.kvs.get(k)).is_some_and(|kv| kv.it_phong == unit)
    }

    /// The top unit a person's unit belongs to: its Chi cục, or itself.
    pub fn top(&self, unit: usize) -> usize {
        match self.units.get(unit).and_then(|u| u.kv).and_then(|k| self.kvs.get(k)) {
            Some(kv) => kv.unit,
            None if self.is_it_central(unit) => self.cntt,
            None => unit,
        }
    }
}

/// Builds the unit tree.
pub fn build_units(sizes: &Sizes, rng: &mut Rng) -> Org {
    let mut org = Org {
        units: Vec::new(),
        btc: 0,
        chq: 0,
        cntt: 0,
        it_units: Vec::new(),
        departments: Vec::new(),
        kvs: Vec::new(),
    };
    org.btc = org.push("BTC".into(), "Bộ Tài chính".into(), None, "ministry", None);
    org.chq = org.push("CHQ".into(), "Cục Hải quan".into(), Some(org.btc), "owner", None);
    org.cntt = org.push(
        "CNTT".into(),
        "Cục Công nghệ thông tin và Thống kê Hải quan".into(),
        Some(org.chq),
        "central_it_security;security_unit;operator",
        None,
    );
    org.it_units.push(org.cntt);
    for (suffix, name) in names::IT_SUBUNITS.iter().take(sizes.it_subunits) {
        let u = org.push(format!("CNTT-{suffix}"), (*name).into(), Some(org.cntt), "", None);
        org.it_units.push(u);
    }
    for (code, name) in names::DEPARTMENTS.iter().take(sizes.departments) {
        let u = org.push((*code).into(), (*name).into(), Some(org.chq), "", None);
        org.departments.push(u);
    }
    let mut place_uses = vec![0u32; names::PLACES.len()];
    for k in 0..sizes.kvs {
        let full = k % 5 < 3;
        let code = format!("KV{:02}", k + 1);
        let roman = names::ROMAN.get(k).map_or_else(|| (k + 1).to_string(), |r| (*r).to_string());
        let roles = if full { "owner;security_unit;operator" } else { "owner" };
        let kv_unit =
            org.push(code.clone(), format!("Chi cục Hải quan khu vực {roman}"), Some(org.chq), roles, Some(k));
        let n_phong = names::KV_PHONG.len().min(sizes.kv_subunits.saturating_sub(1)).max(names::KV_IT_PHONG + 1);
        let mut subunits = Vec::with_capacity(sizes.kv_subunits);
        let mut it_phong = kv_unit;
        for (p, name) in names::KV_PHONG.iter().take(n_phong).enumerate() {
            let is_it = p == names::KV_IT_PHONG;
            let role = if is_it && full { "operator" } else { "" };
            let u = org.push(format!("{code}-P{}", p + 1), (*name).into(), Some(kv_unit), role, Some(k));
            if is_it {
                it_phong = u;
            }
            subunits.push(u);
        }
        let (mut posts, mut teams) = (0usize, 0usize);
        for j in 0..sizes.kv_subunits.saturating_sub(n_phong) {
            if j % 6 == 5 {
                teams += 1;
                let name = format!("Đội Kiểm soát hải quan số {teams}");
                subunits.push(org.push(format!("{code}-DKS{teams}"), name, Some(kv_unit), "", Some(k)));
            } else {
                posts += 1;
                let p = (k * 7 + j + rng.index(3)) % names::PLACES.len();
                let place = names::PLACES.get(p).copied().unwrap_or("");
                let uses = place_uses.get(p).copied().unwrap_or(0);
                if let Some(x) = place_uses.get_mut(p) {
                    *x += 1;
                }
                let name = match (uses, names::INLAND.contains(&place)) {
                    (0, false) => format!("Hải quan cửa khẩu {place}"),
                    (0, true) => format!("Hải quan {place}"),
                    (n, _) => format!("Hải quan {place} số {}", n + 1),
                };
                subunits.push(org.push(format!("{code}-HQCK{posts:02}"), name, Some(kv_unit), "", Some(k)));
            }
        }
        org.kvs.push(Kv { unit: kv_unit, full_roles: full, it_phong, subunits, systems: Vec::new() });
    }
    org
}

/// One information system.
pub struct System {
    pub id: String,
    pub name: String,
    pub owner: usize,
    pub operator: Option<usize>,
    pub security: Option<usize>,
    pub level: Option<u8>,
    pub level_status: &'static str,
    pub approved_by: Option<usize>,
    pub approved_on: Option<NaiveDate>,
    pub in_operation: bool,
    pub since: Option<NaiveDate>,
    pub internet: bool,
    pub third_party: bool,
    /// Privileges of ordinary users.
    pub privileges: &'static [&'static str],
    /// The Chi cục owning a local system; `None` for central systems.
    pub kv: Option<usize>,
    /// Username style: `annv` (false) or `an.nguyenvan` (true).
    pub dotted_logins: bool,
    pub login_fmt: TsFmt,
    pub pwd_fmt: TsFmt,
    pub date_fmt: DateFmt,
}

impl System {
    /// The earliest day accounts can exist on it.
    pub fn opened(&self, today: NaiveDate) -> NaiveDate {
        self.since.unwrap_or_else(|| add_days(today, -90))
    }
}

/// What is wrong with a system, planned so that each case shows up.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Flaw {
    None,
    NotApproved,
    WrongAuthority,
    NoOperator,
    NoSecurity,
    NotInOperation,
}

/// Builds the systems and records the local ones in their Chi cục.
pub fn build_systems(org: &mut Org, sizes: &Sizes, today: NaiveDate, rng: &mut Rng) -> Vec<System> {
    let n = sizes.systems;
    let n_central = sizes.central_systems.min(n);
    let width = if n > 999 { 4 } else { 3 };
    let mut systems = Vec::with_capacity(n);
    let mut per_kv = vec![0usize; org.kvs.len()];
    for i in 0..n {
        let id = format!("SYS-{:0width$}", i + 1);
        let (name, owner, operator, security, privileges, internet, third_party, kv) = if i < n_central
            || org.kvs.is_empty()
        {
            let t: &CentralSystem = &names::CENTRAL_SYSTEMS[i % names::CENTRAL_SYSTEMS.len()];
            let round = i / names::CENTRAL_SYSTEMS.len();
            let name = if round == 0 { t.name.to_string() } else { format!("{} - phân hệ {}", t.name, round + 1) };
            (name, org.chq, org.cntt, org.cntt, t.privileges, t.internet, t.third_party, None)
        } else {
            let k = (i - n_central) % org.kvs.len();
            let nth = per_kv.get(k).copied().unwrap_or(0);
            if let Some(x) = per_kv.get_mut(k) {
                *x += 1;
            }
            let (stem, privileges) = names::LOCAL_SYSTEMS[nth % names::LOCAL_SYSTEMS.len()];
            let kv = &org.kvs[k];
            let code = org.code(kv.unit);
            let round = nth / names::LOCAL_SYSTEMS.len();
            let name = if round == 0 { format!("{stem} {code}") } else { format!("{stem} {code} số {}", round + 1) };
            let (operator, security) = if kv.full_roles {
                (if rng.chance(0.5) { kv.unit } else { kv.it_phong }, kv.unit)
            } else {
                (org.cntt, org.cntt)
            };
            let internet = stem.starts_with("Trang thông tin") || rng.chance(0.04);
            let third = stem.contains("cảng") || stem.contains("kho bãi") || rng.chance(0.1);
            (name, kv.unit, operator, security, privileges, internet, third, Some(k))
        };
        if let Some(k) = kv {
            org.kvs[k].systems.push(i);
        }
        let pwd_fmt = *rng
            .weighted(&[(TsFmt::Rfc3339, 40), (TsFmt::IsoSpace, 35), (TsFmt::DmyMinutes, 25)])
            .unwrap_or(&TsFmt::Rfc3339);
        let since = add_days(today, -rng.range(60, 18 * 365));
        systems.push(System {
            id,
            name,
            owner,
            operator: Some(operator),
            security: Some(security),
            level: None,
            level_status: "approved",
            approved_by: None,
            approved_on: None,
            in_operation: true,
            since: Some(since),
            internet,
            third_party,
            privileges,
            kv,
            dotted_logins: rng.chance(0.5),
            login_fmt: if rng.chance(0.6) { TsFmt::Rfc3339 } else { TsFmt::IsoSpace },
            pwd_fmt,
            date_fmt: if pwd_fmt == TsFmt::DmyMinutes { DateFmt::Dmy } else { DateFmt::Iso },
        });
    }
    assign_levels(&mut systems, n_central, rng);
    let flaws = plan_flaws(n, rng);
    for (s, flaw) in systems.iter_mut().zip(flaws) {
        apply_flaw(s, flaw, org, today, rng);
    }
    systems
}

/// Levels: ~1 % level 5 (central only), ~5 % level 4, ~25 % level 3, the rest 1-2.
fn assign_levels(systems: &mut [System], n_central: usize, rng: &mut Rng) {
    let n = systems.len();
    let mut central: Vec<usize> = (0..n_central).collect();
    let mut local: Vec<usize> = (n_central..n).collect();
    rng.shuffle(&mut central);
    rng.shuffle(&mut local);
    let n5 = quota(0.01, 1, n).min(central.len());
    let mut rest_central = central.split_off(n5);
    for &i in &central {
        systems[i].level = Some(5);
    }
    // Level 4: alternate central and local systems.
    let n4 = quota(0.05, 1, n);
    let mut pool = Vec::with_capacity(n);
    let (mut c, mut l) = (rest_central.drain(..), local.drain(..));
    loop {
        let (a, b) = (c.next(), l.next());
        if a.is_none() && b.is_none() {
            break;
        }
        pool.extend(a);
        pool.extend(b);
    }
    let mut rest = pool.split_off(n4.min(pool.len()));
    for &i in &pool {
        systems[i].level = Some(4);
    }
    rng.shuffle(&mut rest);
    let n3 = quota(0.25, 2, n).min(rest.len());
    for (k, &i) in rest.iter().enumerate() {
        systems[i].level = Some(if k < n3 {
            3
        } else if rng.chance(0.45) {
            1
        } else {
            2
        });
    }
}

/// Distinct systems for each flaw: ~3 % not approved, ~2 % wrong authority,
/// ~2 % missing operator or security unit, ~4 % not yet in operation.
fn plan_flaws(n: usize, rng: &mut Rng) -> Vec<Flaw> {
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    let missing = quota(0.02, 2, n);
    let plan = [
        (Flaw::NotApproved, quota(0.03, 2, n)),
        (Flaw::WrongAuthority, quota(0.02, 2, n)),
        (Flaw::NoOperator, missing.div_ceil(2).max(1)),
        (Flaw::NoSecurity, (missing / 2).max(1)),
        (Flaw::NotInOperation, quota(0.04, 1, n)),
    ];
    let mut flaws = vec![Flaw::None; n];
    let mut it = order.into_iter();
    for (flaw, count) in plan {
        for i in it.by_ref().take(count) {
            flaws[i] = flaw;
        }
    }
    flaws
}

/// The unit that must approve a level (Điều 5.5.b): 1-2 the security unit,
/// 3 the owner, 4-5 the Ministry.
fn authority(s: &System, org: &Org) -> usize {
    match s.level.unwrap_or(1) {
        1 | 2 => s.security.unwrap_or(s.owner),
        3 => s.owner,
        _ => org.btc,
    }
}

/// A plausible but wrong approver: a unit below the one required.
fn wrong_authority(s: &System, org: &Org, rng: &mut Rng) -> usize {
    let kv = s.kv.and_then(|k| org.kvs.get(k));
    match s.level.unwrap_or(1) {
        1 | 2 => match kv {
            Some(kv) => kv.subunits.first().copied().unwrap_or(kv.it_phong),
            None => org.departments.first().copied().unwrap_or(org.chq),
        },
        3 => match kv {
            Some(kv) => kv.it_phong,
            None => org.cntt,
        },
        _ => {
            if rng.chance(0.5) {
                org.chq
            } else {
                org.cntt
            }
        }
    }
}

fn apply_flaw(s: &mut System, flaw: Flaw, org: &Org, today: NaiveDate, rng: &mut Rng) {
    let since = s.since.unwrap_or(today);
    let approved_on = later(add_days(since, -rng.range(10, 120)), add_days(today, -rng.range(400, 8 * 365)));
    s.approved_on = Some(approved_on.min(add_days(today, -1)));
    s.approved_by = Some(authority(s, org));
    match flaw {
        Flaw::None => {}
        Flaw::NotApproved => {
            s.approved_by = None;
            s.approved_on = None;
            match rng.index(3) {
                0 => s.level_status = "proposed",
                1 => s.level_status = "appraised",
                _ => {
                    s.level_status = "";
                    if rng.chance(0.5) {
                        s.level = None;
                    }
                }
            }
        }
        Flaw::WrongAuthority => s.approved_by = Some(wrong_authority(s, org, rng)),
        Flaw::NoOperator => s.operator = None,
        Flaw::NoSecurity => s.security = None,
        Flaw::NotInOperation => {
            s.in_operation = false;
            s.since = None;
            s.approved_by = None;
            s.approved_on = None;
            s.level_status = if rng.chance(0.5) { "proposed" } else { "appraised" };
        }
    }
}

pub const UNITS_HEADER: &[&str] = &["code", "name", "parent_code", "roles"];

pub fn write_units(path: &Path, org: &Org, progress: &mut Progress<'_>) -> io::Result<u64> {
    let mut w = CsvWriter::create(path, UNITS_HEADER)?;
    let total = org.units.len() as u64;
    for u in &org.units {
        w.field(&u.code)?;
        w.field(&u.name)?;
        w.field(u.parent.map_or("", |p| org.code(p)))?;
        w.field(u.roles)?;
        w.end_row()?;
        progress.tick(w.rows(), total);
    }
    w.finish()
}

pub const SYSTEMS_HEADER: &[&str] = &[
    "system_id",
    "name",
    "owner_unit",
    "operator_unit",
    "security_unit",
    "level",
    "level_status",
    "level_approved_by",
    "level_approved_on",
    "in_operation",
    "in_operation_since",
    "internet_facing",
    "third_party_connected",
    "national_security",
];

pub fn write_systems(path: &Path, org: &Org, systems: &[System], progress: &mut Progress<'_>) -> io::Result<u64> {
    let mut w = CsvWriter::create(path, SYSTEMS_HEADER)?;
    let total = systems.len() as u64;
    for s in systems {
        w.field(&s.id)?;
        w.field(&s.name)?;
        w.field(org.code(s.owner))?;
        w.field(s.operator.map_or("", |u| org.code(u)))?;
        w.field(s.security.map_or("", |u| org.code(u)))?;
        match s.level {
            Some(l) => w.fmt(format_args!("{l}"))?,
            None => w.blank()?,
        }
        w.field(s.level_status)?;
        w.field(s.approved_by.map_or("", |u| org.code(u)))?;
        w.date(s.approved_on, DateFmt::Iso)?;
        w.bool(s.in_operation)?;
        w.date(s.since, DateFmt::Iso)?;
        w.bool(s.internet)?;
        w.bool(s.third_party)?;
        w.field(super::vendors_ir::national_security(s))?;
        w.end_row()?;
        progress.tick(w.rows(), total);
    }
    w.finish()
}
