//! Syslog over TLS (RFC 5425): octet-counted frames over a rustls client.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::net::TcpStream;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName};
use tuanthu_tlog::server::{start, ServeConfig};
use tuanthu_tlog::store::init;

#[test]
fn rfc5425_syslog_over_tls_is_ingested() {
    let tmp = tempfile::tempdir().unwrap();
    let (cert, key) = (tmp.path().join("cert.pem"), tmp.path().join("key.pem"));
    let ok = Command::new("openssl")
        .args(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2"])
        .args(["-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
        .args(["-addext", "basicConstraints=critical,CA:FALSE", "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        eprintln!("!!!!!!!! SKIPPED: openssl is needed to make a test certificate !!!!!!!!");
        return;
    }
    let dir = tmp.path().join("log");
    init(&dir, "tls.test/log").unwrap();
    let srv = start(&ServeConfig {
        dir: dir.clone(),
        syslog_tls: Some("127.0.0.1:0".into()),
        tls_cert: Some(cert.clone()),
        tls_key: Some(key),
        batch_ms: 10,
        ..ServeConfig::default()
    })
    .unwrap();
    let addr = srv.bound.syslog_tls.unwrap();

    let mut roots = rustls::RootCertStore::empty();
    for c in CertificateDer::pem_file_iter(&cert).unwrap() {
        roots.add(c.unwrap()).unwrap();
    }
    let cfg = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let conn = rustls::ClientConnection::new(Arc::new(cfg), ServerName::try_from("localhost").unwrap()).unwrap();
    let mut tls = rustls::StreamOwned::new(conn, TcpStream::connect(addr).unwrap());
    for i in 0..10 {
        let m = format!("<38>1 2026-01-05T01:00:0{i}Z fw01 audit - LOGIN [a@1 user=\"u{i}\"] tls message {i}");
        write!(tls, "{} {m}", m.len()).unwrap();
    }
    tls.flush().unwrap();
    tls.conn.send_close_notify();
    let _ = tls.flush();
    let t0 = Instant::now();
    while srv.shared.published().size < 10 {
        assert!(t0.elapsed() < Duration::from_secs(10), "size {}", srv.shared.published().size);
        std::thread::sleep(Duration::from_millis(20));
    }
    let q = tuanthu_tlog::search::Query { account: Some("u7".into()), limit: 10, ..Default::default() };
    let res = tuanthu_tlog::search::search(&tuanthu_tlog::store::DirSource { dir: dir.clone() }, 10, &q).unwrap();
    assert_eq!(res.hits.len(), 1);
    assert_eq!(res.hits[0].1.transport, tuanthu_tlog::entry::Transport::Tls);
    assert_eq!(res.hits[0].1.action, b"LOGIN");
    srv.stop();
}
