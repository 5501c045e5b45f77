//! The write-ahead log: what makes a batch durable with one sequential write
//! and one fdatasync, however many tile files it touches.
//!
//! `DIR/wal/<first index, 20 digits>.wal` segments; each record is
//!
//! ```text
//! "TLW1" | u64 first index | u32 count | u32 payload length | payload | SHA-256(all before)
//! ```
//!
//! where the payload is the batch's entries in bundle format (u16 length +
//! entry). A segment starts when the previous one is *sealed*: every tile and
//! bundle file written so far is flushed to disk (`syncfs`), after which the
//! older segments are deleted. Recovery replays the segments from the oldest
//! one's first index; a torn or corrupt record ends the replay (it was never
//! acknowledged).

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::{io_at, Error};

const MAGIC: &[u8; 4] = b"TLW1";

pub fn wal_dir(dir: &Path) -> PathBuf {
    dir.join("wal")
}

pub fn segment_path(dir: &Path, first: u64) -> PathBuf {
    wal_dir(dir).join(format!("{first:020}.wal"))
}

/// Segments present, sorted by first index.
pub fn segments(dir: &Path) -> Result<Vec<(u64, PathBuf)>, Error> {
    let wd = wal_dir(dir);
    let rd = match fs::read_dir(&wd) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_at(&wd, e)),
    };
    let mut out: Vec<(u64, PathBuf)> = rd
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            let n = name.strip_suffix(".wal")?.parse::<u64>().ok()?;
            Some((n, e.path()))
        })
        .collect();
    out.sort();
    Ok(out)
}

/// An open segment being appended.
pub struct Segment {
    pub first: u64,
    pub path: PathBuf,
    file: File,
    pub bytes: u64,
}

impl Segment {
    /// Creates (or truncates) the segment starting at `first`, durably.
    pub fn create(dir: &Path, first: u64) -> Result<Segment, Error> {
        let wd = wal_dir(dir);
        fs::create_dir_all(&wd).map_err(|e| io_at(&wd, e))?;
        let path = segment_path(dir, first);
        let file =
            OpenOptions::new().create(true).write(true).truncate(true).open(&path).map_err(|e| io_at(&path, e))?;
        file.sync_all().map_err(|e| io_at(&path, e))?;
        File::open(&wd).and_then(|d| d.sync_all()).map_err(|e| io_at(&wd, e))?;
        Ok(Segment { first, path, file, bytes: 0 })
    }

    /// Appends one batch (entries already in bundle format) and fdatasyncs.
    pub fn append(&mut self, first: u64, count: u32, payload: &[u8]) -> Result<(), Error> {
        self.write(first, count, payload)?;
        self.file.sync_data().map_err(|e| io_at(&self.path, e))
    }

    /// Appends one batch without syncing; pair with [`Segment::syncer`].
    pub fn write(&mut self, first: u64, count: u32, payload: &[u8]) -> Result<(), Error> {
        let mut rec = Vec::with_capacity(payload.len() + 52);
        rec.extend_from_slice(MAGIC);
        rec.extend_from_slice(&first.to_be_bytes());
        rec.extend_from_slice(&count.to_be_bytes());
        rec.extend_from_slice(&(payload.len() as u32).to_be_bytes());
        rec.extend_from_slice(payload);
        let h: [u8; 32] = Sha256::digest(&rec).into();
        rec.extend_from_slice(&h);
        self.file.write_all(&rec).map_err(|e| io_at(&self.path, e))?;
        self.bytes += rec.len() as u64;
        Ok(())
    }

    /// A closure that fdatasyncs the segment (to run on another thread while
    /// the batch's tiles are computed and written).
    pub fn syncer(&self) -> Result<impl FnOnce() -> Result<(), Error> + Send + 'static, Error> {
        let f = self.file.try_clone().map_err(|e| io_at(&self.path, e))?;
        let path = self.path.clone();
        Ok(move || f.sync_data().map_err(|e| io_at(&path, e)))
    }
}

/// One replayed record.
pub struct Record {
    pub first: u64,
    pub entries: Vec<Vec<u8>>,
}

/// Reads the valid records of a segment (stops at the first torn/corrupt one).
pub fn read_segment(path: &Path) -> Result<Vec<Record>, Error> {
    let b = fs::read(path).map_err(|e| io_at(path, e))?;
    let mut out = Vec::new();
    let mut pos = 0usize;
    while pos + 20 + 32 <= b.len() {
        if &b[pos..pos + 4] != MAGIC {
            break;
        }
        let first = u64::from_be_bytes(b[pos + 4..pos + 12].try_into().unwrap_or([0; 8]));
        let count = u32::from_be_bytes(b[pos + 12..pos + 16].try_into().unwrap_or([0; 4])) as usize;
        let len = u32::from_be_bytes(b[pos + 16..pos + 20].try_into().unwrap_or([0; 4])) as usize;
        let end = pos + 20 + len;
        if end + 32 > b.len() {
            break;
        }
        let h: [u8; 32] = Sha256::digest(&b[pos..end]).into();
        if h[..] != b[end..end + 32] {
            break;
        }
        let Ok(es) = crate::entry::split_bundle(&b[pos + 20..end]) else { break };
        if es.len() != count {
            break;
        }
        out.push(Record { first, entries: es.into_iter().map(<[u8]>::to_vec).collect() });
        pos = end + 32;
    }
    Ok(out)
}

/// Flushes every file of the filesystem holding `dir` (one call instead of
/// one fsync per tile file).
pub fn sync_all_files(dir: &Path) -> Result<(), Error> {
    let d = File::open(dir).map_err(|e| io_at(dir, e))?;
    rustix::fs::syncfs(&d).map_err(|e| io_at(dir, e.into()))
}
