//! Authorization (Điều 12.3: "phân quyền truy cập … với người dùng/nhóm
//! người dùng có chức năng, yêu cầu nghiệp vụ khác nhau").
//!
//! Policies are data: [`POLICY`] says which role may do which [`Action`],
//! and [`ORG_WIDE`] which actions change or reveal organisation-wide state
//! and therefore need a grant on the whole organisation (`*`). Every grant
//! is a role on an org-unit subtree; what a user may read is the union of
//! the subtrees of the grants whose role allows the action ([`Scope`]).
//! A finding, system, person or account belongs to the units it names (a
//! finding: `Finding::units`), and is visible if one of them is in scope.

use std::collections::HashSet;
use std::sync::Arc;

use tuanthu_core::Snapshot;
use tuanthu_store::web::{Grant, ALL_ORG};

/// The roles of issue 3, with their Vietnamese names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// quản trị
    Admin,
    /// chuyên trách an toàn thông tin
    SecurityOfficer,
    /// chủ quản hệ thống thông tin
    SystemOwner,
    /// vận hành
    Operator,
    /// lãnh đạo
    Leader,
    /// kiểm tra (read-only)
    Auditor,
}

impl Role {
    pub const ALL: [Role; 6] =
        [Role::Admin, Role::SecurityOfficer, Role::SystemOwner, Role::Operator, Role::Leader, Role::Auditor];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::SecurityOfficer => "security_officer",
            Role::SystemOwner => "system_owner",
            Role::Operator => "operator",
            Role::Leader => "leader",
            Role::Auditor => "auditor",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Role> {
        let s = s.trim().to_ascii_lowercase().replace('-', "_");
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    #[must_use]
    pub fn label(self, vi: bool) -> &'static str {
        match (self, vi) {
            (Role::Admin, true) => "Quản trị",
            (Role::SecurityOfficer, true) => "Chuyên trách ATTT",
            (Role::SystemOwner, true) => "Chủ quản hệ thống",
            (Role::Operator, true) => "Vận hành",
            (Role::Leader, true) => "Lãnh đạo",
            (Role::Auditor, true) => "Kiểm tra",
            (Role::Admin, false) => "Administrator",
            (Role::SecurityOfficer, false) => "Security officer",
            (Role::SystemOwner, false) => "System owner",
            (Role::Operator, false) => "Operator",
            (Role::Leader, false) => "Leader",
            (Role::Auditor, false) => "Auditor (read-only)",
        }
    }

    /// Whether the role must log in with a second factor (TOTP).
    #[must_use]
    pub fn requires_mfa(self) -> bool {
        matches!(self, Role::Admin | Role::SecurityOfficer)
    }
}

/// What a request does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    ReadFindings,
    ReadEvidence,
    ReadRules,
    ReadCalendar,
    ReadRuns,
    ReadAudit,
    ReadImports,
    Import,
    RunCheck,
    ManageUsers,
    /// Own password and personal API tokens.
    ManageSelf,
}

use Action as A;

const READ: &[Action] = &[A::ReadFindings, A::ReadEvidence, A::ReadRules, A::ReadCalendar, A::ReadRuns, A::ManageSelf];

/// The policy table: role → actions it allows (on its grant's subtree).
pub const POLICY: &[(Role, &[Action])] = &[
    (
        Role::Admin,
        &[
            A::ReadFindings,
            A::ReadEvidence,
            A::ReadRules,
            A::ReadCalendar,
            A::ReadRuns,
            A::ReadAudit,
            A::ReadImports,
            A::Import,
            A::RunCheck,
            A::ManageUsers,
            A::ManageSelf,
        ],
    ),
    (
        Role::SecurityOfficer,
        &[
            A::ReadFindings,
            A::ReadEvidence,
            A::ReadRules,
            A::ReadCalendar,
            A::ReadRuns,
            A::ReadAudit,
            A::ReadImports,
            A::Import,
            A::RunCheck,
            A::ManageSelf,
        ],
    ),
    (
        Role::SystemOwner,
        &[
            A::ReadFindings,
            A::ReadEvidence,
            A::ReadRules,
            A::ReadCalendar,
            A::ReadRuns,
            A::ReadImports,
            A::Import,
            A::ManageSelf,
        ],
    ),
    (
        Role::Operator,
        &[
            A::ReadFindings,
            A::ReadEvidence,
            A::ReadRules,
            A::ReadCalendar,
            A::ReadRuns,
            A::ReadImports,
            A::Import,
            A::ManageSelf,
        ],
    ),
    (Role::Leader, READ),
    (
        Role::Auditor,
        &[
            A::ReadFindings,
            A::ReadEvidence,
            A::ReadRules,
            A::ReadCalendar,
            A::ReadRuns,
            A::ReadAudit,
            A::ReadImports,
            A::ManageSelf,
        ],
    ),
];

/// Actions on organisation-wide state: an import replaces evidence of every
/// unit, a check run is kept for the whole organisation, the audit and
/// import logs and the user list are not per unit. They need a grant on `*`.
pub const ORG_WIDE: &[Action] = &[A::Import, A::RunCheck, A::ManageUsers, A::ReadAudit, A::ReadImports];

/// Actions that do not concern unit data at all (any grant allowing them suffices).
pub const UNSCOPED: &[Action] = &[A::ReadRules, A::ManageSelf];

#[must_use]
pub fn role_allows(role: Role, action: Action) -> bool {
    POLICY.iter().any(|(r, actions)| *r == role && actions.contains(&action))
}

/// Where a user may do an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Nowhere.
    None,
    /// The whole organisation (a grant on `*`).
    All,
    /// These units (the union of the granted subtrees).
    Units(Arc<HashSet<String>>),
}

impl Scope {
    #[must_use]
    pub fn allowed(&self) -> bool {
        !matches!(self, Scope::None)
    }

    #[must_use]
    pub fn is_all(&self) -> bool {
        matches!(self, Scope::All)
    }

    /// Whether something naming these units is visible.
    pub fn sees<'a, I: IntoIterator<Item = &'a str>>(&self, units: I) -> bool {
        match self {
            Scope::None => false,
            Scope::All => true,
            Scope::Units(set) => units.into_iter().any(|u| set.contains(u)),
        }
    }

    #[must_use]
    pub fn sees_unit(&self, unit: &str) -> bool {
        self.sees([unit])
    }
}

/// The scope of `action` for a user with `grants`, units resolved in `snapshot`.
#[must_use]
pub fn scope(grants: &[Grant], action: Action, snapshot: &Snapshot) -> Scope {
    let allowing: Vec<&Grant> =
        grants.iter().filter(|g| Role::parse(&g.role).is_some_and(|r| role_allows(r, action))).collect();
    if allowing.is_empty() {
        return Scope::None;
    }
    if allowing.iter().any(|g| g.unit == ALL_ORG) {
        return Scope::All;
    }
    if ORG_WIDE.contains(&action) {
        return Scope::None;
    }
    if UNSCOPED.contains(&action) {
        return Scope::All;
    }
    let mut set = HashSet::new();
    for g in allowing {
        set.extend(snapshot.unit_subtree(&g.unit));
    }
    Scope::Units(Arc::new(set))
}

/// Whether a user may do an action anywhere at all (for menus and 403s).
#[must_use]
pub fn may(grants: &[Grant], action: Action) -> bool {
    grants.iter().any(|g| {
        Role::parse(&g.role).is_some_and(|r| role_allows(r, action))
            && (!ORG_WIDE.contains(&action) || g.unit == ALL_ORG)
    })
}

/// Whether any of the grants' roles requires a second factor.
#[must_use]
pub fn requires_mfa(grants: &[Grant]) -> bool {
    grants.iter().any(|g| Role::parse(&g.role).is_some_and(Role::requires_mfa))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn auditor_is_read_only() {
        for a in [A::Import, A::RunCheck, A::ManageUsers] {
            assert!(!role_allows(Role::Auditor, a));
        }
        assert!(role_allows(Role::Auditor, A::ReadAudit));
    }

    #[test]
    fn org_wide_actions_need_a_grant_on_the_whole_organisation() {
        let g = vec![Grant { role: "security_officer".into(), unit: "CUC1".into() }];
        assert!(!may(&g, A::Import));
        assert!(may(&g, A::ReadFindings));
        let g = vec![Grant { role: "security_officer".into(), unit: "*".into() }];
        assert!(may(&g, A::Import));
        assert!(requires_mfa(&g));
    }
}
