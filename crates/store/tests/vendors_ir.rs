//! The third-party and response kinds (issue 5, part B) round-trip through
//! both backends, and load into the snapshot with their indexes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, NaiveDate, Utc};
use tuanthu_core::evidence::schema::{KindSchema, Value};
use tuanthu_core::evidence::schema_vendors_ir as v;
use tuanthu_store::scratch::ScratchPg;
use tuanthu_store::{ImportMode, ImportTable, Store};

fn stores(label: &str) -> Vec<(Store, Box<dyn std::any::Any>)> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("t.db").display());
    let mut out: Vec<(Store, Box<dyn std::any::Any>)> = vec![(Store::open(&url).unwrap(), Box::new(dir))];
    if std::env::var_os("TUANTHU_SKIP_PG").is_none() {
        let pg = ScratchPg::create(label).unwrap();
        out.push((Store::open(pg.url()).unwrap(), Box::new(pg)));
    }
    out
}

fn d(s: &str) -> Value {
    Value::Date(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
}

fn ts(s: &str) -> Value {
    Value::Timestamp(DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc))
}

fn s(x: &str) -> Value {
    Value::Text(x.into())
}

fn rows() -> Vec<(&'static KindSchema, Vec<Value>)> {
    vec![
        (&v::VENDORS, vec![s("V1"), s("Công ty FPT"), s("0101248141"), s("CNTT")]),
        (
            &v::CONTRACTS,
            vec![
                s("HD-01"),
                s("V1"),
                s("CNTT"),
                s("Vận hành"),
                Value::List(vec!["VNACCS".into(), "EMAIL".into()]),
                d("2023-12-20"),
                d("2024-01-01"),
                d("2026-12-31"),
                Value::Bool(true),
                Value::Bool(false),
                Value::Null,
                Value::Bool(true),
                Value::Bool(true),
                Value::List(vec!["configuration".into(), "logs".into()]),
                Value::Null,
                Value::Bool(true),
                d("2025-01-02"),
            ],
        ),
        (
            &v::VENDOR_STAFF,
            vec![s("V1"), s("Phạm Văn Đức"), s("HD-01"), s("Kỹ sư"), d("2024-01-05"), s("CNTT"), Value::Null],
        ),
        (
            &v::VENDOR_SERVICE_LOG,
            vec![s("L1"), s("V1"), s("HD-01"), s("Bảo trì"), d("2025-02-01"), s("không"), Value::Null, s("CNTT")],
        ),
        (&v::VENDOR_ACCOUNTS, vec![s("VNACCS"), s("nt.duc"), s("V1"), s("HD-01"), s("Phạm Văn Đức")]),
        (&v::MONITORING, vec![s("VNACCS"), s("24x7"), s("CNTT"), d("2021-01-01")]),
        (&v::FOCAL_POINTS, vec![s("CNTT"), s("P1"), s("leader"), d("2024-01-02"), Value::Null, s("12/QĐ")]),
        (
            &v::INCIDENTS,
            vec![
                s("SC-1"),
                s("VNACCS"),
                s("CNTT"),
                s("malware"),
                ts("2025-03-03T03:00:00Z"),
                ts("2025-03-04T01:30:15Z"),
                s("high"),
                s("closed"),
                Value::Null,
                s("Mã độc"),
            ],
        ),
        (
            &v::IR_PLANS,
            vec![
                s("KH-1"),
                s("CNTT"),
                s("Kế hoạch"),
                Value::List(vec!["VNACCS".into()]),
                d("2023-03-01"),
                d("2025-10-20"),
                Value::Int(12),
            ],
        ),
        (&v::DRILLS, vec![s("DT-1"), s("CNTT"), s("KH-1"), d("2025-04-10"), s("Ransomware"), s("passed")]),
        (&v::REPORTS, vec![s("BC-1"), s("annual"), s("CHQ"), s("2025"), d("2025-10-28"), s("1201/CHQ"), Value::Null]),
    ]
}

#[test]
fn every_kind_round_trips_and_loads_into_the_snapshot_on_both_backends() {
    for (mut store, _keep) in stores("vendors_ir") {
        let data = rows();
        let tables: Vec<ImportTable<'_>> = data
            .iter()
            .map(|(kind, row)| ImportTable { kind, source: "t.csv", rows: std::slice::from_ref(row), scope: None })
            .collect();
        store.import(&tables, ImportMode::Replace, &mut |_| {}).unwrap();
        for (kind, row) in &data {
            assert_eq!(&store.load_rows(kind).unwrap(), &vec![row.clone()], "{} on {}", kind.name, store.url());
        }
        let snap = store.load_snapshot().unwrap();
        assert_eq!(snap.contract("HD-01").unwrap().system_ids, vec!["VNACCS".to_string(), "EMAIL".to_string()]);
        assert_eq!(snap.contracts_of_vendor("V1").count(), 1);
        assert_eq!(snap.staff_of_vendor("V1").count(), 1);
        assert_eq!(snap.service_log_of_vendor("V1").count(), 1);
        assert!(snap.vendor_account("VNACCS", "nt.duc").is_some());
        assert!(snap.monitoring_of("VNACCS").is_some());
        assert_eq!(snap.focal_points_of("CNTT").count(), 1);
        assert_eq!(snap.ir_plans_of("CNTT").next().unwrap().drill_every_months, Some(12));
        assert_eq!(snap.drills_of("CNTT").count(), 1);
        assert_eq!(snap.reports_of("CHQ").next().unwrap().parsed_period().unwrap().year, 2025);
        assert_eq!(snap.incidents[0].reported_at.unwrap().to_rfc3339(), "2025-03-04T01:30:15+00:00");
        // Merge updates by key and keeps the other rows.
        let mut changed = data[1].1.clone();
        changed[9] = Value::Bool(true);
        store
            .import(
                &[ImportTable { kind: &v::CONTRACTS, source: "m.csv", rows: &[changed.clone()], scope: None }],
                ImportMode::Merge,
                &mut |_| {},
            )
            .unwrap();
        assert_eq!(store.load_rows(&v::CONTRACTS).unwrap(), vec![changed]);
    }
}

/// A database made by a build that knew only migration 0001, with a system.
const V1_SYSTEM: &str =
    "INSERT INTO \"systems\" (\"seq\", \"system_id\", \"name\", \"in_operation\") VALUES (0, 'S1', 'Một', TRUE)";

#[test]
fn migration_5_upgrades_a_database_of_migration_1_keeping_its_systems() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE \"schema_migrations\" (\"version\" INTEGER PRIMARY KEY, \"applied_at\" TEXT NOT NULL);
             INSERT INTO \"schema_migrations\" VALUES (1, '2025-01-01T00:00:00Z');",
        )
        .unwrap();
        conn.execute_batch(include_str!("../migrations/sqlite/0001_init.sql")).unwrap();
        conn.execute_batch(V1_SYSTEM).unwrap();
    }
    let mut store = Store::open(&format!("sqlite:{}", path.display())).unwrap();
    let snap = store.load_snapshot().unwrap();
    assert_eq!(snap.systems.len(), 1);
    assert_eq!(snap.systems[0].national_security, None);
    assert!(snap.contracts.is_empty());
    if std::env::var_os("TUANTHU_SKIP_PG").is_none() {
        let pg = ScratchPg::create("migrate5").unwrap();
        let mut c = postgres::Client::connect(pg.url(), postgres::NoTls).unwrap();
        c.batch_execute(
            "CREATE TABLE \"schema_migrations\" (\"version\" BIGINT PRIMARY KEY, \"applied_at\" TIMESTAMPTZ NOT NULL);
             INSERT INTO \"schema_migrations\" VALUES (1, now());",
        )
        .unwrap();
        c.batch_execute(include_str!("../migrations/postgres/0001_init.sql")).unwrap();
        c.batch_execute(V1_SYSTEM).unwrap();
        drop(c);
        let mut store = Store::open(pg.url()).unwrap();
        let snap = store.load_snapshot().unwrap();
        assert_eq!((snap.systems.len(), snap.systems[0].national_security), (1, None));
    }
}

#[test]
fn runs_keep_findings_about_contracts_vendor_staff_and_incidents() {
    use tuanthu_core::engine::Counts;
    use tuanthu_core::{Finding, Status, SubjectKind};
    use tuanthu_store::CheckRun;
    for (mut store, _keep) in stores("runs_vir") {
        let mut findings = Vec::new();
        for (kind, id) in [
            (SubjectKind::Contract, "HD-01"),
            (SubjectKind::VendorStaff, "V1/Phạm Văn Đức"),
            (SubjectKind::Incident, "SC-1"),
        ] {
            let mut f = Finding::new(Status::Fail, kind, id).message("vi", "en").evidence(format!("x/{id}"));
            f.rule = "VENDOR-STAFF".into();
            f.cite = "Điều 27.2".into();
            findings.push(f);
        }
        let mut counts = Counts::default();
        for f in &findings {
            counts.add(f);
        }
        let run = CheckRun {
            started_at: Utc::now(),
            as_of: NaiveDate::from_ymd_opt(2025, 11, 15).unwrap(),
            pack_id: "qd-1048-tchq-2020".into(),
            rules: vec![],
        };
        let id = store.record_run(&run, &findings, &counts).unwrap();
        assert_eq!(store.run_findings(id).unwrap(), findings, "{}", store.url());
    }
}
