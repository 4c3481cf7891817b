-- A library row's version, bumped by every write. The pod-task runner's settle writes a status only
-- over the row as it read it, so an uninstall or a retry committed after that read is never
-- overwritten; a user's request that loses to a settle is retried on a fresh read.
ALTER TABLE cluster_libraries ADD COLUMN row_version BIGINT NOT NULL DEFAULT 0;
