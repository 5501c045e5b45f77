//! Operational evidence of the demo (issue 6, part A): backups, restore
//! tests, assessments, changes, documents, test environments, the network
//! inventory and its configuration backups, endpoints, and Cisco outputs of
//! every switch in `network/` (imported by `tuanthu import DIR`).
//!
//! # Case mix (what the rules must find)
//! Shares are planned by quota over the systems in operation (each case at
//! least once even in `small`) or spread with [`Strata`] over rows.
//!
//! - **BAK-PLAN**: ~4 % of systems have no plan, ~4 % an incomplete one; of
//!   level 2+ systems ~2 % each: manual, no external medium, media not stored
//!   apart, weekly.
//! - **BAK-24H** (level 2+): daily runs over the last 7 days at 00:30-02:30,
//!   copied to tape or disk 4-5 h later; ~5 % stale (failures for the last
//!   2-6 days), ~3 % not copied out for 2-6 days, ~2 % run by hand lately,
//!   ~2 % with no run at all. Level-1 systems back up weekly.
//! - **BAK-RESTORE-TEST** (level 2+): quarterly tests; ~10 % overdue, ~3 %
//!   last test not from external media, ~2 % last test failed, ~3 % never.
//! - **ASSESS-PERIOD / ASSESS-PENTEST**: assessments at the level's period;
//!   ~10 % overdue, ~4 % never (pending when live for less than a period);
//!   ~25 % done in separate parts; ~15 % of Internet/third-party systems
//!   without a pentest in the last period.
//! - **CHG-***: 1-8 changes per system over 18 months; ~1.5 % each without
//!   plan, test or report, ~3 % approved after being applied, ~1.5 %
//!   unapproved, ~2 % without rollback plan; ~12 % of OS/DB/middleware
//!   changes without impact assessment; upgrades/expansions/replacements:
//!   ~15 % without level review, ~10 % reviewed late; ~3 % still planned.
//! - **SYS-SECURITY-DESIGN / MAINT-REGULATION**: ~8 % of level 2+ systems
//!   without design document, ~5 % report approved after go-live, ~5 %
//!   without report; ~30 % of upgrades without a new report; ~8 %
//!   maintenance regulations overdue, ~4 % missing, most others reviewed
//!   after their last major change (the rest fall due 30 days after it);
//!   contents declared by ~60 % (one in ten incomplete).
//! - **DEV-TEST-DATA**: ~70 % of systems declare 1-3 environments; ~8 % of
//!   those use unmasked production data.
//! - **NET-***: a core switch per Chi cục and at CNTT, an access switch per
//!   three sub-units, a WAN router per Chi cục; Catalyst 9200/9300 or 2960
//!   layouts; ~90 % of switches have outputs in `network/` (session logs with
//!   CRLF and `--More--`, or an archived config plus a status capture); a
//!   quarter of switches have every unused port shut, the others leave 1-3
//!   (or most) open; ~2 % err-disabled. Configuration backups: ~80 % monthly,
//!   ~12 % stale, ~8 % never.
//! - **EP-ANTIMALWARE**: a PC per active person and 1-2 servers per system;
//!   ~2 % without product, ~7 % signatures 8-90 days old, ~1.5 % real-time
//!   protection off, ~0.8 % without update time.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};

use super::csv_out::{CsvWriter, TsFmt};
use super::dates::add_days;
use super::org::{Org, System};
use super::people::People;
use super::rng::{quota, Rng, Strata};
use super::Progress;

/// The CSV files written here, in order (after the files of `mod.rs`).
pub const FILES: [&str; 10] = [
    "backup_plans.csv",
    "backup_runs.csv",
    "restore_tests.csv",
    "assessments.csv",
    "changes.csv",
    "documents.csv",
    "test_environments.csv",
    "network_devices.csv",
    "config_backups.csv",
    "endpoints.csv",
];

/// The subdirectory of Cisco outputs.
pub const NETWORK_DIR: &str = "network";

fn at(d: NaiveDate, h: u32, m: u32) -> NaiveDateTime {
    d.and_time(NaiveTime::from_hms_opt(h.min(23), m.min(59), 0).unwrap_or(NaiveTime::MIN))
}

fn plus_minutes(t: NaiveDateTime, m: i64) -> NaiveDateTime {
    t.checked_add_signed(chrono::Duration::minutes(m)).unwrap_or(t)
}

fn months_back(d: NaiveDate, m: u32) -> NaiveDate {
    d.checked_sub_months(chrono::Months::new(m)).unwrap_or(d)
}

/// Assigns cases to a shuffled list of items by quota; the rest get `default`.
fn plan<T: Copy>(rng: &mut Rng, items: &[usize], n_all: usize, cases: &[(T, f64, usize)], default: T) -> Vec<T> {
    let mut order = items.to_vec();
    rng.shuffle(&mut order);
    let mut out = vec![default; n_all];
    let mut it = order.into_iter();
    for &(case, share, min) in cases {
        for i in it.by_ref().take(quota(share, min, items.len())) {
            out[i] = case;
        }
    }
    out
}

fn operating(s: &System) -> bool {
    s.in_operation
}

fn level2(s: &System) -> bool {
    s.level.is_none_or(|l| l >= 2)
}

/// Months between assessments (Điều 22.3).
fn period_months(s: &System) -> u32 {
    let by_level = match s.level {
        Some(5) => 6,
        Some(3 | 4) => 12,
        _ => 24,
    };
    if s.internet || s.third_party {
        by_level.min(12)
    } else {
        by_level
    }
}

/// A change, planned once and written to changes.csv (and used by documents.csv).
struct ChangeRow {
    id: String,
    kinds: &'static str,
    description: &'static str,
    plan: bool,
    tested: Option<NaiveDate>,
    report: bool,
    approver: Option<&'static str>,
    approved: Option<NaiveDate>,
    applied: Option<NaiveDate>,
    rollback: bool,
    impact: bool,
    reviewed: Option<NaiveDate>,
}

impl ChangeRow {
    fn is_upgrade(&self) -> bool {
        self.kinds.split(';').any(|k| k == "upgrade")
    }
}

const CHANGE_KINDS: &[(&str, &str, u32)] = &[
    ("configuration", "Điều chỉnh cấu hình tham số hệ thống", 30),
    ("software", "Cập nhật phiên bản phần mềm ứng dụng", 20),
    ("os", "Cập nhật bản vá hệ điều hành", 8),
    ("database", "Nâng cấp phiên bản cơ sở dữ liệu", 7),
    ("middleware", "Cập nhật phần mềm lớp giữa (WebLogic/Tomcat)", 6),
    ("hardware", "Thay thế linh kiện máy chủ", 7),
    ("upgrade;software", "Nâng cấp hệ thống lên phiên bản mới", 6),
    ("upgrade;os", "Nâng cấp hệ điều hành máy chủ", 3),
    ("expansion", "Mở rộng cụm máy chủ ứng dụng", 3),
    ("replacement;hardware", "Thay thế một phần thiết bị lưu trữ", 2),
    ("procedure", "Thay đổi quy trình vận hành", 3),
    ("emergency;configuration", "Thay đổi khẩn cấp cấu hình tường lửa", 3),
    ("emergency;software", "Vá lỗi khẩn cấp", 2),
];

const APPROVERS: &[&str] = &["Cục trưởng", "Phó Cục trưởng", "Trưởng phòng Vận hành", "Chi cục trưởng"];

fn plan_changes(systems: &[System], today: NaiveDate, seed: u64) -> Vec<Vec<ChangeRow>> {
    let mut flaws = Strata::new(&mut Rng::derive(seed, 62, 0));
    let mut impact = Strata::new(&mut Rng::derive(seed, 62, 1));
    let mut review = Strata::new(&mut Rng::derive(seed, 62, 2));
    let mut counter = 0u32;
    // The first case of each kind is planted, so that even `small` shows it.
    let (mut planted_impact, mut planted_review) = (false, false);
    let kinds: Vec<((&str, &str), u32)> = CHANGE_KINDS.iter().map(|(k, d, w)| ((*k, *d), *w)).collect();
    systems
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut r = Rng::derive(seed, 63, i as u64);
            let n = if operating(s) { r.range(1, 8) } else { r.range(0, 2) };
            let first = s.since.map_or(add_days(today, -540), |d| d.max(add_days(today, -540)));
            let mut out: Vec<ChangeRow> = (0..n)
                .map(|_| {
                    counter += 1;
                    let &(kind, description) = r.weighted(&kinds).unwrap_or(&("configuration", "Điều chỉnh cấu hình"));
                    let span = (today - first).num_days().max(2);
                    let mut applied = Some(add_days(first, r.range(1, span)));
                    if !operating(s) || r.chance(0.03) {
                        applied = if r.chance(0.5) { Some(add_days(today, r.range(5, 60))) } else { None };
                    }
                    let base = applied.unwrap_or(add_days(today, 20));
                    let mut c = ChangeRow {
                        id: format!("TĐ-{}-{counter:05}", base.year()),
                        kinds: kind,
                        description,
                        plan: true,
                        tested: Some(add_days(base, -r.range(3, 15))),
                        report: true,
                        approver: Some(r.word(APPROVERS)),
                        approved: Some(add_days(base, -r.range(1, 3))),
                        applied,
                        rollback: true,
                        impact: false,
                        reviewed: None,
                    };
                    if applied.is_none() || applied.is_some_and(|a| a > today) {
                        c.report = r.chance(0.5);
                        c.approved = None;
                        c.approver = None;
                    }
                    match flaws.category(&[0.015, 0.015, 0.015, 0.03, 0.015, 0.02]) {
                        0 => c.plan = false,
                        1 => c.tested = None,
                        2 => c.report = false,
                        3 => c.approved = applied.map(|a| add_days(a, r.range(1, 10))),
                        4 => {
                            c.approved = None;
                            c.approver = None;
                        }
                        5 => c.rollback = false,
                        _ => {}
                    }
                    let targeted = kind.split(';').any(|k| matches!(k, "os" | "database" | "middleware"));
                    let in_force = applied.is_some_and(|a| a <= today) && level2(s);
                    c.impact = targeted && impact.category(&[0.12]) == 1;
                    if targeted && in_force && !planted_impact {
                        c.impact = false;
                        planted_impact = true;
                    }
                    let triggers = kind.split(';').any(|k| matches!(k, "upgrade" | "expansion" | "replacement"));
                    if triggers {
                        c.reviewed = match review.category(&[0.15, 0.10]) {
                            0 => None,
                            1 => applied.map(|a| add_days(a, r.range(3, 40))).filter(|&d| d <= today),
                            _ => Some(add_days(base, -r.range(2, 30))),
                        };
                        if in_force && !planted_review {
                            c.reviewed = None;
                            planted_review = true;
                        }
                    }
                    c
                })
                .collect();
            out.sort_by_key(|c| c.applied.unwrap_or(NaiveDate::MAX));
            out
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
pub(super) fn write_all(
    dir: &Path,
    org: &Org,
    systems: &[System],
    people: &People,
    today: NaiveDate,
    seed: u64,
    p: &mut Progress<'_>,
    record: &mut dyn FnMut(&mut Progress<'_>, &'static str, u64),
) -> io::Result<()> {
    let path = |name: &str| dir.join(name);
    let op: Vec<usize> = (0..systems.len()).filter(|&i| operating(&systems[i])).collect();
    let op2: Vec<usize> = op.iter().copied().filter(|&i| level2(&systems[i])).collect();
    let changes = plan_changes(systems, today, seed);
    let [plans, runs, restores, assessments, changes_csv, documents, envs, devices_csv, cfg_backups, endpoints] = FILES;

    p.file = plans;
    let n = write_backup_plans(&path(plans), systems, &op, &op2, today, seed)?;
    record(p, plans, n);
    p.file = runs;
    let n = write_backup_runs(&path(runs), systems, &op2, today, seed, p)?;
    record(p, runs, n);
    p.file = restores;
    let n = write_restore_tests(&path(restores), systems, &op2, today, seed)?;
    record(p, restores, n);
    p.file = assessments;
    let n = write_assessments(&path(assessments), systems, &op, today, seed)?;
    record(p, assessments, n);
    p.file = changes_csv;
    let n = write_changes(&path(changes_csv), systems, &changes)?;
    record(p, changes_csv, n);
    p.file = documents;
    let n = write_documents(&path(documents), systems, &op, &changes, today, seed)?;
    record(p, documents, n);
    p.file = envs;
    let n = write_test_environments(&path(envs), systems, today, seed)?;
    record(p, envs, n);
    let devices = plan_devices(org, seed);
    p.file = devices_csv;
    let n = write_network_devices(&path(devices_csv), org, &devices)?;
    record(p, devices_csv, n);
    p.file = cfg_backups;
    let n = write_config_backups(&path(cfg_backups), &devices, today, seed)?;
    record(p, cfg_backups, n);
    write_cisco_files(&dir.join(NETWORK_DIR), org, &devices, seed)?;
    p.file = endpoints;
    let n = write_endpoints(&path(endpoints), org, systems, people, today, seed, p)?;
    record(p, endpoints, n);
    Ok(())
}

// ---------------------------------------------------------------------------
// Backups (Điều 15)
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum PlanCase {
    Ok,
    Missing,
    Incomplete,
    Manual,
    NoExternal,
    NotApart,
    Weekly,
}

fn write_backup_plans(
    path: &Path,
    systems: &[System],
    op: &[usize],
    op2: &[usize],
    today: NaiveDate,
    seed: u64,
) -> io::Result<u64> {
    let mut rng = Rng::derive(seed, 60, 0);
    let n = systems.len();
    let mut cases =
        plan(&mut rng, op, n, &[(PlanCase::Missing, 0.04, 1), (PlanCase::Incomplete, 0.04, 1)], PlanCase::Ok);
    let l2_ok: Vec<usize> = op2.iter().copied().filter(|&i| cases[i] == PlanCase::Ok).collect();
    let l2 = plan(
        &mut rng,
        &l2_ok,
        n,
        &[
            (PlanCase::Manual, 0.02, 1),
            (PlanCase::NoExternal, 0.02, 1),
            (PlanCase::NotApart, 0.02, 1),
            (PlanCase::Weekly, 0.02, 1),
        ],
        PlanCase::Ok,
    );
    for &i in &l2_ok {
        cases[i] = l2[i];
    }
    let mut w = CsvWriter::create(
        path,
        &[
            "system_id",
            "retention_days",
            "frequency",
            "method",
            "automatic",
            "external_medium",
            "stored_apart",
            "restore_test_months",
            "document_no",
            "approved_on",
        ],
    )?;
    const METHODS: &[&str] = &[
        "full hàng tuần + incremental hàng ngày",
        "full hàng ngày",
        "snapshot + archive log",
        "full hàng tháng + differential hàng ngày",
    ];
    for (i, s) in systems.iter().enumerate() {
        let mut r = Rng::derive(seed, 64, i as u64);
        let case = cases[i];
        if case == PlanCase::Missing || (!operating(s) && r.chance(0.5)) {
            continue;
        }
        let l2 = level2(s);
        let mut retention = Some(*r.pick(&[30, 60, 90, 180, 365]).unwrap_or(&90));
        let mut frequency = Some(if l2 { "daily" } else { *r.pick(&["daily", "weekly"]).unwrap_or(&"weekly") });
        let mut method = Some(r.word(METHODS));
        let mut restore = Some(if l2 { 3 } else { *r.pick(&[6, 12]).unwrap_or(&12) });
        if case == PlanCase::Incomplete {
            match r.index(3) {
                0 => retention = None,
                1 => method = None,
                _ => {
                    restore = None;
                    frequency = None;
                }
            }
        }
        let automatic = if l2 { case != PlanCase::Manual } else { r.chance(0.5) };
        if case == PlanCase::Weekly {
            frequency = Some("weekly");
        }
        let medium = match case {
            PlanCase::NoExternal => "none",
            _ if !l2 && r.chance(0.4) => "",
            _ => *r.pick(&["tape", "tape", "disk"]).unwrap_or(&"tape"),
        };
        let apart = if medium.is_empty() || medium == "none" {
            ""
        } else if case == PlanCase::NotApart {
            "không"
        } else {
            "có"
        };
        w.field(&s.id)?;
        match retention {
            Some(d) => w.fmt(format_args!("{d}"))?,
            None => w.blank()?,
        }
        w.field(frequency.unwrap_or(""))?;
        w.field(method.unwrap_or(""))?;
        w.field(if automatic { "có" } else { "không" })?;
        w.field(medium)?;
        w.field(apart)?;
        match restore {
            Some(m) => w.fmt(format_args!("{m}"))?,
            None => w.blank()?,
        }
        let approved = add_days(today, -r.range(30, 700));
        w.fmt(format_args!("KH-SL-{}-{:03}", approved.year(), i + 1))?;
        w.date(Some(approved), s.date_fmt)?;
        w.end_row()?;
    }
    w.finish()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RunCase {
    Fresh,
    Stale,
    NotCopied,
    Manual,
    Never,
}

fn write_backup_runs(
    path: &Path,
    systems: &[System],
    op2: &[usize],
    today: NaiveDate,
    seed: u64,
    progress: &mut Progress<'_>,
) -> io::Result<u64> {
    let mut rng = Rng::derive(seed, 60, 1);
    let cases = plan(
        &mut rng,
        op2,
        systems.len(),
        &[
            (RunCase::Stale, 0.05, 1),
            (RunCase::NotCopied, 0.03, 1),
            (RunCase::Manual, 0.02, 1),
            (RunCase::Never, 0.02, 1),
        ],
        RunCase::Fresh,
    );
    let mut w = CsvWriter::create(
        path,
        &[
            "system_id",
            "job",
            "started_at",
            "ended_at",
            "status",
            "automatic",
            "external_copy_at",
            "medium",
            "medium_label",
        ],
    )?;
    let total = (op2.len() * 8) as u64;
    let mut label = 0u32;
    for (i, s) in systems.iter().enumerate() {
        if !operating(s) {
            continue;
        }
        let mut r = Rng::derive(seed, 65, i as u64);
        let fmt = s.pwd_fmt;
        if !level2(s) {
            // Weekly, often by hand: not judged by BAK-24H (level 2+).
            for week in 0..4 {
                let d = add_days(today, -(7 * week + r.range(0, 6)));
                let start = at(d, 20, r.range(0, 59) as u32);
                w.field(&s.id)?;
                w.field("weekly-full")?;
                w.ts(Some(start), fmt)?;
                w.ts(Some(plus_minutes(start, r.range(20, 90))), fmt)?;
                w.field("success")?;
                w.field(if r.chance(0.5) { "có" } else { "không" })?;
                w.blank()?;
                w.blank()?;
                w.blank()?;
                w.end_row()?;
            }
            continue;
        }
        let case = cases[i];
        if case == RunCase::Never {
            continue;
        }
        let jobs: &[&str] = if r.chance(0.2) { &["DB-daily", "FS-daily"] } else { &["DB-daily"] };
        let medium = if r.chance(0.7) { "tape" } else { "disk" };
        let k = r.range(2, 6);
        let (hour, minute) = (r.range(0, 2) as u32, r.range(0, 59) as u32);
        for job in jobs {
            for back in (0..7).rev() {
                let d = add_days(today, -back);
                let start = at(d, hour, minute);
                let mut status = if r.chance(0.03) { "warning" } else { "success" };
                if back > 0 && r.chance(0.03) {
                    status = "failed";
                }
                let recent = back < k;
                let mut automatic = true;
                let mut copied = status != "failed";
                match case {
                    RunCase::Stale if recent => {
                        status = "failed";
                        copied = false;
                    }
                    RunCase::NotCopied if recent => copied = false,
                    RunCase::Manual if recent => automatic = false,
                    _ => {}
                }
                w.field(&s.id)?;
                w.field(job)?;
                w.ts(Some(start), fmt)?;
                w.ts(Some(plus_minutes(start, r.range(25, 110))), fmt)?;
                w.field(status)?;
                w.field(if automatic { "có" } else { "không" })?;
                if copied {
                    label += 1;
                    w.ts(Some(plus_minutes(start, r.range(240, 300))), fmt)?;
                    w.field(medium)?;
                    w.fmt(format_args!("{}-{label:06}", if medium == "tape" { "LTO" } else { "HDD" }))?;
                } else {
                    w.blank()?;
                    w.blank()?;
                    w.blank()?;
                }
                w.end_row()?;
                progress.tick(w.rows(), total);
            }
        }
    }
    w.finish()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RestoreCase {
    OnTime,
    Overdue,
    NotExternal,
    Failed,
    Never,
}

fn write_restore_tests(path: &Path, systems: &[System], op2: &[usize], today: NaiveDate, seed: u64) -> io::Result<u64> {
    let mut rng = Rng::derive(seed, 60, 2);
    let cases = plan(
        &mut rng,
        op2,
        systems.len(),
        &[
            (RestoreCase::Overdue, 0.10, 1),
            (RestoreCase::NotExternal, 0.03, 1),
            (RestoreCase::Failed, 0.02, 1),
            (RestoreCase::Never, 0.03, 1),
        ],
        RestoreCase::OnTime,
    );
    let mut w = CsvWriter::create(
        path,
        &["system_id", "tested_on", "from_external_medium", "result", "record_no", "performed_by"],
    )?;
    const WHO: &[&str] = &["Phòng Vận hành", "Tổ quản trị CSDL", "Đội Hạ tầng"];
    for (i, s) in systems.iter().enumerate() {
        if !operating(s) || (!level2(s) && i % 3 != 0) {
            continue;
        }
        let mut r = Rng::derive(seed, 66, i as u64);
        let since = s.since.unwrap_or(add_days(today, -730));
        let case = if level2(s) { cases[i] } else { RestoreCase::OnTime };
        if case == RestoreCase::Never {
            continue;
        }
        let last_ok = match case {
            RestoreCase::OnTime => add_days(today, -r.range(5, 85)),
            RestoreCase::Overdue => add_days(today, -r.range(100, 300)),
            _ => add_days(today, -r.range(100, 200)),
        };
        let step = if level2(s) { 90 } else { 365 };
        let mut dates: Vec<(NaiveDate, bool, &str)> = Vec::new();
        let mut d = last_ok;
        while d >= since && dates.len() < 8 {
            dates.push((d, true, "success"));
            d = add_days(d, -(step - r.range(0, 20)));
        }
        match case {
            RestoreCase::NotExternal => dates.push((add_days(today, -r.range(5, 60)), false, "success")),
            RestoreCase::Failed => dates.push((add_days(today, -r.range(5, 40)), true, "failed")),
            _ => {}
        }
        dates.sort_by_key(|x| x.0);
        dates.dedup_by_key(|x| x.0);
        for (d, external, result) in dates {
            w.field(&s.id)?;
            w.date(Some(d), s.date_fmt)?;
            w.field(if external { "có" } else { "không" })?;
            w.field(result)?;
            w.fmt(format_args!("BB-PH-{}-{:02}-{}", d.year(), d.month(), s.id))?;
            w.field(r.word(WHO))?;
            w.end_row()?;
        }
    }
    w.finish()
}

// ---------------------------------------------------------------------------
// Assessments (Điều 22)
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum AssessCase {
    OnTime,
    Overdue,
    Never,
}

fn write_assessments(path: &Path, systems: &[System], op: &[usize], today: NaiveDate, seed: u64) -> io::Result<u64> {
    let mut rng = Rng::derive(seed, 60, 3);
    let n = systems.len();
    let cases =
        plan(&mut rng, op, n, &[(AssessCase::Overdue, 0.10, 1), (AssessCase::Never, 0.04, 1)], AssessCase::OnTime);
    let external: Vec<usize> = op.iter().copied().filter(|&i| systems[i].internet || systems[i].third_party).collect();
    let no_pentest = plan(&mut rng, &external, n, &[(true, 0.15, 1)], false);
    let mut split = Strata::new(&mut rng);
    let mut w =
        CsvWriter::create(path, &["system_id", "kind", "assessed_on", "performed_by", "report_no", "open_findings"])?;
    const WHO: &[&str] = &[
        "Cục CNTT&TK",
        "Cục CNTT&TK",
        "Trung tâm Giám sát an toàn không gian mạng quốc gia",
        "Công ty CP An ninh mạng Việt Nam",
        "Công ty TNHH Kiểm định ATTT Sao Mai",
    ];
    let mut report = 0u32;
    for (i, s) in systems.iter().enumerate() {
        if !operating(s) || cases[i] == AssessCase::Never {
            continue;
        }
        let mut r = Rng::derive(seed, 67, i as u64);
        let months = period_months(s);
        let days = i64::from(months) * 30;
        let since = s.since.unwrap_or(add_days(today, -3650));
        let last = match cases[i] {
            AssessCase::Overdue => add_days(today, -(days + r.range(10, 200))),
            _ => add_days(today, -r.range(10, (days - 10).max(11))),
        };
        let ext = s.internet || s.third_party;
        let split_parts = split.category(&[0.25]) == 0;
        let mut d = last.max(since);
        let mut first = true;
        for _ in 0..3 {
            let mut rows: Vec<(&str, NaiveDate)> = Vec::new();
            if first && no_pentest[i] {
                rows.push(("architecture", d));
                rows.push(("configuration", add_days(d, -r.range(0, 15))));
            } else if first && split_parts {
                rows.push(("architecture", d));
                rows.push(("configuration", add_days(d, -r.range(0, 20))));
                if ext {
                    rows.push((
                        if r.chance(0.5) { "pentest" } else { "penetration_test" },
                        add_days(d, -r.range(0, 10)),
                    ));
                }
            } else {
                rows.push(("full", d));
            }
            for (kind, on) in rows {
                report += 1;
                w.field(&s.id)?;
                w.field(kind)?;
                w.date(Some(on), s.date_fmt)?;
                w.field(r.word(WHO))?;
                w.fmt(format_args!("BC-ĐG-{}-{report:04}", on.year()))?;
                w.fmt(format_args!("{}", r.range(0, 8)))?;
                w.end_row()?;
            }
            first = false;
            d = add_days(months_back(d, months), r.range(-20, 20));
            if d < since {
                break;
            }
        }
    }
    w.finish()
}

// ---------------------------------------------------------------------------
// Changes (Điều 21, 5.9) and documents (Điều 17, 24)
// ---------------------------------------------------------------------------

fn write_changes(path: &Path, systems: &[System], changes: &[Vec<ChangeRow>]) -> io::Result<u64> {
    let mut w = CsvWriter::create(
        path,
        &[
            "change_id",
            "system_id",
            "kind",
            "description",
            "plan",
            "tested_on",
            "test_report",
            "approved_by",
            "approved_on",
            "applied_on",
            "rollback_plan",
            "impact_assessment",
            "level_reviewed_on",
        ],
    )?;
    for (s, list) in systems.iter().zip(changes) {
        for c in list {
            let f = s.date_fmt;
            w.field(&c.id)?;
            w.field(&s.id)?;
            w.field(c.kinds)?;
            w.field(c.description)?;
            if c.plan {
                w.fmt(format_args!("KH-{}", c.id))?;
            } else {
                w.blank()?;
            }
            w.date(c.tested, f)?;
            if c.report {
                w.fmt(format_args!("BC-TN-{}", c.id))?;
            } else {
                w.blank()?;
            }
            w.field(c.approver.unwrap_or(""))?;
            w.date(c.approved, f)?;
            w.date(c.applied, f)?;
            if c.rollback {
                w.fmt(format_args!("PA-PH-{}", c.id))?;
            } else if c.id.ends_with('7') {
                w.field("không")?;
            } else {
                w.blank()?;
            }
            if c.impact {
                w.fmt(format_args!("ĐGTĐ-{}", c.id))?;
            } else {
                w.blank()?;
            }
            w.date(c.reviewed, f)?;
            w.end_row()?;
        }
    }
    w.finish()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum DocCase {
    Ok,
    NoDesign,
    LateReport,
    NoReport,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum MaintCase {
    Current,
    Overdue,
    Missing,
}

fn write_documents(
    path: &Path,
    systems: &[System],
    op: &[usize],
    changes: &[Vec<ChangeRow>],
    today: NaiveDate,
    seed: u64,
) -> io::Result<u64> {
    let mut rng = Rng::derive(seed, 60, 4);
    let n = systems.len();
    let l2: Vec<usize> = (0..n).filter(|&i| level2(&systems[i])).collect();
    let docs = plan(
        &mut rng,
        &l2,
        n,
        &[(DocCase::NoDesign, 0.08, 1), (DocCase::LateReport, 0.05, 1), (DocCase::NoReport, 0.05, 1)],
        DocCase::Ok,
    );
    let maint =
        plan(&mut rng, op, n, &[(MaintCase::Overdue, 0.08, 1), (MaintCase::Missing, 0.04, 1)], MaintCase::Current);
    let mut contents = Strata::new(&mut rng);
    let mut w = CsvWriter::create(
        path,
        &["system_id", "kind", "document_no", "title", "approved_on", "approved_by", "reviewed_on", "contents"],
    )?;
    let row = |w: &mut CsvWriter,
               s: &System,
               kind: &str,
               no: &str,
               title: &str,
               approved: Option<NaiveDate>,
               reviewed: Option<NaiveDate>,
               contents: &str|
     -> io::Result<()> {
        w.field(&s.id)?;
        w.field(kind)?;
        w.field(no)?;
        w.field(title)?;
        w.date(approved, s.date_fmt)?;
        w.field(if approved.is_some() { "Cục trưởng" } else { "" })?;
        w.date(reviewed, s.date_fmt)?;
        w.field(contents)?;
        w.end_row()
    };
    for (i, s) in systems.iter().enumerate() {
        let mut r = Rng::derive(seed, 68, i as u64);
        let golive = s.since.unwrap_or(add_days(today, r.range(30, 200)));
        if level2(s) {
            if docs[i] != DocCase::NoDesign {
                let d = add_days(golive, -r.range(60, 400)).min(today);
                row(
                    &mut w,
                    s,
                    "security_design",
                    &format!("TK-ATTT-{}", s.id),
                    "Tài liệu thiết kế an toàn",
                    Some(d),
                    None,
                    "",
                )?;
            }
            let report = match docs[i] {
                DocCase::NoReport => None,
                _ if !operating(s) && r.chance(0.5) => None,
                DocCase::LateReport => Some(add_days(golive, r.range(5, 60))),
                _ => Some(add_days(golive, -r.range(3, 40))),
            };
            if let Some(d) = report.filter(|&d| d <= today) {
                row(
                    &mut w,
                    s,
                    "verification_report",
                    &format!("BC-KT-{}", s.id),
                    "Báo cáo kiểm tra, xác minh trước nghiệm thu",
                    Some(d),
                    None,
                    "",
                )?;
            }
            for c in changes[i].iter().filter(|c| c.is_upgrade() && c.applied.is_some_and(|a| a <= today && a > golive))
            {
                if r.chance(0.7) {
                    let a = c.applied.unwrap_or(today);
                    row(
                        &mut w,
                        s,
                        "verification_report",
                        &format!("BC-KT-{}", c.id),
                        "Báo cáo kiểm tra sau nâng cấp",
                        Some(add_days(a, -r.range(2, 20)).max(add_days(golive, 1))),
                        None,
                        "",
                    )?;
                }
            }
        }
        if operating(s) && maint[i] != MaintCase::Missing {
            let approved = add_days(golive, r.range(5, 30)).min(today);
            let reviewed = match maint[i] {
                MaintCase::Overdue => add_days(today, -r.range(380, 800)),
                _ => add_days(today, -r.range(10, 340)),
            };
            // Most operators review the regulation after a major change (Điều 24.3).
            let last_change = changes[i]
                .iter()
                .filter(|c| c.kinds.split(';').any(|k| matches!(k, "upgrade" | "expansion" | "replacement")))
                .filter_map(|c| c.applied.filter(|&a| a <= today))
                .max();
            let reviewed = match last_change {
                Some(a) if maint[i] == MaintCase::Current && a > reviewed && r.chance(0.85) => {
                    add_days(a, r.range(3, 25)).min(today)
                }
                _ => reviewed,
            };
            let reviewed = (reviewed > approved).then_some(reviewed);
            let c = match contents.category(&[0.06, 0.54]) {
                0 => "scope;schedule;procedure",
                1 => "scope;schedule;procedure;incident_reporting;responsibilities",
                _ => "",
            };
            row(
                &mut w,
                s,
                "maintenance_regulation",
                &format!("QĐ-BT-{}", s.id),
                "Quy định bảo trì hệ thống",
                Some(approved),
                reviewed,
                c,
            )?;
        }
    }
    w.finish()
}

// ---------------------------------------------------------------------------
// Test environments (Điều 20.2)
// ---------------------------------------------------------------------------

fn write_test_environments(path: &Path, systems: &[System], today: NaiveDate, seed: u64) -> io::Result<u64> {
    let mut rng = Rng::derive(seed, 60, 5);
    let all: Vec<usize> = (0..systems.len()).collect();
    let declares = plan(&mut rng, &all, systems.len(), &[(true, 0.70, 2)], false);
    let declaring: Vec<usize> = all.iter().copied().filter(|&i| declares[i]).collect();
    let unmasked = plan(&mut rng, &declaring, systems.len(), &[(1u8, 0.06, 1), (2u8, 0.02, 1)], 0u8);
    let mut w = CsvWriter::create(
        path,
        &[
            "system_id",
            "environment",
            "uses_production_data",
            "data_masked",
            "masking_method",
            "declared_on",
            "declared_by",
        ],
    )?;
    const ENVS: &[&str] = &["UAT", "TEST", "DEV", "STAGING", "ĐÀO TẠO"];
    const MASKING: &[&str] = &[
        "Che giấu mã số thuế, tên doanh nghiệp, số tờ khai",
        "Thay thế dữ liệu cá nhân bằng dữ liệu giả lập",
        "Mã hóa một chiều các trường định danh",
    ];
    for &i in &declaring {
        let s = &systems[i];
        let mut r = Rng::derive(seed, 69, i as u64);
        let k = r.range(1, 3) as usize;
        let start = r.index(ENVS.len());
        let declared = add_days(today, -r.range(20, 400));
        for j in 0..k {
            let env = ENVS[(start + j) % ENVS.len()];
            let bad = j == 0 && unmasked[i] > 0;
            let production = bad || r.chance(0.3);
            let masked = match (bad, unmasked[i]) {
                (true, 1) => "không",
                (true, _) => "",
                _ if production => "có",
                _ => "",
            };
            w.field(&s.id)?;
            w.field(env)?;
            w.field(if production { "có" } else { "không" })?;
            w.field(masked)?;
            w.field(if masked == "có" { r.word(MASKING) } else { "" })?;
            w.date(Some(declared), s.date_fmt)?;
            w.field("Phòng Phát triển ứng dụng")?;
            w.end_row()?;
        }
    }
    w.finish()
}

// ---------------------------------------------------------------------------
// Network devices (Điều 9)
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// C9300-48P: Gi1/0/1-48, Te1/1/1-4.
    Core48,
    /// C9200-24P: Gi1/0/1-24, Gi1/1/1-4.
    Access24,
    /// WS-C2960-24TT-L: Fa0/1-24, Gi0/1-2.
    Old2960,
    /// ISR4331 WAN router: no switch outputs.
    Router,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Capture {
    /// PuTTY log: prompts, CRLF, `--More--` erased with backspaces.
    SessionPager,
    /// `terminal length 0`, LF.
    Session,
    /// `HOST.running-config.cfg` + `HOST_show-interfaces-status.txt`.
    Split,
    None,
}

struct Device {
    host: String,
    unit: usize,
    layout: Layout,
    capture: Capture,
}

fn plan_devices(org: &Org, seed: u64) -> Vec<Device> {
    let mut r = Rng::derive(seed, 70, 0);
    let mut out = Vec::new();
    let capture = |r: &mut Rng| match r.weighted(&[(0u8, 40), (1, 20), (2, 30), (3, 10)]) {
        Some(0) => Capture::SessionPager,
        Some(1) => Capture::Session,
        Some(2) => Capture::Split,
        _ => Capture::None,
    };
    for k in 1..=2 {
        out.push(Device {
            host: format!("SW-CNTT-CORE{k:02}"),
            unit: org.cntt,
            layout: Layout::Core48,
            capture: capture(&mut r),
        });
    }
    out.push(Device { host: "RT-WAN-CNTT01".into(), unit: org.cntt, layout: Layout::Router, capture: Capture::None });
    for &u in org.departments.iter().chain(org.it_units.iter().skip(1)) {
        out.push(Device {
            host: format!("SW-{}-ACC01", org.code(u)),
            unit: u,
            layout: Layout::Access24,
            capture: capture(&mut r),
        });
    }
    for kv in &org.kvs {
        let code = org.code(kv.unit);
        out.push(Device {
            host: format!("SW-{code}-CORE01"),
            unit: kv.unit,
            layout: Layout::Core48,
            capture: capture(&mut r),
        });
        out.push(Device {
            host: format!("RT-WAN-{code}"),
            unit: kv.unit,
            layout: Layout::Router,
            capture: Capture::None,
        });
        for (j, &u) in kv.subunits.iter().enumerate().filter(|(j, _)| j % 3 == 0) {
            let layout = if r.chance(0.3) { Layout::Old2960 } else { Layout::Access24 };
            let _ = j;
            out.push(Device { host: format!("SW-{}-ACC01", org.code(u)), unit: u, layout, capture: capture(&mut r) });
        }
    }
    out
}

fn write_network_devices(path: &Path, org: &Org, devices: &[Device]) -> io::Result<u64> {
    let mut w =
        CsvWriter::create(path, &["device", "system_id", "unit_code", "role", "model", "location", "management_ip"])?;
    for (i, d) in devices.iter().enumerate() {
        w.field(&d.host)?;
        w.blank()?;
        w.field(org.code(d.unit))?;
        w.field(if d.layout == Layout::Router { "wan" } else { "lan" })?;
        w.field(match d.layout {
            Layout::Core48 => "C9300-48P",
            Layout::Access24 => "C9200-24P",
            Layout::Old2960 => "WS-C2960-24TT-L",
            Layout::Router => "ISR4331/K9",
        })?;
        w.field(org.units.get(d.unit).map_or("", |u| u.name.as_str()))?;
        w.fmt(format_args!("10.{}.{}.{}", 10 + i / 250 % 200, 255 - i / 250 / 200 % 50, 1 + i % 250))?;
        w.end_row()?;
    }
    w.finish()
}

fn write_config_backups(path: &Path, devices: &[Device], today: NaiveDate, seed: u64) -> io::Result<u64> {
    let mut rng = Rng::derive(seed, 60, 6);
    let all: Vec<usize> = (0..devices.len()).collect();
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum C {
        Monthly,
        Stale,
        Never,
    }
    let cases = plan(&mut rng, &all, devices.len(), &[(C::Stale, 0.12, 1), (C::Never, 0.08, 1)], C::Monthly);
    let mut w = CsvWriter::create(path, &["device", "backed_up_at", "system_id", "location"])?;
    for (i, d) in devices.iter().enumerate() {
        let mut r = Rng::derive(seed, 71, i as u64);
        let last = match cases[i] {
            C::Never => continue,
            C::Monthly => add_days(today, -r.range(0, 40)),
            C::Stale => add_days(today, -r.range(215, 420)),
        };
        let n = if cases[i] == C::Monthly { 6 } else { 2 };
        let mut dates: Vec<NaiveDate> = (0..n).map(|k| months_back(last, k)).collect();
        dates.reverse();
        for day in dates {
            w.field(&d.host)?;
            w.ts(Some(at(day, 22, r.range(0, 59) as u32)), TsFmt::IsoSpace)?;
            w.blank()?;
            w.field(if d.host.contains("KV") { "NAS Chi cục/netcfg" } else { "NAS-CNTT/netcfg" })?;
            w.end_row()?;
        }
    }
    w.finish()
}

struct PortSpec {
    full: String,
    short: String,
    description: String,
    vlan: String,
    trunk: bool,
    shutdown: bool,
    status: &'static str,
    kind: &'static str,
}

fn ports_of(d: &Device, r: &mut Rng, hygiene: u8) -> Vec<PortSpec> {
    let (prefix, short, slot, n, up_prefix, up_short, up_slot, n_up, kind, up_kind) = match d.layout {
        Layout::Core48 => (
            "GigabitEthernet",
            "Gi",
            "1/0/",
            48,
            "TenGigabitEthernet",
            "Te",
            "1/1/",
            4,
            "10/100/1000BaseTX",
            "SFP-10GBase-SR",
        ),
        Layout::Access24 => (
            "GigabitEthernet",
            "Gi",
            "1/0/",
            24,
            "GigabitEthernet",
            "Gi",
            "1/1/",
            4,
            "10/100/1000BaseTX",
            "1000BaseSX SFP",
        ),
        Layout::Old2960 => {
            ("FastEthernet", "Fa", "0/", 24, "GigabitEthernet", "Gi", "0/", 2, "10/100BaseTX", "10/100/1000BaseTX")
        }
        Layout::Router => return Vec::new(),
    };
    const DESCS: &[&str] = &[
        "PC chuyen vien",
        "May in",
        "Camera",
        "AP khong day",
        "Dien thoai IP",
        "May quet",
        "PC lanh dao",
        "Kiosk tra cuu",
    ];
    let used_share = 0.55 + r.unit() * 0.35;
    let vlan = 10 + r.range(0, 9) * 10;
    let mut out = Vec::new();
    for k in 1..=n {
        let used = k == 1 || r.chance(used_share);
        let err = !used && r.chance(0.02);
        let shutdown = !used
            && !err
            && match hygiene {
                0 => true,
                1 => !r.chance(0.12),
                _ => r.chance(0.3),
            };
        out.push(PortSpec {
            full: format!("{prefix}{slot}{k}"),
            short: format!("{short}{slot}{k}"),
            description: if k == 1 && d.layout != Layout::Core48 {
                "Uplink CORE".into()
            } else if used {
                format!("{} {:02}", r.word(DESCS), k)
            } else {
                String::new()
            },
            vlan: vlan.to_string(),
            trunk: k == 1 && d.layout != Layout::Core48,
            shutdown,
            status: if used {
                "connected"
            } else if shutdown {
                "disabled"
            } else if err {
                "err-disabled"
            } else {
                "notconnect"
            },
            kind,
        });
    }
    for k in 1..=n_up {
        let used = k == 1 && d.layout == Layout::Core48 || k == 1 && d.layout != Layout::Core48 && r.chance(0.2);
        let shutdown = !used && (hygiene == 0 || r.chance(0.6));
        out.push(PortSpec {
            full: format!("{up_prefix}{up_slot}{k}"),
            short: format!("{up_short}{up_slot}{k}"),
            description: if used { "Uplink WAN/DC".into() } else { String::new() },
            vlan: "1".into(),
            trunk: used,
            shutdown,
            status: if used {
                "connected"
            } else if shutdown {
                "disabled"
            } else if d.layout == Layout::Old2960 {
                "notconnect"
            } else {
                "sfpAbsent"
            },
            kind: if used || d.layout == Layout::Old2960 { up_kind } else { "unknown" },
        });
    }
    out
}

const MORE: &str = " --More-- \u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}          \u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}";

fn running_config(d: &Device, ports: &[PortSpec], mgmt: &str) -> Vec<String> {
    let mut l: Vec<String> = vec![
        "Building configuration...".into(),
        String::new(),
        "Current configuration : 8123 bytes".into(),
        "!".into(),
        format!("version {}", if d.layout == Layout::Old2960 { "15.2" } else { "17.9" }),
        "service timestamps debug datetime msec".into(),
        "service timestamps log datetime msec".into(),
        "service password-encryption".into(),
        "!".into(),
        format!("hostname {}", d.host),
        "!".into(),
        "no ip domain lookup".into(),
        "ip domain name customs.gov.vn".into(),
        "!".into(),
        "spanning-tree mode rapid-pvst".into(),
        "!".into(),
    ];
    for p in ports {
        l.push(format!("interface {}", p.full));
        if !p.description.is_empty() {
            l.push(format!(" description {}", p.description));
        }
        if p.trunk {
            l.push(" switchport mode trunk".into());
        } else {
            l.push(format!(" switchport access vlan {}", p.vlan));
            l.push(" switchport mode access".into());
        }
        if p.shutdown {
            l.push(" shutdown".into());
        }
        l.push("!".into());
    }
    l.extend([
        "interface Vlan1".into(),
        " no ip address".into(),
        " shutdown".into(),
        "!".into(),
        "interface Vlan99".into(),
        format!(" ip address {mgmt} 255.255.255.0"),
        "!".into(),
        "line vty 0 4".into(),
        " transport input ssh".into(),
        "!".into(),
        "end".into(),
    ]);
    l
}

fn status_table(d: &Device, ports: &[PortSpec]) -> Vec<String> {
    let w = if d.layout == Layout::Old2960 { 10 } else { 13 };
    let mut l = vec![format!("{:<w$}Name               Status       Vlan       Duplex  Speed Type", "Port")];
    for p in ports {
        let name: String = p.description.chars().take(18).collect();
        let vlan = if p.trunk { "trunk".to_string() } else { p.vlan.clone() };
        let (duplex, speed) = if p.status == "connected" { ("a-full", "a-1000") } else { ("auto", "auto") };
        l.push(format!("{:<w$}{name:<19}{:<13}{vlan:<11}{duplex:>6} {speed:>6} {}", p.short, p.status, p.kind));
    }
    l
}

fn write_cisco_files(dir: &Path, org: &Org, devices: &[Device], seed: u64) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut rng = Rng::derive(seed, 60, 7);
    let switches: Vec<usize> = (0..devices.len()).filter(|&i| devices[i].layout != Layout::Router).collect();
    let hygiene = plan(&mut rng, &switches, devices.len(), &[(0u8, 0.25, 1), (2u8, 0.20, 1)], 1u8);
    let _ = org;
    for (i, d) in devices.iter().enumerate() {
        if d.layout == Layout::Router || d.capture == Capture::None {
            continue;
        }
        let mut r = Rng::derive(seed, 72, i as u64);
        let ports = ports_of(d, &mut r, hygiene[i]);
        let mgmt = format!("10.{}.99.{}", 10 + i % 200, 2 + i % 250);
        let config = running_config(d, &ports, &mgmt);
        let status = status_table(d, &ports);
        match d.capture {
            Capture::Split => {
                std::fs::write(dir.join(format!("{}.running-config.cfg", d.host)), config.join("\n") + "\n")?;
                std::fs::write(dir.join(format!("{}_show-interfaces-status.txt", d.host)), status.join("\n") + "\n")?;
            }
            Capture::Session | Capture::SessionPager => {
                let pager = d.capture == Capture::SessionPager;
                let mut text = String::new();
                let eol = if pager { "\r\n" } else { "\n" };
                let push = |text: &mut String, line: &str, k: usize| {
                    if pager && k > 0 && k.checked_rem(23) == Some(0) {
                        text.push_str(MORE);
                    }
                    let _ = write!(text, "{line}{eol}");
                };
                push(&mut text, &format!("{}#terminal length {}", d.host, if pager { 24 } else { 0 }), 0);
                push(&mut text, &format!("{}#show running-config", d.host), 0);
                for (k, line) in config.iter().enumerate() {
                    push(&mut text, line, k);
                }
                push(&mut text, &format!("{}#show interfaces status", d.host), 0);
                push(&mut text, "", 0);
                for (k, line) in status.iter().enumerate() {
                    push(&mut text, line, k);
                }
                push(&mut text, &format!("{}#exit", d.host), 0);
                std::fs::write(dir.join(format!("{}.log", d.host)), text)?;
            }
            Capture::None => {}
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Endpoints (Điều 10.3, 14.2)
// ---------------------------------------------------------------------------

fn write_endpoints(
    path: &Path,
    org: &Org,
    systems: &[System],
    people: &People,
    today: NaiveDate,
    seed: u64,
    progress: &mut Progress<'_>,
) -> io::Result<u64> {
    let mut rng = Rng::derive(seed, 60, 8);
    let mut cases = Strata::new(&mut rng);
    let mut w = CsvWriter::create(
        path,
        &["host", "unit_code", "system_id", "antimalware_product", "signatures_updated_at", "realtime_protection"],
    )?;
    const PRODUCTS: &[(&str, u32)] = &[
        ("Kaspersky Endpoint Security 12.5", 45),
        ("BKAV Endpoint Detection and Response", 25),
        ("Trend Micro Apex One", 20),
        ("Symantec Endpoint Protection 14.3", 10),
    ];
    let total = (people.persons.len() + systems.len() * 2) as u64;
    let mut one = |w: &mut CsvWriter, r: &mut Rng, host: &str, unit: &str, system: &str| -> io::Result<()> {
        let product = r.weighted(PRODUCTS).copied().unwrap_or("Kaspersky Endpoint Security 12.5");
        let mut updated = Some(plus_minutes(at(add_days(today, -r.range(0, 3)), 7, 0), r.range(0, 600)));
        let mut realtime = "có";
        let mut product = Some(product);
        match cases.category(&[0.02, 0.07, 0.015, 0.008]) {
            0 => {
                product = None;
                updated = None;
                realtime = "";
            }
            1 => updated = Some(at(add_days(today, -r.range(8, 90)), 9, r.range(0, 59) as u32)),
            2 => realtime = "không",
            3 => updated = None,
            _ => {}
        }
        w.field(host)?;
        w.field(unit)?;
        w.field(system)?;
        w.field(product.unwrap_or(""))?;
        w.ts(updated, TsFmt::IsoSpace)?;
        w.field(realtime)?;
        w.end_row()
    };
    for (i, p) in people.persons.iter().enumerate().filter(|(_, p)| p.active()) {
        let mut r = Rng::derive(seed, 73, i as u64);
        one(&mut w, &mut r, &format!("PC-{}", p.code()), org.code(p.unit), "")?;
        progress.tick(w.rows(), total);
    }
    for (i, s) in systems.iter().enumerate().filter(|(_, s)| operating(s)) {
        let mut r = Rng::derive(seed, 74, i as u64);
        for k in 1..=r.range(1, 2) {
            let unit = s.operator.map_or("", |u| org.code(u));
            one(&mut w, &mut r, &format!("{}-SRV{k:02}", s.id), unit, &s.id)?;
        }
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn cisco_outputs_parse_back_into_the_ports_generated() {
        let org_dir = std::env::temp_dir().join(format!("tuanthu-demo-ops-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&org_dir);
        let opts = super::super::DemoOptions {
            scale: super::super::Scale::Small,
            seed: 5,
            today: NaiveDate::from_ymd_opt(2026, 3, 16).unwrap(),
            out_dir: org_dir.clone(),
        };
        super::super::generate(&opts, &mut |_, _, _| {}).unwrap();
        let net = org_dir.join(NETWORK_DIR);
        let files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&net)
            .unwrap()
            .map(|e| {
                let p = e.unwrap().path();
                (p.file_name().unwrap().to_str().unwrap().to_string(), std::fs::read(&p).unwrap())
            })
            .collect();
        assert!(files.len() >= 10, "{}", files.len());
        let parsed = tuanthu_ingest::cisco::parse_devices(&files, None, false).unwrap();
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        let status = tuanthu_core::evidence::schema_ops::NETWORK_PORTS.index_of("status").unwrap();
        let shut = tuanthu_core::evidence::schema_ops::NETWORK_PORTS.index_of("shutdown").unwrap();
        let mut open_unused = 0;
        for d in &parsed.devices {
            assert!(d.rows.len() >= 26, "{}: {}", d.device, d.rows.len());
            for r in &d.rows {
                assert!(!r[status].is_null() && !r[shut].is_null(), "{}", d.device);
                if r[shut] == tuanthu_core::evidence::Value::Bool(false) && r[status].to_text() != "connected" {
                    open_unused += 1;
                }
            }
        }
        assert!(open_unused > 0);
        std::fs::remove_dir_all(org_dir).unwrap();
    }
}
