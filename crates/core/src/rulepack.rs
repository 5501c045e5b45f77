//! Rule packs: the regulation's obligations as data.
//!
//! A pack (TOML) lists rules with their id, the Rust `kind` that implements
//! them, citation, Vietnamese/English titles, severity, the system levels they
//! apply to and their parameters. A successor regulation that reuses existing
//! kinds with other numbers is a new TOML file, not new code. A rule whose kind
//! is not implemented yet must say `status = "planned"`, so that coverage is
//! always visible to users (`tuanthu rules`).

use chrono::NaiveDate;
use serde::Deserialize;

use crate::rules;

/// The pack shipped with tuanthu: QĐ 1048/QĐ-TCHQ (2020).
pub const BUILTIN_QD_1048: &str = include_str!("../../../rules/qd-1048-tchq-2020.toml");

#[derive(Debug, thiserror::Error)]
pub enum RulePackError {
    #[error("tệp rule pack không hợp lệ / invalid rule pack: {0}")]
    Parse(String),
    #[error("quy tắc {rule}: {message_vi} / rule {rule}: {message_en}")]
    Rule { rule: String, message_vi: String, message_en: String },
}

impl RulePackError {
    pub(crate) fn rule(rule: &str, vi: impl Into<String>, en: impl Into<String>) -> Self {
        RulePackError::Rule { rule: rule.to_string(), message_vi: vi.into(), message_en: en.into() }
    }
}

/// Whether the engine can evaluate a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage {
    Implemented,
    Planned,
}

impl Coverage {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Coverage::Implemented => "implemented",
            Coverage::Planned => "planned",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
}

impl Severity {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }
}

/// One rule of a pack.
#[derive(Debug, Clone)]
pub struct RuleDef {
    pub id: String,
    pub kind: String,
    pub coverage: Coverage,
    pub cite: String,
    pub section: Option<String>,
    pub title_vi: String,
    pub title_en: String,
    pub severity: Severity,
    /// System levels (1-5) the rule applies to.
    pub levels: Vec<u8>,
    /// The article text the rule implements.
    pub quote_vi: Option<String>,
    pub params: toml::Table,
    pub effective_from: Option<NaiveDate>,
    pub effective_until: Option<NaiveDate>,
}

impl RuleDef {
    /// Whether the rule is in force on `day`.
    #[must_use]
    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        self.effective_from.is_none_or(|f| f <= day) && self.effective_until.is_none_or(|u| day <= u)
    }

    /// Whether the rule applies to a system of `level` (unknown level: yes,
    /// so that a missing level never hides a finding).
    #[must_use]
    pub fn applies_to_level(&self, level: Option<u8>) -> bool {
        level.is_none_or(|l| self.levels.contains(&l))
    }
}

/// A loaded rule pack.
#[derive(Debug, Clone)]
pub struct RulePack {
    pub id: String,
    pub title_vi: String,
    pub title_en: String,
    pub source: Option<String>,
    pub effective_from: Option<NaiveDate>,
    pub rules: Vec<RuleDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPack {
    pack: RawHeader,
    #[serde(default)]
    rule: Vec<RawRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    id: String,
    title_vi: String,
    title_en: String,
    source: Option<String>,
    effective_from: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    kind: String,
    status: Option<String>,
    cite: String,
    section: Option<String>,
    title_vi: String,
    title_en: String,
    severity: Severity,
    levels: Option<Vec<u8>>,
    quote_vi: Option<String>,
    #[serde(default)]
    params: toml::Table,
    effective_from: Option<String>,
    effective_until: Option<String>,
}

fn parse_date(rule: &str, field: &str, s: Option<String>) -> Result<Option<NaiveDate>, RulePackError> {
    s.map(|s| {
        NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| {
            RulePackError::rule(
                rule,
                format!("{field} = \"{s}\" không phải ngày YYYY-MM-DD"),
                format!("{field} = \"{s}\" is not a YYYY-MM-DD date"),
            )
        })
    })
    .transpose()
}

impl RulePack {
    /// The built-in QĐ 1048 pack.
    pub fn builtin() -> Result<RulePack, RulePackError> {
        RulePack::from_toml(BUILTIN_QD_1048)
    }

    /// Parses and validates a pack: unique ids, known kinds (or `planned`),
    /// levels within 1-5, and parameters each implemented kind understands.
    pub fn from_toml(text: &str) -> Result<RulePack, RulePackError> {
        let raw: RawPack = toml::from_str(text).map_err(|e| RulePackError::Parse(e.to_string()))?;
        let mut seen = std::collections::HashSet::new();
        let mut rules = Vec::with_capacity(raw.rule.len());
        for r in raw.rule {
            if !seen.insert(r.id.clone()) {
                return Err(RulePackError::rule(&r.id, "mã quy tắc bị trùng", "duplicate rule id"));
            }
            let implemented = rules::is_implemented(&r.kind);
            let coverage = match (r.status.as_deref(), implemented) {
                (None | Some("implemented"), true) => Coverage::Implemented,
                (Some("planned"), _) => Coverage::Planned,
                (None | Some("implemented"), false) => {
                    return Err(RulePackError::rule(
                        &r.id,
                        format!("loại quy tắc \"{}\" chưa được cài đặt; ghi status = \"planned\"", r.kind),
                        format!("rule kind \"{}\" is not implemented; mark it status = \"planned\"", r.kind),
                    ))
                }
                (Some(other), _) => {
                    return Err(RulePackError::rule(
                        &r.id,
                        format!("status = \"{other}\" không hợp lệ (implemented hoặc planned)"),
                        format!("invalid status = \"{other}\" (implemented or planned)"),
                    ))
                }
            };
            let levels = r.levels.unwrap_or_else(|| vec![1, 2, 3, 4, 5]);
            if levels.iter().any(|l| !(1..=5).contains(l)) {
                return Err(RulePackError::rule(&r.id, "cấp độ phải từ 1 đến 5", "levels must be 1-5"));
            }
            let def = RuleDef {
                effective_from: parse_date(&r.id, "effective_from", r.effective_from)?,
                effective_until: parse_date(&r.id, "effective_until", r.effective_until)?,
                id: r.id,
                kind: r.kind,
                coverage,
                cite: r.cite,
                section: r.section,
                title_vi: r.title_vi,
                title_en: r.title_en,
                severity: r.severity,
                levels,
                quote_vi: r.quote_vi,
                params: r.params,
            };
            if coverage == Coverage::Implemented {
                // Fail at load time, naming the rule, rather than at evaluation.
                rules::compile(&def)?;
            }
            rules.push(def);
        }
        Ok(RulePack {
            effective_from: parse_date(&raw.pack.id, "effective_from", raw.pack.effective_from)?,
            id: raw.pack.id,
            title_vi: raw.pack.title_vi,
            title_en: raw.pack.title_en,
            source: raw.pack.source,
            rules,
        })
    }

    #[must_use]
    pub fn rule(&self, id: &str) -> Option<&RuleDef> {
        self.rules.iter().find(|r| r.id == id)
    }
}

/// Typed access to a rule's `[rule.params]`, with errors naming the rule.
pub struct Params<'a> {
    pub rule: &'a str,
    pub table: &'a toml::Table,
}

impl<'a> Params<'a> {
    #[must_use]
    pub fn of(def: &'a RuleDef) -> Self {
        Params { rule: &def.id, table: &def.params }
    }

    fn bad(&self, name: &str, expected_vi: &str, expected_en: &str) -> RulePackError {
        RulePackError::rule(
            self.rule,
            format!("tham số {name} phải là {expected_vi}"),
            format!("parameter {name} must be {expected_en}"),
        )
    }

    /// A non-negative integer parameter; `default` when absent.
    pub fn uint(&self, name: &str, default: Option<u32>) -> Result<u32, RulePackError> {
        match self.table.get(name) {
            None => default.ok_or_else(|| self.bad(name, "số nguyên (bắt buộc)", "an integer (required)")),
            Some(toml::Value::Integer(i)) => {
                u32::try_from(*i).map_err(|_| self.bad(name, "số nguyên không âm", "a non-negative integer"))
            }
            Some(_) => Err(self.bad(name, "số nguyên", "an integer")),
        }
    }

    pub fn boolean(&self, name: &str, default: bool) -> Result<bool, RulePackError> {
        match self.table.get(name) {
            None => Ok(default),
            Some(toml::Value::Boolean(b)) => Ok(*b),
            Some(_) => Err(self.bad(name, "true/false", "true/false")),
        }
    }

    pub fn string(&self, name: &str, default: Option<&str>) -> Result<String, RulePackError> {
        match self.table.get(name) {
            None => {
                default.map(str::to_string).ok_or_else(|| self.bad(name, "chuỗi (bắt buộc)", "a string (required)"))
            }
            Some(toml::Value::String(s)) => Ok(s.clone()),
            Some(_) => Err(self.bad(name, "chuỗi", "a string")),
        }
    }

    pub fn strings(&self, name: &str, default: &[&str]) -> Result<Vec<String>, RulePackError> {
        match self.table.get(name) {
            None => Ok(default.iter().map(|s| (*s).to_string()).collect()),
            Some(toml::Value::Array(items)) => items
                .iter()
                .map(|v| {
                    v.as_str().map(str::to_string).ok_or_else(|| self.bad(name, "danh sách chuỗi", "a list of strings"))
                })
                .collect(),
            Some(_) => Err(self.bad(name, "danh sách chuỗi", "a list of strings")),
        }
    }

    /// A list of enumerated values, each parsed with `parse`.
    pub fn enums<T>(
        &self,
        name: &str,
        default: &[&str],
        parse: fn(&str) -> Option<T>,
    ) -> Result<Vec<T>, RulePackError> {
        self.strings(name, default)?
            .iter()
            .map(|s| {
                parse(s).ok_or_else(|| {
                    RulePackError::rule(
                        self.rule,
                        format!("tham số {name}: giá trị \"{s}\" không hợp lệ"),
                        format!("parameter {name}: invalid value \"{s}\""),
                    )
                })
            })
            .collect()
    }

    /// A table parameter.
    pub fn table(&self, name: &str) -> Result<Option<&'a toml::Table>, RulePackError> {
        match self.table.get(name) {
            None => Ok(None),
            Some(toml::Value::Table(t)) => Ok(Some(t)),
            Some(_) => Err(self.bad(name, "bảng", "a table")),
        }
    }
}
