//! Builders for the operational evidence in rule tests (issue 6).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, Utc};

use super::testkit::d;
use crate::evidence::*;

/// A Vietnam-time instant: `"2025-03-10 01:30"`.
pub fn vn(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("{}:00+07:00", s.replace(' ', "T"))).unwrap().with_timezone(&Utc)
}

/// A complete level-2+ plan: 30 days, daily, automatic, tape stored apart, restore test every 3 months.
pub fn plan(system: &str) -> BackupPlan {
    BackupPlan {
        system_id: system.into(),
        retention_days: Some(30),
        frequency: Some(BackupFrequency::Daily),
        method: Some("full hàng tuần + incremental hàng ngày".into()),
        automatic: Some(true),
        external_medium: Some(Medium::Tape),
        stored_apart: Some(true),
        restore_test_months: Some(3),
        document_no: Some("KH-SL-01".into()),
        approved_on: Some(d("2024-01-05")),
    }
}

/// A successful automatic run started at `start` (Vietnam time), copied to tape at `copied`.
pub fn run(system: &str, start: &str, copied: Option<&str>) -> BackupRun {
    BackupRun {
        system_id: system.into(),
        job: "daily".into(),
        started_at: vn(start),
        ended_at: Some(vn(start) + chrono::Duration::minutes(40)),
        status: BackupRunStatus::Success,
        automatic: Some(true),
        external_copy_at: copied.map(vn),
        medium: copied.map(|_| Medium::Tape),
        medium_label: None,
    }
}

pub fn restore(system: &str, on: &str, external: bool, result: RestoreResult) -> RestoreTest {
    RestoreTest {
        system_id: system.into(),
        tested_on: d(on),
        from_external_medium: Some(external),
        result,
        record_no: Some(format!("BB-{on}")),
        performed_by: None,
    }
}

pub fn assessment(system: &str, kind: AssessmentKind, on: &str) -> Assessment {
    Assessment {
        system_id: system.into(),
        kind,
        kind_text: kind.as_str().into(),
        assessed_on: d(on),
        performed_by: Some("CNTT".into()),
        report_no: Some(format!("BC-{on}")),
        open_findings: Some(0),
    }
}

/// A fully controlled change applied on `applied`: tested, reported and approved the day before.
pub fn change(id: &str, system: &str, kinds: &[ChangeKind], applied: Option<&str>) -> Change {
    let before = applied.map(|a| d(a).pred_opt().unwrap());
    Change {
        change_id: id.into(),
        system_id: system.into(),
        kinds: kinds.to_vec(),
        description: Some("Nâng cấp".into()),
        plan: Some(format!("KH-{id}")),
        tested_on: before,
        test_report: Some(format!("BC-{id}")),
        approved_by: Some("Phó Cục trưởng".into()),
        approved_on: before,
        applied_on: applied.map(d),
        rollback_plan: Some(format!("PA-{id}")),
        impact_assessment: None,
        level_reviewed_on: None,
    }
}

pub fn doc(system: &str, kind: DocumentKind, no: &str, approved: Option<&str>, reviewed: Option<&str>) -> Document {
    Document {
        system_id: system.into(),
        kind,
        document_no: no.into(),
        title: None,
        approved_on: approved.map(d),
        approved_by: None,
        reviewed_on: reviewed.map(d),
        contents: None,
    }
}

pub fn device(name: &str, system: Option<&str>, unit: Option<&str>) -> NetworkDevice {
    NetworkDevice {
        device: name.into(),
        system_id: system.map(Into::into),
        unit_code: unit.map(Into::into),
        role: Some(NetworkRole::Lan),
        model: None,
        location: None,
        management_ip: None,
    }
}

pub fn port(device: &str, iface: &str, status: Option<PortStatus>, shutdown: Option<bool>) -> NetworkPort {
    NetworkPort {
        device: device.into(),
        interface: iface.into(),
        status,
        shutdown,
        mode: Some(PortMode::Access),
        vlan: Some("10".into()),
        description: None,
        system_id: None,
        source: None,
    }
}

pub fn config_backup(device: &str, at: &str) -> ConfigBackup {
    ConfigBackup { device: device.into(), backed_up_at: vn(at), system_id: None, location: None }
}

pub fn endpoint(host: &str, product: Option<&str>, updated: Option<&str>, realtime: Option<bool>) -> Endpoint {
    Endpoint {
        host: host.into(),
        unit_code: Some("KV01".into()),
        system_id: None,
        antimalware_product: product.map(Into::into),
        signatures_updated_at: updated.map(vn),
        realtime_protection: realtime,
    }
}

pub fn test_env(system: &str, env: &str, production: bool, masked: Option<bool>) -> TestEnvironment {
    TestEnvironment {
        system_id: system.into(),
        environment: env.into(),
        uses_production_data: production,
        data_masked: masked,
        masking_method: None,
        declared_on: None,
        declared_by: None,
    }
}
