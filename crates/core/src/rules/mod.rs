//! Rule kinds: the Rust implementations a rule pack binds its rules to.
//!
//! Each kind is a pure function of (parameters, snapshot, as-of date,
//! calendar) → findings, in its own file next to the article it implements.
//! A kind reads its parameters once, at pack load ([`compile`]), so a bad
//! parameter is reported naming the rule before any evaluation starts.

mod accounts;
mod recency;
mod revocation;
mod systems;

#[cfg(test)]
mod testkit;

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
}

impl Context<'_> {
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
        let f = Finding::new(status, SubjectKind::Account, account.subject_id())
            .evidence(account.evidence_ref())
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

/// Kinds the engine implements. A pack rule with another kind must be `planned`.
pub const IMPLEMENTED_KINDS: &[&str] = &[
    "revocation_deadline",
    "exception_validity",
    "account_owner",
    "admin_account_separate",
    "shared_admin_responsible",
    "hr_reconcile",
    "dormant_account",
    "password_age",
    "password_candidate",
    "level_approved",
    "level_authority",
    "system_roles",
];

#[must_use]
pub fn is_implemented(kind: &str) -> bool {
    IMPLEMENTED_KINDS.contains(&kind)
}

/// Builds the rule for a definition from its kind and parameters.
pub fn compile(def: &RuleDef) -> Result<Box<dyn Rule>, RulePackError> {
    Ok(match def.kind.as_str() {
        "revocation_deadline" => Box::new(revocation::RevocationDeadline::from_def(def)?),
        "exception_validity" => Box::new(revocation::ExceptionValidity::from_def(def)?),
        "account_owner" => Box::new(accounts::AccountOwner::from_def(def)?),
        "admin_account_separate" => Box::new(accounts::AdminAccountSeparate::from_def(def)?),
        "shared_admin_responsible" => Box::new(accounts::SharedAdminResponsible),
        "hr_reconcile" => Box::new(accounts::HrReconcile::from_def(def)?),
        "dormant_account" => Box::new(recency::DormantAccount::from_def(def)?),
        "password_age" => Box::new(recency::PasswordAge::from_def(def)?),
        "password_candidate" => Box::new(PasswordCandidate::from_def(def)?),
        "level_approved" => Box::new(systems::LevelApproved),
        "level_authority" => Box::new(systems::LevelAuthority::from_def(def)?),
        "system_roles" => Box::new(systems::SystemRoles),
        other => {
            return Err(RulePackError::rule(
                &def.id,
                format!("loại quy tắc \"{other}\" chưa được cài đặt"),
                format!("rule kind \"{other}\" is not implemented"),
            ))
        }
    })
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
