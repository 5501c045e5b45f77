//! Systems, persons and accounts: searchable lists and detail pages with
//! their findings, within the caller's scope. A system belongs to its
//! owner, operator and security units; a person to their unit; an account
//! to its system's units and its owner's unit (as findings do).

use std::sync::Arc;

use serde_json::{json, Value};
use tuanthu_core::evidence::{Account, Person, System};
use tuanthu_core::{Finding, Snapshot};

use crate::api::{json_finding, ListQuery};
use crate::auth::Principal;
use crate::authz::{Action, Scope};
use crate::cache::Loaded;
use crate::collate;
use crate::http::Problem;
use crate::state::AppState;

pub struct Listing<T> {
    pub loaded: Arc<Loaded>,
    pub items: Vec<T>,
    pub total: usize,
}

fn text_match(q: &Option<String>, fields: &[&str]) -> bool {
    match q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => true,
        Some(q) => {
            let q = tuanthu_core::text::fold_diacritics(&q.to_lowercase());
            fields.iter().any(|f| tuanthu_core::text::fold_diacritics(&f.to_lowercase()).contains(&q))
        }
    }
}

async fn scope_for(state: &AppState, p: &Principal) -> Result<(Arc<Loaded>, Scope), Problem> {
    let loaded = state.inner.cache.loaded(state).await?;
    let scope = p.scope(Action::ReadEvidence, &loaded.snapshot);
    if !scope.allowed() {
        return Err(Problem::forbidden());
    }
    Ok((loaded, scope))
}

fn page<T: Clone>(all: Vec<T>, q: &ListQuery) -> (Vec<T>, usize) {
    let total = all.len();
    let items = all.into_iter().skip(q.offset.unwrap_or(0)).take(q.limit.unwrap_or(usize::MAX)).collect();
    (items, total)
}

fn unit_filter(snapshot: &Snapshot, q: &ListQuery) -> Option<std::collections::HashSet<String>> {
    q.unit.as_deref().map(str::trim).filter(|u| !u.is_empty()).map(|u| snapshot.unit_subtree(u))
}

pub fn account_units<'a>(snapshot: &'a Snapshot, a: &'a Account) -> Vec<&'a str> {
    let mut v: Vec<&str> = snapshot.system_units(&a.system_id).iter().map(|u| &**u).collect();
    if let Some(u) = a.person_id.as_deref().and_then(|p| snapshot.person_unit(p)) {
        v.push(u);
    }
    v
}

pub async fn systems(state: &AppState, p: &Principal, q: &ListQuery) -> Result<Listing<System>, Problem> {
    let (loaded, scope) = scope_for(state, p).await?;
    let units = unit_filter(&loaded.snapshot, q);
    let mut all: Vec<System> = loaded
        .snapshot
        .systems
        .iter()
        .filter(|s| scope.sees(s.units()))
        .filter(|s| units.as_ref().is_none_or(|set| s.units().any(|u| set.contains(u))))
        .filter(|s| text_match(&q.q, &[&s.system_id, &s.name]))
        .cloned()
        .collect();
    all.sort_by_cached_key(|s| collate::sort_key(&s.name));
    let (items, total) = page(all, q);
    Ok(Listing { loaded, items, total })
}

pub async fn persons(state: &AppState, p: &Principal, q: &ListQuery) -> Result<Listing<Person>, Problem> {
    let (loaded, scope) = scope_for(state, p).await?;
    let units = unit_filter(&loaded.snapshot, q);
    let mut all: Vec<Person> = loaded
        .snapshot
        .persons
        .iter()
        .filter(|x| scope.sees(x.unit_code.as_deref()))
        .filter(|x| units.as_ref().is_none_or(|set| x.unit_code.as_deref().is_some_and(|u| set.contains(u))))
        .filter(|x| text_match(&q.q, &[&x.person_id, &x.full_name, x.email.as_deref().unwrap_or("")]))
        .filter(|x| q.status.as_deref().is_none_or(|s| s.is_empty() || x.status.as_str() == s))
        .cloned()
        .collect();
    all.sort_by_cached_key(|x| collate::person_name_key(&x.full_name));
    let (items, total) = page(all, q);
    Ok(Listing { loaded, items, total })
}

pub async fn accounts(state: &AppState, p: &Principal, q: &ListQuery) -> Result<Listing<Account>, Problem> {
    let (loaded, scope) = scope_for(state, p).await?;
    let snap = &loaded.snapshot;
    let units = unit_filter(snap, q);
    let all: Vec<Account> = snap
        .accounts
        .iter()
        .filter(|a| q.system.as_deref().is_none_or(|s| s.is_empty() || a.system_id == s))
        .filter(|a| q.status.as_deref().is_none_or(|s| s.is_empty() || a.status.as_str() == s))
        .filter(|a| {
            let u = account_units(snap, a);
            scope.sees(u.iter().copied()) && units.as_ref().is_none_or(|set| u.iter().any(|x| set.contains(*x)))
        })
        .filter(|a| text_match(&q.q, &[&a.username, a.person_id.as_deref().unwrap_or(""), &a.system_id]))
        .cloned()
        .collect();
    let (items, total) = page(all, q);
    Ok(Listing { loaded, items, total })
}

fn d(x: Option<chrono::NaiveDate>) -> Value {
    x.map_or(Value::Null, |d| json!(d.format("%Y-%m-%d").to_string()))
}

pub fn system_json(s: &System) -> Value {
    json!({
        "system_id": s.system_id, "name": s.name, "owner_unit": s.owner_unit, "operator_unit": s.operator_unit,
        "security_unit": s.security_unit, "level": s.level, "level_status": s.level_status.map(|x| x.as_str()),
        "level_approved_by": s.level_approved_by, "level_approved_on": d(s.level_approved_on),
        "in_operation": s.in_operation, "in_operation_since": d(s.in_operation_since),
        "internet_facing": s.internet_facing, "third_party_connected": s.third_party_connected,
    })
}

pub fn person_json(x: &Person) -> Value {
    json!({
        "person_id": x.person_id, "full_name": x.full_name, "unit_code": x.unit_code, "position": x.position,
        "email": x.email, "status": x.status.as_str(), "sensitive_position": x.sensitive_position,
        "background_checked_on": d(x.background_checked_on), "nda_signed_on": d(x.nda_signed_on), "hired_on": d(x.hired_on),
    })
}

pub fn account_json(a: &Account) -> Value {
    json!({
        "system_id": a.system_id, "username": a.username, "kind": a.kind.as_str(), "shared": a.shared,
        "person_id": a.person_id, "responsible_person_ids": a.responsible_person_ids, "status": a.status.as_str(),
        "created_on": d(a.created_on), "disabled_on": d(a.disabled_on), "rights_changed_on": d(a.rights_changed_on),
        "last_login_at": a.last_login_at.map(|t| t.to_rfc3339()), "password_changed_at": a.password_changed_at.map(|t| t.to_rfc3339()),
        "privileges": a.privileges,
    })
}

/// Findings (needing attention or due soon, as of today) about a subject.
pub async fn findings_about(
    state: &AppState,
    p: &Principal,
    pred: impl Fn(&Finding) -> bool,
) -> Result<Vec<Finding>, Problem> {
    let (loaded, eval) = state.inner.cache.evaluation(state, tuanthu_core::today_in_vietnam()).await?;
    let scope = p.scope(Action::ReadFindings, &loaded.snapshot);
    Ok(eval.findings.iter().filter(|f| scope.sees(f.units.iter().map(|u| &**u)) && pred(f)).cloned().collect())
}

pub struct SystemDetail {
    pub system: System,
    pub accounts: usize,
    pub findings: Vec<Finding>,
}

pub async fn system_detail_data(state: &AppState, p: &Principal, id: &str) -> Result<SystemDetail, Problem> {
    let (loaded, scope) = scope_for(state, p).await?;
    let Some(s) = loaded.snapshot.system(id).filter(|s| scope.sees(s.units())).cloned() else {
        return Err(Problem::not_found());
    };
    let accounts = loaded.snapshot.accounts.iter().filter(|a| a.system_id == id).count();
    let prefix = format!("{id}/");
    let findings = findings_about(state, p, |f| f.subject_id == id || f.subject_id.starts_with(&prefix)).await?;
    Ok(SystemDetail { system: s, accounts, findings })
}

pub async fn system_detail(state: &AppState, p: &Principal, id: &str) -> Result<Value, Problem> {
    let d = system_detail_data(state, p, id).await?;
    let mut v = system_json(&d.system);
    v["account_count"] = json!(d.accounts);
    v["findings"] = Value::Array(d.findings.iter().map(|f| json!(json_finding(f))).collect());
    Ok(v)
}

pub struct PersonDetail {
    pub person: Person,
    pub accounts: Vec<Account>,
    pub findings: Vec<Finding>,
}

pub async fn person_detail_data(state: &AppState, p: &Principal, id: &str) -> Result<PersonDetail, Problem> {
    let (loaded, scope) = scope_for(state, p).await?;
    let Some(x) = loaded.snapshot.person(id).filter(|x| scope.sees(x.unit_code.as_deref())).cloned() else {
        return Err(Problem::not_found());
    };
    let accounts: Vec<Account> = loaded.snapshot.accounts_of_person(id).cloned().collect();
    let keys: Vec<String> = accounts.iter().map(Account::subject_id).collect();
    let findings = findings_about(state, p, |f| f.subject_id == id || keys.contains(&f.subject_id)).await?;
    Ok(PersonDetail { person: x, accounts, findings })
}

pub async fn person_detail(state: &AppState, p: &Principal, id: &str) -> Result<Value, Problem> {
    let d = person_detail_data(state, p, id).await?;
    let mut v = person_json(&d.person);
    v["accounts"] = Value::Array(d.accounts.iter().map(account_json).collect());
    v["findings"] = Value::Array(d.findings.iter().map(|f| json!(json_finding(f))).collect());
    Ok(v)
}

pub struct AccountDetail {
    pub account: Account,
    pub findings: Vec<Finding>,
}

pub async fn account_detail_data(
    state: &AppState,
    p: &Principal,
    system: &str,
    username: &str,
) -> Result<AccountDetail, Problem> {
    let (loaded, scope) = scope_for(state, p).await?;
    let snap = &loaded.snapshot;
    let Some(a) = snap.account(system, username).filter(|a| scope.sees(account_units(snap, a))).cloned() else {
        return Err(Problem::not_found());
    };
    let key = a.subject_id();
    let findings = findings_about(state, p, |f| f.subject_id == key).await?;
    Ok(AccountDetail { account: a, findings })
}

pub async fn account_detail(state: &AppState, p: &Principal, system: &str, username: &str) -> Result<Value, Problem> {
    let d = account_detail_data(state, p, system, username).await?;
    let mut v = account_json(&d.account);
    v["findings"] = Value::Array(d.findings.iter().map(|f| json!(json_finding(f))).collect());
    Ok(v)
}
