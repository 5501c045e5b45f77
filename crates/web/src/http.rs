//! HTTP plumbing: problem-details errors, security headers, cookies,
//! client addresses and the CSRF check of state-changing requests.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::state::AppState;

/// An error as RFC 9457 problem details (`application/problem+json`).
#[derive(Debug)]
pub struct Problem {
    pub status: StatusCode,
    pub title: String,
    pub detail: String,
}

impl Problem {
    pub fn new(status: StatusCode, vi: &str, en: &str) -> Problem {
        Problem {
            status,
            title: status.canonical_reason().unwrap_or("error").to_string(),
            detail: format!("{vi} / {en}"),
        }
    }

    pub fn unauthorized() -> Problem {
        Problem::new(
            StatusCode::UNAUTHORIZED,
            "chưa đăng nhập hoặc phiên đã hết hạn",
            "not authenticated or session expired",
        )
    }

    pub fn forbidden() -> Problem {
        Problem::new(StatusCode::FORBIDDEN, "không có quyền", "forbidden")
    }

    pub fn not_found() -> Problem {
        Problem::new(StatusCode::NOT_FOUND, "không tìm thấy", "not found")
    }

    pub fn bad_request(vi: &str, en: &str) -> Problem {
        Problem::new(StatusCode::BAD_REQUEST, vi, en)
    }

    pub fn csrf() -> Problem {
        Problem::new(
            StatusCode::FORBIDDEN,
            "thiếu hoặc sai mã chống giả mạo yêu cầu (CSRF)",
            "missing or wrong CSRF token",
        )
    }

    pub fn internal(e: &anyhow::Error) -> Problem {
        eprintln!("lỗi / error: {e:#}");
        Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "lỗi máy chủ", "internal server error")
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = json!({
            "type": "about:blank",
            "title": self.title,
            "status": self.status.as_u16(),
            "detail": self.detail,
        });
        let mut resp = (self.status, body.to_string()).into_response();
        resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        resp
    }
}

impl From<anyhow::Error> for Problem {
    fn from(e: anyhow::Error) -> Problem {
        Problem::internal(&e)
    }
}

/// Security headers on every response (Điều 12.4 for HSTS).
pub async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let is_asset = req.uri().path().contains("/assets/");
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert("permissions-policy", HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    h.insert("cross-origin-resource-policy", HeaderValue::from_static("same-origin"));
    if !is_asset && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if state.tls {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    resp
}

/// The value of a cookie.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|kv| {
        let (k, v) = kv.trim().split_once('=')?;
        (k == name).then(|| v.to_string())
    })
}

/// `Set-Cookie` for a session-lifetime secret: no Expires/Max-Age (nothing
/// survives closing the browser: no automatic login, Điều 12.2).
pub fn set_cookie(name: &str, value: &str) -> HeaderValue {
    HeaderValue::from_str(&format!("{name}={value}; Path=/; Secure; HttpOnly; SameSite=Strict"))
        .unwrap_or_else(|_| HeaderValue::from_static(""))
}

pub fn clear_cookie(name: &str) -> HeaderValue {
    HeaderValue::from_str(&format!("{name}=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0"))
        .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The client's address (for the audit log, Điều 12.5: "địa chỉ").
pub fn client_ip(req_ext: &axum::http::Extensions) -> Option<String> {
    req_ext.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string())
}

/// Header carrying the CSRF token on htmx and cookie-authenticated API calls.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// Form field carrying the CSRF token on plain HTML forms.
pub const CSRF_FIELD: &str = "_csrf";

fn is_unsafe(m: &Method) -> bool {
    !matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Paths that authenticate with their own double-submit check (login forms)
/// or without a cookie (the JSON login).
fn csrf_exempt(path: &str, method: &Method) -> bool {
    matches!(path, "/login" | "/admin/login") || (path == "/api/v1/session" && method == Method::POST)
}

/// CSRF protection (synchronizer token bound to the session): every
/// state-changing request that carries a session cookie must carry the
/// session's token in the `X-CSRF-Token` header or, for URL-encoded forms,
/// in the `_csrf` field. Requests authenticated by a Bearer token carry no
/// ambient credential and need none. The token is compared with the
/// session's in the authentication step ([`crate::auth`]); here it is only
/// extracted and attached to the request.
pub async fn csrf_extract(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !is_unsafe(req.method()) || csrf_exempt(req.uri().path(), req.method()) {
        return next.run(req).await;
    }
    if cookie(req.headers(), state.realm.cookie()).is_none() {
        return next.run(req).await;
    }
    let header_token = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()).map(str::to_string);
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    let (token, req) = match (header_token, is_form) {
        (Some(t), _) => (Some(t), req),
        (None, true) => {
            let (parts, body) = req.into_parts();
            let Ok(bytes) = axum::body::to_bytes(body, 1 << 20).await else {
                return Problem::bad_request("biểu mẫu quá lớn", "form too large").into_response();
            };
            let token = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
                .ok()
                .and_then(|kv| kv.into_iter().find(|(k, _)| k == CSRF_FIELD).map(|(_, v)| v));
            (token, Request::from_parts(parts, Body::from(bytes)))
        }
        (None, false) => (None, req),
    };
    let mut req = req;
    req.extensions_mut().insert(CsrfPresented(token));
    next.run(req).await
}

/// The CSRF token a state-changing, cookie-authenticated request presented.
#[derive(Clone, Debug)]
pub struct CsrfPresented(pub Option<String>);

/// Every API error is problem details, including the framework's own
/// rejections (malformed query, JSON or path, 405, 413).
pub async fn api_problems(req: Request, next: Next) -> Response {
    let resp = next.run(req).await;
    let status = resp.status();
    let is_problem = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/problem+json"));
    if !(status.is_client_error() || status.is_server_error()) || is_problem {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let text = axum::body::to_bytes(body, 64 << 10)
        .await
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let mut out = Problem {
        status,
        title: status.canonical_reason().unwrap_or("error").to_string(),
        detail: if text.is_empty() { status.canonical_reason().unwrap_or("error").to_string() } else { text },
    }
    .into_response();
    for (k, v) in &parts.headers {
        if k != header::CONTENT_TYPE && k != header::CONTENT_LENGTH {
            out.headers_mut().insert(k.clone(), v.clone());
        }
    }
    out
}
