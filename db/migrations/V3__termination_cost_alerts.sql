-- Auto-termination, cost and alerts.

ALTER TABLE clusters
  -- The cost estimate at create/edit time, "min-max" USD per hour (shown in search results).
  ADD COLUMN estimated_cost VARCHAR(32) NULL,
  -- Since when the idleness probes of a running cluster have been failing; null while they answer.
  -- A failing probe never counts as idleness, and is reported once per streak.
  ADD COLUMN probe_failing_since TIMESTAMP(3) NULL;

CREATE INDEX idx_clusters_last_started ON clusters (desired_state, last_started_at);

-- Alerts already sent, so the same cluster and reason is not alerted twice within the window.
CREATE TABLE alerts_sent (
  cluster_id VARCHAR(32)  NOT NULL,
  reason     VARCHAR(64)  NOT NULL,
  sent_at    TIMESTAMP(3) NOT NULL,
  PRIMARY KEY (cluster_id, reason)
);
