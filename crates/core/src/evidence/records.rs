//! Typed evidence records, built from schema-validated rows.
//!
//! Rows reach these constructors only after the importer (or the store, which
//! only holds imported rows) has checked every value against
//! [`super::schema`], so a value of the wrong type here means a bug in the
//! schema or the store; it is reported as [`RowError`] rather than panicking.

use chrono::{DateTime, NaiveDate, Utc};

use super::schema::Value;

/// A stored row did not match the schema.
#[derive(Debug, thiserror::Error)]
#[error("column {column} of {kind}: expected {expected}, found {found:?}")]
pub struct RowError {
    pub kind: &'static str,
    pub column: usize,
    pub expected: &'static str,
    pub found: Value,
}

/// Typed access to the cells of one row.
pub struct Row<'a> {
    kind: &'static str,
    cells: &'a [Value],
}

impl<'a> Row<'a> {
    #[must_use]
    pub fn new(kind: &'static str, cells: &'a [Value]) -> Self {
        Row { kind, cells }
    }

    fn cell(&self, i: usize) -> &Value {
        self.cells.get(i).unwrap_or(&Value::Null)
    }

    fn err(&self, i: usize, expected: &'static str) -> RowError {
        RowError { kind: self.kind, column: i, expected, found: self.cell(i).clone() }
    }

    pub fn text(&self, i: usize) -> Result<String, RowError> {
        self.opt_text(i)?.ok_or_else(|| self.err(i, "text"))
    }

    pub fn opt_text(&self, i: usize) -> Result<Option<String>, RowError> {
        match self.cell(i) {
            Value::Null => Ok(None),
            Value::Text(s) if s.is_empty() => Ok(None),
            Value::Text(s) => Ok(Some(s.clone())),
            _ => Err(self.err(i, "text")),
        }
    }

    pub fn opt_int(&self, i: usize) -> Result<Option<i64>, RowError> {
        match self.cell(i) {
            Value::Null => Ok(None),
            Value::Int(v) => Ok(Some(*v)),
            _ => Err(self.err(i, "integer")),
        }
    }

    pub fn opt_bool(&self, i: usize) -> Result<Option<bool>, RowError> {
        match self.cell(i) {
            Value::Null => Ok(None),
            Value::Bool(v) => Ok(Some(*v)),
            _ => Err(self.err(i, "boolean")),
        }
    }

    pub fn opt_date(&self, i: usize) -> Result<Option<NaiveDate>, RowError> {
        match self.cell(i) {
            Value::Null => Ok(None),
            Value::Date(d) => Ok(Some(*d)),
            _ => Err(self.err(i, "date")),
        }
    }

    pub fn date(&self, i: usize) -> Result<NaiveDate, RowError> {
        self.opt_date(i)?.ok_or_else(|| self.err(i, "date"))
    }

    pub fn opt_timestamp(&self, i: usize) -> Result<Option<DateTime<Utc>>, RowError> {
        match self.cell(i) {
            Value::Null => Ok(None),
            Value::Timestamp(t) => Ok(Some(*t)),
            _ => Err(self.err(i, "timestamp")),
        }
    }

    pub fn list(&self, i: usize) -> Result<Vec<String>, RowError> {
        match self.cell(i) {
            Value::Null => Ok(Vec::new()),
            Value::List(items) => Ok(items.clone()),
            _ => Err(self.err(i, "list")),
        }
    }

    /// An enum column parsed with `parse`.
    pub fn enumerated<T>(&self, i: usize, parse: fn(&str) -> Option<T>) -> Result<T, RowError> {
        self.opt_text(i)?.as_deref().and_then(parse).ok_or_else(|| self.err(i, "enumerated value"))
    }

    pub fn opt_enumerated<T>(&self, i: usize, parse: fn(&str) -> Option<T>) -> Result<Option<T>, RowError> {
        match self.opt_text(i)? {
            None => Ok(None),
            Some(s) => parse(&s).map(Some).ok_or_else(|| self.err(i, "enumerated value")),
        }
    }
}

/// A closed set of lower-case names as an enum: `parse` (canonical name or an
/// accepted alias), `as_str` (canonical name) and `ALL` (schema order).
/// Shared by every evidence area.
macro_rules! str_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $text:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }
        impl $name {
            /// Every value, in schema order.
            #[allow(dead_code)]
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Parses the canonical lower-case name (or an accepted alias).
            #[must_use]
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text $(| $alias)* => Some(Self::$variant),)+ _ => None }
            }
            #[must_use]
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }
        }
    };
}
pub(crate) use str_enum;

str_enum!(
    /// Role of a unit under the regulation.
    UnitRole { CentralItSecurity = "central_it_security", SecurityUnit = "security_unit", Operator = "operator", Owner = "owner", Ministry = "ministry" }
);
str_enum!(PersonStatus { Active = "active", Left = "left" });
str_enum!(
    /// What an HR decision does.
    HrEventKind {
        Hire = "hire",
        TransferInternal = "transfer_internal",
        TransferCustoms = "transfer_customs",
        LeaveCustoms = "leave_customs",
        Resign = "resign",
        Retire = "retire",
        Appointment = "appointment",
    }
);
str_enum!(LevelStatus { Proposed = "proposed", Appraised = "appraised", Approved = "approved" });
str_enum!(AccountKind { User = "user", Admin = "admin", Service = "service" });
str_enum!(AccountStatus { Active = "active", Disabled = "disabled", Deleted = "deleted" });
str_enum!(HolidayKind { Holiday = "holiday", Workday = "workday" });

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub code: String,
    pub name: String,
    pub parent_code: Option<String>,
    pub roles: Vec<UnitRole>,
}

impl Unit {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        let roles = r.list(3)?.iter().filter_map(|s| UnitRole::parse(s)).collect();
        Ok(Unit { code: r.text(0)?, name: r.text(1)?, parent_code: r.opt_text(2)?, roles })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub person_id: String,
    pub full_name: String,
    pub unit_code: Option<String>,
    pub position: Option<String>,
    pub email: Option<String>,
    pub status: PersonStatus,
    pub sensitive_position: Option<bool>,
    pub background_checked_on: Option<NaiveDate>,
    pub nda_signed_on: Option<NaiveDate>,
    pub hired_on: Option<NaiveDate>,
}

impl Person {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(Person {
            person_id: r.text(0)?,
            full_name: r.text(1)?,
            unit_code: r.opt_text(2)?,
            position: r.opt_text(3)?,
            email: r.opt_text(4)?,
            status: r.enumerated(5, PersonStatus::parse)?,
            sensitive_position: r.opt_bool(6)?,
            background_checked_on: r.opt_date(7)?,
            nda_signed_on: r.opt_date(8)?,
            hired_on: r.opt_date(9)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HrEvent {
    pub event_id: String,
    pub person_id: String,
    pub kind: HrEventKind,
    pub effective_date: NaiveDate,
    pub decision_no: Option<String>,
    pub from_unit: Option<String>,
    pub to_unit: Option<String>,
}

impl HrEvent {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(HrEvent {
            event_id: r.text(0)?,
            person_id: r.text(1)?,
            kind: r.enumerated(2, HrEventKind::parse)?,
            effective_date: r.date(3)?,
            decision_no: r.opt_text(4)?,
            from_unit: r.opt_text(5)?,
            to_unit: r.opt_text(6)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct System {
    pub system_id: String,
    pub name: String,
    pub owner_unit: Option<String>,
    pub operator_unit: Option<String>,
    pub security_unit: Option<String>,
    pub level: Option<u8>,
    pub level_status: Option<LevelStatus>,
    pub level_approved_by: Option<String>,
    pub level_approved_on: Option<NaiveDate>,
    pub in_operation: bool,
    pub in_operation_since: Option<NaiveDate>,
    pub internet_facing: bool,
    pub third_party_connected: bool,
    /// Designated important to national security (Điều 25.2); `None` = not declared.
    pub national_security: Option<bool>,
}

impl System {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        let level = r.opt_int(5)?.and_then(|l| u8::try_from(l).ok());
        Ok(System {
            system_id: r.text(0)?,
            name: r.text(1)?,
            owner_unit: r.opt_text(2)?,
            operator_unit: r.opt_text(3)?,
            security_unit: r.opt_text(4)?,
            level,
            level_status: r.opt_enumerated(6, LevelStatus::parse)?,
            level_approved_by: r.opt_text(7)?,
            level_approved_on: r.opt_date(8)?,
            in_operation: r.opt_bool(9)?.unwrap_or(false),
            in_operation_since: r.opt_date(10)?,
            internet_facing: r.opt_bool(11)?.unwrap_or(false),
            third_party_connected: r.opt_bool(12)?.unwrap_or(false),
            national_security: r.opt_bool(13)?,
        })
    }

    /// Units named on the system (owner, operator, security unit), for unit filters.
    pub fn units(&self) -> impl Iterator<Item = &str> {
        [&self.owner_unit, &self.operator_unit, &self.security_unit].into_iter().filter_map(|u| u.as_deref())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub system_id: String,
    pub username: String,
    pub kind: AccountKind,
    pub shared: bool,
    pub person_id: Option<String>,
    pub responsible_person_ids: Vec<String>,
    pub status: AccountStatus,
    pub created_on: Option<NaiveDate>,
    pub disabled_on: Option<NaiveDate>,
    pub rights_changed_on: Option<NaiveDate>,
    pub last_login_at: Option<DateTime<Utc>>,
    pub password_changed_at: Option<DateTime<Utc>>,
    pub privileges: Vec<String>,
}

impl Account {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(Account {
            system_id: r.text(0)?,
            username: r.text(1)?,
            kind: r.enumerated(2, AccountKind::parse)?,
            shared: r.opt_bool(3)?.unwrap_or(false),
            person_id: r.opt_text(4)?,
            responsible_person_ids: r.list(5)?,
            status: r.enumerated(6, AccountStatus::parse)?,
            created_on: r.opt_date(7)?,
            disabled_on: r.opt_date(8)?,
            rights_changed_on: r.opt_date(9)?,
            last_login_at: r.opt_timestamp(10)?,
            password_changed_at: r.opt_timestamp(11)?,
            privileges: r.list(12)?,
        })
    }

    /// The subject id of an account: `SYSTEM_ID/username`.
    #[must_use]
    pub fn subject_id(&self) -> String {
        format!("{}/{}", self.system_id, self.username)
    }

    /// Evidence reference of the account row.
    #[must_use]
    pub fn evidence_ref(&self) -> String {
        format!("accounts/{}", self.subject_id())
    }

    #[must_use]
    pub fn is_active(&self) -> bool {
        self.status == AccountStatus::Active
    }

    /// Whether the account was active on `day`: active now, or disabled or
    /// deleted only after `day` (so that evaluating an earlier as-of date
    /// sees the account as it was then).
    #[must_use]
    pub fn active_on(&self, day: NaiveDate) -> bool {
        self.is_active() || self.disabled_on.is_some_and(|d| d > day)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountException {
    pub exception_id: String,
    pub system_id: String,
    pub username: String,
    pub requested_by_unit: Option<String>,
    pub reason: Option<String>,
    pub rights_kept: Option<String>,
    pub valid_from: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    pub document_no: Option<String>,
}

impl AccountException {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(AccountException {
            exception_id: r.text(0)?,
            system_id: r.text(1)?,
            username: r.text(2)?,
            requested_by_unit: r.opt_text(3)?,
            reason: r.opt_text(4)?,
            rights_kept: r.opt_text(5)?,
            valid_from: r.opt_date(6)?,
            valid_until: r.opt_date(7)?,
            document_no: r.opt_text(8)?,
        })
    }

    /// Whether the exception is in force on `day` (Điều 11.1.c: "thời gian duy trì").
    #[must_use]
    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        match self.valid_until {
            Some(until) => self.valid_from.is_none_or(|from| from <= day) && day <= until,
            None => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    pub date: NaiveDate,
    pub kind: HolidayKind,
    pub name: Option<String>,
}

impl Holiday {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(Holiday { date: r.date(0)?, kind: r.enumerated(1, HolidayKind::parse)?, name: r.opt_text(2)? })
    }
}
