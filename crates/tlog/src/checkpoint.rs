//! C2SP tlog-checkpoint: `<origin>\n<size>\n<base64 root>\n[extension lines]`.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;

use crate::merkle::Hash;
use crate::note::{Note, NoteVerifier};
use crate::Error;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    pub origin: String,
    pub size: u64,
    pub root: Hash,
    /// Extension lines (each without its newline).
    pub extensions: Vec<String>,
}

impl Checkpoint {
    pub fn body(&self) -> String {
        let mut s = format!("{}\n{}\n{}\n", self.origin, self.size, B64.encode(self.root));
        for e in &self.extensions {
            s.push_str(e);
            s.push('\n');
        }
        s
    }

    /// Parses a checkpoint body (the note text).
    pub fn parse_body(text: &str) -> Result<Checkpoint, Error> {
        let bad = |why: &str| Error::BadCheckpoint(why.to_string());
        let mut lines = text.strip_suffix('\n').ok_or_else(|| bad("thiếu xuống dòng / no final newline"))?.split('\n');
        let origin = lines.next().unwrap_or_default();
        if origin.is_empty() {
            return Err(bad("thiếu origin / empty origin line"));
        }
        let size_s = lines.next().ok_or_else(|| bad("thiếu kích thước / no size line"))?;
        if size_s.is_empty()
            || !size_s.bytes().all(|b| b.is_ascii_digit())
            || (size_s.len() > 1 && size_s.starts_with('0'))
        {
            return Err(bad("kích thước sai / malformed size line"));
        }
        let size: u64 = size_s.parse().map_err(|_| bad("kích thước sai / malformed size line"))?;
        let root_s = lines.next().ok_or_else(|| bad("thiếu root hash / no root hash line"))?;
        let raw = B64.decode(root_s).map_err(|_| bad("root hash sai / malformed root hash"))?;
        let root: Hash = raw.try_into().map_err(|_| bad("root hash sai / malformed root hash"))?;
        let extensions: Vec<String> = lines.map(str::to_string).collect();
        if extensions.iter().any(|e| e.is_empty()) {
            return Err(bad("dòng mở rộng rỗng / empty extension line"));
        }
        Ok(Checkpoint { origin: origin.to_string(), size, root, extensions })
    }
}

/// A checkpoint verified with the log key; `cosigners` lists the witness
/// keys that validly cosigned it, with their timestamps.
#[derive(Clone, Debug)]
pub struct SignedCheckpoint {
    pub checkpoint: Checkpoint,
    pub note: Note,
    pub cosigners: Vec<(NoteVerifier, u64)>,
}

/// Opens a signed checkpoint: the log key must have signed it; witness keys
/// that also signed are reported. Unknown signatures are ignored.
pub fn open(text: &str, log_key: &NoteVerifier, witnesses: &[NoteVerifier]) -> Result<SignedCheckpoint, Error> {
    let note = Note::parse(text)?;
    let mut keys = vec![log_key.clone()];
    keys.extend(witnesses.iter().cloned());
    let valid = note.verify(&keys)?;
    if !valid.iter().any(|(k, _)| k == log_key) {
        return Err(Error::BadSignature(format!(
            "checkpoint không có chữ ký hợp lệ của khoá nhật ký {} / checkpoint lacks a valid signature by the log key {}",
            log_key.name, log_key.name
        )));
    }
    let checkpoint = Checkpoint::parse_body(&note.text)?;
    if checkpoint.origin != log_key.name {
        return Err(Error::BadCheckpoint(format!(
            "origin {:?} khác tên khoá {:?} / origin {:?} differs from the key name {:?}",
            checkpoint.origin, log_key.name, checkpoint.origin, log_key.name
        )));
    }
    let cosigners = valid.into_iter().filter(|(k, _)| k != log_key).collect();
    Ok(SignedCheckpoint { checkpoint, note, cosigners })
}

pub fn b64(h: &Hash) -> String {
    B64.encode(h)
}

pub fn parse_b64_hash(s: &str) -> Option<Hash> {
    B64.decode(s.trim()).ok()?.try_into().ok()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn parse_roundtrip_and_rejects() {
        let c = Checkpoint { origin: "example.com/log".into(), size: 42, root: [7; 32], extensions: vec![] };
        assert_eq!(Checkpoint::parse_body(&c.body()).unwrap(), c);
        assert!(Checkpoint::parse_body("o\n042\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\n").is_err());
        assert!(Checkpoint::parse_body("o\n42\nBwcH\n").is_err());
        assert!(Checkpoint::parse_body("o\n42\n").is_err());
    }
}
