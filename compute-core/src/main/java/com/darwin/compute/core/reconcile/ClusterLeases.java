package com.darwin.compute.core.reconcile;

import com.darwin.compute.core.config.ReconcilerProperties;
import com.darwin.compute.core.store.ClusterRepository;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
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
  private final LongSupplier nanoTime;
  private final long renewAfterNanos;

  /**
   * When this replica last took or renewed each lease it holds, on its own monotonic clock, read
   * before the statement was sent: the database set the expiry after that, so the lease is held
   * until at least then plus the lease duration.
   */
  private final Map<String, Long> renewedAt = new ConcurrentHashMap<>();

  @Autowired
  ClusterLeases(
      ClusterRepository clusters, ReconcilerProperties properties, DataSource dataSource) {
    this(clusters, properties, new JdbcTemplate(dataSource), System::nanoTime);
  }

  ClusterLeases(
      ClusterRepository clusters,
      ReconcilerProperties properties,
      JdbcTemplate jdbc,
      LongSupplier nanoTime) {
    this.clusters = clusters;
    this.properties = properties;
    this.jdbc = jdbc;
    this.nanoTime = nanoTime;
    this.renewAfterNanos = properties.leaseDuration().toNanos() / 2;
  }

  /**
   * Takes or renews the lease, on the database's clock so replicas with skewed clocks agree: true
   * when this replica holds it afterwards. One statement on an auto-commit connection (atomic on
   * its own), where a transaction around it cost three more round trips on every pass (issue 21). A
   * lease this replica renewed less than half its duration ago is held without asking: the
   * statement is a durable write (an fsync), and every pass of a cluster (its RayCluster's events,
   * each pod event) sent one (issue 21, B2: about six per created cluster).
   */
  public boolean acquire(String clusterId) {
    long now = nanoTime.getAsLong();
    Long renewed = renewedAt.get(clusterId);
    if (renewed != null && now - renewed < renewAfterNanos) {
      return true;
    }
    boolean held =
        jdbc.update(
                ACQUIRE,
                properties.instanceId(),
                properties.leaseDuration().toMillis(),
                clusterId,
                properties.instanceId())
            == 1;
    if (held) {
      renewedAt.put(clusterId, now);
    } else {
      renewedAt.remove(clusterId);
    }
    return held;
  }

  /** Forgets the leases of clusters not in this set (deleted, or neither wanted nor running). */
  void retainOnly(Set<String> clusterIds) {
    renewedAt.keySet().retainAll(clusterIds);
  }

  /** Forgets one cluster's lease (its row is gone). */
  void forget(String clusterId) {
    renewedAt.remove(clusterId);
  }

  /** On shutdown: hand the clusters over at once instead of after the lease expires. */
  @Transactional
  public void releaseAll() {
    renewedAt.clear();
    clusters.releaseLeases(properties.instanceId());
  }

  String owner() {
    return properties.instanceId();
  }
}
