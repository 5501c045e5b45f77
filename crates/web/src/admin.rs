//! The admin listener (Điều 12.3: "tách biệt cổng giao tiếp quản trị … với
//! cổng giao tiếp cung cấp dịch vụ"): user and role management, API tokens,
//! sessions, settings and the rule pack, all under `/admin/`. None of these
//! routes exists on the service listener, and nothing else exists here.

use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::{html, Markup, DOCTYPE};
use serde::Deserialize;
use serde_json::json;

use crate::auth::{self, AuthFailure, Principal};
use crate::authz::{Action, Role};
use crate::http::{self, Problem};
use crate::pages::{login_post, login_response, LoginForm};
use crate::state::AppState;
use crate::views::{vn_time, Lang};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(|| async { Redirect::to("/admin/users") }))
        .route("/admin/", get(|| async { Redirect::to("/admin/users") }))
        .route("/admin/login", get(login_form).post(login_submit))
        .route("/admin/logout", post(logout))
        .route("/admin/lang/{code}", get(crate::pages::set_lang))
        .route("/admin/users", get(users).post(user_create))
        .route("/admin/users/{name}", get(user))
        .route("/admin/users/{name}/roles", post(user_roles))
        .route("/admin/users/{name}/password", post(user_password))
        .route("/admin/users/{name}/unlock", post(user_unlock))
        .route("/admin/users/{name}/disable", post(user_disable))
        .route("/admin/users/{name}/enable", post(user_enable))
        .route("/admin/users/{name}/totp-reset", post(user_totp_reset))
        .route("/admin/users/{name}/sessions/revoke", post(user_sessions_revoke))
        .route("/admin/tokens", get(tokens))
        .route("/admin/tokens/{id}/revoke", post(token_revoke))
        .route("/admin/sessions", get(sessions))
        .route("/admin/settings", get(settings))
        .route("/admin/rules", get(rules))
        .route("/admin/assets/app.css", get(crate::assets::css))
}

/// A signed-in administrator (admin role on the whole organisation).
pub struct AdminUser(pub Principal);

impl FromRequestParts<AppState> for AdminUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match auth::authenticate(state, parts).await {
            Ok(p) if p.may(Action::ManageUsers) => Ok(AdminUser(p)),
            Ok(_) => Err(Problem::forbidden().into_response()),
            Err(AuthFailure::Csrf) => Err(Problem::csrf().into_response()),
            Err(_) => Err(Redirect::to("/admin/login").into_response()),
        }
    }
}

fn layout(p: &Principal, lang: Lang, title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — tuanthu admin" }
                link rel="stylesheet" href="/admin/assets/app.css";
            }
            body {
                header.top.admin {
                    a.brand href="/admin/users" { "tuanthu · " (lang.t("quản trị", "admin")) }
                    nav {
                        a href="/admin/users" { (lang.t("Người dùng", "Users")) }
                        a href="/admin/tokens" { (lang.t("Mã API", "API tokens")) }
                        a href="/admin/sessions" { (lang.t("Phiên", "Sessions")) }
                        a href="/admin/settings" { (lang.t("Cấu hình", "Settings")) }
                        a href="/admin/rules" { (lang.t("Bộ quy tắc", "Rule pack")) }
                    }
                    div.me {
                        span { (p.user.username) }
                        a href={"/admin/lang/" (if lang.vi { "en" } else { "vi" }) "?back=/admin/users"} { (if lang.vi { "English" } else { "Tiếng Việt" }) }
                        form method="post" action="/admin/logout" { input type="hidden" name="_csrf" value=(p.csrf()); button type="submit" { (lang.t("Đăng xuất", "Log out")) } }
                    }
                }
                main { (body) }
            }
        }
    }
}

fn err_page(lang: Lang, p: &Problem) -> Response {
    (
        p.status,
        crate::views::bare(
            lang,
            &p.title,
            "/admin",
            html! { div.card { h1 { (p.status.as_u16()) } p { (p.detail) } p { a href="/admin/users" { "←" } } } },
        ),
    )
        .into_response()
}

async fn login_form(lang: Lang) -> Response {
    login_response(lang, "/admin/login", None, StatusCode::OK, "/admin", true)
}

async fn login_submit(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    ext: axum::http::Extensions,
    Form(form): Form<LoginForm>,
) -> Response {
    login_post(&state, lang, &headers, &ext, form, "/admin/users", "/admin/login", "/admin").await
}

async fn logout(State(state): State<AppState>, AdminUser(p): AdminUser) -> Response {
    let _ = auth::logout(&state, &p).await;
    let mut r = Redirect::to("/admin/login").into_response();
    r.headers_mut().insert(header::SET_COOKIE, http::clear_cookie(state.realm.cookie()));
    r
}

fn role_options(lang: Lang) -> Markup {
    html! { @for r in Role::ALL { label { input type="checkbox" name="role" value=(r.as_str()); " " (r.label(lang.vi)) " (" (r.as_str()) ")" } } }
}

async fn users_page(
    state: &AppState,
    p: &Principal,
    lang: Lang,
    flash: Option<(bool, Markup)>,
    status: StatusCode,
) -> Response {
    let list = match state.db(|s| Ok(s.web().users()?)).await {
        Ok(l) => l,
        Err(e) => return err_page(lang, &Problem::internal(&e)),
    };
    let now = chrono::Utc::now();
    let body = html! {
        h1 { (lang.t("Người dùng", "Users")) }
        @if let Some((ok, m)) = flash { div class={"flash" @if !ok { " error" }} role="status" { (m) } }
        table {
            tr { th { (lang.t("Tên", "Name")) } th { (lang.t("Vai trò @ đơn vị", "Roles @ unit")) } th { "TOTP" } th { (lang.t("Trạng thái", "State")) } th { (lang.t("Đổi mật khẩu", "Password changed")) } }
            @for u in &list {
                tr {
                    td { a href={"/admin/users/" (crate::crypto::form_encode(&u.username))} { (u.username) } }
                    td { @for g in &u.grants { (g.role) "@" (g.unit) " " } }
                    td { (if u.totp_secret.is_some() { "✓" } else { "—" }) }
                    td {
                        @if u.disabled { span.err { (lang.t("vô hiệu", "disabled")) } }
                        @else if u.locked_until.is_some_and(|t| t > now) { span.err { (lang.t("đang bị khóa", "locked")) } }
                        @else { span.ok { (lang.t("hoạt động", "active")) } }
                    }
                    td { (vn_time(u.password_changed_at)) }
                }
            }
        }
        div.card {
            h2 { (lang.t("Thêm người dùng", "Add a user")) }
            form.stack method="post" action="/admin/users" autocomplete="off" {
                input type="hidden" name="_csrf" value=(p.csrf());
                label { (lang.t("Tên đăng nhập", "User name")) input type="text" name="username" required; }
                fieldset { legend { (lang.t("Vai trò", "Roles")) } (role_options(lang)) }
                label { (lang.t("Đơn vị (mã; để trống = toàn tổ chức)", "Unit (code; blank = whole organisation)")) input type="text" name="unit"; }
                label { (lang.t("Mật khẩu ban đầu (Điều 11.3.a)", "Initial password (Điều 11.3.a)")) input type="password" name="password" required autocomplete="new-password"; }
                button type="submit" { (lang.t("Thêm", "Add")) }
            }
        }
    };
    (status, layout(p, lang, lang.t("Người dùng", "Users"), body)).into_response()
}

async fn users(State(state): State<AppState>, lang: Lang, AdminUser(p): AdminUser) -> Response {
    users_page(&state, &p, lang, None, StatusCode::OK).await
}

/// Form fields with repeated `role` values.
fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes(body).unwrap_or_default()
}

fn field(pairs: &[(String, String)], name: &str) -> String {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
}

fn roles(pairs: &[(String, String)]) -> Vec<String> {
    pairs.iter().filter(|(k, _)| k == "role").map(|(_, v)| v.clone()).collect()
}

fn secret_markup(lang: Lang, username: &str, secret: &str) -> Markup {
    html! {
        p { (lang.t("Khóa TOTP (chỉ hiện một lần; nhập vào ứng dụng xác thực):", "TOTP secret (shown once; enter it in an authenticator app):")) }
        p.secret #totp-secret { (secret) }
        p.secret { (crate::crypto::totp_uri(username, secret)) }
    }
}

async fn user_create(
    State(state): State<AppState>,
    lang: Lang,
    AdminUser(p): AdminUser,
    body: axum::body::Bytes,
) -> Response {
    let pairs = form_pairs(&body);
    let username = field(&pairs, "username").trim().to_string();
    let unit = field(&pairs, "unit");
    let password = field(&pairs, "password");
    let role_names = roles(&pairs);
    let pack = std::sync::Arc::clone(&state.inner.pack);
    let p2 = p.clone();
    let u2 = username.clone();
    let result = state
        .db(move |s| {
            let grants = match crate::users::grants(&role_names, Some(unit.as_str())) {
                Ok(g) if !g.is_empty() => g,
                Ok(_) => return Ok(Err("chọn ít nhất một vai trò / choose at least one role".to_string())),
                Err(e) => return Ok(Err(e.to_string())),
            };
            match crate::users::add_user(s, &pack, Some(&p2.user.username), &u2, &password, &grants, p2.ip.as_deref()) {
                Ok(c) => Ok(Ok(c)),
                Err(crate::users::UserError::Other(e)) => Err(e),
                Err(e) => Ok(Err(e.to_string())),
            }
        })
        .await;
    match result {
        Ok(Ok(created)) => {
            let m = html! {
                strong { (lang.t("Đã thêm", "Added")) " " (username) "." }
                @if let Some(s) = &created.totp_secret { (secret_markup(lang, &username, s)) }
            };
            users_page(&state, &p, lang, Some((true, m)), StatusCode::OK).await
        }
        Ok(Err(msg)) => {
            users_page(&state, &p, lang, Some((false, html! { (msg) })), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => err_page(lang, &Problem::internal(&e)),
    }
}

async fn user_page(
    state: &AppState,
    p: &Principal,
    lang: Lang,
    name: &str,
    flash: Option<(bool, Markup)>,
    status: StatusCode,
) -> Response {
    let n = name.to_string();
    let found = state.db(move |s| Ok(s.web().user_by_name(&n)?)).await;
    let u = match found {
        Ok(Some(u)) => u,
        Ok(None) => return err_page(lang, &Problem::not_found()),
        Err(e) => return err_page(lang, &Problem::internal(&e)),
    };
    let base = format!("/admin/users/{}", crate::crypto::form_encode(&u.username));
    let csrf = p.csrf().to_string();
    let action = |path: &str, label: &str, danger: bool| {
        html! { form method="post" action={(base) "/" (path)} { input type="hidden" name="_csrf" value=(csrf); button class=[danger.then_some("danger")] type="submit" { (label) } } }
    };
    let unit = u.grants.first().map(|g| g.unit.clone()).filter(|x| x != "*").unwrap_or_default();
    let body = html! {
        h1 { (u.username) }
        @if let Some((ok, m)) = flash { div class={"flash" @if !ok { " error" }} role="status" { (m) } }
        div.card {
            table {
                tr { th { (lang.t("Vai trò", "Roles")) } td { @for g in &u.grants { (g.role) "@" (g.unit) " " } } }
                tr { th { "TOTP" } td { (if u.totp_secret.is_some() { lang.t("đã cấu hình", "configured") } else { lang.t("chưa", "not set") }) } }
                tr { th { (lang.t("Đăng nhập sai liên tiếp", "Consecutive failures")) } td { (u.failed_logins) } }
                tr { th { (lang.t("Khóa đến", "Locked until")) } td { (u.locked_until.map(vn_time).unwrap_or_default()) } }
                tr { th { (lang.t("Vô hiệu", "Disabled")) } td { (u.disabled) } }
                tr { th { (lang.t("Tạo lúc", "Created")) } td { (vn_time(u.created_at)) } }
            }
            div.kpis {
                (action("unlock", lang.t("Mở khóa", "Unlock"), false))
                @if u.disabled { (action("enable", lang.t("Kích hoạt", "Enable"), false)) } @else { (action("disable", lang.t("Vô hiệu hóa", "Disable"), true)) }
                (action("totp-reset", lang.t("Cấp lại khóa TOTP", "Reset TOTP"), false))
                (action("sessions/revoke", lang.t("Đóng mọi phiên", "End all sessions"), true))
            }
        }
        div.card {
            h2 { (lang.t("Vai trò", "Roles")) }
            form.stack method="post" action={(base) "/roles"} {
                input type="hidden" name="_csrf" value=(csrf);
                @for r in Role::ALL { label { input type="checkbox" name="role" value=(r.as_str()) checked[u.grants.iter().any(|g| g.role == r.as_str())]; " " (r.label(lang.vi)) } }
                label { (lang.t("Đơn vị (để trống = toàn tổ chức)", "Unit (blank = whole organisation)")) input type="text" name="unit" value=(unit); }
                button type="submit" { (lang.t("Lưu vai trò", "Save roles")) }
            }
        }
        div.card {
            h2 { (lang.t("Đặt lại mật khẩu", "Reset password")) }
            form.stack method="post" action={(base) "/password"} {
                input type="hidden" name="_csrf" value=(csrf);
                label { (lang.t("Mật khẩu mới (Điều 11.3.a)", "New password (Điều 11.3.a)")) input type="password" name="password" required autocomplete="new-password"; }
                button type="submit" { (lang.t("Đặt mật khẩu", "Set password")) }
            }
        }
    };
    (status, layout(p, lang, &u.username, body)).into_response()
}

async fn user(
    State(state): State<AppState>,
    lang: Lang,
    AdminUser(p): AdminUser,
    Path(name): Path<String>,
) -> Response {
    user_page(&state, &p, lang, &name, None, StatusCode::OK).await
}

async fn user_roles(
    State(state): State<AppState>,
    lang: Lang,
    AdminUser(p): AdminUser,
    Path(name): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let pairs = form_pairs(&body);
    let role_names = roles(&pairs);
    let unit = field(&pairs, "unit");
    let p2 = p.clone();
    let n = name.clone();
    let r = state
        .db(move |s| {
            let grants = match crate::users::grants(&role_names, Some(unit.as_str())) {
                Ok(g) => g,
                Err(e) => return Ok(Err(e.to_string())),
            };
            match crate::users::set_grants(s, Some(&p2.user.username), &n, &grants, p2.ip.as_deref()) {
                Ok(secret) => Ok(Ok(secret)),
                Err(crate::users::UserError::Other(e)) => Err(e),
                Err(e) => Ok(Err(e.to_string())),
            }
        })
        .await;
    match r {
        Ok(Ok(secret)) => {
            let m = html! { (lang.t("Đã lưu vai trò; các phiên của người dùng đã được đóng.", "Roles saved; the user's sessions were ended.")) @if let Some(s) = &secret { (secret_markup(lang, &name, s)) } };
            user_page(&state, &p, lang, &name, Some((true, m)), StatusCode::OK).await
        }
        Ok(Err(m)) => {
            user_page(&state, &p, lang, &name, Some((false, html! { (m) })), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => err_page(lang, &Problem::internal(&e)),
    }
}

#[derive(Deserialize)]
struct PasswordForm {
    password: String,
}

async fn user_password(
    State(state): State<AppState>,
    lang: Lang,
    AdminUser(p): AdminUser,
    Path(name): Path<String>,
    Form(f): Form<PasswordForm>,
) -> Response {
    let pack = std::sync::Arc::clone(&state.inner.pack);
    let p2 = p.clone();
    let n = name.clone();
    let r = state
        .db(move |s| {
            match crate::users::set_password(s, &pack, Some(&p2.user.username), &n, &f.password, p2.ip.as_deref()) {
                Ok(()) => Ok(Ok(())),
                Err(crate::users::UserError::Other(e)) => Err(e),
                Err(e) => Ok(Err(e.to_string())),
            }
        })
        .await;
    match r {
        Ok(Ok(())) => {
            user_page(
                &state,
                &p,
                lang,
                &name,
                Some((true, html! { (lang.t("Đã đặt mật khẩu mới.", "Password set.")) })),
                StatusCode::OK,
            )
            .await
        }
        Ok(Err(m)) => {
            user_page(&state, &p, lang, &name, Some((false, html! { (m) })), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => err_page(lang, &Problem::internal(&e)),
    }
}

/// Runs a simple change on a user and audits it.
async fn simple(
    state: &AppState,
    p: &Principal,
    lang: Lang,
    name: &str,
    action: &'static str,
    f: fn(&mut tuanthu_store::Store, i64) -> anyhow::Result<Option<String>>,
) -> Response {
    let p2 = p.clone();
    let n = name.to_string();
    let r = state
        .db(move |s| {
            let Some(u) = s.web().user_by_name(&n)? else { return Ok(None) };
            let out = f(s, u.id)?;
            p2.audit(s, action, "ok", Some(&n), None);
            Ok(Some(out))
        })
        .await;
    match r {
        Ok(Some(secret)) => {
            let m = html! { (lang.t("Đã thực hiện", "Done")) ": " (action) @if let Some(s) = &secret { (secret_markup(lang, name, s)) } };
            user_page(state, p, lang, name, Some((true, m)), StatusCode::OK).await
        }
        Ok(None) => err_page(lang, &Problem::not_found()),
        Err(e) => err_page(lang, &Problem::internal(&e)),
    }
}

async fn user_unlock(
    State(state): State<AppState>,
    lang: Lang,
    AdminUser(p): AdminUser,
    Path(name): Path<String>,
) -> Response {
    simple(&state, &p, lang, &name, "user_unlock", |s, id| {
        s.web().clear_login_failures(id)?;
        Ok(None)
    })
    .await
}

async fn user_disable(
    State(state): State<AppState>,
    lang: Lang,
    AdminUser(p): AdminUser,
    Path(name): Path<String>,
) -> Response {
    simple(&state, &p, lang, &name, "user_disable", |s, id| {
        s.web().set_disabled(id, true)?;
        s.web().delete_user_sessions(id)?;
        Ok(None)
    })
    .await
}

async fn user_enable(
    State(state): State<AppState>,
    lang: Lang,
    AdminUser(p): AdminUser,
    Path(name): Path<String>,
) -> Response {
    simple(&state, &p, lang, &name, "user_enable", |s, id| {
        s.web().set_disabled(id, false)?;
        Ok(None)
    })
    .await
}

async fn user_totp_reset(
    State(state): State<AppState>,
    lang: Lang,
    AdminUser(p): AdminUser,
    Path(name): Path<String>,
) -> Response {
    simple(&state, &p, lang, &name, "totp_reset", |s, id| {
        let secret = crate::crypto::new_totp_secret()?;
        s.web().set_totp_secret(id, Some(&secret))?;
        s.web().delete_user_sessions(id)?;
        Ok(Some(secret))
    })
    .await
}

async fn user_sessions_revoke(
    State(state): State<AppState>,
    lang: Lang,
    AdminUser(p): AdminUser,
    Path(name): Path<String>,
) -> Response {
    simple(&state, &p, lang, &name, "session_revoke", |s, id| {
        s.web().delete_user_sessions(id)?;
        Ok(None)
    })
    .await
}

async fn tokens(State(state): State<AppState>, lang: Lang, AdminUser(p): AdminUser) -> Response {
    let r = state
        .db(|s| {
            let users = s.web().users()?;
            let tokens = s.web().tokens(None)?;
            Ok((users, tokens))
        })
        .await;
    let (users, tokens) = match r {
        Ok(x) => x,
        Err(e) => return err_page(lang, &Problem::internal(&e)),
    };
    let name = |id: i64| users.iter().find(|u| u.id == id).map(|u| u.username.clone()).unwrap_or_default();
    let body = html! {
        h1 { (lang.t("Mã API và nguồn lịch", "API tokens and calendar feeds")) }
        table {
            tr { th { "#" } th { (lang.t("Người dùng", "User")) } th { (lang.t("Tên", "Name")) } th { (lang.t("Tạo lúc", "Created")) } th { (lang.t("Dùng lần cuối", "Last used")) } th {} }
            @for t in &tokens {
                tr {
                    td { (t.id) } td { (name(t.user_id)) } td { (t.name) } td { (vn_time(t.created_at)) } td { (t.last_used_at.map(vn_time).unwrap_or_default()) }
                    td { @if let Some(r) = t.revoked_at { (lang.t("đã thu hồi", "revoked")) " " (vn_time(r)) } @else {
                        form method="post" action={"/admin/tokens/" (t.id) "/revoke"} { input type="hidden" name="_csrf" value=(p.csrf()); button.danger type="submit" { (lang.t("Thu hồi", "Revoke")) } }
                    } }
                }
            }
        }
    };
    layout(&p, lang, "tokens", body).into_response()
}

async fn token_revoke(
    State(state): State<AppState>,
    lang: Lang,
    AdminUser(p): AdminUser,
    Path(id): Path<i64>,
) -> Response {
    let p2 = p.clone();
    let r = state
        .db(move |s| {
            let ok = s.web().revoke_token(id, chrono::Utc::now())?;
            p2.audit(s, "token_revoke", if ok { "ok" } else { "noop" }, Some(&format!("#{id}")), None);
            Ok(ok)
        })
        .await;
    match r {
        Ok(_) => Redirect::to("/admin/tokens").into_response(),
        Err(e) => err_page(lang, &Problem::internal(&e)),
    }
}

async fn sessions(State(state): State<AppState>, lang: Lang, AdminUser(p): AdminUser) -> Response {
    let r = state.db(|s| Ok((s.web().users()?, s.web().sessions()?))).await;
    let (users, sessions) = match r {
        Ok(x) => x,
        Err(e) => return err_page(lang, &Problem::internal(&e)),
    };
    let name = |id: i64| users.iter().find(|u| u.id == id).map(|u| u.username.clone()).unwrap_or_default();
    let body = html! {
        h1 { (lang.t("Phiên đăng nhập", "Sessions")) }
        table {
            tr { th { (lang.t("Người dùng", "User")) } th { (lang.t("Cổng", "Listener")) } th { (lang.t("Bắt đầu", "Started")) } th { (lang.t("Hoạt động cuối", "Last seen")) } th { (lang.t("Địa chỉ", "Address")) } th { (lang.t("Trình duyệt", "User agent")) } }
            @for s in &sessions { tr { td { (name(s.user_id)) } td { (s.realm) } td { (vn_time(s.created_at)) } td { (vn_time(s.last_seen_at)) } td { (s.ip.clone().unwrap_or_default()) } td.muted { (s.user_agent.clone().unwrap_or_default()) } } }
        }
    };
    layout(&p, lang, "sessions", body).into_response()
}

async fn settings(State(state): State<AppState>, lang: Lang, AdminUser(p): AdminUser) -> Response {
    let s = state.settings();
    let rows = [
        ("lockout_threshold", s.lockout_threshold.to_string(), "Điều 12.2 — giới hạn số lần đăng nhập sai liên tiếp"),
        ("lockout_minutes", (s.lockout_duration.as_secs() / 60).to_string(), "Điều 12.2"),
        (
            "idle_timeout_minutes",
            (s.idle_timeout.as_secs() / 60).to_string(),
            "Điều 12.2 — giới hạn thời gian chờ đóng phiên",
        ),
        ("absolute_timeout_hours", format!("{:.1}", s.absolute_timeout.as_secs_f64() / 3600.0), "Điều 12.2"),
        ("tls", state.tls.to_string(), "Điều 12.4 — giao thức mã hóa khi truy cập từ xa"),
        ("mfa_roles", "admin, security_officer".into(), "Điều 12.2 — xác thực người dùng"),
        (
            "password_policy",
            format!("{:?}", tuanthu_core::rules::password_policy(state.pack()).unwrap_or_default()),
            "Điều 11.3.a (PWD-CHECK)",
        ),
    ];
    let body = html! {
        h1 { (lang.t("Cấu hình bảo mật", "Security settings")) }
        p.muted { (lang.t("Đặt bằng tham số dòng lệnh của tuanthu serve (xem docs/web.md).", "Set by tuanthu serve's command-line options (see docs/web.md).")) }
        table { tr { th { (lang.t("Tham số", "Setting")) } th { (lang.t("Giá trị", "Value")) } th { (lang.t("Căn cứ", "Basis")) } } @for (k, v, b) in &rows { tr { td { code { (k) } } td { (v) } td { (b) } } } }
    };
    layout(&p, lang, "settings", body).into_response()
}

async fn rules(State(state): State<AppState>, lang: Lang, AdminUser(p): AdminUser) -> Response {
    let pack = state.pack();
    let v = json!({"id": pack.id, "title_vi": pack.title_vi, "rules": pack.rules.len()});
    let body = html! {
        h1 { (lang.t("Bộ quy tắc đang dùng", "Rule pack in use")) }
        pre { (serde_json::to_string_pretty(&v).unwrap_or_default()) }
        p.muted { (lang.t("Bộ quy tắc được chọn khi khởi động (--pack); thay đổi cần khởi động lại.", "The pack is chosen at start (--pack); changing it needs a restart.")) }
    };
    let mut r = layout(&p, lang, "rules", body).into_response();
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}
