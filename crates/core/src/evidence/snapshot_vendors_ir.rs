//! Indexes of the third-party and response kinds, and the snapshot's
//! accessors for them (a child module of `snapshot`, so that the accessors
//! live here rather than in the shared file).

use crate::fxhash::FxHashMap;

use super::super::records_vendors_ir::{
    Contract, Drill, FocalPoint, IrPlan, Monitoring, Report, ServiceLogEntry, Vendor, VendorAccount, VendorStaff,
};
use super::{Evidence, Snapshot};

/// Row positions by key, built once with the snapshot.
#[derive(Debug, Default)]
pub(super) struct VendorsIrIndex {
    vendor_by_id: FxHashMap<String, usize>,
    contract_by_id: FxHashMap<String, usize>,
    contracts_by_vendor: FxHashMap<String, Vec<usize>>,
    staff_by_vendor: FxHashMap<String, Vec<usize>>,
    log_by_vendor: FxHashMap<String, Vec<usize>>,
    vendor_accounts_by_vendor: FxHashMap<String, Vec<usize>>,
    vendor_account_by_key: FxHashMap<(String, String), usize>,
    monitoring_by_system: FxHashMap<String, usize>,
    focal_points_by_unit: FxHashMap<String, Vec<usize>>,
    plans_by_unit: FxHashMap<String, Vec<usize>>,
    drills_by_unit: FxHashMap<String, Vec<usize>>,
    reports_by_unit: FxHashMap<String, Vec<usize>>,
}

fn group<T>(rows: &[T], key: impl Fn(&T) -> &str) -> FxHashMap<String, Vec<usize>> {
    let mut m: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (i, r) in rows.iter().enumerate() {
        m.entry(key(r).to_string()).or_default().push(i);
    }
    m
}

fn unique<T>(rows: &[T], key: impl Fn(&T) -> &str) -> FxHashMap<String, usize> {
    rows.iter().enumerate().map(|(i, r)| (key(r).to_string(), i)).collect()
}

impl VendorsIrIndex {
    pub(super) fn new(e: &Evidence) -> Self {
        VendorsIrIndex {
            vendor_by_id: unique(&e.vendors, |v| &v.vendor_id),
            contract_by_id: unique(&e.contracts, |c| &c.contract_id),
            contracts_by_vendor: group(&e.contracts, |c| &c.vendor_id),
            staff_by_vendor: group(&e.vendor_staff, |s| &s.vendor_id),
            log_by_vendor: group(&e.vendor_service_log, |l| &l.vendor_id),
            vendor_accounts_by_vendor: group(&e.vendor_accounts, |a| &a.vendor_id),
            vendor_account_by_key: e
                .vendor_accounts
                .iter()
                .enumerate()
                .map(|(i, a)| ((a.system_id.clone(), a.username.clone()), i))
                .collect(),
            monitoring_by_system: unique(&e.monitoring, |m| &m.system_id),
            focal_points_by_unit: group(&e.focal_points, |f| &f.unit_code),
            plans_by_unit: group(&e.ir_plans, |p| &p.unit_code),
            drills_by_unit: group(&e.drills, |d| &d.unit_code),
            reports_by_unit: group(&e.reports, |r| &r.unit_code),
        }
    }
}

fn rows<'a, T>(all: &'a [T], ix: Option<&'a Vec<usize>>) -> impl Iterator<Item = &'a T> + 'a {
    ix.into_iter().flatten().filter_map(move |&i| all.get(i))
}

impl Snapshot {
    fn vix(&self) -> &VendorsIrIndex {
        &self.index.vendors_ir
    }

    #[must_use]
    pub fn vendor(&self, id: &str) -> Option<&Vendor> {
        self.vix().vendor_by_id.get(id).and_then(|&i| self.vendors.get(i))
    }

    #[must_use]
    pub fn contract(&self, id: &str) -> Option<&Contract> {
        self.vix().contract_by_id.get(id).and_then(|&i| self.contracts.get(i))
    }

    /// Contracts of a vendor, in evidence order.
    pub fn contracts_of_vendor<'a>(&'a self, vendor_id: &str) -> impl Iterator<Item = &'a Contract> + 'a {
        rows(&self.contracts, self.vix().contracts_by_vendor.get(vendor_id))
    }

    /// Staff of a vendor, in evidence order.
    pub fn staff_of_vendor<'a>(&'a self, vendor_id: &str) -> impl Iterator<Item = &'a VendorStaff> + 'a {
        rows(&self.vendor_staff, self.vix().staff_by_vendor.get(vendor_id))
    }

    /// Service-log entries of a vendor, in evidence order.
    pub fn service_log_of_vendor<'a>(&'a self, vendor_id: &str) -> impl Iterator<Item = &'a ServiceLogEntry> + 'a {
        rows(&self.vendor_service_log, self.vix().log_by_vendor.get(vendor_id))
    }

    /// Accounts held by a vendor, in evidence order.
    pub fn vendor_accounts_of<'a>(&'a self, vendor_id: &str) -> impl Iterator<Item = &'a VendorAccount> + 'a {
        rows(&self.vendor_accounts, self.vix().vendor_accounts_by_vendor.get(vendor_id))
    }

    /// The vendor link of an account, if a vendor holds it.
    #[must_use]
    pub fn vendor_account(&self, system_id: &str, username: &str) -> Option<&VendorAccount> {
        self.vix()
            .vendor_account_by_key
            .get(&(system_id.to_string(), username.to_string()))
            .and_then(|&i| self.vendor_accounts.get(i))
    }

    /// The monitoring declaration of a system.
    #[must_use]
    pub fn monitoring_of(&self, system_id: &str) -> Option<&Monitoring> {
        self.vix().monitoring_by_system.get(system_id).and_then(|&i| self.monitoring.get(i))
    }

    /// Alert focal points named by a unit.
    pub fn focal_points_of<'a>(&'a self, unit: &str) -> impl Iterator<Item = &'a FocalPoint> + 'a {
        rows(&self.focal_points, self.vix().focal_points_by_unit.get(unit))
    }

    /// Incident response plans of a unit.
    pub fn ir_plans_of<'a>(&'a self, unit: &str) -> impl Iterator<Item = &'a IrPlan> + 'a {
        rows(&self.ir_plans, self.vix().plans_by_unit.get(unit))
    }

    /// Drills held by a unit.
    pub fn drills_of<'a>(&'a self, unit: &str) -> impl Iterator<Item = &'a Drill> + 'a {
        rows(&self.drills, self.vix().drills_by_unit.get(unit))
    }

    /// Reports sent (or drafted) by a unit.
    pub fn reports_of<'a>(&'a self, unit: &str) -> impl Iterator<Item = &'a Report> + 'a {
        rows(&self.reports, self.vix().reports_by_unit.get(unit))
    }
}
