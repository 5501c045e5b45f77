-- Operational evidence (issue 6, part A): one table per kind, columns exactly
-- as in tuanthu-core's crates/core/src/evidence/schema_ops.rs (a test checks
-- they agree). Same conventions as 0001: `seq` keeps the source order.

CREATE TABLE "backup_plans" (
    "seq" BIGINT NOT NULL,
    "system_id" TEXT NOT NULL,
    "retention_days" BIGINT,
    "frequency" TEXT,
    "method" TEXT,
    "automatic" BOOLEAN,
    "external_medium" TEXT,
    "stored_apart" BOOLEAN,
    "restore_test_months" BIGINT,
    "document_no" TEXT,
    "approved_on" DATE,
    PRIMARY KEY ("system_id")
);
CREATE INDEX "backup_plans_seq" ON "backup_plans" ("seq");

CREATE TABLE "backup_runs" (
    "seq" BIGINT NOT NULL,
    "system_id" TEXT NOT NULL,
    "job" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ NOT NULL,
    "ended_at" TIMESTAMPTZ,
    "status" TEXT NOT NULL,
    "automatic" BOOLEAN,
    "external_copy_at" TIMESTAMPTZ,
    "medium" TEXT,
    "medium_label" TEXT,
    PRIMARY KEY ("system_id", "job", "started_at")
);
CREATE INDEX "backup_runs_seq" ON "backup_runs" ("seq");

CREATE TABLE "restore_tests" (
    "seq" BIGINT NOT NULL,
    "system_id" TEXT NOT NULL,
    "tested_on" DATE NOT NULL,
    "from_external_medium" BOOLEAN,
    "result" TEXT NOT NULL,
    "record_no" TEXT,
    "performed_by" TEXT,
    PRIMARY KEY ("system_id", "tested_on")
);
CREATE INDEX "restore_tests_seq" ON "restore_tests" ("seq");

CREATE TABLE "assessments" (
    "seq" BIGINT NOT NULL,
    "system_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "assessed_on" DATE NOT NULL,
    "performed_by" TEXT,
    "report_no" TEXT,
    "open_findings" BIGINT,
    PRIMARY KEY ("system_id", "kind", "assessed_on")
);
CREATE INDEX "assessments_seq" ON "assessments" ("seq");

CREATE TABLE "changes" (
    "seq" BIGINT NOT NULL,
    "change_id" TEXT NOT NULL,
    "system_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "description" TEXT,
    "plan" TEXT,
    "tested_on" DATE,
    "test_report" TEXT,
    "approved_by" TEXT,
    "approved_on" DATE,
    "applied_on" DATE,
    "rollback_plan" TEXT,
    "impact_assessment" TEXT,
    "level_reviewed_on" DATE,
    PRIMARY KEY ("change_id")
);
CREATE INDEX "changes_seq" ON "changes" ("seq");

CREATE TABLE "documents" (
    "seq" BIGINT NOT NULL,
    "system_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "document_no" TEXT NOT NULL,
    "title" TEXT,
    "approved_on" DATE,
    "approved_by" TEXT,
    "reviewed_on" DATE,
    "contents" TEXT,
    PRIMARY KEY ("system_id", "kind", "document_no")
);
CREATE INDEX "documents_seq" ON "documents" ("seq");

CREATE TABLE "network_devices" (
    "seq" BIGINT NOT NULL,
    "device" TEXT NOT NULL,
    "system_id" TEXT,
    "unit_code" TEXT,
    "role" TEXT,
    "model" TEXT,
    "location" TEXT,
    "management_ip" TEXT,
    PRIMARY KEY ("device")
);
CREATE INDEX "network_devices_seq" ON "network_devices" ("seq");

CREATE TABLE "network_ports" (
    "seq" BIGINT NOT NULL,
    "device" TEXT NOT NULL,
    "interface" TEXT NOT NULL,
    "status" TEXT,
    "shutdown" BOOLEAN,
    "mode" TEXT,
    "vlan" TEXT,
    "description" TEXT,
    "system_id" TEXT,
    "source" TEXT,
    PRIMARY KEY ("device", "interface")
);
CREATE INDEX "network_ports_seq" ON "network_ports" ("seq");

CREATE TABLE "config_backups" (
    "seq" BIGINT NOT NULL,
    "device" TEXT NOT NULL,
    "backed_up_at" TIMESTAMPTZ NOT NULL,
    "system_id" TEXT,
    "location" TEXT,
    PRIMARY KEY ("device", "backed_up_at")
);
CREATE INDEX "config_backups_seq" ON "config_backups" ("seq");

CREATE TABLE "endpoints" (
    "seq" BIGINT NOT NULL,
    "host" TEXT NOT NULL,
    "unit_code" TEXT,
    "system_id" TEXT,
    "antimalware_product" TEXT,
    "signatures_updated_at" TIMESTAMPTZ,
    "realtime_protection" BOOLEAN,
    PRIMARY KEY ("host")
);
CREATE INDEX "endpoints_seq" ON "endpoints" ("seq");

CREATE TABLE "test_environments" (
    "seq" BIGINT NOT NULL,
    "system_id" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "uses_production_data" BOOLEAN NOT NULL,
    "data_masked" BOOLEAN,
    "masking_method" TEXT,
    "declared_on" DATE,
    "declared_by" TEXT,
    PRIMARY KEY ("system_id", "environment")
);
CREATE INDEX "test_environments_seq" ON "test_environments" ("seq");
