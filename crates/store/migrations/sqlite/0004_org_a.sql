-- Organisational evidence, part A (issue 5): people, assets, applications,
-- network. Columns exactly as crates/core/src/evidence/schema_org_a.rs.

CREATE TABLE "hr_reconciliations" (
    "seq" INTEGER NOT NULL,
    "reconciliation_id" TEXT NOT NULL,
    "unit_code" TEXT,
    "system_id" TEXT,
    "reconciled_on" TEXT NOT NULL,
    "document_no" TEXT,
    PRIMARY KEY ("reconciliation_id")
);
CREATE INDEX "hr_reconciliations_seq" ON "hr_reconciliations" ("seq");

CREATE TABLE "account_reviews" (
    "seq" INTEGER NOT NULL,
    "review_id" TEXT NOT NULL,
    "system_id" TEXT NOT NULL,
    "reviewed_on" TEXT NOT NULL,
    "reviewer" TEXT,
    "document_no" TEXT,
    PRIMARY KEY ("review_id")
);
CREATE INDEX "account_reviews_seq" ON "account_reviews" ("seq");

CREATE TABLE "lock_requests" (
    "seq" INTEGER NOT NULL,
    "request_id" TEXT NOT NULL,
    "system_id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "requested_by_unit" TEXT,
    "requested_on" TEXT NOT NULL,
    "document_no" TEXT,
    "executed_on" TEXT,
    PRIMARY KEY ("request_id")
);
CREATE INDEX "lock_requests_seq" ON "lock_requests" ("seq");

CREATE TABLE "trainings" (
    "seq" INTEGER NOT NULL,
    "person_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "trained_on" TEXT NOT NULL,
    "course" TEXT,
    "provider" TEXT,
    PRIMARY KEY ("person_id", "kind", "trained_on")
);
CREATE INDEX "trainings_seq" ON "trainings" ("seq");

CREATE TABLE "training_needs" (
    "seq" INTEGER NOT NULL,
    "unit_code" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "sent_on" TEXT,
    "document_no" TEXT,
    PRIMARY KEY ("unit_code", "year")
);
CREATE INDEX "training_needs_seq" ON "training_needs" ("seq");

CREATE TABLE "handovers" (
    "seq" INTEGER NOT NULL,
    "record_no" TEXT NOT NULL,
    "person_id" TEXT NOT NULL,
    "hr_event_id" TEXT,
    "handover_date" TEXT NOT NULL,
    "received_by" TEXT,
    "accounts" TEXT,
    "assets" TEXT,
    PRIMARY KEY ("record_no")
);
CREATE INDEX "handovers_seq" ON "handovers" ("seq");

CREATE TABLE "password_exposures" (
    "seq" INTEGER NOT NULL,
    "exposure_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "system_id" TEXT NOT NULL,
    "usernames" TEXT,
    "notified_on" TEXT NOT NULL,
    "reference" TEXT,
    PRIMARY KEY ("exposure_id")
);
CREATE INDEX "password_exposures_seq" ON "password_exposures" ("seq");

CREATE TABLE "assets" (
    "seq" INTEGER NOT NULL,
    "asset_id" TEXT NOT NULL,
    "name" TEXT,
    "kind" TEXT NOT NULL,
    "category" TEXT,
    "roles" TEXT,
    "system_id" TEXT,
    "custodian_person" TEXT,
    "custodian_unit" TEXT,
    "location" TEXT,
    "sensitive_data" INTEGER,
    "has_storage" INTEGER,
    "networked" INTEGER,
    "internet_connected" INTEGER,
    "encrypted" INTEGER,
    "status" TEXT NOT NULL,
    "status_date" TEXT,
    "acquired_on" TEXT,
    PRIMARY KEY ("asset_id")
);
CREATE INDEX "assets_seq" ON "assets" ("seq");

CREATE TABLE "asset_events" (
    "seq" INTEGER NOT NULL,
    "event_id" TEXT NOT NULL,
    "asset_id" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "event_date" TEXT NOT NULL,
    "external" INTEGER,
    "storage_removed" INTEGER,
    "wipe_method" TEXT,
    "data_recovery" INTEGER,
    "record_no" TEXT,
    PRIMARY KEY ("event_id")
);
CREATE INDEX "asset_events_seq" ON "asset_events" ("seq");

CREATE TABLE "local_admins" (
    "seq" INTEGER NOT NULL,
    "host" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "account_kind" TEXT,
    "collected_on" TEXT,
    PRIMARY KEY ("host", "account")
);
CREATE INDEX "local_admins_seq" ON "local_admins" ("seq");

CREATE TABLE "removable_media_approvals" (
    "seq" INTEGER NOT NULL,
    "person_id" TEXT NOT NULL,
    "device" TEXT NOT NULL,
    "approved_by" TEXT,
    "approved_on" TEXT,
    "encrypted" INTEGER,
    "purpose" TEXT,
    PRIMARY KEY ("person_id", "device")
);
CREATE INDEX "removable_media_approvals_seq" ON "removable_media_approvals" ("seq");

CREATE TABLE "app_configs" (
    "seq" INTEGER NOT NULL,
    "app_id" TEXT NOT NULL,
    "system_id" TEXT,
    "auth_required" INTEGER,
    "failed_login_limit" INTEGER,
    "session_timeout_minutes" INTEGER,
    "credentials_encrypted" INTEGER,
    "auto_login" INTEGER,
    "pwd_min_length" INTEGER,
    "pwd_min_classes" INTEGER,
    "pwd_forbid_username" INTEGER,
    "auth_delegated_to" TEXT,
    "remote_admin_protocols" TEXT,
    "admin_port_separate" INTEGER,
    "declared_on" TEXT,
    PRIMARY KEY ("app_id")
);
CREATE INDEX "app_configs_seq" ON "app_configs" ("seq");

CREATE TABLE "access_paths" (
    "seq" INTEGER NOT NULL,
    "path_id" TEXT NOT NULL,
    "system_id" TEXT NOT NULL,
    "from_internet" INTEGER NOT NULL,
    "target" TEXT NOT NULL,
    "methods" TEXT NOT NULL,
    "description" TEXT,
    PRIMARY KEY ("path_id")
);
CREATE INDEX "access_paths_seq" ON "access_paths" ("seq");

CREATE TABLE "network_zones" (
    "seq" INTEGER NOT NULL,
    "zone_id" TEXT NOT NULL,
    "name" TEXT,
    "kind" TEXT NOT NULL,
    "wireless" INTEGER,
    "unit_code" TEXT,
    PRIMARY KEY ("zone_id")
);
CREATE INDEX "network_zones_seq" ON "network_zones" ("seq");

CREATE TABLE "zone_flows" (
    "seq" INTEGER NOT NULL,
    "from_zone" TEXT NOT NULL,
    "to_zone" TEXT NOT NULL,
    "action" TEXT,
    "services" TEXT,
    PRIMARY KEY ("from_zone", "to_zone")
);
CREATE INDEX "zone_flows_seq" ON "zone_flows" ("seq");
