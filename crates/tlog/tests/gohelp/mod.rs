//! Builds the Go verifier (tests/go/verifier.go) offline, in GOPATH mode
//! against Debian's /usr/share/gocode (golang-golang-x-mod-dev).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The built verifier, or None (with a loud message) when `go` is absent.
pub fn go_verifier() -> Option<PathBuf> {
    static BUILT: OnceLock<Option<PathBuf>> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            if Command::new("go").arg("version").output().is_err() {
                eprintln!("\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
                eprintln!("!! SKIPPED: `go` not found: the Go interoperability test did not run.");
                eprintln!("!! Install it: apt-get install golang-go golang-golang-x-mod-dev");
                eprintln!("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n");
                return None;
            }
            let gopath = std::env::var("TUANTHU_GOPATH").unwrap_or_else(|_| "/usr/share/gocode".into());
            assert!(
                Path::new(&gopath).join("src/golang.org/x/mod/sumdb/tlog").is_dir(),
                "golang.org/x/mod missing under {gopath}: apt-get install golang-golang-x-mod-dev"
            );
            let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("go-verifier");
            std::fs::create_dir_all(&tmp).unwrap();
            let bin = tmp.join("verifier");
            let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/go/verifier.go");
            let out = Command::new("go")
                .args(["build", "-o"])
                .arg(&bin)
                .arg(&src)
                .env("GO111MODULE", "off")
                .env("GOPATH", &gopath)
                .env("GOCACHE", tmp.join("cache"))
                .env("GOFLAGS", "")
                .env("CGO_ENABLED", "0")
                .output()
                .unwrap();
            assert!(out.status.success(), "go build failed: {}", String::from_utf8_lossy(&out.stderr));
            Some(bin)
        })
        .clone()
}

/// Runs the verifier; returns its stdout (+ stderr).
pub fn run(bin: &Path, args: &[&str]) -> String {
    let out = Command::new(bin).args(args).output().unwrap();
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}
