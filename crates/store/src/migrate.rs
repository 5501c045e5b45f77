//! Embedded, per-backend migrations, applied in order on open.
//!
//! Every migration not yet recorded in `schema_migrations` is applied, in
//! version order (not only those above the highest applied one: features
//! developed in parallel may land with interleaved numbers).

/// `(version, sql)` for SQLite.
pub const SQLITE: &[(i64, &str)] = &[
    (1, include_str!("../migrations/sqlite/0001_init.sql")),
    (2, include_str!("../migrations/sqlite/0002_ops.sql")),
    (3, include_str!("../migrations/sqlite/0003_scan.sql")),
    (4, include_str!("../migrations/sqlite/0004_org_a.sql")),
    (5, include_str!("../migrations/sqlite/0005_vendors_ir.sql")),
    (6, include_str!("../migrations/sqlite/0006_tlog.sql")),
    (7, include_str!("../migrations/sqlite/0007_web.sql")),
    (9, include_str!("../migrations/sqlite/0009_audit_log.sql")),
];
/// `(version, sql)` for PostgreSQL.
pub const POSTGRES: &[(i64, &str)] = &[
    (1, include_str!("../migrations/postgres/0001_init.sql")),
    (2, include_str!("../migrations/postgres/0002_ops.sql")),
    (3, include_str!("../migrations/postgres/0003_scan.sql")),
    (4, include_str!("../migrations/postgres/0004_org_a.sql")),
    (5, include_str!("../migrations/postgres/0005_vendors_ir.sql")),
    (6, include_str!("../migrations/postgres/0006_tlog.sql")),
    (7, include_str!("../migrations/postgres/0007_web.sql")),
    (9, include_str!("../migrations/postgres/0009_audit_log.sql")),
];

/// The newest migration this build knows.
#[must_use]
pub fn latest(migrations: &[(i64, &str)]) -> i64 {
    migrations.iter().map(|(v, _)| *v).max().unwrap_or(0)
}

/// Migrations not yet applied, in version order.
pub fn pending<'a>(migrations: &'a [(i64, &'a str)], applied: &[i64]) -> Vec<(i64, &'a str)> {
    let mut v: Vec<(i64, &str)> = migrations.iter().filter(|(m, _)| !applied.contains(m)).copied().collect();
    v.sort_by_key(|(m, _)| *m);
    v
}

/// An applied version this build does not know (a newer tuanthu wrote the database).
#[must_use]
pub fn unknown(migrations: &[(i64, &str)], applied: &[i64]) -> Option<i64> {
    applied.iter().copied().find(|a| !migrations.iter().any(|(m, _)| m == a))
}
