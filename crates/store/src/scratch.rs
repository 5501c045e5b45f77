//! Throwaway PostgreSQL databases for tests and benchmarks.
//!
//! Tests must run against a real PostgreSQL; `TUANTHU_TEST_PG_URL` names a
//! server database to connect to for administration (default
//! `postgres://postgres@127.0.0.1:5432/postgres`), and each [`ScratchPg`]
//! creates its own database there and drops it when dropped.

use postgres::{Client, NoTls};

/// The administrative URL used to create scratch databases.
#[must_use]
pub fn admin_url() -> String {
    std::env::var("TUANTHU_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string())
}

/// A database that exists for the life of this value.
pub struct ScratchPg {
    admin: String,
    name: String,
    url: String,
}

impl ScratchPg {
    /// Creates a database with a unique name on the server of [`admin_url`].
    pub fn create(label: &str) -> Result<ScratchPg, postgres::Error> {
        let admin = admin_url();
        let mut client = Client::connect(&admin, NoTls)?;
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let label: String =
            label.chars().filter(char::is_ascii_alphanumeric).take(20).collect::<String>().to_lowercase();
        let name = format!("tuanthu_{label}_{}_{nanos}", std::process::id());
        client.batch_execute(&format!("CREATE DATABASE \"{name}\""))?;
        let url = match admin.rfind('/') {
            Some(i) if admin[..i].contains("://") && !admin[i + 1..].contains('@') => {
                let (base, tail) = admin.split_at(i);
                let query = tail.find('?').map_or("", |q| &tail[q..]);
                format!("{base}/{name}{query}")
            }
            _ => format!("{admin}/{name}"),
        };
        Ok(ScratchPg { admin, name, url })
    }

    #[must_use]
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for ScratchPg {
    fn drop(&mut self) {
        if let Ok(mut client) = Client::connect(&self.admin, NoTls) {
            let _ = client.batch_execute(&format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name));
        }
    }
}
