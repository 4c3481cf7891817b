-- The owner's clusters in one desired state, as the per-user caps count them under the owner's
-- lock (owner_locks, V31): through this index the count's locking read takes the owner's rows
-- only, instead of every running cluster's. Built in place, without blocking writes (it fails
-- rather than copy the table). Its own migration: MySQL commits each DDL statement, so a failure
-- here leaves V31 applied and this one to run again.
CREATE INDEX idx_clusters_owner_desired ON clusters (owner, desired_state) ALGORITHM=INPLACE LOCK=NONE;
