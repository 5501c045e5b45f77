//! Builders for the organisational evidence of issue 5 part A, for rule tests.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use super::testkit::d;
use crate::evidence::*;

pub fn asset(id: &str, category: AssetCategory, roles: &[AssetRole]) -> Asset {
    Asset {
        asset_id: id.into(),
        name: Some(format!("Thiết bị {id}")),
        kind: AssetKind::Hardware,
        category: Some(category),
        roles: roles.to_vec(),
        system_id: None,
        custodian_person: Some("P1".into()),
        custodian_unit: None,
        location: Some("Tầng 3".into()),
        sensitive_data: Some(true),
        has_storage: None,
        networked: Some(true),
        internet_connected: Some(false),
        encrypted: Some(true),
        status: AssetStatus::Active,
        status_date: None,
        acquired_on: Some(d("2023-01-10")),
    }
}

pub fn asset_event(id: &str, asset: &str, event: AssetEventKind, date: &str) -> AssetEvent {
    AssetEvent {
        event_id: id.into(),
        asset_id: asset.into(),
        event,
        event_date: d(date),
        external: None,
        storage_removed: None,
        wipe_method: None,
        data_recovery: None,
        record_no: Some(format!("BB-{id}")),
    }
}

pub fn training(person: &str, kind: TrainingKind, date: &str) -> Training {
    Training { person_id: person.into(), kind, trained_on: d(date), course: None, provider: None }
}

pub fn handover(record: &str, person: &str, event: Option<&str>, date: &str) -> Handover {
    Handover {
        record_no: record.into(),
        person_id: person.into(),
        hr_event_id: event.map(Into::into),
        handover_date: d(date),
        received_by: None,
        accounts: Vec::new(),
        assets: Vec::new(),
    }
}

pub fn review(id: &str, system: &str, date: &str) -> AccountReview {
    AccountReview {
        review_id: id.into(),
        system_id: system.into(),
        reviewed_on: d(date),
        reviewer: Some("P1".into()),
        document_no: None,
    }
}

pub fn reconciliation(id: &str, unit: Option<&str>, system: Option<&str>, date: &str) -> HrReconciliation {
    HrReconciliation {
        reconciliation_id: id.into(),
        unit_code: unit.map(Into::into),
        system_id: system.map(Into::into),
        reconciled_on: d(date),
        document_no: None,
    }
}

pub fn lock_request(id: &str, system: &str, user: &str, unit: &str, on: &str, executed: Option<&str>) -> LockRequest {
    LockRequest {
        request_id: id.into(),
        system_id: system.into(),
        username: user.into(),
        requested_by_unit: Some(unit.into()),
        requested_on: d(on),
        document_no: Some(format!("{id}/CV-HQ")),
        executed_on: executed.map(d),
    }
}

pub fn app(id: &str, system: Option<&str>) -> AppConfig {
    AppConfig {
        app_id: id.into(),
        system_id: system.map(Into::into),
        auth_required: Some(true),
        failed_login_limit: Some(5),
        session_timeout_minutes: Some(15),
        credentials_encrypted: Some(true),
        auto_login: Some(false),
        pwd_min_length: Some(8),
        pwd_min_classes: Some(3),
        pwd_forbid_username: Some(true),
        auth_delegated_to: None,
        remote_admin_protocols: vec!["ssh".into()],
        admin_port_separate: Some(true),
        declared_on: None,
    }
}

pub fn zone(id: &str, kind: ZoneKind) -> NetworkZone {
    NetworkZone { zone_id: id.into(), name: None, kind, wireless: None, unit_code: None }
}

pub fn flow(from: &str, to: &str) -> ZoneFlow {
    ZoneFlow { from_zone: from.into(), to_zone: to.into(), allow: true, services: None }
}

pub fn access_path(id: &str, system: &str, target: AccessTarget, methods: &[&str]) -> AccessPath {
    AccessPath {
        path_id: id.into(),
        system_id: system.into(),
        from_internet: true,
        target,
        methods: methods.iter().map(|m| (*m).to_string()).collect(),
        description: None,
    }
}

pub fn local_admin(host: &str, account: &str, kind: Option<LocalMemberKind>) -> LocalAdmin {
    LocalAdmin { host: host.into(), account: account.into(), account_kind: kind, collected_on: None }
}

pub fn approval(
    person: &str,
    device: &str,
    by: Option<&str>,
    on: Option<&str>,
    encrypted: Option<bool>,
) -> RemovableMediaApproval {
    RemovableMediaApproval {
        person_id: person.into(),
        device: device.into(),
        approved_by: by.map(Into::into),
        approved_on: on.map(d),
        encrypted,
        purpose: None,
    }
}
