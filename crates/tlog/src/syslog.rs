//! Syslog parsing (RFC 5424, RFC 3164 and what real senders do) and TCP
//! framing (RFC 6587 octet counting and newline). Never panics: anything
//! that does not parse is kept as an `unparsed` entry with its raw bytes.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, TimeZone};

use crate::entry::{Entry, Format, Transport};

/// RFC 3164 timestamps carry no zone: they are read in Vietnam time (UTC+7).
pub const LEGACY_TZ_OFFSET_SECS: i32 = 7 * 3600;

/// Largest frame accepted (longer ones are cut; the entry keeps what fits).
pub const MAX_FRAME: usize = 64 * 1024;

/// Parses one syslog message received at `received_ns`.
pub fn parse(raw: &[u8], received_ns: i64, transport: Transport, source: &str) -> Entry {
    let mut e = Entry::new(received_ns, transport, source);
    let raw = trim_end(raw);
    e.raw = raw.to_vec();
    if let Some((pri, rest)) = pri(raw) {
        e.facility = Some(pri >> 3);
        e.severity = Some(pri & 7);
        if !(rest.len() >= 2 && rest[0] == b'1' && rest[1] == b' ' && parse_5424(&rest[2..], &mut e)) {
            parse_3164(rest, received_ns, &mut e);
        }
    } else {
        e.format = Format::Unparsed;
        e.message = raw.to_vec();
    }
    extract(&mut e);
    e.clip();
    e
}

fn trim_end(b: &[u8]) -> &[u8] {
    let mut n = b.len();
    while n > 0 && matches!(b[n - 1], b'\n' | b'\r' | 0) {
        n -= 1;
    }
    &b[..n]
}

fn pri(b: &[u8]) -> Option<(u8, &[u8])> {
    if b.first() != Some(&b'<') {
        return None;
    }
    let end = b.iter().take(5).position(|&c| c == b'>')?;
    let digits = &b[1..end];
    if digits.is_empty() || digits.len() > 3 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let v: u32 = digits.iter().fold(0, |a, &d| a * 10 + u32::from(d - b'0'));
    if v > 191 {
        return None;
    }
    Some((v as u8, &b[end + 1..]))
}

/// Splits off the next space-delimited token.
fn token(b: &[u8]) -> Option<(&[u8], &[u8])> {
    if b.is_empty() {
        return None;
    }
    match b.iter().position(|&c| c == b' ') {
        Some(i) => Some((&b[..i], &b[i + 1..])),
        None => Some((b, &[])),
    }
}

fn nil(v: &[u8]) -> Vec<u8> {
    if v == b"-" {
        Vec::new()
    } else {
        v.to_vec()
    }
}

fn rfc3339(v: &[u8]) -> Option<i64> {
    let s = std::str::from_utf8(v).ok()?;
    let t = DateTime::parse_from_rfc3339(s).ok()?;
    t.timestamp_nanos_opt()
}

/// `TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD [MSG]` after `<PRI>1 `.
fn parse_5424(b: &[u8], e: &mut Entry) -> bool {
    let Some((ts, b)) = token(b) else { return false };
    let Some((host, b)) = token(b) else { return false };
    let Some((app, b)) = token(b) else { return false };
    let Some((procid, b)) = token(b) else { return false };
    let Some((msgid, b)) = token(b) else { return false };
    let (sd, msg) = if b.first() == Some(&b'-') {
        (&b[..0], b.get(2..).unwrap_or(&[]))
    } else if b.first() == Some(&b'[') {
        match sd_end(b) {
            Some(end) => (&b[..end], b.get(end + 1..).unwrap_or(&[])),
            None => return false,
        }
    } else if b.is_empty() {
        (&b[..0], &b[..0])
    } else {
        return false;
    };
    e.format = Format::Rfc5424;
    e.timestamp_ns = if ts == b"-" { None } else { rfc3339(ts) };
    e.hostname = nil(host);
    e.app_name = nil(app);
    e.procid = nil(procid);
    e.msgid = nil(msgid);
    e.structured_data = sd.to_vec();
    let msg = msg.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(msg);
    e.message = msg.to_vec();
    true
}

/// End (exclusive) of the SD elements starting at `b[0] == '['`.
fn sd_end(b: &[u8]) -> Option<usize> {
    let mut i = 0;
    while b.get(i) == Some(&b'[') {
        let mut in_q = false;
        i += 1;
        loop {
            let c = *b.get(i)?;
            if in_q {
                if c == b'\\' {
                    i += 1;
                } else if c == b'"' {
                    in_q = false;
                }
            } else if c == b'"' {
                in_q = true;
            } else if c == b']' {
                i += 1;
                break;
            }
            i += 1;
        }
    }
    Some(i)
}

/// `(SD-ID, name, value)` triples of structured data.
pub fn sd_params(sd: &[u8]) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while sd.get(i) == Some(&b'[') {
        i += 1;
        let start = i;
        while i < sd.len() && sd[i] != b' ' && sd[i] != b']' {
            i += 1;
        }
        let id = String::from_utf8_lossy(&sd[start..i]).into_owned();
        loop {
            while sd.get(i) == Some(&b' ') {
                i += 1;
            }
            match sd.get(i) {
                None => return out,
                Some(b']') => {
                    i += 1;
                    break;
                }
                _ => {}
            }
            let ns = i;
            while i < sd.len() && sd[i] != b'=' && sd[i] != b']' {
                i += 1;
            }
            let name = String::from_utf8_lossy(&sd[ns..i]).into_owned();
            if sd.get(i) != Some(&b'=') || sd.get(i + 1) != Some(&b'"') {
                // Malformed: skip to the end of the element.
                while i < sd.len() && sd[i] != b']' {
                    i += 1;
                }
                continue;
            }
            i += 2;
            let mut val = Vec::new();
            while let Some(&c) = sd.get(i) {
                if c == b'\\' {
                    if let Some(&n) = sd.get(i + 1) {
                        if n != b'"' && n != b'\\' && n != b']' {
                            val.push(c);
                        }
                        val.push(n);
                    }
                    i += 2;
                    continue;
                }
                if c == b'"' {
                    i += 1;
                    break;
                }
                val.push(c);
                i += 1;
            }
            out.push((id.clone(), name, String::from_utf8_lossy(&val).into_owned()));
        }
    }
    out
}

const MONTHS: [&[u8]; 12] =
    [b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec"];

/// RFC 3164 and relatives: `[TIMESTAMP] [HOSTNAME] [TAG[PID]:] MSG`, where
/// TIMESTAMP is `Mmm dd hh:mm:ss` (optionally with a year) or RFC 3339.
fn parse_3164(b: &[u8], received_ns: i64, e: &mut Entry) {
    e.format = Format::Rfc3164;
    let mut rest = b;
    if let Some((ts, r)) = legacy_time(rest, received_ns) {
        e.timestamp_ns = Some(ts);
        rest = r;
    } else if let Some((tok, r)) = token(rest) {
        if let Some(ts) = rfc3339(tok) {
            e.timestamp_ns = Some(ts);
            rest = r;
        }
    }
    // HOSTNAME: a token without ':' '[' (otherwise it is the tag), only if a timestamp was found.
    if e.timestamp_ns.is_some() {
        if let Some((tok, r)) = token(rest) {
            let looks_like_tag = tok.ends_with(b":") || tok.contains(&b'[');
            if !tok.is_empty() && !looks_like_tag && !r.is_empty() {
                e.hostname = tok.to_vec();
                rest = r;
            }
        }
    }
    // TAG: up to 48 chars of [A-Za-z0-9_./-], optional [PID], then ':'.
    let tag_end = rest.iter().take(64).position(|&c| !(c.is_ascii_alphanumeric() || b"_-./@".contains(&c)));
    if let Some(te) = tag_end.filter(|&t| t > 0) {
        let mut i = te;
        let mut pid: &[u8] = &[];
        if rest.get(i) == Some(&b'[') {
            if let Some(close) = rest[i..].iter().take(32).position(|&c| c == b']') {
                pid = &rest[i + 1..i + close];
                i += close + 1;
            }
        }
        if rest.get(i) == Some(&b':') {
            e.app_name = rest[..te].to_vec();
            e.procid = pid.to_vec();
            i += 1;
            if rest.get(i) == Some(&b' ') {
                i += 1;
            }
            rest = &rest[i..];
        }
    }
    e.message = rest.to_vec();
}

fn legacy_time(b: &[u8], received_ns: i64) -> Option<(i64, &[u8])> {
    // "Mmm dd hh:mm:ss" (15 bytes), dd may be " d".
    if b.len() < 15 {
        return None;
    }
    let month = MONTHS.iter().position(|m| b[..3].eq_ignore_ascii_case(m))? as u32 + 1;
    if b[3] != b' ' {
        return None;
    }
    let day_s = std::str::from_utf8(&b[4..6]).ok()?.trim();
    let day: u32 = day_s.parse().ok()?;
    if b[6] != b' ' {
        return None;
    }
    let t = std::str::from_utf8(&b[7..15]).ok()?;
    let time = chrono::NaiveTime::parse_from_str(t, "%H:%M:%S").ok()?;
    let mut rest = &b[15..];
    // Optional fractional seconds (rsyslog high-precision legacy) and year.
    let mut nanos = 0i64;
    if rest.first() == Some(&b'.') {
        let n = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if n > 0 {
            let frac = std::str::from_utf8(&rest[1..1 + n.min(9)]).ok()?;
            nanos = frac.parse::<i64>().ok()? * 10i64.pow(9 - n.min(9) as u32);
            rest = &rest[1 + n..];
        }
    }
    rest = rest.strip_prefix(b" ").unwrap_or(rest);
    let tz = chrono::FixedOffset::east_opt(LEGACY_TZ_OFFSET_SECS)?;
    let recv = tz.timestamp_nanos(received_ns);
    let mut year = recv.year();
    if rest.len() >= 5 && rest[..4].iter().all(u8::is_ascii_digit) && rest[4] == b' ' {
        year = std::str::from_utf8(&rest[..4]).ok()?.parse().ok()?;
        rest = &rest[5..];
    }
    let mk = |y: i32| -> Option<i64> {
        let d = NaiveDate::from_ymd_opt(y, month, day)?;
        let local = NaiveDateTime::new(d, time);
        let t = tz.from_local_datetime(&local).single()?;
        Some(t.timestamp_nanos_opt()? + nanos)
    };
    let mut ts = mk(year)?;
    // A December message received in January belongs to the previous year.
    if ts > received_ns + 31 * 86_400_000_000_000 {
        ts = mk(year - 1).unwrap_or(ts);
    }
    Some((ts, rest))
}

/// Fills account, action and client from structured data, `key=value`
/// pairs and common sshd/PAM phrases. Scans the message once.
fn extract(e: &mut Entry) {
    if !(e.account.is_empty() || e.action.is_empty() || e.client.is_empty()) {
        return;
    }
    const ACCOUNT: &[&str] = &["account", "user", "username", "acct", "uid", "login", "suser", "duser"];
    const ACTION: &[&str] = &["action", "act", "event", "op", "operation"];
    const CLIENT: &[&str] = &["client", "src", "ip", "addr", "srcip", "rhost", "remote", "clientip"];
    let params = if e.structured_data.is_empty() { Vec::new() } else { sd_params(&e.structured_data) };
    let pick = |names: &[&str]| -> Option<String> {
        params.iter().find(|(_, n, _)| names.iter().any(|x| n.eq_ignore_ascii_case(x))).map(|(_, _, v)| v.clone())
    };
    let msg = String::from_utf8_lossy(&e.message);
    let has_kv = msg.contains('=');
    let words: Vec<&str> =
        if msg.contains(" from ") || msg.contains("for ") { msg.split_whitespace().collect() } else { Vec::new() };
    let kv_pick = |names: &[&str]| if has_kv { kv(&msg, names) } else { None };
    if e.account.is_empty() {
        if let Some(v) = pick(ACCOUNT).or_else(|| kv_pick(ACCOUNT)).or_else(|| phrase_user(&words)) {
            e.account = v.into_bytes();
        }
    }
    if e.action.is_empty() {
        if let Some(v) = pick(ACTION).or_else(|| kv_pick(ACTION)) {
            e.action = v.into_bytes();
        } else if !e.msgid.is_empty() {
            e.action = e.msgid.clone();
        }
    }
    if e.client.is_empty() {
        if let Some(v) = pick(CLIENT).or_else(|| kv_pick(CLIENT)).or_else(|| phrase_from(&words)) {
            e.client = v.into_bytes();
        }
    }
}

/// `name=value` or `name="value"` in free text.
fn kv(s: &str, names: &[&str]) -> Option<String> {
    for part in s.split([' ', ',', ';']) {
        if let Some((k, v)) = part.split_once('=') {
            let k = k.trim_start_matches(['[', '(']);
            if names.iter().any(|n| k.eq_ignore_ascii_case(n)) {
                let v = v.trim_matches(['"', '\'', ')', ']']);
                if !v.is_empty() {
                    return Some(v.to_string());
                }
            }
        }
    }
    None
}

/// sshd/PAM: "… for [invalid user ]NAME from …".
fn phrase_user(words: &[&str]) -> Option<String> {
    for (i, w) in words.iter().enumerate() {
        if *w == "for" {
            let mut j = i + 1;
            if words.get(j) == Some(&"invalid") && words.get(j + 1) == Some(&"user") {
                j += 2;
            }
            if words.get(j + 1) == Some(&"from") {
                return words.get(j).map(|s| s.to_string());
            }
        }
    }
    None
}

fn phrase_from(words: &[&str]) -> Option<String> {
    let i = words.iter().position(|w| *w == "from")?;
    let v = words.get(i + 1)?;
    if v.parse::<std::net::IpAddr>().is_ok() {
        Some(v.to_string())
    } else {
        None
    }
}

/// RFC 6587 framing of a TCP stream, decided frame by frame: a frame that
/// starts with a digit is octet-counted (`LEN SP MSG`), any other is
/// terminated by LF (or NUL).
#[derive(Default)]
pub struct Framer {
    buf: Vec<u8>,
    pos: usize,
}

impl Framer {
    pub fn new() -> Self {
        Framer { buf: Vec::with_capacity(128 * 1024), pos: 0 }
    }

    pub fn push(&mut self, data: &[u8]) {
        if self.pos > 0 && self.pos == self.buf.len() {
            self.buf.clear();
            self.pos = 0;
        } else if self.pos > 64 * 1024 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        self.buf.extend_from_slice(data);
    }

    /// The next complete frame, if any. Empty lines are skipped.
    pub fn next_frame(&mut self) -> Option<&[u8]> {
        loop {
            let b = &self.buf[self.pos..];
            if b.is_empty() {
                return None;
            }
            // Octet counting: 1-7 digits (no leading zero), a space, then LEN
            // bytes starting with '<' (a message that merely starts with a
            // number is newline-framed).
            let digits = b.iter().take(8).take_while(|c| c.is_ascii_digit()).count();
            if digits > 0 && b[0] != b'0' && digits < 8 {
                if b.len() <= digits + 1 {
                    return None; // wait for more
                }
                if b[digits] == b' ' && b[digits + 1] == b'<' {
                    let len: usize = b[..digits].iter().fold(0, |a, &d| a * 10 + usize::from(d - b'0'));
                    let start = self.pos + digits + 1;
                    if self.buf.len() >= start + len {
                        self.pos = start + len;
                        let end = start + len.min(MAX_FRAME);
                        return Some(&self.buf[start..end]);
                    }
                    if len <= 16 * MAX_FRAME {
                        return None;
                    }
                    // Absurd length: fall through to newline framing.
                }
            }
            match b.iter().position(|&c| c == b'\n' || c == 0) {
                Some(0) => {
                    self.pos += 1;
                    continue;
                }
                Some(i) => {
                    let start = self.pos;
                    self.pos += i + 1;
                    let end = start + i.min(MAX_FRAME);
                    return Some(&self.buf[start..end]);
                }
                None if b.len() > MAX_FRAME => {
                    let start = self.pos;
                    self.pos = self.buf.len();
                    return Some(&self.buf[start..start + MAX_FRAME]);
                }
                None => return None,
            }
        }
    }

    /// What is left when the connection closes (a last unterminated frame).
    pub fn finish(&mut self) -> Option<&[u8]> {
        let start = self.pos;
        self.pos = self.buf.len();
        let b = &self.buf[start..];
        if b.iter().all(|c| c.is_ascii_whitespace() || *c == 0) {
            None
        } else {
            Some(&b[..b.len().min(MAX_FRAME)])
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    const T: i64 = 1_760_000_000_000_000_000; // 2025-10-09

    #[test]
    fn rfc5424_examples() {
        let m = b"<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \xEF\xBB\xBF'su root' failed for lonvick on /dev/pts/8";
        let e = parse(m, T, Transport::Tcp, "1.2.3.4:5");
        assert_eq!(e.format, Format::Rfc5424);
        assert_eq!((e.facility, e.severity), (Some(4), Some(2)));
        assert_eq!(e.hostname, b"mymachine.example.com");
        assert_eq!(e.app_name, b"su");
        assert_eq!(e.procid, b"");
        assert_eq!(e.msgid, b"ID47");
        assert_eq!(e.message, b"'su root' failed for lonvick on /dev/pts/8");
        assert_eq!(e.timestamp_ns, Some(1_065_910_455_003_000_000));
        let m = br#"<165>1 2003-10-11T22:14:15.003-07:00 mymachine evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][ex@1 user="nam \"x\"" action="login" ip="10.1.2.3"] An application event"#;
        let e = parse(m, T, Transport::Udp, "x");
        assert_eq!(e.format, Format::Rfc5424);
        assert!(e.structured_data.starts_with(b"[exampleSDID@32473"));
        assert_eq!(e.message, b"An application event");
        assert_eq!(e.account, b"nam \"x\"");
        assert_eq!(e.action, b"login");
        assert_eq!(e.client, b"10.1.2.3");
        let e = parse(b"<13>1 - - - - - -", T, Transport::Udp, "x");
        assert_eq!(e.format, Format::Rfc5424);
        assert_eq!(e.timestamp_ns, None);
    }

    #[test]
    fn rfc3164_and_variants() {
        let e = parse(
            b"<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8",
            T,
            Transport::Udp,
            "x",
        );
        assert_eq!(e.format, Format::Rfc3164);
        assert_eq!(e.hostname, b"mymachine");
        assert_eq!(e.app_name, b"su");
        assert_eq!(e.message, b"'su root' failed for lonvick on /dev/pts/8");
        // 2025-10-11 22:14:15 at UTC+7.
        assert_eq!(e.timestamp_ns, Some(1_760_195_655_000_000_000));
        let e = parse(
            b"<86>Jun  5 08:01:02 srv sshd[1234]: Accepted password for alice from 10.0.0.9 port 5555 ssh2",
            T,
            Transport::Tcp,
            "x",
        );
        assert_eq!((e.app_name.as_slice(), e.procid.as_slice()), (&b"sshd"[..], &b"1234"[..]));
        assert_eq!(e.account, b"alice");
        assert_eq!(e.client, b"10.0.0.9");
        // rsyslog forwarding format: RFC 3339 timestamp.
        let e = parse(b"<13>2025-06-15T10:00:00.123+07:00 web01 nginx: GET / user=bob", T, Transport::Tcp, "x");
        assert_eq!(e.hostname, b"web01");
        assert_eq!(e.app_name, b"nginx");
        assert_eq!(e.account, b"bob");
        // No header at all.
        let e = parse(b"<13>hello world", T, Transport::Udp, "x");
        assert_eq!(e.message, b"hello world");
        let e = parse(b"plain text", T, Transport::Udp, "x");
        assert_eq!(e.format, Format::Unparsed);
        // December message received in January.
        let jan = 1_767_300_000_000_000_000; // 2026-01-01T20:40Z
        let e = parse(b"<13>Dec 31 23:59:59 h a: x", jan, Transport::Udp, "x");
        assert!(e.timestamp_ns.unwrap() < jan);
    }

    #[test]
    fn framing_octet_counting_and_newlines() {
        let mut f = Framer::new();
        f.push(b"11 <13>1 - - -13 <13>1 - - - -\n<13>plain line\nrest");
        assert_eq!(f.next_frame().unwrap(), b"<13>1 - - -");
        assert_eq!(f.next_frame().unwrap(), b"<13>1 - - - -");
        assert_eq!(f.next_frame().unwrap(), b"<13>plain line");
        assert!(f.next_frame().is_none());
        f.push(b"\n5 <b");
        assert_eq!(f.next_frame().unwrap(), b"rest");
        assert!(f.next_frame().is_none());
        f.push(b"cde2025 is a year\n");
        assert_eq!(f.next_frame().unwrap(), b"<bcde");
        assert_eq!(f.next_frame().unwrap(), b"2025 is a year");
    }

    #[test]
    fn random_bytes_never_panic() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut f = Framer::new();
        for round in 0..20_000 {
            let len = (x % 300) as usize;
            let mut b = Vec::with_capacity(len);
            for _ in 0..len {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                b.push(match x % 8 {
                    0 => b'<',
                    1 => b'>',
                    2 => b' ',
                    3 => b'[',
                    4 => b'"',
                    5 => b'1',
                    _ => (x >> 8) as u8,
                });
            }
            if round % 3 == 0 {
                b.splice(0..0, b"<13>1 ".iter().copied());
            }
            let e = parse(&b, T, Transport::Udp, "x");
            assert!(e.encode().is_ok());
            f.push(&b);
            while let Some(fr) = f.next_frame() {
                let _ = parse(fr, T, Transport::Tcp, "x");
            }
        }
    }
}
