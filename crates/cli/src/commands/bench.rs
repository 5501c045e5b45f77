//! `tuanthu bench`: the performance figures of the README, measured.
//!
//! Generates demo data at a scale, imports it into a fresh SQLite database
//! and runs `check` as whole processes (what a user waits for), reporting
//! wall time, peak memory (VmHWM of the child) and where the time goes.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context, Result};

use crate::args::{BenchArgs, Global};
use crate::demo::{generate, DemoOptions};

struct Measured {
    seconds: f64,
    peak_rss_kib: Option<u64>,
    timings: Option<String>,
}

fn run_child(args: &[&str], db: &str) -> Result<Measured> {
    let exe = std::env::current_exe().context("current_exe")?;
    let start = Instant::now();
    let out = Command::new(exe)
        .args(args)
        .env("TUANTHU_DATABASE_URL", db)
        .env("TUANTHU_REPORT_PEAK_RSS", "1")
        .env("TUANTHU_TIMINGS", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .context("spawn tuanthu")?;
    let seconds = start.elapsed().as_secs_f64();
    let err = String::from_utf8_lossy(&out.stderr);
    if !matches!(out.status.code(), Some(0 | 1)) {
        bail!("tuanthu {} failed: {err}", args.join(" "));
    }
    let peak_rss_kib = err
        .lines()
        .find_map(|l| l.strip_prefix("peak-rss "))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok());
    let timings = err.lines().find_map(|l| l.strip_prefix("timings ")).map(str::to_string);
    Ok(Measured { seconds, peak_rss_kib, timings })
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or_else(|| "?".into(), |k| format!("{:.0} MiB", k as f64 / 1024.0))
}

pub fn run(_g: &Global, args: &BenchArgs) -> Result<u8> {
    let temp;
    let dir: PathBuf = match &args.dir {
        Some(d) => d.clone(),
        None => {
            temp = std::env::temp_dir().join(format!("tuanthu-bench-{}", std::process::id()));
            temp.clone()
        }
    };
    let data = dir.join("data");
    let db_path = dir.join("bench.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db_path.display()));
    }
    let db = format!("sqlite:{}", db_path.display());
    let today = tuanthu_core::today_in_vietnam();
    let as_of = today.format("%Y-%m-%d").to_string();
    println!(
        "tuanthu bench — scale {:?}, {} core(s), build {}",
        args.scale,
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
        if cfg!(debug_assertions) { "debug (numbers are not representative!)" } else { "release" }
    );

    let start = Instant::now();
    let summary = generate(
        &DemoOptions { scale: super::demo::scale(args.scale), seed: 1048, today, out_dir: data.clone() },
        &mut |_, _, _| {},
    )?;
    let rows: usize = summary.files.iter().map(|(_, n)| n).sum();
    println!("generate      {:>8.2} s   {rows} rows in {} files", start.elapsed().as_secs_f64(), summary.files.len());

    // The scanner reports are imported on their own (`--with-scans`), not by `import DIR`.
    let reports = dir.join("scan-reports");
    let _ = std::fs::remove_dir_all(&reports);
    std::fs::rename(data.join(crate::demo::scan::SCANS_DIR), &reports).context("move scans/")?;
    let import = run_child(&["import", path_str(&data)?], &db)?;
    println!(
        "import        {:>8.2} s   peak {}   ({:.0} rows/s)",
        import.seconds,
        mib(import.peak_rss_kib),
        rows as f64 / import.seconds
    );
    if args.with_scans {
        let (files, bytes) = std::fs::read_dir(&reports)?
            .filter_map(Result::ok)
            .fold((0u64, 0u64), |(n, b), e| (n + 1, b + e.metadata().map_or(0, |m| m.len())));
        let m = run_child(&["import", "scan", path_str(&reports)?], &db)?;
        println!(
            "import scan   {:>8.2} s   peak {}   ({files} reports, {:.0} MiB; {:.0} reports/s)",
            m.seconds,
            mib(m.peak_rss_kib),
            bytes as f64 / 1048576.0,
            files as f64 / m.seconds
        );
    }

    let mut best: Option<Measured> = None;
    for _ in 0..args.runs.max(1) {
        let m = run_child(&["check", "--as-of", &as_of, "--format", "jsonl"], &db)?;
        if best.as_ref().is_none_or(|b| m.seconds < b.seconds) {
            best = Some(m);
        }
    }
    if let Some(b) = &best {
        println!(
            "check jsonl   {:>8.2} s   peak {}   (best of {}; phases: {})",
            b.seconds,
            mib(b.peak_rss_kib),
            args.runs.max(1),
            b.timings.as_deref().unwrap_or("?")
        );
    }
    let all = run_child(&["check", "--as-of", &as_of, "--format", "jsonl", "--status", "all", "--no-record"], &db)?;
    println!(
        "check --status all {:>3.2} s   peak {}   (phases: {})",
        all.seconds,
        mib(all.peak_rss_kib),
        all.timings.as_deref().unwrap_or("?")
    );
    println!("data and database left in {}", dir.display());
    Ok(0)
}

fn path_str(p: &Path) -> Result<&str> {
    p.to_str().context("non-UTF-8 path")
}
