//! `tuanthu calendar due`: every obligation of the pack that falls due in a
//! window, so that a unit sees its coming work (table, JSON lines or an
//! iCalendar file).
//!
//! The whole pack is evaluated on the as-of date; a finding is listed when
//! its `due` is in the window and it still needs action (`pending`, `fail`,
//! `no_evidence`) or is an obligation to meet again (`pass` with a `due` on
//! or after the as-of date: recurring obligations, and those that arise on a
//! known date such as a contract's end). One-off obligations already met
//! (`pass` of `revocation_deadline`) and `excepted` / `not_applicable`
//! findings are not listed.

use std::collections::HashSet;
use std::io::{BufWriter, Write};

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use tuanthu_core::engine::Selection;
use tuanthu_core::{evaluate, Calendar, Finding, RulePack, Status};

use crate::args::{DueArgs, DueFormat, Global, Lang};
use crate::ics::{self, Event};
use crate::output;

/// Kinds whose `pass` findings carry the deadline of an obligation already met.
const MET_ON_PASS: &[&str] = &["revocation_deadline"];

/// Whether a finding is an obligation to list.
fn listed(f: &Finding, as_of: NaiveDate, from: NaiveDate, to: NaiveDate, met_on_pass: &HashSet<&str>) -> bool {
    let Some(due) = f.due else { return false };
    if due < from || due > to {
        return false;
    }
    match f.status {
        Status::Pending | Status::Fail | Status::NoEvidence => true,
        Status::Pass => due >= as_of && !met_on_pass.contains(&*f.rule),
        Status::Excepted | Status::NotApplicable => false,
    }
}

pub fn run(g: &Global, args: &DueArgs) -> Result<u8> {
    let as_of = match &args.as_of {
        Some(s) => super::parse_date_arg(s)?,
        None => tuanthu_core::today_in_vietnam(),
    };
    let from = match &args.from {
        Some(s) => super::parse_date_arg(s)?,
        None => as_of,
    };
    let to = match &args.to {
        Some(s) => super::parse_date_arg(s)?,
        None => from.checked_add_months(chrono::Months::new(1)).unwrap_or(from),
    };
    if to < from {
        bail!("--to {to} trước --from {from} / --to {to} is before --from {from}");
    }
    let pack = super::load_pack(g)?;
    let Some(mut store) = super::open_existing_store(g)? else {
        bail!(
            "chưa có cơ sở dữ liệu {0}; hãy nhập chứng cứ trước: tuanthu import THƯ_MỤC / no database at {0}; import evidence first: tuanthu import DIR",
            g.db
        );
    };
    let snapshot = store.load_snapshot().context("không đọc được chứng cứ / cannot load the evidence")?;
    let calendar = Calendar::new(&snapshot.holidays);
    let met_on_pass: HashSet<&str> =
        pack.rules.iter().filter(|r| MET_ON_PASS.contains(&r.kind.as_str())).map(|r| r.id.as_str()).collect();
    let keep = |f: &Finding| listed(f, as_of, from, to, &met_on_pass);
    let evaluation = evaluate(&pack, &snapshot, as_of, &calendar, &Selection::default(), &keep)?;
    let unit_filter = args.unit.as_deref().map(|u| snapshot.unit_subtree(u));
    if let Some(u) = &args.unit {
        if snapshot.unit(u).is_none() {
            eprintln!(
                "cảnh báo / warning: đơn vị {u} không có trong danh mục / unit {u} is not among the imported units"
            );
        }
    }
    let mut due: Vec<&Finding> = evaluation
        .findings
        .iter()
        .filter(|f| unit_filter.as_ref().is_none_or(|set| f.units.iter().any(|u| set.contains(&**u))))
        .collect();
    // By date; within a day, pack order then evidence order (the sort is stable).
    due.sort_by_key(|f| f.due);

    let sink: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(
            std::fs::File::create(path).with_context(|| format!("không ghi được / cannot write {}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut w = BufWriter::new(sink);
    match args.format {
        DueFormat::Table => output::write_table(&mut w, due.iter().copied(), args.lang)?,
        DueFormat::Jsonl => output::write_jsonl(&mut w, due.iter().copied())?,
        DueFormat::Ics => {
            let events: Vec<Event> = due.iter().map(|f| event(&pack, f)).collect();
            let name = match &args.unit {
                Some(u) => format!("Hạn tuân thủ QĐ 1048/QĐ-TCHQ — {u}"),
                None => "Hạn tuân thủ QĐ 1048/QĐ-TCHQ".to_string(),
            };
            ics::write_calendar(&mut w, &name, as_of, &events)?;
        }
    }
    match w.flush() {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other?,
    }
    eprintln!(
        "{} nghĩa vụ đến hạn từ {} đến {} / {} obligations due from {from} to {to}",
        due.len(),
        from.format("%d/%m/%Y"),
        to.format("%d/%m/%Y"),
        due.len()
    );
    Ok(0)
}

/// The iCalendar event of a finding: UID stable per rule + subject + due.
fn event(pack: &RulePack, f: &Finding) -> Event {
    let date = f.due.unwrap_or(NaiveDate::MIN);
    let title = pack.rule(&f.rule).map_or("", |r| r.title_vi.as_str());
    let key = format!("{}\u{0}{}\u{0}{}", f.rule, f.subject_id, date);
    let uid = format!("{}-{}-{:016x}@tuanthu", f.rule, date.format("%Y%m%d"), ics::fnv1a(&key));
    let status = output::status_label(f.status, Lang::Vi);
    let summary = format!("[{status}] {} {}: {title}", f.rule, f.subject_id);
    let mut description = format!("{} — {}\n{}\n{}", f.cite, f.rule, f.message_vi, f.message_en);
    if !f.evidence.is_empty() {
        description.push_str(&format!("\nChứng cứ / evidence: {}", f.evidence.join(", ")));
    }
    Event { uid, date, summary, description, categories: vec![f.rule.to_string(), f.status.as_str().to_string()] }
}
