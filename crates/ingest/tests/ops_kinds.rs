//! The operational evidence kinds of issue 6 through the generic CSV path:
//! Vietnamese headers, enum values and aliases, lists, timestamps, required columns.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, NaiveDate, Utc};
use tuanthu_core::evidence::schema::{KindSchema, Value};
use tuanthu_core::evidence::schema_ops::*;
use tuanthu_core::evidence::{
    records::Row, Assessment, AssessmentKind, Change, ChangeKind, Document, MaintenanceContent,
};
use tuanthu_ingest::{parse_csv, Table};

fn ok(kind: &'static KindSchema, text: &str) -> Table {
    parse_csv(kind, "f.csv", text.as_bytes())
        .unwrap_or_else(|e| panic!("{}", e.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")))
}

fn errs(kind: &'static KindSchema, text: &str) -> Vec<String> {
    parse_csv(kind, "f.csv", text.as_bytes()).unwrap_err().iter().map(ToString::to_string).collect()
}

fn col(t: &Table, row: usize, name: &str) -> Value {
    t.rows[row][t.kind.index_of(name).unwrap()].clone()
}

fn ts(s: &str) -> Value {
    Value::Timestamp(DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc))
}

fn date(s: &str) -> Value {
    Value::Date(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
}

#[test]
fn backup_plans_and_runs_with_vietnamese_headers() {
    let t = ok(
        &BACKUP_PLANS,
        "Mã hệ thống,Thời gian lưu trữ (ngày),Định kỳ sao lưu,Phương pháp sao lưu,Tự động,Phương tiện lưu trữ ngoài,Cất giữ tách rời,Định kỳ kiểm tra phục hồi (tháng)\n\
         VNACCS,90,Daily,full + incremental,có,Tape,có,3\n",
    );
    assert_eq!(col(&t, 0, "frequency"), Value::Text("daily".into()));
    assert_eq!(col(&t, 0, "external_medium"), Value::Text("tape".into()));
    assert_eq!(col(&t, 0, "retention_days"), Value::Int(90));
    let t = ok(
        &BACKUP_RUNS,
        "Mã hệ thống,Tác vụ sao lưu,Bắt đầu,Kết thúc,Trạng thái,Tự động,Chép ra phương tiện ngoài lúc,Phương tiện lưu trữ ngoài\n\
         VNACCS,DB-daily,2025-06-09 01:00,09/06/2025 01:42,Success,yes,2025-06-09T06:00:00+07:00,tape\n\
         VNACCS,DB-daily,2025-06-10 01:00,,failed,yes,,\n",
    );
    assert_eq!(col(&t, 0, "started_at"), ts("2025-06-08T18:00:00Z"));
    assert_eq!(col(&t, 0, "ended_at"), ts("2025-06-08T18:42:00Z"));
    assert_eq!(col(&t, 1, "status"), Value::Text("failed".into()));
    let e =
        errs(&BACKUP_RUNS, "system_id,job,started_at,status\nS,J,2025-06-09 01:00,ok\nS,J,2025-06-09 01:00,success\n");
    assert!(e[0].contains("f.csv:2: status = \"ok\""), "{e:?}");
    assert!(e[1].contains("f.csv:3: system_id+job+started_at") && e[1].contains("row 2"), "{e:?}");
}

#[test]
fn restore_tests_and_assessments_accept_both_pentest_spellings() {
    let t = ok(
        &RESTORE_TESTS,
        "Mã hệ thống,Ngày kiểm tra,Từ phương tiện lưu trữ ngoài,Kết quả,Số biên bản\nVNACCS,15/03/2025,có,success,BB-12/2025\n",
    );
    assert_eq!(col(&t, 0, "tested_on"), date("2025-03-15"));
    let t = ok(
        &ASSESSMENTS,
        "Mã hệ thống,Loại đánh giá,Ngày đánh giá,Đơn vị thực hiện,Số báo cáo,Số tồn tại chưa khắc phục\n\
         VNACCS,Penetration_Test,2025-02-01,CNTT,BC-01,3\nVNACCS,pentest,2025-03-01,CNTT,BC-02,0\nVNACCS,full,2024-03-01,,,\n",
    );
    let a = |i: usize| Assessment::from_row(&Row::new("assessments", &t.rows[i])).unwrap();
    assert_eq!(
        (a(0).kind, a(1).kind, a(2).kind),
        (AssessmentKind::Pentest, AssessmentKind::Pentest, AssessmentKind::Full)
    );
    assert_eq!(a(0).evidence_ref(), "assessments/VNACCS/penetration_test/2025-02-01");
    assert_eq!(a(0).open_findings, Some(3));
}

#[test]
fn changes_take_a_list_of_kinds_and_documents_a_list_of_contents() {
    let t = ok(
        &CHANGES,
        "Mã thay đổi,Mã hệ thống,Loại thay đổi,Kế hoạch thay đổi,Ngày kiểm tra thử nghiệm,Báo cáo kết quả thử nghiệm,Người phê duyệt,Ngày phê duyệt,Ngày áp dụng,Phương án phục hồi,Đánh giá tác động,Ngày rà soát cấp độ\n\
         TD-01,VNACCS,Upgrade; OS,KH-01,2025-05-01,BC-01,Phó Cục trưởng,2025-05-02,2025-05-03,PA-01,ĐGTĐ-01,2025-04-20\n",
    );
    let c = Change::from_row(&Row::new("changes", &t.rows[0])).unwrap();
    assert_eq!(c.kinds, vec![ChangeKind::Upgrade, ChangeKind::Os]);
    assert_eq!(c.level_reviewed_on, NaiveDate::from_ymd_opt(2025, 4, 20));
    let e = errs(&CHANGES, "change_id,system_id,kind\nTD-02,VNACCS,\nTD-03,VNACCS,patch\n");
    assert!(e[0].contains("f.csv:2: kind = \"\""), "kind is required: {e:?}");
    assert!(e[1].contains("f.csv:3: kind = \"patch\""), "{e:?}");
    let t = ok(
        &DOCUMENTS,
        "Mã hệ thống,Loại tài liệu,Số văn bản,Ngày phê duyệt,Ngày rà soát,Nội dung\n\
         VNACCS,maintenance_regulation,123/QĐ-CNTT,2023-01-10,2025-01-10,scope;schedule;procedure;incident_reporting;responsibilities\n\
         VNACCS,security_design,TK-01,,,\n",
    );
    let d = |i: usize| Document::from_row(&Row::new("documents", &t.rows[i])).unwrap();
    assert_eq!(d(0).contents.as_ref().map(Vec::len), Some(5));
    assert!(d(0).contents.unwrap().contains(&MaintenanceContent::IncidentReporting));
    assert_eq!(d(1).contents, None, "not declared");
}

#[test]
fn network_devices_ports_config_backups_endpoints_and_test_environments() {
    let t = ok(&NETWORK_DEVICES, "Thiết bị,Mã hệ thống,Mã đơn vị,Vai trò mạng\nSW-01,HQ-LAN,CNTT,LAN\n");
    assert_eq!(col(&t, 0, "role"), Value::Text("lan".into()));
    let t = ok(
        &NETWORK_PORTS,
        "Thiết bị,Cổng,Trạng thái,Đã tắt (shutdown),Chế độ,VLAN,Mô tả\nSW-01,GigabitEthernet1/0/2,sfpAbsent,không,access,10,Phòng họp\n",
    );
    assert_eq!(col(&t, 0, "status"), Value::Text("sfpabsent".into()));
    assert_eq!(col(&t, 0, "shutdown"), Value::Bool(false));
    let t = ok(&CONFIG_BACKUPS, "Thiết bị,Thời điểm sao lưu,Nơi lưu\nSW-01,20/05/2025 22:00,NAS-CNTT\n");
    assert_eq!(col(&t, 0, "backed_up_at"), ts("2025-05-20T15:00:00Z"));
    let t = ok(
        &ENDPOINTS,
        "Máy tính,Mã đơn vị,Phần mềm phòng chống mã độc,Cập nhật mẫu mã độc lúc,Bảo vệ thời gian thực\nHQ-KV01-PC001,KV01,Kaspersky Endpoint Security 12.3,2025-06-01 07:30,có\n",
    );
    assert_eq!(col(&t, 0, "realtime_protection"), Value::Bool(true));
    let t = ok(
        &TEST_ENVIRONMENTS,
        "Mã hệ thống,Môi trường,Dùng dữ liệu thật,Đã che giấu dữ liệu,Biện pháp che giấu,Ngày kê khai\nVNACCS,UAT,có,không,,01/03/2025\n",
    );
    assert_eq!(col(&t, 0, "uses_production_data"), Value::Bool(true));
    let e = errs(&TEST_ENVIRONMENTS, "system_id,environment\nVNACCS,UAT\n");
    assert!(e[0].contains("uses_production_data"), "a declaration must say whether it uses production data: {e:?}");
}
