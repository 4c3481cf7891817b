package com.darwin.compute.core.store;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.Instant;
import java.util.List;
import java.util.StringJoiner;
import org.hibernate.query.NativeQuery;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Timeline rows of one change written as one multi-row {@code INSERT} per table (issue 21: a create
 * sent each of its actions and events in a round trip of its own). Their ids are database-generated
 * (IDENTITY), which Hibernate cannot batch; a native statement through the transaction's {@link
 * EntityManager} can, with the parameters bound as the entities' own (the instants included). The
 * rows are not managed entities afterwards: for writers that do not read them back in the same
 * transaction. A repository, so that a statement's failure reaches callers as Spring's exception (a
 * duplicate key as {@code DataIntegrityViolationException}), not as Hibernate's.
 */
@Repository
public class TimelineRows {

  private static final String ACTION_COLUMNS =
      "cluster_id, run_id, action, message, actor, created_at, caller_address";
  private static final String EVENT_COLUMNS =
      "cluster_id, cluster_name, run_id, event_type, severity, source, message, actor,"
          + " object_kind, object_name, external_key, created_at, caller_address, forwarded,"
          + " forward_attempts, next_forward_at";

  private final EntityManager entities;

  public TimelineRows(EntityManager entities) {
    this.entities = entities;
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public void insertActions(List<ClusterActionEntity> rows) {
    if (rows.isEmpty()) {
      return;
    }
    Query insert = insert("cluster_actions", ACTION_COLUMNS, 7, rows.size());
    int p = 1;
    for (ClusterActionEntity a : rows) {
      insert.setParameter(p++, a.getClusterId());
      insert.setParameter(p++, a.getRunId());
      insert.setParameter(p++, a.getAction());
      insert.setParameter(p++, a.getMessage());
      insert.setParameter(p++, a.getActor());
      insert.setParameter(p++, a.getCreatedAt());
      insert.setParameter(p++, a.getCallerAddress());
    }
    insert.executeUpdate();
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public void insertEvents(List<ClusterEventEntity> rows) {
    insertEvents(rows, "");
  }

  /**
   * Events with an external key (Kubernetes events), each stored once: a row whose key is stored
   * already (another replica watching the same events stored it after this one read the keys) is
   * skipped by the unique key, and the others are stored, in the same one statement. Its only other
   * unique key is the id, which the insert leaves to the database: a duplicate of any unique key
   * added to the table later would be skipped too.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void insertEventsOnce(List<ClusterEventEntity> rows) {
    // A no-op update of the key itself: unlike INSERT IGNORE, it turns no other error (a value
    // too long, a NULL) into a warning.
    insertEvents(rows, " ON DUPLICATE KEY UPDATE external_key = external_key");
  }

  private void insertEvents(List<ClusterEventEntity> rows, String onDuplicate) {
    if (rows.isEmpty()) {
      return;
    }
    Query insert = insert("cluster_events", EVENT_COLUMNS, 16, rows.size(), onDuplicate);
    int p = 1;
    for (ClusterEventEntity e : rows) {
      insert.setParameter(p++, e.getClusterId());
      insert.setParameter(p++, e.getClusterName());
      insert.setParameter(p++, e.getRunId());
      insert.setParameter(p++, e.getEventType());
      // Stored by name (EnumType.STRING), as the entity maps them.
      insert.setParameter(p++, e.getSeverity().name());
      insert.setParameter(p++, e.getSource().name());
      insert.setParameter(p++, e.getMessage());
      insert.setParameter(p++, e.getActor());
      insert.setParameter(p++, e.getObjectKind());
      insert.setParameter(p++, e.getObjectName());
      insert.setParameter(p++, e.externalKey());
      insert.setParameter(p++, e.getCreatedAt());
      insert.setParameter(p++, e.getCallerAddress());
      insert.setParameter(p++, e.isForwarded());
      insert.setParameter(p++, e.getForwardAttempts());
      insert.setParameter(p++, e.nextForwardAt());
    }
    insert.executeUpdate();
  }

  /**
   * The search outbox's row of a change, written beside its timeline rows without making it a
   * managed entity (its id is never read back in the writing transaction): no persist, no entry in
   * the persistence context for the commit's flush to check. Synchronised on its own table only, so
   * the statement neither flushes other pending changes first nor clears caches of other entities.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void insertOutbox(String clusterId, Instant at) {
    insertOutbox(List.of(clusterId), at);
  }

  /**
   * The outbox rows of several clusters changed in one transaction (a sweep's stops), as one
   * multi-row insert synchronised on its own table, like {@link #insertOutbox(String, Instant)}.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void insertOutbox(List<String> clusterIds, Instant at) {
    insertOutbox(clusterIds, at, at, null, false);
  }

  /**
   * Outbox rows for one index only (its backfill, the audit's findings), due at {@code due}: until
   * then only replicas that search that index take them ({@link
   * OutboxRepository#findByIndexNameAndNextAttemptAtGreaterThanAndNextAttemptAtLessThanEqualOrderByNextAttemptAtAscIdAsc}).
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void insertOutboxFor(String indexName, List<String> clusterIds, Instant at, Instant due) {
    insertOutbox(clusterIds, at, due, indexName, false);
  }

  /**
   * Rows for {@code indexName} alone of changes another version's indexer wrote into its own index
   * (marked: a replica waiting for a new index to fill does not wait for them).
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void insertForwardedOutboxFor(
      String indexName, List<String> clusterIds, Instant at, Instant due) {
    insertOutbox(clusterIds, at, due, indexName, true);
  }

  private void insertOutbox(
      List<String> clusterIds, Instant at, Instant due, String indexName, boolean forwarded) {
    if (clusterIds.isEmpty()) {
      return;
    }
    StringJoiner values = new StringJoiner(", ");
    for (int i = 0; i < clusterIds.size(); i++) {
      values.add("(?, ?, 0, ?, ?, ?)");
    }
    NativeQuery<?> insert =
        entities
            .createNativeQuery(
                "INSERT INTO search_outbox"
                    + " (cluster_id, created_at, attempts, next_attempt_at, index_name, forwarded)"
                    + " VALUES "
                    + values)
            .unwrap(NativeQuery.class)
            .addSynchronizedQuerySpace("search_outbox");
    int p = 1;
    for (String clusterId : clusterIds) {
      insert.setParameter(p++, clusterId);
      insert.setParameter(p++, at);
      insert.setParameter(p++, due);
      insert.setParameter(p++, indexName);
      insert.setParameter(p++, forwarded);
    }
    insert.executeUpdate();
  }

  /**
   * {@code INSERT INTO table (columns) VALUES (?, ...), ...}: placeholders only, never values.
   * Synchronised on its own table, as the outbox's insert: without it Hibernate flushes every
   * pending change before each insert and, after it, schedules the clean-up of every entity's
   * caches (nothing reads these tables through the persistence context in the writing transaction).
   */
  private Query insert(String table, String columns, int width, int rows) {
    return insert(table, columns, width, rows, "");
  }

  private Query insert(String table, String columns, int width, int rows, String suffix) {
    StringJoiner tuple = new StringJoiner(", ", "(", ")");
    for (int i = 0; i < width; i++) {
      tuple.add("?");
    }
    StringJoiner values = new StringJoiner(", ");
    for (int i = 0; i < rows; i++) {
      values.add(tuple.toString());
    }
    return entities
        .createNativeQuery("INSERT INTO " + table + " (" + columns + ") VALUES " + values + suffix)
        .unwrap(NativeQuery.class)
        .addSynchronizedQuerySpace(table);
  }
}
