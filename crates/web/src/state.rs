//! Shared server state: settings, a small pool of store connections, the
//! rule pack, the evaluation cache and running imports.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tuanthu_core::RulePack;
use tuanthu_store::Store;

use crate::cache::EvalCache;
use crate::imports::ImportJobs;

/// Security settings (Điều 12.2), all configurable.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Consecutive failed logins that lock a user (default 5).
    pub lockout_threshold: u32,
    /// How long a lockout lasts (default 15 minutes).
    pub lockout_duration: Duration,
    /// Idle session timeout (default 15 minutes).
    pub idle_timeout: Duration,
    /// Absolute session lifetime (default 8 hours).
    pub absolute_timeout: Duration,
    /// Largest upload accepted by the import page and API (bytes).
    pub max_upload_bytes: usize,
    /// Directory that checks the passwords of `--ldap` users (none by default).
    pub ldap: Option<crate::ldap::LdapSettings>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            lockout_threshold: 5,
            lockout_duration: Duration::from_secs(15 * 60),
            idle_timeout: Duration::from_secs(15 * 60),
            absolute_timeout: Duration::from_secs(8 * 3600),
            max_upload_bytes: 64 << 20,
            ldap: None,
        }
    }
}

/// Which listener a request came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Realm {
    Service,
    Admin,
}

impl Realm {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Realm::Service => "service",
            Realm::Admin => "admin",
        }
    }

    /// Session cookie name. `__Host-` cookies are Secure, host-only, Path=/;
    /// browsers accept them on https and on http://localhost / 127.0.0.1.
    #[must_use]
    pub fn cookie(self) -> &'static str {
        match self {
            Realm::Service => "__Host-tuanthu",
            Realm::Admin => "__Host-tuanthu-admin",
        }
    }
}

/// A pool of store connections (the store is synchronous; handlers use it
/// from blocking tasks).
pub struct Pool {
    url: String,
    idle: Mutex<Vec<Store>>,
    max_idle: usize,
    /// Connections in use or idle, at most `max_open` (PostgreSQL has a
    /// connection limit; waiting tasks queue here).
    open: Mutex<usize>,
    freed: std::sync::Condvar,
    max_open: usize,
}

impl Pool {
    pub fn new(url: &str, max_idle: usize) -> anyhow::Result<Pool> {
        let first = Store::open(url)?; // migrates, and proves the URL works
        Ok(Pool {
            url: url.to_string(),
            idle: Mutex::new(vec![first]),
            max_idle,
            open: Mutex::new(1),
            freed: std::sync::Condvar::new(),
            max_open: max_idle * 2,
        })
    }

    /// Runs `f` with a connection (opening one if none is idle and fewer
    /// than the maximum are open; otherwise waiting for one).
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> anyhow::Result<T>) -> anyhow::Result<T> {
        let poisoned = || anyhow::anyhow!("pool poisoned");
        let mut store = loop {
            if let Some(s) = self.idle.lock().map_err(|_| poisoned())?.pop() {
                break s;
            }
            let mut open = self.open.lock().map_err(|_| poisoned())?;
            if *open < self.max_open {
                *open += 1;
                drop(open);
                match Store::open(&self.url) {
                    Ok(s) => break s,
                    Err(e) => {
                        self.release_slot();
                        return Err(e.into());
                    }
                }
            }
            let (guard, _) =
                self.freed.wait_timeout(open, std::time::Duration::from_millis(50)).map_err(|_| poisoned())?;
            drop(guard);
        };
        let out = f(&mut store);
        // A connection whose query failed may be broken (PostgreSQL restart): drop it.
        let keep = out.is_ok() && self.idle.lock().map(|idle| idle.len() < self.max_idle).unwrap_or(false);
        if keep {
            if let Ok(mut idle) = self.idle.lock() {
                idle.push(store);
            }
            self.freed.notify_one();
        } else {
            drop(store);
            self.release_slot();
        }
        out
    }

    fn release_slot(&self) {
        if let Ok(mut open) = self.open.lock() {
            *open = open.saturating_sub(1);
        }
        self.freed.notify_one();
    }
}

impl Drop for Pool {
    /// PostgreSQL's synchronous client runs its own runtime to close: drop
    /// connections on a plain thread, never on an async worker.
    fn drop(&mut self) {
        let conns: Vec<Store> = self.idle.lock().map(|mut v| std::mem::take(&mut *v)).unwrap_or_default();
        if !conns.is_empty() {
            let _ = std::thread::spawn(move || drop(conns)).join();
        }
    }
}

pub struct Inner {
    pub pool: Pool,
    pub pack: Arc<RulePack>,
    pub settings: Settings,
    pub cache: EvalCache,
    pub imports: ImportJobs,
    pub runs: crate::dashboard::RunCache,
    /// Sessions recently validated: id digest → last time the row was touched.
    pub touched: Mutex<HashMap<String, std::time::Instant>>,
}

/// What every handler gets: shared state plus which listener this is.
#[derive(Clone)]
pub struct AppState {
    pub inner: Arc<Inner>,
    pub realm: Realm,
    /// Whether this listener serves TLS (HSTS is sent only then).
    pub tls: bool,
}

impl AppState {
    pub fn new(db_url: &str, pack: RulePack, settings: Settings) -> anyhow::Result<AppState> {
        let pool = Pool::new(db_url, 16)?;
        let inner = Inner {
            pool,
            pack: Arc::new(pack),
            settings,
            cache: EvalCache::default(),
            imports: ImportJobs::default(),
            runs: crate::dashboard::RunCache::default(),
            touched: Mutex::new(HashMap::new()),
        };
        Ok(AppState { inner: Arc::new(inner), realm: Realm::Service, tls: false })
    }

    #[must_use]
    pub fn for_realm(&self, realm: Realm, tls: bool) -> AppState {
        AppState { inner: Arc::clone(&self.inner), realm, tls }
    }

    /// Runs store work on the blocking pool.
    pub async fn db<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Store) -> anyhow::Result<T> + Send + 'static,
    ) -> anyhow::Result<T> {
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || inner.pool.with(f))
            .await
            .map_err(|e| anyhow::anyhow!("blocking task failed: {e}"))?
    }

    /// After an import: drops the cached evidence and evaluations and
    /// evaluates today's findings again in the background.
    pub fn refresh(&self) {
        self.inner.cache.invalidate();
        let s = self.clone();
        tokio::spawn(async move {
            let _ = s.inner.cache.evaluation(&s, tuanthu_core::today_in_vietnam()).await;
        });
    }

    #[must_use]
    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    #[must_use]
    pub fn pack(&self) -> &RulePack {
        &self.inner.pack
    }
}
