//! Static assets embedded in the binary (no CDN): the stylesheet and htmx.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

const CSS: &str = include_str!("../assets/app.css");
/// htmx 2.0.11 (Zero-Clause BSD), unmodified.
const HTMX: &str = include_str!("../assets/htmx.min.js");

fn asset(body: &'static str, ctype: &'static str) -> Response {
    let mut r = body.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    r
}

pub async fn css() -> Response {
    asset(CSS, "text/css; charset=utf-8")
}

pub async fn htmx() -> Response {
    asset(HTMX, "text/javascript; charset=utf-8")
}
