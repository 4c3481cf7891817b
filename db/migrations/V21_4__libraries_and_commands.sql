-- Libraries and remote commands (issue 18). Both are carried out by the pod-task runner: every
-- ready pod of a running cluster gets each library (and each command of its target) once, by a
-- Kubernetes exec whose argv is built from validated values. pod_tasks keeps one row per
-- (what, pod): its insert is the claim (two replicas never exec the same thing twice), and a new
-- pod (a restart, a worker the autoscaler adds) has a new uid, so it gets everything again.
CREATE TABLE cluster_libraries (
  id            BIGINT        NOT NULL AUTO_INCREMENT,
  cluster_id    VARCHAR(32)   NOT NULL,
  source        ENUM('PYPI','MAVEN','S3','WORKSPACE') NOT NULL,
  type          ENUM('JAR','WHL','ZIP','TAR','GZ','TXT','PYPI','MAVEN_JAR') NOT NULL,
  name          VARCHAR(255)  NOT NULL,
  version       VARCHAR(255)  NULL,
  path          VARCHAR(1024) NULL,
  metadata      JSON          NULL,
  -- SHA-256 of the canonical request: the same library asked twice is the same row.
  request_key   CHAR(64)      NOT NULL,
  status        ENUM('CREATED','RUNNING','SUCCESS','FAILED','UNINSTALL_PENDING') NOT NULL,
  execution_id  VARCHAR(64)   NOT NULL,
  created_by    VARCHAR(255)  NOT NULL,
  created_at    TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at    TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uk_cluster_libraries_request (cluster_id, request_key),
  KEY idx_cluster_libraries_status (cluster_id, status)
);

CREATE TABLE remote_commands (
  execution_id     VARCHAR(64)  NOT NULL,
  cluster_id       VARCHAR(32)  NOT NULL,
  -- The lines as a JSON array of strings.
  command          JSON         NOT NULL,
  target           ENUM('HEAD','WORKER','CLUSTER') NOT NULL,
  timeout_seconds  INT          NOT NULL,
  status           ENUM('CREATED','RUNNING','SUCCESS','FAILED') NOT NULL,
  -- A registered (not executed) command on a running cluster runs on pods created after this.
  not_before       TIMESTAMP(3) NULL,
  created_by       VARCHAR(255) NOT NULL,
  created_at       TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at       TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (execution_id),
  KEY idx_remote_commands_cluster (cluster_id, status)
);

CREATE TABLE pod_tasks (
  id           BIGINT        NOT NULL AUTO_INCREMENT,
  kind         ENUM('LIBRARY','COMMAND') NOT NULL,
  ref          VARCHAR(64)   NOT NULL,
  pod_uid      VARCHAR(64)   NOT NULL,
  cluster_id   VARCHAR(32)   NOT NULL,
  pod_name     VARCHAR(253)  NOT NULL,
  status       ENUM('RUNNING','SUCCESS','FAILED') NOT NULL,
  exit_code    INT           NULL,
  log          MEDIUMTEXT    NULL,
  started_at   TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  deadline     TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  finished_at  TIMESTAMP(3)  NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uk_pod_tasks (kind, ref, pod_uid),
  KEY idx_pod_tasks_cluster (cluster_id)
);
