//! Assets, asset events, local administrator groups and removable-media
//! approvals of the demo (issue 5, part A).
//!
//! # Case mix
//! - ASSET-CUSTODIAN: one computer per person (`PC-` + staff number); a
//!   leaver's computer is returned to the IT unit (~80 %) or still assigned
//!   to them (fail); ~2 % of computers have nobody in charge.
//! - ASSET-MAINTENANCE: ~85 % of equipment inspected in the last 11 months,
//!   ~10 % 13-23 months ago, ~5 % never (fail once a year old).
//! - ASSET-REPAIR-STORAGE: ~2 % of computers went out for repair: storage
//!   removed or wiped (~85 %), nothing (fail), in house or for data
//!   recovery (not applicable); a few out for repair with no record.
//! - ASSET-DISPOSAL-WIPE: ~3 % old computers repurposed or disposed of:
//!   irrecoverable wipe or storage removed (~85 %), format/delete or nothing
//!   (fail), no record (fail).
//! - NET-NO-INTERNET: admin computers (~5 % online), computers of level 4+
//!   systems (~8 %), servers (~3 % online without an exemption; public
//!   servers exempt), printers (~2 %).
//! - DATA-SECRET-AIRGAP: one computer for classified documents per Chi cục,
//!   department and CNTT: ~4 % networked, ~3 % unencrypted, ~3 % undeclared.
//! - ACCT-NO-LOCAL-ADMIN: the administrators group of each computer: ~4 %
//!   hold the user's own account, ~1 % an unknown member, ~2 % not exported.
//! - EP-REMOVABLE-MEDIA: ~5 % of staff hold an encrypted USB drive approved
//!   by their Chi cục leader; ~4 % no approval, ~5 % approved by someone
//!   who is not their leader, ~4 % unencrypted, ~2 % undeclared.

use std::io;
use std::path::Path;

use chrono::NaiveDate;

use super::csv_out::{CsvWriter, DateFmt};
use super::dates::{add_days, weekday_back};
use super::names;
use super::org::{Org, System};
use super::org_a::FILES;
use super::people::{People, Person};
use super::rng::{share_at_least, Rng, Strata};
use super::Progress;

const ASSETS_HEADER: &[&str] = &[
    "asset_id",
    "name",
    "kind",
    "category",
    "roles",
    "system_id",
    "custodian_person",
    "custodian_unit",
    "location",
    "sensitive_data",
    "has_storage",
    "networked",
    "internet_connected",
    "encrypted",
    "status",
    "status_date",
    "acquired_on",
];

const EVENTS_HEADER: &[&str] = &[
    "event_id",
    "asset_id",
    "event",
    "event_date",
    "external",
    "storage_removed",
    "wipe_method",
    "data_recovery",
    "record_no",
];

/// One asset row.
#[derive(Clone)]
struct A {
    id: String,
    name: &'static str,
    kind: &'static str,
    category: &'static str,
    roles: String,
    system: String,
    person: String,
    unit: String,
    location: String,
    sensitive: Option<bool>,
    networked: Option<bool>,
    internet: Option<bool>,
    encrypted: Option<bool>,
    status: &'static str,
    status_date: Option<NaiveDate>,
    acquired: NaiveDate,
    /// Inspections apply (hardware in service, not removable media).
    inspect: bool,
}

fn opt_bool(w: &mut CsvWriter, b: Option<bool>) -> io::Result<()> {
    match b {
        Some(b) => w.bool(b),
        None => w.blank(),
    }
}

fn write_asset(w: &mut CsvWriter, a: &A) -> io::Result<()> {
    w.field(&a.id)?;
    w.field(a.name)?;
    w.field(a.kind)?;
    w.field(a.category)?;
    w.field(&a.roles)?;
    w.field(&a.system)?;
    w.field(&a.person)?;
    w.field(&a.unit)?;
    w.field(&a.location)?;
    opt_bool(w, a.sensitive)?;
    w.blank()?;
    opt_bool(w, a.networked)?;
    opt_bool(w, a.internet)?;
    opt_bool(w, a.encrypted)?;
    w.field(a.status)?;
    w.date(a.status_date, DateFmt::Iso)?;
    w.date(Some(a.acquired), DateFmt::Iso)?;
    w.end_row()
}

/// An asset event row.
struct Ev {
    asset: String,
    event: &'static str,
    date: NaiveDate,
    external: Option<bool>,
    removed: Option<bool>,
    wipe: &'static str,
    recovery: Option<bool>,
}

impl Ev {
    fn new(asset: &str, event: &'static str, date: NaiveDate) -> Self {
        Ev { asset: asset.into(), event, date, external: None, removed: None, wipe: "", recovery: None }
    }
}

/// The leaders of each unit (persons with a leader position in it).
fn leaders(org: &Org, people: &People) -> Vec<Vec<u32>> {
    let mut out = vec![Vec::new(); org.units.len()];
    for (i, p) in people.persons.iter().enumerate() {
        if p.active() && names::LEADER_POSITIONS.contains(&p.position) {
            out[p.unit].push(i as u32);
        }
    }
    out
}

/// The nearest leader up the unit tree from the person's unit.
fn leader_for(org: &Org, people: &People, leaders: &[Vec<u32>], p: &Person) -> Option<String> {
    let mut unit = Some(p.unit);
    while let Some(u) = unit {
        let found =
            leaders.get(u).into_iter().flatten().filter_map(|&i| people.persons.get(i as usize)).find(|q| q.id != p.id);
        if let Some(q) = found {
            return Some(q.code());
        }
        unit = org.units.get(u).and_then(|x| x.parent);
    }
    None
}

/// The IT unit that takes back equipment: the Chi cục's IT phòng, or CNTT.
fn it_unit(org: &Org, unit: usize) -> usize {
    org.units.get(unit).and_then(|u| u.kv).and_then(|k| org.kvs.get(k)).map_or(org.cntt, |k| k.it_phong)
}

/// Writes assets, asset events, local administrators and removable-media
/// approvals; returns (file, rows).
pub fn write(
    dir: &Path,
    org: &Org,
    systems: &[System],
    people: &People,
    today: NaiveDate,
    seed: u64,
    progress: &mut Progress<'_>,
) -> io::Result<Vec<(&'static str, u64)>> {
    let mut rng = Rng::derive(seed, 60, 0);
    let mut s_cust = Strata::new(&mut rng);
    let mut s_net = Strata::new(&mut rng);
    let mut s_old = Strata::new(&mut rng);
    let mut s_usb = Strata::new(&mut rng);
    let mut s_wipe = Strata::new(&mut rng);
    // ~3 % old computers (at least ~20); their outcomes: format or delete,
    // nothing recorded, no record at all.
    let old_share = share_at_least(0.03, 18, people.persons.len() as u64);
    let n_old = (people.persons.len() as f64 * old_share) as u64;
    let wipe_widths = [share_at_least(0.08, 2, n_old), share_at_least(0.04, 1, n_old), share_at_least(0.03, 1, n_old)];
    let mut assets: Vec<A> = Vec::new();
    let mut events: Vec<Ev> = Vec::new();
    let mut usb: Vec<(usize, String, usize)> = Vec::new(); // (person, asset id, case)
    let mut pcs: Vec<(usize, usize)> = Vec::new(); // (person, asset index) of computers in use
    let site = |u: usize| org.code(org.top(u)).to_string();

    // Computers, one per person; some staff also hold a USB drive.
    for (i, p) in people.persons.iter().enumerate() {
        let mut r = Rng::derive(seed, 61, i as u64);
        let id = format!("PC-{:06}", p.id);
        let laptop = r.chance(0.3);
        let admin_pc = p.it && p.n_admin > 0;
        let sys = if r.chance(0.12) { p.systems.get(1).and_then(|&x| systems.get(x as usize)) } else { None };
        let high = sys.and_then(|x| x.level).is_some_and(|l| l >= 4);
        let mut roles = vec!["workstation"];
        if admin_pc {
            roles = vec!["admin_pc"];
        }
        // 0 admin computer online, 1 level-4 computer online.
        let online = match s_net.category(&[0.05, 0.08]) {
            0 if admin_pc => true,
            1 if high => true,
            _ => !(admin_pc || high),
        };
        let mut a = A {
            id: id.clone(),
            name: if laptop { "Laptop Dell Latitude 5440" } else { "Máy tính để bàn Dell OptiPlex 7010" },
            kind: "hardware",
            category: if laptop { "laptop" } else { "desktop" },
            roles: roles.join(";"),
            system: sys.map(|x| x.id.clone()).unwrap_or_default(),
            person: p.code(),
            unit: String::new(),
            location: format!("{} - {}", site(p.unit), org.code(p.unit)),
            sensitive: Some(p.sensitive || r.chance(0.5)),
            networked: Some(true),
            internet: Some(online),
            encrypted: Some(laptop || r.chance(0.4)),
            status: "active",
            status_date: None,
            acquired: add_days(today, -r.range(30, 2200)).max(add_days(p.hired, -10)).min(add_days(today, -20)),
            inspect: true,
        };
        // 0 nobody in charge; leavers: returned to IT (spare) unless 1.
        let case = s_cust.category(&[0.02, 0.2]);
        if let Some(l) = &p.leave {
            if case != 1 {
                a.person.clear();
                a.unit = org.code(it_unit(org, p.unit)).to_string();
                a.status = "spare";
                a.status_date = Some(add_days(l.date, r.range(0, 5)).min(today));
            }
        } else if case == 0 {
            a.person.clear();
        }
        if a.status == "active" && !a.person.is_empty() {
            pcs.push((i, assets.len()));
        }
        assets.push(a);
        if p.active() && r.chance(0.05) {
            usb.push((i, format!("USB-{:06}", p.id), s_usb.category(&[0.04, 0.03, 0.02, 0.04, 0.02])));
        }
        // An older computer of the same person, repurposed or disposed of (~3 %),
        // or one out for repair (~0.6 %).
        match s_old.category(&[old_share, 0.006]) {
            0 => {
                let oid = format!("PC-{:06}-CU", p.id);
                let date = weekday_back(&mut r, today, 20, 700);
                let disposed = r.chance(0.7);
                assets.push(A {
                    id: oid.clone(),
                    name: "Máy tính để bàn Dell OptiPlex 3020",
                    category: "desktop",
                    roles: "workstation".into(),
                    person: String::new(),
                    unit: org.code(it_unit(org, p.unit)).to_string(),
                    location: format!("Kho {}", site(p.unit)),
                    networked: Some(false),
                    internet: Some(false),
                    encrypted: Some(false),
                    status: if disposed { "disposed" } else { "repurposed" },
                    status_date: Some(date),
                    acquired: add_days(date, -r.range(1500, 3500)),
                    inspect: false,
                    ..assets[assets.len() - 1].clone()
                });
                // 0 format, 1 delete, 2 nothing recorded, 3 no record at all, else irrecoverable.
                let last = assets.len() - 1;
                assets[last].sensitive = Some(r.chance(0.9));
                let mut ev = Ev::new(&oid, if disposed { "dispose" } else { "repurpose" }, date);
                match s_wipe.category(&wipe_widths) {
                    0 => ev.wipe = if r.chance(0.6) { "format" } else { "delete" },
                    1 => {}
                    2 => continue,
                    _ if r.chance(0.3) => ev.removed = Some(true),
                    _ => {
                        ev.wipe =
                            *r.pick(&["overwrite", "crypto_erase", "degauss", "destroyed"]).unwrap_or(&"overwrite")
                    }
                }
                events.push(ev);
            }
            1 => {
                let last = assets.len() - 1;
                if assets[last].status == "active" {
                    let date = weekday_back(&mut r, today, 1, 25);
                    assets[last].status = "repair";
                    assets[last].status_date = Some(date);
                    pcs.retain(|&(_, ai)| ai != last);
                    if r.chance(0.8) {
                        let mut ev = Ev::new(&assets[last].id, "repair", date);
                        ev.removed = Some(true);
                        events.push(ev);
                    }
                }
            }
            _ => {}
        }
        progress.tick(assets.len() as u64, people.persons.len() as u64);
    }
    // Servers of each system in operation; public servers face the Internet.
    let mut n_srv = 0usize;
    for (k, sys) in systems.iter().enumerate().filter(|(_, s)| s.in_operation) {
        let mut r = Rng::derive(seed, 62, k as u64);
        let unit = sys.operator.map_or(String::new(), |u| org.code(u).to_string());
        for j in 0..1 + r.below(3) {
            let public = sys.internet && j == 0;
            let update = !public && k % 40 == 3 && j == 0;
            let mut roles = vec!["server"];
            if public {
                roles.push(*r.pick(&["public_website", "public_service", "email"]).unwrap_or(&"public_service"));
            }
            if update {
                roles.push("update_server");
            }
            let exempt = public || update;
            // 0 online without an exemption, 1 connection undeclared.
            // Spread by count (~3 % online, ~1 % undeclared), early enough for small data.
            n_srv += 1;
            let case = match (n_srv % 30, n_srv % 97) {
                (3, _) => 0,
                (_, 11) => 1,
                _ => 2,
            };
            assets.push(A {
                id: format!("SRV-{}-{}", sys.id, j + 1),
                name: "Máy chủ HPE ProLiant DL380",
                kind: "hardware",
                category: "server",
                roles: roles.join(";"),
                system: sys.id.clone(),
                person: String::new(),
                unit: unit.clone(),
                location: format!("Phòng máy chủ {unit}"),
                sensitive: Some(!public),
                networked: Some(true),
                internet: if case == 1 && !exempt { None } else { Some(exempt || case == 0) },
                encrypted: Some(r.chance(0.6)),
                status: "active",
                status_date: None,
                acquired: add_days(sys.opened(today), r.range(0, 300)).min(add_days(today, -10)),
                inspect: true,
            });
        }
        // The software and the data of the system.
        for (suffix, kind, category, name) in [
            ("PM", "software", "application", "Phần mềm ứng dụng"),
            ("DL", "information", "dataset", "Cơ sở dữ liệu nghiệp vụ"),
        ] {
            assets.push(A {
                id: format!("{suffix}-{}", sys.id),
                name,
                kind,
                category,
                roles: String::new(),
                system: sys.id.clone(),
                person: String::new(),
                unit: unit.clone(),
                location: String::new(),
                sensitive: Some(kind == "information"),
                networked: None,
                internet: None,
                encrypted: None,
                status: "active",
                status_date: None,
                acquired: sys.opened(today),
                inspect: false,
            });
        }
    }
    // Network gear, printers and the computer for classified documents of each site.
    let leaders = leaders(org, people);
    let mut sites: Vec<usize> = vec![org.cntt];
    sites.extend(org.departments.iter().copied());
    sites.extend(org.kvs.iter().map(|k| k.unit));
    for (k, &u) in sites.iter().enumerate() {
        let mut r = Rng::derive(seed, 63, k as u64);
        let code = org.code(u).to_string();
        let it = org.code(it_unit(org, u)).to_string();
        let gear =
            |id: String, name: &'static str, category: &'static str, roles: &str, internet: bool, r: &mut Rng| A {
                id,
                name,
                kind: "hardware",
                category,
                roles: roles.into(),
                system: String::new(),
                person: String::new(),
                unit: it.clone(),
                location: format!("Phòng mạng {code}"),
                sensitive: Some(false),
                networked: Some(true),
                internet: Some(internet),
                encrypted: None,
                status: "active",
                status_date: None,
                acquired: add_days(today, -r.range(100, 2500)),
                inspect: true,
            };
        if org.kvs.iter().any(|x| x.unit == u) || u == org.cntt {
            assets.push(gear(
                format!("FW-{code}"),
                "Tường lửa Fortinet FortiGate 200F",
                "security_device",
                "internet_access_gateway",
                true,
                &mut r,
            ));
            assets.push(gear(
                format!("SW-{code}"),
                "Thiết bị chuyển mạch Cisco Catalyst 9300",
                "network_device",
                "",
                false,
                &mut r,
            ));
            for j in 1..=3 {
                let online = r.chance(0.02);
                assets.push(gear(format!("PR-{code}-{j}"), "Máy in HP LaserJet M507", "printer", "", online, &mut r));
            }
        }
        // 0 networked, 1 unencrypted, 2 undeclared (spread by site number).
        let case = match (k % 13, k % 17) {
            (4, _) => 0,
            (7, _) => 1,
            (_, 1) => 2,
            _ => 3,
        };
        let keeper =
            leaders.get(u).and_then(|v| v.first()).and_then(|&i| people.persons.get(i as usize)).map(Person::code);
        assets.push(A {
            id: format!("MAT-{code}"),
            name: "Máy tính soạn thảo văn bản mật",
            kind: "hardware",
            category: "desktop",
            roles: "state_secret_pc".into(),
            system: String::new(),
            person: keeper.clone().unwrap_or_default(),
            unit: if keeper.is_none() { code.clone() } else { String::new() },
            location: format!("Phòng văn thư {code}"),
            sensitive: Some(true),
            networked: if case == 2 { None } else { Some(case == 0) },
            internet: Some(false),
            encrypted: if case == 2 { Some(true) } else { Some(case != 1) },
            status: "active",
            status_date: None,
            acquired: add_days(today, -r.range(100, 2500)),
            inspect: true,
        });
    }
    for (pi, id, _) in &usb {
        let p = &people.persons[*pi];
        assets.push(A {
            id: id.clone(),
            name: "USB mã hóa Kingston IronKey 32GB",
            kind: "hardware",
            category: "removable_media",
            roles: String::new(),
            system: String::new(),
            person: p.code(),
            unit: String::new(),
            location: String::new(),
            sensitive: Some(true),
            networked: Some(false),
            internet: Some(false),
            encrypted: None,
            status: "active",
            status_date: None,
            acquired: add_days(today, -rng.range(20, 900)),
            inspect: false,
        });
    }

    // Inspections: 0 overdue, 1 never, else within the last 11 months.
    let mut s_insp = Strata::new(&mut rng);
    let mut s_rep = Strata::new(&mut rng);
    let repair_share = share_at_least(0.02, 10, people.persons.len() as u64);
    let n_repairs = (people.persons.len() as f64 * repair_share) as u64;
    for a in assets.iter().filter(|a| a.inspect && matches!(a.status, "active" | "spare")) {
        let last = match s_insp.category(&[0.10, 0.05]) {
            0 => add_days(today, -rng.range(380, 700)),
            1 => continue,
            _ => add_days(today, -rng.range(5, 330)),
        };
        if last < a.acquired {
            continue;
        }
        if rng.chance(0.3) && add_days(last, -365) > a.acquired {
            events.push(Ev::new(&a.id, "inspection", add_days(last, -365)));
        }
        events.push(Ev::new(&a.id, if rng.chance(0.7) { "inspection" } else { "maintenance" }, last));
        // ~2 % of computers went out for repair.
        if a.category != "server" && a.category != "printer" && rng.chance(repair_share) {
            let mut ev = Ev::new(&a.id, "repair", add_days(last, -rng.range(20, 200)).max(a.acquired));
            // 0 nothing, 1 in house, 2 data recovery, 3 wiped, else removed.
            match s_rep.category(&[share_at_least(0.09, 1, n_repairs), 0.04, 0.02, 0.25]) {
                0 => ev.external = Some(true),
                1 => ev.external = Some(false),
                2 => ev.recovery = Some(true),
                3 => ev.wipe = *rng.pick(&["format", "overwrite"]).unwrap_or(&"format"),
                _ => ev.removed = Some(true),
            }
            events.push(ev);
        }
    }
    events.sort_by(|a, b| (a.date, &a.asset).cmp(&(b.date, &b.asset)));

    let mut out = Vec::new();
    progress.file = FILES[7];
    let mut w = CsvWriter::create(&dir.join(FILES[7]), ASSETS_HEADER)?;
    for a in &assets {
        write_asset(&mut w, a)?;
        progress.tick(w.rows(), assets.len() as u64);
    }
    out.push((FILES[7], w.finish()?));

    progress.file = FILES[8];
    let mut w = CsvWriter::create(&dir.join(FILES[8]), EVENTS_HEADER)?;
    for (k, e) in events.iter().enumerate() {
        w.fmt(format_args!("SK{:07}", k + 1))?;
        w.field(&e.asset)?;
        w.field(e.event)?;
        w.date(Some(e.date), if k % 4 == 0 { DateFmt::Dmy } else { DateFmt::Iso })?;
        opt_bool(&mut w, e.external)?;
        opt_bool(&mut w, e.removed)?;
        w.field(e.wipe)?;
        opt_bool(&mut w, e.recovery)?;
        w.fmt(format_args!("BB-TS-{:06}", k + 1))?;
        w.end_row()?;
        progress.tick(w.rows(), events.len() as u64);
    }
    out.push((FILES[8], w.finish()?));

    // Local administrators of each computer in use.
    progress.file = FILES[9];
    let mut s_adm = Strata::new(&mut rng);
    let mut w = CsvWriter::create(&dir.join(FILES[9]), &["host", "account", "account_kind", "collected_on"])?;
    let collected = add_days(today, -rng.range(0, 6));
    for &(pi, ai) in &pcs {
        let (p, a) = (&people.persons[pi], &assets[ai]);
        let style = p.systems.first().and_then(|&x| systems.get(x as usize)).is_some_and(|x| x.dotted_logins);
        let login = if style { &p.login_dotted } else { &p.login_short };
        // 0 the user's own account, 1 an unknown local account, 2 not exported.
        let case = s_adm.category(&[0.04, 0.01, 0.02]);
        if case == 2 {
            continue;
        }
        let mut row = |acc: &str, kind: &str| -> io::Result<()> {
            w.field(&a.id)?;
            w.field(acc)?;
            w.field(kind)?;
            w.date(Some(collected), DateFmt::Iso)?;
            w.end_row()
        };
        row(&format!("{}\\Administrator", a.id), "")?;
        row("HQ\\IT-Desktop-Admins", "group")?;
        if a.roles == "admin_pc" {
            row(&format!("HQ\\adm.{login}"), "")?;
        }
        match case {
            0 => row(&format!("HQ\\{login}"), "")?,
            1 => row(&format!("{}\\hotro", a.id), "")?,
            _ => {}
        }
        progress.tick(w.rows(), pcs.len() as u64 * 2);
    }
    out.push((FILES[9], w.finish()?));

    // Removable media approvals.
    let mut colleagues: Vec<Vec<u32>> = vec![Vec::new(); org.units.len()];
    for (i, q) in people.persons.iter().enumerate() {
        if q.active() && !names::LEADER_POSITIONS.contains(&q.position) && colleagues[q.unit].len() < 8 {
            colleagues[q.unit].push(i as u32);
        }
    }
    progress.file = FILES[10];
    let mut w = CsvWriter::create(
        &dir.join(FILES[10]),
        &["person_id", "device", "approved_by", "approved_on", "encrypted", "purpose"],
    )?;
    for (pi, id, case) in &usb {
        let p = &people.persons[*pi];
        // 0 no approval, 1 a colleague, 2 a leader elsewhere, 3 unencrypted, 4 undeclared.
        if *case == 0 {
            continue;
        }
        let approver = match case {
            1 => colleagues.get(p.unit).and_then(|v| v.iter().find(|&&x| x as usize != *pi)),
            2 => leaders
                .iter()
                .enumerate()
                .filter(|(u, v)| *u != org.top(p.unit) && *u != org.chq && !v.is_empty())
                .flat_map(|(_, v)| v.first())
                .next(),
            _ => None,
        }
        .and_then(|&x| people.persons.get(x as usize))
        .map(Person::code)
        .or_else(|| leader_for(org, people, &leaders, p));
        let approved = add_days(today, -rng.range(10, 600)).max(p.hired);
        w.field(&p.code())?;
        w.field(id)?;
        w.field(approver.as_deref().unwrap_or(""))?;
        w.date(Some(approved.min(today)), DateFmt::Iso)?;
        match case {
            3 => w.bool(false)?,
            4 => w.blank()?,
            _ => w.bool(true)?,
        }
        w.field("Chuyển hồ sơ nghiệp vụ")?;
        w.end_row()?;
        progress.tick(w.rows(), usb.len() as u64);
    }
    out.push((FILES[10], w.finish()?));
    Ok(out)
}
