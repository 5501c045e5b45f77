//! Tests of Điều 11.3.a (configured policy) and 12.2-12.4, computed by hand
//! from the article text.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::super::testkit::*;
use super::super::testkit_org_a::*;
use crate::finding::{Status, SubjectKind};

// 12.2: "cấu hình phần mềm, ứng dụng để xác thực người dùng; giới hạn số lần
// đăng nhập sai liên tiếp; giới hạn thời gian để chờ đóng phiên kết nối; mã
// hóa thông tin xác thực trên hệ thống; không khuyến khích việc đăng nhập tự
// động"; 12.3 separate admin port; 12.4 encrypted remote administration.

fn applications() -> Evidence {
    let mut careless = app("PORTAL", Some("SYS-B"));
    careless.auto_login = Some(true);
    careless.session_timeout_minutes = Some(0);
    careless.remote_admin_protocols = vec!["ssh".into(), "telnet".into()];
    let mut undeclared = app("REPORTS", Some("SYS-B"));
    undeclared.failed_login_limit = None;
    let mut lax = app("MOBILE", Some("SYS-B"));
    lax.failed_login_limit = Some(10);
    let mut sso_client = app("KHAIBAO", Some("SYS-A"));
    sso_client.auth_delegated_to = Some("SSO".into());
    sso_client.failed_login_limit = None;
    sso_client.credentials_encrypted = None;
    sso_client.pwd_min_length = None;
    sso_client.pwd_min_classes = None;
    sso_client.pwd_forbid_username = None;
    let mut sso = app("SSO", Some("SYS-A"));
    sso.pwd_min_length = Some(12);
    sso.pwd_min_classes = Some(4);
    let mut short = app("LEGACY", Some("SYS-A"));
    short.pwd_min_length = Some(6);
    short.pwd_forbid_username = Some(false);
    let mut kiosk = app("KIOSK", Some("SYS-A"));
    kiosk.auth_required = Some(false);
    let mut orphan = app("ORPHAN", Some("SYS-A"));
    orphan.auth_delegated_to = Some("NOWHERE".into());
    orphan.pwd_min_length = None;
    orphan.pwd_min_classes = None;
    orphan.pwd_forbid_username = None;
    Evidence {
        systems: vec![system("SYS-A", Some(3)), system("SYS-B", Some(2)), system("SYS-C", Some(1))],
        app_configs: vec![app("SYS-A", None), careless, undeclared, lax, sso_client, sso, short, kiosk, orphan],
        ..Evidence::default()
    }
}

#[test]
fn dieu_12_2_application_with_every_control_passes() {
    let f = applications().run("APP-AUTH-CONTROLS", "2025-04-01");
    let a = only(&f, "SYS-A");
    assert_eq!((a.status, a.subject_kind), (Status::Pass, SubjectKind::Application));
    assert_eq!(a.evidence, vec!["app_configs/SYS-A".to_string()]);
    assert_eq!(status_of(&f, "KHAIBAO"), Status::Pass, "blank controls come from the single sign-on it uses");
}

#[test]
fn dieu_12_2_to_12_4_auto_login_endless_sessions_and_telnet_fail() {
    let f = applications().run("APP-AUTH-CONTROLS", "2025-04-01");
    let p = only(&f, "PORTAL");
    assert_eq!(p.status, Status::Fail);
    for what in ["automatic login", "never time out", "telnet"] {
        assert!(p.message_en.contains(what), "{what}: {}", p.message_en);
    }
    assert_eq!(status_of(&f, "MOBILE"), Status::Fail, "10 failed logins is above the pack's 5");
    assert_eq!(status_of(&f, "REPORTS"), Status::NoEvidence, "failed-login limit not declared");
}

#[test]
fn dieu_12_2_system_in_operation_without_declaration_is_no_evidence() {
    let f = applications().run("APP-AUTH-CONTROLS", "2025-04-01");
    let c = only(&f, "SYS-C");
    assert_eq!((c.status, c.subject_kind), (Status::NoEvidence, SubjectKind::System));
}

// 11.3.a: "Có tối thiểu 8 ký tự. Gồm tối thiểu 3 trong 4 loại ký tự (…). Không
// chứa tên tài khoản." — as configured on each application.

#[test]
fn dieu_11_3_a_configured_password_policy_meets_8_characters_3_classes_no_username() {
    let f = applications().run("PWD-POLICY", "2025-04-01");
    assert_eq!(status_of(&f, "SYS-A"), Status::Pass);
    assert_eq!(status_of(&f, "SSO"), Status::Pass);
    assert_eq!(status_of(&f, "KHAIBAO"), Status::Pass, "judged on the single sign-on's policy");
    let legacy = only(&f, "LEGACY");
    assert_eq!(legacy.status, Status::Fail);
    assert!(legacy.message_en.contains("minimum length 6, 8 required"));
    assert!(legacy.message_en.contains("account name"));
    assert_eq!(status_of(&f, "KIOSK"), Status::NotApplicable);
    assert_eq!(status_of(&f, "ORPHAN"), Status::NoEvidence);
    assert_eq!(status_of(&f, "SYS-C"), Status::NoEvidence);
}

#[test]
fn dieu_11_3_a_policy_numbers_come_from_the_pack() {
    let toml = crate::rulepack::BUILTIN_QD_1048.replace(
        "min_length = 8\nmin_classes = 3\nforbid_username = true\n\n[[rule]]\nid = \"PWD-CHECK\"",
        "min_length = 12\nmin_classes = 3\nforbid_username = true\n\n[[rule]]\nid = \"PWD-CHECK\"",
    );
    assert_ne!(toml, crate::rulepack::BUILTIN_QD_1048, "the PWD-POLICY block was found");
    let pack = crate::RulePack::from_toml(&toml).unwrap();
    let e = applications();
    let cal = crate::Calendar::new(&[]);
    let snap = crate::Snapshot::new(e);
    let sel = crate::engine::Selection { rules: vec!["PWD-POLICY".into()], ..Default::default() };
    let got = crate::evaluate(&pack, &snap, d("2025-04-01"), &cal, &sel, &|_| true).unwrap().findings;
    assert_eq!(status_of(&got, "SYS-A"), Status::Fail, "8 < 12");
    assert_eq!(status_of(&got, "SSO"), Status::Pass);
}
