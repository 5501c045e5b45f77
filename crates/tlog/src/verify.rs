//! Full verification: recomputes every leaf hash from the entry bundles,
//! every tile from the level below, the root, and checks the checkpoint
//! signature, witness cosignatures and consistency with trusted or earlier
//! checkpoints. Every problem names the entry index and the file.

use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;

use crate::checkpoint::{self, b64, SignedCheckpoint};
use crate::entry::{split_bundle, Entry};
use crate::merkle::{empty_root, leaf_hash, mth, Hash};
use crate::note::NoteVerifier;
use crate::store::{read_tile, tile_hashes, TileSource};
use crate::tiles::{full_tiles, levels_for, partial_width, tile_for, TileId, TreeState, TILE_WIDTH};
use crate::Error;

/// At most this many problems are listed (the count is always exact).
pub const MAX_LISTED: usize = 200;

#[derive(Clone, Debug, Default)]
pub struct Options {
    pub log_key: Option<NoteVerifier>,
    pub witness_keys: Vec<NoteVerifier>,
    /// Trusted earlier checkpoints (signed notes) the log must be consistent with.
    pub trusted: Vec<(String, String)>,
    /// Other checkpoints to check, e.g. the history (label, note text).
    pub history: Vec<(String, String)>,
    /// The latest checkpoint cosigned by witnesses (`checkpoint.witnessed`).
    pub witnessed: Option<String>,
    /// Entries below this index were pruned by an explicit, logged command:
    /// their bundles may be absent (their hashes are still checked).
    pub pruned_below: u64,
    /// Skip the canonical-encoding check of entries.
    pub skip_decode: bool,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    pub origin: String,
    pub size: u64,
    pub root: String,
    pub entries_checked: u64,
    pub cosigned_by: Vec<String>,
    /// Size of the latest witnessed checkpoint that verified (with its cosigners in `cosigned_by`).
    pub witnessed_size: Option<u64>,
    /// Newest cosignature timestamp (Unix seconds) on that checkpoint.
    pub witnessed_at: Option<u64>,
    pub checkpoints_checked: u64,
    pub problems: Vec<String>,
    pub problem_count: u64,
    pub notes: Vec<String>,
}

impl Report {
    fn problem(&mut self, p: String) {
        self.problem_count += 1;
        if self.problems.len() < MAX_LISTED {
            self.problems.push(p);
        }
    }
    pub fn ok(&self) -> bool {
        self.problem_count == 0
    }
}

struct BundleResult {
    leaves: Vec<Hash>,
    problems: Vec<String>,
    checked: u64,
}

/// Checks one bundle against its level-0 tile. Leaves come from the bundle
/// when readable, else from the stored tile (so the tree can still be checked).
fn check_bundle(src: &dyn TileSource, n: u64, width: u64, size: u64, opts: &Options) -> BundleResult {
    let bid = TileId::Entries { n, width };
    let tid = TileId::Hash { level: 0, n, width };
    let first = n * TILE_WIDTH;
    let mut problems = Vec::new();
    let stored = match read_tile(src, tid) {
        Ok(Some(b)) if b.len() == width as usize * 32 => Some(tile_hashes(&b)),
        Ok(Some(b)) => {
            problems.push(format!(
                "{}: {} byte, cần {} (tile bị cắt hoặc thêm) / {} bytes, expected {} (tile truncated or extended)",
                tid.path(),
                b.len(),
                width * 32,
                b.len(),
                width * 32
            ));
            None
        }
        Ok(None) => {
            problems.push(format!("thiếu / missing {} (bản ghi / entries {first}..{})", tid.path(), first + width - 1));
            None
        }
        Err(e) => {
            problems.push(format!("{}: {e}", tid.path()));
            None
        }
    };
    let bundle = match src.get(&bid.path()) {
        Ok(b) => b,
        Err(e) => {
            problems.push(format!("{}: {e}", bid.path()));
            None
        }
    };
    let mut checked = 0;
    let computed: Option<Vec<Hash>> = match bundle {
        None => {
            if first + width > opts.pruned_below {
                problems.push(format!(
                    "thiếu / missing {} (bản ghi / entries {first}..{} bị xoá? / removed?)",
                    bid.path(),
                    first + width - 1
                ));
            }
            None
        }
        Some(b) => match split_bundle(&b) {
            Err(off) => {
                // An altered length prefix makes the entries after it parse
                // as garbage for a while: the first entry whose hash differs
                // from the level-0 tile is the one altered.
                let parsed = split_bundle(&b[..off]).map(|v| v.len()).unwrap_or(0) as u64;
                let ok_count = stored.as_ref().map_or(parsed, |s| intact_prefix(&b, s).min(parsed));
                problems.push(format!(
                    "{}: hỏng ở byte {off}, sau {ok_count} bản ghi (bản ghi {} bị cắt/sửa) / malformed at byte {off} after {ok_count} entries (entry {} truncated or altered)",
                    bid.path(),
                    first + ok_count,
                    first + ok_count
                ));
                None
            }
            Ok(es) => {
                if es.len() as u64 != width {
                    problems.push(format!(
                        "{}: có {} bản ghi, cần {width} (bản ghi bị xoá hoặc thêm) / holds {} entries, expected {width} (entries removed or inserted)",
                        bid.path(),
                        es.len(),
                        es.len()
                    ));
                }
                let mut hs = Vec::with_capacity(es.len());
                for (k, e) in es.iter().enumerate() {
                    hs.push(leaf_hash(e));
                    if !opts.skip_decode {
                        if let Err(err) = Entry::decode(e) {
                            problems.push(format!(
                                "bản ghi / entry {} ({}, #{k}): {err}",
                                first + k as u64,
                                bid.path()
                            ));
                        }
                    }
                }
                checked = es.len() as u64;
                Some(hs)
            }
        },
    };
    // Which side of a disagreement between the bundle and its level-0 tile
    // was altered: the one the level-1 tile above does not vouch for.
    let mut blame = Blame::Undecided;
    if let (Some(c), Some(s)) = (&computed, &stored) {
        let mut bad = Vec::new();
        for k in 0..(width as usize) {
            if c.get(k) != s.get(k) {
                bad.push(first + k as u64);
            }
        }
        if !bad.is_empty() {
            blame = blame_by_level_1(src, n, width, size, c, s);
            let shown: Vec<String> = bad.iter().take(20).map(|i| i.to_string()).collect();
            let list = format!(
                "{}{}",
                shown.join(", "),
                if bad.len() > 20 { format!(" (+{} more)", bad.len() - 20) } else { String::new() }
            );
            problems.push(match blame {
                Blame::Tile => format!(
                    "{} (bản ghi / entries {list}): tile bị sửa — các bản ghi trong {} khớp với tile cấp 1 / the tile was altered: the entries of {} agree with the level-1 tile",
                    tid.path(),
                    bid.path(),
                    bid.path()
                ),
                Blame::Entries => format!(
                    "bản ghi / entries {list} ({}): bị sửa, xoá, chèn hoặc đổi thứ tự — {} vẫn khớp tile cấp 1 / altered, removed, inserted or reordered: {} still agrees with the level-1 tile",
                    bid.path(),
                    tid.path(),
                    tid.path()
                ),
                Blame::Undecided => format!(
                    "bản ghi / entries {list} ({}): hash không khớp / hash differs from {} (bị sửa, xoá, chèn hoặc đổi thứ tự / altered, removed, inserted or reordered)",
                    bid.path(),
                    tid.path()
                ),
            });
        }
    }
    let leaves = match (computed, stored) {
        // The tile is the authentic side: go on with it, so that the tiles
        // above, which agree with it, are not reported too.
        (_, Some(s)) if blame == Blame::Entries => s,
        (Some(c), _) if c.len() as u64 == width => c,
        (_, Some(s)) => s,
        (Some(mut c), None) => {
            c.resize(width as usize, [0; 32]);
            c
        }
        (None, None) => vec![[0; 32]; width as usize],
    };
    let _ = size;
    BundleResult { leaves, problems, checked }
}

/// Which side of a bundle / level-0 tile disagreement was altered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Blame {
    /// The level-1 tile agrees with the level-0 tile: the entries were altered.
    Entries,
    /// The level-1 tile agrees with the entries: the level-0 tile was altered.
    Tile,
    /// A partial bundle (no level-1 hash above it), or neither side agrees.
    Undecided,
}

/// Asks the level-1 tile which of `computed` (from the entries) and `stored`
/// (the level-0 tile) its hash for bundle `n` covers.
fn blame_by_level_1(src: &dyn TileSource, n: u64, width: u64, size: u64, computed: &[Hash], stored: &[Hash]) -> Blame {
    if width != TILE_WIDTH || computed.len() != stored.len() {
        return Blame::Undecided;
    }
    let Ok(Some(b)) = read_tile(src, tile_for(1, n, size)) else { return Blame::Undecided };
    let Some(above) = tile_hashes(&b).get((n % TILE_WIDTH) as usize).copied() else { return Blame::Undecided };
    match (mth(computed) == above, mth(stored) == above) {
        (false, true) => Blame::Entries,
        (true, false) => Blame::Tile,
        _ => Blame::Undecided,
    }
}

/// How many entries at the start of bundle `b` hash as the `stored` leaves say.
fn intact_prefix(b: &[u8], stored: &[Hash]) -> u64 {
    let mut pos = 0usize;
    let mut k = 0usize;
    while pos + 2 <= b.len() {
        let n = u16::from_be_bytes([b[pos], b[pos + 1]]) as usize;
        let end = pos + 2 + n;
        if end > b.len() || stored.get(k) != Some(&leaf_hash(&b[pos + 2..end])) {
            break;
        }
        pos = end;
        k += 1;
    }
    k as u64
}

/// Verifies the log served by `src`.
pub fn verify(src: &dyn TileSource, opts: &Options) -> Result<Report, Error> {
    let mut rep = Report::default();
    // A log without its checkpoint proves nothing: that is a finding about
    // the log (removed or never published), not a failure to verify.
    let Some(text) = src.get("checkpoint")?.map(|b| String::from_utf8_lossy(&b).into_owned()) else {
        rep.problem(
            "checkpoint: không có tệp checkpoint (bị xoá?) / the checkpoint is missing (deleted?): nothing in the log can be proven"
                .into(),
        );
        return Ok(rep);
    };
    let key = opts.log_key.clone().ok_or_else(|| Error::BadKey("thiếu khoá nhật ký / no log key".into()))?;
    let scp: SignedCheckpoint = match checkpoint::open(&text, &key, &opts.witness_keys) {
        Ok(c) => c,
        Err(e) => {
            rep.problem(format!("checkpoint: {e}"));
            return Ok(rep);
        }
    };
    let cp = scp.checkpoint.clone();
    rep.origin = cp.origin.clone();
    rep.size = cp.size;
    rep.root = b64(&cp.root);
    rep.cosigned_by = scp.cosigners.iter().map(|(k, ts)| format!("{} @{ts} (size {})", k.name, cp.size)).collect();
    if !scp.cosigners.is_empty() {
        rep.witnessed_size = Some(cp.size);
        rep.witnessed_at = scp.cosigners.iter().map(|c| c.1).max();
    }

    // Other checkpoints: (size, root, label).
    let mut targets: Vec<(u64, Hash, String)> = Vec::new();
    if let Some(t) = &opts.witnessed {
        match checkpoint::open(t, &key, &opts.witness_keys) {
            Err(e) => rep.problem(format!("checkpoint.witnessed: {e}")),
            Ok(o) => {
                if o.cosigners.is_empty() {
                    rep.notes.push(
                        "checkpoint.witnessed không có đồng ký của nhân chứng đã biết / has no cosignature by a known witness".into(),
                    );
                } else {
                    rep.witnessed_size = Some(o.checkpoint.size);
                    rep.witnessed_at = o.cosigners.iter().map(|c| c.1).max();
                    for (k, ts) in &o.cosigners {
                        let s = format!("{} @{ts} (size {})", k.name, o.checkpoint.size);
                        if !rep.cosigned_by.contains(&s) {
                            rep.cosigned_by.push(s);
                        }
                    }
                }
            }
        }
    }
    let witnessed = opts.witnessed.iter().map(|t| ("checkpoint.witnessed".to_string(), t.clone()));
    let all: Vec<(String, String)> = opts.trusted.iter().chain(opts.history.iter()).cloned().chain(witnessed).collect();
    for (label, t) in all.iter() {
        match checkpoint::open(t, &key, &opts.witness_keys) {
            Err(e) => rep.problem(format!("{label}: {e}")),
            Ok(o) => {
                if o.checkpoint.size > cp.size {
                    rep.problem(format!(
                        "{label}: checkpoint cỡ {} lớn hơn nhật ký hiện tại ({}) — nhật ký bị cắt ngắn hoặc rẽ nhánh / checkpoint of size {} is larger than the current log ({}): the log was truncated or forked",
                        o.checkpoint.size, cp.size, o.checkpoint.size, cp.size
                    ));
                } else {
                    targets.push((o.checkpoint.size, o.checkpoint.root, label.clone()));
                }
            }
        }
    }
    targets.sort_by_key(|t| t.0);
    rep.checkpoints_checked = targets.len() as u64;
    let mut next_target = 0usize;
    let check_targets = |st: &TreeState, next: &mut usize, rep: &mut Report| {
        while *next < targets.len() && targets[*next].0 == st.size() {
            let (sz, root, label) = &targets[*next];
            let got = if *sz == 0 { empty_root() } else { st.root() };
            if &got != root {
                rep.problem(format!(
                    "{label}: cây ở kích thước {sz} có root {} nhưng checkpoint đó ghi {} — lịch sử bị viết lại / the tree at size {sz} has root {} but that checkpoint says {}: history was rewritten",
                    b64(&got),
                    b64(root),
                    b64(&got),
                    b64(root)
                ));
            }
            *next += 1;
        }
    };

    let size = cp.size;
    let mut st = TreeState::new();
    check_targets(&st, &mut next_target, &mut rep);
    let nbundles = size.div_ceil(TILE_WIDTH);
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).clamp(1, 8) as u64;
    let round = 64 * threads;
    let mut upper_problems: Vec<String> = Vec::new();
    let mut b0 = 0u64;
    while b0 < nbundles {
        let b1 = (b0 + round).min(nbundles);
        let next = AtomicU64::new(b0);
        let mut results: Vec<(u64, BundleResult)> = std::thread::scope(|s| {
            let hs: Vec<_> = (0..threads)
                .map(|_| {
                    s.spawn(|| {
                        let mut out = Vec::new();
                        loop {
                            let n = next.fetch_add(1, Ordering::Relaxed);
                            if n >= b1 {
                                break;
                            }
                            let width = if n < full_tiles(0, size) { TILE_WIDTH } else { partial_width(0, size) };
                            out.push((n, check_bundle(src, n, width, size, opts)));
                        }
                        out
                    })
                })
                .collect();
            hs.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
        });
        results.sort_by_key(|r| r.0);
        for (_, r) in results {
            for p in r.problems {
                rep.problem(p);
            }
            rep.entries_checked += r.checked;
            for h in r.leaves {
                st.append(h, &mut |level, n, hashes| {
                    if level == 0 {
                        return;
                    }
                    let id = TileId::Hash { level, n, width: TILE_WIDTH };
                    compare_tile(src, id, hashes, &mut upper_problems);
                });
                check_targets(&st, &mut next_target, &mut rep);
            }
        }
        for p in upper_problems.drain(..) {
            rep.problem(p);
        }
        b0 = b1;
    }
    // Partial tiles of levels ≥ 1 at the checkpoint size.
    for level in 1..levels_for(size) {
        let w = partial_width(level, size);
        if w > 0 {
            let id = TileId::Hash { level, n: full_tiles(level, size), width: w };
            compare_tile(src, id, st.partial(level), &mut upper_problems);
        }
    }
    for p in upper_problems.drain(..) {
        rep.problem(p);
    }
    let root = st.root();
    if root != cp.root {
        rep.problem(format!(
            "root tính lại {} khác root trong checkpoint {} / recomputed root {} differs from the checkpoint's {}",
            b64(&root),
            b64(&cp.root),
            b64(&root),
            b64(&cp.root)
        ));
    }
    if opts.pruned_below > 0 {
        rep.notes.push(format!(
            "nội dung bản ghi dưới {} đã được xoá theo lệnh prune (hash vẫn được kiểm tra) / contents of entries below {} were pruned (hashes still checked)",
            opts.pruned_below, opts.pruned_below
        ));
    }
    Ok(rep)
}

fn compare_tile(src: &dyn TileSource, id: TileId, computed: &[Hash], problems: &mut Vec<String>) {
    let (level, n) = match id {
        TileId::Hash { level, n, .. } => (level, n),
        TileId::Entries { n, .. } => (0, n),
    };
    let span = crate::tiles::span(level);
    match read_tile(src, id) {
        Ok(Some(b)) => {
            let stored = tile_hashes(&b);
            if b.len() != computed.len() * 32 {
                problems.push(format!(
                    "{}: {} byte, cần {} / {} bytes, expected {}",
                    id.path(),
                    b.len(),
                    computed.len() * 32,
                    b.len(),
                    computed.len() * 32
                ));
                return;
            }
            for (k, (a, c)) in stored.iter().zip(computed).enumerate() {
                if a != c {
                    let lo = (n * TILE_WIDTH + k as u64) * span;
                    problems.push(format!(
                        "{} hash #{k} (bản ghi / entries {lo}..{}) khác giá trị tính lại / differs from the recomputed value",
                        id.path(),
                        lo + span - 1
                    ));
                }
            }
        }
        Ok(None) => problems.push(format!("thiếu / missing {}", id.path())),
        Err(e) => problems.push(format!("{}: {e}", id.path())),
    }
}

/// Options for verifying a log directory: the log key (given, else the one
/// in log.json), the configured witness keys plus `extra_witnesses`, the
/// checkpoint history, the witnessed checkpoint and the prune point.
pub fn dir_options(
    dir: &std::path::Path,
    key: Option<NoteVerifier>,
    extra_witnesses: &[NoteVerifier],
) -> Result<Options, Error> {
    use crate::store::{self, paths};
    let cfg = store::load_config(dir)?;
    let mut opts = Options {
        log_key: Some(match key {
            Some(k) => k,
            None => NoteVerifier::parse(&cfg.verifier_key)?,
        }),
        witness_keys: extra_witnesses.to_vec(),
        ..Options::default()
    };
    for w in &cfg.witnesses {
        let k = NoteVerifier::parse(&w.key)?;
        if !opts.witness_keys.contains(&k) {
            opts.witness_keys.push(k);
        }
    }
    for (i, h) in store::read_history(dir)?.into_iter().enumerate() {
        match h {
            Ok(l) => opts.history.push((format!("{} #{} ({})", paths::HISTORY, i + 1, l.time), l.checkpoint)),
            Err(e) => opts.history.push((format!("{} #{}", paths::HISTORY, i + 1), e)),
        }
    }
    opts.witnessed = std::fs::read_to_string(dir.join(paths::WITNESSED)).ok();
    opts.pruned_below = crate::retention::pruned_below(dir)?;
    Ok(opts)
}
