//! Third parties, monitoring, alert focal points, incidents, response plans,
//! drills and reports (issue 5, part B): `vendors.csv`, `contracts.csv`,
//! `vendor_staff.csv`, `vendor_service_log.csv`, `vendor_accounts.csv`,
//! `monitoring.csv`, `focal_points.csv`, `incidents.csv`, `ir_plans.csv`,
//! `drills.csv`, `reports.csv`; the vendors' own accounts are appended to
//! `accounts.csv` ([`write_vendor_accounts`]) and the national-security flag
//! of systems comes from [`national_security`].
//!
//! Everything is planned from (org, systems, people, today, seed) by
//! [`plan`], so the accounts file and these files agree, and the same seed
//! gives the same bytes. Every date that records something done is on or
//! before `today`.
//!
//! # Case mix
//! - **Contracts** (VENDOR-CONTRACT): ~8 % lack a clause (recorded `no`),
//!   ~5 % leave one blank (no_evidence).
//! - **Admin work** (VENDOR-NO-FULL-ADMIN): central level 4-5 systems are
//!   important to national security; one of them has a vendor doing all the
//!   admin work (fail); one undeclared local system too (no_evidence).
//! - **Service log** (VENDOR-SERVICE-LOG): entries every 1-2.5 months; ~10 %
//!   of contracts stopped logging (lapse), ~5 % have an entry without
//!   security issues, ~4 % never logged.
//! - **Staff** (VENDOR-STAFF): ~5 % not approved, ~5 % without NDA, ~3 % of
//!   vendor accounts used by someone off the list, ~4 % of contracts without
//!   a staff list.
//! - **Offboarding** (VENDOR-OFFBOARD): ~45 % of contracts have ended; of
//!   those ~78 % offboarded on time, ~10 % late, ~6 % still open, ~6 % with
//!   the key handover unrecorded.
//! - **Monitoring** (MON-COVERAGE): level 4-5 ~9 % below 24/7; level 3 ~5 %
//!   not monitored and ~5 % missing from the declarations.
//! - **Focal points** (ALERT-FOCAL-POINTS): ~15 % of security units lack the
//!   officer or named one who has left.
//! - **Plans and drills** (IR-PLAN-REVIEW, IR-DRILL): one plan row per year;
//!   ~10 % of units reviewed late or not at all, ~5 % have no plan; ~15 % of
//!   units overdue for a drill.
//! - **Incidents** (IR-REPORTED): ~85 % reported within 5 days, ~10 % late,
//!   ~3 % never, ~2 % unclassified; recent ones still pending.
//! - **Reports** (RPT-ANNUAL, RPT-MONITORING): ~85 % on time, ~8 % late,
//!   ~7 % missing.

use std::collections::HashSet;
use std::io;
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use tuanthu_core::evidence::schema_vendors_ir::Period;

use super::csv_out::{CsvWriter, DateFmt, TsFmt};
use super::dates::{add_days, add_weekdays, office_time};
use super::names;
use super::org::{Org, System};
use super::people::{full_name, People};
use super::rng::{quota, Rng};
use super::Progress;

/// The files this module writes, in import order.
pub const FILES: [&str; 11] = [
    "vendors.csv",
    "contracts.csv",
    "vendor_staff.csv",
    "vendor_service_log.csv",
    "vendor_accounts.csv",
    "monitoring.csv",
    "focal_points.csv",
    "incidents.csv",
    "ir_plans.csv",
    "drills.csv",
    "reports.csv",
];

const VENDOR_NAMES: &[(&str, &str)] = &[
    ("FPTIS", "Công ty TNHH Hệ thống Thông tin FPT"),
    ("VTS", "Tổng Công ty Giải pháp Doanh nghiệp Viettel"),
    ("VNPTIT", "Công ty Công nghệ thông tin VNPT"),
    ("CMCTS", "Công ty Cổ phần Tích hợp Hệ thống CMC"),
    ("HPT", "Công ty Cổ phần Dịch vụ Công nghệ Tin học HPT"),
    ("TTC", "Công ty Cổ phần Công nghệ Thành Công"),
    ("NETNAM", "Công ty Cổ phần NetNam"),
    ("ELCOM", "Công ty Cổ phần Công nghệ Viễn thông Elcom"),
    ("BKAV", "Công ty Cổ phần BKAV"),
    ("MISA", "Công ty Cổ phần MISA"),
    ("SAOVIET", "Công ty TNHH Giải pháp Mạng Sao Việt"),
    ("HIPT", "Công ty Cổ phần Tập đoàn HIPT"),
];

const SERVICES: &[&str] = &[
    "Vận hành, bảo trì hệ thống",
    "Bảo trì phần mềm ứng dụng",
    "Bảo trì thiết bị mạng, máy chủ",
    "Giám sát an toàn thông tin",
    "Nâng cấp, mở rộng hệ thống",
    "Hỗ trợ kỹ thuật người dùng",
];

const SCENARIOS: &[&str] = &[
    "Tấn công mã hóa dữ liệu đòi tiền chuộc",
    "Tấn công từ chối dịch vụ vào cổng thông tin",
    "Lộ lọt dữ liệu qua thư điện tử giả mạo",
    "Chiếm quyền điều khiển máy chủ ứng dụng",
    "Thay đổi giao diện trang thông tin điện tử",
];

const ISSUES: &[&str] = &[
    "không",
    "không",
    "không",
    "Gián đoạn dịch vụ 2 giờ do lỗi cấu hình; đã khắc phục",
    "Phát hiện lỗ hổng phần mềm mức cao; đã vá trong 3 ngày",
];

/// Whether a system is important to national security (Điều 25.2), as the
/// `national_security` cell: central level 4-5 systems are, one local system
/// in ten does not say, the others are not.
pub fn national_security(s: &System) -> &'static str {
    let h = crate::ics::fnv1a(&s.id);
    match (s.kv, s.level) {
        (None, Some(4 | 5)) => "true",
        (Some(_), _) if h.checked_rem(10) == Some(0) => "",
        _ => "false",
    }
}

/// What happened when a contract ended.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Offboard {
    OnTime,
    Late,
    Open,
    KeysUnrecorded,
}

/// How the service log of a contract is kept.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LogCase {
    Kept,
    Lapsed,
    Incomplete,
    Never,
}

struct Staff {
    name: String,
    approved: Option<NaiveDate>,
    nda: Option<NaiveDate>,
}

struct VAccount {
    system: usize,
    username: String,
    admin: bool,
    staff: String,
    created: NaiveDate,
    disabled: Option<NaiveDate>,
    /// The Customs person responsible for the shared vendor account.
    responsible: String,
}

struct Contract {
    id: String,
    vendor: usize,
    unit: usize,
    service: &'static str,
    systems: Vec<usize>,
    signed: NaiveDate,
    start: NaiveDate,
    end: Option<NaiveDate>,
    clauses: [Option<bool>; 5],
    admin: &'static str,
    access_revoked: Option<NaiveDate>,
    keys: Option<bool>,
    keys_changed: Option<NaiveDate>,
    staff: Vec<Staff>,
    /// Staff listed without naming the contract (the vendor's general list).
    staff_list: bool,
    accounts: Vec<VAccount>,
    log: LogCase,
}

struct Vendor {
    id: String,
    name: String,
    tax: String,
}

/// Everything about third parties, planned once.
pub struct Plan {
    vendors: Vec<Vendor>,
    contracts: Vec<Contract>,
}

/// Assigns cases to `n` items in exact shares (each case at least once when
/// there are items enough), the others `default`, in a shuffled order.
fn assign<T: Copy>(n: usize, cases: &[(T, f64)], default: T, rng: &mut Rng) -> Vec<T> {
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    let mut out = vec![default; n];
    // At least one item keeps the default case.
    let mut budget = n.saturating_sub(1);
    let mut it = order.into_iter();
    for &(case, share) in cases {
        let k = quota(share, 1, n).min(budget);
        budget -= k;
        for i in it.by_ref().take(k) {
            out[i] = case;
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ClauseCase {
    Complete,
    Missing,
    Blank,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum StaffCase {
    Approved,
    Unapproved,
    NoNda,
    NoList,
    Outsider,
}

/// The IT staff who can be responsible for vendor accounts (CNTT's first).
fn it_pool(people: &People) -> Vec<u32> {
    people.it_by_kv.last().filter(|v| !v.is_empty()).cloned().unwrap_or_else(|| people.it_by_kv.concat())
}

/// Plans vendors, contracts, their staff and accounts.
pub fn plan(org: &Org, systems: &[System], people: &People, today: NaiveDate, seed: u64) -> Plan {
    let mut rng = Rng::derive(seed, 50, 0);
    let n_vendors = (systems.len() / 12).clamp(6, 150);
    let vendors: Vec<Vendor> = (0..n_vendors)
        .map(|i| {
            let (code, name) = VENDOR_NAMES[i % VENDOR_NAMES.len()];
            let round = i / VENDOR_NAMES.len();
            let (id, name) = if round == 0 {
                (code.to_string(), name.to_string())
            } else {
                (format!("{code}{}", round + 1), format!("{name} - Chi nhánh {}", round + 1))
            };
            Vendor { id, name, tax: format!("0{:09}", 100_000_000 + rng.below(899_999_999)) }
        })
        .collect();
    let pool = it_pool(people);
    let in_op: Vec<usize> = (0..systems.len()).filter(|&i| systems[i].in_operation).collect();
    let national: Vec<usize> = in_op.iter().copied().filter(|&i| national_security(&systems[i]) == "true").collect();
    let undeclared: Vec<usize> = in_op.iter().copied().filter(|&i| national_security(&systems[i]).is_empty()).collect();
    let mut contracts = Vec::new();
    let mut n = 0usize;
    for (v, vendor) in vendors.iter().enumerate() {
        let k = 1 + rng.below(4) as usize;
        for _ in 0..k {
            n += 1;
            let mut r = Rng::derive(seed, 51, n as u64);
            let n_sys = 1 + r.below(3) as usize;
            let mut sys: Vec<usize> = Vec::new();
            for _ in 0..n_sys {
                if let Some(&s) = r.pick(&in_op) {
                    if !sys.contains(&s) {
                        sys.push(s);
                    }
                }
            }
            let unit = sys.first().and_then(|&s| systems[s].operator).unwrap_or(org.cntt);
            let start = add_days(today, -r.range(30, 4 * 365));
            let end = match r.below(20) {
                0 | 1 => None,
                _ => Some(add_days(start, r.range(365, 3 * 365))),
            };
            let id = format!("HĐ-{:04}/{}-{}", n, start.year(), vendor.id);
            contracts.push(Contract {
                id,
                vendor: v,
                unit,
                service: r.word(SERVICES),
                systems: sys,
                signed: add_days(start, -r.range(3, 30)),
                start,
                end,
                clauses: [Some(true); 5],
                admin: if r.chance(0.3) { "configuration" } else { "" },
                access_revoked: None,
                keys: Some(false),
                keys_changed: None,
                staff: Vec::new(),
                staff_list: true,
                accounts: Vec::new(),
                log: LogCase::Kept,
            });
        }
    }
    let nc = contracts.len();
    let clause_cases =
        assign(nc, &[(ClauseCase::Missing, 0.08), (ClauseCase::Blank, 0.05)], ClauseCase::Complete, &mut rng);
    let log_cases = assign(
        nc,
        &[(LogCase::Lapsed, 0.10), (LogCase::Incomplete, 0.05), (LogCase::Never, 0.04)],
        LogCase::Kept,
        &mut rng,
    );
    let staff_cases = assign(
        nc,
        &[
            (StaffCase::Unapproved, 0.06),
            (StaffCase::NoNda, 0.06),
            (StaffCase::NoList, 0.04),
            (StaffCase::Outsider, 0.04),
        ],
        StaffCase::Approved,
        &mut rng,
    );
    for (i, c) in contracts.iter_mut().enumerate() {
        let k = rng.index(5);
        match clause_cases[i] {
            ClauseCase::Missing => c.clauses[k] = Some(false),
            ClauseCase::Blank => c.clauses[k] = None,
            ClauseCase::Complete => {}
        }
        c.log = log_cases[i];
        c.staff_list = staff_cases[i] != StaffCase::NoList;
    }
    // 25.2: one vendor does all the admin work of a national-security system
    // (fail), the others only part of it; an undeclared system too (no_evidence).
    let n_contracts = nc.max(1);
    for (j, &s) in national.iter().enumerate() {
        if let Some(c) = contracts.get_mut(j * 3 % n_contracts) {
            if !c.systems.contains(&s) {
                c.systems.push(s);
            }
            c.start = c.start.min(add_days(today, -400));
            c.end = Some(add_days(today, 200 + 30 * j as i64));
            c.admin = if j == 0 { "configuration;data;logs" } else { "configuration;data" };
        }
    }
    if let (Some(&s), Some(c)) = (undeclared.first(), contracts.last_mut()) {
        c.systems = vec![s];
        c.end = None;
        c.admin = "configuration;data;logs";
    }
    let ended: Vec<usize> = (0..nc).filter(|&i| contracts[i].end.is_some_and(|e| e < today)).collect();
    let offboard = assign(
        ended.len(),
        &[(Offboard::Late, 0.10), (Offboard::Open, 0.06), (Offboard::KeysUnrecorded, 0.06)],
        Offboard::OnTime,
        &mut rng,
    );
    let mut outcomes = vec![None; nc];
    for (k, &i) in ended.iter().enumerate() {
        outcomes[i] = Some(offboard[k]);
    }
    // Staff, accounts and offboarding outcomes.
    let mut used_users = HashSet::new();
    // Staff names are unique per vendor (the key of vendor_staff).
    let mut names: HashSet<(usize, String)> = HashSet::new();
    for (n, c) in contracts.iter_mut().enumerate() {
        let mut r = Rng::derive(seed, 52, n as u64);
        let vendor = &vendors[c.vendor];
        let n_staff = 2 + r.below(4) as usize;
        for s in 0..n_staff {
            let (mut name, _, _) = full_name(&mut r);
            while !names.insert((c.vendor, name.clone())) {
                name.push_str(" (2)");
            }
            let approved = add_days(c.start, -r.range(1, 10)).min(today);
            let nda = add_days(approved, r.range(0, 3)).min(today);
            let staff = match (staff_cases[n], s) {
                (StaffCase::Unapproved, 0) => Staff { name, approved: None, nda: Some(nda) },
                (StaffCase::NoNda, 0) => Staff { name, approved: Some(approved), nda: None },
                _ => Staff { name, approved: Some(approved), nda: Some(nda) },
            };
            c.staff.push(staff);
        }
        let n_acc = 1 + r.below(3) as usize;
        for a in 0..n_acc {
            let Some(&system) = r.pick(&c.systems) else { continue };
            let admin = r.chance(0.6);
            let base = format!("nt.{}.{}{}", vendor.id.to_lowercase(), if admin { "adm" } else { "u" }, n * 10 + a);
            if !used_users.insert((system, base.clone())) {
                continue;
            }
            let staff = if staff_cases[n] == StaffCase::Outsider && a == 0 {
                full_name(&mut r).0
            } else {
                r.pick(&c.staff).map(|s| s.name.clone()).unwrap_or_default()
            };
            let responsible = r.pick(&pool).and_then(|&i| people.persons.get(i as usize)).map(|p| p.code());
            c.accounts.push(VAccount {
                system,
                username: base,
                admin,
                staff,
                created: c.start.min(today),
                disabled: None,
                responsible: responsible.unwrap_or_default(),
            });
        }
        // At the end of the contract.
        let (Some(end), Some(outcome)) = (c.end, outcomes[n]) else { continue };
        let on_time = add_weekdays(end, r.range(0, 1) as u32).min(today);
        let late = add_weekdays(end, r.range(5, 20) as u32).min(today);
        c.keys = match outcome {
            Offboard::KeysUnrecorded => None,
            Offboard::Open => Some(c.accounts.is_empty() || r.chance(0.5)),
            _ => Some(r.chance(0.5)),
        };
        if c.keys == Some(true) {
            c.keys_changed = match outcome {
                Offboard::Late => Some(late),
                Offboard::Open => None,
                _ => Some(on_time),
            };
        }
        for a in &mut c.accounts {
            a.disabled = match outcome {
                Offboard::Open if c.keys != Some(true) => None,
                Offboard::Late => Some(late),
                _ => Some(on_time),
            };
        }
        if c.accounts.is_empty() && outcome != Offboard::Open {
            c.access_revoked = Some(if outcome == Offboard::Late { late } else { on_time });
        }
    }
    Plan { vendors, contracts }
}

/// Appends the vendors' accounts to accounts.csv (its header order): shared
/// accounts with the Customs IT staff member responsible for them (Điều
/// 11.1.a), disabled when their contract was offboarded.
pub fn write_vendor_accounts(
    w: &mut CsvWriter,
    org: &Org,
    systems: &[System],
    people: &People,
    today: NaiveDate,
    seed: u64,
) -> io::Result<u64> {
    let plan = plan(org, systems, people, today, seed);
    let mut n = 0;
    for (i, c) in plan.contracts.iter().enumerate() {
        let mut r = Rng::derive(seed, 53, i as u64);
        for a in &c.accounts {
            let Some(sys) = systems.get(a.system) else { continue };
            w.field(&sys.id)?;
            w.field(&a.username)?;
            w.field(if a.admin { "admin" } else { "user" })?;
            w.bool(true)?;
            w.blank()?;
            w.field(&a.responsible)?;
            w.field(if a.disabled.is_some() { "disabled" } else { "active" })?;
            w.date(Some(a.created), DateFmt::Iso)?;
            w.date(a.disabled, DateFmt::Iso)?;
            w.blank()?;
            let last = match a.disabled {
                Some(d) => add_days(d, -r.range(0, 20)).max(a.created),
                None => add_days(today, -r.range(0, 20)).max(a.created),
            };
            w.ts(Some(office_time(&mut r, last)), TsFmt::Rfc3339)?;
            let pwd = add_days(last, -r.range(0, if a.admin { 40 } else { 70 })).max(a.created);
            w.ts(Some(office_time(&mut r, pwd)), TsFmt::Rfc3339)?;
            w.field(if a.admin { "Quản trị hệ thống" } else { "tra_cuu" })?;
            w.end_row()?;
            n += 1;
        }
    }
    Ok(n)
}

/// Writes the eleven files; returns (file name, data rows) in [`FILES`] order.
pub fn write_files(
    dir: &Path,
    org: &Org,
    systems: &[System],
    people: &People,
    today: NaiveDate,
    seed: u64,
    progress: &mut Progress<'_>,
) -> io::Result<Vec<(&'static str, u64)>> {
    let plan = plan(org, systems, people, today, seed);
    let mut out = Vec::with_capacity(FILES.len());
    let mut done = |p: &mut Progress<'_>, name: &'static str, rows: u64| {
        p.file = name;
        p.done(rows);
        out.push((name, rows));
    };
    let path = |name: &str| dir.join(name);
    let [f_vendors, f_contracts, f_staff, f_log, f_vacc, f_mon, f_focal, f_inc, f_plans, f_drills, f_reports] = FILES;

    let mut w = CsvWriter::create(&path(f_vendors), &["vendor_id", "name", "tax_code", "focal_unit"])?;
    for v in &plan.vendors {
        w.field(&v.id)?;
        w.field(&v.name)?;
        w.field(&v.tax)?;
        w.field(org.code(org.cntt))?;
        w.end_row()?;
    }
    done(progress, f_vendors, w.finish()?);

    let mut w = CsvWriter::create(
        &path(f_contracts),
        &[
            "contract_id",
            "vendor_id",
            "unit_code",
            "service",
            "system_ids",
            "signed_on",
            "start_date",
            "end_date",
            "clause_security_duties",
            "clause_non_disclosure",
            "clause_vulnerability_patching",
            "clause_violation_handling",
            "clause_damages_liability",
            "admin_functions",
            "access_revoked_on",
            "keys_handed_over",
            "keys_changed_on",
        ],
    )?;
    for c in &plan.contracts {
        w.field(&c.id)?;
        w.field(&plan.vendors[c.vendor].id)?;
        w.field(org.code(c.unit))?;
        w.field(c.service)?;
        let ids: Vec<&str> = c.systems.iter().filter_map(|&s| systems.get(s)).map(|s| s.id.as_str()).collect();
        w.field(&ids.join(";"))?;
        w.date(Some(c.signed.min(today)), DateFmt::Dmy)?;
        w.date(Some(c.start), DateFmt::Dmy)?;
        w.date(c.end, DateFmt::Dmy)?;
        for cl in c.clauses {
            match cl {
                Some(true) => w.field("có")?,
                Some(false) => w.field("không")?,
                None => w.blank()?,
            }
        }
        w.field(c.admin)?;
        w.date(c.access_revoked, DateFmt::Iso)?;
        match c.keys {
            Some(b) => w.bool(b)?,
            None => w.blank()?,
        }
        w.date(c.keys_changed, DateFmt::Iso)?;
        w.end_row()?;
    }
    done(progress, f_contracts, w.finish()?);

    let mut w = CsvWriter::create(
        &path(f_staff),
        &["vendor_id", "full_name", "contract_id", "role", "approved_on", "approved_by_unit", "nda_signed_on"],
    )?;
    for c in plan.contracts.iter().filter(|c| c.staff_list) {
        for s in &c.staff {
            w.field(&plan.vendors[c.vendor].id)?;
            w.field(&s.name)?;
            w.field(&c.id)?;
            w.field(if s.name.len() % 3 == 0 { "Trưởng nhóm triển khai" } else { "Kỹ sư" })?;
            w.date(s.approved, DateFmt::Iso)?;
            w.field(org.code(c.unit))?;
            w.date(s.nda, DateFmt::Iso)?;
            w.end_row()?;
        }
    }
    done(progress, f_staff, w.finish()?);

    let mut w = CsvWriter::create(
        &path(f_log),
        &[
            "entry_id",
            "vendor_id",
            "contract_id",
            "service",
            "date",
            "security_issues",
            "other_changes",
            "recorded_by_unit",
        ],
    )?;
    let mut entry = 0u64;
    for (i, c) in plan.contracts.iter().enumerate() {
        let mut r = Rng::derive(seed, 54, i as u64);
        let until = c.end.map_or(today, |e| e.min(today));
        let stop = match c.log {
            LogCase::Never => continue,
            LogCase::Lapsed => add_days(until, -r.range(120, 300)),
            _ => until,
        };
        let mut d = add_days(c.start, r.range(10, 60));
        let mut k = 0;
        while d <= stop {
            entry += 1;
            w.fmt(format_args!("NK-{entry:06}"))?;
            w.field(&plan.vendors[c.vendor].id)?;
            w.field(if r.chance(0.8) { &c.id } else { "" })?;
            w.field(c.service)?;
            w.date(Some(d), DateFmt::Iso)?;
            if c.log == LogCase::Incomplete && k == 1 {
                w.blank()?;
            } else {
                w.field(r.word(ISSUES))?;
            }
            w.field(if r.chance(0.1) { "Thay đổi nhân sự triển khai" } else { "" })?;
            w.field(org.code(c.unit))?;
            w.end_row()?;
            k += 1;
            d = add_days(d, r.range(30, 75));
        }
    }
    done(progress, f_log, w.finish()?);

    let mut w = CsvWriter::create(&path(f_vacc), &["system_id", "username", "vendor_id", "contract_id", "staff_name"])?;
    for c in &plan.contracts {
        for a in &c.accounts {
            let Some(sys) = systems.get(a.system) else { continue };
            w.field(&sys.id)?;
            w.field(&a.username)?;
            w.field(&plan.vendors[c.vendor].id)?;
            w.field(&c.id)?;
            w.field(&a.staff)?;
            w.end_row()?;
        }
    }
    done(progress, f_vacc, w.finish()?);

    let n = write_monitoring(&path(f_mon), org, systems, seed)?;
    done(progress, f_mon, n);
    let n = write_focal_points(&path(f_focal), org, people, today, seed)?;
    done(progress, f_focal, n);
    let n = write_incidents(&path(f_inc), org, systems, today, seed)?;
    done(progress, f_inc, n);
    let (n_plans, n_drills) = write_plans_and_drills(&path(f_plans), &path(f_drills), org, systems, today, seed)?;
    done(progress, f_plans, n_plans);
    done(progress, f_drills, n_drills);
    let n = write_reports(&path(f_reports), org, systems, today, seed)?;
    done(progress, f_reports, n);
    Ok(out)
}

fn write_monitoring(path: &Path, org: &Org, systems: &[System], seed: u64) -> io::Result<u64> {
    let mut w = CsvWriter::create(path, &["system_id", "coverage", "monitored_by", "since"])?;
    let mut rng = Rng::derive(seed, 55, 0);
    let high: Vec<usize> =
        (0..systems.len()).filter(|&i| systems[i].in_operation && systems[i].level >= Some(4)).collect();
    let mid: Vec<usize> =
        (0..systems.len()).filter(|&i| systems[i].in_operation && matches!(systems[i].level, Some(3) | None)).collect();
    let mut coverage: Vec<Option<&'static str>> = vec![None; systems.len()];
    for (k, c) in
        assign(high.len(), &[("working_hours", 0.07), ("none", 0.02)], "24x7", &mut rng).into_iter().enumerate()
    {
        coverage[high[k]] = Some(c);
    }
    let mid_cases = assign(mid.len(), &[("none", 0.05), ("", 0.05), ("24x7", 0.30)], "working_hours", &mut rng);
    for (k, c) in mid_cases.into_iter().enumerate() {
        coverage[mid[k]] = Some(c);
    }
    for (i, s) in systems.iter().enumerate().filter(|(_, s)| s.in_operation) {
        let c = match coverage[i] {
            Some(c) => c,
            None if rng.chance(0.2) => "working_hours",
            None => "",
        };
        if c.is_empty() {
            continue; // not among the declarations
        }
        w.field(&s.id)?;
        w.field(c)?;
        w.field(org.code(s.security.unwrap_or(org.cntt)))?;
        w.date(s.since, DateFmt::Iso)?;
        w.end_row()?;
    }
    w.finish()
}

/// The security units: CNTT, then the Chi cục with their own security team.
fn security_units(org: &Org) -> Vec<(usize, usize)> {
    let mut v = vec![(org.cntt, org.kvs.len())];
    v.extend(org.kvs.iter().enumerate().filter(|(_, kv)| kv.full_roles).map(|(k, kv)| (kv.unit, k)));
    v
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FocalCase {
    Complete,
    NoOfficer,
    LeftOfficer,
}

fn write_focal_points(path: &Path, org: &Org, people: &People, today: NaiveDate, seed: u64) -> io::Result<u64> {
    let mut w = CsvWriter::create(path, &["unit_code", "person_id", "role", "appointed_on", "until", "document_no"])?;
    let units = security_units(org);
    let cases = assign(
        units.len(),
        &[(FocalCase::NoOfficer, 0.08), (FocalCase::LeftOfficer, 0.07)],
        FocalCase::Complete,
        &mut Rng::derive(seed, 56, u64::MAX),
    );
    for (j, (unit, group)) in units.into_iter().enumerate() {
        let mut r = Rng::derive(seed, 56, j as u64);
        let active = people.active_by_kv.get(group).cloned().unwrap_or_default();
        let it = people.it_by_kv.get(group).cloned().unwrap_or_default();
        let in_unit = |p: &&super::people::Person| {
            if group == org.kvs.len() {
                org.is_it_central(p.unit)
            } else {
                org.units.get(p.unit).and_then(|x| x.kv) == Some(group)
            }
        };
        let members: Vec<&super::people::Person> =
            active.iter().filter_map(|&i| people.persons.get(i as usize)).filter(in_unit).collect();
        let leader = members
            .iter()
            .copied()
            .find(|p| names::LEADER_POSITIONS.contains(&p.position))
            .or_else(|| members.first().copied());
        let leader_code = leader.map(|p| p.code());
        let officers: Vec<&super::people::Person> = it
            .iter()
            .filter_map(|&i| people.persons.get(i as usize))
            .filter(|p| in_unit(p) && Some(p.code()) != leader_code)
            .collect();
        // An IT officer of the unit, or any member when it has no IT staff.
        let others: Vec<&super::people::Person> =
            members.iter().copied().filter(|p| Some(p.code()) != leader_code).collect();
        let officer = r.pick(&officers).or_else(|| r.pick(&others)).copied();
        let left = people.persons.iter().filter(|p| !p.active()).find(in_unit);
        let appointed = add_days(today, -r.range(60, 900));
        let doc = format!("{}/QĐ-{}", 10 + r.below(300), org.code(unit));
        let mut row = |p: &super::people::Person, role: &str| -> io::Result<()> {
            w.field(org.code(unit))?;
            w.field(&p.code())?;
            w.field(role)?;
            w.date(Some(appointed), DateFmt::Iso)?;
            w.blank()?;
            w.field(&doc)?;
            w.end_row()
        };
        if let Some(p) = leader {
            row(p, "leader")?;
        }
        match (cases[j], officer, left) {
            (FocalCase::NoOfficer, _, _) => {}
            (FocalCase::LeftOfficer, _, Some(p)) => row(p, "officer")?,
            (_, Some(p), _) => row(p, "officer")?,
            _ => {}
        }
    }
    w.finish()
}

const INCIDENT_TYPES: &[(&str, u32)] = &[
    ("malware", 35),
    ("spoofing", 20),
    ("denial_of_service", 10),
    ("unauthorized_access", 10),
    ("defacement", 5),
    ("encryption", 5),
    ("destruction", 2),
    ("espionage_data_theft", 3),
    ("other_attack", 5),
    ("not_attack", 5),
];

fn write_incidents(path: &Path, org: &Org, systems: &[System], today: NaiveDate, seed: u64) -> io::Result<u64> {
    let mut w = CsvWriter::create(
        path,
        &[
            "incident_id",
            "system_id",
            "unit_code",
            "type",
            "detected_at",
            "reported_at",
            "severity",
            "status",
            "closed_at",
            "description",
        ],
    )?;
    let in_op: Vec<&System> = systems.iter().filter(|s| s.in_operation).collect();
    let n = (systems.len() * 2 / 5).max(12);
    let mut planned: Vec<(i64, usize)> = (0..n)
        .map(|i| {
            let mut r = Rng::derive(seed, 57, i as u64);
            // A few in the last days (still pending), the rest over two years.
            let back = if i < 3 { r.range(0, 3) } else { r.range(4, 730) };
            (back, i)
        })
        .collect();
    planned.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Rep {
        InTime,
        Late,
        Never,
        Unclassified,
    }
    let cases = assign(
        planned.len(),
        &[(Rep::Late, 0.10), (Rep::Never, 0.03), (Rep::Unclassified, 0.02)],
        Rep::InTime,
        &mut Rng::derive(seed, 57, u64::MAX),
    );
    for (k, (back, i)) in planned.into_iter().enumerate() {
        let mut r = Rng::derive(seed, 58, i as u64);
        let Some(s) = r.pick(&in_op) else { continue };
        let ty = if cases[k] == Rep::InTime { *r.weighted(INCIDENT_TYPES).unwrap_or(&"malware") } else { "malware" };
        let detected = add_days(today, -back);
        let detected_at = office_time(&mut r, detected);
        let reported = match (back, cases[k]) {
            (0..=3, _) => None,
            (_, Rep::InTime | Rep::Unclassified) => Some(add_days(detected, r.range(0, 5.min(back)))),
            (_, Rep::Late) => Some(add_days(detected, r.range(6, 20)).min(today)),
            (_, Rep::Never) => None,
        };
        let reported_at = reported.map(|d| office_time(&mut r, d)).map(|t| t.max(detected_at));
        let severity =
            if cases[k] == Rep::Unclassified { "" } else { r.word(&["low", "medium", "medium", "high", "critical"]) };
        let closed = (back > 10).then(|| add_days(detected, r.range(0, 10)).min(today));
        w.fmt(format_args!("SC-{}-{:04}", detected.year(), k + 1))?;
        w.field(&s.id)?;
        w.field(org.code(s.operator.unwrap_or(org.cntt)))?;
        w.field(ty)?;
        w.ts(Some(detected_at), TsFmt::IsoSpace)?;
        w.ts(reported_at, TsFmt::IsoSpace)?;
        w.field(severity)?;
        w.field(if closed.is_some() { "closed" } else { "open" })?;
        w.ts(closed.map(|d| office_time(&mut r, d).max(detected_at)), TsFmt::IsoSpace)?;
        w.field(match ty {
            "malware" => "Phát hiện mã độc trên máy trạm",
            "spoofing" => "Thư điện tử giả mạo lừa đảo",
            "not_attack" => "Hỏng phần cứng máy chủ",
            _ => "Sự cố an toàn thông tin mạng",
        })?;
        w.end_row()?;
    }
    w.finish()
}

/// Units that operate or own in-operation systems, in unit order.
fn plan_units(org: &Org, systems: &[System]) -> Vec<usize> {
    let ops: HashSet<usize> =
        systems.iter().filter(|s| s.in_operation).flat_map(|s| s.operator.into_iter().chain([s.owner])).collect();
    (0..org.units.len()).filter(|u| ops.contains(u)).collect()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum PlanCase {
    Kept,
    NoPlan,
    ReviewLate,
    NotReviewed,
    NoSchedule,
    DrillOverdue,
}

/// Last day for a yearly "before DD/MM" deadline.
fn before(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).and_then(|d| d.pred_opt()).unwrap_or(NaiveDate::MIN)
}

fn write_plans_and_drills(
    plans_path: &Path,
    drills_path: &Path,
    org: &Org,
    systems: &[System],
    today: NaiveDate,
    seed: u64,
) -> io::Result<(u64, u64)> {
    let mut p = CsvWriter::create(
        plans_path,
        &["plan_id", "unit_code", "title", "system_ids", "approved_on", "reviewed_on", "drill_every_months"],
    )?;
    let mut d = CsvWriter::create(drills_path, &["drill_id", "unit_code", "plan_id", "date", "scenario", "result"])?;
    let units = plan_units(org, systems);
    let cases = assign(
        units.len(),
        &[
            (PlanCase::DrillOverdue, 0.15),
            (PlanCase::NotReviewed, 0.05),
            (PlanCase::ReviewLate, 0.05),
            (PlanCase::NoSchedule, 0.03),
            (PlanCase::NoPlan, 0.05),
        ],
        PlanCase::Kept,
        &mut Rng::derive(seed, 59, u64::MAX),
    );
    // The yearly review judged on `today`: this year's once its deadline has passed.
    let judged = if today > before(today.year(), 10, 31) { today.year() } else { today.year() - 1 };
    let mut drill_no = 0u64;
    for (j, &u) in units.iter().enumerate() {
        let mut r = Rng::derive(seed, 59, u as u64);
        let case = cases[j];
        if case == PlanCase::NoPlan {
            continue;
        }
        let code = org.code(u);
        let every = if r.chance(0.7) { 12 } else { 6 };
        let first_year = today.year() - 2;
        let mut plan_id = String::new();
        for year in first_year..=today.year() {
            let approved = NaiveDate::from_ymd_opt(year, 1, 1).map(|d| add_days(d, r.range(20, 80))).unwrap_or(today);
            if approved > today {
                continue;
            }
            let deadline = before(year, 10, 31);
            let reviewed = match case {
                PlanCase::NotReviewed if year == judged => None,
                PlanCase::ReviewLate if year == judged => Some(add_days(deadline, r.range(2, 40))),
                _ => Some(add_days(deadline, -r.range(1, 60))),
            }
            .filter(|d| *d <= today);
            plan_id = format!("KH-UCSC-{code}-{year}");
            p.field(&plan_id)?;
            p.field(code)?;
            p.fmt(format_args!("Kế hoạch ứng phó sự cố an toàn thông tin mạng năm {year}"))?;
            let ids: Vec<&str> = systems
                .iter()
                .filter(|s| s.operator == Some(u) && s.in_operation)
                .map(|s| s.id.as_str())
                .take(20)
                .collect();
            p.field(&ids.join(";"))?;
            p.date(Some(approved), DateFmt::Iso)?;
            p.date(reviewed, DateFmt::Iso)?;
            if case == PlanCase::NoSchedule {
                p.blank()?;
            } else {
                p.fmt(format_args!("{every}"))?;
            }
            p.end_row()?;
        }
        // Drills as scheduled, except ~15 % of units that stopped.
        let overdue = case == PlanCase::DrillOverdue;
        let mut day = NaiveDate::from_ymd_opt(first_year, 1, 1).map_or(today, |d| add_days(d, r.range(90, 200)));
        let stop = if overdue { add_days(today, -i64::from(every) * 31 - r.range(20, 200)) } else { today };
        while day <= stop {
            drill_no += 1;
            d.fmt(format_args!("DT-{drill_no:05}"))?;
            d.field(code)?;
            d.field(&plan_id)?;
            d.date(Some(day), DateFmt::Iso)?;
            d.field(r.word(SCENARIOS))?;
            d.field(r.word(&["passed", "passed", "passed", "partial", "failed"]))?;
            d.end_row()?;
            if r.below(100) < 4 {
                drill_no += 1;
                d.fmt(format_args!("DT-{drill_no:05}"))?;
                d.field(code)?;
                d.field(&plan_id)?;
                d.date(Some(add_days(day, 20).min(today)), DateFmt::Iso)?;
                d.field(r.word(SCENARIOS))?;
                d.field("cancelled")?;
                d.end_row()?;
            }
            day = add_days(day, i64::from(every) * 30 - r.range(0, 25));
        }
    }
    Ok((p.finish()?, d.finish()?))
}

fn write_reports(path: &Path, org: &Org, systems: &[System], today: NaiveDate, seed: u64) -> io::Result<u64> {
    let mut w = CsvWriter::create(
        path,
        &["report_id", "kind", "unit_code", "period", "sent_on", "document_no", "incident_id"],
    )?;
    let owners: Vec<usize> = {
        let set: HashSet<usize> = systems.iter().filter(|s| s.in_operation).map(|s| s.owner).collect();
        (0..org.units.len()).filter(|u| set.contains(u)).collect()
    };
    let monitored: HashSet<usize> =
        systems.iter().filter(|s| s.in_operation && s.level.is_none_or(|l| l >= 3)).map(|s| s.owner).collect();
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Sent {
        OnTime,
        Late,
        Missing,
    }
    let shares = [(Sent::Late, 0.08), (Sent::Missing, 0.07)];
    let annual_cases = assign(owners.len(), &shares, Sent::OnTime, &mut Rng::derive(seed, 60, u64::MAX));
    // Monitoring reports: cases among the owners that must send them.
    let monitored_owners: Vec<usize> = owners.iter().copied().filter(|u| monitored.contains(u)).collect();
    let mut monitoring_cases = vec![Sent::OnTime; owners.len()];
    let cases = assign(monitored_owners.len(), &shares, Sent::OnTime, &mut Rng::derive(seed, 61, u64::MAX));
    for (k, u) in monitored_owners.iter().enumerate() {
        if let Some(j) = owners.iter().position(|o| o == u) {
            monitoring_cases[j] = cases[k];
        }
    }
    // The periods judged on `today`: the last whose deadline has passed.
    let judged_annual = if today > before(today.year(), 11, 1) { today.year() } else { today.year() - 1 };
    let judged_monitoring = if today > before(today.year(), 12, 1) {
        format!("{}-H2", today.year())
    } else if today > before(today.year(), 6, 1) {
        format!("{}-H1", today.year())
    } else {
        format!("{}-H2", today.year() - 1)
    };
    for (j, &u) in owners.iter().enumerate() {
        let mut r = Rng::derive(seed, 60, u as u64);
        let code = org.code(u);
        // (kind, period, last day) of the last few periods.
        let mut periods: Vec<(&str, String, NaiveDate)> = Vec::new();
        for year in today.year() - 2..=today.year() {
            periods.push(("annual", year.to_string(), before(year, 11, 1)));
            if monitored.contains(&u) {
                periods.push(("monitoring", format!("{year}-H1"), before(year, 6, 1)));
                periods.push(("monitoring", format!("{year}-H2"), before(year, 12, 1)));
            }
        }
        let judged_annual_day = before(judged_annual, 11, 1);
        let judged_monitoring_day = Period::parse(&judged_monitoring)
            .map_or(today, |p| before(p.year, if p.half == Some(1) { 6 } else { 12 }, 1));
        for (kind, period, deadline) in periods {
            // A unit that missed or was late for the judged period has sent nothing since.
            let behind = match kind {
                "annual" => annual_cases[j] != Sent::OnTime && deadline > judged_annual_day,
                _ => monitoring_cases[j] != Sent::OnTime && deadline > judged_monitoring_day,
            };
            if behind {
                continue;
            }
            let case = if kind == "annual" && period == judged_annual.to_string() {
                annual_cases[j]
            } else if kind == "monitoring" && period == judged_monitoring {
                monitoring_cases[j]
            } else {
                match r.below(100) {
                    0..=84 => Sent::OnTime,
                    85..=92 => Sent::Late,
                    _ => Sent::Missing,
                }
            };
            let sent = match case {
                Sent::OnTime => add_days(deadline, -r.range(0, 25)),
                Sent::Late => add_days(deadline, r.range(1, 20)).min(today),
                Sent::Missing => continue,
            };
            if sent > today || (case == Sent::Late && sent <= deadline) {
                continue; // not due yet, or not late yet
            }
            w.fmt(format_args!("BC-{code}-{period}-{}", if kind == "annual" { "ATTT" } else { "GS" }))?;
            w.field(kind)?;
            w.field(code)?;
            w.field(&period)?;
            w.date(Some(sent), DateFmt::Dmy)?;
            w.fmt(format_args!("{}/BC-{code}", 100 + r.below(900)))?;
            w.blank()?;
            w.end_row()?;
        }
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use tuanthu_core::evidence::schema::kind_by_name;

    use super::super::{generate, DemoOptions, Scale};
    use super::FILES;

    /// Every file of this area has the canonical header of its kind and at
    /// least a few rows at the small scale.
    #[test]
    fn files_have_the_schema_headers_at_every_scale_start() {
        let dir = std::env::temp_dir().join(format!("tuanthu-demo-vir-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 16).unwrap();
        let opts = DemoOptions { scale: Scale::Small, seed: 3, today, out_dir: dir.clone() };
        let summary = generate(&opts, &mut |_, _, _| {}).unwrap();
        for f in FILES {
            let kind = kind_by_name(f.trim_end_matches(".csv")).unwrap();
            let text = std::fs::read_to_string(dir.join(f)).unwrap();
            let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
            let names: Vec<&str> = kind.columns.iter().map(|c| c.name).collect();
            assert_eq!(header, names, "{f}");
            let rows = summary.files.iter().find(|(n, _)| n == f).unwrap().1;
            assert!(rows >= 2, "{f}: {rows} rows");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
