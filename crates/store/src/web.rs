//! What the web console and API keep (issue 3): users and their role grants,
//! sessions, personal API tokens, the audit log, and read access to the
//! imports log and the per-unit counts of past runs.
//!
//! Secrets never reach this module in clear: the web crate hands over
//! argon2id PHC strings and SHA-256 digests. The audit log is append-only:
//! nothing here updates or deletes an audit row (Điều 16.2).

use chrono::{DateTime, Utc};

use crate::StoreError;

/// A role granted on an org-unit subtree (`unit` = `*` for the whole organisation).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Grant {
    pub role: String,
    pub unit: String,
}

/// The unit code of a grant on the whole organisation.
pub const ALL_ORG: &str = "*";

/// A user to create.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: Option<&'a str>,
    pub password_hash: &'a str,
    pub totp_secret: Option<&'a str>,
    pub grants: &'a [Grant],
}

/// A stored user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebUser {
    pub id: i64,
    pub username: String,
    pub display_name: Option<String>,
    pub password_hash: String,
    pub password_changed_at: DateTime<Utc>,
    pub totp_secret: Option<String>,
    pub totp_last_step: Option<i64>,
    pub failed_logins: i64,
    pub locked_until: Option<DateTime<Utc>>,
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
    pub grants: Vec<Grant>,
}

/// A login session (`realm` is `service` or `admin`: one listener's
/// sessions are never valid on the other).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebSession {
    pub id_hash: String,
    pub user_id: i64,
    pub realm: String,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// A personal API token (its secret is only ever shown once, at creation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// An audit event to append.
#[derive(Debug, Clone, Default)]
pub struct NewAudit<'a> {
    pub actor: Option<&'a str>,
    pub action: &'a str,
    pub outcome: &'a str,
    pub target: Option<&'a str>,
    pub ip: Option<&'a str>,
    pub detail: Option<&'a str>,
}

/// A stored audit event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: Option<String>,
    pub action: String,
    pub outcome: String,
    pub target: Option<String>,
    pub ip: Option<String>,
    pub detail: Option<String>,
    /// Origin of the tamper-evident log holding this event, once forwarded.
    pub log_origin: Option<String>,
    /// Index of this event's entry in that log, once forwarded.
    pub log_index: Option<i64>,
}

/// Which audit events to list (newest first).
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Exact user name.
    pub actor: Option<String>,
    /// Exact action (`login`, `login_failed`, `lockout`, `import`, …).
    pub action: Option<String>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    pub limit: u32,
    pub offset: u32,
}

/// One row of the `imports` log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRecord {
    pub id: i64,
    pub imported_at: DateTime<Utc>,
    pub kind: String,
    pub source: String,
    pub mode: String,
    pub rows: i64,
}

/// Findings kept for a run, counted per status and unit list
/// (`units` joined by `;`, as stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunUnitCount {
    pub run_id: i64,
    pub rule: String,
    pub status: String,
    pub units: String,
    pub count: i64,
}

/// Storage for the web console. Implemented by both backends.
pub trait WebBackend {
    fn create_user(&mut self, user: &NewUser<'_>, at: DateTime<Utc>) -> Result<i64, StoreError>;
    fn user_by_name(&mut self, username: &str) -> Result<Option<WebUser>, StoreError>;
    fn user_by_id(&mut self, id: i64) -> Result<Option<WebUser>, StoreError>;
    fn users(&mut self) -> Result<Vec<WebUser>, StoreError>;
    fn set_grants(&mut self, user_id: i64, grants: &[Grant]) -> Result<(), StoreError>;
    fn set_password(&mut self, user_id: i64, hash: &str, at: DateTime<Utc>) -> Result<(), StoreError>;
    fn set_totp_secret(&mut self, user_id: i64, secret: Option<&str>) -> Result<(), StoreError>;
    /// Accepts a TOTP time step only if it is later than the last one used
    /// (no replay); returns whether it was accepted.
    fn use_totp_step(&mut self, user_id: i64, step: i64) -> Result<bool, StoreError>;
    /// Counts a failed login; at `max` consecutive failures the user is
    /// locked until `lock_until` and the counter starts again. Returns the
    /// count after this failure and whether this failure locked the user.
    fn record_login_failure(
        &mut self,
        user_id: i64,
        max: i64,
        lock_until: DateTime<Utc>,
    ) -> Result<(i64, bool), StoreError>;
    /// After a successful login, or when an administrator unlocks a user.
    fn clear_login_failures(&mut self, user_id: i64) -> Result<(), StoreError>;
    fn set_disabled(&mut self, user_id: i64, disabled: bool) -> Result<(), StoreError>;

    fn create_session(&mut self, session: &WebSession) -> Result<(), StoreError>;
    fn session(&mut self, id_hash: &str) -> Result<Option<WebSession>, StoreError>;
    fn touch_session(&mut self, id_hash: &str, at: DateTime<Utc>) -> Result<(), StoreError>;
    fn delete_session(&mut self, id_hash: &str) -> Result<(), StoreError>;
    fn delete_user_sessions(&mut self, user_id: i64) -> Result<u64, StoreError>;
    fn sessions(&mut self) -> Result<Vec<WebSession>, StoreError>;
    /// Removes sessions idle since before `idle_before` or created before `created_before`.
    fn purge_sessions(&mut self, idle_before: DateTime<Utc>, created_before: DateTime<Utc>) -> Result<u64, StoreError>;

    fn create_token(&mut self, user_id: i64, name: &str, hash: &str, at: DateTime<Utc>) -> Result<i64, StoreError>;
    /// An unrevoked token by the digest of its secret.
    fn token_by_hash(&mut self, hash: &str) -> Result<Option<ApiToken>, StoreError>;
    /// Tokens of one user, or of everyone.
    fn tokens(&mut self, user_id: Option<i64>) -> Result<Vec<ApiToken>, StoreError>;
    fn revoke_token(&mut self, id: i64, at: DateTime<Utc>) -> Result<bool, StoreError>;
    fn touch_token(&mut self, id: i64, at: DateTime<Utc>) -> Result<(), StoreError>;

    fn append_audit(&mut self, event: &NewAudit<'_>, at: DateTime<Utc>) -> Result<(), StoreError>;
    fn audit_events(&mut self, filter: &AuditFilter) -> Result<Vec<AuditEvent>, StoreError>;
    /// Audit events with an id above `after_id`, oldest first; with
    /// `only_pending`, only those not yet forwarded to the tamper-evident log.
    fn audit_after(&mut self, after_id: i64, limit: u32, only_pending: bool) -> Result<Vec<AuditEvent>, StoreError>;
    /// Records where forwarded events landed in the log. Sets each row's log
    /// position once: a row already forwarded is left as it is (the only
    /// update ever made to an audit row). Returns how many rows were set.
    fn mark_audit_logged(&mut self, origin: &str, placed: &[(i64, u64)]) -> Result<u64, StoreError>;
    /// The random identifier of this database (set once, by migration 9).
    fn instance_id(&mut self) -> Result<String, StoreError>;

    fn imports_log(&mut self, limit: u32) -> Result<Vec<ImportRecord>, StoreError>;
    /// Counts of the findings kept for these runs, per rule, status and unit list.
    fn run_unit_counts(&mut self, run_ids: &[i64]) -> Result<Vec<RunUnitCount>, StoreError>;
}

/// Grants from `(role, unit)` rows, sorted.
pub(crate) fn group_grants(rows: Vec<(i64, String, String)>) -> std::collections::HashMap<i64, Vec<Grant>> {
    let mut out: std::collections::HashMap<i64, Vec<Grant>> = std::collections::HashMap::new();
    for (user, role, unit) in rows {
        out.entry(user).or_default().push(Grant { role, unit });
    }
    for g in out.values_mut() {
        g.sort();
    }
    out
}
