//! CSV and XLSX evidence files of every kind (`/work/shared/formats.md`):
//! headers (canonical, Vietnamese, folded), encodings, quoting, value parsing,
//! and every error path with its exact file, row, column, value and code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, NaiveDate, TimeZone as _, Utc};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use tuanthu_core::evidence::schema::{
    kind_by_name, KindSchema, Value, ACCOUNTS, ACCOUNT_EXCEPTIONS, HOLIDAYS, HR_EVENTS, PERSONS, SYSTEMS, UNITS,
};
use tuanthu_ingest::{
    parse_bool, parse_csv, parse_date, parse_file, parse_timestamp, parse_xlsx, ImportError, Problem, Table,
};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

fn show(errors: &[ImportError]) -> String {
    errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
}

fn ok_bytes(kind: &'static KindSchema, file: &str, bytes: &[u8]) -> Table {
    match parse_file(kind, file, bytes) {
        Ok(t) => t,
        Err(e) => panic!("{file}: expected a table, got:\n{}", show(&e)),
    }
}

fn ok(kind: &'static KindSchema, file: &str, text: &str) -> Table {
    ok_bytes(kind, file, text.as_bytes())
}

fn errs_bytes(kind: &'static KindSchema, file: &str, bytes: &[u8]) -> Vec<ImportError> {
    match parse_file(kind, file, bytes) {
        Ok(t) => panic!("{file}: expected errors, got a table of {} rows: {:?}", t.rows.len(), t.rows),
        Err(e) => {
            assert!(!e.is_empty(), "{file}: Err(vec![])");
            e
        }
    }
}

fn errs(kind: &'static KindSchema, file: &str, text: &str) -> Vec<ImportError> {
    errs_bytes(kind, file, text.as_bytes())
}

/// (file, row, column, value, code) of every error, in order.
type Summary = (String, usize, Option<String>, Option<String>, &'static str);

fn summary(errors: &[ImportError]) -> Vec<Summary> {
    errors.iter().map(|e| (e.file.clone(), e.row, e.column.clone(), e.value.clone(), e.problem.code())).collect()
}

fn s(file: &str, row: usize, column: Option<&str>, value: Option<&str>, code: &'static str) -> Summary {
    (file.to_string(), row, column.map(str::to_string), value.map(str::to_string), code)
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn date(y: i32, m: u32, d: u32) -> Value {
    Value::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

fn ts(rfc3339: &str) -> Value {
    Value::Timestamp(DateTime::parse_from_rfc3339(rfc3339).unwrap().with_timezone(&Utc))
}

fn list(items: &[&str]) -> Value {
    Value::List(items.iter().map(|s| (*s).to_string()).collect())
}

/// Asserts the whole row `i` of `t`: the listed columns have the given
/// values, every other column is `Null`.
fn assert_row(t: &Table, i: usize, expected: &[(&str, Value)]) {
    for (name, _) in expected {
        assert!(t.kind.index_of(name).is_some(), "{}: no column {name}", t.kind.name);
    }
    let want: Vec<(&str, Value)> = t
        .kind
        .columns
        .iter()
        .map(|c| (c.name, expected.iter().find(|(n, _)| *n == c.name).map_or(Value::Null, |(_, v)| v.clone())))
        .collect();
    let got: Vec<(&str, Value)> = t.kind.columns.iter().map(|c| c.name).zip(t.rows[i].iter().cloned()).collect();
    assert_eq!(got, want, "{} row index {i}", t.file);
}

fn col(t: &Table, i: usize, name: &str) -> Value {
    t.rows[i][t.kind.index_of(name).unwrap_or_else(|| panic!("no column {name}"))].clone()
}

fn header(kind: &KindSchema) -> String {
    kind.columns.iter().map(|c| c.name).collect::<Vec<_>>().join(",")
}

fn utf16le_with_bom(s: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for u in s.encode_utf16() {
        out.extend_from_slice(&u.to_le_bytes());
    }
    out
}

fn utf16be_with_bom(s: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        out.extend_from_slice(&u.to_be_bytes());
    }
    out
}

// ---------------------------------------------------------------------------
// XLSX builder
// ---------------------------------------------------------------------------

/// A cell to write into a test workbook.
#[derive(Clone, Copy)]
enum X {
    /// Nothing written.
    E,
    S(&'static str),
    N(f64),
    B(bool),
    /// A real Excel date cell (`yyyy-mm-dd`).
    D(u16, u8, u8),
    /// A real Excel date-time cell (`dd/mm/yyyy hh:mm:ss`).
    Dt(u16, u8, u8, u16, u8, u8),
}

struct Sheet {
    name: &'static str,
    /// 0-based row and column of the top-left cell.
    origin: (u32, u16),
    rows: Vec<Vec<X>>,
}

fn sheet(name: &'static str, rows: Vec<Vec<X>>) -> Sheet {
    Sheet { name, origin: (0, 0), rows }
}

fn header_cells(names: &[&'static str]) -> Vec<X> {
    names.iter().map(|n| X::S(n)).collect()
}

fn workbook(sheets: &[Sheet]) -> Vec<u8> {
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    let datetime_fmt = Format::new().set_num_format("dd/mm/yyyy hh:mm:ss");
    let mut wb = Workbook::new();
    for sh in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(sh.name).unwrap();
        for (r, cells) in sh.rows.iter().enumerate() {
            let row = sh.origin.0 + u32::try_from(r).unwrap();
            for (c, cell) in cells.iter().enumerate() {
                let colno = sh.origin.1 + u16::try_from(c).unwrap();
                match *cell {
                    X::E => {}
                    X::S(v) => {
                        ws.write_string(row, colno, v).unwrap();
                    }
                    X::N(v) => {
                        ws.write_number(row, colno, v).unwrap();
                    }
                    X::B(v) => {
                        ws.write_boolean(row, colno, v).unwrap();
                    }
                    X::D(y, m, d) => {
                        let dt = ExcelDateTime::from_ymd(y, m, d).unwrap();
                        ws.write_datetime_with_format(row, colno, &dt, &date_fmt).unwrap();
                    }
                    X::Dt(y, mo, d, h, mi, sec) => {
                        let dt = ExcelDateTime::from_ymd(y, mo, d).unwrap().and_hms(h, mi, sec).unwrap();
                        ws.write_datetime_with_format(row, colno, &dt, &datetime_fmt).unwrap();
                    }
                }
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

// ---------------------------------------------------------------------------
// CSV happy paths, one per kind, canonical headers
// ---------------------------------------------------------------------------

#[test]
fn csv_units_every_column() {
    let t = ok(
        &UNITS,
        "units.csv",
        "code,name,parent_code,roles\n\
         TCHQ,Tổng cục Hải quan,,ministry\n\
         CNTT,Cục CNTT&TK,TCHQ,Central_IT_Security; SECURITY_UNIT ;operator\n\
         HQHN,Cục Hải quan Hà Nội,TCHQ,\n\
         HQHP,Cục Hải quan Hải Phòng,TCHQ,owner;;operator;\n",
    );
    assert_eq!(t.kind.name, "units");
    assert_eq!(t.file, "units.csv");
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    assert_eq!(t.rows.len(), 4);
    assert_row(&t, 0, &[("code", text("TCHQ")), ("name", text("Tổng cục Hải quan")), ("roles", list(&["ministry"]))]);
    assert_row(
        &t,
        1,
        &[
            ("code", text("CNTT")),
            ("name", text("Cục CNTT&TK")),
            ("parent_code", text("TCHQ")),
            ("roles", list(&["central_it_security", "security_unit", "operator"])),
        ],
    );
    // A blank list is Null, not an empty list.
    assert_row(&t, 2, &[("code", text("HQHN")), ("name", text("Cục Hải quan Hà Nội")), ("parent_code", text("TCHQ"))]);
    // Empty list items are dropped.
    assert_row(
        &t,
        3,
        &[
            ("code", text("HQHP")),
            ("name", text("Cục Hải quan Hải Phòng")),
            ("parent_code", text("TCHQ")),
            ("roles", list(&["owner", "operator"])),
        ],
    );
}

#[test]
fn csv_persons_every_column_dates_in_both_formats() {
    let t = ok(
        &PERSONS,
        "persons.csv",
        &format!(
            "{}\n\
             P001,Nguyễn Văn An,HQHN,Chuyên viên,an@customs.gov.vn,Active,có,2024-01-15,15/01/2024,1/2/2010\n\
             P002,Trần Thị Bình,CNTT,,,LEFT,no,,,\n\
             \x20 P003 ,  Lê Văn Cường  ,HQHP,,,active,,,,\n",
            header(&PERSONS)
        ),
    );
    assert_eq!(t.rows.len(), 3);
    assert_row(
        &t,
        0,
        &[
            ("person_id", text("P001")),
            ("full_name", text("Nguyễn Văn An")),
            ("unit_code", text("HQHN")),
            ("position", text("Chuyên viên")),
            ("email", text("an@customs.gov.vn")),
            ("status", text("active")),
            ("sensitive_position", Value::Bool(true)),
            ("background_checked_on", date(2024, 1, 15)),
            ("nda_signed_on", date(2024, 1, 15)),
            ("hired_on", date(2010, 2, 1)),
        ],
    );
    assert_row(
        &t,
        1,
        &[
            ("person_id", text("P002")),
            ("full_name", text("Trần Thị Bình")),
            ("unit_code", text("CNTT")),
            ("status", text("left")),
            ("sensitive_position", Value::Bool(false)),
        ],
    );
    // Text is trimmed.
    assert_row(
        &t,
        2,
        &[
            ("person_id", text("P003")),
            ("full_name", text("Lê Văn Cường")),
            ("unit_code", text("HQHP")),
            ("status", text("active")),
        ],
    );
}

#[test]
fn csv_hr_events_every_kind() {
    let kinds = ["hire", "TRANSFER_INTERNAL", "Transfer_Customs", "leave_customs", "resign", "retire", "appointment"];
    let mut csv = header(&HR_EVENTS) + "\n";
    for (i, k) in kinds.iter().enumerate() {
        csv += &format!("E{i},P001,{k},0{}/03/2025,{}/QĐ-TCHQ,HQHN,CNTT\n", i + 1, 100 + i);
    }
    csv += "E9,P002,hire,2025-12-31,,,\n";
    let t = ok(&HR_EVENTS, "hr_events.csv", &csv);
    assert_eq!(t.rows.len(), 8);
    for (i, k) in kinds.iter().enumerate() {
        let day = u32::try_from(i).unwrap() + 1;
        assert_row(
            &t,
            i,
            &[
                ("event_id", text(&format!("E{i}"))),
                ("person_id", text("P001")),
                ("kind", text(&k.to_lowercase())),
                ("effective_date", date(2025, 3, day)),
                ("decision_no", text(&format!("{}/QĐ-TCHQ", 100 + i))),
                ("from_unit", text("HQHN")),
                ("to_unit", text("CNTT")),
            ],
        );
    }
    assert_row(
        &t,
        7,
        &[
            ("event_id", text("E9")),
            ("person_id", text("P002")),
            ("kind", text("hire")),
            ("effective_date", date(2025, 12, 31)),
        ],
    );
}

#[test]
fn csv_systems_every_column() {
    let t = ok(
        &SYSTEMS,
        "systems.csv",
        &format!(
            "{}\n\
             VNACCS,Hệ thống VNACCS/VCIS,TCHQ,CNTT,CNTT,4,Approved,TCHQ,20/06/2023,yes,2014-04-01,TRUE,1,có\n\
             HRM,Quản lý nhân sự,TCHQ,CNTT,,2,PROPOSED,,,không,,false,0,no\n\
             MIN,Tối thiểu,,,,,,,,Có,,,,\n",
            header(&SYSTEMS)
        ),
    );
    assert_eq!(t.rows.len(), 3);
    assert_row(
        &t,
        0,
        &[
            ("system_id", text("VNACCS")),
            ("name", text("Hệ thống VNACCS/VCIS")),
            ("owner_unit", text("TCHQ")),
            ("operator_unit", text("CNTT")),
            ("security_unit", text("CNTT")),
            ("level", Value::Int(4)),
            ("level_status", text("approved")),
            ("level_approved_by", text("TCHQ")),
            ("level_approved_on", date(2023, 6, 20)),
            ("in_operation", Value::Bool(true)),
            ("in_operation_since", date(2014, 4, 1)),
            ("internet_facing", Value::Bool(true)),
            ("third_party_connected", Value::Bool(true)),
            ("national_security", Value::Bool(true)),
        ],
    );
    assert_row(
        &t,
        1,
        &[
            ("system_id", text("HRM")),
            ("name", text("Quản lý nhân sự")),
            ("owner_unit", text("TCHQ")),
            ("operator_unit", text("CNTT")),
            ("level", Value::Int(2)),
            ("level_status", text("proposed")),
            ("in_operation", Value::Bool(false)),
            ("internet_facing", Value::Bool(false)),
            ("third_party_connected", Value::Bool(false)),
            ("national_security", Value::Bool(false)),
        ],
    );
    assert_row(&t, 2, &[("system_id", text("MIN")), ("name", text("Tối thiểu")), ("in_operation", Value::Bool(true))]);
}

#[test]
fn csv_systems_levels_one_to_five() {
    let mut csv = "system_id,name,level,in_operation\n".to_string();
    for l in 1..=5 {
        csv += &format!("S{l},Hệ thống {l},{l},yes\n");
    }
    csv += "S6,Có khoảng trắng, 3 ,yes\n";
    let t = ok(&SYSTEMS, "systems.csv", &csv);
    for l in 1..=5 {
        assert_eq!(col(&t, usize::try_from(l - 1).unwrap(), "level"), Value::Int(l));
    }
    assert_eq!(col(&t, 5, "level"), Value::Int(3));
}

#[test]
fn csv_accounts_every_column_timestamps_in_every_format() {
    let t = ok(
        &ACCOUNTS,
        "accounts.csv",
        &format!(
            "{}\n\
             VNACCS,an.nv,user,no,P001,,active,2020-01-02,,15/03/2025,2025-03-07T08:30:00+07:00,2025-03-07T01:30:00Z,READ;WRITE\n\
             VNACCS,ops,Admin,Yes,,P001; P002 ;P003,DISABLED,02/01/2020,2025-01-31,,2025-03-07 08:30,07/03/2025 08:30:15,Domain Admins\n\
             HRM,svc_backup,SERVICE,0,,,Deleted,,31/12/2024,,07/03/2025 08:30,2025-03-07 08:30:15,\n",
            header(&ACCOUNTS)
        ),
    );
    assert_eq!(t.rows.len(), 3);
    assert_row(
        &t,
        0,
        &[
            ("system_id", text("VNACCS")),
            ("username", text("an.nv")),
            ("kind", text("user")),
            ("shared", Value::Bool(false)),
            ("person_id", text("P001")),
            ("status", text("active")),
            ("created_on", date(2020, 1, 2)),
            ("rights_changed_on", date(2025, 3, 15)),
            ("last_login_at", ts("2025-03-07T01:30:00Z")),
            ("password_changed_at", ts("2025-03-07T01:30:00Z")),
            ("privileges", list(&["READ", "WRITE"])),
        ],
    );
    assert_row(
        &t,
        1,
        &[
            ("system_id", text("VNACCS")),
            ("username", text("ops")),
            ("kind", text("admin")),
            ("shared", Value::Bool(true)),
            ("responsible_person_ids", list(&["P001", "P002", "P003"])),
            ("status", text("disabled")),
            ("created_on", date(2020, 1, 2)),
            ("disabled_on", date(2025, 1, 31)),
            // `YYYY-MM-DD HH:MM` and `DD/MM/YYYY HH:MM:SS` are Vietnam time (UTC+7).
            ("last_login_at", ts("2025-03-07T01:30:00Z")),
            ("password_changed_at", ts("2025-03-07T01:30:15Z")),
            ("privileges", list(&["Domain Admins"])),
        ],
    );
    assert_row(
        &t,
        2,
        &[
            ("system_id", text("HRM")),
            ("username", text("svc_backup")),
            ("kind", text("service")),
            ("shared", Value::Bool(false)),
            ("status", text("deleted")),
            ("disabled_on", date(2024, 12, 31)),
            ("last_login_at", ts("2025-03-07T01:30:00Z")),
            ("password_changed_at", ts("2025-03-07T01:30:15Z")),
        ],
    );
}

#[test]
fn csv_timestamps_cross_midnight_into_the_previous_utc_day() {
    let t = ok(
        &ACCOUNTS,
        "accounts.csv",
        "system_id,username,kind,status,last_login_at,password_changed_at\n\
         S,a,user,active,01/01/2025 06:59:59,2025-01-01 00:00\n\
         S,b,user,active,2025-01-01T06:59:59+07:00,2024-12-31T23:00:00-05:00\n",
    );
    assert_eq!(col(&t, 0, "last_login_at"), ts("2024-12-31T23:59:59Z"));
    assert_eq!(col(&t, 0, "password_changed_at"), ts("2024-12-31T17:00:00Z"));
    assert_eq!(col(&t, 1, "last_login_at"), ts("2024-12-31T23:59:59Z"));
    assert_eq!(col(&t, 1, "password_changed_at"), ts("2025-01-01T04:00:00Z"));
}

#[test]
fn csv_account_exceptions_every_column() {
    let t = ok(
        &ACCOUNT_EXCEPTIONS,
        "account_exceptions.csv",
        &format!(
            "{}\n\
             X1,VNACCS,an.nv,HQHN,\"Bàn giao công việc, còn xử lý hồ sơ\",Chỉ đọc,01/03/2025,2025-06-30,123/HQHN-CNTT\n\
             X2,HRM,binh.tt,,,,,,\n",
            header(&ACCOUNT_EXCEPTIONS)
        ),
    );
    assert_eq!(t.rows.len(), 2);
    assert_row(
        &t,
        0,
        &[
            ("exception_id", text("X1")),
            ("system_id", text("VNACCS")),
            ("username", text("an.nv")),
            ("requested_by_unit", text("HQHN")),
            ("reason", text("Bàn giao công việc, còn xử lý hồ sơ")),
            ("rights_kept", text("Chỉ đọc")),
            ("valid_from", date(2025, 3, 1)),
            ("valid_until", date(2025, 6, 30)),
            ("document_no", text("123/HQHN-CNTT")),
        ],
    );
    assert_row(&t, 1, &[("exception_id", text("X2")), ("system_id", text("HRM")), ("username", text("binh.tt"))]);
}

#[test]
fn csv_holidays_every_column() {
    let t = ok(
        &HOLIDAYS,
        "holidays.csv",
        "date,kind,name\n\
         2025-01-27,Holiday,Nghỉ Tết bù\n\
         08/02/2025,WORKDAY,Làm bù thứ Bảy\n\
         2025-09-01,holiday,\n",
    );
    assert_eq!(t.rows.len(), 3);
    assert_row(&t, 0, &[("date", date(2025, 1, 27)), ("kind", text("holiday")), ("name", text("Nghỉ Tết bù"))]);
    assert_row(&t, 1, &[("date", date(2025, 2, 8)), ("kind", text("workday")), ("name", text("Làm bù thứ Bảy"))]);
    assert_row(&t, 2, &[("date", date(2025, 9, 1)), ("kind", text("holiday"))]);
}

#[test]
fn csv_booleans_in_all_four_languages() {
    let cases = [
        ("yes", true),
        ("YES", true),
        ("no", false),
        ("No", false),
        ("true", true),
        ("True", true),
        ("false", false),
        ("FALSE", false),
        ("1", true),
        ("0", false),
        ("có", true),
        ("Có", true),
        ("CÓ", true),
        ("co", true),
        ("không", false),
        ("Không", false),
        ("KHÔNG", false),
        ("khong", false),
        (" yes ", true),
    ];
    let mut csv = "system_id,name,in_operation\n".to_string();
    for (i, (t, _)) in cases.iter().enumerate() {
        csv += &format!("S{i},n,{t}\n");
    }
    let t = ok(&SYSTEMS, "systems.csv", &csv);
    for (i, (raw, b)) in cases.iter().enumerate() {
        assert_eq!(col(&t, i, "in_operation"), Value::Bool(*b), "{raw:?}");
        assert_eq!(parse_bool(raw), Some(*b), "{raw:?}");
    }
}

#[test]
fn csv_columns_in_any_order_land_in_schema_order() {
    let t = ok(&HOLIDAYS, "holidays.csv", "name,kind,date\nQuốc khánh,holiday,02/09/2025\n");
    assert_eq!(t.rows[0], vec![date(2025, 9, 2), text("holiday"), text("Quốc khánh")]);
}

#[test]
fn csv_optional_columns_may_be_absent() {
    let t = ok(&PERSONS, "persons.csv", "person_id,full_name,status\nP1,A,active\n");
    assert_row(&t, 0, &[("person_id", text("P1")), ("full_name", text("A")), ("status", text("active"))]);
    let t = ok(&ACCOUNTS, "accounts.csv", "system_id,username,kind,status\nS,u,user,active\n");
    assert_row(
        &t,
        0,
        &[("system_id", text("S")), ("username", text("u")), ("kind", text("user")), ("status", text("active"))],
    );
}

#[test]
fn csv_header_only_gives_an_empty_table() {
    let t = ok(&PERSONS, "persons.csv", &header(&PERSONS));
    assert!(t.rows.is_empty());
    assert!(t.warnings.is_empty());
    let t = ok(&PERSONS, "persons.csv", &(header(&PERSONS) + "\r\n\r\n"));
    assert!(t.rows.is_empty());
}

#[test]
fn kind_by_name_finds_every_kind() {
    for (name, kind) in [
        ("units", &UNITS),
        ("persons", &PERSONS),
        ("hr_events", &HR_EVENTS),
        ("systems", &SYSTEMS),
        ("accounts", &ACCOUNTS),
        ("account_exceptions", &ACCOUNT_EXCEPTIONS),
        ("holidays", &HOLIDAYS),
    ] {
        let k = kind_by_name(name).unwrap();
        assert!(std::ptr::eq(k, kind), "{name}");
        assert_eq!(k.name, name);
    }
    assert!(kind_by_name("Accounts").is_none());
    let t = ok(kind_by_name("accounts").unwrap(), "a.csv", "system_id,username,kind,status\nS,u,user,active\n");
    assert_eq!(t.kind.name, "accounts");
}

// ---------------------------------------------------------------------------
// Headers: Vietnamese, without diacritics, other case
// ---------------------------------------------------------------------------

#[test]
fn csv_vietnamese_headers_persons() {
    let t = ok(
        &PERSONS,
        "persons.csv",
        "Mã cán bộ,Họ và tên,Mã đơn vị,Chức vụ,Email,Trạng thái,Vị trí nhạy cảm,Ngày thẩm tra lý lịch,Ngày ký cam kết bảo mật,Ngày tuyển dụng\n\
         P001,Nguyễn Văn An,HQHN,Chuyên viên,an@x.vn,active,không,2024-01-15,2024-01-16,2010-02-01\n",
    );
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    assert_row(
        &t,
        0,
        &[
            ("person_id", text("P001")),
            ("full_name", text("Nguyễn Văn An")),
            ("unit_code", text("HQHN")),
            ("position", text("Chuyên viên")),
            ("email", text("an@x.vn")),
            ("status", text("active")),
            ("sensitive_position", Value::Bool(false)),
            ("background_checked_on", date(2024, 1, 15)),
            ("nda_signed_on", date(2024, 1, 16)),
            ("hired_on", date(2010, 2, 1)),
        ],
    );
}

#[test]
fn csv_vietnamese_headers_hr_events() {
    let t = ok(
        &HR_EVENTS,
        "hr_events.csv",
        "Mã sự kiện,Mã cán bộ,Loại,Ngày hiệu lực,Số quyết định,Từ đơn vị,Đến đơn vị\n\
         E1,P001,resign,01/04/2025,45/QĐ-HQHN,HQHN,\n",
    );
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    assert_row(
        &t,
        0,
        &[
            ("event_id", text("E1")),
            ("person_id", text("P001")),
            ("kind", text("resign")),
            ("effective_date", date(2025, 4, 1)),
            ("decision_no", text("45/QĐ-HQHN")),
            ("from_unit", text("HQHN")),
        ],
    );
}

#[test]
fn csv_vietnamese_headers_accounts() {
    let t = ok(
        &ACCOUNTS,
        "accounts.csv",
        "Mã hệ thống,Tên tài khoản,Loại tài khoản,Dùng chung,Mã cán bộ,Người chịu trách nhiệm,Trạng thái,Ngày tạo,Ngày khóa,Ngày điều chỉnh quyền,Đăng nhập lần cuối,Ngày đổi mật khẩu,Quyền\n\
         VNACCS,ops,admin,có,,P001;P002,active,2020-01-02,,2025-02-03,2025-03-07 08:30,,root\n",
    );
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    assert_row(
        &t,
        0,
        &[
            ("system_id", text("VNACCS")),
            ("username", text("ops")),
            ("kind", text("admin")),
            ("shared", Value::Bool(true)),
            ("responsible_person_ids", list(&["P001", "P002"])),
            ("status", text("active")),
            ("created_on", date(2020, 1, 2)),
            ("rights_changed_on", date(2025, 2, 3)),
            ("last_login_at", ts("2025-03-07T01:30:00Z")),
            ("privileges", list(&["root"])),
        ],
    );
}

#[test]
fn csv_vietnamese_headers_systems_units_exceptions_holidays() {
    let t = ok(
        &SYSTEMS,
        "systems.csv",
        "Mã hệ thống,Tên hệ thống,Cấp độ,Trạng thái cấp độ,Đang vận hành,Ngày đưa vào vận hành,Kết nối Internet,Kết nối bên thứ ba\n\
         S1,Hệ thống 1,3,appraised,có,2020-05-01,không,có\n",
    );
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    assert_row(
        &t,
        0,
        &[
            ("system_id", text("S1")),
            ("name", text("Hệ thống 1")),
            ("level", Value::Int(3)),
            ("level_status", text("appraised")),
            ("in_operation", Value::Bool(true)),
            ("in_operation_since", date(2020, 5, 1)),
            ("internet_facing", Value::Bool(false)),
            ("third_party_connected", Value::Bool(true)),
        ],
    );

    let t = ok(&UNITS, "units.csv", "Mã đơn vị,Tên đơn vị,Đơn vị cấp trên,Vai trò\nCNTT,Cục CNTT,TCHQ,security_unit\n");
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    assert_row(
        &t,
        0,
        &[
            ("code", text("CNTT")),
            ("name", text("Cục CNTT")),
            ("parent_code", text("TCHQ")),
            ("roles", list(&["security_unit"])),
        ],
    );

    let t = ok(
        &ACCOUNT_EXCEPTIONS,
        "account_exceptions.csv",
        "Mã ngoại lệ,Mã hệ thống,Tên tài khoản,Đơn vị đề nghị,Lý do,Quyền duy trì,Hiệu lực từ,Hiệu lực đến,Số văn bản\n\
         X1,S1,u1,HQHN,Bàn giao,Chỉ đọc,2025-03-01,2025-04-30,12/CV\n",
    );
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    assert_row(
        &t,
        0,
        &[
            ("exception_id", text("X1")),
            ("system_id", text("S1")),
            ("username", text("u1")),
            ("requested_by_unit", text("HQHN")),
            ("reason", text("Bàn giao")),
            ("rights_kept", text("Chỉ đọc")),
            ("valid_from", date(2025, 3, 1)),
            ("valid_until", date(2025, 4, 30)),
            ("document_no", text("12/CV")),
        ],
    );

    let t = ok(&HOLIDAYS, "holidays.csv", "Ngày,Loại,Tên\n30/04/2025,holiday,Giải phóng miền Nam\n");
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    assert_row(&t, 0, &[("date", date(2025, 4, 30)), ("kind", text("holiday")), ("name", text("Giải phóng miền Nam"))]);
}

#[test]
fn csv_headers_without_diacritics_and_in_other_case() {
    let t = ok(
        &ACCOUNTS,
        "accounts.csv",
        "MA HE THONG,ten tai khoan,LOAI TAI KHOAN,Dung Chung,nguoi chiu trach nhiem,TRANG THAI,ngay dieu chinh quyen\n\
         S1,ops,admin,yes,P1;P2,active,2025-02-03\n",
    );
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    assert_row(
        &t,
        0,
        &[
            ("system_id", text("S1")),
            ("username", text("ops")),
            ("kind", text("admin")),
            ("shared", Value::Bool(true)),
            ("responsible_person_ids", list(&["P1", "P2"])),
            ("status", text("active")),
            ("rights_changed_on", date(2025, 2, 3)),
        ],
    );

    let t = ok(
        &HR_EVENTS,
        "hr_events.csv",
        "EVENT ID,Ma can bo,KIND,NGAY HIEU LUC,so quyet dinh\nE1,P1,hire,2025-01-02,1/QD\n",
    );
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    assert_row(
        &t,
        0,
        &[
            ("event_id", text("E1")),
            ("person_id", text("P1")),
            ("kind", text("hire")),
            ("effective_date", date(2025, 1, 2)),
            ("decision_no", text("1/QD")),
        ],
    );

    let t = ok(
        &SYSTEMS,
        "systems.csv",
        "System-ID, NAME ,cap do,Dang Van Hanh,IN.OPERATION.SINCE\nS1,n,5,KHONG,01/01/2020\n",
    );
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    assert_row(
        &t,
        0,
        &[
            ("system_id", text("S1")),
            ("name", text("n")),
            ("level", Value::Int(5)),
            ("in_operation", Value::Bool(false)),
            ("in_operation_since", date(2020, 1, 1)),
        ],
    );

    let t = ok(
        &ACCOUNT_EXCEPTIONS,
        "account_exceptions.csv",
        "MA NGOAI LE,MA HE THONG,TEN TAI KHOAN,ly do,QUYEN DUY TRI\nX1,S,u,bàn giao,đọc\n",
    );
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    assert_eq!(col(&t, 0, "reason"), text("bàn giao"));
    assert_eq!(col(&t, 0, "rights_kept"), text("đọc"));

    let t = ok(&PERSONS, "persons.csv", "MÃ CÁN BỘ,HỌ VÀ TÊN,TRẠNG THÁI\nP1,A,active\n");
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    assert_eq!(col(&t, 0, "person_id"), text("P1"));
}

#[test]
fn csv_vietnamese_headers_in_decomposed_unicode() {
    // Vietnamese keyboards can emit "Unicode tổ hợp" (combining marks, NFD).
    let nfd = "Ma\u{300} ca\u{301}n bo\u{302}\u{323},Ho\u{323} va\u{300} te\u{302}n,Tra\u{323}ng tha\u{301}i\n\
               P1,A,active\n";
    let t = ok(&PERSONS, "persons.csv", nfd);
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    assert_row(&t, 0, &[("person_id", text("P1")), ("full_name", text("A")), ("status", text("active"))]);
    // A decomposed "có" is a boolean too.
    assert_eq!(parse_bool("co\u{301}"), Some(true));
    assert_eq!(parse_bool("kho\u{302}ng"), Some(false));
}

// ---------------------------------------------------------------------------
// Encodings, line ends, quoting, blank lines
// ---------------------------------------------------------------------------

const PERSONS_VI: &str = "Mã cán bộ,Họ và tên,Trạng thái\r\nP1,Nguyễn Văn Ước,active\r\nP2,Đặng Thị Ơn,left\r\n";

fn assert_persons_vi(t: &Table) {
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    assert_eq!(t.rows.len(), 2);
    assert_row(t, 0, &[("person_id", text("P1")), ("full_name", text("Nguyễn Văn Ước")), ("status", text("active"))]);
    assert_row(t, 1, &[("person_id", text("P2")), ("full_name", text("Đặng Thị Ơn")), ("status", text("left"))]);
}

#[test]
fn csv_utf8_with_bom() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(PERSONS_VI.as_bytes());
    assert_persons_vi(&ok_bytes(&PERSONS, "persons.csv", &bytes));
    // BOM before a canonical header too.
    let t = ok(&PERSONS, "persons.csv", "\u{feff}person_id,full_name,status\nP1,A,active\n");
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    assert_eq!(col(&t, 0, "person_id"), text("P1"));
}

#[test]
fn csv_utf16le_with_bom() {
    let bytes = utf16le_with_bom(PERSONS_VI);
    assert_eq!(&bytes[..2], b"\xFF\xFE");
    assert_persons_vi(&ok_bytes(&PERSONS, "persons.csv", &bytes));
    assert_persons_vi(&parse_csv(&PERSONS, "persons.csv", &bytes).unwrap());
}

#[test]
fn csv_utf16be_with_bom() {
    assert_persons_vi(&ok_bytes(&PERSONS, "persons.csv", &utf16be_with_bom(PERSONS_VI)));
}

#[test]
fn csv_utf16_errors_keep_their_rows() {
    let e = errs_bytes(
        &PERSONS,
        "persons.csv",
        &utf16le_with_bom("Mã cán bộ,Họ và tên,Trạng thái\r\nP1,A,active\r\nP2,B,gone\r\n"),
    );
    assert_eq!(summary(&e), vec![s("persons.csv", 3, Some("status"), Some("gone"), "not_one_of")]);
}

#[test]
fn csv_truncated_utf16_is_named_as_such() {
    let mut bytes = utf16le_with_bom("Mã cán bộ,Họ và tên,Trạng thái\r\nP1,A,active\r\n");
    bytes.pop(); // an odd number of bytes: cut in the middle of a character
    let e = errs_bytes(&PERSONS, "persons.csv", &bytes);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].problem, Problem::BadUtf16);
    assert!(e[0].to_string().contains("UTF-16"), "{}", e[0]);
}

#[test]
fn csv_crlf_and_lf_give_the_same_table() {
    let lf = PERSONS_VI.replace("\r\n", "\n");
    assert_persons_vi(&ok(&PERSONS, "persons.csv", PERSONS_VI));
    assert_persons_vi(&ok(&PERSONS, "persons.csv", &lf));
    // No final line end.
    assert_persons_vi(&ok(&PERSONS, "persons.csv", PERSONS_VI.trim_end()));
}

#[test]
fn csv_crlf_error_rows() {
    let e = errs(&PERSONS, "persons.csv", "person_id,full_name,status\r\nP1,A,active\r\nP2,B,actif\r\n");
    assert_eq!(summary(&e), vec![s("persons.csv", 3, Some("status"), Some("actif"), "not_one_of")]);
}

#[test]
fn csv_quoted_fields_with_commas_quotes_and_newlines() {
    let t = ok(
        &ACCOUNT_EXCEPTIONS,
        "account_exceptions.csv",
        "exception_id,system_id,username,reason,rights_kept,document_no\n\
         X1,S1,u1,\"Bàn giao, chưa xong\",\"Quyền \"\"đọc\"\"\",\"12/CV\"\n\
         X2,S1,u2,\"Dòng một\nDòng hai\r\nDòng ba\",\"\",\n\
         \"X3\",\"S1\",\"u3\",\"\"\"\",\" a , b \",\n",
    );
    assert_eq!(t.rows.len(), 3);
    assert_eq!(col(&t, 0, "reason"), text("Bàn giao, chưa xong"));
    assert_eq!(col(&t, 0, "rights_kept"), text("Quyền \"đọc\""));
    assert_eq!(col(&t, 0, "document_no"), text("12/CV"));
    assert_eq!(col(&t, 1, "reason"), text("Dòng một\nDòng hai\r\nDòng ba"));
    assert_eq!(col(&t, 1, "rights_kept"), Value::Null);
    assert_eq!(col(&t, 2, "exception_id"), text("X3"));
    assert_eq!(col(&t, 2, "reason"), text("\""));
    assert_eq!(col(&t, 2, "rights_kept"), text("a , b"));
}

#[test]
fn csv_row_after_a_multiline_field_keeps_its_spreadsheet_row() {
    // Row 2 spans three physical lines; row 3 and row 4 are still rows 3 and 4.
    let csv = "exception_id,system_id,username,reason,valid_until\n\
               X1,S1,u1,\"một\ncó dấu phẩy, hai\nba\",2025-06-30\n\
               X2,S1,u2,ok,2025-02-30\n\
               X3,S1,u3,\"a\r\nb\",hôm qua\n\
               X4,S1,u4,ok,31/02/2025\n";
    let e = errs(&ACCOUNT_EXCEPTIONS, "account_exceptions.csv", csv);
    assert_eq!(
        summary(&e),
        vec![
            s("account_exceptions.csv", 3, Some("valid_until"), Some("2025-02-30"), "not_date"),
            s("account_exceptions.csv", 4, Some("valid_until"), Some("hôm qua"), "not_date"),
            s("account_exceptions.csv", 5, Some("valid_until"), Some("31/02/2025"), "not_date"),
        ]
    );
}

#[test]
fn csv_multiline_header_field_does_not_shift_rows() {
    let csv = "\"person\n_id\",full_name,status\nP1,A,active\nP2,B,bad\n";
    let e = errs(&PERSONS, "persons.csv", csv);
    // "person\n_id" normalises to person_id.
    assert_eq!(summary(&e), vec![s("persons.csv", 3, Some("status"), Some("bad"), "not_one_of")]);
}

#[test]
fn csv_blank_lines_are_skipped_but_counted_as_rows() {
    let csv = "person_id,full_name,status\n\nP1,A,active\n\n\nP2,B,gone\n,,\n\nP3,C,left\n";
    let e = errs(&PERSONS, "persons.csv", csv);
    assert_eq!(summary(&e), vec![s("persons.csv", 6, Some("status"), Some("gone"), "not_one_of")]);

    let t = ok(&PERSONS, "persons.csv", &csv.replace("gone", "active"));
    assert_eq!(t.rows.len(), 3);
    assert_eq!(col(&t, 2, "person_id"), text("P3"));

    // Same with CRLF line ends, and a blank line straight after the header.
    let e = errs(&PERSONS, "persons.csv", &csv.replace('\n', "\r\n"));
    assert_eq!(summary(&e), vec![s("persons.csv", 6, Some("status"), Some("gone"), "not_one_of")]);
}

#[test]
fn csv_blank_lines_after_a_multiline_field() {
    let csv = "exception_id,system_id,username,reason,valid_until\r\n\
               X1,S1,u1,\"một\r\nhai\",2025-06-30\r\n\r\n\r\n\
               X2,S1,u2,\"a\nb\nc\",2025-02-30\n\n\
               X3,S1,u3,ok,hôm qua\n";
    let e = errs(&ACCOUNT_EXCEPTIONS, "account_exceptions.csv", csv);
    assert_eq!(
        summary(&e),
        vec![
            s("account_exceptions.csv", 5, Some("valid_until"), Some("2025-02-30"), "not_date"),
            s("account_exceptions.csv", 7, Some("valid_until"), Some("hôm qua"), "not_date"),
        ]
    );
}

#[test]
fn csv_blank_lines_before_the_header() {
    // The header is on spreadsheet row 3; everything is numbered from there.
    let e = errs(&PERSONS, "persons.csv", "\n\r\nperson_id,full_name,status\nP1,A,active\nP2,B,gone\n");
    assert_eq!(summary(&e), vec![s("persons.csv", 5, Some("status"), Some("gone"), "not_one_of")]);
    let e = errs(&PERSONS, "persons.csv", "\n\nperson_id,status\nP1,active\n");
    assert_eq!(summary(&e), vec![s("persons.csv", 3, Some("full_name"), None, MISSING_COLUMN)]);
    let t = ok(&PERSONS, "persons.csv", "\n\nperson_id,full_name,status,Ghi chú\nP1,A,active,x\n");
    assert_eq!(t.warnings.len(), 1);
    assert_eq!(t.warnings[0].row, 3);
}

#[test]
fn csv_whitespace_only_lines_are_blank() {
    let csv = "person_id,full_name,status\nP1,A,active\n   \n\t\nP2,B,gone\n";
    let e = errs(&PERSONS, "persons.csv", csv);
    assert_eq!(summary(&e), vec![s("persons.csv", 5, Some("status"), Some("gone"), "not_one_of")]);
}

#[test]
fn csv_trailing_empty_fields_are_tolerated() {
    // Excel often writes trailing separators.
    let t = ok(&PERSONS, "persons.csv", "person_id,full_name,status\nP1,A,active,,\nP2,B,left,\n");
    assert_eq!(t.rows.len(), 2);
}

// ---------------------------------------------------------------------------
// Header errors and warnings
// ---------------------------------------------------------------------------

#[test]
fn unknown_column_is_a_warning_not_an_error() {
    let t = ok(&PERSONS, "persons.csv", "person_id,Ghi chú,full_name,status,\nP1,xin chào,A,active,\n");
    assert_row(&t, 0, &[("person_id", text("P1")), ("full_name", text("A")), ("status", text("active"))]);
    assert_eq!(t.warnings.len(), 1, "{:?}", t.warnings);
    let w = &t.warnings[0];
    assert_eq!((w.file.as_str(), w.row), ("persons.csv", 1));
    assert!(w.message_vi.contains("Ghi chú"), "{}", w.message_vi);
    assert!(w.message_en.contains("Ghi chú"), "{}", w.message_en);
    assert!(w.message_en.contains("unknown column"), "{}", w.message_en);
    assert_eq!(w.to_string(), format!("persons.csv:1: {} / {}", w.message_vi, w.message_en));
}

/// The code of a missing required column. The tabular importer reports it as
/// `Problem::Other` (code `invalid`) so that the message can name the column's
/// Vietnamese header; `Problem::MissingColumn` (`missing_column`) carries no
/// column name in its message and is used by the AD importer only.
const MISSING_COLUMN: &str = "invalid";

#[test]
fn missing_required_column_is_an_error_at_row_1() {
    let e = errs(&PERSONS, "persons.csv", "person_id,status\nP1,active\n");
    assert_eq!(summary(&e), vec![s("persons.csv", 1, Some("full_name"), None, MISSING_COLUMN)]);
    // The message names the column and its Vietnamese header (docs/formats.md).
    assert_eq!(
        e[0].to_string(),
        "persons.csv:1: full_name: thiếu cột bắt buộc \"full_name\" (Họ và tên) / \
         required column \"full_name\" (Họ và tên) is missing from the header row"
    );

    // Every missing column is named, in schema order.
    let e = errs(&ACCOUNTS, "accounts.csv", "username,privileges\nu,x\n");
    assert_eq!(
        summary(&e),
        vec![
            s("accounts.csv", 1, Some("system_id"), None, MISSING_COLUMN),
            s("accounts.csv", 1, Some("kind"), None, MISSING_COLUMN),
            s("accounts.csv", 1, Some("status"), None, MISSING_COLUMN),
        ]
    );

    // Even with a header only.
    let e = errs(&SYSTEMS, "systems.csv", "system_id,name\n");
    assert_eq!(summary(&e), vec![s("systems.csv", 1, Some("in_operation"), None, MISSING_COLUMN)]);
}

#[test]
fn duplicate_column_is_an_error() {
    let e = errs(&PERSONS, "persons.csv", "person_id,full_name,Mã cán bộ,status\nP1,A,P1,active\n");
    assert_eq!(summary(&e), vec![s("persons.csv", 1, Some("person_id"), Some("Mã cán bộ"), "duplicate_column")]);
    assert_eq!(e[0].problem, Problem::DuplicateColumn { first_header: "person_id".into() });

    let e = errs(&HOLIDAYS, "holidays.csv", "Date,kind,DATE\n2025-01-01,holiday,2025-01-02\n");
    assert_eq!(summary(&e), vec![s("holidays.csv", 1, Some("date"), Some("DATE"), "duplicate_column")]);
}

#[test]
fn semicolon_separated_file() {
    let e = errs(&PERSONS, "persons.csv", "person_id;full_name;status\nP1;A;active\n");
    assert_eq!(summary(&e), vec![s("persons.csv", 1, None, Some("person_id;full_name;status"), "semicolon_separated")]);
    // Vietnamese header, BOM, CRLF: as Excel in a vi-VN locale saves it.
    let e = errs(&PERSONS, "persons.csv", "\u{feff}Mã cán bộ;Họ và tên;Trạng thái\r\nP1;A;active\r\n");
    assert_eq!(e.len(), 1);
    assert_eq!((e[0].row, e[0].problem.code()), (1, "semicolon_separated"));
}

#[test]
fn empty_file() {
    for (name, bytes) in [
        ("empty", &b""[..]),
        ("bom only", &b"\xEF\xBB\xBF"[..]),
        ("blank lines", &b"\n\r\n\n"[..]),
        ("utf-16 bom only", &b"\xFF\xFE"[..]),
    ] {
        let e = errs_bytes(&PERSONS, "persons.csv", bytes);
        assert_eq!(summary(&e), vec![s("persons.csv", 0, None, None, "empty")], "{name}");
    }
    let e = errs(&PERSONS, "persons.csv", "");
    assert_eq!(e[0].to_string(), "persons.csv: tệp rỗng, không có dòng tiêu đề / empty file, no header row");
}

#[test]
fn invalid_utf8_is_reported_at_its_row() {
    let mut bytes =
        b"person_id,full_name,status\nP1,Nguy\xE1\xBB\x85n,active\nP2,Nguy\xEAn,active\nP3,C,active\n".to_vec();
    let e = errs_bytes(&PERSONS, "persons.csv", &bytes);
    assert_eq!(summary(&e), vec![s("persons.csv", 3, None, None, "not_utf8")]);
    // Windows-1258 / Latin-1 bytes in the header.
    bytes = b"person_id,H\xF4 t\xEAn,status\n".to_vec();
    let e = errs_bytes(&PERSONS, "persons.csv", &bytes);
    assert_eq!(summary(&e), vec![s("persons.csv", 1, None, None, "not_utf8")]);
    // After a BOM.
    let e =
        errs_bytes(&PERSONS, "persons.csv", b"\xEF\xBB\xBFperson_id,full_name,status\nP1,A,active\nP2,\xFF,active\n");
    assert_eq!(summary(&e), vec![s("persons.csv", 3, None, None, "not_utf8")]);
}

// ---------------------------------------------------------------------------
// Row errors
// ---------------------------------------------------------------------------

#[test]
fn bad_dates() {
    let e = errs(
        &HR_EVENTS,
        "hr_events.csv",
        "event_id,person_id,kind,effective_date\n\
         E1,P1,hire,2025-02-30\n\
         E2,P1,hire,31/02/2025\n\
         E3,P1,hire,hôm qua\n\
         E4,P1,hire,2025/03/07\n\
         E5,P1,hire,07/03/25\n\
         E6,P1,hire,2025-3-7\n\
         E7,P1,hire,2025-03-07\n",
    );
    assert_eq!(
        summary(&e),
        vec![
            s("hr_events.csv", 2, Some("effective_date"), Some("2025-02-30"), "not_date"),
            s("hr_events.csv", 3, Some("effective_date"), Some("31/02/2025"), "not_date"),
            s("hr_events.csv", 4, Some("effective_date"), Some("hôm qua"), "not_date"),
            s("hr_events.csv", 5, Some("effective_date"), Some("2025/03/07"), "not_date"),
            s("hr_events.csv", 6, Some("effective_date"), Some("07/03/25"), "not_date"),
            s("hr_events.csv", 7, Some("effective_date"), Some("2025-3-7"), "not_date"),
        ]
    );
    assert_eq!(
        e[0].to_string(),
        "hr_events.csv:2: effective_date = \"2025-02-30\": ngày không hợp lệ; dùng YYYY-MM-DD hoặc DD/MM/YYYY / \
         invalid date; use YYYY-MM-DD or DD/MM/YYYY"
    );
    for bad in ["2025-02-30", "31/02/2025", "hôm qua", "29/02/2025", "00/01/2025", "2025-13-01"] {
        assert_eq!(parse_date(bad), None, "{bad}");
    }
    assert_eq!(parse_date("29/02/2024"), NaiveDate::from_ymd_opt(2024, 2, 29));
}

#[test]
fn bad_timestamps() {
    let e = errs(
        &ACCOUNTS,
        "accounts.csv",
        "system_id,username,kind,status,last_login_at,password_changed_at\n\
         S,a,user,active,2025-03-07 25:00,\n\
         S,b,user,active,,07/03/2025 8h30\n\
         S,c,user,active,hôm qua,2025-03-07 08:30 PM\n\
         S,d,user,active,2025-02-30 08:00,2025-03-07 08:30:00\n",
    );
    assert_eq!(
        summary(&e),
        vec![
            s("accounts.csv", 2, Some("last_login_at"), Some("2025-03-07 25:00"), "not_timestamp"),
            s("accounts.csv", 3, Some("password_changed_at"), Some("07/03/2025 8h30"), "not_timestamp"),
            s("accounts.csv", 4, Some("last_login_at"), Some("hôm qua"), "not_timestamp"),
            s("accounts.csv", 4, Some("password_changed_at"), Some("2025-03-07 08:30 PM"), "not_timestamp"),
            s("accounts.csv", 5, Some("last_login_at"), Some("2025-02-30 08:00"), "not_timestamp"),
        ]
    );
    assert!(e[0].to_string().contains("(giờ Việt Nam)"), "{}", e[0]);
    assert!(e[0].to_string().contains("(Vietnam time)"), "{}", e[0]);
    // The public parser agrees.
    assert_eq!(parse_timestamp("2025-03-07 08:30"), Some(Utc.with_ymd_and_hms(2025, 3, 7, 1, 30, 0).unwrap()));
    assert_eq!(parse_timestamp("hôm qua"), None);
}

#[test]
fn bad_booleans() {
    let e = errs(
        &SYSTEMS,
        "systems.csv",
        "system_id,name,in_operation,internet_facing\n\
         S1,n,y,\n\
         S2,n,yes,maybe\n\
         S3,n,2,có\n\
         S4,n,đúng,không\n",
    );
    assert_eq!(
        summary(&e),
        vec![
            s("systems.csv", 2, Some("in_operation"), Some("y"), "not_bool"),
            s("systems.csv", 3, Some("internet_facing"), Some("maybe"), "not_bool"),
            s("systems.csv", 4, Some("in_operation"), Some("2"), "not_bool"),
            s("systems.csv", 5, Some("in_operation"), Some("đúng"), "not_bool"),
        ]
    );
}

#[test]
fn bad_enum_names_value_and_allowed_list() {
    let e = errs(&ACCOUNTS, "accounts.csv", "system_id,username,kind,status\nS,a,user,actve\nS,b,superuser,active\n");
    assert_eq!(
        summary(&e),
        vec![
            s("accounts.csv", 2, Some("status"), Some("actve"), "not_one_of"),
            s("accounts.csv", 3, Some("kind"), Some("superuser"), "not_one_of"),
        ]
    );
    assert_eq!(e[0].problem, Problem::NotOneOf { allowed: vec!["active".into(), "disabled".into(), "deleted".into()] });
    let msg = e[0].to_string();
    assert!(msg.starts_with("accounts.csv:2: status = \"actve\": "), "{msg}");
    assert!(msg.contains("phải là một trong: active, disabled, deleted"), "{msg}");
    assert!(msg.contains("expected one of: active, disabled, deleted"), "{msg}");
    assert!(e[1].to_string().contains("user, admin, service"), "{}", e[1]);
}

#[test]
fn bad_enum_list_item() {
    let e = errs(&UNITS, "units.csv", "code,name,roles\nU1,n,owner;boss\nU2,n,Owner; operator\n");
    assert_eq!(summary(&e), vec![s("units.csv", 2, Some("roles"), Some("owner;boss"), "not_one_of")]);
    assert!(e[0].to_string().contains("central_it_security, security_unit, operator, owner, ministry"));
}

#[test]
fn bad_enums_in_every_kind() {
    let cases: [(&'static KindSchema, &str, &str, &str); 5] = [
        (&PERSONS, "person_id,full_name,status\nP1,A,đang làm\n", "status", "đang làm"),
        (&HR_EVENTS, "event_id,person_id,kind,effective_date\nE1,P1,fired,2025-01-01\n", "kind", "fired"),
        (&SYSTEMS, "system_id,name,level_status,in_operation\nS,n,done,yes\n", "level_status", "done"),
        (&ACCOUNTS, "system_id,username,kind,status\nS,u,user,locked\n", "status", "locked"),
        (&HOLIDAYS, "date,kind\n2025-01-01,nghỉ\n", "kind", "nghỉ"),
    ];
    for (kind, csv, column, value) in cases {
        let file = format!("{}.csv", kind.name);
        let e = errs(kind, &file, csv);
        assert_eq!(summary(&e), vec![s(&file, 2, Some(column), Some(value), "not_one_of")]);
    }
}

#[test]
fn level_out_of_range_or_not_an_integer() {
    let e = errs(
        &SYSTEMS,
        "systems.csv",
        "system_id,name,level,in_operation\n\
         S1,n,6,yes\n\
         S2,n,2.5,yes\n\
         S3,n,0,yes\n\
         S4,n,ba,yes\n\
         S5,n,-1,yes\n\
         S6,n,3,yes\n",
    );
    assert_eq!(
        summary(&e),
        vec![
            s("systems.csv", 2, Some("level"), Some("6"), "not_integer"),
            s("systems.csv", 3, Some("level"), Some("2.5"), "not_integer"),
            s("systems.csv", 4, Some("level"), Some("0"), "not_integer"),
            s("systems.csv", 5, Some("level"), Some("ba"), "not_integer"),
            s("systems.csv", 6, Some("level"), Some("-1"), "not_integer"),
        ]
    );
    assert_eq!(e[0].problem, Problem::NotInteger { min: 1, max: 5 });
    assert!(e[0].to_string().contains("from 1 to 5"), "{}", e[0]);
}

#[test]
fn blank_required_value() {
    let e = errs(
        &PERSONS,
        "persons.csv",
        "person_id,full_name,status,email\n\
         P1,,active,a@x.vn\n\
         ,B,active,\n\
         P3,  ,,\n\
         P4,D,left,\n",
    );
    assert_eq!(
        summary(&e),
        vec![
            s("persons.csv", 2, Some("full_name"), Some(""), "required"),
            s("persons.csv", 3, Some("person_id"), Some(""), "required"),
            s("persons.csv", 4, Some("full_name"), Some(""), "required"),
            s("persons.csv", 4, Some("status"), Some(""), "required"),
        ]
    );
    assert_eq!(
        e[0].to_string(),
        "persons.csv:2: full_name = \"\": giá trị bắt buộc nhưng để trống / required value is blank"
    );
}

#[test]
fn blank_required_value_in_every_kind() {
    let cases: [(&'static KindSchema, &str, &str); 7] = [
        (&UNITS, "code,name\nU1,\n", "name"),
        (&PERSONS, "person_id,full_name,status\nP1,A,\n", "status"),
        (&HR_EVENTS, "event_id,person_id,kind,effective_date\nE1,P1,hire,\n", "effective_date"),
        (&SYSTEMS, "system_id,name,in_operation\nS1,n,\n", "in_operation"),
        (&ACCOUNTS, "system_id,username,kind,status\nS1,,user,active\n", "username"),
        (&ACCOUNT_EXCEPTIONS, "exception_id,system_id,username\nX1,,u\n", "system_id"),
        (&HOLIDAYS, "date,kind\n,holiday\n", "date"),
    ];
    for (kind, csv, column) in cases {
        let file = format!("{}.csv", kind.name);
        let e = errs(kind, &file, csv);
        assert_eq!(summary(&e), vec![s(&file, 2, Some(column), Some(""), "required")]);
    }
}

#[test]
fn wrong_field_count() {
    let e = errs(
        &PERSONS,
        "persons.csv",
        "person_id,full_name,status\n\
         P1,A,active,extra\n\
         P2,B\n\
         P3,C,active\n\
         P4,\"D, E\",active,,x,\n",
    );
    assert_eq!(
        summary(&e),
        vec![
            s("persons.csv", 2, None, None, "field_count"),
            s("persons.csv", 3, None, None, "field_count"),
            s("persons.csv", 5, None, None, "field_count"),
        ]
    );
    assert_eq!(e[0].problem, Problem::FieldCount { expected: 3, found: 4 });
    assert_eq!(e[1].problem, Problem::FieldCount { expected: 3, found: 2 });
    assert_eq!(e[2].problem, Problem::FieldCount { expected: 3, found: 6 });
    assert_eq!(e[0].to_string(), "persons.csv:2: dòng có 4 trường, tiêu đề có 3 / row has 4 fields, the header has 3");
}

#[test]
fn an_unclosed_quote_is_named_on_the_row_that_opens_it() {
    let e = errs(
        &PERSONS,
        "persons.csv",
        "person_id,full_name,status\nP1,A,active\nP2,\"Trần B,active\nP3,C,active\nP4,D,left\n",
    );
    assert_eq!(summary(&e), vec![s("persons.csv", 3, None, None, "unclosed_quote")]);
    assert!(e[0].to_string().contains("never closed"), "{}", e[0]);
    // A quoted cell with line breaks that is closed is no such error.
    let ok = errs(&PERSONS, "persons.csv", "person_id,full_name,status\nP1,\"A\nB\",active\nP2,B,active,x\n");
    assert_eq!(summary(&ok), vec![s("persons.csv", 3, None, None, "field_count")]);
}

#[test]
fn duplicate_person_id_names_the_first_row() {
    let e = errs(
        &PERSONS,
        "persons.csv",
        "person_id,full_name,status\nP1,A,active\nP2,B,active\n\nP1,A again,left\nP1,A thrice,left\n",
    );
    assert_eq!(
        summary(&e),
        vec![
            s("persons.csv", 5, Some("person_id"), Some("P1"), "duplicate_key"),
            s("persons.csv", 6, Some("person_id"), Some("P1"), "duplicate_key"),
        ]
    );
    assert_eq!(e[0].problem, Problem::DuplicateKey { first_row: 2 });
    assert_eq!(e[1].problem, Problem::DuplicateKey { first_row: 2 });
    assert!(e[0].to_string().contains("trùng khóa với dòng 2"), "{}", e[0]);
    assert!(e[0].to_string().contains("same as row 2"), "{}", e[0]);
    // Keys are compared after trimming.
    let e = errs(&PERSONS, "persons.csv", "person_id,full_name,status\nP1,A,active\n P1 ,B,active\n");
    assert_eq!(summary(&e), vec![s("persons.csv", 3, Some("person_id"), Some("P1"), "duplicate_key")]);
}

#[test]
fn duplicate_account_key_is_system_and_username() {
    let e = errs(
        &ACCOUNTS,
        "accounts.csv",
        "system_id,username,kind,status\n\
         VNACCS,an,user,active\n\
         HRM,an,user,active\n\
         VNACCS,binh,user,active\n\
         VNACCS,an,admin,disabled\n",
    );
    assert_eq!(summary(&e), vec![s("accounts.csv", 5, Some("system_id+username"), Some("VNACCS/an"), "duplicate_key")]);
    assert_eq!(e[0].problem, Problem::DuplicateKey { first_row: 2 });
}

#[test]
fn duplicate_keys_in_every_kind() {
    let cases: [(&'static KindSchema, &str, &str, &str, usize); 5] = [
        (&UNITS, "code,name\nU1,a\nU2,b\nU1,c\n", "code", "U1", 2),
        (
            &HR_EVENTS,
            "event_id,person_id,kind,effective_date\nE1,P1,hire,2025-01-01\nE1,P2,hire,2025-01-01\n",
            "event_id",
            "E1",
            2,
        ),
        (&SYSTEMS, "system_id,name,in_operation\nS0,n,yes\nS1,n,yes\nS1,m,no\n", "system_id", "S1", 3),
        (&ACCOUNT_EXCEPTIONS, "exception_id,system_id,username\nX1,S,u\nX1,S,v\n", "exception_id", "X1", 2),
        (&HOLIDAYS, "date,kind\n2025-01-01,holiday\n01/01/2025,workday\n", "date", "2025-01-01", 2),
    ];
    for (kind, csv, column, value, first_row) in cases {
        let file = format!("{}.csv", kind.name);
        let e = errs(kind, &file, csv);
        let last = csv.lines().count();
        assert_eq!(summary(&e), vec![s(&file, last, Some(column), Some(value), "duplicate_key")], "{}", kind.name);
        assert_eq!(e[0].problem, Problem::DuplicateKey { first_row });
    }
}

#[test]
fn duplicate_keys_are_found_on_rows_with_other_errors() {
    let e = errs(&PERSONS, "persons.csv", "person_id,full_name,status\nP1,A,bad\nP1,,active\n,C,left\n,D,left\n");
    assert_eq!(
        summary(&e),
        vec![
            s("persons.csv", 2, Some("status"), Some("bad"), "not_one_of"),
            s("persons.csv", 3, Some("full_name"), Some(""), "required"),
            s("persons.csv", 3, Some("person_id"), Some("P1"), "duplicate_key"),
            // A blank key is not a duplicate of another blank key.
            s("persons.csv", 4, Some("person_id"), Some(""), "required"),
            s("persons.csv", 5, Some("person_id"), Some(""), "required"),
        ]
    );
    assert_eq!(e[2].problem, Problem::DuplicateKey { first_row: 2 });
}

#[test]
fn every_bad_row_is_reported_in_row_order_and_no_table() {
    let csv = "system_id,username,kind,status,created_on,last_login_at,shared\n\
               S,a,user,active,2025-01-01,,no\n\
               S,b,user,actve,2025-02-30,,\n\
               S,c,user\n\
               S,d,user,active,,yesterday,maybe\n\
               \n\
               S,a,admin,active,,,\n\
               S,e,user,active,,,\n\
               S,f,,active,,,,oops\n\
               S,g,user,,hôm qua,,\n";
    let e = errs(&ACCOUNTS, "accounts.csv", csv);
    assert_eq!(
        summary(&e),
        vec![
            s("accounts.csv", 3, Some("status"), Some("actve"), "not_one_of"),
            s("accounts.csv", 3, Some("created_on"), Some("2025-02-30"), "not_date"),
            s("accounts.csv", 4, None, None, "field_count"),
            s("accounts.csv", 5, Some("last_login_at"), Some("yesterday"), "not_timestamp"),
            s("accounts.csv", 5, Some("shared"), Some("maybe"), "not_bool"),
            s("accounts.csv", 7, Some("system_id+username"), Some("S/a"), "duplicate_key"),
            s("accounts.csv", 9, None, None, "field_count"),
            s("accounts.csv", 10, Some("created_on"), Some("hôm qua"), "not_date"),
            s("accounts.csv", 10, Some("status"), Some(""), "required"),
        ]
    );
    let rows: Vec<usize> = e.iter().map(|e| e.row).collect();
    let mut sorted = rows.clone();
    sorted.sort_unstable();
    assert_eq!(rows, sorted);
    assert!(e.iter().all(|e| e.file == "accounts.csv"));
}

#[test]
fn error_display_format() {
    let e = ImportError {
        file: "accounts.csv".into(),
        row: 17,
        column: Some("status".into()),
        value: Some("actve".into()),
        problem: Problem::NotOneOf { allowed: vec!["active".into(), "disabled".into()] },
    };
    assert_eq!(
        e.to_string(),
        "accounts.csv:17: status = \"actve\": giá trị không hợp lệ; phải là một trong: active, disabled / \
         invalid value; expected one of: active, disabled"
    );
    let e = ImportError { column: None, value: None, row: 0, problem: Problem::NotUtf8, ..e };
    assert_eq!(
        e.to_string(),
        "accounts.csv: không phải văn bản UTF-8; hãy lưu tệp dạng \"CSV UTF-8\" / not UTF-8 text; save the file as \"CSV UTF-8\""
    );
}

// ---------------------------------------------------------------------------
// parse_file dispatch
// ---------------------------------------------------------------------------

#[test]
fn parse_file_chooses_by_extension() {
    let csv = b"date,kind\n2025-01-01,holiday\n";
    for name in ["holidays.csv", "holidays.CSV", "holidays.txt", "holidays"] {
        assert_eq!(ok_bytes(&HOLIDAYS, name, csv).rows.len(), 1, "{name}");
    }
    let xlsx =
        workbook(&[sheet("holidays", vec![header_cells(&["date", "kind"]), vec![X::D(2025, 1, 1), X::S("holiday")]])]);
    for name in ["holidays.xlsx", "HOLIDAYS.XLSX", "dir/Holidays.Xlsx"] {
        let t = ok_bytes(&HOLIDAYS, name, &xlsx);
        assert_eq!(t.file, name);
        assert_eq!(t.rows, vec![vec![date(2025, 1, 1), text("holiday"), Value::Null]]);
    }
    // parse_csv and parse_xlsx directly.
    assert_eq!(parse_csv(&HOLIDAYS, "h", csv).unwrap().rows.len(), 1);
    assert_eq!(parse_xlsx(&HOLIDAYS, "h", &xlsx).unwrap().rows.len(), 1);
    // An XLSX named .csv is not valid CSV text.
    assert!(parse_file(&HOLIDAYS, "holidays.csv", &xlsx).is_err());
}

// ---------------------------------------------------------------------------
// XLSX
// ---------------------------------------------------------------------------

#[test]
fn xlsx_persons_typed_cells() {
    let bytes = workbook(&[sheet(
        "Sheet1",
        vec![
            header_cells(&[
                "Mã cán bộ",
                "Họ và tên",
                "unit_code",
                "status",
                "sensitive_position",
                "hired_on",
                "nda_signed_on",
            ]),
            vec![
                X::N(12345.0),
                X::S("Nguyễn Văn An"),
                X::N(101.0),
                X::S("Active"),
                X::B(true),
                X::D(2010, 2, 1),
                X::S("15/01/2024"),
            ],
            vec![
                X::S("012345"),
                X::S("Trần Thị Bình"),
                X::S("HQHN"),
                X::S("left"),
                X::B(false),
                X::S("2011-03-04"),
                X::E,
            ],
            vec![X::N(7.5), X::S("Lê C"), X::E, X::S("active"), X::S("có"), X::Dt(2012, 5, 6, 9, 10, 11), X::E],
        ],
    )]);
    let t = ok_bytes(&PERSONS, "persons.xlsx", &bytes);
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    assert_eq!(t.file, "persons.xlsx");
    assert_eq!(t.rows.len(), 3);
    assert_row(
        &t,
        0,
        &[
            ("person_id", text("12345")),
            ("full_name", text("Nguyễn Văn An")),
            ("unit_code", text("101")),
            ("status", text("active")),
            ("sensitive_position", Value::Bool(true)),
            ("hired_on", date(2010, 2, 1)),
            ("nda_signed_on", date(2024, 1, 15)),
        ],
    );
    assert_row(
        &t,
        1,
        &[
            ("person_id", text("012345")),
            ("full_name", text("Trần Thị Bình")),
            ("unit_code", text("HQHN")),
            ("status", text("left")),
            ("sensitive_position", Value::Bool(false)),
            ("hired_on", date(2011, 3, 4)),
        ],
    );
    // A date-time cell in a date column keeps its date.
    assert_row(
        &t,
        2,
        &[
            ("person_id", text("7.5")),
            ("full_name", text("Lê C")),
            ("status", text("active")),
            ("sensitive_position", Value::Bool(true)),
            ("hired_on", date(2012, 5, 6)),
        ],
    );
}

#[test]
fn xlsx_accounts_in_a_sheet_named_after_the_kind() {
    let accounts = vec![
        header_cells(&[
            "system_id",
            "username",
            "kind",
            "shared",
            "responsible_person_ids",
            "status",
            "created_on",
            "rights_changed_on",
            "last_login_at",
            "password_changed_at",
        ]),
        vec![
            X::S("VNACCS"),
            X::S("ops"),
            X::S("ADMIN"),
            X::B(true),
            X::S("P1; P2"),
            X::S("active"),
            X::D(2020, 1, 2),
            X::D(2025, 2, 3),
            X::Dt(2025, 3, 7, 8, 30, 0),
            X::D(2025, 3, 1),
        ],
        vec![
            X::N(42.0),
            X::N(1001.0),
            X::S("user"),
            X::S("không"),
            X::E,
            X::S("Disabled"),
            X::S("02/01/2020"),
            X::E,
            X::S("07/03/2025 08:30:15"),
            X::S("2025-03-07T08:30:00Z"),
        ],
    ];
    let bytes = workbook(&[
        sheet("Hướng dẫn", vec![vec![X::S("Đây là hướng dẫn, không phải dữ liệu")]]),
        sheet("persons", vec![header_cells(&["person_id", "full_name", "status"])]),
        sheet("accounts", accounts),
    ]);
    let t = ok_bytes(&ACCOUNTS, "evidence.xlsx", &bytes);
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    assert_eq!(t.rows.len(), 2);
    assert_row(
        &t,
        0,
        &[
            ("system_id", text("VNACCS")),
            ("username", text("ops")),
            ("kind", text("admin")),
            ("shared", Value::Bool(true)),
            ("responsible_person_ids", list(&["P1", "P2"])),
            ("status", text("active")),
            ("created_on", date(2020, 1, 2)),
            ("rights_changed_on", date(2025, 2, 3)),
            // Excel date-times are Vietnam wall-clock time.
            ("last_login_at", ts("2025-03-07T01:30:00Z")),
            ("password_changed_at", ts("2025-02-28T17:00:00Z")),
        ],
    );
    assert_row(
        &t,
        1,
        &[
            ("system_id", text("42")),
            ("username", text("1001")),
            ("kind", text("user")),
            ("shared", Value::Bool(false)),
            ("status", text("disabled")),
            ("created_on", date(2020, 1, 2)),
            ("last_login_at", ts("2025-03-07T01:30:15Z")),
            ("password_changed_at", ts("2025-03-07T08:30:00Z")),
        ],
    );

    // The sheet name is matched case-insensitively and trimmed.
    let bytes = workbook(&[
        sheet("Sheet1", vec![header_cells(&["x"])]),
        sheet(" Holidays ", vec![header_cells(&["date", "kind"]), vec![X::D(2025, 4, 30), X::S("holiday")]]),
    ]);
    let t = ok_bytes(&HOLIDAYS, "holidays.xlsx", &bytes);
    assert_eq!(t.rows, vec![vec![date(2025, 4, 30), text("holiday"), Value::Null]]);
}

#[test]
fn xlsx_first_sheet_when_none_is_named_after_the_kind() {
    let bytes = workbook(&[
        sheet(
            "Danh sách",
            vec![header_cells(&["date", "kind", "name"]), vec![X::D(2025, 9, 2), X::S("holiday"), X::S("Quốc khánh")]],
        ),
        sheet("Khác", vec![header_cells(&["foo"]), vec![X::S("bar")]]),
    ]);
    let t = ok_bytes(&HOLIDAYS, "holidays.xlsx", &bytes);
    assert_eq!(t.rows, vec![vec![date(2025, 9, 2), text("holiday"), text("Quốc khánh")]]);
}

#[test]
fn xlsx_systems_level_as_number_and_booleans_as_cells() {
    let bytes = workbook(&[sheet(
        "systems",
        vec![
            header_cells(&[
                "Mã hệ thống",
                "Tên hệ thống",
                "Cấp độ",
                "Đang vận hành",
                "internet_facing",
                "level_approved_on",
                "in_operation_since",
            ]),
            vec![
                X::N(1.0),
                X::S("A"),
                X::N(3.0),
                X::B(true),
                X::B(false),
                X::D(2023, 6, 20),
                X::Dt(2014, 4, 1, 0, 0, 0),
            ],
            vec![X::S("S2"), X::S("B"), X::S("5"), X::S("Có"), X::N(1.0), X::E, X::E],
        ],
    )]);
    let t = ok_bytes(&SYSTEMS, "systems.xlsx", &bytes);
    assert_row(
        &t,
        0,
        &[
            ("system_id", text("1")),
            ("name", text("A")),
            ("level", Value::Int(3)),
            ("in_operation", Value::Bool(true)),
            ("internet_facing", Value::Bool(false)),
            ("level_approved_on", date(2023, 6, 20)),
            ("in_operation_since", date(2014, 4, 1)),
        ],
    );
    assert_row(
        &t,
        1,
        &[
            ("system_id", text("S2")),
            ("name", text("B")),
            ("level", Value::Int(5)),
            ("in_operation", Value::Bool(true)),
            ("internet_facing", Value::Bool(true)),
        ],
    );
}

#[test]
fn xlsx_bad_cells_report_their_spreadsheet_rows() {
    let bytes = workbook(&[sheet(
        "systems",
        vec![
            header_cells(&["system_id", "name", "level", "in_operation", "level_approved_on", "level_status"]),
            vec![X::S("S1"), X::S("A"), X::N(3.0), X::B(true), X::E, X::E],
            vec![X::S("S2"), X::S("B"), X::N(2.0), X::B(true), X::E, X::E],
            vec![X::S("S3"), X::S("C"), X::N(1.0), X::B(false), X::E, X::E],
            vec![X::S("S4"), X::S("D"), X::N(6.0), X::S("yes"), X::E, X::E],
            vec![X::S("S5"), X::S("E"), X::N(2.5), X::N(2.0), X::S("2025-02-30"), X::S("signed")],
            vec![X::S("S1"), X::E, X::E, X::B(true), X::E, X::E],
            vec![X::S("S3"), X::S("F"), X::E, X::B(true), X::N(45000.0), X::E],
        ],
    )]);
    let e = errs_bytes(&SYSTEMS, "systems.xlsx", &bytes);
    assert_eq!(
        summary(&e),
        vec![
            s("systems.xlsx", 5, Some("level"), Some("6"), "not_integer"),
            s("systems.xlsx", 6, Some("level"), Some("2.5"), "not_integer"),
            s("systems.xlsx", 6, Some("in_operation"), Some("2"), "not_bool"),
            s("systems.xlsx", 6, Some("level_approved_on"), Some("2025-02-30"), "not_date"),
            s("systems.xlsx", 6, Some("level_status"), Some("signed"), "not_one_of"),
            s("systems.xlsx", 7, Some("name"), Some(""), "required"),
            s("systems.xlsx", 7, Some("system_id"), Some("S1"), "duplicate_key"),
            // A plain number in a date column is not a date.
            s("systems.xlsx", 8, Some("level_approved_on"), Some("45000"), "not_date"),
            s("systems.xlsx", 8, Some("system_id"), Some("S3"), "duplicate_key"),
        ]
    );
    assert_eq!(e[6].problem, Problem::DuplicateKey { first_row: 2 });
    assert_eq!(e[8].problem, Problem::DuplicateKey { first_row: 4 });
    assert_eq!(
        e[0].to_string(),
        "systems.xlsx:5: level = \"6\": phải là số nguyên từ 1 đến 5 / must be an integer from 1 to 5"
    );
}

#[test]
fn xlsx_duplicate_key_names_the_first_spreadsheet_row() {
    let bytes = workbook(&[sheet(
        "accounts",
        vec![
            header_cells(&["system_id", "username", "kind", "status"]),
            vec![X::S("S"), X::N(1001.0), X::S("user"), X::S("active")],
            vec![X::E, X::E, X::E, X::E],
            vec![X::S("S"), X::S("1001"), X::S("admin"), X::S("active")],
        ],
    )]);
    let e = errs_bytes(&ACCOUNTS, "accounts.xlsx", &bytes);
    assert_eq!(summary(&e), vec![s("accounts.xlsx", 4, Some("system_id+username"), Some("S/1001"), "duplicate_key")]);
    assert_eq!(e[0].problem, Problem::DuplicateKey { first_row: 2 });
}

#[test]
fn xlsx_blank_rows_are_skipped_but_counted() {
    let mut rows =
        vec![header_cells(&["person_id", "full_name", "status"]), vec![X::S("P1"), X::S("A"), X::S("active")]];
    rows.push(vec![]);
    rows.push(vec![X::S(""), X::S("  "), X::E]);
    rows.push(vec![X::S("P2"), X::S("B"), X::S("gone")]);
    let bytes = workbook(&[sheet("persons", rows)]);
    let e = errs_bytes(&PERSONS, "persons.xlsx", &bytes);
    assert_eq!(summary(&e), vec![s("persons.xlsx", 5, Some("status"), Some("gone"), "not_one_of")]);
}

#[test]
fn xlsx_header_below_blank_rows() {
    // Two blank rows above the header: header is row 3, data starts at row 4.
    let rows = vec![
        header_cells(&["person_id", "full_name", "status"]),
        vec![X::S("P1"), X::S("A"), X::S("active")],
        vec![X::S("P2"), X::S("B"), X::S("gone")],
        vec![X::S("P1"), X::S("C"), X::S("left")],
    ];
    let bytes = workbook(&[Sheet { name: "persons", origin: (2, 0), rows: rows.clone() }]);
    let e = errs_bytes(&PERSONS, "persons.xlsx", &bytes);
    assert_eq!(
        summary(&e),
        vec![
            s("persons.xlsx", 5, Some("status"), Some("gone"), "not_one_of"),
            s("persons.xlsx", 6, Some("person_id"), Some("P1"), "duplicate_key"),
        ]
    );
    assert_eq!(e[1].problem, Problem::DuplicateKey { first_row: 4 });

    // Also when the table starts in column C.
    let bytes = workbook(&[Sheet { name: "persons", origin: (2, 2), rows: rows.clone() }]);
    let e = errs_bytes(&PERSONS, "persons.xlsx", &bytes);
    assert_eq!(e.iter().map(|e| e.row).collect::<Vec<_>>(), vec![5, 6]);

    // Header problems are reported at the header's row (3), not row 1.
    let bytes = workbook(&[Sheet {
        name: "persons",
        origin: (2, 0),
        rows: vec![header_cells(&["person_id", "Ghi chú", "status"]), vec![X::S("P1"), X::S("x"), X::S("active")]],
    }]);
    let e = errs_bytes(&PERSONS, "persons.xlsx", &bytes);
    assert_eq!(summary(&e), vec![s("persons.xlsx", 3, Some("full_name"), None, MISSING_COLUMN)]);

    let bytes = workbook(&[Sheet {
        name: "persons",
        origin: (2, 0),
        rows: vec![
            header_cells(&["person_id", "full_name", "status", "Ghi chú"]),
            vec![X::S("P1"), X::S("A"), X::S("active"), X::S("x")],
        ],
    }]);
    let t = ok_bytes(&PERSONS, "persons.xlsx", &bytes);
    assert_eq!(t.warnings.len(), 1);
    assert_eq!(t.warnings[0].row, 3);
}

#[test]
fn xlsx_header_errors() {
    let missing =
        workbook(&[sheet("persons", vec![header_cells(&["person_id", "status"]), vec![X::S("P1"), X::S("active")]])]);
    let e = errs_bytes(&PERSONS, "persons.xlsx", &missing);
    assert_eq!(summary(&e), vec![s("persons.xlsx", 1, Some("full_name"), None, MISSING_COLUMN)]);

    let dup = workbook(&[sheet("persons", vec![header_cells(&["person_id", "full_name", "Ma can bo", "status"])])]);
    let e = errs_bytes(&PERSONS, "persons.xlsx", &dup);
    assert_eq!(summary(&e), vec![s("persons.xlsx", 1, Some("person_id"), Some("Ma can bo"), "duplicate_column")]);

    let unknown = workbook(&[sheet(
        "persons",
        vec![
            header_cells(&["person_id", "full_name", "status", "Ghi chú"]),
            vec![X::S("P1"), X::S("A"), X::S("active"), X::S("x")],
        ],
    )]);
    let t = ok_bytes(&PERSONS, "persons.xlsx", &unknown);
    assert_eq!(t.rows.len(), 1);
    assert_eq!(t.warnings.len(), 1);
    assert_eq!((t.warnings[0].file.as_str(), t.warnings[0].row), ("persons.xlsx", 1));
    assert!(t.warnings[0].message_en.contains("Ghi chú"));
}

#[test]
fn xlsx_empty_sheet() {
    let bytes = workbook(&[sheet("persons", vec![])]);
    let e = errs_bytes(&PERSONS, "persons.xlsx", &bytes);
    assert_eq!(summary(&e), vec![s("persons.xlsx", 0, None, None, "empty")]);
}

#[test]
fn xlsx_header_only() {
    let bytes = workbook(&[sheet("persons", vec![header_cells(&["person_id", "full_name", "status"])])]);
    let t = ok_bytes(&PERSONS, "persons.xlsx", &bytes);
    assert!(t.rows.is_empty());
}

#[test]
fn xlsx_that_is_not_a_zip_is_unreadable() {
    for bytes in [&b"person_id,full_name,status\nP1,A,active\n"[..], &b""[..], &b"PK\x03\x04garbage"[..]] {
        let e = errs_bytes(&PERSONS, "persons.xlsx", bytes);
        assert_eq!(summary(&e), vec![s("persons.xlsx", 0, None, None, "unreadable")]);
        assert!(e[0].to_string().starts_with("persons.xlsx: không đọc được tệp ("), "{}", e[0]);
        assert!(e[0].to_string().contains(" / cannot read the file ("), "{}", e[0]);
    }
}

#[test]
fn xlsx_every_kind_round_trip_with_canonical_headers() {
    let cases: Vec<(&'static KindSchema, Vec<X>)> = vec![
        (&UNITS, vec![X::S("U1"), X::S("Đơn vị"), X::E, X::S("owner;operator")]),
        (
            &PERSONS,
            vec![
                X::S("P1"),
                X::S("A"),
                X::S("U1"),
                X::E,
                X::E,
                X::S("active"),
                X::B(true),
                X::D(2024, 1, 1),
                X::E,
                X::E,
            ],
        ),
        (&HR_EVENTS, vec![X::S("E1"), X::S("P1"), X::S("hire"), X::D(2024, 1, 1), X::N(12.0), X::E, X::S("U1")]),
        (
            &SYSTEMS,
            vec![
                X::S("S1"),
                X::S("n"),
                X::S("U1"),
                X::S("U1"),
                X::S("U1"),
                X::N(2.0),
                X::S("approved"),
                X::S("U1"),
                X::D(2024, 1, 1),
                X::B(true),
                X::D(2024, 1, 1),
                X::B(false),
                X::B(false),
                X::B(true),
            ],
        ),
        (
            &ACCOUNTS,
            vec![
                X::S("S1"),
                X::S("u"),
                X::S("user"),
                X::B(false),
                X::S("P1"),
                X::E,
                X::S("active"),
                X::D(2024, 1, 1),
                X::E,
                X::E,
                X::Dt(2024, 1, 1, 7, 0, 0),
                X::E,
                X::S("a;b"),
            ],
        ),
        (
            &ACCOUNT_EXCEPTIONS,
            vec![
                X::S("X1"),
                X::S("S1"),
                X::S("u"),
                X::S("U1"),
                X::S("lý do"),
                X::S("đọc"),
                X::D(2024, 1, 1),
                X::D(2024, 2, 1),
                X::E,
            ],
        ),
        (&HOLIDAYS, vec![X::D(2024, 1, 1), X::S("holiday"), X::S("Tết Dương lịch")]),
    ];
    for (kind, cells) in cases {
        assert_eq!(cells.len(), kind.columns.len(), "{}", kind.name);
        let names: Vec<&'static str> = kind.columns.iter().map(|c| c.name).collect();
        let bytes = workbook(&[sheet(kind.name, vec![header_cells(&names), cells.clone()])]);
        let file = format!("{}.xlsx", kind.name);
        let t = ok_bytes(kind, &file, &bytes);
        assert_eq!(t.rows.len(), 1, "{}", kind.name);
        assert!(t.warnings.is_empty(), "{}: {:?}", kind.name, t.warnings);
        // Every present cell gave a value; every blank cell is Null.
        let row = &t.rows[0];
        for (i, c) in kind.columns.iter().enumerate() {
            assert_eq!(row[i].is_null(), matches!(cells[i], X::E), "{}.{}: {:?}", kind.name, c.name, row[i]);
        }
    }
    // Spot checks.
    let bytes = workbook(&[sheet(
        "accounts",
        vec![
            header_cells(&["system_id", "username", "kind", "status", "last_login_at"]),
            vec![X::S("S1"), X::S("u"), X::S("user"), X::S("active"), X::Dt(2024, 1, 1, 7, 0, 0)],
        ],
    )]);
    assert_eq!(col(&ok_bytes(&ACCOUNTS, "a.xlsx", &bytes), 0, "last_login_at"), ts("2024-01-01T00:00:00Z"));
}
