//! The LOG-* rules end to end: import `log_sources`, build a central log,
//! `check --log-dir`, on SQLite and PostgreSQL; retention (archive, prune).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use tuanthu_tlog::entry::{Entry, Format, Transport};
use tuanthu_tlog::note::{Note, SigLine};
use tuanthu_tlog::store::{init, load_config, save_config, LogWriter, WitnessConfig};
use tuanthu_tlog::witness::{self, request_body, Witness};

const ORIGIN: &str = "log.haiquan.test/central";

fn now_ns() -> i64 {
    chrono::Utc::now().timestamp_nanos_opt().unwrap()
}

fn entry(received: i64, host: &str, src: &str, app: &str, skew_s: i64, account: &str, client: &str) -> Vec<u8> {
    let mut e = Entry::new(received, Transport::Tcp, src);
    e.format = Format::Rfc5424;
    e.severity = Some(6);
    e.timestamp_ns = Some(received + skew_s * 1_000_000_000);
    e.hostname = host.as_bytes().to_vec();
    e.app_name = app.as_bytes().to_vec();
    e.account = account.as_bytes().to_vec();
    e.client = client.as_bytes().to_vec();
    e.action = if account.is_empty() { vec![] } else { b"view".to_vec() };
    e.message = b"request served".to_vec();
    e.raw = b"<134>1 ...".to_vec();
    e.encode().unwrap()
}

/// A log: web-01 (portal, full fields, in sync), db-01 (clock 2 hours off),
/// nothing from file-01. With `witnessed`, a witness cosigned the checkpoint.
fn make_log(dir: &Path, witnessed: bool) {
    let vkey = init(dir, ORIGIN).unwrap();
    let (mut w, _) = LogWriter::open(dir).unwrap();
    let now = now_ns();
    let mut es = Vec::new();
    for i in 0..300 {
        let t = now - (300 - i) * 60_000_000_000;
        es.push(entry(t, "web-01", "10.0.0.10:40001", "portal", 0, &format!("user{}", i % 9), "203.0.113.9"));
        es.push(entry(t, "db-01", "10.0.0.20:514", "postgres", 7200, "", ""));
    }
    w.append_batch(&es).unwrap();
    let cp = w.checkpoint().unwrap();
    drop(w);
    if witnessed {
        let wdir = dir.parent().unwrap().join("witness");
        let wkey = witness::init(&wdir, "attt.test/w1").unwrap();
        let wit = Witness::open(&wdir, &[(ORIGIN.to_string(), vkey)]).unwrap();
        let a = wit.add_checkpoint(request_body(0, &[], &cp).as_bytes());
        assert_eq!(a.status, 200, "{}", a.body);
        let mut n = Note::parse(&cp).unwrap();
        n.add_sigs(&[SigLine::parse(&a.body).unwrap()]);
        std::fs::write(dir.join("checkpoint.witnessed"), n.to_text()).unwrap();
        let mut cfg = load_config(dir).unwrap();
        cfg.witnesses.push(WitnessConfig { url: "http://witness.invalid".into(), key: wkey });
        save_config(dir, &cfg).unwrap();
    }
}

fn findings(db: &Db, log: &Path, rule: &str) -> Vec<serde_json::Value> {
    let out = tuanthu(
        db,
        &[
            "check",
            "--rule",
            rule,
            "--status",
            "all",
            "--format",
            "jsonl",
            "--no-record",
            "--log-dir",
            log.to_str().unwrap(),
        ],
    );
    assert!(code(&out) <= 1, "{}", stderr(&out));
    jsonl(&out)
}

fn status<'a>(fs: &'a [serde_json::Value], subject: &str) -> &'a str {
    let f: Vec<_> = fs.iter().filter(|f| f["subject_id"] == subject).collect();
    assert_eq!(f.len(), 1, "{subject}: {fs:#?}");
    f[0]["status"].as_str().unwrap()
}

#[test]
fn dieu_16_log_rules_end_to_end_on_both_backends() {
    let tmp = tempfile::tempdir().unwrap();
    let log = tmp.path().join("log");
    make_log(&log, true);
    for db in both("tlogrules") {
        let out = tuanthu(&db, &["import", fixture("tlog").to_str().unwrap()]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));

        let fs = findings(&db, &log, "LOG-INTEGRITY");
        assert_eq!(status(&fs, ORIGIN), "pass", "{} {fs:#?}", db.name);

        let fs = findings(&db, &log, "LOG-CENTRAL");
        assert_eq!(status(&fs, "SYS-WEB"), "pass", "{}", db.name);
        assert_eq!(status(&fs, "SYS-DB"), "pass");
        assert_eq!(status(&fs, "SYS-FILE"), "fail");
        assert_eq!(status(&fs, "SYS-NEW"), "not_applicable");

        let fs = findings(&db, &log, "LOG-TIME-SYNC");
        assert_eq!(status(&fs, "SRC-WEB"), "pass");
        assert_eq!(status(&fs, "SRC-DB"), "fail");
        assert_eq!(status(&fs, "SRC-FILE"), "no_evidence");

        let fs = findings(&db, &log, "LOG-APP-FIELDS");
        assert_eq!(fs.len(), 1);
        assert_eq!(status(&fs, "SRC-WEB"), "pass");

        // Without --log-dir: no evidence, never pass.
        let out =
            tuanthu(&db, &["check", "--rule", "LOG-INTEGRITY", "--status", "all", "--format", "jsonl", "--no-record"]);
        assert_eq!(jsonl(&out)[0]["status"], "no_evidence");
    }
    // Tampering turns LOG-INTEGRITY into a failure naming the entry.
    let b = log.join("tile/entries/000");
    let mut bytes = std::fs::read(&b).unwrap();
    bytes[40] ^= 1;
    std::fs::write(&b, bytes).unwrap();
    let db = sqlite();
    assert_eq!(code(&tuanthu(&db, &["import", fixture("tlog").to_str().unwrap()])), 0);
    let fs = findings(&db, &log, "LOG-INTEGRITY");
    assert_eq!(fs[0]["status"], "fail");
    assert!(fs[0]["message_en"].as_str().unwrap().contains("tile/entries/000"), "{fs:#?}");
}

#[test]
fn dieu_16_1_no_witness_means_integrity_fails() {
    let tmp = tempfile::tempdir().unwrap();
    let log = tmp.path().join("log");
    make_log(&log, false);
    let db = sqlite();
    assert_eq!(code(&tuanthu(&db, &["import", fixture("tlog").to_str().unwrap()])), 0);
    // Facts precomputed by `log facts` work too.
    let facts = tmp.path().join("facts.json");
    let out = Command::new(env!("CARGO_BIN_EXE_tuanthu"))
        .args(["log", "facts", "--dir", log.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    std::fs::write(&facts, &out.stdout).unwrap();
    let fs = findings(&db, &facts, "LOG-INTEGRITY");
    assert_eq!(fs[0]["status"], "fail");
    assert!(fs[0]["message_en"].as_str().unwrap().contains("No checkpoint is cosigned"));
}

#[test]
fn dieu_16_1_retention_archives_then_prunes_explicitly_and_the_tree_still_verifies() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("log");
    init(&dir, ORIGIN).unwrap();
    let day = 86_400_000_000_000i64;
    let now = now_ns();
    {
        let (mut w, _) = LogWriter::open(&dir).unwrap();
        let mut es = Vec::new();
        // 512 entries 14 months old, 512 entries 6 months old, 300 recent.
        for i in 0..512 {
            es.push(entry(now - 425 * day + i, "old", "10.0.0.1:1", "a", 0, "", ""));
        }
        for i in 0..512 {
            es.push(entry(now - 180 * day + i, "mid", "10.0.0.1:1", "a", 0, "", ""));
        }
        for i in 0..300 {
            es.push(entry(now - day + i, "new", "10.0.0.1:1", "a", 0, "", ""));
        }
        w.append_batch(&es).unwrap();
        w.checkpoint().unwrap();
    }
    let bin = env!("CARGO_BIN_EXE_tuanthu");
    let d = dir.to_str().unwrap();
    let run = |args: &[&str]| {
        let o = Command::new(bin).args(args).env_remove("TUANTHU_RULE_PACK").output().unwrap();
        (
            o.status.code().unwrap(),
            String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr),
        )
    };
    let (c, o) = run(&["log", "retention", "--dir", d]);
    assert_eq!(c, 0, "{o}");
    assert!(o.contains("\"archived_bundles\": 4") && o.contains("\"prunable_bundles\": 2"), "{o}");
    assert!(dir.join("tile/entries/000.gz").exists() && !dir.join("tile/entries/000").exists());
    assert!(dir.join("tile/entries/004").exists(), "recent bundles stay plain");
    let (c, o) = run(&["log", "verify", "--dir", d]);
    assert_eq!(c, 0, "archived bundles still verify: {o}");
    // Prune needs a name; then records itself in the log and in prune.log.
    let (c, o) = run(&["log", "retention", "--dir", d, "--prune"]);
    assert_eq!(c, 2, "{o}");
    let (c, o) = run(&["log", "retention", "--dir", d, "--prune", "--by", "Nguyễn Văn A (QĐ 12/QĐ-CNTT)"]);
    assert_eq!(c, 0, "{o}");
    assert!(o.contains("\"pruned_below\": 512"), "{o}");
    assert!(!dir.join("tile/entries/000.gz").exists() && dir.join("tile/0/000").exists());
    let (c, o) = run(&["log", "verify", "--dir", d]);
    assert_eq!(c, 0, "pruned log still verifies: {o}");
    assert!(o.contains("pruned"), "{o}");
    let (c, o) = run(&["log", "search", "--dir", d, "--app", "tuanthu"]);
    assert_eq!(c, 0, "{o}");
    assert!(o.contains("log_prune") && o.contains("Nguyễn Văn A"), "{o}");
    let (c, o) = run(&["log", "facts", "--dir", d]);
    assert_eq!(c, 0, "{o}");
    let v: serde_json::Value = serde_json::from_str(&o[..o.rfind('}').unwrap() + 1]).unwrap();
    assert_eq!(v["pruned_below"], 512);
    assert!(v["pruned_newest_received"].is_string() && v["archived_newest_received"].is_string(), "{v}");
}

#[test]
fn demo_data_shows_a_failure_of_each_log_rule() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("demo");
    let db = sqlite();
    let o = tuanthu(&db, &["demo", "generate", "--scale", "small", "--seed", "7", "--out", out.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = tuanthu(&db, &["import", out.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let log = out.join("central-log");
    let o = tuanthu(
        &db,
        &["check", "--format", "jsonl", "--status", "all", "--no-record", "--log-dir", log.to_str().unwrap()],
    );
    let fs = jsonl(&o);
    for rule in ["LOG-INTEGRITY", "LOG-CENTRAL", "LOG-TIME-SYNC", "LOG-APP-FIELDS"] {
        assert!(fs.iter().any(|f| f["rule"] == rule && f["status"] == "fail"), "demo shows a {rule} failure");
    }
    for rule in ["LOG-CENTRAL", "LOG-TIME-SYNC", "LOG-APP-FIELDS"] {
        assert!(fs.iter().any(|f| f["rule"] == rule && f["status"] == "pass"), "demo shows a {rule} pass");
    }
}

/// Runs the binary with the audit log configured.
fn audited(db: &Db, log: &Path, args: &[&str], stdin: &str) -> std::process::Output {
    let mut all = vec!["--audit-log", log.to_str().unwrap()];
    all.extend_from_slice(args);
    tuanthu_stdin(db, &all, stdin)
}

fn audit_verify(db: &Db, log: &Path) -> (i32, String) {
    let o = tuanthu(db, &["audit", "verify", "--log", log.to_str().unwrap()]);
    (code(&o), format!("{}{}", stdout(&o), stderr(&o)))
}

/// Runs one SQL statement on the test database, as an administrator with
/// direct access to it would.
fn tamper(db: &Db, sql: &str) {
    if db.name == "sqlite" {
        let path = tuanthu_store::sqlite_path(&db.url).unwrap();
        let conn = rusqlite::Connection::open(path).unwrap();
        assert_eq!(conn.execute(sql, []).unwrap(), 1, "{sql}");
    } else {
        let mut client = ::postgres::Client::connect(&db.url, ::postgres::NoTls).unwrap();
        assert_eq!(client.execute(sql, &[]).unwrap(), 1, "{sql}");
    }
}

/// Điều 16.2: "Quản trị viên hệ thống và người sử dụng không được phép xóa
/// hoặc sửa đổi nhật ký hệ thống ghi lại các hoạt động của chính họ." The
/// product's own audit events (import, check run, user and token changes)
/// are forwarded to the tamper-evident log, and `audit verify` names every
/// row altered or deleted in the database afterwards.
#[test]
fn dieu_16_2_own_audit_events_reach_the_log_and_edits_to_the_table_are_named() {
    for db in both("audit_log") {
        let tmp = tempfile::tempdir().unwrap();
        let log = tmp.path().join("log");
        let o = Command::new(env!("CARGO_BIN_EXE_tuanthu"))
            .args(["log", "init", "--dir", log.to_str().unwrap(), "--origin", ORIGIN])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        let scenario = fixture("scenario");
        let o = audited(&db, &log, &["import", scenario.to_str().unwrap()], "");
        assert_eq!(code(&o), 0, "{}: {}", db.name, stderr(&o));
        let o = audited(&db, &log, &["check", "--as-of", "2026-03-31", "--format", "jsonl"], "");
        assert!(code(&o) <= 1, "{}: {}", db.name, stderr(&o));
        let o = audited(
            &db,
            &log,
            &["user", "add", "kiemtra1", "--role", "auditor", "--password-stdin"],
            "Kt#2026-Hq.Audit!9",
        );
        assert_eq!(code(&o), 0, "{}: {}", db.name, stderr(&o));
        let o = audited(&db, &log, &["token", "create", "kiemtra1"], "");
        assert_eq!(code(&o), 0, "{}: {}", db.name, stderr(&o));
        // A refused import is an audit event too.
        let bad = tmp.path().join("bad");
        std::fs::create_dir_all(&bad).unwrap();
        std::fs::write(bad.join("units.csv"), "code,name,parent_code,roles\nX1,Đơn vị X,,nosuchrole\n").unwrap();
        let o = audited(&db, &log, &["import", bad.to_str().unwrap()], "");
        assert_eq!(code(&o), 2, "{}", stderr(&o));

        let (c, out) = audit_verify(&db, &log);
        assert_eq!(c, 0, "{}: {out}", db.name);
        assert!(out.contains("5 audit rows checked"), "{}: {out}", db.name);
        assert!(out.contains("0 not yet forwarded"), "{out}");
        // Each event is in the log, searchable by action.
        let o = Command::new(env!("CARGO_BIN_EXE_tuanthu"))
            .args(["log", "search", "--dir", log.to_str().unwrap(), "--app", "tuanthu"])
            .output()
            .unwrap();
        let found = String::from_utf8_lossy(&o.stdout).to_string();
        for action in ["import", "check_run", "user_add", "token_create"] {
            assert!(found.contains(&format!("action=\\\"{action}\\\"")), "{action} missing from the log: {found}");
        }
        assert!(found.contains("outcome=\\\"refused\\\""), "{found}");

        // An administrator rewrites who ran the check, then deletes the import.
        tamper(&db, "UPDATE audit SET actor = 'someone-else' WHERE action = 'check_run'");
        let (c, out) = audit_verify(&db, &log);
        assert_eq!(c, 1, "{}: {out}", db.name);
        assert!(out.contains("was altered in the database") && out.contains("someone-else"), "{out}");
        tamper(&db, "DELETE FROM audit WHERE action = 'import' AND outcome = 'ok'");
        let (c, out) = audit_verify(&db, &log);
        assert_eq!(c, 1, "{out}");
        assert!(out.contains("was deleted from the database"), "{}: {out}", db.name);
    }
}
