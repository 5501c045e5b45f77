//! Native Active Directory user exports (`tuanthu import accounts FILE --format ad-csv --system ID`).
//!
//! # Input
//!
//! The CSV that `Get-ADUser -Filter * -Properties * | Export-Csv` writes, as
//! Windows writes it:
//!
//! * an optional first line `#TYPE Microsoft.ActiveDirectory.Management.ADUser`
//!   (or `#TYPE Selected.Microsoft…` after `Select-Object`; PowerShell 7 omits it);
//! * UTF-8 with or without BOM, or UTF-16 with BOM (`Export-Csv -Encoding
//!   Unicode`, the usual choice in Windows PowerShell 5 for Vietnamese names);
//! * every field quoted, CRLF line ends, dozens of columns. Header names are
//!   matched case-insensitively; columns not listed below are ignored without
//!   a warning (an AD export has a hundred of them). A `;`-delimited file
//!   (`Export-Csv -UseCulture` on some machines) is accepted too;
//! * dates in the culture of the exporting machine (see *Dates*), and
//!   `lastLogonTimestamp`/`pwdLastSet` as Windows FILETIME integers.
//!
//! `Export-Csv` takes its columns from the *first* object, so attributes the
//! first user lacks (`adminCount`, `servicePrincipalName`) may be missing
//! altogether; every column below except `SamAccountName` and one of
//! `Enabled`/`userAccountControl` is therefore optional.
//!
//! # Mapping to the `accounts` kind
//!
//! | accounts column | AD source | why |
//! |---|---|---|
//! | `system_id` | `--system` | an AD export does not name the system it belongs to |
//! | `username` | `SamAccountName` (required, unique case-insensitively) | the logon name AD itself keeps unique |
//! | `kind` | `admin` if a `MemberOf` (or `PrimaryGroup`) group's CN is one of the admin groups ([`DEFAULT_ADMIN_GROUPS`] unless configured) or `adminCount` = 1; else `service` if `servicePrincipalName`/`ServicePrincipalNames` is non-empty and the account has no staff id; else `user` | membership of the built-in privileged groups is what makes an AD account an administrator; `adminCount` = 1 is AD's own mark on accounts protected by AdminSDHolder (members, present or past, of those groups); an account with an SPN and no owner is how a service account looks |
//! | `shared` | `false` | AD does not record sharing; declare shared accounts in an `accounts.csv` |
//! | `person_id` | `EmployeeID`, else `EmployeeNumber`; blank → null | the staff id fields AD offers |
//! | `responsible_person_ids` | empty | not in AD |
//! | `status` | `Enabled` (`True`/`False`) when present and non-blank, else bit 0x2 (ACCOUNTDISABLE) of `userAccountControl`; `deleted` when `Deleted` is `True` | `Enabled` is the same bit, decoded by the AD module |
//! | `created_on` | `whenCreated` (else `Created`), its date in Vietnam time | |
//! | `disabled_on` | disabled (or deleted) accounts only: the date of `whenChanged` (else `Modified`); null for enabled accounts | AD does not record *when* an account was disabled. `whenChanged` is the time of the last modification of the object, which happened at or after the disabling, so it is an **upper bound** of the disabling date: if it is within a deadline, the deadline was met; if it is not, the account may still have been disabled in time (check the security log, event 4725, and record the real date in an `accounts.csv`) |
//! | `rights_changed_on` | null | not in AD |
//! | `last_login_at` | `LastLogonDate` (a culture date) if non-blank, else `lastLogonTimestamp` (FILETIME; 0 or 9223372036854775807 = never → null) | `LastLogonDate` is `lastLogonTimestamp` converted by the AD module. Both replicate with a lag of up to 14 days (`ms-DS-Logon-Time-Sync-Interval`), so they may be that much older than the true last logon |
//! | `password_changed_at` | `PasswordLastSet` (a culture date) if non-blank, else `pwdLastSet` (FILETIME; 0 = "must change at next logon" → null) | |
//! | `privileges` | the CN of every group in `MemberOf` | group membership is what grants rights in AD |
//!
//! Multi-valued properties (`MemberOf`, `servicePrincipalName`) come either as
//! one quoted multi-line cell (one value a line, as ``-join "`r`n"`` writes them)
//! or `;`-joined. Windows PowerShell 5 writes an unexpanded collection as the
//! type name `Microsoft.ActiveDirectory.Management.ADPropertyValueCollection`;
//! such a cell is *unknown*: `privileges` is null, the account cannot be
//! recognised as admin or service by its groups or SPNs, and the import warns
//! once per column. Group CNs are taken from the first RDN of each DN
//! (`CN=Phòng CNTT\, Cục HQ,OU=…` → `Phòng CNTT, Cục HQ`), with DN escapes
//! (`\,`, `\\`, `\XX`) undone; a value that is not a DN is kept as is.
//!
//! # Dates
//!
//! `Export-Csv` writes dates with the exporting machine's culture, in that
//! machine's local time, which is taken as Vietnam time (UTC+7):
//!
//! * en-US: `M/d/yyyy h:mm:ss AM|PM`, e.g. `3/15/2026 10:22:01 AM`;
//! * vi-VN: `dd/MM/yyyy HH:mm:ss`, optionally with ` SA` (= AM) or ` CH` (= PM),
//!   in which case the hour is on a 12-hour clock, e.g. `15/03/2026 10:22:01 SA`.
//!
//! Unambiguous ISO forms (`2026-03-15 10:22:01`, RFC 3339, LDAP generalized
//! time `20260315032201.0Z`) are accepted in either culture.
//!
//! When no culture is given, it is detected from every culture-date cell of
//! the file (`whenCreated`, `Created`, `whenChanged`, `Modified`,
//! `LastLogonDate`, `PasswordLastSet`, `createTimeStamp`, `modifyTimeStamp`,
//! `AccountExpirationDate`, `AccountLockoutTime`, `LastBadPasswordAttempt`):
//! an AM/PM marker means en-US, SA/CH means vi-VN; otherwise a first field
//! above 12 means day-first (vi-VN) and a second field above 12 month-first
//! (en-US). Conflicting evidence, or dates that all have day and month ≤ 12
//! and no marker, is a file-level error asking for `--culture en-US` or
//! `--culture vi-VN`: an ambiguous date is an error, never a guess. (A file
//! whose mapped date columns are all blank or ISO needs no culture.) A given
//! culture is applied as is: a date that does not fit it is a row error.
//!
//! # Row numbers
//!
//! Errors carry the row a spreadsheet shows for the record, as in the other
//! CSV imports: a record is one row even when a quoted `MemberOf` cell spans
//! several lines, and blank lines count. The `#TYPE` line, when present, is
//! row 1 (Excel shows it so), making the header row 2 and the first account
//! row 3; without it the header is row 1 and the first account row 2.
//! Column names in errors are the AD header names as written in the file.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use tuanthu_core::evidence::schema::{Value, ACCOUNTS};
use tuanthu_core::vietnam_date;

use crate::cells::{parse_bool, parse_timestamp, vietnam_local_to_utc};
use crate::csv_file::decode;
use crate::error::{ImportError, Problem};
use crate::table::{Table, Warning};

/// The groups whose members are administrators: the built-in privileged
/// groups of Active Directory.
pub const DEFAULT_ADMIN_GROUPS: &[&str] = &[
    "Domain Admins",
    "Enterprise Admins",
    "Schema Admins",
    "Administrators",
    "Account Operators",
    "Server Operators",
    "Backup Operators",
    "Print Operators",
    "DnsAdmins",
    "Group Policy Creator Owners",
];

/// The culture (date format) of the machine that exported the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Culture {
    /// `M/d/yyyy h:mm:ss AM|PM`.
    EnUs,
    /// `dd/MM/yyyy HH:mm:ss`, optionally `h:mm:ss SA|CH`.
    ViVn,
}

impl Culture {
    /// `en-US` or `vi-VN`, case-insensitively (`_` accepted for `-`).
    #[must_use]
    pub fn parse(s: &str) -> Option<Culture> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "en-us" => Some(Culture::EnUs),
            "vi-vn" => Some(Culture::ViVn),
            _ => None,
        }
    }

    /// The culture's name, `en-US` or `vi-VN`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Culture::EnUs => "en-US",
            Culture::ViVn => "vi-VN",
        }
    }

    fn pattern(self) -> &'static str {
        match self {
            Culture::EnUs => "M/d/yyyy h:mm:ss AM|PM",
            Culture::ViVn => "dd/MM/yyyy HH:mm:ss [SA|CH]",
        }
    }
}

impl std::fmt::Display for Culture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// How to read an AD export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdOptions {
    /// The system the accounts belong to (`--system`).
    pub system_id: String,
    /// The exporting machine's culture (`--culture`); `None` = detect.
    pub culture: Option<Culture>,
    /// Groups (CNs, case-insensitive) whose members are `admin` accounts.
    pub admin_groups: Vec<String>,
}

impl AdOptions {
    /// Options for `system_id`: culture detected, [`DEFAULT_ADMIN_GROUPS`].
    #[must_use]
    pub fn new(system_id: impl Into<String>) -> Self {
        AdOptions {
            system_id: system_id.into(),
            culture: None,
            admin_groups: DEFAULT_ADMIN_GROUPS.iter().map(|s| (*s).to_string()).collect(),
        }
    }
}

/// Header names (lower case) of the culture-date columns scanned to detect
/// the culture.
const CULTURE_DATE_COLUMNS: &[&str] = &[
    "whencreated",
    "created",
    "whenchanged",
    "modified",
    "lastlogondate",
    "passwordlastset",
    "createtimestamp",
    "modifytimestamp",
    "accountexpirationdate",
    "accountlockouttime",
    "lastbadpasswordattempt",
];

/// The culture-date columns this importer maps (a culture is needed only if
/// one of them holds a culture-formatted date).
const MAPPED_DATE_COLUMNS: &[&str] =
    &["whencreated", "created", "whenchanged", "modified", "lastlogondate", "passwordlastset"];

/// Values PowerShell writes for a collection it did not expand.
const UNEXPANDED: &[&str] = &[
    "microsoft.activedirectory.management.adpropertyvaluecollection",
    "system.object[]",
    "system.string[]",
    "system.collections.arraylist",
];

/// Parses an AD user export into an `accounts` table. Every bad row is
/// reported; any error means no table.
pub fn parse_ad_csv(file: &str, bytes: &[u8], opts: &AdOptions) -> Result<Table, Vec<ImportError>> {
    let system_id = opts.system_id.trim();
    if system_id.is_empty() {
        return Err(vec![ImportError {
            file: file.to_string(),
            row: 0,
            column: Some("system_id".into()),
            value: Some(opts.system_id.clone()),
            problem: Problem::Other {
                vi: "chưa cho biết tài khoản thuộc hệ thống nào; hãy chỉ rõ --system".into(),
                en: "no system given for the accounts; pass --system".into(),
            },
        }]);
    }
    let decoded = decode(file, bytes)?;
    let decoded = decoded.strip_prefix('\u{feff}').unwrap_or(&decoded);
    let (body, type_line) = strip_type_line(decoded);
    let header_row = 1 + usize::from(type_line);
    let (header, rows, mut errors) = read_records(file, body, header_row)?;
    let cols = Columns::new(&header);

    let Some(sam) = cols.get("samaccountname") else {
        return Err(vec![missing_column(file, header_row, "SamAccountName")]);
    };
    let enabled = cols.get("enabled");
    let uac = cols.get("useraccountcontrol");
    if enabled.is_none() && uac.is_none() {
        return Err(vec![missing_column(file, header_row, "Enabled / userAccountControl")]);
    }

    let culture = match opts.culture {
        Some(c) => Some(c),
        None => detect_culture(file, &header, &rows, &cols)?,
    };

    let mut warnings = Vec::new();
    if cols.get("memberof").is_none() {
        warnings.push(Warning {
            file: file.to_string(),
            row: 0,
            message_vi: "tệp không có cột MemberOf: không biết nhóm của tài khoản, nên không nhận ra được tài khoản \
                         quản trị theo nhóm; hãy xuất với -Properties *"
                .into(),
            message_en: "the file has no MemberOf column: group memberships are unknown, so administrators cannot be \
                         recognised by their groups; export with -Properties *"
                .into(),
        });
    }
    let admin_groups: Vec<String> = opts.admin_groups.iter().map(|g| g.trim().to_lowercase()).collect();
    let mut unexpanded_warned: Vec<usize> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    let mut row_numbers = Vec::new();

    for (row, cells) in &rows {
        let row = *row;
        let mut ctx = RowCtx { file, row, header: &header, cells, errors: Vec::new() };

        let username = ctx.text(Some(sam));
        if username.is_empty() {
            ctx.error(sam, Problem::Required);
        }

        let deleted = ctx.text(cols.get("deleted"));
        let deleted = parse_bool(&deleted).unwrap_or(false);
        let status = if deleted { Some("deleted") } else { status_of(&mut ctx, enabled, uac) };

        let created = ctx.culture_date(culture, cols.first_nonblank(cells, &["whencreated", "created"]));
        let created_on = created.map(vietnam_date);
        let disabled_on = match status {
            Some("disabled" | "deleted") => {
                ctx.culture_date(culture, cols.first_nonblank(cells, &["whenchanged", "modified"])).map(vietnam_date)
            }
            _ => None,
        };
        let last_login_at = match cols.first_nonblank(cells, &["lastlogondate"]) {
            Some(i) => ctx.culture_date(culture, Some(i)),
            None => ctx.filetime(cols.get("lastlogontimestamp")),
        };
        let password_changed_at = match cols.first_nonblank(cells, &["passwordlastset"]) {
            Some(i) => ctx.culture_date(culture, Some(i)),
            None => ctx.filetime(cols.get("pwdlastset")),
        };

        let person_id = {
            let id = ctx.text(cols.get("employeeid"));
            if id.is_empty() {
                ctx.text(cols.get("employeenumber"))
            } else {
                id
            }
        };

        let member_of = cols.get("memberof").map(|i| (i, multi_values(&ctx.text(Some(i)))));
        let groups: Option<Vec<String>> = match &member_of {
            None => None,
            Some((i, Multi::Unknown)) => {
                warn_unexpanded(file, row, &header, *i, &mut unexpanded_warned, &mut warnings);
                None
            }
            Some((_, Multi::Items(items))) => Some(items.iter().map(|dn| group_cn(dn)).collect()),
        };
        let primary_group = {
            let pg = ctx.text(cols.get("primarygroup"));
            if pg.is_empty() {
                None
            } else {
                Some(group_cn(&pg))
            }
        };
        let is_admin_group = |g: &String| admin_groups.contains(&g.trim().to_lowercase());
        let admin = groups.as_ref().is_some_and(|gs| gs.iter().any(is_admin_group))
            || primary_group.as_ref().is_some_and(is_admin_group)
            || ctx.text(cols.get("admincount")) == "1";
        let spn_col = cols.get("serviceprincipalname").or_else(|| cols.get("serviceprincipalnames"));
        let has_spn = match spn_col.map(|i| (i, multi_values(&ctx.text(Some(i))))) {
            None => false,
            Some((i, Multi::Unknown)) => {
                warn_unexpanded(file, row, &header, i, &mut unexpanded_warned, &mut warnings);
                false
            }
            Some((_, Multi::Items(items))) => !items.is_empty(),
        };
        let kind = if admin {
            "admin"
        } else if has_spn && person_id.is_empty() {
            "service"
        } else {
            "user"
        };

        if !username.is_empty() {
            let key = username.to_lowercase();
            if let Some(&first_row) = seen.get(&key) {
                ctx.errors.push(ImportError {
                    file: file.to_string(),
                    row,
                    column: Some(header[sam].clone()),
                    value: Some(username.clone()),
                    problem: Problem::DuplicateKey { first_row },
                });
            } else {
                seen.insert(key, row);
            }
        }

        if !ctx.errors.is_empty() {
            errors.append(&mut ctx.errors);
            continue;
        }
        let Some(status) = status else { continue };
        row_numbers.push(row);
        let text = |s: &str| Value::Text(s.to_string());
        let opt_text = |s: String| if s.is_empty() { Value::Null } else { Value::Text(s) };
        out.push(vec![
            text(system_id),
            Value::Text(username),
            text(kind),
            Value::Bool(false),
            opt_text(person_id),
            Value::List(Vec::new()),
            text(status),
            created_on.map_or(Value::Null, Value::Date),
            disabled_on.map_or(Value::Null, Value::Date),
            Value::Null,
            last_login_at.map_or(Value::Null, Value::Timestamp),
            password_changed_at.map_or(Value::Null, Value::Timestamp),
            groups.map_or(Value::Null, Value::List),
        ]);
    }

    if errors.is_empty() {
        Ok(Table { kind: &ACCOUNTS, file: file.to_string(), rows: out, row_numbers, warnings })
    } else {
        errors.sort_by_key(|e| e.row);
        Err(errors)
    }
}

/// Removes a leading `#TYPE …` line; tells whether there was one.
fn strip_type_line(text: &str) -> (&str, bool) {
    let is_type = text.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("#TYPE"));
    if !is_type {
        return (text, false);
    }
    match text.find('\n') {
        Some(i) => (&text[i + 1..], true),
        None => ("", true),
    }
}

type Records = (Vec<String>, Vec<(usize, Vec<String>)>, Vec<ImportError>);

/// Reads the header and the numbered records (see the module doc for the
/// numbering). Short or long records are reported and left out.
fn read_records(file: &str, body: &str, header_row: usize) -> Result<Records, Vec<ImportError>> {
    let first_line = body.lines().next().unwrap_or("");
    let delimiter = if !first_line.contains(',') && first_line.contains(';') { b';' } else { b',' };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(body.as_bytes());
    let mut records = reader.records();
    let header: Vec<String> = match records.next() {
        None => return Err(vec![ImportError::file_level(file, Problem::Empty)]),
        Some(Err(e)) => return Err(vec![csv_error(file, header_row, &e)]),
        Some(Ok(r)) => r.iter().map(|h| h.trim().to_string()).collect(),
    };
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut prev_row = header_row;
    let mut prev_end_line = 1 + header.iter().map(|f| f.matches('\n').count()).sum::<usize>() as u64;
    for rec in records {
        match rec {
            Ok(r) => {
                let start_line = r.position().map_or(prev_end_line + 1, csv::Position::line);
                let row = prev_row + 1 + (start_line.saturating_sub(prev_end_line + 1)) as usize;
                prev_end_line = start_line + r.iter().map(|f| f.matches('\n').count()).sum::<usize>() as u64;
                prev_row = row;
                let cells: Vec<String> = r.iter().map(str::to_string).collect();
                if cells.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                if cells.len() != header.len() {
                    errors.push(ImportError {
                        file: file.to_string(),
                        row,
                        column: None,
                        value: None,
                        problem: Problem::FieldCount { expected: header.len(), found: cells.len() },
                    });
                    continue;
                }
                rows.push((row, cells));
            }
            Err(e) => {
                errors.push(csv_error(file, prev_row + 1, &e));
                break; // the reader cannot resynchronise after a syntax error
            }
        }
    }
    Ok((header, rows, errors))
}

fn csv_error(file: &str, row: usize, e: &csv::Error) -> ImportError {
    ImportError {
        file: file.to_string(),
        row,
        column: None,
        value: None,
        problem: Problem::Unreadable { detail: e.to_string() },
    }
}

fn missing_column(file: &str, header_row: usize, name: &str) -> ImportError {
    ImportError {
        file: file.to_string(),
        row: header_row,
        column: Some(name.to_string()),
        value: None,
        problem: Problem::MissingColumn,
    }
}

/// Header lookup by lower-case name (the first of repeated names wins).
struct Columns(HashMap<String, usize>);

impl Columns {
    fn new(header: &[String]) -> Self {
        let mut map = HashMap::new();
        for (i, h) in header.iter().enumerate() {
            map.entry(h.trim().to_lowercase()).or_insert(i);
        }
        Columns(map)
    }

    fn get(&self, name: &str) -> Option<usize> {
        self.0.get(name).copied()
    }

    /// The first of `names` present with a non-blank cell.
    fn first_nonblank(&self, cells: &[String], names: &[&str]) -> Option<usize> {
        names.iter().filter_map(|n| self.get(n)).find(|&i| cells.get(i).is_some_and(|c| !c.trim().is_empty()))
    }
}

/// One record being converted, with its errors.
struct RowCtx<'a> {
    file: &'a str,
    row: usize,
    header: &'a [String],
    cells: &'a [String],
    errors: Vec<ImportError>,
}

impl RowCtx<'_> {
    fn text(&self, col: Option<usize>) -> String {
        col.and_then(|i| self.cells.get(i)).map_or(String::new(), |s| s.trim().to_string())
    }

    fn error(&mut self, col: usize, problem: Problem) {
        self.errors.push(ImportError {
            file: self.file.to_string(),
            row: self.row,
            column: self.header.get(col).cloned(),
            value: Some(self.cells.get(col).cloned().unwrap_or_default()),
            problem,
        });
    }

    /// A culture-formatted date-time cell (blank → `None`; bad → error).
    fn culture_date(&mut self, culture: Option<Culture>, col: Option<usize>) -> Option<DateTime<Utc>> {
        let i = col?;
        let raw = self.text(Some(i));
        if raw.is_empty() {
            return None;
        }
        if let Some(t) = parse_iso(&raw) {
            return Some(t);
        }
        let parsed = culture.and_then(|c| DateShape::parse(&raw).and_then(|s| s.resolve(c)));
        match parsed {
            Some(local) => Some(vietnam_local_to_utc(local)),
            None => {
                let problem = match culture {
                    Some(c) => Problem::Other {
                        vi: format!(
                            "không phải ngày giờ theo định dạng {} ({}); nếu tệp được xuất trên máy dùng định dạng \
                             khác, hãy chỉ rõ --culture",
                            c.name(),
                            c.pattern()
                        ),
                        en: format!(
                            "not a date-time in the {} format ({}); if the file was exported on a machine with \
                             another format, pass --culture",
                            c.name(),
                            c.pattern()
                        ),
                    },
                    None => Problem::Other {
                        vi: "không phải ngày giờ (M/d/yyyy h:mm:ss AM|PM hoặc dd/MM/yyyy HH:mm:ss [SA|CH])".into(),
                        en: "not a date-time (M/d/yyyy h:mm:ss AM|PM or dd/MM/yyyy HH:mm:ss [SA|CH])".into(),
                    },
                };
                self.error(i, problem);
                None
            }
        }
    }

    /// A FILETIME cell; 0 and `i64::MAX` are never (`None`).
    fn filetime(&mut self, col: Option<usize>) -> Option<DateTime<Utc>> {
        let i = col?;
        let raw = self.text(Some(i));
        if raw.is_empty() {
            return None;
        }
        match filetime_to_utc(&raw) {
            Ok(t) => t,
            Err(()) => {
                self.error(
                    i,
                    Problem::Other {
                        vi: "không phải thời điểm FILETIME của Windows (số nguyên: số khoảng 100 ns từ 01/01/1601 UTC)"
                            .into(),
                        en: "not a Windows FILETIME (an integer: 100-ns intervals since 1601-01-01 UTC)".into(),
                    },
                );
                None
            }
        }
    }
}

/// Status from `Enabled`, else from `userAccountControl`; `None` after an error.
fn status_of(ctx: &mut RowCtx<'_>, enabled: Option<usize>, uac: Option<usize>) -> Option<&'static str> {
    if let Some(i) = enabled {
        let raw = ctx.text(Some(i));
        if !raw.is_empty() {
            return match parse_bool(&raw) {
                Some(true) => Some("active"),
                Some(false) => Some("disabled"),
                None => {
                    ctx.error(i, Problem::NotBool);
                    None
                }
            };
        }
    }
    if let Some(i) = uac {
        let raw = ctx.text(Some(i));
        if !raw.is_empty() {
            return match raw.parse::<u32>() {
                Ok(flags) if flags & 0x2 != 0 => Some("disabled"),
                Ok(_) => Some("active"),
                Err(_) => {
                    ctx.error(i, Problem::NotInteger { min: 0, max: i64::from(u32::MAX) });
                    None
                }
            };
        }
    }
    ctx.error(enabled.or(uac).unwrap_or(0), Problem::Required);
    None
}

mod dates;
mod values;

#[allow(clippy::wildcard_imports)]
use dates::*;
#[allow(clippy::wildcard_imports)]
use values::*;

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn filetime_math() {
        assert_eq!(filetime_to_utc("133870000000000000"), Ok(Some(utc("2025-03-21T03:06:40Z"))));
        assert_eq!(filetime_to_utc("133867504000000000"), Ok(Some(utc("2025-03-18T05:46:40Z"))));
        assert_eq!(filetime_to_utc("116444736000000000"), Ok(Some(utc("1970-01-01T00:00:00Z"))));
        assert_eq!(filetime_to_utc("116444736000000001"), Ok(Some(utc("1970-01-01T00:00:00.0000001Z"))));
        assert_eq!(filetime_to_utc("0"), Ok(None));
        assert_eq!(filetime_to_utc("9223372036854775807"), Ok(None));
        assert_eq!(filetime_to_utc("-1"), Err(()));
        assert_eq!(filetime_to_utc("3/15/2026"), Err(()));
    }

    #[test]
    fn twelve_hour_clocks() {
        let at = |raw: &str, c| DateShape::parse(raw).and_then(|s| s.resolve(c)).map(|t| t.to_string());
        assert_eq!(at("3/15/2026 12:00:00 AM", Culture::EnUs).as_deref(), Some("2026-03-15 00:00:00"));
        assert_eq!(at("3/15/2026 12:00:00 PM", Culture::EnUs).as_deref(), Some("2026-03-15 12:00:00"));
        assert_eq!(at("3/15/2026 1:00:00 pm", Culture::EnUs).as_deref(), Some("2026-03-15 13:00:00"));
        assert_eq!(at("15/03/2026 12:00:00 SA", Culture::ViVn).as_deref(), Some("2026-03-15 00:00:00"));
        assert_eq!(at("15/03/2026 11:59:59 CH", Culture::ViVn).as_deref(), Some("2026-03-15 23:59:59"));
        assert_eq!(at("15/03/2026 23:59:59", Culture::ViVn).as_deref(), Some("2026-03-15 23:59:59"));
        assert_eq!(at("15/03/2026 13:00:00 CH", Culture::ViVn), None, "13 on a 12-hour clock");
        assert_eq!(at("15/03/2026 10:00:00 AM", Culture::ViVn), None, "AM in vi-VN");
        assert_eq!(at("3/15/2026 10:00:00 SA", Culture::EnUs), None, "SA in en-US");
        assert_eq!(at("2/30/2026 10:00:00 AM", Culture::EnUs), None);
        assert_eq!(at("3/15/26 10:00:00 AM", Culture::EnUs), None, "two-digit year");
        assert_eq!(at("3/15/2026 10:0:00 AM", Culture::EnUs), None);
    }

    #[test]
    fn group_names_from_dns() {
        assert_eq!(group_cn("CN=Domain Admins,CN=Users,DC=hq,DC=vn"), "Domain Admins");
        assert_eq!(group_cn("cn=Phong CNTT\\, Cuc HQ,OU=Groups,DC=vn"), "Phong CNTT, Cuc HQ");
        assert_eq!(group_cn("CN=Ph\\C3\\B2ng A\\2C B,OU=G"), "Phòng A, B");
        assert_eq!(group_cn("CN=Phòng CNTT,OU=G"), "Phòng CNTT");
        assert_eq!(group_cn(" VPN Users "), "VPN Users");
        assert_eq!(group_cn("CN=a\\\\b,OU=x"), "a\\b");
    }

    #[test]
    fn multi_valued_cells() {
        let items = |raw: &str| match multi_values(raw) {
            Multi::Items(i) => i,
            Multi::Unknown => panic!("unknown"),
        };
        assert_eq!(items("CN=a,DC=x\r\nCN=b,DC=x\r\n"), vec!["CN=a,DC=x", "CN=b,DC=x"]);
        assert_eq!(items("CN=a\\;b,DC=x; CN=c,DC=x"), vec!["CN=a\\;b,DC=x", "CN=c,DC=x"]);
        assert_eq!(items("  "), Vec::<String>::new());
        assert!(matches!(
            multi_values("Microsoft.ActiveDirectory.Management.ADPropertyValueCollection"),
            Multi::Unknown
        ));
        assert_eq!(group_cn("CN=a\\;b,DC=x"), "a;b");
    }

    #[test]
    fn deleted_objects_and_primary_group() {
        let csv = "\"SamAccountName\",\"Enabled\",\"Deleted\",\"whenChanged\",\"PrimaryGroup\",\"MemberOf\"\r\n\
                   \"gone\",\"True\",\"True\",\"2026-03-01 10:00:00\",\"CN=Domain Users,CN=Users,DC=x\",\"\"\r\n\
                   \"sneaky\",\"True\",\"\",\"\",\"CN=Domain Admins,CN=Users,DC=x\",\"CN=VPN,DC=x\"\r\n";
        let t = parse_ad_csv("d.csv", csv.as_bytes(), &AdOptions::new("S")).unwrap();
        assert_eq!(t.rows[0][6], Value::Text("deleted".into()));
        assert_eq!(t.rows[0][8], Value::Date(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()));
        assert_eq!(t.rows[1][2], Value::Text("admin".into()));
        assert_eq!(t.rows[1][12], Value::List(vec!["VPN".into()]));
    }
}
