//! The JSON API: the OpenAPI document matches the router, findings carry
//! exactly the `check --format jsonl` fields, filters, problem details, and
//! imports that are all-or-nothing with every bad row reported.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeSet;

use axum::http::{Method, StatusCode};
use common::*;

/// `(path, method)` pairs the API router declares, read from its source.
fn routed() -> BTreeSet<(String, String)> {
    let src = include_str!("../src/api.rs");
    let mut out = BTreeSet::new();
    for chunk in src.split(".route(\"").skip(1) {
        let (path, rest) = chunk.split_once('"').unwrap();
        let call = rest.split(")\n").next().unwrap();
        for m in ["get", "post", "delete", "put", "patch"] {
            if call.contains(&format!("{m}(")) {
                out.insert((path.to_string(), m.to_string()));
            }
        }
    }
    out
}

#[tokio::test]
async fn the_openapi_document_describes_every_api_route_and_nothing_else() {
    let app = app();
    let r = send(&app.service, get("/api/v1/openapi.json", None)).await;
    assert_eq!(r.status, StatusCode::OK);
    let doc = r.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            documented.insert((path.clone(), method.clone()));
            assert!(
                item[method]["responses"].as_object().is_some_and(|r| !r.is_empty()),
                "{method} {path} has no responses"
            );
        }
    }
    // Every subject kind a rule can emit is in the schema of a finding.
    let kinds: Vec<&str> = doc["components"]["schemas"]["Finding"]["properties"]["subject_kind"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let core: Vec<&str> = tuanthu_core::finding::SubjectKind::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(kinds, core);
    let routes = routed();
    assert!(routes.len() > 20, "{routes:?}");
    assert_eq!(documented, routes, "the OpenAPI document and the router differ");
    // Every documented route exists (an unauthenticated call is 401, not 404).
    for (path, method) in &routes {
        let uri = path.replace("{id}", "1").replace("{system}", "SYS-A").replace("{username}", "an.nv");
        let req = axum::http::Request::builder()
            .method(Method::from_bytes(method.to_uppercase().as_bytes()).unwrap())
            .uri(&uri)
            .header("content-type", "application/json")
            .body(axum::body::Body::from("{}"))
            .unwrap();
        let r = send(&app.service, req).await;
        assert_ne!(r.status, StatusCode::NOT_FOUND, "{method} {uri}");
        assert_ne!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}");
    }
}

#[tokio::test]
async fn findings_have_exactly_the_jsonl_fields_and_filters_work() {
    let app = app();
    let s = login(&app, "u-leader-all").await;
    let r = send(&app.service, get("/api/v1/findings?status=fail", Some(&s))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let all = r.json();
    let items = all.as_array().unwrap();
    assert!(!items.is_empty());
    let fields = [
        "rule",
        "cite",
        "status",
        "subject_kind",
        "subject_id",
        "due",
        "overdue_days",
        "message_vi",
        "message_en",
        "evidence",
    ];
    for f in items {
        let keys: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
        let mut expected = fields.to_vec();
        expected.sort_unstable();
        let mut got = keys.clone();
        got.sort_unstable();
        assert_eq!(got, expected);
        assert_eq!(f["status"], "fail");
    }
    // Same order as the jsonl contract in the raw text.
    let first = r.body.split("},{").next().unwrap();
    let pos: Vec<usize> = fields.iter().map(|k| first.find(&format!("\"{k}\":")).unwrap()).collect();
    assert!(pos.windows(2).all(|w| w[0] < w[1]), "field order {first}");
    // rule and unit filters.
    let r =
        send(&app.service, get("/api/v1/findings?status=fail&rule=SYS-LEVEL-APPROVED&unit=KVA", Some(&s))).await.json();
    let subjects: Vec<&str> = r.as_array().unwrap().iter().map(|x| x["subject_id"].as_str().unwrap()).collect();
    assert_eq!(subjects, ["SYS-A"]);
    let r = send(&app.service, get("/api/v1/findings?system=SYS-B&status=all", Some(&s))).await.json();
    assert!(r.as_array().unwrap().iter().all(|x| x["subject_id"].as_str().unwrap().starts_with("SYS-B")));
    assert!(!r.as_array().unwrap().is_empty());
    let r = send(&app.service, get("/api/v1/findings?article=11&status=fail", Some(&s))).await.json();
    assert!(r.as_array().unwrap().iter().all(|x| x["cite"].as_str().unwrap().starts_with("Điều 11")));
    // Due window and paging.
    let r = send(&app.service, get("/api/v1/findings?status=all&due_from=2000-01-01&due_to=2000-01-02", Some(&s)))
        .await
        .json();
    assert!(r.as_array().unwrap().is_empty());
    let r = send(&app.service, get("/api/v1/findings?limit=1", Some(&s))).await;
    assert_eq!(r.json().as_array().unwrap().len(), 1);
    assert!(r.headers.get("x-total-count").unwrap().to_str().unwrap().parse::<usize>().unwrap() > 1);
    // Bad parameters are problem details.
    for bad in ["/api/v1/findings?status=broken", "/api/v1/findings?rule=NOPE", "/api/v1/findings?due_from=31/31/2025"]
    {
        let r = send(&app.service, get(bad, Some(&s))).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(r.headers.get("content-type").unwrap(), "application/problem+json");
    }
    assert_eq!(send(&app.service, get("/api/v1/nothing-here", Some(&s))).await.status, StatusCode::NOT_FOUND);
    // The framework's own rejections are problem details too.
    for bad in ["/api/v1/findings?limit=-3", "/api/v1/tokens/notanumber", "/api/v1/audit?limit=x"] {
        let r = send(&app.service, get(bad, Some(&s))).await;
        assert!(r.status.is_client_error(), "{bad}: {}", r.status);
        assert_eq!(r.headers.get("content-type").unwrap(), "application/problem+json", "{bad}");
        assert_eq!(r.json()["status"], r.status.as_u16());
    }
    let r = send(
        &app.service,
        send_with(Method::POST, "/api/v1/password", &s, Some(&s.csrf), "application/json", b"{not json".to_vec()),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.headers.get("content-type").unwrap(), "application/problem+json");
}

#[tokio::test]
async fn exports_are_csv_and_xlsx_of_the_filtered_set() {
    let app = app();
    let s = login(&app, "u-auditor-b").await;
    let r = send(&app.service, get("/api/v1/findings/export?format=csv&status=all", Some(&s))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.starts_with(
        "\u{feff}rule,cite,status,subject_kind,subject_id,due,overdue_days,message_vi,message_en,evidence"
    ));
    assert!(r.body.contains("SYS-B") && !r.body.contains("SYS-A"));
    let r = send(&app.service, get("/findings/export?format=xlsx", Some(&s))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.headers.get("content-type").unwrap(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
}

#[tokio::test]
async fn an_import_with_a_bad_row_writes_nothing_and_names_every_bad_row_and_column() {
    let app = app();
    let s = login(&app, "u-operator-all").await;
    let bad = "code,name,parent_code,roles\nCHQ,Cục Hải quan,,owner\nKVC,,CHQ,\nKVD,Chi cục D,CHQ,not_a_role\n";
    let (ctype, body) = multipart(&[("units.csv", bad)], None);
    let r = send(&app.service, send_with(Method::POST, "/api/v1/imports", &s, Some(&s.csrf), &ctype, body)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let errors = r.json()["errors"].as_array().unwrap().clone();
    assert!(errors.iter().any(|e| e["row"] == 3 && e["column"] == "name"), "{errors:?}");
    assert!(errors.iter().any(|e| e["row"] == 4 && e["column"] == "roles"), "{errors:?}");
    let units = with_store(&app.db.url, |st| st.count_rows(&tuanthu_core::evidence::schema::UNITS).unwrap());
    assert_eq!(units, 4, "nothing half-imported");
    // A good file imports, is audited, and refreshes the findings.
    let good = format!("{UNITS}KVC,Chi cục Hải quan khu vực C,CHQ,owner\n");
    let (ctype, body) = multipart(&[("data.csv", &good)], Some("units"));
    let r = send(&app.service, send_with(Method::POST, "/api/v1/imports", &s, Some(&s.csrf), &ctype, body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["imported"]["total_rows"], 5);
    let units = with_store(&app.db.url, |st| st.count_rows(&tuanthu_core::evidence::schema::UNITS).unwrap());
    assert_eq!(units, 5);
    let u = send(&app.service, get("/api/v1/units", Some(&s))).await;
    assert!(u.body.contains("KVC"), "the cache was refreshed after the import");
    let audit = with_store(&app.db.url, |st| {
        st.web()
            .audit_events(&tuanthu_store::web::AuditFilter {
                action: Some("import".into()),
                limit: 10,
                ..Default::default()
            })
            .unwrap()
    });
    assert_eq!(audit.iter().map(|e| e.outcome.as_str()).collect::<Vec<_>>(), ["ok", "refused"]);
}

#[tokio::test]
async fn the_console_import_shows_progress_then_every_bad_row() {
    let app = app();
    let s = login(&app, "u-operator-all").await;
    let bad = "code,name,parent_code,roles\nKVC,,CHQ,\n";
    let (ctype, body) = multipart(&[("units.csv", bad)], Some("auto"));
    let r = send(&app.service, send_with(Method::POST, "/imports", &s, Some(&s.csrf), &ctype, body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let job = r.body.split("hx-get=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let mut page = String::new();
    for _ in 0..50 {
        page = send(&app.service, get(&job, Some(&s))).await.body;
        if !page.contains("hx-get") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(page.contains("import-error-rows") && page.contains(">2<") && page.contains("name"), "{page}");
    // Another user cannot see the job.
    let other = login(&app, "u-operator-b").await;
    assert_eq!(send(&app.service, get(&job, Some(&other))).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn calendar_ics_feed_is_per_user_and_scoped() {
    let app = app();
    let s = login(&app, "u-leader-a").await;
    let r = send(
        &app.service,
        send_with(
            Method::POST,
            "/calendar/feed",
            &s,
            Some(&s.csrf),
            "application/x-www-form-urlencoded",
            b"x=1".to_vec(),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let url = r.body.split("/ics/").nth(1).unwrap().split('<').next().unwrap().to_string();
    let feed = send(&app.service, get(&format!("/ics/{url}"), None)).await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(feed.body.starts_with("BEGIN:VCALENDAR\r\n") && feed.body.contains("END:VCALENDAR"));
    assert!(!feed.body.contains("SYS-B"));
    // A feed token does not open the API, and an API token does not open feeds.
    let token = url.trim_end_matches(".ics");
    assert_eq!(send(&app.service, bearer("/api/v1/findings", token)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(send(&app.service, get("/ics/tt_nothing.ics", None)).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_console_is_vietnamese_by_default_with_an_english_switch() {
    let app = app();
    let s = login(&app, "u-leader-all").await;
    let vi = send(&app.service, get("/findings", Some(&s))).await;
    assert!(vi.body.contains("Phát hiện") && vi.body.contains("lang=\"vi\""));
    let sw = send(&app.service, get("/lang/en?back=/findings", None)).await;
    assert_eq!(sw.status, StatusCode::SEE_OTHER);
    let evil = send(&app.service, get("/lang/en?back=//evil.example", None)).await;
    assert_eq!(evil.headers.get("location").unwrap(), "/");
    let req = axum::http::Request::builder()
        .uri("/findings")
        .header("cookie", format!("{}; tuanthu_lang=en", s.cookie))
        .body(axum::body::Body::empty())
        .unwrap();
    let en = send(&app.service, req).await;
    assert!(en.body.contains("Findings") && en.body.contains("lang=\"en\""));
    // Dates are dd/mm/yyyy.
    let today = tuanthu_core::today_in_vietnam().format("%d/%m/%Y").to_string();
    assert!(vi.body.contains(&today));
}
