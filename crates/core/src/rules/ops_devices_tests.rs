//! Tests of Điều 9 (network devices), 10.3 and 14.2 (anti-malware).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::super::testkit::*;
use super::super::testkit_ops::*;
use crate::evidence::PortStatus as P;
use crate::finding::{Status, SubjectKind};

fn judged(f: &crate::Finding) -> (Status, Option<chrono::NaiveDate>, Option<i64>) {
    (f.status, f.due, f.overdue_days)
}

// 9.1.đ, 9.2.c: "Định kỳ sao lưu cấu hình thiết bị kết nối mạng LAN (…) WAN."

#[test]
fn dieu_9_1_dd_device_configuration_backed_up_every_6_months() {
    let e = Evidence {
        systems: vec![system("NET", Some(3))],
        network_devices: vec![
            device("SW-01", Some("NET"), Some("KV01")),
            device("SW-02", None, None),
            device("RT-WAN", None, None),
        ],
        network_ports: vec![port("SW-03", "GigabitEthernet1/0/1", Some(P::Connected), Some(false))],
        config_backups: vec![
            config_backup("SW-01", "2025-01-31 22:00"),
            config_backup("SW-01", "2024-07-01 22:00"),
            config_backup("SW-02", "2024-10-15 08:00"),
            config_backup("SW-02", "2025-06-20 08:00"),
        ],
        ..Evidence::default()
    };
    let f = e.run("NET-CONFIG-BACKUP", "2025-06-01");
    // 31/01/2025 + 6 months = 31/07/2025.
    assert_eq!(judged(only(&f, "SW-01")), (Status::Pass, Some(d("2025-07-31")), None));
    assert_eq!(only(&f, "SW-01").subject_kind, SubjectKind::Device);
    assert!(only(&f, "SW-01").units.iter().any(|u| &**u == "KV01"));
    // The backup of 20/06/2025 is after the as-of date: 15/10/2024 + 6 months = 15/04/2025.
    assert_eq!(judged(only(&f, "SW-02")), (Status::Fail, Some(d("2025-04-15")), Some(47)));
    assert_eq!(judged(only(&f, "RT-WAN")), (Status::Fail, None, None), "never backed up");
    assert_eq!(judged(only(&f, "SW-03")), (Status::Fail, None, None), "known from its ports only");
    assert_eq!(&*only(&f, "SW-01").cite, "Điều 9.1.đ, 9.2.c");
}

// 9.1.d: "Ngắt kết nối (shutdown hoặc disable) cổng mạng không sử dụng."

#[test]
fn dieu_9_1_d_unused_ports_are_shut_down() {
    let mut described = port("SW-01", "GigabitEthernet1/0/7", Some(P::NotConnect), Some(false));
    described.description = Some("Phòng họp tầng 2".into());
    let e = Evidence {
        network_ports: vec![
            port("SW-01", "GigabitEthernet1/0/1", Some(P::Connected), Some(false)),
            port("SW-01", "GigabitEthernet1/0/2", Some(P::Disabled), Some(true)),
            port("SW-01", "GigabitEthernet1/0/3", Some(P::NotConnect), Some(true)),
            port("SW-01", "GigabitEthernet1/0/4", Some(P::ErrDisabled), Some(false)),
            port("SW-01", "GigabitEthernet1/0/5", Some(P::SfpAbsent), None),
            port("SW-01", "GigabitEthernet1/0/6", None, Some(false)),
            described,
            port("SW-01", "GigabitEthernet1/0/8", None, Some(true)),
            port("SW-01", "GigabitEthernet1/0/9", Some(P::Disabled), None),
        ],
        ..Evidence::default()
    };
    let f = e.run("NET-UNUSED-PORTS", "2025-06-01");
    let s = |i: u8| status_of(&f, &format!("SW-01/GigabitEthernet1/0/{i}"));
    assert!(f.iter().all(|x| x.subject_id != "SW-01/GigabitEthernet1/0/1"), "a port in use gives no finding");
    assert_eq!(s(2), Status::Pass);
    assert_eq!(s(3), Status::Pass, "notconnect but shut down in the configuration");
    assert_eq!(s(4), Status::Fail, "err-disabled is not an administrative shutdown");
    assert_eq!(s(5), Status::Fail);
    assert_eq!(s(6), Status::NoEvidence, "no link state collected");
    assert_eq!(s(7), Status::Fail);
    assert_eq!(s(8), Status::Pass);
    assert_eq!(s(9), Status::Pass, "state disabled = administratively down");
    let p7 = only(&f, "SW-01/GigabitEthernet1/0/7");
    assert_eq!(p7.subject_kind, SubjectKind::Port);
    assert_eq!(p7.evidence, vec!["network_ports/SW-01/GigabitEthernet1/0/7"]);
    assert!(p7.message_en.contains("(\"Phòng họp tầng 2\") (notconnect) is not connected but not shut down"));
    assert_eq!(&*p7.cite, "Điều 9.1.d");
}

#[test]
fn dieu_9_1_d_port_findings_concern_the_units_of_their_system() {
    let mut out_of_scope = system("S1", Some(3));
    out_of_scope.level = Some(3);
    let mut pack_port = port("SW-X", "GigabitEthernet0/1", Some(P::NotConnect), Some(false));
    pack_port.system_id = Some("S1".into());
    let e = Evidence { systems: vec![out_of_scope], network_ports: vec![pack_port], ..Evidence::default() };
    // The built-in pack covers levels 1-5, so the port is judged with its system's units.
    let f = e.run("NET-UNUSED-PORTS", "2025-06-01");
    assert!(only(&f, "SW-X/GigabitEthernet0/1").units.iter().any(|u| &**u == "CNTT"));
}

// 10.3: "Cài đặt phần mềm xử lý phần mềm độc hại và thiết lập chế độ tự động
// cập nhật cơ sở dữ liệu cho phần mềm"; 14.2: "triển khai biện pháp, giải pháp
// phòng chống mã độc cho toàn bộ hệ thống thông tin".

#[test]
fn dieu_10_3_endpoints_run_anti_malware_with_signatures_at_most_7_days_old() {
    let e = Evidence {
        endpoints: vec![
            endpoint("PC-001", Some("Kaspersky Endpoint Security 12"), Some("2025-05-30 10:00"), Some(true)),
            endpoint("PC-002", Some("BKAV Pro"), Some("2025-05-20 10:00"), Some(true)),
            endpoint("PC-003", None, None, None),
            endpoint("PC-004", Some("Trend Micro Apex One"), Some("2025-05-31 23:00"), Some(false)),
            endpoint("PC-005", Some("Symantec Endpoint Protection"), None, None),
        ],
        ..Evidence::default()
    };
    let f = e.run("EP-ANTIMALWARE", "2025-06-06");
    assert_eq!(judged(only(&f, "PC-001")), (Status::Pass, Some(d("2025-06-06")), None));
    assert_eq!(judged(only(&f, "PC-002")), (Status::Fail, Some(d("2025-05-27")), Some(10)));
    assert_eq!(judged(only(&f, "PC-003")), (Status::Fail, None, None));
    assert_eq!(status_of(&f, "PC-004"), Status::Fail, "real-time protection off");
    assert_eq!(only(&f, "PC-004").overdue_days, None, "signatures are recent");
    assert_eq!(status_of(&f, "PC-005"), Status::NoEvidence);
    assert_eq!(only(&f, "PC-001").subject_kind, SubjectKind::Endpoint);
    assert!(only(&f, "PC-001").units.iter().any(|u| &**u == "KV01"));
    assert_eq!(&*only(&f, "PC-001").cite, "Điều 10.3, 14.2");
    let f = Evidence {
        endpoints: vec![endpoint("PC-001", Some("K"), Some("2025-05-30 10:00"), Some(true))],
        ..Evidence::default()
    }
    .run("EP-ANTIMALWARE", "2025-06-07");
    assert_eq!(judged(only(&f, "PC-001")), (Status::Fail, Some(d("2025-06-06")), Some(1)));
}
