//! Running the real `tuanthu` binary against a throwaway database.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use tuanthu_store::scratch::ScratchPg;

pub struct Db {
    pub name: &'static str,
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    _pg: Option<ScratchPg>,
}

pub fn sqlite() -> Db {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("tuanthu.db").display());
    Db { name: "sqlite", url, _dir: Some(dir), _pg: None }
}

/// A scratch PostgreSQL database (see tuanthu-store's `scratch` module),
/// or `None` only when `TUANTHU_SKIP_PG` is set.
pub fn postgres(label: &str) -> Option<Db> {
    if std::env::var_os("TUANTHU_SKIP_PG").is_some() {
        return None;
    }
    let pg = ScratchPg::create(label).unwrap_or_else(|e| panic!("PostgreSQL required (or TUANTHU_SKIP_PG=1): {e}"));
    Some(Db { name: "postgres", url: pg.url().to_string(), _dir: None, _pg: Some(pg) })
}

pub fn both(label: &str) -> Vec<Db> {
    let mut v = vec![sqlite()];
    v.extend(postgres(label));
    v
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

pub fn tuanthu(db: &Db, args: &[&str]) -> Output {
    tuanthu_stdin(db, args, "")
}

pub fn tuanthu_stdin(db: &Db, args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_tuanthu"))
        .args(args)
        .env("TUANTHU_DATABASE_URL", &db.url)
        .env_remove("TUANTHU_RULE_PACK")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

pub fn jsonl(o: &Output) -> Vec<serde_json::Value> {
    stdout(o).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}
