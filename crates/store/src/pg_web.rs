//! [`WebBackend`] on PostgreSQL.

use chrono::{DateTime, Utc};
use postgres::Row;

use super::PgBackend;
use crate::web::{
    group_grants, ApiToken, AuditEvent, AuditFilter, Grant, ImportRecord, NewAudit, NewUser, RunUnitCount, WebBackend,
    WebSession, WebUser,
};
use crate::StoreError;

const USER_COLS: &str = "\"id\", \"username\", \"display_name\", \"password_hash\", \"password_changed_at\", \"totp_secret\", \"totp_last_step\", \"failed_logins\", \"locked_until\", \"disabled\", \"created_at\"";
const SESSION_COLS: &str =
    "\"id_hash\", \"user_id\", \"realm\", \"csrf_token\", \"created_at\", \"last_seen_at\", \"ip\", \"user_agent\"";
const TOKEN_COLS: &str = "\"id\", \"user_id\", \"name\", \"created_at\", \"last_used_at\", \"revoked_at\"";

fn user(r: &Row, grants: Vec<Grant>) -> Result<WebUser, StoreError> {
    Ok(WebUser {
        id: r.try_get(0)?,
        username: r.try_get(1)?,
        display_name: r.try_get(2)?,
        password_hash: r.try_get(3)?,
        password_changed_at: r.try_get(4)?,
        totp_secret: r.try_get(5)?,
        totp_last_step: r.try_get(6)?,
        failed_logins: r.try_get(7)?,
        locked_until: r.try_get(8)?,
        disabled: r.try_get(9)?,
        created_at: r.try_get(10)?,
        grants,
    })
}

fn session(r: &Row) -> Result<WebSession, StoreError> {
    Ok(WebSession {
        id_hash: r.try_get(0)?,
        user_id: r.try_get(1)?,
        realm: r.try_get(2)?,
        csrf_token: r.try_get(3)?,
        created_at: r.try_get(4)?,
        last_seen_at: r.try_get(5)?,
        ip: r.try_get(6)?,
        user_agent: r.try_get(7)?,
    })
}

fn token(r: &Row) -> Result<ApiToken, StoreError> {
    Ok(ApiToken {
        id: r.try_get(0)?,
        user_id: r.try_get(1)?,
        name: r.try_get(2)?,
        created_at: r.try_get(3)?,
        last_used_at: r.try_get(4)?,
        revoked_at: r.try_get(5)?,
    })
}

impl PgBackend {
    fn grants_of(&mut self, user_id: i64) -> Result<Vec<Grant>, StoreError> {
        let rows = self.client.query(
            "SELECT \"user_id\", \"role\", \"unit_code\" FROM \"web_user_roles\" WHERE \"user_id\" = $1",
            &[&user_id],
        )?;
        let rows = rows.iter().map(|r| (r.get(0), r.get(1), r.get(2))).collect();
        Ok(group_grants(rows).remove(&user_id).unwrap_or_default())
    }

    fn user_where(
        &mut self,
        clause: &str,
        param: &(dyn postgres::types::ToSql + Sync),
    ) -> Result<Option<WebUser>, StoreError> {
        let row = self.client.query_opt(&format!("SELECT {USER_COLS} FROM \"web_users\" WHERE {clause}"), &[param])?;
        match row {
            Some(r) => {
                let id: i64 = r.try_get(0)?;
                let grants = self.grants_of(id)?;
                Ok(Some(user(&r, grants)?))
            }
            None => Ok(None),
        }
    }
}

impl WebBackend for PgBackend {
    fn create_user(&mut self, u: &NewUser<'_>, at: DateTime<Utc>) -> Result<i64, StoreError> {
        let mut tx = self.client.transaction()?;
        let id: i64 = tx
            .query_one(
                "INSERT INTO \"web_users\" (\"username\", \"display_name\", \"password_hash\", \"password_changed_at\", \"totp_secret\", \"created_at\") VALUES ($1, $2, $3, $4, $5, $4) RETURNING \"id\"",
                &[&u.username, &u.display_name, &u.password_hash, &at, &u.totp_secret],
            )?
            .get(0);
        for g in u.grants {
            tx.execute(
                "INSERT INTO \"web_user_roles\" (\"user_id\", \"role\", \"unit_code\") VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                &[&id, &g.role, &g.unit],
            )?;
        }
        tx.commit()?;
        Ok(id)
    }

    fn user_by_name(&mut self, username: &str) -> Result<Option<WebUser>, StoreError> {
        self.user_where("\"username\" = $1", &username)
    }

    fn user_by_id(&mut self, id: i64) -> Result<Option<WebUser>, StoreError> {
        self.user_where("\"id\" = $1", &id)
    }

    fn users(&mut self) -> Result<Vec<WebUser>, StoreError> {
        let rows = self.client.query(&format!("SELECT {USER_COLS} FROM \"web_users\" ORDER BY \"username\""), &[])?;
        let grant_rows =
            self.client.query("SELECT \"user_id\", \"role\", \"unit_code\" FROM \"web_user_roles\"", &[])?;
        let mut grants = group_grants(grant_rows.iter().map(|r| (r.get(0), r.get(1), r.get(2))).collect());
        rows.iter()
            .map(|r| {
                let id: i64 = r.try_get(0)?;
                user(r, grants.remove(&id).unwrap_or_default())
            })
            .collect()
    }

    fn set_grants(&mut self, user_id: i64, grants: &[Grant]) -> Result<(), StoreError> {
        let mut tx = self.client.transaction()?;
        tx.execute("DELETE FROM \"web_user_roles\" WHERE \"user_id\" = $1", &[&user_id])?;
        for g in grants {
            tx.execute(
                "INSERT INTO \"web_user_roles\" (\"user_id\", \"role\", \"unit_code\") VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                &[&user_id, &g.role, &g.unit],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    fn set_password(&mut self, user_id: i64, hash: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.client.execute(
            "UPDATE \"web_users\" SET \"password_hash\" = $1, \"password_changed_at\" = $2 WHERE \"id\" = $3",
            &[&hash, &at, &user_id],
        )?;
        Ok(())
    }

    fn set_totp_secret(&mut self, user_id: i64, secret: Option<&str>) -> Result<(), StoreError> {
        self.client.execute(
            "UPDATE \"web_users\" SET \"totp_secret\" = $1, \"totp_last_step\" = NULL WHERE \"id\" = $2",
            &[&secret, &user_id],
        )?;
        Ok(())
    }

    fn use_totp_step(&mut self, user_id: i64, step: i64) -> Result<bool, StoreError> {
        let n = self.client.execute(
            "UPDATE \"web_users\" SET \"totp_last_step\" = $1 WHERE \"id\" = $2 AND (\"totp_last_step\" IS NULL OR \"totp_last_step\" < $1)",
            &[&step, &user_id],
        )?;
        Ok(n == 1)
    }

    fn record_login_failure(
        &mut self,
        user_id: i64,
        max: i64,
        lock_until: DateTime<Utc>,
    ) -> Result<(i64, bool), StoreError> {
        let mut tx = self.client.transaction()?;
        let n: i64 = tx
            .query_one(
                "UPDATE \"web_users\" SET \"failed_logins\" = \"failed_logins\" + 1 WHERE \"id\" = $1 RETURNING \"failed_logins\"",
                &[&user_id],
            )?
            .get(0);
        let locked = n >= max;
        if locked {
            tx.execute(
                "UPDATE \"web_users\" SET \"failed_logins\" = 0, \"locked_until\" = $1 WHERE \"id\" = $2",
                &[&lock_until, &user_id],
            )?;
        }
        tx.commit()?;
        Ok((n, locked))
    }

    fn clear_login_failures(&mut self, user_id: i64) -> Result<(), StoreError> {
        self.client.execute(
            "UPDATE \"web_users\" SET \"failed_logins\" = 0, \"locked_until\" = NULL WHERE \"id\" = $1",
            &[&user_id],
        )?;
        Ok(())
    }

    fn set_disabled(&mut self, user_id: i64, disabled: bool) -> Result<(), StoreError> {
        self.client.execute("UPDATE \"web_users\" SET \"disabled\" = $1 WHERE \"id\" = $2", &[&disabled, &user_id])?;
        Ok(())
    }

    fn create_session(&mut self, s: &WebSession) -> Result<(), StoreError> {
        self.client.execute(
            &format!("INSERT INTO \"web_sessions\" ({SESSION_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"),
            &[&s.id_hash, &s.user_id, &s.realm, &s.csrf_token, &s.created_at, &s.last_seen_at, &s.ip, &s.user_agent],
        )?;
        Ok(())
    }

    fn session(&mut self, id_hash: &str) -> Result<Option<WebSession>, StoreError> {
        self.client
            .query_opt(&format!("SELECT {SESSION_COLS} FROM \"web_sessions\" WHERE \"id_hash\" = $1"), &[&id_hash])?
            .as_ref()
            .map(session)
            .transpose()
    }

    fn touch_session(&mut self, id_hash: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.client
            .execute("UPDATE \"web_sessions\" SET \"last_seen_at\" = $1 WHERE \"id_hash\" = $2", &[&at, &id_hash])?;
        Ok(())
    }

    fn delete_session(&mut self, id_hash: &str) -> Result<(), StoreError> {
        self.client.execute("DELETE FROM \"web_sessions\" WHERE \"id_hash\" = $1", &[&id_hash])?;
        Ok(())
    }

    fn delete_user_sessions(&mut self, user_id: i64) -> Result<u64, StoreError> {
        Ok(self.client.execute("DELETE FROM \"web_sessions\" WHERE \"user_id\" = $1", &[&user_id])?)
    }

    fn sessions(&mut self) -> Result<Vec<WebSession>, StoreError> {
        self.client
            .query(&format!("SELECT {SESSION_COLS} FROM \"web_sessions\" ORDER BY \"created_at\" DESC"), &[])?
            .iter()
            .map(session)
            .collect()
    }

    fn purge_sessions(&mut self, idle_before: DateTime<Utc>, created_before: DateTime<Utc>) -> Result<u64, StoreError> {
        Ok(self.client.execute(
            "DELETE FROM \"web_sessions\" WHERE \"last_seen_at\" < $1 OR \"created_at\" < $2",
            &[&idle_before, &created_before],
        )?)
    }

    fn create_token(&mut self, user_id: i64, name: &str, hash: &str, at: DateTime<Utc>) -> Result<i64, StoreError> {
        Ok(self
            .client
            .query_one(
                "INSERT INTO \"web_tokens\" (\"user_id\", \"name\", \"token_hash\", \"created_at\") VALUES ($1, $2, $3, $4) RETURNING \"id\"",
                &[&user_id, &name, &hash, &at],
            )?
            .get(0))
    }

    fn token_by_hash(&mut self, hash: &str) -> Result<Option<ApiToken>, StoreError> {
        self.client
            .query_opt(
                &format!(
                    "SELECT {TOKEN_COLS} FROM \"web_tokens\" WHERE \"token_hash\" = $1 AND \"revoked_at\" IS NULL"
                ),
                &[&hash],
            )?
            .as_ref()
            .map(token)
            .transpose()
    }

    fn tokens(&mut self, user_id: Option<i64>) -> Result<Vec<ApiToken>, StoreError> {
        self.client
            .query(
                &format!(
                    "SELECT {TOKEN_COLS} FROM \"web_tokens\" WHERE $1::BIGINT IS NULL OR \"user_id\" = $1 ORDER BY \"id\""
                ),
                &[&user_id],
            )?
            .iter()
            .map(token)
            .collect()
    }

    fn revoke_token(&mut self, id: i64, at: DateTime<Utc>) -> Result<bool, StoreError> {
        Ok(self.client.execute(
            "UPDATE \"web_tokens\" SET \"revoked_at\" = $1 WHERE \"id\" = $2 AND \"revoked_at\" IS NULL",
            &[&at, &id],
        )? == 1)
    }

    fn touch_token(&mut self, id: i64, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.client.execute("UPDATE \"web_tokens\" SET \"last_used_at\" = $1 WHERE \"id\" = $2", &[&at, &id])?;
        Ok(())
    }

    fn append_audit(&mut self, e: &NewAudit<'_>, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.client.execute(
            "INSERT INTO \"audit\" (\"at\", \"actor\", \"action\", \"outcome\", \"target\", \"ip\", \"detail\") VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[&at, &e.actor, &e.action, &e.outcome, &e.target, &e.ip, &e.detail],
        )?;
        Ok(())
    }

    fn audit_events(&mut self, f: &AuditFilter) -> Result<Vec<AuditEvent>, StoreError> {
        let rows = self.client.query(
            &format!("SELECT {AUDIT_COLUMNS} FROM \"audit\" WHERE ($1::TEXT IS NULL OR \"actor\" = $1) AND ($2::TEXT IS NULL OR \"action\" = $2) AND ($3::TIMESTAMPTZ IS NULL OR \"at\" >= $3) AND ($4::TIMESTAMPTZ IS NULL OR \"at\" < $4) ORDER BY \"id\" DESC LIMIT $5 OFFSET $6"),
            &[&f.actor, &f.action, &f.since, &f.until, &i64::from(f.limit), &i64::from(f.offset)],
        )?;
        rows.iter().map(audit_event).collect()
    }

    fn audit_after(&mut self, after_id: i64, limit: u32, only_pending: bool) -> Result<Vec<AuditEvent>, StoreError> {
        let rows = self.client.query(
            &format!("SELECT {AUDIT_COLUMNS} FROM \"audit\" WHERE \"id\" > $1 AND (NOT $2 OR \"log_index\" IS NULL) ORDER BY \"id\" LIMIT $3"),
            &[&after_id, &only_pending, &i64::from(limit)],
        )?;
        rows.iter().map(audit_event).collect()
    }

    fn mark_audit_logged(&mut self, origin: &str, placed: &[(i64, u64)]) -> Result<u64, StoreError> {
        let mut tx = self.client.transaction()?;
        let stmt = tx.prepare(
            "UPDATE \"audit\" SET \"log_origin\" = $1, \"log_index\" = $2 WHERE \"id\" = $3 AND \"log_index\" IS NULL",
        )?;
        let mut n = 0;
        for (id, index) in placed {
            let index =
                i64::try_from(*index).map_err(|_| StoreError::Corrupt(format!("log index {index} > i64::MAX")))?;
            n += tx.execute(&stmt, &[&origin, &index, id])?;
        }
        tx.commit()?;
        Ok(n)
    }

    fn instance_id(&mut self) -> Result<String, StoreError> {
        Ok(self.client.query_one("SELECT \"id\" FROM \"instance\" LIMIT 1", &[])?.try_get(0)?)
    }

    fn imports_log(&mut self, limit: u32) -> Result<Vec<ImportRecord>, StoreError> {
        let rows = self.client.query(
            "SELECT \"id\", \"imported_at\", \"kind\", \"source\", \"mode\", \"rows\" FROM \"imports\" ORDER BY \"id\" DESC LIMIT $1",
            &[&i64::from(limit)],
        )?;
        rows.iter()
            .map(|r| {
                Ok(ImportRecord {
                    id: r.try_get(0)?,
                    imported_at: r.try_get(1)?,
                    kind: r.try_get(2)?,
                    source: r.try_get(3)?,
                    mode: r.try_get(4)?,
                    rows: r.try_get(5)?,
                })
            })
            .collect()
    }

    fn run_unit_counts(&mut self, run_ids: &[i64]) -> Result<Vec<RunUnitCount>, StoreError> {
        let rows = self.client.query(
            "SELECT \"run_id\", \"rule\", \"status\", \"units\", COUNT(*) FROM \"run_findings\" WHERE \"run_id\" = ANY($1) GROUP BY \"run_id\", \"rule\", \"status\", \"units\"",
            &[&run_ids],
        )?;
        rows.iter()
            .map(|r| {
                Ok(RunUnitCount {
                    run_id: r.try_get(0)?,
                    rule: r.try_get(1)?,
                    status: r.try_get(2)?,
                    units: r.try_get(3)?,
                    count: r.try_get(4)?,
                })
            })
            .collect()
    }
}

const AUDIT_COLUMNS: &str =
    "\"id\", \"at\", \"actor\", \"action\", \"outcome\", \"target\", \"ip\", \"detail\", \"log_origin\", \"log_index\"";

fn audit_event(r: &postgres::Row) -> Result<AuditEvent, StoreError> {
    Ok(AuditEvent {
        id: r.try_get(0)?,
        at: r.try_get(1)?,
        actor: r.try_get(2)?,
        action: r.try_get(3)?,
        outcome: r.try_get(4)?,
        target: r.try_get(5)?,
        ip: r.try_get(6)?,
        detail: r.try_get(7)?,
        log_origin: r.try_get(8)?,
        log_index: r.try_get(9)?,
    })
}
