//! Cisco IOS / IOS-XE (and NX-OS) device outputs → `network_ports` rows.
//!
//! Reads the two outputs an auditor collects from each switch, as saved by a
//! terminal, a script or a config archive: `show running-config` and `show
//! interfaces status`. A file may hold one of them or both (a session log
//! with prompts, `SW-01#show running-config`); the outputs of one device may
//! come in several files. The device is named by the `hostname` line of its
//! configuration, else by the prompt, else by the file name (without
//! extension and without a trailing `-status`, `_running-config`, …).
//!
//! Real-world captures are tolerated: CRLF or lone CR line ends, a UTF-8 or
//! UTF-16 byte-order mark, `--More--` pagination with the backspaces and
//! spaces the terminal uses to erase it, other `show` commands in between,
//! abbreviated interface names (`Gi1/0/1` = `GigabitEthernet1/0/1`), names
//! and VLANs with spaces (`pvlan prom`), descriptions that contain status
//! words, NX-OS `--` for an empty name and truncated states (`xcvrAbsen`).
//!
//! Only physical ports and port-channels are kept (not `Vlan`, `Loopback`,
//! `Tunnel`, …): those are what Điều 9.1.d asks to shut down when unused.

use std::collections::BTreeMap;

use tuanthu_core::evidence::schema::Value;
use tuanthu_core::evidence::schema_ops::NETWORK_PORTS;

use crate::error::{ImportError, Problem};
use crate::table::Warning;

/// Largest file accepted (device outputs are kilobytes; anything this big is not one).
pub const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;

/// Interface name prefixes: the abbreviations Cisco prints, and the full name.
const PREFIXES: &[(&str, &str)] = &[
    ("fa", "FastEthernet"),
    ("gi", "GigabitEthernet"),
    ("te", "TenGigabitEthernet"),
    ("tw", "TwoGigabitEthernet"),
    ("twe", "TwentyFiveGigE"),
    ("fi", "FiveGigabitEthernet"),
    ("fo", "FortyGigabitEthernet"),
    ("hu", "HundredGigE"),
    ("fou", "FourHundredGigE"),
    ("et", "Ethernet"),
    ("eth", "Ethernet"),
    ("po", "Port-channel"),
    ("ap", "AppGigabitEthernet"),
    ("se", "Serial"),
    ("vl", "Vlan"),
    ("lo", "Loopback"),
    ("tu", "Tunnel"),
    ("mgmt", "mgmt"),
];

/// Logical interfaces: never "ports" in the sense of Điều 9.1.d.
const LOGICAL: &[&str] = &[
    "Vlan",
    "Loopback",
    "Tunnel",
    "Null",
    "BDI",
    "BVI",
    "Dialer",
    "Virtual-Template",
    "Virtual-Access",
    "nve",
    "Bluetooth",
    "Wlan-GigabitEthernet",
];

/// The full name of an interface: `Gi1/0/1` → `GigabitEthernet1/0/1`,
/// `gigabitethernet 1/0/1` → `GigabitEthernet1/0/1`; unknown prefixes are kept.
#[must_use]
pub fn canonical_interface(name: &str) -> String {
    let name = name.trim();
    let split = name.find(|c: char| c.is_ascii_digit()).unwrap_or(name.len());
    let (prefix, rest) = name.split_at(split);
    let prefix = prefix.trim();
    let lower = prefix.to_ascii_lowercase();
    let full = PREFIXES
        .iter()
        .find(|(abbr, _)| *abbr == lower)
        .or_else(|| PREFIXES.iter().find(|(_, full)| full.to_ascii_lowercase() == lower))
        .map(|(_, full)| *full)
        .or_else(|| {
            // A longer abbreviation (`Gig`, `TenGig`) that only one full name starts with.
            let mut m = PREFIXES
                .iter()
                .map(|(_, f)| *f)
                .filter(|f| lower.len() >= 3 && f.to_ascii_lowercase().starts_with(&lower));
            let first = m.next();
            if m.all(|f| Some(f) == first) {
                first
            } else {
                None
            }
        });
    match full {
        Some(f) => format!("{f}{rest}"),
        None => format!("{prefix}{rest}"),
    }
}

fn is_logical(canonical: &str) -> bool {
    LOGICAL.iter().any(|l| {
        canonical.len() > l.len()
            && canonical[..l.len()].eq_ignore_ascii_case(l)
            && canonical[l.len()..].starts_with(|c: char| c.is_ascii_digit())
    })
}

/// Whether a token looks like an interface name (`Gi1/0/1`, `Eth1/1`, `Po12`, `mgmt0`).
fn looks_like_interface(token: &str) -> bool {
    let Some(first_digit) = token.find(|c: char| c.is_ascii_digit()) else { return false };
    first_digit > 0
        && token[..first_digit].chars().all(|c| c.is_ascii_alphabetic() || c == '-')
        && token[first_digit..].chars().all(|c| c.is_ascii_digit() || matches!(c, '/' | '.' | ':'))
}

/// Link states of `show interfaces status`, and the truncated forms NX-OS prints.
fn parse_status(token: &str) -> Option<&'static str> {
    let t = token.to_ascii_lowercase();
    const FULL: &[(&str, &str)] = &[
        ("connected", "connected"),
        ("notconnect", "notconnect"),
        ("notconnec", "notconnect"),
        ("disabled", "disabled"),
        ("err-disabled", "err-disabled"),
        ("errdisabled", "err-disabled"),
        ("sfpabsent", "sfpabsent"),
        ("xcvrabsent", "xcvrabsent"),
        ("inactive", "inactive"),
        ("suspended", "suspended"),
        ("suspnd", "suspended"),
        ("monitoring", "monitoring"),
        ("nooperm", "other"),
        ("faulty", "other"),
        ("down", "notconnect"),
        ("up", "connected"),
    ];
    if let Some((_, s)) = FULL.iter().find(|(k, _)| *k == t) {
        return Some(s);
    }
    // NX-OS truncates to the column width: `xcvrAbsen`, `err-disab`, `linkFlapE`, `noOperMem`.
    match t.as_str() {
        _ if t.len() >= 7 && "xcvrabsent".starts_with(&t) => Some("xcvrabsent"),
        _ if t.len() >= 7 && "sfpabsent".starts_with(&t) => Some("sfpabsent"),
        _ if t.len() >= 7 && "err-disabled".starts_with(&t) => Some("err-disabled"),
        _ if t.starts_with("linkflap") || t.starts_with("bpduguard") || t.starts_with("errdis") => Some("err-disabled"),
        _ if t.starts_with("nooper") || t.starts_with("sfpinval") || t.starts_with("channeldo") => Some("other"),
        _ => None,
    }
}

fn is_duplex(token: &str) -> bool {
    let t = token.to_ascii_lowercase();
    matches!(t.as_str(), "auto" | "full" | "half" | "a-full" | "a-half" | "unknown")
}

/// Replays what a terminal shows for one line: backspaces move the cursor
/// left, a lone CR returns to the line start, later characters overwrite.
fn terminal_line(raw: &str) -> String {
    if !raw.contains(['\u{8}', '\r']) {
        return raw.to_string();
    }
    let mut buf: Vec<char> = Vec::with_capacity(raw.len());
    let mut cursor = 0usize;
    for c in raw.chars() {
        match c {
            '\u{8}' => cursor = cursor.saturating_sub(1),
            '\r' => cursor = 0,
            c => {
                if cursor < buf.len() {
                    buf[cursor] = c;
                } else {
                    buf.push(c);
                }
                cursor += 1;
            }
        }
    }
    buf.into_iter().collect::<String>().trim_end().to_string()
}

/// Removes pager prompts a terminal left behind (`--More--`, `<--- More --->`).
fn strip_pager(line: &str) -> String {
    let mut s = line.to_string();
    let mut stripped = false;
    for marker in ["<--- More --->", "--More--", "-- More --", " --More-- "] {
        while let Some(i) = s.find(marker) {
            s.replace_range(i..i + marker.len(), "");
            stripped = true;
        }
    }
    if stripped {
        // The page break wrote the marker at the start of a line: what follows starts afresh.
        s.trim_start().to_string()
    } else {
        s
    }
}

/// Text of a file: UTF-8 (BOM optional) or UTF-16 with a BOM; invalid bytes
/// become U+FFFD (descriptions in legacy encodings must not stop an import).
fn decode(bytes: &[u8]) -> (String, bool) {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        let s = String::from_utf8_lossy(rest);
        let lossy = matches!(s, std::borrow::Cow::Owned(_));
        return (s.into_owned(), lossy);
    }
    for (bom, enc) in [(&[0xFF, 0xFE][..], encoding_rs::UTF_16LE), (&[0xFE, 0xFF][..], encoding_rs::UTF_16BE)] {
        if bytes.starts_with(bom) {
            let (s, _, bad) = enc.decode(bytes);
            return (s.into_owned(), bad);
        }
    }
    let s = String::from_utf8_lossy(bytes);
    let lossy = matches!(s, std::borrow::Cow::Owned(_));
    (s.into_owned(), lossy)
}

/// One interface block of a running configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfigInterface {
    pub name: String,
    pub shutdown: bool,
    pub description: Option<String>,
    pub mode: Option<&'static str>,
    pub access_vlan: Option<String>,
    pub line: usize,
}

/// One row of `show interfaces status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusRow {
    pub port: String,
    pub name: Option<String>,
    pub status: &'static str,
    pub vlan: Option<String>,
    pub line: usize,
}

/// What one file says about one device.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedFile {
    pub file: String,
    /// From `hostname`, else the prompt.
    pub hostname: Option<String>,
    pub from_prompt: bool,
    pub version: Option<String>,
    /// `Some` when the file holds a running configuration.
    pub config: Option<Vec<ConfigInterface>>,
    /// `Some` when the file holds `show interfaces status` output.
    pub status: Option<Vec<StatusRow>>,
    pub lossy: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    /// No prompt seen yet: recognise outputs by their content.
    Unknown,
    Config,
    Status,
    Other,
}

/// A CLI prompt with a command: `SW-01#show run`, `SW-01>sh int status`.
fn prompt(line: &str) -> Option<(&str, &str)> {
    let i = line.find(['#', '>'])?;
    let (host, rest) = line.split_at(i);
    let cmd = rest[1..].trim();
    let host_ok = !host.is_empty()
        && host.len() <= 63
        && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '(' | ')'));
    host_ok.then_some((host, cmd))
}

fn classify(cmd: &str) -> Section {
    let words: Vec<String> = cmd.split_whitespace().map(str::to_ascii_lowercase).collect();
    let Some(first) = words.first() else { return Section::Other };
    if !"show".starts_with(first.as_str()) || first.len() < 2 {
        return Section::Other;
    }
    let w = |i: usize| words.get(i).map_or("", String::as_str);
    if w(1).len() >= 2 && ("running-config".starts_with(w(1)) || w(1) == "run") {
        return Section::Config;
    }
    if w(1).len() >= 3 && "interfaces".starts_with(w(1)) && w(2).len() >= 3 && "status".starts_with(w(2)) {
        return Section::Status;
    }
    Section::Other
}

/// Column starts of a `show interfaces status` header.
struct Columns {
    name: usize,
    status: usize,
}

fn header(line: &str) -> Option<Columns> {
    let t = line.trim_start();
    if !t.starts_with("Port") {
        return None;
    }
    let name = line.find("Name")?;
    let status = line.find("Status")?;
    line.find("Vlan")?;
    (name < status).then_some(Columns { name, status })
}

/// The tokens of a line with their byte offsets.
fn tokens(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, &line[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &line[s..]));
    }
    out
}

/// Parses one status row; `cols` are the header's offsets when a header was seen.
fn status_row(line: &str, no: usize, cols: Option<&Columns>) -> Option<StatusRow> {
    if line.starts_with(char::is_whitespace) {
        return None;
    }
    let toks = tokens(line);
    let (_, port) = *toks.first()?;
    if !looks_like_interface(port) || toks.get(1).is_some_and(|(_, t)| *t == "is") {
        return None;
    }
    // The state: the token under the header's Status column when it is one;
    // otherwise the last state word followed by at least vlan, duplex, speed.
    let by_column = cols.and_then(|c| {
        (1..toks.len()).find(|&i| {
            let (off, t) = toks[i];
            (off <= c.status && c.status < off + t.len()) || off >= c.status
        })
    });
    let idx = match by_column {
        Some(i) if parse_status(toks[i].1).is_some() => i,
        _ => (1..toks.len()).rev().find(|&i| parse_status(toks[i].1).is_some() && toks.len() - i > 3)?,
    };
    let (st_off, st_tok) = toks[idx];
    let status = parse_status(st_tok)?;
    let name_start = cols.map_or_else(|| toks.get(1).map_or(st_off, |t| t.0), |c| c.name.min(st_off));
    let name = line.get(name_start.max(port.len())..st_off).unwrap_or("").trim();
    let name = (!name.is_empty() && name != "--").then(|| name.to_string());
    let after = &toks[idx + 1..];
    let vlan_end = after.iter().position(|(_, t)| is_duplex(t)).filter(|&p| p > 0).unwrap_or(1.min(after.len()));
    let vlan = after[..vlan_end].iter().map(|(_, t)| *t).collect::<Vec<_>>().join(" ");
    Some(StatusRow {
        port: canonical_interface(port),
        name,
        status,
        vlan: (!vlan.is_empty()).then_some(vlan),
        line: no,
    })
}

/// Words that only occur inside an interface block: an unindented line
/// starting with one (indentation lost to a pager) still belongs to it.
fn interface_subcommand(line: &str) -> bool {
    const WORDS: &[&str] = &[
        "shutdown",
        "description",
        "switchport",
        "speed",
        "duplex",
        "spanning-tree",
        "channel-group",
        "storm-control",
        "power",
        "authentication",
        "dot1x",
        "mab",
        "media-type",
        "negotiation",
        "load-interval",
        "service-policy",
        "udld",
        "mls",
        "auto",
        "device-tracking",
        "ip",
        "ipv6",
        "mtu",
        "bandwidth",
        "encapsulation",
        "cdp",
        "lldp",
        "vrf",
        "standby",
        "vrrp",
        "keepalive",
        "logging",
        "snmp",
        "trust",
    ];
    let mut w = line.split_whitespace();
    match w.next() {
        Some("no") | Some("default") => w.next().is_some_and(|x| WORDS.contains(&x) && x != "ip" && x != "logging"),
        Some(x) => WORDS.contains(&x) && x != "ip" && x != "logging" && x != "snmp" && x != "vrf",
        None => false,
    }
}

/// Parses one file. `Err` when it holds neither output (or is too large).
pub fn parse_file(file: &str, bytes: &[u8]) -> Result<ParsedFile, Vec<ImportError>> {
    let err = |vi: String, en: String| vec![ImportError::file_level(file, Problem::Other { vi, en })];
    if bytes.len() > MAX_FILE_BYTES {
        return Err(err(
            format!(
                "tệp quá lớn ({} byte, tối đa {MAX_FILE_BYTES}); không phải kết quả lệnh của một thiết bị",
                bytes.len()
            ),
            format!("file too large ({} bytes, at most {MAX_FILE_BYTES}); not the output of one device", bytes.len()),
        ));
    }
    let (text, lossy) = decode(bytes);
    let mut out = ParsedFile { file: file.to_string(), lossy, ..ParsedFile::default() };
    let mut section = Section::Unknown;
    let mut cols: Option<Columns> = None;
    let mut in_status_table = false;
    let mut current: Option<ConfigInterface> = None;
    let mut config: Vec<ConfigInterface> = Vec::new();
    let mut saw_config = false;
    let mut status: Vec<StatusRow> = Vec::new();
    let mut saw_status = false;
    let mut prompt_host: Option<String> = None;
    for (i, raw) in text.split('\n').enumerate() {
        let no = i + 1;
        let line = strip_pager(&terminal_line(raw.strip_suffix('\r').unwrap_or(raw)));
        if let Some((host, cmd)) = prompt(&line) {
            if let Some(c) = current.take() {
                config.push(c);
            }
            if !cmd.is_empty() {
                prompt_host.get_or_insert_with(|| host.to_string());
                section = classify(cmd);
                in_status_table = false;
                cols = None;
                if section == Section::Status {
                    saw_status = true;
                }
                continue;
            }
            if section != Section::Unknown {
                section = Section::Other;
                continue;
            }
        }
        if section == Section::Other {
            continue;
        }
        // Status table.
        if section != Section::Config {
            if let Some(c) = header(&line) {
                cols = Some(c);
                in_status_table = true;
                saw_status = true;
                continue;
            }
            if in_status_table || section == Section::Status {
                if let Some(row) = status_row(&line, no, cols.as_ref()) {
                    status.push(row);
                    continue;
                }
                if section == Section::Status || line.trim().is_empty() || line.trim_start().starts_with('-') {
                    continue;
                }
                in_status_table = false;
            }
        }
        // Running configuration.
        let trimmed = line.trim();
        let indented = line.starts_with(char::is_whitespace);
        if !indented {
            if let Some(h) = trimmed.strip_prefix("hostname ") {
                out.hostname = Some(h.trim().trim_matches('"').to_string());
                saw_config = true;
                continue;
            }
            if let Some(v) = trimmed.strip_prefix("version ") {
                out.version.get_or_insert_with(|| v.trim().to_string());
                continue;
            }
            if trimmed.starts_with("Building configuration") || trimmed.starts_with("Current configuration") {
                saw_config = true;
                continue;
            }
        }
        if let Some(name) = trimmed.strip_prefix("interface ").filter(|_| !indented) {
            if let Some(c) = current.take() {
                config.push(c);
            }
            saw_config = true;
            current = Some(ConfigInterface { name: canonical_interface(name), line: no, ..ConfigInterface::default() });
            continue;
        }
        let Some(c) = current.as_mut() else { continue };
        if trimmed == "!" || trimmed == "end" || (!indented && !trimmed.is_empty() && !interface_subcommand(trimmed)) {
            if let Some(c) = current.take() {
                config.push(c);
            }
            continue;
        }
        let words: Vec<&str> = trimmed.split_whitespace().collect();
        match words.as_slice() {
            ["shutdown"] => c.shutdown = true,
            ["no", "shutdown"] => c.shutdown = false,
            ["description", ..] => {
                c.description = Some(trimmed["description".len()..].trim().to_string()).filter(|d| !d.is_empty());
            }
            ["switchport", "mode", m, ..] => {
                c.mode = Some(match *m {
                    "access" => "access",
                    "trunk" => "trunk",
                    _ => "other",
                });
            }
            ["switchport", "access", "vlan", v, ..] => c.access_vlan = Some((*v).to_string()),
            ["no", "switchport"] => c.mode = Some("routed"),
            _ => {}
        }
    }
    if let Some(c) = current.take() {
        config.push(c);
    }
    if out.hostname.is_none() {
        out.hostname = prompt_host;
        out.from_prompt = out.hostname.is_some();
    }
    if saw_config {
        out.config = Some(config);
    }
    if saw_status {
        out.status = Some(status);
    }
    if out.config.is_none() && out.status.is_none() {
        return Err(err(
            "không nhận ra kết quả \"show running-config\" hay \"show interfaces status\" của thiết bị Cisco".into(),
            "no Cisco \"show running-config\" or \"show interfaces status\" output recognised".into(),
        ));
    }
    Ok(out)
}

/// The device name a file name suggests: `SW-01_show-interfaces-status.txt` → `SW-01`.
#[must_use]
pub fn device_from_file_name(file: &str) -> String {
    let stem = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let mut stem = match stem.rfind('.') {
        Some(i) if i > 0 => &stem[..i],
        _ => stem,
    };
    const SUFFIXES: &[&str] = &[
        "show-interfaces-status",
        "show-interface-status",
        "show-int-status",
        "interfaces-status",
        "interface-status",
        "int-status",
        "status",
        "show-running-config",
        "running-config",
        "show-run",
        "run",
        "config",
        "confg",
        "cfg",
    ];
    let norm = |s: &str| s.to_ascii_lowercase().replace(['_', '.', ' '], "-");
    loop {
        let n = norm(stem);
        let Some(suffix) = SUFFIXES.iter().find(|s| n.ends_with(&format!("-{s}"))) else { break };
        stem = &stem[..stem.len() - suffix.len() - 1];
    }
    stem.to_string()
}

/// The ports of one device, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct DevicePorts {
    pub device: String,
    /// Files the facts come from.
    pub sources: Vec<String>,
    /// `network_ports` rows (schema order).
    pub rows: Vec<Vec<Value>>,
}

/// The result of reading a set of device files.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkImport {
    pub devices: Vec<DevicePorts>,
    pub warnings: Vec<Warning>,
}

fn warn(file: &str, vi: String, en: String) -> Warning {
    Warning { file: file.to_string(), row: 0, message_vi: vi, message_en: en }
}

/// Reads device files (`(file name, bytes)`) and groups them by device.
/// Every file is checked; any error means no result at all. With
/// `skip_unrecognised`, a file holding neither output is skipped with a
/// warning instead (a directory may hold notes beside the captures).
pub fn parse_devices(
    files: &[(String, Vec<u8>)],
    system: Option<&str>,
    skip_unrecognised: bool,
) -> Result<NetworkImport, Vec<ImportError>> {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut parsed = Vec::new();
    for (name, bytes) in files {
        match parse_file(name, bytes) {
            Ok(p) => parsed.push(p),
            Err(e) if skip_unrecognised && bytes.len() <= MAX_FILE_BYTES => {
                for e in e {
                    warnings.push(warn(
                        name,
                        format!("bỏ qua: {}", e.problem.message_vi()),
                        format!("skipped: {}", e.problem.message_en()),
                    ));
                }
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    // Group: devices named by a configuration first, then by prompt, then by file name.
    let mut by_device: BTreeMap<String, (String, Vec<ParsedFile>)> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    parsed.sort_by_key(|p| (p.hostname.is_none(), p.from_prompt));
    for p in parsed {
        let name = p.hostname.clone().unwrap_or_else(|| device_from_file_name(&p.file));
        let key = name.to_lowercase();
        match by_device.get_mut(&key) {
            Some((_, v)) => v.push(p),
            None => {
                order.push(key.clone());
                by_device.insert(key, (name, vec![p]));
            }
        }
    }
    let mut devices = Vec::new();
    for key in order {
        let Some((device, files)) = by_device.remove(&key) else { continue };
        let configs: Vec<&ParsedFile> = files.iter().filter(|f| f.config.is_some()).collect();
        let statuses: Vec<&ParsedFile> = files.iter().filter(|f| f.status.is_some()).collect();
        for (what, list) in [("show running-config", &configs), ("show interfaces status", &statuses)] {
            if list.len() > 1 {
                let names: Vec<&str> = list.iter().map(|f| f.file.as_str()).collect();
                errors.push(ImportError::file_level(
                    list[1].file.as_str(),
                    Problem::Other {
                        vi: format!(
                            "thiết bị {device} có hơn một kết quả \"{what}\" ({}); chỉ giữ một",
                            names.join(", ")
                        ),
                        en: format!(
                            "device {device} has more than one \"{what}\" output ({}); keep one",
                            names.join(", ")
                        ),
                    },
                ));
            }
        }
        let first = files.first().map_or("", |f| f.file.as_str());
        for f in &files {
            if f.lossy {
                warnings.push(warn(
                    &f.file,
                    "có byte không phải UTF-8, đã thay bằng �".into(),
                    "bytes that are not UTF-8 were replaced by �".into(),
                ));
            }
        }
        if configs.is_empty() {
            warnings.push(warn(
                first,
                format!("thiết bị {device}: không có \"show running-config\"; không biết cổng nào đã shutdown"),
                format!("device {device}: no \"show running-config\"; which ports are shut down is unknown"),
            ));
        }
        if statuses.is_empty() {
            warnings.push(warn(
                first,
                format!("thiết bị {device}: không có \"show interfaces status\"; không biết cổng nào đang sử dụng"),
                format!("device {device}: no \"show interfaces status\"; which ports are in use is unknown"),
            ));
        }
        let config = configs.first().and_then(|f| f.config.as_ref());
        let status = statuses.first().and_then(|f| f.status.as_ref());
        let source = files.iter().map(|f| f.file.as_str()).collect::<Vec<_>>().join("+");
        // Ports in status order, then configured ports the status output does not list.
        let mut names: Vec<String> = Vec::new();
        for r in status.into_iter().flatten() {
            if !names.contains(&r.port) {
                names.push(r.port.clone());
            }
        }
        for c in config.into_iter().flatten() {
            if !names.contains(&c.name) {
                names.push(c.name.clone());
            }
        }
        let mut rows = Vec::new();
        for n in names.iter().filter(|n| !is_logical(n)) {
            let st = status.and_then(|s| s.iter().find(|r| &r.port == n));
            let cf = config.and_then(|c| c.iter().find(|i| &i.name == n));
            let vlan = cf.and_then(|c| c.access_vlan.clone()).or_else(|| st.and_then(|s| s.vlan.clone()));
            let mode = cf.and_then(|c| c.mode).or_else(|| match st.and_then(|s| s.vlan.as_deref()) {
                Some("trunk") => Some("trunk"),
                Some("routed") => Some("routed"),
                Some(v) if v.chars().all(|c| c.is_ascii_digit()) => Some("access"),
                Some(_) => Some("other"),
                None => None,
            });
            let text = |s: Option<String>| s.map_or(Value::Null, Value::Text);
            let mut row = vec![Value::Null; NETWORK_PORTS.columns.len()];
            row[0] = Value::Text(device.clone());
            row[1] = Value::Text(n.clone());
            row[2] = text(st.map(|s| s.status.to_string()));
            row[3] = match (config, cf) {
                (Some(_), Some(c)) => Value::Bool(c.shutdown),
                _ => Value::Null,
            };
            row[4] = text(mode.map(str::to_string));
            row[5] = text(vlan);
            row[6] = text(cf.and_then(|c| c.description.clone()).or_else(|| st.and_then(|s| s.name.clone())));
            row[7] = text(system.map(str::to_string));
            row[8] = Value::Text(source.clone());
            rows.push(row);
        }
        if rows.is_empty() {
            warnings.push(warn(
                first,
                format!("thiết bị {device}: không có cổng vật lý nào"),
                format!("device {device}: no physical ports found"),
            ));
        }
        devices.push(DevicePorts { device, sources: files.iter().map(|f| f.file.clone()).collect(), rows });
    }
    if errors.is_empty() {
        Ok(NetworkImport { devices, warnings })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn interface_names_expand() {
        assert_eq!(canonical_interface("Gi1/0/1"), "GigabitEthernet1/0/1");
        assert_eq!(canonical_interface("GigabitEthernet1/0/1"), "GigabitEthernet1/0/1");
        assert_eq!(canonical_interface("gigabitethernet1/0/1"), "GigabitEthernet1/0/1");
        assert_eq!(canonical_interface("Fa0/24"), "FastEthernet0/24");
        assert_eq!(canonical_interface("Te1/1/4"), "TenGigabitEthernet1/1/4");
        assert_eq!(canonical_interface("Tw1/0/3"), "TwoGigabitEthernet1/0/3");
        assert_eq!(canonical_interface("Twe1/0/1"), "TwentyFiveGigE1/0/1");
        assert_eq!(canonical_interface("Eth1/10"), "Ethernet1/10");
        assert_eq!(canonical_interface("Po12"), "Port-channel12");
        assert_eq!(canonical_interface("TenGig1/1/1"), "TenGigabitEthernet1/1/1");
        assert_eq!(canonical_interface("mgmt0"), "mgmt0");
        assert_eq!(canonical_interface("Xyz3"), "Xyz3");
        assert!(is_logical("Vlan10") && is_logical("Loopback0") && !is_logical("GigabitEthernet1/0/1"));
    }

    #[test]
    fn pager_and_backspaces_are_replayed() {
        let raw = " --More-- \u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}          \u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8} switchport mode access";
        assert_eq!(strip_pager(&terminal_line(raw)), " switchport mode access");
        assert_eq!(strip_pager(" --More--         interface GigabitEthernet1/0/5"), "interface GigabitEthernet1/0/5");
        assert_eq!(terminal_line("abc\rxy"), "xyc");
    }

    #[test]
    fn file_names_give_device_names() {
        assert_eq!(device_from_file_name("SW-01_show-interfaces-status.txt"), "SW-01");
        assert_eq!(device_from_file_name("sw-kv01-core.running-config.cfg"), "sw-kv01-core");
        assert_eq!(device_from_file_name("SW-02-status.log"), "SW-02");
        assert_eq!(device_from_file_name("SW-03.txt"), "SW-03");
    }
}
