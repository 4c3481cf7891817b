-- Runtime catalogue v2 (the Python service's runtimes_v2, runtime_components_v2 and
-- default_runtimes_v2), kept in the existing runtimes table so GET /get-runtimes and every
-- cluster's runtime name keep working.
ALTER TABLE runtimes
  ADD COLUMN reference_link    VARCHAR(1024) NULL,
  ADD COLUMN spark_connect     BOOLEAN       NOT NULL DEFAULT FALSE,
  ADD COLUMN spark_auto_init   BOOLEAN       NOT NULL DEFAULT FALSE,
  -- The name of a kubernetes.io/dockerconfigjson Secret in the cluster's namespace; this service
  -- never stores registry credentials.
  ADD COLUMN image_pull_secret VARCHAR(253)  NULL,
  -- True for entries of runtimes/catalogue.yaml: start-up keeps them in step with the file.
  ADD COLUMN from_catalogue    BOOLEAN       NOT NULL DEFAULT FALSE,
  ADD COLUMN last_updated_by   VARCHAR(255)  NOT NULL DEFAULT 'Darwin',
  ADD COLUMN last_updated_at   TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  ADD UNIQUE KEY uk_runtimes_image (image),
  ADD KEY ix_runtimes_class_type (runtime_class, runtime_type, is_deleted);

CREATE TABLE runtime_components (
  id         BIGINT      NOT NULL AUTO_INCREMENT,
  runtime_id BIGINT      NOT NULL,
  name       VARCHAR(32) NOT NULL,
  version    VARCHAR(50) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uk_runtime_components (runtime_id, name),
  CONSTRAINT fk_runtime_components_runtime FOREIGN KEY (runtime_id) REFERENCES runtimes (id)
    ON DELETE CASCADE
);

-- The runtime the UI preselects for a class; CUSTOM runtimes have none.
CREATE TABLE default_runtimes (
  runtime_class ENUM('CPU','GPU') NOT NULL,
  runtime_id    BIGINT            NULL,
  PRIMARY KEY (runtime_class),
  CONSTRAINT fk_default_runtimes_runtime FOREIGN KEY (runtime_id) REFERENCES runtimes (id)
    ON DELETE SET NULL
);

INSERT INTO runtime_components (runtime_id, name, version)
SELECT id, 'Ray', ray_version FROM runtimes;

INSERT INTO default_runtimes (runtime_class, runtime_id)
SELECT 'CPU', id FROM runtimes WHERE runtime = '0.0';
INSERT INTO default_runtimes (runtime_class, runtime_id) VALUES ('GPU', NULL);
