//! All evidence in memory, with the indexes the rules need.

use std::collections::{HashMap, HashSet};

use super::records::{Account, AccountException, Holiday, HrEvent, Person, System, Unit};

/// Everything imported, as one consistent picture. Rules read only this.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub units: Vec<Unit>,
    pub persons: Vec<Person>,
    pub hr_events: Vec<HrEvent>,
    pub systems: Vec<System>,
    pub accounts: Vec<Account>,
    pub account_exceptions: Vec<AccountException>,
    pub holidays: Vec<Holiday>,
    index: Index,
}

#[derive(Debug, Default)]
struct Index {
    unit_by_code: HashMap<String, usize>,
    person_by_id: HashMap<String, usize>,
    system_by_id: HashMap<String, usize>,
    accounts_by_person: HashMap<String, Vec<usize>>,
    exceptions_by_account: HashMap<(String, String), Vec<usize>>,
    account_by_key: HashMap<(String, String), usize>,
}

impl Snapshot {
    /// Builds the snapshot and its indexes. Rows keep their order, so that
    /// evaluation is deterministic.
    #[must_use]
    pub fn new(
        units: Vec<Unit>,
        persons: Vec<Person>,
        hr_events: Vec<HrEvent>,
        systems: Vec<System>,
        accounts: Vec<Account>,
        account_exceptions: Vec<AccountException>,
        holidays: Vec<Holiday>,
    ) -> Self {
        let mut index = Index::default();
        for (i, u) in units.iter().enumerate() {
            index.unit_by_code.insert(u.code.clone(), i);
        }
        for (i, p) in persons.iter().enumerate() {
            index.person_by_id.insert(p.person_id.clone(), i);
        }
        for (i, s) in systems.iter().enumerate() {
            index.system_by_id.insert(s.system_id.clone(), i);
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
        Snapshot { units, persons, hr_events, systems, accounts, account_exceptions, holidays, index }
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

    #[must_use]
    pub fn account(&self, system_id: &str, username: &str) -> Option<&Account> {
        self.index.account_by_key.get(&(system_id.to_string(), username.to_string())).map(|&i| &self.accounts[i])
    }

    /// Accounts whose one owner is the person (shared and service accounts excluded).
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
