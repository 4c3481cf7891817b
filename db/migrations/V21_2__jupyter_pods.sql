-- Standalone Jupyter pods (issue 16): a warm pool per Kubernetes target that consumers (the
-- workspace service's codespaces) are attached to. One row per pod, kept after deletion (status
-- 'deleted') for its timeline. A consumer holds at most one live pod: consumer_id is released
-- (set to NULL) when the pod is deleted, and the unique key makes a second concurrent attach of
-- the same consumer fail instead of taking a second pod.
CREATE TABLE jupyter_pods (
  name               VARCHAR(63)   NOT NULL,
  cloud_env          VARCHAR(64)   NOT NULL,
  namespace          VARCHAR(63)   NOT NULL,
  consumer_id        VARCHAR(128)  NULL,
  attached_by        VARCHAR(255)  NULL,
  status             ENUM('creating','ready','failed','deleted') NOT NULL,
  status_message     VARCHAR(1024) NULL,
  -- Stamped on the pod template: a restart or a replacement bumps it, so the Deployment rolls.
  restarts           INT           NOT NULL DEFAULT 0,
  created_at         TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  attached_at        TIMESTAMP(3)  NULL,
  ready_at           TIMESTAMP(3)  NULL,
  -- The later of the attach and the last activity the Jupyter server reported.
  last_activity      TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  -- Since when the current pod generation has been asked to start (creation, restart, replacement).
  started_at         TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  failed_probes      INT           NOT NULL DEFAULT 0,
  deleted_at         TIMESTAMP(3)  NULL,
  version            BIGINT        NOT NULL DEFAULT 0,
  PRIMARY KEY (name),
  UNIQUE KEY uk_jupyter_pods_consumer (consumer_id),
  KEY idx_jupyter_pods_pool (cloud_env, status, consumer_id, created_at)
);

CREATE TABLE jupyter_pod_events (
  id        BIGINT        NOT NULL AUTO_INCREMENT,
  pod_name  VARCHAR(63)   NOT NULL,
  at        TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  action    VARCHAR(32)   NOT NULL,
  message   VARCHAR(1024) NULL,
  actor     VARCHAR(512)  NOT NULL,
  PRIMARY KEY (id),
  KEY idx_jupyter_pod_events_pod (pod_name, id)
);

-- One row per target whose pool is kept: refills lock it (SELECT ... FOR UPDATE), so two
-- replicas (or a keeper and a late one) never both top up the same pool.
CREATE TABLE jupyter_pools (
  cloud_env  VARCHAR(64)  NOT NULL,
  PRIMARY KEY (cloud_env)
);
