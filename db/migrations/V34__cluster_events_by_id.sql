-- A cluster's events page by page in id order (GET /cluster/{id}/events): read through this index
-- a page stops after its rows; through (cluster_id, created_at, id) every event of the cluster was
-- read and sorted for each page, and an autoscaling cluster's events grow by thousands a day.
-- Built in place, without blocking writes, and only when missing (see V33).
SET @missing := (SELECT COUNT(*) = 0 FROM information_schema.statistics
                 WHERE table_schema = DATABASE() AND table_name = 'cluster_events'
                   AND index_name = 'idx_events_cluster_id');
SET @ddl := IF(@missing,
  'CREATE INDEX idx_events_cluster_id ON cluster_events (cluster_id, id) ALGORITHM=INPLACE LOCK=NONE',
  'DO 0');
PREPARE build_index FROM @ddl;
EXECUTE build_index;
DEALLOCATE PREPARE build_index;
