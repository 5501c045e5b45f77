//! Access management beyond the account list itself: local administrators
//! (Điều 11.1.b), lock requests (11.4), yearly reviews (11.5), passwords
//! changed after a handover or exposure (11.3.b-c), and the periodic HR
//! reconciliation (7.3.d). Application controls are in `applications.rs`.
//!
//! > 11.1.b) Tài khoản của người dùng không được cấp quyền quản trị trên máy
//! > tính nối mạng. (…)
//! >
//! > 11.3.b) Mật khẩu phải được đổi ngay sau khi nhận bàn giao từ người khác
//! > hoặc có thông báo về sự cố an toàn thông tin, điểm yếu liên quan đến khả
//! > năng lộ mật khẩu; (…) c) (…) Chủ tài khoản phải đổi mật khẩu ngay sau khi
//! > kết thúc xử lý các việc này.
//! >
//! > 11.4. Khi có yêu cầu khóa quyền truy cập hệ thống thông tin của tài khoản
//! > đang hoạt động, lãnh đạo đơn vị Hải quan (…) đang quản lý người dùng có
//! > tài khoản cần khóa phải yêu cầu bằng văn bản gửi đơn vị chủ quản hệ thống
//! > thông tin. Đơn vị vận hành hệ thống thông tin thực hiện việc khóa quyền
//! > truy cập của tài khoản khi có chỉ đạo của đơn vị chủ quản (…).
//! >
//! > 11.5. Hệ thống tài khoản công nghệ thông tin phải được rà soát hàng năm,
//! > đảm bảo các tài khoản và quyền truy cập hệ thống được cấp phát đúng. (…)

use std::collections::HashSet;

use chrono::NaiveDate;

use super::assets::asset_finding;
use super::obligations::{deadline, list, names, recurring};
use super::{Context, Rule};
use crate::evidence::schema_org_a::EXPOSURE_KINDS;
use crate::evidence::{Account, AccountKind, ExposureKind, LocalAdmin, LocalMemberKind, System};
use crate::finding::{vn_date, Finding, Status, SubjectKind};
use crate::fxhash::FxHashMap;
use crate::rulepack::{Params, RuleDef, RulePackError};
use crate::vietnam_date;

/// A finding about a system (also for systems that are not imported).
pub(super) fn system_finding(ctx: &Context<'_>, system_id: &str, status: Status) -> Finding {
    let f =
        Finding::new(status, SubjectKind::System, system_id.to_string()).units(ctx.snapshot.system_units(system_id));
    if ctx.snapshot.system(system_id).is_some() {
        f.evidence(format!("systems/{system_id}"))
    } else {
        f
    }
}

/// Systems in scope (the rule's levels), in evidence order.
pub(super) fn systems_in_scope<'a>(ctx: &'a Context<'_>) -> impl Iterator<Item = &'a System> + 'a {
    ctx.snapshot.systems.iter().filter(move |s| ctx.def.applies_to_level(s.level))
}

// ───────────────────────────── 7.3.d periodic part ─────────────────────────────

/// The periodic part of PERSON-HR-RECONCILE (Điều 7.3.d): every system with
/// active personal accounts had its accounts reconciled with the HR records
/// within `months` (by a reconciliation naming the system, or naming one of
/// its owner, operator or security units).
pub(super) fn hr_reconciliation_period(
    ctx: &Context<'_>,
    kinds: &[AccountKind],
    months: u32,
    out: &mut dyn FnMut(Finding),
) {
    let s = ctx.snapshot;
    let mut with_accounts: Vec<&str> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for a in &s.accounts {
        if a.active_on(ctx.as_of)
            && kinds.contains(&a.kind)
            && ctx.system_in_scope(&a.system_id)
            && seen.insert(&a.system_id)
        {
            with_accounts.push(&a.system_id);
        }
    }
    let mut by_system: FxHashMap<&str, (NaiveDate, &str)> = FxHashMap::default();
    let mut by_unit: FxHashMap<&str, (NaiveDate, &str)> = FxHashMap::default();
    for r in s.hr_reconciliations.iter().filter(|r| r.reconciled_on <= ctx.as_of) {
        let (map, key) = match (&r.system_id, &r.unit_code) {
            (Some(sys), _) => (&mut by_system, sys.as_str()),
            (None, Some(u)) => (&mut by_unit, u.as_str()),
            (None, None) => continue,
        };
        let e = map.entry(key).or_insert((r.reconciled_on, &r.reconciliation_id));
        if r.reconciled_on > e.0 {
            *e = (r.reconciled_on, &r.reconciliation_id);
        }
    }
    // Systems in evidence order, then account systems that are not imported.
    let order = s
        .systems
        .iter()
        .map(|x| x.system_id.as_str())
        .filter(|id| seen.contains(id))
        .chain(with_accounts.iter().copied().filter(|id| s.system(id).is_none()));
    let any = !s.hr_reconciliations.is_empty();
    for id in order {
        let sys = s.system(id);
        let units = sys.map(|x| x.units().collect::<Vec<_>>()).unwrap_or_default();
        let last =
            by_system.get(id).copied().into_iter().chain(units.iter().filter_map(|u| by_unit.get(u).copied())).max();
        let mut f = system_finding(ctx, id, Status::Pass);
        if let Some((_, rid)) = last {
            f = f.evidence(format!("hr_reconciliations/{rid}"));
        }
        out(recurring(
            ctx,
            f,
            last.map(|l| l.0),
            sys.and_then(|x| x.in_operation_since),
            months,
            any,
            ("đối chiếu định kỳ giữa bộ phận nhân sự và bộ phận quản lý tài khoản", "HR/account reconciliation"),
        ));
    }
}

// ───────────────────────────── 11.1.b local administrators ─────────────────────────────

/// Kind `no_local_admin`: ACCT-NO-LOCAL-ADMIN (Điều 11.1.b). One finding per
/// networked computer: no ordinary user account in its local administrators
/// group.
pub struct NoLocalAdmin {
    ignore: Vec<String>,
}

/// What a member of a local administrators group is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Member {
    User,
    Allowed,
    Unknown,
}

impl NoLocalAdmin {
    fn classify(&self, m: &LocalAdmin, known: &FxHashMap<String, (bool, bool)>) -> Member {
        match m.account_kind {
            Some(LocalMemberKind::User) => Member::User,
            Some(_) => Member::Allowed,
            None => {
                let bare = m.bare_account().to_lowercase();
                match known.get(&bare) {
                    Some(&(true, _)) => Member::User,
                    Some(&(false, true)) => Member::Allowed,
                    // (false, false): no active account of that name
                    _ if self.ignore.iter().any(|i| *i == bare || *i == m.account.to_lowercase()) => Member::Allowed,
                    _ => Member::Unknown,
                }
            }
        }
    }
}

impl Rule for NoLocalAdmin {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        let s = ctx.snapshot;
        // Account names (lower case) → (is some user account, is some admin/service account).
        // Only the names the exports need are kept (no allocation per account).
        let mut known: FxHashMap<String, (bool, bool)> = s
            .local_admins
            .iter()
            .filter(|m| m.account_kind.is_none())
            .map(|m| (m.bare_account().to_lowercase(), (false, false)))
            .collect();
        if !known.is_empty() {
            for a in s.accounts.iter().filter(|a| a.active_on(ctx.as_of)) {
                let lower: std::borrow::Cow<'_, str> =
                    if a.username.bytes().all(|b| b.is_ascii_lowercase() || !b.is_ascii_alphabetic() && b.is_ascii()) {
                        std::borrow::Cow::Borrowed(&a.username)
                    } else {
                        std::borrow::Cow::Owned(a.username.to_lowercase())
                    };
                if let Some(e) = known.get_mut(lower.as_ref()) {
                    match a.kind {
                        AccountKind::User => e.0 = true,
                        AccountKind::Admin | AccountKind::Service => e.1 = true,
                    }
                }
            }
        }
        let mut hosts: Vec<&str> = Vec::new();
        let mut members: FxHashMap<&str, Vec<&LocalAdmin>> = FxHashMap::default();
        for m in &s.local_admins {
            let v = members.entry(m.host.as_str()).or_default();
            if v.is_empty() {
                hosts.push(&m.host);
            }
            v.push(m);
        }
        for host in &hosts {
            let asset = s.asset(host);
            if asset.and_then(|a| a.system_id.as_deref()).is_some_and(|sys| !ctx.system_in_scope(sys)) {
                continue;
            }
            let f = match asset {
                Some(a) => asset_finding(ctx, a, Status::Pass),
                None => Finding::new(Status::Pass, SubjectKind::Asset, (*host).to_string()),
            };
            if asset.is_some_and(|a| a.networked == Some(false)) {
                out(Finding { status: Status::NotApplicable, ..f }
                    .message("Máy tính không nối mạng.", "The computer is not networked."));
                continue;
            }
            let (mut users, mut unknown, mut ok) = (Vec::new(), Vec::new(), Vec::new());
            for m in members.get(host).into_iter().flatten() {
                match self.classify(m, &known) {
                    Member::User => users.push(m.account.clone()),
                    Member::Unknown => unknown.push(m.account.clone()),
                    Member::Allowed => ok.push(m.account.clone()),
                }
            }
            let f = f.evidence(format!("local_admins/{host}"));
            out(if !users.is_empty() {
                Finding { status: Status::Fail, ..f }.message(
                    format!("Tài khoản người dùng có quyền quản trị trên máy tính nối mạng: {}.", list(&users)),
                    format!("User accounts with administrator rights on a networked computer: {}.", list(&users)),
                )
            } else if !unknown.is_empty() {
                Finding { status: Status::NoEvidence, ..f }.message(
                    format!("Không xác định được loại tài khoản trong nhóm quản trị: {} (ghi account_kind hoặc nhập accounts).", list(&unknown)),
                    format!("Cannot tell what these administrators-group members are: {} (give account_kind or import accounts).", list(&unknown)),
                )
            } else {
                f.message(
                    format!("Nhóm quản trị chỉ gồm tài khoản quản trị/bộ phận CNTT: {}.", list(&ok)),
                    format!("Administrators group holds only admin or IT accounts: {}.", list(&ok)),
                )
            });
        }
        // Networked computers of the inventory with no export: not visible.
        let exported: HashSet<&str> = hosts.iter().copied().collect();
        for a in &s.assets {
            if a.is_pc()
                && a.status == crate::evidence::AssetStatus::Active
                && a.networked != Some(false)
                && !exported.contains(a.asset_id.as_str())
                && a.system_id.as_deref().is_none_or(|sys| ctx.system_in_scope(sys))
            {
                out(Finding { status: Status::NoEvidence, ..asset_finding(ctx, a, Status::Pass) }.message(
                    "Không có dữ liệu nhóm quản trị cục bộ (local_admins) của máy tính nối mạng này.",
                    "No local administrators export (local_admins) for this networked computer.",
                ));
            }
        }
    }
}

// ───────────────────────────── 11.4 lock requests ─────────────────────────────

/// Kind `lock_request_executed`: ACCT-LOCK-REQUEST (Điều 11.4). A written
/// request from the leader of the unit managing the user is executed (the
/// account locked) within `working_days`.
pub struct LockRequestExecuted {
    working_days: u32,
    require_document: bool,
}

impl Rule for LockRequestExecuted {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        let s = ctx.snapshot;
        for r in &s.lock_requests {
            if r.requested_on > ctx.as_of || !ctx.system_in_scope(&r.system_id) {
                continue;
            }
            let account = s.account(&r.system_id, &r.username);
            let subject = format!("{}/{}", r.system_id, r.username);
            let mut f = match account {
                Some(a) => ctx.account_finding(a, Status::Pass),
                None => Finding::new(Status::Pass, SubjectKind::Account, subject.clone())
                    .units(s.system_units(&r.system_id)),
            }
            .evidence(format!("lock_requests/{}", r.request_id));
            if let Some(u) = &r.requested_by_unit {
                f = f.units([&s.unit_ref(u)]);
            }
            // The form of the request: in writing, from the unit managing the user.
            let mut problems: Vec<(String, String)> = Vec::new();
            if self.require_document && r.document_no.is_none() {
                problems.push(("không có số văn bản yêu cầu".into(), "no document number (not in writing)".into()));
            }
            match (&r.requested_by_unit, account.and_then(|a| a.person_id.as_deref()).and_then(|p| s.person(p))) {
                (None, _) => problems.push(("không ghi đơn vị yêu cầu".into(), "no requesting unit".into())),
                (Some(req), Some(p)) => {
                    if let Some(pu) = &p.unit_code {
                        if s.unit(pu).is_some() && s.unit(req).is_some() && !s.unit_within(pu, req) {
                            problems.push((
                                format!("đơn vị yêu cầu {req} không quản lý người dùng (đơn vị {pu})"),
                                format!("requesting unit {req} does not manage the user (unit {pu})"),
                            ));
                        }
                    }
                }
                _ => {}
            }
            let executed = r.executed_on.filter(|d| *d <= ctx.as_of);
            if let (Some(e), Some(a)) = (executed, account) {
                if a.is_active() {
                    problems.push((
                        format!("ghi đã khóa ngày {} nhưng tài khoản vẫn hoạt động", vn_date(e)),
                        format!("recorded as locked on {e} but the account is active"),
                    ));
                }
            }
            let done = executed.or_else(|| {
                account
                    .filter(|a| !a.is_active())
                    .and_then(|a| a.disabled_on)
                    .filter(|d| *d >= r.requested_on && *d <= ctx.as_of)
            });
            let due = ctx.calendar.add_working_days(r.requested_on, self.working_days);
            let when = format!("yêu cầu {} ngày {}", r.request_id, vn_date(r.requested_on));
            let when_en = format!("request {} of {}", r.request_id, r.requested_on);
            let judged = deadline(
                ctx,
                f,
                due,
                done,
                ("Khóa tài khoản theo yêu cầu bằng văn bản", "Account locked on written request"),
                (
                    &format!("{} ngày làm việc sau {when}", self.working_days),
                    &format!("{} working days after {when_en}", self.working_days),
                ),
            );
            out(if problems.is_empty() {
                judged
            } else {
                let vi: Vec<&str> = problems.iter().map(|p| p.0.as_str()).collect();
                let en: Vec<&str> = problems.iter().map(|p| p.1.as_str()).collect();
                let overdue = if judged.status == Status::Fail { judged.overdue_days } else { None };
                Finding {
                    status: Status::Fail,
                    overdue_days: overdue,
                    message_vi: format!("{} Yêu cầu khóa không đúng quy định: {}.", judged.message_vi, vi.join("; ")),
                    message_en: format!("{} Lock request not as required: {}.", judged.message_en, en.join("; ")),
                    ..judged
                }
            });
        }
    }
}

// ───────────────────────────── 11.5 yearly review ─────────────────────────────

/// Kind `access_review_period`: ACCT-ANNUAL-REVIEW (Điều 11.5). Each system
/// in operation had its accounts and rights reviewed within `months`.
pub struct AccessReviewPeriod {
    months: u32,
}

impl Rule for AccessReviewPeriod {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        let any = !ctx.snapshot.account_reviews.is_empty();
        for sys in systems_in_scope(ctx) {
            let f = system_finding(ctx, &sys.system_id, Status::Pass);
            if !sys.in_operation {
                out(Finding { status: Status::NotApplicable, ..f }
                    .message("Hệ thống chưa đưa vào vận hành.", "System not in operation."));
                continue;
            }
            let last = ctx
                .snapshot
                .reviews_of_system(&sys.system_id)
                .filter(|r| r.reviewed_on <= ctx.as_of)
                .max_by_key(|r| r.reviewed_on);
            let f = match last {
                Some(r) => f.evidence(format!("account_reviews/{}", r.review_id)),
                None => f,
            };
            out(recurring(
                ctx,
                f,
                last.map(|r| r.reviewed_on),
                sys.in_operation_since,
                self.months,
                any,
                ("rà soát tài khoản và quyền truy cập", "account and access review"),
            ));
        }
    }
}

// ───────────────────────────── 11.3.b-c password after handover/exposure ─────────────────────────────

/// What obliges a password change, for messages.
struct Trigger<'a> {
    reference: String,
    date: NaiveDate,
    vi: &'a str,
    en: &'a str,
}

/// Kind `password_change_after_event`: PWD-AFTER-HANDOVER (Điều 11.3.b-c).
/// The password of an account is changed within `working_days` after its
/// credentials were handed over, a possible exposure was notified, or it was
/// lent for urgent work.
pub struct PasswordChangeAfterEvent {
    working_days: u32,
    handovers: bool,
    kinds: Vec<ExposureKind>,
}

impl PasswordChangeAfterEvent {
    fn judge(
        &self,
        ctx: &Context<'_>,
        t: &Trigger<'_>,
        system: &str,
        user: &str,
        account: Option<&Account>,
    ) -> Finding {
        let due = ctx.calendar.add_working_days(t.date, self.working_days);
        let after = (
            format!("{} ngày làm việc sau {} {} ngày {}", self.working_days, t.vi, t.reference, vn_date(t.date)),
            format!("{} working day(s) after {} {} of {}", self.working_days, t.en, t.reference, t.date),
        );
        let Some(a) = account else {
            return Finding::new(Status::NoEvidence, SubjectKind::Account, format!("{system}/{user}"))
                .units(ctx.snapshot.system_units(system))
                .evidence(t.reference.clone())
                .message(
                    format!("Tài khoản không có trong dữ liệu accounts ({}).", after.0),
                    format!("The account is not in the accounts evidence ({}).", after.1),
                );
        };
        let f = ctx.account_finding(a, Status::Pass).evidence(t.reference.clone());
        if !a.active_on(t.date) {
            return Finding { status: Status::NotApplicable, ..f }
                .message("Tài khoản đã bị khóa trước sự kiện.", "The account was already disabled before the event.");
        }
        if let Some(d) = a.disabled_on.filter(|d| !a.is_active() && *d <= due && *d <= ctx.as_of) {
            return f.due(Some(due)).message(
                format!("Tài khoản đã bị khóa ngày {}, trong hạn {} ({}).", vn_date(d), vn_date(due), after.0),
                format!("The account was disabled on {d}, within the deadline {due} ({}).", after.1),
            );
        }
        let changed = a.password_changed_at.map(vietnam_date).filter(|d| *d <= ctx.as_of);
        match changed {
            Some(c) if c >= t.date && c > due => Finding { status: Status::NoEvidence, ..f }.due(Some(due)).message(
                format!(
                    "Lần đổi mật khẩu gần nhất ngày {} là sau hạn {}; không xác định được có lần đổi nào trong hạn hay không ({}).",
                    vn_date(c),
                    vn_date(due),
                    after.0
                ),
                format!(
                    "The last password change, on {c}, is after the deadline {due}; whether it was also changed in time cannot be told ({}).",
                    after.1
                ),
            ),
            c => deadline(
                ctx,
                f,
                due,
                c.filter(|c| *c >= t.date),
                ("Đổi mật khẩu", "Password changed"),
                (&after.0, &after.1),
            ),
        }
    }
}

impl Rule for PasswordChangeAfterEvent {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        let s = ctx.snapshot;
        if self.handovers {
            for h in s.handovers.iter().filter(|h| h.handover_date <= ctx.as_of) {
                let t = Trigger {
                    reference: format!("handovers/{}", h.record_no),
                    date: h.handover_date,
                    vi: "bàn giao",
                    en: "handover",
                };
                for key in &h.accounts {
                    let Some((sys, user)) = key.split_once('/') else { continue };
                    if ctx.system_in_scope(sys) {
                        out(self.judge(ctx, &t, sys, user, s.account(sys, user)));
                    }
                }
            }
        }
        let mut by_system: Option<FxHashMap<&str, Vec<&Account>>> = None;
        for e in &s.password_exposures {
            if !self.kinds.contains(&e.kind) || e.notified_on > ctx.as_of || !ctx.system_in_scope(&e.system_id) {
                continue;
            }
            let (vi, en) = match e.kind {
                ExposureKind::Incident => ("thông báo sự cố", "incident notice"),
                ExposureKind::Vulnerability => {
                    ("thông báo điểm yếu có thể lộ mật khẩu", "notice of a possible exposure")
                }
                ExposureKind::LentForUrgentWork => ("kết thúc xử lý công việc khẩn cấp", "the end of urgent work"),
            };
            let t = Trigger { reference: format!("password_exposures/{}", e.exposure_id), date: e.notified_on, vi, en };
            if e.usernames.is_empty() {
                let map = by_system.get_or_insert_with(|| {
                    let mut m: FxHashMap<&str, Vec<&Account>> = FxHashMap::default();
                    for a in &s.accounts {
                        m.entry(a.system_id.as_str()).or_default().push(a);
                    }
                    m
                });
                for a in map.get(e.system_id.as_str()).into_iter().flatten() {
                    if a.active_on(e.notified_on) {
                        out(self.judge(ctx, &t, &e.system_id, &a.username, Some(a)));
                    }
                }
            } else {
                for u in &e.usernames {
                    out(self.judge(ctx, &t, &e.system_id, u, s.account(&e.system_id, u)));
                }
            }
        }
    }
}

fn password_change_after_event(d: &RuleDef) -> Result<Box<dyn Rule>, RulePackError> {
    let p = Params::of(d);
    let mut allowed: Vec<&str> = vec!["handover"];
    allowed.extend_from_slice(EXPOSURE_KINDS);
    let kinds = names(&p, "event_kinds", &allowed, &allowed)?;
    Ok(Box::new(PasswordChangeAfterEvent {
        working_days: p.uint("working_days", Some(1))?,
        handovers: kinds.iter().any(|k| k == "handover"),
        kinds: kinds.iter().filter_map(|k| ExposureKind::parse(k)).collect(),
    }))
}

/// Kinds implemented in this file (see `rules::registry`).
pub(super) const KINDS: &[(&str, super::Constructor)] = &[
    ("no_local_admin", |d| {
        let ignore = Params::of(d)
            .strings("ignore_members", &["administrator", "domain admins"])?
            .into_iter()
            .map(|s| s.to_lowercase())
            .collect();
        Ok(Box::new(NoLocalAdmin { ignore }))
    }),
    ("lock_request_executed", |d| {
        let p = Params::of(d);
        Ok(Box::new(LockRequestExecuted {
            working_days: p.uint("working_days", Some(1))?,
            require_document: p.boolean("require_document", true)?,
        }))
    }),
    ("access_review_period", |d| Ok(Box::new(AccessReviewPeriod { months: Params::of(d).uint("months", Some(12))? }))),
    ("password_change_after_event", password_change_after_event),
];

#[cfg(test)]
#[path = "access_tests.rs"]
mod tests;
