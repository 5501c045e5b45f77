//! Application security (Điều 12.2-12.4) and the password policy configured
//! on each application (Điều 11.3.a), from `app_configs` declarations.
//!
//! > 11.3.a) Mật khẩu (…) phải: - Có tối thiểu 8 ký tự. - Gồm tối thiểu 3
//! > trong 4 loại ký tự (…). - Không chứa tên tài khoản.
//! >
//! > 12.2. Phần mềm, ứng dụng phải đáp ứng các yêu cầu sau: cấu hình phần mềm,
//! > ứng dụng để xác thực người dùng; giới hạn số lần đăng nhập sai liên tiếp;
//! > giới hạn thời gian để chờ đóng phiên kết nối; mã hóa thông tin xác thực
//! > trên hệ thống; không khuyến khích việc đăng nhập tự động.
//! >
//! > 12.3. (…) tách biệt cổng giao tiếp quản trị phần mềm ứng dụng với cổng
//! > giao tiếp cung cấp dịch vụ (…). 12.4. Chỉ cho phép sử dụng các giao thức
//! > mạng có hỗ trợ chức năng mã hóa thông tin như SSH, SSL, VPN hoặc tương
//! > đương khi truy cập, quản trị phần mềm, ứng dụng từ xa (…).

use super::access::{system_finding, systems_in_scope};
use super::obligations::names;
use super::{Context, Rule};
use crate::evidence::schema_org_a::REMOTE_PROTOCOLS;
use crate::evidence::AppConfig;
use crate::finding::{Finding, Status, SubjectKind};
use crate::password::PasswordPolicy;
use crate::rulepack::{Params, RuleDef, RulePackError};

/// An application's declared values, blanks filled from the application
/// that authenticates its users (`auth_delegated_to`).
struct Effective<'a> {
    app: &'a AppConfig,
    idp: Option<&'a AppConfig>,
}

impl<'a> Effective<'a> {
    fn of(ctx: &Context<'a>, app: &'a AppConfig) -> Self {
        let idp = app
            .auth_delegated_to
            .as_deref()
            .and_then(|id| ctx.snapshot.app_config(id))
            .filter(|i| i.app_id != app.app_id);
        Effective { app, idp }
    }

    fn get<T>(&self, field: impl Fn(&AppConfig) -> Option<T>) -> Option<T> {
        field(self.app).or_else(|| self.idp.and_then(&field))
    }
}

fn app_finding(ctx: &Context<'_>, app: &AppConfig, status: Status) -> Finding {
    let mut f = Finding::new(status, SubjectKind::Application, app.app_id.clone())
        .evidence(format!("app_configs/{}", app.app_id))
        .units(ctx.snapshot.system_units(app.system()));
    if let Some(idp) = app.auth_delegated_to.as_deref().filter(|i| ctx.snapshot.app_config(i).is_some()) {
        f = f.evidence(format!("app_configs/{idp}"));
    }
    f
}

/// Systems in operation (in scope) with no application declaration.
fn undeclared_systems(ctx: &Context<'_>, out: &mut dyn FnMut(Finding), what: (&str, &str)) {
    for sys in systems_in_scope(ctx).filter(|s| s.in_operation) {
        if ctx.snapshot.apps_of_system(&sys.system_id).next().is_none() {
            out(system_finding(ctx, &sys.system_id, Status::NoEvidence).message(
                format!("Không có khai báo cấu hình ứng dụng (app_configs) của hệ thống để đánh giá {}.", what.0),
                format!("No application declaration (app_configs) for the system to judge {}.", what.1),
            ));
        }
    }
}

fn apps_in_scope<'a>(ctx: &'a Context<'_>) -> impl Iterator<Item = &'a AppConfig> + 'a {
    ctx.snapshot.app_configs.iter().filter(move |a| ctx.system_in_scope(a.system()))
}

/// Joins findings of a checklist: violations → fail, unknowns → no_evidence, else pass.
fn checklist(f: Finding, bad: &[(String, String)], unknown: &[(String, String)], ok: (&str, &str)) -> Finding {
    let join = |v: &[(String, String)], vi: bool| {
        v.iter().map(|p| if vi { p.0.as_str() } else { p.1.as_str() }).collect::<Vec<_>>().join("; ")
    };
    if !bad.is_empty() {
        let more = if unknown.is_empty() {
            (String::new(), String::new())
        } else {
            (format!(" Chưa khai báo: {}.", join(unknown, true)), format!(" Not declared: {}.", join(unknown, false)))
        };
        Finding { status: Status::Fail, ..f }.message(
            format!("Không đạt: {}.{}", join(bad, true), more.0),
            format!("Not met: {}.{}", join(bad, false), more.1),
        )
    } else if !unknown.is_empty() {
        Finding { status: Status::NoEvidence, ..f }.message(
            format!("Chưa khai báo: {}.", join(unknown, true)),
            format!("Not declared: {}.", join(unknown, false)),
        )
    } else {
        f.message(ok.0, ok.1)
    }
}

pub const APP_CONTROLS: &[&str] = &[
    "authentication",
    "failed_login_limit",
    "session_timeout",
    "credentials_encrypted",
    "no_auto_login",
    "admin_port_separate",
    "encrypted_remote_admin",
];

/// Kind `app_auth_controls`: APP-AUTH-CONTROLS (Điều 12.2, with 12.3 and 12.4).
pub struct AppAuthControls {
    controls: Vec<String>,
    max_failed_logins: u32,
    max_session_minutes: u32,
    encrypted_protocols: Vec<String>,
}

type Problems = Vec<(String, String)>;

impl AppAuthControls {
    fn check(&self, e: &Effective<'_>, control: &str, bad: &mut Problems, unknown: &mut Problems) {
        let mut flag = |v: Option<bool>, good: bool, vi: &str, en: &str, bad_vi: &str, bad_en: &str| match v {
            None => unknown.push((vi.into(), en.into())),
            Some(x) if x != good => bad.push((bad_vi.into(), bad_en.into())),
            Some(_) => {}
        };
        match control {
            "authentication" => flag(
                e.get(|a| a.auth_required).or(e.idp.map(|_| true)),
                true,
                "xác thực người dùng (auth_required)",
                "user authentication (auth_required)",
                "không xác thực người dùng",
                "users are not authenticated",
            ),
            "credentials_encrypted" => flag(
                e.get(|a| a.credentials_encrypted),
                true,
                "mã hóa thông tin xác thực (credentials_encrypted)",
                "encrypted credentials (credentials_encrypted)",
                "thông tin xác thực không được mã hóa",
                "credentials are not stored encrypted",
            ),
            "no_auto_login" => flag(
                e.get(|a| a.auto_login),
                false,
                "đăng nhập tự động (auto_login)",
                "automatic login (auto_login)",
                "cho phép đăng nhập tự động",
                "automatic login is allowed",
            ),
            "admin_port_separate" => flag(
                e.app.admin_port_separate,
                true,
                "cổng quản trị riêng (admin_port_separate, Điều 12.3)",
                "separate admin port (admin_port_separate, Điều 12.3)",
                "cổng quản trị không tách khỏi cổng dịch vụ (Điều 12.3)",
                "the admin interface shares the service port (Điều 12.3)",
            ),
            "failed_login_limit" => match e.get(|a| a.failed_login_limit) {
                None => unknown.push((
                    "giới hạn đăng nhập sai (failed_login_limit)".into(),
                    "failed-login limit (failed_login_limit)".into(),
                )),
                Some(0) => bad.push(("không giới hạn số lần đăng nhập sai".into(), "no limit on failed logins".into())),
                Some(n) if n > i64::from(self.max_failed_logins) => bad.push((
                    format!("giới hạn {n} lần đăng nhập sai, quá {} lần", self.max_failed_logins),
                    format!("failed-login limit {n} is above {}", self.max_failed_logins),
                )),
                Some(_) => {}
            },
            "session_timeout" => match e.get(|a| a.session_timeout_minutes) {
                None => unknown.push((
                    "thời gian chờ đóng phiên (session_timeout_minutes)".into(),
                    "session timeout (session_timeout_minutes)".into(),
                )),
                Some(0) => bad.push(("phiên không tự đóng".into(), "sessions never time out".into())),
                Some(n) if n > i64::from(self.max_session_minutes) => bad.push((
                    format!("phiên đóng sau {n} phút, quá {} phút", self.max_session_minutes),
                    format!("session timeout {n} min is above {} min", self.max_session_minutes),
                )),
                Some(_) => {}
            },
            "encrypted_remote_admin" => {
                let protocols = &e.app.remote_admin_protocols;
                let plain: Vec<String> = protocols
                    .iter()
                    .filter(|p| p.as_str() != "none" && !self.encrypted_protocols.contains(p))
                    .cloned()
                    .collect();
                if protocols.is_empty() {
                    unknown.push((
                        "giao thức quản trị từ xa (remote_admin_protocols, Điều 12.4)".into(),
                        "remote admin protocols (remote_admin_protocols, Điều 12.4)".into(),
                    ));
                } else if !plain.is_empty() {
                    bad.push((
                        format!("quản trị từ xa qua giao thức không mã hóa: {} (Điều 12.4)", plain.join(", ")),
                        format!("remote administration over unencrypted protocols: {} (Điều 12.4)", plain.join(", ")),
                    ));
                }
            }
            _ => {}
        }
    }
}

impl Rule for AppAuthControls {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        for app in apps_in_scope(ctx) {
            let e = Effective::of(ctx, app);
            let (mut bad, mut unknown) = (Vec::new(), Vec::new());
            for c in &self.controls {
                self.check(&e, c, &mut bad, &mut unknown);
            }
            out(checklist(
                app_finding(ctx, app, Status::Pass),
                &bad,
                &unknown,
                (
                    "Ứng dụng xác thực người dùng, giới hạn đăng nhập sai, giới hạn thời gian phiên, mã hóa thông tin xác thực, không đăng nhập tự động.",
                    "The application authenticates users, limits failed logins and session time, encrypts credentials and has no automatic login.",
                ),
            ));
        }
        undeclared_systems(ctx, out, ("các biện pháp xác thực", "its authentication controls"));
    }
}

/// Kind `password_policy_config`: PWD-POLICY (Điều 11.3.a). The password
/// policy configured on each application meets the pack's policy (the
/// numbers of [`PasswordPolicy`]).
pub struct PasswordPolicyConfig {
    policy: PasswordPolicy,
}

impl Rule for PasswordPolicyConfig {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        let p = &self.policy;
        for app in apps_in_scope(ctx) {
            let e = Effective::of(ctx, app);
            let f = app_finding(ctx, app, Status::Pass);
            if e.get(|a| a.auth_required) == Some(false) {
                out(Finding { status: Status::NotApplicable, ..f }.message(
                    "Ứng dụng không dùng mật khẩu (không xác thực).",
                    "The application uses no passwords (no authentication).",
                ));
                continue;
            }
            if app.auth_delegated_to.is_some() && e.idp.is_none() {
                let idp = app.auth_delegated_to.as_deref().unwrap_or_default();
                if app.pwd_min_length.is_none() && app.pwd_min_classes.is_none() && app.pwd_forbid_username.is_none() {
                    out(Finding { status: Status::NoEvidence, ..f }.message(
                        format!("Xác thực qua {idp} nhưng không có khai báo của {idp} trong app_configs."),
                        format!("Users authenticate through {idp}, which has no app_configs declaration."),
                    ));
                    continue;
                }
            }
            let (mut bad, mut unknown): (Problems, Problems) = (Vec::new(), Vec::new());
            match e.get(|a| a.pwd_min_length) {
                None => {
                    unknown.push(("độ dài tối thiểu (pwd_min_length)".into(), "minimum length (pwd_min_length)".into()))
                }
                Some(n) if n < p.min_length as i64 => bad.push((
                    format!("độ dài tối thiểu {n} ký tự, cần {}", p.min_length),
                    format!("minimum length {n}, {} required", p.min_length),
                )),
                Some(_) => {}
            }
            match e.get(|a| a.pwd_min_classes) {
                None => unknown
                    .push(("số loại ký tự (pwd_min_classes)".into(), "character classes (pwd_min_classes)".into())),
                Some(n) if n < p.min_classes as i64 => bad.push((
                    format!("{n} loại ký tự, cần {} trong 4", p.min_classes),
                    format!("{n} character classes, {} of 4 required", p.min_classes),
                )),
                Some(_) => {}
            }
            if p.forbid_username {
                match e.get(|a| a.pwd_forbid_username) {
                    None => unknown.push((
                        "cấm chứa tên tài khoản (pwd_forbid_username)".into(),
                        "username forbidden (pwd_forbid_username)".into(),
                    )),
                    Some(false) => bad.push((
                        "mật khẩu được phép chứa tên tài khoản".into(),
                        "passwords may contain the account name".into(),
                    )),
                    Some(true) => {}
                }
            }
            out(checklist(
                f,
                &bad,
                &unknown,
                (
                    &format!(
                        "Chính sách mật khẩu: tối thiểu {} ký tự, {} trong 4 loại ký tự, không chứa tên tài khoản.",
                        p.min_length, p.min_classes
                    ),
                    &format!(
                        "Password policy: at least {} characters, {} of 4 classes, no account name.",
                        p.min_length, p.min_classes
                    ),
                ),
            ));
        }
        undeclared_systems(ctx, out, ("chính sách mật khẩu", "its password policy"));
    }
}

fn password_policy_config(d: &RuleDef) -> Result<Box<dyn Rule>, RulePackError> {
    let mut policy = super::PasswordCandidate::from_def(d)?.policy;
    policy.reject_common = false; // not a configuration setting
    Ok(Box::new(PasswordPolicyConfig { policy }))
}

fn app_auth_controls(d: &RuleDef) -> Result<Box<dyn Rule>, RulePackError> {
    let p = Params::of(d);
    Ok(Box::new(AppAuthControls {
        controls: names(&p, "required_controls", APP_CONTROLS, APP_CONTROLS)?,
        max_failed_logins: p.uint("max_failed_logins", Some(5))?,
        max_session_minutes: p.uint("max_session_timeout_minutes", Some(30))?,
        encrypted_protocols: names(
            &p,
            "encrypted_protocols",
            &["ssh", "https", "tls", "vpn", "rdp"],
            REMOTE_PROTOCOLS,
        )?,
    }))
}

/// Kinds implemented in this file (see `rules::registry`).
pub(super) const KINDS: &[(&str, super::Constructor)] =
    &[("app_auth_controls", app_auth_controls), ("password_policy_config", password_policy_config)];

#[cfg(test)]
#[path = "applications_tests.rs"]
mod tests;
