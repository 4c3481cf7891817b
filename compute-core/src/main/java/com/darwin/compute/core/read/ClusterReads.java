package com.darwin.compute.core.read;

import com.darwin.compute.core.cluster.ClusterView;
import com.darwin.compute.core.domain.ClusterNotFoundException;
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
import org.springframework.stereotype.Component;

/**
 * The read routes' way to the database: each read is ONE statement on an auto-commit connection,
 * with no transaction around it (no {@code SET autocommit}, no {@code COMMIT}, no read-only
 * toggles), where a {@code @Transactional(readOnly = true)} service method costs four or five round
 * trips for the same row. A single statement needs no transaction to be consistent: it sees one
 * snapshot. Writes and anything that reads in order to write stay in {@code ClusterService}'s
 * transactions.
 *
 * <p>Rows are still mapped by Hibernate from the entity's own mapping (a query or the entity's
 * loader), so a column added to {@link ClusterEntity} needs nothing here. The entities returned are
 * detached and read-only.
 */
@Component
public class ClusterReads {

  /**
   * The row, its shares and its Spark History Server (at most one per resource: a unique key) in
   * one statement: one row per share, or one with NULL shares. The server is part of the full
   * view's links; reading it apart was a second statement in its own read-only transaction. A query
   * rather than native SQL: Hibernate caches its translation and result mapping, where a native
   * query resolved its mapping of the entity's columns on every call.
   */
  private static final String CLUSTER_WITH_SHARES =
      "select c, p.principalKind, p.principal, p.level, h.id, h.status, h.namespace, h.cloudEnv"
          + " from ClusterEntity c"
          + " left join ClusterPermissionEntity p on p.clusterId = c.clusterId"
          + " left join HistoryServerEntity h on h.resource = c.clusterId"
          + " where c.clusterId = :id"
          + " order by p.principalKind, p.principal";

  private final EntityManagerFactory factory;

  public ClusterReads(EntityManagerFactory factory) {
    this.factory = factory;
  }

  /**
   * A cluster's full view with who may change it.
   *
   * @param historyServer its Spark History Server while one runs for it, else null
   */
  public record Details(ClusterView view, ClusterAccess access, HistoryServer historyServer) {}

  /** Where a cluster's running Spark History Server is: what its links are made of. */
  public record HistoryServer(String id, String namespace, String cloudEnv) {}

  /**
   * The stored row of a cluster (for its status row and links): the entity's own loader, whose
   * statement Hibernate built at start-up, where a native query resolves its result mapping on
   * every call.
   */
  public ClusterEntity cluster(String clusterId) {
    try (EntityManager entities = factory.createEntityManager()) {
      ClusterEntity cluster = session(entities).find(ClusterEntity.class, clusterId);
      if (cluster == null) {
        throw new ClusterNotFoundException(clusterId);
      }
      return cluster;
    }
  }

  /** The full view of a cluster and its shares, in one statement. */
  public Details details(String clusterId) {
    List<Object[]> rows;
    try (EntityManager entities = factory.createEntityManager()) {
      rows =
          session(entities)
              .createSelectionQuery(CLUSTER_WITH_SHARES, Object[].class)
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
            new ClusterPermission((PrincipalKind) row[1], (String) row[2], (AccessLevel) row[3]));
      }
    }
    Object[] first = rows.get(0);
    HistoryServer historyServer =
        first[4] != null && ((HistoryServerStatus) first[5]).running()
            ? new HistoryServer((String) first[4], (String) first[6], (String) first[7])
            : null;
    return new Details(
        new ClusterView(cluster, cluster.getSpec()),
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
