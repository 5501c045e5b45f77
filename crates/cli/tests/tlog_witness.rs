//! Witness (C2SP tlog-witness) through the binaries: a second unit cosigns
//! the log's checkpoints only after checking consistency, so that the
//! operator cannot rewrite history (Điều 16.2).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tuanthu_tlog::http::request;
use tuanthu_tlog::merkle::leaf_hash;
use tuanthu_tlog::store::LogWriter;
use tuanthu_tlog::witness::request_body;

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

/// Kills the child when the test ends, even on a failed assertion.
struct Kill(Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Spawns a command and returns it with the first stderr line containing `marker`.
fn spawn_until(args: &[&str], marker: &str) -> (Kill, Vec<String>) {
    let mut child = Command::new(bin()).args(args).stderr(Stdio::piped()).stdout(Stdio::null()).spawn().unwrap();
    let mut r = BufReader::new(child.stderr.take().unwrap());
    let mut lines = Vec::new();
    loop {
        let mut l = String::new();
        assert!(r.read_line(&mut l).unwrap() > 0, "exited early: {lines:?}");
        let found = l.contains(marker);
        lines.push(l.trim().to_string());
        if found {
            break;
        }
    }
    std::thread::spawn(move || {
        let mut s = String::new();
        while r.read_line(&mut s).map(|n| n > 0).unwrap_or(false) {
            s.clear();
        }
    });
    (Kill(child), lines)
}

#[test]
fn dieu_16_2_witness_cosigns_consistent_checkpoints_and_refuses_forks() {
    let tmp = tempfile::tempdir().unwrap();
    let wdir = tmp.path().join("witness");
    let ldir = tmp.path().join("log");
    let (c, wkey, e) = out_of(&["witness", "init", "--dir", wdir.to_str().unwrap(), "--name", "attt.test/w1"]);
    assert_eq!(c, 0, "{e}");
    let wkey = wkey.trim().to_string();
    let (c, vkey, e) = out_of(&["log", "init", "--dir", ldir.to_str().unwrap(), "--origin", "cuc.test/log"]);
    assert_eq!(c, 0, "{e}");
    let vkey = vkey.trim().to_string();
    let (c, token, _) = out_of(&["log", "token", "create", "--dir", ldir.to_str().unwrap(), "app"]);
    assert_eq!(c, 0);
    let token = token.trim().to_string();

    let log_arg = format!("cuc.test/log={vkey}");
    let (wchild, lines) = spawn_until(
        &["witness", "serve", "--dir", wdir.to_str().unwrap(), "--listen", "127.0.0.1:0", "--log", &log_arg],
        "on ",
    );
    let waddr = lines.last().unwrap().rsplit(' ').next().unwrap().to_string();
    let wurl = format!("http://{waddr}");
    let (lchild, lines) = spawn_until(
        &[
            "log",
            "serve",
            "--dir",
            ldir.to_str().unwrap(),
            "--http",
            "127.0.0.1:0",
            "--witness",
            &wurl,
            "--batch-ms",
            "20",
        ],
        "http: ",
    );
    let lurl = format!("http://{}", lines.last().unwrap().rsplit(' ').next().unwrap());

    let auth = format!("Bearer {token}");
    for i in 0..3 {
        let body: String = (0..50).map(|k| format!("{{\"message\":\"m{i}-{k}\"}}\n")).collect();
        let r = request(
            "POST",
            &format!("{lurl}/log/v1/entries"),
            &[("Authorization", &auth)],
            body.as_bytes(),
            Duration::from_secs(10),
        )
        .unwrap();
        assert_eq!(r.status, 200);
        std::thread::sleep(Duration::from_millis(300));
    }
    // The served checkpoint eventually carries the witness cosignature for size 150.
    let t0 = Instant::now();
    loop {
        let r = request("GET", &format!("{lurl}/checkpoint"), &[], &[], Duration::from_secs(5)).unwrap();
        let text = String::from_utf8_lossy(&r.body).into_owned();
        if text.contains("\n150\n") && text.contains("— attt.test/w1 ") {
            break;
        }
        assert!(t0.elapsed() < Duration::from_secs(15), "no cosigned checkpoint: {text}");
        std::thread::sleep(Duration::from_millis(100));
    }
    drop(lchild);

    // verify checks the cosignature (key recorded in log.json on first use).
    let cfg = std::fs::read_to_string(ldir.join("log.json")).unwrap();
    assert!(cfg.contains(&wkey), "{cfg}");
    let (c, o, e) = out_of(&["log", "verify", "--dir", ldir.to_str().unwrap(), "--key", &vkey, "--witness-key", &wkey]);
    assert_eq!(c, 0, "{o}{e}");
    assert!(o.contains("attt.test/w1"), "{o}");

    // Go checks the Ed25519 cosignature (cosignature/v1) independently.
    if let Some(go) = go_verifier() {
        let out = Command::new(go)
            .args(["-dir", ldir.to_str().unwrap(), "-key", &vkey, "-witness-key", &wkey, "-cosigned"])
            .arg(ldir.join("checkpoint.witnessed"))
            .output()
            .unwrap();
        let s = String::from_utf8_lossy(&out.stdout);
        assert!(s.starts_with("OK ") && s.contains("cosignatures=1"), "{s}");
    }

    // A fork signed with the same key (the operator rewriting history) is refused.
    let fork = tmp.path().join("fork");
    std::fs::create_dir_all(&fork).unwrap();
    for f in ["log.key", "log.json", "log.vkey"] {
        std::fs::copy(ldir.join(f), fork.join(f)).unwrap();
    }
    let signer =
        tuanthu_tlog::note::NoteSigner::parse(&std::fs::read_to_string(fork.join("log.key")).unwrap()).unwrap();
    let empty = tuanthu_tlog::checkpoint::Checkpoint {
        origin: "cuc.test/log".into(),
        size: 0,
        root: tuanthu_tlog::merkle::empty_root(),
        extensions: vec![],
    };
    std::fs::write(fork.join("checkpoint"), signer.sign_note(&empty.body())).unwrap();
    let (mut w, _) = LogWriter::open(&fork).unwrap();
    let es: Vec<Vec<u8>> = (0..200).map(|i| format!("forged {i}").into_bytes()).collect();
    let _ = leaf_hash(&es[0]);
    w.append_batch(&es).unwrap();
    let forged = w.checkpoint().unwrap();
    let src = tuanthu_tlog::store::DirSource { dir: fork.clone() };
    let tree = tuanthu_tlog::store::TiledTree::new(&src, 200);
    let proof = tuanthu_tlog::merkle::consistency_proof(&tree, 150, 200).unwrap();
    let add = |body: String| {
        request("POST", &format!("{wurl}/add-checkpoint"), &[], body.as_bytes(), Duration::from_secs(5)).unwrap()
    };
    let r = add(request_body(150, &proof, &forged));
    assert_eq!(r.status, 422, "{}", String::from_utf8_lossy(&r.body));
    let r = add(request_body(0, &[], &forged));
    assert_eq!(r.status, 409);
    assert_eq!(r.header("Content-Type"), Some("text/x.tlog.size"));
    assert_eq!(String::from_utf8_lossy(&r.body), "150\n");
    // Unknown origin → 404; a key the witness does not trust → 403.
    let other = tuanthu_tlog::note::NoteSigner::generate("cuc.test/log", 1).unwrap();
    let r = add(request_body(150, &[], &other.sign_note(&empty.body())));
    assert_eq!(r.status, 403);
    let stranger = tuanthu_tlog::note::NoteSigner::generate("x.test/other", 1).unwrap();
    let r = add(request_body(
        0,
        &[],
        &stranger.sign_note("x.test/other\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n"),
    ));
    assert_eq!(r.status, 404);
    // The monitoring endpoint serves the last cosigned checkpoint.
    let oh = tuanthu_tlog::witness::origin_hash("cuc.test/log");
    let r = request("GET", &format!("{wurl}/{oh}/checkpoint"), &[], &[], Duration::from_secs(5)).unwrap();
    assert!(String::from_utf8_lossy(&r.body).contains("\n150\n"));
    drop(wchild);
}

fn go_verifier() -> Option<PathBuf> {
    if Command::new("go").arg("version").output().is_err() {
        eprintln!("!!!!!!!! SKIPPED the Go cosignature check: `go` not found (apt-get install golang-go golang-golang-x-mod-dev) !!!!!!!!");
        return None;
    }
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("go-verifier-cli");
    std::fs::create_dir_all(&dir).unwrap();
    let bin = dir.join("verifier");
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tlog/tests/go/verifier.go");
    let out = Command::new("go")
        .args(["build", "-o"])
        .arg(&bin)
        .arg(&src)
        .env("GO111MODULE", "off")
        .env("GOPATH", "/usr/share/gocode")
        .env("GOCACHE", dir.join("cache"))
        .env("CGO_ENABLED", "0")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    Some(bin)
}
