//! Evaluation: a pure function from (pack, snapshot, as-of, calendar) to findings.

use chrono::NaiveDate;

use crate::calendar::Calendar;
use crate::evidence::Snapshot;
use crate::finding::Finding;
use crate::rulepack::{Coverage, RuleDef, RulePack, RulePackError};
use crate::rules::{self, Context};

/// Which rules to run.
#[derive(Debug, Default, Clone)]
pub struct Selection {
    /// Rule ids; empty = every implemented rule of the pack.
    pub rules: Vec<String>,
}

impl Selection {
    fn wants(&self, def: &RuleDef) -> bool {
        self.rules.is_empty() || self.rules.iter().any(|r| r.eq_ignore_ascii_case(&def.id))
    }
}

/// Evaluates every implemented rule of `pack` in force on `as_of`.
///
/// Output order is deterministic: rules in pack order, then subjects in the
/// order of the evidence. Rules run on up to `threads` threads (rules are
/// independent and the snapshot is shared read-only).
pub fn evaluate(
    pack: &RulePack,
    snapshot: &Snapshot,
    as_of: NaiveDate,
    calendar: &Calendar,
    selection: &Selection,
) -> Result<Vec<Finding>, RulePackError> {
    let defs: Vec<&RuleDef> = pack
        .rules
        .iter()
        .filter(|d| d.coverage == Coverage::Implemented && d.in_force_on(as_of) && selection.wants(d))
        .collect();
    let compiled = defs.iter().map(|d| rules::compile(d)).collect::<Result<Vec<_>, _>>()?;
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get).clamp(1, 8);
    let mut per_rule: Vec<Vec<Finding>> = vec![Vec::new(); defs.len()];
    std::thread::scope(|scope| {
        let work: Vec<(usize, &RuleDef, &dyn rules::Rule)> =
            defs.iter().zip(compiled.iter()).enumerate().map(|(i, (d, r))| (i, *d, r.as_ref())).collect();
        let chunks: Vec<Vec<(usize, &RuleDef, &dyn rules::Rule)>> =
            (0..threads).map(|t| work.iter().filter(|(i, _, _)| i % threads == t).copied().collect()).collect();
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .into_iter()
                        .map(|(i, def, rule)| {
                            let ctx = Context { snapshot, as_of, calendar, def };
                            let mut found = rule.evaluate(&ctx);
                            for f in &mut found {
                                f.rule.clone_from(&def.id);
                                f.cite.clone_from(&def.cite);
                            }
                            (i, found)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            // A panicking rule is a bug; its findings are lost but others survive.
            if let Ok(results) = h.join() {
                for (i, found) in results {
                    per_rule[i] = found;
                }
            }
        }
    });
    Ok(per_rule.into_iter().flatten().collect())
}
