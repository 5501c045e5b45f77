-- The product's own audit events are also written to the tamper-evident
-- log (issue 4 item 9, Điều 16.2): each audit row records, once, the index
-- of its entry in that log and the log's origin. A row whose log_index is
-- NULL still waits to be forwarded (an outbox: the database row is written
-- with the action, the log entry follows within a second or at the end of
-- the CLI command).
ALTER TABLE "audit" ADD COLUMN "log_origin" TEXT;
ALTER TABLE "audit" ADD COLUMN "log_index" INTEGER;
CREATE INDEX "audit_pending" ON "audit" ("id") WHERE "log_index" IS NULL;
-- A random identifier of this database, carried by every forwarded audit
-- entry: several databases may share one log, and a verifier tells their
-- events apart (and sees which of its own rows were deleted).
CREATE TABLE "instance" ("id" TEXT NOT NULL);
INSERT INTO "instance" ("id") VALUES (lower(hex(randomblob(16))));
