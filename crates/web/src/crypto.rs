//! Secrets: random values, digests, argon2id password hashes and TOTP
//! (RFC 6238, HMAC-SHA1, 30-second steps, 6 digits).
//!
//! Điều 12.2 "mã hóa thông tin xác thực trên hệ thống": passwords are kept
//! only as argon2id hashes; session ids and API tokens only as SHA-256
//! digests, so a copy of the database gives no working credential.

use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Digest;

/// `n` random bytes from the operating system.
pub fn random_bytes(n: usize) -> anyhow::Result<Vec<u8>> {
    let mut buf = vec![0u8; n];
    getrandom::fill(&mut buf).map_err(|e| anyhow::anyhow!("getrandom: {e}"))?;
    Ok(buf)
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// A random secret of 32 bytes, hex-encoded (session ids, CSRF tokens).
pub fn random_token() -> anyhow::Result<String> {
    Ok(hex(&random_bytes(32)?))
}

/// SHA-256 of a secret, hex-encoded: what the database keeps.
pub fn digest(secret: &str) -> String {
    hex(&sha2::Sha256::digest(secret.as_bytes()))
}

/// Compares two secrets in time independent of where they differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// argon2id (m = 19 MiB, t = 2, p = 1, the crate's OWASP defaults) PHC string.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let h = Argon2::default().hash_password(password.as_bytes()).map_err(|e| anyhow::anyhow!("argon2: {e}"))?;
    Ok(h.to_string())
}

pub fn verify_password(password: &str, phc: &str) -> bool {
    Argon2::default().verify_password(password.as_bytes(), phc).is_ok()
}

/// A hash of a random password, verified against when the user name is
/// unknown so that timing does not tell which user names exist.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        hash_password(&random_token().unwrap_or_else(|_| "x".repeat(40))).unwrap_or_else(|_| String::from("$argon2id$"))
    })
}

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 without padding (what authenticator apps read).
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(BASE32[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(BASE32[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Decodes base32 (case-insensitive, spaces and padding ignored).
pub fn base32_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for c in s.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let v = BASE32.iter().position(|&x| x as char == c.to_ascii_uppercase())?;
        buffer = (buffer << 5) | v as u32;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

/// TOTP time step length (RFC 6238 default).
pub const TOTP_STEP_SECS: i64 = 30;

/// A new TOTP secret: 20 random bytes (160 bits, RFC 4226's recommendation), base32.
pub fn new_totp_secret() -> anyhow::Result<String> {
    Ok(base32_encode(&random_bytes(20)?))
}

/// The 6-digit code of a time step (RFC 4226 HOTP with the step as counter).
pub fn hotp(secret: &[u8], counter: u64) -> Option<u32> {
    let mut mac = <Hmac<sha1::Sha1> as KeyInit>::new_from_slice(secret).ok()?;
    mac.update(&counter.to_be_bytes());
    let h = mac.finalize().into_bytes();
    let offset = usize::from(h[h.len() - 1] & 0x0f);
    let bin = (u32::from(h[offset] & 0x7f) << 24)
        | (u32::from(h[offset + 1]) << 16)
        | (u32::from(h[offset + 2]) << 8)
        | u32::from(h[offset + 3]);
    Some(bin % 1_000_000)
}

/// The code for a Unix time.
pub fn totp_at(secret_b32: &str, unix: i64) -> Option<String> {
    let key = base32_decode(secret_b32)?;
    let step = u64::try_from(unix.div_euclid(TOTP_STEP_SECS)).ok()?;
    hotp(&key, step).map(|c| format!("{c:06}"))
}

/// Checks a code at `unix` time, allowing one step of clock drift either
/// way; returns the matching step (to refuse its replay).
pub fn totp_verify(secret_b32: &str, code: &str, unix: i64) -> Option<i64> {
    let code = code.trim().replace(' ', "");
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let key = base32_decode(secret_b32)?;
    let now = unix.div_euclid(TOTP_STEP_SECS);
    for step in [now - 1, now, now + 1] {
        let expected = hotp(&key, u64::try_from(step).ok()?)?;
        if constant_time_eq(format!("{expected:06}").as_bytes(), code.as_bytes()) {
            return Some(step);
        }
    }
    None
}

/// `otpauth://` URI for authenticator apps.
pub fn totp_uri(username: &str, secret: &str) -> String {
    let label: String = form_encode(&format!("tuanthu:{username}"));
    format!("otpauth://totp/{label}?secret={secret}&issuer=tuanthu&algorithm=SHA1&digits=6&period=30")
}

/// Percent-encodes a value for a query string or URI.
pub fn form_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn rfc6238_sha1_test_vectors() {
        // RFC 6238 Appendix B, SHA1 seed "12345678901234567890", 8 digits → last 6.
        let secret = base32_encode(b"12345678901234567890");
        assert_eq!(totp_at(&secret, 59).unwrap(), "287082");
        assert_eq!(totp_at(&secret, 1_111_111_109).unwrap(), "081804");
        assert_eq!(totp_at(&secret, 1_234_567_890).unwrap(), "005924");
        assert_eq!(totp_at(&secret, 2_000_000_000).unwrap(), "279037");
        assert_eq!(totp_verify(&secret, "287082", 59 + 30), Some(1));
        assert_eq!(totp_verify(&secret, "287082", 59 + 90), None);
        assert_eq!(totp_verify(&secret, "28708", 59), None);
    }

    #[test]
    fn base32_round_trip() {
        for n in 0..25 {
            let bytes: Vec<u8> = (0..n).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(base32_decode(&base32_encode(&bytes)).unwrap(), bytes);
        }
        assert_eq!(base32_encode(b"foobar"), "MZXW6YTBOI");
    }

    #[test]
    fn argon2id_hashes_verify() {
        let h = hash_password("Mật khẩu#2024").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("Mật khẩu#2024", &h));
        assert!(!verify_password("Mật khẩu#2025", &h));
    }
}
