//! Console pages (service listener), server-rendered with htmx.

use axum::extract::{FromRequestParts, Multipart, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::{html, Markup};
use serde::Deserialize;
use tuanthu_core::rulepack::Coverage;
use tuanthu_core::Status;

use crate::api::{self, AuditQuery, CalendarQuery, ExportFormat, ListQuery};
use crate::auth::{self, AuthFailure, LoginOutcome, Principal};
use crate::authz::Action;
use crate::http::{self, Problem};
use crate::imports::{self, JobState, Refused};
use crate::query::{self, FindingQuery};
use crate::state::AppState;
use crate::views::{self, opt_date, page, qs, status_badge, vn_date, vn_time, Here, Lang};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(dashboard))
        .route("/login", get(login_form).post(login_submit))
        .route("/logout", post(logout))
        .route("/lang/{code}", get(set_lang))
        .route("/findings", get(findings))
        .route("/findings/export", get(findings_export))
        .route("/findings/detail", get(finding_detail))
        .route("/systems", get(systems))
        .route("/systems/{id}", get(system))
        .route("/persons", get(persons))
        .route("/persons/{id}", get(person))
        .route("/accounts", get(accounts))
        .route("/accounts/detail", get(account))
        .route("/rules", get(rules))
        .route("/imports", get(imports_page).post(imports_start))
        .route("/imports/jobs/{id}", get(import_job))
        .route("/calendar", get(calendar))
        .route("/calendar/feed", post(calendar_feed))
        .route("/ics/{token}", get(ics_feed))
        .route("/audit", get(audit))
        .route("/me", get(me))
        .route("/me/password", post(me_password))
        .route("/me/tokens", post(me_token_create))
        .route("/me/tokens/{id}/revoke", post(me_token_revoke))
        .route("/runs", post(run_now))
}

/// A signed-in console user; otherwise a redirect to the login page.
pub struct PageUser(pub Principal);

impl FromRequestParts<AppState> for PageUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match auth::authenticate(state, parts).await {
            Ok(p) => Ok(PageUser(p)),
            Err(AuthFailure::Csrf) => Err(Problem::csrf().into_response()),
            Err(_) if parts.headers.contains_key("hx-request") => {
                let mut r = StatusCode::UNAUTHORIZED.into_response();
                r.headers_mut().insert("hx-redirect", HeaderValue::from_static("/login"));
                Err(r)
            }
            Err(_) => Err(Redirect::to("/login").into_response()),
        }
    }
}

/// A problem shown as a page.
fn problem_page(lang: Lang, p: &Problem) -> Response {
    let body = html! {
        div.card {
            h1 { (p.status.as_u16()) " " (p.title) }
            p { (p.detail) }
            p { a href="/" { (lang.t("Về trang tổng quan", "Back to the dashboard")) } }
        }
    };
    (p.status, views::bare(lang, &p.title, "", body)).into_response()
}

type PageResult = Result<Response, Response>;

fn wrap(lang: Lang) -> impl Fn(Problem) -> Response {
    move |p| problem_page(lang, &p)
}

// ───────────────────────── login ─────────────────────────

const PRE_COOKIE: &str = "__Host-tuanthu-pre";

pub fn login_markup(
    lang: Lang,
    action: &str,
    pre: &str,
    error: Option<&str>,
    asset_prefix: &str,
    admin: bool,
) -> Markup {
    let body = html! {
        div.card.login {
            h1 { @if admin { (lang.t("Quản trị tuanthu", "tuanthu administration")) } @else { (lang.t("Đăng nhập tuanthu", "Sign in to tuanthu")) } }
            @if let Some(e) = error { p.flash.error role="alert" { (e) } }
            form.stack method="post" action=(action) autocomplete="off" {
                input type="hidden" name="_pre" value=(pre);
                label { (lang.t("Tên đăng nhập", "User name")) input type="text" name="username" required autofocus autocomplete="username"; }
                label { (lang.t("Mật khẩu", "Password")) input type="password" name="password" required autocomplete="current-password"; }
                label { (lang.t("Mã xác thực (TOTP, 6 số)", "Authentication code (TOTP, 6 digits)")) input type="text" name="totp" inputmode="numeric" pattern="[0-9 ]{6,7}" autocomplete="one-time-code"; }
                button type="submit" { (lang.t("Đăng nhập", "Sign in")) }
            }
            p.muted { (lang.t("Không có chức năng ghi nhớ đăng nhập. Tài khoản bị khóa tạm thời sau nhiều lần đăng nhập sai liên tiếp (Điều 12.2).", "There is no \"remember me\". Accounts are locked for a while after repeated failed logins (Điều 12.2).")) }
            p { a href={(if admin { "/admin/lang/" } else { "/lang/" }) (if lang.vi { "en" } else { "vi" }) "?back=" (if admin { "/admin/login" } else { "/login" })} { (if lang.vi { "English" } else { "Tiếng Việt" }) } }
        }
    };
    views::bare(lang, lang.t("Đăng nhập", "Sign in"), asset_prefix, body)
}

/// The login form, with a double-submit token (login CSRF).
pub fn login_response(
    lang: Lang,
    action: &str,
    error: Option<&str>,
    status: StatusCode,
    asset_prefix: &str,
    admin: bool,
) -> Response {
    let pre = crate::crypto::random_token().unwrap_or_default();
    let mut r = (status, login_markup(lang, action, &pre, error, asset_prefix, admin)).into_response();
    r.headers_mut().append(header::SET_COOKIE, http::set_cookie(PRE_COOKIE, &pre));
    r
}

async fn login_form(lang: Lang) -> Response {
    login_response(lang, "/login", None, StatusCode::OK, "", false)
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    totp: String,
    #[serde(default)]
    _pre: String,
}

/// Handles a login form post for either listener.
#[allow(clippy::too_many_arguments)]
pub async fn login_post(
    state: &AppState,
    lang: Lang,
    headers: &HeaderMap,
    ext: &axum::http::Extensions,
    form: LoginForm,
    home: &str,
    action: &str,
    asset_prefix: &str,
) -> Response {
    let admin = state.realm == crate::state::Realm::Admin;
    let cookie = http::cookie(headers, PRE_COOKIE).unwrap_or_default();
    if cookie.is_empty() || !crate::crypto::constant_time_eq(cookie.as_bytes(), form._pre.as_bytes()) {
        let msg = lang.t("Biểu mẫu đã hết hạn; hãy đăng nhập lại.", "The form expired; please sign in again.");
        return login_response(lang, action, Some(msg), StatusCode::FORBIDDEN, asset_prefix, admin);
    }
    let ua = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_string);
    let totp = Some(form.totp).filter(|t| !t.trim().is_empty());
    match auth::login(state, form.username, form.password, totp, http::client_ip(ext), ua).await {
        Ok(LoginOutcome::Ok { session_id, .. }) => {
            let mut r = Redirect::to(home).into_response();
            r.headers_mut().append(header::SET_COOKIE, http::set_cookie(state.realm.cookie(), &session_id));
            r.headers_mut().append(header::SET_COOKIE, http::clear_cookie(PRE_COOKIE));
            r
        }
        Ok(LoginOutcome::Bad { reason }) => {
            let msg = match reason {
                "totp" => lang.t("Sai hoặc thiếu mã xác thực TOTP.", "Wrong or missing TOTP code."),
                "mfa_not_set" => {
                    lang.t("Chưa cấu hình TOTP; liên hệ quản trị.", "TOTP is not configured; contact an administrator.")
                }
                _ => lang.t("Sai tên đăng nhập hoặc mật khẩu.", "Wrong user name or password."),
            };
            login_response(lang, action, Some(msg), StatusCode::UNAUTHORIZED, asset_prefix, admin)
        }
        Ok(LoginOutcome::Locked { until }) => {
            let msg = if lang.vi {
                format!("Tài khoản bị khóa tạm thời do đăng nhập sai nhiều lần; thử lại sau {}.", vn_time(until))
            } else {
                format!("Account locked after repeated failed logins; try again after {}.", vn_time(until))
            };
            login_response(lang, action, Some(&msg), StatusCode::LOCKED, asset_prefix, admin)
        }
        Ok(LoginOutcome::Forbidden) => {
            let msg = lang.t("Tài khoản không có quyền quản trị.", "This account is not an administrator.");
            login_response(lang, action, Some(msg), StatusCode::FORBIDDEN, asset_prefix, admin)
        }
        Err(e) => problem_page(lang, &Problem::internal(&e)),
    }
}

async fn login_submit(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    ext: axum::http::Extensions,
    Form(form): Form<LoginForm>,
) -> Response {
    login_post(&state, lang, &headers, &ext, form, "/", "/login", "").await
}

async fn logout(State(state): State<AppState>, lang: Lang, PageUser(p): PageUser) -> Response {
    if let Err(e) = auth::logout(&state, &p).await {
        return problem_page(lang, &Problem::internal(&e));
    }
    let mut r = Redirect::to("/login").into_response();
    r.headers_mut().insert(header::SET_COOKIE, http::clear_cookie(state.realm.cookie()));
    r
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Back {
    back: Option<String>,
}

/// Sets the language cookie and goes back (only to a local path).
pub async fn set_lang(Path(code): Path<String>, Query(b): Query<Back>) -> Response {
    let back = b
        .back
        .filter(|p| p.starts_with('/') && !p.starts_with("//") && !p.contains('\\'))
        .unwrap_or_else(|| "/".into());
    let mut r = Redirect::to(&back).into_response();
    let v = if code == "en" { "en" } else { "vi" };
    if let Ok(h) = HeaderValue::from_str(&format!(
        "{}={v}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=31536000",
        views::LANG_COOKIE
    )) {
        r.headers_mut().insert(header::SET_COOKIE, h);
    }
    r
}

// ───────────────────────── dashboard ─────────────────────────

fn counts_cells(c: &[u64; 6], link: &str) -> Markup {
    let order = [Status::Fail, Status::Pending, Status::NoEvidence, Status::Excepted, Status::Pass];
    html! {
        @for s in order {
            @let n = c[crate::dashboard::slot(s)];
            td.num { @if n > 0 && s != Status::Pass { a href={(link) "&status=" (s.as_str())} { (n) } } @else { (n) } }
        }
    }
}

fn counts_head(lang: Lang) -> Markup {
    html! {
        th.num { (lang.t("Vi phạm", "Fail")) } th.num { (lang.t("Chờ hạn", "Pending")) }
        th.num { (lang.t("Thiếu dữ liệu", "No evidence")) } th.num { (lang.t("Ngoại lệ", "Excepted")) } th.num { (lang.t("Đạt", "Pass")) }
    }
}

/// The trend chart: attention counts per past run, as inline SVG (no script).
fn trend_svg(points: &[crate::dashboard::TrendPoint], lang: Lang) -> Markup {
    if points.is_empty() {
        return html! { p.muted { (lang.t("Chưa có lần kiểm tra nào được lưu.", "No check run kept yet.")) } };
    }
    let (w, h, pad_l, pad_b, pad_t) = (720.0_f64, 220.0_f64, 48.0_f64, 34.0_f64, 10.0_f64);
    let series = [
        (Status::Fail, "#c62828"),
        (Status::Pending, "#b26a00"),
        (Status::NoEvidence, "#546e7a"),
        (Status::Excepted, "#6a1b9a"),
    ];
    let max = points
        .iter()
        .flat_map(|p| series.iter().map(move |(s, _)| p.counts[crate::dashboard::slot(*s)].unwrap_or(0)))
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let n = points.len();
    let x = |i: usize| {
        if n == 1 {
            pad_l + (w - pad_l - 10.0) / 2.0
        } else {
            pad_l + (w - pad_l - 10.0) * i as f64 / (n - 1) as f64
        }
    };
    let y = |v: u64| pad_t + (h - pad_t - pad_b) * (1.0 - v as f64 / max);
    let mut svg = format!(
        "<svg viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        lang.t("Xu hướng qua các lần kiểm tra", "Trend over check runs")
    );
    for k in 0..=4 {
        let v = (max * f64::from(k) / 4.0).round() as u64;
        let yy = y(v);
        svg.push_str(&format!("<line x1=\"{pad_l}\" y1=\"{yy:.1}\" x2=\"{:.1}\" y2=\"{yy:.1}\" stroke=\"#e3e7ee\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"end\" fill=\"#5b6475\">{v}</text>", w - 10.0, pad_l - 4.0, yy + 3.0));
    }
    for (s, color) in series {
        let pts: Vec<String> = points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.counts[crate::dashboard::slot(s)].map(|v| format!("{:.1},{:.1}", x(i), y(v))))
            .collect();
        if pts.is_empty() {
            continue;
        }
        svg.push_str(&format!(
            "<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{}\"/>",
            pts.join(" ")
        ));
        for p in &pts {
            if let Some((a, b)) = p.split_once(',') {
                svg.push_str(&format!("<circle cx=\"{a}\" cy=\"{b}\" r=\"2.5\" fill=\"{color}\"/>"));
            }
        }
    }
    let step = (n / 8).max(1);
    for (i, p) in points.iter().enumerate() {
        if i % step == 0 || i == n - 1 {
            svg.push_str(&format!(
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#5b6475\">{}</text>",
                x(i),
                h - pad_b + 14.0,
                p.as_of.format("%d/%m/%y")
            ));
        }
    }
    svg.push_str("</svg>");
    html! {
        div.chart { (views::raw(svg)) }
        div.legend {
            span { i.l-fail {} (lang.t("Vi phạm", "Fail")) } span { i.l-pending {} (lang.t("Chờ hạn", "Pending")) }
            span { i.l-no_evidence {} (lang.t("Thiếu dữ liệu", "No evidence")) } span { i.l-excepted {} (lang.t("Ngoại lệ", "Excepted")) }
        }
    }
}

fn finding_link(f: &tuanthu_core::Finding) -> String {
    format!("/findings/detail?{}", qs(&[("rule", &f.rule), ("subject", &f.subject_id)]))
}

fn message(f: &tuanthu_core::Finding, lang: Lang) -> &str {
    if lang.vi {
        &f.message_vi
    } else {
        &f.message_en
    }
}

async fn dashboard(State(state): State<AppState>, lang: Lang, Here(here): Here, PageUser(p): PageUser) -> PageResult {
    let today = tuanthu_core::today_in_vietnam();
    let d = crate::dashboard::build(&state, &p, today).await.map_err(wrap(lang))?;
    let t = &d.totals;
    let s = crate::dashboard::slot;
    let body = html! {
        h1 { (lang.t("Tổng quan tuân thủ", "Compliance overview")) " — " (vn_date(d.as_of)) }
        div.kpis {
            div.kpi { (lang.t("Vi phạm", "Fail")) b.err { (t[s(Status::Fail)]) } }
            div.kpi { (lang.t("Chờ hạn", "Pending")) b { (t[s(Status::Pending)]) } }
            div.kpi { (lang.t("Thiếu dữ liệu", "No evidence")) b { (t[s(Status::NoEvidence)]) } }
            div.kpi { (lang.t("Ngoại lệ", "Excepted")) b { (t[s(Status::Excepted)]) } }
            div.kpi { (lang.t("Đạt", "Pass")) b.ok { (t[s(Status::Pass)]) } }
            @if d.can_run {
                form method="post" action="/runs" {
                    input type="hidden" name="_csrf" value=(p.csrf());
                    button type="submit" { (lang.t("Lưu lần kiểm tra hôm nay", "Keep today's check run")) }
                }
            }
        }
        p.muted { (lang.t("Đánh giá lúc", "Evaluated at")) " " (vn_time(d.computed_at)) }
        div.grid {
            div.card {
                h2 { (lang.t("Xu hướng qua các lần kiểm tra", "Trend over check runs")) }
                (trend_svg(&d.trend, lang))
            }
            div.card {
                h2 { (lang.t("Hạn trong 30 ngày tới", "Deadlines in the next 30 days")) " (" (d.upcoming_total) ")" }
                table {
                    tr { th { (lang.t("Hạn", "Due")) } th { (lang.t("Quy tắc", "Rule")) } th { (lang.t("Đối tượng", "Subject")) } th { (lang.t("Trạng thái", "Status")) } }
                    @for f in &d.upcoming {
                        tr { td { (opt_date(f.due)) } td { (f.rule) } td { a href=(finding_link(f)) { (f.subject_id) } } td { (status_badge(f.status, lang)) } }
                    }
                }
                p { a href={"/calendar"} { (lang.t("Xem lịch", "Open the calendar")) } }
            }
        }
        div.card {
            h2 { (lang.t("Quá hạn lâu nhất", "Most overdue")) }
            table {
                tr { th { (lang.t("Quy tắc", "Rule")) } th { (lang.t("Điều", "Article")) } th { (lang.t("Đối tượng", "Subject")) } th { (lang.t("Hạn", "Due")) } th.num { (lang.t("Quá hạn (ngày)", "Overdue (days)")) } th { (lang.t("Nội dung", "Message")) } }
                @for f in &d.top_overdue {
                    tr { td { (f.rule) } td { (f.cite) } td { a href=(finding_link(f)) { (f.subject_id) } } td { (opt_date(f.due)) } td.num { (f.overdue_days.unwrap_or(0)) } td { (message(f, lang)) } }
                }
            }
        }
        div.grid {
            div.card {
                h2 { (lang.t("Theo chương, điều", "By chapter and article")) }
                table {
                    tr { th { (lang.t("Chương", "Chapter")) } th { (lang.t("Điều", "Article")) } (counts_head(lang)) }
                    @for a in &d.articles {
                        tr { td { (a.chapter) " — " (lang.t(a.chapter_vi, a.chapter_en)) } td { "Điều " (a.article) } (counts_cells(&a.counts, &format!("/findings?article={}", a.article))) }
                    }
                }
            }
            div.card {
                h2 { (lang.t("Theo đơn vị", "By unit")) }
                table {
                    tr { th { (lang.t("Đơn vị", "Unit")) } (counts_head(lang)) }
                    @for u in d.units.iter().take(40) {
                        tr { td { (u.code) " " span.muted { (u.name) } } (counts_cells(&u.counts, &format!("/findings?unit={}", crate::crypto::form_encode(&u.code)))) }
                    }
                }
                @if d.units.len() > 40 { p.muted { (d.units.len() - 40) " " (lang.t("đơn vị khác", "more units")) } }
            }
        }
    };
    Ok(page(&state, &p, lang, &here_path(&here), lang.t("Tổng quan", "Dashboard"), body).into_response())
}

fn here_path(here: &str) -> String {
    here.split('?').next().unwrap_or("/").to_string()
}

async fn run_now(State(state): State<AppState>, lang: Lang, PageUser(p): PageUser) -> PageResult {
    api::record_run(&state, &p, None).await.map_err(wrap(lang))?;
    state.inner.runs.invalidate();
    Ok(Redirect::to("/").into_response())
}

// ───────────────────────── findings ─────────────────────────

const PAGE_SIZE: usize = 50;

async fn findings(
    State(state): State<AppState>,
    lang: Lang,
    Here(here): Here,
    PageUser(p): PageUser,
    Query(mut q): Query<FindingQuery>,
) -> PageResult {
    let offset = q.offset.unwrap_or(0);
    q.limit = Some(q.limit.unwrap_or(PAGE_SIZE).min(500));
    let sel = query::select(&state, &p, &q, true).await.map_err(wrap(lang))?;
    let v = |o: &Option<String>| o.clone().unwrap_or_default();
    let base = |extra: &[(&str, &str)]| {
        let mut pairs: Vec<(&str, String)> = vec![
            ("status", v(&q.status)),
            ("rule", v(&q.rule)),
            ("article", v(&q.article)),
            ("unit", v(&q.unit)),
            ("system", v(&q.system)),
            ("due_from", v(&q.due_from)),
            ("due_to", v(&q.due_to)),
            ("q", v(&q.q)),
            ("sort", v(&q.sort)),
            ("as_of", v(&q.as_of)),
        ];
        for (k, val) in extra {
            pairs.retain(|(x, _)| x != k);
            pairs.push((k, val.to_string()));
        }
        let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        qs(&refs)
    };
    let sort_link = |key: &str| {
        let cur = q.sort.as_deref().unwrap_or("");
        let next = if cur == key { format!("-{key}") } else { key.to_string() };
        format!("/findings?{}", base(&[("sort", &next), ("offset", "")]))
    };
    let rules = &state.pack().rules;
    let status_opts = [
        ("", lang.t("Cần xử lý", "Needing attention")),
        ("fail", lang.t("Vi phạm", "Fail")),
        ("pending", lang.t("Chờ hạn", "Pending")),
        ("no_evidence", lang.t("Thiếu dữ liệu", "No evidence")),
        ("excepted", lang.t("Ngoại lệ", "Excepted")),
        ("pass", lang.t("Đạt", "Pass")),
        ("all", lang.t("Tất cả", "All")),
    ];
    let cur_status = v(&q.status);
    let cur_rule = v(&q.rule);
    let mut units: Vec<&tuanthu_core::evidence::Unit> = {
        let scope = p.scope(Action::ReadFindings, &sel.loaded.snapshot);
        sel.loaded.snapshot.units.iter().filter(|u| scope.sees_unit(&u.code)).collect()
    };
    units.sort_by_cached_key(|u| crate::collate::sort_key(&u.name));
    let cur_unit = v(&q.unit);
    let body = html! {
        h1 { (lang.t("Phát hiện", "Findings")) " — " (vn_date(sel.as_of)) }
        form.filters method="get" action="/findings" {
            label { (lang.t("Trạng thái", "Status")) select name="status" { @for (val, label) in status_opts { option value=(val) selected[cur_status == val] { (label) } } } }
            label { (lang.t("Quy tắc", "Rule")) select name="rule" { option value="" { (lang.t("Tất cả", "All")) } @for r in rules.iter().filter(|r| r.coverage == Coverage::Implemented) { option value=(r.id) selected[cur_rule == r.id] { (r.id) " (" (r.cite) ")" } } } }
            label { (lang.t("Điều", "Article")) input type="text" name="article" size="5" value=(v(&q.article)) placeholder="11"; }
            label { (lang.t("Đơn vị (gồm cấp dưới)", "Unit (with sub-units)")) select name="unit" { option value="" { (lang.t("Tất cả", "All")) } @for u in &units { option value=(u.code) selected[cur_unit == u.code] { (u.name) " (" (u.code) ")" } } } }
            label { (lang.t("Hệ thống", "System")) input type="text" name="system" size="10" value=(v(&q.system)); }
            label { (lang.t("Hạn từ", "Due from")) input type="text" size="10" placeholder="dd/mm/yyyy" pattern="[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2}" name="due_from" value=(v(&q.due_from)); }
            label { (lang.t("đến", "to")) input type="text" size="10" placeholder="dd/mm/yyyy" pattern="[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2}" name="due_to" value=(v(&q.due_to)); }
            label { (lang.t("Tìm", "Search")) input type="search" name="q" value=(v(&q.q)); }
            input type="hidden" name="sort" value=(v(&q.sort));
            button type="submit" { (lang.t("Lọc", "Filter")) }
            a.btn.secondary href={"/findings/export?" (base(&[("format", "csv")]))} { "CSV" }
            a.btn.secondary href={"/findings/export?" (base(&[("format", "xlsx")]))} { "XLSX" }
        }
        p.muted { (sel.total) " " (lang.t("phát hiện", "findings")) }
        table {
            tr {
                th { a href=(sort_link("status")) { (lang.t("Trạng thái", "Status")) } }
                th { a href=(sort_link("rule")) { (lang.t("Quy tắc", "Rule")) } }
                th { (lang.t("Điều", "Article")) }
                th { a href=(sort_link("subject")) { (lang.t("Đối tượng", "Subject")) } }
                th { a href=(sort_link("due")) { (lang.t("Hạn", "Due")) } }
                th.num { a href=(sort_link("overdue")) { (lang.t("Quá hạn", "Overdue")) } }
                th { (lang.t("Nội dung", "Message")) }
            }
            @for f in sel.iter() {
                tr {
                    td { (status_badge(f.status, lang)) } td { (f.rule) } td { (f.cite) }
                    td { a href=(finding_link(f)) { (f.subject_id) } } td { (opt_date(f.due)) }
                    td.num { @if let Some(n) = f.overdue_days { (n) } } td { (message(f, lang)) }
                }
            }
        }
        div.pager {
            @if offset > 0 { a href={"/findings?" (base(&[("offset", &offset.saturating_sub(PAGE_SIZE).to_string())]))} { "← " (lang.t("Trước", "Previous")) } }
            span.muted { (offset + 1) "–" (offset + sel.idx.len()) " / " (sel.total) }
            @if offset + sel.idx.len() < sel.total { a href={"/findings?" (base(&[("offset", &(offset + PAGE_SIZE).to_string())]))} { (lang.t("Sau", "Next")) " →" } }
        }
    };
    Ok(page(&state, &p, lang, &here_path(&here), lang.t("Phát hiện", "Findings"), body).into_response())
}

async fn findings_export(
    State(state): State<AppState>,
    lang: Lang,
    PageUser(p): PageUser,
    Query(q): Query<FindingQuery>,
    Query(fmt): Query<ExportFormat>,
) -> PageResult {
    let sel = query::select(&state, &p, &q, false).await.map_err(wrap(lang))?;
    crate::export::respond(fmt.format.as_deref().unwrap_or("csv"), sel.iter()).map_err(wrap(lang))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DetailQuery {
    rule: String,
    subject: String,
    as_of: Option<String>,
}

async fn finding_detail(
    State(state): State<AppState>,
    lang: Lang,
    Here(here): Here,
    PageUser(p): PageUser,
    Query(dq): Query<DetailQuery>,
) -> PageResult {
    let q = FindingQuery {
        rule: Some(dq.rule.clone()),
        status: Some("all".into()),
        as_of: dq.as_of.clone(),
        q: Some(dq.subject.clone()),
        ..FindingQuery::default()
    };
    // Needing-attention findings first (cached); passes only if none is found.
    let mut q1 = q.clone();
    q1.status = None;
    let mut sel = query::select(&state, &p, &q1, false).await.map_err(wrap(lang))?;
    if !sel.iter().any(|f| f.subject_id == dq.subject) {
        sel = query::select(&state, &p, &q, false).await.map_err(wrap(lang))?;
    }
    let Some(f) = sel.iter().find(|f| f.subject_id == dq.subject) else {
        return Err(problem_page(lang, &Problem::not_found()));
    };
    let def = state.pack().rule(&f.rule);
    let subject_link = match f.subject_kind {
        tuanthu_core::SubjectKind::System => Some(format!("/systems/{}", crate::crypto::form_encode(&f.subject_id))),
        tuanthu_core::SubjectKind::Person => Some(format!("/persons/{}", crate::crypto::form_encode(&f.subject_id))),
        tuanthu_core::SubjectKind::Account => f
            .subject_id
            .split_once('/')
            .map(|(s, u)| format!("/accounts/detail?{}", qs(&[("system", s), ("username", u)]))),
        _ => None,
    };
    let body = html! {
        h1 { (f.rule) " — " (f.subject_id) }
        div.card {
            p { (status_badge(f.status, lang)) " " strong { (f.cite) } " · " (def.map(|d| lang.t(&d.title_vi, &d.title_en)).unwrap_or("")) }
            @if let Some(quote) = def.and_then(|d| d.quote_vi.as_deref()) { blockquote { (quote) } }
            h3 { (lang.t("Lý do", "Reason")) }
            p { (f.message_vi) } p.muted { (f.message_en) }
            table {
                tr { th { (lang.t("Đối tượng", "Subject")) } td { (f.subject_kind.as_str()) ": " @if let Some(l) = &subject_link { a href=(l) { (f.subject_id) } } @else { (f.subject_id) } } }
                tr { th { (lang.t("Hạn", "Due")) } td { (opt_date(f.due)) } }
                tr { th { (lang.t("Quá hạn (ngày)", "Overdue (days)")) } td { @if let Some(n) = f.overdue_days { (n) } } }
                tr { th { (lang.t("Đơn vị liên quan", "Units concerned")) } td { @for u in &f.units { (u) " " } } }
                tr { th { (lang.t("Chứng cứ", "Evidence")) } td { @for e in &f.evidence { code { (e) } br; } } }
                tr { th { (lang.t("Ngày đánh giá", "As of")) } td { (vn_date(sel.as_of)) } }
            }
        }
    };
    Ok(page(&state, &p, lang, &here_path(&here), &f.subject_id, body).into_response())
}

// ───────────────────────── systems, persons, accounts ─────────────────────────

fn list_filters(lang: Lang, action: &str, q: &ListQuery, extra: Markup) -> Markup {
    html! {
        form.filters method="get" action=(action) {
            label { (lang.t("Tìm", "Search")) input type="search" name="q" value=(q.q.clone().unwrap_or_default()); }
            label { (lang.t("Đơn vị (gồm cấp dưới)", "Unit (with sub-units)")) input type="text" name="unit" size="8" value=(q.unit.clone().unwrap_or_default()); }
            (extra)
            button type="submit" { (lang.t("Lọc", "Filter")) }
        }
    }
}

fn pager(lang: Lang, path: &str, q: &ListQuery, shown: usize, total: usize) -> Markup {
    let offset = q.offset.unwrap_or(0);
    let link = |o: usize| {
        format!(
            "{path}?{}",
            qs(&[
                ("q", q.q.as_deref().unwrap_or("")),
                ("unit", q.unit.as_deref().unwrap_or("")),
                ("system", q.system.as_deref().unwrap_or("")),
                ("status", q.status.as_deref().unwrap_or("")),
                ("offset", &o.to_string())
            ])
        )
    };
    html! {
        div.pager {
            @if offset > 0 { a href=(link(offset.saturating_sub(PAGE_SIZE))) { "← " (lang.t("Trước", "Previous")) } }
            span.muted { (if shown == 0 { 0 } else { offset + 1 }) "–" (offset + shown) " / " (total) }
            @if offset + shown < total { a href=(link(offset + PAGE_SIZE)) { (lang.t("Sau", "Next")) " →" } }
        }
    }
}

fn findings_table(lang: Lang, findings: &[tuanthu_core::Finding]) -> Markup {
    html! {
        h2 { (lang.t("Phát hiện", "Findings")) " (" (findings.len()) ")" }
        table {
            tr { th { (lang.t("Trạng thái", "Status")) } th { (lang.t("Quy tắc", "Rule")) } th { (lang.t("Điều", "Article")) } th { (lang.t("Đối tượng", "Subject")) } th { (lang.t("Hạn", "Due")) } th { (lang.t("Nội dung", "Message")) } }
            @for f in findings {
                tr { td { (status_badge(f.status, lang)) } td { (f.rule) } td { (f.cite) } td { a href=(finding_link(f)) { (f.subject_id) } } td { (opt_date(f.due)) } td { (message(f, lang)) } }
            }
        }
    }
}

async fn systems(
    State(state): State<AppState>,
    lang: Lang,
    Here(here): Here,
    PageUser(p): PageUser,
    Query(mut q): Query<ListQuery>,
) -> PageResult {
    q.limit = Some(PAGE_SIZE);
    let l = crate::evidence::systems(&state, &p, &q).await.map_err(wrap(lang))?;
    let body = html! {
        h1 { (lang.t("Hệ thống thông tin", "Information systems")) }
        (list_filters(lang, "/systems", &q, html! {}))
        table {
            tr { th { (lang.t("Mã", "ID")) } th { (lang.t("Tên", "Name")) } th { (lang.t("Cấp độ", "Level")) } th { (lang.t("Chủ quản", "Owner")) } th { (lang.t("Vận hành", "Operator")) } th { (lang.t("Đang vận hành", "In operation")) } }
            @for s in &l.items {
                tr { td { a href={"/systems/" (crate::crypto::form_encode(&s.system_id))} { (s.system_id) } } td { (s.name) } td { @if let Some(x) = s.level { (x) } } td { (s.owner_unit.clone().unwrap_or_default()) } td { (s.operator_unit.clone().unwrap_or_default()) } td { (if s.in_operation { lang.t("có", "yes") } else { lang.t("không", "no") }) } }
            }
        }
        (pager(lang, "/systems", &q, l.items.len(), l.total))
    };
    Ok(page(&state, &p, lang, &here_path(&here), lang.t("Hệ thống", "Systems"), body).into_response())
}

async fn system(
    State(state): State<AppState>,
    lang: Lang,
    PageUser(p): PageUser,
    Path(id): Path<String>,
) -> PageResult {
    let d = crate::evidence::system_detail_data(&state, &p, &id).await.map_err(wrap(lang))?;
    let s = &d.system;
    let body = html! {
        h1 { (s.system_id) " — " (s.name) }
        div.card {
            table {
                tr { th { (lang.t("Cấp độ", "Level")) } td { @if let Some(x) = s.level { (x) } " " (s.level_status.map(|x| x.as_str()).unwrap_or("")) } }
                tr { th { (lang.t("Phê duyệt bởi", "Approved by")) } td { (s.level_approved_by.clone().unwrap_or_default()) " " (opt_date(s.level_approved_on)) } }
                tr { th { (lang.t("Chủ quản", "Owner unit")) } td { (s.owner_unit.clone().unwrap_or_default()) } }
                tr { th { (lang.t("Vận hành", "Operator unit")) } td { (s.operator_unit.clone().unwrap_or_default()) } }
                tr { th { (lang.t("Chuyên trách ATTT", "Security unit")) } td { (s.security_unit.clone().unwrap_or_default()) } }
                tr { th { (lang.t("Đang vận hành từ", "In operation since")) } td { (if s.in_operation { lang.t("có", "yes") } else { lang.t("không", "no") }) " " (opt_date(s.in_operation_since)) } }
                tr { th { (lang.t("Tài khoản", "Accounts")) } td { a href={"/accounts?" (qs(&[("system", &s.system_id)]))} { (d.accounts) } } }
            }
        }
        (findings_table(lang, &d.findings))
    };
    Ok(page(&state, &p, lang, "/systems", &s.name, body).into_response())
}

async fn persons(
    State(state): State<AppState>,
    lang: Lang,
    Here(here): Here,
    PageUser(p): PageUser,
    Query(mut q): Query<ListQuery>,
) -> PageResult {
    q.limit = Some(PAGE_SIZE);
    let l = crate::evidence::persons(&state, &p, &q).await.map_err(wrap(lang))?;
    let cur = q.status.clone().unwrap_or_default();
    let extra = html! {
        label { (lang.t("Trạng thái", "Status")) select name="status" { option value="" { (lang.t("Tất cả", "All")) } option value="active" selected[cur == "active"] { (lang.t("đang công tác", "active")) } option value="left" selected[cur == "left"] { (lang.t("đã nghỉ", "left")) } } }
    };
    let body = html! {
        h1 { (lang.t("Nhân sự", "Persons")) }
        (list_filters(lang, "/persons", &q, extra))
        p.muted { (lang.t("Sắp xếp theo tên (thứ tự chữ cái tiếng Việt).", "Sorted by given name (Vietnamese alphabetical order).")) }
        table {
            tr { th { (lang.t("Mã", "ID")) } th { (lang.t("Họ và tên", "Full name")) } th { (lang.t("Đơn vị", "Unit")) } th { (lang.t("Chức vụ", "Position")) } th { (lang.t("Trạng thái", "Status")) } }
            @for x in &l.items {
                tr { td { a href={"/persons/" (crate::crypto::form_encode(&x.person_id))} { (x.person_id) } } td { (x.full_name) } td { (x.unit_code.clone().unwrap_or_default()) } td { (x.position.clone().unwrap_or_default()) } td { (x.status.as_str()) } }
            }
        }
        (pager(lang, "/persons", &q, l.items.len(), l.total))
    };
    Ok(page(&state, &p, lang, &here_path(&here), lang.t("Nhân sự", "Persons"), body).into_response())
}

async fn person(
    State(state): State<AppState>,
    lang: Lang,
    PageUser(p): PageUser,
    Path(id): Path<String>,
) -> PageResult {
    let d = crate::evidence::person_detail_data(&state, &p, &id).await.map_err(wrap(lang))?;
    let x = &d.person;
    let body = html! {
        h1 { (x.full_name) " (" (x.person_id) ")" }
        div.card {
            table {
                tr { th { (lang.t("Đơn vị", "Unit")) } td { (x.unit_code.clone().unwrap_or_default()) } }
                tr { th { (lang.t("Chức vụ", "Position")) } td { (x.position.clone().unwrap_or_default()) } }
                tr { th { "Email" } td { (x.email.clone().unwrap_or_default()) } }
                tr { th { (lang.t("Trạng thái", "Status")) } td { (x.status.as_str()) } }
                tr { th { (lang.t("Ngày tuyển dụng", "Hired on")) } td { (opt_date(x.hired_on)) } }
            }
        }
        h2 { (lang.t("Tài khoản", "Accounts")) " (" (d.accounts.len()) ")" }
        table {
            tr { th { (lang.t("Hệ thống", "System")) } th { (lang.t("Tài khoản", "Account")) } th { (lang.t("Loại", "Kind")) } th { (lang.t("Trạng thái", "Status")) } }
            @for a in &d.accounts {
                tr { td { (a.system_id) } td { a href={"/accounts/detail?" (qs(&[("system", &a.system_id), ("username", &a.username)]))} { (a.username) } } td { (a.kind.as_str()) } td { (a.status.as_str()) } }
            }
        }
        (findings_table(lang, &d.findings))
    };
    Ok(page(&state, &p, lang, "/persons", &x.full_name, body).into_response())
}

async fn accounts(
    State(state): State<AppState>,
    lang: Lang,
    Here(here): Here,
    PageUser(p): PageUser,
    Query(mut q): Query<ListQuery>,
) -> PageResult {
    q.limit = Some(PAGE_SIZE);
    let l = crate::evidence::accounts(&state, &p, &q).await.map_err(wrap(lang))?;
    let cur = q.status.clone().unwrap_or_default();
    let extra = html! {
        label { (lang.t("Hệ thống", "System")) input type="text" name="system" size="10" value=(q.system.clone().unwrap_or_default()); }
        label { (lang.t("Trạng thái", "Status")) select name="status" { option value="" { (lang.t("Tất cả", "All")) } @for s in ["active", "disabled", "deleted"] { option value=(s) selected[cur == s] { (s) } } } }
    };
    let body = html! {
        h1 { (lang.t("Tài khoản", "Accounts")) }
        (list_filters(lang, "/accounts", &q, extra))
        table {
            tr { th { (lang.t("Hệ thống", "System")) } th { (lang.t("Tài khoản", "Account")) } th { (lang.t("Loại", "Kind")) } th { (lang.t("Người dùng", "Person")) } th { (lang.t("Trạng thái", "Status")) } th { (lang.t("Đăng nhập cuối", "Last login")) } }
            @for a in &l.items {
                tr { td { (a.system_id) } td { a href={"/accounts/detail?" (qs(&[("system", &a.system_id), ("username", &a.username)]))} { (a.username) } } td { (a.kind.as_str()) } td { (a.person_id.clone().unwrap_or_default()) } td { (a.status.as_str()) } td { (a.last_login_at.map(vn_time).unwrap_or_default()) } }
            }
        }
        (pager(lang, "/accounts", &q, l.items.len(), l.total))
    };
    Ok(page(&state, &p, lang, &here_path(&here), lang.t("Tài khoản", "Accounts"), body).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AccountKey {
    system: String,
    username: String,
}

async fn account(
    State(state): State<AppState>,
    lang: Lang,
    PageUser(p): PageUser,
    Query(k): Query<AccountKey>,
) -> PageResult {
    let d = crate::evidence::account_detail_data(&state, &p, &k.system, &k.username).await.map_err(wrap(lang))?;
    let a = &d.account;
    let body = html! {
        h1 { (a.system_id) "/" (a.username) }
        div.card {
            table {
                tr { th { (lang.t("Loại", "Kind")) } td { (a.kind.as_str()) @if a.shared { " (" (lang.t("dùng chung", "shared")) ")" } } }
                tr { th { (lang.t("Người dùng", "Person")) } td { @if let Some(pid) = &a.person_id { a href={"/persons/" (crate::crypto::form_encode(pid))} { (pid) } } } }
                tr { th { (lang.t("Người chịu trách nhiệm", "Responsible persons")) } td { (a.responsible_person_ids.join(", ")) } }
                tr { th { (lang.t("Trạng thái", "Status")) } td { (a.status.as_str()) " " (opt_date(a.disabled_on)) } }
                tr { th { (lang.t("Đăng nhập cuối", "Last login")) } td { (a.last_login_at.map(vn_time).unwrap_or_default()) } }
                tr { th { (lang.t("Đổi mật khẩu", "Password changed")) } td { (a.password_changed_at.map(vn_time).unwrap_or_default()) } }
                tr { th { (lang.t("Quyền", "Privileges")) } td { (a.privileges.join(", ")) } }
            }
        }
        (findings_table(lang, &d.findings))
    };
    Ok(page(&state, &p, lang, "/accounts", &a.username, body).into_response())
}

// ───────────────────────── rules ─────────────────────────

async fn rules(State(state): State<AppState>, lang: Lang, Here(here): Here, PageUser(p): PageUser) -> PageResult {
    let pack = state.pack();
    let implemented = pack.rules.iter().filter(|r| r.coverage == Coverage::Implemented).count();
    let body = html! {
        h1 { (lang.t("Danh mục quy tắc", "Rule catalog")) }
        p { (lang.t(&pack.title_vi, &pack.title_en)) }
        p { strong { (implemented) "/" (pack.rules.len()) } " " (lang.t("quy tắc được kiểm tra tự động; các quy tắc còn lại đang lập kế hoạch (không có phát hiện nào không có nghĩa là tuân thủ).", "rules are checked automatically; the others are planned (no finding does not mean compliance).")) }
        table {
            tr { th { (lang.t("Quy tắc", "Rule")) } th { (lang.t("Điều", "Article")) } th { (lang.t("Tiêu đề", "Title")) } th { (lang.t("Mức", "Severity")) } th { (lang.t("Phạm vi", "Coverage")) } th { (lang.t("Tham số", "Parameters")) } }
            @for r in &pack.rules {
                tr {
                    td { @if r.coverage == Coverage::Implemented { a href={"/findings?" (qs(&[("rule", &r.id)]))} { (r.id) } } @else { (r.id) } }
                    td { (r.cite) } td { (lang.t(&r.title_vi, &r.title_en)) } td { (r.severity.as_str()) }
                    td { @if r.coverage == Coverage::Implemented { span.ok { (lang.t("tự động", "implemented")) } } @else { span.muted { (lang.t("kế hoạch", "planned")) } } }
                    td { code { (serde_json::Value::Object(r.params.iter().map(|(k, v)| (k.clone(), views::toml_json(v))).collect())) } }
                }
            }
        }
    };
    Ok(page(&state, &p, lang, &here_path(&here), lang.t("Quy tắc", "Rules"), body).into_response())
}

// ───────────────────────── imports ─────────────────────────

async fn imports_page(
    State(state): State<AppState>,
    lang: Lang,
    Here(here): Here,
    PageUser(p): PageUser,
) -> PageResult {
    if !p.may(Action::ReadImports) {
        return Err(problem_page(lang, &Problem::forbidden()));
    }
    let log =
        state.db(|s| Ok(s.web().imports_log(50)?)).await.map_err(|e| problem_page(lang, &Problem::internal(&e)))?;
    let kinds = tuanthu_core::evidence::ALL_KINDS;
    let body = html! {
        h1 { (lang.t("Nhập chứng cứ", "Import evidence")) }
        @if p.may(Action::Import) {
            div.card {
                p { (lang.t("Tệp CSV (UTF-8) hoặc XLSX. Mọi tệp được kiểm tra trước; nếu có dòng lỗi, không dữ liệu nào được ghi và mọi dòng lỗi được liệt kê (dòng, cột).", "CSV (UTF-8) or XLSX files. Every file is checked first; if any row is bad nothing is written and every bad row is listed (row, column).")) }
                form.stack hx-post="/imports" hx-encoding="multipart/form-data" hx-target="#import-result" method="post" enctype="multipart/form-data" action="/imports" {
                    label { (lang.t("Loại chứng cứ", "Evidence kind")) select name="kind" { option value="auto" { (lang.t("Theo tên tệp", "From the file name")) } @for k in kinds { option value=(k.name) { (k.name) } } } }
                    label { (lang.t("Cách nhập", "Mode")) select name="mode" { option value="replace" { (lang.t("Thay thế toàn bộ loại này", "Replace the kind's rows")) } option value="merge" { (lang.t("Gộp theo khóa", "Merge by key")) } } }
                    label { (lang.t("Tệp", "Files")) input type="file" name="file" multiple required accept=".csv,.xlsx"; }
                    button type="submit" { (lang.t("Nhập", "Import")) } span.htmx-indicator { (lang.t("Đang tải lên…", "Uploading…")) }
                }
                div #import-result {}
            }
        } @else {
            p.muted { (lang.t("Nhập chứng cứ thay đổi dữ liệu của toàn tổ chức nên cần vai trò được cấp trên toàn tổ chức.", "Imports change evidence of the whole organisation and need a role granted on the whole organisation.")) }
        }
        h2 { (lang.t("Các lần nhập gần đây", "Recent imports")) }
        table {
            tr { th { (lang.t("Thời điểm", "When")) } th { (lang.t("Loại", "Kind")) } th { (lang.t("Tệp", "File")) } th { (lang.t("Cách", "Mode")) } th.num { (lang.t("Số dòng", "Rows")) } }
            @for r in &log { tr { td { (vn_time(r.imported_at)) } td { (r.kind) } td { (r.source) } td { (r.mode) } td.num { (r.rows) } } }
        }
    };
    Ok(page(&state, &p, lang, &here_path(&here), lang.t("Nhập dữ liệu", "Imports"), body).into_response())
}

async fn imports_start(State(state): State<AppState>, lang: Lang, PageUser(p): PageUser, mp: Multipart) -> PageResult {
    if !p.may(Action::Import) {
        return Err(problem_page(lang, &Problem::forbidden()));
    }
    let (uploads, mode) = api::read_upload(mp).await.map_err(wrap(lang))?;
    let id = crate::crypto::random_token().map_err(|e| problem_page(lang, &Problem::internal(&e)))?;
    let job = state.inner.imports.insert(&id, &p.user.username);
    let st = state.clone();
    tokio::spawn(async move {
        let set = |s: JobState| {
            if let Ok(mut j) = job.lock() {
                j.state = s;
            }
        };
        let parsed = tokio::task::spawn_blocking(move || imports::parse_all(&uploads)).await;
        let tables = match parsed {
            Ok(Ok(t)) => t,
            Ok(Err(refused)) => {
                let detail = api::refused_detail(&refused);
                let p2 = p.clone();
                let _ = st
                    .db(move |s| {
                        p2.audit(s, "import", "refused", None, Some(&detail));
                        Ok(())
                    })
                    .await;
                set(JobState::Refused(refused));
                return;
            }
            Err(e) => return set(JobState::Failed(e.to_string())),
        };
        let total: u64 = tables.iter().map(|t| t.rows.len() as u64).sum();
        set(JobState::Writing { written: 0, total });
        let job2 = std::sync::Arc::clone(&job);
        let p2 = p.clone();
        let result = st
            .db(move |s| {
                let summary = imports::write(s, &tables, mode, &mut |n| {
                    if let Ok(mut j) = job2.lock() {
                        j.state = JobState::Writing { written: n, total };
                    }
                })?;
                let files: Vec<String> =
                    summary.files.iter().map(|f| format!("{} {} ({})", f.kind, f.file, f.rows)).collect();
                p2.audit(s, "import", "ok", None, Some(&format!("{}: {}", mode.as_str(), files.join(", "))));
                Ok(summary)
            })
            .await;
        match result {
            Ok(summary) => {
                st.refresh();
                set(JobState::Done(summary));
            }
            Err(e) => set(JobState::Failed(format!("{e:#}"))),
        }
    });
    Ok(job_fragment(lang, &id, &JobState::Parsing).into_response())
}

fn job_fragment(lang: Lang, id: &str, state: &JobState) -> Markup {
    let poll = format!("/imports/jobs/{id}");
    match state {
        JobState::Parsing => {
            html! { div hx-get=(poll) hx-trigger="load delay:400ms" hx-swap="outerHTML" { p { (lang.t("Đang kiểm tra tệp…", "Checking the files…")) } progress {} } }
        }
        JobState::Writing { written, total } => html! {
            div hx-get=(poll) hx-trigger="load delay:400ms" hx-swap="outerHTML" {
                p { (lang.t("Đang ghi", "Writing")) " " (written) "/" (total) " " (lang.t("dòng", "rows")) }
                progress max=(total.max(&1)) value=(written) {}
            }
        },
        JobState::Done(s) => html! {
            div.flash role="status" #import-summary {
                strong { (lang.t("Đã nhập", "Imported")) " " (s.total_rows) " " (lang.t("dòng", "rows")) " (" (s.mode) ")." }
                ul { @for f in &s.files { li { (f.kind) ": " (f.file) " — " (f.rows) " " (lang.t("dòng", "rows")) } } }
                @if !s.warnings.is_empty() { details { summary { (s.warnings.len()) " " (lang.t("cảnh báo", "warnings")) } ul { @for w in &s.warnings { li { (w) } } } } }
            }
        },
        JobState::Refused(Refused::Request(m)) => html! { div.flash.error role="alert" { (m) } },
        JobState::Refused(Refused::Rows(rows)) => html! {
            div.flash.error role="alert" #import-errors {
                strong { (rows.len()) " " (lang.t("lỗi; không dữ liệu nào được nhập. Sửa các dòng dưới đây rồi nhập lại.", "errors; nothing was imported. Fix the rows below and import again.")) }
            }
            table #import-error-rows {
                tr { th { (lang.t("Tệp", "File")) } th.num { (lang.t("Dòng", "Row")) } th { (lang.t("Cột", "Column")) } th { (lang.t("Giá trị", "Value")) } th { (lang.t("Lỗi", "Problem")) } }
                @for r in rows {
                    tr { td { (r.file) } td.num { (r.row) } td { (r.column.clone().unwrap_or_default()) } td { code { (r.value.clone().unwrap_or_default()) } } td { (if lang.vi { &r.message_vi } else { &r.message_en }) } }
                }
            }
        },
        JobState::Failed(m) => {
            html! { div.flash.error role="alert" { (lang.t("Nhập thất bại, không dữ liệu nào được ghi: ", "Import failed, nothing was written: ")) (m) } }
        }
    }
}

async fn import_job(
    State(state): State<AppState>,
    lang: Lang,
    PageUser(p): PageUser,
    Path(id): Path<String>,
) -> PageResult {
    let Some((job, _)) = state.inner.imports.get(&id, &p.user.username) else {
        return Err(problem_page(lang, &Problem::not_found()));
    };
    Ok(job_fragment(lang, &id, &job).into_response())
}

// ───────────────────────── calendar ─────────────────────────

async fn calendar(
    State(state): State<AppState>,
    lang: Lang,
    Here(here): Here,
    PageUser(p): PageUser,
    Query(q): Query<CalendarQuery>,
) -> PageResult {
    let items =
        crate::calendar::obligations(&state, &p, q.from.as_deref(), q.to.as_deref()).await.map_err(wrap(lang))?;
    let body = html! {
        h1 { (lang.t("Lịch nghĩa vụ đến hạn", "Obligations due")) }
        form.filters method="get" action="/calendar" {
            label { (lang.t("Từ", "From")) input type="text" size="10" placeholder="dd/mm/yyyy" pattern="[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2}" name="from" value=(q.from.clone().unwrap_or_default()); }
            label { (lang.t("Đến", "To")) input type="text" size="10" placeholder="dd/mm/yyyy" pattern="[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2}" name="to" value=(q.to.clone().unwrap_or_default()); }
            button type="submit" { (lang.t("Xem", "Show")) }
        }
        div.card {
            p { (lang.t("Nguồn lịch iCalendar (.ics) riêng của bạn, chỉ gồm các đơn vị bạn được xem:", "Your own iCalendar (.ics) feed, with only the units you may see:")) }
            form method="post" action="/calendar/feed" {
                input type="hidden" name="_csrf" value=(p.csrf());
                button.secondary type="submit" { (lang.t("Tạo địa chỉ nguồn lịch", "Create a feed address")) }
            }
        }
        table {
            tr { th { (lang.t("Ngày", "Date")) } th { (lang.t("Quy tắc", "Rule")) } th { (lang.t("Điều", "Article")) } th { (lang.t("Nghĩa vụ", "Obligation")) } th.num { (lang.t("Chờ hạn", "Pending")) } th.num { (lang.t("Đạt (hạn kế tiếp)", "Pass (next due)")) } }
            @for o in &items {
                @let d = o.date.format("%Y-%m-%d").to_string();
                tr {
                    td { (vn_date(o.date)) } td { a href={"/findings?" (qs(&[("rule", &o.rule), ("due_from", &d), ("due_to", &d), ("status", "pending,pass,fail")]))} { (o.rule) } }
                    td { (o.cite) } td { (lang.t(&o.title_vi, &o.title_en)) } td.num { (o.pending) } td.num { (o.pass) }
                }
            }
        }
    };
    Ok(page(&state, &p, lang, &here_path(&here), lang.t("Lịch", "Calendar"), body).into_response())
}

async fn calendar_feed(
    State(state): State<AppState>,
    lang: Lang,
    Here(_here): Here,
    headers: HeaderMap,
    PageUser(p): PageUser,
) -> PageResult {
    let p2 = p.clone();
    let (_, secret) = state
        .db(move |s| {
            crate::users::create_token(s, Some(&p2.user.username), &p2.user.username, "lịch", true, p2.ip.as_deref())
                .map_err(anyhow::Error::from)
        })
        .await
        .map_err(|e| problem_page(lang, &Problem::internal(&e)))?;
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1");
    let scheme = if state.tls { "https" } else { "http" };
    let url = format!("{scheme}://{host}/ics/{secret}.ics");
    let body = html! {
        h1 { (lang.t("Địa chỉ nguồn lịch", "Calendar feed address")) }
        div.card {
            p { (lang.t("Sao chép địa chỉ dưới đây vào ứng dụng lịch. Địa chỉ chỉ hiện một lần; ai có địa chỉ này xem được lịch của bạn. Thu hồi tại trang cá nhân.", "Copy this address into your calendar application. It is shown once; anyone with it can read your calendar. Revoke it on your profile page.")) }
            p.secret { (url) }
        }
        p { a href="/calendar" { (lang.t("Về lịch", "Back to the calendar")) } }
    };
    Ok(page(&state, &p, lang, "/calendar", lang.t("Nguồn lịch", "Calendar feed"), body).into_response())
}

/// The per-user `.ics` feed, authenticated by a calendar-feed token in the path.
async fn ics_feed(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    let token = token.trim_end_matches(".ics").to_string();
    let hash = crate::crypto::digest(&token);
    let found = state
        .db(move |s| {
            let Some(t) = s.web().token_by_hash(&hash)? else { return Ok(None) };
            if !t.name.starts_with(auth::CALENDAR_TOKEN_PREFIX) {
                return Ok(None);
            }
            let Some(u) = s.web().user_by_id(t.user_id)? else { return Ok(None) };
            if u.disabled {
                return Ok(None);
            }
            s.web().touch_token(t.id, chrono::Utc::now())?;
            Ok(Some((t, u)))
        })
        .await;
    let (t, user) = match found {
        Ok(Some(x)) => x,
        Ok(None) => return Problem::not_found().into_response(),
        Err(e) => return Problem::internal(&e).into_response(),
    };
    let p = Principal { user, via: auth::Via::Token { id: t.id }, ip: None };
    let items = match crate::calendar::obligations(&state, &p, None, None).await {
        Ok(i) => i,
        Err(e) => return e.into_response(),
    };
    let mut r = crate::calendar::ics(&p.user.username, &items, "tuanthu").into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
    r
}

// ───────────────────────── audit ─────────────────────────

async fn audit(
    State(state): State<AppState>,
    lang: Lang,
    Here(here): Here,
    PageUser(p): PageUser,
    Query(q): Query<AuditQuery>,
) -> PageResult {
    if !p.may(Action::ReadAudit) {
        return Err(problem_page(lang, &Problem::forbidden()));
    }
    let f = q.filter().map_err(wrap(lang))?;
    let events = state
        .db(move |s| Ok(s.web().audit_events(&f)?))
        .await
        .map_err(|e| problem_page(lang, &Problem::internal(&e)))?;
    let actions = [
        "",
        "login",
        "login_failed",
        "login_locked",
        "lockout",
        "logout",
        "import",
        "check_run",
        "user_add",
        "role_change",
        "password_change",
        "user_disable",
        "user_enable",
        "user_unlock",
        "totp_reset",
        "token_create",
        "token_revoke",
        "session_revoke",
    ];
    let cur = q.action.clone().unwrap_or_default();
    let body = html! {
        h1 { (lang.t("Nhật ký truy cập và thao tác", "Access and activity log")) }
        form.filters method="get" action="/audit" {
            label { (lang.t("Người dùng", "User")) input type="text" name="actor" value=(q.actor.clone().unwrap_or_default()); }
            label { (lang.t("Hành động", "Action")) select name="action" { @for a in actions { option value=(a) selected[cur == a] { (if a.is_empty() { lang.t("Tất cả", "All") } else { a }) } } } }
            label { (lang.t("Từ ngày", "Since")) input type="text" size="10" placeholder="dd/mm/yyyy" pattern="[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2}" name="since" value=(q.since.clone().unwrap_or_default()); }
            label { (lang.t("Đến ngày", "Until")) input type="text" size="10" placeholder="dd/mm/yyyy" pattern="[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2}" name="until" value=(q.until.clone().unwrap_or_default()); }
            button type="submit" { (lang.t("Lọc", "Filter")) }
        }
        table {
            tr { th { (lang.t("Thời điểm", "When")) } th { (lang.t("Người dùng", "User")) } th { (lang.t("Hành động", "Action")) } th { (lang.t("Kết quả", "Outcome")) } th { (lang.t("Đối tượng", "Target")) } th { (lang.t("Địa chỉ", "Address")) } th { (lang.t("Chi tiết", "Detail")) } }
            @for e in &events {
                tr { td { (vn_time(e.at)) } td { (e.actor.clone().unwrap_or_default()) } td { (e.action) } td { (e.outcome) } td { (e.target.clone().unwrap_or_default()) } td { (e.ip.clone().unwrap_or_default()) } td { (e.detail.clone().unwrap_or_default()) } }
            }
        }
    };
    Ok(page(&state, &p, lang, &here_path(&here), lang.t("Nhật ký", "Audit"), body).into_response())
}

// ───────────────────────── profile: password, tokens ─────────────────────────

/// Changes the caller's own password (current password + PWD-CHECK).
/// `Ok(Err(message))` when refused.
pub async fn change_own_password(
    state: &AppState,
    p: &Principal,
    current: String,
    new: String,
) -> Result<Result<(), String>, Problem> {
    let p2 = p.clone();
    let pack = std::sync::Arc::clone(&state.inner.pack);
    let out = state
        .db(move |s| {
            let Some(user) = s.web().user_by_id(p2.user.id)? else { return Ok(Err("no user".to_string())) };
            if user.password_hash == crate::ldap::DIRECTORY_PASSWORD {
                return Ok(Err(crate::users::UserError::DirectoryPassword(user.username).to_string()));
            }
            if !crate::crypto::verify_password(&current, &user.password_hash) {
                p2.audit(s, "password_change", "denied", Some(&user.username), Some("wrong current password"));
                return Ok(Err("sai mật khẩu hiện tại / wrong current password".to_string()));
            }
            match crate::users::set_password(s, &pack, Some(&user.username), &user.username, &new, p2.ip.as_deref()) {
                Ok(()) => Ok(Ok(())),
                Err(crate::users::UserError::WeakPassword(m)) => Ok(Err(m)),
                Err(e) => Err(anyhow::Error::from(e)),
            }
        })
        .await?;
    Ok(out)
}

fn me_page(
    state: &AppState,
    p: &Principal,
    lang: Lang,
    tokens: &[tuanthu_store::web::ApiToken],
    flash: Option<(bool, String)>,
    secret: Option<String>,
) -> Markup {
    let body = html! {
        h1 { (p.user.username) }
        @if let Some((ok, m)) = &flash { div class={"flash" @if !ok { " error" }} role="status" { (m) } }
        @if let Some(s) = &secret {
            div.card { p { (lang.t("Mã API mới (chỉ hiện một lần):", "New API token (shown once):")) } p.secret #new-token { (s) } }
        }
        div.card {
            h2 { (lang.t("Vai trò", "Roles")) }
            ul { @for g in &p.user.grants { li { (crate::authz::Role::parse(&g.role).map(|r| r.label(lang.vi)).unwrap_or(&g.role)) " — " (if g.unit == "*" { lang.t("toàn tổ chức", "whole organisation") } else { &g.unit }) } } }
        }
        div.card {
            h2 { (lang.t("Đổi mật khẩu", "Change password")) }
            form.stack method="post" action="/me/password" {
                input type="hidden" name="_csrf" value=(p.csrf());
                label { (lang.t("Mật khẩu hiện tại", "Current password")) input type="password" name="current_password" required autocomplete="current-password"; }
                label { (lang.t("Mật khẩu mới (tối thiểu 8 ký tự, 3 trong 4 loại ký tự, không chứa tên tài khoản — Điều 11.3.a)", "New password (8+ characters, 3 of 4 classes, not containing the user name — Điều 11.3.a)")) input type="password" name="new_password" required autocomplete="new-password"; }
                button type="submit" { (lang.t("Đổi mật khẩu", "Change password")) }
            }
        }
        div.card {
            h2 { (lang.t("Mã API cá nhân", "Personal API tokens")) }
            p.muted { (lang.t("Mã API có cùng quyền với bạn; chỉ lưu dạng băm; thu hồi được bất cứ lúc nào.", "Tokens carry your own rights; only their hash is stored; revoke them at any time.")) }
            table {
                tr { th { "#" } th { (lang.t("Tên", "Name")) } th { (lang.t("Tạo lúc", "Created")) } th { (lang.t("Dùng lần cuối", "Last used")) } th {} }
                @for t in tokens {
                    tr {
                        td { (t.id) } td { (t.name) } td { (vn_time(t.created_at)) } td { (t.last_used_at.map(vn_time).unwrap_or_default()) }
                        td { @if let Some(r) = t.revoked_at { span.muted { (lang.t("đã thu hồi", "revoked")) " " (vn_time(r)) } } @else {
                            form method="post" action={"/me/tokens/" (t.id) "/revoke"} { input type="hidden" name="_csrf" value=(p.csrf()); button.danger type="submit" { (lang.t("Thu hồi", "Revoke")) } }
                        } }
                    }
                }
            }
            form.filters method="post" action="/me/tokens" {
                input type="hidden" name="_csrf" value=(p.csrf());
                label { (lang.t("Tên mã", "Token name")) input type="text" name="name" required; }
                button type="submit" { (lang.t("Tạo mã API", "Create a token")) }
            }
        }
    };
    page(state, p, lang, "/me", &p.user.username, body)
}

async fn me_render(
    state: &AppState,
    p: &Principal,
    lang: Lang,
    flash: Option<(bool, String)>,
    secret: Option<String>,
    status: StatusCode,
) -> PageResult {
    let id = p.user.id;
    let tokens = state
        .db(move |s| Ok(s.web().tokens(Some(id))?))
        .await
        .map_err(|e| problem_page(lang, &Problem::internal(&e)))?;
    Ok((status, me_page(state, p, lang, &tokens, flash, secret)).into_response())
}

async fn me(State(state): State<AppState>, lang: Lang, PageUser(p): PageUser) -> PageResult {
    me_render(&state, &p, lang, None, None, StatusCode::OK).await
}

#[derive(Deserialize)]
struct PasswordForm {
    current_password: String,
    new_password: String,
}

async fn me_password(
    State(state): State<AppState>,
    lang: Lang,
    PageUser(p): PageUser,
    Form(f): Form<PasswordForm>,
) -> PageResult {
    match change_own_password(&state, &p, f.current_password, f.new_password).await.map_err(wrap(lang))? {
        Ok(()) => {
            // Every session ended with the change: sign in again.
            let mut r = Redirect::to("/login").into_response();
            r.headers_mut().insert(header::SET_COOKIE, http::clear_cookie(state.realm.cookie()));
            Ok(r)
        }
        Err(m) => me_render(&state, &p, lang, Some((false, m)), None, StatusCode::UNPROCESSABLE_ENTITY).await,
    }
}

#[derive(Deserialize)]
struct TokenForm {
    name: String,
}

async fn me_token_create(
    State(state): State<AppState>,
    lang: Lang,
    PageUser(p): PageUser,
    Form(f): Form<TokenForm>,
) -> PageResult {
    let p2 = p.clone();
    let (_, secret) = state
        .db(move |s| {
            crate::users::create_token(s, Some(&p2.user.username), &p2.user.username, &f.name, false, p2.ip.as_deref())
                .map_err(anyhow::Error::from)
        })
        .await
        .map_err(|e| problem_page(lang, &Problem::internal(&e)))?;
    me_render(&state, &p, lang, None, Some(secret), StatusCode::OK).await
}

async fn me_token_revoke(
    State(state): State<AppState>,
    lang: Lang,
    PageUser(p): PageUser,
    Path(id): Path<i64>,
) -> PageResult {
    let p2 = p.clone();
    let ok = state
        .db(move |s| {
            if !s.web().tokens(Some(p2.user.id))?.iter().any(|t| t.id == id) {
                return Ok(false);
            }
            s.web().revoke_token(id, chrono::Utc::now())?;
            p2.audit(s, "token_revoke", "ok", Some(&format!("#{id}")), None);
            Ok(true)
        })
        .await
        .map_err(|e| problem_page(lang, &Problem::internal(&e)))?;
    if !ok {
        return Err(problem_page(lang, &Problem::not_found()));
    }
    Ok(Redirect::to("/me").into_response())
}
