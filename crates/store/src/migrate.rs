//! Embedded, per-backend migrations, applied in order on open.

/// `(version, sql)` for SQLite.
pub const SQLITE: &[(i64, &str)] =
    &[(1, include_str!("../migrations/sqlite/0001_init.sql")), (6, include_str!("../migrations/sqlite/0006_tlog.sql"))];
/// `(version, sql)` for PostgreSQL.
pub const POSTGRES: &[(i64, &str)] = &[
    (1, include_str!("../migrations/postgres/0001_init.sql")),
    (6, include_str!("../migrations/postgres/0006_tlog.sql")),
];

/// The newest migration this build knows.
#[must_use]
pub fn latest(migrations: &[(i64, &str)]) -> i64 {
    migrations.iter().map(|(v, _)| *v).max().unwrap_or(0)
}
