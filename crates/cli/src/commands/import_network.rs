//! `tuanthu import network PATH [--system ID]`: Cisco device outputs
//! (`show running-config`, `show interfaces status`) as `network_ports`, and
//! the `network/` subdirectory of `tuanthu import DIR`.
//!
//! Each device found is a full snapshot of that device: its stored ports are
//! replaced (or, with `--merge`, upserted); other devices are left alone. All
//! devices are written in one transaction, or nothing if any file is bad.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use tuanthu_core::evidence::schema_ops::NETWORK_PORTS;
use tuanthu_ingest::cisco::{parse_devices, NetworkImport, MAX_FILE_BYTES};
use tuanthu_ingest::ImportError;
use tuanthu_store::{ImportMode, ImportTable};

use crate::args::{Global, ImportArgs};
use crate::EXIT_ERROR;

/// The subdirectory of an evidence directory that holds device outputs.
pub const SUBDIR: &str = "network";

/// Regular files of a directory (not hidden, sorted), or the file itself.
fn device_files(path: &Path) -> Result<Vec<PathBuf>> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    if !path.is_dir() {
        bail!("không tìm thấy tệp hay thư mục / no such file or directory: {}", path.display());
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(path)
        .with_context(|| format!("không đọc được thư mục / cannot read directory {}", path.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && !p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.')))
        .collect();
    files.sort();
    Ok(files)
}

/// Reads and parses the device files at `path` (a file, or every file of a
/// directory; in a directory, files that are no device output are skipped
/// with a warning).
pub fn parse(path: &Path, system: Option<&str>) -> Result<Result<NetworkImport, Vec<ImportError>>> {
    let files = device_files(path)?;
    let skip = path.is_dir();
    let mut read = Vec::with_capacity(files.len());
    let mut too_big = Vec::new();
    for f in &files {
        let name = f.file_name().and_then(|n| n.to_str()).map_or_else(|| f.display().to_string(), str::to_string);
        let len = std::fs::metadata(f).map(|m| m.len()).unwrap_or(0);
        if len > MAX_FILE_BYTES as u64 {
            // Not read at all: bounded memory whatever lands in the directory.
            too_big.push(ImportError::file_level(
                &name,
                tuanthu_ingest::Problem::Other {
                    vi: format!(
                        "tệp quá lớn ({len} byte, tối đa {MAX_FILE_BYTES}); không phải kết quả lệnh của một thiết bị"
                    ),
                    en: format!("file too large ({len} bytes, at most {MAX_FILE_BYTES}); not the output of one device"),
                },
            ));
            continue;
        }
        let bytes = std::fs::read(f).with_context(|| format!("không đọc được / cannot read {}", f.display()))?;
        read.push((name, bytes));
    }
    if files.is_empty() {
        bail!("không có tệp nào trong / no files in {}", path.display());
    }
    let parsed = parse_devices(&read, system, skip);
    Ok(match (parsed, too_big.is_empty()) {
        (Ok(n), true) => Ok(n),
        (Ok(_), false) => Err(too_big),
        (Err(mut e), _) => {
            e.extend(too_big);
            Err(e)
        }
    })
}

/// One scoped `network_ports` table per device.
pub fn tables<'a>(n: &'a NetworkImport, sources: &'a [String]) -> Vec<ImportTable<'a>> {
    n.devices
        .iter()
        .zip(sources)
        .map(|(d, s)| ImportTable {
            kind: &NETWORK_PORTS,
            source: s,
            rows: &d.rows,
            scope: Some(("device", d.device.as_str())),
        })
        .collect()
}

pub fn sources(n: &NetworkImport) -> Vec<String> {
    n.devices.iter().map(|d| d.sources.join("+")).collect()
}

/// Lines printed after an import (or a dry run) of device files: one per
/// device, or a total when there are many.
pub fn report(n: &NetworkImport, dry_run: bool) {
    if n.devices.len() > 10 {
        let rows: usize = n.devices.iter().map(|d| d.rows.len()).sum();
        let files: usize = n.devices.iter().map(|d| d.sources.len()).sum();
        let what = if dry_run { "dòng hợp lệ / valid rows" } else { "dòng / rows" };
        println!(
            "{:<20} {rows:>9} {what}  ← {files} tệp, {} thiết bị / files, devices",
            NETWORK_PORTS.name,
            n.devices.len()
        );
        return;
    }
    for d in &n.devices {
        if dry_run {
            println!(
                "{:<20} {:>9} dòng hợp lệ / valid rows ({}: {})",
                NETWORK_PORTS.name,
                d.rows.len(),
                d.device,
                d.sources.join(", ")
            );
        } else {
            println!(
                "{:<20} {:>9} dòng / rows  ← {} ({})",
                NETWORK_PORTS.name,
                d.rows.len(),
                d.sources.join(", "),
                d.device
            );
        }
    }
}

pub fn print_errors(errors: &[ImportError]) {
    for e in errors {
        eprintln!("{e}");
    }
    let files: std::collections::BTreeSet<&str> = errors.iter().map(|e| e.file.as_str()).collect();
    eprintln!(
        "\n{} lỗi trong {} tệp; không nhập dữ liệu nào. Sửa các tệp trên rồi nhập lại. / {} errors in {} file(s); nothing was imported. Fix the files above and import again.",
        errors.len(),
        files.len(),
        errors.len(),
        files.len()
    );
}

/// `tuanthu import network PATH`.
pub fn run(g: &Global, args: &ImportArgs, path: &Path) -> Result<u8> {
    if args.format.is_some() {
        bail!("--format không dùng với import network / --format does not apply to import network");
    }
    let n = match parse(path, args.system.as_deref())? {
        Ok(n) => n,
        Err(errors) => {
            print_errors(&errors);
            return Ok(EXIT_ERROR);
        }
    };
    for w in &n.warnings {
        eprintln!("cảnh báo / warning: {w}");
    }
    if n.devices.is_empty() {
        bail!(
            "không có kết quả lệnh thiết bị nào trong {} / no device output found in {}",
            path.display(),
            path.display()
        );
    }
    if args.dry_run {
        report(&n, true);
        return Ok(0);
    }
    let mut store = super::open_store(g)?;
    let mode = if args.merge { ImportMode::Merge } else { ImportMode::Replace };
    let sources = sources(&n);
    let import = tables(&n, &sources);
    store.import(&import, mode, &mut |_| {}).with_context(|| {
        format!("nhập thất bại, không dữ liệu nào được ghi / import failed, nothing was written ({})", store.url())
    })?;
    report(&n, false);
    let total: usize = n.devices.iter().map(|d| d.rows.len()).sum();
    println!(
        "Đã nhập {total} cổng của {} thiết bị ({}) vào {} / imported {total} ports of {} device(s) ({}) into {}",
        n.devices.len(),
        if args.merge { "gộp" } else { "thay thế theo thiết bị" },
        store.url(),
        n.devices.len(),
        if args.merge { "merge" } else { "replace per device" },
        store.url()
    );
    let detail = format!("{}: network {} ({total} ports, {} devices)", mode.as_str(), path.display(), n.devices.len());
    super::audit::record(g, &mut store, "import", "ok", args.system.as_deref(), Some(&detail));
    Ok(0)
}
