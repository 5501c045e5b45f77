//! The same store tests on SQLite and on a real PostgreSQL.
//!
//! PostgreSQL comes from `TUANTHU_TEST_PG_URL` (default: the local server,
//! `postgres://postgres@127.0.0.1:5432/postgres`); each test makes its own
//! throwaway database. Set `TUANTHU_SKIP_PG=1` only on a machine without
//! PostgreSQL — CI never does.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, NaiveDate, Utc};
use tuanthu_core::engine::Counts;
use tuanthu_core::evidence::schema::{self, Value, ALL_KINDS};
use tuanthu_core::{Finding, Status, SubjectKind};
use tuanthu_store::scratch::ScratchPg;
use tuanthu_store::{CheckRun, ImportMode, ImportTable, Store};

struct Backend {
    name: &'static str,
    store: Store,
    _keep: Keep,
}

enum Keep {
    Dir(#[allow(dead_code)] tempfile::TempDir),
    Pg(#[allow(dead_code)] ScratchPg),
}

fn backends(label: &str) -> Vec<Backend> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("t.db").display());
    let mut out = vec![Backend { name: "sqlite", store: Store::open(&url).unwrap(), _keep: Keep::Dir(dir) }];
    if std::env::var_os("TUANTHU_SKIP_PG").is_none() {
        let pg = ScratchPg::create(label).unwrap_or_else(|e| {
            panic!(
                "PostgreSQL is required for these tests ({}): {e}. Start it, set TUANTHU_TEST_PG_URL, or set TUANTHU_SKIP_PG=1 on a machine without it.",
                tuanthu_store::scratch::admin_url()
            )
        });
        let store = Store::open(pg.url()).unwrap();
        out.push(Backend { name: "postgres", store, _keep: Keep::Pg(pg) });
    }
    out
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn txt(s: &str) -> Value {
    Value::Text(s.into())
}

fn account_row(user: &str, status: &str) -> Vec<Value> {
    vec![
        txt("SYS-1"),
        txt(user),
        txt("admin"),
        Value::Bool(true),
        Value::Null,
        Value::List(vec!["HQ1".into(), "HQ2".into()]),
        txt(status),
        Value::Date(d("2020-01-31")),
        Value::Null,
        Value::Date(d("2025-03-14")),
        Value::Timestamp(t("2025-03-07T01:30:15Z")),
        Value::Null,
        Value::List(vec!["quản trị hệ thống".into(), "sysadmin".into()]),
    ]
}

fn system_row(id: &str) -> Vec<Value> {
    vec![
        txt(id),
        txt("Hệ thống thông quan điện tử"),
        txt("CHQ"),
        txt("CNTT"),
        txt("CNTT"),
        Value::Int(4),
        txt("approved"),
        txt("BTC"),
        Value::Date(d("2021-05-01")),
        Value::Bool(true),
        Value::Null,
        Value::Bool(false),
        Value::Null,
        Value::Bool(true),
    ]
}

#[test]
fn import_then_load_round_trips_every_value_type_on_both_backends() {
    for mut b in backends("roundtrip") {
        let accounts = vec![account_row("root", "active"), account_row("annv", "disabled")];
        let systems = vec![system_row("SYS-1")];
        b.store
            .import(
                &[
                    ImportTable { kind: &schema::SYSTEMS, source: "systems.csv", rows: &systems, scope: None },
                    ImportTable { kind: &schema::ACCOUNTS, source: "accounts.csv", rows: &accounts, scope: None },
                ],
                ImportMode::Replace,
                &mut |_| {},
            )
            .unwrap();
        assert_eq!(b.store.load_rows(&schema::ACCOUNTS).unwrap(), accounts, "{}", b.name);
        assert_eq!(b.store.load_rows(&schema::SYSTEMS).unwrap(), systems, "{}", b.name);
        let snap = b.store.load_snapshot().unwrap();
        assert_eq!(snap.accounts.len(), 2);
        assert_eq!(snap.systems[0].level, Some(4));
    }
}

#[test]
fn replace_swaps_a_kind_and_merge_upserts_by_key() {
    for mut b in backends("merge") {
        let first = vec![account_row("a", "active"), account_row("b", "active")];
        b.store
            .import(
                &[ImportTable { kind: &schema::ACCOUNTS, source: "1", rows: &first, scope: None }],
                ImportMode::Replace,
                &mut |_| {},
            )
            .unwrap();
        let second = vec![account_row("b", "disabled"), account_row("c", "active")];
        b.store
            .import(
                &[ImportTable { kind: &schema::ACCOUNTS, source: "2", rows: &second, scope: None }],
                ImportMode::Merge,
                &mut |_| {},
            )
            .unwrap();
        let rows = b.store.load_rows(&schema::ACCOUNTS).unwrap();
        let names: Vec<(String, String)> = rows.iter().map(|r| (r[1].to_text(), r[6].to_text())).collect();
        assert_eq!(
            names,
            vec![("a".into(), "active".into()), ("b".into(), "disabled".into()), ("c".into(), "active".into())],
            "{}",
            b.name
        );
        b.store
            .import(
                &[ImportTable { kind: &schema::ACCOUNTS, source: "3", rows: &second, scope: None }],
                ImportMode::Replace,
                &mut |_| {},
            )
            .unwrap();
        assert_eq!(b.store.count_rows(&schema::ACCOUNTS).unwrap(), 2, "{}", b.name);
    }
}

#[test]
fn a_failing_import_writes_nothing_at_all() {
    for mut b in backends("atomic") {
        let good = vec![system_row("OLD")];
        b.store
            .import(
                &[ImportTable { kind: &schema::SYSTEMS, source: "s", rows: &good, scope: None }],
                ImportMode::Replace,
                &mut |_| {},
            )
            .unwrap();
        // The second table breaks a NOT NULL column: the first must roll back too.
        let new_systems = vec![system_row("NEW")];
        let mut bad = account_row("x", "active");
        bad[6] = Value::Null;
        let result = b.store.import(
            &[
                ImportTable { kind: &schema::SYSTEMS, source: "s", rows: &new_systems, scope: None },
                ImportTable { kind: &schema::ACCOUNTS, source: "a", rows: &[bad], scope: None },
            ],
            ImportMode::Replace,
            &mut |_| {},
        );
        assert!(result.is_err(), "{}", b.name);
        let rows = b.store.load_rows(&schema::SYSTEMS).unwrap();
        assert_eq!(rows.len(), 1, "{}", b.name);
        assert_eq!(rows[0][0], txt("OLD"), "{}", b.name);
        assert_eq!(b.store.count_rows(&schema::ACCOUNTS).unwrap(), 0, "{}", b.name);
    }
}

#[test]
fn every_kind_has_a_table_with_the_schema_columns() {
    for mut b in backends("schema") {
        for kind in ALL_KINDS {
            // Loading selects every schema column by name: a missing one fails.
            b.store.load_rows(kind).unwrap_or_else(|e| panic!("{} {}: {e}", b.name, kind.name));
        }
    }
}

#[test]
fn check_runs_keep_attention_findings_and_counts() {
    for mut b in backends("runs") {
        let mut fail = Finding::new(Status::Fail, SubjectKind::Account, "SYS-1/annv")
            .due(Some(d("2025-03-12")))
            .message("vi", "en")
            .evidence("accounts/SYS-1/annv")
            .evidence("hr_events/E1")
            .units(&["KV01".into(), "CNTT".into()]);
        fail.rule = "ACCT-REVOKE-EXIT".into();
        fail.cite = "Điều 11.1.c".into();
        fail.overdue_days = Some(8);
        let mut pass = Finding::new(Status::Pass, SubjectKind::System, "SYS-1").units(&["CNTT".into()]);
        pass.rule = "SYS-ROLES".into();
        pass.cite = "Điều 5.2-5.4".into();
        let run = CheckRun {
            started_at: t("2025-03-20T02:00:00Z"),
            as_of: d("2025-03-20"),
            pack_id: "qd-1048-tchq-2020".into(),
            rules: vec![],
        };
        let mut counts = Counts::default();
        counts.add(&fail);
        counts.add(&pass);
        let id1 = b.store.record_run(&run, &[fail.clone(), pass.clone()], &counts).unwrap();
        let mut counts2 = Counts::default();
        counts2.add(&pass);
        let id2 = b.store.record_run(&run, &[pass.clone()], &counts2).unwrap();
        assert!(id2 > id1);
        assert_eq!(b.store.run_findings(id1).unwrap(), vec![fail.clone()], "{}", b.name);
        assert!(b.store.run_findings(id2).unwrap().is_empty());
        let runs = b.store.runs(10).unwrap();
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].id, id2, "newest first");
        assert_eq!(runs[1].finding_count, 2);
        assert_eq!(
            runs[1].counts,
            vec![
                ("ACCT-REVOKE-EXIT".to_string(), "fail".to_string(), 1),
                ("SYS-ROLES".to_string(), "pass".to_string(), 1)
            ],
            "{}",
            b.name
        );
    }
}

#[test]
fn reopening_a_database_does_not_rerun_migrations() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("t.db").display());
    let mut s = Store::open(&url).unwrap();
    let rows = vec![system_row("S")];
    s.import(
        &[ImportTable { kind: &schema::SYSTEMS, source: "s", rows: &rows, scope: None }],
        ImportMode::Replace,
        &mut |_| {},
    )
    .unwrap();
    drop(s);
    let mut s = Store::open(&url).unwrap();
    assert_eq!(s.count_rows(&schema::SYSTEMS).unwrap(), 1);
    if std::env::var_os("TUANTHU_SKIP_PG").is_none() {
        let pg = ScratchPg::create("reopen").unwrap();
        drop(Store::open(pg.url()).unwrap());
        let mut s = Store::open(pg.url()).unwrap();
        assert_eq!(s.count_rows(&schema::SYSTEMS).unwrap(), 0);
    }
}

#[test]
fn a_scoped_replace_only_touches_that_systems_accounts() {
    for mut b in backends("scoped") {
        let mut other = account_row("x", "active");
        other[0] = txt("SYS-2");
        let first = vec![account_row("a", "active"), other];
        b.store
            .import(
                &[ImportTable { kind: &schema::ACCOUNTS, source: "1", rows: &first, scope: None }],
                ImportMode::Replace,
                &mut |_| {},
            )
            .unwrap();
        let ad = vec![account_row("b", "active")];
        b.store
            .import(
                &[ImportTable {
                    kind: &schema::ACCOUNTS,
                    source: "ad",
                    rows: &ad,
                    scope: Some(("system_id", "SYS-1")),
                }],
                ImportMode::Replace,
                &mut |_| {},
            )
            .unwrap();
        let rows = b.store.load_rows(&schema::ACCOUNTS).unwrap();
        let keys: Vec<String> = rows.iter().map(|r| format!("{}/{}", r[0].to_text(), r[1].to_text())).collect();
        assert_eq!(keys, vec!["SYS-2/x".to_string(), "SYS-1/b".to_string()], "{}", b.name);
    }
}
