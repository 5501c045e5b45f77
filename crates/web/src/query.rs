//! Finding queries shared by the console and the API: filters (status,
//! rule, article, unit subtree, system, due window, text), sort, paging,
//! always within the caller's scope.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tuanthu_core::engine::Selection;
use tuanthu_core::{evaluate, Finding, Status};

use crate::auth::Principal;
use crate::authz::{Action, Scope};
use crate::cache::{Evaluated, Loaded};
use crate::http::Problem;
use crate::state::AppState;

/// Query parameters of `/findings` and `/api/v1/findings`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct FindingQuery {
    /// Comma-separated statuses, or `all` (default: those needing attention).
    pub status: Option<String>,
    /// Comma-separated rule ids.
    pub rule: Option<String>,
    /// Article number (`11`) or citation prefix (`Điều 11.3`).
    pub article: Option<String>,
    /// Unit code: findings concerning this unit or a unit below it.
    pub unit: Option<String>,
    /// System id: findings about the system or its accounts.
    pub system: Option<String>,
    pub due_from: Option<String>,
    pub due_to: Option<String>,
    pub as_of: Option<String>,
    /// Text in the subject or the message.
    pub q: Option<String>,
    /// `due`, `-due`, `overdue`, `-overdue`, `rule`, `subject`, `status`.
    pub sort: Option<String>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

fn blank(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A date parameter: `YYYY-MM-DD` or `DD/MM/YYYY`.
pub fn parse_date(name: &str, s: &str) -> Result<NaiveDate, Problem> {
    use chrono::Datelike;
    // The working-day calendar covers 1900-2100.
    tuanthu_ingest::parse_date(s).filter(|d| (1900..=2100).contains(&d.year())).ok_or_else(|| {
        Problem::bad_request(
            &format!("{name}: ngày không hợp lệ \"{s}\" (YYYY-MM-DD hoặc DD/MM/YYYY, năm 1900-2100)"),
            &format!("{name}: invalid date \"{s}\" (YYYY-MM-DD or DD/MM/YYYY, years 1900-2100)"),
        )
    })
}

pub fn parse_statuses(s: Option<&str>) -> Result<Vec<Status>, Problem> {
    match s {
        None => Ok(Status::ATTENTION.to_vec()),
        Some(s) if s.eq_ignore_ascii_case("all") => Ok(Status::ALL.to_vec()),
        Some(s) => s
            .split(',')
            .filter(|x| !x.trim().is_empty())
            .map(|x| {
                Status::parse(x).ok_or_else(|| {
                    Problem::bad_request(
                        &format!("trạng thái không hợp lệ \"{x}\""),
                        &format!(
                            "invalid status \"{x}\" (pass, pending, fail, excepted, no_evidence, not_applicable, all)"
                        ),
                    )
                })
            })
            .collect(),
    }
}

/// The article number of a citation: "Điều 11.1.c" → 11.
#[must_use]
pub fn article_of(cite: &str) -> Option<u32> {
    let rest = cite.trim().strip_prefix("Điều")?.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Chapter (Roman numeral, title) of an article of QĐ 1048.
#[must_use]
pub fn chapter_of(article: u32) -> (&'static str, &'static str, &'static str) {
    match article {
        1..=4 => ("I", "Quy định chung", "General provisions"),
        5..=16 => ("II", "Quy định bảo đảm an toàn, an ninh thông tin", "Security requirements"),
        17..=24 => (
            "III",
            "Quản lý tiếp nhận, phát triển, duy trì hệ thống thông tin",
            "Acquisition, development, maintenance",
        ),
        25..=27 => ("IV", "Quản lý bên thứ ba", "Third parties"),
        28..=32 => ("V", "Giám sát, cảnh báo, ứng cứu sự cố", "Monitoring, alerts, incident response"),
        _ => ("VI", "Tổ chức thực hiện", "Implementation"),
    }
}

/// Parsed filters.
pub struct Filter {
    pub statuses: Vec<Status>,
    pub rules: Vec<String>,
    pub article: Option<String>,
    pub units: Option<HashSet<String>>,
    pub system: Option<String>,
    pub due_from: Option<NaiveDate>,
    pub due_to: Option<NaiveDate>,
    pub q: Option<String>,
    pub scope: Scope,
}

impl Filter {
    #[must_use]
    pub fn matches(&self, f: &Finding) -> bool {
        self.statuses.contains(&f.status)
            && self.scope.sees(f.units.iter().map(|u| &**u))
            && (self.rules.is_empty() || self.rules.iter().any(|r| r.eq_ignore_ascii_case(&f.rule)))
            && self.article.as_deref().is_none_or(|a| article_matches(a, &f.cite))
            && self.units.as_ref().is_none_or(|set| f.units.iter().any(|u| set.contains(&**u)))
            && self.system.as_deref().is_none_or(|s| {
                f.subject_id == s || f.subject_id.strip_prefix(s).is_some_and(|rest| rest.starts_with('/'))
            })
            && self.due_from.is_none_or(|d| f.due.is_some_and(|x| x >= d))
            && self.due_to.is_none_or(|d| f.due.is_some_and(|x| x <= d))
            && self.q.as_deref().is_none_or(|q| {
                let q = q.to_lowercase();
                f.subject_id.to_lowercase().contains(&q)
                    || f.message_vi.to_lowercase().contains(&q)
                    || f.message_en.to_lowercase().contains(&q)
            })
    }
}

fn article_matches(filter: &str, cite: &str) -> bool {
    let filter = filter.trim();
    if let Ok(n) = filter.parse::<u32>() {
        return article_of(cite) == Some(n);
    }
    let f = filter.to_lowercase();
    let c = cite.to_lowercase();
    c == f || c.strip_prefix(&f).is_some_and(|rest| rest.starts_with(['.', ',', '-', ' ']))
}

/// The findings a query selects (indices into `findings()`), and their source.
pub struct Selected {
    pub loaded: Arc<Loaded>,
    pub as_of: NaiveDate,
    source: Source,
    pub idx: Vec<usize>,
    pub total: usize,
}

enum Source {
    Cached(Arc<Evaluated>),
    Owned(Vec<Finding>),
}

impl Selected {
    #[must_use]
    pub fn findings(&self) -> &[Finding] {
        match &self.source {
            Source::Cached(e) => &e.findings,
            Source::Owned(v) => v,
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Finding> {
        let all = self.findings();
        self.idx.iter().map(move |&i| &all[i])
    }
}

/// Today in Vietnam, or the `as_of` parameter.
pub fn as_of(param: Option<&str>) -> Result<NaiveDate, Problem> {
    match param.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => parse_date("as_of", s),
        None => Ok(tuanthu_core::today_in_vietnam()),
    }
}

fn build_filter(q: &FindingQuery, loaded: &Loaded, p: &Principal) -> Result<Filter, Problem> {
    let scope = p.scope(Action::ReadFindings, &loaded.snapshot);
    if !scope.allowed() {
        return Err(Problem::forbidden());
    }
    Ok(Filter {
        statuses: parse_statuses(blank(&q.status))?,
        rules: blank(&q.rule)
            .map(|r| r.split(',').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect())
            .unwrap_or_default(),
        article: blank(&q.article).map(str::to_string),
        units: blank(&q.unit).map(|u| loaded.snapshot.unit_subtree(u)),
        system: blank(&q.system).map(str::to_string),
        due_from: blank(&q.due_from).map(|s| parse_date("due_from", s)).transpose()?,
        due_to: blank(&q.due_to).map(|s| parse_date("due_to", s)).transpose()?,
        q: blank(&q.q).map(str::to_string),
        scope,
    })
}

/// Runs a finding query for a user. `page = false` ignores limit/offset (exports).
pub async fn select(state: &AppState, p: &Principal, q: &FindingQuery, page: bool) -> Result<Selected, Problem> {
    let as_of = as_of(blank(&q.as_of))?;
    let loaded = state.inner.cache.loaded(state).await?;
    let filter = build_filter(q, &loaded, p)?;
    for r in &filter.rules {
        if !state.pack().rules.iter().any(|d| d.id.eq_ignore_ascii_case(r)) {
            return Err(Problem::bad_request(&format!("không có quy tắc \"{r}\""), &format!("no rule \"{r}\"")));
        }
    }
    // Passes (beyond those due soon) and not-applicable findings are not
    // cached: they are judged again, for the selected rules only.
    let horizon = as_of + chrono::Duration::days(crate::cache::UPCOMING_DAYS);
    let passes_cached = filter.due_from.is_some_and(|d| d >= as_of) && filter.due_to.is_some_and(|d| d <= horizon);
    let needs_full =
        filter.statuses.contains(&Status::NotApplicable) || (filter.statuses.contains(&Status::Pass) && !passes_cached);
    let (loaded, source, mut idx) = if needs_full {
        let pack = Arc::clone(&state.inner.pack);
        let l = Arc::clone(&loaded);
        let rules = filter.rules.clone();
        let found = tokio::task::spawn_blocking(move || {
            let keep = |f: &Finding| filter.matches(f);
            evaluate(&pack, &l.snapshot, as_of, &l.calendar, &Selection { rules, ..Selection::default() }, &keep)
                .map(|e| e.findings)
        })
        .await
        .map_err(|e| Problem::internal(&anyhow::anyhow!("{e}")))?
        .map_err(|e| Problem::internal(&e.into()))?;
        let idx: Vec<usize> = (0..found.len()).collect();
        (loaded, Source::Owned(found), idx)
    } else {
        let (loaded, eval) = state.inner.cache.evaluation(state, as_of).await?;
        let key = format!(
            "{}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
            crate::dashboard::grants_key(p),
            blank(&q.status),
            blank(&q.rule),
            blank(&q.article),
            blank(&q.unit),
            blank(&q.system),
            blank(&q.due_from),
            blank(&q.due_to),
            blank(&q.q),
            blank(&q.sort)
        );
        let idx: Vec<usize> = match eval.memo.selection(&key) {
            Some(v) => v.as_ref().clone(),
            None => {
                let mut idx: Vec<usize> =
                    (0..eval.findings.len()).filter(|&i| filter.matches(&eval.findings[i])).collect();
                sort(&mut idx, &eval.findings, blank(&q.sort));
                eval.memo.put_selection(key, Arc::new(idx.clone()));
                idx
            }
        };
        (loaded, Source::Cached(eval), idx)
    };
    let mut sel = Selected { loaded, as_of, source, idx: Vec::new(), total: 0 };
    if matches!(sel.source, Source::Owned(_)) {
        sort(&mut idx, sel.findings(), blank(&q.sort));
    }
    sel.total = idx.len();
    if page {
        let offset = q.offset.unwrap_or(0).min(idx.len());
        let limit = q.limit.unwrap_or(usize::MAX);
        idx = idx.into_iter().skip(offset).take(limit).collect();
    }
    sel.idx = idx;
    Ok(sel)
}

fn sort(idx: &mut [usize], all: &[Finding], by: Option<&str>) {
    let Some(by) = by else { return };
    let (desc, key) = match by.strip_prefix('-') {
        Some(k) => (true, k),
        None => (false, by),
    };
    match key {
        "due" => idx.sort_by_key(|&i| (all[i].due.is_none(), all[i].due)),
        "overdue" => idx.sort_by_key(|&i| std::cmp::Reverse(all[i].overdue_days.unwrap_or(-1))),
        "rule" => idx.sort_by(|&a, &b| all[a].rule.cmp(&all[b].rule)),
        "subject" => idx.sort_by(|&a, &b| crate::collate::compare(&all[a].subject_id, &all[b].subject_id)),
        "status" => idx.sort_by_key(|&i| all[i].status),
        _ => return,
    }
    if desc {
        idx.reverse();
    }
}
