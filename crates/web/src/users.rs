//! User and token management shared by the CLI (`user add`, `token create`)
//! and the admin listener. Every password set goes through PWD-CHECK
//! (Điều 11.3.a) with the pack's policy; every change is audited.

use chrono::Utc;
use tuanthu_core::password::check_password;
use tuanthu_core::RulePack;
use tuanthu_store::web::{Grant, NewUser, ALL_ORG};
use tuanthu_store::Store;

use crate::auth::{audit, CALENDAR_TOKEN_PREFIX};
use crate::authz::{self, Role};
use crate::crypto;

/// Why a user change was refused (bilingual messages).
#[derive(Debug, thiserror::Error)]
pub enum UserError {
    #[error("vai trò không hợp lệ \"{0}\" (admin, security_officer, system_owner, operator, leader, auditor) / invalid role \"{0}\"")]
    BadRole(String),
    #[error(
        "tên người dùng không hợp lệ (1-64 ký tự chữ, số, . _ - @) / invalid user name (1-64 letters, digits, . _ - @)"
    )]
    BadName,
    #[error("người dùng \"{0}\" đã tồn tại / user \"{0}\" already exists")]
    Exists(String),
    #[error("không có người dùng \"{0}\" / no user \"{0}\"")]
    NoSuchUser(String),
    #[error("mật khẩu không đạt Điều 11.3.a / password rejected by Điều 11.3.a: {0}")]
    WeakPassword(String),
    #[error("mật khẩu của \"{0}\" do thư mục LDAP quản lý, hãy đổi ở đó / the password of \"{0}\" is kept by the LDAP directory: change it there")]
    DirectoryPassword(String),
    #[error("{0}")]
    Other(#[from] anyhow::Error),
}

impl From<tuanthu_store::StoreError> for UserError {
    fn from(e: tuanthu_store::StoreError) -> Self {
        UserError::Other(e.into())
    }
}

/// PWD-CHECK on a password about to be set; `Err` lists every problem.
pub fn check_new_password(pack: &RulePack, username: &str, password: &str) -> Result<(), UserError> {
    let policy = tuanthu_core::rules::password_policy(pack).map_err(|e| UserError::Other(e.into()))?;
    let problems = check_password(&policy, username, password);
    if problems.is_empty() {
        return Ok(());
    }
    let text: Vec<String> = problems.iter().map(|p| format!("{} / {}", p.message_vi(), p.message_en())).collect();
    Err(UserError::WeakPassword(text.join("; ")))
}

fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.chars().count())
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
}

/// A user just created.
#[derive(Debug)]
pub struct Created {
    pub id: i64,
    /// The TOTP secret (base32), when the role requires a second factor —
    /// shown once, never again.
    pub totp_secret: Option<String>,
}

/// Parses role names and builds grants on a unit (`None` = whole organisation).
pub fn grants(roles: &[String], unit: Option<&str>) -> Result<Vec<Grant>, UserError> {
    let unit = unit.map(str::trim).filter(|u| !u.is_empty()).unwrap_or(ALL_ORG).to_string();
    roles
        .iter()
        .map(|r| {
            Role::parse(r)
                .map(|role| Grant { role: role.as_str().to_string(), unit: unit.clone() })
                .ok_or_else(|| UserError::BadRole(r.clone()))
        })
        .collect()
}

/// Creates a user with grants, after PWD-CHECK.
pub fn add_user(
    store: &mut Store,
    pack: &RulePack,
    actor: Option<&str>,
    username: &str,
    password: &str,
    grants: &[Grant],
    ip: Option<&str>,
) -> Result<Created, UserError> {
    check_new_name(store, username)?;
    check_new_password(pack, username, password)?;
    let hash = crypto::hash_password(password)?;
    insert_user(store, actor, username, &hash, grants, ip, "")
}

/// Creates a user whose password the LDAP directory checks (see
/// [`crate::ldap`]); roles, units and TOTP are the console's as for any user.
pub fn add_directory_user(
    store: &mut Store,
    actor: Option<&str>,
    username: &str,
    grants: &[Grant],
    ip: Option<&str>,
) -> Result<Created, UserError> {
    check_new_name(store, username)?;
    insert_user(store, actor, username, crate::ldap::DIRECTORY_PASSWORD, grants, ip, " (LDAP)")
}

/// A user name that is well formed and not taken.
fn check_new_name(store: &mut Store, username: &str) -> Result<(), UserError> {
    if !valid_name(username) {
        return Err(UserError::BadName);
    }
    if store.web().user_by_name(username)?.is_some() {
        return Err(UserError::Exists(username.to_string()));
    }
    Ok(())
}

fn insert_user(
    store: &mut Store,
    actor: Option<&str>,
    username: &str,
    password_hash: &str,
    grants: &[Grant],
    ip: Option<&str>,
    note: &str,
) -> Result<Created, UserError> {
    let totp_secret = if authz::requires_mfa(grants) { Some(crypto::new_totp_secret()?) } else { None };
    let id = store.web().create_user(
        &NewUser { username, display_name: None, password_hash, totp_secret: totp_secret.as_deref(), grants },
        Utc::now(),
    )?;
    let roles: Vec<String> = grants.iter().map(|g| format!("{}@{}", g.role, g.unit)).collect();
    audit(store, actor, "user_add", "ok", Some(username), ip, Some(&format!("{}{note}", roles.join(", "))));
    Ok(Created { id, totp_secret })
}

/// Changes grants; a user who now needs a second factor gets a TOTP secret
/// (returned, to show once).
pub fn set_grants(
    store: &mut Store,
    actor: Option<&str>,
    username: &str,
    grants: &[Grant],
    ip: Option<&str>,
) -> Result<Option<String>, UserError> {
    let user = store.web().user_by_name(username)?.ok_or_else(|| UserError::NoSuchUser(username.to_string()))?;
    store.web().set_grants(user.id, grants)?;
    let mut new_secret = None;
    if authz::requires_mfa(grants) && user.totp_secret.is_none() {
        let secret = crypto::new_totp_secret()?;
        store.web().set_totp_secret(user.id, Some(&secret))?;
        new_secret = Some(secret);
    }
    // Rights changed: open sessions end, so the new rights apply at once.
    store.web().delete_user_sessions(user.id)?;
    let roles: Vec<String> = grants.iter().map(|g| format!("{}@{}", g.role, g.unit)).collect();
    audit(store, actor, "role_change", "ok", Some(username), ip, Some(&roles.join(", ")));
    Ok(new_secret)
}

/// Sets a password after PWD-CHECK and ends the user's sessions.
pub fn set_password(
    store: &mut Store,
    pack: &RulePack,
    actor: Option<&str>,
    username: &str,
    password: &str,
    ip: Option<&str>,
) -> Result<(), UserError> {
    let user = store.web().user_by_name(username)?.ok_or_else(|| UserError::NoSuchUser(username.to_string()))?;
    if user.password_hash == crate::ldap::DIRECTORY_PASSWORD {
        return Err(UserError::DirectoryPassword(username.to_string()));
    }
    check_new_password(pack, username, password)?;
    let hash = crypto::hash_password(password)?;
    store.web().set_password(user.id, &hash, Utc::now())?;
    store.web().delete_user_sessions(user.id)?;
    audit(store, actor, "password_change", "ok", Some(username), ip, None);
    Ok(())
}

/// Creates a personal API token for a user; returns `(id, secret)`. The
/// secret is shown once; only its digest is kept.
pub fn create_token(
    store: &mut Store,
    actor: Option<&str>,
    username: &str,
    label: &str,
    calendar_feed: bool,
    ip: Option<&str>,
) -> Result<(i64, String), UserError> {
    let user = store.web().user_by_name(username)?.ok_or_else(|| UserError::NoSuchUser(username.to_string()))?;
    let secret = format!("tt_{}", crypto::random_token()?);
    let label = label.trim();
    let name = if calendar_feed {
        format!("{CALENDAR_TOKEN_PREFIX}{label}")
    } else {
        label.trim_start_matches(CALENDAR_TOKEN_PREFIX).to_string()
    };
    let name: String = if name.is_empty() { "token".into() } else { name.chars().take(80).collect() };
    let id = store.web().create_token(user.id, &name, &crypto::digest(&secret), Utc::now())?;
    audit(store, actor, "token_create", "ok", Some(username), ip, Some(&format!("#{id} {name}")));
    Ok((id, secret))
}
