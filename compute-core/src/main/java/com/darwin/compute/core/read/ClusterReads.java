package com.darwin.compute.core.read;

import com.darwin.compute.core.cluster.ClusterView;
import com.darwin.compute.core.domain.ClusterNotFoundException;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterRows;
import com.darwin.compute.model.access.AccessLevel;
import com.darwin.compute.model.access.ClusterAccess;
import com.darwin.compute.model.access.ClusterPermission;
import com.darwin.compute.model.access.PrincipalKind;
import com.darwin.compute.model.cluster.ClusterMetadata;
import com.darwin.compute.model.cluster.ClusterStatus;
import com.darwin.compute.model.history.HistoryServerStatus;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.stereotype.Component;

/**
 * The read routes' way to the database: each read is ONE statement on an auto-commit connection,
 * with no transaction around it (no {@code SET autocommit}, no {@code COMMIT}, no read-only
 * toggles), where a {@code @Transactional(readOnly = true)} service method costs four or five round
 * trips for the same row. A single statement needs no transaction to be consistent: it sees one
 * snapshot. Writes and anything that reads in order to write stay in {@code ClusterService}'s
 * transactions.
 *
 * <p>Plain JDBC, mapped straight into detached entities ({@link ClusterRows}) and records: with the
 * statement already one, Hibernate's session, query plan lookup, persistence context and entity
 * hydration were the largest part of a read's own CPU in a profile of B1. The status row reads only
 * the columns it shows, so its spec (JSON) is not decoded at all.
 */
@Component
public class ClusterReads {

  /**
   * The row, its shares and its Spark History Server (at most one per resource: a unique key) in
   * one statement: one row per share, or one with NULL shares. The server is part of the full
   * view's links. No {@code ORDER BY}: with the joins it made MariaDB build a temporary table and
   * sort it for every read (465 against 339 microseconds in MariaDB's profiler); the few shares are
   * put in order here instead ({@link #SHARE_ORDER}).
   */
  private static final String CLUSTER_WITH_SHARES =
      "SELECT "
          + ClusterRows.COLUMNS
          + ", p.principal_kind, p.principal, p.level, h.id, h.status, h.namespace, h.cloud_env"
          + " FROM clusters c"
          + " LEFT JOIN cluster_permissions p ON p.cluster_id = c.cluster_id"
          + " LEFT JOIN spark_history_servers h ON h.resource = c.cluster_id"
          + " WHERE c.cluster_id = ?";

  /**
   * The order of {@code GET /cluster/{id}/permissions} (the column's ENUM order: users before
   * groups, then the principal under the binary collation): the same shares list the same way in
   * both.
   */
  static final Comparator<ClusterPermission> SHARE_ORDER =
      Comparator.comparing(ClusterPermission::kind)
          .thenComparing(ClusterPermission::principal, ClusterReads::byCodePoint);

  private static final String CLUSTER =
      "SELECT " + ClusterRows.COLUMNS + " FROM clusters c WHERE c.cluster_id = ?";

  /** What the status row shows, and nothing else (no spec). */
  private static final String STATUS_ROW =
      "SELECT cluster_id, spec_version, status, active_pods, available_memory, active_run_id,"
          + " name, updated_at, last_used_at, desired_state, status_message, owner, cloud_env,"
          + " created_at, status_changed_at FROM clusters WHERE cluster_id = ?";

  private final JdbcTemplate jdbc;
  private final ClusterRows rows = new ClusterRows();

  public ClusterReads(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * A cluster's full view with who may change it.
   *
   * @param historyServer its Spark History Server while one runs for it, else null
   */
  public record Details(ClusterView view, ClusterAccess access, HistoryServer historyServer) {}

  /** Where a cluster's running Spark History Server is: what its links are made of. */
  public record HistoryServer(String id, String namespace, String cloudEnv) {}

  /** The stored row of a cluster (for its links), detached. */
  public ClusterEntity cluster(String clusterId) {
    return find(clusterId).orElseThrow(() -> new ClusterNotFoundException(clusterId));
  }

  /** The stored row of a cluster, detached, when there is one: one statement, no transaction. */
  public Optional<ClusterEntity> find(String clusterId) {
    return Optional.ofNullable(
        jdbc.query(
            CLUSTER,
            (ResultSetExtractor<ClusterEntity>) r -> r.next() ? rows.map(r) : null,
            clusterId));
  }

  /** {@code GET /cluster/{id}/metadata}: the status row, straight from its columns. */
  public ClusterMetadata metadata(String clusterId) {
    ClusterMetadata metadata =
        jdbc.query(
            STATUS_ROW, (ResultSetExtractor<ClusterMetadata>) ClusterReads::statusRow, clusterId);
    if (metadata == null) {
      throw new ClusterNotFoundException(clusterId);
    }
    return metadata;
  }

  /** The full view of a cluster and its shares, in one statement. */
  public Details details(String clusterId) {
    Details details =
        jdbc.query(CLUSTER_WITH_SHARES, (ResultSetExtractor<Details>) this::details, clusterId);
    if (details == null) {
      throw new ClusterNotFoundException(clusterId);
    }
    return details;
  }

  private Details details(ResultSet r) throws java.sql.SQLException {
    if (!r.next()) {
      return null;
    }
    int more = ClusterRows.COLUMN_COUNT;
    ClusterEntity cluster = rows.map(r);
    String historyServerId = r.getString(more + 4);
    HistoryServer historyServer =
        historyServerId != null && HistoryServerStatus.valueOf(r.getString(more + 5)).running()
            ? new HistoryServer(historyServerId, r.getString(more + 6), r.getString(more + 7))
            : null;
    List<ClusterPermission> shares = new ArrayList<>();
    do {
      String kind = r.getString(more + 1);
      if (kind != null) {
        shares.add(
            new ClusterPermission(
                PrincipalKind.valueOf(kind),
                r.getString(more + 2),
                AccessLevel.valueOf(r.getString(more + 3))));
      }
    } while (r.next());
    if (shares.size() > 1) {
      shares.sort(SHARE_ORDER);
    }
    return new Details(
        new ClusterView(cluster, cluster.getSpec()),
        new ClusterAccess(cluster.getOwner(), shares),
        historyServer);
  }

  /** As {@code utf8mb4_bin} compares: by code point (UTF-16 order differs above U+FFFF). */
  private static int byCodePoint(String a, String b) {
    return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
  }

  private static ClusterMetadata statusRow(ResultSet r) throws java.sql.SQLException {
    if (!r.next()) {
      return null;
    }
    Calendar utc = ClusterRows.utc();
    ClusterStatus status = ClusterStatus.fromWire(r.getString(3));
    String clusterId = r.getString(1);
    return new ClusterMetadata(
        clusterId,
        ClusterEntity.artifactId(clusterId, r.getInt(2)),
        status,
        r.getInt(4),
        r.getInt(5),
        r.getString(6),
        r.getString(7),
        ClusterRows.instant(r, 8, utc),
        ClusterRows.instant(r, 9, utc),
        status.uiStatus(),
        r.getString(10),
        r.getString(11),
        r.getString(12),
        r.getString(13),
        ClusterRows.instant(r, 14, utc),
        ClusterRows.instant(r, 15, utc));
  }
}
