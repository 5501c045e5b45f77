//! `tuanthu check`: evaluate the rules on the stored evidence.

use std::collections::{BTreeMap, HashSet};
use std::io::{BufWriter, IsTerminal, Write};

use anyhow::{bail, Context, Result};
use tuanthu_core::engine::Selection;
use tuanthu_core::{evaluate, Calendar, Finding, Status};
use tuanthu_store::CheckRun;

use crate::args::{CheckArgs, FindingsFormat, Global};
use crate::output;

/// Parses `--status`: `all`, or a comma-separated subset.
fn statuses(arg: Option<&str>) -> Result<Vec<Status>> {
    match arg.map(str::trim) {
        None | Some("") => Ok(Status::ATTENTION.to_vec()),
        Some(s) if s.eq_ignore_ascii_case("all") => Ok(Status::ALL.to_vec()),
        Some(s) => s
            .split(',')
            .map(|x| {
                Status::parse(x).with_context(|| {
                    format!("trạng thái không hợp lệ \"{x}\" / invalid status \"{x}\" (pass, pending, fail, excepted, no_evidence, not_applicable, all)")
                })
            })
            .collect(),
    }
}

pub fn run(g: &Global, args: &CheckArgs) -> Result<u8> {
    let wanted = statuses(args.status.as_deref())?;
    let as_of = match &args.as_of {
        Some(s) => super::parse_date_arg(s)?,
        None => tuanthu_core::today_in_vietnam(),
    };
    let pack = super::load_pack(g)?;
    for r in &args.rules {
        if pack.rule(r).is_none() && !pack.rules.iter().any(|d| d.id.eq_ignore_ascii_case(r)) {
            bail!("không có quy tắc \"{r}\" trong rule pack / no rule \"{r}\" in the pack (see `tuanthu rules`)");
        }
    }
    if let Some(from) = pack.effective_from.filter(|from| as_of < *from) {
        eprintln!(
            "cảnh báo / warning: ngày đánh giá {as_of} trước ngày hiệu lực {from} của {}: không quy tắc nào được đánh giá / the as-of date {as_of} is before the pack's effective date {from}: no rule is evaluated",
            pack.id
        );
    }
    let mut timings = Timings::start();
    let Some(mut store) = super::open_existing_store(g)? else {
        bail!(
            "chưa có cơ sở dữ liệu {0}; hãy nhập chứng cứ trước: tuanthu import THƯ_MỤC / no database at {0}; import evidence first: tuanthu import DIR",
            g.db
        );
    };
    let started_at = chrono::Utc::now();
    let mut snapshot = store.load_snapshot().context("không đọc được chứng cứ / cannot load the evidence")?;
    if let Some(dir) = &args.log_dir {
        snapshot.set_log_facts(Some(super::log::facts_for_check(dir)?));
    }
    timings.lap("load");
    if snapshot.systems.is_empty() && snapshot.accounts.is_empty() && snapshot.persons.is_empty() {
        eprintln!("cảnh báo / warning: cơ sở dữ liệu chưa có chứng cứ / the database holds no evidence yet (tuanthu import DIR)");
    }
    let calendar = Calendar::new(&snapshot.holidays);
    // Kept in full: what is printed, what the run record keeps, and fails (exit code).
    let keep = |f: &Finding| wanted.contains(&f.status) || Status::ATTENTION.contains(&f.status);
    // Findings of the other statuses are only counted (the summary), so the
    // rules need not compose their messages.
    let counted_only =
        Status::ALL.iter().copied().filter(|s| !wanted.contains(s) && !Status::ATTENTION.contains(s)).collect();
    let selection = Selection { rules: args.rules.clone(), counted_only };
    let evaluation = evaluate(&pack, &snapshot, as_of, &calendar, &selection, &keep)?;
    let findings = &evaluation.findings;
    timings.lap("evaluate");
    if !args.no_record {
        let run = CheckRun { started_at, as_of, pack_id: pack.id.clone(), rules: args.rules.clone() };
        let id = store
            .record_run(&run, findings, &evaluation.counts)
            .context("không lưu được kết quả / cannot keep the run")?;
        super::audit::record(
            g,
            &mut store,
            "check_run",
            "ok",
            Some(&format!("run #{id}")),
            Some(&format!("as-of {as_of}")),
        );
    }
    timings.lap("record");

    let unit_filter: Option<HashSet<String>> = args.unit.as_deref().map(|u| snapshot.unit_subtree(u));
    if let (Some(u), Some(_)) = (&args.unit, &unit_filter) {
        if snapshot.unit(u).is_none() {
            eprintln!(
                "cảnh báo / warning: đơn vị {u} không có trong danh mục / unit {u} is not among the imported units"
            );
        }
    }
    let in_unit = |f: &&Finding| unit_filter.as_ref().is_none_or(|set| f.units.iter().any(|u| set.contains(&**u)));
    let shown = |f: &&Finding| wanted.contains(&f.status) && in_unit(f);
    write_findings(args, findings.iter().filter(shown))?;
    timings.lap("write");
    if unit_filter.is_some() {
        print_summary(findings.iter().filter(shown));
    } else {
        print_summary_counts(&evaluation.counts, &wanted);
    }
    timings.report(evaluation.counts.findings());
    // The exit code tells whether anything in scope fails, whatever is printed.
    Ok(u8::from(findings.iter().filter(in_unit).any(|f| f.status == Status::Fail)))
}

fn write_findings<'a>(args: &CheckArgs, findings: impl Iterator<Item = &'a Finding>) -> Result<()> {
    if args.format == FindingsFormat::Xlsx {
        let bytes = output::xlsx_bytes(findings)?;
        match &args.out {
            Some(path) => std::fs::write(path, bytes)
                .with_context(|| format!("không ghi được / cannot write {}", path.display()))?,
            None if std::io::stdout().is_terminal() => {
                bail!("xlsx cần --out TỆP / xlsx needs --out FILE")
            }
            None => std::io::stdout().lock().write_all(&bytes)?,
        }
        return Ok(());
    }
    let sink: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(
            std::fs::File::create(path).with_context(|| format!("không ghi được / cannot write {}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut w = BufWriter::with_capacity(1 << 20, sink);
    match args.format {
        FindingsFormat::Jsonl => output::write_jsonl(&mut w, findings)?,
        FindingsFormat::Csv => output::write_csv(&mut w, findings)?,
        FindingsFormat::Table => output::write_table(&mut w, findings, args.lang)?,
        FindingsFormat::Xlsx => {}
    }
    match w.flush() {
        // A closed pipe (`| head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(Into::into),
    }
}

/// Per-rule counts of every status (whatever is printed) on stderr.
fn print_summary_counts(counts: &tuanthu_core::engine::Counts, wanted: &[Status]) {
    let mut per_rule: BTreeMap<&str, [u64; 6]> = BTreeMap::new();
    for (rule, unit, status, n) in counts.entries() {
        if unit.is_none() {
            per_rule.entry(rule).or_default()[slot(status)] += n;
        }
    }
    write_summary(&per_rule);
    let printed: u64 = per_rule.values().map(|c| wanted.iter().map(|s| c[slot(*s)]).sum::<u64>()).sum();
    let _ = writeln!(std::io::stderr(), "{printed} phát hiện được in / findings printed");
}

/// Per-rule counts of the printed findings on stderr (when filtered by unit).
fn print_summary<'a>(findings: impl Iterator<Item = &'a Finding>) {
    let mut per_rule: BTreeMap<&str, [u64; 6]> = BTreeMap::new();
    for f in findings {
        per_rule.entry(&f.rule).or_default()[slot(f.status)] += 1;
    }
    write_summary(&per_rule);
}

fn slot(status: Status) -> usize {
    Status::ALL.iter().position(|s| *s == status).unwrap_or(0)
}

fn write_summary(per_rule: &BTreeMap<&str, [u64; 6]>) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "\n{:<22} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}",
        "rule", "pass", "pending", "fail", "excepted", "no_evid", "n/a"
    );
    for (rule, c) in per_rule {
        let _ = writeln!(err, "{rule:<22} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}", c[0], c[1], c[2], c[3], c[4], c[5]);
    }
    let total: u64 = per_rule.values().map(|c| c.iter().sum::<u64>()).sum();
    let fails: u64 = per_rule.values().map(|c| c[2]).sum();
    let _ = writeln!(err, "{total} phát hiện, {fails} vi phạm / {total} findings, {fails} failing");
}

/// Phase timings, printed on stderr when `TUANTHU_TIMINGS` is set (used by
/// `tuanthu bench` to say where the time goes).
struct Timings {
    enabled: bool,
    last: std::time::Instant,
    laps: Vec<(&'static str, std::time::Duration)>,
}

impl Timings {
    fn start() -> Self {
        Timings {
            enabled: std::env::var_os("TUANTHU_TIMINGS").is_some(),
            last: std::time::Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, name: &'static str) {
        let now = std::time::Instant::now();
        self.laps.push((name, now - self.last));
        self.last = now;
    }

    fn report(&self, findings: u64) {
        if self.enabled {
            let parts: Vec<String> = self.laps.iter().map(|(n, d)| format!("{n}={:.3}", d.as_secs_f64())).collect();
            eprintln!("timings {} findings={findings}", parts.join(" "));
        }
    }
}
