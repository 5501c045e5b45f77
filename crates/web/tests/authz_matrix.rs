//! Authorization matrix (Điều 12.3): every role × every route × every unit
//! scope. Each user holds one role on branch A (KVA), branch B (KVB) or the
//! whole organisation. Over the console and the API alike, nobody reads
//! evidence or findings outside their subtree (a finding belongs to the units
//! in `Finding::units`; here every subject lies wholly in one branch), and
//! nobody changes anything they may not: organisation-wide changes (imports,
//! check runs, users) need the role on the whole organisation.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use axum::http::{Method, StatusCode};
use common::*;

/// Read routes of both the API and the console.
const READS: &[&str] = &[
    "/api/v1/findings?status=all",
    "/api/v1/findings",
    "/api/v1/findings?unit=KVB",
    "/api/v1/findings?unit=KVA",
    "/api/v1/findings/export?format=csv&status=all",
    "/api/v1/dashboard",
    "/api/v1/units",
    "/api/v1/systems",
    "/api/v1/systems/SYS-A",
    "/api/v1/systems/SYS-B",
    "/api/v1/persons",
    "/api/v1/persons/PA1",
    "/api/v1/persons/PB1",
    "/api/v1/accounts",
    "/api/v1/accounts/SYS-A/an.nv",
    "/api/v1/accounts/SYS-B/binh.tt",
    "/api/v1/calendar",
    "/api/v1/runs",
    "/api/v1/rules",
    "/api/v1/audit",
    "/api/v1/imports",
    "/",
    "/findings?status=all",
    "/findings?unit=KVB",
    "/findings/export?format=csv&status=all",
    "/findings/detail?rule=SYS-LEVEL-APPROVED&subject=SYS-A",
    "/findings/detail?rule=SYS-LEVEL-APPROVED&subject=SYS-B",
    "/systems",
    "/systems/SYS-A",
    "/systems/SYS-B",
    "/persons",
    "/persons/PA1",
    "/persons/PB1",
    "/accounts",
    "/accounts/detail?system=SYS-A&username=an.nv",
    "/accounts/detail?system=SYS-B&username=binh.tt",
    "/calendar",
    "/audit",
    "/imports",
    "/rules",
];

fn forbidden_marks(scope: &str) -> &'static [&'static str] {
    match scope {
        "a" => MARK_B,
        "b" => MARK_A,
        _ => &[],
    }
}

fn own_marks(scope: &str) -> &'static [&'static str] {
    match scope {
        "a" => MARK_A,
        "b" => MARK_B,
        _ => &[],
    }
}

#[tokio::test]
async fn nobody_reads_outside_their_subtree_over_the_console_or_the_api() {
    let app = app();
    // Two kept runs, so that trends have data.
    let so = login(&app, "u-securityofficer-all").await;
    for _ in 0..2 {
        let r = send(
            &app.service,
            send_with(Method::POST, "/api/v1/runs", &so, Some(&so.csrf), "application/json", b"{}".to_vec()),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    let mut checked = 0;
    for role in ROLES {
        for (scope, _) in SCOPES {
            let name = user_name(role, scope);
            // Log in by token: TOTP steps cannot be reused within 30 s.
            let (_, token) = with_store(&app.db.url, {
                let n = name.clone();
                move |s| tuanthu_web::users::create_token(s, None, &n, "matrix", false, None).unwrap()
            });
            for path in READS {
                let r = send(&app.service, bearer(path, &token)).await;
                assert!(
                    matches!(
                        r.status,
                        StatusCode::OK | StatusCode::NOT_FOUND | StatusCode::FORBIDDEN | StatusCode::SEE_OTHER
                    ),
                    "{name} {path}: {} {}",
                    r.status,
                    r.body
                );
                // Console pages are reached with the session cookie in real life;
                // tokens open the same handlers here (they are scoped alike).
                if r.status == StatusCode::OK {
                    // (A mark the request itself names, e.g. `unit=KVB`, may be echoed back.)
                    for m in forbidden_marks(scope).iter().filter(|m| !path.contains(**m)) {
                        assert!(
                            !r.body.contains(m),
                            "{name} read \"{m}\" outside its subtree at {path}:\n{}",
                            r.body.chars().take(3000).collect::<String>()
                        );
                    }
                }
                // Details outside the subtree do not exist for the user.
                let outside = match scope {
                    "a" => path.contains("SYS-B") || path.contains("PB1"),
                    "b" => path.contains("SYS-A") || path.contains("PA1"),
                    _ => false,
                };
                if outside && !path.contains("findings?") && !path.contains("findings/export") {
                    assert_ne!(r.status, StatusCode::OK, "{name} opened {path}");
                }
                checked += 1;
            }
            // And they do see their own branch (its systems, staff and the
            // unit itself, subject of the unit-level rules).
            let r = send(&app.service, bearer("/api/v1/systems", &token)).await;
            assert_eq!(r.status, StatusCode::OK, "{name}: {}", r.body);
            for m in own_marks(scope).iter().take(1) {
                assert!(r.body.contains(m), "{name} cannot see its own {m}");
            }
            let f = send(&app.service, bearer("/api/v1/findings", &token)).await.json();
            let subjects: Vec<&str> = f.as_array().unwrap().iter().map(|x| x["subject_id"].as_str().unwrap()).collect();
            match scope {
                "a" => assert!(
                    !subjects.is_empty()
                        && subjects.iter().all(|s| s.starts_with("SYS-A") || *s == "PA1" || *s == "KVA"),
                    "{name}: {subjects:?}"
                ),
                "b" => assert!(
                    !subjects.is_empty()
                        && subjects.iter().all(|s| s.starts_with("SYS-B") || *s == "PB1" || *s == "KVB"),
                    "{name}: {subjects:?}"
                ),
                _ => assert!(
                    subjects.iter().any(|s| s.starts_with("SYS-A")) && subjects.iter().any(|s| s.starts_with("SYS-B"))
                ),
            }
            // Org-wide logs need an org-wide grant.
            let audit = send(&app.service, bearer("/api/v1/audit", &token)).await.status;
            let may_audit = scope == "all" && matches!(role, "admin" | "security_officer" | "auditor");
            assert_eq!(audit == StatusCode::OK, may_audit, "{name} audit {audit}");
        }
    }
    assert_eq!(checked, ROLES.len() * SCOPES.len() * READS.len());
}

#[tokio::test]
async fn only_org_wide_roles_that_allow_it_change_anything() {
    let app = app();
    let (mp_type, mp_body) = multipart(&[("units.csv", UNITS)], None);
    for role in ROLES {
        for (scope, _) in SCOPES {
            let name = user_name(role, scope);
            let (_, token) = with_store(&app.db.url, {
                let n = name.clone();
                move |s| tuanthu_web::users::create_token(s, None, &n, "matrix", false, None).unwrap()
            });
            let auth = format!("Bearer {token}");
            let post = |uri: &str, ctype: &str, body: Vec<u8>| {
                axum::http::Request::builder()
                    .method(Method::POST)
                    .uri(uri)
                    .header("authorization", &auth)
                    .header("content-type", ctype)
                    .body(axum::body::Body::from(body))
                    .unwrap()
            };
            let imports_before = with_store(&app.db.url, |s| s.web().imports_log(1000).unwrap().len());
            let r = send(&app.service, post("/api/v1/imports", &mp_type, mp_body.clone())).await;
            let may_import =
                scope == "all" && matches!(role, "admin" | "security_officer" | "system_owner" | "operator");
            assert_eq!(r.status == StatusCode::OK, may_import, "{name} import: {} {}", r.status, r.body);
            if !may_import {
                assert_eq!(r.status, StatusCode::FORBIDDEN);
                let after = with_store(&app.db.url, |s| s.web().imports_log(1000).unwrap().len());
                assert_eq!(after, imports_before, "{name} changed the evidence");
            }
            let r = send(&app.service, post("/api/v1/runs", "application/json", b"{}".to_vec())).await;
            let may_run = scope == "all" && matches!(role, "admin" | "security_officer");
            assert_eq!(r.status == StatusCode::CREATED, may_run, "{name} run: {} {}", r.status, r.body);
            // Tokens never open the admin listener, whatever the role.
            let r = send(&app.admin, bearer("/admin/users", &token)).await;
            assert_ne!(r.status, StatusCode::OK, "{name} reached /admin/users with a token");
        }
    }
}

#[tokio::test]
async fn only_administrators_of_the_whole_organisation_use_the_admin_listener() {
    let app = app();
    for role in ROLES {
        for (scope, _) in SCOPES {
            let name = user_name(role, scope);
            let form = send(&app.admin, get("/admin/login", None)).await;
            let pre_cookie =
                form.headers.get("set-cookie").unwrap().to_str().unwrap().split(';').next().unwrap().to_string();
            let pre = pre_cookie.split_once('=').unwrap().1.to_string();
            let totp = app.users[&name].totp.as_deref().map(totp_now).unwrap_or_default();
            let body = format!(
                "username={name}&password={}&totp={totp}&_pre={pre}",
                tuanthu_web::crypto::form_encode(PASSWORD)
            );
            let req = axum::http::Request::builder()
                .method(Method::POST)
                .uri("/admin/login")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("cookie", pre_cookie)
                .body(axum::body::Body::from(body))
                .unwrap();
            let r = send(&app.admin, req).await;
            let cookie = r
                .headers
                .get_all("set-cookie")
                .iter()
                .map(|v| v.to_str().unwrap().to_string())
                .find(|c| c.starts_with("__Host-tuanthu-admin="));
            match (role, cookie) {
                ("admin", Some(c)) => {
                    let s = Session { cookie: c.split(';').next().unwrap().to_string(), csrf: String::new() };
                    let page = send(&app.admin, get("/admin/users", Some(&s))).await;
                    if scope == "all" {
                        assert_eq!(page.status, StatusCode::OK, "{name}");
                        assert!(page.body.contains("u-leader-b"));
                    } else {
                        assert_eq!(page.status, StatusCode::FORBIDDEN, "{name} is admin of a branch only");
                    }
                }
                ("admin", None) => panic!("{name} could not log in on the admin listener: {}", r.body),
                (_, Some(_)) => panic!("{name} ({role}) logged in on the admin listener"),
                (_, None) => assert_eq!(r.status, StatusCode::FORBIDDEN, "{name}: {}", r.body),
            }
        }
    }
}

#[tokio::test]
async fn console_pages_over_a_session_cookie_are_scoped_alike() {
    let app = app();
    for role in ["system_owner", "operator", "leader", "auditor"] {
        for (scope, _) in SCOPES {
            let name = user_name(role, scope);
            let s = login(&app, &name).await;
            for path in READS.iter().filter(|p| !p.starts_with("/api/")) {
                let r = send(&app.service, get(path, Some(&s))).await;
                assert_ne!(r.status, StatusCode::SEE_OTHER, "{name} {path}: session not accepted");
                if r.status == StatusCode::OK {
                    for m in forbidden_marks(scope).iter().filter(|m| !path.contains(**m)) {
                        assert!(!r.body.contains(m), "{name} read \"{m}\" outside its subtree at {path}");
                    }
                }
            }
        }
    }
}
