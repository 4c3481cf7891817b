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
