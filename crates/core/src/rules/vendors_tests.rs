//! Tests of Điều 25-27 (third parties), computed by hand from the article text.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::super::testkit::*;
use crate::evidence::{
    AccountKind, AccountStatus, AdminFunction, Contract, ServiceLogEntry, Vendor, VendorAccount, VendorStaff,
};
use crate::finding::Status;

fn vendor(id: &str) -> Vendor {
    Vendor { vendor_id: id.into(), name: format!("Công ty {id}"), tax_code: None, focal_unit: Some("CNTT".into()) }
}

/// A contract with every clause present, no admin work, no keys handed over.
fn contract(id: &str, vendor: &str, systems: &[&str], start: &str, end: Option<&str>) -> Contract {
    Contract {
        contract_id: id.into(),
        vendor_id: vendor.into(),
        unit_code: Some("CNTT".into()),
        service: Some("Bảo trì".into()),
        system_ids: systems.iter().map(|s| (*s).to_string()).collect(),
        signed_on: Some(d(start)),
        start_date: d(start),
        end_date: end.map(d),
        clauses: [Some(true); 5],
        admin_functions: Vec::new(),
        access_revoked_on: None,
        keys_handed_over: Some(false),
        keys_changed_on: None,
    }
}

fn staff(vendor: &str, name: &str, approved: Option<&str>, nda: Option<&str>) -> VendorStaff {
    VendorStaff {
        vendor_id: vendor.into(),
        full_name: name.into(),
        contract_id: None,
        role: None,
        approved_on: approved.map(d),
        approved_by_unit: Some("CNTT".into()),
        nda_signed_on: nda.map(d),
    }
}

fn log(id: &str, vendor: &str, contract: Option<&str>, date: &str) -> ServiceLogEntry {
    ServiceLogEntry {
        entry_id: id.into(),
        vendor_id: vendor.into(),
        contract_id: contract.map(Into::into),
        service: Some("Bảo trì định kỳ".into()),
        date: d(date),
        security_issues: Some("không".into()),
        other_changes: None,
        recorded_by_unit: Some("CNTT".into()),
    }
}

fn vendor_account(system: &str, user: &str, vendor: &str, staff: Option<&str>) -> VendorAccount {
    VendorAccount {
        system_id: system.into(),
        username: user.into(),
        vendor_id: vendor.into(),
        contract_id: None,
        staff_name: staff.map(Into::into),
    }
}

fn with(contracts: Vec<Contract>) -> Evidence {
    Evidence {
        systems: vec![system("SYS-A", Some(3)), system("SYS-B", Some(4))],
        vendors: vec![vendor("V1"), vendor("V2")],
        contracts,
        ..Evidence::default()
    }
}

// ── 25.1: "Hợp đồng với bên thứ ba phải bao gồm các điều khoản và nghĩa vụ về an toàn, an ninh thông tin,
//    cam kết không tiết lộ thông tin, trách nhiệm xử lý, vá lỗ hổng phần mềm, điều khoản xử lý vi phạm và
//    trách nhiệm bồi thường thiệt hại" ─────────────────────────────────────────────────────────────────

#[test]
fn dieu_25_1_contract_with_the_five_clauses_passes() {
    let f = with(vec![contract("HD1", "V1", &["SYS-A"], "2024-01-01", None)]).run("VENDOR-CONTRACT", "2025-03-01");
    let f = only(&f, "HD1");
    assert_eq!(f.status, Status::Pass);
    assert_eq!(&*f.cite, "Điều 25.1");
    assert_eq!(f.subject_kind.as_str(), "contract");
    assert_eq!(f.evidence, vec!["contracts/HD1".to_string()]);
    assert!(f.units.iter().any(|u| &**u == "CNTT"));
}

#[test]
fn dieu_25_1_contract_without_non_disclosure_commitment_fails_naming_it() {
    let mut c = contract("HD1", "V1", &["SYS-A"], "2024-01-01", None);
    c.clauses[1] = Some(false); // non_disclosure
    let f = with(vec![c]).run("VENDOR-CONTRACT", "2025-03-01");
    let f = only(&f, "HD1");
    assert_eq!(f.status, Status::Fail);
    assert!(f.message_vi.contains("cam kết không tiết lộ thông tin"), "{}", f.message_vi);
    assert!(f.message_en.contains("clause_non_disclosure"), "{}", f.message_en);
    assert_eq!(f.due, None);
}

#[test]
fn dieu_25_1_each_clause_recorded_absent_fails() {
    for i in 0..5 {
        let mut c = contract("HD1", "V1", &[], "2024-01-01", None);
        c.clauses[i] = Some(false);
        let f = with(vec![c]).run("VENDOR-CONTRACT", "2025-03-01");
        assert_eq!(status_of(&f, "HD1"), Status::Fail, "clause {i}");
    }
}

#[test]
fn dieu_25_1_clause_not_recorded_is_no_evidence_not_a_pass() {
    let mut c = contract("HD1", "V1", &["SYS-A"], "2024-01-01", None);
    c.clauses[2] = None; // vulnerability_patching blank
    let mut c2 = contract("HD2", "V1", &["SYS-A"], "2024-01-01", None);
    c2.clauses[2] = None;
    c2.clauses[4] = Some(false);
    let f = with(vec![c, c2]).run("VENDOR-CONTRACT", "2025-03-01");
    assert_eq!(status_of(&f, "HD1"), Status::NoEvidence);
    let hd2 = only(&f, "HD2");
    assert_eq!(hd2.status, Status::Fail, "a clause recorded absent decides");
    assert!(hd2.message_en.contains("Not recorded: clause_vulnerability_patching"), "{}", hd2.message_en);
}

// ── 25.2: "Không được thuê một bên thứ ba thực hiện toàn bộ công việc quản trị (chỉnh sửa cấu hình, quản lý
//    dữ liệu, quản lý nhật ký) đối với các hệ thống thông tin quan trọng về an ninh quốc gia." ─────────────

fn national(e: &mut Evidence, flag: Option<bool>) {
    for s in &mut e.systems {
        s.national_security = flag;
    }
}

#[test]
fn dieu_25_2_one_vendor_doing_configuration_data_and_logs_of_a_national_security_system_fails() {
    let mut c = contract("HD1", "V1", &["SYS-B"], "2024-01-01", Some("2026-12-31"));
    c.admin_functions = vec![AdminFunction::Configuration, AdminFunction::Data];
    let mut c2 = contract("HD2", "V1", &["SYS-B"], "2024-06-01", None);
    c2.admin_functions = vec![AdminFunction::Logs];
    let mut e = with(vec![c, c2]);
    national(&mut e, Some(true));
    let f = e.run("VENDOR-NO-FULL-ADMIN", "2025-03-01");
    let b = only(&f, "SYS-B");
    assert_eq!(b.status, Status::Fail, "two contracts of one vendor together cover all admin work");
    assert_eq!(&*b.cite, "Điều 25.2");
    assert!(b.evidence.contains(&"contracts/HD1".to_string()) && b.evidence.contains(&"contracts/HD2".to_string()));
    assert_eq!(status_of(&f, "SYS-A"), Status::Pass);
}

#[test]
fn dieu_25_2_admin_work_split_between_two_vendors_passes() {
    let mut c = contract("HD1", "V1", &["SYS-B"], "2024-01-01", None);
    c.admin_functions = vec![AdminFunction::Configuration, AdminFunction::Data];
    let mut c2 = contract("HD2", "V2", &["SYS-B"], "2024-01-01", None);
    c2.admin_functions = vec![AdminFunction::Logs];
    let mut e = with(vec![c, c2]);
    national(&mut e, Some(true));
    assert_eq!(status_of(&e.run("VENDOR-NO-FULL-ADMIN", "2025-03-01"), "SYS-B"), Status::Pass);
}

#[test]
fn dieu_25_2_contract_not_in_force_does_not_count() {
    let mut c = contract("HD1", "V1", &["SYS-B"], "2022-01-01", Some("2024-12-31"));
    c.admin_functions = AdminFunction::ALL.to_vec();
    let mut e = with(vec![c]);
    national(&mut e, Some(true));
    assert_eq!(status_of(&e.run("VENDOR-NO-FULL-ADMIN", "2025-03-01"), "SYS-B"), Status::Pass);
    let mut c = contract("HD1", "V1", &["SYS-B"], "2022-01-01", Some("2024-12-31"));
    c.admin_functions = AdminFunction::ALL.to_vec();
    let mut e = with(vec![c]);
    national(&mut e, Some(true));
    assert_eq!(status_of(&e.run("VENDOR-NO-FULL-ADMIN", "2024-12-31"), "SYS-B"), Status::Fail, "last day in force");
}

#[test]
fn dieu_25_2_vendor_holding_every_active_admin_account_fails_until_customs_holds_one() {
    let mut e = with(vec![]);
    national(&mut e, Some(true));
    e.accounts = vec![
        account("SYS-B", "nt.admin1", AccountKind::Admin, None),
        account("SYS-B", "nt.admin2", AccountKind::Admin, None),
        account("SYS-B", "annv", AccountKind::User, Some("P1")),
    ];
    e.vendor_accounts =
        vec![vendor_account("SYS-B", "nt.admin1", "V1", None), vendor_account("SYS-B", "nt.admin2", "V1", None)];
    let f = e.run("VENDOR-NO-FULL-ADMIN", "2025-03-01");
    let b = only(&f, "SYS-B");
    assert_eq!(b.status, Status::Fail);
    assert!(b.evidence.contains(&"accounts/SYS-B/nt.admin1".to_string()), "{:?}", b.evidence);

    let mut e = with(vec![]);
    national(&mut e, Some(true));
    e.accounts = vec![
        account("SYS-B", "nt.admin1", AccountKind::Admin, None),
        account("SYS-B", "adm.annv", AccountKind::Admin, Some("P1")),
    ];
    e.vendor_accounts = vec![vendor_account("SYS-B", "nt.admin1", "V1", None)];
    assert_eq!(status_of(&e.run("VENDOR-NO-FULL-ADMIN", "2025-03-01"), "SYS-B"), Status::Pass);

    // A Customs admin account disabled before as-of no longer shares the work.
    let mut e = with(vec![]);
    national(&mut e, Some(true));
    let mut customs = account("SYS-B", "adm.annv", AccountKind::Admin, Some("P1"));
    customs.status = AccountStatus::Disabled;
    customs.disabled_on = Some(d("2025-01-10"));
    e.accounts = vec![account("SYS-B", "nt.admin1", AccountKind::Admin, None), customs];
    e.vendor_accounts = vec![vendor_account("SYS-B", "nt.admin1", "V1", None)];
    assert_eq!(status_of(&e.run("VENDOR-NO-FULL-ADMIN", "2025-03-01"), "SYS-B"), Status::Fail);
}

#[test]
fn dieu_25_2_system_not_designated_is_not_applicable_and_undeclared_is_no_evidence() {
    let mut c = contract("HD1", "V1", &["SYS-A", "SYS-B"], "2024-01-01", None);
    c.admin_functions = AdminFunction::ALL.to_vec();
    let mut e = with(vec![c]);
    e.systems[0].national_security = Some(false);
    e.systems[1].national_security = None;
    let f = e.run("VENDOR-NO-FULL-ADMIN", "2025-03-01");
    assert_eq!(status_of(&f, "SYS-A"), Status::NotApplicable);
    assert_eq!(status_of(&f, "SYS-B"), Status::NoEvidence);
    // Undeclared, and no vendor does all the work: nothing to report.
    let f = with(vec![]).run("VENDOR-NO-FULL-ADMIN", "2025-03-01");
    assert_eq!(status_of(&f, "SYS-B"), Status::Pass);
}

// ── 26.2: "lập hồ sơ nhật ký giám sát dịch vụ của đối tác cung cấp, bao gồm tối thiểu: Tên đối tác; Dịch vụ
//    cung cấp; Ngày thực hiện; Các vấn đề về an toàn, an ninh thông tin (…); Các thay đổi khác (nếu có)." ────

#[test]
fn dieu_26_2_log_kept_every_3_months_passes_with_the_next_entry_due() {
    let mut e = with(vec![contract("HD1", "V1", &["SYS-A"], "2024-01-01", None)]);
    e.vendor_service_log = vec![
        log("L1", "V1", Some("HD1"), "2024-03-15"),
        log("L2", "V1", None, "2025-01-20"),
        log("L3", "V2", None, "2025-02-01"),
    ];
    let f = e.run("VENDOR-SERVICE-LOG", "2025-03-01");
    let f = only(&f, "HD1");
    assert_eq!(f.status, Status::Pass, "{}", f.message_en);
    assert_eq!(f.due, Some(d("2025-04-20")), "last entry 20/01/2025 + 3 months");
    assert_eq!(&*f.cite, "Điều 26.2");
    assert!(f.evidence.contains(&"vendor_service_log/L2".to_string()));
    assert!(!f.evidence.contains(&"vendor_service_log/L3".to_string()), "another vendor's entry");
}

#[test]
fn dieu_26_2_no_entry_for_3_months_fails_by_the_days_lapsed() {
    let mut e = with(vec![contract("HD1", "V1", &["SYS-A"], "2024-01-01", None)]);
    e.vendor_service_log = vec![log("L1", "V1", Some("HD1"), "2024-10-31")];
    let f = e.run("VENDOR-SERVICE-LOG", "2025-03-01");
    let f = only(&f, "HD1");
    // 31/10/2024 + 3 months = 31/01/2025 → 29 days overdue on 01/03/2025.
    assert_eq!((f.status, f.due, f.overdue_days), (Status::Fail, Some(d("2025-01-31")), Some(29)));
    // A contract without any entry lapses 3 months after its start.
    let f = with(vec![contract("HD2", "V1", &["SYS-A"], "2024-12-10", None)]).run("VENDOR-SERVICE-LOG", "2025-03-01");
    assert_eq!(status_of(&f, "HD2"), Status::Pass);
    assert_eq!(only(&f, "HD2").due, Some(d("2025-03-10")));
    let f = with(vec![contract("HD2", "V1", &["SYS-A"], "2024-12-10", None)]).run("VENDOR-SERVICE-LOG", "2025-03-11");
    assert_eq!((only(&f, "HD2").status, only(&f, "HD2").overdue_days), (Status::Fail, Some(1)));
}

#[test]
fn dieu_26_2_entry_without_security_issues_or_service_fails() {
    let mut e = with(vec![contract("HD1", "V1", &["SYS-A"], "2024-01-01", None)]);
    let mut l = log("L1", "V1", Some("HD1"), "2025-02-01");
    l.security_issues = None;
    let mut l2 = log("L2", "V1", Some("HD1"), "2025-02-15");
    l2.service = None;
    l2.other_changes = None; // "(nếu có)": blank is allowed
    e.vendor_service_log = vec![l, l2];
    let f = e.run("VENDOR-SERVICE-LOG", "2025-03-01");
    let f = only(&f, "HD1");
    assert_eq!((f.status, f.overdue_days), (Status::Fail, None));
    assert!(f.message_en.contains("L1 (security_issues)") && f.message_en.contains("L2 (service)"), "{}", f.message_en);
}

#[test]
fn dieu_26_2_ended_contract_is_measured_to_its_end_and_future_contract_not_judged() {
    let mut e = with(vec![
        contract("HD1", "V1", &["SYS-A"], "2024-01-01", Some("2024-12-31")),
        contract("HD2", "V2", &["SYS-A"], "2025-06-01", None),
    ]);
    e.vendor_service_log = vec![log("L1", "V1", None, "2024-08-01")];
    let f = e.run("VENDOR-SERVICE-LOG", "2025-06-01");
    let hd1 = only(&f, "HD1");
    // 01/08/2024 + 3 months = 01/11/2024; the contract ended 31/12/2024: 60 days.
    assert_eq!((hd1.status, hd1.due, hd1.overdue_days), (Status::Fail, Some(d("2024-11-01")), Some(60)));
    let f = {
        let mut e = with(vec![contract("HD2", "V2", &["SYS-A"], "2025-06-01", None)]);
        e.vendor_service_log = vec![];
        e.run("VENDOR-SERVICE-LOG", "2025-05-31")
    };
    assert!(f.is_empty(), "not started yet: {f:?}");
    // Ended and kept up to its end: pass, nothing due any more.
    let mut e = with(vec![contract("HD1", "V1", &["SYS-A"], "2024-01-01", Some("2024-12-31"))]);
    e.vendor_service_log = vec![
        log("L1", "V1", None, "2024-03-01"),
        log("L2", "V1", None, "2024-06-01"),
        log("L3", "V1", None, "2024-09-15"),
        log("L4", "V1", None, "2024-12-20"),
    ];
    let f = e.run("VENDOR-SERVICE-LOG", "2025-06-01");
    assert_eq!((only(&f, "HD1").status, only(&f, "HD1").due), (Status::Pass, None));
}

// ── 27.2: "Thông báo danh sách nhân sự triển khai cho bên ký kết hợp đồng và phải được đơn vị Hải quan chấp
//    thuận. Nhân sự bên thứ ba phải ký cam kết không tiết lộ thông tin quan trọng của bên ký kết hợp đồng." ──

#[test]
fn dieu_27_2_staff_approved_and_bound_by_nda_pass() {
    let mut e = with(vec![contract("HD1", "V1", &["SYS-A"], "2024-01-01", None)]);
    e.vendor_staff = vec![
        staff("V1", "Phạm Văn Đức", Some("2024-01-05"), Some("2024-01-06")),
        staff("V1", "Lê Thị Hoa", None, Some("2024-01-06")),
        staff("V1", "Trần Văn Nam", Some("2024-01-05"), None),
        staff("V1", "Hồ Văn Mới", Some("2025-04-01"), Some("2025-04-01")),
    ];
    let f = e.run("VENDOR-STAFF", "2025-03-01");
    assert_eq!(status_of(&f, "V1/Phạm Văn Đức"), Status::Pass);
    assert_eq!(only(&f, "V1/Phạm Văn Đức").subject_kind.as_str(), "vendor_staff");
    assert_eq!(&*only(&f, "V1/Phạm Văn Đức").cite, "Điều 27.2");
    let hoa = only(&f, "V1/Lê Thị Hoa");
    assert_eq!(hoa.status, Status::Fail);
    assert!(hoa.message_en.contains("not approved"), "{}", hoa.message_en);
    let nam = only(&f, "V1/Trần Văn Nam");
    assert_eq!(nam.status, Status::Fail);
    assert!(nam.message_en.contains("non-disclosure"), "{}", nam.message_en);
    assert_eq!(status_of(&f, "V1/Hồ Văn Mới"), Status::Fail, "approved after the as-of date: not yet");
    assert!(f.iter().all(|x| x.subject_id != "HD1"), "the contract has a staff list");
}

#[test]
fn dieu_27_2_vendor_account_used_by_someone_off_the_list_fails() {
    let mut e = with(vec![contract("HD1", "V1", &["SYS-A"], "2024-01-01", None)]);
    e.vendor_staff = vec![staff("V1", "Phạm Văn Đức", Some("2024-01-05"), Some("2024-01-06"))];
    e.accounts = vec![
        account("SYS-A", "nt.duc", AccountKind::Admin, None),
        account("SYS-A", "nt.khach", AccountKind::Admin, None),
    ];
    e.vendor_accounts = vec![
        vendor_account("SYS-A", "nt.duc", "V1", Some("Phạm Văn Đức")),
        vendor_account("SYS-A", "nt.khach", "V1", Some("Người Lạ")),
    ];
    let f = e.run("VENDOR-STAFF", "2025-03-01");
    assert!(f.iter().all(|x| x.subject_id != "SYS-A/nt.duc"));
    let k = only(&f, "SYS-A/nt.khach");
    assert_eq!(k.status, Status::Fail);
    assert!(k.message_en.contains("Người Lạ"));
}

#[test]
fn dieu_27_2_contract_in_force_without_a_staff_list_is_no_evidence() {
    let e = with(vec![
        contract("HD1", "V1", &["SYS-A"], "2024-01-01", None),
        contract("HD0", "V2", &["SYS-A"], "2020-01-01", Some("2021-01-01")),
    ]);
    let f = e.run("VENDOR-STAFF", "2025-03-01");
    assert_eq!(status_of(&f, "HD1"), Status::NoEvidence);
    assert!(f.iter().all(|x| x.subject_id != "HD0"), "ended contracts are not asked for a list");
}

// ── 26.7 / 27.3: "Thu hồi quyền truy cập hệ thống thông tin đã được cấp cho bên thứ ba, thay đổi các khóa, mã
//    khóa bí mật nhận bàn giao từ bên thứ ba ngay sau khi hoàn thành công việc hoặc kết thúc hợp đồng." ──────

const OFF: &str = "VENDOR-OFFBOARD";

/// Contract HD1 of V1 on SYS-A ends Friday 07/03/2025: the deadline (1
/// working day) is Monday 10/03/2025. V1 holds account SYS-A/nt.duc.
fn ended(disabled_on: Option<&str>, keys: Option<bool>, keys_changed: Option<&str>) -> Evidence {
    let mut c = contract("HD1", "V1", &["SYS-A"], "2024-01-01", Some("2025-03-07"));
    c.keys_handed_over = keys;
    c.keys_changed_on = keys_changed.map(d);
    let mut e = with(vec![c]);
    let mut a = account("SYS-A", "nt.duc", AccountKind::Admin, None);
    if let Some(day) = disabled_on {
        a.status = AccountStatus::Disabled;
        a.disabled_on = Some(d(day));
    }
    e.accounts = vec![a];
    e.vendor_accounts = vec![vendor_account("SYS-A", "nt.duc", "V1", Some("Phạm Văn Đức"))];
    e
}

#[test]
fn dieu_26_7_running_contract_passes_with_the_offboarding_deadline_due() {
    let f = ended(None, Some(false), None).run(OFF, "2025-03-07");
    let f = only(&f, "HD1");
    assert_eq!((f.status, f.due), (Status::Pass, Some(d("2025-03-10"))));
    assert_eq!(&*f.cite, "Điều 26.7, 27.3");
}

#[test]
fn dieu_26_7_access_revoked_and_keys_changed_by_the_next_working_day_pass() {
    let f = ended(Some("2025-03-10"), Some(true), Some("2025-03-10")).run(OFF, "2025-04-01");
    let f = only(&f, "HD1");
    assert_eq!((f.status, f.due, f.overdue_days), (Status::Pass, Some(d("2025-03-10")), None), "{}", f.message_en);
    assert!(f.evidence.contains(&"accounts/SYS-A/nt.duc".to_string()));
}

#[test]
fn dieu_26_7_account_disabled_late_fails_by_the_days_late() {
    let f = ended(Some("2025-03-12"), Some(false), None).run(OFF, "2025-04-01");
    let f = only(&f, "HD1");
    assert_eq!((f.status, f.overdue_days), (Status::Fail, Some(2)));
    assert!(f.message_en.contains("account SYS-A/nt.duc on 2025-03-12"), "{}", f.message_en);
}

#[test]
fn dieu_26_7_account_still_active_is_pending_then_fails() {
    let f = ended(None, Some(false), None).run(OFF, "2025-03-10");
    assert_eq!((only(&f, "HD1").status, only(&f, "HD1").overdue_days), (Status::Pending, None));
    let f = ended(None, Some(false), None).run(OFF, "2025-03-20");
    assert_eq!((only(&f, "HD1").status, only(&f, "HD1").overdue_days), (Status::Fail, Some(10)));
}

#[test]
fn dieu_26_7_handed_over_keys_not_changed_fail_and_unrecorded_keys_are_no_evidence() {
    let f = ended(Some("2025-03-07"), Some(true), None).run(OFF, "2025-03-14");
    let f = only(&f, "HD1");
    assert_eq!((f.status, f.overdue_days), (Status::Fail, Some(4)));
    assert!(f.message_en.contains("change of handed-over keys"), "{}", f.message_en);
    let f = ended(Some("2025-03-07"), None, None).run(OFF, "2025-03-14");
    assert_eq!(status_of(&f, "HD1"), Status::NoEvidence);
}

#[test]
fn dieu_26_7_account_still_needed_by_another_contract_in_force_is_not_required() {
    let mut e = ended(None, Some(false), None);
    e.contracts.push(contract("HD2", "V1", &["SYS-A"], "2025-03-08", None));
    let f = e.run(OFF, "2025-03-20");
    assert_eq!(status_of(&f, "HD1"), Status::NoEvidence, "no account left to judge and no access_revoked_on");
    let mut e = ended(None, Some(false), None);
    e.contracts.push(contract("HD2", "V1", &["SYS-A"], "2025-03-08", None));
    e.contracts[0].access_revoked_on = Some(d("2025-03-07"));
    assert_eq!(status_of(&e.run(OFF, "2025-03-20"), "HD1"), Status::Pass);
}

#[test]
fn dieu_27_3_access_revocation_date_counts_when_the_vendor_has_no_account() {
    let mut c = contract("HD1", "V1", &["SYS-A"], "2024-01-01", Some("2025-03-07"));
    c.access_revoked_on = Some(d("2025-03-11"));
    let f = with(vec![c]).run(OFF, "2025-04-01");
    assert_eq!((only(&f, "HD1").status, only(&f, "HD1").overdue_days), (Status::Fail, Some(1)));
    let c = contract("HD1", "V1", &["SYS-A"], "2024-01-01", None);
    assert!(with(vec![c]).run(OFF, "2025-04-01").is_empty(), "open-ended contract: nothing due");
}

#[test]
fn dieu_26_2_short_contract_ended_without_any_entry_fails() {
    // Two months, no entry: the 3-month recency never lapsed, but no log was kept.
    let f = with(vec![contract("HD1", "V1", &["SYS-A"], "2025-01-01", Some("2025-02-28"))])
        .run("VENDOR-SERVICE-LOG", "2025-06-01");
    let f = only(&f, "HD1");
    assert_eq!((f.status, f.due, f.overdue_days), (Status::Fail, None, None));
    assert!(f.message_en.contains("no service log"), "{}", f.message_en);
}
