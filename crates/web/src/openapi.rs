//! The OpenAPI 3 document of `/api/v1` (hand-written; a test checks that it
//! lists exactly the routes the router serves).

pub const DOCUMENT: &str = include_str!("openapi.json");
