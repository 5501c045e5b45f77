//! Parsing of the third-party and response kinds (issue 5, part B): their
//! Vietnamese headers, enumerations, enum lists, integer ranges, keys, and
//! the row numbers kept for cross-file checks.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, NaiveDate, Utc};
use tuanthu_core::evidence::schema::{Value, SYSTEMS};
use tuanthu_core::evidence::schema_vendors_ir as v;
use tuanthu_ingest::{parse_csv, ImportError, Table};

fn ok(kind: &'static tuanthu_core::evidence::KindSchema, text: &str) -> Table {
    parse_csv(kind, "t.csv", text.as_bytes()).unwrap_or_else(|e| panic!("{e:?}"))
}

fn errs(kind: &'static tuanthu_core::evidence::KindSchema, text: &str) -> Vec<ImportError> {
    parse_csv(kind, "t.csv", text.as_bytes()).expect_err("errors")
}

fn col(t: &Table, row: usize, name: &str) -> Value {
    t.rows[row][t.kind.index_of(name).unwrap()].clone()
}

fn d(s: &str) -> Value {
    Value::Date(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
}

#[test]
fn contracts_with_vietnamese_headers_clauses_and_admin_functions() {
    let t = ok(
        &v::CONTRACTS,
        "Số hợp đồng,MA DOI TAC,Hệ thống,Ngày bắt đầu,Ngày kết thúc,Điều khoản an toàn thông tin,Cam kết không tiết lộ thông tin,trach nhiem va lo hong,Công việc quản trị,Nhận bàn giao khóa\n\
         HD-01,V1,VNACCS; EMAIL,01/01/2024,2026-12-31,có,Không,,Configuration; LOGS,yes\n",
    );
    assert_eq!(col(&t, 0, "contract_id"), Value::Text("HD-01".into()));
    assert_eq!(col(&t, 0, "system_ids"), Value::List(vec!["VNACCS".into(), "EMAIL".into()]));
    assert_eq!(col(&t, 0, "start_date"), d("2024-01-01"));
    assert_eq!(col(&t, 0, "clause_security_duties"), Value::Bool(true));
    assert_eq!(col(&t, 0, "clause_non_disclosure"), Value::Bool(false));
    assert_eq!(col(&t, 0, "clause_vulnerability_patching"), Value::Null, "blank = not recorded");
    assert_eq!(col(&t, 0, "admin_functions"), Value::List(vec!["configuration".into(), "logs".into()]));
    assert_eq!(col(&t, 0, "keys_handed_over"), Value::Bool(true));
    let e = errs(&v::CONTRACTS, "contract_id,vendor_id,start_date,admin_functions\nHD-1,V1,2024-01-01,backup\n");
    assert_eq!(e[0].problem.code(), "not_one_of");
    assert!(e[0].to_string().contains("configuration, data, logs"), "{}", e[0]);
}

#[test]
fn monitoring_coverage_values_are_case_insensitive_and_listed_when_wrong() {
    let t = ok(&v::MONITORING, "Mã hệ thống,Thời gian giám sát\nS1,24X7\nS2,Working_Hours\nS3,NONE\n");
    let got: Vec<Value> = (0..3).map(|i| col(&t, i, "coverage")).collect();
    assert_eq!(got, vec![Value::Text("24x7".into()), Value::Text("working_hours".into()), Value::Text("none".into())]);
    let e = errs(&v::MONITORING, "system_id,coverage\nS1,24/7\nS2,\n");
    assert_eq!((e[0].row, e[0].problem.code()), (2, "not_one_of"));
    assert_eq!((e[1].row, e[1].problem.code()), (3, "required"));
}

#[test]
fn incidents_timestamps_are_vietnam_time_and_types_are_those_of_dieu_30_1() {
    let t = ok(
        &v::INCIDENTS,
        "Mã sự cố,Loại sự cố,Thời điểm phát hiện,Thời điểm báo cáo,Mức độ\nSC-1,Denial_Of_Service,2025-03-03 10:00,03/03/2025 16:30,HIGH\n",
    );
    let at = |s: &str| Value::Timestamp(DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc));
    assert_eq!(col(&t, 0, "detected_at"), at("2025-03-03T03:00:00Z"));
    assert_eq!(col(&t, 0, "reported_at"), at("2025-03-03T09:30:00Z"));
    assert_eq!(col(&t, 0, "type"), Value::Text("denial_of_service".into()));
    assert_eq!(col(&t, 0, "severity"), Value::Text("high".into()));
    for ty in v::INCIDENT_TYPES {
        ok(&v::INCIDENTS, &format!("incident_id,type,detected_at\nX,{ty},2025-01-01\n"));
    }
    let e = errs(&v::INCIDENTS, "incident_id,type,detected_at\nX,ransomware,2025-01-01\nY,malware,8h30\n");
    assert_eq!(
        e.iter().map(|e| (e.row, e.problem.code())).collect::<Vec<_>>(),
        vec![(2, "not_one_of"), (3, "not_timestamp")]
    );
}

#[test]
fn plans_drills_focal_points_and_reports() {
    let t = ok(&v::IR_PLANS, "plan_id,unit_code,Chu kỳ diễn tập (tháng)\nKH1,CNTT,12\nKH2,KV01,\n");
    assert_eq!(col(&t, 0, "drill_every_months"), Value::Int(12));
    assert_eq!(col(&t, 1, "drill_every_months"), Value::Null);
    let e = errs(&v::IR_PLANS, "plan_id,unit_code,drill_every_months\nKH1,CNTT,0\nKH2,CNTT,61\n");
    assert!(e.iter().all(|e| e.problem.code() == "not_integer") && e.len() == 2);
    let t = ok(&v::DRILLS, "drill_id,unit_code,date,result\nD1,CNTT,10/04/2025,Cancelled\n");
    assert_eq!(col(&t, 0, "result"), Value::Text("cancelled".into()));
    let e = errs(&v::FOCAL_POINTS, "unit_code,person_id,role\nCNTT,P1,lãnh đạo\n");
    assert!(e[0].to_string().contains("leader, officer"), "{}", e[0]);
    let t = ok(&v::REPORTS, "report_id,Loại báo cáo,unit_code,Kỳ báo cáo,Ngày gửi\nB1,Ad_Hoc,CHQ,Tháng 3,05/03/2025\n");
    assert_eq!(col(&t, 0, "kind"), Value::Text("ad_hoc".into()));
    assert_eq!(col(&t, 0, "sent_on"), d("2025-03-05"));
}

#[test]
fn vendor_staff_key_is_vendor_and_name() {
    let e = errs(&v::VENDOR_STAFF, "vendor_id,full_name\nV1,Phạm Văn Đức\nV2,Phạm Văn Đức\nV1,Phạm Văn Đức\n");
    assert_eq!(e.len(), 1);
    assert_eq!(
        (e[0].row, e[0].column.as_deref(), e[0].value.as_deref()),
        (4, Some("vendor_id+full_name"), Some("V1/Phạm Văn Đức"))
    );
}

#[test]
fn row_numbers_follow_the_spreadsheet_rows_blank_lines_included() {
    let t = ok(&v::VENDORS, "vendor_id,name\nV1,Một\n\nV2,Hai\n");
    assert_eq!(t.row_numbers, vec![2, 4]);
}

#[test]
fn systems_take_the_national_security_flag_under_its_vietnamese_header() {
    let t = ok(&SYSTEMS, "system_id,name,in_operation,Quan trọng về an ninh quốc gia\nS1,A,có,có\nS2,B,có,\n");
    assert_eq!(col(&t, 0, "national_security"), Value::Bool(true));
    assert_eq!(col(&t, 1, "national_security"), Value::Null);
}

#[test]
fn xlsx_contracts_and_incidents_with_typed_cells() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let ws = wb.add_worksheet();
    ws.set_name("contracts").unwrap();
    for (c, h) in ["Số hợp đồng", "Mã đối tác", "Ngày bắt đầu", "Cam kết không tiết lộ thông tin", "Công việc quản trị"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, u16::try_from(c).unwrap(), *h).unwrap();
    }
    ws.write_number(1, 0, 2024.0).unwrap(); // a contract number Excel stored as a number
    ws.write_string(1, 1, "V1").unwrap();
    ws.write_datetime_with_format(1, 2, ExcelDateTime::from_ymd(2024, 1, 1).unwrap(), &date).unwrap();
    ws.write_boolean(1, 3, true).unwrap();
    ws.write_string(1, 4, "data;logs").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let t = tuanthu_ingest::parse_xlsx(&v::CONTRACTS, "contracts.xlsx", &bytes).unwrap();
    assert_eq!(col(&t, 0, "contract_id"), Value::Text("2024".into()));
    assert_eq!(col(&t, 0, "start_date"), d("2024-01-01"));
    assert_eq!(col(&t, 0, "clause_non_disclosure"), Value::Bool(true));
    assert_eq!(col(&t, 0, "admin_functions"), Value::List(vec!["data".into(), "logs".into()]));
    assert_eq!(t.row_numbers, vec![2]);
}
