package com.darwin.compute.core.store;

import com.darwin.compute.model.cluster.ClusterStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Calendar;
import java.util.TimeZone;

/**
 * A {@code clusters} row read with plain JDBC into a detached {@link ClusterEntity}: the read
 * routes' way around Hibernate's session, persistence context and entity hydration, which were most
 * of a read's own CPU once the statement was one. The columns are {@link #COLUMNS} under the alias
 * {@code c}; instants are read as UTC, as Hibernate stores them; the spec through {@link
 * ClusterSpecConverter}, so a spec already parsed for this JSON (by a read or a reconcile pass) is
 * not parsed again. ReadPathIT compares every field with Hibernate's load of the same row, so a
 * column added to the entity and forgotten here fails it.
 */
public final class ClusterRows {

  /** Every mapped column of {@code clusters}, qualified by the alias {@code c}. */
  public static final String COLUMNS =
      "c.cluster_id, c.name, c.owner, c.runtime, c.cloud_env, c.namespace, c.spec,"
          + " c.spec_version, c.desired_state, c.status, c.status_message, c.active_run_id,"
          + " c.restart_generation, c.active_pods, c.available_memory, c.is_job_cluster,"
          + " c.inactive_time, c.created_at, c.updated_at, c.status_changed_at, c.last_used_at,"
          + " c.last_started_at, c.not_active_since, c.estimated_min_cost, c.estimated_max_cost,"
          + " c.probe_failing_since, c.version";

  /** How many columns {@link #COLUMNS} reads: a query's further columns start after it. */
  public static final int COLUMN_COUNT = 27;

  private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

  private final ClusterSpecConverter specs = new ClusterSpecConverter();

  /** The cluster of the current row, read from {@link #COLUMNS} at its start. */
  public ClusterEntity map(ResultSet row) throws SQLException {
    ClusterEntity c = new ClusterEntity();
    c.clusterId = row.getString(1);
    c.name = row.getString(2);
    c.owner = row.getString(3);
    c.runtime = row.getString(4);
    c.cloudEnv = row.getString(5);
    c.namespace = row.getString(6);
    String spec = row.getString(7);
    c.spec = specs.convertToEntityAttribute(spec);
    c.specVersion = row.getInt(8);
    c.desiredState = DesiredState.valueOf(row.getString(9));
    c.status = ClusterStatus.fromWire(row.getString(10));
    c.statusMessage = row.getString(11);
    c.activeRunId = row.getString(12);
    c.restartGeneration = row.getInt(13);
    c.activePods = row.getInt(14);
    c.availableMemory = row.getInt(15);
    c.jobCluster = row.getBoolean(16);
    c.inactiveTime = row.getInt(17);
    Calendar utc = Calendar.getInstance(UTC);
    c.createdAt = instant(row, 18, utc);
    c.updatedAt = instant(row, 19, utc);
    c.statusChangedAt = instant(row, 20, utc);
    c.lastUsedAt = instant(row, 21, utc);
    c.lastStartedAt = instant(row, 22, utc);
    c.notActiveSince = instant(row, 23, utc);
    c.estimatedMinCost = nullableDouble(row, 24);
    c.estimatedMaxCost = nullableDouble(row, 25);
    c.probeFailingSince = instant(row, 26, utc);
    c.version = nullableLong(row, 27);
    return c;
  }

  /** A {@code TIMESTAMP} column as Hibernate reads an {@link Instant}: its value in UTC. */
  public static Instant instant(ResultSet row, int column, Calendar utc) throws SQLException {
    Timestamp value = row.getTimestamp(column, utc);
    return value == null ? null : value.toInstant();
  }

  /** A new calendar in UTC for {@link #instant} (calendars are not thread-safe). */
  public static Calendar utc() {
    return Calendar.getInstance(UTC);
  }

  private static Double nullableDouble(ResultSet row, int column) throws SQLException {
    double value = row.getDouble(column);
    return row.wasNull() ? null : value;
  }

  private static Long nullableLong(ResultSet row, int column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? null : value;
  }
}
