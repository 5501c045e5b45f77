//! Page layout and formatting shared by the console and the admin pages:
//! Vietnamese by default with an English switch, dates dd/mm/yyyy, no
//! inline script or style (the CSP forbids both).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use chrono::{DateTime, NaiveDate, Utc};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use serde_json::{json, Value};
use tuanthu_core::rulepack::RuleDef;
use tuanthu_core::Status;

use crate::auth::Principal;
use crate::authz::Action;
use crate::state::AppState;

/// Language of the console (cookie `tuanthu_lang`; Vietnamese by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lang {
    pub vi: bool,
}

impl Lang {
    /// Picks the Vietnamese or English text.
    #[must_use]
    pub fn t<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        if self.vi {
            vi
        } else {
            en
        }
    }

    #[must_use]
    pub fn code(self) -> &'static str {
        if self.vi {
            "vi"
        } else {
            "en"
        }
    }
}

pub const LANG_COOKIE: &str = "tuanthu_lang";

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang { vi: crate::http::cookie(&parts.headers, LANG_COOKIE).as_deref() != Some("en") })
    }
}

/// dd/mm/yyyy.
pub use tuanthu_core::finding::vn_date;

pub fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(vn_date).unwrap_or_default()
}

/// dd/mm/yyyy HH:MM in Vietnam time.
#[must_use]
pub fn vn_time(t: DateTime<Utc>) -> String {
    (t + chrono::Duration::seconds(i64::from(tuanthu_core::VIETNAM_UTC_OFFSET_SECS)))
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

#[must_use]
pub fn status_label(s: Status, lang: Lang) -> &'static str {
    match s {
        Status::Pass => lang.t("đạt", "pass"),
        Status::Pending => lang.t("chờ hạn", "pending"),
        Status::Fail => lang.t("vi phạm", "fail"),
        Status::Excepted => lang.t("ngoại lệ", "excepted"),
        Status::NoEvidence => lang.t("thiếu dữ liệu", "no evidence"),
        Status::NotApplicable => lang.t("không áp dụng", "not applicable"),
    }
}

pub fn status_badge(s: Status, lang: Lang) -> Markup {
    html! { span class={"st st-" (s.as_str())} { (status_label(s, lang)) } }
}

pub fn rule_json(r: &RuleDef) -> Value {
    let params: serde_json::Map<String, Value> = r.params.iter().map(|(k, v)| (k.clone(), toml_json(v))).collect();
    json!({
        "id": r.id, "cite": r.cite, "kind": r.kind, "status": r.coverage.as_str(), "title_vi": r.title_vi,
        "title_en": r.title_en, "severity": r.severity.as_str(), "levels": r.levels, "section": r.section,
        "quote_vi": r.quote_vi, "params": params,
    })
}

pub fn toml_json(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => Value::from(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(toml_json).collect()),
        toml::Value::Table(t) => Value::Object(t.iter().map(|(k, v)| (k.clone(), toml_json(v))).collect()),
    }
}

/// Percent-encodes query parameters.
#[must_use]
pub fn qs(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{}={}", crate::crypto::form_encode(k), crate::crypto::form_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The current page, for the language switch to come back to.
pub struct Here(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Here {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Here(parts.uri.path_and_query().map_or_else(|| "/".to_string(), |p| p.as_str().to_string())))
    }
}

fn nav_item(href: &str, label: &str, active: &str) -> Markup {
    let is = href == active || (href != "/" && active.starts_with(href));
    html! { a href=(href) class=[is.then_some("active")] { (label) } }
}

/// A console page.
pub fn page(state: &AppState, p: &Principal, lang: Lang, here: &str, title: &str, body: Markup) -> Markup {
    let idle = state.settings().idle_timeout.as_secs() / 60;
    let csrf_json = json!({"X-CSRF-Token": p.csrf()}).to_string();
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="htmx-config" content=r#"{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false,"selfRequestsOnly":true}"#;
                title { (title) " — tuanthu" }
                link rel="stylesheet" href="/assets/app.css";
                script src="/assets/htmx.min.js" defer {}
            }
            body hx-headers=(csrf_json) {
                header.top {
                    a.brand href="/" { "tuanthu · QĐ 1048" }
                    nav {
                        (nav_item("/", lang.t("Tổng quan", "Dashboard"), here))
                        (nav_item("/findings", lang.t("Phát hiện", "Findings"), here))
                        (nav_item("/systems", lang.t("Hệ thống", "Systems"), here))
                        (nav_item("/persons", lang.t("Nhân sự", "Persons"), here))
                        (nav_item("/accounts", lang.t("Tài khoản", "Accounts"), here))
                        (nav_item("/rules", lang.t("Quy tắc", "Rules"), here))
                        @if p.may(Action::ReadImports) { (nav_item("/imports", lang.t("Nhập dữ liệu", "Imports"), here)) }
                        (nav_item("/calendar", lang.t("Lịch", "Calendar"), here))
                        @if p.may(Action::ReadAudit) { (nav_item("/audit", lang.t("Nhật ký", "Audit"), here)) }
                    }
                    div.me {
                        a href="/me" { (p.user.username) }
                        a href={"/lang/" (if lang.vi { "en" } else { "vi" }) "?back=" (crate::crypto::form_encode(here))} { (if lang.vi { "English" } else { "Tiếng Việt" }) }
                        form method="post" action="/logout" {
                            input type="hidden" name="_csrf" value=(p.csrf());
                            button type="submit" { (lang.t("Đăng xuất", "Log out")) }
                        }
                    }
                }
                main { (body) }
                footer {
                    @if lang.vi { "Phiên tự đóng sau " (idle) " phút không hoạt động. Mọi thao tác được ghi nhật ký (Điều 12.5)." }
                    @else { "Sessions close after " (idle) " idle minutes. Every action is logged (Điều 12.5)." }
                }
            }
        }
    }
}

/// A page without a signed-in user (login, errors).
pub fn bare(lang: Lang, title: &str, asset_prefix: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — tuanthu" }
                link rel="stylesheet" href={(asset_prefix) "/assets/app.css"};
            }
            body { main { (body) } }
        }
    }
}

/// Raw HTML known to be safe (generated SVG).
pub fn raw(s: String) -> Markup {
    PreEscaped(s)
}
