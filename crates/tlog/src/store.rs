//! The log's data directory: C2SP tiles and bundles, the signed checkpoint,
//! keys and configuration; group commit and crash recovery.
//!
//! Durability protocol (see docs/tlog.md):
//! 1. a batch's new files (full bundles and tiles, then the partial bundle
//!    and partial tiles of the new size) are written in order, then all of
//!    them and their directories are fsynced;
//! 2. only then is the checkpoint for the new size signed and atomically
//!    replaced (write `checkpoint.tmp`, fsync, rename, fsync the directory),
//!    and the batch acknowledged.
//!
//! Recovery (on every open for writing) starts from the signed checkpoint
//! (size C), rebuilds the right edge of the tree from the partial tiles of
//! levels ≥ 1 at C, replays the entry bundles from the last full bundle
//! boundary before C as far as they are complete, checks that the tree at
//! size C has the checkpoint's root, deletes anything written beyond the
//! recovered size, rewrites the tiles of the recovered range and signs a
//! checkpoint for it.

use std::collections::BTreeSet;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::checkpoint::{self, Checkpoint};
use crate::entry::split_bundle;
use crate::merkle::{leaf_hash, Hash, NodeSource};
use crate::note::{NoteSigner, NoteVerifier, ALG_ED25519};
use crate::tiles::{full_tiles, levels_for, partial_width, span, TileId, TreeState, TILE_WIDTH};
use crate::{io_at, Error};

pub const FORMAT: &str = "tuanthu-tlog/1";
/// Largest number of entries committed in one batch.
pub const MAX_BATCH: usize = 65_536;

/// `log.json`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Config {
    pub format: String,
    pub origin: String,
    pub verifier_key: String,
    /// Witnesses asked for cosignatures (`serve --witness` adds to these).
    #[serde(default)]
    pub witnesses: Vec<WitnessConfig>,
    /// Minimum seconds between checkpoints kept in `checkpoints.log`.
    #[serde(default = "default_history_interval")]
    pub history_interval_secs: u64,
}

fn default_history_interval() -> u64 {
    60
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct WitnessConfig {
    pub url: String,
    /// The witness's cosigner key (`name+id+base64`, type 0x04).
    pub key: String,
}

/// Paths inside a log directory.
pub mod paths {
    pub const CONFIG: &str = "log.json";
    pub const KEY: &str = "log.key";
    pub const VKEY: &str = "log.vkey";
    pub const CHECKPOINT: &str = "checkpoint";
    pub const WITNESSED: &str = "checkpoint.witnessed";
    pub const HISTORY: &str = "checkpoints.log";
    pub const TOKENS: &str = "tokens.json";
    pub const LOCK: &str = "lock";
    pub const PRUNE_LOG: &str = "prune.log";
}

/// Creates a new log in `dir` (which must be absent or empty). Returns the
/// verifier key.
pub fn init(dir: &Path, origin: &str) -> Result<String, Error> {
    if !crate::note::valid_name(origin) {
        return Err(Error::BadRequest(format!(
            "origin {origin:?} không hợp lệ (không dấu cách, không '+') / invalid origin (no spaces, no '+')"
        )));
    }
    if dir.exists() && fs::read_dir(dir).map_err(|e| io_at(dir, e))?.next().is_some() {
        return Err(Error::BadRequest(format!(
            "thư mục {} không rỗng / directory {} is not empty",
            dir.display(),
            dir.display()
        )));
    }
    fs::create_dir_all(dir).map_err(|e| io_at(dir, e))?;
    let signer = NoteSigner::generate(origin, ALG_ED25519)?;
    let vkey = signer.verifier().to_vkey();
    write_private(&dir.join(paths::KEY), signer.private_string().as_bytes())?;
    write_durable(&dir.join(paths::VKEY), format!("{vkey}\n").as_bytes())?;
    let cfg = Config {
        format: FORMAT.into(),
        origin: origin.into(),
        verifier_key: vkey.clone(),
        witnesses: Vec::new(),
        history_interval_secs: default_history_interval(),
    };
    save_config(dir, &cfg)?;
    let cp = Checkpoint { origin: origin.into(), size: 0, root: crate::merkle::empty_root(), extensions: vec![] };
    let text = signer.sign_note(&cp.body());
    write_atomic(dir, paths::CHECKPOINT, text.as_bytes())?;
    append_history(dir, &text)?;
    Ok(vkey)
}

pub fn load_config(dir: &Path) -> Result<Config, Error> {
    let p = dir.join(paths::CONFIG);
    let text = fs::read_to_string(&p).map_err(|e| io_at(&p, e))?;
    let cfg: Config = serde_json::from_str(&text)
        .map_err(|e| Error::Damaged(format!("{} không đọc được / unreadable: {e}", p.display())))?;
    if cfg.format != FORMAT {
        return Err(Error::Damaged(format!("{}: định dạng / format {:?} ≠ {FORMAT}", p.display(), cfg.format)));
    }
    Ok(cfg)
}

pub fn save_config(dir: &Path, cfg: &Config) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(cfg).map_err(|e| Error::Other(e.to_string()))?;
    write_atomic(dir, paths::CONFIG, format!("{text}\n").as_bytes())
}

fn write_private(path: &Path, data: &[u8]) -> Result<(), Error> {
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    let mut f = o.open(path).map_err(|e| io_at(path, e))?;
    f.write_all(data).and_then(|_| f.write_all(b"\n")).and_then(|_| f.sync_all()).map_err(|e| io_at(path, e))
}

fn write_durable(path: &Path, data: &[u8]) -> Result<(), Error> {
    let mut f = File::create(path).map_err(|e| io_at(path, e))?;
    f.write_all(data).and_then(|_| f.sync_all()).map_err(|e| io_at(path, e))
}

/// Writes `dir/name` atomically and durably (tmp, fsync, rename, fsync dir).
pub fn write_atomic(dir: &Path, name: &str, data: &[u8]) -> Result<(), Error> {
    let tmp = dir.join(format!("{name}.tmp"));
    write_durable(&tmp, data)?;
    let dst = dir.join(name);
    fs::rename(&tmp, &dst).map_err(|e| io_at(&dst, e))?;
    sync_dir(dir)
}

fn sync_dir(dir: &Path) -> Result<(), Error> {
    File::open(dir).and_then(|f| f.sync_all()).map_err(|e| io_at(dir, e))
}

/// One line of `checkpoints.log`.
#[derive(Serialize, Deserialize)]
pub struct HistoryLine {
    pub time: String,
    pub checkpoint: String,
}

pub fn append_history(dir: &Path, note: &str) -> Result<(), Error> {
    let p = dir.join(paths::HISTORY);
    let line = HistoryLine { time: chrono::Utc::now().to_rfc3339(), checkpoint: note.to_string() };
    let mut text = serde_json::to_string(&line).map_err(|e| Error::Other(e.to_string()))?;
    text.push('\n');
    let mut f = OpenOptions::new().create(true).append(true).open(&p).map_err(|e| io_at(&p, e))?;
    f.write_all(text.as_bytes()).and_then(|_| f.sync_data()).map_err(|e| io_at(&p, e))
}

/// Reads `checkpoints.log` (unparseable lines are reported as errors).
pub fn read_history(dir: &Path) -> Result<Vec<Result<HistoryLine, String>>, Error> {
    let p = dir.join(paths::HISTORY);
    let text = match fs::read_to_string(&p) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_at(&p, e)),
    };
    Ok(text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("{}:{}: {e}", p.display(), i + 1)))
        .collect())
}

/// Where tiles, bundles and the checkpoint are read from: a directory or
/// an HTTP server.
pub trait TileSource: Sync {
    /// Reads `path` (e.g. `checkpoint`, `tile/0/000`); `Ok(None)` if absent.
    fn get(&self, path: &str) -> Result<Option<Vec<u8>>, Error>;
}

/// A log directory read as static files. Archived bundles (`N.gz`) are
/// decompressed transparently.
pub struct DirSource {
    pub dir: PathBuf,
}

impl TileSource for DirSource {
    fn get(&self, path: &str) -> Result<Option<Vec<u8>>, Error> {
        let p = self.dir.join(path);
        match fs::read(&p) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if path.starts_with("tile/entries/") && !path.contains(".p/") {
                    return crate::retention::read_archived(&self.dir, path);
                }
                Ok(None)
            }
            Err(e) => Err(io_at(&p, e)),
        }
    }
}

/// Reads hash tile `id`; a missing partial tile falls back to the prefix of
/// the full tile (which may have replaced it).
pub fn read_tile(src: &dyn TileSource, id: TileId) -> Result<Option<Vec<u8>>, Error> {
    if let Some(b) = src.get(&id.path())? {
        return Ok(Some(b));
    }
    if let TileId::Hash { level, n, width } = id {
        if width < TILE_WIDTH {
            if let Some(mut b) = src.get(&TileId::Hash { level, n, width: TILE_WIDTH }.path())? {
                if b.len() == TILE_WIDTH as usize * 32 {
                    b.truncate(width as usize * 32);
                    return Ok(Some(b));
                }
            }
        }
    }
    Ok(None)
}

pub fn tile_hashes(b: &[u8]) -> Vec<Hash> {
    b.chunks_exact(32).map(|c| c.try_into().unwrap_or([0; 32])).collect()
}

/// A tile with all its internal nodes: `levels[r]` holds the hashes of the
/// complete subtrees of 2^r tile entries (levels[0] = the tile itself).
pub struct TileNodes {
    levels: Vec<Vec<Hash>>,
}

impl TileNodes {
    fn new(hashes: Vec<Hash>) -> Self {
        let mut levels = vec![hashes];
        for _ in 0..8 {
            let below = &levels[levels.len() - 1];
            let up: Vec<Hash> = below.chunks_exact(2).map(|p| crate::merkle::node_hash(&p[0], &p[1])).collect();
            levels.push(up);
        }
        TileNodes { levels }
    }
}

/// Tiles (with their internal nodes) shared between readers: tile paths name
/// immutable contents (a partial tile's path includes its width).
#[derive(Default)]
pub struct TileCache {
    map: std::sync::Mutex<std::collections::HashMap<TileId, std::sync::Arc<TileNodes>>>,
    capacity: usize,
}

impl TileCache {
    pub fn new(capacity: usize) -> std::sync::Arc<Self> {
        std::sync::Arc::new(TileCache { map: std::sync::Mutex::new(std::collections::HashMap::new()), capacity })
    }

    fn get(&self, id: &TileId) -> Option<std::sync::Arc<TileNodes>> {
        self.map.lock().ok()?.get(id).cloned()
    }

    fn put(&self, id: TileId, t: std::sync::Arc<TileNodes>) {
        if let Ok(mut m) = self.map.lock() {
            if m.len() >= self.capacity.max(1) {
                // Keep the upper levels (few, hot); drop level-0 tiles.
                m.retain(|k, _| matches!(k, TileId::Hash { level, .. } if *level > 0));
                if m.len() >= self.capacity.max(1) {
                    m.clear();
                }
            }
            m.insert(id, t);
        }
    }
}

/// Subtree hashes of a tree of `size` leaves, read from tiles (through a
/// cache of tiles and their internal nodes).
pub struct TiledTree<'a> {
    pub src: &'a dyn TileSource,
    pub size: u64,
    cache: std::sync::Arc<TileCache>,
}

impl<'a> TiledTree<'a> {
    pub fn new(src: &'a dyn TileSource, size: u64) -> Self {
        TiledTree { src, size, cache: TileCache::new(64) }
    }

    /// A reader sharing `cache` with others (the server keeps one).
    pub fn with_cache(src: &'a dyn TileSource, size: u64, cache: std::sync::Arc<TileCache>) -> Self {
        TiledTree { src, size, cache }
    }

    fn tile(&self, id: TileId) -> Result<std::sync::Arc<TileNodes>, Error> {
        if let Some(t) = self.cache.get(&id) {
            return Ok(t);
        }
        let b = read_tile(self.src, id)?.ok_or_else(|| Error::NotFound(id.path()))?;
        let width = match id {
            TileId::Hash { width, .. } | TileId::Entries { width, .. } => width,
        };
        if b.len() != width as usize * 32 {
            return Err(Error::Damaged(format!("{}: độ dài sai / wrong length {}", id.path(), b.len())));
        }
        let t = std::sync::Arc::new(TileNodes::new(tile_hashes(&b)));
        self.cache.put(id, t.clone());
        Ok(t)
    }
}

impl NodeSource for TiledTree<'_> {
    fn node(&self, level: u32, index: u64) -> Result<Hash, Error> {
        let tl = level / 8;
        let r = level % 8;
        let j = index << r;
        let id = crate::tiles::tile_for(tl, j, self.size);
        let t = self.tile(id)?;
        let k = ((j % TILE_WIDTH) >> r) as usize;
        t.levels
            .get(r as usize)
            .and_then(|l| l.get(k))
            .copied()
            .ok_or_else(|| Error::NotFound(format!("{} level {r} #{k}", id.path())))
    }
}

/// Result of opening a log for writing.
#[derive(Debug, Clone)]
pub struct Recovery {
    /// Size of the signed checkpoint found.
    pub checkpoint_size: u64,
    /// Size recovered (≥ checkpoint size: fsynced entries whose checkpoint
    /// was not yet written are kept).
    pub recovered_size: u64,
    /// Stale files written beyond the recovered size that were removed.
    pub removed: Vec<String>,
    /// Files whose stored bytes contradicted the write-ahead log and were
    /// rewritten from it. A crash leaves a file short or missing, never
    /// different: a file here was altered on disk (`tuanthu log verify`
    /// before the restart would have named it).
    pub rewritten: Vec<String>,
}

/// The log opened for appending (one writer per directory, enforced by a lock).
pub struct LogWriter {
    pub dir: PathBuf,
    pub cfg: Config,
    signer: NoteSigner,
    verifier: NoteVerifier,
    state: TreeState,
    bundle: Vec<u8>,
    bundle_len: u64,
    checkpoint_text: String,
    last_history: u64,
    wal: Option<crate::wal::Segment>,
    /// Partial-tile directories replaced by full tiles, deleted after the next seal.
    pending_rm: Vec<String>,
    sealer: Option<std::thread::JoinHandle<Result<(), Error>>>,
    last_seal: std::time::Instant,
    _lock: File,
}

fn now_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

impl LogWriter {
    /// Opens `dir` for appending, recovering from any crash.
    pub fn open(dir: &Path) -> Result<(LogWriter, Recovery), Error> {
        let cfg = load_config(dir)?;
        let lock_path = dir.join(paths::LOCK);
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| io_at(&lock_path, e))?;
        if lock.try_lock().is_err() {
            return Err(Error::Other(format!(
                "nhật ký {} đang được một tiến trình khác ghi / log {} is open for writing by another process",
                dir.display(),
                dir.display()
            )));
        }
        let kp = dir.join(paths::KEY);
        let signer = NoteSigner::parse(&fs::read_to_string(&kp).map_err(|e| io_at(&kp, e))?)?;
        let verifier = NoteVerifier::parse(&cfg.verifier_key)?;
        if signer.verifier() != verifier {
            return Err(Error::BadKey("log.key không khớp log.json / log.key does not match log.json".into()));
        }
        let cpp = dir.join(paths::CHECKPOINT);
        let text = fs::read_to_string(&cpp).map_err(|e| io_at(&cpp, e))?;
        let cp = checkpoint::open(&text, &verifier, &[])?.checkpoint;
        let mut w = LogWriter {
            dir: dir.to_path_buf(),
            cfg,
            signer,
            verifier,
            state: TreeState::new(),
            bundle: Vec::new(),
            bundle_len: 0,
            checkpoint_text: text,
            last_history: now_secs(),
            wal: None,
            pending_rm: Vec::new(),
            sealer: None,
            last_seal: std::time::Instant::now(),
            _lock: lock,
        };
        let rec = w.recover(&cp)?;
        Ok((w, rec))
    }

    pub fn verifier(&self) -> &NoteVerifier {
        &self.verifier
    }

    pub fn size(&self) -> u64 {
        self.state.size()
    }

    pub fn root(&self) -> Hash {
        self.state.root()
    }

    pub fn checkpoint_text(&self) -> &str {
        &self.checkpoint_text
    }

    /// The right edge of the tree at `base` from durable files: the partial
    /// tiles of levels ≥ 1 and the partial bundle at `base` (or the prefix of
    /// the full tile/bundle that replaced them).
    fn state_at(&self, base: u64) -> Result<(TreeState, Vec<u8>, u64), Error> {
        let src = DirSource { dir: self.dir.clone() };
        let s0 = base / TILE_WIDTH * TILE_WIDTH;
        let mut upper = Vec::new();
        for level in 1..levels_for(base).max(1) {
            let w = partial_width(level, base);
            if w == 0 {
                upper.push(Vec::new());
                continue;
            }
            let id = TileId::Hash { level, n: base / span(level + 1), width: w };
            let b = read_tile(&src, id)?.ok_or_else(|| {
                Error::Damaged(format!(
                    "thiếu / missing {} (cần để khôi phục / needed to recover at size {base})",
                    id.path()
                ))
            })?;
            if b.len() != w as usize * 32 {
                return Err(Error::Damaged(format!("{}: độ dài sai / wrong length", id.path())));
            }
            upper.push(tile_hashes(&b));
        }
        let mut st = TreeState::from_partials(s0, upper);
        let w0 = base - s0;
        let mut bundle = Vec::new();
        if w0 > 0 {
            let n = base / TILE_WIDTH;
            let b = match src.get(&TileId::Entries { n, width: w0 }.path())? {
                Some(b) => b,
                None => src.get(&TileId::Entries { n, width: TILE_WIDTH }.path())?.ok_or_else(|| {
                    Error::Damaged(format!("thiếu / missing {}", TileId::Entries { n, width: w0 }.path()))
                })?,
            };
            let es = split_bundle(&b)
                .map_err(|o| Error::Damaged(format!("tile/entries/{} @{o}", crate::tiles::encode_index(n))))?;
            if (es.len() as u64) < w0 {
                return Err(Error::Damaged(format!(
                    "tile/entries/{}: ngắn / too short",
                    crate::tiles::encode_index(n)
                )));
            }
            for e in es.iter().take(w0 as usize) {
                st.append(leaf_hash(e), &mut |_, _, _| {});
                bundle.extend_from_slice(&(e.len() as u16).to_be_bytes());
                bundle.extend_from_slice(e);
            }
        }
        Ok((st, bundle, w0))
    }

    fn recover(&mut self, cp: &Checkpoint) -> Result<Recovery, Error> {
        let c = cp.size;
        let segs = crate::wal::segments(&self.dir)?;
        let base = segs.first().map(|s| s.0).unwrap_or(c).min(c);
        let (st, bundle, bundle_len) = self.state_at(base)?;
        self.state = st;
        self.bundle = bundle;
        self.bundle_len = bundle_len;
        let mismatch = || {
            Error::Damaged(format!(
                "cây dựng lại ở kích thước {c} không khớp checkpoint đã ký; chạy `tuanthu log verify` / the tree rebuilt at size {c} does not match the signed checkpoint; run `tuanthu log verify`"
            ))
        };
        if self.state.size() == c && self.state.root() != cp.root {
            return Err(mismatch());
        }
        // Replay the write-ahead log.
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        'replay: for (_, path) in &segs {
            for rec in crate::wal::read_segment(path)? {
                let size = self.state.size();
                let n = rec.entries.len() as u64;
                if rec.first + n <= size {
                    continue;
                }
                if rec.first > size {
                    break 'replay;
                }
                for e in rec.entries.iter().skip((size - rec.first) as usize) {
                    self.push_entry(e, &mut files, &mut Vec::new());
                    if self.state.size() == c && self.state.root() != cp.root {
                        return Err(mismatch());
                    }
                }
            }
        }
        // A damaged WAL: the bundles written before the crash may still carry
        // the entries the checkpoint covers.
        if self.state.size() < c {
            self.extend_from_bundles(c, cp, &mut files)?;
        }
        if self.state.size() < c {
            return Err(Error::Damaged(format!(
                "checkpoint có {c} bản ghi nhưng chỉ khôi phục được {} / the checkpoint covers {c} entries but only {} could be recovered; run `tuanthu log verify`",
                self.state.size(),
                self.state.size()
            )));
        }
        let d = self.state.size();
        // Remove anything a crashed batch wrote beyond the recovered size.
        let mut removed = Vec::new();
        let rm = |path: String, removed: &mut Vec<String>| {
            let p = self.dir.join(&path);
            let ok = if p.is_dir() { fs::remove_dir_all(&p).is_ok() } else { fs::remove_file(&p).is_ok() };
            if ok {
                removed.push(path);
            }
        };
        let slack = (MAX_BATCH as u64 / TILE_WIDTH) + 2;
        for level in 0..8u32 {
            let first = full_tiles(level, d);
            let reach = if level == 0 { slack } else { 2 };
            for k in first..first + reach {
                for id in [TileId::Hash { level, n: k, width: TILE_WIDTH }, TileId::Entries { n: k, width: TILE_WIDTH }]
                {
                    if level > 0 && matches!(id, TileId::Entries { .. }) {
                        continue;
                    }
                    let full = id.path();
                    rm(full.clone(), &mut removed);
                    let pdir = format!("{full}.p");
                    if let Ok(rd) = fs::read_dir(self.dir.join(&pdir)) {
                        let keep = if k == first {
                            match id {
                                TileId::Entries { .. } => partial_width(0, d),
                                TileId::Hash { .. } => partial_width(level, d),
                            }
                        } else {
                            0
                        };
                        for e in rd.flatten() {
                            let name = e.file_name().to_string_lossy().to_string();
                            if name.parse::<u64>().map(|w| w > keep).unwrap_or(true) {
                                rm(format!("{pdir}/{name}"), &mut removed);
                            }
                        }
                    }
                }
            }
        }
        // Rewrite the tiles of the replayed range and the partial ones, durably.
        files.extend(self.partial_files(u64::MAX));
        let rewritten = files
            .iter()
            .filter(|(path, bytes)| {
                fs::read(self.dir.join(path)).is_ok_and(|old| !bytes.starts_with(&old) && !old.starts_with(bytes))
            })
            .map(|(path, _)| path.clone())
            .collect();
        write_files(&self.dir, &files, true)?;
        if d != c {
            self.checkpoint_inner()?;
        }
        // A fresh segment at the recovered size; older ones are covered now.
        self.wal = Some(crate::wal::Segment::create(&self.dir, d)?);
        for (first, path) in segs {
            if first != d {
                let _ = fs::remove_file(path);
            }
        }
        Ok(Recovery { checkpoint_size: c, recovered_size: d, removed, rewritten })
    }

    /// Continues the tree from the bundle files on disk (fallback when the WAL
    /// ends early): the next bundle must start with the entries of the
    /// current partial bundle.
    fn extend_from_bundles(
        &mut self,
        c: u64,
        cp: &Checkpoint,
        files: &mut Vec<(String, Vec<u8>)>,
    ) -> Result<(), Error> {
        let src = DirSource { dir: self.dir.clone() };
        while self.state.size() < c {
            let n = self.state.size() / TILE_WIDTH;
            let have = self.bundle_len;
            let mut candidates: Vec<u64> = vec![TILE_WIDTH];
            let pdir = self.dir.join(format!("{}.p", TileId::Entries { n, width: TILE_WIDTH }.path()));
            if let Ok(rd) = fs::read_dir(&pdir) {
                let mut ws: Vec<u64> = rd.flatten().filter_map(|e| e.file_name().to_str()?.parse().ok()).collect();
                ws.sort_unstable_by(|a, b| b.cmp(a));
                candidates.extend(ws.into_iter().filter(|w| *w > have && *w < TILE_WIDTH));
            }
            let mut progressed = false;
            for w in candidates {
                let Some(b) = src.get(&TileId::Entries { n, width: w }.path())? else { continue };
                let Ok(es) = split_bundle(&b) else { continue };
                if es.len() as u64 != w {
                    continue;
                }
                let prefix: usize = es.iter().take(have as usize).map(|e| e.len() + 2).sum();
                if b.get(..prefix) != Some(&self.bundle[..]) {
                    continue;
                }
                for e in es.iter().skip(have as usize) {
                    self.push_entry(e, files, &mut Vec::new());
                    if self.state.size() == c {
                        if self.state.root() != cp.root {
                            return Err(Error::Damaged(format!(
                                "cây dựng lại ở kích thước {c} không khớp checkpoint đã ký / the tree rebuilt at size {c} does not match the signed checkpoint"
                            )));
                        }
                        return Ok(());
                    }
                }
                progressed = true;
                break;
            }
            if !progressed {
                break;
            }
        }
        Ok(())
    }

    /// Adds one entry to the bundle and the tree, collecting completed files.
    fn push_entry(&mut self, e: &[u8], files: &mut Vec<(String, Vec<u8>)>, completed: &mut Vec<String>) {
        let h = leaf_hash(e);
        self.bundle.extend_from_slice(&(e.len() as u16).to_be_bytes());
        self.bundle.extend_from_slice(e);
        self.bundle_len += 1;
        self.state.append(h, &mut |level, n, hashes| {
            let p = TileId::Hash { level, n, width: TILE_WIDTH }.path();
            completed.push(format!("{p}.p"));
            files.push((p, hashes.concat()));
        });
        if self.bundle_len == TILE_WIDTH {
            let n = (self.state.size() - 1) / TILE_WIDTH;
            let p = TileId::Entries { n, width: TILE_WIDTH }.path();
            completed.push(format!("{p}.p"));
            files.push((p, std::mem::take(&mut self.bundle)));
            self.bundle_len = 0;
            self.bundle.reserve(256 * 400);
        }
    }

    /// The partial bundle and partial tiles of the current size (levels whose
    /// partial tile index or width changed since `old_size`; all if MAX).
    fn partial_files(&self, old_size: u64) -> Vec<(String, Vec<u8>)> {
        let size = self.state.size();
        let mut out = Vec::new();
        if self.bundle_len > 0 {
            out.push((TileId::Entries { n: size / TILE_WIDTH, width: self.bundle_len }.path(), self.bundle.clone()));
        }
        for level in 0..levels_for(size) {
            let w = partial_width(level, size);
            if w == 0 {
                continue;
            }
            if old_size != u64::MAX && size / span(level) == old_size / span(level) {
                continue;
            }
            let id = TileId::Hash { level, n: size / span(level + 1), width: w };
            out.push((id.path(), self.state.partial(level).concat()));
        }
        out
    }

    /// Appends a batch of encoded entries durably: one write-ahead-log
    /// record, fdatasynced, then the tile and bundle files (flushed later, at
    /// the next seal). Returns the index of the first. Does not sign a
    /// checkpoint.
    pub fn append_batch(&mut self, entries: &[Vec<u8>]) -> Result<u64, Error> {
        let t0 = std::time::Instant::now();
        let first = self.state.size();
        let mut payload = Vec::with_capacity(entries.iter().map(|e| e.len() + 2).sum());
        for e in entries {
            if e.len() > crate::entry::MAX_ENTRY {
                return Err(Error::BadEntry("bản ghi quá lớn / entry too large".into()));
            }
            payload.extend_from_slice(&(e.len() as u16).to_be_bytes());
            payload.extend_from_slice(e);
        }
        if self.wal.is_none() {
            self.wal = Some(crate::wal::Segment::create(&self.dir, first)?);
        }
        // The WAL record is written, then flushed on another thread while the
        // tiles are computed and written: the batch is durable (and may be
        // acknowledged) once both are done.
        let syncer = match self.wal.as_mut() {
            Some(w) => {
                w.write(first, entries.len() as u32, &payload)?;
                w.syncer()?
            }
            None => return Err(Error::Other("no WAL segment".into())),
        };
        let t1 = std::time::Instant::now();
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        let mut completed: Vec<String> = Vec::new();
        let (synced, written, t2) = std::thread::scope(|s| {
            let h = s.spawn(syncer);
            for e in entries {
                self.push_entry(e, &mut files, &mut completed);
            }
            files.extend(self.partial_files(first));
            let t2 = std::time::Instant::now();
            let written = write_files(&self.dir, &files, false);
            let synced = h.join().unwrap_or_else(|_| Err(Error::Other("WAL sync thread".into())));
            (synced, written, t2)
        });
        synced?;
        written?;
        self.pending_rm.extend(completed);
        if std::env::var_os("TUANTHU_TLOG_TRACE").is_some() {
            eprintln!(
                "batch {}: wal {:.1} ms, hash+copy {:.1} ms, write files {:.1} ms",
                entries.len(),
                (t1 - t0).as_secs_f64() * 1e3,
                (t2 - t1).as_secs_f64() * 1e3,
                t2.elapsed().as_secs_f64() * 1e3
            );
        }
        Ok(first)
    }

    /// Starts a seal when due: a new WAL segment at the current (checkpointed)
    /// size; in the background, every file is flushed, then the older
    /// segments and the partial tiles replaced by full ones are deleted.
    fn maybe_seal(&mut self, force: bool) -> Result<(), Error> {
        let due = force
            || self.last_seal.elapsed() >= std::time::Duration::from_secs(5)
            || self.wal.as_ref().is_some_and(|w| w.bytes > 256 << 20);
        if !due || self.wal.as_ref().is_some_and(|w| w.first == self.state.size()) {
            return Ok(());
        }
        if let Some(h) = &self.sealer {
            if !h.is_finished() && !force {
                return Ok(());
            }
        }
        if let Some(h) = self.sealer.take() {
            h.join().map_err(|_| Error::Other("seal thread".into()))??;
        }
        let size = self.state.size();
        let new = crate::wal::Segment::create(&self.dir, size)?;
        let old: Vec<PathBuf> =
            crate::wal::segments(&self.dir)?.into_iter().filter(|(f, _)| *f < size).map(|(_, p)| p).collect();
        self.wal = Some(new);
        let rm = std::mem::take(&mut self.pending_rm);
        let dir = self.dir.clone();
        self.last_seal = std::time::Instant::now();
        self.sealer = Some(std::thread::spawn(move || {
            crate::wal::sync_all_files(&dir)?;
            for p in rm {
                let _ = fs::remove_dir_all(dir.join(p));
            }
            for p in old {
                let _ = fs::remove_file(p);
            }
            sync_dir(&crate::wal::wal_dir(&dir))
        }));
        if force {
            if let Some(h) = self.sealer.take() {
                h.join().map_err(|_| Error::Other("seal thread".into()))??;
            }
        }
        Ok(())
    }

    /// Flushes everything and retires the write-ahead log up to now.
    pub fn seal(&mut self) -> Result<(), Error> {
        self.maybe_seal(true)
    }

    /// Signs and publishes a checkpoint for the current size (and seals when due).
    pub fn checkpoint(&mut self) -> Result<String, Error> {
        let text = self.checkpoint_inner()?;
        self.maybe_seal(false)?;
        Ok(text)
    }

    fn checkpoint_inner(&mut self) -> Result<String, Error> {
        let cp = Checkpoint {
            origin: self.cfg.origin.clone(),
            size: self.state.size(),
            root: self.state.root(),
            extensions: vec![],
        };
        let text = self.signer.sign_note(&cp.body());
        write_atomic(&self.dir, paths::CHECKPOINT, text.as_bytes())?;
        let now = now_secs();
        if now >= self.last_history + self.cfg.history_interval_secs {
            append_history(&self.dir, &text)?;
            self.last_history = now;
        }
        self.checkpoint_text = text.clone();
        Ok(text)
    }

    /// Keeps a checkpoint cosigned by witnesses (and adds it to the history).
    pub fn store_witnessed(&self, text: &str) -> Result<(), Error> {
        write_atomic(&self.dir, paths::WITNESSED, text.as_bytes())?;
        append_history(&self.dir, text)
    }
}

impl Drop for LogWriter {
    fn drop(&mut self) {
        if let Some(h) = self.sealer.take() {
            let _ = h.join();
        }
    }
}

/// Writes files in order; with `sync`, then fsyncs them (in parallel) and their directories.
pub fn write_files(root: &Path, files: &[(String, Vec<u8>)], sync: bool) -> Result<(), Error> {
    if files.is_empty() {
        return Ok(());
    }
    let mut dirs: BTreeSet<PathBuf> = BTreeSet::new();
    let mut handles: Vec<(PathBuf, File)> = Vec::with_capacity(files.len());
    for (rel, data) in files {
        let p = root.join(rel);
        if let Some(parent) = p.parent() {
            if !dirs.contains(parent) {
                if !parent.exists() {
                    fs::create_dir_all(parent).map_err(|e| io_at(parent, e))?;
                    // New directories: their parents' entries must be durable too.
                    let mut a = parent.parent();
                    while let Some(d) = a {
                        if d == root || !d.starts_with(root) {
                            break;
                        }
                        dirs.insert(d.to_path_buf());
                        a = d.parent();
                    }
                    dirs.insert(root.to_path_buf());
                }
                dirs.insert(parent.to_path_buf());
            }
        }
        let mut f = File::create(&p).map_err(|e| io_at(&p, e))?;
        f.write_all(data).map_err(|e| io_at(&p, e))?;
        if sync {
            handles.push((p, f));
        }
    }
    if !sync {
        return Ok(());
    }

    let threads = 32.min(handles.len());
    let chunk = handles.len().div_ceil(threads);
    let results: Vec<Result<(), Error>> = std::thread::scope(|s| {
        let hs: Vec<_> = handles
            .chunks(chunk)
            .map(|c| {
                s.spawn(move || {
                    for (p, f) in c {
                        f.sync_data().map_err(|e| io_at(p, e))?;
                    }
                    Ok(())
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap_or_else(|_| Err(Error::Other("fsync thread".into())))).collect()
    });
    for r in results {
        r?;
    }
    for d in dirs {
        sync_dir(&d)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::merkle::{inclusion_proof, mth, verify_inclusion};

    #[test]
    fn append_reopen_and_prove() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("log");
        let vkey = init(&dir, "test.example/log").unwrap();
        let v = NoteVerifier::parse(&vkey).unwrap();
        let mut leaves = Vec::new();
        {
            let (mut w, _) = LogWriter::open(&dir).unwrap();
            for b in 0..7 {
                let batch: Vec<Vec<u8>> = (0..(100 + b * 37)).map(|i| format!("e{b}-{i}").into_bytes()).collect();
                leaves.extend(batch.iter().map(|e| leaf_hash(e)));
                w.append_batch(&batch).unwrap();
                w.checkpoint().unwrap();
            }
            assert_eq!(w.root(), mth(&leaves));
        }
        let (w, rec) = LogWriter::open(&dir).unwrap();
        assert_eq!(rec.recovered_size, leaves.len() as u64);
        assert_eq!(w.root(), mth(&leaves));
        let src = DirSource { dir: dir.clone() };
        let cp = checkpoint::open(w.checkpoint_text(), &v, &[]).unwrap().checkpoint;
        let tree = TiledTree::new(&src, cp.size);
        for i in [0u64, 5, 255, 256, 700, cp.size - 1] {
            let p = inclusion_proof(&tree, i, cp.size).unwrap();
            assert!(verify_inclusion(&leaves[i as usize], i, cp.size, &p, &cp.root));
        }
    }

    #[test]
    fn files_lost_after_the_last_seal_are_rebuilt_from_the_wal() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("log");
        let vkey = init(&dir, "wal.test/log").unwrap();
        let mut leaves = Vec::new();
        let sealed_at;
        {
            let (mut w, _) = LogWriter::open(&dir).unwrap();
            for b in 0..3 {
                let batch: Vec<Vec<u8>> = (0..700).map(|i| format!("a{b}-{i}").into_bytes()).collect();
                leaves.extend(batch.iter().map(|e| leaf_hash(e)));
                w.append_batch(&batch).unwrap();
                w.checkpoint().unwrap();
            }
            w.seal().unwrap();
            sealed_at = w.size();
            for b in 0..4 {
                let batch: Vec<Vec<u8>> = (0..900).map(|i| format!("b{b}-{i}").into_bytes()).collect();
                leaves.extend(batch.iter().map(|e| leaf_hash(e)));
                w.append_batch(&batch).unwrap();
                if b < 3 {
                    w.checkpoint().unwrap();
                }
            }
        }
        // "Power loss": every tile and bundle written after the seal vanishes.
        for level in 0..3u32 {
            for n in full_tiles(level, sealed_at)..full_tiles(level, sealed_at) + 40 {
                let _ = fs::remove_file(dir.join(TileId::Hash { level, n, width: TILE_WIDTH }.path()));
                if level == 0 {
                    let _ = fs::remove_file(dir.join(TileId::Entries { n, width: TILE_WIDTH }.path()));
                }
            }
        }
        let (w, rec) = LogWriter::open(&dir).unwrap();
        assert_eq!(rec.recovered_size, leaves.len() as u64, "the last, uncheckpointed batch is kept too");
        assert!(rec.rewritten.is_empty(), "lost files are not altered files: {:?}", rec.rewritten);
        assert_eq!(w.root(), mth(&leaves));
        drop(w);
        let opts = crate::verify::Options {
            log_key: Some(NoteVerifier::parse(&vkey).unwrap()),
            skip_decode: true,
            ..Default::default()
        };
        let rep = crate::verify::verify(&DirSource { dir: dir.clone() }, &opts).unwrap();
        assert!(rep.ok(), "{:?}", rep.problems.first());
        assert_eq!(rep.size, leaves.len() as u64);
    }

    #[test]
    fn a_bundle_altered_on_disk_is_rewritten_from_the_wal_and_reported() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("log");
        init(&dir, "wal.test/log").unwrap();
        {
            let (mut w, _) = LogWriter::open(&dir).unwrap();
            let batch: Vec<Vec<u8>> = (0..300).map(|i| format!("entry {i}").into_bytes()).collect();
            w.append_batch(&batch).unwrap();
            w.checkpoint().unwrap();
        }
        let partial = TileId::Entries { n: 1, width: 44 }.path();
        let mut b = fs::read(dir.join(&partial)).unwrap();
        b[10] ^= 0x20;
        fs::write(dir.join(&partial), b).unwrap();
        let (_, rec) = LogWriter::open(&dir).unwrap();
        assert_eq!(rec.rewritten, vec![partial]);
    }

    #[test]
    fn a_damaged_wal_falls_back_to_the_bundles_on_disk() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("log");
        init(&dir, "wal.test/log").unwrap();
        let mut leaves = Vec::new();
        {
            let (mut w, _) = LogWriter::open(&dir).unwrap();
            for b in 0..5 {
                let batch: Vec<Vec<u8>> = (0..300).map(|i| format!("c{b}-{i}").into_bytes()).collect();
                leaves.extend(batch.iter().map(|e| leaf_hash(e)));
                w.append_batch(&batch).unwrap();
                w.checkpoint().unwrap();
            }
        }
        for (_, p) in crate::wal::segments(&dir).unwrap() {
            std::fs::write(&p, b"garbage").unwrap();
        }
        let (w, rec) = LogWriter::open(&dir).unwrap();
        assert_eq!(rec.checkpoint_size, 1500);
        assert_eq!(rec.recovered_size, 1500);
        assert_eq!(w.root(), mth(&leaves));
    }
}
