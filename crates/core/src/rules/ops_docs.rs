//! System documents and declarations: the security design and verification
//! report before go-live (Điều 17), the maintenance regulation (Điều 24) and
//! test data (Điều 20.2).
//!
//! > 17. (…) Đối với hệ thống thông tin từ cấp độ 2 trở lên, đơn vị thực hiện:
//! > 1. Xây dựng tài liệu thiết kế, mô tả về các phương án bảo đảm an toàn hệ
//! >    thống thông tin. (…)
//! > 2. Xây dựng phương án kiểm tra, xác minh hệ thống được triển khai tuân thủ
//! >    theo đúng tài liệu thiết kế và yêu cầu bảo đảm an toàn thông tin trước
//! >    khi nghiệm thu. Kết quả kiểm tra phải lập thành báo cáo và được cấp có
//! >    thẩm quyền phê duyệt trước khi đưa vào vận hành chính thức.
//! >
//! > 24.1. Ban hành quy định bảo trì hệ thống thông tin ngay sau khi đưa vào
//! >    hoạt động chính thức. Quy định bảo trì tối thiểu bao gồm các nội dung
//! >    sau: a) Phạm vi, các đối tượng được bảo trì; b) Thời điểm, tần suất bảo
//! >    trì; c) Quy trình, kịch bản kỹ thuật (…); d) Khi thực hiện bảo trì nếu
//! >    phát hiện, phát sinh sự cố phải báo cáo cấp có thẩm quyền để xử lý; đ)
//! >    Phân công và xác định trách nhiệm (…).
//! > 24.3. Rà soát quy định bảo trì tối thiểu một năm một lần hoặc khi hệ thống
//! >    thông tin có sự thay đổi.
//! >
//! > 20.2. (…) Không sử dụng dữ liệu thật của hệ thống thông tin vận hành chính
//! >    thức cho hoạt động kiểm thử khi chưa thực hiện các biện pháp che giấu
//! >    hoặc thay đổi đối với dữ liệu chứa thông tin nghiệp vụ và thông tin bí
//! >    mật.

use chrono::{Duration, NaiveDate};

use super::ops_common::{date_param, names_param, not_operating, operating, system_finding, systems_in_scope};
use super::recency::add_months;
use super::{Context, Rule};
use crate::evidence::schema_ops::{CHANGE_KINDS, MAINTENANCE_CONTENTS};
use crate::evidence::{ChangeKind, Document, DocumentKind, MaintenanceContent, System};
use crate::finding::{vn_date, Finding, Status, SubjectKind};
use crate::rulepack::{Params, RuleDef, RulePackError};

fn docs<'a>(ctx: &'a Context<'_>, s: &System, kind: DocumentKind) -> impl Iterator<Item = &'a Document> + 'a {
    let as_of = ctx.as_of;
    ctx.snapshot.documents_of(&s.system_id).filter(move |d| d.kind == kind && d.approved_on.is_none_or(|a| a <= as_of))
}

/// Kind `security_design_before_golive`: SYS-SECURITY-DESIGN (Điều 17.1-2).
///
/// The event judged is the latest of the go-live date and the changes of a
/// kind in `trigger_change_kinds` applied by the as-of date ("xây dựng mới
/// hoặc nâng cấp"). By that date the system has a `security_design` document
/// (undated, or approved on or before it) and a `verification_report`
/// approved on or before it — and, for an upgrade, after the previous event.
/// Events before `timing_from` (the Decision's effective date) are not judged
/// on timing: the documents only have to exist.
pub struct SecurityDesign {
    triggers: Vec<ChangeKind>,
    timing_from: Option<NaiveDate>,
}

impl SecurityDesign {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        let p = Params::of(def);
        Ok(SecurityDesign {
            triggers: names_param(&p, "trigger_change_kinds", &["upgrade"], CHANGE_KINDS)?
                .iter()
                .filter_map(|k| ChangeKind::parse(k))
                .collect(),
            timing_from: date_param(&p, "timing_from", None)?,
        })
    }

    fn judge(&self, ctx: &Context<'_>, s: &System) -> Finding {
        let f = system_finding(ctx, s, Status::Pass);
        let designs: Vec<&Document> = docs(ctx, s, DocumentKind::SecurityDesign).collect();
        let reports: Vec<&Document> =
            docs(ctx, s, DocumentKind::VerificationReport).filter(|d| d.approved_on.is_some()).collect();
        let f = designs.iter().chain(reports.iter()).fold(f, |f, d| f.evidence(d.evidence_ref()));
        let missing = |vi: &mut Vec<String>, en: &mut Vec<String>| {
            if designs.is_empty() {
                vi.push("không có tài liệu thiết kế an toàn".to_string());
                en.push("no security design document".to_string());
            }
            if reports.is_empty() {
                vi.push("không có báo cáo kiểm tra, xác minh được phê duyệt".to_string());
                en.push("no approved verification report".to_string());
            }
        };
        let (mut vi, mut en) = (Vec::new(), Vec::new());
        if !operating(s, ctx.as_of) {
            missing(&mut vi, &mut en);
            if vi.is_empty() {
                return f.message(
                    "Đã có tài liệu thiết kế an toàn và báo cáo kiểm tra được phê duyệt trước khi vận hành.",
                    "Security design and approved verification report in place before go-live.",
                );
            }
            return Finding { status: Status::Pending, ..f }
                .due(s.in_operation_since.filter(|&d| d > ctx.as_of))
                .message(
                    format!("Trước khi đưa vào vận hành cần khắc phục: {}.", vi.join("; ")),
                    format!("Needed before go-live: {}.", en.join("; ")),
                );
        }
        // Events: go-live, then upgrades applied by the as-of date.
        let mut events: Vec<(NaiveDate, String, String, Option<String>)> = Vec::new();
        if let Some(d) = s.in_operation_since {
            events.push((d, "đưa vào vận hành".into(), "go-live".into(), None));
        }
        for c in ctx.snapshot.changes_of(&s.system_id) {
            if let Some(a) = c.applied_by(ctx.as_of).filter(|_| c.kinds.iter().any(|k| self.triggers.contains(k))) {
                events.push((
                    a,
                    format!("nâng cấp {}", c.change_id),
                    format!("upgrade {}", c.change_id),
                    Some(c.evidence_ref()),
                ));
            }
        }
        events.sort_by_key(|e| e.0);
        let Some((t, tvi, ten, tref)) = events.last().cloned() else {
            missing(&mut vi, &mut en);
            if vi.is_empty() {
                return Finding { status: Status::NoEvidence, ..f }.message(
                    "Có tài liệu thiết kế an toàn và báo cáo kiểm tra được phê duyệt, nhưng không rõ ngày đưa vào vận hành (in_operation_since) để đối chiếu.",
                    "Security design and approved verification report exist, but the go-live date (in_operation_since) is unknown, so their timing cannot be checked.",
                );
            }
            return Finding { status: Status::Fail, ..f }.message(
                format!("Hệ thống đang vận hành: {}.", vi.join("; ")),
                format!("System in operation: {}.", en.join("; ")),
            );
        };
        let f = match tref {
            Some(r) => f.evidence(r),
            None => f,
        };
        let prev = events.len().checked_sub(2).and_then(|i| events.get(i)).map(|e| e.0).filter(|&p| p < t);
        if self.timing_from.is_some_and(|from| t < from) {
            missing(&mut vi, &mut en);
            return if vi.is_empty() {
                f.message(
                    format!("Có tài liệu thiết kế an toàn và báo cáo kiểm tra được phê duyệt ({tvi} ngày {} trước khi Quyết định có hiệu lực: không xét thời điểm).", vn_date(t)),
                    format!("Security design and approved verification report exist ({ten} on {t}, before the Decision took effect: timing not judged)."),
                )
            } else {
                Finding { status: Status::Fail, ..f }.message(
                    format!("Hệ thống đang vận hành: {}.", vi.join("; ")),
                    format!("System in operation: {}.", en.join("; ")),
                )
            };
        }
        let mut overdue: i64 = 0;
        let late = |d: NaiveDate| (d - t).num_days().max(0);
        if !designs.iter().any(|d| d.approved_on.is_none_or(|a| a <= t)) {
            match designs.iter().filter_map(|d| d.approved_on).min() {
                Some(a) => {
                    vi.push(format!("tài liệu thiết kế an toàn lập ngày {}, sau {tvi}", vn_date(a)));
                    en.push(format!("security design dated {a}, after the {ten}"));
                    overdue = overdue.max(late(a));
                }
                None => {
                    vi.push("không có tài liệu thiết kế an toàn".into());
                    en.push("no security design document".into());
                    overdue = overdue.max(late(ctx.as_of));
                }
            }
        }
        let approved = |d: &Document| d.approved_on.unwrap_or(NaiveDate::MAX);
        let in_window = reports
            .iter()
            .filter(|d| approved(d) <= t && prev.is_none_or(|p| approved(d) > p))
            .max_by_key(|d| approved(d));
        if in_window.is_none() {
            match reports.iter().filter(|d| approved(d) > t).min_by_key(|d| approved(d)) {
                Some(d) => {
                    let a = approved(d);
                    vi.push(format!("báo cáo kiểm tra {} phê duyệt ngày {}, sau {tvi}", d.document_no, vn_date(a)));
                    en.push(format!("verification report {} approved on {a}, after the {ten}", d.document_no));
                    overdue = overdue.max(late(a));
                }
                None => {
                    vi.push(format!("không có báo cáo kiểm tra, xác minh được phê duyệt trước {tvi}"));
                    en.push(format!("no verification report approved before the {ten}"));
                    overdue = overdue.max(late(ctx.as_of));
                }
            }
        }
        let f = f.due(Some(t));
        if vi.is_empty() {
            f.message(
                format!(
                    "Có tài liệu thiết kế an toàn và báo cáo kiểm tra được phê duyệt trước {tvi} ngày {}.",
                    vn_date(t)
                ),
                format!("Security design and verification report approved before the {ten} on {t}."),
            )
        } else {
            let mut f = Finding { status: Status::Fail, ..f }.message(
                format!("{} ngày {}: {}.", capitalise(&tvi), vn_date(t), vi.join("; ")),
                format!("{} on {t}: {}.", capitalise(&ten), en.join("; ")),
            );
            f.overdue_days = Some(overdue);
            f
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|first| first.to_uppercase().chain(c).collect()).unwrap_or_default()
}

impl Rule for SecurityDesign {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        systems_in_scope(ctx).map(|s| self.judge(ctx, s)).for_each(out)
    }
}

/// Kind `maintenance_regulation`: MAINT-REGULATION (Điều 24.1, 24.3).
///
/// A system in operation has a maintenance regulation issued within
/// `issue_within_days` of go-live, reviewed at least every `review_months`
/// and within `review_after_change_days` of a change of a kind in
/// `review_after_change_kinds`; when the regulation declares its `contents`,
/// they include every item of `required_contents` (Điều 24.1.a-đ).
pub struct MaintenanceRegulation {
    review_months: u32,
    required: Vec<MaintenanceContent>,
    issue_days: u32,
    change_triggers: Vec<ChangeKind>,
    change_days: u32,
}

impl MaintenanceRegulation {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        let p = Params::of(def);
        Ok(MaintenanceRegulation {
            review_months: p.uint("review_months", Some(12))?,
            required: names_param(&p, "required_contents", MAINTENANCE_CONTENTS, MAINTENANCE_CONTENTS)?
                .iter()
                .filter_map(|c| MaintenanceContent::parse(c))
                .collect(),
            issue_days: p.uint("issue_within_days", Some(30))?,
            change_triggers: names_param(
                &p,
                "review_after_change_kinds",
                &["upgrade", "expansion", "replacement"],
                CHANGE_KINDS,
            )?
            .iter()
            .filter_map(|k| ChangeKind::parse(k))
            .collect(),
            change_days: p.uint("review_after_change_days", Some(30))?,
        })
    }

    fn judge(&self, ctx: &Context<'_>, s: &System) -> Finding {
        let f = system_finding(ctx, s, Status::Pass);
        if !operating(s, ctx.as_of) {
            return not_operating(f, s);
        }
        let all: Vec<&Document> =
            ctx.snapshot.documents_of(&s.system_id).filter(|d| d.kind == DocumentKind::MaintenanceRegulation).collect();
        let latest = all.iter().filter_map(|d| d.last_dated_by(ctx.as_of).map(|l| (l, *d))).max_by_key(|(l, _)| *l);
        let Some((last, doc)) = latest else {
            if let Some(d) = all.iter().find(|d| d.approved_on.is_none() && d.reviewed_on.is_none()) {
                return Finding { status: Status::NoEvidence, ..f.evidence(d.evidence_ref()) }.message(
                    format!("Quy định bảo trì {} không ghi ngày ban hành hay ngày rà soát.", d.document_no),
                    format!("Maintenance regulation {} has neither an approval nor a review date.", d.document_no),
                );
            }
            let days = self.issue_days;
            return match s.in_operation_since {
                Some(since) => {
                    let due = since + Duration::days(i64::from(days));
                    let f = f.due(Some(due));
                    if ctx.as_of > due {
                        Finding { status: Status::Fail, ..f }.overdue_from(due, ctx.as_of).message(
                            format!("Chưa ban hành quy định bảo trì; đưa vào vận hành ngày {}, hạn ban hành {}.", vn_date(since), vn_date(due)),
                            format!("No maintenance regulation; live since {since}, it was due by {due}."),
                        )
                    } else {
                        Finding { status: Status::Pending, ..f }.message(
                            format!("Chưa ban hành quy định bảo trì; hạn ban hành {} ({days} ngày sau khi đưa vào vận hành).", vn_date(due)),
                            format!("No maintenance regulation yet; due by {due} ({days} days after go-live)."),
                        )
                    }
                }
                None => Finding { status: Status::Fail, ..f }.message(
                    "Hệ thống đang vận hành chưa có quy định bảo trì (không rõ ngày đưa vào vận hành nên không tính được hạn).",
                    "System in operation has no maintenance regulation (go-live date unknown, so no deadline can be computed).",
                ),
            };
        };
        let mut f = f.evidence(doc.evidence_ref());
        let periodic = add_months(last, self.review_months);
        let change = ctx
            .snapshot
            .changes_of(&s.system_id)
            .filter(|c| c.kinds.iter().any(|k| self.change_triggers.contains(k)))
            .filter_map(|c| c.applied_by(ctx.as_of).filter(|&a| a > last).map(|a| (a, c)))
            .min_by_key(|(a, _)| *a);
        let mut due = periodic;
        let mut why = (
            format!("rà soát định kỳ {} tháng", self.review_months),
            format!("yearly review every {} months", self.review_months),
        );
        if let Some((applied, c)) = change {
            let by_change = applied + Duration::days(i64::from(self.change_days));
            if by_change < due {
                due = by_change;
                f = f.evidence(c.evidence_ref());
                why = (
                    format!("rà soát sau thay đổi {} áp dụng ngày {}", c.change_id, vn_date(applied)),
                    format!("review after change {} applied on {applied}", c.change_id),
                );
            }
        }
        let mut f = f.due(Some(due));
        let (mut vi, mut en) = (Vec::new(), Vec::new());
        if ctx.as_of > due {
            f = f.overdue_from(due, ctx.as_of);
            vi.push(format!("ban hành/rà soát lần cuối ngày {}, quá hạn {} ({})", vn_date(last), vn_date(due), why.0));
            en.push(format!("last issued or reviewed on {last}, overdue since {due} ({})", why.1));
        }
        let contents_note = match &doc.contents {
            Some(c) => {
                let lacking: Vec<&str> = self.required.iter().filter(|r| !c.contains(r)).map(|r| r.as_str()).collect();
                if !lacking.is_empty() {
                    vi.push(format!("thiếu nội dung {}", lacking.join(", ")));
                    en.push(format!("missing contents {}", lacking.join(", ")));
                }
                (String::new(), String::new())
            }
            None => (
                " Nội dung (Điều 24.1.a-đ) không được kê khai, không kiểm tra.".into(),
                " Contents (Điều 24.1.a-đ) not declared, not checked.".into(),
            ),
        };
        if vi.is_empty() {
            f.message(
                format!(
                    "Quy định bảo trì {} ban hành/rà soát ngày {}; hạn rà soát tiếp theo {} ({}).{}",
                    doc.document_no,
                    vn_date(last),
                    vn_date(due),
                    why.0,
                    contents_note.0
                ),
                format!(
                    "Maintenance regulation {} issued or reviewed on {last}; next review due by {due} ({}).{}",
                    doc.document_no, why.1, contents_note.1
                ),
            )
        } else {
            Finding { status: Status::Fail, ..f }.message(
                format!("Quy định bảo trì {}: {}.", doc.document_no, vi.join("; ")),
                format!("Maintenance regulation {}: {}.", doc.document_no, en.join("; ")),
            )
        }
    }
}

impl Rule for MaintenanceRegulation {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        systems_in_scope(ctx).map(|s| self.judge(ctx, s)).for_each(out)
    }
}

/// Kind `test_data_masked`: DEV-TEST-DATA (Điều 20.2). Per system, every
/// declared test environment either holds no production data or holds it
/// masked. A system with no declaration is `no_evidence`.
pub struct TestDataMasked;

impl TestDataMasked {
    fn judge(ctx: &Context<'_>, system_id: &str, f: Finding) -> Finding {
        let envs: Vec<_> = ctx.snapshot.test_environments_of(system_id).collect();
        let f = envs.iter().fold(f, |f, e| f.evidence(e.evidence_ref()));
        if envs.is_empty() {
            return Finding { status: Status::NoEvidence, ..f }.message(
                "Không có kê khai môi trường kiểm thử và dữ liệu kiểm thử (test_environments).",
                "No declaration of test environments and their data (test_environments).",
            );
        }
        let bad: Vec<String> = envs
            .iter()
            .filter(|e| e.uses_production_data && e.data_masked != Some(true))
            .map(|e| e.environment.clone())
            .collect();
        if bad.is_empty() {
            let real = envs.iter().filter(|e| e.uses_production_data).count();
            f.message(
                format!("{} môi trường kiểm thử; {real} dùng dữ liệu thật đã che giấu.", envs.len()),
                format!("{} test environment(s); {real} use masked production data.", envs.len()),
            )
        } else {
            Finding { status: Status::Fail, ..f }.message(
                format!("Môi trường kiểm thử dùng dữ liệu thật chưa che giấu: {}.", bad.join(", ")),
                format!("Test environments with unmasked production data: {}.", bad.join(", ")),
            )
        }
    }
}

impl Rule for TestDataMasked {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        for s in systems_in_scope(ctx) {
            out(Self::judge(ctx, &s.system_id, system_finding(ctx, s, Status::Pass)));
        }
        // Declarations naming systems that are not imported are judged too.
        let mut seen = std::collections::HashSet::new();
        for e in &ctx.snapshot.test_environments {
            if ctx.snapshot.system(&e.system_id).is_none() && seen.insert(e.system_id.as_str()) {
                let f = Finding::new(Status::Pass, SubjectKind::System, e.system_id.clone());
                out(Self::judge(ctx, &e.system_id, f));
            }
        }
    }
}

/// Kinds implemented in this file (see `rules::registry`).
pub(super) const KINDS: &[(&str, super::Constructor)] = &[
    ("security_design_before_golive", |d| Ok(Box::new(SecurityDesign::from_def(d)?))),
    ("maintenance_regulation", |d| Ok(Box::new(MaintenanceRegulation::from_def(d)?))),
    ("test_data_masked", |_| Ok(Box::new(TestDataMasked))),
];

#[cfg(test)]
#[path = "ops_docs_tests.rs"]
mod tests;
