-- The search index each running replica searches. During a rolling upgrade to a new mapping two
-- indexes are searched at once, and the outbox's change rows (index_name NULL) are drained by
-- whichever version's indexer takes them first, into its own index only: the indexer queues each
-- change it wrote again for every other index read here, so both stay current. A replica writes its
-- row at start and every 30 s, and deletes it when it stops; the database's UTC clock alone stamps
-- and compares the rows, so the replicas' clocks and time zones do not matter.
CREATE TABLE search_index_readers (
  instance_id  VARCHAR(255) NOT NULL,
  index_name   VARCHAR(255) NOT NULL,
  last_seen_at DATETIME(3)  NOT NULL,
  PRIMARY KEY (instance_id),
  KEY idx_search_index_readers_seen (last_seen_at)
);

-- Those forwarded rows are marked: a replica waiting for its new index to fill waits for the
-- backfill's and the audit's rows, not for the stream of changes the other version forwards (it
-- would seldom see none). The index covers the mark, so that wait's count stays an index-only scan.
ALTER TABLE search_outbox
  ADD COLUMN forwarded BOOLEAN NOT NULL DEFAULT FALSE,
  DROP KEY idx_outbox_index,
  ADD KEY idx_outbox_index (index_name, next_attempt_at, id, forwarded);
