-- Web console and API (issue 3): local users, their role grants on org-unit
-- subtrees, sessions, personal API tokens and the audit log (Điều 12.2-12.5).
-- Secrets are never stored in clear: passwords as argon2id PHC strings,
-- session ids and API tokens as SHA-256 hex digests.

CREATE TABLE "web_users" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "username" TEXT NOT NULL UNIQUE,
    "display_name" TEXT,
    "password_hash" TEXT NOT NULL,
    "password_changed_at" TEXT NOT NULL,
    "totp_secret" TEXT,
    "totp_last_step" INTEGER,
    "failed_logins" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TEXT,
    "disabled" INTEGER NOT NULL DEFAULT 0,
    "created_at" TEXT NOT NULL
);

-- One row per (role, unit subtree) granted; unit "*" = the whole organisation.
CREATE TABLE "web_user_roles" (
    "user_id" INTEGER NOT NULL REFERENCES "web_users" ("id") ON DELETE CASCADE,
    "role" TEXT NOT NULL,
    "unit_code" TEXT NOT NULL,
    PRIMARY KEY ("user_id", "role", "unit_code")
);

-- `realm` separates the service listener's sessions from the admin listener's.
CREATE TABLE "web_sessions" (
    "id_hash" TEXT NOT NULL PRIMARY KEY,
    "user_id" INTEGER NOT NULL REFERENCES "web_users" ("id") ON DELETE CASCADE,
    "realm" TEXT NOT NULL,
    "csrf_token" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "last_seen_at" TEXT NOT NULL,
    "ip" TEXT,
    "user_agent" TEXT
);
CREATE INDEX "web_sessions_user" ON "web_sessions" ("user_id");

CREATE TABLE "web_tokens" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "user_id" INTEGER NOT NULL REFERENCES "web_users" ("id") ON DELETE CASCADE,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL UNIQUE,
    "created_at" TEXT NOT NULL,
    "last_used_at" TEXT,
    "revoked_at" TEXT
);

-- Append-only: the code never updates or deletes audit rows (Điều 16.2).
CREATE TABLE "audit" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "at" TEXT NOT NULL,
    "actor" TEXT,
    "action" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "target" TEXT,
    "ip" TEXT,
    "detail" TEXT
);
CREATE INDEX "audit_at" ON "audit" ("at");
