#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, Duration, Utc};

use crate::evidence::{AppFacts, Evidence, HostFacts, LogFacts, LogSource, LogSourceKind};
use crate::finding::Status;
use crate::rules::testkit::*;

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

const NOW: &str = "2026-03-10T03:00:00Z"; // 10:00 in Hà Nội

fn facts() -> LogFacts {
    LogFacts {
        origin: "log.haiquan.test/central".into(),
        computed_at: t(NOW),
        size: 1000,
        verified: true,
        witnessed_size: Some(990),
        witnessed_at: Some(t(NOW) - Duration::minutes(5)),
        cosigners: vec!["attt.test/w1".into()],
        scan_hours: 24,
        hosts: vec![HostFacts {
            host: "app-hq".into(),
            addresses: vec!["10.0.0.7".into()],
            last_received: Some(t(NOW) - Duration::minutes(2)),
            entries_24h: 500,
            timestamped: 500,
            skew_p95_secs: Some(0.4),
            apps: vec![AppFacts {
                app: "portal".into(),
                sampled: 100,
                with_time: 100,
                with_address: 100,
                with_account: 97,
                with_action: 100,
                errors: 3,
                admin_logins: 2,
            }],
        }],
        ..LogFacts::default()
    }
}

fn source(id: &str, system: &str, hosts: &[&str], kind: LogSourceKind) -> LogSource {
    LogSource {
        source_id: id.into(),
        system_id: system.into(),
        hosts: hosts.iter().map(|h| h.to_string()).collect(),
        apps: vec![],
        kind,
    }
}

fn evidence(f: Option<LogFacts>) -> Evidence {
    Evidence {
        systems: vec![system("SYS-A", Some(3)), system("SYS-B", Some(2)), system("SYS-C", Some(1))],
        log_sources: vec![
            source("SRC-A", "SYS-A", &["10.0.0.7"], LogSourceKind::Application),
            source("SRC-B", "SYS-B", &["db-01"], LogSourceKind::System),
        ],
        log_facts: f,
        ..Evidence::default()
    }
}

const AS_OF: &str = "2026-03-10";

#[test]
fn dieu_16_2_log_integrity_passes_when_verified_and_recently_witnessed() {
    let fs = evidence(Some(facts())).run("LOG-INTEGRITY", AS_OF);
    assert_eq!(fs.len(), 1);
    assert_eq!(fs[0].status, Status::Pass, "{fs:#?}");
    assert!(fs[0].message_en.contains("attt.test/w1"));
}

#[test]
fn dieu_16_2_log_integrity_fails_when_the_log_does_not_verify() {
    let mut f = facts();
    f.verified = false;
    f.problems = vec!["entries 300 (tile/entries/001): hash differs from tile/0/001".into()];
    let fs = evidence(Some(f)).run("LOG-INTEGRITY", AS_OF);
    assert_eq!(fs[0].status, Status::Fail);
    assert!(fs[0].message_en.contains("entries 300"), "{}", fs[0].message_en);
}

#[test]
fn dieu_16_2_log_integrity_fails_without_a_recent_witness_cosignature() {
    let mut f = facts();
    f.witnessed_at = Some(t(NOW) - Duration::hours(25));
    assert_eq!(evidence(Some(f.clone())).run("LOG-INTEGRITY", AS_OF)[0].status, Status::Fail);
    f.witnessed_at = None;
    f.witnessed_size = None;
    let fs = evidence(Some(f)).run("LOG-INTEGRITY", AS_OF);
    assert_eq!(fs[0].status, Status::Fail);
    assert!(fs[0].message_en.contains("No checkpoint is cosigned"));
}

#[test]
fn dieu_16_2_log_integrity_without_log_facts_is_no_evidence() {
    let fs = evidence(None).run("LOG-INTEGRITY", AS_OF);
    assert_eq!(fs[0].status, Status::NoEvidence);
}

#[test]
fn dieu_16_1_level_2_systems_send_logs_centrally_within_24_hours() {
    let mut f = facts();
    f.hosts.push(HostFacts {
        host: "db-01".into(),
        last_received: Some(t(NOW) - Duration::hours(30)),
        ..HostFacts::default()
    });
    let fs = evidence(Some(f)).run("LOG-CENTRAL", AS_OF);
    // SYS-C is level 1: out of scope of the pack's levels [2..5].
    assert_eq!(fs.len(), 2, "{fs:#?}");
    assert_eq!(status_of(&fs, "SYS-A"), Status::Pass);
    let b = only(&fs, "SYS-B");
    assert_eq!(b.status, Status::Fail);
    assert!(b.message_en.contains("No entries in the last 24 hours"), "{}", b.message_en);
}

#[test]
fn dieu_16_1_system_without_log_source_fails_and_without_facts_is_no_evidence() {
    let mut e = evidence(None);
    e.log_sources.retain(|l| l.system_id != "SYS-B");
    let fs = e.run("LOG-CENTRAL", AS_OF);
    assert_eq!(status_of(&fs, "SYS-B"), Status::Fail);
    assert_eq!(status_of(&fs, "SYS-A"), Status::NoEvidence);
}

#[test]
fn dieu_16_1_pruning_before_12_months_or_archiving_before_3_months_fails() {
    let mut f = facts();
    f.pruned_newest_received = Some(t(NOW) - Duration::days(200));
    let fs = evidence(Some(f)).run("LOG-CENTRAL", AS_OF);
    assert!(only(&fs, "SYS-A").message_en.contains("archive window"));
    assert_eq!(status_of(&fs, "SYS-A"), Status::Fail);
    let mut f = facts();
    f.pruned_newest_received = Some(t(NOW) - Duration::days(400));
    f.archived_newest_received = Some(t(NOW) - Duration::days(60));
    let fs = evidence(Some(f)).run("LOG-CENTRAL", AS_OF);
    assert_eq!(status_of(&fs, "SYS-A"), Status::Fail);
    assert!(only(&fs, "SYS-A").message_en.contains("left online storage before 3 months"));
    let mut f = facts();
    f.pruned_newest_received = Some(t(NOW) - Duration::days(400));
    f.archived_newest_received = Some(t(NOW) - Duration::days(100));
    assert_eq!(status_of(&evidence(Some(f)).run("LOG-CENTRAL", AS_OF), "SYS-A"), Status::Pass);
}

#[test]
fn dieu_16_3_clock_skew_beyond_the_bound_fails() {
    let fs = evidence(Some(facts())).run("LOG-TIME-SYNC", AS_OF);
    assert_eq!(status_of(&fs, "SRC-A"), Status::Pass);
    // db-01 has no entries: no evidence.
    assert_eq!(status_of(&fs, "SRC-B"), Status::NoEvidence);
    let mut f = facts();
    f.hosts[0].skew_p95_secs = Some(7.0 * 3600.0);
    let fs = evidence(Some(f)).run("LOG-TIME-SYNC", AS_OF);
    let a = only(&fs, "SRC-A");
    assert_eq!(a.status, Status::Fail);
    assert!(a.message_en.contains("25200 s off"), "{}", a.message_en);
}

#[test]
fn dieu_12_5_application_entries_carry_time_address_account_action() {
    let fs = evidence(Some(facts())).run("LOG-APP-FIELDS", AS_OF);
    assert_eq!(fs.len(), 1, "only application sources");
    assert_eq!(status_of(&fs, "SRC-A"), Status::Pass);
    let mut f = facts();
    f.hosts[0].apps[0].with_account = 40;
    f.hosts[0].apps[0].with_address = 89;
    let fs = evidence(Some(f)).run("LOG-APP-FIELDS", AS_OF);
    let a = only(&fs, "SRC-A");
    assert_eq!(a.status, Status::Fail);
    assert!(a.message_en.contains("address 89%") && a.message_en.contains("account 40%"), "{}", a.message_en);
    let mut f = facts();
    f.hosts[0].apps.clear();
    assert_eq!(status_of(&evidence(Some(f)).run("LOG-APP-FIELDS", AS_OF), "SRC-A"), Status::NoEvidence);
}
