-- Third parties (Điều 25-27), monitoring, alerts, incident response and
-- reports (Điều 28-30, 32): issue 5, part B. Same conventions as 0001.

ALTER TABLE "systems" ADD COLUMN "national_security" INTEGER;

CREATE TABLE "vendors" (
    "seq" INTEGER NOT NULL,
    "vendor_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tax_code" TEXT,
    "focal_unit" TEXT,
    PRIMARY KEY ("vendor_id")
);
CREATE INDEX "vendors_seq" ON "vendors" ("seq");

CREATE TABLE "contracts" (
    "seq" INTEGER NOT NULL,
    "contract_id" TEXT NOT NULL,
    "vendor_id" TEXT NOT NULL,
    "unit_code" TEXT,
    "service" TEXT,
    "system_ids" TEXT,
    "signed_on" TEXT,
    "start_date" TEXT NOT NULL,
    "end_date" TEXT,
    "clause_security_duties" INTEGER,
    "clause_non_disclosure" INTEGER,
    "clause_vulnerability_patching" INTEGER,
    "clause_violation_handling" INTEGER,
    "clause_damages_liability" INTEGER,
    "admin_functions" TEXT,
    "access_revoked_on" TEXT,
    "keys_handed_over" INTEGER,
    "keys_changed_on" TEXT,
    PRIMARY KEY ("contract_id")
);
CREATE INDEX "contracts_seq" ON "contracts" ("seq");

CREATE TABLE "vendor_staff" (
    "seq" INTEGER NOT NULL,
    "vendor_id" TEXT NOT NULL,
    "full_name" TEXT NOT NULL,
    "contract_id" TEXT,
    "role" TEXT,
    "approved_on" TEXT,
    "approved_by_unit" TEXT,
    "nda_signed_on" TEXT,
    PRIMARY KEY ("vendor_id", "full_name")
);
CREATE INDEX "vendor_staff_seq" ON "vendor_staff" ("seq");

CREATE TABLE "vendor_service_log" (
    "seq" INTEGER NOT NULL,
    "entry_id" TEXT NOT NULL,
    "vendor_id" TEXT NOT NULL,
    "contract_id" TEXT,
    "service" TEXT,
    "date" TEXT NOT NULL,
    "security_issues" TEXT,
    "other_changes" TEXT,
    "recorded_by_unit" TEXT,
    PRIMARY KEY ("entry_id")
);
CREATE INDEX "vendor_service_log_seq" ON "vendor_service_log" ("seq");

CREATE TABLE "vendor_accounts" (
    "seq" INTEGER NOT NULL,
    "system_id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "vendor_id" TEXT NOT NULL,
    "contract_id" TEXT,
    "staff_name" TEXT,
    PRIMARY KEY ("system_id", "username")
);
CREATE INDEX "vendor_accounts_seq" ON "vendor_accounts" ("seq");

CREATE TABLE "monitoring" (
    "seq" INTEGER NOT NULL,
    "system_id" TEXT NOT NULL,
    "coverage" TEXT NOT NULL,
    "monitored_by" TEXT,
    "since" TEXT,
    PRIMARY KEY ("system_id")
);
CREATE INDEX "monitoring_seq" ON "monitoring" ("seq");

CREATE TABLE "focal_points" (
    "seq" INTEGER NOT NULL,
    "unit_code" TEXT NOT NULL,
    "person_id" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "appointed_on" TEXT,
    "until" TEXT,
    "document_no" TEXT,
    PRIMARY KEY ("unit_code", "person_id")
);
CREATE INDEX "focal_points_seq" ON "focal_points" ("seq");

CREATE TABLE "incidents" (
    "seq" INTEGER NOT NULL,
    "incident_id" TEXT NOT NULL,
    "system_id" TEXT,
    "unit_code" TEXT,
    "type" TEXT NOT NULL,
    "detected_at" TEXT NOT NULL,
    "reported_at" TEXT,
    "severity" TEXT,
    "status" TEXT,
    "closed_at" TEXT,
    "description" TEXT,
    PRIMARY KEY ("incident_id")
);
CREATE INDEX "incidents_seq" ON "incidents" ("seq");

CREATE TABLE "ir_plans" (
    "seq" INTEGER NOT NULL,
    "plan_id" TEXT NOT NULL,
    "unit_code" TEXT NOT NULL,
    "title" TEXT,
    "system_ids" TEXT,
    "approved_on" TEXT,
    "reviewed_on" TEXT,
    "drill_every_months" INTEGER,
    PRIMARY KEY ("plan_id")
);
CREATE INDEX "ir_plans_seq" ON "ir_plans" ("seq");

CREATE TABLE "drills" (
    "seq" INTEGER NOT NULL,
    "drill_id" TEXT NOT NULL,
    "unit_code" TEXT NOT NULL,
    "plan_id" TEXT,
    "date" TEXT NOT NULL,
    "scenario" TEXT,
    "result" TEXT,
    PRIMARY KEY ("drill_id")
);
CREATE INDEX "drills_seq" ON "drills" ("seq");

CREATE TABLE "reports" (
    "seq" INTEGER NOT NULL,
    "report_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "unit_code" TEXT NOT NULL,
    "period" TEXT,
    "sent_on" TEXT,
    "document_no" TEXT,
    "incident_id" TEXT,
    PRIMARY KEY ("report_id")
);
CREATE INDEX "reports_seq" ON "reports" ("seq");
