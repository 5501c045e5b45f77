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
