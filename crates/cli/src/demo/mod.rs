//! `tuanthu demo`: synthetic but realistic evidence for Vietnam Customs.
//!
//! Writes `units.csv`, `persons.csv`, `systems.csv`, `hr_events.csv`,
//! `accounts.csv` and `account_exceptions.csv`, then the third-party,
//! monitoring and response files of [`vendors_ir`],
//! and the organisational
//! evidence of issue 5 part A (`org_a`, `org_a_assets`: hand-overs, trainings,
//! assets, application declarations, network zones …) in the formats of
//! `docs/formats.md` (canonical English headers, UTF-8 without BOM, `\n`),
//! shaped like Customs after the 2025 restructuring (Bộ Tài chính → Cục Hải
//! quan → Cục CNTT&TK, Ban …, 20 Chi cục Hải quan khu vực). Nothing in the
//! product depends on that shape; the data only has to look real and exercise
//! every rule of sections A, C and D of the catalog.
//!
//! Same scale + seed + `today` → byte-identical files: all randomness comes
//! from [`rng::Rng`] (SplitMix64) streams derived from the seed, and every
//! date is computed relative to `today`.
//!
//! # Scales
//! | scale | units | persons | systems | accounts |
//! |---|---|---|---|---|
//! | `small` | ~40 | 300 | 12 | ~2,000 |
//! | `customs` | ~880 | 20,000 | 500 | ~200,000 |
//! | `10x` | ~2,440 | 200,000 | 5,000 | ~2,000,000 |
//!
//! # Case mix (what the rules must find)
//! Shares are planned by quota ([`rng::quota`], [`rng::Strata`]), each case at
//! least twice even in `small`. "Working days" here skip weekends only; the
//! late cases are late by a margin that survives Tết.
//!
//! - **Leavers** (ACCT-REVOKE-EXIT, 11.1.c): ~3 % of persons are `left`
//!   (leave_customs 45 %, resign 25 %, retire 30 %), effective over the last
//!   18 months. Of their accounts: ~85 % disabled/deleted within 0-3 working
//!   days, ~8 % late (9-22 working days), ~5 % still active (fail), ~2 % kept
//!   under an `account_exceptions` row. A few leavers left in the last 2 days
//!   with accounts still active (pending) and a few 3-10 days ago (disabled
//!   on time, or still active: pending or fail depending on the calendar).
//! - **Exceptions** (ACCT-EXCEPTION-VALID): ~70 % valid; the rest evenly
//!   expired while the account is still active, missing `reason`, missing
//!   `rights_kept`, missing `valid_until`.
//! - **Transfers** (ACCT-REVOKE-TRANSFER): ~5 % of persons transferred in the
//!   last year (60 % `transfer_internal`, 40 % `transfer_customs`); of those
//!   older than 45 days ~10 % adjusted late (14-30 working days) and ~10 %
//!   never (`rights_changed_on` blank); the rest within 0-5 working days, or
//!   still open when recent. ~2 % more transfers 1-3 years ago, on time.
//! - **Dormant** (ACCT-DORMANT): of active accounts of active staff, ~3 %
//!   last logged in 12-36 months ago, ~0.5 % never logged in and created over
//!   a year ago, ~0.3 % new and not used yet, a few with neither
//!   `last_login_at` nor `created_on` (no_evidence).
//! - **Passwords** (PWD-AGE-USER/ADMIN): user accounts changed 0-88 days ago,
//!   ~15 % 95-150 days; admin accounts 0-56 days, ~15 % 65-90 days; ~1 %
//!   blank (no_evidence). Timestamps mix RFC 3339 (+07:00),
//!   `YYYY-MM-DD HH:MM:SS` and `DD/MM/YYYY HH:MM`; dates of some systems are
//!   `DD/MM/YYYY`.
//! - **Ownership** (ACCT-UNIQUE-OWNER, ACCT-ADMIN-*, PERSON-HR-RECONCILE):
//!   ~0.3 % of accounts belong to person ids missing from persons.csv; ~1 %
//!   shared accounts, ~22 % of them without `responsible_person_ids`, some
//!   of them admin accounts (with and without responsible persons); ~0.1 %
//!   built-in admin accounts (`admin`, `root`, …) with no owner; ~0.2 % of
//!   ordinary accounts hold admin rights ("admin", "quản trị …"). IT staff
//!   (~5 % of accounts) have separate `adm.` accounts. Each system has 1-3
//!   service accounts.
//! - **People** (PERSON-BACKGROUND/NDA): ~10 % in sensitive positions, ~5 %
//!   of those without a background check; ~5 % of IT staff without an NDA.
//! - **Systems** (SYS-LEVEL-APPROVED/AUTHORITY, SYS-ROLES): levels ~1 % 5
//!   (central only), ~5 % 4, ~25 % 3, the rest 1-2; approvers per Điều 5.5.b
//!   (1-2 security unit, 3 owner, 4-5 `BTC`) except ~3 % in operation without
//!   an approved level (proposed/appraised/blank), ~2 % approved by a lower
//!   unit, ~2 % missing operator or security unit; ~4 % not yet in operation.

mod accounts;
mod csv_out;
mod dates;
mod hr;
mod names;
mod ops;
mod org;
mod org_a;
mod org_a_assets;
mod org_a_systems;
mod people;
mod rng;
pub(crate) mod scan;
#[cfg(test)]
mod tests;
mod tlog;
mod vendors_ir;

use std::io;
use std::path::PathBuf;

/// How much data to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// ~40 units, 300 persons, 12 systems, ~2,000 accounts: small enough to read.
    Small,
    /// The size of Vietnam Customs: 20,000 persons, 500 systems, ~200,000 accounts.
    Customs,
    /// Ten times Customs: 200,000 persons, 5,000 systems, ~2,000,000 accounts.
    TenX,
}

impl Scale {
    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Scale::Small => "small",
            Scale::Customs => "customs",
            Scale::TenX => "10x",
        }
    }
}

impl std::str::FromStr for Scale {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "small" => Ok(Scale::Small),
            "customs" => Ok(Scale::Customs),
            "10x" | "tenx" => Ok(Scale::TenX),
            other => {
                Err(format!("quy mô không hợp lệ / unknown scale `{other}`: dùng / use small, customs hoặc / or 10x"))
            }
        }
    }
}

impl std::fmt::Display for Scale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What to generate and where.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub scale: Scale,
    pub seed: u64,
    /// Every date is relative to this day (the "as-of" date of the demo).
    pub today: chrono::NaiveDate,
    /// Created if missing; existing files of the same names are overwritten.
    pub out_dir: PathBuf,
}

/// What was written: file names and data rows (header excluded), in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSummary {
    pub files: Vec<(String, usize)>,
}

/// Sizes of a scale.
pub(crate) struct Sizes {
    pub kvs: usize,
    /// Sub-units (phòng, posts) per Chi cục.
    pub kv_subunits: usize,
    pub departments: usize,
    pub it_subunits: usize,
    pub persons: usize,
    pub systems: usize,
    pub central_systems: usize,
    /// Mean number of ordinary accounts per person.
    pub user_accounts: u32,
}

impl Sizes {
    fn of(scale: Scale) -> Self {
        match scale {
            Scale::Small => Sizes {
                kvs: 6,
                kv_subunits: 4,
                departments: 3,
                it_subunits: 2,
                persons: 300,
                systems: 12,
                central_systems: 8,
                user_accounts: 6,
            },
            Scale::Customs => Sizes {
                kvs: 20,
                kv_subunits: 42,
                departments: 12,
                it_subunits: 4,
                persons: 20_000,
                systems: 500,
                central_systems: 40,
                user_accounts: 9,
            },
            Scale::TenX => Sizes {
                kvs: 20,
                kv_subunits: 120,
                departments: 12,
                it_subunits: 4,
                persons: 200_000,
                systems: 5_000,
                central_systems: 100,
                user_accounts: 9,
            },
        }
    }
}

/// Forwards progress to the caller every [`csv_out::EVERY`] rows.
pub(crate) struct Progress<'a> {
    file: &'static str,
    callback: &'a mut dyn FnMut(&str, u64, u64),
}

impl Progress<'_> {
    /// Called after each row.
    pub fn tick(&mut self, rows: u64, total: u64) {
        // (`is_multiple_of` would need Rust 1.87; the workspace supports 1.80.)
        if rows.checked_rem(csv_out::EVERY) == Some(0) {
            (self.callback)(self.file, rows, total);
        }
    }

    fn done(&mut self, rows: u64) {
        (self.callback)(self.file, rows, rows);
    }
}

/// The files, in the order they are written (the import dependency order).
pub const FILES: [&str; 45] = [
    "units.csv",
    "persons.csv",
    "systems.csv",
    "hr_events.csv",
    "accounts.csv",
    "account_exceptions.csv",
    "scan_targets.csv",
    "vuln_plans.csv",
    // Operational evidence (issue 6, `ops.rs`); Cisco outputs go to `network/`.
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
    // Organisational evidence, part A (issue 5): `org_a::FILES`, in that order.
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
    // The central log's sources (issue 4, `tlog.rs`); the log itself goes to `central-log/`.
    "log_sources.csv",
];

/// The demo central log (issue 4), a directory beside the files.
pub const CENTRAL_LOG_DIR: &str = "central-log";

/// Generates the demo evidence into `opts.out_dir`.
///
/// `progress(file, rows_written, rows_total)` is called every ~10,000 rows
/// and once when each file is complete.
pub fn generate(opts: &DemoOptions, progress: &mut dyn FnMut(&str, u64, u64)) -> io::Result<DemoSummary> {
    std::fs::create_dir_all(&opts.out_dir)?;
    let (seed, today) = (opts.seed, opts.today);
    let sizes = Sizes::of(opts.scale);
    let mut rng = rng::Rng::derive(seed, 1, 0);
    let mut org = org::build_units(&sizes, &mut rng);
    let systems = org::build_systems(&mut org, &sizes, today, &mut rng);
    let people = people::build_people(&org, &systems, &sizes, today, seed);

    let mut p = Progress { file: "", callback: progress };
    let mut files = Vec::with_capacity(FILES.len());
    let path = |name: &str| opts.out_dir.join(name);
    let mut record = |p: &mut Progress<'_>, name: &'static str, rows: u64| {
        p.file = name;
        p.done(rows);
        files.push((name.to_string(), rows as usize));
    };

    let [units, persons, systems_csv, hr, accounts_csv, exceptions_csv, ..] = FILES;
    let log_sources_csv = FILES[FILES.len() - 1];
    p.file = units;
    let n = org::write_units(&path(units), &org, &mut p)?;
    record(&mut p, units, n);
    p.file = persons;
    let n = people::write_persons(&path(persons), &org, &people, &mut p)?;
    record(&mut p, persons, n);
    p.file = systems_csv;
    let n = org::write_systems(&path(systems_csv), &org, &systems, &mut p)?;
    record(&mut p, systems_csv, n);
    p.file = hr;
    let n = hr::write_hr_events(&path(hr), &org, &people, today, seed, &mut p)?;
    record(&mut p, hr, n);
    p.file = accounts_csv;
    let (n, exceptions) = accounts::write_accounts(&path(accounts_csv), &org, &systems, &people, today, seed, &mut p)?;
    record(&mut p, accounts_csv, n);
    p.file = exceptions_csv;
    let n = accounts::write_exceptions(&path(exceptions_csv), &org, &systems, &exceptions, today, seed, &mut p)?;
    record(&mut p, exceptions_csv, n);
    p.file = scan::SCANS_DIR;
    let (targets, plans, _reports) =
        scan::write_scan_evidence(&opts.out_dir, &systems, opts.scale, today, seed, &mut p)?;
    record(&mut p, "scan_targets.csv", targets);
    record(&mut p, "vuln_plans.csv", plans);
    ops::write_all(&opts.out_dir, &org, &systems, &people, today, seed, &mut p, &mut record)?;
    for (name, n) in vendors_ir::write_files(&opts.out_dir, &org, &systems, &people, today, seed, &mut p)? {
        record(&mut p, name, n);
    }
    for (name, n) in org_a::write(&opts.out_dir, &org, &systems, &people, today, seed, &mut p)? {
        record(&mut p, name, n);
    }
    p.file = log_sources_csv;
    let sources = tlog::build_sources(&systems, seed);
    let n = tlog::write_log_sources(&path(log_sources_csv), &sources, &mut p)?;
    record(&mut p, log_sources_csv, n);
    tlog::write_central_log(&path(CENTRAL_LOG_DIR), &sources, seed)?;
    Ok(DemoSummary { files })
}
