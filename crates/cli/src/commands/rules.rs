//! `tuanthu rules`: the pack's rules and what is automated.

use anyhow::Result;
use serde::Serialize;
use tuanthu_core::rulepack::Coverage;

use crate::args::{Global, ListFormat, RulesArgs};

#[derive(Serialize)]
struct RuleLine<'a> {
    id: &'a str,
    cite: &'a str,
    kind: &'a str,
    status: &'a str,
    title_vi: &'a str,
    title_en: &'a str,
    severity: &'a str,
    levels: &'a [u8],
    section: Option<&'a str>,
    params: &'a JsonTable,
}

type JsonTable = serde_json::Map<String, serde_json::Value>;

pub fn run(g: &Global, args: &RulesArgs) -> Result<u8> {
    let pack = super::load_pack(g)?;
    match args.format {
        ListFormat::Jsonl => {
            let mut out = String::new();
            for r in &pack.rules {
                let params = params_json(&r.params);
                let line = RuleLine {
                    id: &r.id,
                    cite: &r.cite,
                    kind: &r.kind,
                    status: r.coverage.as_str(),
                    title_vi: &r.title_vi,
                    title_en: &r.title_en,
                    severity: r.severity.as_str(),
                    levels: &r.levels,
                    section: r.section.as_deref(),
                    params: &params,
                };
                out.push_str(&serde_json::to_string(&line)?);
                out.push('\n');
            }
            print!("{out}");
        }
        ListFormat::Table => {
            println!("{} — {}", pack.id, pack.title_vi);
            println!(
                "{:<22} {:<16} {:<12} {:<7} TIÊU ĐỀ / TITLE",
                "QUY TẮC / RULE", "ĐIỀU / CITE", "TRẠNG THÁI", "MỨC"
            );
            for r in &pack.rules {
                let status = match r.coverage {
                    Coverage::Implemented => "tự động",
                    Coverage::Planned => "kế hoạch",
                };
                println!("{:<22} {:<16} {:<12} {:<7} {}", r.id, r.cite, status, r.severity.as_str(), r.title_vi);
            }
            let implemented = pack.rules.iter().filter(|r| r.coverage == Coverage::Implemented).count();
            println!(
                "\nĐã tự động hóa {implemented}/{} quy tắc; {} quy tắc đang lập kế hoạch. / {implemented} of {} rules implemented; {} planned.",
                pack.rules.len(),
                pack.rules.len() - implemented,
                pack.rules.len(),
                pack.rules.len() - implemented
            );
        }
    }
    Ok(0)
}

fn params_json(t: &toml::Table) -> JsonTable {
    t.iter().map(|(k, v)| (k.clone(), value_json(v))).collect()
}

fn value_json(v: &toml::Value) -> serde_json::Value {
    match v {
        toml::Value::String(s) => serde_json::Value::String(s.clone()),
        toml::Value::Integer(i) => serde_json::Value::from(*i),
        toml::Value::Float(f) => serde_json::Value::from(*f),
        toml::Value::Boolean(b) => serde_json::Value::Bool(*b),
        toml::Value::Datetime(d) => serde_json::Value::String(d.to_string()),
        toml::Value::Array(a) => serde_json::Value::Array(a.iter().map(value_json).collect()),
        toml::Value::Table(t) => serde_json::Value::Object(params_json(t)),
    }
}
