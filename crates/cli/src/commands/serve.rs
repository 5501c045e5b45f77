//! `tuanthu serve`: the web console and JSON API (tuanthu-web).

use std::time::Duration;

use anyhow::Result;

use crate::args::{Global, ServeArgs};

pub fn options(g: &Global, args: &ServeArgs) -> Result<tuanthu_web::ServeOptions> {
    let settings = tuanthu_web::Settings {
        lockout_threshold: args.lockout_threshold.max(1),
        lockout_duration: Duration::from_secs(args.lockout_minutes.max(1) * 60),
        idle_timeout: Duration::from_secs(args.idle_timeout_minutes.max(1) * 60),
        absolute_timeout: Duration::from_secs(args.absolute_timeout_hours.max(1) * 3600),
        max_upload_bytes: args.max_upload_mb.max(1) << 20,
        ldap: ldap_settings(args)?,
    };
    Ok(tuanthu_web::ServeOptions {
        db_url: g.db.clone(),
        pack: super::load_pack(g)?,
        listen: args.listen,
        admin_listen: args.admin_listen,
        tls_cert: args.tls_cert.clone(),
        tls_key: args.tls_key.clone(),
        settings,
        audit_log: super::audit::target(g)?,
    })
}

/// The directory of `--ldap-url`, checked against Điều 12.4 before serving.
fn ldap_settings(args: &ServeArgs) -> Result<Option<tuanthu_web::ldap::LdapSettings>> {
    let Some(url) = &args.ldap_url else { return Ok(None) };
    let Some(user_dn) = &args.ldap_user_dn else {
        anyhow::bail!("--ldap-url cần --ldap-user-dn (vd. uid={{user}},ou=people,dc=haiquan,dc=vn) / --ldap-url needs --ldap-user-dn (e.g. uid={{user}},ou=people,dc=haiquan,dc=vn)");
    };
    let s = tuanthu_web::ldap::LdapSettings {
        url: url.clone(),
        user_dn: user_dn.clone(),
        starttls: args.ldap_starttls,
        ca_file: args.ldap_ca.clone(),
        timeout: Duration::from_secs(10),
        tls: None,
    };
    Ok(Some(s.prepare()?))
}

/// Prints where the listeners are. Never fails: a closed stdout must not stop the server.
pub fn print_ready(service: std::net::SocketAddr, admin: std::net::SocketAddr, tls: bool) {
    use std::io::Write;
    let scheme = if tls { "https" } else { "http" };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "Bảng điều khiển / console:   {scheme}://{service}/");
    let _ = writeln!(out, "API:                         {scheme}://{service}/api/v1/openapi.json");
    let _ = writeln!(out, "Quản trị / admin:            {scheme}://{admin}/admin/");
    let _ = writeln!(out, "(Ctrl-C để dừng / to stop)");
    let _ = out.flush();
}

pub fn run(g: &Global, args: &ServeArgs) -> Result<u8> {
    let opts = options(g, args)?;
    tuanthu_web::check_tls_policy(&opts)?;
    tuanthu_web::serve_blocking(opts, print_ready)?;
    Ok(0)
}
