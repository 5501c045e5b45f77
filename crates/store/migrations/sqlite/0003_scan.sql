-- Vulnerability management (issue 6, part B; Điều 23).
-- `scan_targets` and `vuln_plans` are CSV/XLSX evidence kinds (generic import);
-- `vulnerabilities`, `scans` and `scan_coverage` are written by `tuanthu import scan`
-- from native scanner reports, one transaction per report. Columns exactly as in
-- crates/core/src/evidence/schema_scan.rs.

CREATE TABLE "scan_targets" (
    "seq" INTEGER NOT NULL,
    "target" TEXT NOT NULL,
    "system_id" TEXT NOT NULL,
    "kind" TEXT,
    "note" TEXT,
    PRIMARY KEY ("target")
);
CREATE INDEX "scan_targets_seq" ON "scan_targets" ("seq");

CREATE TABLE "vuln_plans" (
    "seq" INTEGER NOT NULL,
    "vuln_key" TEXT NOT NULL,
    "risk_rating" TEXT,
    "plan" TEXT,
    "due_date" TEXT,
    "owner" TEXT,
    "status" TEXT,
    PRIMARY KEY ("vuln_key")
);
CREATE INDEX "vuln_plans_seq" ON "vuln_plans" ("seq");

CREATE TABLE "vulnerabilities" (
    "seq" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "system_id" TEXT NOT NULL,
    "tool" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "rule_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "tool_severity" TEXT,
    "cvss" TEXT,
    "cves" TEXT,
    "port" TEXT,
    "package" TEXT,
    "location" TEXT,
    "first_seen" TEXT NOT NULL,
    "last_seen" TEXT NOT NULL,
    "fixed_on" TEXT,
    "first_scan" INTEGER NOT NULL,
    "last_scan" INTEGER NOT NULL,
    PRIMARY KEY ("key")
);
CREATE INDEX "vulnerabilities_seq" ON "vulnerabilities" ("seq");
CREATE INDEX "vulnerabilities_tool_target" ON "vulnerabilities" ("tool", "target");
CREATE INDEX "vulnerabilities_system" ON "vulnerabilities" ("system_id");

CREATE TABLE "scans" (
    "seq" INTEGER NOT NULL,
    "scan_id" INTEGER NOT NULL,
    "tool" TEXT NOT NULL,
    "tool_name" TEXT NOT NULL,
    "tool_version" TEXT,
    "file" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "started_at" TEXT,
    "ended_at" TEXT,
    "scanned_at" TEXT NOT NULL,
    "imported_at" TEXT NOT NULL,
    "targets" TEXT,
    "systems" TEXT,
    "findings" INTEGER NOT NULL,
    PRIMARY KEY ("scan_id")
);
CREATE INDEX "scans_seq" ON "scans" ("seq");
CREATE INDEX "scans_fingerprint" ON "scans" ("fingerprint");

CREATE TABLE "scan_coverage" (
    "seq" INTEGER NOT NULL,
    "scan_id" INTEGER NOT NULL,
    "tool" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "system_id" TEXT NOT NULL,
    "scanned_at" TEXT NOT NULL,
    PRIMARY KEY ("scan_id", "target")
);
CREATE INDEX "scan_coverage_seq" ON "scan_coverage" ("seq");
CREATE INDEX "scan_coverage_tool_target" ON "scan_coverage" ("tool", "target");
CREATE INDEX "scan_coverage_system" ON "scan_coverage" ("system_id");
