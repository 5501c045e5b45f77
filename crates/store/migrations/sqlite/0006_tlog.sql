-- Issue 4 (tamper-evident central log): log sources mapped to systems.
CREATE TABLE "log_sources" (
    "seq" INTEGER NOT NULL,
    "source_id" TEXT NOT NULL,
    "system_id" TEXT NOT NULL,
    "hosts" TEXT NOT NULL,
    "apps" TEXT,
    "kind" TEXT,
    PRIMARY KEY ("source_id")
);
CREATE INDEX "log_sources_seq" ON "log_sources" ("seq");
