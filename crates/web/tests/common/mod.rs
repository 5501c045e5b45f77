//! Test harness: a database with a two-branch organisation, users of every
//! role on each branch and on the whole organisation, and the two routers
//! driven in-process (`tower::ServiceExt::oneshot`).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use tower::ServiceExt;
use tuanthu_core::RulePack;
use tuanthu_store::scratch::ScratchPg;
use tuanthu_store::{ImportMode, ImportTable, Store};
use tuanthu_web::{AppState, Realm, Settings};

pub const PASSWORD: &str = "Kiểm#Tra-2024!";

pub const UNITS: &str = "code,name,parent_code,roles\nCHQ,Cục Hải quan,,owner\nKVA,Chi cục Hải quan khu vực A,CHQ,owner;security_unit;operator\nKVA-P1,Phòng nghiệp vụ khu vực A,KVA,\nKVB,Chi cục Hải quan khu vực B,CHQ,owner;security_unit;operator\n";
pub const SYSTEMS: &str = "system_id,name,owner_unit,operator_unit,security_unit,level,level_status,level_approved_by,level_approved_on,in_operation,in_operation_since,internet_facing,third_party_connected\nSYS-A,Hệ thống khu vực A,KVA,KVA,KVA,2,proposed,,,yes,2022-06-01,no,no\nSYS-B,Hệ thống khu vực B,KVB,KVB,KVB,2,proposed,,,yes,2022-06-01,no,no\n";
pub const PERSONS: &str = "person_id,full_name,unit_code,position,email,status\nPA1,Nguyễn Văn An,KVA-P1,Công chức,an@example.vn,active\nPB1,Trần Thị Bình,KVB,Công chức,binh@example.vn,active\n";
pub const ACCOUNTS: &str = "system_id,username,kind,shared,person_id,responsible_person_ids,status,created_on,disabled_on,rights_changed_on,last_login_at,password_changed_at,privileges\nSYS-A,an.nv,user,no,PA1,,active,2020-01-01,,,2020-06-01 08:00,2020-01-01 08:00,\nSYS-B,binh.tt,user,no,PB1,,active,2020-01-01,,,2020-06-01 08:00,2020-01-01 08:00,\n";

/// Strings that identify each branch's evidence in any response.
pub const MARK_A: &[&str] = &["SYS-A", "PA1", "an.nv", "KVA"];
pub const MARK_B: &[&str] = &["SYS-B", "PB1", "binh.tt", "KVB"];

pub struct TestDb {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    _pg: Option<ScratchPg>,
}

pub fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("web.db").display());
    TestDb { url, _dir: Some(dir), _pg: None }
}

pub fn postgres(label: &str) -> Option<TestDb> {
    if std::env::var_os("TUANTHU_SKIP_PG").is_some() {
        return None;
    }
    let label = label.to_string();
    // The synchronous PostgreSQL client must not run on the async test runtime.
    let pg = std::thread::spawn(move || ScratchPg::create(&label))
        .join()
        .unwrap()
        .unwrap_or_else(|e| panic!("PostgreSQL required (or TUANTHU_SKIP_PG=1): {e}"));
    Some(TestDb { url: pg.url().to_string(), _dir: None, _pg: Some(pg) })
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(pg) = self._pg.take() {
            let _ = std::thread::spawn(move || drop(pg)).join();
        }
    }
}

pub fn import_fixture(store: &mut Store) {
    use tuanthu_core::evidence::schema::kind_by_name;
    let files = [("units", UNITS), ("persons", PERSONS), ("systems", SYSTEMS), ("accounts", ACCOUNTS)];
    let tables: Vec<tuanthu_ingest::Table> = files
        .iter()
        .map(|(k, text)| {
            tuanthu_ingest::parse_file(kind_by_name(k).unwrap(), &format!("{k}.csv"), text.as_bytes()).unwrap()
        })
        .collect();
    let import: Vec<ImportTable<'_>> =
        tables.iter().map(|t| ImportTable { kind: t.kind, source: &t.file, rows: &t.rows, scope: None }).collect();
    store.import(&import, ImportMode::Replace, &mut |_| {}).unwrap();
}

pub struct User {
    pub name: String,
    pub role: &'static str,
    pub unit: Option<&'static str>,
    pub totp: Option<String>,
}

pub struct App {
    pub db: TestDb,
    pub state: AppState,
    pub service: Router,
    pub admin: Router,
    pub users: HashMap<String, User>,
}

pub const ROLES: [&str; 6] = ["admin", "security_officer", "system_owner", "operator", "leader", "auditor"];
/// (suffix, unit) of the grants each role gets.
pub const SCOPES: [(&str, Option<&str>); 3] = [("a", Some("KVA")), ("b", Some("KVB")), ("all", None)];

pub fn user_name(role: &str, scope: &str) -> String {
    format!("u-{}-{scope}", role.replace('_', ""))
}

pub fn app_with(db: TestDb, settings: Settings) -> App {
    // The synchronous PostgreSQL client must not run on the async test runtime.
    let url = db.url.clone();
    let (users, base) = std::thread::spawn(move || {
        let pack = RulePack::builtin().unwrap();
        let mut store = Store::open(&url).unwrap();
        import_fixture(&mut store);
        let mut users = HashMap::new();
        for role in ROLES {
            for (suffix, unit) in SCOPES {
                let name = user_name(role, suffix);
                let grants = tuanthu_web::users::grants(&[role.to_string()], unit).unwrap();
                let c = tuanthu_web::users::add_user(&mut store, &pack, Some("test"), &name, PASSWORD, &grants, None)
                    .unwrap();
                users.insert(name.clone(), User { name, role, unit, totp: c.totp_secret });
            }
        }
        drop(store);
        (users, AppState::new(&url, pack, settings).unwrap())
    })
    .join()
    .unwrap();
    let s = base.for_realm(Realm::Service, false);
    let a = base.for_realm(Realm::Admin, false);
    App { service: tuanthu_web::service_router(&s), admin: tuanthu_web::admin_router(&a), state: s, db, users }
}

/// Runs store work off the async runtime.
pub fn with_store<T: Send + 'static>(url: &str, f: impl FnOnce(&mut Store) -> T + Send + 'static) -> T {
    let url = url.to_string();
    std::thread::spawn(move || f(&mut Store::open(&url).unwrap())).join().unwrap()
}

pub fn app() -> App {
    app_with(sqlite(), Settings::default())
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Resp {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

pub async fn send(router: &Router, req: Request<Body>) -> Resp {
    let resp = router.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = axum::body::to_bytes(resp.into_body(), 64 << 20).await.unwrap();
    Resp { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
}

/// Credentials of a signed-in session.
#[derive(Clone, Debug)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

pub fn totp_now(secret: &str) -> String {
    tuanthu_web::crypto::totp_at(secret, chrono::Utc::now().timestamp()).unwrap()
}

pub async fn login_api(app: &App, name: &str, password: &str) -> Resp {
    let totp = app.users.get(name).and_then(|u| u.totp.as_deref()).map(totp_now);
    let body = serde_json::json!({"username": name, "password": password, "totp": totp});
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/session")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    send(&app.service, req).await
}

pub fn session_of(r: &Resp) -> Session {
    assert_eq!(r.status, StatusCode::OK, "login failed: {}", r.body);
    let set = r.headers.get(header::SET_COOKIE).unwrap().to_str().unwrap();
    let cookie = set.split(';').next().unwrap().to_string();
    Session { cookie, csrf: r.json()["csrf_token"].as_str().unwrap().to_string() }
}

pub async fn login(app: &App, name: &str) -> Session {
    session_of(&login_api(app, name, PASSWORD).await)
}

pub fn get(uri: &str, s: Option<&Session>) -> Request<Body> {
    let mut b = Request::builder().method(Method::GET).uri(uri);
    if let Some(s) = s {
        b = b.header(header::COOKIE, &s.cookie);
    }
    b.body(Body::empty()).unwrap()
}

pub fn bearer(uri: &str, token: &str) -> Request<Body> {
    Request::builder().uri(uri).header(header::AUTHORIZATION, format!("Bearer {token}")).body(Body::empty()).unwrap()
}

/// A state-changing request with a cookie, and the CSRF token in the header if given.
pub fn send_with(
    method: Method,
    uri: &str,
    s: &Session,
    csrf: Option<&str>,
    ctype: &str,
    body: Vec<u8>,
) -> Request<Body> {
    let mut b = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::COOKIE, &s.cookie)
        .header(header::CONTENT_TYPE, ctype);
    if let Some(c) = csrf {
        b = b.header("x-csrf-token", c);
    }
    b.body(Body::from(body)).unwrap()
}

pub fn multipart(files: &[(&str, &str)], kind: Option<&str>) -> (String, Vec<u8>) {
    let boundary = "XtuanthuBoundaryX";
    let mut body = String::new();
    if let Some(k) = kind {
        body.push_str(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n{k}\r\n"));
    }
    for (name, text) in files {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n{text}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    (format!("multipart/form-data; boundary={boundary}"), body.into_bytes())
}
