//! [`WebBackend`] on SQLite (timestamps as RFC 3339 UTC text).

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Row};

use super::SqliteBackend;
use crate::web::{
    group_grants, ApiToken, AuditEvent, AuditFilter, Grant, ImportRecord, NewAudit, NewUser, RunUnitCount, WebBackend,
    WebSession, WebUser,
};
use crate::StoreError;

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

fn parse_ts(s: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| StoreError::Corrupt(format!("bad timestamp {s:?}")))
}

fn opt_ts(s: Option<String>) -> Result<Option<DateTime<Utc>>, StoreError> {
    s.as_deref().map(parse_ts).transpose()
}

const USER_COLS: &str = "\"id\", \"username\", \"display_name\", \"password_hash\", \"password_changed_at\", \"totp_secret\", \"totp_last_step\", \"failed_logins\", \"locked_until\", \"disabled\", \"created_at\"";

type RawUser =
    (i64, String, Option<String>, String, String, Option<String>, Option<i64>, i64, Option<String>, i64, String);

fn raw_user(r: &Row<'_>) -> rusqlite::Result<RawUser> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
    ))
}

fn build_user(raw: RawUser, grants: Vec<Grant>) -> Result<WebUser, StoreError> {
    let (
        id,
        username,
        display_name,
        password_hash,
        changed,
        totp_secret,
        totp_last_step,
        failed,
        locked,
        disabled,
        created,
    ) = raw;
    Ok(WebUser {
        id,
        username,
        display_name,
        password_hash,
        password_changed_at: parse_ts(&changed)?,
        totp_secret,
        totp_last_step,
        failed_logins: failed,
        locked_until: opt_ts(locked)?,
        disabled: disabled != 0,
        created_at: parse_ts(&created)?,
        grants,
    })
}

type RawSession = (String, i64, String, String, String, String, Option<String>, Option<String>);

fn raw_session(r: &Row<'_>) -> rusqlite::Result<RawSession> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
}

fn build_session(raw: RawSession) -> Result<WebSession, StoreError> {
    let (id_hash, user_id, realm, csrf_token, created, seen, ip, user_agent) = raw;
    Ok(WebSession {
        id_hash,
        user_id,
        realm,
        csrf_token,
        created_at: parse_ts(&created)?,
        last_seen_at: parse_ts(&seen)?,
        ip,
        user_agent,
    })
}

const SESSION_COLS: &str =
    "\"id_hash\", \"user_id\", \"realm\", \"csrf_token\", \"created_at\", \"last_seen_at\", \"ip\", \"user_agent\"";

type RawToken = (i64, i64, String, String, Option<String>, Option<String>);

fn raw_token(r: &Row<'_>) -> rusqlite::Result<RawToken> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
}

fn build_token(raw: RawToken) -> Result<ApiToken, StoreError> {
    let (id, user_id, name, created, used, revoked) = raw;
    Ok(ApiToken {
        id,
        user_id,
        name,
        created_at: parse_ts(&created)?,
        last_used_at: opt_ts(used)?,
        revoked_at: opt_ts(revoked)?,
    })
}

const TOKEN_COLS: &str = "\"id\", \"user_id\", \"name\", \"created_at\", \"last_used_at\", \"revoked_at\"";

impl SqliteBackend {
    fn grants_of(&self, user_id: i64) -> Result<Vec<Grant>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT \"user_id\", \"role\", \"unit_code\" FROM \"web_user_roles\" WHERE \"user_id\" = ?1",
        )?;
        let rows = stmt.query_map([user_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<_, _>>()?;
        Ok(group_grants(rows).remove(&user_id).unwrap_or_default())
    }

    fn user_where(&self, clause: &str, param: &dyn rusqlite::ToSql) -> Result<Option<WebUser>, StoreError> {
        let raw = self
            .conn
            .prepare_cached(&format!("SELECT {USER_COLS} FROM \"web_users\" WHERE {clause}"))?
            .query_row([param], raw_user)
            .optional()?;
        match raw {
            Some(raw) => {
                let grants = self.grants_of(raw.0)?;
                Ok(Some(build_user(raw, grants)?))
            }
            None => Ok(None),
        }
    }
}

impl WebBackend for SqliteBackend {
    fn create_user(&mut self, user: &NewUser<'_>, at: DateTime<Utc>) -> Result<i64, StoreError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO \"web_users\" (\"username\", \"display_name\", \"password_hash\", \"password_changed_at\", \"totp_secret\", \"created_at\") VALUES (?1, ?2, ?3, ?4, ?5, ?4)",
            params![user.username, user.display_name, user.password_hash, ts(at), user.totp_secret],
        )?;
        let id = tx.last_insert_rowid();
        for g in user.grants {
            tx.execute(
                "INSERT OR IGNORE INTO \"web_user_roles\" (\"user_id\", \"role\", \"unit_code\") VALUES (?1, ?2, ?3)",
                params![id, g.role, g.unit],
            )?;
        }
        tx.commit()?;
        Ok(id)
    }

    fn user_by_name(&mut self, username: &str) -> Result<Option<WebUser>, StoreError> {
        self.user_where("\"username\" = ?1", &username)
    }

    fn user_by_id(&mut self, id: i64) -> Result<Option<WebUser>, StoreError> {
        self.user_where("\"id\" = ?1", &id)
    }

    fn users(&mut self) -> Result<Vec<WebUser>, StoreError> {
        let raws = self
            .conn
            .prepare(&format!("SELECT {USER_COLS} FROM \"web_users\" ORDER BY \"username\""))?
            .query_map([], raw_user)?
            .collect::<Result<Vec<_>, _>>()?;
        let rows = self
            .conn
            .prepare("SELECT \"user_id\", \"role\", \"unit_code\" FROM \"web_user_roles\"")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        let mut grants = group_grants(rows);
        raws.into_iter().map(|raw| build_user(raw.clone(), grants.remove(&raw.0).unwrap_or_default())).collect()
    }

    fn set_grants(&mut self, user_id: i64, grants: &[Grant]) -> Result<(), StoreError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM \"web_user_roles\" WHERE \"user_id\" = ?1", [user_id])?;
        for g in grants {
            tx.execute(
                "INSERT OR IGNORE INTO \"web_user_roles\" (\"user_id\", \"role\", \"unit_code\") VALUES (?1, ?2, ?3)",
                params![user_id, g.role, g.unit],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    fn set_password(&mut self, user_id: i64, hash: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE \"web_users\" SET \"password_hash\" = ?1, \"password_changed_at\" = ?2 WHERE \"id\" = ?3",
            params![hash, ts(at), user_id],
        )?;
        Ok(())
    }

    fn set_totp_secret(&mut self, user_id: i64, secret: Option<&str>) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE \"web_users\" SET \"totp_secret\" = ?1, \"totp_last_step\" = NULL WHERE \"id\" = ?2",
            params![secret, user_id],
        )?;
        Ok(())
    }

    fn use_totp_step(&mut self, user_id: i64, step: i64) -> Result<bool, StoreError> {
        let n = self.conn.execute(
            "UPDATE \"web_users\" SET \"totp_last_step\" = ?1 WHERE \"id\" = ?2 AND (\"totp_last_step\" IS NULL OR \"totp_last_step\" < ?1)",
            params![step, user_id],
        )?;
        Ok(n == 1)
    }

    fn record_login_failure(
        &mut self,
        user_id: i64,
        max: i64,
        lock_until: DateTime<Utc>,
    ) -> Result<(i64, bool), StoreError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let n: i64 = tx.query_row(
            "UPDATE \"web_users\" SET \"failed_logins\" = \"failed_logins\" + 1 WHERE \"id\" = ?1 RETURNING \"failed_logins\"",
            [user_id],
            |r| r.get(0),
        )?;
        let locked = n >= max;
        if locked {
            tx.execute(
                "UPDATE \"web_users\" SET \"failed_logins\" = 0, \"locked_until\" = ?1 WHERE \"id\" = ?2",
                params![ts(lock_until), user_id],
            )?;
        }
        tx.commit()?;
        Ok((n, locked))
    }

    fn clear_login_failures(&mut self, user_id: i64) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE \"web_users\" SET \"failed_logins\" = 0, \"locked_until\" = NULL WHERE \"id\" = ?1",
            [user_id],
        )?;
        Ok(())
    }

    fn set_disabled(&mut self, user_id: i64, disabled: bool) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE \"web_users\" SET \"disabled\" = ?1 WHERE \"id\" = ?2",
            params![i64::from(disabled), user_id],
        )?;
        Ok(())
    }

    fn create_session(&mut self, s: &WebSession) -> Result<(), StoreError> {
        self.conn.execute(
            &format!("INSERT INTO \"web_sessions\" ({SESSION_COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
            params![
                s.id_hash,
                s.user_id,
                s.realm,
                s.csrf_token,
                ts(s.created_at),
                ts(s.last_seen_at),
                s.ip,
                s.user_agent
            ],
        )?;
        Ok(())
    }

    fn session(&mut self, id_hash: &str) -> Result<Option<WebSession>, StoreError> {
        let raw = self
            .conn
            .prepare_cached(&format!("SELECT {SESSION_COLS} FROM \"web_sessions\" WHERE \"id_hash\" = ?1"))?
            .query_row([id_hash], raw_session)
            .optional()?;
        raw.map(build_session).transpose()
    }

    fn touch_session(&mut self, id_hash: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("UPDATE \"web_sessions\" SET \"last_seen_at\" = ?1 WHERE \"id_hash\" = ?2")?
            .execute(params![ts(at), id_hash])?;
        Ok(())
    }

    fn delete_session(&mut self, id_hash: &str) -> Result<(), StoreError> {
        self.conn.execute("DELETE FROM \"web_sessions\" WHERE \"id_hash\" = ?1", [id_hash])?;
        Ok(())
    }

    fn delete_user_sessions(&mut self, user_id: i64) -> Result<u64, StoreError> {
        Ok(self.conn.execute("DELETE FROM \"web_sessions\" WHERE \"user_id\" = ?1", [user_id])? as u64)
    }

    fn sessions(&mut self) -> Result<Vec<WebSession>, StoreError> {
        let raws = self
            .conn
            .prepare(&format!("SELECT {SESSION_COLS} FROM \"web_sessions\" ORDER BY \"created_at\" DESC"))?
            .query_map([], raw_session)?
            .collect::<Result<Vec<_>, _>>()?;
        raws.into_iter().map(build_session).collect()
    }

    fn purge_sessions(&mut self, idle_before: DateTime<Utc>, created_before: DateTime<Utc>) -> Result<u64, StoreError> {
        Ok(self.conn.execute(
            "DELETE FROM \"web_sessions\" WHERE \"last_seen_at\" < ?1 OR \"created_at\" < ?2",
            params![ts(idle_before), ts(created_before)],
        )? as u64)
    }

    fn create_token(&mut self, user_id: i64, name: &str, hash: &str, at: DateTime<Utc>) -> Result<i64, StoreError> {
        self.conn.execute(
            "INSERT INTO \"web_tokens\" (\"user_id\", \"name\", \"token_hash\", \"created_at\") VALUES (?1, ?2, ?3, ?4)",
            params![user_id, name, hash, ts(at)],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    fn token_by_hash(&mut self, hash: &str) -> Result<Option<ApiToken>, StoreError> {
        let raw = self
            .conn
            .prepare_cached(&format!(
                "SELECT {TOKEN_COLS} FROM \"web_tokens\" WHERE \"token_hash\" = ?1 AND \"revoked_at\" IS NULL"
            ))?
            .query_row([hash], raw_token)
            .optional()?;
        raw.map(build_token).transpose()
    }

    fn tokens(&mut self, user_id: Option<i64>) -> Result<Vec<ApiToken>, StoreError> {
        let raws = self
            .conn
            .prepare(&format!(
                "SELECT {TOKEN_COLS} FROM \"web_tokens\" WHERE ?1 IS NULL OR \"user_id\" = ?1 ORDER BY \"id\""
            ))?
            .query_map([user_id], raw_token)?
            .collect::<Result<Vec<_>, _>>()?;
        raws.into_iter().map(build_token).collect()
    }

    fn revoke_token(&mut self, id: i64, at: DateTime<Utc>) -> Result<bool, StoreError> {
        let n = self.conn.execute(
            "UPDATE \"web_tokens\" SET \"revoked_at\" = ?1 WHERE \"id\" = ?2 AND \"revoked_at\" IS NULL",
            params![ts(at), id],
        )?;
        Ok(n == 1)
    }

    fn touch_token(&mut self, id: i64, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("UPDATE \"web_tokens\" SET \"last_used_at\" = ?1 WHERE \"id\" = ?2")?
            .execute(params![ts(at), id])?;
        Ok(())
    }

    fn append_audit(&mut self, e: &NewAudit<'_>, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "INSERT INTO \"audit\" (\"at\", \"actor\", \"action\", \"outcome\", \"target\", \"ip\", \"detail\") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![ts(at), e.actor, e.action, e.outcome, e.target, e.ip, e.detail])?;
        Ok(())
    }

    fn audit_events(&mut self, f: &AuditFilter) -> Result<Vec<AuditEvent>, StoreError> {
        let sql = format!(
            "SELECT {AUDIT_COLUMNS} FROM \"audit\" WHERE (?1 IS NULL OR \"actor\" = ?1) AND (?2 IS NULL OR \"action\" = ?2) AND (?3 IS NULL OR \"at\" >= ?3) AND (?4 IS NULL OR \"at\" < ?4) ORDER BY \"id\" DESC LIMIT ?5 OFFSET ?6"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let raws = stmt
            .query_map(params![f.actor, f.action, f.since.map(ts), f.until.map(ts), f.limit, f.offset], raw_audit)?
            .collect::<Result<Vec<_>, _>>()?;
        raws.into_iter().map(audit_event).collect()
    }

    fn audit_after(&mut self, after_id: i64, limit: u32, only_pending: bool) -> Result<Vec<AuditEvent>, StoreError> {
        let sql = format!(
            "SELECT {AUDIT_COLUMNS} FROM \"audit\" WHERE \"id\" > ?1 AND (?2 = 0 OR \"log_index\" IS NULL) ORDER BY \"id\" LIMIT ?3"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let raws = stmt.query_map(params![after_id, only_pending, limit], raw_audit)?.collect::<Result<Vec<_>, _>>()?;
        raws.into_iter().map(audit_event).collect()
    }

    fn mark_audit_logged(&mut self, origin: &str, placed: &[(i64, u64)]) -> Result<u64, StoreError> {
        let tx = self.conn.transaction()?;
        let mut n = 0;
        {
            let mut stmt = tx.prepare_cached(
                "UPDATE \"audit\" SET \"log_origin\" = ?1, \"log_index\" = ?2 WHERE \"id\" = ?3 AND \"log_index\" IS NULL",
            )?;
            for (id, index) in placed {
                let index =
                    i64::try_from(*index).map_err(|_| StoreError::Corrupt(format!("log index {index} > i64::MAX")))?;
                n += stmt.execute(params![origin, index, id])? as u64;
            }
        }
        tx.commit()?;
        Ok(n)
    }

    fn instance_id(&mut self) -> Result<String, StoreError> {
        Ok(self.conn.query_row("SELECT \"id\" FROM \"instance\" LIMIT 1", [], |r| r.get(0))?)
    }

    fn imports_log(&mut self, limit: u32) -> Result<Vec<ImportRecord>, StoreError> {
        let raws = self
            .conn
            .prepare(
                "SELECT \"id\", \"imported_at\", \"kind\", \"source\", \"mode\", \"rows\" FROM \"imports\" ORDER BY \"id\" DESC LIMIT ?1",
            )?
            .query_map([limit], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        raws.into_iter()
            .map(|(id, at, kind, source, mode, rows)| {
                Ok(ImportRecord { id, imported_at: parse_ts(&at)?, kind, source, mode, rows })
            })
            .collect()
    }

    fn run_unit_counts(&mut self, run_ids: &[i64]) -> Result<Vec<RunUnitCount>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT \"run_id\", \"rule\", \"status\", \"units\", COUNT(*) FROM \"run_findings\" WHERE \"run_id\" = ?1 GROUP BY \"run_id\", \"rule\", \"status\", \"units\"",
        )?;
        let mut out = Vec::new();
        for id in run_ids {
            let rows = stmt.query_map([id], |r| {
                Ok(RunUnitCount {
                    run_id: r.get(0)?,
                    rule: r.get(1)?,
                    status: r.get(2)?,
                    units: r.get(3)?,
                    count: r.get(4)?,
                })
            })?;
            for r in rows {
                out.push(r?);
            }
        }
        Ok(out)
    }
}

const AUDIT_COLUMNS: &str =
    "\"id\", \"at\", \"actor\", \"action\", \"outcome\", \"target\", \"ip\", \"detail\", \"log_origin\", \"log_index\"";

type RawAudit = (
    i64,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
);

fn raw_audit(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawAudit> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?))
}

fn audit_event(r: RawAudit) -> Result<AuditEvent, StoreError> {
    let (id, at, actor, action, outcome, target, ip, detail, log_origin, log_index) = r;
    Ok(AuditEvent { id, at: parse_ts(&at)?, actor, action, outcome, target, ip, detail, log_origin, log_index })
}
