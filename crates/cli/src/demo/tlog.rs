//! Demo data of the central log (issue 4): `log_sources.csv` (deterministic)
//! and a small central log in `central-log/` for `check --log-dir`.
//!
//! Sources: most systems in operation send their logs; about one in twelve
//! of level 2+ has no source (LOG-CENTRAL fails). In the demo log, one source
//! fell silent two days ago (LOG-CENTRAL), one runs its clock two hours off
//! (LOG-TIME-SYNC), one application logs no account or client address
//! (LOG-APP-FIELDS), and no witness cosigned anything (LOG-INTEGRITY).
//! The log is built around the real current time (the rules compare with the
//! moment the facts are computed) and has a fresh random key: it is not
//! byte-for-byte reproducible, unlike the CSV files.

use std::io;
use std::path::Path;

use super::csv_out::CsvWriter;
use super::org::System;
use super::rng::Rng;
use super::Progress;

pub const LOG_SOURCES_HEADER: &[&str] = &["source_id", "system_id", "hosts", "apps", "kind"];

/// One demo log source.
pub struct DemoSource {
    pub id: String,
    pub host: String,
    pub address: String,
    pub app: Option<String>,
}

fn host_of(s: &System) -> String {
    s.id.to_ascii_lowercase().replace('_', "-")
}

/// The sources of the demo (deterministic from the seed).
pub fn build_sources(systems: &[System], seed: u64) -> Vec<DemoSource> {
    let mut out = Vec::new();
    for (i, s) in systems.iter().enumerate() {
        if !s.in_operation {
            continue;
        }
        let mut rng = Rng::derive(seed, 41, i as u64);
        if s.level.unwrap_or(0) >= 2 && rng.chance(0.08) {
            continue;
        }
        let app = if rng.chance(0.5) { Some(format!("app-{}", host_of(s))) } else { None };
        out.push(DemoSource {
            id: format!("LS-{}", s.id),
            host: format!("{}-01", host_of(s)),
            address: format!("10.{}.{}.{}", 10 + i / 60_000, (i / 250) % 250, 1 + i % 250),
            app,
        });
    }
    // At least one level-2+ system without a source, for the LOG-CENTRAL failure.
    if let Some(s) = systems.iter().find(|s| s.in_operation && s.level.unwrap_or(0) >= 2) {
        out.retain(|d| d.id != format!("LS-{}", s.id));
    }
    out
}

pub fn write_log_sources(path: &Path, sources: &[DemoSource], p: &mut Progress<'_>) -> io::Result<u64> {
    let mut w = CsvWriter::create(path, LOG_SOURCES_HEADER)?;
    let total = sources.len() as u64;
    for d in sources {
        let sys = d.id.trim_start_matches("LS-");
        w.field(&d.id)?;
        w.field(sys)?;
        w.fmt(format_args!("{};{}", d.host, d.address))?;
        w.field(d.app.as_deref().unwrap_or(""))?;
        w.field(if d.app.is_some() { "application" } else { "system" })?;
        w.end_row()?;
        p.tick(w.rows(), total);
    }
    w.finish()
}

/// Writes the demo central log into `dir` (replacing it).
pub fn write_central_log(dir: &Path, sources: &[DemoSource], seed: u64) -> io::Result<u64> {
    use tuanthu_tlog::entry::{Entry, Format, Transport};
    let err = |e: tuanthu_tlog::Error| io::Error::other(e.to_string());
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    tuanthu_tlog::store::init(dir, "demo.haiquan.gov.vn/central-log").map_err(err)?;
    let (mut w, _) = tuanthu_tlog::store::LogWriter::open(dir).map_err(err)?;
    let now = chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0);
    let minute = 60_000_000_000i64;
    let mut entries: Vec<(i64, Vec<u8>)> = Vec::new();
    for (k, d) in sources.iter().enumerate() {
        let mut rng = Rng::derive(seed, 42, k as u64);
        // Role of this source in the demo: 0 silent, 1 skewed clock, 2 poor app fields.
        let silent = k == 1;
        let skewed = k == 2;
        let poor = d.app.is_some() && (k == 3 || rng.chance(0.1));
        let base = if silent { now - 48 * 60 * minute } else { now - 20 * 60 * minute };
        for j in 0..20i64 {
            let t = base + j * 50 * minute + rng.range(0, 59) * 1_000_000_000;
            let mut e = Entry::new(t, Transport::Tcp, &format!("{}:514", d.address));
            e.format = Format::Rfc5424;
            e.severity = Some(if j % 7 == 0 { 3 } else { 6 });
            e.facility = Some(16);
            e.hostname = d.host.clone().into_bytes();
            e.timestamp_ns = Some(t - if skewed { 2 * 60 * minute } else { rng.range(0, 2) * 1_000_000_000 });
            match &d.app {
                Some(app) => {
                    e.app_name = app.clone().into_bytes();
                    if !poor {
                        e.account = format!("nv{:04}", rng.below(5000)).into_bytes();
                        e.client = format!("172.16.{}.{}", rng.below(250), 1 + rng.below(250)).into_bytes();
                    }
                    e.action = if j == 0 { b"admin_login".to_vec() } else { b"view_declaration".to_vec() };
                    e.message =
                        format!("{} tờ khai {}", String::from_utf8_lossy(&e.action), rng.below(1_000_000)).into_bytes();
                }
                None => {
                    e.app_name = b"sshd".to_vec();
                    e.message = format!("Accepted publickey for admin{} from 10.0.0.{} port 22 ssh2", j % 3, 1 + j)
                        .into_bytes();
                    e.account = format!("admin{}", j % 3).into_bytes();
                }
            }
            e.raw = format!("<131>1 - {} - - - {}", d.host, String::from_utf8_lossy(&e.message)).into_bytes();
            e.clip();
            entries.push((t, e.encode().map_err(err)?));
        }
    }
    entries.sort_by_key(|e| e.0);
    let batch: Vec<Vec<u8>> = entries.into_iter().map(|e| e.1).collect();
    let n = batch.len() as u64;
    for chunk in batch.chunks(50_000) {
        w.append_batch(chunk).map_err(err)?;
    }
    w.checkpoint().map_err(err)?;
    Ok(n)
}
