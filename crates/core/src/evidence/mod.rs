//! Evidence: the schema of every importable kind, typed records, the snapshot.

pub mod records;
pub mod records_logs;
pub mod schema;
pub mod schema_logs;
pub mod snapshot;

pub use records::*;
pub use records_logs::*;
pub use schema::{ColType, Column, KindSchema, Value, ALL_KINDS};
pub use snapshot::{Evidence, Snapshot};
