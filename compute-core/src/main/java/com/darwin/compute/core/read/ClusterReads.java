package com.darwin.compute.core.read;

import com.darwin.compute.core.cluster.ClusterView;
import com.darwin.compute.core.domain.ClusterNotFoundException;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.model.access.AccessLevel;
import com.darwin.compute.model.access.ClusterAccess;
import com.darwin.compute.model.access.ClusterPermission;
import com.darwin.compute.model.access.PrincipalKind;
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

  /** The row and its shares in one statement: one row per share, or one with NULL shares. */
  private static final String CLUSTER_WITH_SHARES =
      "SELECT {c.*}, p.principal_kind AS share_kind, p.principal AS share_principal,"
          + " p.level AS share_level"
          + " FROM clusters c LEFT JOIN cluster_permissions p ON p.cluster_id = c.cluster_id"
          + " WHERE c.cluster_id = :id"
          + " ORDER BY p.principal_kind, p.principal";

  private static final String CLUSTER = "SELECT {c.*} FROM clusters c WHERE c.cluster_id = :id";

  private final EntityManagerFactory factory;

  public ClusterReads(EntityManagerFactory factory) {
    this.factory = factory;
  }

  /** A cluster's full view with who may change it. */
  public record Details(ClusterView view, ClusterAccess access) {}

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
    return new Details(
        new ClusterView(cluster, cluster.getSpec()), new ClusterAccess(cluster.getOwner(), shares));
  }

  private static Session session(EntityManager entities) {
    Session session = entities.unwrap(Session.class);
    // Nothing read here is ever written back: no dirty-checking snapshots, no flush.
    session.setDefaultReadOnly(true);
    session.setHibernateFlushMode(FlushMode.MANUAL);
    return session;
  }
}
