//! Search over the online window: time range (receive time), host, app,
//! severity, account, free text. Bundles are located by binary search on
//! the receive time of their first entry, then scanned.

use crate::entry::{split_bundle, Entry};
use crate::store::TileSource;
use crate::tiles::{full_tiles, partial_width, TileId, TILE_WIDTH};
use crate::Error;

/// Receive times are stamped before sequencing: allow this much disorder.
const SKEW_NS: i64 = 30_000_000_000;

#[derive(Clone, Debug, Default)]
pub struct Query {
    pub from_ns: Option<i64>,
    pub to_ns: Option<i64>,
    pub host: Option<String>,
    pub app: Option<String>,
    /// Entries with severity ≤ this (0 = emergency … 7 = debug).
    pub severity: Option<u8>,
    pub account: Option<String>,
    /// Case-insensitive substring of the message (or raw bytes).
    pub q: Option<String>,
    pub after: Option<u64>,
    pub limit: usize,
    /// Entries received before this are outside the online window.
    pub online_from_ns: Option<i64>,
}

pub fn parse_time(s: &str) -> Result<i64, Error> {
    let bad = || Error::BadRequest(format!("thời gian sai / bad time {s:?} (RFC 3339 or YYYY-MM-DD)"));
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return t.timestamp_nanos_opt().ok_or_else(bad);
    }
    let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| bad())?;
    // A bare date is a Vietnamese civil date (UTC+7).
    let t = d.and_hms_opt(0, 0, 0).ok_or_else(bad)?;
    (t - chrono::Duration::hours(7)).and_utc().timestamp_nanos_opt().ok_or_else(bad)
}

/// The exclusive end of a search: an instant as given, a bare date as the
/// end of that (Vietnamese) day — `from` and `to` the same date select it.
pub fn parse_end(s: &str) -> Result<i64, Error> {
    let t = parse_time(s)?;
    if chrono::DateTime::parse_from_rfc3339(s).is_ok() {
        return Ok(t);
    }
    Ok(t.saturating_add(24 * 3600 * 1_000_000_000))
}

impl Query {
    pub fn from_params(params: &[(String, String)]) -> Result<Query, Error> {
        let mut q = Query { limit: 100, ..Query::default() };
        for (k, v) in params {
            if v.is_empty() {
                continue;
            }
            match k.as_str() {
                "from" => q.from_ns = Some(parse_time(v)?),
                "to" => q.to_ns = Some(parse_end(v)?),
                "host" => q.host = Some(v.clone()),
                "app" => q.app = Some(v.clone()),
                "severity" => {
                    q.severity = Some(
                        v.parse::<u8>()
                            .ok()
                            .filter(|s| *s <= 7)
                            .ok_or_else(|| Error::BadRequest("severity 0-7".into()))?,
                    )
                }
                "account" => q.account = Some(v.clone()),
                "q" => q.q = Some(v.to_lowercase()),
                "after" => q.after = Some(v.parse().map_err(|_| Error::BadRequest("after=INDEX".into()))?),
                "limit" => q.limit = v.parse::<usize>().map_err(|_| Error::BadRequest("limit".into()))?.clamp(1, 1000),
                _ => {}
            }
        }
        Ok(q)
    }

    pub fn matches(&self, e: &Entry) -> bool {
        let eq = |f: &[u8], want: &Option<String>| match want {
            None => true,
            Some(w) => String::from_utf8_lossy(f).eq_ignore_ascii_case(w),
        };
        if self.from_ns.is_some_and(|t| e.received_ns < t) || self.to_ns.is_some_and(|t| e.received_ns >= t) {
            return false;
        }
        if self.online_from_ns.is_some_and(|t| e.received_ns < t) {
            return false;
        }
        if let Some(s) = self.severity {
            if e.severity.is_none_or(|x| x > s) {
                return false;
            }
        }
        if !eq(&e.hostname, &self.host) || !eq(&e.app_name, &self.app) || !eq(&e.account, &self.account) {
            return false;
        }
        if let Some(q) = &self.q {
            let m = String::from_utf8_lossy(&e.message).to_lowercase();
            if !m.contains(q.as_str()) && !String::from_utf8_lossy(&e.raw).to_lowercase().contains(q.as_str()) {
                return false;
            }
        }
        true
    }
}

pub struct SearchResult {
    /// (index, entry, encoded entry)
    pub hits: Vec<(u64, Entry, Vec<u8>)>,
    pub window_start: u64,
    /// Pass as `after` to get the next page.
    pub next_after: Option<u64>,
}

fn bundle_id(n: u64, size: u64) -> TileId {
    let width = if n < full_tiles(0, size) { TILE_WIDTH } else { partial_width(0, size) };
    TileId::Entries { n, width }
}

/// Reads bundle `n` of a tree of `size`; None if absent (archived or pruned
/// bundles are outside the online window and are not searched).
fn read_bundle(src: &dyn TileSource, n: u64, size: u64) -> Result<Option<Vec<u8>>, Error> {
    let id = bundle_id(n, size);
    if let Some(b) = src.get(&id.path())? {
        return Ok(Some(b));
    }
    if let TileId::Entries { width, .. } = id {
        if width < TILE_WIDTH {
            if let Some(b) = src.get(&TileId::Entries { n, width: TILE_WIDTH }.path())? {
                return Ok(Some(b));
            }
        }
    }
    Ok(None)
}

fn first_received(src: &dyn TileSource, n: u64, size: u64) -> Result<Option<i64>, Error> {
    let Some(b) = read_bundle(src, n, size)? else { return Ok(None) };
    let es = split_bundle(&b).map_err(|off| Error::Damaged(format!("{} @{off}", bundle_id(n, size).path())))?;
    Ok(es.first().and_then(|e| Entry::decode(e).ok()).map(|e| e.received_ns))
}

/// First bundle whose first entry was received at or after `t` (absent
/// bundles count as older).
fn bundle_at(src: &dyn TileSource, size: u64, t: i64) -> Result<u64, Error> {
    let (mut lo, mut hi) = (0u64, size.div_ceil(TILE_WIDTH));
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match first_received(src, mid, size)? {
            Some(r) if r >= t => hi = mid,
            _ => lo = mid + 1,
        }
    }
    Ok(lo)
}

pub fn search(src: &dyn TileSource, size: u64, q: &Query) -> Result<SearchResult, Error> {
    let nb = size.div_ceil(TILE_WIDTH);
    let mut start_b = 0;
    let mut window_start = 0;
    if let Some(t) = q.online_from_ns {
        let b = bundle_at(src, size, t - SKEW_NS)?.saturating_sub(1);
        start_b = b;
        window_start = b * TILE_WIDTH;
    }
    if let Some(t) = q.from_ns {
        start_b = start_b.max(bundle_at(src, size, t - SKEW_NS)?.saturating_sub(1));
    }
    if let Some(a) = q.after {
        start_b = start_b.max((a + 1) / TILE_WIDTH);
    }
    let limit = if q.limit == 0 { 100 } else { q.limit };
    let mut hits = Vec::new();
    let mut next_after = None;
    'outer: for n in start_b..nb {
        let Some(b) = read_bundle(src, n, size)? else { continue };
        let es = split_bundle(&b).map_err(|off| Error::Damaged(format!("{} @{off}", bundle_id(n, size).path())))?;
        let width = match bundle_id(n, size) {
            TileId::Entries { width, .. } | TileId::Hash { width, .. } => width as usize,
        };
        let mut all_late = true;
        for (k, raw) in es.iter().take(width).enumerate() {
            let index = n * TILE_WIDTH + k as u64;
            if q.after.is_some_and(|a| index <= a) {
                continue;
            }
            let Ok(e) = Entry::decode(raw) else { continue };
            if q.to_ns.is_none_or(|t| e.received_ns < t + SKEW_NS) {
                all_late = false;
            }
            if q.matches(&e) {
                if hits.len() == limit {
                    next_after = hits.last().map(|h: &(u64, Entry, Vec<u8>)| h.0);
                    break 'outer;
                }
                hits.push((index, e, raw.to_vec()));
            }
        }
        if all_late && !es.is_empty() {
            break;
        }
    }
    Ok(SearchResult { hits, window_start, next_after })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_date_as_the_end_of_a_search_includes_that_whole_day() {
        let p = |pairs: &[(&str, &str)]| {
            Query::from_params(&pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>()).unwrap()
        };
        let q = p(&[("from", "2026-12-07"), ("to", "2026-12-07")]);
        let day = 24 * 3600 * 1_000_000_000_i64;
        assert_eq!(q.to_ns.unwrap() - q.from_ns.unwrap(), day);
        // 2026-12-07 00:00 in Vietnam is 2026-12-06T17:00Z.
        assert_eq!(q.from_ns, Some(parse_time("2026-12-06T17:00:00Z").unwrap()));
        let q = p(&[("to", "2026-12-07T10:00:00+07:00")]);
        assert_eq!(q.to_ns, Some(parse_time("2026-12-07T03:00:00Z").unwrap()));
    }
}
