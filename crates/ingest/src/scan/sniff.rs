//! Guessing a report's format from its first bytes.
//!
//! * XML whose root element is `NessusClientData_v2` → Nessus; `report` or
//!   `get_reports_response` (GMP) → OpenVAS/Greenbone. Declarations,
//!   comments and a DOCTYPE before the root are skipped (the parser then
//!   refuses the DOCTYPE).
//! * A JSON object with `"SchemaVersion"`, `"ArtifactName"` or `"Results"`
//!   → Trivy (schema 2); with `"runs"` or a `$schema` naming SARIF → SARIF.
//! * A JSON array whose first object has `"Target"` or `"Vulnerabilities"`
//!   → Trivy (legacy, before schema 2).

use super::ScanFormat;

/// The format of a report, from (at least) its first few kilobytes.
#[must_use]
pub fn sniff(head: &[u8]) -> Option<ScanFormat> {
    let text = String::from_utf8_lossy(head);
    let t = text.trim_start_matches('\u{feff}').trim_start();
    match t.as_bytes().first()? {
        b'<' => xml_root(t).and_then(|root| match root.as_str() {
            "NessusClientData_v2" => Some(ScanFormat::Nessus),
            "report" | "get_reports_response" => Some(ScanFormat::OpenVas),
            _ => None,
        }),
        b'{' => {
            if ["\"SchemaVersion\"", "\"ArtifactName\"", "\"ArtifactType\"", "\"Results\""]
                .iter()
                .any(|k| t.contains(k))
            {
                Some(ScanFormat::Trivy)
            } else if t.contains("\"runs\"") || t.to_ascii_lowercase().contains("sarif") {
                Some(ScanFormat::Sarif)
            } else {
                None
            }
        }
        b'[' => {
            let rest = t[1..].trim_start();
            if rest.starts_with('{') && (rest.contains("\"Target\"") || rest.contains("\"Vulnerabilities\"")) {
                Some(ScanFormat::Trivy)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// The name of the root element (without prefix), skipping prolog items.
fn xml_root(t: &str) -> Option<String> {
    let mut rest = t;
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("<?") {
            rest = &r[r.find("?>")? + 2..];
        } else if let Some(r) = rest.strip_prefix("<!--") {
            rest = &r[r.find("-->")? + 3..];
        } else if rest.starts_with("<!") {
            // DOCTYPE, possibly with an internal subset in brackets.
            let mut depth = 0i32;
            let mut end = None;
            for (i, c) in rest.char_indices().skip(2) {
                match c {
                    '[' => depth += 1,
                    ']' => depth -= 1,
                    '>' if depth <= 0 => {
                        end = Some(i);
                        break;
                    }
                    _ => {}
                }
            }
            rest = &rest[end? + 1..];
        } else if let Some(r) = rest.strip_prefix('<') {
            let name: String = r.chars().take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/').collect();
            let local = name.rsplit(':').next().unwrap_or(&name).to_string();
            return Some(local);
        } else {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn roots_and_keys() {
        assert_eq!(sniff(b"<?xml version=\"1.0\" ?>\n<NessusClientData_v2>"), Some(ScanFormat::Nessus));
        assert_eq!(sniff(b"<report id=\"x\"><report>"), Some(ScanFormat::OpenVas));
        assert_eq!(sniff(b"<!-- c --><!DOCTYPE r [<!ENTITY a \"b\">]><report>"), Some(ScanFormat::OpenVas));
        assert_eq!(sniff(b"{\n \"SchemaVersion\": 2,"), Some(ScanFormat::Trivy));
        assert_eq!(sniff(b"[\n {\n \"Target\": \"debian\""), Some(ScanFormat::Trivy));
        assert_eq!(sniff(b"{\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\""), Some(ScanFormat::Sarif));
        assert_eq!(sniff(b"{\"version\": \"2.1.0\", \"runs\": []}"), Some(ScanFormat::Sarif));
        assert_eq!(sniff(b"<html><body>"), None);
        assert_eq!(sniff(b"{\"foo\": 1}"), None);
        assert_eq!(sniff(b"id,name\n1,2"), None);
        assert_eq!(sniff(b""), None);
    }
}
