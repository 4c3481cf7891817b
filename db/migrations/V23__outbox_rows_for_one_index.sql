-- Outbox rows meant for one index (a new index's backfill, the search audit's findings). During a
-- rolling upgrade to a new index, replicas of the previous version, which take rows by due time
-- alone and write them into the old index, would take most of them: such rows are written (and
-- postponed) due an hour later, and this version takes them an hour early by index_name.
ALTER TABLE search_outbox
  ADD COLUMN index_name VARCHAR(255) NULL,
  ADD KEY idx_outbox_index (index_name, next_attempt_at, id);
