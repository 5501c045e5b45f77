//! `tuanthu log serve` through the binary: syslog and HTTP ingest, the read
//! API, crash recovery under kill -9 (Điều 16.2: acknowledged records are
//! never lost), malformed syslog never crashing the server.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpStream, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tuanthu_tlog::checkpoint::{self, parse_b64_hash};
use tuanthu_tlog::entry::{split_bundle, Entry};
use tuanthu_tlog::http::request;
use tuanthu_tlog::merkle::{verify_consistency, verify_inclusion};
use tuanthu_tlog::note::NoteVerifier;
use tuanthu_tlog::store::{DirSource, TileSource};
use tuanthu_tlog::tiles::{full_tiles, partial_width, TileId};

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_tuanthu"))
}

fn out_of(args: &[&str]) -> (i32, String, String) {
    let o = Command::new(bin()).args(args).output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

struct Log {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    vkey: String,
    token: String,
}

fn new_log() -> Log {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("log");
    let (c, vkey, e) = out_of(&["log", "init", "--dir", dir.to_str().unwrap(), "--origin", "serve.test/log"]);
    assert_eq!(c, 0, "{e}");
    let (c, token, e) = out_of(&["log", "token", "create", "--dir", dir.to_str().unwrap(), "test-app"]);
    assert_eq!(c, 0, "{e}");
    Log { _tmp: tmp, dir, vkey: vkey.trim().into(), token: token.trim().into() }
}

struct Srv {
    child: Child,
    http: String,
    tcp: String,
    udp: String,
}

impl Drop for Srv {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(log: &Log, extra: &[&str]) -> Srv {
    let mut args = vec![
        "log",
        "serve",
        "--dir",
        log.dir.to_str().unwrap(),
        "--http",
        "127.0.0.1:0",
        "--syslog-tcp",
        "127.0.0.1:0",
        "--syslog-udp",
        "127.0.0.1:0",
        "--batch-ms",
        "20",
    ];
    args.extend_from_slice(extra);
    let mut child = Command::new(bin()).args(&args).stderr(Stdio::piped()).stdout(Stdio::null()).spawn().unwrap();
    let mut r = BufReader::new(child.stderr.take().unwrap());
    let (mut http, mut tcp, mut udp) = (String::new(), String::new(), String::new());
    let mut line = String::new();
    while http.is_empty() || tcp.is_empty() || udp.is_empty() {
        line.clear();
        if r.read_line(&mut line).unwrap() == 0 {
            panic!("server exited: {line}");
        }
        let l = line.trim();
        if let Some(a) = l.strip_prefix("http: ") {
            http = format!("http://{a}");
        } else if let Some(a) = l.strip_prefix("syslog-tcp: ") {
            tcp = a.into();
        } else if let Some(a) = l.strip_prefix("syslog-udp: ") {
            udp = a.into();
        }
    }
    // Keep draining stderr so the server never blocks on it.
    std::thread::spawn(move || {
        let mut s = String::new();
        while r.read_line(&mut s).map(|n| n > 0).unwrap_or(false) {
            s.clear();
        }
    });
    Srv { child, http, tcp, udp }
}

fn get(url: &str) -> (u16, String) {
    let r = request("GET", url, &[], &[], Duration::from_secs(10)).unwrap();
    (r.status, String::from_utf8_lossy(&r.body).into_owned())
}

fn post(srv: &Srv, token: Option<&str>, body: &str) -> (u16, serde_json::Value) {
    let auth = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = auth.as_deref().map(|a| vec![("Authorization", a)]).unwrap_or_default();
    let r =
        request("POST", &format!("{}/log/v1/entries", srv.http), &headers, body.as_bytes(), Duration::from_secs(30))
            .unwrap();
    (r.status, serde_json::from_slice(&r.body).unwrap_or(serde_json::Value::Null))
}

fn size_of(srv: &Srv, log: &Log) -> u64 {
    let (_, text) = get(&format!("{}/checkpoint", srv.http));
    let v = NoteVerifier::parse(&log.vkey).unwrap();
    checkpoint::open(&text, &v, &[]).unwrap().checkpoint.size
}

fn wait_size(srv: &Srv, log: &Log, n: u64) {
    let t0 = Instant::now();
    while size_of(srv, log) < n {
        assert!(t0.elapsed() < Duration::from_secs(10), "size {} < {n}", size_of(srv, log));
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Reads every entry of the log directory (for checks after a stop).
fn read_all(dir: &Path, vkey: &str) -> Vec<Entry> {
    let v = NoteVerifier::parse(vkey).unwrap();
    let text = std::fs::read_to_string(dir.join("checkpoint")).unwrap();
    let size = checkpoint::open(&text, &v, &[]).unwrap().checkpoint.size;
    let src = DirSource { dir: dir.to_path_buf() };
    let mut out = Vec::new();
    for n in 0..size.div_ceil(256) {
        let width = if n < full_tiles(0, size) { 256 } else { partial_width(0, size) };
        let b = src.get(&TileId::Entries { n, width }.path()).unwrap().unwrap();
        for e in split_bundle(&b).unwrap() {
            out.push(Entry::decode(e).unwrap());
        }
    }
    out
}

#[test]
fn dieu_16_1_syslog_tcp_udp_and_http_ingest_with_search_and_proofs() {
    let log = new_log();
    let mut srv = start(&log, &[]);
    // 401 without a token, 401 with a wrong one.
    assert_eq!(post(&srv, None, "{\"message\":\"x\"}\n").0, 401);
    assert_eq!(post(&srv, Some("tlt_wrong"), "{\"message\":\"x\"}\n").0, 401);
    // JSON lines: answered once durable, with each entry's index.
    let (st, v) = post(
        &srv,
        Some(&log.token),
        "{\"message\":\"đăng nhập quản trị\",\"account\":\"admin1\",\"action\":\"admin_login\",\"client\":\"10.0.0.7\",\"hostname\":\"app-hq\",\"app_name\":\"portal\",\"severity\":4,\"timestamp\":\"2026-01-05T08:00:00+07:00\"}\n{\"raw\":\"<86>Jan  5 08:00:01 app-hq sshd[77]: Accepted password for bob from 10.0.0.8 port 2222 ssh2\"}\n",
    );
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["indexes"], serde_json::json!([0, 1]));
    assert!(v["checkpoint_size"].as_u64().unwrap() >= 2);
    // A bad line: nothing written.
    let (st, v) = post(&srv, Some(&log.token), "{\"message\":\"ok\"}\nnot json\n");
    assert_eq!(st, 400, "{v}");
    assert!(v["error"].as_str().unwrap().contains("line 2"), "{v}");

    // TCP: octet counting and newline framing on one connection.
    let mut t = TcpStream::connect(&srv.tcp).unwrap();
    let m1 = "<34>1 2026-01-05T01:00:00Z web01 nginx 12 ACCESS [req@1 user=\"carol\" ip=\"10.9.9.9\" action=\"GET /\"] served";
    write!(t, "{} {m1}", m1.len()).unwrap();
    t.write_all(b"<13>Jan  5 08:00:02 web01 app: newline framed user=dave\n").unwrap();
    drop(t);
    let u = UdpSocket::bind("127.0.0.1:0").unwrap();
    u.send_to(b"<11>Jan  5 08:00:03 db01 postgres[9]: error: disk full", &srv.udp).unwrap();
    wait_size(&srv, &log, 5);

    // Search with inclusion proofs that verify against the checkpoint.
    let (st, body) = get(&format!("{}/log/v1/search?host=web01&severity=6", srv.http));
    assert_eq!(st, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let results = v["results"].as_array().unwrap();
    assert_eq!(results.len(), 2, "{body}");
    let vk = NoteVerifier::parse(&log.vkey).unwrap();
    let cp = checkpoint::open(v["checkpoint"].as_str().unwrap(), &vk, &[]).unwrap().checkpoint;
    for r in results {
        let proof: Vec<_> = r["inclusion_proof"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| parse_b64_hash(h.as_str().unwrap()).unwrap())
            .collect();
        let leaf = parse_b64_hash(r["leaf_hash"].as_str().unwrap()).unwrap();
        assert!(verify_inclusion(&leaf, r["index"].as_u64().unwrap(), cp.size, &proof, &cp.root));
    }
    assert_eq!(results[0]["entry"]["account"], "carol");
    assert_eq!(results[0]["entry"]["client"], "10.9.9.9");
    assert_eq!(results[1]["entry"]["account"], "dave");
    let (_, body) = get(&format!("{}/log/v1/search?account=bob", srv.http));
    assert!(body.contains("Accepted password for bob"), "{body}");
    let (_, body) = get(&format!("{}/log/v1/search?q=disk+full", srv.http));
    assert!(body.contains("\"severity\":3"), "{body}");
    let (_, body) = get(&format!("{}/log/v1/search?from=2000-01-01&to=2001-01-01", srv.http));
    assert!(body.contains("\"results\":[]"), "{body}");

    // Inclusion and consistency proof endpoints.
    let (st, body) = get(&format!("{}/log/v1/proof/inclusion?index=1&size=3", srv.http));
    assert_eq!(st, 200, "{body}");
    let (st, body) = get(&format!("{}/log/v1/proof/consistency?old=2&new={}", srv.http, cp.size));
    assert_eq!(st, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let proof: Vec<_> =
        v["proof"].as_array().unwrap().iter().map(|h| parse_b64_hash(h.as_str().unwrap()).unwrap()).collect();
    let h = |k: &str| parse_b64_hash(v[k].as_str().unwrap()).unwrap();
    assert!(verify_consistency(2, cp.size, &proof, &h("old_root"), &h("new_root")));
    assert_eq!(h("new_root"), cp.root);
    assert_eq!(get(&format!("{}/log/v1/proof/inclusion?index=99", srv.http)).0, 400);
    // Tiles as C2SP names them; tiles beyond the checkpoint are not served.
    assert_eq!(get(&format!("{}/tile/0/000.p/{}", srv.http, cp.size)).0, 200);
    assert_eq!(get(&format!("{}/tile/entries/000.p/{}", srv.http, cp.size)).0, 200);
    assert_eq!(get(&format!("{}/tile/0/000", srv.http)).0, 404);

    // verify --url with the verifier key.
    let (c, o, e) = out_of(&["log", "verify", "--url", &srv.http, "--key", &log.vkey]);
    assert_eq!(c, 0, "{o}{e}");
    srv.child.kill().unwrap();
    let _ = srv.child.wait();
}

fn xorshift(x: &mut u64) -> u64 {
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    *x
}

#[test]
fn dieu_16_2_kill_9_under_load_never_loses_an_acknowledged_entry() {
    let log = new_log();
    let acked: Arc<Mutex<Vec<(u64, String)>>> = Arc::new(Mutex::new(Vec::new()));
    let seen: Arc<Mutex<Vec<String>>> = Arc::new(Mutex::new(Vec::new()));
    let mut rng = 0x1048_u64 ^ 0x9E37_79B9_7F4A_7C15;
    for round in 0..5 {
        let mut srv = start(&log, &[]);
        let stop = Arc::new(AtomicBool::new(false));
        let mut hs = Vec::new();
        for c in 0..3 {
            let (acked, stop, url, token) = (acked.clone(), stop.clone(), srv.http.clone(), log.token.clone());
            let mut seed = rng ^ ((c as u64 + 1) * 0x51);
            hs.push(std::thread::spawn(move || {
                let mut seq = 0;
                while !stop.load(Ordering::Relaxed) {
                    let n = 1 + xorshift(&mut seed) % 40;
                    let msgs: Vec<String> = (0..n).map(|k| format!("r{round}-c{c}-s{seq}-k{k}")).collect();
                    let body: String = msgs.iter().map(|m| format!("{{\"message\":\"{m}\"}}\n")).collect();
                    let auth = format!("Bearer {token}");
                    let Ok(r) = request(
                        "POST",
                        &format!("{url}/log/v1/entries"),
                        &[("Authorization", &auth)],
                        body.as_bytes(),
                        Duration::from_secs(5),
                    ) else {
                        break;
                    };
                    if r.status != 200 {
                        break;
                    }
                    let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
                    let idx = v["indexes"].as_array().unwrap();
                    let mut a = acked.lock().unwrap();
                    for (i, m) in idx.iter().zip(msgs) {
                        a.push((i.as_u64().unwrap(), m));
                    }
                    seq += 1;
                }
            }));
        }
        // Unacknowledged syslog load at the same time.
        {
            let (stop, tcp) = (stop.clone(), srv.tcp.clone());
            hs.push(std::thread::spawn(move || {
                let Ok(mut t) = TcpStream::connect(&tcp) else { return };
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) {
                    let m = format!("<14>1 - load-gen bench - - - syslog {i} {}\n", "x".repeat(200));
                    if t.write_all(m.as_bytes()).is_err() {
                        break;
                    }
                    i += 1;
                }
            }));
        }
        {
            let (stop, seen, url) = (stop.clone(), seen.clone(), srv.http.clone());
            hs.push(std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    if let Ok(r) = request("GET", &format!("{url}/checkpoint"), &[], &[], Duration::from_secs(2)) {
                        if r.status == 200 {
                            seen.lock().unwrap().push(String::from_utf8_lossy(&r.body).into_owned());
                        }
                    }
                    std::thread::sleep(Duration::from_millis(40));
                }
            }));
        }
        let wait = 300 + xorshift(&mut rng) % 1200;
        std::thread::sleep(Duration::from_millis(wait));
        srv.child.kill().unwrap(); // SIGKILL
        let _ = srv.child.wait();
        stop.store(true, Ordering::Relaxed);
        for h in hs {
            h.join().unwrap();
        }
    }
    // Restart once more: recovery, then stop cleanly.
    let mut srv = start(&log, &[]);
    let final_size = size_of(&srv, &log);
    srv.child.kill().unwrap();
    let _ = srv.child.wait();

    let acked = acked.lock().unwrap();
    assert!(acked.len() > 100, "load generator acknowledged only {} entries", acked.len());
    let entries = read_all(&log.dir, &log.vkey);
    assert_eq!(entries.len() as u64, final_size);
    for (i, m) in acked.iter() {
        let e = &entries[*i as usize];
        assert_eq!(String::from_utf8_lossy(&e.message), *m, "acknowledged entry {i} lost or changed");
    }
    // Every checkpoint published before a crash is consistent with the final log.
    let seen = seen.lock().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let mut args: Vec<String> = vec!["log".into(), "verify".into(), "--dir".into(), log.dir.to_str().unwrap().into()];
    args.extend(["--key".into(), log.vkey.clone()]);
    for (k, t) in seen.iter().enumerate().step_by((seen.len() / 40).max(1)) {
        let p = tmp.path().join(format!("cp{k}"));
        std::fs::write(&p, t).unwrap();
        args.push("--trusted".into());
        args.push(p.to_str().unwrap().into());
    }
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let (c, o, e) = out_of(&a);
    assert_eq!(c, 0, "{o}{e}");
    assert!(o.contains("VERIFIED"), "{o}");
}

#[test]
fn malformed_syslog_never_crashes_the_server() {
    let log = new_log();
    let mut srv = start(&log, &[]);
    let mut x = 0xDEAD_BEEF_u64;
    let u = UdpSocket::bind("127.0.0.1:0").unwrap();
    for conn in 0..20 {
        let mut t = TcpStream::connect(&srv.tcp).unwrap();
        for _ in 0..200 {
            let len = (xorshift(&mut x) % 2000) as usize;
            let mut b: Vec<u8> = (0..len).map(|_| xorshift(&mut x) as u8).collect();
            // Bias towards syslog-looking garbage and absurd octet counts.
            let prefix: &[u8] = match xorshift(&mut x) % 5 {
                0 => b"<999>1 ",
                1 => b"9999999 <1",
                2 => b"<13>1 - - - - - [a b=\"",
                3 => b"<13>Feb 30 25:61:61 ",
                _ => b"",
            };
            b.splice(0..0, prefix.iter().copied());
            if t.write_all(&b).is_err() {
                break;
            }
            let _ = u.send_to(&b[..b.len().min(1400)], &srv.udp);
        }
        if conn % 2 == 0 {
            let _ = t.write_all(b"\n");
        }
        drop(t);
    }
    // Garbage over HTTP too.
    assert_eq!(post(&srv, Some(&log.token), "\u{0}\u{1}{{{").0, 400);
    let (st, _) = get(&format!("{}/tile/../../etc/passwd", srv.http));
    assert_eq!(st, 404);
    // Still alive and ingesting.
    let (st, v) = post(&srv, Some(&log.token), "{\"message\":\"still alive\"}\n");
    assert_eq!(st, 200, "{v}");
    srv.child.kill().unwrap();
    let _ = srv.child.wait();
    let (c, o, e) = out_of(&["log", "verify", "--dir", log.dir.to_str().unwrap(), "--key", &log.vkey]);
    assert_eq!(c, 0, "{o}{e}");
}
