//! `tuanthu log serve`: ingest (syslog UDP/TCP/TLS, HTTP JSON lines), the
//! sequencer (group commit + checkpoint), the witness client, and the read
//! API (C2SP tiles, proofs, search).

use std::collections::VecDeque;
use std::io::Read;
use std::net::{SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::checkpoint::{self, b64};
use crate::entry::{Entry, Format, Transport};
use crate::merkle::{consistency_proof, inclusion_proof, leaf_hash, subtree_hash, Hash};
use crate::note::NoteVerifier;
use crate::search::{self, Query};
use crate::store::{self, paths, DirSource, LogWriter, TileSource, TiledTree};
use crate::tiles::{full_tiles, partial_width, TileId, TILE_WIDTH};
use crate::{io_at, syslog, Error};

/// Entries per committed batch (a batch may hold one more HTTP request).
pub const BATCH_TARGET: usize = 50_000;
/// Entries one POST may carry.
pub const MAX_POST_ENTRIES: usize = 10_000;
/// Queue length above which TCP readers wait and UDP datagrams are dropped.
pub const QUEUE_LIMIT: usize = 60_000;

#[derive(Clone, Debug, Default)]
pub struct ServeConfig {
    pub dir: PathBuf,
    pub http: Option<String>,
    pub syslog_tcp: Option<String>,
    pub syslog_udp: Option<String>,
    pub syslog_tls: Option<String>,
    pub tls_cert: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
    /// Witness URLs, optionally `VKEY@URL`.
    pub witnesses: Vec<String>,
    pub batch_ms: u64,
    /// Online (searchable) window in months; 0 = everything.
    pub online_months: u32,
}

/// Addresses actually bound (ports may be 0 in the configuration).
#[derive(Clone, Debug, Default)]
pub struct Bound {
    pub http: Option<SocketAddr>,
    pub syslog_tcp: Option<SocketAddr>,
    pub syslog_udp: Option<SocketAddr>,
    pub syslog_tls: Option<SocketAddr>,
}

type Ack = Result<(u64, u64), String>;

struct Waiter {
    start: usize,
    end: usize,
    tx: SyncSender<Ack>,
}

#[derive(Default)]
struct Queue {
    entries: Vec<Vec<u8>>,
    waiters: VecDeque<Waiter>,
    /// (end position in `entries`, arrival time) of each enqueued chunk.
    arrivals: VecDeque<(usize, Instant)>,
}

/// The latest published checkpoint.
#[derive(Clone)]
pub struct Published {
    pub text: String,
    pub size: u64,
    pub root: Hash,
    pub at: Instant,
}

#[derive(Default)]
pub struct Stats {
    pub received: AtomicU64,
    pub committed: AtomicU64,
    pub udp_dropped: AtomicU64,
    pub unparsed: AtomicU64,
    pub batches: AtomicU64,
}

pub struct Shared {
    pub dir: PathBuf,
    pub verifier: NoteVerifier,
    queue: Mutex<Queue>,
    cv_in: Condvar,
    cv_space: Condvar,
    published: RwLock<Published>,
    published_cv: (Mutex<u64>, Condvar),
    witnessed: RwLock<Option<(u64, String)>>,
    tokens: RwLock<Vec<TokenRecord>>,
    pub stats: Stats,
    stop: AtomicBool,
    fatal: Mutex<Option<String>>,
    online_months: u32,
    /// Tiles and their internal nodes, for proofs.
    pub tiles: std::sync::Arc<store::TileCache>,
    /// (lag ms, entries) per arrival chunk; checkpoint intervals; last checkpoint.
    #[allow(clippy::type_complexity)]
    lags: Mutex<(Vec<(f64, u64)>, Vec<f64>, Option<Instant>)>,
}

impl Shared {
    /// Queues entries; with `wait`, blocks until they are durable and
    /// returns (first index, checkpoint size).
    fn enqueue(&self, entries: Vec<Vec<u8>>, wait: bool, block_when_full: bool) -> Option<Receiver<Ack>> {
        let n = entries.len();
        self.stats.received.fetch_add(n as u64, Ordering::Relaxed);
        let mut q = self.queue.lock().unwrap_or_else(|p| p.into_inner());
        if block_when_full {
            while q.entries.len() > QUEUE_LIMIT && !self.stop.load(Ordering::Relaxed) {
                q = self.cv_space.wait_timeout(q, Duration::from_millis(200)).unwrap_or_else(|p| p.into_inner()).0;
            }
        } else if q.entries.len() > QUEUE_LIMIT {
            self.stats.udp_dropped.fetch_add(n as u64, Ordering::Relaxed);
            return None;
        }
        let start = q.entries.len();
        q.entries.extend(entries);
        let end = q.entries.len();
        q.arrivals.push_back((end, Instant::now()));
        let rx = if wait {
            let (tx, rx) = sync_channel(1);
            q.waiters.push_back(Waiter { start, end: start + n, tx });
            Some(rx)
        } else {
            None
        };
        drop(q);
        self.cv_in.notify_one();
        rx
    }

    fn record_lags(&self, arrived: &[(usize, Instant)]) {
        let now = Instant::now();
        let mut l = self.lags.lock().unwrap_or_else(|p| p.into_inner());
        if l.0.len() > 1_000_000 {
            l.0.clear();
        }
        for (n, at) in arrived {
            l.0.push(((now - *at).as_secs_f64() * 1000.0, *n as u64));
        }
        if let Some(prev) = l.2 {
            l.1.push((now - prev).as_secs_f64() * 1000.0);
        }
        l.2 = Some(now);
    }

    /// Checkpoint lag of every entry committed so far, in ms (entry-weighted:
    /// one value per entry), from its arrival to the checkpoint covering it.
    pub fn lags(&self) -> Vec<f64> {
        let l = self.lags.lock().unwrap_or_else(|p| p.into_inner());
        let mut out = Vec::new();
        for (ms, n) in &l.0 {
            out.extend(std::iter::repeat_n(*ms, *n as usize));
        }
        out
    }

    /// Time between consecutive checkpoints while entries arrive, in ms.
    pub fn checkpoint_intervals(&self) -> Vec<f64> {
        self.lags.lock().unwrap_or_else(|p| p.into_inner()).1.clone()
    }

    pub fn is_stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    pub fn published(&self) -> Published {
        self.published.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The checkpoint to serve: the witnessed one when it is the latest.
    pub fn checkpoint_text(&self) -> String {
        let p = self.published();
        if let Some((size, text)) = self.witnessed.read().unwrap_or_else(|p| p.into_inner()).as_ref() {
            if *size == p.size {
                return text.clone();
            }
        }
        p.text
    }

    /// Waits until the published size reaches `size` (or the timeout).
    pub fn wait_published(&self, size: u64, timeout: Duration) -> bool {
        let (m, cv) = &self.published_cv;
        let deadline = Instant::now() + timeout;
        let mut g = m.lock().unwrap_or_else(|p| p.into_inner());
        while *g < size {
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            g = cv.wait_timeout(g, deadline - now).unwrap_or_else(|p| p.into_inner()).0;
        }
        true
    }
}

/// A running server.
pub struct Server {
    pub shared: Arc<Shared>,
    pub bound: Bound,
    threads: Vec<JoinHandle<()>>,
    http: Option<Arc<tiny_http::Server>>,
}

impl Server {
    /// Asks every thread to stop and waits for the sequencer to commit what it has.
    pub fn stop(mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        self.shared.cv_in.notify_all();
        if let Some(h) = &self.http {
            for _ in 0..8 {
                h.unblock();
            }
        }
        // Wake blocking accept() calls.
        for a in [self.bound.syslog_tcp, self.bound.syslog_tls].into_iter().flatten() {
            let _ = TcpStream::connect_timeout(&a, Duration::from_millis(200));
        }
        if let Some(a) = self.bound.syslog_udp {
            if let Ok(s) = UdpSocket::bind("127.0.0.1:0") {
                let _ = s.send_to(b"", a);
            }
        }
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }

    /// Blocks until a fatal error (returned) — used by `log serve`.
    pub fn wait(self) -> Result<(), Error> {
        loop {
            std::thread::sleep(Duration::from_millis(200));
            if let Some(e) = self.shared.fatal.lock().unwrap_or_else(|p| p.into_inner()).clone() {
                return Err(Error::Other(e));
            }
        }
    }
}

fn now_ns() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as i64).unwrap_or(0)
}

/// Opens the log (recovering), binds the listeners and starts every thread.
pub fn start(cfg: &ServeConfig) -> Result<Server, Error> {
    let (mut writer, rec) = LogWriter::open(&cfg.dir)?;
    if rec.recovered_size != rec.checkpoint_size || !rec.removed.is_empty() {
        eprintln!(
            "khôi phục / recovered: checkpoint {} → {} bản ghi / entries; {} tệp thừa đã xoá / stale files removed",
            rec.checkpoint_size,
            rec.recovered_size,
            rec.removed.len()
        );
    }
    for path in &rec.rewritten {
        eprintln!(
            "CẢNH BÁO / WARNING: {path} khác với nhật ký ghi trước (WAL) và đã được ghi lại từ WAL — tệp đã bị sửa trên đĩa (hoặc hỏng do mất điện) / differed from the write-ahead log and was rewritten from it: the file was altered on disk (or damaged by a power loss)"
        );
    }
    let text = writer.checkpoint_text().to_string();
    let published = Published { text, size: writer.size(), root: writer.root(), at: Instant::now() };
    let witnessed = std::fs::read_to_string(cfg.dir.join(paths::WITNESSED))
        .ok()
        .and_then(|t| checkpoint::open(&t, writer.verifier(), &[]).ok().map(|c| (c.checkpoint.size, t)));
    let shared = Arc::new(Shared {
        dir: cfg.dir.clone(),
        verifier: writer.verifier().clone(),
        queue: Mutex::new(Queue::default()),
        cv_in: Condvar::new(),
        cv_space: Condvar::new(),
        published_cv: (Mutex::new(published.size), Condvar::new()),
        published: RwLock::new(published),
        witnessed: RwLock::new(witnessed),
        tokens: RwLock::new(load_tokens(&cfg.dir)?),
        stats: Stats::default(),
        stop: AtomicBool::new(false),
        fatal: Mutex::new(None),
        online_months: cfg.online_months,
        tiles: store::TileCache::new(8192),
        lags: Mutex::new((Vec::new(), Vec::new(), None)),
    });
    let mut threads = Vec::new();
    let mut bound = Bound::default();
    let batch = Duration::from_millis(cfg.batch_ms.max(1));

    // Witnesses: resolve keys before anything runs.
    let witnesses = crate::witness::resolve_witnesses(&mut writer, &cfg.witnesses)?;

    {
        let sh = shared.clone();
        threads.push(std::thread::Builder::new().name("sequencer".into()).spawn(move || sequencer(sh, writer, batch))?);
    }
    if !witnesses.is_empty() {
        let sh = shared.clone();
        threads.push(std::thread::Builder::new().name("witness".into()).spawn(move || {
            crate::witness::client_loop(&sh, &witnesses, |size, text| {
                *sh.witnessed.write().unwrap_or_else(|p| p.into_inner()) = Some((size, text.to_string()));
                store::write_atomic(&sh.dir, paths::WITNESSED, text.as_bytes())
                    .and_then(|_| store::append_history(&sh.dir, text))
            })
        })?);
    }
    if let Some(addr) = &cfg.syslog_tcp {
        let l = TcpListener::bind(addr).map_err(|e| Error::Io2(format!("--syslog-tcp {addr}: {e}")))?;
        bound.syslog_tcp = l.local_addr().ok();
        let sh = shared.clone();
        threads.push(std::thread::Builder::new().name("syslog-tcp".into()).spawn(move || tcp_accept(sh, l, None))?);
    }
    if let Some(addr) = &cfg.syslog_tls {
        let tls = tls_config(cfg)?;
        let l = TcpListener::bind(addr).map_err(|e| Error::Io2(format!("--syslog-tls {addr}: {e}")))?;
        bound.syslog_tls = l.local_addr().ok();
        let sh = shared.clone();
        threads
            .push(std::thread::Builder::new().name("syslog-tls".into()).spawn(move || tcp_accept(sh, l, Some(tls)))?);
    }
    if let Some(addr) = &cfg.syslog_udp {
        let s = UdpSocket::bind(addr).map_err(|e| Error::Io2(format!("--syslog-udp {addr}: {e}")))?;
        bound.syslog_udp = s.local_addr().ok();
        let sh = shared.clone();
        threads.push(std::thread::Builder::new().name("syslog-udp".into()).spawn(move || udp_loop(sh, s))?);
    }
    let mut http = None;
    if let Some(addr) = &cfg.http {
        let srv = tiny_http::Server::http(addr.as_str()).map_err(|e| Error::Io2(format!("--http {addr}: {e}")))?;
        bound.http = srv.server_addr().to_ip();
        let srv = Arc::new(srv);
        for i in 0..6 {
            let sh = shared.clone();
            let s = srv.clone();
            threads.push(std::thread::Builder::new().name(format!("http-{i}")).spawn(move || http_loop(sh, s))?);
        }
        http = Some(srv);
    }
    Ok(Server { shared, bound, threads, http })
}

fn sequencer(sh: Arc<Shared>, mut w: LogWriter, window: Duration) {
    loop {
        let (batch, waiters, arrived) = {
            let mut q = sh.queue.lock().unwrap_or_else(|p| p.into_inner());
            while q.entries.is_empty() {
                if sh.stop.load(Ordering::SeqCst) {
                    return;
                }
                q = sh.cv_in.wait_timeout(q, Duration::from_millis(200)).unwrap_or_else(|p| p.into_inner()).0;
            }
            let deadline = q.arrivals.front().map(|a| a.1).unwrap_or_else(Instant::now) + window;
            while q.entries.len() < BATCH_TARGET && !sh.stop.load(Ordering::SeqCst) {
                let now = Instant::now();
                if now >= deadline {
                    break;
                }
                q = sh.cv_in.wait_timeout(q, deadline - now).unwrap_or_else(|p| p.into_inner()).0;
            }
            // Take up to the target, never splitting a request.
            let mut take = q.entries.len().min(BATCH_TARGET);
            if let Some(w) = q.waiters.iter().find(|w| w.start < take && w.end > take) {
                take = w.end;
            }
            let rest = q.entries.split_off(take);
            let batch = std::mem::replace(&mut q.entries, rest);
            let mut waiters = Vec::new();
            while q.waiters.front().map(|w| w.end <= take).unwrap_or(false) {
                if let Some(w) = q.waiters.pop_front() {
                    waiters.push(w);
                }
            }
            for w in q.waiters.iter_mut() {
                w.start -= take;
                w.end -= take;
            }
            // Arrival times of the batch's chunks (a chunk cut in two keeps its time).
            let mut arrived = Vec::new();
            let mut prev = 0;
            while let Some(&(end, at)) = q.arrivals.front() {
                if end <= take {
                    arrived.push((end - prev, at));
                    prev = end;
                    q.arrivals.pop_front();
                } else {
                    if take > prev {
                        arrived.push((take - prev, at));
                    }
                    break;
                }
            }
            for a in q.arrivals.iter_mut() {
                a.0 -= take;
            }
            drop(q);
            sh.cv_space.notify_all();
            (batch, waiters, arrived)
        };
        let result = w.append_batch(&batch).and_then(|first| w.checkpoint().map(|text| (first, text)));
        match result {
            Ok((first, text)) => {
                let size = w.size();
                *sh.published.write().unwrap_or_else(|p| p.into_inner()) =
                    Published { text, size, root: w.root(), at: Instant::now() };
                {
                    let (m, cv) = &sh.published_cv;
                    *m.lock().unwrap_or_else(|p| p.into_inner()) = size;
                    cv.notify_all();
                }
                sh.stats.committed.fetch_add(batch.len() as u64, Ordering::Relaxed);
                sh.stats.batches.fetch_add(1, Ordering::Relaxed);
                sh.record_lags(&arrived);
                for wt in waiters {
                    let _ = wt.tx.send(Ok((first + wt.start as u64, size)));
                }
            }
            Err(e) => {
                let msg = format!("ghi lô thất bại, dừng / batch commit failed, stopping: {e}");
                eprintln!("{msg}");
                for wt in waiters {
                    let _ = wt.tx.send(Err(msg.clone()));
                }
                *sh.fatal.lock().unwrap_or_else(|p| p.into_inner()) = Some(msg);
                sh.stop.store(true, Ordering::SeqCst);
                return;
            }
        }
    }
}

fn tcp_accept(sh: Arc<Shared>, l: TcpListener, tls: Option<Arc<rustls::ServerConfig>>) {
    for conn in l.incoming() {
        if sh.stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = conn else { continue };
        let sh = sh.clone();
        let tls = tls.clone();
        let _ = std::thread::Builder::new().name("syslog-conn".into()).spawn(move || {
            let peer = stream.peer_addr().map(|a| a.to_string()).unwrap_or_default();
            let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
            match tls {
                None => read_stream(&sh, stream, &peer, Transport::Tcp),
                Some(cfg) => {
                    if let Ok(conn) = rustls::ServerConnection::new(cfg) {
                        read_stream(&sh, rustls::StreamOwned::new(conn, stream), &peer, Transport::Tls);
                    }
                }
            }
        });
    }
}

fn read_stream<R: Read>(sh: &Shared, mut r: R, peer: &str, transport: Transport) {
    let mut framer = syslog::Framer::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut out: Vec<Vec<u8>> = Vec::with_capacity(1024);
    let mut unparsed = 0u64;
    let mut emit = |frame: &[u8], out: &mut Vec<Vec<u8>>, now: i64| {
        let e = syslog::parse(frame, now, transport, peer);
        if e.format == Format::Unparsed {
            unparsed += 1;
        }
        if let Ok(b) = e.encode() {
            out.push(b);
        }
    };
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                if sh.stop.load(Ordering::Relaxed) {
                    break;
                }
                continue;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => break,
        };
        framer.push(&buf[..n]);
        let now = now_ns();
        while let Some(f) = framer.next_frame() {
            emit(f, &mut out, now);
        }
        if !out.is_empty() {
            sh.enqueue(std::mem::take(&mut out), false, true);
        }
    }
    if let Some(f) = framer.finish() {
        emit(f, &mut out, now_ns());
    }
    if !out.is_empty() {
        sh.enqueue(out, false, true);
    }
    sh.stats.unparsed.fetch_add(unparsed, Ordering::Relaxed);
}

fn udp_loop(sh: Arc<Shared>, s: UdpSocket) {
    let _ = s.set_read_timeout(Some(Duration::from_millis(500)));
    let mut buf = vec![0u8; 65_536];
    loop {
        if sh.stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok((n, peer)) = s.recv_from(&mut buf) else { continue };
        if n == 0 {
            continue;
        }
        let e = syslog::parse(&buf[..n], now_ns(), Transport::Udp, &peer.to_string());
        if let Ok(b) = e.encode() {
            sh.enqueue(vec![b], false, false);
        }
    }
}

fn tls_config(cfg: &ServeConfig) -> Result<Arc<rustls::ServerConfig>, Error> {
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::{CertificateDer, PrivateKeyDer};
    let (Some(cert), Some(key)) = (&cfg.tls_cert, &cfg.tls_key) else {
        return Err(Error::BadRequest(
            "--syslog-tls cần --tls-cert và --tls-key / needs --tls-cert and --tls-key".into(),
        ));
    };
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .map_err(|e| Error::BadKey(format!("{}: {e}", cert.display())))?
        .collect::<Result<_, _>>()
        .map_err(|e| Error::BadKey(format!("{}: {e}", cert.display())))?;
    let key = PrivateKeyDer::from_pem_file(key).map_err(|e| Error::BadKey(format!("{}: {e}", key.display())))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let c = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::BadKey(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| Error::BadKey(format!("TLS: {e}")))?;
    Ok(Arc::new(c))
}

// ---------------------------------------------------------------- tokens

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TokenRecord {
    pub name: String,
    /// SHA-256 of the token, hex.
    pub sha256: String,
    pub created: String,
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

pub fn load_tokens(dir: &Path) -> Result<Vec<TokenRecord>, Error> {
    let p = dir.join(paths::TOKENS);
    match std::fs::read_to_string(&p) {
        Ok(t) => serde_json::from_str(&t).map_err(|e| Error::Damaged(format!("{}: {e}", p.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(io_at(&p, e)),
    }
}

/// Creates a token named `name`; returns it (only its hash is stored).
pub fn create_token(dir: &Path, name: &str) -> Result<String, Error> {
    store::load_config(dir)?;
    let mut tokens = load_tokens(dir)?;
    if tokens.iter().any(|t| t.name == name) {
        return Err(Error::BadRequest(format!("token {name:?} đã có / already exists")));
    }
    let mut raw = [0u8; 32];
    getrandom::fill(&mut raw).map_err(|e| Error::Other(e.to_string()))?;
    let token = format!("tlt_{}", hex(&raw));
    tokens.push(TokenRecord {
        name: name.to_string(),
        sha256: hex(&Sha256::digest(token.as_bytes())),
        created: chrono::Utc::now().to_rfc3339(),
    });
    let text = serde_json::to_string_pretty(&tokens).map_err(|e| Error::Other(e.to_string()))?;
    store::write_atomic(dir, paths::TOKENS, text.as_bytes())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(dir.join(paths::TOKENS), std::fs::Permissions::from_mode(0o600));
    }
    Ok(token)
}

fn check_token(sh: &Shared, header: Option<&str>) -> Option<String> {
    let token = header?.trim().strip_prefix("Bearer ")?.trim();
    let h = hex(&Sha256::digest(token.as_bytes()));
    let find = |ts: &[TokenRecord]| ts.iter().find(|t| t.sha256 == h).map(|t| t.name.clone());
    if let Some(n) = find(&sh.tokens.read().unwrap_or_else(|p| p.into_inner())) {
        return Some(n);
    }
    // Tokens created while the server runs.
    let fresh = load_tokens(&sh.dir).ok()?;
    let n = find(&fresh);
    *sh.tokens.write().unwrap_or_else(|p| p.into_inner()) = fresh;
    n
}

// ---------------------------------------------------------------- HTTP

type Resp = tiny_http::Response<std::io::Cursor<Vec<u8>>>;

trait WithHeader {
    fn h(self, name: &str, value: &str) -> Self;
}

impl WithHeader for Resp {
    fn h(self, name: &str, value: &str) -> Self {
        match tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            Ok(h) => self.with_header(h),
            Err(_) => self,
        }
    }
}

fn text(status: u16, body: impl Into<String>) -> Resp {
    tiny_http::Response::from_string(body.into())
        .with_status_code(status)
        .h("Content-Type", "text/plain; charset=utf-8")
}

fn json(status: u16, v: &serde_json::Value) -> Resp {
    tiny_http::Response::from_data(v.to_string().into_bytes())
        .with_status_code(status)
        .h("Content-Type", "application/json")
}

fn err_json(status: u16, msg: &str) -> Resp {
    json(status, &serde_json::json!({ "error": msg }))
}

fn http_loop(sh: Arc<Shared>, srv: Arc<tiny_http::Server>) {
    loop {
        if sh.stop.load(Ordering::SeqCst) {
            return;
        }
        let mut req = match srv.recv_timeout(Duration::from_millis(500)) {
            Ok(Some(r)) => r,
            Ok(None) => continue,
            Err(_) => return,
        };
        let resp = handle(&sh, &mut req);
        let _ = req.respond(resp);
    }
}

fn query_params(url: &str) -> (String, Vec<(String, String)>) {
    let (path, q) = url.split_once('?').unwrap_or((url, ""));
    let params = q
        .split('&')
        .filter(|s| !s.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (pct_decode(k), pct_decode(v))
        })
        .collect();
    (path.to_string(), params)
}

fn pct_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                match u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("zz"), 16) {
                    Ok(v) => {
                        out.push(v);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn handle(sh: &Shared, req: &mut tiny_http::Request) -> Resp {
    let (path, params) = query_params(req.url());
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let method = req.method().clone();
    match (method, path.as_str()) {
        (tiny_http::Method::Get, "/checkpoint") => text(200, sh.checkpoint_text()).h("Cache-Control", "no-store"),
        (tiny_http::Method::Get, p) if p.starts_with("/tile/") => serve_tile(sh, &p[1..]),
        (tiny_http::Method::Post, "/log/v1/entries") => post_entries(sh, req),
        (tiny_http::Method::Get, "/log/v1/proof/inclusion") => {
            let p = sh.published();
            let (Some(index), size) = (get("index").and_then(|v| v.parse::<u64>().ok()), get("size")) else {
                return err_json(400, "index=N bắt buộc / index=N is required");
            };
            let size = match size.map(|s| s.parse::<u64>()) {
                None => p.size,
                Some(Ok(s)) => s,
                Some(Err(_)) => return err_json(400, "size sai / bad size"),
            };
            match inclusion(sh, &p, index, size) {
                Ok(v) => json(200, &v),
                Err(e) => err_json(400, &e.to_string()),
            }
        }
        (tiny_http::Method::Get, "/log/v1/proof/consistency") => {
            let p = sh.published();
            let old = get("old").and_then(|v| v.parse::<u64>().ok());
            let new = get("new").map(|v| v.parse::<u64>().ok()).unwrap_or(Some(p.size));
            let (Some(old), Some(new)) = (old, new) else {
                return err_json(400, "old=N&new=M bắt buộc / old=N&new=M are required");
            };
            match consistency(sh, &p, old, new) {
                Ok(v) => json(200, &v),
                Err(e) => err_json(400, &e.to_string()),
            }
        }
        (tiny_http::Method::Get, "/log/v1/search") => match search_api(sh, &params) {
            Ok(v) => json(200, &v),
            Err(e) => err_json(400, &e.to_string()),
        },
        (tiny_http::Method::Get, "/log/v1/stats") => {
            let p = sh.published();
            json(
                200,
                &serde_json::json!({
                    "size": p.size,
                    "received": sh.stats.received.load(Ordering::Relaxed),
                    "committed": sh.stats.committed.load(Ordering::Relaxed),
                    "batches": sh.stats.batches.load(Ordering::Relaxed),
                    "udp_dropped": sh.stats.udp_dropped.load(Ordering::Relaxed),
                    "unparsed": sh.stats.unparsed.load(Ordering::Relaxed),
                }),
            )
        }
        _ => text(404, "không có / not found\n"),
    }
}

/// Whether a checkpoint of `size` implies the existence of tile `id`.
fn tile_exists_for(id: TileId, size: u64) -> bool {
    match id {
        TileId::Hash { level, n, width } => {
            if width == TILE_WIDTH {
                n < full_tiles(level, size)
            } else {
                n == full_tiles(level, size) && width <= partial_width(level, size)
            }
        }
        TileId::Entries { n, width } => {
            if width == TILE_WIDTH {
                n < full_tiles(0, size)
            } else {
                n == full_tiles(0, size) && width <= partial_width(0, size)
            }
        }
    }
}

fn serve_tile(sh: &Shared, path: &str) -> Resp {
    let Some(id) = TileId::parse(path) else { return text(404, "đường dẫn tile sai / bad tile path\n") };
    let p = sh.published();
    if !tile_exists_for(id, p.size) {
        return text(404, "không có trong checkpoint hiện tại / not in the current checkpoint\n");
    }
    let src = DirSource { dir: sh.dir.clone() };
    let data = match id {
        TileId::Hash { .. } => store::read_tile(&src, id),
        TileId::Entries { n, width } => match src.get(&id.path()) {
            Ok(None) if width < TILE_WIDTH => src.get(&TileId::Entries { n, width: TILE_WIDTH }.path()).map(|o| {
                o.and_then(|b| {
                    let es = crate::entry::split_bundle(&b).ok()?;
                    let keep: usize = es.iter().take(width as usize).map(|e| e.len() + 2).sum();
                    Some(b[..keep].to_vec())
                })
            }),
            other => other,
        },
    };
    match data {
        Ok(Some(b)) => tiny_http::Response::from_data(b).h("Content-Type", "application/octet-stream").h(
            "Cache-Control",
            if matches!(id, TileId::Hash { width: TILE_WIDTH, .. } | TileId::Entries { width: TILE_WIDTH, .. }) {
                "public, max-age=604800, immutable"
            } else {
                "public, max-age=60"
            },
        ),
        Ok(None) => text(404, "không có (đã xoá theo chính sách lưu trữ?) / not found (pruned?)\n"),
        Err(e) => text(500, format!("{e}\n")),
    }
}

#[derive(Deserialize)]
struct PostEntry {
    #[serde(default)]
    raw: Option<String>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    timestamp: Option<String>,
    #[serde(default)]
    hostname: Option<String>,
    #[serde(default)]
    app_name: Option<String>,
    #[serde(default)]
    procid: Option<String>,
    #[serde(default)]
    msgid: Option<String>,
    #[serde(default)]
    facility: Option<u8>,
    #[serde(default)]
    severity: Option<u8>,
    #[serde(default)]
    account: Option<String>,
    #[serde(default)]
    action: Option<String>,
    #[serde(default)]
    client: Option<String>,
    #[serde(default)]
    structured_data: Option<String>,
}

/// One JSON line of `POST /log/v1/entries` → an entry.
pub fn json_entry(line: &str, received_ns: i64, source: &str) -> Result<Entry, String> {
    let p: PostEntry = serde_json::from_str(line).map_err(|e| e.to_string())?;
    if let Some(raw) = &p.raw {
        let mut e = syslog::parse(raw.as_bytes(), received_ns, Transport::Http, source);
        e.raw = line.as_bytes().to_vec();
        e.clip();
        return Ok(e);
    }
    let mut e = Entry::new(received_ns, Transport::Http, source);
    e.format = Format::Json;
    if let Some(f) = p.facility {
        if f > 23 {
            return Err("facility 0-23".into());
        }
        e.facility = Some(f);
    }
    if let Some(s) = p.severity {
        if s > 7 {
            return Err("severity 0-7".into());
        }
        e.severity = Some(s);
    }
    if let Some(t) = &p.timestamp {
        let t = chrono::DateTime::parse_from_rfc3339(t).map_err(|e| format!("timestamp (RFC 3339): {e}"))?;
        e.timestamp_ns = t.timestamp_nanos_opt();
    }
    let b = |o: &Option<String>| o.clone().unwrap_or_default().into_bytes();
    e.hostname = b(&p.hostname);
    e.app_name = b(&p.app_name);
    e.procid = b(&p.procid);
    e.msgid = b(&p.msgid);
    e.account = b(&p.account);
    e.action = b(&p.action);
    e.client = b(&p.client);
    e.structured_data = b(&p.structured_data);
    e.message = b(&p.message);
    e.raw = line.as_bytes().to_vec();
    e.clip();
    Ok(e)
}

fn post_entries(sh: &Shared, req: &mut tiny_http::Request) -> Resp {
    let auth = req.headers().iter().find(|h| h.field.equiv("Authorization")).map(|h| h.value.as_str().to_string());
    let Some(token_name) = check_token(sh, auth.as_deref()) else {
        return err_json(
            401,
            "cần Authorization: Bearer TOKEN hợp lệ / a valid Authorization: Bearer TOKEN is required",
        )
        .h("WWW-Authenticate", "Bearer");
    };
    let mut body = Vec::new();
    if req.as_reader().take(16 << 20).read_to_end(&mut body).is_err() {
        return err_json(400, "không đọc được thân yêu cầu / cannot read the body");
    }
    let Ok(body) = String::from_utf8(body) else {
        return err_json(400, "thân yêu cầu không phải UTF-8 / body is not UTF-8");
    };
    let source = format!("{} {token_name}", req.remote_addr().map(|a| a.to_string()).unwrap_or_default());
    let now = now_ns();
    let mut entries = Vec::new();
    for (i, line) in body.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match json_entry(line, now, &source).and_then(|e| e.encode().map_err(|e| e.to_string())) {
            Ok(b) => entries.push(b),
            Err(e) => {
                return err_json(400, &format!("dòng / line {}: {e} (không ghi gì / nothing was written)", i + 1));
            }
        }
    }
    if entries.is_empty() {
        return err_json(400, "không có bản ghi / no entries");
    }
    if entries.len() > MAX_POST_ENTRIES {
        return err_json(413, &format!("tối đa / at most {MAX_POST_ENTRIES} entries per request"));
    }
    let n = entries.len() as u64;
    let Some(rx) = sh.enqueue(entries, true, true) else { return err_json(503, "hàng đợi đầy / queue full") };
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(Ok((first, size))) => json(
            200,
            &serde_json::json!({
                "first_index": first,
                "count": n,
                "indexes": (first..first + n).collect::<Vec<u64>>(),
                "checkpoint_size": size,
            }),
        ),
        Ok(Err(e)) => err_json(503, &e),
        Err(_) => err_json(503, "hết thời gian chờ ghi / timed out waiting for durability"),
    }
}

fn root_at(tree: &TiledTree<'_>, p: &Published, size: u64) -> Result<Hash, Error> {
    if size == p.size {
        Ok(p.root)
    } else {
        subtree_hash(tree, 0, size)
    }
}

/// Inclusion proof JSON for entry `index` in the tree of `size`.
pub fn inclusion(sh: &Shared, p: &Published, index: u64, size: u64) -> Result<serde_json::Value, Error> {
    if size > p.size {
        return Err(Error::BadRequest(format!("size {size} > checkpoint {}", p.size)));
    }
    let src = DirSource { dir: sh.dir.clone() };
    let tree = TiledTree::with_cache(&src, p.size, sh.tiles.clone());
    let proof = inclusion_proof(&tree, index, size)?;
    let leaf = tree_leaf(&tree, index)?;
    let root = root_at(&tree, p, size)?;
    Ok(serde_json::json!({
        "index": index, "size": size, "leaf_hash": b64(&leaf), "root": b64(&root),
        "proof": proof.iter().map(b64).collect::<Vec<_>>(),
        "checkpoint": if size == p.size { Some(sh.checkpoint_text()) } else { None },
    }))
}

fn tree_leaf(tree: &TiledTree<'_>, index: u64) -> Result<Hash, Error> {
    use crate::merkle::NodeSource;
    tree.node(0, index)
}

pub fn consistency(sh: &Shared, p: &Published, old: u64, new: u64) -> Result<serde_json::Value, Error> {
    if new > p.size || old > new {
        return Err(Error::BadRequest(format!("cần / need old ≤ new ≤ {}", p.size)));
    }
    let src = DirSource { dir: sh.dir.clone() };
    let tree = TiledTree::with_cache(&src, p.size, sh.tiles.clone());
    let proof = consistency_proof(&tree, old, new)?;
    Ok(serde_json::json!({
        "old": old, "new": new,
        "old_root": b64(&root_at(&tree, p, old)?), "new_root": b64(&root_at(&tree, p, new)?),
        "proof": proof.iter().map(b64).collect::<Vec<_>>(),
    }))
}

fn search_api(sh: &Shared, params: &[(String, String)]) -> Result<serde_json::Value, Error> {
    let mut q = Query::from_params(params)?;
    if sh.online_months > 0 {
        q.online_from_ns = Some(crate::retention::months_ago_ns(sh.online_months));
    }
    let p = sh.published();
    let src = DirSource { dir: sh.dir.clone() };
    let res = search::search(&src, p.size, &q)?;
    let tree = TiledTree::with_cache(&src, p.size, sh.tiles.clone());
    let mut results = Vec::new();
    for (index, e, raw) in &res.hits {
        let proof = inclusion_proof(&tree, *index, p.size)?;
        results.push(serde_json::json!({
            "index": index,
            "entry": e.to_json(),
            "leaf_hash": b64(&leaf_hash(raw)),
            "inclusion_proof": proof.iter().map(b64).collect::<Vec<_>>(),
        }));
    }
    Ok(serde_json::json!({
        "checkpoint": sh.checkpoint_text(),
        "size": p.size,
        "online_from_index": res.window_start,
        "results": results,
        "next_after": res.next_after,
    }))
}
