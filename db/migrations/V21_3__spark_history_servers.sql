-- Spark History Servers (issue 17). One row per resource (a cluster id or a configured project):
-- a stopped server is started again under the same id rather than a second row. expires_at is
-- when its time to live ends; the expiry job stops it then, with a conditional update, so two
-- replicas never both stop (and alert about) one server. Status comes from the watch of its
-- Deployment, written only while the server is running (created/active).
CREATE TABLE spark_history_servers (
  id             VARCHAR(32)   NOT NULL,
  resource       VARCHAR(255)  NOT NULL,
  user_name      VARCHAR(255)  NOT NULL,
  ttl            INT           NOT NULL,
  filesystem     ENUM('S3','EFS') NOT NULL,
  events_path    VARCHAR(1024) NOT NULL,
  cloud_env      VARCHAR(64)   NOT NULL,
  namespace      VARCHAR(63)   NOT NULL,
  claim_name     VARCHAR(253)  NULL,
  status         ENUM('CREATED','ACTIVE','INACTIVE','FAILED') NOT NULL,
  status_message VARCHAR(1024) NULL,
  started_at     TIMESTAMP(3)  NOT NULL,
  expires_at     TIMESTAMP(3)  NULL,
  stopped_at     TIMESTAMP(3)  NULL,
  created_at     TIMESTAMP(3)  NOT NULL,
  version        BIGINT        NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY uk_spark_history_servers_resource (resource),
  KEY idx_spark_history_servers_expiry (status, expires_at)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- What happened to each server, and who did it (the expiry job signs as the control plane).
CREATE TABLE spark_history_server_actions (
  id         BIGINT        NOT NULL AUTO_INCREMENT,
  server_id  VARCHAR(32)   NOT NULL,
  action     VARCHAR(32)   NOT NULL,
  message    VARCHAR(1024) NOT NULL,
  actor      VARCHAR(255)  NOT NULL,
  created_at TIMESTAMP(3)  NOT NULL,
  PRIMARY KEY (id),
  KEY idx_spark_history_server_actions_server (server_id, id)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
