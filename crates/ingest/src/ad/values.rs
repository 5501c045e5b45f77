//! Multi-valued AD properties (MemberOf, servicePrincipalName) and group names.

#[allow(clippy::wildcard_imports)]
use super::*;

/// A multi-valued cell.
pub(super) enum Multi {
    /// PowerShell wrote the collection's type name instead of its values.
    Unknown,
    Items(Vec<String>),
}

/// Splits a multi-valued cell on line breaks and unescaped `;`.
pub(super) fn multi_values(raw: &str) -> Multi {
    let t = raw.trim();
    if UNEXPANDED.contains(&t.to_ascii_lowercase().as_str()) {
        return Multi::Unknown;
    }
    let mut items = Vec::new();
    let mut cur = String::new();
    let mut chars = t.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                cur.push(c);
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            ';' | '\n' | '\r' => items.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    items.push(cur);
    Multi::Items(items.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect())
}

/// The CN of a group DN (`CN=Domain Admins,CN=Users,DC=…` → `Domain Admins`),
/// DN escapes undone; anything that is not a DN is returned trimmed.
pub(super) fn group_cn(dn: &str) -> String {
    let t = dn.trim();
    let Some(rest) = t.get(..3).filter(|p| p.eq_ignore_ascii_case("CN=")).and_then(|_| t.get(3..)) else {
        return t.to_string();
    };
    let mut bytes = Vec::with_capacity(rest.len());
    let mut chars = rest.chars().peekable();
    let mut buf = [0u8; 4];
    while let Some(c) = chars.next() {
        match c {
            ',' => break,
            '\\' => {
                let Some(n) = chars.next() else { break };
                let hex = n.to_digit(16).and_then(|h| chars.peek().and_then(|l| l.to_digit(16)).map(|l| h * 16 + l));
                match hex.and_then(|v| u8::try_from(v).ok()) {
                    Some(byte) => {
                        chars.next();
                        bytes.push(byte);
                    }
                    None => bytes.extend_from_slice(n.encode_utf8(&mut buf).as_bytes()),
                }
            }
            _ => bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes()),
        }
    }
    String::from_utf8_lossy(&bytes).trim().to_string()
}

pub(super) fn warn_unexpanded(
    file: &str,
    row: usize,
    header: &[String],
    col: usize,
    warned: &mut Vec<usize>,
    warnings: &mut Vec<Warning>,
) {
    if warned.contains(&col) {
        return;
    }
    warned.push(col);
    let name = header.get(col).map_or("", String::as_str);
    warnings.push(Warning {
        file: file.to_string(),
        row,
        message_vi: format!(
            "cột {name} ghi tên kiểu tập hợp thay cho các giá trị (PowerShell không mở rộng): coi như không biết, \
             nên không nhận ra được tài khoản quản trị/dịch vụ theo cột này; hãy xuất lại bằng: {EXPANDED_EXPORT}"
        ),
        message_en: format!(
            "column {name} holds a collection's type name instead of its values (PowerShell did not expand it): \
             treated as unknown, so admin/service accounts cannot be recognised from it; export again with: \
             {EXPANDED_EXPORT}"
        ),
    });
}

/// An export command that expands the multi-valued properties.
pub(super) const EXPANDED_EXPORT: &str = "Get-ADUser -Filter * -Properties * | Select-Object SamAccountName,Enabled,\
    userAccountControl,EmployeeID,EmployeeNumber,adminCount,PrimaryGroup,whenCreated,whenChanged,LastLogonDate,\
    PasswordLastSet,@{n='MemberOf';e={$_.MemberOf -join ';'}},\
    @{n='ServicePrincipalNames';e={$_.ServicePrincipalNames -join ';'}} | Export-Csv -Encoding UTF8 \
    -NoTypeInformation users.csv";
