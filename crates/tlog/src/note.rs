//! C2SP signed-note (Ed25519, type 0x01) and C2SP tlog-cosignature
//! (cosignature/v1, Ed25519, type 0x04).
//!
//! Key strings:
//! - verifier key `<name>+<key id, 8 hex>+<base64(type || public key)>`;
//! - private key `PRIVATE+KEY+<name>+<key id>+<base64(type || seed)>`
//!   (the format of Go's `golang.org/x/mod/sumdb/note`).

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::Error;

pub const ALG_ED25519: u8 = 0x01;
pub const ALG_COSIGNATURE_V1: u8 = 0x04;

/// `SHA-256(name || "\n" || alg || public key)[:4]` as a big-endian u32.
pub fn key_id(name: &str, alg: u8, public: &[u8]) -> u32 {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update(b"\n");
    h.update([alg]);
    h.update(public);
    let d = h.finalize();
    u32::from_be_bytes([d[0], d[1], d[2], d[3]])
}

/// A key name: non-empty, no Unicode spaces, no `+`.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(|c| c.is_whitespace() || c == '+')
}

/// A private key able to sign notes (0x01) or cosignatures (0x04).
pub struct NoteSigner {
    pub name: String,
    pub alg: u8,
    pub id: u32,
    key: SigningKey,
}

impl NoteSigner {
    /// Generates a new key from the OS random source.
    pub fn generate(name: &str, alg: u8) -> Result<NoteSigner, Error> {
        if !valid_name(name) {
            return Err(Error::BadKey(format!("tên khoá không hợp lệ / invalid key name {name:?}")));
        }
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed)
            .map_err(|e| Error::BadKey(format!("không lấy được số ngẫu nhiên / no randomness: {e}")))?;
        Ok(Self::from_seed(name, alg, seed))
    }

    pub fn from_seed(name: &str, alg: u8, seed: [u8; 32]) -> NoteSigner {
        let key = SigningKey::from_bytes(&seed);
        let id = key_id(name, alg, key.verifying_key().as_bytes());
        NoteSigner { name: name.to_string(), alg, id, key }
    }

    /// Parses `PRIVATE+KEY+name+id+base64`.
    pub fn parse(s: &str) -> Result<NoteSigner, Error> {
        let bad = || Error::BadKey("khoá bí mật không hợp lệ / malformed private key".into());
        let rest = s.trim().strip_prefix("PRIVATE+KEY+").ok_or_else(bad)?;
        let mut parts = rest.splitn(3, '+');
        let (name, idhex, b64) =
            (parts.next().ok_or_else(bad)?, parts.next().ok_or_else(bad)?, parts.next().ok_or_else(bad)?);
        let raw = B64.decode(b64).map_err(|_| bad())?;
        if raw.len() != 33 || !valid_name(name) {
            return Err(bad());
        }
        let mut seed = [0u8; 32];
        seed.copy_from_slice(&raw[1..]);
        let signer = Self::from_seed(name, raw[0], seed);
        if raw[0] != ALG_ED25519 && raw[0] != ALG_COSIGNATURE_V1 {
            return Err(bad());
        }
        if u32::from_str_radix(idhex, 16).ok() != Some(signer.id) || idhex.len() != 8 {
            return Err(bad());
        }
        Ok(signer)
    }

    /// The private key string (keep secret).
    pub fn private_string(&self) -> String {
        let mut raw = vec![self.alg];
        raw.extend_from_slice(self.key.as_bytes());
        format!("PRIVATE+KEY+{}+{:08x}+{}", self.name, self.id, B64.encode(raw))
    }

    pub fn verifier(&self) -> NoteVerifier {
        NoteVerifier { name: self.name.clone(), alg: self.alg, id: self.id, key: self.key.verifying_key() }
    }

    /// A signature line (`— name base64(id || sig)\n`) over a note text.
    /// For cosignatures, the signed message is `cosignature/v1\ntime T\n` + text.
    pub fn sign_line(&self, text: &str, timestamp: u64) -> String {
        let mut payload = self.id.to_be_bytes().to_vec();
        if self.alg == ALG_COSIGNATURE_V1 {
            let msg = cosigned_message(text, timestamp);
            payload.extend_from_slice(&timestamp.to_be_bytes());
            payload.extend_from_slice(&self.key.sign(msg.as_bytes()).to_bytes());
        } else {
            payload.extend_from_slice(&self.key.sign(text.as_bytes()).to_bytes());
        }
        format!("\u{2014} {} {}\n", self.name, B64.encode(payload))
    }

    /// A whole signed note: text, blank line, signature.
    pub fn sign_note(&self, text: &str) -> String {
        format!("{text}\n{}", self.sign_line(text, 0))
    }
}

fn cosigned_message(text: &str, timestamp: u64) -> String {
    format!("cosignature/v1\ntime {timestamp}\n{text}")
}

/// A public key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteVerifier {
    pub name: String,
    pub alg: u8,
    pub id: u32,
    key: VerifyingKey,
}

impl NoteVerifier {
    /// Parses `name+id+base64(alg || key)`.
    pub fn parse(s: &str) -> Result<NoteVerifier, Error> {
        let bad = || Error::BadKey(format!("khoá công khai không hợp lệ / malformed verifier key {:?}", s.trim()));
        let mut parts = s.trim().splitn(3, '+');
        let (name, idhex, b64) =
            (parts.next().ok_or_else(bad)?, parts.next().ok_or_else(bad)?, parts.next().ok_or_else(bad)?);
        let raw = B64.decode(b64).map_err(|_| bad())?;
        if raw.len() != 33 || !valid_name(name) || idhex.len() != 8 {
            return Err(bad());
        }
        if raw[0] != ALG_ED25519 && raw[0] != ALG_COSIGNATURE_V1 {
            return Err(bad());
        }
        let mut pk = [0u8; 32];
        pk.copy_from_slice(&raw[1..]);
        let key = VerifyingKey::from_bytes(&pk).map_err(|_| bad())?;
        let id = key_id(name, raw[0], &pk);
        if u32::from_str_radix(idhex, 16).ok() != Some(id) {
            return Err(bad());
        }
        Ok(NoteVerifier { name: name.to_string(), alg: raw[0], id, key })
    }

    pub fn to_vkey(&self) -> String {
        let mut raw = vec![self.alg];
        raw.extend_from_slice(self.key.as_bytes());
        format!("{}+{:08x}+{}", self.name, self.id, B64.encode(raw))
    }

    /// Checks one signature (already decoded, without the 4-byte id) over `text`.
    /// Returns the cosignature timestamp (0 for plain signatures).
    fn check(&self, text: &str, sig: &[u8]) -> Option<u64> {
        if self.alg == ALG_COSIGNATURE_V1 {
            if sig.len() != 8 + 64 {
                return None;
            }
            let mut ts = [0u8; 8];
            ts.copy_from_slice(&sig[..8]);
            let ts = u64::from_be_bytes(ts);
            let s = ed25519_dalek::Signature::from_slice(&sig[8..]).ok()?;
            self.key.verify_strict(cosigned_message(text, ts).as_bytes(), &s).ok()?;
            Some(ts)
        } else {
            let s = ed25519_dalek::Signature::from_slice(sig).ok()?;
            self.key.verify_strict(text.as_bytes(), &s).ok()?;
            Some(0)
        }
    }
}

/// One signature line of a note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigLine {
    pub name: String,
    pub id: u32,
    /// The signature bytes after the key id.
    pub sig: Vec<u8>,
    /// The line as it appeared (with the final newline).
    pub line: String,
}

impl SigLine {
    pub fn parse(line: &str) -> Option<SigLine> {
        let body = line.strip_suffix('\n').unwrap_or(line).strip_prefix("\u{2014} ")?;
        let (name, b64) = body.split_once(' ')?;
        if !valid_name(name) || b64.contains(' ') {
            return None;
        }
        let raw = B64.decode(b64).ok()?;
        if raw.len() < 5 {
            return None;
        }
        Some(SigLine {
            name: name.to_string(),
            id: u32::from_be_bytes([raw[0], raw[1], raw[2], raw[3]]),
            sig: raw[4..].to_vec(),
            line: format!("{}\n", line.strip_suffix('\n').unwrap_or(line)),
        })
    }
}

/// A parsed signed note.
#[derive(Clone, Debug)]
pub struct Note {
    /// The text, ending in a newline.
    pub text: String,
    pub sigs: Vec<SigLine>,
}

impl Note {
    /// Splits a note into text and signature lines (no verification).
    pub fn parse(msg: &str) -> Result<Note, Error> {
        let bad = |why: &str| Error::BadNote(why.to_string());
        if msg.len() > 1 << 20 {
            return Err(bad("note quá lớn / note too large"));
        }
        let split =
            msg.rfind("\n\n").ok_or_else(|| bad("thiếu dòng trống trước chữ ký / no blank line before signatures"))?;
        let text = &msg[..split + 1];
        let sigs_part = &msg[split + 2..];
        if !msg.ends_with('\n') {
            return Err(bad("note không kết thúc bằng xuống dòng / note does not end with a newline"));
        }
        let mut sigs = Vec::new();
        for line in sigs_part.split_inclusive('\n') {
            sigs.push(SigLine::parse(line).ok_or_else(|| bad("dòng chữ ký sai / malformed signature line"))?);
        }
        if sigs.is_empty() {
            return Err(bad("note không có chữ ký / note has no signatures"));
        }
        Ok(Note { text: text.to_string(), sigs })
    }

    /// Verifies: returns, for each known key, whether it signed validly (and
    /// the cosignature timestamp). A line matching a known key by name and id
    /// whose signature fails is an error (a malformed note per signed-note).
    pub fn verify(&self, keys: &[NoteVerifier]) -> Result<Vec<(NoteVerifier, u64)>, Error> {
        let mut ok = Vec::new();
        for s in &self.sigs {
            for k in keys {
                if k.name == s.name && k.id == s.id {
                    match k.check(&self.text, &s.sig) {
                        Some(ts) => {
                            if !ok.iter().any(|(v, _): &(NoteVerifier, u64)| v == k) {
                                ok.push((k.clone(), ts));
                            }
                        }
                        None => {
                            return Err(Error::BadSignature(format!(
                                "chữ ký của {} không hợp lệ / signature by {} does not verify",
                                k.name, k.name
                            )))
                        }
                    }
                }
            }
        }
        Ok(ok)
    }

    /// The note as text.
    pub fn to_text(&self) -> String {
        let mut s = format!("{}\n", self.text);
        for l in &self.sigs {
            s.push_str(&l.line);
        }
        s
    }

    /// Adds signature lines not already present (same name and id replace nothing).
    pub fn add_sigs(&mut self, lines: &[SigLine]) {
        for l in lines {
            if !self.sigs.iter().any(|s| s.name == l.name && s.id == l.id) {
                self.sigs.push(l.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn go_note_test_vector() {
        // From golang.org/x/mod/sumdb/note's documentation (PeterNeumann key).
        let skey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
        let vkey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
        let s = NoteSigner::parse(skey).unwrap();
        assert_eq!(s.verifier().to_vkey(), vkey);
        assert_eq!(s.private_string(), skey);
        let text =
            "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
        let note = s.sign_note(text);
        assert_eq!(
            note,
            format!("{text}\n\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n")
        );
        let v = NoteVerifier::parse(vkey).unwrap();
        let n = Note::parse(&note).unwrap();
        assert_eq!(n.verify(std::slice::from_ref(&v)).unwrap().len(), 1);
        let tampered = note.replace("cryptography", "cryptogrAphy");
        assert!(Note::parse(&tampered).unwrap().verify(&[v]).is_err());
    }

    #[test]
    fn cosignature_roundtrip() {
        let w = NoteSigner::generate("witness.example/w1", ALG_COSIGNATURE_V1).unwrap();
        let text = "example.com/log\n5\nAAAA\n";
        let line = w.sign_line(text, 1679315147);
        let mut n = Note::parse(&format!("{text}\n{line}")).unwrap();
        let got = n.verify(&[w.verifier()]).unwrap();
        assert_eq!(got[0].1, 1679315147);
        n.text = "example.com/log\n6\nAAAA\n".into();
        assert!(n.verify(&[w.verifier()]).is_err());
        assert!(NoteVerifier::parse(&w.verifier().to_vkey()).is_ok());
    }
}
