-- Organisational evidence, part A (issue 5): people, assets, applications,
-- network. Columns exactly as crates/core/src/evidence/schema_org_a.rs.

CREATE TABLE "hr_reconciliations" (
    "seq" BIGINT NOT NULL,
    "reconciliation_id" TEXT NOT NULL,
    "unit_code" TEXT,
    "system_id" TEXT,
    "reconciled_on" DATE NOT NULL,
    "document_no" TEXT,
    PRIMARY KEY ("reconciliation_id")
);
CREATE INDEX "hr_reconciliations_seq" ON "hr_reconciliations" ("seq");

CREATE TABLE "account_reviews" (
    "seq" BIGINT NOT NULL,
    "review_id" TEXT NOT NULL,
    "system_id" TEXT NOT NULL,
    "reviewed_on" DATE NOT NULL,
    "reviewer" TEXT,
    "document_no" TEXT,
    PRIMARY KEY ("review_id")
);
CREATE INDEX "account_reviews_seq" ON "account_reviews" ("seq");

CREATE TABLE "lock_requests" (
    "seq" BIGINT NOT NULL,
    "request_id" TEXT NOT NULL,
    "system_id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "requested_by_unit" TEXT,
    "requested_on" DATE NOT NULL,
    "document_no" TEXT,
    "executed_on" DATE,
    PRIMARY KEY ("request_id")
);
CREATE INDEX "lock_requests_seq" ON "lock_requests" ("seq");

CREATE TABLE "trainings" (
    "seq" BIGINT NOT NULL,
    "person_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "trained_on" DATE NOT NULL,
    "course" TEXT,
    "provider" TEXT,
    PRIMARY KEY ("person_id", "kind", "trained_on")
);
CREATE INDEX "trainings_seq" ON "trainings" ("seq");

CREATE TABLE "training_needs" (
    "seq" BIGINT NOT NULL,
    "unit_code" TEXT NOT NULL,
    "year" BIGINT NOT NULL,
    "sent_on" DATE,
    "document_no" TEXT,
    PRIMARY KEY ("unit_code", "year")
);
CREATE INDEX "training_needs_seq" ON "training_needs" ("seq");

CREATE TABLE "handovers" (
    "seq" BIGINT NOT NULL,
    "record_no" TEXT NOT NULL,
    "person_id" TEXT NOT NULL,
    "hr_event_id" TEXT,
    "handover_date" DATE NOT NULL,
    "received_by" TEXT,
    "accounts" TEXT,
    "assets" TEXT,
    PRIMARY KEY ("record_no")
);
CREATE INDEX "handovers_seq" ON "handovers" ("seq");

CREATE TABLE "password_exposures" (
    "seq" BIGINT NOT NULL,
    "exposure_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "system_id" TEXT NOT NULL,
    "usernames" TEXT,
    "notified_on" DATE NOT NULL,
    "reference" TEXT,
    PRIMARY KEY ("exposure_id")
);
CREATE INDEX "password_exposures_seq" ON "password_exposures" ("seq");

CREATE TABLE "assets" (
    "seq" BIGINT NOT NULL,
    "asset_id" TEXT NOT NULL,
    "name" TEXT,
    "kind" TEXT NOT NULL,
    "category" TEXT,
    "roles" TEXT,
    "system_id" TEXT,
    "custodian_person" TEXT,
    "custodian_unit" TEXT,
    "location" TEXT,
    "sensitive_data" BOOLEAN,
    "has_storage" BOOLEAN,
    "networked" BOOLEAN,
    "internet_connected" BOOLEAN,
    "encrypted" BOOLEAN,
    "status" TEXT NOT NULL,
    "status_date" DATE,
    "acquired_on" DATE,
    PRIMARY KEY ("asset_id")
);
CREATE INDEX "assets_seq" ON "assets" ("seq");

CREATE TABLE "asset_events" (
    "seq" BIGINT NOT NULL,
    "event_id" TEXT NOT NULL,
    "asset_id" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "event_date" DATE NOT NULL,
    "external" BOOLEAN,
    "storage_removed" BOOLEAN,
    "wipe_method" TEXT,
    "data_recovery" BOOLEAN,
    "record_no" TEXT,
    PRIMARY KEY ("event_id")
);
CREATE INDEX "asset_events_seq" ON "asset_events" ("seq");

CREATE TABLE "local_admins" (
    "seq" BIGINT NOT NULL,
    "host" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "account_kind" TEXT,
    "collected_on" DATE,
    PRIMARY KEY ("host", "account")
);
CREATE INDEX "local_admins_seq" ON "local_admins" ("seq");

CREATE TABLE "removable_media_approvals" (
    "seq" BIGINT NOT NULL,
    "person_id" TEXT NOT NULL,
    "device" TEXT NOT NULL,
    "approved_by" TEXT,
    "approved_on" DATE,
    "encrypted" BOOLEAN,
    "purpose" TEXT,
    PRIMARY KEY ("person_id", "device")
);
CREATE INDEX "removable_media_approvals_seq" ON "removable_media_approvals" ("seq");

CREATE TABLE "app_configs" (
    "seq" BIGINT NOT NULL,
    "app_id" TEXT NOT NULL,
    "system_id" TEXT,
    "auth_required" BOOLEAN,
    "failed_login_limit" BIGINT,
    "session_timeout_minutes" BIGINT,
    "credentials_encrypted" BOOLEAN,
    "auto_login" BOOLEAN,
    "pwd_min_length" BIGINT,
    "pwd_min_classes" BIGINT,
    "pwd_forbid_username" BOOLEAN,
    "auth_delegated_to" TEXT,
    "remote_admin_protocols" TEXT,
    "admin_port_separate" BOOLEAN,
    "declared_on" DATE,
    PRIMARY KEY ("app_id")
);
CREATE INDEX "app_configs_seq" ON "app_configs" ("seq");

CREATE TABLE "access_paths" (
    "seq" BIGINT NOT NULL,
    "path_id" TEXT NOT NULL,
    "system_id" TEXT NOT NULL,
    "from_internet" BOOLEAN NOT NULL,
    "target" TEXT NOT NULL,
    "methods" TEXT NOT NULL,
    "description" TEXT,
    PRIMARY KEY ("path_id")
);
CREATE INDEX "access_paths_seq" ON "access_paths" ("seq");

CREATE TABLE "network_zones" (
    "seq" BIGINT NOT NULL,
    "zone_id" TEXT NOT NULL,
    "name" TEXT,
    "kind" TEXT NOT NULL,
    "wireless" BOOLEAN,
    "unit_code" TEXT,
    PRIMARY KEY ("zone_id")
);
CREATE INDEX "network_zones_seq" ON "network_zones" ("seq");

CREATE TABLE "zone_flows" (
    "seq" BIGINT NOT NULL,
    "from_zone" TEXT NOT NULL,
    "to_zone" TEXT NOT NULL,
    "action" TEXT,
    "services" TEXT,
    PRIMARY KEY ("from_zone", "to_zone")
);
CREATE INDEX "zone_flows_seq" ON "zone_flows" ("seq");
