-- Typed cluster events: one per transition and per user action (control plane), plus the
-- Kubernetes events of a cluster's objects, kept beyond Kubernetes' one-hour event TTL.
CREATE TABLE cluster_events (
  id               BIGINT       NOT NULL AUTO_INCREMENT,
  cluster_id       VARCHAR(32)  NOT NULL,
  run_id           VARCHAR(64)  NULL,
  event_type       VARCHAR(64)  NOT NULL,
  severity         ENUM('INFO','WARNING','ERROR') NOT NULL,
  source           ENUM('CONTROL_PLANE','KUBERNETES') NOT NULL,
  message          TEXT         NOT NULL,
  actor            VARCHAR(255) NULL,
  object_kind      VARCHAR(64)  NULL,
  object_name      VARCHAR(253) NULL,
  -- Kubernetes event uid and count: the same occurrence is stored once.
  external_key     VARCHAR(160) NULL,
  created_at       TIMESTAMP(3) NOT NULL,
  -- Forwarding to the external event service (Chronos), when configured.
  forwarded        BOOLEAN      NOT NULL DEFAULT FALSE,
  forward_attempts INT          NOT NULL DEFAULT 0,
  next_forward_at  TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uk_events_external (external_key),
  KEY idx_events_cluster (cluster_id, created_at, id),
  KEY idx_events_forward (forwarded, next_forward_at)
);

-- Clusters deleted through the API. The reconciler removes Kubernetes objects left behind only for
-- these; a managed object whose cluster MySQL never knew is reported, never deleted.
CREATE TABLE cluster_tombstones (
  cluster_id VARCHAR(32)  NOT NULL,
  deleted_at TIMESTAMP(3) NOT NULL,
  PRIMARY KEY (cluster_id)
);

-- Which replica reconciles a cluster: a short lease, renewed on every pass.
ALTER TABLE clusters
  ADD COLUMN lease_owner VARCHAR(128) NULL,
  ADD COLUMN lease_until TIMESTAMP(3) NULL,
  -- Since when a running cluster has not been active (start, restart, or a failure): the creation
  -- timeout counts from here. Null while active or stopped.
  ADD COLUMN not_active_since TIMESTAMP(3) NULL;
