//! Rule kinds: the Rust implementations a rule pack binds its rules to.
//!
//! Each kind is a pure function of (parameters, snapshot, as-of date,
//! calendar) → findings, in its own file next to the article it implements.
//! A kind reads its parameters once, at pack load ([`compile`]), so a bad
//! parameter is reported naming the rule before any evaluation starts.

mod access;
mod accounts;
mod applications;
mod assets;
mod logs;
mod network;
mod obligations;
mod ops_assess;
mod ops_backup;
mod ops_change;
mod ops_common;
mod ops_devices;
mod ops_docs;
mod people;
mod recency;
mod response;
mod revocation;
mod systems;
mod vendors;
mod vuln;

#[cfg(test)]
mod testkit;
#[cfg(test)]
mod testkit_ops;
#[cfg(test)]
mod testkit_org_a;

use chrono::NaiveDate;

use crate::calendar::Calendar;
use crate::evidence::{Account, Snapshot};
use crate::finding::{Finding, Status, SubjectKind};
use crate::rulepack::{RuleDef, RulePackError};

pub use revocation::Completion;

/// What a rule sees while evaluating.
pub struct Context<'a> {
    pub snapshot: &'a Snapshot,
    pub as_of: NaiveDate,
    pub calendar: &'a Calendar,
    pub def: &'a RuleDef,
    /// Statuses whose findings will only be counted (see
    /// [`crate::engine::Selection::counted_only`]).
    pub counted_only: &'a [Status],
}

impl Context<'_> {
    /// Whether a finding of `status` will only be counted, so that its
    /// messages need not be composed (the engine drops it after counting).
    #[must_use]
    pub fn only_counted(&self, status: Status) -> bool {
        self.counted_only.contains(&status)
    }

    /// Whether the rule's `levels` cover the system (unknown systems and
    /// unknown levels are in scope: missing data must not hide findings).
    #[must_use]
    pub fn system_in_scope(&self, system_id: &str) -> bool {
        self.def.applies_to_level(self.snapshot.system(system_id).and_then(|s| s.level))
    }

    /// A finding about an account, with its evidence reference and the units
    /// it concerns (the system's units and the owner's unit).
    #[must_use]
    pub fn account_finding(&self, account: &Account, status: Status) -> Finding {
        let id = account.subject_id();
        let evidence = format!("accounts/{id}"); // = account.evidence_ref(), without a second format
        let f = Finding::new(status, SubjectKind::Account, id)
            .evidence(evidence)
            .units(self.snapshot.system_units(&account.system_id));
        match account.person_id.as_deref().and_then(|p| self.snapshot.person_unit(p)) {
            Some(unit) => f.units([unit]),
            None => f,
        }
    }
}

/// A compiled rule.
pub trait Rule: Send + Sync {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding));
}

/// Builds a rule of one kind from its definition (parameters are read here,
/// once, so a bad parameter is reported at pack load naming the rule).
pub type Constructor = fn(&RuleDef) -> Result<Box<dyn Rule>, RulePackError>;

/// Every implemented kind. Each module lists its own kinds in a `KINDS`
/// table; adding a module is one line here.
fn registry() -> impl Iterator<Item = &'static (&'static str, Constructor)> {
    [
        accounts::KINDS,
        recency::KINDS,
        revocation::KINDS,
        systems::KINDS,
        KINDS,
        ops_backup::KINDS,
        ops_assess::KINDS,
        ops_change::KINDS,
        ops_docs::KINDS,
        ops_devices::KINDS,
        vuln::KINDS,
        vendors::KINDS,
        response::KINDS,
        people::KINDS,
        access::KINDS,
        applications::KINDS,
        assets::KINDS,
        network::KINDS,
        logs::KINDS,
    ]
    .into_iter()
    .flatten()
}

/// Kinds implemented in this file.
const KINDS: &[(&str, Constructor)] = &[("password_candidate", |d| Ok(Box::new(PasswordCandidate::from_def(d)?)))];

/// Names of the kinds the engine implements. A pack rule with another kind
/// must be `planned`.
pub fn implemented_kinds() -> impl Iterator<Item = &'static str> {
    registry().map(|(name, _)| *name)
}

#[must_use]
pub fn is_implemented(kind: &str) -> bool {
    implemented_kinds().any(|k| k == kind)
}

/// Builds the rule for a definition from its kind and parameters.
pub fn compile(def: &RuleDef) -> Result<Box<dyn Rule>, RulePackError> {
    match registry().find(|(name, _)| *name == def.kind) {
        Some((_, build)) => build(def),
        None => Err(RulePackError::rule(
            &def.id,
            format!("loại quy tắc \"{}\" chưa được cài đặt", def.kind),
            format!("rule kind \"{}\" is not implemented", def.kind),
        )),
    }
}

/// PWD-CHECK (Điều 11.3.a) judges candidate passwords on demand
/// (`tuanthu password check`, the console, the API); it has no subjects in a
/// snapshot, so it yields no findings in `check`. Compiling it validates the
/// policy parameters of the pack.
pub struct PasswordCandidate {
    pub policy: crate::password::PasswordPolicy,
}

impl PasswordCandidate {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        let p = crate::rulepack::Params::of(def);
        let d = crate::password::PasswordPolicy::default();
        Ok(PasswordCandidate {
            policy: crate::password::PasswordPolicy {
                min_length: p.uint("min_length", Some(8))? as usize,
                min_classes: (p.uint("min_classes", Some(3))? as usize).min(4),
                forbid_username: p.boolean("forbid_username", d.forbid_username)?,
                reject_common: p.boolean("reject_common", d.reject_common)?,
            },
        })
    }
}

impl Rule for PasswordCandidate {
    fn evaluate(&self, _ctx: &Context<'_>, _out: &mut dyn FnMut(Finding)) {}
}

/// The password policy of the first `password_candidate` rule of a pack, or
/// the article's defaults when the pack has none.
pub fn password_policy(pack: &crate::RulePack) -> Result<crate::password::PasswordPolicy, RulePackError> {
    match pack.rules.iter().find(|r| r.kind == "password_candidate") {
        Some(def) => Ok(PasswordCandidate::from_def(def)?.policy),
        None => Ok(crate::password::PasswordPolicy::default()),
    }
}
