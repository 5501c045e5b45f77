//! Values to and from each backend's column types.
//!
//! SQLite keeps dates as `YYYY-MM-DD` text, timestamps as RFC 3339 UTC text
//! (both sort correctly as text), booleans as 0/1 and lists as `;`-joined
//! text. PostgreSQL uses DATE, TIMESTAMPTZ, BOOLEAN, BIGINT and TEXT.

use chrono::{DateTime, NaiveDate, Utc};
use tuanthu_core::evidence::schema::{ColType, Value};

use crate::StoreError;

pub fn sqlite_value(v: &Value) -> rusqlite::types::Value {
    use rusqlite::types::Value as S;
    match v {
        Value::Null => S::Null,
        Value::Text(s) => S::Text(s.clone()),
        Value::Int(i) => S::Integer(*i),
        Value::Bool(b) => S::Integer(i64::from(*b)),
        Value::Date(d) => S::Text(d.format("%Y-%m-%d").to_string()),
        Value::Timestamp(t) => S::Text(t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
        Value::List(items) if items.is_empty() => S::Null,
        Value::List(items) => S::Text(items.join(";")),
    }
}

pub fn from_sqlite(ty: ColType, v: rusqlite::types::ValueRef<'_>) -> Result<Value, StoreError> {
    use rusqlite::types::ValueRef as S;
    let text = |b: &[u8]| String::from_utf8(b.to_vec()).map_err(|_| StoreError::Corrupt("non-UTF-8 text".into()));
    Ok(match (ty, v) {
        (_, S::Null) => Value::Null,
        (ColType::IntRange(..), S::Integer(i)) => Value::Int(i),
        (ColType::Bool, S::Integer(i)) => Value::Bool(i != 0),
        (ColType::Date, S::Text(t)) => Value::Date(crate::parse_day(&text(t)?)?),
        (ColType::Timestamp, S::Text(t)) => {
            let s = text(t)?;
            Value::Timestamp(
                DateTime::parse_from_rfc3339(&s)
                    .map_err(|_| StoreError::Corrupt(format!("bad timestamp {s:?}")))?
                    .with_timezone(&Utc),
            )
        }
        (ColType::List | ColType::EnumList(_), S::Text(t)) => {
            Value::List(text(t)?.split(';').filter(|s| !s.is_empty()).map(str::to_string).collect())
        }
        (ColType::Text | ColType::Enum(_), S::Text(t)) => Value::Text(text(t)?),
        (ty, other) => return Err(StoreError::Corrupt(format!("{ty:?} column holds {:?}", other.data_type()))),
    })
}

/// A PostgreSQL parameter for a value of a column type (NULLs are typed, as
/// the driver checks parameter types even for NULL).
pub fn pg_param(ty: ColType, v: &Value) -> Box<dyn postgres::types::ToSql + Sync + Send> {
    match (ty, v) {
        (_, Value::Text(s)) => Box::new(s.clone()),
        (_, Value::Int(i)) => Box::new(*i),
        (_, Value::Bool(b)) => Box::new(*b),
        (_, Value::Date(d)) => Box::new(*d),
        (_, Value::Timestamp(t)) => Box::new(*t),
        (_, Value::List(items)) if items.is_empty() => Box::new(None::<String>),
        (_, Value::List(items)) => Box::new(items.join(";")),
        (ColType::IntRange(..), Value::Null) => Box::new(None::<i64>),
        (ColType::Bool, Value::Null) => Box::new(None::<bool>),
        (ColType::Date, Value::Null) => Box::new(None::<NaiveDate>),
        (ColType::Timestamp, Value::Null) => Box::new(None::<DateTime<Utc>>),
        (_, Value::Null) => Box::new(None::<String>),
    }
}

pub fn from_pg(ty: ColType, row: &postgres::Row, i: usize) -> Result<Value, StoreError> {
    Ok(match ty {
        ColType::IntRange(..) => row.try_get::<_, Option<i64>>(i)?.map_or(Value::Null, Value::Int),
        ColType::Bool => row.try_get::<_, Option<bool>>(i)?.map_or(Value::Null, Value::Bool),
        ColType::Date => row.try_get::<_, Option<NaiveDate>>(i)?.map_or(Value::Null, Value::Date),
        ColType::Timestamp => row.try_get::<_, Option<DateTime<Utc>>>(i)?.map_or(Value::Null, Value::Timestamp),
        ColType::List | ColType::EnumList(_) => row
            .try_get::<_, Option<String>>(i)?
            .map_or(Value::Null, |s| Value::List(s.split(';').filter(|s| !s.is_empty()).map(str::to_string).collect())),
        ColType::Text | ColType::Enum(_) => row.try_get::<_, Option<String>>(i)?.map_or(Value::Null, Value::Text),
    })
}

/// `"a", "b", "c"` — quoted column names of a kind.
pub fn column_list(kind: &tuanthu_core::evidence::schema::KindSchema) -> String {
    kind.columns.iter().map(|c| format!("\"{}\"", c.name)).collect::<Vec<_>>().join(", ")
}

/// `INSERT … ON CONFLICT (key) DO UPDATE` tail shared by both backends.
pub fn upsert_tail(kind: &tuanthu_core::evidence::schema::KindSchema) -> String {
    let keys: Vec<String> = kind.key.iter().map(|&k| format!("\"{}\"", kind.columns[k].name)).collect();
    let sets: Vec<String> = kind
        .columns
        .iter()
        .enumerate()
        .filter(|(i, _)| !kind.key.contains(i))
        .map(|(_, c)| format!("\"{0}\" = excluded.\"{0}\"", c.name))
        .collect();
    format!(" ON CONFLICT ({}) DO UPDATE SET {}", keys.join(", "), sets.join(", "))
}
