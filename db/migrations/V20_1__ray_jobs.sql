-- Ray jobs submitted through the control plane (issue 20). The row is written before the job is
-- forwarded to the cluster's Ray dashboard, so the submission id is known up front: a retried
-- submission (or the background submitter) forwards the same id, and Ray itself refuses a
-- second job under it. A row with forwarded_at NULL is not at Ray yet: it waits for its cluster
-- to become active, or for a failed forward to be retried.
CREATE TABLE ray_jobs (
  id                BIGINT        NOT NULL AUTO_INCREMENT,
  cluster_id        VARCHAR(32)   NOT NULL,
  submission_id     VARCHAR(64)   NOT NULL,
  entrypoint        TEXT          NOT NULL,
  -- The Ray Jobs API body as forwarded (runtime_env, metadata, entrypoint resources).
  request           JSON          NOT NULL,
  submitted_by      VARCHAR(255)  NOT NULL,
  run_id            VARCHAR(64)   NULL,
  status            ENUM('PENDING','RUNNING','STOPPED','SUCCEEDED','FAILED') NOT NULL,
  message           TEXT          NULL,
  admission         ENUM('FITS_NOW','FITS_AFTER_SCALING') NOT NULL,
  admission_message VARCHAR(1024) NULL,
  driver_exit_code  INT           NULL,
  created_at        TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  forwarded_at      TIMESTAMP(3)  NULL,
  start_time        TIMESTAMP(3)  NULL,
  end_time          TIMESTAMP(3)  NULL,
  version           BIGINT        NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY uk_ray_jobs_submission (cluster_id, submission_id),
  KEY idx_ray_jobs_open (status, cluster_id)
);
