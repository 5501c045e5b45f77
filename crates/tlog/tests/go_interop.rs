//! Interoperability: Go's golang.org/x/mod/sumdb/{note,tlog} (Debian
//! golang-golang-x-mod-dev) verifies our checkpoints, tiles, entry bundles,
//! inclusion and consistency proofs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod gohelp;

use tuanthu_tlog::checkpoint::{self, b64};
use tuanthu_tlog::merkle::{consistency_proof, inclusion_proof, leaf_hash};
use tuanthu_tlog::note::NoteVerifier;
use tuanthu_tlog::store::{init, DirSource, LogWriter, TiledTree};

#[test]
fn go_sumdb_verifies_checkpoints_tiles_bundles_and_proofs() {
    let Some(go) = gohelp::go_verifier() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("log");
    let vkey = init(&dir, "interop.test/log").unwrap();
    let v = NoteVerifier::parse(&vkey).unwrap();
    let (mut w, _) = LogWriter::open(&dir).unwrap();
    let mut leaves = Vec::new();
    let mut old_cp = String::new();
    // 70,300 entries: full and partial tiles on levels 0, 1 and 2.
    let mut i = 0u64;
    for batch in [1u64, 255, 1, 1000, 20_000, 49_000, 43] {
        let es: Vec<Vec<u8>> = (0..batch)
            .map(|k| format!("entry {} {}", i + k, "x".repeat(((i + k) % 97) as usize)).into_bytes())
            .collect();
        i += batch;
        leaves.extend(es.iter().map(|e| leaf_hash(e)));
        w.append_batch(&es).unwrap();
        let text = w.checkpoint().unwrap();
        if batch == 1000 {
            old_cp = text;
        }
    }
    let old_path = tmp.path().join("old-checkpoint");
    std::fs::write(&old_path, &old_cp).unwrap();
    let cp = checkpoint::open(w.checkpoint_text(), &v, &[]).unwrap().checkpoint;
    let old = checkpoint::open(&old_cp, &v, &[]).unwrap().checkpoint;
    assert_eq!(cp.size, 70_300);

    // Proofs computed by our library from the stored tiles.
    let src = DirSource { dir: dir.clone() };
    let tree = TiledTree::new(&src, cp.size);
    let mut lines = String::new();
    for idx in [0u64, 1, 255, 256, 257, 65_535, 65_536, 70_000, 70_299] {
        let p = inclusion_proof(&tree, idx, cp.size).unwrap();
        lines.push_str(
            &serde_json::json!({"type": "inclusion", "index": idx, "size": cp.size, "leaf": b64(&leaves[idx as usize]),
                "root": b64(&cp.root), "proof": p.iter().map(b64).collect::<Vec<_>>()})
            .to_string(),
        );
        lines.push('\n');
    }
    for (o, o_root) in [(old.size, old.root), (1, leaves[0]), (cp.size, cp.root)] {
        let p = consistency_proof(&tree, o, cp.size).unwrap();
        lines.push_str(
            &serde_json::json!({"type": "consistency", "old": o, "new": cp.size, "old_root": b64(&o_root),
                "new_root": b64(&cp.root), "proof": p.iter().map(b64).collect::<Vec<_>>()})
            .to_string(),
        );
        lines.push('\n');
    }
    let proofs = tmp.path().join("proofs.jsonl");
    std::fs::write(&proofs, lines).unwrap();

    let out = gohelp::run(
        &go,
        &[
            "-dir",
            dir.to_str().unwrap(),
            "-key",
            &vkey,
            "-old",
            old_path.to_str().unwrap(),
            "-proofs",
            proofs.to_str().unwrap(),
        ],
    );
    assert!(out.starts_with("OK "), "{out}");
    assert!(
        out.contains("entries=70300") && out.contains("tuanthu_proofs=12") && out.contains("consistency=1"),
        "{out}"
    );

    // And the Go verifier notices tampering.
    let bundle = dir.join("tile/entries/100");
    let mut b = std::fs::read(&bundle).unwrap();
    b[10] ^= 1;
    std::fs::write(&bundle, b).unwrap();
    let out = gohelp::run(&go, &["-dir", dir.to_str().unwrap(), "-key", &vkey]);
    assert!(out.starts_with("FAIL entry 25600:"), "{out}");
}

#[test]
fn go_sumdb_verifies_the_http_read_api_and_its_proofs() {
    use std::time::Duration;
    use tuanthu_tlog::http::request;
    let Some(go) = gohelp::go_verifier() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("log");
    let vkey = init(&dir, "interop.test/http").unwrap();
    let token = tuanthu_tlog::server::create_token(&dir, "t").unwrap();
    let srv = tuanthu_tlog::server::start(&tuanthu_tlog::server::ServeConfig {
        dir: dir.clone(),
        http: Some("127.0.0.1:0".into()),
        batch_ms: 5,
        ..Default::default()
    })
    .unwrap();
    let url = format!("http://{}", srv.bound.http.unwrap());
    let auth = format!("Bearer {token}");
    let mut sizes = Vec::new();
    for round in 0..12u64 {
        let n = [1u64, 300, 7, 2000, 255, 1][round as usize % 6];
        let body: String =
            (0..n).map(|k| format!("{{\"message\":\"round {round} entry {k}\",\"severity\":6}}\n")).collect();
        let r = request(
            "POST",
            &format!("{url}/log/v1/entries"),
            &[("Authorization", &auth)],
            body.as_bytes(),
            Duration::from_secs(30),
        )
        .unwrap();
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        sizes.push(v["checkpoint_size"].as_u64().unwrap());
    }
    let size = srv.shared.published().size;
    let mut lines = String::new();
    for i in [0, 1, 299, 300, size / 2, size - 1] {
        let r = request(
            "GET",
            &format!("{url}/log/v1/proof/inclusion?index={i}&size={size}"),
            &[],
            &[],
            Duration::from_secs(5),
        )
        .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        lines.push_str(&serde_json::json!({"type": "inclusion", "index": i, "size": size, "leaf": v["leaf_hash"], "root": v["root"], "proof": v["proof"]}).to_string());
        lines.push('\n');
        // Against an older tree size too.
        let old = sizes[3];
        if i < old {
            let r = request(
                "GET",
                &format!("{url}/log/v1/proof/inclusion?index={i}&size={old}"),
                &[],
                &[],
                Duration::from_secs(5),
            )
            .unwrap();
            let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
            lines.push_str(&serde_json::json!({"type": "inclusion", "index": i, "size": old, "leaf": v["leaf_hash"], "root": v["root"], "proof": v["proof"]}).to_string());
            lines.push('\n');
        }
    }
    for old in &sizes {
        let r = request(
            "GET",
            &format!("{url}/log/v1/proof/consistency?old={old}&new={size}"),
            &[],
            &[],
            Duration::from_secs(5),
        )
        .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        lines.push_str(&serde_json::json!({"type": "consistency", "old": old, "new": size, "old_root": v["old_root"], "new_root": v["new_root"], "proof": v["proof"]}).to_string());
        lines.push('\n');
    }
    let proofs = tmp.path().join("proofs.jsonl");
    std::fs::write(&proofs, &lines).unwrap();
    let out = gohelp::run(&go, &["-url", &url, "-key", &vkey, "-proofs", proofs.to_str().unwrap()]);
    assert!(out.starts_with("OK "), "{out}");
    assert!(out.contains(&format!("entries={size}")), "{out}");
    srv.stop();
}
