//! Log facts: the summary of a log directory the LOG-* rules read (the JSON
//! shape of `tuanthu_core::evidence::LogFacts`, documented in docs/tlog.md).
//!
//! Computed by: a full verification (checkpoint, tiles, entries, history,
//! witness cosignatures), the retention records (archive.log, prune.log),
//! and a scan of the entries received in the last `scan_hours` (at most
//! [`MAX_SCAN`] entries, newest first) for per-host figures.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde_json::json;

use crate::entry::{split_bundle, Entry};
use crate::note::NoteVerifier;
use crate::store::{DirSource, TileSource};
use crate::tiles::{full_tiles, partial_width, TileId, TILE_WIDTH};
use crate::Error;

/// Most entries scanned for per-host figures.
pub const MAX_SCAN: u64 = 2_000_000;
/// Skew samples kept per host.
const MAX_SKEW_SAMPLES: usize = 20_000;

fn iso(ns: i64) -> String {
    DateTime::<Utc>::from_timestamp_nanos(ns).to_rfc3339()
}

#[derive(Default)]
struct App {
    sampled: u64,
    with_time: u64,
    with_address: u64,
    with_account: u64,
    with_action: u64,
    errors: u64,
    admin_logins: u64,
}

#[derive(Default)]
struct Host {
    addresses: std::collections::BTreeSet<String>,
    last: Option<i64>,
    entries_24h: u64,
    timestamped: u64,
    skews: Vec<f64>,
    apps: BTreeMap<String, App>,
}

/// The IP of a source field (`ip:port`, `[v6]:port`, `ip:port token`).
fn source_ip(source: &[u8]) -> String {
    let s = String::from_utf8_lossy(source);
    let first = s.split(' ').next().unwrap_or_default();
    match first.parse::<std::net::SocketAddr>() {
        Ok(a) => a.ip().to_string(),
        Err(_) => first.to_string(),
    }
}

fn is_admin_login(e: &Entry) -> bool {
    let a = String::from_utf8_lossy(&e.action).to_lowercase();
    let m = String::from_utf8_lossy(&e.message).to_lowercase();
    let admin = a.contains("admin") || m.contains("admin") || m.contains("quản trị") || m.contains("root");
    let login = a.contains("login")
        || a.contains("logon")
        || m.contains("login")
        || m.contains("đăng nhập")
        || m.contains("accepted");
    admin && login
}

fn bundle(src: &DirSource, n: u64, size: u64) -> Result<Option<Vec<u8>>, Error> {
    let width = if n < full_tiles(0, size) { TILE_WIDTH } else { partial_width(0, size) };
    if let Some(b) = src.get(&TileId::Entries { n, width }.path())? {
        return Ok(Some(b));
    }
    src.get(&TileId::Entries { n, width: TILE_WIDTH }.path())
}

/// Computes the facts of the log in `dir` at `now`.
pub fn compute(
    dir: &Path,
    key: Option<NoteVerifier>,
    witness_keys: &[NoteVerifier],
    scan_hours: u32,
    now: DateTime<Utc>,
) -> Result<serde_json::Value, Error> {
    let opts = crate::verify::dir_options(dir, key, witness_keys)?;
    let src = DirSource { dir: dir.to_path_buf() };
    let rep = crate::verify::verify(&src, &opts)?;
    let size = rep.size;
    let now_ns = now.timestamp_nanos_opt().unwrap_or(i64::MAX);
    let since = now_ns - i64::from(scan_hours) * 3_600_000_000_000;
    let day = now_ns - 86_400_000_000_000;

    // Per-host figures, newest bundles first.
    let mut hosts: BTreeMap<String, Host> = BTreeMap::new();
    let mut scanned = 0u64;
    let nb = size.div_ceil(TILE_WIDTH);
    let floor = opts.pruned_below / TILE_WIDTH;
    let mut n = nb;
    'scan: while n > floor {
        n -= 1;
        let Some(b) = bundle(&src, n, size)? else { continue };
        let Ok(es) = split_bundle(&b) else { continue };
        let mut any_recent = false;
        for raw in es.iter().rev() {
            let Ok(e) = Entry::decode(raw) else { continue };
            if e.received_ns < since - 60_000_000_000 {
                continue;
            }
            any_recent = true;
            if e.received_ns < since || e.received_ns > now_ns {
                continue;
            }
            scanned += 1;
            let ip = source_ip(&e.source);
            let name =
                if e.hostname.is_empty() { ip.clone() } else { String::from_utf8_lossy(&e.hostname).to_lowercase() };
            let h = hosts.entry(name).or_default();
            h.addresses.insert(ip);
            h.last = Some(h.last.map_or(e.received_ns, |l| l.max(e.received_ns)));
            if e.received_ns >= day {
                h.entries_24h += 1;
            }
            if let Some(ts) = e.timestamp_ns {
                h.timestamped += 1;
                if h.skews.len() < MAX_SKEW_SAMPLES {
                    h.skews.push(((ts as f64) - (e.received_ns as f64)).abs() / 1e9);
                }
            }
            if !e.app_name.is_empty() {
                let a = h.apps.entry(String::from_utf8_lossy(&e.app_name).into_owned()).or_default();
                a.sampled += 1;
                a.with_time += u64::from(e.timestamp_ns.is_some());
                a.with_address += u64::from(!e.client.is_empty());
                a.with_account += u64::from(!e.account.is_empty());
                a.with_action += u64::from(!e.action.is_empty());
                a.errors += u64::from(e.severity.is_some_and(|s| s <= 3));
                a.admin_logins += u64::from(is_admin_login(&e));
            }
            if scanned >= MAX_SCAN {
                break 'scan;
            }
        }
        if !any_recent {
            break;
        }
    }
    let hosts_json: Vec<serde_json::Value> = hosts
        .into_iter()
        .map(|(name, mut h)| {
            h.skews.sort_by(|a, b| a.total_cmp(b));
            let p95 = if h.skews.is_empty() {
                None
            } else {
                Some(h.skews[((h.skews.len() - 1) as f64 * 0.95).round() as usize])
            };
            json!({
                "host": name,
                "addresses": h.addresses.into_iter().collect::<Vec<_>>(),
                "last_received": h.last.map(iso),
                "entries_24h": h.entries_24h,
                "timestamped": h.timestamped,
                "skew_p95_secs": p95,
                "apps": h.apps.into_iter().map(|(app, a)| json!({
                    "app": app, "sampled": a.sampled, "with_time": a.with_time, "with_address": a.with_address,
                    "with_account": a.with_account, "with_action": a.with_action, "errors": a.errors,
                    "admin_logins": a.admin_logins,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();

    // Oldest entry still stored.
    let mut oldest = None;
    for n in floor..nb {
        if let Some(b) = bundle(&src, n, size)? {
            if let Some(e) = split_bundle(&b).ok().and_then(|es| es.first().and_then(|e| Entry::decode(e).ok())) {
                oldest = Some(e.received_ns);
                break;
            }
        }
    }
    let ret = crate::retention::records(dir)?;
    Ok(json!({
        "origin": rep.origin,
        "computed_at": now.to_rfc3339(),
        "size": size,
        "verified": rep.ok(),
        "problems": rep.problems,
        "witnessed_size": rep.witnessed_size,
        "witnessed_at": rep.witnessed_at.and_then(|t| DateTime::<Utc>::from_timestamp(t as i64, 0)).map(|t| t.to_rfc3339()),
        "cosigners": rep.cosigned_by,
        "pruned_below": opts.pruned_below,
        "pruned_newest_received": ret.pruned_newest.map(iso),
        "archived_newest_received": ret.archived_newest.map(iso),
        "oldest_received": oldest.map(iso),
        "scan_hours": scan_hours,
        "scanned_entries": scanned,
        "hosts": hosts_json,
    }))
}
