//! Native Active Directory exports (`--format ad-csv`), on hand-written
//! fixtures modelled on `Get-ADUser -Properties * | Export-Csv` output.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, NaiveDate, Utc};
use tuanthu_core::evidence::schema::{Value, ACCOUNTS};
use tuanthu_ingest::ad::{parse_ad_csv, AdOptions, Culture, DEFAULT_ADMIN_GROUPS};
use tuanthu_ingest::{ImportError, Problem, Table};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/ad/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn parse(name: &str, opts: &AdOptions) -> Result<Table, Vec<ImportError>> {
    parse_ad_csv(name, &fixture(name), opts)
}

fn ok(name: &str, opts: &AdOptions) -> Table {
    match parse(name, opts) {
        Ok(t) => t,
        Err(errors) => panic!("{name}: {}", errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")),
    }
}

fn opts() -> AdOptions {
    AdOptions::new("AD-HQ")
}

/// The row of `username`, as a map from ACCOUNTS column name to value.
fn account<'a>(t: &'a Table, username: &str) -> impl Fn(&str) -> Value + 'a {
    let u = ACCOUNTS.index_of("username").unwrap();
    let row = t.rows.iter().find(|r| r[u] == text(username)).unwrap_or_else(|| panic!("no account {username}"));
    move |col: &str| row[ACCOUNTS.index_of(col).unwrap_or_else(|| panic!("no column {col}"))].clone()
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

#[test]
fn culture_names_parse_case_insensitively() {
    assert_eq!(Culture::parse("en-US"), Some(Culture::EnUs));
    assert_eq!(Culture::parse("EN-us"), Some(Culture::EnUs));
    assert_eq!(Culture::parse("vi-VN"), Some(Culture::ViVn));
    assert_eq!(Culture::parse("vi-vn"), Some(Culture::ViVn));
    assert_eq!(Culture::parse("fr-FR"), None);
    let o = AdOptions::new("X");
    assert_eq!(o.culture, None);
    assert_eq!(o.admin_groups, DEFAULT_ADMIN_GROUPS.iter().map(|s| s.to_string()).collect::<Vec<_>>());
}

#[test]
fn en_us_utf8_with_type_line_and_multiline_member_of() {
    let t = ok("en_us_selected.csv", &opts());
    assert_eq!(t.kind.name, "accounts");
    assert_eq!(t.rows.len(), 6);
    assert!(t.rows.iter().all(|r| r.len() == ACCOUNTS.columns.len()));
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);

    let admin = account(&t, "Administrator");
    assert_eq!(admin("system_id"), text("AD-HQ"));
    assert_eq!(admin("kind"), text("admin"));
    assert_eq!(admin("shared"), Value::Bool(false));
    assert_eq!(admin("person_id"), Value::Null);
    assert_eq!(admin("responsible_person_ids"), list(&[]));
    assert_eq!(admin("status"), text("active"));
    assert_eq!(admin("created_on"), date(2019, 6, 12));
    assert_eq!(admin("disabled_on"), Value::Null);
    assert_eq!(admin("rights_changed_on"), Value::Null);
    // 10:22:01 AM Vietnam time = 03:22:01 UTC; 4:30:12 PM = 16:30:12 = 09:30:12 UTC.
    assert_eq!(admin("last_login_at"), ts("2026-03-15T03:22:01Z"));
    assert_eq!(admin("password_changed_at"), ts("2026-01-05T09:30:12Z"));
    assert_eq!(
        admin("privileges"),
        list(&["Group Policy Creator Owners", "Domain Admins", "Enterprise Admins", "Schema Admins", "Administrators"])
    );

    // A staff account: escaped comma in a group CN, created at 00:30 Vietnam
    // time (the previous day in UTC) — created_on is the Vietnamese date.
    let a = account(&t, "nguyenvana");
    assert_eq!(a("kind"), text("user"));
    assert_eq!(a("person_id"), text("HQ00123"));
    assert_eq!(a("privileges"), list(&["Phong CNTT, Cuc HQ", "VPN Users"]));
    assert_eq!(a("created_on"), date(2024, 1, 10));
    assert_eq!(a("last_login_at"), ts("2026-03-16T01:05:33Z"));
    assert_eq!(a("password_changed_at"), ts("2026-02-01T02:00:00Z"));

    // An SPN and no staff id: a service account.
    let svc = account(&t, "svc_sql");
    assert_eq!(svc("kind"), text("service"));
    assert_eq!(svc("last_login_at"), ts("2026-03-14T16:59:59Z"));
    assert_eq!(svc("privileges"), list(&["SQL Service Accounts"]));
}

#[test]
fn domain_admins_member_is_admin_even_without_admin_count() {
    let t = ok("en_us_selected.csv", &opts());
    let c = account(&t, "lethic");
    assert_eq!(c("kind"), text("admin"));
    // `;`-joined MemberOf; EmployeeNumber when EmployeeID is blank.
    assert_eq!(c("privileges"), list(&["Domain Admins", "VPN Users"]));
    assert_eq!(c("person_id"), text("HQ00456"));

    // Configured admin groups replace the defaults.
    let mut o = opts();
    o.admin_groups = vec!["vpn users".into()];
    let t = ok("en_us_selected.csv", &o);
    assert_eq!(account(&t, "nguyenvana")("kind"), text("admin"));
    assert_eq!(account(&t, "Administrator")("kind"), text("admin"), "adminCount = 1");
    assert_eq!(account(&t, "svc_sql")("kind"), text("service"));
}

#[test]
fn disabled_account_gets_disabled_on_from_when_changed() {
    let t = ok("en_us_selected.csv", &opts());
    let b = account(&t, "tranthib");
    assert_eq!(b("status"), text("disabled"));
    // whenChanged 3/2/2026 11:47:09 PM (Vietnam) → 2 March, not 3 March.
    assert_eq!(b("disabled_on"), date(2026, 3, 2));
    assert_eq!(b("privileges"), list(&[]));
    assert_eq!(b("last_login_at"), ts("2025-12-28T09:12:45Z"));

    let g = account(&t, "Guest");
    assert_eq!(g("status"), text("disabled"));
    assert_eq!(g("disabled_on"), date(2026, 2, 20));
    assert_eq!(g("last_login_at"), Value::Null);
    assert_eq!(g("password_changed_at"), Value::Null, "pwdLastSet 0");
    assert_eq!(g("kind"), text("user"));
}

#[test]
fn vi_vn_utf16le_with_sa_ch_times() {
    let bytes = fixture("vi_vn_unicode.csv");
    assert_eq!(&bytes[..2], b"\xff\xfe", "UTF-16 LE BOM");
    let t = ok("vi_vn_unicode.csv", &opts());
    assert_eq!(t.rows.len(), 3);

    let admin = account(&t, "Administrator");
    assert_eq!(admin("kind"), text("admin"), "adminCount = 1 although MemberOf is unexpanded");
    assert_eq!(admin("created_on"), date(2019, 6, 12));
    assert_eq!(admin("last_login_at"), ts("2026-03-15T03:22:01Z"));
    assert_eq!(admin("password_changed_at"), ts("2026-01-05T09:30:12Z"), "4:30:12 CH = 16:30:12");

    let d = account(&t, "phamvand");
    assert_eq!(d("kind"), text("user"));
    assert_eq!(d("person_id"), text("HQ01001"));
    assert_eq!(d("created_on"), date(2025, 2, 3), "03/02/2025 is 3 February; 12:05 SA is 00:05");
    assert_eq!(d("last_login_at"), ts("2026-03-14T05:10:00Z"), "12:10:00 CH is noon");
    assert_eq!(d("password_changed_at"), ts("2026-01-20T07:05:09Z"));
    assert_eq!(d("privileges"), Value::Null, "unexpanded collection = unknown");

    let e = account(&t, "hoangthie");
    assert_eq!(e("status"), text("disabled"));
    assert_eq!(e("disabled_on"), date(2026, 3, 1));
    assert_eq!(e("last_login_at"), Value::Null);

    // One warning per unexpanded column, not one per row.
    let member_of: Vec<_> = t.warnings.iter().filter(|w| w.message_en.contains("column MemberOf")).collect();
    let spn: Vec<_> = t.warnings.iter().filter(|w| w.message_en.contains("column ServicePrincipalNames")).collect();
    assert_eq!(member_of.len(), 1, "{:?}", t.warnings);
    assert_eq!(spn.len(), 1, "{:?}", t.warnings);
    assert_eq!(t.warnings.len(), 2, "{:?}", t.warnings);
    assert_eq!(member_of[0].row, 3, "first account row after #TYPE and header");
    assert!(member_of[0].message_en.contains("-join"));
}

#[test]
fn filetime_only_export_without_enabled_column() {
    let t = ok("filetime_only.csv", &opts());
    assert_eq!(t.rows.len(), 4);

    let a = account(&t, "admin2");
    assert_eq!(a("status"), text("active"), "userAccountControl 66048");
    assert_eq!(a("kind"), text("admin"), "member of Administrators");
    assert_eq!(a("privileges"), list(&["Administrators", "IT Staff"]));
    assert_eq!(a("person_id"), text("HQ00999"));
    assert_eq!(a("last_login_at"), ts("2025-03-21T03:06:40Z"), "FILETIME 133870000000000000");
    assert_eq!(a("password_changed_at"), ts("2025-03-18T05:46:40Z"), "FILETIME 133867504000000000");
    assert_eq!(a("created_on"), Value::Null);

    let n = account(&t, "newhire");
    assert_eq!(n("status"), text("active"), "userAccountControl 544 (PASSWD_NOTREQD)");
    assert_eq!(n("last_login_at"), Value::Null, "FILETIME 0 = never");
    assert_eq!(n("password_changed_at"), Value::Null, "pwdLastSet 0 = must change at next logon");

    let o = account(&t, "olduser");
    assert_eq!(o("status"), text("disabled"), "userAccountControl 514");
    assert_eq!(o("last_login_at"), Value::Null, "FILETIME i64::MAX = never");
    assert_eq!(o("password_changed_at"), ts("2019-04-17T18:40:00Z"));
    assert_eq!(o("disabled_on"), Value::Null, "no whenChanged column");

    let k = account(&t, "kiosk01");
    assert_eq!(k("status"), text("disabled"), "userAccountControl 66050");
    assert_eq!(k("last_login_at"), Value::Null, "blank");
    assert_eq!(k("person_id"), Value::Null);
    assert_eq!(k("password_changed_at"), ts("2024-09-05T08:53:20Z"));
}

#[test]
fn ambiguous_culture_is_an_error_never_a_guess() {
    let errors = parse("ambiguous.csv", &opts()).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let e = &errors[0];
    assert_eq!(e.row, 0);
    assert!(matches!(e.problem, Problem::Other { .. }));
    let msg = e.to_string();
    assert!(msg.contains("--culture en-US") && msg.contains("--culture vi-VN"), "{msg}");
    assert!(e.problem.message_vi().contains("--culture vi-VN"), "{msg}");
}

#[test]
fn explicit_culture_overrides_detection() {
    let mut o = opts();
    o.culture = Some(Culture::ViVn);
    let t = ok("ambiguous.csv", &o);
    assert_eq!(account(&t, "u1")("created_on"), date(2024, 3, 5));
    assert_eq!(account(&t, "u1")("password_changed_at"), ts("2026-01-02T10:30:00Z"));
    assert_eq!(account(&t, "u2")("disabled_on"), date(2026, 1, 12));

    o.culture = Some(Culture::EnUs);
    let t = ok("ambiguous.csv", &o);
    assert_eq!(account(&t, "u1")("created_on"), date(2024, 5, 3));
    assert_eq!(account(&t, "u2")("disabled_on"), date(2026, 12, 1));

    // Detection says en-US; a given vi-VN is applied as is, so the AM/PM
    // dates are row errors naming row, column and value.
    o.culture = Some(Culture::ViVn);
    let errors = parse("en_us_selected.csv", &o).unwrap_err();
    let e = errors.iter().find(|e| e.row == 3 && e.column.as_deref() == Some("whenCreated")).unwrap();
    assert_eq!(e.value.as_deref(), Some("6/12/2019 9:01:44 AM"));
    assert!(e.problem.message_en().contains("vi-VN"), "{e}");
}

#[test]
fn conflicting_dates_are_an_error() {
    let csv = "\"SamAccountName\",\"Enabled\",\"whenCreated\",\"LastLogonDate\"\r\n\
               \"a\",\"True\",\"3/15/2026 10:00:00 AM\",\"\"\r\n\
               \"b\",\"True\",\"15/03/2026 10:00:00\",\"\"\r\n";
    let errors = parse_ad_csv("c.csv", csv.as_bytes(), &opts()).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let msg = errors[0].to_string();
    assert!(msg.contains("3/15/2026 10:00:00 AM") && msg.contains("15/03/2026 10:00:00"), "{msg}");
    assert!(msg.contains("row 2") && msg.contains("row 3"), "{msg}");
}

#[test]
fn bad_rows_are_all_reported_with_spreadsheet_row_numbers() {
    let errors = parse("bad_rows.csv", &opts()).unwrap_err();
    let got: Vec<(usize, Option<&str>, Option<&str>, &str)> =
        errors.iter().map(|e| (e.row, e.column.as_deref(), e.value.as_deref(), e.problem.code())).collect();
    // #TYPE = row 1, header = row 2, nguyenvana = row 3 (three physical lines).
    assert_eq!(
        got,
        vec![
            (4, Some("PasswordLastSet"), Some("2/30/2026 9:00:00 AM"), "invalid"),
            (5, Some("SamAccountName"), Some(" "), "required"),
            (6, Some("Enabled"), Some("Maybe"), "not_bool"),
            (6, Some("SamAccountName"), Some("NguyenVanA"), "duplicate_key"),
        ],
        "{errors:#?}"
    );
    assert_eq!(errors[3].problem, Problem::DuplicateKey { first_row: 3 });
    let shown = errors[0].to_string();
    assert!(shown.starts_with("bad_rows.csv:4: PasswordLastSet = \"2/30/2026 9:00:00 AM\":"), "{shown}");
    assert!(shown.contains("en-US"), "{shown}");
}

#[test]
fn header_errors() {
    let no_sam = "#TYPE Microsoft.ActiveDirectory.Management.ADUser\r\n\"Name\",\"Enabled\"\r\n\"x\",\"True\"\r\n";
    let e = parse_ad_csv("h.csv", no_sam.as_bytes(), &opts()).unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!((e[0].row, e[0].column.as_deref(), &e[0].problem), (2, Some("SamAccountName"), &Problem::MissingColumn));

    let no_status = "\"samaccountname\",\"Name\"\r\n\"x\",\"x\"\r\n";
    let e = parse_ad_csv("h.csv", no_status.as_bytes(), &opts()).unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].row, 1);
    assert_eq!(e[0].problem, Problem::MissingColumn);
    assert!(e[0].column.as_deref().unwrap().contains("userAccountControl"));

    let e = parse_ad_csv("h.csv", b"", &opts()).unwrap_err();
    assert_eq!(e[0].problem, Problem::Empty);
}

#[test]
fn semicolon_delimited_and_iso_dates_need_no_culture() {
    // `Export-Csv -UseCulture` on a machine whose list separator is `;`, and
    // culture-free date forms (ISO, LDAP generalized time).
    let csv = "\"SamAccountName\";\"ENABLED\";\"whenCreated\";\"whenChanged\";\"userAccountControl\"\r\n\
               \"a\";\"False\";\"2026-03-05 23:30:00\";\"20260306020000.0Z\";\"512\"\r\n";
    let t = parse_ad_csv("s.csv", csv.as_bytes(), &opts()).unwrap();
    let a = account(&t, "a");
    assert_eq!(a("status"), text("disabled"), "Enabled wins over userAccountControl");
    assert_eq!(a("created_on"), date(2026, 3, 5));
    assert_eq!(a("disabled_on"), date(2026, 3, 6));
    assert_eq!(a("privileges"), Value::Null);
    assert_eq!(t.warnings.len(), 1, "no MemberOf column: {:?}", t.warnings);
}

#[test]
fn narrow_no_break_space_before_am_pm() {
    // .NET on ICU 72+ writes U+202F before AM/PM.
    let csv = "\"SamAccountName\",\"Enabled\",\"LastLogonDate\",\"MemberOf\"\r\n\
               \"a\",\"True\",\"3/5/2026 1:02:03\u{202f}PM\",\"\"\r\n";
    let t = parse_ad_csv("n.csv", csv.as_bytes(), &opts()).unwrap();
    assert_eq!(account(&t, "a")("last_login_at"), ts("2026-03-05T06:02:03Z"));
}

#[test]
fn a_system_is_required() {
    let e = parse("en_us_selected.csv", &AdOptions::new(" ")).unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].column.as_deref(), Some("system_id"));
}
