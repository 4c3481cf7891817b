package com.darwin.compute.core.read;

import com.darwin.compute.core.cluster.ClusterView;
import com.darwin.compute.core.domain.ClusterNotFoundException;
import com.darwin.compute.core.domain.ClusterSpecCodec;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.model.access.AccessLevel;
import com.darwin.compute.model.access.ClusterAccess;
import com.darwin.compute.model.access.ClusterPermission;
import com.darwin.compute.model.access.PrincipalKind;
import com.darwin.compute.model.history.HistoryServerStatus;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.FlushMode;
import org.hibernate.Session;
import org.hibernate.type.StandardBasicTypes;
import org.springframework.stereotype.Component;

/**
 * The read routes' way to the database: each read is ONE statement on an auto-commit connection,
 * with no transaction around it (no {@code SET autocommit}, no {@code COMMIT}, no read-only
 * toggles), where a {@code @Transactional(readOnly = true)} service method costs four or five round
 * trips for the same row. A single statement needs no transaction to be consistent: it sees one
 * snapshot. Writes and anything that reads in order to write stay in {@code ClusterService}'s
 * transactions.
 *
 * <p>Rows are still mapped by Hibernate from the entity's own mapping (a native query with {@code
 * addEntity}), so a column added to {@link ClusterEntity} needs nothing here. The entities returned
 * are detached and read-only.
 */
@Component
public class ClusterReads {

  /**
   * The row, its shares and its Spark History Server (at most one per resource: a unique key) in
   * one statement: one row per share, or one with NULL shares. The server is part of the full
   * view's links; reading it apart was a second statement in its own read-only transaction.
   */
  private static final String CLUSTER_WITH_SHARES =
      "SELECT {c.*}, p.principal_kind AS share_kind, p.principal AS share_principal,"
          + " p.level AS share_level, h.id AS shs_id, h.status AS shs_status,"
          + " h.namespace AS shs_namespace, h.cloud_env AS shs_cloud_env"
          + " FROM clusters c LEFT JOIN cluster_permissions p ON p.cluster_id = c.cluster_id"
          + " LEFT JOIN spark_history_servers h ON h.resource = c.cluster_id"
          + " WHERE c.cluster_id = :id"
          + " ORDER BY p.principal_kind, p.principal";

  private static final String CLUSTER = "SELECT {c.*} FROM clusters c WHERE c.cluster_id = :id";

  private final EntityManagerFactory factory;
  private final ClusterSpecCodec codec;

  public ClusterReads(EntityManagerFactory factory, ClusterSpecCodec codec) {
    this.factory = factory;
    this.codec = codec;
  }

  /**
   * A cluster's full view with who may change it.
   *
   * @param historyServer its Spark History Server while one runs for it, else null
   */
  public record Details(ClusterView view, ClusterAccess access, HistoryServer historyServer) {}

  /** Where a cluster's running Spark History Server is: what its links are made of. */
  public record HistoryServer(String id, String namespace, String cloudEnv) {}

  /** The stored row of a cluster (for its status row and links). */
  public ClusterEntity cluster(String clusterId) {
    try (EntityManager entities = factory.createEntityManager()) {
      List<?> rows =
          session(entities)
              .createNativeQuery(CLUSTER, Object.class)
              .addEntity("c", ClusterEntity.class)
              .setParameter("id", clusterId)
              .setReadOnly(true)
              .getResultList();
      if (rows.isEmpty()) {
        throw new ClusterNotFoundException(clusterId);
      }
      return (ClusterEntity) rows.get(0);
    }
  }

  /** The full view of a cluster and its shares, in one statement. */
  public Details details(String clusterId) {
    List<Object[]> rows;
    try (EntityManager entities = factory.createEntityManager()) {
      rows =
          session(entities)
              .createNativeQuery(CLUSTER_WITH_SHARES, Object[].class)
              .addEntity("c", ClusterEntity.class)
              .addScalar("share_kind", StandardBasicTypes.STRING)
              .addScalar("share_principal", StandardBasicTypes.STRING)
              .addScalar("share_level", StandardBasicTypes.STRING)
              .addScalar("shs_id", StandardBasicTypes.STRING)
              .addScalar("shs_status", StandardBasicTypes.STRING)
              .addScalar("shs_namespace", StandardBasicTypes.STRING)
              .addScalar("shs_cloud_env", StandardBasicTypes.STRING)
              .setParameter("id", clusterId)
              .setReadOnly(true)
              .getResultList();
    }
    if (rows.isEmpty()) {
      throw new ClusterNotFoundException(clusterId);
    }
    ClusterEntity cluster = (ClusterEntity) rows.get(0)[0];
    List<ClusterPermission> shares = new ArrayList<>();
    for (Object[] row : rows) {
      if (row[1] != null) {
        shares.add(
            new ClusterPermission(
                PrincipalKind.valueOf((String) row[1]),
                (String) row[2],
                AccessLevel.valueOf((String) row[3])));
      }
    }
    Object[] first = rows.get(0);
    HistoryServer historyServer =
        first[4] != null && HistoryServerStatus.valueOf((String) first[5]).running()
            ? new HistoryServer((String) first[4], (String) first[6], (String) first[7])
            : null;
    return new Details(
        new ClusterView(cluster, codec.read(cluster.getSpec())),
        new ClusterAccess(cluster.getOwner(), shares),
        historyServer);
  }

  private static Session session(EntityManager entities) {
    Session session = entities.unwrap(Session.class);
    // Nothing read here is ever written back: no dirty-checking snapshots, no flush.
    session.setDefaultReadOnly(true);
    session.setHibernateFlushMode(FlushMode.MANUAL);
    return session;
  }
}
