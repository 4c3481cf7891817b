package com.darwin.compute.core.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code alerts_sent} table: when each (cluster, reason) was last alerted. Plain JDBC: it is a
 * two-column log read and written in batches.
 */
@Repository
public class AlertSentRepository {

  private final JdbcTemplate jdbc;

  public AlertSentRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public record Sent(String clusterId, String reason, Instant sentAt) {}

  /** Alerts sent after {@code since} for any of the clusters, a query per thousand clusters. */
  public List<Sent> sentSince(Collection<String> clusterIds, Instant since) {
    List<Sent> found = new ArrayList<>();
    for (List<String> batch : IdBatches.of(clusterIds)) {
      String marks = String.join(",", Collections.nCopies(batch.size(), "?"));
      Object[] args = new Object[batch.size() + 1];
      int i = 0;
      for (String id : batch) {
        args[i++] = id;
      }
      args[i] = Timestamp.from(since);
      found.addAll(
          jdbc.query(
              "SELECT cluster_id, reason, sent_at FROM alerts_sent WHERE cluster_id IN ("
                  + marks
                  + ") AND sent_at > ?",
              (rs, n) -> new Sent(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()),
              args));
    }
    return found;
  }

  /** Records the alerts as sent now, in one batch. */
  public void recordSent(List<Sent> sent) {
    if (sent.isEmpty()) {
      return;
    }
    jdbc.batchUpdate(
        "INSERT INTO alerts_sent (cluster_id, reason, sent_at) VALUES (?, ?, ?)"
            + " ON DUPLICATE KEY UPDATE sent_at = VALUES(sent_at)",
        sent,
        sent.size(),
        (ps, s) -> {
          ps.setString(1, s.clusterId());
          ps.setString(2, s.reason());
          ps.setTimestamp(3, Timestamp.from(s.sentAt()));
        });
  }
}
