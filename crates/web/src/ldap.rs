//! Optional LDAP / Active Directory bind login (Điều 12.2 "xác thực người
//! dùng" with the organisation's own directory).
//!
//! A user of the console is still created here (`tuanthu user add NAME
//! --role … --ldap`): roles, units, TOTP, lockout, sessions and audit stay the
//! console's, so that the directory cannot grant rights on its own. Only the
//! password check moves: instead of an argon2id hash, the user's row holds
//! [`DIRECTORY_PASSWORD`], and the login binds to the directory as the user
//! (DN from a template, e.g. `uid={user},ou=people,dc=haiquan,dc=vn`, or
//! `{user}@haiquan.gov.vn` for Active Directory). A failed bind counts
//! towards the lockout like a wrong password; an unreachable directory is
//! refused without counting.
//!
//! Điều 12.4: a password never crosses the network in the clear — a
//! directory that is not on this host must be `ldaps://` or use StartTLS.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// What `web_users.password_hash` holds for a user whose password the
/// directory checks. It is not a PHC string, so argon2 never accepts any
/// password for it: without a configured directory such a user cannot log in.
pub const DIRECTORY_PASSWORD: &str = "!ldap";

/// LDAP result code 49 (RFC 4511 §4.1.9): the name or password is wrong.
const INVALID_CREDENTIALS: u32 = 49;

/// Where and how to bind.
#[derive(Debug, Clone)]
pub struct LdapSettings {
    /// `ldap://HOST:PORT` or `ldaps://HOST:PORT`.
    pub url: String,
    /// The bind DN with `{user}` standing for the user name (RFC 4514-escaped).
    pub user_dn: String,
    /// Upgrade `ldap://` with StartTLS (RFC 4513 §3).
    pub starttls: bool,
    /// CA certificates (PEM) the directory's certificate must chain to;
    /// the system's roots when absent.
    pub ca_file: Option<PathBuf>,
    /// Connect and operation timeout.
    pub timeout: Duration,
    /// The TLS client configuration, built once by [`LdapSettings::prepare`]
    /// (reading the CA file or the system's roots at every login would be
    /// wasted work); `None` = built at each bind.
    pub tls: Option<Arc<rustls::ClientConfig>>,
}

/// Why the directory gave no answer.
#[derive(Debug, thiserror::Error)]
pub enum LdapError {
    #[error("cấu hình LDAP không hợp lệ / invalid LDAP settings: {0}")]
    Config(String),
    #[error("không kết nối được thư mục LDAP / cannot reach the LDAP directory: {0}")]
    Unreachable(String),
}

impl LdapSettings {
    /// Refuses settings that would send passwords in the clear (Điều 12.4) or
    /// cannot name a user.
    pub fn validate(&self) -> Result<(), LdapError> {
        if !self.user_dn.contains("{user}") {
            return Err(LdapError::Config(format!(
                "--ldap-user-dn \"{}\" phải chứa {{user}} / must contain {{user}}",
                self.user_dn
            )));
        }
        let (scheme, rest) = self.url.split_once("://").ok_or_else(|| {
            LdapError::Config(format!(
                "--ldap-url \"{}\": cần ldap:// hoặc ldaps:// / needs ldap:// or ldaps://",
                self.url
            ))
        })?;
        match scheme {
            "ldaps" => Ok(()),
            "ldap" if self.starttls || host_is_loopback(rest) => Ok(()),
            "ldap" => Err(LdapError::Config(format!(
                "{}: mật khẩu không được gửi không mã hóa tới máy khác (Điều 12.4) — dùng ldaps:// hoặc --ldap-starttls / passwords must not cross the network unencrypted (Điều 12.4): use ldaps:// or --ldap-starttls",
                self.url
            ))),
            other => Err(LdapError::Config(format!("--ldap-url: giao thức \"{other}\" / unsupported scheme \"{other}\""))),
        }
    }

    /// The bind DN of `username`.
    #[must_use]
    pub fn dn_of(&self, username: &str) -> String {
        self.user_dn.replace("{user}", &escape_dn_value(username))
    }

    /// Validates the settings and builds the TLS configuration once, so
    /// that a bad `--ldap-ca` stops `serve` at start, not the first login.
    pub fn prepare(mut self) -> Result<LdapSettings, LdapError> {
        self.validate()?;
        if self.uses_tls() {
            self.tls = Some(self.build_tls()?);
        }
        Ok(self)
    }

    fn uses_tls(&self) -> bool {
        self.starttls || self.url.starts_with("ldaps://")
    }

    fn build_tls(&self) -> Result<Arc<rustls::ClientConfig>, LdapError> {
        use rustls::pki_types::pem::PemObject;
        use rustls::pki_types::CertificateDer;
        let mut roots = rustls::RootCertStore::empty();
        match &self.ca_file {
            Some(path) => {
                let certs = CertificateDer::pem_file_iter(path)
                    .map_err(|e| LdapError::Config(format!("--ldap-ca {}: {e}", path.display())))?;
                for c in certs {
                    let c = c.map_err(|e| LdapError::Config(format!("--ldap-ca {}: {e}", path.display())))?;
                    roots.add(c).map_err(|e| LdapError::Config(format!("--ldap-ca {}: {e}", path.display())))?;
                }
            }
            None => {
                for c in rustls_native_certs::load_native_certs().certs {
                    let _ = roots.add(c);
                }
            }
        }
        let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .map_err(|e| LdapError::Config(e.to_string()))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(Arc::new(config))
    }
}

/// Whether `host[:port][/…]` names this machine.
fn host_is_loopback(rest: &str) -> bool {
    let authority = rest.split('/').next().unwrap_or(rest);
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next().unwrap_or(v6)
    } else {
        authority.rsplit_once(':').map_or(authority, |(h, _)| h)
    };
    host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// RFC 4514 §2.4: escapes an attribute value placed in a DN, so that a user
/// name can never change the DN's structure.
#[must_use]
pub fn escape_dn_value(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let last = v.chars().count().saturating_sub(1);
    for (i, c) in v.chars().enumerate() {
        match c {
            '"' | '+' | ',' | ';' | '<' | '>' | '\\' | '=' => {
                out.push('\\');
                out.push(c);
            }
            '#' | ' ' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            ' ' if i == last => out.push_str("\\ "),
            '\0' => out.push_str("\\00"),
            _ => out.push(c),
        }
    }
    out
}

/// Binds as `username` with `password`: `Ok(true)` when the directory
/// accepts, `Ok(false)` when it refuses the credentials, `Err` when it
/// cannot be asked.
pub async fn bind(settings: &LdapSettings, username: &str, password: &str) -> Result<bool, LdapError> {
    // RFC 4513 §5.1.2: a simple bind with an empty password is an
    // "unauthenticated" bind that many servers accept. Never a login.
    if password.is_empty() {
        return Ok(false);
    }
    let mut conn = ldap3::LdapConnSettings::new().set_conn_timeout(settings.timeout).set_starttls(settings.starttls);
    if settings.uses_tls() {
        let tls = match &settings.tls {
            Some(tls) => Arc::clone(tls),
            None => settings.build_tls()?,
        };
        conn = conn.set_config(tls);
    }
    let (driver, mut ldap) = ldap3::LdapConnAsync::with_settings(conn, &settings.url)
        .await
        .map_err(|e| LdapError::Unreachable(format!("{}: {e}", settings.url)))?;
    ldap3::drive!(driver);
    ldap.with_timeout(settings.timeout);
    let result = ldap
        .simple_bind(&settings.dn_of(username), password)
        .await
        .map_err(|e| LdapError::Unreachable(format!("{}: {e}", settings.url)))?;
    let _ = ldap.unbind().await;
    match result.rc {
        0 => Ok(true),
        INVALID_CREDENTIALS => Ok(false),
        rc => Err(LdapError::Unreachable(format!("{}: bind result {rc} {}", settings.url, result.text))),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn settings(url: &str, starttls: bool) -> LdapSettings {
        LdapSettings {
            url: url.into(),
            user_dn: "uid={user},ou=people,dc=haiquan,dc=vn".into(),
            starttls,
            ca_file: None,
            timeout: Duration::from_secs(5),
            tls: None,
        }
    }

    #[test]
    fn dieu_12_4_plain_ldap_is_only_allowed_to_this_host() {
        assert!(settings("ldap://127.0.0.1:389", false).validate().is_ok());
        assert!(settings("ldap://localhost", false).validate().is_ok());
        assert!(settings("ldap://[::1]:389", false).validate().is_ok());
        assert!(settings("ldap://dc01.haiquan.vn", false).validate().is_err());
        assert!(settings("ldap://10.0.0.5:389", false).validate().is_err());
        assert!(settings("ldap://dc01.haiquan.vn", true).validate().is_ok());
        assert!(settings("ldaps://dc01.haiquan.vn", false).validate().is_ok());
        assert!(settings("http://dc01", false).validate().is_err());
        let mut s = settings("ldaps://dc01", false);
        s.user_dn = "ou=people".into();
        assert!(s.validate().is_err());
    }

    #[test]
    fn a_bad_ca_file_is_refused_when_serve_starts_not_at_the_first_login() {
        let mut s = settings("ldaps://dc01.haiquan.vn", false);
        s.ca_file = Some("/nonexistent/ca.pem".into());
        assert!(matches!(s.prepare(), Err(LdapError::Config(m)) if m.contains("/nonexistent/ca.pem")));
        // Plain loopback needs no TLS configuration at all.
        assert!(settings("ldap://127.0.0.1:389", false).prepare().unwrap().tls.is_none());
    }

    #[test]
    fn user_names_cannot_change_the_structure_of_the_bind_dn() {
        let s = settings("ldap://127.0.0.1", false);
        assert_eq!(s.dn_of("an.nv"), "uid=an.nv,ou=people,dc=haiquan,dc=vn");
        assert_eq!(s.dn_of("x,ou=admins"), "uid=x\\,ou\\=admins,ou=people,dc=haiquan,dc=vn");
        assert_eq!(escape_dn_value("#a b "), "\\#a b\\ ");
        assert_eq!(escape_dn_value("a+b\"<>;\\"), "a\\+b\\\"\\<\\>\\;\\\\");
    }
}
