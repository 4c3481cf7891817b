-- Who a cluster is shared with, and at which level (can_attach < can_restart < can_manage).
-- The owner is clusters.owner; admins and delegates come from configuration, not from here.
-- No foreign key to clusters: ids are never reused, and the row of a deleted cluster is removed
-- in the same transaction as the cluster.
CREATE TABLE cluster_permissions (
  id             BIGINT       NOT NULL AUTO_INCREMENT,
  cluster_id     VARCHAR(32)  NOT NULL,
  principal_kind ENUM('USER', 'GROUP') NOT NULL,
  principal      VARCHAR(255) NOT NULL,
  level          ENUM('CAN_ATTACH', 'CAN_RESTART', 'CAN_MANAGE') NOT NULL,
  granted_by     VARCHAR(255) NOT NULL,
  granted_at     TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uk_cluster_permissions (cluster_id, principal_kind, principal)
);
