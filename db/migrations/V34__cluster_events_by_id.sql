-- A cluster's events page by page in id order (GET /cluster/{id}/events): read through this index
-- a page stops after its rows; through (cluster_id, created_at, id) every event of the cluster was
-- read and sorted for each page, and an autoscaling cluster's events grow by thousands a day.
-- Built in place, without blocking writes.
CREATE INDEX idx_events_cluster_id ON cluster_events (cluster_id, id) ALGORITHM=INPLACE LOCK=NONE;
