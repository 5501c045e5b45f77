//! tuanthu-tlog: the tamper-evident central log (QĐ 1048/QĐ-TCHQ Điều 12.5, 16).
//!
//! An append-only Merkle tree (RFC 6962 hashing) stored as C2SP tlog-tiles,
//! with C2SP tlog-checkpoint checkpoints signed as C2SP signed-note
//! (Ed25519), cosigned by C2SP tlog-witness witnesses. See docs/tlog.md.
//!
//! Modules: [`merkle`] (hashing and proofs), [`tiles`] (paths and the right
//! edge of the tree), [`note`] and [`checkpoint`] (signatures), [`entry`]
//! (the canonical entry encoding), [`store`] (the data directory, group
//! commit, crash recovery), [`verify`] (full verification, local or over
//! HTTP), [`syslog`] (parsers and framing), [`server`] (ingest and read API),
//! [`witness`], [`retention`], [`facts`] (per-source summary for the rules).

pub mod bench;
pub mod checkpoint;
pub mod entry;
pub mod facts;
pub mod http;
pub mod merkle;
pub mod note;
pub mod retention;
pub mod search;
pub mod server;
pub mod store;
pub mod syslog;
pub mod tiles;
pub mod verify;
pub mod wal;
pub mod witness;

pub use merkle::Hash;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("lỗi vào/ra / I/O error: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Io2(String),
    #[error("khoá không hợp lệ / bad key: {0}")]
    BadKey(String),
    #[error("note không hợp lệ / malformed note: {0}")]
    BadNote(String),
    #[error("chữ ký sai / bad signature: {0}")]
    BadSignature(String),
    #[error("checkpoint không hợp lệ / malformed checkpoint: {0}")]
    BadCheckpoint(String),
    #[error("bản ghi không hợp lệ / bad entry: {0}")]
    BadEntry(String),
    #[error("yêu cầu không hợp lệ / bad request: {0}")]
    BadRequest(String),
    #[error("không tìm thấy / not found: {0}")]
    NotFound(String),
    #[error("nhật ký hỏng / log damaged: {0}")]
    Damaged(String),
    #[error("{0}")]
    Other(String),
}

/// Wraps an I/O error with the path it concerns.
pub(crate) fn io_at(path: &std::path::Path, e: std::io::Error) -> Error {
    Error::Io2(format!("lỗi vào/ra / I/O error at {}: {e}", path.display()))
}
