//! Cisco device outputs (`show running-config`, `show interfaces status`)
//! → `network_ports` rows, on realistic captures (tests/fixtures/cisco).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::Path;

use tuanthu_core::evidence::schema::Value;
use tuanthu_core::evidence::schema_ops::NETWORK_PORTS;
use tuanthu_ingest::cisco::{parse_devices, parse_file, DevicePorts};

fn fixture(name: &str) -> (String, Vec<u8>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cisco").join(name);
    (name.to_string(), std::fs::read(path).unwrap())
}

/// interface → (status, shutdown, mode, vlan, description) as text (`-` for null).
fn ports(d: &DevicePorts) -> BTreeMap<String, [String; 5]> {
    let col = |name: &str| NETWORK_PORTS.index_of(name).unwrap();
    let t = |v: &Value| if v.is_null() { "-".to_string() } else { v.to_text() };
    d.rows
        .iter()
        .map(|r| {
            (
                r[col("interface")].to_text(),
                [
                    t(&r[col("status")]),
                    t(&r[col("shutdown")]),
                    t(&r[col("mode")]),
                    t(&r[col("vlan")]),
                    t(&r[col("description")]),
                ],
            )
        })
        .collect()
}

fn row(status: &str, shutdown: &str, mode: &str, vlan: &str, desc: &str) -> [String; 5] {
    [status.into(), shutdown.into(), mode.into(), vlan.into(), desc.into()]
}

#[test]
fn putty_session_log_with_crlf_pager_and_other_commands() {
    let r = parse_devices(&[fixture("SW-HQ-CORE01.log")], Some("HQ-LAN"), false).unwrap();
    assert_eq!(r.devices.len(), 1);
    let d = &r.devices[0];
    assert_eq!(d.device, "SW-HQ-CORE01");
    let p = ports(d);
    let want = [
        ("GigabitEthernet1/0/1", row("connected", "false", "trunk", "trunk", "Uplink DC-CORE-01 Te1/0/1")),
        ("GigabitEthernet1/0/2", row("connected", "false", "access", "20", "Phong Giam sat - PC 01")),
        ("GigabitEthernet1/0/3", row("notconnect", "false", "access", "20", "May in tang 3")),
        ("GigabitEthernet1/0/4", row("disabled", "true", "access", "20", "-")),
        // Config lines after a "--More--" erased with backspaces, and a status row after one.
        ("GigabitEthernet1/0/5", row("notconnect", "false", "access", "30", "Phong hop (du phong)")),
        ("GigabitEthernet1/0/6", row("err-disabled", "false", "access", "30", "-")),
        ("GigabitEthernet1/0/7", row("connected", "false", "access", "30", "-")),
        ("GigabitEthernet1/0/8", row("connected", "false", "trunk", "trunk", "AP tang 2")),
        ("TenGigabitEthernet1/1/1", row("disabled", "true", "access", "1", "-")),
        ("TenGigabitEthernet1/1/2", row("sfpabsent", "false", "access", "1", "-")),
        ("Port-channel1", row("connected", "false", "trunk", "trunk", "Uplink to DC-CORE (LACP)")),
        // The management port is configured but not listed by "show interfaces status".
        ("GigabitEthernet0/0", row("-", "false", "-", "-", "-")),
    ];
    assert_eq!(p.len(), want.len(), "{p:#?}");
    for (iface, w) in want {
        assert_eq!(p.get(iface), Some(&w), "{iface}");
    }
    assert!(!p.keys().any(|k| k.starts_with("Vlan")), "SVIs are not ports");
    let system = NETWORK_PORTS.index_of("system_id").unwrap();
    assert!(d.rows.iter().all(|r| r[system] == Value::Text("HQ-LAN".into())));
    assert_eq!(d.rows[0][NETWORK_PORTS.index_of("source").unwrap()], Value::Text("SW-HQ-CORE01.log".into()));
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn archived_config_and_separate_status_file_join_on_the_hostname() {
    let r = parse_devices(
        &[fixture("sw-kv01-p3_show-interfaces-status.txt"), fixture("sw-kv01-p3.running-config.cfg")],
        None,
        false,
    )
    .unwrap();
    assert_eq!(r.devices.len(), 1, "{:?}", r.devices.iter().map(|d| &d.device).collect::<Vec<_>>());
    let d = &r.devices[0];
    assert_eq!(d.device, "sw-kv01-p3");
    assert_eq!(d.sources.len(), 2);
    let p = ports(d);
    assert_eq!(p.len(), 8);
    // The description holds the word "connected": the state still comes from its column.
    assert_eq!(
        p["FastEthernet0/1"],
        row("connected", "false", "access", "10", "Ket noi den may chu HQ-KV01 (connected via patch 12)")
    );
    assert_eq!(p["FastEthernet0/2"], row("notconnect", "false", "access", "10", "-"));
    assert_eq!(p["FastEthernet0/3"], row("disabled", "true", "access", "10", "-"));
    assert_eq!(p["FastEthernet0/5"], row("notconnect", "false", "access", "1", "-"));
    assert_eq!(p["FastEthernet0/6"], row("disabled", "true", "access", "1", "-"), "blank description");
    assert_eq!(p["GigabitEthernet0/2"], row("notconnect", "false", "access", "1", "-"));
    let unused_open: Vec<&String> =
        p.iter().filter(|(_, r)| r[0] == "notconnect" && r[1] == "false").map(|(k, _)| k).collect();
    assert_eq!(unused_open, ["FastEthernet0/2", "FastEthernet0/4", "FastEthernet0/5", "GigabitEthernet0/2"]);
}

#[test]
fn nx_os_names_dashes_truncated_states_and_two_word_vlans() {
    let r = parse_devices(&[fixture("nx-dc-leaf01.log")], None, false).unwrap();
    let d = &r.devices[0];
    assert_eq!(d.device, "nx-dc-leaf01");
    let p = ports(d);
    assert_eq!(p["mgmt0"], row("connected", "false", "routed", "routed", "-"));
    assert_eq!(p["Ethernet1/1"], row("connected", "false", "access", "110", "VNACCS-APP-01"));
    assert_eq!(p["Ethernet1/3"], row("xcvrabsent", "false", "access", "1", "-"));
    assert_eq!(p["Ethernet1/4"], row("notconnect", "false", "access", "1", "du phong"));
    assert_eq!(p["Ethernet1/5"], row("disabled", "true", "access", "1", "-"));
    assert_eq!(p["Ethernet1/6"], row("connected", "false", "other", "pvlan prom", "pvlan host"));
}

#[test]
fn utf16_and_lf_or_crlf_give_the_same_ports() {
    let (_, bytes) = fixture("sw-kv01-p3_show-interfaces-status.txt");
    let text = String::from_utf8(bytes.clone()).unwrap();
    let crlf = text.replace('\n', "\r\n").into_bytes();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let a = parse_file("a.txt", &bytes).unwrap();
    let b = parse_file("a.txt", &crlf).unwrap();
    let c = parse_file("a.txt", &utf16).unwrap();
    assert_eq!(a.status.as_ref().unwrap().len(), 8);
    assert_eq!(a.status, b.status);
    assert_eq!(a.status, c.status);
}

#[test]
fn status_only_and_config_only_devices_warn_and_keep_what_is_known() {
    let r = parse_devices(&[fixture("sw-kv01-p3_show-interfaces-status.txt")], None, false).unwrap();
    let d = &r.devices[0];
    assert_eq!(d.device, "sw-kv01-p3", "named after the file");
    assert!(ports(d).values().all(|r| r[1] == "-"), "shutdown unknown without a configuration");
    assert!(r.warnings.iter().any(|w| w.message_en.contains("no \"show running-config\"")));
    let r = parse_devices(&[fixture("sw-kv01-p3.running-config.cfg")], None, false).unwrap();
    assert!(ports(&r.devices[0]).values().all(|r| r[0] == "-"), "link state unknown without status output");
    assert!(r.warnings.iter().any(|w| w.message_en.contains("no \"show interfaces status\"")));
}

#[test]
fn a_file_that_is_no_device_output_is_an_error_or_skipped_in_a_directory() {
    let errors = parse_devices(&[fixture("SW-HQ-CORE01.log"), fixture("notes.txt")], None, false).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].file, "notes.txt");
    assert!(errors[0].to_string().contains("no Cisco \"show running-config\" or \"show interfaces status\" output"));
    let r = parse_devices(&[fixture("SW-HQ-CORE01.log"), fixture("notes.txt")], None, true).unwrap();
    assert_eq!(r.devices.len(), 1);
    assert!(r.warnings.iter().any(|w| w.file == "notes.txt" && w.message_en.starts_with("skipped")));
}

#[test]
fn two_configurations_of_one_device_are_an_error() {
    let (_, a) = fixture("sw-kv01-p3.running-config.cfg");
    let errors = parse_devices(&[("a.cfg".to_string(), a.clone()), ("b.cfg".to_string(), a)], None, false).unwrap_err();
    assert!(errors[0]
        .to_string()
        .contains("device sw-kv01-p3 has more than one \"show running-config\" output (a.cfg, b.cfg)"));
}

#[test]
fn binary_and_huge_files_are_rejected() {
    let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
    assert!(parse_file("firmware.bin", &binary).is_err());
    let huge = vec![b'!'; tuanthu_ingest::cisco::MAX_FILE_BYTES + 1];
    let e = parse_file("huge.txt", &huge).unwrap_err();
    assert!(e[0].to_string().contains("file too large"));
}

#[test]
fn headerless_status_output_is_read_after_its_prompt() {
    let text = "SW9#show interfaces status | include notconnect\nGi1/0/9                         notconnect   1            auto   auto 10/100/1000BaseTX\nGi1/0/10     Kho luu tru        notconnect   5            auto   auto 10/100/1000BaseTX\nSW9#";
    let f = parse_file("x.txt", text.as_bytes()).unwrap();
    assert_eq!(f.hostname.as_deref(), Some("SW9"));
    let st = f.status.unwrap();
    assert_eq!(st.len(), 2);
    assert_eq!(st[1].port, "GigabitEthernet1/0/10");
    assert_eq!(st[1].name.as_deref(), Some("Kho luu tru"));
    assert_eq!(st[1].status, "notconnect");
}
