//! Application declarations, access paths, network zones and the flows
//! between them, for the demo (issue 5, part A; the case mix is listed in
//! `org_a`).

use std::collections::HashMap;
use std::io;
use std::path::Path;

use super::csv_out::{CsvWriter, DateFmt};
use super::org::{Org, System};
use super::rng::Rng;
use super::Progress;

pub(super) fn write_app_configs(
    path: &Path,
    systems: &[System],
    seed: u64,
    progress: &mut Progress<'_>,
) -> io::Result<u64> {
    let mut rng = Rng::derive(seed, 57, 0);
    let mut w = CsvWriter::create(
        path,
        &[
            "app_id",
            "system_id",
            "auth_required",
            "failed_login_limit",
            "session_timeout_minutes",
            "credentials_encrypted",
            "auto_login",
            "pwd_min_length",
            "pwd_min_classes",
            "pwd_forbid_username",
            "auth_delegated_to",
            "remote_admin_protocols",
            "admin_port_separate",
            "declared_on",
        ],
    )?;
    // The first central system in operation authenticates the users of some others.
    let sso_idx = systems.iter().position(|x| x.in_operation && x.kv.is_none());
    let sso = sso_idx.and_then(|i| systems.get(i)).map(|x| x.id.clone()).unwrap_or_default();
    let total = systems.len() as u64;
    for (pos, (i, sys)) in systems.iter().enumerate().filter(|(_, s)| s.in_operation).enumerate() {
        // 0 undeclared, 1 no lockout / too many tries, 2 sessions, 3 auto-login,
        // 4 plain credentials, 5 unencrypted admin protocol, 6 shared admin port,
        // 7 weak length, 8 few classes, 9 username allowed, 10 blanks, else
        // fine: each weakness at one position in 40 (~2.5 %), the first ones
        // early so that small data has them.
        let case = match pos % 40 {
            2 => 0,
            3 => 1,
            5 => 2,
            7 => 7,
            9 => 10,
            11 => 5,
            13 => 8,
            15 => 6,
            17 => 3,
            18 => 4,
            19 => 9,
            _ => 11,
        };
        let case = if Some(i) == sso_idx { 11 } else { case }; // the single sign-on others rely on
        if case == 0 {
            continue;
        }
        let delegated = sso_idx.is_some_and(|x| x != i) && sys.kv.is_none() && rng.chance(0.4);
        let blank = case == 10;
        w.field(&sys.id)?;
        w.blank()?;
        w.bool(true)?;
        match case {
            1 => w.fmt(format_args!("{}", if rng.chance(0.5) { 0 } else { 10 + rng.below(10) }))?,
            _ if delegated || blank => w.blank()?,
            _ => w.fmt(format_args!("{}", 3 + rng.below(3)))?,
        }
        match case {
            2 => w.fmt(format_args!("{}", if rng.chance(0.4) { 0 } else { 60 + 30 * rng.below(4) }))?,
            _ => w.fmt(format_args!("{}", 5 * (1 + rng.below(6))))?,
        }
        if delegated && case != 4 {
            w.blank()?;
        } else {
            w.bool(case != 4)?;
        }
        w.bool(case == 3)?;
        if (delegated || blank) && !matches!(case, 7..=9) {
            w.blank()?;
            w.blank()?;
            w.blank()?;
        } else {
            w.fmt(format_args!("{}", if case == 7 { 6 + rng.below(2) } else { 8 + 2 * rng.below(3) }))?;
            w.fmt(format_args!("{}", if case == 8 { 2 } else { 3 + rng.below(2) }))?;
            w.bool(case != 9)?;
        }
        w.field(if delegated { &sso } else { "" })?;
        w.field(match case {
            5 => rng.pick(&["ssh;telnet", "http", "vnc", "ftp;ssh"]).unwrap_or(&"telnet"),
            _ => rng.pick(&["ssh", "https", "ssh;https", "vpn;rdp"]).unwrap_or(&"ssh"),
        })?;
        w.bool(case != 6)?;
        w.date(sys.since, DateFmt::Iso)?;
        w.end_row()?;
        progress.tick(w.rows(), total);
    }
    w.finish()
}

pub(super) fn write_access_paths(
    path: &Path,
    systems: &[System],
    seed: u64,
    progress: &mut Progress<'_>,
) -> io::Result<u64> {
    let mut rng = Rng::derive(seed, 58, 0);
    let mut w =
        CsvWriter::create(path, &["path_id", "system_id", "from_internet", "target", "methods", "description"])?;
    let total = systems.len() as u64;
    let mut k = 0;
    let mut row = |w: &mut CsvWriter, sys: &str, from: bool, target: &str, methods: &str, what: &str| {
        k += 1;
        w.fmt(format_args!("TC{k:05}"))?;
        w.field(sys)?;
        w.bool(from)?;
        w.field(target)?;
        w.field(methods)?;
        w.field(what)?;
        w.end_row()
    };
    let (mut facing, mut remote) = (0usize, 0usize);
    for sys in systems.iter().filter(|s| s.in_operation) {
        if sys.internet {
            facing += 1;
            if facing % 15 == 7 {
                continue; // Internet-facing but undeclared
            }
            row(&mut w, &sys.id, true, "public_service", "none", "Cổng dịch vụ công khai")?;
        }
        if sys.internet || rng.chance(0.3) {
            remote += 1;
            let methods = if remote % 6 == 2 {
                "password" // remote access with a password only
            } else {
                *rng.pick(&["vpn", "vpn;mfa", "mfa", "vpn;password"]).unwrap_or(&"vpn")
            };
            row(&mut w, &sys.id, true, "internal_app", methods, "Truy cập từ xa cho cán bộ")?;
        }
        if rng.chance(0.2) {
            row(&mut w, &sys.id, false, "internal_app", "password", "Mạng WAN ngành Hải quan")?;
        }
        progress.tick(w.rows(), total);
    }
    w.finish()
}

/// Zones and the flows between them.
pub(super) struct Flow {
    from: String,
    to: String,
    action: &'static str,
    services: &'static str,
}

pub(super) fn write_zones(path: &Path, org: &Org, progress: &mut Progress<'_>) -> io::Result<(u64, Vec<Flow>)> {
    let mut w = CsvWriter::create(path, &["zone_id", "name", "kind", "wireless", "unit_code"])?;
    let mut flows = Vec::new();
    let mut flow = |from: &str, to: &str, action: &'static str, services: &'static str| {
        flows.push(Flow { from: from.into(), to: to.into(), action, services });
    };
    let zone = |w: &mut CsvWriter, id: &str, name: &str, kind: &str, wireless: bool, unit: &str| -> io::Result<()> {
        w.field(id)?;
        w.field(name)?;
        w.field(kind)?;
        w.bool(wireless)?;
        w.field(unit)?;
        w.end_row()
    };
    zone(&mut w, "INTERNET", "Internet", "internet", false, "")?;
    zone(&mut w, "CNTT-DMZ", "Vùng DMZ trung tâm dữ liệu", "dmz", false, "CNTT")?;
    zone(&mut w, "CNTT-SRV", "Vùng máy chủ trung tâm dữ liệu", "server", false, "CNTT")?;
    zone(&mut w, "CNTT-MGMT", "Vùng quản trị", "management", false, "CNTT")?;
    flow("INTERNET", "CNTT-DMZ", "allow", "https");
    flow("CNTT-DMZ", "CNTT-SRV", "allow", "https;db");
    flow("CNTT-MGMT", "CNTT-SRV", "allow", "ssh;rdp");
    let mut sites: Vec<usize> = vec![org.chq];
    sites.extend(org.kvs.iter().map(|k| k.unit));
    let total = sites.len() as u64 * 4;
    for (k, &u) in sites.iter().enumerate() {
        let code = org.code(u);
        let (work, guest, net, print) =
            (format!("{code}-LAN"), format!("{code}-WIFI-KHACH"), format!("{code}-INTERNET"), format!("{code}-IN"));
        zone(&mut w, &work, &format!("Mạng làm việc {code}"), "work", false, code)?;
        zone(&mut w, &guest, &format!("Wi-Fi khách {code}"), "internet_only", true, code)?;
        zone(&mut w, &net, &format!("Mạng máy tính truy cập Internet {code}"), "internet_only", false, code)?;
        zone(&mut w, &print, &format!("Vùng máy in {code}"), "other", false, code)?;
        flow(&work, "INTERNET", "allow", "http;https (proxy)");
        flow(&work, "CNTT-DMZ", "allow", "https");
        flow(&work, "CNTT-SRV", "allow", "https");
        flow(&work, &print, "allow", "ipp");
        flow(&guest, "INTERNET", "allow", "http;https");
        flow(&net, "INTERNET", "allow", "http;https");
        flow(&guest, &work, "deny", "");
        // The guest Wi-Fi reaches the work network, or the Internet-only
        // network reaches it through the printers' zone (spread by site).
        match k % 12 {
            2 => flow(&guest, &work, "allow", "any"),
            5 => {
                flow(&net, &print, "allow", "ipp");
                flow(&print, &work, "allow", "smb");
            }
            _ => {}
        }
        progress.tick(w.rows(), total);
    }
    // One flow per (from, to): a later row replaces an earlier one (the allow
    // that breaks the isolation replaces the deny).
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let mut out: Vec<Flow> = Vec::new();
    for f in flows {
        match seen.get(&(f.from.clone(), f.to.clone())) {
            Some(&i) => out[i] = f,
            None => {
                seen.insert((f.from.clone(), f.to.clone()), out.len());
                out.push(f);
            }
        }
    }
    Ok((w.finish()?, out))
}

pub(super) fn write_flows(path: &Path, flows: &[Flow], progress: &mut Progress<'_>) -> io::Result<u64> {
    let mut w = CsvWriter::create(path, &["from_zone", "to_zone", "action", "services"])?;
    for f in flows {
        w.field(&f.from)?;
        w.field(&f.to)?;
        w.field(f.action)?;
        w.field(f.services)?;
        w.end_row()?;
        progress.tick(w.rows(), flows.len() as u64);
    }
    w.finish()
}
