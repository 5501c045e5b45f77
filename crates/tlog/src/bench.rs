//! `tuanthu log bench`: ingest rate over TCP loopback (own load generator,
//! 256-byte messages), checkpoint lag, inclusion proof latency on a large
//! log, full verification rate; optionally the same load into rsyslog.

use std::io::Write;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::entry::{Entry, Format, Transport};
use crate::merkle::{inclusion_proof, verify_inclusion, NodeSource};
use crate::server::{start, ServeConfig};
use crate::store::{init, DirSource, LogWriter, TiledTree};
use crate::verify::{verify, Options};
use crate::Error;

/// A 256-byte RFC 5424 message (with its newline), numbered.
pub fn message(i: u64) -> Vec<u8> {
    let head = format!("<134>1 2026-01-05T08:00:00.000+07:00 app-{:02} portal 4242 ACCESS [a@1 user=\"u{}\" ip=\"10.0.{}.{}\"] request {i} ", i % 50, i % 997, (i / 256) % 256, i % 256);
    let mut m = head.into_bytes();
    while m.len() < 255 {
        m.push(b'x');
    }
    m.truncate(255);
    m.push(b'\n');
    m
}

/// Sends newline-framed 256-byte messages on `conns` connections for `secs`.
/// Returns the number of messages written.
pub fn load(addr: &str, conns: usize, secs: f64, stop: Arc<AtomicBool>) -> u64 {
    let sent = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs_f64(secs);
    let hs: Vec<_> = (0..conns)
        .map(|c| {
            let (addr, sent, stop) = (addr.to_string(), sent.clone(), stop.clone());
            std::thread::spawn(move || {
                let Ok(mut s) = TcpStream::connect(&addr) else { return };
                // 64 blocks of 512 distinct messages (8 MiB), prepared once and sent in turn.
                let blocks: Vec<Vec<u8>> = (0..64u64)
                    .map(|b| (0..512u64).flat_map(|k| message((c as u64) << 40 | b << 9 | k)).collect())
                    .collect();
                let mut b = 0;
                while Instant::now() < deadline && !stop.load(Ordering::Relaxed) {
                    if s.write_all(&blocks[b]).is_err() {
                        break;
                    }
                    b = (b + 1) % blocks.len();
                    sent.fetch_add(512, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for h in hs {
        let _ = h.join();
    }
    sent.load(Ordering::Relaxed)
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

#[derive(Debug, Default, serde::Serialize)]
pub struct IngestFigures {
    pub seconds: f64,
    pub sent: u64,
    pub committed: u64,
    pub rate_per_s: f64,
    pub batches: u64,
    pub checkpoint_lag_p50_ms: f64,
    pub checkpoint_lag_p99_ms: f64,
    pub checkpoint_lag_max_ms: f64,
    pub checkpoint_interval_max_ms: f64,
}

/// Ingest over TCP loopback into a fresh log in `dir`.
pub fn ingest(dir: &Path, secs: u64, conns: usize) -> Result<IngestFigures, Error> {
    init(dir, "bench.tuanthu/log")?;
    let srv = start(&ServeConfig {
        dir: dir.to_path_buf(),
        syslog_tcp: Some("127.0.0.1:0".into()),
        batch_ms: 100,
        ..ServeConfig::default()
    })?;
    let addr = srv.bound.syslog_tcp.map(|a| a.to_string()).unwrap_or_default();
    let stop = Arc::new(AtomicBool::new(false));
    let t0 = Instant::now();
    let sent = load(&addr, conns, secs as f64, stop);
    // Wait for the queue to drain.
    let drain = Instant::now();
    while srv.shared.stats.committed.load(Ordering::Relaxed) < sent && drain.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(5));
    }
    let elapsed = t0.elapsed().as_secs_f64();
    let committed = srv.shared.stats.committed.load(Ordering::Relaxed);
    let mut lags = srv.shared.lags();
    let mut intervals = srv.shared.checkpoint_intervals();
    let f = IngestFigures {
        seconds: elapsed,
        sent,
        committed,
        rate_per_s: committed as f64 / elapsed,
        batches: srv.shared.stats.batches.load(Ordering::Relaxed),
        checkpoint_lag_p50_ms: pct(&mut lags, 0.5),
        checkpoint_lag_p99_ms: pct(&mut lags, 0.99),
        checkpoint_lag_max_ms: pct(&mut lags, 1.0),
        checkpoint_interval_max_ms: pct(&mut intervals, 1.0),
    };
    srv.stop();
    Ok(f)
}

#[derive(Debug, Default, serde::Serialize)]
pub struct ProofFigures {
    pub entries: u64,
    pub build_seconds: f64,
    pub proofs: usize,
    pub p50_us: f64,
    pub p99_us: f64,
    pub max_us: f64,
}

/// Builds a log of `n` canonical entries (~120 bytes) directly, then times
/// inclusion proofs for random entries the way the server makes them
/// (tiles read from disk, a fresh reader per proof).
pub fn proofs(dir: &Path, n: u64, count: usize) -> Result<ProofFigures, Error> {
    init(dir, "bench.tuanthu/proofs")?;
    let t0 = Instant::now();
    {
        let (mut w, _) = LogWriter::open(dir)?;
        let mut i = 0u64;
        while i < n {
            let k = (n - i).min(60_000);
            let batch: Vec<Vec<u8>> = (i..i + k)
                .map(|j| {
                    let mut e = Entry::new(1_767_000_000_000_000_000 + j as i64 * 1000, Transport::Tcp, "10.0.0.1:514");
                    e.format = Format::Rfc5424;
                    e.severity = Some(6);
                    e.hostname = b"app-01".to_vec();
                    e.message = format!("request {j} ok").into_bytes();
                    e.raw = format!("<134>1 - app-01 portal - - - request {j} ok").into_bytes();
                    e.encode().unwrap_or_default()
                })
                .collect();
            w.append_batch(&batch)?;
            i += k;
            if i % 1_000_000 < 60_000 || i == n {
                w.checkpoint()?;
            }
        }
        w.checkpoint()?;
    }
    let build = t0.elapsed().as_secs_f64();
    let src = DirSource { dir: dir.to_path_buf() };
    let mut x = 0x2545_F491_4F6C_DD1D_u64;
    let mut times = Vec::with_capacity(count);
    let cache = crate::store::TileCache::new(8192);
    let root = TiledTree::new(&src, n);
    let root_hash = crate::merkle::subtree_hash(&root, 0, n)?;
    for _ in 0..count {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let idx = x % n;
        let t = Instant::now();
        let tree = TiledTree::with_cache(&src, n, cache.clone());
        let p = inclusion_proof(&tree, idx, n)?;
        let leaf = tree.node(0, idx)?;
        times.push(t.elapsed().as_secs_f64() * 1e6);
        if !verify_inclusion(&leaf, idx, n, &p, &root_hash) {
            return Err(Error::Other(format!("proof for {idx} does not verify")));
        }
    }
    Ok(ProofFigures {
        entries: n,
        build_seconds: build,
        proofs: count,
        p50_us: pct(&mut times, 0.5),
        p99_us: pct(&mut times, 0.99),
        max_us: pct(&mut times, 1.0),
    })
}

#[derive(Debug, Default, serde::Serialize)]
pub struct VerifyFigures {
    pub entries: u64,
    pub seconds: f64,
    pub rate_per_s: f64,
    pub ok: bool,
}

pub fn verification(dir: &Path) -> Result<VerifyFigures, Error> {
    let cfg = crate::store::load_config(dir)?;
    let opts = Options { log_key: Some(crate::note::NoteVerifier::parse(&cfg.verifier_key)?), ..Options::default() };
    let t = Instant::now();
    let rep = verify(&DirSource { dir: dir.to_path_buf() }, &opts)?;
    let s = t.elapsed().as_secs_f64();
    Ok(VerifyFigures {
        entries: rep.entries_checked,
        seconds: s,
        rate_per_s: rep.entries_checked as f64 / s,
        ok: rep.ok(),
    })
}

#[derive(Debug, Default, serde::Serialize)]
pub struct RsyslogFigures {
    pub sent: u64,
    pub written: u64,
    pub seconds: f64,
    pub rate_per_s: f64,
}

/// The same load into rsyslogd (imtcp → plain file), if installed.
pub fn rsyslog(work: &Path, secs: u64, conns: usize) -> Result<Option<RsyslogFigures>, Error> {
    let exe = ["/usr/sbin/rsyslogd", "/sbin/rsyslogd"].into_iter().map(PathBuf::from).find(|p| p.exists());
    let Some(exe) = exe else { return Ok(None) };
    std::fs::create_dir_all(work)?;
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0")?;
        l.local_addr()?.port()
    };
    let out = work.join("rsyslog-out.log");
    let conf = work.join("rsyslog.conf");
    std::fs::write(
        &conf,
        format!(
            "global(workDirectory=\"{w}\")\nmodule(load=\"imtcp\")\ninput(type=\"imtcp\" address=\"127.0.0.1\" port=\"{port}\")\n\
             template(name=\"raw\" type=\"string\" string=\"%rawmsg%\\n\")\n*.* action(type=\"omfile\" file=\"{o}\" template=\"raw\")\n",
            w = work.display(),
            o = out.display()
        ),
    )?;
    let pid = work.join("rsyslog.pid");
    let mut child = std::process::Command::new(exe)
        .arg("-n")
        .arg("-f")
        .arg(&conf)
        .arg("-i")
        .arg(&pid)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()?;
    let t_up = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if t_up.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            return Err(Error::Other("rsyslogd did not start".into()));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let t0 = Instant::now();
    let sent = load(&format!("127.0.0.1:{port}"), conns, secs as f64, Arc::new(AtomicBool::new(false)));
    // Wait until the file stops growing.
    let mut last = 0;
    loop {
        std::thread::sleep(Duration::from_millis(200));
        let len = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
        if (len == last && len > 0) || t0.elapsed() > Duration::from_secs(secs + 60) {
            break;
        }
        last = len;
    }
    let seconds = t0.elapsed().as_secs_f64() - 0.2;
    let _ = child.kill();
    let _ = child.wait();
    let written = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0) / 256;
    Ok(Some(RsyslogFigures { sent, written, seconds, rate_per_s: written as f64 / seconds }))
}
