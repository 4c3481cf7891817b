package com.darwin.compute.core.reconcile;

import com.darwin.compute.core.config.ReconcilerProperties;
import com.darwin.compute.core.store.ClusterRepository;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * One replica at a time reconciles a cluster: it holds a lease row (owner, expiry) that it renews
 * on every pass. A replica that dies stops renewing and another takes over once the lease expires.
 */
@Component
class ClusterLeases {

  private static final String ACQUIRE =
      "UPDATE clusters SET lease_owner = ?,"
          + " lease_until = TIMESTAMPADD(MICROSECOND, ? * 1000, CURRENT_TIMESTAMP(3))"
          + " WHERE cluster_id = ? AND (lease_owner IS NULL OR lease_owner = ?"
          + " OR lease_until < CURRENT_TIMESTAMP(3))";

  private final ClusterRepository clusters;
  private final ReconcilerProperties properties;
  private final JdbcTemplate jdbc;

  ClusterLeases(
      ClusterRepository clusters, ReconcilerProperties properties, DataSource dataSource) {
    this.clusters = clusters;
    this.properties = properties;
    this.jdbc = new JdbcTemplate(dataSource);
  }

  /**
   * Takes or renews the lease, on the database's clock so replicas with skewed clocks agree: true
   * when this replica holds it afterwards. One statement on an auto-commit connection (atomic on
   * its own), where a transaction around it cost three more round trips on every pass (issue 21).
   */
  public boolean acquire(String clusterId) {
    return jdbc.update(
            ACQUIRE,
            properties.instanceId(),
            properties.leaseDuration().toMillis(),
            clusterId,
            properties.instanceId())
        == 1;
  }

  /** On shutdown: hand the clusters over at once instead of after the lease expires. */
  @Transactional
  public void releaseAll() {
    clusters.releaseLeases(properties.instanceId());
  }

  String owner() {
    return properties.instanceId();
  }
}
