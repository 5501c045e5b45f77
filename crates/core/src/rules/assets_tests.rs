//! Tests of Điều 6.2.a, 6.2.c, 6.2.d, 6.2.đ, 10.6 and 13.3, computed by hand
//! from the article text.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::super::testkit::*;
use super::super::testkit_org_a::*;
use crate::evidence::{
    Asset, AssetCategory as C, AssetEventKind as E, AssetKind, AssetRole as R, AssetStatus, PersonStatus, UnitRole,
    WipeMethod,
};
use crate::finding::{Status, SubjectKind};

fn people() -> Vec<crate::evidence::Person> {
    vec![person("P1", PersonStatus::Active), person("P2", PersonStatus::Left)]
}

// 6.2.a: "Giao, gắn trách nhiệm cho cá nhân hoặc tập thể quản lý, sử dụng tài
// sản công nghệ thông tin."

#[test]
fn dieu_6_2_a_every_asset_has_a_person_or_team_in_charge() {
    let mut none = asset("A2", C::Desktop, &[]);
    none.custodian_person = None;
    let mut left = asset("A3", C::Desktop, &[]);
    left.custodian_person = Some("P2".into());
    let mut team = asset("A4", C::Server, &[]);
    team.custodian_person = None;
    team.custodian_unit = Some("KV01".into());
    let mut unknown = asset("A5", C::Laptop, &[]);
    unknown.custodian_person = Some("P9".into());
    let mut gone = asset("A6", C::Desktop, &[]);
    gone.custodian_person = None;
    gone.status = AssetStatus::Disposed;
    let e = Evidence {
        units: vec![unit("KV01", None, &[UnitRole::Operator])],
        persons: people(),
        assets: vec![asset("A1", C::Desktop, &[]), none, left, team, unknown, gone],
        ..Evidence::default()
    };
    let f = e.run("ASSET-CUSTODIAN", "2025-04-01");
    let a1 = only(&f, "A1");
    assert_eq!((a1.status, a1.subject_kind), (Status::Pass, SubjectKind::Asset));
    assert_eq!(a1.evidence, vec!["assets/A1".to_string(), "persons/P1".into()]);
    assert_eq!(status_of(&f, "A2"), Status::Fail);
    assert_eq!(status_of(&f, "A3"), Status::Fail, "the custodian has left");
    assert_eq!(status_of(&f, "A4"), Status::Pass);
    assert_eq!((status_of(&f, "A4"), only(&f, "A4").units.len()), (Status::Pass, 1), "concerns KV01");
    assert_eq!(status_of(&f, "A5"), Status::Fail, "not in the HR records");
    assert!(f.iter().all(|x| x.subject_id != "A6"), "disposed of");
}

// 6.2.c: "Tài sản phần cứng có lưu trữ dữ liệu nhạy cảm khi thay đổi mục đích
// sử dụng hoặc thanh lý, đơn vị phải thực hiện các biện pháp xóa, tiêu hủy dữ
// liệu đó đảm bảo không có khả năng phục hồi. (…) tiêu hủy cấu phần lưu trữ".

fn disposals(with_events: bool) -> Evidence {
    let mut d5 = asset("D5", C::Desktop, &[]);
    d5.status = AssetStatus::Disposed;
    let mut d6 = asset("D6", C::Desktop, &[]);
    d6.sensitive_data = Some(false);
    let mut d8 = asset("D8", C::Application, &[]);
    d8.kind = AssetKind::Software;
    let ev = |id: &str, a: &str, k: E, wipe: Option<WipeMethod>, removed: Option<bool>| {
        let mut x = asset_event(id, a, k, "2025-02-01");
        x.wipe_method = wipe;
        x.storage_removed = removed;
        x
    };
    let events = if with_events {
        vec![
            ev("X1", "D1", E::Dispose, Some(WipeMethod::Overwrite), None),
            ev("X2", "D2", E::Repurpose, Some(WipeMethod::Format), None),
            ev("X3", "D3", E::Dispose, None, Some(true)),
            ev("X4", "D4", E::Dispose, None, None),
            ev("X6", "D6", E::Dispose, None, None),
            ev("X7", "D7", E::Dispose, None, None),
            ev("X8", "D8", E::Dispose, None, None),
        ]
    } else {
        vec![]
    };
    Evidence {
        persons: people(),
        assets: vec![
            asset("D1", C::Desktop, &[]),
            asset("D2", C::Laptop, &[]),
            asset("D3", C::Server, &[]),
            asset("D4", C::StorageDevice, &[]),
            d5,
            d6,
            asset("D7", C::NetworkDevice, &[]),
            d8,
        ],
        asset_events: events,
        ..Evidence::default()
    }
}

#[test]
fn dieu_6_2_c_irrecoverable_wipe_or_storage_removed_at_disposal_passes() {
    let f = disposals(true).run("ASSET-DISPOSAL-WIPE", "2025-04-01");
    let d1 = only(&f, "D1");
    assert_eq!(d1.status, Status::Pass);
    assert_eq!(d1.evidence, vec!["assets/D1".to_string(), "asset_events/X1".into()]);
    assert_eq!(status_of(&f, "D3"), Status::Pass, "storage component taken out");
}

#[test]
fn dieu_6_2_c_formatting_or_no_wipe_when_repurposing_or_disposing_fails() {
    let f = disposals(true).run("ASSET-DISPOSAL-WIPE", "2025-04-01");
    assert_eq!(status_of(&f, "D2"), Status::Fail, "formatting is recoverable");
    assert!(only(&f, "D2").message_en.contains("format"));
    assert_eq!(status_of(&f, "D4"), Status::Fail);
    assert_eq!(status_of(&f, "D5"), Status::Fail, "disposed of with no record");
    assert_eq!(status_of(&f, "D6"), Status::NotApplicable, "no sensitive data");
    assert!(f.iter().all(|x| x.subject_id != "D7" && x.subject_id != "D8"), "no storage / not hardware");
}

#[test]
fn dieu_6_2_c_without_any_asset_events_a_disposed_asset_is_no_evidence() {
    let f = disposals(false).run("ASSET-DISPOSAL-WIPE", "2025-04-01");
    assert_eq!(f.len(), 1);
    assert_eq!(status_of(&f, "D5"), Status::NoEvidence);
    let f = disposals(true).run("ASSET-DISPOSAL-WIPE", "2025-01-31");
    assert_eq!(status_of(&f, "D5"), Status::Fail, "events after the as-of date are not seen, but others exist");
    assert!(f.iter().all(|x| x.subject_id != "D1"));
}

// 6.2.d: "khi mang đi bảo hành, bảo dưỡng, sửa chữa bên ngoài (…) phải tháo
// bộ phận lưu trữ khỏi thiết bị hoặc xóa thông tin, dữ liệu lưu trữ trên thiết
// bị (trừ trường hợp để khôi phục dữ liệu)."

#[test]
fn dieu_6_2_d_storage_removed_or_erased_before_external_repair() {
    let rep = |id: &str, a: &str| asset_event(id, a, E::Repair, "2025-03-01");
    let mut r1 = rep("Y1", "R1");
    r1.storage_removed = Some(true);
    let mut r2 = rep("Y2", "R2");
    r2.wipe_method = Some(WipeMethod::Format);
    let r3 = rep("Y3", "R3");
    let mut r4 = rep("Y4", "R4");
    r4.external = Some(false);
    let mut r5 = rep("Y5", "R5");
    r5.data_recovery = Some(true);
    let mut waiting = asset("R6", C::Laptop, &[]);
    waiting.status = AssetStatus::Repair;
    let e = Evidence {
        assets: ["R1", "R2", "R3", "R4", "R5"].iter().map(|id| asset(id, C::Laptop, &[])).chain([waiting]).collect(),
        asset_events: vec![r1, r2, r3, r4, r5],
        ..Evidence::default()
    };
    let f = e.run("ASSET-REPAIR-STORAGE", "2025-04-01");
    assert_eq!(status_of(&f, "R1"), Status::Pass);
    assert_eq!(status_of(&f, "R2"), Status::Pass, "6.2.d asks for erasure; formatting erases");
    assert_eq!(status_of(&f, "R3"), Status::Fail);
    assert_eq!(status_of(&f, "R4"), Status::NotApplicable, "repaired in house");
    assert_eq!(status_of(&f, "R5"), Status::NotApplicable, "sent out to recover the data");
    assert_eq!(status_of(&f, "R6"), Status::Fail, "out for repair with no record");
}

// 6.2.đ: "định kỳ kiểm tra, sửa chữa, bảo trì thiết bị (bao gồm thiết bị đang
// hoạt động và thiết bị dự phòng)" — every 12 months (pack default).

#[test]
fn dieu_6_2_d_bis_active_and_spare_equipment_inspected_every_12_months() {
    let mut m2 = asset("M2", C::Server, &[]);
    m2.status = AssetStatus::Spare;
    let mut m3 = asset("M3", C::Desktop, &[]);
    m3.acquired_on = Some(d("2024-09-01"));
    let m4 = asset("M4", C::Desktop, &[]); // acquired 10/01/2023
    let mut m5 = asset("M5", C::Desktop, &[]);
    m5.status = AssetStatus::Disposed;
    let mut sw = asset("SW", C::Application, &[]);
    sw.kind = AssetKind::Software;
    let e = Evidence {
        assets: vec![asset("M1", C::NetworkDevice, &[]), m2, m3, m4, m5, asset("M6", C::Printer, &[]), sw],
        asset_events: vec![
            asset_event("I1", "M1", E::Inspection, "2024-06-01"),
            asset_event("I2", "M2", E::Maintenance, "2024-01-10"),
            asset_event("I6", "M6", E::Repair, "2024-12-01"),
        ],
        ..Evidence::default()
    };
    let f = e.run("ASSET-MAINTENANCE", "2025-04-01");
    assert_eq!((status_of(&f, "M1"), only(&f, "M1").due), (Status::Pass, Some(d("2025-06-01"))));
    let m2 = only(&f, "M2");
    assert_eq!((m2.status, m2.due, m2.overdue_days), (Status::Fail, Some(d("2025-01-10")), Some(81)), "spares too");
    assert_eq!((status_of(&f, "M3"), only(&f, "M3").due), (Status::Pass, Some(d("2025-09-01"))));
    assert_eq!((status_of(&f, "M4"), only(&f, "M4").overdue_days), (Status::Fail, Some(447)));
    assert_eq!((status_of(&f, "M6"), only(&f, "M6").due), (Status::Pass, Some(d("2025-12-01"))), "a repair counts");
    assert!(f.iter().all(|x| x.subject_id != "M5" && x.subject_id != "SW"));
}

// 10.6: "Chỉ sử dụng thiết bị lưu trữ di động (…) khi được sự đồng ý của Lãnh
// đạo đơn vị. Thực hiện các biện pháp (…) mã hóa dữ liệu."

fn media() -> Evidence {
    let staff = |id: &str, unit: &str, position: &str| {
        let mut p = person(id, PersonStatus::Active);
        p.unit_code = Some(unit.into());
        p.position = Some(position.into());
        p
    };
    let mut usb8 = asset("USB-8", C::RemovableMedia, &[]);
    usb8.custodian_person = Some("P1".into());
    Evidence {
        units: vec![
            unit("CHQ", None, &[]),
            unit("KV01", Some("CHQ"), &[]),
            unit("KV01-P1", Some("KV01"), &[]),
            unit("KV02", Some("CHQ"), &[]),
        ],
        persons: vec![
            staff("P1", "KV01-P1", "Công chức"),
            staff("L1", "KV01", "Chi cục trưởng"),
            staff("L2", "KV02", "Chi cục trưởng"),
            staff("C1", "KV01", "Chuyên viên"),
        ],
        assets: vec![usb8],
        removable_media_approvals: vec![
            approval("P1", "USB-1", Some("L1"), Some("2025-01-10"), Some(true)),
            approval("P1", "USB-2", None, None, Some(true)),
            approval("P1", "USB-3", Some("C1"), Some("2025-01-10"), Some(true)),
            approval("P1", "USB-4", Some("L2"), Some("2025-01-10"), Some(true)),
            approval("P1", "USB-5", Some("L1"), Some("2025-01-10"), Some(false)),
            approval("P1", "USB-6", Some("L1"), Some("2025-01-10"), None),
            approval("L1", "USB-7", Some("L1"), Some("2025-01-10"), Some(true)),
        ],
        ..Evidence::default()
    }
}

#[test]
fn dieu_10_6_removable_storage_approved_by_the_unit_leader_and_encrypted_passes() {
    let f = media().run("EP-REMOVABLE-MEDIA", "2025-04-01");
    let u1 = only(&f, "P1/USB-1");
    assert_eq!((u1.status, u1.subject_kind), (Status::Pass, SubjectKind::RemovableMedia));
    assert_eq!(u1.evidence, vec!["removable_media_approvals/P1/USB-1".to_string()]);
}

#[test]
fn dieu_10_6_no_approval_or_approval_by_someone_other_than_the_users_leader_fails() {
    let f = media().run("EP-REMOVABLE-MEDIA", "2025-04-01");
    assert_eq!(status_of(&f, "P1/USB-2"), Status::Fail);
    assert!(only(&f, "P1/USB-3").message_en.contains("not a unit leader"));
    assert!(only(&f, "P1/USB-4").message_en.contains("not to the user's unit"));
    assert_eq!(status_of(&f, "L1/USB-7"), Status::Fail, "self-approval");
    assert_eq!(status_of(&f, "P1/USB-8"), Status::Fail, "inventoried device with no approval");
    assert_eq!(status_of(&f, "P1/USB-1"), Status::Pass);
    // Approved later than the as-of date: not approved yet.
    assert_eq!(status_of(&media().run("EP-REMOVABLE-MEDIA", "2025-01-09"), "P1/USB-1"), Status::Fail);
}

#[test]
fn dieu_10_6_unencrypted_fails_and_undeclared_encryption_is_no_evidence() {
    let f = media().run("EP-REMOVABLE-MEDIA", "2025-04-01");
    assert_eq!(status_of(&f, "P1/USB-5"), Status::Fail);
    assert_eq!(status_of(&f, "P1/USB-6"), Status::NoEvidence);
}

// 13.3: "bố trí máy tính riêng không kết nối mạng, đặt mật khẩu, mã hóa dữ
// liệu (…) để soạn thảo, lưu trữ (…) tài liệu (…) mật, tuyệt mật, tối mật."

#[test]
fn dieu_13_3_classified_document_computer_is_offline_and_encrypted() {
    let secret = |id: &str, networked: Option<bool>, encrypted: Option<bool>| -> Asset {
        let mut a = asset(id, C::Desktop, &[R::StateSecretPc]);
        a.networked = networked;
        a.encrypted = encrypted;
        a
    };
    let e = Evidence {
        assets: vec![
            secret("S1", Some(false), Some(true)),
            secret("S2", Some(true), Some(true)),
            secret("S3", Some(false), Some(false)),
            secret("S4", None, Some(true)),
            asset("PC", C::Desktop, &[R::Workstation]),
        ],
        ..Evidence::default()
    };
    let f = e.run("DATA-SECRET-AIRGAP", "2025-04-01");
    assert_eq!(status_of(&f, "S1"), Status::Pass);
    assert_eq!(status_of(&f, "S2"), Status::Fail);
    assert_eq!(status_of(&f, "S3"), Status::Fail);
    assert_eq!(status_of(&f, "S4"), Status::NoEvidence);
    assert_eq!(f.len(), 4);
}
