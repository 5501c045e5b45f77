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
    /// Tamper-evident log receiving the product's own audit events (Điều 16.2): a log
    /// directory (`tuanthu log init`) or http://127.0.0.1:PORT of a `tuanthu log serve`
    #[arg(long, global = true, env = "TUANTHU_AUDIT_LOG", value_name = "DIR|URL")]
    pub audit_log: Option<String>,
    /// File holding the ingest token for --audit-log http://… (or TUANTHU_AUDIT_LOG_TOKEN)
    #[arg(long, global = true, env = "TUANTHU_AUDIT_LOG_TOKEN_FILE", value_name = "FILE")]
    pub audit_log_token_file: Option<PathBuf>,
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
    /// Demo: with no subcommand, a fresh database with demo data, a demo administrator and the web console
    Demo(DemoArgs),
    /// Measure import and check at a demo scale (figures for the README)
    Bench(BenchArgs),
    /// Vulnerabilities found by imported scanner reports (Điều 23)
    Vulns(VulnsArgs),
    /// Web console and JSON API (service listener + admin listener)
    Serve(ServeArgs),
    /// Users of the web console
    #[command(subcommand)]
    User(UserCommand),
    /// Personal API tokens
    #[command(subcommand)]
    Token(TokenCommand),
    /// TLS certificates for `serve`
    #[command(subcommand)]
    Tls(TlsCommand),
    /// Tamper-evident central log (Điều 12.5, 16): init, serve, verify, search…
    #[command(subcommand)]
    Log(crate::commands::log::LogCommand),
    /// Witness cosigning log checkpoints (C2SP tlog-witness)
    #[command(subcommand)]
    Witness(crate::commands::witness::WitnessCommand),
    /// The product's own audit events in the tamper-evident log (Điều 16.2)
    #[command(subcommand)]
    Audit(AuditCommand),
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Forward audit events not yet in the log named by --audit-log
    Forward,
    /// Compare the database's audit events with the log: name every row altered or deleted
    Verify {
        /// The log: a directory, or http://HOST:PORT of `tuanthu log serve`
        #[arg(long, value_name = "DIR|URL")]
        log: String,
        /// The log's verifier key (name+hash+base64, or a file holding it); required with a URL
        #[arg(long)]
        key: Option<String>,
    },
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// A directory of evidence files, an evidence kind (units, persons, systems, …; see docs/formats.md), or `network` for Cisco device outputs
    pub target: String,
    /// The file, when a kind is given (for `network`: a device output file or a directory of them)
    pub file: Option<PathBuf>,
    /// More files (`import scan FILE...`; a directory stands for its files)
    #[arg(hide = true)]
    pub more_files: Vec<PathBuf>,
    /// File format (default: by extension)
    #[arg(long, value_enum)]
    pub format: Option<ImportFormat>,
    /// System the accounts (required with --format ad-csv) or network devices belong to
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
    /// The day the evidence was collected: dates of things done may not be later (default: today in Vietnam)
    #[arg(long)]
    pub today: Option<String>,
    /// Largest scanner report accepted (bytes, or with K/M/G suffix)
    #[arg(long, value_parser = parse_size, default_value = "512M")]
    pub max_size: u64,
    /// Scan time of reports that carry none (e.g. legacy Trivy); default: the file's modification time
    #[arg(long)]
    pub scanned_at: Option<String>,
}

/// `1048576`, `512K`, `512M`, `2G` (binary multiples).
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (num, mul) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => {
            let mul: u64 = match c.to_ascii_uppercase() {
                'K' => 1 << 10,
                'M' => 1 << 20,
                'G' => 1 << 30,
                'B' => 1,
                _ => return Err(format!("kích thước không hợp lệ / invalid size \"{s}\"")),
            };
            (&t[..i], mul)
        }
        _ => (t, 1),
    };
    num.trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(mul))
        .ok_or_else(|| format!("kích thước không hợp lệ / invalid size \"{s}\""))
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    Csv,
    Xlsx,
    #[value(name = "ad-csv")]
    AdCsv,
    /// Scanner reports: detect the format from the content
    Auto,
    Openvas,
    Nessus,
    Trivy,
    Sarif,
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
    /// Obligations of every rule falling due in a window (default: the next month)
    Due(DueArgs),
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueFormat {
    Table,
    Jsonl,
    Ics,
}

#[derive(Args, Debug)]
pub struct DueArgs {
    /// First day of the window (YYYY-MM-DD or DD/MM/YYYY; default: the as-of date)
    #[arg(long)]
    pub from: Option<String>,
    /// Last day of the window, included (default: one month after --from)
    #[arg(long)]
    pub to: Option<String>,
    /// Evaluate the evidence as of this date (default: today in Vietnam)
    #[arg(long)]
    pub as_of: Option<String>,
    /// Only obligations concerning this unit or a unit below it
    #[arg(long)]
    pub unit: Option<String>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: DueFormat,
    /// Write to this file instead of stdout
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Language of the table output
    #[arg(long, value_enum, default_value = "vi")]
    pub lang: Lang,
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
    /// Also import the demo's scanner reports (`scans/`) with `import scan` and time it
    #[arg(long)]
    pub with_scans: bool,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum VulnStatus {
    Open,
    Fixed,
    All,
}

#[derive(Args, Debug)]
pub struct VulnsArgs {
    /// Only this system
    #[arg(long)]
    pub system: Option<String>,
    /// Severities to list, comma-separated (critical,high,medium,low,info); default: all
    #[arg(long)]
    pub severity: Option<String>,
    #[arg(long, value_enum, default_value = "open")]
    pub status: VulnStatus,
    #[arg(long, value_enum, default_value = "table")]
    pub format: FindingsFormat,
    /// Write to this file instead of stdout (required for xlsx on a terminal)
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Date ages and overdue plans are counted at (default: today in Vietnam)
    #[arg(long)]
    pub as_of: Option<String>,
}

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct DemoArgs {
    #[command(subcommand)]
    pub command: Option<DemoCommand>,
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Service listener (console + /api/v1)
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: std::net::SocketAddr,
    /// Admin listener (/admin/ only)
    #[arg(long, default_value = "127.0.0.1:8081")]
    pub admin_listen: std::net::SocketAddr,
    /// TLS certificate chain (PEM); required for non-loopback addresses
    #[arg(long)]
    pub tls_cert: Option<PathBuf>,
    /// TLS private key (PEM)
    #[arg(long)]
    pub tls_key: Option<PathBuf>,
    /// Consecutive failed logins before a lockout (Điều 12.2)
    #[arg(long, default_value_t = 5)]
    pub lockout_threshold: u32,
    /// Lockout duration in minutes
    #[arg(long, default_value_t = 15)]
    pub lockout_minutes: u64,
    /// Idle session timeout in minutes
    #[arg(long, default_value_t = 15)]
    pub idle_timeout_minutes: u64,
    /// Absolute session lifetime in hours
    #[arg(long, default_value_t = 8)]
    pub absolute_timeout_hours: u64,
    /// Largest upload accepted by imports, in MiB
    #[arg(long, default_value_t = 64)]
    pub max_upload_mb: usize,
    /// LDAP / Active Directory that checks the passwords of users added with `user add --ldap`
    /// (ldaps://HOST, or ldap://HOST with --ldap-starttls; plain ldap:// only to this host)
    #[arg(long, value_name = "URL", env = "TUANTHU_LDAP_URL")]
    pub ldap_url: Option<String>,
    /// Bind DN template, {user} = the user name: uid={user},ou=people,dc=haiquan,dc=vn or {user}@haiquan.gov.vn
    #[arg(long, value_name = "TEMPLATE", env = "TUANTHU_LDAP_USER_DN", requires = "ldap_url")]
    pub ldap_user_dn: Option<String>,
    /// Upgrade ldap:// with StartTLS
    #[arg(long, requires = "ldap_url")]
    pub ldap_starttls: bool,
    /// CA certificates (PEM) for the directory's TLS certificate (default: the system's)
    #[arg(long, value_name = "FILE", requires = "ldap_url")]
    pub ldap_ca: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Add a user of the web console (the first administrator is made this way)
    Add {
        name: String,
        /// admin, security_officer, system_owner, operator, leader, auditor (repeatable or comma-separated)
        #[arg(long = "role", required = true, value_delimiter = ',')]
        roles: Vec<String>,
        /// Org unit the roles are granted on, with its sub-units (default: the whole organisation)
        #[arg(long)]
        unit: Option<String>,
        /// Read the password from stdin (required: passwords never go on the command line)
        #[arg(long, conflicts_with = "ldap")]
        password_stdin: bool,
        /// The LDAP directory checks this user's password (`serve --ldap-url`); no local password
        #[arg(long)]
        ldap: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Create a personal API token for a user and print it once
    Create {
        /// The user
        name: String,
        /// A label for the token
        #[arg(long, default_value = "cli")]
        label: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum TlsCommand {
    /// Write a self-signed certificate and key (for tests and first setups)
    SelfSigned {
        #[arg(long, default_value = "tuanthu-cert.pem")]
        cert: PathBuf,
        #[arg(long, default_value = "tuanthu-key.pem")]
        key: PathBuf,
        /// Host names or addresses the certificate is for (repeatable; default: localhost, 127.0.0.1, ::1)
        #[arg(long = "name")]
        names: Vec<String>,
    },
}
