package com.darwin.compute.core.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Many clusters stopped in one transaction (a sweep's idle ones, the timed-out ones), read and
 * written with plain JDBC: one read of them all and their updates as one JDBC batch. Hibernate
 * sends the update of each entity as a statement of its own here, since {@link ClusterEntity} is
 * {@code @DynamicUpdate} (which keeps a stop from writing back columns it did not change, such as
 * the {@code last_used_at} a sweep touches by query). The clusters read are detached: the caller
 * changes them with {@link ClusterEntity#markStopped} and hands them to {@link #writeStopped},
 * which writes every column a stop sets (not {@code last_used_at}: only coming up changes it),
 * guarded by the version read and by {@code last_used_at} as read (a keep-alive moves it without a
 * new version).
 */
@Component
public class StoppedClusterRows {

  private static final String UPDATE =
      "UPDATE clusters SET desired_state = ?, status = ?, status_message = ?,"
          + " status_changed_at = ?, not_active_since = ?, active_pods = ?, available_memory = ?,"
          + " probe_failing_since = ?, updated_at = ?, version = version + 1"
          + " WHERE cluster_id = ? AND version = ? AND last_used_at <=> ?";

  private final JdbcTemplate jdbc;
  private final ClusterRows rows = new ClusterRows();

  public StoppedClusterRows(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The clusters of these ids that exist, detached, one query per thousand ids. */
  @Transactional(propagation = Propagation.MANDATORY)
  public List<ClusterEntity> read(Collection<String> clusterIds) {
    List<ClusterEntity> found = new ArrayList<>();
    for (List<String> batch : IdBatches.of(clusterIds)) {
      String marks = String.join(",", Collections.nCopies(batch.size(), "?"));
      found.addAll(
          jdbc.query(
              "SELECT "
                  + ClusterRows.COLUMNS
                  + " FROM clusters c WHERE c.cluster_id IN ("
                  + marks
                  + ")",
              (row, n) -> rows.map(row),
              batch.toArray()));
    }
    return found;
  }

  /**
   * Writes the clusters as {@link ClusterEntity#markStopped} left them, as one JDBC batch. If any
   * row changed since it was read (its version or its last use moved on) or is gone, throws {@link
   * OptimisticLockingFailureException}, and the transaction must roll back.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void writeStopped(List<ClusterEntity> stopped) {
    if (stopped.isEmpty()) {
      return;
    }
    Calendar utc = ClusterRows.utc();
    int[] counts =
        jdbc.batchUpdate(
            UPDATE,
            new BatchPreparedStatementSetter() {
              @Override
              public void setValues(PreparedStatement ps, int i) throws SQLException {
                ClusterEntity c = stopped.get(i);
                ps.setString(1, c.getDesiredState().name());
                ps.setString(2, c.getStatus().wireName());
                ps.setString(3, c.getStatusMessage());
                instant(ps, 4, c.getStatusChangedAt(), utc);
                instant(ps, 5, c.getNotActiveSince(), utc);
                ps.setInt(6, c.getActivePods());
                ps.setInt(7, c.getAvailableMemory());
                instant(ps, 8, c.getProbeFailingSince(), utc);
                instant(ps, 9, c.getUpdatedAt(), utc);
                ps.setString(10, c.getClusterId());
                ps.setLong(11, c.getVersion());
                instant(ps, 12, c.getLastUsedAt(), utc);
              }

              @Override
              public int getBatchSize() {
                return stopped.size();
              }
            });
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] != 1 && counts[i] != Statement.SUCCESS_NO_INFO) {
        throw new OptimisticLockingFailureException(
            "Cluster " + stopped.get(i).getClusterId() + " changed while it was being stopped");
      }
    }
  }

  /** As {@link ClusterRows#instant} reads it back: the instant's value in UTC. */
  private static void instant(PreparedStatement ps, int index, Instant value, Calendar utc)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.TIMESTAMP);
    } else {
      ps.setTimestamp(index, Timestamp.from(value), utc);
    }
  }
}
