//! The web interface contract through the real binary: `user add`, `token
//! create`, `serve` with two listeners, `/api/v1/findings` returning what
//! `check --format jsonl` prints, `POST /api/v1/session` with TOTP, and
//! `/admin/` only on the admin listener — on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

use common::*;

struct Server {
    child: std::process::Child,
    service: String,
    admin: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(db: &Db) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tuanthu"))
        .args(["serve", "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0"])
        .env("TUANTHU_DATABASE_URL", &db.url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut addr = |prefix: &str| {
        let line = lines.next().unwrap().unwrap();
        assert!(line.contains(prefix), "{line}");
        line.split("http://").nth(1).unwrap().split('/').next().unwrap().to_string()
    };
    let service = addr("console");
    let _api = addr("API");
    let admin = addr("admin");
    // Keep reading, so that the server never writes to a closed pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, service, admin }
}

/// A minimal HTTP/1.1 exchange: (status, body).
fn http(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    let mut req =
        format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap_or_else(|e| panic!("{method} {path}: {e} after {} bytes", out.len()));
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text[9..12].parse().unwrap();
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

#[test]
fn web_contract_on_sqlite_and_postgres() {
    for db in both("webcontract") {
        let out = tuanthu(&db, &["import", fixture("scenario").to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        // PWD-CHECK on `user add`.
        let weak = tuanthu_stdin(
            &db,
            &["user", "add", "alice", "--role", "operator", "--unit", "KV01", "--password-stdin"],
            "alice123\n",
        );
        assert_eq!(weak.status.code(), Some(2), "{}", String::from_utf8_lossy(&weak.stdout));
        let pw = "Bảo-mật#2025";
        let op = tuanthu_stdin(
            &db,
            &["user", "add", "alice", "--role", "operator", "--unit", "KV01", "--password-stdin"],
            &format!("{pw}\n"),
        );
        assert!(op.status.success(), "{}", String::from_utf8_lossy(&op.stderr));
        assert!(!String::from_utf8_lossy(&op.stdout).contains("TOTP"), "operators need no TOTP");
        let no_stdin = tuanthu(&db, &["user", "add", "bob", "--role", "admin"]);
        assert_eq!(no_stdin.status.code(), Some(2));
        let admin =
            tuanthu_stdin(&db, &["user", "add", "root", "--role", "admin", "--password-stdin"], &format!("{pw}\n"));
        let admin_out = String::from_utf8_lossy(&admin.stdout).into_owned();
        let secret =
            admin_out.lines().find(|l| l.contains("TOTP secret")).unwrap().rsplit(' ').next().unwrap().to_string();
        let token = tuanthu(&db, &["token", "create", "alice"]);
        assert!(token.status.success());
        let token = String::from_utf8_lossy(&token.stdout).trim().to_string();
        assert!(token.starts_with("tt_"));

        let server = serve(&db);
        let auth = format!("Bearer {token}");
        // Findings: the same objects as `check --format jsonl`, within alice's unit.
        let (status, body) =
            http(&server.service, "GET", "/api/v1/findings?status=fail&unit=KV01", &[("Authorization", &auth)], "");
        assert_eq!(status, 200, "{body}");
        let api: Vec<serde_json::Value> = serde_json::from_str(&body).unwrap();
        let cli = tuanthu(&db, &["check", "--format", "jsonl", "--status", "fail", "--unit", "KV01", "--no-record"]);
        let cli: Vec<serde_json::Value> =
            String::from_utf8_lossy(&cli.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert!(!cli.is_empty());
        assert_eq!(api, cli, "{}", db.name);
        let (status, body) = http(
            &server.service,
            "GET",
            "/api/v1/findings?status=fail&rule=ACCT-REVOKE-EXIT&unit=KV01",
            &[("Authorization", &auth)],
            "",
        );
        assert_eq!(status, 200);
        let filtered: Vec<serde_json::Value> = serde_json::from_str(&body).unwrap();
        assert_eq!(filtered, cli.iter().filter(|f| f["rule"] == "ACCT-REVOKE-EXIT").cloned().collect::<Vec<_>>());
        // Session login: 401 without TOTP, 200 with it.
        let login = |totp: &str| {
            let body = serde_json::json!({"username": "root", "password": pw, "totp": totp}).to_string();
            http(&server.service, "POST", "/api/v1/session", &[("Content-Type", "application/json")], &body)
        };
        assert_eq!(login("").0, 401);
        let code = tuanthu_web::crypto::totp_at(&secret, chrono::Utc::now().timestamp()).unwrap();
        let (status, body) = login(&code);
        assert_eq!(status, 200, "{body}");
        // The admin listener has /admin/; the service listener does not.
        assert_eq!(http(&server.service, "GET", "/admin/users", &[], "").0, 404);
        assert_eq!(http(&server.service, "GET", "/admin/", &[], "").0, 404);
        assert_eq!(http(&server.admin, "GET", "/admin/users", &[], "").0, 303);
        assert_eq!(http(&server.admin, "GET", "/api/v1/findings", &[("Authorization", &auth)], "").0, 404);
        let (status, doc) = http(&server.service, "GET", "/api/v1/openapi.json", &[], "");
        assert_eq!(status, 200);
        assert!(doc.contains("\"/api/v1/findings\""));
    }
}

#[test]
fn tls_self_signed_writes_a_pair_that_serve_accepts_and_plain_http_is_refused_off_loopback() {
    let dir = tempfile::tempdir().unwrap();
    let cert = dir.path().join("c.pem");
    let key = dir.path().join("k.pem");
    let db = sqlite();
    let out = tuanthu(&db, &["tls", "self-signed", "--cert", cert.to_str().unwrap(), "--key", key.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::read_to_string(&cert).unwrap().contains("BEGIN CERTIFICATE"));
    assert!(tuanthu_web::tls_config(&cert, &key).is_ok());
    let refused = tuanthu(&db, &["serve", "--listen", "0.0.0.0:0", "--admin-listen", "127.0.0.1:0"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("TLS"));
}
