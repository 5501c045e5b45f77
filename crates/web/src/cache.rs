//! The evidence snapshot and the latest evaluation per as-of date, kept in
//! memory and refreshed after imports (never re-evaluated per request).
//!
//! An evaluation at `customs` scale judges ~800,000 (rule, subject) pairs.
//! The cache keeps in full the findings that need attention plus the passes
//! whose next due date falls within [`UPCOMING_DAYS`] (for the dashboard's
//! upcoming deadlines and the calendar), and for every finding a count per
//! (rule, status, set of units), so that counts within any user's subtree
//! are exact without keeping 800,000 findings.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use chrono::{DateTime, NaiveDate, Utc};
use tokio::sync::OnceCell;
use tuanthu_core::engine::{Counts, Selection};
use tuanthu_core::{evaluate, Calendar, Finding, Snapshot, Status};

use crate::authz::Scope;
use crate::state::AppState;

/// Passes due within this many days of the as-of date are kept in full.
pub const UPCOMING_DAYS: i64 = 45;

/// How often a server checks whether another instance imported evidence.
const STALE_CHECK_SECS: u64 = 5;

/// Evidence as loaded after the last import.
pub struct Loaded {
    pub snapshot: Arc<Snapshot>,
    pub calendar: Arc<Calendar>,
    /// Newest row of the imports log when loaded (to notice other instances' imports).
    pub import_mark: Option<i64>,
}

/// One evaluation.
pub struct Evaluated {
    pub as_of: NaiveDate,
    pub computed_at: DateTime<Utc>,
    pub started_at: DateTime<Utc>,
    /// Attention findings and passes due soon, in engine order.
    pub findings: Vec<Finding>,
    pub counts: Counts,
    /// (rule, status, index into `unitsets`, count) over every finding.
    pub agg: Vec<(Arc<str>, Status, usize, u64)>,
    pub unitsets: Vec<Vec<Arc<str>>>,
    /// Indices of failing findings, most overdue first.
    pub by_overdue: Vec<usize>,
    /// Per unit: counts by status (in `Status::ALL` order) over all rules.
    pub per_unit: Vec<(Arc<str>, [u64; 6])>,
    /// Indices of pending findings and passes due within 30 days, by due date.
    pub upcoming: Vec<usize>,
    /// Results computed for a scope and query, reused until the next evaluation.
    pub memo: Memo,
}

/// Per-evaluation memo of derived results, keyed by the caller's grants and
/// query (bounded: cleared when full).
#[derive(Default)]
pub struct Memo {
    selections: Mutex<HashMap<String, Arc<Vec<usize>>>>,
    dashboards: Mutex<HashMap<String, Arc<crate::dashboard::Dashboard>>>,
}

const MEMO_MAX: usize = 512;

impl Memo {
    pub fn selection(&self, key: &str) -> Option<Arc<Vec<usize>>> {
        self.selections.lock().ok()?.get(key).cloned()
    }

    pub fn put_selection(&self, key: String, v: Arc<Vec<usize>>) {
        if let Ok(mut m) = self.selections.lock() {
            if m.len() >= MEMO_MAX {
                m.clear();
            }
            m.insert(key, v);
        }
    }

    pub fn dashboard(&self, key: &str) -> Option<Arc<crate::dashboard::Dashboard>> {
        self.dashboards.lock().ok()?.get(key).cloned()
    }

    pub fn put_dashboard(&self, key: String, v: Arc<crate::dashboard::Dashboard>) {
        if let Ok(mut m) = self.dashboards.lock() {
            if m.len() >= MEMO_MAX {
                m.clear();
            }
            m.insert(key, v);
        }
    }
}

impl Evaluated {
    /// Counts per (rule, status) of the findings visible in `scope` (exact:
    /// a finding concerning several visible units counts once).
    #[must_use]
    pub fn counts_in_scope(&self, scope: &Scope) -> HashMap<(Arc<str>, Status), u64> {
        let visible: Vec<bool> =
            self.unitsets.iter().map(|set| scope.is_all() || scope.sees(set.iter().map(|u| &**u))).collect();
        let mut out: HashMap<(Arc<str>, Status), u64> = HashMap::new();
        for (rule, status, set, n) in &self.agg {
            if visible[*set] {
                *out.entry((Arc::clone(rule), *status)).or_default() += n;
            }
        }
        out
    }
}

#[derive(Default)]
struct CacheState {
    loaded: Option<Arc<OnceCell<Arc<Loaded>>>>,
    evals: HashMap<NaiveDate, Arc<OnceCell<Arc<Evaluated>>>>,
    last_stale_check: Option<Instant>,
}

#[derive(Default)]
pub struct EvalCache {
    state: Mutex<CacheState>,
}

type AggKey = (usize, Status, Vec<usize>);
type AggVal = (Arc<str>, Vec<Arc<str>>, u64);

impl EvalCache {
    /// Drops everything (after an import).
    pub fn invalidate(&self) {
        if let Ok(mut s) = self.state.lock() {
            s.loaded = None;
            s.evals.clear();
        }
    }

    fn loaded_cell(&self) -> anyhow::Result<(Arc<OnceCell<Arc<Loaded>>>, bool)> {
        let mut s = self.state.lock().map_err(|_| anyhow::anyhow!("cache poisoned"))?;
        let check = s.last_stale_check.is_none_or(|t| t.elapsed().as_secs() >= STALE_CHECK_SECS);
        if check {
            s.last_stale_check = Some(Instant::now());
        }
        let cell = s.loaded.get_or_insert_with(|| Arc::new(OnceCell::new()));
        Ok((Arc::clone(cell), check))
    }

    /// The evidence snapshot (loaded once per import).
    pub async fn loaded(&self, state: &AppState) -> anyhow::Result<Arc<Loaded>> {
        let (cell, check) = self.loaded_cell()?;
        if check {
            if let Some(current) = cell.get() {
                let mark = state.db(|s| Ok(s.web().imports_log(1)?.first().map(|r| r.id))).await?;
                if mark != current.import_mark {
                    self.invalidate();
                    return Box::pin(self.loaded(state)).await;
                }
            }
        }
        let st = state.clone();
        let loaded = cell
            .get_or_try_init(|| async move {
                st.db(|s| {
                    let import_mark = s.web().imports_log(1)?.first().map(|r| r.id);
                    let snapshot = s.load_snapshot()?;
                    let calendar = Calendar::new(&snapshot.holidays);
                    Ok(Arc::new(Loaded { snapshot: Arc::new(snapshot), calendar: Arc::new(calendar), import_mark }))
                })
                .await
            })
            .await?;
        Ok(Arc::clone(loaded))
    }

    /// The evaluation as of a date (computed once per date and import).
    pub async fn evaluation(
        &self,
        state: &AppState,
        as_of: NaiveDate,
    ) -> anyhow::Result<(Arc<Loaded>, Arc<Evaluated>)> {
        let loaded = self.loaded(state).await?;
        let cell = {
            let mut s = self.state.lock().map_err(|_| anyhow::anyhow!("cache poisoned"))?;
            if s.evals.len() >= 8 && !s.evals.contains_key(&as_of) {
                s.evals.clear();
            }
            Arc::clone(s.evals.entry(as_of).or_insert_with(|| Arc::new(OnceCell::new())))
        };
        let pack = Arc::clone(&state.inner.pack);
        let l = Arc::clone(&loaded);
        let eval = cell
            .get_or_try_init(|| async move {
                tokio::task::spawn_blocking(move || compute(&pack, &l, as_of))
                    .await
                    .map_err(|e| anyhow::anyhow!("evaluation task failed: {e}"))?
            })
            .await?;
        Ok((loaded, Arc::clone(eval)))
    }
}

fn compute(pack: &tuanthu_core::RulePack, loaded: &Loaded, as_of: NaiveDate) -> anyhow::Result<Arc<Evaluated>> {
    let started_at = Utc::now();
    let horizon = as_of + chrono::Duration::days(UPCOMING_DAYS);
    let agg: Mutex<HashMap<AggKey, AggVal>> = Mutex::new(HashMap::new());
    let keep = |f: &Finding| {
        let key: AggKey = (
            Arc::as_ptr(&f.rule).cast::<u8>() as usize,
            f.status,
            f.units.iter().map(|u| Arc::as_ptr(u).cast::<u8>() as usize).collect(),
        );
        if let Ok(mut m) = agg.lock() {
            m.entry(key).or_insert_with(|| (Arc::clone(&f.rule), f.units.clone(), 0)).2 += 1;
        }
        Status::ATTENTION.contains(&f.status)
            || (f.status == Status::Pass && f.due.is_some_and(|d| d >= as_of && d <= horizon))
    };
    let evaluation = evaluate(pack, &loaded.snapshot, as_of, &loaded.calendar, &Selection::default(), &keep)?;
    let raw = agg.into_inner().map_err(|_| anyhow::anyhow!("aggregation poisoned"))?;
    let mut set_index: HashMap<Vec<String>, usize> = HashMap::new();
    let mut unitsets: Vec<Vec<Arc<str>>> = Vec::new();
    let mut agg = Vec::with_capacity(raw.len());
    for ((_, status, _), (rule, units, n)) in raw {
        let mut names: Vec<String> = units.iter().map(|u| u.to_string()).collect();
        names.sort();
        let idx = *set_index.entry(names).or_insert_with(|| {
            unitsets.push(units.clone());
            unitsets.len() - 1
        });
        agg.push((rule, status, idx, n));
    }
    let findings = evaluation.findings;
    let mut by_overdue: Vec<usize> = (0..findings.len()).filter(|&i| findings[i].status == Status::Fail).collect();
    by_overdue.sort_by_key(|&i| std::cmp::Reverse(findings[i].overdue_days.unwrap_or(0)));
    let mut per_unit_map: HashMap<Arc<str>, [u64; 6]> = HashMap::new();
    for (_, unit, status, n) in evaluation.counts.entries() {
        if let Some(u) = unit {
            let slot = Status::ALL.iter().position(|s| *s == status).unwrap_or(0);
            per_unit_map.entry(loaded.snapshot.unit_ref(u)).or_default()[slot] += n;
        }
    }
    let mut per_unit: Vec<(Arc<str>, [u64; 6])> = per_unit_map.into_iter().collect();
    per_unit.sort_by(|a, b| a.0.cmp(&b.0));
    let window = as_of + chrono::Duration::days(crate::dashboard::UPCOMING_WINDOW_DAYS);
    let mut upcoming: Vec<usize> = (0..findings.len())
        .filter(|&i| matches!(findings[i].status, Status::Pending | Status::Pass))
        .filter(|&i| findings[i].due.is_some_and(|d| d >= as_of && d <= window))
        .collect();
    upcoming.sort_by_key(|&i| findings[i].due);
    Ok(Arc::new(Evaluated {
        per_unit,
        upcoming,
        memo: Memo::default(),
        as_of,
        computed_at: Utc::now(),
        started_at,
        findings,
        counts: evaluation.counts,
        agg,
        unitsets,
        by_overdue,
    }))
}
