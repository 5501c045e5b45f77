//! Tests of Điều 9.3.d, 9.3.đ and 9.3.e, computed by hand from the article text.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::super::testkit::*;
use super::super::testkit_org_a::*;
use crate::evidence::{AccessTarget, Asset, AssetCategory as C, AssetRole as R, AssetStatus, ZoneFlow, ZoneKind};
use crate::finding::{Status, SubjectKind};

// 9.3.d: "Không kết nối Internet cho (…) Máy tính sử dụng để đọc, soạn thảo,
// lưu trữ, in ấn văn bản thuộc bí mật nhà nước; Máy tính xử lý thông tin trên
// hệ thống thông tin cấp độ 4 trở lên; Máy tính phục vụ quản trị hệ thống
// thông tin; Toàn bộ máy chủ và thiết bị công nghệ thông tin không phải máy
// tính ngoại trừ các hệ thống bắt buộc phải có giao tiếp với Internet (…)".

fn online(id: &str, category: C, roles: &[R], system: Option<&str>, internet: Option<bool>) -> Asset {
    let mut a = asset(id, category, roles);
    a.system_id = system.map(Into::into);
    a.internet_connected = internet;
    a
}

fn hosts() -> Evidence {
    let mut offline = online("N9", C::Server, &[], None, None);
    offline.networked = Some(false);
    let mut spare = online("N10", C::Server, &[], None, Some(true));
    spare.status = AssetStatus::Spare;
    Evidence {
        systems: vec![system("SYS-4", Some(4)), system("SYS-2", Some(2))],
        assets: vec![
            online("N1", C::Desktop, &[R::AdminPc], None, Some(true)),
            online("N2", C::Desktop, &[R::StateSecretPc], None, Some(false)),
            online("N3", C::Desktop, &[R::Workstation], Some("SYS-4"), Some(true)),
            online("N3b", C::Desktop, &[R::Workstation], Some("SYS-2"), Some(true)),
            online("N4", C::Server, &[], Some("SYS-2"), Some(true)),
            online("N5", C::Server, &[R::PublicWebsite], Some("SYS-2"), Some(true)),
            online("N6", C::Printer, &[], None, Some(true)),
            online("N7", C::Laptop, &[R::AdminPc, R::PublicService], None, Some(true)),
            online("N8", C::Server, &[], None, None),
            offline,
            spare,
            online("N11", C::NetworkDevice, &[R::InternetAccessGateway], None, Some(true)),
        ],
        ..Evidence::default()
    }
}

#[test]
fn dieu_9_3_d_admin_secret_and_level_4_computers_must_not_reach_the_internet() {
    let f = hosts().run("NET-NO-INTERNET", "2025-04-01");
    let n1 = only(&f, "N1");
    assert_eq!((n1.status, n1.subject_kind), (Status::Fail, SubjectKind::Asset));
    assert_eq!(status_of(&f, "N2"), Status::Pass);
    assert_eq!(status_of(&f, "N3"), Status::Fail, "computer of a level 4 system");
    assert!(f.iter().all(|x| x.subject_id != "N3b"), "an ordinary computer of a level 2 system may use the Internet");
    assert_eq!(status_of(&f, "N7"), Status::Fail, "no exemption for computers");
}

#[test]
fn dieu_9_3_d_servers_and_devices_offline_unless_they_must_face_the_internet() {
    let f = hosts().run("NET-NO-INTERNET", "2025-04-01");
    assert_eq!(status_of(&f, "N4"), Status::Fail);
    assert_eq!(status_of(&f, "N5"), Status::NotApplicable, "public website");
    assert_eq!(status_of(&f, "N6"), Status::Fail, "a printer is not a computer");
    assert_eq!(status_of(&f, "N11"), Status::NotApplicable, "Internet access gateway");
    assert_eq!(status_of(&f, "N8"), Status::NoEvidence, "connection not declared");
    assert_eq!(status_of(&f, "N9"), Status::Pass, "not networked");
    assert!(f.iter().all(|x| x.subject_id != "N10"), "spare equipment is not connected");
}

// 9.3.đ: "Truy cập mạng, ứng dụng nội bộ từ Internet phải thực hiện xác thực
// đa yếu tố hoặc qua mạng riêng ảo VPN."

#[test]
fn dieu_9_3_dd_internet_access_to_internal_networks_uses_mfa_or_vpn() {
    let mut inside = access_path("AP4", "SYS-B", AccessTarget::InternalApp, &["password"]);
    inside.from_internet = false;
    let mut b = system("SYS-B", Some(3));
    b.internet_facing = true;
    let mut c = system("SYS-C", Some(3));
    c.internet_facing = true;
    let e = Evidence {
        systems: vec![b, c],
        access_paths: vec![
            access_path("AP1", "SYS-B", AccessTarget::InternalApp, &["password", "vpn"]),
            access_path("AP2", "SYS-B", AccessTarget::InternalNetwork, &["password"]),
            access_path("AP3", "SYS-B", AccessTarget::PublicService, &["none"]),
            inside,
        ],
        ..Evidence::default()
    };
    let f = e.run("NET-REMOTE-MFA", "2025-04-01");
    let ap1 = only(&f, "AP1");
    assert_eq!((ap1.status, ap1.subject_kind), (Status::Pass, SubjectKind::AccessPath));
    assert_eq!(status_of(&f, "AP2"), Status::Fail);
    assert_eq!(status_of(&f, "AP3"), Status::NotApplicable);
    assert!(f.iter().all(|x| x.subject_id != "AP4"), "not from the Internet");
    assert_eq!(status_of(&f, "SYS-C"), Status::NoEvidence, "Internet-facing, no access path declared");
}

// 9.3.e: "Mạng riêng hoặc mạng không dây chỉ phục vụ truy cập Internet phải
// được cách ly với mạng làm việc (từ vùng mạng riêng hoặc mạng không dây này
// không truy cập được vào vùng mạng làm việc)."

fn zones(flows: Vec<ZoneFlow>) -> Evidence {
    let mut guest = zone("GUEST", ZoneKind::InternetOnly);
    guest.wireless = Some(true);
    Evidence {
        network_zones: vec![
            guest,
            zone("NETONLY", ZoneKind::InternetOnly),
            zone("WORK", ZoneKind::Work),
            zone("DMZ", ZoneKind::Dmz),
            zone("INET", ZoneKind::Internet),
            zone("SRV", ZoneKind::Server),
        ],
        zone_flows: flows,
        ..Evidence::default()
    }
}

#[test]
fn dieu_9_3_e_internet_only_network_reaching_the_work_network_through_another_zone_fails() {
    let mut deny = flow("NETONLY", "WORK");
    deny.allow = false;
    let f = zones(vec![
        flow("GUEST", "INET"),
        flow("GUEST", "DMZ"),
        flow("DMZ", "SRV"),
        flow("NETONLY", "INET"),
        flow("INET", "DMZ"),
        flow("WORK", "INET"),
        deny,
    ])
    .run("NET-GUEST-ISOLATED", "2025-04-01");
    let guest = only(&f, "GUEST");
    assert_eq!((guest.status, guest.subject_kind), (Status::Fail, SubjectKind::NetworkZone));
    assert!(guest.message_en.contains("GUEST → DMZ → SRV"), "{}", guest.message_en);
    assert_eq!(status_of(&f, "NETONLY"), Status::Pass, "paths through the Internet itself are not followed; deny rows");
    assert_eq!(f.len(), 2);
}

#[test]
fn dieu_9_3_e_without_flows_isolation_cannot_be_judged() {
    let f = zones(vec![]).run("NET-GUEST-ISOLATED", "2025-04-01");
    assert_eq!(status_of(&f, "GUEST"), Status::NoEvidence);
}
