//! Retention: online window (searchable), archive window (bundles kept
//! gzip-compressed as `tile/entries/N.gz`, still provable), and an explicit,
//! logged prune of entry contents (hash tiles are kept, so the tree still
//! verifies).

use std::io::Read;
use std::path::Path;

use crate::{io_at, Error};

/// Reads an archived bundle `path` from `path.gz`.
pub fn read_archived(dir: &Path, path: &str) -> Result<Option<Vec<u8>>, Error> {
    let p = dir.join(format!("{path}.gz"));
    match std::fs::File::open(&p) {
        Ok(f) => {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(f).read_to_end(&mut out).map_err(|e| io_at(&p, e))?;
            Ok(Some(out))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io_at(&p, e)),
    }
}

/// The minimum index recorded by the last prune (0 if never pruned).
pub fn pruned_below(dir: &Path) -> Result<u64, Error> {
    let p = dir.join(crate::store::paths::PRUNE_LOG);
    let text = match std::fs::read_to_string(&p) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(io_at(&p, e)),
    };
    let mut below = 0;
    for line in text.lines() {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
            if let Some(b) = v.get("pruned_below").and_then(|b| b.as_u64()) {
                below = below.max(b);
            }
        }
    }
    Ok(below)
}

/// Now minus `months` calendar months, in ns since the epoch.
pub fn months_ago_ns(months: u32) -> i64 {
    let now = chrono::Utc::now();
    now.checked_sub_months(chrono::Months::new(months)).unwrap_or(now).timestamp_nanos_opt().unwrap_or(0)
}

/// What the retention logs record.
#[derive(Debug, Default, Clone)]
pub struct Records {
    /// Receive time (ns) of the newest entry whose contents were pruned.
    pub pruned_newest: Option<i64>,
    /// Receive time (ns) of the newest entry moved to the compressed archive.
    pub archived_newest: Option<i64>,
}

fn max_field(dir: &Path, file: &str, field: &str) -> Result<Option<i64>, Error> {
    let p = dir.join(file);
    let text = match std::fs::read_to_string(&p) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_at(&p, e)),
    };
    Ok(text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get(field).and_then(|x| x.as_i64()))
        .max())
}

pub fn records(dir: &Path) -> Result<Records, Error> {
    Ok(Records {
        pruned_newest: max_field(dir, crate::store::paths::PRUNE_LOG, "newest_received_ns")?,
        archived_newest: max_field(dir, ARCHIVE_LOG, "newest_received_ns")?,
    })
}

pub const ARCHIVE_LOG: &str = "archive.log";

#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Report {
    pub size: u64,
    pub archived_bundles: u64,
    pub archived_bytes_before: u64,
    pub archived_bytes_after: u64,
    pub pruned_bundles: u64,
    pub pruned_below: u64,
    /// Bundles old enough to prune but kept (no --prune given).
    pub prunable_bundles: u64,
}

fn append_line(dir: &Path, file: &str, v: &serde_json::Value) -> Result<(), Error> {
    use std::io::Write;
    let p = dir.join(file);
    let mut f = std::fs::OpenOptions::new().create(true).append(true).open(&p).map_err(|e| io_at(&p, e))?;
    f.write_all(format!("{v}\n").as_bytes()).and_then(|_| f.sync_data()).map_err(|e| io_at(&p, e))
}

/// Applies the retention windows (receive time): full bundles whose newest
/// entry is older than `online_months` are gzip-compressed (`N.gz`, still
/// served, searched no more, still verified); with `prune`, the contents of
/// bundles older than `archive_months` are deleted — hash tiles stay, so the
/// tree still verifies — and the prune is recorded in `prune.log` and as an
/// entry of the log itself (this needs the log not to be served meanwhile).
pub fn apply(dir: &Path, online_months: u32, archive_months: u32, prune: bool, by: &str) -> Result<Report, Error> {
    use crate::entry::{split_bundle, Entry};
    use crate::store::{self, DirSource, TileSource};
    use crate::tiles::{full_tiles, TileId, TILE_WIDTH};
    use std::io::Write;

    let cfg = store::load_config(dir)?;
    let v = crate::note::NoteVerifier::parse(&cfg.verifier_key)?;
    let text = std::fs::read_to_string(dir.join(store::paths::CHECKPOINT))
        .map_err(|e| io_at(&dir.join(store::paths::CHECKPOINT), e))?;
    let size = crate::checkpoint::open(&text, &v, &[])?.checkpoint.size;
    let online_cut = months_ago_ns(online_months);
    let archive_cut = months_ago_ns(archive_months.max(online_months));
    let src = DirSource { dir: dir.to_path_buf() };
    let mut rep = Report { size, ..Report::default() };
    let start = pruned_below(dir)? / TILE_WIDTH;
    let mut prunable: Vec<(u64, i64)> = Vec::new();
    let mut archived_newest: Option<i64> = None;
    let mut archived_range: Option<(u64, u64)> = None;
    for n in start..full_tiles(0, size) {
        let id = TileId::Entries { n, width: TILE_WIDTH };
        let Some(b) = src.get(&id.path())? else { continue };
        let es = split_bundle(&b).map_err(|o| Error::Damaged(format!("{} @{o}", id.path())))?;
        let newest = es.iter().filter_map(|e| Entry::decode(e).ok()).map(|e| e.received_ns).max().unwrap_or(i64::MAX);
        if newest >= online_cut {
            break;
        }
        if newest < archive_cut && prunable.len() as u64 == n - start {
            prunable.push((n, newest));
        }
        let plain = dir.join(id.path());
        if plain.exists() {
            let gz = dir.join(format!("{}.gz", id.path()));
            let tmp = dir.join(format!("{}.gz.tmp", id.path()));
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            enc.write_all(&b).map_err(|e| io_at(&gz, e))?;
            let z = enc.finish().map_err(|e| io_at(&gz, e))?;
            let mut f = std::fs::File::create(&tmp).map_err(|e| io_at(&tmp, e))?;
            f.write_all(&z).and_then(|_| f.sync_all()).map_err(|e| io_at(&tmp, e))?;
            std::fs::rename(&tmp, &gz).map_err(|e| io_at(&gz, e))?;
            std::fs::remove_file(&plain).map_err(|e| io_at(&plain, e))?;
            if let Some(parent) = gz.parent() {
                std::fs::File::open(parent).and_then(|d| d.sync_all()).map_err(|e| io_at(parent, e))?;
            }
            rep.archived_bundles += 1;
            rep.archived_bytes_before += b.len() as u64;
            rep.archived_bytes_after += z.len() as u64;
            archived_newest = Some(archived_newest.map_or(newest, |a| a.max(newest)));
            archived_range = Some(archived_range.map_or((n, n), |r| (r.0, n)));
        }
    }
    if let (Some(newest), Some((a, z))) = (archived_newest, archived_range) {
        append_line(
            dir,
            ARCHIVE_LOG,
            &serde_json::json!({
                "time": chrono::Utc::now().to_rfc3339(),
                "bundles": [a, z],
                "entries": [a * TILE_WIDTH, (z + 1) * TILE_WIDTH],
                "newest_received_ns": newest,
            }),
        )?;
    }
    rep.prunable_bundles = prunable.len() as u64;
    if prune && !prunable.is_empty() {
        if by.trim().is_empty() {
            return Err(Error::BadRequest(
                "--prune cần --by NGƯỜI_RA_LỆNH / --prune needs --by WHO (recorded in the log)".into(),
            ));
        }
        // The writer lock: the prune is also recorded as an entry of the log.
        let (mut w, _) = store::LogWriter::open(dir)?;
        let last = prunable.last().map(|p| p.0).unwrap_or(0);
        let below = (last + 1) * TILE_WIDTH;
        let newest = prunable.iter().map(|p| p.1).max().unwrap_or(0);
        let mut e = Entry::new(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as i64)
                .unwrap_or(0),
            crate::entry::Transport::Internal,
            "tuanthu",
        );
        e.format = crate::entry::Format::Json;
        e.app_name = b"tuanthu".to_vec();
        e.action = b"log_prune".to_vec();
        e.account = by.as_bytes().to_vec();
        e.severity = Some(5);
        e.message = format!(
            "Xoá nội dung bản ghi 0..{} (nhận trước {}), giữ hash / pruned the contents of entries 0..{} (received before {}), hashes kept",
            below - 1,
            chrono::DateTime::<chrono::Utc>::from_timestamp_nanos(archive_cut).to_rfc3339(),
            below - 1,
            chrono::DateTime::<chrono::Utc>::from_timestamp_nanos(archive_cut).to_rfc3339()
        )
        .into_bytes();
        e.clip();
        let index = w.append_batch(&[e.encode()?])?;
        let cp = w.checkpoint()?;
        append_line(
            dir,
            crate::store::paths::PRUNE_LOG,
            &serde_json::json!({
                "time": chrono::Utc::now().to_rfc3339(),
                "by": by,
                "pruned_below": below,
                "newest_received_ns": newest,
                "audit_entry": index,
                "checkpoint": cp,
            }),
        )?;
        for (n, _) in &prunable {
            let id = TileId::Entries { n: *n, width: TILE_WIDTH };
            for p in [dir.join(id.path()), dir.join(format!("{}.gz", id.path()))] {
                if p.exists() {
                    std::fs::remove_file(&p).map_err(|e| io_at(&p, e))?;
                }
            }
            rep.pruned_bundles += 1;
        }
        rep.pruned_below = below;
    }
    Ok(rep)
}
