//! Parsing the organisational evidence of issue 5 part A: Vietnamese headers,
//! enumerations and enumeration lists, bounded integers, lists of
//! `SYSTEM/username`, row numbers kept for cross-file checks.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use tuanthu_core::evidence::schema::{Value, ALL_KINDS};
use tuanthu_core::evidence::schema_org_a::{
    ACCESS_PATHS, APP_CONFIGS, ASSETS, HANDOVERS, PAST_ONLY, TRAININGS, TRAINING_NEEDS, ZONE_FLOWS,
};
use tuanthu_core::evidence::{records::Row, Asset, AssetRole, AssetStatus, Handover, ZoneFlow};
use tuanthu_ingest::{parse_csv, Problem};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn every_part_a_kind_is_importable_and_past_only_columns_are_date_columns() {
    for name in [
        "hr_reconciliations",
        "account_reviews",
        "lock_requests",
        "trainings",
        "training_needs",
        "handovers",
        "password_exposures",
        "assets",
        "asset_events",
        "local_admins",
        "removable_media_approvals",
        "app_configs",
        "access_paths",
        "network_zones",
        "zone_flows",
    ] {
        let kind = ALL_KINDS.iter().find(|k| k.name == name).unwrap_or_else(|| panic!("{name} not in ALL_KINDS"));
        assert!(kind.key.iter().all(|&k| kind.columns[k].required), "{name}: key columns are required");
        assert!(kind.columns.iter().all(|c| !c.vi.is_empty() && !c.doc.is_empty()), "{name}");
    }
    for (kind, column) in PAST_ONLY {
        let k = ALL_KINDS.iter().find(|k| k.name == *kind).unwrap();
        let c = &k.columns[k.index_of(column).unwrap()];
        assert_eq!(c.ty, tuanthu_core::evidence::ColType::Date, "{kind}.{column}");
    }
}

#[test]
fn assets_with_vietnamese_headers_roles_and_blank_booleans() {
    let csv = "Mã tài sản,Loại tài sản,Chủng loại,Vai trò,Cá nhân quản lý,Nối mạng,Kết nối Internet,Mã hóa dữ liệu,Tình trạng,Ngày tình trạng\n\
               PC-01,Hardware,desktop,Admin_PC; state_secret_pc,P1,có,không,,Active,15/01/2025\n";
    let t = parse_csv(&ASSETS, "assets.csv", csv.as_bytes()).unwrap();
    assert_eq!(t.row_numbers, vec![2]);
    let a = Asset::from_row(&Row::new("assets", &t.rows[0])).unwrap();
    assert_eq!(a.roles, vec![AssetRole::AdminPc, AssetRole::StateSecretPc]);
    assert_eq!((a.networked, a.internet_connected, a.encrypted), (Some(true), Some(false), None));
    assert_eq!((a.status, a.status_date), (AssetStatus::Active, Some(d("2025-01-15"))));
}

#[test]
fn unknown_role_or_category_names_the_allowed_values() {
    let csv = "asset_id,kind,category,roles,status\nPC-01,hardware,máy tính,admin_pc;quản trị,active\n";
    let e = parse_csv(&ASSETS, "assets.csv", csv.as_bytes()).unwrap_err();
    assert_eq!(e.len(), 2);
    assert_eq!((e[0].row, e[0].column.as_deref()), (2, Some("category")));
    assert!(e[0].problem.message_en().contains("desktop, laptop, server"));
    assert_eq!(e[1].column.as_deref(), Some("roles"));
    assert!(matches!(&e[1].problem, Problem::NotOneOf { allowed } if allowed.contains(&"state_secret_pc".to_string())));
    assert!(e[1].problem.message_vi().starts_with("giá trị không hợp lệ; phải là một trong"));
}

#[test]
fn app_configs_bounded_integers_and_protocol_lists() {
    let csv = "app_id,failed_login_limit,pwd_min_classes,remote_admin_protocols\nA,5,3,SSH;https\nB,-1,5,gopher\n";
    let e = parse_csv(&APP_CONFIGS, "app_configs.csv", csv.as_bytes()).unwrap_err();
    let cols: Vec<&str> = e.iter().map(|x| x.column.as_deref().unwrap()).collect();
    assert_eq!(cols, vec!["failed_login_limit", "pwd_min_classes", "remote_admin_protocols"]);
    assert!(e.iter().all(|x| x.row == 3));
    let t =
        parse_csv(&APP_CONFIGS, "app_configs.csv", "app_id,remote_admin_protocols\nA,SSH; https\n".as_bytes()).unwrap();
    assert_eq!(t.rows[0][11], Value::List(vec!["ssh".into(), "https".into()]));
}

#[test]
fn handovers_list_accounts_and_trainings_are_keyed_by_person_kind_and_date() {
    let csv =
        "Số biên bản,Mã cán bộ,Ngày bàn giao,Tài khoản bàn giao\nBB-1,P4,07/03/2025,SYS-A/kt_chung; SYS-B/adm01\n";
    let t = parse_csv(&HANDOVERS, "handovers.csv", csv.as_bytes()).unwrap();
    let h = Handover::from_row(&Row::new("handovers", &t.rows[0])).unwrap();
    assert_eq!(h.accounts, vec!["SYS-A/kt_chung".to_string(), "SYS-B/adm01".into()]);
    let csv = "person_id,kind,trained_on\nP1,basic,2025-01-10\nP1,basic,10/01/2025\n";
    let e = parse_csv(&TRAININGS, "trainings.csv", csv.as_bytes()).unwrap_err();
    assert_eq!((e[0].row, e[0].problem.code()), (3, "duplicate_key"));
    let e = parse_csv(&TRAINING_NEEDS, "training_needs.csv", "unit_code,year\nKV01,25\n".as_bytes()).unwrap_err();
    assert_eq!(e[0].problem.code(), "not_integer");
}

#[test]
fn zone_flows_default_to_allow_and_access_paths_need_a_method() {
    let t = parse_csv(
        &ZONE_FLOWS,
        "zone_flows.csv",
        "Từ vùng,Đến vùng,Hành động\nGUEST,INET,\nGUEST,WORK,Deny\n".as_bytes(),
    )
    .unwrap();
    let flows: Vec<ZoneFlow> = t.rows.iter().map(|r| ZoneFlow::from_row(&Row::new("zone_flows", r)).unwrap()).collect();
    assert!(flows[0].allow && !flows[1].allow);
    let e = parse_csv(
        &ACCESS_PATHS,
        "access_paths.csv",
        "path_id,system_id,from_internet,target,methods\nAP1,SYS,yes,internal_app,\n".as_bytes(),
    )
    .unwrap_err();
    assert_eq!((e[0].column.as_deref(), e[0].problem.code()), (Some("methods"), "required"));
}
