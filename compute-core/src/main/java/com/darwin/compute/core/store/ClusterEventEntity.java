package com.darwin.compute.core.store;

import com.darwin.compute.model.event.EventSeverity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One typed event of a cluster, from the control plane or from Kubernetes. */
@Entity
@Table(name = "cluster_events")
public class ClusterEventEntity {

  public enum Source {
    CONTROL_PLANE,
    KUBERNETES
  }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "cluster_id", nullable = false, length = 32)
  private String clusterId;

  @Column(name = "cluster_name")
  private String clusterName;

  @Column(name = "run_id", length = 64)
  private String runId;

  @Column(name = "event_type", nullable = false, length = 64)
  private String eventType;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, columnDefinition = "enum('INFO','WARNING','ERROR')")
  private EventSeverity severity;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, columnDefinition = "enum('CONTROL_PLANE','KUBERNETES')")
  private Source source;

  @Column(nullable = false, columnDefinition = "text")
  private String message;

  @Column private String actor;

  @Column(name = "object_kind", length = 64)
  private String objectKind;

  @Column(name = "object_name", length = 253)
  private String objectName;

  @Column(name = "external_key", length = 160)
  private String externalKey;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  /** Where the change was requested from; null for the service's own jobs. */
  @Column(name = "caller_address", length = 64)
  private String callerAddress;

  @Column(nullable = false)
  private boolean forwarded;

  @Column(name = "forward_attempts", nullable = false)
  private int forwardAttempts;

  @Column(name = "next_forward_at", nullable = false)
  private Instant nextForwardAt;

  protected ClusterEventEntity() {}

  public ClusterEventEntity(
      String clusterId,
      String runId,
      String eventType,
      EventSeverity severity,
      Source source,
      String message,
      String actor,
      String objectKind,
      String objectName,
      String externalKey,
      Instant createdAt) {
    this.clusterId = clusterId;
    this.runId = runId;
    this.eventType = eventType;
    this.severity = severity;
    this.source = source;
    this.message = message;
    this.actor = actor;
    this.objectKind = objectKind;
    this.objectName = objectName;
    this.externalKey = externalKey;
    this.createdAt = createdAt;
    this.nextForwardAt = createdAt;
  }

  public Long getId() {
    return id;
  }

  public String getClusterId() {
    return clusterId;
  }

  /** The cluster's name when the event happened (null for events recorded before it was kept). */
  public String getClusterName() {
    return clusterName;
  }

  public ClusterEventEntity withClusterName(String name) {
    this.clusterName = name;
    return this;
  }

  /**
   * Stored as done for the forwarder: an event of a type Chronos is never sent, which it would
   * otherwise read and mark in its batches, in order, ahead of the events it does send.
   */
  public ClusterEventEntity neverForwarded() {
    this.forwarded = true;
    return this;
  }

  public String getRunId() {
    return runId;
  }

  public String getEventType() {
    return eventType;
  }

  public EventSeverity getSeverity() {
    return severity;
  }

  public Source getSource() {
    return source;
  }

  public String getMessage() {
    return message;
  }

  public String getActor() {
    return actor;
  }

  public String getObjectKind() {
    return objectKind;
  }

  public String getObjectName() {
    return objectName;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public boolean isForwarded() {
    return forwarded;
  }

  public int getForwardAttempts() {
    return forwardAttempts;
  }

  /** Package-private: written by {@link TimelineRows}; nothing reads it as a field. */
  String externalKey() {
    return externalKey;
  }

  Instant nextForwardAt() {
    return nextForwardAt;
  }

  public String getCallerAddress() {
    return callerAddress;
  }

  public ClusterEventEntity withCallerAddress(String address) {
    this.callerAddress =
        address == null || address.length() <= 64 ? address : address.substring(0, 64);
    return this;
  }
}
