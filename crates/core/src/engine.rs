//! Evaluation: a pure function from (pack, snapshot, as-of, calendar) to findings.
//!
//! At `customs` scale the rules judge about 800,000 (rule, subject) pairs, most
//! of them passes. Callers say which findings they need in full (`keep`);
//! every finding is counted per rule, unit and status ([`Counts`], for
//! history and trends), but only kept ones are returned, so memory follows
//! what is shown, not what is judged.

use std::sync::Arc;

use chrono::NaiveDate;

use crate::calendar::Calendar;
use crate::evidence::Snapshot;
use crate::finding::{Finding, Status};
use crate::rulepack::{Coverage, RuleDef, RulePack, RulePackError};
use crate::rules::{self, Context};

/// Which rules to run.
#[derive(Debug, Default, Clone)]
pub struct Selection {
    /// Rule ids (case-insensitive); empty = every implemented rule of the pack.
    pub rules: Vec<String>,
    /// Statuses whose findings the caller only counts (never keeps, whatever
    /// `keep` says): rules may then skip composing their messages (the
    /// recurring-deadline rules do, for ~400,000 `pass` findings at customs
    /// scale).
    pub counted_only: Vec<Status>,
}

impl Selection {
    fn wants(&self, def: &RuleDef) -> bool {
        self.rules.is_empty() || self.rules.iter().any(|r| r.eq_ignore_ascii_case(&def.id))
    }
}

/// Number of findings per (rule, unit, status). `unit = None` is the total
/// over all units; a finding concerning several units counts under each.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counts {
    map: crate::fxhash::FxHashMap<CountKey, u64>,
}

/// (rule, unit or `None` for all units, status).
type CountKey = (Arc<str>, Option<Arc<str>>, Status);

impl Counts {
    pub fn add(&mut self, f: &Finding) {
        *self.map.entry((Arc::clone(&f.rule), None, f.status)).or_default() += 1;
        for u in &f.units {
            *self.map.entry((Arc::clone(&f.rule), Some(Arc::clone(u)), f.status)).or_default() += 1;
        }
    }

    /// Adds what a [`RuleCounter`] counted for `rule`.
    fn add_rule(&mut self, rule: &Arc<str>, counter: RuleCounter) {
        for ((_, status), (unit, n)) in counter.map {
            *self.map.entry((Arc::clone(rule), unit, status)).or_default() += n;
        }
    }

    fn merge(&mut self, other: Counts) {
        for (k, n) in other.map {
            *self.map.entry(k).or_default() += n;
        }
    }

    /// Total of a rule and status over all units.
    #[must_use]
    pub fn total(&self, rule: &str, status: Status) -> u64 {
        self.map.get(&(Arc::from(rule), None, status)).copied().unwrap_or(0)
    }

    /// Every count, sorted by rule, unit (totals first), status.
    #[must_use]
    pub fn entries(&self) -> Vec<(&str, Option<&str>, Status, u64)> {
        let mut v: Vec<_> = self.map.iter().map(|((r, u, s), n)| (&**r, u.as_deref(), *s, *n)).collect();
        v.sort();
        v
    }

    /// Number of findings counted (over all units).
    #[must_use]
    pub fn findings(&self) -> u64 {
        self.map.iter().filter(|((_, u, _), _)| u.is_none()).map(|(_, n)| n).sum()
    }
}

/// The counts of one rule while it runs. Units are interned by the snapshot,
/// so a unit is keyed by its address: no string hashing and no reference
/// counting per finding (the shared counters of `Arc`s touched by both
/// threads were a large part of evaluating ~1 million findings). A unit not
/// interned (a code no evidence names) may appear under two addresses; the
/// entries merge by name in [`Counts::add_rule`].
#[derive(Default)]
struct RuleCounter {
    map: crate::fxhash::FxHashMap<UnitKey, (Option<Arc<str>>, u64)>,
}

/// (unit address or 0 for the total over all units, status).
type UnitKey = (usize, Status);

impl RuleCounter {
    fn add(&mut self, f: &Finding) {
        self.map.entry((0, f.status)).or_insert((None, 0)).1 += 1;
        for u in &f.units {
            let key = (Arc::as_ptr(u).cast::<u8>() as usize, f.status);
            self.map.entry(key).or_insert_with(|| (Some(Arc::clone(u)), 0)).1 += 1;
        }
    }
}

/// The result of an evaluation.
#[derive(Debug, Default)]
pub struct Evaluation {
    /// The findings `keep` accepted, rules in pack order, subjects in evidence order.
    pub findings: Vec<Finding>,
    /// Every finding, counted.
    pub counts: Counts,
}

/// Evaluates every implemented rule of `pack` in force on `as_of`.
///
/// Output order is deterministic: rules in pack order, then subjects in the
/// order of the evidence. Rules run on the machine's cores (they are
/// independent and the snapshot is shared read-only).
pub fn evaluate(
    pack: &RulePack,
    snapshot: &Snapshot,
    as_of: NaiveDate,
    calendar: &Calendar,
    selection: &Selection,
    keep: &(dyn Fn(&Finding) -> bool + Sync),
) -> Result<Evaluation, RulePackError> {
    if pack.effective_from.is_some_and(|from| as_of < from) {
        return Ok(Evaluation::default()); // the regulation was not in force yet
    }
    let defs: Vec<&RuleDef> = pack
        .rules
        .iter()
        .filter(|d| d.coverage == Coverage::Implemented && d.in_force_on(as_of) && selection.wants(d))
        .collect();
    let compiled = defs.iter().map(|d| rules::compile(d)).collect::<Result<Vec<_>, _>>()?;
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get).clamp(1, 8);
    let mut per_rule: Vec<Vec<Finding>> = vec![Vec::new(); defs.len()];
    let mut counts = Counts::default();
    let mut failed = None;
    // Rules are taken one at a time from a shared counter, so that a thread
    // that drew light rules takes more: the account rules (200,000 accounts
    // at customs scale) cost far more than most.
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let defs = &defs;
                let compiled = &compiled;
                let next = &next;
                scope.spawn(move || {
                    let mut local = Counts::default();
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(&def) = defs.get(i) else { break };
                        let ctx = Context { snapshot, as_of, calendar, def, counted_only: &selection.counted_only };
                        let id: Arc<str> = Arc::from(def.id.as_str());
                        let cite: Arc<str> = Arc::from(def.cite.as_str());
                        let mut kept = Vec::new();
                        let mut counter = RuleCounter::default();
                        // Findings stream out of the rule: passes that are not
                        // kept are counted and freed at once.
                        compiled[i].evaluate(&ctx, &mut |mut f: Finding| {
                            counter.add(&f);
                            if !selection.counted_only.contains(&f.status) {
                                f.rule = Arc::clone(&id);
                                f.cite = Arc::clone(&cite);
                                if keep(&f) {
                                    kept.push(f);
                                }
                            }
                        });
                        local.add_rule(&id, counter);
                        out.push((i, kept));
                    }
                    (out, local)
                })
            })
            .collect();
        for h in handles {
            match h.join() {
                Ok((results, local)) => {
                    counts.merge(local);
                    for (i, found) in results {
                        per_rule[i] = found;
                    }
                }
                Err(_) => failed = Some(()),
            }
        }
    });
    if failed.is_some() {
        return Err(RulePackError::Parse("internal error: a rule panicked; please report it".into()));
    }
    Ok(Evaluation { findings: per_rule.into_iter().flatten().collect(), counts })
}
