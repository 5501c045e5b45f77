//! `tuanthu log init` / `log verify` through the binary: every kind of
//! tampering (Điều 16.2: records cannot be deleted or modified without
//! detection) is found and named by entry index and file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tuanthu_tlog::entry::{Entry, Format, Transport};
use tuanthu_tlog::store::LogWriter;

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_tuanthu"))
}

fn run(args: &[&str]) -> Output {
    Command::new(bin()).args(args).output().unwrap()
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn entry(i: u64) -> Vec<u8> {
    let mut e = Entry::new(1_750_000_000_000_000_000 + i as i64 * 1_000_000, Transport::Tcp, "10.0.0.5:40000");
    e.format = Format::Rfc5424;
    e.facility = Some(4);
    e.severity = Some(5);
    e.hostname = b"srv-01".to_vec();
    e.app_name = b"sshd".to_vec();
    e.account = format!("user{}", i % 7).into_bytes();
    e.message = format!("login ok #{i}").into_bytes();
    e.raw = format!("<37>1 2025-06-15T10:00:00Z srv-01 sshd - - - login ok #{i}").into_bytes();
    e.encode().unwrap()
}

struct TestLog {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    vkey: String,
    /// Checkpoints signed along the way (text).
    checkpoints: Vec<String>,
}

/// A log of 1,000 entries written in batches of 100, via `tuanthu log init` and the library.
fn make_log() -> TestLog {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("log");
    let out = run(&["log", "init", "--dir", dir.to_str().unwrap(), "--origin", "haiquan.test/central"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let vkey = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(vkey.starts_with("haiquan.test/central+"), "{vkey}");
    let mode = std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(dir.join("log.key")).unwrap().permissions());
    assert_eq!(mode & 0o777, 0o600);
    let (mut w, _) = LogWriter::open(&dir).unwrap();
    let mut checkpoints = Vec::new();
    for b in 0..10u64 {
        let es: Vec<Vec<u8>> = (b * 100..(b + 1) * 100).map(entry).collect();
        w.append_batch(&es).unwrap();
        checkpoints.push(w.checkpoint().unwrap());
    }
    TestLog { _tmp: tmp, dir, vkey, checkpoints }
}

fn verify(log: &TestLog, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["log", "verify", "--dir", log.dir.to_str().unwrap(), "--key", &log.vkey];
    args.extend_from_slice(extra);
    let o = run(&args);
    (o.status.code().unwrap_or(-1), text(&o))
}

fn edit(path: &Path, f: impl FnOnce(&mut Vec<u8>)) {
    let mut b = std::fs::read(path).unwrap();
    f(&mut b);
    std::fs::write(path, b).unwrap();
}

/// Byte offset of entry `k` in a bundle.
fn offset_of(b: &[u8], k: usize) -> usize {
    let mut pos = 0;
    for _ in 0..k {
        pos += 2 + u16::from_be_bytes([b[pos], b[pos + 1]]) as usize;
    }
    pos
}

#[test]
fn dieu_16_2_untouched_log_verifies() {
    let log = make_log();
    let (code, out) = verify(&log, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("VERIFIED") && out.contains("1000"), "{out}");
}

#[test]
fn dieu_16_2_altered_entry_is_named_by_index_and_bundle() {
    let log = make_log();
    // Entry 300 = bundle 1, position 44: flip one byte of its message.
    edit(&log.dir.join("tile/entries/001"), |b| {
        let off = offset_of(b, 44);
        let len = u16::from_be_bytes([b[off], b[off + 1]]) as usize;
        b[off + 2 + len - 1] ^= 0x20;
    });
    let (code, out) = verify(&log, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("entries 300 (tile/entries/001)"), "{out}");
    assert!(out.contains("tile/0/001 still agrees with the level-1 tile"), "{out}");
    // The tiles above, which are intact, are not blamed.
    assert!(!out.contains("tile/1/"), "{out}");
}

#[test]
fn dieu_16_2_altered_hash_tile_is_named() {
    let log = make_log();
    edit(&log.dir.join("tile/0/002"), |b| b[32 * 5] ^= 1);
    let (code, out) = verify(&log, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("517") && out.contains("tile/0/002"), "{out}");
    assert!(out.contains("the tile was altered: the entries of tile/entries/002 agree"), "{out}");
    assert!(!out.contains("altered, removed, inserted or reordered"), "the entries are intact: {out}");
    // A level-1 tile (partial: 3 full level-0 tiles at size 1000).
    let log = make_log();
    edit(&log.dir.join("tile/1/000.p/3"), |b| b[40] ^= 1);
    let (code, out) = verify(&log, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("tile/1/000.p/3 hash #1 (bản ghi / entries 256..511)"), "{out}");
}

#[test]
fn dieu_16_2_removed_entry_and_removed_bundle() {
    let log = make_log();
    edit(&log.dir.join("tile/entries/002"), |b| {
        let (s, e) = (offset_of(b, 10), offset_of(b, 11));
        b.drain(s..e);
    });
    let (code, out) = verify(&log, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("tile/entries/002") && out.contains("holds 255 entries, expected 256"), "{out}");
    assert!(out.contains("522"), "first shifted entry named: {out}");

    let log = make_log();
    std::fs::remove_file(log.dir.join("tile/entries/000")).unwrap();
    let (code, out) = verify(&log, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("missing tile/entries/000") && out.contains("0..255"), "{out}");
}

#[test]
fn dieu_16_2_truncated_bundle_and_truncated_log() {
    let log = make_log();
    // The partial bundle of the checkpoint (1000 = 3×256 + 232).
    edit(&log.dir.join("tile/entries/003.p/232"), |b| b.truncate(b.len() - 7));
    let (code, out) = verify(&log, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("tile/entries/003.p/232") && out.contains("entry 999 truncated or altered"), "{out}");

    // An altered length prefix: entry 300 (bundle 1, #44) claims 0x7f9f bytes,
    // swallowing the entries after it — entry 300 is named, not a later one.
    let log = make_log();
    edit(&log.dir.join("tile/entries/001"), |b| {
        let off = offset_of(b, 44);
        b[off] = 0x7f;
    });
    let (code, out) = verify(&log, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("entry 300 truncated or altered"), "{out}");

    // The operator rolls the log back to an earlier signed checkpoint: a trusted
    // (e.g. witnessed) later checkpoint shows the truncation.
    let log = make_log();
    let trusted = log.dir.parent().unwrap().join("trusted-checkpoint");
    std::fs::write(&trusted, log.checkpoints.last().unwrap()).unwrap();
    std::fs::write(log.dir.join("checkpoint"), &log.checkpoints[4]).unwrap();
    let (code, out) = verify(&log, &["--trusted", trusted.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("size 1000 is larger than the current log (500)"), "{out}");
}

#[test]
fn dieu_16_2_a_deleted_checkpoint_is_a_finding_not_an_error() {
    let log = make_log();
    std::fs::remove_file(log.dir.join("checkpoint")).unwrap();
    let (code, out) = verify(&log, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("checkpoint is missing"), "{out}");
}

#[test]
fn dieu_16_2_reordered_entries_are_named() {
    let log = make_log();
    edit(&log.dir.join("tile/entries/002"), |b| {
        let (a0, a1, a2) = (offset_of(b, 0), offset_of(b, 1), offset_of(b, 2));
        let first = b[a0..a1].to_vec();
        let second = b[a1..a2].to_vec();
        let mut swapped = second;
        swapped.extend_from_slice(&first);
        b.splice(a0..a2, swapped);
    });
    let (code, out) = verify(&log, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("entries 512, 513 (tile/entries/002)"), "{out}");
}

#[test]
fn dieu_16_2_history_rewritten_with_the_key_is_caught_by_a_trusted_checkpoint() {
    // The operator has the key and rebuilds a different log of the same size:
    // everything is self-consistent, but not with a checkpoint held elsewhere.
    let log = make_log();
    let trusted = log.dir.parent().unwrap().join("trusted");
    std::fs::write(&trusted, &log.checkpoints[2]).unwrap();
    let key = std::fs::read(log.dir.join("log.key")).unwrap();
    let cfg = std::fs::read(log.dir.join("log.json")).unwrap();
    let vkey = std::fs::read(log.dir.join("log.vkey")).unwrap();
    std::fs::remove_dir_all(&log.dir).unwrap();
    std::fs::create_dir_all(&log.dir).unwrap();
    std::fs::write(log.dir.join("log.key"), key).unwrap();
    std::fs::write(log.dir.join("log.json"), cfg).unwrap();
    std::fs::write(log.dir.join("log.vkey"), vkey).unwrap();
    // A fresh empty checkpoint signed with the same key, then other entries.
    let signer =
        tuanthu_tlog::note::NoteSigner::parse(&std::fs::read_to_string(log.dir.join("log.key")).unwrap()).unwrap();
    let empty = tuanthu_tlog::checkpoint::Checkpoint {
        origin: "haiquan.test/central".into(),
        size: 0,
        root: tuanthu_tlog::merkle::empty_root(),
        extensions: vec![],
    };
    std::fs::write(log.dir.join("checkpoint"), signer.sign_note(&empty.body())).unwrap();
    let (mut w, _) = LogWriter::open(&log.dir).unwrap();
    let es: Vec<Vec<u8>> = (0..1000).map(|i| entry(if i == 250 { 9999 } else { i })).collect();
    w.append_batch(&es).unwrap();
    w.checkpoint().unwrap();
    drop(w);
    let (code, out) = verify(&log, &[]);
    assert_eq!(code, 0, "self-consistent forgery passes alone: {out}");
    let (code, out) = verify(&log, &["--trusted", trusted.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("the tree at size 300 has root") && out.contains("history was rewritten"), "{out}");
}

#[test]
fn dieu_16_2_forged_checkpoint_signature_fails() {
    let log = make_log();
    let cp = std::fs::read_to_string(log.dir.join("checkpoint")).unwrap();
    std::fs::write(log.dir.join("checkpoint"), cp.replacen("\n1000\n", "\n999\n", 1)).unwrap();
    let (code, out) = verify(&log, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("does not verify"), "{out}");
}
