-- Operational evidence (issue 6, part A): one table per kind, columns exactly
-- as in tuanthu-core's crates/core/src/evidence/schema_ops.rs (a test checks
-- they agree). Same conventions as 0001: `seq` keeps the source order.

CREATE TABLE "backup_plans" (
    "seq" INTEGER NOT NULL,
    "system_id" TEXT NOT NULL,
    "retention_days" INTEGER,
    "frequency" TEXT,
    "method" TEXT,
    "automatic" INTEGER,
    "external_medium" TEXT,
    "stored_apart" INTEGER,
    "restore_test_months" INTEGER,
    "document_no" TEXT,
    "approved_on" TEXT,
    PRIMARY KEY ("system_id")
);
CREATE INDEX "backup_plans_seq" ON "backup_plans" ("seq");

CREATE TABLE "backup_runs" (
    "seq" INTEGER NOT NULL,
    "system_id" TEXT NOT NULL,
    "job" TEXT NOT NULL,
    "started_at" TEXT NOT NULL,
    "ended_at" TEXT,
    "status" TEXT NOT NULL,
    "automatic" INTEGER,
    "external_copy_at" TEXT,
    "medium" TEXT,
    "medium_label" TEXT,
    PRIMARY KEY ("system_id", "job", "started_at")
);
CREATE INDEX "backup_runs_seq" ON "backup_runs" ("seq");

CREATE TABLE "restore_tests" (
    "seq" INTEGER NOT NULL,
    "system_id" TEXT NOT NULL,
    "tested_on" TEXT NOT NULL,
    "from_external_medium" INTEGER,
    "result" TEXT NOT NULL,
    "record_no" TEXT,
    "performed_by" TEXT,
    PRIMARY KEY ("system_id", "tested_on")
);
CREATE INDEX "restore_tests_seq" ON "restore_tests" ("seq");

CREATE TABLE "assessments" (
    "seq" INTEGER NOT NULL,
    "system_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "assessed_on" TEXT NOT NULL,
    "performed_by" TEXT,
    "report_no" TEXT,
    "open_findings" INTEGER,
    PRIMARY KEY ("system_id", "kind", "assessed_on")
);
CREATE INDEX "assessments_seq" ON "assessments" ("seq");

CREATE TABLE "changes" (
    "seq" INTEGER NOT NULL,
    "change_id" TEXT NOT NULL,
    "system_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "description" TEXT,
    "plan" TEXT,
    "tested_on" TEXT,
    "test_report" TEXT,
    "approved_by" TEXT,
    "approved_on" TEXT,
    "applied_on" TEXT,
    "rollback_plan" TEXT,
    "impact_assessment" TEXT,
    "level_reviewed_on" TEXT,
    PRIMARY KEY ("change_id")
);
CREATE INDEX "changes_seq" ON "changes" ("seq");

CREATE TABLE "documents" (
    "seq" INTEGER NOT NULL,
    "system_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "document_no" TEXT NOT NULL,
    "title" TEXT,
    "approved_on" TEXT,
    "approved_by" TEXT,
    "reviewed_on" TEXT,
    "contents" TEXT,
    PRIMARY KEY ("system_id", "kind", "document_no")
);
CREATE INDEX "documents_seq" ON "documents" ("seq");

CREATE TABLE "network_devices" (
    "seq" INTEGER NOT NULL,
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
    "seq" INTEGER NOT NULL,
    "device" TEXT NOT NULL,
    "interface" TEXT NOT NULL,
    "status" TEXT,
    "shutdown" INTEGER,
    "mode" TEXT,
    "vlan" TEXT,
    "description" TEXT,
    "system_id" TEXT,
    "source" TEXT,
    PRIMARY KEY ("device", "interface")
);
CREATE INDEX "network_ports_seq" ON "network_ports" ("seq");

CREATE TABLE "config_backups" (
    "seq" INTEGER NOT NULL,
    "device" TEXT NOT NULL,
    "backed_up_at" TEXT NOT NULL,
    "system_id" TEXT,
    "location" TEXT,
    PRIMARY KEY ("device", "backed_up_at")
);
CREATE INDEX "config_backups_seq" ON "config_backups" ("seq");

CREATE TABLE "endpoints" (
    "seq" INTEGER NOT NULL,
    "host" TEXT NOT NULL,
    "unit_code" TEXT,
    "system_id" TEXT,
    "antimalware_product" TEXT,
    "signatures_updated_at" TEXT,
    "realtime_protection" INTEGER,
    PRIMARY KEY ("host")
);
CREATE INDEX "endpoints_seq" ON "endpoints" ("seq");

CREATE TABLE "test_environments" (
    "seq" INTEGER NOT NULL,
    "system_id" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "uses_production_data" INTEGER NOT NULL,
    "data_masked" INTEGER,
    "masking_method" TEXT,
    "declared_on" TEXT,
    "declared_by" TEXT,
    PRIMARY KEY ("system_id", "environment")
);
CREATE INDEX "test_environments_seq" ON "test_environments" ("seq");
