//! The web console's tables (migration 7) on SQLite and PostgreSQL: users
//! and grants, lockout counting, TOTP replay guard, sessions, tokens, the
//! append-only audit log, and per-unit counts of kept runs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Duration, Utc};
use tuanthu_store::scratch::ScratchPg;
use tuanthu_store::web::{AuditFilter, Grant, NewAudit, NewUser, WebSession};
use tuanthu_store::Store;

fn stores(label: &str) -> Vec<(Store, Option<ScratchPg>, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("w.db").display());
    let mut out = vec![(Store::open(&url).unwrap(), None, Some(dir))];
    if std::env::var_os("TUANTHU_SKIP_PG").is_none() {
        let pg = ScratchPg::create(label).unwrap();
        out.push((Store::open(pg.url()).unwrap(), Some(pg), None));
    }
    out
}

#[test]
fn web_tables_work_on_both_backends() {
    for (mut store, _pg, _dir) in stores("webtables") {
        let w = store.web();
        let now = Utc::now();
        let grants = vec![
            Grant { role: "operator".into(), unit: "KV01".into() },
            Grant { role: "auditor".into(), unit: "*".into() },
        ];
        let id = w
            .create_user(
                &NewUser {
                    username: "nguyenvana",
                    display_name: Some("Nguyễn Văn A"),
                    password_hash: "$argon2id$x",
                    totp_secret: Some("ABC"),
                    grants: &grants,
                },
                now,
            )
            .unwrap();
        let u = w.user_by_name("nguyenvana").unwrap().unwrap();
        assert_eq!(u.id, id);
        assert_eq!(u.grants.len(), 2);
        assert_eq!(u.display_name.as_deref(), Some("Nguyễn Văn A"));
        assert!(
            w.create_user(
                &NewUser {
                    username: "nguyenvana",
                    display_name: None,
                    password_hash: "h",
                    totp_secret: None,
                    grants: &[]
                },
                now
            )
            .is_err(),
            "unique user names"
        );
        // Lockout counting.
        let until = now + Duration::minutes(15);
        assert_eq!(w.record_login_failure(id, 3, until).unwrap(), (1, false));
        assert_eq!(w.record_login_failure(id, 3, until).unwrap(), (2, false));
        assert_eq!(w.record_login_failure(id, 3, until).unwrap(), (3, true));
        let u = w.user_by_id(id).unwrap().unwrap();
        assert_eq!(u.failed_logins, 0);
        assert!(u.locked_until.unwrap() > now);
        w.clear_login_failures(id).unwrap();
        assert!(w.user_by_id(id).unwrap().unwrap().locked_until.is_none());
        // TOTP steps are used once, in increasing order.
        assert!(w.use_totp_step(id, 100).unwrap());
        assert!(!w.use_totp_step(id, 100).unwrap());
        assert!(!w.use_totp_step(id, 99).unwrap());
        assert!(w.use_totp_step(id, 101).unwrap());
        w.set_grants(id, &[Grant { role: "leader".into(), unit: "*".into() }]).unwrap();
        assert_eq!(w.users().unwrap()[0].grants, vec![Grant { role: "leader".into(), unit: "*".into() }]);
        // Sessions.
        let s = WebSession {
            id_hash: "h1".into(),
            user_id: id,
            realm: "service".into(),
            csrf_token: "c".into(),
            created_at: now,
            last_seen_at: now,
            ip: Some("127.0.0.1".into()),
            user_agent: None,
        };
        w.create_session(&s).unwrap();
        assert_eq!(w.session("h1").unwrap().unwrap().csrf_token, "c");
        w.touch_session("h1", now + Duration::seconds(5)).unwrap();
        assert!(w.session("h1").unwrap().unwrap().last_seen_at > now);
        assert_eq!(w.purge_sessions(now - Duration::minutes(15), now - Duration::hours(8)).unwrap(), 0);
        assert_eq!(w.purge_sessions(now + Duration::minutes(1), now - Duration::hours(8)).unwrap(), 1);
        assert!(w.session("h1").unwrap().is_none());
        // Tokens.
        let t = w.create_token(id, "ci", "digest", now).unwrap();
        assert_eq!(w.token_by_hash("digest").unwrap().unwrap().id, t);
        assert!(w.revoke_token(t, now).unwrap());
        assert!(w.token_by_hash("digest").unwrap().is_none());
        assert_eq!(w.tokens(Some(id)).unwrap().len(), 1);
        // Audit, newest first, filterable.
        for action in ["login", "login_failed", "import"] {
            w.append_audit(
                &NewAudit {
                    actor: Some("nguyenvana"),
                    action,
                    outcome: "ok",
                    ip: Some("127.0.0.1"),
                    ..Default::default()
                },
                now,
            )
            .unwrap();
        }
        let all = w.audit_events(&AuditFilter { limit: 10, ..Default::default() }).unwrap();
        assert_eq!(all.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["import", "login_failed", "login"]);
        let f = w.audit_events(&AuditFilter { action: Some("login".into()), limit: 10, ..Default::default() }).unwrap();
        assert_eq!(f.len(), 1);
        let f = w
            .audit_events(&AuditFilter { since: Some(now + Duration::hours(1)), limit: 10, ..Default::default() })
            .unwrap();
        assert!(f.is_empty());
        assert!(w.imports_log(5).unwrap().is_empty());
        assert!(w.run_unit_counts(&[1, 2]).unwrap().is_empty());
    }
}

/// Issue 4 item 9: audit rows are an outbox for the tamper-evident log; each
/// row's log position is set once and never moved (Điều 16.2).
#[test]
fn audit_rows_record_their_log_position_once_on_both_backends() {
    for (mut store, _pg, _dir) in stores("auditoutbox") {
        let w = store.web();
        let now = Utc::now();
        for action in ["login", "import", "check_run"] {
            w.append_audit(&NewAudit { actor: Some("cli:root"), action, outcome: "ok", ..Default::default() }, now)
                .unwrap();
        }
        let pending = w.audit_after(0, 10, true).unwrap();
        assert_eq!(pending.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["login", "import", "check_run"]);
        assert!(pending.iter().all(|e| e.log_index.is_none() && e.log_origin.is_none()));
        let (a, b) = (pending[0].id, pending[1].id);
        assert_eq!(w.mark_audit_logged("example.vn/audit", &[(a, 7), (b, 8)]).unwrap(), 2);
        // A second placement of the same row is refused (the first one stays).
        assert_eq!(w.mark_audit_logged("other", &[(a, 99)]).unwrap(), 0);
        let left = w.audit_after(0, 10, true).unwrap();
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].action, "check_run");
        let all = w.audit_after(0, 10, false).unwrap();
        assert_eq!(all.len(), 3);
        assert_eq!((all[0].log_origin.as_deref(), all[0].log_index), (Some("example.vn/audit"), Some(7)));
        assert_eq!(all[1].log_index, Some(8));
        assert_eq!(w.audit_after(b, 10, false).unwrap().len(), 1);
        let listed = w.audit_events(&AuditFilter { limit: 10, ..Default::default() }).unwrap();
        assert_eq!(listed[2].log_index, Some(7));
        let instance = w.instance_id().unwrap();
        assert_eq!(instance.len(), 32, "{instance}");
        assert_eq!(w.instance_id().unwrap(), instance);
    }
}
