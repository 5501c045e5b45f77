//! Evidence: the schema of every importable kind, typed records, the snapshot.

pub mod records;
pub mod records_logs;
pub mod records_ops;
pub mod records_org_a;
pub mod records_scan;
pub mod records_vendors_ir;
pub mod schema;
pub mod schema_logs;
pub mod schema_ops;
pub mod schema_org_a;
pub mod schema_scan;
pub mod schema_vendors_ir;
pub mod snapshot;

pub use records::*;
pub use records_logs::*;
pub use records_ops::*;
pub use records_org_a::*;
pub use records_scan::*;
pub use records_vendors_ir::*;
pub use schema::{ColType, Column, KindSchema, Value, ALL_KINDS};
pub use snapshot::{Evidence, Snapshot};
