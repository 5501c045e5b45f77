//! Tests of Điều 15 (backups), computed by hand from the article.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::super::testkit::*;
use super::super::testkit_ops::*;
use crate::evidence::{BackupFrequency, BackupRunStatus, Medium, RestoreResult, System};
use crate::finding::Status;

fn sys(id: &str, level: u8) -> System {
    system(id, Some(level))
}

fn due_overdue(f: &crate::Finding) -> (Status, Option<chrono::NaiveDate>, Option<i64>) {
    (f.status, f.due, f.overdue_days)
}

// 15.1: "Lập danh sách hệ thống thông tin (…) kèm theo thời gian lưu trữ, định
// kỳ sao lưu, phương pháp sao lưu và thời gian kiểm tra phục hồi".

#[test]
fn dieu_15_1_every_system_in_operation_has_a_complete_backup_plan() {
    let mut incomplete = plan("S2");
    incomplete.retention_days = None;
    incomplete.method = None;
    let mut not_running = sys("S4", 2);
    not_running.in_operation = false;
    let e = Evidence {
        systems: vec![sys("S1", 3), sys("S2", 3), sys("S3", 3), not_running],
        backup_plans: vec![plan("S1"), incomplete],
        ..Evidence::default()
    };
    let f = e.run("BAK-PLAN", "2025-06-01");
    assert_eq!(status_of(&f, "S1"), Status::Pass);
    assert_eq!(only(&f, "S1").evidence, vec!["systems/S1", "backup_plans/S1"]);
    assert_eq!(status_of(&f, "S2"), Status::Fail);
    assert!(only(&f, "S2").message_en.contains("no retention; no method"), "{}", only(&f, "S2").message_en);
    assert_eq!(status_of(&f, "S3"), Status::Fail, "no plan at all");
    assert_eq!(status_of(&f, "S4"), Status::NotApplicable);
    assert_eq!(&*only(&f, "S1").cite, "Điều 15.1");
}

// 15.2 (plan side): from level 2 "phương án tự động sao lưu (…) trong vòng 24
// giờ (…) phương tiện lưu trữ ngoài (…) cất giữ (…) tách rời".

#[test]
fn dieu_15_2_level_2_plan_is_automatic_daily_and_external_stored_apart() {
    let mut manual = plan("L2");
    manual.automatic = Some(false);
    let mut weekly = plan("L3");
    weekly.frequency = Some(BackupFrequency::Weekly);
    let mut no_media = plan("L4");
    no_media.external_medium = Some(Medium::None);
    let mut not_apart = plan("L5");
    not_apart.stored_apart = None;
    let mut level1 = plan("L1");
    level1.automatic = Some(false);
    level1.external_medium = None;
    let e = Evidence {
        systems: vec![sys("L1", 1), sys("L2", 2), sys("L3", 3), sys("L4", 4), sys("L5", 5)],
        backup_plans: vec![level1, manual, weekly, no_media, not_apart],
        ..Evidence::default()
    };
    let f = e.run("BAK-PLAN", "2025-06-01");
    assert_eq!(status_of(&f, "L1"), Status::Pass, "15.2 starts at level 2");
    for (s, text) in
        [("L2", "not automatic"), ("L3", "weekly frequency"), ("L4", "no external medium"), ("L5", "not stored apart")]
    {
        assert_eq!(status_of(&f, s), Status::Fail, "{s}");
        assert!(only(&f, s).message_en.contains(text), "{s}: {}", only(&f, s).message_en);
    }
}

// 15.2: "dữ liệu phát sinh phải được sao lưu trong vòng 24 giờ. Dữ liệu sao
// lưu phải được lưu trữ ra phương tiện lưu trữ ngoài".

#[test]
fn dieu_15_2_backup_within_24_hours_passes_until_the_next_day() {
    // Started Mon 09/06/2025 01:00 → +24 h = 10/06 01:00 → due 2025-06-10.
    let e = || Evidence {
        systems: vec![sys("S1", 2)],
        backup_runs: vec![
            run("S1", "2025-06-08 01:00", Some("2025-06-08 06:00")),
            run("S1", "2025-06-09 01:00", Some("2025-06-09 06:00")),
        ],
        ..Evidence::default()
    };
    let f = e().run("BAK-24H", "2025-06-10");
    assert_eq!(due_overdue(only(&f, "S1")), (Status::Pass, Some(d("2025-06-10")), None));
    assert!(only(&f, "S1").evidence.contains(&"backup_runs/S1/daily/2025-06-08T18:00:00Z".to_string()));
    let f = e().run("BAK-24H", "2025-06-12");
    assert_eq!(due_overdue(only(&f, "S1")), (Status::Fail, Some(d("2025-06-10")), Some(2)));
}

#[test]
fn dieu_15_2_late_evening_run_is_due_the_next_evening_date() {
    // 23:30 on 09/06 + 24 h = 23:30 on 10/06: due 2025-06-10.
    let e = Evidence {
        systems: vec![sys("S1", 3)],
        backup_runs: vec![run("S1", "2025-06-09 23:30", Some("2025-06-10 02:00"))],
        ..Evidence::default()
    };
    assert_eq!(only(&e.run("BAK-24H", "2025-06-11"), "S1").overdue_days, Some(1));
}

#[test]
fn dieu_15_2_failed_manual_or_uncopied_runs_do_not_count() {
    let mut failed = run("S1", "2025-06-10 01:00", Some("2025-06-10 06:00"));
    failed.status = BackupRunStatus::Failed;
    let mut manual = run("S1", "2025-06-09 14:00", Some("2025-06-09 16:00"));
    manual.automatic = Some(false);
    let not_copied = run("S1", "2025-06-09 01:00", None);
    let copied_later = run("S1", "2025-06-08 01:00", Some("2025-06-11 08:00"));
    let good = run("S1", "2025-06-07 01:00", Some("2025-06-07 05:00"));
    let e = Evidence {
        systems: vec![sys("S1", 4)],
        backup_runs: vec![good, copied_later, not_copied, manual, failed],
        ..Evidence::default()
    };
    // The 08/06 run was copied only on 11/06 (after the as-of date): the last run that counts is 07/06.
    let f = e.run("BAK-24H", "2025-06-10");
    let f = only(&f, "S1");
    assert_eq!(due_overdue(f), (Status::Fail, Some(d("2025-06-08")), Some(2)));
    assert!(f.message_en.contains("was not automatic"), "{}", f.message_en);
}

#[test]
fn dieu_15_2_level_1_is_out_of_scope_and_runs_after_as_of_are_ignored() {
    let e = Evidence {
        systems: vec![sys("L1", 1), sys("S2", 2)],
        backup_runs: vec![run("L1", "2025-01-01 01:00", None), run("S2", "2025-06-11 01:00", Some("2025-06-11 02:00"))],
        ..Evidence::default()
    };
    let f = e.run("BAK-24H", "2025-06-10");
    assert!(f.iter().all(|x| x.subject_id != "L1"), "levels = [2, 3, 4, 5]");
    // S2 went live 2021-06-01 (testkit) and has no run by 10/06/2025.
    assert_eq!(due_overdue(only(&f, "S2")), (Status::Fail, Some(d("2021-06-02")), Some(1469)));
}

#[test]
fn dieu_15_2_never_backed_up_is_pending_on_go_live_day_then_fails() {
    let mut s = sys("NEW", 2);
    s.in_operation_since = Some(d("2025-06-10"));
    let e = || Evidence { systems: vec![s.clone()], ..Evidence::default() };
    assert_eq!(
        due_overdue(only(&e().run("BAK-24H", "2025-06-11"), "NEW")),
        (Status::Pending, Some(d("2025-06-11")), None)
    );
    assert_eq!(
        due_overdue(only(&e().run("BAK-24H", "2025-06-12"), "NEW")),
        (Status::Fail, Some(d("2025-06-11")), Some(1))
    );
    let mut unknown = s.clone();
    unknown.in_operation_since = None;
    let f = Evidence { systems: vec![unknown], ..Evidence::default() }.run("BAK-24H", "2025-06-12");
    assert_eq!(due_overdue(only(&f, "NEW")), (Status::Fail, None, None));
}

// 15.3: "kiểm tra, phục hồi dữ liệu sao lưu từ phương tiện lưu trữ ngoài tối
// thiểu 3 (ba) tháng một lần".

#[test]
fn dieu_15_3_restore_from_external_media_every_3_months() {
    let e = || Evidence {
        systems: vec![sys("S1", 2), sys("S2", 3)],
        restore_tests: vec![
            restore("S1", "2025-03-15", true, RestoreResult::Success),
            restore("S2", "2024-11-30", true, RestoreResult::Success),
            restore("S2", "2025-04-20", false, RestoreResult::Success),
            restore("S2", "2025-05-20", true, RestoreResult::Failed),
        ],
        ..Evidence::default()
    };
    let f = e().run("BAK-RESTORE-TEST", "2025-06-15");
    assert_eq!(due_overdue(only(&f, "S1")), (Status::Pass, Some(d("2025-06-15")), None));
    // S2: the only successful restore from external media is 30/11/2024 → due 28/02/2025 (clamped).
    let s2 = only(&f, "S2");
    assert_eq!(due_overdue(s2), (Status::Fail, Some(d("2025-02-28")), Some(107)));
    assert!(s2.message_en.contains("the restore failed"), "{}", s2.message_en);
    let f = e().run("BAK-RESTORE-TEST", "2025-06-16");
    assert_eq!(due_overdue(only(&f, "S1")), (Status::Fail, Some(d("2025-06-15")), Some(1)));
}

#[test]
fn dieu_15_3_never_tested_fails_three_months_after_go_live() {
    let mut s = sys("NEW", 2);
    s.in_operation_since = Some(d("2025-01-10"));
    let e = || Evidence { systems: vec![s.clone()], ..Evidence::default() };
    assert_eq!(
        due_overdue(only(&e().run("BAK-RESTORE-TEST", "2025-04-10"), "NEW")),
        (Status::Pending, Some(d("2025-04-10")), None)
    );
    assert_eq!(
        due_overdue(only(&e().run("BAK-RESTORE-TEST", "2025-04-20"), "NEW")),
        (Status::Fail, Some(d("2025-04-10")), Some(10))
    );
}
