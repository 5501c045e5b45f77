//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "tuanthu",
    version,
    about = "Kiểm tra tuân thủ QĐ 1048/QĐ-TCHQ — compliance checks for Vietnam Customs' information-security regulation"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug, Clone)]
pub struct Global {
    /// Database URL: sqlite:PATH (default) or postgres://USER@HOST/DB
    #[arg(long, global = true, env = "TUANTHU_DATABASE_URL", default_value = tuanthu_store::DEFAULT_URL)]
    pub db: String,
    /// Rule pack file (default: the built-in QĐ 1048/QĐ-TCHQ pack)
    #[arg(long, global = true, env = "TUANTHU_RULE_PACK")]
    pub pack: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create the database (if needed) and apply migrations
    Init,
    /// Import evidence: `import DIR`, or `import KIND FILE`
    Import(ImportArgs),
    /// Evaluate the rules and print findings
    Check(CheckArgs),
    /// List the rules of the pack with their coverage
    Rules(RulesArgs),
    /// Past check runs kept in the database
    Runs(RunsArgs),
    /// Vietnamese lunar calendar and working days
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// Password policy of Điều 11.3.a
    #[command(subcommand)]
    Password(PasswordCommand),
    /// Demo data
    #[command(subcommand)]
    Demo(DemoCommand),
    /// Measure import and check at a demo scale (figures for the README)
    Bench(BenchArgs),
    /// Tamper-evident central log (Điều 12.5, 16): init, serve, verify, search…
    #[command(subcommand)]
    Log(crate::commands::log::LogCommand),
    /// Witness cosigning log checkpoints (C2SP tlog-witness)
    #[command(subcommand)]
    Witness(crate::commands::witness::WitnessCommand),
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// A directory of evidence files, or an evidence kind (units, persons, systems, hr_events, accounts, account_exceptions, holidays)
    pub target: String,
    /// The file, when a kind is given
    pub file: Option<PathBuf>,
    /// File format (default: by extension)
    #[arg(long, value_enum)]
    pub format: Option<ImportFormat>,
    /// System the accounts belong to (required with --format ad-csv)
    #[arg(long)]
    pub system: Option<String>,
    /// Date culture of an AD export: en-US or vi-VN (default: detected)
    #[arg(long)]
    pub culture: Option<String>,
    /// Insert or update rows by key instead of replacing the kind's rows
    #[arg(long)]
    pub merge: bool,
    /// Check the files and report errors without writing anything
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    Csv,
    Xlsx,
    #[value(name = "ad-csv")]
    AdCsv,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingsFormat {
    Table,
    Jsonl,
    Csv,
    Xlsx,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Evaluate as of this date (YYYY-MM-DD or DD/MM/YYYY; default: today in Vietnam)
    #[arg(long)]
    pub as_of: Option<String>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: FindingsFormat,
    /// Only this rule (repeatable)
    #[arg(long = "rule")]
    pub rules: Vec<String>,
    /// Only findings concerning this unit or a unit below it
    #[arg(long)]
    pub unit: Option<String>,
    /// Statuses to print: comma-separated, or `all` (default: fail,pending,excepted,no_evidence)
    #[arg(long)]
    pub status: Option<String>,
    /// Write to this file instead of stdout (required for xlsx on a terminal)
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Language of messages in the table output
    #[arg(long, value_enum, default_value = "vi")]
    pub lang: Lang,
    /// Do not keep this run in the database
    #[arg(long)]
    pub no_record: bool,
    /// Central log directory (or a facts JSON file from `log facts`) for the LOG-* rules
    #[arg(long, env = "TUANTHU_LOG_DIR")]
    pub log_dir: Option<PathBuf>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFormat {
    Table,
    Jsonl,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
}

#[derive(Args, Debug)]
pub struct RunsArgs {
    #[arg(long, default_value_t = 20)]
    pub limit: u32,
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextOrJson {
    Text,
    Json,
}

#[derive(Subcommand, Debug)]
pub enum CalendarCommand {
    /// Solar date → Vietnamese lunar date
    Lunar {
        /// YYYY-MM-DD or DD/MM/YYYY
        date: String,
        #[arg(long, value_enum, default_value = "text")]
        format: TextOrJson,
    },
    /// Vietnamese lunar date → solar date
    Solar {
        day: u8,
        month: u8,
        year: i32,
        /// The lunar month is the leap (nhuận) month
        #[arg(long)]
        leap: bool,
        #[arg(long, value_enum, default_value = "text")]
        format: TextOrJson,
    },
    /// The date N working days after DATE (BLDS 2015 Điều 147 counting)
    AddWorkdays {
        date: String,
        n: u32,
        #[arg(long, value_enum, default_value = "text")]
        format: TextOrJson,
    },
    /// Public holidays of a year (statutory + imported official decisions)
    Holidays {
        year: i32,
        #[arg(long, value_enum, default_value = "text")]
        format: TextOrJson,
    },
}

#[derive(Subcommand, Debug)]
pub enum PasswordCommand {
    /// Check a candidate password read from stdin against Điều 11.3.a (exit 0 ok, 1 rejected)
    Check {
        /// The account name the password is for
        username: String,
        #[arg(long, value_enum, default_value = "text")]
        format: TextOrJson,
    },
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScaleArg {
    Small,
    Customs,
    #[value(name = "10x")]
    TenX,
}

#[derive(Subcommand, Debug)]
pub enum DemoCommand {
    /// Write demo evidence files (CSV) to a directory
    Generate {
        #[arg(long, value_enum, default_value = "small")]
        scale: ScaleArg,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 1048)]
        seed: u64,
        /// Reference date the data is generated around (default: today in Vietnam)
        #[arg(long)]
        today: Option<String>,
    },
}

#[derive(Args, Debug)]
pub struct BenchArgs {
    #[arg(long, value_enum, default_value = "customs")]
    pub scale: ScaleArg,
    /// Working directory (default: a new temporary directory)
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// Repetitions of the check measurement
    #[arg(long, default_value_t = 3)]
    pub runs: u32,
}
