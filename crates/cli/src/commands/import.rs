//! `tuanthu import DIR` and `tuanthu import KIND FILE`.
//!
//! Every file is parsed and checked first; only if no file has a bad row is
//! anything written, in one transaction. Otherwise every bad row is listed
//! (file, row, column, value, reason) and the exit code is 2.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use tuanthu_core::evidence::schema::{kind_by_name, KindSchema, ALL_KINDS};
use tuanthu_ingest::{ImportError, Table};
use tuanthu_store::{ImportMode, ImportTable};

use crate::args::{Global, ImportArgs, ImportFormat};
use crate::EXIT_ERROR;

/// The evidence files found in a directory, in dependency order.
fn files_in_dir(dir: &Path) -> Result<Vec<(&'static KindSchema, PathBuf)>> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("không đọc được thư mục / cannot read directory {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    entries.sort();
    let mut found = Vec::new();
    for kind in ALL_KINDS {
        let matching: Vec<&PathBuf> = entries
            .iter()
            .filter(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_ascii_lowercase();
                name == format!("{}.csv", kind.name) || name == format!("{}.xlsx", kind.name)
            })
            .collect();
        match matching.as_slice() {
            [] => {}
            [one] => found.push((*kind, (*one).clone())),
            _ => bail!(
                "thư mục có cả {0}.csv và {0}.xlsx; hãy giữ một tệp / the directory has both {0}.csv and {0}.xlsx; keep one",
                kind.name
            ),
        }
    }
    for p in &entries {
        if !found.iter().any(|(_, f)| f == p) {
            eprintln!(
                "cảnh báo / warning: bỏ qua tệp không nhận diện được / ignoring unrecognised file {}",
                p.display()
            );
        }
    }
    if found.is_empty() && !dir.join(super::import_network::SUBDIR).is_dir() && !dir.join("scans").is_dir() {
        let names: Vec<&str> = ALL_KINDS.iter().map(|k| k.name).collect();
        bail!(
            "không có tệp chứng cứ nào trong {} (cần {}.csv/.xlsx) / no evidence files in {} (expected {}.csv/.xlsx)",
            dir.display(),
            names.join(".csv, "),
            dir.display(),
            names.join(".csv, ")
        );
    }
    Ok(found)
}

fn display_name(path: &Path) -> String {
    path.file_name().and_then(|n| n.to_str()).map_or_else(|| path.display().to_string(), str::to_string)
}

fn parse_one(kind: &'static KindSchema, path: &Path, args: &ImportArgs) -> Result<Result<Table, Vec<ImportError>>> {
    let bytes = std::fs::read(path).with_context(|| format!("không đọc được / cannot read {}", path.display()))?;
    let name = display_name(path);
    Ok(match args.format {
        Some(ImportFormat::AdCsv) => {
            let system = args.system.clone().context("--format ad-csv cần --system MÃ_HỆ_THỐNG / needs --system ID")?;
            let mut opts = tuanthu_ingest::ad::AdOptions::new(system);
            if let Some(c) = &args.culture {
                opts.culture = Some(tuanthu_ingest::ad::Culture::parse(c).with_context(|| {
                    format!("--culture \"{c}\" không hợp lệ (en-US hoặc vi-VN) / invalid (en-US or vi-VN)")
                })?);
            }
            tuanthu_ingest::ad::parse_ad_csv(&name, &bytes, &opts)
        }
        Some(ImportFormat::Xlsx) => tuanthu_ingest::parse_xlsx(kind, &name, &bytes),
        Some(ImportFormat::Csv) => tuanthu_ingest::parse_csv(kind, &name, &bytes),
        // Scanner formats concern `import scan` / DIR/scans/, not the CSV kinds.
        None
        | Some(
            ImportFormat::Auto
            | ImportFormat::Openvas
            | ImportFormat::Nessus
            | ImportFormat::Trivy
            | ImportFormat::Sarif,
        ) => tuanthu_ingest::parse_file(kind, &name, &bytes),
    })
}

pub fn run(g: &Global, args: &ImportArgs) -> Result<u8> {
    if args.target == "scan" {
        return super::scan_import::run(g, args);
    }
    if !args.more_files.is_empty() {
        bail!("chỉ nhập một tệp cho mỗi loại / one file per kind (several files only with `import scan`)");
    }
    if let (Some(path), "network") = (&args.file, args.target.as_str()) {
        return super::import_network::run(g, args, path);
    }
    let target = Path::new(&args.target);
    let jobs: Vec<(&'static KindSchema, PathBuf)> = match (&args.file, kind_by_name(&args.target)) {
        (Some(file), Some(kind)) => vec![(kind, file.clone())],
        (Some(_), None) => {
            let names: Vec<&str> = ALL_KINDS.iter().map(|k| k.name).collect();
            bail!(
                "loại chứng cứ không hợp lệ \"{}\" / unknown evidence kind \"{}\" (one of: {})",
                args.target,
                args.target,
                names.join(", ")
            )
        }
        (None, _) if target.is_dir() => files_in_dir(target)?,
        (None, Some(_)) => bail!("thiếu đường dẫn tệp / missing the file: tuanthu import {} FILE", args.target),
        (None, None) => bail!("không tìm thấy thư mục / no such directory: {}", args.target),
    };
    if args.format == Some(ImportFormat::AdCsv) && jobs.iter().any(|(k, _)| k.name != "accounts") {
        bail!("--format ad-csv chỉ dùng cho accounts / --format ad-csv is only for accounts");
    }

    let bar = progress_bar(jobs.len() as u64, "đọc tệp / reading");
    // Parse files in parallel: they are independent, and accounts dominate.
    let parsed: Vec<Result<Result<Table, Vec<ImportError>>>> = std::thread::scope(|s| {
        let handles: Vec<_> = jobs
            .iter()
            .map(|(kind, path)| {
                let bar = bar.clone();
                s.spawn(move || {
                    let r = parse_one(kind, path, args);
                    bar.inc(1);
                    r
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err(anyhow::anyhow!("parser thread failed")))).collect()
    });
    bar.finish_and_clear();

    let mut tables = Vec::new();
    let mut errors = Vec::new();
    let mut failed = Vec::new();
    for ((kind, _), p) in jobs.iter().zip(parsed) {
        match p? {
            Ok(t) => tables.push(t),
            Err(mut e) => {
                failed.push(kind.name);
                errors.append(&mut e);
            }
        }
    }
    // Device outputs in DIR/network/ (issue 6): network_ports, replaced device by device.
    let network_dir = target.join(super::import_network::SUBDIR);
    let mut network = None;
    if args.file.is_none() && network_dir.is_dir() {
        match super::import_network::parse(&network_dir, args.system.as_deref())? {
            Ok(n) => network = Some(n),
            Err(mut e) => errors.append(&mut e),
        }
    }
    for t in &tables {
        for w in &t.warnings {
            eprintln!("cảnh báo / warning: {w}");
        }
    }
    for w in network.iter().flat_map(|n| &n.warnings) {
        eprintln!("cảnh báo / warning: {}/{w}", super::import_network::SUBDIR);
    }
    // Cross-file checks of the kinds that declare them (references, dates
    // in the future, report periods): errors join the parse errors.
    let today = match &args.today {
        Some(d) => super::parse_date_arg(d)?,
        None => tuanthu_core::today_in_vietnam(),
    };
    let mut existing = super::open_existing_store(g).ok().flatten();
    let cross = super::crosscheck::check(&tables, &failed, existing.as_mut(), today);
    for w in &cross.warnings {
        eprintln!("cảnh báo / warning: {w}");
    }
    errors.extend(cross.errors);
    let integrity = super::integrity::check(&tables, existing.as_mut(), args.merge, today);
    errors.extend(integrity.errors);
    if !errors.is_empty() {
        for e in &errors {
            eprintln!("{e}");
        }
        let files: std::collections::BTreeSet<&str> = errors.iter().map(|e| e.file.as_str()).collect();
        // A dry run is a check of the files, not an import attempt.
        if let Some(store) = existing.as_mut().filter(|_| !args.dry_run) {
            let detail = format!("{} errors: {}", errors.len(), files.iter().copied().collect::<Vec<_>>().join(", "));
            super::audit::record(g, store, "import", "refused", None, Some(&detail));
        }
        eprintln!(
            "\n{} lỗi trong {} tệp; không nhập dữ liệu nào. Sửa các dòng trên rồi nhập lại. / {} errors in {} file(s); nothing was imported. Fix the rows above and import again.",
            errors.len(),
            files.len(),
            errors.len(),
            files.len()
        );
        return Ok(EXIT_ERROR);
    }
    let total: u64 = tables.iter().map(|t| t.rows.len() as u64).sum::<u64>()
        + network.iter().flat_map(|n| &n.devices).map(|d| d.rows.len() as u64).sum::<u64>();
    for w in super::references::warnings(&tables, existing.as_mut()).into_iter().chain(integrity.warnings) {
        eprintln!("cảnh báo / warning: {w}");
    }
    // Scanner reports of DIR/scans/, attributed through the scan_targets of
    // this import (or of the database), checked before anything is written.
    let reports = if target.is_dir() { super::scan_import::reports_in_dir(target)? } else { Vec::new() };
    let scans = if reports.is_empty() {
        Vec::new()
    } else {
        let map = match tables.iter().find(|t| t.kind.name == "scan_targets") {
            Some(t) => super::scan_import::TargetMap::from_table(t)?,
            None => match existing.as_mut() {
                Some(store) => super::scan_import::TargetMap::new(&store.scan_targets()?),
                None => super::scan_import::TargetMap::new(&[]),
            },
        };
        match super::scan_import::prepare(&reports, args, Some(&map))? {
            Ok(p) => p,
            Err(errors) => return Ok(super::scan_import::report_errors(&errors)),
        }
    };
    drop(existing);
    if args.dry_run {
        for t in &tables {
            println!("{:<25} {:>9} dòng hợp lệ / valid rows ({})", t.kind.name, t.rows.len(), t.file);
        }
        if !scans.is_empty() {
            println!("{:<20} {:>9} báo cáo hợp lệ / valid reports (scans/)", "scan", scans.len());
        }
        if let Some(n) = &network {
            super::import_network::report(n, true);
        }
        return Ok(0);
    }
    let mut store = super::open_store(g)?;
    let mode = if args.merge { ImportMode::Merge } else { ImportMode::Replace };
    // A native AD export is the full list of one system's accounts: replacing
    // it must not touch the accounts of other systems.
    let scope = match (args.format, args.system.as_deref()) {
        (Some(ImportFormat::AdCsv), Some(system)) => Some(("system_id", system)),
        _ => None,
    };
    let mut import: Vec<ImportTable<'_>> =
        tables.iter().map(|t| ImportTable { kind: t.kind, source: &t.file, rows: &t.rows, scope }).collect();
    let network_sources = network.as_ref().map(super::import_network::sources).unwrap_or_default();
    if let Some(n) = &network {
        import.extend(super::import_network::tables(n, &network_sources));
    }
    let bar = progress_bar(total, "ghi / writing");
    store.import(&import, mode, &mut |n| bar.set_position(n)).with_context(|| {
        format!("nhập thất bại, không dữ liệu nào được ghi / import failed, nothing was written ({})", store.url())
    })?;
    bar.finish_and_clear();
    for t in &tables {
        println!("{:<25} {:>9} dòng / rows  ← {}", t.kind.name, t.rows.len(), t.file);
    }
    if let Some(n) = &network {
        super::import_network::report(n, false);
    }
    println!(
        "Đã nhập {total} dòng ({}) vào {} / imported {total} rows ({}) into {}",
        if args.merge { "gộp" } else { "thay thế" },
        store.url(),
        mode.as_str(),
        store.url()
    );
    if !scans.is_empty() {
        super::scan_import::write(&mut store, &scans)?;
    }
    let mut files: Vec<String> =
        tables.iter().map(|t| format!("{} {} ({})", t.kind.name, t.file, t.rows.len())).collect();
    if let Some(n) = &network {
        files.push(format!("network {} ({} devices)", network_dir.display(), n.devices.len()));
    }
    if !scans.is_empty() {
        files.push(format!("scan {} reports", scans.len()));
    }
    super::audit::record(
        g,
        &mut store,
        "import",
        "ok",
        None,
        Some(&format!("{}: {}", mode.as_str(), files.join(", "))),
    );
    Ok(0)
}

fn progress_bar(len: u64, what: &str) -> ProgressBar {
    if !super::interactive() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({elapsed})") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_string());
    bar
}
