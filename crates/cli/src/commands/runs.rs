//! `tuanthu runs`: past check runs and their counts (history and trends).

use anyhow::Result;
use serde_json::json;

use crate::args::{Global, ListFormat, RunsArgs};

pub fn run(g: &Global, args: &RunsArgs) -> Result<u8> {
    let Some(mut store) = super::open_existing_store(g)? else {
        anyhow::bail!("chưa có cơ sở dữ liệu / no database at {}", g.db);
    };
    let runs = store.runs(args.limit)?;
    for r in &runs {
        let total = |status: &str| r.counts.iter().filter(|c| c.1 == status).map(|c| c.2).sum::<i64>();
        match args.format {
            ListFormat::Jsonl => {
                let counts: Vec<_> =
                    r.counts.iter().map(|(rule, s, n)| json!({"rule": rule, "status": s, "count": n})).collect();
                println!(
                    "{}",
                    json!({"id": r.id, "started_at": r.started_at.to_rfc3339(), "as_of": r.as_of.format("%Y-%m-%d").to_string(), "pack": r.pack_id, "findings": r.finding_count, "counts": counts})
                );
            }
            ListFormat::Table => println!(
                "#{:<5} {}  as-of {}  {:>8} findings  pass {:>8}  fail {:>7}  pending {:>5}  no_evidence {:>6}",
                r.id,
                r.started_at.format("%Y-%m-%d %H:%M:%S UTC"),
                r.as_of.format("%d/%m/%Y"),
                r.finding_count,
                total("pass"),
                total("fail"),
                total("pending"),
                total("no_evidence")
            ),
        }
    }
    Ok(0)
}
