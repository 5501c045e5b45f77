//! Records of the central log (issue 4): log sources (imported) and the log
//! facts (computed from the log directory at check time — see docs/tlog.md,
//! "Log facts for the rules").

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::records::{Row, RowError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogSourceKind {
    System,
    Application,
}

impl LogSourceKind {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "system" => Some(LogSourceKind::System),
            "application" => Some(LogSourceKind::Application),
            _ => None,
        }
    }
}

/// A row of `log_sources`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogSource {
    pub source_id: String,
    pub system_id: String,
    /// Host names and/or addresses, as given.
    pub hosts: Vec<String>,
    pub apps: Vec<String>,
    pub kind: LogSourceKind,
}

impl LogSource {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(LogSource {
            source_id: r.text(0)?,
            system_id: r.text(1)?,
            hosts: r.list(2)?,
            apps: r.list(3)?,
            kind: r.opt_enumerated(4, LogSourceKind::parse)?.unwrap_or(LogSourceKind::System),
        })
    }

    /// Whether a host seen in the log (its HOSTNAME or one of its source
    /// addresses) is this source. Case-insensitive.
    #[must_use]
    pub fn matches(&self, host: &HostFacts) -> bool {
        self.hosts
            .iter()
            .any(|h| h.eq_ignore_ascii_case(&host.host) || host.addresses.iter().any(|a| a.eq_ignore_ascii_case(h)))
    }

    /// Whether an application name belongs to this source (no list = all).
    #[must_use]
    pub fn has_app(&self, app: &str) -> bool {
        self.apps.is_empty() || self.apps.iter().any(|a| a.eq_ignore_ascii_case(app))
    }
}

/// What `tuanthu log facts` computes from a log directory (JSON). The check
/// engine reads only this, never the log itself.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LogFacts {
    pub origin: String,
    /// When the facts were computed (the "now" of the 24-hour checks).
    pub computed_at: DateTime<Utc>,
    pub size: u64,
    /// Full verification result.
    pub verified: bool,
    #[serde(default)]
    pub problems: Vec<String>,
    /// The latest checkpoint cosigned by a configured witness.
    #[serde(default)]
    pub witnessed_size: Option<u64>,
    #[serde(default)]
    pub witnessed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub cosigners: Vec<String>,
    /// Entries whose contents were pruned (explicit, logged prune).
    #[serde(default)]
    pub pruned_below: u64,
    /// Receive time of the newest pruned entry.
    #[serde(default)]
    pub pruned_newest_received: Option<DateTime<Utc>>,
    /// Receive time of the newest entry moved to the compressed archive.
    #[serde(default)]
    pub archived_newest_received: Option<DateTime<Utc>>,
    /// Receive time of the oldest entry still stored.
    #[serde(default)]
    pub oldest_received: Option<DateTime<Utc>>,
    /// Hours of recent entries the per-host figures are computed from.
    pub scan_hours: u32,
    #[serde(default)]
    pub hosts: Vec<HostFacts>,
}

/// Per sending host (syslog HOSTNAME, or the source address when absent).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HostFacts {
    pub host: String,
    /// Source addresses it sent from (without ports).
    #[serde(default)]
    pub addresses: Vec<String>,
    pub last_received: Option<DateTime<Utc>>,
    /// Entries in the last 24 hours before `computed_at`.
    pub entries_24h: u64,
    /// Entries carrying their own timestamp, in the scan.
    pub timestamped: u64,
    /// 95th percentile of |own timestamp − receive time|, seconds.
    #[serde(default)]
    pub skew_p95_secs: Option<f64>,
    #[serde(default)]
    pub apps: Vec<AppFacts>,
}

/// Field coverage of one application's entries in the scan (Điều 12.5).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AppFacts {
    pub app: String,
    pub sampled: u64,
    pub with_time: u64,
    pub with_address: u64,
    pub with_account: u64,
    pub with_action: u64,
    /// Entries of severity error or worse (0-3).
    pub errors: u64,
    /// Entries whose action or message names an administrator login.
    pub admin_logins: u64,
}
