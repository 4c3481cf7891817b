-- The clusters each user opened last (GET/POST /recently-visited), and the operators' key/value
-- settings (/cluster-config). Rows of deleted clusters are not shown: reads join on clusters.

CREATE TABLE user_cluster_visits (
  user_id     VARCHAR(255) NOT NULL,
  cluster_id  VARCHAR(32)  NOT NULL,
  visited_at  TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (user_id, cluster_id),
  KEY idx_user_cluster_visits_recent (user_id, visited_at)
);

CREATE TABLE cluster_configs (
  config_key  VARCHAR(255) NOT NULL,
  value       TEXT         NOT NULL,
  updated_at  TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (config_key)
);
