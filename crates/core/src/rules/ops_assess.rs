//! Security assessments (Điều 22).
//!
//! > 1. Nội dung đánh giá hệ thống thông tin về an ninh bảo mật phải bao gồm
//! >    các nội dung sau: a) Đánh giá về kiến trúc hệ thống (…); b) Kiểm tra cấu
//! >    hình các thiết bị bảo mật (…); c) Kiểm tra thử nghiệm mức độ an toàn
//! >    mạng (Penetration Test), bắt buộc phải thực hiện đối với các hệ thống
//! >    thông tin có kết nối và cung cấp thông tin, dịch vụ ra Internet, kết nối
//! >    với doanh nghiệp và bên thứ ba.
//! > 3. Trong quá trình vận hành hệ thống thông tin, (…) định kỳ thực hiện đánh
//! >    giá an ninh bảo mật tối thiểu như sau: a) Sáu tháng một lần đối với hệ
//! >    thống thông tin mức độ 5 (…); b) Một năm một lần đối với các hệ thống
//! >    thông tin mức độ 3, 4 và các trang thiết bị giao tiếp trực tiếp với môi
//! >    trường bên ngoài như Internet, kết nối với khách hàng và bên thứ ba (…);
//! >    c) Hai năm một lần đối với hệ thống thông tin mức độ 1, 2.

use chrono::NaiveDate;

use super::ops_common::{
    judge_recurring, months_text, names_param, not_operating, operating, system_finding, systems_in_scope, Recurring,
};
use super::recency::add_months;
use super::{Context, Rule};
use crate::evidence::{Assessment, AssessmentKind, System};
use crate::finding::{vn_date, Finding, Status};
use crate::rulepack::{Params, RuleDef, RulePackError};

const CONNECTIONS: &[&str] = &["internet_facing", "third_party_connected"];
const COMPONENTS: &[&str] = &["architecture", "configuration", "pentest"];

/// The periods of Điều 22.3, by level and external connection.
struct Periods {
    level5: u32,
    level3_4: u32,
    internet: u32,
    level1_2: u32,
    /// Which system flags make a system "giao tiếp trực tiếp với môi trường bên ngoài".
    external_when: Vec<String>,
}

impl Periods {
    fn from_params(p: &Params<'_>, external_param: &str) -> Result<Self, RulePackError> {
        Ok(Periods {
            level5: p.uint("months_level5", Some(6))?,
            level3_4: p.uint("months_level3_4", Some(12))?,
            internet: p.uint("months_internet_facing", Some(12))?,
            level1_2: p.uint("months_level1_2", Some(24))?,
            external_when: names_param(p, external_param, CONNECTIONS, CONNECTIONS)?,
        })
    }

    fn external(&self, s: &System) -> bool {
        self.external_when.iter().any(|w| match w.as_str() {
            "internet_facing" => s.internet_facing,
            _ => s.third_party_connected,
        })
    }

    /// The period of a system in months, with the reason in both languages;
    /// `None` when its level is unknown.
    fn of(&self, s: &System) -> Option<(u32, String, String)> {
        let level = s.level?;
        let by_level = match level {
            5 => self.level5,
            3 | 4 => self.level3_4,
            _ => self.level1_2,
        };
        Some(if self.external(s) && self.internet < by_level {
            (
                self.internet,
                format!("cấp độ {level}, kết nối Internet/bên thứ ba"),
                format!("level {level}, connected to the Internet or third parties"),
            )
        } else {
            (by_level, format!("cấp độ {level}"), format!("level {level}"))
        })
    }
}

fn latest<'a>(ctx: &'a Context<'_>, s: &System, kinds: &[AssessmentKind]) -> Option<&'a Assessment> {
    ctx.snapshot
        .assessments_of(&s.system_id)
        .filter(|a| a.assessed_on <= ctx.as_of && (a.kind == AssessmentKind::Full || kinds.contains(&a.kind)))
        .max_by_key(|a| a.assessed_on)
}

fn level_unknown(f: Finding, last: Option<NaiveDate>) -> Finding {
    let (vi, en) = match last {
        Some(d) => (format!(" Lần đánh giá gần nhất ngày {}.", vn_date(d)), format!(" Last assessed on {d}.")),
        None => (" Chưa có lần đánh giá nào.".into(), " Never assessed.".into()),
    };
    Finding { status: Status::NoEvidence, ..f }.message(
        format!("Không rõ cấp độ hệ thống nên không xác định được định kỳ đánh giá (Điều 22.3).{vi}"),
        format!("System level unknown, so the assessment period cannot be told (Điều 22.3).{en}"),
    )
}

/// Kind `assessment_period`: ASSESS-PERIOD (Điều 22.3). A complete
/// assessment — a `full` one, or every kind in `components` — at least once
/// per period: level 5 `months_level5`, levels 3-4 `months_level3_4`, levels
/// 1-2 `months_level1_2`, and at most `months_internet_facing` for a system
/// with one of the `internet_facing_when` flags.
pub struct AssessmentPeriod {
    periods: Periods,
    components: Vec<AssessmentKind>,
}

impl AssessmentPeriod {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        let p = Params::of(def);
        Ok(AssessmentPeriod {
            periods: Periods::from_params(&p, "internet_facing_when")?,
            components: names_param(&p, "components", &["architecture", "configuration"], COMPONENTS)?
                .iter()
                .filter_map(|c| AssessmentKind::parse(c))
                .collect(),
        })
    }

    /// The date by which every component had last been assessed (a `full`
    /// assessment counts for each), and the rows that show it.
    fn last_complete<'a>(&self, ctx: &'a Context<'_>, s: &System) -> (Option<NaiveDate>, Vec<&'a Assessment>) {
        let mut date: Option<NaiveDate> = None;
        let mut rows: Vec<&Assessment> = Vec::new();
        for c in &self.components {
            match latest(ctx, s, std::slice::from_ref(c)) {
                None => return (None, Vec::new()),
                Some(a) => {
                    date = Some(date.map_or(a.assessed_on, |d| d.min(a.assessed_on)));
                    if !rows.iter().any(|r| std::ptr::eq(*r, a)) {
                        rows.push(a);
                    }
                }
            }
        }
        if self.components.is_empty() {
            let a = latest(ctx, s, &[]);
            return (a.map(|a| a.assessed_on), a.into_iter().collect());
        }
        (date, rows)
    }
}

impl Rule for AssessmentPeriod {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        for s in systems_in_scope(ctx) {
            let f = system_finding(ctx, s, Status::Pass);
            if !operating(s, ctx.as_of) {
                out(not_operating(f, s));
                continue;
            }
            let (last, rows) = self.last_complete(ctx, s);
            let f = rows.iter().fold(f, |f, a| f.evidence(a.evidence_ref()));
            let Some((months, why_vi, why_en)) = self.periods.of(s) else {
                out(level_unknown(f, last));
                continue;
            };
            let (pvi, pen) = months_text(months);
            let r = Recurring {
                what: ("Đánh giá an ninh bảo mật", "Security assessment"),
                period: (format!("{pvi} ({why_vi})"), format!("{pen} ({why_en})")),
            };
            let mut finding = judge_recurring(ctx, f, last, |d| add_months(d, months), s.in_operation_since, &r);
            if let Some(open) = rows.iter().filter_map(|a| a.open_findings).max().filter(|&n| n > 0) {
                finding.message_vi.push_str(&format!(" Còn {open} tồn tại chưa khắc phục."));
                finding.message_en.push_str(&format!(" {open} findings still open."));
            }
            out(finding);
        }
    }
}

/// Kind `assessment_pentest`: ASSESS-PENTEST (Điều 22.1.c). A system with
/// one of the `applies_when` flags has a penetration test (`pentest` or
/// `full`) at least once per assessment period (the periods of Điều 22.3, as
/// in ASSESS-PERIOD: at most `months_internet_facing`).
pub struct AssessmentPentest {
    periods: Periods,
}

impl AssessmentPentest {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        Ok(AssessmentPentest { periods: Periods::from_params(&Params::of(def), "applies_when")? })
    }
}

impl Rule for AssessmentPentest {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        for s in systems_in_scope(ctx) {
            let f = system_finding(ctx, s, Status::Pass);
            if !operating(s, ctx.as_of) {
                out(not_operating(f, s));
                continue;
            }
            if !self.periods.external(s) {
                out(Finding { status: Status::NotApplicable, ..f }.message(
                    "Hệ thống không kết nối Internet, doanh nghiệp hay bên thứ ba: không bắt buộc kiểm tra xâm nhập.",
                    "System not connected to the Internet, businesses or third parties: no penetration test required.",
                ));
                continue;
            }
            let last = latest(ctx, s, &[AssessmentKind::Pentest]);
            let f = match last {
                Some(a) => f.evidence(a.evidence_ref()),
                None => f,
            };
            let Some((months, why_vi, why_en)) = self.periods.of(s) else {
                out(level_unknown(f, last.map(|a| a.assessed_on)));
                continue;
            };
            let (pvi, pen) = months_text(months);
            let r = Recurring {
                what: ("Kiểm tra xâm nhập (Penetration Test)", "Penetration test"),
                period: (format!("{pvi} ({why_vi})"), format!("{pen} ({why_en})")),
            };
            out(judge_recurring(
                ctx,
                f,
                last.map(|a| a.assessed_on),
                |d| add_months(d, months),
                s.in_operation_since,
                &r,
            ));
        }
    }
}

/// Kinds implemented in this file (see `rules::registry`).
pub(super) const KINDS: &[(&str, super::Constructor)] = &[
    ("assessment_period", |d| Ok(Box::new(AssessmentPeriod::from_def(d)?))),
    ("assessment_pentest", |d| Ok(Box::new(AssessmentPentest::from_def(d)?))),
];

#[cfg(test)]
#[path = "ops_assess_tests.rs"]
mod tests;
