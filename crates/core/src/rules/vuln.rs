//! Technical vulnerabilities (Điều 23): periodic scans and remediation plans.
//!
//! > 23.2. Chủ động phát hiện các điểm yếu về mặt kỹ thuật thông qua các hoạt
//! > động: (…) b) Thực hiện dò quét, phát hiện các mã độc, lỗ hổng, điểm yếu về
//! > mặt kỹ thuật của các hệ thống thông tin đang sử dụng định kỳ tối thiểu như
//! > sau: (i) Sáu tháng một lần đối với hệ thống thông tin mức độ 4 trở lên hoặc
//! > các hệ thống thông tin có kết nối với mạng Internet; (ii) Một năm một lần
//! > đối với các hệ thống thông tin còn lại.
//! >
//! > 23.3. Đánh giá mức độ tác động, rủi ro của từng lỗ hổng, điểm yếu về mặt
//! > kỹ thuật được phát hiện của các hệ thống thông tin đang sử dụng và đưa ra
//! > phương án, kế hoạch xử lý.
//! >
//! > 23.4. Xây dựng, tổ chức triển khai các giải pháp xử lý, khắc phục và báo
//! > cáo kết quả xử lý.
//!
//! Scans come from the native scanner reports imported with `tuanthu import
//! scan` (their coverage: which targets of which system each scan covered);
//! vulnerabilities are those reports' findings, deduplicated across scans;
//! plans are the `vuln_plans` rows.

use chrono::NaiveDate;

use super::recency::add_months;
use super::{Context, Rule};
use crate::evidence::{PlanStatus, ScanCoverage, Severity, System, Vulnerability};
use crate::finding::{vn_date, Finding, Status, SubjectKind};
use crate::rulepack::{Params, RuleDef, RulePackError};
use crate::vietnam_date;

fn system_finding(ctx: &Context<'_>, s: &System, status: Status) -> Finding {
    Finding::new(status, SubjectKind::System, s.system_id.clone())
        .evidence(format!("systems/{}", s.system_id))
        .units(ctx.snapshot.system_units(&s.system_id))
}

/// Kind `vulnerability_scan_period`: VULN-SCAN-PERIOD (Điều 23.2.b).
///
/// Every system in operation is scanned at least every `months_high` months
/// when its level is `high_min_level` or above (or unknown), or when it is
/// Internet-connected and `high_if_internet`; every `months_other` months
/// otherwise. The last scan is the latest import of a report (of one of
/// `tools`) covering a target of the system, on or before the as-of date.
pub struct ScanPeriod {
    months_high: u32,
    months_other: u32,
    high_min_level: u8,
    high_if_internet: bool,
    tools: Vec<String>,
}

impl ScanPeriod {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        let p = Params::of(def);
        let tools = p.strings("tools", crate::evidence::schema_scan::SCAN_TOOLS)?;
        if let Some(bad) = tools.iter().find(|t| !crate::evidence::schema_scan::SCAN_TOOLS.contains(&t.as_str())) {
            return Err(RulePackError::rule(
                &def.id,
                format!("tham số tools: công cụ \"{bad}\" không hợp lệ (openvas, nessus, trivy, sarif)"),
                format!("parameter tools: unknown tool \"{bad}\" (openvas, nessus, trivy, sarif)"),
            ));
        }
        Ok(ScanPeriod {
            months_high: p.uint("months_high", Some(6))?,
            months_other: p.uint("months_other", Some(12))?,
            high_min_level: u8::try_from(p.uint("high_min_level", Some(4))?).unwrap_or(u8::MAX),
            high_if_internet: p.boolean("high_if_internet", true)?,
            tools,
        })
    }

    /// The period of a system, with the reason in both languages.
    fn period(&self, s: &System) -> (u32, String, String) {
        match s.level {
            None => (
                self.months_high,
                "chưa xác định cấp độ, áp dụng chu kỳ ngắn nhất".into(),
                "level unknown, the shortest period applies".into(),
            ),
            Some(l) if l >= self.high_min_level => (self.months_high, format!("cấp độ {l}"), format!("level {l}")),
            Some(_) if s.internet_facing && self.high_if_internet => {
                (self.months_high, "kết nối Internet".into(), "Internet-connected".into())
            }
            Some(l) => (self.months_other, format!("cấp độ {l}"), format!("level {l}")),
        }
    }

    fn last_scan<'a>(&self, ctx: &'a Context<'_>, system_id: &str) -> Option<(NaiveDate, &'a ScanCoverage)> {
        ctx.snapshot
            .scan_coverage_of(system_id)
            .filter(|c| self.tools.contains(&c.tool))
            .map(|c| (vietnam_date(c.scanned_at), c))
            .filter(|(d, _)| *d <= ctx.as_of)
            .max_by_key(|(d, c)| (*d, c.scan_id))
    }
}

impl Rule for ScanPeriod {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        ctx.snapshot
            .systems
            .iter()
            .filter(|s| ctx.def.applies_to_level(s.level))
            .map(|s| {
                let f = system_finding(ctx, s, Status::Pass);
                if !s.in_operation {
                    return Finding { status: Status::NotApplicable, ..f }
                        .message("Hệ thống chưa đưa vào vận hành.", "System not in operation.");
                }
                let (months, why_vi, why_en) = self.period(s);
                if let Some((last, cov)) = self.last_scan(ctx, &s.system_id) {
                    let due = add_months(last, months);
                    let f = f.evidence(format!("scans/{}", cov.scan_id)).due(Some(due));
                    let what_vi = format!(
                        "Dò quét lỗ hổng lần cuối ngày {} ({} {}); chu kỳ {months} tháng ({why_vi})",
                        vn_date(last),
                        cov.tool,
                        cov.target
                    );
                    let what_en =
                        format!("Last vulnerability scan on {last} ({} {}); every {months} months ({why_en})", cov.tool, cov.target);
                    return if ctx.as_of > due {
                        Finding { status: Status::Fail, ..f }.overdue_from(due, ctx.as_of).message(
                            format!("{what_vi}; quá hạn từ {}.", vn_date(due)),
                            format!("{what_en}; overdue since {due}."),
                        )
                    } else {
                        f.message(
                            format!("{what_vi}; hạn tiếp theo {}.", vn_date(due)),
                            format!("{what_en}; next due by {due}."),
                        )
                    };
                }
                match s.in_operation_since {
                    None => Finding { status: Status::NoEvidence, ..f }.message(
                        "Chưa có lần dò quét lỗ hổng nào và không có ngày đưa vào vận hành (in_operation_since).",
                        "No vulnerability scan imported and no go-live date (in_operation_since).",
                    ),
                    Some(since) => {
                        let due = add_months(since, months);
                        let what_vi = format!(
                            "Chưa có lần dò quét lỗ hổng nào; vận hành từ {}, chu kỳ {months} tháng ({why_vi})",
                            vn_date(since)
                        );
                        let what_en = format!(
                            "No vulnerability scan imported; in operation since {since}, every {months} months ({why_en})"
                        );
                        if ctx.as_of > due {
                            Finding { status: Status::Fail, ..f }.due(Some(due)).overdue_from(due, ctx.as_of).message(
                                format!("{what_vi}; lần quét đầu tiên quá hạn từ {}.", vn_date(due)),
                                format!("{what_en}; the first scan was due by {due}."),
                            )
                        } else {
                            Finding { status: Status::Pending, ..f }.due(Some(due)).message(
                                format!("{what_vi}; lần quét đầu tiên hạn {}.", vn_date(due)),
                                format!("{what_en}; the first scan is due by {due}."),
                            )
                        }
                    }
                }
            })
            .for_each(out)
    }
}

/// Kind `vulnerability_remediation`: VULN-REMEDIATION (Điều 23.3-4).
///
/// Every vulnerability open on the as-of date whose scanner severity is in
/// `severities` has a `vuln_plans` row with a risk rating, a plan and a due
/// date (or a risk rating and a plan with status `accepted`), and is not past
/// that due date. Until a complete plan exists the vulnerability is judged
/// against a default due date: first seen + `default_due_days` of its severity.
pub struct Remediation {
    severities: Vec<Severity>,
    /// Default days from discovery, per severity (`Severity::ALL` order).
    default_due_days: [Option<u32>; 5],
}

impl Remediation {
    pub fn from_def(def: &RuleDef) -> Result<Self, RulePackError> {
        let p = Params::of(def);
        let severities = p.enums("severities", &["critical", "high", "medium", "low"], Severity::parse)?;
        let mut default_due_days = [Some(15), Some(30), Some(90), Some(180), None];
        if let Some(table) = p.table("default_due_days")? {
            for (key, value) in table {
                let sev = Severity::parse(key).map(|s| s as usize);
                let days = value.as_integer().and_then(|d| u32::try_from(d).ok());
                match (sev, days) {
                    (Some(i), Some(d)) => default_due_days[i] = Some(d),
                    _ => {
                        return Err(RulePackError::rule(
                            &def.id,
                            format!("default_due_days.{key} = {value:?}: critical|high|medium|low|info → số ngày"),
                            format!("default_due_days.{key} = {value:?}: critical|high|medium|low|info → days"),
                        ))
                    }
                }
            }
        }
        if let Some(missing) = severities.iter().find(|s| default_due_days[**s as usize].is_none()) {
            return Err(RulePackError::rule(
                &def.id,
                format!("default_due_days thiếu mức {}", missing.as_str()),
                format!("default_due_days has no value for {}", missing.as_str()),
            ));
        }
        Ok(Remediation { severities, default_due_days })
    }

    fn default_due(&self, v: &Vulnerability) -> (NaiveDate, u32) {
        let days = self.default_due_days[v.severity as usize].unwrap_or(0);
        (vietnam_date(v.first_seen) + chrono::Duration::days(i64::from(days)), days)
    }
}

impl Rule for Remediation {
    fn evaluate(&self, ctx: &Context<'_>, out: &mut dyn FnMut(Finding)) {
        ctx.snapshot
            .vulnerabilities
            .iter()
            .filter(|v| self.severities.contains(&v.severity) && v.open_on(ctx.as_of))
            .filter(|v| ctx.system_in_scope(&v.system_id))
            .map(|v| {
                let first = vietnam_date(v.first_seen);
                let f = Finding::new(Status::Pass, SubjectKind::Vulnerability, v.key.clone())
                    .evidence(v.evidence_ref())
                    .evidence(format!("systems/{}", v.system_id))
                    .units(ctx.snapshot.system_units(&v.system_id));
                let head_vi = format!(
                    "Lỗ hổng mức {} \"{}\" trên {} ({}), phát hiện {}",
                    v.severity.vi(),
                    v.title,
                    v.target,
                    v.system_id,
                    vn_date(first)
                );
                let head_en = format!(
                    "{} vulnerability \"{}\" on {} ({}), found {first}",
                    v.severity.as_str(),
                    v.title,
                    v.target,
                    v.system_id
                );
                let plan = ctx.snapshot.vuln_plan(&v.key);
                let f = match plan {
                    Some(_) => f.evidence(format!("vuln_plans/{}", v.key)),
                    None => f,
                };
                let mut missing: Vec<&str> = Vec::new();
                let accepted = plan.is_some_and(|p| p.status == Some(PlanStatus::Accepted));
                match plan {
                    None => missing.extend(["risk_rating", "plan", "due_date"]),
                    Some(p) => {
                        if p.risk_rating.is_none() {
                            missing.push("risk_rating");
                        }
                        if p.plan.is_none() {
                            missing.push("plan");
                        }
                        if p.due_date.is_none() && !accepted {
                            missing.push("due_date");
                        }
                    }
                }
                if !missing.is_empty() {
                    let (due, days) = self.default_due(v);
                    let what_vi = if plan.is_none() {
                        "chưa có đánh giá rủi ro và kế hoạch xử lý".to_string()
                    } else {
                        format!("kế hoạch xử lý thiếu {}", missing.join(", "))
                    };
                    let what_en = if plan.is_none() {
                        "no risk rating and remediation plan".to_string()
                    } else {
                        format!("remediation plan lacks {}", missing.join(", "))
                    };
                    let f = f.due(Some(due));
                    return if ctx.as_of > due {
                        Finding { status: Status::Fail, ..f }.overdue_from(due, ctx.as_of).message(
                            format!("{head_vi}: {what_vi}; quá thời hạn mặc định {days} ngày ({}).", vn_date(due)),
                            format!("{head_en}: {what_en}; past the default {days}-day deadline ({due})."),
                        )
                    } else {
                        Finding { status: Status::Pending, ..f }.message(
                            format!("{head_vi}: {what_vi}; hạn mặc định {} ({days} ngày).", vn_date(due)),
                            format!("{head_en}: {what_en}; default deadline {due} ({days} days)."),
                        )
                    };
                }
                let Some(p) = plan else { return f };
                let rating = p.risk_rating.map_or("", |r| r.as_str());
                if accepted {
                    return f.message(
                        format!("{head_vi}: rủi ro được đánh giá mức {rating} và chấp nhận."),
                        format!("{head_en}: risk rated {rating} and accepted."),
                    );
                }
                let Some(due) = p.due_date else { return f };
                let owner = p.owner.as_deref().map(|o| format!(", {o}")).unwrap_or_default();
                let done_vi = if p.status == Some(PlanStatus::Done) {
                    format!(
                        "; kế hoạch ghi đã xong nhưng lần quét {} vẫn thấy lỗ hổng",
                        vn_date(vietnam_date(v.last_seen))
                    )
                } else {
                    String::new()
                };
                let done_en = if p.status == Some(PlanStatus::Done) {
                    format!("; the plan says done but the scan of {} still found it", vietnam_date(v.last_seen))
                } else {
                    String::new()
                };
                let f = f.due(Some(due));
                if ctx.as_of > due {
                    Finding { status: Status::Fail, ..f }.overdue_from(due, ctx.as_of).message(
                        format!(
                            "{head_vi}: rủi ro mức {rating}, kế hoạch xử lý hạn {}{owner} đã quá hạn{done_vi}.",
                            vn_date(due)
                        ),
                        format!("{head_en}: risk {rating}, remediation due {due}{owner} is overdue{done_en}."),
                    )
                } else {
                    f.message(
                        format!("{head_vi}: rủi ro mức {rating}, kế hoạch xử lý hạn {}{owner}{done_vi}.", vn_date(due)),
                        format!("{head_en}: risk {rating}, remediation due {due}{owner}{done_en}."),
                    )
                }
            })
            .for_each(out)
    }
}

/// Kinds implemented in this file (see `rules::registry`).
pub(super) const KINDS: &[(&str, super::Constructor)] = &[
    ("vulnerability_scan_period", |d| Ok(Box::new(ScanPeriod::from_def(d)?))),
    ("vulnerability_remediation", |d| Ok(Box::new(Remediation::from_def(d)?))),
];

#[cfg(test)]
#[path = "vuln_tests.rs"]
mod tests;
