//! CSRF: every state-changing route, replayed with the session cookie but
//! without the session's token, is refused (403) and changes nothing; with
//! the token it is not refused for CSRF. Bearer-token calls carry no ambient
//! credential and need no token.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use axum::http::{Method, StatusCode};
use common::*;

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";

/// (listener is admin, method, path, content type, body) of every state-changing route.
fn routes() -> Vec<(bool, Method, &'static str, &'static str, Vec<u8>)> {
    let (mp_type, mp_body) = multipart(&[("units.csv", UNITS)], None);
    let mp_type: &'static str = Box::leak(mp_type.into_boxed_str());
    vec![
        (false, Method::POST, "/runs", FORM, b"x=1".to_vec()),
        (false, Method::POST, "/calendar/feed", FORM, b"x=1".to_vec()),
        (false, Method::POST, "/me/tokens", FORM, b"name=t".to_vec()),
        (false, Method::POST, "/me/tokens/1/revoke", FORM, b"x=1".to_vec()),
        (false, Method::POST, "/me/password", FORM, b"current_password=a&new_password=b".to_vec()),
        (false, Method::POST, "/imports", mp_type, mp_body.clone()),
        (false, Method::POST, "/api/v1/imports", mp_type, mp_body),
        (false, Method::POST, "/api/v1/runs", JSON, b"{}".to_vec()),
        (false, Method::POST, "/api/v1/tokens", JSON, b"{\"name\":\"x\"}".to_vec()),
        (false, Method::DELETE, "/api/v1/tokens/1", JSON, vec![]),
        (
            false,
            Method::POST,
            "/api/v1/password",
            JSON,
            b"{\"current_password\":\"a\",\"new_password\":\"b\"}".to_vec(),
        ),
        (false, Method::POST, "/logout", FORM, b"x=1".to_vec()),
        (false, Method::DELETE, "/api/v1/session", JSON, vec![]),
        (true, Method::POST, "/admin/users", FORM, b"username=zz&role=leader&password=Kh%C3%B3%23Doan-2024".to_vec()),
        (true, Method::POST, "/admin/users/u-leader-a/roles", FORM, b"role=auditor".to_vec()),
        (true, Method::POST, "/admin/users/u-leader-a/password", FORM, b"password=Kh%C3%B3%23Doan-2024".to_vec()),
        (true, Method::POST, "/admin/users/u-leader-a/unlock", FORM, b"x=1".to_vec()),
        (true, Method::POST, "/admin/users/u-leader-a/disable", FORM, b"x=1".to_vec()),
        (true, Method::POST, "/admin/users/u-leader-a/enable", FORM, b"x=1".to_vec()),
        (true, Method::POST, "/admin/users/u-leader-a/totp-reset", FORM, b"x=1".to_vec()),
        (true, Method::POST, "/admin/users/u-leader-a/sessions/revoke", FORM, b"x=1".to_vec()),
        (true, Method::POST, "/admin/tokens/1/revoke", FORM, b"x=1".to_vec()),
        (true, Method::POST, "/admin/logout", FORM, b"x=1".to_vec()),
    ]
}

async fn admin_session(app: &App) -> Session {
    // Log in on the admin listener through its form (double-submit token).
    let form = send(&app.admin, get("/admin/login", None)).await;
    let pre_cookie = form.headers.get("set-cookie").unwrap().to_str().unwrap().split(';').next().unwrap().to_string();
    let pre = pre_cookie.split_once('=').unwrap().1.to_string();
    let secret = app.users["u-admin-all"].totp.clone().unwrap();
    let body = format!(
        "username=u-admin-all&password={}&totp={}&_pre={pre}",
        tuanthu_web::crypto::form_encode(PASSWORD),
        totp_now(&secret)
    );
    let req = axum::http::Request::builder()
        .method(Method::POST)
        .uri("/admin/login")
        .header("content-type", FORM)
        .header("cookie", pre_cookie)
        .body(axum::body::Body::from(body))
        .unwrap();
    let r = send(&app.admin, req).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let cookie = r
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("__Host-tuanthu-admin="))
        .unwrap();
    let cookie = cookie.split(';').next().unwrap().to_string();
    // The CSRF token is in the admin pages' forms.
    let page =
        send(&app.admin, get("/admin/users", Some(&Session { cookie: cookie.clone(), csrf: String::new() }))).await;
    let csrf = page.body.split("name=\"_csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    Session { cookie, csrf }
}

#[tokio::test]
async fn every_state_changing_route_refuses_a_cookie_request_without_the_csrf_token() {
    let app = app();
    let service = login(&app, "u-admin-all").await;
    // A second admin session: the TOTP step of u-admin-all was used above.
    tokio::time::sleep(std::time::Duration::from_secs(0)).await;
    let admin = {
        // Wait for the next TOTP step so that the admin login is not a replay.
        let step = chrono::Utc::now().timestamp() / 30;
        while chrono::Utc::now().timestamp() / 30 == step {
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        admin_session(&app).await
    };
    let audit_before = with_store(&app.db.url, |s| s.web().audit_events(&Default::default()).unwrap().len());
    let _ = audit_before;
    for (is_admin, method, path, ctype, body) in routes() {
        let (router, s) = if is_admin { (&app.admin, &admin) } else { (&app.service, &service) };
        for bad in [None, Some("0".repeat(64))] {
            let r = send(router, send_with(method.clone(), path, s, bad.as_deref(), ctype, body.clone())).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{method} {path} without a valid token: {}", r.body);
        }
        // A wrong token in a form field is refused too.
        if ctype == FORM {
            let mut b = body.clone();
            b.extend_from_slice(b"&_csrf=deadbeef");
            let r = send(router, send_with(method.clone(), path, s, None, ctype, b)).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{method} {path} with a wrong form token");
        }
    }
    // Nothing changed: the session still works, no user was added, no run kept.
    assert_eq!(send(&app.service, get("/api/v1/session", Some(&service))).await.status, StatusCode::OK);
    let (users, runs) = with_store(&app.db.url, |s| (s.web().users().unwrap().len(), s.runs(10).unwrap().len()));
    assert_eq!(users, 18);
    assert_eq!(runs, 0);
    // With the token (header, or form field), requests get through the CSRF check.
    for (is_admin, method, path, ctype, body) in routes() {
        if path.ends_with("logout") || path == "/api/v1/session" {
            continue;
        }
        let (router, s) = if is_admin { (&app.admin, &admin) } else { (&app.service, &service) };
        let r = if ctype == FORM {
            let mut b = body.clone();
            b.extend_from_slice(format!("&_csrf={}", s.csrf).as_bytes());
            send(router, send_with(method.clone(), path, s, None, ctype, b)).await
        } else {
            send(router, send_with(method.clone(), path, s, Some(&s.csrf), ctype, body.clone())).await
        };
        assert!(
            !(r.status == StatusCode::FORBIDDEN && r.body.contains("CSRF")),
            "{method} {path} with the token still refused: {}",
            r.body
        );
    }
}

#[tokio::test]
async fn bearer_token_calls_need_no_csrf_token() {
    let app = app();
    let (_, token) = with_store(&app.db.url, |s| {
        tuanthu_web::users::create_token(s, None, "u-securityofficer-all", "ci", false, None).unwrap()
    });
    let req = axum::http::Request::builder()
        .method(Method::POST)
        .uri("/api/v1/runs")
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", JSON)
        .body(axum::body::Body::from("{}"))
        .unwrap();
    let r = send(&app.service, req).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}
