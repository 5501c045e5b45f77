//! `tuanthu`: QĐ 1048/QĐ-TCHQ compliance from the command line.
//!
//! Thin glue: argument parsing here, one module per command under
//! `commands/`, all logic in the library crates.

mod args;
mod commands;
mod demo;
mod ics;
mod output;

use std::process::ExitCode;

use clap::Parser;

// The rules build hundreds of thousands of small strings on several threads;
// mimalloc does that markedly faster than glibc's malloc (see `tuanthu bench`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit code for bad input, a missing database or any other error.
pub const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match commands::run(cli) {
        Ok(code) => {
            report_peak_memory();
            ExitCode::from(code)
        }
        Err(e) => {
            eprintln!("lỗi / error: {e:#}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// With `TUANTHU_REPORT_PEAK_RSS=1`, prints the process's peak resident
/// memory on stderr at exit (used by `tuanthu bench`).
fn report_peak_memory() {
    if std::env::var_os("TUANTHU_REPORT_PEAK_RSS").is_some() {
        if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
            if let Some(line) = status.lines().find(|l| l.starts_with("VmHWM:")) {
                eprintln!("peak-rss {}", line.trim_start_matches("VmHWM:").trim());
            }
        }
    }
}
