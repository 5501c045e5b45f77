#![allow(clippy::unwrap_used)]
use std::time::Instant;
fn main() {
    let msgs: Vec<Vec<u8>> = (0..200_000u64).map(tuanthu_tlog::bench::message).collect();
    let t = Instant::now();
    let mut total = 0usize;
    for m in &msgs {
        let e = tuanthu_tlog::syslog::parse(m, 1, tuanthu_tlog::entry::Transport::Tcp, "127.0.0.1:5555");
        total += e.encode().unwrap().len();
    }
    let s = t.elapsed().as_secs_f64();
    println!("parse+encode {:.0}/s avg {} bytes", msgs.len() as f64 / s, total / msgs.len());
    let enc: Vec<Vec<u8>> = msgs
        .iter()
        .map(|m| tuanthu_tlog::syslog::parse(m, 1, tuanthu_tlog::entry::Transport::Tcp, "x").encode().unwrap())
        .collect();
    let t = Instant::now();
    for e in &enc {
        std::hint::black_box(tuanthu_tlog::merkle::leaf_hash(e));
    }
    println!("leaf hash {:.0}/s", enc.len() as f64 / t.elapsed().as_secs_f64());
    let t = Instant::now();
    for e in &enc {
        std::hint::black_box(tuanthu_tlog::entry::Entry::decode(e).unwrap());
    }
    println!("decode {:.0}/s", enc.len() as f64 / t.elapsed().as_secs_f64());
    let dir = std::env::temp_dir().join("pb-log");
    let _ = std::fs::remove_dir_all(&dir);
    tuanthu_tlog::store::init(&dir, "x.test/l").unwrap();
    let (mut w, _) = tuanthu_tlog::store::LogWriter::open(&dir).unwrap();
    let t = Instant::now();
    for c in enc.chunks(50_000) {
        w.append_batch(c).unwrap();
        w.checkpoint().unwrap();
    }
    println!("append_batch+checkpoint {:.0}/s", enc.len() as f64 / t.elapsed().as_secs_f64());
    let _ = std::fs::remove_dir_all(&dir);
}
