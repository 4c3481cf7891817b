package com.darwin.compute.core.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** "Cluster X changed, re-index it": written in the same transaction as the change. */
@Entity
@Table(name = "search_outbox")
public class OutboxEntry {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "cluster_id", nullable = false, length = 32)
  private String clusterId;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(nullable = false)
  private int attempts;

  @Column(name = "next_attempt_at", nullable = false)
  private Instant nextAttemptAt;

  @Column(name = "last_error", length = 1024)
  private String lastError;

  /** The one index this row is for, or null for every index (a change's row). */
  @Column(name = "index_name")
  private String indexName;

  /** A change another version's indexer wrote into its index, queued again for this one. */
  @Column(nullable = false)
  private boolean forwarded;

  protected OutboxEntry() {}

  public OutboxEntry(String clusterId, Instant now) {
    this.clusterId = clusterId;
    this.createdAt = now;
    this.nextAttemptAt = now;
  }

  public Long getId() {
    return id;
  }

  public String getClusterId() {
    return clusterId;
  }

  public int getAttempts() {
    return attempts;
  }

  public Instant getNextAttemptAt() {
    return nextAttemptAt;
  }

  public String getLastError() {
    return lastError;
  }

  public String getIndexName() {
    return indexName;
  }

  public boolean isForwarded() {
    return forwarded;
  }
}
