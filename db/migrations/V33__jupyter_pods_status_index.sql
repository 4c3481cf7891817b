-- The live pods (creating, ready, failed) in creation order, as the pool keeper and the reaper read
-- them every few seconds: deleted pods stay as rows for their timeline, and without this index
-- every pass read the whole table, every pod ever made. Built in place, without blocking writes.
-- Only when missing: a start killed while the server still built it (a long build on a large
-- table outlasting the start-up probe) left the index without Flyway's record of it, and the next
-- start then failed on the duplicate name.
SET @missing := (SELECT COUNT(*) = 0 FROM information_schema.statistics
                 WHERE table_schema = DATABASE() AND table_name = 'jupyter_pods'
                   AND index_name = 'idx_jupyter_pods_status');
SET @ddl := IF(@missing,
  'CREATE INDEX idx_jupyter_pods_status ON jupyter_pods (status, created_at) ALGORITHM=INPLACE LOCK=NONE',
  'DO 0');
PREPARE build_index FROM @ddl;
EXECUTE build_index;
DEALLOCATE PREPARE build_index;
