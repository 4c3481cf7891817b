-- Darwin Compute schema. MySQL 8 dialect; the tests run it unchanged on MariaDB 11.4.
-- MySQL is the source of truth: everything that must not be lost lives here.

CREATE TABLE runtimes (
  id            BIGINT       NOT NULL AUTO_INCREMENT,
  runtime       VARCHAR(255) NOT NULL,
  runtime_class ENUM('CPU','GPU','CUSTOM') NOT NULL,
  runtime_type  VARCHAR(32)  NULL,
  image         VARCHAR(512) NOT NULL,
  ray_version   VARCHAR(32)  NOT NULL,
  created_by    VARCHAR(255) NOT NULL DEFAULT 'Darwin',
  is_deleted    BOOLEAN      NOT NULL DEFAULT FALSE,
  created_at    TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  version       BIGINT       NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY uk_runtimes_runtime (runtime)
);

-- The runtimes of the Darwin README.
INSERT INTO runtimes (runtime, runtime_class, runtime_type, image, ray_version)
VALUES ('0.0', 'CPU', 'Ray Only', 'ray:2.37.0', '2.37.0'),
       ('0.1', 'CPU', 'Ray Only', 'ray:2.53.0', '2.53.0');

CREATE TABLE clusters (
  cluster_id        VARCHAR(32)  NOT NULL,
  name              VARCHAR(255) NOT NULL,
  owner             VARCHAR(255) NOT NULL,
  runtime           VARCHAR(255) NOT NULL,
  cloud_env         VARCHAR(64)  NOT NULL,
  namespace         VARCHAR(63)  NOT NULL,
  -- The whole request as given (normalised); rendering and the search document derive from it.
  spec              JSON         NOT NULL,
  -- Bumped on every edit; the Python service called this the artifact version ({id}-v{n}).
  spec_version      INT          NOT NULL DEFAULT 1,
  desired_state     ENUM('RUNNING','STOPPED') NOT NULL,
  status            ENUM('inactive','creating','head_node_up','jupyter_up','active',
                         'worker_nodes_scaled','worker_nodes_died','head_node_died','cluster_died')
                                 NOT NULL,
  status_message    VARCHAR(1024) NULL,
  active_run_id     VARCHAR(64)  NULL,
  -- Bumped by a restart: a live RayCluster stamped with an older generation is deleted first.
  restart_generation INT         NOT NULL DEFAULT 0,
  active_pods       INT          NOT NULL DEFAULT 0,
  available_memory  INT          NOT NULL DEFAULT 0,
  is_job_cluster    BOOLEAN      NOT NULL DEFAULT FALSE,
  inactive_time     INT          NOT NULL,
  created_at        TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at        TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  status_changed_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  last_used_at      TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  last_started_at   TIMESTAMP(3) NULL,
  version           BIGINT       NOT NULL DEFAULT 0,
  PRIMARY KEY (cluster_id),
  UNIQUE KEY uk_clusters_name (name),
  KEY idx_clusters_desired_status (desired_state, status),
  KEY idx_clusters_status (status)
);

-- The actions timeline: one row per user action and per observed transition, grouped by run.
CREATE TABLE cluster_actions (
  id          BIGINT       NOT NULL AUTO_INCREMENT,
  cluster_id  VARCHAR(32)  NOT NULL,
  run_id      VARCHAR(64)  NULL,
  action      VARCHAR(64)  NOT NULL,
  message     TEXT         NOT NULL,
  actor       VARCHAR(255) NOT NULL,
  created_at  TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  KEY idx_actions_cluster (cluster_id, created_at),
  KEY idx_actions_run (run_id, created_at)
);

-- Transactional outbox for the Elasticsearch index: a row is written in the same transaction as
-- the cluster change and drained by the indexer. Rows survive an Elasticsearch outage.
CREATE TABLE search_outbox (
  id              BIGINT       NOT NULL AUTO_INCREMENT,
  cluster_id      VARCHAR(32)  NOT NULL,
  created_at      TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  attempts        INT          NOT NULL DEFAULT 0,
  next_attempt_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  last_error      VARCHAR(1024) NULL,
  PRIMARY KEY (id),
  KEY idx_outbox_due (next_attempt_at, id)
);

-- ShedLock: one runner per scheduled job across replicas.
CREATE TABLE shedlock (
  name       VARCHAR(64)  NOT NULL,
  lock_until TIMESTAMP(3) NOT NULL,
  locked_at  TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  locked_by  VARCHAR(255) NOT NULL,
  PRIMARY KEY (name)
);
