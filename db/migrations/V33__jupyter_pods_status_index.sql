-- The live pods (creating, ready, failed) in creation order, as the pool keeper and the reaper read
-- them every few seconds: deleted pods stay as rows for their timeline, and without this index
-- every pass read the whole table, every pod ever made. Built in place, without blocking writes.
CREATE INDEX idx_jupyter_pods_status ON jupyter_pods (status, created_at) ALGORITHM=INPLACE LOCK=NONE;
