//! tuanthu-core: the domain of tuanthu, with no I/O.
//!
//! * [`evidence`] — what users import (units, persons, HR events, systems,
//!   accounts, exceptions, holidays): typed records, the column schema that
//!   drives import, storage and documentation, and the in-memory [`Snapshot`].
//! * [`calendar`] — the Vietnamese lunar calendar (UTC+7) and the working-day
//!   calendar of Bộ luật Lao động 2019 Điều 112.
//! * [`rulepack`] — rule packs (TOML data: ids, citations, texts, parameters).
//! * [`rules`] — the rule kinds, pure functions from evidence to findings.
//! * [`engine`] — `evaluate(pack, snapshot, as_of, calendar)`.
//! * [`password`] — the password policy of Điều 11.3.a (PWD-CHECK).

pub mod calendar;
pub mod engine;
pub mod evidence;
pub mod finding;
pub mod fxhash;
pub mod password;
pub mod rulepack;
pub mod rules;
pub mod text;

pub use calendar::Calendar;
pub use engine::evaluate;
pub use evidence::Snapshot;
pub use finding::{Finding, Status, SubjectKind};
pub use rulepack::RulePack;

/// Vietnam's civil time zone, UTC+7, in seconds. Dates "as of" a day and
/// timestamps given without an offset are read in this zone.
pub const VIETNAM_UTC_OFFSET_SECS: i32 = 7 * 3600;

/// The current date in Vietnam.
#[must_use]
pub fn today_in_vietnam() -> chrono::NaiveDate {
    let now = chrono::Utc::now();
    vietnam_date(now)
}

/// The Vietnamese civil date of an instant.
#[must_use]
pub fn vietnam_date(t: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    (t + chrono::Duration::seconds(i64::from(VIETNAM_UTC_OFFSET_SECS))).date_naive()
}
