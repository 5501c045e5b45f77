//! JSON API `/api/v1` (service listener): everything the console shows and
//! does. Errors are problem details; every route but `openapi.json` and
//! `POST /session` needs a session cookie or `Authorization: Bearer TOKEN`.

use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tuanthu_core::{Finding, Status};
use tuanthu_store::web::AuditFilter;
use tuanthu_store::ImportMode;

use crate::auth::{self, ApiUser, LoginOutcome, Principal};
use crate::authz::{Action, Role};
use crate::http::{self, Problem};
use crate::imports::{self, Refused, Upload};
use crate::query::{self, FindingQuery};
use crate::state::AppState;
use crate::views;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi))
        .route("/api/v1/session", post(session_create).get(session_get).delete(session_delete))
        .route("/api/v1/findings", get(findings))
        .route("/api/v1/findings/export", get(findings_export))
        .route("/api/v1/dashboard", get(dashboard))
        .route("/api/v1/units", get(units))
        .route("/api/v1/systems", get(systems))
        .route("/api/v1/systems/{id}", get(system))
        .route("/api/v1/persons", get(persons))
        .route("/api/v1/persons/{id}", get(person))
        .route("/api/v1/accounts", get(accounts))
        .route("/api/v1/accounts/{system}/{username}", get(account))
        .route("/api/v1/imports", get(imports_log).post(imports_create))
        .route("/api/v1/runs", get(runs).post(run_create))
        .route("/api/v1/rules", get(rules))
        .route("/api/v1/calendar", get(calendar))
        .route("/api/v1/audit", get(audit))
        .route("/api/v1/tokens", get(tokens).post(token_create))
        .route("/api/v1/tokens/{id}", delete(token_revoke))
        .route("/api/v1/password", post(password_change))
        .fallback(api_not_found)
        .layer(axum::middleware::from_fn(http::api_problems))
}

async fn api_not_found() -> Problem {
    Problem::not_found()
}

async fn openapi() -> Response {
    let mut r = crate::openapi::DOCUMENT.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r
}

/// The `check --format jsonl` fields, exactly (docs/formats.md).
#[derive(Serialize)]
pub struct JsonFinding<'a> {
    pub rule: &'a str,
    pub cite: &'a str,
    pub status: &'a str,
    pub subject_kind: &'a str,
    pub subject_id: &'a str,
    pub due: Option<String>,
    pub overdue_days: Option<i64>,
    pub message_vi: &'a str,
    pub message_en: &'a str,
    pub evidence: &'a [String],
}

pub fn json_finding(f: &Finding) -> JsonFinding<'_> {
    JsonFinding {
        rule: &f.rule,
        cite: &f.cite,
        status: f.status.as_str(),
        subject_kind: f.subject_kind.as_str(),
        subject_id: &f.subject_id,
        due: f.due.map(|d| d.format("%Y-%m-%d").to_string()),
        overdue_days: f.overdue_days,
        message_vi: &f.message_vi,
        message_en: &f.message_en,
        evidence: &f.evidence,
    }
}

#[derive(Deserialize)]
struct LoginBody {
    username: String,
    password: String,
    #[serde(default)]
    totp: Option<String>,
}

fn user_json(u: &tuanthu_store::web::WebUser) -> Value {
    json!({
        "username": u.username,
        "roles": u.grants.iter().map(|g| json!({"role": g.role, "unit": g.unit})).collect::<Vec<_>>(),
        "mfa": u.totp_secret.is_some(),
    })
}

async fn session_create(
    State(state): State<AppState>,
    headers: HeaderMap,
    ext: axum::http::Extensions,
    body: Result<Json<LoginBody>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let Ok(Json(body)) = body else {
        return Problem::bad_request(
            "cần JSON {\"username\",\"password\",\"totp\"}",
            "expected JSON {\"username\",\"password\",\"totp\"}",
        )
        .into_response();
    };
    let ua = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_string);
    let outcome = auth::login(&state, body.username, body.password, body.totp, http::client_ip(&ext), ua).await;
    match outcome {
        Ok(LoginOutcome::Ok { session_id, csrf, user }) => {
            let mut r = Json(json!({"user": user_json(&user), "csrf_token": csrf,
                "idle_timeout_seconds": state.settings().idle_timeout.as_secs(),
                "absolute_timeout_seconds": state.settings().absolute_timeout.as_secs()}))
            .into_response();
            r.headers_mut().insert(header::SET_COOKIE, http::set_cookie(state.realm.cookie(), &session_id));
            r
        }
        Ok(LoginOutcome::Bad { reason }) => {
            let (vi, en) = match reason {
                "totp" => ("sai hoặc thiếu mã TOTP", "wrong or missing TOTP code"),
                "mfa_not_set" => ("chưa cấu hình TOTP; liên hệ quản trị", "TOTP not configured; ask an administrator"),
                _ => ("sai tên đăng nhập hoặc mật khẩu", "wrong user name or password"),
            };
            Problem::new(StatusCode::UNAUTHORIZED, vi, en).into_response()
        }
        Ok(LoginOutcome::Locked { until }) => {
            let mut r = Problem::new(
                StatusCode::LOCKED,
                &format!("tài khoản bị khóa tạm thời đến {}", views::vn_time(until)),
                &format!("account locked until {}", until.to_rfc3339()),
            )
            .into_response();
            let secs = (until - chrono::Utc::now()).num_seconds().max(1);
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                r.headers_mut().insert(header::RETRY_AFTER, v);
            }
            r
        }
        Ok(LoginOutcome::Forbidden) => Problem::forbidden().into_response(),
        Err(e) => Problem::internal(&e).into_response(),
    }
}

async fn session_get(ApiUser(p): ApiUser) -> Json<Value> {
    let mut v = user_json(&p.user);
    v["csrf_token"] = json!(p.csrf());
    Json(v)
}

async fn session_delete(State(state): State<AppState>, ApiUser(p): ApiUser) -> Result<Response, Problem> {
    auth::logout(&state, &p).await?;
    let mut r = StatusCode::NO_CONTENT.into_response();
    r.headers_mut().insert(header::SET_COOKIE, http::clear_cookie(state.realm.cookie()));
    Ok(r)
}

async fn findings(
    State(state): State<AppState>,
    ApiUser(p): ApiUser,
    Query(q): Query<FindingQuery>,
) -> Result<Response, Problem> {
    let sel = query::select(&state, &p, &q, true).await?;
    let body: Vec<JsonFinding<'_>> = sel.iter().map(json_finding).collect();
    let mut r = Json(body).into_response();
    if let Ok(v) = HeaderValue::from_str(&sel.total.to_string()) {
        r.headers_mut().insert("x-total-count", v);
    }
    Ok(r)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ExportFormat {
    pub format: Option<String>,
}

async fn findings_export(
    State(state): State<AppState>,
    ApiUser(p): ApiUser,
    Query(q): Query<FindingQuery>,
    Query(fmt): Query<ExportFormat>,
) -> Result<Response, Problem> {
    let sel = query::select(&state, &p, &q, false).await?;
    crate::export::respond(fmt.format.as_deref().unwrap_or("csv"), sel.iter())
}

/// What the dashboard shows, as JSON.
async fn dashboard(
    State(state): State<AppState>,
    ApiUser(p): ApiUser,
    Query(q): Query<FindingQuery>,
) -> Result<Json<Value>, Problem> {
    let d = crate::dashboard::build(&state, &p, query::as_of(q.as_of.as_deref())?).await?;
    Ok(Json(d.to_json()))
}

async fn units(State(state): State<AppState>, ApiUser(p): ApiUser) -> Result<Json<Value>, Problem> {
    let loaded = state.inner.cache.loaded(&state).await?;
    let scope = p.scope(Action::ReadEvidence, &loaded.snapshot);
    if !scope.allowed() {
        return Err(Problem::forbidden());
    }
    let out: Vec<Value> = loaded
        .snapshot
        .units
        .iter()
        .filter(|u| scope.sees_unit(&u.code))
        .map(|u| json!({"code": u.code, "name": u.name, "parent_code": u.parent_code, "roles": u.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>()}))
        .collect();
    Ok(Json(Value::Array(out)))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    pub q: Option<String>,
    pub unit: Option<String>,
    pub system: Option<String>,
    pub status: Option<String>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

async fn systems(
    State(state): State<AppState>,
    ApiUser(p): ApiUser,
    Query(q): Query<ListQuery>,
) -> Result<Response, Problem> {
    let l = crate::evidence::systems(&state, &p, &q).await?;
    let body: Vec<Value> = l.items.iter().map(crate::evidence::system_json).collect();
    Ok(with_total(Json(body).into_response(), l.total))
}

async fn system(
    State(state): State<AppState>,
    ApiUser(p): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, Problem> {
    let d = crate::evidence::system_detail(&state, &p, &id).await?;
    Ok(Json(d))
}

async fn persons(
    State(state): State<AppState>,
    ApiUser(p): ApiUser,
    Query(q): Query<ListQuery>,
) -> Result<Response, Problem> {
    let l = crate::evidence::persons(&state, &p, &q).await?;
    let body: Vec<Value> = l.items.iter().map(crate::evidence::person_json).collect();
    Ok(with_total(Json(body).into_response(), l.total))
}

async fn person(
    State(state): State<AppState>,
    ApiUser(p): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, Problem> {
    Ok(Json(crate::evidence::person_detail(&state, &p, &id).await?))
}

async fn accounts(
    State(state): State<AppState>,
    ApiUser(p): ApiUser,
    Query(q): Query<ListQuery>,
) -> Result<Response, Problem> {
    let l = crate::evidence::accounts(&state, &p, &q).await?;
    let body: Vec<Value> = l.items.iter().map(crate::evidence::account_json).collect();
    Ok(with_total(Json(body).into_response(), l.total))
}

async fn account(
    State(state): State<AppState>,
    ApiUser(p): ApiUser,
    Path((system, username)): Path<(String, String)>,
) -> Result<Json<Value>, Problem> {
    Ok(Json(crate::evidence::account_detail(&state, &p, &system, &username).await?))
}

fn with_total(mut r: Response, total: usize) -> Response {
    if let Ok(v) = HeaderValue::from_str(&total.to_string()) {
        r.headers_mut().insert("x-total-count", v);
    }
    r
}

async fn imports_log(State(state): State<AppState>, ApiUser(p): ApiUser) -> Result<Json<Value>, Problem> {
    if !p.may(Action::ReadImports) {
        return Err(Problem::forbidden());
    }
    let log = state.db(|s| Ok(s.web().imports_log(200)?)).await?;
    Ok(Json(Value::Array(
        log.iter()
            .map(|r| json!({"id": r.id, "imported_at": r.imported_at.to_rfc3339(), "kind": r.kind, "source": r.source, "mode": r.mode, "rows": r.rows}))
            .collect(),
    )))
}

/// Reads a multipart import form: `kind` (optional), `mode` (replace|merge), files.
pub async fn read_upload(mut mp: Multipart) -> Result<(Vec<Upload>, ImportMode), Problem> {
    let mut uploads = Vec::new();
    let mut kind: Option<String> = None;
    let mut mode = ImportMode::Replace;
    while let Some(field) = mp
        .next_field()
        .await
        .map_err(|e| Problem::bad_request("biểu mẫu tải lên không hợp lệ", &format!("invalid upload: {e}")))?
    {
        let name = field.name().unwrap_or("").to_string();
        match (name.as_str(), field.file_name().map(str::to_string)) {
            ("kind", None) => kind = field.text().await.ok().filter(|s| !s.trim().is_empty()),
            ("mode", None) => {
                mode = match field.text().await.unwrap_or_default().trim() {
                    "merge" => ImportMode::Merge,
                    _ => ImportMode::Replace,
                };
            }
            (_, Some(file_name)) if !file_name.is_empty() => {
                let bytes = field.bytes().await.map_err(|e| {
                    Problem::bad_request("không đọc được tệp tải lên", &format!("cannot read the upload: {e}"))
                })?;
                uploads.push(Upload { file_name, bytes: bytes.to_vec(), kind: None });
            }
            _ => {}
        }
    }
    if uploads.len() == 1 {
        uploads[0].kind = kind;
    }
    Ok((uploads, mode))
}

async fn imports_create(
    State(state): State<AppState>,
    ApiUser(p): ApiUser,
    mp: Multipart,
) -> Result<Response, Problem> {
    if !p.may(Action::Import) {
        return Err(Problem::forbidden());
    }
    let (uploads, mode) = read_upload(mp).await?;
    let parsed = tokio::task::spawn_blocking(move || imports::parse_all(&uploads))
        .await
        .map_err(|e| Problem::internal(&anyhow::anyhow!("{e}")))?;
    let tables = match parsed {
        Ok(t) => t,
        Err(refused) => {
            let p2 = p.clone();
            let detail = refused_detail(&refused);
            let _ = state
                .db(move |s| {
                    p2.audit(s, "import", "refused", None, Some(&detail));
                    Ok(())
                })
                .await;
            return Ok(refused_response(&refused));
        }
    };
    let p2 = p.clone();
    let summary = state
        .db(move |s| {
            let summary = imports::write(s, &tables, mode, &mut |_| {})?;
            let files: Vec<String> =
                summary.files.iter().map(|f| format!("{} {} ({})", f.kind, f.file, f.rows)).collect();
            p2.audit(s, "import", "ok", None, Some(&format!("{}: {}", mode.as_str(), files.join(", "))));
            Ok(summary)
        })
        .await?;
    state.refresh();
    Ok(Json(json!({"imported": summary})).into_response())
}

pub fn refused_detail(r: &Refused) -> String {
    match r {
        Refused::Request(m) => m.clone(),
        Refused::Rows(rows) => format!("{} dòng lỗi / bad rows", rows.len()),
    }
}

fn refused_response(r: &Refused) -> Response {
    match r {
        Refused::Request(m) => {
            Problem { status: StatusCode::BAD_REQUEST, title: "Bad Request".into(), detail: m.clone() }.into_response()
        }
        Refused::Rows(rows) => {
            let body = json!({
                "type": "about:blank",
                "title": "Unprocessable Content",
                "status": 422,
                "detail": format!("{} lỗi; không nhập dữ liệu nào / {} errors; nothing was imported", rows.len(), rows.len()),
                "errors": rows,
            });
            let mut resp = (StatusCode::UNPROCESSABLE_ENTITY, body.to_string()).into_response();
            resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
            resp
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RunsQuery {
    limit: Option<u32>,
}

async fn runs(
    State(state): State<AppState>,
    ApiUser(p): ApiUser,
    Query(q): Query<RunsQuery>,
) -> Result<Json<Value>, Problem> {
    let trend = crate::dashboard::trend(&state, &p, q.limit.unwrap_or(50).min(500)).await?;
    Ok(Json(Value::Array(trend.iter().map(crate::dashboard::TrendPoint::to_json).collect())))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RunBody {
    pub as_of: Option<String>,
}

/// Evaluates as of a date and keeps the run (org-wide grant needed).
pub async fn record_run(state: &AppState, p: &Principal, as_of: Option<&str>) -> Result<i64, Problem> {
    if !p.may(Action::RunCheck) {
        return Err(Problem::forbidden());
    }
    let as_of = query::as_of(as_of)?;
    let (_, eval) = state.inner.cache.evaluation(state, as_of).await?;
    let pack_id = state.pack().id.clone();
    let p2 = p.clone();
    let id = state
        .db(move |s| {
            let run = tuanthu_store::CheckRun { started_at: eval.started_at, as_of, pack_id, rules: Vec::new() };
            let id = s.record_run(&run, &eval.findings, &eval.counts)?;
            p2.audit(s, "check_run", "ok", Some(&format!("run #{id}")), Some(&format!("as-of {as_of}")));
            Ok(id)
        })
        .await?;
    state.inner.runs.invalidate();
    Ok(id)
}

async fn run_create(
    State(state): State<AppState>,
    ApiUser(p): ApiUser,
    body: Option<Json<RunBody>>,
) -> Result<Response, Problem> {
    let as_of = body.and_then(|b| b.0.as_of);
    let id = record_run(&state, &p, as_of.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(json!({"id": id}))).into_response())
}

async fn rules(State(state): State<AppState>, ApiUser(p): ApiUser) -> Result<Json<Value>, Problem> {
    if !p.may(Action::ReadRules) {
        return Err(Problem::forbidden());
    }
    Ok(Json(Value::Array(state.pack().rules.iter().map(views::rule_json).collect())))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CalendarQuery {
    pub from: Option<String>,
    pub to: Option<String>,
}

async fn calendar(
    State(state): State<AppState>,
    ApiUser(p): ApiUser,
    Query(q): Query<CalendarQuery>,
) -> Result<Json<Value>, Problem> {
    let days = crate::calendar::obligations(&state, &p, q.from.as_deref(), q.to.as_deref()).await?;
    Ok(Json(Value::Array(days.iter().map(crate::calendar::Obligation::to_json).collect())))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AuditQuery {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

impl AuditQuery {
    pub fn filter(&self) -> Result<AuditFilter, Problem> {
        let day = |name: &str, s: &Option<String>| -> Result<Option<chrono::DateTime<chrono::Utc>>, Problem> {
            match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(s) => {
                    let d = query::parse_date(name, s)?;
                    Ok(d.and_hms_opt(0, 0, 0).map(|t| {
                        (t - chrono::Duration::seconds(i64::from(tuanthu_core::VIETNAM_UTC_OFFSET_SECS))).and_utc()
                    }))
                }
            }
        };
        Ok(AuditFilter {
            actor: self.actor.clone().filter(|s| !s.trim().is_empty()),
            action: self.action.clone().filter(|s| !s.trim().is_empty()),
            since: day("since", &self.since)?,
            until: day("until", &self.until)?.map(|t| t + chrono::Duration::days(1)),
            limit: self.limit.unwrap_or(200).min(5000),
            offset: self.offset.unwrap_or(0),
        })
    }
}

async fn audit(
    State(state): State<AppState>,
    ApiUser(p): ApiUser,
    Query(q): Query<AuditQuery>,
) -> Result<Json<Value>, Problem> {
    if !p.may(Action::ReadAudit) {
        return Err(Problem::forbidden());
    }
    let f = q.filter()?;
    let events = state.db(move |s| Ok(s.web().audit_events(&f)?)).await?;
    Ok(Json(Value::Array(
        events
            .iter()
            .map(|e| json!({"id": e.id, "at": e.at.to_rfc3339(), "actor": e.actor, "action": e.action, "outcome": e.outcome, "target": e.target, "ip": e.ip, "detail": e.detail}))
            .collect(),
    )))
}

async fn tokens(State(state): State<AppState>, ApiUser(p): ApiUser) -> Result<Json<Value>, Problem> {
    let id = p.user.id;
    let list = state.db(move |s| Ok(s.web().tokens(Some(id))?)).await?;
    Ok(Json(Value::Array(
        list.iter()
            .map(|t| json!({"id": t.id, "name": t.name, "created_at": t.created_at.to_rfc3339(), "last_used_at": t.last_used_at.map(|x| x.to_rfc3339()), "revoked_at": t.revoked_at.map(|x| x.to_rfc3339())}))
            .collect(),
    )))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TokenBody {
    name: Option<String>,
}

async fn token_create(
    State(state): State<AppState>,
    ApiUser(p): ApiUser,
    body: Option<Json<TokenBody>>,
) -> Result<Response, Problem> {
    if !p.may(Action::ManageSelf) {
        return Err(Problem::forbidden());
    }
    let name = body.and_then(|b| b.0.name).unwrap_or_else(|| "api".into());
    let p2 = p.clone();
    let (id, secret) = state
        .db(move |s| {
            crate::users::create_token(s, Some(&p2.user.username), &p2.user.username, &name, false, p2.ip.as_deref())
                .map_err(anyhow::Error::from)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(json!({"id": id, "token": secret}))).into_response())
}

async fn token_revoke(
    State(state): State<AppState>,
    ApiUser(p): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, Problem> {
    let p2 = p.clone();
    let done = state
        .db(move |s| {
            let mine = s.web().tokens(Some(p2.user.id))?.iter().any(|t| t.id == id);
            if !mine {
                return Ok(false);
            }
            let ok = s.web().revoke_token(id, chrono::Utc::now())?;
            p2.audit(s, "token_revoke", "ok", Some(&format!("#{id}")), None);
            Ok(ok)
        })
        .await?;
    if done {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(Problem::not_found())
    }
}

#[derive(Deserialize)]
struct PasswordBody {
    current_password: String,
    new_password: String,
}

async fn password_change(
    State(state): State<AppState>,
    ApiUser(p): ApiUser,
    Json(body): Json<PasswordBody>,
) -> Result<Response, Problem> {
    match crate::pages::change_own_password(&state, &p, body.current_password, body.new_password).await? {
        Ok(()) => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(msg) => Err(Problem {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            title: "Unprocessable Content".into(),
            detail: msg,
        }),
    }
}

/// Roles the API knows (for the OpenAPI document's enum).
#[must_use]
pub fn role_names() -> Vec<&'static str> {
    Role::ALL.iter().map(|r| r.as_str()).collect()
}

#[must_use]
pub fn status_names() -> Vec<&'static str> {
    Status::ALL.iter().map(|s| s.as_str()).collect()
}
