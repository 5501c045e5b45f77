//! Third parties (bên thứ ba): contracts, admin work, service log, staff and
//! offboarding (Điều 25-27).
//!
//! > 25.1. (…) Hợp đồng với bên thứ ba phải bao gồm các điều khoản và nghĩa vụ
//! > về an toàn, an ninh thông tin, cam kết không tiết lộ thông tin, trách
//! > nhiệm xử lý, vá lỗ hổng phần mềm, điều khoản xử lý vi phạm và trách nhiệm
//! > bồi thường thiệt hại của bên thứ ba do vi phạm của bên thứ ba gây ra.
//! >
//! > 25.2. Không được thuê một bên thứ ba thực hiện toàn bộ công việc quản trị
//! > (chỉnh sửa cấu hình, quản lý dữ liệu, quản lý nhật ký) đối với các hệ
//! > thống thông tin quan trọng về an ninh quốc gia.
//! >
//! > 26.2. (…) phải lập hồ sơ nhật ký giám sát dịch vụ của đối tác cung cấp,
//! > bao gồm tối thiểu các thông tin sau: Tên đối tác; Dịch vụ cung cấp; Ngày
//! > thực hiện; Các vấn đề về an toàn, an ninh thông tin (…); Các thay đổi
//! > khác trong dịch vụ (nếu có).
//! >
//! > 26.7. Thu hồi quyền truy cập hệ thống thông tin đã được cấp cho bên thứ
//! > ba, thay đổi các khóa, mã khóa bí mật nhận bàn giao từ bên thứ ba ngay
//! > sau khi hoàn thành công việc hoặc kết thúc hợp đồng.
//! >
//! > 27.2. (…) Thông báo danh sách nhân sự triển khai cho bên ký kết hợp đồng
//! > và phải được đơn vị Hải quan chấp thuận. Nhân sự bên thứ ba phải ký cam
//! > kết không tiết lộ thông tin quan trọng của bên ký kết hợp đồng.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use super::{Context, Rule};
use crate::evidence::{AccountKind, AdminFunction, Clause, Contract, ServiceLogEntry, System};
use crate::finding::{vn_date, Finding, Status, SubjectKind};
use crate::rulepack::{Params, RuleDef, RulePackError};

/// A contract is in scope when it names no system or one of its systems is.
fn contract_in_scope(ctx: &Context<'_>, c: &Contract) -> bool {
    c.system_ids.is_empty() || c.system_ids.iter().any(|s| ctx.system_in_scope(s))
}

/// A finding about a contract: its unit, the vendor's focal unit and the
/// units of its systems.
fn contract_finding(ctx: &Context<'_>, c: &Contract, status: Status) -> Finding {
    let snap = ctx.snapshot;
    let mut f = Finding::new(status, SubjectKind::Contract, c.contract_id.clone())
        .evidence(format!("contracts/{}", c.contract_id));
    if let Some(u) = &c.unit_code {
        f = f.units([&snap.unit_ref(u)]);
    }
    if let Some(u) = snap.vendor(&c.vendor_id).and_then(|v| v.focal_unit.as_deref()) {
        f = f.units([&snap.unit_ref(u)]);
    }
    for s in &c.system_ids {
        f = f.units(snap.system_units(s));
    }
    f
}

fn vendor_name(ctx: &Context<'_>, vendor_id: &str) -> String {
    match ctx.snapshot.vendor(vendor_id) {
        Some(v) => format!("{} ({})", v.name, v.vendor_id),
        None => vendor_id.to_string(),
    }
}

/// At most `n` items, then "…".
fn list_some(items: &[String], n: usize) -> String {
    let mut s = items.iter().take(n).cloned().collect::<Vec<_>>().join(", ");
    if items.len() > n {
        s.push_str(&format!(", … (+{})", items.len() - n));
    }
    s
}

// ─────────────────────────────────────────────────────────────────────────────
// VENDOR-CONTRACT (Điều 25.1)
// ─────────────────────────────────────────────────────────────────────────────

/// Kind `contract_clauses`: VENDOR-CONTRACT. Every contract records each
/// required clause as present (`yes`); a clause recorded `no` fails it, a
/// clause not recorded (blank) leaves it `no_evidence`.
pub struct ContractClauses {
    required: Vec<Clause>,
}

impl ContractClauses {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        let all: Vec<&str> = Clause::ALL.iter().map(|c| c.as_str()).collect();
        Ok(ContractClauses { required: Params::of(def).enums("required_clauses", &all, Clause::parse)? })
    }
}

impl Rule for ContractClauses {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        for c in ctx.snapshot.contracts.iter().filter(|c| contract_in_scope(ctx, c)) {
            let f = contract_finding(ctx, c, Status::Pass);
            let missing: Vec<Clause> = self.required.iter().copied().filter(|k| c.clause(*k) == Some(false)).collect();
            let unknown: Vec<Clause> = self.required.iter().copied().filter(|k| c.clause(*k).is_none()).collect();
            let vi = |ks: &[Clause]| ks.iter().map(|k| k.name_vi()).collect::<Vec<_>>().join("; ");
            let en = |ks: &[Clause]| ks.iter().map(|k| format!("clause_{}", k.as_str())).collect::<Vec<_>>().join(", ");
            let vendor = vendor_name(ctx, &c.vendor_id);
            out(if !missing.is_empty() {
                let (uvi, uen) = if unknown.is_empty() {
                    (String::new(), String::new())
                } else {
                    (format!(" Chưa ghi nhận: {}.", vi(&unknown)), format!(" Not recorded: {}.", en(&unknown)))
                };
                Finding { status: Status::Fail, ..f }.message(
                    format!("Hợp đồng với {vendor} thiếu: {}.{uvi}", vi(&missing)),
                    format!("Contract with {vendor} lacks: {}.{uen}", en(&missing)),
                )
            } else if !unknown.is_empty() {
                Finding { status: Status::NoEvidence, ..f }.message(
                    format!("Chưa ghi nhận hợp đồng với {vendor} có: {}.", vi(&unknown)),
                    format!("Not recorded whether the contract with {vendor} has: {}.", en(&unknown)),
                )
            } else {
                f.message(
                    format!("Hợp đồng với {vendor} có đủ các điều khoản an toàn thông tin theo Điều 25.1."),
                    format!("Contract with {vendor} has every security clause of Article 25.1."),
                )
            });
        }
    }
}

// ─────────────────────────────────────────────────────────────────────────────
// VENDOR-NO-FULL-ADMIN (Điều 25.2)
// ─────────────────────────────────────────────────────────────────────────────

/// Kind `vendor_admin_split`: VENDOR-NO-FULL-ADMIN. A vendor "does all the
/// admin work" of a system when, on the as-of date, its contracts in force
/// for that system together cover every function of `admin_functions`, or
/// when it holds every active admin account of the system.
pub struct VendorAdminSplit {
    functions: Vec<AdminFunction>,
}

impl VendorAdminSplit {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        let p = Params::of(def);
        let all: Vec<&str> = AdminFunction::ALL.iter().map(|f| f.as_str()).collect();
        let flag = p.string("system_flag", Some("national_security_important"))?;
        if flag != "national_security_important" {
            return Err(RulePackError::rule(
                &def.id,
                format!("system_flag = \"{flag}\" không hợp lệ (national_security_important)"),
                format!("invalid system_flag = \"{flag}\" (national_security_important)"),
            ));
        }
        let functions = p.enums("admin_functions", &all, AdminFunction::parse)?;
        if functions.is_empty() {
            return Err(RulePackError::rule(&def.id, "admin_functions rỗng", "admin_functions is empty"));
        }
        Ok(VendorAdminSplit { functions })
    }
}

/// Why a vendor is taken to do all the admin work of a system.
struct FullAdmin {
    vendor: String,
    contracts: Vec<String>,
    accounts: Vec<String>,
}

impl VendorAdminSplit {
    /// Vendors doing all the admin work of `s` on the as-of date.
    fn full_admins(&self, ctx: &Context<'_>, s: &System, admins: Option<&AdminAccounts>) -> Vec<FullAdmin> {
        let mut per_vendor: HashMap<&str, (BTreeSet<AdminFunction>, Vec<String>)> = HashMap::new();
        for c in ctx.snapshot.contracts.iter().filter(|c| c.covers(&s.system_id) && c.in_force_on(ctx.as_of)) {
            if c.admin_functions.is_empty() {
                continue;
            }
            let e = per_vendor.entry(c.vendor_id.as_str()).or_default();
            e.0.extend(c.admin_functions.iter().copied());
            e.1.push(c.contract_id.clone());
        }
        let mut out: Vec<FullAdmin> = Vec::new();
        let mut vendors: Vec<&&str> = per_vendor.keys().collect();
        vendors.sort();
        for v in vendors {
            let (functions, contracts) = &per_vendor[*v];
            if self.functions.iter().all(|f| functions.contains(f)) {
                out.push(FullAdmin { vendor: (*v).to_string(), contracts: contracts.clone(), accounts: Vec::new() });
            }
        }
        if let Some(a) = admins {
            if let Some((vendor, accounts)) = a.single_vendor() {
                match out.iter_mut().find(|x| x.vendor == vendor) {
                    Some(x) => x.accounts = accounts,
                    None => out.push(FullAdmin { vendor, contracts: Vec::new(), accounts }),
                }
            }
        }
        out
    }
}

/// Active admin accounts of one system: how many, and which a vendor holds.
#[derive(Default)]
struct AdminAccounts {
    total: usize,
    by_vendor: Vec<(String, String)>,
}

impl AdminAccounts {
    /// The vendor holding every active admin account (there is at least one).
    fn single_vendor(&self) -> Option<(String, Vec<String>)> {
        let first = self.by_vendor.first()?;
        let all_same = self.by_vendor.iter().all(|(v, _)| *v == first.0);
        (all_same && self.by_vendor.len() == self.total)
            .then(|| (first.0.clone(), self.by_vendor.iter().map(|(_, a)| a.clone()).collect()))
    }
}

impl Rule for VendorAdminSplit {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        let snap = ctx.snapshot;
        // One pass over the accounts: active admin accounts of the systems
        // where a vendor holds at least one.
        let vendor_systems: BTreeSet<&str> = snap.vendor_accounts.iter().map(|v| v.system_id.as_str()).collect();
        let mut admins: HashMap<&str, AdminAccounts> = HashMap::new();
        if !vendor_systems.is_empty() {
            for a in &snap.accounts {
                if a.kind != AccountKind::Admin
                    || !a.active_on(ctx.as_of)
                    || !vendor_systems.contains(a.system_id.as_str())
                {
                    continue;
                }
                let e = admins.entry(a.system_id.as_str()).or_default();
                e.total += 1;
                if let Some(v) = snap.vendor_account(&a.system_id, &a.username) {
                    e.by_vendor.push((v.vendor_id.clone(), a.subject_id()));
                }
            }
        }
        for s in snap.systems.iter().filter(|s| ctx.def.applies_to_level(s.level)) {
            let f = Finding::new(Status::Pass, SubjectKind::System, s.system_id.clone())
                .evidence(format!("systems/{}", s.system_id))
                .units(snap.system_units(&s.system_id));
            if s.national_security == Some(false) {
                out(Finding { status: Status::NotApplicable, ..f }.message(
                    "Hệ thống không thuộc danh mục hệ thống thông tin quan trọng về an ninh quốc gia.",
                    "System is not designated important to national security.",
                ));
                continue;
            }
            let full = self.full_admins(ctx, s, admins.get(s.system_id.as_str()));
            let mut f = f;
            for x in &full {
                for c in &x.contracts {
                    f = f.evidence(format!("contracts/{c}"));
                }
                for a in &x.accounts {
                    f = f.evidence(format!("accounts/{a}"));
                }
            }
            let why = |x: &FullAdmin| {
                let mut vi = Vec::new();
                let mut en = Vec::new();
                if !x.contracts.is_empty() {
                    vi.push(format!("hợp đồng {} giao cấu hình, dữ liệu và nhật ký", x.contracts.join(", ")));
                    en.push(format!("contract(s) {} cover configuration, data and logs", x.contracts.join(", ")));
                }
                if !x.accounts.is_empty() {
                    vi.push(format!("giữ toàn bộ tài khoản quản trị ({})", list_some(&x.accounts, 5)));
                    en.push(format!("it holds every admin account ({})", list_some(&x.accounts, 5)));
                }
                (
                    format!("{}: {}", vendor_name(ctx, &x.vendor), vi.join("; ")),
                    format!("{}: {}", vendor_name(ctx, &x.vendor), en.join("; ")),
                )
            };
            let (vi, en): (Vec<String>, Vec<String>) = full.iter().map(why).unzip();
            out(match (s.national_security, full.is_empty()) {
                (_, true) => f.message(
                    "Không có bên thứ ba nào thực hiện toàn bộ công việc quản trị (cấu hình, dữ liệu, nhật ký) của hệ thống.",
                    "No single vendor does all the admin work (configuration, data, logs) of the system.",
                ),
                (Some(true), false) => Finding { status: Status::Fail, ..f }.message(
                    format!(
                        "Hệ thống quan trọng về an ninh quốc gia thuê một bên thứ ba thực hiện toàn bộ công việc quản trị: {}.",
                        vi.join(" | ")
                    ),
                    format!(
                        "A single vendor does all the admin work of a system important to national security: {}.",
                        en.join(" | ")
                    ),
                ),
                _ => Finding { status: Status::NoEvidence, ..f }.message(
                    format!(
                        "Một bên thứ ba thực hiện toàn bộ công việc quản trị ({}) nhưng chưa khai báo hệ thống có quan trọng về an ninh quốc gia hay không (national_security).",
                        vi.join(" | ")
                    ),
                    format!(
                        "A single vendor does all the admin work ({}) but the system does not say whether it is important to national security (national_security).",
                        en.join(" | ")
                    ),
                ),
            });
        }
    }
}

// ─────────────────────────────────────────────────────────────────────────────
// VENDOR-SERVICE-LOG (Điều 26.2)
// ─────────────────────────────────────────────────────────────────────────────

const LOG_FIELDS: &[&str] = &["partner", "service", "date", "security_issues", "other_changes", "recorded_by_unit"];

/// Kind `vendor_service_log`: VENDOR-SERVICE-LOG. Each contract that has
/// started has a service log: every entry records the required fields, and
/// (when `months` > 0) an entry at least every `months` months while the
/// contract runs, the first one within `months` of its start.
pub struct VendorServiceLog {
    required: Vec<String>,
    months: u32,
}

impl VendorServiceLog {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        let p = Params::of(def);
        let required = p.strings("required_fields", &["partner", "service", "date", "security_issues"])?;
        if let Some(bad) = required.iter().find(|f| !LOG_FIELDS.contains(&f.as_str())) {
            return Err(RulePackError::rule(
                &def.id,
                format!("required_fields: \"{bad}\" không phải cột của vendor_service_log"),
                format!("required_fields: \"{bad}\" is not a field of vendor_service_log"),
            ));
        }
        Ok(VendorServiceLog { required, months: p.uint("months", Some(3))? })
    }

    fn missing<'a>(&'a self, e: &ServiceLogEntry) -> Vec<&'a str> {
        self.required
            .iter()
            .map(String::as_str)
            .filter(|f| match *f {
                "service" => e.service.is_none(),
                "security_issues" => e.security_issues.is_none(),
                "other_changes" => e.other_changes.is_none(),
                "recorded_by_unit" => e.recorded_by_unit.is_none(),
                _ => false, // partner and date are required at import
            })
            .collect()
    }
}

/// Whether a log entry belongs to a contract: it names it, or it names no
/// contract and falls within the contract's dates for the same vendor.
fn entry_of(c: &Contract, e: &ServiceLogEntry) -> bool {
    match &e.contract_id {
        Some(id) => *id == c.contract_id,
        None => e.vendor_id == c.vendor_id && c.in_force_on(e.date),
    }
}

impl Rule for VendorServiceLog {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        let as_of = ctx.as_of;
        for c in ctx.snapshot.contracts.iter().filter(|c| contract_in_scope(ctx, c) && c.start_date <= as_of) {
            let entries: Vec<&ServiceLogEntry> = ctx
                .snapshot
                .service_log_of_vendor(&c.vendor_id)
                .filter(|e| entry_of(c, e) && e.date <= as_of)
                .collect();
            let mut f = contract_finding(ctx, c, Status::Pass);
            for e in &entries {
                f = f.evidence(format!("vendor_service_log/{}", e.entry_id));
            }
            let incomplete: Vec<String> = entries
                .iter()
                .filter_map(|e| {
                    let m = self.missing(e);
                    (!m.is_empty()).then(|| format!("{} ({})", e.entry_id, m.join(", ")))
                })
                .collect();
            let last = entries.iter().map(|e| e.date).max();
            let ended = c.end_date.is_some_and(|e| e < as_of);
            let vendor = vendor_name(ctx, &c.vendor_id);
            // Recency: the log lapses `months` after its last entry (or the start).
            let mut lapse: Option<(NaiveDate, NaiveDate)> = None; // (due, measured until)
            let mut next_due = None;
            if self.months > 0 {
                let due = super::recency::add_months(last.unwrap_or(c.start_date), self.months);
                let until = c.end_date.map_or(as_of, |e| e.min(as_of));
                if until > due {
                    lapse = Some((due, until));
                } else if !ended {
                    next_due = Some(due);
                }
            }
            let last_vi =
                last.map_or_else(|| "chưa có bản ghi nào".to_string(), |d| format!("bản ghi cuối ngày {}", vn_date(d)));
            let last_en = last.map_or_else(|| "no entry yet".to_string(), |d| format!("last entry on {d}"));
            let mut problems_vi = Vec::new();
            let mut problems_en = Vec::new();
            if let Some((due, _)) = lapse {
                problems_vi.push(format!(
                    "nhật ký giám sát dịch vụ không được cập nhật: {last_vi}, phải có bản ghi trước {} ({} tháng)",
                    vn_date(due),
                    self.months
                ));
                problems_en.push(format!(
                    "service log not kept up: {last_en}, an entry was due by {due} (every {} months)",
                    self.months
                ));
            }
            if (self.months == 0 || (ended && lapse.is_none())) && entries.is_empty() {
                problems_vi.push("không có nhật ký giám sát dịch vụ".to_string());
                problems_en.push("no service log".to_string());
            }
            if !incomplete.is_empty() {
                problems_vi.push(format!("bản ghi thiếu thông tin: {}", list_some(&incomplete, 5)));
                problems_en.push(format!("entries lacking fields: {}", list_some(&incomplete, 5)));
            }
            out(if problems_vi.is_empty() {
                let (due_vi, due_en) = match next_due {
                    Some(d) => {
                        (format!("; bản ghi tiếp theo trước {}", vn_date(d)), format!("; next entry due by {d}"))
                    }
                    None => (String::new(), String::new()),
                };
                Finding { due: next_due, ..f }.message(
                    format!(
                        "Nhật ký giám sát dịch vụ của {vendor} đầy đủ ({} bản ghi, {last_vi}){due_vi}.",
                        entries.len()
                    ),
                    format!("Service log of {vendor} is complete ({} entries, {last_en}){due_en}.", entries.len()),
                )
            } else {
                let mut f = Finding { status: Status::Fail, ..f };
                if let Some((due, until)) = lapse {
                    f = f.due(Some(due)).overdue_from(due, until);
                }
                f.message(
                    format!("Hợp đồng với {vendor}: {}.", problems_vi.join("; ")),
                    format!("Contract with {vendor}: {}.", problems_en.join("; ")),
                )
            });
        }
    }
}

// ─────────────────────────────────────────────────────────────────────────────
// VENDOR-STAFF (Điều 27.2)
// ─────────────────────────────────────────────────────────────────────────────

/// Kind `vendor_staff_approved`: VENDOR-STAFF. Every listed vendor staff
/// member is approved by the Customs unit and signed a non-disclosure
/// commitment; every active vendor account used by a named person is used by
/// someone on the list; every contract in force has a staff list.
pub struct VendorStaffApproved;

impl Rule for VendorStaffApproved {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        let snap = ctx.snapshot;
        let seen = |d: Option<NaiveDate>| d.filter(|d| *d <= ctx.as_of);
        for s in &snap.vendor_staff {
            if let Some(c) = s.contract_id.as_deref().and_then(|id| snap.contract(id)) {
                if !contract_in_scope(ctx, c) {
                    continue;
                }
            }
            let mut f = Finding::new(Status::Pass, SubjectKind::VendorStaff, s.subject_id())
                .evidence(format!("vendor_staff/{}", s.subject_id()));
            if let Some(c) = s.contract_id.as_deref().and_then(|id| snap.contract(id)) {
                let cf = contract_finding(ctx, c, Status::Pass);
                f = f.units(cf.units.iter());
            } else if let Some(u) = snap.vendor(&s.vendor_id).and_then(|v| v.focal_unit.as_deref()) {
                f = f.units([&snap.unit_ref(u)]);
            }
            if let Some(u) = &s.approved_by_unit {
                f = f.units([&snap.unit_ref(u)]);
            }
            let vendor = vendor_name(ctx, &s.vendor_id);
            let mut vi = Vec::new();
            let mut en = Vec::new();
            if seen(s.approved_on).is_none() {
                vi.push("chưa được đơn vị Hải quan chấp thuận");
                en.push("not approved by the Customs unit");
            }
            if seen(s.nda_signed_on).is_none() {
                vi.push("chưa ký cam kết không tiết lộ thông tin");
                en.push("has not signed a non-disclosure commitment");
            }
            out(if vi.is_empty() {
                let (a, n) =
                    (s.approved_on.map(vn_date).unwrap_or_default(), s.nda_signed_on.map(vn_date).unwrap_or_default());
                f.message(
                    format!(
                        "Nhân sự {} của {vendor} được chấp thuận ngày {a}, ký cam kết bảo mật ngày {n}.",
                        s.full_name
                    ),
                    format!(
                        "{} of {vendor} approved on {}, non-disclosure signed on {}.",
                        s.full_name,
                        s.approved_on.map(|d| d.to_string()).unwrap_or_default(),
                        s.nda_signed_on.map(|d| d.to_string()).unwrap_or_default()
                    ),
                )
            } else {
                Finding { status: Status::Fail, ..f }.message(
                    format!("Nhân sự {} của {vendor} {}.", s.full_name, vi.join(" và ")),
                    format!("{} of {vendor} {}.", s.full_name, en.join(" and ")),
                )
            });
        }
        // Active vendor accounts used by someone who is not on the list.
        for va in &snap.vendor_accounts {
            let (Some(name), Some(a)) = (va.staff_name.as_deref(), snap.account(&va.system_id, &va.username)) else {
                continue;
            };
            if !a.active_on(ctx.as_of) || !ctx.system_in_scope(&a.system_id) {
                continue;
            }
            if snap.staff_of_vendor(&va.vendor_id).any(|s| s.full_name == name) {
                continue;
            }
            let vendor = vendor_name(ctx, &va.vendor_id);
            out(ctx.account_finding(a, Status::Fail).evidence(format!("vendor_accounts/{}", va.subject_id())).message(
                format!(
                    "Tài khoản của {vendor} do {name} sử dụng, người không có trong danh sách nhân sự được chấp thuận."
                ),
                format!("Account of {vendor} used by {name}, who is not on the approved staff list."),
            ));
        }
        // Contracts in force with no staff list at all.
        for c in snap.contracts.iter().filter(|c| c.in_force_on(ctx.as_of) && contract_in_scope(ctx, c)) {
            let listed = snap
                .staff_of_vendor(&c.vendor_id)
                .any(|s| s.contract_id.as_deref().is_none_or(|id| id == c.contract_id));
            if !listed {
                let vendor = vendor_name(ctx, &c.vendor_id);
                out(contract_finding(ctx, c, Status::NoEvidence).message(
                    format!(
                        "Hợp đồng đang thực hiện với {vendor} không có danh sách nhân sự triển khai (vendor_staff)."
                    ),
                    format!("Contract in force with {vendor} has no staff list (vendor_staff)."),
                ));
            }
        }
    }
}

// ─────────────────────────────────────────────────────────────────────────────
// VENDOR-OFFBOARD (Điều 26.7, 27.3)
// ─────────────────────────────────────────────────────────────────────────────

/// Kind `vendor_offboarding`: VENDOR-OFFBOARD. When a contract ends (its
/// `end_date`), by the deadline `working_days` working days later: the
/// vendor's accounts granted for it are disabled, access revoked, and the
/// keys it handed over changed.
pub struct VendorOffboarding {
    working_days: u32,
}

impl VendorOffboarding {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        Ok(VendorOffboarding { working_days: Params::of(def).uint("working_days", Some(1))? })
    }
}

/// One thing to do at contract end.
enum Item {
    Done(NaiveDate),
    Open,
    Unknown,
}

impl Rule for VendorOffboarding {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        let snap = ctx.snapshot;
        let as_of = ctx.as_of;
        let seen = |d: Option<NaiveDate>| d.filter(|d| *d <= as_of);
        for c in snap.contracts.iter().filter(|c| contract_in_scope(ctx, c) && c.start_date <= as_of) {
            let Some(end) = c.end_date else { continue };
            let deadline = ctx.calendar.add_working_days(end, self.working_days);
            let f = contract_finding(ctx, c, Status::Pass).due(Some(deadline));
            let vendor = vendor_name(ctx, &c.vendor_id);
            if as_of <= end {
                out(f.message(
                    format!(
                        "Hợp đồng với {vendor} còn hiệu lực đến {}; thu hồi quyền truy cập, thay đổi khóa nhận bàn giao chậm nhất {}.",
                        vn_date(end),
                        vn_date(deadline)
                    ),
                    format!("Contract with {vendor} runs until {end}; revoke access and change handed-over keys by {deadline}."),
                ));
                continue;
            }
            // The contract has ended.
            let other_in_force = |va: &crate::evidence::VendorAccount| {
                snap.contracts_of_vendor(&c.vendor_id).any(|o| {
                    o.contract_id != c.contract_id
                        && o.in_force_on(as_of)
                        && match &va.contract_id {
                            Some(id) => *id == o.contract_id,
                            None => o.covers(&va.system_id),
                        }
                })
            };
            let mine = |va: &&crate::evidence::VendorAccount| match &va.contract_id {
                Some(id) => *id == c.contract_id,
                None => c.system_ids.is_empty() || c.covers(&va.system_id),
            };
            let mut f = f;
            let mut items: Vec<(String, String, Item)> = Vec::new();
            for va in snap.vendor_accounts_of(&c.vendor_id).filter(mine) {
                if va.contract_id.is_none() && other_in_force(va) {
                    continue; // still needed for another contract in force
                }
                f = f.evidence(format!("vendor_accounts/{}", va.subject_id()));
                let id = va.subject_id();
                let item = match snap.account(&va.system_id, &va.username) {
                    None => Item::Unknown,
                    Some(a) => {
                        f = f.evidence(a.evidence_ref());
                        if a.active_on(as_of) {
                            Item::Open
                        } else {
                            match seen(a.disabled_on) {
                                Some(d) => Item::Done(d),
                                None if as_of <= deadline => Item::Done(as_of),
                                None => Item::Unknown,
                            }
                        }
                    }
                };
                items.push((format!("tài khoản {id}"), format!("account {id}"), item));
            }
            let has_accounts = !items.is_empty();
            match seen(c.access_revoked_on) {
                Some(d) => items.push(("thu hồi quyền truy cập".into(), "access revocation".into(), Item::Done(d))),
                None if !has_accounts => items.push((
                    "thu hồi quyền truy cập (không có ngày thu hồi, không có tài khoản bên thứ ba)".into(),
                    "access revocation (no access_revoked_on, no vendor account)".into(),
                    if c.access_revoked_on.is_some() { Item::Open } else { Item::Unknown },
                )),
                None => {}
            }
            match c.keys_handed_over {
                Some(true) => items.push((
                    "thay đổi khóa, mã khóa nhận bàn giao".into(),
                    "change of handed-over keys".into(),
                    seen(c.keys_changed_on).map_or(Item::Open, Item::Done),
                )),
                Some(false) => {}
                None => items.push((
                    "thay đổi khóa (chưa ghi nhận có nhận bàn giao khóa hay không)".into(),
                    "key change (keys_handed_over not recorded)".into(),
                    seen(c.keys_changed_on).map_or(Item::Unknown, Item::Done),
                )),
            }
            let mut late: Vec<String> = Vec::new();
            let mut late_en: Vec<String> = Vec::new();
            let mut open: Vec<String> = Vec::new();
            let mut open_en: Vec<String> = Vec::new();
            let mut unknown: Vec<String> = Vec::new();
            let mut unknown_en: Vec<String> = Vec::new();
            let mut overdue_until: Option<NaiveDate> = None;
            for (vi, en, item) in items {
                match item {
                    Item::Done(d) if d <= deadline => {}
                    Item::Done(d) => {
                        late.push(format!("{vi} ngày {}", vn_date(d)));
                        late_en.push(format!("{en} on {d}"));
                        overdue_until = overdue_until.max(Some(d));
                    }
                    Item::Open => {
                        open.push(vi);
                        open_en.push(en);
                        if as_of > deadline {
                            overdue_until = overdue_until.max(Some(as_of));
                        }
                    }
                    Item::Unknown => {
                        unknown.push(vi);
                        unknown_en.push(en);
                    }
                }
            }
            let ended_vi = format!("Hợp đồng với {vendor} kết thúc ngày {}, hạn {}", vn_date(end), vn_date(deadline));
            let ended_en = format!("Contract with {vendor} ended on {end}, deadline {deadline}");
            let mut vi = Vec::new();
            let mut en = Vec::new();
            if !late.is_empty() {
                vi.push(format!("thực hiện muộn: {}", list_some(&late, 5)));
                en.push(format!("done late: {}", list_some(&late_en, 5)));
            }
            if !open.is_empty() {
                vi.push(format!("chưa thực hiện: {}", list_some(&open, 5)));
                en.push(format!("not done: {}", list_some(&open_en, 5)));
            }
            if !unknown.is_empty() {
                vi.push(format!("chưa có dữ liệu: {}", list_some(&unknown, 5)));
                en.push(format!("no evidence: {}", list_some(&unknown_en, 5)));
            }
            let status = if overdue_until.is_some() {
                Status::Fail
            } else if !open.is_empty() {
                Status::Pending
            } else if !unknown.is_empty() {
                Status::NoEvidence
            } else {
                Status::Pass
            };
            let mut f = Finding { status, ..f };
            if let Some(until) = overdue_until {
                f = f.overdue_from(deadline, until);
            }
            out(if status == Status::Pass {
                f.message(
                    format!("{ended_vi}: đã thu hồi quyền truy cập và thay đổi khóa đúng hạn."),
                    format!("{ended_en}: access revoked and keys changed in time."),
                )
            } else {
                f.message(format!("{ended_vi}: {}.", vi.join("; ")), format!("{ended_en}: {}.", en.join("; ")))
            });
        }
    }
}

/// Kinds implemented in this file (see `rules::registry`).
pub(super) const KINDS: &[(&str, super::Constructor)] = &[
    ("contract_clauses", |d| Ok(Box::new(ContractClauses::from_def(d)?))),
    ("vendor_admin_split", |d| Ok(Box::new(VendorAdminSplit::from_def(d)?))),
    ("vendor_service_log", |d| Ok(Box::new(VendorServiceLog::from_def(d)?))),
    ("vendor_staff_approved", |_| Ok(Box::new(VendorStaffApproved))),
    ("vendor_offboarding", |d| Ok(Box::new(VendorOffboarding::from_def(d)?))),
];

#[cfg(test)]
#[path = "vendors_tests.rs"]
mod tests;
