//! The canonical entry encoding (version 1). Documented in docs/tlog.md.
//!
//! All integers big-endian. `s8` = u8 length + bytes, `s16` = u16 length + bytes.
//!
//! ```text
//! u8   version            = 0x01
//! i64  received_ns        receive time, nanoseconds since 1970-01-01T00:00:00Z
//! u8   transport          0 internal, 1 udp, 2 tcp, 3 tls, 4 http
//! s8   source             peer address "ip:port" (HTTP: "ip:port token-name")
//! u8   format             0 unparsed, 1 RFC 5424, 2 RFC 3164, 3 JSON
//! u8   facility           0-23, 0xFF absent
//! u8   severity           0-7, 0xFF absent
//! i64  timestamp_ns       the message's own time in UTC, i64::MIN absent
//! s8   hostname
//! s8   app_name
//! s8   procid
//! s8   msgid
//! s8   account            who acted (extracted, see docs)
//! s8   action             what was done (extracted)
//! s8   client             address of whoever acted (extracted)
//! s16  structured_data    RFC 5424 SD as received ("" for "-")
//! m16  message            MSG (RFC 5424 BOM removed)
//! s16  raw                the bytes as received (truncated to fit 65,535)
//! ```
//! `m16` is either `u16 L` (L ≤ 65,534) and L bytes, or `0xFFFF, u16 L`:
//! "the last L bytes of raw". The second form is used if and only if the
//! message is non-empty and raw ends with it (syslog messages always do), so
//! the message is not stored twice. Nothing may follow. Encoding what
//! decoding gives yields the same bytes; other spellings are rejected.

use serde::Serialize;

use crate::Error;

pub const VERSION: u8 = 1;
pub const ABSENT_U8: u8 = 0xFF;
pub const ABSENT_TIME: i64 = i64::MIN;
/// Largest entry a bundle can hold (uint16 length prefix).
pub const MAX_ENTRY: usize = 65_535;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    Internal,
    Udp,
    Tcp,
    Tls,
    Http,
}

impl Transport {
    fn code(self) -> u8 {
        match self {
            Transport::Internal => 0,
            Transport::Udp => 1,
            Transport::Tcp => 2,
            Transport::Tls => 3,
            Transport::Http => 4,
        }
    }
    fn from_code(c: u8) -> Option<Transport> {
        Some(match c {
            0 => Transport::Internal,
            1 => Transport::Udp,
            2 => Transport::Tcp,
            3 => Transport::Tls,
            4 => Transport::Http,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Transport::Internal => "internal",
            Transport::Udp => "udp",
            Transport::Tcp => "tcp",
            Transport::Tls => "tls",
            Transport::Http => "http",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Unparsed,
    Rfc5424,
    Rfc3164,
    Json,
}

impl Format {
    fn code(self) -> u8 {
        match self {
            Format::Unparsed => 0,
            Format::Rfc5424 => 1,
            Format::Rfc3164 => 2,
            Format::Json => 3,
        }
    }
    fn from_code(c: u8) -> Option<Format> {
        Some(match c {
            0 => Format::Unparsed,
            1 => Format::Rfc5424,
            2 => Format::Rfc3164,
            3 => Format::Json,
            _ => return None,
        })
    }
}

/// One log entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub received_ns: i64,
    pub transport: Transport,
    pub source: Vec<u8>,
    pub format: Format,
    pub facility: Option<u8>,
    pub severity: Option<u8>,
    pub timestamp_ns: Option<i64>,
    pub hostname: Vec<u8>,
    pub app_name: Vec<u8>,
    pub procid: Vec<u8>,
    pub msgid: Vec<u8>,
    pub account: Vec<u8>,
    pub action: Vec<u8>,
    pub client: Vec<u8>,
    pub structured_data: Vec<u8>,
    pub message: Vec<u8>,
    pub raw: Vec<u8>,
}

impl Entry {
    pub fn new(received_ns: i64, transport: Transport, source: &str) -> Entry {
        Entry {
            received_ns,
            transport,
            source: source.as_bytes().to_vec(),
            format: Format::Unparsed,
            facility: None,
            severity: None,
            timestamp_ns: None,
            hostname: Vec::new(),
            app_name: Vec::new(),
            procid: Vec::new(),
            msgid: Vec::new(),
            account: Vec::new(),
            action: Vec::new(),
            client: Vec::new(),
            structured_data: Vec::new(),
            message: Vec::new(),
            raw: Vec::new(),
        }
    }

    /// Clips every field to its limit and the whole entry to [`MAX_ENTRY`]
    /// (raw first, then message, then structured data).
    pub fn clip(&mut self) {
        for f in [
            &mut self.source,
            &mut self.hostname,
            &mut self.app_name,
            &mut self.procid,
            &mut self.msgid,
            &mut self.account,
            &mut self.action,
            &mut self.client,
        ] {
            f.truncate(255);
        }
        self.structured_data.truncate(65_535);
        self.raw.truncate(65_535);
        self.message.truncate(65_534);
        // Cutting raw may turn a suffix message inline (longer): recompute.
        for _ in 0..4 {
            let mut over = self.encoded_len().saturating_sub(MAX_ENTRY);
            if over == 0 {
                return;
            }
            for f in [&mut self.raw, &mut self.message, &mut self.structured_data] {
                if over == 0 {
                    break;
                }
                let cut = over.min(f.len());
                f.truncate(f.len() - cut);
                over -= cut;
            }
        }
        if self.encoded_len() > MAX_ENTRY {
            self.raw.clear();
            self.message.truncate(32_000);
            self.structured_data.truncate(16_000);
        }
    }

    /// Whether the message is stored as a suffix of raw (see the module doc).
    pub fn message_in_raw(&self) -> bool {
        !self.message.is_empty() && self.message.len() <= 65_534 && self.raw.ends_with(&self.message)
    }

    pub fn encoded_len(&self) -> usize {
        1 + 8
            + 1
            + 1
            + self.source.len()
            + 3
            + 8
            + 7
            + self.hostname.len()
            + self.app_name.len()
            + self.procid.len()
            + self.msgid.len()
            + self.account.len()
            + self.action.len()
            + self.client.len()
            + 6
            + self.structured_data.len()
            + if self.message_in_raw() { 2 } else { self.message.len() }
            + self.raw.len()
    }

    /// Appends the canonical encoding to `out`. Call [`Entry::clip`] first
    /// for untrusted input; over-long fields are an error here.
    pub fn encode_into(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        if self.encoded_len() > MAX_ENTRY {
            return Err(Error::BadEntry("bản ghi quá lớn / entry too large".into()));
        }
        out.push(VERSION);
        out.extend_from_slice(&self.received_ns.to_be_bytes());
        out.push(self.transport.code());
        s8(out, &self.source)?;
        out.push(self.format.code());
        out.push(self.facility.unwrap_or(ABSENT_U8));
        out.push(self.severity.unwrap_or(ABSENT_U8));
        out.extend_from_slice(&self.timestamp_ns.unwrap_or(ABSENT_TIME).to_be_bytes());
        for f in [&self.hostname, &self.app_name, &self.procid, &self.msgid, &self.account, &self.action, &self.client]
        {
            s8(out, f)?;
        }
        s16(out, &self.structured_data)?;
        if self.message_in_raw() {
            out.extend_from_slice(&[0xFF, 0xFF]);
            out.extend_from_slice(&(self.message.len() as u16).to_be_bytes());
        } else {
            if self.message.len() > 65_534 {
                return Err(Error::BadEntry("message quá dài / message too long".into()));
            }
            s16(out, &self.message)?;
        }
        s16(out, &self.raw)?;
        Ok(())
    }

    pub fn encode(&self) -> Result<Vec<u8>, Error> {
        let mut v = Vec::with_capacity(self.encoded_len());
        self.encode_into(&mut v)?;
        Ok(v)
    }

    /// Decodes one canonical entry (the whole slice).
    pub fn decode(b: &[u8]) -> Result<Entry, Error> {
        let mut r = Reader { b, pos: 0 };
        let e = (|| -> Option<Entry> {
            if r.u8()? != VERSION {
                return None;
            }
            let received_ns = r.i64()?;
            let transport = Transport::from_code(r.u8()?)?;
            let source = r.s8()?;
            let format = Format::from_code(r.u8()?)?;
            let facility = opt_u8(r.u8()?, 23)?;
            let severity = opt_u8(r.u8()?, 7)?;
            let ts = r.i64()?;
            let timestamp_ns = if ts == ABSENT_TIME { None } else { Some(ts) };
            let hostname = r.s8()?;
            let app_name = r.s8()?;
            let procid = r.s8()?;
            let msgid = r.s8()?;
            let account = r.s8()?;
            let action = r.s8()?;
            let client = r.s8()?;
            let structured_data = r.s16()?;
            let m = r.take(2)?;
            let (message, suffix_len) = if m == [0xFF, 0xFF] {
                let l = r.take(2)?;
                (Vec::new(), Some(u16::from_be_bytes([l[0], l[1]]) as usize))
            } else {
                let n = u16::from_be_bytes([m[0], m[1]]) as usize;
                (r.take(n)?.to_vec(), None)
            };
            let raw = r.s16()?;
            let message = match suffix_len {
                Some(l) if l >= 1 && l <= raw.len() => raw[raw.len() - l..].to_vec(),
                Some(_) => return None,
                // The suffix form is mandatory when it applies.
                None if !message.is_empty() && raw.ends_with(&message) => return None,
                None => message,
            };
            Some(Entry {
                received_ns,
                transport,
                source,
                format,
                facility,
                severity,
                timestamp_ns,
                hostname,
                app_name,
                procid,
                msgid,
                account,
                action,
                client,
                structured_data,
                message,
                raw,
            })
        })();
        match e {
            Some(e) if r.pos == b.len() => Ok(e),
            Some(_) => Err(Error::BadEntry("dữ liệu thừa sau bản ghi / trailing bytes after the entry".into())),
            None => Err(Error::BadEntry("bản ghi không đúng định dạng v1 / entry is not valid encoding v1".into())),
        }
    }

    /// JSON view for the search API and the CLI.
    pub fn to_json(&self) -> serde_json::Value {
        let s = |v: &[u8]| String::from_utf8_lossy(v).into_owned();
        let t =
            |ns: i64| chrono::DateTime::from_timestamp_nanos(ns).to_rfc3339_opts(chrono::SecondsFormat::Nanos, true);
        serde_json::json!({
            "received": t(self.received_ns),
            "transport": self.transport,
            "source": s(&self.source),
            "format": self.format,
            "facility": self.facility,
            "severity": self.severity,
            "timestamp": self.timestamp_ns.map(t),
            "hostname": s(&self.hostname),
            "app_name": s(&self.app_name),
            "procid": s(&self.procid),
            "msgid": s(&self.msgid),
            "account": s(&self.account),
            "action": s(&self.action),
            "client": s(&self.client),
            "structured_data": s(&self.structured_data),
            "message": s(&self.message),
            "raw": s(&self.raw),
        })
    }
}

fn opt_u8(v: u8, max: u8) -> Option<Option<u8>> {
    if v == ABSENT_U8 {
        Some(None)
    } else if v <= max {
        Some(Some(v))
    } else {
        None
    }
}

fn s8(out: &mut Vec<u8>, v: &[u8]) -> Result<(), Error> {
    let n = u8::try_from(v.len()).map_err(|_| Error::BadEntry("trường quá dài / field too long".into()))?;
    out.push(n);
    out.extend_from_slice(v);
    Ok(())
}

fn s16(out: &mut Vec<u8>, v: &[u8]) -> Result<(), Error> {
    let n = u16::try_from(v.len()).map_err(|_| Error::BadEntry("trường quá dài / field too long".into()))?;
    out.extend_from_slice(&n.to_be_bytes());
    out.extend_from_slice(v);
    Ok(())
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.b.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|s| s[0])
    }
    fn i64(&mut self) -> Option<i64> {
        let s = self.take(8)?;
        Some(i64::from_be_bytes(s.try_into().ok()?))
    }
    fn s8(&mut self) -> Option<Vec<u8>> {
        let n = self.u8()? as usize;
        self.take(n).map(<[u8]>::to_vec)
    }
    fn s16(&mut self) -> Option<Vec<u8>> {
        let s = self.take(2)?;
        let n = u16::from_be_bytes([s[0], s[1]]) as usize;
        self.take(n).map(<[u8]>::to_vec)
    }
}

/// Splits an entry bundle (uint16 length-prefixed entries). Returns the
/// entries, or the byte offset where the bundle stops making sense.
pub fn split_bundle(b: &[u8]) -> Result<Vec<&[u8]>, usize> {
    let mut out = Vec::with_capacity(256);
    let mut pos = 0usize;
    while pos < b.len() {
        if pos + 2 > b.len() {
            return Err(pos);
        }
        let n = u16::from_be_bytes([b[pos], b[pos + 1]]) as usize;
        let end = pos + 2 + n;
        if end > b.len() {
            return Err(pos);
        }
        out.push(&b[pos + 2..end]);
        pos = end;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn roundtrip_and_canonical() {
        let mut e = Entry::new(1_700_000_000_123_456_789, Transport::Tcp, "127.0.0.1:5140");
        e.format = Format::Rfc5424;
        e.facility = Some(4);
        e.severity = Some(6);
        e.timestamp_ns = Some(1_700_000_000_000_000_000);
        e.hostname = b"host".to_vec();
        e.message = b"hello".to_vec();
        e.raw = b"<38>1 - host - - - - hello".to_vec();
        let b = e.encode().unwrap();
        assert_eq!(b.len(), e.encoded_len());
        assert_eq!(Entry::decode(&b).unwrap(), e);
        let mut longer = b.clone();
        longer.push(0);
        assert!(Entry::decode(&longer).is_err());
        assert!(Entry::decode(&b[..b.len() - 1]).is_err());
        let mut bad = b.clone();
        bad[0] = 2;
        assert!(Entry::decode(&bad).is_err());
    }

    #[test]
    fn message_is_stored_once_when_raw_ends_with_it() {
        let mut e = Entry::new(1, Transport::Udp, "x");
        e.raw = b"<13>1 - h a - - - hello world".to_vec();
        e.message = b"hello world".to_vec();
        let b = e.encode().unwrap();
        assert_eq!(b.len(), e.encoded_len());
        assert_eq!(b.len(), e.raw.len() + 38, "message not repeated");
        assert_eq!(Entry::decode(&b).unwrap(), e);
        // The same entry spelled with the message inline is not canonical.
        let mut inline = b[..b.len() - e.raw.len() - 2 - 4].to_vec();
        inline.extend_from_slice(&(e.message.len() as u16).to_be_bytes());
        inline.extend_from_slice(&e.message);
        inline.extend_from_slice(&(e.raw.len() as u16).to_be_bytes());
        inline.extend_from_slice(&e.raw);
        assert!(Entry::decode(&inline).is_err());
        // A message that is not a suffix stays inline.
        e.message = b"hello".to_vec();
        let b = e.encode().unwrap();
        assert_eq!(Entry::decode(&b).unwrap(), e);
    }

    #[test]
    fn clip_fits_the_bundle_limit() {
        let mut e = Entry::new(0, Transport::Udp, "x");
        e.raw = vec![b'a'; 70_000];
        e.message = vec![b'b'; 70_000];
        e.hostname = vec![b'h'; 300];
        e.clip();
        assert!(e.encoded_len() <= MAX_ENTRY);
        assert!(e.encode().is_ok());
    }
}
