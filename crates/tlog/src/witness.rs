//! C2SP tlog-witness: the witness server (`add-checkpoint`, cosigning with
//! an Ed25519 cosignature/v1 key only after checking consistency with the
//! last checkpoint it cosigned) and the log's client asking for cosignatures.
//!
//! Witness directory: `witness.json` (name, verifier key), `witness.key`
//! (0600), `state.json` (per origin: size, root, the cosigned checkpoint).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::checkpoint::{b64, parse_b64_hash, Checkpoint};
use crate::merkle::{consistency_proof, empty_root, verify_consistency, Hash};
use crate::note::{Note, NoteSigner, NoteVerifier, SigLine, ALG_COSIGNATURE_V1};
use crate::server::Shared;
use crate::store::{self, DirSource, LogWriter, TiledTree, WitnessConfig};
use crate::{io_at, Error};

#[derive(Serialize, Deserialize)]
struct WitnessFile {
    name: String,
    verifier_key: String,
}

#[derive(Serialize, Deserialize, Clone, Default)]
struct LogState {
    size: u64,
    root: String,
    checkpoint: String,
}

/// Creates a witness in `dir`; returns its cosigner verifier key.
pub fn init(dir: &Path, name: &str) -> Result<String, Error> {
    if dir.join("witness.json").exists() {
        return Err(Error::BadRequest(format!("{} đã có nhân chứng / already holds a witness", dir.display())));
    }
    std::fs::create_dir_all(dir).map_err(|e| io_at(dir, e))?;
    let s = NoteSigner::generate(name, ALG_COSIGNATURE_V1)?;
    let vkey = s.verifier().to_vkey();
    let kp = dir.join("witness.key");
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    let mut f = o.open(&kp).map_err(|e| io_at(&kp, e))?;
    std::io::Write::write_all(&mut f, format!("{}\n", s.private_string()).as_bytes()).map_err(|e| io_at(&kp, e))?;
    f.sync_all().map_err(|e| io_at(&kp, e))?;
    let wf = WitnessFile { name: name.into(), verifier_key: vkey.clone() };
    let text = serde_json::to_string_pretty(&wf).map_err(|e| Error::Other(e.to_string()))?;
    store::write_atomic(dir, "witness.json", text.as_bytes())?;
    Ok(vkey)
}

/// What `add-checkpoint` answers: status, content type, body.
pub struct Answer {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
}

fn answer(status: u16, body: impl Into<String>) -> Answer {
    Answer { status, content_type: "text/plain; charset=utf-8", body: body.into() }
}

/// A witness: its key, the logs it knows, and its state (one lock makes
/// the check-and-update atomic, as the spec requires).
pub struct Witness {
    dir: PathBuf,
    signer: NoteSigner,
    logs: BTreeMap<String, NoteVerifier>,
    state: Mutex<BTreeMap<String, LogState>>,
}

impl Witness {
    pub fn open(dir: &Path, logs: &[(String, String)]) -> Result<Witness, Error> {
        let kp = dir.join("witness.key");
        let signer = NoteSigner::parse(&std::fs::read_to_string(&kp).map_err(|e| io_at(&kp, e))?)?;
        let mut known = BTreeMap::new();
        for (origin, vkey) in logs {
            let v = NoteVerifier::parse(vkey)?;
            if &v.name != origin {
                return Err(Error::BadKey(format!("khoá {} không phải của / is not the key of {origin}", v.name)));
            }
            known.insert(origin.clone(), v);
        }
        let sp = dir.join("state.json");
        let state = match std::fs::read_to_string(&sp) {
            Ok(t) => serde_json::from_str(&t).map_err(|e| Error::Damaged(format!("{}: {e}", sp.display())))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeMap::new(),
            Err(e) => return Err(io_at(&sp, e)),
        };
        Ok(Witness { dir: dir.to_path_buf(), signer, logs: known, state: Mutex::new(state) })
    }

    pub fn verifier_key(&self) -> String {
        self.signer.verifier().to_vkey()
    }

    /// Handles an add-checkpoint request body.
    pub fn add_checkpoint(&self, body: &[u8]) -> Answer {
        let Ok(body) = std::str::from_utf8(body) else { return answer(400, "body is not UTF-8\n") };
        let Some((head, cp_text)) = body.split_once("\n\n") else { return answer(400, "no empty line\n") };
        let mut lines = head.split('\n');
        let old: u64 = match lines.next().and_then(|l| l.strip_prefix("old ")) {
            Some(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0')) => {
                match s.parse() {
                    Ok(v) => v,
                    Err(_) => return answer(400, "bad old size\n"),
                }
            }
            _ => return answer(400, "first line must be `old N`\n"),
        };
        let mut proof: Vec<Hash> = Vec::new();
        for l in lines {
            match parse_b64_hash(l) {
                Some(h) if l.len() == 44 => proof.push(h),
                _ => return answer(400, "bad proof line\n"),
            }
        }
        if proof.len() > 63 {
            return answer(400, "too many proof lines\n");
        }
        let Ok(note) = Note::parse(cp_text) else { return answer(400, "malformed checkpoint note\n") };
        let Ok(cp) = Checkpoint::parse_body(&note.text) else { return answer(400, "malformed checkpoint\n") };
        let Some(key) = self.logs.get(&cp.origin) else { return answer(404, "unknown log origin\n") };
        match note.verify(std::slice::from_ref(key)) {
            Ok(v) if !v.is_empty() => {}
            _ => return answer(403, "no valid signature by the log key\n"),
        }
        if old > cp.size {
            return answer(400, "old size exceeds the checkpoint size\n");
        }
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let cur = state.get(&cp.origin).cloned().unwrap_or_default();
        if old != cur.size {
            return Answer { status: 409, content_type: "text/x.tlog.size", body: format!("{}\n", cur.size) };
        }
        if cp.size == 0 && cp.root != empty_root() {
            return answer(422, "a size-0 checkpoint must have the empty root\n");
        }
        if old == 0 {
            if !proof.is_empty() {
                return answer(422, "proof must be empty from size 0\n");
            }
        } else if old == cp.size {
            if parse_b64_hash(&cur.root) != Some(cp.root) {
                return answer(422, "same size, different root hash\n");
            }
        } else {
            let Some(old_root) = parse_b64_hash(&cur.root) else { return answer(500, "state damaged\n") };
            if !verify_consistency(old, cp.size, &proof, &old_root, &cp.root) {
                eprintln!(
                    "CẢNH BÁO / ALERT: {} {old}→{}: bằng chứng nhất quán sai / consistency proof fails (log misbehaviour?)",
                    cp.origin, cp.size
                );
                return answer(422, "consistency proof does not verify\n");
            }
        }
        let ts =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(1).max(1);
        let line = self.signer.sign_line(&note.text, ts);
        let mut kept = note.clone();
        if let Some(sl) = SigLine::parse(&line) {
            kept.add_sigs(&[sl]);
        }
        let mut next = state.clone();
        next.insert(cp.origin.clone(), LogState { size: cp.size, root: b64(&cp.root), checkpoint: kept.to_text() });
        let text = match serde_json::to_string_pretty(&next) {
            Ok(t) => t,
            Err(e) => return answer(500, format!("{e}\n")),
        };
        // Persist before answering.
        if let Err(e) = store::write_atomic(&self.dir, "state.json", text.as_bytes()) {
            return answer(500, format!("{e}\n"));
        }
        *state = next;
        answer(200, line)
    }

    /// `GET /<sha256(origin) hex>/checkpoint`: the latest cosigned checkpoint.
    pub fn latest(&self, origin_hash: &str) -> Option<String> {
        let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state.iter().find(|(o, _)| hex(&Sha256::digest(o.as_bytes())) == origin_hash).map(|(_, s)| s.checkpoint.clone())
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Serves the witness on `listen` until the process ends. Returns the bound address through `bound`.
pub fn serve(
    w: Arc<Witness>,
    listen: &str,
    bound: &mut Option<std::net::SocketAddr>,
) -> Result<Vec<std::thread::JoinHandle<()>>, Error> {
    let srv = Arc::new(tiny_http::Server::http(listen).map_err(|e| Error::Io2(format!("{listen}: {e}")))?);
    *bound = srv.server_addr().to_ip();
    let mut hs = Vec::new();
    for _ in 0..4 {
        let srv = srv.clone();
        let w = w.clone();
        hs.push(std::thread::spawn(move || {
            while let Ok(mut req) = srv.recv() {
                let url = req.url().to_string();
                let a = match (req.method(), url.as_str()) {
                    (tiny_http::Method::Post, "/add-checkpoint") => {
                        let mut body = Vec::new();
                        if req.as_reader().take(1 << 20).read_to_end(&mut body).is_err() {
                            answer(400, "unreadable body\n")
                        } else {
                            w.add_checkpoint(&body)
                        }
                    }
                    (tiny_http::Method::Get, "/witness-key") => answer(200, format!("{}\n", w.verifier_key())),
                    (tiny_http::Method::Get, p) if p.ends_with("/checkpoint") => {
                        match w.latest(p.trim_start_matches('/').trim_end_matches("/checkpoint")) {
                            Some(t) => answer(200, t),
                            None => answer(404, "unknown\n"),
                        }
                    }
                    _ => answer(404, "not found\n"),
                };
                let mut r = tiny_http::Response::from_string(a.body).with_status_code(a.status);
                if let Ok(h) = tiny_http::Header::from_bytes(&b"Content-Type"[..], a.content_type.as_bytes()) {
                    r = r.with_header(h);
                }
                let _ = req.respond(r);
            }
        }));
    }
    Ok(hs)
}

// ------------------------------------------------------------ log side

/// A witness the log asks for cosignatures.
#[derive(Clone, Debug)]
pub struct Target {
    pub url: String,
    pub key: NoteVerifier,
}

/// `--witness URL` or `--witness VKEY@URL`. A URL without a key is looked up
/// in log.json, else its key is fetched from `URL/witness-key` (trust on
/// first use) and recorded in log.json.
pub fn resolve_witnesses(w: &mut LogWriter, args: &[String]) -> Result<Vec<Target>, Error> {
    let mut out = Vec::new();
    let mut changed = false;
    for a in args {
        let (key, url) = match a.split_once('@') {
            Some((k, u)) if NoteVerifier::parse(k).is_ok() => (Some(k.to_string()), u.to_string()),
            _ => (None, a.clone()),
        };
        let url = url.trim_end_matches('/').to_string();
        let key = match key {
            Some(k) => k,
            None => match w.cfg.witnesses.iter().find(|c| c.url == url) {
                Some(c) => c.key.clone(),
                None => {
                    let r =
                        crate::http::request("GET", &format!("{url}/witness-key"), &[], &[], Duration::from_secs(10))?;
                    if r.status != 200 {
                        return Err(Error::BadKey(format!(
                            "không lấy được khoá nhân chứng / cannot get the witness key from {url}/witness-key (HTTP {}); use --witness VKEY@URL",
                            r.status
                        )));
                    }
                    let k = String::from_utf8_lossy(&r.body).trim().to_string();
                    eprintln!("nhân chứng / witness {url}: khoá / key {k} (ghi vào / recorded in log.json)");
                    k
                }
            },
        };
        let v = NoteVerifier::parse(&key)?;
        if v.alg != ALG_COSIGNATURE_V1 {
            return Err(Error::BadKey(format!("{key}: không phải khoá cosignature/v1 / not a cosignature/v1 key")));
        }
        let wc = WitnessConfig { url: url.clone(), key: key.clone() };
        if !w.cfg.witnesses.contains(&wc) {
            w.cfg.witnesses.retain(|c| c.url != url);
            w.cfg.witnesses.push(wc);
            changed = true;
        }
        out.push(Target { url, key: v });
    }
    if changed {
        store::save_config(&w.dir, &w.cfg)?;
    }
    Ok(out)
}

/// Builds the add-checkpoint body.
pub fn request_body(old: u64, proof: &[Hash], checkpoint: &str) -> String {
    let mut s = format!("old {old}\n");
    for h in proof {
        s.push_str(&b64(h));
        s.push('\n');
    }
    s.push('\n');
    s.push_str(checkpoint);
    s
}

/// Asks one witness to cosign `text` (size `size`), knowing it last saw `old`.
/// Returns the verified cosignature lines, or the witness's size on 409.
pub fn ask(dir: &Path, t: &Target, old: u64, size: u64, text: &str) -> Result<Result<Vec<SigLine>, u64>, Error> {
    let src = DirSource { dir: dir.to_path_buf() };
    let tree = TiledTree::new(&src, size);
    let proof = if old == 0 || old > size { Vec::new() } else { consistency_proof(&tree, old, size)? };
    let body = request_body(old, &proof, text);
    let r = crate::http::request(
        "POST",
        &format!("{}/add-checkpoint", t.url),
        &[],
        body.as_bytes(),
        Duration::from_secs(10),
    )?;
    match r.status {
        200 => {
            let note_text = Note::parse(text)?.text;
            let mut ok = Vec::new();
            for l in String::from_utf8_lossy(&r.body).split_inclusive('\n') {
                if let Some(sl) = SigLine::parse(l) {
                    let probe = Note { text: note_text.clone(), sigs: vec![sl.clone()] };
                    if probe.verify(std::slice::from_ref(&t.key)).map(|v| !v.is_empty()).unwrap_or(false) {
                        ok.push(sl);
                    }
                }
            }
            Ok(Ok(ok))
        }
        409 => {
            let s = String::from_utf8_lossy(&r.body)
                .trim()
                .parse::<u64>()
                .map_err(|_| Error::Other("409 without a size".into()))?;
            Ok(Err(s))
        }
        s => Err(Error::Other(format!("{}: HTTP {s}: {}", t.url, String::from_utf8_lossy(&r.body).trim()))),
    }
}

/// The log's witness loop: cosigns the latest checkpoint about once a second.
pub fn client_loop(sh: &Shared, targets: &[Target], mut keep: impl FnMut(u64, &str) -> Result<(), Error>) {
    let mut known: Vec<u64> = vec![0; targets.len()];
    let mut last_done = u64::MAX;
    loop {
        if sh.is_stopping() {
            return;
        }
        let p = sh.published();
        if p.size == last_done {
            sh.wait_published(p.size + 1, Duration::from_millis(500));
            continue;
        }
        let mut sigs = Vec::new();
        for (i, t) in targets.iter().enumerate() {
            for _attempt in 0..2 {
                match ask(&sh.dir, t, known[i], p.size, &p.text) {
                    Ok(Ok(lines)) => {
                        known[i] = p.size;
                        sigs.extend(lines);
                        break;
                    }
                    Ok(Err(theirs)) => {
                        if theirs > p.size {
                            eprintln!(
                                "CẢNH BÁO / ALERT: nhân chứng {} đã thấy cỡ {theirs} > {} / witness has seen a larger tree than ours",
                                t.url, p.size
                            );
                            break;
                        }
                        known[i] = theirs;
                    }
                    Err(e) => {
                        eprintln!("nhân chứng / witness {}: {e}", t.url);
                        break;
                    }
                }
            }
        }
        if !sigs.is_empty() {
            if let Ok(mut n) = Note::parse(&p.text) {
                n.add_sigs(&sigs);
                if let Err(e) = keep(p.size, &n.to_text()) {
                    eprintln!("nhân chứng / witness: {e}");
                }
            }
        }
        last_done = p.size;
        // At most about one cosigning round per second.
        std::thread::sleep(Duration::from_millis(1000));
    }
}

/// Lower-case hex SHA-256 of an origin (the witness monitoring path).
pub fn origin_hash(origin: &str) -> String {
    hex(&Sha256::digest(origin.as_bytes()))
}
