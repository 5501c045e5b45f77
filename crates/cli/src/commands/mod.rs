//! One module per command.

mod audit;
mod bench;
mod calendar;
mod check;
mod crosscheck;
mod demo;
mod due;
mod import;
mod import_network;
mod integrity;
pub mod log;
mod password;
mod references;
mod rules;
mod runs;
mod scan_import;
mod serve;
mod tls;
mod token;
mod user;
mod vulns;
mod web_demo;
pub mod witness;

use std::io::IsTerminal;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use tuanthu_core::RulePack;
use tuanthu_store::Store;

use crate::args::{Cli, Command, Global};

/// Runs a command; returns the process exit code.
pub fn run(cli: Cli) -> Result<u8> {
    let g = &cli.global;
    match cli.command {
        Command::Init => {
            let store = open_store(g)?;
            println!("Cơ sở dữ liệu sẵn sàng / database ready: {}", store.url());
            Ok(0)
        }
        Command::Import(args) => import::run(g, &args),
        Command::Check(args) => check::run(g, &args),
        Command::Rules(args) => rules::run(g, &args),
        Command::Runs(args) => runs::run(g, &args),
        Command::Calendar(cmd) => calendar::run(g, &cmd),
        Command::Password(cmd) => password::run(g, &cmd),
        Command::Demo(args) => match &args.command {
            Some(cmd) => demo::run(cmd),
            None => web_demo::run(g, &args.serve),
        },
        Command::Bench(args) => bench::run(g, &args),
        Command::Vulns(args) => vulns::run(g, &args),
        Command::Serve(args) => serve::run(g, &args),
        Command::User(cmd) => user::run(g, &cmd),
        Command::Token(cmd) => token::run(g, &cmd),
        Command::Tls(cmd) => tls::run(&cmd),
        Command::Log(cmd) => log::run(g, cmd),
        Command::Witness(cmd) => witness::run(cmd),
        Command::Audit(cmd) => audit::run(&cli.global, &cmd),
    }
}

pub fn open_store(g: &Global) -> Result<Store> {
    Store::open(&g.db).with_context(|| format!("không mở được cơ sở dữ liệu / cannot open the database {}", g.db))
}

/// Opens the database only if it already exists (commands that merely read
/// optional data, like the calendar, must not create a database file).
pub fn open_existing_store(g: &Global) -> Result<Option<Store>> {
    if let Some(path) = tuanthu_store::sqlite_path(&g.db) {
        if path != ":memory:" && !std::path::Path::new(&path).exists() {
            return Ok(None);
        }
    }
    open_store(g).map(Some)
}

pub fn load_pack(g: &Global) -> Result<RulePack> {
    match &g.pack {
        None => RulePack::builtin().context("rule pack tích hợp lỗi / built-in rule pack is invalid"),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("không đọc được / cannot read {}", path.display()))?;
            RulePack::from_toml(&text).with_context(|| format!("rule pack {}", path.display()))
        }
    }
}

/// A date argument: `YYYY-MM-DD` or `DD/MM/YYYY`.
pub fn parse_date_arg(s: &str) -> Result<NaiveDate> {
    tuanthu_ingest::parse_date(s).with_context(|| {
        format!("ngày không hợp lệ \"{s}\" (dùng YYYY-MM-DD hoặc DD/MM/YYYY) / invalid date \"{s}\" (use YYYY-MM-DD or DD/MM/YYYY)")
    })
}

/// Whether progress bars should be drawn.
pub fn interactive() -> bool {
    std::io::stderr().is_terminal()
}
