//! Helpers for rule tests: small evidence sets built in code, evaluated with
//! the built-in pack's parameters (so the tests also pin the pack's numbers).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, NaiveDate, Utc};

use crate::calendar::Calendar;
use crate::engine::{evaluate, Selection};
pub use crate::evidence::Evidence;
use crate::evidence::*;
use crate::finding::{Finding, Status};
use crate::rulepack::RulePack;

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A timestamp at 09:00 Vietnam time on the given date.
pub fn ts(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("{s}T09:00:00+07:00")).unwrap().with_timezone(&Utc)
}

pub fn person(id: &str, status: PersonStatus) -> Person {
    Person {
        person_id: id.into(),
        full_name: format!("Nguyễn Văn {id}"),
        unit_code: Some("KV01".into()),
        position: None,
        email: None,
        status,
        sensitive_position: None,
        background_checked_on: None,
        nda_signed_on: None,
        hired_on: None,
    }
}

pub fn account(system: &str, user: &str, kind: AccountKind, person: Option<&str>) -> Account {
    Account {
        system_id: system.into(),
        username: user.into(),
        kind,
        shared: false,
        person_id: person.map(Into::into),
        responsible_person_ids: Vec::new(),
        status: AccountStatus::Active,
        created_on: Some(d("2020-01-01")),
        disabled_on: None,
        rights_changed_on: None,
        last_login_at: None,
        password_changed_at: None,
        privileges: Vec::new(),
    }
}

pub fn event(id: &str, person: &str, kind: HrEventKind, effective: &str) -> HrEvent {
    HrEvent {
        event_id: id.into(),
        person_id: person.into(),
        kind,
        effective_date: d(effective),
        decision_no: Some(format!("{id}/QĐ-HQ")),
        from_unit: None,
        to_unit: None,
    }
}

pub fn system(id: &str, level: Option<u8>) -> System {
    System {
        system_id: id.into(),
        name: format!("Hệ thống {id}"),
        owner_unit: Some("CHQ".into()),
        operator_unit: Some("CNTT".into()),
        security_unit: Some("CNTT".into()),
        level,
        level_status: Some(LevelStatus::Approved),
        level_approved_by: Some("CNTT".into()),
        level_approved_on: Some(d("2021-05-01")),
        in_operation: true,
        in_operation_since: Some(d("2021-06-01")),
        internet_facing: false,
        third_party_connected: false,
        national_security: None,
    }
}

pub fn unit(code: &str, parent: Option<&str>, roles: &[UnitRole]) -> Unit {
    Unit {
        code: code.into(),
        name: format!("Đơn vị {code}"),
        parent_code: parent.map(Into::into),
        roles: roles.to_vec(),
    }
}

/// Evaluating hand-built evidence in tests.
pub trait Run {
    fn snapshot(self) -> Snapshot;
    fn run(self, rule: &str, as_of: &str) -> Vec<Finding>;
}

impl Run for Evidence {
    fn snapshot(self) -> Snapshot {
        Snapshot::new(self)
    }

    /// Findings of one rule of the built-in pack on `as_of`.
    fn run(self, rule: &str, as_of: &str) -> Vec<Finding> {
        let pack = RulePack::builtin().unwrap();
        let calendar = Calendar::new(&self.holidays);
        let snapshot = Run::snapshot(self);
        let findings = evaluate(
            &pack,
            &snapshot,
            d(as_of),
            &calendar,
            &Selection { rules: vec![rule.to_string()], ..Selection::default() },
            &|_| true,
        )
        .unwrap()
        .findings;
        assert!(findings.iter().all(|f| &*f.rule == rule), "selection leaked other rules");
        findings
    }
}

/// The single finding about `subject`.
pub fn only<'a>(findings: &'a [Finding], subject: &str) -> &'a Finding {
    let matching: Vec<&Finding> = findings.iter().filter(|f| f.subject_id == subject).collect();
    assert_eq!(matching.len(), 1, "expected one finding for {subject}, got {findings:#?}");
    matching[0]
}

pub fn status_of(findings: &[Finding], subject: &str) -> Status {
    only(findings, subject).status
}
