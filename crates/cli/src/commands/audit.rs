//! The CLI's own audit events (Điều 12.5, 16.2): imports, check runs, users
//! and tokens made from the command line are recorded like the console's,
//! then forwarded to the tamper-evident log when `--audit-log` names one
//! (see `tuanthu_web::audit_log`). Also `tuanthu audit verify`.

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};
use tuanthu_store::web::NewAudit;
use tuanthu_store::Store;
use tuanthu_tlog::store::TileSource;
use tuanthu_tlog::verify::Options;
use tuanthu_web::audit_log::{Forwarder, Target};

use crate::args::{AuditCommand, Global};

/// `cli:<OS user>`: who acted, as far as the command line knows.
#[must_use]
pub fn actor() -> String {
    format!("cli:{}", std::env::var("USER").or_else(|_| std::env::var("LOGNAME")).unwrap_or_else(|_| "?".into()))
}

/// The configured audit log, if any.
pub fn target(g: &Global) -> Result<Option<Target>> {
    let Some(spec) = &g.audit_log else { return Ok(None) };
    let token = match &g.audit_log_token_file {
        Some(f) => Some(
            std::fs::read_to_string(f)
                .with_context(|| format!("không đọc được / cannot read --audit-log-token-file {}", f.display()))?,
        ),
        None => std::env::var("TUANTHU_AUDIT_LOG_TOKEN").ok(),
    };
    Target::parse(spec, token).map(Some)
}

/// Records an event by the command line's user, then forwards what is
/// pending. Neither failure hides the command's own outcome: both are
/// reported on stderr.
pub fn record(g: &Global, store: &mut Store, action: &str, outcome: &str, target: Option<&str>, detail: Option<&str>) {
    let actor = actor();
    let e = NewAudit { actor: Some(&actor), action, outcome, target, ip: None, detail };
    if let Err(err) = store.web().append_audit(&e, chrono::Utc::now()) {
        eprintln!("lỗi ghi nhật ký / audit write failed: {err}");
    }
    forward(g, store);
}

/// Forwards pending audit rows to the configured log (if any).
pub fn forward(g: &Global, store: &mut Store) {
    let t = match target(g) {
        Ok(Some(t)) => t,
        Ok(None) => return,
        Err(e) => {
            eprintln!("cảnh báo / warning: {e:#}");
            return;
        }
    };
    if let Err(e) = Forwarder::new(t).forward_pending(store) {
        eprintln!(
            "cảnh báo / warning: sự kiện kiểm toán chờ chuyển vào nhật ký (sẽ thử lại ở lệnh sau hoặc bởi `tuanthu serve`) / audit events wait for the log (retried by the next command or by `tuanthu serve`): {e:#}"
        );
    }
}

pub fn run(g: &Global, cmd: &AuditCommand) -> Result<u8> {
    match cmd {
        AuditCommand::Forward => {
            let Some(t) = target(g)? else {
                anyhow::bail!("cần --audit-log DIR|URL / --audit-log DIR|URL is required");
            };
            let mut store = super::open_store(g)?;
            let n = Forwarder::new(t).forward_pending(&mut store)?;
            println!("Đã chuyển {n} sự kiện / forwarded {n} audit events");
            Ok(0)
        }
        AuditCommand::Verify { log, key } => verify(g, log, key.as_deref()),
    }
}

/// `tuanthu audit verify --log DIR|URL [--key VKEY]`: the log verifies as a
/// whole (every entry hashed into the signed tree), every audit row forwarded
/// to it matches its entry, and every entry of this database still has its
/// row.
fn verify(g: &Global, log: &str, key: Option<&str>) -> Result<u8> {
    let Some(mut store) = super::open_existing_store(g)? else {
        anyhow::bail!("không có cơ sở dữ liệu / no database at {}", g.db);
    };
    let key = key.map(super::log::parse_key).transpose()?;
    let (src, opts): (Box<dyn TileSource>, Options) = if log.starts_with("http://") {
        let Some(key) = key else {
            anyhow::bail!(
                "--log URL cần --key VERIFIER_KEY của nhật ký / --log URL needs the log's --key VERIFIER_KEY"
            );
        };
        let src = tuanthu_tlog::http::HttpSource { base: log.to_string(), timeout: Duration::from_secs(30) };
        (Box::new(src), Options { log_key: Some(key), ..Options::default() })
    } else {
        let dir = Path::new(log);
        (Box::new(tuanthu_web::audit_log::dir_source(dir)), tuanthu_tlog::verify::dir_options(dir, key, &[])?)
    };
    let tree = tuanthu_tlog::verify::verify(src.as_ref(), &opts)?;
    for p in &tree.problems {
        println!("SAI / FAIL: nhật ký / log: {p}");
    }
    let report = tuanthu_web::audit_log::verify(&mut store, &tree.origin, src.as_ref(), tree.size, opts.pruned_below)?;
    for p in &report.problems {
        println!("SAI / FAIL: {p}");
    }
    let (origin, size) = (&tree.origin, tree.size);
    println!(
        "{} sự kiện đã đối chiếu với nhật ký {origin} ({size} mục), {} chưa chuyển, {} sai lệch / {} audit rows checked against log {origin} ({size} entries), {} not yet forwarded, {} problems",
        report.checked,
        report.pending,
        report.problems.len() as u64 + tree.problem_count,
        report.checked,
        report.pending,
        report.problems.len() as u64 + tree.problem_count
    );
    if report.pruned > 0 {
        println!(
            "{0} sự kiện nằm trong phần nhật ký đã xoá nội dung (prune) nên không đối chiếu được / {0} audit rows fall in the pruned part of the log and cannot be compared",
            report.pruned
        );
    }
    Ok(u8::from(!report.problems.is_empty() || !tree.ok()))
}
