-- Alerts raised once (a cluster stopped, timed out or dead, a history server expired, a scheduled
-- job's failure on a cluster) that Slack did not take: down, rate-limited past its retries, or
-- refusing the channel or token. The pending-alerts job sends them again until Slack takes them
-- or they are compute.alerts.retry-for old. Alerts raised again while their cause lasts (failing
-- probes, running long, costing much) are not kept: the next check raises them anew. One row per
-- cluster and reason: a job failing on a cluster at every pass while Slack refuses keeps one.
CREATE TABLE alerts_pending (
  id         BIGINT        NOT NULL AUTO_INCREMENT,
  cluster_id VARCHAR(32)   NOT NULL,
  reason     VARCHAR(64)   NOT NULL,
  text       TEXT          NOT NULL,
  raised_at  TIMESTAMP(3)  NOT NULL,
  attempts   INT           NOT NULL DEFAULT 1,
  PRIMARY KEY (id),
  UNIQUE KEY uk_alerts_pending (cluster_id, reason),
  KEY idx_alerts_pending_order (attempts, raised_at)
) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
