//! Tests of Điều 11.1.c: "Tài khoản công nghệ thông tin phải được điều chỉnh,
//! thu hồi, hủy bỏ trong thời gian không quá 03 ngày làm việc tính từ ngày người
//! dùng chính thức chuyển công tác ra khỏi ngành Hải quan, thôi việc, nghỉ hưu;
//! không quá 05 ngày làm việc trong trường hợp thay đổi vị trí công tác trong
//! nội bộ đơn vị hoặc chuyển công tác tới đơn vị khác thuộc ngành Hải quan."
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::super::testkit::*;
use crate::evidence::{AccountException, AccountKind, AccountStatus, Holiday, HolidayKind, HrEventKind, PersonStatus};
use crate::finding::Status;

const EXIT: &str = "ACCT-REVOKE-EXIT";
const TRANSFER: &str = "ACCT-REVOKE-TRANSFER";
const SUBJECT: &str = "SYS-A/annv";

/// Person P1 resigns effective Friday 07/03/2025; the 3-working-day deadline
/// is Wednesday 12/03/2025.
fn leaver(kind: HrEventKind, disabled_on: Option<&str>, status: AccountStatus) -> Evidence {
    let mut a = account("SYS-A", "annv", AccountKind::User, Some("P1"));
    a.status = status;
    a.disabled_on = disabled_on.map(d);
    Evidence {
        persons: vec![person("P1", PersonStatus::Left)],
        hr_events: vec![event("E1", "P1", kind, "2025-03-07")],
        systems: vec![system("SYS-A", Some(2))],
        accounts: vec![a],
        ..Evidence::default()
    }
}

#[test]
fn dieu_11_1_c_exit_disabled_on_the_3rd_working_day_passes() {
    let f = leaver(HrEventKind::Resign, Some("2025-03-12"), AccountStatus::Disabled).run(EXIT, "2025-04-01");
    let f = only(&f, SUBJECT);
    assert_eq!(f.status, Status::Pass);
    assert_eq!(f.due, Some(d("2025-03-12")));
    assert_eq!(f.overdue_days, None);
    assert_eq!(&*f.cite, "Điều 11.1.c");
    assert_eq!(f.evidence, vec!["accounts/SYS-A/annv".to_string(), "hr_events/E1".to_string()]);
}

#[test]
fn dieu_11_1_c_exit_disabled_on_the_4th_working_day_fails_by_the_days_late() {
    let f = leaver(HrEventKind::Retire, Some("2025-03-13"), AccountStatus::Deleted).run(EXIT, "2025-04-01");
    let f = only(&f, SUBJECT);
    assert_eq!((f.status, f.due, f.overdue_days), (Status::Fail, Some(d("2025-03-12")), Some(1)));
}

#[test]
fn dieu_11_1_c_exit_account_still_active_after_deadline_fails_overdue_to_as_of() {
    let f = leaver(HrEventKind::LeaveCustoms, None, AccountStatus::Active).run(EXIT, "2025-03-20");
    let f = only(&f, SUBJECT);
    assert_eq!((f.status, f.overdue_days), (Status::Fail, Some(8)));
}

#[test]
fn dieu_11_1_c_exit_account_active_before_deadline_is_pending() {
    for as_of in ["2025-03-07", "2025-03-11", "2025-03-12"] {
        let f = leaver(HrEventKind::Resign, None, AccountStatus::Active).run(EXIT, as_of);
        let f = only(&f, SUBJECT);
        assert_eq!((f.status, f.due, f.overdue_days), (Status::Pending, Some(d("2025-03-12")), None), "as of {as_of}");
    }
}

#[test]
fn dieu_11_1_c_exit_disabling_after_as_of_has_not_happened_yet() {
    // Reproducible evaluation at an earlier date ignores a later disabling.
    let f = leaver(HrEventKind::Resign, Some("2025-03-20"), AccountStatus::Disabled).run(EXIT, "2025-03-14");
    let f = only(&f, SUBJECT);
    assert_eq!((f.status, f.overdue_days), (Status::Fail, Some(2)));
}

#[test]
fn dieu_11_1_c_exit_deadline_skips_tet_and_its_compensatory_day() {
    // Effective Mon 27/01/2025: 28/01-01/02 Tết, Sat 01/02 compensated Mon 03/02.
    let mut e = leaver(HrEventKind::Resign, None, AccountStatus::Active);
    e.hr_events[0].effective_date = d("2025-01-27");
    let f = e.run(EXIT, "2025-02-06");
    assert_eq!(only(&f, SUBJECT).status, Status::Pending);
    assert_eq!(only(&f, SUBJECT).due, Some(d("2025-02-06")));
    let mut e = leaver(HrEventKind::Resign, None, AccountStatus::Active);
    e.hr_events[0].effective_date = d("2025-01-27");
    let f = e.run(EXIT, "2025-02-07");
    assert_eq!((only(&f, SUBJECT).status, only(&f, SUBJECT).overdue_days), (Status::Fail, Some(1)));
}

#[test]
fn dieu_11_1_c_exit_official_day_off_imported_as_holiday_moves_the_deadline() {
    let mut e = leaver(HrEventKind::Resign, Some("2025-03-13"), AccountStatus::Disabled);
    e.holidays.push(Holiday { date: d("2025-03-10"), kind: HolidayKind::Holiday, name: Some("test".into()) });
    let f = e.run(EXIT, "2025-04-01");
    assert_eq!((only(&f, SUBJECT).status, only(&f, SUBJECT).due), (Status::Pass, Some(d("2025-03-13"))));
}

#[test]
fn dieu_11_1_c_exit_disabled_without_date_is_no_evidence_once_past_deadline() {
    let f = leaver(HrEventKind::Resign, None, AccountStatus::Disabled).run(EXIT, "2025-04-01");
    assert_eq!(status_of(&f, SUBJECT), Status::NoEvidence);
    let f = leaver(HrEventKind::Resign, None, AccountStatus::Disabled).run(EXIT, "2025-03-10");
    assert_eq!(status_of(&f, SUBJECT), Status::Pass);
}

fn exception(id: &str, from: &str, until: Option<&str>) -> AccountException {
    AccountException {
        exception_id: id.into(),
        system_id: "SYS-A".into(),
        username: "annv".into(),
        requested_by_unit: Some("KV01".into()),
        reason: Some("Bàn giao hồ sơ".into()),
        rights_kept: Some("tra_cuu".into()),
        valid_from: Some(d(from)),
        valid_until: until.map(d),
        document_no: Some("12/HQKV01".into()),
    }
}

#[test]
fn dieu_11_1_c_written_request_in_force_turns_overdue_revocation_into_excepted() {
    let mut e = leaver(HrEventKind::Resign, None, AccountStatus::Active);
    e.account_exceptions.push(exception("X1", "2025-03-07", Some("2025-06-30")));
    let f = e.run(EXIT, "2025-04-01");
    let f = only(&f, SUBJECT);
    assert_eq!((f.status, f.overdue_days), (Status::Excepted, None));
    assert!(f.evidence.contains(&"account_exceptions/X1".to_string()));
}

#[test]
fn dieu_11_1_c_expired_written_request_no_longer_excepts() {
    let mut e = leaver(HrEventKind::Resign, None, AccountStatus::Active);
    e.account_exceptions.push(exception("X1", "2025-03-07", Some("2025-03-31")));
    let f = e.run(EXIT, "2025-04-01");
    assert_eq!((status_of(&f, SUBJECT), only(&f, SUBJECT).overdue_days), (Status::Fail, Some(20)));
}

#[test]
fn dieu_11_1_c_exit_rule_ignores_future_events_and_accounts_created_after_the_event() {
    let f = leaver(HrEventKind::Resign, None, AccountStatus::Active).run(EXIT, "2025-03-06");
    assert!(f.is_empty());
    let mut e = leaver(HrEventKind::Resign, None, AccountStatus::Active);
    e.accounts[0].created_on = Some(d("2025-05-01"));
    assert!(e.run(EXIT, "2025-06-01").is_empty());
}

#[test]
fn dieu_11_1_c_exit_rule_does_not_apply_to_transfers_and_vice_versa() {
    assert!(leaver(HrEventKind::TransferInternal, None, AccountStatus::Active).run(EXIT, "2025-04-01").is_empty());
    assert!(leaver(HrEventKind::Resign, None, AccountStatus::Active).run(TRANSFER, "2025-04-01").is_empty());
}

/// Transfer effective Fri 07/03/2025: 5 working days → Fri 14/03/2025.
fn transfer(kind: HrEventKind, rights_changed: Option<&str>) -> Evidence {
    let mut e = leaver(kind, None, AccountStatus::Active);
    e.persons[0].status = PersonStatus::Active;
    e.accounts[0].rights_changed_on = rights_changed.map(d);
    e
}

#[test]
fn dieu_11_1_c_transfer_rights_adjusted_within_5_working_days_passes() {
    for kind in [HrEventKind::TransferInternal, HrEventKind::TransferCustoms] {
        let f = transfer(kind, Some("2025-03-14")).run(TRANSFER, "2025-04-01");
        let f = only(&f, SUBJECT);
        assert_eq!((f.status, f.due), (Status::Pass, Some(d("2025-03-14"))));
    }
}

#[test]
fn dieu_11_1_c_transfer_rights_adjusted_late_fails_by_days_late() {
    let f = transfer(HrEventKind::TransferCustoms, Some("2025-03-17")).run(TRANSFER, "2025-04-01");
    assert_eq!((status_of(&f, SUBJECT), only(&f, SUBJECT).overdue_days), (Status::Fail, Some(3)));
}

#[test]
fn dieu_11_1_c_transfer_rights_changed_before_the_effective_date_do_not_count() {
    let f = transfer(HrEventKind::TransferInternal, Some("2025-02-01")).run(TRANSFER, "2025-03-20");
    assert_eq!((status_of(&f, SUBJECT), only(&f, SUBJECT).overdue_days), (Status::Fail, Some(6)));
    let f = transfer(HrEventKind::TransferInternal, Some("2025-02-01")).run(TRANSFER, "2025-03-10");
    assert_eq!(status_of(&f, SUBJECT), Status::Pending);
}

#[test]
fn dieu_11_1_c_transfer_disabling_within_deadline_also_meets_it() {
    let mut e = transfer(HrEventKind::TransferInternal, None);
    e.accounts[0].status = AccountStatus::Disabled;
    e.accounts[0].disabled_on = Some(d("2025-03-10"));
    assert_eq!(status_of(&e.run(TRANSFER, "2025-04-01"), SUBJECT), Status::Pass);
    let mut e = transfer(HrEventKind::TransferInternal, None);
    e.accounts[0].status = AccountStatus::Disabled;
    e.accounts[0].disabled_on = Some(d("2024-12-01"));
    assert_eq!(status_of(&e.run(TRANSFER, "2025-04-01"), SUBJECT), Status::NotApplicable);
}

// ACCT-EXCEPTION-VALID: "trong đó nêu rõ lý do, các quyền sử dụng cần duy trì và thời gian duy trì."

#[test]
fn dieu_11_1_c_written_request_missing_reason_or_rights_or_period_fails() {
    for field in ["reason", "rights_kept", "valid_until", "requested_by_unit"] {
        let mut e = leaver(HrEventKind::Resign, None, AccountStatus::Active);
        let mut x = exception("X1", "2025-03-07", Some("2025-06-30"));
        match field {
            "reason" => x.reason = None,
            "rights_kept" => x.rights_kept = None,
            "valid_until" => x.valid_until = None,
            _ => x.requested_by_unit = None,
        }
        e.account_exceptions.push(x);
        let f = e.run("ACCT-EXCEPTION-VALID", "2025-04-01");
        let f = only(&f, "X1");
        assert_eq!(f.status, Status::Fail, "missing {field}");
        assert!(f.message_en.contains(field), "{field}: {}", f.message_en);
    }
}

#[test]
fn dieu_11_1_c_written_request_expired_while_account_active_fails() {
    let mut e = leaver(HrEventKind::Resign, None, AccountStatus::Active);
    e.account_exceptions.push(exception("X1", "2025-03-07", Some("2025-03-31")));
    let f = e.run("ACCT-EXCEPTION-VALID", "2025-04-10");
    let f = only(&f, "X1");
    assert_eq!((f.status, f.due, f.overdue_days), (Status::Fail, Some(d("2025-03-31")), Some(10)));
    assert_eq!(f.subject_kind.as_str(), "account_exception");
}

#[test]
fn dieu_11_1_c_written_request_expired_after_account_disabled_passes() {
    let mut e = leaver(HrEventKind::Resign, Some("2025-03-31"), AccountStatus::Disabled);
    e.account_exceptions.push(exception("X1", "2025-03-07", Some("2025-03-31")));
    assert_eq!(status_of(&e.run("ACCT-EXCEPTION-VALID", "2025-04-10"), "X1"), Status::Pass);
    let mut e = leaver(HrEventKind::Resign, None, AccountStatus::Active);
    e.account_exceptions.push(exception("X1", "2025-03-07", Some("2025-06-30")));
    let f = e.run("ACCT-EXCEPTION-VALID", "2025-04-10");
    assert_eq!((status_of(&f, "X1"), only(&f, "X1").due), (Status::Pass, Some(d("2025-06-30"))));
}
