//! Indexes of the operational evidence (issue 6): rows by system and by
//! network device, so that rules never scan a whole table per subject.

use crate::fxhash::FxHashMap;

use super::super::records_ops::{
    Assessment, BackupPlan, BackupRun, Change, ConfigBackup, Document, NetworkDevice, NetworkPort, RestoreTest,
    TestEnvironment,
};
use super::{Evidence, Snapshot};

type ByKey = FxHashMap<String, Vec<usize>>;

fn group<T>(rows: &[T], key: impl Fn(&T) -> &str) -> ByKey {
    let mut map = ByKey::default();
    for (i, r) in rows.iter().enumerate() {
        let k = key(r);
        match map.get_mut(k) {
            Some(v) => v.push(i),
            None => {
                map.insert(k.to_string(), vec![i]);
            }
        }
    }
    map
}

#[derive(Debug, Default)]
pub(super) struct OpsIndex {
    backup_plans: ByKey,
    backup_runs: ByKey,
    restore_tests: ByKey,
    assessments: ByKey,
    changes: ByKey,
    documents: ByKey,
    test_environments: ByKey,
    network_device: FxHashMap<String, usize>,
    ports: ByKey,
    config_backups: ByKey,
    /// Every device named by `network_devices`, `network_ports` or
    /// `config_backups`, in that order of first appearance, with its system.
    devices: Vec<(String, Option<String>)>,
}

impl OpsIndex {
    pub(super) fn new(e: &Evidence) -> Self {
        let mut network_device = FxHashMap::default();
        for (i, d) in e.network_devices.iter().enumerate() {
            network_device.entry(d.device.clone()).or_insert(i);
        }
        let mut devices: Vec<(String, Option<String>)> = Vec::new();
        let mut seen: FxHashMap<String, usize> = FxHashMap::default();
        let mut note = |device: &str, system: Option<&String>| match seen.get(device) {
            Some(&i) => {
                if devices[i].1.is_none() {
                    devices[i].1 = system.cloned();
                }
            }
            None => {
                seen.insert(device.to_string(), devices.len());
                devices.push((device.to_string(), system.cloned()));
            }
        };
        for d in &e.network_devices {
            note(&d.device, d.system_id.as_ref());
        }
        for p in &e.network_ports {
            note(&p.device, p.system_id.as_ref());
        }
        for b in &e.config_backups {
            note(&b.device, b.system_id.as_ref());
        }
        OpsIndex {
            backup_plans: group(&e.backup_plans, |r| &r.system_id),
            backup_runs: group(&e.backup_runs, |r| &r.system_id),
            restore_tests: group(&e.restore_tests, |r| &r.system_id),
            assessments: group(&e.assessments, |r| &r.system_id),
            changes: group(&e.changes, |r| &r.system_id),
            documents: group(&e.documents, |r| &r.system_id),
            test_environments: group(&e.test_environments, |r| &r.system_id),
            network_device,
            ports: group(&e.network_ports, |r| &r.device),
            config_backups: group(&e.config_backups, |r| &r.device),
            devices,
        }
    }
}

fn rows<'a, T>(map: &'a ByKey, key: &str, all: &'a [T]) -> impl Iterator<Item = &'a T> + 'a {
    map.get(key).into_iter().flatten().filter_map(move |&i| all.get(i))
}

impl Snapshot {
    /// The backup plan of a system (Điều 15.1).
    #[must_use]
    pub fn backup_plan(&self, system_id: &str) -> Option<&BackupPlan> {
        rows(&self.index.ops.backup_plans, system_id, &self.backup_plans).next()
    }

    /// Backup runs of a system, in evidence order.
    pub fn backup_runs_of<'a>(&'a self, system_id: &str) -> impl Iterator<Item = &'a BackupRun> + 'a {
        rows(&self.index.ops.backup_runs, system_id, &self.backup_runs)
    }

    pub fn restore_tests_of<'a>(&'a self, system_id: &str) -> impl Iterator<Item = &'a RestoreTest> + 'a {
        rows(&self.index.ops.restore_tests, system_id, &self.restore_tests)
    }

    pub fn assessments_of<'a>(&'a self, system_id: &str) -> impl Iterator<Item = &'a Assessment> + 'a {
        rows(&self.index.ops.assessments, system_id, &self.assessments)
    }

    pub fn changes_of<'a>(&'a self, system_id: &str) -> impl Iterator<Item = &'a Change> + 'a {
        rows(&self.index.ops.changes, system_id, &self.changes)
    }

    pub fn documents_of<'a>(&'a self, system_id: &str) -> impl Iterator<Item = &'a Document> + 'a {
        rows(&self.index.ops.documents, system_id, &self.documents)
    }

    pub fn test_environments_of<'a>(&'a self, system_id: &str) -> impl Iterator<Item = &'a TestEnvironment> + 'a {
        rows(&self.index.ops.test_environments, system_id, &self.test_environments)
    }

    /// A device of the network inventory.
    #[must_use]
    pub fn network_device(&self, device: &str) -> Option<&NetworkDevice> {
        self.index.ops.network_device.get(device).and_then(|&i| self.network_devices.get(i))
    }

    /// Ports of a device, in evidence order.
    pub fn ports_of<'a>(&'a self, device: &str) -> impl Iterator<Item = &'a NetworkPort> + 'a {
        rows(&self.index.ops.ports, device, &self.network_ports)
    }

    pub fn config_backups_of<'a>(&'a self, device: &str) -> impl Iterator<Item = &'a ConfigBackup> + 'a {
        rows(&self.index.ops.config_backups, device, &self.config_backups)
    }

    /// Every known network device with its system: the inventory first, then
    /// devices only named by ports or configuration backups.
    #[must_use]
    pub fn devices(&self) -> &[(String, Option<String>)] {
        &self.index.ops.devices
    }
}
