//! Authentication (Điều 12.2): local users with argon2id hashes, a limit on
//! consecutive failed logins (lockout), idle and absolute session timeouts,
//! TOTP for the roles that require it, no automatic login, and the CSRF
//! token of every state-changing cookie-authenticated request.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, Method};
use chrono::{DateTime, Utc};
use tuanthu_store::web::{NewAudit, WebSession, WebUser};
use tuanthu_store::Store;

use crate::authz::{self, Action, Scope};
use crate::crypto;
use crate::http::{self, CsrfPresented, Problem};
use crate::ldap;
use crate::state::{AppState, Realm, Settings};

/// How a request authenticated.
#[derive(Debug, Clone)]
pub enum Via {
    Session { id_hash: String, csrf: String },
    Token { id: i64 },
}

/// The authenticated user of a request.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user: WebUser,
    pub via: Via,
    pub ip: Option<String>,
}

impl Principal {
    /// The CSRF token to embed in forms (empty for token-authenticated calls).
    #[must_use]
    pub fn csrf(&self) -> &str {
        match &self.via {
            Via::Session { csrf, .. } => csrf,
            Via::Token { .. } => "",
        }
    }

    #[must_use]
    pub fn may(&self, action: Action) -> bool {
        authz::may(&self.user.grants, action)
    }

    /// The scope of an action, resolved in the current snapshot.
    #[must_use]
    pub fn scope(&self, action: Action, snapshot: &tuanthu_core::Snapshot) -> Scope {
        authz::scope(&self.user.grants, action, snapshot)
    }

    /// Appends an audit event by this user.
    pub fn audit(&self, store: &mut Store, action: &str, outcome: &str, target: Option<&str>, detail: Option<&str>) {
        audit(store, Some(&self.user.username), action, outcome, target, self.ip.as_deref(), detail);
    }
}

/// Appends an audit event; a failure to write it is reported on stderr (it
/// must not hide the outcome from the user, but must not pass silently).
pub fn audit(
    store: &mut Store,
    actor: Option<&str>,
    action: &str,
    outcome: &str,
    target: Option<&str>,
    ip: Option<&str>,
    detail: Option<&str>,
) {
    let e = NewAudit { actor, action, outcome, target, ip, detail };
    if let Err(err) = store.web().append_audit(&e, Utc::now()) {
        eprintln!("lỗi ghi nhật ký / audit write failed: {err}");
    }
}

/// Why a request is not authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthFailure {
    Missing,
    Invalid,
    Csrf,
}

fn bearer(parts: &Parts) -> Option<String> {
    let v = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_string())
}

fn is_unsafe(m: &Method) -> bool {
    !matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether a session is past its idle or absolute timeout at `now`.
#[must_use]
pub fn expired(s: &WebSession, settings: &Settings, now: DateTime<Utc>) -> bool {
    let idle = chrono::Duration::from_std(settings.idle_timeout).unwrap_or(chrono::Duration::MAX);
    let absolute = chrono::Duration::from_std(settings.absolute_timeout).unwrap_or(chrono::Duration::MAX);
    now - s.last_seen_at >= idle || now - s.created_at >= absolute
}

/// Authenticates a request by Bearer token (service listener only) or by
/// the listener's session cookie.
pub async fn authenticate(state: &AppState, parts: &Parts) -> Result<Principal, AuthFailure> {
    let ip = http::client_ip(&parts.extensions);
    if let Some(token) = bearer(parts) {
        if state.realm == Realm::Admin {
            return Err(AuthFailure::Invalid);
        }
        let hash = crypto::digest(&token);
        let calendar_feed = parts.uri.path().starts_with("/ics/");
        let found = state
            .db(move |s| {
                let Some(t) = s.web().token_by_hash(&hash)? else { return Ok(None) };
                let Some(user) = s.web().user_by_id(t.user_id)? else { return Ok(None) };
                if user.disabled {
                    return Ok(None);
                }
                let now = Utc::now();
                if t.last_used_at.is_none_or(|u| now - u > chrono::Duration::seconds(60)) {
                    s.web().touch_token(t.id, now)?;
                }
                Ok(Some((t, user)))
            })
            .await
            .map_err(|_| AuthFailure::Invalid)?;
        return match found {
            // Calendar-feed tokens open the feed only, and API tokens never open it.
            Some((t, user)) if t.name.starts_with(CALENDAR_TOKEN_PREFIX) == calendar_feed => {
                Ok(Principal { user, via: Via::Token { id: t.id }, ip })
            }
            _ => Err(AuthFailure::Invalid),
        };
    }
    let Some(sid) = http::cookie(&parts.headers, state.realm.cookie()) else {
        return Err(AuthFailure::Missing);
    };
    let id_hash = crypto::digest(&sid);
    let settings = state.settings().clone();
    let realm = state.realm;
    let inner = std::sync::Arc::clone(&state.inner);
    let found = state
        .db(move |s| {
            let Some(session) = s.web().session(&id_hash)? else { return Ok(None) };
            let now = Utc::now();
            if session.realm != realm.as_str() {
                return Ok(None);
            }
            if expired(&session, &settings, now) {
                s.web().delete_session(&id_hash)?;
                return Ok(None);
            }
            let Some(user) = s.web().user_by_id(session.user_id)? else { return Ok(None) };
            if user.disabled {
                return Ok(None);
            }
            // Recording activity at most every 1/10 of the idle timeout (≤ 30 s)
            // can only end a session early, never late.
            let every = (settings.idle_timeout / 10).min(std::time::Duration::from_secs(30));
            let due =
                inner.touched.lock().map(|t| t.get(&id_hash).is_none_or(|at| at.elapsed() >= every)).unwrap_or(true);
            if due {
                s.web().touch_session(&id_hash, now)?;
                if let Ok(mut t) = inner.touched.lock() {
                    if t.len() > 100_000 {
                        t.clear();
                    }
                    t.insert(id_hash.clone(), std::time::Instant::now());
                }
            }
            Ok(Some((session, user)))
        })
        .await
        .map_err(|_| AuthFailure::Invalid)?;
    let Some((session, user)) = found else { return Err(AuthFailure::Invalid) };
    if is_unsafe(&parts.method) {
        let presented = parts.extensions.get::<CsrfPresented>().and_then(|c| c.0.clone()).unwrap_or_default();
        if !crypto::constant_time_eq(presented.as_bytes(), session.csrf_token.as_bytes()) {
            return Err(AuthFailure::Csrf);
        }
    }
    Ok(Principal { user, via: Via::Session { id_hash: session.id_hash, csrf: session.csrf_token }, ip })
}

/// Token names starting with this are calendar-feed tokens (`/ics/…` only).
pub const CALENDAR_TOKEN_PREFIX: &str = "ics:";

/// Extractor for API handlers: 401/403 problem details when not authenticated.
pub struct ApiUser(pub Principal);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match authenticate(state, parts).await {
            Ok(p) => Ok(ApiUser(p)),
            Err(AuthFailure::Csrf) => Err(Problem::csrf()),
            Err(_) => Err(Problem::unauthorized()),
        }
    }
}

/// Result of a login attempt.
#[derive(Debug)]
pub enum LoginOutcome {
    /// The session cookie value (shown to the client once) and CSRF token.
    Ok { session_id: String, csrf: String, user: Box<WebUser> },
    /// Bad user name, password or TOTP code (401).
    Bad { reason: &'static str },
    /// Locked out until (423).
    Locked { until: DateTime<Utc> },
    /// Authenticated but not allowed on this listener (403).
    Forbidden,
}

/// Checks credentials, counting failures towards lockout, and opens a
/// session on success. Every outcome is audited.
pub async fn login(
    state: &AppState,
    username: String,
    password: String,
    totp: Option<String>,
    ip: Option<String>,
    user_agent: Option<String>,
) -> anyhow::Result<LoginOutcome> {
    let settings = state.settings().clone();
    let realm = state.realm;
    let directory = directory_bind(state, &settings, &username, &password).await?;
    state
        .db(move |s| {
            let now = Utc::now();
            let ipr = ip.as_deref();
            let username = username.trim().to_string();
            let fail = |s: &mut Store, reason: &'static str, detail: &str| {
                audit(s, Some(&username), "login_failed", "denied", Some(realm.as_str()), ipr, Some(detail));
                LoginOutcome::Bad { reason }
            };
            let Some(user) = s.web().user_by_name(&username)? else {
                let _ = crypto::verify_password(&password, crypto::dummy_hash());
                return Ok(fail(s, "credentials", "unknown user / không có người dùng"));
            };
            if let Some(until) = user.locked_until.filter(|u| *u > now) {
                audit(s, Some(&username), "login_locked", "denied", Some(realm.as_str()), ipr, None);
                return Ok(LoginOutcome::Locked { until });
            }
            let count_failure = |s: &mut Store, reason: &'static str, detail: &str| -> anyhow::Result<LoginOutcome> {
                let lock_until = now
                    + chrono::Duration::from_std(settings.lockout_duration).unwrap_or(chrono::Duration::minutes(15));
                let (n, locked) =
                    s.web().record_login_failure(user.id, i64::from(settings.lockout_threshold.max(1)), lock_until)?;
                let out = fail(s, reason, &format!("{detail} ({n})"));
                if locked {
                    let d = format!("{} lần sai liên tiếp / consecutive failures", settings.lockout_threshold);
                    audit(s, Some(&username), "lockout", "locked", Some(realm.as_str()), ipr, Some(&d));
                }
                Ok(out)
            };
            if user.password_hash == ldap::DIRECTORY_PASSWORD {
                match &directory {
                    Some(Ok(true)) => {}
                    Some(Ok(false)) => return count_failure(s, "credentials", "LDAP: wrong password / sai mật khẩu"),
                    Some(Err(e)) => return Ok(fail(s, "credentials", &e.to_string())),
                    None => {
                        let detail = "LDAP chưa cấu hình (--ldap-url) / LDAP is not configured (--ldap-url)";
                        return Ok(fail(s, "credentials", detail));
                    }
                }
            } else if !crypto::verify_password(&password, &user.password_hash) {
                return count_failure(s, "credentials", "wrong password / sai mật khẩu");
            }
            if user.disabled {
                return Ok(fail(s, "credentials", "user disabled / tài khoản bị vô hiệu hóa"));
            }
            let mfa_needed = authz::requires_mfa(&user.grants) || user.totp_secret.is_some();
            if mfa_needed {
                let Some(secret) = user.totp_secret.as_deref() else {
                    return Ok(fail(s, "mfa_not_set", "TOTP required but not configured"));
                };
                let code = totp.as_deref().unwrap_or("").trim();
                if code.is_empty() {
                    return count_failure(s, "totp", "TOTP code missing / thiếu mã TOTP");
                }
                match crypto::totp_verify(secret, code, now.timestamp()) {
                    Some(step) if s.web().use_totp_step(user.id, step)? => {}
                    Some(_) => return count_failure(s, "totp", "TOTP code replayed / mã TOTP đã dùng"),
                    None => return count_failure(s, "totp", "wrong TOTP code / sai mã TOTP"),
                }
            }
            if realm == Realm::Admin && !user.grants.iter().any(|g| g.role == "admin") {
                audit(
                    s,
                    Some(&username),
                    "login_failed",
                    "denied",
                    Some(realm.as_str()),
                    ipr,
                    Some("not an administrator"),
                );
                return Ok(LoginOutcome::Forbidden);
            }
            s.web().clear_login_failures(user.id)?;
            let session_id = crypto::random_token()?;
            let csrf = crypto::random_token()?;
            s.web().create_session(&WebSession {
                id_hash: crypto::digest(&session_id),
                user_id: user.id,
                realm: realm.as_str().to_string(),
                csrf_token: csrf.clone(),
                created_at: now,
                last_seen_at: now,
                ip: ip.clone(),
                user_agent: user_agent.map(|u| u.chars().take(200).collect()),
            })?;
            audit(s, Some(&username), "login", "ok", Some(realm.as_str()), ipr, None);
            Ok(LoginOutcome::Ok { session_id, csrf, user: Box::new(user) })
        })
        .await
}

/// For a user whose password the directory checks, the directory's answer
/// (`None` for every other case: local users, unknown or locked users — a
/// locked user's password is not even tried — or no directory configured).
async fn directory_bind(
    state: &AppState,
    settings: &Settings,
    username: &str,
    password: &str,
) -> anyhow::Result<Option<Result<bool, ldap::LdapError>>> {
    let Some(directory) = &settings.ldap else { return Ok(None) };
    let name = username.trim().to_string();
    let user = state.db(move |s| Ok(s.web().user_by_name(&name)?)).await?;
    let now = Utc::now();
    match user {
        Some(u) if u.password_hash == ldap::DIRECTORY_PASSWORD && u.locked_until.is_none_or(|t| t <= now) => {
            Ok(Some(ldap::bind(directory, username.trim(), password).await))
        }
        _ => Ok(None),
    }
}

/// Ends a session.
pub async fn logout(state: &AppState, p: &Principal) -> anyhow::Result<()> {
    if let Via::Session { id_hash, .. } = &p.via {
        let id_hash = id_hash.clone();
        let p2 = p.clone();
        state
            .db(move |s| {
                s.web().delete_session(&id_hash)?;
                p2.audit(s, "logout", "ok", None, None);
                Ok(())
            })
            .await?;
    }
    Ok(())
}
