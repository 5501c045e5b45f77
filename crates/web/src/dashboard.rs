//! The dashboard: counts by status per unit and per article (chapter →
//! article), the most overdue findings, the trend over past check runs, and
//! the deadlines of the next 30 days — all within the caller's scope.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{json, Value};
use tuanthu_core::{Finding, Status};

use crate::api::json_finding;
use crate::auth::Principal;
use crate::authz::{Action, Scope};
use crate::http::Problem;
use crate::query::{article_of, chapter_of};
use crate::state::AppState;

pub const UPCOMING_WINDOW_DAYS: i64 = 30;

pub fn slot(s: Status) -> usize {
    Status::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

pub struct UnitRow {
    pub code: String,
    pub name: String,
    pub counts: [u64; 6],
}

pub struct ArticleRow {
    pub chapter: &'static str,
    pub chapter_vi: &'static str,
    pub chapter_en: &'static str,
    pub article: u32,
    pub counts: [u64; 6],
}

#[derive(Clone)]
pub struct TrendPoint {
    pub run_id: i64,
    pub started_at: DateTime<Utc>,
    pub as_of: NaiveDate,
    /// Per status; passes and not-applicable are known only for whole-organisation scope.
    pub counts: [Option<u64>; 6],
}

impl TrendPoint {
    #[must_use]
    pub fn to_json(&self) -> Value {
        let mut counts = serde_json::Map::new();
        for (i, s) in Status::ALL.iter().enumerate() {
            counts.insert(s.as_str().into(), self.counts[i].map_or(Value::Null, |n| json!(n)));
        }
        json!({"id": self.run_id, "started_at": self.started_at.to_rfc3339(), "as_of": self.as_of.format("%Y-%m-%d").to_string(), "counts": counts})
    }
}

pub struct Dashboard {
    pub as_of: NaiveDate,
    pub computed_at: DateTime<Utc>,
    pub totals: [u64; 6],
    pub units: Vec<UnitRow>,
    pub articles: Vec<ArticleRow>,
    pub top_overdue: Vec<Finding>,
    pub upcoming: Vec<Finding>,
    pub upcoming_total: usize,
    pub trend: Vec<TrendPoint>,
    pub can_run: bool,
}

impl Dashboard {
    #[must_use]
    pub fn to_json(&self) -> Value {
        let counts = |c: &[u64; 6]| {
            let mut m = serde_json::Map::new();
            for (i, s) in Status::ALL.iter().enumerate() {
                m.insert(s.as_str().into(), json!(c[i]));
            }
            Value::Object(m)
        };
        json!({
            "as_of": self.as_of.format("%Y-%m-%d").to_string(),
            "computed_at": self.computed_at.to_rfc3339(),
            "totals": counts(&self.totals),
            "units": self.units.iter().map(|u| json!({"code": u.code, "name": u.name, "counts": counts(&u.counts)})).collect::<Vec<_>>(),
            "articles": self.articles.iter().map(|a| json!({"chapter": a.chapter, "article": a.article, "counts": counts(&a.counts)})).collect::<Vec<_>>(),
            "top_overdue": self.top_overdue.iter().map(|f| json!(json_finding(f))).collect::<Vec<_>>(),
            "upcoming": self.upcoming.iter().map(|f| json!(json_finding(f))).collect::<Vec<_>>(),
            "upcoming_total": self.upcoming_total,
            "trend": self.trend.iter().map(TrendPoint::to_json).collect::<Vec<_>>(),
        })
    }
}

/// The caller's grants as a cache key.
pub fn grants_key(p: &Principal) -> String {
    let mut g: Vec<String> = p.user.grants.iter().map(|g| format!("{}@{}", g.role, g.unit)).collect();
    g.sort();
    g.join(",")
}

pub async fn build(state: &AppState, p: &Principal, as_of: NaiveDate) -> Result<Arc<Dashboard>, Problem> {
    let (loaded, eval) = state.inner.cache.evaluation(state, as_of).await?;
    let key = grants_key(p);
    let trend = trend(state, p, 24).await?;
    if let Some(d) = eval.memo.dashboard(&key) {
        if d.trend.len() == trend.len() && d.trend.last().map(|t| t.run_id) == trend.last().map(|t| t.run_id) {
            return Ok(d);
        }
    }
    let scope = p.scope(Action::ReadFindings, &loaded.snapshot);
    if !scope.allowed() {
        return Err(Problem::forbidden());
    }
    let snap = &loaded.snapshot;
    let by_rule = eval.counts_in_scope(&scope);
    let mut totals = [0u64; 6];
    let mut per_article: BTreeMap<u32, [u64; 6]> = BTreeMap::new();
    for ((rule, status), n) in &by_rule {
        totals[slot(*status)] += n;
        let cite = state.pack().rule(rule).map(|d| d.cite.as_str()).unwrap_or("");
        if let Some(a) = article_of(cite) {
            per_article.entry(a).or_default()[slot(*status)] += n;
        }
    }
    let articles = per_article
        .into_iter()
        .map(|(article, counts)| {
            let (chapter, chapter_vi, chapter_en) = chapter_of(article);
            ArticleRow { chapter, chapter_vi, chapter_en, article, counts }
        })
        .collect();
    let mut units: Vec<UnitRow> = eval
        .per_unit
        .iter()
        .filter(|(u, _)| scope.sees_unit(u))
        .map(|(u, c)| UnitRow {
            code: u.to_string(),
            name: snap.unit(u).map(|x| x.name.clone()).unwrap_or_default(),
            counts: *c,
        })
        .collect();
    units.sort_by(|a, b| b.counts[slot(Status::Fail)].cmp(&a.counts[slot(Status::Fail)]).then(a.code.cmp(&b.code)));
    let visible = |f: &Finding| scope.sees(f.units.iter().map(|u| &**u));
    let top_overdue: Vec<Finding> =
        eval.by_overdue.iter().map(|&i| &eval.findings[i]).filter(|f| visible(f)).take(10).cloned().collect();
    let horizon = as_of + chrono::Duration::days(UPCOMING_WINDOW_DAYS);
    let _ = horizon;
    let upcoming_all: Vec<&Finding> = eval.upcoming.iter().map(|&i| &eval.findings[i]).filter(|f| visible(f)).collect();
    let upcoming_total = upcoming_all.len();
    let upcoming = upcoming_all.into_iter().take(15).cloned().collect();
    let d = Arc::new(Dashboard {
        as_of,
        computed_at: eval.computed_at,
        totals,
        units,
        articles,
        top_overdue,
        upcoming,
        upcoming_total,
        trend,
        can_run: p.may(Action::RunCheck),
    });
    eval.memo.put_dashboard(key, Arc::clone(&d));
    Ok(d)
}

/// Kept findings of a run, counted per status and unit list (runs never change: cached).
type RunCounts = Arc<Vec<(Status, Vec<String>, u64)>>;

#[derive(Default)]
pub struct RunCache {
    runs: std::sync::Mutex<Option<(std::time::Instant, Arc<Vec<tuanthu_store::RunSummary>>)>>,
    counts: std::sync::Mutex<HashMap<i64, RunCounts>>,
}

impl RunCache {
    pub fn invalidate(&self) {
        if let Ok(mut r) = self.runs.lock() {
            *r = None;
        }
    }
}

/// Past runs (oldest first) with counts within the caller's scope.
pub async fn trend(state: &AppState, p: &Principal, limit: u32) -> Result<Vec<TrendPoint>, Problem> {
    if !p.may(Action::ReadRuns) {
        return Err(Problem::forbidden());
    }
    let cache = &state.inner.runs;
    let cached = cache.runs.lock().ok().and_then(|r| r.clone()).filter(|(t, _)| t.elapsed().as_secs() < 5);
    let runs = match cached {
        Some((_, r)) if r.len() >= limit as usize || r.len() < 500 => r,
        _ => {
            let r = Arc::new(state.db(move |s| Ok(s.runs(limit.max(50))?)).await?);
            if let Ok(mut c) = cache.runs.lock() {
                *c = Some((std::time::Instant::now(), Arc::clone(&r)));
            }
            r
        }
    };
    let runs: Vec<&tuanthu_store::RunSummary> = runs.iter().take(limit as usize).collect();
    let loaded = state.inner.cache.loaded(state).await?;
    let scope = p.scope(Action::ReadRuns, &loaded.snapshot);
    let mut out = Vec::new();
    if scope.is_all() {
        for r in runs.iter().rev() {
            let mut counts = [Some(0u64); 6];
            for (_, status, n) in &r.counts {
                if let Some(s) = Status::parse(status) {
                    counts[slot(s)] = Some(counts[slot(s)].unwrap_or(0) + n.unsigned_abs());
                }
            }
            out.push(TrendPoint { run_id: r.id, started_at: r.started_at, as_of: r.as_of, counts });
        }
        return Ok(out);
    }
    if !scope.allowed() {
        return Ok(out);
    }
    let missing: Vec<i64> = {
        let c = cache.counts.lock().map_err(|_| Problem::internal(&anyhow::anyhow!("poisoned")))?;
        runs.iter().map(|r| r.id).filter(|id| !c.contains_key(id)).collect()
    };
    if !missing.is_empty() {
        let rows = state.db(move |s| Ok(s.web().run_unit_counts(&missing)?)).await?;
        let mut grouped: HashMap<i64, Vec<(Status, Vec<String>, u64)>> = HashMap::new();
        for r in rows {
            if let Some(s) = Status::parse(&r.status) {
                let units = r.units.split(';').filter(|u| !u.is_empty()).map(str::to_string).collect();
                grouped.entry(r.run_id).or_default().push((s, units, r.count.unsigned_abs()));
            }
        }
        if let Ok(mut c) = cache.counts.lock() {
            for r in &runs {
                c.insert(r.id, Arc::new(grouped.remove(&r.id).unwrap_or_default()));
            }
        }
    }
    let c = cache.counts.lock().map_err(|_| Problem::internal(&anyhow::anyhow!("poisoned")))?;
    for r in runs.iter().rev() {
        let mut counts: [Option<u64>; 6] = [None; 6];
        for s in Status::ATTENTION {
            counts[slot(s)] = Some(0);
        }
        if let Some(rows) = c.get(&r.id) {
            for (s, units, n) in rows.iter() {
                if scope_sees(&scope, units) {
                    counts[slot(*s)] = Some(counts[slot(*s)].unwrap_or(0) + n);
                }
            }
        }
        out.push(TrendPoint { run_id: r.id, started_at: r.started_at, as_of: r.as_of, counts });
    }
    Ok(out)
}

fn scope_sees(scope: &Scope, units: &[String]) -> bool {
    scope.sees(units.iter().map(String::as_str))
}
