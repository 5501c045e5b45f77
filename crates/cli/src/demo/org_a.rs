//! Organisational evidence of issue 5, part A: reconciliations, reviews,
//! lock requests, trainings, training needs, handovers and password exposures
//! (this file); assets, asset events, local administrators and removable
//! media ([`super::org_a_assets`]); application declarations, access paths,
//! network zones and flows ([`super::org_a_systems`]).
//!
//! Written after `accounts.csv` and `hr_events.csv`, which are read back
//! (streamed) for what this evidence refers to: event ids, shared and service
//! accounts and their password dates, a sample of personal accounts. Every
//! date is on or before `today`; every reference resolves (the importer
//! rejects dangling ones), except where a rule is meant to report it.
//!
//! # Case mix (what the rules must find), each case at least twice in `small`
//! - PERSON-HR-RECONCILE (periodic): each Chi cục with its own security team
//!   and CNTT reconcile every ~6 months; ~10 % last did it 13-20 months ago,
//!   ~5 % never (their systems fail).
//! - ACCT-ANNUAL-REVIEW: ~80 % of systems reviewed in the last 11 months,
//!   ~15 % 13-30 months ago, ~5 % never.
//! - ACCT-LOCK-REQUEST: requests for ~0.5 % of sampled accounts: executed in
//!   time (~80 %), late, not executed (pending or overdue), from the wrong
//!   unit, without a document number, recorded executed but still active.
//! - PERSON-ONBOARD-BRIEFING: everyone hired since 14/04/2020: ~90 % briefed
//!   in 0-25 days, ~5 % late, ~5 % never (recent hires: pending).
//! - TRAIN-PLAN: ~85 % trained in the last 11 months, ~8 % 13-24 months ago,
//!   the rest never; ~88 % of units sent their needs in time, ~6 % late,
//!   ~6 % never.
//! - PERSON-HANDOVER: every departure and transfer: ~85 % on time, ~8 %
//!   late, ~7 % without a record (recent ones pending).
//! - PWD-AFTER-HANDOVER: ~20 % of recent handovers pass on a shared
//!   account's credentials; a few exposure notices per year name accounts:
//!   changed in time, not changed, changed only much later.
//! - APP-AUTH-CONTROLS / PWD-POLICY: one declaration per system in
//!   operation (~5 % missing), single sign-on clients for some central
//!   systems; ~4-10 % of each weakness.
//! - NET-REMOTE-MFA: paths of Internet-facing systems and remote accesses;
//!   ~15 % password only; ~5 % Internet-facing systems undeclared.
//! - NET-GUEST-ISOLATED: a guest Wi-Fi and an Internet-only network per
//!   Chi cục; ~10 % reach the work network (directly or through a printer
//!   zone).

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use super::csv_out::{CsvWriter, DateFmt};
use super::dates::{add_days, add_weekdays, weekday_back};
use super::org::{Org, System};
use super::people::People;
use super::rng::{quota, Rng, Strata};
use super::Progress;

/// The files written here and in `org_a_assets`, in import order.
pub const FILES: [&str; 15] = [
    "hr_reconciliations.csv",
    "account_reviews.csv",
    "lock_requests.csv",
    "trainings.csv",
    "training_needs.csv",
    "handovers.csv",
    "password_exposures.csv",
    "assets.csv",
    "asset_events.csv",
    "local_admins.csv",
    "removable_media_approvals.csv",
    "app_configs.csv",
    "access_paths.csv",
    "network_zones.csv",
    "zone_flows.csv",
];

/// Splits one CSV line of our own output (quotes only around fields that need them).
pub(crate) fn split_line(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (false, '"') => quoted = true,
            (false, ',') => out.push(std::mem::take(&mut field)),
            (_, c) => field.push(c),
        }
    }
    out.push(field);
    out
}

/// A date written as `YYYY-MM-DD…` or `DD/MM/YYYY…`.
pub(crate) fn date_of(s: &str) -> Option<NaiveDate> {
    let head = s.get(..10)?;
    if head.as_bytes().get(2) == Some(&b'/') {
        NaiveDate::parse_from_str(head, "%d/%m/%Y").ok()
    } else {
        NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
    }
}

/// An account read back from accounts.csv.
#[derive(Clone)]
pub(crate) struct Acc {
    pub system: String,
    pub user: String,
    pub person: Option<String>,
    pub active: bool,
    pub disabled: Option<NaiveDate>,
    pub pwd: Option<NaiveDate>,
}

/// What this evidence needs from accounts.csv.
pub(crate) struct Accounts {
    /// Active accounts that belong to no one person (shared, service, built-in).
    pub unowned: Vec<Acc>,
    /// Personal accounts: every disabled or deleted one, and a deterministic
    /// sample (~1 in 97) of the active ones.
    pub sample: Vec<Acc>,
}

fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

pub(crate) fn read_accounts(dir: &Path) -> io::Result<Accounts> {
    let mut out = Accounts { unowned: Vec::new(), sample: Vec::new() };
    let f = BufReader::with_capacity(1 << 20, File::open(dir.join("accounts.csv"))?);
    for line in f.lines().skip(1) {
        let line = line?;
        let c = split_line(&line);
        if c.len() < 13 {
            continue;
        }
        let person = Some(c[4].clone()).filter(|p| !p.is_empty());
        let acc = || Acc {
            system: c[0].clone(),
            user: c[1].clone(),
            person: person.clone(),
            active: c[6] == "active",
            disabled: date_of(&c[8]),
            pwd: date_of(&c[11]),
        };
        if person.is_none() && c[6] == "active" {
            out.unowned.push(acc());
        } else if person.is_some() && (c[6] != "active" || fnv(&line).checked_rem(97) == Some(0)) {
            out.sample.push(acc());
        }
    }
    Ok(out)
}

/// An HR event read back from hr_events.csv.
pub(crate) struct Event {
    pub id: String,
    pub person: String,
    pub kind: String,
    pub date: NaiveDate,
}

fn read_events(dir: &Path) -> io::Result<Vec<Event>> {
    let f = BufReader::new(File::open(dir.join("hr_events.csv"))?);
    let mut out = Vec::new();
    for line in f.lines().skip(1) {
        let c = split_line(&line?);
        if let (Some(id), Some(p), Some(k), Some(d)) =
            (c.first(), c.get(1), c.get(2), c.get(3).and_then(|d| date_of(d)))
        {
            out.push(Event { id: id.clone(), person: p.clone(), kind: k.clone(), date: d });
        }
    }
    Ok(out)
}

/// Units that own, operate or secure a system (they reconcile and review).
fn system_units(systems: &[System]) -> Vec<usize> {
    let mut v: Vec<usize> = systems.iter().flat_map(|s| [Some(s.owner), s.operator, s.security]).flatten().collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Writes every file of part A; returns (file, rows) in [`FILES`] order.
pub fn write(
    dir: &Path,
    org: &Org,
    systems: &[System],
    people: &People,
    today: NaiveDate,
    seed: u64,
    progress: &mut Progress<'_>,
) -> io::Result<Vec<(&'static str, u64)>> {
    let accounts = read_accounts(dir)?;
    let events = read_events(dir)?;
    let by_code: HashMap<String, usize> = people.persons.iter().enumerate().map(|(i, p)| (p.code(), i)).collect();
    let mut n = Vec::with_capacity(FILES.len());
    let path = |f: &str| dir.join(f);
    let mut go = |name: &'static str, _: &mut Progress<'_>, rows: u64| n.push((name, rows));
    progress.file = FILES[0];
    let rows = write_reconciliations(&path(FILES[0]), org, systems, today, seed, progress)?;
    go(FILES[0], progress, rows);
    progress.file = FILES[1];
    let rows = write_reviews(&path(FILES[1]), systems, people, today, seed, progress)?;
    go(FILES[1], progress, rows);
    progress.file = FILES[2];
    let rows = write_lock_requests(&path(FILES[2]), org, people, &by_code, &accounts, today, seed, progress)?;
    go(FILES[2], progress, rows);
    progress.file = FILES[3];
    let rows = write_trainings(&path(FILES[3]), people, &events, today, seed, progress)?;
    go(FILES[3], progress, rows);
    progress.file = FILES[4];
    let rows = write_training_needs(&path(FILES[4]), org, today, seed, progress)?;
    go(FILES[4], progress, rows);
    progress.file = FILES[5];
    let rows = write_handovers(&path(FILES[5]), org, people, &by_code, &events, &accounts, today, seed, progress)?;
    go(FILES[5], progress, rows);
    progress.file = FILES[6];
    let rows = write_exposures(&path(FILES[6]), &accounts, today, seed, progress)?;
    go(FILES[6], progress, rows);
    for (name, rows) in super::org_a_assets::write(dir, org, systems, people, today, seed, progress)? {
        go(name, progress, rows);
    }
    progress.file = FILES[11];
    let rows = super::org_a_systems::write_app_configs(&path(FILES[11]), systems, seed, progress)?;
    go(FILES[11], progress, rows);
    progress.file = FILES[12];
    let rows = super::org_a_systems::write_access_paths(&path(FILES[12]), systems, seed, progress)?;
    go(FILES[12], progress, rows);
    progress.file = FILES[13];
    let (rows, flows) = super::org_a_systems::write_zones(&path(FILES[13]), org, progress)?;
    go(FILES[13], progress, rows);
    progress.file = FILES[14];
    let rows = super::org_a_systems::write_flows(&path(FILES[14]), &flows, progress)?;
    go(FILES[14], progress, rows);
    Ok(n)
}

/// A recurring record: last done `0..=max_ok` days ago (ok), 13-20 months
/// ago (overdue), or never.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Recur {
    Ok,
    Overdue,
    Never,
}

fn recur(s: &mut Strata, overdue: f64, never: f64) -> Recur {
    match s.category(&[overdue, never]) {
        0 => Recur::Overdue,
        1 => Recur::Never,
        _ => Recur::Ok,
    }
}

fn write_reconciliations(
    path: &Path,
    org: &Org,
    systems: &[System],
    today: NaiveDate,
    seed: u64,
    progress: &mut Progress<'_>,
) -> io::Result<u64> {
    let mut rng = Rng::derive(seed, 50, 0);
    let units: Vec<usize> = system_units(systems).into_iter().filter(|&u| u != org.chq).collect();
    let mut w =
        CsvWriter::create(path, &["reconciliation_id", "unit_code", "system_id", "reconciled_on", "document_no"])?;
    let total = units.len() as u64 * 2;
    let mut k = 0;
    // Planned per Chi cục (its units reconcile together): ~10 % overdue, ~5 %
    // never, spread by position so that small data has both.
    let mut tops: Vec<usize> = units.iter().map(|&u| org.top(u)).collect();
    tops.dedup();
    for &u in &units {
        let idx = tops.iter().position(|&t| t == org.top(u)).unwrap_or(0);
        let plan = match (idx % 9, idx % 17) {
            (3, _) => Recur::Overdue,
            (_, 5) => Recur::Never,
            _ => Recur::Ok,
        };
        let last = match plan {
            Recur::Ok => add_days(today, -rng.range(5, 330)),
            Recur::Overdue => add_days(today, -rng.range(400, 600)),
            Recur::Never => continue,
        };
        for (j, d) in [add_days(last, -rng.range(170, 200)), last].into_iter().enumerate() {
            k += 1;
            w.fmt(format_args!("DC{k:05}"))?;
            w.field(org.code(u))?;
            w.blank()?;
            w.date(Some(d), if j == 0 { DateFmt::Dmy } else { DateFmt::Iso })?;
            w.fmt(format_args!("{}/BB-{}", 10 + rng.below(300), org.code(u)))?;
            w.end_row()?;
            progress.tick(w.rows(), total);
        }
    }
    // A few reconciliations of single systems.
    for sys in systems.iter().filter(|s| s.in_operation).step_by(23) {
        k += 1;
        w.fmt(format_args!("DC{k:05}"))?;
        w.blank()?;
        w.field(&sys.id)?;
        w.date(Some(add_days(today, -rng.range(10, 300))), DateFmt::Iso)?;
        w.blank()?;
        w.end_row()?;
    }
    w.finish()
}

fn write_reviews(
    path: &Path,
    systems: &[System],
    people: &People,
    today: NaiveDate,
    seed: u64,
    progress: &mut Progress<'_>,
) -> io::Result<u64> {
    let mut rng = Rng::derive(seed, 51, 0);
    let mut s = Strata::new(&mut rng);
    let it: Vec<u32> = people.it_by_kv.iter().flatten().copied().collect();
    let mut w = CsvWriter::create(path, &["review_id", "system_id", "reviewed_on", "reviewer", "document_no"])?;
    let total = systems.len() as u64;
    for (i, sys) in systems.iter().enumerate().filter(|(_, s)| s.in_operation) {
        let opened = sys.opened(today);
        let last = match recur(&mut s, 0.15, 0.05) {
            Recur::Ok => add_days(today, -rng.range(5, 330)),
            Recur::Overdue => add_days(today, -rng.range(400, 900)),
            Recur::Never => continue,
        };
        if last < opened {
            continue; // a young system not reviewed yet
        }
        let reviewer =
            rng.pick(&it).and_then(|&p| people.persons.get(p as usize)).map(|p| p.code()).unwrap_or_default();
        w.fmt(format_args!("RS{:05}", i + 1))?;
        w.field(&sys.id)?;
        w.date(Some(last), DateFmt::Iso)?;
        w.field(&reviewer)?;
        w.fmt(format_args!("{}/BB-RSTK", 1 + rng.below(400)))?;
        w.end_row()?;
        progress.tick(w.rows(), total);
    }
    w.finish()
}

#[allow(clippy::too_many_arguments)]
fn write_lock_requests(
    path: &Path,
    org: &Org,
    people: &People,
    by_code: &HashMap<String, usize>,
    accounts: &Accounts,
    today: NaiveDate,
    seed: u64,
    progress: &mut Progress<'_>,
) -> io::Result<u64> {
    let mut rng = Rng::derive(seed, 52, 0);
    let mut w = CsvWriter::create(
        path,
        &["request_id", "system_id", "username", "requested_by_unit", "requested_on", "document_no", "executed_on"],
    )?;
    // Personal accounts of active staff: locked ones were locked on request.
    let mut locked: Vec<&Acc> = Vec::new();
    let mut open: Vec<&Acc> = Vec::new();
    for a in &accounts.sample {
        let Some(&pi) = a.person.as_ref().and_then(|p| by_code.get(p)) else { continue };
        if !people.persons[pi].active() {
            continue;
        }
        match (a.active, a.disabled) {
            (false, Some(d)) if d < add_days(today, -3) => locked.push(a),
            (true, _) => open.push(a),
            _ => {}
        }
    }
    let n_locked = quota(0.1, 8, locked.len());
    let n_open = quota(0.01, 6, open.len());
    let total = (n_locked + n_open) as u64;
    let mut k = 0;
    let mut s = Strata::new(&mut rng);
    for a in locked.iter().take(n_locked) {
        let Some(&pi) = a.person.as_ref().and_then(|p| by_code.get(p)) else { continue };
        let unit = org.code(org.top(people.persons[pi].unit)).to_string();
        let done = a.disabled.unwrap_or(today);
        // 0 on time, 1 late, 2 wrong unit, 3 no document.
        let case = s.category(&[0.78, 0.10, 0.06]);
        let requested = if case == 1 { add_days(done, -rng.range(7, 20)) } else { add_days(done, -rng.range(0, 1)) };
        let requested = super::dates::weekday_on_or_before(requested);
        let unit = if case == 2 { org.code(org.cntt).to_string() } else { unit };
        k += 1;
        w.fmt(format_args!("YC{k:05}"))?;
        w.field(&a.system)?;
        w.field(&a.user)?;
        w.field(&unit)?;
        w.date(Some(requested), DateFmt::Iso)?;
        if case == 3 {
            w.blank()?;
        } else {
            w.fmt(format_args!("{}/CV-{unit}", 10 + rng.below(900)))?;
        }
        w.date(Some(done), DateFmt::Iso)?;
        w.end_row()?;
        progress.tick(w.rows(), total);
    }
    for (j, a) in open.iter().take(n_open).enumerate() {
        let Some(&pi) = a.person.as_ref().and_then(|p| by_code.get(p)) else { continue };
        let unit = org.code(org.top(people.persons[pi].unit)).to_string();
        // Still active: recorded as done (wrong), not done and overdue, or just asked (pending).
        let (requested, executed) = match j % 3 {
            0 => (weekday_back(&mut rng, today, 20, 90), Some(add_days(today, -rng.range(5, 15)))),
            1 => (weekday_back(&mut rng, today, 10, 60), None),
            _ => (super::dates::weekday_on_or_before(today), None),
        };
        k += 1;
        w.fmt(format_args!("YC{k:05}"))?;
        w.field(&a.system)?;
        w.field(&a.user)?;
        w.field(&unit)?;
        w.date(Some(requested), DateFmt::Iso)?;
        w.fmt(format_args!("{}/CV-{unit}", 10 + rng.below(900)))?;
        w.date(executed.map(|e| e.max(requested)), DateFmt::Iso)?;
        w.end_row()?;
        progress.tick(w.rows(), total);
    }
    w.finish()
}

fn write_trainings(
    path: &Path,
    people: &People,
    events: &[Event],
    today: NaiveDate,
    seed: u64,
    progress: &mut Progress<'_>,
) -> io::Result<u64> {
    let mut rng = Rng::derive(seed, 53, 0);
    let mut s_brief = Strata::new(&mut rng);
    let mut s_basic = Strata::new(&mut rng);
    let since = NaiveDate::from_ymd_opt(2020, 4, 14).unwrap_or(today);
    let hires: HashMap<&str, NaiveDate> =
        events.iter().filter(|e| e.kind == "hire").map(|e| (e.person.as_str(), e.date)).collect();
    let mut w = CsvWriter::create(path, &["person_id", "kind", "trained_on", "course", "provider"])?;
    let total = people.persons.len() as u64 * 2;
    for p in &people.persons {
        let code = p.code();
        let hired = hires.get(code.as_str()).copied().unwrap_or(p.hired);
        let left = p.leave.as_ref().map(|l| l.date);
        if hired >= since {
            // 0 late, 1 never, else in time (a hire of the last days may still be waiting).
            let d = match s_brief.category(&[0.05, 0.05]) {
                0 => Some(add_days(hired, rng.range(35, 80))),
                1 => None,
                _ => Some(add_days(hired, rng.range(0, 25))),
            };
            if let Some(d) = d.filter(|d| *d <= today && left.is_none_or(|l| *d <= l)) {
                w.field(&code)?;
                w.field("onboarding_briefing")?;
                w.date(Some(d), if rng.chance(0.3) { DateFmt::Dmy } else { DateFmt::Iso })?;
                w.field("Phổ biến Quy chế bảo đảm an toàn, an ninh thông tin (QĐ 1048/QĐ-TCHQ)")?;
                w.field("Phòng Tổ chức cán bộ")?;
                w.end_row()?;
            }
        }
        // Basic (or, for IT staff, specialist) training: 0 overdue, 1 never, else recent.
        let (kind, course) = if p.it {
            ("specialist", "Bồi dưỡng nghiệp vụ an toàn thông tin cho cán bộ CNTT")
        } else {
            ("basic", "Đào tạo cơ bản về an toàn thông tin cho người sử dụng máy tính")
        };
        let d = match s_basic.category(&[0.08, 0.04]) {
            0 => Some(add_days(today, -rng.range(400, 730))),
            1 => None,
            _ => Some(add_days(today, -rng.range(3, 330))),
        };
        if let Some(d) = d.map(|d| d.max(hired)).filter(|d| *d <= today && left.is_none_or(|l| *d < l)) {
            w.field(&code)?;
            w.field(kind)?;
            w.date(Some(d), DateFmt::Iso)?;
            w.field(course)?;
            w.field("Cục CNTT&TK")?;
            w.end_row()?;
            if rng.chance(0.2) {
                let a = add_days(d, -rng.range(30, 200)).max(hired);
                if a < d {
                    w.field(&code)?;
                    w.field("awareness")?;
                    w.date(Some(a), DateFmt::Iso)?;
                    w.field("Tuyên truyền nâng cao nhận thức an toàn thông tin")?;
                    w.blank()?;
                    w.end_row()?;
                }
            }
        }
        progress.tick(w.rows(), total);
    }
    w.finish()
}

fn write_training_needs(
    path: &Path,
    org: &Org,
    today: NaiveDate,
    seed: u64,
    progress: &mut Progress<'_>,
) -> io::Result<u64> {
    let mut rng = Rng::derive(seed, 54, 0);
    let mut s = Strata::new(&mut rng);
    // Units directly under Cục Hải quan send their needs.
    let units: Vec<usize> = (0..org.units.len()).filter(|&u| org.units[u].parent == Some(org.chq)).collect();
    let mut w = CsvWriter::create(path, &["unit_code", "year", "sent_on", "document_no"])?;
    let year = today.year();
    let total = units.len() as u64 * 2;
    for &u in &units {
        let code = org.code(u);
        // Last year's needs (for this year): 0 late, 1 never, else in time.
        let case = s.category(&[0.06, 0.06]);
        let due = NaiveDate::from_ymd_opt(year - 1, 12, 31).unwrap_or(today);
        let prior = NaiveDate::from_ymd_opt(year - 2, 12, 31).unwrap_or(today);
        for (y, due, case) in [(year - 1, prior, 9), (year, due, case)] {
            let sent = match case {
                0 => Some(add_days(due, rng.range(5, 40)).min(today)),
                1 => None,
                _ => Some(add_days(due, -rng.range(5, 60))),
            };
            if case == 1 {
                continue;
            }
            w.field(code)?;
            w.fmt(format_args!("{y}"))?;
            w.date(sent, DateFmt::Iso)?;
            w.fmt(format_args!("{}/{code}-TCCB", 100 + rng.below(800)))?;
            w.end_row()?;
            progress.tick(w.rows(), total);
        }
    }
    w.finish()
}

#[allow(clippy::too_many_arguments)]
fn write_handovers(
    path: &Path,
    org: &Org,
    people: &People,
    by_code: &HashMap<String, usize>,
    events: &[Event],
    accounts: &Accounts,
    today: NaiveDate,
    seed: u64,
    progress: &mut Progress<'_>,
) -> io::Result<u64> {
    let mut rng = Rng::derive(seed, 55, 0);
    let mut s = Strata::new(&mut rng);
    // Shared and service accounts by their last password change.
    let mut by_pwd: BTreeMap<NaiveDate, Vec<&Acc>> = BTreeMap::new();
    for a in &accounts.unowned {
        if let Some(d) = a.pwd {
            by_pwd.entry(d).or_default().push(a);
        }
    }
    let mut w = CsvWriter::create(
        path,
        &["record_no", "person_id", "hr_event_id", "handover_date", "received_by", "accounts", "assets"],
    )?;
    let kinds = ["leave_customs", "resign", "retire", "transfer_internal", "transfer_customs"];
    let total = events.len() as u64;
    let mut k = 0;
    for e in events.iter().filter(|e| kinds.contains(&e.kind.as_str())) {
        let Some(&pi) = by_code.get(&e.person) else { continue };
        let p = &people.persons[pi];
        // 0 late, 1 none, else on time (from a week before to 3 weekdays after).
        let date = match s.category(&[0.08, 0.07]) {
            0 => add_weekdays(e.date, rng.range(9, 25) as u32),
            1 => continue,
            _ => add_weekdays(add_days(e.date, -rng.range(0, 7)), rng.range(0, 3) as u32),
        };
        if date > today {
            continue; // not done yet: pending
        }
        let group = org.units.get(p.unit).and_then(|u| u.kv).unwrap_or(org.kvs.len());
        let peers = people.active_by_kv.get(group).map_or(&[][..], Vec::as_slice);
        let receiver = rng.pick(peers).and_then(|&i| people.persons.get(i as usize)).map(|x| x.code());
        // Some handovers pass on the credentials of a shared account.
        let mut handed = String::new();
        if date >= add_days(today, -150) && rng.chance(0.25) {
            let pass = rng.chance(0.7);
            let pool: Vec<&Acc> = if pass {
                [date, add_weekdays(date, 1)].iter().filter_map(|d| by_pwd.get(d)).flatten().copied().collect()
            } else {
                by_pwd.range(..date).next_back().map(|(_, v)| v.clone()).unwrap_or_default()
            };
            if let Some(a) = rng.pick(&pool) {
                handed = format!("{}/{}", a.system, a.user);
            }
        }
        k += 1;
        w.fmt(format_args!("BB{:02}-{k:05}", date.year() % 100))?;
        w.field(&e.person)?;
        w.field(if rng.chance(0.85) { &e.id } else { "" })?;
        w.date(Some(date), DateFmt::Iso)?;
        w.field(receiver.as_deref().unwrap_or(""))?;
        w.field(&handed)?;
        w.fmt(format_args!("PC-{:06}", p.id))?;
        w.end_row()?;
        progress.tick(w.rows(), total);
    }
    w.finish()
}

fn write_exposures(
    path: &Path,
    accounts: &Accounts,
    today: NaiveDate,
    seed: u64,
    progress: &mut Progress<'_>,
) -> io::Result<u64> {
    let mut rng = Rng::derive(seed, 56, 0);
    let mut w =
        CsvWriter::create(path, &["exposure_id", "kind", "system_id", "usernames", "notified_on", "reference"])?;
    // Group the accounts by system; each notice names a few accounts of one system.
    let mut by_sys: BTreeMap<&str, Vec<&Acc>> = BTreeMap::new();
    for a in accounts.unowned.iter().chain(accounts.sample.iter().filter(|a| a.active)) {
        if a.pwd.is_some_and(|d| d >= add_days(today, -80) && d <= add_days(today, -5)) {
            by_sys.entry(&a.system).or_default().push(a);
        }
    }
    let n = quota(0.05, 4, by_sys.len());
    let kinds = ["incident", "vulnerability", "lent_for_urgent_work"];
    for (k, (sys, accs)) in by_sys.iter().take(n).enumerate() {
        // Notified on the day of a change (in time), long after it (not changed), or long before it.
        let anchor = accs[0].pwd.unwrap_or(today);
        let (date, names): (NaiveDate, Vec<&str>) = match k % 3 {
            0 => (anchor, accs.iter().filter(|a| a.pwd == Some(anchor)).map(|a| a.user.as_str()).collect()),
            1 => (add_days(anchor, rng.range(3, 4)).min(today), vec![accs[0].user.as_str()]),
            _ => (add_days(anchor, -rng.range(10, 30)), vec![accs[0].user.as_str()]),
        };
        w.fmt(format_args!("LMK-{:03}", k + 1))?;
        w.field(kinds[k % kinds.len()])?;
        w.field(sys)?;
        w.field(&names.join(";"))?;
        w.date(Some(date), DateFmt::Iso)?;
        w.fmt(format_args!("{}/CNTT-ATTT", 10 + rng.below(200)))?;
        w.end_row()?;
        progress.tick(w.rows(), n as u64);
    }
    w.finish()
}
