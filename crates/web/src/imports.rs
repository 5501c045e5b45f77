//! Evidence imports from the console and the API: exactly the CLI's path
//! (`tuanthu_ingest` parses every file first; only if no file has a bad row
//! is anything written, by `Store::import`, in one transaction), with
//! progress for the console.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use tuanthu_core::evidence::schema::{kind_by_name, KindSchema, ALL_KINDS};
use tuanthu_ingest::{ImportError, Table};
use tuanthu_store::{ImportMode, ImportTable, Store};

/// One uploaded file.
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// Evidence kind chosen on the form; otherwise taken from the file name.
    pub kind: Option<String>,
}

/// A bad row, as shown on the page and returned by the API.
#[derive(Debug, Clone, Serialize)]
pub struct BadRow {
    pub file: String,
    pub row: usize,
    pub column: Option<String>,
    pub value: Option<String>,
    pub code: &'static str,
    pub message_vi: String,
    pub message_en: String,
}

impl From<&ImportError> for BadRow {
    fn from(e: &ImportError) -> Self {
        BadRow {
            file: e.file.clone(),
            row: e.row,
            column: e.column.clone(),
            value: e.value.clone(),
            code: e.problem.code(),
            message_vi: e.problem.message_vi(),
            message_en: e.problem.message_en(),
        }
    }
}

/// One imported file.
#[derive(Debug, Clone, Serialize)]
pub struct ImportedFile {
    pub kind: &'static str,
    pub file: String,
    pub rows: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub mode: &'static str,
    pub files: Vec<ImportedFile>,
    pub total_rows: usize,
    pub warnings: Vec<String>,
}

/// Why an import wrote nothing.
#[derive(Debug, Clone)]
pub enum Refused {
    /// The request itself is wrong (unknown kind, no file…): bilingual.
    Request(String),
    /// Bad rows: every one of them.
    Rows(Vec<BadRow>),
}

fn kind_for(upload: &Upload) -> Result<&'static KindSchema, Refused> {
    if let Some(k) = upload.kind.as_deref().map(str::trim).filter(|k| !k.is_empty() && *k != "auto") {
        return kind_by_name(k).ok_or_else(|| {
            Refused::Request(format!("loại chứng cứ không hợp lệ \"{k}\" / unknown evidence kind \"{k}\""))
        });
    }
    let lower = upload.file_name.to_ascii_lowercase();
    let stem = lower.rsplit('/').next().unwrap_or(&lower);
    let stem = stem.strip_suffix(".csv").or_else(|| stem.strip_suffix(".xlsx")).unwrap_or(stem);
    kind_by_name(stem).ok_or_else(|| {
        let names: Vec<&str> = ALL_KINDS.iter().map(|k| k.name).collect();
        Refused::Request(format!(
            "không nhận ra loại chứng cứ của tệp \"{0}\"; chọn loại hoặc đặt tên tệp là {1}.csv/.xlsx / cannot tell the evidence kind of \"{0}\"; choose a kind or name the file {1}.csv/.xlsx",
            upload.file_name,
            names.join("|")
        ))
    })
}

/// Parses every file; returns the tables, or every bad row of every file.
pub fn parse_all(uploads: &[Upload]) -> Result<Vec<Table>, Refused> {
    if uploads.is_empty() {
        return Err(Refused::Request("chưa chọn tệp nào / no file chosen".into()));
    }
    let mut jobs = Vec::new();
    for u in uploads {
        jobs.push((kind_for(u)?, u));
    }
    // Same dependency order as `import DIR`.
    jobs.sort_by_key(|(k, _)| ALL_KINDS.iter().position(|x| x.name == k.name).unwrap_or(usize::MAX));
    for w in jobs.windows(2) {
        if w[0].0.name == w[1].0.name {
            return Err(Refused::Request(format!(
                "hai tệp cùng loại {0}; hãy gửi một tệp / two files of kind {0}; send one",
                w[0].0.name
            )));
        }
    }
    let mut tables = Vec::new();
    let mut errors = Vec::new();
    for (kind, u) in jobs {
        let name = u.file_name.rsplit(['/', '\\']).next().unwrap_or(&u.file_name).to_string();
        match tuanthu_ingest::parse_file(kind, &name, &u.bytes) {
            Ok(t) => tables.push(t),
            Err(e) => errors.extend(e.iter().map(BadRow::from)),
        }
    }
    if errors.is_empty() {
        Ok(tables)
    } else {
        Err(Refused::Rows(errors))
    }
}

/// Writes parsed tables in one transaction (all or nothing).
pub fn write(
    store: &mut Store,
    tables: &[Table],
    mode: ImportMode,
    progress: &mut dyn FnMut(u64),
) -> anyhow::Result<Summary> {
    let import: Vec<ImportTable<'_>> =
        tables.iter().map(|t| ImportTable { kind: t.kind, source: &t.file, rows: &t.rows, scope: None }).collect();
    store.import(&import, mode, progress)?;
    Ok(Summary {
        mode: mode.as_str(),
        files: tables
            .iter()
            .map(|t| ImportedFile { kind: t.kind.name, file: t.file.clone(), rows: t.rows.len() })
            .collect(),
        total_rows: tables.iter().map(|t| t.rows.len()).sum(),
        warnings: tables.iter().flat_map(|t| t.warnings.iter().map(ToString::to_string)).collect(),
    })
}

/// Where a console import is.
#[derive(Debug, Clone)]
pub enum JobState {
    Parsing,
    Writing { written: u64, total: u64 },
    Done(Summary),
    Refused(Refused),
    Failed(String),
}

pub struct Job {
    pub user: String,
    pub state: JobState,
}

/// Imports started from the console, by id (kept for the life of the server).
#[derive(Default)]
pub struct ImportJobs {
    jobs: Mutex<HashMap<String, Arc<Mutex<Job>>>>,
}

impl ImportJobs {
    pub fn insert(&self, id: &str, user: &str) -> Arc<Mutex<Job>> {
        let job = Arc::new(Mutex::new(Job { user: user.to_string(), state: JobState::Parsing }));
        if let Ok(mut m) = self.jobs.lock() {
            if m.len() > 1000 {
                m.retain(|_, j| {
                    j.lock().is_ok_and(|j| matches!(j.state, JobState::Parsing | JobState::Writing { .. }))
                });
            }
            m.insert(id.to_string(), Arc::clone(&job));
        }
        job
    }

    /// A job, only for the user who started it.
    pub fn get(&self, id: &str, user: &str) -> Option<(JobState, String)> {
        let m = self.jobs.lock().ok()?;
        let job = m.get(id)?.lock().ok()?;
        (job.user == user).then(|| (job.state.clone(), job.user.clone()))
    }
}
