-- Evidence tables: one per kind, columns exactly as in tuanthu-core's
-- evidence schema (crates/core/src/evidence/schema.rs); a test checks they agree.
-- `seq` keeps the order of the source file, so evaluation is deterministic
-- and identical on every backend.

CREATE TABLE "units" (
    "seq" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "parent_code" TEXT,
    "roles" TEXT,
    PRIMARY KEY ("code")
);
CREATE INDEX "units_seq" ON "units" ("seq");

CREATE TABLE "persons" (
    "seq" INTEGER NOT NULL,
    "person_id" TEXT NOT NULL,
    "full_name" TEXT NOT NULL,
    "unit_code" TEXT,
    "position" TEXT,
    "email" TEXT,
    "status" TEXT NOT NULL,
    "sensitive_position" INTEGER,
    "background_checked_on" TEXT,
    "nda_signed_on" TEXT,
    "hired_on" TEXT,
    PRIMARY KEY ("person_id")
);
CREATE INDEX "persons_seq" ON "persons" ("seq");

CREATE TABLE "hr_events" (
    "seq" INTEGER NOT NULL,
    "event_id" TEXT NOT NULL,
    "person_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "effective_date" TEXT NOT NULL,
    "decision_no" TEXT,
    "from_unit" TEXT,
    "to_unit" TEXT,
    PRIMARY KEY ("event_id")
);
CREATE INDEX "hr_events_seq" ON "hr_events" ("seq");

CREATE TABLE "systems" (
    "seq" INTEGER NOT NULL,
    "system_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "owner_unit" TEXT,
    "operator_unit" TEXT,
    "security_unit" TEXT,
    "level" INTEGER,
    "level_status" TEXT,
    "level_approved_by" TEXT,
    "level_approved_on" TEXT,
    "in_operation" INTEGER NOT NULL,
    "in_operation_since" TEXT,
    "internet_facing" INTEGER,
    "third_party_connected" INTEGER,
    PRIMARY KEY ("system_id")
);
CREATE INDEX "systems_seq" ON "systems" ("seq");

CREATE TABLE "accounts" (
    "seq" INTEGER NOT NULL,
    "system_id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "shared" INTEGER,
    "person_id" TEXT,
    "responsible_person_ids" TEXT,
    "status" TEXT NOT NULL,
    "created_on" TEXT,
    "disabled_on" TEXT,
    "rights_changed_on" TEXT,
    "last_login_at" TEXT,
    "password_changed_at" TEXT,
    "privileges" TEXT,
    PRIMARY KEY ("system_id", "username")
);
CREATE INDEX "accounts_seq" ON "accounts" ("seq");

CREATE TABLE "account_exceptions" (
    "seq" INTEGER NOT NULL,
    "exception_id" TEXT NOT NULL,
    "system_id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "requested_by_unit" TEXT,
    "reason" TEXT,
    "rights_kept" TEXT,
    "valid_from" TEXT,
    "valid_until" TEXT,
    "document_no" TEXT,
    PRIMARY KEY ("exception_id")
);
CREATE INDEX "account_exceptions_seq" ON "account_exceptions" ("seq");

CREATE TABLE "holidays" (
    "seq" INTEGER NOT NULL,
    "date" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT,
    PRIMARY KEY ("date")
);
CREATE INDEX "holidays_seq" ON "holidays" ("seq");

-- One row per file imported (audit of what the findings rest on).
CREATE TABLE "imports" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "imported_at" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "rows" INTEGER NOT NULL
);

-- One row per `check` run; findings needing attention are kept in full,
-- and counts of every status per rule and unit feed history and trends.
CREATE TABLE "check_runs" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "started_at" TEXT NOT NULL,
    "as_of" TEXT NOT NULL,
    "pack_id" TEXT NOT NULL,
    "rules" TEXT NOT NULL,
    "finding_count" INTEGER NOT NULL
);

CREATE TABLE "run_findings" (
    "run_id" INTEGER NOT NULL REFERENCES "check_runs" ("id") ON DELETE CASCADE,
    "seq" INTEGER NOT NULL,
    "rule" TEXT NOT NULL,
    "cite" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "subject_kind" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "due" TEXT,
    "overdue_days" INTEGER,
    "message_vi" TEXT NOT NULL,
    "message_en" TEXT NOT NULL,
    "evidence" TEXT NOT NULL,
    "units" TEXT NOT NULL,
    PRIMARY KEY ("run_id", "seq")
);

CREATE TABLE "run_counts" (
    "run_id" INTEGER NOT NULL REFERENCES "check_runs" ("id") ON DELETE CASCADE,
    "rule" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    PRIMARY KEY ("run_id", "rule", "unit", "status")
);
