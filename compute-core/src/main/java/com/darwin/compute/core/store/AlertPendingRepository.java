package com.darwin.compute.core.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code alerts_pending} table: alerts raised once that Slack did not take, one per cluster and
 * reason. Plain JDBC, in batches, as {@link AlertSentRepository}.
 */
@Repository
public class AlertPendingRepository {

  private final JdbcTemplate jdbc;

  public AlertPendingRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** An alert to send again; {@code id} is null before it is stored. */
  public record Pending(
      Long id, String clusterId, String reason, String text, Instant raisedAt, int attempts) {}

  /**
   * Keeps the alerts, in one batch; one already kept (the same cluster and reason) is left. (IGNORE
   * would also cut a value too long for its column: reasons are well under 64 characters, and the
   * one unbounded text, a job's error, is cut at 2,000 before it gets here.)
   */
  public void keep(List<Pending> alerts) {
    if (alerts.isEmpty()) {
      return;
    }
    jdbc.batchUpdate(
        "INSERT IGNORE INTO alerts_pending (cluster_id, reason, text, raised_at, attempts)"
            + " VALUES (?, ?, ?, ?, ?)",
        alerts,
        alerts.size(),
        (ps, a) -> {
          ps.setString(1, a.clusterId());
          ps.setString(2, a.reason());
          ps.setString(3, a.text());
          ps.setTimestamp(4, Timestamp.from(a.raisedAt()));
          ps.setInt(5, a.attempts());
        });
  }

  /**
   * The next {@code limit} alerts to send: the fewest attempts first, then the oldest, so that one
   * Slack keeps refusing for itself (too long, say) goes behind the others instead of holding them.
   */
  public List<Pending> next(int limit) {
    return jdbc.query(
        "SELECT id, cluster_id, reason, text, raised_at, attempts FROM alerts_pending"
            + " ORDER BY attempts, raised_at, id LIMIT ?",
        (rs, n) ->
            new Pending(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getTimestamp(5).toInstant(),
                rs.getInt(6)),
        limit);
  }

  /** Removes alerts sent, or found sent by another path. */
  public void remove(Collection<Long> ids) {
    update("DELETE FROM alerts_pending WHERE id IN (%s)", ids);
  }

  /** Counts one more attempt Slack did not take. */
  public void attempted(Collection<Long> ids) {
    update("UPDATE alerts_pending SET attempts = attempts + 1 WHERE id IN (%s)", ids);
  }

  /** Removes the alerts raised before {@code before}; how many. */
  public int removeRaisedBefore(Instant before) {
    return jdbc.update("DELETE FROM alerts_pending WHERE raised_at < ?", Timestamp.from(before));
  }

  private void update(String sql, Collection<Long> ids) {
    for (List<Long> batch : IdBatches.of(ids)) {
      jdbc.update(
          sql.formatted(String.join(",", Collections.nCopies(batch.size(), "?"))), batch.toArray());
    }
  }
}
