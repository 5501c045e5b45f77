//! All evidence in memory, with the indexes the rules need.

use std::collections::{HashMap, HashSet};

use crate::fxhash::FxHashMap;
use std::sync::Arc;

use super::records::{Account, AccountException, Holiday, HrEvent, Person, System, Unit};
use super::records_scan::{Scan, ScanCoverage, ScanTarget, VulnPlan, Vulnerability};

#[path = "snapshot_ops.rs"]
mod ops;
use super::records_vendors_ir::{
    Contract, Drill, FocalPoint, Incident, IrPlan, Monitoring, Report, ServiceLogEntry, Vendor, VendorAccount,
    VendorStaff,
};

#[path = "snapshot_vendors_ir.rs"]
mod vendors_ir;

/// Every kind of evidence, as loaded. Adding a kind is a field here and a
/// line in the store's `load_snapshot`.
#[derive(Debug, Default)]
pub struct Evidence {
    pub units: Vec<Unit>,
    pub persons: Vec<Person>,
    pub hr_events: Vec<HrEvent>,
    pub systems: Vec<System>,
    pub accounts: Vec<Account>,
    pub account_exceptions: Vec<AccountException>,
    pub holidays: Vec<Holiday>,
    pub scan_targets: Vec<ScanTarget>,
    pub vuln_plans: Vec<VulnPlan>,
    /// Written by `import scan` (not CSV kinds).
    pub vulnerabilities: Vec<Vulnerability>,
    pub scans: Vec<Scan>,
    pub scan_coverage: Vec<ScanCoverage>,
    pub backup_plans: Vec<super::BackupPlan>,
    pub backup_runs: Vec<super::BackupRun>,
    pub restore_tests: Vec<super::RestoreTest>,
    pub assessments: Vec<super::Assessment>,
    pub changes: Vec<super::Change>,
    pub documents: Vec<super::Document>,
    pub network_devices: Vec<super::NetworkDevice>,
    pub network_ports: Vec<super::NetworkPort>,
    pub config_backups: Vec<super::ConfigBackup>,
    pub endpoints: Vec<super::Endpoint>,
    pub test_environments: Vec<super::TestEnvironment>,
    pub vendors: Vec<Vendor>,
    pub contracts: Vec<Contract>,
    pub vendor_staff: Vec<VendorStaff>,
    pub vendor_service_log: Vec<ServiceLogEntry>,
    pub vendor_accounts: Vec<VendorAccount>,
    pub monitoring: Vec<Monitoring>,
    pub focal_points: Vec<FocalPoint>,
    pub incidents: Vec<Incident>,
    pub ir_plans: Vec<IrPlan>,
    pub drills: Vec<Drill>,
    pub reports: Vec<Report>,
    pub hr_reconciliations: Vec<super::records_org_a::HrReconciliation>,
    pub account_reviews: Vec<super::records_org_a::AccountReview>,
    pub lock_requests: Vec<super::records_org_a::LockRequest>,
    pub trainings: Vec<super::records_org_a::Training>,
    pub training_needs: Vec<super::records_org_a::TrainingNeed>,
    pub handovers: Vec<super::records_org_a::Handover>,
    pub password_exposures: Vec<super::records_org_a::PasswordExposure>,
    pub assets: Vec<super::records_org_a::Asset>,
    pub asset_events: Vec<super::records_org_a::AssetEvent>,
    pub local_admins: Vec<super::records_org_a::LocalAdmin>,
    pub removable_media_approvals: Vec<super::records_org_a::RemovableMediaApproval>,
    pub app_configs: Vec<super::records_org_a::AppConfig>,
    pub access_paths: Vec<super::records_org_a::AccessPath>,
    pub network_zones: Vec<super::records_org_a::NetworkZone>,
    pub zone_flows: Vec<super::records_org_a::ZoneFlow>,
    /// Log sources mapped to systems (issue 4).
    pub log_sources: Vec<super::records_logs::LogSource>,
    /// Facts computed from the central log directory at check time (issue 4);
    /// `None` when no log directory was given.
    pub log_facts: Option<super::records_logs::LogFacts>,
}

/// Everything imported, as one consistent picture, with indexes. Rules read
/// only this. Evidence fields are reached through `Deref`
/// (`snapshot.accounts`).
#[derive(Debug, Default)]
pub struct Snapshot {
    evidence: Evidence,
    index: Index,
}

impl std::ops::Deref for Snapshot {
    type Target = Evidence;

    fn deref(&self) -> &Evidence {
        &self.evidence
    }
}

#[derive(Debug, Default)]
struct Index {
    unit_by_code: FxHashMap<String, usize>,
    person_by_id: FxHashMap<String, usize>,
    system_by_id: FxHashMap<String, usize>,
    accounts_by_person: FxHashMap<String, Vec<usize>>,
    exceptions_by_account: FxHashMap<(String, String), Vec<usize>>,
    account_by_key: FxHashMap<(String, String), usize>,
    /// Unit codes as shared strings, so findings name units without copying.
    unit_refs: FxHashMap<String, Arc<str>>,
    /// Per system (same order as `systems`): its owner, operator and security unit.
    system_units: Vec<Vec<Arc<str>>>,
    /// Per person (same order as `persons`): their unit.
    person_unit: Vec<Option<Arc<str>>>,
    /// Scan coverage rows per system, in import order.
    coverage_by_system: FxHashMap<String, Vec<usize>>,
    vuln_plan_by_key: FxHashMap<String, usize>,
    scan_by_id: FxHashMap<i64, usize>,
    /// Operational evidence by system and device (issue 6).
    ops: ops::OpsIndex,
    /// Indexes of the third-party and response kinds (issue 5, part B).
    vendors_ir: vendors_ir::VendorsIrIndex,
    org_a: super::records_org_a::OrgAIndex,
}

impl Index {
    fn intern(&mut self, code: &str) -> Arc<str> {
        if let Some(a) = self.unit_refs.get(code) {
            return Arc::clone(a);
        }
        let a: Arc<str> = Arc::from(code);
        self.unit_refs.insert(code.to_string(), Arc::clone(&a));
        a
    }
}

impl Snapshot {
    /// Builds the snapshot and its indexes. Rows keep their order, so that
    /// evaluation is deterministic.
    #[must_use]
    pub fn new(evidence: Evidence) -> Self {
        let mut index = Index::default();
        let Evidence { units, persons, systems, accounts, account_exceptions, .. } = &evidence;
        for (i, u) in units.iter().enumerate() {
            index.unit_by_code.insert(u.code.clone(), i);
        }
        for (i, p) in persons.iter().enumerate() {
            index.person_by_id.insert(p.person_id.clone(), i);
        }
        for (i, s) in systems.iter().enumerate() {
            index.system_by_id.insert(s.system_id.clone(), i);
            let units = s.units().map(|u| index.intern(u)).collect();
            index.system_units.push(units);
        }
        for p in persons {
            let unit = p.unit_code.as_deref().map(|u| index.intern(u));
            index.person_unit.push(unit);
        }
        for u in units {
            index.intern(&u.code);
        }
        for (i, a) in accounts.iter().enumerate() {
            if let Some(p) = &a.person_id {
                index.accounts_by_person.entry(p.clone()).or_default().push(i);
            }
            index.account_by_key.insert((a.system_id.clone(), a.username.clone()), i);
        }
        for (i, e) in account_exceptions.iter().enumerate() {
            index.exceptions_by_account.entry((e.system_id.clone(), e.username.clone())).or_default().push(i);
        }
        for (i, c) in evidence.scan_coverage.iter().enumerate() {
            index.coverage_by_system.entry(c.system_id.clone()).or_default().push(i);
        }
        for (i, p) in evidence.vuln_plans.iter().enumerate() {
            index.vuln_plan_by_key.insert(p.vuln_key.clone(), i);
        }
        for (i, s) in evidence.scans.iter().enumerate() {
            index.scan_by_id.insert(s.scan_id, i);
        }
        index.ops = ops::OpsIndex::new(&evidence);
        index.vendors_ir = vendors_ir::VendorsIrIndex::new(&evidence);
        index.org_a = super::records_org_a::OrgAIndex::build(&evidence);
        Snapshot { evidence, index }
    }

    /// Targets of this system covered by imported scans (Điều 23.2.b).
    pub fn scan_coverage_of<'a>(&'a self, system_id: &str) -> impl Iterator<Item = &'a ScanCoverage> + 'a {
        self.index.coverage_by_system.get(system_id).into_iter().flatten().map(move |&i| &self.scan_coverage[i])
    }

    /// The remediation plan of a vulnerability (Điều 23.3).
    #[must_use]
    pub fn vuln_plan(&self, key: &str) -> Option<&VulnPlan> {
        self.index.vuln_plan_by_key.get(key).map(|&i| &self.vuln_plans[i])
    }

    /// An imported scan by id.
    #[must_use]
    pub fn scan(&self, scan_id: i64) -> Option<&Scan> {
        self.index.scan_by_id.get(&scan_id).map(|&i| &self.scans[i])
    }

    /// Indexes of the organisational evidence, part A (`records_org_a`).
    pub(crate) fn org_a(&self) -> &super::records_org_a::OrgAIndex {
        &self.index.org_a
    }

    /// Attaches the central-log facts computed at check time (issue 4).
    pub fn set_log_facts(&mut self, facts: Option<super::records_logs::LogFacts>) {
        self.evidence.log_facts = facts;
    }

    #[must_use]
    pub fn unit(&self, code: &str) -> Option<&Unit> {
        self.index.unit_by_code.get(code).map(|&i| &self.units[i])
    }

    #[must_use]
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.index.person_by_id.get(id).map(|&i| &self.persons[i])
    }

    #[must_use]
    pub fn system(&self, id: &str) -> Option<&System> {
        self.index.system_by_id.get(id).map(|&i| &self.systems[i])
    }

    /// The owner, operator and security unit of a system, as shared strings.
    #[must_use]
    pub fn system_units(&self, system_id: &str) -> &[Arc<str>] {
        self.index.system_by_id.get(system_id).map_or(&[], |&i| self.index.system_units[i].as_slice())
    }

    /// The unit of a person, as a shared string.
    #[must_use]
    pub fn person_unit(&self, person_id: &str) -> Option<&Arc<str>> {
        self.index.person_by_id.get(person_id).and_then(|&i| self.index.person_unit[i].as_ref())
    }

    /// A unit code as a shared string (allocated only for codes no evidence names).
    #[must_use]
    pub fn unit_ref(&self, code: &str) -> Arc<str> {
        self.index.unit_refs.get(code).map_or_else(|| Arc::from(code), Arc::clone)
    }

    #[must_use]
    pub fn account(&self, system_id: &str, username: &str) -> Option<&Account> {
        self.index.account_by_key.get(&(system_id.to_string(), username.to_string())).map(|&i| &self.accounts[i])
    }

    /// Accounts whose `person_id` is the person.
    pub fn accounts_of_person<'a>(&'a self, person_id: &str) -> impl Iterator<Item = &'a Account> + 'a {
        self.index.accounts_by_person.get(person_id).into_iter().flatten().map(move |&i| &self.accounts[i])
    }

    /// Written requests to keep this account (Điều 11.1.c).
    pub fn exceptions_for<'a>(&'a self, account: &Account) -> impl Iterator<Item = &'a AccountException> + 'a {
        self.index
            .exceptions_by_account
            .get(&(account.system_id.clone(), account.username.clone()))
            .into_iter()
            .flatten()
            .map(move |&i| &self.account_exceptions[i])
    }

    /// The unit codes of `root` and all units below it. Unknown roots give
    /// just themselves, so a filter on an unknown code matches findings that
    /// name that code literally. Cycles in the hierarchy are tolerated.
    #[must_use]
    pub fn unit_subtree(&self, root: &str) -> HashSet<String> {
        let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
        for u in &self.units {
            if let Some(p) = &u.parent_code {
                children.entry(p.as_str()).or_default().push(u.code.as_str());
            }
        }
        let mut out = HashSet::new();
        let mut stack = vec![root];
        while let Some(code) = stack.pop() {
            if out.insert(code.to_string()) {
                stack.extend(children.get(code).into_iter().flatten().copied());
            }
        }
        out
    }
}
