//! `tuanthu log …`: the tamper-evident central log (Điều 12.5, 16).

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};
use clap::{Args, Subcommand};
use tuanthu_tlog::note::NoteVerifier;
use tuanthu_tlog::server::{self, ServeConfig};
use tuanthu_tlog::store::{self, paths, DirSource, TileSource};
use tuanthu_tlog::verify::{self, Options, Report};
use tuanthu_tlog::{search, tiles};

use crate::args::{Global, TextOrJson};

#[derive(Subcommand, Debug)]
pub enum LogCommand {
    /// Create a log in DIR (keys, empty signed checkpoint); prints the verifier key
    Init {
        #[arg(long)]
        dir: PathBuf,
        /// Log name (checkpoint origin line), e.g. log.haiquan.gov.vn/central
        #[arg(long)]
        origin: String,
    },
    /// Recompute and check the whole log (exit 0 verified, 1 problems found)
    Verify(VerifyArgs),
    /// Run the log: syslog (UDP, TCP, TLS) and HTTP ingest, read API
    Serve(ServeArgs),
    /// Ingest tokens for POST /log/v1/entries
    #[command(subcommand)]
    Token(TokenCommand),
    /// Print an entry with its inclusion proof in the current checkpoint
    Get {
        #[arg(long)]
        dir: PathBuf,
        index: u64,
    },
    /// Search the online window (same filters as GET /log/v1/search)
    Search(SearchArgs),
    /// Retention: compress bundles older than the online window, prune contents older than the archive window
    Retention(RetentionArgs),
    /// Per-source facts the LOG-* rules read (JSON)
    Facts {
        #[arg(long, env = "TUANTHU_LOG_DIR")]
        dir: PathBuf,
    },
    /// Measure ingest, checkpoint lag, proofs and verification
    Bench(BenchLogArgs),
}

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// A log directory
    #[arg(long, conflicts_with = "url")]
    pub dir: Option<PathBuf>,
    /// A log served over HTTP (its root URL)
    #[arg(long)]
    pub url: Option<String>,
    /// The log's verifier key (default with --dir: the one in DIR/log.json)
    #[arg(long)]
    pub key: Option<String>,
    /// A trusted earlier checkpoint file the log must be consistent with (repeatable)
    #[arg(long)]
    pub trusted: Vec<PathBuf>,
    /// A witness cosigner key to check (repeatable; with --dir the configured ones are added)
    #[arg(long = "witness-key")]
    pub witness_keys: Vec<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextOrJson,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    #[arg(long)]
    pub dir: PathBuf,
    /// HTTP listener (read API and POST /log/v1/entries), e.g. 127.0.0.1:8080
    #[arg(long)]
    pub http: Option<String>,
    #[arg(long = "syslog-tcp")]
    pub syslog_tcp: Option<String>,
    #[arg(long = "syslog-udp")]
    pub syslog_udp: Option<String>,
    /// Syslog over TLS (RFC 5425); needs --tls-cert and --tls-key (PEM)
    #[arg(long = "syslog-tls", requires_all = ["tls_cert", "tls_key"])]
    pub syslog_tls: Option<String>,
    #[arg(long = "tls-cert")]
    pub tls_cert: Option<PathBuf>,
    #[arg(long = "tls-key")]
    pub tls_key: Option<PathBuf>,
    /// Witness URL asked to cosign checkpoints (repeatable)
    #[arg(long)]
    pub witness: Vec<String>,
    /// Longest wait before a batch is committed, in milliseconds
    #[arg(long, default_value_t = 100)]
    pub batch_ms: u64,
}

#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Create an ingest token (printed once; only its hash is kept)
    Create {
        #[arg(long)]
        dir: PathBuf,
        name: String,
    },
    /// List token names
    List {
        #[arg(long)]
        dir: PathBuf,
    },
}

#[derive(Args, Debug)]
pub struct SearchArgs {
    #[arg(long)]
    pub dir: PathBuf,
    /// From (RFC 3339 or YYYY-MM-DD), inclusive
    #[arg(long)]
    pub from: Option<String>,
    /// To (RFC 3339, exclusive; or YYYY-MM-DD, through that day)
    #[arg(long)]
    pub to: Option<String>,
    #[arg(long)]
    pub host: Option<String>,
    #[arg(long)]
    pub app: Option<String>,
    /// Highest (most urgent) severity number, 0-7
    #[arg(long)]
    pub severity: Option<u8>,
    #[arg(long)]
    pub account: Option<String>,
    /// Free text (case-insensitive substring of the message)
    #[arg(long)]
    pub q: Option<String>,
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
}

#[derive(Args, Debug)]
pub struct RetentionArgs {
    #[arg(long)]
    pub dir: PathBuf,
    /// Online window in months (default: the rule pack's LOG-CENTRAL online_months)
    #[arg(long)]
    pub online_months: Option<u32>,
    /// Archive window in months (default: the rule pack's LOG-CENTRAL archive_months)
    #[arg(long)]
    pub archive_months: Option<u32>,
    /// Really delete entry contents older than the archive window (logged in the log itself)
    #[arg(long)]
    pub prune: bool,
    /// Who orders the prune (recorded)
    #[arg(long, default_value = "")]
    pub by: String,
}

#[derive(Args, Debug)]
pub struct BenchLogArgs {
    /// Working directory (default: a new temporary directory)
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// Seconds of sustained TCP ingest
    #[arg(long, default_value_t = 10)]
    pub seconds: u64,
    /// Parallel TCP connections of the load generator
    #[arg(long, default_value_t = 2)]
    pub connections: usize,
    /// Entries of the log used for proof timings (built directly, not over TCP)
    #[arg(long, default_value_t = 10_000_000)]
    pub proof_entries: u64,
    /// Also measure rsyslog (imtcp → file) when installed
    #[arg(long)]
    pub rsyslog: bool,
}

pub fn run(g: &Global, cmd: LogCommand) -> Result<u8> {
    match cmd {
        LogCommand::Init { dir, origin } => {
            let vkey = store::init(&dir, &origin)?;
            eprintln!(
                "Đã tạo nhật ký / log created in {} (khoá bí mật / private key {}, quyền 0600)",
                dir.display(),
                dir.join(paths::KEY).display()
            );
            println!("{vkey}");
            Ok(0)
        }
        LogCommand::Verify(args) => verify_cmd(&args),
        LogCommand::Serve(args) => serve(g, &args),
        LogCommand::Token(cmd) => token(cmd),
        LogCommand::Get { dir, index } => get(&dir, index),
        LogCommand::Search(args) => search(g, &args),
        LogCommand::Retention(args) => retention(g, &args),
        LogCommand::Facts { dir } => facts(&dir),
        LogCommand::Bench(args) => bench(&args),
    }
}

pub fn parse_key(s: &str) -> Result<NoteVerifier> {
    let s = s.trim();
    let text = if Path::new(s).is_file() { std::fs::read_to_string(s)? } else { s.to_string() };
    NoteVerifier::parse(text.trim()).map_err(|e| anyhow!("{e}"))
}

fn verify_cmd(args: &VerifyArgs) -> Result<u8> {
    let mut opts = Options::default();
    for k in &args.witness_keys {
        opts.witness_keys.push(parse_key(k)?);
    }
    for t in &args.trusted {
        let text =
            std::fs::read_to_string(t).with_context(|| format!("không đọc được / cannot read {}", t.display()))?;
        opts.trusted.push((format!("--trusted {}", t.display()), text));
    }
    let src: Box<dyn TileSource> = match (&args.dir, &args.url) {
        (Some(dir), None) => {
            let key = match &args.key {
                Some(k) => Some(parse_key(k)?),
                None => {
                    eprintln!("chú ý / note: dùng khoá trong {}/log.json; hãy đưa --key từ nguồn độc lập / using the key from log.json; pass --key from an independent source", dir.display());
                    None
                }
            };
            let trusted = std::mem::take(&mut opts.trusted);
            opts = verify::dir_options(dir, key, &opts.witness_keys)?;
            opts.trusted = trusted;
            Box::new(DirSource { dir: dir.clone() })
        }
        (None, Some(url)) => {
            let key = args.key.as_deref().ok_or_else(|| anyhow!("--url cần --key / --url needs --key"))?;
            opts.log_key = Some(parse_key(key)?);
            Box::new(tuanthu_tlog::http::HttpSource { base: url.clone(), timeout: Duration::from_secs(30) })
        }
        _ => bail!("cần --dir hoặc --url / give --dir or --url"),
    };
    let t0 = std::time::Instant::now();
    let rep = verify::verify(src.as_ref(), &opts)?;
    let secs = t0.elapsed().as_secs_f64();
    print_report(&rep, args.format, secs)?;
    Ok(if rep.ok() { 0 } else { 1 })
}

fn print_report(rep: &Report, format: TextOrJson, secs: f64) -> Result<()> {
    match format {
        TextOrJson::Json => println!("{}", serde_json::to_string_pretty(rep)?),
        TextOrJson::Text => {
            if rep.ok() {
                println!(
                    "HỢP LỆ / VERIFIED: {} — {} bản ghi / entries, root {}, {} checkpoint trước / earlier checkpoints consistent{}",
                    rep.origin,
                    rep.size,
                    rep.root,
                    rep.checkpoints_checked,
                    if rep.cosigned_by.is_empty() {
                        String::new()
                    } else {
                        format!(", đồng ký / cosigned by {}", rep.cosigned_by.join(", "))
                    }
                );
            } else {
                println!("KHÔNG HỢP LỆ / VERIFICATION FAILED: {} vấn đề / problems", rep.problem_count);
                for p in &rep.problems {
                    println!("  - {p}");
                }
                if rep.problem_count as usize > rep.problems.len() {
                    println!("  … (+{} more)", rep.problem_count as usize - rep.problems.len());
                }
            }
            for n in &rep.notes {
                println!("  chú ý / note: {n}");
            }
            eprintln!(
                "{} bản ghi kiểm tra trong / entries checked in {secs:.2} s ({:.0}/s)",
                rep.entries_checked,
                rep.entries_checked as f64 / secs.max(1e-9)
            );
        }
    }
    Ok(())
}

/// The LOG-CENTRAL windows of the rule pack: (online months, archive months).
pub fn pack_windows(g: &Global) -> Result<(u32, u32)> {
    let pack = super::load_pack(g)?;
    let get = |k: &str, d: u32| -> u32 {
        pack.rules
            .iter()
            .find(|r| r.id == "LOG-CENTRAL")
            .and_then(|r| r.params.get(k))
            .and_then(|v| v.as_integer())
            .and_then(|v| u32::try_from(v).ok())
            .unwrap_or(d)
    };
    Ok((get("online_months", 3), get("archive_months", 12)))
}

fn serve(g: &Global, args: &ServeArgs) -> Result<u8> {
    if args.http.is_none() && args.syslog_tcp.is_none() && args.syslog_udp.is_none() && args.syslog_tls.is_none() {
        bail!("cần ít nhất một trong --http, --syslog-tcp, --syslog-udp, --syslog-tls / give at least one listener");
    }
    let (online_months, _) = pack_windows(g)?;
    let cfg = ServeConfig {
        dir: args.dir.clone(),
        http: args.http.clone(),
        syslog_tcp: args.syslog_tcp.clone(),
        syslog_udp: args.syslog_udp.clone(),
        syslog_tls: args.syslog_tls.clone(),
        tls_cert: args.tls_cert.clone(),
        tls_key: args.tls_key.clone(),
        witnesses: args.witness.clone(),
        batch_ms: args.batch_ms,
        online_months,
    };
    let srv = server::start(&cfg)?;
    let b = &srv.bound;
    let p = srv.shared.published();
    eprintln!("tuanthu log: {} — {} bản ghi / entries", srv.shared.verifier.name, p.size);
    for (what, a) in
        [("http", b.http), ("syslog-tcp", b.syslog_tcp), ("syslog-udp", b.syslog_udp), ("syslog-tls", b.syslog_tls)]
    {
        if let Some(a) = a {
            eprintln!("  {what}: {a}");
        }
    }
    srv.wait()?;
    Ok(0)
}

fn token(cmd: TokenCommand) -> Result<u8> {
    match cmd {
        TokenCommand::Create { dir, name } => {
            let t = server::create_token(&dir, &name)?;
            eprintln!("Token {name:?} — chỉ hiện một lần, chỉ lưu hash / shown once, only its hash is kept");
            println!("{t}");
        }
        TokenCommand::List { dir } => {
            for t in server::load_tokens(&dir)? {
                println!("{}\t{}", t.name, t.created);
            }
        }
    }
    Ok(0)
}

fn get(dir: &Path, index: u64) -> Result<u8> {
    let cfg = store::load_config(dir)?;
    let v = NoteVerifier::parse(&cfg.verifier_key)?;
    let text = std::fs::read_to_string(dir.join(paths::CHECKPOINT))?;
    let cp = tuanthu_tlog::checkpoint::open(&text, &v, &[])?.checkpoint;
    if index >= cp.size {
        bail!("chỉ số {index} ≥ kích thước / index {index} ≥ size {}", cp.size);
    }
    let src = DirSource { dir: dir.to_path_buf() };
    let n = index / 256;
    let width = if n < tiles::full_tiles(0, cp.size) { 256 } else { tiles::partial_width(0, cp.size) };
    let b = src.get(&tiles::TileId::Entries { n, width }.path())?.ok_or_else(|| {
        anyhow!("bundle của bản ghi {index} không còn / the bundle of entry {index} is gone (pruned?)")
    })?;
    let es = tuanthu_tlog::entry::split_bundle(&b).map_err(|o| anyhow!("bundle hỏng / damaged at byte {o}"))?;
    let raw = es.get((index % 256) as usize).ok_or_else(|| anyhow!("bundle ngắn / bundle too short"))?;
    let e = tuanthu_tlog::entry::Entry::decode(raw)?;
    let tree = store::TiledTree::new(&src, cp.size);
    let proof = tuanthu_tlog::merkle::inclusion_proof(&tree, index, cp.size)?;
    let leaf = tuanthu_tlog::merkle::leaf_hash(raw);
    let ok = tuanthu_tlog::merkle::verify_inclusion(&leaf, index, cp.size, &proof, &cp.root);
    let b64 = tuanthu_tlog::checkpoint::b64;
    let out = serde_json::json!({
        "index": index, "entry": e.to_json(), "leaf_hash": b64(&leaf),
        "size": cp.size, "root": b64(&cp.root), "inclusion_proof": proof.iter().map(b64).collect::<Vec<_>>(),
        "verified": ok, "checkpoint": text,
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(if ok { 0 } else { 1 })
}

fn search(g: &Global, args: &SearchArgs) -> Result<u8> {
    let cfg = store::load_config(&args.dir)?;
    let v = NoteVerifier::parse(&cfg.verifier_key)?;
    let text = std::fs::read_to_string(args.dir.join(paths::CHECKPOINT))?;
    let cp = tuanthu_tlog::checkpoint::open(&text, &v, &[])?.checkpoint;
    let mut params: Vec<(String, String)> = Vec::new();
    for (k, val) in [
        ("from", args.from.clone()),
        ("to", args.to.clone()),
        ("host", args.host.clone()),
        ("app", args.app.clone()),
        ("severity", args.severity.map(|s| s.to_string())),
        ("account", args.account.clone()),
        ("q", args.q.clone()),
        ("limit", Some(args.limit.to_string())),
    ] {
        if let Some(val) = val {
            params.push((k.to_string(), val));
        }
    }
    let mut q = search::Query::from_params(&params)?;
    let (online, _) = pack_windows(g)?;
    q.online_from_ns = Some(tuanthu_tlog::retention::months_ago_ns(online));
    let src = DirSource { dir: args.dir.clone() };
    let res = search::search(&src, cp.size, &q)?;
    for (index, e, _) in &res.hits {
        let mut j = e.to_json();
        if let Some(o) = j.as_object_mut() {
            o.insert("index".into(), serde_json::json!(index));
        }
        println!("{j}");
    }
    if let Some(a) = res.next_after {
        eprintln!("còn nữa / more results: after={a}");
    }
    Ok(0)
}

fn retention(g: &Global, args: &RetentionArgs) -> Result<u8> {
    let (online, archive) = pack_windows(g)?;
    let online = args.online_months.unwrap_or(online);
    let archive = args.archive_months.unwrap_or(archive);
    let rep = tuanthu_tlog::retention::apply(&args.dir, online, archive, args.prune, &args.by)?;
    eprintln!(
        "trực tuyến / online {online} tháng/months, sao lưu / archive {archive} tháng/months: {} bundle nén / compressed ({} → {} byte), {} bundle xoá nội dung / pruned, {} có thể xoá / prunable",
        rep.archived_bundles, rep.archived_bytes_before, rep.archived_bytes_after, rep.pruned_bundles, rep.prunable_bundles
    );
    println!("{}", serde_json::to_string_pretty(&rep)?);
    Ok(0)
}

/// Hours of recent entries the per-host log facts are computed from.
pub const FACTS_SCAN_HOURS: u32 = 24;

/// The log facts the LOG-* rules read: computed from a log directory, or
/// read from a JSON file written by `tuanthu log facts`.
pub fn facts_for_check(path: &Path) -> Result<tuanthu_core::evidence::LogFacts> {
    let v = if path.is_file() {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("không đọc được / cannot read {}", path.display()))?;
        serde_json::from_str(&text)?
    } else {
        tuanthu_tlog::facts::compute(path, None, &[], FACTS_SCAN_HOURS, chrono::Utc::now())?
    };
    serde_json::from_value(v).context("log facts")
}

fn facts(dir: &Path) -> Result<u8> {
    let v = tuanthu_tlog::facts::compute(dir, None, &[], FACTS_SCAN_HOURS, chrono::Utc::now())?;
    println!("{}", serde_json::to_string_pretty(&v)?);
    Ok(0)
}

fn bench(args: &BenchLogArgs) -> Result<u8> {
    use tuanthu_tlog::bench;
    let tmp;
    let work = match &args.dir {
        Some(d) => {
            std::fs::create_dir_all(d)?;
            d.clone()
        }
        None => {
            tmp = tempfile_dir()?;
            tmp.clone()
        }
    };
    let mut report = serde_json::Map::new();
    eprintln!("1/4 ingest: TCP loopback, 256-byte messages, {} s, {} connections…", args.seconds, args.connections);
    let ing = bench::ingest(&work.join("ingest"), args.seconds, args.connections)?;
    eprintln!(
        "    {:.0} entries/s ({} committed of {} sent); checkpoint lag p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms; longest checkpoint interval {:.0} ms",
        ing.rate_per_s, ing.committed, ing.sent, ing.checkpoint_lag_p50_ms, ing.checkpoint_lag_p99_ms, ing.checkpoint_lag_max_ms, ing.checkpoint_interval_max_ms
    );
    report.insert("ingest".into(), serde_json::to_value(&ing)?);
    if args.rsyslog {
        eprintln!("    rsyslog (imtcp → file), same load…");
        match bench::rsyslog(&work.join("rsyslog"), args.seconds, args.connections)? {
            Some(r) => {
                eprintln!(
                    "    rsyslog: {:.0} entries/s ({} written of {} sent); tuanthu/rsyslog = {:.2}",
                    r.rate_per_s,
                    r.written,
                    r.sent,
                    ing.rate_per_s / r.rate_per_s.max(1.0)
                );
                report.insert("rsyslog".into(), serde_json::to_value(&r)?);
                report.insert("ratio_to_rsyslog".into(), serde_json::json!(ing.rate_per_s / r.rate_per_s.max(1.0)));
            }
            None => eprintln!("    rsyslogd không có / not installed (apt-get install rsyslog)"),
        }
    }
    eprintln!("2/4 verification of the ingested log…");
    let v = bench::verification(&work.join("ingest"))?;
    eprintln!("    {} entries in {:.2} s: {:.0} entries/s (ok: {})", v.entries, v.seconds, v.rate_per_s, v.ok);
    report.insert("verify_ingested".into(), serde_json::to_value(&v)?);
    eprintln!("3/4 building a {}-entry log for proof timings…", args.proof_entries);
    let p = bench::proofs(&work.join("proofs"), args.proof_entries, 10_000)?;
    eprintln!(
        "    built in {:.1} s; inclusion proof p50 {:.0} µs, p99 {:.0} µs, max {:.0} µs",
        p.build_seconds, p.p50_us, p.p99_us, p.max_us
    );
    report.insert("proofs".into(), serde_json::to_value(&p)?);
    eprintln!("4/4 verification of the {}-entry log…", args.proof_entries);
    let v = bench::verification(&work.join("proofs"))?;
    eprintln!("    {} entries in {:.2} s: {:.0} entries/s (ok: {})", v.entries, v.seconds, v.rate_per_s, v.ok);
    report.insert("verify_large".into(), serde_json::to_value(&v)?);
    println!("{}", serde_json::to_string_pretty(&serde_json::Value::Object(report))?);
    if args.dir.is_none() {
        let _ = std::fs::remove_dir_all(&work);
    }
    Ok(0)
}

fn tempfile_dir() -> Result<PathBuf> {
    let base = std::env::temp_dir().join(format!("tuanthu-log-bench-{}", std::process::id()));
    std::fs::create_dir_all(&base)?;
    Ok(base)
}
