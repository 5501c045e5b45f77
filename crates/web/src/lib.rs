//! tuanthu-web: the web console and JSON API of tuanthu (issue 3), built to
//! obey QĐ 1048/QĐ-TCHQ Điều 11-12 itself.
//!
//! Two listeners: the service listener (console + `/api/v1`) and the admin
//! listener (`/admin/` only: users, roles, tokens, sessions, settings).
//! Listeners on non-loopback addresses require TLS (rustls). See
//! `docs/web.md` for roles, routes and how each measure maps to the
//! regulation.

pub mod admin;
pub mod api;
pub mod assets;
pub mod audit_log;
pub mod auth;
pub mod authz;
pub mod cache;
pub mod calendar;
pub mod collate;
pub mod crypto;
pub mod dashboard;
pub mod evidence;
pub mod export;
pub mod http;
pub mod imports;
pub mod ldap;
pub mod openapi;
pub mod pages;
pub mod query;
pub mod state;
pub mod users;
pub mod views;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::routing::get;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tower::ServiceExt;

pub use state::{AppState, Realm, Settings};

/// The service listener's router: console pages, `/api/v1`, assets. It has
/// no `/admin/` route: every such path is 404 here.
pub fn service_router(state: &AppState) -> Router {
    let state = state.clone();
    Router::new()
        .merge(pages::router())
        .merge(api::router())
        .route("/assets/app.css", get(assets::css))
        .route("/assets/htmx.min.js", get(assets::htmx))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), http::csrf_extract))
        .layer(axum::middleware::from_fn_with_state(state.clone(), http::security_headers))
        .layer(axum::extract::DefaultBodyLimit::max(state.settings().max_upload_bytes))
        .with_state(state)
}

/// The admin listener's router: `/admin/…` only.
pub fn admin_router(state: &AppState) -> Router {
    let state = state.clone();
    Router::new()
        .merge(admin::router())
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), http::csrf_extract))
        .layer(axum::middleware::from_fn_with_state(state.clone(), http::security_headers))
        .layer(axum::extract::DefaultBodyLimit::max(1 << 20))
        .with_state(state)
}

async fn not_found() -> http::Problem {
    http::Problem::not_found()
}

/// What `tuanthu serve` needs.
pub struct ServeOptions {
    pub db_url: String,
    pub pack: tuanthu_core::RulePack,
    pub listen: SocketAddr,
    pub admin_listen: SocketAddr,
    pub tls_cert: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
    pub settings: Settings,
    /// Where the audit events are forwarded (Điều 16.2), if anywhere.
    pub audit_log: Option<audit_log::Target>,
}

/// Refuses plain HTTP on anything but loopback (Điều 12.4).
pub fn check_tls_policy(opts: &ServeOptions) -> anyhow::Result<()> {
    match (&opts.tls_cert, &opts.tls_key) {
        (Some(_), Some(_)) => Ok(()),
        (Some(_), None) | (None, Some(_)) => {
            anyhow::bail!("cần cả --tls-cert và --tls-key / both --tls-cert and --tls-key are needed")
        }
        (None, None) => {
            for a in [opts.listen, opts.admin_listen] {
                if !a.ip().is_loopback() {
                    anyhow::bail!(
                        "địa chỉ {a} không phải loopback: cần TLS (--tls-cert/--tls-key; tạo cặp khóa thử bằng `tuanthu tls self-signed`) — Điều 12.4 / {a} is not a loopback address: TLS is required (--tls-cert/--tls-key; make a test pair with `tuanthu tls self-signed`)"
                    );
                }
            }
            Ok(())
        }
    }
}

/// Loads a PEM certificate chain and private key into a rustls config.
pub fn tls_config(cert: &Path, key: &Path) -> anyhow::Result<Arc<rustls::ServerConfig>> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .map_err(|e| anyhow::anyhow!("không đọc được chứng thư / cannot read certificate {}: {e}", cert.display()))?
        .collect::<Result<_, _>>()
        .map_err(|e| anyhow::anyhow!("chứng thư không hợp lệ / invalid certificate {}: {e}", cert.display()))?;
    let key = PrivateKeyDer::from_pem_file(key)
        .map_err(|e| anyhow::anyhow!("không đọc được khóa / cannot read key {}: {e}", key.display()))?;
    let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(certs, key)?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// Writes a self-signed certificate and key (PEM) for `names`.
pub fn self_signed(names: &[String], cert: &Path, key: &Path) -> anyhow::Result<()> {
    let ck = rcgen::generate_simple_self_signed(names.to_vec())?;
    std::fs::write(cert, ck.cert.pem())?;
    write_private(key, ck.signing_key.serialize_pem().as_bytes())?;
    Ok(())
}

fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path)?;
    f.write_all(bytes)?;
    Ok(())
}

/// Serves connections of one listener until the process ends.
pub async fn run_listener(listener: tokio::net::TcpListener, router: Router, tls: Option<Arc<rustls::ServerConfig>>) {
    let acceptor = tls.map(tokio_rustls::TlsAcceptor::from);
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(x) => x,
            Err(e) => {
                eprintln!("accept: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let acceptor = acceptor.clone();
        tokio::spawn(async move {
            let svc = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
                req.extensions_mut().insert(ConnectInfo(peer));
                let r = router.clone();
                async move {
                    use futures_util::FutureExt;
                    // A bug must cost one request a 500, not the connection.
                    match std::panic::AssertUnwindSafe(r.oneshot(req.map(Body::new))).catch_unwind().await {
                        Ok(resp) => resp,
                        Err(_) => Ok(axum::response::IntoResponse::into_response(http::Problem::internal(
                            &anyhow::anyhow!("handler panicked"),
                        ))),
                    }
                }
            });
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder.timer(TokioTimer::new()).header_read_timeout(Duration::from_secs(20));
            match acceptor {
                Some(acc) => {
                    let Ok(Ok(tls)) = tokio::time::timeout(Duration::from_secs(10), acc.accept(stream)).await else {
                        return;
                    };
                    let _ = builder.serve_connection(TokioIo::new(tls), svc).await;
                }
                None => {
                    let _ = builder.serve_connection(TokioIo::new(stream), svc).await;
                }
            }
        });
    }
}

/// Starts both listeners; calls `ready` with their bound addresses, then
/// serves until Ctrl-C.
pub async fn serve(opts: ServeOptions, ready: impl FnOnce(SocketAddr, SocketAddr, bool)) -> anyhow::Result<()> {
    check_tls_policy(&opts)?;
    let tls = match (&opts.tls_cert, &opts.tls_key) {
        (Some(c), Some(k)) => Some(tls_config(c, k)?),
        _ => None,
    };
    let db = opts.db_url.clone();
    let settings = opts.settings.clone();
    let pack = opts.pack;
    let base = tokio::task::spawn_blocking(move || AppState::new(&db, pack, settings)).await??;
    let service = tokio::net::TcpListener::bind(opts.listen)
        .await
        .map_err(|e| anyhow::anyhow!("không mở được cổng / cannot listen on {}: {e}", opts.listen))?;
    let admin = tokio::net::TcpListener::bind(opts.admin_listen)
        .await
        .map_err(|e| anyhow::anyhow!("không mở được cổng / cannot listen on {}: {e}", opts.admin_listen))?;
    let (sa, aa) = (service.local_addr()?, admin.local_addr()?);
    let is_tls = tls.is_some();
    let service_state = base.for_realm(Realm::Service, is_tls);
    let admin_state = base.for_realm(Realm::Admin, is_tls);
    // Warm the cache so the first visitor does not wait for the evaluation.
    let warm = service_state.clone();
    tokio::spawn(async move {
        let _ = warm.inner.cache.evaluation(&warm, tuanthu_core::today_in_vietnam()).await;
    });
    // Expired sessions are removed every minute.
    let purge = service_state.clone();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(60)).await;
            let s = purge.settings().clone();
            let _ = purge
                .db(move |st| {
                    let now = chrono::Utc::now();
                    let idle = chrono::Duration::from_std(s.idle_timeout).unwrap_or(chrono::Duration::MAX);
                    let abs = chrono::Duration::from_std(s.absolute_timeout).unwrap_or(chrono::Duration::MAX);
                    Ok(st.web().purge_sessions(now - idle, now - abs)?)
                })
                .await;
        }
    });
    // Audit events reach the tamper-evident log within about a second.
    let stop_forwarding = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let forwarder = opts
        .audit_log
        .clone()
        .map(|target| audit_log::spawn(opts.db_url.clone(), target, Duration::from_secs(1), stop_forwarding.clone()));
    ready(sa, aa, is_tls);
    let s = tokio::spawn(run_listener(service, service_router(&service_state), tls.clone()));
    let a = tokio::spawn(run_listener(admin, admin_router(&admin_state), tls));
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = s => {}
        _ = a => {}
    }
    stop_forwarding.store(true, std::sync::atomic::Ordering::Relaxed);
    if let Some(f) = forwarder {
        // One last pass sends what the final requests recorded.
        let _ = tokio::task::spawn_blocking(move || f.join()).await;
    }
    Ok(())
}

/// Runs [`serve`] on a new multi-threaded runtime (for the CLI).
pub fn serve_blocking(opts: ServeOptions, ready: impl FnOnce(SocketAddr, SocketAddr, bool)) -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(serve(opts, ready))
}
