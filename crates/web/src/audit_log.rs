//! The product's own audit events in the tamper-evident log (issue 4 item 9).
//!
//! Điều 16.2: "Quản trị viên hệ thống và người sử dụng không được phép xóa
//! hoặc sửa đổi nhật ký hệ thống ghi lại các hoạt động của chính họ." The
//! `audit` table of the database is an administrator's to edit; the log is
//! not. So every audit row (login, failed login, lockout, import, check run,
//! user and role change, token…) is also appended to a `tuanthu log`:
//!
//! * the row is written to the database with the action (an outbox: its
//!   `log_index` is NULL);
//! * a forwarder sends pending rows, oldest first, and records where each
//!   landed (`log_origin`, `log_index`) — `tuanthu serve` every second, the
//!   CLI at the end of each command;
//! * `tuanthu audit verify` compares the database with the log and names
//!   every row altered or deleted since it was logged.
//!
//! The log is reached either directly (a log directory: this process takes
//! the log's writer lock for as long as it forwards) or over HTTP (`POST
//! /log/v1/entries` of a running `tuanthu log serve`, token-authenticated; it
//! answers once the entries are fsynced and covered by a signed checkpoint).

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::SecondsFormat;
use tuanthu_store::web::AuditEvent;
use tuanthu_store::Store;
use tuanthu_tlog::entry::{Entry, Transport};

/// `app_name` of every audit entry.
pub const APP_NAME: &str = "tuanthu";
/// `msgid` of every audit entry.
pub const MSG_ID: &str = "audit";
/// RFC 5424 SD-ID of the audit parameters (32473 is the private enterprise
/// number RFC 5612 reserves for documentation: tuanthu has none of its own).
pub const SD_ID: &str = "audit@32473";
/// Syslog facility 13, "log audit".
const FACILITY_LOG_AUDIT: u8 = 13;
/// Rows sent per request.
const BATCH: u32 = 500;

/// Where audit events go.
#[derive(Debug, Clone)]
pub enum Target {
    /// A log directory written directly (no `tuanthu log serve` on it).
    Dir(PathBuf),
    /// `http://HOST:PORT` of a `tuanthu log serve --http`, with an ingest token.
    Http { url: String, token: String },
}

impl Target {
    /// `http://…` (with `token`) or a directory path.
    pub fn parse(spec: &str, token: Option<String>) -> anyhow::Result<Target> {
        if spec.starts_with("http://") || spec.starts_with("https://") {
            let (host, _) = tuanthu_tlog::http::split_url(spec).map_err(|e| {
                anyhow::anyhow!("--audit-log {spec}: {e} (https:// is not supported: run the log server on this host)")
            })?;
            // Điều 12.4: nothing leaves the host unencrypted, and the client
            // only speaks plain HTTP.
            if !host_is_loopback(&host) {
                anyhow::bail!(
                    "--audit-log {spec}: máy chủ nhật ký phải ở cùng máy (loopback) vì kết nối không mã hóa (Điều 12.4) / the log server must be on this host (loopback): the connection is not encrypted (Điều 12.4)"
                );
            }
            let Some(token) = token.filter(|t| !t.trim().is_empty()) else {
                anyhow::bail!(
                    "--audit-log {spec}: thiếu mã ghi nhật ký (--audit-log-token-file hoặc TUANTHU_AUDIT_LOG_TOKEN; tạo bằng `tuanthu log token create`) / missing the ingest token (--audit-log-token-file or TUANTHU_AUDIT_LOG_TOKEN; make one with `tuanthu log token create`)"
                );
            };
            return Ok(Target::Http { url: spec.trim_end_matches('/').to_string(), token: token.trim().to_string() });
        }
        let dir = PathBuf::from(spec);
        if !dir.join(tuanthu_tlog::store::paths::CONFIG).is_file() {
            anyhow::bail!(
                "--audit-log {spec}: không phải thư mục nhật ký (tạo bằng `tuanthu log init --dir {spec} --origin TÊN`) / not a log directory (create it with `tuanthu log init --dir {spec} --origin NAME`)"
            );
        }
        Ok(Target::Dir(dir))
    }
}

fn host_is_loopback(host_port: &str) -> bool {
    let host = host_port.rsplit_once(':').map_or(host_port, |(h, _)| h);
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The RFC 5424 structured data of an audit event: everything the database
/// row says, so a verifier can compare the two field by field.
#[must_use]
pub fn structured_data(instance: &str, e: &AuditEvent) -> String {
    let mut sd = format!("[{SD_ID} instance=\"{}\" id=\"{}\"", sd_escape(instance), e.id);
    sd.push_str(&format!(" at=\"{}\"", e.at.to_rfc3339_opts(SecondsFormat::AutoSi, true)));
    for (name, value) in [
        ("actor", e.actor.as_deref()),
        ("action", Some(e.action.as_str())),
        ("outcome", Some(e.outcome.as_str())),
        ("target", e.target.as_deref()),
        ("ip", e.ip.as_deref()),
        ("detail", e.detail.as_deref()),
    ] {
        if let Some(v) = value {
            sd.push_str(&format!(" {name}=\"{}\"", sd_escape(v)));
        }
    }
    sd.push(']');
    sd
}

/// RFC 5424 §6.3.3: `"`, `\` and `]` are escaped in PARAM-VALUE.
fn sd_escape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        if matches!(c, '"' | '\\' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The line a person reads in `tuanthu log search`.
fn message(e: &AuditEvent) -> String {
    let mut m = format!("{} {} {}", e.actor.as_deref().unwrap_or("-"), e.action, e.outcome);
    if let Some(t) = &e.target {
        m.push_str(&format!(" target={t}"));
    }
    if let Some(d) = &e.detail {
        m.push_str(&format!(" detail={d}"));
    }
    m
}

/// One `POST /log/v1/entries` JSON line for an audit event.
#[must_use]
pub fn json_line(instance: &str, hostname: &str, e: &AuditEvent) -> String {
    let severity: u8 = if e.outcome == "ok" { 5 } else { 4 };
    serde_json::json!({
        "timestamp": e.at.to_rfc3339_opts(SecondsFormat::AutoSi, true),
        "hostname": hostname,
        "app_name": APP_NAME,
        "procid": std::process::id().to_string(),
        "msgid": MSG_ID,
        "facility": FACILITY_LOG_AUDIT,
        "severity": severity,
        "account": e.actor.clone().unwrap_or_default(),
        "action": e.action,
        "client": e.ip.clone().unwrap_or_default(),
        "structured_data": structured_data(instance, e),
        "message": message(e),
    })
    .to_string()
}

/// This machine's name, for the entries' `hostname`.
#[must_use]
pub fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "localhost".into())
}

/// A connection to the log that pending events are sent through.
pub struct Forwarder {
    target: Target,
    /// Held while forwarding to a directory (it takes the log's writer lock).
    writer: Option<tuanthu_tlog::store::LogWriter>,
    origin: Option<String>,
    hostname: String,
}

impl Forwarder {
    #[must_use]
    pub fn new(target: Target) -> Forwarder {
        Forwarder { target, writer: None, origin: None, hostname: hostname() }
    }

    #[must_use]
    pub fn target(&self) -> &Target {
        &self.target
    }

    /// Sends every pending audit row (oldest first) and records where each
    /// landed. Returns how many were forwarded. On error, the rows already
    /// sent are recorded and the rest stay pending for the next attempt.
    pub fn forward_pending(&mut self, store: &mut Store) -> anyhow::Result<u64> {
        let instance = store.web().instance_id()?;
        let mut sent = 0;
        let mut after = 0;
        loop {
            let rows = store.web().audit_after(after, BATCH, true)?;
            let Some(last) = rows.last() else { break };
            after = last.id;
            let lines: Vec<String> = rows.iter().map(|e| json_line(&instance, &self.hostname, e)).collect();
            let (origin, first) = self.append(&lines)?;
            let placed: Vec<(i64, u64)> = rows.iter().zip(first..).map(|(e, i)| (e.id, i)).collect();
            sent += store.web().mark_audit_logged(&origin, &placed)?;
            if rows.len() < BATCH as usize {
                break;
            }
        }
        Ok(sent)
    }

    /// Appends lines; returns the log's origin and the index of the first.
    fn append(&mut self, lines: &[String]) -> anyhow::Result<(String, u64)> {
        match &self.target {
            Target::Dir(dir) => {
                let dir = dir.clone();
                if self.writer.is_none() {
                    let (w, _) = tuanthu_tlog::store::LogWriter::open(&dir).map_err(|e| {
                        anyhow::anyhow!(
                            "nhật ký {} đang bận hoặc hỏng (nếu `tuanthu log serve` đang chạy trên thư mục này, dùng --audit-log http://…) / log {} is busy or damaged (if `tuanthu log serve` runs on it, use --audit-log http://…): {e}",
                            dir.display(),
                            dir.display()
                        )
                    })?;
                    self.origin = Some(tuanthu_tlog::store::load_config(&dir)?.origin);
                    self.writer = Some(w);
                }
                let (Some(w), Some(origin)) = (self.writer.as_mut(), self.origin.clone()) else {
                    anyhow::bail!("log writer not open");
                };
                let now = chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0);
                let mut entries = Vec::with_capacity(lines.len());
                for line in lines {
                    let mut e: Entry = tuanthu_tlog::server::json_entry(line, now, "tuanthu")
                        .map_err(|e| anyhow::anyhow!("audit entry: {e}"))?;
                    e.transport = Transport::Internal;
                    entries.push(e.encode()?);
                }
                let first = w.append_batch(&entries)?;
                w.checkpoint()?;
                Ok((origin, first))
            }
            Target::Http { url, token } => {
                let origin = match &self.origin {
                    Some(o) => o.clone(),
                    None => {
                        let o = http_origin(url)?;
                        self.origin = Some(o.clone());
                        o
                    }
                };
                let body = lines.join("\n");
                let auth = format!("Bearer {token}");
                let r = tuanthu_tlog::http::request(
                    "POST",
                    &format!("{url}/log/v1/entries"),
                    &[("Authorization", &auth), ("Content-Type", "application/jsonl")],
                    body.as_bytes(),
                    Duration::from_secs(30),
                )?;
                if r.status != 200 {
                    anyhow::bail!(
                        "{url}/log/v1/entries: HTTP {} {}",
                        r.status,
                        String::from_utf8_lossy(&r.body).chars().take(300).collect::<String>()
                    );
                }
                let v: serde_json::Value = serde_json::from_slice(&r.body)?;
                let first = v["first_index"].as_u64().ok_or_else(|| anyhow::anyhow!("{url}: no first_index"))?;
                let count = v["count"].as_u64().unwrap_or(0);
                if count != lines.len() as u64 {
                    anyhow::bail!("{url}: {count} entries acknowledged, {} sent", lines.len());
                }
                Ok((origin, first))
            }
        }
    }
}

/// The origin line of a log server's checkpoint.
fn http_origin(url: &str) -> anyhow::Result<String> {
    let r = tuanthu_tlog::http::request("GET", &format!("{url}/checkpoint"), &[], b"", Duration::from_secs(10))?;
    if r.status != 200 {
        anyhow::bail!("{url}/checkpoint: HTTP {}", r.status);
    }
    let text = String::from_utf8_lossy(&r.body);
    text.lines()
        .next()
        .map(str::to_string)
        .filter(|l| !l.is_empty())
        .ok_or_else(|| anyhow::anyhow!("{url}/checkpoint: empty"))
}

/// Forwards in the background, every `every`, on its own database
/// connection, until `stop` is set (used by `tuanthu serve`).
pub fn spawn(
    db_url: String,
    target: Target,
    every: Duration,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut forwarder = Forwarder::new(target);
        let mut store = None;
        let mut last_error = String::new();
        loop {
            // Checked before the pass, so that the events of the last
            // requests are still sent after `stop` is set.
            let stopping = stop.load(std::sync::atomic::Ordering::Relaxed);
            let result = (|| -> anyhow::Result<u64> {
                if store.is_none() {
                    store = Some(Store::open(&db_url)?);
                }
                let Some(s) = store.as_mut() else { return Ok(0) };
                forwarder.forward_pending(s)
            })();
            match result {
                Ok(_) => last_error.clear(),
                Err(e) => {
                    // Said once per distinct error, not every second.
                    let msg = format!("{e:#}");
                    if msg != last_error {
                        eprintln!("nhật ký kiểm toán chưa chuyển được / audit events not forwarded yet: {msg}");
                        last_error = msg;
                    }
                    forwarder.writer = None;
                    store = None;
                }
            }
            if stopping {
                break;
            }
            std::thread::sleep(every);
        }
    })
}

/// Entries of one database's audit events found in a log, by audit id.
pub type LoggedAudit = std::collections::BTreeMap<i64, (u64, Entry)>;

/// The audit events of database `instance` in the log read through `src`
/// (size from its verified checkpoint).
pub fn logged_audit(
    src: &dyn tuanthu_tlog::store::TileSource,
    size: u64,
    instance: &str,
) -> anyhow::Result<(LoggedAudit, Vec<String>)> {
    let mut found = LoggedAudit::new();
    let mut problems = Vec::new();
    let mut q = tuanthu_tlog::search::Query { app: Some(APP_NAME.into()), limit: 10_000, ..Default::default() };
    let want = format!("[{SD_ID} instance=\"{}\" id=\"", sd_escape(instance));
    loop {
        let r = tuanthu_tlog::search::search(src, size, &q)?;
        for (index, e, _) in &r.hits {
            let sd = String::from_utf8_lossy(&e.structured_data);
            let Some(rest) = sd.strip_prefix(&want) else { continue };
            let Some(id) = rest.split('"').next().and_then(|s| s.parse::<i64>().ok()) else {
                problems.push(format!("mục #{index}: mã sự kiện không đọc được / entry #{index}: unreadable audit id"));
                continue;
            };
            if let Some((first, earlier)) = found.get(&id) {
                // Sent again after a crash before the database recorded the
                // first placement: harmless when identical.
                if earlier.structured_data != e.structured_data {
                    problems.push(format!(
                        "sự kiện #{id} có hai mục khác nhau #{first} và #{index} / audit event #{id} appears twice with different contents, entries #{first} and #{index}"
                    ));
                }
                continue;
            }
            found.insert(id, (*index, e.clone()));
        }
        match r.next_after {
            Some(a) => q.after = Some(a),
            None => break,
        }
    }
    Ok((found, problems))
}

/// What `audit verify` found.
#[derive(Debug, Default)]
pub struct AuditVerification {
    /// Rows compared with their log entry.
    pub checked: u64,
    /// Rows not yet forwarded.
    pub pending: u64,
    /// Rows whose log entry's contents were pruned after the archive window
    /// (`tuanthu log retention --prune`): the hash is kept, the text is not,
    /// so they cannot be compared.
    pub pruned: u64,
    pub problems: Vec<String>,
}

/// Compares every audit row of `store` forwarded to the log `origin` with
/// the log's entries: a row whose entry says something else was altered, an
/// entry whose row is gone was deleted, a row pointing where no entry of it
/// is was forged.
pub fn verify(
    store: &mut Store,
    origin: &str,
    src: &dyn tuanthu_tlog::store::TileSource,
    size: u64,
    pruned_below: u64,
) -> anyhow::Result<AuditVerification> {
    let instance = store.web().instance_id()?;
    let (mut logged, problems) = logged_audit(src, size, &instance)?;
    let mut out = AuditVerification { problems, ..Default::default() };
    let mut after = 0;
    loop {
        let rows = store.web().audit_after(after, 5_000, false)?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        for row in &rows {
            match (&row.log_origin, row.log_index) {
                (None, _) | (_, None) => {
                    out.pending += 1;
                    // Possibly sent already, the answer not yet recorded.
                    logged.remove(&row.id);
                }
                (Some(o), Some(_)) if o != origin => {}
                (Some(_), Some(index)) if u64::try_from(index).is_ok_and(|i| i < pruned_below) => out.pruned += 1,
                (Some(_), Some(index)) => {
                    out.checked += 1;
                    match logged.remove(&row.id) {
                        None => out.problems.push(format!(
                            "sự kiện #{} ghi là ở mục #{index} nhưng nhật ký không có / audit row #{} claims log entry #{index}, which the log does not hold",
                            row.id, row.id
                        )),
                        Some((at, e)) => {
                            if u64::try_from(index).ok() != Some(at) {
                                out.problems.push(format!(
                                    "sự kiện #{} ghi là ở mục #{index}, nhật ký có ở mục #{at} / audit row #{} claims entry #{index}, the log has it at #{at}",
                                    row.id, row.id
                                ));
                            }
                            let expected = structured_data(&instance, row);
                            let logged_sd = String::from_utf8_lossy(&e.structured_data);
                            if logged_sd != expected {
                                out.problems.push(format!(
                                    "sự kiện #{} đã bị sửa trong cơ sở dữ liệu / audit row #{} was altered in the database:\n    log entry #{at}: {logged_sd}\n    database:       {expected}",
                                    row.id, row.id
                                ));
                            }
                        }
                    }
                }
            }
        }
    }
    for (id, (index, e)) in logged {
        out.problems.push(format!(
            "sự kiện #{id} đã bị xóa khỏi cơ sở dữ liệu / audit row #{id} was deleted from the database (log entry #{index}: {})",
            String::from_utf8_lossy(&e.structured_data)
        ));
    }
    Ok(out)
}

/// A log directory as a tile source (entries read as stored).
#[must_use]
pub fn dir_source(dir: &Path) -> tuanthu_tlog::store::DirSource {
    tuanthu_tlog::store::DirSource { dir: dir.to_path_buf() }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn event() -> AuditEvent {
        AuditEvent {
            id: 42,
            at: chrono::DateTime::parse_from_rfc3339("2026-11-25T03:04:05.123456Z").unwrap().to_utc(),
            actor: Some("nguyen\"van]a".into()),
            action: "role_change".into(),
            outcome: "ok".into(),
            target: Some("tranb".into()),
            ip: Some("127.0.0.1".into()),
            detail: Some("admin, auditor\\x".into()),
            log_origin: None,
            log_index: None,
        }
    }

    #[test]
    fn structured_data_escapes_rfc5424_param_values_and_keeps_every_field() {
        let sd = structured_data("abc", &event());
        assert_eq!(
            sd,
            r#"[audit@32473 instance="abc" id="42" at="2026-11-25T03:04:05.123456Z" actor="nguyen\"van\]a" action="role_change" outcome="ok" target="tranb" ip="127.0.0.1" detail="admin, auditor\\x"]"#
        );
        // The log's own SD parser reads it back.
        let params = tuanthu_tlog::syslog::sd_params(sd.as_bytes());
        assert!(params.iter().any(|(id, k, v)| id == SD_ID && k == "actor" && v == "nguyen\"van]a"), "{params:?}");
    }

    #[test]
    fn json_lines_become_log_entries_with_account_action_and_client() {
        let line = json_line("abc", "host1", &event());
        let e = tuanthu_tlog::server::json_entry(&line, 1, "src").unwrap();
        assert_eq!(e.account, b"nguyen\"van]a");
        assert_eq!(e.action, b"role_change");
        assert_eq!(e.client, b"127.0.0.1");
        assert_eq!(e.app_name, APP_NAME.as_bytes());
        assert_eq!(e.facility, Some(13));
        assert_eq!(e.timestamp_ns, Some(event().at.timestamp_nanos_opt().unwrap()));
    }

    #[test]
    fn a_remote_plain_http_log_is_refused_and_a_token_is_required() {
        assert!(Target::parse("http://10.0.0.5:8090", Some("t".into())).is_err());
        assert!(Target::parse("http://127.0.0.1:8090", None).is_err());
        assert!(matches!(Target::parse("http://127.0.0.1:8090/", Some("t".into())).unwrap(), Target::Http { .. }));
        assert!(matches!(Target::parse("http://[::1]:8090", Some("t".into())).unwrap(), Target::Http { .. }));
        assert!(Target::parse("/nonexistent/log", None).is_err());
    }
}
