package com.darwin.compute.core.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of a cluster's actions timeline. Rows are never updated. */
@Entity
@Table(name = "cluster_actions")
public class ClusterActionEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "cluster_id", nullable = false, length = 32)
  private String clusterId;

  @Column(name = "run_id", length = 64)
  private String runId;

  @Column(nullable = false, length = 64)
  private String action;

  @Column(nullable = false, columnDefinition = "text")
  private String message;

  @Column(nullable = false)
  private String actor;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  /** Where the change was requested from; null for the service's own jobs. */
  @Column(name = "caller_address", length = 64)
  private String callerAddress;

  protected ClusterActionEntity() {}

  public ClusterActionEntity(
      String clusterId, String runId, String action, String message, String actor, Instant at) {
    this.clusterId = clusterId;
    this.runId = runId;
    this.action = action;
    this.message = message;
    this.actor = actor;
    this.createdAt = at;
  }

  public Long getId() {
    return id;
  }

  public String getClusterId() {
    return clusterId;
  }

  public String getRunId() {
    return runId;
  }

  public String getAction() {
    return action;
  }

  public String getMessage() {
    return message;
  }

  public String getActor() {
    return actor;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public String getCallerAddress() {
    return callerAddress;
  }

  public ClusterActionEntity withCallerAddress(String address) {
    this.callerAddress =
        address == null || address.length() <= 64 ? address : address.substring(0, 64);
    return this;
  }
}
