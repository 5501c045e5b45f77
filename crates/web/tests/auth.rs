//! Authentication (Điều 12.2): argon2id passwords, TOTP for admin and
//! security officers, lockout after consecutive failures, idle and absolute
//! session timeouts, no automatic login, cookie flags, security headers,
//! API tokens, and the separation of the two listeners (Điều 12.3).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use axum::http::{header, Method, StatusCode};
use common::*;
use tuanthu_web::Settings;

#[tokio::test]
async fn dieu_12_2_login_sets_a_secure_httponly_samesite_session_cookie_without_expiry() {
    let app = app();
    let r = login_api(&app, "u-operator-a", PASSWORD).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let cookie = r.headers.get(header::SET_COOKIE).unwrap().to_str().unwrap();
    assert!(cookie.starts_with("__Host-tuanthu="), "{cookie}");
    for flag in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(flag), "{flag} missing in {cookie}");
    }
    // No "remember me": the cookie dies with the browser session.
    assert!(!cookie.contains("Max-Age") && !cookie.contains("Expires"), "{cookie}");
    let s = session_of(&r);
    let me = send(&app.service, get("/api/v1/session", Some(&s))).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["username"], "u-operator-a");
}

#[tokio::test]
async fn dieu_12_2_bad_credentials_are_401_with_problem_details() {
    let app = app();
    let r = login_api(&app, "u-operator-a", "Sai#Mat-khau1").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.headers.get(header::CONTENT_TYPE).unwrap(), "application/problem+json");
    assert_eq!(r.json()["status"], 401);
    let r = login_api(&app, "nobody", PASSWORD).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let anon = send(&app.service, get("/api/v1/findings", None)).await;
    assert_eq!(anon.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn dieu_12_2_five_consecutive_failures_lock_the_user_with_423_even_for_the_right_password() {
    let app = app();
    for i in 0..5 {
        let r = login_api(&app, "u-leader-a", "Sai#Mat-khau1").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let r = login_api(&app, "u-leader-a", PASSWORD).await;
    assert_eq!(r.status, StatusCode::LOCKED, "{}", r.body);
    assert!(r.headers.contains_key(header::RETRY_AFTER));
    // Other users are not affected.
    assert_eq!(login_api(&app, "u-leader-b", PASSWORD).await.status, StatusCode::OK);
    // The audit log has the failures and the lockout.
    let admin = login(&app, "u-admin-all").await;
    let a = send(&app.service, get("/api/v1/audit?actor=u-leader-a", Some(&admin))).await.json();
    let actions: Vec<&str> = a.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions.iter().filter(|x| **x == "login_failed").count(), 5, "{actions:?}");
    assert!(actions.contains(&"lockout") && actions.contains(&"login_locked"), "{actions:?}");
}

#[tokio::test]
async fn dieu_12_2_a_success_resets_the_failure_count_and_lockout_settings_are_configurable() {
    let settings = Settings { lockout_threshold: 3, lockout_duration: Duration::from_secs(1), ..Settings::default() };
    let app = app_with(sqlite(), settings);
    for _ in 0..2 {
        assert_eq!(login_api(&app, "u-leader-a", "Sai#Mat-khau1").await.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(login_api(&app, "u-leader-a", PASSWORD).await.status, StatusCode::OK);
    for _ in 0..3 {
        assert_eq!(login_api(&app, "u-leader-a", "Sai#Mat-khau1").await.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(login_api(&app, "u-leader-a", PASSWORD).await.status, StatusCode::LOCKED);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(login_api(&app, "u-leader-a", PASSWORD).await.status, StatusCode::OK);
}

#[tokio::test]
async fn dieu_12_2_admin_and_security_officer_need_a_totp_code_which_cannot_be_replayed() {
    let app = app();
    for name in ["u-admin-all", "u-securityofficer-a"] {
        let secret = app.users[name].totp.clone().expect("MFA roles get a TOTP secret");
        let no_code = serde_json::json!({"username": name, "password": PASSWORD});
        let req = axum::http::Request::builder()
            .method(Method::POST)
            .uri("/api/v1/session")
            .header(header::CONTENT_TYPE, "application/json")
            .body(axum::body::Body::from(no_code.to_string()))
            .unwrap();
        assert_eq!(send(&app.service, req).await.status, StatusCode::UNAUTHORIZED, "{name} without TOTP");
        let code = totp_now(&secret);
        let body = serde_json::json!({"username": name, "password": PASSWORD, "totp": code});
        let mk = || {
            axum::http::Request::builder()
                .method(Method::POST)
                .uri("/api/v1/session")
                .header(header::CONTENT_TYPE, "application/json")
                .body(axum::body::Body::from(body.to_string()))
                .unwrap()
        };
        assert_eq!(send(&app.service, mk()).await.status, StatusCode::OK, "{name} with TOTP");
        assert_eq!(send(&app.service, mk()).await.status, StatusCode::UNAUTHORIZED, "{name}: replayed code");
    }
    assert!(app.users["u-operator-a"].totp.is_none(), "operators do not need TOTP");
}

#[tokio::test]
async fn dieu_12_2_idle_timeout_ends_the_session() {
    let settings = Settings { idle_timeout: Duration::from_secs(1), ..Settings::default() };
    let app = app_with(sqlite(), settings);
    let s = login(&app, "u-operator-a").await;
    assert_eq!(send(&app.service, get("/api/v1/session", Some(&s))).await.status, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(send(&app.service, get("/api/v1/session", Some(&s))).await.status, StatusCode::UNAUTHORIZED);
    // The console sends the browser to the login page.
    let page = send(&app.service, get("/findings", Some(&s))).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.headers.get(header::LOCATION).unwrap(), "/login");
}

#[tokio::test]
async fn dieu_12_2_absolute_timeout_ends_an_active_session() {
    let settings = Settings { absolute_timeout: Duration::from_secs(2), ..Settings::default() };
    let app = app_with(sqlite(), settings);
    let s = login(&app, "u-operator-a").await;
    for _ in 0..4 {
        assert_eq!(send(&app.service, get("/api/v1/session", Some(&s))).await.status, StatusCode::OK);
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(send(&app.service, get("/api/v1/session", Some(&s))).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn logout_ends_the_session() {
    let app = app();
    let s = login(&app, "u-operator-a").await;
    let r =
        send(&app.service, send_with(Method::DELETE, "/api/v1/session", &s, Some(&s.csrf), "application/json", vec![]))
            .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(send(&app.service, get("/api/v1/session", Some(&s))).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn api_tokens_are_scoped_like_the_user_and_revocable() {
    let app = app();
    let (id, token) = {
        let mut store = tuanthu_store::Store::open(&app.db.url).unwrap();
        tuanthu_web::users::create_token(&mut store, Some("test"), "u-operator-a", "ci", false, None).unwrap()
    };
    let r = send(&app.service, bearer("/api/v1/systems", &token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("SYS-A") && !r.body.contains("SYS-B"), "{}", r.body);
    // Only the digest is stored.
    let mut store = tuanthu_store::Store::open(&app.db.url).unwrap();
    assert!(store.web().token_by_hash(&token).unwrap().is_none());
    store.web().revoke_token(id, chrono::Utc::now()).unwrap();
    assert_eq!(send(&app.service, bearer("/api/v1/systems", &token)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(send(&app.service, bearer("/api/v1/systems", "tt_forged")).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn dieu_11_3_a_every_password_set_goes_through_pwd_check() {
    let app = app();
    let pack = tuanthu_core::RulePack::builtin().unwrap();
    let mut store = tuanthu_store::Store::open(&app.db.url).unwrap();
    let g = tuanthu_web::users::grants(&["leader".into()], None).unwrap();
    for weak in ["short1!", "alllowercase", "Password123", "u-new-Abc#123"] {
        let e = tuanthu_web::users::add_user(&mut store, &pack, None, "u-new", weak, &g, None);
        assert!(matches!(e, Err(tuanthu_web::users::UserError::WeakPassword(_))), "{weak} accepted");
    }
    let e = tuanthu_web::users::set_password(&mut store, &pack, None, "u-leader-a", "12345678", None);
    assert!(matches!(e, Err(tuanthu_web::users::UserError::WeakPassword(_))));
    // The API refuses a weak new password too.
    let s = login(&app, "u-leader-b").await;
    let body = serde_json::json!({"current_password": PASSWORD, "new_password": "matkhau123"}).to_string();
    let r = send(
        &app.service,
        send_with(Method::POST, "/api/v1/password", &s, Some(&s.csrf), "application/json", body.into_bytes()),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    // Hashes are argon2id.
    let u = store.web().user_by_name("u-leader-a").unwrap().unwrap();
    assert!(u.password_hash.starts_with("$argon2id$"));
}

#[tokio::test]
async fn dieu_12_3_admin_routes_exist_only_on_the_admin_listener() {
    let app = app();
    for path in ["/admin/", "/admin/users", "/admin/login", "/admin/users/u-admin-all", "/admin/anything"] {
        let r = send(&app.service, get(path, None)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "service listener answered {path}");
    }
    let admin = login(&app, "u-admin-all").await;
    assert_eq!(send(&app.service, get("/admin/users", Some(&admin))).await.status, StatusCode::NOT_FOUND);
    // And the admin listener serves nothing else.
    for path in ["/", "/findings", "/api/v1/findings", "/api/v1/openapi.json", "/login"] {
        assert_eq!(
            send(&app.admin, get(path, None)).await.status,
            StatusCode::NOT_FOUND,
            "admin listener answered {path}"
        );
    }
    assert_eq!(send(&app.admin, get("/admin/users", None)).await.status, StatusCode::SEE_OTHER);
    // A service-listener session is not valid on the admin listener.
    let cookie = admin.cookie.replace("__Host-tuanthu=", "__Host-tuanthu-admin=");
    let forged = Session { cookie, csrf: admin.csrf.clone() };
    assert_eq!(send(&app.admin, get("/admin/users", Some(&forged))).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn security_headers_forbid_inline_script_and_framing() {
    let app = app();
    let r = send(&app.service, get("/login", None)).await;
    let csp = r.headers.get("content-security-policy").unwrap().to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline") && csp.contains("frame-ancestors 'none'")
    );
    assert_eq!(r.headers.get("x-content-type-options").unwrap(), "nosniff");
    assert!(!r.headers.contains_key("strict-transport-security"), "no HSTS on plain loopback HTTP");
    assert!(!r.body.contains("<script>") && !r.body.contains("style="), "inline script or style in the login page");
    // HSTS on TLS listeners.
    let tls = app.state.for_realm(tuanthu_web::Realm::Service, true);
    let r = send(&tuanthu_web::service_router(&tls), get("/login", None)).await;
    assert!(r.headers.get("strict-transport-security").unwrap().to_str().unwrap().contains("max-age="));
}

#[tokio::test]
async fn dieu_12_4_plain_http_is_refused_on_non_loopback_addresses() {
    let mk = |listen: &str| tuanthu_web::ServeOptions {
        db_url: "sqlite::memory:".into(),
        pack: tuanthu_core::RulePack::builtin().unwrap(),
        listen: listen.parse().unwrap(),
        admin_listen: "127.0.0.1:0".parse().unwrap(),
        tls_cert: None,
        tls_key: None,
        settings: Settings::default(),
        audit_log: None,
    };
    assert!(tuanthu_web::check_tls_policy(&mk("127.0.0.1:0")).is_ok());
    assert!(tuanthu_web::check_tls_policy(&mk("0.0.0.0:8080")).is_err());
    assert!(tuanthu_web::check_tls_policy(&mk("192.0.2.10:8080")).is_err());
}

#[tokio::test]
async fn dieu_12_4_tls_listener_serves_https_with_a_self_signed_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = (dir.path().join("c.pem"), dir.path().join("k.pem"));
    tuanthu_web::self_signed(&["localhost".into(), "127.0.0.1".into()], &cert, &key).unwrap();
    let config = tuanthu_web::tls_config(&cert, &key).unwrap();
    let app = app();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(tuanthu_web::run_listener(listener, app.service.clone(), Some(config)));
    // A TLS client that trusts the self-signed certificate.
    let mut roots = rustls::RootCertStore::empty();
    use rustls::pki_types::pem::PemObject;
    for c in rustls::pki_types::CertificateDer::pem_file_iter(&cert).unwrap() {
        roots.add(c.unwrap()).unwrap();
    }
    let client =
        rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(std::sync::Arc::new(client));
    let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    let mut tls = connector.connect(name, tcp).await.unwrap();
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    tls.write_all(b"GET /login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut out = Vec::new();
    let _ = tls.read_to_end(&mut out).await;
    let text = String::from_utf8_lossy(&out);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    // Plain HTTP to the TLS port gets no page.
    let mut plain = tokio::net::TcpStream::connect(addr).await.unwrap();
    plain.write_all(b"GET /login HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
    let mut buf = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), plain.read_to_end(&mut buf)).await;
    assert!(!String::from_utf8_lossy(&buf).contains("200 OK"));
}

#[tokio::test]
async fn the_console_login_form_signs_in_with_its_double_submit_token() {
    let app = app();
    let form = send(&app.service, get("/login", None)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Đăng nhập"), "Vietnamese by default");
    let pre_cookie =
        form.headers.get(header::SET_COOKIE).unwrap().to_str().unwrap().split(';').next().unwrap().to_string();
    let pre = pre_cookie.split_once('=').unwrap().1.to_string();
    let body =
        format!("username=u-operator-a&password={}&totp=&_pre={pre}", tuanthu_web::crypto::form_encode(PASSWORD));
    let post = |cookie: &str, body: String| {
        axum::http::Request::builder()
            .method(Method::POST)
            .uri("/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, cookie)
            .body(axum::body::Body::from(body))
            .unwrap()
    };
    // Without the matching cookie (a cross-site login attempt): refused.
    assert_eq!(send(&app.service, post("__Host-tuanthu-pre=other", body.clone())).await.status, StatusCode::FORBIDDEN);
    let r = send(&app.service, post(&pre_cookie, body)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let session = r
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("__Host-tuanthu="))
        .unwrap();
    let s = Session { cookie: session.split(';').next().unwrap().to_string(), csrf: String::new() };
    let home = send(&app.service, get("/", Some(&s))).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("Tổng quan tuân thủ"), "{}", &home.body[..200.min(home.body.len())]);
}

#[tokio::test]
async fn postgres_login_lockout_and_sessions() {
    let Some(db) = postgres("weblogin") else { return };
    let app = app_with(db, Settings::default());
    let s = login(&app, "u-admin-all").await;
    assert_eq!(send(&app.service, get("/api/v1/findings", Some(&s))).await.status, StatusCode::OK);
    for _ in 0..5 {
        assert_eq!(login_api(&app, "u-auditor-a", "Sai#Mat-khau1").await.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(login_api(&app, "u-auditor-a", PASSWORD).await.status, StatusCode::LOCKED);
}

/// A real OpenLDAP `slapd` on loopback ports (plain and ldaps), with one
/// person whose password only the directory knows.
struct Slapd {
    child: std::process::Child,
    _dir: tempfile::TempDir,
    plain_url: String,
    tls_url: String,
    ca: std::path::PathBuf,
}

impl Drop for Slapd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const LDAP_SUFFIX: &str = "dc=haiquan,dc=test";
const LDAP_PASSWORD: &str = "Thu-muc#2026";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Starts slapd, or `None` only when `TUANTHU_SKIP_LDAP` is set (the
/// machine has no OpenLDAP): a missing slapd otherwise fails the test.
fn slapd() -> Option<Slapd> {
    if std::env::var_os("TUANTHU_SKIP_LDAP").is_some() {
        return None;
    }
    let slapd = ["/usr/sbin/slapd", "/usr/local/sbin/slapd"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .unwrap_or_else(|| panic!("OpenLDAP slapd required (apt-get install slapd) or TUANTHU_SKIP_LDAP=1"));
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("db")).unwrap();
    let (cert, key) = (d.join("cert.pem"), d.join("key.pem"));
    tuanthu_web::self_signed(&["localhost".into(), "127.0.0.1".into()], &cert, &key).unwrap();
    let conf = format!(
        "include /etc/ldap/schema/core.schema\ninclude /etc/ldap/schema/cosine.schema\ninclude /etc/ldap/schema/inetorgperson.schema\n\
         modulepath /usr/lib/ldap\nmoduleload back_mdb\npidfile {dir}/slapd.pid\n\
         TLSCertificateFile {cert}\nTLSCertificateKeyFile {key}\n\
         database mdb\nmaxsize 10485760\nsuffix \"{LDAP_SUFFIX}\"\nrootdn \"cn=admin,{LDAP_SUFFIX}\"\nrootpw admin-secret\ndirectory {dir}/db\n",
        dir = d.display(),
        cert = cert.display(),
        key = key.display()
    );
    std::fs::write(d.join("slapd.conf"), conf).unwrap();
    let ldif = format!(
        "dn: {LDAP_SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: haiquan\no: Hai quan\n\n\
         dn: ou=people,{LDAP_SUFFIX}\nobjectClass: organizationalUnit\nou: people\n\n\
         dn: uid=an.nv,ou=people,{LDAP_SUFFIX}\nobjectClass: inetOrgPerson\nuid: an.nv\ncn: Nguyen Van An\nsn: Nguyen\nuserPassword: {LDAP_PASSWORD}\n\n\
         dn: uid=binh.tt,ou=people,{LDAP_SUFFIX}\nobjectClass: inetOrgPerson\nuid: binh.tt\ncn: Tran Thi Binh\nsn: Tran\nuserPassword: {LDAP_PASSWORD}\n"
    );
    std::fs::write(d.join("data.ldif"), ldif).unwrap();
    let slapadd = std::path::Path::new(slapd).with_file_name("slapadd");
    let out = std::process::Command::new(slapadd)
        .args(["-f", d.join("slapd.conf").to_str().unwrap(), "-l", d.join("data.ldif").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "slapadd: {}", String::from_utf8_lossy(&out.stderr));
    let (plain, tls) = (free_port(), free_port());
    let child = std::process::Command::new(slapd)
        .args(["-f", d.join("slapd.conf").to_str().unwrap(), "-d", "0"])
        .arg("-h")
        .arg(format!("ldap://127.0.0.1:{plain}/ ldaps://127.0.0.1:{tls}/"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let s = Slapd {
        child,
        plain_url: format!("ldap://127.0.0.1:{plain}"),
        tls_url: format!("ldaps://127.0.0.1:{tls}"),
        ca: cert,
        _dir: dir,
    };
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", plain)).is_ok()
            && std::net::TcpStream::connect(("127.0.0.1", tls)).is_ok()
        {
            return Some(s);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("slapd did not start");
}

fn ldap_settings(url: &str, ca: Option<&std::path::Path>) -> Settings {
    Settings {
        ldap: Some(
            tuanthu_web::ldap::LdapSettings {
                url: url.to_string(),
                user_dn: format!("uid={{user}},ou=people,{LDAP_SUFFIX}"),
                starttls: false,
                ca_file: ca.map(std::path::Path::to_path_buf),
                timeout: Duration::from_secs(5),
                tls: None,
            }
            .prepare()
            .unwrap(),
        ),
        ..Settings::default()
    }
}

async fn login_with(app: &App, name: &str, password: &str, totp: Option<String>) -> Resp {
    let body = serde_json::json!({"username": name, "password": password, "totp": totp});
    let req = axum::http::Request::builder()
        .method(Method::POST)
        .uri("/api/v1/session")
        .header(header::CONTENT_TYPE, "application/json")
        .body(axum::body::Body::from(body.to_string()))
        .unwrap();
    send(&app.service, req).await
}

/// Điều 12.2 with the organisation's directory: an `--ldap` user's password
/// is checked by a bind to a real OpenLDAP server (plain on loopback, and
/// ldaps with the CA given), never by a local hash; a wrong password counts
/// towards the lockout; an empty password (an unauthenticated bind, which
/// slapd accepts) is refused; TOTP is still required for a security officer;
/// the directory's user cannot have a local password set.
#[tokio::test]
async fn dieu_12_2_ldap_bind_login_against_a_real_slapd() {
    let Some(dir) = slapd() else { return };
    for (url, ca) in [(dir.plain_url.clone(), None), (dir.tls_url.clone(), Some(dir.ca.clone()))] {
        let app = app_with(sqlite(), ldap_settings(&url, ca.as_deref()));
        let (officer_totp, pack) = with_store(&app.db.url, |s| {
            let op = tuanthu_web::users::grants(&["operator".into()], Some("KVA")).unwrap();
            tuanthu_web::users::add_directory_user(s, Some("test"), "an.nv", &op, None).unwrap();
            let so = tuanthu_web::users::grants(&["security_officer".into()], Some("KVB")).unwrap();
            let c = tuanthu_web::users::add_directory_user(s, Some("test"), "binh.tt", &so, None).unwrap();
            (c.totp_secret.unwrap(), tuanthu_core::RulePack::builtin().unwrap())
        });
        let r = login_with(&app, "an.nv", LDAP_PASSWORD, None).await;
        assert_eq!(r.status, StatusCode::OK, "{url}: {}", r.body);
        // The directory's grants are not the console's: the operator sees unit A only.
        let s = session_of(&r);
        let systems = send(&app.service, get("/api/v1/systems", Some(&s))).await;
        assert!(systems.body.contains("SYS-A") && !systems.body.contains("SYS-B"), "{}", systems.body);
        assert_eq!(login_with(&app, "an.nv", "", None).await.status, StatusCode::UNAUTHORIZED, "{url}: empty password");
        assert_eq!(login_with(&app, "an.nv", "!ldap", None).await.status, StatusCode::UNAUTHORIZED);
        // A security officer still needs the second factor.
        let r = login_with(&app, "binh.tt", LDAP_PASSWORD, None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
        let r = login_with(&app, "binh.tt", LDAP_PASSWORD, Some(totp_now(&officer_totp))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        // Wrong directory passwords lock the user like local ones.
        // (the empty and "!ldap" attempts above were the first two failures)
        for _ in 0..3 {
            assert_eq!(login_with(&app, "an.nv", "Sai#Mat-khau1", None).await.status, StatusCode::UNAUTHORIZED);
        }
        assert_eq!(login_with(&app, "an.nv", LDAP_PASSWORD, None).await.status, StatusCode::LOCKED);
        // Passwords of directory users are changed in the directory.
        let err = with_store(&app.db.url, move |s| {
            tuanthu_web::users::set_password(s, &pack, Some("test"), "binh.tt", "Mat-khau#Moi-2026", None).unwrap_err()
        });
        assert!(err.to_string().contains("LDAP"), "{err}");
    }
    // A directory that cannot be reached refuses the login without counting it.
    let app = app_with(sqlite(), ldap_settings(&format!("ldap://127.0.0.1:{}", free_port()), None));
    with_store(&app.db.url, |s| {
        let op = tuanthu_web::users::grants(&["operator".into()], Some("KVA")).unwrap();
        tuanthu_web::users::add_directory_user(s, Some("test"), "an.nv", &op, None).unwrap();
    });
    for _ in 0..6 {
        assert_eq!(login_with(&app, "an.nv", LDAP_PASSWORD, None).await.status, StatusCode::UNAUTHORIZED);
    }
    let admin = login(&app, "u-admin-all").await;
    let a = send(&app.service, get("/api/v1/audit?actor=an.nv", Some(&admin))).await.json();
    let details: Vec<String> = a.as_array().unwrap().iter().map(|e| e["detail"].to_string()).collect();
    assert!(details.iter().all(|d| d.contains("LDAP")), "{details:?}");
    assert!(!a.as_array().unwrap().iter().any(|e| e["action"] == "lockout"), "{a}");
}
